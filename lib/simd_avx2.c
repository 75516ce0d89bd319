/* The byte scans with AVX2, 32 bytes a step; compiled with -mavx2 and run
 * only where the CPU has it (pm_simd_ops()). The line and the byte among
 * two are simd_scan.h's. The same results as simd_plain.c on every input
 * (tests/unit/test-simd.c).
 *
 * UTF-8 is checked without a branch per character by the lookup algorithm
 * of Keiser and Lemire ("Validating UTF-8 in less than one instruction per
 * byte", Software: Practice and Experience 51(5), 2021): three table
 * lookups on the high and low nibbles of each byte and of the byte before
 * it flag every wrong pair of bytes (too short, too long, overlong,
 * surrogate, above U+10FFFF), and the bytes two and three places after a
 * lead byte of a 3- or 4-byte sequence must be continuation bytes. */
#include <immintrin.h>

#include "simd.h"

#define VEC __m256i
#define W 32
#define VEC_LOAD(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define VEC_EQ(v, c) ((uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8((v), _mm256_set1_epi8(c))))
#define VEC_HIGH(v) ((uint32_t)_mm256_movemask_epi8(v))
#define SCAN(name) name##_avx2
#include "simd_scan.h"

/* ---- UTF-8 ------------------------------------------------------------------ */

/* What a pair of bytes can get wrong (a bit each). */
enum {
    TOO_SHORT = 1 << 0,      /* a lead byte or ASCII, then a lead byte or ASCII... too early */
    TOO_LONG = 1 << 1,       /* ASCII, then a continuation byte */
    OVERLONG_3 = 1 << 2,     /* 11100000 100_____ */
    TOO_LARGE = 1 << 3,      /* 11110100 1001____ and above */
    SURROGATE = 1 << 4,      /* 11101101 101_____ */
    OVERLONG_2 = 1 << 5,     /* 1100000_ 10______ */
    TOO_LARGE_1000 = 1 << 6, /* 11110101 1000____ and above */
    OVERLONG_4 = 1 << 6,     /* 11110000 1000____ */
    TWO_CONTS = 1 << 7,      /* 10______ 10______ */
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS
};

/* The input shifted by n bytes, the bytes of prev filling in (n = 1..3). */
#define PREV(in, prev, n) _mm256_alignr_epi8((in), _mm256_permute2x128_si256((prev), (in), 0x21), 16 - (n))

static inline __m256i nibble_high(__m256i v)
{
    return _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F));
}

/* The three tables, by the high nibble of the byte before, its low nibble,
 * and the high nibble of the byte. */
static const uint8_t byte_1_high[16] = {
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, /* ASCII */
    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,                                     /* 10__ */
    TOO_SHORT | OVERLONG_2,                                                         /* 1100 */
    TOO_SHORT,                                                                      /* 1101 */
    TOO_SHORT | OVERLONG_3 | SURROGATE,                                             /* 1110 */
    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,                            /* 1111 */
};
static const uint8_t byte_1_low[16] = {
    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,                           /* ____0000 */
    CARRY | OVERLONG_2,                                                     /* ____0001 */
    CARRY, CARRY,                                                           /* ____001_ */
    CARRY | TOO_LARGE,                                                      /* ____0100 */
    CARRY | TOO_LARGE | TOO_LARGE_1000,                                     /* ____0101 */
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, /* ____011_ */
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, /* ____1___ */
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,                         /* ____1101 */
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
};
static const uint8_t byte_2_high[16] = {
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, /* ASCII */
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4, /* 1000 */
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,                   /* 1001 */
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,                    /* 101_ */
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, /* 11__ */
};

/* A 16-byte table in both halves, for _mm256_shuffle_epi8(). */
static inline __m256i table(const uint8_t t[16])
{
    return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t));
}

static inline __m256i special_cases(__m256i in, __m256i prev1)
{
    __m256i a = _mm256_shuffle_epi8(table(byte_1_high), nibble_high(prev1));
    __m256i b = _mm256_shuffle_epi8(table(byte_1_low),
                                    _mm256_and_si256(prev1, _mm256_set1_epi8(0x0F)));
    __m256i c = _mm256_shuffle_epi8(table(byte_2_high), nibble_high(in));
    return _mm256_and_si256(_mm256_and_si256(a, b), c);
}

/* The errors of one step of 32 bytes, prev the step before. */
static inline __m256i step_errors(__m256i in, __m256i prev)
{
    __m256i sc = special_cases(in, PREV(in, prev, 1));
    /* Two and three places after a lead byte of 3 or 4 bytes: continuations. */
    __m256i third = _mm256_subs_epu8(PREV(in, prev, 2), _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(PREV(in, prev, 3), _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i must = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must, sc);
}

/* Non-zero where the step ends inside a sequence. */
static inline __m256i incomplete(__m256i in)
{
    const __m256i max = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                         -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                         -1, (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    return _mm256_subs_epu8(in, max);
}

static bool utf8_avx2(const char *p, size_t n)
{
    __m256i error = _mm256_setzero_si256(), prev = _mm256_setzero_si256();
    __m256i prev_incomplete = _mm256_setzero_si256();
    for (size_t i = 0; i < n; i += W) {
        uint32_t valid;
        __m256i in = load_avx2(p + i, n - i, &valid); /* zeros after the end: ASCII */
        if (!VEC_HIGH(in)) {
            error = _mm256_or_si256(error, prev_incomplete);
            prev = prev_incomplete = _mm256_setzero_si256();
            continue;
        }
        error = _mm256_or_si256(error, step_errors(in, prev));
        prev_incomplete = incomplete(in);
        prev = in;
    }
    error = _mm256_or_si256(error, prev_incomplete);
    return _mm256_testz_si256(error, error);
}

const struct pm_simd_ops pm_simd_avx2_ops = {
    .level = PM_SIMD_AVX2,
    .name = "avx2",
    .line = line_avx2,
    .utf8 = utf8_avx2,
    .find2 = find2_avx2,
};
