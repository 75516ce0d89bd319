/* Fuzz target: the INI loader (the strict scanner, then iniparser through a
 * memory file, then the builder). A model that loads must write back in
 * canonical form, and that text must load to a model that writes the same
 * text. */
#include <string.h>

#include "fuzz.h"

static char *write_ini(const pmindex_model *m, int64_t *len)
{
    *len = pmindex_model_write_ini(m, NULL, 0);
    if (*len < 0)
        return NULL;
    char *t = malloc((size_t)*len + 1);
    FUZZ_CHECK(t != NULL);
    FUZZ_CHECK(pmindex_model_write_ini(m, t, (size_t)*len + 1) == *len);
    return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pmindex_error *e;
    FUZZ_CHECK(pmindex_error_new(&e) == 0);
    pmindex_model *m = NULL;
    int rc = pmindex_model_load_ini_memory(data, size, "fuzz.ini", &m, e);
    if (rc != 0) {
        FUZZ_CHECK(rc < 0 && m == NULL);
        FUZZ_CHECK(pmindex_error_code(e) == rc);
        fuzz_touch_error(e);
    } else {
        FUZZ_CHECK(m != NULL);
        int64_t len1, len2;
        char *t1 = write_ini(m, &len1);
        if (!t1) {
            FUZZ_CHECK(len1 == PMINDEX_E_UNSUPPORTED);
        } else {
            pmindex_model *m2 = NULL;
            rc = pmindex_model_load_ini_memory(t1, (size_t)len1, "canonical.ini", &m2, e);
            if (rc != 0) {
                fuzz_touch_error(e);
                char buf[2048];
                pmindex_error_format(e, buf, sizeof buf);
                fprintf(stderr, "canonical text does not load: %s\n%s", buf, t1);
            }
            FUZZ_CHECK(rc == 0);
            char *t2 = write_ini(m2, &len2);
            FUZZ_CHECK(t2 != NULL && len1 == len2 && memcmp(t1, t2, (size_t)len1) == 0);
            free(t2);
            pmindex_model_free(m2);
            free(t1);
        }
        /* A sheet of only the header scores through it. */
        pmindex_compound *c;
        pmindex_assessment *a;
        FUZZ_CHECK(pmindex_compound_new(m, &c) == 0);
        FUZZ_CHECK(pmindex_assessment_new(m, &a) == 0);
        FUZZ_CHECK(pmindex_assess(m, c, a) == 0);
        pmindex_assessment_free(a);
        pmindex_compound_free(c);
        pmindex_model_free(m);
    }
    pmindex_error_free(e);
    return 0;
}
