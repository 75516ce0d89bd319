/* Fuzz target: the ledger's changes on a temporary database: applies,
 * reviews and revocations, real or dry runs. The input is up to 6 steps
 * separated by a line "--8<--": each starts with one byte of decisions,
 * then a sheet. The first byte of the input picks the first period: mostly
 * a half-year, the default model's kind; now and then another kind, which
 * the ledger must refuse. The decision byte:
 *
 *   bits 7-6  0: apply with 1.1's begin; 1: apply with 1.2's (the period
 *             from the rows when bit 3 is set, else given; a gap allowed
 *             when bit 4 is set); 2: review (the sheet is the partial sheet
 *             of corrections); 3: revoke the last period
 *   bits 2-0  apply: which period (the next, the same, the one before, a
 *             gap, another kind, garbage); review: which period in force
 *   bit 5     apply: roll back instead of committing; review and revoke:
 *             a dry run
 *   bit 4     1.1's apply: allow a change of model (there is none)
 *
 * Checked after every step:
 * - a refusal, a sheet with any error, a rollback and a dry run leave the
 *   store as it was (the number of rows of every revision and period, of
 *   log entries, the periods in force); a commit adds one period, a
 *   review revisions and a log entry, a revocation one period fewer;
 * - every stored row reads back: ladder level within the model's ladder,
 *   card and tier in range, CSV and JSONL records (1.1's and 1.2's);
 * - the invariant of corrections: the current rows and the ladder states
 *   are those of a fresh ledger into which the observations kept for the
 *   current rows are applied, period after period;
 * - the file passes SQLite's integrity check, and reopened read-only it is
 *   a ledger whose rows all read back. */
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define SEPARATOR "\n--8<--\n"
enum { MAX_STEPS = 6, MAX_COLUMNS = 64, RECORD = 8192 };

/* One directory per process, on tmpfs when there is one: the ledger syncs
 * at every commit. Each input starts from an empty ledger file; the fresh
 * ledger of the invariant lives beside it. */
static char dir[256], path[512], fresh_path[512];

static void remove_db(const char *p)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char f[600];
    for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
        snprintf(f, sizeof f, "%s%s", p, suffixes[k]);
        unlink(f);
    }
}

static void remove_dir(void)
{
    remove_db(path);
    remove_db(fresh_path);
    rmdir(dir);
}

static void make_paths(void)
{
    if (path[0])
        return;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/pmindex-fuzz-ledger-XXXXXX", base ? base : "/tmp");
    FUZZ_CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/ledger.db", dir);
    snprintf(fresh_path, sizeof fresh_path, "%s/fresh.db", dir);
    atexit(remove_dir);
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

/* What a refusal must leave as it was. */
struct shape {
    int64_t rows, entries;
    int32_t periods;
};

static struct shape shape(pmindex_ledger *l)
{
    struct shape s = {0, 0, pmindex_ledger_period_count(l)};
    FUZZ_CHECK(s.periods >= 0);
    pmindex_ledger_rows *r;
    FUZZ_CHECK(pmindex_ledger_rows_new(l, PMINDEX_PERIOD_NONE, NULL,
                                       PMINDEX_LEDGER_ALL_REVISIONS | PMINDEX_LEDGER_REVOKED,
                                       &r) == 0);
    while (pmindex_ledger_rows_next(r) == 1)
        s.rows++;
    pmindex_ledger_rows_free(r);
    pmindex_ledger_log *g;
    FUZZ_CHECK(pmindex_ledger_log_new(l, PMINDEX_PERIOD_NONE, 0, 0, &g) == 0);
    while (pmindex_ledger_log_next(g) == 1)
        s.entries++;
    pmindex_ledger_log_free(g);
    return s;
}

static int same_shape(struct shape a, struct shape b)
{
    return a.rows == b.rows && a.entries == b.entries && a.periods == b.periods;
}

static void check_rows(pmindex_ledger *l, const pmindex_model *m, uint32_t flags)
{
    pmindex_ledger_rows *r;
    FUZZ_CHECK(pmindex_ledger_rows_new(l, PMINDEX_PERIOD_NONE, NULL, flags, &r) == 0);
    int rc;
    static char buf[RECORD];
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
        FUZZ_CHECK(pmindex_ledger_rows_int(r, PMINDEX_ROW_REVISION) >= 1);
        FUZZ_CHECK(pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID)[0] != '\0');
        FUZZ_CHECK(pmindex_ledger_rows_record(r, PMINDEX_FORMAT_CSV, buf, sizeof buf) > 0);
        FUZZ_CHECK(pmindex_ledger_rows_record(r, PMINDEX_FORMAT_JSONL, buf, sizeof buf) > 0);
        FUZZ_CHECK(pmindex_ledger_row_record(r, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf) > 0);
        FUZZ_CHECK(pmindex_ledger_row_record(r, PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf) > 0);
    }
    FUZZ_CHECK(rc == 0);
    pmindex_ledger_rows_free(r);
}

/* The invariant: a fresh ledger of the observations kept for the current
 * rows, period by period, holds the same current rows and states. */
static void check_invariant(pmindex_ledger *l, const pmindex_model *m, pmindex_error *e)
{
    remove_db(fresh_path);
    pmindex_ledger *f = NULL;
    FUZZ_CHECK(pmindex_ledger_open(fresh_path, PMINDEX_LEDGER_CREATE, &f, e) == 0);
    pmindex_compound *c;
    FUZZ_CHECK(pmindex_compound_new(m, &c) == 0);
    int32_t n = pmindex_ledger_period_count(l);
    for (int32_t k = 0; k < n; k++) {
        int32_t p = pmindex_ledger_period(l, k);
        /* 1.1's begin takes gaps and empty periods, as the ledger may have them. */
        FUZZ_CHECK(pmindex_ledger_begin(f, m, p, 0) == 0);
        pmindex_ledger_rows *r;
        FUZZ_CHECK(pmindex_ledger_rows_new(l, p, NULL, 0, &r) == 0);
        while (pmindex_ledger_rows_next(r) == 1) {
            FUZZ_CHECK(pmindex_ledger_rows_observations(r, c) == 1);
            FUZZ_CHECK(pmindex_ledger_add(f, c) == 0);
        }
        pmindex_ledger_rows_free(r);
        FUZZ_CHECK(pmindex_ledger_commit(f) == 0);
    }
    pmindex_compound_free(c);
    pmindex_ledger_rows *a, *b;
    FUZZ_CHECK(pmindex_ledger_rows_new(l, PMINDEX_PERIOD_NONE, NULL, 0, &a) == 0);
    FUZZ_CHECK(pmindex_ledger_rows_new(f, PMINDEX_PERIOD_NONE, NULL, 0, &b) == 0);
    static char x[RECORD], y[RECORD];
    int ra, rb;
    while ((ra = pmindex_ledger_rows_next(a)) == 1) {
        FUZZ_CHECK((rb = pmindex_ledger_rows_next(b)) == 1);
        FUZZ_CHECK(pmindex_ledger_rows_record(a, PMINDEX_FORMAT_JSONL, x, sizeof x) ==
                   pmindex_ledger_rows_record(b, PMINDEX_FORMAT_JSONL, y, sizeof y));
        FUZZ_CHECK(strcmp(x, y) == 0);
        const char *id = pmindex_ledger_rows_text(a, PMINDEX_ROW_COMPOUND_ID);
        pmindex_ladder_state sa, sb;
        FUZZ_CHECK(pmindex_ledger_state(l, id, &sa) == 1 && pmindex_ledger_state(f, id, &sb) == 1);
        FUZZ_CHECK(memcmp(&sa, &sb, sizeof sa) == 0);
    }
    FUZZ_CHECK(ra == 0 && pmindex_ledger_rows_next(b) == 0);
    pmindex_ledger_rows_free(a);
    pmindex_ledger_rows_free(b);
    pmindex_ledger_free(f);
}

/* Applies one period's sheet; returns whether it was committed. */
static int apply(pmindex_ledger *l, const pmindex_model *m, int32_t period, uint8_t op,
                 const uint8_t *sheet, size_t len)
{
    struct shape before = shape(l);
    int v12 = (op >> 6) == 1;
    int rc = v12 ? pmindex_ledger_begin_apply(l, m, op & 0x08 ? PMINDEX_PERIOD_NONE : period,
                                              op & 0x10 ? PMINDEX_LEDGER_ALLOW_GAP : 0)
                 : pmindex_ledger_begin(l, m, period,
                                        op & 0x10 ? PMINDEX_LEDGER_ALLOW_MODEL_CHANGE : 0);
    if (rc != 0) {
        fuzz_touch_error(pmindex_ledger_error(l));
        FUZZ_CHECK(same_shape(shape(l), before));
        return 0;
    }
    pmindex_sheet *s = NULL;
    int bad = pmindex_sheet_open_memory(m, sheet, len, "period.csv", NULL, 0, &s) != 0;
    const pmindex_compound *c;
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
        FUZZ_CHECK(same_shape(shape(l), before));
        return 0;
    }
    if (pmindex_ledger_commit(l) != 0) { /* 1.2: a period without compounds */
        FUZZ_CHECK(v12);
        FUZZ_CHECK(same_shape(shape(l), before));
        return 0;
    }
    FUZZ_CHECK(pmindex_ledger_period_count(l) == before.periods + 1);
    return 1;
}

/* Reviews compounds of a period in force with a partial sheet of corrections. */
static void review(pmindex_ledger *l, const pmindex_model *m, uint8_t op, const uint8_t *sheet,
                   size_t len)
{
    struct shape before = shape(l);
    int32_t n = pmindex_ledger_period_count(l);
    if (n <= 0)
        return;
    int32_t p = pmindex_ledger_period(l, (op & 7) % n);
    uint32_t flags = op & 0x20 ? PMINDEX_LEDGER_DRY_RUN : 0;
    FUZZ_CHECK(pmindex_ledger_set_reason(l, "fuzz") == 0);
    FUZZ_CHECK(pmindex_ledger_begin_review(l, m, p, flags) == 0);
    pmindex_sheet *s = NULL;
    int bad = pmindex_sheet_open_memory(m, sheet, len, "review.csv", NULL, PMINDEX_SHEET_PARTIAL,
                                        &s) != 0;
    const char *columns[MAX_COLUMNS];
    int32_t ncolumns = -1;
    const pmindex_compound *c;
    int rc;
    while (!bad && (rc = pmindex_sheet_next(s, &c)) != 0) {
        if (rc < 0) {
            bad = 1;
            continue;
        }
        if (ncolumns < 0) {
            static const char *const meta[] = {"compound_id", "name", "street", "station",
                                               "company", "period", "households", "managed"};
            ncolumns = 0;
            for (size_t k = 0; k < sizeof meta / sizeof *meta; k++)
                if (pmindex_sheet_has_column(s, meta[k]))
                    columns[ncolumns++] = meta[k];
            for (int32_t i = 0; i < pmindex_model_item_count(m) && ncolumns < MAX_COLUMNS; i++)
                if (pmindex_sheet_has_column(s, pmindex_model_item_id(m, i)))
                    columns[ncolumns++] = pmindex_model_item_id(m, i);
            for (int32_t v = 0; v < pmindex_model_veto_count(m) && ncolumns < MAX_COLUMNS; v++)
                if (pmindex_sheet_has_column(s, pmindex_model_veto_id(m, v)))
                    columns[ncolumns++] = pmindex_model_veto_id(m, v);
        }
        if (pmindex_ledger_review_add(l, c, columns, ncolumns) != 0) {
            fuzz_touch_error(pmindex_ledger_error(l));
            bad = 1;
        }
    }
    pmindex_sheet_free(s);
    if (bad) {
        pmindex_ledger_rollback(l);
        FUZZ_CHECK(same_shape(shape(l), before));
        return;
    }
    rc = pmindex_ledger_commit(l);
    if (rc == 0) {
        pmindex_ledger_changes *ch;
        FUZZ_CHECK(pmindex_ledger_changes_new(l, 0, &ch) == 0);
        static char buf[RECORD];
        int64_t changes = 0;
        while (pmindex_ledger_changes_next(ch) == 1) {
            FUZZ_CHECK(pmindex_ledger_change_record(ch, PMINDEX_FORMAT_CSV, 0, buf, sizeof buf) > 0);
            FUZZ_CHECK(pmindex_ledger_change_record(ch, PMINDEX_FORMAT_JSONL, 0, buf, sizeof buf) >
                       0);
            FUZZ_CHECK(pmindex_ledger_changes_int(ch, PMINDEX_CHANGE_NEW, PMINDEX_ROW_REVISION) ==
                       pmindex_ledger_changes_int(ch, PMINDEX_CHANGE_OLD, PMINDEX_ROW_REVISION) + 1);
            changes++;
        }
        pmindex_ledger_changes_free(ch);
        struct shape after = shape(l);
        FUZZ_CHECK(after.rows == before.rows + changes && after.entries == before.entries + 1);
    }
    if (rc != 0 || flags) {
        pmindex_ledger_rollback(l);
        FUZZ_CHECK(same_shape(shape(l), before));
    }
}

/* Revokes the last period; returns whether it was. */
static int revoke(pmindex_ledger *l, uint8_t op)
{
    struct shape before = shape(l);
    if (before.periods == 0)
        return 0;
    int32_t last = pmindex_ledger_period(l, before.periods - 1);
    uint32_t flags = op & 0x20 ? PMINDEX_LEDGER_DRY_RUN : 0;
    FUZZ_CHECK(pmindex_ledger_set_reason(l, "fuzz") == 0);
    FUZZ_CHECK(pmindex_ledger_revoke(l, last, flags) == 0);
    FUZZ_CHECK(pmindex_ledger_period_count(l) == before.periods - 1);
    if (flags) {
        pmindex_ledger_rollback(l);
        FUZZ_CHECK(same_shape(shape(l), before));
        return 0;
    }
    /* An earlier period cannot be revoked. */
    if (before.periods >= 2) {
        FUZZ_CHECK(pmindex_ledger_set_reason(l, "fuzz") == 0);
        FUZZ_CHECK(pmindex_ledger_revoke(l, pmindex_ledger_period(l, 0), 0) ==
                   (before.periods == 2 ? 0 : PMINDEX_E_STATE));
        if (before.periods == 2)
            return 2;
    }
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

    make_paths();
    remove_db(path);
    pmindex_error *e;
    FUZZ_CHECK(pmindex_error_new(&e) == 0);
    pmindex_ledger *l = NULL;
    FUZZ_CHECK(pmindex_ledger_open(path, PMINDEX_LEDGER_CREATE, &l, e) == 0);

    size_t seplen = strlen(SEPARATOR);
    for (int k = 0; k < MAX_STEPS && size > 0; k++) {
        uint8_t op = data[0];
        data++, size--;
        size_t len = size;
        for (size_t i = 0; k < MAX_STEPS - 1 && i + seplen <= size; i++)
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
        switch (op >> 6) {
        case 2:
            review(l, m, op, data, len);
            break;
        case 3:
            if (revoke(l, op)) {
                int32_t n = pmindex_ledger_period_count(l);
                cur = n > 0 ? pmindex_ledger_period(l, n - 1) : first[0];
                prev = n > 1 ? pmindex_ledger_period(l, n - 2) : cur - 1;
            }
            break;
        default:
            if (apply(l, m, period, op, data, len)) {
                int32_t n = pmindex_ledger_period_count(l);
                prev = cur;
                cur = pmindex_ledger_period(l, n - 1);
            }
        }
        size_t used = len < size ? len - 1 + seplen : size;
        data += used, size -= used;
        check_rows(l, m, 0);
        check_rows(l, m, PMINDEX_LEDGER_ALL_REVISIONS | PMINDEX_LEDGER_REVOKED);
        check_invariant(l, m, e);
    }
    pmindex_ledger_free(l);
    check_integrity();
    /* Reopened read-only, the file is a ledger whose rows all read back. */
    FUZZ_CHECK(pmindex_ledger_open(path, PMINDEX_LEDGER_READONLY, &l, e) == 0);
    check_rows(l, m, 0);
    check_rows(l, m, PMINDEX_LEDGER_ALL_REVISIONS | PMINDEX_LEDGER_REVOKED);
    pmindex_ledger_free(l);
    pmindex_error_free(e);
    remove_db(path);
    remove_db(fresh_path);
    return 0;
}
