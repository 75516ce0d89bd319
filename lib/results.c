/* Verdicts as records: the description of an assessment's fields, which
 * record.c writes as CSV or JSON Lines, and the part of it that a
 * district's compound shares (rankings.c). */
#include <stdlib.h>
#include <string.h>

#include "arith.h"
#include "assess.h"
#include "compound.h"
#include "decimal.h"
#include "margins.h"
#include "model.h"
#include "record.h"

/* Room for a reason's key: "black:share:" and an identifier. */
enum { REASON_KEY_CAP = 16 + PMINDEX_MAX_ID_LENGTH * 2 };

static const char *const field_names[PM_FIELD_COUNT] = {"compound_id", "name", "street",
                                                        "station", "company", "period"};

static void indicator_fields(struct pm_rec *r, const struct pm_verdict *v, uint32_t style)
{
    const pmindex_model *m = v->model;
    if (!pm_rec_json(r)) {
        for (int32_t k = 0; k < m->nindicators; k++)
            if (pm_rec_field(r, m->indicators[k].id)) {
                bool has = v->points16 ? v->points16[k] >= 0 : v->applicable[k] != 0;
                pm_rec_centi(r, has, v->points16 ? v->points16[k] : v->points[k]);
            }
        return;
    }
    pm_rec_field(r, "indicators");
    if (!(style & PM_VERDICT_INDICATOR_SHARES)) {
        pm_rec_object_begin(r);
        for (int32_t k = 0; k < m->nindicators; k++) {
            pm_rec_field(r, m->indicators[k].id);
            pm_rec_centi(r, v->points16[k] >= 0, v->points16[k]);
        }
        pm_rec_object_end(r);
        return;
    }
    pm_rec_array_begin(r);
    for (int32_t k = 0; k < m->nindicators; k++) {
        int64_t ak = v->applicable[k];
        bool has = ak != 0;
        pm_rec_field(r, NULL);
        pm_rec_object_begin(r);
        pm_rec_field(r, "id");
        pm_rec_text(r, m->indicators[k].id);
        pm_rec_field(r, "points");
        pm_rec_centi(r, has, v->points[k]);
        pm_rec_field(r, "earned");
        pm_rec_centi(r, has, v->earned[k]);
        pm_rec_field(r, "applicable");
        pm_rec_centi(r, has, ak);
        pm_rec_field(r, "share");
        pm_rec_centi(r, has, has ? pm_muldiv_round(v->earned[k], PM_CENTI_FULL, ak) : 0);
        pm_rec_object_end(r);
    }
    pm_rec_array_end(r);
}

void pm_rec_verdict(struct pm_rec *r, const struct pm_verdict *v, uint32_t style)
{
    const pmindex_model *m = v->model;
    bool json = pm_rec_json(r);
    int32_t last = json ? (v->field[PMINDEX_FIELD_PERIOD] ? PMINDEX_FIELD_PERIOD
                                                          : PMINDEX_FIELD_COMPANY)
                        : (style & PM_VERDICT_1_0_CSV ? PMINDEX_FIELD_ID : PMINDEX_FIELD_COMPANY);
    for (int32_t f = PMINDEX_FIELD_ID; f <= last; f++)
        if (pm_rec_field(r, field_names[f]))
            pm_rec_text(r, v->field[f]);
    if (json) {
        pm_rec_field(r, "households");
        pm_rec_int(r, v->households >= 0, v->households);
        pm_rec_field(r, "managed");
        pm_rec_bool(r, v->managed);
    }
    if (pm_rec_field(r, "index"))
        pm_rec_centi(r, v->has_index, v->index);
    indicator_fields(r, v, style);
    if (pm_rec_field(r, "coverage"))
        pm_rec_centi(r, true, v->coverage);
    if (pm_rec_field(r, "tier"))
        pm_rec_text(r, pm_rec_tier_key(m, v->tier));
    if (pm_rec_field(r, "card"))
        pm_rec_text(r, pm_card_keys[v->card]);
    if (pm_rec_field(r, "reasons")) {
        pm_rec_list_begin(r, false); /* keys are identifiers: never quoted */
        for (int32_t n = 0; n < v->nreasons; n++) {
            char key[REASON_KEY_CAP];
            struct pm_out o;
            pm_out_init(&o, key, sizeof key);
            pm_out_reason_key(&o, m, &v->reasons[n]);
            pm_out_finish(&o);
            pm_rec_list_text(r, key);
        }
        pm_rec_list_end(r);
    }
}

static void verdict_of(struct pm_verdict *v, const pmindex_assessment *a,
                       const pmindex_compound *c)
{
    v->model = a->model;
    for (int f = 0; f < PM_FIELD_COUNT; f++)
        v->field[f] = c->field[f];
    v->households = c->households;
    v->managed = c->managed != 0;
    v->has_index = a->has_index;
    v->index = a->index;
    v->coverage = pmindex_assessment_coverage(a, NULL, NULL);
    v->tier = a->tier;
    v->card = a->card;
    v->points = a->points;
    v->earned = a->earned;
    v->applicable = a->applicable;
    v->reasons = a->reasons;
    v->nreasons = a->nreasons;
}

/* JSON only: every item's observation and points, then the items that
 * lost points, largest loss first. */
static int item_fields(struct pm_rec *r, const pmindex_assessment *a, const pmindex_compound *c)
{
    const pmindex_model *m = a->model;
    pm_rec_field(r, "items");
    pm_rec_array_begin(r);
    for (int32_t i = 0; i < m->nitems; i++) {
        bool has = c->values[i] != PM_NA;
        pm_rec_field(r, NULL);
        pm_rec_object_begin(r);
        pm_rec_field(r, "id");
        pm_rec_text(r, m->items[i].id);
        pm_rec_field(r, "value");
        pm_rec_decimal(r, has, c->values[i]);
        pm_rec_field(r, "points");
        pm_rec_centi(r, has, a->item_points[i]);
        pm_rec_field(r, "lost");
        pm_rec_centi(r, has, has ? m->items[i].max - a->item_points[i] : 0);
        pm_rec_object_end(r);
    }
    pm_rec_array_end(r);
    int32_t order[64];
    int32_t *all = order;
    int32_t nloss = pmindex_assessment_losses(a, order, PM_ARRAY_SIZE(order));
    if ((size_t)nloss > PM_ARRAY_SIZE(order)) {
        all = malloc((size_t)nloss * sizeof *all); /* only for models of many items */
        if (!all)
            return PMINDEX_E_NOMEM;
        pmindex_assessment_losses(a, all, (size_t)nloss);
    }
    pm_rec_field(r, "losses");
    pm_rec_list_begin(r, false);
    for (int32_t n = 0; n < nloss; n++)
        pm_rec_list_text(r, m->items[all[n]].id);
    pm_rec_list_end(r);
    if (all != order)
        free(all);
    return PMINDEX_OK;
}

/* How sure the verdict is: index margins, flips and fragility (g NULL for
 * the CSV header). */
static void margin_fields(struct pm_rec *r, const pmindex_margins *g)
{
    static const struct pmindex_margins none = {0};
    if (!g)
        g = &none;
    const pmindex_model *m = g->model;
    bool json = pm_rec_json(r);
    if (json) {
        pm_rec_field(r, "margins");
        pm_rec_object_begin(r);
    }
    if (pm_rec_field(r, "index_down"))
        pm_rec_centi(r, g->has_tier, g->down);
    if (pm_rec_field(r, "index_up"))
        pm_rec_centi(r, g->has_tier && g->up >= 0, g->up);
    if (json) {
        pm_rec_field(r, "fragile");
        pm_rec_bool(r, g->fragile);
        pm_rec_object_end(r);
        pm_rec_field(r, "flips");
        pm_rec_array_begin(r);
        for (int32_t n = 0; n < g->nflips; n++) {
            const struct pm_flip *f = &g->flips[n];
            bool veto = f->direction == PMINDEX_FLIP_LIFTED;
            bool na = f->direction == PMINDEX_FLIP_BEST || f->direction == PMINDEX_FLIP_WORST;
            int64_t steps = pm_flip_steps(f);
            pm_rec_field(r, NULL);
            pm_rec_object_begin(r);
            pm_rec_field(r, "item");
            pm_rec_text(r, veto ? m->vetoes[f->element].id : m->items[f->element].id);
            pm_rec_field(r, "direction");
            pm_rec_text(r, pm_flip_direction_keys[f->direction]);
            pm_rec_field(r, "from");
            pm_rec_decimal(r, !na, f->from);
            pm_rec_field(r, "to");
            pm_rec_decimal(r, true, f->to);
            pm_rec_field(r, "tier");
            pm_rec_text(r, pm_rec_tier_key(m, f->tier));
            pm_rec_field(r, "card");
            pm_rec_text(r, pm_card_keys[f->card]);
            pm_rec_field(r, "steps");
            pm_rec_centi(r, steps >= 0, steps);
            pm_rec_object_end(r);
        }
        pm_rec_array_end(r);
        return;
    }
    if (pm_rec_field(r, "flips")) {
        pm_rec_list_begin(r, false); /* ids, keys and decimals: never quoted */
        for (int32_t n = 0; n < g->nflips; n++) {
            char text[4 * PMINDEX_MAX_ID_LENGTH + 2 * PM_DECIMAL_TEXT];
            struct pm_out o;
            pm_out_init(&o, text, sizeof text);
            pm_out_flip(&o, m, &g->flips[n]);
            pm_out_finish(&o);
            pm_rec_list_text(r, text);
        }
        pm_rec_list_end(r);
    }
    if (pm_rec_field(r, "fragile"))
        pm_rec_bool(r, g->fragile);
}

/* An assessment's record (a and c NULL for the CSV header); g its margins
 * with PMINDEX_RECORD_MARGINS, else NULL. */
static int64_t assessment_record(const pmindex_model *m, const pmindex_assessment *a,
                                 const pmindex_compound *c, const pmindex_margins *g,
                                 bool margins, int32_t format, uint32_t style, char *buf,
                                 size_t cap)
{
    struct pm_out o;
    struct pm_rec r;
    struct pm_verdict v = {.model = m};
    pm_out_init(&o, buf, cap);
    pm_rec_begin(&r, &o, format, a == NULL);
    if (a)
        verdict_of(&v, a, c);
    pm_rec_verdict(&r, &v, style);
    if (pm_rec_json(&r) && item_fields(&r, a, c) != PMINDEX_OK)
        return PMINDEX_E_NOMEM;
    if (margins)
        margin_fields(&r, g);
    pm_rec_end(&r);
    return pm_out_finish(&o);
}

static bool flags_ok(uint32_t flags)
{
    return (flags & ~(uint32_t)PMINDEX_RECORD_MARGINS) == 0;
}

PMINDEX_API int64_t pmindex_assessment_header(const pmindex_model *m, int32_t format,
                                              uint32_t flags, char *buf, size_t cap)
{
    if (!m || !pm_rec_format_ok(format) || !flags_ok(flags) || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (format == PMINDEX_FORMAT_JSONL) { /* JSON Lines has no header line */
        struct pm_out o;
        pm_out_init(&o, buf, cap);
        return pm_out_finish(&o);
    }
    return assessment_record(m, NULL, NULL, NULL, flags & PMINDEX_RECORD_MARGINS, format, 0, buf,
                             cap);
}

PMINDEX_API int64_t pmindex_assessment_record(const pmindex_assessment *a,
                                              const pmindex_compound *c, int32_t format,
                                              uint32_t flags, char *buf, size_t cap)
{
    if (!a || !c || a->model != c->model || !pm_rec_format_ok(format) || !flags_ok(flags) ||
        (!buf && cap))
        return PMINDEX_E_INVALID;
    if (!(flags & PMINDEX_RECORD_MARGINS))
        return assessment_record(a->model, a, c, NULL, false, format,
                                 PM_VERDICT_INDICATOR_SHARES, buf, cap);
    /* The margins are those of the compound, assessed afresh, so that they
     * agree with it whatever assessment the caller passed. A small model's
     * fit on the stack: no allocation per record. */
    struct pm_margins_small small;
    pmindex_margins *g = &small.g;
    if (!pm_margins_small_init(&small, a->model) && pmindex_margins_new(a->model, &g) != PMINDEX_OK)
        return PMINDEX_E_NOMEM;
    pmindex_margins_compute(g, c);
    int64_t n = assessment_record(a->model, a, c, g, true, format, PM_VERDICT_INDICATOR_SHARES,
                                  buf, cap);
    if (g != &small.g)
        pmindex_margins_free(g);
    return n;
}

PMINDEX_API int64_t pmindex_margins_record(const pmindex_margins *g, const pmindex_compound *c,
                                           int32_t format, uint32_t flags, char *buf, size_t cap)
{
    if (!g || !g->computed || !c || c->model != g->model || !pm_rec_format_ok(format) || flags ||
        (!buf && cap))
        return PMINDEX_E_INVALID;
    return assessment_record(g->model, g->a, c, g, true, format, PM_VERDICT_INDICATOR_SHARES, buf,
                             cap);
}

/* ---- 1.0: the records without the descriptive columns in CSV ------------ */

PMINDEX_API int64_t pmindex_csv_header(const pmindex_model *m, char *buf, size_t cap)
{
    if (!m)
        return PMINDEX_E_INVALID;
    return assessment_record(m, NULL, NULL, NULL, false, PMINDEX_FORMAT_CSV, PM_VERDICT_1_0_CSV,
                             buf, cap);
}

PMINDEX_API int64_t pmindex_csv_record(const pmindex_assessment *a, const pmindex_compound *c,
                                       char *buf, size_t cap)
{
    if (!a || !c || a->model != c->model)
        return PMINDEX_E_INVALID;
    return assessment_record(a->model, a, c, NULL, false, PMINDEX_FORMAT_CSV, PM_VERDICT_1_0_CSV,
                             buf, cap);
}

PMINDEX_API int64_t pmindex_jsonl_record(const pmindex_assessment *a, const pmindex_compound *c,
                                         char *buf, size_t cap)
{
    if (!a || !c || a->model != c->model)
        return PMINDEX_E_INVALID;
    return assessment_record(a->model, a, c, NULL, false, PMINDEX_FORMAT_JSONL,
                             PM_VERDICT_INDICATOR_SHARES, buf, cap);
}
