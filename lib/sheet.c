/* Score sheets: the header mapped onto the model, then one compound per
 * row, with every error of the sheet reported in order and located. The
 * rows are read here on the caller's thread, or by sheet_threads.c on
 * several, with the same results. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "sheet.h"
#include "simd.h"
#include "utf8.h"

static int init(pmindex_sheet **out, const pmindex_model *m, const char *name,
                const char *encoding, uint32_t flags, bool *gb18030)
{
    *out = NULL;
    *gb18030 = false;
    if (encoding && strcasecmp(encoding, "utf-8") != 0 && strcasecmp(encoding, "utf8") != 0) {
        if (strcasecmp(encoding, "gb18030") == 0 || strcasecmp(encoding, "gbk") == 0 ||
            strcasecmp(encoding, "gb2312") == 0)
            *gb18030 = true;
        else
            return PMINDEX_E_UNSUPPORTED;
    }
    if (flags & ~(uint32_t)(PMINDEX_SHEET_PARTIAL | PMINDEX_SHEET_DIGEST))
        return PMINDEX_E_INVALID;
    pmindex_sheet *s = calloc(1, sizeof *s);
    if (!s)
        return PMINDEX_E_NOMEM;
    s->model = m;
    s->flags = flags;
    s->csv.fd = -1;
    s->csv.cd = (iconv_t)-1;
    s->gb18030 = *gb18030;
    s->threads = 1;
    s->size = -1;
    pm_strlcpy(s->name, name, sizeof s->name);
    s->shape.model = m;
    s->shape.file = s->name;
    pm_error_set_file(&s->error, s->name);
    pm_idset_init(&s->ids);
    if (pmindex_compound_new(m, &s->row) != 0) {
        free(s);
        return PMINDEX_E_NOMEM;
    }
    *out = s;
    return PMINDEX_OK;
}

/* Ends the sheet at once with an error that open() found. */
static int fail_open(pmindex_sheet *s, int code, const char *fmt, const char *arg)
{
    pm_error_set(&s->error, code, fmt, arg);
    s->state = PM_DONE;
    return code;
}

PMINDEX_API int pmindex_sheet_open(const pmindex_model *m, const char *path, const char *encoding,
                                   uint32_t flags, pmindex_sheet **sheet_out)
{
    if (!m || !path || !sheet_out)
        return PMINDEX_E_INVALID;
    bool stdin_ = strcmp(path, "-") == 0, gb;
    int rc = init(sheet_out, m, stdin_ ? "<stdin>" : path, encoding, flags, &gb);
    if (rc)
        return rc;
    pmindex_sheet *s = *sheet_out;
    int fd = stdin_ ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail_open(s, PMINDEX_E_IO, "cannot open the sheet: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && !gb)
        s->size = (int64_t)st.st_size;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!stdin_)
            close(fd);
        return fail_open(s, PMINDEX_E_IO, "cannot read the sheet: %s", strerror(EISDIR));
    }
    rc = pm_csv_init(&s->csv, fd, !stdin_, NULL, 0, gb, &s->error);
    if (rc == 0 && (flags & PMINDEX_SHEET_DIGEST))
        rc = pm_csv_hash(&s->csv, &s->error);
    if (rc)
        s->state = PM_DONE;
    return rc;
}

PMINDEX_API int pmindex_sheet_open_memory(const pmindex_model *m, const void *data, size_t len,
                                          const char *name, const char *encoding, uint32_t flags,
                                          pmindex_sheet **sheet_out)
{
    if (!m || (!data && len) || !sheet_out)
        return PMINDEX_E_INVALID;
    bool gb;
    int rc = init(sheet_out, m, name ? name : "<memory>", encoding, flags, &gb);
    if (rc)
        return rc;
    pmindex_sheet *s = *sheet_out;
    if (!gb)
        s->size = (int64_t)len;
    rc = pm_csv_init(&s->csv, -1, false, data, len, gb, &s->error);
    if (rc == 0 && (flags & PMINDEX_SHEET_DIGEST))
        rc = pm_csv_hash(&s->csv, &s->error);
    if (rc)
        s->state = PM_DONE;
    return rc;
}

PMINDEX_API void pmindex_sheet_free(pmindex_sheet *s)
{
    if (!s)
        return;
    pm_par_free(s);
    pm_csv_free(&s->csv);
    for (int32_t c = 0; c < s->shape.ncolumns; c++)
        free(s->shape.colname[c]);
    free(s->shape.colname);
    free(s->shape.plan);
    pmindex_compound_free(s->row);
    pm_idset_free(&s->ids);
    free(s->queue.e);
    free(s);
}

PMINDEX_API const pmindex_error *pmindex_sheet_error(const pmindex_sheet *s)
{
    return s ? &s->error : NULL;
}

PMINDEX_API int pmindex_sheet_digest(const pmindex_sheet *s, uint8_t *sha256_out)
{
    if (!s || !sha256_out)
        return PMINDEX_E_INVALID;
    return pm_csv_digest(&s->csv, sha256_out) ? PMINDEX_OK : PMINDEX_E_STATE;
}

PMINDEX_API int32_t pmindex_sheet_has_column(const pmindex_sheet *s, const char *column)
{
    if (!s || !column)
        return 0;
    for (int32_t c = 0; c < s->shape.ncolumns; c++)
        if (strcmp(s->shape.colname[c], column) == 0)
            return 1;
    return 0;
}

PMINDEX_API int pmindex_sheet_set_threads(pmindex_sheet *s, int32_t threads)
{
    if (!s)
        return PMINDEX_E_INVALID;
    if (threads < 1 || threads > PMINDEX_SHEET_MAX_THREADS)
        return PMINDEX_E_RANGE;
    if (s->state != PM_READ_HEADER)
        return PMINDEX_E_STATE;
    s->threads = threads;
    return PMINDEX_OK;
}

void pm_sheet_tune(pmindex_sheet *s, size_t block_size, bool plain, int simd)
{
    s->block_size = block_size;
    s->shape.plain = plain;
    s->csv.fast_off = plain;
    const struct pm_simd_ops *ops = simd >= 0 ? pm_simd_ops((enum pm_simd)simd) : NULL;
    s->csv.simd = ops ? ops : pm_simd_best();
}

/* ---- the error queue ---------------------------------------------------- */

bool pm_errq_add(struct pm_errq *q, const struct pm_sheet_shape *sh, bool rows,
                 const struct pmindex_error *e, int64_t line, int32_t column)
{
    if (!pm_grow((void **)&q->e, &q->cap, (size_t)q->n + 1, sizeof *q->e, 8, 0)) {
        q->nomem = true;
        return false;
    }
    struct pmindex_error *x = &q->e[q->n++];
    pm_error_copy(x, e);
    pm_error_set_file(x, sh->file);
    x->line = line;
    x->column = column;
    /* Row errors name their column; header errors are about the name itself. */
    if (rows && column > 0 && column <= sh->ncolumns)
        pm_error_set_section(x, NULL, sh->colname[column - 1]);
    return true;
}

/* Queues the error in e (message and value set by a parser) at a place. */
static void queue(pmindex_sheet *s, const struct pmindex_error *e, int64_t line, int32_t column)
{
    if (!pm_errq_add(&s->queue, &s->shape, s->state == PM_READ_ROWS, e, line, column)) {
        /* Keep the first errors; the caller still hears the sheet is bad. */
        if (s->queue.n == 0)
            pm_error_copy(&s->error, e);
    }
}

/* An error of a message and the value at fault (NULL: none). */
static void vmessage(struct pmindex_error *e, int code, const char *value, size_t len,
                     const char *fmt, va_list ap) PM_PRINTF(5, 0);

static void vmessage(struct pmindex_error *e, int code, const char *value, size_t len,
                     const char *fmt, va_list ap)
{
    pm_error_clear(e);
    pm_error_vset(e, code, fmt, ap);
    if (value)
        pm_error_set_value(e, value, len);
}

/* An error of a message at a place, into q. */
static bool add_message(struct pm_errq *q, const struct pm_sheet_shape *sh, bool rows, int code,
                        int64_t line, int32_t column, const char *value, size_t len,
                        const char *fmt, ...) PM_PRINTF(9, 10);

static bool add_message(struct pm_errq *q, const struct pm_sheet_shape *sh, bool rows, int code,
                        int64_t line, int32_t column, const char *value, size_t len,
                        const char *fmt, ...)
{
    struct pmindex_error e;
    va_list ap;
    va_start(ap, fmt);
    vmessage(&e, code, value, len, fmt, ap);
    va_end(ap);
    return pm_errq_add(q, sh, rows, &e, line, column);
}

static int queue_message(pmindex_sheet *s, int code, int64_t line, int32_t column,
                         const char *value, size_t len, const char *fmt, ...) PM_PRINTF(7, 8);

static int queue_message(pmindex_sheet *s, int code, int64_t line, int32_t column,
                         const char *value, size_t len, const char *fmt, ...)
{
    struct pmindex_error e;
    va_list ap;
    va_start(ap, fmt);
    vmessage(&e, code, value, len, fmt, ap);
    va_end(ap);
    queue(s, &e, line, column);
    return code;
}

int pm_sheet_pop(pmindex_sheet *s)
{
    struct pm_errq *q = &s->queue;
    if (q->pos == q->n) {
        q->n = q->pos = 0;
        return 0;
    }
    pm_error_copy(&s->error, &q->e[q->pos++]);
    return s->error.code;
}

/* ---- the header --------------------------------------------------------- */

static bool ascii_case_equal(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] + 32) : b[i];
        if (x != y)
            return false;
    }
    return true;
}

const char *pm_column_hint(const pmindex_model *m, const char *name, size_t len)
{
    for (int32_t c = 0; c < PM_META_COUNT; c++)
        if (ascii_case_equal(name, len, pm_meta_columns[c]))
            return pm_meta_columns[c];
    for (int32_t i = 0; i < m->nitems; i++)
        if (ascii_case_equal(name, len, m->items[i].id))
            return m->items[i].id;
    for (int32_t v = 0; v < m->nvetoes; v++)
        if (ascii_case_equal(name, len, m->vetoes[v].id))
            return m->vetoes[v].id;
    return NULL;
}

static int read_header(pmindex_sheet *s)
{
    const pmindex_model *m = s->model;
    struct pm_csv *r = &s->csv;
    bool fatal;
    int rc = pm_csv_next(r, &fatal, &s->error);
    if (rc == 0) {
        queue_message(s, PMINDEX_E_COLUMN, 1, 0, NULL, 0,
                      "the sheet is empty: it needs a header row naming its columns");
        return -1;
    }
    if (rc < 0) {
        queue(s, &s->error, s->error.line, s->error.column);
        return -1;
    }
    int32_t n = r->nfields;
    struct pm_sheet_shape *sh = &s->shape;
    sh->plan = calloc((size_t)n, sizeof *sh->plan);
    sh->colname = calloc((size_t)n, sizeof *sh->colname);
    int32_t *first = calloc((size_t)(m->nitems + m->nvetoes + PM_META_COUNT), sizeof *first);
    if (!sh->plan || !sh->colname || !first) {
        free(first);
        queue_message(s, PMINDEX_E_NOMEM, 1, 0, NULL, 0, "out of memory");
        return -1;
    }
    sh->ncolumns = n;
    int64_t line = r->rec_line;
    bool ok = true;
    for (int32_t c = 0; c < n; c++) {
        const char *name = pm_csv_text(r, c);
        size_t len = r->fields[c].len;
        pm_trim(&name, &len);
        sh->colname[c] = strndup(name, len);
        if (!sh->colname[c]) {
            free(first);
            queue_message(s, PMINDEX_E_NOMEM, line, 0, NULL, 0, "out of memory");
            return -1;
        }
    }
    for (int32_t c = 0; c < n; c++) {
        const char *name = sh->colname[c];
        size_t len = strlen(name);
        if (r->nul_field == c || !pm_utf8_valid(pm_csv_text(r, c), r->fields[c].len)) {
            queue_message(s, PMINDEX_E_ENCODING, line, c + 1, pm_csv_text(r, c), r->fields[c].len,
                          "the column name is not valid UTF-8; if the sheet was saved as "
                          "GB18030/GBK, read it with --encoding gb18030");
            ok = false;
            continue;
        }
        int32_t code = pm_names_find(&m->columns, name, len);
        if (code < 0) {
            const char *hint = pm_column_hint(m, name, len);
            if (len == 0)
                queue_message(s, PMINDEX_E_COLUMN, line, c + 1, name, len,
                              "a column without a name");
            else if (hint)
                queue_message(s, PMINDEX_E_COLUMN, line, c + 1, name, len,
                              "unknown column (did you mean \"%s\"?)", hint);
            else
                queue_message(s, PMINDEX_E_COLUMN, line, c + 1, name, len,
                              "unknown column: not a column of score sheets nor an item or veto "
                              "of the model");
            ok = false;
            continue;
        }
        int32_t kind = code & PM_COL_KIND_MASK, index = code & PM_COL_INDEX_MASK;
        int32_t slot = kind == PM_COL_META   ? index
                       : kind == PM_COL_ITEM ? PM_META_COUNT + index
                                             : PM_META_COUNT + m->nitems + index;
        if (first[slot]) {
            queue_message(s, PMINDEX_E_COLUMN, line, c + 1, name, len,
                          "the column appears twice (columns %d and %d)", (int)first[slot],
                          (int)c + 1);
            ok = false;
            continue;
        }
        first[slot] = c + 1;
        pm_cell_plan_of(m, code, &sh->plan[c]);
        if (code == (PM_COL_META | PMINDEX_FIELD_ID))
            sh->id_column = c + 1;
    }
    if (!first[PMINDEX_FIELD_ID]) {
        queue_message(s, PMINDEX_E_COLUMN, line, 0, NULL, 0, "the column compound_id is missing");
        ok = false;
    }
    if (!(s->flags & PMINDEX_SHEET_PARTIAL))
        for (int32_t i = 0; i < m->nitems; i++)
            if (!first[PM_META_COUNT + i]) {
                struct pmindex_error e;
                pm_error_clear(&e);
                pm_error_set(&e, PMINDEX_E_COLUMN, "the column of item %s (%s) is missing",
                             m->items[i].id, m->items[i].name[0]);
                queue(s, &e, line, 0);
                ok = false;
            }
    free(first);
    return ok ? 0 : -1;
}

/* ---- rows --------------------------------------------------------------- */

bool pm_sheet_blank_row(const struct pm_csv *r)
{
    for (int32_t c = 0; c < r->nfields; c++) {
        const char *t = pm_csv_text(r, c);
        size_t len = r->fields[c].len;
        pm_trim(&t, &len);
        if (len)
            return false;
    }
    return true;
}

/* A cell the fast readers of cells.h did not take, by the plain parsers of
 * cells.c: they say what is wrong with it. Returns the id's length when the
 * cell is a compound_id read without error, else -1. */
static int64_t plain_cell(const struct pm_sheet_shape *sh, const struct pm_csv *r, int32_t c,
                          pmindex_compound *row, struct pm_errq *q)
{
    const pmindex_model *m = sh->model;
    const struct pm_cell_plan *p = &sh->plan[c];
    char *text = r->rec + r->fields[c].off;
    size_t len = r->fields[c].len;
    int64_t fline = r->fields[c].line, idlen = -1;
    int32_t index = p->index;
    bool meta = p->kind != PM_CELL_ITEM && p->kind != PM_CELL_VETO;
    struct pmindex_error e;
    pm_error_clear(&e);
    /* Descriptive text is checked for UTF-8 here; an item or veto cell
     * that parses matched ASCII or a model label, so it needs the check
     * only when it fails, to say what is really wrong. */
    if (meta && pm_check_text(text, len, &e) != PMINDEX_OK) {
        pm_errq_add(q, sh, true, &e, fline, c + 1);
        return -1;
    }
    const char *t = text;
    pm_trim(&t, &len);
    int rc = PMINDEX_OK;
    switch (p->kind) {
    case PM_CELL_ITEM: {
        int64_t v;
        rc = pm_parse_item(m, index, t, len, &v, &e);
        if (rc == 1)
            row->values[index] = v;
        break;
    }
    case PM_CELL_VETO:
        rc = pm_parse_veto(m, index, t, len, &row->vetoes[index], &e);
        break;
    case PM_CELL_HOUSEHOLDS:
        rc = pm_parse_households(t, len, &row->households, &e);
        break;
    case PM_CELL_MANAGED:
        rc = pm_parse_managed(t, len, &row->managed, &e);
        break;
    default:
        if (p->kind == PM_CELL_ID)
            rc = pm_check_compound_id(t, len, &e);
        else if (p->kind == PM_CELL_PERIOD)
            rc = pm_check_period(t, len, &e);
        /* The field is the trimmed cell, NUL-terminated in the record. */
        ((char *)t)[len] = '\0';
        row->field[index] = t;
        if (p->kind == PM_CELL_ID && rc == PMINDEX_OK)
            idlen = (int64_t)len;
    }
    if (rc < 0) {
        if (!meta)
            pm_check_text(text, r->fields[c].len, &e); /* bad bytes explain it better */
        pm_errq_add(q, sh, true, &e, fline, c + 1);
    }
    return idlen;
}

int64_t pm_sheet_parse_row(const struct pm_sheet_shape *sh, const struct pm_csv *r,
                           pmindex_compound *row, struct pm_errq *q)
{
    if (r->nfields != sh->ncolumns) {
        add_message(q, sh, true, PMINDEX_E_SYNTAX, r->rec_line, 0, NULL, 0,
                    "the row has %d cells but the header has %d columns", (int)r->nfields,
                    (int)sh->ncolumns);
        return -1;
    }
    pm_compound_reset(row);
    row->line = r->rec_line;
    /* The fast readers take the cells they can (a clean record's text
     * needs no UTF-8 check); the plain parsers read the others. */
    bool clean = r->clean, fast = !sh->plain;
    int64_t idlen = -1;
    for (int32_t c = 0; c < r->nfields; c++) {
        const struct pm_cell_plan *p = &sh->plan[c];
        const char *t = r->rec + r->fields[c].off;
        size_t n = r->fields[c].len;
        pm_trim(&t, &n);
        if (fast) {
            switch (p->kind) {
            case PM_CELL_ITEM: {
                int64_t v;
                int rc = pm_cell_item(p, t, n, &v);
                if (rc == 1)
                    row->values[p->index] = v;
                if (rc >= 0)
                    continue;
                break;
            }
            case PM_CELL_VETO: {
                int v = pm_cell_veto(t, n);
                if (v >= 0) {
                    row->vetoes[p->index] = (uint8_t)v;
                    continue;
                }
                break;
            }
            case PM_CELL_TEXT:
                if (clean) {
                    ((char *)t)[n] = '\0';
                    row->field[p->index] = t;
                    continue;
                }
                break;
            case PM_CELL_ID:
                if (clean && pm_cell_id(t, n)) {
                    ((char *)t)[n] = '\0';
                    row->field[PMINDEX_FIELD_ID] = t;
                    idlen = (int64_t)n;
                    continue;
                }
                break;
            case PM_CELL_HOUSEHOLDS:
                if (clean && pm_cell_households(t, n, &row->households))
                    continue;
                break;
            case PM_CELL_MANAGED: {
                int v = pm_cell_managed(t, n);
                if (clean && v >= 0) {
                    row->managed = v;
                    continue;
                }
                break;
            }
            default:
                break;
            }
        }
        int64_t id = plain_cell(sh, r, c, row, q);
        if (id >= 0)
            idlen = id;
    }
    return idlen;
}

void pm_sheet_check_id(pmindex_sheet *s, const char *id, size_t len, uint32_t hash,
                       int64_t line)
{
    int64_t seen = pm_idset_add_hashed(&s->ids, id, len, hash, line);
    if (seen > 0)
        queue_message(s, PMINDEX_E_DUPLICATE, line, s->shape.id_column, id, len,
                      "the compound is already on line %lld", (long long)seen);
    else if (seen < 0)
        queue_message(s, PMINDEX_E_NOMEM, line, 0, NULL, 0, "out of memory");
}

/* The rows a sheet holds, estimated once this many rows and bytes are read. */
enum { EXPECT_AFTER_ROWS = 1024, EXPECT_AFTER_BYTES = 1 << 16 };

void pm_sheet_expect(pmindex_sheet *s, uint64_t consumed)
{
    uint64_t rows = s->ids.count;
    if (s->expected || s->size < 0 || rows < EXPECT_AFTER_ROWS || consumed < EXPECT_AFTER_BYTES)
        return;
    s->expected = true;
    /* As many rows again as the bytes left hold, at the size of those read;
     * never more than the bytes left can hold at a byte a column. */
    uint64_t size = (uint64_t)s->size, left = size > consumed ? size - consumed : 0;
    uint64_t per_row = consumed / rows ? consumed / rows : 1;
    uint64_t more = left / per_row, most = left / (uint64_t)s->shape.ncolumns;
    pm_idset_expect(&s->ids, (size_t)(rows + (more < most ? more : most)));
}

/* Reads the current record into s->row, queueing its errors. The id's
 * slot among the ids seen is fetched while the row is read. */
static void read_row(pmindex_sheet *s)
{
    const struct pm_csv *r = &s->csv;
    int32_t c = s->shape.id_column - 1;
    uint32_t hash = 0;
    if (c < r->nfields) {
        const char *t = pm_csv_text(r, c);
        size_t n = r->fields[c].len;
        pm_trim(&t, &n);
        hash = pm_idset_hash(t, n);
        pm_idset_prefetch(&s->ids, hash);
    }
    int64_t idlen = pm_sheet_parse_row(&s->shape, r, s->row, &s->queue);
    if (idlen >= 0)
        pm_sheet_check_id(s, s->row->field[PMINDEX_FIELD_ID], (size_t)idlen, hash, r->rec_line);
    if (!s->expected)
        pm_sheet_expect(s, pm_csv_consumed(r));
}

int pm_sheet_next(pmindex_sheet *s, const pmindex_compound **compound_out,
                  struct pm_row_text *text)
{
    *compound_out = NULL;
    if (text)
        text->text = NULL;
    int rc = pm_sheet_pop(s);
    if (rc)
        return rc;
    if (s->state == PM_READ_HEADER) {
        s->state = read_header(s) == 0 ? PM_READ_ROWS : PM_DONE;
        if ((rc = pm_sheet_pop(s)) != 0)
            return rc;
        if (s->state == PM_READ_ROWS && s->threads > 1 && !s->gb18030 &&
            (rc = pm_par_start(s)) != PMINDEX_OK) {
            s->state = PM_DONE;
            queue_message(s, rc, s->csv.line, 0, NULL, 0, "%s",
                          rc == PMINDEX_E_NOMEM ? "out of memory"
                                                : "cannot start the threads to read the sheet");
            return pm_sheet_pop(s);
        }
    }
    if (s->par) {
        rc = pm_par_next(s, compound_out, text);
        if (rc != PM_PAR_PLAIN)
            return rc;
    }
    while (s->state == PM_READ_ROWS) {
        bool fatal;
        rc = pm_csv_next(&s->csv, &fatal, &s->error);
        if (rc == 0 || fatal)
            s->state = PM_DONE;
        if (rc == 0)
            break;
        if (rc < 0) {
            pm_error_set_file(&s->error, s->name);
            if (s->error.column > 0 && s->error.column <= s->shape.ncolumns)
                pm_error_set_section(&s->error, NULL, s->shape.colname[s->error.column - 1]);
            return rc;
        }
        if (pm_sheet_blank_row(&s->csv))
            continue; /* spreadsheets leave empty lines at the end */
        read_row(s);
        if ((rc = pm_sheet_pop(s)) != 0)
            return rc;
        *compound_out = s->row;
        return 1;
    }
    return 0;
}

PMINDEX_API int pmindex_sheet_next(pmindex_sheet *s, const pmindex_compound **compound_out)
{
    if (!s || !compound_out)
        return PMINDEX_E_INVALID;
    return pm_sheet_next(s, compound_out, NULL);
}
