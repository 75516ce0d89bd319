/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file margins.h
 * @brief How sure one verdict is: its index margins, the change of one item
 *        that flips it, and whether one step of one item does.
 *
 * Part of the public API; `#include <pmindex/pmindex.h>` gives every part.
 * This header compiles alone. The conventions of every function are those
 * of pmindex.h.
 *
 * A verdict is a tier and a card. For a compound it tells:
 *
 * - its index margins: how far the index is above the threshold of the
 *   tier the index alone gives, and how far below the next tier up;
 * - its flips: for every applicable item, the nearest observation in each
 *   direction (better, worse) at which the verdict differs, and what it
 *   becomes; for every item that does not apply, the verdict if it applied
 *   with its best and with its worst value; for every confirmed veto, the
 *   verdict if it were lifted. An item that cannot change the verdict
 *   within its range has no flip;
 * - whether it is fragile: one step of one applicable item flips it. A step
 *   is one graded level, one finding, the pass/fail switch, or for a rate
 *   item the model's tolerance (pmindex_model_item_tolerance()): the
 *   verdict at the observation one tolerance higher or lower (kept within
 *   what a sheet can give) differs. Lifting a veto and an item that does
 *   not apply are reported as flips but are not steps.
 *
 * Everything is exact. A rate item's flip is the first observation with at
 * most 6 decimals (a multiple of 0.000001, the sheet's precision) at which
 * the verdict changes, found by inverting each rounding of the index in
 * integers: the observation 0.000001 short of it keeps the verdict.
 * @since 1.2
 */
#ifndef PMINDEX_MARGINS_H
#define PMINDEX_MARGINS_H

#include <pmindex/assess.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/** @name Margins and flips of one verdict */
/* ======================================================================== */
/** @{ */

/**
 * The margins and flips of one compound's verdict. Made once for a model
 * and reused for any number of compounds.
 * @since 1.2
 */
typedef struct pmindex_margins pmindex_margins;

/** Which change a flip is. @since 1.2 */
enum pmindex_flip_direction {
    PMINDEX_FLIP_BETTER = 1, /**< an applicable item's observation gets better */
    PMINDEX_FLIP_WORSE = 2,  /**< an applicable item's observation gets worse */
    PMINDEX_FLIP_BEST = 3,   /**< an item that does not apply applies with its best value */
    PMINDEX_FLIP_WORST = 4,  /**< an item that does not apply applies with its worst value */
    PMINDEX_FLIP_LIFTED = 5  /**< a confirmed veto is lifted */
};

/**
 * Makes a margins object for a model.
 * @param model the model; must outlive the object.
 * @param margins_out receives it; free it with pmindex_margins_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_margins_new(const pmindex_model *model, pmindex_margins **margins_out);

/** @param margins a margins object, or NULL. Frees it. @since 1.2 */
void pmindex_margins_free(pmindex_margins *margins);

/**
 * Assesses a compound (as pmindex_assess() does) and finds its margins,
 * flips and fragility. The result replaces whatever the object held. Does
 * not allocate.
 * @param margins a margins object of the compound's model.
 * @param compound the compound.
 * @return #PMINDEX_OK, or #PMINDEX_E_INVALID for NULL or a compound of
 *         another model.
 * @since 1.2
 */
int pmindex_margins_compute(pmindex_margins *margins, const pmindex_compound *compound);

/**
 * The verdict the margins are about, as pmindex_assess() gives it.
 * @param margins a computed margins object.
 * @param tier_out receives the tier (0 best, or #PMINDEX_TIER_FALLBACK); may be NULL.
 * @param card_out receives the #pmindex_card; may be NULL.
 * @return #PMINDEX_OK or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_margins_verdict(const pmindex_margins *margins, int32_t *tier_out, int32_t *card_out);

/**
 * The index margins, in centipoints: how far the index is above the
 * threshold of the tier the index alone gives (before a downgrade or veto)
 * and how far below the threshold of the tier above it.
 * @param margins a computed margins object.
 * @param down_out receives the margin down (0 or more); may be NULL.
 * @param up_out receives the margin up (above 0), or -1 when the index is
 *        in the best tier; may be NULL.
 * @return 1 when the compound has a tier; 0 for a fallback compound (it
 *         has no margins; nothing is written); #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_margins_index(const pmindex_margins *margins, int64_t *down_out, int64_t *up_out);

/**
 * @param margins a computed margins object.
 * @return 1 when one step of one applicable item (a level, a finding, the
 *         pass/fail switch, a rate item's tolerance either way) changes the
 *         tier or the card, 0 when not; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_margins_fragile(const pmindex_margins *margins);

/**
 * The number of flips. They are listed nearest first: the changes of
 * applicable items by the number of steps they take (a rate item's change
 * over its tolerance, exactly; ties in model order, better before worse),
 * then the items that do not apply, then the vetoes, in model order.
 * @param margins a computed margins object.
 * @return the count (0 or more), or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_margins_flip_count(const pmindex_margins *margins);

/**
 * One flip: which change, and the verdict it gives.
 * @param margins a computed margins object.
 * @param n a flip index, 0 <= n < pmindex_margins_flip_count().
 * @param element_out receives the item index, or the veto index for
 *        #PMINDEX_FLIP_LIFTED; may be NULL.
 * @param direction_out receives the #pmindex_flip_direction; may be NULL.
 * @param from_out receives the observation now, in units of
 *        1/#PMINDEX_VALUE_SCALE (a deduct item's findings times the scale;
 *        1 times the scale for a lifted veto; 0 for an item that does not
 *        apply); may be NULL.
 * @param to_out receives the observation of the change, in the same units
 *        (0 for a lifted veto); may be NULL.
 * @param tier_out receives the tier it gives; may be NULL.
 * @param card_out receives the card it gives; may be NULL.
 * @return #PMINDEX_OK, #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_margins_flip(const pmindex_margins *margins, int32_t n, int32_t *element_out,
                         int32_t *direction_out, int64_t *from_out, int64_t *to_out,
                         int32_t *tier_out, int32_t *card_out);

/**
 * How many steps a flip takes: levels, findings, 1 for pass/fail, or a
 * rate item's change over its tolerance.
 * @param margins a computed margins object.
 * @param n a flip index.
 * @return the steps in hundredths, rounded up (100 is one step: such a flip
 *         makes the verdict fragile); -1 for a flip that is not measured in
 *         steps (#PMINDEX_FLIP_BEST, #PMINDEX_FLIP_WORST,
 *         #PMINDEX_FLIP_LIFTED); #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_margins_flip_steps(const pmindex_margins *margins, int32_t n);

/**
 * Writes a flip as a sentence for the people the verdict is about, such as
 * "1 more finding on C1 (2 → 3) gives tier Fail and a black card" or
 * "C1 多 1 项问题（2 → 3），即为 不合格、黑牌".
 * @param margins a computed margins object.
 * @param n a flip index.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole sentence; #PMINDEX_E_NOT_FOUND or
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_margins_flip_text(const pmindex_margins *margins, int32_t n, int32_t lang,
                                  char *buf, size_t cap);

/**
 * Writes the record of the compound whose margins were computed last: the
 * bytes of pmindex_assessment_record() with #PMINDEX_RECORD_MARGINS, from
 * the verdict and margins the object holds, without assessing again (the
 * header is pmindex_assessment_header()'s with #PMINDEX_RECORD_MARGINS).
 * @param margins a computed margins object.
 * @param compound the compound it was computed for (its fields and
 *        observations are written).
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole record; #PMINDEX_E_NOMEM (only for a
 *         model of more than 64 items); #PMINDEX_E_INVALID for NULL, an
 *         object not computed, a compound of another model, an unknown
 *         format or a flag.
 * @since 1.2
 */
int64_t pmindex_margins_record(const pmindex_margins *margins, const pmindex_compound *compound,
                               int32_t format, uint32_t flags, char *buf, size_t cap);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_MARGINS_H */
