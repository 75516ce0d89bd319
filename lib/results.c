/* Results as CSV and JSON Lines records: the one place that decides how a
 * verdict is written, shared by the programs and the bindings. */
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "compound.h"
#include "decimal.h"
#include "model.h"

const char *const pm_card_keys[3] = {"none", "red", "black"};

PMINDEX_API int64_t pmindex_csv_header(const pmindex_model *m, char *buf, size_t cap)
{
    if (!m)
        return PMINDEX_E_INVALID;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_str(&o, "compound_id,index");
    for (int32_t k = 0; k < m->nindicators; k++) {
        pm_out_char(&o, ',');
        pm_out_str(&o, m->indicators[k].id);
    }
    pm_out_str(&o, ",coverage,tier,card,reasons\n");
    return pm_out_finish(&o);
}

/* The reason keys, written straight into the output. */
static void out_reasons(struct pm_out *o, const pmindex_assessment *a, const char *sep,
                        bool quoted)
{
    for (int32_t n = 0; n < a->nreasons; n++) {
        if (n)
            pm_out_str(o, sep);
        if (quoted)
            pm_out_char(o, '"');
        pm_out_reason_key(o, a, &a->reasons[n]);
        if (quoted)
            pm_out_char(o, '"');
    }
}

static const char *tier_key(const pmindex_assessment *a)
{
    return a->tier == PMINDEX_TIER_FALLBACK ? "fallback" : a->model->tiers[a->tier].key;
}

static int64_t coverage(const pmindex_assessment *a)
{
    return pmindex_assessment_coverage(a, NULL, NULL);
}

PMINDEX_API int64_t pmindex_csv_record(const pmindex_assessment *a, const pmindex_compound *c,
                                       char *buf, size_t cap)
{
    if (!a || !c || a->model != c->model)
        return PMINDEX_E_INVALID;
    const pmindex_model *m = a->model;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_str(&o, c->field[PMINDEX_FIELD_ID]);
    pm_out_char(&o, ',');
    if (a->has_index)
        pm_out_centi(&o, a->index);
    for (int32_t k = 0; k < m->nindicators; k++) {
        pm_out_char(&o, ',');
        if (a->applicable[k])
            pm_out_centi(&o, a->points[k]);
    }
    pm_out_char(&o, ',');
    pm_out_centi(&o, coverage(a));
    pm_out_char(&o, ',');
    pm_out_str(&o, tier_key(a));
    pm_out_char(&o, ',');
    pm_out_str(&o, pm_card_keys[a->card]);
    pm_out_char(&o, ',');
    out_reasons(&o, a, ";", false);
    pm_out_char(&o, '\n');
    return pm_out_finish(&o);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
void pm_out_json_string(struct pm_out *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    pm_out_char(o, '"');
    const char *run = s;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        pm_out_bytes(o, run, (size_t)(s - run));
        run = s + 1;
        switch (ch) {
        case '"': pm_out_str(o, "\\\""); break;
        case '\\': pm_out_str(o, "\\\\"); break;
        case '\n': pm_out_str(o, "\\n"); break;
        case '\r': pm_out_str(o, "\\r"); break;
        case '\t': pm_out_str(o, "\\t"); break;
        default:
            pm_out_str(o, "\\u00");
            pm_out_char(o, hex[ch >> 4]);
            pm_out_char(o, hex[ch & 15]);
        }
    }
    pm_out_bytes(o, run, (size_t)(s - run));
    pm_out_char(o, '"');
}

static void json_key(struct pm_out *o, const char *key)
{
    pm_out_char(o, ',');
    pm_out_json_string(o, key);
    pm_out_char(o, ':');
}

static void json_centi_or_null(struct pm_out *o, bool has, int64_t v)
{
    if (has)
        pm_out_centi(o, v);
    else
        pm_out_str(o, "null");
}

PMINDEX_API int64_t pmindex_jsonl_record(const pmindex_assessment *a, const pmindex_compound *c,
                                         char *buf, size_t cap)
{
    if (!a || !c || a->model != c->model)
        return PMINDEX_E_INVALID;
    const pmindex_model *m = a->model;
    static const char *const fields[] = {"compound_id", "name", "street",
                                         "station",     "company", "period"};
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_str(&o, "{\"compound_id\":");
    pm_out_json_string(&o, c->field[PMINDEX_FIELD_ID]);
    for (int f = 1; f < PM_FIELD_COUNT; f++) {
        json_key(&o, fields[f]);
        pm_out_json_string(&o, c->field[f]);
    }
    json_key(&o, "households");
    if (c->households >= 0)
        pm_out_int(&o, c->households);
    else
        pm_out_str(&o, "null");
    json_key(&o, "managed");
    pm_out_str(&o, c->managed ? "true" : "false");
    json_key(&o, "index");
    json_centi_or_null(&o, a->has_index, a->index);
    json_key(&o, "indicators");
    pm_out_char(&o, '[');
    for (int32_t k = 0; k < m->nindicators; k++) {
        bool has = a->applicable[k] != 0;
        pm_out_str(&o, k ? ",{\"id\":" : "{\"id\":");
        pm_out_json_string(&o, m->indicators[k].id);
        json_key(&o, "points");
        json_centi_or_null(&o, has, a->points[k]);
        json_key(&o, "earned");
        json_centi_or_null(&o, has, a->earned[k]);
        json_key(&o, "applicable");
        json_centi_or_null(&o, has, a->applicable[k]);
        json_key(&o, "share");
        int64_t share = 0;
        pmindex_assessment_indicator(a, k, NULL, NULL, NULL, &share);
        json_centi_or_null(&o, has, share);
        pm_out_char(&o, '}');
    }
    pm_out_char(&o, ']');
    json_key(&o, "coverage");
    pm_out_centi(&o, coverage(a));
    json_key(&o, "tier");
    pm_out_json_string(&o, tier_key(a));
    json_key(&o, "card");
    pm_out_json_string(&o, pm_card_keys[a->card]);
    json_key(&o, "reasons");
    pm_out_char(&o, '[');
    out_reasons(&o, a, ",", true);
    pm_out_char(&o, ']');
    json_key(&o, "items");
    pm_out_char(&o, '[');
    for (int32_t i = 0; i < m->nitems; i++) {
        bool has = c->values[i] != PM_NA;
        pm_out_str(&o, i ? ",{\"id\":" : "{\"id\":");
        pm_out_json_string(&o, m->items[i].id);
        json_key(&o, "value");
        if (has) {
            char v[40];
            pm_decimal_text(c->values[i], v);
            pm_out_str(&o, v);
        } else {
            pm_out_str(&o, "null");
        }
        json_key(&o, "points");
        json_centi_or_null(&o, has, a->item_points[i]);
        json_key(&o, "lost");
        json_centi_or_null(&o, has, has ? m->items[i].max - a->item_points[i] : 0);
        pm_out_char(&o, '}');
    }
    pm_out_char(&o, ']');
    json_key(&o, "losses");
    pm_out_char(&o, '[');
    int32_t order[64];
    int32_t *all = order;
    int32_t nloss = pmindex_assessment_losses(a, order, PM_ARRAY_SIZE(order));
    if ((size_t)nloss > PM_ARRAY_SIZE(order)) {
        all = malloc((size_t)nloss * sizeof *all); /* only for models of many items */
        if (!all)
            return PMINDEX_E_NOMEM;
        pmindex_assessment_losses(a, all, (size_t)nloss);
    }
    for (int32_t n = 0; n < nloss; n++) {
        if (n)
            pm_out_char(&o, ',');
        pm_out_json_string(&o, m->items[all[n]].id);
    }
    if (all != order)
        free(all);
    pm_out_str(&o, "]}\n");
    return pm_out_finish(&o);
}
