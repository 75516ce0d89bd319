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

struct pmindex_margins {
    const pmindex_model *model;
    pmindex_assessment *a;       /* the compound's verdict */
    pmindex_assessment *what_if; /* the verdict of a changed compound */
    uint8_t *vetoes;             /* the compound's vetoes, one lifted */
    int64_t *bound;              /* per indicator: [2k] e flips up, [2k + 1] down; -1 none */
    int64_t *breaks;             /* the points where an indicator's verdict can change */
    struct pm_flip *flips;       /* 2 per item, 1 per veto at most */
    int32_t nflips;
    bool computed, has_tier, fragile;
    int64_t down, up; /* index margins; up -1 in the best tier */
};

/* The steps of a flip in hundredths, rounded up; -1 when not in steps. */
int64_t pm_flip_steps(const struct pm_flip *f);

/* Writes a flip as "C4:3>2=good/none" (the CSV's flips cell). */
void pm_out_flip(struct pm_out *o, const pmindex_model *m, const struct pm_flip *f);

/* The stable keys of flip directions in records: "better", "worse"... */
extern const char *const pm_flip_direction_keys[6];

#endif
