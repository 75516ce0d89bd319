/* Corrections: revoking the last period applied, and reviewing (复核) some
 * compounds of any period after an appeal. Nothing recorded is changed: a
 * revoked period keeps its rows, marked revoked; a review adds a revision
 * of the rows it corrects. The ladders are then what a fresh ledger would
 * hold had the corrected sheets been applied in order:
 *
 * - revoking period P puts back every compound's state after its last
 *   assessment before P;
 * - reviewing compound X in period P re-assesses X from its stored
 *   observations with the corrected cells, then steps its ladder again
 *   through every later period from the assessments stored there, until
 *   a period ends in the state it ended in before (from there on nothing
 *   changes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "compound.h"
#include "ledger.h"
#include "model.h"
#include "period.h"

enum { MAX_MISSING_LISTED = 8 };

/* Columns of get_row, in the order of struct pm_row. */
enum {
    R_REVISION, R_ENTRY, R_NAME, R_STREET, R_STATION, R_COMPANY, R_MANAGED, R_INDEX, R_COVERAGE,
    R_TIER, R_TIER_KEY, R_CARD, R_EVENTS, R_LEVEL_BEFORE, R_LEVEL, R_CLEAN, R_MEASURE,
    R_REASONS, R_INDICATORS, R_ITEMS, R_OBS
};

static const char get_row_sql[] =
    "SELECT revision, entry, name, street, station, company, managed, idx, coverage, tier,"
    " tier_key, card, events, level_before, level, clean, measure, reasons, indicators, items,"
    " observations FROM assessments WHERE seq = ?1 AND compound_id = ?2"
    " ORDER BY revision DESC LIMIT 1";

static const char *text_of(sqlite3_stmt *st, int c)
{
    const char *s = (const char *)sqlite3_column_text(st, c);
    return s ? s : "";
}

/* The current revision of a compound's row in one application of a period:
 * 1 with *r filled (its texts valid until get_row is stepped or reset), 0
 * when the compound was not assessed there, or an error. */
static int load_row(pmindex_ledger *l, int64_t seq, const char *id, struct pm_row *r)
{
    sqlite3_stmt *st = l->get_row;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return pm_ledger_fail(l, rc, "reading an assessment");
    *r = (struct pm_row){
        .seq = seq, .id = id, .revision = sqlite3_column_int64(st, R_REVISION),
        .entry = sqlite3_column_int64(st, R_ENTRY),
        .field = {text_of(st, R_NAME), text_of(st, R_STREET), text_of(st, R_STATION),
                  text_of(st, R_COMPANY)},
        .managed = (int32_t)sqlite3_column_int64(st, R_MANAGED),
        .has_index = sqlite3_column_type(st, R_INDEX) != SQLITE_NULL,
        .index = sqlite3_column_int64(st, R_INDEX),
        .coverage = sqlite3_column_int64(st, R_COVERAGE),
        .tier = (int32_t)sqlite3_column_int64(st, R_TIER), .tier_key = text_of(st, R_TIER_KEY),
        .card = (int32_t)sqlite3_column_int64(st, R_CARD),
        .events = (int32_t)sqlite3_column_int64(st, R_EVENTS),
        .level_before = (int32_t)sqlite3_column_int64(st, R_LEVEL_BEFORE),
        .level = (int32_t)sqlite3_column_int64(st, R_LEVEL),
        .clean = (int32_t)sqlite3_column_int64(st, R_CLEAN),
        .measure = (int32_t)sqlite3_column_int64(st, R_MEASURE),
        .reasons = text_of(st, R_REASONS), .indicators = text_of(st, R_INDICATORS),
        .items = text_of(st, R_ITEMS),
        .obs = sqlite3_column_type(st, R_OBS) == SQLITE_NULL ? NULL : sqlite3_column_blob(st, R_OBS),
        .obs_len = (size_t)sqlite3_column_bytes(st, R_OBS),
    };
    if (r->obs && r->obs_len == 0)
        r->obs = (const uint8_t *)""; /* an empty blob: kept, and damaged */
    return 1;
}

/* The periods in force, in the order applied. */
static int load_periods(pmindex_ledger *l)
{
    int64_t n;
    int rc = pm_ledger_query_int(l, "SELECT count(*) FROM periods WHERE revoked IS NULL", 0, &n);
    if (rc != 0)
        return rc;
    free(l->periods);
    l->periods = calloc((size_t)n + 1, sizeof *l->periods);
    l->nperiods = 0;
    if (!l->periods)
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(l->db, "SELECT seq, code, model FROM periods WHERE revoked IS NULL"
                                   " ORDER BY seq", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading the ledger");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && l->nperiods < n)
        l->periods[l->nperiods++] = (struct pm_ledger_period){
            sqlite3_column_int64(st, 0), (int32_t)sqlite3_column_int64(st, 1),
            sqlite3_column_int64(st, 2)};
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? PMINDEX_OK
                                                 : pm_ledger_fail(l, rc, "reading the ledger");
}

/* The index of a period in force in l->periods, or -1. */
static int32_t find_period(const pmindex_ledger *l, int32_t code)
{
    for (int32_t k = 0; k < l->nperiods; k++)
        if (l->periods[k].code == code)
            return k;
    return -1;
}

/* A compound's ladder state before the period l->periods[k]: the state
 * after its current row in the last period in force before it, or none. */
static int state_before(pmindex_ledger *l, const char *id, int32_t k, pmindex_ladder_state *s)
{
    *s = (pmindex_ladder_state){0, 0, PMINDEX_PERIOD_NONE, 0};
    sqlite3_stmt *st = l->get_level;
    for (int32_t j = k - 1; j >= 0; j--) {
        sqlite3_bind_int64(st, 1, l->periods[j].seq);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            s->level = (int32_t)sqlite3_column_int64(st, 0);
            s->clean = (int32_t)sqlite3_column_int64(st, 1);
            s->period = l->periods[j].code;
        }
        sqlite3_reset(st);
        if (rc == SQLITE_ROW)
            return 1;
        if (rc != SQLITE_DONE)
            return pm_ledger_fail(l, rc, "reading a compound's state");
    }
    return 0;
}

static int put_state(pmindex_ledger *l, const char *id, const pmindex_ladder_state *s)
{
    sqlite3_stmt *st = l->put_state;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, s->level);
    sqlite3_bind_int64(st, 3, s->clean);
    sqlite3_bind_int64(st, 4, s->period);
    return pm_ledger_step_done(l, st, "storing a compound's state");
}

/* Takes the write lock for a correction and reads what every correction
 * needs: the periods in force, the next log entry, the statements. */
static int begin_correction(pmindex_ledger *l, uint32_t flags, const char *what)
{
    if (l->readonly)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "the ledger %s is open read-only",
                            l->path);
    if (l->mode != PM_LEDGER_IDLE)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "a change of the ledger is under way");
    if (!l->reason)
        return pm_error_set(&l->error, PMINDEX_E_INVALID,
                            "%s needs a reason, for the audit log (pmindex_ledger_set_reason())",
                            what);
    int rc = pm_ledger_exec(l, "BEGIN IMMEDIATE", what);
    if (rc != 0)
        return rc;
    l->mode = PM_LEDGER_REVIEWING;
    l->flags = flags;
    l->failed = false;
    l->added = l->changed = 0;
    l->last_entry = 0;
    for (int64_t k = 0; k < l->nwritten; k++)
        free(l->written[k].id);
    l->nwritten = 0;
    rc = load_periods(l);
    if (rc == 0)
        rc = pm_ledger_next_entry(l, &l->entry);
    if (rc == 0)
        rc = pm_ledger_prepare(l, "SELECT level, clean FROM assessments WHERE seq = ?1 AND"
                                  " compound_id = ?2 ORDER BY revision DESC LIMIT 1",
                               &l->get_level);
    if (rc == 0)
        rc = pm_ledger_prepare(l, "INSERT OR REPLACE INTO compounds VALUES(?1, ?2, ?3, ?4)",
                               &l->put_state);
    return rc;
}

/* Ends a correction that failed: nothing of it stays. */
static int abandon(pmindex_ledger *l, int rc)
{
    struct pmindex_error keep = l->error;
    pm_ledger_end_change(l);
    sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
    l->error = keep;
    return rc;
}

/* Commits a correction, or keeps a dry run's transaction open for reading. */
static int end_correction(pmindex_ledger *l)
{
    bool dry = l->flags & PMINDEX_LEDGER_DRY_RUN;
    int64_t entry = l->entry;
    pm_ledger_end_change(l);
    if (!dry) {
        int rc = pm_ledger_exec(l, "COMMIT", "committing the correction");
        if (rc != 0) {
            struct pmindex_error keep = l->error;
            sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
            pm_ledger_change_done(l);
            l->error = keep;
            return rc;
        }
        pm_ledger_checkpoint_start(l);
        pm_ledger_change_done(l);
    } else {
        l->mode = PM_LEDGER_DRY_DONE;
    }
    l->last_entry = entry;
    return PMINDEX_OK;
}

/* ---- revoking ----------------------------------------------------------------- */

/* Why period can not be revoked: not in force, or not the last. */
static int not_revocable(pmindex_ledger *l, int32_t period)
{
    char name[PM_PERIOD_TEXT], last[PM_PERIOD_TEXT] = "";
    pm_period_text(period, name);
    if (l->nperiods > 0)
        pm_period_text(l->periods[l->nperiods - 1].code, last);
    if (find_period(l, period) >= 0)
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "period %s is not the last period applied (%s is): only the last "
                            "period can be revoked; an earlier one is corrected by a review; the "
                            "ledger is unchanged", name, last);
    int64_t revoked = 0;
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM periods WHERE code = %d", (int)period);
    int rc = pm_ledger_query_int(l, sql, 0, &revoked);
    if (rc != 0)
        return rc;
    return pm_error_set(&l->error, PMINDEX_E_NOT_FOUND,
                        revoked ? "period %s was revoked already, and not applied again; the "
                                  "ledger is unchanged"
                                : "period %s is not in the ledger; the ledger is unchanged",
                        name);
}

static int revoke(pmindex_ledger *l, int32_t period)
{
    if (l->nperiods == 0 || l->periods[l->nperiods - 1].code != period)
        return not_revocable(l, period);
    const struct pm_ledger_period *p = &l->periods[l->nperiods - 1];
    sqlite3_stmt *ids, *del;
    int rc = sqlite3_prepare_v2(l->db, "SELECT DISTINCT compound_id FROM assessments"
                                       " WHERE seq = ?1", -1, &ids, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "revoking the period");
    rc = sqlite3_prepare_v2(l->db, "DELETE FROM compounds WHERE compound_id = ?1", -1, &del,
                            NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(ids);
        return pm_ledger_fail(l, rc, "revoking the period");
    }
    sqlite3_bind_int64(ids, 1, p->seq);
    int result = 0;
    while (result == 0 && (rc = sqlite3_step(ids)) == SQLITE_ROW) {
        const char *id = text_of(ids, 0);
        pmindex_ladder_state s;
        result = state_before(l, id, l->nperiods - 1, &s);
        if (result == 1) {
            result = put_state(l, id, &s);
        } else if (result == 0) {
            /* New in the period: the ledger did not know it before. */
            sqlite3_bind_text(del, 1, id, -1, SQLITE_STATIC);
            result = pm_ledger_step_done(l, del, "revoking the period");
        }
        l->added++;
    }
    if (result == 0 && rc != SQLITE_DONE)
        result = pm_ledger_fail(l, rc, "revoking the period");
    sqlite3_finalize(ids);
    sqlite3_finalize(del);
    if (result != 0)
        return result;
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE periods SET revoked = %lld WHERE seq = %lld",
             (long long)l->entry, (long long)p->seq);
    rc = pm_ledger_exec(l, sql, "revoking the period");
    sqlite3_stmt *st;
    if (rc == 0 && (rc = sqlite3_prepare_v2(l->db, "SELECT fingerprint FROM models WHERE id = ?1",
                                            -1, &st, NULL)) != SQLITE_OK)
        return pm_ledger_fail(l, rc, "revoking the period");
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, p->model_id);
        char fp[17] = "";
        if (sqlite3_step(st) == SQLITE_ROW)
            pm_strlcpy(fp, text_of(st, 0), sizeof fp);
        sqlite3_finalize(st);
        /* Every verdict of the period is withdrawn. */
        rc = pm_ledger_log(l, l->entry, "revoke", period, l->added, l->added, fp, "");
    }
    return rc;
}

PMINDEX_API int pmindex_ledger_revoke(pmindex_ledger *l, int32_t period, uint32_t flags)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    char name[PM_PERIOD_TEXT];
    if ((flags & ~(uint32_t)PMINDEX_LEDGER_DRY_RUN) || pm_period_text(period, name) == 0)
        return pm_error_set(&l->error, PMINDEX_E_INVALID, "invalid arguments");
    int rc = begin_correction(l, flags, "revoking a period");
    if (rc == 0)
        rc = revoke(l, period);
    if (rc != 0)
        return l->mode == PM_LEDGER_IDLE ? rc : abandon(l, rc);
    return end_correction(l);
}

/* ---- reviewing ------------------------------------------------------------------ */

PMINDEX_API int pmindex_ledger_begin_review(pmindex_ledger *l, const pmindex_model *m,
                                            int32_t period, uint32_t flags)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    char name[PM_PERIOD_TEXT];
    if (!m || (flags & ~(uint32_t)PMINDEX_LEDGER_DRY_RUN) || pm_period_text(period, name) == 0)
        return pm_error_set(&l->error, PMINDEX_E_INVALID, "invalid arguments");
    size_t n;
    char *ini = pm_ledger_model_ini(l, m, &n);
    if (!ini)
        return l->error.code;
    int rc = begin_correction(l, flags, "a review");
    if (rc != 0) {
        free(ini);
        return l->mode == PM_LEDGER_IDLE ? rc : abandon(l, rc);
    }
    l->ini = ini;
    l->ini_len = n;
    pm_ledger_fingerprint(ini, n, l->model_fp);
    l->model = m;
    l->period = period;
    int32_t k = find_period(l, period);
    if (k < 0) /* not_revocable() says whether it is revoked or unknown */
        return abandon(l, not_revocable(l, period));
    l->seq = l->periods[k].seq;
    /* The stored text is canonical: the same model writes the same text
     * (but for legal bases, which decide nothing). */
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(l->db, "SELECT ini FROM models WHERE id = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return abandon(l, pm_ledger_fail(l, rc, "reading the ledger"));
    sqlite3_bind_int64(st, 1, l->periods[k].model_id);
    rc = sqlite3_step(st);
    bool same = false;
    if (rc == SQLITE_ROW)
        rc = pm_ledger_same_model(l, sqlite3_column_blob(st, 0),
                                  (size_t)sqlite3_column_bytes(st, 0), &same);
    else
        rc = rc == SQLITE_DONE ? PMINDEX_OK : pm_ledger_fail(l, rc, "reading the ledger");
    sqlite3_finalize(st);
    if (rc == 0 && !same)
        rc = pm_error_set(&l->error, PMINDEX_E_STATE,
                          "the model is not the one period %s was applied with: a review scores "
                          "a period with its own model (read it with "
                          "pmindex_ledger_period_model()); the ledger is unchanged", name);
    if (rc == 0)
        rc = pm_ledger_prepare_writes(l, m);
    if (rc == 0)
        rc = pmindex_assessment_new(m, &l->assessment);
    if (rc == 0)
        rc = pmindex_compound_new(m, &l->work);
    if (rc == 0)
        rc = pm_ledger_prepare(l, get_row_sql, &l->get_row);
    if (rc != 0)
        return abandon(l, rc);
    l->review_index = k;
    return PMINDEX_OK;
}

/* A 1.1 row kept points, not observations: the review must give them all. */
static int check_full_row(pmindex_ledger *l, const char *id, const char *const *columns,
                          int32_t ncolumns)
{
    const pmindex_model *m = l->model;
    char missing[256] = "";
    int32_t nmissing = 0;
    for (int32_t slot = 0; slot < m->nitems + m->nvetoes; slot++) {
        const char *want = slot < m->nitems ? m->items[slot].id : m->vetoes[slot - m->nitems].id;
        bool given = false;
        for (int32_t k = 0; k < ncolumns && !given; k++)
            given = strcmp(columns[k], want) == 0;
        if (given)
            continue;
        if (nmissing++ < MAX_MISSING_LISTED)
            snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s",
                     nmissing > 1 ? ", " : "", want);
    }
    if (nmissing == 0)
        return PMINDEX_OK;
    char name[PM_PERIOD_TEXT];
    pm_period_text(l->period, name);
    return pm_error_set(&l->error, PMINDEX_E_COLUMN,
                        "period %s was stored by pmindex 1.1, which kept the points and not what "
                        "was observed: a review of compound %s needs its full row (every item "
                        "and veto); missing: %s%s (%d columns)",
                        name, id, missing, nmissing > MAX_MISSING_LISTED ? ", ..." : "",
                        (int)nmissing);
}

/* The reviewed compound: the stored observations and fields, then the
 * corrected cells. */
static int corrected(pmindex_ledger *l, const struct pm_row *old, const pmindex_compound *c,
                     const char *const *columns, int32_t ncolumns)
{
    const pmindex_model *m = l->model;
    pmindex_compound *w = l->work;
    const char *id = old->id;
    pmindex_compound_clear(w);
    static const char *const fields[4] = {"name", "street", "station", "company"};
    int rc = pmindex_compound_set_text(w, "compound_id", id, strlen(id));
    for (int f = 0; f < 4 && rc == 0; f++)
        rc = pmindex_compound_set_text(w, fields[f], old->field[f], strlen(old->field[f]));
    if (rc != 0)
        return pm_error_set(&l->error, rc, "compound %s: its stored fields do not read back", id);
    w->managed = old->managed;
    if (old->obs)
        rc = pm_obs_decode(w, old->obs, old->obs_len, &l->error);
    else
        rc = check_full_row(l, id, columns, ncolumns);
    if (rc != 0)
        return rc;
    char name[PM_PERIOD_TEXT];
    pm_period_text(l->period, name);
    for (int32_t k = 0; k < ncolumns; k++) {
        const char *col = columns[k];
        int32_t code = pm_names_find(&m->columns, col, strlen(col));
        int32_t kind = code & PM_COL_KIND_MASK, index = code & PM_COL_INDEX_MASK;
        if (code < 0) {
            pm_error_set(&l->error, PMINDEX_E_COLUMN,
                         "compound %s: a review corrects the cells of the sheet's columns; "
                         "\"%s\" is not one", id, col);
            pm_error_set_section(&l->error, NULL, col);
            return PMINDEX_E_COLUMN;
        }
        if (kind == PM_COL_ITEM) {
            w->values[index] = c->values[index];
        } else if (kind == PM_COL_VETO) {
            w->vetoes[index] = c->vetoes[index];
        } else if (index == PM_META_MANAGED) {
            w->managed = c->managed;
        } else if (index == PM_META_HOUSEHOLDS) {
            if (c->households >= 0) /* an empty cell gives nothing, as in a merge */
                w->households = c->households;
        } else if (index == PMINDEX_FIELD_PERIOD) {
            const char *p = c->field[PMINDEX_FIELD_PERIOD];
            int32_t code_p;
            if (*p && (pmindex_period_parse(p, strlen(p), &code_p) != 0 || code_p != l->period)) {
                pm_error_set(&l->error, PMINDEX_E_RANGE,
                             "compound %s is a row of period \"%s\", not of %s, the period "
                             "reviewed", id, p, name);
                pm_error_set_section(&l->error, NULL, "period");
                pm_error_set_value(&l->error, p, strlen(p));
                return PMINDEX_E_RANGE;
            }
        } else if (index != PMINDEX_FIELD_ID && *c->field[index]) {
            rc = pmindex_compound_set_text(w, col, c->field[index], strlen(c->field[index]));
            if (rc != 0)
                return pm_error_set(&l->error, rc, "out of memory");
        }
    }
    return PMINDEX_OK;
}

static int remember_written(pmindex_ledger *l, const struct pm_row *r)
{
    if (l->nwritten == l->written_cap) {
        int64_t cap = l->written_cap ? l->written_cap * 2 : 16;
        struct pm_ledger_written *p = realloc(l->written, (size_t)cap * sizeof *p);
        if (!p)
            return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
        l->written = p;
        l->written_cap = cap;
    }
    char *id = strdup(r->id);
    if (!id)
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    l->written[l->nwritten++] = (struct pm_ledger_written){r->seq, r->revision, id};
    return PMINDEX_OK;
}

/* The reasons of a stored row as its card shows them: the assessment's
 * red reason (always its last) goes when the card is not red. full holds
 * every reason of the assessment. */
static void reasons_for(char *full, int32_t events, int32_t card)
{
    if (!(events & PMINDEX_LADDER_RED) || card == PMINDEX_CARD_RED)
        return;
    size_t n = strlen(full);
    if (n >= 3 && strcmp(full + n - 3, "red") == 0 && (n == 3 || full[n - 4] == ';'))
        full[n == 3 ? 0 : n - 4] = '\0';
}

/* Every reason of a stored row's assessment, whatever its card. */
static char *full_reasons(const struct pm_row *r)
{
    size_t n = strlen(r->reasons);
    char *s = malloc(n + 5);
    if (!s)
        return NULL;
    memcpy(s, r->reasons, n + 1);
    if ((r->events & PMINDEX_LADDER_RED) && r->card != PMINDEX_CARD_RED)
        strcpy(s + n, n ? ";red" : "red");
    return s;
}

/* Steps the compound's ladder again through the periods after the one
 * reviewed, from state s. */
static int restep(pmindex_ledger *l, const char *id, pmindex_ladder_state s)
{
    for (int32_t k = l->review_index + 1; k < l->nperiods; k++) {
        const struct pm_ledger_period *p = &l->periods[k];
        struct pm_row old;
        int rc = load_row(l, p->seq, id, &old);
        if (rc < 0)
            return rc;
        if (rc == 0)
            continue; /* not assessed in that period: the state waits */
        const pmindex_model *m;
        if ((rc = pm_ledger_model(l, p->model_id, &m)) != 0)
            return rc;
        pmindex_ladder_state after;
        int32_t card, measure;
        rc = pm_ledger_step(m, s, p->code, old.events, &after, &card, &measure);
        if (rc != 0)
            return pm_error_set(&l->error, PMINDEX_E_STORE,
                                "compound %s: its stored ladder does not step again", id);
        char *reasons = full_reasons(&old);
        if (!reasons)
            return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
        reasons_for(reasons, old.events, card);
        struct pm_row row = old;
        row.revision = old.revision + 1;
        row.entry = l->entry;
        row.card = card;
        row.level_before = s.level > m->max_level ? m->max_level : s.level;
        row.level = after.level;
        row.clean = after.clean;
        row.measure = measure;
        row.reasons = reasons;
        bool same = row.card == old.card && row.level_before == old.level_before &&
                    row.level == old.level && row.clean == old.clean &&
                    row.measure == old.measure && strcmp(row.reasons, old.reasons) == 0;
        if (!same) {
            l->changed += pm_ledger_verdict_changed(&old, &row);
            rc = pm_ledger_put_row(l, m, &row);
            if (rc == 0)
                rc = remember_written(l, &row);
        }
        free(reasons);
        if (rc != 0)
            return rc;
        /* The same state as before from here: the later periods stand. */
        if (after.level == old.level && after.clean == old.clean)
            return PMINDEX_OK;
        s = after;
    }
    return put_state(l, id, &s);
}

static int review_add(pmindex_ledger *l, const pmindex_compound *c, const char *const *columns,
                      int32_t ncolumns)
{
    const pmindex_model *m = l->model;
    const char *id = c->field[PMINDEX_FIELD_ID];
    char name[PM_PERIOD_TEXT];
    pm_period_text(l->period, name);
    if (!*id)
        return pm_error_set(&l->error, PMINDEX_E_RANGE, "a compound without compound_id");
    int64_t seen = pm_idset_add(&l->reviewed, id, strlen(id), c->line > 0 ? c->line : 1);
    if (seen < 0)
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    if (seen > 0)
        return pm_error_set(&l->error, PMINDEX_E_DUPLICATE,
                            "compound %s is given twice in the review of period %s", id, name);
    struct pm_row old;
    int rc = load_row(l, l->seq, id, &old);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return pm_error_set(&l->error, PMINDEX_E_NOT_FOUND,
                            "compound %s was not assessed in period %s: a review corrects the "
                            "compounds of the period", id, name);
    if ((rc = corrected(l, &old, c, columns, ncolumns)) != 0)
        return rc;
    pmindex_compound *w = l->work;
    pmindex_assessment *a = l->assessment;
    if ((rc = pmindex_assess(m, w, a)) != 0)
        return pm_error_set(&l->error, rc, "compound %s cannot be assessed", id);
    int32_t events = pmindex_ladder_events(m, w, a);
    pmindex_ladder_state before, after;
    rc = state_before(l, w->field[PMINDEX_FIELD_ID], l->review_index, &before);
    if (rc < 0)
        return rc;
    int32_t card, measure;
    if ((rc = pm_ledger_step(m, before, l->period, events, &after, &card, &measure)) != 0)
        return pm_error_set(&l->error, PMINDEX_E_STORE,
                            "compound %s: its stored ladder does not step again", id);
    size_t off[3];
    if ((rc = pm_ledger_row_texts(l, m, a, card, off)) != 0)
        return rc;
    const char *wid = w->field[PMINDEX_FIELD_ID];
    struct pm_row row = {
        .seq = l->seq, .revision = old.revision + 1, .entry = l->entry, .id = wid,
        .field = {w->field[PMINDEX_FIELD_NAME], w->field[PMINDEX_FIELD_STREET],
                  w->field[PMINDEX_FIELD_STATION], w->field[PMINDEX_FIELD_COMPANY]},
        .managed = w->managed, .has_index = a->has_index, .index = a->index,
        .coverage = pmindex_assessment_coverage(a, NULL, NULL), .tier = a->tier,
        .tier_key = a->tier == PMINDEX_TIER_FALLBACK ? "fallback" : m->tiers[a->tier].key,
        .events = events, .card = card,
        .level_before = before.level > m->max_level ? m->max_level : before.level,
        .level = after.level, .clean = after.clean, .measure = measure,
        .reasons = l->scratch + off[0], .indicators = l->scratch + off[1],
        .items = l->scratch + off[2], .obs = l->obs, .obs_len = pm_obs_encode(w, l->obs),
    };
    /* Each reviewed compound gets its revision, changed or not: the review is recorded. */
    l->changed += pm_ledger_verdict_changed(&old, &row);
    if ((rc = pm_ledger_put_row(l, m, &row)) != 0 || (rc = remember_written(l, &row)) != 0)
        return rc;
    if ((rc = restep(l, wid, after)) != 0)
        return rc;
    l->added++;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_ledger_review_add(pmindex_ledger *l, const pmindex_compound *c,
                                          const char *const *columns, int32_t ncolumns)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    if (l->mode != PM_LEDGER_REVIEWING || !l->model)
        return pm_error_set(&l->error, PMINDEX_E_STATE, "no review is under way");
    if (!c || c->model != l->model || ncolumns < 0 || (ncolumns > 0 && !columns))
        return pm_error_set(&l->error, PMINDEX_E_INVALID,
                            "the compound is NULL or of another model than the review's");
    for (int32_t k = 0; k < ncolumns; k++)
        if (!columns[k])
            return pm_error_set(&l->error, PMINDEX_E_INVALID, "a column is NULL");
    if (l->failed)
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "an earlier compound failed: the review can only be rolled back");
    int rc = review_add(l, c, columns, ncolumns);
    if (rc != 0) {
        l->failed = true;
        if (c->line > 0 && l->error.line == 0)
            l->error.line = c->line;
    }
    return rc;
}

int pm_ledger_finish_review(pmindex_ledger *l)
{
    if (l->added == 0)
        return pm_error_set(&l->error, PMINDEX_E_STATE,
                            "no compound was reviewed (is the sheet empty?); the ledger is "
                            "unchanged");
    return pm_ledger_log(l, l->entry, "review", l->period, l->added, l->changed, l->model_fp, "");
}
