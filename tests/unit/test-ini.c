/* Models in INI files: writing, loading, round trips, every error with its
 * line, and the conditions around iniparser (threads, stderr, memfd). */
#define _GNU_SOURCE /* setenv, mkdtemp */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

#include "ini.h"

/* ---- helpers ------------------------------------------------------------ */

static char *canon(const pmindex_model *m)
{
    int64_t n = pmindex_model_write_ini(m, NULL, 0);
    assert_true(n > 0);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_i64(pmindex_model_write_ini(m, buf, (size_t)n + 1), n);
    return buf;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static pmindex_model *load(const char *path)
{
    pmindex_error *e;
    assert_i64(pmindex_error_new(&e), 0);
    pmindex_model *m = NULL;
    int rc = pmindex_model_load_ini(path, &m, e);
    if (rc != 0) {
        char buf[2048];
        pmindex_error_format(e, buf, sizeof buf);
        fail_msg("%s: %s", path, buf);
    }
    pmindex_error_free(e);
    return m;
}

static pmindex_model *load_text(const char *text, const char *name)
{
    pmindex_error *e;
    assert_i64(pmindex_error_new(&e), 0);
    pmindex_model *m = NULL;
    int rc = pmindex_model_load_ini_memory(text, strlen(text), name, &m, e);
    if (rc != 0) {
        char buf[2048];
        pmindex_error_format(e, buf, sizeof buf);
        fail_msg("%s", buf);
    }
    pmindex_error_free(e);
    return m;
}

/* Standard error of the library, caught in a file: it must stay silent. */
static int saved_stderr = -1;
static FILE *caught;

static void quiet_begin(void)
{
    fflush(stderr);
    caught = tmpfile();
    assert_non_null(caught);
    saved_stderr = dup(2);
    dup2(fileno(caught), 2);
}

static void quiet_end(void)
{
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    long size = ftell(caught);
    char text[256] = "";
    rewind(caught);
    size_t n = fread(text, 1, sizeof text - 1, caught);
    text[n] = '\0';
    fclose(caught);
    if (size != 0)
        fail_msg("the library wrote to stderr: %s", text);
}

/* Every accessor of two models agrees (fractions by their value). */
static void assert_same_model(const pmindex_model *a, const pmindex_model *b)
{
    for (int32_t lang = 0; lang < 2; lang++)
        assert_string_equal(pmindex_model_name(a, lang), pmindex_model_name(b, lang));
    assert_i64(pmindex_model_indicator_count(a), pmindex_model_indicator_count(b));
    for (int32_t k = 0; k < pmindex_model_indicator_count(a); k++) {
        assert_string_equal(pmindex_model_indicator_id(a, k), pmindex_model_indicator_id(b, k));
        for (int32_t lang = 0; lang < 2; lang++)
            assert_string_equal(pmindex_model_indicator_name(a, k, lang),
                                pmindex_model_indicator_name(b, k, lang));
        assert_i64(pmindex_model_indicator_points(a, k), pmindex_model_indicator_points(b, k));
    }
    assert_i64(pmindex_model_item_count(a), pmindex_model_item_count(b));
    for (int32_t i = 0; i < pmindex_model_item_count(a); i++) {
        assert_string_equal(pmindex_model_item_id(a, i), pmindex_model_item_id(b, i));
        for (int32_t lang = 0; lang < 2; lang++)
            assert_string_equal(pmindex_model_item_name(a, i, lang),
                                pmindex_model_item_name(b, i, lang));
        assert_i64(pmindex_model_item_indicator(a, i), pmindex_model_item_indicator(b, i));
        assert_i64(pmindex_model_item_max(a, i), pmindex_model_item_max(b, i));
        assert_i64(pmindex_model_item_type(a, i), pmindex_model_item_type(b, i));
        assert_i64(pmindex_model_item_penalty(a, i), pmindex_model_item_penalty(b, i));
        int64_t z1 = -1, f1 = -1, z2 = -1, f2 = -1;
        assert_i64(pmindex_model_item_goalposts(a, i, &z1, &f1),
                   pmindex_model_item_goalposts(b, i, &z2, &f2));
        assert_i64(z1, z2);
        assert_i64(f1, f2);
        assert_i64(pmindex_model_item_level_count(a, i), pmindex_model_item_level_count(b, i));
        for (int32_t j = 0; j < pmindex_model_item_level_count(a, i); j++) {
            assert_i64(pmindex_model_item_level_value(a, i, j),
                       pmindex_model_item_level_value(b, i, j));
            for (int32_t lang = 0; lang < 2; lang++)
                assert_string_equal(pmindex_model_item_level_label(a, i, j, lang),
                                    pmindex_model_item_level_label(b, i, j, lang));
        }
    }
    assert_i64(pmindex_model_veto_count(a), pmindex_model_veto_count(b));
    for (int32_t v = 0; v < pmindex_model_veto_count(a); v++) {
        assert_string_equal(pmindex_model_veto_id(a, v), pmindex_model_veto_id(b, v));
        for (int32_t lang = 0; lang < 2; lang++)
            assert_string_equal(pmindex_model_veto_description(a, v, lang),
                                pmindex_model_veto_description(b, v, lang));
        assert_i64(pmindex_model_veto_item(a, v), pmindex_model_veto_item(b, v));
        assert_i64(pmindex_model_veto_legal(a, v), pmindex_model_veto_legal(b, v));
    }
    assert_i64(pmindex_model_tier_count(a), pmindex_model_tier_count(b));
    for (int32_t t = 0; t < pmindex_model_tier_count(a); t++) {
        assert_string_equal(pmindex_model_tier_key(a, t), pmindex_model_tier_key(b, t));
        for (int32_t lang = 0; lang < 2; lang++)
            assert_string_equal(pmindex_model_tier_label(a, t, lang),
                                pmindex_model_tier_label(b, t, lang));
        assert_i64(pmindex_model_tier_threshold(a, t), pmindex_model_tier_threshold(b, t));
    }
    assert_i64(pmindex_model_black_share_count(a), pmindex_model_black_share_count(b));
    for (int32_t rule = PMINDEX_RULE_DOWNGRADE_SHARE; rule <= PMINDEX_RULE_BLACK_SHARE; rule++) {
        int32_t n = rule == PMINDEX_RULE_BLACK_SHARE ? pmindex_model_black_share_count(a) : 1;
        for (int32_t s = 0; s < n; s++) {
            int32_t k1 = -9, k2 = -9;
            int64_t n1, d1, n2, d2;
            assert_i64(pmindex_model_rule(a, rule, s, &k1, &n1, &d1), 0);
            assert_i64(pmindex_model_rule(b, rule, s, &k2, &n2, &d2), 0);
            assert_i64(k1, k2);
            assert_true(n1 * d2 == n2 * d1);
        }
    }
    assert_i64(pmindex_model_black_tier(a), pmindex_model_black_tier(b));
    assert_i64(pmindex_model_black_on_veto(a), pmindex_model_black_on_veto(b));
    assert_i64(pmindex_model_red_tier(a), pmindex_model_red_tier(b));
    int64_t h1, h2, w1, w2;
    int32_t nb1, nb2, ob1, ob2;
    pmindex_model_company_rules(a, &h1, &nb1, &w1, &ob1);
    pmindex_model_company_rules(b, &h2, &nb2, &w2, &ob2);
    assert_i64(h1, h2);
    assert_i64(nb1, nb2);
    assert_i64(w1, w2);
    assert_i64(ob1, ob2);
    assert_i64(pmindex_model_period_kind(a), pmindex_model_period_kind(b));
    assert_i64(pmindex_model_ladder_max_level(a), pmindex_model_ladder_max_level(b));
    assert_i64(pmindex_model_ladder_clean_periods(a), pmindex_model_ladder_clean_periods(b));
    assert_i64(pmindex_model_ladder_legal_level(a), pmindex_model_ladder_legal_level(b));
    for (int32_t l = 0; l <= pmindex_model_ladder_max_level(a); l++) {
        assert_string_equal(pmindex_model_measure_key(a, l), pmindex_model_measure_key(b, l));
        for (int32_t lang = 0; lang < 2; lang++) {
            assert_string_equal(pmindex_model_measure_label(a, l, lang),
                                pmindex_model_measure_label(b, l, lang));
            assert_string_equal(pmindex_model_inspection(a, l, lang),
                                pmindex_model_inspection(b, l, lang));
        }
    }
    char *ta = canon(a), *tb = canon(b);
    assert_string_equal(ta, tb);
    free(ta);
    free(tb);
}

/* ---- writing ------------------------------------------------------------ */

static void test_write_default(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    int64_t n = pmindex_model_write_ini(m, NULL, 0);
    assert_true(n > 1000);
    char *text = canon(m);
    assert_i64((int64_t)strlen(text), n);
    /* Deterministic, and every part of the model is in it. */
    char *again = canon(m);
    assert_string_equal(text, again);
    static const char *const lines[] = {
        "[model]\nformat = 1\nname_zh = 罗湖区物业小区管理水平指数（2018）\n",
        "[indicator C]\nname_zh = 公共服务\nname_en = Property and public services\npoints = 35\n",
        "[item B2]\nindicator = B\n",
        "type = rate\nmax = 4\nzero = 0.8\nfull = 1\n",
        "[item C4]\n",
        "zero = 4\nfull = 0\n",
        "type = deduct\nmax = 2\npenalty = 1\n",
        "name_en = \"Staffing; on-site manager present\"\n",
        "[veto V4]\n",
        "item = C8\nlegal = yes\n",
        "[tier pass]\nlabel_zh = 合格\n",
        "threshold = 70\n",
        "[rules]\ndowngrade_share = 60%\ncoverage_floor = 2/3\n",
        "[cards]\nblack_tier = fail\nblack_on_veto = yes\nblack_share = B 50%\n"
        "red_tier = excellent\n",
        "[companies]\nhonour_min_index = 90\nhonour_no_black = yes\nwatch_below_index = 70\n"
        "watch_on_black = yes\n",
        "[ladder]\nperiods = half\nmax_level = 4\nclean_periods = 2\nlegal_level = 4\n",
        "[level 3]\nmeasure = replace_manager\n",
        "label_en = \"replace the on-site manager; credit demerit\"\n",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (!strstr(text, lines[i]))
            fail_msg("missing from the canonical text: %s", lines[i]);
    /* Graded items with the default levels leave them out. */
    assert_null(strstr(text, "level1"));
    /* A short buffer: the length needed, a NUL-terminated prefix. */
    char small[16];
    assert_i64(pmindex_model_write_ini(m, small, sizeof small), n);
    assert_i64((int64_t)strlen(small), 15);
    assert_memory_equal(small, text, 15);
    assert_i64(pmindex_model_write_ini(NULL, small, sizeof small), PMINDEX_E_INVALID);
    assert_i64(pmindex_model_write_ini(m, NULL, 5), PMINDEX_E_INVALID);
    free(text);
    free(again);
    pmindex_model_free(m);
}

/* A model built in code with everything the default model does not use. */
static pmindex_model *unusual_model(const char *label)
{
    pmindex_builder *b;
    assert_i64(pmindex_builder_new(&b), 0);
    assert_i64(pmindex_builder_set_name(b, "试验; 模型", label), 0);
    assert_i64(pmindex_builder_add_indicator(b, "X", "甲", "\"Quoted\" start", 1050), 0);
    assert_i64(pmindex_builder_add_indicator(b, "Y", "乙", " padded ", 900), 0);
    /* Items interleaved across indicators: written after all indicators. */
    assert_i64(
        pmindex_builder_add_item(b, "X1", "四级", "four levels", "X", 650, PMINDEX_ITEM_GRADED), 0);
    assert_i64(pmindex_builder_add_item_level(b, PMINDEX_VALUE_SCALE, "甲级", "grade A"), 0);
    assert_i64(pmindex_builder_add_item_level(b, 75000000, "乙级", "grade B"), 0);
    assert_i64(pmindex_builder_add_item_level(b, 12345678, "丙级", "it's C; so-so"), 0);
    assert_i64(pmindex_builder_add_item_level(b, 0, "丁级", "'D'"), 0);
    assert_i64(pmindex_builder_add_item(b, "Y1", "越低越好", "lower is better", "Y", 400,
                                        PMINDEX_ITEM_RATE),
               0);
    assert_i64(pmindex_builder_set_goalposts(b, 125000000, 25000000), 0);
    assert_i64(
        pmindex_builder_add_item(b, "X2", "是否", "C:\\dir", "X", 400, PMINDEX_ITEM_PASSFAIL), 0);
    assert_i64(pmindex_builder_add_item(b, "Y2", "扣分", "half a point # a finding", "Y", 500,
                                        PMINDEX_ITEM_DEDUCT),
               0);
    assert_i64(pmindex_builder_set_penalty(b, 50), 0);
    assert_i64(pmindex_builder_add_veto(b, "Z", "无关项目", "no item", NULL, 0), 0);
    assert_i64(pmindex_builder_add_tier(b, "t1", "一", "one", 8550), 0);
    assert_i64(pmindex_builder_add_tier(b, "t2", "二", "two", 4000), 0);
    assert_i64(pmindex_builder_add_tier(b, "t3", "三", "three", 0), 0);
    assert_i64(pmindex_builder_set_rule(b, PMINDEX_RULE_DOWNGRADE_SHARE, 2, 7), 0);
    assert_i64(pmindex_builder_set_rule(b, PMINDEX_RULE_COVERAGE_FLOOR, 1, 2), 0);
    assert_i64(pmindex_builder_set_cards(b, NULL, 0, "t1"), 0);
    assert_i64(pmindex_builder_add_black_share(b, "Y", 1, 3), 0);
    assert_i64(pmindex_builder_add_black_share(b, "X", 1, 8), 0);
    assert_i64(pmindex_builder_set_company_rules(b, 8500, 0, 5025, 0), 0);
    assert_i64(pmindex_builder_set_ladder(b, 6, 3, 5, PMINDEX_PERIOD_MONTH), 0);
    assert_i64(pmindex_builder_set_level(b, 5, "five", "五", "five", "每周", "weekly"), 0);
    assert_i64(pmindex_builder_set_level(b, 6, "six", "六", "six", "每天", "daily"), 0);
    pmindex_model *m = NULL;
    int rc = pmindex_builder_build(b, &m);
    if (rc != 0)
        fail_msg("%s", pmindex_error_message(pmindex_builder_error(b)));
    pmindex_builder_free(b);
    return m;
}

static void test_round_trip_unusual(void **state)
{
    (void)state;
    pmindex_model *m = unusual_model("An unusual model");
    char *text = canon(m);
    static const char *const lines[] = {
        "name_zh = \"试验; 模型\"\n",
        "name_en = '\"Quoted\" start'\n",
        "name_en = \" padded \"\n",
        "level3 = 0.12345678\nlevel3_zh = 丙级\nlevel3_en = \"it's C; so-so\"\n",
        "level4_en = \"'D'\"\n",
        "name_en = C:\\dir\n",
        "name_en = \"half a point # a finding\"\n",
        "zero = 1.25\nfull = 0.25\n",
        "penalty = 0.5\n",
        "threshold = 85.5\n",
        "downgrade_share = 2/7\ncoverage_floor = 50%\n",
        "black_tier = none\nblack_on_veto = no\n",
        "black_share = Y 1/3, X 12.5%\n",
        "honour_min_index = 85\nhonour_no_black = no\n",
        "watch_below_index = 50.25\n",
        "periods = month\nmax_level = 6\nclean_periods = 3\n",
        "[level 6]\nmeasure = six\n",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (!strstr(text, lines[i]))
            fail_msg("missing from the canonical text: %s\n%s", lines[i], text);
    /* Interleaved items: all indicators first, then the items in order. */
    char *x = strstr(text, "[indicator Y]"), *x1 = strstr(text, "[item X1]"),
         *y1 = strstr(text, "[item Y1]"), *x2 = strstr(text, "[item X2]");
    assert_true(x && x1 && y1 && x2 && x < x1 && x1 < y1 && y1 < x2);
    pmindex_model *back = load_text(text, "unusual.ini");
    assert_same_model(m, back);
    pmindex_model_free(back);
    free(text);
    pmindex_model_free(m);
}

/* The largest model: PMINDEX_MAX_INDICATORS indicators, PMINDEX_MAX_ITEMS
 * graded items of PMINDEX_MAX_LEVELS levels: a file of over 2 MB and
 * 220,000 entries. iniparser reads it in chunks of whole sections (it
 * would take n^2 on one dictionary): the model must come back whole, and
 * a value changed in the last section must be read from the last chunk. */
static void test_round_trip_largest(void **state)
{
    (void)state;
    pmindex_builder *b;
    assert_i64(pmindex_builder_new(&b), 0);
    assert_i64(pmindex_builder_set_name(b, "最大模型", "Largest model"), 0);
    int per = PMINDEX_MAX_ITEMS / PMINDEX_MAX_INDICATORS;
    char id[32], item[32];
    for (int i = 0; i < PMINDEX_MAX_INDICATORS; i++) {
        snprintf(id, sizeof id, "I%d", i);
        assert_i64(pmindex_builder_add_indicator(b, id, "指标", "indicator", 100 * per), 0);
    }
    for (int i = 0; i < PMINDEX_MAX_INDICATORS; i++)
        for (int j = 0; j < per; j++) {
            snprintf(id, sizeof id, "I%d", i);
            snprintf(item, sizeof item, "I%d_%d", i, j);
            assert_i64(pmindex_builder_add_item(b, item, "项", "item", id, 100,
                                                PMINDEX_ITEM_GRADED), 0);
            for (int k = 0; k < PMINDEX_MAX_LEVELS; k++) {
                char zh[16], en[16];
                snprintf(zh, sizeof zh, "%d级", k + 1);
                snprintf(en, sizeof en, "level %d", k + 1);
                assert_i64(pmindex_builder_add_item_level(
                               b, PMINDEX_VALUE_SCALE / (PMINDEX_MAX_LEVELS - 1) *
                                      (PMINDEX_MAX_LEVELS - 1 - k), zh, en), 0);
            }
        }
    assert_i64(pmindex_builder_add_tier(b, "pass", "合格", "pass", 6000), 0);
    assert_i64(pmindex_builder_add_tier(b, "fail", "不合格", "fail", 0), 0);
    pmindex_model *m = NULL;
    if (pmindex_builder_build(b, &m) != 0)
        fail_msg("%s", pmindex_error_message(pmindex_builder_error(b)));
    pmindex_builder_free(b);
    char *text = canon(m);
    assert_true(strlen(text) > 2000000 && strlen(text) < PM_INI_MAX_FILE);
    pmindex_model *back = load_text(text, "largest.ini");
    assert_same_model(m, back);
    pmindex_model_free(back);
    /* The last item's last level label, changed: only the last chunk has it. */
    char *last = strstr(text, "[item I255_15]");
    assert_non_null(last);
    char *label = strstr(last, "level16_en = level 16\n");
    assert_non_null(label);
    memcpy(label + strlen("level16_en = "), "LEVEL-16", 8);
    back = load_text(text, "largest.ini");
    assert_string_equal(pmindex_model_item_level_label(back, PMINDEX_MAX_ITEMS - 1,
                                                       PMINDEX_MAX_LEVELS - 1, PMINDEX_LANG_EN),
                        "LEVEL-16");
    pmindex_model_free(back);
    free(text);
    pmindex_model_free(m);
}

/* A model with tiers keyed KEYS (thresholds 80, 50, 0), cards as given. */
static pmindex_model *three_tiers(const char *const keys[3], const char *black, const char *red)
{
    pmindex_builder *b;
    pmindex_model *m = NULL;
    assert_int_equal(pmindex_builder_new(&b), 0);
    assert_int_equal(pmindex_builder_set_name(b, "模型", "Model"), 0);
    assert_int_equal(pmindex_builder_add_indicator(b, "A", "甲", "A", 100), 0);
    assert_int_equal(pmindex_builder_add_item(b, "A1", "甲一", "A1", "A", 100,
                                              PMINDEX_ITEM_PASSFAIL), 0);
    for (int t = 0; t < 3; t++)
        assert_int_equal(pmindex_builder_add_tier(b, keys[t], "级", "tier", t ? 5000 * (2 - t) : 8000),
                         0);
    assert_int_equal(pmindex_builder_set_cards(b, black, 1, red), 0);
    assert_int_equal(pmindex_builder_build(b, &m), 0);
    pmindex_builder_free(b);
    return m;
}

/* Found by fuzzing (tests/fuzz/regressions/builder/tier-called-none): a
 * built model with a tier called none wrote "black_tier = none", which
 * does not load back. It cannot be written; one whose cards name other
 * tiers can. */
static void test_write_tier_none(void **state)
{
    (void)state;
    static const char *const last_none[3] = {"top", "mid", "none"};
    static const char *const mid_none[3] = {"top", "none", "low"};
    pmindex_model *m = three_tiers(last_none, "none", "top");
    assert_i64(pmindex_model_write_ini(m, NULL, 0), PMINDEX_E_UNSUPPORTED);
    pmindex_model_free(m);
    m = three_tiers(mid_none, NULL, "top");
    assert_i64(pmindex_model_write_ini(m, NULL, 0), PMINDEX_E_UNSUPPORTED);
    pmindex_model_free(m);
    m = three_tiers(mid_none, "low", "top");
    char *text = canon(m);
    pmindex_model *back = load_text(text, "tier-none.ini");
    assert_same_model(m, back);
    pmindex_model_free(back);
    free(text);
    pmindex_model_free(m);
}

static void test_write_unsupported(void **state)
{
    (void)state;
    /* Texts that would need quotes and hold a backslash, or end with one. */
    static const char *const bad[] = {"a\\b; c", "ends with \\", " \\x", "'\"; both"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pmindex_model *m = unusual_model(bad[i]);
        assert_i64(pmindex_model_write_ini(m, NULL, 0), PMINDEX_E_UNSUPPORTED);
        pmindex_model_free(m);
    }
}

/* ---- the shipped models ------------------------------------------------- */

static void test_luohu_file_is_default(void **state)
{
    (void)state;
    pmindex_model *d, *f = load("models/luohu-2018.ini");
    assert_i64(pmindex_model_default(&d), 0);
    assert_same_model(d, f);
    /* Even the fractions are the same numbers, not just the same values. */
    int64_t n1, d1, n2, d2;
    for (int32_t rule = PMINDEX_RULE_DOWNGRADE_SHARE; rule <= PMINDEX_RULE_BLACK_SHARE; rule++) {
        assert_i64(pmindex_model_rule(d, rule, 0, NULL, &n1, &d1), 0);
        assert_i64(pmindex_model_rule(f, rule, 0, NULL, &n2, &d2), 0);
        assert_i64(n1, n2);
        assert_i64(d1, d2);
    }
    pmindex_model_free(d);
    pmindex_model_free(f);
}

static void test_round_trip_files(void **state)
{
    (void)state;
    static const char *const files[] = {"models/luohu-2018.ini", "models/quarterly-demo.ini",
                                        "tests/ini/minimal.ini"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        pmindex_model *m = load(files[i]);
        char *text = canon(m);
        pmindex_model *back = load_text(text, files[i]);
        assert_same_model(m, back);
        pmindex_model_free(back);
        free(text);
        pmindex_model_free(m);
    }
}

/* ---- every error, with its line ----------------------------------------- */

static const struct bad_file {
    const char *file;
    int code;
    int64_t line;
    const char *section, *field, *message;
} bad_files[] = {
    {"bad-id.ini", PMINDEX_E_MODEL, 21, "item 2A", "id",
     "the id \"2A\" must start with a letter (A-Z, a-z)"},
    {"black-share-garbage.ini", PMINDEX_E_PARSE, 42, "cards", "black_share",
     "expected none, or indicators and their share floors, such as B 50% or B 50%, C 2/3"},
    {"bool-garbage.ini", PMINDEX_E_PARSE, 43, "veto V1", "legal", "expected yes or no"},
    {"duplicate-key.ini", PMINDEX_E_DUPLICATE, 28, "item A2", "penalty",
     "duplicate key: it is already given at line 27"},
    {"duplicate-model.ini", PMINDEX_E_DUPLICATE, 39, "model", "",
     "duplicate section: [model] is already at line 3"},
    {"duplicate-section-case.ini", PMINDEX_E_DUPLICATE, 21, "item a1", "",
     "duplicate section: [item A1] at line 12 differs only in case, and section names are compared "
     "without regard to case"},
    {"duplicate-section.ini", PMINDEX_E_DUPLICATE, 21, "item A1", "",
     "duplicate section: [item A1] is already at line 12"},
    {"empty-label.ini", PMINDEX_E_MODEL, 31, "tier good", "label_en", "is empty"},
    {"every-problem.ini", PMINDEX_E_MODEL, 12, "indicator A", "points",
     "its items' max points add up to 10.00, not to its 12.00 points"},
    {"format-unsupported.ini", PMINDEX_E_UNSUPPORTED, 4, "model", "format",
     "this library reads models of format 1"},
    {"goalpost-garbage.ini", PMINDEX_E_PARSE, 18, "item A1", "zero",
     "expected a number, such as 0.8 or 80%"},
    {"goalpost-not-rate.ini", PMINDEX_E_MODEL, 28, "item A2", "full",
     "only rate items have goalposts"},
    {"integer-fraction.ini", PMINDEX_E_PARSE, 41, "ladder", "max_level",
     "expected a whole number, such as 4"},
    {"integer-huge.ini", PMINDEX_E_RANGE, 41, "ladder", "max_level",
     "out of range: more than 10 digits before the point"},
    {"invalid-utf8.ini", PMINDEX_E_ENCODING, 14, "", "",
     "invalid UTF-8 (byte 0xFF at byte 11 of the line); save the file as UTF-8"},
    {"level-above-max.ini", PMINDEX_E_MODEL, 45, "level 3", "",
     "the ladder's highest level is 2 (max_level in [ladder]): there is no level 3"},
    {"level-gap.ini", PMINDEX_E_MODEL, 30, "item A2", "level3",
     "levels are numbered from 1 without gaps, but level2 is missing"},
    {"level-incomplete.ini", PMINDEX_E_MODEL, 30, "item A2", "level2_en",
     "missing key: every level needs level2, level2_zh and level2_en"},
    {"level-missing.ini", PMINDEX_E_MODEL, 41, "ladder", "max_level",
     "the ladder goes up to level 5, but there is no section [level 5]"},
    {"levels-not-graded.ini", PMINDEX_E_MODEL, 28, "item A2", "level1",
     "only graded items have levels"},
    {"line-too-long.ini", PMINDEX_E_LIMIT, 15, "", "",
     "the line is 1005 bytes long; at most 1000 bytes are allowed"},
    {"missing-goalpost.ini", PMINDEX_E_MODEL, 12, "item A1", "full",
     "missing key: a rate item needs full (the value that earns max points)"},
    {"missing-key.ini", PMINDEX_E_MODEL, 21, "item A2", "max", "missing key: every item needs max"},
    {"missing-penalty.ini", PMINDEX_E_MODEL, 21, "item A2", "penalty",
     "missing key: a deduct item needs penalty (the points lost per finding)"},
    {"multiple-errors.ini", PMINDEX_E_SYNTAX, 10, "", "",
     "expected [section], key = value or a comment (; or #)"},
    {"no-model.ini", PMINDEX_E_MODEL, 0, "model", "",
     "no [model] section: is this a pmindex model?"},
    {"number-decimals.ini", PMINDEX_E_PARSE, 10, "indicator A", "points",
     "points have at most 2 decimals: they are counted in hundredths"},
    {"number-garbage.ini", PMINDEX_E_PARSE, 10, "indicator A", "points",
     "expected points, such as 15 or 2.5"},
    {"number-percent.ini", PMINDEX_E_PARSE, 10, "indicator A", "points",
     "expected points, such as 15 or 2.5"},
    {"penalty-not-deduct.ini", PMINDEX_E_MODEL, 19, "item A1", "penalty",
     "only deduct items have a penalty"},
    {"periods-unknown.ini", PMINDEX_E_PARSE, 40, "ladder", "periods",
     "expected half, quarter or month"},
    {"range-ladder.ini", PMINDEX_E_MODEL, 41, "ladder", "max_level",
     "the highest level must lie between 1 and 9"},
    {"range-points.ini", PMINDEX_E_MODEL, 10, "indicator A", "points",
     "points must be above 0 and at most 10000 (got 0 hundredths)"},
    {"range-threshold.ini", PMINDEX_E_MODEL, 32, "tier good", "threshold",
     "the threshold must lie between 0 and 100"},
    {"section-with-id.ini", PMINDEX_E_MODEL, 3, "", "", "the section [model] takes no id"},
    {"section-without-id.ini", PMINDEX_E_MODEL, 34, "", "", "the section needs an id: [tier KEY]"},
    {"share-garbage.ini", PMINDEX_E_PARSE, 40, "rules", "downgrade_share",
     "expected a share, such as 60%, 0.6 or 2/3"},
    {"share-range.ini", PMINDEX_E_RANGE, 40, "rules", "downgrade_share",
     "out of range: a share lies between 0% and 100%"},
    {"share-zero-denominator.ini", PMINDEX_E_RANGE, 41, "rules", "coverage_floor",
     "out of range: the denominator is 0"},
    {"sum-mismatch.ini", PMINDEX_E_MODEL, 10, "indicator A", "points",
     "its items' max points add up to 10.00, not to its 12.00 points"},
    {"syntax-after-quote.ini", PMINDEX_E_SYNTAX, 15, "", "",
     "text after the closing quote (a comment starts with ; or #)"},
    {"syntax-after-section.ini", PMINDEX_E_SYNTAX, 21, "", "",
     "text after the ] of a section header (comments go on lines of their own)"},
    {"syntax-backslash-quoted.ini", PMINDEX_E_SYNTAX, 15, "", "",
     "a quoted value cannot hold a backslash (iniparser versions read it differently)"},
    {"syntax-carriage-return.ini", PMINDEX_E_SYNTAX, 15, "", "", "a carriage return inside a line"},
    {"syntax-colon-section.ini", PMINDEX_E_SYNTAX, 21, "", "",
     "a section name cannot hold ':'; sections are [model], [indicator ID], [item ID], [veto ID], "
     "[tier KEY], [rules], [cards], [companies], [ladder] or [level N]"},
    {"syntax-continuation.ini", PMINDEX_E_SYNTAX, 15, "", "",
     "a line cannot end with a backslash (iniparser would join it to the next line)"},
    {"syntax-control.ini", PMINDEX_E_SYNTAX, 15, "", "",
     "a control character (0x01 at byte 15 of the line)"},
    {"syntax-empty-key.ini", PMINDEX_E_SYNTAX, 10, "", "", "a key is missing before ="},
    {"syntax-empty-section.ini", PMINDEX_E_SYNTAX, 21, "", "",
     "empty section name; sections are [model], [indicator ID], [item ID], [veto ID], [tier KEY], "
     "[rules], [cards], [companies], [ladder] or [level N]"},
    {"syntax-key-before-section.ini", PMINDEX_E_SYNTAX, 1, "", "",
     "a key before the first section; keys go under a section such as [model]"},
    {"syntax-no-equals.ini", PMINDEX_E_SYNTAX, 10, "", "",
     "expected [section], key = value or a comment (; or #)"},
    {"syntax-unclosed-quote.ini", PMINDEX_E_SYNTAX, 15, "", "", "the quote \" is not closed"},
    {"syntax-unclosed-section.ini", PMINDEX_E_SYNTAX, 21, "", "",
     "a section header must end with ]"},
    {"tier-called-none.ini", PMINDEX_E_MODEL, 40, "cards", "black_tier",
     "ambiguous: a tier is called none, and none here means no tier; rename the tier"},
    {"tier-order.ini", PMINDEX_E_MODEL, 37, "tier poor", "threshold",
     "thresholds must fall strictly from the first tier to the last"},
    {"type-unknown.ini", PMINDEX_E_PARSE, 25, "item A2", "type",
     "expected graded, passfail, deduct or rate"},
    {"unknown-indicator.ini", PMINDEX_E_MODEL, 22, "item A2", "indicator",
     "no indicator has the id \"B\""},
    {"unknown-key-far.ini", PMINDEX_E_MODEL, 28, "item A2", "weight",
     "unknown key; an item takes indicator, name_zh, name_en, type, max, penalty, zero, full, "
     "tolerance, basis_zh, basis_en and, "
     "for graded items, level1, level1_zh, level1_en, level2..."},
    {"unknown-key.ini", PMINDEX_E_MODEL, 27, "item A2", "penalti",
     "unknown key (did you mean penalty?)"},
    {"unknown-section-far.ini", PMINDEX_E_MODEL, 29, "", "",
     "unknown section; sections are [model], [indicator ID], [item ID], [veto ID], [tier KEY], "
     "[rules], [cards], [companies], [ladder] or [level N]"},
    {"unknown-section.ini", PMINDEX_E_MODEL, 29, "", "",
     "unknown section (did you mean [tier good]?)"},
    {"unknown-tier.ini", PMINDEX_E_MODEL, 40, "cards", "black_tier", "no tier has the key \"bad\""},
    {"unknown-veto-item.ini", PMINDEX_E_MODEL, 42, "veto V1", "item", "no item has the id \"A9\""},
    {"upper-case-key.ini", PMINDEX_E_MODEL, 27, "item A2", "Penalty",
     "unknown key (keys are written in lower case: penalty)"},
};

static void test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        const struct bad_file *t = &bad_files[i];
        char path[256];
        snprintf(path, sizeof path, "tests/ini/%s", t->file);
        pmindex_error *e;
        assert_i64(pmindex_error_new(&e), 0);
        pmindex_model *m = (pmindex_model *)1;
        quiet_begin();
        int rc = pmindex_model_load_ini(path, &m, e);
        quiet_end();
        if (rc != t->code || pmindex_error_line(e) != t->line ||
            strcmp(pmindex_error_section(e), t->section) != 0 ||
            strcmp(pmindex_error_field(e), t->field) != 0 ||
            strcmp(pmindex_error_message(e), t->message) != 0)
            fail_msg("%s: got %d, line %lld, [%s] %s: %s", t->file, rc,
                     (long long)pmindex_error_line(e), pmindex_error_section(e),
                     pmindex_error_field(e), pmindex_error_message(e));
        assert_null(m);
        assert_i64(pmindex_error_code(e), t->code);
        assert_string_equal(pmindex_error_file(e), path);
        /* The same from memory, under the name given. */
        size_t len;
        char *data = slurp(path, &len);
        m = (pmindex_model *)1;
        assert_i64(pmindex_model_load_ini_memory(data, len, "mem.ini", &m, e), t->code);
        assert_null(m);
        assert_i64(pmindex_error_line(e), t->line);
        assert_string_equal(pmindex_error_file(e), "mem.ini");
        free(data);
        pmindex_error_free(e);
    }
}

/* Errors name the element of the model they are about as fields: from the
 * scanner (a key, a missing key, a duplicate), from reading values and
 * from the builder, whose fields (not its words) give the line. */
static void test_errors_name_their_element(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int32_t element;
        const char *id;
    } cases[] = {
        {"bad-id.ini", PMINDEX_ELEMENT_ITEM, "2A"},
        {"bool-garbage.ini", PMINDEX_ELEMENT_VETO, "V1"},
        {"duplicate-key.ini", PMINDEX_ELEMENT_ITEM, "A2"},
        {"duplicate-model.ini", PMINDEX_ELEMENT_MODEL, ""},
        {"duplicate-section.ini", PMINDEX_ELEMENT_ITEM, "A1"},
        {"every-problem.ini", PMINDEX_ELEMENT_INDICATOR, "A"},
        {"level-above-max.ini", PMINDEX_ELEMENT_LEVEL, "3"},
        {"missing-key.ini", PMINDEX_ELEMENT_ITEM, "A2"},
        {"missing-penalty.ini", PMINDEX_ELEMENT_ITEM, "A2"},
        {"no-model.ini", PMINDEX_ELEMENT_MODEL, ""},
        {"range-ladder.ini", PMINDEX_ELEMENT_LADDER, ""},
        {"syntax-no-equals.ini", PMINDEX_ELEMENT_NONE, ""},
        {"tier-order.ini", PMINDEX_ELEMENT_TIER, "poor"},
        {"unknown-key.ini", PMINDEX_ELEMENT_ITEM, "A2"},
        {"unknown-tier.ini", PMINDEX_ELEMENT_CARDS, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "tests/ini/%s", cases[i].file);
        pmindex_error *e;
        assert_i64(pmindex_error_new(&e), 0);
        pmindex_model *m = NULL;
        assert_true(pmindex_model_load_ini(path, &m, e) < 0);
        if (pmindex_error_element(e) != cases[i].element ||
            strcmp(pmindex_error_element_id(e), cases[i].id) != 0)
            fail_msg("%s: element %d \"%s\"", cases[i].file, (int)pmindex_error_element(e),
                     pmindex_error_element_id(e));
        pmindex_error_free(e);
    }
}

static void test_check_lists_every_error(void **state)
{
    (void)state;
    char buf[4096];
    int64_t n = pmindex_model_check_ini("tests/ini/multiple-errors.ini", buf, sizeof buf);
    assert_true(n > 0 && n < (int64_t)sizeof buf);
    assert_string_equal(
        buf, "tests/ini/multiple-errors.ini:10: \"points 10\": expected [section], key = value or "
             "a comment (; or #)\n"
             "tests/ini/multiple-errors.ini:27: item A2, penalti \"2\": unknown key (did you mean "
             "penalty?)\n"
             "tests/ini/multiple-errors.ini:29: \"[tire good]\": unknown section (did you mean "
             "[tier good]?)\n");
    assert_i64(pmindex_model_check_ini("models/luohu-2018.ini", buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_i64(pmindex_model_check_ini(NULL, buf, sizeof buf), PMINDEX_E_INVALID);
    /* 150 bad lines: 100 are listed, then a note. */
    char path[] = "/tmp/pmindex-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("[model]\n", fp);
    for (int i = 0; i < 150; i++)
        fprintf(fp, "bad line %d\n", i);
    fclose(fp);
    n = pmindex_model_check_ini(path, NULL, 0);
    char *all = malloc((size_t)n + 1);
    assert_i64(pmindex_model_check_ini(path, all, (size_t)n + 1), n);
    int lines = 0;
    for (char *p = all; *p; p++)
        lines += *p == '\n';
    assert_i64(lines, 101);
    assert_non_null(strstr(all, ": stopped after 100 errors\n"));
    free(all);
    unlink(path);
}

/* ---- what a file may look like ------------------------------------------ */

static char *minimal_with(const char *prefix, bool crlf)
{
    size_t len;
    char *text = slurp("tests/ini/minimal.ini", &len);
    char *out = malloc(2 * len + strlen(prefix) + 1);
    if (!out)
        abort();
    strcpy(out, prefix);
    char *o = out + strlen(out);
    for (size_t i = 0; i < len; i++) {
        if (crlf && text[i] == '\n')
            *o++ = '\r';
        *o++ = text[i];
    }
    *o = '\0';
    free(text);
    return out;
}

static void test_bom_and_crlf(void **state)
{
    (void)state;
    pmindex_model *ref = load("tests/ini/minimal.ini");
    static const struct {
        const char *prefix;
        bool crlf;
    } forms[] = {{"\xEF\xBB\xBF", false}, {"", true}, {"\xEF\xBB\xBF", true}};
    for (size_t i = 0; i < 3; i++) {
        char *text = minimal_with(forms[i].prefix, forms[i].crlf);
        quiet_begin();
        pmindex_model *m = load_text(text, "form.ini");
        quiet_end();
        assert_same_model(ref, m);
        pmindex_model_free(m);
        free(text);
    }
    /* A byte-order mark anywhere else is text, and here a syntax error. */
    char *text = minimal_with("\n\xEF\xBB\xBF", false);
    pmindex_error *e;
    pmindex_error_new(&e);
    pmindex_model *m;
    assert_i64(pmindex_model_load_ini_memory(text, strlen(text), NULL, &m, e), PMINDEX_E_SYNTAX);
    assert_i64(pmindex_error_line(e), 2);
    assert_string_equal(pmindex_error_file(e), "<memory>");
    free(text);
    pmindex_error_free(e);
    pmindex_model_free(ref);
}

static void test_comments_and_quotes(void **state)
{
    (void)state;
    const char *text =
        "# a comment\n; another\n  [model]   \nname_zh=最小模型 ; comment\n"
        "name_en = \"Minimal model\"   # comment\n"
        "[indicator A]\n\tname_zh = 指标甲\nname_en = 'Indicator A'\npoints = 10.00\n"
        "[item A1]\nindicator = A\nname_zh = 项目一\nname_en = Item one\ntype = RATE\n"
        "max = 6\nzero = 50%\nfull = 1.000000\n"
        "[item A2]\nindicator = A\nname_zh = 项目二\nname_en = Item two\ntype = deduct\n"
        "max = 4\npenalty = 2\n[tier good]\nlabel_zh = 好\nlabel_en = Good\nthreshold = 60\n"
        "[tier poor]\nlabel_zh = 差\nlabel_en = Poor\nthreshold = 0";
    pmindex_model *ref = load("tests/ini/minimal.ini");
    pmindex_model *m = load_text(text, "comments.ini");
    assert_same_model(ref, m);
    pmindex_model_free(m);
    pmindex_model_free(ref);
}

/* Lines up to 1000 bytes are read, as iniparser reads them; longer ones
 * are refused before iniparser sees them. */
static void test_line_length(void **state)
{
    (void)state;
    for (int crlf = 0; crlf < 2; crlf++)
        for (int extra = 0; extra < 2; extra++) {
            char line[1100] = "name_en = Minimal model ;";
            size_t n = strlen(line);
            while (n < (size_t)(1000 + extra))
                line[n++] = 'x';
            line[n] = '\0';
            char *text = minimal_with("", crlf);
            char *at = strstr(text, "name_en = Minimal model");
            char *eol = strchr(at, crlf ? '\r' : '\n');
            char *out = malloc(strlen(text) + sizeof line);
            if (!out)
                abort();
            sprintf(out, "%.*s%s%s", (int)(at - text), text, line, eol);
            pmindex_error *e;
            pmindex_error_new(&e);
            pmindex_model *m;
            quiet_begin();
            int rc = pmindex_model_load_ini_memory(out, strlen(out), "long.ini", &m, e);
            quiet_end();
            if (extra) {
                assert_i64(rc, PMINDEX_E_LIMIT);
                assert_i64(pmindex_error_line(e), 5);
                assert_string_equal(pmindex_error_message(e),
                                    "the line is 1001 bytes long; at most 1000 bytes are allowed");
            } else {
                assert_i64(rc, 0);
                assert_string_equal(pmindex_model_name(m, PMINDEX_LANG_EN), "Minimal model");
            }
            pmindex_model_free(m);
            pmindex_error_free(e);
            free(out);
            free(text);
        }
}

/* ---- paths that are not models ------------------------------------------ */

static void expect_io(const char *path, int code, const char *message)
{
    pmindex_error *e;
    pmindex_error_new(&e);
    pmindex_model *m = (pmindex_model *)1;
    quiet_begin();
    int rc = pmindex_model_load_ini(path, &m, e);
    quiet_end();
    assert_i64(rc, code);
    assert_null(m);
    assert_i64(pmindex_error_line(e), 0);
    assert_string_equal(pmindex_error_file(e), path);
    assert_string_equal(pmindex_error_message(e), message);
    pmindex_error_free(e);
}

static void test_not_models(void **state)
{
    (void)state;
    expect_io("tests/ini", PMINDEX_E_IO, "cannot read the model: Is a directory");
    expect_io("/dev/zero", PMINDEX_E_LIMIT, "the file is larger than 4 MiB: not a model");
    expect_io("tests/ini/no-such-file.ini", PMINDEX_E_IO,
              "cannot open the model: No such file or directory");
    expect_io("/proc/self/mem", PMINDEX_E_IO, "cannot read the model: Input/output error");
    expect_io("/dev/null", PMINDEX_E_MODEL, "no [model] section: is this a pmindex model?");
    /* NULL arguments; a NULL error is allowed. */
    pmindex_model *m;
    assert_i64(pmindex_model_load_ini(NULL, &m, NULL), PMINDEX_E_INVALID);
    assert_i64(pmindex_model_load_ini("models/luohu-2018.ini", NULL, NULL), PMINDEX_E_INVALID);
    assert_i64(pmindex_model_load_ini_memory(NULL, 3, NULL, &m, NULL), PMINDEX_E_INVALID);
    assert_i64(pmindex_model_load_ini("tests/ini/bad-id.ini", &m, NULL), PMINDEX_E_MODEL);
    assert_null(m);
}

static void test_unreadable(void **state)
{
    (void)state;
    char dir[] = "/tmp/pmindex-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/secret.ini", dir);
    FILE *fp = fopen(path, "w");
    fputs("[model]\n", fp);
    fclose(fp);
    chmod(path, 0);
    chmod(dir, 0755);
    /* Root reads anything: check as nobody, in a child. */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        pmindex_error *e;
        pmindex_error_new(&e);
        pmindex_model *m;
        int rc = pmindex_model_load_ini(path, &m, e);
        _exit(rc == PMINDEX_E_IO && strcmp(pmindex_error_message(e),
                                           "cannot open the model: Permission denied") == 0
                  ? 0
                  : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    unlink(path);
    rmdir(dir);
    assert_true(WIFEXITED(status));
    assert_i64(WEXITSTATUS(status), 0);
}

/* ---- iniparser: without memfd, with threads ----------------------------- */

static void test_temporary_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/pmindex-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", dir, 1);
    size_t len;
    char *text = slurp("models/luohu-2018.ini", &len);
    pmindex_model *m, *d;
    pmindex_error *e;
    pmindex_error_new(&e);
    quiet_begin();
    int rc = pm_model_load_ini_bytes(text, len, "luohu.ini", PM_INI_NO_MEMFD, &m, e);
    quiet_end();
    assert_i64(rc, 0);
    assert_i64(pmindex_model_default(&d), 0);
    assert_same_model(d, m);
    pmindex_model_free(m);
    /* The temporary file is gone. */
    DIR *dp = opendir(dir);
    int entries = 0;
    for (struct dirent *de; (de = readdir(dp)) != NULL;)
        entries += de->d_name[0] != '.';
    closedir(dp);
    assert_i64(entries, 0);
    /* No place for it: a clear error. */
    setenv("TMPDIR", "/nonexistent-dir", 1);
    assert_i64(pm_model_load_ini_bytes(text, len, "luohu.ini", PM_INI_NO_MEMFD, &m, e),
               PMINDEX_E_IO);
    assert_string_equal(pmindex_error_message(e),
                        "cannot make a temporary copy for iniparser: No such file or directory");
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
    rmdir(dir);
    free(text);
    pmindex_error_free(e);
    pmindex_model_free(d);
}

struct job {
    const char *path;
    const char *expected; /* canonical text */
    int loads, failures;
};

static void *worker(void *arg)
{
    struct job *j = arg;
    for (int i = 0; i < j->loads; i++) {
        pmindex_model *m = NULL;
        pmindex_error *e;
        if (pmindex_error_new(&e) != 0 || pmindex_model_load_ini(j->path, &m, e) != 0) {
            j->failures++;
        } else {
            int64_t n = pmindex_model_write_ini(m, NULL, 0);
            char *text = malloc((size_t)n + 1);
            pmindex_model_write_ini(m, text, (size_t)n + 1);
            j->failures += strcmp(text, j->expected) != 0;
            free(text);
        }
        pmindex_model_free(m);
        pmindex_error_free(e);
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    pmindex_model *a = load("models/luohu-2018.ini"), *b = load("models/quarterly-demo.ini");
    struct job jobs[2] = {{"models/luohu-2018.ini", canon(a), 200, 0},
                          {"models/quarterly-demo.ini", canon(b), 200, 0}};
    struct job bad = {"tests/ini/multiple-errors.ini", "", 200, 0};
    pthread_t t[3];
    quiet_begin();
    for (int i = 0; i < 2; i++)
        assert_i64(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
    assert_i64(pthread_create(&t[2], NULL, worker, &bad), 0);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    quiet_end();
    assert_i64(jobs[0].failures, 0);
    assert_i64(jobs[1].failures, 0);
    assert_i64(bad.failures, 200);
    free((char *)jobs[0].expected);
    free((char *)jobs[1].expected);
    pmindex_model_free(a);
    pmindex_model_free(b);
}

/* ---- the second model, computed by hand --------------------------------- */

static void test_quarterly_by_hand(void **state)
{
    (void)state;
    pmindex_model *m = load("models/quarterly-demo.ini");
    pmindex_compound *c;
    pmindex_assessment *a;
    assert_i64(pmindex_compound_new(m, &c), 0);
    assert_i64(pmindex_assessment_new(m, &a), 0);
    set_cells(c, "compound_id=Q-1|S1=1|S2=0|S3=95%|S4=3|S5=是|E1=5|E2=0|E3=良|E4=1|"
                 "F1=0.75|F2=1|F3=NA|F4=0.9|K1=0.85|K2=1|K3=0.7|K4=fair|G1=基本符合|G2=0|G3=否");
    assert_i64(pmindex_assess(m, c, a), 0);
    /* Items: deductions of 2, 1.5 and 2.5 per finding; E3's second of four
     * levels (0.8); F1 lower-is-better from 1.5 down to 0. */
    static const struct {
        const char *id;
        int64_t points;
    } items[] = {
        {"S1", 400}, {"S2", 800}, {"S3", 400}, {"S4", 150},
        {"S5", 400},                                        /* 6 - 2; (0.95-0.85)/0.15 x 6 */
        {"E1", 550}, {"E2", 700}, {"E3", 400}, {"E4", 250}, /* 8 - 5 x 0.5; 0.8 x 5 */
        {"F1", 400}, {"F2", 400}, {"F4", 375},              /* (1.5-0.75)/1.5 x 8; 0.3/0.4 x 5 */
        {"K1", 400}, {"K2", 300}, {"K3", 450}, {"K4", 200}, /* 0.15/0.3 x 8; 0.2/0.4 x 9 */
        {"G1", 250}, {"G2", 600}, {"G3", 0},
    };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        int64_t p = -1;
        assert_i64(pmindex_assessment_item(a, pmindex_model_find_item(m, items[i].id), &p, NULL),
                   1);
        assert_i64_msg(p, items[i].points);
    }
    assert_i64(pmindex_assessment_item(a, pmindex_model_find_item(m, "F3"), NULL, NULL), 0);
    /* Indicators: F has 11.75 of its applicable 17 points: 25 x 11.75 / 17
     * = 17.279... -> 17.28. */
    static const int64_t points[] = {2150, 1900, 1728, 1350, 850};
    for (int32_t k = 0; k < 5; k++) {
        int64_t p;
        assert_i64(pmindex_assessment_indicator(a, k, &p, NULL, NULL, NULL), 1);
        assert_i64_msg(p, points[k]);
    }
    /* Index = 100 x 79.78 / 120 = 66.483... -> 66.48; coverage 112/120.
     * Two stars: no share below 50% (no downgrade), none below the S 60%
     * or F 40% floors, but star2 is the black-card tier. */
    int64_t index, num, den;
    assert_i64(pmindex_assessment_index(a, &index), 1);
    assert_i64(index, 6648);
    assert_i64(pmindex_assessment_coverage(a, &num, &den), 9333);
    assert_i64(num, 11200);
    assert_i64(den, 12000);
    assert_i64(pmindex_assessment_tier(a), pmindex_model_find_tier(m, "star2"));
    assert_i64(pmindex_assessment_card(a), PMINDEX_CARD_BLACK);
    assert_i64(pmindex_assessment_reason_count(a), 1);
    char key[64];
    pmindex_assessment_reason_key(a, 0, key, sizeof key);
    assert_string_equal(key, "black:star2");
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
    pmindex_model_free(m);
}

/* Rows of the sample sheet, checked by hand (see make-quarterly-sample.py). */
static void test_quarterly_sample_rows(void **state)
{
    (void)state;
    pmindex_model *m = load("models/quarterly-demo.ini");
    pmindex_sheet *sheet;
    pmindex_assessment *a;
    assert_i64(pmindex_sheet_open(m, "examples/data/quarterly-sample.csv", NULL, 0, &sheet), 0);
    assert_i64(pmindex_assessment_new(m, &a), 0);
    const pmindex_compound *c;
    int rows = 0, checked = 0;
    while (pmindex_sheet_next(sheet, &c) == 1) {
        rows++;
        const char *id = pmindex_compound_field(c, PMINDEX_FIELD_ID);
        assert_i64(pmindex_assess(m, c, a), 0);
        int64_t index = -1;
        pmindex_assessment_index(a, &index);
        char reasons[256] = "";
        for (int32_t r = 0; r < pmindex_assessment_reason_count(a); r++) {
            char key[64];
            pmindex_assessment_reason_key(a, r, key, sizeof key);
            strcat(reasons, r ? ";" : "");
            strcat(reasons, key);
        }
        const char *tier = pmindex_model_tier_key(m, pmindex_assessment_tier(a));
        if (strcmp(id, "DC-004") == 0) {
            /* S: 6-2x2 + 8-2x2 + 6 + 6 + 0 = 18 of 30, exactly 60%: not
             * below the floor. 100 x (18+25+25+24.73+15) / 120 = 89.775,
             * half away from zero: 89.78, four stars. */
            assert_i64(index, 8978);
            assert_string_equal(tier, "star4");
            assert_i64(pmindex_assessment_card(a), PMINDEX_CARD_NONE);
            assert_string_equal(reasons, "");
            checked++;
        } else if (strcmp(id, "DC-005") == 0) {
            /* F: 0 + 0 + (8-6) + 0.02/0.4 x 5 = 2.25 of 25 = 9%: below 50%
             * (a star down) and below its 40% floor. 100 x 96.98 / 120 =
             * 80.82: three stars, down to two, which is black anyway. */
            assert_i64(index, 8082);
            assert_string_equal(tier, "star2");
            assert_i64(pmindex_assessment_card(a), PMINDEX_CARD_BLACK);
            assert_string_equal(reasons, "downgrade:F;black:star2;black:share:F");
            checked++;
        } else if (strcmp(id, "DC-009") == 0) {
            /* Unmanaged, 43 of 120 points applicable: fallback. */
            assert_i64(pmindex_assessment_tier(a), PMINDEX_TIER_FALLBACK);
            assert_i64(pmindex_assessment_coverage(a, NULL, NULL), 3583);
            checked++;
        }
    }
    assert_i64(rows, 40);
    assert_i64(checked, 3);
    pmindex_assessment_free(a);
    pmindex_sheet_free(sheet);
    pmindex_model_free(m);
}

/* The commented example of models/README.md is a valid model. */
static void test_readme_example(void **state)
{
    (void)state;
    char *doc = slurp("models/README.md", NULL);
    char *start = strstr(doc, "```ini\n");
    assert_non_null(start);
    start += 7;
    char *end = strstr(start, "```");
    assert_non_null(end);
    *end = '\0';
    pmindex_model *m = load_text(start, "models/README.md");
    assert_i64(pmindex_model_item_count(m), 3);
    assert_string_equal(pmindex_model_item_name(m, 1, PMINDEX_LANG_EN),
                        "Lift breakdowns; per lift and quarter");
    pmindex_model_free(m);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_default),
        cmocka_unit_test(test_round_trip_unusual),
        cmocka_unit_test(test_round_trip_largest),
        cmocka_unit_test(test_write_unsupported),
        cmocka_unit_test(test_luohu_file_is_default),
        cmocka_unit_test(test_round_trip_files),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_check_lists_every_error),
        cmocka_unit_test(test_errors_name_their_element),
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_comments_and_quotes),
        cmocka_unit_test(test_line_length),
        cmocka_unit_test(test_not_models),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_temporary_file),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_quarterly_by_hand),
        cmocka_unit_test(test_quarterly_sample_rows),
        cmocka_unit_test(test_readme_example),
        cmocka_unit_test(test_write_tier_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
