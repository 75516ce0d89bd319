/* Reading a built model. */
#include <stdlib.h>
#include <string.h>

#include "arith.h"
#include "model.h"

const char *const pm_meta_columns[PM_META_COUNT] = {
    "compound_id", "name", "street", "station", "company", "period", "households", "managed",
};

PMINDEX_API void pmindex_model_free(pmindex_model *model)
{
    if (!model)
        return;
    pm_model_release(model);
    free(model);
}

PMINDEX_API const char *pmindex_model_name(const pmindex_model *m, int32_t lang)
{
    return m ? pm_text(m->name, lang) : "";
}

PMINDEX_API int32_t pmindex_model_indicator_count(const pmindex_model *m)
{
    return m ? m->nindicators : 0;
}

PMINDEX_API int32_t pmindex_model_item_count(const pmindex_model *m)
{
    return m ? m->nitems : 0;
}

PMINDEX_API int32_t pmindex_model_veto_count(const pmindex_model *m)
{
    return m ? m->nvetoes : 0;
}

PMINDEX_API int32_t pmindex_model_tier_count(const pmindex_model *m)
{
    return m ? m->ntiers : 0;
}

static int32_t find_column(const pmindex_model *m, const char *id, int32_t kind)
{
    if (!m || !id)
        return PMINDEX_E_INVALID;
    int32_t code = pm_names_find(&m->columns, id, strlen(id));
    if (code < 0 || (code & PM_COL_KIND_MASK) != kind)
        return PMINDEX_E_NOT_FOUND;
    return code & PM_COL_INDEX_MASK;
}

PMINDEX_API int32_t pmindex_model_find_indicator(const pmindex_model *m, const char *id)
{
    if (!m || !id)
        return PMINDEX_E_INVALID;
    for (int32_t k = 0; k < m->nindicators; k++)
        if (strcmp(m->indicators[k].id, id) == 0)
            return k;
    return PMINDEX_E_NOT_FOUND;
}

PMINDEX_API int32_t pmindex_model_find_item(const pmindex_model *m, const char *id)
{
    return find_column(m, id, PM_COL_ITEM);
}

PMINDEX_API int32_t pmindex_model_find_veto(const pmindex_model *m, const char *id)
{
    return find_column(m, id, PM_COL_VETO);
}

PMINDEX_API int32_t pmindex_model_find_tier(const pmindex_model *m, const char *key)
{
    if (!m || !key)
        return PMINDEX_E_INVALID;
    for (int32_t t = 0; t < m->ntiers; t++)
        if (strcmp(m->tiers[t].key, key) == 0)
            return t;
    return PMINDEX_E_NOT_FOUND;
}

#define IN(n, count) (m && (n) >= 0 && (n) < m->count)

PMINDEX_API const char *pmindex_model_indicator_id(const pmindex_model *m, int32_t k)
{
    return IN(k, nindicators) ? m->indicators[k].id : "";
}

PMINDEX_API const char *pmindex_model_indicator_name(const pmindex_model *m, int32_t k,
                                                     int32_t lang)
{
    return IN(k, nindicators) ? pm_text(m->indicators[k].name, lang) : "";
}

PMINDEX_API int64_t pmindex_model_indicator_points(const pmindex_model *m, int32_t k)
{
    return IN(k, nindicators) ? m->indicators[k].points : 0;
}

PMINDEX_API const char *pmindex_model_item_id(const pmindex_model *m, int32_t i)
{
    return IN(i, nitems) ? m->items[i].id : "";
}

PMINDEX_API const char *pmindex_model_item_name(const pmindex_model *m, int32_t i, int32_t lang)
{
    return IN(i, nitems) ? pm_text(m->items[i].name, lang) : "";
}

PMINDEX_API int32_t pmindex_model_item_indicator(const pmindex_model *m, int32_t i)
{
    return IN(i, nitems) ? m->items[i].indicator : PMINDEX_E_NOT_FOUND;
}

PMINDEX_API int64_t pmindex_model_item_max(const pmindex_model *m, int32_t i)
{
    return IN(i, nitems) ? m->items[i].max : 0;
}

PMINDEX_API int32_t pmindex_model_item_type(const pmindex_model *m, int32_t i)
{
    return IN(i, nitems) ? m->items[i].type : PMINDEX_E_NOT_FOUND;
}

PMINDEX_API int64_t pmindex_model_item_penalty(const pmindex_model *m, int32_t i)
{
    return IN(i, nitems) && m->items[i].type == PMINDEX_ITEM_DEDUCT ? m->items[i].penalty : 0;
}

PMINDEX_API int pmindex_model_item_goalposts(const pmindex_model *m, int32_t i, int64_t *zero_out,
                                             int64_t *full_out)
{
    if (!m || !zero_out || !full_out)
        return PMINDEX_E_INVALID;
    if (!IN(i, nitems) || m->items[i].type != PMINDEX_ITEM_RATE)
        return PMINDEX_E_NOT_FOUND;
    *zero_out = m->items[i].zero;
    *full_out = m->items[i].full;
    return PMINDEX_OK;
}

int64_t pm_item_default_tolerance(const struct pm_item *it)
{
    int64_t span = it->full > it->zero ? it->full - it->zero : it->zero - it->full;
    int64_t step = pm_muldiv_round(span, 1, PM_TOLERANCE_SPAN_DIVISOR);
    return step > 0 ? step : 1;
}

int64_t pm_item_tolerance(const struct pm_item *it)
{
    return it->has_tolerance ? it->tolerance : pm_item_default_tolerance(it);
}

PMINDEX_API int64_t pmindex_model_item_tolerance(const pmindex_model *m, int32_t i)
{
    if (!m)
        return PMINDEX_E_INVALID;
    if (!IN(i, nitems))
        return PMINDEX_E_NOT_FOUND;
    return m->items[i].type == PMINDEX_ITEM_RATE ? pm_item_tolerance(&m->items[i]) : 0;
}

PMINDEX_API const char *pmindex_model_item_basis(const pmindex_model *m, int32_t i, int32_t lang)
{
    return IN(i, nitems) ? pm_text(m->items[i].basis, lang) : "";
}

static const struct pm_level passfail_levels[2] = {
    {INT64_C(100000000), {(char *)"是", (char *)"yes"}, {3, 3}},
    {0, {(char *)"否", (char *)"no"}, {3, 2}},
};

static const struct pm_level *levels_of(const pmindex_model *m, int32_t i, int32_t *n)
{
    *n = 0;
    if (!IN(i, nitems))
        return NULL;
    if (m->items[i].type == PMINDEX_ITEM_PASSFAIL) {
        *n = 2;
        return passfail_levels;
    }
    if (m->items[i].type == PMINDEX_ITEM_GRADED) {
        *n = m->items[i].nlevels;
        return m->items[i].levels;
    }
    return NULL;
}

PMINDEX_API int32_t pmindex_model_item_level_count(const pmindex_model *m, int32_t i)
{
    int32_t n;
    levels_of(m, i, &n);
    return n;
}

PMINDEX_API int64_t pmindex_model_item_level_value(const pmindex_model *m, int32_t i, int32_t j)
{
    int32_t n;
    const struct pm_level *l = levels_of(m, i, &n);
    return j >= 0 && j < n ? l[j].value : -1;
}

PMINDEX_API const char *pmindex_model_item_level_label(const pmindex_model *m, int32_t i,
                                                       int32_t j, int32_t lang)
{
    int32_t n;
    const struct pm_level *l = levels_of(m, i, &n);
    return j >= 0 && j < n ? pm_text((char *const *)l[j].label, lang) : "";
}

PMINDEX_API const char *pmindex_model_veto_id(const pmindex_model *m, int32_t v)
{
    return IN(v, nvetoes) ? m->vetoes[v].id : "";
}

PMINDEX_API const char *pmindex_model_veto_description(const pmindex_model *m, int32_t v,
                                                       int32_t lang)
{
    return IN(v, nvetoes) ? pm_text(m->vetoes[v].description, lang) : "";
}

PMINDEX_API int32_t pmindex_model_veto_item(const pmindex_model *m, int32_t v)
{
    return IN(v, nvetoes) && m->vetoes[v].item >= 0 ? m->vetoes[v].item : PMINDEX_E_NOT_FOUND;
}

PMINDEX_API int32_t pmindex_model_veto_legal(const pmindex_model *m, int32_t v)
{
    return IN(v, nvetoes) ? m->vetoes[v].legal : 0;
}

PMINDEX_API const char *pmindex_model_veto_basis(const pmindex_model *m, int32_t v, int32_t lang)
{
    return IN(v, nvetoes) ? pm_text(m->vetoes[v].basis, lang) : "";
}

PMINDEX_API int32_t pmindex_model_rectification_days(const pmindex_model *m)
{
    return m ? m->rectification_days : 0;
}

PMINDEX_API const char *pmindex_model_tier_key(const pmindex_model *m, int32_t t)
{
    return IN(t, ntiers) ? m->tiers[t].key : "";
}

PMINDEX_API const char *pmindex_model_tier_label(const pmindex_model *m, int32_t t, int32_t lang)
{
    if (m && t == PMINDEX_TIER_FALLBACK)
        return lang == PMINDEX_LANG_EN ? "fallback management" : "兜底管理";
    return IN(t, ntiers) ? pm_text(m->tiers[t].label, lang) : "";
}

PMINDEX_API int64_t pmindex_model_tier_threshold(const pmindex_model *m, int32_t t)
{
    return IN(t, ntiers) ? m->tiers[t].threshold : 0;
}

PMINDEX_API int pmindex_model_rule(const pmindex_model *m, int32_t rule, int32_t n,
                                   int32_t *indicator_out, int64_t *num_out, int64_t *den_out)
{
    if (!m || !num_out || !den_out)
        return PMINDEX_E_INVALID;
    struct pm_fraction f;
    int32_t indicator = -1;
    if (rule == PMINDEX_RULE_DOWNGRADE_SHARE && n == 0) {
        f = m->downgrade;
    } else if (rule == PMINDEX_RULE_COVERAGE_FLOOR && n == 0) {
        f = m->coverage_floor;
    } else if (rule == PMINDEX_RULE_BLACK_SHARE && IN(n, nblack_shares)) {
        f = m->black_shares[n].share;
        indicator = m->black_shares[n].indicator;
    } else {
        return PMINDEX_E_NOT_FOUND;
    }
    if (indicator_out)
        *indicator_out = indicator;
    *num_out = f.num;
    *den_out = f.den;
    return PMINDEX_OK;
}

PMINDEX_API int32_t pmindex_model_black_share_count(const pmindex_model *m)
{
    return m ? m->nblack_shares : 0;
}

PMINDEX_API int32_t pmindex_model_black_tier(const pmindex_model *m)
{
    return m && m->black_tier >= 0 ? m->black_tier : PMINDEX_E_NOT_FOUND;
}

PMINDEX_API int32_t pmindex_model_black_on_veto(const pmindex_model *m)
{
    return m ? m->black_on_veto : 0;
}

PMINDEX_API int32_t pmindex_model_red_tier(const pmindex_model *m)
{
    return m && m->red_tier >= 0 ? m->red_tier : PMINDEX_E_NOT_FOUND;
}

PMINDEX_API int pmindex_model_company_rules(const pmindex_model *m, int64_t *honour_min_out,
                                            int32_t *honour_no_black_out, int64_t *watch_below_out,
                                            int32_t *watch_on_black_out)
{
    if (!m)
        return PMINDEX_E_INVALID;
    if (honour_min_out)
        *honour_min_out = m->honour_min;
    if (honour_no_black_out)
        *honour_no_black_out = m->honour_no_black;
    if (watch_below_out)
        *watch_below_out = m->watch_below;
    if (watch_on_black_out)
        *watch_on_black_out = m->watch_on_black;
    return PMINDEX_OK;
}

PMINDEX_API int32_t pmindex_model_period_kind(const pmindex_model *m)
{
    return m ? m->period_kind : 0;
}

PMINDEX_API int32_t pmindex_model_ladder_max_level(const pmindex_model *m)
{
    return m ? m->max_level : 0;
}

PMINDEX_API int32_t pmindex_model_ladder_clean_periods(const pmindex_model *m)
{
    return m ? m->clean_periods : 0;
}

PMINDEX_API int32_t pmindex_model_ladder_legal_level(const pmindex_model *m)
{
    return m ? m->legal_level : 0;
}

static const struct pm_ladder_level *level_of(const pmindex_model *m, int32_t level)
{
    return m && level >= 0 && level <= m->max_level ? &m->levels[level] : NULL;
}

PMINDEX_API const char *pmindex_model_measure_key(const pmindex_model *m, int32_t level)
{
    const struct pm_ladder_level *l = level_of(m, level);
    return l ? l->key : "";
}

PMINDEX_API const char *pmindex_model_measure_label(const pmindex_model *m, int32_t level,
                                                    int32_t lang)
{
    const struct pm_ladder_level *l = level_of(m, level);
    return l ? pm_text(l->label, lang) : "";
}

PMINDEX_API const char *pmindex_model_inspection(const pmindex_model *m, int32_t level,
                                                 int32_t lang)
{
    const struct pm_ladder_level *l = level_of(m, level);
    return l ? pm_text(l->inspection, lang) : "";
}
