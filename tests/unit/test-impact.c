/* Before adopting a new model: the parameter diff of two models, a compound
 * carried from one model to another, and the impact on the sample district
 * of the same model twice (the identity), of a raised threshold (checked
 * against reading the sheet for the new model directly), of one more item
 * (not applicable under the new model) and of the draft revision. */
#include "test.h"
#include "ladder-models.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const SAMPLE = "examples/data/luohu-sample.csv";

static pmindex_model *load(const char *path)
{
    pmindex_model *m = NULL;
    pmindex_error *e = NULL;
    assert_int_equal(pmindex_error_new(&e), 0);
    if (pmindex_model_load_ini(path, &m, e) != 0)
        fail_msg("%s: %s", path, pmindex_error_message(e));
    pmindex_error_free(e);
    return m;
}

static pmindex_model *load_default(void)
{
    pmindex_model *m = NULL;
    assert_int_equal(pmindex_model_default(&m), 0);
    return m;
}

/* Every compound of a sheet into an impact, which is then computed. */
static pmindex_impact *impact_of(const pmindex_model *o, const pmindex_model *n, const char *sheet)
{
    pmindex_impact *imp = NULL;
    pmindex_sheet *s = NULL;
    assert_int_equal(pmindex_impact_new(o, n, &imp), 0);
    assert_int_equal(pmindex_sheet_open(o, sheet, NULL, 0, &s), 0);
    const pmindex_compound *c;
    int rc;
    while ((rc = pmindex_sheet_next(s, &c)) != 0) {
        assert_int_equal(rc, 1);
        if (pmindex_impact_add(imp, c) != 0)
            fail_msg("%s", pmindex_error_message(pmindex_impact_error(imp)));
    }
    pmindex_sheet_free(s);
    assert_int_equal(pmindex_impact_compute(imp), 0);
    assert_int_equal(pmindex_impact_compute(imp), 0); /* again: nothing more */
    return imp;
}

static int64_t index_of(const pmindex_district *d, int64_t k)
{
    int64_t v = -1;
    pmindex_district_compound_index(d, k, &v);
    return v;
}

/* ---- the parameter diff ---------------------------------------------------- */

static void test_diff_identical(void **state)
{
    (void)state;
    pmindex_model *a = load_default(), *b = load("models/luohu-2018.ini");
    pmindex_model_diff *d = NULL;
    assert_int_equal(pmindex_model_diff_new(a, b, &d, NULL), 0);
    assert_i64(pmindex_model_diff_count(d), 0);
    assert_i64(pmindex_model_diff_change(d, 0), PMINDEX_E_NOT_FOUND);
    assert_string_equal(pmindex_model_diff_section(d, 0), "");
    assert_null(pmindex_model_diff_value(d, 0, PMINDEX_OLD));
    char buf[256];
    assert_i64(pmindex_model_diff_record(d, 0, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_model_diff_header(PMINDEX_FORMAT_CSV, 0, buf, sizeof buf), 45);
    assert_string_equal(buf, "change,section,key,old,new,title_zh,title_en\n");
    assert_i64(pmindex_model_diff_header(PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    pmindex_model_diff_free(d);
    /* A model against itself. */
    assert_int_equal(pmindex_model_diff_new(a, a, &d, NULL), 0);
    assert_i64(pmindex_model_diff_count(d), 0);
    pmindex_model_diff_free(d);
    pmindex_model_free(a);
    pmindex_model_free(b);
}

/* Legal bases decide nothing; every other difference makes another model. */
static void test_diff_decides(void **state)
{
    (void)state;
    pmindex_model *a = load_default();
    pmindex_model *basis = edited_default("basis_zh = ", "basis_zh = 另一依据；");
    pmindex_model *named = edited_default("name_en = Luohu", "name_en = Revised Luohu");
    pmindex_model_diff *d = NULL;
    assert_int_equal(pmindex_model_diff_new(a, basis, &d, NULL), 0);
    assert_i64(pmindex_model_diff_count(d), 1);
    assert_string_equal(pmindex_model_diff_key(d, 0), "basis_zh");
    assert_i64(pmindex_model_diff_decides(d, 0), 0);
    assert_i64(pmindex_model_diff_decides(d, 1), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_model_diff_decides(d, -1), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_model_diff_decides(NULL, 0), PMINDEX_E_INVALID);
    pmindex_model_diff_free(d);
    /* A name is recorded with a ledger's periods: it counts. */
    assert_int_equal(pmindex_model_diff_new(a, named, &d, NULL), 0);
    assert_i64(pmindex_model_diff_count(d), 1);
    assert_i64(pmindex_model_diff_decides(d, 0), 1);
    pmindex_model_diff_free(d);
    /* Every kind of difference of the draft revision counts. */
    pmindex_model *b = load("tests/impact/revised.ini");
    assert_int_equal(pmindex_model_diff_new(a, b, &d, NULL), 0);
    for (int64_t n = 0; n < pmindex_model_diff_count(d); n++)
        assert_i64(pmindex_model_diff_decides(d, n), 1);
    pmindex_model_diff_free(d);
    pmindex_model_free(a);
    pmindex_model_free(b);
    pmindex_model_free(basis);
    pmindex_model_free(named);
}

static int64_t find_difference(const pmindex_model_diff *d, const char *section, const char *key)
{
    for (int64_t n = 0; n < pmindex_model_diff_count(d); n++)
        if (strcmp(pmindex_model_diff_section(d, n), section) == 0 &&
            strcmp(pmindex_model_diff_key(d, n), key) == 0)
            return n;
    fail_msg("no difference [%s] %s", section, key);
    return -1;
}

static void test_diff_revised(void **state)
{
    (void)state;
    pmindex_model *a = load_default(), *b = load("tests/impact/revised.ini");
    pmindex_model_diff *d = NULL;
    assert_int_equal(pmindex_model_diff_new(a, b, &d, NULL), 0);
    assert_i64(pmindex_model_diff_count(d), 23);
    /* The old model's sections in order, then what only the new one has. */
    assert_int_equal(pmindex_model_diff_change(d, 0), PMINDEX_DIFF_CHANGED);
    assert_string_equal(pmindex_model_diff_section(d, 0), "model");
    assert_string_equal(pmindex_model_diff_key(d, 0), "name_zh");
    int64_t n = find_difference(d, "item A6", "");
    assert_int_equal(pmindex_model_diff_change(d, n), PMINDEX_DIFF_REMOVED);
    assert_string_equal(pmindex_model_diff_title(d, n, PMINDEX_LANG_EN),
                        "Accepts supervision and completes assigned tasks");
    assert_string_equal(pmindex_model_diff_title(d, n, PMINDEX_LANG_ZH), "接受监管、落实部署");
    n = pmindex_model_diff_count(d) - 1;
    assert_int_equal(pmindex_model_diff_change(d, n), PMINDEX_DIFF_ADDED);
    assert_string_equal(pmindex_model_diff_section(d, n), "item D7");
    /* A key only the new model has. */
    n = find_difference(d, "item C3", "level2");
    assert_null(pmindex_model_diff_value(d, n, PMINDEX_OLD));
    assert_string_equal(pmindex_model_diff_value(d, n, PMINDEX_NEW), "0.6");
    /* Records. */
    n = find_difference(d, "tier good", "threshold");
    char buf[512];
    int64_t len = pmindex_model_diff_record(d, n, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    assert_string_equal(buf, "changed,tier good,threshold,80,82,,\n");
    assert_i64(len, (int64_t)strlen(buf));
    pmindex_model_diff_record(d, n, PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf);
    assert_string_equal(buf, "{\"kind\":\"diff\",\"change\":\"changed\",\"section\":\"tier good\","
                             "\"key\":\"threshold\",\"old\":\"80\",\"new\":\"82\","
                             "\"title_zh\":null,\"title_en\":null}\n");
    n = find_difference(d, "item D7", "");
    pmindex_model_diff_record(d, n, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    assert_string_equal(buf, "added,item D7,,,,智慧物业平台应用,Smart property platform in use\n");
    /* A buffer too small gets the length it needs. */
    int64_t whole = (int64_t)strlen(buf);
    assert_i64(pmindex_model_diff_record(d, n, PMINDEX_FORMAT_CSV, 0, buf, 4), whole);
    assert_string_equal(buf, "add");
    assert_i64(pmindex_model_diff_record(d, n, 3, 0, buf, sizeof buf), PMINDEX_E_INVALID);
    assert_i64(pmindex_model_diff_record(d, n, PMINDEX_FORMAT_CSV, 1, buf, sizeof buf),
               PMINDEX_E_INVALID);
    pmindex_model_diff_free(d);
    pmindex_model_free(a);
    pmindex_model_free(b);
}

static void test_diff_order_and_errors(void **state)
{
    (void)state;
    /* An item renamed: one section removed, one added. */
    pmindex_model *a = load_default();
    pmindex_model *b = edited_default("[item A1]", "[item A0]");
    pmindex_model_diff *d = NULL;
    assert_int_equal(pmindex_model_diff_new(a, b, &d, NULL), 0);
    assert_i64(pmindex_model_diff_count(d), 2);
    assert_int_equal(pmindex_model_diff_change(d, 0), PMINDEX_DIFF_REMOVED);
    assert_int_equal(pmindex_model_diff_change(d, 1), PMINDEX_DIFF_ADDED);
    pmindex_model_diff_free(d);
    pmindex_model_free(b);
    /* Two items in the other order. */
    pmindex_model *m = load_default();
    int64_t len = pmindex_model_write_ini(m, NULL, 0);
    char *text = malloc((size_t)len + 1);
    pmindex_model_write_ini(m, text, (size_t)len + 1);
    char *a1 = strstr(text, "[item A1]"), *a2 = strstr(text, "[item A2]"),
         *a3 = strstr(text, "[item A3]");
    size_t n1 = (size_t)(a2 - a1), n2 = (size_t)(a3 - a2);
    char *swap = malloc(n1 + n2);
    memcpy(swap, a2, n2);
    memcpy(swap + n2, a1, n1);
    memcpy(a1, swap, n1 + n2);
    free(swap);
    assert_int_equal(pmindex_model_load_ini_memory(text, (size_t)len, "swapped.ini", &b, NULL), 0);
    free(text);
    assert_int_equal(pmindex_model_diff_new(a, b, &d, NULL), 0);
    assert_i64(pmindex_model_diff_count(d), 1);
    assert_int_equal(pmindex_model_diff_change(d, 0), PMINDEX_DIFF_ORDER);
    assert_string_equal(pmindex_model_diff_section(d, 0), "item");
    char buf[256];
    pmindex_model_diff_record(d, 0, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    assert_string_equal(buf, "order,item,,,,,\n");
    pmindex_model_diff_free(d);
    /* Errors. */
    pmindex_error *e = NULL;
    assert_int_equal(pmindex_error_new(&e), 0);
    assert_int_equal(pmindex_model_diff_new(NULL, b, &d, e), PMINDEX_E_INVALID);
    assert_null(d);
    assert_int_equal(pmindex_error_code(e), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_model_diff_new(a, b, NULL, NULL), PMINDEX_E_INVALID);
    assert_i64(pmindex_model_diff_count(NULL), 0);
    assert_i64(pmindex_model_diff_change(NULL, 0), PMINDEX_E_INVALID);
    assert_string_equal(pmindex_model_diff_key(NULL, 0), "");
    assert_string_equal(pmindex_model_diff_title(NULL, 0, PMINDEX_LANG_EN), "");
    assert_i64(pmindex_model_diff_record(NULL, 0, PMINDEX_FORMAT_CSV, 0, NULL, 0),
               PMINDEX_E_INVALID);
    pmindex_model_diff_free(NULL);
    pmindex_error_free(e);
    pmindex_model_free(a);
    pmindex_model_free(b);
    pmindex_model_free(m);
}

/* ---- carrying a compound over ------------------------------------------------ */

static void test_translate(void **state)
{
    (void)state;
    pmindex_model *o = load_default(), *n = load("tests/impact/revised.ini");
    pmindex_compound *c, *t;
    assert_int_equal(pmindex_compound_new(o, &c), 0);
    assert_int_equal(pmindex_compound_new(n, &t), 0);
    set_all_full(c);
    set_cells(c, "name=甲|street=S|households=12|managed=0|C3=基本符合|A6=1|V3=1|V2=1");
    assert_int_equal(pmindex_compound_translate(t, c), 0);
    assert_string_equal(pmindex_compound_field(t, PMINDEX_FIELD_ID), "T-1");
    assert_string_equal(pmindex_compound_field(t, PMINDEX_FIELD_NAME), "甲");
    assert_i64(pmindex_compound_households(t), 12);
    assert_int_equal(pmindex_compound_managed(t), 0);
    int64_t v;
    /* "partly meets" is 0.6 in the revision. */
    assert_int_equal(pmindex_compound_value(t, pmindex_model_find_item(n, "C3"), &v), 1);
    assert_i64(v, 60000000);
    assert_int_equal(pmindex_compound_value(t, pmindex_model_find_item(n, "D1"), &v), 1);
    assert_i64(v, 95000000);
    /* D7 is the revision's own: not applicable. */
    assert_int_equal(pmindex_compound_value(t, pmindex_model_find_item(n, "D7"), &v), 0);
    assert_int_equal(pmindex_compound_veto(t, pmindex_model_find_veto(n, "V3")), 1);
    assert_int_equal(pmindex_compound_veto(t, pmindex_model_find_veto(n, "V1")), 0);
    /* The same model: a copy. */
    pmindex_compound *same;
    assert_int_equal(pmindex_compound_new(o, &same), 0);
    assert_int_equal(pmindex_compound_translate(same, c), 0);
    for (int32_t i = 0; i < pmindex_model_item_count(o); i++) {
        int64_t x = -1, y = -1;
        assert_int_equal(pmindex_compound_value(same, i, &x), pmindex_compound_value(c, i, &y));
        assert_i64(x, y);
    }
    assert_int_equal(pmindex_compound_translate(c, c), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_compound_translate(NULL, c), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_compound_translate(t, NULL), PMINDEX_E_INVALID);
    pmindex_compound_free(same);
    pmindex_compound_free(c);
    pmindex_compound_free(t);
    pmindex_model_free(o);
    pmindex_model_free(n);
}

static void test_translate_refused(void **state)
{
    (void)state;
    pmindex_model *o = load_default(), *p = load("tests/impact/type-change.ini");
    /* C4 (faults per 10 lifts: up to 4 and more) made a share of 0 to 1. */
    pmindex_model *s = edited_default("zero = 4\nfull = 0", "zero = 1\nfull = 0");
    pmindex_compound *c, *t;
    assert_int_equal(pmindex_compound_new(o, &c), 0);
    assert_int_equal(pmindex_compound_new(p, &t), 0);
    set_all_full(c);
    set_cells(c, "compound_id=T-9|B2=92%|C4=1.5");
    pmindex_compound_set_text(t, "compound_id", "KEEP", 4);
    assert_int_equal(pmindex_compound_translate(t, c), PMINDEX_E_RANGE);
    const pmindex_error *e = pmindex_compound_error(t);
    assert_int_equal(pmindex_error_code(e), PMINDEX_E_RANGE);
    assert_string_equal(pmindex_error_field(e), "B2");
    assert_string_equal(pmindex_error_value(e), "0.92");
    assert_non_null(strstr(pmindex_error_message(e), "pass/fail"));
    /* Refused: the compound is as it was. */
    assert_string_equal(pmindex_compound_field(t, PMINDEX_FIELD_ID), "KEEP");
    /* Not applicable, it is carried over. */
    set_cells(c, "B2=NA");
    assert_int_equal(pmindex_compound_translate(t, c), 0);
    assert_string_equal(pmindex_compound_field(t, PMINDEX_FIELD_ID), "T-9");
    pmindex_compound_free(t);
    /* A value the other model's range refuses, as a sheet's would be. */
    assert_int_equal(pmindex_compound_new(s, &t), 0);
    assert_int_equal(pmindex_compound_translate(t, c), PMINDEX_E_RANGE);
    assert_string_equal(pmindex_error_field(pmindex_compound_error(t)), "C4");
    assert_string_equal(pmindex_error_value(pmindex_compound_error(t)), "1.5");
    set_cells(c, "C4=0.5");
    assert_int_equal(pmindex_compound_translate(t, c), 0);
    pmindex_compound_free(t);
    pmindex_compound_free(c);
    pmindex_model_free(o);
    pmindex_model_free(p);
    pmindex_model_free(s);
}

/* ---- the impact ------------------------------------------------------------- */

static void test_identity(void **state)
{
    (void)state;
    pmindex_model *a = load_default(), *b = load("models/luohu-2018.ini");
    pmindex_impact *imp = impact_of(a, b, SAMPLE);
    const pmindex_district *o = pmindex_impact_district(imp, PMINDEX_OLD);
    const pmindex_district *n = pmindex_impact_district(imp, PMINDEX_NEW);
    assert_i64(pmindex_district_count(o), 200);
    assert_i64(pmindex_district_count(n), 200);
    for (int32_t x = PMINDEX_TIER_FALLBACK; x < 4; x++)
        for (int32_t y = PMINDEX_TIER_FALLBACK; y < 4; y++) {
            int64_t count = pmindex_impact_transitions(imp, PMINDEX_IMPACT_TIERS, x, y);
            if (x != y)
                assert_i64(count, 0);
            else
                assert_i64(count, pmindex_district_group_tier_count(o, 0, 0, x));
        }
    for (int32_t x = 0; x < 3; x++)
        for (int32_t y = 0; y < 3; y++)
            if (x != y)
                assert_i64(pmindex_impact_transitions(imp, PMINDEX_IMPACT_CARDS, x, y), 0);
    static const int32_t empty[] = {PMINDEX_IMPACT_COLUMNS, PMINDEX_IMPACT_CHANGES,
                                    PMINDEX_IMPACT_UP, PMINDEX_IMPACT_DOWN};
    for (size_t p = 0; p < sizeof empty / sizeof *empty; p++)
        assert_i64(pmindex_impact_count(imp, empty[p]), 0);
    for (int64_t k = 0; k < 200; k++) {
        assert_i64(index_of(o, k), index_of(n, k));
        assert_int_equal(pmindex_impact_events(imp, k, PMINDEX_OLD),
                         pmindex_impact_events(imp, k, PMINDEX_NEW));
        assert_int_equal(pmindex_impact_index_tier(imp, k, PMINDEX_OLD),
                         pmindex_impact_index_tier(imp, k, PMINDEX_NEW));
    }
    for (int32_t part = PMINDEX_IMPACT_STREETS; part <= PMINDEX_IMPACT_COMPANIES; part++)
        for (int32_t g = 0; g < pmindex_impact_count(imp, part); g++)
            assert_int_equal(pmindex_impact_group(imp, part, g, PMINDEX_OLD),
                             pmindex_impact_group(imp, part, g, PMINDEX_NEW));
    pmindex_impact_free(imp);
    pmindex_model_free(a);
    pmindex_model_free(b);
}

/* The verdicts of a sheet read for a model, by compound_id order of the sheet. */
struct verdicts {
    int64_t index[256];
    int32_t tier[256], card[256];
    int n;
};

static void read_verdicts(const pmindex_model *m, const char *data, size_t len,
                          struct verdicts *v)
{
    pmindex_sheet *s = NULL;
    pmindex_assessment *a = NULL;
    assert_int_equal(pmindex_sheet_open_memory(m, data, len, "sheet", NULL, 0, &s), 0);
    assert_int_equal(pmindex_assessment_new(m, &a), 0);
    const pmindex_compound *c;
    v->n = 0;
    int rc;
    while ((rc = pmindex_sheet_next(s, &c)) != 0) {
        if (rc < 0)
            fail_msg("%s", pmindex_error_message(pmindex_sheet_error(s)));
        assert_int_equal(pmindex_assess(m, c, a), 0);
        v->index[v->n] = -1;
        pmindex_assessment_index(a, &v->index[v->n]);
        v->tier[v->n] = pmindex_assessment_tier(a);
        v->card[v->n] = pmindex_assessment_card(a);
        v->n++;
    }
    pmindex_assessment_free(a);
    pmindex_sheet_free(s);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    p[n] = '\0';
    *len = (size_t)n;
    return p;
}

/* The new side of an impact against the sheet read for the new model. */
static void check_new_side(const pmindex_impact *imp, const struct verdicts *v)
{
    const pmindex_district *n = pmindex_impact_district(imp, PMINDEX_NEW);
    assert_i64(pmindex_district_count(n), v->n);
    for (int k = 0; k < v->n; k++) {
        assert_i64(index_of(n, k), v->index[k]);
        assert_int_equal(pmindex_district_compound_tier(n, k), v->tier[k]);
        assert_int_equal(pmindex_district_compound_card(n, k), v->card[k]);
    }
}

static void test_threshold_moves_exactly_those_between(void **state)
{
    (void)state;
    pmindex_model *a = load_default(), *b = load("tests/impact/threshold.ini");
    pmindex_impact *imp = impact_of(a, b, SAMPLE);
    size_t len;
    char *sheet = slurp(SAMPLE, &len);
    struct verdicts before, after;
    read_verdicts(a, sheet, len, &before);
    read_verdicts(b, sheet, len, &after);
    check_new_side(imp, &after);
    /* The compounds that change are those whose verdict differs when the
     * sheet is read for each model, and each has an index from 80 to 85. */
    int64_t changes = pmindex_impact_count(imp, PMINDEX_IMPACT_CHANGES), expected = 0;
    bool changed[256] = {false};
    for (int64_t c = 0; c < changes; c++) {
        int64_t k = pmindex_impact_compound(imp, PMINDEX_IMPACT_CHANGES, c);
        changed[k] = true;
        assert_true(before.index[k] >= 8000 && before.index[k] < 8500);
    }
    for (int k = 0; k < before.n; k++) {
        bool differs = before.tier[k] != after.tier[k] || before.card[k] != after.card[k];
        assert_int_equal(differs, changed[k]);
        expected += differs;
        /* Between the thresholds, not fallback and not vetoed: it moves. */
        if (before.index[k] >= 8000 && before.index[k] < 8500 && before.tier[k] >= 0 &&
            before.tier[k] < 3)
            assert_true(changed[k]);
    }
    assert_i64(changes, expected);
    assert_true(changes > 0);
    /* Nobody rises: the new model is stricter. */
    assert_i64(pmindex_impact_transitions(imp, PMINDEX_IMPACT_TIERS, 2, 1), 0);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_COLUMNS), 0);
    free(sheet);
    pmindex_impact_free(imp);
    pmindex_model_free(a);
    pmindex_model_free(b);
}

static void test_one_more_item_not_applicable(void **state)
{
    (void)state;
    pmindex_model *a = load_default(), *b = load("tests/impact/plus-item.ini");
    pmindex_impact *imp = impact_of(a, b, SAMPLE);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_COLUMNS), 1);
    int32_t which, veto;
    assert_string_equal(pmindex_impact_column(imp, 0, &which, &veto), "C11");
    assert_int_equal(which, PMINDEX_NEW);
    assert_int_equal(veto, 0);
    assert_null(pmindex_impact_column(imp, 1, NULL, NULL));
    /* The sheet with a C11 column of empty cells, read for the new model. */
    size_t len;
    char *sheet = slurp(SAMPLE, &len);
    char *wide = malloc(len * 2);
    size_t w = 0;
    for (size_t i = 0, line = 0; i < len; i++) {
        if (sheet[i] == '\n') {
            const char *add = line++ == 0 ? ",C11" : ",";
            memcpy(wide + w, add, strlen(add));
            w += strlen(add);
        }
        wide[w++] = sheet[i];
    }
    struct verdicts after;
    read_verdicts(b, wide, w, &after);
    check_new_side(imp, &after);
    free(wide);
    free(sheet);
    pmindex_impact_free(imp);
    pmindex_model_free(a);
    pmindex_model_free(b);
}

static int64_t find_change(const pmindex_impact *imp, const char *id)
{
    const pmindex_district *d = pmindex_impact_district(imp, PMINDEX_NEW);
    for (int64_t c = 0; c < pmindex_impact_count(imp, PMINDEX_IMPACT_CHANGES); c++) {
        int64_t k = pmindex_impact_compound(imp, PMINDEX_IMPACT_CHANGES, c);
        if (strcmp(pmindex_district_compound_field(d, k, PMINDEX_FIELD_ID), id) == 0)
            return c;
    }
    fail_msg("%s does not change", id);
    return -1;
}

static void test_revised_changes_explained(void **state)
{
    (void)state;
    pmindex_model *a = load_default(), *b = load("tests/impact/revised.ini");
    pmindex_impact *imp = impact_of(a, b, SAMPLE);
    const pmindex_district *o = pmindex_impact_district(imp, PMINDEX_OLD);
    const pmindex_district *n = pmindex_impact_district(imp, PMINDEX_NEW);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_CHANGES), 24);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_COLUMNS), 2);
    /* LH-HB-006: 90.00 -> 88.85, excellent and red -> good: A6 is gone. */
    int64_t c = find_change(imp, "LH-HB-006");
    int64_t k = pmindex_impact_compound(imp, PMINDEX_IMPACT_CHANGES, c);
    assert_i64(index_of(o, k), 9000);
    assert_i64(index_of(n, k), 8885);
    assert_int_equal(pmindex_impact_index_tier(imp, k, PMINDEX_OLD), 0);
    assert_int_equal(pmindex_impact_index_tier(imp, k, PMINDEX_NEW), 1);
    int32_t item[2];
    int64_t points[2], delta;
    assert_int_equal(pmindex_impact_item(imp, c, 0, &item[0], &item[1], &points[0], &points[1],
                                         &delta),
                     0);
    assert_string_equal(pmindex_model_item_id(a, item[0]), "A6");
    assert_int_equal(item[1], -1);
    assert_i64(points[0], 200);
    assert_i64(points[1], -1);
    assert_i64(delta, -200);
    assert_int_equal(pmindex_impact_rule_count(imp, c, PMINDEX_OLD), 1);
    assert_int_equal(pmindex_impact_rule_count(imp, c, PMINDEX_NEW), 0);
    int32_t arg;
    assert_int_equal(pmindex_impact_rule(imp, c, PMINDEX_OLD, 0, &arg), PMINDEX_REASON_RED);
    assert_int_equal(pmindex_impact_rule(imp, c, PMINDEX_NEW, 0, &arg), PMINDEX_E_NOT_FOUND);
    /* The red card lost: the period no longer brings a red card. */
    assert_int_equal(pmindex_impact_events(imp, k, PMINDEX_OLD), PMINDEX_LADDER_RED);
    assert_int_equal(pmindex_impact_events(imp, k, PMINDEX_NEW), 0);
    /* For every change: the items' parts add up to the index change but
     * for rounding (half a hundredth each, and the index's own), the
     * largest first; the tier or the card changed. */
    for (c = 0; c < pmindex_impact_count(imp, PMINDEX_IMPACT_CHANGES); c++) {
        k = pmindex_impact_compound(imp, PMINDEX_IMPACT_CHANGES, c);
        int32_t count = pmindex_impact_item_count(imp, c);
        int64_t sum = 0, last = INT64_MAX;
        for (int32_t i = 0; i < count; i++) {
            assert_int_equal(pmindex_impact_item(imp, c, i, NULL, NULL, NULL, NULL, &delta), 0);
            assert_true(delta != 0);
            assert_true(llabs(delta) <= last);
            last = llabs(delta);
            sum += delta;
        }
        int64_t change = index_of(n, k) - index_of(o, k);
        if (llabs(sum - change) > (count + 8) / 2 + 2)
            fail_msg("change %lld: items add up to %lld, the index changed by %lld",
                     (long long)c, (long long)sum, (long long)change);
        int32_t to = pmindex_district_compound_tier(o, k), tn = pmindex_district_compound_tier(n, k);
        bool tier = (to < 0) != (tn < 0) ||
                    (to >= 0 && strcmp(pmindex_model_tier_key(a, to), pmindex_model_tier_key(b, tn)));
        assert_true(tier || pmindex_district_compound_card(o, k) != pmindex_district_compound_card(n, k));
        assert_int_equal(pmindex_impact_item(imp, c, count, NULL, NULL, NULL, NULL, NULL),
                         PMINDEX_E_NOT_FOUND);
    }
    /* Movers: each moved, the biggest first. */
    for (int32_t part = PMINDEX_IMPACT_UP; part <= PMINDEX_IMPACT_DOWN; part++) {
        int64_t last = INT64_MAX, count = pmindex_impact_count(imp, part);
        assert_true(count > 0);
        for (int64_t m = 0; m < count; m++) {
            k = pmindex_impact_compound(imp, part, m);
            int64_t move = pmindex_district_compound_rank(o, k, 0) -
                           pmindex_district_compound_rank(n, k, 0);
            if (part == PMINDEX_IMPACT_DOWN)
                move = -move;
            assert_true(move > 0 && move <= last);
            last = move;
        }
        assert_i64(pmindex_impact_compound(imp, part, count), PMINDEX_E_NOT_FOUND);
    }
    /* Groups: the same under both models, each district numbering its own. */
    for (int32_t part = PMINDEX_IMPACT_STREETS; part <= PMINDEX_IMPACT_COMPANIES; part++) {
        int32_t scope = part - PMINDEX_IMPACT_STREETS + PMINDEX_SCOPE_STREET;
        int64_t count = pmindex_impact_count(imp, part);
        assert_i64(count, pmindex_district_group_count(n, scope));
        for (int32_t g = 0; g < count; g++) {
            int32_t go = pmindex_impact_group(imp, part, g, PMINDEX_OLD);
            int32_t gn = pmindex_impact_group(imp, part, g, PMINDEX_NEW);
            assert_int_equal(gn, g);
            assert_string_equal(pmindex_district_group_name(o, scope, go),
                                pmindex_district_group_name(n, scope, gn));
            assert_i64(pmindex_district_group_compounds(o, scope, go),
                       pmindex_district_group_compounds(n, scope, gn));
        }
        assert_int_equal(pmindex_impact_group(imp, part, (int32_t)count, PMINDEX_OLD),
                         PMINDEX_E_NOT_FOUND);
    }
    pmindex_impact_free(imp);
    pmindex_model_free(a);
    pmindex_model_free(b);
}

/* The number of CSV cells of a line (quotes respected). */
static int cells(const char *line)
{
    int n = 1;
    bool quoted = false;
    for (const char *p = line; *p && *p != '\n'; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == ',' && !quoted)
            n++;
    }
    return n;
}

static void test_records(void **state)
{
    (void)state;
    pmindex_model *a = load_default(), *b = load("tests/impact/revised.ini");
    pmindex_impact *imp = impact_of(a, b, SAMPLE);
    static const char *const kinds[] = {"",      "summary", "column", "tiers", "cards",
                                        "change", "mover",   "mover",  "group", "group",
                                        "group",  "period",  "ladder"};
    char head[4096], buf[8192];
    pmindex_impact_header(imp, PMINDEX_IMPACT_CHANGES, PMINDEX_FORMAT_CSV, 0, head, sizeof head);
    assert_string_equal(head, "compound_id,name,street,station,company,old_index,new_index,"
                              "index_change,old_tier,new_tier,old_card,new_card,old_rank,"
                              "new_rank,old_coverage,new_coverage,old_index_tier,new_index_tier,"
                              "items,old_only_rules,new_only_rules\n");
    pmindex_impact_header(imp, PMINDEX_IMPACT_STREETS, PMINDEX_FORMAT_CSV, 0, head, sizeof head);
    assert_string_equal(head, "scope,name,compounds,old_mean,new_mean,old_weighted_mean,"
                              "new_weighted_mean,old_rank,new_rank,old_excellent,old_good,"
                              "old_pass,old_fail,old_fallback,new_excellent,new_good,new_pass,"
                              "new_fail,new_fallback,old_red,old_black,new_red,new_black,"
                              "old_lists,new_lists\n");
    pmindex_impact_record(imp, PMINDEX_IMPACT_SUMMARY, 0, PMINDEX_FORMAT_JSONL, 0, buf,
                          sizeof buf);
    assert_string_equal(buf, "{\"kind\":\"summary\",\"compounds\":200,\"changed\":24,"
                             "\"tier_changes\":24,\"card_changes\":13,\"up\":101,\"down\":75}\n");
    pmindex_impact_record(imp, PMINDEX_IMPACT_TIERS, 1, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    assert_string_equal(buf, "excellent,good,1,2.50\n");
    pmindex_impact_record(imp, PMINDEX_IMPACT_COLUMNS, 1, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    assert_string_equal(buf, "A6,old,item,ignored\n");
    /* Sheets give no ladder: its parts are empty. */
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_PERIODS), 0);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_LADDER), 0);
    for (int32_t part = PMINDEX_IMPACT_SUMMARY; part <= PMINDEX_IMPACT_LADDER; part++) {
        int64_t hl = pmindex_impact_header(imp, part, PMINDEX_FORMAT_CSV, 0, head, sizeof head);
        assert_true(hl > 0 && head[hl - 1] == '\n');
        assert_i64(pmindex_impact_header(imp, part, PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf), 0);
        int64_t count = pmindex_impact_count(imp, part);
        for (int64_t r = 0; r < count; r++) {
            int64_t len = pmindex_impact_record(imp, part, r, PMINDEX_FORMAT_CSV, 0, buf,
                                                sizeof buf);
            assert_true(len > 0 && (size_t)len < sizeof buf && buf[len - 1] == '\n');
            assert_int_equal(cells(buf), cells(head));
            assert_i64(pmindex_impact_record(imp, part, r, PMINDEX_FORMAT_CSV, 0, NULL, 0), len);
            len = pmindex_impact_record(imp, part, r, PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf);
            char kind[64];
            snprintf(kind, sizeof kind, "{\"kind\":\"%s\",", kinds[part]);
            assert_true(strncmp(buf, kind, strlen(kind)) == 0);
            assert_true(buf[len - 2] == '}' && buf[len - 1] == '\n');
        }
        assert_i64(pmindex_impact_record(imp, part, count, PMINDEX_FORMAT_CSV, 0, buf,
                                         sizeof buf),
                   PMINDEX_E_NOT_FOUND);
        assert_i64(pmindex_impact_record(imp, part, -1, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
                   PMINDEX_E_NOT_FOUND);
    }
    assert_i64(pmindex_impact_record(imp, 0, 0, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_record(imp, 13, 0, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_record(imp, 1, 0, 9, 0, buf, sizeof buf), PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_record(imp, 1, 0, PMINDEX_FORMAT_CSV, 2, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_header(NULL, 1, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_INVALID);
    pmindex_impact_free(imp);
    pmindex_model_free(a);
    pmindex_model_free(b);
}

static void test_errors(void **state)
{
    (void)state;
    pmindex_model *a = load_default(), *b = load("tests/impact/type-change.ini");
    pmindex_impact *imp = NULL;
    assert_int_equal(pmindex_impact_new(NULL, b, &imp), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_impact_new(a, b, NULL), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_impact_new(a, b, &imp), 0);
    pmindex_compound *c, *other;
    assert_int_equal(pmindex_compound_new(a, &c), 0);
    assert_int_equal(pmindex_compound_new(b, &other), 0);
    set_all_full(c);
    /* Before computing, nothing can be read. */
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_CHANGES), PMINDEX_E_STATE);
    assert_i64(pmindex_impact_transitions(imp, PMINDEX_IMPACT_TIERS, 0, 0), PMINDEX_E_STATE);
    assert_i64(pmindex_impact_compound(imp, PMINDEX_IMPACT_UP, 0), PMINDEX_E_STATE);
    assert_i64(pmindex_impact_item_count(imp, 0), PMINDEX_E_STATE);
    assert_i64(pmindex_impact_record(imp, 1, 0, PMINDEX_FORMAT_CSV, 0, NULL, 0), PMINDEX_E_STATE);
    /* A compound of the new model, NULL. */
    assert_int_equal(pmindex_impact_add(imp, other), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_impact_add(NULL, c), PMINDEX_E_INVALID);
    /* B2 cannot be carried over: refused, named, and the impact goes on. */
    set_cells(c, "B2=0.9");
    assert_int_equal(pmindex_impact_add(imp, c), PMINDEX_E_RANGE);
    const pmindex_error *e = pmindex_impact_error(imp);
    assert_int_equal(pmindex_error_code(e), PMINDEX_E_RANGE);
    assert_string_equal(pmindex_error_field(e), "B2");
    assert_string_equal(pmindex_error_value(e), "0.9");
    assert_true(strncmp(pmindex_error_message(e), "compound T-1: item B2 is a rate item", 36) == 0);
    set_cells(c, "B2=NA");
    assert_int_equal(pmindex_impact_add(imp, c), 0);
    assert_int_equal(pmindex_error_code(pmindex_impact_error(imp)), 0);
    /* The same compound twice. */
    assert_int_equal(pmindex_impact_add(imp, c), PMINDEX_E_DUPLICATE);
    assert_string_equal(pmindex_error_value(pmindex_impact_error(imp)), "T-1");
    set_cells(c, "compound_id=T-2|V1=1");
    assert_int_equal(pmindex_impact_add(imp, c), 0);
    assert_int_equal(pmindex_impact_compute(imp), 0);
    assert_int_equal(pmindex_impact_add(imp, c), PMINDEX_E_STATE);
    assert_i64(pmindex_district_count(pmindex_impact_district(imp, PMINDEX_OLD)), 2);
    /* The veto is a legal violation under both models. */
    assert_int_equal(pmindex_impact_events(imp, 1, PMINDEX_NEW),
                     PMINDEX_LADDER_BLACK | PMINDEX_LADDER_LEGAL);
    assert_int_equal(pmindex_impact_events(imp, 2, PMINDEX_NEW), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_impact_events(imp, 0, 2), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_impact_index_tier(imp, 5, PMINDEX_NEW), PMINDEX_E_NOT_FOUND);
    assert_null(pmindex_impact_district(imp, 2));
    assert_null(pmindex_impact_district(NULL, PMINDEX_OLD));
    assert_i64(pmindex_impact_count(imp, 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_transitions(imp, PMINDEX_IMPACT_CHANGES, 0, 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_transitions(imp, PMINDEX_IMPACT_TIERS, 4, 0), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_impact_transitions(imp, PMINDEX_IMPACT_CARDS, 0, 3), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_impact_compound(imp, PMINDEX_IMPACT_TIERS, 0), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_impact_group(imp, PMINDEX_IMPACT_CHANGES, 0, 0), PMINDEX_E_INVALID);
    assert_int_equal(pmindex_impact_rule_count(imp, 0, PMINDEX_OLD), PMINDEX_E_NOT_FOUND);
    assert_int_equal(pmindex_impact_compute(NULL), PMINDEX_E_INVALID);
    assert_null(pmindex_impact_error(NULL));
    pmindex_impact_free(imp);
    pmindex_impact_free(NULL);
    pmindex_compound_free(c);
    pmindex_compound_free(other);
    pmindex_model_free(a);
    pmindex_model_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff_identical),
        cmocka_unit_test(test_diff_revised),
        cmocka_unit_test(test_diff_decides),
        cmocka_unit_test(test_diff_order_and_errors),
        cmocka_unit_test(test_translate),
        cmocka_unit_test(test_translate_refused),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_threshold_moves_exactly_those_between),
        cmocka_unit_test(test_one_more_item_not_applicable),
        cmocka_unit_test(test_revised_changes_explained),
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
