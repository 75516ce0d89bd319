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

/* The most reasons one assessment gives (pmindex_assess() adds them):
 * every veto, a downgrade per indicator, a black card per share floor,
 * and at most one each of fallback, black card for the tier, black card
 * for a veto and red card. */
enum { PM_ONE_OFF_REASONS = 4 };

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

/* pm_muldiv_round() (round(a * b / c), half away from zero, a, b >= 0,
 * c > 0) with the common case inline: both factors below 2^32, so the
 * product fits in 64 bits. Same results; no call, and a constant c lets the
 * compiler divide by multiplying. */
static inline int64_t muldiv(int64_t a, int64_t b, int64_t c)
{
    if ((uint64_t)a <= UINT32_MAX && (uint64_t)b <= UINT32_MAX) {
        uint64_t p = (uint64_t)a * (uint64_t)b, d = (uint64_t)c, q = p / d, r = p - q * d;
        return (int64_t)(q + (r >= d - r));
    }
    return pm_muldiv_round(a, b, c);
}

/* pm_mul_less(): a * b < c * d for non-negative operands, inline. */
static inline bool mul_less(int64_t a, int64_t b, int64_t c, int64_t d)
{
#if defined(__SIZEOF_INT128__)
    return (unsigned __int128)(uint64_t)a * (uint64_t)b <
           (unsigned __int128)(uint64_t)c * (uint64_t)d;
#else
    return pm_mul_less(a, b, c, d);
#endif
}

/* Rule 1: an item's points from its observation. */
static int64_t item_points(const struct pm_item *it, int64_t v)
{
    switch (it->type) {
    case PMINDEX_ITEM_GRADED:
        return muldiv(it->max, v, PMINDEX_VALUE_SCALE);
    case PMINDEX_ITEM_PASSFAIL:
        return v ? it->max : 0;
    case PMINDEX_ITEM_DEDUCT: {
        int64_t findings = v / PMINDEX_VALUE_SCALE;
        /* findings > max / penalty (integer division) exactly when
         * max < findings * penalty: no division. */
        return mul_less(it->max, 1, findings, it->penalty) ? 0 : it->max - findings * it->penalty;
    }
    default: /* rate: linear between the goalposts, clamped */
        if (it->full > it->zero) {
            if (v <= it->zero)
                return 0;
            if (v >= it->full)
                return it->max;
            return muldiv(it->max, v - it->zero, it->full - it->zero);
        }
        if (v >= it->zero)
            return 0;
        if (v <= it->full)
            return it->max;
        return muldiv(it->max, it->zero - v, it->zero - it->full);
    }
}

PMINDEX_API int pmindex_assess(const pmindex_model *m, const pmindex_compound *c,
                               pmindex_assessment *a)
{
    if (!m || !c || !a || c->model != m || a->model != m)
        return PMINDEX_E_INVALID;
    const int32_t nk = m->nindicators;
    memset(a->earned, 0, 2 * (size_t)nk * sizeof *a->earned);
    a->nreasons = 0;

    /* Rule 1: items; sums e_k and a_k per indicator. */
    for (int32_t i = 0; i < m->nitems; i++) {
        const struct pm_item *it = &m->items[i];
        int64_t v = c->values[i];
        if (v == PM_NA) {
            a->item_points[i] = PM_NA;
            continue;
        }
        int64_t p = item_points(it, v);
        a->item_points[i] = p;
        a->earned[it->indicator] += p;
        a->applicable[it->indicator] += it->max;
    }

    /* Rules 2-4: indicator points, index, coverage. */
    int64_t sum_p = 0, sum_w = 0, sum_a = 0;
    for (int32_t k = 0; k < nk; k++) {
        int64_t ak = a->applicable[k], wk = m->indicators[k].points;
        if (ak == 0)
            continue;
        a->points[k] = ak == wk ? a->earned[k] : muldiv(wk, a->earned[k], ak);
        sum_p += a->points[k];
        sum_w += wk;
        sum_a += ak;
    }
    a->has_index = sum_w > 0;
    /* A model of 100 points (sum_w = PM_CENTI_FULL) needs no division. */
    a->index = !a->has_index            ? 0
               : sum_w == PM_CENTI_FULL ? sum_p
                                        : muldiv(sum_p, PM_CENTI_FULL, sum_w);
    a->cov_num = sum_a;
    a->cov_den = m->total_points;

    bool any_veto = false;
    for (int32_t v = 0; v < m->nvetoes; v++)
        any_veto |= c->vetoes[v] != 0;

    a->card = PMINDEX_CARD_NONE;
    if (!a->has_index || mul_less(sum_a, m->coverage_floor.den, m->coverage_floor.num,
                                     m->total_points)) {
        /* Rule 4: fallback management; the vetoes are still listed for the street. */
        a->tier = PMINDEX_TIER_FALLBACK;
        add_reason(a, PMINDEX_REASON_FALLBACK, -1);
        for (int32_t v = 0; v < m->nvetoes; v++)
            if (c->vetoes[v])
                add_reason(a, PMINDEX_REASON_VETO, v);
        return PMINDEX_OK;
    }

    /* Rule 5: tier from the rounded index. */
    int32_t tier = 0, last = m->ntiers - 1;
    while (tier < last && a->index < m->tiers[tier].threshold)
        tier++;
    /* Rule 7 comes first in the reasons: a veto decides the tier. */
    for (int32_t v = 0; v < m->nvetoes; v++)
        if (c->vetoes[v])
            add_reason(a, PMINDEX_REASON_VETO, v);
    /* Rule 6: one step down if any indicator's share is below the floor. */
    bool downgrade = false;
    for (int32_t k = 0; k < nk; k++)
        if (a->applicable[k] &&
            mul_less(a->earned[k], m->downgrade.den, m->downgrade.num, a->applicable[k])) {
            add_reason(a, PMINDEX_REASON_DOWNGRADE, k);
            downgrade = true;
        }
    if (downgrade && tier < last)
        tier++;
    /* Rule 8: black card for the tier, a veto or an indicator share. */
    bool black = false;
    if (m->black_tier >= 0 && tier >= m->black_tier) {
        add_reason(a, PMINDEX_REASON_BLACK_TIER, m->black_tier);
        black = true;
    }
    if (any_veto) {
        tier = last;
        if (m->black_on_veto) {
            add_reason(a, PMINDEX_REASON_BLACK_VETO, -1);
            black = true;
        }
    }
    for (int32_t s = 0; s < m->nblack_shares; s++) {
        const struct pm_black_share *bs = &m->black_shares[s];
        int32_t k = bs->indicator;
        if (a->applicable[k] &&
            mul_less(a->earned[k], bs->share.den, bs->share.num, a->applicable[k])) {
            add_reason(a, PMINDEX_REASON_BLACK_SHARE, k);
            black = true;
        }
    }
    assert(tier >= 0 && tier <= last);
    a->tier = tier;
    /* Rule 9 without history: level 0, so the red tier with no veto and
     * no black card earns the red card. */
    if (black) {
        a->card = PMINDEX_CARD_BLACK;
    } else if (tier == m->red_tier && !any_veto) {
        a->card = PMINDEX_CARD_RED;
        add_reason(a, PMINDEX_REASON_RED, tier);
    }
    return PMINDEX_OK;
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
