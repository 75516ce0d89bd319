/* The set of compound ids of a sheet. */
#include "test.h"

#include <stdio.h>

#include "idset.h"

static void test_add_find(void **state)
{
    (void)state;
    struct pm_idset s;
    pm_idset_init(&s);
    assert_i64(pm_idset_add(&s, "LH-1", 4, 2), 0);
    assert_i64(pm_idset_add(&s, "LH-10", 5, 3), 0);
    assert_i64(pm_idset_add(&s, "LH-1", 4, 9), 2);
    assert_i64(pm_idset_add(&s, "LH-10", 5, 11), 3);
    /* A prefix of a known id is a different id, and so is a longer one. */
    assert_i64(pm_idset_add(&s, "LH-", 3, 12), 0);
    assert_i64(pm_idset_add(&s, "LH-100", 6, 13), 0);
    pm_idset_free(&s);
}

static void test_many(void **state)
{
    (void)state;
    struct pm_idset s;
    pm_idset_init(&s);
    char id[32];
    /* Enough ids to grow the table several times. */
    for (int i = 0; i < 200000; i++) {
        int n = snprintf(id, sizeof id, "C-%d", i);
        assert_i64(pm_idset_add(&s, id, (size_t)n, i + 2), 0);
    }
    for (int i = 0; i < 200000; i += 997) {
        int n = snprintf(id, sizeof id, "C-%d", i);
        assert_i64(pm_idset_add(&s, id, (size_t)n, 1), i + 2);
    }
    assert_int_equal(s.count, 200000);
    pm_idset_free(&s);
}

/* Ids in increasing order keep no table; the first one out of order (here
 * a duplicate of an early id, then of the last, then a prefix) builds it
 * from every id seen, and each earlier line is still found. */
static void test_sorted_then_not(void **state)
{
    (void)state;
    struct pm_idset s;
    pm_idset_init(&s);
    char id[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(id, sizeof id, "S-%06d", i);
        assert_i64(pm_idset_add(&s, id, (size_t)n, i + 2), 0);
    }
    assert_false(s.hashed);
    assert_null(s.slots);
    assert_i64(pm_idset_add(&s, "S-000007", 8, 9999), 9);
    assert_true(s.hashed);
    assert_i64(pm_idset_add(&s, "S-004999", 8, 9999), 5001);
    assert_i64(pm_idset_add(&s, "S-", 2, 10000), 0);
    assert_i64(pm_idset_add(&s, "S-", 2, 10001), 10000);
    for (int i = 0; i < 5000; i += 7) {
        int n = snprintf(id, sizeof id, "S-%06d", i);
        assert_i64(pm_idset_add(&s, id, (size_t)n, 1), i + 2);
    }
    assert_int_equal(s.count, 5001);
    pm_idset_free(&s);

    /* The same id twice in a row, and an id after its own prefix. */
    pm_idset_init(&s);
    assert_i64(pm_idset_add(&s, "A", 1, 2), 0);
    assert_i64(pm_idset_add(&s, "AB", 2, 3), 0);
    assert_false(s.hashed);
    assert_i64(pm_idset_add(&s, "AB", 2, 4), 3);
    assert_i64(pm_idset_add(&s, "A", 1, 5), 2);
    pm_idset_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_find),
        cmocka_unit_test(test_many),
        cmocka_unit_test(test_sorted_then_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
