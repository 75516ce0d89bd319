/* A period read from a ledger (pmindex-ledger's SQLite file), read-only,
 * through the public ledger API: the current revision of every row of the
 * period (a revoked period is refused), the previous period's rows for
 * comparison, each compound's history for its line chart.
 *
 * Since 1.2 a ledger keeps what was observed with every row. Each
 * compound of the period is rebuilt from its stored observations into a
 * compound of the period's own stored model, assessed and added to a
 * pmindex_district exactly as a sheet's row is (assessed.c): ranks,
 * households, the statistics, the companies' households-weighted means,
 * the honour and watch lists and the unmanaged compounds are the
 * library's, as on the page made from the period's sheets. What depends on
 * history comes from the ledger's row: the card, the ladder level and the
 * measure of the period, and whether a review revised the row. The
 * previous period's figures are made the same way, with its own model.
 *
 * A period stored by pmindex 1.1 kept points, not observations: its page
 * shows the rows' verdicts and each item's points, with no district (no
 * households, means or groups compared); the page says the period's sheet
 * has them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* What a compound shown in detail needs from a row stored by 1.1. */
struct points_row {
    char *reasons, *indicators, *items;
};

/* What the page takes from a row rather than from one assessment. */
struct row_facts {
    int32_t card, level_before, level, measure, revision;
    int64_t entry;
};

struct ledger_source {
    pmindex_ledger *ledger;
    int32_t period;
    char **strings; /* every string kept, freed at the end */
    size_t nstrings, cap;
    struct assessed *assessed; /* the page's period from observations */
    struct points_row *kept;   /* the page's period from points: by compound number */
    struct review *reviews;
    int32_t nreviews, reviews_cap;
};

/* Reading one period's rows into a struct period: the page's, or the
 * previous period's for its figures. */
struct reading {
    struct ledger_source *s;
    struct period *p;
    const struct report_options *o;
    struct cli_errors *errors;
    int32_t period;
    bool page; /* the page's period: compounds in detail, reviews */
    const char *db;
};

static const char *keep(struct ledger_source *s, const char *text)
{
    if (s->nstrings == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        char **bigger = realloc(s->strings, cap * sizeof *bigger);
        if (!bigger)
            return NULL;
        s->strings = bigger;
        s->cap = cap;
    }
    char *copy = strdup(text);
    if (copy)
        s->strings[s->nstrings++] = copy;
    return copy;
}

static void say_ledger_error(const char *program, const pmindex_ledger *l)
{
    fprintf(stderr, "%s: %s\n", program, pmindex_error_message(pmindex_ledger_error(l)));
}

static void ledger_failed(struct reading *rd)
{
    say_ledger_error(rd->errors->program, rd->s->ledger);
    rd->errors->count++;
}

static void out_of_memory(struct reading *rd)
{
    fprintf(stderr, "%s: out of memory\n", rd->errors->program);
    rd->errors->count++;
}

/* ---- reviews ------------------------------------------------------------------ */

/* The review that wrote a revised row: its number in s->reviews, read from
 * the audit log the first time; -1 out of memory or on a ledger error. */
static int32_t review_of(struct reading *rd, int64_t entry)
{
    struct ledger_source *s = rd->s;
    for (int32_t k = 0; k < s->nreviews; k++)
        if (s->reviews[k].entry == entry)
            return k;
    if (s->nreviews == s->reviews_cap) {
        int32_t cap = s->reviews_cap ? s->reviews_cap * 2 : 8;
        struct review *bigger = realloc(s->reviews, (size_t)cap * sizeof *bigger);
        if (!bigger) {
            out_of_memory(rd);
            return -1;
        }
        s->reviews = bigger;
        s->reviews_cap = cap;
    }
    struct review *v = &s->reviews[s->nreviews];
    memset(v, 0, sizeof *v);
    v->entry = entry;
    pmindex_ledger_log *g;
    if (pmindex_ledger_log_new(s->ledger, PMINDEX_PERIOD_NONE, entry, 0, &g) != 0) {
        ledger_failed(rd);
        return -1;
    }
    int rc = pmindex_ledger_log_next(g);
    if (rc < 0) {
        pmindex_ledger_log_free(g);
        ledger_failed(rd);
        return -1;
    }
    /* An entry the log does not have (it always has) leaves the texts empty. */
    v->at = keep(s, pmindex_ledger_log_text(g, PMINDEX_LOG_AT));
    v->actor = keep(s, pmindex_ledger_log_text(g, PMINDEX_LOG_ACTOR));
    v->reason = keep(s, pmindex_ledger_log_text(g, PMINDEX_LOG_REASON));
    snprintf(v->period, sizeof v->period, "%s",
             pmindex_ledger_log_text(g, PMINDEX_LOG_PERIOD_NAME));
    pmindex_ledger_log_free(g);
    if (!v->at || !v->actor || !v->reason) {
        out_of_memory(rd);
        return -1;
    }
    rd->p->reviews = s->reviews;
    rd->p->nreviews = ++s->nreviews;
    return s->nreviews - 1;
}

/* ---- a period from its observations ---------------------------------------------- */

static const char *card_name(int32_t card)
{
    return card == PMINDEX_CARD_RED ? "a red card" : card == PMINDEX_CARD_BLACK ? "a black card"
                                                                                : "no card";
}

/* Whether the stored observations give the row's verdict again. Only the
 * red card may differ: the ledger withholds it under a sanction in force.
 * Anything else means a damaged ledger, or one written by a library that
 * assessed otherwise: a page would contradict the ledger, so none is made. */
static bool row_agrees(struct reading *rd, const pmindex_ledger_rows *r,
                       const pmindex_assessment *a)
{
    const pmindex_model *m = rd->p->model;
    int64_t index;
    if (pmindex_assessment_index(a, &index) != 1)
        index = -1;
    int32_t tier = pmindex_assessment_tier(a), card = pmindex_assessment_card(a);
    int64_t row_index = pmindex_ledger_rows_int(r, PMINDEX_ROW_INDEX);
    int32_t row_tier = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_TIER);
    int32_t row_card = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_CARD);
    if (index == row_index && tier == row_tier &&
        (card == row_card || (card == PMINDEX_CARD_RED && row_card == PMINDEX_CARD_NONE)))
        return true;
    char id[256], text[2][32], name[16];
    pmindex_period_format(rd->period, name, sizeof name);
    cli_printable(id, sizeof id, pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID));
    int64_t values[2] = {index, row_index};
    for (int k = 0; k < 2; k++)
        if (values[k] < 0 || pmindex_centi_format(values[k], text[k], sizeof text[k]) < 0)
            strcpy(text[k], "none");
    fprintf(stderr,
            "%s: %s: period %s, compound %s: its stored observations give index %s, tier %s and "
            "%s, but its row says index %s, tier %s and %s; the ledger disagrees with itself, "
            "so no page is made from it (pmindex-ledger --db %s history %s shows the rows)\n",
            rd->errors->program, rd->db, name, id, text[0],
            pmindex_model_tier_label(m, tier, PMINDEX_LANG_EN), card_name(card), text[1],
            pmindex_model_tier_label(m, row_tier, PMINDEX_LANG_EN), card_name(row_card), rd->db,
            id);
    rd->errors->count++;
    return false;
}

/* The row's ladder step and revision: the ledger's, not one assessment's. */
static struct row_facts facts_of(const pmindex_ledger_rows *r)
{
    return (struct row_facts){
        .card = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_CARD),
        .level_before = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL_BEFORE),
        .level = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL),
        .measure = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_MEASURE),
        .revision = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_REVISION),
        .entry = pmindex_ledger_rows_int(r, PMINDEX_ROW_ENTRY),
    };
}

/* Sets on the district's compounds what the rows say: the ladder step, the
 * revision and the card. */
static int apply_facts(struct reading *rd, const struct row_facts *facts)
{
    struct period *p = rd->p;
    int32_t *cards = malloc(((size_t)p->ncompounds + 1) * sizeof *cards);
    if (!cards) {
        out_of_memory(rd);
        return -1;
    }
    for (int32_t k = 0; k < p->ncompounds; k++) {
        struct compound *c = &p->c[k];
        const struct row_facts *f = &facts[k];
        c->level_before = f->level_before;
        c->level = f->level;
        c->measure = f->measure;
        c->revision = f->revision;
        c->review = -1;
        if (rd->page && f->revision > 1 && (c->review = review_of(rd, f->entry)) < 0) {
            free(cards);
            return -1;
        }
        cards[k] = f->card;
    }
    /* The card of a ledger's period is the ledger's: it depends on history
     * (a red tier under a sanction in force gives no red card), which one
     * assessment does not know. So the red and black lists, the glance and
     * the groups' card counts are the ledger's cards. */
    int rc = period_set_cards(p, cards);
    free(cards);
    if (rc != 0)
        out_of_memory(rd);
    return rc;
}

/* Reads the period from the observations of its rows. Returns 0 with the
 * period filled and *assessed_out set; 1 when a row has no observations
 * (a row of 1.1: nothing was filled); -1 after an error was reported. */
static int read_observed(struct reading *rd, struct assessed **assessed_out)
{
    struct period *p = rd->p;
    const pmindex_model *m = p->model;
    struct row_facts *facts = NULL;
    int32_t n = 0, cap = 0;
    pmindex_compound *c = NULL;
    pmindex_ledger_rows *r = NULL;
    struct assessed *a = assessed_new(m, rd->o, rd->errors);
    int result = -1, rc = 0;
    if (!a)
        return -1;
    if (pmindex_compound_new(m, &c) != 0) {
        out_of_memory(rd);
        goto done;
    }
    if (pmindex_ledger_rows_new(rd->s->ledger, rd->period, NULL, 0, &r) != 0) {
        ledger_failed(rd);
        goto done;
    }
    while ((rc = pmindex_ledger_rows_next(r)) == 1) {
        int got = pmindex_ledger_rows_observations(r, c);
        if (got == 0) {
            result = 1;
            goto done;
        }
        if (got < 0) {
            ledger_failed(rd);
            goto done;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            struct row_facts *bigger = realloc(facts, (size_t)cap * sizeof *bigger);
            if (!bigger) {
                out_of_memory(rd);
                goto done;
            }
            facts = bigger;
        }
        if (assessed_add(a, c) != 0 || !row_agrees(rd, r, assessed_last(a)))
            goto done;
        facts[n++] = facts_of(r);
    }
    if (rc < 0) {
        ledger_failed(rd);
        goto done;
    }
    if (assessed_fill(a, p) != 0 || apply_facts(rd, facts) != 0)
        goto done;
    *assessed_out = a;
    a = NULL;
    result = 0;
done:
    pmindex_ledger_rows_free(r);
    pmindex_compound_free(c);
    assessed_free(a);
    free(facts);
    return result;
}

/* ---- a period stored by 1.1: its points ------------------------------------------- */

/* Reads the rows' verdicts as they are, with what the compounds shown in
 * detail need of their points. Returns 0, or -1 after an error was reported. */
static int read_points(struct reading *rd)
{
    struct ledger_source *s = rd->s;
    struct period *p = rd->p;
    pmindex_ledger_rows *r;
    if (pmindex_ledger_rows_new(s->ledger, rd->period, NULL, 0, &r) != 0) {
        ledger_failed(rd);
        return -1;
    }
    int32_t cap = 0;
    bool reported = false; /* stopped by an error already reported */
    int rc;
    while ((rc = pmindex_ledger_rows_next(r)) == 1) {
        if (p->ncompounds == cap) {
            cap = cap ? cap * 2 : 1024;
            struct compound *c = realloc(p->c, (size_t)cap * sizeof *c);
            if (c)
                p->c = c;
            struct points_row *kept = rd->page ? realloc(s->kept, (size_t)cap * sizeof *kept)
                                               : NULL;
            if (kept)
                s->kept = kept;
            if (!c || (rd->page && !kept))
                break;
        }
        struct compound *c = &p->c[p->ncompounds];
        struct row_facts f = facts_of(r);
        memset(c, 0, sizeof *c);
        c->id = keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID));
        c->name = keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_NAME));
        c->street = keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_STREET));
        c->station = keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_STATION));
        c->company = keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPANY));
        c->households = -1;
        c->index = pmindex_ledger_rows_int(r, PMINDEX_ROW_INDEX);
        c->tier = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_TIER);
        c->card = f.card;
        /* Skipped with a tier: no property company. A fallback compound's
         * row does not say. */
        int32_t events = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_EVENTS);
        c->managed = c->tier == PMINDEX_TIER_FALLBACK ? -1 : !(events & PMINDEX_LADDER_SKIP);
        c->level_before = f.level_before;
        c->level = f.level;
        c->measure = f.measure;
        c->revision = f.revision;
        c->review = -1;
        if (rd->page && f.revision > 1 && (c->review = review_of(rd, f.entry)) < 0) {
            reported = true;
            break;
        }
        c->reasons = "";
        const char *keys = pmindex_ledger_rows_text(r, PMINDEX_ROW_REASONS);
        if (rd->page && c->card != PMINDEX_CARD_NONE) {
            char *words = reasons_words(p->model, keys, rd->o->cli.lang);
            c->reasons = words ? keep(s, words) : NULL;
            free(words);
        }
        if (rd->page) {
            struct points_row *k = &s->kept[p->ncompounds];
            memset(k, 0, sizeof *k);
            if (period_wanted(rd->o, c->id ? c->id : "", c->card)) {
                k->reasons = (char *)keep(s, keys);
                k->indicators =
                    (char *)keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_INDICATORS));
                k->items = (char *)keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_ITEMS));
                if (!k->reasons || !k->indicators || !k->items)
                    break;
            }
        }
        if (!c->id || !c->name || !c->street || !c->station || !c->company || !c->reasons)
            break;
        p->ncompounds++;
    }
    pmindex_ledger_rows_free(r);
    if (rc < 0) {
        ledger_failed(rd);
        return -1;
    }
    if (rc == 1) { /* stopped early */
        if (!reported)
            out_of_memory(rd);
        return -1;
    }
    p->order = calloc((size_t)p->ncompounds + 1, sizeof *p->order);
    if (!p->order || period_sort(p) != 0) {
        out_of_memory(rd);
        return -1;
    }
    period_count(p, &p->now);
    p->now.households = -1;
    p->now.has_mean = false;
    p->now.points_only = true;
    return 0;
}

/* Reads a period: from its observations, or from its points when any row
 * was stored by 1.1. Returns 0, or -1 after an error was reported. */
static int read_period(struct reading *rd, struct assessed **assessed_out)
{
    *assessed_out = NULL;
    int rc = read_observed(rd, assessed_out);
    return rc == 1 ? read_points(rd) : rc;
}

/* ---- details and history ------------------------------------------------------------ */

/* The value of id in "id=value;id=value": its text and length, or NULL. */
static const char *value_of(const char *list, const char *id, size_t *len)
{
    size_t idlen = strlen(id);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > idlen && strncmp(p, id, idlen) == 0 && p[idlen] == '=') {
            *len = n - idlen - 1;
            return p + idlen + 1;
        }
        p += n + (end != NULL);
    }
    return NULL;
}

/* Points with 2 decimals, exactly: "15.00" gives 1500. */
static bool centi_of(const char *text, size_t len, int64_t *out)
{
    int64_t units;
    if (len == 0 || pmindex_decimal_parse(text, len, &units) != 0)
        return false;
    *out = units / (PMINDEX_VALUE_SCALE / 100);
    return true;
}

/* An item that lost points: largest loss first, then in model order, as
 * pmindex_assessment_losses() lists them. */
struct loss {
    int64_t lost;
    int32_t item;
};

static int by_loss(const void *a, const void *b)
{
    const struct loss *x = a, *y = b;
    if (x->lost != y->lost)
        return x->lost > y->lost ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* The detail of a row stored by 1.1, from the points it kept: no
 * observations, no sentences of the rules. */
static int points_detail(struct period *p, int32_t n, struct detail *d)
{
    struct ledger_source *s = p->source_data;
    const pmindex_model *m = p->model;
    const struct points_row *k = &s->kept[n];
    if (!k->items)
        return -1;
    d->compound = n;
    d->observed = false;
    int32_t nind = pmindex_model_indicator_count(m), nitems = pmindex_model_item_count(m);
    int64_t *earned = calloc((size_t)nind + 1, sizeof *earned);
    int64_t *applicable = calloc((size_t)nind + 1, sizeof *applicable);
    struct loss *losses = calloc((size_t)nitems + 1, sizeof *losses);
    if (!earned || !applicable || !losses) {
        free(earned);
        free(applicable);
        free(losses);
        fprintf(stderr, "%s: out of memory\n", p->program);
        return -1;
    }
    d->nlosses = 0;
    for (int32_t i = 0; i < nitems; i++) {
        size_t len;
        const char *v = value_of(k->items, pmindex_model_item_id(m, i), &len);
        d->item_obs[i][0] = '\0';
        d->item_has[i] = v && centi_of(v, len, &d->item_points[i]);
        if (!d->item_has[i])
            continue;
        int64_t max = pmindex_model_item_max(m, i);
        int32_t ind = pmindex_model_item_indicator(m, i);
        d->item_lost[i] = max - d->item_points[i];
        earned[ind] += d->item_points[i];
        applicable[ind] += max;
        if (d->item_lost[i] > 0)
            losses[d->nlosses++] = (struct loss){d->item_lost[i], i};
    }
    qsort(losses, (size_t)d->nlosses, sizeof *losses, by_loss);
    for (int32_t j = 0; j < d->nlosses; j++)
        d->losses[j] = losses[j].item;
    free(losses);
    for (int32_t ind = 0; ind < nind; ind++) {
        size_t len;
        const char *v = value_of(k->indicators, pmindex_model_indicator_id(m, ind), &len);
        d->ind_has[ind] = v && centi_of(v, len, &d->ind_points[ind]);
        /* The share e_k / a_k in hundredths of a percent, half away from zero. */
        d->ind_share[ind] = applicable[ind] > 0
                                ? (earned[ind] * 20000 + applicable[ind]) / (2 * applicable[ind])
                                : -1;
    }
    free(earned);
    free(applicable);
    d->nreasons = 0;
    d->nvetoes = 0;
    for (const char *r = k->reasons; *r && d->nreasons < d->max_reasons;) {
        const char *end = strchr(r, ';');
        size_t len = end ? (size_t)(end - r) : strlen(r);
        int32_t at = d->nreasons;
        if (len < sizeof d->reason_key[at]) {
            memcpy(d->reason_key[at], r, len);
            d->reason_key[at][len] = '\0';
            if (pmindex_model_reason_label(m, d->reason_key[at], p->lang, d->reason_words[at],
                                           sizeof d->reason_words[at]) < 0)
                snprintf(d->reason_words[at], sizeof d->reason_words[at], "%s", d->reason_key[at]);
            d->reason_text[at][0] = '\0'; /* the sentence needs the assessment */
            int32_t v;
            if (strncmp(d->reason_key[at], "veto:", 5) == 0 &&
                (v = pmindex_model_find_veto(m, d->reason_key[at] + 5)) >= 0)
                d->vetoes[d->nvetoes++] = v;
            d->nreasons++;
        }
        r += len + (end != NULL);
    }
    return 0;
}

static int ledger_detail(struct period *p, int32_t n, struct detail *d)
{
    struct ledger_source *s = p->source_data;
    int rc = p->now.points_only ? points_detail(p, n, d) : assessed_detail(s->assessed, p, n, d);
    if (rc != 0)
        return rc;
    /* The ladder of the ledger, with the compound's history. */
    d->from_ledger = true;
    d->level = p->c[n].level;
    d->measure = p->c[n].measure;
    return 0;
}

static int ledger_history(struct period *p, int32_t n, int32_t *periods, int64_t *indices, int max)
{
    struct ledger_source *s = p->source_data;
    pmindex_ledger_rows *r;
    if (pmindex_ledger_rows_new(s->ledger, PMINDEX_PERIOD_NONE, p->c[n].id, 0, &r) != 0) {
        say_ledger_error(p->program, s->ledger);
        return -1;
    }
    int count = 0, rc;
    while ((rc = pmindex_ledger_rows_next(r)) == 1) {
        int32_t period = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_PERIOD), order;
        if (pmindex_period_compare(period, s->period, &order) != 0 || order > 0)
            continue;
        if (count == max) { /* keep the last max periods */
            memmove(periods, periods + 1, (size_t)(max - 1) * sizeof *periods);
            memmove(indices, indices + 1, (size_t)(max - 1) * sizeof *indices);
            count--;
        }
        periods[count] = period;
        indices[count] = pmindex_ledger_rows_int(r, PMINDEX_ROW_INDEX);
        count++;
    }
    pmindex_ledger_rows_free(r);
    if (rc < 0) {
        say_ledger_error(p->program, s->ledger);
        return -1;
    }
    return count;
}

static void ledger_free(struct period *p)
{
    struct ledger_source *s = p->source_data;
    if (!s)
        return;
    for (size_t k = 0; k < s->nstrings; k++)
        free(s->strings[k]);
    free(s->strings);
    free(s->kept);
    free(s->reviews);
    assessed_free(s->assessed);
    pmindex_ledger_free(s->ledger);
    free(s);
    p->source_data = NULL;
    p->reviews = NULL;
    p->nreviews = 0;
}

/* ---- opening ---------------------------------------------------------------------- */

/* The model a period was applied with, from the ledger. */
static pmindex_model *period_model(struct reading *rd)
{
    pmindex_ledger *l = rd->s->ledger;
    int64_t len = pmindex_ledger_period_model(l, rd->period, NULL, 0);
    char *ini = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (len < 0 || !ini) {
        if (len < 0)
            ledger_failed(rd);
        else
            out_of_memory(rd);
        return NULL;
    }
    pmindex_ledger_period_model(l, rd->period, ini, (size_t)len + 1);
    pmindex_model *m = NULL;
    pmindex_error *e = NULL;
    int rc = pmindex_error_new(&e);
    if (rc == 0)
        rc = pmindex_model_load_ini_memory(ini, (size_t)len, "the ledger's model", &m, e);
    if (rc != 0) {
        if (e)
            cli_report(rd->errors, e);
        else
            rd->errors->count++;
    }
    pmindex_error_free(e);
    free(ini);
    return m;
}

/* A period the ledger does not have in force: revoked (and not applied
 * again), or never applied. Says which, and the periods it has. */
static void no_such_period(struct reading *rd, int32_t count)
{
    struct ledger_source *s = rd->s;
    const char *program = rd->errors->program;
    char name[16];
    pmindex_period_format(rd->period, name, sizeof name);
    pmindex_ledger_rows *r;
    int64_t revoked = 0;
    /* Its rows come in the order applied: the last says the last revocation. */
    if (pmindex_ledger_rows_new(s->ledger, rd->period, NULL, PMINDEX_LEDGER_REVOKED, &r) == 0) {
        while (pmindex_ledger_rows_next(r) == 1)
            revoked = pmindex_ledger_rows_int(r, PMINDEX_ROW_REVOKED);
        pmindex_ledger_rows_free(r);
    }
    pmindex_ledger_log *g = NULL;
    if (revoked > 0) {
        fprintf(stderr, "%s: %s: period %s was revoked (log entry %lld", program, rd->db, name,
                (long long)revoked);
        if (pmindex_ledger_log_new(s->ledger, PMINDEX_PERIOD_NONE, revoked, 0, &g) == 0 &&
            pmindex_ledger_log_next(g) == 1) {
            char actor[128], reason[512];
            cli_printable(actor, sizeof actor, pmindex_ledger_log_text(g, PMINDEX_LOG_ACTOR));
            cli_printable(reason, sizeof reason, pmindex_ledger_log_text(g, PMINDEX_LOG_REASON));
            fprintf(stderr, ", %s, by %s%s%s", pmindex_ledger_log_text(g, PMINDEX_LOG_AT), actor,
                    *reason ? ": " : "", reason);
        }
        pmindex_ledger_log_free(g);
        fprintf(stderr, ") and not applied again: a revoked period is never reported");
    } else {
        fprintf(stderr, "%s: %s: the ledger has no period %s", program, rd->db, name);
    }
    for (int32_t k = 0; k < count; k++) {
        pmindex_period_format(pmindex_ledger_period(s->ledger, k), name, sizeof name);
        fprintf(stderr, "%s%s", k ? ", " : "; its periods are ", name);
    }
    fprintf(stderr, count ? "\n" : "; it has no period yet\n");
    rd->errors->count++;
}

/* Whether two models have the same tiers: the previous period's tier counts
 * are shown beside this period's only then. */
static bool same_tiers(const pmindex_model *a, const pmindex_model *b)
{
    int32_t n = pmindex_model_tier_count(a);
    if (n != pmindex_model_tier_count(b))
        return false;
    for (int32_t t = 0; t < n; t++)
        if (strcmp(pmindex_model_tier_key(a, t), pmindex_model_tier_key(b, t)) != 0)
            return false;
    return true;
}

/* The previous period's figures, made as this period's are, with its own
 * model. Returns 0, or -1 after an error was reported. */
static int read_previous(struct reading *now, int32_t previous)
{
    struct period *p = now->p, before;
    memset(&before, 0, sizeof before);
    before.program = p->program;
    before.lang = p->lang;
    /* No compound of it is shown in detail. */
    struct report_options none = *now->o;
    none.ncompounds = 0;
    none.notices = false;
    struct reading rd = {now->s, &before, &none, now->errors, previous, false, now->db};
    pmindex_model *m = period_model(&rd);
    struct assessed *a = NULL;
    before.model = m;
    int rc = m ? read_period(&rd, &a) : -1;
    if (rc == 0) {
        p->has_previous = true;
        pmindex_period_format(previous, p->previous_name, sizeof p->previous_name);
        p->previous = before.now;
        if (!same_tiers(p->model, m))
            for (int32_t t = 0; t < PMINDEX_MAX_TIERS; t++)
                p->previous.tiers[t] = -1;
    }
    period_free(&before);
    assessed_free(a);
    pmindex_model_free(m);
    return rc;
}

int period_from_ledger(struct period *p, const struct report_options *o, pmindex_model **model_out,
                       struct cli_errors *errors)
{
    struct ledger_source *s = calloc(1, sizeof *s);
    pmindex_error *e = NULL;
    if (!s || pmindex_error_new(&e) != 0) {
        fprintf(stderr, "%s: out of memory\n", p->program);
        free(s);
        return EXIT_INPUT;
    }
    p->source_data = s;
    p->source_free = ledger_free;
    p->detail = ledger_detail;
    p->history = ledger_history;
    p->from_ledger = true;
    if (pmindex_ledger_open(o->db, PMINDEX_LEDGER_READONLY, &s->ledger, e) != 0) {
        cli_report(errors, e);
        pmindex_error_free(e);
        return EXIT_INPUT;
    }
    pmindex_error_free(e);
    pmindex_period_parse(o->period, strlen(o->period), &s->period);
    pmindex_period_format(s->period, p->name, sizeof p->name);
    struct reading rd = {s, p, o, errors, s->period, true, o->db};
    /* The period and the one in force before it. */
    int32_t count = pmindex_ledger_period_count(s->ledger), at = -1;
    if (count < 0) {
        ledger_failed(&rd);
        return EXIT_INPUT;
    }
    for (int32_t k = 0; k < count; k++)
        if (pmindex_ledger_period(s->ledger, k) == s->period)
            at = k;
    if (at < 0) {
        no_such_period(&rd, count);
        return EXIT_INPUT;
    }
    pmindex_model *m = period_model(&rd);
    if (!m)
        return EXIT_INPUT;
    *model_out = m;
    p->model = m;
    if (read_period(&rd, &s->assessed) != 0)
        return EXIT_INPUT;
    if (at > 0 && read_previous(&rd, pmindex_ledger_period(s->ledger, at - 1)) != 0)
        return EXIT_INPUT;
    return 0;
}
