/* UTF-8 validation, cutting, escaping and trimming. */
#include "test.h"

#include "utf8.h"

static void test_valid(void **state)
{
    (void)state;
    static const char *const good[] = {
        "", "abc", "翠竹花园", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF",
        "\xEE\x80\x80", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "long ascii text more than 8",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(pm_utf8_valid(good[i], strlen(good[i])));
}

static void test_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\x80", "\xBF", "\xC0\x80",         /* overlong NUL */
        "\xC1\xBF",                         /* overlong */
        "\xE0\x80\x80", "\xE0\x9F\xBF",     /* overlong 3-byte */
        "\xED\xA0\x80", "\xED\xBF\xBF",     /* surrogates */
        "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF", /* overlong 4-byte */
        "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xFE",
        "\xE7\xBF", "\xE7", "\xC3", "\xB4\xE4\xD6", /* truncated; GBK bytes */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(pm_utf8_valid(bad[i], strlen(bad[i])));
    /* The prefix stops where the bad byte is, even after an 8-byte ASCII run. */
    const char *s = "abcdefghij\xFFk";
    assert_int_equal(pm_utf8_valid_prefix(s, strlen(s)), 10);
}

static void test_cut(void **state)
{
    (void)state;
    const char *s = "a翠竹"; /* 1 + 3 + 3 bytes */
    assert_int_equal(pm_utf8_cut(s, 7), 7);
    assert_int_equal(pm_utf8_cut(s, 6), 4);
    assert_int_equal(pm_utf8_cut(s, 5), 4);
    assert_int_equal(pm_utf8_cut(s, 4), 4);
    assert_int_equal(pm_utf8_cut(s, 2), 1);
    assert_int_equal(pm_utf8_cut(s, 1), 1);
    assert_int_equal(pm_utf8_cut(s, 0), 0);
}

static void test_escape(void **state)
{
    (void)state;
    char out[64];
    pm_utf8_escape(out, sizeof out, "a\x01\\翠\xFF", 7, 80);
    assert_string_equal(out, "a\\x01\\x5C翠\\xFF");
    pm_utf8_escape(out, sizeof out, "0123456789", 10, 4);
    assert_string_equal(out, "0123...");
    /* A tiny buffer: cut, still terminated. */
    pm_utf8_escape(out, 4, "翠竹", 6, 80);
    assert_string_equal(out, "翠");
    char nul[] = {'x', '\0', 'y'};
    pm_utf8_escape(out, sizeof out, nul, 3, 80);
    assert_string_equal(out, "x\\x00y");
}

static void test_trim(void **state)
{
    (void)state;
    const char *s = " \t\xE3\x80\x80" "a b\xE3\x80\x80 ";
    size_t n = strlen(s);
    pm_trim(&s, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(s, "a b", 3);
    const char *e = "   ";
    n = 3;
    pm_trim(&e, &n);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid), cmocka_unit_test(test_invalid), cmocka_unit_test(test_cut),
        cmocka_unit_test(test_escape), cmocka_unit_test(test_trim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
