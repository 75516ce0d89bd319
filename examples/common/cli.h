/* What the example programs share: option values, error reports and exit
 * codes, so that every program behaves the same way. */
#ifndef PMINDEX_EXAMPLES_CLI_H
#define PMINDEX_EXAMPLES_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include <pmindex/pmindex.h>

enum exit_code { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSONL };

/* Parsers of option values: true when the value is known; otherwise false
 * after saying on stderr what the option takes (a usage error). */
bool cli_format(const char *program, const char *s, enum format *out);
bool cli_lang(const char *program, const char *s, int32_t *out);
bool cli_encoding(const char *program, const char *s);
/* A share given as "20%" or "0.2" (the sheet's decimals), as millionths:
 * true when it is one; otherwise false after saying on stderr what the
 * option takes (a usage error). */
bool cli_share(const char *program, const char *option, const char *s, int64_t *ppm_out);
/* A whole number from min to max, likewise. */
bool cli_count(const char *program, const char *option, const char *s, int64_t min, int64_t max,
               int64_t *out);
/* --threads N: the number of cores this process may run on (at least 1),
 * the programs' default; and the option's value, 1 to
 * PMINDEX_SHEET_MAX_THREADS, as cli_count() reads it. */
int32_t cli_cores(void);
bool cli_threads(const char *program, const char *s, int32_t *out);
/* getopt_long's ':' (an option without its value) or '?' (an unknown
 * option, given as the text the user typed): says so; returns EXIT_USAGE. */
int cli_bad_option(const char *program, int c, const char *option);
/* Says "program: " then message, whose one %s is arg, then " (see --help)";
 * returns EXIT_USAGE. */
int cli_usage_error(const char *program, const char *message, const char *arg);

/* Prints "program: file:line:column: message" on stderr, at most
 * CLI_MAX_ERRORS times; later calls are only counted. */
enum { CLI_MAX_ERRORS = 100 };
struct cli_errors {
    const char *program;
    int64_t count;
};
void cli_report(struct cli_errors *errors, const pmindex_error *error);
/* Says how many errors were not shown, if any. */
void cli_report_end(struct cli_errors *errors);
/* Says how many errors there were and what follows from them (such as "no
 * output was written"): "program: 3 errors; no output was written". */
void cli_report_outcome(const struct cli_errors *errors, const char *outcome);

/* Loads the model of --model FILE (an INI file; "-" for standard input),
 * or the embedded default when file is NULL. Returns NULL after reporting
 * every problem of the file as "program: file:line: ...". */
pmindex_model *cli_load_model(const char *file, struct cli_errors *errors);

/* The terminal width of UTF-8 text: CJK characters count 2. */
int cli_width(const char *s);
/* Appends s to buf padded with spaces (or cut with "…") to width columns. */
void cli_pad(char *buf, size_t cap, const char *s, int width);
/* Appends s to buf after as many spaces as bring it to width columns
 * (right-aligned; never cut). */
void cli_pad_left(char *buf, size_t cap, const char *s, int width);
/* A card as the tables show it: "—", "红牌" or "黑牌" (en: "-", "red" or
 * "black"); card is enum pmindex_card. */
const char *cli_card_label(int32_t card, int32_t lang);
/* The columns of a model's widest tier label, the fallback's included. */
int cli_tier_width(const pmindex_model *model, int32_t lang);
/* Text of a sheet for a terminal: control characters (C0, DEL, C1), which
 * could move the cursor or send escape sequences, become spaces; cut to
 * cap - 1 bytes at a character boundary. Returns buf. */
const char *cli_printable(char *buf, size_t cap, const char *s);

#endif
