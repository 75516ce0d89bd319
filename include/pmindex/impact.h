/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file impact.h
 * @brief Before adopting a new model: what changed in it (the parameter
 *        diff), carrying observations from one model to another, and what
 *        the new model changes, compound by compound (the impact).
 *
 * Part of the public API; `#include <pmindex/pmindex.h>` gives every part.
 * This header compiles alone. The conventions of every function are those
 * of pmindex.h.
 */
#ifndef PMINDEX_IMPACT_H
#define PMINDEX_IMPACT_H

#include <pmindex/district.h>
#include <pmindex/ledger.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Which of two models: the one in use and the one proposed.
 * @since 1.2
 */
enum pmindex_which {
    PMINDEX_OLD = 0, /**< the model in use (A of a diff) */
    PMINDEX_NEW = 1  /**< the model proposed (B of a diff) */
};

/* ======================================================================== */
/** @name Comparing two models (1.2) */
/* ======================================================================== */
/** @{ */

/**
 * What changed from one model to another, parameter by parameter: both
 * models written in canonical INI form (pmindex_model_write_ini()) and
 * compared section by section (`[item C4]`, `[tier good]`, `[rules]`...)
 * and key by key. The differences are listed in this order: for each
 * section of the old model, in its order, the section removed, or each key
 * whose value changed or that one side lacks (the old model's keys first);
 * then each section only the new model has; then, for indicators, items,
 * vetoes and tiers in turn, whether their common sections changed order.
 * Values are the INI text (`60%`, `2/3`, `"quoted; text"`).
 * @since 1.2
 */
typedef struct pmindex_model_diff pmindex_model_diff;

/** Kinds of differences between two models. @since 1.2 */
enum pmindex_diff_change {
    PMINDEX_DIFF_REMOVED = 1, /**< a section only the old model has */
    PMINDEX_DIFF_ADDED = 2,   /**< a section only the new model has */
    PMINDEX_DIFF_CHANGED = 3, /**< a key whose value differs, or that one model lacks */
    PMINDEX_DIFF_ORDER = 4    /**< the common sections of a kind are in another order */
};

/**
 * Compares two models.
 * @param old_model the model in use.
 * @param new_model the model proposed (may be @p old_model).
 * @param diff_out receives the differences; free them with pmindex_model_diff_free().
 * @param error a caller-owned error (pmindex_error_new()) for the details
 *        of a failure, or NULL.
 * @return #PMINDEX_OK; #PMINDEX_E_UNSUPPORTED when a model cannot be
 *         written in INI form (see pmindex_model_write_ini(); @p error
 *         names it); #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID for NULL.
 * @since 1.2
 */
int pmindex_model_diff_new(const pmindex_model *old_model, const pmindex_model *new_model,
                           pmindex_model_diff **diff_out, pmindex_error *error);

/** @param diff differences, or NULL. Frees them. @since 1.2 */
void pmindex_model_diff_free(pmindex_model_diff *diff);

/**
 * @param diff differences.
 * @return their number; 0 when the models are the same (or for NULL).
 * @since 1.2
 */
int64_t pmindex_model_diff_count(const pmindex_model_diff *diff);

/**
 * @param diff differences.
 * @param n a difference, 0 <= n < pmindex_model_diff_count().
 * @return its #pmindex_diff_change; #PMINDEX_E_NOT_FOUND out of range;
 *         #PMINDEX_E_INVALID for NULL.
 * @since 1.2
 */
int32_t pmindex_model_diff_change(const pmindex_model_diff *diff, int64_t n);

/**
 * @param diff differences.
 * @param n a difference.
 * @return the section it is about, as the INI file names it ("item C4",
 *         "tier good", "rules"); for #PMINDEX_DIFF_ORDER the kind of the
 *         sections ("indicator", "item", "veto" or "tier"); "" out of range.
 * @since 1.2
 */
const char *pmindex_model_diff_section(const pmindex_model_diff *diff, int64_t n);

/**
 * @param diff differences.
 * @param n a difference.
 * @return the key of a #PMINDEX_DIFF_CHANGED difference ("threshold");
 *         "" for the other kinds and out of range.
 * @since 1.2
 */
const char *pmindex_model_diff_key(const pmindex_model_diff *diff, int64_t n);

/**
 * The value of a changed key under one of the models, as its INI text.
 * @param diff differences.
 * @param n a difference.
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @return the value; NULL when that model lacks the key, for the other
 *         kinds of differences and out of range.
 * @since 1.2
 */
const char *pmindex_model_diff_value(const pmindex_model_diff *diff, int64_t n, int32_t which);

/**
 * What a removed or added section is: its name, label or description
 * (`name_en`, `label_en`, `description_en`, or the `_zh` ones).
 * @param diff differences.
 * @param n a difference.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the text as the INI file has it; "" when the section has none,
 *         for the other kinds of differences and out of range.
 * @since 1.2
 */
const char *pmindex_model_diff_title(const pmindex_model_diff *diff, int64_t n, int32_t lang);

/**
 * Whether a difference makes two models different models, as a ledger
 * tells them apart: every difference does but one of a legal basis (the
 * `basis_zh` and `basis_en` keys of items and vetoes), a text shown with
 * a verdict that decides none and is not recorded with it. Models whose
 * differences all decide nothing score every compound alike and record
 * the same: a ledger takes them for one model (pmindex_ledger_begin(),
 * pmindex_ledger_begin_review()), and so does pmindex_impact_add_ledger().
 * Names, labels and descriptions do count: a ledger records them with its
 * periods and rows.
 * @param diff differences.
 * @param n a difference, 0 <= n < pmindex_model_diff_count().
 * @return 1 when it makes another model, 0 when not;
 *         #PMINDEX_E_NOT_FOUND out of range; #PMINDEX_E_INVALID for NULL.
 * @since 1.2
 */
int32_t pmindex_model_diff_decides(const pmindex_model_diff *diff, int64_t n);

/**
 * Writes the header line of the differences' records: for
 * #PMINDEX_FORMAT_CSV "change,section,key,old,new,title_zh,title_en" and a
 * newline; for #PMINDEX_FORMAT_JSONL nothing (the result is 0).
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line; #PMINDEX_E_INVALID for an unknown
 *         format or a flag.
 * @since 1.2
 */
int64_t pmindex_model_diff_header(int32_t format, uint32_t flags, char *buf, size_t cap);

/**
 * Writes one difference as a record. CSV: the change ("removed", "added",
 * "changed" or "order"), the section, the key, the old and the new value,
 * and the section's title in Chinese and English, each cell empty where
 * the difference has none. JSON Lines: an object that starts with
 * "kind":"diff", then the same fields, null where the CSV cell is empty.
 * @param diff differences.
 * @param n a difference.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole record; #PMINDEX_E_NOT_FOUND out of
 *         range; #PMINDEX_E_INVALID for NULL, an unknown format or a flag.
 * @since 1.2
 */
int64_t pmindex_model_diff_record(const pmindex_model_diff *diff, int64_t n, int32_t format,
                                  uint32_t flags, char *buf, size_t cap);

/** @} */

/* ======================================================================== */
/** @name Carrying observations to another model (1.2) */
/* ======================================================================== */
/** @{ */

/**
 * Copies a compound into a compound of another model, matching items and
 * vetoes by identifier (their sheet columns), as if the row of a sheet
 * written for the source model were read for the target model:
 *
 * - the descriptive fields, households, managed and the line are copied;
 * - an item the source model also has keeps its observation: a graded
 *   level becomes the target item's level of the same label (Chinese or
 *   English), else of the same value; any other value is checked as a
 *   sheet's value is (a rate's range, a whole number of findings); an item
 *   whose type differs between the models cannot be carried over unless
 *   it is not applicable;
 * - an item the source model lacks is not applicable;
 * - a veto keeps its state; a veto the source model lacks is not
 *   confirmed; what only the source model has is left behind.
 *
 * Both compounds may be of the same model (then it is a copy).
 * @param dst the compound to overwrite, of the target model.
 * @param src the compound to carry over.
 * @return #PMINDEX_OK; #PMINDEX_E_RANGE when an observation cannot be
 *         carried over (pmindex_compound_error() of @p dst names the item,
 *         the value and why, at @p src's line); #PMINDEX_E_NOMEM;
 *         #PMINDEX_E_INVALID for NULL or @p dst == @p src. On error @p dst
 *         is unchanged.
 * @since 1.2
 */
int pmindex_compound_translate(pmindex_compound *dst, const pmindex_compound *src);

/** @} */

/* ======================================================================== */
/** @name The impact of a new model (1.2) */
/* ======================================================================== */
/** @{ */

/**
 * The same compounds scored under two models, compared: the transition
 * matrices of tiers (fallback included) and cards, the compounds whose
 * tier or card changes with the items and rules that account for it, the
 * biggest movers in the district's ranking, and the streets, police
 * stations and companies under both models.
 *
 * Add every compound, observed for the old model, with
 * pmindex_impact_add() (from a sheet, merged sheets, a ledger...); it is
 * carried over to the new model as pmindex_compound_translate() does and
 * assessed under both. Then call pmindex_impact_compute() once and read
 * the result. Compounds are numbered from 0 in the order they were added,
 * the same numbers as in the two districts pmindex_impact_district()
 * gives, whose ranks, groups and lists are those of each model.
 *
 * About 250 bytes a compound (two districts), plus about 30 bytes and 16
 * per item that accounts for a change for each compound that changes.
 * @since 1.2
 */
typedef struct pmindex_impact pmindex_impact;

/**
 * The parts of an impact, each a list of records: pmindex_impact_count(),
 * pmindex_impact_header(), pmindex_impact_record().
 * @since 1.2
 */
enum pmindex_impact_part {
    PMINDEX_IMPACT_SUMMARY = 1,   /**< one record: compounds, changes, movers */
    PMINDEX_IMPACT_COLUMNS = 2,   /**< the items and vetoes only one model has */
    PMINDEX_IMPACT_TIERS = 3,     /**< the tier matrix, cell by cell: each old tier (best
                                       first, then fallback) to each new tier */
    PMINDEX_IMPACT_CARDS = 4,     /**< the card matrix: none, red, black to each */
    PMINDEX_IMPACT_CHANGES = 5,   /**< the compounds whose tier or card changes */
    PMINDEX_IMPACT_UP = 6,        /**< the compounds that rise in the district's ranking,
                                       the biggest rise first */
    PMINDEX_IMPACT_DOWN = 7,      /**< those that fall, the biggest fall first */
    PMINDEX_IMPACT_STREETS = 8,   /**< the streets under both models */
    PMINDEX_IMPACT_STATIONS = 9,  /**< the police stations under both models */
    PMINDEX_IMPACT_COMPANIES = 10, /**< the property companies under both models */
    PMINDEX_IMPACT_PERIODS = 11,  /**< fed from a ledger (pmindex_impact_add_ledger()): the
                                       period compared and each later one in force, with the
                                       sanction ladder's totals as stored and under the new
                                       model; none otherwise */
    PMINDEX_IMPACT_LADDER = 12    /**< fed from a ledger: each compound and period whose card,
                                       level or measure under the new model differs from what
                                       the ledger stored; none otherwise */
};

/**
 * The totals of a period of #PMINDEX_IMPACT_PERIODS, under each model:
 * pmindex_impact_period_total().
 * @since 1.2
 */
enum pmindex_impact_total {
    PMINDEX_TOTAL_COMPOUNDS = 1,  /**< the compounds assessed in the period (both alike) */
    PMINDEX_TOTAL_RED = 2,        /**< red cards */
    PMINDEX_TOTAL_BLACK = 3,      /**< black cards */
    PMINDEX_TOTAL_MEASURES = 4,   /**< sanction measures issued: of a ladder level of 1 or
                                       more (a red card's praise is counted as the card) */
    PMINDEX_TOTAL_SANCTIONED = 5, /**< compounds with a sanction in force after the period
                                       (a ladder level above 0) */
    PMINDEX_TOTAL_CHANGED = 6     /**< compounds whose card, level or measure differs: its
                                       records of #PMINDEX_IMPACT_LADDER (both alike) */
};

/**
 * Makes an empty impact.
 * @param old_model the model in use: the compounds added are of it; must
 *        outlive the impact.
 * @param new_model the model proposed (may be @p old_model); must outlive
 *        the impact.
 * @param impact_out receives it; free it with pmindex_impact_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_impact_new(const pmindex_model *old_model, const pmindex_model *new_model,
                       pmindex_impact **impact_out);

/** @param impact an impact, or NULL. Frees it. @since 1.2 */
void pmindex_impact_free(pmindex_impact *impact);

/**
 * The error of the last failed pmindex_impact_add() or
 * pmindex_impact_compute().
 * @param impact an impact.
 * @return the error; valid until the next call on the impact.
 * @since 1.2
 */
const pmindex_error *pmindex_impact_error(const pmindex_impact *impact);

/**
 * Adds one compound: carries it over to the new model, assesses it under
 * both and keeps what the comparison needs (the compound may be reused at
 * once).
 * @param impact an impact not yet computed.
 * @param compound the compound, of the old model.
 * @return #PMINDEX_OK; #PMINDEX_E_RANGE when an observation cannot be
 *         carried over (see pmindex_compound_translate()); the errors of
 *         pmindex_district_add() (#PMINDEX_E_DUPLICATE, #PMINDEX_E_LIMIT...).
 *         After these the compound is left out and the impact goes on.
 *         #PMINDEX_E_NOMEM, after which the impact is incomplete: it takes
 *         no more compounds and pmindex_impact_compute() fails;
 *         #PMINDEX_E_STATE after pmindex_impact_compute() or
 *         pmindex_impact_add_ledger();
 *         #PMINDEX_E_INVALID for NULL or a compound of another model.
 *         pmindex_impact_error() says why.
 * @since 1.2
 */
int pmindex_impact_add(pmindex_impact *impact, const pmindex_compound *compound);

/**
 * Feeds an empty impact from a ledger's period instead of sheets: the
 * compounds of the period from what the ledger kept as observed (pmindex
 * 1.2 keeps it; pmindex_ledger_rows_observations()), and what the sanction
 * ladder would have decided had the new model been used from that period
 * on. Nothing is written to the ledger.
 *
 * - Every compound of the period (its current revision) is added as
 *   pmindex_impact_add() adds one, in the order of compound_id: the
 *   matrices, changes, movers and groups are those of the period.
 * - Then each compound assessed in the period or in a later period in
 *   force goes up the new model's ladder. It starts from the state the
 *   ledger holds before the period (after its last row before it: its
 *   level and its clean periods in a row; all zeros for a compound the
 *   ledger did not know), fitted to the new model's ladder as the ledger
 *   fits a state when a model changes (a level above the new maximum is
 *   the maximum). It steps through the period and every later one it was
 *   assessed in, each time with the events of its stored observations
 *   carried to the new model and assessed under it (a compound not
 *   assessed in a period keeps its state). Each compound and period whose
 *   card, level after the period or measure then differs from the row the
 *   ledger stored is a record of #PMINDEX_IMPACT_LADDER (by period, then
 *   compound_id); each period's totals a record of #PMINDEX_IMPACT_PERIODS.
 *
 * Afterwards pmindex_impact_add() refuses compounds; compute the impact
 * with pmindex_impact_compute() as usual.
 * @param impact an impact without compounds, not computed. Its old model
 *        must score as the model the period was applied with (read it
 *        with pmindex_ledger_period_model()): the same but for texts that
 *        decide no verdict (pmindex_model_diff_decides()). Its new model's
 *        periods must be of the ledger's kind.
 * @param ledger the ledger, only read (open it with
 *        #PMINDEX_LEDGER_READONLY and #PMINDEX_LEDGER_NO_UPGRADE so that
 *        its file is never changed); no change may be under way on it. Not
 *        needed after the call.
 * @param period a period in force in the ledger.
 * @param flags 0 (reserved for later versions).
 * @return #PMINDEX_OK. Refusals, which leave the impact as it was:
 *         #PMINDEX_E_NOT_FOUND for a period not in the ledger or revoked;
 *         #PMINDEX_E_STATE when the old model is not the period's (the
 *         error lists the differences that decide verdicts), when the new
 *         model's periods are of another kind, when the period or a later
 *         one was stored without observations (by pmindex 1.1: the error
 *         names the period and a compound), when the ledger has a change
 *         under way, or when the impact has compounds or was computed.
 *         Failures, after which the impact is incomplete (it takes nothing
 *         more and pmindex_impact_compute() fails): #PMINDEX_E_RANGE when a
 *         compound's observations cannot be carried to the new model (see
 *         pmindex_compound_translate(); the error names the compound and
 *         the period); #PMINDEX_E_STORE (the ledger's models or
 *         observations do not read back), #PMINDEX_E_BUSY, #PMINDEX_E_NOMEM.
 *         #PMINDEX_E_INVALID for NULL, an invalid period or a flag.
 *         pmindex_impact_error() says why.
 * @since 1.2
 */
int pmindex_impact_add_ledger(pmindex_impact *impact, pmindex_ledger *ledger, int32_t period,
                              uint32_t flags);

/**
 * Ranks and summarises both districts and compares them. Afterwards no
 * compound can be added. Calling it again does nothing more.
 * @param impact an impact.
 * @return #PMINDEX_OK; the errors of pmindex_district_compute();
 *         #PMINDEX_E_NOMEM, also when pmindex_impact_add() ran out of
 *         memory; #PMINDEX_E_STATE when pmindex_impact_add_ledger() failed;
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_impact_compute(pmindex_impact *impact);

/**
 * The compounds' period under one model: every compound's verdict, rank
 * and group, and the summaries of streets, stations and companies, read
 * with the functions of district.h. The compound numbers are the impact's.
 * @param impact an impact.
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @return the district, valid as long as the impact (computed with it);
 *         NULL for NULL or an unknown @p which.
 * @since 1.2
 */
const pmindex_district *pmindex_impact_district(const pmindex_impact *impact, int32_t which);

/**
 * What the period brings to a compound's sanction ladder under one model
 * (pmindex_ladder_events() of its assessment), for replaying the ladder
 * with pmindex_ladder_step() as if the model had been used.
 * @param impact an impact.
 * @param compound a compound number.
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @return the #pmindex_ladder_event bit set (>= 0); #PMINDEX_E_NOT_FOUND
 *         or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_impact_events(const pmindex_impact *impact, int64_t compound, int32_t which);

/**
 * The tier a compound's index alone gives under one model (the tier
 * thresholds, before any downgrade or veto), which tells a change of the
 * thresholds from a change of the index.
 * @param impact a computed impact.
 * @param compound a compound number.
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @return the tier (0 best), or #PMINDEX_TIER_FALLBACK for a compound
 *         without a tier under that model; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_impact_index_tier(const pmindex_impact *impact, int64_t compound, int32_t which);

/**
 * The number of records of a part: 1 summary; the columns only one model
 * has; (old tiers + 1) x (new tiers + 1) tier cells; 9 card cells; the
 * changed compounds; the risers; the fallers; the groups of a scope; the
 * periods and the ladder's differences of an impact fed from a ledger
 * (pmindex_impact_add_ledger(); 0 for one fed compound by compound).
 * @param impact a computed impact.
 * @param part a #pmindex_impact_part.
 * @return the count; #PMINDEX_E_STATE before pmindex_impact_compute();
 *         #PMINDEX_E_INVALID for NULL or an unknown part.
 * @since 1.2
 */
int64_t pmindex_impact_count(const pmindex_impact *impact, int32_t part);

/**
 * How many compounds go from one tier (or card) under the old model to
 * one under the new.
 * @param impact a computed impact.
 * @param part #PMINDEX_IMPACT_TIERS or #PMINDEX_IMPACT_CARDS.
 * @param old_value a tier of the old model or #PMINDEX_TIER_FALLBACK; or a
 *        #pmindex_card.
 * @param new_value the same of the new model.
 * @return the count; #PMINDEX_E_NOT_FOUND for a value out of range;
 *         #PMINDEX_E_STATE; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_impact_transitions(const pmindex_impact *impact, int32_t part, int32_t old_value,
                                   int32_t new_value);

/**
 * The compound of a record of #PMINDEX_IMPACT_CHANGES (ordered by old
 * tier, best first and fallback last, then new tier, then by the new
 * model's listing: rank, then compound_id),
 * #PMINDEX_IMPACT_UP or #PMINDEX_IMPACT_DOWN (by the size of the move,
 * then by the new ranking).
 * @param impact a computed impact.
 * @param part one of those parts.
 * @param n a record, 0 <= n < pmindex_impact_count().
 * @return the compound number; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_impact_compound(const pmindex_impact *impact, int32_t part, int64_t n);

/**
 * A group of #PMINDEX_IMPACT_STREETS, #PMINDEX_IMPACT_STATIONS or
 * #PMINDEX_IMPACT_COMPANIES (in the listing order of the new model) as
 * one of the districts numbers it: both models have the same groups, each
 * district ranks them its own way.
 * @param impact a computed impact.
 * @param part one of those parts.
 * @param n a record, 0 <= n < pmindex_impact_count().
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @return the group number in pmindex_impact_district() of @p which;
 *         #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_impact_group(const pmindex_impact *impact, int32_t part, int32_t n,
                             int32_t which);

/**
 * An item or veto only one of the models has (#PMINDEX_IMPACT_COLUMNS):
 * the new model's items and vetoes that sheets for the old model lack
 * (not applicable and not confirmed under the new model), then the old
 * model's that the new one does not know (left behind).
 * @param impact an impact.
 * @param n a column, 0 <= n < pmindex_impact_count().
 * @param which_out receives the model that has it, #PMINDEX_OLD or
 *        #PMINDEX_NEW; may be NULL.
 * @param veto_out receives 1 for a veto, 0 for an item; may be NULL.
 * @return its identifier (its sheet column); NULL out of range or for NULL.
 * @since 1.2
 */
const char *pmindex_impact_column(const pmindex_impact *impact, int64_t n, int32_t *which_out,
                                  int32_t *veto_out);

/**
 * The number of items that account for a change: those whose points count
 * differently in the index under the two models.
 * @param impact a computed impact.
 * @param n a record of #PMINDEX_IMPACT_CHANGES.
 * @return the count; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_impact_item_count(const pmindex_impact *impact, int64_t n);

/**
 * An item that accounts for a change, the largest difference first (ties
 * in the order of the new model, then the old model's own items). An
 * item's part of the index is its points rescaled as the index rescales
 * them (its indicator's points over the applicable points, over the
 * points of the indicators that apply), rounded to 0.01: the items' parts
 * add up to the index but for rounding.
 * @param impact a computed impact.
 * @param n a record of #PMINDEX_IMPACT_CHANGES.
 * @param k an item, 0 <= k < pmindex_impact_item_count().
 * @param old_item_out receives the item's index in the old model, -1 when
 *        it has none; may be NULL.
 * @param new_item_out the same in the new model; may be NULL.
 * @param old_points_out receives its points under the old model in
 *        centipoints, -1 when it is not applicable or absent; may be NULL.
 * @param new_points_out the same under the new model; may be NULL.
 * @param index_change_out receives the change of its part of the index
 *        (new - old) in centipoints; may be NULL.
 * @return #PMINDEX_OK; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_impact_item(const pmindex_impact *impact, int64_t n, int32_t k,
                        int32_t *old_item_out, int32_t *new_item_out, int64_t *old_points_out,
                        int64_t *new_points_out, int64_t *index_change_out);

/**
 * The number of rules that fire for a changed compound under one model
 * and not under the other (compared by their reason keys, "downgrade:C",
 * "black:fail"...).
 * @param impact a computed impact.
 * @param n a record of #PMINDEX_IMPACT_CHANGES.
 * @param which #PMINDEX_OLD for the rules that fire only under the old
 *        model, #PMINDEX_NEW for those only under the new.
 * @return the count; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_impact_rule_count(const pmindex_impact *impact, int64_t n, int32_t which);

/**
 * A rule that fires under one model only, in the order of the reasons.
 * @param impact a computed impact.
 * @param n a record of #PMINDEX_IMPACT_CHANGES.
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @param k a rule, 0 <= k < pmindex_impact_rule_count().
 * @param arg_out receives its argument (a veto, indicator or tier of that
 *        model; -1 for none); may be NULL.
 * @return the #pmindex_reason_rule; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE
 *         or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_impact_rule(const pmindex_impact *impact, int64_t n, int32_t which, int32_t k,
                            int32_t *arg_out);

/**
 * A rule that fires under one model only, in the words of
 * pmindex_assessment_reason_label() ("B降一档", "black card: Fail").
 * @param impact a computed impact.
 * @param n a record of #PMINDEX_IMPACT_CHANGES.
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @param k a rule, 0 <= k < pmindex_impact_rule_count().
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole text; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_impact_rule_label(const pmindex_impact *impact, int64_t n, int32_t which,
                                  int32_t k, int32_t lang, char *buf, size_t cap);

/**
 * A period of #PMINDEX_IMPACT_PERIODS: the period compared on and the
 * later ones in force, in order.
 * @param impact a computed impact.
 * @param n a record, 0 <= n < pmindex_impact_count().
 * @return the period's code; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int32_t pmindex_impact_period(const pmindex_impact *impact, int64_t n);

/**
 * A total of a period of #PMINDEX_IMPACT_PERIODS under one model: as the
 * ledger stored it (#PMINDEX_OLD) or had the new model been used from the
 * period compared on (#PMINDEX_NEW).
 * @param impact a computed impact.
 * @param n a record, 0 <= n < pmindex_impact_count().
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @param total a #pmindex_impact_total.
 * @return the total (>= 0); #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID (also for an unknown @p total).
 * @since 1.2
 */
int64_t pmindex_impact_period_total(const pmindex_impact *impact, int64_t n, int32_t which,
                                    int32_t total);

/**
 * A value of a record of #PMINDEX_IMPACT_LADDER: a compound's row of a
 * period as the ledger stored it (#PMINDEX_OLD) or under the new model
 * (#PMINDEX_NEW), read as pmindex_ledger_rows_int() reads a row.
 * @param impact a computed impact.
 * @param n a record, 0 <= n < pmindex_impact_count().
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @param column #PMINDEX_ROW_PERIOD, #PMINDEX_ROW_INDEX (-1 for none),
 *        #PMINDEX_ROW_TIER (of that side's model), #PMINDEX_ROW_CARD,
 *        #PMINDEX_ROW_LEVEL_BEFORE, #PMINDEX_ROW_LEVEL, #PMINDEX_ROW_CLEAN,
 *        #PMINDEX_ROW_MEASURE (-1 for none) or #PMINDEX_ROW_EVENTS.
 * @return the value; 0 for another column, out of range, for NULL or
 *         before pmindex_impact_compute().
 * @since 1.2
 */
int64_t pmindex_impact_ladder_int(const pmindex_impact *impact, int64_t n, int32_t which,
                                  int32_t column);

/**
 * A text of a record of #PMINDEX_IMPACT_LADDER, read as
 * pmindex_ledger_rows_text() reads a row: #PMINDEX_ROW_COMPOUND_ID,
 * #PMINDEX_ROW_PERIOD_NAME, #PMINDEX_ROW_NAME, #PMINDEX_ROW_STREET,
 * #PMINDEX_ROW_STATION, #PMINDEX_ROW_COMPANY (as the ledger stored them,
 * both sides alike), #PMINDEX_ROW_TIER_KEY, #PMINDEX_ROW_CARD_KEY,
 * #PMINDEX_ROW_MEASURE_KEY, #PMINDEX_ROW_MEASURE_ZH and
 * #PMINDEX_ROW_MEASURE_EN (of that side's model).
 * @param impact a computed impact.
 * @param n a record, 0 <= n < pmindex_impact_count().
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @param column a #pmindex_ledger_text_column.
 * @return the text, valid as long as the impact; "" for another column,
 *         out of range, for NULL or before pmindex_impact_compute().
 * @since 1.2
 */
const char *pmindex_impact_ladder_text(const pmindex_impact *impact, int64_t n, int32_t which,
                                       int32_t column);

/**
 * The model of one side of a record of #PMINDEX_IMPACT_LADDER, for the
 * labels of its tier and measure: the model the period was applied with,
 * as the ledger keeps it (#PMINDEX_OLD), or the new model.
 * @param impact a computed impact.
 * @param n a record, 0 <= n < pmindex_impact_count().
 * @param which #PMINDEX_OLD or #PMINDEX_NEW.
 * @return the model, valid as long as the impact; NULL out of range, for
 *         NULL or before pmindex_impact_compute().
 * @since 1.2
 */
const pmindex_model *pmindex_impact_ladder_model(const pmindex_impact *impact, int64_t n,
                                                 int32_t which);

/**
 * Writes the header line of a part's records in CSV (see
 * pmindex_impact_record()); JSON Lines has no header: nothing is written
 * and the result is 0.
 * @param impact an impact (computed or not).
 * @param part a #pmindex_impact_part.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line; #PMINDEX_E_INVALID for NULL, an
 *         unknown part or format, or a flag.
 * @since 1.2
 */
int64_t pmindex_impact_header(const pmindex_impact *impact, int32_t part, int32_t format,
                              uint32_t flags, char *buf, size_t cap);

/**
 * Writes one record of a part. Every JSON object starts with "kind" (the
 * part: "summary", "column", "tiers", "cards", "change", "mover",
 * "group", "period", "ladder"), which CSV leaves out; CSV cells are empty where JSON has null.
 * Numbers of points have exactly 2 decimals, shares are percentages with
 * 2 decimals; tiers are keys or "fallback", cards "none", "red" or
 * "black"; "old_" and "new_" name a value under each model.
 *
 * - summary: compounds, changed (tier or card), tier_changes,
 *   card_changes, up, down (the numbers of risers and fallers).
 * - column: column, only_in ("old" or "new"), type ("item" or "veto"),
 *   treatment ("not_applicable", "not_confirmed" or "ignored").
 * - tiers and cards: old, new, count, share (of the compounds of that old
 *   tier or card, empty when there are none).
 * - change: compound_id, name, street, station, company, old_index,
 *   new_index, index_change, old_tier, new_tier, old_card, new_card,
 *   old_rank, new_rank, old_coverage, new_coverage, old_index_tier,
 *   new_index_tier, items, old_only_rules, new_only_rules. In CSV `items`
 *   is "C4:-2.00;B2:+1.00" (each item's change of its part of the index,
 *   largest first) and the rules are reason keys separated by ';'; in
 *   JSON `items` is an array of {item, old_points, new_points,
 *   index_change} and the rules are arrays of keys.
 * - mover: direction ("up" or "down"), place (1 = the biggest move),
 *   compound_id, name, street, station, company, old_rank, new_rank,
 *   rank_change (old rank - new rank: positive is up), old_index,
 *   new_index, old_tier, new_tier.
 * - group: scope ("street", "station", "company"), name, compounds,
 *   old_mean, new_mean, old_weighted_mean, new_weighted_mean, old_rank,
 *   new_rank, the tier counts (CSV: old_KEY... old_fallback, new_KEY...
 *   new_fallback; JSON: old_tiers and new_tiers, objects by key),
 *   old_red, old_black, new_red, new_black, old_lists, new_lists
 *   ("honour", "watch", separated by ';' in CSV, arrays in JSON).
 * - period (#PMINDEX_IMPACT_PERIODS): period, compounds, changed, old_red,
 *   new_red, old_black, new_black, old_measures, new_measures,
 *   old_sanctioned, new_sanctioned (see #pmindex_impact_total; "old_" is
 *   what the ledger stored).
 * - ladder (#PMINDEX_IMPACT_LADDER): period, compound_id, name, street,
 *   station, company, old_index, new_index, old_tier, new_tier, old_card,
 *   new_card, old_level, new_level (after the period), old_measure,
 *   new_measure (the measure's key; empty or null for none); "old_" is
 *   what the ledger stored, with the tiers and measures of the model the
 *   period was applied with.
 * @param impact a computed impact.
 * @param part a #pmindex_impact_part.
 * @param n a record, 0 <= n < pmindex_impact_count().
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole record; #PMINDEX_E_NOT_FOUND out of
 *         range; #PMINDEX_E_STATE before pmindex_impact_compute();
 *         #PMINDEX_E_INVALID for NULL, an unknown part or format, or a flag.
 * @since 1.2
 */
int64_t pmindex_impact_record(const pmindex_impact *impact, int32_t part, int64_t n,
                              int32_t format, uint32_t flags, char *buf, size_t cap);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_IMPACT_H */
