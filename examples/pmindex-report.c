/* pmindex-report: a district's period as one HTML page that needs no
 * network: the period at a glance, the distribution of the index, the
 * streets, police stations and companies compared, the red and black
 * lists, the ladder from a ledger, compounds in detail and printable
 * rectification notices. Read from score sheets (merged as pmindex-rank
 * merges them) or from a period of a ledger. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmindex/pmindex.h>

#include "common/cli.h"
#include "common/options.h"
#include "common/output.h"
#include "common/sheets.h"
#include "report/report.h"

static const char *const program = "pmindex-report";

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: %s [OPTION]... SHEET...\n"
            "   or: %s --db LEDGER --period P [OPTION]...\n"
            "Write a district's period as one self-contained HTML page (no JavaScript, no\n"
            "network): the period at a glance, the distribution of the index, streets,\n"
            "police stations and companies compared, the red and black lists, the ladder\n"
            "(from a ledger), compounds in detail and rectification notices. Several\n"
            "sheets are merged by compound_id, as pmindex-rank merges them.\n"
            "\n"
            "  --model FILE          the scoring model of the sheets (default: the embedded\n"
            "                        Luohu 2018 model); a ledger's period has its own\n"
            "  --db LEDGER           report a period of a ledger (pmindex-ledger) instead\n"
            "  --period P            the ledger's period: 2018H2, 2018Q3 or 2018-09\n"
            "  --lang LANG           zh (default) or en\n"
            "  --compound ID         show compound ID in detail (may be given again)\n"
            "  --notices             add a printable rectification notice for every\n"
            "                        black-card compound\n"
            "  --limit N             rows of a long list shown (default %d; 0: all); the\n"
            "                        page says how many more there are and where they are\n"
            "  --encoding ENCODING   utf-8 (default) or gb18030 (also gbk), for every sheet\n"
            "  --missing-na          merging: an item that no sheet gives is not applicable\n"
            "  -o, --output FILE     write to FILE (whole or not at all) instead of stdout\n"
            "  --help                show this help and exit\n"
            "  --version             show the version and exit\n"
            "\n"
            "A single SHEET may be - for standard input. Print with a browser's \"print to\n"
            "PDF\" on A4: each section and each notice starts a new page.\n"
            "Exit status: 0 all is well, 1 input or ledger errors (each reported), 2 usage errors.\n",
            program, program, REPORT_DEFAULT_LIMIT);
}

static int usage_error(const char *message, const char *arg)
{
    return cli_usage_error(program, message, arg);
}

enum { OPT_DB = CLI_OWN_FIRST, OPT_PERIOD, OPT_COMPOUND, OPT_NOTICES, OPT_LIMIT };

static const struct option own_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"period", required_argument, NULL, OPT_PERIOD},
    {"compound", required_argument, NULL, OPT_COMPOUND},
    {"notices", no_argument, NULL, OPT_NOTICES},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {NULL, 0, NULL, 0},
};

static int own_option(void *opts, int id, const char *value)
{
    struct report_options *o = opts;
    switch (id) {
    case OPT_DB: o->db = value; return 0;
    case OPT_PERIOD: {
        int32_t period;
        if (pmindex_period_parse(value, strlen(value), &period) != 0)
            return usage_error("--period takes a period such as 2018H2, 2018Q3 or 2018-09, "
                               "not \"%s\"", value);
        o->period = value;
        return 0;
    }
    case OPT_COMPOUND: o->compounds[o->ncompounds++] = value; return 0;
    case OPT_NOTICES: o->notices = true; return 0;
    default: { /* OPT_LIMIT */
        char *end;
        long long v = strtoll(value, &end, 10);
        if (!*value || *end || v < 0 || v > 1000000000)
            return usage_error("--limit takes a number of rows (0 for all), not \"%s\"", value);
        o->limit = v;
        return 0;
    }
    }
}

static int operands(void *opts, int argc, char **argv, int first)
{
    struct report_options *o = opts;
    o->sheets = argv + first;
    o->nsheets = argc - first;
    if (o->db) {
        if (!o->period)
            return usage_error("%s needs --period P, the period of the ledger to report (such as "
                               "2018H2)", "--db");
        if (o->nsheets > 0)
            return usage_error("a ledger's period is reported without sheets: give --db or "
                               "SHEET..., not both (%s)", o->sheets[0]);
        if (o->cli.model || o->cli.encoding || o->cli.merge_flags)
            return usage_error("%s are for sheets; a ledger's period has its own model",
                               "--model, --encoding and --missing-na");
        return 0;
    }
    if (o->period)
        return usage_error("%s is for a ledger (--db LEDGER); a sheet's period is its period "
                           "column", "--period");
    if (o->nsheets == 0)
        return usage_error("%s", "no sheet given, and no --db LEDGER --period P");
    for (int k = 0; k < o->nsheets && o->nsheets > 1; k++)
        if (strcmp(o->sheets[k], "-") == 0)
            return usage_error("%s", "standard input (-) only as the one sheet");
    return 0;
}

/* "a.csv, b.csv" or "ledger x.db": where the page's figures come from. */
static char *source_text(const struct report_options *o)
{
    size_t len = 64;
    for (int k = 0; k < o->nsheets; k++)
        len += strlen(cli_sheet_name(o->sheets[k])) + 2;
    len += o->db ? strlen(o->db) + strlen(o->period) : 0;
    char *text = malloc(len);
    if (!text)
        return NULL;
    text[0] = '\0';
    if (o->db) {
        snprintf(text, len, "%s%s, %s", o->cli.lang == PMINDEX_LANG_EN ? "ledger " : "台账 ", o->db,
                 o->period);
        return text;
    }
    for (int k = 0; k < o->nsheets; k++) {
        if (k)
            strcat(text, ", ");
        strcat(text, cli_sheet_name(o->sheets[k]));
    }
    return text;
}

static int report(const struct report_options *o, struct cli_errors *errors)
{
    struct period p;
    memset(&p, 0, sizeof p);
    p.program = program;
    p.lang = o->cli.lang;
    char *source = source_text(o);
    if (!source) {
        fprintf(stderr, "%s: out of memory\n", program);
        return EXIT_INPUT;
    }
    p.source = source;
    pmindex_model *model = NULL;
    int rc;
    if (o->db) {
        rc = period_from_ledger(&p, o, &model, errors);
    } else {
        model = cli_load_model(o->cli.model, errors);
        p.model = model;
        rc = model ? period_from_sheets(&p, o, errors) : EXIT_INPUT;
    }
    if (rc == 0 && period_select(&p, o, errors) != 0)
        rc = EXIT_INPUT;
    cli_report_end(errors);
    if (rc != 0 || errors->count > 0) {
        if (errors->count > 0)
            cli_report_outcome(errors, "no report was written");
        period_free(&p);
        pmindex_model_free(model);
        free(source);
        return EXIT_INPUT;
    }
    struct output out;
    if (output_open(&out, o->cli.out, program) != 0) {
        rc = EXIT_INPUT;
    } else {
        struct html h = {&out, o->cli.lang, 0};
        if (page_write(&h, &p, o) != 0) {
            output_abort(&out);
            fprintf(stderr, "%s: no report was written\n", program);
            rc = EXIT_INPUT;
        } else {
            rc = output_commit(&out, program) == 0 ? EXIT_OK : EXIT_INPUT;
        }
    }
    period_free(&p);
    pmindex_model_free(model);
    free(source);
    return rc;
}

static int run(void *opts, struct cli_errors *errors)
{
    return report(opts, errors);
}

int main(int argc, char **argv)
{
    static const struct cli_program spec = {
        program, CLI_MODEL | CLI_LANG | CLI_ENCODING | CLI_MISSING_NA | CLI_OUTPUT,
        own_options, usage, own_option, operands, run,
    };
    struct report_options o = {.limit = REPORT_DEFAULT_LIMIT};
    /* At most one --compound per two arguments. */
    o.compounds = calloc((size_t)argc / 2 + 1, sizeof *o.compounds);
    if (!o.compounds) {
        fprintf(stderr, "%s: out of memory\n", program);
        return EXIT_INPUT;
    }
    int rc = cli_main(&spec, argc, argv, &o.cli, &o);
    free(o.compounds);
    return rc;
}
