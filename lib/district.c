/* A district's period: every compound's verdict kept in a few dozen bytes,
 * the district, street, station and company ranks, and the summaries of
 * each street, police station and property company. Everything is exact:
 * ranks compare integers, means and medians are rounded in integers. */
#define _GNU_SOURCE /* qsort_r() */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "arith.h"
#include "compound.h"
#include "district.h"
#include "model.h"


/* Loops over the listing jump about in memory: fetch the compound some
 * positions ahead (a hint only), far enough for a fetch from memory. */
enum { LISTED_AHEAD = 48 };

PM_PREFETCHER void prefetch_listed(const pmindex_district *d, int64_t p)
{
#if defined(__GNUC__)
    if (p + LISTED_AHEAD < d->count) {
        __builtin_prefetch(&d->dc[d->order[p + LISTED_AHEAD]], 1);
        if (d->granks)
            __builtin_prefetch(&d->granks[(size_t)d->order[p + LISTED_AHEAD] * PM_GROUP_SCOPES], 1);
    }
#else
    (void)d;
    (void)p;
#endif
}

/* Street, station and company: the fields and the group scopes alike. */
_Static_assert(PMINDEX_FIELD_STATION - PMINDEX_FIELD_STREET == PM_GROUP_STATION - PM_GROUP_STREET &&
                   PMINDEX_FIELD_COMPANY - PMINDEX_FIELD_STREET ==
                       PM_GROUP_COMPANY - PM_GROUP_STREET,
               "the descriptive fields are in the order of the group scopes");

static const char *dc_id(const pmindex_district *d, const struct pm_dc *c)
{
    return d->arena + c->text;
}

/* The id of compound n, for the set of ids (which keeps none of its own). */
static const char *id_of_compound(const void *district, uint32_t n)
{
    const pmindex_district *d = district;
    return dc_id(d, &d->dc[n]);
}

/* An index as ranks and summaries count it: a compound with a tier but no index
 * (none of its indicators applies) counts as 0. */
static int64_t index_of(const struct pm_dc *c)
{
    return c->index < 0 ? 0 : c->index;
}

static void *hook_start(void *ctx);
static int64_t hook_write(void *state, const pmindex_compound *c, char *buf, size_t cap);
static void hook_stop(void *state);

PMINDEX_API int pmindex_district_new(const pmindex_model *m, pmindex_district **out)
{
    if (!out)
        return PMINDEX_E_INVALID;
    *out = NULL;
    if (!m)
        return PMINDEX_E_INVALID;
    pmindex_district *d = calloc(1, sizeof *d);
    if (!d)
        return PMINDEX_E_NOMEM;
    d->model = m;
    d->hook = (struct pm_row_hook){
        .ctx = d, .start = hook_start, .write = hook_write, .stop = hook_stop};
    pm_idset_init_borrowed(&d->ids, id_of_compound, d);
    for (int s = 0; s < PM_GROUP_SCOPES; s++)
        if (pm_names_init(&d->scope[s].names, 8) != PMINDEX_OK) {
            pmindex_district_free(d);
            return PMINDEX_E_NOMEM;
        }
    *out = d;
    return PMINDEX_OK;
}

static void drop_computed(pmindex_district *d)
{
    for (int s = 0; s < PM_GROUP_SCOPES; s++) {
        free(d->scope[s].stats);
        free(d->scope[s].order);
        free(d->scope[s].black);
        d->scope[s].stats = NULL;
        d->scope[s].order = NULL;
        d->scope[s].black = NULL;
    }
    free(d->tier_store);
    free(d->order);
    free(d->bucket);
    free(d->granks);
    free(d->black);
    d->tier_store = NULL;
    d->order = NULL;
    d->bucket = NULL;
    d->granks = NULL;
    d->black = NULL;
    d->nblack = 0;
    d->computed = false;
}

PMINDEX_API void pmindex_district_free(pmindex_district *d)
{
    if (!d)
        return;
    drop_computed(d);
    for (int s = 0; s < PM_GROUP_SCOPES; s++) {
        for (int32_t g = 0; g < d->scope[s].count; g++)
            free(d->scope[s].name[g]);
        free(d->scope[s].name);
        pm_names_free(&d->scope[s].names);
    }
    free(d->dc);
    free(d->arena);
    free(d->points);
    free(d->reasons);
    pm_idset_free(&d->ids);
    pmindex_assessment_free(d->assessment);
    free(d);
}

PMINDEX_API const pmindex_error *pmindex_district_error(const pmindex_district *d)
{
    return d ? &d->error : NULL;
}

/* ---- adding compounds ---------------------------------------------------- */

/* The group of a name (len bytes, hash its pm_fnv1a()) in a scope, made
 * when new; -1 when out of memory. */
static int32_t group_of(struct pm_scope *sc, const char *name, size_t len, uint64_t hash)
{
    int32_t g = pm_names_find_hashed(&sc->names, name, len, hash);
    if (g >= 0)
        return g;
    if (!pm_grow((void **)&sc->name, &sc->cap, (size_t)sc->count + 1, sizeof *sc->name, 16, 0))
        return -1;
    if ((size_t)(sc->count + 1) * 2 >= sc->names.cap) { /* rebuild the table larger */
        struct pm_names t;
        if (pm_names_init(&t, (size_t)sc->count * 2 + 16) != PMINDEX_OK)
            return -1;
        for (int32_t k = 0; k < sc->count; k++)
            pm_names_add(&t, sc->name[k], strlen(sc->name[k]), k);
        pm_names_free(&sc->names);
        sc->names = t;
    }
    char *copy = strndup(name, len);
    if (!copy)
        return -1;
    sc->name[sc->count] = copy;
    pm_names_add(&sc->names, copy, len, sc->count);
    return sc->count++;
}

static int nomem(pmindex_district *d)
{
    return pm_error_set(&d->error, PMINDEX_E_NOMEM, "out of memory");
}

enum { ID, NAME, STREET, STATION, COMPANY }; /* the texts of a pm_drow */

/* Adds a compound; check: look for its id among those there (else the
 * caller knows it is new). */
static int add_row(pmindex_district *d, const struct pm_drow *r, const uint64_t *hash, bool check)
{
    if (d->computed)
        return pm_error_set(&d->error, PMINDEX_E_STATE,
                            "the district is already ranked: no compound can be added");
    const pmindex_model *m = d->model;
    size_t idlen = r->len[ID], namelen = r->len[NAME];
    if (idlen == 0) {
        pm_error_set(&d->error, PMINDEX_E_INVALID, "the compound has no compound_id");
        pm_error_set_section(&d->error, NULL, "compound_id");
        return PMINDEX_E_INVALID;
    }
    if (d->count >= INT32_MAX - 1 || (uint64_t)(d->nreasons) + (uint64_t)r->nreasons >= UINT32_MAX)
        return pm_error_set(&d->error, PMINDEX_E_LIMIT, "a district holds at most %d compounds",
                            (int)(INT32_MAX - 2));
    /* Everything that can fail comes before anything is changed. */
    struct pm_idset_spot spot;
    int64_t seen = check ? pm_idset_find(&d->ids, r->text[ID], idlen, &spot) : PM_IDSET_ABSENT;
    if (seen == PM_IDSET_NOMEM)
        return nomem(d);
    if (seen >= 0) {
        pm_error_set(&d->error, PMINDEX_E_DUPLICATE, "the compound is already in the district");
        pm_error_set_section(&d->error, NULL, "compound_id");
        pm_error_set_value(&d->error, r->text[ID], idlen);
        return PMINDEX_E_DUPLICATE;
    }
    if (!pm_grow((void **)&d->dc, &d->cap, (size_t)d->count + 1, sizeof *d->dc, 64, 0))
        return nomem(d);
    if (d->points_cap < d->cap) { /* as many compounds as dc */
        int16_t *p = realloc(d->points, d->cap * (size_t)m->nindicators * sizeof *p);
        if (!p)
            return nomem(d);
        d->points = p;
        d->points_cap = d->cap;
    }
    int32_t nreasons = r->nreasons < INT8_MAX ? r->nreasons : INT8_MAX;
    if (!pm_grow((void **)&d->arena, &d->arena_cap, d->arena_len + idlen + namelen + 2, 1, 64, 0) ||
        !pm_grow((void **)&d->reasons, &d->reasons_cap, (size_t)d->nreasons + (size_t)nreasons + 1,
                 sizeof *d->reasons, 64, 0))
        return nomem(d);
    int32_t group[PM_GROUP_SCOPES] = {-1, -1, -1};
    for (int s = 0; s < PM_GROUP_SCOPES; s++) {
        int f = STREET + s;
        if (r->len[f] && (group[s] = group_of(&d->scope[s], r->text[f], r->len[f],
                                              hash ? hash[s] : pm_fnv1a(r->text[f], r->len[f]))) < 0)
            return nomem(d);
    }

    struct pm_dc *dc = &d->dc[d->count];
    memset(dc, 0, sizeof *dc);
    dc->text = d->arena_len;
    char *at = d->arena + d->arena_len;
    memcpy(at, r->text[ID], idlen);
    at[idlen] = '\0';
    memcpy(at + idlen + 1, r->text[NAME], namelen);
    at[idlen + 1 + namelen] = '\0';
    d->arena_len += idlen + namelen + 2;
    dc->households = r->households;
    dc->reasons = d->nreasons;
    dc->nreasons = (int8_t)nreasons;
    memcpy(d->reasons + d->nreasons, r->reasons, (size_t)nreasons * sizeof *d->reasons);
    d->nreasons += (uint32_t)nreasons;
    memcpy(dc->group, group, sizeof group);
    dc->index = (int16_t)(r->has_index ? r->index : -1);
    dc->coverage = (int16_t)r->coverage;
    dc->tier = (int8_t)r->tier;
    dc->card = (int8_t)r->card;
    dc->managed = (int8_t)r->managed;
    memcpy(d->points + (size_t)d->count * (size_t)m->nindicators, r->points,
           (size_t)m->nindicators * sizeof *d->points);
    d->count++;
    if (check)
        pm_idset_insert(&d->ids, &spot);
    else
        pm_idset_insert_new(&d->ids, d->arena + dc->text, idlen);
    return PMINDEX_OK;
}

/* A compound and its assessment as a district takes them; points: room
 * for the model's indicators. */
static void row_of(struct pm_drow *r, const pmindex_compound *c, const pmindex_assessment *a,
                   int16_t *points)
{
    const pmindex_model *m = c->model;
    static const int fields[5] = {PMINDEX_FIELD_ID, PMINDEX_FIELD_NAME, PMINDEX_FIELD_STREET,
                                  PMINDEX_FIELD_STATION, PMINDEX_FIELD_COMPANY};
    for (int f = 0; f < 5; f++) {
        r->text[f] = f == COMPANY && !c->managed ? "" : c->field[fields[f]];
        r->len[f] = strlen(r->text[f]);
    }
    r->households = c->households;
    r->managed = c->managed != 0;
    r->has_index = a->has_index;
    r->index = a->index;
    r->coverage = pmindex_assessment_coverage(a, NULL, NULL);
    r->tier = a->tier;
    r->card = a->card;
    r->nreasons = a->nreasons;
    r->reasons = a->reasons;
    for (int32_t k = 0; k < m->nindicators; k++) {
        assert(a->points[k] >= 0 && a->points[k] <= PM_CENTI_FULL); /* at most the index's 100 */
        points[k] = a->applicable[k] ? (int16_t)a->points[k] : -1;
    }
    r->points = points;
}

PMINDEX_API int pmindex_district_add(pmindex_district *d, const pmindex_compound *c,
                                     const pmindex_assessment *a)
{
    if (!d || !c || !a || c->model != d->model || a->model != d->model)
        return PMINDEX_E_INVALID;
    int16_t points[PMINDEX_MAX_INDICATORS];
    struct pm_drow r;
    row_of(&r, c, a, points);
    d->trusted = NULL; /* a compound from elsewhere: every id is checked from now on */
    return add_row(d, &r, NULL, true);
}

/* ---- adding a sheet's compounds on its threads --------------------------------- */

/* A row packed by a sheet's thread: this, then its reasons, its points,
 * and its five texts each with a NUL. Read and written with memcpy() (the
 * records of a block lie end to end, unaligned). */
struct packed_row {
    int64_t households, index, coverage;
    uint64_t hash[PM_GROUP_SCOPES]; /* of street, station and company */
    uint32_t len[5];
    int32_t tier, card, nreasons;
    uint8_t managed, has_index;
};

static int64_t pack_row(const struct pm_drow *r, int32_t nindicators, char *buf, size_t cap)
{
    int32_t nreasons = r->nreasons < INT8_MAX ? r->nreasons : INT8_MAX;
    size_t need = sizeof(struct packed_row) + (size_t)nreasons * sizeof *r->reasons +
                  (size_t)nindicators * sizeof *r->points;
    for (int f = 0; f < 5; f++)
        need += r->len[f] + 1;
    if (need >= cap)
        return (int64_t)need;
    struct packed_row p = {.households = r->households, .index = r->index,
                           .coverage = r->coverage, .tier = r->tier, .card = r->card,
                           .nreasons = nreasons, .managed = r->managed,
                           .has_index = r->has_index};
    for (int s = 0; s < PM_GROUP_SCOPES; s++)
        p.hash[s] = pm_fnv1a(r->text[STREET + s], r->len[STREET + s]);
    for (int f = 0; f < 5; f++)
        p.len[f] = (uint32_t)r->len[f];
    char *at = buf;
    memcpy(at, &p, sizeof p);
    at += sizeof p;
    memcpy(at, r->reasons, (size_t)nreasons * sizeof *r->reasons);
    at += (size_t)nreasons * sizeof *r->reasons;
    memcpy(at, r->points, (size_t)nindicators * sizeof *r->points);
    at += (size_t)nindicators * sizeof *r->points;
    for (int f = 0; f < 5; f++) {
        memcpy(at, r->text[f], r->len[f]);
        at[r->len[f]] = '\0';
        at += r->len[f] + 1;
    }
    return (int64_t)need;
}

/* Unpacks into r (reasons and points copied into the room given). */
static void unpack_row(struct pm_drow *r, uint64_t *hash, const char *buf, int32_t nindicators,
                       struct pm_reason *reasons, int16_t *points)
{
    struct packed_row p;
    memcpy(&p, buf, sizeof p);
    const char *at = buf + sizeof p;
    memcpy(reasons, at, (size_t)p.nreasons * sizeof *reasons);
    at += (size_t)p.nreasons * sizeof *reasons;
    memcpy(points, at, (size_t)nindicators * sizeof *points);
    at += (size_t)nindicators * sizeof *points;
    for (int f = 0; f < 5; f++) {
        r->text[f] = at;
        r->len[f] = p.len[f];
        at += p.len[f] + 1;
    }
    memcpy(hash, p.hash, sizeof p.hash);
    r->households = p.households;
    r->index = p.index;
    r->coverage = p.coverage;
    r->tier = p.tier;
    r->card = p.card;
    r->nreasons = p.nreasons;
    r->managed = p.managed;
    r->has_index = p.has_index;
    r->reasons = reasons;
    r->points = points;
}

/* The hook: each thread assesses its rows in an assessment of its own. */
static void *hook_start(void *ctx)
{
    const pmindex_district *d = ctx;
    pmindex_assessment *a = NULL;
    pmindex_assessment_new(d->model, &a);
    return a;
}

static int64_t hook_write(void *state, const pmindex_compound *c, char *buf, size_t cap)
{
    pmindex_assessment *a = state;
    int rc = pmindex_assess(c->model, c, a);
    if (rc != PMINDEX_OK)
        return rc;
    int16_t points[PMINDEX_MAX_INDICATORS];
    struct pm_drow r;
    row_of(&r, c, a, points);
    return pack_row(&r, c->model->nindicators, buf, cap);
}

static void hook_stop(void *state)
{
    pmindex_assessment_free(state);
}

PMINDEX_API int pmindex_district_add_sheet(pmindex_district *d, pmindex_sheet *sheet,
                                           int64_t *rows_out)
{
    if (rows_out)
        *rows_out = 0;
    if (!d || !sheet || sheet->model != d->model)
        return PMINDEX_E_INVALID;
    if (d->computed)
        return pm_error_set(&d->error, PMINDEX_E_STATE,
                            "the district is already ranked: no compound can be added");
    if (!d->assessment && pmindex_assessment_new(d->model, &d->assessment) != PMINDEX_OK)
        return nomem(d);
    /* The sheet refuses an id it has seen: when the district had none
     * before this sheet, the district need not look for them. */
    if (d->count == 0)
        d->trusted = sheet;
    bool check = d->trusted != sheet;
    if (sheet->hook != &d->hook)
        pm_sheet_set_hook(sheet, &d->hook);
    int64_t rows = 0;
    int result;
    const pmindex_model *m = d->model;
    for (;;) {
        const pmindex_compound *c;
        struct pm_row_text text;
        int rc = pm_sheet_next(sheet, &c, &text);
        if (rc <= 0) {
            result = rc < 0; /* a sheet's error: 1; the end: 0 */
            break;
        }
        struct pm_drow r;
        uint64_t hash[PM_GROUP_SCOPES];
        struct pm_reason reasons[INT8_MAX];
        int16_t points[PMINDEX_MAX_INDICATORS];
        if (text.text) {
            unpack_row(&r, hash, text.text, m->nindicators, reasons, points);
        } else {
            if ((rc = pmindex_assess(m, c, d->assessment)) != PMINDEX_OK) {
                result = pm_error_set(&d->error, rc, "a compound cannot be assessed");
                break;
            }
            row_of(&r, c, d->assessment, points);
        }
        if ((result = add_row(d, &r, text.text ? hash : NULL, check)) < 0)
            break;
        rows++;
    }
    if (result <= 0) { /* the end of the sheet, or of reading it here */
        if (sheet->hook == &d->hook)
            pm_sheet_set_hook(sheet, NULL);
        d->trusted = NULL;
    }
    if (rows_out)
        *rows_out = rows;
    return result;
}

/* ---- ranking ------------------------------------------------------------- */

static uint32_t rank_key(const struct pm_dc *c)
{
    return pm_rank_key(c->tier, index_of(c));
}

/* A compound in an order by id: its id's first 16 bytes as two big-endian
 * numbers (zeros after a shorter id, which so sorts first, as with
 * strcmp()), and its rank key. */
struct by_id {
    uint64_t hi, lo;
    uint32_t k, key;
};

static uint64_t big_endian(const char *s, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 8; i++)
        v = v << 8 | (i < n ? (unsigned char)s[i] : 0u);
    return v;
}

static int cmp_full_id(const void *x, const void *y, void *arg)
{
    const pmindex_district *d = arg;
    const struct by_id *a = x, *b = y;
    return strcmp(dc_id(d, &d->dc[a->k]), dc_id(d, &d->dc[b->k]));
}

/* The byte b (0: the most significant of hi, 15: the least of lo). */
static inline unsigned byte_of(const struct by_id *e, int b)
{
    return (unsigned)((b < 8 ? e->hi >> (56 - 8 * b) : e->lo >> (120 - 8 * b)) & 0xFF);
}

static inline bool id_before(const struct by_id *a, const struct by_id *b)
{
    return a->hi < b->hi || (a->hi == b->hi && a->lo < b->lo);
}

/* Sorts e[0, n), equal in the bytes before byte b, by their first 16
 * bytes: a radix sort in place from the most significant byte, which goes
 * past a byte every entry has (a common prefix) at the cost of counting. */
static void radix_sort(struct by_id *e, size_t n, int b)
{
    enum { SMALL = 24 };
    while (n > SMALL && b < 16) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[byte_of(&e[i], b)]++;
        if (count[byte_of(&e[0], b)] == n) {
            b++;
            continue;
        }
        size_t next[256], end[256], at = 0;
        for (int v = 0; v < 256; v++) {
            next[v] = at;
            at += count[v];
            end[v] = at;
        }
        /* Each entry swapped straight into its byte's bucket. */
        for (int v = 0; v < 256; v++)
            while (next[v] < end[v]) {
                unsigned w = byte_of(&e[next[v]], b);
                if (w == (unsigned)v) {
                    next[v]++;
                    continue;
                }
                struct by_id t = e[next[v]];
                e[next[v]] = e[next[w]];
                e[next[w]++] = t;
            }
        for (int v = 0, from = 0; v < 256; from = (int)end[v], v++)
            if (count[v] > 1)
                radix_sort(e + from, count[v], b + 1);
        return;
    }
    for (size_t i = 1; i < n; i++) { /* a few: by insertion */
        struct by_id t = e[i];
        size_t j = i;
        for (; j > 0 && id_before(&t, &e[j - 1]); j--)
            e[j] = e[j - 1];
        e[j] = t;
    }
}

/* Every compound in order of id: the ids read once, in the order they were
 * added (the arena's), sorted in place by radix_sort(), then those equal
 * in their first 16 bytes by strcmp(). NULL without memory. */
static struct by_id *in_id_order(const pmindex_district *d)
{
    size_t n = (size_t)d->count;
    struct by_id *e = malloc((n ? n : 1) * sizeof *e);
    if (!e)
        return NULL;
    for (size_t k = 0; k < n; k++) {
        const struct pm_dc *c = &d->dc[k];
        const char *id = dc_id(d, c);
        size_t len = strnlen(id, 16);
        e[k] = (struct by_id){.hi = big_endian(id, len),
                              .lo = len > 8 ? big_endian(id + 8, len - 8) : 0,
                              .k = (uint32_t)k,
                              .key = c->tier >= 0 ? rank_key(c) : UINT32_MAX};
    }
    radix_sort(e, n, 0);
    for (size_t i = 0, j; i < n; i = j) { /* the same first 16 bytes: longer ids */
        for (j = i + 1; j < n && e[j].hi == e[i].hi && e[j].lo == e[i].lo; j++)
            ;
        if (j - i > 1)
            qsort_r(e + i, j - i, sizeof *e, cmp_full_id, (void *)d);
    }
    return e;
}

/* Fills d->order: the ranked compounds by rank then id, then the fallback
 * compounds by id; d->bucket[key] is where the compounds of a rank key
 * begin in it (the district rank is that plus one). The counting sort is
 * stable, so when the ids came in increasing order (the id set never built
 * its table) every bucket is in id order already. */
static int rank_district(pmindex_district *d)
{
    const pmindex_model *m = d->model;
    size_t nkeys = (size_t)m->ntiers * PM_INDEX_SPAN;
    uint32_t *start = calloc(nkeys + 1, sizeof *start);
    d->order = malloc((size_t)(d->count ? d->count : 1) * sizeof *d->order);
    /* The compounds in order of id: as added, or sorted. */
    bool in_order = !d->ids.hashed;
    struct by_id *byid = in_order ? NULL : in_id_order(d);
    if (!start || !d->order || (!in_order && !byid)) {
        free(start);
        free(byid);
        return PMINDEX_E_NOMEM;
    }
    int64_t ranked = 0;
    for (int64_t k = 0; k < d->count; k++)
        if (d->dc[k].tier >= 0) {
            start[rank_key(&d->dc[k]) + 1]++;
            ranked++;
        }
    for (size_t key = 0; key < nkeys; key++)
        start[key + 1] += start[key];
    /* start[key] is where the key's bucket begins: a stable counting sort
     * of the compounds in order of id leaves each bucket in order of id. */
    int64_t fallback = ranked;
    for (int64_t i = 0; i < d->count; i++) {
        uint32_t k = byid ? byid[i].k : (uint32_t)i;
        uint32_t key = byid ? byid[i].key : d->dc[k].tier >= 0 ? rank_key(&d->dc[k]) : UINT32_MAX;
        if (key != UINT32_MAX)
            d->order[start[key]++] = k;
        else
            d->order[fallback++] = k;
    }
    free(byid);
    /* Now start[key] is where the bucket ends: made where it begins again. */
    assert(fallback == d->count && start[nkeys - 1] == (uint64_t)ranked);
    for (size_t key = nkeys; key > 0; key--)
        start[key] = start[key - 1];
    start[0] = 0;
    d->ranked = ranked;
    d->bucket = start;
    return PMINDEX_OK;
}

/* Every compound's ranks (district, street, station, company), and the
 * black-card compounds of the district and of each group in listing order
 * (room made by list_black()), in one pass over the listing. */
static int rank_groups(pmindex_district *d)
{
    struct seen {
        int64_t seen;
        int32_t last_rank;
        uint32_t last_key;
    } *g[PM_GROUP_SCOPES] = {NULL, NULL, NULL};
    int rc = PMINDEX_OK;
    for (int s = 0; s < PM_GROUP_SCOPES; s++)
        if (!(g[s] = calloc((size_t)d->scope[s].count + 1, sizeof *g[s])))
            rc = PMINDEX_E_NOMEM;
    d->granks = malloc(((size_t)d->count + 1) * PM_GROUP_SCOPES * sizeof *d->granks);
    if (!d->granks)
        rc = PMINDEX_E_NOMEM;
    d->nblack = 0;
    for (int64_t p = 0; rc == PMINDEX_OK && p < d->count; p++) {
        prefetch_listed(d, p);
        struct pm_dc *c = &d->dc[d->order[p]];
        if (c->card == PMINDEX_CARD_BLACK) { /* its groups' lists: in listing order */
            d->black[d->nblack++] = d->order[p];
            for (int s = 0; s < PM_GROUP_SCOPES; s++) {
                if (c->group[s] < 0)
                    continue;
                struct pm_group_stats *st = &d->scope[s].stats[c->group[s]];
                assert(st->black_count < st->cards[PMINDEX_CARD_BLACK]);
                d->scope[s].black[st->black_first + st->black_count++] = d->order[p];
            }
        }
        int32_t *rank = d->granks + (size_t)d->order[p] * PM_GROUP_SCOPES;
        if (p >= d->ranked) {
            memset(rank, 0, PM_GROUP_SCOPES * sizeof *rank);
            continue;
        }
        uint32_t key = rank_key(c);
        for (int s = 0; s < PM_GROUP_SCOPES; s++) {
            int32_t k = c->group[s];
            if (k < 0) {
                rank[s] = 0;
                continue;
            }
            if (g[s][k].seen == 0 || key != g[s][k].last_key) {
                g[s][k].last_rank = (int32_t)g[s][k].seen + 1;
                g[s][k].last_key = key;
            }
            rank[s] = g[s][k].last_rank;
            g[s][k].seen++;
        }
    }
    for (int s = 0; s < PM_GROUP_SCOPES; s++)
        free(g[s]);
    return rc;
}

/* ---- summaries ------------------------------------------------------------- */

/* A compound's group of a scope, or the whole district (PM_GROUP_WHOLE). */
static struct pm_group_stats *stats_of(pmindex_district *d, int s, const struct pm_dc *c)
{
    if (s == PM_GROUP_WHOLE)
        return &d->whole;
    int32_t g = c->group[s];
    return g < 0 ? NULL : &d->scope[s].stats[g];
}

static int add_checked(int64_t *sum, int64_t v)
{
    return __builtin_add_overflow(*sum, v, sum) ? PMINDEX_E_LIMIT : PMINDEX_OK;
}

/* The mean of two middle values, or a sum over a count: rounded to the
 * hundredth of a point, half away from zero (all values are >= 0). */
static int64_t mean_round(int64_t sum, int64_t n)
{
    return pm_muldiv_round(sum, 1, n);
}

int32_t pm_company_lists(const pmindex_model *m, int64_t wmean, bool black)
{
    int32_t lists = 0;
    if (wmean >= m->honour_min && !(m->honour_no_black && black))
        lists |= PMINDEX_LIST_HONOUR;
    if ((m->watch_below > 0 && wmean < m->watch_below) || (m->watch_on_black && black))
        lists |= PMINDEX_LIST_WATCH;
    return lists;
}

static int cmp_group(const void *x, const void *y, void *arg)
{
    const struct pm_scope *sc = arg;
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    int32_t ra = sc->stats[a].rank, rb = sc->stats[b].rank;
    if (ra != rb) {
        if (ra == 0 || rb == 0)
            return ra == 0 ? 1 : -1;
        return ra < rb ? -1 : 1;
    }
    return strcmp(sc->name[a], sc->name[b]);
}

/* The groups of a scope, or the whole district as its one group. */
static struct pm_group_stats *groups_of(pmindex_district *d, int s, int32_t *n)
{
    *n = s == PM_GROUP_WHOLE ? 1 : d->scope[s].count;
    return s == PM_GROUP_WHOLE ? &d->whole : d->scope[s].stats;
}

/* Zeroed statistics for every group (the district and each group of each
 * scope), their tier counts side by side in one store, and room for each
 * scope's listing order. */
static int make_stats(pmindex_district *d)
{
    int32_t ngroups = 1;
    for (int s = 0; s < PM_GROUP_SCOPES; s++)
        ngroups += d->scope[s].count;
    size_t ntiers = (size_t)d->model->ntiers + 1; /* [0] fallback, [t + 1] tier t */
    d->tier_store = calloc((size_t)ngroups * ntiers, sizeof *d->tier_store);
    if (!d->tier_store)
        return PMINDEX_E_NOMEM;
    int64_t *tiers = d->tier_store;
    memset(&d->whole, 0, sizeof d->whole);
    d->whole.tiers = tiers;
    tiers += ntiers;
    for (int s = 0; s < PM_GROUP_SCOPES; s++) {
        struct pm_scope *sc = &d->scope[s];
        sc->stats = calloc((size_t)sc->count + 1, sizeof *sc->stats);
        sc->order = malloc(((size_t)sc->count + 1) * sizeof *sc->order);
        if (!sc->stats || !sc->order)
            return PMINDEX_E_NOMEM;
        for (int32_t g = 0; g < sc->count; g++) {
            sc->stats[g].tiers = tiers;
            tiers += ntiers;
        }
    }
    assert(tiers == d->tier_store + (size_t)ngroups * ntiers);
    return PMINDEX_OK;
}

/* Each compound in its groups: counts of compounds, tiers and cards,
 * households, and over the compounds with a tier the sum, lowest and
 * highest index and the households' weights. */
static int add_up(pmindex_district *d)
{
    for (int64_t k = 0; k < d->count; k++) {
        const struct pm_dc *c = &d->dc[k];
        assert(c->tier >= PMINDEX_TIER_FALLBACK && c->tier < d->model->ntiers);
        assert(c->card >= PMINDEX_CARD_NONE && c->card <= PMINDEX_CARD_BLACK);
        assert(c->index <= PM_CENTI_FULL);
        for (int s = PM_GROUP_WHOLE; s < PM_GROUP_SCOPES; s++) {
            struct pm_group_stats *st = stats_of(d, s, c);
            if (!st)
                continue;
            st->compounds++;
            st->tiers[c->tier + 1]++;
            st->cards[c->card]++;
            if (c->households > 0 && add_checked(&st->households, c->households))
                return PMINDEX_E_LIMIT;
            if (c->tier < 0)
                continue;
            int64_t index = index_of(c);
            if (st->tiered == 0 || index < st->min)
                st->min = index;
            if (st->tiered == 0 || index > st->max)
                st->max = index;
            st->tiered++;
            st->sum += index;
            if (c->households > 0) {
                int64_t w;
                if (__builtin_mul_overflow(c->households, index, &w) ||
                    add_checked(&st->weighted, w) || add_checked(&st->weight, c->households))
                    return PMINDEX_E_LIMIT;
            }
        }
    }
    return PMINDEX_OK;
}

/* What finding the medians needs of a compound, in order of index. */
struct median_of {
    int32_t group[PM_GROUP_SCOPES];
    int32_t index;
};

/* The compounds with a tier in order of index, lowest first: a counting
 * sort (an index is one of PM_INDEX_SPAN values) that scatters what the
 * medians need while the compounds are read in order, so that the pass in
 * order of index reads one array from its start. NULL without memory. */
static struct median_of *by_index(const pmindex_district *d)
{
    uint32_t *start = calloc(PM_INDEX_SPAN + 1, sizeof *start);
    struct median_of *order = malloc((size_t)(d->ranked ? d->ranked : 1) * sizeof *order);
    if (!start || !order) {
        free(start);
        free(order);
        return NULL;
    }
    for (int64_t k = 0; k < d->count; k++)
        if (d->dc[k].tier >= 0)
            start[index_of(&d->dc[k]) + 1]++;
    for (int i = 0; i < PM_INDEX_SPAN; i++)
        start[i + 1] += start[i];
    assert(start[PM_INDEX_SPAN] == (uint64_t)d->ranked);
    for (int64_t k = 0; k < d->count; k++) {
        const struct pm_dc *c = &d->dc[k];
        if (c->tier < 0)
            continue;
        struct median_of *x = &order[start[index_of(c)]++];
        memcpy(x->group, c->group, sizeof x->group);
        x->index = (int32_t)index_of(c);
    }
    free(start);
    return order;
}

/* Every group's median index: its compounds with a tier, met in order of
 * index, are counted until the middle one (or the two middle ones). */
static int find_medians(pmindex_district *d)
{
    struct median_of *order = by_index(d);
    int64_t *seen[1 + PM_GROUP_SCOPES]; /* by public scope, per group: compounds met */
    bool ok = order != NULL;
    for (int s = PM_GROUP_WHOLE; s < PM_GROUP_SCOPES; s++) {
        int32_t n;
        groups_of(d, s, &n);
        ok &= (seen[pm_public_scope(s)] = calloc((size_t)n + 1, sizeof *seen[0])) != NULL;
    }
    for (int64_t p = 0; ok && p < d->ranked; p++) {
        const struct median_of *c = &order[p];
        int64_t index = c->index;
        for (int s = PM_GROUP_WHOLE; s < PM_GROUP_SCOPES; s++) {
            int32_t g = s == PM_GROUP_WHOLE ? 0 : c->group[s];
            if (g < 0)
                continue;
            struct pm_group_stats *st = s == PM_GROUP_WHOLE ? &d->whole : &d->scope[s].stats[g];
            int64_t pos = seen[pm_public_scope(s)][g]++;
            assert(pos < st->tiered);
            /* Lower middle (n - 1) / 2, upper middle n / 2. */
            if (pos == (st->tiered - 1) / 2)
                st->median = index;
            if (pos == st->tiered / 2)
                st->median = mean_round(st->median + index, 2);
        }
    }
    for (int32_t scope = PMINDEX_SCOPE_DISTRICT; scope <= PMINDEX_SCOPE_COMPANY; scope++)
        free(seen[scope]);
    free(order);
    return ok ? PMINDEX_OK : PMINDEX_E_NOMEM;
}

/* Every group's mean and weighted mean, and the companies' lists. */
static void find_means(pmindex_district *d)
{
    const pmindex_model *m = d->model;
    for (int s = PM_GROUP_WHOLE; s < PM_GROUP_SCOPES; s++) {
        int32_t n;
        struct pm_group_stats *all = groups_of(d, s, &n);
        for (int32_t g = 0; g < n; g++) {
            struct pm_group_stats *st = &all[g];
            if (st->tiered == 0)
                continue;
            st->mean = mean_round(st->sum, st->tiered);
            /* Weighted by households; a group whose compounds give no
             * households at all falls back on the plain mean. */
            st->wmean = st->weight > 0 ? mean_round(st->weighted, st->weight) : st->mean;
            assert(st->min <= st->mean && st->mean <= st->max);
            if (s == PM_GROUP_COMPANY)
                st->lists = pm_company_lists(m, st->wmean, st->cards[PMINDEX_CARD_BLACK] > 0);
        }
    }
    d->whole.rank = d->whole.tiered ? 1 : 0;
}

/* The groups of a scope ranked by their mean (companies: the weighted
 * mean), highest first, equal means sharing a rank; listed by rank, then
 * name, the groups with no mean last. */
static int rank_scope(pmindex_district *d, int s)
{
    struct pm_scope *sc = &d->scope[s];
    int32_t n = sc->count;
    struct pm_group_stats *all = sc->stats;
    bool weighted = s == PM_GROUP_COMPANY;
    /* count[PM_CENTI_FULL - mean]: then how many groups rank above a mean. */
    uint32_t *count = calloc(PM_INDEX_SPAN + 1, sizeof *count);
    if (!count)
        return PMINDEX_E_NOMEM;
    for (int32_t g = 0; g < n; g++)
        if (all[g].tiered)
            count[PM_CENTI_FULL - (weighted ? all[g].wmean : all[g].mean) + 1]++;
    for (int i = 0; i < PM_INDEX_SPAN; i++)
        count[i + 1] += count[i];
    for (int32_t g = 0; g < n; g++) {
        if (all[g].tiered)
            all[g].rank =
                (int32_t)count[PM_CENTI_FULL - (weighted ? all[g].wmean : all[g].mean)] + 1;
        sc->order[g] = g;
    }
    free(count);
    if (n > 1)
        qsort_r(sc->order, (size_t)n, sizeof *sc->order, cmp_group, sc);
    return PMINDEX_OK;
}

/* Room for the black-card compounds of the district, and of each group in
 * one array a scope, each group's compounds side by side (the counts of
 * add_up()); rank_groups() fills them. */
static int list_black(pmindex_district *d)
{
    d->black = malloc((size_t)(d->whole.cards[PMINDEX_CARD_BLACK] + 1) * sizeof *d->black);
    if (!d->black)
        return PMINDEX_E_NOMEM;
    for (int s = 0; s < PM_GROUP_SCOPES; s++) {
        struct pm_scope *sc = &d->scope[s];
        int64_t total = 0;
        for (int32_t g = 0; g < sc->count; g++) {
            sc->stats[g].black_first = total;
            total += sc->stats[g].cards[PMINDEX_CARD_BLACK];
        }
        sc->black = malloc((size_t)(total ? total : 1) * sizeof *sc->black);
        if (!sc->black)
            return PMINDEX_E_NOMEM;
    }
    return PMINDEX_OK;
}

/* The medians, means and ranks of the district and of every street,
 * station and company. */
static int summarise(pmindex_district *d)
{
    int rc = find_medians(d);
    if (rc == PMINDEX_OK)
        find_means(d);
    for (int s = 0; rc == PMINDEX_OK && s < PM_GROUP_SCOPES; s++)
        rc = rank_scope(d, s);
    return rc;
}

PMINDEX_API int pmindex_district_compute(pmindex_district *d)
{
    if (!d)
        return PMINDEX_E_INVALID;
    if (d->computed)
        return PMINDEX_OK;
    /* The listing; the counts of every group (in the order of the
     * compounds); the ranks and black lists (in the listing's order); the
     * medians (in the order of the index), means and group ranks. The ids'
     * table is not needed meanwhile (nothing can be added): its memory
     * goes to computing. */
    int rc = rank_district(d);
    pm_idset_drop_table(&d->ids);
    if (rc == PMINDEX_OK)
        rc = make_stats(d);
    if (rc == PMINDEX_OK)
        rc = add_up(d);
    if (rc == PMINDEX_OK)
        rc = list_black(d);
    if (rc == PMINDEX_OK)
        rc = rank_groups(d);
    if (rc == PMINDEX_OK)
        rc = summarise(d);
    if (rc != PMINDEX_OK) {
        drop_computed(d);
        if (rc == PMINDEX_E_LIMIT)
            return pm_error_set(&d->error, rc,
                                "the households of a group, or households times index, exceed "
                                "the 64-bit range");
        return nomem(d);
    }
    d->computed = true;
    return PMINDEX_OK;
}

/* ---- reading the results ----------------------------------------------------- */

PMINDEX_API int64_t pmindex_district_count(const pmindex_district *d)
{
    return d ? d->count : PMINDEX_E_INVALID;
}

PMINDEX_API int64_t pmindex_district_ranked_count(const pmindex_district *d)
{
    if (!d)
        return PMINDEX_E_INVALID;
    return d->computed ? d->ranked : PMINDEX_E_STATE;
}

PMINDEX_API int64_t pmindex_district_listed(const pmindex_district *d, int64_t n)
{
    if (!d)
        return PMINDEX_E_INVALID;
    if (!d->computed)
        return PMINDEX_E_STATE;
    if (n < 0 || n >= d->count)
        return PMINDEX_E_NOT_FOUND;
    return d->order[n];
}

static const struct pm_dc *compound_at(const pmindex_district *d, int64_t c)
{
    return d && c >= 0 && c < d->count ? &d->dc[c] : NULL;
}

PMINDEX_API const char *pmindex_district_compound_field(const pmindex_district *d, int64_t c,
                                                        int32_t field)
{
    const struct pm_dc *dc = compound_at(d, c);
    if (!dc)
        return "";
    const char *id = dc_id(d, dc);
    switch (field) {
    case PMINDEX_FIELD_ID: return id;
    case PMINDEX_FIELD_NAME: return id + strlen(id) + 1;
    case PMINDEX_FIELD_STREET:
    case PMINDEX_FIELD_STATION:
    case PMINDEX_FIELD_COMPANY: {
        int s = PM_GROUP_STREET + (field - PMINDEX_FIELD_STREET);
        return dc->group[s] < 0 ? "" : d->scope[s].name[dc->group[s]];
    }
    default: return "";
    }
}

PMINDEX_API int pmindex_district_compound_index(const pmindex_district *d, int64_t c,
                                                int64_t *index_out)
{
    const struct pm_dc *dc = compound_at(d, c);
    if (!dc)
        return d ? PMINDEX_E_NOT_FOUND : PMINDEX_E_INVALID;
    if (dc->index < 0)
        return 0;
    if (index_out)
        *index_out = dc->index;
    return 1;
}

PMINDEX_API int32_t pmindex_district_compound_tier(const pmindex_district *d, int64_t c)
{
    const struct pm_dc *dc = compound_at(d, c);
    if (!dc)
        return d ? PMINDEX_E_NOT_FOUND : PMINDEX_E_INVALID;
    return dc->tier;
}

PMINDEX_API int32_t pmindex_district_compound_card(const pmindex_district *d, int64_t c)
{
    const struct pm_dc *dc = compound_at(d, c);
    if (!dc)
        return d ? PMINDEX_E_NOT_FOUND : PMINDEX_E_INVALID;
    return dc->card;
}

PMINDEX_API int64_t pmindex_district_compound_households(const pmindex_district *d, int64_t c)
{
    const struct pm_dc *dc = compound_at(d, c);
    if (!dc)
        return d ? PMINDEX_E_NOT_FOUND : PMINDEX_E_INVALID;
    return dc->households;
}

PMINDEX_API int64_t pmindex_district_compound_rank(const pmindex_district *d, int64_t c,
                                                   int32_t scope)
{
    const struct pm_dc *dc = compound_at(d, c);
    if (!dc || scope < PMINDEX_SCOPE_DISTRICT || scope > PMINDEX_SCOPE_COMPANY)
        return d ? PMINDEX_E_NOT_FOUND : PMINDEX_E_INVALID;
    if (!d->computed)
        return PMINDEX_E_STATE;
    return pm_district_rank(d, (uint32_t)c, scope);
}

int32_t pm_district_rank(const pmindex_district *d, uint32_t k, int32_t scope)
{
    const struct pm_dc *c = &d->dc[k];
    if (c->tier < 0)
        return 0;
    if (scope == PMINDEX_SCOPE_DISTRICT)
        return (int32_t)d->bucket[rank_key(c)] + 1;
    return d->granks[(size_t)k * PM_GROUP_SCOPES + (size_t)pm_group_scope(scope)];
}

/* The statistics of a group: scope district has the one group 0. */
static const struct pm_group_stats *group_at(const pmindex_district *d, int32_t scope, int32_t g,
                                             int *rc)
{
    *rc = PMINDEX_OK;
    if (!d) {
        *rc = PMINDEX_E_INVALID;
        return NULL;
    }
    if (!d->computed) {
        *rc = PMINDEX_E_STATE;
        return NULL;
    }
    if (scope == PMINDEX_SCOPE_DISTRICT && g == 0)
        return &d->whole;
    if (scope < PMINDEX_SCOPE_STREET || scope > PMINDEX_SCOPE_COMPANY || g < 0 ||
        g >= d->scope[pm_group_scope(scope)].count) {
        *rc = PMINDEX_E_NOT_FOUND;
        return NULL;
    }
    const struct pm_scope *sc = &d->scope[pm_group_scope(scope)];
    return &sc->stats[sc->order[g]];
}

PMINDEX_API int32_t pmindex_district_group_count(const pmindex_district *d, int32_t scope)
{
    if (!d)
        return PMINDEX_E_INVALID;
    if (scope == PMINDEX_SCOPE_DISTRICT)
        return 1;
    if (scope < PMINDEX_SCOPE_STREET || scope > PMINDEX_SCOPE_COMPANY)
        return PMINDEX_E_NOT_FOUND;
    return d->scope[pm_group_scope(scope)].count;
}

PMINDEX_API const char *pmindex_district_group_name(const pmindex_district *d, int32_t scope,
                                                    int32_t g)
{
    int rc;
    if (!group_at(d, scope, g, &rc) || scope == PMINDEX_SCOPE_DISTRICT)
        return "";
    const struct pm_scope *sc = &d->scope[pm_group_scope(scope)];
    return sc->name[sc->order[g]];
}

PMINDEX_API int64_t pmindex_district_group_compounds(const pmindex_district *d, int32_t scope,
                                                     int32_t g)
{
    int rc;
    const struct pm_group_stats *st = group_at(d, scope, g, &rc);
    return st ? st->compounds : rc;
}

PMINDEX_API int64_t pmindex_district_group_tier_count(const pmindex_district *d, int32_t scope,
                                                      int32_t g, int32_t tier)
{
    int rc;
    const struct pm_group_stats *st = group_at(d, scope, g, &rc);
    if (!st)
        return rc;
    if (tier < PMINDEX_TIER_FALLBACK || tier >= d->model->ntiers)
        return PMINDEX_E_NOT_FOUND;
    return st->tiers[tier + 1];
}

PMINDEX_API int64_t pmindex_district_group_card_count(const pmindex_district *d, int32_t scope,
                                                      int32_t g, int32_t card)
{
    int rc;
    const struct pm_group_stats *st = group_at(d, scope, g, &rc);
    if (!st)
        return rc;
    if (card < PMINDEX_CARD_NONE || card > PMINDEX_CARD_BLACK)
        return PMINDEX_E_NOT_FOUND;
    return st->cards[card];
}

PMINDEX_API int64_t pmindex_district_group_households(const pmindex_district *d, int32_t scope,
                                                      int32_t g)
{
    int rc;
    const struct pm_group_stats *st = group_at(d, scope, g, &rc);
    return st ? st->households : rc;
}

PMINDEX_API int pmindex_district_group_stat(const pmindex_district *d, int32_t scope, int32_t g,
                                            int32_t stat, int64_t *value_out)
{
    int rc;
    const struct pm_group_stats *st = group_at(d, scope, g, &rc);
    if (!st)
        return rc;
    int64_t v;
    switch (stat) {
    case PMINDEX_STAT_MEAN: v = st->mean; break;
    case PMINDEX_STAT_MEDIAN: v = st->median; break;
    case PMINDEX_STAT_MIN: v = st->min; break;
    case PMINDEX_STAT_MAX: v = st->max; break;
    case PMINDEX_STAT_WEIGHTED_MEAN: v = st->wmean; break;
    default: return PMINDEX_E_NOT_FOUND;
    }
    if (st->tiered == 0)
        return 0;
    if (value_out)
        *value_out = v;
    return 1;
}

PMINDEX_API int32_t pmindex_district_group_rank(const pmindex_district *d, int32_t scope,
                                                int32_t g)
{
    int rc;
    const struct pm_group_stats *st = group_at(d, scope, g, &rc);
    return st ? st->rank : rc;
}

PMINDEX_API int32_t pmindex_district_group_lists(const pmindex_district *d, int32_t scope,
                                                 int32_t g)
{
    int rc;
    const struct pm_group_stats *st = group_at(d, scope, g, &rc);
    return st ? st->lists : rc;
}

PMINDEX_API int64_t pmindex_district_group_black(const pmindex_district *d, int32_t scope,
                                                 int32_t g, int64_t *compounds_out, size_t cap)
{
    int rc;
    const struct pm_group_stats *st = group_at(d, scope, g, &rc);
    if (!st)
        return rc;
    if (scope == PMINDEX_SCOPE_DISTRICT) {
        for (size_t n = 0; n < d->nblack && n < cap && compounds_out; n++)
            compounds_out[n] = d->black[n];
        return (int64_t)d->nblack;
    }
    const uint32_t *black = d->scope[pm_group_scope(scope)].black + st->black_first;
    for (int64_t n = 0; n < st->black_count && (size_t)n < cap && compounds_out; n++)
        compounds_out[n] = black[n];
    return st->black_count;
}
