/* Option values, error reports and terminal widths for the example programs. */
#define _GNU_SOURCE /* sched_getaffinity() */
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

/* Decodes one UTF-8 sequence (the library checked the text already). */
static unsigned decode(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned c = s[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n == 2)
        c &= 0x1F;
    else if (n == 3)
        c &= 0x0F;
    else if (n == 4)
        c &= 0x07;
    for (int i = 1; i < n && s[i]; i++)
        c = (c << 6) | (s[i] & 0x3F);
    for (int i = 0; i < n && **p; i++)
        (*p)++;
    return c;
}

static int char_width(unsigned c)
{
    if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        return 0;
    /* East Asian wide and fullwidth ranges (Unicode 15, the common blocks). */
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
        (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
        (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

int cli_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int w = 0;
    while (*p)
        w += char_width(decode(&p));
    return w;
}

void cli_pad(char *buf, size_t cap, const char *s, int width)
{
    /* Text longer than width - 1 columns is cut with an ellipsis, so that a
     * space always separates it from the next column. */
    size_t len = strlen(buf);
    const unsigned char *p = (const unsigned char *)s;
    int w = 0, room = width - 1;
    bool cut = cli_width(s) > room;
    while (*p) {
        const unsigned char *start = p;
        unsigned c = decode(&p);
        int cw = char_width(c);
        if (cut && w + cw > room - 1)
            break;
        size_t n = (size_t)(p - start);
        if (len + n + 1 >= cap)
            break;
        if (c < 0x20 || (c >= 0x7F && c < 0xA0)) { /* a line break or control: a space */
            buf[len++] = ' ';
            w++;
            continue;
        }
        memcpy(buf + len, start, n);
        len += n;
        w += cw;
    }
    if (cut && len + 4 < cap) {
        memcpy(buf + len, "\xE2\x80\xA6", 3); /* … */
        len += 3;
        w++;
    }
    while (w < width && len + 1 < cap) {
        buf[len++] = ' ';
        w++;
    }
    buf[len] = '\0';
}

void cli_pad_left(char *buf, size_t cap, const char *s, int width)
{
    size_t len = strlen(buf);
    for (int w = cli_width(s); w < width && len + 1 < cap; w++)
        buf[len++] = ' ';
    buf[len] = '\0';
    strncat(buf, s, cap - len - 1);
}

const char *cli_printable(char *buf, size_t cap, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t len = 0;
    while (*p) {
        const unsigned char *start = p;
        unsigned c = decode(&p);
        size_t n = (size_t)(p - start);
        if (len + n + 1 > cap)
            break;
        if (c < 0x20 || (c >= 0x7F && c < 0xA0))
            buf[len++] = ' ';
        else {
            memcpy(buf + len, start, n);
            len += n;
        }
    }
    buf[len] = '\0';
    return buf;
}

void cli_observation(const pmindex_model *m, const pmindex_compound *c, int32_t i, int32_t lang,
                     char *buf, size_t cap)
{
    int64_t v;
    if (pmindex_compound_value(c, i, &v) != 1) {
        snprintf(buf, cap, "NA");
        return;
    }
    pmindex_decimal_format(v, buf, cap);
    for (int32_t j = 0; j < pmindex_model_item_level_count(m, i); j++)
        if (pmindex_model_item_level_value(m, i, j) == v) {
            size_t n = strlen(buf);
            snprintf(buf + n, cap - n, " %s", pmindex_model_item_level_label(m, i, j, lang));
        }
}
