/* The Monte Carlo analysis (issue 14): nothing varied gives the plain
 * verdicts with certainty; the same seed gives the same bytes for 1, 2 and
 * 8 threads and from run to run; a toy model whose probabilities are
 * worked out by hand falls within the stated intervals; Wilson intervals
 * against values computed to 60 digits; every error path. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

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

/* A district and an analysis of the same sheet. */
struct period {
    const pmindex_model *m;
    pmindex_district *d;
    pmindex_uncertainty *u;
};

static void period_open(struct period *p, const pmindex_model *m, const char *sheet_path,
                        const char *text)
{
    pmindex_sheet *sheet;
    pmindex_assessment *a;
    p->m = m;
    assert_int_equal(pmindex_district_new(m, &p->d), 0);
    assert_int_equal(pmindex_uncertainty_new(m, &p->u), 0);
    assert_int_equal(pmindex_assessment_new(m, &a), 0);
    if (sheet_path)
        assert_int_equal(pmindex_sheet_open(m, sheet_path, NULL, 0, &sheet), 0);
    else
        assert_int_equal(pmindex_sheet_open_memory(m, text, strlen(text), "toy.csv", NULL, 0,
                                                   &sheet),
                         0);
    const pmindex_compound *c;
    int rc;
    while ((rc = pmindex_sheet_next(sheet, &c)) == 1) {
        pmindex_assess(m, c, a);
        assert_int_equal(pmindex_district_add(p->d, c, a), 0);
        assert_int_equal(pmindex_uncertainty_add(p->u, c), 0);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(pmindex_district_compute(p->d), 0);
    pmindex_sheet_free(sheet);
    pmindex_assessment_free(a);
}

static void period_close(struct period *p)
{
    pmindex_uncertainty_free(p->u);
    pmindex_district_free(p->d);
}

static const char *const sample = "examples/data/luohu-sample.csv";

/* Every record of the analysis, concatenated (JSON Lines and CSV). */
static char *all_records(const pmindex_uncertainty *u, const pmindex_district *d)
{
    size_t cap = 1 << 22, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    for (int32_t f = PMINDEX_FORMAT_CSV; f <= PMINDEX_FORMAT_JSONL; f++) {
        for (int32_t scope = 0; scope <= PMINDEX_SCOPE_COMPANY; scope++) {
            int64_t n = scope ? pmindex_district_group_count(d, scope) : pmindex_district_count(d);
            int64_t h = pmindex_uncertainty_header(u, scope, f, 0, out + len, cap - len);
            assert_true(h >= 0 && (size_t)h < cap - len);
            len += (size_t)h;
            for (int64_t k = 0; k < n; k++) {
                int64_t r = pmindex_uncertainty_record(u, scope, k, f, 0, out + len, cap - len);
                assert_true(r > 0 && (size_t)r < cap - len);
                len += (size_t)r;
            }
        }
        int64_t h = pmindex_uncertainty_input_header(u, f, 0, out + len, cap - len);
        assert_true(h >= 0);
        len += (size_t)h;
        for (int32_t k = 0; k < pmindex_uncertainty_input_count(u); k++) {
            int64_t r = pmindex_uncertainty_input_record(u, k, f, 0, out + len, cap - len);
            assert_true(r > 0 && (size_t)r < cap - len);
            len += (size_t)r;
        }
    }
    return out;
}

/* ---- nothing varied: the plain verdicts, with certainty ---------------------------- */

static void test_nothing_varies(void **state)
{
    (void)state;
    struct period p;
    period_open(&p, model, sample, NULL);
    const int64_t N = 50;
    assert_int_equal(pmindex_uncertainty_run(p.u, p.d, N, 1, 2), 0);
    assert_i64(pmindex_uncertainty_samples(p.u), N);
    assert_int_equal(pmindex_uncertainty_input_count(p.u), 0);
    for (int64_t c = 0; c < pmindex_district_count(p.d); c++) {
        int32_t tier = pmindex_district_compound_tier(p.d, c);
        int32_t card = pmindex_district_compound_card(p.d, c);
        for (int32_t t = PMINDEX_TIER_FALLBACK; t < pmindex_model_tier_count(model); t++)
            assert_i64(pmindex_uncertainty_tier_count(p.u, c, t), t == tier ? N : 0);
        for (int32_t k = PMINDEX_CARD_NONE; k <= PMINDEX_CARD_BLACK; k++)
            assert_i64(pmindex_uncertainty_card_count(p.u, c, k), k == card ? N : 0);
        int64_t median, low, high, rank = pmindex_district_compound_rank(p.d, c, 0);
        int got = pmindex_uncertainty_rank(p.u, PMINDEX_SCOPE_DISTRICT, c, &median, &low, &high);
        assert_int_equal(got, rank > 0);
        if (rank > 0) {
            assert_i64(median, rank);
            assert_i64(low, rank);
            assert_i64(high, rank);
        }
    }
    for (int32_t scope = PMINDEX_SCOPE_STREET; scope <= PMINDEX_SCOPE_COMPANY; scope++)
        for (int32_t g = 0; g < pmindex_district_group_count(p.d, scope); g++) {
            int64_t median, low, high, rank = pmindex_district_group_rank(p.d, scope, g);
            assert_int_equal(pmindex_uncertainty_rank(p.u, scope, g, &median, &low, &high),
                             rank > 0);
            if (rank > 0) {
                assert_i64(median, rank);
                assert_i64(low, rank);
                assert_i64(high, rank);
            }
            if (scope == PMINDEX_SCOPE_COMPANY) {
                int32_t lists = pmindex_district_group_lists(p.d, scope, g);
                assert_i64(pmindex_uncertainty_list_count(p.u, g, PMINDEX_LIST_HONOUR),
                           lists & PMINDEX_LIST_HONOUR ? N : 0);
                assert_i64(pmindex_uncertainty_list_count(p.u, g, PMINDEX_LIST_WATCH),
                           lists & PMINDEX_LIST_WATCH ? N : 0);
            }
        }
    int64_t mean, low, high;
    assert_int_equal(pmindex_uncertainty_rank_shift(p.u, &mean, &low, &high), 1);
    assert_i64(mean, 0);
    assert_i64(low, 0);
    assert_i64(high, 0);
    period_close(&p);
}

/* Inputs set but of no effect on a model without rate items are left out;
 * weights of 0 are not an input. */
static void test_inputs_listed(void **state)
{
    (void)state;
    struct period p;
    period_open(&p, model, sample, NULL);
    assert_int_equal(pmindex_uncertainty_set(p.u, PMINDEX_INPUT_WEIGHTS, 100000), 0);
    assert_int_equal(pmindex_uncertainty_set(p.u, PMINDEX_INPUT_ERRORS, 20000), 0);
    assert_int_equal(pmindex_uncertainty_run(p.u, p.d, 20, 3, 1), 0);
    assert_int_equal(pmindex_uncertainty_input_count(p.u), 5);
    int32_t k;
    for (int32_t n = 0; n < 4; n++) {
        assert_int_equal(pmindex_uncertainty_input(p.u, n, &k), PMINDEX_INPUT_WEIGHTS);
        assert_int_equal(k, n);
    }
    assert_int_equal(pmindex_uncertainty_input(p.u, 4, &k), PMINDEX_INPUT_ERRORS);
    assert_int_equal(k, -1);
    assert_int_equal(pmindex_uncertainty_input(p.u, 5, &k), PMINDEX_E_NOT_FOUND);
    for (int32_t n = 0; n < 5; n++)
        for (int32_t m = PMINDEX_SENSITIVITY_CARDS; m <= PMINDEX_SENSITIVITY_TOTAL; m++) {
            int64_t v, lo, hi;
            assert_int_equal(pmindex_uncertainty_sensitivity(p.u, n, m, &v, &lo, &hi), 1);
            assert_true(lo <= v && v <= hi);
            if (m != PMINDEX_SENSITIVITY_FIRST_ORDER)
                assert_true(v >= 0);
        }
    period_close(&p);
}

/* ---- the same seed, the same bytes --------------------------------------------------- */

static char *run_records(int64_t samples, uint64_t seed, int32_t threads)
{
    struct period p;
    period_open(&p, model, sample, NULL);
    assert_int_equal(pmindex_uncertainty_set(p.u, PMINDEX_INPUT_WEIGHTS, 200000), 0);
    assert_int_equal(pmindex_uncertainty_set(p.u, PMINDEX_INPUT_GOALPOSTS, 100000), 0);
    assert_int_equal(pmindex_uncertainty_set(p.u, PMINDEX_INPUT_ERRORS, 20000), 0);
    assert_int_equal(pmindex_uncertainty_run(p.u, p.d, samples, seed, threads), 0);
    char *out = all_records(p.u, p.d);
    period_close(&p);
    return out;
}

static void test_threads_and_runs(void **state)
{
    (void)state;
    char *one = run_records(300, 42, 1), *two = run_records(300, 42, 2);
    char *eight = run_records(300, 42, 8), *again = run_records(300, 42, 1);
    char *other = run_records(300, 43, 2);
    assert_string_equal(one, two);
    assert_string_equal(one, eight);
    assert_string_equal(one, again);
    assert_true(strcmp(one, other) != 0);
    free(one);
    free(two);
    free(eight);
    free(again);
    free(other);
}

/* ---- a toy model worked out by hand ------------------------------------------------- */

/* One rate item A1 (10 points, zero 0.5, full 1) and two tiers: good from
 * 60, poor below. A compound observing 0.8 earns 6.00 points, exactly 60:
 * good, by default the red card. With errors of 1% of the span (0.005, or
 * 500000 units either way) it observes 0.8 + u, u uniform over the 1000001
 * integers from -500000 to 500000. A1 earns 6.00 (rounded) from 0.79975 on,
 * so the compound is good when u >= -25000: 525001 of the 1000001 values.
 * P(good) = P(red) = 525001/1000001, P(poor) = P(black) = 476000/1000001. */
static const char toy_model[] =
    "[model]\nname_zh = 玩具\nname_en = Toy\n\n"
    "[indicator A]\nname_zh = 甲\nname_en = A\npoints = 10\n\n"
    "[item A1]\nindicator = A\nname_zh = 一\nname_en = one\ntype = rate\nmax = 10\nzero = 0.5\n"
    "full = 1\n\n"
    "[tier good]\nlabel_zh = 好\nlabel_en = Good\nthreshold = 60\n\n"
    "[tier poor]\nlabel_zh = 差\nlabel_en = Poor\nthreshold = 0\n";

static void test_toy_by_hand(void **state)
{
    (void)state;
    pmindex_model *m;
    pmindex_error *e;
    assert_int_equal(pmindex_error_new(&e), 0);
    assert_int_equal(pmindex_model_load_ini_memory(toy_model, strlen(toy_model), "toy.ini", &m, e),
                     0);
    pmindex_error_free(e);
    struct period p;
    period_open(&p, m, NULL,
                "compound_id,A1\nT-1,0.8\nT-2,0.9\nT-3,0.7990\n");
    assert_int_equal(pmindex_uncertainty_set(p.u, PMINDEX_INPUT_ERRORS, 10000), 0);
    const int64_t N = 20000;
    assert_int_equal(pmindex_uncertainty_run(p.u, p.d, N, 2018, 2), 0);
    /* T-1: the probability is exact, the estimate's interval must hold it. */
    int64_t good = pmindex_uncertainty_tier_count(p.u, 0, 0), low, high;
    assert_i64(pmindex_uncertainty_card_count(p.u, 0, PMINDEX_CARD_RED), good);
    assert_i64(pmindex_uncertainty_tier_count(p.u, 0, 1) + good, N);
    assert_i64(pmindex_uncertainty_card_count(p.u, 0, PMINDEX_CARD_BLACK), N - good);
    assert_int_equal(pmindex_probability_interval(good, N, &low, &high), 0);
    /* low <= 10^6 x 525001 / 1000001 <= high, exactly. */
    assert_true(low * 1000001 <= INT64_C(525001) * 1000000);
    assert_true(high * 1000001 >= INT64_C(525001) * 1000000);
    /* T-2 observes 0.9: 0.895 at worst is still 7.90 points: always good. */
    assert_i64(pmindex_uncertainty_tier_count(p.u, 1, 0), N);
    /* T-3 observes 0.799: good for u >= 75000, 425001 of 1000001 values. */
    int64_t g3 = pmindex_uncertainty_tier_count(p.u, 2, 0);
    assert_int_equal(pmindex_probability_interval(g3, N, &low, &high), 0);
    assert_true(low * 1000001 <= INT64_C(425001) * 1000000);
    assert_true(high * 1000001 >= INT64_C(425001) * 1000000);
    /* Ranks: T-2 first always (index 80 at least); T-1 and T-3 share
     * ranks 2 and 3 by their index: their medians are 2 or 3. */
    int64_t median;
    assert_int_equal(pmindex_uncertainty_rank(p.u, 0, 1, &median, &low, &high), 1);
    assert_i64(median, 1);
    assert_i64(high, 1);
    assert_int_equal(pmindex_uncertainty_rank(p.u, 0, 0, &median, &low, &high), 1);
    assert_true(low >= 2 && high <= 3);
    period_close(&p);
    pmindex_model_free(m);
}

/* ---- Wilson intervals ---------------------------------------------------------------- */

static void test_wilson(void **state)
{
    (void)state;
    /* floor and ceiling of the bounds, computed to 60 digits. */
    static const struct {
        int64_t k, n, low, high;
    } cases[] = {
        {0, 200, 0, 18847},         {200, 200, 981153, 1000000}, {50, 100, 403829, 596171},
        {1, 1, 206543, 1000000},    {0, 1, 0, 793457},           {7, 1000, 3394, 14379},
        {525, 1000, 494011, 555797}, {999999, 1000000, 999994, 1000000}, {1, 3, 61490, 792346},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t low, high;
        assert_int_equal(pmindex_probability_interval(cases[i].k, cases[i].n, &low, &high), 0);
        if (low != cases[i].low || high != cases[i].high)
            fail_msg("%lld of %lld: [%lld, %lld], expected [%lld, %lld]", (long long)cases[i].k,
                     (long long)cases[i].n, (long long)low, (long long)high,
                     (long long)cases[i].low, (long long)cases[i].high);
    }
    assert_int_equal(pmindex_probability_interval(1, 0, NULL, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_probability_interval(2, 1, NULL, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_probability_interval(-1, 1, NULL, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_probability_interval(1, PMINDEX_UNCERTAINTY_MAX_SAMPLES + 1, NULL,
                                                  NULL),
                     PMINDEX_E_INVALID);
}

/* ---- errors --------------------------------------------------------------------------- */

static void test_errors(void **state)
{
    (void)state;
    pmindex_uncertainty *u;
    assert_int_equal(pmindex_uncertainty_new(NULL, &u), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_uncertainty_new(model, NULL), PMINDEX_E_INVALID);
    pmindex_uncertainty_free(NULL);
    assert_null(pmindex_uncertainty_error(NULL));
    struct period p;
    period_open(&p, model, sample, NULL);
    u = p.u;
    /* Out of range. */
    assert_int_equal(pmindex_uncertainty_set(u, PMINDEX_INPUT_WEIGHTS, 1000000), PMINDEX_E_RANGE);
    assert_non_null(strstr(pmindex_error_message(pmindex_uncertainty_error(u)), "weights"));
    assert_int_equal(pmindex_uncertainty_set(u, PMINDEX_INPUT_GOALPOSTS, 500000), PMINDEX_E_RANGE);
    assert_int_equal(pmindex_uncertainty_set(u, PMINDEX_INPUT_ERRORS, -1), PMINDEX_E_RANGE);
    assert_int_equal(pmindex_uncertainty_set(u, PMINDEX_INPUT_ERRORS, 1000000), 0);
    assert_int_equal(pmindex_uncertainty_set(u, 9, 1), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_uncertainty_run(u, p.d, 0, 1, 1), PMINDEX_E_RANGE);
    assert_int_equal(pmindex_uncertainty_run(u, p.d, PMINDEX_UNCERTAINTY_MAX_SAMPLES + 1, 1, 1),
                     PMINDEX_E_RANGE);
    assert_int_equal(pmindex_uncertainty_run(u, p.d, 1, 1, 0), PMINDEX_E_RANGE);
    assert_int_equal(pmindex_uncertainty_run(u, p.d, 1, 1, 257), PMINDEX_E_RANGE);
    assert_int_equal(pmindex_uncertainty_run(NULL, p.d, 1, 1, 1), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_uncertainty_run(u, NULL, 1, 1, 1), PMINDEX_E_INVALID);
    /* Nothing to read before a run. */
    assert_i64(pmindex_uncertainty_samples(u), 0);
    assert_i64(pmindex_uncertainty_tier_count(u, 0, 0), PMINDEX_E_STATE);
    assert_i64(pmindex_uncertainty_card_count(u, 0, 0), PMINDEX_E_STATE);
    assert_int_equal(pmindex_uncertainty_rank(u, 0, 0, NULL, NULL, NULL), PMINDEX_E_STATE);
    assert_i64(pmindex_uncertainty_list_count(u, 0, 1), PMINDEX_E_STATE);
    assert_int_equal(pmindex_uncertainty_rank_shift(u, NULL, NULL, NULL), PMINDEX_E_STATE);
    assert_int_equal(pmindex_uncertainty_input_count(u), 0);
    char buf[256];
    assert_i64(pmindex_uncertainty_record(u, 0, 0, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_STATE);
    assert_i64(pmindex_uncertainty_input_record(u, 0, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_STATE);
    assert_i64(pmindex_uncertainty_header(u, 0, PMINDEX_FORMAT_CSV, 1, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_uncertainty_header(u, 7, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_uncertainty_header(u, 0, 3, 0, buf, sizeof buf), PMINDEX_E_INVALID);
    assert_i64(pmindex_uncertainty_header(u, 0, PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf), 0);
    /* A district of other compounds: one more compound here. */
    pmindex_compound *c;
    assert_int_equal(pmindex_compound_new(model, &c), 0);
    set_all_full(c);
    assert_int_equal(pmindex_uncertainty_add(u, c), 0);
    assert_int_equal(pmindex_uncertainty_run(u, p.d, 1, 1, 1), PMINDEX_E_INVALID);
    assert_non_null(strstr(pmindex_error_message(pmindex_uncertainty_error(u)), "201"));
    pmindex_compound_free(c);
    period_close(&p);
    /* Another order: ids differ. */
    pmindex_district *d;
    pmindex_assessment *a;
    pmindex_compound *x, *y;
    assert_int_equal(pmindex_district_new(model, &d), 0);
    assert_int_equal(pmindex_uncertainty_new(model, &u), 0);
    assert_int_equal(pmindex_assessment_new(model, &a), 0);
    assert_int_equal(pmindex_compound_new(model, &x), 0);
    assert_int_equal(pmindex_compound_new(model, &y), 0);
    set_all_full(x);
    set_all_full(y);
    set_cells(y, "compound_id=T-2|C1=3");
    pmindex_assess(model, x, a);
    pmindex_district_add(d, x, a);
    pmindex_assess(model, y, a);
    pmindex_district_add(d, y, a);
    assert_int_equal(pmindex_uncertainty_run(u, d, 1, 1, 1), PMINDEX_E_INVALID); /* not computed */
    assert_non_null(strstr(pmindex_error_message(pmindex_uncertainty_error(u)), "compute"));
    pmindex_district_compute(d);
    pmindex_uncertainty_add(u, y);
    pmindex_uncertainty_add(u, x);
    assert_int_equal(pmindex_uncertainty_run(u, d, 1, 1, 1), PMINDEX_E_INVALID);
    assert_string_equal(pmindex_error_value(pmindex_uncertainty_error(u)), "T-1");
    pmindex_uncertainty_free(u);
    /* The same ids, other observations. */
    assert_int_equal(pmindex_uncertainty_new(model, &u), 0);
    set_cells(y, "C1=5");
    pmindex_uncertainty_add(u, x);
    pmindex_uncertainty_add(u, y);
    assert_int_equal(pmindex_uncertainty_run(u, d, 1, 1, 1), PMINDEX_E_INVALID);
    assert_non_null(strstr(pmindex_error_message(pmindex_uncertainty_error(u)), "T-2"));
    pmindex_uncertainty_free(u);
    /* Run once; then nothing more can be added, set or run. */
    assert_int_equal(pmindex_uncertainty_new(model, &u), 0);
    set_cells(y, "C1=3");
    pmindex_uncertainty_add(u, x);
    pmindex_uncertainty_add(u, y);
    assert_int_equal(pmindex_uncertainty_run(u, d, 3, 1, 1), 0);
    assert_int_equal(pmindex_uncertainty_run(u, d, 3, 1, 1), PMINDEX_E_STATE);
    assert_int_equal(pmindex_uncertainty_add(u, x), PMINDEX_E_STATE);
    assert_int_equal(pmindex_uncertainty_set(u, PMINDEX_INPUT_ERRORS, 1), PMINDEX_E_STATE);
    assert_i64(pmindex_uncertainty_tier_count(u, 2, 0), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_uncertainty_tier_count(u, 0, 9), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_uncertainty_card_count(u, 0, 3), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_uncertainty_rank(u, 0, 2, NULL, NULL, NULL), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_uncertainty_rank(u, 1, 0, NULL, NULL, NULL), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_uncertainty_list_count(u, 0, 1), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_uncertainty_sensitivity(u, 0, 1, NULL, NULL, NULL),
                     PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_uncertainty_record(u, 0, 2, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_uncertainty_input_record(u, 0, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_NOT_FOUND);
    /* The compound of another model. */
    pmindex_model *other;
    pmindex_error *e;
    pmindex_error_new(&e);
    assert_int_equal(pmindex_model_load_ini_memory(toy_model, strlen(toy_model), "toy.ini", &other,
                                                   e),
                     0);
    pmindex_compound *z;
    pmindex_compound_new(other, &z);
    assert_int_equal(pmindex_uncertainty_add(u, z), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_uncertainty_run(u, d, 1, 1, 1), PMINDEX_E_STATE);
    pmindex_uncertainty *uo;
    pmindex_uncertainty_new(other, &uo);
    assert_int_equal(pmindex_uncertainty_run(uo, d, 1, 1, 1), PMINDEX_E_INVALID);
    pmindex_uncertainty_free(uo);
    pmindex_compound_free(z);
    pmindex_model_free(other);
    pmindex_error_free(e);
    pmindex_uncertainty_free(u);
    pmindex_compound_free(x);
    pmindex_compound_free(y);
    pmindex_assessment_free(a);
    pmindex_district_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nothing_varies),
        cmocka_unit_test(test_inputs_listed),
        cmocka_unit_test(test_threads_and_runs),
        cmocka_unit_test(test_toy_by_hand),
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
