/* The margins and flips of one verdict (margins.c), as the record writer
 * (results.c) and the programs read them. */
#ifndef PM_MARGINS_H
#define PM_MARGINS_H

#include "assess.h"

struct pm_flip {
    int32_t element;   /* item, or veto for PMINDEX_FLIP_LIFTED */
    int32_t direction; /* enum pmindex_flip_direction */
    int32_t tier, card;
    int64_t from, to;
    /* The change is dist / unit steps; unit 0 when not measured in steps. */
    int64_t dist, unit;
};

/* Numbers kept per indicator about where its earned points flip the
 * verdict (margins.c). */
enum { PM_BOUNDS = 6 };

struct pmindex_margins {
    const pmindex_model *model;
    const pmindex_assessment *a; /* the compound's verdict: own, or the caller's */
    pmindex_assessment *own;     /* made by pmindex_margins_new() */
    pmindex_assessment *what_if; /* the verdict of a changed compound */
    uint8_t *vetoes;             /* the compound's vetoes, one lifted */
    uint8_t *own_flags;          /* per indicator: below the downgrade share, a black floor */
    int64_t *bound;              /* per indicator: where its earned points flip the verdict */
    int64_t *breaks;             /* the points where an indicator's verdict can change */
    struct pm_flip *flips;       /* 2 per item, 1 per veto at most */
    int32_t nflips;
    bool computed, has_tier, fragile;
    int64_t down, up; /* index margins; up -1 in the best tier */
};

/* Room for the margins of a small model (as the default one) on the stack:
 * the record writer finds a million compounds' margins without allocating. */
enum { PM_SMALL_ITEMS = 64, PM_SMALL_INDICATORS = 16, PM_SMALL_VETOES = 16, PM_SMALL_SHARES = 16 };
struct pm_margins_small {
    struct pmindex_margins g;
    struct pmindex_assessment own, what_if;
    int64_t nums[2][PM_SMALL_ITEMS + 3 * PM_SMALL_INDICATORS];
    struct pm_reason reasons[2][PM_ONE_OFF_REASONS + PM_SMALL_VETOES + PM_SMALL_INDICATORS +
                                PM_SMALL_SHARES]; /* pm_max_reasons() of a small model */
    uint8_t vetoes[PM_SMALL_VETOES];
    uint8_t own_flags[PM_SMALL_INDICATORS];
    int64_t bound[PM_BOUNDS * PM_SMALL_INDICATORS];
    int64_t breaks[PMINDEX_MAX_TIERS + 1 + PM_SMALL_SHARES];
    struct pm_flip flips[2 * PM_SMALL_ITEMS + PM_SMALL_VETOES];
};

/* Sets s up for model m (s.g then works as a pmindex_margins that is not
 * freed); false when m is too large for it. */
bool pm_margins_small_init(struct pm_margins_small *s, const pmindex_model *m);

/* The margins of compound c, whose verdict a is (pmindex_assess()), into g
 * (made by pmindex_margins_new() or pm_margins_small_init()). */
void pm_margins_of(pmindex_margins *g, const pmindex_compound *c, const pmindex_assessment *a);

/* The steps of a flip in hundredths, rounded up; -1 when not in steps. */
int64_t pm_flip_steps(const struct pm_flip *f);

/* Writes a flip as "C4:3>2=good/none" (the CSV's flips cell). */
void pm_out_flip(struct pm_out *o, const pmindex_model *m, const struct pm_flip *f);

/* The stable keys of flip directions in records: "better", "worse"... */
extern const char *const pm_flip_direction_keys[6];

#endif
