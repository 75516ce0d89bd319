/* Models for the ladder, ledger and impact tests: the default model with
 * its [ladder] section or another text of its canonical INI form replaced,
 * loaded from that text. */
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

/* The default model with the first occurrence of one text of its
 * canonical form replaced. */
static inline pmindex_model *edited_default(const char *from, const char *to)
{
    pmindex_model *d;
    assert_i64(pmindex_model_default(&d), 0);
    int64_t n = pmindex_model_write_ini(d, NULL, 0);
    char *text = malloc((size_t)n + 1), *out = malloc((size_t)n + strlen(to) + 1);
    assert_non_null(text);
    assert_non_null(out);
    pmindex_model_write_ini(d, text, (size_t)n + 1);
    char *at = strstr(text, from);
    assert_non_null(at);
    memcpy(out, text, (size_t)(at - text));
    strcpy(out + (at - text), to);
    strcat(out, at + strlen(from));
    pmindex_model *m = NULL;
    assert_i64(pmindex_model_load_ini_memory(out, strlen(out), "edited.ini", &m, NULL), 0);
    free(text);
    free(out);
    pmindex_model_free(d);
    return m;
}

#endif
