/* A district's rankings and summaries as CSV and JSON Lines records: the one
 * place that decides how they are written, for the programs and the
 * bindings alike (results.c does the same for single verdicts). */
#include <string.h>

#include "district.h"
#include "model.h"

static const char *const scope_keys[] = {"district", "street", "station", "company"};

static const char *tier_key(const pmindex_model *m, int32_t tier)
{
    return tier < 0 ? "fallback" : m->tiers[tier].key;
}

static bool valid_scope(int32_t scope)
{
    return scope >= PMINDEX_SCOPE_DISTRICT && scope <= PMINDEX_SCOPE_COMPANY;
}

PMINDEX_API int64_t pmindex_district_csv_header(const pmindex_district *d, int32_t scope,
                                                char *buf, size_t cap)
{
    if (!d || !valid_scope(scope))
        return PMINDEX_E_INVALID;
    const pmindex_model *m = d->model;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    if (scope == PMINDEX_SCOPE_DISTRICT) {
        pm_out_str(&o, "compound_id,index");
        for (int32_t k = 0; k < m->nindicators; k++) {
            pm_out_char(&o, ',');
            pm_out_str(&o, m->indicators[k].id);
        }
        pm_out_str(&o, ",coverage,tier,card,reasons,rank,street_rank,station_rank\n");
        return pm_out_finish(&o);
    }
    pm_out_str(&o, scope_keys[scope]);
    pm_out_str(&o, ",compounds,households");
    for (int32_t t = 0; t < m->ntiers; t++) {
        pm_out_char(&o, ',');
        pm_out_str(&o, m->tiers[t].key);
    }
    pm_out_str(&o, ",fallback,red,black,mean,weighted_mean,median,min,max,rank,lists,"
                   "black_compounds\n");
    return pm_out_finish(&o);
}

static void out_rank(struct pm_out *o, int64_t rank)
{
    if (rank > 0)
        pm_out_int(o, rank);
}

static void out_reasons(struct pm_out *o, const pmindex_district *d, const struct pm_dc *c,
                        const char *sep, bool quoted)
{
    struct pmindex_assessment a = {.model = d->model};
    for (int32_t n = 0; n < c->nreasons; n++) {
        if (n)
            pm_out_str(o, sep);
        if (quoted)
            pm_out_char(o, '"');
        pm_out_reason_key(o, &a, &d->reasons[c->reasons + (uint32_t)n]);
        if (quoted)
            pm_out_char(o, '"');
    }
}

/* The compound at listing position n. Callers write the listing in order,
 * which jumps about in memory: the records of the next positions are
 * fetched ahead (a hint only), their struct first, then what it points to. */
static const struct pm_dc *listed(const pmindex_district *d, int64_t n, int64_t *number)
{
    if (!d->computed || n < 0 || n >= d->count)
        return NULL;
#if defined(__GNUC__)
    if (n + 16 < d->count)
        __builtin_prefetch(&d->dc[d->order[n + 16]]);
    if (n + 8 < d->count) {
        const struct pm_dc *ahead = &d->dc[d->order[n + 8]];
        __builtin_prefetch(d->arena + ahead->text);
        __builtin_prefetch(d->points + (size_t)d->order[n + 8] * (size_t)d->model->nindicators);
        __builtin_prefetch(d->reasons + ahead->reasons);
    }
#endif
    *number = d->order[n];
    return &d->dc[d->order[n]];
}

/* A group at listing position g of a scope (1..3), with its name. */
static const struct pm_group_stats *group(const pmindex_district *d, int32_t scope, int64_t g,
                                          const char **name)
{
    if (!d->computed || scope < PMINDEX_SCOPE_STREET || g < 0 || g >= d->scope[scope - 1].count)
        return NULL;
    const struct pm_scope *sc = &d->scope[scope - 1];
    *name = sc->name[sc->order[g]];
    return &sc->stats[sc->order[g]];
}

static void lists_text(struct pm_out *o, int32_t lists, bool json)
{
    const char *q = json ? "\"" : "";
    bool first = true;
    if (lists & PMINDEX_LIST_HONOUR) {
        pm_out_str(o, q);
        pm_out_str(o, "honour");
        pm_out_str(o, q);
        first = false;
    }
    if (lists & PMINDEX_LIST_WATCH) {
        if (!first)
            pm_out_char(o, json ? ',' : ';');
        pm_out_str(o, q);
        pm_out_str(o, "watch");
        pm_out_str(o, q);
    }
}

/* The name a black-card compound is listed by: its name, else its id. */
static const char *black_name(const pmindex_district *d, uint32_t k)
{
    const char *name = pmindex_district_compound_field(d, k, PMINDEX_FIELD_NAME);
    return name[0] ? name : pmindex_district_compound_field(d, k, PMINDEX_FIELD_ID);
}

PMINDEX_API int64_t pmindex_district_csv_record(const pmindex_district *d, int32_t scope,
                                                int64_t n, char *buf, size_t cap)
{
    if (!d || !valid_scope(scope))
        return PMINDEX_E_INVALID;
    if (!d->computed)
        return PMINDEX_E_STATE;
    const pmindex_model *m = d->model;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    if (scope == PMINDEX_SCOPE_DISTRICT) {
        int64_t k;
        const struct pm_dc *c = listed(d, n, &k);
        if (!c)
            return PMINDEX_E_NOT_FOUND;
        pm_out_str(&o, pmindex_district_compound_field(d, k, PMINDEX_FIELD_ID));
        pm_out_char(&o, ',');
        if (c->index >= 0)
            pm_out_centi(&o, c->index);
        const int32_t *p = d->points + (size_t)k * (size_t)m->nindicators;
        for (int32_t i = 0; i < m->nindicators; i++) {
            pm_out_char(&o, ',');
            if (p[i] >= 0)
                pm_out_centi(&o, p[i]);
        }
        pm_out_char(&o, ',');
        pm_out_centi(&o, c->coverage);
        pm_out_char(&o, ',');
        pm_out_str(&o, tier_key(m, c->tier));
        pm_out_char(&o, ',');
        pm_out_str(&o, pm_card_keys[c->card]);
        pm_out_char(&o, ',');
        out_reasons(&o, d, c, ";", false);
        for (int s = 0; s < 3; s++) {
            pm_out_char(&o, ',');
            out_rank(&o, c->rank[s]);
        }
        pm_out_char(&o, '\n');
        return pm_out_finish(&o);
    }
    const char *name;
    const struct pm_group_stats *st = group(d, scope, n, &name);
    if (!st)
        return PMINDEX_E_NOT_FOUND;
    pm_out_csv_field(&o, name);
    pm_out_char(&o, ',');
    pm_out_int(&o, st->compounds);
    pm_out_char(&o, ',');
    pm_out_int(&o, st->households);
    for (int32_t t = 0; t < m->ntiers; t++) {
        pm_out_char(&o, ',');
        pm_out_int(&o, st->tiers[t + 1]);
    }
    pm_out_char(&o, ',');
    pm_out_int(&o, st->tiers[0]);
    pm_out_char(&o, ',');
    pm_out_int(&o, st->cards[PMINDEX_CARD_RED]);
    pm_out_char(&o, ',');
    pm_out_int(&o, st->cards[PMINDEX_CARD_BLACK]);
    const int64_t stats[] = {st->mean, st->wmean, st->median, st->min, st->max};
    for (size_t i = 0; i < PM_ARRAY_SIZE(stats); i++) {
        pm_out_char(&o, ',');
        if (st->tiered)
            pm_out_centi(&o, stats[i]);
    }
    pm_out_char(&o, ',');
    out_rank(&o, st->rank);
    pm_out_char(&o, ',');
    lists_text(&o, st->lists, false);
    pm_out_char(&o, ',');
    /* The names, separated by ';', as one cell. */
    const uint32_t *black = d->scope[scope - 1].black + st->black_first;
    bool quote = false;
    for (int64_t b = 0; b < st->black_count; b++)
        quote |= strpbrk(black_name(d, black[b]), ",\"\r\n") != NULL;
    if (quote)
        pm_out_char(&o, '"');
    for (int64_t b = 0; b < st->black_count; b++) {
        if (b)
            pm_out_char(&o, ';');
        const char *s = black_name(d, black[b]);
        for (; *s; s++) {
            if (*s == '"')
                pm_out_char(&o, '"');
            pm_out_char(&o, *s);
        }
    }
    if (quote)
        pm_out_char(&o, '"');
    pm_out_char(&o, '\n');
    return pm_out_finish(&o);
}

static void json_key(struct pm_out *o, const char *key)
{
    pm_out_char(o, ',');
    pm_out_json_string(o, key);
    pm_out_char(o, ':');
}

static void json_rank(struct pm_out *o, int64_t rank)
{
    if (rank > 0)
        pm_out_int(o, rank);
    else
        pm_out_str(o, "null");
}

PMINDEX_API int64_t pmindex_district_jsonl_record(const pmindex_district *d, int32_t scope,
                                                  int64_t n, char *buf, size_t cap)
{
    if (!d || !valid_scope(scope))
        return PMINDEX_E_INVALID;
    if (!d->computed)
        return PMINDEX_E_STATE;
    const pmindex_model *m = d->model;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    if (scope == PMINDEX_SCOPE_DISTRICT) {
        int64_t k;
        const struct pm_dc *c = listed(d, n, &k);
        if (!c)
            return PMINDEX_E_NOT_FOUND;
        static const char *const fields[] = {"compound_id", "name", "street", "station",
                                             "company"};
        pm_out_str(&o, "{\"compound_id\":");
        pm_out_json_string(&o, pmindex_district_compound_field(d, k, PMINDEX_FIELD_ID));
        for (int f = 1; f < 5; f++) {
            json_key(&o, fields[f]);
            pm_out_json_string(&o, pmindex_district_compound_field(d, k, f));
        }
        json_key(&o, "households");
        if (c->households >= 0)
            pm_out_int(&o, c->households);
        else
            pm_out_str(&o, "null");
        json_key(&o, "managed");
        pm_out_str(&o, c->managed ? "true" : "false");
        json_key(&o, "index");
        if (c->index >= 0)
            pm_out_centi(&o, c->index);
        else
            pm_out_str(&o, "null");
        json_key(&o, "indicators");
        pm_out_char(&o, '{');
        const int32_t *p = d->points + (size_t)k * (size_t)m->nindicators;
        for (int32_t i = 0; i < m->nindicators; i++) {
            if (i)
                pm_out_char(&o, ',');
            pm_out_json_string(&o, m->indicators[i].id);
            pm_out_char(&o, ':');
            if (p[i] >= 0)
                pm_out_centi(&o, p[i]);
            else
                pm_out_str(&o, "null");
        }
        pm_out_char(&o, '}');
        json_key(&o, "coverage");
        pm_out_centi(&o, c->coverage);
        json_key(&o, "tier");
        pm_out_json_string(&o, tier_key(m, c->tier));
        json_key(&o, "card");
        pm_out_json_string(&o, pm_card_keys[c->card]);
        json_key(&o, "reasons");
        pm_out_char(&o, '[');
        out_reasons(&o, d, c, ",", true);
        pm_out_char(&o, ']');
        static const char *const ranks[] = {"rank", "street_rank", "station_rank",
                                            "company_rank"};
        for (int s = 0; s < 4; s++) {
            json_key(&o, ranks[s]);
            json_rank(&o, c->rank[s]);
        }
        pm_out_str(&o, "}\n");
        return pm_out_finish(&o);
    }
    const char *name;
    const struct pm_group_stats *st = group(d, scope, n, &name);
    if (!st)
        return PMINDEX_E_NOT_FOUND;
    pm_out_str(&o, "{");
    pm_out_json_string(&o, scope_keys[scope]);
    pm_out_char(&o, ':');
    pm_out_json_string(&o, name);
    json_key(&o, "compounds");
    pm_out_int(&o, st->compounds);
    json_key(&o, "households");
    pm_out_int(&o, st->households);
    json_key(&o, "tiers");
    pm_out_char(&o, '{');
    for (int32_t t = 0; t <= m->ntiers; t++) {
        if (t)
            pm_out_char(&o, ',');
        pm_out_json_string(&o, tier_key(m, t < m->ntiers ? t : -1));
        pm_out_char(&o, ':');
        pm_out_int(&o, st->tiers[t < m->ntiers ? t + 1 : 0]);
    }
    pm_out_char(&o, '}');
    json_key(&o, "cards");
    pm_out_str(&o, "{\"red\":");
    pm_out_int(&o, st->cards[PMINDEX_CARD_RED]);
    pm_out_str(&o, ",\"black\":");
    pm_out_int(&o, st->cards[PMINDEX_CARD_BLACK]);
    pm_out_char(&o, '}');
    static const char *const keys[] = {"mean", "weighted_mean", "median", "min", "max"};
    const int64_t stats[] = {st->mean, st->wmean, st->median, st->min, st->max};
    for (size_t i = 0; i < PM_ARRAY_SIZE(stats); i++) {
        json_key(&o, keys[i]);
        if (st->tiered)
            pm_out_centi(&o, stats[i]);
        else
            pm_out_str(&o, "null");
    }
    json_key(&o, "rank");
    json_rank(&o, st->rank);
    json_key(&o, "lists");
    pm_out_char(&o, '[');
    lists_text(&o, st->lists, true);
    pm_out_char(&o, ']');
    json_key(&o, "black_compounds");
    pm_out_char(&o, '[');
    const uint32_t *black = d->scope[scope - 1].black + st->black_first;
    for (int64_t b = 0; b < st->black_count; b++) {
        pm_out_str(&o, b ? ",{\"compound_id\":" : "{\"compound_id\":");
        pm_out_json_string(&o, pmindex_district_compound_field(d, black[b], PMINDEX_FIELD_ID));
        json_key(&o, "name");
        pm_out_json_string(&o, pmindex_district_compound_field(d, black[b], PMINDEX_FIELD_NAME));
        pm_out_char(&o, '}');
    }
    pm_out_str(&o, "]}\n");
    return pm_out_finish(&o);
}
