/* The verdict on one compound, as pmindex_assess() leaves it. */
#ifndef PM_ASSESS_H
#define PM_ASSESS_H

#include "internal.h"

struct pm_reason {
    int32_t rule, arg;
};

struct pmindex_assessment {
    const pmindex_model *model;
    int64_t *item_points; /* per item; PM_NA when not applicable */
    int64_t *earned;      /* per indicator: e_k */
    int64_t *applicable;  /* per indicator: a_k, 0 when it has no points */
    int64_t *points;      /* per indicator: p_k */
    int64_t index;
    bool has_index;
    int64_t cov_num, cov_den;
    int32_t tier, card;
    int32_t nreasons;
    struct pm_reason *reasons;
};

/* Rules 2-9 from the sums e_k and a_k the assessment holds (rule 1 left
 * them in earned and applicable) and the compound's confirmed vetoes: the
 * rest of pmindex_assess(), also used to ask what a changed compound would
 * get (margins.c). */
void pm_assess_sums(const pmindex_model *m, const uint8_t *vetoes, pmindex_assessment *a);

/* Writes a reason's stable key ("veto:V1", "downgrade:C", ...). */
void pm_out_reason_key(struct pm_out *o, const pmindex_model *m, const struct pm_reason *r);

#endif
