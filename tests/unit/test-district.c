/* The district: ranks (tier first, ties shared, fallback apart), street,
 * station and company ranks, summaries checked against values worked out
 * by hand, the company lists, unmanaged compounds kept off companies. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

/* Every item at its max: index 100.00. */
static const char *const FULL =
    "A1=1|A2=1|A3=1|A4=1|A5=1|A6=0|B1=1|B2=1|B3=1|B4=1|B5=1|B6=0|B7=0|B8=0|B9=1|"
    "C1=0|C2=0|C3=1|C4=0|C5=1|C6=1|C7=1|C8=1|C9=1|C10=1|D1=0.95|D2=1|D3=1|D4=1|D5=0|D6=1";

/* id, street, station, company, households, managed, changes from FULL.
 *   P1 100.00 excellent        P2 97.00 excellent (A1 lost 3)
 *   P3 97.00 excellent (tie)   P4 100.00 but veto V1: fail, black
 *   P5 83.00 good, downgraded to pass (C share 18/35)
 *   P6 86.00 good (D1 -6, C4 -5, A1 -3)
 *   P7 fallback (C and D not applicable: coverage 45%)
 *   P8 100.00 excellent, unmanaged but naming company CoB */
static const char *const ROWS[][7] = {
    {"P1", "S1", "T1", "CoA", "100", "1", ""},
    {"P2", "S1", "T2", "CoA", "300", "1", "A1=0"},
    {"P3", "S2", "T1", "CoB", "200", "1", "A1=0"},
    {"P4", "S1", "T2", "CoB", "200", "1", "V1=1"},
    {"P5", "S2", "T1", "CoA", "0", "1", "C1=5|C2=3|C3=0|C4=4"},
    {"P6", "S2", "T2", "CoB", "", "1", "D1=0.6|C4=4|A1=0"},
    {"P7", "S1", "T2", "CoA", "50", "1",
     "C1=NA|C2=NA|C3=NA|C4=NA|C5=NA|C6=NA|C7=NA|C8=NA|C9=NA|C10=NA|"
     "D1=NA|D2=NA|D3=NA|D4=NA|D5=NA|D6=NA"},
    {"P8", "S2", "T2", "CoB", "1000", "0", ""},
};

struct fixture {
    pmindex_model *model;
    pmindex_district *d;
};

static int64_t find(const pmindex_district *d, const char *id)
{
    for (int64_t k = 0; k < pmindex_district_count(d); k++)
        if (strcmp(pmindex_district_compound_field(d, k, PMINDEX_FIELD_ID), id) == 0)
            return k;
    fail_msg("no compound %s", id);
    return -1;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_int_equal(pmindex_model_default(&f->model), 0);
    assert_int_equal(pmindex_district_new(f->model, &f->d), 0);
    pmindex_compound *c;
    pmindex_assessment *a;
    assert_int_equal(pmindex_compound_new(f->model, &c), 0);
    assert_int_equal(pmindex_assessment_new(f->model, &a), 0);
    for (size_t r = 0; r < sizeof ROWS / sizeof ROWS[0]; r++) {
        char spec[1024];
        snprintf(spec, sizeof spec,
                 "compound_id=%s|name=name-%s|street=%s|station=%s|company=%s|households=%s|"
                 "managed=%s",
                 ROWS[r][0], ROWS[r][0], ROWS[r][1], ROWS[r][2], ROWS[r][3], ROWS[r][4],
                 ROWS[r][5]);
        pmindex_compound_clear(c);
        set_cells(c, spec);
        set_cells(c, FULL);
        if (ROWS[r][6][0])
            set_cells(c, ROWS[r][6]);
        assert_int_equal(pmindex_assess(f->model, c, a), 0);
        assert_int_equal(pmindex_district_add(f->d, c, a), 0);
    }
    /* The same id twice is refused, and names the id. */
    assert_i64(pmindex_district_add(f->d, c, a), PMINDEX_E_DUPLICATE);
    assert_string_equal(pmindex_error_value(pmindex_district_error(f->d)), "P8");
    /* Before computing, ranks are not there yet. */
    assert_i64(pmindex_district_listed(f->d, 0), PMINDEX_E_STATE);
    assert_i64(pmindex_district_compound_rank(f->d, 0, PMINDEX_SCOPE_DISTRICT), PMINDEX_E_STATE);
    assert_int_equal(pmindex_district_compute(f->d), 0);
    assert_int_equal(pmindex_district_compute(f->d), 0); /* again: nothing */
    /* After computing, nothing can be added. */
    assert_i64(pmindex_district_add(f->d, c, a), PMINDEX_E_STATE);
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    pmindex_district_free(f->d);
    pmindex_model_free(f->model);
    free(f);
    return 0;
}

static void test_verdicts_as_worked_out(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *id;
        int64_t index;
        int32_t tier, card;
    } want[] = {
        {"P1", 10000, 0, PMINDEX_CARD_RED},  {"P2", 9700, 0, PMINDEX_CARD_RED},
        {"P3", 9700, 0, PMINDEX_CARD_RED},   {"P4", 10000, 3, PMINDEX_CARD_BLACK},
        {"P5", 8300, 2, PMINDEX_CARD_NONE},  {"P6", 8600, 1, PMINDEX_CARD_NONE},
        {"P8", 10000, 0, PMINDEX_CARD_RED},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        int64_t c = find(f->d, want[k].id), index = -1;
        assert_int_equal(pmindex_district_compound_index(f->d, c, &index), 1);
        assert_i64_msg(index, want[k].index);
        assert_i64_msg(pmindex_district_compound_tier(f->d, c), want[k].tier);
        assert_i64_msg(pmindex_district_compound_card(f->d, c), want[k].card);
    }
    assert_i64(pmindex_district_compound_tier(f->d, find(f->d, "P7")), PMINDEX_TIER_FALLBACK);
    assert_i64(pmindex_district_compound_households(f->d, find(f->d, "P6")), -1);
    assert_string_equal(pmindex_district_compound_field(f->d, find(f->d, "P8"), PMINDEX_FIELD_NAME),
                        "name-P8");
    /* An unmanaged compound has no company. */
    assert_string_equal(
        pmindex_district_compound_field(f->d, find(f->d, "P8"), PMINDEX_FIELD_COMPANY), "");
}

static void test_ranks_tier_first_ties_shared_fallback_apart(void **state)
{
    struct fixture *f = *state;
    /* Listing: by rank then id; P4 (index 100 but vetoed) below every
     * better tier; P7 (fallback) last and unranked. */
    static const char *const order[] = {"P1", "P8", "P2", "P3", "P6", "P5", "P4", "P7"};
    static const int64_t rank[] = {1, 1, 3, 3, 5, 6, 7, 0};
    static const int64_t street[] = {1, 1, 2, 2, 3, 4, 3, 0};
    static const int64_t station[] = {1, 1, 2, 2, 3, 3, 4, 0};
    assert_i64(pmindex_district_count(f->d), 8);
    assert_i64(pmindex_district_ranked_count(f->d), 7);
    for (int64_t n = 0; n < 8; n++) {
        int64_t c = pmindex_district_listed(f->d, n);
        assert_string_equal(pmindex_district_compound_field(f->d, c, PMINDEX_FIELD_ID), order[n]);
        assert_i64_msg(pmindex_district_compound_rank(f->d, c, PMINDEX_SCOPE_DISTRICT), rank[n]);
        assert_i64_msg(pmindex_district_compound_rank(f->d, c, PMINDEX_SCOPE_STREET), street[n]);
        assert_i64_msg(pmindex_district_compound_rank(f->d, c, PMINDEX_SCOPE_STATION), station[n]);
    }
    assert_i64(pmindex_district_listed(f->d, 8), PMINDEX_E_NOT_FOUND);
    /* Company ranks: CoB is P3 (1), P6 (2), P4 (3); P8 has none. */
    assert_i64(pmindex_district_compound_rank(f->d, find(f->d, "P4"), PMINDEX_SCOPE_COMPANY), 3);
    assert_i64(pmindex_district_compound_rank(f->d, find(f->d, "P8"), PMINDEX_SCOPE_COMPANY), 0);
}

static int32_t group(const pmindex_district *d, int32_t scope, const char *name)
{
    for (int32_t g = 0; g < pmindex_district_group_count(d, scope); g++)
        if (strcmp(pmindex_district_group_name(d, scope, g), name) == 0)
            return g;
    fail_msg("no group %s", name);
    return -1;
}

static int64_t stat(const pmindex_district *d, int32_t scope, int32_t g, int32_t s)
{
    int64_t v = -1;
    assert_int_equal(pmindex_district_group_stat(d, scope, g, s, &v), 1);
    return v;
}

static void test_street_and_station_summaries(void **state)
{
    struct fixture *f = *state;
    const pmindex_district *d = f->d;
    assert_int_equal(pmindex_district_group_count(d, PMINDEX_SCOPE_STREET), 2);
    /* S1: P1 100, P2 97, P4 100 (fail), P7 fallback. */
    int32_t s1 = group(d, PMINDEX_SCOPE_STREET, "S1"), s2 = group(d, PMINDEX_SCOPE_STREET, "S2");
    assert_i64(pmindex_district_group_compounds(d, PMINDEX_SCOPE_STREET, s1), 4);
    assert_i64(pmindex_district_group_tier_count(d, PMINDEX_SCOPE_STREET, s1, 0), 2);
    assert_i64(pmindex_district_group_tier_count(d, PMINDEX_SCOPE_STREET, s1, 3), 1);
    assert_i64(pmindex_district_group_tier_count(d, PMINDEX_SCOPE_STREET, s1, -1), 1);
    assert_i64(pmindex_district_group_card_count(d, PMINDEX_SCOPE_STREET, s1, PMINDEX_CARD_RED), 2);
    assert_i64(stat(d, PMINDEX_SCOPE_STREET, s1, PMINDEX_STAT_MEAN), 9900);
    assert_i64(stat(d, PMINDEX_SCOPE_STREET, s1, PMINDEX_STAT_MEDIAN), 10000);
    assert_i64(stat(d, PMINDEX_SCOPE_STREET, s1, PMINDEX_STAT_MIN), 9700);
    assert_i64(stat(d, PMINDEX_SCOPE_STREET, s1, PMINDEX_STAT_MAX), 10000);
    int64_t black[4];
    assert_i64(pmindex_district_group_black(d, PMINDEX_SCOPE_STREET, s1, black, 4), 1);
    assert_string_equal(pmindex_district_compound_field(d, black[0], PMINDEX_FIELD_ID), "P4");
    /* S2: 100, 97, 86, 83: mean 91.50, median (86 + 97) / 2 = 91.50. */
    assert_i64(stat(d, PMINDEX_SCOPE_STREET, s2, PMINDEX_STAT_MEAN), 9150);
    assert_i64(stat(d, PMINDEX_SCOPE_STREET, s2, PMINDEX_STAT_MEDIAN), 9150);
    assert_i64(pmindex_district_group_black(d, PMINDEX_SCOPE_STREET, s2, NULL, 0), 0);
    /* Streets ranked by mean: S1 (99.00) before S2 (91.50). */
    assert_int_equal(s1, 0);
    assert_i64(pmindex_district_group_rank(d, PMINDEX_SCOPE_STREET, s1), 1);
    assert_i64(pmindex_district_group_rank(d, PMINDEX_SCOPE_STREET, s2), 2);
    /* T1: 100, 97, 83: mean 280/3 = 93.333.. -> 93.33; median 97. */
    int32_t t1 = group(d, PMINDEX_SCOPE_STATION, "T1"), t2 = group(d, PMINDEX_SCOPE_STATION, "T2");
    assert_i64(stat(d, PMINDEX_SCOPE_STATION, t1, PMINDEX_STAT_MEAN), 9333);
    assert_i64(stat(d, PMINDEX_SCOPE_STATION, t1, PMINDEX_STAT_MEDIAN), 9700);
    /* T2: 86, 97, 100, 100: mean 95.75, median 98.50. */
    assert_i64(stat(d, PMINDEX_SCOPE_STATION, t2, PMINDEX_STAT_MEAN), 9575);
    assert_i64(stat(d, PMINDEX_SCOPE_STATION, t2, PMINDEX_STAT_MEDIAN), 9850);
    /* The whole district: 7 compounds with a tier, 663 / 7 = 94.714.. -> 94.71. */
    assert_i64(stat(d, PMINDEX_SCOPE_DISTRICT, 0, PMINDEX_STAT_MEAN), 9471);
    assert_i64(pmindex_district_group_compounds(d, PMINDEX_SCOPE_DISTRICT, 0), 8);
    assert_i64(pmindex_district_group_count(d, 9), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_district_group_compounds(d, PMINDEX_SCOPE_STREET, 2), PMINDEX_E_NOT_FOUND);
}

static void test_companies_weighted_and_lists(void **state)
{
    struct fixture *f = *state;
    const pmindex_district *d = f->d;
    const int32_t C = PMINDEX_SCOPE_COMPANY;
    assert_int_equal(pmindex_district_group_count(d, C), 2);
    /* CoB: P3 97 (200 households), P4 100 (200), P6 86 (unknown: weight 0);
     * P8 is unmanaged and stays out. Weighted (19400 + 20000) / 400 = 98.50. */
    int32_t b = group(d, C, "CoB"), a = group(d, C, "CoA");
    assert_int_equal(b, 0); /* ranked first */
    assert_i64(pmindex_district_group_compounds(d, C, b), 3);
    assert_i64(pmindex_district_group_households(d, C, b), 400);
    assert_i64(stat(d, C, b, PMINDEX_STAT_WEIGHTED_MEAN), 9850);
    assert_i64(stat(d, C, b, PMINDEX_STAT_MEAN), 9433);
    assert_i64(pmindex_district_group_rank(d, C, b), 1);
    assert_i64(pmindex_district_group_lists(d, C, b), PMINDEX_LIST_WATCH); /* black card */
    /* CoA: P1 100 (100), P2 97 (300), P5 83 (0 households), P7 fallback.
     * Weighted (10000 + 29100) / 400 = 97.75; plain 280 / 3 -> 93.33. */
    assert_i64(pmindex_district_group_compounds(d, C, a), 4);
    assert_i64(stat(d, C, a, PMINDEX_STAT_WEIGHTED_MEAN), 9775);
    assert_i64(stat(d, C, a, PMINDEX_STAT_MEAN), 9333);
    assert_i64(stat(d, C, a, PMINDEX_STAT_MEDIAN), 9700);
    assert_i64(pmindex_district_group_rank(d, C, a), 2);
    assert_i64(pmindex_district_group_lists(d, C, a), PMINDEX_LIST_HONOUR);
}

static void test_records(void **state)
{
    struct fixture *f = *state;
    char buf[1024];
    int64_t n = pmindex_district_csv_header(f->d, PMINDEX_SCOPE_DISTRICT, buf, sizeof buf);
    assert_i64(n, (int64_t)strlen(buf));
    assert_string_equal(buf, "compound_id,index,A,B,C,D,coverage,tier,card,reasons,rank,"
                             "street_rank,station_rank\n");
    pmindex_district_csv_record(f->d, PMINDEX_SCOPE_DISTRICT, 6, buf, sizeof buf);
    assert_string_equal(buf, "P4,100.00,15.00,30.00,35.00,20.00,100.00,fail,black,"
                             "veto:V1;black:veto,7,3,4\n");
    pmindex_district_csv_record(f->d, PMINDEX_SCOPE_DISTRICT, 7, buf, sizeof buf);
    assert_non_null(strstr(buf, ",fallback,none,fallback,,,\n"));
    pmindex_district_csv_record(f->d, PMINDEX_SCOPE_COMPANY, 0, buf, sizeof buf);
    assert_string_equal(buf, "CoB,3,400,1,1,0,1,0,1,1,94.33,98.50,97.00,86.00,100.00,1,watch,"
                             "name-P4\n");
    /* Too small a buffer: the length it needs, the text cut and terminated. */
    char small[8];
    assert_i64(pmindex_district_csv_record(f->d, PMINDEX_SCOPE_COMPANY, 0, small, sizeof small),
               (int64_t)strlen(buf));
    assert_int_equal(strlen(small), 7);
    assert_i64(pmindex_district_csv_record(f->d, PMINDEX_SCOPE_COMPANY, 2, buf, sizeof buf),
               PMINDEX_E_NOT_FOUND);
    pmindex_district_jsonl_record(f->d, PMINDEX_SCOPE_STREET, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "\"street\":\"S1\",\"compounds\":4,"));
    assert_non_null(strstr(buf, "\"black_compounds\":[{\"compound_id\":\"P4\",\"name\":\"name-P4\"}]"));
}

static void test_invalid_and_empty(void **state)
{
    (void)state;
    pmindex_model *m;
    pmindex_district *d;
    assert_int_equal(pmindex_model_default(&m), 0);
    assert_i64(pmindex_district_new(NULL, &d), PMINDEX_E_INVALID);
    assert_i64(pmindex_district_new(m, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_district_new(m, &d), 0);
    assert_i64(pmindex_district_add(d, NULL, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_district_compute(d), 0);
    assert_i64(pmindex_district_count(d), 0);
    assert_i64(pmindex_district_ranked_count(d), 0);
    assert_int_equal(pmindex_district_group_stat(d, PMINDEX_SCOPE_DISTRICT, 0,
                                                 PMINDEX_STAT_MEAN, NULL), 0);
    assert_i64(pmindex_district_group_count(d, PMINDEX_SCOPE_COMPANY), 0);
    pmindex_district_free(d);
    pmindex_district_free(NULL);
    pmindex_model_free(m);
}

/* Ids in increasing order need no hash; the first one out of order makes
 * it, and duplicates are found on either side of that moment. */
static void test_duplicates_in_and_out_of_order(void **state)
{
    (void)state;
    pmindex_model *m;
    pmindex_district *d;
    pmindex_compound *c;
    pmindex_assessment *a;
    assert_int_equal(pmindex_model_default(&m), 0);
    assert_int_equal(pmindex_district_new(m, &d), 0);
    assert_int_equal(pmindex_compound_new(m, &c), 0);
    assert_int_equal(pmindex_assessment_new(m, &a), 0);
    set_cells(c, FULL);
    static const char *const ids[] = {"B", "D", "B", "A", "C", "D", "A", "E"};
    static const int want[] = {0, 0, PMINDEX_E_DUPLICATE, 0, 0, PMINDEX_E_DUPLICATE,
                               PMINDEX_E_DUPLICATE, 0};
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
        pmindex_compound_set_text(c, "compound_id", ids[k], strlen(ids[k]));
        assert_int_equal(pmindex_assess(m, c, a), 0);
        assert_i64_msg(pmindex_district_add(d, c, a), want[k]);
    }
    assert_i64(pmindex_district_count(d), 5);
    assert_int_equal(pmindex_district_compute(d), 0);
    /* All tie: one rank, listed by id. */
    for (int64_t n = 0; n < 5; n++) {
        char id[2] = {(char)('A' + n), 0};
        int64_t k = pmindex_district_listed(d, n);
        assert_string_equal(pmindex_district_compound_field(d, k, PMINDEX_FIELD_ID), id);
        assert_i64(pmindex_district_compound_rank(d, k, PMINDEX_SCOPE_DISTRICT), 1);
    }
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
    pmindex_district_free(d);
    pmindex_model_free(m);
}

/* Thousands of ids in random order, of every length, many sharing their
 * first 16 bytes or being prefixes of others, some fallback: each rank's
 * compounds are listed in strcmp() order (the radix sort of the first 16
 * bytes, then strcmp), the fallback ones after, also by id. */
static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void test_listing_in_id_order(void **state)
{
    (void)state;
    pmindex_model *m;
    pmindex_district *d;
    pmindex_compound *c;
    pmindex_assessment *a;
    assert_int_equal(pmindex_model_default(&m), 0);
    assert_int_equal(pmindex_district_new(m, &d), 0);
    assert_int_equal(pmindex_compound_new(m, &c), 0);
    assert_int_equal(pmindex_assessment_new(m, &a), 0);
    enum { N = 3000 };
    static char ids[N][48];
    static const char *const stems[] = {"", "A", "AB", "LH-DM-", "AAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAA",
                                        "Z.long-id-with-a-shared-start-", "9"};
    uint64_t seed = 11;
    int added = 0;
    for (int i = 0; i < N; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        const char *stem = stems[(seed >> 33) % 8];
        snprintf(ids[added], sizeof ids[0], "%s%u", stem, (unsigned)(seed >> 40) % 5000);
        pmindex_compound_set_text(c, "compound_id", ids[added], strlen(ids[added]));
        /* Two verdicts: full marks, or a fallback (coverage too low). */
        if ((seed >> 20) % 5 == 0)
            set_cells(c, "A1=NA|A2=NA|A3=NA|A4=NA|A5=NA|A6=NA|B1=NA|B2=NA|B3=NA|B4=NA|B5=NA|"
                         "B6=NA|B7=NA");
        assert_int_equal(pmindex_assess(m, c, a), 0);
        int rc = pmindex_district_add(d, c, a);
        assert_true(rc == 0 || rc == PMINDEX_E_DUPLICATE);
        if (rc == 0)
            added++;
        set_cells(c, FULL);
    }
    assert_int_equal(pmindex_district_compute(d), 0);
    int64_t ranked = pmindex_district_ranked_count(d);
    assert_true(ranked > 0 && ranked < added);
    const char *prev = NULL;
    for (int64_t n = 0; n < added; n++) {
        const char *id =
            pmindex_district_compound_field(d, pmindex_district_listed(d, n), PMINDEX_FIELD_ID);
        if (n != ranked && prev)
            assert_true(strcmp(prev, id) < 0);
        prev = id;
    }
    /* Within a rank, the listing is every id of the rank in strcmp() order. */
    char *sorted[N];
    int64_t first = 0;
    while (first < ranked) {
        int64_t k = pmindex_district_listed(d, first);
        int64_t rank = pmindex_district_compound_rank(d, k, PMINDEX_SCOPE_DISTRICT), end = first;
        int n = 0;
        for (; end < ranked && pmindex_district_compound_rank(d, pmindex_district_listed(d, end),
                                                               PMINDEX_SCOPE_DISTRICT) == rank;
             end++)
            sorted[n++] = (char *)pmindex_district_compound_field(d, pmindex_district_listed(d, end),
                                                                 PMINDEX_FIELD_ID);
        assert_i64(rank, first + 1);
        char *listed[N];
        memcpy(listed, sorted, (size_t)n * sizeof *sorted);
        qsort(sorted, (size_t)n, sizeof *sorted, cmp_str);
        assert_memory_equal(listed, sorted, (size_t)n * sizeof *sorted);
        first = end;
    }
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
    pmindex_district_free(d);
    pmindex_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_verdicts_as_worked_out, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ranks_tier_first_ties_shared_fallback_apart, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_street_and_station_summaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_companies_weighted_and_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records, setup, teardown),
        cmocka_unit_test(test_invalid_and_empty),
        cmocka_unit_test(test_duplicates_in_and_out_of_order),
        cmocka_unit_test(test_listing_in_id_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
