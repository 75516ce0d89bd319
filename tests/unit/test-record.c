/* The record writer (record.c) and the 1.2 records of every object: one
 * description gives the CSV line, the CSV header and the JSON object. */
#include <stdio.h>

#define PMINDEX_TEST_DEFAULT_FIXTURE
#include "test.h"

#include "record.h"

/* A small object described once: a text, a number, a list, a JSON-only part. */
static void describe(struct pm_rec *r, const char *name, const char *const *list, int n)
{
    if (pm_rec_field(r, "name"))
        pm_rec_text(r, name);
    if (pm_rec_field(r, "points"))
        pm_rec_centi(r, n > 0, 1250);
    if (pm_rec_field(r, "count"))
        pm_rec_int(r, n >= 0, n);
    if (pm_rec_field(r, "list")) {
        bool quote = false;
        for (int i = 0; i < n; i++)
            quote |= pm_rec_needs_quotes(list[i]);
        pm_rec_list_begin(r, quote);
        for (int i = 0; i < n; i++)
            pm_rec_list_text(r, list[i]);
        pm_rec_list_end(r);
    }
    if (pm_rec_field(r, "ok"))
        pm_rec_bool(r, n != 1);
    if (pm_rec_json(r)) {
        pm_rec_field(r, "nested");
        pm_rec_array_begin(r);
        for (int i = 0; i < 2; i++) {
            pm_rec_field(r, NULL);
            pm_rec_object_begin(r);
            pm_rec_field(r, "value");
            pm_rec_decimal(r, i == 0, 87500000);
            pm_rec_object_end(r);
        }
        pm_rec_array_end(r);
    }
}

static const char *write(int32_t format, bool header, const char *name, const char *const *list,
                         int n)
{
    static char buf[1024];
    struct pm_out o;
    struct pm_rec r;
    pm_out_init(&o, buf, sizeof buf);
    pm_rec_begin(&r, &o, format, header);
    describe(&r, name, list, n);
    pm_rec_end(&r);
    pm_out_finish(&o);
    return buf;
}

static void test_writer(void **state)
{
    (void)state;
    const char *plain[] = {"A1", "B2"}, *odd[] = {"新园, 南区", "say \"hi\"", "x"};
    assert_string_equal(write(PMINDEX_FORMAT_CSV, true, NULL, NULL, 0),
                        "name,points,count,list,ok\n");
    assert_string_equal(write(PMINDEX_FORMAT_CSV, false, "LH-1", plain, 2),
                        "LH-1,12.50,2,A1;B2,1\n");
    /* No value: an empty cell; a list that needs quotes is one quoted cell. */
    assert_string_equal(write(PMINDEX_FORMAT_CSV, false, "a,b", odd, 3),
                        "\"a,b\",12.50,3,\"新园, 南区;say \"\"hi\"\";x\",1\n");
    assert_string_equal(write(PMINDEX_FORMAT_CSV, false, "", NULL, -1), ",,,,1\n");
    assert_string_equal(write(PMINDEX_FORMAT_JSONL, false, "LH-1", plain, 2),
                        "{\"name\":\"LH-1\",\"points\":12.50,\"count\":2,\"list\":[\"A1\",\"B2\"],"
                        "\"ok\":true,\"nested\":[{\"value\":0.875},{\"value\":null}]}\n");
    assert_string_equal(write(PMINDEX_FORMAT_JSONL, false, "q\"\n", odd, 1),
                        "{\"name\":\"q\\\"\\n\",\"points\":12.50,\"count\":1,"
                        "\"list\":[\"新园, 南区\"],\"ok\":false,"
                        "\"nested\":[{\"value\":0.875},{\"value\":null}]}\n");
    assert_string_equal(write(PMINDEX_FORMAT_JSONL, false, "", NULL, -1),
                        "{\"name\":\"\",\"points\":null,\"count\":null,\"list\":[],\"ok\":true,"
                        "\"nested\":[{\"value\":0.875},{\"value\":null}]}\n");
}

/* Whole numbers two digits a division, and the pieces a record is made of
 * (inline while they fit, cut with the full length counted when not). */
static void test_numbers_and_pieces(void **state)
{
    (void)state;
    static const int64_t values[] = {0, 7, 10, 99, 100, 101, 12345, 1000000, -1, -100, -12345,
                                     INT64_MAX, INT64_MIN};
    for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
        char buf[32], want[32];
        struct pm_out o;
        pm_out_init(&o, buf, sizeof buf);
        pm_out_int(&o, values[k]);
        pm_out_finish(&o);
        snprintf(want, sizeof want, "%lld", (long long)values[k]);
        assert_string_equal(buf, want);
    }
    char small[8];
    struct pm_out o;
    pm_out_init(&o, small, sizeof small);
    pm_out_str(&o, "abc");
    pm_out_char(&o, ',');
    pm_out_str(&o, "defgh");
    assert_int_equal(pm_out_finish(&o), 9);
    assert_string_equal(small, "abc,def");
    pm_out_init(&o, NULL, 0);
    pm_out_str(&o, "abc");
    assert_int_equal(pm_out_finish(&o), 3);
}

static void test_assessment_record(void **state)
{
    (void)state;
    char buf[8192], old[8192];
    const char *head = "compound_id,name,street,station,company,index,A,B,C,D,coverage,tier,"
                       "card,reasons\n";
    assert_i64(pmindex_assessment_header(model, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               (int64_t)strlen(head));
    assert_string_equal(buf, head);
    assert_i64(pmindex_assessment_header(model, PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf), 0);
    assert_string_equal(buf, "");

    pmindex_compound_clear(c);
    set_all_full(c);
    set_cells(c, "compound_id=LH-9|name=新园, 南区|street=东门街道|station=东门派出所|"
                 "company=甲\"物业\"|B1=0|B2=0.8|B3=0|B4=0.6|B5=0.5|C4=NA");
    assert_int_equal(pmindex_assess(model, c, a), 0);
    int64_t n = pmindex_assessment_record(a, c, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    const char *want = "LH-9,\"新园, 南区\",东门街道,东门派出所,\"甲\"\"物业\"\"\",83.50,15.00,"
                       "13.50,35.00,20.00,95.00,pass,black,downgrade:B;black:share:B\n";
    assert_string_equal(buf, want);
    assert_i64(n, (int64_t)strlen(want));
    /* Every capacity gives the same length and a prefix of the record. */
    for (size_t cap = 0; cap <= (size_t)n + 1; cap++) {
        char small[512];
        memset(small, 'x', sizeof small);
        assert_i64(pmindex_assessment_record(a, c, PMINDEX_FORMAT_CSV, 0, cap ? small : NULL,
                                             cap),
                   n);
        if (cap) {
            size_t got = strlen(small);
            assert_true(got < cap && got + 4 > cap - 1); /* cut at a character boundary */
            assert_memory_equal(small, want, got);
        }
    }
    /* JSON Lines: the bytes of the 1.0 function. */
    n = pmindex_assessment_record(a, c, PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf);
    assert_i64(pmindex_jsonl_record(a, c, old, sizeof old), n);
    assert_string_equal(buf, old);
}

static void test_assessment_record_invalid(void **state)
{
    (void)state;
    char buf[64];
    pmindex_model *other;
    pmindex_compound *oc;
    assert_int_equal(pmindex_model_default(&other), 0);
    assert_int_equal(pmindex_compound_new(other, &oc), 0);
    assert_i64(pmindex_assessment_header(NULL, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_assessment_header(model, 0, 0, buf, sizeof buf), PMINDEX_E_INVALID);
    assert_i64(pmindex_assessment_header(model, 3, 0, buf, sizeof buf), PMINDEX_E_INVALID);
    /* 1 is PMINDEX_RECORD_MARGINS (1.2); other bits are unknown. */
    assert_i64(pmindex_assessment_header(model, PMINDEX_FORMAT_CSV, 2, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_assessment_header(model, PMINDEX_FORMAT_CSV, 0, NULL, 8),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_assessment_record(NULL, c, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_assessment_record(a, NULL, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_assessment_record(a, oc, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_assessment_record(a, c, 7, 0, buf, sizeof buf), PMINDEX_E_INVALID);
    assert_i64(pmindex_assessment_record(a, c, PMINDEX_FORMAT_JSONL, 1u << 31, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_assessment_record(a, c, PMINDEX_FORMAT_CSV, 0, NULL, 1),
               PMINDEX_E_INVALID);
    pmindex_compound_free(oc);
    pmindex_model_free(other);
}

static void test_reason_labels(void **state)
{
    (void)state;
    char zh[128], en[128];
    pmindex_compound_clear(c);
    set_all_full(c);
    set_cells(c, "B1=0|B2=0.8|B3=0|B4=0.6|B5=0.5|V3=1");
    assert_int_equal(pmindex_assess(model, c, a), 0);
    /* veto:V3, downgrade:B, black:fail? no: the veto decides; black:veto, black:share:B */
    const char *want[][2] = {{"一票否决V3", "veto V3"},
                             {"B降一档", "downgrade for B"},
                             {"黑牌：一票否决", "black card: veto"},
                             {"黑牌：B得分率", "black card: B share"}};
    assert_int_equal(pmindex_assessment_reason_count(a), 4);
    for (int32_t n = 0; n < 4; n++) {
        assert_i64(pmindex_assessment_reason_label(a, n, PMINDEX_LANG_ZH, zh, sizeof zh),
                   (int64_t)strlen(want[n][0]));
        pmindex_assessment_reason_label(a, n, PMINDEX_LANG_EN, en, sizeof en);
        assert_string_equal(zh, want[n][0]);
        assert_string_equal(en, want[n][1]);
    }
    pmindex_compound_clear(c);
    set_all_full(c);
    assert_int_equal(pmindex_assess(model, c, a), 0);
    pmindex_assessment_reason_label(a, 0, PMINDEX_LANG_ZH, zh, sizeof zh);
    assert_string_equal(zh, "红牌");
    pmindex_compound_clear(c);
    set_cells(c, "compound_id=F-1|A1=1");
    assert_int_equal(pmindex_assess(model, c, a), 0);
    pmindex_assessment_reason_label(a, 0, PMINDEX_LANG_EN, en, sizeof en);
    assert_string_equal(en, "fallback management");
    assert_i64(pmindex_assessment_reason_label(a, 1, PMINDEX_LANG_EN, en, sizeof en),
               PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_assessment_reason_label(NULL, 0, PMINDEX_LANG_EN, en, sizeof en),
               PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_assessment_reason_label(a, 0, PMINDEX_LANG_EN, NULL, 4),
               PMINDEX_E_INVALID);
}

/* A stored key gives the words of the assessment it came from. */
static void test_reason_key_labels(void **state)
{
    (void)state;
    char key[64], zh[128], en[128], want[128];
    pmindex_compound_clear(c);
    set_all_full(c);
    set_cells(c, "B1=0|B2=0.8|B3=0|B4=0.6|B5=0.5|V3=1");
    assert_int_equal(pmindex_assess(model, c, a), 0);
    for (int32_t n = 0; n < pmindex_assessment_reason_count(a); n++) {
        pmindex_assessment_reason_key(a, n, key, sizeof key);
        for (int32_t lang = PMINDEX_LANG_ZH; lang <= PMINDEX_LANG_EN; lang++) {
            int64_t len = pmindex_assessment_reason_label(a, n, lang, want, sizeof want);
            char *got = lang == PMINDEX_LANG_ZH ? zh : en;
            assert_i64(pmindex_model_reason_label(model, key, lang, got, 128), len);
            assert_string_equal(got, want);
        }
    }
    static const char *const cases[][3] = {
        {"fallback", "兜底管理", "fallback management"},
        {"red", "红牌", "red card"},
        {"black:veto", "黑牌：一票否决", "black card: veto"},
        {"black:fail", "黑牌：不合格", "black card: Fail"},
        {"black:share:B", "黑牌：B得分率", "black card: B share"},
        {"downgrade:D", "D降一档", "downgrade for D"},
        {"veto:V5", "一票否决V5", "veto V5"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        assert_i64(pmindex_model_reason_label(model, cases[k][0], PMINDEX_LANG_ZH, zh, sizeof zh),
                   (int64_t)strlen(cases[k][1]));
        assert_string_equal(zh, cases[k][1]);
        pmindex_model_reason_label(model, cases[k][0], PMINDEX_LANG_EN, en, sizeof en);
        assert_string_equal(en, cases[k][2]);
    }
    static const char *const unknown[] = {"", "veto:", "veto:V9", "downgrade:Z", "black:share:",
                                          "black:share:Q", "black:worst", "red;black:fail",
                                          "Red", "fallback:", "black"};
    for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++)
        assert_i64(pmindex_model_reason_label(model, unknown[k], PMINDEX_LANG_EN, en, sizeof en),
                   PMINDEX_E_NOT_FOUND);
    /* The length needed, with no buffer. */
    assert_i64(pmindex_model_reason_label(model, "veto:V1", PMINDEX_LANG_EN, NULL, 0), 7);
    assert_i64(pmindex_model_reason_label(NULL, "red", PMINDEX_LANG_EN, en, sizeof en),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_model_reason_label(model, NULL, PMINDEX_LANG_EN, en, sizeof en),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_model_reason_label(model, "red", PMINDEX_LANG_EN, NULL, 4),
               PMINDEX_E_INVALID);
}

static void test_district_and_ledger_invalid(void **state)
{
    (void)state;
    char buf[256];
    pmindex_district *d;
    assert_int_equal(pmindex_district_new(model, &d), 0);
    /* A header needs no compound; a record needs the district computed. */
    assert_true(pmindex_district_header(d, PMINDEX_SCOPE_STREET, PMINDEX_FORMAT_CSV, 0, buf,
                                        sizeof buf) > 0);
    assert_non_null(strstr(buf, ",lists,black_compounds,black_names\n"));
    assert_i64(pmindex_district_record(d, PMINDEX_SCOPE_DISTRICT, 0, PMINDEX_FORMAT_CSV, 0, buf,
                                       sizeof buf),
               PMINDEX_E_STATE);
    assert_i64(pmindex_district_header(d, 4, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_district_header(d, 0, 9, 0, buf, sizeof buf), PMINDEX_E_INVALID);
    assert_i64(pmindex_district_record(d, 0, 0, PMINDEX_FORMAT_CSV, 2, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_district_record(NULL, 0, 0, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_int_equal(pmindex_district_compute(d), 0);
    assert_i64(pmindex_district_record(d, PMINDEX_SCOPE_DISTRICT, 0, PMINDEX_FORMAT_CSV, 0, buf,
                                       sizeof buf),
               PMINDEX_E_NOT_FOUND);
    pmindex_district_free(d);

    const char *head = "compound_id,period,revision,name,street,station,company,index,tier,"
                       "card,level,measures,reasons,revoked\n";
    assert_i64(pmindex_ledger_row_header(PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               (int64_t)strlen(head));
    assert_string_equal(buf, head);
    assert_i64(pmindex_ledger_row_header(PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf), 0);
    assert_i64(pmindex_ledger_row_header(0, 0, buf, sizeof buf), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_row_header(PMINDEX_FORMAT_CSV, 1, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_row_record(NULL, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer),
        cmocka_unit_test(test_numbers_and_pieces),
        cmocka_unit_test(test_assessment_record),
        cmocka_unit_test(test_assessment_record_invalid),
        cmocka_unit_test(test_reason_labels),
        cmocka_unit_test(test_reason_key_labels),
        cmocka_unit_test(test_district_and_ledger_invalid),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
