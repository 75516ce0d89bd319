/* The tables of a ledger, making them in a new file, and upgrading a ledger
 * of an older schema in place, in one transaction. PRAGMA application_id
 * marks the file as a pmindex ledger, PRAGMA user_version is its schema:
 *
 *   1  pmindex 1.1: periods, compounds, assessments and measures
 *   2  pmindex 1.2: revoked periods, revisions of rows, the observations,
 *      the audit log; rows are never updated or deleted (triggers)
 *
 * A ledger of a newer schema than this library's is refused: an older
 * library cannot know what the newer one recorded. */
#include <stdio.h>
#include <string.h>

#include "ledger.h"

/* 'PMIX'. Pages of 64 KiB: a period of 100,000 compounds is written in a
 * sixteenth of the pages of SQLite's default 4 KiB; every page costs its
 * WAL frame, its cache slot and its copy at the checkpoint, so that an
 * apply is cheaper with larger pages (ledger-apply-100k, CPU time on the
 * 2-core VM: 0.90 s with 4 KiB, 0.78 s with 16 KiB, 0.73 -> 0.67 s from
 * 16 to 64 KiB), while a review still writes only a few pages. Ledgers
 * made before keep theirs: SQLite fixes it in a WAL database. */
enum { LEDGER_APP_ID = 0x504D4958, LEDGER_PAGE_SIZE = 65536 };

/* The tables unchanged since 1.1. */
static const char schema_kept[] =
    "CREATE TABLE ledger(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
    "CREATE TABLE models(id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, ini TEXT NOT NULL);"
    "CREATE INDEX models_fingerprint ON models(fingerprint);"
    /* The ladder state of every compound after its last assessment in force. */
    "CREATE TABLE compounds(compound_id TEXT PRIMARY KEY, level INTEGER NOT NULL,"
    " clean INTEGER NOT NULL, last_period INTEGER NOT NULL) WITHOUT ROWID;";

/* The tables of 1.2: made new, or made again from 1.1's by the upgrade. */
static const char schema_1_2[] =
    /* The audit log: every change, in order; inputs are the files it read. */
    "CREATE TABLE log(entry INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, period INTEGER NOT NULL, reason TEXT NOT NULL,"
    " compounds INTEGER NOT NULL, changed INTEGER NOT NULL, model TEXT NOT NULL,"
    " detail TEXT NOT NULL);"
    "CREATE TABLE log_inputs(entry INTEGER NOT NULL, n INTEGER NOT NULL, name TEXT NOT NULL,"
    " sha256 TEXT NOT NULL, PRIMARY KEY(entry, n)) WITHOUT ROWID;"
    /* Each application of a period: a revoked one (revoked = the log entry
     * of its revocation) stays, and the period may be applied again. */
    "CREATE TABLE periods(seq INTEGER PRIMARY KEY, code INTEGER NOT NULL, name TEXT NOT NULL,"
    " model INTEGER NOT NULL REFERENCES models(id), compounds INTEGER NOT NULL,"
    " applied_at TEXT NOT NULL, entry INTEGER, revoked INTEGER);"
    "CREATE UNIQUE INDEX periods_in_force ON periods(code) WHERE revoked IS NULL;"
    /* One row per compound, application of a period and revision: revision 1
     * as applied, each review adds one. entry is the log entry that wrote
     * it (NULL for rows of 1.1); observations what was observed (NULL in 1.1). */
    "CREATE TABLE assessments(seq INTEGER NOT NULL, compound_id TEXT NOT NULL,"
    " revision INTEGER NOT NULL, entry INTEGER, name TEXT NOT NULL, street TEXT NOT NULL,"
    " station TEXT NOT NULL, company TEXT NOT NULL, managed INTEGER NOT NULL, idx INTEGER,"
    " coverage INTEGER NOT NULL, tier INTEGER NOT NULL, tier_key TEXT NOT NULL,"
    " card INTEGER NOT NULL, events INTEGER NOT NULL, level_before INTEGER NOT NULL,"
    " level INTEGER NOT NULL, clean INTEGER NOT NULL, measure INTEGER NOT NULL,"
    " reasons TEXT NOT NULL, indicators TEXT NOT NULL, items TEXT NOT NULL, observations BLOB,"
    " PRIMARY KEY(seq, compound_id, revision)) WITHOUT ROWID;"
    /* The measure a row issued, with its labels as the period's model gave them. */
    "CREATE TABLE measures(seq INTEGER NOT NULL, compound_id TEXT NOT NULL,"
    " revision INTEGER NOT NULL, level INTEGER NOT NULL, key TEXT NOT NULL,"
    " label_zh TEXT NOT NULL, label_en TEXT NOT NULL,"
    " PRIMARY KEY(seq, compound_id, revision)) WITHOUT ROWID;"
    /* What was recorded is never changed: corrections are new records. */
    "CREATE TRIGGER log_no_update BEFORE UPDATE ON log"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER log_no_delete BEFORE DELETE ON log"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER log_inputs_no_update BEFORE UPDATE ON log_inputs"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER log_inputs_no_delete BEFORE DELETE ON log_inputs"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments"
    " BEGIN SELECT RAISE(ABORT, 'assessments are never changed: a review adds a revision'); END;"
    "CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments"
    " BEGIN SELECT RAISE(ABORT, 'assessments are never deleted: a period is revoked'); END;"
    "CREATE TRIGGER measures_no_update BEFORE UPDATE ON measures"
    " BEGIN SELECT RAISE(ABORT, 'measures are never changed: a review adds a revision'); END;"
    "CREATE TRIGGER measures_no_delete BEFORE DELETE ON measures"
    " BEGIN SELECT RAISE(ABORT, 'measures are never deleted: a period is revoked'); END;"
    "CREATE TRIGGER periods_no_update BEFORE UPDATE OF seq, code, name, model, applied_at, entry"
    " ON periods BEGIN SELECT RAISE(ABORT, 'an applied period is never changed'); END;"
    "CREATE TRIGGER periods_revoked_once BEFORE UPDATE OF revoked ON periods"
    " WHEN old.revoked IS NOT NULL"
    " BEGIN SELECT RAISE(ABORT, 'a revoked period stays revoked'); END;"
    "CREATE TRIGGER periods_no_delete BEFORE DELETE ON periods"
    " BEGIN SELECT RAISE(ABORT, 'an applied period is never deleted: it is revoked'); END;";

/* From 1.1: the three tables whose keys changed are made again, their rows
 * copied as they are (every row is revision 1, without observations), and
 * the old tables dropped. */
static const char upgrade_1_1[] =
    "ALTER TABLE periods RENAME TO periods_1_1;"
    "ALTER TABLE assessments RENAME TO assessments_1_1;"
    "ALTER TABLE measures RENAME TO measures_1_1;";
static const char copy_1_1[] =
    "INSERT INTO periods SELECT seq, code, name, model, compounds, applied_at, NULL, NULL"
    " FROM periods_1_1 ORDER BY seq;"
    "INSERT INTO assessments SELECT p.seq, a.compound_id, 1, NULL, a.name, a.street, a.station,"
    " a.company, a.managed, a.idx, a.coverage, a.tier, a.tier_key, a.card, a.events,"
    " a.level_before, a.level, a.clean, a.measure, a.reasons, a.indicators, a.items, NULL"
    " FROM periods_1_1 p CROSS JOIN assessments_1_1 a ON a.period = p.code"
    " ORDER BY p.seq, a.compound_id;"
    "INSERT INTO measures SELECT p.seq, m.compound_id, 1, m.level, m.key, m.label_zh,"
    " m.label_en FROM periods_1_1 p CROSS JOIN measures_1_1 m ON m.period = p.code"
    " ORDER BY p.seq, m.compound_id;";
static const char drop_1_1[] =
    "DROP TABLE measures_1_1; DROP TABLE assessments_1_1; DROP TABLE periods_1_1;";

static int set_version(pmindex_ledger *l)
{
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
             LEDGER_APP_ID, PM_LEDGER_SCHEMA);
    return pm_ledger_exec(l, sql, "making the ledger");
}

/* In a write transaction: the tables of an empty database, and the log's
 * first entry. */
static int make(pmindex_ledger *l)
{
    int rc = pm_ledger_exec(l, schema_kept, "making the ledger");
    if (rc == 0)
        rc = pm_ledger_exec(l, schema_1_2, "making the ledger");
    if (rc == 0)
        rc = set_version(l);
    if (rc == 0)
        rc = pm_ledger_log(l, 1, "init", PMINDEX_PERIOD_NONE, 0, 0, NULL, "");
    return rc;
}

/* Counts rows of a table, for the upgrade's checks. */
static int count(pmindex_ledger *l, const char *table, int64_t *n)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    return pm_ledger_query_int(l, sql, 0, n);
}

/* In a write transaction: schema 1 to 2. Every row of 1.1 must arrive. */
static int upgrade(pmindex_ledger *l)
{
    int64_t periods = 0, rows = 0, measures = 0, got_rows = -1, got_measures = -1;
    int rc = count(l, "periods", &periods);
    if (rc == 0)
        rc = count(l, "assessments", &rows);
    if (rc == 0)
        rc = count(l, "measures", &measures);
    if (rc == 0)
        rc = pm_ledger_exec(l, upgrade_1_1, "upgrading the ledger");
    if (rc == 0)
        rc = pm_ledger_exec(l, schema_1_2, "upgrading the ledger");
    if (rc == 0)
        rc = pm_ledger_exec(l, copy_1_1, "upgrading the ledger");
    if (rc == 0)
        rc = count(l, "assessments", &got_rows);
    if (rc == 0)
        rc = count(l, "measures", &got_measures);
    if (rc != 0)
        return rc;
    if (got_rows != rows || got_measures != measures)
        return pm_error_set(&l->error, PMINDEX_E_STORE,
                            "%s cannot be upgraded: %lld of its %lld assessments and %lld of its "
                            "%lld measures belong to no period; the ledger is unchanged",
                            l->path, (long long)(rows - got_rows), (long long)rows,
                            (long long)(measures - got_measures), (long long)measures);
    rc = pm_ledger_exec(l, drop_1_1, "upgrading the ledger");
    if (rc == 0)
        rc = set_version(l);
    if (rc != 0)
        return rc;
    char detail[160];
    snprintf(detail, sizeof detail,
             "schema 1 (pmindex 1.1) to %d: %lld periods and %lld rows kept as they were",
             PM_LEDGER_SCHEMA, (long long)periods, (long long)rows);
    return pm_ledger_log(l, 1, "upgrade", PMINDEX_PERIOD_NONE, 0, 0, NULL, detail);
}

/* Runs make() or upgrade() in one write transaction, after checking again,
 * once the lock is held, that another process has not done it meanwhile. */
static int transform(pmindex_ledger *l, bool making, bool must_be_new)
{
    if (making) {
        /* The page size of an empty file is set before WAL mode fixes it. */
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA page_size=%d; PRAGMA journal_mode=WAL",
                 LEDGER_PAGE_SIZE);
        int rc = pm_ledger_exec(l, sql, "switching the ledger to WAL");
        if (rc != 0)
            return rc;
    }
    int rc = pm_ledger_exec(l, "BEGIN IMMEDIATE", making ? "making the ledger"
                                                         : "upgrading the ledger");
    if (rc != 0)
        return rc;
    int64_t tables = 0, version = 0;
    rc = pm_ledger_query_int(l, "SELECT count(*) FROM sqlite_master", 0, &tables);
    if (rc == 0)
        rc = pm_ledger_query_int(l, "PRAGMA user_version", 0, &version);
    if (rc == 0 && making && tables == 0)
        rc = make(l);
    else if (rc == 0 && making && must_be_new)
        rc = pm_error_set(&l->error, PMINDEX_E_STATE,
                          "%s exists already: a new ledger needs a file that does not exist",
                          l->path);
    else if (rc == 0 && !making && version == PM_LEDGER_SCHEMA_1_1)
        rc = upgrade(l);
    if (rc == 0)
        rc = pm_ledger_exec(l, "COMMIT", making ? "making the ledger" : "upgrading the ledger");
    if (rc != 0) {
        sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return PMINDEX_OK;
}

/* A read-only handle cannot upgrade: a second, writing connection does it. */
static int upgrade_read_only(pmindex_ledger *l)
{
    sqlite3 *ro = l->db;
    int rc = sqlite3_open_v2(l->path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(l->db, l->busy_ms);
        sqlite3_extended_result_codes(l->db, 1);
        rc = pm_ledger_exec(l, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
                            "upgrading the ledger");
        if (rc == 0)
            rc = transform(l, false, false);
    } else {
        rc = pm_error_set(&l->error, PMINDEX_E_STORE,
                          "%s is a ledger of pmindex 1.1 (schema 1): it is upgraded in place the "
                          "first time a newer library opens it, which needs write access (%s)",
                          l->path, sqlite3_errstr(rc));
    }
    sqlite3_close(l->db);
    l->db = ro;
    return rc;
}

int pm_ledger_prepare_file(pmindex_ledger *l, bool create, bool must_be_new)
{
    int64_t app, tables, version;
    int rc = pm_ledger_query_int(l, "PRAGMA application_id", 0, &app);
    if (rc == 0)
        rc = pm_ledger_query_int(l, "SELECT count(*) FROM sqlite_master", 0, &tables);
    if (rc != 0)
        return rc;
    if (app == 0 && tables == 0 && create) {
        if ((rc = transform(l, true, must_be_new)) != 0 ||
            (rc = pm_ledger_query_int(l, "PRAGMA application_id", 0, &app)) != 0)
            return rc;
    } else if (must_be_new) {
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "%s exists already: a new ledger needs a file that does not exist",
                            l->path);
    }
    if (app != LEDGER_APP_ID)
        return pm_error_set(&l->error, PMINDEX_E_STORE,
                            "%s is not a pmindex ledger (an SQLite database of something else)",
                            l->path);
    if ((rc = pm_ledger_query_int(l, "PRAGMA user_version", 0, &version)) != 0)
        return rc;
    if (version == PM_LEDGER_SCHEMA_1_1 && l->no_upgrade)
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "%s is a ledger of pmindex 1.1 (schema 1), left as it is: it "
                            "keeps the points of each assessment, not what was observed; it "
                            "is upgraded in place when opened without "
                            "PMINDEX_LEDGER_NO_UPGRADE", l->path);
    if (version == PM_LEDGER_SCHEMA_1_1) {
        rc = l->readonly ? upgrade_read_only(l) : transform(l, false, false);
        if (rc == 0)
            rc = pm_ledger_query_int(l, "PRAGMA user_version", 0, &version);
        if (rc != 0)
            return rc;
    }
    if (version > PM_LEDGER_SCHEMA)
        return pm_error_set(&l->error, PMINDEX_E_STORE,
                            "%s is a pmindex ledger of schema %lld, newer than this library "
                            "(pmindex %s reads schema %d and older): it was written by a later "
                            "release; open it with that release or a newer one",
                            l->path, (long long)version, pmindex_version_string(),
                            PM_LEDGER_SCHEMA);
    if (version != PM_LEDGER_SCHEMA)
        return pm_error_set(&l->error, PMINDEX_E_STORE,
                            "%s is a pmindex ledger of an unknown schema (%lld); this library "
                            "reads schema %d",
                            l->path, (long long)version, PM_LEDGER_SCHEMA);
    return PMINDEX_OK;
}
