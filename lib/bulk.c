/* Scoring a sheet in bulk: the records of many rows per call, for callers
 * whose every call costs (ctypes, other foreign-function interfaces). The
 * records are those of results.c, written straight into the caller's buffer;
 * the rows and their errors come from the sheet in order. When the sheet is
 * read on several threads, each thread also assesses its rows and writes
 * their records (the hook below), and a call here only copies them. */
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "sheet.h"

struct pmindex_batch {
    const pmindex_model *model;
    pmindex_sheet *sheet;
    pmindex_assessment *assessment;
    int32_t format;
    bool header;                      /* the CSV header is still to write */
    bool records;                     /* the 1.2 records (PMINDEX_BATCH_RECORDS) */
    const pmindex_compound *pending;  /* read and assessed, not yet written */
    struct pm_row_text pending_text;  /* or its record, written by a thread */
    bool done;                        /* the sheet is at its end */
    struct pm_row_hook hook;          /* what the sheet's threads do for the batch */
};

/* A row's record, as this batch writes it, of a compound assessed in a. */
static int64_t write_record(const pmindex_batch *b, const pmindex_assessment *a,
                            const pmindex_compound *c, char *buf, size_t cap)
{
    if (b->records)
        return pmindex_assessment_record(a, c, b->format, 0, buf, cap);
    if (b->format == PMINDEX_FORMAT_CSV)
        return pmindex_csv_record(a, c, buf, cap);
    return pmindex_jsonl_record(a, c, buf, cap);
}

/* The hook: each thread assesses in an assessment of its own. */
struct hook_state {
    const pmindex_batch *batch;
    pmindex_assessment *assessment;
};

static void *hook_start(void *ctx)
{
    struct hook_state *h = malloc(sizeof *h);
    if (!h)
        return NULL;
    h->batch = ctx;
    if (pmindex_assessment_new(h->batch->model, &h->assessment) != PMINDEX_OK) {
        free(h);
        return NULL;
    }
    return h;
}

static int64_t hook_write(void *state, const pmindex_compound *c, char *buf, size_t cap)
{
    struct hook_state *h = state;
    int rc = pmindex_assess(h->batch->model, c, h->assessment);
    if (rc != PMINDEX_OK)
        return rc;
    return write_record(h->batch, h->assessment, c, buf, cap);
}

static void hook_stop(void *state)
{
    struct hook_state *h = state;
    pmindex_assessment_free(h->assessment);
    free(h);
}

PMINDEX_API int pmindex_batch_new(const pmindex_model *model, pmindex_sheet *sheet, int32_t format,
                                  uint32_t flags, pmindex_batch **batch_out)
{
    if (batch_out)
        *batch_out = NULL;
    if (!model || !sheet || !batch_out ||
        (format != PMINDEX_FORMAT_CSV && format != PMINDEX_FORMAT_JSONL) ||
        (flags & ~(uint32_t)(PMINDEX_BATCH_HEADER | PMINDEX_BATCH_RECORDS)) ||
        ((flags & PMINDEX_BATCH_HEADER) && format != PMINDEX_FORMAT_CSV))
        return PMINDEX_E_INVALID;
    pmindex_batch *b = calloc(1, sizeof *b);
    if (!b)
        return PMINDEX_E_NOMEM;
    int rc = pmindex_assessment_new(model, &b->assessment);
    if (rc != PMINDEX_OK) {
        free(b);
        return rc;
    }
    b->model = model;
    b->sheet = sheet;
    b->format = format;
    b->header = (flags & PMINDEX_BATCH_HEADER) != 0;
    b->records = (flags & PMINDEX_BATCH_RECORDS) != 0;
    b->hook = (struct pm_row_hook){
        .ctx = b, .start = hook_start, .write = hook_write, .stop = hook_stop};
    if (model == sheet->model)
        pm_sheet_set_hook(sheet, &b->hook);
    *batch_out = b;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_batch_free(pmindex_batch *b)
{
    if (!b)
        return;
    if (b->sheet->hook == &b->hook)
        pm_sheet_set_hook(b->sheet, NULL);
    pmindex_assessment_free(b->assessment);
    free(b);
}

/* Writes the pending piece (the header or a record) at buf, cap bytes. */
static int64_t write_pending(pmindex_batch *b, char *buf, size_t cap)
{
    if (b->header)
        return b->records ? pmindex_assessment_header(b->model, b->format, 0, buf, cap)
                          : pmindex_csv_header(b->model, buf, cap);
    const struct pm_row_text *t = &b->pending_text;
    if (!t->text)
        return write_record(b, b->assessment, b->pending, buf, cap);
    if (t->len < cap) /* a record that does not fit is not written */
        memcpy(buf, t->text, t->len);
    return (int64_t)t->len;
}

PMINDEX_API int64_t pmindex_batch_fill(pmindex_batch *b, char *buf, size_t cap, int64_t *rows_out,
                                       int32_t *status_out)
{
    if (rows_out)
        *rows_out = 0;
    if (status_out)
        *status_out = 1;
    if (!b || !status_out || (!buf && cap))
        return PMINDEX_E_INVALID;
    size_t len = 0;
    int64_t rows = 0;
    int32_t status = 1;
    for (;;) {
        if (!b->header && !b->pending) {
            if (b->done) {
                status = 0;
                break;
            }
            const pmindex_compound *c;
            int rc = pm_sheet_next(b->sheet, &c, &b->pending_text);
            if (rc == 0) {
                b->done = true;
                status = 0;
                break;
            }
            if (rc < 0) {
                status = rc; /* pmindex_sheet_error() tells the caller the rest */
                break;
            }
            rc = b->pending_text.text ? PMINDEX_OK : pmindex_assess(b->model, c, b->assessment);
            if (rc != PMINDEX_OK) {
                /* Only a sheet of another model gets here: nothing can go on. */
                b->done = true;
                *status_out = rc;
                return rc;
            }
            b->pending = c;
        }
        int64_t n = write_pending(b, buf ? buf + len : NULL, cap - len);
        if (n < 0) {
            *status_out = (int32_t)n; /* out of memory: the losses of a model of many items */
            return n;
        }
        if ((uint64_t)n >= cap - len) {
            if (len == 0) {
                /* Alone it needs more than the whole buffer: it stays pending. */
                if (cap)
                    buf[0] = '\0';
                return n;
            }
            break;
        }
        len += (size_t)n;
        if (b->header)
            b->header = false;
        else {
            b->pending = NULL;
            rows++;
        }
    }
    if (cap)
        buf[len] = '\0'; /* len < cap: every record written left room for it */
    if (rows_out)
        *rows_out = rows;
    *status_out = status;
    return (int64_t)len;
}
