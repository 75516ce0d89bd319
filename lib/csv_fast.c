/* The CSV reader's fast path: the common record, taken whole in one scan.
 *
 * What it may assume: it runs at the start of a record (pm_csv_next(),
 * nothing of the record read yet, no CR left pending), and looks only at
 * the bytes already in the reader's buffer.
 *
 * What it takes: a whole line there (ending in LF, or CRLF) of fewer than
 * PM_CSV_MAX_RECORD bytes and PM_CSV_MAX_FIELDS fields, with no quote, no
 * NUL and no other CR, whose bytes are valid UTF-8. Such a line is one
 * record whose fields are the text between its commas, exactly as the
 * plain reader would read it; the record is marked clean, so that its
 * cells need no UTF-8 check of their own.
 *
 * Where it hands back: anything else (quotes, a line cut by the end of
 * the buffer, CR or NUL, bad UTF-8, a line too long) returns 0 having
 * consumed nothing, and the plain reader of csv.c reads that record from
 * its first byte. Every message about a record therefore comes from the
 * plain reader alone. */
#include <string.h>

#include "csv.h"
#include "simd.h"

int pm_csv_fast(struct pm_csv *r, bool *fatal, struct pmindex_error *e)
{
    const char *p = r->buf + r->pos;
    size_t avail = r->buf_len - r->pos;
    if (avail > PM_CSV_MAX_RECORD + 1)
        avail = PM_CSV_MAX_RECORD + 1; /* room for a CRLF line at the limit */
    uint32_t nseps;
    unsigned flags;
    size_t lf = r->simd->line(p, avail, r->seps, PM_CSV_MAX_FIELDS - 1, &nseps, &flags);
    if (lf == avail || (flags & PM_LINE_SPECIAL))
        return 0;
    size_t len = lf > 0 && p[lf - 1] == '\r' ? lf - 1 : lf;
    if (len + 1 >= PM_CSV_MAX_RECORD) /* the plain reader says it is too long */
        return 0;
    if ((flags & PM_LINE_HIGH) && !r->simd->utf8(p, len))
        return 0;
    if (len + 1 > r->rec_cap && pm_csv_reserve(r, len, fatal, e) < 0)
        return -1;
    if (r->fields_cap < (int32_t)nseps + 1 && pm_csv_grow_fields(r, nseps + 1, fatal, e) < 0)
        return -1;
    char *rec = r->rec;
    memcpy(rec, p, len);
    struct pm_csv_field *f = r->fields;
    size_t start = 0;
    for (uint32_t k = 0; k < nseps; k++) {
        size_t end = r->seps[k];
        f[k] = (struct pm_csv_field){start, end - start, r->line};
        rec[end] = '\0';
        start = end + 1;
    }
    f[nseps] = (struct pm_csv_field){start, len - start, r->line};
    rec[len] = '\0';
    r->nfields = (int32_t)nseps + 1;
    r->rec_len = len + 1;
    r->pos += lf + 1;
    r->line++;
    r->clean = true;
    return 1;
}
