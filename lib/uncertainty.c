/* The Monte Carlo analysis of a district: how sure its tiers, cards, ranks
 * and lists are when the weights, the goalposts and the observations vary.
 *
 * Each sample draws the varied inputs from streams of the seed (random.h)
 * and applies the model's rules to every compound in exact integers, with
 * the functions pmindex_assess() is made of (verdict.h). For the
 * sensitivity analysis every sample j has a second, independent draw B_j
 * beside A_j (Saltelli's two matrices), and for each input g one
 * evaluation with A_j's inputs but g's from B_j, and one with g alone
 * varied (one at a time). A worker takes one sample at a time and writes
 * only that sample's results; counts are summed per worker and added up
 * afterwards, so that the results are the same for any number of threads.
 *
 * A compound keeps what the samples need: the earned points of its items
 * that are not rate items, per indicator; its applicable points; its rate
 * observations. Fallback compounds never change (their coverage does not
 * vary), so only the ranked ones are evaluated. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "compound.h"
#include "decimal.h"
#include "model.h"
#include "random.h"
#include "uncertainty.h"
#include "verdict.h"

/* The per-compound steps of a sample: inlined into their loops, where the
 * compiler would rather call them (they are used in three places). */
#if defined(__GNUC__)
#define PM_HOT __attribute__((always_inline))
#else
#define PM_HOT
#endif

/* ---- making and filling the analysis ------------------------------------------ */

PMINDEX_API int pmindex_uncertainty_new(const pmindex_model *m, pmindex_uncertainty **out)
{
    if (!m || !out)
        return PMINDEX_E_INVALID;
    *out = NULL;
    pmindex_uncertainty *u = calloc(1, sizeof *u);
    if (!u)
        return PMINDEX_E_NOMEM;
    u->model = m;
    for (int32_t i = 0; i < m->nitems; i++)
        u->nrates += m->items[i].type == PMINDEX_ITEM_RATE;
    u->rate_item = malloc(((size_t)u->nrates + 1) * sizeof *u->rate_item);
    if (!u->rate_item || pmindex_assessment_new(m, &u->scratch) != PMINDEX_OK) {
        pmindex_uncertainty_free(u);
        return PMINDEX_E_NOMEM;
    }
    for (int32_t i = 0, r = 0; i < m->nitems; i++)
        if (m->items[i].type == PMINDEX_ITEM_RATE)
            u->rate_item[r++] = i;
    *out = u;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_uncertainty_free(pmindex_uncertainty *u)
{
    if (!u)
        return;
    free(u->rate_item);
    free(u->fixed);
    free(u->rates);
    free(u->veto);
    free(u->id_hash);
    pmindex_assessment_free(u->scratch);
    free(u->tier_counts);
    free(u->card_counts);
    free(u->ranks);
    for (int s = 0; s < PM_GROUP_SCOPES; s++)
        free(u->group_ranks[s]);
    free(u->list_counts);
    free(u->inputs);
    free(u->intervals);
    free(u);
}

PMINDEX_API const pmindex_error *pmindex_uncertainty_error(const pmindex_uncertainty *u)
{
    return u ? &u->error : NULL;
}

static bool grow(void **p, size_t size, int64_t cap)
{
    void *q = realloc(*p, (size_t)cap * size);
    if (!q)
        return false;
    *p = q;
    return true;
}

PMINDEX_API int pmindex_uncertainty_add(pmindex_uncertainty *u, const pmindex_compound *c)
{
    if (!u || !c || c->model != u->model)
        return PMINDEX_E_INVALID;
    if (u->run)
        return pm_error_set(&u->error, PMINDEX_E_STATE,
                            "the analysis has run: no compound can be added");
    const pmindex_model *m = u->model;
    int32_t nk = m->nindicators, nr = u->nrates;
    if (u->count >= INT32_MAX - 2)
        return pm_error_set(&u->error, PMINDEX_E_LIMIT, "an analysis holds at most %d compounds",
                            (int)(INT32_MAX - 2));
    if (u->count == u->cap) {
        int64_t cap = u->cap ? u->cap * 2 : 256;
        if (!grow((void **)&u->fixed, 2 * (size_t)nk * sizeof *u->fixed, cap) ||
            !grow((void **)&u->rates, ((size_t)nr + 1) * sizeof *u->rates, cap) ||
            !grow((void **)&u->veto, 1, cap) || !grow((void **)&u->id_hash, sizeof *u->id_hash, cap))
            return pm_error_set(&u->error, PMINDEX_E_NOMEM, "out of memory");
        u->cap = cap;
    }
    /* Rule 1 once: the earned points of the items that are not rate items
     * stay the same in every sample. */
    pmindex_assessment *a = u->scratch;
    pmindex_assess(m, c, a);
    int32_t *fixed = u->fixed + (size_t)u->count * 2 * (size_t)nk;
    int64_t *rates = u->rates + (size_t)u->count * (size_t)nr;
    for (int32_t k = 0; k < nk; k++) {
        fixed[k] = (int32_t)a->earned[k];
        fixed[nk + k] = (int32_t)a->applicable[k];
    }
    for (int32_t r = 0; r < nr; r++) {
        int32_t i = u->rate_item[r];
        rates[r] = c->values[i];
        if (rates[r] != PM_NA)
            fixed[m->items[i].indicator] -= (int32_t)a->item_points[i];
    }
    bool veto = false;
    for (int32_t v = 0; v < m->nvetoes; v++)
        veto |= c->vetoes[v] != 0;
    u->veto[u->count] = veto;
    const char *id = c->field[PMINDEX_FIELD_ID];
    u->id_hash[u->count] = pm_fnv1a(id, strlen(id));
    u->count++;
    pm_error_clear(&u->error);
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_uncertainty_set(pmindex_uncertainty *u, int32_t input, int64_t ppm)
{
    static const int64_t limit[] = {0, PMINDEX_PPM - 1, PMINDEX_PPM / 2 - 1, PMINDEX_PPM};
    static const char *const name[] = {"", "weights", "goalposts", "errors"};
    if (!u || input < PMINDEX_INPUT_WEIGHTS || input > PMINDEX_INPUT_ERRORS)
        return PMINDEX_E_INVALID;
    if (u->run)
        return pm_error_set(&u->error, PMINDEX_E_STATE, "the analysis has run already");
    if (ppm < 0 || ppm > limit[input]) {
        /* In percent: a millionth is 10^4 units of 1/PMINDEX_VALUE_SCALE of a percent. */
        char top[PM_DECIMAL_TEXT], got[PM_DECIMAL_TEXT + 1];
        pm_decimal_text(limit[input] * 10000, top);
        if (ppm >= -INT64_C(1000000000000) && ppm <= INT64_C(1000000000000))
            strcat(got + pm_decimal_text(ppm * 10000, got), "%");
        else
            strcpy(got, "far more");
        return pm_error_set(&u->error, PMINDEX_E_RANGE, "the %s vary by 0 to %s%% (got %s)",
                            name[input], top, got);
    }
    u->ppm[input] = ppm;
    return PMINDEX_OK;
}

/* ---- the plan of a run: what every worker reads ------------------------------------- */

/* What rules 2-9 decide from, for one compound: the sum of its indicator
 * points and of their weights, whether every indicator applies, and the
 * facts that do not depend on the weights (the shares). */
struct sums {
    int64_t sum_p, sum_w;
    bool all;
    struct pm_facts f;
};

/* Sums kept per compound, so that an evaluation that changes one weight
 * only redoes that indicator's points: matrix A's, and the plain ones. */
struct kept {
    int32_t *points; /* n x nk */
    struct sums *sums; /* n */
};


struct plan {
    const pmindex_uncertainty *u;
    const pmindex_model *m;
    const pmindex_district *d;
    int32_t nk, nr, ninputs;
    int64_t samples;
    uint64_t seed;
    bool vary_w, vary_rates; /* weights vary; goalposts or errors do */
    const struct pm_input *inputs;

    /* The ranked compounds, in compound order. */
    int64_t n;
    uint32_t *who;       /* compound number */
    int32_t *base_rank;  /* the district's rank */
    uint8_t *base_card;
    int32_t *e0;         /* n x nk: earned points with the rates as observed */
    int64_t *households;
    int32_t *group;      /* n x 3: street, station, company (internal numbers), -1 */
    int32_t ngroups[PM_GROUP_SCOPES];
    int64_t *tiered[PM_GROUP_SCOPES]; /* per group: compounds with a tier */

    /* The rate items. */
    int64_t *zero, *full; /* per slot, as in the model */
    int64_t *gmax, *emax; /* per slot: the largest goalpost move and error, units */
    int64_t *vmax;        /* per slot: the largest observation */
    bool use_hist;        /* ranks by a histogram of keys (many compounds) */
    /* For the goalposts and the errors varied alone: the ranked compounds
     * whose card might change; every other one's is certain (oat_filter()). */
    uint32_t *unsure[2];
    int64_t nunsure[2];
    /* The plain weights as varied weights (W_k 10^6), and the plain sums. */
    int64_t *wf0;
    struct kept kept0;
    uint32_t nkeys;

    /* What each sample writes at its own place. */
    int32_t *ranks_a;     /* samples x n */
    uint64_t *ya, *yb;    /* samples */
    uint64_t *yab, *cards; /* ninputs x samples */
    int32_t *granks[PM_GROUP_SCOPES]; /* samples x groups */
    atomic_llong next;    /* the next sample to take */
};

/* A rate item as one evaluation sees it: its goalposts and the reciprocal
 * of their span (fast when max * span fits in 64 bits). */
struct slot {
    int64_t max, zero, full, vmax, emax;
    int32_t indicator;
    bool fast;
    struct pm_recip span;
};

/* The inputs of one evaluation. */
struct draw {
    const int64_t *wf;          /* per indicator W_k F_k; NULL: the model's weights */
    const struct slot *slot;    /* per rate item (prepare()) */
    struct pm_recip *wrecip;    /* per indicator: 10^6 W_k, for a_k = W_k; then sum of wf */
    bool rates;                 /* apply the rate items (else e is the cache's) */
    const int32_t *cache;       /* n x nk earned points when !rates */
    const int64_t *obs;         /* n x nr observations with their errors; NULL: as observed */
    int32_t *e_out;             /* n x nk: keep the earned points; NULL */
};

/* A worker's own memory. */
struct worker {
    const struct plan *p;
    uint32_t *tier_counts; /* n x ntiers */
    uint32_t *card_counts; /* n x 2: red, black */
    uint32_t *list_counts; /* companies x 2 */
    int32_t *e_a;          /* n x nk: the earned points of sample A */
    uint32_t *key;         /* n */
    uint8_t *tier, *card;  /* n */
    int32_t *rank;         /* n */
    uint32_t *sort, *sort2; /* n: radix sort of the keys */
    uint32_t *hist;        /* nkeys + 1, or 512 for the radix */
    int64_t *index;        /* n */
    int64_t *obs[2];       /* n x nr: the observations with A's and B's errors */
    struct kept kept_a;    /* matrix A's sums, when the weights vary */
    int64_t *wf[2];        /* per indicator: A's and B's weights */
    int64_t *gp[4];        /* per slot: A's zero, full, B's zero, full */
    struct slot *slots[4]; /* per slot, for the draws A, B, mixed, alone */
    struct pm_recip *wr[4];
    int64_t *gsum, *gweighted, *gweight; /* per group of a scope */
    uint8_t *gblack;
    uint32_t *gcount;      /* PM_INDEX_SPAN + 1 */
    bool ok;
};

/* ---- evaluating one sample ------------------------------------------------------ */

/* round(n / d) for n >= 0, d > 0, in 64 bits. */
static inline int64_t div_round(uint64_t n, uint64_t d)
{
    uint64_t q = n / d, r = n - q * d;
    return (int64_t)(q + (r >= d - r));
}

/* The divisions every compound of a draw shares, as reciprocals: each rate
 * item's span, each indicator's weight, the sum of the weights. */
static void prepare(const struct plan *p, struct draw *dr, struct slot *slots,
                    struct pm_recip *wrecip, const int64_t *zero, const int64_t *full)
{
    const pmindex_model *m = p->m;
    for (int32_t r = 0; r < p->nr; r++) {
        const struct pm_item *it = &m->items[p->u->rate_item[r]];
        struct slot *sl = &slots[r];
        int64_t span = full[r] > zero[r] ? full[r] - zero[r] : zero[r] - full[r];
        sl->max = it->max;
        sl->zero = zero[r];
        sl->full = full[r];
        sl->vmax = p->vmax[r];
        sl->emax = p->emax[r];
        sl->indicator = it->indicator;
        sl->span = pm_recip_of((uint64_t)span);
        sl->fast = (uint64_t)span <= UINT64_MAX / (uint64_t)it->max;
    }
    dr->slot = slots;
    dr->wrecip = wrecip;
    if (dr->wf) {
        int64_t all = 0;
        for (int32_t k = 0; k < p->nk; k++) {
            wrecip[k] = pm_recip_of((uint64_t)(PM_WEIGHT_DEN * m->indicators[k].points));
            all += dr->wf[k];
        }
        wrecip[p->nk] = pm_recip_of((uint64_t)all);
    }
}

/* The rate observations of every ranked compound with the measurement
 * errors of one matrix's sample (key): one draw per rate item from the
 * compound's own stream, kept within what a sheet can give. */
static void perturb(const struct plan *p, uint64_t key, int64_t *obs)
{
    const int32_t nr = p->nr;
    for (int64_t i = 0; i < p->n; i++) {
        uint32_t c = p->who[i];
        const int64_t *rates = p->u->rates + (size_t)c * (size_t)nr;
        int64_t *out = obs + (size_t)i * (size_t)nr;
        struct pm_stream s = pm_stream_of(key, 2 + (uint64_t)c);
        for (int32_t r = 0; r < nr; r++) {
            int64_t v = rates[r], err = pm_plus_minus(&s, p->emax[r]);
            if (v != PM_NA) {
                v += err;
                v = v < 0 ? 0 : v > p->vmax[r] ? p->vmax[r] : v;
            }
            out[r] = v;
        }
    }
}

/* The sums of ranked compound c with earned points e, with the varied
 * weights when wf is not NULL (an indicator earns W_k F_k e_k / (10^6 a_k));
 * each indicator's points into points when not NULL. Reciprocals serve the
 * divisions a whole draw shares; a compound's own divisors are divided by
 * (their reciprocals would cost more memory traffic than they save). */
PM_HOT static inline void sums_of(const struct plan *p, uint32_t c, const int64_t *e, const int64_t *wf,
                           const struct pm_recip *wrecip, int32_t *points, struct sums *t)
{
    const pmindex_model *m = p->m;
    const int32_t nk = p->nk;
    const int32_t *ak = p->u->fixed + (size_t)c * 2 * (size_t)nk + nk;
    t->sum_p = t->sum_w = 0;
    t->all = true;
    t->f = (struct pm_facts){.veto = p->u->veto[c] != 0};
    for (int32_t k = 0; k < nk; k++) {
        int64_t a = ak[k], wk = m->indicators[k].points, pk;
        if (!a) {
            t->all = false;
            continue;
        }
        if (wf) {
            uint64_t n = (uint64_t)wf[k] * (uint64_t)e[k];
            pk = a == wk ? (int64_t)pm_recip_round(n, wrecip[k])
                         : div_round(n, (uint64_t)(PM_WEIGHT_DEN * a));
            t->sum_w += wf[k];
        } else {
            pk = pm_indicator_points(wk, e[k], a);
            t->sum_w += wk;
        }
        t->sum_p += pk;
        if (points)
            points[k] = (int32_t)pk;
        t->f.downgrade |= pm_share_below(e[k], a, m->downgrade);
    }
    for (int32_t s = 0; s < m->nblack_shares; s++) {
        int32_t k = m->black_shares[s].indicator;
        t->f.black_share |= ak[k] && pm_share_below(e[k], ak[k], m->black_shares[s].share);
    }
}

/* The index from the sums (rule 3: PM_CENTI_FULL sum_p / (sum W_k F_k / 10^6)
 * with varied weights; all_w the reciprocal of every weight's sum, for a
 * compound all of whose indicators apply), then rules 5-9. */
PM_HOT static inline struct pm_decision decide_sums(const struct plan *p, struct sums *t, bool weighted,
                                             const struct pm_recip *all_w)
{
    if (weighted) {
        uint64_t n = (uint64_t)t->sum_p * (uint64_t)(PM_CENTI_FULL * PM_WEIGHT_DEN);
        t->f.index = t->all ? (int64_t)pm_recip_round(n, *all_w) : div_round(n, (uint64_t)t->sum_w);
    } else {
        t->f.index = pm_index_of(t->sum_p, t->sum_w);
    }
    return pm_decide(p->m, &t->f);
}

static inline struct pm_decision verdict_of(const struct plan *p, uint32_t c, const int64_t *e,
                                            const int64_t *wf, const struct pm_recip *wrecip,
                                            int64_t *index)
{
    struct sums t;
    sums_of(p, c, e, wf, wrecip, NULL, &t);
    struct pm_decision d = decide_sums(p, &t, wf != NULL, wrecip ? &wrecip[p->nk] : NULL);
    *index = t.f.index;
    return d;
}

/* The earned points of ranked compound i (number c) under the rate items of
 * dr, into e. */
PM_HOT static inline void earned_of(const struct plan *p, const struct draw *dr, int64_t i, uint32_t c,
                             int64_t *e)
{
    const int32_t nk = p->nk, nr = p->nr;
    if (!dr->rates) {
        const int32_t *cache = dr->cache + (size_t)i * (size_t)nk;
        for (int32_t k = 0; k < nk; k++)
            e[k] = cache[k];
        return;
    }
    const int32_t *fixed = p->u->fixed + (size_t)c * 2 * (size_t)nk;
    const int64_t *rates = dr->obs ? dr->obs + (size_t)i * (size_t)nr
                                   : p->u->rates + (size_t)c * (size_t)nr;
    for (int32_t k = 0; k < nk; k++)
        e[k] = fixed[k];
    for (int32_t r = 0; r < nr; r++) {
        const struct slot *sl = &dr->slot[r];
        int64_t v = rates[r];
        if (v == PM_NA)
            continue;
        e[sl->indicator] += sl->fast
                                ? pm_rate_points_recip(sl->max, sl->zero, sl->full, v, sl->span)
                                : pm_rate_points(sl->max, sl->zero, sl->full, v);
    }
}

static void store(const struct plan *p, const struct kept *kp, int64_t i, const int32_t *points,
                  const struct sums *t)
{
    memcpy(kp->points + (size_t)i * (size_t)p->nk, points, (size_t)p->nk * sizeof *points);
    kp->sums[i] = *t;
}

static void record(struct worker *w, int64_t i, struct pm_decision d, int64_t index)
{
    w->tier[i] = (uint8_t)d.tier;
    w->card[i] = (uint8_t)d.card;
    w->index[i] = index;
    w->key[i] = pm_rank_key(d.tier, index);
}

/* The verdicts of ranked compounds under the inputs of dr: tier, card,
 * index and rank key; of every one, or of the count listed in only (the
 * others keep what they had); their sums into kp when not NULL. */
static void evaluate(struct worker *w, const struct draw *dr, const uint32_t *only, int64_t count,
                     const struct kept *kp)
{
    const struct plan *p = w->p;
    const int32_t nk = p->nk;
    int64_t e[PMINDEX_MAX_INDICATORS];
    int32_t points[PMINDEX_MAX_INDICATORS];
    int64_t n = only ? count : p->n;
    for (int64_t x = 0; x < n; x++) {
        int64_t i = only ? only[x] : x;
        uint32_t c = p->who[i];
        earned_of(p, dr, i, c, e);
        if (dr->e_out)
            for (int32_t k = 0; k < nk; k++)
                dr->e_out[(size_t)i * (size_t)nk + (size_t)k] = (int32_t)e[k];
        struct sums t;
        sums_of(p, c, e, dr->wf, dr->wrecip, kp ? points : NULL, &t);
        struct pm_decision d =
            decide_sums(p, &t, dr->wf != NULL, dr->wrecip ? &dr->wrecip[nk] : NULL);
        if (kp)
            store(p, kp, i, points, &t);
        record(w, i, d, t.f.index);
    }
}

/* The verdicts when only indicator k's weight changes, from wf[k] (the
 * weights the kept sums were made with) to wk: its points alone are redone
 * from the earned points (n x nk) the sums were made from. */
static void reweigh(struct worker *w, const struct kept *kp, const int32_t *earned,
                    const int64_t *wf, int32_t k, int64_t wk)
{
    const struct plan *p = w->p;
    const int32_t nk = p->nk;
    const int64_t points_k = p->m->indicators[k].points;
    int64_t all = 0;
    for (int32_t x = 0; x < nk; x++)
        all += x == k ? wk : wf[x];
    struct pm_recip all_w = pm_recip_of((uint64_t)all);
    struct pm_recip full_k = pm_recip_of((uint64_t)(PM_WEIGHT_DEN * points_k));
    for (int64_t i = 0; i < p->n; i++) {
        uint32_t c = p->who[i];
        int64_t a = p->u->fixed[(size_t)c * 2 * (size_t)nk + (size_t)(nk + k)];
        struct sums t = kp->sums[i];
        if (a) {
            uint64_t n = (uint64_t)wk * (uint64_t)earned[(size_t)i * (size_t)nk + (size_t)k];
            int64_t pk = a == points_k ? (int64_t)pm_recip_round(n, full_k)
                                       : div_round(n, (uint64_t)(PM_WEIGHT_DEN * a));
            t.sum_p += pk - kp->points[(size_t)i * (size_t)nk + (size_t)k];
            t.sum_w += wk - wf[k];
        }
        struct pm_decision d = decide_sums(p, &t, true, &all_w);
        record(w, i, d, t.f.index);
    }
}

/* The district ranks of the keys (1 + how many keys are smaller: equal
 * keys share a rank) into rank; returns the sum of |rank - plain rank|. */
static uint64_t rank_keys(struct worker *w, int32_t *rank)
{
    const struct plan *p = w->p;
    const int64_t n = p->n;
    if (p->use_hist) {
        memset(w->hist, 0, ((size_t)p->nkeys + 1) * sizeof *w->hist);
        for (int64_t i = 0; i < n; i++)
            w->hist[w->key[i] + 1]++;
        for (uint32_t k = 0; k < p->nkeys; k++)
            w->hist[k + 1] += w->hist[k];
        for (int64_t i = 0; i < n; i++)
            rank[i] = 1 + (int32_t)w->hist[w->key[i]];
    } else {
        /* Few compounds: sort them by key (radix, 9 bits at a time over the
         * 18 bits of a key) and rank them in order. */
        uint32_t *from = w->sort, *to = w->sort2;
        for (int64_t i = 0; i < n; i++)
            from[i] = (uint32_t)i;
        for (int shift = 0; shift < 18; shift += 9) {
            memset(w->hist, 0, 513 * sizeof *w->hist);
            for (int64_t i = 0; i < n; i++)
                w->hist[((w->key[from[i]] >> shift) & 511) + 1]++;
            for (int b = 0; b < 512; b++)
                w->hist[b + 1] += w->hist[b];
            for (int64_t i = 0; i < n; i++)
                to[w->hist[(w->key[from[i]] >> shift) & 511]++] = from[i];
            uint32_t *t = from;
            from = to;
            to = t;
        }
        for (int64_t pos = 0, first = 0; pos < n; pos++) {
            if (pos > 0 && w->key[from[pos]] != w->key[from[pos - 1]])
                first = pos;
            rank[from[pos]] = 1 + (int32_t)first;
        }
    }
    uint64_t shift = 0;
    for (int64_t i = 0; i < n; i++) {
        int32_t d = rank[i] - p->base_rank[i];
        shift += (uint64_t)(d < 0 ? -d : d);
    }
    return shift;
}

/* The groups' ranks in sample j (by their mean index; companies by the
 * weighted mean), and the companies' lists. */
static void rank_groups(struct worker *w, int64_t j)
{
    const struct plan *p = w->p;
    for (int s = 0; s < PM_GROUP_SCOPES; s++) {
        int32_t ng = p->ngroups[s];
        if (ng == 0)
            continue;
        memset(w->gsum, 0, (size_t)ng * sizeof *w->gsum);
        memset(w->gweighted, 0, (size_t)ng * sizeof *w->gweighted);
        memset(w->gweight, 0, (size_t)ng * sizeof *w->gweight);
        memset(w->gblack, 0, (size_t)ng);
        for (int64_t i = 0; i < p->n; i++) {
            int32_t g = p->group[(size_t)i * PM_GROUP_SCOPES + (size_t)s];
            if (g < 0)
                continue;
            w->gsum[g] += w->index[i];
            if (p->households[i] > 0) {
                w->gweighted[g] += p->households[i] * w->index[i];
                w->gweight[g] += p->households[i];
            }
            w->gblack[g] |= w->card[i] == PMINDEX_CARD_BLACK;
        }
        /* Means as the district rounds them; ranks: 1 + how many groups
         * have a higher mean. */
        memset(w->gcount, 0, (PM_INDEX_SPAN + 1) * sizeof *w->gcount);
        for (int32_t g = 0; g < ng; g++) {
            if (p->tiered[s][g] == 0)
                continue;
            int64_t mean = pm_muldiv_round(w->gsum[g], 1, p->tiered[s][g]);
            if (s == PM_GROUP_COMPANY) {
                mean = w->gweight[g] > 0 ? pm_muldiv_round(w->gweighted[g], 1, w->gweight[g])
                                         : mean;
                int32_t lists = pm_company_lists(p->m, mean, w->gblack[g]);
                w->list_counts[2 * g] += (lists & PMINDEX_LIST_HONOUR) != 0;
                w->list_counts[2 * g + 1] += (lists & PMINDEX_LIST_WATCH) != 0;
            }
            w->gsum[g] = mean;
            w->gcount[PM_CENTI_FULL - mean + 1]++;
        }
        for (int k = 0; k < PM_INDEX_SPAN; k++)
            w->gcount[k + 1] += w->gcount[k];
        int32_t *out = p->granks[s] + (size_t)j * (size_t)ng;
        for (int32_t g = 0; g < ng; g++)
            out[g] = p->tiered[s][g] ? 1 + (int32_t)w->gcount[PM_CENTI_FULL - w->gsum[g]] : 0;
    }
}

/* The weights of one matrix's sample: W_k times a factor of the stream. */
static void draw_weights(const struct plan *p, uint64_t key, int64_t *wf)
{
    struct pm_stream s = pm_stream_of(key, 0);
    for (int32_t k = 0; k < p->nk; k++)
        wf[k] = p->m->indicators[k].points *
                (PM_WEIGHT_DEN + pm_plus_minus(&s, p->u->ppm[PMINDEX_INPUT_WEIGHTS]));
}

static void draw_goalposts(const struct plan *p, uint64_t key, int64_t *zero, int64_t *full)
{
    struct pm_stream s = pm_stream_of(key, 1);
    for (int32_t r = 0; r < p->nr; r++) {
        zero[r] = p->zero[r] + pm_plus_minus(&s, p->gmax[r]);
        full[r] = p->full[r] + pm_plus_minus(&s, p->gmax[r]);
    }
}

static int64_t cards_changed(const struct worker *w, const uint32_t *only, int64_t count)
{
    int64_t changed = 0, n = only ? count : w->p->n;
    for (int64_t x = 0; x < n; x++) {
        int64_t i = only ? only[x] : x;
        changed += w->card[i] != w->p->base_card[i];
    }
    return changed;
}

static void one_sample(struct worker *w, int64_t j)
{
    const struct plan *p = w->p;
    const pmindex_uncertainty *u = p->u;
    const int64_t n = p->n;
    const int32_t nr = p->nr;
    bool vary_gp = u->ppm[PMINDEX_INPUT_GOALPOSTS] > 0, vary_err = u->ppm[PMINDEX_INPUT_ERRORS] > 0;
    uint64_t key_a = pm_stream_key(p->seed, 0, (uint64_t)j);
    uint64_t key_b = pm_stream_key(p->seed, 1, (uint64_t)j);
    int64_t *wf_a = w->wf[0], *wf_b = w->wf[1];
    int64_t *za = w->gp[0], *fa = w->gp[1], *zb = w->gp[2], *fb = w->gp[3];
    if (p->vary_w) {
        draw_weights(p, key_a, wf_a);
        draw_weights(p, key_b, wf_b);
    }
    if (vary_gp) {
        draw_goalposts(p, key_a, za, fa);
        draw_goalposts(p, key_b, zb, fb);
    } else {
        memcpy(za, p->zero, (size_t)nr * sizeof *za);
        memcpy(fa, p->full, (size_t)nr * sizeof *fa);
        memcpy(zb, p->zero, (size_t)nr * sizeof *zb);
        memcpy(fb, p->full, (size_t)nr * sizeof *fb);
    }
    /* The observations with A's and B's errors, once for every evaluation. */
    const int64_t *obs_a = NULL, *obs_b = NULL;
    if (vary_err) {
        perturb(p, key_a, w->obs[0]);
        obs_a = w->obs[0];
    }
    /* Matrix A: the uncertainty analysis itself. */
    struct draw a = {p->vary_w ? wf_a : NULL, NULL, NULL, p->vary_rates, p->e0, obs_a, w->e_a};
    prepare(p, &a, w->slots[0], w->wr[0], za, fa);
    evaluate(w, &a, NULL, 0, p->vary_w ? &w->kept_a : NULL);
    for (int64_t i = 0; i < n; i++) {
        w->tier_counts[(size_t)i * (size_t)p->m->ntiers + w->tier[i]]++;
        if (w->card[i] != PMINDEX_CARD_NONE)
            w->card_counts[2 * (size_t)i + w->card[i] - 1]++;
    }
    int32_t *ranks = p->ranks_a + (size_t)j * (size_t)n;
    p->ya[j] = rank_keys(w, ranks);
    rank_groups(w, j);
    if (p->ninputs == 0)
        return;
    /* Matrix B, then each input from B in A (Saltelli), then each input
     * alone (one at a time). */
    if (vary_err) {
        perturb(p, key_b, w->obs[1]);
        obs_b = w->obs[1];
    }
    struct draw b = {p->vary_w ? wf_b : NULL, NULL, NULL, p->vary_rates, p->e0, obs_b, NULL};
    prepare(p, &b, w->slots[1], w->wr[1], zb, fb);
    evaluate(w, &b, NULL, 0, NULL);
    p->yb[j] = rank_keys(w, w->rank);
    for (int32_t g = 0; g < p->ninputs; g++) {
        const struct pm_input *in = &p->inputs[g];
        uint64_t *yab = &p->yab[(size_t)g * (size_t)p->samples + (size_t)j];
        uint64_t *cards = &p->cards[(size_t)g * (size_t)p->samples + (size_t)j];
        if (in->kind == PMINDEX_INPUT_WEIGHTS) {
            /* A with k's weight from B: A's sums with k's points redone;
             * alone: the plain sums with k's weight from A. */
            int32_t k = in->indicator;
            reweigh(w, &w->kept_a, w->e_a, wf_a, k, wf_b[k]);
            *yab = rank_keys(w, w->rank);
            reweigh(w, &p->kept0, p->e0, p->wf0, k, wf_a[k]);
            *cards = (uint64_t)cards_changed(w, NULL, 0);
            continue;
        }
        /* A with the goalposts, or the errors, from B; then that input
         * alone, only for the compounds whose card it can change. */
        bool gp = in->kind == PMINDEX_INPUT_GOALPOSTS;
        struct draw mix = a, alone = {NULL, NULL, NULL, true, p->e0, gp ? NULL : obs_a, NULL};
        mix.e_out = NULL;
        if (!gp)
            mix.obs = obs_b;
        prepare(p, &mix, w->slots[2], w->wr[2], gp ? zb : za, gp ? fb : fa);
        evaluate(w, &mix, NULL, 0, NULL);
        *yab = rank_keys(w, w->rank);
        const uint32_t *only = p->unsure[!gp];
        int64_t count = p->nunsure[!gp];
        prepare(p, &alone, w->slots[3], w->wr[3], gp ? za : p->zero, gp ? fa : p->full);
        evaluate(w, &alone, only, count, NULL);
        *cards = (uint64_t)cards_changed(w, only, count);
    }
}

/* ---- the workers ------------------------------------------------------------------ */

static void worker_free(struct worker *w)
{
    free(w->tier_counts);
    free(w->card_counts);
    free(w->list_counts);
    free(w->e_a);
    free(w->key);
    free(w->tier);
    free(w->card);
    free(w->rank);
    free(w->sort);
    free(w->sort2);
    free(w->hist);
    free(w->index);
    free(w->obs[0]);
    free(w->obs[1]);
    free(w->kept_a.points);
    free(w->kept_a.sums);
    for (int k = 0; k < 4; k++) {
        if (k < 2)
            free(w->wf[k]);
        free(w->gp[k]);
        free(w->slots[k]);
        free(w->wr[k]);
    }
    free(w->gsum);
    free(w->gweighted);
    free(w->gweight);
    free(w->gblack);
    free(w->gcount);
}

static bool worker_init(struct worker *w, const struct plan *p)
{
    size_t n = (size_t)(p->n ? p->n : 1), nk = (size_t)p->nk, nr = (size_t)p->nr + 1;
    size_t ng = 1;
    for (int s = 0; s < PM_GROUP_SCOPES; s++)
        if ((size_t)p->ngroups[s] > ng)
            ng = (size_t)p->ngroups[s];
    memset(w, 0, sizeof *w);
    w->p = p;
    w->tier_counts = calloc(n * (size_t)p->m->ntiers, sizeof *w->tier_counts);
    w->card_counts = calloc(n * 2, sizeof *w->card_counts);
    w->list_counts = calloc(2 * (size_t)(p->ngroups[2] + 1), sizeof *w->list_counts);
    w->e_a = malloc(n * nk * sizeof *w->e_a);
    w->key = malloc(n * sizeof *w->key);
    w->tier = malloc(n);
    w->card = malloc(n);
    w->rank = malloc(n * sizeof *w->rank);
    w->sort = malloc(n * sizeof *w->sort);
    w->sort2 = malloc(n * sizeof *w->sort2);
    w->hist = malloc(((size_t)(p->use_hist ? p->nkeys : 512) + 1) * sizeof *w->hist);
    w->index = malloc(n * sizeof *w->index);
    if (p->vary_w) {
        w->kept_a.points = malloc(n * nk * sizeof *w->kept_a.points);
        w->kept_a.sums = malloc(n * sizeof *w->kept_a.sums);
        if (!w->kept_a.points || !w->kept_a.sums)
            return false;
    }
    if (p->u->ppm[PMINDEX_INPUT_ERRORS] > 0 && p->nr > 0)
        for (int k = 0; k < 2; k++)
            if (!(w->obs[k] = malloc(n * nr * sizeof *w->obs[k])))
                return false;
    bool ok = w->tier_counts && w->card_counts && w->list_counts && w->e_a && w->key && w->tier &&
              w->card && w->rank && w->sort && w->sort2 && w->hist && w->index;
    for (int k = 0; k < 4; k++) {
        if (k < 2)
            ok &= (w->wf[k] = malloc(nk * sizeof *w->wf[k])) != NULL;
        ok &= (w->gp[k] = malloc(nr * sizeof *w->gp[k])) != NULL;
        ok &= (w->slots[k] = malloc(nr * sizeof *w->slots[k])) != NULL;
        ok &= (w->wr[k] = malloc((nk + 1) * sizeof *w->wr[k])) != NULL;
    }
    w->gsum = malloc(ng * sizeof *w->gsum);
    w->gweighted = malloc(ng * sizeof *w->gweighted);
    w->gweight = malloc(ng * sizeof *w->gweight);
    w->gblack = malloc(ng);
    w->gcount = malloc((PM_INDEX_SPAN + 1) * sizeof *w->gcount);
    return ok && w->gsum && w->gweighted && w->gweight && w->gblack && w->gcount;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct plan *p = (struct plan *)w->p;
    if (!w->ok)
        return NULL;
    for (;;) {
        int64_t j = atomic_fetch_add(&p->next, 1);
        if (j >= p->samples)
            return NULL;
        one_sample(w, j);
    }
}

/* ---- the run ---------------------------------------------------------------------- */

static void plan_free(struct plan *p)
{
    free(p->who);
    free(p->base_rank);
    free(p->base_card);
    free(p->e0);
    free(p->households);
    free(p->group);
    for (int s = 0; s < PM_GROUP_SCOPES; s++) {
        free(p->tiered[s]);
        free(p->granks[s]);
    }
    free(p->zero);
    free(p->full);
    free(p->gmax);
    free(p->emax);
    free(p->vmax);
    free(p->unsure[0]);
    free(p->unsure[1]);
    free(p->wf0);
    free(p->kept0.points);
    free(p->kept0.sums);
    free(p->ranks_a);
    free(p->ya);
    free(p->yb);
    free(p->yab);
    free(p->cards);
}

/* Checks that the district holds the compounds added, and computed. */
static int check_district(pmindex_uncertainty *u, const pmindex_district *d)
{
    if (d->model != u->model)
        return pm_error_set(&u->error, PMINDEX_E_INVALID, "the district is of another model");
    if (!d->computed)
        return pm_error_set(&u->error, PMINDEX_E_INVALID,
                            "the district is not computed: call pmindex_district_compute() first");
    if (d->count != u->count)
        return pm_error_set(&u->error, PMINDEX_E_INVALID,
                            "the district has %lld compounds, the analysis %lld: add the same "
                            "compounds to both",
                            (long long)d->count, (long long)u->count);
    for (int64_t c = 0; c < d->count; c++) {
        const char *id = pmindex_district_compound_field(d, c, PMINDEX_FIELD_ID);
        if (pm_fnv1a(id, strlen(id)) != u->id_hash[c]) {
            pm_error_set(&u->error, PMINDEX_E_INVALID,
                         "compound number %lld of the district is not the one added here: add "
                         "the same compounds in the same order",
                         (long long)c);
            pm_error_set_value(&u->error, id, strlen(id));
            return PMINDEX_E_INVALID;
        }
    }
    return PMINDEX_OK;
}

static int nomem(pmindex_uncertainty *u)
{
    return pm_error_set(&u->error, PMINDEX_E_NOMEM, "out of memory");
}

/* The plan's fixed parts: the ranked compounds, their groups, the rate
 * items' ranges, the inputs. */
static int plan_init(struct plan *p, pmindex_uncertainty *u, const pmindex_district *d,
                     int64_t samples, uint64_t seed)
{
    const pmindex_model *m = u->model;
    memset(p, 0, sizeof *p);
    p->u = u;
    p->m = m;
    p->d = d;
    p->nk = m->nindicators;
    p->nr = u->nrates;
    p->samples = samples;
    p->seed = seed;
    for (int64_t c = 0; c < d->count; c++)
        p->n += d->dc[c].tier >= 0;
    size_t n = (size_t)(p->n ? p->n : 1), nk = (size_t)p->nk, nr = (size_t)p->nr + 1;
    p->who = malloc(n * sizeof *p->who);
    p->base_rank = malloc(n * sizeof *p->base_rank);
    p->base_card = malloc(n);
    p->e0 = malloc(n * nk * sizeof *p->e0);
    p->households = malloc(n * sizeof *p->households);
    p->group = malloc(n * PM_GROUP_SCOPES * sizeof *p->group);
    p->zero = malloc(nr * sizeof *p->zero);
    p->full = malloc(nr * sizeof *p->full);
    p->gmax = malloc(nr * sizeof *p->gmax);
    p->emax = malloc(nr * sizeof *p->emax);
    p->vmax = malloc(nr * sizeof *p->vmax);
    if (!p->who || !p->base_rank || !p->base_card || !p->e0 || !p->households || !p->group ||
        !p->zero || !p->full || !p->gmax || !p->emax || !p->vmax)
        return nomem(u);
    for (int s = 0; s < PM_GROUP_SCOPES; s++) {
        p->ngroups[s] = d->scope[s].count;
        size_t ng = (size_t)(p->ngroups[s] ? p->ngroups[s] : 1);
        p->tiered[s] = malloc(ng * sizeof *p->tiered[s]);
        if (!p->tiered[s])
            return nomem(u);
        int64_t households = 0;
        for (int32_t g = 0; g < p->ngroups[s]; g++) {
            p->tiered[s][g] = d->scope[s].stats[g].tiered;
            if (__builtin_add_overflow(households, d->scope[s].stats[g].households, &households))
                households = INT64_MAX;
        }
        /* Households times an index of at most PM_CENTI_FULL must stay in 64 bits. */
        if (households > INT64_MAX / PM_CENTI_FULL)
            return pm_error_set(&u->error, PMINDEX_E_LIMIT,
                                "the households of the district are too many to weigh means");
    }
    for (int32_t r = 0; r < p->nr; r++) {
        const struct pm_item *it = &m->items[u->rate_item[r]];
        int64_t span = it->full > it->zero ? it->full - it->zero : it->zero - it->full;
        p->zero[r] = it->zero;
        p->full[r] = it->full;
        p->gmax[r] = pm_muldiv_floor(span, u->ppm[PMINDEX_INPUT_GOALPOSTS], PMINDEX_PPM);
        p->emax[r] = pm_muldiv_floor(span, u->ppm[PMINDEX_INPUT_ERRORS], PMINDEX_PPM);
        p->vmax[r] = pm_item_value_max(it);
    }
    int64_t i = 0;
    for (int64_t c = 0; c < d->count; c++) {
        const struct pm_dc *dc = &d->dc[c];
        if (dc->tier < 0)
            continue;
        p->who[i] = (uint32_t)c;
        p->base_rank[i] = pm_district_rank(d, (uint32_t)c, PMINDEX_SCOPE_DISTRICT);
        p->base_card[i] = (uint8_t)dc->card;
        p->households[i] = dc->households;
        for (int s = 0; s < PM_GROUP_SCOPES; s++)
            p->group[(size_t)i * PM_GROUP_SCOPES + (size_t)s] = dc->group[s];
        i++;
    }
    p->nkeys = (uint32_t)m->ntiers * PM_INDEX_SPAN;
    p->use_hist = (uint64_t)p->n * 8 >= p->nkeys;
    p->vary_w = u->ppm[PMINDEX_INPUT_WEIGHTS] > 0;
    p->vary_rates = p->nr > 0 &&
                    (u->ppm[PMINDEX_INPUT_GOALPOSTS] > 0 || u->ppm[PMINDEX_INPUT_ERRORS] > 0);
    return PMINDEX_OK;
}

/* The inputs of the sensitivity analysis. */
static int inputs_init(pmindex_uncertainty *u)
{
    const pmindex_model *m = u->model;
    int32_t n = 0;
    u->inputs = calloc((size_t)m->nindicators + 2, sizeof *u->inputs);
    if (!u->inputs)
        return nomem(u);
    if (u->ppm[PMINDEX_INPUT_WEIGHTS] > 0)
        for (int32_t k = 0; k < m->nindicators; k++)
            u->inputs[n++] = (struct pm_input){PMINDEX_INPUT_WEIGHTS, k, {{0}}};
    if (u->nrates > 0 && u->ppm[PMINDEX_INPUT_GOALPOSTS] > 0)
        u->inputs[n++] = (struct pm_input){PMINDEX_INPUT_GOALPOSTS, -1, {{0}}};
    if (u->nrates > 0 && u->ppm[PMINDEX_INPUT_ERRORS] > 0)
        u->inputs[n++] = (struct pm_input){PMINDEX_INPUT_ERRORS, -1, {{0}}};
    u->ninputs = n;
    return PMINDEX_OK;
}

/* Runs fn on every worker, with threads - 1 more threads beside this one. */
static int run_workers(struct worker *w, int32_t threads, void *(*fn)(void *))
{
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    if (!tid)
        return PMINDEX_E_NOMEM;
    int32_t started = 1;
    while (started < threads && pthread_create(&tid[started], NULL, fn, &w[started]) == 0)
        started++;
    fn(&w[0]);
    for (int32_t k = 1; k < started; k++)
        pthread_join(tid[k], NULL);
    free(tid);
    return started == threads ? PMINDEX_OK : PMINDEX_E_UNSUPPORTED;
}

/* The rank statistics of blocks of compounds, split among the workers:
 * each gathers the ranks of a few compounds over every sample. */
struct gather {
    const struct plan *p;
    pmindex_uncertainty *u;
    atomic_llong next;
};

struct gather_worker {
    struct gather *g;
    int32_t *buf;
    bool ok;
};

enum { GATHER_BLOCK = 64 };

static void *gather_main(void *arg)
{
    struct gather_worker *gw = arg;
    struct gather *g = gw->g;
    const struct plan *p = g->p;
    const int64_t n = p->n, N = p->samples;
    if (!gw->ok)
        return NULL;
    for (;;) {
        int64_t first = atomic_fetch_add(&g->next, GATHER_BLOCK);
        if (first >= n)
            return NULL;
        int64_t count = n - first < GATHER_BLOCK ? n - first : GATHER_BLOCK;
        for (int64_t j = 0; j < N; j++) {
            const int32_t *row = p->ranks_a + (size_t)j * (size_t)n + (size_t)first;
            for (int64_t i = 0; i < count; i++)
                gw->buf[(size_t)i * (size_t)N + (size_t)j] = row[i];
        }
        for (int64_t i = 0; i < count; i++)
            g->u->ranks[p->who[first + i]] = pm_rank_stats_of(gw->buf + (size_t)i * (size_t)N, N);
    }
}

static int rank_statistics(pmindex_uncertainty *u, const struct plan *p, int32_t threads)
{
    struct gather g = {p, u, 0};
    struct gather_worker *gw = calloc((size_t)threads, sizeof *gw);
    if (!gw)
        return PMINDEX_E_NOMEM;
    bool ok = true;
    for (int32_t k = 0; k < threads; k++) {
        gw[k].g = &g;
        gw[k].buf = malloc((size_t)GATHER_BLOCK * (size_t)p->samples * sizeof *gw[k].buf);
        gw[k].ok = gw[k].buf != NULL;
        ok &= gw[k].ok;
    }
    int rc = ok ? PMINDEX_OK : PMINDEX_E_NOMEM;
    if (ok) {
        /* The same pattern as the samples' workers; blocks a thread that
         * could not start would have taken go to the others. */
        pthread_t *tid = calloc((size_t)threads, sizeof *tid);
        int32_t started = 1;
        while (tid && started < threads &&
               pthread_create(&tid[started], NULL, gather_main, &gw[started]) == 0)
            started++;
        gather_main(&gw[0]);
        for (int32_t k = 1; k < started; k++)
            pthread_join(tid[k], NULL);
        if (!tid)
            rc = PMINDEX_E_NOMEM;
        free(tid);
    }
    for (int32_t k = 0; k < threads; k++)
        free(gw[k].buf);
    free(gw);
    if (rc != PMINDEX_OK)
        return rc;
    /* The groups': few, here. */
    int32_t *buf = malloc((size_t)p->samples * sizeof *buf);
    if (!buf)
        return PMINDEX_E_NOMEM;
    for (int s = 0; s < PM_GROUP_SCOPES; s++)
        for (int32_t grp = 0; grp < p->ngroups[s]; grp++) {
            if (p->tiered[s][grp] == 0)
                continue;
            for (int64_t j = 0; j < p->samples; j++)
                buf[j] = p->granks[s][(size_t)j * (size_t)p->ngroups[s] + (size_t)grp];
            u->group_ranks[s][grp] = pm_rank_stats_of(buf, p->samples);
        }
    free(buf);
    return PMINDEX_OK;
}

static int results_init(pmindex_uncertainty *u, struct plan *p)
{
    size_t count = (size_t)(u->count ? u->count : 1), N = (size_t)p->samples;
    size_t n = (size_t)(p->n ? p->n : 1), ni = (size_t)(u->ninputs ? u->ninputs : 1);
    u->tier_counts = calloc(count * ((size_t)u->model->ntiers + 1), sizeof *u->tier_counts);
    u->card_counts = calloc(count * 3, sizeof *u->card_counts);
    u->ranks = calloc(count, sizeof *u->ranks);
    u->list_counts = calloc(2 * (size_t)(p->ngroups[2] + 1), sizeof *u->list_counts);
    p->ranks_a = malloc(N * n * sizeof *p->ranks_a);
    p->ya = calloc(N, sizeof *p->ya);
    p->yb = calloc(N, sizeof *p->yb);
    p->yab = calloc(N * ni, sizeof *p->yab);
    p->cards = calloc(N * ni, sizeof *p->cards);
    bool ok = u->tier_counts && u->card_counts && u->ranks && u->list_counts && p->ranks_a &&
              p->ya && p->yb && p->yab && p->cards;
    for (int s = 0; s < PM_GROUP_SCOPES; s++) {
        size_t ng = (size_t)(p->ngroups[s] ? p->ngroups[s] : 1);
        u->group_ranks[s] = calloc(ng, sizeof *u->group_ranks[s]);
        p->granks[s] = malloc(N * ng * sizeof *p->granks[s]);
        ok &= u->group_ranks[s] && p->granks[s];
    }
    return ok ? PMINDEX_OK : PMINDEX_E_NOMEM;
}

/* The nominal earned points of every ranked compound, and a check that the
 * plain evaluation gives the district's verdicts (the compounds added are
 * the district's, with the same observations). */
static int nominal(pmindex_uncertainty *u, struct plan *p, struct worker *w)
{
    size_t n = (size_t)(p->n ? p->n : 1), nk = (size_t)p->nk;
    p->wf0 = malloc(nk * sizeof *p->wf0);
    p->kept0.points = malloc(n * nk * sizeof *p->kept0.points);
    p->kept0.sums = malloc(n * sizeof *p->kept0.sums);
    if (!p->wf0 || !p->kept0.points || !p->kept0.sums)
        return PMINDEX_E_NOMEM;
    for (size_t k = 0; k < nk; k++)
        p->wf0[k] = p->m->indicators[k].points * PM_WEIGHT_DEN;
    struct draw plain = {NULL, NULL, NULL, true, NULL, NULL, p->e0};
    prepare(p, &plain, w->slots[0], w->wr[0], p->zero, p->full);
    evaluate(w, &plain, NULL, 0, NULL);
    for (int64_t i = 0; i < p->n; i++) {
        const struct pm_dc *dc = &p->d->dc[p->who[i]];
        if (w->tier[i] != dc->tier || w->card[i] != dc->card || w->index[i] != dc->index) {
            const char *id = pmindex_district_compound_field(p->d, p->who[i], PMINDEX_FIELD_ID);
            pm_error_set(&u->error, PMINDEX_E_INVALID,
                         "compound %s has another verdict in the district than its observations "
                         "give: add the same compounds to both",
                         id);
            return PMINDEX_E_INVALID;
        }
    }
    /* The plain sums in the units of varied weights (each factor 10^6):
     * the same verdicts, the base of a weight varied alone. */
    struct draw weighted = {p->wf0, NULL, NULL, false, p->e0, NULL, NULL};
    prepare(p, &weighted, w->slots[0], w->wr[0], p->zero, p->full);
    evaluate(w, &weighted, NULL, 0, &p->kept0);
    for (int64_t i = 0; i < p->n; i++)
        assert(w->tier[i] == p->d->dc[p->who[i]].tier && w->index[i] == p->d->dc[p->who[i]].index);
    return PMINDEX_OK;
}

/* The compounds whose card the goalposts, or the errors, varied alone
 * might change. A verdict never gets worse when an indicator earns more
 * (tier and black card are monotone in each earned total), and a rate
 * item's points are monotone in its observation and in each goalpost: so
 * with every rate item at its fewest points within the variation, then at
 * its most, a compound whose tier and card are its own at both ends keeps
 * them at every sample of that input alone. The filter is exact. */
static int oat_filter(struct plan *p, const struct worker *w)
{
    const pmindex_model *m = p->m;
    const pmindex_uncertainty *u = p->u;
    const int32_t nk = p->nk, nr = p->nr;
    for (int kind = 0; kind < 2; kind++) {
        int64_t move = u->ppm[kind ? PMINDEX_INPUT_ERRORS : PMINDEX_INPUT_GOALPOSTS];
        p->unsure[kind] = malloc((size_t)(p->n ? p->n : 1) * sizeof *p->unsure[kind]);
        if (!p->unsure[kind])
            return PMINDEX_E_NOMEM;
        for (int64_t i = 0; move > 0 && nr > 0 && i < p->n; i++) {
            uint32_t c = p->who[i];
            const int32_t *fixed = u->fixed + (size_t)c * 2 * (size_t)nk;
            const int64_t *rates = u->rates + (size_t)c * (size_t)nr;
            int64_t lo[PMINDEX_MAX_INDICATORS], hi[PMINDEX_MAX_INDICATORS], index;
            for (int32_t k = 0; k < nk; k++)
                lo[k] = hi[k] = fixed[k];
            for (int32_t r = 0; r < nr; r++) {
                const struct pm_item *it = &m->items[u->rate_item[r]];
                int64_t v = rates[r], least = INT64_MAX, most = 0;
                if (v == PM_NA)
                    continue;
                for (int corner = 0; corner < 4; corner++) {
                    int64_t z = p->zero[r], f = p->full[r], x = v;
                    if (kind == 0) { /* each goalpost at either end of its range */
                        z += corner & 1 ? p->gmax[r] : -p->gmax[r];
                        f += corner & 2 ? p->gmax[r] : -p->gmax[r];
                    } else { /* the observation at either end, within the sheet's range */
                        x += corner & 1 ? p->emax[r] : -p->emax[r];
                        x = x < 0 ? 0 : x > p->vmax[r] ? p->vmax[r] : x;
                    }
                    int64_t pts = pm_rate_points(it->max, z, f, x);
                    least = pts < least ? pts : least;
                    most = pts > most ? pts : most;
                }
                lo[it->indicator] += least;
                hi[it->indicator] += most;
            }
            struct pm_decision a = verdict_of(p, c, lo, NULL, NULL, &index);
            struct pm_decision b = verdict_of(p, c, hi, NULL, NULL, &index);
            if (a.tier != w->tier[i] || b.tier != w->tier[i] || a.card != w->card[i] ||
                b.card != w->card[i])
                p->unsure[kind][p->nunsure[kind]++] = (uint32_t)i;
        }
    }
    return PMINDEX_OK;
}

static void results_add(pmindex_uncertainty *u, const struct plan *p, const struct worker *w,
                        int32_t threads)
{
    const int32_t nt = u->model->ntiers;
    for (int64_t c = 0; c < u->count; c++)
        if (p->d->dc[c].tier < 0) { /* fallback in every sample */
            u->tier_counts[(size_t)c * (size_t)(nt + 1)] = (uint32_t)p->samples;
            u->card_counts[(size_t)c * 3] = (uint32_t)p->samples;
        }
    for (int64_t i = 0; i < p->n; i++) {
        uint32_t c = p->who[i], cards = 0;
        for (int32_t k = 0; k < threads; k++) {
            for (int32_t t = 0; t < nt; t++)
                u->tier_counts[(size_t)c * (size_t)(nt + 1) + (size_t)t + 1] +=
                    w[k].tier_counts[(size_t)i * (size_t)nt + (size_t)t];
            for (int card = 1; card <= 2; card++)
                u->card_counts[(size_t)c * 3 + (size_t)card] +=
                    w[k].card_counts[2 * (size_t)i + (size_t)card - 1];
        }
        cards = u->card_counts[(size_t)c * 3 + 1] + u->card_counts[(size_t)c * 3 + 2];
        u->card_counts[(size_t)c * 3] = (uint32_t)p->samples - cards;
    }
    for (int32_t g = 0; g < p->ngroups[2]; g++)
        for (int32_t k = 0; k < threads; k++) {
            u->list_counts[2 * g] += w[k].list_counts[2 * g];
            u->list_counts[2 * g + 1] += w[k].list_counts[2 * g + 1];
        }
}

/* The Wilson intervals of the counts the records will show, once: most
 * counts are 0 or every sample, and an interval takes a bisection. */
static int intervals_init(pmindex_uncertainty *u, const pmindex_district *d, int64_t samples)
{
    size_t n = (size_t)samples + 1;
    uint8_t *need = calloc(n, 1);
    u->intervals = malloc(2 * n * sizeof *u->intervals);
    if (!need || !u->intervals) {
        free(need);
        return PMINDEX_E_NOMEM;
    }
    size_t tiers = (size_t)u->count * (size_t)(u->model->ntiers + 1), cards = (size_t)u->count * 3;
    for (size_t k = 0; k < tiers; k++)
        need[u->tier_counts[k]] = 1;
    for (size_t k = 0; k < cards; k++)
        need[u->card_counts[k]] = 1;
    for (size_t k = 0; k < 2 * (size_t)d->scope[2].count; k++)
        need[u->list_counts[k]] = 1;
    for (size_t k = 0; k < n; k++)
        if (need[k])
            pmindex_probability_interval((int64_t)k, samples, &u->intervals[2 * k],
                                         &u->intervals[2 * k + 1]);
    free(need);
    return PMINDEX_OK;
}

void pm_uncertainty_interval(const pmindex_uncertainty *u, int64_t count, int64_t *low,
                             int64_t *high)
{
    *low = u->intervals[2 * count];
    *high = u->intervals[2 * count + 1];
}

PMINDEX_API int pmindex_uncertainty_run(pmindex_uncertainty *u, const pmindex_district *d,
                                        int64_t samples, uint64_t seed, int32_t threads)
{
    if (!u || !d)
        return PMINDEX_E_INVALID;
    if (u->run)
        return pm_error_set(&u->error, PMINDEX_E_STATE, "the analysis has run already");
    if (samples < 1 || samples > PMINDEX_UNCERTAINTY_MAX_SAMPLES)
        return pm_error_set(&u->error, PMINDEX_E_RANGE, "the samples must be 1 to %d (got %lld)",
                            PMINDEX_UNCERTAINTY_MAX_SAMPLES, (long long)samples);
    if (threads < 1 || threads > PMINDEX_UNCERTAINTY_MAX_THREADS)
        return pm_error_set(&u->error, PMINDEX_E_RANGE, "the threads must be 1 to %d (got %d)",
                            PMINDEX_UNCERTAINTY_MAX_THREADS, (int)threads);
    int rc = check_district(u, d);
    if (rc != PMINDEX_OK)
        return rc;
    struct plan p;
    struct worker *w = calloc((size_t)threads, sizeof *w);
    if (!w)
        return nomem(u);
    rc = plan_init(&p, u, d, samples, seed);
    if (rc == PMINDEX_OK && (rc = inputs_init(u)) == PMINDEX_OK) {
        p.ninputs = u->ninputs;
        p.inputs = u->inputs;
        rc = results_init(u, &p);
    }
    for (int32_t k = 0; rc == PMINDEX_OK && k < threads; k++)
        if (!(w[k].ok = worker_init(&w[k], &p)))
            rc = PMINDEX_E_NOMEM;
    if (rc == PMINDEX_OK)
        rc = nominal(u, &p, &w[0]);
    if (rc == PMINDEX_OK)
        rc = oat_filter(&p, &w[0]);
    if (rc == PMINDEX_OK) {
        atomic_init(&p.next, 0);
        rc = run_workers(w, threads, worker_main);
        if (rc == PMINDEX_E_UNSUPPORTED)
            pm_error_set(&u->error, rc, "a thread could not be started");
    }
    if (rc == PMINDEX_OK) {
        results_add(u, &p, w, threads);
        rc = rank_statistics(u, &p, threads);
    }
    if (rc == PMINDEX_OK)
        rc = intervals_init(u, d, samples);
    if (rc == PMINDEX_OK && p.ninputs + (p.n > 0) > 0) {
        struct pm_sobol_data sd = {samples, u->ninputs, p.ya, p.yb, p.yab, p.cards,
                                   u->count, p.n};
        rc = pm_sobol(&sd, seed, threads, u->inputs, &u->shift);
        if (rc == PMINDEX_E_LIMIT)
            pm_error_set(&u->error, rc, "the rank shifts are too large for exact sums");
    }
    for (int32_t k = 0; k < threads; k++)
        worker_free(&w[k]);
    free(w);
    plan_free(&p);
    if (rc == PMINDEX_E_NOMEM)
        nomem(u);
    if (rc != PMINDEX_OK)
        return rc;
    u->run = true;
    u->district = d;
    u->samples = samples;
    u->seed = seed;
    pm_error_clear(&u->error);
    return PMINDEX_OK;
}

/* ---- reading the results ------------------------------------------------------------ */

PMINDEX_API int64_t pmindex_uncertainty_samples(const pmindex_uncertainty *u)
{
    return u && u->run ? u->samples : 0;
}

static int check_compound(const pmindex_uncertainty *u, int64_t c)
{
    if (!u)
        return PMINDEX_E_INVALID;
    if (!u->run)
        return PMINDEX_E_STATE;
    return c >= 0 && c < u->count ? PMINDEX_OK : PMINDEX_E_NOT_FOUND;
}

PMINDEX_API int64_t pmindex_uncertainty_tier_count(const pmindex_uncertainty *u, int64_t c,
                                                   int32_t tier)
{
    int rc = check_compound(u, c);
    if (rc != PMINDEX_OK)
        return rc;
    if (tier < PMINDEX_TIER_FALLBACK || tier >= u->model->ntiers)
        return PMINDEX_E_NOT_FOUND;
    return u->tier_counts[(size_t)c * (size_t)(u->model->ntiers + 1) + (size_t)(tier + 1)];
}

PMINDEX_API int64_t pmindex_uncertainty_card_count(const pmindex_uncertainty *u, int64_t c,
                                                   int32_t card)
{
    int rc = check_compound(u, c);
    if (rc != PMINDEX_OK)
        return rc;
    if (card < PMINDEX_CARD_NONE || card > PMINDEX_CARD_BLACK)
        return PMINDEX_E_NOT_FOUND;
    return u->card_counts[(size_t)c * 3 + (size_t)card];
}

/* A group's internal number from its listing number, or -1. */
static int32_t group_number(const pmindex_uncertainty *u, int32_t scope, int64_t g)
{
    if (scope < PMINDEX_SCOPE_STREET || scope > PMINDEX_SCOPE_COMPANY || g < 0 ||
        g >= u->district->scope[scope - 1].count)
        return -1;
    return u->district->scope[scope - 1].order[g];
}

PMINDEX_API int pmindex_uncertainty_rank(const pmindex_uncertainty *u, int32_t scope, int64_t n,
                                         int64_t *median_out, int64_t *low_out,
                                         int64_t *high_out)
{
    if (!u)
        return PMINDEX_E_INVALID;
    if (!u->run)
        return PMINDEX_E_STATE;
    const struct pm_rank_stats *r;
    if (scope == PMINDEX_SCOPE_DISTRICT) {
        if (n < 0 || n >= u->count)
            return PMINDEX_E_NOT_FOUND;
        r = &u->ranks[n];
    } else {
        int32_t g = group_number(u, scope, n);
        if (g < 0)
            return PMINDEX_E_NOT_FOUND;
        r = &u->group_ranks[scope - 1][g];
    }
    if (r->median == 0)
        return 0;
    if (median_out)
        *median_out = r->median;
    if (low_out)
        *low_out = r->low;
    if (high_out)
        *high_out = r->high;
    return 1;
}

PMINDEX_API int64_t pmindex_uncertainty_list_count(const pmindex_uncertainty *u, int32_t group,
                                                   int32_t list)
{
    if (!u)
        return PMINDEX_E_INVALID;
    if (!u->run)
        return PMINDEX_E_STATE;
    int32_t g = group_number(u, PMINDEX_SCOPE_COMPANY, group);
    if (g < 0 || (list != PMINDEX_LIST_HONOUR && list != PMINDEX_LIST_WATCH))
        return PMINDEX_E_NOT_FOUND;
    return u->list_counts[2 * (size_t)g + (list == PMINDEX_LIST_WATCH)];
}

PMINDEX_API int32_t pmindex_uncertainty_input_count(const pmindex_uncertainty *u)
{
    if (!u)
        return PMINDEX_E_INVALID;
    return u->run ? u->ninputs : 0;
}

PMINDEX_API int32_t pmindex_uncertainty_input(const pmindex_uncertainty *u, int32_t n,
                                              int32_t *indicator_out)
{
    if (!u)
        return PMINDEX_E_INVALID;
    if (!u->run || n < 0 || n >= u->ninputs)
        return PMINDEX_E_NOT_FOUND;
    if (indicator_out)
        *indicator_out = u->inputs[n].indicator;
    return u->inputs[n].kind;
}

static int estimate_out(const struct pm_estimate *e, int64_t *value_out, int64_t *low_out,
                        int64_t *high_out)
{
    if (!e->has)
        return 0;
    if (value_out)
        *value_out = e->value;
    if (low_out)
        *low_out = e->low;
    if (high_out)
        *high_out = e->high;
    return 1;
}

PMINDEX_API int pmindex_uncertainty_sensitivity(const pmindex_uncertainty *u, int32_t n,
                                                int32_t measure, int64_t *value_out,
                                                int64_t *low_out, int64_t *high_out)
{
    if (!u)
        return PMINDEX_E_INVALID;
    if (!u->run || n < 0 || n >= u->ninputs || measure < PMINDEX_SENSITIVITY_CARDS ||
        measure > PMINDEX_SENSITIVITY_TOTAL)
        return PMINDEX_E_NOT_FOUND;
    return estimate_out(&u->inputs[n].measure[measure], value_out, low_out, high_out);
}

PMINDEX_API int pmindex_uncertainty_rank_shift(const pmindex_uncertainty *u, int64_t *mean_out,
                                               int64_t *low_out, int64_t *high_out)
{
    if (!u)
        return PMINDEX_E_INVALID;
    if (!u->run)
        return PMINDEX_E_STATE;
    return estimate_out(&u->shift, mean_out, low_out, high_out);
}
