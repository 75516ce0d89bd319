/* The ledger store: what a pmindex_ledger holds and what its files share.
 *   ledger.c          opening, applying a period (begin, add, commit), rows as stored
 *   ledger_schema.c   the tables, making them, upgrading older ledgers
 *   ledger_log.c      the audit log: who changed what, when, why, from which files
 *   ledger_correct.c  revoking the last period, reviewing a period (复核)
 *   ledger_rows.c     reading rows, their records, a review's changes */
#ifndef PM_LEDGER_H
#define PM_LEDGER_H

#include <pthread.h>
#include <sqlite3.h>

#include "idset.h"
#include "internal.h"

/* The schema this library writes (PRAGMA user_version); 1 was pmindex 1.1. */
enum { PM_LEDGER_SCHEMA = 2, PM_LEDGER_SCHEMA_1_1 = 1 };

/* What a handle is doing. */
enum pm_ledger_mode {
    PM_LEDGER_IDLE,      /* no transaction */
    PM_LEDGER_APPLYING,  /* a period begun: add, then commit */
    PM_LEDGER_REVIEWING, /* a review begun: review_add, then commit */
    PM_LEDGER_DRY_DONE   /* a dry run committed: its effects readable until rollback */
};

/* A period in force (not revoked), as a review or a revocation walks them. */
struct pm_ledger_period {
    int64_t seq; /* periods.seq: one application of the period */
    int32_t code;
    int64_t model_id;
};

/* A model of the store, loaded from its canonical INI text when needed. */
struct pm_ledger_model {
    int64_t id;
    pmindex_model *model;
};

/* An input file of the next change: its name and SHA-256 in hex. */
struct pm_ledger_input {
    char *name;
    char sha256[65];
};

/* A row a review wrote, for its changes (ledger_rows.c). */
struct pm_ledger_written {
    int64_t seq, revision;
    char *id;
};

struct pmindex_ledger {
    sqlite3 *db;
    char *path;
    bool readonly;
    bool no_upgrade; /* a 1.1 ledger is refused, not upgraded */
    int32_t busy_ms;
    struct pmindex_error error;

    /* The change being made, between begin and commit. */
    enum pm_ledger_mode mode;
    bool failed;
    uint32_t flags;              /* PMINDEX_LEDGER_DRY_RUN, ALLOW_GAP, ... */
    bool gap_check;              /* begun by the 1.2 function, which refuses gaps */
    const pmindex_model *model;  /* the caller's */
    char *ini;                   /* its canonical text, until the period is known */
    size_t ini_len;
    int32_t period;              /* PMINDEX_PERIOD_NONE until a compound names it */
    bool period_from_rows;       /* the first compound named it */
    int64_t period_line;         /* the line that named it */
    int64_t seq;                 /* periods.seq of the period applied or reviewed */
    int64_t entry;               /* the log entry the change writes */
    int64_t added, changed;      /* compounds added or reviewed; verdicts changed */
    bool model_changed;
    bool no_states;              /* the compounds table was empty when the period began */
    char model_fp[17], old_fp[17];
    pmindex_assessment *assessment;
    sqlite3_stmt *get_state, *put_state, *del_state, *put_row, *put_measure, *get_row,
        *get_level;
    char *scratch; /* texts of a row: reasons, indicators, items */
    size_t scratch_cap;
    uint8_t *obs; /* a row's packed observations */
    size_t obs_cap;

    /* A review: the periods in force, the compounds seen, the rows written. */
    struct pm_ledger_period *periods;
    int32_t nperiods, review_index; /* the period reviewed in periods */
    struct pm_idset reviewed;
    pmindex_compound *work;
    struct pm_ledger_written *written;
    int64_t nwritten, written_cap;

    /* What the next change records in the audit log. */
    char *actor, *default_actor, *reason;
    struct pm_ledger_input *inputs;
    int32_t ninputs, inputs_cap;
    int64_t last_entry; /* the entry of the last change this handle made */

    /* Models of the store loaded so far (reviews, outlooks). */
    struct pm_ledger_model *models;
    int32_t nmodels;

    /* Checkpoints (ledger_checkpoint.c): on a thread when threads > 1. */
    int32_t threads;
    int32_t checkpoint_pages; /* the log's length that makes one due */
    bool checkpoint_due; /* a commit made the log long enough for one */
    bool checkpointing;  /* checkpointer is running, on checkpoint_path */
    pthread_t checkpointer;
    char *checkpoint_path;
};

/* Records SQLite's failure rc on the ledger: PMINDEX_E_BUSY for a lock held
 * too long, PMINDEX_E_STORE otherwise, with what was being done and
 * SQLite's message. Returns the code. */
int pm_ledger_fail(pmindex_ledger *l, int rc, const char *doing);
/* Runs SQL without results. */
int pm_ledger_exec(pmindex_ledger *l, const char *sql, const char *doing);
/* The integer a one-row, one-column query gives; *out = dflt when no row. */
int pm_ledger_query_int(pmindex_ledger *l, const char *sql, int64_t dflt, int64_t *out);
/* Prepares a statement kept for the change. */
int pm_ledger_prepare(pmindex_ledger *l, const char *sql, sqlite3_stmt **st);
/* Steps a statement that returns no row, and resets it. */
int pm_ledger_step_done(pmindex_ledger *l, sqlite3_stmt *st, const char *doing);

/* ---- ledger_schema.c ---- */

/* Makes the tables in an empty database (must_be_new: refuses one that is
 * not empty), upgrades a 1.1 ledger, or checks that the file is a ledger
 * this library reads. Writes the log entries of making and upgrading. */
int pm_ledger_prepare_file(pmindex_ledger *l, bool create, bool must_be_new);

/* ---- ledger_checkpoint.c ---- */

/* Takes over SQLite's automatic checkpoint for the handle's connection. */
void pm_ledger_checkpoint_init(pmindex_ledger *l);
/* After a commit: the checkpoint it made due, on a thread of its own. */
void pm_ledger_checkpoint_start(pmindex_ledger *l);
/* Waits for the checkpoint's thread, if one runs. */
void pm_ledger_checkpoint_wait(pmindex_ledger *l);
/* For tests: the log's length in pages that makes a checkpoint due. */
void pm_ledger_tune_checkpoint(pmindex_ledger *l, int32_t pages);

/* ---- ledger_correct.c ---- */

/* Writes the log entry of the review being committed. */
int pm_ledger_finish_review(pmindex_ledger *l);

/* ---- ledger_log.c ---- */

/* 64-bit FNV-1a of a model's canonical text, in hex: shown to people;
 * models are compared by their whole text. */
void pm_ledger_fingerprint(const char *s, size_t n, char out[17]);
/* The next free log entry, inside the write transaction. */
int pm_ledger_next_entry(pmindex_ledger *l, int64_t *entry);
/* Appends an entry of the change being committed: the actor, the reason
 * and the inputs set on the handle, the time now. period and model may be
 * 0 and NULL. */
int pm_ledger_log(pmindex_ledger *l, int64_t entry, const char *action, int32_t period,
                  int64_t compounds, int64_t changed, const char *model, const char *detail);
/* Forgets the reason and inputs once a change is committed or dropped. */
void pm_ledger_change_done(pmindex_ledger *l);

/* ---- ledger.c: rows as stored, shared by applying and correcting ---- */

/* One stored assessment row (texts borrowed). */
struct pm_row {
    int64_t seq, revision, entry;
    const char *id;
    const char *field[4]; /* name, street, station, company */
    int32_t managed;
    bool has_index;
    int64_t index, coverage;
    int32_t tier;
    const char *tier_key;
    int32_t events, card, level_before, level, clean, measure;
    const char *reasons, *indicators, *items;
    const uint8_t *obs; /* NULL when not kept (a 1.1 row) */
    size_t obs_len;
};

/* One step of a compound's ladder as the ledger takes it: a state stored
 * under another model's ladder is first fitted to this one's. */
int pm_ledger_step(const pmindex_model *m, pmindex_ladder_state before, int32_t period,
                   int32_t events, pmindex_ladder_state *after, int32_t *card, int32_t *measure);
/* Prepares the writing of rows (put_row, put_measure) and makes room for
 * a row's observations of model m. */
int pm_ledger_prepare_writes(pmindex_ledger *l, const pmindex_model *m);
/* Writes a row, and its measure with the labels of the period's model. */
int pm_ledger_put_row(pmindex_ledger *l, const pmindex_model *m, const struct pm_row *r);
/* The texts a row stores of an assessment, in the order written. */
enum pm_ledger_text {
    PM_TEXT_REASONS,        /* its reasons' keys */
    PM_TEXT_REASONS_NO_RED, /* the same without the red card's reason, when a
                               sanction in force withholds the red card */
    PM_TEXT_INDICATORS,     /* each indicator's points */
    PM_TEXT_ITEMS,          /* each item's points, or NA */
    PM_LEDGER_TEXTS
};
/* Writes those texts at o, each NUL-terminated; off[] receives where each
 * starts. */
void pm_ledger_put_texts(struct pm_out *o, const pmindex_model *m, const pmindex_assessment *a,
                         size_t off[PM_LEDGER_TEXTS]);
/* What a row stores of its compound's assessment (texts borrowed): found
 * by pm_ledger_add(), or by the threads reading the compound's sheet
 * (ledger_sheet.c). */
struct pm_ledger_verdict {
    bool has_index;
    int64_t index, coverage;
    int32_t tier, events;
    const char *reasons[2]; /* PM_TEXT_REASONS, PM_TEXT_REASONS_NO_RED */
    const char *indicators, *items;
    const uint8_t *obs;
    size_t obs_len;
};
/* A verdict's numbers (index, coverage, tier, ladder events) from a's
 * assessment of c; its texts and observations are the caller's to set. */
void pm_ledger_verdict_of(const pmindex_model *m, const pmindex_compound *c,
                          const pmindex_assessment *a, struct pm_ledger_verdict *v);
/* Whether a compound of model m may be added to the period now (the error
 * set when not). */
int pm_ledger_check_add(pmindex_ledger *l, const pmindex_model *m);
/* Adds a compound checked by pm_ledger_check_add(), with its verdict when
 * the sheet's threads found it (else NULL: found here). */
int pm_ledger_add(pmindex_ledger *l, const pmindex_compound *c, const struct pm_ledger_verdict *v);
/* Returns rc, the result of adding c; after an error, only a rollback is
 * left, and the error names c's line. */
int pm_ledger_add_result(pmindex_ledger *l, const pmindex_compound *c, int rc);
/* The texts of an assessment's row (reasons as the card shows them,
 * indicators, items) into l->scratch; offsets in off[3]. */
int pm_ledger_row_texts(pmindex_ledger *l, const pmindex_model *m, const pmindex_assessment *a,
                        int32_t card, size_t off[3]);
/* A verdict of the ledger changed: index, tier, card, level or measure. */
bool pm_ledger_verdict_changed(const struct pm_row *a, const struct pm_row *b);
/* Ends the change's statements and state (the transaction is the caller's). */
void pm_ledger_end_change(pmindex_ledger *l);
/* A model's canonical INI text (malloc'd, *len its length), or NULL with
 * the error set. */
char *pm_ledger_model_ini(pmindex_ledger *l, const pmindex_model *m, size_t *len);
/* Whether the model whose canonical text is l->ini scores as the stored
 * model whose text is old: the same text, or the same text but for the
 * legal bases (basis_zh, basis_en), which decide no verdict and which 1.2
 * added to the default model. *same receives the answer; returns
 * PMINDEX_OK, or an error recorded on l. */
int pm_ledger_same_model(pmindex_ledger *l, const char *old, size_t old_len, bool *same);
/* A model of the store, loaded once per handle. */
int pm_ledger_model(pmindex_ledger *l, int64_t id, const pmindex_model **out);

/* ---- ledger_rows.c ---- */

/* The first period in force from a period on (itself included) with a
 * current row that keeps no observations (stored by 1.1, or carried
 * forward from such a row by a review). */
struct pm_unobserved {
    int32_t period;                     /* its code */
    char id[128];                       /* the first such compound (cut to fit) */
    int64_t missing, rows;              /* its rows without observations, of all */
};
/* Returns 1 with *u filled, 0 when every current row from period on keeps
 * its observations, or an error recorded on l. */
int pm_ledger_unobserved(pmindex_ledger *l, int32_t period, struct pm_unobserved *u);

#endif
