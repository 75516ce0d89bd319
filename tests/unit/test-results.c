/* CSV and JSON Lines records: the format every program and binding shares. */
#define PMINDEX_TEST_DEFAULT_FIXTURE
#include "test.h"

static void test_header(void **state)
{
    (void)state;
    char buf[256];
    const char *want = "compound_id,index,A,B,C,D,coverage,tier,card,reasons\n";
    assert_i64(pmindex_csv_header(model, buf, sizeof buf), (int64_t)strlen(want));
    assert_string_equal(buf, want);
    assert_i64(pmindex_csv_header(NULL, buf, sizeof buf), PMINDEX_E_INVALID);
}

static void test_csv_record(void **state)
{
    (void)state;
    char buf[512];
    set_all_full(c);
    set_cells(c, "compound_id=LH-9|B1=0|B2=0.8|B3=0|B4=0.6|B5=0.5|C4=NA");
    assert_int_equal(pmindex_assess(model, c, a), 0);
    int64_t n = pmindex_csv_record(a, c, buf, sizeof buf);
    const char *want = "LH-9,83.50,15.00,13.50,35.00,20.00,95.00,pass,black,"
                       "downgrade:B;black:share:B\n";
    assert_string_equal(buf, want);
    assert_i64(n, (int64_t)strlen(want));
    /* Fallback with no applicable item of A: empty index cell only if no index. */
    pmindex_compound_clear(c);
    set_cells(c, "compound_id=E-1");
    assert_int_equal(pmindex_assess(model, c, a), 0);
    pmindex_csv_record(a, c, buf, sizeof buf);
    assert_string_equal(buf, "E-1,,,,,,0.00,fallback,none,fallback\n");
}

static void test_capacity(void **state)
{
    (void)state;
    set_all_full(c);
    assert_int_equal(pmindex_assess(model, c, a), 0);
    char full[256], small[10];
    int64_t n = pmindex_csv_record(a, c, full, sizeof full);
    assert_i64(pmindex_csv_record(a, c, NULL, 0), n);
    assert_i64(pmindex_csv_record(a, c, small, sizeof small), n);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_memory_equal(small, full, sizeof small - 1);
    assert_i64(pmindex_jsonl_record(a, c, NULL, 0), pmindex_jsonl_record(a, c, full, 0));
}

static void test_jsonl(void **state)
{
    (void)state;
    static char buf[8192];
    pmindex_compound_clear(c);
    set_all_full(c);
    set_cells(c, "compound_id=J-1|name=金湖\"花园\"\\一期|street=东门街道|households=1200|"
                 "managed=0|period=2018H2|A2=0.5|C4=NA|V2=1");
    assert_int_equal(pmindex_assess(model, c, a), 0);
    int64_t n = pmindex_jsonl_record(a, c, buf, sizeof buf);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    assert_int_equal(buf[n - 1], '\n');
    const char *expect[] = {
        "{\"compound_id\":\"J-1\",\"name\":\"金湖\\\"花园\\\"\\\\一期\",\"street\":\"东门街道\"",
        "\"households\":1200,\"managed\":false,\"index\":98.50,",
        "{\"id\":\"A\",\"points\":13.50,\"earned\":13.50,\"applicable\":15.00,\"share\":90.00}",
        "{\"id\":\"C\",\"points\":35.00,\"earned\":30.00,\"applicable\":30.00,\"share\":100.00}",
        "\"coverage\":95.00,\"tier\":\"fail\",\"card\":\"black\",\"reasons\":[\"veto:V2\",\"black:veto\"]",
        "{\"id\":\"A2\",\"value\":0.5,\"points\":1.50,\"lost\":1.50}",
        "{\"id\":\"C4\",\"value\":null,\"points\":null,\"lost\":null}",
        "{\"id\":\"D1\",\"value\":0.95,\"points\":6.00,\"lost\":0.00}",
        "\"losses\":[\"A2\"]}\n",
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        if (!strstr(buf, expect[i]))
            fail_msg("JSON lacks %s\n%s", expect[i], buf);
    /* Control characters are escaped. */
    set_cells(c, "name=a\tb");
    pmindex_jsonl_record(a, c, buf, sizeof buf);
    assert_non_null(strstr(buf, "\"name\":\"a\\tb\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_csv_record),
        cmocka_unit_test(test_capacity),
        cmocka_unit_test(test_jsonl),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
