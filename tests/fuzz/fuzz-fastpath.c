/* Fuzz target: the fast paths against the plain reader, on every input.
 * The same bytes are read twice: by the plain reader alone (no fast path,
 * the plain parsers of every cell, plain C scans, one thread), and with the
 * fast paths, the scans of one SIMD level, on 1 to 4 threads reading blocks
 * of a few bytes (so that blocks end everywhere: in quotes, after CRs, in
 * UTF-8 sequences). Every row (values, vetoes, fields, line) and every
 * error (code, place, message) must be the same, in the same order; with a
 * batch, the records must be the same bytes.
 *
 * The first byte picks the encoding (bit 0: GB18030), partial sheets (bit
 * 1), a batch (bit 2) and its format (bit 3: JSON Lines), the SIMD level
 * (bits 4-5) and the threads (bits 6-7, 1 to 4); the second the block size
 * (1 to 256 bytes); the rest is the file. */
#include <string.h>

#include "fuzz.h"

#include "sheet.h"

struct side {
    pmindex_sheet *sheet;
    pmindex_batch *batch;
};

static bool open_side(struct side *x, const uint8_t *data, size_t size, const char *enc,
                      uint32_t flags, bool plain, int simd, int threads, size_t block)
{
    memset(x, 0, sizeof *x);
    if (pmindex_sheet_open_memory(fuzz_default_model(), data, size, "fuzz.csv", enc, flags,
                                  &x->sheet) != 0) {
        pmindex_sheet_free(x->sheet);
        return false;
    }
    pm_sheet_tune(x->sheet, block, plain, simd);
    FUZZ_CHECK(pmindex_sheet_set_threads(x->sheet, threads) == 0);
    return true;
}

static void same_error(const pmindex_error *a, const pmindex_error *b)
{
    char x[2048], y[2048];
    FUZZ_CHECK(pmindex_error_code(a) == pmindex_error_code(b));
    FUZZ_CHECK(pmindex_error_line(a) == pmindex_error_line(b));
    FUZZ_CHECK(pmindex_error_column(a) == pmindex_error_column(b));
    pmindex_error_format(a, x, sizeof x);
    pmindex_error_format(b, y, sizeof y);
    if (strcmp(x, y) != 0) {
        fprintf(stderr, "plain: %s\nfast:  %s\n", x, y);
        FUZZ_CHECK(!"the same error");
    }
}

static void same_row(const pmindex_compound *a, const pmindex_compound *b)
{
    const pmindex_model *m = fuzz_default_model();
    FUZZ_CHECK(pmindex_compound_line(a) == pmindex_compound_line(b));
    for (int32_t i = 0; i < pmindex_model_item_count(m); i++) {
        int64_t u = 0, v = 0;
        FUZZ_CHECK(pmindex_compound_value(a, i, &u) == pmindex_compound_value(b, i, &v));
        FUZZ_CHECK(u == v);
    }
    for (int32_t k = 0; k < pmindex_model_veto_count(m); k++)
        FUZZ_CHECK(pmindex_compound_veto(a, k) == pmindex_compound_veto(b, k));
    FUZZ_CHECK(pmindex_compound_managed(a) == pmindex_compound_managed(b));
    FUZZ_CHECK(pmindex_compound_households(a) == pmindex_compound_households(b));
    for (int32_t f = PMINDEX_FIELD_ID; f <= PMINDEX_FIELD_PERIOD; f++)
        FUZZ_CHECK(strcmp(pmindex_compound_field(a, f), pmindex_compound_field(b, f)) == 0);
}

/* Row by row. */
static void compare_rows(struct side *p, struct side *f, size_t size)
{
    int guard = 0;
    for (;;) {
        const pmindex_compound *a, *b;
        int ra = pmindex_sheet_next(p->sheet, &a), rb = pmindex_sheet_next(f->sheet, &b);
        FUZZ_CHECK(++guard <= (int)size + 200);
        if (ra != rb)
            fprintf(stderr, "plain %d, fast %d\n", ra, rb);
        FUZZ_CHECK(ra == rb);
        if (ra == 0)
            break;
        if (ra < 0)
            same_error(pmindex_sheet_error(p->sheet), pmindex_sheet_error(f->sheet));
        else
            same_row(a, b);
        if (ra == PMINDEX_E_NOMEM)
            break;
    }
}

/* A batch's output in buffers of cap bytes, with its errors. */
static void compare_batches(struct side *p, struct side *f, int32_t format, size_t cap,
                            size_t size)
{
    uint32_t flags = PMINDEX_BATCH_RECORDS | (format == PMINDEX_FORMAT_CSV ? PMINDEX_BATCH_HEADER : 0);
    FUZZ_CHECK(pmindex_batch_new(fuzz_default_model(), p->sheet, format, flags, &p->batch) == 0);
    FUZZ_CHECK(pmindex_batch_new(fuzz_default_model(), f->sheet, format, flags, &f->batch) == 0);
    char *x = malloc(cap), *y = malloc(cap);
    FUZZ_CHECK(x && y);
    int guard = 0;
    for (;;) {
        int64_t rx, ry;
        int32_t sx, sy;
        int64_t nx = pmindex_batch_fill(p->batch, x, cap, &rx, &sx);
        int64_t ny = pmindex_batch_fill(f->batch, y, cap, &ry, &sy);
        FUZZ_CHECK(++guard <= (int)size + 400);
        FUZZ_CHECK(nx == ny && sx == sy && rx == ry);
        if (nx < 0)
            break;
        if ((size_t)nx >= cap) { /* one record longer than the buffer */
            cap = (size_t)nx + 1;
            free(x);
            free(y);
            x = malloc(cap);
            y = malloc(cap);
            FUZZ_CHECK(x && y);
            continue;
        }
        FUZZ_CHECK(memcmp(x, y, (size_t)nx) == 0);
        if (sx < 0)
            same_error(pmindex_sheet_error(p->sheet), pmindex_sheet_error(f->sheet));
        if (sx == 0 || sx == PMINDEX_E_NOMEM)
            break;
    }
    free(x);
    free(y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    uint8_t mode = data[0];
    size_t block = (size_t)data[1] + 1;
    data += 2;
    size -= 2;
    const char *enc = mode & 1 ? "gb18030" : NULL;
    uint32_t flags = mode & 2 ? PMINDEX_SHEET_PARTIAL : 0;
    int simd = (mode >> 4) & 3;
    int threads = ((mode >> 6) & 3) + 1;
    struct side plain, fast;
    if (!open_side(&plain, data, size, enc, flags, true, 0, 1, 0))
        return 0;
    FUZZ_CHECK(open_side(&fast, data, size, enc, flags, false, simd > 2 ? -1 : simd, threads,
                         block));
    if (mode & 4)
        compare_batches(&plain, &fast, mode & 8 ? PMINDEX_FORMAT_JSONL : PMINDEX_FORMAT_CSV,
                        64 + (size_t)data[-1] * 16, size);
    else
        compare_rows(&plain, &fast, size);
    pmindex_batch_free(plain.batch);
    pmindex_batch_free(fast.batch);
    pmindex_sheet_free(plain.sheet);
    pmindex_sheet_free(fast.sheet);
    return 0;
}
