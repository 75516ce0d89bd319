/* The Monte Carlo analysis as records: a compound's probabilities and rank
 * interval, a group's rank interval and lists, an input's sensitivity,
 * described once for record.c to write as CSV or JSON Lines. */
#include <string.h>

#include "model.h"
#include "record.h"
#include "uncertainty.h"

static const char *const scope_keys[] = {"district", "street", "station", "company"};

/* A value in millionths with its interval: three CSV cells PREFIX NAME,
 * PREFIX NAME_low, PREFIX NAME_high, or in JSON an object {KEY, "low",
 * "high"} under NAME; exact decimals, empty or null without has. */
static void interval_fields(struct pm_rec *r, const char *prefix, const char *name,
                            const char *key, bool has, int64_t value, int64_t low, int64_t high)
{
    const int64_t v[3] = {value, low, high};
    if (pm_rec_json(r)) {
        pm_rec_field(r, name);
        pm_rec_object_begin(r);
        for (int k = 0; k < 3; k++) {
            pm_rec_field(r, k == 0 ? key : k == 1 ? "low" : "high");
            pm_rec_decimal(r, has, has ? v[k] * 100 : 0);
        }
        pm_rec_object_end(r);
        return;
    }
    static const char *const ends[] = {"", "_low", "_high"};
    for (int k = 0; k < 3; k++) {
        char cell[2 * PMINDEX_MAX_ID_LENGTH + 16];
        struct pm_out o;
        pm_out_init(&o, cell, sizeof cell);
        pm_out_str(&o, prefix);
        pm_out_str(&o, name);
        pm_out_str(&o, ends[k]);
        pm_out_finish(&o);
        if (pm_rec_field(r, cell))
            pm_rec_decimal(r, has, has ? v[k] * 100 : 0);
    }
}

/* A probability count / samples: "p_NAME" cells or {"p", "low", "high"}. */
static void probability_fields(struct pm_rec *r, const pmindex_uncertainty *u, const char *name,
                               bool has, int64_t count)
{
    int64_t low = 0, high = 0, p = 0;
    if (has) {
        pm_uncertainty_interval(u, count, &low, &high);
        p = pm_muldiv_round(count, PMINDEX_PPM, u->samples);
    }
    interval_fields(r, "p_", name, "p", has, p, low, high);
}

static void rank_fields(struct pm_rec *r, const struct pm_rank_stats *s)
{
    bool has = s && s->median > 0;
    if (pm_rec_field(r, "rank_median"))
        pm_rec_int(r, has, has ? s->median : 0);
    if (pm_rec_field(r, "rank_p5"))
        pm_rec_int(r, has, has ? s->low : 0);
    if (pm_rec_field(r, "rank_p95"))
        pm_rec_int(r, has, has ? s->high : 0);
}

/* A compound (c < 0 for the CSV header). */
static void compound_fields(struct pm_rec *r, const pmindex_uncertainty *u, int64_t c)
{
    static const char *const fields[] = {"compound_id", "name", "street", "station", "company"};
    const pmindex_model *m = u->model;
    const pmindex_district *d = u->district;
    bool json = pm_rec_json(r), at = c >= 0;
    for (int32_t f = PMINDEX_FIELD_ID; f <= PMINDEX_FIELD_COMPANY; f++)
        if (pm_rec_field(r, fields[f]))
            pm_rec_text(r, pmindex_district_compound_field(d, c, f));
    int64_t index = 0;
    int has_index = at ? pmindex_district_compound_index(d, c, &index) : 0;
    int32_t tier = at ? pmindex_district_compound_tier(d, c) : PMINDEX_TIER_FALLBACK;
    if (pm_rec_field(r, "index"))
        pm_rec_centi(r, has_index == 1, index);
    if (pm_rec_field(r, "tier"))
        pm_rec_text(r, pm_rec_tier_key(m, tier));
    if (pm_rec_field(r, "card"))
        pm_rec_text(r, pm_card_keys[at ? pmindex_district_compound_card(d, c) : 0]);
    int64_t rank = at ? pmindex_district_compound_rank(d, c, PMINDEX_SCOPE_DISTRICT) : 0;
    if (pm_rec_field(r, "rank"))
        pm_rec_int(r, rank > 0, rank);
    const uint32_t *tiers = at ? u->tier_counts + (size_t)c * (size_t)(m->ntiers + 1) : NULL;
    const uint32_t *cards = at ? u->card_counts + (size_t)c * 3 : NULL;
    if (json) {
        pm_rec_field(r, "tiers");
        pm_rec_object_begin(r);
    }
    for (int32_t t = 0; t < m->ntiers; t++)
        probability_fields(r, u, m->tiers[t].key, at, at ? tiers[t + 1] : 0);
    if (json)
        pm_rec_object_end(r);
    probability_fields(r, u, "red", at, at ? cards[PMINDEX_CARD_RED] : 0);
    probability_fields(r, u, "black", at, at ? cards[PMINDEX_CARD_BLACK] : 0);
    rank_fields(r, at ? &u->ranks[c] : NULL);
}

/* A group of a scope (g < 0 for the CSV header): its internal number g. */
static void group_fields(struct pm_rec *r, const pmindex_uncertainty *u, int32_t scope,
                         int32_t listed, int32_t g)
{
    const pmindex_district *d = u->district;
    bool at = g >= 0;
    if (pm_rec_field(r, scope_keys[scope]))
        pm_rec_text(r, at ? pmindex_district_group_name(d, scope, listed) : "");
    int32_t rank = at ? pmindex_district_group_rank(d, scope, listed) : 0;
    if (pm_rec_field(r, "rank"))
        pm_rec_int(r, rank > 0, rank);
    rank_fields(r, at ? &u->group_ranks[scope - 1][g] : NULL);
    if (scope != PMINDEX_SCOPE_COMPANY)
        return;
    bool lists = at && rank > 0; /* a company without a tiered compound is on no list */
    probability_fields(r, u, "honour", lists, lists ? u->list_counts[2 * (size_t)g] : 0);
    probability_fields(r, u, "watch", lists, lists ? u->list_counts[2 * (size_t)g + 1] : 0);
}

static bool valid_scope(int32_t scope)
{
    return scope >= PMINDEX_SCOPE_DISTRICT && scope <= PMINDEX_SCOPE_COMPANY;
}

static int64_t empty(char *buf, size_t cap)
{
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    return pm_out_finish(&o);
}

PMINDEX_API int64_t pmindex_uncertainty_header(const pmindex_uncertainty *u, int32_t scope,
                                               int32_t format, uint32_t flags, char *buf,
                                               size_t cap)
{
    if (!u || !valid_scope(scope) || !pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (format == PMINDEX_FORMAT_JSONL)
        return empty(buf, cap);
    struct pm_out o;
    struct pm_rec r;
    pm_out_init(&o, buf, cap);
    pm_rec_begin(&r, &o, format, true);
    /* The header reads nothing of the results (the district may be NULL:
     * its functions then give ""). */
    if (scope == PMINDEX_SCOPE_DISTRICT)
        compound_fields(&r, u, -1);
    else
        group_fields(&r, u, scope, -1, -1);
    pm_rec_end(&r);
    return pm_out_finish(&o);
}

PMINDEX_API int64_t pmindex_uncertainty_record(const pmindex_uncertainty *u, int32_t scope,
                                               int64_t n, int32_t format, uint32_t flags,
                                               char *buf, size_t cap)
{
    if (!u || !valid_scope(scope) || !pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (!u->run)
        return PMINDEX_E_STATE;
    const pmindex_district *d = u->district;
    struct pm_out o;
    struct pm_rec r;
    if (scope == PMINDEX_SCOPE_DISTRICT) {
        int64_t c = pmindex_district_listed(d, n);
        if (c < 0)
            return PMINDEX_E_NOT_FOUND;
        pm_out_init(&o, buf, cap);
        pm_rec_begin(&r, &o, format, false);
        compound_fields(&r, u, c);
    } else {
        if (n < 0 || n >= d->scope[scope - 1].count)
            return PMINDEX_E_NOT_FOUND;
        pm_out_init(&o, buf, cap);
        pm_rec_begin(&r, &o, format, false);
        group_fields(&r, u, scope, (int32_t)n, d->scope[scope - 1].order[n]);
    }
    pm_rec_end(&r);
    return pm_out_finish(&o);
}

/* ---- the inputs' sensitivity ---------------------------------------------------------- */

static void measure_fields(struct pm_rec *r, const char *name, const struct pm_estimate *e)
{
    bool has = e && e->has;
    interval_fields(r, "", name, "value", has, has ? e->value : 0, has ? e->low : 0,
                    has ? e->high : 0);
}

static void input_fields(struct pm_rec *r, const pmindex_uncertainty *u, const struct pm_input *in)
{
    static const char *const measures[] = {"", "cards", "first_order", "total"};
    char name[PMINDEX_MAX_ID_LENGTH + 16] = "";
    if (in) {
        struct pm_out o;
        pm_out_init(&o, name, sizeof name);
        if (in->kind == PMINDEX_INPUT_WEIGHTS) {
            pm_out_str(&o, "weight:");
            pm_out_str(&o, u->model->indicators[in->indicator].id);
        } else {
            pm_out_str(&o, in->kind == PMINDEX_INPUT_GOALPOSTS ? "goalposts" : "errors");
        }
        pm_out_finish(&o);
    }
    if (pm_rec_field(r, "input"))
        pm_rec_text(r, name);
    if (pm_rec_json(r)) {
        pm_rec_field(r, "indicator");
        if (in && in->kind == PMINDEX_INPUT_WEIGHTS)
            pm_rec_text(r, u->model->indicators[in->indicator].id);
        else
            pm_rec_null(r);
    }
    for (int x = PMINDEX_SENSITIVITY_CARDS; x <= PMINDEX_SENSITIVITY_TOTAL; x++)
        measure_fields(r, measures[x], in ? &in->measure[x] : NULL);
}

PMINDEX_API int64_t pmindex_uncertainty_input_header(const pmindex_uncertainty *u, int32_t format,
                                                     uint32_t flags, char *buf, size_t cap)
{
    if (!u || !pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (format == PMINDEX_FORMAT_JSONL)
        return empty(buf, cap);
    struct pm_out o;
    struct pm_rec r;
    pm_out_init(&o, buf, cap);
    pm_rec_begin(&r, &o, format, true);
    input_fields(&r, u, NULL);
    pm_rec_end(&r);
    return pm_out_finish(&o);
}

PMINDEX_API int64_t pmindex_uncertainty_input_record(const pmindex_uncertainty *u, int32_t n,
                                                     int32_t format, uint32_t flags, char *buf,
                                                     size_t cap)
{
    if (!u || !pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (!u->run)
        return PMINDEX_E_STATE;
    if (n < 0 || n >= u->ninputs)
        return PMINDEX_E_NOT_FOUND;
    struct pm_out o;
    struct pm_rec r;
    pm_out_init(&o, buf, cap);
    pm_rec_begin(&r, &o, format, false);
    input_fields(&r, u, &u->inputs[n]);
    pm_rec_end(&r);
    return pm_out_finish(&o);
}
