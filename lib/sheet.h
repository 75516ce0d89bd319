/* A sheet being read: what sheet.c (one thread), sheet_threads.c (the rows
 * read on several threads) and bulk.c share. */
#ifndef PM_SHEET_H
#define PM_SHEET_H

#include "cells.h"
#include "csv.h"
#include "idset.h"

/* Errors in the order they were found: the sheet's queue, or the errors of
 * a block of rows read on another thread. */
struct pm_errq {
    struct pmindex_error *e;
    int32_t n, pos; /* pos: the next one pop() returns */
    size_t cap;
    bool nomem; /* an error was lost for want of memory */
};

/* The header, read once: how each column's cells are read, and its name
 * for messages. Not changed afterwards: the threads share it. */
struct pm_sheet_shape {
    const pmindex_model *model;
    const char *file; /* the sheet's name in messages */
    int32_t ncolumns;
    int32_t id_column; /* 1-based column of compound_id */
    struct pm_cell_plan *plan;
    char **colname;
    bool plain; /* every cell to the plain parsers (to compare: pm_sheet_tune()) */
};

/* Work that the threads reading a sheet do on each good row after reading
 * it (bulk.c: assessing it and writing its record; ledger_sheet.c: the
 * texts of the row it will store). */
struct pm_row_hook {
    void *ctx;
    /* The row's compound is kept beside its record (the caller needs both);
     * else only the record is. */
    bool keep_compound;
    /* A thread's own state, or NULL when out of memory. */
    void *(*start)(void *ctx);
    /* Writes the row's record into (buf, cap) and returns the length it
     * needs, or a negative status: then the sheet's reader writes it. */
    int64_t (*write)(void *state, const pmindex_compound *c, char *buf, size_t cap);
    void (*stop)(void *state);
};

/* A record written by the threads for a row (pm_sheet_next()). */
struct pm_row_text {
    const char *text; /* NULL: not written */
    size_t len;
};

enum pm_sheet_state { PM_READ_HEADER, PM_READ_ROWS, PM_DONE };

struct pm_par; /* sheet_threads.c */

struct pmindex_sheet {
    const pmindex_model *model;
    uint32_t flags;
    struct pm_csv csv;
    enum pm_sheet_state state;
    char name[256];
    struct pm_sheet_shape shape;
    pmindex_compound *row;
    struct pm_idset ids;
    struct pmindex_error error; /* the error returned last */
    struct pm_errq queue;       /* errors still to return, in order */
    bool gb18030;
    /* Reading on several threads (pmindex_sheet_set_threads()). */
    int32_t threads;
    struct pm_par *par;
    const struct pm_row_hook *hook;
    size_t block_size; /* bytes a thread reads at a time; 0: chosen from the file's size */
    int64_t size;      /* of the input in bytes, or -1 when not known (a pipe, GB18030) */
    bool expected;     /* the ids' table was told how many ids to expect */
};

/* For tests: the bytes each thread reads at a time (0: chosen from the
 * file's size); plain: every record and cell read by the plain reader and
 * parsers, without the fast paths; simd: the scans of that level (enum
 * pm_simd) when this CPU has them, or -1 for the best. Before the first
 * row is read. */
void pm_sheet_tune(pmindex_sheet *s, size_t block_size, bool plain, int simd);

/* Adds an error (message and value set) at a place to q; a row's error
 * (rows) names its column. false (and q->nomem) when out of memory. */
bool pm_errq_add(struct pm_errq *q, const struct pm_sheet_shape *sh, bool rows,
                 const struct pmindex_error *e, int64_t line, int32_t column);

/* Whether every cell of the record is empty or blank. */
bool pm_sheet_blank_row(const struct pm_csv *r);

/* Reads the record r into row, adding its errors to q: the compound_id's
 * length when that cell was read without error (finding duplicates is the
 * caller's), else -1. */
int64_t pm_sheet_parse_row(const struct pm_sheet_shape *sh, const struct pm_csv *r,
                           pmindex_compound *row, struct pm_errq *q);

/* Adds the id (hash: pm_idset_hash()) of the row on line to the sheet's
 * ids, queueing the error of a duplicate (or of no memory). */
void pm_sheet_check_id(pmindex_sheet *s, const char *id, size_t len, uint32_t hash,
                       int64_t line);

/* Once enough rows are read (consumed: the bytes read so far), tells the
 * ids' table how many rows the whole input will likely hold. */
void pm_sheet_expect(pmindex_sheet *s, uint64_t consumed);

/* The next queued error (into s->error), or 0. */
int pm_sheet_pop(pmindex_sheet *s);

/* pmindex_sheet_next(), and the record the threads wrote for the row when
 * there is one (text may be NULL): then the compound is not filled in. */
int pm_sheet_next(pmindex_sheet *s, const pmindex_compound **compound_out,
                  struct pm_row_text *text);

/* The threads (sheet_threads.c). pm_par_start() takes over the reading of
 * the rows after the header; pm_par_next() is pm_sheet_next()'s, or
 * PM_PAR_PLAIN when the rest is the plain reader's (the threads are gone,
 * and s->csv reads on from where they stopped). */
enum { PM_PAR_PLAIN = 2 };
/* The offset just after the last LF of p[0, n) that ends a record, p being
 * the start of a record; 0 when no record ends there. */
struct pm_simd_ops;
size_t pm_sheet_split(const struct pm_simd_ops *ops, const char *p, size_t n);
int pm_par_start(pmindex_sheet *s);
int pm_par_next(pmindex_sheet *s, const pmindex_compound **compound_out,
                struct pm_row_text *text);
void pm_par_free(pmindex_sheet *s);
/* Sets (or with NULL, drops) the hook of the threads; before a hook's
 * owner goes, it drops it. false when out of memory. */
void pm_sheet_set_hook(pmindex_sheet *s, const struct pm_row_hook *hook);

#endif
