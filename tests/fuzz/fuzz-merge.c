/* Fuzz target: the merge of partial sheets. The input is up to 4 sheets
 * separated by a line "--8<--"; the first byte holds the merge flags.
 * Every sheet is read as a partial sheet and merged; then:
 * - every error formats, every merged compound assesses to a valid verdict
 *   and no compound_id comes out twice;
 * - when the merge found nothing wrong, merging every sheet twice (the same
 *   value given twice is fine) finds nothing wrong either and gives exactly
 *   the same CSV records. */
#include <string.h>

#include "fuzz.h"

#define SEPARATOR "\n--8<--\n"
enum { MAX_SHEETS = 4 };

struct chunk {
    const uint8_t *p;
    size_t n;
};

static int split(const uint8_t *data, size_t size, struct chunk *out)
{
    size_t seplen = strlen(SEPARATOR);
    int n = 0;
    while (n < MAX_SHEETS - 1) {
        const uint8_t *hit = NULL;
        for (size_t i = 0; i + seplen <= size; i++)
            if (memcmp(data + i, SEPARATOR, seplen) == 0) {
                hit = data + i;
                break;
            }
        if (!hit)
            break;
        out[n++] = (struct chunk){data, (size_t)(hit - data) + 1}; /* keep its '\n' */
        size -= (size_t)(hit - data) + seplen;
        data = hit + seplen;
    }
    out[n++] = (struct chunk){data, size};
    return n;
}

/* Merges the chunks (each `times` times); returns the merge, finished. */
static pmindex_merge *merge(const pmindex_model *m, uint32_t flags, const struct chunk *c, int n,
                            int times)
{
    pmindex_merge *g;
    FUZZ_CHECK(pmindex_merge_new(m, flags, &g) == 0);
    for (int t = 0; t < times; t++)
        for (int k = 0; k < n; k++) {
            char name[32];
            snprintf(name, sizeof name, "sheet-%d.csv", k + 1);
            pmindex_sheet *s = NULL;
            int rc = pmindex_sheet_open_memory(m, c[k].p, c[k].n, name, NULL,
                                               PMINDEX_SHEET_PARTIAL, &s);
            if (rc == 0)
                FUZZ_CHECK(pmindex_merge_add_sheet(g, s) == 0);
            else if (s)
                fuzz_touch_error(pmindex_sheet_error(s));
            pmindex_sheet_free(s);
        }
    int rc = pmindex_merge_finish(g);
    FUZZ_CHECK(rc == 0 ? pmindex_merge_error_count(g) == 0
                       : rc < 0 && pmindex_merge_error_count(g) > 0);
    FUZZ_CHECK(pmindex_merge_finish(g) == rc); /* again: nothing more */
    FUZZ_CHECK(pmindex_merge_add_sheet(g, NULL) != 0);
    return g;
}

/* The merged compounds as CSV records, one string, checking each verdict. */
static char *records(const pmindex_model *m, const pmindex_merge *g)
{
    pmindex_assessment *a;
    FUZZ_CHECK(pmindex_assessment_new(m, &a) == 0);
    int64_t n = pmindex_merge_count(g);
    FUZZ_CHECK(n >= 0);
    size_t len = 0, cap = 1024;
    char *out = malloc(cap);
    FUZZ_CHECK(out != NULL);
    out[0] = '\0';
    for (int64_t k = 0; k < n; k++) {
        const pmindex_compound *c = pmindex_merge_compound(g, k);
        FUZZ_CHECK(c != NULL);
        const char *id = pmindex_compound_field(c, PMINDEX_FIELD_ID);
        for (int64_t j = 0; j < k; j++)
            FUZZ_CHECK(strcmp(id, pmindex_compound_field(pmindex_merge_compound(g, j),
                                                         PMINDEX_FIELD_ID)) != 0);
        FUZZ_CHECK(pmindex_assess(m, c, a) == 0);
        int64_t index;
        if (pmindex_assessment_index(a, &index))
            FUZZ_CHECK(index >= 0 && index <= 10000);
        int64_t need = pmindex_csv_record(a, c, NULL, 0);
        FUZZ_CHECK(need > 0);
        if (len + (size_t)need + 1 > cap) {
            while (len + (size_t)need + 1 > cap)
                cap *= 2;
            out = realloc(out, cap);
            FUZZ_CHECK(out != NULL);
        }
        FUZZ_CHECK(pmindex_csv_record(a, c, out + len, cap - len) == need);
        len += (size_t)need;
    }
    FUZZ_CHECK(pmindex_merge_compound(g, n) == NULL);
    pmindex_assessment_free(a);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const pmindex_model *m = fuzz_default_model();
    uint32_t flags = data[0] & 1 ? PMINDEX_MERGE_MISSING_NA : 0;
    struct chunk c[MAX_SHEETS];
    int n = split(data + 1, size - 1, c);

    pmindex_merge *once = merge(m, flags, c, n, 1);
    int64_t errors = pmindex_merge_error_count(once);
    FUZZ_CHECK(errors >= 0);
    for (int64_t k = 0; k < errors; k++) {
        const pmindex_error *e = pmindex_merge_error(once, k);
        if (e) /* beyond the errors kept, NULL */
            fuzz_touch_error(e);
    }
    char *want = records(m, once);
    if (errors == 0) {
        pmindex_merge *twice = merge(m, flags, c, n, 2);
        FUZZ_CHECK(pmindex_merge_error_count(twice) == 0);
        char *got = records(m, twice);
        FUZZ_CHECK(strcmp(want, got) == 0);
        free(got);
        pmindex_merge_free(twice);
    }
    free(want);
    pmindex_merge_free(once);
    return 0;
}
