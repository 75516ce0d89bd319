/* The impact of a new model on a ledger's period: the ledger of the e2e
 * story (tests/ledger/2018H2.csv to 2020H1.csv applied with the default
 * model), compared on 2019H1 with a model without the black card for
 * indicator B and with one whose ladder stops at level 2, the replay's
 * differences worked out by hand; the ledger's file never changes (its
 * bytes compared); the refusals: a period not in force, an old model that
 * is not the period's, a ladder of another kind of period, periods stored
 * by pmindex 1.1, an impact not empty; an observation the new model cannot
 * take; the records. */
#include "ledger-files.h"
#include "ladder-models.h"

static const char *const PERIODS[] = {"2018H2", "2019H1", "2019H2", "2020H1"};

static const char *msg(const pmindex_impact *imp)
{
    return pmindex_error_message(pmindex_impact_error(imp));
}

#define assert_says(imp, text) assert_error_says(pmindex_impact_error(imp), text)

static pmindex_model *default_model(void)
{
    pmindex_model *m = NULL;
    assert_i64(pmindex_model_default(&m), 0);
    return m;
}

/* No black card for indicator B's share: K1, K2 and K7 are no longer
 * shamed for B alone. */
static pmindex_model *no_black_share(void)
{
    return edited_default("black_share = B 50%\n", "");
}

/* Applies the story's sheets of periods first..last, with model m before
 * period `change` and model later from it, then closes the ledger: its
 * file alone holds it (no WAL left). */
static void build_changing(const pmindex_model *m, int first, int last, int change,
                           const pmindex_model *later)
{
    pmindex_ledger *l = open_ledger(PMINDEX_LEDGER_CREATE);
    for (int p = first; p <= last; p++) {
        char file[64];
        snprintf(file, sizeof file, "tests/ledger/%s.csv", PERIODS[p]);
        pmindex_sheet *s = NULL;
        const pmindex_model *with = p < change ? m : later;
        assert_i64(pmindex_sheet_open(with, file, NULL, 0, &s), 0);
        assert_i64(pmindex_ledger_begin_apply(l, with, PMINDEX_PERIOD_NONE,
                                              PMINDEX_LEDGER_ALLOW_MODEL_CHANGE),
                   0);
        const pmindex_compound *c;
        while (pmindex_sheet_next(s, &c) == 1)
            if (pmindex_ledger_add(l, c) != 0)
                fail_msg("%s: %s", file, pmindex_error_message(pmindex_ledger_error(l)));
        assert_i64(pmindex_ledger_commit(l), 0);
        pmindex_sheet_free(s);
    }
    pmindex_ledger_free(l);
}

static void build(const pmindex_model *m, int first, int last)
{
    build_changing(m, first, last, last + 1, m);
}

/* An impact of two models fed from a ledger's period, computed. */
static pmindex_impact *from_ledger(const pmindex_model *o, const pmindex_model *n,
                                   const char *per)
{
    pmindex_ledger *l = open_ledger(PMINDEX_LEDGER_READONLY | PMINDEX_LEDGER_NO_UPGRADE);
    pmindex_impact *imp = NULL;
    assert_i64(pmindex_impact_new(o, n, &imp), 0);
    if (pmindex_impact_add_ledger(imp, l, period(per), 0) != 0)
        fail_msg("%s", msg(imp));
    pmindex_ledger_free(l); /* not needed after */
    assert_i64(pmindex_impact_compute(imp), 0);
    return imp;
}

/* "2019H1 K2 black 2 interview > none 1 -": a ladder record, stored side
 * then the new model's (card, level after, measure key or "-"). */
static void ladder_line(const pmindex_impact *imp, int64_t n, char *buf, size_t cap)
{
    int len = snprintf(buf, cap, "%s %s",
                       pmindex_impact_ladder_text(imp, n, PMINDEX_OLD, PMINDEX_ROW_PERIOD_NAME),
                       pmindex_impact_ladder_text(imp, n, PMINDEX_OLD, PMINDEX_ROW_COMPOUND_ID));
    for (int32_t w = 0; w < 2; w++) {
        const char *key = pmindex_impact_ladder_text(imp, n, w, PMINDEX_ROW_MEASURE_KEY);
        len += snprintf(buf + len, cap - (size_t)len, "%s%s %lld %s", w ? " > " : " ",
                        pmindex_impact_ladder_text(imp, n, w, PMINDEX_ROW_CARD_KEY),
                        (long long)pmindex_impact_ladder_int(imp, n, w, PMINDEX_ROW_LEVEL),
                        *key ? key : "-");
    }
}

static void assert_ladder(const pmindex_impact *imp, const char *const *want, int64_t count)
{
    int64_t got = pmindex_impact_count(imp, PMINDEX_IMPACT_LADDER);
    for (int64_t n = 0; n < got || n < count; n++) {
        char line[256] = "(none)";
        if (n < got)
            ladder_line(imp, n, line, sizeof line);
        if (n >= count || strcmp(line, want[n]) != 0)
            fail_msg("ladder record %lld is \"%s\", not \"%s\"", (long long)n, line,
                     n < count ? want[n] : "(none)");
    }
}

/* A period's totals "compounds red black measures sanctioned changed" of a side. */
static void assert_totals(const pmindex_impact *imp, int64_t n, int32_t which, const char *want)
{
    char got[128];
    int len = 0;
    for (int32_t t = PMINDEX_TOTAL_COMPOUNDS; t <= PMINDEX_TOTAL_CHANGED; t++)
        len += snprintf(got + len, sizeof got - (size_t)len, "%s%lld", len ? " " : "",
                        (long long)pmindex_impact_period_total(imp, n, which, t));
    if (strcmp(got, want) != 0)
        fail_msg("period %lld, side %d: totals %s, not %s", (long long)n, (int)which, got, want);
}

/* ---- the replay, worked out by hand ----------------------------------------- */

/* Stored (pmindex-ledger with the default model), from 2019H1 on:
 *   K1 2019H1 red 0 | 2019H2 black 1 black_card | 2020H1 black 2 interview
 *   K2 (level 1 after 2018H2) 2019H1 black 2 interview | 2019H2 none 2 | 2020H1 none 1
 *   K7 (new in 2019H1) black 1 black_card | 2019H2 black 2 interview | 2020H1 black 3
 * Without the black card for B, K1 and K2 (pass, B's share below half) get
 * none, and K7 only its fail tier's from 2019H2 on:
 *   K1 stays at 0 with no card (pass is not red);
 *   K2 starts at 1 (clean 0): 2019H1 clean 1, still 1; 2019H2 clean 2, down to 0;
 *   K7 starts at 0: 2019H1 none 0; 2019H2 black 1; 2020H1 black 2.
 * K3 (legal level 4), K4, K5, K6 are as stored. */
static void test_replay_without_black_share(void **state)
{
    (void)state;
    pmindex_model *o = default_model(), *n = no_black_share();
    build(o, 0, 3);
    pmindex_impact *imp = from_ledger(o, n, "2019H1");
    static const char *const want[] = {
        "2019H1 K2 black 2 interview > none 1 -",
        "2019H1 K7 black 1 black_card > none 0 -",
        "2019H2 K1 black 1 black_card > none 0 -",
        "2019H2 K2 none 2 - > none 0 -",
        "2019H2 K7 black 2 interview > black 1 black_card",
        "2020H1 K1 black 2 interview > none 0 -",
        "2020H1 K2 none 1 - > none 0 -",
        "2020H1 K7 black 3 replace_manager > black 2 interview",
    };
    assert_ladder(imp, want, 8);
    /* The rest of a record: both sides' tiers, indexes and states. */
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_OLD, PMINDEX_ROW_PERIOD), period("2019H1"));
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_NEW, PMINDEX_ROW_INDEX), 8300);
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_OLD, PMINDEX_ROW_LEVEL_BEFORE), 1);
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_NEW, PMINDEX_ROW_LEVEL_BEFORE), 1);
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_NEW, PMINDEX_ROW_CLEAN), 1);
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_OLD, PMINDEX_ROW_MEASURE), 2);
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_NEW, PMINDEX_ROW_MEASURE), -1);
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_OLD, PMINDEX_ROW_EVENTS),
               PMINDEX_LADDER_BLACK);
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_NEW, PMINDEX_ROW_EVENTS), 0);
    assert_string_equal(pmindex_impact_ladder_text(imp, 0, PMINDEX_NEW, PMINDEX_ROW_TIER_KEY),
                        "pass");
    assert_string_equal(pmindex_impact_ladder_text(imp, 0, PMINDEX_OLD, PMINDEX_ROW_NAME),
                        "翠北花园");
    assert_string_equal(pmindex_impact_ladder_text(imp, 0, PMINDEX_OLD, PMINDEX_ROW_COMPANY),
                        "乙物业");
    assert_string_equal(pmindex_impact_ladder_text(imp, 0, PMINDEX_OLD, PMINDEX_ROW_MEASURE_EN),
                        "admonishment interview with the legal representative and the project "
                        "manager");
    assert_string_equal(pmindex_impact_ladder_text(imp, 0, PMINDEX_NEW, PMINDEX_ROW_MEASURE_ZH),
                        "");
    assert_string_equal(pmindex_impact_ladder_text(imp, 0, PMINDEX_NEW, PMINDEX_ROW_REASONS), "");
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_NEW, PMINDEX_ROW_REVISION), 0);
    assert_ptr_equal(pmindex_impact_ladder_model(imp, 0, PMINDEX_NEW), n);
    const pmindex_model *stored = pmindex_impact_ladder_model(imp, 0, PMINDEX_OLD);
    assert_non_null(stored);
    assert_ptr_not_equal(stored, o); /* the ledger's own copy */
    assert_string_equal(pmindex_model_tier_key(stored, 2), "pass");
    /* Out of range, another side. */
    assert_i64(pmindex_impact_ladder_int(imp, 8, PMINDEX_OLD, PMINDEX_ROW_LEVEL), 0);
    assert_i64(pmindex_impact_ladder_int(imp, -1, PMINDEX_OLD, PMINDEX_ROW_LEVEL), 0);
    assert_i64(pmindex_impact_ladder_int(imp, 0, 2, PMINDEX_ROW_LEVEL), 0);
    assert_string_equal(pmindex_impact_ladder_text(imp, 8, PMINDEX_OLD, PMINDEX_ROW_NAME), "");
    assert_null(pmindex_impact_ladder_model(imp, 8, PMINDEX_OLD));
    assert_null(pmindex_impact_ladder_model(NULL, 0, PMINDEX_OLD));
    /* The periods' totals, stored and new. */
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_PERIODS), 3);
    assert_i64(pmindex_impact_period(imp, 0), period("2019H1"));
    assert_i64(pmindex_impact_period(imp, 2), period("2020H1"));
    assert_i64(pmindex_impact_period(imp, 3), PMINDEX_E_NOT_FOUND);
    assert_totals(imp, 0, PMINDEX_OLD, "6 2 2 2 4 2");
    assert_totals(imp, 0, PMINDEX_NEW, "6 2 0 0 3 2");
    assert_totals(imp, 1, PMINDEX_OLD, "7 3 2 2 4 3");
    assert_totals(imp, 1, PMINDEX_NEW, "7 3 1 1 2 3");
    assert_totals(imp, 2, PMINDEX_NEW, "7 3 1 1 2 3");
    assert_i64(pmindex_impact_period_total(imp, 0, PMINDEX_OLD, 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_period_total(imp, 0, PMINDEX_OLD, 7), PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_period_total(imp, 0, 2, 1), PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_period_total(imp, 3, PMINDEX_OLD, 1), PMINDEX_E_NOT_FOUND);
    /* The period itself, as the sheet form gives it: K2 and K7 lose their black card. */
    assert_i64(pmindex_district_count(pmindex_impact_district(imp, PMINDEX_OLD)), 6);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_CHANGES), 2);
    assert_i64(pmindex_impact_transitions(imp, PMINDEX_IMPACT_CARDS, PMINDEX_CARD_BLACK,
                                          PMINDEX_CARD_NONE),
               2);
    pmindex_impact_free(imp);
    pmindex_model_free(o);
    pmindex_model_free(n);
}

/* The new ladder stops at level 2 (legal level 2): a stored level above is
 * fitted to it, as a ledger fits it when the model changes.
 *   K3 (legal, level 4 after 2018H2) starts at 2: 2019H1 clean 1, 2;
 *      2019H2 clean 2, down to 1; 2020H1 clean 1, still 1 (stored 4, 3, 3);
 *   K7's third black card in 2020H1 stays at 2, with its measure.
 * Everything else steps alike. */
static void test_replay_fits_levels(void **state)
{
    (void)state;
    pmindex_model *o = default_model(), *n = model_with_ladder("half", 2, 2, 2);
    build(o, 0, 3);
    pmindex_impact *imp = from_ledger(o, n, "2019H1");
    static const char *const want[] = {
        "2019H1 K3 none 4 - > none 2 -",
        "2019H2 K3 none 3 - > none 1 -",
        "2020H1 K3 none 3 - > none 1 -",
        "2020H1 K7 black 3 replace_manager > black 2 interview",
    };
    assert_ladder(imp, want, 4);
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_OLD, PMINDEX_ROW_LEVEL_BEFORE), 4);
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_NEW, PMINDEX_ROW_LEVEL_BEFORE), 2);
    /* The period compared on: the same verdicts, the ladder aside. */
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_CHANGES), 0);
    pmindex_impact_free(imp);
    /* From the last period: K3's stored level 3 is fitted to 2 first. */
    imp = from_ledger(o, n, "2020H1");
    static const char *const last[] = {
        "2020H1 K3 none 3 - > none 2 -",
        "2020H1 K7 black 3 replace_manager > black 2 interview",
    };
    assert_ladder(imp, last, 2);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_PERIODS), 1);
    pmindex_impact_free(imp);
    /* The same model: no difference anywhere. */
    imp = from_ledger(o, o, "2018H2");
    assert_ladder(imp, NULL, 0);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_PERIODS), 4);
    assert_totals(imp, 0, PMINDEX_OLD, "6 1 4 3 3 0");
    assert_totals(imp, 0, PMINDEX_NEW, "6 1 4 3 3 0");
    pmindex_impact_free(imp);
    pmindex_model_free(o);
    pmindex_model_free(n);
}

/* The ledger's model changed at 2019H2 to one that steps down after 3
 * clean periods: the stored side of 2019H2 and 2020H1 is read with it,
 * while the new model's side is the first test's. Stored under it, K2
 * stays at 2 through 2019H2 and 2020H1, K3 at 4 in 2019H2, K5 at 1 in
 * 2019H2 (no red card); the new model steps them down a period sooner. */
static void test_replay_after_a_change_of_model(void **state)
{
    (void)state;
    pmindex_model *o = default_model(), *n = no_black_share();
    pmindex_model *clean3 = model_with_ladder("half", 4, 3, 4);
    build_changing(o, 0, 3, 2, clean3);
    pmindex_impact *imp = from_ledger(o, n, "2019H1");
    static const char *const want[] = {
        "2019H1 K2 black 2 interview > none 1 -",
        "2019H1 K7 black 1 black_card > none 0 -",
        "2019H2 K1 black 1 black_card > none 0 -",
        "2019H2 K2 none 2 - > none 0 -",
        "2019H2 K3 none 4 - > none 3 -",
        "2019H2 K5 none 1 - > red 0 praise",
        "2019H2 K7 black 2 interview > black 1 black_card",
        "2020H1 K1 black 2 interview > none 0 -",
        "2020H1 K2 none 2 - > none 0 -",
        "2020H1 K7 black 3 replace_manager > black 2 interview",
    };
    assert_ladder(imp, want, 10);
    /* Each record's stored side comes with its period's model. */
    assert_i64(pmindex_model_ladder_clean_periods(pmindex_impact_ladder_model(imp, 0, PMINDEX_OLD)),
               2);
    assert_i64(pmindex_model_ladder_clean_periods(pmindex_impact_ladder_model(imp, 2, PMINDEX_OLD)),
               3);
    assert_i64(pmindex_model_ladder_clean_periods(pmindex_impact_ladder_model(imp, 9, PMINDEX_OLD)),
               3);
    pmindex_impact_free(imp);
    /* From 2019H2 on, the period's model is the new one of the ledger. */
    pmindex_ledger *l = open_ledger(PMINDEX_LEDGER_READONLY);
    assert_i64(pmindex_impact_new(o, n, &imp), 0);
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H2"), 0), PMINDEX_E_STATE);
    assert_says(imp, "[ladder] clean_periods: 3 -> 2");
    pmindex_impact_free(imp);
    pmindex_ledger_free(l);
    pmindex_model_free(o);
    pmindex_model_free(n);
    pmindex_model_free(clean3);
}

/* ---- the ledger is only read -------------------------------------------------- */

static void test_ledger_unchanged(void **state)
{
    (void)state;
    pmindex_model *o = default_model(), *n = no_black_share();
    build(o, 0, 3);
    size_t before_len, after_len;
    char *before = read_bytes(path, &before_len);
    pmindex_impact *imp = from_ledger(o, n, "2018H2");
    char buf[4096];
    for (int32_t part = PMINDEX_IMPACT_SUMMARY; part <= PMINDEX_IMPACT_LADDER; part++)
        for (int64_t k = 0; k < pmindex_impact_count(imp, part); k++)
            assert_true(pmindex_impact_record(imp, part, k, PMINDEX_FORMAT_JSONL, 0, buf,
                                              sizeof buf) > 0);
    pmindex_impact_free(imp);
    char *after = read_bytes(path, &after_len);
    assert_i64(after_len, before_len);
    assert_memory_equal(after, before, before_len);
    free(before);
    free(after);
    pmindex_model_free(o);
    pmindex_model_free(n);
}

/* ---- refusals, which leave the impact as it was --------------------------------- */

static void test_refusals(void **state)
{
    (void)state;
    pmindex_model *o = default_model(), *n = no_black_share();
    build(o, 0, 3);
    pmindex_ledger *l = open_ledger(PMINDEX_LEDGER_READONLY | PMINDEX_LEDGER_NO_UPGRADE);
    pmindex_impact *imp = NULL;
    assert_i64(pmindex_impact_new(o, n, &imp), 0);
    /* Arguments. */
    assert_i64(pmindex_impact_add_ledger(NULL, l, period("2019H1"), 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_add_ledger(imp, NULL, period("2019H1"), 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 1), PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_add_ledger(imp, l, 0, 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_impact_add_ledger(imp, l, 10201803, 0), PMINDEX_E_INVALID);
    /* A period the ledger does not have. */
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2030H1"), 0), PMINDEX_E_NOT_FOUND);
    assert_says(imp, "period 2030H1 is not in the ledger");
    /* An old model that is not the period's; legal bases may differ. */
    pmindex_model *threshold = edited_default("threshold = 80\n", "threshold = 85\n");
    pmindex_impact *other = NULL;
    assert_i64(pmindex_impact_new(threshold, n, &other), 0);
    assert_i64(pmindex_impact_add_ledger(other, l, period("2019H1"), 0), PMINDEX_E_STATE);
    assert_says(other, "the old model is not the one period 2019H1 was applied with");
    assert_says(other, "1 difference ([tier good] threshold: 80 -> 85)");
    pmindex_impact_free(other);
    pmindex_model *basis = edited_default("basis_zh = ", "basis_zh = 另一依据；");
    assert_i64(pmindex_impact_new(basis, n, &other), 0);
    assert_i64(pmindex_impact_add_ledger(other, l, period("2019H1"), 0), 0);
    assert_i64(pmindex_impact_compute(other), 0);
    assert_i64(pmindex_impact_count(other, PMINDEX_IMPACT_LADDER), 8);
    pmindex_impact_free(other);
    /* A new model whose ladder runs on quarters. */
    pmindex_model *quarters = model_with_ladder("quarter", 4, 2, 4);
    assert_i64(pmindex_impact_new(o, quarters, &other), 0);
    assert_i64(pmindex_impact_add_ledger(other, l, period("2019H1"), 0), PMINDEX_E_STATE);
    assert_says(other, "the new model's ladder runs on quarters and the ledger's periods are "
                       "half-years");
    pmindex_impact_free(other);
    /* Each refusal left the impact empty: it still takes the period. */
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 0), 0);
    /* Only once, and then no other compound. */
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 0), PMINDEX_E_STATE);
    pmindex_compound *c;
    assert_i64(pmindex_compound_new(o, &c), 0);
    set_all_full(c);
    assert_i64(pmindex_impact_add(imp, c), PMINDEX_E_STATE);
    assert_says(imp, "holds a ledger's period");
    /* Nothing is read before the impact is computed. */
    assert_i64(pmindex_impact_period(imp, 0), PMINDEX_E_STATE);
    assert_i64(pmindex_impact_period_total(imp, 0, PMINDEX_OLD, 1), PMINDEX_E_STATE);
    assert_i64(pmindex_impact_ladder_int(imp, 0, PMINDEX_OLD, PMINDEX_ROW_LEVEL), 0);
    assert_string_equal(pmindex_impact_ladder_text(imp, 0, PMINDEX_OLD, PMINDEX_ROW_NAME), "");
    assert_i64(pmindex_impact_compute(imp), 0);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_LADDER), 8);
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 0), PMINDEX_E_STATE);
    pmindex_impact_free(imp);
    /* An impact with compounds of its own. */
    assert_i64(pmindex_impact_new(o, n, &imp), 0);
    assert_i64(pmindex_impact_add(imp, c), 0);
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 0), PMINDEX_E_STATE);
    assert_says(imp, "starts empty");
    pmindex_impact_free(imp);
    pmindex_ledger_free(l);
    /* While a change is under way (a dry run's rows are readable), and
     * after a revoked period. */
    l = open_ledger(0);
    assert_i64(pmindex_impact_new(o, n, &imp), 0);
    assert_i64(pmindex_ledger_set_reason(l, "wrong sheet"), 0);
    assert_i64(pmindex_ledger_revoke(l, period("2020H1"), PMINDEX_LEDGER_DRY_RUN), 0);
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 0), PMINDEX_E_STATE);
    assert_says(imp, "a change of the ledger is under way");
    pmindex_ledger_rollback(l);
    assert_i64(pmindex_ledger_set_reason(l, "wrong sheet"), 0);
    assert_i64(pmindex_ledger_revoke(l, period("2020H1"), 0), 0);
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2020H1"), 0), PMINDEX_E_NOT_FOUND);
    assert_says(imp, "period 2020H1 was revoked, and not applied again");
    /* The periods in force go on to 2019H2 only. */
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 0), 0);
    assert_i64(pmindex_impact_compute(imp), 0);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_PERIODS), 2);
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_LADDER), 5);
    pmindex_impact_free(imp);
    pmindex_ledger_free(l);
    pmindex_compound_free(c);
    pmindex_model_free(o);
    pmindex_model_free(n);
    pmindex_model_free(threshold);
    pmindex_model_free(basis);
    pmindex_model_free(quarters);
}

/* B2 is a pass/fail item under the new model: a stored rate cannot be
 * carried over. The impact is then incomplete. */
static void test_observation_not_carried(void **state)
{
    (void)state;
    pmindex_model *o = default_model(), *n = NULL;
    pmindex_error *e;
    assert_i64(pmindex_error_new(&e), 0);
    assert_i64(pmindex_model_load_ini("tests/impact/type-change.ini", &n, e), 0);
    pmindex_error_free(e);
    build(o, 0, 1);
    pmindex_ledger *l = open_ledger(PMINDEX_LEDGER_READONLY);
    pmindex_impact *imp = NULL;
    assert_i64(pmindex_impact_new(o, n, &imp), 0);
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 0), PMINDEX_E_RANGE);
    assert_says(imp, "period 2019H1, compound K1: item B2");
    assert_string_equal(pmindex_error_field(pmindex_impact_error(imp)), "B2");
    assert_i64(pmindex_impact_compute(imp), PMINDEX_E_STATE);
    assert_says(imp, "the impact is incomplete");
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 0), PMINDEX_E_STATE);
    pmindex_impact_free(imp);
    pmindex_ledger_free(l);
    pmindex_model_free(o);
    pmindex_model_free(n);
}

/* ---- ledgers of pmindex 1.1 ------------------------------------------------------ */

static void test_stored_by_1_1(void **state)
{
    (void)state;
    pmindex_model *o = default_model(), *n = no_black_share();
    copy_file("tests/ledger/ledger-1.1.db", path);
    size_t len, now_len;
    char *bytes = read_bytes(path, &len);
    /* Opened without upgrading: refused, and the file stays as it is. */
    pmindex_ledger *l = NULL;
    pmindex_error *e;
    assert_i64(pmindex_error_new(&e), 0);
    assert_i64(pmindex_ledger_open(path, PMINDEX_LEDGER_READONLY | PMINDEX_LEDGER_NO_UPGRADE, &l,
                                   e),
               PMINDEX_E_STATE);
    assert_null(l);
    assert_non_null(strstr(pmindex_error_message(e), "is a ledger of pmindex 1.1"));
    pmindex_error_free(e);
    char *now = read_bytes(path, &now_len);
    assert_i64(now_len, len);
    assert_memory_equal(now, bytes, len);
    free(now);
    free(bytes);
    /* Upgraded, its periods keep no observations. */
    l = open_ledger(0);
    pmindex_impact *imp = NULL;
    assert_i64(pmindex_impact_new(o, n, &imp), 0);
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 0), PMINDEX_E_STATE);
    assert_says(imp, "period 2019H1 was stored by pmindex 1.1, which kept the points and not "
                     "what was observed (its 6 compounds, such as K1)");
    /* Every compound of 2019H1 reviewed with its full row: 2019H1 keeps
     * observations now, 2019H2 does not. */
    assert_i64(pmindex_ledger_set_reason(l, "full rows"), 0);
    assert_i64(pmindex_ledger_begin_review(l, o, period("2019H1"), 0), 0);
    const char *columns[PMINDEX_MAX_ITEMS];
    int32_t ncolumns = 0;
    for (int32_t i = 0; i < pmindex_model_item_count(o); i++)
        columns[ncolumns++] = pmindex_model_item_id(o, i);
    for (int32_t v = 0; v < pmindex_model_veto_count(o); v++)
        columns[ncolumns++] = pmindex_model_veto_id(o, v);
    pmindex_sheet *s = NULL;
    assert_i64(pmindex_sheet_open(o, "tests/ledger/2019H1.csv", NULL, 0, &s), 0);
    const pmindex_compound *c;
    while (pmindex_sheet_next(s, &c) == 1)
        if (pmindex_ledger_review_add(l, c, columns, ncolumns) != 0)
            fail_msg("review: %s", pmindex_error_message(pmindex_ledger_error(l)));
    pmindex_sheet_free(s);
    assert_i64(pmindex_ledger_commit(l), 0);
    assert_i64(pmindex_impact_add_ledger(imp, l, period("2019H1"), 0), PMINDEX_E_STATE);
    assert_says(imp, "period 2019H2, after 2019H1, was stored by pmindex 1.1");
    assert_says(imp, "the ladder cannot be replayed through it");
    /* Refused, the impact is as it was. */
    assert_i64(pmindex_impact_count(imp, PMINDEX_IMPACT_CHANGES), PMINDEX_E_STATE);
    assert_i64(pmindex_district_count(pmindex_impact_district(imp, PMINDEX_OLD)), 0);
    pmindex_impact_free(imp);
    pmindex_ledger_free(l);
    pmindex_model_free(o);
    pmindex_model_free(n);
}

/* ---- records ---------------------------------------------------------------------- */

static void test_records(void **state)
{
    (void)state;
    pmindex_model *o = default_model(), *n = no_black_share();
    build(o, 0, 3);
    pmindex_impact *imp = from_ledger(o, n, "2019H1");
    char buf[4096];
    pmindex_impact_header(imp, PMINDEX_IMPACT_PERIODS, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    assert_string_equal(buf, "period,compounds,changed,old_red,new_red,old_black,new_black,"
                             "old_measures,new_measures,old_sanctioned,new_sanctioned\n");
    pmindex_impact_record(imp, PMINDEX_IMPACT_PERIODS, 1, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    assert_string_equal(buf, "2019H2,7,3,3,3,2,1,2,1,4,2\n");
    pmindex_impact_header(imp, PMINDEX_IMPACT_LADDER, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    assert_string_equal(buf, "period,compound_id,name,street,station,company,old_index,"
                             "new_index,old_tier,new_tier,old_card,new_card,old_level,new_level,"
                             "old_measure,new_measure\n");
    pmindex_impact_record(imp, PMINDEX_IMPACT_LADDER, 1, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    assert_string_equal(buf, "2019H1,K7,\"新园, 南区\",东门街道,东门派出所,丙物业,83.00,83.00,"
                             "pass,pass,black,none,1,0,black_card,\n");
    pmindex_impact_record(imp, PMINDEX_IMPACT_LADDER, 4, PMINDEX_FORMAT_JSONL, 0, buf,
                          sizeof buf);
    assert_string_equal(buf, "{\"kind\":\"ladder\",\"period\":\"2019H2\",\"compound_id\":\"K7\","
                             "\"name\":\"新园, 南区\",\"street\":\"东门街道\",\"station\":"
                             "\"东门派出所\",\"company\":\"丙物业\",\"old_index\":100.00,"
                             "\"new_index\":100.00,\"old_tier\":\"fail\",\"new_tier\":\"fail\","
                             "\"old_card\":\"black\",\"new_card\":\"black\",\"old_level\":2,"
                             "\"new_level\":1,\"old_measure\":\"interview\",\"new_measure\":"
                             "\"black_card\"}\n");
    pmindex_impact_record(imp, PMINDEX_IMPACT_PERIODS, 0, PMINDEX_FORMAT_JSONL, 0, buf,
                          sizeof buf);
    assert_string_equal(buf, "{\"kind\":\"period\",\"period\":\"2019H1\",\"compounds\":6,"
                             "\"changed\":2,\"old_red\":2,\"new_red\":2,\"old_black\":2,"
                             "\"new_black\":0,\"old_measures\":2,\"new_measures\":0,"
                             "\"old_sanctioned\":4,\"new_sanctioned\":3}\n");
    assert_i64(pmindex_impact_record(imp, PMINDEX_IMPACT_LADDER, 8, PMINDEX_FORMAT_CSV, 0, buf,
                                     sizeof buf),
               PMINDEX_E_NOT_FOUND);
    pmindex_impact_free(imp);
    pmindex_model_free(o);
    pmindex_model_free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_replay_without_black_share, fresh),
        cmocka_unit_test_setup(test_replay_fits_levels, fresh),
        cmocka_unit_test_setup(test_replay_after_a_change_of_model, fresh),
        cmocka_unit_test_setup(test_ledger_unchanged, fresh),
        cmocka_unit_test_setup(test_refusals, fresh),
        cmocka_unit_test_setup(test_observation_not_carried, fresh),
        cmocka_unit_test_setup(test_stored_by_1_1, fresh),
        cmocka_unit_test_setup(test_records, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
