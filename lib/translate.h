/* Carrying a compound's observations from one model to another by item and
 * veto id: pmindex_compound_translate() and the impact of a new model. */
#ifndef PM_TRANSLATE_H
#define PM_TRANSLATE_H

#include "compound.h"

struct pm_translation {
    const pmindex_model *from, *to;
    /* Per item (veto) of `to`: the item (veto) of `from` with its id, or -1.
     * NULL: looked up by name at each use (no allocation). */
    int32_t *item, *veto;
    /* Per item of `to`: 1 when every observation of its item in `from` is
     * one of it as it is (no level to map, no range to check). */
    uint8_t *as_is;
};

/* A translation that looks ids up at each use. */
void pm_translation_lookup(struct pm_translation *t, const pmindex_model *from,
                           const pmindex_model *to);
/* A translation with the ids matched once. PMINDEX_OK or PMINDEX_E_NOMEM. */
int pm_translation_init(struct pm_translation *t, const pmindex_model *from,
                        const pmindex_model *to);
void pm_translation_free(struct pm_translation *t);

/* The item (veto) of `from` that item (veto) i of `to` comes from, or -1. */
int32_t pm_translation_item(const struct pm_translation *t, int32_t i);
int32_t pm_translation_veto(const struct pm_translation *t, int32_t v);

/* Carries src's observations and vetoes into dst (of t->to), or with
 * write false only checks that they can be. On failure returns
 * PMINDEX_E_RANGE with e naming the item (field), the value and why, at
 * src's line; dst may then be half written. Fields are not touched. */
int pm_translate_values(const struct pm_translation *t, pmindex_compound *dst,
                        const pmindex_compound *src, bool write, struct pmindex_error *e);

#endif
