/* How sure a verdict is: the index margins, and for every item the nearest
 * change that flips the verdict, found exactly rather than by scanning.
 *
 * While one item changes, only its indicator's earned points e move; the
 * verdict (tier, card) is then a function of e alone, and a monotone one:
 * more points never give a worse tier, never remove a downgrade's cause
 * backwards, never add a black card. It changes only where e reaches one
 * of a few break points: where the index reaches a tier's threshold, where
 * the indicator's share reaches the downgrade share or a black-card floor.
 * Each break point is found by inverting the roundings of rules 2 and 3 in
 * integers, so for each indicator the nearest e above and below at which
 * the verdict differs (its bounds) costs a handful of operations. An item
 * then flips the verdict when its own points reach the bound, and each
 * item type maps points back to an observation exactly: the next graded
 * level, a number of findings, the other pass/fail value, or for a rate
 * item the first multiple of 0.000001 whose points reach the bound (again
 * an inverted rounding). Items that do not apply and lifted vetoes change
 * the coverage or the rules themselves: those are assessed afresh. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "arith.h"
#include "cells.h"
#include "decimal.h"
#include "margins.h"
#include "model.h"
#include "verdict.h"

const char *const pm_flip_direction_keys[6] = {"", "better", "worse", "best", "worst", "lifted"};

/* A verdict as one number, to compare two. */
static int32_t verdict_code(int32_t tier, int32_t card)
{
    return (tier + 1) * 4 + card;
}

PMINDEX_API int pmindex_margins_new(const pmindex_model *m, pmindex_margins **out)
{
    if (!m || !out)
        return PMINDEX_E_INVALID;
    *out = NULL;
    pmindex_margins *g = calloc(1, sizeof *g);
    if (!g)
        return PMINDEX_E_NOMEM;
    g->model = m;
    size_t nbreaks = (size_t)m->ntiers + 1 + (size_t)m->nblack_shares;
    g->vetoes = malloc((size_t)m->nvetoes + 1);
    g->own_flags = malloc((size_t)m->nindicators);
    g->bound = malloc(PM_BOUNDS * (size_t)m->nindicators * sizeof *g->bound);
    g->breaks = malloc(nbreaks * sizeof *g->breaks);
    g->flips = malloc((2 * (size_t)m->nitems + (size_t)m->nvetoes) * sizeof *g->flips);
    if (pmindex_assessment_new(m, &g->own) != PMINDEX_OK ||
        pmindex_assessment_new(m, &g->what_if) != PMINDEX_OK || !g->vetoes || !g->own_flags ||
        !g->bound ||
        !g->breaks || !g->flips) {
        pmindex_margins_free(g);
        return PMINDEX_E_NOMEM;
    }
    *out = g;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_margins_free(pmindex_margins *g)
{
    if (!g)
        return;
    pmindex_assessment_free(g->own);
    pmindex_assessment_free(g->what_if);
    free(g->vetoes);
    free(g->own_flags);
    free(g->bound);
    free(g->breaks);
    free(g->flips);
    free(g);
}

/* An assessment's arrays, laid out as pmindex_assessment_new() does. */
static void place_assessment(pmindex_assessment *a, const pmindex_model *m, int64_t *nums,
                             struct pm_reason *reasons)
{
    memset(a, 0, sizeof *a);
    a->model = m;
    a->item_points = nums;
    a->earned = nums + m->nitems;
    a->applicable = a->earned + m->nindicators;
    a->points = a->applicable + m->nindicators;
    a->reasons = reasons;
    a->reasons_cap = (int32_t)pm_max_reasons(m); /* the caller gave that much room */
    a->tier = PMINDEX_TIER_FALLBACK;
}

bool pm_margins_small_init(struct pm_margins_small *s, const pmindex_model *m)
{
    if (m->nitems > PM_SMALL_ITEMS || m->nindicators > PM_SMALL_INDICATORS ||
        m->nvetoes > PM_SMALL_VETOES || m->nblack_shares > PM_SMALL_SHARES)
        return false;
    memset(&s->g, 0, sizeof s->g);
    s->g.model = m;
    s->g.own = &s->own;
    s->g.what_if = &s->what_if;
    s->g.vetoes = s->vetoes;
    s->g.own_flags = s->own_flags;
    s->g.bound = s->bound;
    s->g.breaks = s->breaks;
    s->g.flips = s->flips;
    place_assessment(&s->own, m, s->nums[0], s->reasons[0]);
    place_assessment(&s->what_if, m, s->nums[1], s->reasons[1]);
    return true;
}

/* ---- one indicator's earned points moving --------------------------------- */

/* What stays fixed while one indicator's earned points move. */
struct fixed {
    const pmindex_model *m;
    const pmindex_assessment *a;
    int64_t sum_p, sum_w;
    int32_t ndown, nblack; /* indicators below the downgrade share, below a black floor */
    bool veto;
    uint8_t *own;          /* per indicator: OWN_DOWN, OWN_BLACK when it is below them */
};

enum { OWN_DOWN = 1, OWN_BLACK = 2 };

static bool below_black_floor(const pmindex_model *m, int32_t k, int64_t e, int64_t ak)
{
    for (int32_t s = 0; s < m->nblack_shares; s++)
        if (m->black_shares[s].indicator == k && pm_share_below(e, ak, m->black_shares[s].share))
            return true;
    return false;
}

/* The verdict (rules 2-9) with e as indicator k's earned points. */
static int32_t verdict_with(const struct fixed *x, int32_t k, int64_t e)
{
    const pmindex_model *m = x->m;
    const pmindex_assessment *a = x->a;
    int64_t ak = a->applicable[k], wk = m->indicators[k].points;
    struct pm_facts f;
    f.index = pm_index_of(x->sum_p - a->points[k] + pm_indicator_points(wk, e, ak), x->sum_w);
    f.downgrade = x->ndown - (x->own[k] & OWN_DOWN) > 0 || pm_share_below(e, ak, m->downgrade);
    f.black_share = x->nblack - (x->own[k] >> 1) > 0 || below_black_floor(m, k, e, ak);
    f.veto = x->veto;
    struct pm_decision d = pm_decide(m, &f);
    return verdict_code(d.tier, d.card);
}

/* The smallest e (0 < e <= a_k) whose share e / a_k is not below floor, or 0. */
static int64_t share_break(int64_t ak, struct pm_fraction floor)
{
    return pm_muldiv_ceil(floor.num, ak, floor.den);
}

/* The smallest e at which indicator k's points bring the index to T
 * (centipoints, T > 0); 0 when every e does. Inverts rules 3 and 2:
 * round(sum_p * 10000 / sum_w) >= T exactly when 20000 sum_p >= (2T - 1)
 * sum_w, and round(w e / a) >= P exactly when 2 w e >= (2P - 1) a. */
static int64_t index_break(const struct fixed *x, int32_t k, int64_t T)
{
    const pmindex_assessment *a = x->a;
    int64_t ak = a->applicable[k], wk = x->m->indicators[k].points;
    int64_t need = x->sum_w == PM_CENTI_FULL ? T : pm_ceil_div((2 * T - 1) * x->sum_w, 2 * PM_CENTI_FULL);
    int64_t P = need - (x->sum_p - a->points[k]);
    if (P <= 0)
        return 0;
    return ak == wk ? P : pm_muldiv_ceil(2 * P - 1, ak, 2 * wk);
}


/* The points e in (0, a_k] where indicator k's verdict can change, sorted. */
static int32_t breaks_of(const struct fixed *x, int32_t k, int64_t *out)
{
    const pmindex_model *m = x->m;
    int64_t ak = x->a->applicable[k];
    int32_t n = 0;
    for (int32_t t = 0; t < m->ntiers; t++) {
        int64_t T = m->tiers[t].threshold;
        if (T <= 0)
            continue;
        int64_t e = index_break(x, k, T); /* proved by tests/unit/test-margins.c, flips.py */
        if (e > 0 && e <= ak)
            out[n++] = e;
    }
    int64_t e = share_break(ak, m->downgrade);
    if (e > 0)
        out[n++] = e;
    for (int32_t s = 0; s < m->nblack_shares; s++)
        if (m->black_shares[s].indicator == k && (e = share_break(ak, m->black_shares[s].share)) > 0)
            out[n++] = e;
    for (int32_t i = 1; i < n; i++) /* a handful: insertion sort */
        for (int32_t j = i; j > 0 && out[j - 1] > out[j]; j--) {
            int64_t t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

/* Indicator k's bounds (BOUNDS numbers at g->bound + BOUNDS k): the
 * nearest earned points above and below its own at which the verdict
 * differs (-1 for none), and the verdict there with the earned points up to
 * which it holds. The verdict is constant between break points, so only
 * they (and the points just below them) need asking. */
enum { UP, DOWN, UP_LIMIT, DOWN_LIMIT, UP_CODE, DOWN_CODE, BOUNDS = PM_BOUNDS };

static void bounds_of(pmindex_margins *g, const struct fixed *x, int32_t k)
{
    int64_t e0 = x->a->earned[k], *b = &g->bound[BOUNDS * k];
    int32_t now = verdict_code(x->a->tier, x->a->card), n = breaks_of(x, k, g->breaks), code;
    b[UP] = b[DOWN] = -1;
    for (int32_t j = 0; j < n && b[UP] < 0; j++)
        if (g->breaks[j] > e0 && (code = verdict_with(x, k, g->breaks[j])) != now) {
            b[UP] = g->breaks[j];
            b[UP_CODE] = code;
            b[UP_LIMIT] = j + 1 < n ? g->breaks[j + 1] : INT64_MAX; /* excluded */
        }
    for (int32_t j = n - 1; j >= 0 && b[DOWN] < 0; j--)
        if (g->breaks[j] <= e0 && (code = verdict_with(x, k, g->breaks[j] - 1)) != now) {
            b[DOWN] = g->breaks[j] - 1;
            b[DOWN_CODE] = code;
            b[DOWN_LIMIT] = j > 0 ? g->breaks[j - 1] : 0; /* included */
        }
}

/* ---- from points back to an observation -------------------------------- */

struct move {
    int64_t to, dist, unit;
};

static int32_t level_of(const struct pm_item *it, int64_t v)
{
    for (int32_t j = 0; j < it->nlevels; j++)
        if (it->levels[j].value == v)
            return j;
    return -1;
}

/* The nearest level (better: points >= P; worse: points <= P). */
static bool graded_move(const struct pm_item *it, int64_t v0, int64_t P, bool better,
                        struct move *mv)
{
    int32_t j0 = level_of(it, v0), step = better ? -1 : 1;
    if (j0 < 0)
        return false;
    for (int32_t j = j0 + step; j >= 0 && j < it->nlevels; j += step) {
        int64_t p = pm_item_points(it, it->levels[j].value);
        if (better ? p >= P : p <= P) {
            *mv = (struct move){it->levels[j].value, j > j0 ? j - j0 : j0 - j, 1};
            return true;
        }
    }
    return false;
}

/* findings f earn max - f * penalty (never below 0): at least P for
 * f <= (max - P) / penalty, at most P for f >= ceil((max - P) / penalty). */
static bool deduct_move(const struct pm_item *it, int64_t v0, int64_t P, bool better,
                        struct move *mv)
{
    int64_t f0 = v0 / PMINDEX_VALUE_SCALE, room = it->max - P;
    int64_t f = better ? room / it->penalty : pm_ceil_div(room, it->penalty);
    if (better ? f >= f0 : f <= f0)
        return false;
    *mv = (struct move){f * PMINDEX_VALUE_SCALE, better ? f0 - f : f - f0, 1};
    return true;
}

/* A rate item earns round(max * d / span) at distance d from goalpost zero
 * towards full (clamped): at least P from d = ceil((2P - 1) span / 2max),
 * at most P up to d = ceil((2P + 1) span / 2max) - 1. The observation is
 * then rounded to the sheet's step away from goalpost zero (at least P) or
 * towards it (at most P), and must be one a sheet can give. */
static bool rate_move(const struct pm_item *it, int64_t v0, int64_t P, bool better,
                      struct move *mv)
{
    bool rising = it->full > it->zero;
    int64_t span = rising ? it->full - it->zero : it->zero - it->full;
    int64_t d = better ? pm_muldiv_ceil(2 * P - 1, span, 2 * it->max)
                       : pm_muldiv_ceil(2 * P + 1, span, 2 * it->max) - 1;
    int64_t x = rising ? it->zero + d : it->zero - d;
    bool up = better == rising; /* away from zero when rising and better */
    int64_t to = (up ? pm_ceil_div(x, PM_VALUE_STEP) : pm_floor_div(x, PM_VALUE_STEP)) *
                 PM_VALUE_STEP;
    int64_t vmax = pm_item_value_max(it) / PM_VALUE_STEP * PM_VALUE_STEP;
    if (to < 0 || to > vmax || (up ? to <= v0 : to >= v0))
        return false;
    *mv = (struct move){to, up ? to - v0 : v0 - to, pm_item_tolerance(it)};
    return true;
}

/* The nearest observation of item it (now v0) whose points reach P: at
 * least P (better) or at most P (worse). */
static bool move_of(const struct pm_item *it, int64_t v0, int64_t P, bool better, struct move *mv)
{
    switch (it->type) {
    case PMINDEX_ITEM_GRADED: return graded_move(it, v0, P, better, mv);
    case PMINDEX_ITEM_PASSFAIL:
        if (better ? v0 != 0 || it->max < P : v0 == 0 || P < 0)
            return false;
        *mv = (struct move){better ? PMINDEX_VALUE_SCALE : 0, 1, 1};
        return true;
    case PMINDEX_ITEM_DEDUCT: return deduct_move(it, v0, P, better, mv);
    default: return rate_move(it, v0, P, better, mv);
    }
}

static void add_flip(pmindex_margins *g, int32_t element, int32_t direction, int64_t from,
                     const struct move *mv, int32_t tier, int32_t card)
{
    g->flips[g->nflips++] = (struct pm_flip){element, direction, tier, card,
                                             from, mv->to, mv->dist, mv->unit};
}

/* Whether the verdict differs at the observation one tolerance above or
 * below (within what a sheet can give). The tolerance need not be a
 * multiple of the sheet's step, so this asks it exactly rather than
 * comparing it with the flips: the verdict differs exactly where the
 * indicator's earned points reach one of its bounds. */
static bool rate_fragile(const pmindex_margins *g, const struct pm_item *it, int64_t others,
                         int64_t v0)
{
    int64_t tol = pm_item_tolerance(it), vmax = pm_item_value_max(it);
    int64_t hi = v0 + tol > vmax ? vmax : v0 + tol, lo = v0 - tol < 0 ? 0 : v0 - tol;
    bool rising = it->full > it->zero;
    int64_t better = others + pm_item_points(it, rising ? hi : lo);
    int64_t worse = others + pm_item_points(it, rising ? lo : hi);
    const int64_t *b = &g->bound[BOUNDS * it->indicator];
    return (b[UP] >= 0 && better >= b[UP]) || (b[DOWN] >= 0 && worse <= b[DOWN]);
}

/* The flips of the applicable items of a compound with a tier. */
static void item_flips(pmindex_margins *g, const pmindex_compound *c, const struct fixed *x)
{
    const pmindex_model *m = g->model;
    const pmindex_assessment *a = x->a;
    for (int32_t k = 0; k < m->nindicators; k++)
        if (a->applicable[k])
            bounds_of(g, x, k);
    int32_t now = verdict_code(a->tier, a->card);
    for (int32_t i = 0; i < m->nitems; i++) {
        const struct pm_item *it = &m->items[i];
        int64_t v0 = c->values[i];
        if (v0 == PM_NA)
            continue;
        int32_t k = it->indicator;
        int64_t others = a->earned[k] - a->item_points[i];
        const int64_t *b = &g->bound[BOUNDS * k];
        if (b[UP] < 0 && b[DOWN] < 0)
            continue; /* nothing this indicator's items do changes the verdict */
        for (int dir = 0; dir < 2; dir++) {
            bool better = dir == 0;
            int64_t bound = b[better ? UP : DOWN], P = bound - others;
            struct move mv;
            if (bound < 0 || P < 0 || P > it->max || !move_of(it, v0, P, better, &mv))
                continue;
            /* The verdict at the bound holds up to the next break point. */
            int64_t e = others + pm_item_points(it, mv.to);
            int32_t code = better ? (e < b[UP_LIMIT] ? (int32_t)b[UP_CODE] : verdict_with(x, k, e))
                                  : (e >= b[DOWN_LIMIT] ? (int32_t)b[DOWN_CODE]
                                                        : verdict_with(x, k, e));
            assert(code != now);
            (void)now;
            int32_t tier = code / 4 - 1, card = code % 4;
            add_flip(g, i, better ? PMINDEX_FLIP_BETTER : PMINDEX_FLIP_WORSE, v0, &mv, tier, card);
            /* One step: a level, a finding, the switch; a rate item's
             * tolerance is asked directly below. */
            if (it->type != PMINDEX_ITEM_RATE && mv.dist <= mv.unit)
                g->fragile = true;
        }
        if (it->type == PMINDEX_ITEM_RATE && !g->fragile)
            g->fragile = rate_fragile(g, it, others, v0);
    }
}

/* The verdict of the compound with item i applying at v (i did not apply),
 * or with its vetoes replaced: rules 2-9 afresh. */
static int32_t what_if(pmindex_margins *g, int32_t i, int64_t v, const uint8_t *vetoes)
{
    const pmindex_model *m = g->model;
    pmindex_assessment *w = g->what_if;
    size_t nk = (size_t)m->nindicators;
    memcpy(w->earned, g->a->earned, nk * sizeof *w->earned);
    memcpy(w->applicable, g->a->applicable, nk * sizeof *w->applicable);
    if (i >= 0) {
        const struct pm_item *it = &m->items[i];
        w->earned[it->indicator] += pm_item_points(it, v);
        w->applicable[it->indicator] += it->max;
    }
    pm_assess_sums(m, vetoes, w);
    return verdict_code(w->tier, w->card);
}

/* An item's best and worst observations. */
static int64_t extreme(const struct pm_item *it, bool best)
{
    switch (it->type) {
    case PMINDEX_ITEM_GRADED: return it->levels[best ? 0 : it->nlevels - 1].value;
    case PMINDEX_ITEM_PASSFAIL: return best ? PMINDEX_VALUE_SCALE : 0;
    case PMINDEX_ITEM_DEDUCT:
        return best ? 0 : pm_ceil_div(it->max, it->penalty) * PMINDEX_VALUE_SCALE;
    default: return best ? it->full : it->zero;
    }
}

static void other_flips(pmindex_margins *g, const pmindex_compound *c)
{
    const pmindex_model *m = g->model;
    int32_t now = verdict_code(g->a->tier, g->a->card);
    for (int32_t i = 0; i < m->nitems; i++) {
        if (c->values[i] != PM_NA)
            continue;
        for (int dir = 0; dir < 2; dir++) {
            struct move mv = {extreme(&m->items[i], dir == 0), 0, 0};
            if (what_if(g, i, mv.to, c->vetoes) != now)
                add_flip(g, i, dir == 0 ? PMINDEX_FLIP_BEST : PMINDEX_FLIP_WORST, 0, &mv,
                         g->what_if->tier, g->what_if->card);
        }
    }
    for (int32_t v = 0; v < m->nvetoes; v++) {
        if (!c->vetoes[v])
            continue;
        memcpy(g->vetoes, c->vetoes, (size_t)m->nvetoes);
        g->vetoes[v] = 0;
        struct move mv = {0, 0, 0};
        if (what_if(g, -1, 0, g->vetoes) != now)
            add_flip(g, v, PMINDEX_FLIP_LIFTED, PMINDEX_VALUE_SCALE, &mv, g->what_if->tier,
                     g->what_if->card);
    }
}

/* Nearest first: changes in steps by their steps (exactly), then items
 * that do not apply, then vetoes; ties in model order, better first. A
 * compound has a few flips: insertion sort, no allocation. */
static int flip_class(const struct pm_flip *f)
{
    return f->direction <= PMINDEX_FLIP_WORSE ? 0 : f->direction == PMINDEX_FLIP_LIFTED ? 2 : 1;
}

static int cmp_flip(const void *x, const void *y)
{
    const struct pm_flip *a = x, *b = y;
    int ca = flip_class(a), cb = flip_class(b);
    if (ca != cb)
        return ca - cb;
    if (ca == 0) {
        if (pm_mul_less(a->dist, b->unit, b->dist, a->unit))
            return -1;
        if (pm_mul_less(b->dist, a->unit, a->dist, b->unit))
            return 1;
    }
    if (a->element != b->element)
        return a->element < b->element ? -1 : 1;
    return a->direction - b->direction;
}

void pm_margins_of(pmindex_margins *g, const pmindex_compound *c, const pmindex_assessment *a)
{
    const pmindex_model *m = g->model;
    g->a = a;
    g->nflips = 0;
    g->fragile = false;
    g->has_tier = a->tier != PMINDEX_TIER_FALLBACK;
    g->down = g->up = -1;
    if (g->has_tier) {
        int32_t t = pm_index_tier(m, a->index);
        g->down = a->index - m->tiers[t].threshold;
        g->up = t > 0 ? m->tiers[t - 1].threshold - a->index : -1;
        struct fixed x = {m, a, 0, 0, 0, 0, false, g->own_flags};
        for (int32_t k = 0; k < m->nindicators; k++) {
            int64_t ak = a->applicable[k];
            x.own[k] = 0;
            if (!ak)
                continue;
            x.sum_p += a->points[k];
            x.sum_w += m->indicators[k].points;
            if (pm_share_below(a->earned[k], ak, m->downgrade))
                x.own[k] |= OWN_DOWN;
            if (below_black_floor(m, k, a->earned[k], ak))
                x.own[k] |= OWN_BLACK;
            x.ndown += x.own[k] & OWN_DOWN;
            x.nblack += x.own[k] >> 1;
        }
        for (int32_t v = 0; v < m->nvetoes; v++)
            x.veto |= c->vetoes[v] != 0;
        item_flips(g, c, &x);
    }
    other_flips(g, c);
    for (int32_t i = 1; i < g->nflips; i++)
        for (int32_t j = i; j > 0 && cmp_flip(&g->flips[j - 1], &g->flips[j]) > 0; j--) {
            struct pm_flip t = g->flips[j];
            g->flips[j] = g->flips[j - 1];
            g->flips[j - 1] = t;
        }
    g->computed = true;
}

PMINDEX_API int pmindex_margins_compute(pmindex_margins *g, const pmindex_compound *c)
{
    if (!g || !c || c->model != g->model)
        return PMINDEX_E_INVALID;
    pmindex_assess(g->model, c, g->own);
    pm_margins_of(g, c, g->own);
    return PMINDEX_OK;
}

/* ---- reading the result ------------------------------------------------------ */

static const struct pm_flip *flip_at(const pmindex_margins *g, int32_t n)
{
    return g && g->computed && n >= 0 && n < g->nflips ? &g->flips[n] : NULL;
}

PMINDEX_API int pmindex_margins_verdict(const pmindex_margins *g, int32_t *tier_out,
                                        int32_t *card_out)
{
    if (!g || !g->computed)
        return PMINDEX_E_INVALID;
    if (tier_out)
        *tier_out = g->a->tier;
    if (card_out)
        *card_out = g->a->card;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_margins_index(const pmindex_margins *g, int64_t *down_out,
                                      int64_t *up_out)
{
    if (!g || !g->computed)
        return PMINDEX_E_INVALID;
    if (!g->has_tier)
        return 0;
    if (down_out)
        *down_out = g->down;
    if (up_out)
        *up_out = g->up;
    return 1;
}

PMINDEX_API int32_t pmindex_margins_fragile(const pmindex_margins *g)
{
    return g && g->computed ? g->fragile : PMINDEX_E_INVALID;
}

PMINDEX_API int32_t pmindex_margins_flip_count(const pmindex_margins *g)
{
    return g && g->computed ? g->nflips : PMINDEX_E_INVALID;
}

PMINDEX_API int pmindex_margins_flip(const pmindex_margins *g, int32_t n, int32_t *element_out,
                                     int32_t *direction_out, int64_t *from_out, int64_t *to_out,
                                     int32_t *tier_out, int32_t *card_out)
{
    if (!g || !g->computed)
        return PMINDEX_E_INVALID;
    const struct pm_flip *f = flip_at(g, n);
    if (!f)
        return PMINDEX_E_NOT_FOUND;
    if (element_out)
        *element_out = f->element;
    if (direction_out)
        *direction_out = f->direction;
    if (from_out)
        *from_out = f->from;
    if (to_out)
        *to_out = f->to;
    if (tier_out)
        *tier_out = f->tier;
    if (card_out)
        *card_out = f->card;
    return PMINDEX_OK;
}

int64_t pm_flip_steps(const struct pm_flip *f)
{
    return f->unit ? pm_muldiv_ceil(f->dist, 100, f->unit) : -1;
}

PMINDEX_API int64_t pmindex_margins_flip_steps(const pmindex_margins *g, int32_t n)
{
    if (!g || !g->computed)
        return PMINDEX_E_INVALID;
    const struct pm_flip *f = flip_at(g, n);
    return f ? pm_flip_steps(f) : PMINDEX_E_NOT_FOUND;
}

/* ---- flips as text ----------------------------------------------------------- */

static void out_decimal(struct pm_out *o, int64_t units)
{
    char text[PM_DECIMAL_TEXT];
    pm_out_bytes(o, text, pm_decimal_text(units, text));
}

void pm_out_flip(struct pm_out *o, const pmindex_model *m, const struct pm_flip *f)
{
    bool veto = f->direction == PMINDEX_FLIP_LIFTED;
    pm_out_str(o, veto ? m->vetoes[f->element].id : m->items[f->element].id);
    pm_out_char(o, ':');
    if (f->direction == PMINDEX_FLIP_BEST || f->direction == PMINDEX_FLIP_WORST)
        pm_out_str(o, "NA");
    else
        out_decimal(o, f->from);
    pm_out_char(o, '>');
    out_decimal(o, f->to);
    pm_out_char(o, '=');
    pm_out_str(o, f->tier == PMINDEX_TIER_FALLBACK ? "fallback" : m->tiers[f->tier].key);
    pm_out_char(o, '/');
    pm_out_str(o, f->card == PMINDEX_CARD_BLACK ? "black" : f->card == PMINDEX_CARD_RED ? "red"
                                                                                      : "none");
}

/* "tier Fail and a black card" / "等级不合格、黑牌". */
static void out_verdict(struct pm_out *o, const pmindex_model *m, int32_t tier, int32_t card,
                        bool en)
{
    static const char *const card_en[] = {" and no card", " and a red card", " and a black card"};
    static const char *const card_zh[] = {"、无牌", "、红牌", "、黑牌"};
    if (tier == PMINDEX_TIER_FALLBACK) {
        pm_out_str(o, en ? "fallback management (no tier, no card)" : "兜底管理（不定等级、不挂牌）");
        return;
    }
    pm_out_str(o, en ? "tier " : "等级");
    pm_out_str(o, pm_text(m->tiers[tier].label, en ? PMINDEX_LANG_EN : PMINDEX_LANG_ZH));
    pm_out_str(o, en ? card_en[card] : card_zh[card]);
}

static const char *level_label(const pmindex_model *m, int32_t i, int64_t v, int32_t lang)
{
    for (int32_t j = 0; j < pmindex_model_item_level_count(m, i); j++)
        if (pmindex_model_item_level_value(m, i, j) == v)
            return pmindex_model_item_level_label(m, i, j, lang);
    return "";
}

static void out_count(struct pm_out *o, int64_t n)
{
    pm_out_int(o, n);
}

/* The change itself, in words, before "gives ...". */
static void out_change(struct pm_out *o, const pmindex_model *m, const struct pm_flip *f, bool en)
{
    int32_t lang = en ? PMINDEX_LANG_EN : PMINDEX_LANG_ZH;
    if (f->direction == PMINDEX_FLIP_LIFTED) {
        pm_out_str(o, en ? "Lifting veto " : "撤销一票否决 ");
        pm_out_str(o, m->vetoes[f->element].id);
        return;
    }
    const struct pm_item *it = &m->items[f->element];
    if (f->direction == PMINDEX_FLIP_BEST || f->direction == PMINDEX_FLIP_WORST) {
        bool best = f->direction == PMINDEX_FLIP_BEST;
        pm_out_str(o, it->id);
        pm_out_str(o, en ? (best ? ", not applicable, applied at its best value "
                                 : ", not applicable, applied at its worst value ")
                         : (best ? "（不适用）若按最好值 " : "（不适用）若按最差值 "));
        out_decimal(o, f->to);
        if (!en)
            pm_out_str(o, " 计入");
        return;
    }
    bool better = f->direction == PMINDEX_FLIP_BETTER;
    switch (it->type) {
    case PMINDEX_ITEM_DEDUCT: {
        int64_t f0 = f->from / PMINDEX_VALUE_SCALE, f1 = f->to / PMINDEX_VALUE_SCALE;
        int64_t n = better ? f0 - f1 : f1 - f0;
        if (en) {
            out_count(o, n);
            pm_out_str(o, better ? (n == 1 ? " finding fewer on " : " findings fewer on ")
                                 : (n == 1 ? " more finding on " : " more findings on "));
            pm_out_str(o, it->id);
            pm_out_str(o, " (");
        } else {
            pm_out_str(o, it->id);
            pm_out_str(o, better ? " 少 " : " 多 ");
            out_count(o, n);
            pm_out_str(o, " 项问题（");
        }
        out_count(o, f0);
        pm_out_str(o, " → ");
        out_count(o, f1);
        pm_out_str(o, en ? ")" : "）");
        return;
    }
    case PMINDEX_ITEM_GRADED:
    case PMINDEX_ITEM_PASSFAIL: {
        int32_t i = f->element;
        pm_out_str(o, it->id);
        pm_out_str(o, en ? " " : " 由");
        pm_out_str(o, level_label(m, i, f->from, lang));
        pm_out_str(o, en ? " → " : "改为");
        pm_out_str(o, level_label(m, i, f->to, lang));
        if (it->type == PMINDEX_ITEM_GRADED) {
            pm_out_str(o, en ? " (" : "（");
            pm_out_str(o, en ? "" : better ? "提高 " : "降低 ");
            out_count(o, f->dist);
            pm_out_str(o, en ? (f->dist == 1 ? " level " : " levels ") : " 档）");
            if (en)
                pm_out_str(o, better ? "better)" : "worse)");
        }
        return;
    }
    default: {
        bool higher = f->to > f->from;
        pm_out_str(o, it->id);
        pm_out_str(o, en ? " at " : " 由 ");
        if (en) {
            out_decimal(o, f->to);
            pm_out_str(o, " instead of ");
            out_decimal(o, f->from);
            pm_out_str(o, " (");
            out_decimal(o, higher ? f->to - f->from : f->from - f->to);
            pm_out_str(o, higher ? " higher; its tolerance is " : " lower; its tolerance is ");
            out_decimal(o, f->unit);
            pm_out_str(o, ")");
        } else {
            out_decimal(o, f->from);
            pm_out_str(o, higher ? " 升至 " : " 降至 ");
            out_decimal(o, f->to);
            pm_out_str(o, "（相差 ");
            out_decimal(o, higher ? f->to - f->from : f->from - f->to);
            pm_out_str(o, "，容差 ");
            out_decimal(o, f->unit);
            pm_out_str(o, "）");
        }
        return;
    }
    }
}

PMINDEX_API int64_t pmindex_margins_flip_text(const pmindex_margins *g, int32_t n, int32_t lang,
                                              char *buf, size_t cap)
{
    if (!g || !g->computed || (!buf && cap))
        return PMINDEX_E_INVALID;
    const struct pm_flip *f = flip_at(g, n);
    if (!f)
        return PMINDEX_E_NOT_FOUND;
    bool en = lang == PMINDEX_LANG_EN;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    out_change(&o, g->model, f, en);
    pm_out_str(&o, en ? " gives " : "，即为");
    out_verdict(&o, g->model, f->tier, f->card, en);
    return pm_out_finish(&o);
}
