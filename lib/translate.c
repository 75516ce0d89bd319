/* An observation made for one model read for another: by item id, a graded
 * level by its label (else its value), any other value checked as a
 * sheet's would be under the other model. */
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "model.h"
#include "translate.h"

/* The item (veto) of m with an id, or -1. */
static int32_t find_item(const pmindex_model *m, const char *id)
{
    int32_t i = pmindex_model_find_item(m, id);
    return i >= 0 ? i : -1;
}

static int32_t find_veto(const pmindex_model *m, const char *id)
{
    int32_t v = pmindex_model_find_veto(m, id);
    return v >= 0 ? v : -1;
}

void pm_translation_lookup(struct pm_translation *t, const pmindex_model *from,
                           const pmindex_model *to)
{
    *t = (struct pm_translation){.from = from, .to = to};
}

static int64_t carry_level(const struct pm_item *a, const struct pm_item *b, int64_t v);

/* A rate item whose observations are shares: it takes none above 1. */
static bool share(const struct pm_item *it)
{
    return it->zero <= PMINDEX_VALUE_SCALE && it->full <= PMINDEX_VALUE_SCALE;
}

/* Whether every observation of a is one of b as it is. */
static bool same_observations(const struct pm_item *a, const struct pm_item *b)
{
    if (a->type != b->type)
        return false;
    switch (b->type) {
    case PMINDEX_ITEM_GRADED:
        for (int32_t j = 0; j < a->nlevels; j++)
            if (carry_level(a, b, a->levels[j].value) != a->levels[j].value)
                return false;
        return true;
    case PMINDEX_ITEM_RATE: return !share(b) || share(a);
    default: return true; /* pass/fail and findings mean the same in any model */
    }
}

int pm_translation_init(struct pm_translation *t, const pmindex_model *from,
                        const pmindex_model *to)
{
    pm_translation_lookup(t, from, to);
    size_t ids = (size_t)to->nitems + (size_t)to->nvetoes + 1;
    t->item = malloc(ids * sizeof *t->item + (size_t)to->nitems + 1);
    if (!t->item)
        return PMINDEX_E_NOMEM;
    t->veto = t->item + to->nitems;
    t->as_is = (uint8_t *)(t->item + ids);
    for (int32_t i = 0; i < to->nitems; i++) {
        t->item[i] = find_item(from, to->items[i].id);
        t->as_is[i] = t->item[i] >= 0 && same_observations(&from->items[t->item[i]], &to->items[i]);
    }
    for (int32_t v = 0; v < to->nvetoes; v++)
        t->veto[v] = find_veto(from, to->vetoes[v].id);
    return PMINDEX_OK;
}

void pm_translation_free(struct pm_translation *t)
{
    free(t->item); /* the vetoes and as_is share its block */
    t->item = t->veto = NULL;
    t->as_is = NULL;
}

int32_t pm_translation_item(const struct pm_translation *t, int32_t i)
{
    if (t->from == t->to)
        return i;
    return t->item ? t->item[i] : find_item(t->from, t->to->items[i].id);
}

int32_t pm_translation_veto(const struct pm_translation *t, int32_t v)
{
    if (t->from == t->to)
        return v;
    return t->veto ? t->veto[v] : find_veto(t->from, t->to->vetoes[v].id);
}

/* Places the error set in e at the item, its value and the compound's line. */
static int refuse(struct pmindex_error *e, const struct pm_item *it, int64_t v, int64_t line)
{
    char text[PM_DECIMAL_TEXT];
    pm_error_set_value(e, text, pm_decimal_text(v, text));
    pm_error_set_section(e, NULL, it->id);
    e->line = line;
    return e->code;
}

static const char *type_name(int32_t type)
{
    static const char *const names[] = {"", "graded", "pass/fail", "deduct", "rate"};
    return names[type];
}

/* A graded level: the level of `b` with the label of a's level v, else
 * with its value; -1 when there is none. */
static int64_t carry_level(const struct pm_item *a, const struct pm_item *b, int64_t v)
{
    int32_t j = 0;
    while (j < a->nlevels && a->levels[j].value != v)
        j++;
    if (j == a->nlevels) /* not a level of a: as the value itself */
        j = -1;
    for (int32_t k = 0; j >= 0 && k < b->nlevels; k++)
        for (int lang = 0; lang < 2; lang++)
            if (strcmp(a->levels[j].label[lang], b->levels[k].label[lang]) == 0)
                return b->levels[k].value;
    for (int32_t k = 0; k < b->nlevels; k++)
        if (b->levels[k].value == v)
            return v;
    return -1;
}

/* Observation v of item si of `from` as an observation of item di of `to`. */
static int carry(const struct pm_translation *t, int32_t si, int32_t di, int64_t v, int64_t line,
                 int64_t *out, struct pmindex_error *e)
{
    const struct pm_item *a = &t->from->items[si], *b = &t->to->items[di];
    *out = v;
    if (v == PM_NA || t->from == t->to || (t->as_is && t->as_is[di]))
        return PMINDEX_OK;
    if (a->type != b->type) {
        pm_error_set(e, PMINDEX_E_RANGE,
                     "item %s is a %s item in the compound's model but a %s item in the model it "
                     "is carried to: its observation cannot be carried over",
                     b->id, type_name(a->type), type_name(b->type));
        return refuse(e, b, v, line);
    }
    if (b->type == PMINDEX_ITEM_GRADED) {
        if ((*out = carry_level(a, b, v)) >= 0)
            return PMINDEX_OK;
        pm_error_set(e, PMINDEX_E_RANGE,
                     "graded item %s has no level of this label or value in the model it is "
                     "carried to",
                     b->id);
        return refuse(e, b, v, line);
    }
    /* The check of a sheet's value under the other model (a rate's range). */
    if (pm_check_item_value(t->to, di, v, e) != PMINDEX_OK)
        return refuse(e, b, v, line);
    return PMINDEX_OK;
}

int pm_translate_values(const struct pm_translation *t, pmindex_compound *dst,
                        const pmindex_compound *src, bool write, struct pmindex_error *e)
{
    const pmindex_model *to = t->to;
    for (int32_t i = 0; i < to->nitems; i++) {
        int32_t si = pm_translation_item(t, i);
        int64_t v = PM_NA;
        if (si >= 0) {
            int rc = carry(t, si, i, src->values[si], src->line, &v, e);
            if (rc != PMINDEX_OK)
                return rc;
        }
        if (write)
            dst->values[i] = v;
    }
    for (int32_t v = 0; write && v < to->nvetoes; v++) {
        int32_t sv = pm_translation_veto(t, v);
        dst->vetoes[v] = sv >= 0 ? src->vetoes[sv] : 0;
    }
    return PMINDEX_OK;
}
