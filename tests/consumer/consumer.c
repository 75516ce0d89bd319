/* A program of district software, built outside the source tree with
 * nothing but `pkg-config --cflags --libs pmindex` against an installed
 * libpmindex: scores the first compounds of a sheet row by row, then the
 * whole sheet in bulk, then one compound set in code.
 * Usage: consumer SHEET */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmindex/pmindex.h>

static int fail(const char *what, int rc)
{
    fprintf(stderr, "consumer: %s: %s\n", what, pmindex_strerror(rc));
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: consumer SHEET\n");
        return 2;
    }
    if (pmindex_version() / 10000 != PMINDEX_VERSION_MAJOR) {
        fprintf(stderr, "consumer: built for %s, running %s\n", PMINDEX_VERSION_STRING,
                pmindex_version_string());
        return 1;
    }
    pmindex_model *model;
    pmindex_sheet *sheet;
    pmindex_assessment *a;
    int rc = pmindex_model_default(&model);
    if (rc)
        return fail("model", rc);
    if ((rc = pmindex_assessment_new(model, &a)) != 0)
        return fail("assessment", rc);

    /* Row by row: the header and the first three records. */
    char line[4096];
    if ((rc = pmindex_sheet_open(model, argv[1], NULL, 0, &sheet)) != 0)
        return fail(argv[1], rc);
    pmindex_assessment_header(model, PMINDEX_FORMAT_CSV, 0, line, sizeof line);
    fputs(line, stdout);
    const pmindex_compound *c;
    for (int n = 0; n < 3 && (rc = pmindex_sheet_next(sheet, &c)) == 1; n++) {
        pmindex_assess(model, c, a);
        pmindex_assessment_record(a, c, PMINDEX_FORMAT_CSV, 0, line, sizeof line);
        fputs(line, stdout);
    }
    pmindex_sheet_free(sheet);

    /* In bulk: every record of the sheet, in chunks. */
    if ((rc = pmindex_sheet_open(model, argv[1], NULL, 0, &sheet)) != 0)
        return fail(argv[1], rc);
    pmindex_batch *batch;
    if ((rc = pmindex_batch_new(model, sheet, PMINDEX_FORMAT_CSV,
                                 PMINDEX_BATCH_HEADER | PMINDEX_BATCH_RECORDS, &batch)))
        return fail("batch", rc);
    static char chunk[1 << 16];
    int64_t rows = 0, bytes = 0, n, k;
    int32_t status;
    do {
        n = pmindex_batch_fill(batch, chunk, sizeof chunk, &k, &status);
        if (n < 0 || (size_t)n >= sizeof chunk || status < 0)
            return fail("scoring in bulk", n < 0 ? (int)n : status);
        rows += k;
        bytes += n;
    } while (status != 0);
    printf("%lld compounds, %lld bytes of CSV\n", (long long)rows, (long long)bytes);
    pmindex_batch_free(batch);
    pmindex_sheet_free(sheet);

    /* One compound set in code, through the sheet reader's parser. */
    pmindex_compound *mine;
    if ((rc = pmindex_compound_new(model, &mine)) != 0)
        return fail("compound", rc);
    static const char *const cells[][2] = {
        {"compound_id", "LH-1"}, {"A1", "是"}, {"A2", "符合"}, {"B2", "87.5%"}, {"C4", "NA"}};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        if ((rc = pmindex_compound_set_text(mine, cells[i][0], cells[i][1],
                                            strlen(cells[i][1]))) != 0) {
            pmindex_error_format(pmindex_compound_error(mine), line, sizeof line);
            fprintf(stderr, "consumer: %s\n", line);
            return 1;
        }
    pmindex_assess(model, mine, a);
    int64_t index;
    char text[32] = "-";
    if (pmindex_assessment_index(a, &index))
        pmindex_centi_format(index, text, sizeof text);
    printf("%s %s %s\n", pmindex_compound_field(mine, PMINDEX_FIELD_ID), text,
           pmindex_model_tier_label(model, pmindex_assessment_tier(a), PMINDEX_LANG_EN));
    pmindex_compound_free(mine);
    pmindex_assessment_free(a);
    pmindex_model_free(model);
    return 0;
}
