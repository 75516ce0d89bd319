/* The byte scans with SSE2, 16 bytes a step (every x86-64 CPU has it):
 * the line and the byte among two are simd_scan.h's, UTF-8 skips ASCII 16
 * bytes at a time. The same results as simd_plain.c on every input
 * (tests/unit/test-simd.c). */
#include <emmintrin.h>

#include "simd.h"
#include "utf8.h"

#define VEC __m128i
#define W 16
#define VEC_LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define VEC_EQ(v, c) ((uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8((v), _mm_set1_epi8(c))))
#define VEC_HIGH(v) ((uint32_t)_mm_movemask_epi8(v))
#define SCAN(name) name##_sse2
#include "simd_scan.h"

static bool utf8_sse2(const char *p, size_t n)
{
    size_t i = 0;
    while (n - i >= W && !VEC_HIGH(VEC_LOAD(p + i)))
        i += W;
    return pm_utf8_valid(p + i, n - i);
}

const struct pm_simd_ops pm_simd_sse2_ops = {
    .level = PM_SIMD_SSE2,
    .name = "sse2",
    .line = line_sse2,
    .utf8 = utf8_sse2,
    .find2 = find2_sse2,
};
