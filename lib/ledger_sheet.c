/* Adding a sheet's rows to the period being applied (pmindex_ledger_add_next()),
 * with the ledger's work on each row done by the threads that read the
 * sheet: they assess the row and write what the ledger will store of it,
 * its verdict's numbers, texts and observations, as the row's record
 * (sheet.h: struct pm_row_hook). The calling thread reads that record back
 * and only steps the ladder and writes the rows, the part that cannot be
 * shared (one SQLite connection, one transaction).
 *
 * A row that comes without the record (a sheet read on one thread, by the
 * plain reader, or whose assessment failed) is added as pmindex_ledger_add()
 * adds it, so that what is stored and every error are the same either way.
 * The hook holds nothing of the ledger's (its threads take the model from
 * each compound), so a sheet may outlive the ledger, and the other way. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "compound.h"
#include "ledger.h"
#include "model.h"
#include "sheet.h"

/* A verdict as the threads write it: this (copied, the record being
 * unaligned), then the texts of pm_ledger_put_texts(), then the observations
 * packed by pm_obs_encode(). Offsets are from the record's start. */
struct packed_verdict {
    struct pm_ledger_verdict verdict; /* its numbers; the pointers set when read */
    uint32_t text[PM_LEDGER_TEXTS];
    uint32_t obs;
};

/* A thread's assessment, made for the model of the rows it meets. */
struct thread_state {
    const pmindex_model *model;
    pmindex_assessment *assessment;
};

static void *hook_start(void *ctx)
{
    (void)ctx;
    return calloc(1, sizeof(struct thread_state));
}

static void hook_stop(void *state)
{
    struct thread_state *t = state;
    pmindex_assessment_free(t->assessment);
    free(t);
}

/* The row's verdict as a record; a negative status leaves the row to the
 * calling thread. */
static int64_t hook_write(void *state, const pmindex_compound *c, char *buf, size_t cap)
{
    struct thread_state *t = state;
    const pmindex_model *m = c->model;
    if (t->model != m) {
        pmindex_assessment_free(t->assessment);
        t->model = NULL;
        if (pmindex_assessment_new(m, &t->assessment) != PMINDEX_OK)
            return PMINDEX_E_NOMEM;
        t->model = m;
    }
    pmindex_assessment *a = t->assessment;
    int rc = pmindex_assess(m, c, a);
    if (rc != PMINDEX_OK)
        return rc;
    struct packed_verdict v;
    pm_ledger_verdict_of(m, c, a, &v.verdict);
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    o.len = sizeof v; /* written last, once the offsets are known */
    size_t off[PM_LEDGER_TEXTS];
    pm_ledger_put_texts(&o, m, a, off);
    size_t obs_max = pm_obs_max(m);
    v.obs = (uint32_t)o.len;
    if (o.len < cap && cap - o.len > obs_max)
        v.verdict.obs_len = pm_obs_encode(c, (uint8_t *)buf + o.len);
    else
        v.verdict.obs_len = obs_max; /* all it may need: called again with room */
    o.len += v.verdict.obs_len;
    if (o.len >= cap)
        return (int64_t)o.len;
    for (int k = 0; k < PM_LEDGER_TEXTS; k++)
        v.text[k] = (uint32_t)off[k];
    memcpy(buf, &v, sizeof v);
    return (int64_t)o.len;
}

static const struct pm_row_hook row_hook = {
    .ctx = NULL, .keep_compound = true, .start = hook_start, .write = hook_write,
    .stop = hook_stop};

/* The verdict in a record the threads wrote. */
static void unpack(const struct pm_row_text *t, struct pm_ledger_verdict *out)
{
    struct packed_verdict v;
    assert(t->len >= sizeof v);
    memcpy(&v, t->text, sizeof v);
    *out = v.verdict;
    out->reasons[0] = t->text + v.text[PM_TEXT_REASONS];
    out->reasons[1] = t->text + v.text[PM_TEXT_REASONS_NO_RED];
    out->indicators = t->text + v.text[PM_TEXT_INDICATORS];
    out->items = t->text + v.text[PM_TEXT_ITEMS];
    out->obs = (const uint8_t *)t->text + v.obs;
}

PMINDEX_API int pmindex_ledger_add_next(pmindex_ledger *l, pmindex_sheet *sheet,
                                        const pmindex_compound **compound_out)
{
    if (compound_out)
        *compound_out = NULL;
    if (!l || !sheet || !compound_out)
        return PMINDEX_E_INVALID;
    int rc = pm_ledger_check_add(l, sheet->model);
    if (rc != PMINDEX_OK)
        return rc;
    if (sheet->hook != &row_hook)
        pm_sheet_set_hook(sheet, &row_hook);
    const pmindex_compound *c;
    struct pm_row_text text;
    rc = pm_sheet_next(sheet, &c, &text);
    if (rc <= 0) {
        if (rc == 0)
            pm_sheet_set_hook(sheet, NULL);
        return rc == 0 ? PMINDEX_LEDGER_END : PMINDEX_LEDGER_BAD_ROW;
    }
    *compound_out = c;
    struct pm_ledger_verdict v;
    if (text.text)
        unpack(&text, &v);
    rc = pm_ledger_add_result(l, c, pm_ledger_add(l, c, text.text ? &v : NULL));
    if (rc != PMINDEX_OK) {
        /* Nothing more is added: the sheet's threads need not prepare it. */
        pm_sheet_set_hook(sheet, NULL);
        return rc;
    }
    return PMINDEX_LEDGER_ADDED;
}
