/* The line scan and the scan for a byte among two, written once for any
 * vector width: simd_sse2.c and simd_avx2.c each define, before including
 * this, VEC (the vector type), W (its bytes), VEC_LOAD(p) (an unaligned
 * load), VEC_EQ(v, c) (a mask, bit i set where byte i is c) and
 * VEC_HIGH(v) (bit i set where byte i is 0x80 or above), and SCAN(name)
 * (the name of each function for that width). Included once in each: the
 * functions are static. */
#include <string.h>

/* The n bytes at p (fewer than W at the end: zeros after them, and *valid
 * says which bits count). */
static inline VEC SCAN(load)(const char *p, size_t n, uint32_t *valid)
{
    if (n >= W) {
        *valid = W == 32 ? 0xFFFFFFFFu : (1u << W) - 1;
        return VEC_LOAD(p);
    }
    char tmp[W] = {0};
    memcpy(tmp, p, n);
    *valid = (1u << n) - 1;
    return VEC_LOAD(tmp);
}

static size_t SCAN(line)(const char *p, size_t n, uint32_t *seps, uint32_t max, uint32_t *nseps,
                         unsigned *flags)
{
    uint32_t k = 0;
    unsigned f = 0;
    for (size_t i = 0; i < n; i += W) {
        uint32_t valid;
        VEC v = SCAN(load)(p + i, n - i, &valid);
        uint32_t lf = VEC_EQ(v, '\n') & valid, before = lf ? (lf & -lf) - 1 : valid;
        uint32_t seps_here = VEC_EQ(v, ',') & before;
        uint32_t special = (VEC_EQ(v, '"') | VEC_EQ(v, '\0')) & before;
        uint32_t cr = VEC_EQ(v, '\r') & before;
        if (VEC_HIGH(v) & before)
            f |= PM_LINE_HIGH;
        if (cr) {
            /* Only a CR just before the LF is allowed (CRLF), the LF maybe
             * the first byte of the next step. */
            uint32_t allowed = lf ? (lf & -lf) >> 1 : 0;
            if (!lf && cr >> (W - 1) && i + W < n && p[i + W] == '\n')
                allowed = 1u << (W - 1);
            special |= cr & ~allowed;
        }
        if (special) {
            *nseps = k;
            *flags = f | PM_LINE_SPECIAL;
            return i + (size_t)__builtin_ctz(special);
        }
        for (; seps_here; seps_here &= seps_here - 1) {
            if (k < max)
                seps[k] = (uint32_t)(i + (size_t)__builtin_ctz(seps_here));
            else
                f |= PM_LINE_SPECIAL;
            k++;
        }
        if (lf) {
            *nseps = k;
            *flags = f;
            return i + (size_t)__builtin_ctz(lf);
        }
    }
    *nseps = k;
    *flags = f;
    return n;
}

static size_t SCAN(find2)(const char *p, size_t n, char a, char b)
{
    for (size_t i = 0; i < n; i += W) {
        uint32_t valid;
        VEC v = SCAN(load)(p + i, n - i, &valid);
        uint32_t m = (VEC_EQ(v, a) | VEC_EQ(v, b)) & valid;
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
    return n;
}
