/* Fuzz target: the ledger's apply on a temporary database. The input is
 * up to 6 periods separated by a line "--8<--": each starts with one byte
 * of decisions (which period: the next, the same again, the one before, a
 * gap or an invalid code; commit or roll back; allow a model change), then
 * the period's sheet. The first byte of the input picks the first period:
 * mostly a half-year, the default model's kind; now and then another kind,
 * which the ledger must refuse.
 * Checked after every step:
 * - a refused begin, a sheet with any error and a rollback leave the number
 *   of periods as it was; a commit adds exactly one;
 * - every stored row reads back: ladder level within the model's ladder,
 *   card and tier in range, CSV and JSONL records that format;
 * - the file passes SQLite's integrity check, and reopened read-only it is
 *   a ledger whose rows all read back. */
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define SEPARATOR "\n--8<--\n"
enum { MAX_PERIODS = 6 };

/* One directory per process, on tmpfs when there is one: the ledger syncs
 * at every commit. Each input starts from an empty ledger file. */
static char dir[256], path[512];

static void remove_db(void)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[600];
    for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
        snprintf(p, sizeof p, "%s%s", path, suffixes[k]);
        unlink(p);
    }
}

static void remove_dir(void)
{
    remove_db();
    rmdir(dir);
}

static const char *db_path(void)
{
    if (path[0])
        return path;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/pmindex-fuzz-ledger-XXXXXX", base ? base : "/tmp");
    FUZZ_CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/ledger.db", dir);
    atexit(remove_dir);
    return path;
}

static void check_integrity(void)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    FUZZ_CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    FUZZ_CHECK(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK);
    FUZZ_CHECK(sqlite3_step(st) == SQLITE_ROW);
    FUZZ_CHECK(strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void check_rows(pmindex_ledger *l, const pmindex_model *m)
{
    pmindex_ledger_rows *r;
    FUZZ_CHECK(pmindex_ledger_rows_new(l, PMINDEX_PERIOD_NONE, NULL, 0, &r) == 0);
    int rc;
    char buf[512];
    int32_t max = pmindex_model_ladder_max_level(m);
    while ((rc = pmindex_ledger_rows_next(r)) == 1) {
        int64_t level = pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL);
        FUZZ_CHECK(level >= 0 && level <= max);
        int64_t card = pmindex_ledger_rows_int(r, PMINDEX_ROW_CARD);
        FUZZ_CHECK(card >= 0 && card <= 2);
        int64_t tier = pmindex_ledger_rows_int(r, PMINDEX_ROW_TIER);
        FUZZ_CHECK(tier == PMINDEX_TIER_FALLBACK ||
                   (tier >= 0 && tier < pmindex_model_tier_count(m)));
        int64_t index = pmindex_ledger_rows_int(r, PMINDEX_ROW_INDEX);
        FUZZ_CHECK(index >= -1 && index <= 10000);
        FUZZ_CHECK(pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID)[0] != '\0');
        FUZZ_CHECK(pmindex_ledger_rows_record(r, PMINDEX_FORMAT_CSV, buf, sizeof buf) > 0);
        FUZZ_CHECK(pmindex_ledger_rows_record(r, PMINDEX_FORMAT_JSONL, buf, sizeof buf) > 0);
    }
    FUZZ_CHECK(rc == 0);
    pmindex_ledger_rows_free(r);
}

/* Applies one period's sheet; returns whether it was committed. */
static int apply(pmindex_ledger *l, const pmindex_model *m, int32_t period, uint8_t op,
                 const uint8_t *sheet, size_t len)
{
    int32_t before = pmindex_ledger_period_count(l);
    FUZZ_CHECK(before >= 0);
    uint32_t flags = op & 0x10 ? PMINDEX_LEDGER_ALLOW_MODEL_CHANGE : 0;
    if (pmindex_ledger_begin(l, m, period, flags) != 0) {
        fuzz_touch_error(pmindex_ledger_error(l));
        FUZZ_CHECK(pmindex_ledger_period_count(l) == before);
        return 0;
    }
    pmindex_sheet *s = NULL;
    int bad = pmindex_sheet_open_memory(m, sheet, len, "period.csv", NULL, 0, &s) != 0;
    const pmindex_compound *c;
    int rc;
    while (!bad && (rc = pmindex_sheet_next(s, &c)) != 0) {
        if (rc < 0)
            bad = 1;
        else if (pmindex_ledger_add(l, c) != 0) {
            fuzz_touch_error(pmindex_ledger_error(l));
            bad = 1;
        }
    }
    pmindex_sheet_free(s);
    if (bad || op & 0x20) {
        pmindex_ledger_rollback(l);
        FUZZ_CHECK(pmindex_ledger_period_count(l) == before);
        return 0;
    }
    FUZZ_CHECK(pmindex_ledger_commit(l) == 0);
    FUZZ_CHECK(pmindex_ledger_period_count(l) == before + 1);
    FUZZ_CHECK(pmindex_ledger_period(l, before) == period);
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const int32_t first[] = {10201802, 20201803, 30201809}; /* 2018H2, 2018Q3, 2018-09 */
    const pmindex_model *m = fuzz_default_model();
    int32_t cur = first[data[0] < 0xF0 ? 0 : data[0] % 3];
    int32_t prev = cur - 1; /* a code the ledger refuses, until a period is applied */
    data++, size--;

    db_path();
    remove_db();
    pmindex_error *e;
    FUZZ_CHECK(pmindex_error_new(&e) == 0);
    pmindex_ledger *l = NULL;
    FUZZ_CHECK(pmindex_ledger_open(path, PMINDEX_LEDGER_CREATE, &l, e) == 0);

    size_t seplen = strlen(SEPARATOR);
    for (int k = 0; k < MAX_PERIODS && size > 0; k++) {
        uint8_t op = data[0];
        data++, size--;
        size_t len = size;
        for (size_t i = 0; k < MAX_PERIODS - 1 && i + seplen <= size; i++)
            if (memcmp(data + i, SEPARATOR, seplen) == 0) {
                len = i + 1;
                break;
            }
        int32_t period = cur, next;
        switch (op & 7) {
        case 0: case 1: case 2: /* the next period, the common case */
            FUZZ_CHECK(pmindex_period_next(cur, &period) == 0);
            break;
        case 3: period = cur; break;  /* the same again */
        case 4: period = prev; break; /* the one before, or an invalid code */
        case 5:                       /* a period skipped */
            FUZZ_CHECK(pmindex_period_next(cur, &next) == 0);
            FUZZ_CHECK(pmindex_period_next(next, &period) == 0);
            break;
        case 6: period = first[(op >> 3) % 3]; break; /* maybe another kind */
        default: period = (int32_t)((uint32_t)op << 24 | (uint32_t)cur); break; /* garbage */
        }
        if (apply(l, m, period, op, data, len)) {
            prev = cur;
            cur = period;
        }
        size_t used = len < size ? len - 1 + seplen : size;
        data += used, size -= used;
        check_rows(l, m);
    }
    pmindex_ledger_free(l);
    check_integrity();
    /* Reopened read-only, the file is a ledger whose rows all read back. */
    FUZZ_CHECK(pmindex_ledger_open(path, PMINDEX_LEDGER_READONLY, &l, e) == 0);
    check_rows(l, m);
    pmindex_ledger_free(l);
    pmindex_error_free(e);
    remove_db();
    return 0;
}
