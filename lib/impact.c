/* The impact of a new model: every compound assessed under the model in
 * use and the one proposed, kept in two districts (ranks, groups, lists),
 * with the transitions of tiers and cards counted and, for each compound
 * whose tier or card changes, the items and rules that account for it. */
#define _GNU_SOURCE /* qsort_r() */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "arith.h"
#include "compound.h"
#include "impact.h"
#include "model.h"

/* Room for a reason's key: "black:share:" and an identifier. */
enum { REASON_KEY_CAP = 16 + PMINDEX_MAX_ID_LENGTH * 2 };

static bool valid_which(int32_t which)
{
    return which == PMINDEX_OLD || which == PMINDEX_NEW;
}

int32_t pm_impact_scope(int32_t part)
{
    switch (part) {
    case PMINDEX_IMPACT_STREETS: return PMINDEX_SCOPE_STREET;
    case PMINDEX_IMPACT_STATIONS: return PMINDEX_SCOPE_STATION;
    case PMINDEX_IMPACT_COMPANIES: return PMINDEX_SCOPE_COMPANY;
    default: return -1;
    }
}

int32_t pm_impact_tier_slot(const pmindex_model *m, int32_t tier)
{
    return tier == PMINDEX_TIER_FALLBACK ? m->ntiers : tier;
}

/* ---- making one --------------------------------------------------------- */

static void add_column(pmindex_impact *imp, int32_t which, bool veto, int32_t index)
{
    imp->columns[imp->ncolumns++] = (uint32_t)which << 31 | (uint32_t)veto << 30 | (uint32_t)index;
}

/* The items and vetoes only one model has: the new model's first. */
static int list_columns(pmindex_impact *imp)
{
    const pmindex_model *o = imp->model[PMINDEX_OLD], *n = imp->model[PMINDEX_NEW];
    size_t most = (size_t)o->nitems + (size_t)o->nvetoes + (size_t)n->nitems + (size_t)n->nvetoes;
    if (!(imp->columns = malloc((most + 1) * sizeof *imp->columns)))
        return PMINDEX_E_NOMEM;
    for (int32_t i = 0; i < n->nitems; i++)
        if (pm_translation_item(&imp->translation, i) < 0)
            add_column(imp, PMINDEX_NEW, false, i);
    for (int32_t v = 0; v < n->nvetoes; v++)
        if (pm_translation_veto(&imp->translation, v) < 0)
            add_column(imp, PMINDEX_NEW, true, v);
    for (int32_t i = 0; i < o->nitems; i++)
        if (pmindex_model_find_item(n, o->items[i].id) < 0)
            add_column(imp, PMINDEX_OLD, false, i);
    for (int32_t v = 0; v < o->nvetoes; v++)
        if (pmindex_model_find_veto(n, o->vetoes[v].id) < 0)
            add_column(imp, PMINDEX_OLD, true, v);
    return PMINDEX_OK;
}

/* Tiers of the same key are the same tier: per old tier slot (fallback
 * last), the new tier slot of its key, or -1. */
static int32_t *same_tiers(const pmindex_model *o, const pmindex_model *n)
{
    int32_t *same = malloc(((size_t)o->ntiers + 1) * sizeof *same);
    if (!same)
        return NULL;
    for (int32_t t = 0; t < o->ntiers; t++) {
        same[t] = -1;
        for (int32_t u = 0; u < n->ntiers; u++)
            if (strcmp(o->tiers[t].key, n->tiers[u].key) == 0)
                same[t] = u;
    }
    same[o->ntiers] = n->ntiers;
    return same;
}

PMINDEX_API int pmindex_impact_new(const pmindex_model *old_model, const pmindex_model *new_model,
                                   pmindex_impact **impact_out)
{
    if (!impact_out)
        return PMINDEX_E_INVALID;
    *impact_out = NULL;
    if (!old_model || !new_model)
        return PMINDEX_E_INVALID;
    pmindex_impact *imp = calloc(1, sizeof *imp);
    if (!imp)
        return PMINDEX_E_NOMEM;
    imp->model[PMINDEX_OLD] = old_model;
    imp->model[PMINDEX_NEW] = new_model;
    size_t cells = ((size_t)old_model->ntiers + 1) * ((size_t)new_model->ntiers + 1);
    int rc = PMINDEX_OK;
    for (int w = 0; w < 2 && rc == PMINDEX_OK; w++) {
        rc = pmindex_district_new(imp->model[w], &imp->district[w]);
        if (rc == PMINDEX_OK)
            rc = pmindex_assessment_new(imp->model[w], &imp->assessment[w]);
    }
    if (rc == PMINDEX_OK)
        rc = pmindex_compound_new(new_model, &imp->carried);
    if (rc == PMINDEX_OK)
        rc = pm_translation_init(&imp->translation, old_model, new_model);
    if (rc == PMINDEX_OK)
        rc = list_columns(imp);
    if (rc == PMINDEX_OK && (!(imp->tiers = calloc(cells, sizeof *imp->tiers)) ||
                             !(imp->same_tier = same_tiers(old_model, new_model)) ||
                             !(imp->scratch = malloc(((size_t)old_model->nitems +
                                                      (size_t)new_model->nitems) *
                                                     sizeof *imp->scratch))))
        rc = PMINDEX_E_NOMEM;
    if (rc != PMINDEX_OK) {
        pmindex_impact_free(imp);
        return rc;
    }
    *impact_out = imp;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_impact_free(pmindex_impact *imp)
{
    if (!imp)
        return;
    for (int w = 0; w < 2; w++) {
        pmindex_district_free(imp->district[w]);
        pmindex_assessment_free(imp->assessment[w]);
        free(imp->events[w]);
        free(imp->movers[w]);
    }
    for (int p = 0; p < PM_IMPACT_GROUP_PARTS; p++)
        free(imp->old_group[p]);
    pmindex_compound_free(imp->carried);
    pm_translation_free(&imp->translation);
    free(imp->columns);
    free(imp->tiers);
    free(imp->same_tier);
    free(imp->changes);
    free(imp->items);
    free(imp->rules);
    free(imp->scratch);
    pm_impact_ledger_free(imp);
    free(imp);
}

PMINDEX_API const pmindex_error *pmindex_impact_error(const pmindex_impact *imp)
{
    return imp ? &imp->error : NULL;
}

/* ---- adding compounds ---------------------------------------------------- */

/* Room for need elements of size bytes in *p, doubling from 64. */
static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    return pm_grow(p, cap, need, size, 64, 0);
}

/* Room for one more compound and the most a change of it can hold, so
 * that nothing can fail once it is in the districts. Item changes and
 * rules are numbered in 32 bits. */
static bool reserve(pmindex_impact *imp)
{
    const pmindex_model *o = imp->model[PMINDEX_OLD], *n = imp->model[PMINDEX_NEW];
    size_t items = (size_t)imp->nitems + (size_t)o->nitems + (size_t)n->nitems;
    size_t rules = imp->nrules;
    for (int w = 0; w < 2; w++) {
        const pmindex_model *m = imp->model[w];
        rules += pm_max_reasons(m);
    }
    if (items > UINT32_MAX || rules > UINT32_MAX)
        return false;
    size_t cap = imp->cap, need = (size_t)imp->count + 1;
    for (int w = 0; w < 2; w++) {
        cap = imp->cap; /* both arrays grow alike */
        if (!grow((void **)&imp->events[w], &cap, need, sizeof *imp->events[w]))
            return false;
    }
    imp->cap = cap;
    return grow((void **)&imp->changes, &imp->changes_cap, (size_t)imp->nchanges + 1,
                sizeof *imp->changes) &&
           grow((void **)&imp->items, &imp->items_cap, items, sizeof *imp->items) &&
           grow((void **)&imp->rules, &imp->rules_cap, rules, sizeof *imp->rules);
}

/* The points of the indicators that apply: what the index is rescaled by. */
static int64_t applicable_weight(const pmindex_assessment *a)
{
    const pmindex_model *m = a->model;
    int64_t w = 0;
    for (int32_t k = 0; k < m->nindicators; k++)
        if (a->applicable[k])
            w += m->indicators[k].points;
    return w;
}

/* An item's part of the index: its points x W_k / a_k x 100.00 / sum W. */
static int64_t part_of_index(const pmindex_assessment *a, int32_t i, int64_t weight)
{
    const pmindex_model *m = a->model;
    int64_t p = a->item_points[i];
    if (p == PM_NA || p == 0 || weight == 0)
        return 0;
    int32_t k = m->items[i].indicator;
    /* p <= W_k <= 10^6 and a_k, sum W <= 2.56 x 10^8: both products fit. */
    return pm_muldiv_round(p * m->indicators[k].points, PM_CENTI_FULL,
                           a->applicable[k] * weight);
}

static int32_t points_of(const pmindex_assessment *a, int32_t i)
{
    return i < 0 || a->item_points[i] == PM_NA ? -1 : (int32_t)a->item_points[i];
}

static int64_t magnitude(int32_t v)
{
    return v < 0 ? -(int64_t)v : v;
}

/* Largest change first; then the new model's items in its order, then the
 * old model's own items in theirs. */
static int32_t item_order(const struct pm_item_change *c, int32_t new_items)
{
    return c->item[PMINDEX_NEW] >= 0 ? c->item[PMINDEX_NEW] : new_items + c->item[PMINDEX_OLD];
}

static int cmp_item_change(const void *x, const void *y, void *arg)
{
    const struct pm_item_change *a = x, *b = y;
    int64_t ma = magnitude(a->delta), mb = magnitude(b->delta);
    if (ma != mb)
        return ma > mb ? -1 : 1;
    int32_t n = *(const int32_t *)arg, oa = item_order(a, n), ob = item_order(b, n);
    return (oa > ob) - (oa < ob);
}

/* The items whose part of the index differs, into the impact's store. */
static uint16_t item_changes(pmindex_impact *imp)
{
    const pmindex_assessment *ao = imp->assessment[PMINDEX_OLD], *an = imp->assessment[PMINDEX_NEW];
    const pmindex_model *n = imp->model[PMINDEX_NEW];
    int64_t wo = applicable_weight(ao), wn = applicable_weight(an);
    struct pm_item_change *s = imp->scratch;
    int32_t count = 0;
    for (int32_t i = 0; i < n->nitems; i++) {
        int32_t si = pm_translation_item(&imp->translation, i);
        int64_t delta = part_of_index(an, i, wn) - (si >= 0 ? part_of_index(ao, si, wo) : 0);
        if (delta != 0)
            s[count++] = (struct pm_item_change){{(int16_t)si, (int16_t)i},
                                                 {points_of(ao, si), points_of(an, i)},
                                                 (int32_t)delta};
    }
    for (int64_t c = 0; c < imp->ncolumns; c++) {
        uint32_t code = imp->columns[c];
        if (code >> 31 != PMINDEX_OLD || (code >> 30 & 1))
            continue;
        int32_t si = (int32_t)(code & 0x3FFFFFFF);
        int64_t delta = -part_of_index(ao, si, wo);
        if (delta != 0)
            s[count++] = (struct pm_item_change){{(int16_t)si, -1}, {points_of(ao, si), -1},
                                                 (int32_t)delta};
    }
    int32_t new_items = n->nitems;
    qsort_r(s, (size_t)count, sizeof *s, cmp_item_change, &new_items);
    memcpy(imp->items + imp->nitems, s, (size_t)count * sizeof *s);
    imp->nitems += (uint32_t)count;
    return (uint16_t)count;
}

static void reason_key(const pmindex_model *m, const struct pm_reason *r, char *key)
{
    struct pm_out o;
    pm_out_init(&o, key, REASON_KEY_CAP);
    pm_out_reason_key(&o, m, r);
    pm_out_finish(&o);
}

static bool has_key(const pmindex_assessment *a, const char *key)
{
    char other[REASON_KEY_CAP];
    for (int32_t r = 0; r < a->nreasons; r++) {
        reason_key(a->model, &a->reasons[r], other);
        if (strcmp(other, key) == 0)
            return true;
    }
    return false;
}

/* The rules that fire under model w and not under the other, by key. */
static uint16_t rule_changes(pmindex_impact *imp, int32_t w)
{
    const pmindex_assessment *a = imp->assessment[w], *b = imp->assessment[1 - w];
    uint16_t count = 0;
    for (int32_t r = 0; r < a->nreasons; r++) {
        char key[REASON_KEY_CAP];
        reason_key(a->model, &a->reasons[r], key);
        if (!has_key(b, key)) {
            imp->rules[imp->nrules++] = a->reasons[r];
            count++;
        }
    }
    return count;
}

static void record_change(pmindex_impact *imp)
{
    struct pm_change *c = &imp->changes[imp->nchanges++];
    c->compound = (uint32_t)imp->count;
    c->items = imp->nitems;
    c->nitems = item_changes(imp);
    c->rules = imp->nrules;
    c->nrules[PMINDEX_OLD] = rule_changes(imp, PMINDEX_OLD);
    c->nrules[PMINDEX_NEW] = rule_changes(imp, PMINDEX_NEW);
    for (int w = 0; w < 2; w++)
        c->coverage[w] = (int16_t)pmindex_assessment_coverage(imp->assessment[w], NULL, NULL);
}

/* Fails the call: the compound is left out, with the error of carrying it
 * over or of a district, its message naming the compound. */
static int refuse(pmindex_impact *imp, const pmindex_compound *c, int rc,
                  const struct pmindex_error *why)
{
    pm_error_copy(&imp->error, why);
    imp->error.code = rc;
    const char *id = c->field[PMINDEX_FIELD_ID];
    if (id[0] && !strstr(why->message, id)) {
        struct pm_out o;
        pm_out_init(&o, imp->error.message, sizeof imp->error.message);
        pm_out_str(&o, "compound ");
        pm_out_str(&o, id);
        pm_out_str(&o, ": ");
        pm_out_str(&o, why->message);
        pm_out_finish(&o);
    }
    return rc;
}

PMINDEX_API int pmindex_impact_add(pmindex_impact *imp, const pmindex_compound *c)
{
    if (!imp || !c || c->model != imp->model[PMINDEX_OLD])
        return PMINDEX_E_INVALID;
    pm_error_clear(&imp->error);
    if (imp->computed)
        return pm_error_set(&imp->error, PMINDEX_E_STATE,
                            "the impact is computed: no compound can be added");
    if (imp->from_ledger)
        return pm_error_set(&imp->error, PMINDEX_E_STATE,
                            "the impact holds a ledger's period: no other compound can be "
                            "added");
    return pm_impact_add(imp, c);
}

int pm_impact_add(pmindex_impact *imp, const pmindex_compound *c)
{
    if (imp->broken || !reserve(imp))
        return pm_error_set(&imp->error, PMINDEX_E_NOMEM, "out of memory");
    struct pmindex_error e;
    pm_error_clear(&e);
    pmindex_compound *n = imp->carried;
    int rc = pm_translate_values(&imp->translation, n, c, true, &e);
    if (rc != PMINDEX_OK)
        return refuse(imp, c, rc, &e);
    /* The district copies what it keeps: the fields can be lent. */
    for (int f = 0; f < PM_FIELD_COUNT; f++)
        n->field[f] = c->field[f];
    n->managed = c->managed;
    n->households = c->households;
    n->line = c->line;
    const pmindex_compound *on[2] = {c, n};
    for (int w = 0; w < 2; w++)
        pmindex_assess(imp->model[w], on[w], imp->assessment[w]);
    rc = pmindex_district_add(imp->district[PMINDEX_OLD], c, imp->assessment[PMINDEX_OLD]);
    if (rc != PMINDEX_OK)
        return refuse(imp, c, rc, pmindex_district_error(imp->district[PMINDEX_OLD]));
    rc = pmindex_district_add(imp->district[PMINDEX_NEW], n, imp->assessment[PMINDEX_NEW]);
    if (rc != PMINDEX_OK) { /* only out of memory: the old district has it */
        imp->broken = true;
        return refuse(imp, c, rc, pmindex_district_error(imp->district[PMINDEX_NEW]));
    }
    for (int w = 0; w < 2; w++)
        imp->events[w][imp->count] =
            (int8_t)pmindex_ladder_events(imp->model[w], on[w], imp->assessment[w]);
    int32_t to = imp->assessment[PMINDEX_OLD]->tier, tn = imp->assessment[PMINDEX_NEW]->tier;
    int32_t co = imp->assessment[PMINDEX_OLD]->card, cn = imp->assessment[PMINDEX_NEW]->card;
    int32_t so = pm_impact_tier_slot(imp->model[PMINDEX_OLD], to);
    int32_t sn = pm_impact_tier_slot(imp->model[PMINDEX_NEW], tn);
    imp->tiers[so * (imp->model[PMINDEX_NEW]->ntiers + 1) + sn]++;
    imp->cards[co][cn]++;
    if (imp->same_tier[so] != sn || co != cn)
        record_change(imp);
    imp->count++;
    return PMINDEX_OK;
}

/* ---- computing ------------------------------------------------------------ */

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Risers and fallers, the biggest move first, then by the new listing. */
static int movers(pmindex_impact *imp, const uint32_t *position)
{
    const pmindex_district *o = imp->district[PMINDEX_OLD], *n = imp->district[PMINDEX_NEW];
    int64_t count = imp->count;
    uint64_t *keys = malloc((size_t)(count ? count : 1) * sizeof *keys);
    if (!keys)
        return PMINDEX_E_NOMEM;
    for (int dir = 0; dir < 2; dir++) {
        int64_t nk = 0;
        for (int64_t k = 0; k < count; k++) {
            int64_t ro = pmindex_district_compound_rank(o, k, PMINDEX_SCOPE_DISTRICT);
            int64_t rn = pmindex_district_compound_rank(n, k, PMINDEX_SCOPE_DISTRICT);
            int64_t move = dir == 0 ? ro - rn : rn - ro;
            if (ro > 0 && rn > 0 && move > 0)
                keys[nk++] = (uint64_t)(UINT32_MAX - (uint64_t)move) << 32 | position[k];
        }
        qsort(keys, (size_t)nk, sizeof *keys, cmp_u64);
        if (!(imp->movers[dir] = malloc((size_t)(nk ? nk : 1) * sizeof *imp->movers[dir]))) {
            free(keys);
            return PMINDEX_E_NOMEM;
        }
        for (int64_t i = 0; i < nk; i++)
            imp->movers[dir][i] = (uint32_t)pmindex_district_listed(n, (int64_t)(uint32_t)keys[i]);
        imp->nmovers[dir] = nk;
    }
    free(keys);
    return PMINDEX_OK;
}

struct sort_key {
    uint64_t key;
    uint32_t index;
};

static int cmp_sort_key(const void *x, const void *y)
{
    const struct sort_key *a = x, *b = y;
    return (a->key > b->key) - (a->key < b->key);
}

/* The changes by old tier (best first, fallback last), then new tier, then
 * in the new listing (rank, then compound_id): the order of a district,
 * whatever the order the compounds came in. */
static int order_changes(pmindex_impact *imp, const uint32_t *position)
{
    int64_t nc = imp->nchanges;
    struct sort_key *keys = malloc((size_t)(nc ? nc : 1) * sizeof *keys);
    struct pm_change *sorted = malloc((size_t)(nc ? nc : 1) * sizeof *sorted);
    if (!keys || !sorted) {
        free(keys);
        free(sorted);
        return PMINDEX_E_NOMEM;
    }
    for (int64_t i = 0; i < nc; i++) {
        uint32_t k = imp->changes[i].compound;
        uint64_t so = (uint64_t)pm_impact_tier_slot(
            imp->model[PMINDEX_OLD], pmindex_district_compound_tier(imp->district[PMINDEX_OLD], k));
        uint64_t sn = (uint64_t)pm_impact_tier_slot(
            imp->model[PMINDEX_NEW], pmindex_district_compound_tier(imp->district[PMINDEX_NEW], k));
        /* Tier slots <= 16 (5 bits each), positions < 2^32. */
        keys[i] = (struct sort_key){so << 37 | sn << 32 | position[k], (uint32_t)i};
    }
    qsort(keys, (size_t)nc, sizeof *keys, cmp_sort_key);
    for (int64_t i = 0; i < nc; i++)
        sorted[i] = imp->changes[keys[i].index];
    free(keys);
    free(imp->changes);
    imp->changes = sorted;
    imp->changes_cap = nc ? (size_t)nc : 1;
    return PMINDEX_OK;
}

/* For each group of the new district, the old district's number of it. */
static int match_groups(pmindex_impact *imp)
{
    const pmindex_district *o = imp->district[PMINDEX_OLD], *n = imp->district[PMINDEX_NEW];
    for (int p = 0; p < PM_IMPACT_GROUP_PARTS; p++) {
        int32_t scope = PMINDEX_SCOPE_STREET + p;
        int32_t count = pmindex_district_group_count(n, scope);
        struct pm_names names;
        if (pm_names_init(&names, (size_t)count) != PMINDEX_OK)
            return PMINDEX_E_NOMEM;
        if (!(imp->old_group[p] = malloc((size_t)(count ? count : 1) * sizeof(int32_t)))) {
            pm_names_free(&names);
            return PMINDEX_E_NOMEM;
        }
        for (int32_t g = 0; g < count; g++) {
            const char *name = pmindex_district_group_name(o, scope, g);
            pm_names_add(&names, name, strlen(name), g);
        }
        for (int32_t g = 0; g < count; g++) {
            const char *name = pmindex_district_group_name(n, scope, g);
            imp->old_group[p][g] = pm_names_find(&names, name, strlen(name));
            /* Groups follow the compounds' fields, which both models share. */
            assert(imp->old_group[p][g] >= 0);
        }
        pm_names_free(&names);
    }
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_impact_compute(pmindex_impact *imp)
{
    if (!imp)
        return PMINDEX_E_INVALID;
    pm_error_clear(&imp->error);
    if (imp->computed)
        return PMINDEX_OK;
    if (imp->broken && imp->from_ledger)
        return pm_error_set(&imp->error, PMINDEX_E_STATE,
                            "feeding the impact from the ledger failed: the impact is "
                            "incomplete");
    if (imp->broken)
        return pm_error_set(&imp->error, PMINDEX_E_NOMEM,
                            "out of memory while compounds were added: the impact is incomplete");
    for (int w = 0; w < 2; w++) {
        int rc = pmindex_district_compute(imp->district[w]);
        if (rc != PMINDEX_OK) {
            pm_error_copy(&imp->error, pmindex_district_error(imp->district[w]));
            return rc;
        }
    }
    /* Each compound's place in the new listing orders movers and changes. */
    int64_t count = imp->count;
    uint32_t *position = malloc((size_t)(count ? count : 1) * sizeof *position);
    int rc = position ? PMINDEX_OK : PMINDEX_E_NOMEM;
    for (int64_t p = 0; rc == PMINDEX_OK && p < count; p++)
        position[pmindex_district_listed(imp->district[PMINDEX_NEW], p)] = (uint32_t)p;
    if (rc == PMINDEX_OK)
        rc = movers(imp, position);
    if (rc == PMINDEX_OK)
        rc = order_changes(imp, position);
    free(position);
    if (rc == PMINDEX_OK)
        rc = match_groups(imp);
    if (rc != PMINDEX_OK) {
        for (int w = 0; w < 2; w++) {
            free(imp->movers[w]);
            imp->movers[w] = NULL;
        }
        for (int p = 0; p < PM_IMPACT_GROUP_PARTS; p++) {
            free(imp->old_group[p]);
            imp->old_group[p] = NULL;
        }
        return pm_error_set(&imp->error, rc, "out of memory");
    }
    imp->computed = true;
    return PMINDEX_OK;
}

/* ---- reading it ------------------------------------------------------------ */

PMINDEX_API const pmindex_district *pmindex_impact_district(const pmindex_impact *imp,
                                                            int32_t which)
{
    return imp && valid_which(which) ? imp->district[which] : NULL;
}

PMINDEX_API int32_t pmindex_impact_events(const pmindex_impact *imp, int64_t compound,
                                          int32_t which)
{
    if (!imp || !valid_which(which))
        return PMINDEX_E_INVALID;
    if (compound < 0 || compound >= imp->count)
        return PMINDEX_E_NOT_FOUND;
    return imp->events[which][compound];
}

PMINDEX_API int32_t pmindex_impact_index_tier(const pmindex_impact *imp, int64_t compound,
                                              int32_t which)
{
    if (!imp || !valid_which(which))
        return PMINDEX_E_INVALID;
    if (!imp->computed)
        return PMINDEX_E_STATE;
    if (compound < 0 || compound >= imp->count)
        return PMINDEX_E_NOT_FOUND;
    const pmindex_district *d = imp->district[which];
    int64_t index;
    if (pmindex_district_compound_tier(d, compound) == PMINDEX_TIER_FALLBACK ||
        pmindex_district_compound_index(d, compound, &index) != 1)
        return PMINDEX_TIER_FALLBACK;
    const pmindex_model *m = imp->model[which];
    int32_t tier = 0;
    while (tier < m->ntiers - 1 && index < m->tiers[tier].threshold)
        tier++;
    return tier;
}

static bool valid_part(int32_t part)
{
    return part >= PMINDEX_IMPACT_SUMMARY && part <= PMINDEX_IMPACT_LADDER;
}

PMINDEX_API int64_t pmindex_impact_count(const pmindex_impact *imp, int32_t part)
{
    if (!imp || !valid_part(part))
        return PMINDEX_E_INVALID;
    if (!imp->computed)
        return PMINDEX_E_STATE;
    const pmindex_model *o = imp->model[PMINDEX_OLD], *n = imp->model[PMINDEX_NEW];
    switch (part) {
    case PMINDEX_IMPACT_SUMMARY: return 1;
    case PMINDEX_IMPACT_COLUMNS: return imp->ncolumns;
    case PMINDEX_IMPACT_TIERS: return ((int64_t)o->ntiers + 1) * ((int64_t)n->ntiers + 1);
    case PMINDEX_IMPACT_CARDS: return 9;
    case PMINDEX_IMPACT_CHANGES: return imp->nchanges;
    case PMINDEX_IMPACT_UP: return imp->nmovers[0];
    case PMINDEX_IMPACT_DOWN: return imp->nmovers[1];
    case PMINDEX_IMPACT_PERIODS: return imp->nperiods;
    case PMINDEX_IMPACT_LADDER: return imp->nladder;
    default: return pmindex_district_group_count(imp->district[PMINDEX_NEW], pm_impact_scope(part));
    }
}

PMINDEX_API int64_t pmindex_impact_transitions(const pmindex_impact *imp, int32_t part,
                                               int32_t old_value, int32_t new_value)
{
    if (!imp || (part != PMINDEX_IMPACT_TIERS && part != PMINDEX_IMPACT_CARDS))
        return PMINDEX_E_INVALID;
    if (!imp->computed)
        return PMINDEX_E_STATE;
    if (part == PMINDEX_IMPACT_CARDS) {
        if (old_value < 0 || old_value > 2 || new_value < 0 || new_value > 2)
            return PMINDEX_E_NOT_FOUND;
        return imp->cards[old_value][new_value];
    }
    const pmindex_model *o = imp->model[PMINDEX_OLD], *n = imp->model[PMINDEX_NEW];
    if (old_value < PMINDEX_TIER_FALLBACK || old_value >= o->ntiers ||
        new_value < PMINDEX_TIER_FALLBACK || new_value >= n->ntiers)
        return PMINDEX_E_NOT_FOUND;
    return imp->tiers[pm_impact_tier_slot(o, old_value) * (n->ntiers + 1) +
                      pm_impact_tier_slot(n, new_value)];
}

PMINDEX_API int64_t pmindex_impact_compound(const pmindex_impact *imp, int32_t part, int64_t n)
{
    if (!imp || (part != PMINDEX_IMPACT_CHANGES && part != PMINDEX_IMPACT_UP &&
                 part != PMINDEX_IMPACT_DOWN))
        return PMINDEX_E_INVALID;
    if (!imp->computed)
        return PMINDEX_E_STATE;
    if (part == PMINDEX_IMPACT_CHANGES)
        return n >= 0 && n < imp->nchanges ? (int64_t)imp->changes[n].compound : PMINDEX_E_NOT_FOUND;
    int dir = part == PMINDEX_IMPACT_UP ? 0 : 1;
    return n >= 0 && n < imp->nmovers[dir] ? (int64_t)imp->movers[dir][n] : PMINDEX_E_NOT_FOUND;
}

PMINDEX_API int32_t pmindex_impact_group(const pmindex_impact *imp, int32_t part, int32_t n,
                                         int32_t which)
{
    int32_t scope = pm_impact_scope(part);
    if (!imp || scope < 0 || !valid_which(which))
        return PMINDEX_E_INVALID;
    if (!imp->computed)
        return PMINDEX_E_STATE;
    if (n < 0 || n >= pmindex_district_group_count(imp->district[PMINDEX_NEW], scope))
        return PMINDEX_E_NOT_FOUND;
    return which == PMINDEX_NEW ? n : imp->old_group[scope - PMINDEX_SCOPE_STREET][n];
}

PMINDEX_API const char *pmindex_impact_column(const pmindex_impact *imp, int64_t n,
                                              int32_t *which_out, int32_t *veto_out)
{
    if (!imp || n < 0 || n >= imp->ncolumns)
        return NULL;
    uint32_t code = imp->columns[n];
    int32_t which = (int32_t)(code >> 31), veto = (int32_t)(code >> 30 & 1);
    int32_t index = (int32_t)(code & 0x3FFFFFFF);
    if (which_out)
        *which_out = which;
    if (veto_out)
        *veto_out = veto;
    const pmindex_model *m = imp->model[which];
    return veto ? m->vetoes[index].id : m->items[index].id;
}

static const struct pm_change *change_at(const pmindex_impact *imp, int64_t n, int *rc)
{
    *rc = !imp ? PMINDEX_E_INVALID
        : !imp->computed ? PMINDEX_E_STATE
        : n < 0 || n >= imp->nchanges ? PMINDEX_E_NOT_FOUND
                                      : PMINDEX_OK;
    return *rc == PMINDEX_OK ? &imp->changes[n] : NULL;
}

PMINDEX_API int32_t pmindex_impact_item_count(const pmindex_impact *imp, int64_t n)
{
    int rc;
    const struct pm_change *c = change_at(imp, n, &rc);
    return c ? c->nitems : rc;
}

PMINDEX_API int pmindex_impact_item(const pmindex_impact *imp, int64_t n, int32_t k,
                                    int32_t *old_item_out, int32_t *new_item_out,
                                    int64_t *old_points_out, int64_t *new_points_out,
                                    int64_t *index_change_out)
{
    int rc;
    const struct pm_change *c = change_at(imp, n, &rc);
    if (!c)
        return rc;
    if (k < 0 || k >= c->nitems)
        return PMINDEX_E_NOT_FOUND;
    const struct pm_item_change *it = &imp->items[c->items + (uint32_t)k];
    if (old_item_out)
        *old_item_out = it->item[PMINDEX_OLD];
    if (new_item_out)
        *new_item_out = it->item[PMINDEX_NEW];
    if (old_points_out)
        *old_points_out = it->points[PMINDEX_OLD];
    if (new_points_out)
        *new_points_out = it->points[PMINDEX_NEW];
    if (index_change_out)
        *index_change_out = it->delta;
    return PMINDEX_OK;
}

PMINDEX_API int32_t pmindex_impact_rule_count(const pmindex_impact *imp, int64_t n,
                                              int32_t which)
{
    int rc;
    const struct pm_change *c = change_at(imp, n, &rc);
    if (!c)
        return rc;
    return valid_which(which) ? c->nrules[which] : PMINDEX_E_INVALID;
}

PMINDEX_API int32_t pmindex_impact_rule(const pmindex_impact *imp, int64_t n, int32_t which,
                                        int32_t k, int32_t *arg_out)
{
    int rc;
    const struct pm_change *c = change_at(imp, n, &rc);
    if (!c)
        return rc;
    if (!valid_which(which))
        return PMINDEX_E_INVALID;
    if (k < 0 || k >= c->nrules[which])
        return PMINDEX_E_NOT_FOUND;
    uint32_t first = c->rules + (which == PMINDEX_NEW ? c->nrules[PMINDEX_OLD] : 0);
    const struct pm_reason *r = &imp->rules[first + (uint32_t)k];
    if (arg_out)
        *arg_out = r->arg;
    return r->rule;
}

PMINDEX_API int64_t pmindex_impact_rule_label(const pmindex_impact *imp, int64_t n, int32_t which,
                                              int32_t k, int32_t lang, char *buf, size_t cap)
{
    if (!buf && cap)
        return PMINDEX_E_INVALID;
    int32_t arg, rule = pmindex_impact_rule(imp, n, which, k, &arg);
    if (rule < 0)
        return rule;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_reason_label(&o, imp->model[which], rule, arg, lang);
    return pm_out_finish(&o);
}
