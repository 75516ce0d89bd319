/* The impact of a new model: what pmindex_impact holds (impact.c computes
 * it, impact_records.c writes it). */
#ifndef PM_IMPACT_H
#define PM_IMPACT_H

#include "assess.h"
#include "names.h"
#include "translate.h"

/* The group parts (streets, stations, companies) as district scopes. */
enum { PM_IMPACT_GROUP_PARTS = 3 };

/* An item that accounts for a change. */
struct pm_item_change {
    int16_t item[2];   /* its index in the old and the new model; -1 for none */
    int32_t points[2]; /* centipoints; -1 when not applicable or absent */
    int32_t delta;     /* the change of its part of the index, centipoints */
};

/* A compound whose tier or card changes. */
struct pm_change {
    uint32_t compound;
    uint32_t items;    /* first in the impact's item changes */
    uint32_t rules;    /* first in the impact's rules: old-only, then new-only */
    uint16_t nitems;
    uint16_t nrules[2]; /* old-only, new-only */
    int16_t coverage[2]; /* hundredths of a percent */
};

struct pmindex_impact {
    const pmindex_model *model[2]; /* old, new */
    pmindex_district *district[2];
    pmindex_assessment *assessment[2];
    pmindex_compound *carried; /* the compound carried over to the new model */
    struct pm_translation translation;
    /* Items and vetoes only one model has: code = which << 31 | veto << 30 | index. */
    uint32_t *columns;
    int64_t ncolumns;
    /* Per compound: the ladder events under each model. */
    int8_t *events[2];
    int64_t count;
    size_t cap;
    /* Transitions: (old tiers + 1) x (new tiers + 1), fallback last; cards 3 x 3. */
    int64_t *tiers;
    /* Per old tier slot (fallback last): the new tier slot of the same key, or -1. */
    int32_t *same_tier;
    int64_t cards[3][3];
    struct pm_change *changes;
    int64_t nchanges;
    size_t changes_cap;
    struct pm_item_change *items;
    uint32_t nitems; /* 32 bits: a change refers to its first item so */
    size_t items_cap;
    struct pm_reason *rules;
    uint32_t nrules;
    size_t rules_cap;
    /* Scratch of pmindex_impact_add(): one entry per item of both models. */
    struct pm_item_change *scratch;
    /* After computing: risers and fallers, biggest move first; per group
     * part, the old district's group of each new district's group. */
    uint32_t *movers[2]; /* [0] up, [1] down */
    int64_t nmovers[2];
    int32_t *old_group[PM_IMPACT_GROUP_PARTS];
    bool computed, broken;
    struct pmindex_error error;
};

/* The district scope of a group part, or -1. */
int32_t pm_impact_scope(int32_t part);
/* A tier as a row or column of the matrix: fallback last. */
int32_t pm_impact_tier_slot(const pmindex_model *m, int32_t tier);

#endif
