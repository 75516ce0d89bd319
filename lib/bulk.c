/* Scoring a sheet in bulk: the records of many rows per call, for callers
 * whose every call costs (ctypes, other foreign-function interfaces). The
 * records are those of results.c, written straight into the caller's buffer;
 * the rows and their errors come from pmindex_sheet_next(), in order. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct pmindex_batch {
    const pmindex_model *model;
    pmindex_sheet *sheet;
    pmindex_assessment *assessment;
    int32_t format;
    bool header;                      /* the CSV header is still to write */
    bool records;                     /* the 1.2 records (PMINDEX_BATCH_RECORDS) */
    const pmindex_compound *pending;  /* read and assessed, not yet written */
    bool done;                        /* the sheet is at its end */
};

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
    *batch_out = b;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_batch_free(pmindex_batch *b)
{
    if (!b)
        return;
    pmindex_assessment_free(b->assessment);
    free(b);
}

/* Writes the pending piece (the header or a record) at buf, cap bytes. */
static int64_t write_pending(pmindex_batch *b, char *buf, size_t cap)
{
    if (b->records)
        return b->header ? pmindex_assessment_header(b->model, b->format, 0, buf, cap)
                         : pmindex_assessment_record(b->assessment, b->pending, b->format, 0,
                                                     buf, cap);
    if (b->header)
        return pmindex_csv_header(b->model, buf, cap);
    if (b->format == PMINDEX_FORMAT_CSV)
        return pmindex_csv_record(b->assessment, b->pending, buf, cap);
    return pmindex_jsonl_record(b->assessment, b->pending, buf, cap);
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
            int rc = pmindex_sheet_next(b->sheet, &c);
            if (rc == 0) {
                b->done = true;
                status = 0;
                break;
            }
            if (rc < 0) {
                status = rc; /* pmindex_sheet_error() tells the caller the rest */
                break;
            }
            rc = pmindex_assess(b->model, c, b->assessment);
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
