/* Text for terminals and the explanation of a verdict: one width table
 * (CJK characters take two columns), padding and cutting, controls and
 * invalid bytes made harmless; the observation as people read it. */
#define PMINDEX_TEST_DEFAULT_FIXTURE
#include "test.h"

static const char *pad(const char *s, int32_t width, uint32_t flags)
{
    static char buf[256];
    int64_t n = pmindex_text_pad(s, width, flags, buf, sizeof buf);
    assert_true(n >= 0 && (size_t)n < sizeof buf);
    assert_int_equal(strlen(buf), (size_t)n);
    return buf;
}

static void test_width_and_pad(void **state)
{
    (void)state;
    assert_int_equal(pmindex_text_width("LH-1"), 4);
    assert_int_equal(pmindex_text_width("翠竹花园"), 8);
    assert_int_equal(pmindex_text_width("a\tb"), 2); /* a control takes no column */
    assert_int_equal(pmindex_text_width(NULL), 0);
    assert_string_equal(pad("ab", 5, 0), "ab   ");
    assert_string_equal(pad("翠竹", 6, 0), "翠竹  ");
    /* Longer than width - 1 columns: cut with an ellipsis, a space kept free. */
    assert_string_equal(pad("abcdef", 5, 0), "abc… ");
    assert_string_equal(pad("翠竹花园", 6, 0), "翠竹… ");
    assert_string_equal(pad("12.5", 7, PMINDEX_TEXT_RIGHT), "   12.5");
    assert_string_equal(pad("123456789", 4, PMINDEX_TEXT_RIGHT), "123456789"); /* never cut */
    /* Controls become spaces, bytes that are not UTF-8 U+FFFD: safe to print. */
    assert_string_equal(pad("a\x1b[2Jb", 0, 0), "a [2Jb");
    assert_string_equal(pad("x\xff\xfey", 0, 0), "x\xEF\xBF\xBD\xEF\xBF\xBDy");
    assert_string_equal(pad("\xe7\xbf", 0, 0), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* cut sequence */
    /* (buffer, capacity): the length needed, a text cut at a character. */
    char small[5];
    assert_int_equal(pmindex_text_pad("翠竹花园", 0, 0, small, sizeof small), 12);
    assert_string_equal(small, "翠");
    assert_int_equal(pmindex_text_pad("ab", 4, 0, NULL, 0), 4);
    assert_int_equal(pmindex_text_pad(NULL, 4, 0, small, sizeof small), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_text_pad("a", -1, 0, small, sizeof small), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_text_pad("a", 1, 2, small, sizeof small), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_text_pad("a", 1, 0, NULL, 3), PMINDEX_E_INVALID);
}

static void test_observation(void **state)
{
    (void)state;
    char buf[64];
    pmindex_compound_clear(c);
    set_cells(c, "A1=1|A2=0.5|B2=87.5%|B6=2");
    int32_t a1 = pmindex_model_find_item(model, "A1"), a2 = pmindex_model_find_item(model, "A2");
    int32_t b2 = pmindex_model_find_item(model, "B2"), b6 = pmindex_model_find_item(model, "B6");
    pmindex_compound_observation(c, a1, PMINDEX_LANG_EN, buf, sizeof buf);
    assert_string_equal(buf, "1 yes");
    pmindex_compound_observation(c, a2, PMINDEX_LANG_ZH, buf, sizeof buf);
    assert_string_equal(buf, "0.5 基本符合");
    pmindex_compound_observation(c, b2, PMINDEX_LANG_EN, buf, sizeof buf);
    assert_string_equal(buf, "0.875");
    pmindex_compound_observation(c, b6, PMINDEX_LANG_EN, buf, sizeof buf);
    assert_string_equal(buf, "2");
    pmindex_compound_observation(c, pmindex_model_find_item(model, "C4"), 0, buf, sizeof buf);
    assert_string_equal(buf, "NA");
    assert_int_equal(pmindex_compound_observation(c, 99, 0, buf, sizeof buf), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_compound_observation(NULL, 0, 0, buf, sizeof buf), PMINDEX_E_INVALID);
}

static void test_explain(void **state)
{
    (void)state;
    static char buf[16384];
    pmindex_compound_clear(c);
    set_all_full(c);
    set_cells(c, "compound_id=X-1|name=新园\x1b[31m|B1=0|B2=0.8|B3=0|B4=0.6|B5=0.5");
    assert_int_equal(pmindex_assess(model, c, a), 0);
    int64_t n = pmindex_assessment_explain(a, c, PMINDEX_LANG_EN, 0, buf, sizeof buf);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    assert_true(strncmp(buf, "X-1 新园 [31m\n", strlen("X-1 新园 [31m\n")) == 0);
    assert_non_null(strstr(buf, "\nIndex 83.50 · tier Pass · card black · coverage 100.00%\n"));
    assert_non_null(strstr(buf, "\nItems that lost most points: B1 -4.00, B2 -4.00, B4 -4.00,"));
    assert_non_null(strstr(buf, "  - [black:share:B] Black card: indicator B"));
    assert_int_equal(buf[n - 1], '\n');
    /* Every capacity: the same length, a prefix. */
    char small[100];
    assert_int_equal(pmindex_assessment_explain(a, c, PMINDEX_LANG_ZH, 0, small, sizeof small),
                     pmindex_assessment_explain(a, c, PMINDEX_LANG_ZH, 0, NULL, 0));
    assert_int_equal(pmindex_assessment_explain(NULL, c, 0, 0, buf, sizeof buf), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_assessment_explain(a, NULL, 0, 0, buf, sizeof buf), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_assessment_explain(a, c, 0, 1, buf, sizeof buf), PMINDEX_E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width_and_pad),
        cmocka_unit_test(test_observation),
        cmocka_unit_test(test_explain),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
