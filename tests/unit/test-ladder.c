/* The sanction ladder: every transition of one step, the events an
 * assessment gives, and parameters taken from the model. */
#include <stdio.h>

#include "test.h"
#include "ladder-models.h"

enum { B = PMINDEX_LADDER_BLACK, R = PMINDEX_LADDER_RED, L = PMINDEX_LADDER_LEGAL,
       S = PMINDEX_LADDER_SKIP };

static int32_t period(const char *s)
{
    int32_t p;
    assert_i64(pmindex_period_parse(s, strlen(s), &p), 0);
    return p;
}

struct step {
    int32_t level, clean, events; /* before, and what came */
    int32_t level_after, clean_after, card, measure;
};

static void check_steps(const pmindex_model *m, const struct step *steps, size_t n)
{
    int32_t p1 = period("2018H1"), p2 = period("2018H2");
    for (size_t i = 0; i < n; i++) {
        const struct step *s = &steps[i];
        pmindex_ladder_state st = {s->level, s->clean, p1, 0}, next;
        int32_t card = -9, measure = -9;
        int rc = pmindex_ladder_step(m, &st, p2, s->events, &next, &card, &measure);
        if (rc != 0 || next.level != s->level_after || next.clean != s->clean_after ||
            card != s->card || measure != s->measure || next.period != p2)
            fail_msg("step %zu (level %d clean %d events %d): rc %d, level %d clean %d card %d "
                     "measure %d; expected level %d clean %d card %d measure %d",
                     i, s->level, s->clean, s->events, rc, next.level, next.clean, card, measure,
                     s->level_after, s->clean_after, s->card, s->measure);
    }
}

enum { NONE = PMINDEX_CARD_NONE, RED = PMINDEX_CARD_RED, BLACK = PMINDEX_CARD_BLACK };

/* The default ladder: 4 levels, 2 clean periods, legal violations to 4. */
static void test_default_transitions(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    static const struct step steps[] = {
        /* Nothing happens at level 0. */
        {0, 0, 0, 0, 0, NONE, -1},
        /* The red card with no sanction in force brings praise. */
        {0, 0, R, 0, 0, RED, 0},
        /* Each black card: one level up, its measure, the count restarts. */
        {0, 0, B, 1, 0, BLACK, 1},
        {1, 0, B, 2, 0, BLACK, 2},
        {1, 1, B, 2, 0, BLACK, 2},
        {2, 0, B, 3, 0, BLACK, 3},
        {3, 1, B, 4, 0, BLACK, 4},
        {4, 0, B, 4, 0, BLACK, 4},
        /* A legal violation: level 4 at once, with or without a black card. */
        {0, 0, B | L, 4, 0, BLACK, 4},
        {2, 1, B | L, 4, 0, BLACK, 4},
        {1, 0, L, 4, 0, NONE, 4},
        {4, 1, B | L, 4, 0, BLACK, 4},
        /* Clean periods: the first counts, the second drops a level. */
        {2, 0, 0, 2, 1, NONE, -1},
        {2, 1, 0, 1, 0, NONE, -1},
        {4, 1, 0, 3, 0, NONE, -1},
        /* A red tier while a sanction is in force: no red card. */
        {1, 0, R, 1, 1, NONE, -1},
        {3, 1, R, 2, 0, NONE, -1},
        /* ... unless the period brings the level to 0: then it is red. */
        {1, 1, R, 0, 0, RED, 0},
        {1, 1, 0, 0, 0, NONE, -1},
        /* A skipped period (fallback, unmanaged) keeps the state. */
        {2, 1, S, 2, 1, NONE, -1},
        {0, 0, S, 0, 0, NONE, -1},
        /* ... an unmanaged compound's cards are shown but move nothing. */
        {0, 0, S | B, 0, 0, BLACK, -1},
        {0, 0, S | R, 0, 0, RED, -1},
        {1, 1, S | R, 1, 1, NONE, -1},
        /* ... a fallback compound's legal violation still sets level 4. */
        {1, 1, S | L, 4, 0, NONE, 4},
    };
    check_steps(m, steps, sizeof steps / sizeof *steps);
    pmindex_model_free(m);
}

/* The parameters come from the model: 6 levels, 3 clean periods, legal 3. */
static void test_model_parameters(void **state)
{
    (void)state;
    pmindex_model *m = model_with_ladder("half", 4, 3, 3);
    assert_i64(pmindex_model_ladder_clean_periods(m), 3);
    static const struct step steps[] = {
        {0, 0, L, 3, 0, NONE, 3},
        /* The black card first (to 1), then the legal level (3). */
        {0, 0, B | L, 3, 0, BLACK, 3},
        {3, 0, B | L, 4, 0, BLACK, 4},
        {4, 0, L, 4, 0, NONE, 4},
        {2, 0, 0, 2, 1, NONE, -1},
        {2, 1, 0, 2, 2, NONE, -1},
        {2, 2, 0, 1, 0, NONE, -1},
    };
    check_steps(m, steps, sizeof steps / sizeof *steps);
    pmindex_model_free(m);

    m = model_with_ladder("quarter", 2, 1, 2);
    static const struct step q[] = {
        {0, 0, B, 1, 0, BLACK, 1},
        {1, 0, B, 2, 0, BLACK, 2},
        {2, 0, B, 2, 0, BLACK, 2},
        {2, 0, 0, 1, 0, NONE, -1},
        {1, 0, R, 0, 0, RED, 0},
    };
    /* check_steps steps half-years: this model wants quarters. */
    pmindex_ladder_state st = {0, 0, 0, 0}, next;
    assert_i64(pmindex_ladder_step(m, &st, period("2018H2"), 0, &next, NULL, NULL),
               PMINDEX_E_STATE);
    int32_t p = period("2018Q1");
    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        st.level = q[i].level;
        st.clean = q[i].clean;
        int32_t card, measure, np;
        assert_i64(pmindex_period_next(p, &np), 0);
        assert_i64(pmindex_ladder_step(m, &st, np, q[i].events, &next, &card, &measure), 0);
        assert_i64_msg(next.level, q[i].level_after);
        assert_i64_msg(next.clean, q[i].clean_after);
        assert_i64_msg(card, q[i].card);
        assert_i64_msg(measure, q[i].measure);
        st = next;
        p = np;
    }
    pmindex_model_free(m);
}

static void test_refusals(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    int32_t h1 = period("2018H1"), h2 = period("2018H2");
    pmindex_ladder_state st = {1, 1, h2, 0}, next = {9, 9, 9, 9};
    /* The same period or an older one: refused, nothing written. */
    assert_i64(pmindex_ladder_step(m, &st, h2, B, &next, NULL, NULL), PMINDEX_E_STATE);
    assert_i64(pmindex_ladder_step(m, &st, h1, B, &next, NULL, NULL), PMINDEX_E_STATE);
    assert_i64(next.level, 9);
    /* Another kind of period than the model's. */
    st.period = 0;
    assert_i64(pmindex_ladder_step(m, &st, period("2018Q3"), 0, &next, NULL, NULL),
               PMINDEX_E_STATE);
    /* A state of the previous period of another kind. */
    st.period = period("2018Q1");
    assert_i64(pmindex_ladder_step(m, &st, h2, 0, &next, NULL, NULL), PMINDEX_E_STATE);
    st.period = h1;
    /* Bad arguments. */
    assert_i64(pmindex_ladder_step(m, &st, h2, 16, &next, NULL, NULL), PMINDEX_E_INVALID);
    assert_i64(pmindex_ladder_step(m, &st, h2, -1, &next, NULL, NULL), PMINDEX_E_INVALID);
    assert_i64(pmindex_ladder_step(m, &st, 0, 0, &next, NULL, NULL), PMINDEX_E_INVALID);
    assert_i64(pmindex_ladder_step(NULL, &st, h2, 0, &next, NULL, NULL), PMINDEX_E_INVALID);
    assert_i64(pmindex_ladder_step(m, NULL, h2, 0, &next, NULL, NULL), PMINDEX_E_INVALID);
    assert_i64(pmindex_ladder_step(m, &st, h2, 0, NULL, NULL, NULL), PMINDEX_E_INVALID);
    pmindex_ladder_state bad[] = {{5, 0, h1, 0}, {-1, 0, h1, 0}, {1, 2, h1, 0}, {1, -1, h1, 0}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_i64(pmindex_ladder_step(m, &bad[i], h2, 0, &next, NULL, NULL), PMINDEX_E_INVALID);
    /* The output may be the input. */
    st = (pmindex_ladder_state){0, 0, h1, 0};
    assert_i64(pmindex_ladder_step(m, &st, h2, B, &st, NULL, NULL), 0);
    assert_i64(st.level, 1);
    assert_i64(st.period, h2);
    pmindex_model_free(m);
}

static int32_t events_of(const pmindex_model *m, const char *cells)
{
    pmindex_compound *c;
    pmindex_assessment *a;
    assert_i64(pmindex_compound_new(m, &c), 0);
    assert_i64(pmindex_assessment_new(m, &a), 0);
    set_all_full(c);
    if (*cells)
        set_cells(c, cells);
    assert_i64(pmindex_assess(m, c, a), 0);
    int32_t ev = pmindex_ladder_events(m, c, a);
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
    return ev;
}

static void test_events(void **state)
{
    (void)state;
    pmindex_model *m;
    assert_i64(pmindex_model_default(&m), 0);
    assert_i64(events_of(m, ""), R);
    assert_i64(events_of(m, "B1=0|C3=0|D2=0"), 0); /* good (89): no card */
    assert_i64(events_of(m, "V1=1"), B | L);                        /* fire: legal */
    assert_i64(events_of(m, "V4=1"), B | L);
    assert_i64(events_of(m, "V5=1"), B | L);
    assert_i64(events_of(m, "V2=1"), B);                            /* media: not legal */
    assert_i64(events_of(m, "V3=1"), B);
    assert_i64(events_of(m, "B1=0|B2=0.8|B3=0|B5=0|B9=0"), B);           /* B's share below 50% */
    assert_i64(events_of(m, "managed=0"), R | S);
    assert_i64(events_of(m, "managed=0|V1=1"), B | S);              /* no company to punish */
    /* Fallback: coverage below 2/3 (C and D not applicable). */
    static const char fallback[] = "C1=NA|C2=NA|C3=NA|C4=NA|C5=NA|C6=NA|C7=NA|C8=NA|C9=NA|"
                                   "C10=NA|D1=NA|D2=NA|D3=NA|D4=NA|D5=NA|D6=NA";
    assert_i64(events_of(m, fallback), S);
    char buf[512];
    snprintf(buf, sizeof buf, "%s|V1=1", fallback);
    assert_i64(events_of(m, buf), S | L);
    snprintf(buf, sizeof buf, "%s|V2=1", fallback);
    assert_i64(events_of(m, buf), S);
    /* Objects of another model. */
    pmindex_model *other;
    assert_i64(pmindex_model_default(&other), 0);
    pmindex_compound *c;
    pmindex_assessment *a;
    assert_i64(pmindex_compound_new(m, &c), 0);
    assert_i64(pmindex_assessment_new(other, &a), 0);
    assert_i64(pmindex_ladder_events(m, c, a), PMINDEX_E_INVALID);
    assert_i64(pmindex_ladder_events(NULL, c, a), PMINDEX_E_INVALID);
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
    pmindex_model_free(other);
    pmindex_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_transitions),
        cmocka_unit_test(test_model_parameters),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
