/* Score sheets: the header mapped onto the model, then one compound per
 * row, with every error of the sheet reported in order and located. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compound.h"
#include "csv.h"
#include "idset.h"
#include "model.h"
#include "utf8.h"

enum sheet_state { READ_HEADER, READ_ROWS, DONE };

struct pmindex_sheet {
    const pmindex_model *model;
    uint32_t flags;
    struct pm_csv csv;
    enum sheet_state state;
    int32_t id_column; /* 1-based column of compound_id */
    char name[256];
    int32_t ncolumns;
    int32_t *colcode; /* per header column: a PM_COL_* code */
    char **colname;   /* per header column, for messages */
    pmindex_compound *row;
    struct pm_idset ids;
    struct pmindex_error error; /* the error returned last */
    struct pmindex_error *queue;  /* errors still to return, in order */
    int32_t nqueue, queue_pos;
    size_t queue_cap;
};

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
    pm_strlcpy(s->name, name, sizeof s->name);
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
    s->state = DONE;
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
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!stdin_)
            close(fd);
        return fail_open(s, PMINDEX_E_IO, "cannot read the sheet: %s", strerror(EISDIR));
    }
    rc = pm_csv_init(&s->csv, fd, !stdin_, NULL, 0, gb, &s->error);
    if (rc == 0 && (flags & PMINDEX_SHEET_DIGEST))
        rc = pm_csv_hash(&s->csv, &s->error);
    if (rc)
        s->state = DONE;
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
    rc = pm_csv_init(&s->csv, -1, false, data, len, gb, &s->error);
    if (rc == 0 && (flags & PMINDEX_SHEET_DIGEST))
        rc = pm_csv_hash(&s->csv, &s->error);
    if (rc)
        s->state = DONE;
    return rc;
}

PMINDEX_API void pmindex_sheet_free(pmindex_sheet *s)
{
    if (!s)
        return;
    pm_csv_free(&s->csv);
    for (int32_t c = 0; c < s->ncolumns; c++)
        free(s->colname[c]);
    free(s->colname);
    free(s->colcode);
    pmindex_compound_free(s->row);
    pm_idset_free(&s->ids);
    free(s->queue);
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
    for (int32_t c = 0; c < s->ncolumns; c++)
        if (strcmp(s->colname[c], column) == 0)
            return 1;
    return 0;
}

/* ---- the error queue ---------------------------------------------------- */

/* Queues the error in e (message and value set by a parser) at a place. */
static void queue(pmindex_sheet *s, const struct pmindex_error *e, int64_t line, int32_t column)
{
    if (!pm_grow((void **)&s->queue, &s->queue_cap, (size_t)s->nqueue + 1, sizeof *s->queue, 8,
                 0)) {
        /* Keep the first errors; the caller still hears the sheet is bad. */
        if (s->nqueue == 0)
            pm_error_copy(&s->error, e);
        return;
    }
    struct pmindex_error *q = &s->queue[s->nqueue++];
    pm_error_copy(q, e);
    pm_error_set_file(q, s->name);
    q->line = line;
    q->column = column;
    /* Row errors name their column; header errors are about the name itself. */
    if (s->state == READ_ROWS && column > 0 && column <= s->ncolumns)
        pm_error_set_section(q, NULL, s->colname[column - 1]);
}

static int queue_message(pmindex_sheet *s, int code, int64_t line, int32_t column,
                         const char *value, size_t len, const char *fmt, ...) PM_PRINTF(7, 8);

static int queue_message(pmindex_sheet *s, int code, int64_t line, int32_t column,
                         const char *value, size_t len, const char *fmt, ...)
{
    struct pmindex_error e;
    pm_error_clear(&e);
    va_list ap;
    va_start(ap, fmt);
    pm_error_vset(&e, code, fmt, ap);
    va_end(ap);
    if (value)
        pm_error_set_value(&e, value, len);
    queue(s, &e, line, column);
    return code;
}

/* Returns the next queued error, or 0 when none is left. */
static int pop(pmindex_sheet *s)
{
    if (s->queue_pos == s->nqueue) {
        s->nqueue = s->queue_pos = 0;
        return 0;
    }
    pm_error_copy(&s->error, &s->queue[s->queue_pos++]);
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
    s->colcode = calloc((size_t)n, sizeof *s->colcode);
    s->colname = calloc((size_t)n, sizeof *s->colname);
    int32_t *first = calloc((size_t)(m->nitems + m->nvetoes + PM_META_COUNT), sizeof *first);
    if (!s->colcode || !s->colname || !first) {
        free(first);
        queue_message(s, PMINDEX_E_NOMEM, 1, 0, NULL, 0, "out of memory");
        return -1;
    }
    s->ncolumns = n;
    int64_t line = r->rec_line;
    bool ok = true;
    for (int32_t c = 0; c < n; c++) {
        const char *name = pm_csv_text(r, c);
        size_t len = r->fields[c].len;
        pm_trim(&name, &len);
        s->colname[c] = strndup(name, len);
        if (!s->colname[c]) {
            free(first);
            queue_message(s, PMINDEX_E_NOMEM, line, 0, NULL, 0, "out of memory");
            return -1;
        }
    }
    for (int32_t c = 0; c < n; c++) {
        const char *name = s->colname[c];
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
        s->colcode[c] = code;
        if (code == (PM_COL_META | PMINDEX_FIELD_ID))
            s->id_column = c + 1;
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

static bool blank_row(const struct pm_csv *r)
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

/* Parses the current record into s->row, queueing its errors. */
static void read_row(pmindex_sheet *s)
{
    const pmindex_model *m = s->model;
    struct pm_csv *r = &s->csv;
    pmindex_compound *row = s->row;
    int64_t line = r->rec_line;
    if (r->nfields != s->ncolumns) {
        queue_message(s, PMINDEX_E_SYNTAX, line, 0, NULL, 0,
                      "the row has %d cells but the header has %d columns", (int)r->nfields,
                      (int)s->ncolumns);
        return;
    }
    pm_compound_reset(row);
    row->line = line;
    struct pmindex_error e;
    pm_error_clear(&e);
    bool id_ok = false;
    for (int32_t c = 0; c < r->nfields; c++) {
        char *text = r->rec + r->fields[c].off;
        size_t len = r->fields[c].len;
        int64_t fline = r->fields[c].line;
        int32_t code = s->colcode[c], index = code & PM_COL_INDEX_MASK;
        int32_t kind = code & PM_COL_KIND_MASK;
        /* Descriptive text is checked for UTF-8 here; an item or veto cell
         * that parses matched ASCII or a model label, so it needs the check
         * only when it fails, to say what is really wrong. */
        if (kind == PM_COL_META && pm_check_text(text, len, &e) != PMINDEX_OK) {
            queue(s, &e, fline, c + 1);
            continue;
        }
        const char *t = text;
        pm_trim(&t, &len);
        int rc = PMINDEX_OK;
        switch (kind) {
        case PM_COL_ITEM: {
            int64_t v;
            rc = pm_parse_item(m, index, t, len, &v, &e);
            if (rc == 1)
                row->values[index] = v;
            break;
        }
        case PM_COL_VETO:
            rc = pm_parse_veto(m, index, t, len, &row->vetoes[index], &e);
            break;
        default:
            if (index == PM_META_HOUSEHOLDS) {
                rc = pm_parse_households(t, len, &row->households, &e);
                break;
            }
            if (index == PM_META_MANAGED) {
                rc = pm_parse_managed(t, len, &row->managed, &e);
                break;
            }
            if (index == PMINDEX_FIELD_ID)
                rc = pm_check_compound_id(t, len, &e);
            else if (index == PMINDEX_FIELD_PERIOD)
                rc = pm_check_period(t, len, &e);
            /* The field is the trimmed cell, NUL-terminated in the record. */
            ((char *)t)[len] = '\0';
            row->field[index] = t;
            id_ok |= index == PMINDEX_FIELD_ID && rc == PMINDEX_OK;
        }
        if (rc < 0) {
            if (kind != PM_COL_META)
                pm_check_text(text, r->fields[c].len, &e); /* bad bytes explain it better */
            queue(s, &e, fline, c + 1);
        }
    }
    if (id_ok) {
        const char *id = row->field[PMINDEX_FIELD_ID];
        int64_t seen = pm_idset_add(&s->ids, id, strlen(id), line);
        if (seen > 0)
            queue_message(s, PMINDEX_E_DUPLICATE, line, s->id_column, id, strlen(id),
                          "the compound is already on line %lld", (long long)seen);
        else if (seen < 0)
            queue_message(s, PMINDEX_E_NOMEM, line, 0, NULL, 0, "out of memory");
    }
}

PMINDEX_API int pmindex_sheet_next(pmindex_sheet *s, const pmindex_compound **compound_out)
{
    if (!s || !compound_out)
        return PMINDEX_E_INVALID;
    *compound_out = NULL;
    int rc = pop(s);
    if (rc)
        return rc;
    if (s->state == READ_HEADER) {
        s->state = read_header(s) == 0 ? READ_ROWS : DONE;
        if ((rc = pop(s)) != 0)
            return rc;
    }
    while (s->state == READ_ROWS) {
        bool fatal;
        rc = pm_csv_next(&s->csv, &fatal, &s->error);
        if (rc == 0 || fatal)
            s->state = DONE;
        if (rc == 0)
            break;
        if (rc < 0) {
            pm_error_set_file(&s->error, s->name);
            if (s->error.column > 0 && s->error.column <= s->ncolumns)
                pm_error_set_section(&s->error, NULL, s->colname[s->error.column - 1]);
            return rc;
        }
        if (blank_row(&s->csv))
            continue; /* spreadsheets leave empty lines at the end */
        read_row(s);
        if ((rc = pop(s)) != 0)
            return rc;
        *compound_out = s->row;
        return 1;
    }
    return 0;
}
