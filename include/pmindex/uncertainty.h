/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file uncertainty.h
 * @brief How sure a district's verdicts are: a Monte Carlo uncertainty and
 *        sensitivity analysis of its tiers, cards, ranks and lists.
 *
 * Part of the public API; `#include <pmindex/pmindex.h>` gives every part.
 * This header compiles alone. The conventions of every function are those
 * of pmindex.h.
 *
 * The analysis varies what the verdicts rest on, each input optional:
 *
 * - #PMINDEX_INPUT_WEIGHTS: every indicator's weight times a factor drawn
 *   uniformly from [1 - w, 1 + w] (a multiple of 1/1,000,000); the index is
 *   renormalised by the varied weights (it divides by their sum, as rule 3
 *   does);
 * - #PMINDEX_INPUT_GOALPOSTS: each goalpost of every rate item moved by a
 *   whole number of units of 1/#PMINDEX_VALUE_SCALE drawn uniformly from
 *   [-g x span, +g x span] (g below 50%, so the goalposts keep their order);
 * - #PMINDEX_INPUT_ERRORS: every rate observation off by a whole number of
 *   units drawn uniformly from [-e x span, +e x span], kept within what a
 *   sheet can give (0 to 1 for a share).
 *
 * Each sample applies the model's rules to the varied inputs in exact
 * integer arithmetic, like pmindex_assess(): an indicator earns
 * round(W_k F_k e_k / (10^6 a_k)) centipoints for a factor F_k / 10^6, and
 * the index is round(10000 sum_p / sum(W_k F_k / 10^6)). With every input
 * at 0 each sample is the plain verdict.
 *
 * The numbers come from SplitMix64 in streams keyed by the seed and by what
 * they are for (README, "How sure is a verdict"), so the same seed gives
 * the same bytes on every machine, with any number of threads, in C and in
 * Python. Nothing here changes a verdict: it reports how sure one is.
 *
 * Results, over the samples of the uncertainty analysis:
 * - per compound, how often it gets each tier, a red and a black card
 *   (probabilities with 95% Wilson score intervals,
 *   pmindex_probability_interval()), and its district rank's median and
 *   5th and 95th percentiles;
 * - per street, police station and company, its rank's median and
 *   percentiles, and per company how often it is on each list;
 * - per input (each indicator's weight, the goalposts, the measurement
 *   errors): one at a time, the share of compounds whose card changes; and
 *   the first-order and total Sobol indices of the mean absolute rank shift
 *   (Saltelli sampling, Jansen estimators), each with a 95% bootstrap
 *   confidence interval.
 * @since 1.2
 */
#ifndef PMINDEX_UNCERTAINTY_H
#define PMINDEX_UNCERTAINTY_H

#include <pmindex/district.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/** @name Uncertainty and sensitivity of a district's verdicts */
/* ======================================================================== */
/** @{ */

/**
 * A Monte Carlo analysis of one district's period: the compounds (add the
 * ones added to the district, in the same order), the inputs to vary, and
 * after pmindex_uncertainty_run() the results.
 * @since 1.2
 */
typedef struct pmindex_uncertainty pmindex_uncertainty;

/** Millionths: probabilities, shares and indices are given in them. @since 1.2 */
#define PMINDEX_PPM INT64_C(1000000)

/** Limits of a run. @since 1.2 */
enum pmindex_uncertainty_limits {
    PMINDEX_UNCERTAINTY_MAX_SAMPLES = 1000000, /**< samples of one run */
    PMINDEX_UNCERTAINTY_MAX_THREADS = 256,     /**< threads of one run */
    PMINDEX_UNCERTAINTY_BOOTSTRAP = 1000       /**< bootstrap replicates of each interval */
};

/** The inputs that can be varied. @since 1.2 */
enum pmindex_uncertain_input {
    PMINDEX_INPUT_WEIGHTS = 1,   /**< the indicators' weights (one input per indicator) */
    PMINDEX_INPUT_GOALPOSTS = 2, /**< the rate items' goalposts (one input) */
    PMINDEX_INPUT_ERRORS = 3     /**< the rate items' observations (one input) */
};

/** What pmindex_uncertainty_sensitivity() reads. @since 1.2 */
enum pmindex_sensitivity {
    PMINDEX_SENSITIVITY_CARDS = 1,       /**< one input varied at a time: the share of the
                                              district's compounds whose card changes */
    PMINDEX_SENSITIVITY_FIRST_ORDER = 2, /**< first-order Sobol index of the mean absolute
                                              rank shift */
    PMINDEX_SENSITIVITY_TOTAL = 3        /**< total Sobol index of the mean absolute rank shift */
};

/**
 * Makes an empty analysis.
 * @param model the model; must outlive the analysis.
 * @param uncertainty_out receives it; free it with pmindex_uncertainty_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_uncertainty_new(const pmindex_model *model, pmindex_uncertainty **uncertainty_out);

/** @param uncertainty an analysis, or NULL. Frees it. @since 1.2 */
void pmindex_uncertainty_free(pmindex_uncertainty *uncertainty);

/**
 * The error of the last failed call on the analysis.
 * @param uncertainty an analysis.
 * @return the error; valid until the next call on the analysis.
 * @since 1.2
 */
const pmindex_error *pmindex_uncertainty_error(const pmindex_uncertainty *uncertainty);

/**
 * Adds a compound: what its samples need (its observations and vetoes) is
 * copied, so the compound may be reused at once. Add every compound added
 * to the district, in the same order.
 * @param uncertainty an analysis not yet run.
 * @param compound the compound.
 * @return #PMINDEX_OK; #PMINDEX_E_STATE after a run; #PMINDEX_E_LIMIT
 *         beyond 2^31 - 3 compounds; #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID
 *         for NULL or a compound of another model.
 * @since 1.2
 */
int pmindex_uncertainty_add(pmindex_uncertainty *uncertainty, const pmindex_compound *compound);

/**
 * Sets how much an input varies (0 by default: not at all).
 * @param uncertainty an analysis not yet run.
 * @param input a #pmindex_uncertain_input.
 * @param ppm the share w, g or e in millionths: 200000 for 20%. Weights
 *        take 0 to 999999, goalposts 0 to 499999, errors 0 to 1000000.
 * @return #PMINDEX_OK; #PMINDEX_E_RANGE for a share out of its range;
 *         #PMINDEX_E_STATE after a run; #PMINDEX_E_INVALID for NULL or an
 *         unknown input. pmindex_uncertainty_error() says why.
 * @since 1.2
 */
int pmindex_uncertainty_set(pmindex_uncertainty *uncertainty, int32_t input, int64_t ppm);

/**
 * Runs the analysis: @p samples samples of the uncertainty analysis and,
 * for the sensitivity analysis, as many of a second independent matrix
 * and, for each input, one sample with that input from the second matrix
 * (Saltelli) and one with that input alone varied. Memory: 4 bytes per
 * sample and ranked compound (the ranks), plus a few per compound and
 * thread.
 * @param uncertainty an analysis not yet run.
 * @param district the computed district of the same compounds; must
 *        outlive the analysis (the results are read through it).
 * @param samples 1 to #PMINDEX_UNCERTAINTY_MAX_SAMPLES.
 * @param seed any number: the same seed gives the same results.
 * @param threads 1 to #PMINDEX_UNCERTAINTY_MAX_THREADS; the results do not
 *        depend on it.
 * @return #PMINDEX_OK; #PMINDEX_E_INVALID for NULL, a district of another
 *         model, not computed, or whose compounds are not the ones added
 *         (pmindex_uncertainty_error() names the first that differs);
 *         #PMINDEX_E_RANGE for samples or threads out of range;
 *         #PMINDEX_E_STATE when already run; #PMINDEX_E_NOMEM;
 *         #PMINDEX_E_UNSUPPORTED when a thread cannot be started.
 * @since 1.2
 */
int pmindex_uncertainty_run(pmindex_uncertainty *uncertainty, const pmindex_district *district,
                            int64_t samples, uint64_t seed, int32_t threads);

/**
 * @param uncertainty an analysis.
 * @return the number of samples of the run, 0 before it.
 * @since 1.2
 */
int64_t pmindex_uncertainty_samples(const pmindex_uncertainty *uncertainty);

/**
 * How many samples give a compound a tier: its probability is this count
 * over pmindex_uncertainty_samples().
 * @param uncertainty a run analysis.
 * @param compound a compound number (the district's numbering).
 * @param tier a tier, or #PMINDEX_TIER_FALLBACK.
 * @return the count; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE (not run) or
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_uncertainty_tier_count(const pmindex_uncertainty *uncertainty, int64_t compound,
                                       int32_t tier);

/**
 * How many samples give a compound a card.
 * @param uncertainty a run analysis.
 * @param compound a compound number.
 * @param card a #pmindex_card.
 * @return the count; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_uncertainty_card_count(const pmindex_uncertainty *uncertainty, int64_t compound,
                                       int32_t card);

/**
 * The rank over the samples: its median and 5th and 95th percentiles (the
 * sample values at positions ceil(p x samples), in increasing order).
 * @param uncertainty a run analysis.
 * @param scope #PMINDEX_SCOPE_DISTRICT for a compound's district rank,
 *        or street, station or company for a group's rank.
 * @param n a compound number, or a group number (the district's listing).
 * @param median_out receives the median; may be NULL.
 * @param low_out receives the 5th percentile; may be NULL.
 * @param high_out receives the 95th percentile; may be NULL.
 * @return 1 when ranked; 0 for a fallback compound or a group without a
 *         compound that has a tier (nothing is written);
 *         #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_uncertainty_rank(const pmindex_uncertainty *uncertainty, int32_t scope, int64_t n,
                             int64_t *median_out, int64_t *low_out, int64_t *high_out);

/**
 * How many samples put a company on a list (pmindex_district_group_lists()).
 * @param uncertainty a run analysis.
 * @param group a company's group number.
 * @param list #PMINDEX_LIST_HONOUR or #PMINDEX_LIST_WATCH.
 * @return the count; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_uncertainty_list_count(const pmindex_uncertainty *uncertainty, int32_t group,
                                       int32_t list);

/**
 * The number of inputs the sensitivity analysis covers: each indicator's
 * weight when weights vary, the goalposts and the errors when they vary
 * and the model has a rate item; 0 before the run.
 * @param uncertainty an analysis.
 * @return the count, or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_uncertainty_input_count(const pmindex_uncertainty *uncertainty);

/**
 * One input of the sensitivity analysis.
 * @param uncertainty a run analysis.
 * @param n an input index, 0 <= n < pmindex_uncertainty_input_count().
 * @param indicator_out receives the indicator of a weight, -1 otherwise;
 *        may be NULL.
 * @return its #pmindex_uncertain_input; #PMINDEX_E_NOT_FOUND or
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_uncertainty_input(const pmindex_uncertainty *uncertainty, int32_t n,
                                  int32_t *indicator_out);

/**
 * A sensitivity measure of one input, in millionths, with its 95%
 * bootstrap interval (#PMINDEX_UNCERTAINTY_BOOTSTRAP replicates over the
 * samples, the 2.5th and 97.5th percentiles). The estimate is rounded half
 * away from zero; the interval outwards. A first-order index estimate can
 * fall below 0 or above the total one by chance: read it with its interval.
 * @param uncertainty a run analysis.
 * @param n an input index.
 * @param measure a #pmindex_sensitivity.
 * @param value_out receives the estimate; may be NULL.
 * @param low_out receives the interval's low end; may be NULL.
 * @param high_out receives the interval's high end; may be NULL.
 * @return 1; 0 when the measure is undefined (a Sobol index when the rank
 *         shift does not vary at all; nothing is written);
 *         #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_uncertainty_sensitivity(const pmindex_uncertainty *uncertainty, int32_t n,
                                    int32_t measure, int64_t *value_out, int64_t *low_out,
                                    int64_t *high_out);

/**
 * The mean absolute rank shift: how far, on average over the samples and
 * the ranked compounds, a compound's district rank moves from its plain
 * rank, in hundredths of a rank, with its 95% bootstrap interval.
 * @param uncertainty a run analysis.
 * @param mean_out receives the mean; may be NULL.
 * @param low_out receives the interval's low end; may be NULL.
 * @param high_out receives the interval's high end; may be NULL.
 * @return 1; 0 when no compound is ranked (nothing is written);
 *         #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_uncertainty_rank_shift(const pmindex_uncertainty *uncertainty, int64_t *mean_out,
                                   int64_t *low_out, int64_t *high_out);

/**
 * The 95% Wilson score interval of a probability estimated as count over
 * trials, in millionths, rounded outwards (z = 1.96, exactly, in integers).
 * @param count the successes, 0 <= count <= trials.
 * @param trials the trials, 1 to 2^31.
 * @param low_out receives the low end; may be NULL.
 * @param high_out receives the high end; may be NULL.
 * @return #PMINDEX_OK or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_probability_interval(int64_t count, int64_t trials, int64_t *low_out,
                                 int64_t *high_out);

/**
 * Writes the header line of the analysis' records. In CSV, by district:
 * "compound_id,name,street,station,company,index,tier,card,rank", then for
 * each tier key K "p_K,p_K_low,p_K_high", then
 * "p_red,p_red_low,p_red_high,p_black,p_black_low,p_black_high,
 * rank_median,rank_p5,rank_p95". By street, station or company: the
 * scope's name, "rank,rank_median,rank_p5,rank_p95" and for companies
 * "p_honour,p_honour_low,p_honour_high,p_watch,p_watch_low,p_watch_high".
 * JSON Lines has no header: nothing is written and the result is 0.
 * @param uncertainty an analysis (run or not).
 * @param scope a #pmindex_scope.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line; #PMINDEX_E_INVALID for NULL, an
 *         unknown scope or format, or a flag.
 * @since 1.2
 */
int64_t pmindex_uncertainty_header(const pmindex_uncertainty *uncertainty, int32_t scope,
                                   int32_t format, uint32_t flags, char *buf, size_t cap);

/**
 * Writes one record: by district the compound at listing position @p n of
 * the district (pmindex_district_listed()), by street, station or company
 * the group number @p n. Probabilities are exact decimals of their
 * millionths ("0.9735"); the plain index, tier, card and rank come first,
 * empty where there are none. JSON Lines: one object with the same values,
 * the probabilities as objects {"p", "low", "high"} under "tiers" (by tier
 * key), "red", "black", "honour" and "watch"; null where the CSV is empty.
 * @param uncertainty a run analysis.
 * @param scope a #pmindex_scope.
 * @param n a listing position or a group number.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole record; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE (not run) or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_uncertainty_record(const pmindex_uncertainty *uncertainty, int32_t scope,
                                   int64_t n, int32_t format, uint32_t flags, char *buf,
                                   size_t cap);

/**
 * Writes the header line of the sensitivity records: in CSV
 * "input,cards,cards_low,cards_high,first_order,first_order_low,
 * first_order_high,total,total_low,total_high"; nothing for JSON Lines.
 * @param uncertainty an analysis.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_uncertainty_input_header(const pmindex_uncertainty *uncertainty, int32_t format,
                                         uint32_t flags, char *buf, size_t cap);

/**
 * Writes the sensitivity record of one input: its name ("weight:A",
 * "goalposts", "errors"), then each measure of pmindex_uncertainty_sensitivity()
 * with its interval, as exact decimals (empty where undefined). JSON: the
 * same names, "indicator" for a weight, and each measure as
 * {"value", "low", "high"}.
 * @param uncertainty a run analysis.
 * @param n an input index.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole record; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_uncertainty_input_record(const pmindex_uncertainty *uncertainty, int32_t n,
                                         int32_t format, uint32_t flags, char *buf, size_t cap);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_UNCERTAINTY_H */
