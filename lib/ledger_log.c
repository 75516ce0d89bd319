/* The audit log of a ledger: every change (init, upgrade, apply, model,
 * review, revoke) appends one entry in the transaction of the change
 * itself, so the log and the ledger can never disagree. An entry says when
 * (UTC), who (the actor), what and why, how many compounds and verdicts,
 * and the SHA-256 of every file the change read. Nothing in it is ever
 * changed or deleted (the store's triggers refuse it). */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger.h"
#include "period.h"
#include "record.h"
#include "utf8.h"

enum { MAX_ACTOR = 256, MAX_REASON = 4096, MAX_INPUTS = 65535, LOGIN_MAX = 256 };

void pm_ledger_fingerprint(const char *s, size_t n, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)pm_fnv1a(s, n));
}

int pm_ledger_next_entry(pmindex_ledger *l, int64_t *entry)
{
    int64_t last;
    int rc = pm_ledger_query_int(l, "SELECT coalesce(max(entry), 0) FROM log", 0, &last);
    if (rc == 0)
        *entry = last + 1;
    return rc;
}

/* The login name of the process: the actor when none is set. */
static const char *default_actor(pmindex_ledger *l)
{
    if (l->default_actor)
        return l->default_actor;
    char name[LOGIN_MAX];
    if (getlogin_r(name, sizeof name) != 0 || !name[0]) {
        struct passwd pw, *found = NULL;
        char buf[1024];
        if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &found) == 0 && found && found->pw_name[0])
            pm_strlcpy(name, found->pw_name, sizeof name);
        else
            snprintf(name, sizeof name, "uid %lu", (unsigned long)getuid());
    }
    l->default_actor = strdup(name);
    return l->default_actor ? l->default_actor : "";
}

int pm_ledger_log(pmindex_ledger *l, int64_t entry, const char *action, int32_t period,
                  int64_t compounds, int64_t changed, const char *model, const char *detail)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db,
                                "INSERT INTO log VALUES(?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                                " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "writing the audit log");
    sqlite3_bind_int64(st, 1, entry);
    sqlite3_bind_text(st, 2, l->actor ? l->actor : default_actor(l), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, period);
    sqlite3_bind_text(st, 5, l->reason ? l->reason : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, compounds);
    sqlite3_bind_int64(st, 7, changed);
    sqlite3_bind_text(st, 8, model ? model : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, detail ? detail : "", -1, SQLITE_STATIC);
    rc = pm_ledger_step_done(l, st, "writing the audit log");
    sqlite3_finalize(st);
    if (rc != 0 || l->ninputs == 0)
        return rc;
    rc = sqlite3_prepare_v2(l->db, "INSERT INTO log_inputs VALUES(?1, ?2, ?3, ?4)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "writing the audit log");
    for (int32_t k = 0; k < l->ninputs && rc == 0; k++) {
        sqlite3_bind_int64(st, 1, entry);
        sqlite3_bind_int64(st, 2, k + 1);
        sqlite3_bind_text(st, 3, l->inputs[k].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, l->inputs[k].sha256, -1, SQLITE_STATIC);
        rc = pm_ledger_step_done(l, st, "writing the audit log");
    }
    sqlite3_finalize(st);
    return rc;
}

void pm_ledger_change_done(pmindex_ledger *l)
{
    free(l->reason);
    l->reason = NULL;
    for (int32_t k = 0; k < l->ninputs; k++)
        free(l->inputs[k].name);
    l->ninputs = 0;
}

/* Text for the log: valid UTF-8 of at most max bytes; no control
 * characters at all when one_line. */
static bool log_text_ok(const char *s, size_t max, bool one_line)
{
    size_t n = strlen(s);
    if (n > max || !pm_utf8_valid(s, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && (one_line || (c != '\n' && c != '\t'))) || c == 0x7F)
            return false;
    }
    return true;
}

PMINDEX_API int pmindex_ledger_set_actor(pmindex_ledger *l, const char *actor)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    if (actor && (!*actor || !log_text_ok(actor, MAX_ACTOR, true)))
        return pm_error_set(&l->error, PMINDEX_E_INVALID,
                            "an actor is a name of 1 to %d bytes of UTF-8 on one line",
                            MAX_ACTOR);
    char *copy = NULL;
    if (actor && !(copy = strdup(actor)))
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    free(l->actor);
    l->actor = copy;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_ledger_set_reason(pmindex_ledger *l, const char *reason)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    if (reason && !log_text_ok(reason, MAX_REASON, false))
        return pm_error_set(&l->error, PMINDEX_E_INVALID,
                            "a reason is text of at most %d bytes of UTF-8", MAX_REASON);
    char *copy = NULL;
    if (reason && *reason && !(copy = strdup(reason)))
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    free(l->reason);
    l->reason = copy;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_ledger_add_input(pmindex_ledger *l, const char *name,
                                         const uint8_t *sha256)
{
    if (!l)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    if (!name || !sha256 || !log_text_ok(name, MAX_REASON, true))
        return pm_error_set(&l->error, PMINDEX_E_INVALID,
                            "an input is a name (UTF-8 on one line) and the 32 bytes of its "
                            "SHA-256");
    if (l->ninputs == MAX_INPUTS)
        return pm_error_set(&l->error, PMINDEX_E_LIMIT, "more than %d inputs", MAX_INPUTS);
    if (l->ninputs == l->inputs_cap) {
        int32_t cap = l->inputs_cap ? l->inputs_cap * 2 : 4;
        struct pm_ledger_input *p = realloc(l->inputs, (size_t)cap * sizeof *p);
        if (!p)
            return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
        l->inputs = p;
        l->inputs_cap = cap;
    }
    struct pm_ledger_input *in = &l->inputs[l->ninputs];
    if (!(in->name = strdup(name)))
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        in->sha256[2 * i] = hex[sha256[i] >> 4];
        in->sha256[2 * i + 1] = hex[sha256[i] & 15];
    }
    in->sha256[64] = '\0';
    l->ninputs++;
    return PMINDEX_OK;
}

PMINDEX_API int64_t pmindex_ledger_last_entry(const pmindex_ledger *l)
{
    return l ? l->last_entry : PMINDEX_E_INVALID;
}

/* ---- reading the log ------------------------------------------------------- */

struct pmindex_ledger_log {
    pmindex_ledger *ledger;
    sqlite3_stmt *st, *inputs;
    bool on_row;
    char period[PM_PERIOD_TEXT];
    /* The current entry's inputs. */
    struct pm_ledger_input *in;
    int32_t nin, in_cap;
};

enum { L_ENTRY, L_AT, L_ACTOR, L_ACTION, L_PERIOD, L_REASON, L_COMPOUNDS, L_CHANGED, L_MODEL,
       L_DETAIL };

PMINDEX_API int pmindex_ledger_log_new(pmindex_ledger *l, int32_t period, int64_t entry,
                                       uint32_t flags, pmindex_ledger_log **log_out)
{
    if (!log_out)
        return PMINDEX_E_INVALID;
    *log_out = NULL;
    if (!l || flags || entry < 0)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    pmindex_ledger_log *g = calloc(1, sizeof *g);
    if (!g)
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    g->ledger = l;
    int rc = sqlite3_prepare_v2(l->db,
                                "SELECT entry, at, actor, action, period, reason, compounds, changed,"
                                " model, detail FROM log WHERE (?1 = 0 OR period = ?1)"
                                " AND (?2 = 0 OR entry = ?2) ORDER BY entry", -1, &g->st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(l->db, "SELECT name, sha256 FROM log_inputs WHERE entry = ?1"
                                       " ORDER BY n", -1, &g->inputs, NULL);
    if (rc != SQLITE_OK) {
        pmindex_ledger_log_free(g);
        return pm_ledger_fail(l, rc, "reading the audit log");
    }
    sqlite3_bind_int64(g->st, 1, period);
    sqlite3_bind_int64(g->st, 2, entry);
    *log_out = g;
    return PMINDEX_OK;
}

static void drop_inputs(pmindex_ledger_log *g)
{
    for (int32_t k = 0; k < g->nin; k++)
        free(g->in[k].name);
    g->nin = 0;
}

PMINDEX_API void pmindex_ledger_log_free(pmindex_ledger_log *g)
{
    if (!g)
        return;
    drop_inputs(g);
    free(g->in);
    sqlite3_finalize(g->st);
    sqlite3_finalize(g->inputs);
    free(g);
}

static int load_inputs(pmindex_ledger_log *g)
{
    drop_inputs(g);
    sqlite3_stmt *st = g->inputs;
    sqlite3_bind_int64(st, 1, sqlite3_column_int64(g->st, L_ENTRY));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (g->nin == g->in_cap) {
            int32_t cap = g->in_cap ? g->in_cap * 2 : 4;
            struct pm_ledger_input *p = realloc(g->in, (size_t)cap * sizeof *p);
            if (!p)
                break;
            g->in = p;
            g->in_cap = cap;
        }
        struct pm_ledger_input *in = &g->in[g->nin];
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *sha = (const char *)sqlite3_column_text(st, 1);
        if (!(in->name = strdup(name ? name : "")))
            break;
        pm_strlcpy(in->sha256, sha ? sha : "", sizeof in->sha256);
        g->nin++;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return pm_error_set(&g->ledger->error, PMINDEX_E_NOMEM, "out of memory");
    return rc == SQLITE_DONE ? PMINDEX_OK : pm_ledger_fail(g->ledger, rc, "reading the audit log");
}

PMINDEX_API int pmindex_ledger_log_next(pmindex_ledger_log *g)
{
    if (!g)
        return PMINDEX_E_INVALID;
    int rc = sqlite3_step(g->st);
    g->on_row = rc == SQLITE_ROW;
    drop_inputs(g);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return pm_ledger_fail(g->ledger, rc, "reading the audit log");
    pm_period_text((int32_t)sqlite3_column_int64(g->st, L_PERIOD), g->period);
    rc = load_inputs(g);
    if (rc != 0) {
        g->on_row = false;
        return rc;
    }
    return 1;
}

PMINDEX_API int64_t pmindex_ledger_log_int(const pmindex_ledger_log *g, int32_t column)
{
    if (!g || !g->on_row)
        return 0;
    switch (column) {
    case PMINDEX_LOG_ENTRY: return sqlite3_column_int64(g->st, L_ENTRY);
    case PMINDEX_LOG_PERIOD: return sqlite3_column_int64(g->st, L_PERIOD);
    case PMINDEX_LOG_COMPOUNDS: return sqlite3_column_int64(g->st, L_COMPOUNDS);
    case PMINDEX_LOG_CHANGED: return sqlite3_column_int64(g->st, L_CHANGED);
    case PMINDEX_LOG_INPUT_COUNT: return g->nin;
    default: return 0;
    }
}

static const char *column_text(const pmindex_ledger_log *g, int c)
{
    const char *s = (const char *)sqlite3_column_text(g->st, c);
    return s ? s : "";
}

PMINDEX_API const char *pmindex_ledger_log_text(const pmindex_ledger_log *g, int32_t column)
{
    if (!g || !g->on_row)
        return "";
    switch (column) {
    case PMINDEX_LOG_AT: return column_text(g, L_AT);
    case PMINDEX_LOG_ACTOR: return column_text(g, L_ACTOR);
    case PMINDEX_LOG_ACTION: return column_text(g, L_ACTION);
    case PMINDEX_LOG_PERIOD_NAME: return g->period;
    case PMINDEX_LOG_REASON: return column_text(g, L_REASON);
    case PMINDEX_LOG_MODEL: return column_text(g, L_MODEL);
    case PMINDEX_LOG_DETAIL: return column_text(g, L_DETAIL);
    default: return "";
    }
}

PMINDEX_API const char *pmindex_ledger_log_input(const pmindex_ledger_log *g, int32_t n,
                                                 int32_t what)
{
    if (!g || !g->on_row || n < 0 || n >= g->nin)
        return "";
    if (what == PMINDEX_LOG_INPUT_NAME)
        return g->in[n].name;
    if (what == PMINDEX_LOG_INPUT_SHA256)
        return g->in[n].sha256;
    return "";
}

/* ---- records ---------------------------------------------------------------- */

static void text_field(struct pm_rec *r, const pmindex_ledger_log *g, const char *name,
                       int32_t column)
{
    if (pm_rec_field(r, name))
        pm_rec_text(r, pmindex_ledger_log_text(g, column));
}

static void int_field(struct pm_rec *r, const pmindex_ledger_log *g, const char *name,
                      int32_t column)
{
    if (pm_rec_field(r, name))
        pm_rec_int(r, true, pmindex_ledger_log_int(g, column));
}

/* An entry: CSV puts the inputs in one cell as "SHA256  NAME" items (the
 * format of sha256sum), JSON as objects. NULL for the CSV header. */
static void log_fields(struct pm_rec *r, const void *obj)
{
    const pmindex_ledger_log *g = obj;
    int_field(r, g, "entry", PMINDEX_LOG_ENTRY);
    text_field(r, g, "at", PMINDEX_LOG_AT);
    text_field(r, g, "actor", PMINDEX_LOG_ACTOR);
    text_field(r, g, "action", PMINDEX_LOG_ACTION);
    text_field(r, g, "period", PMINDEX_LOG_PERIOD_NAME);
    int_field(r, g, "compounds", PMINDEX_LOG_COMPOUNDS);
    int_field(r, g, "changed", PMINDEX_LOG_CHANGED);
    text_field(r, g, "model", PMINDEX_LOG_MODEL);
    text_field(r, g, "reason", PMINDEX_LOG_REASON);
    text_field(r, g, "detail", PMINDEX_LOG_DETAIL);
    if (!pm_rec_field(r, "inputs"))
        return;
    if (pm_rec_json(r)) {
        pm_rec_array_begin(r);
        for (int32_t k = 0; k < g->nin; k++) {
            pm_rec_field(r, NULL);
            pm_rec_object_begin(r);
            pm_rec_field(r, "name");
            pm_rec_text(r, g->in[k].name);
            pm_rec_field(r, "sha256");
            pm_rec_text(r, g->in[k].sha256);
            pm_rec_object_end(r);
        }
        pm_rec_array_end(r);
        return;
    }
    bool quoted = false;
    for (int32_t k = 0; k < g->nin; k++)
        quoted |= pm_rec_needs_quotes(g->in[k].name);
    pm_rec_list_begin(r, quoted);
    char item[MAX_REASON + 80];
    for (int32_t k = 0; k < g->nin; k++) {
        snprintf(item, sizeof item, "%s  %s", g->in[k].sha256, g->in[k].name);
        pm_rec_list_text(r, item);
    }
    pm_rec_list_end(r);
}

PMINDEX_API int64_t pmindex_ledger_log_header(int32_t format, uint32_t flags, char *buf,
                                              size_t cap)
{
    if (!pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    return pm_rec_write(log_fields, NULL, format, buf, cap);
}

PMINDEX_API int64_t pmindex_ledger_log_record(const pmindex_ledger_log *g, int32_t format,
                                              uint32_t flags, char *buf, size_t cap)
{
    if (!g || !pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (!g->on_row)
        return PMINDEX_E_STATE;
    return pm_rec_write(log_fields, g, format, buf, cap);
}
