/* Name lookup for sheet columns and model identifiers: the sheet header
 * and pmindex_compound_set_text() map names to items in O(1). */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "names.h"

int pm_names_init(struct pm_names *t, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    t->keys = calloc(cap, sizeof *t->keys);
    t->lens = calloc(cap, sizeof *t->lens);
    t->codes = calloc(cap, sizeof *t->codes);
    assert((cap & (cap - 1)) == 0); /* a power of two: slots are hash & (cap - 1) */
    t->cap = cap;
    t->count = 0;
    if (!t->keys || !t->lens || !t->codes) {
        pm_names_free(t);
        return PMINDEX_E_NOMEM;
    }
    return PMINDEX_OK;
}

void pm_names_free(struct pm_names *t)
{
    free(t->keys);
    free(t->lens);
    free(t->codes);
    memset(t, 0, sizeof *t);
}

static size_t slot_hashed(const struct pm_names *t, const char *key, size_t len, uint64_t hash)
{
    size_t i = (size_t)hash & (t->cap - 1);
    while (t->keys[i] && !(t->lens[i] == len && memcmp(t->keys[i], key, len) == 0))
        i = (i + 1) & (t->cap - 1);
    return i;
}

static size_t slot(const struct pm_names *t, const char *key, size_t len)
{
    return slot_hashed(t, key, len, pm_fnv1a(key, len));
}

int64_t pm_names_add(struct pm_names *t, const char *key, size_t len, int32_t code)
{
    assert(t->count + 1 < t->cap); /* callers size the table; an empty slot ends every probe */
    if (t->count + 1 >= t->cap)
        return INT64_MIN;
    size_t i = slot(t, key, len);
    if (t->keys[i])
        return -1 - (int64_t)t->codes[i];
    t->keys[i] = key;
    t->lens[i] = len;
    t->codes[i] = code;
    t->count++;
    return 0;
}

int32_t pm_names_find(const struct pm_names *t, const char *key, size_t len)
{
    if (t->cap == 0)
        return -1;
    size_t i = slot(t, key, len);
    return t->keys[i] ? t->codes[i] : -1;
}

int32_t pm_names_find_hashed(const struct pm_names *t, const char *key, size_t len,
                             uint64_t hash)
{
    if (t->cap == 0)
        return -1;
    size_t i = slot_hashed(t, key, len, hash);
    return t->keys[i] ? t->codes[i] : -1;
}
