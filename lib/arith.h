/* Exact integer arithmetic for scoring: products of two 64-bit numbers are
 * formed in 128 bits, so no parameter range of a valid model can overflow. */
#ifndef PM_ARITH_H
#define PM_ARITH_H

#include <stdbool.h>
#include <stdint.h>

/* round(a * b / c), half away from zero, for a, b >= 0 and c > 0. The
 * quotient must fit in int64 (callers guarantee a * b / c <= max(a, b)). */
int64_t pm_muldiv_round(int64_t a, int64_t b, int64_t c);

/* floor(a * b / c) and ceil(a * b / c) for a, b >= 0 and c > 0, with the
 * same guarantee on the quotient. */
int64_t pm_muldiv_floor(int64_t a, int64_t b, int64_t c);
int64_t pm_muldiv_ceil(int64_t a, int64_t b, int64_t c);

/* a * b < c * d, exactly, for non-negative operands. */
bool pm_mul_less(int64_t a, int64_t b, int64_t c, int64_t d);

/* Floor and ceiling of a / b for any a and b > 0 (C's division truncates). */
static inline int64_t pm_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return q - (a % b != 0 && a < 0);
}

static inline int64_t pm_ceil_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return q + (a % b != 0 && a > 0);
}

/* Division by a divisor that stays the same for many numerators (a rate
 * item's span in one Monte Carlo sample): a 64-bit reciprocal and one
 * correction give the exact quotient with multiplications only. */
struct pm_recip {
    uint64_t d;   /* the divisor, > 0 */
    uint64_t inv; /* floor((2^64 - 1) / d) */
};

static inline struct pm_recip pm_recip_of(uint64_t d)
{
    return (struct pm_recip){d, UINT64_MAX / d};
}

/* The high 64 bits of a * b. */
uint64_t pm_mulhi(uint64_t a, uint64_t b);

static inline uint64_t pm_recip_mulhi(uint64_t a, uint64_t b)
{
#if defined(__SIZEOF_INT128__) && !defined(PMINDEX_NO_INT128)
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
#else
    return pm_mulhi(a, b);
#endif
}

/* round(n / r.d), half away from zero, exactly, for any n. */
static inline uint64_t pm_recip_round(uint64_t n, struct pm_recip r)
{
    /* inv = (2^64 - 1 - s) / d with 0 <= s < d, so n * inv / 2^64 is above
     * n / d - 1 - 1/d: the estimate is the quotient or one or two below it. */
    uint64_t q = pm_recip_mulhi(n, r.inv), rem = n - q * r.d;
    while (rem >= r.d) {
        q++;
        rem -= r.d;
    }
    return q + (rem >= r.d - rem);
}

/* Unsigned 128-bit numbers, for the sums of squares of the sensitivity
 * analysis. Portable: no __int128 needed. */
struct pm_u128 {
    uint64_t hi, lo;
};

struct pm_u128 pm_u128_mul(uint64_t a, uint64_t b);
struct pm_u128 pm_u128_add(struct pm_u128 x, struct pm_u128 y);
/* x - y for x >= y. */
struct pm_u128 pm_u128_sub(struct pm_u128 x, struct pm_u128 y);
/* x * m; false when the product does not fit in 128 bits. */
bool pm_u128_mul_small(struct pm_u128 x, uint64_t m, struct pm_u128 *out);
bool pm_u128_less(struct pm_u128 x, struct pm_u128 y);
/* floor(num * scale / den) or its ceiling, for den > 0 and a quotient below
 * 2^63; scale <= 10^9. Exact. */
int64_t pm_u128_ratio(struct pm_u128 num, struct pm_u128 den, int64_t scale, bool ceiling);

#endif
