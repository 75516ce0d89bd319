/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file pmindex.h
 * @brief The whole public API of libpmindex.
 *
 * Conventions that hold for every function below:
 *
 * - Functions that can fail return an `int`: 0 (#PMINDEX_OK) on success or a
 *   negative #pmindex_status. pmindex_strerror() names every code; the
 *   handle a function worked on keeps the details (file, line, column,
 *   message) in a #pmindex_error readable until the next call on that handle.
 * - Functions that write text take a caller buffer and its capacity and
 *   return the length the whole text needs, without the terminating NUL,
 *   as snprintf() does: the text is complete when the result is smaller
 *   than the capacity. A negative result is a #pmindex_status.
 * - Objects come in `_new` / `_free` pairs; every `_free` accepts NULL.
 *   Strings returned as `const char *` belong to the object they came from.
 * - Points are whole hundredths of a point ("centipoints", `int64_t`).
 *   Observations are exact decimals in units of 1/#PMINDEX_VALUE_SCALE.
 *   Nothing uses binary floating point.
 * - The library has no global state. A built #pmindex_model is immutable and
 *   may be used from any number of threads at once; every other object
 *   belongs to one thread at a time.
 * - All text is UTF-8.
 */
#ifndef PMINDEX_PMINDEX_H
#define PMINDEX_PMINDEX_H

#include <stddef.h>
#include <stdint.h>

#include <pmindex/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/** @name Versions and errors */
/* ======================================================================== */
/** @{ */

/**
 * The version of the library that is running, as
 * major * 10000 + minor * 100 + patch (compare with #PMINDEX_VERSION_NUMBER).
 * @return the run-time version number.
 * @since 1.0.0
 */
uint32_t pmindex_version(void);

/**
 * The version of the library that is running, as "major.minor.patch".
 * @return a static string; never NULL.
 * @since 1.0.0
 */
const char *pmindex_version_string(void);

/**
 * Return codes. 0 is success; every error is negative. New codes may be
 * added in later minor versions; pmindex_strerror() names unknown ones too.
 * @since 1.0.0
 */
enum pmindex_status {
    PMINDEX_OK = 0,                 /**< success */
    PMINDEX_E_INVALID = -1,         /**< an argument is NULL or out of its domain */
    PMINDEX_E_NOMEM = -2,           /**< out of memory */
    PMINDEX_E_IO = -3,              /**< reading or writing failed */
    PMINDEX_E_PARSE = -4,           /**< a value does not parse */
    PMINDEX_E_RANGE = -5,           /**< a value parses but is out of range */
    PMINDEX_E_MODEL = -6,           /**< the model is not valid */
    PMINDEX_E_COLUMN = -7,          /**< unknown, duplicate or missing sheet column */
    PMINDEX_E_DUPLICATE = -8,       /**< an identifier given twice */
    PMINDEX_E_ENCODING = -9,        /**< invalid UTF-8 or an undecodable byte */
    PMINDEX_E_SYNTAX = -10,         /**< malformed CSV (quotes, field count) or INI (lines) */
    PMINDEX_E_NOT_FOUND = -11,      /**< no element with that identifier or index */
    PMINDEX_E_STATE = -12,          /**< the object cannot do this now */
    PMINDEX_E_LIMIT = -13,          /**< a size limit of the library exceeded */
    PMINDEX_E_UNSUPPORTED = -14,    /**< not available on this system or build */
    PMINDEX_E_CONFLICT = -15,       /**< two sheets give one cell different values (@since 1.1) */
    PMINDEX_E_BUSY = -16,           /**< another process holds the ledger's write lock (@since 1.1) */
    PMINDEX_E_STORE = -17           /**< the ledger database failed or is not a pmindex ledger (@since 1.1) */
};

/**
 * A short English description of a return code.
 * @param code a #pmindex_status (or any int).
 * @return a static string; never NULL ("unknown error code" for other values).
 * @since 1.0.0
 */
const char *pmindex_strerror(int code);

/**
 * The details of an error: where it is and what is wrong. An error object
 * belongs to the handle it was read from and stays valid until the next
 * call on that handle or until the handle is freed.
 * @since 1.0.0
 */
typedef struct pmindex_error pmindex_error;

/**
 * Makes an empty error object, for the functions that have no handle of
 * their own to keep their error in (such as loading a model from a file).
 * @param error_out receives the error; free it with pmindex_error_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_error_new(pmindex_error **error_out);

/** @param error an error made by pmindex_error_new(), or NULL. Frees it. @since 1.0.0 */
void pmindex_error_free(pmindex_error *error);

/**
 * @param error an error, or NULL.
 * @return its #pmindex_status; #PMINDEX_OK for NULL or "no error".
 * @since 1.0.0
 */
int pmindex_error_code(const pmindex_error *error);

/**
 * @param error an error, or NULL.
 * @return the human-readable message, without the location; "" when none.
 * @since 1.0.0
 */
const char *pmindex_error_message(const pmindex_error *error);

/**
 * @param error an error, or NULL.
 * @return the name of the file (or the display name given for a stream)
 *         where the error is; "" when none.
 * @since 1.0.0
 */
const char *pmindex_error_file(const pmindex_error *error);

/**
 * @param error an error, or NULL.
 * @return the 1-based line of the error; 0 when it has no line.
 * @since 1.0.0
 */
int64_t pmindex_error_line(const pmindex_error *error);

/**
 * @param error an error, or NULL.
 * @return the 1-based column (CSV field number) of the error; 0 when none.
 * @since 1.0.0
 */
int32_t pmindex_error_column(const pmindex_error *error);

/**
 * The section of a model or INI file the error belongs to, such as
 * "item C4" or "rules".
 * @param error an error, or NULL.
 * @return the section; "" when none.
 * @since 1.0.0
 */
const char *pmindex_error_section(const pmindex_error *error);

/**
 * The name of the field the error belongs to: a CSV column name such as
 * "B2", or a model key such as "zero".
 * @param error an error, or NULL.
 * @return the field name; "" when none.
 * @since 1.0.0
 */
const char *pmindex_error_field(const pmindex_error *error);

/**
 * The offending value, as found in the input, with control characters,
 * invalid UTF-8 and backslashes escaped as \\xHH and cut to 80 bytes.
 * @param error an error, or NULL.
 * @return the value; "" when none.
 * @since 1.0.0
 */
const char *pmindex_error_value(const pmindex_error *error);

/**
 * Writes the whole error on one line: "file:line:column: message", leaving
 * out the parts the error does not have.
 * @param error an error, or NULL.
 * @param buf the buffer to write to (NUL-terminated when @p cap > 0); may
 *        be NULL when @p cap is 0.
 * @param cap the capacity of @p buf in bytes.
 * @return the length of the whole text, without the NUL.
 * @since 1.0.0
 */
int64_t pmindex_error_format(const pmindex_error *error, char *buf, size_t cap);

/** @} */

/* ======================================================================== */
/** @name Exact numbers */
/* ======================================================================== */
/** @{ */

/**
 * Observations are exact decimals held as integers in units of
 * 1/PMINDEX_VALUE_SCALE: 0.875 is 87500000. Sheets give at most 6 digits
 * after the point, and "87.123456%" still fits exactly.
 * @since 1.0.0
 */
#define PMINDEX_VALUE_SCALE INT64_C(100000000)

/**
 * The largest magnitude an observation may have: 10 digits before the point.
 * @since 1.0.0
 */
#define PMINDEX_VALUE_MAX (INT64_C(9999999999) * PMINDEX_VALUE_SCALE + (PMINDEX_VALUE_SCALE - 1))

/**
 * Parses a plain decimal exactly as a score sheet gives it: spaces around
 * it, an optional sign, digits with an optional point and at most 6 digits
 * after it, an optional '%' (which divides by 100). No exponents, no hex,
 * no "inf" or "nan", no thousands separators.
 * @param text the text; need not be NUL-terminated.
 * @param len its length in bytes.
 * @param units_out receives the value in units of 1/#PMINDEX_VALUE_SCALE.
 * @return #PMINDEX_OK; #PMINDEX_E_PARSE when the text is not such a
 *         number (including an empty text); #PMINDEX_E_RANGE when it has
 *         more than 10 digits before the point; #PMINDEX_E_INVALID for NULL.
 * @since 1.0.0
 */
int pmindex_decimal_parse(const char *text, size_t len, int64_t *units_out);

/**
 * Writes a value in units of 1/#PMINDEX_VALUE_SCALE as the shortest exact
 * decimal ("0.875", "4", "-0.5").
 * @param units the value.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole text, without the NUL.
 * @since 1.0.0
 */
int64_t pmindex_decimal_format(int64_t units, char *buf, size_t cap);

/**
 * Writes hundredths with exactly 2 decimals: 8750 gives "87.50", -5 gives
 * "-0.05". Points, the index and percentages all print this way.
 * @param hundredths the number of hundredths.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole text, without the NUL.
 * @since 1.0.0
 */
int64_t pmindex_centi_format(int64_t hundredths, char *buf, size_t cap);

/** @} */

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
 * The error of the last failed call on the builder.
 * @param builder a builder.
 * @return the error; valid until the next call on the builder.
 * @since 1.0.0
 */
const pmindex_error *pmindex_builder_error(const pmindex_builder *builder);

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
 * "item C4", and field, such as "zero") and says what is wrong.
 * @param builder a builder.
 * @param model_out receives the model; free it with pmindex_model_free().
 * @return #PMINDEX_OK, #PMINDEX_E_MODEL, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_builder_build(pmindex_builder *builder, pmindex_model **model_out);

/** @} */

/* ======================================================================== */
/** @name Compounds: the observations of one compound */
/* ======================================================================== */
/** @{ */

/**
 * One compound's row of a score sheet: its descriptive fields, one
 * observation per item (a value or "not applicable"), its vetoes and
 * whether it is managed.
 * @since 1.0.0
 */
typedef struct pmindex_compound pmindex_compound;

/** The descriptive fields of a compound (sheet columns). @since 1.0.0 */
enum pmindex_field {
    PMINDEX_FIELD_ID = 0,      /**< compound_id */
    PMINDEX_FIELD_NAME = 1,    /**< name */
    PMINDEX_FIELD_STREET = 2,  /**< street */
    PMINDEX_FIELD_STATION = 3, /**< station */
    PMINDEX_FIELD_COMPANY = 4, /**< company */
    PMINDEX_FIELD_PERIOD = 5   /**< period */
};

/**
 * Makes an empty compound for a model: every item not applicable, no veto,
 * managed, empty fields, households unknown.
 * @param model the model; must outlive the compound.
 * @param compound_out receives the compound; free it with pmindex_compound_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_compound_new(const pmindex_model *model, pmindex_compound **compound_out);

/** @param compound a compound, or NULL. Frees it. @since 1.0.0 */
void pmindex_compound_free(pmindex_compound *compound);

/** @param compound a compound. Makes it empty again, as pmindex_compound_new() does. @since 1.0.0 */
void pmindex_compound_clear(pmindex_compound *compound);

/**
 * The error of the last failed call on the compound.
 * @param compound a compound.
 * @return the error; valid until the next call on the compound.
 * @since 1.0.0
 */
const pmindex_error *pmindex_compound_error(const pmindex_compound *compound);

/**
 * Sets one cell from its text, exactly as a score sheet is read: the column
 * is any sheet column (compound_id, name, street, station, company,
 * households, managed, period, an item id or a veto id) and the text is
 * parsed and checked as the sheet reader does (labels, percentages,
 * "NA" or empty for not applicable, ranges). This is the one parser of
 * observations; bindings use it to get the same results as the reader.
 * @param compound a compound.
 * @param column the column name, NUL-terminated.
 * @param text the cell's text; need not be NUL-terminated.
 * @param len its length in bytes.
 * @return #PMINDEX_OK; #PMINDEX_E_COLUMN for an unknown column;
 *         #PMINDEX_E_PARSE, #PMINDEX_E_RANGE or #PMINDEX_E_ENCODING for a
 *         bad value (pmindex_compound_error() says why); #PMINDEX_E_NOMEM;
 *         #PMINDEX_E_INVALID. On error the compound is unchanged.
 * @since 1.0.0
 */
int pmindex_compound_set_text(pmindex_compound *compound, const char *column, const char *text,
                              size_t len);

/**
 * Sets an item's observation directly, checked as a sheet value is.
 * @param compound a compound.
 * @param item an item index.
 * @param value the observation in units of 1/#PMINDEX_VALUE_SCALE (a graded
 *        level's value, 0 or 1 for pass/fail, a whole count for deduct).
 * @return #PMINDEX_OK, #PMINDEX_E_RANGE, #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_compound_set_value(pmindex_compound *compound, int32_t item, int64_t value);

/**
 * Marks an item not applicable.
 * @param compound a compound.
 * @param item an item index.
 * @return #PMINDEX_OK, #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_compound_set_na(pmindex_compound *compound, int32_t item);

/**
 * Sets or clears a veto event.
 * @param compound a compound.
 * @param veto a veto index.
 * @param confirmed 1 when the event was confirmed this period, else 0.
 * @return #PMINDEX_OK, #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_compound_set_veto(pmindex_compound *compound, int32_t veto, int32_t confirmed);

/**
 * @param compound a compound.
 * @param item an item index.
 * @param value_out receives the observation when it is applicable; may be NULL.
 * @return 1 when the item has an observation, 0 when it is not applicable,
 *         #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_compound_value(const pmindex_compound *compound, int32_t item, int64_t *value_out);

/**
 * @param compound a compound.
 * @param veto a veto index.
 * @return 1 when the veto is confirmed, else 0.
 * @since 1.0.0
 */
int32_t pmindex_compound_veto(const pmindex_compound *compound, int32_t veto);

/**
 * @param compound a compound.
 * @return 1 when the compound has a property company (the default), 0 if not.
 * @since 1.0.0
 */
int32_t pmindex_compound_managed(const pmindex_compound *compound);

/**
 * @param compound a compound.
 * @return its number of households, or -1 when not given.
 * @since 1.0.0
 */
int64_t pmindex_compound_households(const pmindex_compound *compound);

/**
 * @param compound a compound.
 * @param field a #pmindex_field.
 * @return the field's text ("" when empty or out of range).
 * @since 1.0.0
 */
const char *pmindex_compound_field(const pmindex_compound *compound, int32_t field);

/**
 * @param compound a compound.
 * @return the line of the sheet its row starts on; 0 when not from a sheet.
 * @since 1.0.0
 */
int64_t pmindex_compound_line(const pmindex_compound *compound);

/** @} */

/* ======================================================================== */
/** @name Assessing a compound */
/* ======================================================================== */
/** @{ */

/**
 * The verdict on one compound: points, index, coverage, tier, card and the
 * reasons. Made once and reused for any number of compounds.
 * @since 1.0.0
 */
typedef struct pmindex_assessment pmindex_assessment;

/** The tier of a compound whose coverage is too low to rank: 兜底管理. @since 1.0.0 */
#define PMINDEX_TIER_FALLBACK (-1)

/** Cards. @since 1.0.0 */
enum pmindex_card {
    PMINDEX_CARD_NONE = 0,  /**< no card */
    PMINDEX_CARD_RED = 1,   /**< 红牌: honour */
    PMINDEX_CARD_BLACK = 2  /**< 黑牌: shame */
};

/** The rules that can fire for a compound, in the order they are listed. @since 1.0.0 */
enum pmindex_reason_rule {
    PMINDEX_REASON_FALLBACK = 1,     /**< coverage below the floor ("fallback"); no arg */
    PMINDEX_REASON_VETO = 2,         /**< a confirmed veto ("veto:V1"); arg = veto */
    PMINDEX_REASON_DOWNGRADE = 3,    /**< an indicator share below the downgrade share
                                          ("downgrade:C"); arg = indicator */
    PMINDEX_REASON_BLACK_TIER = 4,   /**< black card for the tier ("black:fail"); arg = tier */
    PMINDEX_REASON_BLACK_VETO = 5,   /**< black card for a veto ("black:veto"); no arg */
    PMINDEX_REASON_BLACK_SHARE = 6,  /**< black card for an indicator share below its floor
                                          ("black:share:B"); arg = indicator */
    PMINDEX_REASON_RED = 7           /**< red card ("red"); arg = tier */
};

/**
 * Makes an assessment object for a model.
 * @param model the model; must outlive the assessment.
 * @param assessment_out receives it; free it with pmindex_assessment_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_assessment_new(const pmindex_model *model, pmindex_assessment **assessment_out);

/** @param assessment an assessment, or NULL. Frees it. @since 1.0.0 */
void pmindex_assessment_free(pmindex_assessment *assessment);

/**
 * Assesses one compound: rules 1 to 9 of the model, without history (a
 * compound starts at ladder level 0, so the top tier with no veto and no
 * black card earns the red card). The result replaces whatever the
 * assessment held. Does not allocate.
 * @param model the model of the compound and the assessment.
 * @param compound the observations.
 * @param assessment receives the verdict.
 * @return #PMINDEX_OK, or #PMINDEX_E_INVALID for NULL or objects of
 *         another model.
 * @since 1.0.0
 */
int pmindex_assess(const pmindex_model *model, const pmindex_compound *compound,
                   pmindex_assessment *assessment);

/**
 * @param assessment an assessment.
 * @param index_out receives the index in centipoints (0 .. 10000).
 * @return 1 when the compound has an index, 0 when no item applies.
 * @since 1.0.0
 */
int pmindex_assessment_index(const pmindex_assessment *assessment, int64_t *index_out);

/**
 * @param assessment an assessment.
 * @return the tier index (0 = best) or #PMINDEX_TIER_FALLBACK.
 * @since 1.0.0
 */
int32_t pmindex_assessment_tier(const pmindex_assessment *assessment);

/**
 * @param assessment an assessment.
 * @return its #pmindex_card.
 * @since 1.0.0
 */
int32_t pmindex_assessment_card(const pmindex_assessment *assessment);

/**
 * The coverage: the max points of the applicable items over the points of
 * the whole model, as an exact fraction.
 * @param assessment an assessment.
 * @param num_out receives the numerator (centipoints applicable); may be NULL.
 * @param den_out receives the denominator (centipoints of the model); may be NULL.
 * @return the coverage in hundredths of a percent, rounded half away from
 *         zero (9667 for 96.67%).
 * @since 1.0.0
 */
int64_t pmindex_assessment_coverage(const pmindex_assessment *assessment, int64_t *num_out,
                                    int64_t *den_out);

/**
 * @param assessment an assessment.
 * @param item an item index.
 * @param points_out receives the points earned in centipoints; may be NULL.
 * @param lost_out receives the points lost (max - earned); may be NULL.
 * @return 1 when the item applies, 0 when it is not applicable (nothing is
 *         written), #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_assessment_item(const pmindex_assessment *assessment, int32_t item,
                            int64_t *points_out, int64_t *lost_out);

/**
 * @param assessment an assessment.
 * @param k an indicator index.
 * @param points_out receives p_k in centipoints (rescaled to W_k); may be NULL.
 * @param earned_out receives e_k, the points earned by its applicable items;
 *        may be NULL.
 * @param applicable_out receives a_k, the max of its applicable items; may be NULL.
 * @param share_out receives the share e_k / a_k in hundredths of a percent,
 *        rounded half away from zero; may be NULL.
 * @return 1 when the indicator has points, 0 when none of its items applies
 *         (nothing is written), #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_assessment_indicator(const pmindex_assessment *assessment, int32_t k,
                                 int64_t *points_out, int64_t *earned_out,
                                 int64_t *applicable_out, int64_t *share_out);

/** @param assessment an assessment. @return the number of rules that fired. @since 1.0.0 */
int32_t pmindex_assessment_reason_count(const pmindex_assessment *assessment);

/**
 * @param assessment an assessment.
 * @param n a reason index, 0 <= n < pmindex_assessment_reason_count().
 * @param arg_out receives the rule's argument (a veto, indicator or tier
 *        index; -1 for none); may be NULL.
 * @return the #pmindex_reason_rule, or #PMINDEX_E_NOT_FOUND.
 * @since 1.0.0
 */
int32_t pmindex_assessment_reason(const pmindex_assessment *assessment, int32_t n,
                                  int32_t *arg_out);

/**
 * Writes a reason's short stable key, such as "veto:V1", "downgrade:C",
 * "black:fail", "black:veto", "black:share:B", "fallback" or "red".
 * @param assessment an assessment.
 * @param n a reason index.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole key, or #PMINDEX_E_NOT_FOUND.
 * @since 1.0.0
 */
int64_t pmindex_assessment_reason_key(const pmindex_assessment *assessment, int32_t n, char *buf,
                                      size_t cap);

/**
 * Writes a reason as a sentence, such as "Indicator C (公共服务) share 55.00%
 * is below 60.00%: the tier drops one step".
 * @param assessment an assessment.
 * @param n a reason index.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole sentence, or #PMINDEX_E_NOT_FOUND.
 * @since 1.0.0
 */
int64_t pmindex_assessment_reason_text(const pmindex_assessment *assessment, int32_t n,
                                       int32_t lang, char *buf, size_t cap);

/**
 * Lists the applicable items that lost points, the largest loss first (ties
 * in model order).
 * @param assessment an assessment.
 * @param items_out receives item indices; may be NULL when @p cap is 0.
 * @param cap the capacity of @p items_out in elements.
 * @return the number of such items (all of them, even beyond @p cap).
 * @since 1.0.0
 */
int32_t pmindex_assessment_losses(const pmindex_assessment *assessment, int32_t *items_out,
                                  size_t cap);

/** @} */

/* ======================================================================== */
/** @name Reading score sheets */
/* ======================================================================== */
/** @{ */

/**
 * A streaming reader of the score-sheet CSV: one row in memory at a time
 * (plus the compound ids seen, to find duplicates).
 * @since 1.0.0
 */
typedef struct pmindex_sheet pmindex_sheet;

/** Options of a sheet reader. @since 1.0.0 */
enum pmindex_sheet_flags {
    PMINDEX_SHEET_PARTIAL = 1u << 0 /**< item columns may be missing (a partial sheet) */
};

/**
 * Opens a score sheet in a file.
 * @param model the model whose items and vetoes are the sheet's columns;
 *        must outlive the reader.
 * @param path the file's path; "-" reads standard input.
 * @param encoding NULL or "utf-8" for UTF-8, or "gb18030" (also "gbk") for
 *        sheets saved by Chinese spreadsheet programs, converted with iconv.
 * @param flags #pmindex_sheet_flags, or 0.
 * @param sheet_out receives the reader; free it with pmindex_sheet_free().
 * @return #PMINDEX_OK; #PMINDEX_E_IO when the file cannot be opened (the
 *         reader is still made so pmindex_sheet_error() can say why);
 *         #PMINDEX_E_UNSUPPORTED for an unknown encoding; #PMINDEX_E_NOMEM;
 *         #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_sheet_open(const pmindex_model *model, const char *path, const char *encoding,
                       uint32_t flags, pmindex_sheet **sheet_out);

/**
 * Opens a score sheet held in memory.
 * @param model the model; must outlive the reader.
 * @param data the bytes; must stay valid until the reader is freed.
 * @param len their number.
 * @param name the name errors give for the sheet (copied), or NULL.
 * @param encoding as for pmindex_sheet_open().
 * @param flags #pmindex_sheet_flags, or 0.
 * @param sheet_out receives the reader; free it with pmindex_sheet_free().
 * @return as pmindex_sheet_open().
 * @since 1.0.0
 */
int pmindex_sheet_open_memory(const pmindex_model *model, const void *data, size_t len,
                              const char *name, const char *encoding, uint32_t flags,
                              pmindex_sheet **sheet_out);

/** @param sheet a reader, or NULL. Frees it (and closes its file). @since 1.0.0 */
void pmindex_sheet_free(pmindex_sheet *sheet);

/**
 * Reads on to the next compound or the next error. Every error of a sheet
 * is reported, one per call, in the order of the sheet; a row with an error
 * is not returned. Keep calling until it returns 0:
 *
 *     while ((rc = pmindex_sheet_next(sheet, &row)) != 0)
 *         if (rc < 0) report(pmindex_sheet_error(sheet)); else use(row);
 *
 * Errors in the header, an unterminated quote, an undecodable byte and
 * I/O errors end the sheet: after them the next call returns 0.
 * @param sheet a reader.
 * @param compound_out receives the row's compound, valid until the next
 *        call; its fields are those of the sheet.
 * @return 1 for a row, 0 at the end, or a negative #pmindex_status
 *         (details in pmindex_sheet_error()).
 * @since 1.0.0
 */
int pmindex_sheet_next(pmindex_sheet *sheet, const pmindex_compound **compound_out);

/**
 * The error pmindex_sheet_next() or pmindex_sheet_open() returned last.
 * @param sheet a reader.
 * @return the error, with file, line, column, column name and value.
 * @since 1.0.0
 */
const pmindex_error *pmindex_sheet_error(const pmindex_sheet *sheet);

/**
 * Whether the sheet has a column. Valid once pmindex_sheet_next() was called.
 * @param sheet a reader.
 * @param column a column name.
 * @return 1 when the header has it, 0 when not.
 * @since 1.0.0
 */
int32_t pmindex_sheet_has_column(const pmindex_sheet *sheet, const char *column);

/** @} */

/* ======================================================================== */
/** @name Writing results */
/* ======================================================================== */
/** @{ */

/**
 * Writes the header line of the CSV results:
 * "compound_id,index," then the model's indicator ids, then
 * "coverage,tier,card,reasons", ending in a newline.
 * @param model a model.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line, or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int64_t pmindex_csv_header(const pmindex_model *model, char *buf, size_t cap);

/**
 * Writes one compound's CSV result line (see pmindex_csv_header()): numbers
 * with exactly 2 decimals, coverage in percent, an empty cell for an
 * indicator with no applicable item, the tier key or "fallback", the card
 * "red", "black" or "none", the reason keys separated by ';'; a newline.
 * @param assessment the compound's assessment.
 * @param compound the compound (for its id).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line, or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int64_t pmindex_csv_record(const pmindex_assessment *assessment, const pmindex_compound *compound,
                           char *buf, size_t cap);

/**
 * Writes one compound's JSON Lines record: the CSV's values (numbers as
 * JSON numbers with exactly 2 decimals), the compound's descriptive fields,
 * each indicator's points and share, each item's observation, points and
 * points lost, and the items that lost points, largest loss first; a newline.
 * @param assessment the compound's assessment.
 * @param compound the compound.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line, or #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int64_t pmindex_jsonl_record(const pmindex_assessment *assessment,
                             const pmindex_compound *compound, char *buf, size_t cap);

/** @} */

/* ======================================================================== */
/** @name Models in INI files */
/* ======================================================================== */
/** @{ */

/**
 * Writes a model as INI text in canonical form: every field of the model
 * (name, indicators, items with their type, points, penalty, goalposts and
 * graded levels, vetoes, tiers, rules, cards, company rules, the ladder and
 * every level's measure and texts), sections and keys in a fixed order,
 * numbers in their shortest exact spelling (points "2.5", goalposts "0.8",
 * shares "60%" or "2/3" by their value). Two models that score every sheet
 * alike and carry the same texts give byte-identical text, so the text, or
 * a hash of it, identifies a model; pmindex_model_load_ini() reads it back
 * into such a model. The schema is described in models/README.md.
 * @param model a model.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole text, without the NUL;
 *         #PMINDEX_E_UNSUPPORTED when a text of the model cannot be written
 *         in INI: one that ends with a backslash, or one that must be quoted
 *         (it is empty, starts or ends with a space, starts with a quote or
 *         holds ';' or '#') and also holds a backslash or both kinds of quote;
 *         or a tier called none when [cards] would have to say none (no
 *         tier) or name that tier;
 *         #PMINDEX_E_INVALID for NULL.
 * @since 1.0.0
 */
int64_t pmindex_model_write_ini(const pmindex_model *model, char *buf, size_t cap);

/**
 * Loads a model from an INI file (schema and a commented example in
 * models/README.md) through iniparser, and builds it with the same builder
 * and validation as pmindex_model_default(). The whole file is checked
 * first: syntax, UTF-8 (a byte-order mark is accepted), lines of at most
 * 1000 bytes, duplicate or unknown sections and keys, missing keys, numbers
 * (read exactly, without floating point) and ranges; then the builder's
 * rules. Every problem gives an error naming the file, the line, the
 * section (such as "item C4") and the key (such as "zero"), the value and
 * what was expected; @p error receives the first, in line order
 * (pmindex_model_check_ini() lists them all). Nothing is printed: iniparser,
 * which reports through a process-wide callback that prints to stderr, is
 * only given text it reads without complaint (only running out of memory
 * inside iniparser could make it print). No process-wide state is touched:
 * threads may load models at once. Files larger than 4 MiB are refused.
 * @param path the file's path; "-" reads standard input.
 * @param model_out receives the model; free it with pmindex_model_free().
 *        NULL on error.
 * @param error a caller-owned error (pmindex_error_new()) that receives the
 *        details of a failure, or NULL.
 * @return #PMINDEX_OK; #PMINDEX_E_IO when the file cannot be read;
 *         #PMINDEX_E_SYNTAX, #PMINDEX_E_ENCODING, #PMINDEX_E_PARSE,
 *         #PMINDEX_E_RANGE, #PMINDEX_E_DUPLICATE, #PMINDEX_E_LIMIT,
 *         #PMINDEX_E_UNSUPPORTED or #PMINDEX_E_MODEL for a bad model (the
 *         code of the first error); #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_model_load_ini(const char *path, pmindex_model **model_out, pmindex_error *error);

/**
 * Loads a model from INI text in memory, as pmindex_model_load_ini() does
 * from a file (for bindings and fuzzing). iniparser reads only from files:
 * the text reaches it through an anonymous memory file (memfd_create()),
 * or where that is missing through a private temporary file in $TMPDIR
 * (else /tmp) that is removed at once.
 * @param data the text; need not be NUL-terminated.
 * @param len its length in bytes.
 * @param name the file name errors give (copied), or NULL for "<memory>".
 * @param model_out receives the model; free it with pmindex_model_free().
 * @param error a caller-owned error that receives the details of a
 *        failure, or NULL.
 * @return as pmindex_model_load_ini(); #PMINDEX_E_IO also when no temporary
 *         file can be made.
 * @since 1.0.0
 */
int pmindex_model_load_ini_memory(const void *data, size_t len, const char *name,
                                  pmindex_model **model_out, pmindex_error *error);

/**
 * Checks a model file as pmindex_model_load_ini() does and lists every
 * problem it finds, in line order, one per line as pmindex_error_format()
 * writes it ("file:line: section, key \"value\": message"). Problems are
 * found stage by stage (syntax and structure, then values, then the
 * builder's rules), so fixing them may reveal more; the list stops after
 * 100 with a line saying so.
 * @param path the file's path; "-" reads standard input.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole list, 0 when the file is a valid model;
 *         #PMINDEX_E_INVALID for NULL.
 * @since 1.0.0
 */
int64_t pmindex_model_check_ini(const char *path, char *buf, size_t cap);

/** @} */

/* ======================================================================== */
/** @name For bindings: rows kept, sheets scored in bulk */
/* ======================================================================== */
/** @{ */

/**
 * Copies a compound: its observations, vetoes, fields, households, whether
 * it is managed and its line. Keeps a row of pmindex_sheet_next() beyond
 * the next call, for instance.
 * @param dst the compound to overwrite.
 * @param src the compound to copy, of the same model (may be @p dst).
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM (then @p dst is unchanged), or
 *         #PMINDEX_E_INVALID for NULL or compounds of different models.
 * @since 1.0.0
 */
int pmindex_compound_copy(pmindex_compound *dst, const pmindex_compound *src);

/**
 * Scores a whole sheet into large buffers: many rows per call, for callers
 * to whom a call per row costs too much (bindings such as Python's ctypes).
 * A batch reads the rows of a #pmindex_sheet, assesses each and writes its
 * record with pmindex_csv_record() or pmindex_jsonl_record(): the bytes are
 * exactly those of a loop over pmindex_sheet_next(), pmindex_assess() and
 * the record functions, and the errors come in the same order. A chunk
 * only ever holds whole records.
 *
 *     pmindex_batch_new(model, sheet, PMINDEX_FORMAT_CSV, PMINDEX_BATCH_HEADER, &batch);
 *     do {
 *         n = pmindex_batch_fill(batch, buf, cap, &rows, &status);
 *         if (n < 0) fail(n);
 *         else if ((size_t)n >= cap) grow(&buf, &cap, n + 1);   // a record longer than buf
 *         else write(out, buf, n);
 *         if (status < 0) report(pmindex_sheet_error(sheet));    // then go on
 *     } while (status != 0);
 *
 * @since 1.0.0
 */
typedef struct pmindex_batch pmindex_batch;

/** Record formats of a batch. @since 1.0.0 */
enum pmindex_format {
    PMINDEX_FORMAT_CSV = 1,  /**< the lines of pmindex_csv_record() */
    PMINDEX_FORMAT_JSONL = 2 /**< the lines of pmindex_jsonl_record() */
};

/** Options of a batch. @since 1.0.0 */
enum pmindex_batch_flags {
    PMINDEX_BATCH_HEADER = 1u << 0 /**< begin with the line of pmindex_csv_header() (CSV only) */
};

/**
 * Makes a batch that scores the rows of a sheet.
 * @param model the model of the sheet; must outlive the batch.
 * @param sheet a reader opened for @p model, positioned anywhere (the batch
 *        reads on from there); must outlive the batch. While the batch is
 *        in use, call pmindex_sheet_next() on the sheet only through it.
 * @param format #PMINDEX_FORMAT_CSV or #PMINDEX_FORMAT_JSONL.
 * @param flags #pmindex_batch_flags, or 0.
 * @param batch_out receives the batch; free it with pmindex_batch_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM, or #PMINDEX_E_INVALID for NULL, an
 *         unknown format or flag, or #PMINDEX_BATCH_HEADER with JSON Lines.
 * @since 1.0.0
 */
int pmindex_batch_new(const pmindex_model *model, pmindex_sheet *sheet, int32_t format,
                      uint32_t flags, pmindex_batch **batch_out);

/** @param batch a batch, or NULL. Frees it (not its sheet). @since 1.0.0 */
void pmindex_batch_free(pmindex_batch *batch);

/**
 * Reads, assesses and writes as many whole records as fit into a buffer.
 * A record that does not fit stays pending for the next call; nothing is
 * lost or written twice. The call stops when the next record does not fit,
 * at the end of the sheet, or at a sheet error: the records before the
 * error are in the buffer, pmindex_sheet_error() describes the error, and
 * the next call goes on after it (every error of the sheet is reported, in
 * order, as pmindex_sheet_next() reports them).
 * @param batch a batch.
 * @param buf the buffer (NUL-terminated when @p cap > 0); NULL if @p cap is 0.
 * @param cap its capacity in bytes. 1 MiB makes the cost of a call vanish.
 * @param rows_out receives the number of records written (the CSV header
 *        is not one); may be NULL.
 * @param status_out receives why the call stopped: 1 when more records may
 *        follow (call again), 0 at the end of the sheet (the bytes written
 *        are the last), or the negative #pmindex_status of a sheet error
 *        (call again to go on). Must not be NULL.
 * @return the number of bytes written, always smaller than @p cap; or,
 *         when the next record alone needs @p cap bytes or more with its
 *         NUL, the length of that record (no less than @p cap): nothing is
 *         written and the record stays pending, so call again with a buffer
 *         of more than that many bytes; or #PMINDEX_E_INVALID (NULL, or a
 *         sheet of another model), or #PMINDEX_E_NOMEM.
 * @since 1.0.0
 */
int64_t pmindex_batch_fill(pmindex_batch *batch, char *buf, size_t cap, int64_t *rows_out,
                           int32_t *status_out);

/** @} */

/* ======================================================================== */
/** @name A district's period: rankings and summaries */
/* ======================================================================== */
/** @{ */

/**
 * The verdicts of every compound of one period, ranked and summarised by
 * street, police station and property company. Each compound is kept in
 * about 100 bytes (its id, name, groups, households, index, indicator
 * points, coverage, tier, card and reasons), not as a whole assessment, so
 * a million compounds fit in about 120 MB.
 *
 * Add every compound, then call pmindex_district_compute() once; the
 * accessors read the result. Compounds are numbered from 0 in the order
 * they were added.
 *
 * Ranks: compounds are ordered by tier first (0 best), then by index,
 * highest first, so that a vetoed or downgraded compound never ranks above
 * one of a better tier. Equal tier and index share a rank, and the next
 * rank skips (1, 2, 2, 4). The listing order is by rank, then by
 * compound_id (byte order); fallback compounds (#PMINDEX_TIER_FALLBACK)
 * have no rank and are listed last, by compound_id. A compound's street and
 * station ranks are the same order within its street and its station.
 *
 * Groups: a compound belongs to the street and the station it names (none
 * when the field is empty) and, when it is managed and names a company, to
 * that company. Unmanaged compounds never count for a company.
 * @since 1.1
 */
typedef struct pmindex_district pmindex_district;

/** What a ranking or summary is by. @since 1.1 */
enum pmindex_scope {
    PMINDEX_SCOPE_DISTRICT = 0, /**< the whole district (one group, number 0) */
    PMINDEX_SCOPE_STREET = 1,   /**< street offices (街道) */
    PMINDEX_SCOPE_STATION = 2,  /**< police stations (派出所) */
    PMINDEX_SCOPE_COMPANY = 3   /**< property companies (物业服务企业), managed compounds only */
};

/**
 * Statistics of the index of a group's compounds that have a tier (the
 * fallback compounds are counted, but their index is left out). Every
 * value is in centipoints, rounded to the hundredth half away from zero
 * (all values are >= 0, so half up).
 * @since 1.1
 */
enum pmindex_stat {
    PMINDEX_STAT_MEAN = 0,         /**< the plain mean */
    PMINDEX_STAT_MEDIAN = 1,       /**< the middle value; the mean of the two middle ones */
    PMINDEX_STAT_MIN = 2,          /**< the lowest */
    PMINDEX_STAT_MAX = 3,          /**< the highest */
    PMINDEX_STAT_WEIGHTED_MEAN = 4 /**< weighted by households; compounds without households
                                        weigh 0, and a group whose compounds give none at all
                                        has the plain mean */
};

/** The company lists a group is on (the model's company rules). @since 1.1 */
enum pmindex_list_flags {
    PMINDEX_LIST_HONOUR = 1 << 0, /**< the honour list */
    PMINDEX_LIST_WATCH = 1 << 1   /**< the watch list */
};

/**
 * Makes an empty district.
 * @param model the model of its compounds; must outlive the district.
 * @param district_out receives it; free it with pmindex_district_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_district_new(const pmindex_model *model, pmindex_district **district_out);

/** @param district a district, or NULL. Frees it. @since 1.1 */
void pmindex_district_free(pmindex_district *district);

/**
 * The error of the last failed pmindex_district_add() or
 * pmindex_district_compute().
 * @param district a district.
 * @return the error; valid until the next call on the district.
 * @since 1.1
 */
const pmindex_error *pmindex_district_error(const pmindex_district *district);

/**
 * Adds one compound with its verdict. What rankings and summaries need is
 * copied: the compound and the assessment may be reused at once.
 * @param district a district not yet computed.
 * @param compound the compound (a sheet row, a merged compound...).
 * @param assessment its verdict by pmindex_assess().
 * @return #PMINDEX_OK; #PMINDEX_E_DUPLICATE when the district already has
 *         the compound_id; #PMINDEX_E_STATE after pmindex_district_compute();
 *         #PMINDEX_E_LIMIT beyond 2^31 - 3 compounds; #PMINDEX_E_NOMEM;
 *         #PMINDEX_E_INVALID for NULL, objects of another model or a
 *         compound without compound_id. pmindex_district_error() says why.
 * @since 1.1
 */
int pmindex_district_add(pmindex_district *district, const pmindex_compound *compound,
                         const pmindex_assessment *assessment);

/**
 * Ranks the compounds and summarises the groups. After it, no compound can
 * be added. Calling it again does nothing.
 * @param district a district.
 * @return #PMINDEX_OK; #PMINDEX_E_LIMIT when a group's households times
 *         index overflow 64 bits; #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_district_compute(pmindex_district *district);

/** @param district a district. @return the number of its compounds. @since 1.1 */
int64_t pmindex_district_count(const pmindex_district *district);

/**
 * @param district a computed district.
 * @return the number of ranked compounds: listing positions 0 .. n-1 are
 *         ranked, the rest are fallback; #PMINDEX_E_STATE before
 *         pmindex_district_compute().
 * @since 1.1
 */
int64_t pmindex_district_ranked_count(const pmindex_district *district);

/**
 * The compound at a position of the listing (by rank, then compound_id,
 * the fallback compounds last).
 * @param district a computed district.
 * @param n a position, 0 <= n < pmindex_district_count().
 * @return the compound's number; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_listed(const pmindex_district *district, int64_t n);

/**
 * A compound's descriptive field: #PMINDEX_FIELD_ID, NAME, STREET, STATION
 * or COMPANY (the company only of a managed compound); other fields are "".
 * @param district a district.
 * @param compound a compound number.
 * @param field a #pmindex_field.
 * @return the text, "" when empty or out of range; valid as long as the district.
 * @since 1.1
 */
const char *pmindex_district_compound_field(const pmindex_district *district, int64_t compound,
                                            int32_t field);

/**
 * @param district a district.
 * @param compound a compound number.
 * @param index_out receives its index in centipoints; may be NULL.
 * @return 1 when it has an index, 0 when not, #PMINDEX_E_NOT_FOUND or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_district_compound_index(const pmindex_district *district, int64_t compound,
                                    int64_t *index_out);

/**
 * @param district a district.
 * @param compound a compound number.
 * @return its tier (0 best) or #PMINDEX_TIER_FALLBACK; #PMINDEX_E_NOT_FOUND
 *         or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_district_compound_tier(const pmindex_district *district, int64_t compound);

/**
 * @param district a district.
 * @param compound a compound number.
 * @return its #pmindex_card; #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_district_compound_card(const pmindex_district *district, int64_t compound);

/**
 * @param district a district.
 * @param compound a compound number.
 * @return its households, -1 when not given; #PMINDEX_E_NOT_FOUND or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_compound_households(const pmindex_district *district,
                                             int64_t compound);

/**
 * A compound's rank in the district, its street, its station or its company.
 * @param district a computed district.
 * @param compound a compound number.
 * @param scope a #pmindex_scope.
 * @return the rank (1 = best); 0 for a fallback compound or one outside any
 *         group of the scope; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_compound_rank(const pmindex_district *district, int64_t compound,
                                       int32_t scope);

/**
 * The number of groups of a scope: streets, stations or companies (those
 * with at least one managed compound); 1 for #PMINDEX_SCOPE_DISTRICT.
 * Groups are numbered in their listing order: by rank (the mean index,
 * for companies the households-weighted mean, highest first; equal means
 * share a rank), then by name, those without a mean last.
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @return the count; #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_district_group_count(const pmindex_district *district, int32_t scope);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @return the group's name ("" for the district or out of range).
 * @since 1.1
 */
const char *pmindex_district_group_name(const pmindex_district *district, int32_t scope,
                                        int32_t group);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @return the number of the group's compounds; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_group_compounds(const pmindex_district *district, int32_t scope,
                                         int32_t group);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @param tier a tier, or #PMINDEX_TIER_FALLBACK.
 * @return the number of the group's compounds of that tier;
 *         #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_group_tier_count(const pmindex_district *district, int32_t scope,
                                          int32_t group, int32_t tier);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @param card a #pmindex_card.
 * @return the number of the group's compounds with that card;
 *         #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_group_card_count(const pmindex_district *district, int32_t scope,
                                          int32_t group, int32_t card);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @return the sum of the households its compounds give; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_group_households(const pmindex_district *district, int32_t scope,
                                          int32_t group);

/**
 * A statistic of the index of the group's compounds that have a tier.
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @param stat a #pmindex_stat.
 * @param value_out receives it in centipoints; may be NULL.
 * @return 1 when the group has a compound with a tier, 0 when not (nothing
 *         is written); #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_district_group_stat(const pmindex_district *district, int32_t scope, int32_t group,
                                int32_t stat, int64_t *value_out);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @return the group's rank among the groups of its scope (1 = best), 0 when
 *         it has no mean; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_district_group_rank(const pmindex_district *district, int32_t scope,
                                    int32_t group);

/**
 * The company lists a company is on, by the model's rules
 * (pmindex_model_company_rules()): honour when its weighted mean is at
 * least the honour minimum (and, if the rule says so, none of its
 * compounds has a black card); watch when its weighted mean is below the
 * watch threshold or (if the rule says so) any of its compounds has a
 * black card. A company with no compound that has a tier is on no list.
 * @param district a computed district.
 * @param scope a #pmindex_scope (0 for any scope but companies).
 * @param group a group number.
 * @return #pmindex_list_flags; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_district_group_lists(const pmindex_district *district, int32_t scope,
                                     int32_t group);

/**
 * The group's compounds with a black card, in listing order.
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @param compounds_out receives compound numbers; may be NULL when @p cap is 0.
 * @param cap its capacity in elements.
 * @return how many there are (all of them, even beyond @p cap);
 *         #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_group_black(const pmindex_district *district, int32_t scope,
                                     int32_t group, int64_t *compounds_out, size_t cap);

/**
 * Writes the header line of a ranking or summary in CSV. By district:
 * pmindex_csv_header()'s columns, then "rank,street_rank,station_rank". By
 * street, station or company: the scope's name ("street", "station",
 * "company"), then "compounds,households", one column per tier key,
 * "fallback,red,black,mean,weighted_mean,median,min,max,rank,lists,black_compounds".
 * @param district a district.
 * @param scope a #pmindex_scope.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line, or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_csv_header(const pmindex_district *district, int32_t scope, char *buf,
                                    size_t cap);

/**
 * Writes one CSV line of a ranking (by district: the compound at listing
 * position @p n, with pmindex_csv_record()'s values and its ranks, empty
 * when unranked) or of a summary (the group number @p n: counts, the
 * statistics with 2 decimals, empty without a mean, the rank, the lists
 * "honour", "watch" or both separated by ';', and the black-card
 * compounds' names, or ids when unnamed, separated by ';').
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param n a listing position or a group number.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_csv_record(const pmindex_district *district, int32_t scope, int64_t n,
                                    char *buf, size_t cap);

/**
 * Writes one JSON Lines record of a ranking or summary: the values of
 * pmindex_district_csv_record(), with the compound's descriptive fields,
 * households, managed, its indicators' points by id and its company rank,
 * or the group's tier and card counts by key and its black-card compounds
 * as {"compound_id", "name"} objects; null where the CSV cell is empty.
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param n a listing position or a group number.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return as pmindex_district_csv_record().
 * @since 1.1
 */
int64_t pmindex_district_jsonl_record(const pmindex_district *district, int32_t scope, int64_t n,
                                      char *buf, size_t cap);

/** @} */

/* ======================================================================== */
/** @name Merging partial sheets */
/* ======================================================================== */
/** @{ */

/**
 * Partial score sheets of one period merged by compound_id: the police
 * station, the street office and the district each send a sheet with some
 * of the columns. Cells are compared as parsed values, so "87.5%" and
 * "0.875" agree; an empty or NA item cell is the value "not applicable",
 * an empty veto cell is 0 and an empty managed cell is 1, as in any sheet;
 * an empty name, street, station, company, period or households cell gives
 * nothing. Every problem is collected, in the order found:
 *
 * - a cell two sheets give with different values: #PMINDEX_E_CONFLICT, at
 *   the later sheet's file and line, its column and value, the message
 *   naming the compound and the earlier sheet's file, line and value;
 * - every error of the sheets themselves (pmindex_sheet_next());
 * - at pmindex_merge_finish(): a compound that a sheet lacks
 *   (#PMINDEX_E_NOT_FOUND at that sheet, the id as value, the message
 *   naming the sheet and line that have it), and an item that no sheet
 *   gives for a compound (#PMINDEX_E_NOT_FOUND naming compound and item),
 *   unless #PMINDEX_MERGE_MISSING_NA.
 *
 * The merged compounds are ordinary compounds, numbered in the order of
 * their first appearance (sheet by sheet, row by row), ready for
 * pmindex_assess(). Each holds its own copy of every cell: this is for a
 * district's sheets, not for millions of rows.
 * @since 1.1
 */
typedef struct pmindex_merge pmindex_merge;

/** Options of a merge. @since 1.1 */
enum pmindex_merge_flags {
    PMINDEX_MERGE_MISSING_NA = 1u << 0 /**< an item no sheet gives is not applicable, not an error */
};

/**
 * Makes an empty merge.
 * @param model the model of the sheets; must outlive the merge.
 * @param flags #pmindex_merge_flags, or 0.
 * @param merge_out receives it; free it with pmindex_merge_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID (NULL, an unknown flag).
 * @since 1.1
 */
int pmindex_merge_new(const pmindex_model *model, uint32_t flags, pmindex_merge **merge_out);

/** @param merge a merge, or NULL. Frees it and its compounds. @since 1.1 */
void pmindex_merge_free(pmindex_merge *merge);

/**
 * Reads a whole sheet into the merge. Open it with #PMINDEX_SHEET_PARTIAL
 * so that it may lack item columns; the cells of the columns it has are
 * what it gives. Its errors and conflicts join the merge's errors.
 * @param merge a merge not yet finished.
 * @param sheet a reader of the merge's model, read to its end here; free it after.
 * @return #PMINDEX_OK (even when the sheet had errors: see
 *         pmindex_merge_error_count()); #PMINDEX_E_STATE after
 *         pmindex_merge_finish(); #PMINDEX_E_LIMIT beyond 65,535 sheets;
 *         #PMINDEX_E_NOMEM, after which the merge is incomplete: it reads
 *         no more sheets and pmindex_merge_finish() gives #PMINDEX_E_NOMEM;
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_merge_add_sheet(pmindex_merge *merge, pmindex_sheet *sheet);

/**
 * Ends the merge: checks that every sheet has every compound and that
 * every item is given. Calling it again does nothing more.
 * @param merge a merge.
 * @return #PMINDEX_OK when the merge has no error at all, else the code of
 *         its first error (#PMINDEX_E_CONFLICT, #PMINDEX_E_NOT_FOUND, a
 *         sheet's error...), or #PMINDEX_E_NOMEM whenever memory ran out
 *         during the merge; #PMINDEX_E_INVALID for NULL.
 * @since 1.1
 */
int pmindex_merge_finish(pmindex_merge *merge);

/**
 * @param merge a merge.
 * @return the number of errors found so far; the first 10,000 are kept
 *         for pmindex_merge_error(), the rest only counted.
 * @since 1.1
 */
int64_t pmindex_merge_error_count(const pmindex_merge *merge);

/**
 * @param merge a merge.
 * @param n an error number, 0 <= n < min(pmindex_merge_error_count(), 10000).
 * @return the error, valid as long as the merge; NULL out of range.
 * @since 1.1
 */
const pmindex_error *pmindex_merge_error(const pmindex_merge *merge, int64_t n);

/** @param merge a merge. @return the number of merged compounds. @since 1.1 */
int64_t pmindex_merge_count(const pmindex_merge *merge);

/**
 * @param merge a merge.
 * @param n a compound number, 0 <= n < pmindex_merge_count().
 * @return the merged compound, valid as long as the merge (its line is its
 *         line in the first sheet that has it); NULL out of range.
 * @since 1.1
 */
const pmindex_compound *pmindex_merge_compound(const pmindex_merge *merge, int64_t n);

/** @} */

/* ======================================================================== */
/** @name Periods (1.1) */
/* ======================================================================== */
/** @{ */

/**
 * A period is an `int32_t` code: kind x 10000000 + year x 100 + number
 * (2018H2 is 10201802, 2018Q3 20201803, 2018-09 30201809). 0 is "no
 * period". Codes of the same kind compare as integers, in time order; codes
 * of different kinds do not compare (pmindex_period_compare() refuses them).
 * @since 1.1
 */
#define PMINDEX_PERIOD_NONE 0

/**
 * Parses a period name: "2018H1" or "2018H2" (half-years), "2018Q1" to
 * "2018Q4" (quarters) or "2018-01" to "2018-12" (months). The year has 4
 * digits (1000 to 9999); 'h' and 'q' are accepted for 'H' and 'Q'. Nothing
 * else is accepted, not even spaces.
 * @param text the name; need not be NUL-terminated.
 * @param len its length in bytes.
 * @param period_out receives the period code.
 * @return #PMINDEX_OK; #PMINDEX_E_PARSE when the text is not a period;
 *         #PMINDEX_E_INVALID for NULL.
 * @since 1.1
 */
int pmindex_period_parse(const char *text, size_t len, int32_t *period_out);

/**
 * @param period a period code.
 * @return its #pmindex_period_kind, or #PMINDEX_E_INVALID when @p period
 *         is not a valid code.
 * @since 1.1
 */
int32_t pmindex_period_kind(int32_t period);

/**
 * Writes a period's canonical name ("2018H2", "2018Q3", "2018-09").
 * @param period a period code.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the name, or #PMINDEX_E_INVALID for an invalid code.
 * @since 1.1
 */
int64_t pmindex_period_format(int32_t period, char *buf, size_t cap);

/**
 * Orders two periods of one kind.
 * @param a a period code.
 * @param b a period code of the same kind.
 * @param order_out receives -1 when @p a comes before @p b, 0 when they are
 *        the same period, 1 when @p a comes after.
 * @return #PMINDEX_OK; #PMINDEX_E_INVALID for an invalid code, NULL, or
 *         periods of different kinds.
 * @since 1.1
 */
int pmindex_period_compare(int32_t a, int32_t b, int32_t *order_out);

/**
 * The period that follows one: 2018H2 gives 2019H1, 2018-12 gives 2019-01.
 * @param period a period code.
 * @param next_out receives the next period's code.
 * @return #PMINDEX_OK; #PMINDEX_E_RANGE after 9999; #PMINDEX_E_INVALID for
 *         an invalid code or NULL.
 * @since 1.1
 */
int pmindex_period_next(int32_t period, int32_t *next_out);

/** @} */

/* ======================================================================== */
/** @name The sanction ladder (1.1) */
/* ======================================================================== */
/** @{ */

/**
 * The sanction-ladder state of one compound across periods: its level
 * (0 = no sanction in force .. pmindex_model_ladder_max_level()), the clean
 * periods in a row since its level last changed, and the last period it was
 * assessed in. A compound without history is all zeros.
 * @since 1.1
 */
typedef struct pmindex_ladder_state {
    int32_t level;  /**< 0 .. the model's max level */
    int32_t clean;  /**< periods in a row with no black card, counted at a level above 0 */
    int32_t period; /**< the last period assessed, #PMINDEX_PERIOD_NONE for none */
    int32_t reserved; /**< 0; kept for later use */
} pmindex_ladder_state;

/** What a period brings to the ladder: pmindex_ladder_events(). @since 1.1 */
enum pmindex_ladder_event {
    PMINDEX_LADDER_BLACK = 1u << 0, /**< a black card (rule 8) */
    PMINDEX_LADDER_RED = 1u << 1,   /**< the red tier with no veto and no black card: a red
                                         card if no sanction is in force after the step */
    PMINDEX_LADDER_LEGAL = 1u << 2, /**< a confirmed veto that is a legal violation */
    PMINDEX_LADDER_SKIP = 1u << 3   /**< the period does not count: the compound is fallback
                                         (no tier, no card) or has no property company
                                         (never on a company's record) */
};

/**
 * What one period means for a compound's ladder, from its assessment
 * (pmindex_assess()): a bit set of #pmindex_ladder_event. A fallback
 * compound gives #PMINDEX_LADDER_SKIP, plus #PMINDEX_LADDER_LEGAL for a
 * legal-violation veto. A compound with no property company (`managed` 0)
 * gives #PMINDEX_LADDER_SKIP and its card's bit, never
 * #PMINDEX_LADDER_LEGAL: its ladder never moves.
 * @param model the model.
 * @param compound the compound assessed.
 * @param assessment its assessment.
 * @return the bit set (>= 0), or #PMINDEX_E_INVALID for NULL or objects
 *         of another model.
 * @since 1.1
 */
int32_t pmindex_ladder_events(const pmindex_model *model, const pmindex_compound *compound,
                              const pmindex_assessment *assessment);

/**
 * One step of the ladder (the spec's "Sanction ladder"), with the model's
 * parameters. In this order:
 * - a black card raises the level by one, at most to the max level (a
 *   skipped period's black card is shown but moves nothing);
 * - a legal violation then sets the level to at least the legal level
 *   (pmindex_model_ladder_legal_level()), even in a skipped period;
 * - otherwise, unless the period is skipped, the period is clean: after
 *   pmindex_model_ladder_clean_periods() clean periods in a row the level
 *   drops by one and the count starts again (at level 0 nothing is counted);
 * - a skipped period leaves level and count as they are.
 *
 * Any rise resets the count. The card is black for a black card; red when
 * the period is red and the level after the step is 0 (rule 9: no sanction
 * in force), else none. The measure is that of the level reached when the
 * level rose or a black card came (the black card's measures), 0 (praise
 * and incentives) for a red card, -1 for none; a skipped period brings no
 * measure except for a legal violation. Read the measure's key, labels and
 * inspection frequency with pmindex_model_measure_key(),
 * pmindex_model_measure_label() and pmindex_model_inspection().
 * @param model the model whose ladder it is.
 * @param state the state before the period (all zeros without history).
 * @param period the period assessed; must come after state->period.
 * @param events a bit set of #pmindex_ladder_event.
 * @param next_out receives the state after the period (may be @p state).
 * @param card_out receives the #pmindex_card of the period; may be NULL.
 * @param measure_out receives the ladder level whose measure is issued, or
 *        -1 for none; may be NULL.
 * @return #PMINDEX_OK; #PMINDEX_E_STATE when @p period is not after the
 *         state's last period or is of another kind than the model's;
 *         #PMINDEX_E_INVALID for NULL, an invalid period, an unknown event
 *         bit or a state out of the model's range.
 * @since 1.1
 */
int pmindex_ladder_step(const pmindex_model *model, const pmindex_ladder_state *state,
                        int32_t period, int32_t events, pmindex_ladder_state *next_out,
                        int32_t *card_out, int32_t *measure_out);

/** @} */

/* ======================================================================== */
/** @name The ledger: assessments and ladders across periods in SQLite (1.1) */
/* ======================================================================== */
/** @{ */

/**
 * A district's ledger (工作台账): one SQLite database file holding the
 * compounds, the periods applied (each with the canonical text of the model
 * it was scored with), every assessment (index, tier, card, indicator and
 * item points, reasons), each compound's ladder state after every period
 * and the measures issued. The file is in WAL mode: readers are never
 * blocked by a writer, and a period is applied in one transaction, so after
 * any crash the ledger holds the whole period or none of it. Commits are
 * synced (synchronous=FULL). A handle belongs to one thread at a time;
 * any number of processes may open the same file.
 * @since 1.1
 */
typedef struct pmindex_ledger pmindex_ledger;

/** Options of pmindex_ledger_open(). @since 1.1 */
enum pmindex_ledger_open_flags {
    PMINDEX_LEDGER_CREATE = 1u << 0,  /**< make a new ledger when the file does not exist */
    PMINDEX_LEDGER_READONLY = 1u << 1 /**< only read (queries); applying fails */
};

/** Options of pmindex_ledger_begin(). @since 1.1 */
enum pmindex_ledger_begin_flags {
    PMINDEX_LEDGER_ALLOW_MODEL_CHANGE = 1u << 0 /**< accept a model other than the last period's */
};

/**
 * Opens a ledger.
 * @param path the database file.
 * @param flags #pmindex_ledger_open_flags, or 0.
 * @param ledger_out receives the ledger; free it with pmindex_ledger_free().
 *        NULL on error.
 * @param error a caller-owned error (pmindex_error_new()) for the details of
 *        a failure, or NULL.
 * @return #PMINDEX_OK; #PMINDEX_E_IO when the file does not exist (and
 *         #PMINDEX_LEDGER_CREATE is not given) or cannot be opened;
 *         #PMINDEX_E_STORE when it is not a pmindex ledger or SQLite fails
 *         (the message holds SQLite's); #PMINDEX_E_BUSY when another
 *         process held the lock longer than the busy timeout while the
 *         ledger was being made; #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_ledger_open(const char *path, uint32_t flags, pmindex_ledger **ledger_out,
                        pmindex_error *error);

/**
 * Closes a ledger. A period begun and not committed is rolled back.
 * @param ledger a ledger, or NULL.
 * @since 1.1
 */
void pmindex_ledger_free(pmindex_ledger *ledger);

/**
 * The error of the last failed call on the ledger.
 * @param ledger a ledger.
 * @return the error; valid until the next call on the ledger.
 * @since 1.1
 */
const pmindex_error *pmindex_ledger_error(const pmindex_ledger *ledger);

/**
 * Sets how long a call waits for another process's write lock before it
 * fails with #PMINDEX_E_BUSY (5000 ms unless set).
 * @param ledger a ledger.
 * @param milliseconds the time to wait, >= 0.
 * @return #PMINDEX_OK or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_ledger_set_busy_timeout(pmindex_ledger *ledger, int32_t milliseconds);

/**
 * Begins applying a period: takes the ledger's write lock (waiting up to
 * the busy timeout) and checks that the period may be applied. Then
 * pmindex_ledger_add() each compound and pmindex_ledger_commit(), or
 * pmindex_ledger_rollback(). Refusals leave the ledger as it was.
 * @param ledger a ledger opened for writing.
 * @param model the model to score with; must outlive the application.
 * @param period the period's code (pmindex_period_parse()); its kind must be
 *        the model's and the ledger's (the kind of its first period).
 * @param flags #pmindex_ledger_begin_flags, or 0.
 * @return #PMINDEX_OK; #PMINDEX_E_STATE when the period was applied
 *         already, comes before the last period applied, is of another kind,
 *         when the model differs from the last period's (without
 *         #PMINDEX_LEDGER_ALLOW_MODEL_CHANGE), when the ledger is read-only
 *         or a period is begun already; #PMINDEX_E_BUSY when another
 *         process holds the write lock; #PMINDEX_E_STORE; #PMINDEX_E_NOMEM;
 *         #PMINDEX_E_INVALID. The error says why.
 * @since 1.1
 */
int pmindex_ledger_begin(pmindex_ledger *ledger, const pmindex_model *model, int32_t period,
                         uint32_t flags);

/**
 * Adds one compound to the period begun: assesses it, steps its ladder from
 * its last state (level 0 for a compound new to the ledger) and stores the
 * assessment, the new state and the measure. Compounds of the ledger not
 * added keep their state. After an error the period can only be rolled
 * back: pmindex_ledger_commit() refuses it.
 * @param ledger a ledger with a period begun.
 * @param compound the compound, of the begun model; its compound_id must
 *        not be empty, and its period field, if given, must name the period.
 * @return #PMINDEX_OK; #PMINDEX_E_DUPLICATE for a compound added twice;
 *         #PMINDEX_E_RANGE for a row of another period or no compound_id;
 *         #PMINDEX_E_STATE when no period is begun; #PMINDEX_E_STORE;
 *         #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_ledger_add(pmindex_ledger *ledger, const pmindex_compound *compound);

/**
 * Commits the period begun: all of its compounds become visible at once, and
 * are on disk when the call returns.
 * @param ledger a ledger with a period begun.
 * @return #PMINDEX_OK; #PMINDEX_E_STATE when no period is begun or an add
 *         failed (the period is then rolled back); #PMINDEX_E_STORE
 *         (rolled back); #PMINDEX_E_BUSY.
 * @since 1.1
 */
int pmindex_ledger_commit(pmindex_ledger *ledger);

/**
 * Drops the period begun, if any: the ledger is left as it was.
 * @param ledger a ledger, or NULL.
 * @since 1.1
 */
void pmindex_ledger_rollback(pmindex_ledger *ledger);

/**
 * @param ledger a ledger.
 * @return the number of periods applied (>= 0), or a negative
 *         #pmindex_status (#PMINDEX_E_STORE, #PMINDEX_E_BUSY, #PMINDEX_E_INVALID).
 * @since 1.1
 */
int32_t pmindex_ledger_period_count(pmindex_ledger *ledger);

/**
 * @param ledger a ledger.
 * @param n a period index, 0 = the first applied.
 * @return the period's code, or #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STORE,
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_ledger_period(pmindex_ledger *ledger, int32_t n);

/**
 * Writes the canonical INI text of the model a period was applied with
 * (pmindex_model_write_ini()), which pmindex_model_load_ini_memory() reads.
 * @param ledger a ledger.
 * @param period a period code.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the text; #PMINDEX_E_NOT_FOUND for a period not
 *         applied; #PMINDEX_E_STORE; #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_ledger_period_model(pmindex_ledger *ledger, int32_t period, char *buf,
                                    size_t cap);

/**
 * A compound's ladder state after the last period it was assessed in.
 * @param ledger a ledger.
 * @param compound_id the compound's id, NUL-terminated.
 * @param state_out receives the state (all zeros for an unknown compound).
 * @return 1 when the ledger knows the compound, 0 when not, or a negative
 *         #pmindex_status.
 * @since 1.1
 */
int pmindex_ledger_state(pmindex_ledger *ledger, const char *compound_id,
                         pmindex_ladder_state *state_out);

/**
 * Rows of a ledger: one per compound and period, read with
 * pmindex_ledger_rows_next(). Made by pmindex_ledger_rows_new().
 * @since 1.1
 */
typedef struct pmindex_ledger_rows pmindex_ledger_rows;

/** Options of pmindex_ledger_rows_new(). @since 1.1 */
enum pmindex_ledger_rows_flags {
    PMINDEX_LEDGER_BY_STREET = 1u << 0, /**< order by period, street, compound_id */
    PMINDEX_LEDGER_DECISIONS = 1u << 1  /**< only rows with a card or a measure */
};

/** Integer columns of a ledger row: pmindex_ledger_rows_int(). @since 1.1 */
enum pmindex_ledger_int_column {
    PMINDEX_ROW_PERIOD = 1,       /**< the period's code */
    PMINDEX_ROW_INDEX = 2,        /**< the index in centipoints, -1 when none */
    PMINDEX_ROW_TIER = 3,         /**< the tier index, #PMINDEX_TIER_FALLBACK */
    PMINDEX_ROW_CARD = 4,         /**< the #pmindex_card, with history */
    PMINDEX_ROW_LEVEL = 5,        /**< the ladder level after the period */
    PMINDEX_ROW_CLEAN = 6,        /**< clean periods in a row after the period */
    PMINDEX_ROW_LEVEL_BEFORE = 7, /**< the ladder level before the period */
    PMINDEX_ROW_MEASURE = 8,      /**< the level whose measure was issued, -1 for none */
    PMINDEX_ROW_EVENTS = 9,       /**< the #pmindex_ladder_event bits of the period */
    PMINDEX_ROW_COVERAGE = 10     /**< coverage in hundredths of a percent */
};

/** Text columns of a ledger row: pmindex_ledger_rows_text(). @since 1.1 */
enum pmindex_ledger_text_column {
    PMINDEX_ROW_COMPOUND_ID = 1, /**< compound_id */
    PMINDEX_ROW_PERIOD_NAME = 2, /**< the period's name, such as "2018H2" */
    PMINDEX_ROW_NAME = 3,        /**< the compound's name in that period's sheet */
    PMINDEX_ROW_STREET = 4,      /**< its street */
    PMINDEX_ROW_STATION = 5,     /**< its police station */
    PMINDEX_ROW_COMPANY = 6,     /**< its property company */
    PMINDEX_ROW_TIER_KEY = 7,    /**< the tier's key, or "fallback" */
    PMINDEX_ROW_CARD_KEY = 8,    /**< "red", "black" or "none" */
    PMINDEX_ROW_MEASURE_KEY = 9, /**< the measure's key, "" for none */
    PMINDEX_ROW_REASONS = 10,    /**< the reason keys, separated by ';' ("red" only with the card) */
    PMINDEX_ROW_INDICATORS = 11, /**< "A=15.00;B=..." the indicators' points ("" for none) */
    PMINDEX_ROW_ITEMS = 12,      /**< "A1=3.00;..." the items' points ("NA" not applicable) */
    PMINDEX_ROW_MEASURE_ZH = 13, /**< the measure's Chinese label, "" for none */
    PMINDEX_ROW_MEASURE_EN = 14  /**< the measure's English label, "" for none */
};

/**
 * Queries a ledger: the rows of one period, of one compound, or all of them,
 * ordered by period and compound_id (or street, with #PMINDEX_LEDGER_BY_STREET).
 * The rows read are a consistent snapshot, even while a period is applied.
 * @param ledger a ledger; must outlive the rows, and not apply a period
 *        while they are read.
 * @param period a period code, or #PMINDEX_PERIOD_NONE for every period.
 * @param compound_id a compound's id, or NULL for every compound.
 * @param flags #pmindex_ledger_rows_flags, or 0.
 * @param rows_out receives the rows; free them with pmindex_ledger_rows_free().
 * @return #PMINDEX_OK; #PMINDEX_E_STORE; #PMINDEX_E_BUSY;
 *         #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_ledger_rows_new(pmindex_ledger *ledger, int32_t period, const char *compound_id,
                            uint32_t flags, pmindex_ledger_rows **rows_out);

/** @param rows rows, or NULL. Frees them. @since 1.1 */
void pmindex_ledger_rows_free(pmindex_ledger_rows *rows);

/**
 * Moves to the next row (the first at the first call).
 * @param rows the rows.
 * @return 1 for a row, 0 after the last, or a negative #pmindex_status
 *         (details in pmindex_ledger_error() of the ledger).
 * @since 1.1
 */
int pmindex_ledger_rows_next(pmindex_ledger_rows *rows);

/**
 * @param rows the rows, on a row.
 * @param column a #pmindex_ledger_int_column.
 * @return the value; 0 for an unknown column or no row.
 * @since 1.1
 */
int64_t pmindex_ledger_rows_int(const pmindex_ledger_rows *rows, int32_t column);

/**
 * @param rows the rows, on a row.
 * @param column a #pmindex_ledger_text_column.
 * @return the text, valid until the next call on @p rows; "" for an
 *         unknown column or no row.
 * @since 1.1
 */
const char *pmindex_ledger_rows_text(const pmindex_ledger_rows *rows, int32_t column);

/**
 * Writes the header line of the ledger's CSV export:
 * "compound_id,period,name,street,index,tier,card,level,measures,reasons"
 * and a newline.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the line.
 * @since 1.1
 */
int64_t pmindex_ledger_csv_header(char *buf, size_t cap);

/**
 * Writes the current row as a CSV line of the export (see
 * pmindex_ledger_csv_header(): the index with 2 decimals or empty, the tier
 * key or "fallback", the card, the level after the period, the measure
 * keys separated by ';', the reason keys) or as a JSON Lines record with
 * every column of the row.
 * @param rows the rows, on a row.
 * @param format #PMINDEX_FORMAT_CSV or #PMINDEX_FORMAT_JSONL.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the line; #PMINDEX_E_STATE when not on a row;
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_ledger_rows_record(const pmindex_ledger_rows *rows, int32_t format, char *buf,
                                   size_t cap);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_PMINDEX_H */
