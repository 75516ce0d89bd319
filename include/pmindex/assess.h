/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file assess.h
 * @brief Assessing a compound, writing its verdict as records, scoring sheets in bulk.
 *
 * Part of the public API; `#include <pmindex/pmindex.h>` gives every part.
 * This header compiles alone. The conventions of every function are those
 * of pmindex.h.
 */
#ifndef PMINDEX_ASSESS_H
#define PMINDEX_ASSESS_H

#include <pmindex/sheet.h>

#ifdef __cplusplus
extern "C" {
#endif

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
 * Writes a reason in a few words of a language, for tables and lists where
 * the key is too terse and the sentence too long: "一票否决V1" or
 * "veto V1", "C降一档" or "downgrade for C", "黑牌：不合格" or
 * "black card: Fail", "黑牌：B得分率" or "black card: B share", "红牌" or
 * "red card", "兜底管理" or "fallback management".
 * @param assessment an assessment.
 * @param n a reason index.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole text; #PMINDEX_E_NOT_FOUND for no such
 *         reason; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_assessment_reason_label(const pmindex_assessment *assessment, int32_t n,
                                        int32_t lang, char *buf, size_t cap);

/**
 * Writes a compound's verdict explained for people, as `pmindex-score
 * --explain ID` prints it: the compound's fields, the index, tier, card and
 * coverage, a table of the indicators (points, earned, applicable, share),
 * a table of the items (observation, points, max, lost), the items that
 * lost most points (up to 10) and every rule that fired, with its key and
 * its sentence. Lines end in a newline and are aligned for a terminal in
 * the language's own widths (CJK characters take two columns); control
 * characters of the sheet's texts are shown as spaces.
 * @param assessment the compound's assessment (pmindex_assess()).
 * @param compound the compound it assessed.
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole text; #PMINDEX_E_INVALID for NULL,
 *         objects of different models or a flag.
 * @since 1.2
 */
int64_t pmindex_assessment_explain(const pmindex_assessment *assessment,
                                   const pmindex_compound *compound, int32_t lang, uint32_t flags,
                                   char *buf, size_t cap);

/**
 * Writes a reason key in the words of pmindex_assessment_reason_label(),
 * for readers of stored keys (a ledger's PMINDEX_ROW_REASONS, a CSV's
 * `reasons` cell) who no longer have the assessment: "veto:V1" gives
 * "一票否决V1" or "veto V1", "black:fail" gives "黑牌：不合格" or
 * "black card: Fail". The key's veto, indicator or tier must be one of
 * the model's.
 * @param model the model the key was written with.
 * @param key one reason key, NUL-terminated (not a ';'-separated list).
 * @param lang #PMINDEX_LANG_ZH or #PMINDEX_LANG_EN.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole text; #PMINDEX_E_NOT_FOUND for a key
 *         that names no rule of the model; #PMINDEX_E_INVALID for NULL.
 * @since 1.2
 */
int64_t pmindex_model_reason_label(const pmindex_model *model, const char *key, int32_t lang,
                                   char *buf, size_t cap);

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
/** @name Writing results */
/* ======================================================================== */
/** @{ */

/**
 * Options of pmindex_assessment_header() and pmindex_assessment_record().
 * @since 1.2
 */
enum pmindex_record_flags {
    PMINDEX_RECORD_MARGINS = 1u << 0 /**< add how sure the verdict is: its index margins, flips
                                          and fragility (pmindex/margins.h) */
};

/**
 * Writes the header line of an assessment's records: for
 * #PMINDEX_FORMAT_CSV "compound_id,name,street,station,company,index,", the
 * model's indicator ids, then "coverage,tier,card,reasons" and a newline;
 * for #PMINDEX_FORMAT_JSONL nothing (JSON Lines has no header: the result
 * is 0 and @p buf holds ""). With #PMINDEX_RECORD_MARGINS the CSV line
 * ends in ",index_down,index_up,flips,fragile".
 * @param model a model.
 * @param format a #pmindex_format.
 * @param flags 0 or #PMINDEX_RECORD_MARGINS.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line; #PMINDEX_E_INVALID for NULL, an
 *         unknown format or flag.
 * @since 1.2
 */
int64_t pmindex_assessment_header(const pmindex_model *model, int32_t format, uint32_t flags,
                                  char *buf, size_t cap);

/**
 * Writes one compound's verdict as a record, the one shape every object of
 * the library is written in (pmindex_district_record(),
 * pmindex_ledger_row_record()...).
 *
 * CSV (see pmindex_assessment_header()): the compound's id, name, street,
 * police station and company (quoted as RFC 4180 asks when they hold a
 * comma, quote or line end), the index and each indicator's points with
 * exactly 2 decimals (an empty cell for an indicator with no applicable
 * item, or no index), the coverage in percent, the tier key or
 * "fallback", the card "red", "black" or "none", and the reason keys
 * separated by ';'; a newline.
 *
 * JSON Lines: one object with the same values (numbers as JSON numbers
 * with exactly 2 decimals, null where the CSV cell is empty), the period,
 * households and managed; "indicators" as an array of objects with each
 * indicator's points, earned and applicable points and share; "items" with
 * each item's observation (exact decimal), points and points lost;
 * "losses", the ids of the items that lost points, largest loss first; a
 * newline. Without flags, the same bytes as pmindex_jsonl_record().
 *
 * #PMINDEX_RECORD_MARGINS adds how sure the verdict is (see
 * pmindex_margins_compute()). In CSV four cells: index_down and index_up
 * with 2 decimals (empty for a fallback compound, and index_up in the best
 * tier), the flips nearest first, separated by ';', each as
 * "ITEM:FROM>TO=TIER/CARD" ("C4:3>2=good/none"; FROM is "NA" for an item
 * that does not apply; a lifted veto is "V1:1>0=..."), and fragile as 1 or
 * 0. In JSON, "margins" as {"index_down", "index_up", "fragile"} and
 * "flips" as an array of {"item", "direction", "from", "to", "tier",
 * "card", "steps"}: direction "better", "worse", "best", "worst" or
 * "lifted" (item is then the veto's id), from null for an item that does
 * not apply, steps the number of steps with 2 decimals rounded up (null
 * when not measured in steps).
 * @param assessment the compound's assessment (pmindex_assess()).
 * @param compound the compound it assessed.
 * @param format a #pmindex_format.
 * @param flags 0 or #PMINDEX_RECORD_MARGINS.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole record; #PMINDEX_E_NOMEM (only for a
 *         model of more than 64 items, whose losses need a list, or with
 *         #PMINDEX_RECORD_MARGINS);
 *         #PMINDEX_E_INVALID for NULL, objects of different models, an
 *         unknown format or flag.
 * @since 1.2
 */
int64_t pmindex_assessment_record(const pmindex_assessment *assessment,
                                  const pmindex_compound *compound, int32_t format,
                                  uint32_t flags, char *buf, size_t cap);

/**
 * Writes the header line of the CSV results:
 * "compound_id,index," then the model's indicator ids, then
 * "coverage,tier,card,reasons", ending in a newline.
 * @param model a model.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line, or #PMINDEX_E_INVALID.
 * @deprecated Since 1.2 use pmindex_assessment_header(), whose columns also
 *             name the compound; this one stays, unchanged.
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
 * @deprecated Since 1.2 use pmindex_assessment_record(); this one stays,
 *             unchanged.
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
 * @deprecated Since 1.2 use pmindex_assessment_record() with
 *             #PMINDEX_FORMAT_JSONL, which writes the same record.
 * @since 1.0.0
 */
int64_t pmindex_jsonl_record(const pmindex_assessment *assessment,
                             const pmindex_compound *compound, char *buf, size_t cap);

/** @} */

/* ======================================================================== */
/** @name Scoring sheets in bulk, for bindings */
/* ======================================================================== */
/** @{ */

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

/** Options of a batch. @since 1.0.0 */
enum pmindex_batch_flags {
    PMINDEX_BATCH_HEADER = 1u << 0, /**< begin with the header line (CSV only) */
    PMINDEX_BATCH_RECORDS = 1u << 1 /**< write pmindex_assessment_header() and
                                         pmindex_assessment_record() rather than the 1.0
                                         pmindex_csv_header() and pmindex_csv_record()
                                         (@since 1.2) */
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

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_ASSESS_H */
