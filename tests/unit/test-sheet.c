/* Score sheets: the header against the model, every row error located and
 * reported in order, duplicates, blank rows and partial sheets. */
#define PMINDEX_TEST_DEFAULT_MODEL
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const items =
    "A1,A2,A3,A4,A5,A6,B1,B2,B3,B4,B5,B6,B7,B8,B9,C1,C2,C3,C4,C5,C6,C7,C8,C9,C10,D1,D2,D3,D4,D5,D6";
static const char *const full = "1,1,1,1,1,0,1,1,1,1,1,0,0,0,1,0,0,1,0,1,1,1,1,1,1,0.95,1,1,1,0,1";

/* A sheet in memory: header "compound_id,name,<items>[,extra]" and rows. */
static char *sheet_text(const char *extra_header, const char *rows)
{
    size_t n = strlen(items) + strlen(rows) + 256;
    char *t = malloc(n);
    snprintf(t, n, "compound_id,name,%s%s\n%s", items, extra_header, rows);
    return t;
}

static char *row(const char *id, const char *name, const char *values, const char *extra)
{
    static char buf[8][1024];
    static int k;
    char *b = buf[k++ % 8];
    snprintf(b, sizeof buf[0], "%s,%s,%s%s\n", id, name, values, extra);
    return b;
}

/* Reads the whole sheet; returns the ids read and the errors as
 * "line:column:field:code" joined by spaces. */
static void read_all(pmindex_sheet *s, char *ids, char *errors)
{
    const pmindex_compound *c;
    int rc;
    ids[0] = errors[0] = '\0';
    while ((rc = pmindex_sheet_next(s, &c)) != 0) {
        if (rc < 0) {
            const pmindex_error *e = pmindex_sheet_error(s);
            assert_int_equal(pmindex_error_code(e), rc);
            assert_true(strlen(pmindex_error_message(e)) > 0);
            char one[128];
            snprintf(one, sizeof one, "%s%lld:%d:%s:%d", errors[0] ? " " : "",
                     (long long)pmindex_error_line(e), (int)pmindex_error_column(e),
                     pmindex_error_field(e), rc);
            strcat(errors, one);
            continue;
        }
        strcat(ids, ids[0] ? " " : "");
        strcat(ids, pmindex_compound_field(c, PMINDEX_FIELD_ID));
    }
    /* After the end, it stays at the end. */
    assert_int_equal(pmindex_sheet_next(s, &c), 0);
}

static pmindex_sheet *open_text(const char *text, uint32_t flags)
{
    pmindex_sheet *s = NULL;
    assert_int_equal(pmindex_sheet_open_memory(model, text, strlen(text), "t.csv", NULL, flags, &s), 0);
    return s;
}

static void test_good_rows(void **state)
{
    (void)state;
    char rows[4096];
    /* A blank row of the right width (33 empty fields) and an empty line are skipped. */
    char blank[64] = "";
    for (int i = 0; i < 32; i++)
        strcat(blank, ",");
    snprintf(rows, sizeof rows, "%s%s\n\n%s", row("R-1", "\"翠竹,花园\"", full, ""), blank,
             row("R-2", "东湖", full, ""));
    char *t = sheet_text("", rows);
    pmindex_sheet *s = open_text(t, 0);
    char ids[256], errors[1024];
    read_all(s, ids, errors);
    assert_string_equal(ids, "R-1 R-2");
    assert_string_equal(errors, "");
    assert_int_equal(pmindex_sheet_has_column(s, "C10"), 1);
    assert_int_equal(pmindex_sheet_has_column(s, "V1"), 0);
    pmindex_sheet_free(s);
    free(t);
}

static void test_row_errors_in_order(void **state)
{
    (void)state;
    char rows[4096];
    /* A2 (column 4) = 0.7 and B2 (column 10) = 120% on line 3; C4 (column 21) = x on line 4. */
    snprintf(rows, sizeof rows, "%s%s%s%s", row("R-1", "a", full, ""),
             row("R-2", "b", "1,0.7,1,1,1,0,1,120%,1,1,1,0,0,0,1,0,0,1,0,1,1,1,1,1,1,0.95,1,1,1,0,1", ""),
             row("R-3", "c", "1,1,1,1,1,0,1,1,1,1,1,0,0,0,1,0,0,1,x,1,1,1,1,1,1,0.95,1,1,1,0,1", ""),
             row("R-4", "d", full, ""));
    char *t = sheet_text("", rows);
    pmindex_sheet *s = open_text(t, 0);
    char ids[256], errors[1024];
    read_all(s, ids, errors);
    assert_string_equal(ids, "R-1 R-4");
    char want[256];
    snprintf(want, sizeof want, "3:4:A2:%d 3:10:B2:%d 4:21:C4:%d", PMINDEX_E_RANGE, PMINDEX_E_RANGE,
             PMINDEX_E_PARSE);
    assert_string_equal(errors, want);
    pmindex_sheet_free(s);
    free(t);
}

static void test_error_details(void **state)
{
    (void)state;
    char *t = sheet_text("", row("R-1", "a", "1,1,1,1,1,0,1,1e5,1,1,1,0,0,0,1,0,0,1,0,1,1,1,1,1,1,0.95,1,1,1,0,1", ""));
    pmindex_sheet *s = open_text(t, 0);
    const pmindex_compound *c;
    assert_int_equal(pmindex_sheet_next(s, &c), PMINDEX_E_PARSE);
    const pmindex_error *e = pmindex_sheet_error(s);
    assert_string_equal(pmindex_error_file(e), "t.csv");
    assert_i64(pmindex_error_line(e), 2);
    assert_int_equal(pmindex_error_column(e), 10);
    assert_string_equal(pmindex_error_field(e), "B2");
    assert_string_equal(pmindex_error_value(e), "1e5");
    char line[512];
    pmindex_error_format(e, line, sizeof line);
    assert_string_equal(line, "t.csv:2:10: B2 \"1e5\": not a plain decimal number (digits, an "
                              "optional point and at most 6 decimals, an optional %)");
    assert_int_equal(pmindex_sheet_next(s, &c), 0);
    pmindex_sheet_free(s);
    free(t);
}

static void test_header_errors(void **state)
{
    (void)state;
    const char *t = "compound_id,Nmae,a1,A2,A2,B1\nX,1,1,1,1,1\n";
    pmindex_sheet *s = open_text(t, 0);
    char ids[256], errors[4096];
    read_all(s, ids, errors);
    assert_string_equal(ids, "");
    /* Nmae unknown, a1 unknown (did you mean A1), A2 twice, then every missing item (29). */
    assert_true(strncmp(errors, "1:2::-7 1:3::-7 1:5::-7 1:0:", 28) == 0);
    int count = 0;
    for (const char *p = errors; (p = strstr(p, "-7")) != NULL; p++)
        count++;
    assert_int_equal(count, 3 + 29);
    pmindex_sheet_free(s);
    /* The suggestion. */
    s = open_text("compound_id,a1\n", PMINDEX_SHEET_PARTIAL);
    const pmindex_compound *c;
    assert_int_equal(pmindex_sheet_next(s, &c), PMINDEX_E_COLUMN);
    assert_non_null(strstr(pmindex_error_message(pmindex_sheet_error(s)), "did you mean \"A1\"?"));
    assert_string_equal(pmindex_error_value(pmindex_sheet_error(s)), "a1");
    assert_int_equal(pmindex_sheet_next(s, &c), 0);
    pmindex_sheet_free(s);
}

static void test_missing_id_and_empty(void **state)
{
    (void)state;
    pmindex_sheet *s = open_text("name,A1\n", PMINDEX_SHEET_PARTIAL);
    const pmindex_compound *c;
    assert_int_equal(pmindex_sheet_next(s, &c), PMINDEX_E_COLUMN);
    assert_non_null(strstr(pmindex_error_message(pmindex_sheet_error(s)), "compound_id is missing"));
    pmindex_sheet_free(s);
    s = open_text("", 0);
    assert_int_equal(pmindex_sheet_next(s, &c), PMINDEX_E_COLUMN);
    assert_non_null(strstr(pmindex_error_message(pmindex_sheet_error(s)), "the sheet is empty"));
    assert_int_equal(pmindex_sheet_next(s, &c), 0);
    pmindex_sheet_free(s);
}

static void test_duplicates_and_counts(void **state)
{
    (void)state;
    char rows[4096];
    snprintf(rows, sizeof rows, "%s%s%s%s", row("D-1", "a", full, ""), row("D-2", "b", full, ",9"),
             row("D-1", "c", full, ""), row("D-3", "d", "1,1", ""));
    char *t = sheet_text("", rows);
    pmindex_sheet *s = open_text(t, 0);
    char ids[256], errors[1024];
    read_all(s, ids, errors);
    assert_string_equal(ids, "D-1");
    char want[256];
    snprintf(want, sizeof want, "3:0::%d 4:1:compound_id:%d 5:0::%d", PMINDEX_E_SYNTAX,
             PMINDEX_E_DUPLICATE, PMINDEX_E_SYNTAX);
    assert_string_equal(errors, want);
    pmindex_sheet_free(s);
    free(t);
}

static void test_partial_and_fields(void **state)
{
    (void)state;
    const char *t = "station,compound_id,B2,managed,households,period,V1\n"
                    "东门派出所,P-1,88%,0,300,2018H2,1\n";
    pmindex_sheet *s = open_text(t, PMINDEX_SHEET_PARTIAL);
    const pmindex_compound *c;
    assert_int_equal(pmindex_sheet_next(s, &c), 1);
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_ID), "P-1");
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_STATION), "东门派出所");
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_NAME), "");
    assert_int_equal(pmindex_compound_managed(c), 0);
    assert_i64(pmindex_compound_households(c), 300);
    assert_int_equal(pmindex_compound_veto(c, 0), 1);
    int64_t v;
    assert_int_equal(pmindex_compound_value(c, pmindex_model_find_item(model, "B2"), &v), 1);
    assert_i64(v, 88000000);
    assert_int_equal(pmindex_compound_value(c, 0, &v), 0);
    assert_i64(pmindex_compound_line(c), 2);
    assert_int_equal(pmindex_sheet_next(s, &c), 0);
    pmindex_sheet_free(s);
}

static void test_open_errors(void **state)
{
    (void)state;
    pmindex_sheet *s = NULL;
    assert_int_equal(pmindex_sheet_open(model, "/nonexistent/sheet.csv", NULL, 0, &s), PMINDEX_E_IO);
    assert_non_null(s);
    assert_non_null(strstr(pmindex_error_message(pmindex_sheet_error(s)), "No such file"));
    assert_string_equal(pmindex_error_file(pmindex_sheet_error(s)), "/nonexistent/sheet.csv");
    const pmindex_compound *c;
    assert_int_equal(pmindex_sheet_next(s, &c), 0);
    pmindex_sheet_free(s);
    assert_int_equal(pmindex_sheet_open(model, "/", NULL, 0, &s), PMINDEX_E_IO);
    assert_non_null(strstr(pmindex_error_message(pmindex_sheet_error(s)), "Is a directory"));
    pmindex_sheet_free(s);
    s = (pmindex_sheet *)0x1;
    assert_int_equal(pmindex_sheet_open(model, "x.csv", "latin1", 0, &s), PMINDEX_E_UNSUPPORTED);
    assert_null(s);
    assert_int_equal(pmindex_sheet_open(model, "x.csv", NULL, 0x80, &s), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_sheet_open(NULL, "x.csv", NULL, 0, &s), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_sheet_next(NULL, &c), PMINDEX_E_INVALID);
    pmindex_sheet_free(NULL);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    char *t = sheet_text("", row("U-1", "\xB4\xE4\xD6\xF1", full, ""));
    pmindex_sheet *s = open_text(t, 0);
    const pmindex_compound *c;
    assert_int_equal(pmindex_sheet_next(s, &c), PMINDEX_E_ENCODING);
    const pmindex_error *e = pmindex_sheet_error(s);
    assert_int_equal(pmindex_error_column(e), 2);
    assert_string_equal(pmindex_error_value(e), "\\xB4\\xE4\\xD6\\xF1");
    assert_non_null(strstr(pmindex_error_message(e), "--encoding gb18030"));
    pmindex_sheet_free(s);
    free(t);
}

/* The SHA-256 of a sheet's bytes, from memory, a file (read in chunks) and
 * GB18030 (the bytes before decoding), as sha256sum gives them. */
static void hex(const uint8_t d[32], char out[65])
{
    for (int i = 0; i < 32; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_digest(void **state)
{
    (void)state;
    static const char text[] = "compound_id,A1\nX,1\n";
    static const char want[] = "870fa48204b8932d61b8e3c82077ede44104c7d9773d354c2318e54693d46713";
    uint8_t d[32];
    char got[65];
    pmindex_sheet *s = open_text(text, PMINDEX_SHEET_PARTIAL | PMINDEX_SHEET_DIGEST);
    assert_int_equal(pmindex_sheet_digest(s, d), 0); /* in memory: known at once */
    hex(d, got);
    assert_string_equal(got, want);
    pmindex_sheet_free(s);
    s = open_text(text, PMINDEX_SHEET_PARTIAL);
    assert_int_equal(pmindex_sheet_digest(s, d), PMINDEX_E_STATE); /* not asked */
    assert_int_equal(pmindex_sheet_digest(NULL, d), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_sheet_digest(s, NULL), PMINDEX_E_INVALID);
    pmindex_sheet_free(s);
    assert_int_equal(pmindex_sheet_open_memory(model, text, 0, NULL, NULL, 4, &s),
                     PMINDEX_E_INVALID);
    /* A file of 1 MiB and more, read in chunks: known at its end only. */
    char path[] = "/tmp/pmindex-test-digest-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("compound_id,A1\n", f);
    for (int k = 0; k < 80000; k++)
        fprintf(f, "ID-%06d,1\n", k);
    fclose(f);
    assert_int_equal(pmindex_sheet_open(model, path, NULL, PMINDEX_SHEET_PARTIAL |
                                        PMINDEX_SHEET_DIGEST, &s), 0);
    const pmindex_compound *c;
    assert_int_equal(pmindex_sheet_next(s, &c), 1);
    assert_int_equal(pmindex_sheet_digest(s, d), PMINDEX_E_STATE);
    int rc, rows = 1;
    while ((rc = pmindex_sheet_next(s, &c)) == 1)
        rows++;
    assert_int_equal(rc, 0);
    assert_int_equal(rows, 80000);
    assert_int_equal(pmindex_sheet_digest(s, d), 0);
    hex(d, got);
    pmindex_sheet_free(s);
    char cmd[128], line[128] = "";
    snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
    FILE *p = popen(cmd, "r");
    if (p && fgets(line, sizeof line, p))
        assert_memory_equal(line, got, 64);
    if (p)
        pclose(p);
    unlink(path);
    /* GB18030: the file's bytes, not the text they decode to. */
    static const char gb[] = "compound_id,name\nX,\xb4\xe4\xd6\xf1\n";
    assert_int_equal(pmindex_sheet_open_memory(model, gb, strlen(gb), NULL, "gb18030",
                                               PMINDEX_SHEET_PARTIAL | PMINDEX_SHEET_DIGEST, &s),
                     0);
    while (pmindex_sheet_next(s, &c) == 1)
        assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_NAME), "翠竹");
    assert_int_equal(pmindex_sheet_digest(s, d), 0);
    hex(d, got);
    assert_string_equal(got, "2bf16231908f3ce6b8bb4b660f75c925c9f95676fcc23d1bf36ec7d4ba774952");
    pmindex_sheet_free(s);
}

int main(void)
{
#define T(f) cmocka_unit_test(f)
    const struct CMUnitTest tests[] = {
        T(test_good_rows), T(test_row_errors_in_order), T(test_error_details),
        T(test_header_errors), T(test_missing_id_and_empty), T(test_duplicates_and_counts),
        T(test_partial_and_fields), T(test_open_errors), T(test_invalid_utf8), T(test_digest),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
