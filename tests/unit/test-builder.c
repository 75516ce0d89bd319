/* The builder's one validation step: every rule, with the element named. */
#include "test.h"

#include <stdio.h>

#define P(x) ((int64_t)(x) * 100)
#define U(x) ((int64_t)((x) * 100000000.0 + 0.5)) /* test literals only */

static pmindex_builder *b;

static int setup(void **state)
{
    (void)state;
    return pmindex_builder_new(&b);
}

static int teardown(void **state)
{
    (void)state;
    pmindex_builder_free(b);
    return 0;
}

/* A small valid model: 1 indicator of 10 points, one item of each type. */
static void tiny(pmindex_builder *bb)
{
    assert_int_equal(pmindex_builder_add_indicator(bb, "X", "甲", "Ex", P(10)), 0);
    assert_int_equal(pmindex_builder_add_item(bb, "X1", "一", "one", "X", P(4), PMINDEX_ITEM_GRADED), 0);
    assert_int_equal(pmindex_builder_add_item(bb, "X2", "二", "two", "X", P(3), PMINDEX_ITEM_PASSFAIL), 0);
    assert_int_equal(pmindex_builder_add_item(bb, "X3", "三", "three", "X", P(2), PMINDEX_ITEM_DEDUCT), 0);
    assert_int_equal(pmindex_builder_set_penalty(bb, P(1)), 0);
    assert_int_equal(pmindex_builder_add_item(bb, "X4", "四", "four", "X", P(1), PMINDEX_ITEM_RATE), 0);
    assert_int_equal(pmindex_builder_set_goalposts(bb, U(0.5), U(1)), 0);
    assert_int_equal(pmindex_builder_add_veto(bb, "V", "否决", "veto", "X1", 1), 0);
    assert_int_equal(pmindex_builder_add_tier(bb, "top", "上", "Top", P(90)), 0);
    assert_int_equal(pmindex_builder_add_tier(bb, "bottom", "下", "Bottom", 0), 0);
}

/* Builds and expects failure naming section and field, with a phrase. */
static void rejects(const char *section, const char *field, const char *phrase)
{
    pmindex_model *m = (pmindex_model *)0x1;
    int rc = pmindex_builder_build(b, &m);
    const pmindex_error *e = pmindex_builder_error(b);
    if (rc != PMINDEX_E_MODEL)
        fail_msg("build gave %d (%s), expected E_MODEL about %s/%s", rc,
                 pmindex_error_message(e), section, field);
    assert_null(m);
    assert_int_equal(pmindex_error_code(e), PMINDEX_E_MODEL);
    assert_string_equal(pmindex_error_section(e), section);
    assert_string_equal(pmindex_error_field(e), field);
    if (!strstr(pmindex_error_message(e), phrase))
        fail_msg("message \"%s\" lacks \"%s\"", pmindex_error_message(e), phrase);
    /* The formatted error names the element too. */
    char line[1024];
    pmindex_error_format(e, line, sizeof line);
    assert_non_null(strstr(line, section));
}

static void test_tiny_builds(void **state)
{
    (void)state;
    tiny(b);
    pmindex_model *m = NULL;
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    assert_non_null(m);
    assert_int_equal(pmindex_model_item_count(m), 4);
    assert_int_equal(pmindex_model_veto_item(m, 0), 0);
    assert_int_equal(pmindex_model_veto_legal(m, 0), 1);
    /* The default levels of a graded item without levels. */
    assert_int_equal(pmindex_model_item_level_count(m, 0), 3);
    /* Defaults of the rules: black card for the last tier, red for the first. */
    assert_int_equal(pmindex_model_black_tier(m), 1);
    assert_int_equal(pmindex_model_red_tier(m), 0);
    pmindex_model_free(m);
    /* The builder is empty again. */
    rejects("model", "", "has no indicator");
}

static void test_ids(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_item(b, "X1", "重复", "dup", "X", P(1), PMINDEX_ITEM_PASSFAIL);
    rejects("item X1", "id", "already used");
}

static void test_id_shared_namespace(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_veto(b, "X2", "d", "d", NULL, 0);
    rejects("veto X2", "id", "already used");
}

/* Found by fuzzing (tests/fuzz/regressions/builder/id-case): ids that
 * differ only in case built, but their INI text does not load. */
static void test_id_case(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_veto(b, "x3", "d", "d", NULL, 0);
    rejects("veto x3", "id", "differs from item X3 only in letter case");
}

static void test_id_syntax(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "1X", "a", "a", P(1));
    rejects("indicator 1X", "id", "must start with a letter");
}

static void test_id_reserved(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "Index", "a", "a", P(1));
    pmindex_builder_add_item(b, "I1", "a", "a", "Index", P(1), PMINDEX_ITEM_PASSFAIL);
    pmindex_builder_add_tier(b, "all", "全", "All", 0);
    rejects("indicator Index", "id", "column name");
}

static void test_unknown_indicator(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_item(b, "Y1", "y", "y", "Y", P(1), PMINDEX_ITEM_PASSFAIL);
    rejects("item Y1", "indicator", "no indicator has the id \"Y\"");
}

static void test_points_add_up(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_indicator(b, "Z", "z", "z", P(5));
    pmindex_builder_add_item(b, "Z1", "z", "z", "Z", P(4), PMINDEX_ITEM_PASSFAIL);
    rejects("indicator Z", "points", "add up to 4.00, not to its 5.00 points");
}

static void test_indicator_without_items(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_indicator(b, "Z", "z", "z", P(5));
    rejects("indicator Z", "", "has no item");
}

static void test_zero_and_negative_points(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "X", "x", "x", 0);
    rejects("indicator X", "points", "above 0");
    pmindex_builder *b2;
    assert_int_equal(pmindex_builder_new(&b2), 0);
    pmindex_builder_free(b);
    b = b2;
    pmindex_builder_add_indicator(b, "X", "x", "x", P(1));
    pmindex_builder_add_item(b, "X1", "x", "x", "X", -P(1), PMINDEX_ITEM_PASSFAIL);
    rejects("item X1", "max", "above 0");
}

static void test_goalposts(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_indicator(b, "R", "r", "r", P(1));
    pmindex_builder_add_item(b, "R1", "r", "r", "R", P(1), PMINDEX_ITEM_RATE);
    pmindex_builder_set_goalposts(b, U(0.7), U(0.7));
    rejects("item R1", "full", "equal");
}

static void test_goalposts_missing_and_negative(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "R", "r", "r", P(1));
    pmindex_builder_add_item(b, "R1", "r", "r", "R", P(1), PMINDEX_ITEM_RATE);
    pmindex_builder_add_tier(b, "all", "全", "All", 0);
    rejects("item R1", "zero", "needs goalposts");
    pmindex_builder_set_goalposts(b, -1, U(1));
    rejects("item R1", "zero", "between 0 and");
}

static void test_penalty(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "D", "d", "d", P(2));
    pmindex_builder_add_item(b, "D1", "d", "d", "D", P(2), PMINDEX_ITEM_DEDUCT);
    pmindex_builder_add_tier(b, "all", "全", "All", 0);
    rejects("item D1", "penalty", "needs a penalty");
    pmindex_builder_set_penalty(b, 0);
    rejects("item D1", "penalty", "above 0");
    pmindex_builder_set_penalty(b, P(3));
    rejects("item D1", "penalty", "at most the item's max");
}

static void test_parameters_of_other_types(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_indicator(b, "G", "g", "g", P(1));
    pmindex_builder_add_item(b, "G1", "g", "g", "G", P(1), PMINDEX_ITEM_GRADED);
    pmindex_builder_set_penalty(b, P(1));
    rejects("item G1", "penalty", "only deduct items");
}

static void test_goalposts_on_passfail(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_indicator(b, "G", "g", "g", P(1));
    pmindex_builder_add_item(b, "G1", "g", "g", "G", P(1), PMINDEX_ITEM_PASSFAIL);
    pmindex_builder_set_goalposts(b, 0, U(1));
    rejects("item G1", "zero", "only rate items");
}

/* A new builder: a failed build keeps what the builder was given. */
static void fresh(void)
{
    pmindex_builder_free(b);
    assert_int_equal(pmindex_builder_new(&b), 0);
}

/* Tolerances (1.2): rate items only, above 0, at most the span. */
static void test_tolerance(void **state)
{
    (void)state;
    fresh();
    tiny(b); /* X4: rate from 0.5 to 1 */
    pmindex_model *m;
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    assert_i64(pmindex_model_item_tolerance(m, 3), U(0.005)); /* 1% of 0.5 */
    assert_i64(pmindex_model_item_tolerance(m, 0), 0);        /* graded: none */
    assert_i64(pmindex_model_item_tolerance(m, 9), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_model_item_tolerance(NULL, 0), PMINDEX_E_INVALID);
    pmindex_model_free(m);
    fresh();
    tiny(b);
    assert_int_equal(pmindex_builder_set_tolerance(b, U(0.02)), 0);
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    assert_i64(pmindex_model_item_tolerance(m, 3), U(0.02));
    pmindex_model_free(m);
    fresh();
    tiny(b);
    assert_int_equal(pmindex_builder_set_tolerance(b, 0), 0);
    rejects("item X4", "tolerance", "above 0");
    fresh();
    tiny(b);
    assert_int_equal(pmindex_builder_set_tolerance(b, U(0.5) + 1), 0);
    rejects("item X4", "tolerance", "at most the span");
    fresh();
    tiny(b);
    pmindex_builder_add_indicator(b, "G", "g", "g", P(1));
    pmindex_builder_add_item(b, "G1", "g", "g", "G", P(1), PMINDEX_ITEM_DEDUCT);
    pmindex_builder_set_penalty(b, P(1));
    pmindex_builder_set_tolerance(b, 1);
    rejects("item G1", "tolerance", "only rate items");
    /* A span of a few units still has a step of one unit. */
    fresh();
    tiny(b);
    pmindex_builder_add_indicator(b, "R", "r", "r", P(1));
    pmindex_builder_add_item(b, "R1", "r", "r", "R", P(1), PMINDEX_ITEM_RATE);
    pmindex_builder_set_goalposts(b, 3, 0);
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    assert_i64(pmindex_model_item_tolerance(m, 4), 1);
    pmindex_model_free(m);
}

/* Legal bases (1.2): optional, checked as labels; either text may be empty. */
static void test_basis(void **state)
{
    (void)state;
    assert_int_equal(pmindex_builder_set_item_basis(b, "x", "y"), PMINDEX_E_STATE);
    assert_int_equal(pmindex_builder_set_veto_basis(b, "x", "y"), PMINDEX_E_STATE);
    fresh();
    tiny(b);
    assert_int_equal(pmindex_builder_set_veto_basis(b, "《中华人民共和国消防法》", ""), 0);
    pmindex_model *m;
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    assert_string_equal(pmindex_model_veto_basis(m, 0, PMINDEX_LANG_ZH), "《中华人民共和国消防法》");
    assert_string_equal(pmindex_model_veto_basis(m, 0, PMINDEX_LANG_EN), "");
    assert_string_equal(pmindex_model_item_basis(m, 0, PMINDEX_LANG_ZH), "");
    assert_string_equal(pmindex_model_item_basis(m, 99, PMINDEX_LANG_ZH), "");
    assert_string_equal(pmindex_model_veto_basis(m, 1, PMINDEX_LANG_ZH), "");
    pmindex_model_free(m);
    fresh();
    tiny(b);
    assert_int_equal(pmindex_builder_set_item_basis(b, "a", "line\nbreak"), 0);
    assert_int_equal(pmindex_builder_set_item_basis(b, NULL, NULL), 0); /* removed again */
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    pmindex_model_free(m);
    fresh();
    tiny(b);
    assert_int_equal(pmindex_builder_set_item_basis(b, "a", "line\nbreak"), 0);
    rejects("item X4", "basis_en", "control character");
    fresh();
    tiny(b);
    assert_int_equal(pmindex_builder_set_veto_basis(b, "\xff", NULL), 0);
    rejects("veto V", "basis_zh", "UTF-8");
}

/* The days to rectify after a black card (1.2): 30 unless set, 1 to 3650. */
static void test_rectification_days(void **state)
{
    (void)state;
    fresh();
    tiny(b);
    pmindex_model *m;
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    assert_int_equal(pmindex_model_rectification_days(m), 30);
    pmindex_model_free(m);
    assert_int_equal(pmindex_model_rectification_days(NULL), 0);
    fresh();
    tiny(b);
    assert_int_equal(pmindex_builder_set_rectification_days(b, 15), 0);
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    assert_int_equal(pmindex_model_rectification_days(m), 15);
    pmindex_model_free(m);
    fresh();
    tiny(b);
    pmindex_builder_set_rectification_days(b, 0);
    rejects("ladder", "rectification_days", "between 1 and 3650");
    fresh();
    tiny(b);
    pmindex_builder_set_rectification_days(b, 3651);
    rejects("ladder", "rectification_days", "between 1 and 3650");
    assert_int_equal(pmindex_builder_set_rectification_days(NULL, 5), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_builder_set_tolerance(NULL, 5), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_builder_set_item_basis(NULL, "a", "b"), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_builder_set_veto_basis(NULL, "a", "b"), PMINDEX_E_INVALID);
}

static void test_levels(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_indicator(b, "G", "g", "g", P(1));
    pmindex_builder_add_item(b, "G1", "g", "g", "G", P(1), PMINDEX_ITEM_GRADED);
    pmindex_builder_add_item_level(b, U(1), "好", "good");
    pmindex_builder_add_item_level(b, U(0.5), "好", "fair");
    rejects("item G1", "level2", "given to two levels");
}

static void test_levels_order(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_indicator(b, "G", "g", "g", P(1));
    pmindex_builder_add_item(b, "G1", "g", "g", "G", P(1), PMINDEX_ITEM_GRADED);
    pmindex_builder_add_item_level(b, U(0.5), "中", "fair");
    pmindex_builder_add_item_level(b, U(1), "好", "good");
    rejects("item G1", "level2", "best first");
}

static void test_levels_numeric_label(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_indicator(b, "G", "g", "g", P(1));
    pmindex_builder_add_item(b, "G1", "g", "g", "G", P(1), PMINDEX_ITEM_GRADED);
    pmindex_builder_add_item_level(b, U(1), "好", "1");
    pmindex_builder_add_item_level(b, 0, "差", "bad");
    rejects("item G1", "level1", "read as a number");
}

static void test_levels_range_and_count(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_indicator(b, "G", "g", "g", P(1));
    pmindex_builder_add_item(b, "G1", "g", "g", "G", P(1), PMINDEX_ITEM_GRADED);
    pmindex_builder_add_item_level(b, U(1.5), "好", "good");
    pmindex_builder_add_item_level(b, 0, "差", "bad");
    rejects("item G1", "level1", "between 0 and 1");
}

static void test_labels(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "X", "", "x", P(1));
    rejects("indicator X", "name_zh", "is empty");
}

static void test_label_utf8(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "X", "x", "bad \xFF", P(1));
    rejects("indicator X", "name_en", "not valid UTF-8");
}

static void test_label_control(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "X", "x\ny", "x", P(1));
    rejects("indicator X", "name_zh", "control character");
}

static void test_veto_item(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_veto(b, "W", "w", "w", "Q9", 0);
    rejects("veto W", "item", "no item has the id \"Q9\"");
}

static void test_veto_legal_flag(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_veto(b, "W", "w", "w", NULL, 2);
    rejects("veto W", "legal", "0 or 1");
}

static void test_tiers_descending(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_free(b);
    pmindex_builder_new(&b);
    pmindex_builder_add_indicator(b, "X", "x", "x", P(1));
    pmindex_builder_add_item(b, "X1", "x", "x", "X", P(1), PMINDEX_ITEM_PASSFAIL);
    pmindex_builder_add_tier(b, "a", "a", "A", P(80));
    pmindex_builder_add_tier(b, "b", "b", "B", P(80));
    pmindex_builder_add_tier(b, "c", "c", "C", 0);
    rejects("tier b", "threshold", "strictly");
}

static void test_tiers_last_zero(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "X", "x", "x", P(1));
    pmindex_builder_add_item(b, "X1", "x", "x", "X", P(1), PMINDEX_ITEM_PASSFAIL);
    pmindex_builder_add_tier(b, "a", "a", "A", P(80));
    pmindex_builder_add_tier(b, "b", "b", "B", P(10));
    rejects("tier b", "threshold", "must be 0");
}

static void test_tier_key(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "X", "x", "x", P(1));
    pmindex_builder_add_item(b, "X1", "x", "x", "X", P(1), PMINDEX_ITEM_PASSFAIL);
    pmindex_builder_add_tier(b, "Top", "a", "A", 0);
    rejects("tier Top", "key", "lower-case");
}

static void test_tier_fallback_key(void **state)
{
    (void)state;
    pmindex_builder_add_indicator(b, "X", "x", "x", P(1));
    pmindex_builder_add_item(b, "X1", "x", "x", "X", P(1), PMINDEX_ITEM_PASSFAIL);
    pmindex_builder_add_tier(b, "fallback", "a", "A", 0);
    rejects("tier fallback", "key", "kept for fallback");
}

static void test_rules(void **state)
{
    (void)state;
    tiny(b);
    assert_int_equal(pmindex_builder_set_rule(b, PMINDEX_RULE_DOWNGRADE_SHARE, 3, 2), 0);
    rejects("rules", "downgrade_share", "above 1");
    pmindex_builder_set_rule(b, PMINDEX_RULE_DOWNGRADE_SHARE, 0, 1);
    pmindex_builder_set_rule(b, PMINDEX_RULE_COVERAGE_FLOOR, 1, 0);
    rejects("rules", "coverage_floor", "denominator");
    assert_int_equal(pmindex_builder_set_rule(b, 99, 1, 2), PMINDEX_E_INVALID);
}

static void test_cards(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_set_cards(b, "nope", 1, "top");
    rejects("cards", "black_tier", "no tier has the key \"nope\"");
    pmindex_builder_set_cards(b, "bottom", 1, "bottom");
    rejects("cards", "red_tier", "better than the black-card tier");
    pmindex_builder_set_cards(b, NULL, 0, NULL);
    pmindex_model *m;
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    assert_int_equal(pmindex_model_black_tier(m), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_model_red_tier(m), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_model_black_on_veto(m), 0);
    pmindex_model_free(m);
}

static void test_black_shares(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_black_share(b, "Q", 1, 2);
    rejects("cards", "black_share", "no indicator has the id \"Q\"");
}

static void test_black_share_twice(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_black_share(b, "X", 1, 2);
    pmindex_builder_add_black_share(b, "X", 1, 3);
    rejects("cards", "black_share", "two black-card share floors");
}

static void test_company_rules(void **state)
{
    (void)state;
    tiny(b);
    assert_int_equal(pmindex_builder_set_company_rules(b, P(80), 1, P(85), 1), 0);
    rejects("companies", "watch_below_index", "between 0 and the honour");
    pmindex_builder_set_company_rules(b, P(101), 1, 0, 1);
    rejects("companies", "honour_min_index", "between 0 and 100");
}

static void test_ladder(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_set_ladder(b, 0, 2, 1, PMINDEX_PERIOD_HALF);
    rejects("ladder", "max_level", "between 1 and 9");
    pmindex_builder_set_ladder(b, 3, 2, 4, PMINDEX_PERIOD_HALF);
    rejects("ladder", "legal_level", "between 1 and the highest level");
    pmindex_builder_set_ladder(b, 4, 0, 4, PMINDEX_PERIOD_HALF);
    rejects("ladder", "clean_periods", "between 1 and 100");
    pmindex_builder_set_ladder(b, 4, 2, 4, 7);
    rejects("ladder", "periods", "unknown period kind");
    pmindex_builder_set_ladder(b, 5, 2, 4, PMINDEX_PERIOD_QUARTER);
    rejects("level 5", "measure", "has no measure");
    assert_int_equal(pmindex_builder_set_level(b, 5, "praise", "表扬", "praise", "年", "yearly"), 0);
    rejects("level 5", "measure", "used twice");
    pmindex_builder_set_level(b, 5, "extra", "额外", "extra", "季", "quarterly");
    pmindex_model *m;
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    assert_int_equal(pmindex_model_ladder_max_level(m), 5);
    assert_string_equal(pmindex_model_measure_key(m, 5), "extra");
    assert_int_equal(pmindex_model_period_kind(m), PMINDEX_PERIOD_QUARTER);
    pmindex_model_free(m);
}

static void test_limits(void **state)
{
    (void)state;
    char id[16];
    for (int k = 0; k <= PMINDEX_MAX_INDICATORS; k++) {
        snprintf(id, sizeof id, "K%d", k);
        pmindex_builder_add_indicator(b, id, "k", "k", P(1));
    }
    rejects("model", "", "at most 256 are allowed");
}

static void test_shapes(void **state)
{
    (void)state;
    /* 1 indicator and 1 item. */
    pmindex_builder_add_indicator(b, "S", "s", "s", P(7));
    pmindex_builder_add_item(b, "S1", "s", "s", "S", P(7), PMINDEX_ITEM_PASSFAIL);
    pmindex_builder_add_tier(b, "ok", "好", "OK", 0);
    pmindex_model *m;
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    pmindex_model_free(m);
    /* 32 indicators of 32 items: 1,024 items. */
    char id[16], item[16];
    for (int k = 0; k < 32; k++) {
        snprintf(id, sizeof id, "K%d", k);
        pmindex_builder_add_indicator(b, id, "k", "k", P(32));
        for (int i = 0; i < 32; i++) {
            snprintf(item, sizeof item, "K%dI%d", k, i);
            pmindex_builder_add_item(b, item, "i", "i", id, P(1), PMINDEX_ITEM_PASSFAIL);
        }
    }
    pmindex_builder_add_tier(b, "ok", "好", "OK", 0);
    if (pmindex_builder_build(b, &m) != 0)
        fail_msg("%s", pmindex_error_message(pmindex_builder_error(b)));
    assert_int_equal(pmindex_model_item_count(m), 1024);
    assert_int_equal(pmindex_model_find_item(m, "K31I31"), 1023);
    pmindex_compound *c;
    pmindex_assessment *a;
    assert_int_equal(pmindex_compound_new(m, &c), 0);
    assert_int_equal(pmindex_assessment_new(m, &a), 0);
    for (int32_t i = 0; i < 1024; i++)
        pmindex_compound_set_value(c, i, i % 4 ? 100000000 : 0);
    assert_int_equal(pmindex_assess(m, c, a), 0);
    int64_t index;
    assert_int_equal(pmindex_assessment_index(a, &index), 1);
    assert_i64(index, 7500);
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
    pmindex_model_free(m);
}

/* ---- every problem, with its element as fields (issue 12) ---------------- */

/* Problem n of the last build names kind, id and key, with a phrase. */
static void problem(int64_t n, int32_t kind, const char *id, const char *field,
                    const char *phrase)
{
    const pmindex_error *e = pmindex_builder_error_at(b, n);
    if (!e)
        fail_msg("no problem %lld (of %lld)", (long long)n,
                 (long long)pmindex_builder_error_count(b));
    if (pmindex_error_element(e) != kind || strcmp(pmindex_error_element_id(e), id) != 0 ||
        strcmp(pmindex_error_field(e), field) != 0 || !strstr(pmindex_error_message(e), phrase))
        fail_msg("problem %lld: element %d \"%s\", field \"%s\": %s", (long long)n,
                 (int)pmindex_error_element(e), pmindex_error_element_id(e),
                 pmindex_error_field(e), pmindex_error_message(e));
    assert_int_equal(pmindex_error_code(e), PMINDEX_E_MODEL);
}

/* Builds, expecting it to fail with n problems (listed when not). */
static void build_fails(int64_t n)
{
    pmindex_model *m = (pmindex_model *)0x1;
    assert_int_equal(pmindex_builder_build(b, &m), PMINDEX_E_MODEL);
    assert_null(m);
    int64_t count = pmindex_builder_error_count(b);
    if (count == n)
        return;
    for (int64_t i = 0; i < count; i++) {
        char line[1024];
        pmindex_error_format(pmindex_builder_error_at(b, i), line, sizeof line);
        print_message("problem %lld: %s\n", (long long)i, line);
    }
    fail_msg("%lld problems, expected %lld", (long long)count, (long long)n);
}

/* Two indicators whose items do not add up, then other problems: every
 * one is found, in the order of the checks, the first also being the
 * builder's error as before 1.2. */
static void test_every_problem(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_indicator(b, "Y", "y", "y", P(5));
    pmindex_builder_add_item(b, "Y1", "y", "y", "Y", P(4), PMINDEX_ITEM_PASSFAIL);
    pmindex_builder_add_indicator(b, "Z", "z", "z", P(5));
    pmindex_builder_add_item(b, "Z1", "z", "z", "Z", P(6), PMINDEX_ITEM_PASSFAIL);
    pmindex_builder_add_tier(b, "last", "末", "Last", P(95));
    pmindex_builder_set_ladder(b, 4, 0, 4, PMINDEX_PERIOD_HALF);
    pmindex_builder_set_level(b, 2, "Bad key", "二", "two", "查", "check");
    build_fails(6);
    problem(0, PMINDEX_ELEMENT_INDICATOR, "Y", "points", "add up to 4.00, not to its 5.00");
    problem(1, PMINDEX_ELEMENT_INDICATOR, "Z", "points", "add up to 6.00, not to its 5.00");
    problem(2, PMINDEX_ELEMENT_TIER, "last", "threshold", "must fall strictly");
    problem(3, PMINDEX_ELEMENT_TIER, "last", "threshold", "last tier's threshold must be 0");
    problem(4, PMINDEX_ELEMENT_LADDER, "", "clean_periods", "between 1 and 100");
    problem(5, PMINDEX_ELEMENT_LEVEL, "2", "measure", "must start with a lower-case letter");
    assert_ptr_equal(pmindex_builder_error_at(b, 0), pmindex_builder_error(b));
    assert_string_equal(pmindex_error_section(pmindex_builder_error(b)), "indicator Y");
    assert_string_equal(pmindex_error_section(pmindex_builder_error_at(b, 5)), "level 2");
    assert_null(pmindex_builder_error_at(b, 6));
    assert_null(pmindex_builder_error_at(b, -1));
    /* The same model built again finds the same problems, no more. */
    build_fails(6);
}

/* Each text of an element on its own: both languages of a label. */
static void test_problems_of_one_element(void **state)
{
    (void)state;
    tiny(b);
    pmindex_builder_add_tier(b, "x", "", "\x01", 0);
    build_fails(3);
    problem(0, PMINDEX_ELEMENT_TIER, "x", "label_zh", "is empty");
    problem(1, PMINDEX_ELEMENT_TIER, "x", "label_en", "control character");
    problem(2, PMINDEX_ELEMENT_TIER, "x", "threshold", "must fall strictly");
}

/* What would only repeat another problem is left out. */
static void test_derived_problems_left_out(void **state)
{
    (void)state;
    /* An item's max out of range: not also its indicator's sum, nor its
     * penalty against that max. */
    tiny(b);
    pmindex_builder_add_indicator(b, "Y", "y", "y", P(5));
    pmindex_builder_add_item(b, "Y1", "y", "y", "Y", 0, PMINDEX_ITEM_DEDUCT);
    pmindex_builder_set_penalty(b, P(1));
    build_fails(1);
    problem(0, PMINDEX_ELEMENT_ITEM, "Y1", "max", "above 0");
    teardown(state);
    setup(state);
    /* An unknown indicator: no sums at all (the item may belong anywhere). */
    tiny(b);
    pmindex_builder_add_item(b, "Q1", "q", "q", "Q", P(1), PMINDEX_ITEM_PASSFAIL);
    build_fails(1);
    problem(0, PMINDEX_ELEMENT_ITEM, "Q1", "indicator", "no indicator has the id \"Q\"");
    teardown(state);
    setup(state);
    /* No item at all: said once, not for every indicator. */
    pmindex_builder_add_indicator(b, "A", "a", "a", P(1));
    pmindex_builder_add_indicator(b, "B", "b", "b", P(1));
    pmindex_builder_add_tier(b, "all", "全", "All", 0);
    build_fails(1);
    problem(0, PMINDEX_ELEMENT_MODEL, "", "", "has no item");
    teardown(state);
    setup(state);
    /* No indicator at all: said once, not for every item; an unknown item
     * type: nothing of what depends on the type. */
    pmindex_builder_add_item(b, "A1", "a", "a", "A", P(1), 9);
    pmindex_builder_set_penalty(b, -5);
    pmindex_builder_add_tier(b, "all", "全", "All", 0);
    build_fails(2);
    problem(0, PMINDEX_ELEMENT_MODEL, "", "", "has no indicator");
    problem(1, PMINDEX_ELEMENT_ITEM, "A1", "type", "unknown item type 9");
    teardown(state);
    setup(state);
    /* A threshold out of range: not also out of order, nor as the last
     * tier's not 0. */
    tiny(b);
    pmindex_builder_add_tier(b, "odd", "奇", "Odd", P(120));
    build_fails(1);
    problem(0, PMINDEX_ELEMENT_TIER, "odd", "threshold", "between 0 and 100");
    teardown(state);
    setup(state);
    /* No tier at all: the card tiers are not looked for. */
    pmindex_builder_add_indicator(b, "A", "a", "a", P(1));
    pmindex_builder_add_item(b, "A1", "a", "a", "A", P(1), PMINDEX_ITEM_PASSFAIL);
    pmindex_builder_set_cards(b, "low", 1, "high");
    build_fails(1);
    problem(0, PMINDEX_ELEMENT_MODEL, "", "", "has no tier");
}

/* A call other than building fails for one reason: one problem. A build
 * that makes the model leaves none. */
static void test_problem_count_of_other_calls(void **state)
{
    (void)state;
    assert_i64(pmindex_builder_error_count(b), 0);
    assert_null(pmindex_builder_error_at(b, 0));
    assert_int_equal(pmindex_builder_set_penalty(b, P(1)), PMINDEX_E_STATE);
    assert_i64(pmindex_builder_error_count(b), 1);
    assert_ptr_equal(pmindex_builder_error_at(b, 0), pmindex_builder_error(b));
    assert_int_equal(pmindex_error_element(pmindex_builder_error(b)), PMINDEX_ELEMENT_NONE);
    tiny(b);
    pmindex_model *m = NULL;
    assert_int_equal(pmindex_builder_build(b, &m), PMINDEX_OK);
    pmindex_model_free(m);
    assert_i64(pmindex_builder_error_count(b), 0);
    assert_null(pmindex_builder_error_at(b, 0));
    assert_i64(pmindex_builder_error_count(NULL), PMINDEX_E_INVALID);
    assert_null(pmindex_builder_error_at(NULL, 0));
    assert_int_equal(pmindex_error_element(NULL), PMINDEX_ELEMENT_NONE);
    assert_string_equal(pmindex_error_element_id(NULL), "");
}

/* Hundreds of problems: all counted, the first 100 kept. */
static void test_many_problems(void **state)
{
    (void)state;
    tiny(b);
    for (int i = 0; i < 150; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", i);
        pmindex_builder_add_veto(b, id, "d", "d", NULL, 0);
    }
    build_fails(150);
    problem(0, PMINDEX_ELEMENT_VETO, "0", "id", "must start with a letter");
    problem(99, PMINDEX_ELEMENT_VETO, "99", "id", "must start with a letter");
    assert_null(pmindex_builder_error_at(b, 100));
}

static void test_invalid_calls(void **state)
{
    (void)state;
    assert_int_equal(pmindex_builder_new(NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_builder_set_penalty(b, P(1)), PMINDEX_E_STATE);
    assert_int_equal(pmindex_builder_set_goalposts(b, 0, 1), PMINDEX_E_STATE);
    assert_int_equal(pmindex_builder_add_item_level(b, 0, "a", "b"), PMINDEX_E_STATE);
    assert_int_equal(pmindex_builder_add_indicator(b, NULL, "a", "b", 1), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_builder_add_indicator(NULL, "X", "a", "b", 1), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_builder_set_level(b, 10, "k", "a", "b", "c", "d"), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_builder_build(b, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_builder_build(NULL, NULL), PMINDEX_E_INVALID);
    pmindex_builder_free(NULL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_tiny_builds), T(test_ids), T(test_id_shared_namespace),
        T(test_id_case), T(test_id_syntax),
        T(test_id_reserved), T(test_unknown_indicator), T(test_points_add_up),
        T(test_indicator_without_items), T(test_zero_and_negative_points), T(test_goalposts),
        T(test_goalposts_missing_and_negative), T(test_penalty), T(test_parameters_of_other_types),
        T(test_goalposts_on_passfail), T(test_tolerance), T(test_basis),
        T(test_rectification_days), T(test_levels), T(test_levels_order),
        T(test_levels_numeric_label), T(test_levels_range_and_count), T(test_labels),
        T(test_label_utf8), T(test_label_control), T(test_veto_item), T(test_veto_legal_flag),
        T(test_tiers_descending), T(test_tiers_last_zero), T(test_tier_key),
        T(test_tier_fallback_key), T(test_rules), T(test_cards), T(test_black_shares),
        T(test_black_share_twice), T(test_company_rules), T(test_ladder), T(test_limits),
        T(test_shapes), T(test_invalid_calls), T(test_every_problem),
        T(test_problems_of_one_element), T(test_derived_problems_left_out),
        T(test_problem_count_of_other_calls), T(test_many_problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
