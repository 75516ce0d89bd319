/* A district's period: the verdicts of its compounds kept compactly, their
 * ranks and the summaries of streets, police stations and companies. */
#ifndef PM_DISTRICT_H
#define PM_DISTRICT_H

#include "assess.h"
#include "names.h"

/* An index is 0 .. 10000 centipoints. */
enum { PM_INDEX_SPAN = 10001 };

/* The order of rank: tier first (0 best), then the index, highest first.
 * Only for compounds with a tier. */
static inline uint32_t pm_rank_key(int32_t tier, int64_t index)
{
    return (uint32_t)tier * PM_INDEX_SPAN + (uint32_t)(10000 - index);
}

/* The company lists (PMINDEX_LIST_*) of a weighted mean index, and whether
 * a compound of the company has a black card. */
int32_t pm_company_lists(const pmindex_model *m, int64_t wmean, bool black);

/* The hash of a compound_id (FNV-1a). */
uint64_t pm_id_hash(const char *s, size_t len);

/* The scopes that have groups: street, station, company (district is the
 * whole as one group). */
enum { PM_GROUP_SCOPES = 3 };

/* One compound, as much of its verdict as rankings and summaries need. */
struct pm_dc {
    uint64_t text;       /* arena offset: id, NUL, name, NUL */
    int64_t households;  /* -1 when not given */
    uint32_t reasons;    /* first reason in the district's reason array */
    int32_t group[PM_GROUP_SCOPES]; /* street, station, company; -1 for none */
    int32_t rank[1 + PM_GROUP_SCOPES]; /* district, street, station, company; 0 unranked */
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
    int32_t count, cap;
    struct pm_group_stats *stats; /* per group, after computing */
    int32_t *order;        /* listing position -> group number */
    uint32_t *black;       /* black-card compounds, by group, in listing order */
};

struct pmindex_district {
    const pmindex_model *model;
    struct pm_dc *dc;
    int64_t count, cap;
    char *arena;
    uint64_t arena_len, arena_cap;
    int32_t *points; /* count x nindicators; -1 for an indicator with no points */
    struct pm_reason *reasons;
    uint32_t nreasons, reasons_cap;
    uint64_t *slots; /* id hash: hash bits << 32 | (1 + compound number), 0 empty */
    uint64_t nslots;
    struct pm_scope scope[PM_GROUP_SCOPES];
    struct pm_group_stats whole; /* the district as one group */
    int64_t *tier_store;         /* the tier counts of every group */
    bool computed;
    uint32_t *order; /* listing position -> compound number */
    int64_t ranked;  /* compounds with a rank (the first of the listing) */
    struct pmindex_error error;
};

#endif
