/* A sheet read on several threads (lib/sheet_threads.c) gives exactly what
 * one thread gives: the split points against the plain reader's record
 * boundaries on random bytes; whole sheets (clean, CRLF, quoted line ends,
 * errors, duplicates across blocks, rows that end the sheet, GB18030) on
 * 1, 2, 3 and 8 threads with blocks of every size from 1 byte, against the
 * plain reader; batches; a district's and a ledger's period filled from a
 * sheet, the ledger's checkpoint on a thread; files as well as memory; the
 * API's errors. Also in the suite 'threads', which CI runs under
 * ThreadSanitizer. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define PMINDEX_TEST_DEFAULT_MODEL
#include "test.h"

#include "ledger.h"
#include "sheet.h"
#include "simd.h"

/* ---- split points --------------------------------------------------------- */

/* The starts of records after an LF, as the plain reader reads p[0, n). */
static void boundaries(const char *p, size_t n, bool *at)
{
    struct pm_csv r;
    struct pmindex_error e;
    assert_int_equal(pm_csv_init(&r, -1, false, p, n, false, &e), 0);
    r.fast_off = true;
    r.at_start = false; /* no BOM here */
    memset(at, 0, n + 1);
    for (;;) {
        size_t start = r.pos;
        if (r.pending_cr && start < n && p[start] == '\n')
            start++;
        if (start > 0 && start <= n && p[start - 1] == '\n')
            at[start] = true;
        bool fatal;
        int rc = pm_csv_next(&r, &fatal, &e);
        if (rc == 0 || fatal)
            break;
    }
    pm_csv_free(&r);
}

static void test_split_points(void **state)
{
    (void)state;
    static const char alphabet[] = "\"\"\",,,\n\n\r\r aa";
    char p[160];
    bool at[sizeof p + 1];
    uint64_t seed = 7;
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)(round % (int)sizeof p);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            p[i] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
            /* Some lines with no quote or CR at all. */
            if (round % 3 == 0 && (p[i] == '"' || p[i] == '\r'))
                p[i] = 'b';
        }
        boundaries(p, n, at);
        for (int l = 0; l < PM_SIMD_LEVELS; l++) {
            const struct pm_simd_ops *ops = pm_simd_ops((enum pm_simd)l);
            if (!ops)
                continue;
            size_t want = 0;
            for (size_t k = 0; k <= n; k++) {
                if (at[k])
                    want = k;
                size_t got = pm_sheet_split(ops, p, k);
                if (got != want)
                    fail_msg("%s: split of %zu bytes at %zu, expected %zu (round %d)", ops->name,
                             k, got, want, round);
            }
        }
    }
}

/* ---- whole sheets ---------------------------------------------------------------- */

/* Everything a reading gives, as text: each row's fields and values, and
 * each error formatted, in order. */
static char *transcript(pmindex_sheet *s)
{
    size_t cap = 1 << 16, len = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    const pmindex_compound *c;
    int rc;
    while ((rc = pmindex_sheet_next(s, &c)) != 0) {
        char line[4096];
        int n;
        if (rc < 0) {
            char e[2048];
            pmindex_error_format(pmindex_sheet_error(s), e, sizeof e);
            n = snprintf(line, sizeof line, "E%d %lld %d %s\n", rc,
                         (long long)pmindex_error_line(pmindex_sheet_error(s)),
                         (int)pmindex_error_column(pmindex_sheet_error(s)), e);
        } else {
            n = snprintf(line, sizeof line, "R %lld", (long long)pmindex_compound_line(c));
            for (int32_t f = PMINDEX_FIELD_ID; f <= PMINDEX_FIELD_PERIOD; f++)
                n += snprintf(line + n, sizeof line - (size_t)n, "|%s",
                              pmindex_compound_field(c, f));
            n += snprintf(line + n, sizeof line - (size_t)n, "|%lld|%d",
                          (long long)pmindex_compound_households(c),
                          (int)pmindex_compound_managed(c));
            for (int32_t i = 0; i < pmindex_model_item_count(model); i++) {
                int64_t v = 0;
                int has = pmindex_compound_value(c, i, &v);
                n += snprintf(line + n, sizeof line - (size_t)n, has ? ",%lld" : ",-",
                              (long long)v);
            }
            for (int32_t k = 0; k < pmindex_model_veto_count(model); k++)
                n += snprintf(line + n, sizeof line - (size_t)n, "%s%d", k ? "" : ";",
                              (int)pmindex_compound_veto(c, k));
            n += snprintf(line + n, sizeof line - (size_t)n, "\n");
        }
        while (len + (size_t)n + 1 > cap) {
            cap *= 2;
            t = realloc(t, cap);
            assert_non_null(t);
        }
        memcpy(t + len, line, (size_t)n + 1);
        len += (size_t)n;
    }
    return t;
}

static char *read_memory(const char *text, size_t len, const char *enc, int threads,
                         size_t block, bool plain, int simd)
{
    pmindex_sheet *s;
    assert_int_equal(pmindex_sheet_open_memory(model, text, len, "t.csv", enc, 0, &s), 0);
    pm_sheet_tune(s, block, plain, simd);
    assert_int_equal(pmindex_sheet_set_threads(s, threads), 0);
    char *t = transcript(s);
    pmindex_sheet_free(s);
    return t;
}

static char *read_file(const char *path, int threads, size_t block, bool plain)
{
    pmindex_sheet *s;
    assert_int_equal(pmindex_sheet_open(model, path, NULL, 0, &s), 0);
    pm_sheet_tune(s, block, plain, plain ? PM_SIMD_PLAIN : -1);
    assert_int_equal(pmindex_sheet_set_threads(s, threads), 0);
    char *t = transcript(s);
    pmindex_sheet_free(s);
    return t;
}

/* The sheet's text read every way there is, against the plain reader. */
static void check_sheet(const char *what, const char *text, size_t len, const char *enc)
{
    char *want = read_memory(text, len, enc, 1, 0, true, PM_SIMD_PLAIN);
    static const int threads[] = {1, 2, 3, 8};
    static const size_t blocks[] = {1, 2, 7, 64, 333, 4096, 0};
    for (size_t t = 0; t < PM_ARRAY_SIZE(threads); t++)
        for (size_t b = 0; b < PM_ARRAY_SIZE(blocks); b++) {
            char *got = read_memory(text, len, enc, threads[t], blocks[b], false,
                                    (int)((t + b) % PM_SIMD_LEVELS));
            if (strcmp(got, want) != 0) {
                size_t k = 0;
                while (got[k] == want[k])
                    k++;
                fail_msg("%s, %d threads, blocks of %zu: differs at byte %zu:\n%.200s\nnot\n%.200s",
                         what, threads[t], blocks[b], k, got + k, want + k);
            }
            free(got);
        }
    /* From a file too (read as it goes, handing back what the threads read). */
    char path[] = "/tmp/pmindex-test-sheet-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    char *want_file = read_file(path, 1, 0, true);
    for (size_t b = 0; !enc && b < PM_ARRAY_SIZE(blocks); b++) {
        char *got = read_file(path, 3, blocks[b], false);
        if (strcmp(got, want_file) != 0) {
            size_t k = 0;
            while (got[k] == want_file[k])
                k++;
            fail_msg("%s from a file, blocks of %zu: differs at byte %zu:\n%.300s\nnot\n%.300s",
                     what, blocks[b], k, got + k, want_file + k);
        }
        free(got);
    }
    free(want_file);
    unlink(path);
    free(want);
}

static char *load(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *t = malloc(1 << 20);
    *len = fread(t, 1, 1 << 20, f);
    fclose(f);
    t[*len] = '\0';
    return t;
}

/* The sample district's rows changed by edit(), row by row, into a sheet. */
static char *variant(const char *sample, size_t *len,
                     void (*edit)(int row, char *line, size_t cap))
{
    size_t cap = strlen(sample) * 3 + 4096, n = 0;
    char *out = malloc(cap);
    const char *p = sample;
    int row = 0;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        char line[8192];
        memcpy(line, p, l);
        line[l] = '\0';
        if (row > 0)
            edit(row, line, sizeof line);
        n += (size_t)snprintf(out + n, cap - n, "%s\n", line);
        row++;
        p += l + (nl ? 1 : 0);
    }
    *len = n;
    return out;
}

static void crlf(int row, char *line, size_t cap)
{
    (void)row;
    strncat(line, "\r", cap - strlen(line) - 1);
}

/* Names quoted, with line ends, commas and doubled quotes in them. */
static void quoted(int row, char *line, size_t cap)
{
    char *comma = strchr(line, ',');
    char *next = strchr(comma + 1, ',');
    char rest[8192], name[512];
    snprintf(name, sizeof name, "%.*s", (int)(next - comma - 1), comma + 1);
    snprintf(rest, sizeof rest, "%s", next);
    snprintf(comma + 1, cap - (size_t)(comma + 1 - line), "\"%s%s\"\"Block %d, \"\"%s\"%s", name,
             row % 3 ? "\n" : "\r\n", row, row % 2 ? "" : "\n\n", rest);
}

/* Errors of every kind, and ids seen before, near and far. */
static void errors(int row, char *line, size_t cap)
{
    char *c = strchr(line, ',');
    if (row % 17 == 3) { /* an id of an earlier row, far back */
        char id[32];
        snprintf(id, sizeof id, "LH-DM-%03d", 1 + row % 5);
        if (strncmp(line, "LH-", 3) == 0)
            memcpy(line, id, strlen(id) < (size_t)(c - line) ? strlen(id) : (size_t)(c - line));
    }
    if (row % 23 == 7)
        strncat(line, ",extra", cap - strlen(line) - 1); /* a cell too many */
    if (row % 19 == 11 && c) /* not UTF-8 */
        c[1] = (char)0xFF;
    if (row % 13 == 5) { /* a value out of range */
        char *x = strstr(line, ",2018H2,");
        if (x)
            memcpy(x + 8, "7", 1);
    }
    if (row % 29 == 9) { /* text after a closing quote */
        char rest[8192];
        snprintf(rest, sizeof rest, "%s", c);
        snprintf(c, cap - (size_t)(c - line), ",\"x\"y%s", strchr(rest + 1, ','));
    }
}

/* Thousands of rows, ids in random order and some given twice, far apart
 * and near: the ids' table is built, grows and is sized from the input. */
static char *shuffled(const char *sample, size_t *len, int rows)
{
    const char *first = strchr(sample, '\n') + 1, *second = strchr(first, '\n') + 1;
    const char *cells = strchr(first, ',');
    size_t cap = (size_t)rows * 512 + 4096, n = (size_t)(first - sample);
    char *out = malloc(cap);
    memcpy(out, sample, n);
    uint64_t seed = 42;
    for (int k = 0; k < rows; k++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        unsigned id = (unsigned)(seed >> 33) % (unsigned)(rows * 4);
        n += (size_t)snprintf(out + n, cap - n, "R-%07u%.*s", id, (int)(second - cells), cells);
    }
    *len = n;
    return out;
}

static void test_sample_sheets(void **state)
{
    (void)state;
    size_t len;
    char *sample = load("examples/data/luohu-sample.csv", &len);
    check_sheet("the sample", sample, len, NULL);
    size_t n;
    char *v = variant(sample, &n, crlf);
    check_sheet("CRLF", v, n, NULL);
    free(v);
    v = variant(sample, &n, quoted);
    check_sheet("quoted line ends", v, n, NULL);
    free(v);
    v = variant(sample, &n, errors);
    check_sheet("errors", v, n, NULL);
    free(v);
    v = shuffled(sample, &n, 6000);
    check_sheet("shuffled ids, some twice", v, n, NULL);
    free(v);
    /* No line end at the end; then a quote never closed; then a row with
     * too many columns, which ends the sheet in its middle. */
    check_sheet("no last line end", sample, len - 1, NULL);
    char *t = malloc(len + 20000);
    memcpy(t, sample, len);
    memcpy(t + len, "X,\"never closed\n,,\n", 19);
    check_sheet("unterminated", t, len + 19, NULL);
    size_t half = len / 2;
    while (sample[half - 1] != '\n')
        half++;
    memcpy(t, sample, half);
    memset(t + half, ',', 9000);
    t[half + 9000] = '\n';
    memcpy(t + half + 9001, sample + half, len - half);
    check_sheet("too many columns", t, len + 9001, NULL);
    free(t);
    free(sample);
    char *gb = load("tests/sheets/luohu-sample.gb18030.csv", &len);
    check_sheet("GB18030", gb, len, "gb18030");
    free(gb);
}

/* ---- batches ---------------------------------------------------------------------- */

static char *batch_output(const char *text, size_t len, int threads, size_t block, size_t cap,
                          int32_t format)
{
    pmindex_sheet *s;
    pmindex_batch *b;
    assert_int_equal(pmindex_sheet_open_memory(model, text, len, "t.csv", NULL, 0, &s), 0);
    pm_sheet_tune(s, block, threads == 1, -1);
    assert_int_equal(pmindex_sheet_set_threads(s, threads), 0);
    uint32_t flags = PMINDEX_BATCH_RECORDS | (format == PMINDEX_FORMAT_CSV ? PMINDEX_BATCH_HEADER : 0);
    assert_int_equal(pmindex_batch_new(model, s, format, flags, &b), 0);
    size_t all_cap = 1 << 20, all = 0;
    char *out = malloc(all_cap), *buf = malloc(cap);
    int32_t status;
    do {
        int64_t rows;
        int64_t n = pmindex_batch_fill(b, buf, cap, &rows, &status);
        assert_true(n >= 0);
        if ((size_t)n >= cap) {
            cap = (size_t)n + 1;
            buf = realloc(buf, cap);
            status = 1;
            continue;
        }
        char e[64] = "";
        if (status < 0)
            snprintf(e, sizeof e, "[error %d line %lld]\n", status,
                     (long long)pmindex_error_line(pmindex_sheet_error(s)));
        while (all + (size_t)n + strlen(e) + 1 > all_cap)
            out = realloc(out, all_cap *= 2);
        memcpy(out + all, buf, (size_t)n);
        all += (size_t)n;
        memcpy(out + all, e, strlen(e) + 1);
        all += strlen(e);
    } while (status != 0);
    pmindex_batch_free(b);
    pmindex_sheet_free(s);
    free(buf);
    return out;
}

static void test_batches(void **state)
{
    (void)state;
    size_t len, n;
    char *sample = load("examples/data/luohu-sample.csv", &len);
    char *v = variant(sample, &n, errors);
    for (int32_t format = PMINDEX_FORMAT_CSV; format <= PMINDEX_FORMAT_JSONL; format++) {
        char *want = batch_output(v, n, 1, 0, 1 << 16, format);
        static const size_t caps[] = {100, 700, 4000, 1 << 16};
        for (size_t c = 0; c < PM_ARRAY_SIZE(caps); c++)
            for (int threads = 2; threads <= 8; threads += 6) {
                char *got = batch_output(v, n, threads, 500 + c * 1000, caps[c], format);
                assert_string_equal(got, want);
                free(got);
            }
        free(want);
    }
    /* A batch freed before its sheet; the sheet reads on, as one thread would. */
    char *want = read_memory(v, n, NULL, 1, 0, true, -1);
    pmindex_sheet *s;
    pmindex_batch *b;
    assert_int_equal(pmindex_sheet_open_memory(model, v, n, "t.csv", NULL, 0, &s), 0);
    pm_sheet_tune(s, 300, false, -1);
    assert_int_equal(pmindex_sheet_set_threads(s, 4), 0);
    assert_int_equal(pmindex_batch_new(model, s, PMINDEX_FORMAT_CSV, 0, &b), 0);
    char buf[2000];
    int64_t rows;
    int32_t status;
    assert_true(pmindex_batch_fill(b, buf, sizeof buf, &rows, &status) > 0);
    pmindex_batch_free(b);
    char *rest = transcript(s);
    assert_non_null(strstr(want, rest)); /* the rows after those the batch took */
    free(rest);
    pmindex_sheet_free(s);
    free(want);
    free(v);
    free(sample);
}

/* ---- districts --------------------------------------------------------------------- */

/* A district's CSV ranking, as text. */
static char *ranking(pmindex_district *d)
{
    assert_int_equal(pmindex_district_compute(d), 0);
    size_t cap = 1 << 22;
    char *out = malloc(cap);
    int64_t next = 0, n = pmindex_district_header(d, PMINDEX_SCOPE_DISTRICT, PMINDEX_FORMAT_CSV,
                                                  0, out, cap);
    size_t len = (size_t)n;
    while ((n = pmindex_district_records(d, PMINDEX_SCOPE_DISTRICT, PMINDEX_FORMAT_CSV, 0, 3,
                                         &next, out + len, 4096)) > 0) {
        assert_true((size_t)n < 4096); /* no record is that long here */
        len += (size_t)n;
    }
    assert_int_equal(n, 0);
    return out;
}

/* The rows of the sheet's text into a district as a loop does, with errors. */
static char *district_by_loop(const char *text, size_t len, char *errors)
{
    pmindex_sheet *s;
    pmindex_district *d;
    pmindex_assessment *a;
    assert_int_equal(pmindex_sheet_open_memory(model, text, len, "t.csv", NULL, 0, &s), 0);
    assert_int_equal(pmindex_district_new(model, &d), 0);
    assert_int_equal(pmindex_assessment_new(model, &a), 0);
    const pmindex_compound *c;
    int rc;
    errors[0] = '\0';
    while ((rc = pmindex_sheet_next(s, &c)) != 0) {
        if (rc < 0) {
            sprintf(errors + strlen(errors), "%lld ", (long long)pmindex_error_line(pmindex_sheet_error(s)));
            continue;
        }
        assert_int_equal(pmindex_assess(model, c, a), 0);
        assert_int_equal(pmindex_district_add(d, c, a), 0);
    }
    char *out = ranking(d);
    pmindex_assessment_free(a);
    pmindex_district_free(d);
    pmindex_sheet_free(s);
    return out;
}

static char *district_by_sheet(const char *text, size_t len, int threads, size_t block,
                               char *errors)
{
    pmindex_sheet *s;
    pmindex_district *d;
    assert_int_equal(pmindex_sheet_open_memory(model, text, len, "t.csv", NULL, 0, &s), 0);
    pm_sheet_tune(s, block, false, -1);
    assert_int_equal(pmindex_sheet_set_threads(s, threads), 0);
    assert_int_equal(pmindex_district_new(model, &d), 0);
    int64_t rows, all = 0;
    int rc;
    errors[0] = '\0';
    while ((rc = pmindex_district_add_sheet(d, s, &rows)) == 1) {
        all += rows;
        sprintf(errors + strlen(errors), "%lld ", (long long)pmindex_error_line(pmindex_sheet_error(s)));
    }
    assert_int_equal(rc, 0);
    all += rows;
    assert_i64(all, pmindex_district_count(d));
    char *out = ranking(d);
    pmindex_district_free(d);
    pmindex_sheet_free(s);
    return out;
}

/* A consumer of a sheet's rows, fed by a loop on one thread, and by its own
 * call on threads threads reading blocks of block bytes: what it made, as
 * text, and the lines of the bad rows into errors. */
typedef char *by_loop_fn(const char *text, size_t len, char *errors);
typedef char *by_sheet_fn(const char *text, size_t len, int threads, size_t block,
                          char *errors);

/* The sample with errors of every kind and 3000 shuffled rows with ids
 * given twice: the consumer makes the same of them, and reports the same
 * bad rows, on 1 to 8 threads as in the loop. */
static void same_on_threads(by_loop_fn *by_loop, by_sheet_fn *by_sheet)
{
    size_t len, n;
    char *sample = load("examples/data/luohu-sample.csv", &len);
    char *v = variant(sample, &n, errors);
    char *big = shuffled(sample, &len, 3000);
    const char *texts[] = {v, big};
    size_t lens[] = {n, len};
    for (int t = 0; t < 2; t++) {
        char want_errors[8192], got_errors[8192];
        char *want = by_loop(texts[t], lens[t], want_errors);
        assert_true(strlen(want_errors) > 0); /* both sheets have bad rows */
        for (int threads = 1; threads <= 8; threads *= 2) {
            char *got = by_sheet(texts[t], lens[t], threads, 700, got_errors);
            assert_string_equal(got, want);
            assert_string_equal(got_errors, want_errors);
            free(got);
        }
        free(want);
    }
    free(big);
    free(v);
    free(sample);
}

static void test_district_from_sheet(void **state)
{
    (void)state;
    same_on_threads(district_by_loop, district_by_sheet);
    /* A district that has compounds checks the sheet's ids against them;
     * one that had none trusts the sheet, then checks again afterwards. */
    pmindex_sheet *s;
    pmindex_district *d;
    int64_t rows;
    const char *one = "compound_id,A1\nX-1,1\nX-2,1\n", *two = "compound_id,A1\nX-3,1\nX-1,0\n";
    assert_int_equal(pmindex_district_new(model, &d), 0);
    assert_int_equal(pmindex_sheet_open_memory(model, one, strlen(one), NULL, NULL,
                                               PMINDEX_SHEET_PARTIAL, &s), 0);
    assert_int_equal(pmindex_district_add_sheet(d, s, &rows), 0);
    assert_i64(rows, 2);
    pmindex_sheet_free(s);
    assert_int_equal(pmindex_sheet_open_memory(model, two, strlen(two), NULL, NULL,
                                               PMINDEX_SHEET_PARTIAL, &s), 0);
    assert_int_equal(pmindex_district_add_sheet(d, s, &rows), PMINDEX_E_DUPLICATE);
    assert_i64(rows, 1);
    assert_string_equal(pmindex_error_value(pmindex_district_error(d)), "X-1");
    pmindex_sheet_free(s);
    assert_i64(pmindex_district_count(d), 3);
    assert_int_equal(pmindex_district_add_sheet(NULL, s, &rows), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_district_compute(d), 0);
    assert_int_equal(pmindex_sheet_open_memory(model, one, strlen(one), NULL, NULL,
                                               PMINDEX_SHEET_PARTIAL, &s), 0);
    assert_int_equal(pmindex_district_add_sheet(d, s, &rows), PMINDEX_E_STATE);
    pmindex_sheet_free(s);
    pmindex_district_free(d);
}

/* ---- a ledger's period from a sheet ------------------------------------------------ */

static char ledger_dir[64];
static int ledger_files;

/* A new ledger file; its path in file (64 bytes or more). */
static pmindex_ledger *new_ledger(char *file)
{
    if (!*ledger_dir) {
        strcpy(ledger_dir, "/tmp/pmindex-test-sheet-ledger-XXXXXX");
        assert_non_null(mkdtemp(ledger_dir));
    }
    snprintf(file, 128, "%s/%d.db", ledger_dir, ledger_files++);
    pmindex_ledger *l;
    assert_int_equal(pmindex_ledger_open(file, PMINDEX_LEDGER_CREATE, &l, NULL), 0);
    return l;
}

static void remove_ledgers(void)
{
    if (!*ledger_dir)
        return;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", ledger_dir);
    assert_int_equal(system(cmd), 0);
}

/* What a ledger stored of its periods, as text (blobs in hex), without the
 * times and the audit log. */
static char *stored(const char *file)
{
    static const char *const queries[] = {
        "SELECT seq, code, name, model, compounds, entry, revoked FROM periods ORDER BY seq",
        "SELECT * FROM assessments ORDER BY seq, compound_id, revision",
        "SELECT * FROM measures ORDER BY seq, compound_id, revision",
        "SELECT * FROM compounds ORDER BY compound_id"};
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, queries[q], -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int k = 0; k < sqlite3_column_count(st); k++) {
                const unsigned char *b = sqlite3_column_blob(st, k);
                int n = sqlite3_column_bytes(st, k);
                bool blob = sqlite3_column_type(st, k) == SQLITE_BLOB;
                if (cap - len < 2 * (size_t)n + 4) {
                    cap = 2 * cap + 2 * (size_t)n;
                    out = realloc(out, cap);
                }
                for (int i = 0; i < n; i++)
                    len += (size_t)(blob ? sprintf(out + len, "%02x", b[i])
                                         : sprintf(out + len, "%c", b[i]));
                out[len++] = k + 1 < sqlite3_column_count(st) ? '|' : '\n';
            }
        sqlite3_finalize(st);
    }
    out[len] = '\0';
    sqlite3_close(db);
    return out;
}

/* The period of a sheet as pmindex_sheet_next() and pmindex_ledger_add()
 * store it on one thread; the lines of its bad rows into errors. */
static char *ledger_by_loop(const char *text, size_t len, char *errors)
{
    char file[128];
    pmindex_ledger *l = new_ledger(file);
    pmindex_sheet *s;
    assert_int_equal(pmindex_sheet_open_memory(model, text, len, "t.csv", NULL, 0, &s), 0);
    assert_int_equal(pmindex_ledger_begin_apply(l, model, PMINDEX_PERIOD_NONE, 0), 0);
    const pmindex_compound *c;
    int rc;
    errors[0] = '\0';
    while ((rc = pmindex_sheet_next(s, &c)) != 0) {
        if (rc < 0)
            sprintf(errors + strlen(errors), "%lld ", (long long)pmindex_error_line(pmindex_sheet_error(s)));
        else
            assert_int_equal(pmindex_ledger_add(l, c), 0);
    }
    assert_int_equal(pmindex_ledger_commit(l), 0);
    pmindex_sheet_free(s);
    pmindex_ledger_free(l);
    return stored(file);
}

/* The same through pmindex_ledger_add_next(), the sheet read on threads in
 * blocks of block bytes, the ledger checkpointing on a thread after every
 * commit when it has threads. */
static char *ledger_by_sheet(const char *text, size_t len, int threads, size_t block,
                             char *errors)
{
    char file[128];
    pmindex_ledger *l = new_ledger(file);
    assert_int_equal(pmindex_ledger_set_threads(l, threads), 0);
    pm_ledger_tune_checkpoint(l, 1);
    pmindex_sheet *s;
    assert_int_equal(pmindex_sheet_open_memory(model, text, len, "t.csv", NULL, 0, &s), 0);
    pm_sheet_tune(s, block, false, -1);
    assert_int_equal(pmindex_sheet_set_threads(s, threads), 0);
    assert_int_equal(pmindex_ledger_begin_apply(l, model, PMINDEX_PERIOD_NONE, 0), 0);
    const pmindex_compound *c;
    int rc;
    errors[0] = '\0';
    while ((rc = pmindex_ledger_add_next(l, s, &c)) != PMINDEX_LEDGER_END) {
        if (rc == PMINDEX_LEDGER_BAD_ROW) {
            assert_null(c);
            sprintf(errors + strlen(errors), "%lld ", (long long)pmindex_error_line(pmindex_sheet_error(s)));
        } else {
            assert_int_equal(rc, PMINDEX_LEDGER_ADDED);
            assert_non_null(c);
        }
    }
    assert_null(c);
    assert_int_equal(pmindex_ledger_commit(l), 0);
    pmindex_sheet_free(s);
    pmindex_ledger_free(l);
    return stored(file);
}

static void test_ledger_from_sheet(void **state)
{
    (void)state;
    same_on_threads(ledger_by_loop, ledger_by_sheet);
}

/* Errors of the ledger, of the sheet and of the call; lifetimes. */
static void test_ledger_add_next_errors(void **state)
{
    (void)state;
    char file[128];
    pmindex_ledger *l = new_ledger(file);
    pmindex_sheet *s;
    const pmindex_compound *c = (const pmindex_compound *)1;
    const char *rows = "compound_id,period,A1\nX-1,2018H2,1\nX-2,2018H1,1\nX-3,2018H2,7\n"
                       "X-4,2018H2,1\n";
    assert_int_equal(pmindex_sheet_open_memory(model, rows, strlen(rows), "p.csv", NULL,
                                               PMINDEX_SHEET_PARTIAL, &s), 0);
    assert_int_equal(pmindex_sheet_set_threads(s, 2), 0);
    assert_int_equal(pmindex_ledger_add_next(l, s, &c), PMINDEX_E_STATE); /* no period begun */
    assert_null(c);
    assert_int_equal(pmindex_ledger_add_next(NULL, s, &c), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_ledger_begin_apply(l, model, PMINDEX_PERIOD_NONE, 0), 0);
    assert_int_equal(pmindex_ledger_add_next(l, NULL, &c), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_ledger_add_next(l, s, NULL), PMINDEX_E_INVALID);
    pmindex_model *other;
    assert_int_equal(pmindex_model_default(&other), 0);
    pmindex_sheet *o;
    assert_int_equal(pmindex_sheet_open_memory(other, rows, strlen(rows), NULL, NULL,
                                               PMINDEX_SHEET_PARTIAL, &o), 0);
    assert_int_equal(pmindex_ledger_add_next(l, o, &c), PMINDEX_E_INVALID);
    pmindex_sheet_free(o);
    pmindex_model_free(other);
    /* A row of another period fails the period; the sheet reads on. */
    assert_int_equal(pmindex_ledger_add_next(l, s, &c), PMINDEX_LEDGER_ADDED);
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_ID), "X-1");
    assert_int_equal(pmindex_ledger_add_next(l, s, &c), PMINDEX_E_RANGE);
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_ID), "X-2");
    assert_int_equal(pmindex_error_line(pmindex_ledger_error(l)), 3);
    assert_int_equal(pmindex_ledger_add_next(l, s, &c), PMINDEX_E_STATE);
    assert_null(c);
    assert_int_equal(pmindex_sheet_next(s, &c), PMINDEX_E_RANGE); /* X-3's A1 */
    assert_int_equal(pmindex_sheet_next(s, &c), 1);
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_ID), "X-4");
    assert_int_equal(pmindex_ledger_commit(l), PMINDEX_E_STATE);
    pmindex_sheet_free(s);
    /* A bad row is skipped and the rows after it are added. */
    assert_int_equal(pmindex_sheet_open_memory(model, rows, strlen(rows), "p.csv", NULL,
                                               PMINDEX_SHEET_PARTIAL, &s), 0);
    assert_int_equal(pmindex_sheet_set_threads(s, 2), 0);
    assert_int_equal(pmindex_ledger_begin_apply(l, model, 10201802 /* 2018H2 */, 0), 0);
    assert_int_equal(pmindex_sheet_next(s, &c), 1); /* X-1, read before: not added */
    assert_int_equal(pmindex_sheet_next(s, &c), 1); /* X-2, of 2018H1 */
    assert_int_equal(pmindex_ledger_add_next(l, s, &c), PMINDEX_LEDGER_BAD_ROW);
    assert_null(c);
    assert_int_equal(pmindex_error_line(pmindex_sheet_error(s)), 4);
    assert_int_equal(pmindex_ledger_add_next(l, s, &c), PMINDEX_LEDGER_ADDED);
    assert_int_equal(pmindex_ledger_add_next(l, s, &c), PMINDEX_LEDGER_END);
    assert_int_equal(pmindex_ledger_add_next(l, s, &c), PMINDEX_LEDGER_END);
    assert_int_equal(pmindex_ledger_commit(l), 0);
    pmindex_ladder_state st;
    assert_int_equal(pmindex_ledger_state(l, "X-4", &st), 1);
    assert_int_equal(pmindex_ledger_state(l, "X-1", &st), 0);
    pmindex_sheet_free(s);
    pmindex_ledger_free(l);
    /* Either may be freed first, the sheet's threads at work. */
    size_t len;
    char *sample = load("examples/data/luohu-sample.csv", &len);
    for (int first = 0; first < 2; first++) {
        l = new_ledger(file);
        assert_int_equal(pmindex_sheet_open_memory(model, sample, len, NULL, NULL, 0, &s), 0);
        pm_sheet_tune(s, 100, false, -1);
        assert_int_equal(pmindex_sheet_set_threads(s, 8), 0);
        assert_int_equal(pmindex_ledger_begin_apply(l, model, PMINDEX_PERIOD_NONE, 0), 0);
        assert_int_equal(pmindex_ledger_add_next(l, s, &c), PMINDEX_LEDGER_ADDED);
        if (first == 0) {
            pmindex_sheet_free(s);
            pmindex_ledger_free(l);
        } else {
            pmindex_ledger_free(l);
            int64_t more = 0;
            while (pmindex_sheet_next(s, &c) == 1)
                more++;
            assert_true(more > 10);
            pmindex_sheet_free(s);
        }
    }
    free(sample);
}

static int64_t file_size(const char *file)
{
    struct stat st;
    assert_int_equal(stat(file, &st), 0);
    return (int64_t)st.st_size;
}

/* A checkpoint copies the log into the ledger's file: in the commit without
 * threads, on a thread with them, and only once the log is long enough. */
static void test_ledger_checkpoint(void **state)
{
    (void)state;
    size_t len;
    char *sample = load("examples/data/luohu-sample.csv", &len);
    assert_int_equal(pmindex_ledger_set_threads(NULL, 2), PMINDEX_E_INVALID);
    for (int threads = 1; threads <= 2; threads++)
        for (int32_t pages = 1; pages <= 1000; pages += 999) {
            char file[128];
            pmindex_ledger *l = new_ledger(file);
            assert_int_equal(pmindex_ledger_set_threads(l, 0), PMINDEX_E_INVALID);
            assert_int_equal(pmindex_ledger_set_threads(l, threads), 0);
            pm_ledger_tune_checkpoint(l, pages);
            int64_t empty = file_size(file);
            pmindex_sheet *s;
            assert_int_equal(pmindex_sheet_open_memory(model, sample, len, NULL, NULL, 0, &s), 0);
            assert_int_equal(pmindex_ledger_begin_apply(l, model, PMINDEX_PERIOD_NONE, 0), 0);
            const pmindex_compound *c;
            while (pmindex_ledger_add_next(l, s, &c) == PMINDEX_LEDGER_ADDED)
                continue;
            pmindex_sheet_free(s);
            assert_int_equal(pmindex_ledger_commit(l), 0);
            assert_int_equal(l->checkpointing, threads > 1 && pages == 1);
            pm_ledger_checkpoint_wait(l);
            /* The period is in the ledger's file once checkpointed. */
            if (pages == 1)
                assert_true(file_size(file) > empty);
            else
                assert_int_equal(file_size(file), empty);
            /* Another handle reads it either way. */
            pmindex_ledger *r;
            assert_int_equal(pmindex_ledger_open(file, PMINDEX_LEDGER_READONLY, &r, NULL), 0);
            assert_int_equal(pmindex_ledger_period_count(r), 1);
            pmindex_ledger_free(r);
            pmindex_ledger_free(l);
        }
    free(sample);
}

/* ---- the API ----------------------------------------------------------------------- */

static void test_set_threads(void **state)
{
    (void)state;
    pmindex_sheet *s;
    const char *text = "compound_id\nX\n";
    assert_int_equal(pmindex_sheet_open_memory(model, text, strlen(text), NULL, NULL,
                                               PMINDEX_SHEET_PARTIAL, &s), 0);
    assert_int_equal(pmindex_sheet_set_threads(NULL, 2), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_sheet_set_threads(s, 0), PMINDEX_E_RANGE);
    assert_int_equal(pmindex_sheet_set_threads(s, PMINDEX_SHEET_MAX_THREADS + 1), PMINDEX_E_RANGE);
    assert_int_equal(pmindex_sheet_set_threads(s, PMINDEX_SHEET_MAX_THREADS), 0);
    assert_int_equal(pmindex_sheet_set_threads(s, 2), 0);
    const pmindex_compound *c;
    assert_int_equal(pmindex_sheet_next(s, &c), 1);
    assert_int_equal(pmindex_sheet_set_threads(s, 3), PMINDEX_E_STATE);
    assert_int_equal(pmindex_sheet_next(s, &c), 0);
    pmindex_sheet_free(s);
    /* Freed before the end, with threads at work. */
    size_t len;
    char *sample = load("examples/data/luohu-sample.csv", &len);
    assert_int_equal(pmindex_sheet_open_memory(model, sample, len, NULL, NULL, 0, &s), 0);
    pm_sheet_tune(s, 100, false, -1);
    assert_int_equal(pmindex_sheet_set_threads(s, 8), 0);
    assert_int_equal(pmindex_sheet_next(s, &c), 1);
    pmindex_sheet_free(s);
    free(sample);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_points),
        cmocka_unit_test(test_sample_sheets),
        cmocka_unit_test(test_batches),
        cmocka_unit_test(test_district_from_sheet),
        cmocka_unit_test(test_ledger_from_sheet),
        cmocka_unit_test(test_ledger_add_next_errors),
        cmocka_unit_test(test_ledger_checkpoint),
        cmocka_unit_test(test_set_threads),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    remove_ledgers();
    return failed;
}
