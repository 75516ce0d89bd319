/* The set of compound ids a sheet has shown, with the line of each: the
 * only part of a sheet kept beyond one row (about 30 bytes an id). */
#ifndef PM_IDSET_H
#define PM_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pm_idset {
    char *arena; /* per id: the bytes, a NUL, then its line (8 bytes) */
    size_t arena_len, arena_cap;
    uint64_t *offsets; /* where each id starts in the arena */
    size_t count, offsets_cap;
    uint64_t *slots; /* the id's hash << 32 | 1 + index into offsets; 0 when empty */
    size_t nslots;
    /* While the ids arrive in increasing byte order, as in a sheet sorted
     * by compound_id, none can be a duplicate and no table is kept; the
     * first id out of order builds it. */
    bool hashed;
    size_t last_len;
};

void pm_idset_init(struct pm_idset *s);
void pm_idset_free(struct pm_idset *s);
/* Adds id (len bytes, no NUL inside) seen on line. Returns 0 when new, the
 * line of the first occurrence when already there, or -1 when out of memory. */
int64_t pm_idset_add(struct pm_idset *s, const char *id, size_t len, int64_t line);

#endif
