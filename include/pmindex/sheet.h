/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file sheet.h
 * @brief Compounds (the observations of one compound), score sheets and merged partial sheets.
 *
 * Part of the public API; `#include <pmindex/pmindex.h>` gives every part.
 * This header compiles alone. The conventions of every function are those
 * of pmindex.h.
 */
#ifndef PMINDEX_SHEET_H
#define PMINDEX_SHEET_H

#include <pmindex/model.h>

#ifdef __cplusplus
extern "C" {
#endif

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
 * An item's observation as people read it: the exact decimal ("0.875"),
 * followed by its level's label when the value is one of a graded or
 * pass/fail item's levels ("0.5 基本符合", "1 yes"), or "NA" when the item
 * does not apply.
 * @param compound a compound.
 * @param item an item index.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN, for the label.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole text; #PMINDEX_E_NOT_FOUND for no such
 *         item; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_compound_observation(const pmindex_compound *compound, int32_t item, int32_t lang,
                                     char *buf, size_t cap);

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
    PMINDEX_SHEET_PARTIAL = 1u << 0, /**< item columns may be missing (a partial sheet) */
    PMINDEX_SHEET_DIGEST = 1u << 1   /**< hash the sheet's bytes for pmindex_sheet_digest()
                                          (@since 1.2) */
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

/** Limits of reading a sheet. @since 1.2 */
enum pmindex_sheet_limits {
    PMINDEX_SHEET_MAX_THREADS = 256 /**< threads reading one sheet */
};

/**
 * Reads the sheet's rows on several threads. The rows, the errors, their
 * order and every line number are exactly those of one thread; only the
 * time changes. Rows are cut into blocks at record boundaries, read on
 * the threads, and handed back in order (so duplicate ids are found in the
 * order of the sheet). A #pmindex_batch on the sheet also assesses and
 * writes its records on those threads. GB18030 sheets are read on one
 * thread whatever this says. Call it before the first pmindex_sheet_next().
 * @param sheet a reader.
 * @param threads 1 (the default: the calling thread alone) to
 *        #PMINDEX_SHEET_MAX_THREADS: the calling thread and threads - 1
 *        more, started at the first row and ended at the last.
 * @return #PMINDEX_OK; #PMINDEX_E_RANGE for a number out of range;
 *         #PMINDEX_E_STATE once reading has begun; #PMINDEX_E_INVALID for NULL.
 * @since 1.2
 */
int pmindex_sheet_set_threads(pmindex_sheet *sheet, int32_t threads);

/**
 * The error pmindex_sheet_next() or pmindex_sheet_open() returned last.
 * @param sheet a reader.
 * @return the error, with file, line, column, column name and value.
 * @since 1.0.0
 */
const pmindex_error *pmindex_sheet_error(const pmindex_sheet *sheet);

/**
 * The SHA-256 of the sheet's bytes, exactly as they are in the file (before
 * any decoding from GB18030), as `sha256sum` computes it: what a ledger
 * records to trace a period back to the files it came from. The sheet must
 * be opened with #PMINDEX_SHEET_DIGEST; the digest is known once the sheet
 * has been read to its end (at once for a UTF-8 sheet in memory).
 * @param sheet a reader.
 * @param sha256_out receives the 32 bytes of the digest (a buffer of at least 32).
 * @return #PMINDEX_OK; #PMINDEX_E_STATE when the sheet was not opened with
 *         #PMINDEX_SHEET_DIGEST or not read to its end (reading stopped at
 *         an error that ends the sheet); #PMINDEX_E_INVALID for NULL.
 * @since 1.2
 */
int pmindex_sheet_digest(const pmindex_sheet *sheet, uint8_t *sha256_out);

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

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_SHEET_H */
