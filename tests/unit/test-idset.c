/* The set of compound ids of a sheet. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "idset.h"
#include "internal.h"

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

/* Told how many ids to expect, the table is made for them at its next
 * growth (big enough to sit on huge pages), with the ids hashed again
 * through the prefetching ring; every earlier line is found, the hash given
 * ahead is the set's, and an absurd hint falls back to doubling. */
static void test_expected(void **state)
{
    (void)state;
    struct pm_idset s;
    pm_idset_init(&s);
    char id[32];
    /* Distinct ids in no order: i times an odd number, modulo 2^32. */
    for (int i = 0; i < 300000; i++) {
        if (i == 2000)
            pm_idset_expect(&s, 1000000);
        int n = snprintf(id, sizeof id, "R-%08x", (unsigned)i * 2654435761u);
        assert_i64(pm_idset_add_hashed(&s, id, (size_t)n, pm_idset_hash(id, (size_t)n), i + 2),
                   0);
        if (i == 5000) /* it has grown once since */
            assert_true(s.nslots >= 1000000 * 4 / 3);
    }
    size_t slots = s.nslots;
    for (int i = 0; i < 300000; i += 101) {
        int n = snprintf(id, sizeof id, "R-%08x", (unsigned)i * 2654435761u);
        assert_i64(pm_idset_add(&s, id, (size_t)n, 1), i + 2);
    }
    assert_int_equal(s.nslots, slots); /* no growth */
    pm_idset_free(&s);
    pm_idset_init(&s);
    pm_idset_expect(&s, SIZE_MAX);
    assert_i64(pm_idset_add(&s, "B", 1, 2), 0);
    assert_i64(pm_idset_add(&s, "A", 1, 3), 0); /* out of order: a table */
    assert_true(s.hashed);
    assert_i64(pm_idset_add(&s, "B", 1, 4), 2);
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

/* The one hash: 64-bit FNV-1a, as published (the ledger's model
 * fingerprints depend on it). */
static void test_fnv1a(void **state)
{
    (void)state;
    assert_true(pm_fnv1a("", 0) == UINT64_C(0xcbf29ce484222325));
    assert_true(pm_fnv1a("a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
    assert_true(pm_fnv1a("foobar", 6) == UINT64_C(0x85944171f73967e8));
}

/* A set of ids its owner keeps: an array of strings here, as a district
 * keeps them in its arena. */
struct owner {
    char ids[6000][16];
    uint32_t count;
};

static const char *owner_id(const void *owner, uint32_t n)
{
    const struct owner *o = owner;
    assert_true(n < o->count);
    return o->ids[n];
}

/* Adds id when new: returns -1 when added, else the number of the equal id. */
static int64_t owner_add(struct owner *o, struct pm_idset *s, const char *id)
{
    struct pm_idset_spot spot;
    int64_t n = pm_idset_find(s, id, strlen(id), &spot);
    assert_true(n >= PM_IDSET_ABSENT);
    if (n >= 0)
        return n;
    snprintf(o->ids[o->count++], sizeof o->ids[0], "%s", id);
    pm_idset_insert(s, &spot);
    return -1;
}

static void test_borrowed(void **state)
{
    (void)state;
    static struct owner o;
    o.count = 0;
    struct pm_idset s;
    pm_idset_init_borrowed(&s, owner_id, &o);
    char id[16];
    for (int i = 0; i < 3000; i++) {
        snprintf(id, sizeof id, "S-%06d", i);
        assert_i64(owner_add(&o, &s, id), -1);
    }
    /* Sorted so far: no table, and no copy of any id. */
    assert_false(s.hashed);
    assert_null(s.arena);
    assert_null(s.offsets);
    assert_i64(owner_add(&o, &s, "S-000007"), 7);
    assert_true(s.hashed);
    assert_i64(owner_add(&o, &s, "S-002999"), 2999);
    assert_i64(owner_add(&o, &s, "S-"), -1);
    assert_i64(owner_add(&o, &s, "S-"), 3000);
    /* Out of order from now on: the table grows several times, and every
     * id is still found by its number. */
    for (int i = 5999; i > 3000; i--) {
        snprintf(id, sizeof id, "S-%06d", i);
        assert_i64(owner_add(&o, &s, id), -1);
    }
    assert_true(s.nslots >= 6000 * 4 / 3); /* a load of at most 3/4 */
    for (int i = 0; i < 6000; i += 13) {
        snprintf(id, sizeof id, "S-%06d", i);
        assert_i64(owner_add(&o, &s, id), i < 3000 ? i : 3001 + (5999 - i));
    }
    assert_int_equal(s.count, 6000);
    assert_null(s.arena);
    pm_idset_free(&s);
}

/* An id found missing but not added (its owner ran out of memory) leaves
 * the set as it was. */
static void test_borrowed_not_inserted(void **state)
{
    (void)state;
    static struct owner o;
    o.count = 0;
    struct pm_idset s;
    pm_idset_init_borrowed(&s, owner_id, &o);
    assert_i64(owner_add(&o, &s, "B"), -1);
    struct pm_idset_spot spot;
    assert_i64(pm_idset_find(&s, "A", 1, &spot), PM_IDSET_ABSENT); /* builds the table */
    assert_i64(pm_idset_find(&s, "C", 1, &spot), PM_IDSET_ABSENT);
    assert_int_equal(s.count, 1);
    assert_i64(owner_add(&o, &s, "A"), -1);
    assert_i64(owner_add(&o, &s, "B"), 0);
    assert_i64(owner_add(&o, &s, "A"), 1);
    pm_idset_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_find),
        cmocka_unit_test(test_many),
        cmocka_unit_test(test_expected),
        cmocka_unit_test(test_sorted_then_not),
        cmocka_unit_test(test_fnv1a),
        cmocka_unit_test(test_borrowed),
        cmocka_unit_test(test_borrowed_not_inserted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
