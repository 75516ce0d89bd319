/* Out of memory at every allocation of the main paths: the default model,
 * a model from INI text and its canonical text, the builder, a sheet read
 * from memory and from a file (UTF-8 and GB18030), assessed and written as
 * CSV and JSONL, and in bulk; a compound made through the API, partial
 * sheets merged, a district ranked, the impact of a new model (on sheets
 * and on a ledger's period), and a
 * period applied to a ledger (our allocations; SQLite's own are its
 * business). Linked with -Wl,--wrap for malloc, calloc, realloc, strndup
 * and iconv_open: the Nth allocation fails, for every N
 * the path makes, and the path must report PMINDEX_E_NOMEM (never succeed
 * silently, crash or leak: the sanitizer and valgrind runs check leaks).
 * Allocations inside iniparser and libc are not ours and not counted. */
#include "test.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strndup(const char *s, size_t n);
iconv_t __real_iconv_open(const char *to, const char *from);

static long fail_at = -1; /* the allocation that fails, counting from 0; -1 never */
static long count;        /* allocations since the path began */

static bool fail_now(void)
{
    return count++ == fail_at;
}

void *__wrap_malloc(size_t size)
{
    return fail_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return fail_now() ? NULL : __real_realloc(p, size);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return fail_now() ? NULL : __real_strndup(s, n);
}

iconv_t __wrap_iconv_open(const char *to, const char *from)
{
    if (fail_now()) {
        errno = ENOMEM;
        return (iconv_t)-1;
    }
    return __real_iconv_open(to, from);
}

/* ---- the paths: each returns 0 or the first error ------------------------ */

static char *ini_text;
static size_t ini_len;
static char *sheet_text;
static size_t sheet_len;

static int path_default_model(void)
{
    pmindex_model *m;
    int rc = pmindex_model_default(&m);
    pmindex_model_free(m == NULL || rc ? NULL : m);
    return rc;
}

static int path_ini(void)
{
    pmindex_error *e;
    pmindex_model *m = NULL;
    int rc = pmindex_error_new(&e);
    if (rc)
        return rc;
    rc = pmindex_model_load_ini_memory(ini_text, ini_len, "luohu.ini", &m, e);
    if (rc == 0) {
        assert_null(m == NULL ? "no model" : NULL);
        int64_t n = pmindex_model_write_ini(m, NULL, 0);
        if (n < 0)
            rc = (int)n;
        pmindex_model_free(m);
    } else {
        assert_int_equal(pmindex_error_code(e), rc);
    }
    pmindex_error_free(e);
    return rc;
}

static int path_builder(void)
{
    pmindex_builder *b;
    pmindex_model *m = NULL;
    int rc = pmindex_builder_new(&b);
    if (rc)
        return rc;
    int calls[] = {
        pmindex_builder_set_name(b, "模型", "Model"),
        pmindex_builder_add_indicator(b, "X", "甲", "X", 1000),
        pmindex_builder_add_item(b, "X1", "一", "one", "X", 400, PMINDEX_ITEM_GRADED),
        pmindex_builder_add_item_level(b, 100000000, "好", "good"),
        pmindex_builder_add_item_level(b, 0, "差", "bad"),
        pmindex_builder_add_item(b, "X2", "二", "two", "X", 600, PMINDEX_ITEM_DEDUCT),
        pmindex_builder_set_penalty(b, 100),
        pmindex_builder_add_veto(b, "V", "否", "veto", "X1", 1),
        pmindex_builder_add_tier(b, "top", "上", "Top", 9000),
        pmindex_builder_add_tier(b, "low", "下", "Low", 0),
        pmindex_builder_add_black_share(b, "X", 1, 2),
        pmindex_builder_set_level(b, 1, "warn", "警", "warn", "查", "check"),
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0] && !rc; i++)
        rc = calls[i];
    int brc = pmindex_builder_build(b, &m);
    if (!rc)
        rc = brc;
    if (brc == 0) {
        pmindex_model_free(m);
        /* The builder starts again empty, or knows it could not. */
        brc = pmindex_builder_build(b, &m);
        assert_true(brc == PMINDEX_E_MODEL || brc == PMINDEX_E_NOMEM);
        if (brc == PMINDEX_E_NOMEM)
            rc = brc;
    } else {
        assert_null(m);
    }
    pmindex_builder_free(b);
    return rc;
}

/* Reads a sheet, assessing and writing each row both ways, then in bulk. */
static int score(pmindex_sheet *s, const pmindex_model *m)
{
    pmindex_assessment *a;
    const pmindex_compound *c;
    char buf[8192];
    int rc = pmindex_assessment_new(m, &a), r;
    if (rc)
        return rc;
    while (!rc && (r = pmindex_sheet_next(s, &c)) != 0) {
        if (r < 0) {
            assert_int_equal(pmindex_error_code(pmindex_sheet_error(s)), r);
            rc = r;
            break;
        }
        rc = pmindex_assess(m, c, a);
        int64_t n = rc ? 0 : pmindex_csv_record(a, c, buf, sizeof buf);
        int64_t j = rc ? 0 : pmindex_jsonl_record(a, c, buf, sizeof buf);
        if (!rc && (n < 0 || j < 0))
            rc = (int)(n < 0 ? n : j);
    }
    pmindex_assessment_free(a);
    return rc;
}

static const pmindex_model *model;

static int path_sheet_memory(void)
{
    pmindex_sheet *s = NULL;
    int rc = pmindex_sheet_open_memory(model, sheet_text, sheet_len, "m.csv", NULL, 0, &s);
    if (!rc)
        rc = score(s, model);
    pmindex_sheet_free(s);
    return rc;
}

static int path_sheet_file(void)
{
    pmindex_sheet *s = NULL;
    int rc = pmindex_sheet_open(model, "tests/sheets/luohu-sample.gb18030.csv", "gb18030", 0, &s);
    if (!rc)
        rc = score(s, model);
    pmindex_sheet_free(s);
    return rc;
}

static int path_batch(void)
{
    pmindex_sheet *s = NULL;
    pmindex_batch *b = NULL;
    int rc = pmindex_sheet_open_memory(model, sheet_text, sheet_len, "m.csv", NULL, 0, &s);
    if (!rc)
        rc = pmindex_batch_new(model, s, PMINDEX_FORMAT_JSONL, 0, &b);
    char buf[4096];
    int32_t status = 1;
    while (!rc && status != 0) {
        int64_t n = pmindex_batch_fill(b, buf, sizeof buf, NULL, &status);
        if (n < 0)
            rc = (int)n;
        else if (status < 0)
            rc = status;
    }
    pmindex_batch_free(b);
    pmindex_sheet_free(s);
    return rc;
}

/* A compound through the API: fields, a value that does not parse (its
 * error record is made then), a copy. */
static int path_compound(void)
{
    pmindex_compound *c = NULL, *d = NULL;
    int rc = pmindex_compound_new(model, &c);
    if (!rc)
        rc = pmindex_compound_new(model, &d);
    if (!rc)
        rc = pmindex_compound_set_text(c, "compound_id", "LH-1", 4);
    if (!rc)
        rc = pmindex_compound_set_text(c, "name", "翠竹花园", strlen("翠竹花园"));
    if (!rc) {
        rc = pmindex_compound_set_text(c, "A1", "maybe", 5);
        assert_int_equal(pmindex_error_code(pmindex_compound_error(c)), rc);
        if (rc == PMINDEX_E_PARSE) {
            assert_string_equal(pmindex_error_value(pmindex_compound_error(c)), "maybe");
            rc = pmindex_compound_set_text(c, "A1", "1", 1);
            assert_int_equal(rc, 0);
            assert_int_equal(pmindex_error_code(pmindex_compound_error(c)), 0);
        }
    }
    if (!rc)
        rc = pmindex_compound_copy(d, c);
    pmindex_compound_free(c);
    pmindex_compound_free(d);
    return rc;
}

/* Two partial sheets merged (items no sheet gives are not applicable),
 * then the merged compounds ranked in a district. */
static const char *const partial[2] = {
    "compound_id,name,street,company,households,A1,A2,A3\n"
    "K1,一,翠竹街道,甲物业,100,1,1,符合\nK2,二,翠竹街道,乙物业,200,0,1,0.5\n"
    "K3,三,东门街道,甲物业,300,1,0,0\n",
    "compound_id,station,B1,B2,V1\n"
    "K3,东门派出所,1,87.5%,\nK1,翠竹派出所,1,0.9,\nK2,翠竹派出所,0,1,1\n",
};

static int path_merge_district(void)
{
    pmindex_merge *g = NULL;
    pmindex_district *d = NULL;
    pmindex_assessment *a = NULL;
    int rc = pmindex_merge_new(model, PMINDEX_MERGE_MISSING_NA, &g);
    for (int k = 0; k < 2 && !rc; k++) {
        pmindex_sheet *s = NULL;
        rc = pmindex_sheet_open_memory(model, partial[k], strlen(partial[k]), "part.csv", NULL,
                                       PMINDEX_SHEET_PARTIAL, &s);
        if (!rc)
            rc = pmindex_merge_add_sheet(g, s);
        pmindex_sheet_free(s);
    }
    if (!rc)
        rc = pmindex_merge_finish(g);
    if (!rc)
        assert_i64(pmindex_merge_count(g), 3);
    if (!rc)
        rc = pmindex_district_new(model, &d);
    if (!rc)
        rc = pmindex_assessment_new(model, &a);
    for (int64_t k = 0; !rc && k < pmindex_merge_count(g); k++) {
        rc = pmindex_assess(model, pmindex_merge_compound(g, k), a);
        if (!rc)
            rc = pmindex_district_add(d, pmindex_merge_compound(g, k), a);
    }
    if (!rc)
        rc = pmindex_district_compute(d);
    char buf[2048];
    for (int32_t scope = 0; !rc && scope < 4; scope++) {
        int64_t n = pmindex_district_csv_header(d, scope, buf, sizeof buf);
        if (n < 0)
            rc = (int)n;
        int64_t rows = scope == PMINDEX_SCOPE_DISTRICT ? pmindex_district_count(d)
                                                       : pmindex_district_group_count(d, scope);
        for (int64_t k = 0; !rc && k < rows; k++) {
            n = pmindex_district_csv_record(d, scope, k, buf, sizeof buf);
            if (n >= 0)
                n = pmindex_district_jsonl_record(d, scope, k, buf, sizeof buf);
            if (n < 0)
                rc = (int)n;
        }
    }
    pmindex_assessment_free(a);
    pmindex_district_free(d);
    pmindex_merge_free(g);
    return rc;
}

/* The merged compounds' margins and records with them, then the Monte
 * Carlo analysis of their district on 2 threads and its records. */
static int path_margins_uncertainty(void)
{
    pmindex_merge *g = NULL;
    pmindex_district *d = NULL;
    pmindex_assessment *a = NULL;
    pmindex_margins *mg = NULL;
    pmindex_uncertainty *u = NULL;
    char buf[8192];
    int rc = pmindex_merge_new(model, PMINDEX_MERGE_MISSING_NA, &g);
    for (int k = 0; k < 2 && !rc; k++) {
        pmindex_sheet *s = NULL;
        rc = pmindex_sheet_open_memory(model, partial[k], strlen(partial[k]), "part.csv", NULL,
                                       PMINDEX_SHEET_PARTIAL, &s);
        if (!rc)
            rc = pmindex_merge_add_sheet(g, s);
        pmindex_sheet_free(s);
    }
    if (!rc)
        rc = pmindex_merge_finish(g);
    if (!rc)
        rc = pmindex_district_new(model, &d);
    if (!rc)
        rc = pmindex_assessment_new(model, &a);
    if (!rc)
        rc = pmindex_margins_new(model, &mg);
    if (!rc)
        rc = pmindex_uncertainty_new(model, &u);
    for (int32_t input = PMINDEX_INPUT_WEIGHTS; !rc && input <= PMINDEX_INPUT_ERRORS; input++)
        rc = pmindex_uncertainty_set(u, input, 100000);
    for (int64_t k = 0; !rc && k < pmindex_merge_count(g); k++) {
        const pmindex_compound *c = pmindex_merge_compound(g, k);
        rc = pmindex_assess(model, c, a);
        if (!rc)
            rc = pmindex_district_add(d, c, a);
        if (!rc)
            rc = pmindex_uncertainty_add(u, c);
        if (!rc)
            rc = pmindex_margins_compute(mg, c);
        int64_t n = rc ? 0 : pmindex_margins_record(mg, c, PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf);
        if (n >= 0 && !rc)
            n = pmindex_assessment_record(a, c, PMINDEX_FORMAT_CSV, PMINDEX_RECORD_MARGINS, buf,
                                          sizeof buf);
        if (n < 0)
            rc = (int)n;
    }
    if (!rc)
        rc = pmindex_district_compute(d);
    if (!rc)
        rc = pmindex_uncertainty_run(u, d, 4, 7, 2);
    for (int32_t scope = 0; !rc && scope < 4; scope++) {
        int64_t rows = scope == PMINDEX_SCOPE_DISTRICT ? pmindex_district_count(d)
                                                       : pmindex_district_group_count(d, scope);
        for (int64_t k = 0; !rc && k < rows; k++) {
            int64_t n = pmindex_uncertainty_record(u, scope, k, PMINDEX_FORMAT_JSONL, 0, buf,
                                                   sizeof buf);
            if (n < 0)
                rc = (int)n;
        }
    }
    pmindex_uncertainty_free(u);
    pmindex_margins_free(mg);
    pmindex_assessment_free(a);
    pmindex_district_free(d);
    pmindex_merge_free(g);
    return rc;
}

/* A period of the first 20 rows applied to a new ledger, then read back. */
static char ledger_path[64];

static void remove_ledger(void)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[96];
    for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
        snprintf(p, sizeof p, "%s%s", ledger_path, suffixes[k]);
        unlink(p);
    }
}

/* A period of rows applied with the 1.1 functions. */
static int apply_rows(pmindex_ledger *l, int32_t code, const char *text, size_t len)
{
    pmindex_sheet *s = NULL;
    int rc = pmindex_ledger_begin(l, model, code, 0);
    if (!rc)
        rc = pmindex_sheet_open_memory(model, text, len, "m.csv", NULL, 0, &s);
    const pmindex_compound *c;
    int next;
    while (!rc && (next = pmindex_sheet_next(s, &c)) != 0)
        rc = next < 0 ? next : pmindex_ledger_add(l, c);
    rc = rc ? rc : pmindex_ledger_commit(l);
    pmindex_ledger_rollback(l);
    pmindex_sheet_free(s);
    return rc;
}

static int path_ledger(void)
{
    pmindex_error *e = NULL;
    pmindex_ledger *l = NULL;
    pmindex_ledger_rows *r = NULL;
    remove_ledger();
    int rc = pmindex_error_new(&e);
    if (!rc)
        rc = pmindex_ledger_open(ledger_path, PMINDEX_LEDGER_CREATE, &l, e);
    if (!rc)
        rc = apply_rows(l, 10201802, sheet_text, sheet_len); /* 2018H2 */
    if (!rc)
        rc = pmindex_ledger_rows_new(l, PMINDEX_PERIOD_NONE, NULL, 0, &r);
    int next;
    char buf[4096];
    while (!rc && (next = pmindex_ledger_rows_next(r)) != 0) {
        int64_t n = next < 0 ? next : pmindex_ledger_rows_record(r, PMINDEX_FORMAT_JSONL, buf,
                                                                  sizeof buf);
        if (n < 0)
            rc = (int)n;
    }
    pmindex_ledger_rows_free(r);
    pmindex_ledger_free(l);
    pmindex_error_free(e);
    remove_ledger();
    return rc;
}

/* The first 20 rows of the sample under the default model and its draft
 * revision: the parameter diff, every row carried over and assessed twice,
 * both districts computed, every record of every part written. */
static pmindex_model *revised;

static int path_impact(void)
{
    pmindex_model_diff *diff = NULL;
    pmindex_impact *imp = NULL;
    pmindex_sheet *s = NULL;
    int rc = pmindex_model_diff_new(model, revised, &diff, NULL);
    if (!rc)
        rc = pmindex_impact_new(model, revised, &imp);
    if (!rc)
        rc = pmindex_sheet_open_memory(model, sheet_text, sheet_len, "m.csv", NULL, 0, &s);
    const pmindex_compound *c;
    int next;
    while (!rc && (next = pmindex_sheet_next(s, &c)) != 0)
        rc = next < 0 ? next : pmindex_impact_add(imp, c);
    if (!rc)
        rc = pmindex_impact_compute(imp);
    char buf[8192];
    for (int32_t part = PMINDEX_IMPACT_SUMMARY; !rc && part <= PMINDEX_IMPACT_COMPANIES; part++)
        for (int64_t k = 0; !rc && k < pmindex_impact_count(imp, part); k++) {
            int64_t n = pmindex_impact_record(imp, part, k, PMINDEX_FORMAT_JSONL, 0, buf,
                                              sizeof buf);
            if (n < 0)
                rc = (int)n;
        }
    pmindex_sheet_free(s);
    pmindex_impact_free(imp);
    pmindex_model_diff_free(diff);
    return rc;
}

/* The impact of the draft revision on a ledger's period: two periods of
 * the first 20 rows applied once (applied_ledger()), then the ledger
 * opened read-only, its first period added and its ladder replayed, the
 * impact computed and every record of every part written. The records'
 * hash is the path's result. */
static uint64_t path_result;

static void applied_ledger(void)
{
    remove_ledger();
    pmindex_ledger *l = NULL;
    assert_int_equal(pmindex_ledger_open(ledger_path, PMINDEX_LEDGER_CREATE, &l, NULL), 0);
    assert_int_equal(apply_rows(l, 10201802, sheet_text, sheet_len), 0); /* 2018H2 */
    char *next = __real_malloc(sheet_len + 1);
    assert_non_null(next);
    memcpy(next, sheet_text, sheet_len);
    next[sheet_len] = '\0';
    for (char *p = next; (p = strstr(p, ",2018H2,")) != NULL; p++)
        memcpy(p + 1, "2019H1", 6);
    assert_int_equal(apply_rows(l, 10201901, next, sheet_len), 0);
    free(next);
    pmindex_ledger_free(l);
}

static int path_impact_ledger(void)
{
    pmindex_ledger *l = NULL;
    pmindex_impact *imp = NULL;
    int rc = pmindex_ledger_open(ledger_path, PMINDEX_LEDGER_READONLY | PMINDEX_LEDGER_NO_UPGRADE,
                                 &l, NULL);
    if (!rc)
        rc = pmindex_impact_new(model, revised, &imp);
    if (!rc)
        rc = pmindex_impact_add_ledger(imp, l, 10201802, 0);
    if (!rc)
        rc = pmindex_impact_compute(imp);
    char buf[8192];
    path_result = 14695981039346656037u;
    for (int32_t part = PMINDEX_IMPACT_SUMMARY; !rc && part <= PMINDEX_IMPACT_LADDER; part++)
        for (int64_t k = 0; !rc && k < pmindex_impact_count(imp, part); k++) {
            int64_t n = pmindex_impact_record(imp, part, k, PMINDEX_FORMAT_JSONL, 0, buf,
                                              sizeof buf);
            if (n < 0)
                rc = (int)n;
            for (int64_t i = 0; i < n; i++)
                path_result = (path_result ^ (unsigned char)buf[i]) * 1099511628211u;
        }
    pmindex_impact_free(imp);
    pmindex_ledger_free(l);
    return rc;
}

/* 1.2: the period from the rows, a review of the first 3 compounds read
 * back as changes, the log read, a dry-run revocation, a revocation. */
static int path_corrections(void)
{
    pmindex_error *e = NULL;
    pmindex_ledger *l = NULL;
    pmindex_sheet *s = NULL;
    pmindex_ledger_changes *ch = NULL;
    pmindex_ledger_log *g = NULL;
    remove_ledger();
    int rc = pmindex_error_new(&e);
    if (!rc)
        rc = pmindex_ledger_create(ledger_path, "clerk", "nomem", &l, e);
    if (!rc)
        rc = pmindex_ledger_begin_apply(l, model, PMINDEX_PERIOD_NONE, 0);
    if (!rc)
        rc = pmindex_sheet_open_memory(model, sheet_text, sheet_len, "m.csv", NULL,
                                       PMINDEX_SHEET_DIGEST, &s);
    const pmindex_compound *c;
    int next, n = 0;
    while (!rc && (next = pmindex_sheet_next(s, &c)) != 0)
        rc = next < 0 ? next : pmindex_ledger_add(l, c);
    uint8_t sha[32];
    if (!rc && (rc = pmindex_sheet_digest(s, sha)) == 0)
        rc = pmindex_ledger_add_input(l, "m.csv", sha);
    if (!rc)
        rc = pmindex_ledger_commit(l);
    pmindex_sheet_free(s);
    s = NULL;
    if (!rc)
        rc = pmindex_ledger_set_reason(l, "appeal");
    if (!rc)
        rc = pmindex_ledger_begin_review(l, model, 10201802, 0);
    if (!rc)
        rc = pmindex_sheet_open_memory(model, sheet_text, sheet_len, "m.csv", NULL, 0, &s);
    static const char *const columns[] = {"compound_id", "B1", "V1"};
    while (!rc && n++ < 3 && (next = pmindex_sheet_next(s, &c)) != 0)
        rc = next < 0 ? next : pmindex_ledger_review_add(l, c, columns, 3);
    if (!rc)
        rc = pmindex_ledger_commit(l);
    else
        pmindex_ledger_rollback(l);
    if (!rc)
        rc = pmindex_ledger_changes_new(l, 0, &ch);
    char buf[4096];
    while (!rc && (next = pmindex_ledger_changes_next(ch)) != 0) {
        int64_t len = next < 0 ? next : pmindex_ledger_change_record(ch, PMINDEX_FORMAT_JSONL, 0,
                                                                     buf, sizeof buf);
        if (len < 0)
            rc = (int)len;
    }
    if (!rc)
        rc = pmindex_ledger_log_new(l, PMINDEX_PERIOD_NONE, 0, 0, &g);
    while (!rc && (next = pmindex_ledger_log_next(g)) != 0) {
        int64_t len = next < 0 ? next : pmindex_ledger_log_record(g, PMINDEX_FORMAT_CSV, 0, buf,
                                                                  sizeof buf);
        if (len < 0)
            rc = (int)len;
    }
    for (uint32_t flags = PMINDEX_LEDGER_DRY_RUN; !rc; flags = flags ? 0 : 1) {
        rc = pmindex_ledger_set_reason(l, "wrong sheet");
        if (!rc)
            rc = pmindex_ledger_revoke(l, 10201802, flags);
        pmindex_ledger_rollback(l);
        if (!flags)
            break;
    }
    pmindex_ledger_log_free(g);
    pmindex_ledger_changes_free(ch);
    pmindex_sheet_free(s);
    pmindex_ledger_free(l);
    pmindex_error_free(e);
    remove_ledger();
    return rc;
}

/* Runs path with each of its allocations failing in turn. Only the last
 * `tail` may fail without an error: after pmindex_builder_build() hands the
 * finished model over, the builder makes its defaults again (27
 * allocations) and, out of memory, only marks itself failed for its next
 * build; the default model and the INI loader free that builder at once. */
enum { REARM = 27 };

enum { ANYWHERE = -1 };

/* With tail ANYWHERE, a path that loads a model on its way may succeed
 * wherever an allocation fails, if its result (path_result) is that of the
 * run where none fails. */
static void every_allocation(int (*path)(void), const char *name, long tail)
{
    fail_at = -1;
    count = 0;
    assert_int_equal(path(), 0);
    long total = count;
    uint64_t result = path_result;
    assert_true(total > 0);
    long same = 0;
    for (long k = 0; k < total; k++) {
        fail_at = k;
        count = 0;
        int rc = path();
        fail_at = -1;
        if (rc == 0 && (tail == ANYWHERE ? path_result == result : k >= total - tail)) {
            same++;
            continue;
        }
        if (rc != PMINDEX_E_NOMEM)
            fail_msg("%s: allocation %ld of %ld failed, the path returned %d (%s)", name, k,
                     total, rc, pmindex_strerror(rc));
    }
    printf("%s: %ld allocations, each failure gives PMINDEX_E_NOMEM", name, total);
    if (same)
        printf(" but %ld, which succeed while the builder re-arms%s", same,
               tail == ANYWHERE ? " (with the same result)" : "");
    printf("\n");
}

static void test_compound(void **state)
{
    (void)state;
    every_allocation(path_compound, "compound", 0);
}

static void test_merge_district(void **state)
{
    (void)state;
    every_allocation(path_merge_district, "merge and district", 0);
}

static void test_margins_uncertainty(void **state)
{
    (void)state;
    every_allocation(path_margins_uncertainty, "margins and uncertainty", 0);
}

static void test_ledger(void **state)
{
    (void)state;
    snprintf(ledger_path, sizeof ledger_path, "/tmp/pmindex-nomem-%ld.db", (long)getpid());
    every_allocation(path_ledger, "ledger", 0);
    every_allocation(path_corrections, "ledger corrections", 0);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = __real_malloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void test_impact(void **state)
{
    (void)state;
    every_allocation(path_impact, "impact", 0);
    snprintf(ledger_path, sizeof ledger_path, "/tmp/pmindex-nomem-%ld.db", (long)getpid());
    applied_ledger();
    every_allocation(path_impact_ledger, "impact on a ledger's period", ANYWHERE);
    remove_ledger();
}

static void test_default_model(void **state)
{
    (void)state;
    every_allocation(path_default_model, "default model", REARM);
}

static void test_ini(void **state)
{
    (void)state;
    every_allocation(path_ini, "INI model and its text", REARM);
}

static void test_builder(void **state)
{
    (void)state;
    every_allocation(path_builder, "builder", 0);
}

static void test_sheet_memory(void **state)
{
    (void)state;
    every_allocation(path_sheet_memory, "sheet in memory", 0);
}

static void test_sheet_file(void **state)
{
    (void)state;
    every_allocation(path_sheet_file, "GB18030 sheet file", 0);
}

static void test_batch(void **state)
{
    (void)state;
    every_allocation(path_batch, "batch", 0);
}

int main(void)
{
    pmindex_model *m;
    ini_text = slurp("models/luohu-2018.ini", &ini_len);
    /* The first 20 rows of the sample, so that the runs stay short. */
    sheet_text = slurp("examples/data/luohu-sample.csv", &sheet_len);
    size_t lines = 0;
    for (size_t i = 0; i < sheet_len; i++)
        if (sheet_text[i] == '\n' && ++lines == 21) {
            sheet_len = i + 1;
            break;
        }
    if (pmindex_model_default(&m) != 0)
        return 1;
    model = m;
    pmindex_error *e = NULL;
    if (pmindex_error_new(&e) != 0 ||
        pmindex_model_load_ini("tests/impact/revised.ini", &revised, e) != 0)
        return 1;
    pmindex_error_free(e);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_model), cmocka_unit_test(test_ini),
        cmocka_unit_test(test_builder),       cmocka_unit_test(test_sheet_memory),
        cmocka_unit_test(test_sheet_file),    cmocka_unit_test(test_batch),
        cmocka_unit_test(test_compound),      cmocka_unit_test(test_merge_district),
        cmocka_unit_test(test_ledger),        cmocka_unit_test(test_impact),
        cmocka_unit_test(test_margins_uncertainty),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pmindex_model_free(m);
    pmindex_model_free(revised);
    free(ini_text);
    free(sheet_text);
    return rc;
}
