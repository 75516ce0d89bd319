/* The ledger store (ledger.c, ledger_rows.c): what a pmindex_ledger holds. */
#ifndef PM_LEDGER_H
#define PM_LEDGER_H

#include <sqlite3.h>

#include "internal.h"

struct pmindex_ledger {
    sqlite3 *db;
    char *path;
    bool readonly;
    int32_t busy_ms;
    struct pmindex_error error;
    /* The period being applied, between begin and commit. */
    bool active, failed;
    const pmindex_model *model;
    int32_t period;
    int64_t added;
    pmindex_assessment *assessment;
    sqlite3_stmt *get_state, *put_state, *put_row, *put_measure;
    char *scratch; /* texts of a row: reasons, indicators, items */
    size_t scratch_cap;
};

/* Records SQLite's failure rc on the ledger: PMINDEX_E_BUSY for a lock held
 * too long, PMINDEX_E_STORE otherwise, with what was being done and
 * SQLite's message. Returns the code. */
int pm_ledger_fail(pmindex_ledger *l, int rc, const char *doing);

#endif
