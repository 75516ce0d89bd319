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

/* A compound's verdict in a period of a ledger: as stored, or under the
 * new model (the columns of a ledger row the ladder records give). */
struct pm_ladder_verdict {
    int64_t index; /* centipoints, -1 for none */
    int32_t tier;  /* of the side's model, PMINDEX_TIER_FALLBACK */
    int32_t card, level_before, level, clean, measure, events; /* measure -1 for none */
};

/* A compound and period whose card, level or measure under the new model
 * differs from the ledger's. */
struct pm_ladder_change {
    int32_t period;
    int32_t model; /* the stored side's: its index in the impact's stored models */
    size_t text;   /* compound_id, name, street, station, company in texts, each ending in NUL */
    struct pm_ladder_verdict side[2];
};

/* A period's totals under each model, by enum pmindex_impact_total. */
enum { PM_IMPACT_TOTALS = PMINDEX_TOTAL_CHANGED + 1 };
struct pm_ladder_period {
    int32_t period;
    int64_t total[2][PM_IMPACT_TOTALS];
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
    /* Fed from a ledger's period (impact_ledger.c): the models of the
     * periods replayed as the ledger keeps them (owned; the period compared
     * on first), each period's totals, the ladder's differences and their
     * texts. */
    bool from_ledger;
    pmindex_model **stored;
    int32_t nstored;
    struct pm_ladder_period *periods;
    int64_t nperiods;
    size_t periods_cap;
    struct pm_ladder_change *ladder;
    int64_t nladder;
    size_t ladder_cap;
    char *texts;
    size_t texts_len, texts_cap;
};

/* Adds a compound of the old model, checked by the caller (impact.c). */
int pm_impact_add(pmindex_impact *imp, const pmindex_compound *c);
/* Frees what feeding from a ledger made (impact_ledger.c). */
void pm_impact_ledger_free(pmindex_impact *imp);

/* The district scope of a group part, or -1. */
int32_t pm_impact_scope(int32_t part);
/* A tier as a row or column of the matrix: fallback last. */
int32_t pm_impact_tier_slot(const pmindex_model *m, int32_t tier);

#endif
