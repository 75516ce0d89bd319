/* The ledger store: applying periods, refusals that leave the ledger as it
 * was, new and missing compounds, changes of model, locks, queries, and a
 * scenario of 6 periods whose levels, cards and measures are worked out by
 * hand. */
#include <sqlite3.h>

#include "ledger-files.h"
#include "ladder-models.h"

/* Cells of the compounds of the tests, by profile. */
static const char *profile(char p)
{
    switch (p) {
    case 'R': return "";                               /* excellent: red if no sanction */
    case 'G': return "B1=0|C3=0|D2=0";                 /* good (89): no card */
    case 'B': return "B1=0|B2=0.8|B3=0|B5=0|B9=0";     /* B's share below 50%: black */
    case 'L': return "V1=1";                           /* fire accident: legal violation */
    case 'M': return "V2=1";                           /* media exposure: black, not legal */
    case 'U': return "managed=0|V1=1";                 /* no company: black, never sanctioned */
    case 'V': return "managed=0";                      /* no company, excellent */
    case 'F': return "C1=NA|C2=NA|C3=NA|C4=NA|C5=NA|C6=NA|C7=NA|C8=NA|C9=NA|C10=NA|"
                     "D1=NA|D2=NA|D3=NA|D4=NA|D5=NA|D6=NA"; /* fallback */
    }
    fail_msg("no profile %c", p);
    return NULL;
}

static void add(pmindex_ledger *l, pmindex_compound *c, const char *id, char p, int expect)
{
    pmindex_compound_clear(c);
    set_all_full(c);
    char cells[512];
    snprintf(cells, sizeof cells, "compound_id=%s|street=S-%c", id, id[strlen(id) - 1] % 2 ? 'a' : 'b');
    set_cells(c, cells);
    if (*profile(p))
        set_cells(c, profile(p));
    int rc = pmindex_ledger_add(l, c);
    if (rc != expect)
        fail_msg("add %s: %d, expected %d: %s", id, rc, expect,
                 pmindex_error_message(pmindex_ledger_error(l)));
}

/* Applies a period: "ID:P ID:P ..." with profiles. */
static void apply(pmindex_ledger *l, const pmindex_model *m, const char *per, const char *spec)
{
    pmindex_compound *c;
    assert_i64(pmindex_compound_new(m, &c), 0);
    int rc = pmindex_ledger_begin(l, m, period(per), 0);
    if (rc != 0)
        fail_msg("begin %s: %s", per, pmindex_error_message(pmindex_ledger_error(l)));
    char buf[1024];
    strcpy(buf, spec);
    for (char *save = NULL, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        char *colon = strchr(t, ':');
        *colon = '\0';
        add(l, c, t, colon[1], 0);
    }
    rc = pmindex_ledger_commit(l);
    if (rc != 0)
        fail_msg("commit %s: %s", per, pmindex_error_message(pmindex_ledger_error(l)));
    pmindex_compound_free(c);
}

/* Every row of every table, as text: two ledgers that dump alike hold the same. */
static char *dump(void)
{
    sqlite3 *db;
    assert_i64(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    static const char *const tables[] = {"ledger", "models", "periods", "compounds",
                                         "assessments", "measures"};
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", tables[t]);
        sqlite3_stmt *st;
        assert_i64(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const char *v = (const char *)sqlite3_column_text(st, i);
                size_t n = (v ? strlen(v) : 4) + 2;
                if (len + n + 1 > cap)
                    out = realloc(out, cap = 2 * (cap + n));
                len += (size_t)sprintf(out + len, "%s|", v ? v : "NULL");
            }
            out[len++] = '\n';
            out[len] = '\0';
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

static void test_open_errors(void **state)
{
    (void)state;
    pmindex_ledger *l = (pmindex_ledger *)1;
    pmindex_error *e;
    assert_i64(pmindex_error_new(&e), 0);
    /* No file and no CREATE. */
    assert_i64(pmindex_ledger_open(path, 0, &l, e), PMINDEX_E_IO);
    assert_null(l);
    assert_non_null(strstr(pmindex_error_message(e), "No such file"));
    assert_string_equal(pmindex_error_file(e), path);
    assert_int_equal(access(path, F_OK), -1);
    /* Not a database. */
    FILE *fp = fopen(path, "w");
    fputs("compound_id,A1\nX,1\n", fp);
    fclose(fp);
    assert_i64(pmindex_ledger_open(path, 0, &l, e), PMINDEX_E_STORE);
    assert_non_null(strstr(pmindex_error_message(e), "is not a pmindex ledger"));
    assert_i64(pmindex_ledger_open(path, PMINDEX_LEDGER_CREATE, &l, e), PMINDEX_E_STORE);
    unlink(path);
    /* An empty file is a ledger only when asked to make one. */
    fp = fopen(path, "w");
    fclose(fp);
    assert_i64(pmindex_ledger_open(path, 0, &l, e), PMINDEX_E_STORE);
    assert_i64(pmindex_ledger_open(path, PMINDEX_LEDGER_CREATE, &l, e), 0);
    pmindex_ledger_free(l);
    unlink(path);
    /* A database of something else. */
    sqlite3 *db;
    assert_i64(sqlite3_open(path, &db), SQLITE_OK);
    assert_i64(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_i64(pmindex_ledger_open(path, PMINDEX_LEDGER_CREATE, &l, e), PMINDEX_E_STORE);
    assert_non_null(strstr(pmindex_error_message(e), "is not a pmindex ledger"));
    unlink(path);
    /* Bad arguments. */
    assert_i64(pmindex_ledger_open(path, PMINDEX_LEDGER_CREATE | PMINDEX_LEDGER_READONLY, &l, e),
               PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_open(path, 64, &l, e), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_open(NULL, 0, &l, e), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_open(path, 0, NULL, e), PMINDEX_E_INVALID);
    /* Read-only on a missing file: not made. */
    assert_i64(pmindex_ledger_open(path, PMINDEX_LEDGER_READONLY, &l, NULL), PMINDEX_E_IO);
    assert_int_equal(access(path, F_OK), -1);
    pmindex_error_free(e);
    pmindex_ledger_free(NULL);
    pmindex_ledger_rollback(NULL);
}

static void test_apply_and_query(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    pmindex_ledger *l = open_ledger(PMINDEX_LEDGER_CREATE);
    assert_i64(pmindex_ledger_period_count(l), 0);
    apply(l, m, "2018H1", "C1:R C2:G C3:B C4:L");
    assert_i64(pmindex_ledger_period_count(l), 1);
    assert_i64(pmindex_ledger_period(l, 0), period("2018H1"));
    assert_i64(pmindex_ledger_period(l, 1), PMINDEX_E_NOT_FOUND);
    assert_i64(pmindex_ledger_period(l, -1), PMINDEX_E_NOT_FOUND);
    pmindex_ladder_state s;
    assert_i64(pmindex_ledger_state(l, "C3", &s), 1);
    assert_i64(s.level, 1);
    assert_i64(s.period, period("2018H1"));
    assert_i64(pmindex_ledger_state(l, "C4", &s), 1);
    assert_i64(s.level, 4);
    assert_i64(pmindex_ledger_state(l, "nobody", &s), 0);
    assert_i64(s.level, 0);
    /* The model is kept in canonical form. */
    int64_t n = pmindex_model_write_ini(m, NULL, 0);
    char *want = malloc((size_t)n + 1), *got = malloc((size_t)n + 1);
    pmindex_model_write_ini(m, want, (size_t)n + 1);
    assert_i64(pmindex_ledger_period_model(l, period("2018H1"), got, (size_t)n + 1), n);
    assert_string_equal(got, want);
    assert_i64(pmindex_ledger_period_model(l, period("2018H2"), got, (size_t)n + 1),
               PMINDEX_E_NOT_FOUND);
    free(want);
    free(got);

    /* Rows in order, their columns and records. */
    pmindex_ledger_rows *r;
    assert_i64(pmindex_ledger_rows_new(l, 0, NULL, 0, &r), 0);
    assert_i64(pmindex_ledger_rows_record(r, PMINDEX_FORMAT_CSV, NULL, 0), PMINDEX_E_STATE);
    static const char *const csv[] = {
        "C1,2018H1,,S-a,100.00,excellent,red,0,praise,red\n",
        "C2,2018H1,,S-b,89.00,good,none,0,,\n",
        "C3,2018H1,,S-a,83.00,pass,black,1,black_card,downgrade:B;black:share:B\n",
        "C4,2018H1,,S-b,100.00,fail,black,4,legal_penalty,veto:V1;black:veto\n",
    };
    char buf[2048];
    for (size_t i = 0; i < 4; i++) {
        assert_i64(pmindex_ledger_rows_next(r), 1);
        assert_i64(pmindex_ledger_rows_record(r, PMINDEX_FORMAT_CSV, buf, sizeof buf),
                   strlen(csv[i]));
        assert_string_equal(buf, csv[i]);
    }
    assert_i64(pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL_BEFORE), 0);
    assert_i64(pmindex_ledger_rows_int(r, PMINDEX_ROW_MEASURE), 4);
    assert_i64(pmindex_ledger_rows_int(r, PMINDEX_ROW_EVENTS),
               PMINDEX_LADDER_BLACK | PMINDEX_LADDER_LEGAL);
    assert_i64(pmindex_ledger_rows_int(r, PMINDEX_ROW_COVERAGE), 10000);
    assert_i64(pmindex_ledger_rows_int(r, PMINDEX_ROW_PERIOD), period("2018H1"));
    assert_i64(pmindex_ledger_rows_int(r, 99), 0);
    assert_string_equal(pmindex_ledger_rows_text(r, PMINDEX_ROW_MEASURE_EN),
                        "legal penalty: referral, credit blacklist, tender restrictions");
    assert_string_equal(pmindex_ledger_rows_text(r, PMINDEX_ROW_MEASURE_ZH),
                        "依法处罚：移送查处，列入信用黑名单，限制参与招投标");
    assert_string_equal(pmindex_ledger_rows_text(r, PMINDEX_ROW_INDICATORS),
                        "A=15.00;B=30.00;C=35.00;D=20.00");
    assert_non_null(strstr(pmindex_ledger_rows_text(r, PMINDEX_ROW_ITEMS), "A1=3.00;A2=3.00;"));
    assert_string_equal(pmindex_ledger_rows_text(r, 99), "");
    int64_t len = pmindex_ledger_rows_record(r, PMINDEX_FORMAT_JSONL, buf, sizeof buf);
    assert_true(len > 0 && len < (int64_t)sizeof buf);
    assert_non_null(strstr(buf, "{\"compound_id\":\"C4\",\"period\":\"2018H1\",\"name\":\"\","
                                "\"street\":\"S-b\",\"index\":100.00,\"coverage\":100.00,"));
    assert_non_null(strstr(buf, "\"card\":\"black\",\"measure\":\"legal_penalty\""));
    assert_non_null(strstr(buf, "\"level_before\":0,\"level\":4,\"clean\":0,\"events\":5,"
                                "\"measure_level\":4}\n"));
    assert_i64(pmindex_ledger_rows_record(r, 7, buf, sizeof buf), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_rows_next(r), 0);
    assert_string_equal(pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID), "");
    pmindex_ledger_rows_free(r);
    /* Decisions by street: the cards and measures only. */
    assert_i64(pmindex_ledger_rows_new(l, period("2018H1"), NULL,
                                       PMINDEX_LEDGER_BY_STREET | PMINDEX_LEDGER_DECISIONS, &r), 0);
    static const char *const order[] = {"C1", "C3", "C4"};
    for (size_t i = 0; i < 3; i++) {
        assert_i64(pmindex_ledger_rows_next(r), 1);
        assert_string_equal(pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID), order[i]);
    }
    assert_i64(pmindex_ledger_rows_next(r), 0);
    pmindex_ledger_rows_free(r);
    assert_i64(pmindex_ledger_rows_new(l, 0, NULL, 16, &r), PMINDEX_E_INVALID);
    assert_null(r);
    assert_i64(pmindex_ledger_csv_header(buf, sizeof buf), 70);
    assert_string_equal(buf, "compound_id,period,name,street,index,tier,card,level,measures,reasons\n");
    pmindex_ledger_free(l);
    pmindex_model_free(m);
}

static void expect_refusal(pmindex_ledger *l, const pmindex_model *m, const char *per,
                           uint32_t flags, int code, const char *message)
{
    char *before = dump();
    int rc = pmindex_ledger_begin(l, m, period(per), flags);
    if (rc != code)
        fail_msg("begin %s: %d, expected %d (%s)", per, rc, code,
                 pmindex_error_message(pmindex_ledger_error(l)));
    const char *msg = pmindex_error_message(pmindex_ledger_error(l));
    if (!strstr(msg, message))
        fail_msg("begin %s says \"%s\", not \"%s\"", per, msg, message);
    char *after = dump();
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* Nothing is begun: adding is refused. */
    pmindex_compound *c;
    assert_i64(pmindex_compound_new(m, &c), 0);
    assert_i64(pmindex_ledger_add(l, c), PMINDEX_E_STATE);
    assert_i64(pmindex_ledger_commit(l), PMINDEX_E_STATE);
    pmindex_compound_free(c);
}

static void test_refusals(void **state)
{
    (void)state;
    pmindex_model *m, *changed, *quarterly;
    assert_i64(pmindex_model_default(&m), 0);
    changed = model_with_ladder("half", 4, 3, 4);
    quarterly = model_with_ladder("quarter", 4, 2, 4);
    pmindex_ledger *l = open_ledger(PMINDEX_LEDGER_CREATE);
    apply(l, m, "2018H2", "C1:R C2:B");
    expect_refusal(l, m, "2018H2", 0, PMINDEX_E_STATE, "period 2018H2 was applied already");
    expect_refusal(l, m, "2018H1", 0, PMINDEX_E_STATE,
                   "period 2018H1 comes before 2018H2, the last period applied");
    expect_refusal(l, quarterly, "2019Q1", 0, PMINDEX_E_STATE,
                   "period 2019Q1 is of another kind than the ledger's periods (half-years");
    expect_refusal(l, m, "2019Q1", 0, PMINDEX_E_STATE, "is not of the model's kind (half-years)");
    expect_refusal(l, changed, "2019H1", 0, PMINDEX_E_STATE,
                   "the model differs from the one period 2018H2 was applied with");
    /* A period begun and rolled back, or failed, leaves no trace. */
    char *before = dump();
    pmindex_compound *c;
    assert_i64(pmindex_compound_new(m, &c), 0);
    assert_i64(pmindex_ledger_begin(l, m, period("2019H1"), 0), 0);
    assert_i64(pmindex_ledger_begin(l, m, period("2019H1"), 0), PMINDEX_E_STATE);
    add(l, c, "C1", 'B', 0);
    add(l, c, "C3", 'B', 0);
    pmindex_ledger_rollback(l);
    assert_i64(pmindex_ledger_begin(l, m, period("2019H1"), 0), 0);
    add(l, c, "C1", 'B', 0);
    add(l, c, "C1", 'G', PMINDEX_E_DUPLICATE);
    assert_non_null(strstr(pmindex_error_message(pmindex_ledger_error(l)),
                           "compound C1 is given twice for period 2019H1"));
    add(l, c, "C2", 'G', PMINDEX_E_STATE); /* after a failure: only a rollback */
    assert_i64(pmindex_ledger_commit(l), PMINDEX_E_STATE);
    assert_non_null(strstr(pmindex_error_message(pmindex_ledger_error(l)), "rolled back"));
    /* A row of another period, a row without id. */
    assert_i64(pmindex_ledger_begin(l, m, period("2019H1"), 0), 0);
    pmindex_compound_clear(c);
    set_all_full(c);
    set_cells(c, "period=2018H2");
    assert_i64(pmindex_ledger_add(l, c), PMINDEX_E_RANGE);
    assert_non_null(strstr(pmindex_error_message(pmindex_ledger_error(l)),
                           "is a row of period \"2018H2\", not of 2019H1"));
    pmindex_ledger_rollback(l);
    assert_i64(pmindex_ledger_begin(l, m, period("2019H1"), 0), 0);
    pmindex_compound_clear(c);
    assert_i64(pmindex_ledger_add(l, c), PMINDEX_E_RANGE);
    pmindex_ledger_rollback(l);
    /* A compound of another model. */
    assert_i64(pmindex_ledger_begin(l, m, period("2019H1"), 0), 0);
    pmindex_compound *other;
    assert_i64(pmindex_compound_new(changed, &other), 0);
    assert_i64(pmindex_ledger_add(l, other), PMINDEX_E_INVALID);
    pmindex_compound_free(other);
    /* Closing with a period begun rolls it back. */
    add(l, c, "C9", 'R', 0);
    pmindex_ledger_free(l);
    char *after = dump();
    assert_string_equal(before, after);
    free(before);
    free(after);

    /* The change of model, allowed: the new ladder applies (3 clean periods). */
    l = open_ledger(0);
    assert_i64(pmindex_ledger_begin(l, changed, period("2019H1"), PMINDEX_LEDGER_ALLOW_MODEL_CHANGE), 0);
    add(l, c, "C2", 'G', PMINDEX_E_INVALID); /* c is of the default model */
    pmindex_ledger_rollback(l);
    pmindex_compound_free(c);
    apply(l, m, "2019H1", "C2:G");       /* same model: clean 1 */
    assert_i64(pmindex_ledger_begin(l, changed, period("2019H2"), PMINDEX_LEDGER_ALLOW_MODEL_CHANGE), 0);
    assert_i64(pmindex_compound_new(changed, &c), 0);
    add(l, c, "C2", 'G', 0);
    assert_i64(pmindex_ledger_commit(l), 0);
    pmindex_ladder_state s;
    assert_i64(pmindex_ledger_state(l, "C2", &s), 1);
    assert_i64(s.level, 1); /* 2 clean periods do not drop a level under the new model */
    assert_i64(s.clean, 2);
    /* ... and the next period needs the new model, or the flag again. */
    expect_refusal(l, m, "2020H1", 0, PMINDEX_E_STATE, "the model differs");
    pmindex_compound_free(c);
    /* Read-only. */
    pmindex_ledger *ro = open_ledger(PMINDEX_LEDGER_READONLY);
    assert_i64(pmindex_ledger_begin(ro, changed, period("2020H1"), 0), PMINDEX_E_STATE);
    assert_non_null(strstr(pmindex_error_message(pmindex_ledger_error(ro)), "read-only"));
    assert_i64(pmindex_ledger_period_count(ro), 3);
    pmindex_ledger_free(ro);
    assert_i64(pmindex_ledger_begin(l, m, 12345, 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_begin(l, NULL, period("2020H1"), 0), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_begin(l, m, period("2020H1"), 2), PMINDEX_E_INVALID);
    pmindex_ledger_free(l);
    pmindex_model_free(quarterly);
    pmindex_model_free(changed);
    pmindex_model_free(m);
}

/* The legal bases of items and vetoes decide no verdict: a model that only
 * adds them (as 1.2's default model added them to 1.1's) is no change of
 * model, while one that changes how a compound scores still is. */
static void test_legal_basis_is_no_change(void **state)
{
    (void)state;
    pmindex_model *with, *without, *rescored;
    assert_i64(pmindex_model_default(&with), 0);
    int64_t n = pmindex_model_write_ini(with, NULL, 0);
    char *ini = malloc((size_t)n + 1), *plain = malloc((size_t)n + 1);
    pmindex_model_write_ini(with, ini, (size_t)n + 1);
    /* The same text without its basis_zh and basis_en lines. */
    size_t len = 0;
    for (const char *line = ini; *line;) {
        const char *end = strchr(line, '\n');
        size_t k = end ? (size_t)(end - line) + 1 : strlen(line);
        if (strncmp(line, "basis_", 6) != 0) {
            memcpy(plain + len, line, k);
            len += k;
        }
        line += k;
    }
    assert_true(len < (size_t)n);
    assert_i64(pmindex_model_load_ini_memory(plain, len, "plain.ini", &without, NULL), 0);
    char *moved = strstr(plain, "threshold = 80");
    assert_non_null(moved);
    memcpy(moved, "threshold = 81", 14);
    assert_i64(pmindex_model_load_ini_memory(plain, len, "moved.ini", &rescored, NULL), 0);
    pmindex_ledger *l = open_ledger(PMINDEX_LEDGER_CREATE);
    apply(l, without, "2018H2", "K1:R K2:G");
    apply(l, with, "2019H1", "K1:R K2:B");   /* no flag needed */
    apply(l, without, "2019H2", "K1:G");     /* nor back */
    expect_refusal(l, rescored, "2020H1", 0, PMINDEX_E_STATE, "the model differs");
    pmindex_ledger_free(l);
    pmindex_model_free(rescored);
    pmindex_model_free(without);
    pmindex_model_free(with);
    free(plain);
    free(ini);
}

/* A second writer waits for the busy timeout, then fails; readers see the
 * last committed period meanwhile and are never blocked. */
static void test_busy(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    pmindex_ledger *a = open_ledger(PMINDEX_LEDGER_CREATE), *b = open_ledger(0);
    pmindex_ledger *reader = open_ledger(PMINDEX_LEDGER_READONLY);
    apply(a, m, "2018H1", "C1:B");
    assert_i64(pmindex_ledger_set_busy_timeout(b, 50), 0);
    assert_i64(pmindex_ledger_set_busy_timeout(b, -1), PMINDEX_E_INVALID);
    assert_i64(pmindex_ledger_begin(a, m, period("2018H2"), 0), 0);
    pmindex_compound *c;
    assert_i64(pmindex_compound_new(m, &c), 0);
    add(a, c, "C1", 'B', 0);
    add(a, c, "C2", 'R', 0);
    assert_i64(pmindex_ledger_begin(b, m, period("2019H1"), 0), PMINDEX_E_BUSY);
    assert_non_null(strstr(pmindex_error_message(pmindex_ledger_error(b)),
                           "is locked by another writer (waited 50 ms)"));
    /* The reader sees 2018H1 only, without waiting. */
    pmindex_ledger_rows *r;
    assert_i64(pmindex_ledger_rows_new(reader, 0, NULL, 0, &r), 0);
    int n = 0;
    while (pmindex_ledger_rows_next(r) == 1)
        n++;
    pmindex_ledger_rows_free(r);
    assert_i64(n, 1);
    assert_i64(pmindex_ledger_period_count(reader), 1);
    assert_i64(pmindex_ledger_commit(a), 0);
    assert_i64(pmindex_ledger_period_count(reader), 2);
    /* Now the second writer may go on, from the state the first left. */
    assert_i64(pmindex_ledger_begin(b, m, period("2019H1"), 0), 0);
    add(b, c, "C1", 'B', 0);
    assert_i64(pmindex_ledger_commit(b), 0);
    pmindex_ladder_state s;
    assert_i64(pmindex_ledger_state(reader, "C1", &s), 1);
    assert_i64(s.level, 3);
    pmindex_compound_free(c);
    pmindex_ledger_free(reader);
    pmindex_ledger_free(b);
    pmindex_ledger_free(a);
    pmindex_model_free(m);
}

/* The scenario: 6 half-years, 6 compounds. Each line is a compound, each
 * column a period: the profile of its sheet row ('-' absent), then the
 * level after the period, the card and the measure, worked out by hand
 * from the spec's ladder (4 levels, 2 clean periods, V1 legal). */
struct expect {
    const char *id;
    const char profile[7];
    int level[6];
    const char *card[6];
    const char *measure[6];
};

static const char *const periods6[] = {"2018H1", "2018H2", "2019H1", "2019H2", "2020H1", "2020H2"};

static const struct expect scenario[] = {
    /* One step up per black card, up to 4; a red tier at 4 is refused. */
    {"E1", "BBBBBR", {1, 2, 3, 4, 4, 4},
     {"black", "black", "black", "black", "black", "none"},
     {"black_card", "interview", "replace_manager", "legal_penalty", "legal_penalty", ""}},
    /* Red refused at level 1; 2 clean periods drop to 0 and the red card
     * comes with praise; black again; a first clean period counts. */
    {"E2", "BRRRBG", {1, 1, 0, 0, 1, 1},
     {"black", "none", "red", "red", "black", "none"},
     {"black_card", "", "praise", "praise", "black_card", ""}},
    /* The legal-violation veto: level 4 at once; 2 clean periods per step down. */
    {"E3", "GLGGGG", {0, 4, 4, 3, 3, 2},
     {"none", "black", "none", "none", "none", "none"},
     {"", "legal_penalty", "", "", "", ""}},
    /* Missing periods keep the state: neither clean nor black. */
    {"E4", "B--GGR", {1, 1, 1, 1, 0, 0},
     {"black", "", "", "none", "none", "red"},
     {"black_card", "", "", "", "", "praise"}},
    /* New in the 4th period: starts at 0. A veto that is not legal is one
     * black card; then a legal one. */
    {"E5", "---BML", {0, 0, 0, 1, 2, 4},
     {"", "", "", "black", "black", "black"},
     {"", "", "", "black_card", "interview", "legal_penalty"}},
    /* No property company: its cards are shown, its ladder never moves; a
     * fallback period keeps the state as well. */
    {"E6", "UUVFUV", {0, 0, 0, 0, 0, 0},
     {"black", "black", "red", "none", "black", "red"},
     {"", "", "", "", "", ""}},
};

static void test_scenario(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    pmindex_ledger *l = open_ledger(PMINDEX_LEDGER_CREATE);
    for (int p = 0; p < 6; p++) {
        char spec[256] = "";
        for (size_t i = 0; i < sizeof scenario / sizeof *scenario; i++) {
            char prof = scenario[i].profile[p];
            if (prof != '-')
                snprintf(spec + strlen(spec), sizeof spec - strlen(spec), "%s%s:%c",
                         *spec ? " " : "", scenario[i].id, prof);
        }
        apply(l, m, periods6[p], spec);
    }
    for (size_t i = 0; i < sizeof scenario / sizeof *scenario; i++) {
        const struct expect *e = &scenario[i];
        pmindex_ledger_rows *r;
        assert_i64(pmindex_ledger_rows_new(l, 0, e->id, 0, &r), 0);
        for (int p = 0; p < 6; p++) {
            if (e->profile[p] == '-')
                continue;
            assert_i64(pmindex_ledger_rows_next(r), 1);
            const char *got_period = pmindex_ledger_rows_text(r, PMINDEX_ROW_PERIOD_NAME);
            const char *card = pmindex_ledger_rows_text(r, PMINDEX_ROW_CARD_KEY);
            const char *measure = pmindex_ledger_rows_text(r, PMINDEX_ROW_MEASURE_KEY);
            int64_t level = pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL);
            if (strcmp(got_period, periods6[p]) || level != e->level[p] ||
                strcmp(card, e->card[p]) || strcmp(measure, e->measure[p]))
                fail_msg("%s %s: period %s level %lld card %s measure \"%s\"; expected level %d "
                         "card %s measure \"%s\"", e->id, periods6[p], got_period,
                         (long long)level, card, measure, e->level[p], e->card[p], e->measure[p]);
        }
        assert_i64(pmindex_ledger_rows_next(r), 0);
        pmindex_ledger_rows_free(r);
        pmindex_ladder_state s;
        assert_i64(pmindex_ledger_state(l, e->id, &s), 1);
        assert_i64_msg(s.level, e->level[5]);
    }
    /* E4 was last assessed in 2020H2; its state after the gap is kept. */
    pmindex_ladder_state s;
    assert_i64(pmindex_ledger_state(l, "E4", &s), 1);
    assert_i64(s.period, period("2020H2"));
    /* An older period after all that: refused. */
    expect_refusal(l, m, "2017H2", 0, PMINDEX_E_STATE, "comes before 2020H2");
    expect_refusal(l, m, "2019H2", 0, PMINDEX_E_STATE, "period 2019H2 was applied already");
    pmindex_ledger_free(l);
    pmindex_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_open_errors, fresh),
        cmocka_unit_test_setup(test_apply_and_query, fresh),
        cmocka_unit_test_setup(test_refusals, fresh),
        cmocka_unit_test_setup(test_legal_basis_is_no_change, fresh),
        cmocka_unit_test_setup(test_busy, fresh),
        cmocka_unit_test_setup(test_scenario, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
