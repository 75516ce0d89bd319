/* Compound ids seen in a sheet: an arena of strings, their offsets, and an
 * open-addressing table of slots (hash and index), built only once the ids stop
 * arriving in increasing order. Growth by doubling only touches
 * the pages it fills, so a million ids keep about 30 MB resident. */
#include <stdlib.h>
#include <string.h>

#include "idset.h"

static uint32_t hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

void pm_idset_init(struct pm_idset *s)
{
    memset(s, 0, sizeof *s);
}

void pm_idset_free(struct pm_idset *s)
{
    free(s->arena);
    free(s->offsets);
    free(s->slots);
    memset(s, 0, sizeof *s);
}

/* A table of at least twice the slots it had (1024 at first), with room
 * for one more id at a load of 3/4, holding every id. */
static int grow_slots(struct pm_idset *s)
{
    size_t n = s->nslots ? s->nslots * 2 : 1024;
    while ((s->count + 1) * 4 > n * 3)
        n *= 2;
    uint64_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    free(s->slots);
    s->slots = slots;
    s->nslots = n;
    for (size_t e = 0; e < s->count; e++) {
        const char *id = s->arena + s->offsets[e];
        uint32_t h = hash(id, strlen(id));
        size_t i = h & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = (uint64_t)h << 32 | (e + 1);
    }
    return 0;
}

static int reserve(void **p, size_t *cap, size_t need, size_t elem, size_t first)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : first;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* Whether id comes after the last id added, in byte order. */
static bool after_last(const struct pm_idset *s, const char *id, size_t len)
{
    if (s->count == 0)
        return true;
    const char *last = s->arena + s->offsets[s->count - 1];
    int c = memcmp(id, last, len < s->last_len ? len : s->last_len);
    return c > 0 || (c == 0 && len > s->last_len);
}

static int append(struct pm_idset *s, const char *id, size_t len, int64_t line)
{
    size_t need = len + 1 + sizeof line;
    if (reserve((void **)&s->offsets, &s->offsets_cap, s->count + 1, sizeof *s->offsets, 1024) ||
        reserve((void **)&s->arena, &s->arena_cap, s->arena_len + need, 1, 1 << 16))
        return -1;
    char *at = s->arena + s->arena_len;
    memcpy(at, id, len);
    at[len] = '\0';
    memcpy(at + len + 1, &line, sizeof line);
    s->offsets[s->count] = s->arena_len;
    s->arena_len += need;
    s->last_len = len;
    return 0;
}

int64_t pm_idset_add(struct pm_idset *s, const char *id, size_t len, int64_t line)
{
    if (s->count >= UINT32_MAX - 1)
        return -1;
    if (!s->hashed) {
        if (after_last(s, id, len)) {
            if (append(s, id, len, line) != 0)
                return -1;
            s->count++;
            return 0;
        }
        if (grow_slots(s) != 0)
            return -1;
        s->hashed = true;
    }
    if ((s->count + 1) * 4 > s->nslots * 3 && grow_slots(s) != 0)
        return -1;
    uint32_t h = hash(id, len);
    size_t i = h & (s->nslots - 1);
    while (s->slots[i]) {
        /* The hash kept in the slot spares reading most other ids. */
        if (s->slots[i] >> 32 == h) {
            const char *seen = s->arena + s->offsets[(uint32_t)s->slots[i] - 1];
            if (strncmp(seen, id, len) == 0 && seen[len] == '\0') {
                int64_t first;
                memcpy(&first, seen + len + 1, sizeof first);
                return first;
            }
        }
        i = (i + 1) & (s->nslots - 1);
    }
    if (append(s, id, len, line) != 0)
        return -1;
    s->slots[i] = (uint64_t)h << 32 | (s->count + 1);
    s->count++;
    return 0;
}
