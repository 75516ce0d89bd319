/* A district's period: the verdicts of its compounds kept compactly, their
 * ranks and the summaries of streets, police stations and companies. */
#ifndef PM_DISTRICT_H
#define PM_DISTRICT_H

#include "assess.h"
#include "idset.h"
#include "names.h"
#include "sheet.h"

/* The scopes that have groups, as indexes of pmindex_district.scope and
 * pm_dc.group: the public scope less one. Loops that take the whole
 * district too (as one group) start from PM_GROUP_WHOLE. */
enum pm_group_scope {
    PM_GROUP_WHOLE = PMINDEX_SCOPE_DISTRICT - 1,
    PM_GROUP_STREET = PMINDEX_SCOPE_STREET - 1,
    PM_GROUP_STATION = PMINDEX_SCOPE_STATION - 1,
    PM_GROUP_COMPANY = PMINDEX_SCOPE_COMPANY - 1,
    PM_GROUP_SCOPES /* how many scopes have groups */
};

/* The group scope of a public scope other than the district, and the
 * public scope of a group scope (PMINDEX_SCOPE_DISTRICT for the whole). */
static inline int pm_group_scope(int32_t scope)
{
    return scope - 1;
}

static inline int32_t pm_public_scope(int s)
{
    return s + 1;
}

/* An index is 0 .. 100.00 points: one of PM_INDEX_SPAN values. */
enum { PM_INDEX_SPAN = PM_CENTI_FULL + 1 };

/* The order of rank: tier first (0 best), then the index, highest first.
 * Only for compounds with a tier. */
static inline uint32_t pm_rank_key(int32_t tier, int64_t index)
{
    return (uint32_t)tier * PM_INDEX_SPAN + (uint32_t)(PM_CENTI_FULL - index);
}

/* A compound's rank in a public scope, 0 when unranked (a computed district). */
int32_t pm_district_rank(const struct pmindex_district *d, uint32_t k, int32_t scope);

/* The company lists (PMINDEX_LIST_*) of a weighted mean index, and whether
 * a compound of the company has a black card. */
int32_t pm_company_lists(const pmindex_model *m, int64_t wmean, bool black);

/* One compound, as much of its verdict as rankings and summaries need. */
struct pm_dc {
    uint64_t text;       /* arena offset: id, NUL, name, NUL */
    int64_t households;  /* -1 when not given */
    uint32_t reasons;    /* first reason in the district's reason array */
    int32_t group[PM_GROUP_SCOPES]; /* by group scope; -1 for none */
    int16_t index;       /* centipoints; -1 without index */
    int16_t coverage;    /* hundredths of a percent */
    int8_t tier, card, managed, nreasons;
};

struct pm_group_stats {
    int64_t compounds, tiered;
    int64_t *tiers; /* [0] fallback, [t + 1] tier t */
    int64_t cards[3];
    int64_t sum, min, max, median;
    int64_t households;        /* sum of the households given */
    int64_t weighted, weight;  /* sum of households x index, of households (tiered) */
    int64_t mean, wmean;       /* rounded */
    int32_t rank;              /* 0 without a mean */
    int32_t lists;
    int64_t black_first, black_count; /* in the scope's black array */
};

struct pm_scope {
    struct pm_names names;  /* name -> group number (order of first sight) */
    char **name;            /* per group, owned */
    int32_t count;
    size_t cap;
    struct pm_group_stats *stats; /* per group, after computing */
    int32_t *order;        /* listing position -> group number */
    uint32_t *black;       /* black-card compounds, by group, in listing order */
};

/* A compound as a district takes it: what pmindex_district_add() reads of
 * a compound and its assessment, and what a sheet's threads pack for
 * pmindex_district_add_sheet(). */
struct pm_drow {
    const char *text[5]; /* id, name, street, station, company ("" when not managed) */
    size_t len[5];
    int64_t households, index, coverage;
    int32_t tier, card, nreasons;
    bool managed, has_index;
    const struct pm_reason *reasons;
    const int16_t *points; /* one an indicator: hundredths, -1 for none */
};

struct pmindex_district {
    const pmindex_model *model;
    struct pm_dc *dc;
    int64_t count;
    size_t cap;
    char *arena;
    size_t arena_len, arena_cap;
    int16_t *points; /* count x nindicators: hundredths (at most 100.00), -1 for none */
    size_t points_cap; /* compounds points has room for */
    struct pm_reason *reasons;
    uint32_t nreasons;
    size_t reasons_cap;
    struct pm_idset ids; /* the compound ids, kept in the arena: to refuse duplicates */
    struct pm_scope scope[PM_GROUP_SCOPES];
    struct pm_group_stats whole; /* the district as one group */
    int64_t *tier_store;         /* the tier counts of every group */
    bool computed;
    uint32_t *order; /* listing position -> compound number */
    int64_t ranked;  /* compounds with a rank (the first of the listing) */
    uint32_t *bucket; /* rank key -> where its compounds begin in the listing */
    int32_t *granks;  /* count x PM_GROUP_SCOPES: ranks in the groups, 0 unranked */
    uint32_t *black;  /* the black-card compounds, in listing order */
    size_t nblack;
    /* pmindex_district_add_sheet(): what the sheet's threads do for the
     * district, its own assessment for the rows they did not, and the sheet
     * whose ids need no check (the district had none before it). */
    struct pm_row_hook hook;
    pmindex_assessment *assessment;
    const pmindex_sheet *trusted;
    struct pmindex_error error;
};

#endif
