/* 128-bit products and rounding half away from zero. Built twice: with
 * __int128 and with the portable path (-DPMINDEX_NO_INT128). */
#include "test.h"

#include "arith.h"

static void test_round_half_away(void **state)
{
    (void)state;
    /* 1/2 rounds up, just below stays down. */
    assert_i64(pm_muldiv_round(1, 1, 2), 1);
    assert_i64(pm_muldiv_round(1, 1, 3), 0);
    assert_i64(pm_muldiv_round(2, 1, 3), 1);
    assert_i64(pm_muldiv_round(5, 1, 10), 1);
    assert_i64(pm_muldiv_round(4999, 1, 10000), 0);
    assert_i64(pm_muldiv_round(5000, 1, 10000), 1);
    /* 4 points x 0.00125 / 0.2 = 0.025 -> 0.03 (in centipoints 2.5 -> 3). */
    assert_i64(pm_muldiv_round(400, 125000, 20000000), 3);
    /* Exact quotients are left alone. */
    assert_i64(pm_muldiv_round(1500, 3000, 1500), 3000);
    assert_i64(pm_muldiv_round(0, 123, 7), 0);
}

static void test_wide_products(void **state)
{
    (void)state;
    /* Products beyond 2^63 need the 128-bit path. */
    int64_t big = INT64_C(999999999999999999);
    assert_i64(pm_muldiv_round(1000000, big, big), 1000000);
    assert_i64(pm_muldiv_round(1000000, big - 1, big), 1000000);
    assert_i64(pm_muldiv_round(big, big, big), big);
    /* (2^62) * 6 / 4 = 1.5 * 2^62 exactly. */
    int64_t p62 = INT64_C(1) << 62;
    assert_i64(pm_muldiv_round(p62, 6, 4), p62 + p62 / 2);
    /* 10^6 x (10^18 / 2 + 1) / 10^18 = 500000.000001 -> 500000 */
    assert_i64(pm_muldiv_round(1000000, INT64_C(500000000000000001), INT64_C(1000000000000000000)),
               500000);
    /* 10^6 x (10^18 / 2 + 5 x 10^11) / 10^18 = 500000.5 -> 500001 */
    assert_i64(pm_muldiv_round(1000000, INT64_C(500000500000000000), INT64_C(1000000000000000000)),
               500001);
}

static void test_mul_less(void **state)
{
    (void)state;
    /* 100 e < 60 a: the downgrade comparison. */
    assert_true(pm_mul_less(59, 100, 60, 100));
    assert_false(pm_mul_less(60, 100, 60, 100));
    assert_false(pm_mul_less(61, 100, 60, 100));
    /* Coverage 2/3 exactly is not below the floor. */
    assert_false(pm_mul_less(2000, 3, 2, 3000));
    assert_true(pm_mul_less(1999, 3, 2, 3000));
    int64_t big = INT64_MAX;
    assert_true(pm_mul_less(big - 1, big, big, big));
    assert_false(pm_mul_less(big, big, big, big));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_half_away),
        cmocka_unit_test(test_wide_products),
        cmocka_unit_test(test_mul_less),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
