/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file ledger.h
 * @brief Periods, the sanction ladder, and the ledger that keeps them in SQLite.
 *
 * Part of the public API; `#include <pmindex/pmindex.h>` gives every part.
 * This header compiles alone. The conventions of every function are those
 * of pmindex.h.
 */
#ifndef PMINDEX_LEDGER_H
#define PMINDEX_LEDGER_H

#include <pmindex/assess.h>

#ifdef __cplusplus
extern "C" {
#endif

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
 * Writes the header line of the ledger's records: in CSV
 * "compound_id,period,name,street,station,company,index,tier,card,level,measures,reasons"
 * and a newline; in JSON Lines nothing (the result is 0).
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the line; #PMINDEX_E_INVALID for an unknown format
 *         or a flag.
 * @since 1.2
 */
int64_t pmindex_ledger_row_header(int32_t format, uint32_t flags, char *buf, size_t cap);

/**
 * Writes the current row of a ledger query as a record. CSV (see
 * pmindex_ledger_row_header()): the index with 2 decimals or empty, the
 * tier key or "fallback", the card, the level after the period, the
 * measure's key, the reason keys separated by ';'. JSON Lines: an object
 * with the same values and the coverage, the level before the period,
 * the clean periods in a row, "events" as an array of "black", "red",
 * "legal" and "skip", "measure" as null or an object with its "level",
 * "key", "zh" and "en" labels, "reasons" as an array, and "indicators" and
 * "items" as objects of points by id (null where none applies).
 * @param rows the rows, on a row.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the record; #PMINDEX_E_STATE when not on a row;
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_ledger_row_record(const pmindex_ledger_rows *rows, int32_t format, uint32_t flags,
                                  char *buf, size_t cap);

/**
 * Writes the header line of the ledger's CSV export:
 * "compound_id,period,name,street,index,tier,card,level,measures,reasons"
 * and a newline.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the line.
 * @deprecated Since 1.2 use pmindex_ledger_row_header(); this one stays, unchanged.
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
 * @deprecated Since 1.2 use pmindex_ledger_row_record(), whose JSON has lists and objects where this one packs texts; this one stays, unchanged.
 * @since 1.1
 */
int64_t pmindex_ledger_rows_record(const pmindex_ledger_rows *rows, int32_t format, char *buf,
                                   size_t cap);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_LEDGER_H */
