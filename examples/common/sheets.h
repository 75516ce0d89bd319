/* Reading the compounds of a period from one sheet or from several partial
 * sheets merged by compound_id: what pmindex-rank and pmindex-ledger share. */
#ifndef PMINDEX_EXAMPLES_SHEETS_H
#define PMINDEX_EXAMPLES_SHEETS_H

#include "cli.h"

/* Called for each compound; returns 0, or -1 after counting and reporting
 * its own error in errors. */
typedef int cli_compound_fn(const pmindex_compound *compound, void *ctx);

/* Calls each() for every compound of paths[0..n-1], in sheet order. One
 * sheet ("-" for standard input) is streamed, one row in memory at a time;
 * several sheets (files only) are merged first, each read as a partial
 * sheet, and every conflict, missing item and compound absent from a sheet
 * is reported (merge_flags: PMINDEX_MERGE_MISSING_NA makes an item that no
 * sheet gives not applicable instead). Sheet errors are all reported (up to CLI_MAX_ERRORS shown);
 * once any error has been counted, each() is no longer called, so the
 * caller never sees a period with a row missing. A sheet (or all the
 * sheets) with a header and no compound is an error: "the sheet has no
 * compounds". encoding is NULL for UTF-8 or a name that cli_encoding()
 * accepts. */
void cli_read_sheets(const pmindex_model *model, const char *const *paths, int n,
                     const char *encoding, uint32_t merge_flags, cli_compound_fn *each,
                     void *ctx, struct cli_errors *errors);

/* The SHA-256 of a sheet's bytes, for a ledger's audit log; done is set
 * for a sheet read to its end. */
struct cli_digest {
    uint8_t sha256[32];
    bool done;
};

/* Reads a sheet's next row, with pmindex_sheet_next()'s returns, and does
 * more on the way: pmindex-ledger adds the row to its period there, the
 * sheet's threads having prepared it (pmindex_ledger_add_next()). */
typedef int cli_next_fn(pmindex_sheet *sheet, const pmindex_compound **compound, void *ctx);

/* cli_read_sheets() with each sheet read on threads threads (it reads on
 * as many as the machine has cores: cli_cores()), the rows of one sheet
 * read by next() unless it is NULL, and the SHA-256 of each sheet into
 * digests[0..n-1] unless digests is NULL. */
void cli_read_sheets_threads(const pmindex_model *model, const char *const *paths, int n,
                             const char *encoding, uint32_t merge_flags, int32_t threads,
                             cli_next_fn *next, cli_compound_fn *each, void *ctx,
                             struct cli_errors *errors, struct cli_digest *digests);

/* Opens a sheet with the pmindex_sheet_flags given; NULL after reporting
 * why it cannot be read. */
pmindex_sheet *cli_open_sheet(const pmindex_model *model, const char *path, const char *encoding,
                              uint32_t flags, struct cli_errors *errors);

/* cli_open_sheet(), the sheet read on threads threads. */
pmindex_sheet *cli_open_sheet_threads(const pmindex_model *model, const char *path,
                                      const char *encoding, uint32_t flags, int32_t threads,
                                      struct cli_errors *errors);

/* Reports a sheet with a header and no compound, which no program takes. */
void cli_no_compounds(struct cli_errors *errors, const char *path);

/* The name of a sheet path in messages: "<stdin>" for "-". */
const char *cli_sheet_name(const char *path);

#endif
