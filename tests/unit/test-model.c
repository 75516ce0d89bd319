/* The embedded default model is the spec's, table for table, and the
 * accessors behave at their edges. */
#define PMINDEX_TEST_DEFAULT_MODEL
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "spec-tables.h"

/* Splits a markdown table row into trimmed cells. */
static int cells(const char *row, char out[8][160])
{
    int n = 0;
    const char *p = strchr(row, '|') + 1;
    while (*p && n < 8) {
        const char *q = strchr(p, '|');
        if (!q)
            break;
        while (*p == ' ')
            p++;
        size_t len = (size_t)(q - p);
        while (len > 0 && p[len - 1] == ' ')
            len--;
        memcpy(out[n], p, len);
        out[n][len] = '\0';
        n++;
        p = q + 1;
    }
    return n;
}

static int64_t centi(const char *points)
{
    int64_t v;
    assert_int_equal(pmindex_decimal_parse(points, strlen(points), &v), 0);
    return v / 1000000; /* units of 1e-8 -> hundredths */
}

static void test_indicators(void **state)
{
    (void)state;
    int32_t n = (int32_t)(sizeof spec_indicators / sizeof spec_indicators[0]);
    assert_int_equal(pmindex_model_indicator_count(model), n);
    for (int32_t k = 0; k < n; k++) {
        char c[8][160];
        assert_int_equal(cells(spec_indicators[k], c), 4);
        assert_string_equal(pmindex_model_indicator_id(model, k), c[0]);
        assert_string_equal(pmindex_model_indicator_name(model, k, PMINDEX_LANG_ZH), c[1]);
        assert_string_equal(pmindex_model_indicator_name(model, k, PMINDEX_LANG_EN), c[2]);
        assert_i64(pmindex_model_indicator_points(model, k), centi(c[3]));
        assert_int_equal(pmindex_model_find_indicator(model, c[0]), k);
    }
}

static void test_items(void **state)
{
    (void)state;
    int32_t n = (int32_t)(sizeof spec_items / sizeof spec_items[0]);
    assert_int_equal(pmindex_model_item_count(model), n);
    for (int32_t i = 0; i < n; i++) {
        char c[8][160];
        assert_int_equal(cells(spec_items[i], c), 7);
        assert_string_equal(pmindex_model_item_id(model, i), c[0]);
        assert_string_equal(pmindex_model_item_name(model, i, PMINDEX_LANG_ZH), c[1]);
        assert_string_equal(pmindex_model_item_name(model, i, PMINDEX_LANG_EN), c[2]);
        assert_i64(pmindex_model_item_max(model, i), centi(c[3]));
        char ind[2] = {c[0][0], '\0'};
        assert_int_equal(pmindex_model_item_indicator(model, i),
                         pmindex_model_find_indicator(model, ind));
        assert_int_equal(pmindex_model_find_item(model, c[0]), i);
        int32_t type = pmindex_model_item_type(model, i);
        int64_t zero, full;
        if (strcmp(c[4], "graded") == 0) {
            assert_int_equal(type, PMINDEX_ITEM_GRADED);
            assert_int_equal(pmindex_model_item_level_count(model, i), 3);
            assert_i64(pmindex_model_item_level_value(model, i, 1), 50000000);
            assert_string_equal(pmindex_model_item_level_label(model, i, 1, PMINDEX_LANG_ZH),
                                "基本符合");
        } else if (strcmp(c[4], "passfail") == 0) {
            assert_int_equal(type, PMINDEX_ITEM_PASSFAIL);
        } else if (strcmp(c[4], "deduct") == 0) {
            assert_int_equal(type, PMINDEX_ITEM_DEDUCT);
            char penalty[32];
            assert_int_equal(sscanf(c[5], "penalty %31s", penalty), 1);
            assert_i64(pmindex_model_item_penalty(model, i), centi(penalty));
        } else {
            assert_string_equal(c[4], "rate");
            assert_int_equal(type, PMINDEX_ITEM_RATE);
            char z[32], f[32];
            assert_int_equal(sscanf(c[5], "zero %31[^,], full %31s", z, f), 2);
            assert_int_equal(pmindex_model_item_goalposts(model, i, &zero, &full), 0);
            int64_t wz, wf;
            assert_int_equal(pmindex_decimal_parse(z, strlen(z), &wz), 0);
            assert_int_equal(pmindex_decimal_parse(f, strlen(f), &wf), 0);
            assert_i64(zero, wz);
            assert_i64(full, wf);
        }
        if (type != PMINDEX_ITEM_RATE)
            assert_int_equal(pmindex_model_item_goalposts(model, i, &zero, &full),
                             PMINDEX_E_NOT_FOUND);
        if (c[6][0]) {
            int32_t v = pmindex_model_find_veto(model, c[6]);
            assert_true(v >= 0);
            assert_int_equal(pmindex_model_veto_item(model, v), i);
        }
    }
}

static void test_vetoes_tiers_rules(void **state)
{
    (void)state;
    assert_int_equal(pmindex_model_veto_count(model), 5);
    static const int legal[] = {1, 0, 0, 1, 1}; /* V1, V4, V5 are legal violations */
    for (int32_t v = 0; v < 5; v++) {
        char id[4];
        snprintf(id, sizeof id, "V%d", (int)v + 1);
        assert_string_equal(pmindex_model_veto_id(model, v), id);
        assert_int_equal(pmindex_model_veto_legal(model, v), legal[v]);
        assert_true(strlen(pmindex_model_veto_description(model, v, PMINDEX_LANG_ZH)) > 0);
    }
    assert_string_equal(pmindex_model_veto_description(model, 0, PMINDEX_LANG_EN),
                        "Serious security, fire or safety accident caused by the property company");

    static const char *const keys[] = {"excellent", "good", "pass", "fail"};
    static const char *const zh[] = {"优秀", "良好", "合格", "不合格"};
    static const int64_t thresholds[] = {9000, 8000, 7000, 0};
    assert_int_equal(pmindex_model_tier_count(model), 4);
    for (int32_t t = 0; t < 4; t++) {
        assert_string_equal(pmindex_model_tier_key(model, t), keys[t]);
        assert_string_equal(pmindex_model_tier_label(model, t, PMINDEX_LANG_ZH), zh[t]);
        assert_i64(pmindex_model_tier_threshold(model, t), thresholds[t]);
    }
    assert_string_equal(pmindex_model_tier_label(model, PMINDEX_TIER_FALLBACK, PMINDEX_LANG_ZH),
                        "兜底管理");

    int64_t num, den;
    int32_t ind;
    assert_int_equal(pmindex_model_rule(model, PMINDEX_RULE_DOWNGRADE_SHARE, 0, NULL, &num, &den), 0);
    assert_true(num * 100 == 60 * den);
    assert_int_equal(pmindex_model_rule(model, PMINDEX_RULE_COVERAGE_FLOOR, 0, NULL, &num, &den), 0);
    assert_true(num * 3 == 2 * den);
    assert_int_equal(pmindex_model_black_share_count(model), 1);
    assert_int_equal(pmindex_model_rule(model, PMINDEX_RULE_BLACK_SHARE, 0, &ind, &num, &den), 0);
    assert_string_equal(pmindex_model_indicator_id(model, ind), "B");
    assert_true(num * 2 == den);
    assert_int_equal(pmindex_model_rule(model, PMINDEX_RULE_BLACK_SHARE, 1, &ind, &num, &den),
                     PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_model_black_tier(model), 3);
    assert_int_equal(pmindex_model_black_on_veto(model), 1);
    assert_int_equal(pmindex_model_red_tier(model), 0);

    int64_t honour, watch;
    int32_t no_black, on_black;
    assert_int_equal(pmindex_model_company_rules(model, &honour, &no_black, &watch, &on_black), 0);
    assert_i64(honour, 9000);
    assert_i64(watch, 7000);
    assert_int_equal(no_black, 1);
    assert_int_equal(on_black, 1);
}

static void test_ladder(void **state)
{
    (void)state;
    assert_int_equal(pmindex_model_ladder_max_level(model), 4);
    assert_int_equal(pmindex_model_ladder_clean_periods(model), 2);
    assert_int_equal(pmindex_model_ladder_legal_level(model), 4);
    assert_int_equal(pmindex_model_period_kind(model), PMINDEX_PERIOD_HALF);
    static const char *const keys[] = {"praise", "black_card", "interview", "replace_manager",
                                       "legal_penalty"};
    for (int32_t l = 0; l <= 4; l++) {
        assert_string_equal(pmindex_model_measure_key(model, l), keys[l]);
        assert_true(strlen(pmindex_model_measure_label(model, l, PMINDEX_LANG_EN)) > 0);
        assert_true(strlen(pmindex_model_inspection(model, l, PMINDEX_LANG_ZH)) > 0);
    }
    assert_string_equal(pmindex_model_inspection(model, 0, PMINDEX_LANG_EN),
                        "district yearly, street half-yearly");
    assert_string_equal(pmindex_model_inspection(model, 3, PMINDEX_LANG_EN),
                        "police station every 2 weeks, street monthly, district quarterly");
    assert_string_equal(pmindex_model_measure_key(model, 5), "");
    assert_string_equal(pmindex_model_measure_key(model, -1), "");
}

static void test_edges(void **state)
{
    (void)state;
    assert_string_equal(pmindex_model_item_id(model, 31), "");
    assert_string_equal(pmindex_model_item_id(model, -1), "");
    assert_i64(pmindex_model_item_max(model, 99), 0);
    assert_int_equal(pmindex_model_item_type(model, 99), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_model_find_item(model, "Z9"), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_model_find_item(model, "a1"), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_model_find_item(model, "V1"), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_model_find_veto(model, "A1"), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_model_find_item(model, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_model_find_tier(model, "good"), 1);
    assert_int_equal(pmindex_model_item_count(NULL), 0);
    assert_string_equal(pmindex_model_name(NULL, 0), "");
    assert_string_equal(pmindex_model_name(model, PMINDEX_LANG_EN),
                        "Luohu property management index (2018)");
    assert_string_equal(pmindex_model_item_level_label(model, 0, 0, PMINDEX_LANG_ZH), "是");
    assert_int_equal(pmindex_model_item_level_count(model, 0), 2);
    assert_int_equal(pmindex_model_item_level_count(model, 5), 0); /* deduct */
    assert_i64(pmindex_model_item_level_value(model, 1, 3), -1);
    assert_int_equal(pmindex_model_default(NULL), PMINDEX_E_INVALID);
    pmindex_model_free(NULL);
}

static void test_versions(void **state)
{
    (void)state;
    assert_int_equal(pmindex_version(), PMINDEX_VERSION_NUMBER);
    assert_string_equal(pmindex_version_string(), PMINDEX_VERSION_STRING);
    assert_int_equal(PMINDEX_VERSION_MAJOR, 1);
    for (int code = 0; code >= -17; code--)
        assert_string_not_equal(pmindex_strerror(code), "unknown error code");
    assert_string_equal(pmindex_strerror(-999), "unknown error code");
    assert_string_equal(pmindex_strerror(7), "unknown error code");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indicators), cmocka_unit_test(test_items),
        cmocka_unit_test(test_vetoes_tiers_rules), cmocka_unit_test(test_ladder),
        cmocka_unit_test(test_edges), cmocka_unit_test(test_versions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
