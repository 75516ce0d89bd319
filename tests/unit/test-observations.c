/* Observations packed for the ledger (lib/observations.c): random compounds
 * of every kind of item read back exactly; the packing is as small as it
 * says; damaged bytes of every kind are refused, never read past. */
#include <stdlib.h>

#include "test.h"
#include "compound.h"
#include "model.h"

/* A value an item takes, at random: its levels, 0/1, counts, shares with
 * up to 6 decimals, large counts. */
static int64_t random_value(const pmindex_model *m, int32_t i, unsigned *seed)
{
    const struct pm_item *it = &m->items[i];
    switch (it->type) {
    case PMINDEX_ITEM_GRADED: return it->levels[rand_r(seed) % it->nlevels].value;
    case PMINDEX_ITEM_PASSFAIL: return (rand_r(seed) % 2) * PMINDEX_VALUE_SCALE;
    case PMINDEX_ITEM_DEDUCT:
        return (int64_t)(rand_r(seed) % 4 == 0 ? rand_r(seed) : rand_r(seed) % 5) *
               PMINDEX_VALUE_SCALE;
    default:
        if (it->zero <= PMINDEX_VALUE_SCALE && it->full <= PMINDEX_VALUE_SCALE)
            return (int64_t)(rand_r(seed) % 1000001) * 100; /* 6 decimals */
        return (int64_t)(rand_r(seed) % 1000) * PMINDEX_VALUE_SCALE / 10;
    }
}

static void random_compound(pmindex_compound *c, unsigned *seed)
{
    const pmindex_model *m = c->model;
    pmindex_compound_clear(c);
    for (int32_t i = 0; i < m->nitems; i++) {
        if (rand_r(seed) % 8 == 0)
            continue; /* not applicable */
        assert_i64(pmindex_compound_set_value(c, i, random_value(m, i, seed)), 0);
    }
    for (int32_t v = 0; v < m->nvetoes; v++)
        pmindex_compound_set_veto(c, v, rand_r(seed) % 5 == 0);
    c->households = rand_r(seed) % 3 == 0 ? -1 : (int64_t)rand_r(seed) * 1000;
}

static void assert_same(const pmindex_compound *a, const pmindex_compound *b)
{
    const pmindex_model *m = a->model;
    for (int32_t i = 0; i < m->nitems; i++)
        assert_i64(a->values[i], b->values[i]);
    for (int32_t v = 0; v < m->nvetoes; v++)
        assert_i64(a->vetoes[v], b->vetoes[v]);
    assert_i64(a->households, b->households);
}

static void test_round_trip(void **state)
{
    (void)state;
    pmindex_model *models[2];
    assert_i64(pmindex_model_default(&models[0]), 0);
    assert_i64(pmindex_model_load_ini("models/quarterly-demo.ini", &models[1], NULL), 0);
    unsigned seed = 13;
    for (int k = 0; k < 2; k++) {
        const pmindex_model *m = models[k];
        pmindex_compound *c, *d;
        assert_i64(pmindex_compound_new(m, &c), 0);
        assert_i64(pmindex_compound_new(m, &d), 0);
        size_t cap = pm_obs_max(m);
        uint8_t *buf = malloc(cap);
        struct pmindex_error e;
        size_t total = 0;
        for (int n = 0; n < 5000; n++) {
            random_compound(c, &seed);
            size_t len = pm_obs_encode(c, buf);
            assert_true(len <= cap);
            total += len;
            pmindex_compound_clear(d);
            assert_i64(pm_obs_decode(d, buf, len, &e), 0);
            assert_same(c, d);
        }
        /* The extremes: nothing applicable, the largest values. */
        pmindex_compound_clear(c);
        size_t len = pm_obs_encode(c, buf);
        assert_i64(pm_obs_decode(d, buf, len, &e), 0);
        assert_same(c, d);
        for (int32_t i = 0; i < m->nitems; i++)
            if (m->items[i].type == PMINDEX_ITEM_DEDUCT)
                assert_i64(pmindex_compound_set_value(c, i, PMINDEX_VALUE_MAX / PMINDEX_VALUE_SCALE *
                                                                PMINDEX_VALUE_SCALE), 0);
        c->households = INT64_MAX - 1;
        len = pm_obs_encode(c, buf);
        assert_true(len <= cap);
        assert_i64(pm_obs_decode(d, buf, len, &e), 0);
        assert_same(c, d);
        /* A sheet of full marks, as most are: a byte an item. */
        if (k == 0) {
            set_all_full(c);
            c->households = -1;
            len = pm_obs_encode(c, buf);
            assert_i64(len, 1 + 1 + 1 + (size_t)m->nitems + 1 + 1 + 1); /* D1 0.95: 2 bytes */
            assert_true(total / 5000 < (size_t)m->nitems * 2);
        }
        free(buf);
        pmindex_compound_free(c);
        pmindex_compound_free(d);
    }
    pmindex_model_free(models[0]);
    pmindex_model_free(models[1]);
}

static void test_damaged(void **state)
{
    (void)state;
    pmindex_model *m, *q;
    assert_i64(pmindex_model_default(&m), 0);
    assert_i64(pmindex_model_load_ini("models/quarterly-demo.ini", &q, NULL), 0);
    pmindex_compound *c, *d, *other;
    assert_i64(pmindex_compound_new(m, &c), 0);
    assert_i64(pmindex_compound_new(m, &d), 0);
    assert_i64(pmindex_compound_new(q, &other), 0);
    unsigned seed = 7;
    random_compound(c, &seed);
    uint8_t buf[512], bad[512];
    size_t len = pm_obs_encode(c, buf);
    struct pmindex_error e;
    /* Every shorter prefix, one byte more, another format, another model. */
    for (size_t n = 0; n < len; n++)
        assert_i64(pm_obs_decode(d, buf, n, &e), PMINDEX_E_STORE);
    memcpy(bad, buf, len);
    bad[len] = 0;
    assert_i64(pm_obs_decode(d, bad, len + 1, &e), PMINDEX_E_STORE);
    bad[0] = 2;
    assert_i64(pm_obs_decode(d, bad, len, &e), PMINDEX_E_STORE);
    assert_non_null(strstr(e.message, "unknown format"));
    assert_i64(pm_obs_decode(other, buf, len, &e), PMINDEX_E_STORE);
    assert_non_null(strstr(e.message, "not of this model"));
    /* A value the model does not take (graded A2 = 0.7), a varint that
     * never ends, a veto bit beyond the last veto. */
    pmindex_compound_clear(c);
    len = pm_obs_encode(c, buf);
    memcpy(bad, buf, len);
    bad[3 + 1] = (uint8_t)(1 + 7 * 9 + 7); /* item 1: 7 x 10^7 */
    assert_i64(pm_obs_decode(d, bad, len, &e), PMINDEX_E_STORE);
    assert_non_null(strstr(e.message, "item A2"));
    memcpy(bad, buf, len);
    memset(bad + 3, 0xFF, 12);
    assert_i64(pm_obs_decode(d, bad, len, &e), PMINDEX_E_STORE);
    memcpy(bad, buf, len);
    bad[len - 2] = 0x80; /* the vetoes' byte: 5 vetoes, bit 7 set */
    assert_i64(pm_obs_decode(d, bad, len, &e), PMINDEX_E_STORE);
    /* Random bytes: refused or read, never beyond len (ASan watches). */
    for (int n = 0; n < 20000; n++) {
        size_t l = (size_t)(rand_r(&seed) % 64);
        uint8_t *p = malloc(l ? l : 1);
        for (size_t k = 0; k < l; k++)
            p[k] = (uint8_t)rand_r(&seed);
        if (l > 0)
            p[0] = 1;
        int rc = pm_obs_decode(d, p, l, &e);
        assert_true(rc == 0 || rc == PMINDEX_E_STORE);
        free(p);
    }
    pmindex_compound_free(c);
    pmindex_compound_free(d);
    pmindex_compound_free(other);
    pmindex_model_free(m);
    pmindex_model_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
