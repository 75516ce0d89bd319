/* Partial sheets of one period merged by compound_id: the police station,
 * the street office and the district each fill their own columns. Values
 * are compared once parsed ("87.5%" and "0.875" agree); two sheets that
 * disagree on a cell give a conflict naming both, never a silent choice.
 * Every problem is collected, in the order found. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compound.h"
#include "decimal.h"
#include "idset.h"
#include "model.h"

enum { MAX_KEPT_ERRORS = 10000, MAX_SHEETS = 65535 };

struct msheet {
    char name[256];
    bool *has;      /* per slot: the sheet has the column */
    int64_t *lines; /* per merged compound: its line in this sheet, 0 when absent */
    size_t nlines;  /* compounds lines has room for */
};

struct pmindex_merge {
    const pmindex_model *model;
    uint32_t flags;
    int32_t nslots; /* meta columns, then items, then vetoes */
    struct msheet *sheets;
    int32_t nsheets;
    size_t sheets_cap;
    pmindex_compound **rows;
    uint16_t **src; /* per compound, per slot: 1 + the sheet that gave it, 0 none */
    int64_t count;
    size_t rows_cap, src_cap;
    struct pm_idset ids; /* compound_id -> 1 + compound number (as its "line") */
    struct pmindex_error *errors;
    int64_t nerrors, nkept;
    size_t errors_cap;
    bool finished;
    /* Out of memory once: the merge is incomplete (an id may be known
     * without its compound), so it reads nothing more and finishing it
     * gives PMINDEX_E_NOMEM. */
    bool nomem;
};

static int32_t item_slot(const pmindex_model *m, int32_t i)
{
    (void)m;
    return PM_META_COUNT + i;
}

static const char *slot_name(const pmindex_model *m, int32_t slot)
{
    assert(slot >= 0 && slot < PM_META_COUNT + m->nitems + m->nvetoes);
    if (slot < PM_META_COUNT)
        return pm_meta_columns[slot];
    if (slot < PM_META_COUNT + m->nitems)
        return m->items[slot - PM_META_COUNT].id;
    return m->vetoes[slot - PM_META_COUNT - m->nitems].id;
}

PMINDEX_API int pmindex_merge_new(const pmindex_model *m, uint32_t flags, pmindex_merge **out)
{
    if (!out)
        return PMINDEX_E_INVALID;
    *out = NULL;
    if (!m || (flags & ~(uint32_t)PMINDEX_MERGE_MISSING_NA))
        return PMINDEX_E_INVALID;
    pmindex_merge *mg = calloc(1, sizeof *mg);
    if (!mg)
        return PMINDEX_E_NOMEM;
    mg->model = m;
    mg->flags = flags;
    mg->nslots = PM_META_COUNT + m->nitems + m->nvetoes;
    pm_idset_init(&mg->ids);
    *out = mg;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_merge_free(pmindex_merge *mg)
{
    if (!mg)
        return;
    for (int32_t s = 0; s < mg->nsheets; s++) {
        free(mg->sheets[s].has);
        free(mg->sheets[s].lines);
    }
    free(mg->sheets);
    for (int64_t k = 0; k < mg->count; k++) {
        pmindex_compound_free(mg->rows[k]);
        free(mg->src[k]);
    }
    free(mg->rows);
    free(mg->src);
    pm_idset_free(&mg->ids);
    free(mg->errors);
    free(mg);
}

/* Records an error (the first MAX_KEPT_ERRORS are kept, the rest counted). */
static void record(pmindex_merge *mg, const struct pmindex_error *e)
{
    mg->nerrors++;
    if (mg->nkept == MAX_KEPT_ERRORS)
        return;
    if (!pm_grow((void **)&mg->errors, &mg->errors_cap, (size_t)mg->nkept + 1,
                 sizeof *mg->errors, 8, 0)) {
        mg->nomem = true; /* still counted, but its details are lost */
        return;
    }
    pm_error_copy(&mg->errors[mg->nkept++], e);
}

static void record_nomem(pmindex_merge *mg, const char *file)
{
    struct pmindex_error e;
    pm_error_clear(&e);
    pm_error_set_file(&e, file);
    pm_error_set(&e, PMINDEX_E_NOMEM, "out of memory");
    record(mg, &e);
    mg->nomem = true;
}

/* A slot's value in a compound as text, for messages; false when the
 * compound does not give it (an empty descriptive cell). */
static bool slot_text(const pmindex_model *m, const pmindex_compound *c, int32_t slot,
                      char *buf, size_t cap)
{
    if (slot < PMINDEX_FIELD_PERIOD + 1) {
        pm_strlcpy(buf, c->field[slot], cap);
        return c->field[slot][0] != '\0';
    }
    if (slot == PM_META_HOUSEHOLDS) {
        snprintf(buf, cap, "%lld", (long long)c->households);
        return c->households >= 0;
    }
    if (slot == PM_META_MANAGED) {
        snprintf(buf, cap, "%d", (int)c->managed);
        return true;
    }
    if (slot < PM_META_COUNT + m->nitems) {
        int64_t v = c->values[slot - PM_META_COUNT];
        char text[40];
        if (v == PM_NA)
            pm_strlcpy(buf, "NA", cap);
        else {
            pm_decimal_text(v, text);
            pm_strlcpy(buf, text, cap);
        }
        return true;
    }
    snprintf(buf, cap, "%d", (int)c->vetoes[slot - PM_META_COUNT - m->nitems]);
    return true;
}

/* Copies a slot's value from a sheet's row into the merged compound. */
static int set_slot(const pmindex_model *m, pmindex_compound *dst, const pmindex_compound *row,
                    int32_t slot, const char *text)
{
    if (slot < PM_META_COUNT)
        return pmindex_compound_set_text(dst, pm_meta_columns[slot], text, strlen(text));
    if (slot < PM_META_COUNT + m->nitems) {
        dst->values[slot - PM_META_COUNT] = row->values[slot - PM_META_COUNT];
        return PMINDEX_OK;
    }
    int32_t v = slot - PM_META_COUNT - m->nitems;
    dst->vetoes[v] = row->vetoes[v];
    return PMINDEX_OK;
}

static bool grow_lines(struct msheet *sh, int64_t need)
{
    return pm_grow((void **)&sh->lines, &sh->nlines, (size_t)need, sizeof *sh->lines, 64,
                   PM_GROW_ZERO);
}

/* The merged compound of an id, made when new; -1 when out of memory. */
static int64_t find_or_add(pmindex_merge *mg, const pmindex_compound *row)
{
    const char *id = row->field[PMINDEX_FIELD_ID];
    int64_t k = mg->count;
    int64_t seen = pm_idset_add(&mg->ids, id, strlen(id), k + 1);
    if (seen < 0)
        return -1;
    if (seen > 0)
        return seen - 1;
    if (!pm_grow((void **)&mg->rows, &mg->rows_cap, (size_t)k + 1, sizeof *mg->rows, 64, 0) ||
        !pm_grow((void **)&mg->src, &mg->src_cap, (size_t)k + 1, sizeof *mg->src, 64, 0))
        return -1;
    pmindex_compound *c;
    if (pmindex_compound_new(mg->model, &c) != PMINDEX_OK)
        return -1;
    uint16_t *src = calloc((size_t)mg->nslots, sizeof *src);
    if (!src || pmindex_compound_set_text(c, "compound_id", id, strlen(id)) != PMINDEX_OK) {
        free(src);
        pmindex_compound_free(c);
        return -1;
    }
    c->line = row->line;
    mg->rows[k] = c;
    mg->src[k] = src;
    mg->count++;
    return k;
}

static void merge_row(pmindex_merge *mg, int32_t s, const pmindex_compound *row)
{
    if (mg->nomem)
        return;
    const pmindex_model *m = mg->model;
    struct msheet *sh = &mg->sheets[s];
    int64_t k = find_or_add(mg, row);
    if (k < 0 || !grow_lines(sh, k + 1)) {
        record_nomem(mg, sh->name);
        return;
    }
    const char *id = row->field[PMINDEX_FIELD_ID];
    if (sh->lines[k]) {
        /* The sheet reader reports duplicate ids within a sheet already. */
        return;
    }
    sh->lines[k] = row->line;
    pmindex_compound *dst = mg->rows[k];
    uint16_t *src = mg->src[k];
    for (int32_t slot = 1; slot < mg->nslots; slot++) {
        if (!sh->has[slot])
            continue;
        char now[256], before[256];
        if (!slot_text(m, row, slot, now, sizeof now))
            continue; /* an empty descriptive cell gives nothing */
        if (!src[slot]) {
            if (set_slot(m, dst, row, slot, now) != PMINDEX_OK) {
                record_nomem(mg, sh->name);
                return;
            }
            src[slot] = (uint16_t)(s + 1);
            continue;
        }
        slot_text(m, dst, slot, before, sizeof before);
        if (strcmp(now, before) == 0)
            continue;
        const struct msheet *first = &mg->sheets[src[slot] - 1];
        struct pmindex_error e;
        pm_error_clear(&e);
        pm_error_set_file(&e, sh->name);
        pm_error_set(&e, PMINDEX_E_CONFLICT,
                     "compound %s: conflicts with \"%s\" in %s line %lld; the sheets disagree",
                     id, before, first->name, (long long)first->lines[k]);
        e.line = row->line;
        pm_error_set_section(&e, NULL, slot_name(m, slot));
        pm_error_set_value(&e, now, strlen(now));
        record(mg, &e);
    }
}

PMINDEX_API int pmindex_merge_add_sheet(pmindex_merge *mg, pmindex_sheet *sheet)
{
    if (!mg || !sheet)
        return PMINDEX_E_INVALID;
    if (mg->finished)
        return PMINDEX_E_STATE;
    if (mg->nsheets == MAX_SHEETS)
        return PMINDEX_E_LIMIT;
    if (mg->nomem)
        return PMINDEX_E_NOMEM;
    if (!pm_grow((void **)&mg->sheets, &mg->sheets_cap, (size_t)mg->nsheets + 1, sizeof *mg->sheets,
                 4, 0))
        return PMINDEX_E_NOMEM;
    struct msheet *sh = &mg->sheets[mg->nsheets];
    memset(sh, 0, sizeof *sh);
    pm_strlcpy(sh->name, pmindex_error_file(pmindex_sheet_error(sheet)), sizeof sh->name);
    sh->has = calloc((size_t)mg->nslots, sizeof *sh->has);
    if (!sh->has)
        return PMINDEX_E_NOMEM;
    int32_t s = mg->nsheets++;
    const pmindex_model *m = mg->model;
    bool columns_known = false;
    const pmindex_compound *row;
    int rc;
    while ((rc = pmindex_sheet_next(sheet, &row)) != 0) {
        if (rc < 0) {
            record(mg, pmindex_sheet_error(sheet));
            continue;
        }
        if (!columns_known) {
            for (int32_t slot = 0; slot < mg->nslots; slot++)
                sh->has[slot] = pmindex_sheet_has_column(sheet, slot_name(m, slot)) == 1;
            columns_known = true;
        }
        merge_row(mg, s, row);
    }
    return mg->nomem ? PMINDEX_E_NOMEM : PMINDEX_OK;
}

PMINDEX_API int pmindex_merge_finish(pmindex_merge *mg)
{
    if (!mg)
        return PMINDEX_E_INVALID;
    if (!mg->finished && mg->nomem)
        mg->finished = true; /* what is missing is not known */
    if (!mg->finished) {
        mg->finished = true;
        const pmindex_model *m = mg->model;
        for (int64_t k = 0; k < mg->count; k++) {
            const char *id = mg->rows[k]->field[PMINDEX_FIELD_ID];
            const struct msheet *first = NULL;
            for (int32_t s = 0; s < mg->nsheets && !first; s++)
                if ((size_t)k < mg->sheets[s].nlines && mg->sheets[s].lines[k])
                    first = &mg->sheets[s];
            for (int32_t s = 0; s < mg->nsheets; s++) {
                const struct msheet *sh = &mg->sheets[s];
                if ((size_t)k < sh->nlines && sh->lines[k])
                    continue;
                struct pmindex_error e;
                pm_error_clear(&e);
                pm_error_set_file(&e, sh->name);
                pm_error_set(&e, PMINDEX_E_NOT_FOUND,
                             "the compound is not in this sheet (it is in %s line %lld)",
                             first->name, (long long)first->lines[k]);
                pm_error_set_section(&e, NULL, "compound_id");
                pm_error_set_value(&e, id, strlen(id));
                record(mg, &e);
            }
            if (mg->flags & PMINDEX_MERGE_MISSING_NA)
                continue;
            for (int32_t i = 0; i < m->nitems; i++) {
                if (mg->src[k][item_slot(m, i)])
                    continue;
                struct pmindex_error e;
                pm_error_clear(&e);
                pm_error_set_file(&e, first->name);
                pm_error_set(&e, PMINDEX_E_NOT_FOUND,
                             "compound %s: no sheet gives item %s (%s); give it, or merge with "
                             "missing items as not applicable",
                             id, m->items[i].id, m->items[i].name[0]);
                e.line = first->lines[k];
                pm_error_set_section(&e, NULL, m->items[i].id);
                record(mg, &e);
            }
        }
    }
    if (mg->nomem)
        return PMINDEX_E_NOMEM;
    return mg->nerrors ? mg->errors[0].code : PMINDEX_OK;
}

PMINDEX_API int64_t pmindex_merge_error_count(const pmindex_merge *mg)
{
    return mg ? mg->nerrors : PMINDEX_E_INVALID;
}

PMINDEX_API const pmindex_error *pmindex_merge_error(const pmindex_merge *mg, int64_t n)
{
    return mg && n >= 0 && n < mg->nkept ? &mg->errors[n] : NULL;
}

PMINDEX_API int64_t pmindex_merge_count(const pmindex_merge *mg)
{
    return mg ? mg->count : PMINDEX_E_INVALID;
}

PMINDEX_API const pmindex_compound *pmindex_merge_compound(const pmindex_merge *mg, int64_t n)
{
    return mg && n >= 0 && n < mg->count ? mg->rows[n] : NULL;
}
