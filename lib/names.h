/* A small open-addressing table from names to int32 codes. */
#ifndef PM_NAMES_H
#define PM_NAMES_H

#include <stddef.h>
#include <stdint.h>

struct pm_names {
    const char **keys; /* borrowed: the strings must outlive the table */
    size_t *lens;
    int32_t *codes;
    size_t cap; /* power of two, 0 when empty */
    size_t count;
};

/* Makes room for n names. Returns PMINDEX_OK or PMINDEX_E_NOMEM. */
int pm_names_init(struct pm_names *t, size_t n);
void pm_names_free(struct pm_names *t);
/* Adds key -> code. Returns 0, or the code already there for an equal key
 * (as -1 - code, always negative), leaving the table unchanged. */
int64_t pm_names_add(struct pm_names *t, const char *key, size_t len, int32_t code);
/* Returns the code of key, or -1. */
int32_t pm_names_find(const struct pm_names *t, const char *key, size_t len);
/* The same with the key's pm_fnv1a() computed ahead (by another thread). */
int32_t pm_names_find_hashed(const struct pm_names *t, const char *key, size_t len,
                             uint64_t hash);

#endif
