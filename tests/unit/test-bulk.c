/* For bindings: compounds copied beyond the sheet's next row, and whole
 * sheets scored in bulk into buffers of any size, byte for byte the records
 * of a row-by-row loop, with every error in order. Linked with
 * -Wl,--wrap=calloc,--wrap=realloc to fail allocations on purpose. */
#define PMINDEX_TEST_DEFAULT_MODEL
#include "test.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- allocation failures on demand -------------------------------------- */

void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
static int fail_after = -1; /* allocations left before one fails; -1 never */

static bool should_fail(void)
{
    if (fail_after < 0)
        return false;
    return fail_after-- == 0;
}

void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return should_fail() ? NULL : __real_realloc(p, size);
}

/* ---- fixtures ------------------------------------------------------------ */

static char *slurp(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len_out)
        *len_out = (size_t)n;
    return buf;
}

static const char *const sample = "examples/data/luohu-sample.csv";

static const char *const items =
    "A1,A2,A3,A4,A5,A6,B1,B2,B3,B4,B5,B6,B7,B8,B9,C1,C2,C3,C4,C5,C6,C7,C8,C9,C10,D1,D2,D3,D4,D5,D6";
static const char *const full = "1,1,1,1,1,0,1,1,1,1,1,0,0,0,1,0,0,1,0,1,1,1,1,1,1,0.95,1,1,1,0,1";

/* What a batch gave: the bytes, the rows, and the errors as
 * "line:column:code" joined by spaces, in the order reported. */
struct run {
    char *text;
    size_t len, cap;
    int64_t rows;
    char errors[4096];
    int calls;
};

static void append(struct run *r, const char *s, size_t n)
{
    if (r->len + n + 1 > r->cap) {
        r->cap = (r->len + n + 1) * 2;
        r->text = realloc(r->text, r->cap);
        assert_non_null(r->text);
    }
    memcpy(r->text + r->len, s, n);
    r->len += n;
    r->text[r->len] = '\0';
}

/* Runs a batch to the end with buffers of cap bytes, growing one only for a
 * record that does not fit in it alone. Checks each chunk holds whole lines. */
static void run_batch(pmindex_batch *b, pmindex_sheet *s, size_t cap, struct run *r)
{
    memset(r, 0, sizeof *r);
    append(r, "", 0);
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t size = cap;
    int32_t status;
    do {
        int64_t rows = -1;
        int64_t n = pmindex_batch_fill(b, buf, size, &rows, &status);
        r->calls++;
        assert_true(n >= 0);
        if ((size_t)n >= size) {
            /* Nothing written; the same record must come with more room. */
            assert_i64(rows, 0);
            assert_int_equal(status, 1);
            assert_int_equal(buf[0], '\0');
            size = (size_t)n + 1;
            buf = realloc(buf, size);
            assert_non_null(buf);
            continue;
        }
        assert_int_equal(buf[n], '\0');
        assert_true(n == 0 || buf[n - 1] == '\n');
        assert_int_equal(strlen(buf), (size_t)n);
        append(r, buf, (size_t)n);
        r->rows += rows;
        if (status < 0) {
            const pmindex_error *e = pmindex_sheet_error(s);
            assert_int_equal(pmindex_error_code(e), status);
            size_t k = strlen(r->errors);
            snprintf(r->errors + k, sizeof r->errors - k, "%s%lld:%d:%d", k ? " " : "",
                     (long long)pmindex_error_line(e), (int)pmindex_error_column(e), (int)status);
        } else {
            assert_true(status == 0 || status == 1);
        }
        size = cap; /* back to the caller's usual buffer */
    } while (status != 0);
    /* At the end it stays at the end. */
    int64_t rows = -1;
    assert_i64(pmindex_batch_fill(b, buf, cap, &rows, &status), 0);
    assert_int_equal(status, 0);
    assert_i64(rows, 0);
    free(buf);
}

/* The same sheet row by row, as pmindex-score does. */
static void run_loop(const char *text, size_t len, int32_t format, bool header, struct run *r)
{
    pmindex_sheet *s;
    pmindex_assessment *a;
    assert_int_equal(pmindex_sheet_open_memory(model, text, len, "t.csv", NULL, 0, &s), 0);
    assert_int_equal(pmindex_assessment_new(model, &a), 0);
    memset(r, 0, sizeof *r);
    append(r, "", 0);
    static char buf[1 << 16];
    if (header)
        append(r, buf, (size_t)pmindex_csv_header(model, buf, sizeof buf));
    const pmindex_compound *c;
    int rc;
    while ((rc = pmindex_sheet_next(s, &c)) != 0) {
        if (rc < 0) {
            const pmindex_error *e = pmindex_sheet_error(s);
            size_t k = strlen(r->errors);
            snprintf(r->errors + k, sizeof r->errors - k, "%s%lld:%d:%d", k ? " " : "",
                     (long long)pmindex_error_line(e), (int)pmindex_error_column(e), rc);
            continue;
        }
        assert_int_equal(pmindex_assess(model, c, a), 0);
        int64_t n = format == PMINDEX_FORMAT_CSV ? pmindex_csv_record(a, c, buf, sizeof buf)
                                                 : pmindex_jsonl_record(a, c, buf, sizeof buf);
        assert_true(n > 0 && (size_t)n < sizeof buf);
        append(r, buf, (size_t)n);
        r->rows++;
    }
    pmindex_assessment_free(a);
    pmindex_sheet_free(s);
}

static void batch_text(const char *text, size_t len, int32_t format, uint32_t flags, size_t cap,
                       struct run *r)
{
    pmindex_sheet *s;
    pmindex_batch *b;
    assert_int_equal(pmindex_sheet_open_memory(model, text, len, "t.csv", NULL, 0, &s), 0);
    assert_int_equal(pmindex_batch_new(model, s, format, flags, &b), 0);
    run_batch(b, s, cap, r);
    pmindex_batch_free(b);
    pmindex_sheet_free(s);
}

/* ---- bulk scoring -------------------------------------------------------- */

static void test_sample_csv_and_jsonl(void **state)
{
    (void)state;
    size_t len;
    char *csv = slurp("tests/golden/luohu-sample.csv", &len);
    struct run r;
    pmindex_sheet *s;
    pmindex_batch *b;
    assert_int_equal(pmindex_sheet_open(model, sample, NULL, 0, &s), 0);
    assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_CSV,
                                       PMINDEX_BATCH_HEADER | PMINDEX_BATCH_RECORDS, &b), 0);
    run_batch(b, s, 1 << 20, &r);
    assert_int_equal(r.len, len);
    assert_memory_equal(r.text, csv, len);
    assert_i64(r.rows, 200);
    assert_string_equal(r.errors, "");
    assert_int_equal(r.calls, 1); /* a large buffer: the whole sheet in one call */
    pmindex_batch_free(b);
    pmindex_sheet_free(s);
    free(r.text);
    free(csv);

    /* JSON Lines: the 1.0 and the 1.2 records are the same. */
    char *jsonl = slurp("tests/golden/luohu-sample.jsonl", &len);
    for (uint32_t flags = 0; flags <= PMINDEX_BATCH_RECORDS; flags += PMINDEX_BATCH_RECORDS) {
        assert_int_equal(pmindex_sheet_open(model, sample, NULL, 0, &s), 0);
        assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_JSONL, flags, &b), 0);
        run_batch(b, s, 4096, &r);
        assert_int_equal(r.len, len);
        assert_memory_equal(r.text, jsonl, len);
        assert_i64(r.rows, 200);
        assert_true(r.calls > 100); /* records of about 2 KB: one or two per call */
        pmindex_batch_free(b);
        pmindex_sheet_free(s);
        free(r.text);
    }
    free(jsonl);
}

/* Without PMINDEX_BATCH_RECORDS a batch writes the 1.0 CSV, as a loop over
 * pmindex_csv_header() and pmindex_csv_record() does. */
static void test_csv_1_0(void **state)
{
    (void)state;
    static char want[1 << 20];
    size_t want_len = 0;
    pmindex_sheet *s;
    pmindex_assessment *a;
    const pmindex_compound *c;
    assert_int_equal(pmindex_assessment_new(model, &a), 0);
    assert_int_equal(pmindex_sheet_open(model, sample, NULL, 0, &s), 0);
    want_len += (size_t)pmindex_csv_header(model, want, sizeof want);
    while (pmindex_sheet_next(s, &c) == 1) {
        assert_int_equal(pmindex_assess(model, c, a), 0);
        want_len += (size_t)pmindex_csv_record(a, c, want + want_len, sizeof want - want_len);
    }
    pmindex_sheet_free(s);
    assert_null(strstr(want, "name,street")); /* the 1.0 columns */
    struct run r;
    pmindex_batch *b;
    assert_int_equal(pmindex_sheet_open(model, sample, NULL, 0, &s), 0);
    assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_CSV, PMINDEX_BATCH_HEADER, &b), 0);
    run_batch(b, s, 1 << 12, &r);
    assert_int_equal(r.len, want_len);
    assert_memory_equal(r.text, want, want_len);
    pmindex_batch_free(b);
    pmindex_sheet_free(s);
    pmindex_assessment_free(a);
    free(r.text);
}

/* Every buffer size from 1 byte up: the same bytes, never a split record. */
static void test_every_capacity(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp(sample, &len);
    text[len] = '\0';
    /* The first 12 rows keep the test quick. */
    char *end = text;
    for (int line = 0; line < 13; line++)
        end = strchr(end, '\n') + 1;
    len = (size_t)(end - text);
    struct run want, got;
    run_loop(text, len, PMINDEX_FORMAT_CSV, true, &want);
    for (size_t cap = 1; cap <= 400; cap++) {
        batch_text(text, len, PMINDEX_FORMAT_CSV, PMINDEX_BATCH_HEADER, cap, &got);
        if (got.len != want.len || memcmp(got.text, want.text, want.len) != 0)
            fail_msg("capacity %zu gives other bytes", cap);
        assert_i64(got.rows, 12);
        free(got.text);
    }
    free(want.text);
    run_loop(text, len, PMINDEX_FORMAT_JSONL, false, &want);
    for (size_t cap = 1; cap <= 6000; cap += 97) {
        batch_text(text, len, PMINDEX_FORMAT_JSONL, 0, cap, &got);
        if (got.len != want.len || memcmp(got.text, want.text, want.len) != 0)
            fail_msg("capacity %zu gives other bytes", cap);
        free(got.text);
    }
    free(want.text);
    free(text);
}

static char *sheet_of(const char *rows)
{
    size_t n = strlen(items) + strlen(rows) + 64;
    char *t = malloc(n);
    assert_non_null(t);
    snprintf(t, n, "compound_id,%s\n%s", items, rows);
    return t;
}

/* Rows with errors: the good rows' records, the errors in order, the
 * bytes before each error delivered with it. */
static void test_errors_in_order(void **state)
{
    (void)state;
    char text_rows[4096];
    snprintf(text_rows, sizeof text_rows,
             "OK-1,%s\n"
             "BAD-2,2,0.7,1,1,1,0,1,1,1,1,1,0,0,0,1,0,0,1,0,1,1,1,1,1,1,0.95,1,1,1,0,1\n"
             "OK-3,%s\n"
             "OK-4,%s\n"
             "OK-1,%s\n"
             "SHORT-6,1,1\n"
             "OK-7,%s\n",
             full, full, full, full, full);
    char *text = sheet_of(text_rows);
    struct run want, got;
    run_loop(text, strlen(text), PMINDEX_FORMAT_CSV, false, &want);
    assert_string_equal(want.errors, "3:2:-5 3:3:-5 6:1:-8 7:0:-10");
    for (size_t cap = 1; cap < 300; cap += 7) {
        batch_text(text, strlen(text), PMINDEX_FORMAT_CSV, 0, cap, &got);
        assert_string_equal(got.errors, want.errors);
        assert_int_equal(got.len, want.len);
        assert_memory_equal(got.text, want.text, want.len);
        assert_i64(got.rows, 4);
        free(got.text);
    }
    free(want.text);

    /* One call per error with a large buffer: the records before it come with it. */
    pmindex_sheet *s;
    pmindex_batch *b;
    assert_int_equal(pmindex_sheet_open_memory(model, text, strlen(text), "t.csv", NULL, 0, &s), 0);
    assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_CSV, 0, &b), 0);
    char buf[4096];
    int64_t nrows;
    int32_t status;
    int64_t n = pmindex_batch_fill(b, buf, sizeof buf, &nrows, &status);
    assert_int_equal(status, PMINDEX_E_RANGE);
    assert_i64(nrows, 1);
    assert_true(n > 0 && strncmp(buf, "OK-1,", 5) == 0);
    assert_string_equal(pmindex_error_field(pmindex_sheet_error(s)), "A1");
    assert_i64(pmindex_batch_fill(b, buf, sizeof buf, &nrows, &status), 0);
    assert_int_equal(status, PMINDEX_E_RANGE);
    assert_string_equal(pmindex_error_field(pmindex_sheet_error(s)), "A2");
    n = pmindex_batch_fill(b, buf, sizeof buf, &nrows, &status);
    assert_int_equal(status, PMINDEX_E_DUPLICATE);
    assert_i64(nrows, 2);
    assert_string_equal(pmindex_error_message(pmindex_sheet_error(s)),
                        "the compound is already on line 2");
    n = pmindex_batch_fill(b, buf, sizeof buf, &nrows, &status);
    assert_int_equal(status, PMINDEX_E_SYNTAX);
    assert_i64(n, 0);
    n = pmindex_batch_fill(b, buf, sizeof buf, &nrows, &status);
    assert_int_equal(status, 0);
    assert_i64(nrows, 1);
    assert_true(strncmp(buf, "OK-7,", 5) == 0);
    pmindex_batch_free(b);
    pmindex_sheet_free(s);
    free(text);
}

/* Errors that end a sheet: reported, then the end. */
static void test_fatal_errors(void **state)
{
    (void)state;
    struct run got;
    const char *bad_header = "compound_id,A1,XX\nOK-1,1,1\n";
    batch_text(bad_header, strlen(bad_header), PMINDEX_FORMAT_CSV, PMINDEX_BATCH_HEADER, 4096,
               &got);
    /* The header line is written before the sheet's header is read. */
    assert_true(strncmp(got.text, "compound_id,index,A,B,C,D,", 26) == 0);
    assert_i64(got.rows, 0);
    assert_true(strncmp(got.errors, "1:3:-7 1:0:-7", 13) == 0);
    free(got.text);

    char text_rows[1024];
    snprintf(text_rows, sizeof text_rows, "OK-1,%s\n\"OK-2,%s\n", full, full);
    char *text = sheet_of(text_rows);
    batch_text(text, strlen(text), PMINDEX_FORMAT_JSONL, 0, 1 << 16, &got);
    assert_string_equal(got.errors, "3:1:-10");
    assert_i64(got.rows, 1);
    free(got.text);
    free(text);

    /* A file that cannot be opened: the batch has no rows, only the end. */
    pmindex_sheet *s = NULL;
    pmindex_batch *b;
    assert_int_equal(pmindex_sheet_open(model, "tests/sheets/no-such-file.csv", NULL, 0, &s),
                     PMINDEX_E_IO);
    assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_CSV, 0, &b), 0);
    char buf[64];
    int32_t status;
    assert_i64(pmindex_batch_fill(b, buf, sizeof buf, NULL, &status), 0);
    assert_int_equal(status, 0);
    pmindex_batch_free(b);
    pmindex_sheet_free(s);

    /* A sheet with only its header. */
    const char *empty = "compound_id\n";
    assert_int_equal(pmindex_sheet_open_memory(model, empty, strlen(empty), "e.csv", NULL,
                                               PMINDEX_SHEET_PARTIAL, &s), 0);
    assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_CSV, PMINDEX_BATCH_HEADER, &b), 0);
    int64_t rows;
    assert_i64(pmindex_batch_fill(b, buf, sizeof buf, &rows, &status), 53);
    assert_string_equal(buf, "compound_id,index,A,B,C,D,coverage,tier,card,reasons\n");
    assert_int_equal(status, 0);
    assert_i64(rows, 0);
    pmindex_batch_free(b);
    pmindex_sheet_free(s);
}

/* A record longer than the whole buffer: its length, and it stays pending. */
static void test_record_too_long(void **state)
{
    (void)state;
    char text_rows[1024];
    snprintf(text_rows, sizeof text_rows, "OK-1,%s\nOK-2,%s\n", full, full);
    char *text = sheet_of(text_rows);
    pmindex_sheet *s;
    pmindex_batch *b;
    assert_int_equal(pmindex_sheet_open_memory(model, text, strlen(text), "t.csv", NULL, 0, &s), 0);
    assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_CSV, 0, &b), 0);
    const char *rec = "OK-1,100.00,15.00,30.00,35.00,20.00,100.00,excellent,red,red\n";
    int64_t len = (int64_t)strlen(rec), rows = -1;
    int32_t status = -1;
    char buf[256];
    /* cap 0 with no buffer: only the length. */
    assert_i64(pmindex_batch_fill(b, NULL, 0, &rows, &status), len);
    assert_int_equal(status, 1);
    assert_i64(rows, 0);
    /* Exactly the length: no room for the NUL, so not yet. */
    assert_i64(pmindex_batch_fill(b, buf, (size_t)len, &rows, &status), len);
    assert_string_equal(buf, "");
    assert_i64(pmindex_batch_fill(b, buf, (size_t)len + 1, &rows, &status), len);
    assert_string_equal(buf, rec);
    assert_int_equal(status, 1);
    assert_i64(rows, 1);
    assert_i64(pmindex_batch_fill(b, buf, sizeof buf, &rows, &status), len);
    assert_int_equal(buf[3], '2');
    assert_int_equal(status, 0);
    pmindex_batch_free(b);
    pmindex_sheet_free(s);
    free(text);
}

static void test_invalid(void **state)
{
    (void)state;
    pmindex_model *other;
    assert_int_equal(pmindex_model_default(&other), 0);
    char text_rows[1024];
    snprintf(text_rows, sizeof text_rows, "OK-1,%s\n", full);
    char *text = sheet_of(text_rows);
    pmindex_sheet *s;
    pmindex_batch *b = (pmindex_batch *)&b;
    assert_int_equal(pmindex_sheet_open_memory(model, text, strlen(text), "t.csv", NULL, 0, &s), 0);
    assert_int_equal(pmindex_batch_new(NULL, s, PMINDEX_FORMAT_CSV, 0, &b), PMINDEX_E_INVALID);
    assert_null(b);
    assert_int_equal(pmindex_batch_new(model, NULL, PMINDEX_FORMAT_CSV, 0, &b), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_CSV, 0, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_batch_new(model, s, 0, 0, &b), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_batch_new(model, s, 3, 0, &b), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_CSV, 4, &b), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_JSONL, PMINDEX_BATCH_HEADER, &b),
                     PMINDEX_E_INVALID);
    int64_t rows;
    int32_t status;
    char buf[256];
    assert_i64(pmindex_batch_fill(NULL, buf, sizeof buf, &rows, &status), PMINDEX_E_INVALID);
    /* A batch of another model than its sheet's. */
    assert_int_equal(pmindex_batch_new(other, s, PMINDEX_FORMAT_CSV, 0, &b), 0);
    assert_i64(pmindex_batch_fill(b, buf, sizeof buf, NULL, NULL), PMINDEX_E_INVALID);
    assert_i64(pmindex_batch_fill(b, NULL, 8, NULL, &status), PMINDEX_E_INVALID);
    assert_i64(pmindex_batch_fill(b, buf, sizeof buf, &rows, &status), PMINDEX_E_INVALID);
    assert_int_equal(status, PMINDEX_E_INVALID);
    assert_i64(pmindex_batch_fill(b, buf, sizeof buf, &rows, &status), 0);
    assert_int_equal(status, 0);
    pmindex_batch_free(b);
    pmindex_batch_free(NULL);
    pmindex_sheet_free(s);
    pmindex_model_free(other);
    free(text);

    /* Out of memory making a batch: the batch, then its assessment. */
    assert_int_equal(pmindex_sheet_open_memory(model, "", 0, "e.csv", NULL, 0, &s), 0);
    for (int k = 0; k < 2; k++) {
        b = (pmindex_batch *)&b;
        fail_after = k;
        assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_CSV, 0, &b), PMINDEX_E_NOMEM);
        fail_after = -1;
        assert_null(b);
    }
    pmindex_sheet_free(s);
}

/* ---- copies of compounds ------------------------------------------------- */

static void test_copy_keeps_a_row(void **state)
{
    (void)state;
    pmindex_sheet *s;
    pmindex_compound *kept[3];
    pmindex_assessment *a;
    char want[3][512], got[512];
    assert_int_equal(pmindex_sheet_open(model, sample, NULL, 0, &s), 0);
    assert_int_equal(pmindex_assessment_new(model, &a), 0);
    for (int k = 0; k < 3; k++) {
        const pmindex_compound *c;
        assert_int_equal(pmindex_sheet_next(s, &c), 1);
        assert_int_equal(pmindex_compound_new(model, &kept[k]), 0);
        if (k == 1) /* a compound with fields of its own, longer and shorter */
            set_cells(kept[k], "compound_id=X|name=一个很长很长很长很长的小区名称|street=");
        assert_int_equal(pmindex_compound_copy(kept[k], c), 0);
        assert_int_equal(pmindex_assess(model, c, a), 0);
        pmindex_jsonl_record(a, c, want[k], sizeof want[k]);
    }
    pmindex_sheet_free(s); /* the rows' text is gone with it */
    for (int k = 0; k < 3; k++) {
        assert_int_equal(pmindex_assess(model, kept[k], a), 0);
        pmindex_jsonl_record(a, kept[k], got, sizeof got);
        assert_string_equal(got, want[k]);
        assert_i64(pmindex_compound_line(kept[k]), k + 2);
    }
    assert_string_equal(pmindex_compound_field(kept[0], PMINDEX_FIELD_ID), "LH-DM-001");
    assert_string_equal(pmindex_compound_field(kept[0], PMINDEX_FIELD_NAME), "新园阁");
    assert_i64(pmindex_compound_households(kept[0]), 302);
    assert_int_equal(pmindex_compound_managed(kept[1]), 0);

    /* Copying onto itself changes nothing; a copy of a copy is the same. */
    assert_int_equal(pmindex_compound_copy(kept[2], kept[2]), 0);
    assert_int_equal(pmindex_compound_copy(kept[1], kept[2]), 0);
    assert_int_equal(pmindex_assess(model, kept[1], a), 0);
    pmindex_jsonl_record(a, kept[1], got, sizeof got);
    assert_string_equal(got, want[2]);
    /* The copy is independent of its source. */
    pmindex_compound_clear(kept[2]);
    assert_string_equal(pmindex_compound_field(kept[2], PMINDEX_FIELD_ID), "");
    assert_string_equal(pmindex_compound_field(kept[1], PMINDEX_FIELD_ID), "LH-DM-003");
    for (int k = 0; k < 3; k++)
        pmindex_compound_free(kept[k]);
    pmindex_assessment_free(a);
}

static void test_copy_errors(void **state)
{
    (void)state;
    pmindex_model *other;
    pmindex_compound *a, *b, *c;
    assert_int_equal(pmindex_model_default(&other), 0);
    assert_int_equal(pmindex_compound_new(model, &a), 0);
    assert_int_equal(pmindex_compound_new(model, &b), 0);
    assert_int_equal(pmindex_compound_new(other, &c), 0);
    assert_int_equal(pmindex_compound_copy(NULL, a), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_compound_copy(a, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_compound_copy(c, a), PMINDEX_E_INVALID);

    /* Out of memory for the second field: b is left as it was. */
    set_cells(a, "compound_id=NEW-1|name=新名字|A1=1");
    set_cells(b, "compound_id=OLD|name=旧|A1=0");
    fail_after = 1;
    assert_int_equal(pmindex_compound_copy(b, a), PMINDEX_E_NOMEM);
    fail_after = -1;
    assert_string_equal(pmindex_error_message(pmindex_compound_error(b)), "out of memory");
    assert_string_equal(pmindex_compound_field(b, PMINDEX_FIELD_ID), "OLD");
    assert_string_equal(pmindex_compound_field(b, PMINDEX_FIELD_NAME), "旧");
    int64_t v;
    assert_int_equal(pmindex_compound_value(b, 0, &v), 1);
    assert_i64(v, 0);
    /* Then it works, and the error is cleared. */
    assert_int_equal(pmindex_compound_copy(b, a), 0);
    assert_int_equal(pmindex_error_code(pmindex_compound_error(b)), 0);
    assert_string_equal(pmindex_compound_field(b, PMINDEX_FIELD_NAME), "新名字");
    pmindex_compound_free(a);
    pmindex_compound_free(b);
    pmindex_compound_free(c);
    pmindex_model_free(other);
}

int main(void)
{
#define T(f) cmocka_unit_test(f)
    const struct CMUnitTest tests[] = {
        T(test_sample_csv_and_jsonl), T(test_csv_1_0),             T(test_every_capacity), T(test_errors_in_order),
        T(test_fatal_errors),         T(test_record_too_long), T(test_invalid),
        T(test_copy_keeps_a_row),     T(test_copy_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
