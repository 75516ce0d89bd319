/* Exact decimals: every form a sheet may hold, and every form it may not. */
#include "test.h"

#include "decimal.h"

static int64_t parse_ok(const char *s)
{
    int64_t v = -42;
    int rc = pmindex_decimal_parse(s, strlen(s), &v);
    if (rc != 0)
        fail_msg("\"%s\" should parse, got %s", s, pmindex_strerror(rc));
    return v;
}

static void parse_fails(const char *s, int code)
{
    int64_t v = 12345;
    int rc = pmindex_decimal_parse(s, strlen(s), &v);
    if (rc != code)
        fail_msg("\"%s\" gave %d (%s), expected %d", s, rc, pmindex_strerror(rc), code);
    assert_i64(v, 12345); /* untouched on error */
}

static void test_plain(void **state)
{
    (void)state;
    assert_i64(parse_ok("1"), 100000000);
    assert_i64(parse_ok("0.5"), 50000000);
    assert_i64(parse_ok("0"), 0);
    assert_i64(parse_ok("-0"), 0);
    assert_i64(parse_ok("+1"), 100000000);
    assert_i64(parse_ok(" 1 "), 100000000);
    assert_i64(parse_ok("\t2.25\t"), 225000000);
    assert_i64(parse_ok("007"), 700000000);
    assert_i64(parse_ok(".5"), 50000000);
    assert_i64(parse_ok("5."), 500000000);
    assert_i64(parse_ok("-1.5"), -150000000);
    assert_i64(parse_ok("0.000001"), 100);
    assert_i64(parse_ok("9999999999.999999"), INT64_C(999999999999999900));
    assert_i64(parse_ok("\xE3\x80\x80" "3\xE3\x80\x80"), 300000000); /* ideographic spaces */
}

static void test_percent(void **state)
{
    (void)state;
    assert_i64(parse_ok("87%"), 87000000);
    assert_i64(parse_ok("87.5%"), 87500000);
    assert_i64(parse_ok("100%"), 100000000);
    assert_i64(parse_ok("0.000001%"), 1);
    /* 6 places before dividing by 100 still fit exactly. */
    assert_i64(parse_ok("87.123456%"), 87123456);
    assert_i64(parse_ok("-5%"), -5000000);
}

static void test_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", " ", "+", "-", ".", "%", "1e5", "1E5", "0x10", "inf", "-inf", "nan", "NaN",
        "1,000", "1 000", "1.2.3", "--1", "+-1", "1%%", "% 1", "1 %", "abc", "1a",
        "\xEF\xBC\x91" /* fullwidth 1 */, "0.1234567", "1.0000000", "12a3456789012",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        parse_fails(bad[i], PMINDEX_E_PARSE);
}

static void test_range(void **state)
{
    (void)state;
    parse_fails("10000000000", PMINDEX_E_RANGE);
    parse_fails("-99999999999.5", PMINDEX_E_RANGE);
    char big[402];
    memset(big, '9', 400);
    big[400] = '\0';
    parse_fails(big, PMINDEX_E_RANGE);
    /* Leading zeros do not count as digits. */
    assert_i64(parse_ok("00000000000000000001"), 100000000);
}

static void test_why(void **state)
{
    (void)state;
    const char *why = NULL;
    int64_t v;
    bool pct;
    assert_int_equal(pm_decimal_scan("0.1234567", 9, &v, &pct, &why), PMINDEX_E_PARSE);
    assert_string_equal(why, "more than 6 digits after the point");
    assert_int_equal(pm_decimal_scan("12345678901", 11, &v, &pct, &why), PMINDEX_E_RANGE);
    assert_string_equal(why, "more than 10 digits before the point");
    assert_int_equal(pm_decimal_scan("50%", 3, &v, &pct, &why), PMINDEX_OK);
    assert_true(pct);
}

static void test_invalid_args(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(pmindex_decimal_parse(NULL, 0, &v), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_decimal_parse("1", 1, NULL), PMINDEX_E_INVALID);
    /* Length, not NUL, ends the text. */
    assert_int_equal(pmindex_decimal_parse("12", 1, &v), PMINDEX_OK);
    assert_i64(v, 100000000);
}

static void check_format(int64_t units, const char *want)
{
    char buf[64];
    int64_t n = pmindex_decimal_format(units, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_i64(n, (int64_t)strlen(want));
}

static void test_format(void **state)
{
    (void)state;
    check_format(0, "0");
    check_format(87500000, "0.875");
    check_format(400000000, "4");
    check_format(-50000000, "-0.5");
    check_format(1, "0.00000001");
    check_format(INT64_MIN, "-92233720368.54775808");
    check_format(INT64_MAX, "92233720368.54775807");
}

static void check_centi(int64_t v, const char *want)
{
    char buf[64];
    assert_i64(pmindex_centi_format(v, buf, sizeof buf), (int64_t)strlen(want));
    assert_string_equal(buf, want);
}

static void test_centi(void **state)
{
    (void)state;
    check_centi(8750, "87.50");
    check_centi(0, "0.00");
    check_centi(5, "0.05");
    check_centi(-5, "-0.05");
    check_centi(10000, "100.00");
    check_centi(INT64_MIN, "-92233720368547758.08");
}

static void test_capacity(void **state)
{
    (void)state;
    char buf[4] = "xyz";
    /* Too small: the full length, a NUL-terminated prefix. */
    assert_i64(pmindex_centi_format(8750, buf, sizeof buf), 5);
    assert_string_equal(buf, "87.");
    assert_i64(pmindex_centi_format(8750, NULL, 0), 5);
    assert_i64(pmindex_decimal_format(87500000, buf, 1), 5);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),   cmocka_unit_test(test_percent),
        cmocka_unit_test(test_rejected), cmocka_unit_test(test_range),
        cmocka_unit_test(test_why),     cmocka_unit_test(test_invalid_args),
        cmocka_unit_test(test_format),  cmocka_unit_test(test_centi),
        cmocka_unit_test(test_capacity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
