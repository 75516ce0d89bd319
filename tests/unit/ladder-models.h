/* Models for the ladder and ledger tests: the default model with its
 * [ladder] section replaced, loaded from its own canonical INI text. */
#ifndef PMINDEX_TEST_LADDER_MODELS_H
#define PMINDEX_TEST_LADDER_MODELS_H

#include <stdio.h>
#include <stdlib.h>

static inline pmindex_model *model_with_ladder(const char *periods, int max_level, int clean,
                                               int legal)
{
    pmindex_model *def;
    assert_i64(pmindex_model_default(&def), 0);
    int64_t n = pmindex_model_write_ini(def, NULL, 0);
    char *ini = malloc((size_t)n + 1), *out = malloc((size_t)n + 256);
    assert_non_null(ini);
    assert_non_null(out);
    pmindex_model_write_ini(def, ini, (size_t)n + 1);
    pmindex_model_free(def);
    char *at = strstr(ini, "[ladder]\n");
    assert_non_null(at);
    char *rest = strstr(at, "\n\n");
    assert_non_null(rest);
    int len = snprintf(out, (size_t)n + 256,
                       "%.*s[ladder]\nperiods = %s\nmax_level = %d\nclean_periods = %d\n"
                       "legal_level = %d%s",
                       (int)(at - ini), ini, periods, max_level, clean, legal, rest);
    /* Levels above max_level would be refused: cut them. */
    for (int lv = max_level + 1; lv <= 4; lv++) {
        char head[32];
        snprintf(head, sizeof head, "[level %d]\n", lv);
        char *s = strstr(out, head);
        if (s) {
            char *e = strstr(s, "\n\n");
            size_t tail = e ? strlen(e + 1) : 0;
            memmove(s, e ? e + 2 : s + strlen(s), tail);
            s[tail > 0 ? tail - 1 : 0] = '\0';
            len = (int)strlen(out);
        }
    }
    pmindex_model *m = NULL;
    pmindex_error *err;
    assert_i64(pmindex_error_new(&err), 0);
    int rc = pmindex_model_load_ini_memory(out, (size_t)len, "ladder-model", &m, err);
    if (rc != 0)
        fail_msg("model: %s", pmindex_error_message(err));
    pmindex_error_free(err);
    free(ini);
    free(out);
    return m;
}

#endif
