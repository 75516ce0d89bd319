/* pmindex-score: scores every compound of a score sheet and writes the
 * results as an aligned table, CSV or JSON Lines, or explains one compound. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmindex/pmindex.h>

#include "common/cli.h"
#include "common/fragile.h"
#include "common/options.h"
#include "common/output.h"
#include "common/sheets.h"

static const char *const program = "pmindex-score";

struct options {
    struct cli_common cli; /* --model, --format, --lang, --encoding, --threads, -o */
    const char *explain, *sheet;
    bool skip_bad_rows;
    bool margins;
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: %s [OPTION]... [SHEET|-]\n"
            "Score every compound of a score sheet (CSV) on the property-management index.\n"
            "\n"
            "  --model FILE          the scoring model (default: the embedded Luohu 2018 model)\n"
            "  --format FORMAT       table (default), csv or jsonl\n"
            "  --lang LANG           zh (default) or en, for the table and --explain\n"
            "  --encoding ENCODING   utf-8 (default) or gb18030 (also gbk)\n"
            "  -o, --output FILE     write to FILE (whole or not at all) instead of stdout\n"
            "  --explain ID          print the full breakdown of compound ID only\n"
            "  --skip-bad-rows       write the results of the good rows despite errors\n"
            "  --margins             also how sure each verdict is: its index margins, the\n"
            "                        nearest change of each item that flips it, and whether\n"
            "                        one step of one item does (fragile)\n"
            "  --threads N           read and score on N threads (default: as many as the\n"
            "                        machine has cores; 1: one); the output is the same\n"
            "  --help                show this help and exit\n"
            "  --version             show the version and exit\n"
            "\n"
            "With no SHEET, or when SHEET is -, read standard input.\n"
            "Exit status: 0 all is well, 1 input errors (each reported), 2 usage errors.\n",
            program);
}

enum { OPT_EXPLAIN = CLI_OWN_FIRST, OPT_SKIP, OPT_MARGINS };

static const struct option own_options[] = {
    {"explain", required_argument, NULL, OPT_EXPLAIN},
    {"skip-bad-rows", no_argument, NULL, OPT_SKIP},
    {"margins", no_argument, NULL, OPT_MARGINS},
    {NULL, 0, NULL, 0},
};

static int own_option(void *opts, int id, const char *value)
{
    struct options *o = opts;
    switch (id) {
    case OPT_EXPLAIN: o->explain = value; return 0;
    case OPT_SKIP: o->skip_bad_rows = true; return 0;
    default: o->margins = true; return 0; /* OPT_MARGINS */
    }
}

static int operands(void *opts, int argc, char **argv, int first)
{
    struct options *o = opts;
    if (argc - first > 1) {
        fprintf(stderr, "%s: one sheet at a time (got %d); see --help\n", program, argc - first);
        return EXIT_USAGE;
    }
    if (first < argc)
        o->sheet = argv[first];
    return 0;
}

/* ---- the table ---------------------------------------------------------- */

struct table {
    const pmindex_model *model;
    int32_t lang;
    int tier_width;
    int64_t tiers[PMINDEX_MAX_TIERS + 1]; /* [0] = fallback, [t + 1] = tier t */
    int64_t red, black, total;
    pmindex_margins *margins; /* --margins: the index margins and fragile cards; NULL */
    int64_t fragile;          /* fragile cards marked */
};

static void table_init(struct table *t, const pmindex_model *m, int32_t lang)
{
    memset(t, 0, sizeof *t);
    t->model = m;
    t->lang = lang;
    t->tier_width = cli_tier_width(m, lang);
}

static void table_header(struct table *t, struct output *out)
{
    bool en = t->lang == PMINDEX_LANG_EN;
    char line[2048] = "";
    cli_pad(line, sizeof line, en ? "ID" : "小区编号", 14);
    cli_pad(line, sizeof line, en ? "Name" : "小区名称", 18);
    cli_pad(line, sizeof line, en ? "Street" : "街道", 12);
    cli_pad_left(line, sizeof line, en ? "Index" : "指数", 6);
    if (t->margins) {
        cli_pad_left(line, sizeof line, en ? "Down" : "下距", 6);
        cli_pad_left(line, sizeof line, en ? "Up" : "上距", 6);
    }
    for (int32_t k = 0; k < pmindex_model_indicator_count(t->model); k++)
        cli_pad_left(line, sizeof line, pmindex_model_indicator_id(t->model, k), 7);
    cli_pad_left(line, sizeof line, en ? "Coverage" : "覆盖率", 9);
    strncat(line, "  ", sizeof line - strlen(line) - 1);
    cli_pad(line, sizeof line, en ? "Tier" : "等级", t->tier_width + 2);
    cli_pad(line, sizeof line, en ? "Card" : "牌", 6);
    strncat(line, en ? "Reasons\n" : "原因\n", sizeof line - strlen(line) - 1);
    output_write(out, line, strlen(line));
}

static void table_row(struct table *t, struct output *out, const pmindex_compound *c,
                      const pmindex_assessment *a)
{
    const pmindex_model *m = t->model;
    char line[4096] = "", num[32];
    cli_pad(line, sizeof line, pmindex_compound_field(c, PMINDEX_FIELD_ID), 14);
    cli_pad(line, sizeof line, pmindex_compound_field(c, PMINDEX_FIELD_NAME), 18);
    cli_pad(line, sizeof line, pmindex_compound_field(c, PMINDEX_FIELD_STREET), 12);
    int64_t v;
    if (pmindex_assessment_index(a, &v))
        pmindex_centi_format(v, num, sizeof num);
    else
        strcpy(num, "-");
    cli_pad_left(line, sizeof line, num, 6);
    bool fragile = false;
    if (t->margins) {
        int64_t down = -1, up = -1;
        pmindex_margins_compute(t->margins, c);
        pmindex_margins_index(t->margins, &down, &up);
        for (int k = 0; k < 2; k++) {
            int64_t x = k ? up : down;
            if (x >= 0)
                pmindex_centi_format(x, num, sizeof num);
            else
                strcpy(num, "-");
            cli_pad_left(line, sizeof line, num, 6);
        }
        fragile = pmindex_margins_fragile(t->margins) == 1;
    }
    for (int32_t k = 0; k < pmindex_model_indicator_count(m); k++) {
        if (pmindex_assessment_indicator(a, k, &v, NULL, NULL, NULL) == 1)
            pmindex_centi_format(v, num, sizeof num);
        else
            strcpy(num, "-");
        cli_pad_left(line, sizeof line, num, 7);
    }
    size_t n = (size_t)pmindex_centi_format(pmindex_assessment_coverage(a, NULL, NULL), num,
                                            sizeof num - 1);
    strcpy(num + n, "%");
    cli_pad_left(line, sizeof line, num, 9);
    strncat(line, "  ", sizeof line - strlen(line) - 1);
    int32_t tier = pmindex_assessment_tier(a), card = pmindex_assessment_card(a);
    cli_pad(line, sizeof line, pmindex_model_tier_label(m, tier, t->lang), t->tier_width + 2);
    char label[32];
    bool mark = fragile && card != PMINDEX_CARD_NONE;
    snprintf(label, sizeof label, "%s%s", cli_card_label(card, t->lang), mark ? FRAGILE_MARK : "");
    t->fragile += mark;
    cli_pad(line, sizeof line, label, t->margins ? 7 : 6);
    for (int32_t r = 0; r < pmindex_assessment_reason_count(a); r++) {
        char words[256];
        pmindex_assessment_reason_label(a, r, t->lang, words, sizeof words);
        if (r)
            strncat(line, t->lang == PMINDEX_LANG_EN ? "; " : "；", sizeof line - strlen(line) - 1);
        strncat(line, words, sizeof line - strlen(line) - 1);
    }
    output_line(out, line); /* no trailing spaces when a row has no reasons */
    t->tiers[tier + 1]++;
    t->red += card == PMINDEX_CARD_RED;
    t->black += card == PMINDEX_CARD_BLACK;
    t->total++;
}

static void table_summary(struct table *t, struct output *out)
{
    bool en = t->lang == PMINDEX_LANG_EN;
    char line[16384];
    size_t n = (size_t)snprintf(line, sizeof line, en ? "\n%lld compounds: " : "\n共 %lld 个小区：",
                                (long long)t->total);
    int32_t ntiers = pmindex_model_tier_count(t->model);
    for (int32_t k = 0; k <= ntiers && n < sizeof line; k++) {
        int32_t tier = k < ntiers ? k : PMINDEX_TIER_FALLBACK;
        n += (size_t)snprintf(line + n, sizeof line - n, "%s%s %lld", k ? (en ? ", " : "，") : "",
                              pmindex_model_tier_label(t->model, tier, t->lang),
                              (long long)t->tiers[tier + 1]);
    }
    if (n < sizeof line)
        snprintf(line + n, sizeof line - n,
                 en ? "; red cards %lld, black cards %lld\n" : "；红牌 %lld，黑牌 %lld\n",
                 (long long)t->red, (long long)t->black);
    output_write(out, line, strlen(line));
    if (t->fragile) {
        const char *legend = fragile_legend(t->lang);
        output_write(out, legend, strlen(legend));
        output_write(out, "\n", 1);
    }
}

/* ---- --explain ---------------------------------------------------------- */

static void print_line(struct output *out, const char *s)
{
    output_write(out, s, strlen(s));
    output_write(out, "\n", 1);
}

/* The library lays the explanation out (Python's Assessment.explain()
 * returns the same text). Returns 0, or -1 when out of memory. */
static int explain(const pmindex_compound *c, const pmindex_assessment *a, int32_t lang,
                   struct output *out)
{
    char small[16384];
    int64_t n = pmindex_assessment_explain(a, c, lang, 0, small, sizeof small);
    if (n < 0)
        return -1;
    if (n < (int64_t)sizeof small) {
        output_write(out, small, (size_t)n);
        return 0;
    }
    char *big = malloc((size_t)n + 1); /* a model of many items */
    bool done = big && pmindex_assessment_explain(a, c, lang, 0, big, (size_t)n + 1) == n;
    if (done)
        output_write(out, big, (size_t)n);
    free(big);
    return done ? 0 : -1;
}

/* --explain --margins: how sure the verdict is, in words. */
static void explain_margins(const pmindex_model *m, pmindex_margins *g,
                            const pmindex_compound *c, const pmindex_assessment *a, int32_t lang,
                            struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    char line[4096], num[3][32];
    int64_t index, down, up;
    pmindex_margins_compute(g, c);
    print_line(out, "");
    print_line(out, en ? "How sure this verdict is:" : "结论的确定程度：");
    if (pmindex_margins_index(g, &down, &up) == 1 && pmindex_assessment_index(a, &index)) {
        /* The tier of the index alone: the highest whose threshold it reaches. */
        int32_t t = 0;
        while (t < pmindex_model_tier_count(m) - 1 && index < pmindex_model_tier_threshold(m, t))
            t++;
        pmindex_centi_format(index, num[0], sizeof num[0]);
        pmindex_centi_format(down, num[1], sizeof num[1]);
        pmindex_centi_format(pmindex_model_tier_threshold(m, t), num[2], sizeof num[2]);
        int n = snprintf(line, sizeof line,
                         en ? "  Index %s is %s above the threshold of %s (%s)"
                            : "  指数 %s 高于%s门槛（%s）%s",
                         num[0], en ? num[1] : pmindex_model_tier_label(m, t, lang),
                         en ? pmindex_model_tier_label(m, t, lang) : num[2],
                         en ? num[2] : num[1]);
        if (up >= 0) {
            pmindex_centi_format(up, num[1], sizeof num[1]);
            pmindex_centi_format(pmindex_model_tier_threshold(m, t - 1), num[2], sizeof num[2]);
            snprintf(line + n, sizeof line - (size_t)n,
                     en ? " and %s below that of %s (%s)." : "，低于%s门槛（%s）%s。",
                     en ? num[1] : pmindex_model_tier_label(m, t - 1, lang),
                     en ? pmindex_model_tier_label(m, t - 1, lang) : num[2],
                     en ? num[2] : num[1]);
        } else {
            snprintf(line + n, sizeof line - (size_t)n, "%s",
                     en ? "; no tier is above it." : "；已是最高等级。");
        }
        print_line(out, line);
    } else {
        print_line(out, en ? "  Fallback management: no tier, so no index margins."
                           : "  兜底管理：不定等级，没有指数距离。");
    }
    print_line(out, pmindex_margins_fragile(g) == 1
                        ? (en ? "  Fragile: one step of one item (a level, a finding, pass/fail or "
                                "a rate's tolerance) changes this verdict; review it before a "
                                "sanction or an honour."
                              : "  易变：某一项目变动一步（一个档次、一项问题、是否、或比率项目的容差）"
                                "即改变结论，执行奖惩前请复核。")
                        : (en ? "  Not fragile: no single step of one item changes this verdict."
                              : "  稳定：任一项目变动一步都不改变结论。"));
    int32_t n = pmindex_margins_flip_count(g);
    print_line(out, n == 0 ? (en ? "  No change of one item changes this verdict."
                                 : "  任一单项变动都不改变结论。")
                           : (en ? "  Changes of one item that change the verdict, nearest first:"
                                 : "  改变结论的单项变动（由近及远）："));
    for (int32_t k = 0; k < n; k++) {
        char text[1024], steps[48] = "";
        int64_t st = pmindex_margins_flip_steps(g, k);
        pmindex_margins_flip_text(g, k, lang, text, sizeof text);
        if (st >= 0) {
            pmindex_centi_format(st, num[0], sizeof num[0]);
            snprintf(steps, sizeof steps, en ? "%s step%s: " : "%s 步：", num[0],
                     st == 100 ? "" : "s");
        }
        snprintf(line, sizeof line, "  - %s%s", steps, text);
        print_line(out, line);
    }
}

/* ---- main --------------------------------------------------------------- */

/* CSV and JSON Lines without margins: the library reads, assesses and
 * writes a buffer of records at a time (on the sheet's threads). Returns
 * the rows written, or -1 out of memory (said, and counted as an error). */
static int64_t score_batch(const struct options *o, const pmindex_model *model,
                           pmindex_sheet *sheet, struct output *out, struct cli_errors *errors)
{
    bool csv = o->cli.format == FORMAT_CSV;
    pmindex_batch *batch = NULL;
    size_t cap = 1 << 20;
    char *buf = malloc(cap);
    int64_t rows = 0, got;
    int32_t status = 1;
    if (!buf || pmindex_batch_new(model, sheet, csv ? PMINDEX_FORMAT_CSV : PMINDEX_FORMAT_JSONL,
                                  PMINDEX_BATCH_RECORDS | (csv ? PMINDEX_BATCH_HEADER : 0),
                                  &batch) != 0)
        status = PMINDEX_E_NOMEM;
    while (status != 0 && batch) {
        int64_t n = pmindex_batch_fill(batch, buf, cap, &got, &status);
        if (n < 0) {
            status = (int32_t)n;
            break;
        }
        if ((size_t)n >= cap) { /* a record longer than the buffer */
            char *bigger = realloc(buf, (size_t)n + 1);
            if (!bigger) {
                status = PMINDEX_E_NOMEM;
                break;
            }
            buf = bigger;
            cap = (size_t)n + 1;
            status = 1;
            continue;
        }
        output_write(out, buf, (size_t)n);
        rows += got;
        if (status < 0)
            cli_report(errors, pmindex_sheet_error(sheet));
    }
    pmindex_batch_free(batch);
    free(buf);
    if (status == 0)
        return rows;
    fprintf(stderr, "%s: out of memory\n", program);
    errors->count++;
    return -1;
}

static int score(void *opts, pmindex_model *model, struct cli_errors *errors)
{
    const struct options *o = opts;
    pmindex_sheet *sheet = NULL;
    pmindex_assessment *a = NULL;
    struct output out;
    int rc = pmindex_sheet_open(model, o->sheet, o->cli.encoding, 0, &sheet);
    if (rc != 0) {
        if (sheet)
            cli_report(errors, pmindex_sheet_error(sheet));
        else
            fprintf(stderr, "%s: cannot read %s: %s\n", program, o->sheet, pmindex_strerror(rc));
        pmindex_sheet_free(sheet);
        return EXIT_INPUT;
    }
    pmindex_sheet_set_threads(sheet, o->cli.threads);
    if (pmindex_assessment_new(model, &a) != 0) {
        fprintf(stderr, "%s: out of memory\n", program);
        pmindex_sheet_free(sheet);
        return EXIT_INPUT;
    }
    if (output_open(&out, o->cli.out, program) != 0) { /* it said why */
        pmindex_assessment_free(a);
        pmindex_sheet_free(sheet);
        return EXIT_INPUT;
    }

    struct table table;
    table_init(&table, model, o->cli.lang);
    if (o->margins && pmindex_margins_new(model, &table.margins) != 0) {
        fprintf(stderr, "%s: out of memory\n", program);
        output_abort(&out);
        pmindex_assessment_free(a);
        pmindex_sheet_free(sheet);
        return EXIT_INPUT;
    }
    int32_t format = o->cli.format == FORMAT_CSV ? PMINDEX_FORMAT_CSV : PMINDEX_FORMAT_JSONL;
    uint32_t record_flags = o->margins ? PMINDEX_RECORD_MARGINS : 0;
    /* CSV and JSON Lines without margins go through a batch; the table,
     * --explain and --margins row by row. */
    bool batch = !o->explain && !table.margins && o->cli.format != FORMAT_TABLE;
    size_t cap = 1 << 16;
    char *buf = batch ? NULL : malloc(cap);
    bool found = false;
    if (!o->explain && buf) {
        if (o->cli.format == FORMAT_CSV) {
            int64_t n = pmindex_assessment_header(model, PMINDEX_FORMAT_CSV, record_flags, buf, cap);
            output_write(&out, buf, (size_t)n);
        } else if (o->cli.format == FORMAT_TABLE) {
            table_header(&table, &out);
        }
    }
    const pmindex_compound *c;
    int64_t rows = batch ? score_batch(o, model, sheet, &out, errors) : 0;
    while (buf && (rc = pmindex_sheet_next(sheet, &c)) != 0) {
        if (rc < 0) {
            cli_report(errors, pmindex_sheet_error(sheet));
            continue;
        }
        rows++;
        if (o->explain && strcmp(pmindex_compound_field(c, PMINDEX_FIELD_ID), o->explain) != 0)
            continue;
        if (!table.margins || o->explain || o->cli.format == FORMAT_TABLE)
            pmindex_assess(model, c, a);
        if (o->explain) {
            if (explain(c, a, o->cli.lang, &out) != 0) {
                fprintf(stderr, "%s: out of memory\n", program);
                errors->count++;
                break;
            }
            if (table.margins)
                explain_margins(model, table.margins, c, a, o->cli.lang, &out);
            found = true;
            continue;
        }
        if (o->cli.format == FORMAT_TABLE) {
            table_row(&table, &out, c, a);
            continue;
        }
        int64_t n;
        if (table.margins) /* one assessment: the margins' */
            pmindex_margins_compute(table.margins, c);
        for (;;) {
            n = table.margins ? pmindex_margins_record(table.margins, c, format, 0, buf, cap)
                              : pmindex_assessment_record(a, c, format, record_flags, buf, cap);
            if (n < 0 || (size_t)n < cap)
                break;
            char *bigger = realloc(buf, (size_t)n + 1);
            if (!bigger)
                break;
            buf = bigger;
            cap = (size_t)n + 1;
        }
        if (n < 0 || (size_t)n >= cap) {
            fprintf(stderr, "%s: out of memory\n", program);
            errors->count++;
            break;
        }
        output_write(&out, buf, (size_t)n);
    }
    if (!buf && !batch) {
        fprintf(stderr, "%s: out of memory\n", program);
        errors->count++;
    }
    if (rows == 0 && errors->count == 0)
        cli_no_compounds(errors, o->sheet);
    if (o->explain && !found && errors->count == 0) {
        char id[256];
        fprintf(stderr, "%s: %s: no compound has the id %s\n", program,
                strcmp(o->sheet, "-") == 0 ? "<stdin>" : o->sheet,
                cli_printable(id, sizeof id, o->explain));
        errors->count++;
    }
    if (!o->explain && o->cli.format == FORMAT_TABLE)
        table_summary(&table, &out);
    free(buf);
    pmindex_margins_free(table.margins);
    pmindex_assessment_free(a);
    pmindex_sheet_free(sheet);

    cli_report_end(errors);
    if (errors->count > 0 && !o->skip_bad_rows) {
        output_abort(&out);
        cli_report_outcome(errors, "no output was written");
        return EXIT_INPUT;
    }
    if (output_commit(&out, program) != 0)
        return EXIT_INPUT;
    if (errors->count > 0) {
        fprintf(stderr, "%s: %lld bad row%s skipped\n", program, (long long)errors->count,
                errors->count == 1 ? "" : "s");
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

static int run(void *opts, struct cli_errors *errors)
{
    const struct options *o = opts;
    return cli_run_with_model(&o->cli, opts, errors, score);
}

int main(int argc, char **argv)
{
    static const struct cli_program spec = {
        program, CLI_MODEL | CLI_FORMAT | CLI_LANG | CLI_ENCODING | CLI_THREADS | CLI_OUTPUT,
        own_options, usage, own_option, operands, run,
    };
    struct options o = {.sheet = "-"}; /* no SHEET: standard input */
    return cli_main(&spec, argc, argv, &o.cli, &o);
}
