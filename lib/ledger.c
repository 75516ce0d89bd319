/* The ledger store: one SQLite database per ledger, a period applied in one
 * transaction (BEGIN IMMEDIATE ... COMMIT), WAL mode so readers are never
 * blocked, synchronous=FULL so a committed period survives a power cut.
 * The ladder itself is ladder.c; this file stores what it decides, with
 * what was observed, and the audit log's entry of the change. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assess.h"
#include "compound.h"
#include "ini.h"
#include "ledger.h"
#include "model.h"
#include "period.h"

enum { DEFAULT_BUSY_MS = 5000, MAX_MISSING_NAMED = 3 };

/* ---- SQLite helpers ------------------------------------------------------- */

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

int pm_ledger_exec(pmindex_ledger *l, const char *sql, const char *doing)
{
    int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? PMINDEX_OK : pm_ledger_fail(l, rc, doing);
}

int pm_ledger_query_int(pmindex_ledger *l, const char *sql, int64_t dflt, int64_t *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading the ledger");
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : dflt;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? PMINDEX_OK
                                                 : pm_ledger_fail(l, rc, "reading the ledger");
}

int pm_ledger_prepare(pmindex_ledger *l, const char *sql, sqlite3_stmt **st)
{
    int rc = sqlite3_prepare_v3(l->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    return rc == SQLITE_OK ? PMINDEX_OK : pm_ledger_fail(l, rc, "preparing the ledger");
}

int pm_ledger_step_done(pmindex_ledger *l, sqlite3_stmt *st, const char *doing)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PMINDEX_OK : pm_ledger_fail(l, rc, doing);
}

/* ---- opening ---------------------------------------------------------------- */

static int open_ledger(const char *path, uint32_t flags, bool must_be_new, const char *actor,
                       const char *reason, pmindex_ledger **ledger_out, pmindex_error *error)
{
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
    l->no_upgrade = flags & PMINDEX_LEDGER_NO_UPGRADE;
    l->busy_ms = DEFAULT_BUSY_MS;
    l->threads = 1;
    pm_idset_init(&l->reviewed);
    int rc = PMINDEX_OK;
    if (must_be_new && stat(path, &sb) == 0)
        rc = pm_error_set(&l->error, PMINDEX_E_STATE,
                          "%s exists already: a new ledger needs a file that does not exist",
                          path);
    if (rc == 0 && (rc = pmindex_ledger_set_actor(l, actor)) == 0)
        rc = pmindex_ledger_set_reason(l, reason);
    if (rc == 0) {
        int oflags = l->readonly ? SQLITE_OPEN_READONLY
                                 : SQLITE_OPEN_READWRITE |
                                       (flags & PMINDEX_LEDGER_CREATE ? SQLITE_OPEN_CREATE : 0);
        rc = sqlite3_open_v2(path, &l->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc != SQLITE_OK) {
            rc = pm_ledger_fail(l, rc, "opening the ledger");
        } else {
            sqlite3_busy_timeout(l->db, l->busy_ms);
            sqlite3_extended_result_codes(l->db, 1);
            pm_ledger_checkpoint_init(l);
            rc = pm_ledger_prepare_file(l, flags & PMINDEX_LEDGER_CREATE, must_be_new);
            if (rc == 0 && !l->readonly)
                rc = pm_ledger_exec(l, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
                                    "opening the ledger");
        }
    }
    if (rc != 0) {
        if (error)
            pm_error_copy(error, &l->error);
        pmindex_ledger_free(l);
        return rc;
    }
    pm_ledger_change_done(l); /* the reason was the init's */
    *ledger_out = l;
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
    if (!path ||
        (flags & ~(uint32_t)(PMINDEX_LEDGER_CREATE | PMINDEX_LEDGER_READONLY |
                             PMINDEX_LEDGER_NO_UPGRADE)) ||
        ((flags & PMINDEX_LEDGER_CREATE) && (flags & PMINDEX_LEDGER_READONLY)))
        return error ? pm_error_set(error, PMINDEX_E_INVALID, "invalid arguments")
                     : PMINDEX_E_INVALID;
    return open_ledger(path, flags, false, NULL, NULL, ledger_out, error);
}

PMINDEX_API int pmindex_ledger_create(const char *path, const char *actor, const char *reason,
                                      pmindex_ledger **ledger_out, pmindex_error *error)
{
    if (error)
        pm_error_clear(error);
    if (!ledger_out)
        return PMINDEX_E_INVALID;
    *ledger_out = NULL;
    if (!path)
        return error ? pm_error_set(error, PMINDEX_E_INVALID, "invalid arguments")
                     : PMINDEX_E_INVALID;
    return open_ledger(path, PMINDEX_LEDGER_CREATE, true, actor, reason, ledger_out, error);
}

static void finalize_statements(pmindex_ledger *l)
{
    sqlite3_stmt **all[] = {&l->get_state, &l->put_state, &l->del_state, &l->put_row,
                            &l->put_measure, &l->get_row, &l->get_level};
    for (size_t k = 0; k < PM_ARRAY_SIZE(all); k++) {
        sqlite3_finalize(*all[k]);
        *all[k] = NULL;
    }
}

void pm_ledger_end_change(pmindex_ledger *l)
{
    finalize_statements(l);
    pmindex_assessment_free(l->assessment);
    l->assessment = NULL;
    pmindex_compound_free(l->work);
    l->work = NULL;
    free(l->ini);
    l->ini = NULL;
    free(l->periods);
    l->periods = NULL;
    l->nperiods = 0;
    pm_idset_free(&l->reviewed);
    pm_idset_init(&l->reviewed);
    l->mode = PM_LEDGER_IDLE;
    l->failed = false;
    l->model = NULL;
}

static void drop_written(pmindex_ledger *l)
{
    for (int64_t k = 0; k < l->nwritten; k++)
        free(l->written[k].id);
    l->nwritten = 0;
}

PMINDEX_API void pmindex_ledger_free(pmindex_ledger *l)
{
    if (!l)
        return;
    pmindex_ledger_rollback(l);
    pm_ledger_checkpoint_wait(l);
    sqlite3_close(l->db);
    for (int32_t k = 0; k < l->nmodels; k++)
        pmindex_model_free(l->models[k].model);
    free(l->models);
    drop_written(l);
    free(l->written);
    pm_ledger_change_done(l);
    free(l->inputs);
    free(l->actor);
    free(l->default_actor);
    free(l->scratch);
    free(l->obs);
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
    if (!l || l->mode == PM_LEDGER_IDLE)
        return;
    pm_ledger_end_change(l);
    sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
    pm_ledger_change_done(l);
}

char *pm_ledger_model_ini(pmindex_ledger *l, const pmindex_model *m, size_t *len)
{
    int64_t n = pmindex_model_write_ini(m, NULL, 0);
    if (n < 0) {
        pm_error_set(&l->error, (int)n, "the model cannot be written as INI: %s",
                     pmindex_strerror((int)n));
        return NULL;
    }
    char *ini = malloc((size_t)n + 1);
    if (!ini) {
        pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
        return NULL;
    }
    pmindex_model_write_ini(m, ini, (size_t)n + 1);
    *len = (size_t)n;
    return ini;
}

int pm_ledger_same_model(pmindex_ledger *l, const char *old, size_t old_len, bool *same)
{
    *same = old_len == l->ini_len && memcmp(old, l->ini, old_len) == 0;
    if (*same)
        return PMINDEX_OK;
    /* Texts differ: the differences may all be texts that decide nothing. */
    pmindex_model *stored = NULL;
    struct pmindex_error e;
    int rc = pmindex_model_load_ini_memory(old, old_len, "the ledger", &stored, &e);
    if (rc == PMINDEX_E_NOMEM)
        return pm_error_set(&l->error, rc, "out of memory");
    if (rc != 0) /* a stored model that no longer loads is another model */
        return PMINDEX_OK;
    rc = pm_model_scores_as(stored, l->model, same, &e);
    pmindex_model_free(stored);
    if (rc != 0) {
        pm_error_copy(&l->error, &e);
        *same = false;
    }
    return rc;
}

int pm_ledger_model(pmindex_ledger *l, int64_t id, const pmindex_model **out)
{
    for (int32_t k = 0; k < l->nmodels; k++)
        if (l->models[k].id == id) {
            *out = l->models[k].model;
            return PMINDEX_OK;
        }
    struct pm_ledger_model *grown = realloc(l->models, (size_t)(l->nmodels + 1) * sizeof *grown);
    if (!grown)
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    l->models = grown;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db, "SELECT ini FROM models WHERE id = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading a model of the ledger");
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    pmindex_model *m = NULL;
    if (rc == SQLITE_ROW) {
        pmindex_error *e = NULL;
        rc = pmindex_error_new(&e);
        if (rc == 0)
            rc = pmindex_model_load_ini_memory(sqlite3_column_blob(st, 0),
                                               (size_t)sqlite3_column_bytes(st, 0), "the ledger",
                                               &m, e);
        if (rc == PMINDEX_E_NOMEM)
            pm_error_set(&l->error, rc, "out of memory");
        else if (rc != 0)
            pm_error_set(&l->error, PMINDEX_E_STORE, "a model stored in %s does not load: %s",
                         l->path, e ? pmindex_error_message(e) : "");
        pmindex_error_free(e);
        rc = rc == PMINDEX_E_NOMEM ? rc : rc ? PMINDEX_E_STORE : 0;
    } else if (rc == SQLITE_DONE) {
        rc = pm_error_set(&l->error, PMINDEX_E_STORE, "%s has no model %lld", l->path,
                          (long long)id);
    } else {
        rc = pm_ledger_fail(l, rc, "reading a model of the ledger");
    }
    sqlite3_finalize(st);
    if (rc != 0)
        return rc;
    l->models[l->nmodels++] = (struct pm_ledger_model){id, m};
    *out = m;
    return PMINDEX_OK;
}

/* ---- beginning a period ------------------------------------------------------ */

static const char *kind_name(int32_t kind)
{
    return kind == PMINDEX_PERIOD_HALF ? "half-years"
           : kind == PMINDEX_PERIOD_QUARTER ? "quarters" : "months";
}

/* "period 2019H1 is missing", "periods 2019H1 and 2019H2 are missing",
 * "145 periods are missing (2019H1 to 2090H2)". */
static int gap_error(pmindex_ledger *l, int32_t last, int32_t period)
{
    char names[MAX_MISSING_NAMED][PM_PERIOD_TEXT], first[PM_PERIOD_TEXT] = "",
        lastmiss[PM_PERIOD_TEXT] = "", a[PM_PERIOD_TEXT], b[PM_PERIOD_TEXT];
    int64_t n = 0;
    for (int32_t p = last; pmindex_period_next(p, &p) == 0 && p != period; n++) {
        if (n < MAX_MISSING_NAMED)
            pm_period_text(p, names[n]);
        if (n == 0)
            pm_period_text(p, first);
        pm_period_text(p, lastmiss);
    }
    pm_period_text(last, a);
    pm_period_text(period, b);
    char what[160];
    if (n == 1)
        snprintf(what, sizeof what, "period %s is missing", names[0]);
    else if (n == 2)
        snprintf(what, sizeof what, "periods %s and %s are missing", names[0], names[1]);
    else if (n == 3)
        snprintf(what, sizeof what, "periods %s, %s and %s are missing", names[0], names[1],
                 names[2]);
    else
        snprintf(what, sizeof what, "%lld periods, %s to %s, are missing", (long long)n, first,
                 lastmiss);
    return pm_error_set(&l->error, PMINDEX_E_STATE,
                        "%s between %s and %s (%s is the last period applied): apply the "
                        "periods in order, or allow the gap if it is intended; the ledger is "
                        "unchanged", what, a, b, a);
}

/* The checks of a period to apply, inside the write transaction, against
 * the last period in force. */
static int check_period(pmindex_ledger *l, int32_t period)
{
    char name[PM_PERIOD_TEXT], last_name[PM_PERIOD_TEXT];
    pm_period_text(period, name);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db,
                                "SELECT p.code, m.ini, m.fingerprint FROM periods p JOIN models m"
                                " ON m.id = p.model WHERE p.revoked IS NULL"
                                " ORDER BY p.seq DESC LIMIT 1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading the ledger");
    rc = sqlite3_step(st);
    int result = PMINDEX_OK;
    l->model_changed = false;
    if (rc == SQLITE_ROW) {
        int32_t last = (int32_t)sqlite3_column_int64(st, 0), order, next;
        pm_period_text(last, last_name);
        if (pmindex_period_kind(last) != pmindex_period_kind(period)) {
            result = pm_error_set(&l->error, PMINDEX_E_STATE,
                                  "period %s is of another kind than the ledger's periods (%s, "
                                  "the last %s)", name, kind_name(pmindex_period_kind(last)),
                                  last_name);
        } else if (pmindex_period_compare(period, last, &order) == 0 && order <= 0) {
            int64_t seen = 0;
            if (order < 0) {
                char sql[128];
                snprintf(sql, sizeof sql,
                         "SELECT count(*) FROM periods WHERE code = %d AND revoked IS NULL",
                         (int)period);
                result = pm_ledger_query_int(l, sql, 0, &seen);
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
        } else if (l->gap_check && !(l->flags & PMINDEX_LEDGER_ALLOW_GAP) &&
                   (pmindex_period_next(last, &next) != 0 || next != period)) {
            result = gap_error(l, last, period);
        } else {
            const char *old = (const char *)sqlite3_column_text(st, 1);
            size_t old_len = (size_t)sqlite3_column_bytes(st, 1);
            bool same;
            result = pm_ledger_same_model(l, old, old_len, &same);
            if (result == 0 && !same) {
                pm_strlcpy(l->old_fp, (const char *)sqlite3_column_text(st, 2), sizeof l->old_fp);
                l->model_changed = true;
                if (!(l->flags & PMINDEX_LEDGER_ALLOW_MODEL_CHANGE))
                    result = pm_error_set(&l->error, PMINDEX_E_STATE,
                                          "the model differs from the one period %s was applied "
                                          "with (model %s, was %s): a change of model must be "
                                          "allowed to apply period %s; the ledger is unchanged",
                                          last_name, l->model_fp, l->old_fp, name);
            }
        }
    } else if (rc != SQLITE_DONE) {
        result = pm_ledger_fail(l, rc, "reading the ledger");
    }
    sqlite3_finalize(st);
    return result;
}

/* The model's row (the same text is stored once) and the period's. */
static int store_period(pmindex_ledger *l, int32_t period, int64_t *model_id)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db, "SELECT id FROM models WHERE fingerprint = ?1 AND ini = ?2",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, l->model_fp, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, l->ini, (int)l->ini_len, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *model_id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    if (rc == SQLITE_DONE) {
        rc = sqlite3_prepare_v2(l->db, "INSERT INTO models(fingerprint, ini) VALUES(?1, ?2)", -1,
                                &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, l->model_fp, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, l->ini, (int)l->ini_len, SQLITE_STATIC);
            rc = sqlite3_step(st);
            sqlite3_finalize(st);
            *model_id = sqlite3_last_insert_rowid(l->db);
        }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return pm_ledger_fail(l, rc, "storing the model");
    char name[PM_PERIOD_TEXT];
    pm_period_text(period, name);
    rc = sqlite3_prepare_v2(l->db,
                            "INSERT INTO periods(code, name, model, compounds, applied_at, entry)"
                            " VALUES(?1, ?2, ?3, 0, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4)",
                            -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, period);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, *model_id);
        sqlite3_bind_int64(st, 4, l->entry);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        l->seq = sqlite3_last_insert_rowid(l->db);
    }
    return rc == SQLITE_DONE ? PMINDEX_OK : pm_ledger_fail(l, rc, "storing the period");
}

/* The period is known: checked, its log entries reserved, its row stored. */
static int start_period(pmindex_ledger *l, int32_t period)
{
    char name[PM_PERIOD_TEXT];
    pm_period_text(period, name);
    if (pmindex_period_kind(period) != l->model->period_kind)
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "period %s is not of the model's kind (%s)", name,
                            kind_name(l->model->period_kind));
    int rc = check_period(l, period);
    if (rc == 0)
        rc = pm_ledger_next_entry(l, &l->entry);
    /* A change of model is an entry of its own, before the period's. */
    l->entry += l->model_changed;
    int64_t model_id = 0;
    if (rc == 0)
        rc = store_period(l, period, &model_id);
    if (rc != 0)
        return rc;
    l->period = period;
    free(l->ini);
    l->ini = NULL;
    return PMINDEX_OK;
}

static int begin_apply(pmindex_ledger *l, const pmindex_model *m, int32_t period, uint32_t flags,
                       uint32_t allowed, bool gap_check)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    if (!m || (flags & ~allowed))
        return pm_error_set(&l->error, PMINDEX_E_INVALID, "invalid arguments");
    char name[PM_PERIOD_TEXT];
    if (pm_period_text(period, name) == 0 && (period != PMINDEX_PERIOD_NONE || !gap_check))
        return pm_error_set(&l->error, PMINDEX_E_INVALID, "invalid period code %d", (int)period);
    if (l->readonly)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "the ledger %s is open read-only",
                            l->path);
    if (l->mode != PM_LEDGER_IDLE)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "a period is being applied already");
    if (period != PMINDEX_PERIOD_NONE && pmindex_period_kind(period) != m->period_kind)
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "period %s is not of the model's kind (%s)", name,
                            kind_name(m->period_kind));
    size_t n;
    char *ini = pm_ledger_model_ini(l, m, &n);
    if (!ini)
        return l->error.code;
    int rc = pm_ledger_exec(l, "BEGIN IMMEDIATE", "applying a period");
    if (rc != 0) {
        free(ini);
        return rc;
    }
    l->mode = PM_LEDGER_APPLYING;
    l->failed = false;
    l->flags = flags;
    l->gap_check = gap_check;
    l->model = m;
    l->ini = ini;
    l->ini_len = n;
    pm_ledger_fingerprint(ini, n, l->model_fp);
    l->period = PMINDEX_PERIOD_NONE;
    l->period_line = 0;
    l->period_from_rows = false;
    l->added = l->changed = 0;
    l->last_entry = 0;
    drop_written(l);
    rc = pm_ledger_prepare_writes(l, m);
    if (rc == 0 && period != PMINDEX_PERIOD_NONE)
        rc = start_period(l, period);
    if (rc == 0)
        rc = pmindex_assessment_new(m, &l->assessment);
    /* A ledger's first period finds no compound's state: it asks for none
     * (a compound given twice is refused by the assessments' key). */
    int64_t states = 1;
    if (rc == 0)
        rc = pm_ledger_query_int(l, "SELECT EXISTS(SELECT 1 FROM compounds)", 1, &states);
    l->no_states = states == 0;
    if (rc == 0)
        rc = pm_ledger_prepare(l, "SELECT level, clean, last_period FROM compounds"
                                  " WHERE compound_id = ?1", &l->get_state);
    if (rc == 0)
        rc = pm_ledger_prepare(l, "INSERT OR REPLACE INTO compounds VALUES(?1, ?2, ?3, ?4)",
                               &l->put_state);
    if (rc != 0) {
        struct pmindex_error keep = l->error;
        pm_ledger_end_change(l);
        sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
        l->error = keep;
    }
    return rc;
}

PMINDEX_API int pmindex_ledger_begin(pmindex_ledger *l, const pmindex_model *m, int32_t period,
                                     uint32_t flags)
{
    return begin_apply(l, m, period, flags, PMINDEX_LEDGER_ALLOW_MODEL_CHANGE, false);
}

PMINDEX_API int pmindex_ledger_begin_apply(pmindex_ledger *l, const pmindex_model *m,
                                           int32_t period, uint32_t flags)
{
    return begin_apply(l, m, period, flags,
                       PMINDEX_LEDGER_ALLOW_MODEL_CHANGE | PMINDEX_LEDGER_ALLOW_GAP |
                           PMINDEX_LEDGER_DRY_RUN,
                       true);
}

/* ---- rows ------------------------------------------------------------------- */

void pm_ledger_put_texts(struct pm_out *o, const pmindex_model *m, const pmindex_assessment *a,
                         size_t off[PM_LEDGER_TEXTS])
{
    for (int with_red = 1; with_red >= 0; with_red--) {
        off[with_red ? PM_TEXT_REASONS : PM_TEXT_REASONS_NO_RED] = o->len;
        bool first = true;
        for (int32_t r = 0; r < a->nreasons; r++) {
            if (a->reasons[r].rule == PMINDEX_REASON_RED && !with_red)
                continue;
            if (!first)
                pm_out_char(o, ';');
            first = false;
            pm_out_reason_key(o, m, &a->reasons[r]);
        }
        pm_out_char(o, '\0');
    }
    off[PM_TEXT_INDICATORS] = o->len;
    for (int32_t k = 0; k < m->nindicators; k++) {
        if (k)
            pm_out_char(o, ';');
        pm_out_str(o, m->indicators[k].id);
        pm_out_char(o, '=');
        if (a->applicable[k])
            pm_out_centi(o, a->points[k]);
    }
    pm_out_char(o, '\0');
    off[PM_TEXT_ITEMS] = o->len;
    for (int32_t i = 0; i < m->nitems; i++) {
        if (i)
            pm_out_char(o, ';');
        pm_out_str(o, m->items[i].id);
        pm_out_char(o, '=');
        int64_t p;
        if (pmindex_assessment_item(a, i, &p, NULL) == 1)
            pm_out_centi(o, p);
        else
            pm_out_str(o, "NA");
    }
    pm_out_char(o, '\0');
}

/* An assessment's texts into l->scratch: offsets in off. */
static int scratch_texts(pmindex_ledger *l, const pmindex_model *m, const pmindex_assessment *a,
                         size_t off[PM_LEDGER_TEXTS])
{
    for (;;) {
        struct pm_out o;
        pm_out_init(&o, l->scratch, l->scratch_cap);
        pm_ledger_put_texts(&o, m, a, off);
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

int pm_ledger_row_texts(pmindex_ledger *l, const pmindex_model *m, const pmindex_assessment *a,
                        int32_t card, size_t off[3])
{
    size_t texts[PM_LEDGER_TEXTS];
    int rc = scratch_texts(l, m, a, texts);
    /* The red card the assessment gave without history is not one when
     * a sanction is in force: its reason goes too. */
    off[0] = texts[card == PMINDEX_CARD_RED ? PM_TEXT_REASONS : PM_TEXT_REASONS_NO_RED];
    off[1] = texts[PM_TEXT_INDICATORS];
    off[2] = texts[PM_TEXT_ITEMS];
    return rc;
}

int pm_ledger_step(const pmindex_model *m, pmindex_ladder_state before, int32_t period,
                   int32_t events, pmindex_ladder_state *after, int32_t *card, int32_t *measure)
{
    if (before.level > m->max_level)
        before.level = m->max_level;
    if (before.clean >= m->clean_periods)
        before.clean = m->clean_periods - 1;
    return pmindex_ladder_step(m, &before, period, events, after, card, measure);
}

int pm_ledger_prepare_writes(pmindex_ledger *l, const pmindex_model *m)
{
    size_t obs = pm_obs_max(m);
    if (obs > l->obs_cap) {
        uint8_t *p = realloc(l->obs, obs);
        if (!p)
            return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
        l->obs = p;
        l->obs_cap = obs;
    }
    int rc = pm_ledger_prepare(l, "INSERT INTO assessments VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                                  " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
                                  " ?21, ?22, ?23)", &l->put_row);
    if (rc == 0)
        rc = pm_ledger_prepare(l, "INSERT INTO measures VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                               &l->put_measure);
    return rc;
}

int pm_ledger_put_row(pmindex_ledger *l, const pmindex_model *m, const struct pm_row *r)
{
    sqlite3_stmt *st = l->put_row;
    int col = 1;
    sqlite3_bind_int64(st, col++, r->seq);
    sqlite3_bind_text(st, col++, r->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, col++, r->revision);
    if (r->entry)
        sqlite3_bind_int64(st, col++, r->entry);
    else
        sqlite3_bind_null(st, col++);
    for (int f = 0; f < 4; f++)
        sqlite3_bind_text(st, col++, r->field[f], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, col++, r->managed);
    if (r->has_index)
        sqlite3_bind_int64(st, col++, r->index);
    else
        sqlite3_bind_null(st, col++);
    sqlite3_bind_int64(st, col++, r->coverage);
    sqlite3_bind_int64(st, col++, r->tier);
    sqlite3_bind_text(st, col++, r->tier_key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, col++, r->card);
    sqlite3_bind_int64(st, col++, r->events);
    sqlite3_bind_int64(st, col++, r->level_before);
    sqlite3_bind_int64(st, col++, r->level);
    sqlite3_bind_int64(st, col++, r->clean);
    sqlite3_bind_int64(st, col++, r->measure);
    sqlite3_bind_text(st, col++, r->reasons, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, col++, r->indicators, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, col++, r->items, -1, SQLITE_STATIC);
    if (r->obs)
        sqlite3_bind_blob(st, col++, r->obs, (int)r->obs_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, col++);
    int rc = pm_ledger_step_done(l, st, "storing an assessment");
    if (rc != 0 || r->measure < 0)
        return rc;
    const struct pm_ladder_level *lv = &m->levels[r->measure];
    st = l->put_measure;
    sqlite3_bind_int64(st, 1, r->seq);
    sqlite3_bind_text(st, 2, r->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, r->revision);
    sqlite3_bind_int64(st, 4, r->measure);
    sqlite3_bind_text(st, 5, lv->key ? lv->key : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, pm_text(lv->label, PMINDEX_LANG_ZH), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, pm_text(lv->label, PMINDEX_LANG_EN), -1, SQLITE_STATIC);
    return pm_ledger_step_done(l, st, "storing a measure");
}

bool pm_ledger_verdict_changed(const struct pm_row *a, const struct pm_row *b)
{
    return a->has_index != b->has_index || (a->has_index && a->index != b->index) ||
           a->tier != b->tier || a->card != b->card || a->level != b->level ||
           a->measure != b->measure;
}

/* ---- adding compounds --------------------------------------------------------- */

/* The first compound names the period when none was given to begin. */
static int first_period(pmindex_ledger *l, const pmindex_compound *c, const char *id)
{
    const char *given = c->field[PMINDEX_FIELD_PERIOD];
    int32_t p;
    if (!*given)
        pm_error_set(&l->error, PMINDEX_E_RANGE,
                     "compound %s names no period (its period cell is empty, or the sheet has "
                     "no period column): when the period is not given, every row must name it",
                     id);
    else if (pmindex_period_parse(given, strlen(given), &p) != 0)
        pm_error_set(&l->error, PMINDEX_E_RANGE,
                     "compound %s names the period \"%s\", which is not a period (such as "
                     "2018H2, 2018Q3 or 2018-09)", id, given);
    else {
        l->period_from_rows = true;
        l->period_line = c->line;
        return start_period(l, p);
    }
    pm_error_set_section(&l->error, NULL, "period");
    pm_error_set_value(&l->error, given, strlen(given));
    return PMINDEX_E_RANGE;
}

/* Every row of the period names it, or names none when begin named it. */
static int row_period(pmindex_ledger *l, const pmindex_compound *c, const char *id)
{
    const char *given = c->field[PMINDEX_FIELD_PERIOD];
    int32_t p;
    if (*given && pmindex_period_parse(given, strlen(given), &p) == 0 && p == l->period)
        return PMINDEX_OK;
    if (!*given && !l->period_from_rows)
        return PMINDEX_OK; /* the period given to begin covers rows that name none */
    char name[PM_PERIOD_TEXT], where[48] = "";
    pm_period_text(l->period, name);
    if (l->period_line > 0)
        snprintf(where, sizeof where, " (line %lld)", (long long)l->period_line);
    if (!*given)
        pm_error_set(&l->error, PMINDEX_E_RANGE,
                     "compound %s names no period, but the sheet's period is %s%s: every row "
                     "of a sheet names the same period", id, name, where);
    else if (l->period_from_rows)
        pm_error_set(&l->error, PMINDEX_E_RANGE,
                     "compound %s is a row of period \"%s\", but the sheet's period is %s%s: "
                     "every row of a sheet names the same period", id, given, name, where);
    else
        pm_error_set(&l->error, PMINDEX_E_RANGE,
                     "compound %s is a row of period \"%s\", not of %s, the period applied", id,
                     given, name);
    pm_error_set_section(&l->error, NULL, "period");
    if (*given)
        pm_error_set_value(&l->error, given, strlen(given));
    return PMINDEX_E_RANGE;
}

void pm_ledger_verdict_of(const pmindex_model *m, const pmindex_compound *c,
                          const pmindex_assessment *a, struct pm_ledger_verdict *v)
{
    *v = (struct pm_ledger_verdict){
        .has_index = a->has_index, .index = a->index,
        .coverage = pmindex_assessment_coverage(a, NULL, NULL), .tier = a->tier,
        .events = pmindex_ladder_events(m, c, a)};
}

/* The verdict of a compound the sheet's threads did not assess: assessed
 * here, its texts in l->scratch and its observations in l->obs. */
static int verdict_here(pmindex_ledger *l, const pmindex_compound *c, const char *id,
                        struct pm_ledger_verdict *v)
{
    const pmindex_model *m = l->model;
    pmindex_assessment *a = l->assessment;
    int rc = pmindex_assess(m, c, a);
    if (rc != 0)
        return pm_error_set(&l->error, rc, "compound %s cannot be assessed", id);
    size_t off[PM_LEDGER_TEXTS];
    if ((rc = scratch_texts(l, m, a, off)) != 0)
        return rc;
    pm_ledger_verdict_of(m, c, a, v);
    v->reasons[0] = l->scratch + off[PM_TEXT_REASONS];
    v->reasons[1] = l->scratch + off[PM_TEXT_REASONS_NO_RED];
    v->indicators = l->scratch + off[PM_TEXT_INDICATORS];
    v->items = l->scratch + off[PM_TEXT_ITEMS];
    v->obs = l->obs;
    v->obs_len = pm_obs_encode(c, l->obs);
    return PMINDEX_OK;
}

/* The error of a compound given twice in the period. */
static int twice(pmindex_ledger *l, const char *id)
{
    char name[PM_PERIOD_TEXT];
    pm_period_text(l->period, name);
    return pm_error_set(&l->error, PMINDEX_E_DUPLICATE, "compound %s is given twice for period %s",
                        id, name);
}

int pm_ledger_add(pmindex_ledger *l, const pmindex_compound *c, const struct pm_ledger_verdict *given)
{
    const pmindex_model *m = l->model;
    const char *id = c->field[PMINDEX_FIELD_ID];
    if (!*id)
        return pm_error_set(&l->error, PMINDEX_E_RANGE, "a compound without compound_id");
    int rc = l->period == PMINDEX_PERIOD_NONE ? first_period(l, c, id) : PMINDEX_OK;
    if (rc == 0)
        rc = row_period(l, c, id);
    if (rc != 0)
        return rc;
    struct pm_ledger_verdict here;
    if (!given && (rc = verdict_here(l, c, id, &here)) != 0)
        return rc;
    const struct pm_ledger_verdict *v = given ? given : &here;
    /* The state before: none for a compound new to the ledger. */
    pmindex_ladder_state before = {0, 0, PMINDEX_PERIOD_NONE, 0}, after;
    sqlite3_stmt *st = l->get_state;
    if (!l->no_states) {
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
    }
    if (before.period == l->period)
        return twice(l, id);
    int32_t card, measure;
    rc = pm_ledger_step(m, before, l->period, v->events, &after, &card, &measure);
    if (rc != 0) {
        char name[PM_PERIOD_TEXT];
        pm_period_text(l->period, name);
        return pm_error_set(&l->error, rc, "compound %s: the ladder cannot step to period %s", id,
                            name);
    }

    st = l->put_state;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, after.level);
    sqlite3_bind_int64(st, 3, after.clean);
    sqlite3_bind_int64(st, 4, after.period);
    if ((rc = pm_ledger_step_done(l, st, "storing a compound's state")) != 0)
        return rc;

    int32_t level_before = before.level > m->max_level ? m->max_level : before.level;
    struct pm_row row = {
        .seq = l->seq, .revision = 1, .entry = l->entry, .id = id,
        .field = {c->field[PMINDEX_FIELD_NAME], c->field[PMINDEX_FIELD_STREET],
                  c->field[PMINDEX_FIELD_STATION], c->field[PMINDEX_FIELD_COMPANY]},
        .managed = c->managed, .has_index = v->has_index, .index = v->index,
        .coverage = v->coverage, .tier = v->tier,
        .tier_key = v->tier == PMINDEX_TIER_FALLBACK ? "fallback" : m->tiers[v->tier].key,
        .events = v->events, .card = card, .level_before = level_before, .level = after.level,
        .clean = after.clean, .measure = measure,
        /* The red card the assessment gave without history is not one when
         * a sanction is in force: its reason goes too. */
        .reasons = v->reasons[card != PMINDEX_CARD_RED], .indicators = v->indicators,
        .items = v->items, .obs = v->obs, .obs_len = v->obs_len,
    };
    rc = pm_ledger_put_row(l, m, &row);
    if (rc == PMINDEX_E_STORE &&
        sqlite3_extended_errcode(l->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        return twice(l, id);
    if (rc != 0)
        return rc;
    l->added++;
    /* The period's decisions: a card, a measure, or a level that moved. */
    l->changed += card != PMINDEX_CARD_NONE || measure >= 0 || after.level != level_before;
    return PMINDEX_OK;
}

int pm_ledger_check_add(pmindex_ledger *l, const pmindex_model *m)
{
    pm_error_clear(&l->error);
    if (l->mode != PM_LEDGER_APPLYING)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "no period is being applied");
    if (!m || m != l->model)
        return pm_error_set(&l->error, PMINDEX_E_INVALID,
                            "the compound is NULL or of another model than the period's");
    if (l->failed)
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "an earlier compound failed: the period can only be rolled back");
    return PMINDEX_OK;
}

int pm_ledger_add_result(pmindex_ledger *l, const pmindex_compound *c, int rc)
{
    if (rc != 0) {
        l->failed = true;
        if (c->line > 0 && l->error.line == 0)
            l->error.line = c->line;
    }
    return rc;
}

PMINDEX_API int pmindex_ledger_add(pmindex_ledger *l, const pmindex_compound *c)
{
    if (!l)
        return PMINDEX_E_INVALID;
    int rc = pm_ledger_check_add(l, c ? c->model : NULL);
    return rc != 0 ? rc : pm_ledger_add_result(l, c, pm_ledger_add(l, c, NULL));
}

/* ---- committing ------------------------------------------------------------------ */

static int finish_apply(pmindex_ledger *l)
{
    if (l->gap_check && l->added == 0)
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "no compound was added: a period needs at least one compound (the "
                            "sheet has no compounds?); the ledger is unchanged");
    if (l->period == PMINDEX_PERIOD_NONE) /* 1.1: an empty period named by begin */
        return pm_error_set(&l->error, PMINDEX_E_STATE, "no period is being applied");
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE periods SET compounds = %lld WHERE seq = %lld",
             (long long)l->added, (long long)l->seq);
    int rc = pm_ledger_exec(l, sql, "storing the period");
    if (rc == 0 && l->model_changed) {
        char detail[64];
        snprintf(detail, sizeof detail, "replaces model %s", l->old_fp);
        int32_t inputs = l->ninputs; /* the sheets are the period's, in its entry */
        l->ninputs = 0;
        rc = pm_ledger_log(l, l->entry - 1, "model", l->period, 0, 0, l->model_fp, detail);
        l->ninputs = inputs;
    }
    if (rc == 0)
        rc = pm_ledger_log(l, l->entry, "apply", l->period, l->added, l->changed, l->model_fp,
                           "");
    return rc;
}

PMINDEX_API int pmindex_ledger_commit(pmindex_ledger *l)
{
    if (!l)
        return PMINDEX_E_INVALID;
    if (l->mode != PM_LEDGER_APPLYING && l->mode != PM_LEDGER_REVIEWING)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "no period is being applied");
    bool review = l->mode == PM_LEDGER_REVIEWING;
    if (l->failed) {
        pmindex_ledger_rollback(l);
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            review ? "a compound of the review failed: the review was rolled "
                                     "back and the ledger is unchanged"
                                   : "a compound of the period failed: the period was rolled "
                                     "back and the ledger is unchanged");
    }
    pm_error_clear(&l->error);
    int rc = review ? pm_ledger_finish_review(l) : finish_apply(l);
    bool dry = l->flags & PMINDEX_LEDGER_DRY_RUN;
    finalize_statements(l);
    if (rc == 0 && !dry)
        rc = pm_ledger_exec(l, "COMMIT", review ? "committing the review"
                                                : "committing the period");
    if (rc == 0 && !dry)
        pm_ledger_checkpoint_start(l);
    if (rc != 0) {
        struct pmindex_error keep = l->error;
        pmindex_ledger_rollback(l);
        l->error = keep;
        return rc;
    }
    int64_t entry = l->entry;
    pm_ledger_end_change(l);
    l->last_entry = entry;
    if (dry)
        l->mode = PM_LEDGER_DRY_DONE; /* readable until pmindex_ledger_rollback() */
    else
        pm_ledger_change_done(l);
    return PMINDEX_OK;
}

/* ---- reading ---------------------------------------------------------------------- */

PMINDEX_API int32_t pmindex_ledger_period_count(pmindex_ledger *l)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    int64_t n;
    int rc = pm_ledger_query_int(l, "SELECT count(*) FROM periods WHERE revoked IS NULL", 0, &n);
    return rc != 0 ? rc : (int32_t)n;
}

PMINDEX_API int32_t pmindex_ledger_period(pmindex_ledger *l, int32_t n)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    if (n < 0)
        return pm_error_set(&l->error, PMINDEX_E_NOT_FOUND, "no period %d", (int)n);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT code FROM periods WHERE revoked IS NULL ORDER BY seq"
                              " LIMIT 1 OFFSET %d", (int)n);
    int64_t code;
    int rc = pm_ledger_query_int(l, sql, 0, &code);
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
                                       " p.model WHERE p.code = ?1 AND p.revoked IS NULL",
                                -1, &st, NULL);
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

PMINDEX_API int pmindex_ledger_step_down(pmindex_ledger *l, const char *id, int32_t *period_out,
                                         int32_t *level_out)
{
    if (!l || !id)
        return PMINDEX_E_INVALID;
    pmindex_ladder_state s;
    int rc = pmindex_ledger_state(l, id, &s);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return pm_error_set(&l->error, PMINDEX_E_NOT_FOUND, "the ledger has no compound %s", id);
    /* The ladder of the last period's model, from the last period on. */
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(l->db, "SELECT code, model FROM periods WHERE revoked IS NULL"
                                   " ORDER BY seq DESC LIMIT 1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading the ledger");
    rc = sqlite3_step(st);
    int32_t last = rc == SQLITE_ROW ? (int32_t)sqlite3_column_int64(st, 0) : 0;
    int64_t model_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : pm_ledger_fail(l, rc, "reading the ledger");
    const pmindex_model *m;
    if ((rc = pm_ledger_model(l, model_id, &m)) != 0)
        return rc;
    int32_t level = s.level > m->max_level ? m->max_level : s.level;
    int32_t clean = s.clean >= m->clean_periods ? m->clean_periods - 1 : s.clean;
    if (level == 0)
        return 0;
    int32_t p = last;
    for (int32_t k = clean; k < m->clean_periods; k++)
        if (pmindex_period_next(p, &p) != 0)
            return 0; /* beyond the year 9999 */
    if (period_out)
        *period_out = p;
    if (level_out)
        *level_out = level - 1;
    return 1;
}
