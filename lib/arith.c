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

bool pm_mul_less(int64_t a, int64_t b, int64_t c, int64_t d)
{
    assert(a >= 0 && b >= 0 && c >= 0 && d >= 0);
    return u128_less(mul64((uint64_t)a, (uint64_t)b), mul64((uint64_t)c, (uint64_t)d));
}
