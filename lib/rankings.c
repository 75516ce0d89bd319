/* A district's rankings and summaries as records: the description of a
 * ranked compound (the verdict that results.c describes, then its ranks)
 * and of a group (counts, statistics, lists, black cards), which record.c
 * writes as CSV or JSON Lines. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "district.h"
#include "model.h"
#include "record.h"

static const char *const scope_keys[] = {
    [PMINDEX_SCOPE_DISTRICT] = "district",
    [PMINDEX_SCOPE_STREET] = "street",
    [PMINDEX_SCOPE_STATION] = "station",
    [PMINDEX_SCOPE_COMPANY] = "company",
};

/* Record styles: the 1.1 records, and what 1.2 changed in them. */
enum style {
    STYLE_1_1 = 1 << 0 /* CSV: no name..company columns; black_compounds gives names */
};

static bool valid_scope(int32_t scope)
{
    return scope >= PMINDEX_SCOPE_DISTRICT && scope <= PMINDEX_SCOPE_COMPANY;
}

/* The compound at listing position n. Callers write the listing in order,
 * which jumps about in memory: the records of the next positions are
 * fetched ahead (a hint only), their struct first, then what it points to. */
static const struct pm_dc *listed(const pmindex_district *d, int64_t n, int64_t *number)
{
    if (!d->computed || n < 0 || n >= d->count)
        return NULL;
#if defined(__GNUC__)
    enum { AHEAD = 32 }; /* a fetch from memory takes some records' time */
    if (n + 2 * AHEAD < d->count)
        __builtin_prefetch(&d->dc[d->order[n + 2 * AHEAD]]);
    if (n + AHEAD < d->count) {
        const struct pm_dc *ahead = &d->dc[d->order[n + AHEAD]];
        __builtin_prefetch(d->arena + ahead->text);
        __builtin_prefetch(d->points + (size_t)d->order[n + AHEAD] * (size_t)d->model->nindicators);
        __builtin_prefetch(d->reasons + ahead->reasons);
        __builtin_prefetch(d->granks + (size_t)d->order[n + AHEAD] * PM_GROUP_SCOPES);
    }
#endif
    *number = d->order[n];
    return &d->dc[d->order[n]];
}

/* A group at listing position g of a scope (1..3), with its name. */
static const struct pm_group_stats *group(const pmindex_district *d, int32_t scope, int64_t g,
                                          const char **name)
{
    if (!d->computed || scope < PMINDEX_SCOPE_STREET || g < 0 ||
        g >= d->scope[pm_group_scope(scope)].count)
        return NULL;
    const struct pm_scope *sc = &d->scope[pm_group_scope(scope)];
    *name = sc->name[sc->order[g]];
    return &sc->stats[sc->order[g]];
}

/* A ranked compound: its verdict, then its ranks (no company rank in CSV). */
static void compound_fields(struct pm_rec *r, const pmindex_district *d, const struct pm_dc *c,
                            int64_t k, uint32_t style)
{
    static const char *const ranks[] = {
        [PMINDEX_SCOPE_DISTRICT] = "rank",
        [PMINDEX_SCOPE_STREET] = "street_rank",
        [PMINDEX_SCOPE_STATION] = "station_rank",
        [PMINDEX_SCOPE_COMPANY] = "company_rank",
    };
    struct pm_verdict v = {.model = d->model};
    if (c) {
        for (int32_t f = PMINDEX_FIELD_ID; f <= PMINDEX_FIELD_COMPANY; f++)
            v.field[f] = pmindex_district_compound_field(d, k, f);
        v.households = c->households;
        v.managed = c->managed != 0;
        v.has_index = c->index >= 0;
        v.index = c->index;
        v.coverage = c->coverage;
        v.tier = c->tier;
        v.card = c->card;
        v.points16 = d->points + (size_t)k * (size_t)d->model->nindicators;
        v.reasons = c->nreasons ? d->reasons + c->reasons : NULL;
        v.nreasons = c->nreasons;
    }
    pm_rec_verdict(r, &v, style & STYLE_1_1 ? PM_VERDICT_1_0_CSV : 0);
    int32_t last = pm_rec_json(r) ? PMINDEX_SCOPE_COMPANY : PMINDEX_SCOPE_STATION;
    int32_t rank[1 + PM_GROUP_SCOPES] = {0};
    for (int32_t scope = PMINDEX_SCOPE_DISTRICT; !r->header && scope <= last; scope++)
        rank[scope] = pm_district_rank(d, (uint32_t)k, scope);
    for (int32_t scope = PMINDEX_SCOPE_DISTRICT; scope <= last; scope++)
        if (pm_rec_field(r, ranks[scope]))
            pm_rec_int(r, rank[scope] > 0, rank[scope]);
}

/* The name a black-card compound is listed by in 1.1: its name, else its id. */
static const char *black_name(const pmindex_district *d, uint32_t k)
{
    const char *name = pmindex_district_compound_field(d, k, PMINDEX_FIELD_NAME);
    return name[0] ? name : pmindex_district_compound_field(d, k, PMINDEX_FIELD_ID);
}

/* The group's black-card compounds as one CSV cell: their ids, their names,
 * or (1.1) their names or ids. */
enum black_text { BLACK_IDS, BLACK_NAMES, BLACK_NAMES_OR_IDS };

static void black_cell(struct pm_rec *r, const pmindex_district *d, const uint32_t *black,
                       int64_t count, enum black_text what)
{
    const char *text[] = {NULL, NULL, NULL};
    bool quote = false;
    for (int pass = 0; pass < 2; pass++) {
        if (pass)
            pm_rec_list_begin(r, quote);
        for (int64_t b = 0; b < count; b++) {
            text[BLACK_IDS] = pmindex_district_compound_field(d, black[b], PMINDEX_FIELD_ID);
            text[BLACK_NAMES] = pmindex_district_compound_field(d, black[b], PMINDEX_FIELD_NAME);
            text[BLACK_NAMES_OR_IDS] = black_name(d, black[b]);
            if (pass)
                pm_rec_list_text(r, text[what]);
            else
                quote |= pm_rec_needs_quotes(text[what]);
        }
    }
    pm_rec_list_end(r);
}

/* A group of a scope: its counts, statistics, rank, lists and black cards. */
static void group_fields(struct pm_rec *r, const pmindex_district *d, int32_t scope,
                         const char *name, const struct pm_group_stats *st, uint32_t style)
{
    static const char *const stat_keys[] = {"mean", "weighted_mean", "median", "min", "max"};
    const pmindex_model *m = d->model;
    bool json = pm_rec_json(r);
    if (pm_rec_field(r, scope_keys[scope]))
        pm_rec_text(r, name);
    if (pm_rec_field(r, "compounds"))
        pm_rec_int(r, true, st->compounds);
    if (pm_rec_field(r, "households"))
        pm_rec_int(r, true, st->households);
    /* Tiers and cards: columns in CSV, objects by key in JSON. */
    if (json) {
        pm_rec_field(r, "tiers");
        pm_rec_object_begin(r);
    }
    for (int32_t t = 0; t <= m->ntiers; t++) {
        int32_t tier = t < m->ntiers ? t : PMINDEX_TIER_FALLBACK;
        if (pm_rec_field(r, pm_rec_tier_key(m, tier)))
            pm_rec_int(r, true, st->tiers[tier + 1]);
    }
    if (json) {
        pm_rec_object_end(r);
        pm_rec_field(r, "cards");
        pm_rec_object_begin(r);
    }
    for (int32_t card = PMINDEX_CARD_RED; card <= PMINDEX_CARD_BLACK; card++)
        if (pm_rec_field(r, pm_card_keys[card]))
            pm_rec_int(r, true, st->cards[card]);
    if (json)
        pm_rec_object_end(r);
    const int64_t stats[] = {st->mean, st->wmean, st->median, st->min, st->max};
    for (size_t i = 0; i < PM_ARRAY_SIZE(stats); i++)
        if (pm_rec_field(r, stat_keys[i]))
            pm_rec_centi(r, st->tiered > 0, stats[i]);
    if (pm_rec_field(r, "rank"))
        pm_rec_int(r, st->rank > 0, st->rank);
    if (pm_rec_field(r, "lists")) {
        pm_rec_list_begin(r, false);
        if (st->lists & PMINDEX_LIST_HONOUR)
            pm_rec_list_text(r, "honour");
        if (st->lists & PMINDEX_LIST_WATCH)
            pm_rec_list_text(r, "watch");
        pm_rec_list_end(r);
    }
    int64_t nblack = st->black_count;
    const uint32_t *black = nblack ? d->scope[pm_group_scope(scope)].black + st->black_first : NULL;
    if (!pm_rec_field(r, "black_compounds")) {
        if (!(style & STYLE_1_1))
            pm_rec_field(r, "black_names");
    } else if (json) {
        pm_rec_array_begin(r);
        for (int64_t b = 0; b < nblack; b++) {
            pm_rec_field(r, NULL);
            pm_rec_object_begin(r);
            pm_rec_field(r, "compound_id");
            pm_rec_text(r, pmindex_district_compound_field(d, black[b], PMINDEX_FIELD_ID));
            pm_rec_field(r, "name");
            pm_rec_text(r, pmindex_district_compound_field(d, black[b], PMINDEX_FIELD_NAME));
            pm_rec_object_end(r);
        }
        pm_rec_array_end(r);
    } else if (style & STYLE_1_1) {
        black_cell(r, d, black, nblack, BLACK_NAMES_OR_IDS);
    } else {
        black_cell(r, d, black, nblack, BLACK_IDS);
        if (pm_rec_field(r, "black_names"))
            black_cell(r, d, black, nblack, BLACK_NAMES);
    }
}

/* A record of a ranking or summary, or with header the CSV header line. */
static int64_t district_record(const pmindex_district *d, int32_t scope, int64_t n,
                               int32_t format, uint32_t style, bool header, char *buf,
                               size_t cap)
{
    struct pm_out o;
    struct pm_rec r;
    pm_out_init(&o, buf, cap);
    if (scope == PMINDEX_SCOPE_DISTRICT) {
        int64_t k = 0;
        const struct pm_dc *c = NULL;
        static const struct pm_dc none = {0};
        if (!header && !(c = listed(d, n, &k)))
            return PMINDEX_E_NOT_FOUND;
        pm_rec_begin(&r, &o, format, header);
        compound_fields(&r, d, header ? &none : c, k, style);
    } else {
        const char *name = "";
        const struct pm_group_stats *st = NULL;
        static const struct pm_group_stats none = {0};
        if (!header && !(st = group(d, scope, n, &name)))
            return PMINDEX_E_NOT_FOUND;
        pm_rec_begin(&r, &o, format, header);
        group_fields(&r, d, scope, name, header ? &none : st, style);
    }
    pm_rec_end(&r);
    return pm_out_finish(&o);
}

PMINDEX_API int64_t pmindex_district_header(const pmindex_district *d, int32_t scope,
                                            int32_t format, uint32_t flags, char *buf,
                                            size_t cap)
{
    if (!d || !valid_scope(scope) || !pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (format == PMINDEX_FORMAT_JSONL) { /* JSON Lines has no header line */
        struct pm_out o;
        pm_out_init(&o, buf, cap);
        return pm_out_finish(&o);
    }
    return district_record(d, scope, 0, format, 0, true, buf, cap);
}

PMINDEX_API int64_t pmindex_district_record(const pmindex_district *d, int32_t scope, int64_t n,
                                            int32_t format, uint32_t flags, char *buf,
                                            size_t cap)
{
    if (!d || !valid_scope(scope) || !pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (!d->computed)
        return PMINDEX_E_STATE;
    return district_record(d, scope, n, format, 0, false, buf, cap);
}

/* ---- many records at once ---------------------------------------------------- */

/* A run of records written into a part of the caller's buffer. */
struct part {
    const pmindex_district *d;
    int32_t scope, format;
    int64_t first, last; /* the records to write */
    char *buf;
    size_t cap, len;
    int64_t done; /* records written whole */
    int64_t error;
};

static void *write_part(void *arg)
{
    struct part *p = arg;
    for (int64_t k = p->first; k < p->last; k++) {
        int64_t n = district_record(p->d, p->scope, k, p->format, 0, false, p->buf + p->len,
                                    p->cap - p->len);
        if (n < 0) {
            p->error = n;
            break;
        }
        if ((uint64_t)n >= p->cap - p->len)
            break; /* the part is full */
        p->len += (size_t)n;
        p->done++;
    }
    return NULL;
}

PMINDEX_API int64_t pmindex_district_records(const pmindex_district *d, int32_t scope,
                                             int32_t format, uint32_t flags, int32_t threads,
                                             int64_t *next, char *buf, size_t cap)
{
    if (!d || !valid_scope(scope) || !pm_rec_format_ok(format) || flags || !next || *next < 0 ||
        (!buf && cap))
        return PMINDEX_E_INVALID;
    if (threads < 1 || threads > PMINDEX_SHEET_MAX_THREADS)
        return PMINDEX_E_RANGE;
    if (!d->computed)
        return PMINDEX_E_STATE;
    int64_t total = scope == PMINDEX_SCOPE_DISTRICT ? d->count : d->scope[pm_group_scope(scope)].count;
    if (*next >= total) {
        if (cap)
            buf[0] = '\0';
        return 0;
    }
    /* The first record alone: its length says how many records a part of
     * the buffer takes (records of one scope are of much the same length),
     * and one that does not fit in the whole buffer is the caller's to see. */
    int64_t first = district_record(d, scope, *next, format, 0, false, buf, cap);
    if (first < 0 || (uint64_t)first >= cap)
        return first;
    size_t per_part = cap / (size_t)threads;
    int64_t each = (int64_t)(per_part / ((size_t)first + 1) * 7 / 8);
    if (threads == 1 || each < 2 || total - *next < 2 * (int64_t)threads) {
        struct part p = {.d = d, .scope = scope, .format = format, .first = *next + 1,
                         .last = total, .buf = buf, .cap = cap, .len = (size_t)first};
        write_part(&p);
        if (p.error < 0)
            return p.error;
        *next += 1 + p.done;
        buf[p.len] = '\0';
        return (int64_t)p.len;
    }
    /* Each thread writes a run of records into a part of the buffer; the
     * parts are then joined, up to the first that could not hold its run. */
    struct part parts[PMINDEX_SHEET_MAX_THREADS];
    pthread_t tid[PMINDEX_SHEET_MAX_THREADS];
    bool started[PMINDEX_SHEET_MAX_THREADS] = {false};
    int64_t from = *next + 1;
    for (int32_t t = 0; t < threads; t++) {
        int64_t to = t + 1 == threads || from + each > total ? total : from + each;
        parts[t] = (struct part){
            .d = d, .scope = scope, .format = format, .first = from, .last = to,
            .buf = buf + (size_t)t * per_part,
            .cap = t + 1 == threads ? cap - (size_t)t * per_part : per_part,
            .len = t == 0 ? (size_t)first : 0};
        from = to;
    }
    for (int32_t t = 1; t < threads; t++)
        started[t] = pthread_create(&tid[t], NULL, write_part, &parts[t]) == 0;
    write_part(&parts[0]);
    for (int32_t t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            write_part(&parts[t]);
    }
    size_t len = 0;
    int64_t done = 1;
    for (int32_t t = 0; t < threads; t++) {
        if (parts[t].error < 0)
            return parts[t].error;
        if (parts[t].buf != buf + len)
            memmove(buf + len, parts[t].buf, parts[t].len);
        len += parts[t].len;
        done += parts[t].done;
        if (parts[t].first + parts[t].done < parts[t].last)
            break; /* its run did not fit: the next parts do not follow it */
    }
    *next += done;
    buf[len] = '\0';
    return (int64_t)len;
}

/* ---- 1.1 ----------------------------------------------------------------- */

PMINDEX_API int64_t pmindex_district_csv_header(const pmindex_district *d, int32_t scope,
                                                char *buf, size_t cap)
{
    if (!d || !valid_scope(scope))
        return PMINDEX_E_INVALID;
    return district_record(d, scope, 0, PMINDEX_FORMAT_CSV, STYLE_1_1, true, buf, cap);
}

PMINDEX_API int64_t pmindex_district_csv_record(const pmindex_district *d, int32_t scope,
                                                int64_t n, char *buf, size_t cap)
{
    if (!d || !valid_scope(scope))
        return PMINDEX_E_INVALID;
    if (!d->computed)
        return PMINDEX_E_STATE;
    return district_record(d, scope, n, PMINDEX_FORMAT_CSV, STYLE_1_1, false, buf, cap);
}

PMINDEX_API int64_t pmindex_district_jsonl_record(const pmindex_district *d, int32_t scope,
                                                  int64_t n, char *buf, size_t cap)
{
    if (!d || !valid_scope(scope))
        return PMINDEX_E_INVALID;
    if (!d->computed)
        return PMINDEX_E_STATE;
    return district_record(d, scope, n, PMINDEX_FORMAT_JSONL, STYLE_1_1, false, buf, cap);
}
