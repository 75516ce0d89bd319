/* Fuzz target: the decimal parser and the cell parser (numbers, percentages,
 * labels, NA, vetoes, descriptive fields). The first byte picks the column
 * of the default model; the rest is the cell's text. */
#include <string.h>

#include "fuzz.h"

static const char *const fields[] = {"compound_id", "name", "street", "station", "company",
                                     "households", "managed", "period", "V1", "V5", "nosuch"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const pmindex_model *m = fuzz_default_model();
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    /* pmindex_decimal_parse: a value it accepts formats back to the same value. */
    int64_t v = -1;
    int rc = pmindex_decimal_parse(text, len, &v);
    FUZZ_CHECK(rc == 0 || rc == PMINDEX_E_PARSE || rc == PMINDEX_E_RANGE);
    if (rc == 0) {
        char buf[64];
        int64_t n = pmindex_decimal_format(v, buf, sizeof buf);
        FUZZ_CHECK(n > 0 && (size_t)n < sizeof buf);
        /* (A percentage may have 8 decimals, more than a plain number may.) */
        if (v % 100 == 0) {
            int64_t w = 0;
            FUZZ_CHECK(pmindex_decimal_parse(buf, (size_t)n, &w) == 0);
            FUZZ_CHECK(w == v);
        }
        FUZZ_CHECK(v >= -PMINDEX_VALUE_MAX && v <= PMINDEX_VALUE_MAX);
    }

    /* pmindex_compound_set_text on one column. */
    int32_t ni = pmindex_model_item_count(m);
    int32_t pick = data[0] % (ni + (int32_t)(sizeof fields / sizeof *fields));
    char column[40];
    if (pick < ni)
        strcpy(column, pmindex_model_item_id(m, pick));
    else
        strcpy(column, fields[pick - ni]);
    pmindex_compound *c;
    pmindex_assessment *a;
    FUZZ_CHECK(pmindex_compound_new(m, &c) == 0);
    FUZZ_CHECK(pmindex_assessment_new(m, &a) == 0);
    rc = pmindex_compound_set_text(c, column, text, len);
    if (rc != 0) {
        FUZZ_CHECK(rc < 0);
        fuzz_touch_error(pmindex_compound_error(c));
        FUZZ_CHECK(pmindex_error_code(pmindex_compound_error(c)) == rc);
    } else if (pick < ni) {
        /* An accepted observation is one of the values its type allows. */
        int64_t obs = 0;
        int got = pmindex_compound_value(c, pick, &obs);
        FUZZ_CHECK(got == 0 || got == 1);
        if (got == 1) {
            switch (pmindex_model_item_type(m, pick)) {
            case PMINDEX_ITEM_PASSFAIL:
                FUZZ_CHECK(obs == 0 || obs == PMINDEX_VALUE_SCALE);
                break;
            case PMINDEX_ITEM_DEDUCT:
                FUZZ_CHECK(obs >= 0 && obs % PMINDEX_VALUE_SCALE == 0);
                break;
            case PMINDEX_ITEM_RATE:
                FUZZ_CHECK(obs >= 0);
                break;
            default: {
                int found = 0;
                for (int32_t j = 0; j < pmindex_model_item_level_count(m, pick); j++)
                    found |= pmindex_model_item_level_value(m, pick, j) == obs;
                FUZZ_CHECK(found);
            }
            }
        }
    }
    /* Whatever was accepted can be scored and written. */
    FUZZ_CHECK(pmindex_assess(m, c, a) == 0);
    char rec[16384];
    FUZZ_CHECK(pmindex_csv_record(a, c, rec, sizeof rec) > 0);
    FUZZ_CHECK(pmindex_jsonl_record(a, c, rec, sizeof rec) > 0);
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
    return 0;
}
