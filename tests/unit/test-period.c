/* Periods: parsing, names, order and the next period. */
#include <stdio.h>

#include "test.h"

static int32_t parse(const char *s)
{
    int32_t p = -1;
    int rc = pmindex_period_parse(s, strlen(s), &p);
    return rc == 0 ? p : rc;
}

static const char *name(int32_t p)
{
    static char buf[16];
    int64_t n = pmindex_period_format(p, buf, sizeof buf);
    return n < 0 ? "(invalid)" : buf;
}

static void test_parse(void **state)
{
    (void)state;
    assert_i64(parse("2018H2"), 10201802);
    assert_i64(parse("2018h1"), 10201801);
    assert_i64(parse("2018Q3"), 20201803);
    assert_i64(parse("2018q4"), 20201804);
    assert_i64(parse("2018-09"), 30201809);
    assert_i64(parse("2018-12"), 30201812);
    assert_i64(parse("1000-01"), 30100001);
    assert_i64(parse("9999H2"), 10999902);
    static const char *const bad[] = {
        "", "2018", "2018H", "2018H0", "2018H3", "2018Q0", "2018Q5", "2018-00", "2018-13",
        "2018-9", "2018-009", "18H2", "0999H1", "2018 H2", " 2018H2", "2018H2 ", "2018X1",
        "201aH1", "2018-1a", "2018/09", "+018H1", "2018H12",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int32_t p = 7;
        if (pmindex_period_parse(bad[i], strlen(bad[i]), &p) != PMINDEX_E_PARSE)
            fail_msg("\"%s\" parsed", bad[i]);
        assert_i64(p, PMINDEX_PERIOD_NONE);
    }
    /* Not NUL-terminated: only len bytes count. */
    int32_t p;
    assert_i64(pmindex_period_parse("2018H2xyz", 6, &p), 0);
    assert_i64(p, 10201802);
    assert_i64(pmindex_period_parse(NULL, 6, &p), PMINDEX_E_INVALID);
    assert_i64(pmindex_period_parse("2018H2", 6, NULL), PMINDEX_E_INVALID);
}

static void test_format_kind(void **state)
{
    (void)state;
    assert_string_equal(name(parse("2018h2")), "2018H2");
    assert_string_equal(name(parse("2018Q3")), "2018Q3");
    assert_string_equal(name(parse("2018-09")), "2018-09");
    assert_string_equal(name(parse("2019-11")), "2019-11");
    assert_i64(pmindex_period_kind(parse("2018H2")), PMINDEX_PERIOD_HALF);
    assert_i64(pmindex_period_kind(parse("2018Q2")), PMINDEX_PERIOD_QUARTER);
    assert_i64(pmindex_period_kind(parse("2018-02")), PMINDEX_PERIOD_MONTH);
    static const int32_t invalid[] = {0, -1, 10201803, 20201805, 30201813, 30201800, 40201801,
                                      10099901, 10201800};
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
        assert_i64(pmindex_period_kind(invalid[i]), PMINDEX_E_INVALID);
        assert_i64(pmindex_period_format(invalid[i], NULL, 0), PMINDEX_E_INVALID);
    }
    /* Capacity: the length needed, a cut text that is still terminated. */
    char small[4] = "xxx";
    assert_i64(pmindex_period_format(parse("2018-09"), small, sizeof small), 7);
    assert_string_equal(small, "201");
    assert_i64(pmindex_period_format(parse("2018-09"), NULL, 0), 7);
    assert_i64(pmindex_period_format(parse("2018-09"), NULL, 4), PMINDEX_E_INVALID);
}

static void test_compare_next(void **state)
{
    (void)state;
    int32_t o = 9;
    assert_i64(pmindex_period_compare(parse("2018H2"), parse("2019H1"), &o), 0);
    assert_i64(o, -1);
    assert_i64(pmindex_period_compare(parse("2019H1"), parse("2018H2"), &o), 0);
    assert_i64(o, 1);
    assert_i64(pmindex_period_compare(parse("2018Q3"), parse("2018Q3"), &o), 0);
    assert_i64(o, 0);
    assert_i64(pmindex_period_compare(parse("2018-12"), parse("2019-01"), &o), 0);
    assert_i64(o, -1);
    /* Kinds do not compare. */
    assert_i64(pmindex_period_compare(parse("2018H2"), parse("2018Q3"), &o), PMINDEX_E_INVALID);
    assert_i64(pmindex_period_compare(parse("2018H2"), 0, &o), PMINDEX_E_INVALID);
    assert_i64(pmindex_period_compare(parse("2018H2"), parse("2018H2"), NULL), PMINDEX_E_INVALID);

    static const char *const steps[][2] = {
        {"2018H1", "2018H2"}, {"2018H2", "2019H1"}, {"2018Q3", "2018Q4"}, {"2018Q4", "2019Q1"},
        {"2018-09", "2018-10"}, {"2018-12", "2019-01"}, {"1999-12", "2000-01"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        int32_t n;
        assert_i64(pmindex_period_next(parse(steps[i][0]), &n), 0);
        assert_string_equal(name(n), steps[i][1]);
    }
    int32_t n;
    assert_i64(pmindex_period_next(parse("9999H2"), &n), PMINDEX_E_RANGE);
    assert_i64(pmindex_period_next(parse("9999-11"), &n), 0);
    assert_i64(pmindex_period_next(0, &n), PMINDEX_E_INVALID);
    assert_i64(pmindex_period_next(parse("2018H1"), NULL), PMINDEX_E_INVALID);
}

/* Every month of a span, walked with next, comes out in order and named. */
static void test_walk(void **state)
{
    (void)state;
    int32_t p = parse("2017-11"), prev = 0;
    char expect[16];
    for (int i = 0; i < 30; i++) {
        int y = 2017 + (10 + i) / 12, m = (10 + i) % 12 + 1;
        snprintf(expect, sizeof expect, "%04d-%02d", y, m);
        assert_string_equal(name(p), expect);
        if (prev) {
            int32_t o;
            assert_i64(pmindex_period_compare(prev, p, &o), 0);
            assert_i64(o, -1);
        }
        prev = p;
        assert_i64(pmindex_period_next(p, &p), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_format_kind),
        cmocka_unit_test(test_compare_next),
        cmocka_unit_test(test_walk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
