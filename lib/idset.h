/* A set of compound ids: the duplicate ids of a sheet (with the line of
 * each id, about 15 bytes an id for ids of 10 characters), the compounds of
 * a merge and of a district. The set keeps the ids itself (pm_idset_init),
 * or indexes ids that its owner keeps (pm_idset_init_borrowed): a district
 * already holds every id in its arena, and a second copy would cost about
 * 20 MB a million compounds. */
#ifndef PM_IDSET_H
#define PM_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* The id numbered n (0 for the first added) of a set whose owner keeps
 * the ids: NUL-terminated, and the same bytes as when it was added. */
typedef const char *(*pm_idset_id_fn)(const void *owner, uint32_t n);

/* Where the lines of the ids a set keeps stop following one another. */
struct pm_idset_line {
    uint32_t n;   /* the id numbered n */
    int64_t line; /* is on this line, and the next ones on the next lines */
};

struct pm_idset {
    /* Ids the set keeps: per id the bytes and a NUL, in at most 4 GiB. */
    char *arena;
    size_t arena_len, arena_cap;
    uint32_t *offsets; /* where each id starts in the arena */
    size_t offsets_cap;
    /* Their lines: one after another, as the rows of a sheet, but where
     * they jump (a blank row, a cell with a line end, an error). */
    struct pm_idset_line *lines;
    size_t nlines, lines_cap;
    int64_t last_line; /* of the last id added */
    /* Ids the owner keeps (NULL: the set keeps them). */
    pm_idset_id_fn id_at;
    const void *owner;
    size_t count;
    uint64_t *slots; /* the id's hash << 32 | 1 + its number; 0 when empty */
    size_t nslots;   /* any number: a hash h goes to slot h * nslots >> 32 */
    /* While the ids arrive in increasing byte order, as in a sheet sorted
     * by compound_id, none can be a duplicate and no table is kept; the
     * first id out of order builds it. */
    bool hashed;
    size_t last_len;
    size_t expect; /* pm_idset_expect() */
};

/* Where pm_idset_find() found an id missing: what pm_idset_insert() needs. */
struct pm_idset_spot {
    uint32_t hash;
    size_t slot, len;
};

/* A set that keeps the ids it is given. */
void pm_idset_init(struct pm_idset *s);
/* A set of the ids that id_at(owner, n) gives. */
void pm_idset_init_borrowed(struct pm_idset *s, pm_idset_id_fn id_at, const void *owner);
void pm_idset_free(struct pm_idset *s);

/* A set that keeps its ids: adds id (len bytes, no NUL inside) seen on
 * line. Returns 0 when new, the line of the first occurrence when already
 * there, or -1 when out of memory or full. */
int64_t pm_idset_add(struct pm_idset *s, const char *id, size_t len, int64_t line);

/* A hint: about n ids will be added in all. The table, once one is built,
 * is made for them at its next growth rather than doubled again and again
 * (each growth hashes every id again). */
static inline void pm_idset_expect(struct pm_idset *s, size_t n)
{
    s->expect = n < (size_t)UINT32_MAX ? n : (size_t)UINT32_MAX;
}

/* A set of borrowed ids: adds an id without looking for it, its owner
 * knowing it is new (it came from a sheet that refused duplicates). The
 * table, if any, is dropped: the next pm_idset_find() builds it again. */
void pm_idset_insert_new(struct pm_idset *s, const char *id, size_t len);

/* Frees the table of a set that will not be added to for a while (a
 * computed district): the next call that needs it builds it again. */
void pm_idset_drop_table(struct pm_idset *s);

/* The hash of an id in a set, and pm_idset_add() with it. Computed ahead
 * (by another thread, or while a row is read), it lets the caller fetch
 * the id's slot from memory ahead of time with pm_idset_prefetch(): a
 * shuffled sheet's ids land anywhere in a table of millions. */
static inline uint32_t pm_idset_hash(const char *id, size_t len)
{
    /* FNV-1a, then MurmurHash3's finaliser: FNV alone leaves ids that
     * differ in their last characters (SY-0000001, SY-0000002...) close in
     * the high bits that pick a slot, and the table clusters. */
    uint64_t h = pm_fnv1a(id, len);
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return (uint32_t)(h >> 32);
}

/* The slot where a hash starts its probe. */
static inline size_t pm_idset_home(const struct pm_idset *s, uint32_t hash)
{
    return (size_t)(((uint64_t)hash * s->nslots) >> 32);
}

PM_PREFETCHER void pm_idset_prefetch(const struct pm_idset *s, uint32_t hash)
{
#if defined(__GNUC__)
    /* At a load of 3/4 a probe goes some slots on: two lines. */
    size_t home = s->nslots ? pm_idset_home(s, hash) : 0;
    if (s->nslots)
        __builtin_prefetch(&s->slots[home]);
    if (home + 8 < s->nslots)
        __builtin_prefetch(&s->slots[home + 8]);
#else
    (void)s;
    (void)hash;
#endif
}

int64_t pm_idset_add_hashed(struct pm_idset *s, const char *id, size_t len, uint32_t hash,
                            int64_t line);

enum { PM_IDSET_ABSENT = -1, PM_IDSET_NOMEM = -2 };

/* A set of borrowed ids, in two steps, so that an owner that cannot add
 * the id after all (out of memory) leaves the set as it was:
 * pm_idset_find() returns the number of the equal id already there, or
 * PM_IDSET_ABSENT with spot filled in, or PM_IDSET_NOMEM (out of memory or
 * full). After PM_IDSET_ABSENT, the owner may store the id where
 * id_at(owner, count) finds it and call pm_idset_insert() with the spot,
 * before any other call on the set. */
int64_t pm_idset_find(struct pm_idset *s, const char *id, size_t len, struct pm_idset_spot *spot);
void pm_idset_insert(struct pm_idset *s, const struct pm_idset_spot *spot);

#endif
