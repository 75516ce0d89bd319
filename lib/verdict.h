/* The rules of a verdict as small exact functions: an item's points (rule
 * 1), an indicator's points and the index (rules 2-3), the tier from the
 * index (rule 5) and the tier and card from the facts that rules 4-9 look
 * at. pmindex_assess() is made of them; so are the margins (what one
 * change of one item does) and the Monte Carlo samples (what varied
 * weights, goalposts and observations do), so that all three apply the
 * very same rules. */
#ifndef PM_VERDICT_H
#define PM_VERDICT_H

#include "arith.h"
#include "compound.h"
#include "model.h"

/* pm_muldiv_round() (round(a * b / c), half away from zero, a, b >= 0,
 * c > 0) with the common case inline: both factors below 2^32, so the
 * product fits in 64 bits. Same results; no call, and a constant c lets the
 * compiler divide by multiplying. */
static inline int64_t pm_muldiv(int64_t a, int64_t b, int64_t c)
{
    if ((uint64_t)a <= UINT32_MAX && (uint64_t)b <= UINT32_MAX) {
        uint64_t p = (uint64_t)a * (uint64_t)b, d = (uint64_t)c, q = p / d, r = p - q * d;
        return (int64_t)(q + (r >= d - r));
    }
    return pm_muldiv_round(a, b, c);
}

/* pm_mul_less(): a * b < c * d for non-negative operands, inline. */
static inline bool pm_less(int64_t a, int64_t b, int64_t c, int64_t d)
{
#if defined(__SIZEOF_INT128__) && !defined(PMINDEX_NO_INT128)
    return (unsigned __int128)(uint64_t)a * (uint64_t)b <
           (unsigned __int128)(uint64_t)c * (uint64_t)d;
#else
    return pm_mul_less(a, b, c, d);
#endif
}

/* A rate observation's distance from goalpost zero towards goalpost full
 * (negative on the far side of zero). */
static inline int64_t pm_rate_distance(int64_t zero, int64_t full, int64_t v)
{
    return full > zero ? v - zero : zero - v;
}

/* Rule 1 for a rate item with goalposts zero and full (either the larger):
 * linear between them, clamped, rounded to the centipoint. */
static inline int64_t pm_rate_points(int64_t max, int64_t zero, int64_t full, int64_t v)
{
    int64_t span = full > zero ? full - zero : zero - full, d = pm_rate_distance(zero, full, v);
    return d <= 0 ? 0 : d >= span ? max : pm_muldiv(max, d, span);
}

/* The same, dividing by a reciprocal of the span (pm_recip_of(span)), for
 * a max such that max * span < 2^64: the Monte Carlo samples, where one
 * sample's goalposts serve every compound. */
static inline int64_t pm_rate_points_recip(int64_t max, int64_t zero, int64_t full, int64_t v,
                                           struct pm_recip span)
{
    /* The distance clamped to [0, span] gives 0 and max at the ends: no
     * branch on where the observation lies, which a sample cannot predict. */
    int64_t d = pm_rate_distance(zero, full, v), s = (int64_t)span.d;
    d = d < 0 ? 0 : d > s ? s : d;
    return (int64_t)pm_recip_round((uint64_t)max * (uint64_t)d, span);
}

/* Rule 1: an item's points from its observation. */
static inline int64_t pm_item_points(const struct pm_item *it, int64_t v)
{
    switch (it->type) {
    case PMINDEX_ITEM_GRADED:
        return pm_muldiv(it->max, v, PMINDEX_VALUE_SCALE);
    case PMINDEX_ITEM_PASSFAIL:
        return v ? it->max : 0;
    case PMINDEX_ITEM_DEDUCT: {
        int64_t findings = v / PMINDEX_VALUE_SCALE;
        /* findings > max / penalty (integer division) exactly when
         * max < findings * penalty: no division. */
        return pm_less(it->max, 1, findings, it->penalty) ? 0 : it->max - findings * it->penalty;
    }
    default:
        return pm_rate_points(it->max, it->zero, it->full, v);
    }
}

/* Rule 2: the points p_k of an indicator of weight w whose applicable items
 * earned e of their a points. */
static inline int64_t pm_indicator_points(int64_t w, int64_t e, int64_t a)
{
    return a == w ? e : pm_muldiv(w, e, a);
}

/* Rule 3: the index from the points of the applicable indicators and their
 * weights. A model of 100 points (sum_w = PM_CENTI_FULL centipoints) needs no
 * division. */
static inline int64_t pm_index_of(int64_t sum_p, int64_t sum_w)
{
    return sum_w == PM_CENTI_FULL ? sum_p : pm_muldiv(sum_p, PM_CENTI_FULL, sum_w);
}

/* e / a below a share floor (rules 6 and 8), exactly. A valid model keeps
 * both products within 64 bits: e <= a <= 10^6 points (the builder's
 * limit) and num <= den <= 10^12. */
static inline bool pm_share_below(int64_t e, int64_t a, struct pm_fraction floor)
{
    return (uint64_t)e * (uint64_t)floor.den < (uint64_t)floor.num * (uint64_t)a;
}

/* Rule 4: coverage below the floor. */
static inline bool pm_coverage_low(const pmindex_model *m, int64_t sum_a)
{
    return pm_less(sum_a, m->coverage_floor.den, m->coverage_floor.num, m->total_points);
}

/* Rule 5: the tier of an index (0 best): the first whose threshold it
 * reaches. Thresholds fall strictly, so that is how many thresholds above
 * the last it is below: counted without a branch to mispredict. */
static inline int32_t pm_index_tier(const pmindex_model *m, int64_t index)
{
    int32_t tier = 0;
    for (int32_t t = 0; t < m->ntiers - 1; t++)
        tier += index < m->tiers[t].threshold;
    return tier;
}

/* What rules 5-9 decide from, for a compound with a tier (not fallback). */
struct pm_facts {
    int64_t index;
    bool downgrade;   /* an indicator's share is below the downgrade share */
    bool veto;        /* a veto is confirmed */
    bool black_share; /* an indicator's share is below its black-card floor */
};

struct pm_decision {
    int32_t tier, card;
    int32_t pre_veto_tier; /* the tier from the index and any downgrade */
    bool black_tier;       /* the black card for that tier (rule 8) */
};

/* Rules 5-9 without history: the tier from the index, one step down for a
 * downgrade, the last tier for a veto; the black card for the black-card
 * tier (before a veto moves it), a veto (when the model says so) or a share
 * below its floor; else the red card for the red tier without a veto. */
static inline struct pm_decision pm_decide(const pmindex_model *m, const struct pm_facts *f)
{
    struct pm_decision d;
    int32_t last = m->ntiers - 1, tier = pm_index_tier(m, f->index);
    if (f->downgrade && tier < last)
        tier++;
    d.pre_veto_tier = tier;
    d.black_tier = m->black_tier >= 0 && tier >= m->black_tier;
    bool black = d.black_tier || (f->veto && m->black_on_veto) || f->black_share;
    d.tier = f->veto ? last : tier;
    d.card = black ? PMINDEX_CARD_BLACK
                   : d.tier == m->red_tier && !f->veto ? PMINDEX_CARD_RED : PMINDEX_CARD_NONE;
    return d;
}

#endif
