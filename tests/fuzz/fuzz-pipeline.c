/* Fuzz target: the whole pipeline, sheet bytes -> assessments -> CSV and
 * JSONL records and explanations. Checks the verdict's invariants on every
 * row that scores, and that pmindex_batch_fill() writes exactly the
 * records of pmindex_csv_record()/pmindex_jsonl_record(). The first byte
 * picks the format, the batch buffer size and the flags. Every row's
 * margins are proved by brute force (check-margins.h: each flip applied and
 * re-assessed, one step short kept) and its record with margins written. */
#include <string.h>

#include "fuzz.h"
#include "../unit/check-margins.h"

struct text {
    char *p;
    size_t len, cap;
};

static void append(struct text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->p, cap);
        FUZZ_CHECK(p != NULL);
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

/* One record into t, growing the buffer as the return value asks. */
static void record(struct text *t, const pmindex_assessment *a, const pmindex_compound *c,
                   int32_t format)
{
    char small[256];
    int64_t n = format == PMINDEX_FORMAT_CSV ? pmindex_csv_record(a, c, small, sizeof small)
                                             : pmindex_jsonl_record(a, c, small, sizeof small);
    FUZZ_CHECK(n > 0);
    if ((size_t)n < sizeof small) {
        FUZZ_CHECK(strlen(small) == (size_t)n);
        append(t, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    FUZZ_CHECK(big != NULL);
    int64_t m = format == PMINDEX_FORMAT_CSV ? pmindex_csv_record(a, c, big, (size_t)n + 1)
                                             : pmindex_jsonl_record(a, c, big, (size_t)n + 1);
    FUZZ_CHECK(m == n && strlen(big) == (size_t)n);
    append(t, big, (size_t)n);
    free(big);
}

static void check_verdict(const pmindex_model *m, const pmindex_compound *c,
                          const pmindex_assessment *a)
{
    int64_t index = -1;
    int has = pmindex_assessment_index(a, &index);
    int32_t tier = pmindex_assessment_tier(a), card = pmindex_assessment_card(a);
    int32_t last = pmindex_model_tier_count(m) - 1;
    if (has)
        FUZZ_CHECK(index >= 0 && index <= 10000);
    int veto = 0;
    for (int32_t v = 0; v < pmindex_model_veto_count(m); v++)
        veto |= pmindex_compound_veto(c, v) == 1;
    if (tier == PMINDEX_TIER_FALLBACK) {
        FUZZ_CHECK(card == PMINDEX_CARD_NONE);
    } else {
        FUZZ_CHECK(has && tier >= 0 && tier <= last);
        if (veto)
            FUZZ_CHECK(tier == last && card == PMINDEX_CARD_BLACK);
        if (tier == last)
            FUZZ_CHECK(card == PMINDEX_CARD_BLACK);
    }
    int32_t items[8];
    int32_t nl = pmindex_assessment_losses(a, items, 8);
    FUZZ_CHECK(nl >= 0 && nl <= pmindex_model_item_count(m));
    for (int32_t r = 0; r < pmindex_assessment_reason_count(a); r++) {
        char buf[1024];
        int32_t arg;
        FUZZ_CHECK(pmindex_assessment_reason(a, r, &arg) > 0);
        FUZZ_CHECK(pmindex_assessment_reason_key(a, r, buf, sizeof buf) > 0);
        FUZZ_CHECK(pmindex_assessment_reason_text(a, r, PMINDEX_LANG_EN, buf, sizeof buf) > 0);
        FUZZ_CHECK(pmindex_assessment_reason_text(a, r, PMINDEX_LANG_ZH, buf, sizeof buf) > 0);
    }
}

/* The row's margins proved by brute force, and its record with them. */
static void check_row_margins(const pmindex_model *m, const pmindex_compound *c, int32_t format)
{
    pmindex_margins *g;
    pmindex_compound *w;
    pmindex_assessment *a;
    char why[512];
    FUZZ_CHECK(pmindex_margins_new(m, &g) == 0 && pmindex_compound_new(m, &w) == 0 &&
               pmindex_assessment_new(m, &a) == 0);
    const char *e = check_margins(m, c, g, w, a, why, sizeof why);
    if (e) {
        fprintf(stderr, "margins: %s\n", e);
        FUZZ_CHECK(e == NULL);
    }
    for (int32_t n = 0; n < pmindex_margins_flip_count(g); n++) {
        char text[1024];
        FUZZ_CHECK(pmindex_margins_flip_text(g, n, PMINDEX_LANG_EN, text, sizeof text) > 0);
        FUZZ_CHECK(pmindex_margins_flip_text(g, n, PMINDEX_LANG_ZH, text, sizeof text) > 0);
    }
    pmindex_assess(m, c, a);
    int64_t need = pmindex_assessment_record(a, c, format, PMINDEX_RECORD_MARGINS, NULL, 0);
    FUZZ_CHECK(need > 0);
    char *buf = malloc((size_t)need + 1);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(pmindex_assessment_record(a, c, format, PMINDEX_RECORD_MARGINS, buf,
                                         (size_t)need + 1) == need);
    FUZZ_CHECK(strlen(buf) == (size_t)need);
    free(buf);
    pmindex_assessment_free(a);
    pmindex_compound_free(w);
    pmindex_margins_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const pmindex_model *m = fuzz_default_model();
    uint8_t mode = data[0];
    int32_t format = mode & 1 ? PMINDEX_FORMAT_JSONL : PMINDEX_FORMAT_CSV;
    uint32_t flags = mode & 2 ? PMINDEX_SHEET_PARTIAL : 0;
    size_t cap = (size_t)64 << (mode >> 2 & 7); /* 64 B .. 8 KiB */
    data++, size--;

    /* Row by row. */
    struct text want = {0}, got = {0};
    pmindex_sheet *s = NULL;
    pmindex_assessment *a;
    FUZZ_CHECK(pmindex_assessment_new(m, &a) == 0);
    int rc = pmindex_sheet_open_memory(m, data, size, "fuzz.csv", NULL, flags, &s);
    int64_t rows = 0;
    if (rc == 0) {
        const pmindex_compound *c;
        while ((rc = pmindex_sheet_next(s, &c)) != 0) {
            if (rc < 0) {
                fuzz_touch_error(pmindex_sheet_error(s));
                continue;
            }
            FUZZ_CHECK(pmindex_assess(m, c, a) == 0);
            check_verdict(m, c, a);
            check_row_margins(m, c, format);
            FUZZ_CHECK(pmindex_assess(m, c, a) == 0);
            record(&want, a, c, format);
            rows++;
        }
    }
    pmindex_sheet_free(s);
    pmindex_assessment_free(a);

    /* In bulk: the same bytes. */
    s = NULL;
    rc = pmindex_sheet_open_memory(m, data, size, "fuzz.csv", NULL, flags, &s);
    if (rc == 0) {
        pmindex_batch *b;
        FUZZ_CHECK(pmindex_batch_new(m, s, format, 0, &b) == 0);
        char *buf = malloc(cap);
        FUZZ_CHECK(buf != NULL);
        int32_t status;
        int64_t total = 0;
        do {
            int64_t n_rows;
            int64_t n = pmindex_batch_fill(b, buf, cap, &n_rows, &status);
            FUZZ_CHECK(n >= 0);
            if ((size_t)n >= cap) {
                free(buf);
                cap = (size_t)n + 1;
                buf = malloc(cap);
                FUZZ_CHECK(buf != NULL);
                continue;
            }
            FUZZ_CHECK(strlen(buf) == (size_t)n);
            append(&got, buf, (size_t)n);
            total += n_rows;
        } while (status != 0);
        free(buf);
        pmindex_batch_free(b);
        FUZZ_CHECK(total == rows);
    }
    pmindex_sheet_free(s);
    FUZZ_CHECK(want.len == got.len);
    FUZZ_CHECK(want.len == 0 || memcmp(want.p, got.p, want.len) == 0);
    free(want.p);
    free(got.p);
    return 0;
}
