/* The pseudo-random numbers of the Monte Carlo analysis: SplitMix64 (Steele,
 * Lea and Flood, "Fast splittable pseudorandom number generators", 2014),
 * in streams keyed by what they are for, so that every number depends only
 * on the seed and on its place (which sample, which input, which compound),
 * never on which thread drew it or when. The README gives the definition
 * for anyone who wants to redraw the numbers. */
#ifndef PM_RANDOM_H
#define PM_RANDOM_H

#include <stdint.h>

#include "arith.h"

#define PM_GOLDEN_GAMMA UINT64_C(0x9E3779B97F4A7C15)

/* SplitMix64's output function. */
static inline uint64_t pm_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* One step of SplitMix64 from state x, as a function: mix(x). */
static inline uint64_t pm_mix(uint64_t x)
{
    return pm_mix64(x + PM_GOLDEN_GAMMA);
}

struct pm_stream {
    uint64_t state;
};

/* The key of everything one matrix's sample draws (the seed, the matrix:
 * 0 for A, 1 for B, 2 for the bootstrap, and the sample or replicate). */
static inline uint64_t pm_stream_key(uint64_t seed, uint64_t matrix, uint64_t sample)
{
    return pm_mix(pm_mix(pm_mix(seed) ^ matrix) ^ sample);
}

/* A stream of that key: 0 the weights, 1 the goalposts, 2 + c the
 * measurement errors of compound number c, 0 a bootstrap replicate. */
static inline struct pm_stream pm_stream_of(uint64_t key, uint64_t stream)
{
    return (struct pm_stream){pm_mix(key ^ stream)};
}

/* The stream's next number: SplitMix64. */
static inline uint64_t pm_next(struct pm_stream *s)
{
    s->state += PM_GOLDEN_GAMMA;
    return pm_mix64(s->state);
}

/* A uniform integer in [0, n), n >= 1, exactly uniform: Lemire's
 * multiply-and-reject ("Fast random integer generation in an interval",
 * 2019): the high half of x * n, drawing again while the low half is below
 * 2^64 mod n. */
static inline uint64_t pm_below(struct pm_stream *s, uint64_t n)
{
    uint64_t x = pm_next(s), hi = pm_recip_mulhi(x, n), lo = x * n;
    if (lo < n) {
        uint64_t t = (0 - n) % n;
        while (lo < t) {
            x = pm_next(s);
            hi = pm_recip_mulhi(x, n);
            lo = x * n;
        }
    }
    return hi;
}

/* A uniform integer in [-m, m], m >= 0. */
static inline int64_t pm_plus_minus(struct pm_stream *s, int64_t m)
{
    return (int64_t)pm_below(s, 2 * (uint64_t)m + 1) - m;
}

#endif
