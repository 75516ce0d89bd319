/* Margins, flips and fragility (issue 14): every flip proved by brute force
 * (check-margins.h) on the sample district, on random compounds of the
 * default model and of models that exercise every rule (a red tier in the
 * middle, black shares, weights that do not add up to 100, falling rates,
 * goalposts above 1 and with 8 decimals, tolerances of their own); cases
 * worked out by hand; the records and the errors. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "check-margins.h"

static pmindex_model *model;

static int setup(void **state)
{
    (void)state;
    return pmindex_model_default(&model) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    pmindex_model_free(model);
    return 0;
}

/* A small deterministic generator (SplitMix64) for the random compounds. */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static int64_t rng_below(int64_t n)
{
    return (int64_t)(rng_next() % (uint64_t)n);
}

/* Checks one compound; fails the test with the disagreement. */
static void check_one(const pmindex_model *m, const pmindex_compound *c, pmindex_margins *g,
                      pmindex_compound *w, pmindex_assessment *a)
{
    char why[512];
    const char *e = check_margins(m, c, g, w, a, why, sizeof why);
    if (e)
        fail_msg("%s", e);
}

/* A random compound of any model: random levels, findings, pass/fail and
 * rates (on the sheet's 6 decimals, now and then a goalpost itself), some
 * items not applicable, now and then a veto. */
static void random_compound(const pmindex_model *m, pmindex_compound *c, int n)
{
    char id[32];
    pmindex_compound_clear(c);
    snprintf(id, sizeof id, "R-%d", n);
    pmindex_compound_set_text(c, "compound_id", id, strlen(id));
    int quality = (int)rng_below(100);
    for (int32_t i = 0; i < pmindex_model_item_count(m); i++) {
        int32_t type = pmindex_model_item_type(m, i);
        if (rng_below(100) < 8)
            continue; /* not applicable */
        int64_t v;
        bool good = rng_below(100) < quality;
        if (type == PMINDEX_ITEM_GRADED || type == PMINDEX_ITEM_PASSFAIL) {
            int32_t nl = pmindex_model_item_level_count(m, i);
            v = pmindex_model_item_level_value(m, i, good ? 0 : (int32_t)rng_below(nl));
        } else if (type == PMINDEX_ITEM_DEDUCT) {
            int64_t p = pmindex_model_item_penalty(m, i), max = pmindex_model_item_max(m, i);
            v = good ? 0 : rng_below((max + p - 1) / p + 2) * PMINDEX_VALUE_SCALE;
        } else {
            int64_t zero, full, vmax = cm_vmax(m, i);
            pmindex_model_item_goalposts(m, i, &zero, &full);
            int64_t hi = zero > full ? zero : full, lo = zero < full ? zero : full;
            if (vmax > hi + hi / 5)
                vmax = hi + hi / 5;
            int64_t r = rng_below(10);
            if (r == 0 && zero % CM_STEP == 0)
                v = zero;
            else if (r == 1 && full % CM_STEP == 0)
                v = full;
            else if (r < 7 && hi > lo)
                v = (lo + rng_below(hi - lo + 1)) / CM_STEP * CM_STEP;
            else
                v = rng_below(vmax / CM_STEP + 1) * CM_STEP;
            if (good)
                v = full / CM_STEP * CM_STEP;
        }
        assert_int_equal(pmindex_compound_set_value(c, i, v), 0);
    }
    for (int32_t v = 0; v < pmindex_model_veto_count(m); v++)
        if (rng_below(100) < 3)
            pmindex_compound_set_veto(c, v, 1);
}

static void random_compounds(const pmindex_model *m, int count, uint64_t seed, int64_t *fragile)
{
    pmindex_compound *c, *w;
    pmindex_assessment *a;
    pmindex_margins *g;
    assert_int_equal(pmindex_compound_new(m, &c), 0);
    assert_int_equal(pmindex_compound_new(m, &w), 0);
    assert_int_equal(pmindex_assessment_new(m, &a), 0);
    assert_int_equal(pmindex_margins_new(m, &g), 0);
    rng_state = seed;
    for (int n = 0; n < count; n++) {
        random_compound(m, c, n);
        check_one(m, c, g, w, a);
        *fragile += pmindex_margins_fragile(g);
    }
    pmindex_margins_free(g);
    pmindex_assessment_free(a);
    pmindex_compound_free(w);
    pmindex_compound_free(c);
}

/* ---- the sample district ------------------------------------------------------ */

static void test_sample_district(void **state)
{
    (void)state;
    pmindex_sheet *sheet;
    pmindex_compound *w;
    pmindex_assessment *a;
    pmindex_margins *g;
    assert_int_equal(pmindex_sheet_open(model, "examples/data/luohu-sample.csv", NULL, 0, &sheet), 0);
    assert_int_equal(pmindex_compound_new(model, &w), 0);
    assert_int_equal(pmindex_assessment_new(model, &a), 0);
    assert_int_equal(pmindex_margins_new(model, &g), 0);
    const pmindex_compound *c;
    int rc, compounds = 0, fragile_black = 0, flips = 0;
    while ((rc = pmindex_sheet_next(sheet, &c)) == 1) {
        check_one(model, c, g, w, a);
        compounds++;
        flips += pmindex_margins_flip_count(g);
        int32_t card;
        pmindex_margins_verdict(g, NULL, &card);
        fragile_black += card == PMINDEX_CARD_BLACK && pmindex_margins_fragile(g) == 1;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(compounds, 200);
    assert_true(fragile_black > 0); /* the README's example is one of them */
    assert_true(flips > compounds);
    pmindex_margins_free(g);
    pmindex_assessment_free(a);
    pmindex_compound_free(w);
    pmindex_sheet_free(sheet);
}

static void test_random_default(void **state)
{
    (void)state;
    int64_t fragile = 0;
    random_compounds(model, 3000, 14, &fragile);
    assert_true(fragile > 100 && fragile < 2900); /* both kinds are met */
}

/* Models that exercise every rule: the red tier in the middle, black shares
 * on two indicators, 75 points in all (the index is rescaled), a falling
 * rate with goalposts above 1, goalposts with 8 decimals and a tolerance
 * of their own, deduct items whose max is not a multiple of the penalty,
 * graded items with levels of their own. */
static const char *const rule_models[] = {
    "[model]\nname_zh = 规则\nname_en = Rules\n\n"
    "[indicator A]\nname_zh = 甲\nname_en = A\npoints = 30\n\n"
    "[indicator B]\nname_zh = 乙\nname_en = B\npoints = 25\n\n"
    "[indicator C]\nname_zh = 丙\nname_en = C\npoints = 20\n\n"
    "[item A1]\nindicator = A\nname_zh = 一\nname_en = one\ntype = rate\nmax = 12.5\n"
    "zero = 0.61234567\nfull = 0.98765432\ntolerance = 0.0123\n\n"
    "[item A2]\nindicator = A\nname_zh = 二\nname_en = two\ntype = deduct\nmax = 7.5\npenalty = 2\n\n"
    "[item A3]\nindicator = A\nname_zh = 三\nname_en = three\ntype = graded\nmax = 10\n"
    "level1 = 1\nlevel1_zh = 好\nlevel1_en = good\nlevel2 = 0.7\nlevel2_zh = 中\nlevel2_en = fair\n"
    "level3 = 0.35\nlevel3_zh = 差\nlevel3_en = poor\nlevel4 = 0\nlevel4_zh = 无\nlevel4_en = none\n\n"
    "[item B1]\nindicator = B\nname_zh = 一\nname_en = one\ntype = rate\nmax = 15\nzero = 12\nfull = 2.5\n\n"
    "[item B2]\nindicator = B\nname_zh = 二\nname_en = two\ntype = passfail\nmax = 10\n\n"
    "[item C1]\nindicator = C\nname_zh = 一\nname_en = one\ntype = graded\nmax = 8\n\n"
    "[item C2]\nindicator = C\nname_zh = 二\nname_en = two\ntype = rate\nmax = 12\nzero = 0\nfull = 1\n\n"
    "[veto V1]\ndescription_zh = 否决\ndescription_en = veto\nlegal = no\n\n"
    "[veto V2]\ndescription_zh = 否决\ndescription_en = veto\nlegal = no\n\n"
    "[tier top]\nlabel_zh = 甲\nlabel_en = Top\nthreshold = 91.5\n\n"
    "[tier high]\nlabel_zh = 乙\nlabel_en = High\nthreshold = 80.25\n\n"
    "[tier mid]\nlabel_zh = 丙\nlabel_en = Mid\nthreshold = 66.67\n\n"
    "[tier low]\nlabel_zh = 丁\nlabel_en = Low\nthreshold = 0\n\n"
    "[rules]\ndowngrade_share = 3/5\ncoverage_floor = 7/10\n\n"
    "[cards]\nblack_tier = low\nblack_on_veto = no\nblack_share = A 1/2, C 4/9\nred_tier = high\n",
    /* One indicator, one rate item, two tiers: every point of the index is
     * that item's. */
    "[model]\nname_zh = 单项\nname_en = Single\n\n"
    "[indicator A]\nname_zh = 甲\nname_en = A\npoints = 10\n\n"
    "[item A1]\nindicator = A\nname_zh = 一\nname_en = one\ntype = rate\nmax = 10\nzero = 0.5\nfull = 1\n\n"
    "[tier good]\nlabel_zh = 好\nlabel_en = Good\nthreshold = 60\n\n"
    "[tier poor]\nlabel_zh = 差\nlabel_en = Poor\nthreshold = 0\n",
};

static pmindex_model *load(const char *text)
{
    pmindex_model *m = NULL;
    pmindex_error *e;
    assert_int_equal(pmindex_error_new(&e), 0);
    if (pmindex_model_load_ini_memory(text, strlen(text), "rules.ini", &m, e) != 0)
        fail_msg("model: %s", pmindex_error_message(e));
    pmindex_error_free(e);
    return m;
}

static void test_random_rule_models(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof rule_models / sizeof *rule_models; k++) {
        pmindex_model *m = load(rule_models[k]);
        int64_t fragile = 0;
        random_compounds(m, 4000, 100 + k, &fragile);
        assert_true(fragile > 0);
        pmindex_model_free(m);
    }
}

/* ---- worked out by hand --------------------------------------------------------- */

/* The single-item model: A1 at 0.8 earns 10 x 0.3 / 0.5 = 6 points, 60.00,
 * exactly the threshold of good. 0.799999 earns round(5.99998) = 6.00 too;
 * 0.799 earns 5.99: the first 6-decimal value below that loses good is
 * 0.79975 (5.9975 rounds to 6.00) ... 0.799749 (5.99749 -> 5.99). */
static void test_by_hand_single(void **state)
{
    (void)state;
    pmindex_model *m = load(rule_models[1]);
    pmindex_compound *c;
    pmindex_margins *g;
    assert_int_equal(pmindex_compound_new(m, &c), 0);
    assert_int_equal(pmindex_margins_new(m, &g), 0);
    set_cells(c, "compound_id=H-1|A1=0.8");
    assert_int_equal(pmindex_margins_compute(g, c), 0);
    int64_t down, up;
    assert_int_equal(pmindex_margins_index(g, &down, &up), 1);
    assert_i64(down, 0);
    assert_i64(up, -1);
    assert_int_equal(pmindex_margins_flip_count(g), 1);
    int32_t el, dir, tier, card;
    int64_t from, to;
    assert_int_equal(pmindex_margins_flip(g, 0, &el, &dir, &from, &to, &tier, &card), 0);
    assert_int_equal(el, 0);
    assert_int_equal(dir, PMINDEX_FLIP_WORSE);
    assert_i64(from, INT64_C(80000000));
    assert_i64(to, INT64_C(79974900));
    assert_int_equal(tier, 1);
    assert_int_equal(card, PMINDEX_CARD_BLACK); /* by default the last tier's card */
    /* The tolerance (1% of 0.5) reaches it: fragile. 0.000251 apart over
     * 0.005 is 5.02% of a step, 6 hundredths rounded up. */
    assert_int_equal(pmindex_margins_fragile(g), 1);
    assert_i64(pmindex_margins_flip_steps(g, 0), 6);
    char text[256];
    pmindex_margins_flip_text(g, 0, PMINDEX_LANG_EN, text, sizeof text);
    assert_string_equal(text, "A1 at 0.799749 instead of 0.8 (0.000251 lower; its tolerance is "
                              "0.005) gives tier Poor and a black card");
    pmindex_margins_flip_text(g, 0, PMINDEX_LANG_ZH, text, sizeof text);
    assert_string_equal(text, "A1 由 0.8 降至 0.799749（相差 0.000251，容差 0.005），即为等级差、黑牌");
    /* Far from the threshold: flips, but not fragile. */
    set_cells(c, "A1=0.7");
    assert_int_equal(pmindex_margins_compute(g, c), 0);
    assert_int_equal(pmindex_margins_flip_count(g), 1);
    pmindex_margins_flip(g, 0, NULL, &dir, NULL, &to, &tier, NULL);
    assert_int_equal(dir, PMINDEX_FLIP_BETTER);
    assert_i64(to, INT64_C(79975000)); /* 5.9975 rounds to 6.00 */
    assert_int_equal(tier, 0);
    assert_int_equal(pmindex_margins_fragile(g), 0);
    assert_i64(pmindex_margins_flip_steps(g, 0), 1995); /* 0.09975 / 0.005 = 19.95 */
    /* Not applicable: fallback; applied at its best it is good. */
    set_cells(c, "A1=NA");
    assert_int_equal(pmindex_margins_compute(g, c), 0);
    assert_int_equal(pmindex_margins_index(g, &down, &up), 0);
    assert_int_equal(pmindex_margins_flip_count(g), 2);
    pmindex_margins_flip(g, 0, NULL, &dir, &from, &to, &tier, NULL);
    assert_int_equal(dir, PMINDEX_FLIP_BEST);
    assert_i64(to, PMINDEX_VALUE_SCALE);
    assert_int_equal(tier, 0);
    assert_i64(pmindex_margins_flip_steps(g, 0), -1);
    pmindex_margins_flip(g, 1, NULL, &dir, NULL, &to, &tier, NULL);
    assert_int_equal(dir, PMINDEX_FLIP_WORST);
    assert_i64(to, INT64_C(50000000));
    assert_int_equal(tier, 1);
    pmindex_margins_free(g);
    pmindex_compound_free(c);
    pmindex_model_free(m);
}

/* The default model: every item at its best but C1 with 4 findings (C
 * loses 4 of 35 points: index 96.00, excellent, red). One finding more
 * (C1 earns 0 of 5) still leaves 95.00: no flip that way; 4 fewer is
 * still excellent. The veto V1 gives Fail and black; lifting it gives the
 * red card back. */
static void test_by_hand_default(void **state)
{
    (void)state;
    pmindex_compound *c;
    pmindex_margins *g;
    assert_int_equal(pmindex_compound_new(model, &c), 0);
    assert_int_equal(pmindex_margins_new(model, &g), 0);
    set_all_full(c);
    set_cells(c, "C1=4|V1=1");
    assert_int_equal(pmindex_margins_compute(g, c), 0);
    int32_t tier, card;
    pmindex_margins_verdict(g, &tier, &card);
    assert_int_equal(tier, 3);
    assert_int_equal(card, PMINDEX_CARD_BLACK);
    int64_t down, up;
    assert_int_equal(pmindex_margins_index(g, &down, &up), 1);
    assert_i64(down, 600); /* 96.00 - 90.00: the index tier, before the veto */
    assert_i64(up, -1);
    assert_int_equal(pmindex_margins_flip_count(g), 1);
    int32_t el, dir;
    pmindex_margins_flip(g, 0, &el, &dir, NULL, NULL, &tier, &card);
    assert_int_equal(dir, PMINDEX_FLIP_LIFTED);
    assert_int_equal(el, 0);
    assert_int_equal(tier, 0);
    assert_int_equal(card, PMINDEX_CARD_RED);
    assert_int_equal(pmindex_margins_fragile(g), 0); /* a veto is not a step of an item */
    char text[256];
    pmindex_margins_flip_text(g, 0, PMINDEX_LANG_EN, text, sizeof text);
    assert_string_equal(text, "Lifting veto V1 gives tier Excellent and a red card");
    /* Without the veto: red, and C1 with 14 findings more... no: B6 with 2
     * findings loses 2 points of B (share 28/30, no downgrade), C3 at 0
     * loses 4: 90.00 exactly, still excellent; the red card hangs on one
     * finding of any deduct item. */
    pmindex_compound_clear(c);
    set_all_full(c);
    set_cells(c, "B6=2|C3=0|C1=4");
    assert_int_equal(pmindex_margins_compute(g, c), 0);
    pmindex_margins_verdict(g, &tier, &card);
    assert_int_equal(card, PMINDEX_CARD_RED);
    assert_int_equal(pmindex_margins_index(g, &down, &up), 1);
    assert_i64(down, 0);
    assert_int_equal(pmindex_margins_fragile(g), 1);
    /* Nearest first: D1 at 0.95 (its full goalpost) earns 6.00; 0.949708
     * earns 5.99499, 5.99: 0.000292 below, 0.09 of its tolerance 0.0035. */
    int64_t to;
    pmindex_margins_flip(g, 0, &el, &dir, NULL, &to, &tier, &card);
    assert_string_equal(pmindex_model_item_id(model, el), "D1");
    assert_int_equal(dir, PMINDEX_FLIP_WORSE);
    assert_i64(to, INT64_C(94970800));
    assert_i64(pmindex_margins_flip_steps(g, 0), 9);
    assert_int_equal(tier, 1);
    assert_int_equal(card, PMINDEX_CARD_NONE);
    /* Then the other rates, then one step of each discrete item, in model
     * order: A1 first. */
    pmindex_margins_flip(g, 7, &el, &dir, NULL, NULL, NULL, NULL);
    assert_string_equal(pmindex_model_item_id(model, el), "A1");
    assert_i64(pmindex_margins_flip_steps(g, 7), 100);
    for (int32_t n = 0; n < pmindex_margins_flip_count(g); n++)
        if (pmindex_model_find_item(model, "B6") == (pmindex_margins_flip(g, n, &el, &dir, NULL,
                                                                          NULL, NULL, NULL),
                                                     el) &&
            dir == PMINDEX_FLIP_WORSE) {
            pmindex_margins_flip_text(g, n, PMINDEX_LANG_EN, text, sizeof text);
            assert_string_equal(text, "1 more finding on B6 (2 → 3) gives tier Good and no card");
            pmindex_margins_flip_text(g, n, PMINDEX_LANG_ZH, text, sizeof text);
            assert_string_equal(text, "B6 多 1 项问题（2 → 3），即为等级良好、无牌");
        }
    pmindex_margins_free(g);
    pmindex_compound_free(c);
}

/* ---- records -------------------------------------------------------------------- */

static void test_records(void **state)
{
    (void)state;
    char buf[8192];
    int64_t n = pmindex_assessment_header(model, PMINDEX_FORMAT_CSV, PMINDEX_RECORD_MARGINS, buf,
                                          sizeof buf);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    const char *tail = ",coverage,tier,card,reasons,index_down,index_up,flips,fragile\n";
    assert_string_equal(buf + strlen(buf) - strlen(tail), tail);
    assert_i64(pmindex_assessment_header(model, PMINDEX_FORMAT_CSV, 2, buf, sizeof buf),
               PMINDEX_E_INVALID);
    pmindex_compound *c;
    pmindex_assessment *a;
    assert_int_equal(pmindex_compound_new(model, &c), 0);
    assert_int_equal(pmindex_assessment_new(model, &a), 0);
    set_all_full(c);
    set_cells(c, "B6=2|C3=0|C1=4|D2=NA");
    pmindex_assess(model, c, a);
    n = pmindex_assessment_record(a, c, PMINDEX_FORMAT_CSV, PMINDEX_RECORD_MARGINS, buf,
                                  sizeof buf);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    assert_non_null(strstr(buf, ",red,red,0.00,,D1:0.95>0.949708=good/none;"));
    assert_non_null(strstr(buf, ";D2:NA>0=good/none,1\n"));
    n = pmindex_assessment_record(a, c, PMINDEX_FORMAT_JSONL, PMINDEX_RECORD_MARGINS, buf,
                                  sizeof buf);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    assert_non_null(strstr(buf, "\"margins\":{\"index_down\":0.00,\"index_up\":null,"
                                "\"fragile\":true},\"flips\":[{\"item\":\"D1\",\"direction\":"
                                "\"worse\",\"from\":0.95,\"to\":0.949708,\"tier\":\"good\","
                                "\"card\":\"none\",\"steps\":0.09},"));
    assert_non_null(strstr(buf, "{\"item\":\"A1\",\"direction\":\"worse\",\"from\":1,"
                                "\"to\":0,\"tier\":\"good\",\"card\":\"none\",\"steps\":1.00}"));
    assert_non_null(strstr(buf, "{\"item\":\"D2\",\"direction\":\"worst\",\"from\":null,\"to\":0,"
                                "\"tier\":\"good\",\"card\":\"none\",\"steps\":null}]}\n"));
    /* Without the flag, the 1.2 record of before. */
    char plain[8192];
    pmindex_assessment_record(a, c, PMINDEX_FORMAT_JSONL, 0, plain, sizeof plain);
    assert_null(strstr(plain, "margins"));
    assert_i64(pmindex_assessment_record(a, c, PMINDEX_FORMAT_JSONL, 4, buf, sizeof buf),
               PMINDEX_E_INVALID);
    /* The margins object's own record: the same bytes, without assessing again. */
    pmindex_margins *g;
    char own[8192];
    assert_int_equal(pmindex_margins_new(model, &g), 0);
    assert_i64(pmindex_margins_record(g, c, PMINDEX_FORMAT_CSV, 0, own, sizeof own),
               PMINDEX_E_INVALID); /* not computed */
    assert_int_equal(pmindex_margins_compute(g, c), 0);
    for (int32_t f = PMINDEX_FORMAT_CSV; f <= PMINDEX_FORMAT_JSONL; f++) {
        n = pmindex_assessment_record(a, c, f, PMINDEX_RECORD_MARGINS, buf, sizeof buf);
        assert_i64(pmindex_margins_record(g, c, f, 0, own, sizeof own), n);
        assert_string_equal(own, buf);
    }
    assert_i64(pmindex_margins_record(g, c, 9, 0, own, sizeof own), PMINDEX_E_INVALID);
    assert_i64(pmindex_margins_record(g, c, PMINDEX_FORMAT_CSV, 1, own, sizeof own),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_margins_record(g, NULL, PMINDEX_FORMAT_CSV, 0, own, sizeof own),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_margins_record(NULL, c, PMINDEX_FORMAT_CSV, 0, own, sizeof own),
               PMINDEX_E_INVALID);
    pmindex_margins_free(g);
    /* A small buffer gets the length the record needs. */
    int64_t need = pmindex_assessment_record(a, c, PMINDEX_FORMAT_CSV, PMINDEX_RECORD_MARGINS,
                                             buf, 16);
    assert_true(need > 16);
    assert_i64(strlen(buf), 15);
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
}

/* ---- errors --------------------------------------------------------------------- */

static void test_errors(void **state)
{
    (void)state;
    pmindex_margins *g;
    assert_int_equal(pmindex_margins_new(NULL, &g), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_margins_new(model, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_margins_new(model, &g), 0);
    /* Nothing computed yet. */
    assert_int_equal(pmindex_margins_fragile(g), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_margins_flip_count(g), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_margins_index(g, NULL, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_margins_verdict(g, NULL, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_margins_flip(g, 0, NULL, NULL, NULL, NULL, NULL, NULL),
                     PMINDEX_E_INVALID);
    assert_i64(pmindex_margins_flip_steps(g, 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_margins_flip_text(g, 0, 0, NULL, 0), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_margins_compute(g, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_margins_compute(NULL, NULL), PMINDEX_E_INVALID);
    /* A compound of another model. */
    pmindex_model *other = load(rule_models[1]);
    pmindex_compound *c;
    assert_int_equal(pmindex_compound_new(other, &c), 0);
    assert_int_equal(pmindex_margins_compute(g, c), PMINDEX_E_INVALID);
    pmindex_compound_free(c);
    pmindex_model_free(other);
    assert_int_equal(pmindex_compound_new(model, &c), 0);
    set_all_full(c);
    assert_int_equal(pmindex_margins_compute(g, c), 0);
    int32_t n = pmindex_margins_flip_count(g);
    assert_int_equal(pmindex_margins_flip(g, n, NULL, NULL, NULL, NULL, NULL, NULL),
                     PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_margins_flip(g, -1, NULL, NULL, NULL, NULL, NULL, NULL),
                     PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_margins_flip_steps(g, n), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_margins_flip_text(g, n, 0, NULL, 0), PMINDEX_E_NOT_FOUND);
    char b[4];
    assert_i64(pmindex_margins_flip_text(g, 0, 0, NULL, sizeof b), PMINDEX_E_INVALID);
    pmindex_margins_free(NULL);
    pmindex_compound_free(c);
    pmindex_margins_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_district),
        cmocka_unit_test(test_random_default),
        cmocka_unit_test(test_random_rule_models),
        cmocka_unit_test(test_by_hand_single),
        cmocka_unit_test(test_by_hand_default),
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
