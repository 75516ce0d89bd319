/* Scoring one compound: the spec's computation, rules 1 to 9, in exact
 * integer arithmetic. Every rounding is to 0.01, half away from zero. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arith.h"
#include "assess.h"
#include "compound.h"
#include "model.h"
#include "verdict.h"

size_t pm_max_reasons(const pmindex_model *m)
{
    return (size_t)m->nvetoes + (size_t)m->nindicators + (size_t)m->nblack_shares +
           PM_ONE_OFF_REASONS;
}

static void add_reason(pmindex_assessment *a, int32_t rule, int32_t arg)
{
    assert(a->nreasons < a->reasons_cap);
    a->reasons[a->nreasons++] = (struct pm_reason){rule, arg};
}

PMINDEX_API int pmindex_assessment_new(const pmindex_model *model,
                                       pmindex_assessment **assessment_out)
{
    if (!model || !assessment_out)
        return PMINDEX_E_INVALID;
    *assessment_out = NULL;
    size_t ni = (size_t)model->nitems, nk = (size_t)model->nindicators;
    size_t nr = pm_max_reasons(model);
    pmindex_assessment *a = calloc(1, sizeof *a);
    int64_t *nums = calloc(ni + 3 * nk, sizeof *nums);
    struct pm_reason *reasons = calloc(nr, sizeof *reasons);
    if (!a || !nums || !reasons) {
        free(a);
        free(nums);
        free(reasons);
        return PMINDEX_E_NOMEM;
    }
    a->model = model;
    a->item_points = nums;
    a->earned = nums + ni;
    a->applicable = a->earned + nk;
    a->points = a->applicable + nk;
    a->reasons = reasons;
    a->reasons_cap = (int32_t)nr;
    a->tier = PMINDEX_TIER_FALLBACK;
    for (size_t i = 0; i < ni; i++)
        a->item_points[i] = PM_NA;
    *assessment_out = a;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_assessment_free(pmindex_assessment *a)
{
    if (!a)
        return;
    free(a->item_points);
    free(a->reasons);
    free(a);
}

PMINDEX_API int pmindex_assess(const pmindex_model *m, const pmindex_compound *c,
                               pmindex_assessment *a)
{
    if (!m || !c || !a || c->model != m || a->model != m)
        return PMINDEX_E_INVALID;
    memset(a->earned, 0, 2 * (size_t)m->nindicators * sizeof *a->earned);

    /* Rule 1: items; sums e_k and a_k per indicator. */
    for (int32_t i = 0; i < m->nitems; i++) {
        const struct pm_item *it = &m->items[i];
        int64_t v = c->values[i];
        if (v == PM_NA) {
            a->item_points[i] = PM_NA;
            continue;
        }
        int64_t p = pm_item_points(it, v);
        a->item_points[i] = p;
        a->earned[it->indicator] += p;
        a->applicable[it->indicator] += it->max;
    }
    pm_assess_sums(m, c->vetoes, a);
    return PMINDEX_OK;
}

void pm_assess_sums(const pmindex_model *m, const uint8_t *vetoes, pmindex_assessment *a)
{
    const int32_t nk = m->nindicators;
    a->nreasons = 0;

    /* Rules 2-4: indicator points, index, coverage. */
    int64_t sum_p = 0, sum_w = 0, sum_a = 0;
    for (int32_t k = 0; k < nk; k++) {
        int64_t ak = a->applicable[k], wk = m->indicators[k].points;
        if (ak == 0)
            continue;
        a->points[k] = pm_indicator_points(wk, a->earned[k], ak);
        sum_p += a->points[k];
        sum_w += wk;
        sum_a += ak;
    }
    a->has_index = sum_w > 0;
    a->index = a->has_index ? pm_index_of(sum_p, sum_w) : 0;
    a->cov_num = sum_a;
    a->cov_den = m->total_points;

    struct pm_facts f = {.index = a->index};
    for (int32_t v = 0; v < m->nvetoes; v++)
        f.veto |= vetoes[v] != 0;

    a->card = PMINDEX_CARD_NONE;
    if (!a->has_index || pm_coverage_low(m, sum_a)) {
        /* Rule 4: fallback management; the vetoes are still listed for the street. */
        a->tier = PMINDEX_TIER_FALLBACK;
        add_reason(a, PMINDEX_REASON_FALLBACK, -1);
        for (int32_t v = 0; v < m->nvetoes; v++)
            if (vetoes[v])
                add_reason(a, PMINDEX_REASON_VETO, v);
        return;
    }

    /* Rule 7 comes first in the reasons: a veto decides the tier. */
    for (int32_t v = 0; v < m->nvetoes; v++)
        if (vetoes[v])
            add_reason(a, PMINDEX_REASON_VETO, v);
    /* Rule 6: one step down if any indicator's share is below the floor. */
    for (int32_t k = 0; k < nk; k++)
        if (a->applicable[k] && pm_share_below(a->earned[k], a->applicable[k], m->downgrade)) {
            add_reason(a, PMINDEX_REASON_DOWNGRADE, k);
            f.downgrade = true;
        }
    /* Rule 8: black card for an indicator share. */
    for (int32_t s = 0; s < m->nblack_shares; s++) {
        int32_t k = m->black_shares[s].indicator;
        f.black_share |= a->applicable[k] &&
                         pm_share_below(a->earned[k], a->applicable[k], m->black_shares[s].share);
    }
    /* Rules 5-9. */
    struct pm_decision d = pm_decide(m, &f);
    if (d.black_tier)
        add_reason(a, PMINDEX_REASON_BLACK_TIER, m->black_tier);
    if (f.veto && m->black_on_veto)
        add_reason(a, PMINDEX_REASON_BLACK_VETO, -1);
    for (int32_t s = 0; f.black_share && s < m->nblack_shares; s++) {
        int32_t k = m->black_shares[s].indicator;
        if (a->applicable[k] &&
            pm_share_below(a->earned[k], a->applicable[k], m->black_shares[s].share))
            add_reason(a, PMINDEX_REASON_BLACK_SHARE, k);
    }
    a->tier = d.tier;
    a->card = d.card;
    /* Rule 9 without history: level 0, so the red tier with no veto and
     * no black card earns the red card. */
    if (d.card == PMINDEX_CARD_RED)
        add_reason(a, PMINDEX_REASON_RED, d.tier);
}

PMINDEX_API int pmindex_assessment_index(const pmindex_assessment *a, int64_t *index_out)
{
    if (!a || !a->has_index)
        return 0;
    if (index_out)
        *index_out = a->index;
    return 1;
}

PMINDEX_API int32_t pmindex_assessment_tier(const pmindex_assessment *a)
{
    return a ? a->tier : PMINDEX_TIER_FALLBACK;
}

PMINDEX_API int32_t pmindex_assessment_card(const pmindex_assessment *a)
{
    return a ? a->card : PMINDEX_CARD_NONE;
}

PMINDEX_API int64_t pmindex_assessment_coverage(const pmindex_assessment *a, int64_t *num_out,
                                                int64_t *den_out)
{
    if (!a)
        return 0;
    if (num_out)
        *num_out = a->cov_num;
    if (den_out)
        *den_out = a->cov_den;
    return a->cov_den > 0 ? pm_muldiv_round(a->cov_num, PM_CENTI_FULL, a->cov_den) : 0;
}

PMINDEX_API int pmindex_assessment_item(const pmindex_assessment *a, int32_t item,
                                        int64_t *points_out, int64_t *lost_out)
{
    if (!a)
        return PMINDEX_E_INVALID;
    if (item < 0 || item >= a->model->nitems)
        return PMINDEX_E_NOT_FOUND;
    int64_t p = a->item_points[item];
    if (p == PM_NA)
        return 0;
    if (points_out)
        *points_out = p;
    if (lost_out)
        *lost_out = a->model->items[item].max - p;
    return 1;
}

PMINDEX_API int pmindex_assessment_indicator(const pmindex_assessment *a, int32_t k,
                                             int64_t *points_out, int64_t *earned_out,
                                             int64_t *applicable_out, int64_t *share_out)
{
    if (!a)
        return PMINDEX_E_INVALID;
    if (k < 0 || k >= a->model->nindicators)
        return PMINDEX_E_NOT_FOUND;
    if (a->applicable[k] == 0)
        return 0;
    if (points_out)
        *points_out = a->points[k];
    if (earned_out)
        *earned_out = a->earned[k];
    if (applicable_out)
        *applicable_out = a->applicable[k];
    if (share_out)
        *share_out = pm_muldiv_round(a->earned[k], PM_CENTI_FULL, a->applicable[k]);
    return 1;
}

static int64_t lost_of(const pmindex_assessment *a, int32_t i)
{
    return a->model->items[i].max - a->item_points[i];
}

PMINDEX_API int32_t pmindex_assessment_losses(const pmindex_assessment *a, int32_t *items_out,
                                              size_t cap)
{
    if (!a || (!items_out && cap))
        return 0;
    int32_t n = 0;
    for (int32_t i = 0; i < a->model->nitems; i++) {
        if (a->item_points[i] == PM_NA || lost_of(a, i) == 0)
            continue;
        /* Keep the caller's array sorted, largest loss first; an equal loss
         * never passes an earlier item, so ties stay in model order. */
        size_t j;
        if ((size_t)n < cap)
            j = (size_t)n;
        else if (cap > 0 && lost_of(a, items_out[cap - 1]) < lost_of(a, i))
            j = cap - 1;
        else
            j = SIZE_MAX;
        if (j != SIZE_MAX) {
            while (j > 0 && lost_of(a, items_out[j - 1]) < lost_of(a, i)) {
                items_out[j] = items_out[j - 1];
                j--;
            }
            items_out[j] = i;
        }
        n++;
    }
    return n;
}
