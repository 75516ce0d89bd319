/* The library's assessment of compounds already in memory: N synthetic
 * compounds (pmindex-gen-sheet) are read and kept, then pmindex_assess()
 * runs over all of them, pass after pass, on one core. Prints compounds a
 * second and ns a compound (CPU time of the fastest pass, a pass being at
 * least 200,000 assessments); exits 1 when below the target rate. With a
 * few thousand compounds they stay in the CPU's caches and the figure is
 * the cost of the computation; with hundreds of thousands it includes
 * fetching each compound from memory.
 *
 *     bench-assess GENERATOR N PASSES MIN_PER_SECOND */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pmindex/pmindex.h>

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: bench-assess GENERATOR N PASSES MIN_PER_SECOND\n");
        return 2;
    }
    long n = atol(argv[2]), passes = atol(argv[3]);
    double target = atof(argv[4]);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %ld 2018", argv[1], n);
    FILE *p = popen(cmd, "r");
    size_t len = 0, cap = 1 << 20;
    char *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + len, 1, cap - len, p)) > 0) {
        len += got;
        if (len == cap)
            data = realloc(data, cap *= 2);
    }
    if (!data || pclose(p) != 0) {
        fprintf(stderr, "bench-assess: the generator failed\n");
        return 1;
    }
    pmindex_model *model;
    pmindex_sheet *sheet;
    pmindex_assessment *a;
    pmindex_model_default(&model);
    pmindex_assessment_new(model, &a);
    if (pmindex_sheet_open_memory(model, data, len, "synthetic", NULL, 0, &sheet) != 0)
        return 1;
    pmindex_compound **cs = malloc((size_t)n * sizeof *cs);
    long count = 0;
    const pmindex_compound *row;
    int rc;
    while ((rc = pmindex_sheet_next(sheet, &row)) != 0) {
        if (rc < 0 || count == n)
            return 1;
        pmindex_compound_new(model, &cs[count]);
        if (pmindex_compound_copy(cs[count++], row) != 0)
            return 1;
    }
    pmindex_sheet_free(sheet);
    free(data);
    /* A pass assesses at least 200,000 compounds, so that it lasts long
     * enough to time: small sets are gone over several times. */
    long reps = count ? (200000 + count - 1) / count : 1;
    double best = 1e30;
    int64_t check = 0, sum = 0;
    for (long pass = 0; pass < passes; pass++) {
        double t0 = cpu_seconds();
        sum = 0;
        for (long r = 0; r < reps; r++)
            for (long k = 0; k < count; k++) {
                pmindex_assess(model, cs[k], a);
                int64_t index = 0;
                pmindex_assessment_index(a, &index);
                sum += index + pmindex_assessment_tier(a) + pmindex_assessment_card(a);
            }
        double t = (cpu_seconds() - t0) / (double)reps;
        if (t < best)
            best = t;
        if (pass > 0 && sum != check) {
            fprintf(stderr, "bench-assess: passes disagree\n");
            return 1;
        }
        check = sum;
    }
    double rate = (double)count / best;
    printf("pmindex_assess: %ld compounds in memory, fastest of %ld passes: %.3f ms CPU, "
           "%.0f compounds/s, %.1f ns/compound (checksum %lld)\n",
           count, passes, best * 1e3, rate, best * 1e9 / (double)count, (long long)check);
    for (long k = 0; k < count; k++)
        pmindex_compound_free(cs[k]);
    free(cs);
    pmindex_assessment_free(a);
    pmindex_model_free(model);
    if (rate < target) {
        printf("bench-assess: below the target of %.0f compounds/s\n", target);
        return 1;
    }
    return 0;
}
