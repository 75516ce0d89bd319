/* The ledger of 1.2: a 1.1 ledger upgraded in place and a newer one
 * refused; the period from the sheet, gaps, empty periods and dry runs;
 * revoking the last period; reviews (复核) worked out by hand; the audit
 * log, append-only in the store; when a level steps down; the observations
 * kept. Every refusal leaves the store as it was (every table compared). */
#include <sqlite3.h>

#include "ledger-files.h"
#include "ladder-models.h"

static const char *msg(pmindex_ledger *l)
{
    return pmindex_error_message(pmindex_ledger_error(l));
}

#define assert_msg(l, text) assert_error_says(pmindex_ledger_error(l), text)

static const char *profile(char p)
{
    switch (p) {
    case 'R': return "";
    case 'G': return "B1=0|C3=0|D2=0";
    case 'g': return "B1=0"; /* excellent (96): red, but not under a sanction */
    case 'B': return "B1=0|B2=0.8|B3=0|B5=0|B9=0";
    case 'L': return "V1=1";
    }
    fail_msg("no profile %c", p);
    return NULL;
}

static void fill(pmindex_compound *c, const char *id, char p, const char *per)
{
    pmindex_compound_clear(c);
    set_all_full(c);
    char cells[256];
    snprintf(cells, sizeof cells, "compound_id=%s|name=N-%s|households=%d%s%s", id, id,
             (int)strlen(id) * 100, per ? "|period=" : "", per ? per : "");
    set_cells(c, cells);
    if (*profile(p))
        set_cells(c, profile(p));
}

/* Applies "ID:P ..." as period per (NULL: the period from the rows, named
 * per_rows) with the 1.2 function. */
static void apply(pmindex_ledger *l, const pmindex_model *m, const char *per, const char *rows,
                  const char *spec, uint32_t flags)
{
    pmindex_compound *c;
    assert_i64(pmindex_compound_new(m, &c), 0);
    int rc = pmindex_ledger_begin_apply(l, m, per ? period(per) : PMINDEX_PERIOD_NONE, flags);
    if (rc != 0)
        fail_msg("begin: %s", msg(l));
    char buf[512];
    strcpy(buf, spec);
    for (char *save = NULL, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        char *colon = strchr(t, ':');
        *colon = '\0';
        fill(c, t, colon[1], rows);
        if (pmindex_ledger_add(l, c) != 0)
            fail_msg("add %s: %s", t, msg(l));
    }
    if (pmindex_ledger_commit(l) != 0)
        fail_msg("commit: %s", msg(l));
    pmindex_compound_free(c);
}

/* Every row of every table but the times, as text. */
static char *dump_at(const char *file)
{
    sqlite3 *db;
    assert_i64(sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    static const char *const queries[] = {
        "SELECT * FROM models ORDER BY 1",
        "SELECT seq, code, name, model, compounds, entry, revoked FROM periods ORDER BY 1",
        "SELECT * FROM compounds ORDER BY 1",
        "SELECT * FROM assessments ORDER BY 1, 2, 3",
        "SELECT * FROM measures ORDER BY 1, 2, 3",
        ("SELECT entry, actor, action, period, reason, compounds, changed, model, detail FROM log"
         " ORDER BY 1"),
        "SELECT * FROM log_inputs ORDER BY 1, 2",
    };
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t t = 0; t < sizeof queries / sizeof *queries; t++) {
        sqlite3_stmt *st;
        assert_i64(sqlite3_prepare_v2(db, queries[t], -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const char *v = (const char *)sqlite3_column_text(st, i);
                size_t n = (size_t)sqlite3_column_bytes(st, i) * 2 + 8;
                if (len + n + 2 > cap)
                    out = realloc(out, cap = 2 * (cap + n));
                if (sqlite3_column_type(st, i) == SQLITE_BLOB) {
                    const unsigned char *b = sqlite3_column_blob(st, i);
                    for (int k = 0; k < sqlite3_column_bytes(st, i); k++)
                        len += (size_t)sprintf(out + len, "%02x", b[k]);
                    out[len++] = '|';
                } else {
                    len += (size_t)sprintf(out + len, "%s|", v ? v : "NULL");
                }
            }
            out[len++] = '\n';
            out[len] = '\0';
        }
        sqlite3_finalize(st);
        out[len++] = '#';
        out[len] = '\0';
    }
    sqlite3_close(db);
    return out;
}

static char *dump(void)
{
    return dump_at(path);
}

static int64_t query(const char *file, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_i64(sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_i64(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static int exec_at(const char *file, const char *sql)
{
    sqlite3 *db;
    assert_i64(sqlite3_open(file, &db), SQLITE_OK);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

/* ---- keeping old ledgers -------------------------------------------------------- */

/* What the 1.1 functions read, as tests/ledger/ledger-1.1.rows holds it. */
static char *rows_1_1(pmindex_ledger *l)
{
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    len += (size_t)pmindex_ledger_csv_header(out, cap);
    pmindex_ledger_rows *r;
    assert_i64(pmindex_ledger_rows_new(l, 0, NULL, 0, &r), 0);
    while (pmindex_ledger_rows_next(r) == 1)
        for (int32_t f = PMINDEX_FORMAT_CSV; f <= PMINDEX_FORMAT_JSONL; f++) {
            int64_t n = pmindex_ledger_rows_record(r, f, out + len, cap - len);
            assert_true(n > 0 && (size_t)n < cap - len);
            len += (size_t)n;
        }
    pmindex_ledger_rows_free(r);
    return out;
}

static void test_upgrade_1_1(void **state)
{
    (void)state;
    copy_file("tests/ledger/ledger-1.1.db", path);
    assert_i64(query(path, "PRAGMA user_version"), 1);
    /* Not upgraded on request: refused, the file as it was. */
    size_t len, now_len;
    char *bytes = read_bytes(path, &len);
    pmindex_error *e;
    assert_i64(pmindex_error_new(&e), 0);
    pmindex_ledger *l = NULL;
    for (uint32_t ro = 0; ro <= PMINDEX_LEDGER_READONLY; ro += PMINDEX_LEDGER_READONLY) {
        assert_i64(pmindex_ledger_open(path, PMINDEX_LEDGER_NO_UPGRADE | ro, &l, e),
                   PMINDEX_E_STATE);
        assert_null(l);
        assert_non_null(strstr(pmindex_error_message(e), "is a ledger of pmindex 1.1 (schema 1), "
                                                         "left as it is"));
    }
    pmindex_error_free(e);
    char *now = read_bytes(path, &now_len);
    assert_i64(now_len, len);
    assert_memory_equal(now, bytes, len);
    free(now);
    free(bytes);
    l = open_at(path, 0);
    assert_i64(query(path, "PRAGMA user_version"), 2);
    /* Upgraded, it opens with the flag too. */
    pmindex_ledger *again = open_at(path, PMINDEX_LEDGER_READONLY | PMINDEX_LEDGER_NO_UPGRADE);
    pmindex_ledger_free(again);
    /* The 1.1 functions read what they read before the upgrade. */
    char *want = read_file("tests/ledger/ledger-1.1.rows"), *got = rows_1_1(l);
    assert_string_equal(got, want);
    free(got);
    assert_i64(pmindex_ledger_period_count(l), 3);
    /* The upgrade is the log's first entry; 1.1 rows name no entry and kept no observations. */
    pmindex_ledger_log *g;
    assert_i64(pmindex_ledger_log_new(l, 0, 0, 0, &g), 0);
    assert_i64(pmindex_ledger_log_next(g), 1);
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTION), "upgrade");
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_DETAIL),
                        "schema 1 (pmindex 1.1) to 2: 3 periods and 19 rows kept as they were");
    assert_i64(pmindex_ledger_log_next(g), 0);
    pmindex_ledger_log_free(g);
    pmindex_ledger_rows *r;
    assert_i64(pmindex_ledger_rows_new(l, 0, "K5", 0, &r), 0);
    assert_i64(pmindex_ledger_rows_next(r), 1);
    assert_i64(pmindex_ledger_rows_int(r, PMINDEX_ROW_REVISION), 1);
    assert_i64(pmindex_ledger_rows_int(r, PMINDEX_ROW_ENTRY), 0);
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    pmindex_compound *c;
    assert_i64(pmindex_compound_new(m, &c), 0);
    assert_i64(pmindex_ledger_rows_observations(r, c), 0);
    pmindex_ledger_rows_free(r);
    /* A review of a 1.1 period needs the full row, and says so. */
    assert_i64(pmindex_ledger_set_reason(l, "appeal"), 0);
    assert_i64(pmindex_ledger_begin_review(l, m, period("2018H2"), 0), 0);
    fill(c, "K5", 'R', NULL);
    const char *some[] = {"compound_id", "B1"};
    assert_i64(pmindex_ledger_review_add(l, c, some, 2), PMINDEX_E_COLUMN);
    assert_msg(l, "was stored by pmindex 1.1");
    assert_msg(l, "needs its full row (every item and veto); missing: A1, A2, A3, A4, A5, A6, B2, "
                  "B3, ... (35 columns)");
    pmindex_ledger_rollback(l);
    pmindex_ledger_free(l);
    /* Opened again: nothing more to do. */
    char *before = dump();
    l = open_at(path, PMINDEX_LEDGER_READONLY);
    pmindex_ledger_free(l);
    char *after = dump();
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* A read-only open upgrades through a writing connection. */
    fresh(NULL);
    copy_file("tests/ledger/ledger-1.1.db", path);
    l = open_at(path, PMINDEX_LEDGER_READONLY);
    assert_i64(query(path, "PRAGMA user_version"), 2);
    got = rows_1_1(l);
    assert_string_equal(got, want);
    free(got);
    pmindex_ledger_free(l);
    free(want);
    pmindex_compound_free(c);
    pmindex_model_free(m);
}

static void test_upgrade_refused(void **state)
{
    (void)state;
    pmindex_error *e;
    assert_i64(pmindex_error_new(&e), 0);
    pmindex_ledger *l = (pmindex_ledger *)1;
    /* A 1.1 ledger whose rows belong to no period cannot be upgraded whole:
     * nothing changes. */
    copy_file("tests/ledger/ledger-1.1.db", path);
    assert_i64(exec_at(path, "INSERT INTO assessments SELECT 20301, compound_id, name, street,"
                             " station, company, managed, idx, coverage, tier, tier_key, card,"
                             " events, level_before, level, clean, measure, reasons, indicators,"
                             " items FROM assessments WHERE compound_id = 'K1' LIMIT 1"), 0);
    int64_t tables = query(path, "SELECT count(*) FROM sqlite_master");
    assert_i64(pmindex_ledger_open(path, 0, &l, e), PMINDEX_E_STORE);
    assert_null(l);
    assert_non_null(strstr(pmindex_error_message(e), "cannot be upgraded: 1 of its 20 assessments"));
    assert_i64(query(path, "PRAGMA user_version"), 1);
    assert_i64(query(path, "SELECT count(*) FROM sqlite_master"), tables);
    assert_i64(query(path, "SELECT count(*) FROM assessments"), 20);
    fresh(NULL);
    /* A ledger of a newer schema than the library is refused. */
    l = open_at(path, PMINDEX_LEDGER_CREATE);
    pmindex_ledger_free(l);
    assert_i64(exec_at(path, "PRAGMA user_version = 3"), 0);
    assert_i64(pmindex_ledger_open(path, 0, &l, e), PMINDEX_E_STORE);
    assert_non_null(strstr(pmindex_error_message(e), "is a pmindex ledger of schema 3, newer than "
                                                     "this library"));
    assert_i64(pmindex_ledger_open(path, PMINDEX_LEDGER_READONLY, &l, e), PMINDEX_E_STORE);
    assert_i64(exec_at(path, "PRAGMA user_version = 0"), 0);
    assert_i64(pmindex_ledger_open(path, 0, &l, e), PMINDEX_E_STORE);
    assert_non_null(strstr(pmindex_error_message(e), "of an unknown schema (0)"));
    pmindex_error_free(e);
}

/* ---- applying safely ------------------------------------------------------------- */

static void expect_add(pmindex_ledger *l, pmindex_compound *c, int code, const char *text)
{
    int rc = pmindex_ledger_add(l, c);
    if (rc != code)
        fail_msg("add: %d, expected %d: %s", rc, code, msg(l));
    assert_msg(l, text);
}

static void test_period_from_rows(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    pmindex_ledger *l = open_at(path, PMINDEX_LEDGER_CREATE);
    pmindex_compound *c;
    assert_i64(pmindex_compound_new(m, &c), 0);
    char *before = dump();
    /* Mixed periods, a row without one, a period that is not one. */
    assert_i64(pmindex_ledger_begin_apply(l, m, PMINDEX_PERIOD_NONE, 0), 0);
    fill(c, "A", 'R', "2018H2");
    pmindex_compound_set_text(c, "period", "2018H2", 6);
    assert_i64(pmindex_ledger_add(l, c), 0);
    fill(c, "B", 'R', "2019H1");
    expect_add(l, c, PMINDEX_E_RANGE, "compound B is a row of period \"2019H1\", but the sheet's "
                                      "period is 2018H2");
    pmindex_ledger_rollback(l);
    assert_i64(pmindex_ledger_begin_apply(l, m, PMINDEX_PERIOD_NONE, 0), 0);
    fill(c, "A", 'R', NULL);
    expect_add(l, c, PMINDEX_E_RANGE, "compound A names no period");
    assert_string_equal(pmindex_error_field(pmindex_ledger_error(l)), "period");
    pmindex_ledger_rollback(l);
    assert_i64(pmindex_ledger_begin_apply(l, m, PMINDEX_PERIOD_NONE, 0), 0);
    fill(c, "A", 'R', "2018H2");
    assert_i64(pmindex_ledger_add(l, c), 0);
    fill(c, "B", 'R', NULL);
    expect_add(l, c, PMINDEX_E_RANGE, "compound B names no period, but the sheet's period is "
                                      "2018H2");
    pmindex_ledger_rollback(l);
    /* No compound at all: refused at the commit. */
    assert_i64(pmindex_ledger_begin_apply(l, m, PMINDEX_PERIOD_NONE, 0), 0);
    assert_i64(pmindex_ledger_commit(l), PMINDEX_E_STATE);
    assert_msg(l, "no compound was added");
    assert_i64(pmindex_ledger_begin_apply(l, m, period("2018H2"), 0), 0);
    assert_i64(pmindex_ledger_commit(l), PMINDEX_E_STATE);
    char *after = dump();
    assert_string_equal(before, after);
    free(after);
    free(before);
    /* The period the first row names. */
    apply(l, m, NULL, "2018H2", "A:R B:B", 0);
    assert_i64(pmindex_ledger_period(l, 0), period("2018H2"));
    /* A gap names the missing periods; a typo is a gap of many. */
    before = dump();
    assert_i64(pmindex_ledger_begin_apply(l, m, period("2019H2"), 0), PMINDEX_E_STATE);
    assert_msg(l, "period 2019H1 is missing between 2018H2 and 2019H2");
    assert_i64(pmindex_ledger_begin_apply(l, m, period("2020H1"), 0), PMINDEX_E_STATE);
    assert_msg(l, "periods 2019H1 and 2019H2 are missing between 2018H2 and 2020H1");
    assert_i64(pmindex_ledger_begin_apply(l, m, period("2020H2"), 0), PMINDEX_E_STATE);
    assert_msg(l, "periods 2019H1, 2019H2 and 2020H1 are missing");
    assert_i64(pmindex_ledger_begin_apply(l, m, period("2091H1"), 0), PMINDEX_E_STATE);
    assert_msg(l, "144 periods, 2019H1 to 2090H2, are missing between 2018H2 and 2091H1");
    /* ... also when the sheet names the period. */
    assert_i64(pmindex_ledger_begin_apply(l, m, PMINDEX_PERIOD_NONE, 0), 0);
    fill(c, "A", 'R', "2091H1");
    expect_add(l, c, PMINDEX_E_STATE, "are missing between 2018H2 and 2091H1");
    pmindex_ledger_rollback(l);
    after = dump();
    assert_string_equal(before, after);
    free(after);
    free(before);
    /* Allowed, the gap is kept: the ladder waits over it. */
    apply(l, m, "2019H2", NULL, "A:B", PMINDEX_LEDGER_ALLOW_GAP);
    assert_i64(pmindex_ledger_period_count(l), 2);
    /* 1.1's begin keeps 1.1's behaviour: no gap check, an empty period. */
    assert_i64(pmindex_ledger_begin(l, m, period("2021H1"), 0), 0);
    assert_i64(pmindex_ledger_commit(l), 0);
    assert_i64(pmindex_ledger_period_count(l), 3);
    assert_i64(pmindex_ledger_begin(l, m, PMINDEX_PERIOD_NONE, 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_begin_apply(l, m, period("2021H2"), 8), PMINDEX_E_INVALID);
    pmindex_compound_free(c);
    pmindex_ledger_free(l);
    pmindex_model_free(m);
}

static void test_dry_run(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    pmindex_ledger *l = open_at(path, PMINDEX_LEDGER_CREATE);
    apply(l, m, "2018H2", NULL, "A:B B:R", 0);
    char *before = dump();
    /* An apply: its rows are read through the handle, then gone. */
    apply(l, m, "2019H1", NULL, "A:B B:R C:L", PMINDEX_LEDGER_DRY_RUN);
    assert_i64(pmindex_ledger_period_count(l), 2);
    assert_true(pmindex_ledger_last_entry(l) > 0);
    pmindex_ladder_state s;
    assert_i64(pmindex_ledger_state(l, "A", &s), 1);
    assert_i64(s.level, 2);
    assert_i64(pmindex_ledger_begin_apply(l, m, period("2019H1"), 0), PMINDEX_E_STATE);
    pmindex_ledger_rollback(l);
    assert_i64(pmindex_ledger_period_count(l), 1);
    char *after = dump();
    assert_string_equal(before, after);
    free(after);
    /* A revocation and a review. */
    assert_i64(pmindex_ledger_set_reason(l, "try"), 0);
    assert_i64(pmindex_ledger_revoke(l, period("2018H2"), PMINDEX_LEDGER_DRY_RUN), 0);
    assert_i64(pmindex_ledger_period_count(l), 0);
    assert_i64(pmindex_ledger_state(l, "A", &s), 0);
    pmindex_ledger_rollback(l);
    assert_i64(pmindex_ledger_set_reason(l, "try"), 0);
    assert_i64(pmindex_ledger_begin_review(l, m, period("2018H2"), PMINDEX_LEDGER_DRY_RUN), 0);
    pmindex_compound *c;
    assert_i64(pmindex_compound_new(m, &c), 0);
    fill(c, "A", 'R', NULL);
    const char *cols[] = {"B1", "B2", "B3", "B5", "B9"};
    assert_i64(pmindex_ledger_review_add(l, c, cols, 5), 0);
    assert_i64(pmindex_ledger_commit(l), 0);
    assert_i64(pmindex_ledger_state(l, "A", &s), 1);
    assert_i64(s.level, 0);
    pmindex_ledger_rollback(l);
    after = dump();
    assert_string_equal(before, after);
    free(after);
    free(before);
    pmindex_compound_free(c);
    pmindex_ledger_free(l);
    pmindex_model_free(m);
}

/* ---- revoking ------------------------------------------------------------------ */

/* The ladder states of the compounds named in "A B C", as text. */
static char *states(pmindex_ledger *l, const char *ids)
{
    char *out = malloc(512), buf[64];
    out[0] = '\0';
    snprintf(buf, sizeof buf, "%s", ids);
    for (char *save = NULL, *id = strtok_r(buf, " ", &save); id; id = strtok_r(NULL, " ", &save)) {
        pmindex_ladder_state s;
        int known = pmindex_ledger_state(l, id, &s);
        snprintf(out + strlen(out), 512 - strlen(out), "%s:%d:%d:%d:%d ", id, known,
                 (int)s.level, (int)s.clean, (int)s.period);
    }
    return out;
}

static void test_revoke(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    pmindex_ledger *l = open_at(path, PMINDEX_LEDGER_CREATE);
    apply(l, m, "2018H2", NULL, "A:B B:R", 0);
    apply(l, m, "2019H1", NULL, "A:B B:L", 0);
    char *two = states(l, "A B C D");
    apply(l, m, "2019H2", NULL, "A:G B:B C:L", 0);
    /* Refusals: the store as it was. */
    char *before = dump();
    assert_i64(pmindex_ledger_revoke(l, period("2019H2"), 0), PMINDEX_E_INVALID);
    assert_msg(l, "needs a reason");
    assert_i64(pmindex_ledger_set_reason(l, "wrong sheet"), 0);
    assert_i64(pmindex_ledger_revoke(l, period("2019H1"), 0), PMINDEX_E_STATE);
    assert_msg(l, "period 2019H1 is not the last period applied (2019H2 is): only the last period "
                  "can be revoked");
    assert_i64(pmindex_ledger_revoke(l, period("2020H1"), 0), PMINDEX_E_NOT_FOUND);
    assert_msg(l, "period 2020H1 is not in the ledger");
    assert_i64(pmindex_ledger_revoke(l, 12345, 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_revoke(l, period("2019H2"), 64), PMINDEX_E_INVALID);
    pmindex_ledger *ro = open_at(path, PMINDEX_LEDGER_READONLY);
    assert_i64(pmindex_ledger_set_reason(ro, "x"), 0);
    assert_i64(pmindex_ledger_revoke(ro, period("2019H2"), 0), PMINDEX_E_STATE);
    pmindex_ledger_free(ro);
    char *after = dump();
    assert_string_equal(before, after);
    free(after);
    free(before);
    /* Revoked: the states are those after 2019H1, C unknown again. */
    assert_i64(pmindex_ledger_set_actor(l, "clerk"), 0);
    assert_i64(pmindex_ledger_revoke(l, period("2019H2"), 0), 0);
    char *now = states(l, "A B C D");
    assert_string_equal(now, two);
    free(now);
    assert_i64(pmindex_ledger_period_count(l), 2);
    assert_i64(pmindex_ledger_set_reason(l, "again"), 0);
    assert_i64(pmindex_ledger_revoke(l, period("2019H2"), 0), PMINDEX_E_NOT_FOUND);
    assert_msg(l, "period 2019H2 was revoked already");
    /* The rows stay, marked; the query leaves them out unless asked. */
    pmindex_ledger_rows *r;
    int n = 0;
    assert_i64(pmindex_ledger_rows_new(l, period("2019H2"), NULL, 0, &r), 0);
    while (pmindex_ledger_rows_next(r) == 1)
        n++;
    pmindex_ledger_rows_free(r);
    assert_i64(n, 0);
    assert_i64(pmindex_ledger_rows_new(l, period("2019H2"), NULL, PMINDEX_LEDGER_REVOKED, &r), 0);
    while (pmindex_ledger_rows_next(r) == 1) {
        assert_true(pmindex_ledger_rows_int(r, PMINDEX_ROW_REVOKED) > 0);
        n++;
    }
    pmindex_ledger_rows_free(r);
    assert_i64(n, 3);
    /* A corrected sheet of the period, applied again. */
    apply(l, m, "2019H2", NULL, "A:R B:R", 0);
    assert_i64(pmindex_ledger_rows_new(l, period("2019H2"), NULL, PMINDEX_LEDGER_REVOKED, &r), 0);
    static const char *const order[] = {"A", "B", "C", "A", "B"};
    for (size_t k = 0; k < 5; k++) {
        assert_i64(pmindex_ledger_rows_next(r), 1);
        assert_string_equal(pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID), order[k]);
        assert_i64(pmindex_ledger_rows_int(r, PMINDEX_ROW_REVOKED) != 0, k < 3);
    }
    pmindex_ledger_rows_free(r);
    /* The log says who revoked what and why. */
    pmindex_ledger_log *g;
    assert_i64(pmindex_ledger_log_new(l, period("2019H2"), 0, 0, &g), 0);
    static const char *const actions[] = {"apply", "revoke", "apply"};
    for (size_t k = 0; k < 3; k++) {
        assert_i64(pmindex_ledger_log_next(g), 1);
        assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTION), actions[k]);
    }
    assert_i64(pmindex_ledger_log_int(g, PMINDEX_LOG_COMPOUNDS), 2);
    assert_i64(pmindex_ledger_log_next(g), 0);
    pmindex_ledger_log_free(g);
    assert_i64(pmindex_ledger_log_new(l, 0, 5, 0, &g), 0);
    assert_i64(pmindex_ledger_log_next(g), 1);
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTION), "revoke");
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTOR), "clerk");
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_REASON), "wrong sheet");
    assert_i64(pmindex_ledger_log_int(g, PMINDEX_LOG_COMPOUNDS), 3);
    assert_i64(pmindex_ledger_log_int(g, PMINDEX_LOG_CHANGED), 3);
    pmindex_ledger_log_free(g);
    /* Everything revoked: an empty ledger again. */
    for (const char *p = "2019H2"; p; p = strcmp(p, "2019H2") == 0 ? "2019H1"
                                           : strcmp(p, "2019H1") == 0 ? "2018H2" : NULL) {
        assert_i64(pmindex_ledger_set_reason(l, "all"), 0);
        assert_i64(pmindex_ledger_revoke(l, period(p), 0), 0);
    }
    now = states(l, "A B C D");
    assert_string_equal(now, "A:0:0:0:0 B:0:0:0:0 C:0:0:0:0 D:0:0:0:0 ");
    free(now);
    apply(l, m, "2030H1", NULL, "D:R", 0); /* no period before: no gap */
    free(two);
    pmindex_ledger_free(l);
    pmindex_model_free(m);
}

/* ---- reviewing ------------------------------------------------------------------ */

static const char *const periods6[] = {"2018H1", "2018H2", "2019H1", "2019H2", "2020H1", "2020H2"};

/* E1 BBBBBR (levels 1 2 3 4 4 4), E2 RRGGRR, E3 GGGGGG. */
static void six_periods(pmindex_ledger *l, const pmindex_model *m, const char *e1)
{
    for (int p = 0; p < 6; p++) {
        char spec[64];
        snprintf(spec, sizeof spec, "E1:%c E2:%c E3:G", e1[p], "RRGGRR"[p]);
        apply(l, m, periods6[p], NULL, spec, 0);
    }
}

static void test_review(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    pmindex_ledger *l = open_at(path, PMINDEX_LEDGER_CREATE);
    six_periods(l, m, "BBBBBR");
    pmindex_compound *c;
    assert_i64(pmindex_compound_new(m, &c), 0);
    /* Refusals. */
    char *before = dump();
    assert_i64(pmindex_ledger_begin_review(l, m, period("2018H2"), 0), PMINDEX_E_INVALID);
    assert_msg(l, "needs a reason");
    assert_i64(pmindex_ledger_set_reason(l, "appeal 17"), 0);
    assert_i64(pmindex_ledger_begin_review(l, m, period("2021H1"), 0), PMINDEX_E_NOT_FOUND);
    pmindex_model *other = model_with_ladder("half", 4, 3, 4);
    assert_i64(pmindex_ledger_begin_review(l, other, period("2018H2"), 0), PMINDEX_E_STATE);
    assert_msg(l, "the model is not the one period 2018H2 was applied with");
    assert_i64(pmindex_ledger_begin_review(l, m, period("2018H2"), 0), 0);
    pmindex_compound *wrong;
    assert_i64(pmindex_compound_new(other, &wrong), 0);
    assert_i64(pmindex_ledger_review_add(l, wrong, NULL, 0), PMINDEX_E_INVALID);
    pmindex_compound_free(wrong);
    fill(c, "X9", 'R', NULL);
    assert_i64(pmindex_ledger_review_add(l, c, NULL, 0), PMINDEX_E_NOT_FOUND);
    assert_msg(l, "compound X9 was not assessed in period 2018H2");
    pmindex_ledger_rollback(l);
    assert_i64(pmindex_ledger_set_reason(l, "appeal 17"), 0);
    assert_i64(pmindex_ledger_begin_review(l, m, period("2018H2"), 0), 0);
    fill(c, "E1", 'G', NULL);
    const char *bad[] = {"B1", "Z7"};
    assert_i64(pmindex_ledger_review_add(l, c, bad, 2), PMINDEX_E_COLUMN);
    assert_msg(l, "\"Z7\" is not one");
    assert_i64(pmindex_ledger_review_add(l, c, bad, 1), PMINDEX_E_STATE); /* failed before */
    assert_i64(pmindex_ledger_commit(l), PMINDEX_E_STATE);
    assert_i64(pmindex_ledger_set_reason(l, "appeal 17"), 0);
    assert_i64(pmindex_ledger_begin_review(l, m, period("2018H2"), 0), 0);
    const char *wrong_period[] = {"period"};
    pmindex_compound_set_text(c, "period", "2019H1", 6);
    assert_i64(pmindex_ledger_review_add(l, c, wrong_period, 1), PMINDEX_E_RANGE);
    pmindex_ledger_rollback(l);
    assert_i64(pmindex_ledger_set_reason(l, "appeal 17"), 0);
    assert_i64(pmindex_ledger_begin_review(l, m, period("2018H2"), 0), 0);
    assert_i64(pmindex_ledger_commit(l), PMINDEX_E_STATE); /* no compound */
    assert_msg(l, "no compound was reviewed");
    char *after = dump();
    assert_string_equal(before, after);
    free(after);
    free(before);

    /* E1's black card of 2018H2 withdrawn: B items pass but B1 (96,
     * excellent; no red card under a sanction). By hand,
     * levels 1 2 3 4 4 4 become 1 1 2 3 4 4: 2018H2 has no card and counts
     * a clean period, each later black card lifts one level less until
     * 2020H1 reaches 4 again (from 3: a new level_before, the same state
     * after), and 2020H2 stands. */
    assert_i64(pmindex_ledger_set_reason(l, "appeal 17"), 0);
    assert_i64(pmindex_ledger_set_actor(l, "reviewer"), 0);
    assert_i64(pmindex_ledger_begin_review(l, m, period("2018H2"), 0), 0);
    fill(c, "E1", 'G', NULL);
    const char *cells[] = {"compound_id", "B1", "B2", "B3", "B5", "B9", "period"};
    assert_i64(pmindex_ledger_review_add(l, c, cells, 6), 0);
    assert_i64(pmindex_ledger_review_add(l, c, cells, 6), PMINDEX_E_DUPLICATE);
    pmindex_ledger_rollback(l);
    assert_i64(pmindex_ledger_set_reason(l, "appeal 17"), 0);
    assert_i64(pmindex_ledger_begin_review(l, m, period("2018H2"), 0), 0);
    pmindex_compound_set_text(c, "period", "2018H2", 6);
    assert_i64(pmindex_ledger_review_add(l, c, cells, 7), 0);
    /* While the review is being made, its revisions are the current rows
     * already, before its log entry is written. */
    static const uint32_t during_flags[] = {0, PMINDEX_LEDGER_ALL_REVISIONS};
    for (size_t k = 0; k < sizeof during_flags / sizeof *during_flags; k++) {
        uint32_t flags = during_flags[k];
        pmindex_ledger_rows *during;
        assert_i64(pmindex_ledger_rows_new(l, period("2019H1"), "E1", flags, &during), 0);
        if (flags) {
            assert_i64(pmindex_ledger_rows_next(during), 1);
            assert_i64(pmindex_ledger_rows_int(during, PMINDEX_ROW_REVISION), 1);
        }
        assert_i64(pmindex_ledger_rows_next(during), 1);
        assert_i64(pmindex_ledger_rows_int(during, PMINDEX_ROW_REVISION), 2);
        assert_i64(pmindex_ledger_rows_next(during), 0);
        pmindex_ledger_rows_free(during);
    }
    assert_i64(pmindex_ledger_commit(l), 0);
    static const struct {
        const char *period;
        int old_level, new_level, old_before, new_before;
        const char *old_card, *new_card;
    } want[] = {
        {"2018H2", 2, 1, 1, 1, "black", "none"},
        {"2019H1", 3, 2, 2, 1, "black", "black"},
        {"2019H2", 4, 3, 3, 2, "black", "black"},
        {"2020H1", 4, 4, 4, 3, "black", "black"},
    };
    pmindex_ledger_changes *ch;
    assert_i64(pmindex_ledger_changes_new(l, 0, &ch), 0);
    for (size_t k = 0; k < 4; k++) {
        assert_i64(pmindex_ledger_changes_next(ch), 1);
        const int32_t O = PMINDEX_CHANGE_OLD, N = PMINDEX_CHANGE_NEW;
        assert_string_equal(pmindex_ledger_changes_text(ch, N, PMINDEX_ROW_PERIOD_NAME),
                            want[k].period);
        assert_i64(pmindex_ledger_changes_int(ch, O, PMINDEX_ROW_LEVEL), want[k].old_level);
        assert_i64(pmindex_ledger_changes_int(ch, N, PMINDEX_ROW_LEVEL), want[k].new_level);
        assert_i64(pmindex_ledger_changes_int(ch, O, PMINDEX_ROW_LEVEL_BEFORE), want[k].old_before);
        assert_i64(pmindex_ledger_changes_int(ch, N, PMINDEX_ROW_LEVEL_BEFORE), want[k].new_before);
        assert_string_equal(pmindex_ledger_changes_text(ch, O, PMINDEX_ROW_CARD_KEY), want[k].old_card);
        assert_string_equal(pmindex_ledger_changes_text(ch, N, PMINDEX_ROW_CARD_KEY), want[k].new_card);
        assert_i64(pmindex_ledger_changes_int(ch, O, PMINDEX_ROW_REVISION), 1);
        assert_i64(pmindex_ledger_changes_int(ch, N, PMINDEX_ROW_REVISION), 2);
        assert_i64(pmindex_ledger_changes_int(ch, 3, PMINDEX_ROW_REVISION), 0);
    }
    char buf[2048];
    static const char csv[] = "E1,2020H1,2,83.00,83.00,pass,pass,black,black,4,4,legal_penalty,"
                              "legal_penalty\n";
    assert_i64(pmindex_ledger_change_record(ch, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               strlen(csv));
    assert_string_equal(buf, csv);
    assert_i64(pmindex_ledger_changes_next(ch), 0);
    assert_i64(pmindex_ledger_change_record(ch, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_STATE);
    pmindex_ledger_changes_free(ch);
    assert_i64(pmindex_ledger_change_header(PMINDEX_FORMAT_CSV, 0, buf, sizeof buf) > 0, 1);
    assert_string_equal(buf, "compound_id,period,revision,old_index,new_index,old_tier,new_tier,"
                             "old_card,new_card,old_level,new_level,old_measures,new_measures\n");
    /* The log: 1 compound, 3 verdicts changed (2020H1 only in its level before). */
    pmindex_ledger_log *g;
    assert_i64(pmindex_ledger_log_new(l, 0, pmindex_ledger_last_entry(l), 0, &g), 0);
    assert_i64(pmindex_ledger_log_next(g), 1);
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTION), "review");
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_PERIOD_NAME), "2018H2");
    assert_i64(pmindex_ledger_log_int(g, PMINDEX_LOG_COMPOUNDS), 1);
    assert_i64(pmindex_ledger_log_int(g, PMINDEX_LOG_CHANGED), 3);
    pmindex_ledger_log_free(g);
    /* The current rows are those of a fresh ledger of the corrected sheets. */
    pmindex_ledger_rows *r;
    char got[4096] = "", expect[4096] = "";
    assert_i64(pmindex_ledger_rows_new(l, 0, NULL, 0, &r), 0);
    while (pmindex_ledger_rows_next(r) == 1)
        pmindex_ledger_rows_record(r, PMINDEX_FORMAT_CSV, got + strlen(got),
                                   sizeof got - strlen(got));
    pmindex_ledger_rows_free(r);
    char *reviewed_states = states(l, "E1 E2 E3");
    pmindex_ledger_free(l);
    fresh(NULL);
    l = open_at(path, PMINDEX_LEDGER_CREATE);
    six_periods(l, m, "BgBBBR");
    assert_i64(pmindex_ledger_rows_new(l, 0, NULL, 0, &r), 0);
    while (pmindex_ledger_rows_next(r) == 1)
        pmindex_ledger_rows_record(r, PMINDEX_FORMAT_CSV, expect + strlen(expect),
                                   sizeof expect - strlen(expect));
    pmindex_ledger_rows_free(r);
    assert_string_equal(got, expect);
    char *fresh_states = states(l, "E1 E2 E3");
    assert_string_equal(reviewed_states, fresh_states);
    free(reviewed_states);
    free(fresh_states);
    pmindex_ledger_free(l);
    pmindex_model_free(other);
    pmindex_compound_free(c);
    pmindex_model_free(m);
}

/* ---- the log and the store ---------------------------------------------------------- */

static void test_log(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    pmindex_ledger *l = NULL;
    pmindex_error *e;
    assert_i64(pmindex_error_new(&e), 0);
    assert_i64(pmindex_ledger_create(path, "Li, \"clerk\"", "new district", &l, e), 0);
    pmindex_ledger_free(l);
    assert_i64(pmindex_ledger_create(path, NULL, NULL, &l, e), PMINDEX_E_STATE);
    assert_non_null(strstr(pmindex_error_message(e), "exists already"));
    char other[160];
    snprintf(other, sizeof other, "%s/other.db", dir);
    assert_i64(pmindex_ledger_create(other, "bad\nname", NULL, &l, e), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_create(other, NULL, "\x01", &l, e), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_create(NULL, NULL, NULL, &l, e), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_create(other, NULL, NULL, NULL, e), PMINDEX_E_INVALID);
    unlink(other);
    pmindex_error_free(e);
    l = open_at(path, 0);
    /* Actor and reason checks. */
    assert_i64(pmindex_ledger_set_actor(l, ""), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_set_actor(l, "a\tb"), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_set_actor(l, "\xff"), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_set_reason(l, "line 1\nline 2\twith a tab"), 0);
    assert_i64(pmindex_ledger_set_reason(l, "bell\a"), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_set_reason(l, NULL), 0);
    uint8_t sha[32];
    for (int i = 0; i < 32; i++)
        sha[i] = (uint8_t)(i * 17);
    assert_i64(pmindex_ledger_add_input(l, "bad\nname", sha), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_add_input(l, "a,b.csv", sha), 0);
    assert_i64(pmindex_ledger_add_input(l, "c.csv", sha), 0);
    assert_i64(pmindex_ledger_set_reason(l, "first period"), 0);
    apply(l, m, "2018H2", NULL, "A:R", 0); /* the default actor: the login name */
    /* The reason and the inputs were the apply's: the next change has none. */
    apply(l, m, "2019H1", NULL, "A:R", 0);
    pmindex_ledger_log *g;
    assert_i64(pmindex_ledger_log_new(l, 0, 0, 0, &g), 0);
    assert_i64(pmindex_ledger_log_next(g), 1);
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTION), "init");
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTOR), "Li, \"clerk\"");
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_REASON), "new district");
    char buf[1024];
    assert_i64(pmindex_ledger_log_record(g, PMINDEX_FORMAT_CSV, 1, buf, sizeof buf),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_log_next(g), 1);
    char login[256] = "";
    if (getlogin_r(login, sizeof login) != 0 || !login[0])
        login[0] = '\0';
    if (login[0])
        assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTOR), login);
    else
        assert_true(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTOR)[0] != '\0');
    assert_i64(pmindex_ledger_log_int(g, PMINDEX_LOG_INPUT_COUNT), 2);
    assert_string_equal(pmindex_ledger_log_input(g, 0, PMINDEX_LOG_INPUT_NAME), "a,b.csv");
    assert_string_equal(pmindex_ledger_log_input(g, 1, PMINDEX_LOG_INPUT_SHA256),
                        "00112233445566778899aabbccddeeff" "102132435465768798a9bacbdcedfe0f");
    assert_string_equal(pmindex_ledger_log_input(g, 2, PMINDEX_LOG_INPUT_NAME), "");
    assert_i64(pmindex_ledger_log_int(g, PMINDEX_LOG_PERIOD), period("2018H2"));
    assert_i64(pmindex_ledger_log_int(g, 99), 0);
    assert_string_equal(pmindex_ledger_log_text(g, 99), "");
    int64_t n = pmindex_ledger_log_record(g, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    /* ...,2018H2,1,1,<model>,first period,,"<sha>  a,b.csv;<sha>  c.csv" */
    assert_non_null(strstr(buf, ",apply,2018H2,1,1,"));
    assert_non_null(strstr(buf, ",first period,,\"00112233445566778899aabbccddeeff102132435465768798"
                                "a9bacbdcedfe0f  a,b.csv;00112233"));
    n = pmindex_ledger_log_record(g, PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    assert_non_null(strstr(buf, "\"inputs\":[{\"name\":\"a,b.csv\",\"sha256\":\"0011"));
    assert_i64(pmindex_ledger_log_next(g), 1);
    assert_string_equal(pmindex_ledger_log_text(g, PMINDEX_LOG_REASON), "");
    assert_i64(pmindex_ledger_log_int(g, PMINDEX_LOG_INPUT_COUNT), 0);
    assert_i64(pmindex_ledger_log_next(g), 0);
    assert_i64(pmindex_ledger_log_record(g, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf),
               PMINDEX_E_STATE);
    pmindex_ledger_log_free(g);
    assert_i64(pmindex_ledger_log_header(PMINDEX_FORMAT_CSV, 0, buf, sizeof buf) > 0, 1);
    assert_string_equal(buf, "entry,at,actor,action,period,compounds,changed,model,reason,detail,"
                             "inputs\n");
    assert_i64(pmindex_ledger_log_header(PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf), 0);
    assert_i64(pmindex_ledger_log_new(l, 0, -1, 0, &g), PMINDEX_E_INVALID);
    assert_null(g);
    /* The store refuses to forget or rewrite. */
    static const char *const forbidden[] = {
        "UPDATE log SET reason = 'x'",         "DELETE FROM log",
        "DELETE FROM log_inputs",              "UPDATE assessments SET level = 0",
        "DELETE FROM assessments",             "UPDATE measures SET key = 'x'",
        "DELETE FROM periods",                 "UPDATE periods SET code = 10201901",
    };
    pmindex_ledger_free(l);
    char *before = dump();
    for (size_t k = 0; k < sizeof forbidden / sizeof *forbidden; k++)
        if (exec_at(path, forbidden[k]) == SQLITE_OK)
            fail_msg("the store took \"%s\"", forbidden[k]);
    char *after = dump();
    assert_string_equal(before, after);
    free(after);
    free(before);
    /* The one update a revocation makes, once. */
    assert_i64(exec_at(path, "UPDATE periods SET revoked = 9 WHERE seq = 1"), SQLITE_OK);
    assert_true(exec_at(path, "UPDATE periods SET revoked = NULL WHERE seq = 1") != SQLITE_OK);
    pmindex_model_free(m);
}

static void test_step_down_and_observations(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    pmindex_ledger *l = open_at(path, PMINDEX_LEDGER_CREATE);
    apply(l, m, "2018H2", NULL, "A:B B:R C:L", 0);
    apply(l, m, "2019H1", NULL, "A:G B:R C:G", 0);
    int32_t p = 0, level = 0;
    /* A at level 1, 1 clean period of 2: down to 0 in the next period. */
    assert_i64(pmindex_ledger_step_down(l, "A", &p, &level), 1);
    assert_i64(p, period("2019H2"));
    assert_i64(level, 0);
    /* C at 4 after a clean period; B has no sanction; X is unknown. */
    assert_i64(pmindex_ledger_step_down(l, "C", &p, &level), 1);
    assert_i64(p, period("2019H2"));
    assert_i64(level, 3);
    assert_i64(pmindex_ledger_step_down(l, "B", &p, NULL), 0);
    assert_i64(pmindex_ledger_step_down(l, "X", NULL, NULL), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_ledger_step_down(NULL, "X", NULL, NULL), PMINDEX_E_INVALID);
    apply(l, m, "2019H2", NULL, "B:B", 0); /* A absent: it waits, from the ledger's last period */
    assert_i64(pmindex_ledger_step_down(l, "A", &p, &level), 1);
    assert_i64(p, period("2020H1"));
    /* What was observed, as it was added. */
    pmindex_compound *c, *want;
    assert_i64(pmindex_compound_new(m, &c), 0);
    assert_i64(pmindex_compound_new(m, &want), 0);
    fill(want, "C", 'L', "2018H2");
    pmindex_ledger_rows *r;
    assert_i64(pmindex_ledger_rows_observations(NULL, c), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_rows_new(l, period("2018H2"), "C", 0, &r), 0);
    assert_i64(pmindex_ledger_rows_observations(r, c), PMINDEX_E_STATE);
    assert_i64(pmindex_ledger_rows_next(r), 1);
    assert_i64(pmindex_ledger_rows_observations(r, c), 1);
    for (int32_t i = 0; i < pmindex_model_item_count(m); i++) {
        int64_t a = -1, b = -1;
        assert_i64(pmindex_compound_value(c, i, &a), pmindex_compound_value(want, i, &b));
        assert_i64(a, b);
    }
    for (int32_t v = 0; v < pmindex_model_veto_count(m); v++)
        assert_i64(pmindex_compound_veto(c, v), pmindex_compound_veto(want, v));
    assert_i64(pmindex_compound_households(c), 100);
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_NAME), "N-C");
    assert_string_equal(pmindex_compound_field(c, PMINDEX_FIELD_PERIOD), "2018H2");
    /* A compound of a model with other items does not fit. */
    pmindex_model *q;
    assert_i64(pmindex_model_load_ini("models/quarterly-demo.ini", &q, NULL), 0);
    pmindex_compound *qc;
    assert_i64(pmindex_compound_new(q, &qc), 0);
    assert_i64(pmindex_ledger_rows_observations(r, qc), PMINDEX_E_STORE);
    pmindex_compound_free(qc);
    pmindex_model_free(q);
    pmindex_ledger_rows_free(r);
    pmindex_compound_free(c);
    pmindex_compound_free(want);
    pmindex_ledger_free(l);
    pmindex_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_upgrade_1_1, fresh),
        cmocka_unit_test_setup(test_upgrade_refused, fresh),
        cmocka_unit_test_setup(test_period_from_rows, fresh),
        cmocka_unit_test_setup(test_dry_run, fresh),
        cmocka_unit_test_setup(test_revoke, fresh),
        cmocka_unit_test_setup(test_review, fresh),
        cmocka_unit_test_setup(test_log, fresh),
        cmocka_unit_test_setup(test_step_down_and_observations, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
