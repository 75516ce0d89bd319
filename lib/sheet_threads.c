/* A sheet's rows read on several threads (pmindex_sheet_set_threads()),
 * with exactly the results of one: the same compounds, the same errors in
 * the same order, the same lines.
 *
 * Cutting. The input after the header is cut into blocks that begin and
 * end at record boundaries. Where a block may end is found by an exact
 * scan from its first byte (pm_sheet_split()): where it holds no quote and
 * no CR, every LF ends a record; otherwise the plain reader's states are
 * followed byte by byte. The caller's thread cuts the blocks, reading the
 * file as it goes, a few blocks a thread ahead.
 *
 * Reading. Each thread takes the oldest block not yet taken and reads its
 * records with the reader and parsers one thread uses (csv.c, csv_fast.c,
 * pm_sheet_parse_row()), keeping each row's compound, its errors and, for
 * a batch (bulk.c), its record; lines count from the block's start.
 *
 * Merging. The caller's thread takes the blocks in order, adds the line
 * each block starts on, checks every id against all before it (so that
 * "already on line N" stays exact) and returns rows and errors as one
 * thread would. While the block it needs is not read yet, it reads the
 * next blocks itself.
 *
 * Handing back. A record that ends the sheet (too long, too many columns,
 * a quote never closed) or that a thread cannot keep (no memory), and input
 * in which no record ends within the longest a record can be, go back to
 * the plain reader on the caller's thread from their first byte: the
 * threads stop, and from there on the sheet is read as one thread reads
 * it, so that such messages, too, come from one place. GB18030 sheets are
 * read on one thread: decoding them is their cost, and iconv's. */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compound.h"
#include "model.h"
#include "sheet.h"
#include "simd.h"

enum {
    MIN_BLOCK = 4096,
    MAX_BLOCK = 1 << 19,
    BLOCKS_PER_THREAD = 8, /* a file is cut into at least this many blocks a thread */
    PREFETCH = 32,         /* rows ahead whose id's slot is fetched */
    /* The bytes a record within the limits can take in a file: every byte
     * of it a doubled quote, every field quoted. */
    LONGEST_RECORD = 2 * PM_CSV_MAX_RECORD + 4 * PM_CSV_MAX_FIELDS
};

enum block_state { FREE, QUEUED, RUNNING, DONE };

enum row_what { ROW, CSV_ERROR };

/* A record of a block as a thread read it. */
struct prow {
    uint8_t what;
    bool has_data, has_text;
    int32_t err0, nerr; /* its errors in the block's errq */
    int64_t line;       /* counted from the block's first line, 1 */
    int64_t idlen;      /* the compound_id's length when it was read, else -1 */
    size_t id;          /* the compound_id in text */
    uint32_t hash;      /* its pm_idset_hash() */
    size_t data;        /* its compound in data (has_data: a row without error) */
    size_t text, text_len; /* its record (has_text) */
};

/* A row's compound as a block keeps it: this, then the values and vetoes. */
struct packed {
    int64_t households;
    int32_t managed;
    size_t field[PM_FIELD_COUNT]; /* in text */
};

struct block {
    enum block_state state;
    const char *in; /* the records to read */
    size_t in_len;
    char *own;      /* where in is held when read from a file */
    size_t own_cap;
    const struct pm_row_hook *hook; /* the sheet's hook when the block was taken */
    /* What the thread that read it found. */
    struct prow *rows;
    size_t nrows, rows_cap;
    struct pm_errq errq;
    char *text;
    size_t text_len, text_cap;
    unsigned char *data;
    size_t data_len, data_cap;
    int64_t lines; /* the lines it spans */
    /* The record the plain reader must read: where it starts, on which line. */
    bool stopped, stop_cr;
    size_t stop_at;
    int64_t stop_line;
};

/* What reading a block needs, one for each thread (the caller's first). */
struct ctx {
    struct pm_par *par;
    struct pm_csv csv;
    pmindex_compound *row;
    const struct pm_row_hook *hook;
    void *hook_state;
    pthread_t tid;
    bool started;
};

struct pm_par {
    pmindex_sheet *s;
    pthread_mutex_t mu;
    pthread_cond_t work, done; /* a block to take; a block read */
    int32_t nctx;
    struct ctx *ctx;
    int32_t nring;
    struct block *ring; /* block n is ring[n % nring] */
    int64_t cut, taken, merged;
    bool quit;
    /* The input after the blocks cut: in memory, or read from the file
     * into carry (from a record's start). */
    bool memory;
    const char *mem;
    size_t mem_len, mem_pos;
    char *carry;
    size_t carry_len, carry_cap;
    bool eof;
    bool plain_rest; /* what follows the blocks cut is the plain reader's */
    size_t block_size;
    /* Merging: the line ring[merged] starts on, and its next row; the
     * bytes before it. */
    int64_t base_line;
    size_t cursor;
    uint64_t consumed;
};

/* ---- cutting ---------------------------------------------------------------- */

size_t pm_sheet_split(const struct pm_simd_ops *ops, const char *p, size_t n)
{
    if (ops->find2(p, n, '"', '\r') == n) {
        for (size_t i = n; i > 0; i--)
            if (p[i - 1] == '\n')
                return i;
        return 0;
    }
    /* The states of the plain reader (csv.c), from the start of a record. */
    enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_SEEN } st = FIELD_START;
    bool pending_cr = false;
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (pending_cr) {
            pending_cr = false;
            if (c == '\n') {
                last = i + 1;
                continue;
            }
        }
        switch (st) {
        case QUOTED:
            if (c == '"')
                st = QUOTE_SEEN;
            continue;
        case QUOTE_SEEN:
            if (c == '"') { /* a doubled quote */
                st = QUOTED;
                continue;
            }
            break; /* the byte is read as after any field */
        case FIELD_START:
            if (c == '"') {
                st = QUOTED;
                continue;
            }
            break;
        case UNQUOTED:
            break;
        }
        st = UNQUOTED;
        if (c == ',') {
            st = FIELD_START;
        } else if (c == '\n') {
            st = FIELD_START;
            last = i + 1;
        } else if (c == '\r') {
            st = FIELD_START;
            pending_cr = true;
        }
    }
    return last;
}

static bool input_done(const struct pm_par *p)
{
    return p->memory ? p->mem_pos == p->mem_len : p->eof && p->carry_len == 0;
}

/* Reads the file until carry holds want bytes or the file ends; false on
 * a read error (the plain reader will meet it) or without memory. */
static bool fill_carry(struct pm_par *p, size_t want)
{
    if (!pm_grow((void **)&p->carry, &p->carry_cap, want, 1, MIN_BLOCK, 0))
        return false;
    while (!p->eof && p->carry_len < want) {
        ssize_t n = pm_csv_read_raw(&p->s->csv, p->carry + p->carry_len, want - p->carry_len);
        if (n < 0)
            return false;
        p->eof = n == 0;
        p->carry_len += (size_t)n;
    }
    return true;
}

/* The length of the next block of data (avail bytes there, more may
 * follow unless final): up to block_size bytes, else up to the longest
 * record; 0 when no record ends there. */
static size_t next_cut(struct pm_par *p, const char *data, size_t avail, bool final)
{
    size_t t = p->block_size;
    if (final && avail <= t)
        return avail;
    size_t n = pm_sheet_split(p->s->csv.simd, data, avail < t ? avail : t);
    if (n == 0) {
        size_t w = avail < LONGEST_RECORD + t ? avail : LONGEST_RECORD + t;
        n = pm_sheet_split(p->s->csv.simd, data, w);
        if (n == 0 && final && w == avail)
            n = avail;
    }
    return n;
}

/* Cuts the next block into b: false when the input is all cut, or when
 * what follows is the plain reader's (p->plain_rest). */
static bool cut_one(struct pm_par *p, struct block *b)
{
    if (p->memory) {
        size_t avail = p->mem_len - p->mem_pos;
        if (avail == 0)
            return false;
        size_t n = next_cut(p, p->mem + p->mem_pos, avail, true);
        if (n == 0) {
            p->plain_rest = true;
            return false;
        }
        b->in = p->mem + p->mem_pos;
        b->in_len = n;
        p->mem_pos += n;
        return true;
    }
    size_t n = 0;
    if (fill_carry(p, p->block_size + 1)) {
        if (p->carry_len == 0)
            return false;
        n = next_cut(p, p->carry, p->carry_len, p->eof);
        if (n == 0 && fill_carry(p, LONGEST_RECORD + p->block_size + 1))
            n = next_cut(p, p->carry, p->carry_len, p->eof);
    }
    if (n == 0) {
        p->plain_rest = true;
        return false;
    }
    /* The block takes the carry's storage; the rest moves to the block's. */
    size_t rest = p->carry_len - n;
    char *old = b->own;
    size_t old_cap = b->own_cap;
    if (!pm_grow((void **)&old, &old_cap, rest ? rest : 1, 1, MIN_BLOCK, 0)) {
        b->own = old;
        b->own_cap = old_cap;
        p->plain_rest = true;
        return false;
    }
    memcpy(old, p->carry + n, rest);
    b->own = p->carry;
    b->own_cap = p->carry_cap;
    b->in = b->own;
    b->in_len = n;
    p->carry = old;
    p->carry_cap = old_cap;
    p->carry_len = rest;
    return true;
}

/* Cuts blocks while the ring has room. */
static void cut_blocks(struct pm_par *p)
{
    while (p->cut - p->merged < p->nring && !p->plain_rest && !input_done(p)) {
        struct block *b = &p->ring[p->cut % p->nring];
        assert(b->state == FREE);
        if (!cut_one(p, b))
            break;
        pthread_mutex_lock(&p->mu);
        b->state = QUEUED;
        p->cut++;
        pthread_cond_signal(&p->work);
        pthread_mutex_unlock(&p->mu);
    }
}

/* ---- reading a block ---------------------------------------------------------- */

/* Copies len bytes and a NUL into the block's text: the offset, or
 * SIZE_MAX without memory. */
static size_t push_text(struct block *b, const char *s, size_t len)
{
    if (!pm_grow((void **)&b->text, &b->text_cap, b->text_len + len + 1, 1, 1 << 16, 0))
        return SIZE_MAX;
    size_t at = b->text_len;
    memcpy(b->text + at, s, len);
    b->text[at + len] = '\0';
    b->text_len += len + 1;
    return at;
}

/* Keeps the row's compound in the block: false without memory. */
static bool pack(struct block *b, const pmindex_compound *c, struct prow *r)
{
    const pmindex_model *m = c->model;
    size_t values = (size_t)m->nitems * sizeof(int64_t);
    size_t need = sizeof(struct packed) + values + (((size_t)m->nvetoes + 7) & ~(size_t)7);
    if (!pm_grow((void **)&b->data, &b->data_cap, b->data_len + need, 1, 1 << 16, 0))
        return false;
    struct packed *pk = (struct packed *)(void *)(b->data + b->data_len);
    pk->households = c->households;
    pk->managed = c->managed;
    for (int f = 0; f < PM_FIELD_COUNT; f++) {
        size_t at = push_text(b, c->field[f], strlen(c->field[f]));
        if (at == SIZE_MAX)
            return false;
        pk->field[f] = at;
    }
    memcpy(pk + 1, c->values, values);
    memcpy((unsigned char *)(pk + 1) + values, c->vetoes, (size_t)m->nvetoes);
    r->data = b->data_len;
    r->has_data = true;
    b->data_len += need;
    return true;
}

/* The hook's record of the row, when the hook writes it. */
static void write_text(struct ctx *c, struct block *b, struct prow *r)
{
    if (!c->hook_state)
        return;
    size_t room = b->text_cap - b->text_len;
    int64_t n = c->hook->write(c->hook_state, c->row, b->text ? b->text + b->text_len : NULL, room);
    if (n >= 0 && (uint64_t)n >= room) {
        if (!pm_grow((void **)&b->text, &b->text_cap, b->text_len + (size_t)n + 1, 1, 1 << 16, 0))
            return;
        room = b->text_cap - b->text_len;
        n = c->hook->write(c->hook_state, c->row, b->text + b->text_len, room);
    }
    if (n < 0 || (uint64_t)n >= room)
        return; /* the sheet's reader writes it */
    r->text = b->text_len;
    r->text_len = (size_t)n;
    r->has_text = true;
    b->text_len += (size_t)n;
}

/* The record at start (on line, after a CR when cr) is the plain reader's. */
static void stop(struct block *b, size_t start, bool cr, int64_t line)
{
    b->stopped = true;
    b->stop_at = start;
    b->stop_cr = cr;
    b->stop_line = line;
}

static void read_block(struct ctx *c, struct block *b)
{
    const struct pm_sheet_shape *sh = &c->par->s->shape;
    b->nrows = b->text_len = b->data_len = 0;
    b->errq.n = 0;
    b->errq.nomem = b->stopped = false;
    if (b->hook != c->hook) {
        if (c->hook_state)
            c->hook->stop(c->hook_state);
        c->hook = b->hook;
        c->hook_state = c->hook ? c->hook->start(c->hook->ctx) : NULL;
    }
    struct pm_csv *r = &c->csv;
    pm_csv_reseat(r, b->in, b->in_len);
    for (;;) {
        size_t start = r->pos;
        bool cr = r->pending_cr, fatal;
        int64_t line = r->line;
        struct pmindex_error e;
        pm_error_clear(&e);
        int rc = pm_csv_next(r, &fatal, &e);
        if (rc == 0)
            break;
        if (fatal) {
            stop(b, start, cr, line);
            return;
        }
        if (rc > 0 && pm_sheet_blank_row(r))
            continue;
        if (!pm_grow((void **)&b->rows, &b->rows_cap, b->nrows + 1, sizeof *b->rows, 256, 0)) {
            stop(b, start, cr, line);
            return;
        }
        struct prow *row = &b->rows[b->nrows];
        memset(row, 0, sizeof *row);
        row->err0 = b->errq.n;
        row->idlen = -1;
        if (rc < 0) {
            row->what = CSV_ERROR;
            if (!pm_grow((void **)&b->errq.e, &b->errq.cap, (size_t)b->errq.n + 1,
                         sizeof *b->errq.e, 8, 0)) {
                stop(b, start, cr, line);
                return;
            }
            b->errq.e[b->errq.n++] = e;
        } else {
            row->what = ROW;
            row->line = r->rec_line;
            row->idlen = pm_sheet_parse_row(sh, r, c->row, &b->errq);
            if (b->errq.nomem) {
                stop(b, start, cr, line);
                return;
            }
            if (row->idlen >= 0) {
                const char *id = c->row->field[PMINDEX_FIELD_ID];
                row->hash = pm_idset_hash(id, (size_t)row->idlen);
                if ((row->id = push_text(b, id, (size_t)row->idlen)) == SIZE_MAX) {
                    stop(b, start, cr, line);
                    return;
                }
            }
            /* A row without error: its record, when the hook writes it,
             * else its compound. */
            if (b->errq.n == row->err0) {
                write_text(c, b, row);
                if ((!row->has_text || c->hook->keep_compound) && !pack(b, c->row, row)) {
                    stop(b, start, cr, line);
                    return;
                }
            }
        }
        row->nerr = b->errq.n - row->err0;
        b->nrows++;
    }
    b->lines = r->line - 1;
}

/* Takes the oldest block not taken (the lock held). */
static struct block *take(struct pm_par *p)
{
    struct block *b = &p->ring[p->taken++ % p->nring];
    assert(b->state == QUEUED);
    b->state = RUNNING;
    b->hook = p->s->hook;
    return b;
}

static void *thread_main(void *arg)
{
    struct ctx *c = arg;
    struct pm_par *p = c->par;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->taken == p->cut)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->quit)
            break;
        struct block *b = take(p);
        pthread_mutex_unlock(&p->mu);
        read_block(c, b);
        pthread_mutex_lock(&p->mu);
        b->state = DONE;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Waits until b is read, reading blocks meanwhile. */
static void wait_block(struct pm_par *p, struct block *b)
{
    pthread_mutex_lock(&p->mu);
    while (b->state != DONE) {
        if (p->taken < p->cut) {
            struct block *x = take(p);
            pthread_mutex_unlock(&p->mu);
            read_block(&p->ctx[0], x);
            pthread_mutex_lock(&p->mu);
            x->state = DONE;
            pthread_cond_broadcast(&p->done);
        } else {
            pthread_cond_wait(&p->done, &p->mu);
        }
    }
    pthread_mutex_unlock(&p->mu);
}

/* ---- starting and stopping -------------------------------------------------------- */

static void stop_threads(struct pm_par *p)
{
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int32_t k = 1; k < p->nctx; k++)
        if (p->ctx[k].started) {
            pthread_join(p->ctx[k].tid, NULL);
            p->ctx[k].started = false;
        }
}

void pm_par_free(pmindex_sheet *s)
{
    struct pm_par *p = s->par;
    if (!p)
        return;
    stop_threads(p);
    for (int32_t k = 0; k < p->nctx; k++) {
        struct ctx *c = &p->ctx[k];
        if (c->hook_state)
            c->hook->stop(c->hook_state);
        pm_csv_free(&c->csv);
        pmindex_compound_free(c->row);
    }
    for (int32_t k = 0; k < p->nring; k++) {
        struct block *b = &p->ring[k];
        free(b->own);
        free(b->rows);
        free(b->errq.e);
        free(b->text);
        free(b->data);
    }
    free(p->ctx);
    free(p->ring);
    free(p->carry);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->mu);
    free(p);
    s->par = NULL;
}

/* The bytes each thread reads at a time: the rest of the input shared out
 * as BLOCKS_PER_THREAD blocks a thread, within [MIN_BLOCK, MAX_BLOCK]. */
static size_t block_size(const pmindex_sheet *s, const struct pm_par *p)
{
    if (s->block_size)
        return s->block_size;
    size_t rest = MAX_BLOCK * (size_t)BLOCKS_PER_THREAD * (size_t)s->threads;
    struct stat st;
    if (p->memory)
        rest = p->mem_len - p->mem_pos;
    else if (fstat(s->csv.fd, &st) == 0 && S_ISREG(st.st_mode)) {
        off_t at = lseek(s->csv.fd, 0, SEEK_CUR);
        if (at >= 0 && st.st_size >= at)
            rest = (size_t)(st.st_size - at) + p->carry_len;
    }
    size_t size = rest / ((size_t)BLOCKS_PER_THREAD * (size_t)s->threads);
    return size < MIN_BLOCK ? MIN_BLOCK : size > MAX_BLOCK ? MAX_BLOCK : size;
}

int pm_par_start(pmindex_sheet *s)
{
    struct pm_par *p = calloc(1, sizeof *p);
    if (!p)
        return PMINDEX_E_NOMEM;
    p->s = s;
    p->nctx = s->threads;
    p->nring = s->threads + 2;
    p->ctx = calloc((size_t)p->nctx, sizeof *p->ctx);
    p->ring = calloc((size_t)p->nring, sizeof *p->ring);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    s->par = p;
    if (!p->ctx || !p->ring) {
        p->nctx = p->nring = 0;
        pm_par_free(s);
        return PMINDEX_E_NOMEM;
    }
    for (int32_t k = 0; k < p->nctx; k++) {
        p->ctx[k].csv.fd = -1;
        p->ctx[k].csv.cd = (iconv_t)-1;
    }
    for (int32_t k = 0; k < p->nctx; k++) {
        struct ctx *c = &p->ctx[k];
        struct pmindex_error e;
        c->par = p;
        if (pm_csv_init(&c->csv, -1, false, "", 0, false, &e) != PMINDEX_OK ||
            pmindex_compound_new(s->model, &c->row) != PMINDEX_OK) {
            pm_par_free(s);
            return PMINDEX_E_NOMEM;
        }
        c->csv.simd = s->csv.simd;
        c->csv.fast_off = s->csv.fast_off;
    }
    /* The input from after the header; a CR that ended it takes its LF. */
    struct pm_csv *r = &s->csv;
    const char *rest;
    p->consumed = pm_csv_consumed(r);
    size_t n = pm_csv_take_buffered(r, &rest);
    p->memory = !r->own_buf;
    if (p->memory) {
        p->mem = r->buf;
        p->mem_len = r->buf_len;
        p->mem_pos = (size_t)(rest - r->buf);
        if (r->pending_cr && p->mem_pos < p->mem_len && p->mem[p->mem_pos] == '\n')
            p->mem_pos++;
    } else {
        if (!pm_grow((void **)&p->carry, &p->carry_cap, n ? n : 1, 1, MIN_BLOCK, 0)) {
            pm_par_free(s);
            return PMINDEX_E_NOMEM;
        }
        memcpy(p->carry, rest, n);
        p->carry_len = n;
        if (r->pending_cr && fill_carry(p, 1) && p->carry_len > 0 && p->carry[0] == '\n')
            memmove(p->carry, p->carry + 1, --p->carry_len);
    }
    r->pending_cr = false;
    p->base_line = r->line;
    p->block_size = block_size(s, p);
    for (int32_t k = 1; k < p->nctx; k++)
        p->ctx[k].started = pthread_create(&p->ctx[k].tid, NULL, thread_main, &p->ctx[k]) == 0;
    return PMINDEX_OK;
}

/* ---- merging ---------------------------------------------------------------------- */

/* The plain reader reads on from the stopped record of b, or (b NULL)
 * from after the blocks cut. */
static int hand_back(pmindex_sheet *s, struct block *b)
{
    struct pm_par *p = s->par;
    stop_threads(p);
    int64_t line = b ? p->base_line + b->stop_line - 1 : p->base_line;
    bool cr = b && b->stop_cr;
    size_t pos = 0, len = 0;
    char *prefix = NULL;
    if (p->memory) {
        pos = b ? (size_t)(b->in + b->stop_at - p->mem) : p->mem_pos;
    } else {
        /* The bytes read from the file and not yet read as records, in order. */
        if (b) {
            len = b->in_len - b->stop_at;
            for (int64_t k = p->merged + 1; k < p->cut; k++)
                len += p->ring[k % p->nring].in_len;
        }
        len += p->carry_len;
        prefix = malloc(len ? len : 1);
        if (!prefix) {
            pm_par_free(s);
            s->state = PM_DONE;
            pm_error_set(&s->error, PMINDEX_E_NOMEM, "out of memory");
            pm_error_set_file(&s->error, s->name);
            return PMINDEX_E_NOMEM;
        }
        size_t at = 0;
        if (b) {
            memcpy(prefix, b->in + b->stop_at, b->in_len - b->stop_at);
            at = b->in_len - b->stop_at;
            for (int64_t k = p->merged + 1; k < p->cut; k++) {
                const struct block *x = &p->ring[k % p->nring];
                memcpy(prefix + at, x->in, x->in_len);
                at += x->in_len;
            }
        }
        memcpy(prefix + at, p->carry, p->carry_len);
    }
    pm_par_free(s);
    pm_csv_resume(&s->csv, pos, prefix, len, line, cr);
    return PM_PAR_PLAIN;
}

/* Adds a block's error to the sheet's queue, on the sheet's lines. */
static void queue_error(pmindex_sheet *s, const struct pmindex_error *e, int64_t base)
{
    struct pm_errq *q = &s->queue;
    if (!pm_grow((void **)&q->e, &q->cap, (size_t)q->n + 1, sizeof *q->e, 8, 0)) {
        if (q->n == 0)
            pm_error_copy(&s->error, e);
        return;
    }
    struct pmindex_error *x = &q->e[q->n++];
    pm_error_copy(x, e);
    if (x->line > 0)
        x->line += base - 1;
}

/* The row's compound into the sheet's. */
static void unpack(pmindex_sheet *s, const struct block *b, const struct prow *r, int64_t line)
{
    const pmindex_model *m = s->model;
    pmindex_compound *c = s->row;
    const struct packed *pk = (const struct packed *)(const void *)(b->data + r->data);
    size_t values = (size_t)m->nitems * sizeof(int64_t);
    memcpy(c->values, pk + 1, values);
    memcpy(c->vetoes, (const unsigned char *)(pk + 1) + values, (size_t)m->nvetoes);
    c->households = pk->households;
    c->managed = pk->managed;
    c->line = line;
    for (int f = 0; f < PM_FIELD_COUNT; f++)
        c->field[f] = b->text + pk->field[f];
}

int pm_par_next(pmindex_sheet *s, const pmindex_compound **compound_out,
                struct pm_row_text *text)
{
    struct pm_par *p = s->par;
    for (;;) {
        cut_blocks(p);
        if (p->merged == p->cut) {
            if (p->plain_rest)
                return hand_back(s, NULL);
            assert(input_done(p));
            pm_par_free(s);
            s->state = PM_DONE;
            return 0;
        }
        struct block *b = &p->ring[p->merged % p->nring];
        wait_block(p, b);
        if (p->cursor == b->nrows) {
            if (b->stopped)
                return hand_back(s, b);
            p->base_line += b->lines;
            p->consumed += b->in_len;
            p->cursor = 0;
            if (!s->expected)
                pm_sheet_expect(s, p->consumed);
            pthread_mutex_lock(&p->mu);
            b->state = FREE;
            p->merged++;
            pthread_mutex_unlock(&p->mu);
            continue;
        }
        /* The slot of an id some rows ahead, from memory meanwhile. */
        if (p->cursor + PREFETCH < b->nrows)
            pm_idset_prefetch(&s->ids, b->rows[p->cursor + PREFETCH].hash);
        const struct prow *r = &b->rows[p->cursor++];
        if (r->what == CSV_ERROR) {
            const struct pmindex_error *e = &b->errq.e[r->err0];
            pm_error_copy(&s->error, e);
            if (s->error.line > 0)
                s->error.line += p->base_line - 1;
            pm_error_set_file(&s->error, s->name);
            if (s->error.column > 0 && s->error.column <= s->shape.ncolumns)
                pm_error_set_section(&s->error, NULL, s->shape.colname[s->error.column - 1]);
            return s->error.code;
        }
        int64_t line = p->base_line + r->line - 1;
        for (int32_t k = 0; k < r->nerr; k++)
            queue_error(s, &b->errq.e[r->err0 + k], p->base_line);
        if (r->idlen >= 0)
            pm_sheet_check_id(s, b->text + r->id, (size_t)r->idlen, r->hash, line);
        int rc = pm_sheet_pop(s);
        if (rc)
            return rc;
        bool with_text = text && r->has_text && b->hook == s->hook;
        if (with_text) {
            text->text = b->text + r->text;
            text->len = r->text_len;
        }
        if (r->has_data)
            unpack(s, b, r, line);
        else /* the caller needs no compound */
            assert(with_text);
        *compound_out = s->row;
        return 1;
    }
}

void pm_sheet_set_hook(pmindex_sheet *s, const struct pm_row_hook *hook)
{
    struct pm_par *p = s->par;
    if (!p) {
        s->hook = hook;
        return;
    }
    /* No thread may use a hook's state once it is dropped: wait for the
     * blocks being read, then stop every thread's state. */
    pthread_mutex_lock(&p->mu);
    for (;;) {
        bool running = false;
        for (int32_t k = 0; k < p->nring; k++)
            running |= p->ring[k].state == RUNNING;
        if (!running)
            break;
        pthread_cond_wait(&p->done, &p->mu);
    }
    s->hook = hook;
    for (int32_t k = 0; k < p->nctx; k++) {
        struct ctx *c = &p->ctx[k];
        if (c->hook_state)
            c->hook->stop(c->hook_state);
        c->hook = NULL;
        c->hook_state = NULL;
    }
    /* Blocks read for the old hook keep records, not compounds: read
     * again (the same rows, in the same order) for the new one. */
    for (int64_t n = p->merged; n < p->cut; n++) {
        struct block *b = &p->ring[n % p->nring];
        if (b->state == DONE && b->hook != hook) {
            b->hook = hook;
            read_block(&p->ctx[0], b);
        }
    }
    pthread_mutex_unlock(&p->mu);
}
