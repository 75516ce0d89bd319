/* Threads: one model shared by 8 threads that each read, assess and write a
 * whole sheet, step each compound's sanction ladder over two periods, and
 * rank the sheet as a district, over and over; every thread's output must
 * equal a run on a single thread. Run under ThreadSanitizer in CI
 * (.ci/run, build-tsan). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "test.h"

enum { THREADS = 8, ROUNDS = 5 };

struct job {
    const pmindex_model *model;
    const char *sheet;
    char *out;      /* the CSV and JSONL records of every row, then the explanations */
    size_t len;
    int rc;
};

static void append(struct job *j, const char *s, size_t n)
{
    char *p = realloc(j->out, j->len + n + 1);
    if (!p) {
        j->rc = PMINDEX_E_NOMEM;
        return;
    }
    memcpy(p + j->len, s, n);
    j->out = p;
    j->len += n;
    j->out[j->len] = '\0';
}

/* Two periods of one compound on the ladder: its decisions as text. */
static void ladder(struct job *j, const pmindex_compound *c, const pmindex_assessment *a)
{
    int32_t events = pmindex_ladder_events(j->model, c, a);
    struct pmindex_ladder_state state = {0, 0, 0, 0};
    char buf[64];
    /* The model's first period of 2018 (2018H1, 2018Q1 or 2018-01). */
    int32_t period = pmindex_model_period_kind(j->model) * 10000000 + 201801;
    for (int p = 0; p < 2 && events >= 0; p++) {
        int32_t card, measure;
        if ((p > 0 && pmindex_period_next(period, &period) != 0) ||
            pmindex_ladder_step(j->model, &state, period, events, &state, &card, &measure) != 0) {
            j->rc = PMINDEX_E_STATE;
            return;
        }
        int n = snprintf(buf, sizeof buf, " %d/%d/%d/%d", (int)state.level, (int)state.clean,
                         (int)card, (int)measure);
        append(j, buf, (size_t)n);
    }
}

/* Every record of the district's ranking and of its company summaries. */
static void rank(struct job *j, const pmindex_district *d)
{
    char buf[16384];
    int32_t scopes[2] = {PMINDEX_SCOPE_DISTRICT, PMINDEX_SCOPE_COMPANY};
    for (int k = 0; k < 2; k++) {
        int64_t rows = k == 0 ? pmindex_district_count(d)
                              : pmindex_district_group_count(d, PMINDEX_SCOPE_COMPANY);
        for (int64_t r = 0; r < rows; r++) {
            int64_t n = pmindex_district_csv_record(d, scopes[k], r, buf, sizeof buf);
            if (n < 0 || (size_t)n >= sizeof buf) {
                j->rc = PMINDEX_E_STATE;
                return;
            }
            append(j, buf, (size_t)n);
        }
    }
}

/* Scores the sheet once into j->out. */
static void score(struct job *j)
{
    pmindex_sheet *s;
    pmindex_assessment *a;
    pmindex_district *d;
    const pmindex_compound *c;
    char buf[16384];
    int rc;
    j->len = 0;
    if ((j->rc = pmindex_sheet_open(j->model, j->sheet, NULL, 0, &s)) != 0)
        return;
    if ((j->rc = pmindex_assessment_new(j->model, &a)) != 0) {
        pmindex_sheet_free(s);
        return;
    }
    if ((j->rc = pmindex_district_new(j->model, &d)) != 0) {
        pmindex_assessment_free(a);
        pmindex_sheet_free(s);
        return;
    }
    while ((rc = pmindex_sheet_next(s, &c)) != 0) {
        if (rc < 0 || pmindex_assess(j->model, c, a) != 0) {
            j->rc = rc < 0 ? rc : PMINDEX_E_STATE;
            break;
        }
        int64_t n = pmindex_csv_record(a, c, buf, sizeof buf);
        append(j, buf, (size_t)n);
        n = pmindex_jsonl_record(a, c, buf, sizeof buf);
        append(j, buf, (size_t)n);
        for (int32_t r = 0; r < pmindex_assessment_reason_count(a); r++) {
            n = pmindex_assessment_reason_text(a, r, PMINDEX_LANG_EN, buf, sizeof buf);
            append(j, buf, (size_t)n);
        }
        ladder(j, c, a);
        if (pmindex_district_add(d, c, a) != 0)
            j->rc = PMINDEX_E_STATE;
    }
    if (j->rc == 0 && pmindex_district_compute(d) == 0)
        rank(j, d);
    else if (j->rc == 0)
        j->rc = PMINDEX_E_STATE;
    pmindex_district_free(d);
    pmindex_assessment_free(a);
    pmindex_sheet_free(s);
}

static void *worker(void *arg)
{
    struct job *j = arg;
    struct job mine = *j;
    mine.out = NULL;
    for (int r = 0; r < ROUNDS && j->rc == 0; r++) {
        score(&mine);
        if (mine.rc) {
            j->rc = mine.rc;
            break;
        }
        /* Each round must give the same bytes; keep the last. */
        if (r > 0 && (mine.len != j->len || memcmp(mine.out, j->out, j->len) != 0)) {
            j->rc = PMINDEX_E_STATE;
            break;
        }
        free(j->out);
        j->out = mine.out;
        j->len = mine.len;
        mine.out = NULL;
    }
    free(mine.out);
    return NULL;
}

static void shared_model(const pmindex_model *m, const char *sheet)
{
    struct job single = {m, sheet, NULL, 0, 0};
    score(&single);
    assert_int_equal(single.rc, 0);
    assert_true(single.len > 1000);

    pthread_t t[THREADS];
    struct job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (struct job){m, sheet, NULL, 0, 0};
        assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_i64_msg(jobs[i].rc, 0);
        assert_true(jobs[i].len == single.len);
        assert_memory_equal(jobs[i].out, single.out, single.len);
        free(jobs[i].out);
    }
    free(single.out);
}

static void test_default_model(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_int_equal(pmindex_model_default(&m), 0);
    shared_model(m, "examples/data/luohu-sample.csv");
    pmindex_model_free(m);
}

static void test_model_from_ini(void **state)
{
    (void)state;
    pmindex_model *m;
    pmindex_error *e;
    assert_int_equal(pmindex_error_new(&e), 0);
    assert_int_equal(pmindex_model_load_ini("models/quarterly-demo.ini", &m, e), 0);
    shared_model(m, "examples/data/quarterly-sample.csv");
    pmindex_model_free(m);
    pmindex_error_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_model),
        cmocka_unit_test(test_model_from_ini),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
