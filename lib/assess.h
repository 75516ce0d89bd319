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
    int32_t nreasons, reasons_cap;
    struct pm_reason *reasons;
};

/* The most reasons one assessment of the model gives: the room its
 * reasons need (assess.c adds them, and asserts it): every veto, a
 * downgrade per indicator, a black card per share floor, and at most one
 * each of fallback, black card for the tier, black card for a veto and
 * red card. */
enum { PM_ONE_OFF_REASONS = 4 };
size_t pm_max_reasons(const pmindex_model *m);

/* Rules 2-9 from the sums e_k and a_k the assessment holds (rule 1 left
 * them in earned and applicable) and the compound's confirmed vetoes: the
 * rest of pmindex_assess(), also used to ask what a changed compound would
 * get (margins.c). */
void pm_assess_sums(const pmindex_model *m, const uint8_t *vetoes, pmindex_assessment *a);

/* Writes a reason's stable key ("veto:V1", "downgrade:C", ...). */
void pm_out_reason_key(struct pm_out *o, const pmindex_model *m, const struct pm_reason *r);
/* Writes a rule in a few words of a language (pmindex_assessment_reason_label()). */
void pm_out_reason_label(struct pm_out *o, const pmindex_model *m, int32_t rule, int32_t arg,
                         int32_t lang);

#endif
