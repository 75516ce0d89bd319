/* Sets of compound ids: the ids (in an arena of the set's own, or kept by
 * the set's owner) and an open-addressing table of slots (hash and
 * number), built only once the ids stop arriving in increasing order. A
 * slot keeps the id's 32-bit hash, so probes rarely read an id; the table
 * has as many slots as a load of 5/8 needs (no power of two), and a hash
 * is mapped onto them by a multiplication. Growth by doubling only
 * touches the pages it fills, so a million ids of its own (10 characters)
 * keep about 15 MB resident, and 13 MB more once hashed. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "internal.h"

/* The most ids a set holds: a slot keeps 1 + the number in 32 bits; and
 * the most bytes its own ids take, with their NULs (offsets of 32 bits). */
#define MAX_IDS (UINT32_MAX - 1)
#define MAX_ARENA ((size_t)UINT32_MAX)

enum { FIRST_SLOTS = 1024, FIRST_OFFSETS = 1024, FIRST_ARENA = 1 << 16, FIRST_LINES = 16 };


void pm_idset_init(struct pm_idset *s)
{
    memset(s, 0, sizeof *s);
}

void pm_idset_init_borrowed(struct pm_idset *s, pm_idset_id_fn id_at, const void *owner)
{
    assert(id_at);
    pm_idset_init(s);
    s->id_at = id_at;
    s->owner = owner;
}

void pm_idset_free(struct pm_idset *s)
{
    free(s->arena);
    free(s->offsets);
    free(s->lines);
    pm_big_free(s->slots, s->nslots, sizeof *s->slots);
    memset(s, 0, sizeof *s);
}

void pm_idset_drop_table(struct pm_idset *s)
{
    pm_big_free(s->slots, s->nslots, sizeof *s->slots);
    s->slots = NULL;
    s->nslots = 0; /* still hashed: find() builds the table again */
}

static const char *id_of(const struct pm_idset *s, size_t n)
{
    assert(n < s->count);
    return s->id_at ? s->id_at(s->owner, (uint32_t)n) : s->arena + s->offsets[n];
}

/* A table of at least twice the slots it had (FIRST_SLOTS at first), with
 * room for one more id at a load of 3/4 (for the ids expected, when the
 * owner said how many and the memory is there), holding every id. The old
 * table goes first and the ids are hashed again: re-placing the old slots
 * would be quicker, but would keep both tables at once (a million ids: 8 MB
 * more at the peak). */
static size_t slots_for(const struct pm_idset *s, size_t ids)
{
    size_t n = s->nslots ? s->nslots * 2 : FIRST_SLOTS;
    /* A load of 5/8 when made: a probe of a missing id (linear probing)
     * then reads 4 slots on average, 8.5 at the 3/4 that makes it grow. */
    if (ids / 5 * 8 + 8 > n)
        n = ids / 5 * 8 + 8;
    return n;
}

static int grow_slots(struct pm_idset *s)
{
    size_t n = slots_for(s, s->count + 1);
    uint64_t *slots = NULL;
    if (s->expect > s->count + 1) {
        size_t m = slots_for(s, s->expect);
        if ((slots = pm_big_calloc(m, sizeof *slots)) != NULL)
            n = m;
    }
    if (!slots)
        slots = pm_big_calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    pm_big_free(s->slots, s->nslots, sizeof *s->slots);
    s->slots = slots;
    s->nslots = n;
    s->hashed = true;
    /* The ids land anywhere in the table: their slots are fetched AHEAD
     * ids ahead, their hashes kept meanwhile in a ring. */
    enum { AHEAD = 64 };
    uint32_t ring[AHEAD];
    for (size_t e = 0; e < s->count + AHEAD; e++) {
        if (e >= AHEAD) { /* place the id AHEAD before this one */
            size_t k = e - AHEAD;
            uint32_t h = ring[k % AHEAD];
            size_t i = pm_idset_home(s, h);
            while (slots[i])
                i = i + 1 < n ? i + 1 : 0;
            slots[i] = (uint64_t)h << 32 | (k + 1);
        }
        if (e < s->count) {
            const char *id = id_of(s, e);
            ring[e % AHEAD] = pm_idset_hash(id, strlen(id));
#if defined(__GNUC__)
            __builtin_prefetch(&slots[pm_idset_home(s, ring[e % AHEAD])], 1);
#endif
        }
    }
    return 0;
}

/* Whether id comes after the last id added, in byte order. */
static bool after_last(const struct pm_idset *s, const char *id, size_t len)
{
    if (s->count == 0)
        return true;
    const char *last = id_of(s, s->count - 1);
    int c = memcmp(id, last, len < s->last_len ? len : s->last_len);
    return c > 0 || (c == 0 && len > s->last_len);
}

/* pm_idset_find() and pm_idset_insert(), inline in pm_idset_add(): a sheet
 * adds an id a row. */
static inline int64_t find(struct pm_idset *s, const char *id, size_t len, uint32_t h,
                           struct pm_idset_spot *spot)
{
    if (s->count >= MAX_IDS)
        return PM_IDSET_NOMEM;
    spot->len = len;
    if (!s->hashed && after_last(s, id, len)) {
        spot->hash = 0;
        spot->slot = 0;
        return PM_IDSET_ABSENT;
    }
    if (((s->count + 1) * 4 > s->nslots * 3 || !s->hashed) && grow_slots(s) != 0)
        return PM_IDSET_NOMEM;
    size_t i = pm_idset_home(s, h);
    while (s->slots[i]) {
        if (s->slots[i] >> 32 == h) {
            uint32_t n = (uint32_t)s->slots[i] - 1;
            const char *seen = id_of(s, n);
            if (strncmp(seen, id, len) == 0 && seen[len] == '\0')
                return n;
        }
        i = i + 1 < s->nslots ? i + 1 : 0;
    }
    spot->hash = h;
    spot->slot = i;
    return PM_IDSET_ABSENT;
}

static inline void insert(struct pm_idset *s, const struct pm_idset_spot *spot)
{
    assert(s->count < MAX_IDS);
    if (s->hashed) {
        assert(spot->slot < s->nslots && s->slots[spot->slot] == 0);
        s->slots[spot->slot] = (uint64_t)spot->hash << 32 | (s->count + 1);
    }
    s->last_len = spot->len;
    s->count++;
}

int64_t pm_idset_find(struct pm_idset *s, const char *id, size_t len, struct pm_idset_spot *spot)
{
    return find(s, id, len, pm_idset_hash(id, len), spot);
}

void pm_idset_insert(struct pm_idset *s, const struct pm_idset_spot *spot)
{
    insert(s, spot);
}

void pm_idset_insert_new(struct pm_idset *s, const char *id, size_t len)
{
    assert(s->id_at && s->count < MAX_IDS);
    if (!s->hashed && !after_last(s, id, len))
        s->hashed = true; /* out of order: a table will be needed */
    if (s->slots)
        pm_idset_drop_table(s);
    s->last_len = len;
    s->count++;
}

/* The line of the id numbered n of a set that keeps its ids. */
static int64_t line_of(const struct pm_idset *s, uint32_t n)
{
    size_t lo = 0, hi = s->nlines; /* the last jump at or before n */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->lines[mid].n <= n)
            lo = mid;
        else
            hi = mid;
    }
    assert(s->nlines > 0 && s->lines[lo].n <= n);
    return s->lines[lo].line + (n - s->lines[lo].n);
}

/* Copies an id into the set's own arena, and its line if it jumps. */
static int append(struct pm_idset *s, const char *id, size_t len, int64_t line)
{
    if (s->arena_len + len + 1 > MAX_ARENA)
        return -1;
    bool jump = s->count == 0 || line != s->last_line + 1;
    if (!pm_grow((void **)&s->offsets, &s->offsets_cap, s->count + 1, sizeof *s->offsets,
                 FIRST_OFFSETS, 0) ||
        !pm_grow((void **)&s->arena, &s->arena_cap, s->arena_len + len + 1, 1, FIRST_ARENA, 0) ||
        (jump && !pm_grow((void **)&s->lines, &s->lines_cap, s->nlines + 1, sizeof *s->lines,
                          FIRST_LINES, 0)))
        return -1;
    char *at = s->arena + s->arena_len;
    memcpy(at, id, len);
    at[len] = '\0';
    s->offsets[s->count] = (uint32_t)s->arena_len;
    s->arena_len += len + 1;
    if (jump)
        s->lines[s->nlines++] = (struct pm_idset_line){.n = (uint32_t)s->count, .line = line};
    s->last_line = line;
    return 0;
}

int64_t pm_idset_add(struct pm_idset *s, const char *id, size_t len, int64_t line)
{
    return pm_idset_add_hashed(s, id, len, pm_idset_hash(id, len), line);
}

int64_t pm_idset_add_hashed(struct pm_idset *s, const char *id, size_t len, uint32_t h,
                            int64_t line)
{
    assert(!s->id_at);
    struct pm_idset_spot spot;
    int64_t n = find(s, id, len, h, &spot);
    if (n >= 0)
        return line_of(s, (uint32_t)n);
    if (n == PM_IDSET_NOMEM || append(s, id, len, line) != 0)
        return -1;
    insert(s, &spot);
    return 0;
}
