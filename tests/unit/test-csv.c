/* The RFC 4180 reader: quoting, line ends, byte-order marks, encodings,
 * limits, and reading from a file descriptor in small pieces. */
#include "test.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "csv.h"

struct reader {
    struct pm_csv r;
    struct pmindex_error e;
};

static void open_text(struct reader *rd, const char *text, size_t len, bool gb)
{
    pm_error_clear(&rd->e);
    assert_int_equal(pm_csv_init(&rd->r, -1, false, text, len, gb, &rd->e), 0);
}

/* Reads one record and checks its fields, given as "a|b|c". */
static void expect_record(struct reader *rd, const char *fields, int64_t line)
{
    bool fatal;
    int rc = pm_csv_next(&rd->r, &fatal, &rd->e);
    if (rc != 1)
        fail_msg("expected a record, got %d: %s", rc, rd->e.message);
    char buf[1024];
    buf[0] = '\0';
    for (int32_t f = 0; f < rd->r.nfields; f++) {
        if (f)
            strcat(buf, "|");
        strcat(buf, pm_csv_text(&rd->r, f));
    }
    assert_string_equal(buf, fields);
    assert_i64(rd->r.rec_line, line);
}

static void expect_end(struct reader *rd)
{
    bool fatal;
    assert_int_equal(pm_csv_next(&rd->r, &fatal, &rd->e), 0);
    pm_csv_free(&rd->r);
}

static void test_plain_and_quoted(void **state)
{
    (void)state;
    struct reader rd;
    const char *t = "a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\n\"multi\nline\",q\"mid,\"\"\n";
    open_text(&rd, t, strlen(t), false);
    expect_record(&rd, "a|b|c", 1);
    expect_record(&rd, "x,1|say \"hi\"|", 2);
    expect_record(&rd, "multi\nline|q\"mid|", 3);
    assert_i64(rd.r.fields[1].line, 4); /* the field after the line break */
    expect_end(&rd);
}

static void test_line_ends(void **state)
{
    (void)state;
    struct reader rd;
    const char *t = "\xEF\xBB\xBF" "h1,h2\r\n1,2\r\n\r\n3,4\r5,6";
    open_text(&rd, t, strlen(t), false);
    expect_record(&rd, "h1|h2", 1); /* the byte-order mark is gone */
    expect_record(&rd, "1|2", 2);
    expect_record(&rd, "", 3); /* an empty line is a record of one empty field */
    expect_record(&rd, "3|4", 4);
    expect_record(&rd, "5|6", 5); /* a lone CR ends a line; no final line end */
    expect_end(&rd);
}

static void test_nul_and_empty(void **state)
{
    (void)state;
    struct reader rd;
    const char t[] = "a,b\0c\n";
    open_text(&rd, t, sizeof t - 1, false);
    bool fatal;
    assert_int_equal(pm_csv_next(&rd.r, &fatal, &rd.e), 1);
    assert_int_equal(rd.r.nul_field, 1);
    assert_int_equal(rd.r.fields[1].len, 3);
    expect_end(&rd);
    open_text(&rd, "", 0, false);
    expect_end(&rd);
}

static void test_after_quote(void **state)
{
    (void)state;
    struct reader rd;
    const char *t = "a,\"b\"c,d\nnext,1,2\n";
    open_text(&rd, t, strlen(t), false);
    bool fatal;
    assert_int_equal(pm_csv_next(&rd.r, &fatal, &rd.e), PMINDEX_E_SYNTAX);
    assert_false(fatal);
    assert_i64(rd.e.line, 1);
    assert_int_equal(rd.e.column, 2);
    assert_string_equal(rd.e.value, "bc");
    expect_record(&rd, "next|1|2", 2); /* reading goes on */
    expect_end(&rd);
}

static void test_unterminated(void **state)
{
    (void)state;
    struct reader rd;
    const char *t = "a,b\n1,\"open\nstill open\n";
    open_text(&rd, t, strlen(t), false);
    expect_record(&rd, "a|b", 1);
    bool fatal;
    assert_int_equal(pm_csv_next(&rd.r, &fatal, &rd.e), PMINDEX_E_SYNTAX);
    assert_true(fatal);
    assert_i64(rd.e.line, 2);
    assert_non_null(strstr(rd.e.message, "opened on line 2 is never closed"));
    pm_csv_free(&rd.r);
}

static void test_limits(void **state)
{
    (void)state;
    struct reader rd;
    size_t n = PM_CSV_MAX_RECORD + 10;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'x', n);
    open_text(&rd, big, n, false);
    bool fatal;
    assert_int_equal(pm_csv_next(&rd.r, &fatal, &rd.e), PMINDEX_E_LIMIT);
    assert_true(fatal);
    assert_non_null(strstr(rd.e.message, "longer than 1 MiB"));
    pm_csv_free(&rd.r);
    /* More fields than allowed. */
    size_t fields = PM_CSV_MAX_FIELDS + 1;
    char *commas = malloc(fields);
    memset(commas, ',', fields);
    open_text(&rd, commas, fields, false);
    assert_int_equal(pm_csv_next(&rd.r, &fatal, &rd.e), PMINDEX_E_LIMIT);
    assert_true(fatal);
    pm_csv_free(&rd.r);
    free(commas);
    free(big);
}

static void test_gb18030(void **state)
{
    (void)state;
    struct reader rd;
    /* "名称,翠竹\r\n" in GB18030, preceded by its byte-order mark. */
    const char t[] = "\x84\x31\x95\x33\xC3\xFB\xB3\xC6,\xB4\xE4\xD6\xF1\r\n";
    open_text(&rd, t, sizeof t - 1, true);
    expect_record(&rd, "名称|翠竹", 1);
    expect_end(&rd);
    /* A byte that GB18030 does not have: an error with its line, after the good rows. */
    const char bad[] = "a\r\nb\r\n\xFF\xFF\r\n";
    open_text(&rd, bad, sizeof bad - 1, true);
    expect_record(&rd, "a", 1);
    expect_record(&rd, "b", 2);
    bool fatal;
    assert_int_equal(pm_csv_next(&rd.r, &fatal, &rd.e), PMINDEX_E_ENCODING);
    assert_true(fatal);
    assert_i64(rd.e.line, 3);
    pm_csv_free(&rd.r);
}

/* A pipe fed one byte at a time: records, quotes and the byte-order mark
 * split across reads. */
static void test_pipe_byte_by_byte(void **state)
{
    (void)state;
    const char *t = "\xEF\xBB\xBF" "id,\"n,1\"\r\n2,\"a\"\"b\"\r\n";
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        for (const char *p = t; *p; p++) {
            if (write(fds[1], p, 1) != 1)
                _exit(1);
            nanosleep(&(struct timespec){0, 200000}, NULL);
        }
        _exit(0);
    }
    close(fds[1]);
    struct reader rd;
    pm_error_clear(&rd.e);
    assert_int_equal(pm_csv_init(&rd.r, fds[0], true, NULL, 0, false, &rd.e), 0);
    expect_record(&rd, "id|n,1", 1);
    expect_record(&rd, "2|a\"b", 2);
    expect_end(&rd);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(status, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_quoted), cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_nul_and_empty),    cmocka_unit_test(test_after_quote),
        cmocka_unit_test(test_unterminated),     cmocka_unit_test(test_limits),
        cmocka_unit_test(test_gb18030),          cmocka_unit_test(test_pipe_byte_by_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
