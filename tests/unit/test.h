/* Helpers shared by the unit tests. cmocka needs these includes first. */
#ifndef PMINDEX_TEST_H
#define PMINDEX_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <pmindex/pmindex.h>

/* cmocka's integer asserts compare as unsigned: compare signed values
 * through these so a failure prints something readable. */
#define assert_i64(a, b) assert_true((int64_t)(a) == (int64_t)(b))
#define assert_i64_msg(a, b)                                                                      \
    do {                                                                                          \
        int64_t a_ = (int64_t)(a), b_ = (int64_t)(b);                                             \
        if (a_ != b_)                                                                             \
            fail_msg("%s is %lld, expected %lld", #a, (long long)a_, (long long)b_);              \
    } while (0)

/* An error's message says text (a part of it). */
#define assert_error_says(error, text)                                                            \
    do {                                                                                          \
        const char *said_ = pmindex_error_message(error);                                         \
        if (!strstr(said_, text))                                                                 \
            fail_msg("the error says \"%s\", not \"%s\"", said_, text);                          \
    } while (0)

/* Sets cells of a compound from "column=value" pairs separated by '|'. */
static inline void set_cells(pmindex_compound *c, const char *spec)
{
    char buf[4096];
    strncpy(buf, spec, sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    for (char *save = NULL, *tok = strtok_r(buf, "|", &save); tok;
         tok = strtok_r(NULL, "|", &save)) {
        char *eq = strchr(tok, '=');
        assert_non_null(eq);
        *eq = '\0';
        int rc = pmindex_compound_set_text(c, tok, eq + 1, strlen(eq + 1));
        if (rc != 0)
            fail_msg("set %s=%s: %s", tok, eq + 1, pmindex_error_message(pmindex_compound_error(c)));
    }
}

/* A compound of the default model with every item at its best. */
static inline void set_all_full(pmindex_compound *c)
{
    set_cells(c, "compound_id=T-1|A1=1|A2=1|A3=1|A4=1|A5=1|A6=0|B1=1|B2=1|B3=1|B4=1|B5=1|B6=0|"
                 "B7=0|B8=0|B9=1|C1=0|C2=0|C3=1|C4=0|C5=1|C6=1|C7=1|C8=1|C9=1|C10=1|D1=0.95|"
                 "D2=1|D3=1|D4=1|D5=0|D6=1");
}

/* The fixture most tests share, in a file that defines
 * PMINDEX_TEST_DEFAULT_FIXTURE before including this header: the default
 * model with a compound and an assessment of it, made by setup() and freed
 * by teardown() (cmocka's group set-up). PMINDEX_TEST_DEFAULT_MODEL makes
 * the model alone. */
#if defined(PMINDEX_TEST_DEFAULT_FIXTURE) || defined(PMINDEX_TEST_DEFAULT_MODEL)
static pmindex_model *model;
#ifdef PMINDEX_TEST_DEFAULT_FIXTURE
static pmindex_compound *c;
static pmindex_assessment *a;
#endif

static int setup(void **state)
{
    (void)state;
    if (pmindex_model_default(&model))
        return -1;
#ifdef PMINDEX_TEST_DEFAULT_FIXTURE
    if (pmindex_compound_new(model, &c) || pmindex_assessment_new(model, &a))
        return -1;
#endif
    return 0;
}

static int teardown(void **state)
{
    (void)state;
#ifdef PMINDEX_TEST_DEFAULT_FIXTURE
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
#endif
    pmindex_model_free(model);
    return 0;
}
#endif

#endif
