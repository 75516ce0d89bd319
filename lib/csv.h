/* A streaming RFC 4180 reader: one record in memory at a time, from a file
 * descriptor or a memory block, UTF-8 or converted from GB18030 by iconv. */
#ifndef PM_CSV_H
#define PM_CSV_H

#include <iconv.h>
#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

struct sha256_ctx; /* nettle's */
struct pm_simd_ops;

enum { PM_SHA256_SIZE = 32 };

enum {
    PM_CSV_MAX_RECORD = 1 << 20, /* bytes in one record: a longer one ends the sheet */
    PM_CSV_MAX_FIELDS = 8192     /* fields in one record */
};

struct pm_csv_field {
    size_t off, len; /* into rec; NUL-terminated there */
    int64_t line;    /* where the field starts */
};

struct pm_csv {
    /* Source. */
    int fd; /* -1 for memory */
    bool own_fd;
    const char *mem;
    size_t mem_len;
    iconv_t cd; /* (iconv_t)-1 when reading UTF-8 */
    char *raw;  /* undecoded bytes waiting for iconv */
    size_t raw_len;
    int decode_errno; /* iconv's complaint, reported once the good bytes are read */
    /* Decoded bytes. */
    const char *buf;
    char *own_buf;
    size_t buf_len, pos;
    uint64_t offset; /* of buf[0] in the decoded bytes */
    bool eof, at_start, pending_cr;
    int64_t line;
    /* The current record. */
    char *rec;
    size_t rec_len, rec_cap;
    struct pm_csv_field *fields;
    int32_t nfields, fields_cap;
    int64_t rec_line;
    int32_t nul_field; /* first field holding a NUL byte, or -1 */
    /* The record came through the fast path (csv_fast.c): valid UTF-8
     * without NUL, so its cells need no check of their own. */
    bool clean;
    /* The byte scans (simd.h), and the fast path's separators; fast_off
     * leaves every record to the plain reader (to compare the two). */
    const struct pm_simd_ops *simd;
    uint32_t *seps;
    bool fast_off;
    /* Bytes of the source read already (by the threads of a sheet) that
     * come before the rest of the file: read, and hashed, first. */
    char *prefix;
    size_t prefix_len, prefix_pos;
    /* SHA-256 of the source's bytes as they are read (pm_csv_hash()). */
    struct sha256_ctx *sha;
    uint8_t digest[PM_SHA256_SIZE];
    bool digest_done;
};

/* Sets up a reader on fd (owned when own_fd) or on mem/len (fd < 0).
 * encoding is "utf-8" or "gb18030" (checked by the caller). */
int pm_csv_init(struct pm_csv *r, int fd, bool own_fd, const char *mem, size_t len,
                bool gb18030, struct pmindex_error *e);
void pm_csv_free(struct pm_csv *r);
/* Hashes the source's bytes (before any decoding) as they are read: call
 * after pm_csv_init(), before reading. PMINDEX_E_NOMEM, or PMINDEX_OK. */
int pm_csv_hash(struct pm_csv *r, struct pmindex_error *e);
/* The SHA-256 of every byte of the source, once it was read to its end:
 * true with out set, false before the end or when not hashed. */
bool pm_csv_digest(const struct pm_csv *r, uint8_t out[PM_SHA256_SIZE]);

/* Reads the next record: 1 when there is one, 0 at the end, or an error:
 * PMINDEX_E_SYNTAX for a malformed record (the record is skipped and
 * reading may go on), or a fatal PMINDEX_E_SYNTAX/E_LIMIT/E_ENCODING/E_IO/
 * E_NOMEM after which *fatal is set. e gets the message and the line. */
int pm_csv_next(struct pm_csv *r, bool *fatal, struct pmindex_error *e);

/* For the threads of a sheet (sheet_threads.c). A file's bytes as they
 * come (hashed, before any decoding): the count, 0 at the end, or -1 with
 * errno. */
ssize_t pm_csv_read_raw(struct pm_csv *r, char *dst, size_t cap);
/* The bytes read into the buffer and not yet read as records, which the
 * caller takes over (*p, returned length). */
size_t pm_csv_take_buffered(struct pm_csv *r, const char **p);
/* The decoded bytes read as records so far (BOM and header included). */
uint64_t pm_csv_consumed(const struct pm_csv *r);
/* Sets a reader of memory on another block of bytes: records from its
 * first byte, on line 1, keeping the reader's storage. */
void pm_csv_reseat(struct pm_csv *r, const char *mem, size_t len);
/* Reads on from where the threads stopped: in memory, at offset pos of
 * the bytes; from a file, first prefix (len bytes, taken over). The next
 * record starts on line, after a CR when pending_cr. */
void pm_csv_resume(struct pm_csv *r, size_t pos, char *prefix, size_t len, int64_t line,
                   bool pending_cr);

/* The fast path (csv_fast.c): 1 when it read the record, 0 when the plain
 * reader must, or a fatal error (out of memory). */
int pm_csv_fast(struct pm_csv *r, bool *fatal, struct pmindex_error *e);
/* Room in the record for n more bytes and a NUL, and for need fields. */
int pm_csv_reserve(struct pm_csv *r, size_t n, bool *fatal, struct pmindex_error *e);
int pm_csv_grow_fields(struct pm_csv *r, size_t need, bool *fatal, struct pmindex_error *e);

static inline const char *pm_csv_text(const struct pm_csv *r, int32_t f)
{
    return r->rec + r->fields[f].off;
}

#endif
