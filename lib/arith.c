/* 64 x 64 -> 128-bit products and their division, with a portable path for
 * compilers without __int128 (32-bit targets). */
#include <assert.h>

#include "arith.h"

typedef struct {
    uint64_t hi, lo;
} u128;

static u128 mul64(uint64_t a, uint64_t b)
{
#if defined(__SIZEOF_INT128__) && !defined(PMINDEX_NO_INT128)
    unsigned __int128 p = (unsigned __int128)a * b;
    return (u128){(uint64_t)(p >> 64), (uint64_t)p};
#else
    uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
    return (u128){p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (p00 & 0xFFFFFFFFu)};
#endif
}

static bool u128_less(u128 x, u128 y)
{
    return x.hi < y.hi || (x.hi == y.hi && x.lo < y.lo);
}

/* q = n / d, r = n % d for a quotient that fits in 64 bits (n.hi < d). */
static uint64_t div128(u128 n, uint64_t d, uint64_t *r)
{
    assert(d > 0 && n.hi < d);
#if defined(__SIZEOF_INT128__) && !defined(PMINDEX_NO_INT128)
    unsigned __int128 x = ((unsigned __int128)n.hi << 64) | n.lo;
    *r = (uint64_t)(x % d);
    return (uint64_t)(x / d);
#else
    uint64_t rem = n.hi, q = 0;
    for (int i = 63; i >= 0; i--) {
        bool carry = rem >> 63;
        rem = (rem << 1) | ((n.lo >> i) & 1);
        if (carry || rem >= d) {
            rem -= d;
            q |= UINT64_C(1) << i;
        }
    }
    *r = rem;
    return q;
#endif
}

int64_t pm_muldiv_round(int64_t a, int64_t b, int64_t c)
{
    assert(a >= 0 && b >= 0 && c > 0);
    uint64_t d = (uint64_t)c, r;
    /* Most products fit in 64 bits: divide them without the 128-bit path. */
    if ((uint64_t)a <= UINT32_MAX && (uint64_t)b <= UINT32_MAX) {
        uint64_t p = (uint64_t)a * (uint64_t)b, q = p / d;
        r = p % d;
        return (int64_t)(q + (r >= d - r));
    }
    u128 p = mul64((uint64_t)a, (uint64_t)b);
    uint64_t q = div128(p, d, &r);
    /* Half away from zero: round up when the remainder is at least d / 2. */
    if (r >= d - r)
        q++;
    assert(q <= INT64_MAX);
    return (int64_t)q;
}

int64_t pm_muldiv_floor(int64_t a, int64_t b, int64_t c)
{
    uint64_t r;
    return (int64_t)div128(mul64((uint64_t)a, (uint64_t)b), (uint64_t)c, &r);
}

int64_t pm_muldiv_ceil(int64_t a, int64_t b, int64_t c)
{
    uint64_t r;
    uint64_t q = div128(mul64((uint64_t)a, (uint64_t)b), (uint64_t)c, &r);
    return (int64_t)(q + (r != 0));
}

bool pm_mul_less(int64_t a, int64_t b, int64_t c, int64_t d)
{
    assert(a >= 0 && b >= 0 && c >= 0 && d >= 0);
    return u128_less(mul64((uint64_t)a, (uint64_t)b), mul64((uint64_t)c, (uint64_t)d));
}

uint64_t pm_mulhi(uint64_t a, uint64_t b)
{
    return mul64(a, b).hi;
}

/* ---- 128-bit sums for the sensitivity analysis ---------------------------- */

struct pm_u128 pm_u128_mul(uint64_t a, uint64_t b)
{
    u128 p = mul64(a, b);
    return (struct pm_u128){p.hi, p.lo};
}

struct pm_u128 pm_u128_add(struct pm_u128 x, struct pm_u128 y)
{
    uint64_t lo = x.lo + y.lo;
    return (struct pm_u128){x.hi + y.hi + (lo < x.lo), lo};
}

struct pm_u128 pm_u128_sub(struct pm_u128 x, struct pm_u128 y)
{
    return (struct pm_u128){x.hi - y.hi - (x.lo < y.lo), x.lo - y.lo};
}

bool pm_u128_less(struct pm_u128 x, struct pm_u128 y)
{
    return x.hi < y.hi || (x.hi == y.hi && x.lo < y.lo);
}

bool pm_u128_mul_small(struct pm_u128 x, uint64_t m, struct pm_u128 *out)
{
    u128 lo = mul64(x.lo, m), hi = mul64(x.hi, m);
    if (hi.hi != 0)
        return false;
    uint64_t top = hi.lo + lo.hi;
    if (top < hi.lo)
        return false;
    *out = (struct pm_u128){top, lo.lo};
    return true;
}

int64_t pm_u128_ratio(struct pm_u128 num, struct pm_u128 den, int64_t scale, bool ceiling)
{
    /* num * scale as 192 bits (n2, n1, n0), then restoring division by den,
     * one bit at a time: only called for a few statistics. */
    u128 lo = mul64(num.lo, (uint64_t)scale), hi = mul64(num.hi, (uint64_t)scale);
    uint64_t n0 = lo.lo, n1 = lo.hi + hi.lo, n2 = hi.hi + (n1 < lo.hi);
    uint64_t limbs[3] = {n2, n1, n0};
    struct pm_u128 rem = {0, 0};
    uint64_t q = 0;
    for (int bit = 191; bit >= 0; bit--) {
        uint64_t in = (limbs[2 - bit / 64] >> (bit % 64)) & 1;
        bool carry = rem.hi >> 63;
        rem = (struct pm_u128){(rem.hi << 1) | (rem.lo >> 63), (rem.lo << 1) | in};
        bool take = carry || !pm_u128_less(rem, den);
        if (take)
            rem = pm_u128_sub(rem, den);
        assert(!take || bit < 64); /* the caller's bound on the quotient */
        if (bit < 64)
            q |= (uint64_t)take << bit;
    }
    if (ceiling && (rem.hi | rem.lo))
        q++;
    return (int64_t)q;
}
