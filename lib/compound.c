/* A compound's observations, made by callers or filled by the sheet reader. */
#include <stdlib.h>
#include <string.h>

#include "compound.h"
#include "decimal.h"
#include "model.h"
#include "translate.h"
#include "utf8.h"

void pm_compound_reset(struct pmindex_compound *c)
{
    const pmindex_model *m = c->model;
    for (int32_t i = 0; i < m->nitems; i++)
        c->values[i] = PM_NA;
    if (m->nvetoes)
        memset(c->vetoes, 0, (size_t)m->nvetoes);
    c->managed = 1;
    c->households = -1;
    c->line = 0;
    for (int f = 0; f < PM_FIELD_COUNT; f++)
        c->field[f] = "";
}

_Static_assert(sizeof(struct pmindex_compound) % _Alignof(int64_t) == 0,
               "a compound's values follow its struct in one block");

PMINDEX_API int pmindex_compound_new(const pmindex_model *model, pmindex_compound **compound_out)
{
    if (!model || !compound_out)
        return PMINDEX_E_INVALID;
    *compound_out = NULL;
    /* One block: the struct, its values, its vetoes. Assessing compounds
     * held by the hundred thousand reads them from memory in one stream. */
    size_t values = (size_t)model->nitems * sizeof(int64_t);
    pmindex_compound *c = calloc(1, sizeof *c + values + (size_t)model->nvetoes + 1);
    if (!c)
        return PMINDEX_E_NOMEM;
    c->model = model;
    c->values = (int64_t *)(void *)(c + 1);
    c->vetoes = (uint8_t *)c->values + values;
    pm_compound_reset(c);
    *compound_out = c;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_compound_free(pmindex_compound *c)
{
    if (!c)
        return;
    free(c->error);
    for (int f = 0; f < PM_FIELD_COUNT; f++)
        free(c->own[f]);
    free(c);
}

/* What pmindex_compound_error() gives when no record is kept. */
static const struct pmindex_error no_error = {.code = PMINDEX_OK};
static const struct pmindex_error nomem_error = {.code = PMINDEX_E_NOMEM,
                                                 .message = "out of memory"};

/* Ends a call: a failure (rc < 0) keeps e's details in the compound's
 * record, made now if need be; success clears any earlier failure. */
static int finish(pmindex_compound *c, int rc, const struct pmindex_error *e)
{
    c->error_nomem = false;
    if (rc >= 0) {
        if (c->error)
            pm_error_clear(c->error);
        return rc;
    }
    if (!c->error && !(c->error = malloc(sizeof *c->error))) {
        c->error_nomem = true;
        return PMINDEX_E_NOMEM;
    }
    *c->error = *e;
    return rc;
}

PMINDEX_API void pmindex_compound_clear(pmindex_compound *c)
{
    if (c) {
        pm_compound_reset(c);
        finish(c, PMINDEX_OK, NULL);
    }
}

PMINDEX_API const pmindex_error *pmindex_compound_error(const pmindex_compound *c)
{
    if (!c)
        return NULL;
    if (c->error_nomem)
        return &nomem_error;
    return c->error ? c->error : &no_error;
}

static int set_field(pmindex_compound *c, int f, const char *s, size_t len,
                     struct pmindex_error *e)
{
    if (len + 1 > c->own_cap[f]) {
        char *p = realloc(c->own[f], len + 1);
        if (!p)
            return pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
        c->own[f] = p;
        c->own_cap[f] = len + 1;
    }
    memcpy(c->own[f], s, len);
    c->own[f][len] = '\0';
    c->field[f] = c->own[f];
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_compound_set_text(pmindex_compound *c, const char *column,
                                          const char *text, size_t len)
{
    if (!c || !column || (!text && len))
        return PMINDEX_E_INVALID;
    if (!text)
        text = "";
    const pmindex_model *m = c->model;
    struct pmindex_error e;
    pm_error_clear(&e);
    int32_t code = pm_names_find(&m->columns, column, strlen(column));
    if (code < 0) {
        const char *hint = pm_column_hint(m, column, strlen(column));
        if (hint) /* the sheet reader's words for a column named in another case */
            pm_error_set(&e, PMINDEX_E_COLUMN, "unknown column (did you mean \"%s\"?)", hint);
        else
            pm_error_set(&e, PMINDEX_E_COLUMN, "the model has no column \"%s\"", column);
        pm_error_set_section(&e, NULL, column);
        return finish(c, PMINDEX_E_COLUMN, &e);
    }
    int32_t index = code & PM_COL_INDEX_MASK;
    int rc = pm_check_text(text, len, &e);
    if (rc == PMINDEX_OK) {
        pm_trim(&text, &len);
        switch (code & PM_COL_KIND_MASK) {
        case PM_COL_ITEM: {
            int64_t v = PM_NA;
            rc = pm_parse_item(m, index, text, len, &v, &e);
            if (rc >= 0) {
                c->values[index] = v;
                rc = PMINDEX_OK;
            }
            break;
        }
        case PM_COL_VETO: {
            uint8_t v;
            rc = pm_parse_veto(m, index, text, len, &v, &e);
            if (rc == PMINDEX_OK)
                c->vetoes[index] = v;
            break;
        }
        default:
            if (index == PMINDEX_FIELD_ID)
                rc = pm_check_compound_id(text, len, &e);
            else if (index == PMINDEX_FIELD_PERIOD)
                rc = pm_check_period(text, len, &e);
            if (index == PM_META_HOUSEHOLDS) {
                int64_t h;
                if ((rc = pm_parse_households(text, len, &h, &e)) == PMINDEX_OK)
                    c->households = h;
            } else if (index == PM_META_MANAGED) {
                int32_t v;
                if ((rc = pm_parse_managed(text, len, &v, &e)) == PMINDEX_OK)
                    c->managed = v;
            } else if (rc == PMINDEX_OK) {
                rc = set_field(c, index, text, len, &e);
            }
        }
    }
    if (rc < 0)
        pm_error_set_section(&e, NULL, column);
    return finish(c, rc, &e);
}

static int check_item(const pmindex_compound *c, int32_t item, struct pmindex_error *e)
{
    if (item < 0 || item >= c->model->nitems)
        return pm_error_set(e, PMINDEX_E_NOT_FOUND, "no item has the index %d", (int)item);
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_compound_set_value(pmindex_compound *c, int32_t item, int64_t value)
{
    if (!c)
        return PMINDEX_E_INVALID;
    struct pmindex_error e;
    int rc = check_item(c, item, &e);
    if (rc == PMINDEX_OK && value == PM_NA)
        rc = pm_error_set(&e, PMINDEX_E_RANGE,
                          "INT64_MIN is not an observation; use pmindex_compound_set_na()");
    if (rc == PMINDEX_OK)
        rc = pm_check_item_value(c->model, item, value, &e);
    if (rc >= 0)
        c->values[item] = value;
    return finish(c, rc < 0 ? rc : PMINDEX_OK, &e);
}

PMINDEX_API int pmindex_compound_set_na(pmindex_compound *c, int32_t item)
{
    if (!c)
        return PMINDEX_E_INVALID;
    struct pmindex_error e;
    int rc = check_item(c, item, &e);
    if (rc == PMINDEX_OK)
        c->values[item] = PM_NA;
    return finish(c, rc, &e);
}

PMINDEX_API int pmindex_compound_set_veto(pmindex_compound *c, int32_t veto, int32_t confirmed)
{
    if (!c || (confirmed != 0 && confirmed != 1))
        return PMINDEX_E_INVALID;
    struct pmindex_error e;
    int rc = PMINDEX_OK;
    if (veto < 0 || veto >= c->model->nvetoes)
        rc = pm_error_set(&e, PMINDEX_E_NOT_FOUND, "no veto has the index %d", (int)veto);
    else
        c->vetoes[veto] = (uint8_t)confirmed;
    return finish(c, rc, &e);
}

PMINDEX_API int pmindex_compound_value(const pmindex_compound *c, int32_t item, int64_t *value_out)
{
    if (!c)
        return PMINDEX_E_INVALID;
    if (item < 0 || item >= c->model->nitems)
        return PMINDEX_E_NOT_FOUND;
    if (c->values[item] == PM_NA)
        return 0;
    if (value_out)
        *value_out = c->values[item];
    return 1;
}

PMINDEX_API int32_t pmindex_compound_veto(const pmindex_compound *c, int32_t veto)
{
    return c && veto >= 0 && veto < c->model->nvetoes ? c->vetoes[veto] : 0;
}

PMINDEX_API int32_t pmindex_compound_managed(const pmindex_compound *c)
{
    return c ? c->managed : 0;
}

PMINDEX_API int64_t pmindex_compound_households(const pmindex_compound *c)
{
    return c ? c->households : -1;
}

PMINDEX_API const char *pmindex_compound_field(const pmindex_compound *c, int32_t field)
{
    return c && field >= 0 && field < PM_FIELD_COUNT ? c->field[field] : "";
}

PMINDEX_API int64_t pmindex_compound_line(const pmindex_compound *c)
{
    return c ? c->line : 0;
}

/* Makes room in dst for src's fields, so that a copy cannot fail half
 * way: running out of memory leaves dst as it was (a field that lived in
 * the old block follows it). */
static int reserve_fields(pmindex_compound *dst, const pmindex_compound *src)
{
    for (int f = 0; f < PM_FIELD_COUNT; f++) {
        size_t need = strlen(src->field[f]) + 1;
        if (need <= dst->own_cap[f])
            continue;
        bool here = dst->field[f] == dst->own[f];
        char *p = realloc(dst->own[f], need);
        if (!p)
            return PMINDEX_E_NOMEM;
        dst->own[f] = p;
        dst->own_cap[f] = need;
        if (here)
            dst->field[f] = p;
    }
    return PMINDEX_OK;
}

/* Copies fields, households, managed and line into the room reserved. */
static void copy_description(pmindex_compound *dst, const pmindex_compound *src)
{
    dst->managed = src->managed;
    dst->households = src->households;
    dst->line = src->line;
    for (int f = 0; f < PM_FIELD_COUNT; f++) {
        memcpy(dst->own[f], src->field[f], strlen(src->field[f]) + 1);
        dst->field[f] = dst->own[f];
    }
}

PMINDEX_API int pmindex_compound_copy(pmindex_compound *dst, const pmindex_compound *src)
{
    if (!dst || !src || dst->model != src->model)
        return PMINDEX_E_INVALID;
    if (dst == src)
        return PMINDEX_OK;
    if (reserve_fields(dst, src) != PMINDEX_OK)
        return finish(dst, PMINDEX_E_NOMEM, &nomem_error);
    const pmindex_model *m = src->model;
    memcpy(dst->values, src->values, (size_t)m->nitems * sizeof *dst->values);
    if (m->nvetoes)
        memcpy(dst->vetoes, src->vetoes, (size_t)m->nvetoes);
    copy_description(dst, src);
    return finish(dst, PMINDEX_OK, NULL);
}

PMINDEX_API int pmindex_compound_translate(pmindex_compound *dst, const pmindex_compound *src)
{
    if (!dst || !src || dst == src)
        return PMINDEX_E_INVALID;
    struct pm_translation t;
    struct pmindex_error e;
    pm_error_clear(&e);
    pm_translation_lookup(&t, src->model, dst->model);
    /* Checked first and written after: on error dst is as it was. */
    int rc = pm_translate_values(&t, dst, src, false, &e);
    if (rc != PMINDEX_OK)
        return finish(dst, rc, &e);
    if (reserve_fields(dst, src) != PMINDEX_OK)
        return finish(dst, PMINDEX_E_NOMEM, &nomem_error);
    pm_translate_values(&t, dst, src, true, &e);
    copy_description(dst, src);
    return finish(dst, PMINDEX_OK, NULL);
}
