/* A brute-force proof of a compound's margins, through the public API only:
 * every reported flip is applied to a copy of the compound and the copy
 * re-assessed; the observation one step short of it (one level, one
 * finding, 0.000001) keeps the verdict, and so does every level or count
 * between; an item without a flip in a direction keeps the verdict even at
 * the end of its range; items that do not apply and vetoes are tried both
 * ways; fragility is recomputed from one step of every item. Shared by the
 * unit tests and the fuzz target: check_margins() returns NULL, or a
 * description of the first disagreement in why. */
#ifndef PMINDEX_CHECK_MARGINS_H
#define PMINDEX_CHECK_MARGINS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <pmindex/pmindex.h>

#define CM_STEP INT64_C(100) /* 0.000001 */

struct cm {
    const pmindex_model *m;
    const pmindex_compound *c;
    pmindex_compound *w;   /* the changed copy */
    pmindex_assessment *a; /* its verdict */
    int32_t tier, card;    /* the compound's own verdict */
    char *why;
    size_t cap;
};

static int32_t cm_code(int32_t tier, int32_t card)
{
    return (tier + 1) * 4 + card;
}

/* The verdict with item i at v (PMINDEX_VALUE_MAX + 1: not applicable). */
static int32_t cm_with(struct cm *x, int32_t i, int64_t v)
{
    pmindex_compound_copy(x->w, x->c);
    if (pmindex_compound_set_value(x->w, i, v) != 0)
        return -1;
    pmindex_assess(x->m, x->w, x->a);
    return cm_code(pmindex_assessment_tier(x->a), pmindex_assessment_card(x->a));
}

static int32_t cm_lifted(struct cm *x, int32_t v)
{
    pmindex_compound_copy(x->w, x->c);
    pmindex_compound_set_veto(x->w, v, 0);
    pmindex_assess(x->m, x->w, x->a);
    return cm_code(pmindex_assessment_tier(x->a), pmindex_assessment_card(x->a));
}

static const char *cm_fail(struct cm *x, int32_t i, const char *what, int64_t v)
{
    snprintf(x->why, x->cap, "%s: item %s: %s (value %lld)",
             pmindex_compound_field(x->c, PMINDEX_FIELD_ID), pmindex_model_item_id(x->m, i), what,
             (long long)v);
    return x->why;
}

/* The largest observation of an item, and the sheet's grid below it. */
static int64_t cm_vmax(const pmindex_model *m, int32_t i)
{
    int64_t zero, full;
    if (pmindex_model_item_goalposts(m, i, &zero, &full) == 0 && zero <= PMINDEX_VALUE_SCALE &&
        full <= PMINDEX_VALUE_SCALE)
        return PMINDEX_VALUE_SCALE;
    return PMINDEX_VALUE_MAX;
}

static int32_t cm_level(const pmindex_model *m, int32_t i, int64_t v)
{
    for (int32_t j = 0; j < pmindex_model_item_level_count(m, i); j++)
        if (pmindex_model_item_level_value(m, i, j) == v)
            return j;
    return -1;
}

/* The values an item takes in a direction from v0, nearest first, for the
 * discrete types: levels, findings (up to where points stop changing),
 * the other pass/fail value. Returns how many (at most cap). */
static int32_t cm_discrete(const pmindex_model *m, int32_t i, int64_t v0, bool better,
                           int64_t *out, int32_t cap)
{
    int32_t n = 0, type = pmindex_model_item_type(m, i);
    if (type == PMINDEX_ITEM_GRADED || type == PMINDEX_ITEM_PASSFAIL) {
        int32_t j0 = cm_level(m, i, v0), step = better ? -1 : 1;
        for (int32_t j = j0 + step; j >= 0 && j < pmindex_model_item_level_count(m, i) && n < cap;
             j += step)
            out[n++] = pmindex_model_item_level_value(m, i, j);
        return n;
    }
    int64_t f0 = v0 / PMINDEX_VALUE_SCALE, max = pmindex_model_item_max(m, i);
    int64_t fmax = (max + pmindex_model_item_penalty(m, i) - 1) / pmindex_model_item_penalty(m, i);
    /* Beyond fmax findings every count earns 0 points: start where they
     * begin to differ. */
    if (better)
        for (int64_t f = (f0 - 1 < fmax ? f0 - 1 : fmax); f >= 0 && n < cap; f--)
            out[n++] = f * PMINDEX_VALUE_SCALE;
    else
        for (int64_t f = f0 + 1; f <= (fmax > f0 ? fmax : f0 + 1) && n < cap; f++)
            out[n++] = f * PMINDEX_VALUE_SCALE;
    return n;
}

/* One applicable item in one direction, with the flip reported (found) or not. */
static const char *cm_item(struct cm *x, int32_t i, bool better, bool found, int64_t to,
                           int32_t code, int32_t *first_step)
{
    const pmindex_model *m = x->m;
    int64_t v0;
    pmindex_compound_value(x->c, i, &v0);
    int32_t now = cm_code(x->tier, x->card), type = pmindex_model_item_type(m, i);
    if (found) {
        int32_t got = cm_with(x, i, to);
        if (got != code)
            return cm_fail(x, i, better ? "better flip gives another verdict"
                                        : "worse flip gives another verdict", to);
        if (got == now)
            return cm_fail(x, i, "the flip keeps the verdict", to);
    }
    if (type != PMINDEX_ITEM_RATE) {
        int64_t vals[64];
        int32_t n = cm_discrete(m, i, v0, better, vals, 64);
        *first_step = n > 0 ? cm_with(x, i, vals[0]) : now;
        for (int32_t k = 0; k < n; k++) {
            int32_t got = cm_with(x, i, vals[k]);
            if (found && vals[k] == to)
                return NULL; /* every value before it kept the verdict */
            if (got != now)
                return cm_fail(x, i, found ? "a nearer value flips the verdict"
                                           : "no flip reported, but a value flips it", vals[k]);
        }
        if (!found || n < 64 || type != PMINDEX_ITEM_DEDUCT)
            return found ? cm_fail(x, i, "the flip is not a value of the item", to) : NULL;
        /* A long run of counts: past the 64 nearest, the one short of the flip. */
        int64_t shorter = better ? to + PMINDEX_VALUE_SCALE : to - PMINDEX_VALUE_SCALE;
        if (to % PMINDEX_VALUE_SCALE != 0 || (better ? to >= v0 : to <= v0) ||
            cm_with(x, i, shorter) != now)
            return cm_fail(x, i, "one finding short of the flip flips too", shorter);
        return NULL;
    }
    /* Rate: one step short keeps the verdict; without a flip, the end of
     * the range does. The goalposts decide the direction of better. */
    int64_t zero, full, vmax = cm_vmax(m, i) / CM_STEP * CM_STEP;
    pmindex_model_item_goalposts(m, i, &zero, &full);
    bool up = better == (full > zero);
    int64_t tol = pmindex_model_item_tolerance(m, i);
    int64_t one = up ? (v0 + tol > cm_vmax(m, i) ? cm_vmax(m, i) : v0 + tol)
                     : (v0 - tol < 0 ? 0 : v0 - tol);
    *first_step = cm_with(x, i, one);
    if (found) {
        if (to % CM_STEP != 0)
            return cm_fail(x, i, "the flip has more than 6 decimals", to);
        int64_t shorter = up ? to - CM_STEP : to + CM_STEP;
        if ((up ? shorter > v0 : shorter < v0) && cm_with(x, i, shorter) != now)
            return cm_fail(x, i, "one step short of the flip flips too", shorter);
        return NULL;
    }
    int64_t end = up ? vmax : 0;
    if (end != v0 && cm_with(x, i, end) != now)
        return cm_fail(x, i, "no flip reported, but the end of the range flips", end);
    return NULL;
}

static const char *check_margins(const pmindex_model *m, const pmindex_compound *c,
                                 pmindex_margins *g, pmindex_compound *w, pmindex_assessment *a,
                                 char *why, size_t cap)
{
    struct cm x = {m, c, w, a, 0, 0, why, cap};
    if (pmindex_margins_compute(g, c) != 0)
        return "pmindex_margins_compute failed";
    pmindex_assess(m, c, a);
    x.tier = pmindex_assessment_tier(a);
    x.card = pmindex_assessment_card(a);
    int32_t t2, c2;
    pmindex_margins_verdict(g, &t2, &c2);
    if (t2 != x.tier || c2 != x.card)
        return "the margins' verdict is not the assessment's";
    int32_t now = cm_code(x.tier, x.card), nflips = pmindex_margins_flip_count(g);

    /* Index margins. */
    int64_t index, down = -2, up = -2;
    int has = pmindex_margins_index(g, &down, &up);
    if (has != (x.tier != PMINDEX_TIER_FALLBACK))
        return "index margins for a fallback compound, or none for a ranked one";
    if (has) {
        pmindex_assessment_index(a, &index);
        int32_t t = 0, nt = pmindex_model_tier_count(m);
        while (t < nt - 1 && index < pmindex_model_tier_threshold(m, t))
            t++;
        if (down != index - pmindex_model_tier_threshold(m, t) ||
            up != (t > 0 ? pmindex_model_tier_threshold(m, t - 1) - index : -1))
            return "wrong index margins";
    }

    /* Each item and direction: the reported flip, or none. */
    bool fragile = false;
    for (int32_t i = 0; i < pmindex_model_item_count(m); i++) {
        int64_t v0;
        bool applies = pmindex_compound_value(c, i, &v0) == 1;
        for (int dir = 0; dir < 2; dir++) {
            int32_t want = applies ? (dir == 0 ? PMINDEX_FLIP_BETTER : PMINDEX_FLIP_WORSE)
                                   : (dir == 0 ? PMINDEX_FLIP_BEST : PMINDEX_FLIP_WORST);
            bool found = false;
            int64_t to = 0;
            int32_t code = 0, seen = 0;
            for (int32_t n = 0; n < nflips; n++) {
                int32_t el, d, t, cd;
                int64_t from, tv;
                pmindex_margins_flip(g, n, &el, &d, &from, &tv, &t, &cd);
                if (el != i || d != want)
                    continue;
                seen++;
                found = true;
                to = tv;
                code = cm_code(t, cd);
                if (applies && from != v0)
                    return cm_fail(&x, i, "the flip's from is not the observation", from);
            }
            if (seen > 1)
                return cm_fail(&x, i, "two flips in one direction", to);
            if (!applies) {
                /* The best and worst values: graded levels at the ends,
                 * pass/fail, no findings or enough to lose every point,
                 * the goalposts. */
                int32_t type = pmindex_model_item_type(m, i);
                int64_t v, zero, full, max = pmindex_model_item_max(m, i);
                bool best = dir == 0;
                if (type == PMINDEX_ITEM_GRADED)
                    v = pmindex_model_item_level_value(
                        m, i, best ? 0 : pmindex_model_item_level_count(m, i) - 1);
                else if (type == PMINDEX_ITEM_PASSFAIL)
                    v = best ? PMINDEX_VALUE_SCALE : 0;
                else if (type == PMINDEX_ITEM_DEDUCT) {
                    int64_t p = pmindex_model_item_penalty(m, i);
                    v = best ? 0 : (max + p - 1) / p * PMINDEX_VALUE_SCALE;
                } else {
                    pmindex_model_item_goalposts(m, i, &zero, &full);
                    v = best ? full : zero;
                }
                int32_t got = cm_with(&x, i, v);
                if (got < 0)
                    continue; /* a goalpost a sheet could not give */
                if (found != (got != now) || (found && (got != code || to != v)))
                    return cm_fail(&x, i, "the verdict if it applied is not as reported", v);
                continue;
            }
            int32_t step = now;
            const char *e = cm_item(&x, i, dir == 0, found, to, code, &step);
            if (e)
                return e;
            fragile |= step != now;
        }
    }
    for (int32_t v = 0; v < pmindex_model_veto_count(m); v++) {
        if (!pmindex_compound_veto(c, v))
            continue;
        bool found = false;
        int32_t code = 0;
        for (int32_t n = 0; n < nflips; n++) {
            int32_t el, d, t, cd;
            pmindex_margins_flip(g, n, &el, &d, NULL, NULL, &t, &cd);
            if (d == PMINDEX_FLIP_LIFTED && el == v) {
                found = true;
                code = cm_code(t, cd);
            }
        }
        int32_t got = cm_lifted(&x, v);
        if (found != (got != now) || (found && got != code)) {
            snprintf(why, cap, "%s: veto %s: lifting it is not as reported",
                     pmindex_compound_field(c, PMINDEX_FIELD_ID), pmindex_model_veto_id(m, v));
            return why;
        }
    }
    if (fragile != (pmindex_margins_fragile(g) == 1)) {
        snprintf(why, cap, "%s: fragile is %d, one step says %d",
                 pmindex_compound_field(c, PMINDEX_FIELD_ID), (int)pmindex_margins_fragile(g),
                 (int)fragile);
        return why;
    }
    /* Nearest first: steps never fall along the list's first part. */
    int64_t last = 0;
    for (int32_t n = 0; n < nflips; n++) {
        int64_t s = pmindex_margins_flip_steps(g, n);
        if (s < 0)
            break;
        if (s < last)
            return "flips not listed nearest first";
        last = s;
    }
    return NULL;
}

#endif
