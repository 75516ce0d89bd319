/* The byte scans in plain C, and the choice among the versions (simd.h).
 * Plain C is always built: it is the reference the vector versions are
 * tested against, and the one that runs where they cannot. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "simd.h"
#include "utf8.h"

/* Bytes the line scan stops at. */
enum { STOP_SEP = 1, STOP_END = 2, STOP_SPECIAL = 3 };
static const uint8_t stops[256] = {
    [','] = STOP_SEP, ['\n'] = STOP_END, ['"'] = STOP_SPECIAL, ['\r'] = STOP_SPECIAL,
    [0] = STOP_SPECIAL,
};

static size_t line_plain(const char *p, size_t n, uint32_t *seps, uint32_t max, uint32_t *nseps,
                         unsigned *flags)
{
    const unsigned char *s = (const unsigned char *)p;
    uint32_t k = 0;
    unsigned f = 0;
    size_t i = 0;
    for (; i < n; i++) {
        unsigned c = s[i];
        f |= c >> 7 ? PM_LINE_HIGH : 0;
        switch (stops[c]) {
        case 0:
            continue;
        case STOP_SEP:
            if (k < max)
                seps[k] = (uint32_t)i;
            else
                f |= PM_LINE_SPECIAL;
            k++;
            continue;
        case STOP_END:
            break;
        default:
            /* A CR just before the LF ends a CRLF line: not special. */
            if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
                continue;
            f |= PM_LINE_SPECIAL;
            *nseps = k;
            *flags = f;
            return i;
        }
        break;
    }
    *nseps = k;
    *flags = f;
    return i;
}

static bool utf8_plain(const char *p, size_t n)
{
    return pm_utf8_valid(p, n);
}

static size_t find2_plain(const char *p, size_t n, char a, char b)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == a || p[i] == b)
            return i;
    return n;
}

const struct pm_simd_ops pm_simd_plain_ops = {
    .level = PM_SIMD_PLAIN,
    .name = "plain",
    .line = line_plain,
    .utf8 = utf8_plain,
    .find2 = find2_plain,
};

/* ---- the choice ----------------------------------------------------------- */

static bool cpu_has(enum pm_simd level)
{
#if PM_HAVE_SIMD && defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __builtin_cpu_init();
    if (level == PM_SIMD_AVX2)
        return __builtin_cpu_supports("avx2");
    if (level == PM_SIMD_SSE2)
        return __builtin_cpu_supports("sse2");
#endif
    return level == PM_SIMD_PLAIN;
}

const struct pm_simd_ops *pm_simd_ops(enum pm_simd level)
{
    if (!cpu_has(level))
        return NULL;
    switch (level) {
#if PM_HAVE_SIMD
    case PM_SIMD_AVX2: return &pm_simd_avx2_ops;
    case PM_SIMD_SSE2: return &pm_simd_sse2_ops;
#endif
    case PM_SIMD_PLAIN: return &pm_simd_plain_ops;
    default: return NULL;
    }
}

const struct pm_simd_ops *pm_simd_best(void)
{
    static const char *const names[PM_SIMD_LEVELS] = {"plain", "sse2", "avx2"};
    int cap = PM_SIMD_LEVELS - 1;
    const char *want = getenv("PMINDEX_SIMD");
    for (int level = 0; want && level < PM_SIMD_LEVELS; level++)
        if (strcasecmp(want, names[level]) == 0)
            cap = level;
    for (int level = cap; level > PM_SIMD_PLAIN; level--) {
        const struct pm_simd_ops *ops = pm_simd_ops((enum pm_simd)level);
        if (ops)
            return ops;
    }
    return &pm_simd_plain_ops;
}
