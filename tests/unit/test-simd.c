/* The byte scans of lib/simd.h: the SSE2 and AVX2 versions (where this CPU
 * and build have them) against plain C, and plain C against a byte-by-byte
 * reference, on hand-made lines and on random bytes of every length around
 * the vector widths; PMINDEX_SIMD caps the choice. */
#include <stdlib.h>

#include "test.h"

#include "internal.h"
#include "simd.h"
#include "utf8.h"

enum { MAX_SEPS = 64 };

struct scan {
    size_t end;
    uint32_t seps[MAX_SEPS], nseps;
    unsigned flags;
};

static void scan(const struct pm_simd_ops *ops, const char *p, size_t n, uint32_t max,
                 struct scan *s)
{
    memset(s, 0, sizeof *s);
    s->end = ops->line(p, n, s->seps, max, &s->nseps, &s->flags);
}

/* The line scan as simd.h defines it, one byte at a time. */
static void reference(const char *p, size_t n, uint32_t max, struct scan *s)
{
    memset(s, 0, sizeof *s);
    size_t lf = n;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '\n') {
            lf = i;
            break;
        }
    s->end = lf;
    for (size_t i = 0; i < lf; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x80)
            s->flags |= PM_LINE_HIGH;
        if (c == '"' || c == '\0' || (c == '\r' && !(i + 1 == lf && lf < n)))
            s->flags |= PM_LINE_SPECIAL;
        if (c == ',') {
            if (s->nseps < max)
                s->seps[s->nseps] = (uint32_t)i;
            else
                s->flags |= PM_LINE_SPECIAL;
            s->nseps++;
        }
    }
}

/* Two scans agree: on special, only that they saw it. */
static void same(const struct scan *a, const struct scan *b, const char *what, size_t n)
{
    bool sa = a->flags & PM_LINE_SPECIAL, sb = b->flags & PM_LINE_SPECIAL;
    if (sa != sb)
        fail_msg("%s: special %d against %d (length %zu)", what, sa, sb, n);
    if (sa)
        return;
    if (a->end != b->end || a->flags != b->flags || a->nseps != b->nseps)
        fail_msg("%s: end %zu/%zu flags %u/%u seps %u/%u (length %zu)", what, a->end, b->end,
                 a->flags, b->flags, a->nseps, b->nseps, n);
    uint32_t k = a->nseps < MAX_SEPS ? a->nseps : MAX_SEPS;
    for (uint32_t i = 0; i < k; i++)
        if (a->seps[i] != b->seps[i])
            fail_msg("%s: separator %u at %u against %u", what, i, a->seps[i], b->seps[i]);
}

static const struct pm_simd_ops *levels[PM_SIMD_LEVELS];

static int setup(void **state)
{
    (void)state;
    for (int l = 0; l < PM_SIMD_LEVELS; l++)
        levels[l] = pm_simd_ops((enum pm_simd)l);
    assert_non_null(levels[PM_SIMD_PLAIN]);
#if PM_HAVE_SIMD
    /* Every x86-64 CPU has SSE2. */
    assert_non_null(levels[PM_SIMD_SSE2]);
#endif
    return 0;
}

/* Checks one input with every level, against the reference. */
static void check_all(const char *p, size_t n, uint32_t max)
{
    struct scan want, got;
    reference(p, n, max, &want);
    for (int l = 0; l < PM_SIMD_LEVELS; l++) {
        if (!levels[l])
            continue;
        scan(levels[l], p, n, max, &got);
        same(&got, &want, levels[l]->name, n);
        if (levels[l]->utf8(p, n) != pm_utf8_valid(p, n))
            fail_msg("%s: utf8 %d (length %zu)", levels[l]->name, !pm_utf8_valid(p, n), n);
        size_t f = n;
        for (size_t i = 0; i < n; i++)
            if (p[i] == '"' || p[i] == '\r') {
                f = i;
                break;
            }
        assert_int_equal(levels[l]->find2(p, n, '"', '\r'), f);
    }
}

static void test_lines(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "",
        "\n",
        "a,b,c\n",
        "a,b,c",
        "SY-0000001,东门1号苑,东门街道,1,0.5,75.3%,,,\nnext,line\n",
        "crlf,line\r\n",
        "cr,alone\rmore\n",
        "two,crs\r\r\n",
        "quote,\"x\"\n",
        "nul,a\0b\n",
        "after,the,end\n\"\r\0",
        "\r",
        "\r\n",
        "0123456789abcde\r\nx",             /* CR at 15, LF at 16 */
        "0123456789abcdef0123456789abcde\r\nx", /* CR at 31, LF at 32 */
        "0123456789abcdef0123456789abcde\r",   /* CR at the last byte */
        "\xE4\xB8\xAD\xE6\x96\x87,\xF0\x9F\x98\x80\n",
        "\xC0\x80,overlong\n",
        "\xED\xA0\x80 surrogate",
        "\xF4\x90\x80\x80 too large",
        "\xF4\x8F\xBF\xBF top",
        "cut \xE4\xB8",
    };
    for (size_t k = 0; k < PM_ARRAY_SIZE(lines); k++) {
        size_t n = strlen(lines[k]);
        if (k == 9 || k == 10)
            n += k == 9 ? 3 : 1; /* through the NUL */
        check_all(lines[k], n, MAX_SEPS);
        check_all(lines[k], n, 1); /* room for one separator */
    }
}

/* Random bytes from a small alphabet that holds every byte that matters,
 * UTF-8 sequences good and bad, at every length up to 200 and every
 * offset of a vector. */
static void test_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {",", "\n", "\r", "\r\n", "\"", "a", "0", "1.5%",
                                         "\xE4\xB8\xAD", "\xE4\xB8", "\xB8", "\xF0\x9F\x98\x80",
                                         "\xC2\xA0", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                         "\xEF\xBB\xBF", " ", "abcdefghijklmnop"};
    uint64_t seed = 16;
    char buf[512];
    for (int round = 0; round < 40000; round++) {
        size_t n = 0, want = (size_t)(round % 200);
        while (n < want) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            const char *piece = pieces[(seed >> 33) % PM_ARRAY_SIZE(pieces)];
            /* Mostly plain text, so that lines run long. */
            if ((seed >> 20) % 4)
                piece = (seed >> 40) % 3 ? "x" : (seed >> 41) % 2 ? "," : "\xE6\x96\x87";
            size_t len = strlen(piece);
            if (n + len > sizeof buf)
                break;
            memcpy(buf + n, piece, len);
            n += len;
        }
        check_all(buf, n, round % 7 == 0 ? 2 : MAX_SEPS);
    }
}

/* A long valid text with a single bad byte at every position. */
static void test_utf8_every_position(void **state)
{
    (void)state;
    char buf[300];
    for (size_t i = 0; i + 3 <= sizeof buf; i += 3)
        memcpy(buf + i, "\xE5\xB0\x8F", 3);
    for (size_t at = 0; at < sizeof buf; at++) {
        char keep = buf[at];
        buf[at] = (char)0xFF;
        for (int l = 0; l < PM_SIMD_LEVELS; l++)
            if (levels[l])
                assert_false(levels[l]->utf8(buf, sizeof buf));
        buf[at] = 'a'; /* an ASCII byte in a sequence: wrong too */
        for (int l = 0; l < PM_SIMD_LEVELS; l++)
            if (levels[l])
                assert_int_equal(levels[l]->utf8(buf, sizeof buf), pm_utf8_valid(buf, sizeof buf));
        buf[at] = keep;
    }
    for (int l = 0; l < PM_SIMD_LEVELS; l++)
        if (levels[l])
            for (size_t n = 0; n <= sizeof buf; n++)
                assert_int_equal(levels[l]->utf8(buf, n), n % 3 == 0);
}

static void test_choice(void **state)
{
    (void)state;
    const char *old = getenv("PMINDEX_SIMD");
    char *keep = old ? strdup(old) : NULL;
    setenv("PMINDEX_SIMD", "plain", 1);
    assert_int_equal(pm_simd_best()->level, PM_SIMD_PLAIN);
    setenv("PMINDEX_SIMD", "SSE2", 1);
    assert_int_equal(pm_simd_best()->level, levels[PM_SIMD_SSE2] ? PM_SIMD_SSE2 : PM_SIMD_PLAIN);
    setenv("PMINDEX_SIMD", "avx2", 1);
    enum pm_simd best = levels[PM_SIMD_AVX2]   ? PM_SIMD_AVX2
                        : levels[PM_SIMD_SSE2] ? PM_SIMD_SSE2
                                               : PM_SIMD_PLAIN;
    assert_int_equal(pm_simd_best()->level, best);
    unsetenv("PMINDEX_SIMD");
    assert_int_equal(pm_simd_best()->level, best);
    if (keep) {
        setenv("PMINDEX_SIMD", keep, 1);
        free(keep);
    }
    print_message("levels here: plain%s%s\n", levels[PM_SIMD_SSE2] ? ", sse2" : "",
                  levels[PM_SIMD_AVX2] ? ", avx2" : "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_utf8_every_position),
        cmocka_unit_test(test_choice),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
