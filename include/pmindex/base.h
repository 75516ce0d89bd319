/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file base.h
 * @brief Versions, return codes and errors, exact numbers and record formats.
 *
 * Part of the public API; `#include <pmindex/pmindex.h>` gives every part.
 * This header compiles alone. The conventions of every function are those
 * of pmindex.h.
 */
#ifndef PMINDEX_BASE_H
#define PMINDEX_BASE_H

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
 * The kinds of element of a model that an error can be about: the sections
 * of a model file (models/README.md) and the parts a #pmindex_builder adds.
 * @since 1.2
 */
enum pmindex_element {
    PMINDEX_ELEMENT_NONE = 0,       /**< the error is not about an element of a model */
    PMINDEX_ELEMENT_MODEL = 1,      /**< the model as a whole: its name, its counts */
    PMINDEX_ELEMENT_INDICATOR = 2,  /**< an indicator (its id is the element id) */
    PMINDEX_ELEMENT_ITEM = 3,       /**< an item (its id) */
    PMINDEX_ELEMENT_VETO = 4,       /**< a veto event (its id) */
    PMINDEX_ELEMENT_TIER = 5,       /**< a tier (its key) */
    PMINDEX_ELEMENT_RULES = 6,      /**< the downgrade share and coverage floor */
    PMINDEX_ELEMENT_CARDS = 7,      /**< the red and black card rules */
    PMINDEX_ELEMENT_COMPANIES = 8,  /**< the companies' honour and watch lists */
    PMINDEX_ELEMENT_LADDER = 9,     /**< the sanction ladder's parameters */
    PMINDEX_ELEMENT_LEVEL = 10      /**< a level of the ladder (its number, "0" to "9") */
};

/**
 * The kind of model element the error is about, as a field rather than
 * words to parse: with pmindex_error_element_id() and
 * pmindex_error_field() (the key at fault, such as "zero") it names the
 * place in a model that is wrong. pmindex_error_section() gives the same
 * element as text ("item C4").
 * @param error an error, or NULL.
 * @return a #pmindex_element; #PMINDEX_ELEMENT_NONE for NULL and for errors
 *         that are not about an element of a model (a sheet's, say).
 * @since 1.2
 */
int32_t pmindex_error_element(const pmindex_error *error);

/**
 * The id of the element the error is about: an indicator's, item's or
 * veto's id, a tier's key, a ladder level's number ("2").
 * @param error an error, or NULL.
 * @return the id, as given to the builder or written in the file; "" for
 *         NULL, for elements without an id (rules, cards, companies, ladder,
 *         the model) and for errors about no element.
 * @since 1.2
 */
const char *pmindex_error_element_id(const pmindex_error *error);

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

/**
 * The columns a UTF-8 text takes on a terminal: CJK (East Asian wide and
 * fullwidth) characters take 2, control characters 0, others 1. For
 * programs that align tables of the library's texts.
 * @param text the text, NUL-terminated, or NULL (0 columns).
 * @return the number of columns.
 * @since 1.2
 */
int32_t pmindex_text_width(const char *text);

/** Options of pmindex_text_pad(). @since 1.2 */
enum pmindex_text_flags {
    PMINDEX_TEXT_RIGHT = 1u << 0 /**< align right (pad on the left) and never cut */
};

/**
 * Writes a text in a column of a terminal table: aligned left and padded
 * with spaces to @p width columns, and cut with "…" when it takes more than
 * @p width - 1 columns, so that a space always separates it from the next
 * column; or, with #PMINDEX_TEXT_RIGHT, aligned right and never cut. A
 * width of 0 neither pads nor cuts. Control characters (which could move a
 * terminal's cursor) are written as spaces and bytes that are not UTF-8 as
 * U+FFFD, so a sheet's text is always safe to print.
 * @param text the text, NUL-terminated.
 * @param width the columns, >= 0.
 * @param flags #pmindex_text_flags, or 0.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole text in bytes; #PMINDEX_E_INVALID for
 *         NULL, a negative width or an unknown flag.
 * @since 1.2
 */
int64_t pmindex_text_pad(const char *text, int32_t width, uint32_t flags, char *buf, size_t cap);

/**
 * Record formats: the programs' --format csv and --format jsonl. Every
 * function that writes records takes one.
 * @since 1.0.0
 */
enum pmindex_format {
    PMINDEX_FORMAT_CSV = 1,  /**< CSV (RFC 4180) lines, after a header line */
    PMINDEX_FORMAT_JSONL = 2 /**< JSON Lines: one JSON object per line */
};

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_BASE_H */
