/* The byte scans with SSE2, 16 bytes a step (every x86-64 CPU has it).
 * The same results as simd_plain.c on every input (tests/unit/test-simd.c). */
#include <emmintrin.h>
#include <string.h>

#include "simd.h"
#include "utf8.h"

enum { W = 16 };

static inline __m128i load(const char *p, size_t n, uint32_t *valid)
{
    if (n >= W) {
        *valid = 0xFFFF;
        return _mm_loadu_si128((const __m128i *)(const void *)p);
    }
    char tmp[W] = {0};
    memcpy(tmp, p, n);
    *valid = (1u << n) - 1;
    return _mm_loadu_si128((const __m128i *)(const void *)tmp);
}

static inline uint32_t eq(__m128i v, char c)
{
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
}

static size_t line_sse2(const char *p, size_t n, uint32_t *seps, uint32_t max, uint32_t *nseps,
                        unsigned *flags)
{
    uint32_t k = 0;
    unsigned f = 0;
    for (size_t i = 0; i < n; i += W) {
        uint32_t valid;
        __m128i v = load(p + i, n - i, &valid);
        uint32_t lf = eq(v, '\n') & valid, before = lf ? (lf & -lf) - 1 : valid;
        uint32_t seps_here = eq(v, ',') & before;
        uint32_t special = (eq(v, '"') | eq(v, '\0')) & before;
        uint32_t cr = eq(v, '\r') & before;
        if ((uint32_t)_mm_movemask_epi8(v) & before)
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

static bool utf8_sse2(const char *p, size_t n)
{
    size_t i = 0;
    while (n - i >= W && !_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i))))
        i += W;
    return pm_utf8_valid(p + i, n - i);
}

static size_t find2_sse2(const char *p, size_t n, char a, char b)
{
    for (size_t i = 0; i < n; i += W) {
        uint32_t valid;
        __m128i v = load(p + i, n - i, &valid);
        uint32_t m = (eq(v, a) | eq(v, b)) & valid;
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
    return n;
}

const struct pm_simd_ops pm_simd_sse2_ops = {
    .level = PM_SIMD_SSE2,
    .name = "sse2",
    .line = line_sse2,
    .utf8 = utf8_sse2,
    .find2 = find2_sse2,
};
