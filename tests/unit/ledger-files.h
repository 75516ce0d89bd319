/* What the ledger's unit tests share: a temporary directory holding the
 * ledger file of each test, emptied before each, and small helpers (files
 * copied and read). */
#ifndef PMINDEX_LEDGER_FILES_H
#define PMINDEX_LEDGER_FILES_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "test.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/pmindex-test-ledger-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/ledger.db", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Before each test: no ledger file, no WAL. */
static int fresh(void **state)
{
    (void)state;
    char f[160];
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(f, sizeof f, "%s%s", path, ext[i]);
        unlink(f);
    }
    return 0;
}

static inline int32_t period(const char *s)
{
    int32_t p;
    assert_i64(pmindex_period_parse(s, strlen(s), &p), 0);
    return p;
}

static inline pmindex_ledger *open_at(const char *file, uint32_t flags)
{
    pmindex_ledger *l = NULL;
    pmindex_error *e;
    assert_i64(pmindex_error_new(&e), 0);
    int rc = pmindex_ledger_open(file, flags, &l, e);
    if (rc != 0)
        fail_msg("open %s: %s", file, pmindex_error_message(e));
    pmindex_error_free(e);
    return l;
}

static inline pmindex_ledger *open_ledger(uint32_t flags)
{
    return open_at(path, flags);
}

static inline void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_i64(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

/* A file's bytes, NUL-terminated (the NUL not counted in *len). */
static inline char *read_bytes(const char *file, size_t *len)
{
    FILE *f = fopen(file, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_i64(fread(s, 1, (size_t)n, f), n);
    s[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return s;
}

static inline char *read_file(const char *file)
{
    size_t len;
    return read_bytes(file, &len);
}

#endif
