/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file model.h
 * @brief Scoring models: reading one, and building one in code.
 *
 * Part of the public API; `#include <pmindex/pmindex.h>` gives every part.
 * This header compiles alone. The conventions of every function are those
 * of pmindex.h.
 */
#ifndef PMINDEX_MODEL_H
#define PMINDEX_MODEL_H

#include <pmindex/base.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/** @name Models */
/* ======================================================================== */
/** @{ */

/**
 * A scoring model: indicators, items, vetoes, tiers, card rules and the
 * sanction ladder. Built once (pmindex_model_default() or a
 * #pmindex_builder), then immutable and safe to share between threads.
 * @since 1.0.0
 */
typedef struct pmindex_model pmindex_model;

/** Languages of the labels a model carries. @since 1.0.0 */
enum pmindex_lang {
    PMINDEX_LANG_ZH = 0, /**< Chinese (中文) */
    PMINDEX_LANG_EN = 1  /**< English */
};

/** How an item turns its observation into points. @since 1.0.0 */
enum pmindex_item_type {
    PMINDEX_ITEM_GRADED = 1,   /**< one of the item's levels (1, 0.5, 0 by default) x max */
    PMINDEX_ITEM_PASSFAIL = 2, /**< 1 or 0, x max */
    PMINDEX_ITEM_DEDUCT = 3,   /**< max - findings x penalty, never below 0 */
    PMINDEX_ITEM_RATE = 4      /**< linear from 0 at goalpost zero to max at goalpost full */
};

/** Kinds of assessment periods. @since 1.0.0 */
enum pmindex_period_kind {
    PMINDEX_PERIOD_HALF = 1,    /**< half-years: 2018H2 */
    PMINDEX_PERIOD_QUARTER = 2, /**< quarters: 2018Q3 */
    PMINDEX_PERIOD_MONTH = 3    /**< months: 2018-09 */
};

/** Limits every model respects (checked when it is built). @since 1.0.0 */
enum pmindex_model_limits {
    PMINDEX_MAX_INDICATORS = 256,  /**< indicators in a model */
    PMINDEX_MAX_ITEMS = 4096,      /**< items in a model */
    PMINDEX_MAX_VETOES = 256,      /**< veto events in a model */
    PMINDEX_MAX_TIERS = 16,        /**< tiers in a model */
    PMINDEX_MAX_LEVELS = 16,       /**< graded levels of an item */
    PMINDEX_MAX_LADDER_LEVEL = 9,  /**< highest possible ladder level */
    PMINDEX_MAX_ID_LENGTH = 32,    /**< bytes in an identifier or key */
    PMINDEX_MAX_LABEL_LENGTH = 512 /**< bytes in a name, label or description */
};

/**
 * Builds the embedded default model: the Luohu 2018-style index of 4
 * indicators and 31 items, exactly as the project's default-model
 * specification gives it, with Chinese and English labels.
 * @param model_out receives the new model; free it with pmindex_model_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID (NULL).
 * @since 1.0.0
 */
int pmindex_model_default(pmindex_model **model_out);

/**
 * Frees a model. Nothing may use it, or objects made for it, afterwards.
 * @param model the model, or NULL.
 * @since 1.0.0
 */
void pmindex_model_free(pmindex_model *model);

/**
 * @param model a model.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the model's name in that language ("" for NULL).
 * @since 1.0.0
 */
const char *pmindex_model_name(const pmindex_model *model, int32_t lang);

/** @param model a model. @return its number of indicators (0 for NULL). @since 1.0.0 */
int32_t pmindex_model_indicator_count(const pmindex_model *model);
/** @param model a model. @return its number of items (0 for NULL). @since 1.0.0 */
int32_t pmindex_model_item_count(const pmindex_model *model);
/** @param model a model. @return its number of veto events (0 for NULL). @since 1.0.0 */
int32_t pmindex_model_veto_count(const pmindex_model *model);
/** @param model a model. @return its number of tiers, best first (0 for NULL). @since 1.0.0 */
int32_t pmindex_model_tier_count(const pmindex_model *model);

/**
 * Finds an indicator, item, veto or tier by its identifier (key for tiers).
 * @param model a model.
 * @param id the identifier, NUL-terminated, compared exactly.
 * @return the index (0-based) of the element, or #PMINDEX_E_NOT_FOUND, or
 *         #PMINDEX_E_INVALID for NULL.
 * @since 1.0.0
 */
int32_t pmindex_model_find_indicator(const pmindex_model *model, const char *id);
/** @copydoc pmindex_model_find_indicator */
int32_t pmindex_model_find_item(const pmindex_model *model, const char *id);
/** @copydoc pmindex_model_find_indicator */
int32_t pmindex_model_find_veto(const pmindex_model *model, const char *id);
/**
 * Finds a tier by its key.
 * @param model a model.
 * @param key the tier's key, such as "excellent", NUL-terminated, compared exactly.
 * @return the index (0-based, 0 = best) of the tier, or #PMINDEX_E_NOT_FOUND,
 *         or #PMINDEX_E_INVALID for NULL.
 * @since 1.0.0
 */
int32_t pmindex_model_find_tier(const pmindex_model *model, const char *key);

/**
 * @param model a model.
 * @param k an indicator index, 0 <= k < pmindex_model_indicator_count().
 * @return the indicator's identifier ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_indicator_id(const pmindex_model *model, int32_t k);
/**
 * @param model a model.
 * @param k an indicator index.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the indicator's name ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_indicator_name(const pmindex_model *model, int32_t k, int32_t lang);
/**
 * @param model a model.
 * @param k an indicator index.
 * @return the indicator's points W_k in centipoints (0 when out of range).
 * @since 1.0.0
 */
int64_t pmindex_model_indicator_points(const pmindex_model *model, int32_t k);

/**
 * @param model a model.
 * @param i an item index, 0 <= i < pmindex_model_item_count().
 * @return the item's identifier, also its sheet column ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_item_id(const pmindex_model *model, int32_t i);
/**
 * @param model a model.
 * @param i an item index.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the item's name ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_item_name(const pmindex_model *model, int32_t i, int32_t lang);
/**
 * @param model a model.
 * @param i an item index.
 * @return the index of the indicator the item belongs to, or
 *         #PMINDEX_E_NOT_FOUND when @p i is out of range.
 * @since 1.0.0
 */
int32_t pmindex_model_item_indicator(const pmindex_model *model, int32_t i);
/**
 * @param model a model.
 * @param i an item index.
 * @return the item's maximum points in centipoints (0 when out of range).
 * @since 1.0.0
 */
int64_t pmindex_model_item_max(const pmindex_model *model, int32_t i);
/**
 * @param model a model.
 * @param i an item index.
 * @return its #pmindex_item_type, or #PMINDEX_E_NOT_FOUND.
 * @since 1.0.0
 */
int32_t pmindex_model_item_type(const pmindex_model *model, int32_t i);
/**
 * @param model a model.
 * @param i an item index.
 * @return the points a deduct item loses per finding, in centipoints; 0 for
 *         other types or out of range.
 * @since 1.0.0
 */
int64_t pmindex_model_item_penalty(const pmindex_model *model, int32_t i);
/**
 * The goalposts of a rate item: the observation that earns 0 points and the
 * one that earns the maximum. Either may be the larger.
 * @param model a model.
 * @param i an item index.
 * @param zero_out receives goalpost zero in units of 1/#PMINDEX_VALUE_SCALE.
 * @param full_out receives goalpost full in the same units.
 * @return #PMINDEX_OK; #PMINDEX_E_NOT_FOUND when @p i is not a rate item;
 *         #PMINDEX_E_INVALID for NULL.
 * @since 1.0.0
 */
int pmindex_model_item_goalposts(const pmindex_model *model, int32_t i, int64_t *zero_out,
                                 int64_t *full_out);

/**
 * One step of a rate item's observation: the smallest change of it that a
 * district counts as a real change (measurement error, rounding), used to
 * tell a fragile verdict from a safe one. The model's INI key `tolerance`,
 * or by default 1% of the span between the goalposts (rounded half away
 * from zero, at least one unit).
 * @param model a model.
 * @param i an item index.
 * @return the tolerance in units of 1/#PMINDEX_VALUE_SCALE (> 0) for a rate
 *         item; 0 for an item of another type; #PMINDEX_E_NOT_FOUND for no
 *         such item; #PMINDEX_E_INVALID for NULL.
 * @since 1.2
 */
int64_t pmindex_model_item_tolerance(const pmindex_model *model, int32_t i);

/**
 * The legal basis of an item: the laws or regulations that make it a duty
 * of the property company, as the model names them (INI keys `basis_zh`
 * and `basis_en`), for rectification notices.
 * @param model a model.
 * @param i an item index.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the text; "" when the model gives none or for no such item.
 * @since 1.2
 */
const char *pmindex_model_item_basis(const pmindex_model *model, int32_t i, int32_t lang);
/**
 * @param model a model.
 * @param i an item index.
 * @return the number of levels of a graded item (2 for pass/fail items,
 *         whose levels are 1 and 0), 0 otherwise.
 * @since 1.0.0
 */
int32_t pmindex_model_item_level_count(const pmindex_model *model, int32_t i);
/**
 * @param model a model.
 * @param i an item index.
 * @param j a level index, best level first.
 * @return the level's value (the share of max it earns) in units of
 *         1/#PMINDEX_VALUE_SCALE; -1 when out of range.
 * @since 1.0.0
 */
int64_t pmindex_model_item_level_value(const pmindex_model *model, int32_t i, int32_t j);
/**
 * @param model a model.
 * @param i an item index.
 * @param j a level index.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the label a sheet may give for that level ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_item_level_label(const pmindex_model *model, int32_t i, int32_t j,
                                           int32_t lang);

/**
 * @param model a model.
 * @param v a veto index, 0 <= v < pmindex_model_veto_count().
 * @return the veto's identifier, also its sheet column ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_veto_id(const pmindex_model *model, int32_t v);
/**
 * @param model a model.
 * @param v a veto index.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the description of the event ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_veto_description(const pmindex_model *model, int32_t v, int32_t lang);
/**
 * @param model a model.
 * @param v a veto index.
 * @return the index of the item the veto belongs to, or
 *         #PMINDEX_E_NOT_FOUND when it belongs to none or @p v is out of range.
 * @since 1.0.0
 */
int32_t pmindex_model_veto_item(const pmindex_model *model, int32_t v);
/**
 * @param model a model.
 * @param v a veto index.
 * @return 1 when the event is a legal violation (it sets the highest
 *         sanction at once), 0 otherwise.
 * @since 1.0.0
 */
int32_t pmindex_model_veto_legal(const pmindex_model *model, int32_t v);

/**
 * The legal basis of a veto event, as for items (pmindex_model_item_basis()).
 * @param model a model.
 * @param v a veto index.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the text; "" when the model gives none or for no such veto.
 * @since 1.2
 */
const char *pmindex_model_veto_basis(const pmindex_model *model, int32_t v, int32_t lang);

/**
 * @param model a model.
 * @param t a tier index, 0 = best.
 * @return the tier's key, such as "excellent" ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_tier_key(const pmindex_model *model, int32_t t);
/**
 * @param model a model.
 * @param t a tier index, or #PMINDEX_TIER_FALLBACK for the fallback label.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the tier's label, such as "优秀" ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_tier_label(const pmindex_model *model, int32_t t, int32_t lang);
/**
 * @param model a model.
 * @param t a tier index.
 * @return the lowest index (centipoints) of the tier; the last tier's is 0.
 * @since 1.0.0
 */
int64_t pmindex_model_tier_threshold(const pmindex_model *model, int32_t t);

/** Which of a model's rules pmindex_model_rule() reads. @since 1.0.0 */
enum pmindex_rule {
    PMINDEX_RULE_DOWNGRADE_SHARE = 1, /**< indicator share below which the tier drops one step */
    PMINDEX_RULE_COVERAGE_FLOOR = 2,  /**< coverage below which a compound is fallback */
    PMINDEX_RULE_BLACK_SHARE = 3      /**< an indicator share floor of the black card (see index) */
};

/**
 * Reads a share of a model's rules as an exact fraction.
 * @param model a model.
 * @param rule a #pmindex_rule.
 * @param n for #PMINDEX_RULE_BLACK_SHARE, which floor (0-based, see
 *        pmindex_model_black_share_count()); otherwise 0.
 * @param indicator_out for #PMINDEX_RULE_BLACK_SHARE receives the indicator
 *        index of the floor; may be NULL.
 * @param num_out receives the numerator.
 * @param den_out receives the denominator (> 0).
 * @return #PMINDEX_OK, #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_model_rule(const pmindex_model *model, int32_t rule, int32_t n,
                       int32_t *indicator_out, int64_t *num_out, int64_t *den_out);
/** @param model a model. @return its number of black-card indicator share floors. @since 1.0.0 */
int32_t pmindex_model_black_share_count(const pmindex_model *model);
/**
 * @param model a model.
 * @return the tier at or below which a compound gets a black card, or
 *         #PMINDEX_E_NOT_FOUND when the tier alone never gives one.
 * @since 1.0.0
 */
int32_t pmindex_model_black_tier(const pmindex_model *model);
/** @param model a model. @return 1 when any veto gives a black card, else 0. @since 1.0.0 */
int32_t pmindex_model_black_on_veto(const pmindex_model *model);
/**
 * @param model a model.
 * @return the tier that earns a red card (with no veto, no black card and no
 *         sanction in force), or #PMINDEX_E_NOT_FOUND when there is none.
 * @since 1.0.0
 */
int32_t pmindex_model_red_tier(const pmindex_model *model);

/**
 * The rules of the company lists: a property company is on the honour list
 * when its households-weighted mean index is at least @p honour_min_out
 * (and, if @p honour_no_black_out is 1, none of its compounds has a black
 * card); it is on the watch list when that mean is below @p watch_below_out
 * or (if @p watch_on_black_out is 1) any of its compounds has a black card.
 * @param model a model.
 * @param honour_min_out receives the honour list's lowest mean index, in
 *        centipoints (default 9000); may be NULL.
 * @param honour_no_black_out receives 1 when a black card bars the honour
 *        list (default); may be NULL.
 * @param watch_below_out receives the mean index below which a company is
 *        watched, in centipoints (default 7000; 0 turns the rule off); may be NULL.
 * @param watch_on_black_out receives 1 when any black card puts a company on
 *        the watch list (default); may be NULL.
 * @return #PMINDEX_OK or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_model_company_rules(const pmindex_model *model, int64_t *honour_min_out,
                                int32_t *honour_no_black_out, int64_t *watch_below_out,
                                int32_t *watch_on_black_out);

/** @param model a model. @return its #pmindex_period_kind. @since 1.0.0 */
int32_t pmindex_model_period_kind(const pmindex_model *model);
/** @param model a model. @return the highest level of its sanction ladder. @since 1.0.0 */
int32_t pmindex_model_ladder_max_level(const pmindex_model *model);
/**
 * @param model a model.
 * @return how many clean periods in a row bring the ladder level down one.
 * @since 1.0.0
 */
int32_t pmindex_model_ladder_clean_periods(const pmindex_model *model);
/**
 * @param model a model.
 * @return the level a legal-violation veto sets at once.
 * @since 1.0.0
 */
int32_t pmindex_model_ladder_legal_level(const pmindex_model *model);
/**
 * The measure that goes with a ladder level: level 0 is the red card's
 * praise and incentives, levels 1.. are the black card's measures.
 * @param model a model.
 * @param level 0 .. pmindex_model_ladder_max_level().
 * @return the measure's stable key, such as "interview" ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_measure_key(const pmindex_model *model, int32_t level);
/**
 * @param model a model.
 * @param level 0 .. pmindex_model_ladder_max_level().
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the measure's label ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_measure_label(const pmindex_model *model, int32_t level, int32_t lang);
/**
 * @param model a model.
 * @param level 0 .. pmindex_model_ladder_max_level().
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @return the inspection frequency that goes with the level ("" when out of range).
 * @since 1.0.0
 */
const char *pmindex_model_inspection(const pmindex_model *model, int32_t level, int32_t lang);

/**
 * The days a compound's property company has to rectify after a black
 * card, for the rectification notice (INI key `rectification_days` of
 * `[ladder]`; 30 by default).
 * @param model a model.
 * @return the number of days (1 .. 3650), or 0 for NULL.
 * @since 1.2
 */
int32_t pmindex_model_rectification_days(const pmindex_model *model);

/** @} */

/* ======================================================================== */
/** @name Building a model in code */
/* ======================================================================== */
/** @{ */

/**
 * Collects the parts of a model. The adding functions only record what they
 * are given (and fail only on NULL or out of memory); pmindex_builder_build()
 * checks everything at once and names the element that is wrong.
 * @since 1.0.0
 */
typedef struct pmindex_builder pmindex_builder;

/**
 * Starts an empty model whose rules and ladder are those of the default
 * model (downgrade share 60%, coverage floor 2/3, black card for the last
 * tier and any veto, red card for the first tier, ladder of 4 levels) until
 * the setters below change them. A model of a single tier has no red and no
 * black card for its tier unless pmindex_builder_set_cards() says so. The black-card share floors and the
 * indicators, items, vetoes and tiers start empty.
 * @param builder_out receives the builder; free it with pmindex_builder_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_new(pmindex_builder **builder_out);

/** @param builder a builder, or NULL. Frees it. @since 1.0.0 */
void pmindex_builder_free(pmindex_builder *builder);

/**
 * The error of the last failed call on the builder. After
 * pmindex_builder_build() it is the first problem of the model (the same
 * as pmindex_builder_error_at(builder, 0)).
 * @param builder a builder.
 * @return the error; valid until the next call on the builder.
 * @since 1.0.0
 */
const pmindex_error *pmindex_builder_error(const pmindex_builder *builder);

/**
 * How many problems the last failed call on the builder found:
 * pmindex_builder_build() checks the whole model and finds every problem
 * (two indicators whose items do not add up are two problems); any other
 * call fails for one reason. Each problem names its element and key as
 * fields: pmindex_error_element(), pmindex_error_element_id(),
 * pmindex_error_field().
 * @param builder a builder.
 * @return the number of problems (0 when the last build made the model,
 *         or before any call failed); #PMINDEX_E_INVALID for NULL. The
 *         first 100 are kept with their details.
 * @since 1.2
 */
int64_t pmindex_builder_error_count(const pmindex_builder *builder);

/**
 * One of the problems of the last failed call on the builder, in the
 * order the builder checks a model (the model's name and size,
 * indicators, items, vetoes, ids, tiers, rules, cards, companies, ladder).
 * @param builder a builder.
 * @param n 0 for the first problem (pmindex_builder_error()), up to
 *        pmindex_builder_error_count() - 1.
 * @return the problem, valid until the next call on the builder; NULL for
 *         NULL, for an @p n out of range and beyond the first 100.
 * @since 1.2
 */
const pmindex_error *pmindex_builder_error_at(const pmindex_builder *builder, int64_t n);

/**
 * Sets the model's name.
 * @param builder a builder.
 * @param name_zh the Chinese name (copied).
 * @param name_en the English name (copied).
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_set_name(pmindex_builder *builder, const char *name_zh, const char *name_en);

/**
 * Adds an indicator. Indicators keep the order they are added in.
 * @param builder a builder.
 * @param id its identifier: a letter, then letters, digits, '_', '-' or
 *        '.', at most #PMINDEX_MAX_ID_LENGTH bytes (copied).
 * @param name_zh its Chinese name (copied).
 * @param name_en its English name (copied).
 * @param points its points W_k in centipoints; its items' max must add up to it.
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_add_indicator(pmindex_builder *builder, const char *id, const char *name_zh,
                                  const char *name_en, int64_t points);

/**
 * Adds an item. Items keep the order they are added in. A graded item
 * without pmindex_builder_add_item_level() calls gets the levels 1, 0.5 and
 * 0 labelled 符合/meets, 基本符合/partly meets, 不符合/does not meet.
 * @param builder a builder.
 * @param id its identifier, also its sheet column (copied).
 * @param name_zh its Chinese name (copied).
 * @param name_en its English name (copied).
 * @param indicator_id the identifier of its indicator.
 * @param max its maximum points in centipoints.
 * @param type a #pmindex_item_type.
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_add_item(pmindex_builder *builder, const char *id, const char *name_zh,
                             const char *name_en, const char *indicator_id, int64_t max,
                             int32_t type);

/**
 * Sets the penalty per finding of the deduct item added last.
 * @param builder a builder.
 * @param penalty centipoints lost per finding (> 0).
 * @return #PMINDEX_OK, #PMINDEX_E_STATE when no item was added, or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_set_penalty(pmindex_builder *builder, int64_t penalty);

/**
 * Sets the goalposts of the rate item added last.
 * @param builder a builder.
 * @param zero the observation earning 0 points (units of 1/#PMINDEX_VALUE_SCALE, >= 0).
 * @param full the observation earning max points (>= 0, != @p zero).
 * @return #PMINDEX_OK, #PMINDEX_E_STATE when no item was added, or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_set_goalposts(pmindex_builder *builder, int64_t zero, int64_t full);

/**
 * Sets the tolerance of the item added last (a rate item): see
 * pmindex_model_item_tolerance(). Checked when the model is built: above 0
 * and at most the span between the goalposts.
 * @param builder a builder.
 * @param tolerance in units of 1/#PMINDEX_VALUE_SCALE.
 * @return #PMINDEX_OK, #PMINDEX_E_STATE when no item was added, or
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_builder_set_tolerance(pmindex_builder *builder, int64_t tolerance);

/**
 * Sets the legal basis of the item added last: see pmindex_model_item_basis().
 * Both texts NULL or empty remove it. A text given is checked as labels are
 * when the model is built (valid UTF-8, no control character, at most
 * #PMINDEX_MAX_LABEL_LENGTH bytes); one of the two may be empty.
 * @param builder a builder.
 * @param basis_zh the Chinese text (copied), or NULL.
 * @param basis_en the English text (copied), or NULL.
 * @return #PMINDEX_OK, #PMINDEX_E_STATE when no item was added,
 *         #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_builder_set_item_basis(pmindex_builder *builder, const char *basis_zh,
                                   const char *basis_en);

/**
 * Adds a level to the graded item added last, replacing the default levels.
 * Levels are listed best first.
 * @param builder a builder.
 * @param value the share of max the level earns, 0 ..
 *        #PMINDEX_VALUE_SCALE (units of 1/#PMINDEX_VALUE_SCALE).
 * @param label_zh its Chinese label, accepted in sheets (copied).
 * @param label_en its English label, accepted in sheets (copied).
 * @return #PMINDEX_OK, #PMINDEX_E_STATE, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_add_item_level(pmindex_builder *builder, int64_t value, const char *label_zh,
                                   const char *label_en);

/**
 * Adds a veto event (一票否决).
 * @param builder a builder.
 * @param id its identifier, also its sheet column (copied).
 * @param description_zh what the event is, in Chinese (copied).
 * @param description_en the same in English (copied).
 * @param item_id the item it belongs to, or NULL for none.
 * @param legal 1 when it is a legal violation, else 0.
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_add_veto(pmindex_builder *builder, const char *id, const char *description_zh,
                             const char *description_en, const char *item_id, int32_t legal);

/**
 * Sets the legal basis of the veto added last, as
 * pmindex_builder_set_item_basis() does for items.
 * @param builder a builder.
 * @param basis_zh the Chinese text (copied), or NULL.
 * @param basis_en the English text (copied), or NULL.
 * @return #PMINDEX_OK, #PMINDEX_E_STATE when no veto was added,
 *         #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_builder_set_veto_basis(pmindex_builder *builder, const char *basis_zh,
                                   const char *basis_en);

/**
 * Adds a tier. Tiers are added best first with strictly falling thresholds;
 * the last tier's threshold must be 0.
 * @param builder a builder.
 * @param key its key: lower-case letters, digits, '_' or '-' (copied).
 * @param label_zh its Chinese label (copied).
 * @param label_en its English label (copied).
 * @param threshold the lowest index of the tier, in centipoints.
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_add_tier(pmindex_builder *builder, const char *key, const char *label_zh,
                             const char *label_en, int64_t threshold);

/**
 * Sets one of the rule shares #PMINDEX_RULE_DOWNGRADE_SHARE or
 * #PMINDEX_RULE_COVERAGE_FLOOR, as an exact fraction in [0, 1]; 0 turns the
 * rule off.
 * @param builder a builder.
 * @param rule the rule.
 * @param num the numerator (>= 0).
 * @param den the denominator (> 0).
 * @return #PMINDEX_OK or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_set_rule(pmindex_builder *builder, int32_t rule, int64_t num, int64_t den);

/**
 * Adds a black-card rule: a compound whose share e_k / a_k of the indicator
 * is below num / den gets a black card.
 * @param builder a builder.
 * @param indicator_id the indicator.
 * @param num the numerator (> 0).
 * @param den the denominator (> 0, >= @p num).
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_add_black_share(pmindex_builder *builder, const char *indicator_id,
                                    int64_t num, int64_t den);

/**
 * Sets the card rules by tier key.
 * @param builder a builder.
 * @param black_tier the tier at or below which a compound gets a black card,
 *        or NULL for none; by default the last tier.
 * @param black_on_veto 1 when any veto gives a black card (the default), 0 if not.
 * @param red_tier the tier that earns a red card, or NULL for none; by
 *        default the first tier.
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_set_cards(pmindex_builder *builder, const char *black_tier,
                              int32_t black_on_veto, const char *red_tier);

/**
 * Sets the rules of the company honour and watch lists (see
 * pmindex_model_company_rules() for their meaning and defaults).
 * @param builder a builder.
 * @param honour_min the honour list's lowest mean index, centipoints, 0 .. 10000.
 * @param honour_no_black 1 when a black card bars the honour list, else 0.
 * @param watch_below the mean index below which a company is watched,
 *        centipoints, 0 .. @p honour_min.
 * @param watch_on_black 1 when any black card puts a company on the watch list.
 * @return #PMINDEX_OK or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_set_company_rules(pmindex_builder *builder, int64_t honour_min,
                                      int32_t honour_no_black, int64_t watch_below,
                                      int32_t watch_on_black);

/**
 * Sets the shape of the sanction ladder.
 * @param builder a builder.
 * @param max_level the highest level, 1 .. #PMINDEX_MAX_LADDER_LEVEL.
 * @param clean_periods periods in a row without a black card that bring the
 *        level down by one (>= 1).
 * @param legal_level the level a legal-violation veto sets at once.
 * @param period_kind the #pmindex_period_kind of the ledger.
 * @return #PMINDEX_OK or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_set_ladder(pmindex_builder *builder, int32_t max_level, int32_t clean_periods,
                               int32_t legal_level, int32_t period_kind);

/**
 * Sets the days a property company has to rectify after a black card
 * (pmindex_model_rectification_days(); 30 unless set). Checked when the
 * model is built: 1 to 3650.
 * @param builder a builder.
 * @param days the number of days.
 * @return #PMINDEX_OK or #PMINDEX_E_INVALID for NULL.
 * @since 1.2
 */
int pmindex_builder_set_rectification_days(pmindex_builder *builder, int32_t days);

/**
 * Sets the measure and inspection frequency of a ladder level. Level 0 is the
 * red card's praise and the inspection of a compound with no sanction.
 * @param builder a builder.
 * @param level 0 .. #PMINDEX_MAX_LADDER_LEVEL.
 * @param key the measure's stable key (copied).
 * @param label_zh the measure in Chinese (copied).
 * @param label_en the measure in English (copied).
 * @param inspection_zh the inspection frequency in Chinese (copied).
 * @param inspection_en the inspection frequency in English (copied).
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_set_level(pmindex_builder *builder, int32_t level, const char *key,
                              const char *label_zh, const char *label_en,
                              const char *inspection_zh, const char *inspection_en);

/**
 * Checks everything and builds the model. The builder may be freed or used
 * again afterwards. On error the model is not built and
 * pmindex_builder_error() names the element (its section, such as
 * "item C4", and field, such as "zero") and says what is wrong. Since 1.2
 * the check goes on after a problem: pmindex_builder_error_count() and
 * pmindex_builder_error_at() give every problem found (leaving out those
 * that would only follow from another, such as an indicator's sum when one
 * of its items has its max out of range); the return code and
 * pmindex_builder_error() are those of the first, as before. #PMINDEX_E_NOMEM
 * when memory ran out, even to keep the list of problems.
 * @param builder a builder.
 * @param model_out receives the model; free it with pmindex_model_free().
 * @return #PMINDEX_OK, #PMINDEX_E_MODEL, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_build(pmindex_builder *builder, pmindex_model **model_out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_MODEL_H */
