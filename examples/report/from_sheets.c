/* A period read from score sheets: each compound assessed and added to a
 * pmindex_district, which ranks and summarises them exactly as
 * pmindex-rank does. The compounds shown in detail are kept (copied). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/sheets.h"
#include "report.h"

struct sheets_source {
    pmindex_district *district;
    pmindex_assessment *assessment;
    pmindex_compound **kept; /* by number; NULL when not shown in detail */
    int32_t nkept;
    char **reasons;          /* by number, for carded compounds */
    int8_t *managed;
    int32_t n, cap;
    int32_t lang;
    const struct report_options *o;
    struct period *p;
    struct cli_errors *errors;
    int64_t other_periods;   /* rows whose period differs from the first */
    char other[64];
};

static void out_of_memory(struct sheets_source *s)
{
    if (s->errors->count++ < CLI_MAX_ERRORS)
        fprintf(stderr, "%s: out of memory\n", s->errors->program);
}

static bool grow(struct sheets_source *s)
{
    if (s->n < s->cap)
        return true;
    int32_t cap = s->cap ? s->cap * 2 : 1024;
    pmindex_compound **kept = realloc(s->kept, (size_t)cap * sizeof *kept);
    if (kept)
        s->kept = kept;
    char **reasons = realloc(s->reasons, (size_t)cap * sizeof *reasons);
    if (reasons)
        s->reasons = reasons;
    int8_t *managed = realloc(s->managed, (size_t)cap);
    if (managed)
        s->managed = managed;
    if (!kept || !reasons || !managed)
        return false;
    s->cap = cap;
    return true;
}

/* The reasons of a carded compound in words, joined. */
static char *assessment_words(const pmindex_assessment *a, int32_t lang)
{
    struct words w;
    if (!words_init(&w, lang))
        return NULL;
    for (int32_t r = 0; r < pmindex_assessment_reason_count(a); r++) {
        char words[512];
        int64_t n = pmindex_assessment_reason_label(a, r, lang, words, sizeof words);
        if (n >= 0 && (size_t)n < sizeof words && !words_append(&w, words)) {
            free(w.text);
            return NULL;
        }
    }
    return w.text;
}

static void note_period(struct sheets_source *s, const char *period)
{
    if (!*period)
        return;
    if (!s->p->name[0])
        snprintf(s->p->name, sizeof s->p->name, "%s", period);
    else if (strcmp(s->p->name, period) != 0 && s->other_periods++ == 0)
        snprintf(s->other, sizeof s->other, "%s", period);
}

static int add(const pmindex_compound *c, void *ctx)
{
    struct sheets_source *s = ctx;
    if (!grow(s)) {
        out_of_memory(s);
        return -1;
    }
    pmindex_assess(s->p->model, c, s->assessment);
    if (pmindex_district_add(s->district, c, s->assessment) != 0) {
        cli_report(s->errors, pmindex_district_error(s->district));
        return -1;
    }
    int32_t n = s->n++, card = pmindex_assessment_card(s->assessment);
    s->kept[n] = NULL;
    s->reasons[n] = NULL;
    s->managed[n] = (int8_t)pmindex_compound_managed(c);
    note_period(s, pmindex_compound_field(c, PMINDEX_FIELD_PERIOD));
    if (card != PMINDEX_CARD_NONE && !(s->reasons[n] = assessment_words(s->assessment, s->lang))) {
        out_of_memory(s);
        return -1;
    }
    if (period_wanted(s->o, pmindex_compound_field(c, PMINDEX_FIELD_ID), card)) {
        if (pmindex_compound_new(s->p->model, &s->kept[n]) != 0 ||
            pmindex_compound_copy(s->kept[n], c) != 0) {
            out_of_memory(s);
            return -1;
        }
        s->nkept++;
    }
    return 0;
}

/* ---- the detail of a kept compound ------------------------------------------ */

static int sheets_detail(struct period *p, int32_t n, struct detail *d)
{
    struct sheets_source *s = p->source_data;
    const pmindex_model *m = p->model;
    const pmindex_compound *c = s->kept[n];
    pmindex_assessment *a = s->assessment;
    if (!c)
        return -1;
    pmindex_assess(m, c, a);
    d->compound = n;
    d->from_ledger = false;
    for (int32_t k = 0; k < pmindex_model_indicator_count(m); k++) {
        d->ind_has[k] = pmindex_assessment_indicator(a, k, &d->ind_points[k], NULL, NULL,
                                                     &d->ind_share[k]) == 1;
    }
    for (int32_t i = 0; i < pmindex_model_item_count(m); i++) {
        d->item_has[i] = pmindex_assessment_item(a, i, &d->item_points[i], &d->item_lost[i]) == 1;
        cli_observation(m, c, i, s->lang, d->item_obs[i], sizeof d->item_obs[i]);
    }
    d->nlosses = pmindex_assessment_losses(a, d->losses, (size_t)pmindex_model_item_count(m));
    d->nreasons = pmindex_assessment_reason_count(a);
    d->nvetoes = 0;
    for (int32_t r = 0; r < d->nreasons; r++) {
        int32_t arg;
        if (pmindex_assessment_reason(a, r, &arg) == PMINDEX_REASON_VETO)
            d->vetoes[d->nvetoes++] = arg;
        pmindex_assessment_reason_key(a, r, d->reason_key[r], sizeof d->reason_key[r]);
        pmindex_assessment_reason_label(a, r, s->lang, d->reason_words[r],
                                        sizeof d->reason_words[r]);
        pmindex_assessment_reason_text(a, r, s->lang, d->reason_text[r],
                                       sizeof d->reason_text[r]);
    }
    /* The ladder from no history: the level this one assessment reaches. */
    pmindex_ladder_state none = {0, 0, PMINDEX_PERIOD_NONE, 0}, next;
    int32_t period = PMINDEX_PERIOD_NONE, card, measure = -1;
    const char *name = pmindex_compound_field(c, PMINDEX_FIELD_PERIOD);
    if (pmindex_period_parse(name, strlen(name), &period) != 0 ||
        pmindex_period_kind(period) != pmindex_model_period_kind(m)) {
        /* Any period of the model's kind will do: there is no history. */
        static const char *const any[] = {"", "2000H1", "2000Q1", "2000-01"};
        int32_t kind = pmindex_model_period_kind(m);
        pmindex_period_parse(any[kind], strlen(any[kind]), &period);
    }
    int32_t events = pmindex_ladder_events(m, c, a);
    if (events < 0 || pmindex_ladder_step(m, &none, period, events, &next, &card, &measure) != 0)
        next.level = 0, measure = -1;
    d->level = next.level;
    d->measure = measure;
    return 0;
}

/* ---- reading ---------------------------------------------------------------- */

static void fill_group(const pmindex_district *d, const pmindex_model *m, int32_t scope,
                       int32_t g, struct group *out)
{
    int32_t ntiers = pmindex_model_tier_count(m);
    out->name = pmindex_district_group_name(d, scope, g);
    out->compounds = pmindex_district_group_compounds(d, scope, g);
    out->households = pmindex_district_group_households(d, scope, g);
    for (int32_t t = 0; t <= ntiers; t++)
        out->tiers[t] = pmindex_district_group_tier_count(d, scope, g,
                                                          t < ntiers ? t : PMINDEX_TIER_FALLBACK);
    out->red = pmindex_district_group_card_count(d, scope, g, PMINDEX_CARD_RED);
    out->black = pmindex_district_group_card_count(d, scope, g, PMINDEX_CARD_BLACK);
    out->has_mean = pmindex_district_group_stat(d, scope, g, PMINDEX_STAT_MEAN, &out->mean) == 1;
    pmindex_district_group_stat(d, scope, g, PMINDEX_STAT_WEIGHTED_MEAN, &out->weighted);
    pmindex_district_group_stat(d, scope, g, PMINDEX_STAT_MIN, &out->min);
    pmindex_district_group_stat(d, scope, g, PMINDEX_STAT_MAX, &out->max);
    out->rank = pmindex_district_group_rank(d, scope, g);
    out->lists = scope == PMINDEX_SCOPE_COMPANY ? pmindex_district_group_lists(d, scope, g) : 0;
}

static int fill_period(struct period *p, struct sheets_source *s)
{
    const pmindex_district *d = s->district;
    const pmindex_model *m = p->model;
    int32_t n = s->n, ntiers = pmindex_model_tier_count(m);
    p->ncompounds = n;
    p->c = calloc((size_t)n + 1, sizeof *p->c);
    p->order = calloc((size_t)n + 1, sizeof *p->order);
    if (!p->c || !p->order)
        return -1;
    struct glance *g = &p->now;
    memset(g, 0, sizeof *g);
    g->compounds = n;
    for (int32_t k = 0; k < n; k++) {
        struct compound *c = &p->c[k];
        c->id = pmindex_district_compound_field(d, k, PMINDEX_FIELD_ID);
        c->name = pmindex_district_compound_field(d, k, PMINDEX_FIELD_NAME);
        c->street = pmindex_district_compound_field(d, k, PMINDEX_FIELD_STREET);
        c->station = pmindex_district_compound_field(d, k, PMINDEX_FIELD_STATION);
        c->company = pmindex_district_compound_field(d, k, PMINDEX_FIELD_COMPANY);
        c->households = pmindex_district_compound_households(d, k);
        if (pmindex_district_compound_index(d, k, &c->index) != 1)
            c->index = -1;
        c->tier = pmindex_district_compound_tier(d, k);
        c->card = pmindex_district_compound_card(d, k);
        c->managed = s->managed[k];
        c->reasons = s->reasons[k] ? s->reasons[k] : "";
        c->level_before = c->level = c->measure = -1;
        g->unmanaged += !c->managed;
        p->order[k] = (int32_t)pmindex_district_listed(d, k);
    }
    p->ranked = (int32_t)pmindex_district_ranked_count(d);
    g->households = pmindex_district_group_households(d, PMINDEX_SCOPE_DISTRICT, 0);
    for (int32_t t = 0; t <= ntiers; t++)
        g->tiers[t] = pmindex_district_group_tier_count(d, PMINDEX_SCOPE_DISTRICT, 0,
                                                        t < ntiers ? t : PMINDEX_TIER_FALLBACK);
    g->fallback = g->tiers[ntiers];
    g->red = pmindex_district_group_card_count(d, PMINDEX_SCOPE_DISTRICT, 0, PMINDEX_CARD_RED);
    g->black = pmindex_district_group_card_count(d, PMINDEX_SCOPE_DISTRICT, 0, PMINDEX_CARD_BLACK);
    g->has_mean = pmindex_district_group_stat(d, PMINDEX_SCOPE_DISTRICT, 0, PMINDEX_STAT_MEAN,
                                              &g->mean) == 1;
    pmindex_district_group_stat(d, PMINDEX_SCOPE_DISTRICT, 0, PMINDEX_STAT_MEDIAN, &g->median);
    for (int32_t scope = PMINDEX_SCOPE_STREET; scope <= PMINDEX_SCOPE_COMPANY; scope++) {
        int32_t count = pmindex_district_group_count(d, scope);
        p->ngroups[scope] = count;
        p->groups[scope] = calloc((size_t)count + 1, sizeof *p->groups[scope]);
        if (!p->groups[scope])
            return -1;
        for (int32_t k = 0; k < count; k++)
            fill_group(d, m, scope, k, &p->groups[scope][k]);
    }
    return 0;
}

static void sheets_free(struct period *p)
{
    struct sheets_source *s = p->source_data;
    if (!s)
        return;
    for (int32_t k = 0; k < s->n; k++) {
        pmindex_compound_free(s->kept[k]);
        free(s->reasons[k]);
    }
    free(s->kept);
    free(s->reasons);
    free(s->managed);
    pmindex_assessment_free(s->assessment);
    pmindex_district_free(s->district);
    free(s);
    p->source_data = NULL;
}

int period_from_sheets(struct period *p, const struct report_options *o,
                       struct cli_errors *errors)
{
    struct sheets_source *s = calloc(1, sizeof *s);
    if (!s || pmindex_district_new(p->model, &s->district) != 0 ||
        pmindex_assessment_new(p->model, &s->assessment) != 0) {
        fprintf(stderr, "%s: out of memory\n", p->program);
        if (s)
            pmindex_district_free(s->district);
        free(s);
        return EXIT_INPUT;
    }
    s->lang = o->lang;
    s->o = o;
    s->p = p;
    s->errors = errors;
    p->source_data = s;
    p->source_free = sheets_free;
    p->detail = sheets_detail;
    p->history = NULL;
    cli_read_sheets(p->model, (const char *const *)o->sheets, o->nsheets, o->encoding,
                    o->merge_flags, add, s, errors);
    if (errors->count == 0 && pmindex_district_compute(s->district) != 0)
        cli_report(errors, pmindex_district_error(s->district));
    if (errors->count == 0 && fill_period(p, s) != 0) {
        fprintf(stderr, "%s: out of memory\n", p->program);
        errors->count++;
    }
    if (s->other_periods > 0) { /* the page says so beside the period's name */
        size_t len = strlen(p->name);
        snprintf(p->name + len, sizeof p->name - len, " (+%lld: %s…)",
                 (long long)s->other_periods, s->other);
    }
    return errors->count == 0 ? 0 : EXIT_INPUT;
}
