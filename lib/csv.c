/* RFC 4180 records from a file descriptor or memory, one record at a time.
 * The scanner copies runs of ordinary bytes at once and stops only at the
 * few bytes that matter (, " CR LF NUL). This is the plain reader, the one
 * that reads every record the fast path (csv_fast.c) does not take and
 * says everything that is wrong with a record. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "csv.h"
#include "simd.h"

enum { CHUNK = 1 << 18 };

enum state { FIELD_START, UNQUOTED, QUOTED, QUOTE_SEEN };

/* Bytes that end a run outside quotes, and inside quotes. */
static const uint8_t stop_plain[256] = {[0] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1, ['"'] = 1};
static const uint8_t stop_quoted[256] = {[0] = 1, ['\n'] = 1, ['"'] = 1};

int pm_csv_init(struct pm_csv *r, int fd, bool own_fd, const char *mem, size_t len,
                bool gb18030, struct pmindex_error *e)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
    r->own_fd = own_fd;
    r->mem = mem;
    r->mem_len = len;
    r->cd = (iconv_t)-1;
    r->line = 1;
    r->at_start = true;
    r->nul_field = -1;
    r->simd = pm_simd_best();
    r->seps = malloc(PM_CSV_MAX_FIELDS * sizeof *r->seps);
    if (!r->seps)
        return pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
    if (gb18030) {
        r->cd = iconv_open("UTF-8", "GB18030");
        if (r->cd == (iconv_t)-1 && errno == ENOMEM) /* glibc loads a module */
            return pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
        if (r->cd == (iconv_t)-1)
            return pm_error_set(e, PMINDEX_E_UNSUPPORTED,
                                "this system's iconv cannot convert GB18030 to UTF-8");
        r->raw = malloc(CHUNK);
        if (!r->raw)
            return pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
    }
    if (fd >= 0 || gb18030) {
        r->own_buf = malloc(CHUNK * 2);
        if (!r->own_buf)
            return pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
        r->buf = r->own_buf;
    } else {
        r->buf = mem ? mem : "";
        r->buf_len = len;
    }
    return PMINDEX_OK;
}

void pm_csv_free(struct pm_csv *r)
{
    if (r->own_fd && r->fd >= 0)
        close(r->fd);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    free(r->raw);
    free(r->prefix);
    free(r->sha);
    free(r->own_buf);
    free(r->rec);
    free(r->fields);
    free(r->seps);
    memset(r, 0, sizeof *r);
    r->fd = -1;
    r->cd = (iconv_t)-1;
}

int pm_csv_hash(struct pm_csv *r, struct pmindex_error *e)
{
    assert(!r->sha && !r->digest_done);
    if (!r->own_buf) {
        /* UTF-8 in memory is read in place, all of it there already. */
        struct sha256_ctx ctx;
        sha256_init(&ctx);
        sha256_update(&ctx, r->buf_len, (const uint8_t *)r->buf);
        sha256_digest(&ctx, PM_SHA256_SIZE, r->digest);
        r->digest_done = true;
        return PMINDEX_OK;
    }
    r->sha = malloc(sizeof *r->sha);
    if (!r->sha)
        return pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
    sha256_init(r->sha);
    return PMINDEX_OK;
}

bool pm_csv_digest(const struct pm_csv *r, uint8_t out[PM_SHA256_SIZE])
{
    if (r->digest_done)
        memcpy(out, r->digest, PM_SHA256_SIZE);
    return r->digest_done;
}

/* Reads up to cap source bytes: 0 at the end, -1 with errno on error. */
static ssize_t read_source(struct pm_csv *r, char *dst, size_t cap)
{
    ssize_t n;
    if (r->prefix_pos < r->prefix_len) { /* hashed when the threads read it */
        n = (ssize_t)(r->prefix_len - r->prefix_pos < cap ? r->prefix_len - r->prefix_pos : cap);
        memcpy(dst, r->prefix + r->prefix_pos, (size_t)n);
        r->prefix_pos += (size_t)n;
        return n;
    }
    if (r->fd < 0) {
        n = (ssize_t)(r->mem_len < cap ? r->mem_len : cap);
        memcpy(dst, r->mem, (size_t)n);
        r->mem += n;
        r->mem_len -= (size_t)n;
    } else {
        do
            n = read(r->fd, dst, cap);
        while (n < 0 && errno == EINTR);
    }
    if (r->sha && n > 0) {
        sha256_update(r->sha, (size_t)n, (const uint8_t *)dst);
    } else if (r->sha && n == 0) {
        sha256_digest(r->sha, PM_SHA256_SIZE, r->digest);
        r->digest_done = true;
        free(r->sha);
        r->sha = NULL;
    }
    return n;
}

ssize_t pm_csv_read_raw(struct pm_csv *r, char *dst, size_t cap)
{
    return read_source(r, dst, cap);
}

size_t pm_csv_take_buffered(struct pm_csv *r, const char **p)
{
    *p = r->buf + r->pos;
    size_t n = r->buf_len - r->pos;
    r->pos = r->buf_len;
    return n;
}

uint64_t pm_csv_consumed(const struct pm_csv *r)
{
    return r->offset + r->pos;
}

void pm_csv_reseat(struct pm_csv *r, const char *mem, size_t len)
{
    assert(r->fd < 0 && !r->own_buf);
    r->buf = mem ? mem : "";
    r->buf_len = len;
    r->pos = 0;
    r->line = 1;
    r->at_start = r->pending_cr = r->eof = false;
}

void pm_csv_resume(struct pm_csv *r, size_t pos, char *prefix, size_t len, int64_t line,
                   bool pending_cr)
{
    if (r->own_buf) {
        assert(!r->prefix);
        r->prefix = prefix;
        r->prefix_len = len;
        r->prefix_pos = 0;
        r->pos = r->buf_len = 0;
    } else {
        assert(!prefix && pos <= r->buf_len);
        r->pos = pos;
    }
    r->line = line;
    r->pending_cr = pending_cr;
}

static int io_error(struct pm_csv *r, bool *fatal, struct pmindex_error *e, int err)
{
    *fatal = true;
    pm_error_set(e, PMINDEX_E_IO, "cannot read the sheet: %s", strerror(err));
    e->line = r->line;
    return PMINDEX_E_IO;
}

static int decode_error(struct pm_csv *r, bool *fatal, struct pmindex_error *e)
{
    *fatal = true;
    pm_error_set(e, PMINDEX_E_ENCODING,
                 "a byte sequence that is not GB18030 (is the sheet in another encoding?)");
    e->line = r->line;
    return PMINDEX_E_ENCODING;
}

/* Moves the unread bytes to the front and adds more: >0 when bytes were
 * added, 0 at the end of the input, or a fatal error. */
static int refill(struct pm_csv *r, bool *fatal, struct pmindex_error *e)
{
    if (r->eof || !r->own_buf)
        return 0; /* a UTF-8 memory block is all there from the start */
    size_t keep = r->buf_len - r->pos;
    memmove(r->own_buf, r->own_buf + r->pos, keep);
    r->offset += r->pos;
    r->pos = 0;
    r->buf_len = keep;
    size_t room = CHUNK * 2 - keep;
    if (r->cd == (iconv_t)-1) {
        ssize_t n = read_source(r, r->own_buf + keep, room < CHUNK ? room : CHUNK);
        if (n < 0)
            return io_error(r, fatal, e, errno);
        if (n == 0)
            r->eof = true;
        r->buf_len += (size_t)n;
        return n > 0;
    }
    for (;;) {
        if (r->decode_errno)
            return decode_error(r, fatal, e);
        bool source_done = false;
        if (r->raw_len < CHUNK) {
            ssize_t n = read_source(r, r->raw + r->raw_len, CHUNK - r->raw_len);
            if (n < 0)
                return io_error(r, fatal, e, errno);
            source_done = n == 0;
            r->raw_len += (size_t)n;
        }
        char *in = r->raw, *out = r->own_buf + r->buf_len;
        size_t inleft = r->raw_len, outleft = CHUNK * 2 - r->buf_len;
        size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
        int err = rc == (size_t)-1 ? errno : 0;
        memmove(r->raw, in, inleft);
        r->raw_len = inleft;
        size_t produced = (size_t)(out - (r->own_buf + r->buf_len));
        r->buf_len += produced;
        if (err == EILSEQ || (err == EINVAL && source_done))
            r->decode_errno = EILSEQ; /* reported after the good bytes before it */
        if (produced > 0)
            return 1;
        if (r->decode_errno)
            return decode_error(r, fatal, e);
        if (source_done && r->raw_len == 0) {
            r->eof = true;
            return 0;
        }
    }
}

static int too_long(struct pm_csv *r, bool *fatal, struct pmindex_error *e)
{
    *fatal = true;
    pm_error_set(e, PMINDEX_E_LIMIT,
                 "a row longer than 1 MiB: is this a score sheet? (reading stops here)");
    e->line = r->rec_line;
    e->column = r->nfields;
    return PMINDEX_E_LIMIT;
}

/* Makes room for n more bytes and a NUL in the record, within the limit. */
int pm_csv_reserve(struct pm_csv *r, size_t n, bool *fatal, struct pmindex_error *e)
{
    size_t need = r->rec_len + n + 1;
    if (need <= r->rec_cap)
        return PMINDEX_OK;
    if (need > PM_CSV_MAX_RECORD)
        return too_long(r, fatal, e);
    size_t cap = r->rec_cap ? r->rec_cap : 4096;
    while (cap < need)
        cap *= 2;
    if (cap > PM_CSV_MAX_RECORD)
        cap = PM_CSV_MAX_RECORD;
    char *p = realloc(r->rec, cap);
    if (!p) {
        *fatal = true;
        return pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
    }
    r->rec = p;
    r->rec_cap = cap;
    return PMINDEX_OK;
}

static int push(struct pm_csv *r, char c, bool *fatal, struct pmindex_error *e)
{
    if (r->rec_len + 2 > r->rec_cap) {
        int rc = pm_csv_reserve(r, 1, fatal, e);
        if (rc < 0)
            return rc;
    }
    r->rec[r->rec_len++] = c;
    return PMINDEX_OK;
}

int pm_csv_grow_fields(struct pm_csv *r, size_t need, bool *fatal, struct pmindex_error *e)
{
    if (need > PM_CSV_MAX_FIELDS) {
        *fatal = true;
        pm_error_set(e, PMINDEX_E_LIMIT, "a row with more than %d columns", PM_CSV_MAX_FIELDS);
        e->line = r->rec_line;
        return PMINDEX_E_LIMIT;
    }
    /* An int32_t capacity, as nfields: compared at every field. */
    size_t cap = (size_t)r->fields_cap;
    if (!pm_grow((void **)&r->fields, &cap, need, sizeof *r->fields, 64, 0)) {
        *fatal = true;
        return pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
    }
    r->fields_cap = (int32_t)cap; /* at most twice PM_CSV_MAX_FIELDS */
    return PMINDEX_OK;
}

static int start_field(struct pm_csv *r, bool *fatal, struct pmindex_error *e)
{
    int rc;
    if (r->nfields == r->fields_cap &&
        (rc = pm_csv_grow_fields(r, (size_t)r->nfields + 1, fatal, e)) < 0)
        return rc;
    r->fields[r->nfields++] = (struct pm_csv_field){r->rec_len, 0, r->line};
    return PMINDEX_OK;
}

static int end_field(struct pm_csv *r, bool *fatal, struct pmindex_error *e)
{
    struct pm_csv_field *f = &r->fields[r->nfields - 1];
    f->len = r->rec_len - f->off;
    return push(r, '\0', fatal, e); /* the NUL after the field */
}

/* Copies the run of bytes up to the next one in stop[] into the record.
 * Returns the stop byte's position (r->buf_len when the buffer ended), or
 * a negative error when the record grows past its limit. */
static int64_t run(struct pm_csv *r, const uint8_t stop[256], bool *fatal, struct pmindex_error *e)
{
    size_t avail = r->buf_len - r->pos, room = PM_CSV_MAX_RECORD - 1 - r->rec_len;
    size_t n = avail < room ? avail : room;
    int rc = pm_csv_reserve(r, n, fatal, e);
    if (rc < 0)
        return rc;
    const char *q = r->buf + r->pos, *limit = q + n;
    char *dst = r->rec + r->rec_len;
    while (q < limit && !stop[(uint8_t)*q])
        *dst++ = *q++;
    r->rec_len = (size_t)(dst - r->rec);
    r->pos = (size_t)(q - r->buf);
    if (q == limit && n < avail)
        return too_long(r, fatal, e);
    return (int64_t)r->pos;
}

/* Skips a UTF-8 byte-order mark at the very start of the input. */
static int skip_bom(struct pm_csv *r, bool *fatal, struct pmindex_error *e)
{
    r->at_start = false;
    while (r->buf_len - r->pos < 3) {
        int rc = refill(r, fatal, e);
        if (rc < 0)
            return rc;
        if (rc == 0)
            break;
    }
    if (r->buf_len - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0)
        r->pos += 3;
    return PMINDEX_OK;
}

int pm_csv_next(struct pm_csv *r, bool *fatal, struct pmindex_error *e)
{
    *fatal = false;
    r->rec_len = 0;
    r->nfields = 0;
    r->nul_field = -1;
    r->clean = false;
    r->rec_line = r->line;
    enum state st = FIELD_START;
    bool started = false;
    int64_t quote_line = 0;
    int bad = 0; /* column + 1 of a syntax error in this record */
    int rc;

    if (r->at_start && (rc = skip_bom(r, fatal, e)) < 0)
        return rc;
    if (r->pending_cr && r->pos < r->buf_len) {
        r->pending_cr = false;
        if (r->buf[r->pos] == '\n')
            r->pos++;
    }
    if (!r->pending_cr && !r->fast_off) {
        rc = pm_csv_fast(r, fatal, e);
        if (rc != 0)
            return rc < 0 ? e->code : 1;
    }
    for (;;) {
        if (r->pos == r->buf_len) {
            rc = refill(r, fatal, e);
            if (rc < 0)
                return rc;
            if (rc == 0) {
                if (st == QUOTED) {
                    *fatal = true;
                    pm_error_set(e, PMINDEX_E_SYNTAX,
                                 "a quote opened on line %lld is never closed",
                                 (long long)quote_line);
                    e->line = quote_line;
                    e->column = r->nfields;
                    return PMINDEX_E_SYNTAX;
                }
                if (!started)
                    return 0;
                break; /* the last record has no line end */
            }
        }
        if (r->pending_cr) {
            r->pending_cr = false;
            if (r->buf[r->pos] == '\n') {
                r->pos++;
                continue;
            }
        }
        if (!started) {
            started = true;
            r->rec_line = r->line;
        }
        int64_t at;
        char ch;
        switch (st) {
        case FIELD_START:
            if ((rc = start_field(r, fatal, e)) < 0)
                return rc;
            if (r->buf[r->pos] == '"') {
                quote_line = r->line;
                r->pos++;
                st = QUOTED;
            } else {
                st = UNQUOTED;
            }
            continue;
        case UNQUOTED:
            if ((at = run(r, stop_plain, fatal, e)) < 0)
                return (int)at;
            if (r->pos == r->buf_len)
                continue;
            ch = r->buf[r->pos++];
            if (ch == ',') {
                if ((rc = end_field(r, fatal, e)) < 0)
                    return rc;
                st = FIELD_START;
                continue;
            }
            if (ch == '\r' || ch == '\n') {
                r->pending_cr = ch == '\r';
                r->line++;
                goto record_end;
            }
            /* A quote inside an unquoted field, or a NUL: kept as data. */
            if (ch == '\0' && r->nul_field < 0)
                r->nul_field = r->nfields - 1;
            if ((rc = push(r, ch, fatal, e)) < 0)
                return rc;
            continue;
        case QUOTED:
            if ((at = run(r, stop_quoted, fatal, e)) < 0)
                return (int)at;
            if (r->pos == r->buf_len)
                continue;
            ch = r->buf[r->pos++];
            if (ch == '"') {
                st = QUOTE_SEEN;
                continue;
            }
            if (ch == '\n')
                r->line++;
            else if (r->nul_field < 0)
                r->nul_field = r->nfields - 1;
            if ((rc = push(r, ch, fatal, e)) < 0)
                return rc;
            continue;
        case QUOTE_SEEN:
            ch = r->buf[r->pos];
            if (ch == '"') { /* a doubled quote stands for one */
                r->pos++;
                if ((rc = push(r, '"', fatal, e)) < 0)
                    return rc;
                st = QUOTED;
            } else {
                /* A separator is handled as after any field; other text is
                 * kept as data to find the record's end, and reported. */
                if (ch != ',' && ch != '\r' && ch != '\n' && !bad)
                    bad = r->nfields;
                st = UNQUOTED;
            }
            continue;
        }
    }
record_end:
    if (st == FIELD_START && (rc = start_field(r, fatal, e)) < 0)
        return rc; /* "a," ends with an empty field */
    if ((rc = end_field(r, fatal, e)) < 0)
        return rc;
    if (bad) {
        pm_error_set(e, PMINDEX_E_SYNTAX,
                     "text after a closing quote: quote the whole cell and double the quotes "
                     "inside it");
        e->line = r->fields[bad - 1].line;
        e->column = bad;
        pm_error_set_value(e, pm_csv_text(r, bad - 1), r->fields[bad - 1].len);
        return PMINDEX_E_SYNTAX;
    }
    return 1;
}
