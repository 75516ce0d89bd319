/* pmindex-ledger: a district's ledger (工作台账) across periods, in an SQLite
 * file: apply a period's score sheet (every compound's ladder steps, in one
 * transaction), then read a compound's history, a period's decisions, or
 * the whole ledger as CSV. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pmindex/pmindex.h>

#include "common/cli.h"
#include "common/fragile.h"
#include "common/output.h"
#include "common/sheets.h"

static const char *const program = "pmindex-ledger";

struct options {
    const char *db, *model, *encoding, *out, *period_text, *command;
    char **args;
    int nargs;
    int32_t period;
    enum format format;
    bool format_given, allow_model_change;
    int32_t lang, busy_ms;
    uint32_t merge_flags;
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: %s --db FILE [OPTION]... COMMAND [ARG]...\n"
            "Keep a district's ledger of assessments, cards and sanctions across periods.\n"
            "\n"
            "Commands:\n"
            "  init                  make a new, empty ledger FILE\n"
            "  apply SHEET...        score SHEET as period --period P, step every compound's\n"
            "                        sanction ladder, store it all in one transaction and\n"
            "                        print the period's decisions (cards, measures) by street;\n"
            "                        several partial sheets (police station, street office,\n"
            "                        district) are merged by compound_id first\n"
            "  history ID            a compound's periods, cards, levels and measures\n"
            "  period P              the decisions of period P, by street\n"
            "  export                every compound and period (--period P: one period), CSV\n"
            "\n"
            "Options:\n"
            "  --db FILE             the ledger (an SQLite database)\n"
            "  --period P            the period of the sheet: 2018H2, 2018Q3 or 2018-09\n"
            "  --model FILE          the scoring model (default: the embedded Luohu 2018 model)\n"
            "  --allow-model-change  apply with a model other than the last period's\n"
            "  --format FORMAT       table (default; csv for export), csv or jsonl\n"
            "  --lang LANG           zh (default) or en, for tables\n"
            "  --encoding ENCODING   utf-8 (default) or gb18030 (also gbk), for sheets\n"
            "  --missing-na          apply, merging: an item that no sheet gives is not\n"
            "                        applicable (by default it is an error)\n"
            "  --busy-timeout MS     wait at most MS ms for another writer (default 5000)\n"
            "  -o, --output FILE     write to FILE (whole or not at all) instead of stdout\n"
            "  --help                show this help and exit\n"
            "  --version             show the version and exit\n"
            "\n"
            "A period is applied whole or not at all: a sheet with any error, a period applied\n"
            "already or older than the last, or another model leave the ledger unchanged.\n"
            "Exit status: 0 all is well, 1 input or ledger errors (each reported), 2 usage errors.\n",
            program);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", program);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see --help)\n");
    return EXIT_USAGE;
}

static bool parse_period(const char *s, int32_t *out)
{
    return pmindex_period_parse(s, strlen(s), out) == 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    enum { OPT_DB = 256, OPT_MODEL, OPT_FORMAT, OPT_LANG, OPT_ENCODING, OPT_PERIOD, OPT_ALLOW,
           OPT_BUSY, OPT_MISSING_NA, OPT_HELP, OPT_VERSION };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"model", required_argument, NULL, OPT_MODEL},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"lang", required_argument, NULL, OPT_LANG},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"allow-model-change", no_argument, NULL, OPT_ALLOW},
        {"busy-timeout", required_argument, NULL, OPT_BUSY},
        {"missing-na", no_argument, NULL, OPT_MISSING_NA},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, OPT_HELP},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->format = FORMAT_TABLE;
    o->lang = PMINDEX_LANG_ZH;
    o->busy_ms = -1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_MODEL: o->model = optarg; break;
        case OPT_FORMAT:
            if (!cli_format(program, optarg, &o->format))
                return EXIT_USAGE;
            o->format_given = true;
            break;
        case OPT_LANG:
            if (!cli_lang(program, optarg, &o->lang))
                return EXIT_USAGE;
            break;
        case OPT_ENCODING:
            if (!cli_encoding(program, optarg))
                return EXIT_USAGE;
            o->encoding = optarg;
            break;
        case OPT_PERIOD:
            if (!parse_period(optarg, &o->period))
                return usage_error("--period takes a period such as 2018H2, 2018Q3 or 2018-09, "
                                   "not \"%s\"", optarg);
            o->period_text = optarg;
            break;
        case OPT_ALLOW: o->allow_model_change = true; break;
        case OPT_MISSING_NA: o->merge_flags |= PMINDEX_MERGE_MISSING_NA; break;
        case OPT_BUSY: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 0 || v > 3600000)
                return usage_error("--busy-timeout takes milliseconds (0 to 3600000), not \"%s\"",
                                   optarg);
            o->busy_ms = (int32_t)v;
            break;
        }
        case 'o': o->out = optarg; break;
        case OPT_HELP: usage(stdout); return -1;
        case OPT_VERSION:
            printf("%s %s\n", program, pmindex_version_string());
            return -1;
        default: return cli_bad_option(program, c, argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return usage_error("%s", "a command is needed: init, apply, history, period or export");
    o->command = argv[optind];
    o->args = argv + optind + 1;
    o->nargs = argc - optind - 1;
    if (!o->db)
        return usage_error("%s needs --db FILE", o->command);
    static const struct {
        const char *name;
        int min, max;
        const char *what;
    } commands[] = {
        {"init", 0, 0, "init takes no argument"},
        {"apply", 1, 1 << 20, "apply needs a SHEET"},
        {"history", 1, 1, "history needs one compound ID"},
        {"period", 1, 1, "period needs one period P"},
        {"export", 0, 0, "export takes no argument (--period P for one period)"},
    };
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(o->command, commands[i].name) != 0)
            continue;
        if (o->nargs < commands[i].min || o->nargs > commands[i].max)
            return usage_error("%s", commands[i].what);
        for (int k = 0; o->nargs > 1 && k < o->nargs; k++)
            if (strcmp(o->args[k], "-") == 0)
                return usage_error("%s", "standard input (-) only as the one sheet");
        return 0;
    }
    return usage_error("unknown command \"%s\": init, apply, history, period or export",
                       o->command);
}

/* ---- the ledger ------------------------------------------------------------- */

static pmindex_ledger *open_ledger(const struct options *o, uint32_t flags)
{
    pmindex_ledger *l = NULL;
    pmindex_error *e = NULL;
    int rc = pmindex_error_new(&e);
    if (rc == 0)
        rc = pmindex_ledger_open(o->db, flags, &l, e);
    if (rc != 0) {
        char buf[2048];
        if (e)
            pmindex_error_format(e, buf, sizeof buf);
        else
            snprintf(buf, sizeof buf, "%s: %s", o->db, pmindex_strerror(rc));
        fprintf(stderr, "%s: %s\n", program, buf);
    }
    if (rc == PMINDEX_E_IO && !(flags & PMINDEX_LEDGER_CREATE) && strcmp(o->command, "apply") == 0)
        fprintf(stderr, "%s: make a new ledger first: %s --db %s init\n", program, program, o->db);
    pmindex_error_free(e);
    if (l && o->busy_ms >= 0)
        pmindex_ledger_set_busy_timeout(l, o->busy_ms);
    return l;
}

static void ledger_failed(pmindex_ledger *l)
{
    fprintf(stderr, "%s: %s\n", program, pmindex_error_message(pmindex_ledger_error(l)));
}

static int cmd_init(const struct options *o)
{
    struct stat sb;
    if (stat(o->db, &sb) == 0) {
        fprintf(stderr, "%s: %s exists already; init makes a new ledger\n", program, o->db);
        return EXIT_INPUT;
    }
    pmindex_ledger *l = open_ledger(o, PMINDEX_LEDGER_CREATE);
    pmindex_ledger_free(l);
    return l ? EXIT_OK : EXIT_INPUT;
}

/* ---- printing rows ---------------------------------------------------------- */

static const char *card_label(const char *key, int32_t lang)
{
    bool en = lang == PMINDEX_LANG_EN;
    if (strcmp(key, "red") == 0)
        return en ? "red" : "红牌";
    if (strcmp(key, "black") == 0)
        return en ? "black" : "黑牌";
    return en ? "-" : "—";
}

static const char *tier_label(const pmindex_model *m, const char *key, int32_t lang)
{
    if (strcmp(key, "fallback") == 0)
        return pmindex_model_tier_label(m, PMINDEX_TIER_FALLBACK, lang);
    int32_t t = pmindex_model_find_tier(m, key);
    return t >= 0 ? pmindex_model_tier_label(m, t, lang) : key;
}

struct printer {
    const struct options *o;
    const pmindex_model *model;
    struct output *out;
    char *buf;
    size_t cap;
    bool failed;
};

static void print_record(struct printer *p, const pmindex_ledger_rows *r)
{
    int32_t format = p->o->format == FORMAT_JSONL ? PMINDEX_FORMAT_JSONL : PMINDEX_FORMAT_CSV;
    int64_t n = pmindex_ledger_row_record(r, format, 0, p->buf, p->cap);
    if (n >= 0 && (size_t)n >= p->cap) {
        char *bigger = realloc(p->buf, (size_t)n + 1);
        if (!bigger) {
            p->failed = true;
            return;
        }
        p->buf = bigger;
        p->cap = (size_t)n + 1;
        n = pmindex_ledger_row_record(r, format, 0, p->buf, p->cap);
    }
    if (n < 0) {
        p->failed = true;
        return;
    }
    output_write(p->out, p->buf, (size_t)n);
}

static void print_line(struct printer *p, char *line)
{
    size_t len = strlen(line);
    while (len > 0 && line[len - 1] == ' ')
        len--;
    line[len++] = '\n';
    output_write(p->out, line, len);
}

static void level_text(const pmindex_ledger_rows *r, char *buf, size_t cap)
{
    snprintf(buf, cap, "%lld→%lld", (long long)pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL_BEFORE),
             (long long)pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL));
}

static const char *measure_label(const pmindex_ledger_rows *r, int32_t lang)
{
    return pmindex_ledger_rows_text(r, lang == PMINDEX_LANG_EN ? PMINDEX_ROW_MEASURE_EN
                                                                : PMINDEX_ROW_MEASURE_ZH);
}

/* A period's decisions, grouped by street: the rows come ordered by street.
 * After apply, fragile (the cards of this period that one step of one item
 * changes) marks them for review; NULL otherwise. */
static int print_decisions(struct printer *p, pmindex_ledger *l, int32_t period,
                           struct fragile *fragile)
{
    bool en = p->o->lang == PMINDEX_LANG_EN, table = p->o->format == FORMAT_TABLE;
    pmindex_ledger_rows *r;
    if (pmindex_ledger_rows_new(l, period, NULL, PMINDEX_LEDGER_BY_STREET |
                                PMINDEX_LEDGER_DECISIONS, &r) != 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    char line[4096], street[1024] = "", name[16], text[32];
    pmindex_period_format(period, name, sizeof name);
    if (p->o->format == FORMAT_CSV) {
        int64_t n = pmindex_ledger_row_header(PMINDEX_FORMAT_CSV, 0, line, sizeof line);
        output_write(p->out, line, (size_t)n);
    } else if (table) {
        snprintf(line, sizeof line, en ? "Decisions of period %s" : "%s 期决定", name);
        print_line(p, line);
    }
    int64_t red = 0, black = 0, measures = 0, rows = 0, marked = 0;
    int rc;
    while ((rc = pmindex_ledger_rows_next(r)) == 1) {
        const char *card = pmindex_ledger_rows_text(r, PMINDEX_ROW_CARD_KEY);
        red += strcmp(card, "red") == 0;
        black += strcmp(card, "black") == 0;
        measures += pmindex_ledger_rows_int(r, PMINDEX_ROW_MEASURE) >= 0;
        rows++;
        if (!table) {
            print_record(p, r);
            continue;
        }
        const char *s = pmindex_ledger_rows_text(r, PMINDEX_ROW_STREET);
        if (rows == 1 || strcmp(s, street) != 0) {
            snprintf(street, sizeof street, "%s", s);
            char shown[256];
            snprintf(line, sizeof line, "\n%s",
                     *s ? cli_printable(shown, sizeof shown, s) : (en ? "(no street)" : "（无街道）"));
            print_line(p, line);
        }
        line[0] = '\0';
        cli_pad(line, sizeof line, "", 2);
        cli_pad(line, sizeof line, pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID), 14);
        cli_pad(line, sizeof line, pmindex_ledger_rows_text(r, PMINDEX_ROW_NAME), 18);
        char label[32];
        bool mark = fragile && strcmp(card, "none") != 0 &&
                    fragile_has(fragile, pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID));
        snprintf(label, sizeof label, "%s%s", card_label(card, p->o->lang), mark ? FRAGILE_MARK : "");
        marked += mark;
        cli_pad(line, sizeof line, label, 7); /* room for "black*" */
        level_text(r, text, sizeof text);
        cli_pad(line, sizeof line, text, 6);
        strncat(line, measure_label(r, p->o->lang), sizeof line - strlen(line) - 1);
        print_line(p, line);
    }
    pmindex_ledger_rows_free(r);
    if (rc < 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    if (table) {
        snprintf(line, sizeof line,
                 en ? "\n%s: red cards %lld, black cards %lld, measures %lld"
                    : "\n%s：红牌 %lld，黑牌 %lld，措施 %lld",
                 name, (long long)red, (long long)black, (long long)measures);
        print_line(p, line);
        if (marked) {
            snprintf(line, sizeof line, "%s", fragile_legend(p->o->lang));
            print_line(p, line);
        }
    }
    return EXIT_OK;
}

static int print_history(struct printer *p, pmindex_ledger *l, const char *id)
{
    bool en = p->o->lang == PMINDEX_LANG_EN, table = p->o->format == FORMAT_TABLE;
    pmindex_ledger_rows *r;
    if (pmindex_ledger_rows_new(l, PMINDEX_PERIOD_NONE, id, 0, &r) != 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    char line[4096], num[32];
    if (p->o->format == FORMAT_CSV) {
        int64_t n = pmindex_ledger_row_header(PMINDEX_FORMAT_CSV, 0, line, sizeof line);
        output_write(p->out, line, (size_t)n);
    }
    int rc;
    int64_t rows = 0;
    while ((rc = pmindex_ledger_rows_next(r)) == 1) {
        if (!table) {
            print_record(p, r);
            rows++;
            continue;
        }
        if (rows++ == 0) {
            char shown[2][256];
            snprintf(line, sizeof line, "%s %s", cli_printable(shown[0], sizeof shown[0], id),
                     cli_printable(shown[1], sizeof shown[1],
                                   pmindex_ledger_rows_text(r, PMINDEX_ROW_NAME)));
            print_line(p, line);
            line[0] = '\0';
            cli_pad(line, sizeof line, en ? "Period" : "期间", 9);
            cli_pad(line, sizeof line, en ? " Index" : "  指数", 8);
            cli_pad(line, sizeof line, en ? "Tier" : "等级", 12);
            cli_pad(line, sizeof line, en ? "Card" : "牌", 6);
            cli_pad(line, sizeof line, en ? "Level" : "级别", 6);
            strncat(line, en ? "Measure" : "措施", sizeof line - strlen(line) - 1);
            print_line(p, line);
        }
        line[0] = '\0';
        cli_pad(line, sizeof line, pmindex_ledger_rows_text(r, PMINDEX_ROW_PERIOD_NAME), 9);
        int64_t index = pmindex_ledger_rows_int(r, PMINDEX_ROW_INDEX);
        if (index >= 0)
            pmindex_centi_format(index, num, sizeof num);
        else
            strcpy(num, "-");
        char right[16];
        snprintf(right, sizeof right, "%6s", num);
        cli_pad(line, sizeof line, right, 8);
        cli_pad(line, sizeof line,
                tier_label(p->model, pmindex_ledger_rows_text(r, PMINDEX_ROW_TIER_KEY),
                           p->o->lang), 12);
        cli_pad(line, sizeof line,
                card_label(pmindex_ledger_rows_text(r, PMINDEX_ROW_CARD_KEY), p->o->lang), 6);
        level_text(r, num, sizeof num);
        cli_pad(line, sizeof line, num, 6);
        strncat(line, measure_label(r, p->o->lang), sizeof line - strlen(line) - 1);
        print_line(p, line);
    }
    pmindex_ledger_rows_free(r);
    if (rc < 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    if (rows == 0) {
        fprintf(stderr, "%s: %s: the ledger has no compound %s\n", program, p->o->db, id);
        return EXIT_INPUT;
    }
    if (table) {
        pmindex_ladder_state s;
        if (pmindex_ledger_state(l, id, &s) == 1) {
            int32_t level = s.level;
            snprintf(line, sizeof line, en ? "\nNow at level %d; inspections: %s"
                                           : "\n当前级别 %d；检查频次：%s",
                     (int)level, pmindex_model_inspection(p->model, level, p->o->lang));
            print_line(p, line);
        }
    }
    return EXIT_OK;
}

static int print_export(struct printer *p, pmindex_ledger *l)
{
    pmindex_ledger_rows *r;
    if (pmindex_ledger_rows_new(l, p->o->period, NULL, 0, &r) != 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    if (p->o->format == FORMAT_CSV) {
        char line[256];
        int64_t n = pmindex_ledger_row_header(PMINDEX_FORMAT_CSV, 0, line, sizeof line);
        output_write(p->out, line, (size_t)n);
    }
    int rc;
    while ((rc = pmindex_ledger_rows_next(r)) == 1)
        print_record(p, r);
    pmindex_ledger_rows_free(r);
    if (rc < 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* ---- apply ------------------------------------------------------------------ */

/* Each compound of the period's sheet(s) goes into the open period. Once an
 * error is counted nothing more is added: the period will be rolled back. */
struct feed {
    pmindex_ledger *ledger;
    const char *sheet; /* the one sheet, or NULL when several were merged */
    struct cli_errors *errors;
    struct fragile *fragile; /* the decision table marks fragile cards; NULL */
};

static int feed(const pmindex_compound *c, void *ctx)
{
    struct feed *f = ctx;
    if (f->fragile && fragile_note(f->fragile, c) < 0) {
        fprintf(stderr, "%s: out of memory\n", program);
        f->errors->count++;
        return -1;
    }
    if (pmindex_ledger_add(f->ledger, c) == 0)
        return 0;
    const char *message = pmindex_error_message(pmindex_ledger_error(f->ledger));
    if (f->errors->count++ < CLI_MAX_ERRORS) {
        char id[256];
        if (f->sheet)
            fprintf(stderr, "%s: %s:%lld: %s\n", program, cli_sheet_name(f->sheet),
                    (long long)pmindex_compound_line(c), message);
        else /* a merged compound has no one file and line */
            fprintf(stderr, "%s: compound %s: %s\n", program,
                    cli_printable(id, sizeof id, pmindex_compound_field(c, PMINDEX_FIELD_ID)),
                    message);
    }
    return -1;
}

static int cmd_apply(const struct options *o, const pmindex_model *model, struct printer *p,
                     struct cli_errors *errors)
{
    if (!o->period_text) {
        fprintf(stderr, "%s: apply needs --period P, the period the sheet is for (such as "
                        "2018H2)\n", program);
        return EXIT_USAGE;
    }
    pmindex_ledger *l = open_ledger(o, 0);
    if (!l)
        return EXIT_INPUT;
    if (pmindex_ledger_begin(l, model, o->period,
                             o->allow_model_change ? PMINDEX_LEDGER_ALLOW_MODEL_CHANGE : 0) != 0) {
        const pmindex_error *e = pmindex_ledger_error(l);
        fprintf(stderr, "%s: %s\n", program, pmindex_error_message(e));
        if (strstr(pmindex_error_message(e), "model differs"))
            fprintf(stderr, "%s: to apply period %s with this model, add --allow-model-change\n",
                    program, o->period_text);
        pmindex_ledger_free(l);
        return EXIT_INPUT;
    }
    struct fragile fragile;
    bool marks = o->format == FORMAT_TABLE && fragile_init(&fragile, model) == 0;
    struct feed f = {l, o->nargs == 1 ? o->args[0] : NULL, errors, marks ? &fragile : NULL};
    cli_read_sheets(model, (const char *const *)o->args, o->nargs, o->encoding, o->merge_flags,
                    feed, &f, errors);
    cli_report_end(errors);
    if (errors->count > 0) {
        pmindex_ledger_rollback(l);
        fprintf(stderr, "%s: %lld error%s; period %s was not applied and the ledger is "
                        "unchanged\n", program, (long long)errors->count,
                errors->count == 1 ? "" : "s", o->period_text);
        pmindex_ledger_free(l);
        if (marks)
            fragile_free(&fragile);
        return EXIT_INPUT;
    }
    if (pmindex_ledger_commit(l) != 0) {
        ledger_failed(l);
        pmindex_ledger_free(l);
        if (marks)
            fragile_free(&fragile);
        return EXIT_INPUT;
    }
    int rc = print_decisions(p, l, o->period, marks ? &fragile : NULL);
    pmindex_ledger_free(l);
    if (marks)
        fragile_free(&fragile);
    return rc;
}

/* ---- main ------------------------------------------------------------------- */

static int run(struct options *o, pmindex_model *model, struct cli_errors *errors)
{
    if (strcmp(o->command, "init") == 0)
        return cmd_init(o);
    if (strcmp(o->command, "export") == 0) {
        if (o->format == FORMAT_TABLE && o->format_given) {
            fprintf(stderr, "%s: export writes csv or jsonl (see --help)\n", program);
            return EXIT_USAGE;
        }
        if (o->format == FORMAT_TABLE)
            o->format = FORMAT_CSV;
    }
    int32_t period = 0;
    if (strcmp(o->command, "period") == 0 && !parse_period(o->args[0], &period))
        return usage_error("period takes a period such as 2018H2, 2018Q3 or 2018-09, not \"%s\"",
                           o->args[0]);
    struct output out;
    if (output_open(&out, o->out, program) != 0)
        return EXIT_INPUT;
    struct printer p = {o, model, &out, malloc(4096), 4096, false};
    int rc;
    if (!p.buf) {
        fprintf(stderr, "%s: out of memory\n", program);
        rc = EXIT_INPUT;
    } else if (strcmp(o->command, "apply") == 0) {
        rc = cmd_apply(o, model, &p, errors);
    } else {
        pmindex_ledger *l = open_ledger(o, PMINDEX_LEDGER_READONLY);
        if (!l)
            rc = EXIT_INPUT;
        else if (strcmp(o->command, "history") == 0)
            rc = print_history(&p, l, o->args[0]);
        else if (strcmp(o->command, "period") == 0)
            rc = print_decisions(&p, l, period, NULL);
        else
            rc = print_export(&p, l);
        pmindex_ledger_free(l);
    }
    if (rc == EXIT_OK && p.failed) {
        fprintf(stderr, "%s: out of memory\n", program);
        rc = EXIT_INPUT;
    }
    free(p.buf);
    if (rc != EXIT_OK) {
        output_abort(&out);
        return rc;
    }
    return output_commit(&out, program) == 0 ? EXIT_OK : EXIT_INPUT;
}

int main(int argc, char **argv)
{
    struct options o;
    int rc = parse_args(argc, argv, &o);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    struct cli_errors errors = {program, 0};
    pmindex_model *model = cli_load_model(o.model, &errors);
    if (!model)
        return EXIT_INPUT;
    rc = run(&o, model, &errors);
    pmindex_model_free(model);
    return rc;
}
