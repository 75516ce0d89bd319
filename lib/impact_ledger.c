/* The impact of a new model on a ledger's period: the period's compounds
 * from the observations the ledger kept, and the sanction ladder replayed
 * under the new model from that period on. The ledger is only read, through
 * its rows (ledger_rows.c); nothing here writes to it.
 *
 * One pass over the ledger's current rows, in the order the periods were
 * applied: the rows before the period compared on give each compound's
 * stored state; from that period on each row is re-scored under the new
 * model and the compound's ladder stepped from its state under it, then
 * compared with what the ledger stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "compound.h"
#include "idset.h"
#include "impact.h"
#include "ledger.h"
#include "model.h"
#include "period.h"
#include "record.h"

/* Differences of the old model and the period's named in a refusal. */
enum { MODEL_DIFFERENCES_NAMED = 3 };

/* What one call of pmindex_impact_add_ledger() works with. */
struct replay {
    pmindex_impact *imp;
    pmindex_ledger *l;
    int32_t period; /* the period compared on */
    char name[PM_PERIOD_TEXT];
    /* Every compound seen, numbered in the order met (an id's "line" in the
     * set is its number + 1), with its ladder state: as stored before the
     * period, then under the new model. */
    struct pm_idset ids;
    pmindex_ladder_state *state;
    size_t state_cap;
    /* Per stored model (as imp->stored): its canonical text and a compound
     * of it for the rows' observations. */
    char **text;
    pmindex_compound **work;
    pmindex_compound *old_work; /* the period's rows, read for the old model */
    pmindex_compound *carried;  /* a later row carried to the new model */
    pmindex_assessment *assessment;
    /* The rows' period being read, its record and its stored model. */
    int32_t row_period;
    struct pm_ladder_period *totals;
    int32_t model;
};

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    return pm_grow(p, cap, need, size, 64, 0);
}

void pm_impact_ledger_free(pmindex_impact *imp)
{
    for (int32_t k = 0; k < imp->nstored; k++)
        pmindex_model_free(imp->stored[k]);
    free(imp->stored);
    free(imp->periods);
    free(imp->ladder);
    free(imp->texts);
}

static void replay_free(struct replay *r)
{
    pm_idset_free(&r->ids);
    free(r->state);
    for (int32_t k = 0; k < r->imp->nstored; k++) {
        free(r->text[k]);
        pmindex_compound_free(r->work[k]);
    }
    free(r->text);
    free(r->work);
    pmindex_compound_free(r->old_work);
    pmindex_compound_free(r->carried);
    pmindex_assessment_free(r->assessment);
}

static int nomem(pmindex_impact *imp)
{
    return pm_error_set(&imp->error, PMINDEX_E_NOMEM, "out of memory");
}

/* The ledger's error as the impact's, its message after what was being done. */
static int ledger_failed(pmindex_impact *imp, pmindex_ledger *l, int rc, const char *doing)
{
    const pmindex_error *e = pmindex_ledger_error(l);
    pm_error_set(&imp->error, rc, "%s: %s", doing, e->message[0] ? e->message : pmindex_strerror(rc));
    return rc;
}

/* ---- the checks: nothing is added until they pass ------------------------- */

/* A model of the store, from a period's canonical text: kept with its
 * text and a compound of it. *k receives its index in imp->stored. */
static int stored_model(struct replay *r, int32_t period, int32_t *k)
{
    pmindex_impact *imp = r->imp;
    int64_t n = pmindex_ledger_period_model(r->l, period, NULL, 0);
    if (n < 0)
        return ledger_failed(imp, r->l, (int)n, "reading a period's model");
    char *text = malloc((size_t)n + 1);
    if (!text)
        return nomem(imp);
    pmindex_ledger_period_model(r->l, period, text, (size_t)n + 1);
    for (int32_t j = 0; j < imp->nstored; j++)
        if (strcmp(r->text[j], text) == 0) {
            free(text);
            *k = j;
            return PMINDEX_OK;
        }
    size_t cap = (size_t)imp->nstored + 1;
    pmindex_model **models = realloc(imp->stored, cap * sizeof *models);
    if (models)
        imp->stored = models;
    char **texts = models ? realloc(r->text, cap * sizeof *texts) : NULL;
    if (texts)
        r->text = texts;
    pmindex_compound **work = texts ? realloc(r->work, cap * sizeof *work) : NULL;
    if (!work) {
        free(text);
        return nomem(imp);
    }
    r->work = work;
    pmindex_model *m = NULL;
    pmindex_compound *c = NULL;
    struct pmindex_error e;
    int rc = pmindex_model_load_ini_memory(text, (size_t)n, "the ledger", &m, &e);
    if (rc == PMINDEX_OK)
        rc = pmindex_compound_new(m, &c);
    if (rc != PMINDEX_OK) {
        char name[PM_PERIOD_TEXT];
        pm_period_text(period, name);
        free(text);
        pmindex_model_free(m);
        if (rc == PMINDEX_E_NOMEM)
            return nomem(imp);
        return pm_error_set(&imp->error, PMINDEX_E_STORE,
                            "the model period %s was applied with does not load from the "
                            "ledger: %s", name, e.message);
    }
    imp->stored[imp->nstored] = m;
    r->text[imp->nstored] = text;
    r->work[imp->nstored] = c;
    *k = imp->nstored++;
    return PMINDEX_OK;
}

/* Why the period is not in force: revoked, or never applied. */
static int not_in_force(struct replay *r, int rc)
{
    if (rc != PMINDEX_E_NOT_FOUND)
        return rc;
    pmindex_ledger_rows *rows = NULL;
    int revoked = pmindex_ledger_rows_new(r->l, r->period, NULL, PMINDEX_LEDGER_REVOKED, &rows);
    if (revoked == PMINDEX_OK)
        revoked = pmindex_ledger_rows_next(rows);
    pmindex_ledger_rows_free(rows);
    if (revoked < 0)
        return ledger_failed(r->imp, r->l, revoked, "reading the ledger");
    return pm_error_set(&r->imp->error, PMINDEX_E_NOT_FOUND,
                        revoked ? "period %s was revoked, and not applied again: only a period "
                                  "in force can be compared on"
                                : "period %s is not in the ledger",
                        r->name);
}

/* "[tier good] threshold: 85 -> 80" (the period's value, then the old
 * model's), or what a section's difference is. */
static void describe(struct pm_out *o, const pmindex_model_diff *d, int64_t n)
{
    const char *section = pmindex_model_diff_section(d, n);
    switch (pmindex_model_diff_change(d, n)) {
    case PMINDEX_DIFF_REMOVED:
    case PMINDEX_DIFF_ADDED:
        pm_out_char(o, '[');
        pm_out_str(o, section);
        pm_out_str(o, pmindex_model_diff_change(d, n) == PMINDEX_DIFF_REMOVED
                          ? "] only in the period's"
                          : "] only in the old model");
        break;
    case PMINDEX_DIFF_CHANGED: {
        const char *a = pmindex_model_diff_value(d, n, PMINDEX_OLD);
        const char *b = pmindex_model_diff_value(d, n, PMINDEX_NEW);
        pm_out_char(o, '[');
        pm_out_str(o, section);
        pm_out_str(o, "] ");
        pm_out_str(o, pmindex_model_diff_key(d, n));
        pm_out_str(o, ": ");
        pm_out_str(o, a ? a : "(none)");
        pm_out_str(o, " -> ");
        pm_out_str(o, b ? b : "(none)");
        break;
    }
    default:
        pm_out_str(o, "the order of the ");
        pm_out_str(o, section);
        pm_out_char(o, 's');
    }
}

/* The old model must be the period's but for texts that decide nothing:
 * the other differences, if any, are named. */
static int check_old_model(struct replay *r)
{
    pmindex_impact *imp = r->imp;
    pmindex_model_diff *d = NULL;
    struct pmindex_error e;
    int rc = pmindex_model_diff_new(imp->stored[0], imp->model[PMINDEX_OLD], &d, &e);
    if (rc != PMINDEX_OK) {
        pm_error_copy(&imp->error, &e);
        return rc;
    }
    char list[sizeof imp->error.message];
    struct pm_out o;
    pm_out_init(&o, list, sizeof list);
    int64_t deciding = 0;
    for (int64_t n = 0; n < pmindex_model_diff_count(d); n++) {
        if (pmindex_model_diff_decides(d, n) != 1)
            continue;
        if (deciding < MODEL_DIFFERENCES_NAMED) {
            pm_out_str(&o, deciding ? "; " : "");
            describe(&o, d, n);
        }
        deciding++;
    }
    pm_out_finish(&o);
    pmindex_model_diff_free(d);
    if (deciding == 0)
        return PMINDEX_OK;
    char more[48] = "";
    if (deciding > MODEL_DIFFERENCES_NAMED)
        snprintf(more, sizeof more, "; and %lld more",
                 (long long)(deciding - MODEL_DIFFERENCES_NAMED));
    return pm_error_set(&imp->error, PMINDEX_E_STATE,
                        "the old model is not the one period %s was applied with, which only "
                        "its legal bases may differ from: %lld difference%s (%s%s); an impact "
                        "on a ledger's period starts from the period's own model",
                        r->name, (long long)deciding, deciding == 1 ? "" : "s", list, more);
}

static const char *kind_name(int32_t kind)
{
    return kind == PMINDEX_PERIOD_HALF      ? "half-years"
           : kind == PMINDEX_PERIOD_QUARTER ? "quarters"
                                            : "months";
}

/* Every row from the period on keeps what was observed. */
static int check_observed(struct replay *r)
{
    struct pm_unobserved u;
    int rc = pm_ledger_unobserved(r->l, r->period, &u);
    if (rc < 0)
        return ledger_failed(r->imp, r->l, rc, "reading the ledger");
    if (rc == 0)
        return PMINDEX_OK;
    char name[PM_PERIOD_TEXT], whose[64];
    pm_period_text(u.period, name);
    snprintf(whose, sizeof whose, u.missing == u.rows ? "its %lld compounds" : "%lld of its %lld compounds",
             (long long)(u.missing == u.rows ? u.rows : u.missing), (long long)u.rows);
    if (u.period == r->period)
        return pm_error_set(&r->imp->error, PMINDEX_E_STATE,
                            "period %s was stored by pmindex 1.1, which kept the points and not "
                            "what was observed (%s, such as %s): it cannot be scored under "
                            "another model",
                            name, whose, u.id);
    return pm_error_set(&r->imp->error, PMINDEX_E_STATE,
                        "period %s, after %s, was stored by pmindex 1.1, which kept the points "
                        "and not what was observed (%s, such as %s): the ladder cannot be "
                        "replayed through it",
                        name, r->name, whose, u.id);
}

static int check(struct replay *r)
{
    pmindex_impact *imp = r->imp;
    if (r->l->mode != PM_LEDGER_IDLE) /* its rows would be those of the change */
        return pm_error_set(&imp->error, PMINDEX_E_STATE,
                            "a change of the ledger is under way: compare on it before or "
                            "after the change");
    int32_t k;
    int rc = stored_model(r, r->period, &k);
    if (rc != PMINDEX_OK)
        return not_in_force(r, rc);
    if ((rc = check_old_model(r)) != PMINDEX_OK)
        return rc;
    const pmindex_model *n = imp->model[PMINDEX_NEW];
    if (n->period_kind != pmindex_period_kind(r->period))
        return pm_error_set(&imp->error, PMINDEX_E_STATE,
                            "the new model's ladder runs on %s and the ledger's periods are %s "
                            "(%s): its ladder cannot be replayed on them",
                            kind_name(n->period_kind), kind_name(pmindex_period_kind(r->period)),
                            r->name);
    return check_observed(r);
}

/* ---- the replay ------------------------------------------------------------- */

/* The number of a compound, known or new (with a zero state). */
static int64_t compound_number(struct replay *r, const char *id)
{
    uint64_t count = r->ids.count;
    int64_t seen = pm_idset_add(&r->ids, id, strlen(id), (int64_t)count + 1);
    if (seen < 0)
        return -1;
    if (seen > 0)
        return seen - 1;
    if (!grow((void **)&r->state, &r->state_cap, count + 1, sizeof *r->state))
        return -1;
    r->state[count] = (pmindex_ladder_state){0, 0, PMINDEX_PERIOD_NONE, 0};
    return (int64_t)count;
}

/* The rows reach a new period: its totals' record and its stored model. */
static int start_period(struct replay *r, int32_t period)
{
    pmindex_impact *imp = r->imp;
    if (!grow((void **)&imp->periods, &imp->periods_cap, (size_t)imp->nperiods + 1,
              sizeof *imp->periods))
        return nomem(imp);
    r->totals = &imp->periods[imp->nperiods++];
    memset(r->totals, 0, sizeof *r->totals);
    r->totals->period = period;
    r->row_period = period;
    r->model = 0;
    return period == r->period ? PMINDEX_OK : stored_model(r, period, &r->model);
}

static struct pm_ladder_verdict stored_verdict(const pmindex_ledger_rows *rows)
{
    return (struct pm_ladder_verdict){
        .index = pmindex_ledger_rows_int(rows, PMINDEX_ROW_INDEX),
        .tier = (int32_t)pmindex_ledger_rows_int(rows, PMINDEX_ROW_TIER),
        .card = (int32_t)pmindex_ledger_rows_int(rows, PMINDEX_ROW_CARD),
        .level_before = (int32_t)pmindex_ledger_rows_int(rows, PMINDEX_ROW_LEVEL_BEFORE),
        .level = (int32_t)pmindex_ledger_rows_int(rows, PMINDEX_ROW_LEVEL),
        .clean = (int32_t)pmindex_ledger_rows_int(rows, PMINDEX_ROW_CLEAN),
        .measure = (int32_t)pmindex_ledger_rows_int(rows, PMINDEX_ROW_MEASURE),
        .events = (int32_t)pmindex_ledger_rows_int(rows, PMINDEX_ROW_EVENTS),
    };
}

/* A row's observations into a compound of its period's model. */
static int observed(struct replay *r, const pmindex_ledger_rows *rows, pmindex_compound *c)
{
    int rc = pmindex_ledger_rows_observations(rows, c);
    if (rc == 1)
        return PMINDEX_OK;
    if (rc == 0) /* check_observed() saw every row keep them: the store changed */
        rc = pm_error_set(&r->imp->error, PMINDEX_E_STORE,
                          "compound %s of period %s keeps no observations",
                          pmindex_ledger_rows_text(rows, PMINDEX_ROW_COMPOUND_ID),
                          pmindex_ledger_rows_text(rows, PMINDEX_ROW_PERIOD_NAME));
    else
        ledger_failed(r->imp, r->l, rc, "reading what was observed");
    return rc;
}

/* The impact's error about a row: after the period and the compound, once. */
static int about_row(pmindex_impact *imp, const pmindex_ledger_rows *rows, int rc)
{
    const char *id = pmindex_ledger_rows_text(rows, PMINDEX_ROW_COMPOUND_ID);
    char message[sizeof imp->error.message];
    struct pm_out o;
    pm_out_init(&o, message, sizeof message);
    pm_out_str(&o, "period ");
    pm_out_str(&o, pmindex_ledger_rows_text(rows, PMINDEX_ROW_PERIOD_NAME));
    pm_out_str(&o, ", ");
    if (!strstr(imp->error.message, id)) {
        pm_out_str(&o, "compound ");
        pm_out_str(&o, id);
        pm_out_str(&o, ": ");
    }
    pm_out_str(&o, imp->error.message);
    pm_out_finish(&o);
    pm_strlcpy(imp->error.message, message, sizeof imp->error.message);
    imp->error.code = rc;
    return rc;
}

/* The row of the period compared on: added to the impact, which assesses
 * it under both models. */
static int add_row(struct replay *r, const pmindex_ledger_rows *rows,
                   const pmindex_assessment **a, int32_t *events)
{
    pmindex_impact *imp = r->imp;
    int rc = observed(r, rows, r->old_work);
    if (rc != PMINDEX_OK)
        return rc;
    if ((rc = pm_impact_add(imp, r->old_work)) != PMINDEX_OK)
        return about_row(imp, rows, rc);
    *a = imp->assessment[PMINDEX_NEW];
    *events = imp->events[PMINDEX_NEW][imp->count - 1];
    return PMINDEX_OK;
}

/* A row of a later period: carried from its model to the new one and
 * assessed under it. */
static int rescore_row(struct replay *r, const pmindex_ledger_rows *rows,
                       const pmindex_assessment **a, int32_t *events)
{
    pmindex_impact *imp = r->imp;
    const pmindex_model *n = imp->model[PMINDEX_NEW];
    pmindex_compound *from = r->work[r->model];
    int rc = observed(r, rows, from);
    if (rc != PMINDEX_OK)
        return rc;
    rc = pmindex_compound_translate(r->carried, from);
    if (rc != PMINDEX_OK) {
        pm_error_copy(&imp->error, pmindex_compound_error(r->carried));
        return about_row(imp, rows, rc);
    }
    if ((rc = pmindex_assess(n, r->carried, r->assessment)) != PMINDEX_OK)
        return pm_error_set(&imp->error, rc, "compound %s cannot be assessed",
                            pmindex_ledger_rows_text(rows, PMINDEX_ROW_COMPOUND_ID));
    *a = r->assessment;
    *events = pmindex_ladder_events(n, r->carried, r->assessment);
    return PMINDEX_OK;
}

/* The texts of a ladder record, in this order. */
static const int32_t text_columns[] = {PMINDEX_ROW_COMPOUND_ID, PMINDEX_ROW_NAME,
                                       PMINDEX_ROW_STREET,      PMINDEX_ROW_STATION,
                                       PMINDEX_ROW_COMPANY,     PMINDEX_ROW_PERIOD_NAME};

/* Keeps a ladder record's texts; *at receives where they start. */
static int keep_texts(pmindex_impact *imp, const pmindex_ledger_rows *rows, size_t *at)
{
    *at = imp->texts_len;
    for (size_t c = 0; c < PM_ARRAY_SIZE(text_columns); c++) {
        const char *s = pmindex_ledger_rows_text(rows, text_columns[c]);
        size_t len = strlen(s) + 1;
        if (!grow((void **)&imp->texts, &imp->texts_cap, imp->texts_len + len, 1))
            return nomem(imp);
        memcpy(imp->texts + imp->texts_len, s, len);
        imp->texts_len += len;
    }
    return PMINDEX_OK;
}

static void count(struct pm_ladder_period *p, int32_t w, const struct pm_ladder_verdict *v)
{
    int64_t *t = p->total[w];
    t[PMINDEX_TOTAL_COMPOUNDS]++;
    t[PMINDEX_TOTAL_RED] += v->card == PMINDEX_CARD_RED;
    t[PMINDEX_TOTAL_BLACK] += v->card == PMINDEX_CARD_BLACK;
    t[PMINDEX_TOTAL_MEASURES] += v->measure >= 1;
    t[PMINDEX_TOTAL_SANCTIONED] += v->level > 0;
}

/* One row from the period compared on: its verdict under the new model,
 * its ladder stepped, and the difference from the ledger's kept. */
static int replay_row(struct replay *r, const pmindex_ledger_rows *rows, int64_t k)
{
    pmindex_impact *imp = r->imp;
    const pmindex_model *n = imp->model[PMINDEX_NEW];
    const pmindex_assessment *a = NULL;
    int32_t events = 0;
    int rc = r->row_period == r->period ? add_row(r, rows, &a, &events)
                                        : rescore_row(r, rows, &a, &events);
    if (rc != PMINDEX_OK)
        return rc;
    pmindex_ladder_state before = r->state[k], after;
    int32_t card, measure;
    if (pm_ledger_step(n, before, r->row_period, events, &after, &card, &measure) != PMINDEX_OK)
        return pm_error_set(&imp->error, PMINDEX_E_STORE,
                            "compound %s: its ladder does not step to period %s",
                            pmindex_ledger_rows_text(rows, PMINDEX_ROW_COMPOUND_ID),
                            pmindex_ledger_rows_text(rows, PMINDEX_ROW_PERIOD_NAME));
    struct pm_ladder_change x = {
        .period = r->row_period,
        .model = r->model,
        .side = {stored_verdict(rows),
                 {.index = a->has_index ? a->index : -1, .tier = a->tier, .card = card,
                  .level_before = before.level > n->max_level ? n->max_level : before.level,
                  .level = after.level, .clean = after.clean, .measure = measure,
                  .events = events}},
    };
    r->state[k] = after;
    const struct pm_ladder_verdict *o = &x.side[PMINDEX_OLD], *v = &x.side[PMINDEX_NEW];
    for (int32_t w = 0; w < 2; w++)
        count(r->totals, w, &x.side[w]);
    if (o->card == v->card && o->level == v->level && o->measure == v->measure)
        return PMINDEX_OK;
    for (int32_t w = 0; w < 2; w++)
        r->totals->total[w][PMINDEX_TOTAL_CHANGED]++;
    if (!grow((void **)&imp->ladder, &imp->ladder_cap, (size_t)imp->nladder + 1,
              sizeof *imp->ladder) ||
        keep_texts(imp, rows, &x.text) != PMINDEX_OK)
        return nomem(imp);
    imp->ladder[imp->nladder++] = x;
    return PMINDEX_OK;
}

static int replay(struct replay *r)
{
    pmindex_impact *imp = r->imp;
    pmindex_ledger_rows *rows = NULL;
    int rc = pmindex_ledger_rows_new(r->l, PMINDEX_PERIOD_NONE, NULL, 0, &rows);
    if (rc != PMINDEX_OK)
        return ledger_failed(imp, r->l, rc, "reading the ledger");
    while (rc == PMINDEX_OK && (rc = pmindex_ledger_rows_next(rows)) == 1) {
        rc = PMINDEX_OK;
        int32_t period = (int32_t)pmindex_ledger_rows_int(rows, PMINDEX_ROW_PERIOD);
        int64_t k = compound_number(r, pmindex_ledger_rows_text(rows, PMINDEX_ROW_COMPOUND_ID));
        if (k < 0) {
            rc = nomem(imp);
        } else if (period < r->period) { /* one kind of period: codes are in time order */
            r->state[k] = (pmindex_ladder_state){
                (int32_t)pmindex_ledger_rows_int(rows, PMINDEX_ROW_LEVEL),
                (int32_t)pmindex_ledger_rows_int(rows, PMINDEX_ROW_CLEAN), period, 0};
        } else {
            if (period != r->row_period)
                rc = start_period(r, period);
            if (rc == PMINDEX_OK)
                rc = replay_row(r, rows, k);
        }
    }
    if (rc < 0 && imp->error.code == PMINDEX_OK)
        ledger_failed(imp, r->l, rc, "reading the ledger");
    pmindex_ledger_rows_free(rows);
    return rc < 0 ? rc : PMINDEX_OK;
}

/* An error names the ledger's file as a sheet's names the sheet. */
static void name_ledger(struct replay *r)
{
    if (!r->imp->error.file[0])
        pm_error_set_file(&r->imp->error, r->l->path);
}

PMINDEX_API int pmindex_impact_add_ledger(pmindex_impact *imp, pmindex_ledger *l, int32_t period,
                                          uint32_t flags)
{
    if (!imp)
        return PMINDEX_E_INVALID;
    pm_error_clear(&imp->error);
    struct replay r = {.imp = imp, .l = l, .period = period};
    if (!l || flags || pm_period_text(period, r.name) == 0)
        return pm_error_set(&imp->error, PMINDEX_E_INVALID, "invalid arguments");
    if (imp->computed || imp->count > 0 || imp->from_ledger || imp->broken)
        return pm_error_set(&imp->error, PMINDEX_E_STATE,
                            "an impact on a ledger's period starts empty: this one holds "
                            "compounds already or was computed");
    pm_idset_init(&r.ids);
    int rc = check(&r);
    if (rc == PMINDEX_OK &&
        ((rc = pmindex_compound_new(imp->model[PMINDEX_OLD], &r.old_work)) != PMINDEX_OK ||
         (rc = pmindex_compound_new(imp->model[PMINDEX_NEW], &r.carried)) != PMINDEX_OK ||
         (rc = pmindex_assessment_new(imp->model[PMINDEX_NEW], &r.assessment)) != PMINDEX_OK))
        nomem(imp);
    if (rc != PMINDEX_OK) { /* refused: the impact is as it was */
        name_ledger(&r);
        replay_free(&r);
        pm_impact_ledger_free(imp);
        imp->stored = NULL;
        imp->nstored = 0;
        return rc;
    }
    imp->from_ledger = true;
    rc = replay(&r);
    if (rc != PMINDEX_OK) {
        imp->broken = true;
        name_ledger(&r);
    }
    replay_free(&r);
    return rc;
}

/* ---- reading the ladder ---------------------------------------------------- */

static bool valid_which(int32_t which)
{
    return which == PMINDEX_OLD || which == PMINDEX_NEW;
}

PMINDEX_API int32_t pmindex_impact_period(const pmindex_impact *imp, int64_t n)
{
    if (!imp)
        return PMINDEX_E_INVALID;
    if (!imp->computed)
        return PMINDEX_E_STATE;
    return n >= 0 && n < imp->nperiods ? imp->periods[n].period : PMINDEX_E_NOT_FOUND;
}

PMINDEX_API int64_t pmindex_impact_period_total(const pmindex_impact *imp, int64_t n,
                                                int32_t which, int32_t total)
{
    if (!imp || !valid_which(which) || total < PMINDEX_TOTAL_COMPOUNDS ||
        total >= PM_IMPACT_TOTALS)
        return PMINDEX_E_INVALID;
    if (!imp->computed)
        return PMINDEX_E_STATE;
    return n >= 0 && n < imp->nperiods ? imp->periods[n].total[which][total]
                                       : PMINDEX_E_NOT_FOUND;
}

static const struct pm_ladder_change *ladder_at(const pmindex_impact *imp, int64_t n,
                                                int32_t which)
{
    return imp && imp->computed && valid_which(which) && n >= 0 && n < imp->nladder
               ? &imp->ladder[n]
               : NULL;
}

PMINDEX_API const pmindex_model *pmindex_impact_ladder_model(const pmindex_impact *imp,
                                                             int64_t n, int32_t which)
{
    const struct pm_ladder_change *x = ladder_at(imp, n, which);
    if (!x)
        return NULL;
    return which == PMINDEX_NEW ? imp->model[PMINDEX_NEW] : imp->stored[x->model];
}

PMINDEX_API int64_t pmindex_impact_ladder_int(const pmindex_impact *imp, int64_t n,
                                              int32_t which, int32_t column)
{
    const struct pm_ladder_change *x = ladder_at(imp, n, which);
    if (!x)
        return 0;
    const struct pm_ladder_verdict *v = &x->side[which];
    switch (column) {
    case PMINDEX_ROW_PERIOD: return x->period;
    case PMINDEX_ROW_INDEX: return v->index;
    case PMINDEX_ROW_TIER: return v->tier;
    case PMINDEX_ROW_CARD: return v->card;
    case PMINDEX_ROW_LEVEL: return v->level;
    case PMINDEX_ROW_CLEAN: return v->clean;
    case PMINDEX_ROW_LEVEL_BEFORE: return v->level_before;
    case PMINDEX_ROW_MEASURE: return v->measure;
    case PMINDEX_ROW_EVENTS: return v->events;
    default: return 0;
    }
}

/* A record's text of a column of text_columns, or NULL. */
static const char *text_of(const pmindex_impact *imp, const struct pm_ladder_change *x,
                           int32_t column)
{
    const char *s = imp->texts + x->text;
    for (size_t c = 0; c < PM_ARRAY_SIZE(text_columns); c++, s += strlen(s) + 1)
        if (text_columns[c] == column)
            return s;
    return NULL;
}

PMINDEX_API const char *pmindex_impact_ladder_text(const pmindex_impact *imp, int64_t n,
                                                   int32_t which, int32_t column)
{
    const struct pm_ladder_change *x = ladder_at(imp, n, which);
    if (!x)
        return "";
    const struct pm_ladder_verdict *v = &x->side[which];
    const pmindex_model *m = pmindex_impact_ladder_model(imp, n, which);
    const char *kept = text_of(imp, x, column);
    if (kept)
        return kept;
    switch (column) {
    case PMINDEX_ROW_TIER_KEY: return pm_rec_tier_key(m, v->tier);
    case PMINDEX_ROW_CARD_KEY: return pm_card_keys[v->card];
    case PMINDEX_ROW_MEASURE_KEY: return pmindex_model_measure_key(m, v->measure);
    case PMINDEX_ROW_MEASURE_ZH: return pmindex_model_measure_label(m, v->measure, PMINDEX_LANG_ZH);
    case PMINDEX_ROW_MEASURE_EN: return pmindex_model_measure_label(m, v->measure, PMINDEX_LANG_EN);
    default: return "";
    }
}
