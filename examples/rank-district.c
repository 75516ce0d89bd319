/* rank-district: reads a score sheet, assesses every compound, ranks the
 * district and summarises its streets: what pmindex-rank does, in brief.
 *
 *     rank-district examples/data/luohu-sample.csv
 *
 * The sheet is streamed: pmindex_sheet_next() gives one row at a time, and
 * the district keeps about 100 bytes of each compound, not the row. */
#include <stdio.h>

#include <pmindex/pmindex.h>

enum { TOP = 5 };

static void print_error(const pmindex_error *error)
{
    char text[1024];
    pmindex_error_format(error, text, sizeof text); /* "file:line:column: ..." */
    fprintf(stderr, "rank-district: %s\n", text);
}

/* Centipoints as text with 2 decimals, "-" when there is no value. */
static const char *points(int has, int64_t centi, char *buf, size_t cap)
{
    if (has != 1)
        return "-";
    pmindex_centi_format(centi, buf, cap);
    return buf;
}

/* Reads every row into the district. Every error of the sheet is reported,
 * one per call of pmindex_sheet_next(), and its row skipped. */
static int read_sheet(const pmindex_model *model, pmindex_sheet *sheet,
                      pmindex_district *district, pmindex_assessment *a)
{
    const pmindex_compound *row;
    int rc, errors = 0;
    while ((rc = pmindex_sheet_next(sheet, &row)) != 0) {
        if (rc < 0) {
            print_error(pmindex_sheet_error(sheet));
            errors++;
            continue;
        }
        pmindex_assess(model, row, a);
        if (pmindex_district_add(district, row, a) != 0) { /* copies what it needs */
            print_error(pmindex_district_error(district));
            errors++;
        }
    }
    return errors;
}

static void print_top(const pmindex_model *model, const pmindex_district *district)
{
    /* The listing: by tier, then index (equal ones share a rank), then id;
     * fallback compounds have no rank and come last. */
    int64_t n = pmindex_district_count(district);
    printf("%lld compounds, %lld ranked. The top %d:\n", (long long)n,
           (long long)pmindex_district_ranked_count(district), TOP);
    for (int64_t pos = 0; pos < n && pos < TOP; pos++) {
        int64_t k = pmindex_district_listed(district, pos), index;
        char buf[32];
        int has = pmindex_district_compound_index(district, k, &index);
        printf("%4lld  %-10s %6s  %-10s %s\n",
               (long long)pmindex_district_compound_rank(district, k, PMINDEX_SCOPE_DISTRICT),
               pmindex_district_compound_field(district, k, PMINDEX_FIELD_ID),
               points(has, index, buf, sizeof buf),
               pmindex_model_tier_label(model, pmindex_district_compound_tier(district, k),
                                        PMINDEX_LANG_EN),
               pmindex_district_compound_field(district, k, PMINDEX_FIELD_NAME));
    }
}

static void print_streets(const pmindex_model *model, const pmindex_district *district)
{
    /* Groups are listed best mean first; counts, statistics and cards. */
    const int32_t by = PMINDEX_SCOPE_STREET;
    const int32_t excellent = pmindex_model_find_tier(model, "excellent");
    printf("\nrank  compounds   mean  median  excellent  black  street\n");
    for (int32_t g = 0; g < pmindex_district_group_count(district, by); g++) {
        int64_t mean, median;
        char m1[32], m2[32];
        int has_mean = pmindex_district_group_stat(district, by, g, PMINDEX_STAT_MEAN, &mean);
        int has_median =
            pmindex_district_group_stat(district, by, g, PMINDEX_STAT_MEDIAN, &median);
        printf("%4d %10lld %6s %7s %10lld %6lld  %s\n",
               (int)pmindex_district_group_rank(district, by, g),
               (long long)pmindex_district_group_compounds(district, by, g),
               points(has_mean, mean, m1, sizeof m1), points(has_median, median, m2, sizeof m2),
               (long long)pmindex_district_group_tier_count(district, by, g, excellent),
               (long long)pmindex_district_group_card_count(district, by, g, PMINDEX_CARD_BLACK),
               pmindex_district_group_name(district, by, g));
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: rank-district SHEET\n");
        return 2;
    }
    pmindex_model *model = NULL;
    pmindex_sheet *sheet = NULL;
    pmindex_assessment *a = NULL;
    pmindex_district *district = NULL;
    int status = 1;
    /* NULL encoding: UTF-8 ("gb18030" for sheets of Chinese spreadsheets).
     * When the file cannot be read, the reader is still made, to say why. */
    int rc = pmindex_model_default(&model);
    if (rc == 0)
        rc = pmindex_sheet_open(model, argv[1], NULL, 0, &sheet);
    if (rc == 0)
        rc = pmindex_assessment_new(model, &a);
    if (rc == 0)
        rc = pmindex_district_new(model, &district);
    if (rc != 0 && sheet && pmindex_error_code(pmindex_sheet_error(sheet)) != 0)
        print_error(pmindex_sheet_error(sheet));
    else if (rc != 0)
        fprintf(stderr, "rank-district: %s\n", pmindex_strerror(rc));
    else if (read_sheet(model, sheet, district, a) == 0) {
        if (pmindex_district_compute(district) != 0) { /* ranks and summarises, once */
            print_error(pmindex_district_error(district));
        } else {
            print_top(model, district);
            print_streets(model, district);
            status = 0;
        }
    }
    pmindex_district_free(district); /* every _free accepts NULL */
    pmindex_assessment_free(a);
    pmindex_sheet_free(sheet);
    pmindex_model_free(model);
    return status;
}
