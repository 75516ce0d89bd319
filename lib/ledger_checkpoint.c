/* The ledger's checkpoints: copying committed pages from SQLite's
 * write-ahead log into the ledger's file. SQLite does it inside the commit
 * that makes the log longer than its threshold (1000 pages), which for a
 * period of 100,000 compounds means reading back and writing again some
 * 65 MB before pmindex_ledger_commit() returns: about a tenth of applying
 * it (ledger-apply-100k, 2-core VM). The period is on disk, in the log,
 * before that copy begins; the copy only keeps the log short.
 *
 * With threads (pmindex_ledger_set_threads()), the copy is left to a thread
 * of its own with a connection of its own, while the caller goes on to read
 * what it committed. The checkpoint is SQLite's PASSIVE one: it takes no
 * lock that readers or a writer wait for, and what it cannot copy (pages a
 * reader still needs) is copied by a later checkpoint, or when the last
 * connection closes. Its failure loses nothing, so it is not reported.
 * pmindex_ledger_free() waits for it. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"

/* SQLite's default threshold (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT). */
enum { AUTOCHECKPOINT_PAGES = 1000 };

static void *checkpoint_thread(void *arg)
{
    const char *path = arg;
    sqlite3 *db = NULL;
    /* A connection knows the file is in WAL mode once it has read it. */
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
            SQLITE_OK &&
        sqlite3_exec(db, "PRAGMA schema_version", NULL, NULL, NULL) == SQLITE_OK)
        sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    sqlite3_close(db);
    return NULL;
}

/* SQLite's autocheckpoint, but only noted when a thread will do it. */
static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
    pmindex_ledger *l = arg;
    if (pages < l->checkpoint_pages)
        return SQLITE_OK;
    if (l->threads > 1)
        l->checkpoint_due = true;
    else
        sqlite3_wal_checkpoint(db, name);
    return SQLITE_OK;
}

void pm_ledger_checkpoint_init(pmindex_ledger *l)
{
    l->checkpoint_pages = AUTOCHECKPOINT_PAGES;
    sqlite3_wal_hook(l->db, wal_hook, l);
}

void pm_ledger_tune_checkpoint(pmindex_ledger *l, int32_t pages)
{
    l->checkpoint_pages = pages;
}

void pm_ledger_checkpoint_start(pmindex_ledger *l)
{
    if (!l->checkpoint_due)
        return;
    l->checkpoint_due = false;
    pm_ledger_checkpoint_wait(l);
    /* The file's full name, as SQLite opened it; "" for a database in memory,
     * which has no log. */
    const char *file = sqlite3_db_filename(l->db, "main");
    if (!file || !*file)
        return;
    char *path = strdup(file);
    if (path && pthread_create(&l->checkpointer, NULL, checkpoint_thread, path) == 0) {
        l->checkpoint_path = path;
        l->checkpointing = true;
        return;
    }
    free(path);
    sqlite3_wal_checkpoint(l->db, "main"); /* no thread: as SQLite would have */
}

void pm_ledger_checkpoint_wait(pmindex_ledger *l)
{
    if (!l->checkpointing)
        return;
    pthread_join(l->checkpointer, NULL);
    free(l->checkpoint_path);
    l->checkpoint_path = NULL;
    l->checkpointing = false;
}

PMINDEX_API int pmindex_ledger_set_threads(pmindex_ledger *l, int32_t threads)
{
    if (!l || threads < 1)
        return PMINDEX_E_INVALID;
    l->threads = threads;
    return PMINDEX_OK;
}
