/* Shared by the fuzz targets: each defines LLVMFuzzerTestOneInput(). Built
 * with -Dfuzzing=true they link libFuzzer; otherwise replay.c gives them a
 * main() that runs files (the committed corpus and regressions) once each,
 * so every finding stays a test of the normal suite. */
#ifndef PMINDEX_FUZZ_H
#define PMINDEX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <pmindex/pmindex.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property the library promises: stop loudly, so the fuzzer keeps the input. */
#define FUZZ_CHECK(cond)                                                                          \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            abort();                                                                              \
        }                                                                                         \
    } while (0)

/* Consumes fuzz bytes as small decisions. */
struct fuzz_in {
    const uint8_t *p;
    size_t n;
};

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static inline uint32_t fuzz_u32(struct fuzz_in *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = v << 8 | fuzz_u8(in);
    return v;
}

static inline int64_t fuzz_i64(struct fuzz_in *in)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | fuzz_u8(in);
    return (int64_t)v;
}

/* The default model, made once per process (the targets never free it). */
static inline const pmindex_model *fuzz_default_model(void)
{
    static pmindex_model *m;
    if (!m && pmindex_model_default(&m) != 0)
        abort();
    return m;
}

/* A text's formatted error must always be a terminated, bounded string. */
static inline void fuzz_touch_error(const pmindex_error *e)
{
    char buf[2048];
    int64_t n = pmindex_error_format(e, buf, sizeof buf);
    FUZZ_CHECK(n >= 0);
    FUZZ_CHECK(pmindex_strerror(pmindex_error_code(e)) != NULL);
}

#endif
