/* Fuzz target: the sheet reader (CSV, quoting, UTF-8 / GB18030, header
 * matching, cells) on arbitrary bytes. The first byte picks the encoding and
 * the flags; the rest is the file. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    const char *enc = mode & 1 ? "gb18030" : (mode & 2 ? "utf-8" : NULL);
    uint32_t flags = mode & 4 ? PMINDEX_SHEET_PARTIAL : 0;
    pmindex_sheet *s = NULL;
    int rc = pmindex_sheet_open_memory(fuzz_default_model(), data + 1, size - 1, "fuzz.csv", enc,
                                       flags, &s);
    if (rc == 0) {
        const pmindex_compound *c;
        int64_t last_line = 0;
        int guard = 0;
        while ((rc = pmindex_sheet_next(s, &c)) != 0) {
            FUZZ_CHECK(++guard <= (int)size + 200); /* no endless reading */
            if (rc < 0) {
                fuzz_touch_error(pmindex_sheet_error(s));
                FUZZ_CHECK(pmindex_error_code(pmindex_sheet_error(s)) == rc);
                if (rc == PMINDEX_E_NOMEM)
                    break;
                continue;
            }
            FUZZ_CHECK(rc == 1);
            FUZZ_CHECK(c != NULL);
            /* Rows come in file order; an id was read. */
            FUZZ_CHECK(pmindex_compound_line(c) > last_line);
            last_line = pmindex_compound_line(c);
            FUZZ_CHECK(pmindex_compound_field(c, PMINDEX_FIELD_ID) != NULL);
        }
    } else {
        FUZZ_CHECK(rc < 0);
    }
    pmindex_sheet_free(s);
    return 0;
}
