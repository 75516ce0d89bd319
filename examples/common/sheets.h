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
 * caller never sees a period with a row missing. encoding is NULL for
 * UTF-8 or a name that cli_encoding() accepts. */
void cli_read_sheets(const pmindex_model *model, const char *const *paths, int n,
                     const char *encoding, uint32_t merge_flags, cli_compound_fn *each,
                     void *ctx, struct cli_errors *errors);

/* The name of a sheet path in messages: "<stdin>" for "-". */
const char *cli_sheet_name(const char *path);

#endif
