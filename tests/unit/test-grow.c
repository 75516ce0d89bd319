/* The one helper that grows arrays. */
#include "test.h"

#include <stdlib.h>

#include "internal.h"

static void test_doubles_from_first(void **state)
{
    (void)state;
    int32_t *a = NULL;
    size_t cap = 0;
    assert_true(pm_grow((void **)&a, &cap, 1, sizeof *a, 8, 0));
    assert_int_equal(cap, 8);
    assert_true(pm_grow((void **)&a, &cap, 8, sizeof *a, 8, 0));
    assert_int_equal(cap, 8); /* room already */
    assert_true(pm_grow((void **)&a, &cap, 9, sizeof *a, 8, 0));
    assert_int_equal(cap, 16);
    assert_true(pm_grow((void **)&a, &cap, 100, sizeof *a, 8, 0));
    assert_int_equal(cap, 128);
    for (int i = 0; i < 100; i++)
        a[i] = i;
    free(a);
}

static void test_zeroes_new_elements(void **state)
{
    (void)state;
    int64_t *a = NULL;
    size_t cap = 0;
    assert_true(pm_grow((void **)&a, &cap, 3, sizeof *a, 4, PM_GROW_ZERO));
    for (size_t i = 0; i < cap; i++)
        assert_true(a[i] == 0);
    for (size_t i = 0; i < cap; i++)
        a[i] = -1;
    assert_true(pm_grow((void **)&a, &cap, 5, sizeof *a, 4, PM_GROW_ZERO));
    assert_int_equal(cap, 8);
    for (size_t i = 0; i < 4; i++)
        assert_true(a[i] == -1); /* kept */
    for (size_t i = 4; i < 8; i++)
        assert_true(a[i] == 0);
    free(a);
}

/* A size that does not fit in a size_t fails and leaves the array as it was. */
static void test_overflow(void **state)
{
    (void)state;
    char *a = NULL;
    size_t cap = 0;
    assert_true(pm_grow((void **)&a, &cap, 10, 1, 16, 0));
    char *before = a;
    assert_false(pm_grow((void **)&a, &cap, SIZE_MAX, 1, 16, 0));
    assert_false(pm_grow((void **)&a, &cap, SIZE_MAX / 4, 8, 16, 0));
    assert_ptr_equal(a, before);
    assert_int_equal(cap, 16);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doubles_from_first),
        cmocka_unit_test(test_zeroes_new_elements),
        cmocka_unit_test(test_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
