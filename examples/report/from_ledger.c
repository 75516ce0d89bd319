/* A period read from a ledger (pmindex-ledger's SQLite file), read-only,
 * through the public ledger API: the period's rows and model, the
 * previous period's rows for comparison, each compound's history for its
 * line chart.
 *
 * What a ledger keeps today: per compound and period its fields, index,
 * tier, card (with the ladder's history), ladder step, reason keys, and
 * the points of each indicator and item. Not kept: households, the
 * observations, whether a fallback compound has a property company. The
 * page says so where it matters. The statistics of the streets, stations
 * and companies are made here from the rows, the way pmindex_district
 * makes them from assessments, with the plain mean for companies (no
 * households to weigh by). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* What a compound shown in detail needs from its row. */
struct kept_row {
    char *reasons, *indicators, *items;
};

struct ledger_source {
    pmindex_ledger *ledger;
    int32_t period;
    char **strings; /* every string read, freed at the end */
    size_t nstrings, cap;
    struct kept_row *kept; /* by compound number */
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

static void ledger_failed(const struct period *p, struct ledger_source *s)
{
    fprintf(stderr, "%s: %s\n", p->program, pmindex_error_message(pmindex_ledger_error(s->ledger)));
}

/* ---- statistics of the rows ----------------------------------------------------- */

static int64_t mean_round(int64_t sum, int64_t n)
{
    return (2 * sum + n) / (2 * n); /* half up: every value is >= 0 */
}

static int by_value(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The glance of the compounds c[0 .. n-1]. Returns 0 or -1 (memory). */
static int glance_of(const pmindex_model *m, const struct compound *c, int32_t n,
                     const int32_t *events, struct glance *g)
{
    int32_t ntiers = pmindex_model_tier_count(m);
    memset(g, 0, sizeof *g);
    g->compounds = n;
    g->households = -1;
    int64_t *values = malloc(((size_t)n + 1) * sizeof *values), nv = 0, sum = 0;
    if (!values)
        return -1;
    for (int32_t k = 0; k < n; k++) {
        bool fallback = c[k].tier == PMINDEX_TIER_FALLBACK;
        g->tiers[fallback ? ntiers : c[k].tier]++;
        g->fallback += fallback;
        g->red += c[k].card == PMINDEX_CARD_RED;
        g->black += c[k].card == PMINDEX_CARD_BLACK;
        /* A compound with a tier whose period was skipped has no company. */
        g->unmanaged += !fallback && (events[k] & PMINDEX_LADDER_SKIP);
        if (!fallback && c[k].index >= 0) {
            values[nv++] = c[k].index;
            sum += c[k].index;
        }
    }
    if (nv > 0) {
        qsort(values, (size_t)nv, sizeof *values, by_value);
        g->has_mean = true;
        g->mean = mean_round(sum, nv);
        g->median = nv % 2 ? values[nv / 2] : (values[nv / 2 - 1] + values[nv / 2] + 1) / 2;
    }
    free(values);
    return 0;
}

static const char *group_key(const struct compound *c, int32_t scope)
{
    return scope == PMINDEX_SCOPE_STREET ? c->street
         : scope == PMINDEX_SCOPE_STATION ? c->station : c->company;
}

/* A compound of a group: the group's name and the compound. */
struct member {
    const char *key;
    const struct compound *c;
};

static int by_key(const void *a, const void *b)
{
    return strcmp(((const struct member *)a)->key, ((const struct member *)b)->key);
}

static int by_mean(const void *a, const void *b)
{
    const struct group *x = a, *y = b;
    if (x->has_mean != y->has_mean)
        return x->has_mean ? -1 : 1;
    if (x->has_mean && x->weighted != y->weighted)
        return x->weighted > y->weighted ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int make_groups(struct period *p, int32_t scope)
{
    const pmindex_model *m = p->model;
    int32_t ntiers = pmindex_model_tier_count(m), n = 0;
    struct member *members = malloc(((size_t)p->ncompounds + 1) * sizeof *members);
    struct group *groups = calloc((size_t)p->ncompounds + 1, sizeof *groups);
    if (!members || !groups) {
        free(members);
        free(groups);
        return -1;
    }
    for (int32_t k = 0; k < p->ncompounds; k++) {
        const char *key = group_key(&p->c[k], scope);
        if (*key && (scope != PMINDEX_SCOPE_COMPANY || p->c[k].managed != 0))
            members[n++] = (struct member){key, &p->c[k]};
    }
    qsort(members, (size_t)n, sizeof *members, by_key);
    int64_t honour_min, watch_below;
    int32_t honour_no_black, watch_on_black, ngroups = 0;
    pmindex_model_company_rules(m, &honour_min, &honour_no_black, &watch_below, &watch_on_black);
    for (int32_t k = 0; k < n;) {
        struct group *g = &groups[ngroups++];
        g->name = members[k].key;
        g->households = -1;
        int64_t sum = 0, tiered = 0;
        for (; k < n && strcmp(members[k].key, g->name) == 0; k++) {
            const struct compound *c = members[k].c;
            bool fallback = c->tier == PMINDEX_TIER_FALLBACK;
            g->compounds++;
            g->tiers[fallback ? ntiers : c->tier]++;
            g->red += c->card == PMINDEX_CARD_RED;
            g->black += c->card == PMINDEX_CARD_BLACK;
            if (fallback || c->index < 0)
                continue;
            if (tiered == 0 || c->index < g->min)
                g->min = c->index;
            if (tiered == 0 || c->index > g->max)
                g->max = c->index;
            sum += c->index;
            tiered++;
        }
        if (tiered > 0) {
            g->has_mean = true;
            g->mean = g->weighted = mean_round(sum, tiered);
            if (scope == PMINDEX_SCOPE_COMPANY) {
                if (g->mean >= honour_min && !(honour_no_black && g->black))
                    g->lists |= PMINDEX_LIST_HONOUR;
                if ((watch_below > 0 && g->mean < watch_below) || (watch_on_black && g->black))
                    g->lists |= PMINDEX_LIST_WATCH;
            }
        }
    }
    free(members);
    qsort(groups, (size_t)ngroups, sizeof *groups, by_mean);
    for (int32_t g = 0; g < ngroups; g++)
        groups[g].rank = !groups[g].has_mean ? 0
                       : g > 0 && groups[g - 1].has_mean && groups[g - 1].weighted == groups[g].weighted
                           ? groups[g - 1].rank : g + 1;
    p->groups[scope] = groups;
    p->ngroups[scope] = ngroups;
    return 0;
}

/* ---- reading rows ---------------------------------------------------------------- */

struct rows_read {
    struct compound *c;
    int32_t *events;
    int32_t n, cap;
};

/* Reads the rows of a period; with details, keeps what the compounds
 * shown in detail need. Returns 0, or -1 after saying why. */
static int read_rows(struct period *p, struct ledger_source *s, int32_t period,
                     const struct report_options *o, struct rows_read *out, bool details)
{
    pmindex_ledger_rows *r;
    memset(out, 0, sizeof *out);
    if (pmindex_ledger_rows_new(s->ledger, period, NULL, 0, &r) != 0) {
        ledger_failed(p, s);
        return -1;
    }
    int rc;
    while ((rc = pmindex_ledger_rows_next(r)) == 1) {
        if (out->n == out->cap) {
            int32_t cap = out->cap ? out->cap * 2 : 1024;
            struct compound *c = realloc(out->c, (size_t)cap * sizeof *c);
            if (c)
                out->c = c;
            int32_t *events = realloc(out->events, (size_t)cap * sizeof *events);
            if (events)
                out->events = events;
            struct kept_row *kept = details ? realloc(s->kept, (size_t)cap * sizeof *kept) : NULL;
            if (kept)
                s->kept = kept;
            if (!c || !events || (details && !kept))
                break;
            out->cap = cap;
        }
        struct compound *c = &out->c[out->n];
        memset(c, 0, sizeof *c);
        c->id = keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID));
        c->name = keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_NAME));
        c->street = keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_STREET));
        c->station = keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_STATION));
        c->company = keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPANY));
        c->households = -1;
        c->index = pmindex_ledger_rows_int(r, PMINDEX_ROW_INDEX);
        c->tier = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_TIER);
        c->card = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_CARD);
        int32_t events = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_EVENTS);
        out->events[out->n] = events;
        /* Skipped with a tier: no property company. A fallback compound's
         * row does not say. */
        c->managed = c->tier == PMINDEX_TIER_FALLBACK ? -1 : !(events & PMINDEX_LADDER_SKIP);
        c->level_before = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL_BEFORE);
        c->level = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL);
        c->measure = (int32_t)pmindex_ledger_rows_int(r, PMINDEX_ROW_MEASURE);
        c->reasons = "";
        const char *keys = pmindex_ledger_rows_text(r, PMINDEX_ROW_REASONS);
        if (details && c->card != PMINDEX_CARD_NONE) {
            char *words = reasons_words(p->model, keys, o->lang);
            c->reasons = words ? keep(s, words) : NULL;
            free(words);
        }
        if (details) {
            struct kept_row *k = &s->kept[out->n];
            memset(k, 0, sizeof *k);
            if (period_wanted(o, c->id ? c->id : "", c->card)) {
                k->reasons = (char *)keep(s, keys);
                k->indicators = (char *)keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_INDICATORS));
                k->items = (char *)keep(s, pmindex_ledger_rows_text(r, PMINDEX_ROW_ITEMS));
                if (!k->reasons || !k->indicators || !k->items)
                    break;
            }
        }
        if (!c->id || !c->name || !c->street || !c->station || !c->company || !c->reasons)
            break;
        out->n++;
    }
    pmindex_ledger_rows_free(r);
    if (rc < 0) {
        ledger_failed(p, s);
        return -1;
    }
    if (rc == 1) {
        fprintf(stderr, "%s: out of memory\n", p->program);
        return -1;
    }
    return 0;
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

static int ledger_detail(struct period *p, int32_t n, struct detail *d)
{
    struct ledger_source *s = p->source_data;
    const pmindex_model *m = p->model;
    const struct kept_row *k = &s->kept[n];
    if (!k->items)
        return -1;
    d->compound = n;
    d->from_ledger = true;
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
    for (int32_t k = 0; k < d->nlosses; k++)
        d->losses[k] = losses[k].item;
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
    d->level = p->c[n].level;
    d->measure = p->c[n].measure;
    return 0;
}

static int ledger_history(struct period *p, int32_t n, int32_t *periods, int64_t *indices, int max)
{
    struct ledger_source *s = p->source_data;
    pmindex_ledger_rows *r;
    if (pmindex_ledger_rows_new(s->ledger, PMINDEX_PERIOD_NONE, p->c[n].id, 0, &r) != 0) {
        ledger_failed(p, s);
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
        ledger_failed(p, s);
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
    pmindex_ledger_free(s->ledger);
    free(s);
    p->source_data = NULL;
}

/* ---- opening ---------------------------------------------------------------------- */

/* The model the period was applied with, from the ledger. */
static pmindex_model *period_model(struct period *p, struct ledger_source *s,
                                   struct cli_errors *errors)
{
    int64_t len = pmindex_ledger_period_model(s->ledger, s->period, NULL, 0);
    char *ini = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (len < 0 || !ini) {
        if (len < 0)
            ledger_failed(p, s);
        else
            fprintf(stderr, "%s: out of memory\n", p->program);
        errors->count++;
        return NULL;
    }
    pmindex_ledger_period_model(s->ledger, s->period, ini, (size_t)len + 1);
    pmindex_model *m = NULL;
    pmindex_error *e = NULL;
    int rc = pmindex_error_new(&e);
    if (rc == 0)
        rc = pmindex_model_load_ini_memory(ini, (size_t)len, "the ledger's model", &m, e);
    if (rc != 0) {
        if (e)
            cli_report(errors, e);
        else
            errors->count++;
    }
    pmindex_error_free(e);
    free(ini);
    return m;
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
    /* The period and the one applied before it. */
    int32_t count = pmindex_ledger_period_count(s->ledger), at = -1, previous = 0;
    if (count < 0) {
        ledger_failed(p, s);
        return EXIT_INPUT;
    }
    for (int32_t k = 0; k < count; k++)
        if (pmindex_ledger_period(s->ledger, k) == s->period)
            at = k;
    if (at < 0) {
        fprintf(stderr, "%s: %s: the ledger has no period %s", p->program, o->db, p->name);
        for (int32_t k = 0; k < count; k++) {
            char name[16];
            pmindex_period_format(pmindex_ledger_period(s->ledger, k), name, sizeof name);
            fprintf(stderr, "%s%s", k ? ", " : "; its periods are ", name);
        }
        fprintf(stderr, count ? "\n" : "; it has no period yet\n");
        errors->count++;
        return EXIT_INPUT;
    }
    if (at > 0)
        previous = pmindex_ledger_period(s->ledger, at - 1);
    pmindex_model *m = period_model(p, s, errors);
    if (!m)
        return EXIT_INPUT;
    *model_out = m;
    p->model = m;
    struct rows_read now, before;
    if (read_rows(p, s, s->period, o, &now, true) != 0) {
        free(now.c);
        free(now.events);
        errors->count++;
        return EXIT_INPUT;
    }
    p->c = now.c;
    p->ncompounds = now.n;
    p->order = calloc((size_t)now.n + 1, sizeof *p->order);
    int rc = !p->order || glance_of(m, now.c, now.n, now.events, &p->now) != 0;
    free(now.events);
    for (int32_t scope = PMINDEX_SCOPE_STREET; rc == 0 && scope <= PMINDEX_SCOPE_COMPANY; scope++)
        rc = make_groups(p, scope);
    if (rc != 0) {
        fprintf(stderr, "%s: out of memory\n", p->program);
        errors->count++;
        return EXIT_INPUT;
    }
    if (period_sort(p) != 0) {
        fprintf(stderr, "%s: out of memory\n", p->program);
        errors->count++;
        return EXIT_INPUT;
    }
    if (previous) {
        if (read_rows(p, s, previous, o, &before, false) != 0) {
            free(before.c);
            free(before.events);
            errors->count++;
            return EXIT_INPUT;
        }
        p->has_previous = true;
        pmindex_period_format(previous, p->previous_name, sizeof p->previous_name);
        rc = glance_of(m, before.c, before.n, before.events, &p->previous);
        free(before.c);
        free(before.events);
        if (rc != 0) {
            fprintf(stderr, "%s: out of memory\n", p->program);
            errors->count++;
            return EXIT_INPUT;
        }
    }
    return 0;
}
