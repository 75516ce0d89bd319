/* Merging partial sheets: the same value twice is fine, different values
 * are a conflict naming both sheets, a compound missing from a sheet and an
 * item no sheet gives are errors (unless not applicable is asked for), and
 * every error is collected. */
#include "test.h"

#include <stdlib.h>

static const char POLICE[] =
    "compound_id,station,A1,A2,A3,A4,A5,A6,B1,B2,B3,B4,B5,B6,B7,B8,B9,V1\n"
    "X-1,T1,1,1,1,1,1,0,1,95%,1,1,1,0,0,0,1,0\n"
    "X-2,T1,1,1,1,1,1,0,1,1,1,1,1,0,0,0,1,0\n";
static const char DISTRICT[] =
    "compound_id,name,households,B1,C1,C2,C3,C4,C5,C6,C7,C8,C9,C10,D1,D2,D3,D4,D5,D6\n"
    "X-2,乙,,符合,0,0,1,0,1,1,1,1,1,1,0.95,1,1,1,0,1\n"
    "X-1,甲,120,1,0,0,1,0,1,1,1,1,1,1,0.95,1,1,1,0,1\n";

struct merged {
    pmindex_model *model;
    pmindex_merge *merge;
};

static void add(pmindex_merge *mg, const pmindex_model *m, const char *text, const char *name)
{
    pmindex_sheet *s;
    assert_int_equal(pmindex_sheet_open_memory(m, text, strlen(text), name, NULL,
                                               PMINDEX_SHEET_PARTIAL, &s), 0);
    assert_int_equal(pmindex_merge_add_sheet(mg, s), 0);
    pmindex_sheet_free(s);
}

static void merge(struct merged *r, uint32_t flags, const char *const *texts, int n)
{
    static const char *const names[] = {"police.csv", "district.csv", "street.csv"};
    assert_int_equal(pmindex_model_default(&r->model), 0);
    assert_int_equal(pmindex_merge_new(r->model, flags, &r->merge), 0);
    for (int k = 0; k < n; k++)
        add(r->merge, r->model, texts[k], names[k]);
}

static void done(struct merged *r)
{
    pmindex_merge_free(r->merge);
    pmindex_model_free(r->model);
}

static void test_merged_compounds_agree_with_the_whole(void **state)
{
    (void)state;
    struct merged r;
    const char *texts[] = {POLICE, DISTRICT};
    merge(&r, 0, texts, 2);
    /* B1 is given twice, as 1 and 符合: the same value. */
    assert_int_equal(pmindex_merge_finish(r.merge), 0);
    assert_i64(pmindex_merge_error_count(r.merge), 0);
    assert_i64(pmindex_merge_count(r.merge), 2);
    const pmindex_compound *c = pmindex_merge_compound(r.merge, 0);
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_ID), "X-1");
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_NAME), "甲");
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_STATION), "T1");
    assert_i64(pmindex_compound_households(c), 120);
    assert_i64(pmindex_compound_line(c), 2);
    int64_t v;
    assert_int_equal(pmindex_compound_value(c, pmindex_model_find_item(r.model, "B2"), &v), 1);
    assert_i64(v, 95000000);
    /* Every item is there: X-1 scores 99.00 (B2 at 95%, between goalposts 80% and 100%, earns 3 of 4). */
    pmindex_assessment *a;
    assert_int_equal(pmindex_assessment_new(r.model, &a), 0);
    assert_int_equal(pmindex_assess(r.model, c, a), 0);
    assert_int_equal(pmindex_assessment_index(a, &v), 1);
    assert_i64(v, 9900);
    pmindex_assessment_free(a);
    assert_null(pmindex_merge_compound(r.merge, 2));
    assert_null(pmindex_merge_error(r.merge, 0));
    /* Finished: no more sheets. */
    pmindex_sheet *s;
    assert_int_equal(pmindex_sheet_open_memory(r.model, POLICE, strlen(POLICE), NULL, NULL,
                                               PMINDEX_SHEET_PARTIAL, &s), 0);
    assert_i64(pmindex_merge_add_sheet(r.merge, s), PMINDEX_E_STATE);
    pmindex_sheet_free(s);
    done(&r);
}

static void test_conflict_names_both_sheets(void **state)
{
    (void)state;
    static const char OTHER[] = "compound_id,station,B2\nX-1,T1,0.95\nX-2,T9,0.9\n";
    struct merged r;
    const char *texts[] = {POLICE, DISTRICT, OTHER};
    merge(&r, 0, texts, 3);
    assert_i64(pmindex_merge_finish(r.merge), PMINDEX_E_CONFLICT);
    /* X-1 agrees (95% = 0.95); X-2 disagrees on station and on B2. */
    assert_i64(pmindex_merge_error_count(r.merge), 2);
    const pmindex_error *e = pmindex_merge_error(r.merge, 0);
    assert_i64(pmindex_error_code(e), PMINDEX_E_CONFLICT);
    assert_string_equal(pmindex_error_file(e), "street.csv");
    assert_i64(pmindex_error_line(e), 3);
    assert_string_equal(pmindex_error_field(e), "station");
    assert_string_equal(pmindex_error_value(e), "T9");
    assert_non_null(strstr(pmindex_error_message(e), "\"T1\" in police.csv line 3"));
    e = pmindex_merge_error(r.merge, 1);
    assert_string_equal(pmindex_error_field(e), "B2");
    assert_string_equal(pmindex_error_value(e), "0.9");
    assert_non_null(strstr(pmindex_error_message(e), "\"1\" in police.csv line 3"));
    done(&r);
}

static void test_missing_items_and_compounds(void **state)
{
    (void)state;
    /* Without the district's sheet, C and D items are given by nobody. */
    static const char EXTRA[] = "compound_id,C1\nX-1,0\nX-3,1\n";
    struct merged r;
    const char *texts[] = {POLICE, EXTRA};
    merge(&r, 0, texts, 2);
    assert_i64(pmindex_merge_finish(r.merge), PMINDEX_E_NOT_FOUND);
    /* C2..C10 and D1..D6 (15); X-2: not in the second sheet, and C1..D6
     * (16); X-3: not in the first sheet, A1..B9 and C2..D6 (30). */
    assert_i64(pmindex_merge_error_count(r.merge), 15 + 17 + 31);
    const pmindex_error *e = pmindex_merge_error(r.merge, 0);
    assert_string_equal(pmindex_error_field(e), "C2");
    assert_non_null(strstr(pmindex_error_message(e), "compound X-1: no sheet gives item C2"));
    e = pmindex_merge_error(r.merge, 15);
    assert_string_equal(pmindex_error_file(e), "district.csv");
    assert_string_equal(pmindex_error_value(e), "X-2");
    assert_non_null(strstr(pmindex_error_message(e), "police.csv line 3"));
    done(&r);

    /* Not applicable when asked: only the missing compounds remain. */
    merge(&r, PMINDEX_MERGE_MISSING_NA, texts, 2);
    assert_i64(pmindex_merge_finish(r.merge), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_merge_error_count(r.merge), 2);
    assert_i64(pmindex_merge_count(r.merge), 3);
    assert_int_equal(pmindex_compound_value(pmindex_merge_compound(r.merge, 0),
                                            pmindex_model_find_item(r.model, "D1"), NULL), 0);
    done(&r);
}

static void test_sheet_errors_join_the_list(void **state)
{
    (void)state;
    static const char BAD[] = "compound_id,C1,C2\nX-1,0.5,x\nX-1,0,0\n";
    struct merged r;
    const char *texts[] = {BAD};
    merge(&r, PMINDEX_MERGE_MISSING_NA, texts, 1);
    assert_i64(pmindex_merge_finish(r.merge), PMINDEX_E_RANGE);
    /* C1 0.5 and C2 x on line 2 (so X-1 comes from line 3 only: then the
     * reader's duplicate id). */
    assert_i64(pmindex_merge_error_count(r.merge), 3);
    assert_i64(pmindex_error_code(pmindex_merge_error(r.merge, 2)), PMINDEX_E_DUPLICATE);
    done(&r);
}

static void test_invalid(void **state)
{
    (void)state;
    pmindex_model *m;
    pmindex_merge *mg;
    assert_int_equal(pmindex_model_default(&m), 0);
    assert_i64(pmindex_merge_new(m, 2, &mg), PMINDEX_E_INVALID);
    assert_i64(pmindex_merge_new(NULL, 0, &mg), PMINDEX_E_INVALID);
    assert_i64(pmindex_merge_new(m, 0, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_merge_new(m, 0, &mg), 0);
    assert_i64(pmindex_merge_add_sheet(mg, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_merge_finish(mg), 0);
    assert_i64(pmindex_merge_count(mg), 0);
    assert_i64(pmindex_merge_finish(NULL), PMINDEX_E_INVALID);
    pmindex_merge_free(mg);
    pmindex_merge_free(NULL);
    pmindex_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merged_compounds_agree_with_the_whole),
        cmocka_unit_test(test_conflict_names_both_sheets),
        cmocka_unit_test(test_missing_items_and_compounds),
        cmocka_unit_test(test_sheet_errors_join_the_list),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
