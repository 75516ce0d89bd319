/* The spec's computation, rule by rule, on compounds worked out by hand. */
#define PMINDEX_TEST_DEFAULT_FIXTURE
#include "test.h"

#include <stdio.h>

#define P(x) ((int64_t)(x) * 100)

/* Every item at its best, then the changes in spec, then assess. */
static void assess(const char *spec)
{
    pmindex_compound_clear(c);
    set_all_full(c);
    if (spec && *spec)
        set_cells(c, spec);
    assert_int_equal(pmindex_assess(model, c, a), 0);
}

static int64_t index_of(void)
{
    int64_t v = -1;
    assert_int_equal(pmindex_assessment_index(a, &v), 1);
    return v;
}

static int64_t item_points(const char *id)
{
    int64_t p = -1;
    assert_int_equal(pmindex_assessment_item(a, pmindex_model_find_item(model, id), &p, NULL), 1);
    return p;
}

static int64_t indicator_points(const char *id)
{
    int64_t p = -1;
    assert_int_equal(
        pmindex_assessment_indicator(a, pmindex_model_find_indicator(model, id), &p, NULL, NULL, NULL),
        1);
    return p;
}

/* The reason keys joined by ';', as the CSV shows them. */
static const char *reasons(void)
{
    static char out[512];
    out[0] = '\0';
    for (int32_t n = 0; n < pmindex_assessment_reason_count(a); n++) {
        char key[64];
        assert_true(pmindex_assessment_reason_key(a, n, key, sizeof key) > 0);
        if (n)
            strcat(out, ";");
        strcat(out, key);
    }
    return out;
}

static const char *tier_key(void)
{
    int32_t t = pmindex_assessment_tier(a);
    return t == PMINDEX_TIER_FALLBACK ? "fallback" : pmindex_model_tier_key(model, t);
}

static void test_all_full(void **state)
{
    (void)state;
    assess(NULL);
    assert_i64(index_of(), P(100));
    assert_i64(indicator_points("C"), P(35));
    assert_i64(pmindex_assessment_coverage(a, NULL, NULL), 10000);
    assert_string_equal(tier_key(), "excellent");
    assert_int_equal(pmindex_assessment_card(a), PMINDEX_CARD_RED);
    assert_string_equal(reasons(), "red");
    assert_int_equal(pmindex_assessment_losses(a, NULL, 0), 0);
}

static void test_item_types(void **state)
{
    (void)state;
    /* Graded level x max; pass/fail; deduct floors at 0; rates both ways. */
    assess("A2=基本符合|A1=否|B6=3|C1=9|C4=1.2|D1=0.6|D3=60%");
    assert_i64(item_points("A2"), 150);
    assert_i64(item_points("A1"), 0);
    assert_i64(item_points("B6"), 100);
    assert_i64(item_points("C1"), 0);
    assert_i64(item_points("C4"), 350); /* 5 x (4 - 1.2) / 4 */
    assert_i64(item_points("D1"), 0);   /* at goalpost zero */
    assert_i64(item_points("D3"), 0);
    assess("C4=0|D1=0.97|B2=0.5|C4=4.5");
    assert_i64(item_points("C4"), 0);   /* beyond zero, lower is better */
    assert_i64(item_points("D1"), 600); /* beyond full: clamped */
    assert_i64(item_points("B2"), 0);   /* below zero: clamped */
    assess("B2=87.5%|C4=0.4");
    assert_i64(item_points("B2"), 150); /* 4 x 0.075 / 0.2 */
    assert_i64(item_points("C4"), 450); /* 5 x 3.6 / 4 */
}

static void test_item_rounding_half_away(void **state)
{
    (void)state;
    /* 4 x (0.80125 - 0.8) / 0.2 = 0.025 exactly: 0.03, not 0.02. */
    assess("B2=0.80125");
    assert_i64(item_points("B2"), 3);
    assess("B2=0.801249");
    assert_i64(item_points("B2"), 2); /* 0.02498 */
    /* 6 x (0.600875 - 0.6) / 0.35 = 0.015 exactly: 0.02. */
    assess("D1=0.600875");
    assert_i64(item_points("D1"), 2);
}

static void test_indicator_rescaled_half_away(void **state)
{
    (void)state;
    /* C4 not applicable: a_C = 30. C5 0.99775 earns 3.97, so e_C = 29.97 and
     * p_C = 35 x 29.97 / 30 = 34.965: 34.97 half away from zero. */
    assess("C4=NA|C5=0.99775");
    assert_i64(item_points("C5"), 397);
    int64_t p, e, ap, share;
    assert_int_equal(pmindex_assessment_indicator(a, 2, &p, &e, &ap, &share), 1);
    assert_i64(e, 2997);
    assert_i64(ap, 3000);
    assert_i64(p, 3497);
    assert_i64(share, 9990);
    /* Every other indicator is full: the index is the sum. */
    assert_i64(index_of(), P(65) + 3497);
    assert_i64(pmindex_assessment_coverage(a, NULL, NULL), 9500);
}

static void test_index_rescaled_half_away(void **state)
{
    (void)state;
    /* D not applicable at all: the index is 100 x (A + B + C) / 80.
     * C loses 5 + 4 + 0.98 (C5 = 0.9265 earns 3.02): A + B + C = 70.02,
     * 100 x 70.02 / 80 = 87.525: 87.53 half away from zero. */
    assess("D1=|D2=|D3=|D4=|D5=|D6=|C1=5|C3=0|C5=0.9265");
    assert_int_equal(pmindex_assessment_indicator(a, 3, NULL, NULL, NULL, NULL), 0);
    assert_i64(indicator_points("C"), 2502);
    assert_i64(index_of(), 8753);
    assert_i64(pmindex_assessment_coverage(a, NULL, NULL), 8000);
    assert_string_equal(tier_key(), "good");
}

static void test_index_boundaries(void **state)
{
    (void)state;
    /* Losing exactly 10.00 points: 90.00 is excellent. */
    assess("C1=5|B6=4|A6=1");
    assert_i64(index_of(), 9000);
    assert_string_equal(tier_key(), "excellent");
    assert_int_equal(pmindex_assessment_card(a), PMINDEX_CARD_RED);
    /* 0.01 more (B2 0.9995 earns 3.99): 89.99 is good, and no card. */
    assess("C1=5|B6=4|A6=1|B2=0.9995");
    assert_i64(index_of(), 8999);
    assert_string_equal(tier_key(), "good");
    assert_int_equal(pmindex_assessment_card(a), PMINDEX_CARD_NONE);
    assert_string_equal(reasons(), "");
    /* 70.00 is pass: 30 points lost, every indicator above 60%. */
    const char *seventy = "A1=0|A3=0|B1=0|B2=0.8|B3=0|C1=5|C3=0|C9=0.5|D2=0|D4=0.5";
    assess(seventy);
    assert_i64(index_of(), 7000);
    assert_string_equal(tier_key(), "pass");
    assert_string_equal(reasons(), "");
    /* D3 0.9987 earns 2.99 (2.99025): 69.99 is fail, with a black card. */
    char spec[256];
    snprintf(spec, sizeof spec, "%s|D3=0.9987", seventy);
    assess(spec);
    assert_i64(item_points("D3"), 299);
    assert_i64(index_of(), 6999);
    assert_string_equal(tier_key(), "fail");
    assert_int_equal(pmindex_assessment_card(a), PMINDEX_CARD_BLACK);
    assert_string_equal(reasons(), "black:fail");
}

static void test_downgrade(void **state)
{
    (void)state;
    /* A at exactly 60% (9 of 15): no downgrade. */
    assess("A1=0|A2=0");
    assert_i64(index_of(), 9400);
    assert_string_equal(tier_key(), "excellent");
    assert_string_equal(reasons(), "red");
    /* A at 8 of 15 (53.33%): one step down, and no red card. */
    assess("A1=0|A2=0|A3=0.5");
    assert_i64(index_of(), 9300);
    assert_string_equal(tier_key(), "good");
    assert_int_equal(pmindex_assessment_card(a), PMINDEX_CARD_NONE);
    assert_string_equal(reasons(), "downgrade:A");
    /* Two weak indicators still drop one step only. */
    assess("A1=0|A2=0|A3=0.5|D1=0.6|D2=0|D3=0.6");
    assert_string_equal(reasons(), "downgrade:A;downgrade:D");
    assert_i64(index_of(), 8100);
    assert_string_equal(tier_key(), "pass");
}

static void test_vetoes(void **state)
{
    (void)state;
    assess("V4=1");
    assert_i64(index_of(), P(100)); /* the index is still reported */
    assert_string_equal(tier_key(), "fail");
    assert_int_equal(pmindex_assessment_card(a), PMINDEX_CARD_BLACK);
    assert_string_equal(reasons(), "veto:V4;black:veto");
    assess("V1=1|V5=1|C1=5|C2=3|C3=0|C4=4|C5=0.7|C6=0.7|B6=4|B8=3|D3=0.9975");
    assert_string_equal(reasons(), "veto:V1;veto:V5;downgrade:C;black:fail;black:veto");
    int32_t arg;
    assert_int_equal(pmindex_assessment_reason(a, 1, &arg), PMINDEX_REASON_VETO);
    assert_int_equal(arg, 4);
}

static void test_black_card_security(void **state)
{
    (void)state;
    /* B at exactly 50% (15 of 30): downgraded, but no black card. */
    assess("B1=0|B2=0.8|B3=0|B4=0.6");
    assert_i64(indicator_points("B"), P(15));
    assert_i64(index_of(), P(85));
    assert_string_equal(tier_key(), "pass");
    assert_string_equal(reasons(), "downgrade:B");
    /* B at 45%: black card although the index is 83.50. */
    assess("B1=0|B2=0.8|B3=0|B4=0.6|B5=0.5");
    assert_i64(index_of(), 8350);
    assert_string_equal(tier_key(), "pass");
    assert_int_equal(pmindex_assessment_card(a), PMINDEX_CARD_BLACK);
    assert_string_equal(reasons(), "downgrade:B;black:share:B");
}

static void test_coverage_floor(void **state)
{
    (void)state;
    /* A, C1-C5 not applicable: coverage 100 - 15 - 21 = 64% < 2/3. */
    assess("A1=|A2=|A3=|A4=|A5=|A6=|C1=|C2=|C3=|C4=|C5=|V2=1");
    assert_i64(pmindex_assessment_coverage(a, NULL, NULL), 6400);
    assert_string_equal(tier_key(), "fallback");
    assert_int_equal(pmindex_assessment_card(a), PMINDEX_CARD_NONE);
    assert_string_equal(reasons(), "fallback;veto:V2");
    assert_int_equal(pmindex_assessment_index(a, NULL), 1); /* still computed */
    /* 67%: scored. */
    assess("A1=|A2=|A3=|A4=|A5=|A6=|C1=|C2=|C3=|C5=|C9=");
    assert_i64(pmindex_assessment_coverage(a, NULL, NULL), 6700);
    assert_string_equal(tier_key(), "excellent");
    /* Nothing applies: no index, fallback. */
    pmindex_compound_clear(c);
    assert_int_equal(pmindex_assess(model, c, a), 0);
    assert_int_equal(pmindex_assessment_index(a, NULL), 0);
    assert_string_equal(tier_key(), "fallback");
    assert_i64(pmindex_assessment_coverage(a, NULL, NULL), 0);
}

static void test_coverage_exactly_two_thirds(void **state)
{
    (void)state;
    /* Three indicators of 1 point: two applicable is exactly 2/3, not below. */
    pmindex_builder *b;
    pmindex_model *m;
    pmindex_compound *cc;
    pmindex_assessment *aa;
    assert_int_equal(pmindex_builder_new(&b), 0);
    const char *ids[] = {"X", "Y", "Z"}, *items[] = {"X1", "Y1", "Z1"};
    for (int k = 0; k < 3; k++) {
        pmindex_builder_add_indicator(b, ids[k], "i", "i", P(1));
        pmindex_builder_add_item(b, items[k], "i", "i", ids[k], P(1), PMINDEX_ITEM_PASSFAIL);
    }
    pmindex_builder_add_tier(b, "hi", "高", "High", P(50));
    pmindex_builder_add_tier(b, "lo", "低", "Low", 0);
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    pmindex_builder_free(b);
    assert_int_equal(pmindex_compound_new(m, &cc), 0);
    assert_int_equal(pmindex_assessment_new(m, &aa), 0);
    pmindex_compound_set_text(cc, "X1", "1", 1);
    pmindex_compound_set_text(cc, "Y1", "1", 1);
    assert_int_equal(pmindex_assess(m, cc, aa), 0);
    int64_t num, den;
    assert_i64(pmindex_assessment_coverage(aa, &num, &den), 6667);
    assert_i64(num, 200);
    assert_i64(den, 300);
    assert_int_equal(pmindex_assessment_tier(aa), 0); /* index 100.00 */
    pmindex_compound_set_na(cc, 1);
    assert_int_equal(pmindex_assess(m, cc, aa), 0);
    assert_int_equal(pmindex_assessment_tier(aa), PMINDEX_TIER_FALLBACK);
    /* An assessment of another model is refused. */
    assert_int_equal(pmindex_assess(model, cc, a), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_assess(m, c, aa), PMINDEX_E_INVALID);
    pmindex_assessment_free(aa);
    pmindex_compound_free(cc);
    pmindex_model_free(m);
}

static void test_losses(void **state)
{
    (void)state;
    assess("C1=2|B6=2|A1=0|D4=0.5|C4=NA");
    int32_t order[8];
    assert_int_equal(pmindex_assessment_losses(a, order, 8), 4);
    /* A1 lost 3; C1 and B6 lost 2 each (model order: B6 first); D4 lost 1. */
    assert_string_equal(pmindex_model_item_id(model, order[0]), "A1");
    assert_string_equal(pmindex_model_item_id(model, order[1]), "B6");
    assert_string_equal(pmindex_model_item_id(model, order[2]), "C1");
    assert_string_equal(pmindex_model_item_id(model, order[3]), "D4");
    /* A smaller array keeps the largest losses. */
    assert_int_equal(pmindex_assessment_losses(a, order, 2), 4);
    assert_string_equal(pmindex_model_item_id(model, order[0]), "A1");
    assert_string_equal(pmindex_model_item_id(model, order[1]), "B6");
    int64_t lost;
    assert_int_equal(pmindex_assessment_item(a, pmindex_model_find_item(model, "D4"), NULL, &lost), 1);
    assert_i64(lost, 100);
    assert_int_equal(pmindex_assessment_item(a, pmindex_model_find_item(model, "C4"), NULL, NULL), 0);
    assert_int_equal(pmindex_assessment_item(a, 31, NULL, NULL), PMINDEX_E_NOT_FOUND);
}

static void test_reason_texts(void **state)
{
    (void)state;
    assess("B1=0|B2=0.8|B3=0|B4=0.6|B5=0.5|V3=1");
    char text[512];
    assert_string_equal(reasons(), "veto:V3;downgrade:B;black:veto;black:share:B");
    pmindex_assessment_reason_text(a, 0, PMINDEX_LANG_EN, text, sizeof text);
    assert_string_equal(text, "Veto V3: Refusing supervision, or not rectifying after being urged "
                              "(item A6); the tier is Fail");
    pmindex_assessment_reason_text(a, 1, PMINDEX_LANG_EN, text, sizeof text);
    assert_string_equal(text, "Indicator B (Public security and safety) earned 45.00% of its "
                              "applicable points, below 60.00%: the tier drops one step");
    pmindex_assessment_reason_text(a, 3, PMINDEX_LANG_ZH, text, sizeof text);
    assert_string_equal(text, "黑牌：指标B（治安管理）得分率45.00%，低于50.00%");
    assess("A1=|A2=|A3=|A4=|A5=|A6=|C1=|C2=|C3=|C4=|C5=");
    pmindex_assessment_reason_text(a, 0, PMINDEX_LANG_EN, text, sizeof text);
    assert_non_null(strstr(text, "Coverage 64.00% is below 66.67%"));
    /* (buf, cap): the full length comes back, the text is cut safely. */
    char small[8];
    int64_t n = pmindex_assessment_reason_text(a, 0, PMINDEX_LANG_ZH, small, sizeof small);
    assert_true(n > 8);
    assert_true(strlen(small) < sizeof small);
    assert_int_equal(pmindex_assessment_reason_key(a, 5, text, sizeof text), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_assessment_reason(a, -1, NULL), PMINDEX_E_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_full),
        cmocka_unit_test(test_item_types),
        cmocka_unit_test(test_item_rounding_half_away),
        cmocka_unit_test(test_indicator_rescaled_half_away),
        cmocka_unit_test(test_index_rescaled_half_away),
        cmocka_unit_test(test_index_boundaries),
        cmocka_unit_test(test_downgrade),
        cmocka_unit_test(test_vetoes),
        cmocka_unit_test(test_black_card_security),
        cmocka_unit_test(test_coverage_floor),
        cmocka_unit_test(test_coverage_exactly_two_thirds),
        cmocka_unit_test(test_losses),
        cmocka_unit_test(test_reason_texts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
