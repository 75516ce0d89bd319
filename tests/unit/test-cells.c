/* Cells as a sheet gives them, through pmindex_compound_set_text(): the one
 * parser of observations. */
#include <stdio.h>

#include "test.h"

static pmindex_model *model;
static pmindex_compound *c;

static int setup(void **state)
{
    (void)state;
    if (pmindex_model_default(&model) != 0)
        return -1;
    return pmindex_compound_new(model, &c);
}

static int teardown(void **state)
{
    (void)state;
    pmindex_compound_free(c);
    pmindex_model_free(model);
    return 0;
}

static int64_t value_of(const char *column, const char *text)
{
    int rc = pmindex_compound_set_text(c, column, text, strlen(text));
    if (rc != 0)
        fail_msg("%s=\"%s\": %s", column, text, pmindex_error_message(pmindex_compound_error(c)));
    int64_t v = -7;
    int32_t item = pmindex_model_find_item(model, column);
    int got = pmindex_compound_value(c, item, &v);
    return got == 1 ? v : INT64_MIN;
}

static void rejected(const char *column, const char *text, int code, const char *phrase)
{
    int rc = pmindex_compound_set_text(c, column, text, strlen(text));
    const pmindex_error *e = pmindex_compound_error(c);
    if (rc != code)
        fail_msg("%s=\"%s\" gave %d (%s), expected %d", column, text, rc,
                 pmindex_error_message(e), code);
    assert_int_equal(pmindex_error_code(e), code);
    assert_string_equal(pmindex_error_field(e), column);
    if (!strstr(pmindex_error_message(e), phrase))
        fail_msg("message \"%s\" lacks \"%s\"", pmindex_error_message(e), phrase);
}

#define ONE INT64_C(100000000)

static void test_graded(void **state)
{
    (void)state;
    assert_i64(value_of("A2", "1"), ONE);
    assert_i64(value_of("A2", "0.5"), ONE / 2);
    assert_i64(value_of("A2", "0.50"), ONE / 2);
    assert_i64(value_of("A2", "50%"), ONE / 2);
    assert_i64(value_of("A2", "0"), 0);
    assert_i64(value_of("A2", "符合"), ONE);
    assert_i64(value_of("A2", "基本符合"), ONE / 2);
    assert_i64(value_of("A2", " 不符合 "), 0);
    assert_i64(value_of("A2", "Partly Meets"), ONE / 2);
    rejected("A2", "0.7", PMINDEX_E_RANGE, "graded item A2 takes 1, 0.5 or 0");
    rejected("A2", "good", PMINDEX_E_PARSE, "符合, 基本符合, 不符合");
    rejected("A2", "1e0", PMINDEX_E_PARSE, "not a plain decimal");
    rejected("A2", "-1", PMINDEX_E_RANGE, "graded item A2");
}

static void test_passfail(void **state)
{
    (void)state;
    assert_i64(value_of("A1", "1"), ONE);
    assert_i64(value_of("A1", "0"), 0);
    assert_i64(value_of("A1", "是"), ONE);
    assert_i64(value_of("A1", "否"), 0);
    assert_i64(value_of("A1", "YES"), ONE);
    assert_i64(value_of("A1", "no"), 0);
    assert_i64(value_of("A1", "Pass"), ONE);
    assert_i64(value_of("A1", "fail"), 0);
    rejected("A1", "0.5", PMINDEX_E_RANGE, "takes 1 or 0");
    rejected("A1", "对", PMINDEX_E_PARSE, "是/否, yes/no, pass/fail");
}

static void test_deduct(void **state)
{
    (void)state;
    assert_i64(value_of("B6", "0"), 0);
    assert_i64(value_of("B6", "3"), 3 * ONE);
    assert_i64(value_of("B6", "2.0"), 2 * ONE);
    assert_i64(value_of("B6", "+1"), ONE);
    assert_i64(value_of("B6", "-0"), 0);
    assert_i64(value_of("B6", "9999999999"), INT64_C(9999999999) * ONE);
    rejected("B6", "-1", PMINDEX_E_RANGE, "not negative");
    rejected("B6", "1.5", PMINDEX_E_RANGE, "a whole number");
    rejected("B6", "100%", PMINDEX_E_PARSE, "not a percentage");
    rejected("B6", "two", PMINDEX_E_PARSE, "not a plain decimal");
}

static void test_rate(void **state)
{
    (void)state;
    assert_i64(value_of("B2", "87.5%"), 87500000);
    assert_i64(value_of("B2", "0.875"), 87500000);
    assert_i64(value_of("B2", "100%"), ONE);
    assert_i64(value_of("B2", "0%"), 0);
    rejected("B2", "100.01%", PMINDEX_E_RANGE, "cannot be above 1");
    rejected("B2", "1.5", PMINDEX_E_RANGE, "cannot be above 1");
    rejected("B2", "-0.1", PMINDEX_E_RANGE, "cannot be negative");
    rejected("B2", "0.1234567", PMINDEX_E_PARSE, "more than 6 digits");
    rejected("B2", "inf", PMINDEX_E_PARSE, "not a plain decimal");
    /* C4 counts faults: its goalposts are 4 and 0, so values above 1 are fine. */
    assert_i64(value_of("C4", "7.5"), 750000000);
    assert_i64(value_of("C4", "1.2"), 120000000);
    rejected("C4", "-1", PMINDEX_E_RANGE, "cannot be negative");
}

static void test_not_applicable(void **state)
{
    (void)state;
    assert_i64(value_of("C4", "1"), ONE);
    assert_i64(value_of("C4", ""), INT64_MIN);
    assert_i64(value_of("C4", "1"), ONE);
    assert_i64(value_of("C4", "NA"), INT64_MIN);
    assert_i64(value_of("C4", " na "), INT64_MIN);
    assert_i64(value_of("A2", "NA"), INT64_MIN);
    assert_i64(value_of("A1", "  "), INT64_MIN);
    rejected("C4", "N/A", PMINDEX_E_PARSE, "not a plain decimal");
}

static void test_vetoes(void **state)
{
    (void)state;
    int32_t v1 = pmindex_model_find_veto(model, "V1");
    assert_int_equal(pmindex_compound_set_text(c, "V1", "1", 1), 0);
    assert_int_equal(pmindex_compound_veto(c, v1), 1);
    assert_int_equal(pmindex_compound_set_text(c, "V1", "", 0), 0);
    assert_int_equal(pmindex_compound_veto(c, v1), 0);
    assert_int_equal(pmindex_compound_set_text(c, "V1", "1.0", 3), 0);
    assert_int_equal(pmindex_compound_veto(c, v1), 1);
    assert_int_equal(pmindex_compound_set_text(c, "V1", "0", 1), 0);
    assert_int_equal(pmindex_compound_veto(c, v1), 0);
    rejected("V1", "2", PMINDEX_E_RANGE, "veto V1 takes 1");
    rejected("V1", "yes", PMINDEX_E_PARSE, "veto V1 takes 1");
    rejected("V1", "100%", PMINDEX_E_RANGE, "veto V1 takes 1");
}

static void test_descriptive(void **state)
{
    (void)state;
    assert_int_equal(pmindex_compound_set_text(c, "compound_id", " LH-DM_1.a ", 11), 0);
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_ID), "LH-DM_1.a");
    rejected("compound_id", "LH 1", PMINDEX_E_PARSE, "only letters, digits");
    rejected("compound_id", "", PMINDEX_E_PARSE, "empty");
    rejected("compound_id", "翠竹", PMINDEX_E_PARSE, "only letters");
    assert_int_equal(pmindex_compound_set_text(c, "name", "翠竹花园", strlen("翠竹花园")), 0);
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_NAME), "翠竹花园");
    rejected("name", "\xB4\xE4\xD6\xF1", PMINDEX_E_ENCODING, "--encoding gb18030");
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_NAME), "翠竹花园");
    char nul[] = {'a', '\0', 'b'};
    assert_int_equal(pmindex_compound_set_text(c, "street", nul, 3), PMINDEX_E_ENCODING);
    assert_int_equal(pmindex_compound_set_text(c, "period", "2018Q3", 6), 0);
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_PERIOD), "2018Q3");
    assert_int_equal(pmindex_compound_set_text(c, "period", "2018-12", 7), 0);
    rejected("period", "2018-13", PMINDEX_E_PARSE, "2018H2");
    rejected("period", "2018H3", PMINDEX_E_PARSE, "2018H2");
    rejected("period", "18H1", PMINDEX_E_PARSE, "2018H2");
}

static void test_managed_households(void **state)
{
    (void)state;
    assert_int_equal(pmindex_compound_managed(c), 1);
    assert_int_equal(pmindex_compound_set_text(c, "managed", "0", 1), 0);
    assert_int_equal(pmindex_compound_managed(c), 0);
    assert_int_equal(pmindex_compound_set_text(c, "managed", "", 0), 0);
    assert_int_equal(pmindex_compound_managed(c), 1);
    assert_int_equal(pmindex_compound_set_text(c, "managed", "否", strlen("否")), 0);
    assert_int_equal(pmindex_compound_managed(c), 0);
    rejected("managed", "2", PMINDEX_E_PARSE, "managed takes 1");
    assert_i64(pmindex_compound_households(c), -1);
    assert_int_equal(pmindex_compound_set_text(c, "households", "1200", 4), 0);
    assert_i64(pmindex_compound_households(c), 1200);
    rejected("households", "12.5", PMINDEX_E_RANGE, "whole number");
    rejected("households", "-3", PMINDEX_E_RANGE, "whole number");
    assert_i64(pmindex_compound_households(c), 1200);
    assert_int_equal(pmindex_compound_set_text(c, "households", "", 0), 0);
    assert_i64(pmindex_compound_households(c), -1);
}

static void test_unknown_column(void **state)
{
    (void)state;
    assert_int_equal(pmindex_compound_set_text(c, "A99", "1", 1), PMINDEX_E_COLUMN);
    assert_string_equal(pmindex_error_message(pmindex_compound_error(c)),
                        "the model has no column \"A99\"");
    assert_string_equal(pmindex_error_field(pmindex_compound_error(c)), "A99");
    /* A column named in another letter case gets the sheet reader's hint. */
    static const char *const cases[][2] = {
        {"a1", "A1"}, {"c10", "C10"}, {"v5", "V5"}, {"Compound_ID", "compound_id"},
        {"MANAGED", "managed"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char want[64];
        snprintf(want, sizeof want, "unknown column (did you mean \"%s\"?)", cases[k][1]);
        assert_int_equal(pmindex_compound_set_text(c, cases[k][0], "1", 1), PMINDEX_E_COLUMN);
        assert_string_equal(pmindex_error_message(pmindex_compound_error(c)), want);
        assert_string_equal(pmindex_error_field(pmindex_compound_error(c)), cases[k][0]);
    }
}

static void test_set_value_direct(void **state)
{
    (void)state;
    int32_t a2 = pmindex_model_find_item(model, "A2"), b6 = pmindex_model_find_item(model, "B6");
    assert_int_equal(pmindex_compound_set_value(c, a2, ONE / 2), 0);
    assert_int_equal(pmindex_compound_set_value(c, a2, ONE / 3), PMINDEX_E_RANGE);
    assert_int_equal(pmindex_compound_set_value(c, b6, -ONE), PMINDEX_E_RANGE);
    assert_int_equal(pmindex_compound_set_value(c, b6, INT64_MIN), PMINDEX_E_RANGE);
    assert_int_equal(pmindex_compound_set_value(c, 31, 0), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_compound_set_na(c, a2), 0);
    assert_int_equal(pmindex_compound_value(c, a2, NULL), 0);
    assert_int_equal(pmindex_compound_set_na(c, -1), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_compound_set_veto(c, 5, 1), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_compound_set_veto(c, 0, 2), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_compound_value(c, 40, NULL), PMINDEX_E_NOT_FOUND);
}

static void test_clear(void **state)
{
    (void)state;
    set_all_full(c);
    pmindex_compound_set_text(c, "V2", "1", 1);
    pmindex_compound_clear(c);
    for (int32_t i = 0; i < pmindex_model_item_count(model); i++)
        assert_int_equal(pmindex_compound_value(c, i, NULL), 0);
    assert_int_equal(pmindex_compound_veto(c, 1), 0);
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_ID), "");
    assert_i64(pmindex_compound_line(c), 0);
    pmindex_compound *none = NULL;
    assert_int_equal(pmindex_compound_new(NULL, &none), PMINDEX_E_INVALID);
    assert_null(none);
    pmindex_compound_free(NULL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_graded), T(test_passfail), T(test_deduct), T(test_rate),
        T(test_not_applicable), T(test_vetoes), T(test_descriptive),
        T(test_managed_households), T(test_unknown_column), T(test_set_value_direct),
        T(test_clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
