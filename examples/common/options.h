/* The options and main() every program shares: --model, --format, --lang,
 * --encoding, --missing-na, --threads, -o/--output, --help and --version
 * are parsed here, each program's own options through a table and a
 * callback, so that every program takes and refuses options the same way. */
#ifndef PMINDEX_EXAMPLES_OPTIONS_H
#define PMINDEX_EXAMPLES_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

#include "cli.h"

/* The shared options' values. */
struct cli_common {
    const char *model;    /* --model FILE; NULL: the embedded model */
    const char *out;      /* -o FILE; NULL: standard output */
    const char *encoding; /* --encoding; NULL: UTF-8 */
    enum format format;   /* --format; table unless given */
    bool format_given;
    int32_t lang;         /* --lang; zh unless given */
    uint32_t merge_flags; /* --missing-na: PMINDEX_MERGE_MISSING_NA */
    int32_t threads;      /* --threads N; cli_cores() unless given */
    bool threads_given;
};

/* Which shared options a program takes (--help and --version always). */
enum cli_shared_option {
    CLI_MODEL = 1u << 0,
    CLI_FORMAT = 1u << 1,
    CLI_LANG = 1u << 2,
    CLI_ENCODING = 1u << 3,
    CLI_MISSING_NA = 1u << 4,
    CLI_OUTPUT = 1u << 5,
    CLI_THREADS = 1u << 6
};

/* A program's own options are getopt_long entries whose val is at least
 * this, so that they never meet the shared ones. */
enum { CLI_OWN_FIRST = 1024 };

struct cli_program {
    const char *name;
    uint32_t shared;          /* enum cli_shared_option */
    const struct option *own; /* ending with an entry of NULL name; NULL for none */
    void (*usage)(FILE *fp);
    /* Takes one of the program's own options: 0, or EXIT_USAGE after
     * saying on stderr what it takes. */
    int (*option)(void *opts, int id, const char *value);
    /* Checks the operands argv[first..argc-1] and the options together:
     * 0, or EXIT_USAGE after saying what is wrong. */
    int (*operands)(void *opts, int argc, char **argv, int first);
    /* Does the program's work; returns its exit code. */
    int (*run)(void *opts, struct cli_errors *errors);
};

/* main() of a program: parses the options (the shared ones into *common),
 * checks the operands and runs. --help and --version print and exit 0; a
 * usage error exits 2. */
int cli_main(const struct cli_program *p, int argc, char **argv, struct cli_common *common,
             void *opts);

/* For a program's run: loads the model of --model (the embedded one
 * without it), does work(opts, model, errors) and frees the model.
 * Returns what work returns, or EXIT_INPUT when the model cannot be
 * loaded (said on stderr). */
int cli_run_with_model(const struct cli_common *common, void *opts, struct cli_errors *errors,
                       int (*work)(void *opts, pmindex_model *model, struct cli_errors *errors));

#endif
