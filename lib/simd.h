/* The few byte scans that reading a sheet repeats over every byte, each in
 * three versions: AVX2 (32 bytes a step), SSE2 (16) and plain C (always
 * built, and the reference the others are tested against). Which one runs
 * is chosen at run time from what the CPU has, once per reader: no global
 * state. PMINDEX_SIMD=plain|sse2|avx2 in the environment caps the choice
 * (for tests and for comparing); -Dsimd=false builds plain C only. */
#ifndef PM_SIMD_H
#define PM_SIMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pm_simd { PM_SIMD_PLAIN = 0, PM_SIMD_SSE2 = 1, PM_SIMD_AVX2 = 2, PM_SIMD_LEVELS };

/* What pm_simd_ops.line() saw before the line's end. */
enum {
    PM_LINE_SPECIAL = 1u << 0, /* a quote or NUL, a CR other than one just before the LF, or
                                  more separators than the caller has room for */
    PM_LINE_HIGH = 1u << 1     /* a byte >= 0x80: UTF-8 to check */
};

struct pm_simd_ops {
    enum pm_simd level;
    const char *name;
    /* Scans the line that starts at p (n bytes there): returns the offset
     * of its LF, or n when there is none. Until the LF (or the end), the
     * offsets of its commas go to seps (while fewer than max) and flags
     * gets PM_LINE_*; once PM_LINE_SPECIAL is set the scan may stop early
     * and the rest is not told. */
    size_t (*line)(const char *p, size_t n, uint32_t *seps, uint32_t max, uint32_t *nseps,
                   unsigned *flags);
    /* Whether p[0, n) is valid UTF-8, exactly as pm_utf8_valid() says. */
    bool (*utf8)(const char *p, size_t n);
    /* The offset of the first byte of p[0, n) that is a or b, or n. */
    size_t (*find2)(const char *p, size_t n, char a, char b);
};

/* The operations of one level; NULL when this build or this CPU lacks it. */
const struct pm_simd_ops *pm_simd_ops(enum pm_simd level);

/* The best level the CPU has, no better than PMINDEX_SIMD asks. */
const struct pm_simd_ops *pm_simd_best(void);

/* Each level's table (simd_plain.c, simd_sse2.c, simd_avx2.c). */
extern const struct pm_simd_ops pm_simd_plain_ops;
#if PM_HAVE_SIMD
extern const struct pm_simd_ops pm_simd_sse2_ops;
extern const struct pm_simd_ops pm_simd_avx2_ops;
#endif

#endif
