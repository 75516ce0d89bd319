/* A period's compounds assessed and added to a pmindex_district, the one
 * way both sources (sheets and a ledger's observations) make their
 * period: ranks, the statistics of the district, its streets, stations
 * and companies (the households-weighted means of companies), the
 * company lists and the unmanaged compounds all come from the library,
 * exactly as pmindex-rank shows them. The compounds shown in detail are
 * kept (copied) for their detail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

struct assessed {
    const pmindex_model *model;
    const struct report_options *o;
    struct cli_errors *errors;
    pmindex_district *district;
    pmindex_assessment *assessment;
    pmindex_compound **kept; /* by number; NULL when not shown in detail */
    char **reasons;          /* by number, for carded compounds */
    int8_t *managed;
    int32_t n, cap;
};

static void out_of_memory(struct assessed *s)
{
    if (s->errors->count++ < CLI_MAX_ERRORS)
        fprintf(stderr, "%s: out of memory\n", s->errors->program);
}

struct assessed *assessed_new(const pmindex_model *m, const struct report_options *o,
                              struct cli_errors *errors)
{
    struct assessed *s = calloc(1, sizeof *s);
    if (!s || pmindex_district_new(m, &s->district) != 0 ||
        pmindex_assessment_new(m, &s->assessment) != 0) {
        fprintf(stderr, "%s: out of memory\n", errors->program);
        errors->count++;
        assessed_free(s);
        return NULL;
    }
    s->model = m;
    s->o = o;
    s->errors = errors;
    return s;
}

void assessed_free(struct assessed *s)
{
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
}

static bool grow(struct assessed *s)
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

int assessed_add(struct assessed *s, const pmindex_compound *c)
{
    if (!grow(s)) {
        out_of_memory(s);
        return -1;
    }
    pmindex_assess(s->model, c, s->assessment);
    if (pmindex_district_add(s->district, c, s->assessment) != 0) {
        cli_report(s->errors, pmindex_district_error(s->district));
        return -1;
    }
    int32_t n = s->n++, card = pmindex_assessment_card(s->assessment);
    s->kept[n] = NULL;
    s->reasons[n] = NULL;
    s->managed[n] = (int8_t)pmindex_compound_managed(c);
    if (card != PMINDEX_CARD_NONE &&
        !(s->reasons[n] = assessment_words(s->assessment, s->o->cli.lang))) {
        out_of_memory(s);
        return -1;
    }
    if (period_wanted(s->o, pmindex_compound_field(c, PMINDEX_FIELD_ID), card)) {
        if (pmindex_compound_new(s->model, &s->kept[n]) != 0 ||
            pmindex_compound_copy(s->kept[n], c) != 0) {
            out_of_memory(s);
            return -1;
        }
    }
    return 0;
}

const pmindex_assessment *assessed_last(const struct assessed *s)
{
    return s->assessment;
}

/* ---- the period ------------------------------------------------------------- */

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

static int fill(struct assessed *s, struct period *p)
{
    const pmindex_district *d = s->district;
    const pmindex_model *m = s->model;
    int32_t n = s->n;
    p->ncompounds = n;
    p->c = calloc((size_t)n + 1, sizeof *p->c);
    p->order = calloc((size_t)n + 1, sizeof *p->order);
    if (!p->c || !p->order)
        return -1;
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
        c->revision = 0;
        c->review = -1;
        p->order[k] = (int32_t)pmindex_district_listed(d, k);
    }
    p->ranked = (int32_t)pmindex_district_ranked_count(d);
    period_count(p, &p->now);
    struct glance *g = &p->now;
    g->households = pmindex_district_group_households(d, PMINDEX_SCOPE_DISTRICT, 0);
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

int assessed_fill(struct assessed *s, struct period *p)
{
    if (pmindex_district_compute(s->district) != 0) {
        cli_report(s->errors, pmindex_district_error(s->district));
        return -1;
    }
    if (fill(s, p) != 0) {
        out_of_memory(s);
        return -1;
    }
    return 0;
}

/* ---- the detail of a kept compound ------------------------------------------- */

/* The ladder from no history: the level one assessment reaches alone. */
static void ladder_alone(const pmindex_model *m, const pmindex_compound *c,
                         const pmindex_assessment *a, struct detail *d)
{
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
}

int assessed_detail(struct assessed *s, const struct period *p, int32_t n, struct detail *d)
{
    const pmindex_model *m = s->model;
    const pmindex_compound *c = s->kept[n];
    pmindex_assessment *a = s->assessment;
    if (!c)
        return -1;
    pmindex_assess(m, c, a);
    d->compound = n;
    d->from_ledger = false;
    d->observed = true;
    for (int32_t k = 0; k < pmindex_model_indicator_count(m); k++) {
        d->ind_has[k] = pmindex_assessment_indicator(a, k, &d->ind_points[k], NULL, NULL,
                                                     &d->ind_share[k]) == 1;
    }
    for (int32_t i = 0; i < pmindex_model_item_count(m); i++) {
        d->item_has[i] = pmindex_assessment_item(a, i, &d->item_points[i], &d->item_lost[i]) == 1;
        pmindex_compound_observation(c, i, s->o->cli.lang, d->item_obs[i], sizeof d->item_obs[i]);
    }
    d->nlosses = pmindex_assessment_losses(a, d->losses, (size_t)pmindex_model_item_count(m));
    d->nreasons = 0;
    d->nvetoes = 0;
    for (int32_t r = 0; r < pmindex_assessment_reason_count(a); r++) {
        int32_t arg, reason = pmindex_assessment_reason(a, r, &arg);
        /* The red card's rule only with the card the page shows: a ledger
         * withholds it under a sanction in force. */
        if (reason == PMINDEX_REASON_RED && p->c[n].card != PMINDEX_CARD_RED)
            continue;
        if (reason == PMINDEX_REASON_VETO)
            d->vetoes[d->nvetoes++] = arg;
        int32_t at = d->nreasons++;
        pmindex_assessment_reason_key(a, r, d->reason_key[at], sizeof d->reason_key[at]);
        pmindex_assessment_reason_label(a, r, s->o->cli.lang, d->reason_words[at],
                                        sizeof d->reason_words[at]);
        pmindex_assessment_reason_text(a, r, s->o->cli.lang, d->reason_text[at],
                                       sizeof d->reason_text[at]);
    }
    ladder_alone(m, c, a, d);
    return 0;
}
