/* The Monte Carlo analysis of a district (uncertainty.c): its compounds as
 * the samples need them, and its results, as the statistics
 * (uncertainty_stats.c) and the records (uncertainty_rows.c) read them. */
#ifndef PM_UNCERTAINTY_H
#define PM_UNCERTAINTY_H

#include "arith.h"
#include "district.h"

/* The weight factors are multiples of 1/PM_WEIGHT_DEN. */
#define PM_WEIGHT_DEN INT64_C(1000000)

/* A statistic with its bootstrap interval; has is false when undefined. */
struct pm_estimate {
    int64_t value, low, high;
    bool has;
};

/* One input of the sensitivity analysis. */
struct pm_input {
    int32_t kind;      /* enum pmindex_uncertain_input */
    int32_t indicator; /* of a weight; -1 */
    struct pm_estimate measure[4]; /* by enum pmindex_sensitivity */
};

/* The order statistics of a rank over the samples; median 0: unranked. */
struct pm_rank_stats {
    int32_t median, low, high;
};

struct pmindex_uncertainty {
    const pmindex_model *model;
    struct pmindex_error error;
    int64_t ppm[4]; /* by enum pmindex_uncertain_input */

    /* The model seen by the samples: its rate items ("slots"). */
    int32_t nrates;
    int32_t *rate_item; /* per slot: the item */

    /* The compounds, as added: per compound nindicators earned points of
     * the items that are not rate items and nindicators applicable
     * points (fixed), nrates observations (rates, PM_NA when not
     * applicable), whether a veto is confirmed and the id's hash (to
     * check the district's compounds are these). */
    int64_t count, cap;
    int32_t *fixed;
    int64_t *rates;
    uint8_t *veto;
    uint64_t *id_hash;
    pmindex_assessment *scratch;

    /* The results. */
    bool run;
    const pmindex_district *district;
    int64_t samples;
    uint64_t seed;
    uint32_t *tier_counts; /* count x (ntiers + 1): [0] fallback, [t + 1] tier t */
    uint32_t *card_counts; /* count x 3 */
    struct pm_rank_stats *ranks; /* per compound */
    struct pm_rank_stats *group_ranks[PM_GROUP_SCOPES]; /* per group (internal number) */
    uint32_t *list_counts; /* per company (internal number) x 2: honour, watch */
    int32_t ninputs;
    struct pm_input *inputs;
    struct pm_estimate shift; /* the mean absolute rank shift, centiranks */
    int64_t *intervals;       /* (samples + 1) x 2: the Wilson interval of each count
                                 that occurs, for the records */
};

/* The Wilson interval of count over the run's samples (pmindex_probability_interval()). */
void pm_uncertainty_interval(const pmindex_uncertainty *u, int64_t count, int64_t *low,
                             int64_t *high);

/* ---- statistics (uncertainty_stats.c) ---------------------------------------- */

/* The median and 5th and 95th percentiles of n values (reordered). */
struct pm_rank_stats pm_rank_stats_of(int32_t *values, int64_t n);

/* The sums one sample matrix contributes to the sensitivity analysis: per
 * sample j, the rank shift of matrix A, of matrix B and of each input's
 * mixed matrix (A with that input from B), and the cards changed with each
 * input alone varied. */
struct pm_sobol_data {
    int64_t n;        /* samples */
    int32_t ninputs;
    const uint64_t *ya, *yb; /* per sample */
    const uint64_t *yab;     /* per input x sample */
    const uint64_t *cards;   /* per input x sample */
    int64_t compounds;       /* of the district: the denominator of the cards' share */
    int64_t ranked;          /* ranked compounds: the denominator of the shift */
};

/* The estimates and their bootstrap intervals: the inputs' measures and the
 * mean rank shift. threads > 1 splits the replicates. Returns PMINDEX_OK,
 * PMINDEX_E_NOMEM or PMINDEX_E_LIMIT (sums beyond 128 bits). */
int pm_sobol(const struct pm_sobol_data *data, uint64_t seed, int32_t threads,
             struct pm_input *inputs, struct pm_estimate *shift);

#endif
