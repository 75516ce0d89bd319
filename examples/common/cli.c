/* Option values, error reports and terminal widths for the example programs. */
#define _GNU_SOURCE /* sched_getaffinity() */
#include <assert.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

bool cli_format(const char *program, const char *s, enum format *out)
{
    static const char *const names[] = {"table", "csv", "jsonl"};
    for (int f = 0; f < 3; f++)
        if (strcmp(s, names[f]) == 0) {
            *out = (enum format)f;
            return true;
        }
    fprintf(stderr, "%s: --format takes table, csv or jsonl, not \"%s\"\n", program, s);
    return false;
}

bool cli_lang(const char *program, const char *s, int32_t *out)
{
    if (strcmp(s, "zh") == 0)
        *out = PMINDEX_LANG_ZH;
    else if (strcmp(s, "en") == 0)
        *out = PMINDEX_LANG_EN;
    else {
        fprintf(stderr, "%s: --lang takes zh or en, not \"%s\"\n", program, s);
        return false;
    }
    return true;
}

bool cli_encoding(const char *program, const char *s)
{
    static const char *const names[] = {"utf-8", "utf8", "gb18030", "gbk", "gb2312"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i]) == 0)
            return true;
    fprintf(stderr, "%s: --encoding takes utf-8 or gb18030, not \"%s\"\n", program, s);
    return false;
}

bool cli_share(const char *program, const char *option, const char *s, int64_t *ppm_out)
{
    int64_t units;
    /* A millionth is 100 units of 1/PMINDEX_VALUE_SCALE. */
    if (pmindex_decimal_parse(s, strlen(s), &units) != 0 || units < 0 || units % 100 != 0 ||
        units > PMINDEX_VALUE_SCALE) {
        fprintf(stderr,
                "%s: %s takes a share such as 20%% or 0.2 (0 to 100%%, at most 4 decimals in a "
                "percentage), not \"%s\"\n",
                program, option, s);
        return false;
    }
    *ppm_out = units / 100;
    return true;
}

bool cli_count(const char *program, const char *option, const char *s, int64_t min, int64_t max,
               int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < min || v > max || *s == '+' || *s == ' ') {
        fprintf(stderr, "%s: %s takes a whole number from %lld to %lld, not \"%s\"\n", program,
                option, (long long)min, (long long)max, s);
        return false;
    }
    *out = v;
    return true;
}

int32_t cli_cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set) < PMINDEX_SHEET_MAX_THREADS ? CPU_COUNT(&set)
                                                           : PMINDEX_SHEET_MAX_THREADS;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n < PMINDEX_SHEET_MAX_THREADS ? (int32_t)n : PMINDEX_SHEET_MAX_THREADS;
}

bool cli_threads(const char *program, const char *s, int32_t *out)
{
    int64_t n;
    if (!cli_count(program, "--threads", s, 1, PMINDEX_SHEET_MAX_THREADS, &n))
        return false;
    *out = (int32_t)n;
    return true;
}

int cli_bad_option(const char *program, int c, const char *option)
{
    if (c == ':')
        fprintf(stderr, "%s: %s needs a value\n", program, option);
    else
        fprintf(stderr, "%s: unknown option %s (see --help)\n", program, option);
    return EXIT_USAGE;
}

int cli_usage_error(const char *program, const char *message, const char *arg)
{
    fprintf(stderr, "%s: ", program);
    fprintf(stderr, message, arg);
    fprintf(stderr, " (see --help)\n");
    return EXIT_USAGE;
}

void cli_report(struct cli_errors *errors, const pmindex_error *error)
{
    if (errors->count++ >= CLI_MAX_ERRORS)
        return;
    char buf[2048];
    pmindex_error_format(error, buf, sizeof buf);
    fprintf(stderr, "%s: %s\n", errors->program, buf);
}

void cli_report_end(struct cli_errors *errors)
{
    if (errors->count > CLI_MAX_ERRORS)
        fprintf(stderr, "%s: ... and %lld more errors (%lld in all)\n", errors->program,
                (long long)(errors->count - CLI_MAX_ERRORS), (long long)errors->count);
}

void cli_report_outcome(const struct cli_errors *errors, const char *outcome)
{
    fprintf(stderr, "%s: %lld error%s; %s\n", errors->program, (long long)errors->count,
            errors->count == 1 ? "" : "s", outcome);
}

/* Prints every problem of a model file, as pmindex_model_check_ini() lists
 * them. Returns how many it found. */
static int64_t report_model_file(const char *file, struct cli_errors *errors)
{
    char small[4096];
    int64_t n = pmindex_model_check_ini(file, small, sizeof small), found = 0;
    char *list = small;
    if (n >= (int64_t)sizeof small) {
        list = malloc((size_t)n + 1);
        if (list)
            n = pmindex_model_check_ini(file, list, (size_t)n + 1);
        else
            list = small; /* out of memory: the first lines will do */
    }
    for (char *line = list, *nl; n > 0 && (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
        *nl = '\0';
        found++;
        if (errors->count++ < CLI_MAX_ERRORS)
            fprintf(stderr, "%s: %s\n", errors->program, line);
    }
    if (list != small)
        free(list);
    return found;
}

pmindex_model *cli_load_model(const char *file, struct cli_errors *errors)
{
    pmindex_model *model = NULL;
    if (file) {
        pmindex_error *error = NULL;
        int rc = pmindex_error_new(&error);
        if (rc == 0)
            rc = pmindex_model_load_ini(file, &model, error);
        /* On failure list every problem of the file, not just the first
         * (standard input cannot be read twice). */
        if (rc != 0 && (!error || strcmp(file, "-") == 0 || report_model_file(file, errors) == 0)) {
            if (error)
                cli_report(errors, error);
            else
                fprintf(stderr, "%s: %s: %s\n", errors->program, file, pmindex_strerror(rc));
            errors->count += !error;
        }
        pmindex_error_free(error);
        return model;
    }
    int rc = pmindex_model_default(&model);
    if (rc != 0) {
        fprintf(stderr, "%s: cannot build the default model: %s\n", errors->program,
                pmindex_strerror(rc));
        errors->count++;
        return NULL;
    }
    return model;
}

/* The columns and padding of terminal text are the library's
 * (pmindex_text_width(), pmindex_text_pad()): one width table for the
 * programs' tables and the library's own layouts. These append to a line. */
static void append_text(char *buf, size_t cap, const char *s, int width, uint32_t flags)
{
    size_t len = strlen(buf);
    if (len + 1 < cap)
        pmindex_text_pad(s ? s : "", width, flags, buf + len, cap - len);
}

int cli_width(const char *s)
{
    return pmindex_text_width(s);
}

void cli_pad(char *buf, size_t cap, const char *s, int width)
{
    append_text(buf, cap, s, width, 0);
}

void cli_pad_left(char *buf, size_t cap, const char *s, int width)
{
    append_text(buf, cap, s, width, PMINDEX_TEXT_RIGHT);
}

const char *cli_card_label(int32_t card, int32_t lang)
{
    static const char *const zh[] = {"—", "红牌", "黑牌"}, *const en[] = {"-", "red", "black"};
    assert(card >= PMINDEX_CARD_NONE && card <= PMINDEX_CARD_BLACK);
    return lang == PMINDEX_LANG_EN ? en[card] : zh[card];
}

int cli_tier_width(const pmindex_model *model, int32_t lang)
{
    int w = cli_width(pmindex_model_tier_label(model, PMINDEX_TIER_FALLBACK, lang));
    for (int32_t t = 0; t < pmindex_model_tier_count(model); t++) {
        int tw = cli_width(pmindex_model_tier_label(model, t, lang));
        if (tw > w)
            w = tw;
    }
    return w;
}

const char *cli_printable(char *buf, size_t cap, const char *s)
{
    buf[0] = '\0';
    append_text(buf, cap, s, 0, 0);
    return buf;
}
