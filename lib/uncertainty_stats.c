/* The statistics of the Monte Carlo analysis, all in exact integer
 * arithmetic so that they are the same bytes everywhere: order statistics
 * of ranks, Wilson score intervals of probabilities, and the Sobol indices
 * of the mean absolute rank shift (Jansen's estimators on Saltelli's
 * matrices) with their bootstrap intervals. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "random.h"
#include "uncertainty.h"

/* ---- order statistics --------------------------------------------------------- */

static void swap32(int32_t *a, int32_t *b)
{
    int32_t t = *a;
    *a = *b;
    *b = t;
}

/* Moves the k-th smallest of v[lo..hi] to v[k], smaller ones before it and
 * larger after (Hoare's selection, median of three: deterministic). */
static void select_kth(int32_t *v, int64_t lo, int64_t hi, int64_t k)
{
    while (hi > lo) {
        int64_t mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo])
            swap32(&v[mid], &v[lo]);
        if (v[hi] < v[lo])
            swap32(&v[hi], &v[lo]);
        if (v[hi] < v[mid])
            swap32(&v[hi], &v[mid]);
        int32_t pivot = v[mid];
        int64_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j)
                swap32(&v[i++], &v[j--]);
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* The value at position ceil(p n) (1-based) in increasing order, p = num / 100. */
static int64_t percentile_index(int64_t n, int64_t num, int64_t den)
{
    int64_t k = pm_ceil_div(n * num, den) - 1;
    return k < 0 ? 0 : k;
}

struct pm_rank_stats pm_rank_stats_of(int32_t *v, int64_t n)
{
    int64_t lo = percentile_index(n, 5, 100), med = percentile_index(n, 1, 2),
            hi = percentile_index(n, 95, 100);
    select_kth(v, 0, n - 1, med);
    select_kth(v, 0, med, lo);
    select_kth(v, med, n - 1, hi);
    return (struct pm_rank_stats){v[med], v[lo], v[hi]};
}

/* ---- Wilson score intervals ------------------------------------------------------ */

/* z = 1.96 = Z / Q. */
enum { WILSON_Z = 49, WILSON_Q = 25 };

/* The Wilson bounds are (B -+ Z sqrt(A / n)) / D with B = 2 Q^2 k + Z^2,
 * A = 4 Q^2 k (n - k) + Z^2 n, D = 2 (Q^2 n + Z^2). The low end in
 * millionths is the largest L with L D <= 10^6 B - 10^6 Z sqrt(A / n), that
 * is 10^6 B - L D >= 0 and n (10^6 B - L D)^2 >= (10^6 Z)^2 A; the high end
 * the smallest H with H D - 10^6 B >= 0 and n (H D - 10^6 B)^2 >= the same:
 * both by bisection on exact 128-bit comparisons (n <= 10^6 keeps every
 * product below 2^128). */
static bool wilson_ok(int64_t gap, uint64_t n, struct pm_u128 rhs)
{
    if (gap < 0)
        return false;
    struct pm_u128 lhs;
    return !pm_u128_mul_small(pm_u128_mul((uint64_t)gap, (uint64_t)gap), n, &lhs) ||
           !pm_u128_less(lhs, rhs);
}

PMINDEX_API int pmindex_probability_interval(int64_t k, int64_t n, int64_t *low_out,
                                             int64_t *high_out)
{
    if (n < 1 || n > PMINDEX_UNCERTAINTY_MAX_SAMPLES || k < 0 || k > n)
        return PMINDEX_E_INVALID;
    const int64_t Q2 = WILSON_Q * WILSON_Q, Z2 = WILSON_Z * WILSON_Z;
    int64_t B = 2 * Q2 * k + Z2, A = 4 * Q2 * k * (n - k) + Z2 * n, D = 2 * (Q2 * n + Z2);
    int64_t top = PMINDEX_PPM * B;
    struct pm_u128 rhs = pm_u128_mul((uint64_t)(PMINDEX_PPM * WILSON_Z * PMINDEX_PPM * WILSON_Z),
                                     (uint64_t)A);
    /* Low: the largest L in [0, 10^6] with wilson_ok(top - L D). */
    int64_t lo = 0, hi = PMINDEX_PPM;
    if (!wilson_ok(top, (uint64_t)n, rhs)) {
        hi = -1;
    } else {
        while (lo < hi) {
            int64_t mid = lo + (hi - lo + 1) / 2;
            if (wilson_ok(top - mid * D, (uint64_t)n, rhs))
                lo = mid;
            else
                hi = mid - 1;
        }
    }
    int64_t low = hi < 0 ? 0 : lo;
    /* High: the smallest H in [0, 10^6] with wilson_ok(H D - top). */
    lo = 0;
    hi = PMINDEX_PPM;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (wilson_ok(mid * D - top, (uint64_t)n, rhs))
            hi = mid;
        else
            lo = mid + 1;
    }
    if (low_out)
        *low_out = low;
    if (high_out)
        *high_out = lo;
    return PMINDEX_OK;
}

/* ---- Sobol indices -------------------------------------------------------------- */

/* Adds x to *acc; false when the sum leaves 128 bits. */
static bool add128(struct pm_u128 *acc, struct pm_u128 x)
{
    struct pm_u128 s = pm_u128_add(*acc, x);
    if (pm_u128_less(s, *acc))
        return false;
    *acc = s;
    return true;
}

static bool add_square(struct pm_u128 *acc, uint64_t a, uint64_t b)
{
    uint64_t d = a > b ? a - b : b - a;
    return add128(acc, pm_u128_mul(d, d));
}

/* The sums of one draw of the samples (all of them, or a bootstrap
 * replicate). */
struct sums {
    struct pm_u128 s, q; /* sum of y_A + y_B, of y_A^2 + y_B^2 */
    struct pm_u128 *da, *db; /* per input: sum of (y_A - y_AB)^2, (y_B - y_AB)^2 */
    struct pm_u128 *cards;   /* per input: cards changed */
    struct pm_u128 shift;    /* sum of y_A */
};

static bool add_sample(struct sums *t, const struct pm_sobol_data *d, int64_t j)
{
    bool ok = add128(&t->s, pm_u128_mul(d->ya[j], 1)) && add128(&t->s, pm_u128_mul(d->yb[j], 1)) &&
              add_square(&t->q, d->ya[j], 0) && add_square(&t->q, d->yb[j], 0) &&
              add128(&t->shift, pm_u128_mul(d->ya[j], 1));
    for (int32_t g = 0; ok && g < d->ninputs; g++) {
        uint64_t ab = d->yab[(size_t)g * (size_t)d->n + (size_t)j];
        ok = add_square(&t->da[g], d->ya[j], ab) && add_square(&t->db[g], d->yb[j], ab) &&
             add128(&t->cards[g], pm_u128_mul(d->cards[(size_t)g * (size_t)d->n + (size_t)j], 1));
    }
    return ok;
}

/* num / den in millionths (times scale), floor, ceiling and rounded half
 * away from zero, for a signed numerator (negative when neg). */
struct ratio {
    int64_t floor, ceil, round;
};

static struct ratio ratio_of(struct pm_u128 num, bool neg, struct pm_u128 den, int64_t scale)
{
    int64_t f = pm_u128_ratio(num, den, scale, false), c = pm_u128_ratio(num, den, scale, true);
    int64_t twice = pm_u128_ratio(num, den, 2 * scale, false);
    int64_t r = (twice + 1) / 2; /* half away from zero, on the magnitude */
    if (neg)
        return (struct ratio){-c, -f, -r};
    return (struct ratio){f, c, r};
}

/* The measures of one draw: per input the cards' share, S and S_T (has
 * false when the variance is 0), and the mean shift. out has 3 per input
 * then the shift. */
struct measures {
    struct ratio *r; /* 3 x ninputs + 1 */
    bool *has;
};

static bool measures_of(const struct sums *t, const struct pm_sobol_data *d, int64_t n,
                        struct measures *m)
{
    /* V (2n)^2 = 2n Q - S^2 over the 2n values of matrices A and B. */
    uint64_t s64;
    if (t->s.hi != 0)
        return false;
    s64 = t->s.lo;
    struct pm_u128 v4, s2 = pm_u128_mul(s64, s64);
    if (!pm_u128_mul_small(t->q, (uint64_t)(2 * n), &v4))
        return false;
    v4 = pm_u128_sub(v4, s2);
    bool var = v4.hi != 0 || v4.lo != 0;
    struct pm_u128 all;
    for (int32_t g = 0; g < d->ninputs; g++) {
        struct ratio *r = &m->r[3 * g];
        bool *has = &m->has[3 * g];
        if (!pm_u128_mul_small(pm_u128_mul((uint64_t)n, 1), (uint64_t)d->compounds, &all))
            return false;
        r[0] = ratio_of(t->cards[g], false, all, PMINDEX_PPM);
        has[0] = true;
        has[1] = has[2] = var;
        if (!var)
            continue;
        struct pm_u128 a2, b2;
        if (!pm_u128_mul_small(t->da[g], (uint64_t)(2 * n), &a2) ||
            !pm_u128_mul_small(t->db[g], (uint64_t)(2 * n), &b2))
            return false;
        /* S_g = (V - DB / 2n) / V, S_Tg = (DA / 2n) / V: scaled by (2n)^2. */
        bool neg = pm_u128_less(v4, b2);
        r[1] = ratio_of(neg ? pm_u128_sub(b2, v4) : pm_u128_sub(v4, b2), neg, v4, PMINDEX_PPM);
        r[2] = ratio_of(a2, false, v4, PMINDEX_PPM);
    }
    struct pm_u128 ranked;
    if (!pm_u128_mul_small(pm_u128_mul((uint64_t)n, 1), (uint64_t)(d->ranked ? d->ranked : 1),
                           &ranked))
        return false;
    m->r[3 * d->ninputs] = ratio_of(t->shift, false, ranked, 100);
    m->has[3 * d->ninputs] = d->ranked > 0;
    return true;
}

static int cmp64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

struct boot {
    const struct pm_sobol_data *d;
    uint64_t seed;
    int32_t nmeasures;
    int64_t *floors, *ceils; /* measure x replicate */
    bool *has;               /* measure x replicate */
    bool failed;
};

static void sums_clear(struct sums *t, int32_t ninputs)
{
    t->s = t->q = t->shift = (struct pm_u128){0, 0};
    for (int32_t g = 0; g < ninputs; g++)
        t->da[g] = t->db[g] = t->cards[g] = (struct pm_u128){0, 0};
}

static bool sums_init(struct sums *t, int32_t ninputs)
{
    t->da = calloc(3 * (size_t)ninputs + 1, sizeof *t->da);
    t->db = t->da + ninputs;
    t->cards = t->db + ninputs;
    return t->da != NULL;
}

/* One bootstrap replicate: n samples drawn with replacement from the
 * replicate's stream (matrix 2). */
static bool replicate(struct boot *b, int64_t rep, struct sums *t, struct measures *m)
{
    const struct pm_sobol_data *d = b->d;
    struct pm_stream s = pm_stream_of(pm_stream_key(b->seed, 2, (uint64_t)rep), 0);
    sums_clear(t, d->ninputs);
    for (int64_t k = 0; k < d->n; k++)
        if (!add_sample(t, d, (int64_t)pm_below(&s, (uint64_t)d->n)))
            return false;
    if (!measures_of(t, d, d->n, m))
        return false;
    for (int32_t x = 0; x < b->nmeasures; x++) {
        size_t at = (size_t)x * PMINDEX_UNCERTAINTY_BOOTSTRAP + (size_t)rep;
        b->floors[at] = m->r[x].floor;
        b->ceils[at] = m->r[x].ceil;
        b->has[at] = m->has[x];
    }
    return true;
}

struct boot_thread {
    struct boot *b;
    int64_t first, step;
    int rc;
};

static void *boot_main(void *arg)
{
    struct boot_thread *bt = arg;
    struct boot *b = bt->b;
    int32_t nm = b->nmeasures;
    struct sums t;
    struct measures m = {malloc((size_t)nm * sizeof *m.r), malloc((size_t)nm * sizeof *m.has)};
    bt->rc = sums_init(&t, b->d->ninputs) && m.r && m.has ? PMINDEX_OK : PMINDEX_E_NOMEM;
    for (int64_t rep = bt->first; !bt->rc && rep < PMINDEX_UNCERTAINTY_BOOTSTRAP; rep += bt->step)
        if (!replicate(b, rep, &t, &m))
            bt->rc = PMINDEX_E_LIMIT;
    free(t.da);
    free(m.r);
    free(m.has);
    return NULL;
}

int pm_sobol(const struct pm_sobol_data *d, uint64_t seed, int32_t threads,
             struct pm_input *inputs, struct pm_estimate *shift)
{
    int32_t nm = 3 * d->ninputs + 1;
    size_t cells = (size_t)nm * PMINDEX_UNCERTAINTY_BOOTSTRAP;
    struct boot b = {d, seed, nm, malloc(cells * sizeof *b.floors), malloc(cells * sizeof *b.ceils),
                     malloc(cells * sizeof *b.has), false};
    struct sums t = {0};
    struct measures m = {malloc((size_t)nm * sizeof *m.r), malloc((size_t)nm * sizeof *m.has)};
    struct boot_thread *bt = calloc((size_t)threads, sizeof *bt);
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    int rc = PMINDEX_E_NOMEM;
    if (!b.floors || !b.ceils || !b.has || !m.r || !m.has || !bt || !tid ||
        !sums_init(&t, d->ninputs))
        goto out;
    rc = PMINDEX_E_LIMIT;
    for (int64_t j = 0; j < d->n; j++)
        if (!add_sample(&t, d, j))
            goto out;
    if (!measures_of(&t, d, d->n, &m))
        goto out;
    /* The replicates, split among the threads (each writes its own). */
    int32_t started = 1;
    for (int32_t k = 0; k < threads; k++)
        bt[k] = (struct boot_thread){&b, k, threads, PMINDEX_OK};
    while (started < threads && pthread_create(&tid[started], NULL, boot_main, &bt[started]) == 0)
        started++;
    boot_main(&bt[0]);
    for (int32_t k = 1; k < started; k++)
        pthread_join(tid[k], NULL);
    for (int32_t k = started; k < threads; k++) /* threads that did not start: here */
        boot_main(&bt[k]);
    for (int32_t k = 0; k < threads; k++)
        if (bt[k].rc != PMINDEX_OK) {
            rc = bt[k].rc;
            goto out;
        }
    for (int32_t x = 0; x < nm; x++) {
        struct pm_estimate *e = x < 3 * d->ninputs ? &inputs[x / 3].measure[1 + x % 3] : shift;
        int64_t *f = b.floors + (size_t)x * PMINDEX_UNCERTAINTY_BOOTSTRAP;
        int64_t *c = b.ceils + (size_t)x * PMINDEX_UNCERTAINTY_BOOTSTRAP;
        const bool *has = b.has + (size_t)x * PMINDEX_UNCERTAINTY_BOOTSTRAP;
        e->has = m.has[x];
        e->value = e->low = e->high = m.r[x].round;
        /* A replicate whose rank shifts do not vary has no Sobol index: the
         * interval is that of the replicates that have one. */
        int64_t kept = 0;
        for (int64_t r = 0; r < PMINDEX_UNCERTAINTY_BOOTSTRAP; r++)
            if (has[r]) {
                f[kept] = f[r];
                c[kept] = c[r];
                kept++;
            }
        if (!e->has || kept == 0)
            continue;
        qsort(f, (size_t)kept, sizeof *f, cmp64);
        qsort(c, (size_t)kept, sizeof *c, cmp64);
        e->low = f[percentile_index(kept, 25, 1000)];
        e->high = c[percentile_index(kept, 975, 1000)];
    }
    rc = PMINDEX_OK;
out:
    free(b.floors);
    free(b.ceils);
    free(b.has);
    free(m.r);
    free(m.has);
    free(t.da);
    free(bt);
    free(tid);
    return rc;
}
