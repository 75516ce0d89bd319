/* pmindex-model's commands that compare two models: diff (pmindex-model.c)
 * and impact (model-impact.c), which starts with the diff. */
#ifndef PMINDEX_EXAMPLES_MODEL_IMPACT_H
#define PMINDEX_EXAMPLES_MODEL_IMPACT_H

#include <pmindex/pmindex.h>

#include "common/cli.h"
#include "common/output.h"

extern const char *const program;

/* What `pmindex-model impact` was asked. */
struct impact_options {
    const char *models[2]; /* OLD and NEW: INI files, or NULL for the embedded model */
    const char *names[2];  /* as given, for the report ("default" for NULL) */
    const char *const *sheets;
    int nsheets;
    const char *encoding;
    uint32_t merge_flags;
    enum format format;
    int32_t lang;
    int64_t movers; /* how many risers and fallers the table lists */
    const char *out;
    /* --db LEDGER --period P instead of sheets; a model given as "ledger"
     * is the one the period was applied with. */
    const char *db;
    const char *period_name; /* as given */
    int32_t period;
    bool stored[2];
};

/* The differences of two models, or NULL after saying why on stderr. */
pmindex_model_diff *model_diff(const pmindex_model *a, const pmindex_model *b);
/* One difference as `pmindex-model diff` prints it, with its newline. */
void model_diff_line(const pmindex_model_diff *diff, int64_t n, int32_t lang,
                     struct output *out);
/* The differences as `pmindex-model diff` prints them. */
void model_diff_write(const pmindex_model_diff *diff, const char *fa, const char *fb,
                      int32_t lang, struct output *out);

/* Runs `pmindex-model impact`; returns the exit status. */
int impact_run(const struct impact_options *o, struct cli_errors *errors);

#endif
