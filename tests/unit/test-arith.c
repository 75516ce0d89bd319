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

/* Floor and ceiling of products over a divisor, and of plain quotients. */
static void test_floor_ceil(void **state)
{
    (void)state;
    assert_i64(pm_muldiv_floor(7, 3, 2), 10);
    assert_i64(pm_muldiv_ceil(7, 3, 2), 11);
    assert_i64(pm_muldiv_ceil(6, 3, 2), 9);
    int64_t big = INT64_C(999999999999999999);
    assert_i64(pm_muldiv_floor(1000000, big - 1, big), 999999);
    assert_i64(pm_muldiv_ceil(1000000, big - 1, big), 1000000);
    assert_i64(pm_floor_div(-7, 2), -4);
    assert_i64(pm_floor_div(7, 2), 3);
    assert_i64(pm_ceil_div(-7, 2), -3);
    assert_i64(pm_ceil_div(7, 2), 4);
    assert_i64(pm_ceil_div(-8, 2), -4);
}

/* The reciprocal gives the exact rounded quotient, against plain division,
 * near multiples of the divisor and at the ends of the range. */
static void test_recip(void **state)
{
    (void)state;
    static const uint64_t divisors[] = {1, 2, 3, 7, 10, 1000, 35000000, 20000000, 1000000007,
                                        UINT64_C(1) << 40, UINT64_C(999999999999999999),
                                        UINT64_MAX / 3, UINT64_MAX};
    for (size_t k = 0; k < sizeof divisors / sizeof *divisors; k++) {
        uint64_t d = divisors[k];
        struct pm_recip r = pm_recip_of(d);
        uint64_t nums[] = {0, 1, d - 1, d, d + 1, d / 2, d / 2 + 1, 2 * d - 1, UINT64_MAX,
                           UINT64_MAX - 1, UINT64_MAX / 2, 123456789012345678};
        for (size_t j = 0; j < sizeof nums / sizeof *nums; j++) {
            uint64_t n = nums[j], q = n / d, rem = n % d;
            uint64_t want = q + (rem >= d - rem);
            if (pm_recip_round(n, r) != want)
                fail_msg("round(%llu / %llu)", (unsigned long long)n, (unsigned long long)d);
        }
    }
}

/* 128-bit sums and their exact ratios. */
static void test_u128(void **state)
{
    (void)state;
    struct pm_u128 a = pm_u128_mul(UINT64_MAX, UINT64_MAX); /* 2^128 - 2^65 + 1 */
    assert_true(a.hi == UINT64_MAX - 1 && a.lo == 1);
    struct pm_u128 b = pm_u128_add(a, pm_u128_mul(1, UINT64_MAX));
    assert_true(b.hi == UINT64_MAX && b.lo == 0); /* the carry */
    assert_true(pm_u128_less(a, b) && !pm_u128_less(b, a));
    struct pm_u128 c = pm_u128_sub(a, pm_u128_mul(1, 2)); /* borrow */
    assert_true(c.hi == UINT64_MAX - 2 && c.lo == UINT64_MAX);
    struct pm_u128 m;
    assert_true(pm_u128_mul_small(pm_u128_mul(UINT64_C(1) << 63, 2), 3, &m));
    assert_true(m.hi == 3 && m.lo == 0);
    assert_false(pm_u128_mul_small(a, 2, &m));
    /* 1/3 in millionths: 333333 and 333334; 2/3 likewise. */
    struct pm_u128 one = pm_u128_mul(1, 1), three = pm_u128_mul(3, 1), two = pm_u128_mul(2, 1);
    assert_i64(pm_u128_ratio(one, three, 1000000, false), 333333);
    assert_i64(pm_u128_ratio(one, three, 1000000, true), 333334);
    assert_i64(pm_u128_ratio(two, three, 1000000, false), 666666);
    assert_i64(pm_u128_ratio(three, three, 1000000, true), 1000000);
    /* Large: (2^100 + 2^99) / 2^100 = 1.5. */
    struct pm_u128 p100 = pm_u128_mul(UINT64_C(1) << 50, UINT64_C(1) << 50);
    struct pm_u128 p99 = pm_u128_mul(UINT64_C(1) << 49, UINT64_C(1) << 50);
    assert_i64(pm_u128_ratio(pm_u128_add(p100, p99), p100, 1000000, false), 1500000);
    assert_i64(pm_u128_ratio(pm_u128_add(p100, one), p100, 1000000, true), 1000001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_half_away),
        cmocka_unit_test(test_wide_products),
        cmocka_unit_test(test_mul_less),
        cmocka_unit_test(test_floor_ceil),
        cmocka_unit_test(test_recip),
        cmocka_unit_test(test_u128),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
