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
 *
 * Since 1.2 the ledger also keeps what was observed (each item's value or
 * not applicable, each veto) with every assessment, and forgives honest
 * mistakes without ever losing what it recorded: the last period can be
 * revoked (its rows stay, marked revoked) and any period reviewed (复核),
 * which adds a revision of the rows it corrects. Every change is written
 * to an append-only audit log in its own transaction: when (UTC), who,
 * why, how many compounds and verdicts, and the SHA-256 of the files it
 * came from. A ledger of 1.1 is upgraded in place when it is first opened.
 * @since 1.1
 */
typedef struct pmindex_ledger pmindex_ledger;

/** Options of pmindex_ledger_open(). @since 1.1 */
enum pmindex_ledger_open_flags {
    PMINDEX_LEDGER_CREATE = 1u << 0,    /**< make a new ledger when the file does not exist */
    PMINDEX_LEDGER_READONLY = 1u << 1,  /**< only read (queries); applying fails */
    PMINDEX_LEDGER_NO_UPGRADE = 1u << 2 /**< refuse a ledger of 1.1 (#PMINDEX_E_STATE) instead
                                             of upgrading it: with #PMINDEX_LEDGER_READONLY,
                                             opening never changes the file (@since 1.2) */
};

/** Options of pmindex_ledger_begin(), pmindex_ledger_begin_apply(),
 * pmindex_ledger_begin_review() and pmindex_ledger_revoke(). @since 1.1 */
enum pmindex_ledger_begin_flags {
    PMINDEX_LEDGER_ALLOW_MODEL_CHANGE = 1u << 0, /**< accept a model other than the last period's */
    PMINDEX_LEDGER_ALLOW_GAP = 1u << 1, /**< pmindex_ledger_begin_apply(): accept a period that
                                             skips periods after the last one (@since 1.2) */
    PMINDEX_LEDGER_DRY_RUN = 1u << 2    /**< do everything but store it: the commit leaves the
                                             change readable until pmindex_ledger_rollback()
                                             (@since 1.2) */
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
 *         ledger was being made; #PMINDEX_E_STATE (1.2) for a ledger of 1.1
 *         opened with #PMINDEX_LEDGER_NO_UPGRADE, left as it is;
 *         #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_ledger_open(const char *path, uint32_t flags, pmindex_ledger **ledger_out,
                        pmindex_error *error);

/**
 * Makes a new, empty ledger in a file that does not exist, and writes the
 * first entry of its audit log ("init"). pmindex_ledger_open() with
 * #PMINDEX_LEDGER_CREATE also makes one, with the login name as actor, but
 * opens an existing ledger as well.
 * @param path the database file to make.
 * @param actor who makes it (UTF-8 on one line, at most 256 bytes), or NULL
 *        for the login name of the process; kept as the handle's actor
 *        (pmindex_ledger_set_actor()).
 * @param reason why, for the log, or NULL.
 * @param ledger_out receives the ledger, open for writing; free it with
 *        pmindex_ledger_free(). NULL on error.
 * @param error a caller-owned error for the details of a failure, or NULL.
 * @return #PMINDEX_OK; #PMINDEX_E_STATE when the file exists already;
 *         #PMINDEX_E_IO, #PMINDEX_E_STORE, #PMINDEX_E_BUSY, #PMINDEX_E_NOMEM
 *         as pmindex_ledger_open(); #PMINDEX_E_INVALID for NULL or a bad
 *         actor or reason.
 * @since 1.2
 */
int pmindex_ledger_create(const char *path, const char *actor, const char *reason,
                          pmindex_ledger **ledger_out, pmindex_error *error);

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
 * Lets the ledger work on threads of its own. With 2 or more, the copying
 * of committed changes from SQLite's write-ahead log into the ledger's file
 * (a checkpoint, which SQLite does inside the commit that makes the log
 * longer than 1000 pages: a period of some 10,000 compounds or more) is
 * done on a thread with a connection of its own, while the caller goes on;
 * pmindex_ledger_free() waits for it. What is committed is on disk when
 * pmindex_ledger_commit() returns either way. 1, the default, keeps every
 * step on the caller's thread.
 * @param ledger the ledger.
 * @param threads 1 or more.
 * @return #PMINDEX_OK, or #PMINDEX_E_INVALID for NULL or fewer than 1.
 * @since 1.2
 */
int pmindex_ledger_set_threads(pmindex_ledger *ledger, int32_t threads);

/**
 * Sets who makes the changes of this handle, for the audit log. Without
 * it, the log names the login name of the process (getlogin(), else the
 * user of its uid).
 * @param ledger a ledger.
 * @param actor a name (UTF-8 on one line, 1 to 256 bytes), copied; NULL
 *        for the login name again.
 * @return #PMINDEX_OK; #PMINDEX_E_INVALID for a name that is empty, too
 *         long, not UTF-8 or holds a control character; #PMINDEX_E_NOMEM.
 * @since 1.2
 */
int pmindex_ledger_set_actor(pmindex_ledger *ledger, const char *actor);

/**
 * Sets why the next change is made, for the audit log: an appeal's
 * decision, "the street office sent the wrong sheet". A revocation and a
 * review need one; an apply may have one. The reason belongs to the next
 * change only: committing or rolling back a change forgets it.
 * @param ledger a ledger.
 * @param reason UTF-8 text of at most 4096 bytes (tabs and line ends
 *        allowed), copied; NULL or "" for none.
 * @return #PMINDEX_OK; #PMINDEX_E_INVALID for text that is not UTF-8,
 *         too long or holds another control character; #PMINDEX_E_NOMEM.
 * @since 1.2
 */
int pmindex_ledger_set_reason(pmindex_ledger *ledger, const char *reason);

/**
 * Names a file the next change was made from, with the SHA-256 of its
 * bytes (pmindex_sheet_digest()), so that a period can be traced to its
 * sheets: call it for every sheet, in order, before the commit. The inputs
 * belong to the next change only, as the reason does.
 * @param ledger a ledger.
 * @param name the file's name as the user gave it (UTF-8 on one line), copied.
 * @param sha256 the 32 bytes of its SHA-256.
 * @return #PMINDEX_OK; #PMINDEX_E_INVALID for NULL or a bad name;
 *         #PMINDEX_E_LIMIT beyond 65,535 inputs; #PMINDEX_E_NOMEM.
 * @since 1.2
 */
int pmindex_ledger_add_input(pmindex_ledger *ledger, const char *name, const uint8_t *sha256);

/**
 * The audit log's entry of the last change this handle committed (or,
 * for a dry run, would have committed).
 * @param ledger a ledger.
 * @return the entry number (>= 1), 0 when the handle made no change yet,
 *         or #PMINDEX_E_INVALID for NULL.
 * @since 1.2
 */
int64_t pmindex_ledger_last_entry(const pmindex_ledger *ledger);

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
 * Begins applying a period as pmindex_ledger_begin() does, with the safety
 * of 1.2:
 * - the period may come from the sheet: with #PMINDEX_PERIOD_NONE, the
 *   first compound added names it in its period field, and every later one
 *   must name the same (an empty or different period is #PMINDEX_E_RANGE
 *   naming the line that set the period); the checks below then happen at
 *   that first pmindex_ledger_add(). A period given here is a cross-check:
 *   rows that name a period must name this one;
 * - a period that skips periods after the last one applied is refused,
 *   naming the missing periods ("period 2019H1 is missing between 2018H2,
 *   the last period applied, and 2019H2"), unless #PMINDEX_LEDGER_ALLOW_GAP
 *   (a typo such as 2091H1 for 2019H1 is caught here);
 * - pmindex_ledger_commit() refuses a period without compounds;
 * - with #PMINDEX_LEDGER_DRY_RUN everything is checked, scored and stepped
 *   as for real, the rows can be read after pmindex_ledger_commit() (which
 *   succeeds exactly when the real one would), and pmindex_ledger_rollback()
 *   then drops it all: nothing is stored.
 * The commit writes the audit log's "apply" entry (and a "model" entry
 * before it when the model changed), with the reason and inputs set.
 * @param ledger a ledger opened for writing.
 * @param model the model to score with; must outlive the application.
 * @param period the period's code, or #PMINDEX_PERIOD_NONE to take it
 *        from the compounds.
 * @param flags #PMINDEX_LEDGER_ALLOW_MODEL_CHANGE, #PMINDEX_LEDGER_ALLOW_GAP,
 *        #PMINDEX_LEDGER_DRY_RUN, or 0.
 * @return as pmindex_ledger_begin(), and #PMINDEX_E_STATE for a gap.
 * @since 1.2
 */
int pmindex_ledger_begin_apply(pmindex_ledger *ledger, const pmindex_model *model, int32_t period,
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

/** What pmindex_ledger_add_next() did. @since 1.2 */
enum pmindex_ledger_next {
    PMINDEX_LEDGER_END = 0,    /**< the sheet is at its end */
    PMINDEX_LEDGER_ADDED = 1,  /**< a row was read and its compound added */
    PMINDEX_LEDGER_BAD_ROW = 2 /**< a row of the sheet has an error (pmindex_sheet_error()) */
};

/**
 * Reads the next row of a sheet and adds its compound to the period begun:
 * what pmindex_sheet_next() then pmindex_ledger_add() do, and what they
 * store is the same, byte for byte. When the sheet is read on several
 * threads (pmindex_sheet_set_threads()) those threads also assess each row
 * and write the texts the ledger stores of it, so that the calling thread
 * only steps ladders and writes rows. Loop until it returns 0:
 *
 *     while ((rc = pmindex_ledger_add_next(ledger, sheet, &c)) != 0) {
 *         if (rc == PMINDEX_LEDGER_BAD_ROW)
 *             report(pmindex_sheet_error(sheet));
 *         else if (rc < 0)
 *             { report(pmindex_ledger_error(ledger)); break; }
 *     }
 *
 * After a bad row the call goes on with the next one. After an error of the
 * ledger the period can only be rolled back, as after pmindex_ledger_add();
 * the sheet can still be read on with pmindex_sheet_next(), to find its
 * other errors. The sheet may be read with pmindex_sheet_next() before and
 * after, and freed at any time.
 * @param ledger a ledger with a period begun (pmindex_ledger_begin_apply()).
 * @param sheet a sheet of the begun model, positioned anywhere.
 * @param compound_out receives the compound read, added or not (for an error
 *        of the ledger: the one that failed), valid until the sheet's next
 *        row; NULL at the end, at a bad row and for #PMINDEX_E_INVALID.
 * @return #PMINDEX_LEDGER_ADDED, #PMINDEX_LEDGER_END or
 *         #PMINDEX_LEDGER_BAD_ROW; or an error of the ledger, as
 *         pmindex_ledger_add() returns them (details in
 *         pmindex_ledger_error(), the line the compound's);
 *         #PMINDEX_E_INVALID for NULL or a sheet of another model.
 * @since 1.2
 */
int pmindex_ledger_add_next(pmindex_ledger *ledger, pmindex_sheet *sheet,
                            const pmindex_compound **compound_out);

/**
 * Commits the period begun: all of its compounds become visible at once, and
 * are on disk when the call returns. Since 1.2 it commits a review
 * (pmindex_ledger_begin_review()) the same way, and the change's entry of
 * the audit log with it; a dry run (#PMINDEX_LEDGER_DRY_RUN) is checked
 * and written as for real but not committed: its rows stay readable
 * through this handle until pmindex_ledger_rollback().
 * @param ledger a ledger with a period or a review begun.
 * @return #PMINDEX_OK; #PMINDEX_E_STATE when no period is begun or an add
 *         failed (the period is then rolled back), or (1.2) when a period
 *         begun by pmindex_ledger_begin_apply() or a review has no
 *         compound; #PMINDEX_E_STORE (rolled back); #PMINDEX_E_BUSY.
 * @since 1.1
 */
int pmindex_ledger_commit(pmindex_ledger *ledger);

/**
 * Drops the period begun, if any: the ledger is left as it was. Since 1.2
 * it also drops a review begun and ends a dry run.
 * @param ledger a ledger, or NULL.
 * @since 1.1
 */
void pmindex_ledger_rollback(pmindex_ledger *ledger);

/**
 * @param ledger a ledger.
 * @return the number of periods applied and in force (not revoked; >= 0), or a negative
 *         #pmindex_status (#PMINDEX_E_STORE, #PMINDEX_E_BUSY, #PMINDEX_E_INVALID).
 * @since 1.1
 */
int32_t pmindex_ledger_period_count(pmindex_ledger *ledger);

/**
 * @param ledger a ledger.
 * @param n a period index, 0 = the first applied (periods in force only).
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
 * When a compound's level steps down if nothing else happens: if it is
 * assessed in every coming period with no black card and no legal
 * violation, under the ladder of the last period's model. Its clean
 * periods in a row so far are in pmindex_ledger_state().
 * @param ledger a ledger.
 * @param compound_id the compound's id, NUL-terminated.
 * @param period_out receives the period in which the level steps down (the
 *        clean periods still needed, counted from the ledger's last period);
 *        may be NULL.
 * @param level_out receives the level it steps down to; may be NULL.
 * @return 1 with the outputs set; 0 when no sanction is in force (level
 *         0: nothing to step down); #PMINDEX_E_NOT_FOUND for a compound the
 *         ledger does not know; #PMINDEX_E_STORE; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_ledger_step_down(pmindex_ledger *ledger, const char *compound_id, int32_t *period_out,
                             int32_t *level_out);

/**
 * Revokes the last period applied: the ledger becomes exactly what it was
 * before the period (every ladder, the last period), so that a corrected
 * sheet of the period can be applied. Only the last period can be revoked;
 * an earlier one is corrected by a review. The period's rows stay in the
 * store, marked revoked (#PMINDEX_ROW_REVOKED, #PMINDEX_LEDGER_REVOKED),
 * and the audit log's "revoke" entry says when, who and why. One
 * transaction, like an apply.
 * @param ledger a ledger opened for writing, with a reason set
 *        (pmindex_ledger_set_reason()).
 * @param period the period to revoke.
 * @param flags #PMINDEX_LEDGER_DRY_RUN, or 0.
 * @return #PMINDEX_OK; #PMINDEX_E_STATE when the period is not the last
 *         one in force, or a change is under way, or the ledger is
 *         read-only; #PMINDEX_E_NOT_FOUND when it is not in the ledger or
 *         revoked already; #PMINDEX_E_INVALID without a reason, for a bad
 *         period or flag; #PMINDEX_E_BUSY; #PMINDEX_E_STORE; #PMINDEX_E_NOMEM.
 *         Refusals leave the ledger as it was.
 * @since 1.2
 */
int pmindex_ledger_revoke(pmindex_ledger *ledger, int32_t period, uint32_t flags);

/**
 * Begins a review (复核) of a period in force: corrected observations for
 * some of its compounds, after an appeal or a finding that a sheet was
 * wrong. Then pmindex_ledger_review_add() each corrected compound and
 * pmindex_ledger_commit(), or pmindex_ledger_rollback(). The rows first
 * recorded are never changed: each compound reviewed gets a new revision
 * of its row in the period, and every later period whose card, level or
 * measure changes because of it gets one too (a removed black card lowers
 * later levels; a new one raises them). Read what changed with
 * pmindex_ledger_changes_new(). The commit writes the log's "review" entry.
 * @param ledger a ledger opened for writing, with a reason set.
 * @param model the model the period was applied with: load it from
 *        pmindex_ledger_period_model(); must outlive the review.
 * @param period the period reviewed.
 * @param flags #PMINDEX_LEDGER_DRY_RUN, or 0.
 * @return #PMINDEX_OK; #PMINDEX_E_NOT_FOUND when the period is not in force;
 *         #PMINDEX_E_STATE when the model is not the period's, a change is
 *         under way, or the ledger is read-only; #PMINDEX_E_INVALID without
 *         a reason, for NULL or a bad period or flag; #PMINDEX_E_BUSY;
 *         #PMINDEX_E_STORE; #PMINDEX_E_NOMEM.
 * @since 1.2
 */
int pmindex_ledger_begin_review(pmindex_ledger *ledger, const pmindex_model *model, int32_t period,
                                uint32_t flags);

/**
 * Reviews one compound: its row of the period is assessed again from the
 * observations the ledger kept, with the given columns taken from
 * @p compound instead (a partial sheet's row: compound_id and the cells
 * that change). An empty name, street, station, company or households cell
 * gives nothing, as in a merge; an empty item cell is "not applicable".
 * Its ladder then steps again through the period and every later one.
 * A period stored by 1.1, which kept points and not observations, needs
 * the compound's full row: every item and veto column. After an error the
 * review can only be rolled back.
 * @param ledger a ledger with a review begun.
 * @param compound the corrected compound, of the review's model.
 * @param columns the names of the sheet columns it corrects (as in a sheet's
 *        header: item and veto ids, name, street, station, company,
 *        households, managed; compound_id and period are allowed and
 *        change nothing).
 * @param ncolumns their number.
 * @return #PMINDEX_OK; #PMINDEX_E_NOT_FOUND for a compound not assessed in
 *         the period; #PMINDEX_E_DUPLICATE for one given twice;
 *         #PMINDEX_E_COLUMN for an unknown column, or a 1.1 period without
 *         the full row; #PMINDEX_E_RANGE for a row of another period or
 *         without compound_id; #PMINDEX_E_STATE when no review is begun;
 *         #PMINDEX_E_STORE; #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_ledger_review_add(pmindex_ledger *ledger, const pmindex_compound *compound,
                              const char *const *columns, int32_t ncolumns);

/**
 * Rows of a ledger: one per compound and period, read with
 * pmindex_ledger_rows_next(). Made by pmindex_ledger_rows_new().
 * @since 1.1
 */
typedef struct pmindex_ledger_rows pmindex_ledger_rows;

/** Options of pmindex_ledger_rows_new(). @since 1.1 */
enum pmindex_ledger_rows_flags {
    PMINDEX_LEDGER_BY_STREET = 1u << 0,     /**< order by period, street, compound_id */
    PMINDEX_LEDGER_DECISIONS = 1u << 1,     /**< only rows with a card or a measure */
    PMINDEX_LEDGER_ALL_REVISIONS = 1u << 2, /**< every revision of a row, not only the
                                                 current one (@since 1.2) */
    PMINDEX_LEDGER_REVOKED = 1u << 3        /**< the rows of revoked periods too (@since 1.2) */
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
    PMINDEX_ROW_COVERAGE = 10,    /**< coverage in hundredths of a percent */
    PMINDEX_ROW_REVISION = 11,    /**< the row's revision: 1 as applied, each review adds
                                       one (@since 1.2) */
    PMINDEX_ROW_ENTRY = 12,       /**< the audit log's entry that wrote the row, 0 for rows
                                       stored by 1.1 (@since 1.2) */
    PMINDEX_ROW_REVOKED = 13      /**< the log entry that revoked the row's period, 0 while
                                       it is in force (@since 1.2) */
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
 * They are the current revision of each row of the periods in force,
 * unless #PMINDEX_LEDGER_ALL_REVISIONS or #PMINDEX_LEDGER_REVOKED (1.2):
 * then every revision comes, in order, and revoked periods before the
 * period applied again in their place.
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
 * Fills a compound with what was observed for the current row: its fields
 * (compound_id, name, street, station, company, the period), managed, the
 * households, every item's value or not applicable and every veto, as the
 * ledger kept them: assessing it with the period's model gives the row's
 * verdict again.
 * @param rows the rows, on a row.
 * @param compound a compound of the row's period's model (its items and
 *        vetoes), overwritten.
 * @return 1 when filled; 0 for a row stored by 1.1, which kept points and
 *         not observations (the compound is unchanged); #PMINDEX_E_STORE
 *         when the stored observations do not fit the compound's model
 *         (the compound is then cleared); #PMINDEX_E_STATE when not on a
 *         row; #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_ledger_rows_observations(const pmindex_ledger_rows *rows, pmindex_compound *compound);

/**
 * Writes the header line of the ledger's records: in CSV
 * "compound_id,period,revision,name,street,station,company,index,tier,card,level,measures,reasons,revoked"
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
 * pmindex_ledger_row_header()): the row's revision, the index with 2
 * decimals or empty, the tier key or "fallback", the card, the level after
 * the period, the measure's key, the reason keys separated by ';', and 1
 * when the period was revoked (else 0). JSON Lines: an object with the
 * same values ("revoked" true or false) and the coverage, the level before
 * the period, the clean periods in a row, "events" as an array of "black",
 * "red", "legal" and "skip", "measure" as null or an object with its
 * "level", "key", "zh" and "en" labels, "reasons" as an array,
 * "indicators" and "items" as objects of points by id (null where none
 * applies), and "entry", the audit log's entry that wrote the row (null
 * for a row stored by 1.1).
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

/* ======================================================================== */
/** @name What a review changed (1.2) */
/* ======================================================================== */
/** @{ */

/**
 * The rows a review wrote, each with the revision it follows: per compound
 * (in the order reviewed) and period, before and after. Made by
 * pmindex_ledger_changes_new().
 * @since 1.2
 */
typedef struct pmindex_ledger_changes pmindex_ledger_changes;

/** The two sides of a change. @since 1.2 */
enum pmindex_ledger_change_side {
    PMINDEX_CHANGE_OLD = 1, /**< the revision before the review */
    PMINDEX_CHANGE_NEW = 2  /**< the revision the review wrote */
};

/**
 * The changes of the last review this handle committed or dry-ran
 * (pmindex_ledger_begin_review()): every row it wrote, the compound's row
 * in the period reviewed first, then the later periods whose ladder changed.
 * @param ledger a ledger; must outlive the changes.
 * @param flags 0 (reserved for later versions).
 * @param changes_out receives them; free with pmindex_ledger_changes_free().
 *        None after an apply or a revocation.
 * @return #PMINDEX_OK; #PMINDEX_E_STORE; #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_ledger_changes_new(pmindex_ledger *ledger, uint32_t flags,
                               pmindex_ledger_changes **changes_out);

/** @param changes changes, or NULL. Frees them. @since 1.2 */
void pmindex_ledger_changes_free(pmindex_ledger_changes *changes);

/**
 * Moves to the next change (the first at the first call).
 * @param changes the changes.
 * @return 1 for a change, 0 after the last, or a negative #pmindex_status.
 * @since 1.2
 */
int pmindex_ledger_changes_next(pmindex_ledger_changes *changes);

/**
 * @param changes the changes, on a change.
 * @param side #PMINDEX_CHANGE_OLD or #PMINDEX_CHANGE_NEW.
 * @param column a #pmindex_ledger_int_column.
 * @return the value of that side's row; 0 for no row.
 * @since 1.2
 */
int64_t pmindex_ledger_changes_int(const pmindex_ledger_changes *changes, int32_t side,
                                   int32_t column);

/**
 * @param changes the changes, on a change.
 * @param side #PMINDEX_CHANGE_OLD or #PMINDEX_CHANGE_NEW.
 * @param column a #pmindex_ledger_text_column.
 * @return the text, valid until the next call on @p changes; "" for no row.
 * @since 1.2
 */
const char *pmindex_ledger_changes_text(const pmindex_ledger_changes *changes, int32_t side,
                                        int32_t column);

/**
 * Writes the header line of the changes' records: in CSV
 * "compound_id,period,revision,old_index,new_index,old_tier,new_tier,old_card,new_card,old_level,new_level,old_measures,new_measures"
 * and a newline; in JSON Lines nothing (the result is 0).
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the line; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_ledger_change_header(int32_t format, uint32_t flags, char *buf, size_t cap);

/**
 * Writes the current change as a record: CSV as in
 * pmindex_ledger_change_header() (the revision written; the old values
 * empty for a row without an earlier revision); JSON Lines an object with
 * "compound_id", "period", "revision", "name", and "old" and "new" as
 * objects of the "revision", "index", "tier", "card", "level_before",
 * "level", "clean", "measure" (its key) and "reasons" ("old" null when
 * there is none).
 * @param changes the changes, on a change.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the record; #PMINDEX_E_STATE when not on a change;
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_ledger_change_record(const pmindex_ledger_changes *changes, int32_t format,
                                     uint32_t flags, char *buf, size_t cap);

/** @} */

/* ======================================================================== */
/** @name The audit log (1.2) */
/* ======================================================================== */
/** @{ */

/**
 * Entries of a ledger's audit log, read with pmindex_ledger_log_next().
 * Each change of the ledger wrote one in its own transaction: its action
 * ("init", "upgrade", "apply", "model", "review", "revoke"), the UTC time,
 * the actor, the reason, the period, how many compounds it concerned, how
 * many verdicts it changed (apply: the compounds given a card or a measure
 * or whose level moved; review: the rows whose index, tier, card, level or
 * measure changed; revoke: the rows withdrawn), the fingerprint of the
 * model, a detail, and the name and SHA-256 of every input file.
 * @since 1.2
 */
typedef struct pmindex_ledger_log pmindex_ledger_log;

/** Integer columns of a log entry: pmindex_ledger_log_int(). @since 1.2 */
enum pmindex_ledger_log_int_column {
    PMINDEX_LOG_ENTRY = 1,      /**< the entry's number, from 1, in the order written */
    PMINDEX_LOG_PERIOD = 2,     /**< the period's code, #PMINDEX_PERIOD_NONE for none */
    PMINDEX_LOG_COMPOUNDS = 3,  /**< compounds the change concerned */
    PMINDEX_LOG_CHANGED = 4,    /**< verdicts it changed */
    PMINDEX_LOG_INPUT_COUNT = 5 /**< its input files: pmindex_ledger_log_input() */
};

/** Text columns of a log entry: pmindex_ledger_log_text(). @since 1.2 */
enum pmindex_ledger_log_text_column {
    PMINDEX_LOG_AT = 1,          /**< when, UTC: "2026-12-02T15:36:04Z" */
    PMINDEX_LOG_ACTOR = 2,       /**< who */
    PMINDEX_LOG_ACTION = 3,      /**< "init", "upgrade", "apply", "model", "review", "revoke" */
    PMINDEX_LOG_PERIOD_NAME = 4, /**< the period's name, "" for none */
    PMINDEX_LOG_REASON = 5,      /**< why, "" when none was given */
    PMINDEX_LOG_MODEL = 6,       /**< the model's fingerprint, "" for none */
    PMINDEX_LOG_DETAIL = 7       /**< more, such as the model a change of model replaces */
};

/** The parts of an input of a log entry: pmindex_ledger_log_input(). @since 1.2 */
enum pmindex_ledger_log_input_part {
    PMINDEX_LOG_INPUT_NAME = 1,  /**< the file's name as given */
    PMINDEX_LOG_INPUT_SHA256 = 2 /**< the SHA-256 of its bytes, 64 lowercase hex digits */
};

/**
 * Reads a ledger's audit log, in the order written.
 * @param ledger a ledger; must outlive the log.
 * @param period a period code to read only its entries, or #PMINDEX_PERIOD_NONE.
 * @param entry an entry number to read only it, or 0.
 * @param flags 0 (reserved for later versions).
 * @param log_out receives the log; free it with pmindex_ledger_log_free().
 * @return #PMINDEX_OK; #PMINDEX_E_STORE; #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int pmindex_ledger_log_new(pmindex_ledger *ledger, int32_t period, int64_t entry, uint32_t flags,
                           pmindex_ledger_log **log_out);

/** @param log a log, or NULL. Frees it. @since 1.2 */
void pmindex_ledger_log_free(pmindex_ledger_log *log);

/**
 * Moves to the next entry (the first at the first call).
 * @param log the log.
 * @return 1 for an entry, 0 after the last, or a negative #pmindex_status.
 * @since 1.2
 */
int pmindex_ledger_log_next(pmindex_ledger_log *log);

/**
 * @param log the log, on an entry.
 * @param column a #pmindex_ledger_log_int_column.
 * @return the value; 0 for an unknown column or no entry.
 * @since 1.2
 */
int64_t pmindex_ledger_log_int(const pmindex_ledger_log *log, int32_t column);

/**
 * @param log the log, on an entry.
 * @param column a #pmindex_ledger_log_text_column.
 * @return the text, valid until the next call on @p log; "" for an
 *         unknown column or no entry.
 * @since 1.2
 */
const char *pmindex_ledger_log_text(const pmindex_ledger_log *log, int32_t column);

/**
 * @param log the log, on an entry.
 * @param n an input number, 0 <= n < #PMINDEX_LOG_INPUT_COUNT.
 * @param part a #pmindex_ledger_log_input_part.
 * @return the text, valid until the next call on @p log; "" out of range.
 * @since 1.2
 */
const char *pmindex_ledger_log_input(const pmindex_ledger_log *log, int32_t n, int32_t part);

/**
 * Writes the header line of the log's records: in CSV
 * "entry,at,actor,action,period,compounds,changed,model,reason,detail,inputs"
 * and a newline; in JSON Lines nothing (the result is 0).
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the line; #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_ledger_log_header(int32_t format, uint32_t flags, char *buf, size_t cap);

/**
 * Writes the current entry as a record: CSV as in pmindex_ledger_log_header(),
 * the inputs in one cell as "SHA256  NAME" items (the lines of sha256sum)
 * separated by ';'; JSON Lines an object with the same keys, "inputs" an
 * array of objects with "name" and "sha256".
 * @param log the log, on an entry.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the record; #PMINDEX_E_STATE when not on an entry;
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_ledger_log_record(const pmindex_ledger_log *log, int32_t format, uint32_t flags,
                                  char *buf, size_t cap);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_LEDGER_H */
