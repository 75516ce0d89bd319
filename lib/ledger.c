/* The ledger store: one SQLite database per ledger, a period applied in one
 * transaction (BEGIN IMMEDIATE ... COMMIT), WAL mode so readers are never
 * blocked, synchronous=FULL so a committed period survives a power cut.
 * The ladder itself is ladder.c; this file only stores what it decides. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assess.h"
#include "compound.h"
#include "ledger.h"
#include "model.h"
#include "period.h"

/* 'PMIX': marks a database as a pmindex ledger; user_version is the schema. */
enum { LEDGER_APP_ID = 0x504D4958, LEDGER_SCHEMA = 1, DEFAULT_BUSY_MS = 5000 };

static const char schema[] =
    "CREATE TABLE ledger(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
    "CREATE TABLE models(id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, ini TEXT NOT NULL);"
    "CREATE INDEX models_fingerprint ON models(fingerprint);"
    "CREATE TABLE periods(seq INTEGER PRIMARY KEY, code INTEGER NOT NULL UNIQUE,"
    " name TEXT NOT NULL, model INTEGER NOT NULL REFERENCES models(id),"
    " compounds INTEGER NOT NULL, applied_at TEXT NOT NULL);"
    /* The ladder state of every compound after its last assessment. */
    "CREATE TABLE compounds(compound_id TEXT PRIMARY KEY, level INTEGER NOT NULL,"
    " clean INTEGER NOT NULL, last_period INTEGER NOT NULL) WITHOUT ROWID;"
    /* One row per compound and period: the verdict and the ladder step. */
    "CREATE TABLE assessments(period INTEGER NOT NULL, compound_id TEXT NOT NULL,"
    " name TEXT NOT NULL, street TEXT NOT NULL, station TEXT NOT NULL, company TEXT NOT NULL,"
    " managed INTEGER NOT NULL, idx INTEGER, coverage INTEGER NOT NULL, tier INTEGER NOT NULL,"
    " tier_key TEXT NOT NULL, card INTEGER NOT NULL, events INTEGER NOT NULL,"
    " level_before INTEGER NOT NULL, level INTEGER NOT NULL, clean INTEGER NOT NULL,"
    " measure INTEGER NOT NULL, reasons TEXT NOT NULL, indicators TEXT NOT NULL,"
    " items TEXT NOT NULL, PRIMARY KEY(period, compound_id)) WITHOUT ROWID;"
    /* The measures issued, with their labels as the period's model gave them. */
    "CREATE TABLE measures(period INTEGER NOT NULL, compound_id TEXT NOT NULL,"
    " level INTEGER NOT NULL, key TEXT NOT NULL, label_zh TEXT NOT NULL,"
    " label_en TEXT NOT NULL, PRIMARY KEY(period, compound_id, level)) WITHOUT ROWID;";

int pm_ledger_fail(pmindex_ledger *l, int rc, const char *doing)
{
    int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return pm_error_set(&l->error, PMINDEX_E_BUSY,
                            "%s: the ledger %s is locked by another writer (waited %d ms)", doing,
                            l->path, (int)l->busy_ms);
    if (primary == SQLITE_NOMEM)
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "%s: out of memory", doing);
    const char *msg = l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc);
    if (primary == SQLITE_NOTADB)
        return pm_error_set(&l->error, PMINDEX_E_STORE, "%s is not a pmindex ledger (%s)",
                            l->path, msg);
    return pm_error_set(&l->error, PMINDEX_E_STORE, "%s: %s (SQLite: %s)", doing, l->path, msg);
}

static int exec(pmindex_ledger *l, const char *sql, const char *doing)
{
    int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? PMINDEX_OK : pm_ledger_fail(l, rc, doing);
}

/* The integer a one-row, one-column query gives; *out = dflt when no row. */
static int query_int(pmindex_ledger *l, const char *sql, int64_t dflt, int64_t *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading the ledger");
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : dflt;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? PMINDEX_OK : pm_ledger_fail(l, rc, "reading the ledger");
}

/* Makes the schema in an empty database, or checks that it is a ledger. */
static int prepare_file(pmindex_ledger *l, bool create)
{
    int64_t app, tables, version;
    int rc = query_int(l, "PRAGMA application_id", 0, &app);
    if (rc == 0)
        rc = query_int(l, "SELECT count(*) FROM sqlite_master", 0, &tables);
    if (rc != 0)
        return rc;
    if (app == 0 && tables == 0 && create) {
        if ((rc = exec(l, "PRAGMA journal_mode=WAL", "switching the ledger to WAL")) != 0 ||
            (rc = exec(l, "BEGIN IMMEDIATE", "making the ledger")) != 0)
            return rc;
        /* Another process may have made it meanwhile. */
        rc = query_int(l, "SELECT count(*) FROM sqlite_master", 0, &tables);
        if (rc == 0 && tables == 0) {
            char sql[160];
            snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
                     LEDGER_APP_ID, LEDGER_SCHEMA);
            rc = exec(l, schema, "making the ledger");
            if (rc == 0)
                rc = exec(l, sql, "making the ledger");
        }
        if (rc == 0)
            rc = exec(l, "COMMIT", "making the ledger");
        if (rc != 0) {
            sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        rc = query_int(l, "PRAGMA application_id", 0, &app);
        if (rc != 0)
            return rc;
    }
    if (app != LEDGER_APP_ID)
        return pm_error_set(&l->error, PMINDEX_E_STORE,
                            "%s is not a pmindex ledger (an SQLite database of something else)",
                            l->path);
    if ((rc = query_int(l, "PRAGMA user_version", 0, &version)) != 0)
        return rc;
    if (version != LEDGER_SCHEMA)
        return pm_error_set(&l->error, PMINDEX_E_STORE,
                            "%s is a pmindex ledger of schema %lld; this library reads schema %d",
                            l->path, (long long)version, LEDGER_SCHEMA);
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_ledger_open(const char *path, uint32_t flags,
                                    pmindex_ledger **ledger_out, pmindex_error *error)
{
    if (error)
        pm_error_clear(error);
    if (!ledger_out)
        return PMINDEX_E_INVALID;
    *ledger_out = NULL;
    if (!path || (flags & ~(uint32_t)(PMINDEX_LEDGER_CREATE | PMINDEX_LEDGER_READONLY)) ||
        ((flags & PMINDEX_LEDGER_CREATE) && (flags & PMINDEX_LEDGER_READONLY)))
        return error ? pm_error_set(error, PMINDEX_E_INVALID, "invalid arguments")
                     : PMINDEX_E_INVALID;
    struct stat sb;
    if (stat(path, &sb) != 0 && (errno != ENOENT || !(flags & PMINDEX_LEDGER_CREATE))) {
        int rc = PMINDEX_E_IO;
        if (error) {
            char msg[128];
            strerror_r(errno, msg, sizeof msg);
            pm_error_set(error, rc, "cannot open the ledger: %s", msg);
            pm_error_set_file(error, path);
        }
        return rc;
    }
    pmindex_ledger *l = calloc(1, sizeof *l);
    if (!l || !(l->path = strdup(path))) {
        free(l);
        return error ? pm_error_set(error, PMINDEX_E_NOMEM, "out of memory") : PMINDEX_E_NOMEM;
    }
    l->readonly = flags & PMINDEX_LEDGER_READONLY;
    l->busy_ms = DEFAULT_BUSY_MS;
    int oflags = l->readonly ? SQLITE_OPEN_READONLY
                             : SQLITE_OPEN_READWRITE | (flags & PMINDEX_LEDGER_CREATE ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &l->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rc = pm_ledger_fail(l, rc, "opening the ledger");
    } else {
        sqlite3_busy_timeout(l->db, l->busy_ms);
        sqlite3_extended_result_codes(l->db, 1);
        rc = prepare_file(l, flags & PMINDEX_LEDGER_CREATE);
        if (rc == 0 && !l->readonly)
            rc = exec(l, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", "opening the ledger");
    }
    if (rc != 0) {
        if (error)
            pm_error_copy(error, &l->error);
        pmindex_ledger_free(l);
        return rc;
    }
    *ledger_out = l;
    return PMINDEX_OK;
}

static void finalize_statements(pmindex_ledger *l)
{
    sqlite3_finalize(l->get_state);
    sqlite3_finalize(l->put_state);
    sqlite3_finalize(l->put_row);
    sqlite3_finalize(l->put_measure);
    l->get_state = l->put_state = l->put_row = l->put_measure = NULL;
}

PMINDEX_API void pmindex_ledger_free(pmindex_ledger *l)
{
    if (!l)
        return;
    pmindex_ledger_rollback(l);
    sqlite3_close(l->db);
    free(l->scratch);
    free(l->path);
    free(l);
}

PMINDEX_API const pmindex_error *pmindex_ledger_error(const pmindex_ledger *l)
{
    return l ? &l->error : NULL;
}

PMINDEX_API int pmindex_ledger_set_busy_timeout(pmindex_ledger *l, int32_t ms)
{
    if (!l || ms < 0)
        return PMINDEX_E_INVALID;
    l->busy_ms = ms;
    sqlite3_busy_timeout(l->db, ms);
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_ledger_rollback(pmindex_ledger *l)
{
    if (!l || !l->active)
        return;
    finalize_statements(l);
    sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
    pmindex_assessment_free(l->assessment);
    l->assessment = NULL;
    l->active = l->failed = false;
    l->model = NULL;
}

/* 64-bit FNV-1a of the model's canonical text, in hex: shown to people;
 * models are compared by their whole text. */
static void fingerprint(const char *s, size_t n, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)pm_fnv1a(s, n));
}

static const char *kind_name(int32_t kind)
{
    return kind == PMINDEX_PERIOD_HALF ? "half-years"
           : kind == PMINDEX_PERIOD_QUARTER ? "quarters" : "months";
}

/* The checks of begin, inside the write transaction. */
static int check_period(pmindex_ledger *l, const pmindex_model *m, int32_t period, uint32_t flags,
                        const char *ini, size_t ini_len, int64_t *model_id)
{
    char name[PM_PERIOD_TEXT], last_name[PM_PERIOD_TEXT];
    pm_period_text(period, name);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db,
                                "SELECT p.code, m.ini, m.fingerprint FROM periods p JOIN models m"
                                " ON m.id = p.model ORDER BY p.seq DESC LIMIT 1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading the ledger");
    rc = sqlite3_step(st);
    int result = PMINDEX_OK;
    if (rc == SQLITE_ROW) {
        int32_t last = (int32_t)sqlite3_column_int64(st, 0);
        pm_period_text(last, last_name);
        int32_t order;
        if (pmindex_period_kind(last) != pmindex_period_kind(period)) {
            result = pm_error_set(&l->error, PMINDEX_E_STATE,
                                  "period %s is of another kind than the ledger's periods (%s, "
                                  "the last %s)", name, kind_name(pmindex_period_kind(last)),
                                  last_name);
        } else if (pmindex_period_compare(period, last, &order) == 0 && order <= 0) {
            int64_t seen = 0;
            if (order < 0) {
                char sql[96];
                snprintf(sql, sizeof sql, "SELECT count(*) FROM periods WHERE code = %d",
                         (int)period);
                result = query_int(l, sql, 0, &seen);
            }
            if (result == 0 && (order == 0 || seen))
                result = pm_error_set(&l->error, PMINDEX_E_STATE,
                                      "period %s was applied already; the ledger is unchanged",
                                      name);
            else if (result == 0)
                result = pm_error_set(&l->error, PMINDEX_E_STATE,
                                      "period %s comes before %s, the last period applied: "
                                      "periods must arrive in order; the ledger is unchanged",
                                      name, last_name);
        } else {
            const char *old = (const char *)sqlite3_column_text(st, 1);
            int old_len = sqlite3_column_bytes(st, 1);
            if (!(flags & PMINDEX_LEDGER_ALLOW_MODEL_CHANGE) &&
                ((size_t)old_len != ini_len || memcmp(old, ini, ini_len) != 0)) {
                char fp[17];
                fingerprint(ini, ini_len, fp);
                result = pm_error_set(&l->error, PMINDEX_E_STATE,
                                      "the model differs from the one period %s was applied with "
                                      "(model %s, was %s): a change of model must be allowed to "
                                      "apply period %s; the ledger is unchanged",
                                      last_name, fp, (const char *)sqlite3_column_text(st, 2), name);
            }
        }
    } else if (rc != SQLITE_DONE) {
        result = pm_ledger_fail(l, rc, "reading the ledger");
    }
    sqlite3_finalize(st);
    if (result != 0)
        return result;
    (void)m;
    /* The model's row: the same text is stored once. */
    char fp[17];
    fingerprint(ini, ini_len, fp);
    rc = sqlite3_prepare_v2(l->db, "SELECT id FROM models WHERE fingerprint = ?1 AND ini = ?2",
                            -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, fp, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, ini, (int)ini_len, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *model_id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    if (rc == SQLITE_DONE) {
        rc = sqlite3_prepare_v2(l->db, "INSERT INTO models(fingerprint, ini) VALUES(?1, ?2)", -1,
                                &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, fp, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, ini, (int)ini_len, SQLITE_STATIC);
            rc = sqlite3_step(st);
            sqlite3_finalize(st);
            *model_id = sqlite3_last_insert_rowid(l->db);
        }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return pm_ledger_fail(l, rc, "storing the model");
    rc = sqlite3_prepare_v2(l->db,
                            "INSERT INTO periods(code, name, model, compounds, applied_at)"
                            " VALUES(?1, ?2, ?3, 0, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                            -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, period);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, *model_id);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
    }
    return rc == SQLITE_DONE ? PMINDEX_OK : pm_ledger_fail(l, rc, "storing the period");
}

static int prepare(pmindex_ledger *l, const char *sql, sqlite3_stmt **st)
{
    int rc = sqlite3_prepare_v3(l->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    return rc == SQLITE_OK ? PMINDEX_OK : pm_ledger_fail(l, rc, "preparing the ledger");
}

PMINDEX_API int pmindex_ledger_begin(pmindex_ledger *l, const pmindex_model *m, int32_t period,
                                     uint32_t flags)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    if (!m || (flags & ~(uint32_t)PMINDEX_LEDGER_ALLOW_MODEL_CHANGE))
        return pm_error_set(&l->error, PMINDEX_E_INVALID, "invalid arguments");
    char name[PM_PERIOD_TEXT];
    if (pm_period_text(period, name) == 0)
        return pm_error_set(&l->error, PMINDEX_E_INVALID, "invalid period code %d", (int)period);
    if (l->readonly)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "the ledger %s is open read-only",
                            l->path);
    if (l->active)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "a period is being applied already");
    if (pmindex_period_kind(period) != m->period_kind)
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "period %s is not of the model's kind (%s)", name,
                            kind_name(m->period_kind));
    int64_t n = pmindex_model_write_ini(m, NULL, 0);
    if (n < 0)
        return pm_error_set(&l->error, (int)n, "the model cannot be written as INI: %s",
                            pmindex_strerror((int)n));
    char *ini = malloc((size_t)n + 1);
    if (!ini)
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    pmindex_model_write_ini(m, ini, (size_t)n + 1);
    int rc = exec(l, "BEGIN IMMEDIATE", "applying a period");
    if (rc != 0) {
        free(ini);
        return rc;
    }
    int64_t model_id = 0;
    rc = check_period(l, m, period, flags, ini, (size_t)n, &model_id);
    free(ini);
    if (rc == 0)
        rc = pmindex_assessment_new(m, &l->assessment);
    if (rc == 0)
        rc = prepare(l, "SELECT level, clean, last_period FROM compounds WHERE compound_id = ?1",
                     &l->get_state);
    if (rc == 0)
        rc = prepare(l, "INSERT OR REPLACE INTO compounds VALUES(?1, ?2, ?3, ?4)", &l->put_state);
    if (rc == 0)
        rc = prepare(l, "INSERT INTO assessments VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                        " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)", &l->put_row);
    if (rc == 0)
        rc = prepare(l, "INSERT INTO measures VALUES(?1, ?2, ?3, ?4, ?5, ?6)", &l->put_measure);
    l->active = true;
    l->failed = false;
    l->model = m;
    l->period = period;
    l->added = 0;
    if (rc != 0) {
        struct pmindex_error keep = l->error;
        pmindex_ledger_rollback(l);
        l->error = keep;
    }
    return rc;
}

/* The texts of a row (reasons, indicators, items), one after the other in
 * l->scratch, NUL-separated; offsets in off[3]. */
static int row_texts(pmindex_ledger *l, const pmindex_assessment *a, int32_t card, size_t off[3])
{
    const pmindex_model *m = l->model;
    for (;;) {
        struct pm_out o;
        pm_out_init(&o, l->scratch, l->scratch_cap);
        off[0] = 0;
        /* The red card the assessment gave without history is not one when
         * a sanction is in force: its reason goes too. */
        bool first = true;
        for (int32_t r = 0; r < a->nreasons; r++) {
            if (a->reasons[r].rule == PMINDEX_REASON_RED && card != PMINDEX_CARD_RED)
                continue;
            if (!first)
                pm_out_char(&o, ';');
            first = false;
            pm_out_reason_key(&o, m, &a->reasons[r]);
        }
        pm_out_char(&o, '\0');
        off[1] = o.len;
        for (int32_t k = 0; k < m->nindicators; k++) {
            if (k)
                pm_out_char(&o, ';');
            pm_out_str(&o, m->indicators[k].id);
            pm_out_char(&o, '=');
            if (a->applicable[k])
                pm_out_centi(&o, a->points[k]);
        }
        pm_out_char(&o, '\0');
        off[2] = o.len;
        for (int32_t i = 0; i < m->nitems; i++) {
            if (i)
                pm_out_char(&o, ';');
            pm_out_str(&o, m->items[i].id);
            pm_out_char(&o, '=');
            int64_t p;
            if (pmindex_assessment_item(a, i, &p, NULL) == 1)
                pm_out_centi(&o, p);
            else
                pm_out_str(&o, "NA");
        }
        pm_out_char(&o, '\0');
        if (o.len <= l->scratch_cap)
            return PMINDEX_OK;
        size_t cap = o.len * 2;
        char *p = realloc(l->scratch, cap);
        if (!p)
            return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
        l->scratch = p;
        l->scratch_cap = cap;
    }
}

static int step_done(pmindex_ledger *l, sqlite3_stmt *st, const char *doing)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PMINDEX_OK : pm_ledger_fail(l, rc, doing);
}

static int add(pmindex_ledger *l, const pmindex_compound *c)
{
    const pmindex_model *m = l->model;
    char name[PM_PERIOD_TEXT];
    pm_period_text(l->period, name);
    const char *id = c->field[PMINDEX_FIELD_ID];
    if (!*id)
        return pm_error_set(&l->error, PMINDEX_E_RANGE, "a compound without compound_id");
    const char *given = c->field[PMINDEX_FIELD_PERIOD];
    if (given && *given) {
        int32_t p;
        if (pmindex_period_parse(given, strlen(given), &p) != 0 || p != l->period) {
            pm_error_set(&l->error, PMINDEX_E_RANGE,
                         "compound %s is a row of period \"%s\", not of %s, the period applied",
                         id, given, name);
            pm_error_set_section(&l->error, NULL, "period");
            pm_error_set_value(&l->error, given, strlen(given));
            return PMINDEX_E_RANGE;
        }
    }
    pmindex_assessment *a = l->assessment;
    int rc = pmindex_assess(m, c, a);
    if (rc != 0)
        return pm_error_set(&l->error, rc, "compound %s cannot be assessed", id);
    int32_t events = pmindex_ladder_events(m, c, a);
    /* The state before: none for a compound new to the ledger. */
    pmindex_ladder_state before = {0, 0, PMINDEX_PERIOD_NONE, 0}, after;
    sqlite3_stmt *st = l->get_state;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        before.level = (int32_t)sqlite3_column_int64(st, 0);
        before.clean = (int32_t)sqlite3_column_int64(st, 1);
        before.period = (int32_t)sqlite3_column_int64(st, 2);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pm_ledger_fail(l, rc, "reading a compound's state");
    if (before.period == l->period)
        return pm_error_set(&l->error, PMINDEX_E_DUPLICATE,
                            "compound %s is given twice for period %s", id, name);
    /* A state stored under another model's ladder fits this one's. */
    if (before.level > m->max_level)
        before.level = m->max_level;
    if (before.clean >= m->clean_periods)
        before.clean = m->clean_periods - 1;
    int32_t card, measure;
    rc = pmindex_ladder_step(m, &before, l->period, events, &after, &card, &measure);
    if (rc != 0)
        return pm_error_set(&l->error, rc, "compound %s: the ladder cannot step to period %s", id,
                            name);
    size_t off[3];
    if ((rc = row_texts(l, a, card, off)) != 0)
        return rc;

    st = l->put_state;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, after.level);
    sqlite3_bind_int64(st, 3, after.clean);
    sqlite3_bind_int64(st, 4, after.period);
    if ((rc = step_done(l, st, "storing a compound's state")) != 0)
        return rc;

    st = l->put_row;
    int col = 1;
    sqlite3_bind_int64(st, col++, l->period);
    sqlite3_bind_text(st, col++, id, -1, SQLITE_STATIC);
    for (int32_t f = PMINDEX_FIELD_NAME; f <= PMINDEX_FIELD_COMPANY; f++)
        sqlite3_bind_text(st, col++, c->field[f], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, col++, c->managed);
    if (a->has_index)
        sqlite3_bind_int64(st, col++, a->index);
    else
        sqlite3_bind_null(st, col++);
    sqlite3_bind_int64(st, col++, pmindex_assessment_coverage(a, NULL, NULL));
    sqlite3_bind_int64(st, col++, a->tier);
    sqlite3_bind_text(st, col++,
                      a->tier == PMINDEX_TIER_FALLBACK ? "fallback" : m->tiers[a->tier].key, -1,
                      SQLITE_STATIC);
    sqlite3_bind_int64(st, col++, card);
    sqlite3_bind_int64(st, col++, events);
    sqlite3_bind_int64(st, col++, before.level);
    sqlite3_bind_int64(st, col++, after.level);
    sqlite3_bind_int64(st, col++, after.clean);
    sqlite3_bind_int64(st, col++, measure);
    for (int t = 0; t < 3; t++)
        sqlite3_bind_text(st, col++, l->scratch + off[t], -1, SQLITE_STATIC);
    rc = step_done(l, st, "storing an assessment");
    if (rc == PMINDEX_E_STORE &&
        sqlite3_extended_errcode(l->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        return pm_error_set(&l->error, PMINDEX_E_DUPLICATE,
                            "compound %s is given twice for period %s", id, name);
    if (rc != 0)
        return rc;
    if (measure >= 0) {
        const struct pm_ladder_level *lv = &m->levels[measure];
        st = l->put_measure;
        sqlite3_bind_int64(st, 1, l->period);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, measure);
        sqlite3_bind_text(st, 4, lv->key ? lv->key : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, pm_text(lv->label, PMINDEX_LANG_ZH), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, pm_text(lv->label, PMINDEX_LANG_EN), -1, SQLITE_STATIC);
        if ((rc = step_done(l, st, "storing a measure")) != 0)
            return rc;
    }
    l->added++;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_ledger_add(pmindex_ledger *l, const pmindex_compound *c)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    if (!l->active)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "no period is being applied");
    if (!c || c->model != l->model)
        return pm_error_set(&l->error, PMINDEX_E_INVALID,
                            "the compound is NULL or of another model than the period's");
    if (l->failed)
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "an earlier compound failed: the period can only be rolled back");
    int rc = add(l, c);
    if (rc != 0) {
        l->failed = true;
        if (c->line > 0 && l->error.line == 0)
            l->error.line = c->line;
    }
    return rc;
}

PMINDEX_API int pmindex_ledger_commit(pmindex_ledger *l)
{
    if (!l)
        return PMINDEX_E_INVALID;
    if (!l->active)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "no period is being applied");
    if (l->failed) {
        pmindex_ledger_rollback(l);
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "a compound of the period failed: the period was rolled back and "
                            "the ledger is unchanged");
    }
    pm_error_clear(&l->error);
    finalize_statements(l);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE periods SET compounds = %lld WHERE code = %d",
             (long long)l->added, (int)l->period);
    int rc = exec(l, sql, "storing the period");
    if (rc == 0)
        rc = exec(l, "COMMIT", "committing the period");
    if (rc != 0) {
        struct pmindex_error keep = l->error;
        pmindex_ledger_rollback(l);
        l->error = keep;
        return rc;
    }
    pmindex_assessment_free(l->assessment);
    l->assessment = NULL;
    l->active = false;
    l->model = NULL;
    return PMINDEX_OK;
}

PMINDEX_API int32_t pmindex_ledger_period_count(pmindex_ledger *l)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    int64_t n;
    int rc = query_int(l, "SELECT count(*) FROM periods", 0, &n);
    return rc != 0 ? rc : (int32_t)n;
}

PMINDEX_API int32_t pmindex_ledger_period(pmindex_ledger *l, int32_t n)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    if (n < 0)
        return pm_error_set(&l->error, PMINDEX_E_NOT_FOUND, "no period %d", (int)n);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT code FROM periods ORDER BY seq LIMIT 1 OFFSET %d", (int)n);
    int64_t code;
    int rc = query_int(l, sql, 0, &code);
    if (rc != 0)
        return rc;
    if (code == 0)
        return pm_error_set(&l->error, PMINDEX_E_NOT_FOUND, "no period %d", (int)n);
    return (int32_t)code;
}

PMINDEX_API int64_t pmindex_ledger_period_model(pmindex_ledger *l, int32_t period, char *buf,
                                                size_t cap)
{
    if (!l || (!buf && cap))
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db, "SELECT m.ini FROM periods p JOIN models m ON m.id ="
                                       " p.model WHERE p.code = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading the ledger");
    sqlite3_bind_int64(st, 1, period);
    rc = sqlite3_step(st);
    int64_t result;
    if (rc == SQLITE_ROW) {
        struct pm_out o;
        pm_out_init(&o, buf, cap);
        pm_out_bytes(&o, (const char *)sqlite3_column_text(st, 0),
                     (size_t)sqlite3_column_bytes(st, 0));
        result = pm_out_finish(&o);
    } else if (rc == SQLITE_DONE) {
        char name[PM_PERIOD_TEXT];
        pm_period_text(period, name);
        result = pm_error_set(&l->error, PMINDEX_E_NOT_FOUND, "period %s is not in the ledger",
                              *name ? name : "(invalid)");
    } else {
        result = pm_ledger_fail(l, rc, "reading the ledger");
    }
    sqlite3_finalize(st);
    return result;
}

PMINDEX_API int pmindex_ledger_state(pmindex_ledger *l, const char *id,
                                     pmindex_ladder_state *state_out)
{
    if (!l || !id || !state_out)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    memset(state_out, 0, sizeof *state_out);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db, "SELECT level, clean, last_period FROM compounds"
                                       " WHERE compound_id = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading the ledger");
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    int result = 0;
    if (rc == SQLITE_ROW) {
        state_out->level = (int32_t)sqlite3_column_int64(st, 0);
        state_out->clean = (int32_t)sqlite3_column_int64(st, 1);
        state_out->period = (int32_t)sqlite3_column_int64(st, 2);
        result = 1;
    } else if (rc != SQLITE_DONE) {
        result = pm_ledger_fail(l, rc, "reading the ledger");
    }
    sqlite3_finalize(st);
    return result;
}
