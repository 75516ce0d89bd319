/* pmindex-model: checks, shows, writes and compares scoring models in INI
 * files (schema: models/README.md). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmindex/pmindex.h>

#include "common/options.h"
#include "model-impact.h"

const char *const program = "pmindex-model";

enum command { CMD_CHECK, CMD_SHOW, CMD_DUMP, CMD_DIFF, CMD_IMPACT };

/* Movers the impact table lists by default, each way. */
enum { DEFAULT_MOVERS = 10 };

struct options {
    struct cli_common cli; /* --model, --lang, -o; for impact --format, --encoding, --missing-na */
    enum command command;
    const char *files[2];
    int nfiles;
    bool movers_given;
    struct impact_options impact;
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: %s COMMAND [OPTION]... [FILE]...\n"
            "Check, show, write and compare scoring models (INI files).\n"
            "\n"
            "Commands:\n"
            "  check FILE            check FILE: a summary of the model, or every problem found\n"
            "  show [FILE]           the model as a table: indicators, items, types,\n"
            "                        parameters and weights, vetoes, tiers, rules, ladder\n"
            "  dump [FILE]           the model as INI in canonical form\n"
            "  diff A B              what changed from model A to model B\n"
            "  impact OLD NEW SHEET...\n"
            "                        what adopting model NEW instead of OLD changes, compound\n"
            "                        by compound, on the score sheets written for OLD (several\n"
            "                        are merged by compound_id, as pmindex-rank merges them)\n"
            "  impact OLD NEW --db LEDGER --period P\n"
            "                        the same on what a ledger keeps of period P, and\n"
            "                        what the sanction ladder would have decided had NEW\n"
            "                        been used from P on; the ledger is only read\n"
            "\n"
            "show and dump without FILE use the embedded Luohu 2018 model; diff and impact\n"
            "take \"default\" for it (./default for a file of that name), and impact with\n"
            "--db takes \"ledger\" for the model period P was applied with (./ledger for a\n"
            "file). With --db, OLD must score as that model.\n"
            "\n"
            "Options:\n"
            "  --model FILE          the model (instead of FILE)\n"
            "  --lang LANG           zh (default) or en\n"
            "  -o, --output FILE     write to FILE (whole or not at all) instead of stdout\n"
            "  --help                show this help and exit\n"
            "  --version             show the version and exit\n"
            "\n"
            "Options of impact:\n"
            "  --format FORMAT       table (default); csv: the compounds whose tier or card\n"
            "                        changes (with --db: each compound and period whose\n"
            "                        card, level or measure would differ); jsonl: the\n"
            "                        whole report, one record a line\n"
            "  --movers N            the biggest risers and fallers the table lists (default %d)\n"
            "  --encoding ENCODING   utf-8 (default) or gb18030 (also gbk), for every sheet\n"
            "  --missing-na          merging: an item that no sheet gives is not applicable\n"
            "  --db LEDGER           instead of sheets: a ledger of pmindex-ledger, only read\n"
            "  --period P            its period to compare on (2019H2, 2019Q3, 2019-09)\n"
            "\n"
            "Exit status: 0 all is well (for diff: whether or not the models differ),\n"
            "1 input errors (each reported), 2 usage errors.\n",
            program, DEFAULT_MOVERS);
}

static bool parse_movers(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 0 || v > 1000000) {
        fprintf(stderr, "%s: --movers takes a number from 0 to 1000000, not \"%s\"\n", program,
                s);
        return false;
    }
    *out = v;
    return true;
}

/* diff and impact: "default" is the embedded model. */
static const char *model_file(const char *arg)
{
    return strcmp(arg, "default") == 0 ? NULL : arg;
}

/* impact --db: the options that go with it, and those that go with sheets. */
static int ledger_args(int argc, int first, struct options *o, const char *sheet_option)
{
    struct impact_options *im = &o->impact;
    if (im->db && !im->period_name)
        return cli_usage_error(program,
                               "impact --db %s needs --period P, the ledger's period to compare "
                               "on",
                               im->db);
    if (im->period_name && !im->db)
        return cli_usage_error(program,
                               "impact --period %s needs --db LEDGER, the ledger that holds it",
                               im->period_name);
    if (im->db && argc - first > 2)
        return cli_usage_error(program,
                               "impact --db %s compares the models on the ledger's period, "
                               "not on score sheets: impact OLD NEW --db LEDGER --period P",
                               im->db);
    if (im->db && sheet_option)
        return cli_usage_error(program, "%s is for score sheets: impact --db reads none",
                               sheet_option);
    return 0;
}

/* The positional arguments of impact: OLD NEW SHEET..., or OLD NEW with --db. */
static int impact_args(int argc, char **argv, int first, struct options *o,
                       const char *sheet_option)
{
    struct impact_options *im = &o->impact;
    im->format = o->cli.format;
    im->encoding = o->cli.encoding;
    im->merge_flags = o->cli.merge_flags;
    int rc = ledger_args(argc, first, o, sheet_option);
    if (rc != 0)
        return rc;
    if (argc - first < (im->db ? 2 : 3)) {
        fprintf(stderr, "%s: impact compares two models on score sheets: impact OLD NEW SHEET...\n",
                program);
        return EXIT_USAGE;
    }
    int stdin_count = 0;
    for (int k = first; k < argc; k++)
        stdin_count += strcmp(argv[k], "-") == 0;
    if (stdin_count > 1 || (stdin_count == 1 && argc - first > 3)) {
        fprintf(stderr, "%s: standard input (-) only as the one sheet or one model; see --help\n",
                program);
        return EXIT_USAGE;
    }
    for (int w = 0; w < 2; w++) {
        im->names[w] = argv[first + w];
        im->models[w] = model_file(argv[first + w]);
        im->stored[w] = im->db && strcmp(argv[first + w], "ledger") == 0;
    }
    im->sheets = (const char *const *)argv + first + 2;
    im->nsheets = argc - first - 2;
    im->lang = o->cli.lang;
    im->out = o->cli.out;
    return 0;
}

enum { OPT_MOVERS = CLI_OWN_FIRST, OPT_DB, OPT_PERIOD };

static const struct option own_options[] = {
    {"movers", required_argument, NULL, OPT_MOVERS},
    {"db", required_argument, NULL, OPT_DB},
    {"period", required_argument, NULL, OPT_PERIOD},
    {NULL, 0, NULL, 0},
};

static int own_option(void *opts, int id, const char *value)
{
    struct options *o = opts;
    switch (id) {
    case OPT_MOVERS:
        o->movers_given = true;
        return parse_movers(value, &o->impact.movers) ? 0 : EXIT_USAGE;
    case OPT_DB: o->impact.db = value; return 0;
    default: /* OPT_PERIOD */
        o->impact.period_name = value;
        if (pmindex_period_parse(value, strlen(value), &o->impact.period) != 0)
            return cli_usage_error(program,
                                   "--period takes a period such as 2019H2, 2019Q3 or "
                                   "2019-09, not \"%s\"",
                                   value);
        return 0;
    }
}

/* An option of impact given (the last in this order), or NULL. */
static const char *impact_option(const struct options *o)
{
    const char *given = NULL;
    if (o->cli.format_given)
        given = "--format";
    if (o->movers_given)
        given = "--movers";
    if (o->cli.encoding)
        given = "--encoding";
    if (o->cli.merge_flags)
        given = "--missing-na";
    if (o->impact.db)
        given = "--db";
    if (o->impact.period_name)
        given = "--period";
    return given;
}

static int operands(void *opts, int argc, char **argv, int first)
{
    struct options *o = opts;
    if (first >= argc) {
        fprintf(stderr, "%s: no command: check, show, dump, diff or impact (see --help)\n",
                program);
        return EXIT_USAGE;
    }
    static const char *const names[] = {"check", "show", "dump", "diff", "impact"};
    const char *cmd = argv[first++];
    int found = -1;
    for (int i = 0; i < 5; i++)
        if (strcmp(cmd, names[i]) == 0)
            found = i;
    if (found < 0) {
        fprintf(stderr,
                "%s: unknown command \"%s\": check, show, dump, diff or impact (see --help)\n",
                program, cmd);
        return EXIT_USAGE;
    }
    o->command = (enum command)found;
    if (o->command != CMD_IMPACT && impact_option(o)) {
        fprintf(stderr, "%s: %s is an option of impact, not of %s\n", program, impact_option(o),
                cmd);
        return EXIT_USAGE;
    }
    if (o->command == CMD_IMPACT) {
        if (o->cli.model) {
            fprintf(stderr, "%s: impact takes its models as OLD and NEW, not --model\n", program);
            return EXIT_USAGE;
        }
        return impact_args(argc, argv, first, o,
                           o->cli.merge_flags ? "--missing-na"
                           : o->cli.encoding  ? "--encoding"
                                              : NULL);
    }
    int want_min = o->command == CMD_DIFF ? 2 : o->command == CMD_CHECK ? 1 : 0;
    int want_max = o->command == CMD_DIFF ? 2 : 1;
    if (o->cli.model && o->command != CMD_DIFF)
        o->files[o->nfiles++] = o->cli.model;
    while (first < argc && o->nfiles < 2)
        o->files[o->nfiles++] = argv[first++];
    if (first < argc || o->nfiles > want_max || o->nfiles < want_min) {
        fprintf(stderr,
                o->command == CMD_DIFF    ? "%s: diff compares two models: diff A B\n"
                : o->command == CMD_CHECK ? "%s: check takes one model file: check FILE\n"
                                          : "%s: %s takes at most one model file\n",
                program, cmd);
        return EXIT_USAGE;
    }
    return 0;
}

/* ---- shared ------------------------------------------------------------- */

static const char *centi(int64_t v, char *buf)
{
    pmindex_centi_format(v, buf, 32);
    return buf;
}

static const char *units(int64_t v, char *buf)
{
    pmindex_decimal_format(v, buf, 40);
    return buf;
}

/* Points without needless decimals: 15, 2.5. */
static const char *points(int64_t centipoints, char *buf)
{
    return units(centipoints * (PMINDEX_VALUE_SCALE / 100), buf);
}

/* A share: exact percentage when there is one (60%, 12.5%), else the
 * fraction and its rounded percentage (2/3 = 66.67%). */
static const char *share(int64_t num, int64_t den, char *buf)
{
    int64_t a = num, b = den;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    int64_t p = a ? num / a : 0, q = a ? den / a : 1;
    if (q > 0 && PMINDEX_VALUE_SCALE % q == 0) {
        units(p * (PMINDEX_VALUE_SCALE / q) * 100, buf);
        strcat(buf, "%");
        return buf;
    }
    char pct[32];
    /* q <= 10^12 and p <= q: 10000 * p fits. */
    int64_t h = (p * 10000 * 2 + q) / (2 * q);
    snprintf(buf, 64, "%lld/%lld (%s%%)", (long long)p, (long long)q, centi(h, pct));
    return buf;
}

static const char *type_name(int32_t type, int32_t lang)
{
    static const char *const en[] = {"", "graded", "pass/fail", "deduct", "rate"};
    static const char *const zh[] = {"", "评级", "是否", "扣分", "比率"};
    return type >= 1 && type <= 4 ? (lang == PMINDEX_LANG_EN ? en : zh)[type] : "";
}

static const char *period_name(int32_t kind, int32_t lang)
{
    static const char *const en[] = {"", "half-years", "quarters", "months"};
    static const char *const zh[] = {"", "半年度", "季度", "月度"};
    return kind >= 1 && kind <= 3 ? (lang == PMINDEX_LANG_EN ? en : zh)[kind] : "";
}

static int64_t total_points(const pmindex_model *m)
{
    int64_t t = 0;
    for (int32_t k = 0; k < pmindex_model_indicator_count(m); k++)
        t += pmindex_model_indicator_points(m, k);
    return t;
}

/* ---- check: a one-screen summary ---------------------------------------- */

static void summary(const pmindex_model *m, const char *file, int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    const char *sep = en ? ", " : "，";
    char a[64], b[64];
    output_printf(out, en ? "%s: a valid model\n  %s\n" : "%s：模型有效\n  %s\n", file,
         pmindex_model_name(m, lang));

    int32_t nk = pmindex_model_indicator_count(m);
    if (en)
        output_printf(out, "  %d indicator%s, %s points:", (int)nk, nk == 1 ? "" : "s",
             points(total_points(m), a));
    else
        output_printf(out, "  %d 个指标，共 %s 分：", (int)nk, points(total_points(m), a));
    for (int32_t k = 0; k < nk; k++)
        output_printf(out, "%s%s %s", k ? sep : (en ? " " : ""), pmindex_model_indicator_id(m, k),
             points(pmindex_model_indicator_points(m, k), a));

    int32_t types[5] = {0};
    for (int32_t i = 0; i < pmindex_model_item_count(m); i++)
        types[pmindex_model_item_type(m, i)]++;
    int32_t ni = pmindex_model_item_count(m);
    if (en)
        output_printf(out, "\n  %d item%s:", (int)ni, ni == 1 ? "" : "s");
    else
        output_printf(out, "\n  %d 个项目：", (int)ni);
    for (int t = 1, first = 1; t <= 4; t++)
        if (types[t]) {
            if (en)
                output_printf(out, "%s%d %s", first ? " " : sep, (int)types[t], type_name(t, lang));
            else
                output_printf(out, "%s%s %d", first ? "" : sep, type_name(t, lang), (int)types[t]);
            first = 0;
        }

    int32_t nv = pmindex_model_veto_count(m), legal = 0;
    for (int32_t v = 0; v < nv; v++)
        legal += pmindex_model_veto_legal(m, v);
    if (en)
        output_printf(out, "\n  %d veto%s (%d legal violation%s)", (int)nv, nv == 1 ? "" : "es", (int)legal,
             legal == 1 ? "" : "s");
    else
        output_printf(out, "\n  %d 个否决事项（%d 个属违法）", (int)nv, (int)legal);
    for (int32_t v = 0; v < nv; v++)
        output_printf(out, "%s%s", v ? " " : (en ? ": " : "："), pmindex_model_veto_id(m, v));

    int32_t nt = pmindex_model_tier_count(m);
    if (en)
        output_printf(out, "\n  %d tier%s:", (int)nt, nt == 1 ? "" : "s");
    else
        output_printf(out, "\n  %d 个等级：", (int)nt);
    for (int32_t t = 0; t < nt; t++) {
        output_printf(out, "%s%s", t ? sep : (en ? " " : ""), pmindex_model_tier_label(m, t, lang));
        if (t < nt - 1)
            output_printf(out, " >= %s", points(pmindex_model_tier_threshold(m, t), a));
    }

    int32_t black = pmindex_model_black_tier(m), red = pmindex_model_red_tier(m);
    output_puts(out, en ? "\n  black card:" : "\n  黑牌：");
    int parts = 0;
    if (black >= 0)
        output_printf(out, en ? "%stier %s or below" : "%s%s及以下", parts++ ? sep : (en ? " " : ""),
             pmindex_model_tier_label(m, black, lang));
    if (pmindex_model_black_on_veto(m))
        output_printf(out, en ? "%sany veto" : "%s任一否决", parts++ ? sep : (en ? " " : ""));
    for (int32_t s = 0; s < pmindex_model_black_share_count(m); s++) {
        int32_t k;
        int64_t num, den;
        pmindex_model_rule(m, PMINDEX_RULE_BLACK_SHARE, s, &k, &num, &den);
        output_printf(out, en ? "%s%s share below %s" : "%s指标 %s 得分率低于 %s",
             parts++ ? sep : (en ? " " : ""), pmindex_model_indicator_id(m, k), share(num, den, b));
    }
    if (!parts)
        output_puts(out, en ? " never" : "无");
    if (red >= 0)
        output_printf(out, en ? "; red card: tier %s" : "；红牌：%s",
             pmindex_model_tier_label(m, red, lang));
    else
        output_puts(out, en ? "; no red card" : "；无红牌");
    output_printf(out,
         en ? "\n  ladder: %s, up to level %d, %d clean periods to step down\n"
            : "\n  奖惩阶梯：%s，最高 %d 级，连续 %d 期无黑牌降一级\n",
         period_name(pmindex_model_period_kind(m), lang), (int)pmindex_model_ladder_max_level(m),
         (int)pmindex_model_ladder_clean_periods(m));
}

/* ---- show: the model as tables ------------------------------------------ */

static void item_parameters(const pmindex_model *m, int32_t i, int32_t lang, char *buf, size_t cap)
{
    bool en = lang == PMINDEX_LANG_EN;
    char a[64], b[64];
    buf[0] = '\0';
    switch (pmindex_model_item_type(m, i)) {
    case PMINDEX_ITEM_GRADED:
        for (int32_t j = 0; j < pmindex_model_item_level_count(m, i); j++) {
            size_t n = strlen(buf);
            snprintf(buf + n, cap - n, "%s%s %s", j ? " / " : "",
                     units(pmindex_model_item_level_value(m, i, j), a),
                     pmindex_model_item_level_label(m, i, j, lang));
        }
        break;
    case PMINDEX_ITEM_PASSFAIL: snprintf(buf, cap, en ? "1 yes / 0 no" : "1 是 / 0 否"); break;
    case PMINDEX_ITEM_DEDUCT:
        snprintf(buf, cap, en ? "-%s per finding" : "每处扣 %s 分",
                 points(pmindex_model_item_penalty(m, i), a));
        break;
    case PMINDEX_ITEM_RATE: {
        int64_t zero, full;
        pmindex_model_item_goalposts(m, i, &zero, &full);
        snprintf(buf, cap, en ? "0 points at %s, full at %s" : "%s 得 0 分，%s 得满分",
                 units(zero, a), units(full, b));
        break;
    }
    default: break;
    }
    for (int32_t v = 0; v < pmindex_model_veto_count(m); v++)
        if (pmindex_model_veto_item(m, v) == i) {
            size_t n = strlen(buf);
            snprintf(buf + n, cap - n, en ? "%sveto %s" : "%s否决 %s", n ? (en ? "; " : "；") : "",
                     pmindex_model_veto_id(m, v));
        }
}

static void show(const pmindex_model *m, int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    char line[4096], a[64], b[64], params[1024];
    int64_t total = total_points(m);
    output_printf(out, "%s\n\n", pmindex_model_name(m, lang));

    line[0] = '\0';
    cli_pad(line, sizeof line, en ? "ID" : "编号", 8);
    cli_pad(line, sizeof line, en ? "Name" : "名称", 44);
    cli_pad(line, sizeof line, en ? "Type" : "类型", 10);
    cli_pad_left(line, sizeof line, en ? "Points" : "分值", 7);
    cli_pad_left(line, sizeof line, en ? "Weight" : "权重", 8);
    strncat(line, en ? "  Parameters" : "  参数", sizeof line - strlen(line) - 1);
    output_line(out, line);
    for (int32_t k = 0; k < pmindex_model_indicator_count(m); k++) {
        int64_t p = pmindex_model_indicator_points(m, k);
        line[0] = '\0';
        cli_pad(line, sizeof line, pmindex_model_indicator_id(m, k), 8);
        cli_pad(line, sizeof line, pmindex_model_indicator_name(m, k, lang), 44);
        cli_pad(line, sizeof line, "", 10);
        cli_pad_left(line, sizeof line, centi(p, a), 7);
        centi((p * 10000 * 2 + total) / (2 * total), b);
        strcat(b, "%");
        cli_pad_left(line, sizeof line, b, 8);
        output_line(out, line);
        for (int32_t i = 0; i < pmindex_model_item_count(m); i++) {
            if (pmindex_model_item_indicator(m, i) != k)
                continue;
            int64_t max = pmindex_model_item_max(m, i);
            char id[48];
            snprintf(id, sizeof id, "  %s", pmindex_model_item_id(m, i));
            line[0] = '\0';
            cli_pad(line, sizeof line, id, 8);
            cli_pad(line, sizeof line, pmindex_model_item_name(m, i, lang), 44);
            cli_pad(line, sizeof line, type_name(pmindex_model_item_type(m, i), lang), 10);
            cli_pad_left(line, sizeof line, centi(max, a), 7);
            centi((max * 10000 * 2 + total) / (2 * total), b);
            strcat(b, "%");
            cli_pad_left(line, sizeof line, b, 8);
            item_parameters(m, i, lang, params, sizeof params);
            strncat(line, "  ", sizeof line - strlen(line) - 1);
            strncat(line, params, sizeof line - strlen(line) - 1);
            output_line(out, line);
        }
    }
    line[0] = '\0';
    cli_pad(line, sizeof line, en ? "Total" : "合计", 62);
    cli_pad_left(line, sizeof line, centi(total, a), 7);
    cli_pad_left(line, sizeof line, "100.00%", 8);
    output_line(out, line);

    if (pmindex_model_veto_count(m) > 0) {
        output_puts(out, en ? "\nVetoes\n" : "\n否决事项\n");
        for (int32_t v = 0; v < pmindex_model_veto_count(m); v++) {
            int32_t item = pmindex_model_veto_item(m, v);
            line[0] = '\0';
            cli_pad(line, sizeof line, pmindex_model_veto_id(m, v), 8);
            strncat(line, pmindex_model_veto_description(m, v, lang),
                    sizeof line - strlen(line) - 1);
            size_t n = strlen(line);
            if (item >= 0)
                snprintf(line + n, sizeof line - n, en ? " (item %s)" : "（项目 %s）",
                         pmindex_model_item_id(m, item));
            if (pmindex_model_veto_legal(m, v)) {
                n = strlen(line);
                snprintf(line + n, sizeof line - n, "%s",
                         en ? "; legal violation: sanction level " : "；违法：直接升至奖惩第 ");
                n = strlen(line);
                snprintf(line + n, sizeof line - n, en ? "%d" : "%d 级",
                         (int)pmindex_model_ladder_legal_level(m));
            }
            output_line(out, line);
        }
    }

    output_puts(out, en ? "\nTiers\n" : "\n等级\n");
    for (int32_t t = 0; t < pmindex_model_tier_count(m); t++) {
        line[0] = '\0';
        cli_pad(line, sizeof line, pmindex_model_tier_key(m, t), 14);
        cli_pad(line, sizeof line, pmindex_model_tier_label(m, t, lang), 14);
        snprintf(a, sizeof a, en ? "index >= %s" : "指数 >= %s",
                 centi(pmindex_model_tier_threshold(m, t), b));
        strncat(line, a, sizeof line - strlen(line) - 1);
        output_line(out, line);
    }

    int64_t num, den;
    output_puts(out, en ? "\nRules\n" : "\n规则\n");
    pmindex_model_rule(m, PMINDEX_RULE_COVERAGE_FLOOR, 0, NULL, &num, &den);
    output_printf(out,
         en ? "  coverage below %s: fallback management (no tier, no card)\n"
            : "  覆盖率低于 %s：兜底管理（不定等级，不挂牌）\n",
         share(num, den, a));
    pmindex_model_rule(m, PMINDEX_RULE_DOWNGRADE_SHARE, 0, NULL, &num, &den);
    output_printf(out,
         en ? "  any indicator share below %s: the tier drops one step\n"
            : "  任一指标得分率低于 %s：等级降一档\n",
         share(num, den, a));
    output_puts(out, en ? "  any veto: the last tier\n" : "  任一否决：直接定为最低等级\n");
    int32_t black = pmindex_model_black_tier(m), red = pmindex_model_red_tier(m);
    if (black >= 0)
        output_printf(out, en ? "  black card: tier %s or below\n" : "  黑牌：%s及以下\n",
             pmindex_model_tier_label(m, black, lang));
    if (pmindex_model_black_on_veto(m))
        output_puts(out, en ? "  black card: any veto\n" : "  黑牌：任一否决\n");
    for (int32_t s = 0; s < pmindex_model_black_share_count(m); s++) {
        int32_t k;
        pmindex_model_rule(m, PMINDEX_RULE_BLACK_SHARE, s, &k, &num, &den);
        output_printf(out,
             en ? "  black card: indicator %s share below %s\n" : "  黑牌：指标 %s 得分率低于 %s\n",
             pmindex_model_indicator_id(m, k), share(num, den, a));
    }
    if (red >= 0)
        output_printf(out,
             en ? "  red card: tier %s, no veto, no black card, no sanction in force\n"
                : "  红牌：%s，无否决，无黑牌，无在执行的处罚\n",
             pmindex_model_tier_label(m, red, lang));
    int64_t honour, watch;
    int32_t no_black, on_black;
    pmindex_model_company_rules(m, &honour, &no_black, &watch, &on_black);
    output_printf(out,
         en ? "  companies: honour list at a mean index >= %s%s; watch list below %s%s\n"
            : "  物业企业：平均指数 >= %s%s 列入光荣榜；低于 %s%s 列入重点关注名单\n",
         centi(honour, a), no_black ? (en ? " and no black card" : " 且无黑牌") : "",
         centi(watch, b), on_black ? (en ? " or with a black card" : " 或有黑牌") : "");

    output_printf(out,
         en ? "\nSanction ladder (%s; %d clean periods step down one level)\n"
            : "\n奖惩阶梯（%s；连续 %d 期无黑牌降一级）\n",
         period_name(pmindex_model_period_kind(m), lang),
         (int)pmindex_model_ladder_clean_periods(m));
    for (int32_t l = 0; l <= pmindex_model_ladder_max_level(m); l++) {
        snprintf(line, sizeof line, "  %d  %s: %s\n     %s%s\n", (int)l,
                 pmindex_model_measure_key(m, l), pmindex_model_measure_label(m, l, lang),
                 en ? "inspections: " : "检查频次：", pmindex_model_inspection(m, l, lang));
        output_puts(out, line);
    }
}

/* ---- dump: the canonical text; diff: what changed ------------------------ */

static char *canonical(const pmindex_model *m, const char *file)
{
    int64_t n = pmindex_model_write_ini(m, NULL, 0);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (n < 0 || !buf) {
        fprintf(stderr, "%s: %s: cannot write the model as INI: %s\n", program,
                file ? file : "default model", pmindex_strerror(n < 0 ? (int)n : PMINDEX_E_NOMEM));
        free(buf);
        return NULL;
    }
    pmindex_model_write_ini(m, buf, (size_t)n + 1);
    return buf;
}

pmindex_model_diff *model_diff(const pmindex_model *a, const pmindex_model *b)
{
    pmindex_model_diff *diff = NULL;
    pmindex_error *error = NULL;
    int rc = pmindex_error_new(&error);
    if (rc == PMINDEX_OK)
        rc = pmindex_model_diff_new(a, b, &diff, error);
    if (rc != PMINDEX_OK)
        fprintf(stderr, "%s: %s\n", program,
                error ? pmindex_error_message(error) : pmindex_strerror(rc));
    pmindex_error_free(error);
    return diff;
}

void model_diff_line(const pmindex_model_diff *diff, int64_t n, int32_t lang,
                     struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    static const char *const kinds[] = {"indicator", "item", "veto", "tier"};
    static const char *const zh[] = {"指标", "项目", "否决事项", "等级"};
    const char *none = en ? "(none)" : "（无）";
    const char *section = pmindex_model_diff_section(diff, n);
    const char *a = pmindex_model_diff_value(diff, n, PMINDEX_OLD);
    const char *b = pmindex_model_diff_value(diff, n, PMINDEX_NEW);
    switch (pmindex_model_diff_change(diff, n)) {
    case PMINDEX_DIFF_REMOVED:
    case PMINDEX_DIFF_ADDED:
        output_printf(out, "%c [%s] %s\n",
                      pmindex_model_diff_change(diff, n) == PMINDEX_DIFF_ADDED ? '+' : '-',
                      section, pmindex_model_diff_title(diff, n, lang));
        break;
    case PMINDEX_DIFF_CHANGED:
        output_printf(out, "~ [%s] %s: %s -> %s\n", section, pmindex_model_diff_key(diff, n),
                      a ? a : none, b ? b : none);
        break;
    default:
        for (int k = 0; k < 4; k++)
            if (strcmp(section, kinds[k]) == 0)
                output_printf(out, en ? "~ the order of the %ss changed\n" : "~ %s的顺序有变化\n",
                              en ? kinds[k] : zh[k]);
    }
}

void model_diff_write(const pmindex_model_diff *diff, const char *fa, const char *fb,
                      int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    int64_t changes = pmindex_model_diff_count(diff);
    output_printf(out, "--- %s\n+++ %s\n", fa, fb);
    for (int64_t n = 0; n < changes; n++)
        model_diff_line(diff, n, lang, out);
    if (changes == 0)
        output_puts(out, en ? "no differences: the models are identical\n"
                            : "没有差异：两个模型相同\n");
    else
        output_printf(out, en ? "%lld difference%s\n" : "共 %lld 处差异\n", (long long)changes,
                      changes == 1 ? "" : "s");
}

/* ---- main --------------------------------------------------------------- */

static int run(void *opts, struct cli_errors *errors)
{
    const struct options *o = opts;
    if (o->command == CMD_IMPACT)
        return impact_run(&o->impact, errors);
    pmindex_model *m[2] = {NULL, NULL};
    int nm = o->command == CMD_DIFF ? 2 : 1;
    for (int i = 0; i < nm; i++) {
        const char *file = o->nfiles > i ? o->files[i] : NULL;
        m[i] = cli_load_model(file && o->command == CMD_DIFF ? model_file(file) : file, errors);
    }
    if (!m[0] || (nm == 2 && !m[1])) {
        cli_report_end(errors);
        pmindex_model_free(m[0]);
        pmindex_model_free(m[1]);
        return EXIT_INPUT;
    }
    struct output out;
    if (output_open(&out, o->cli.out, program) != 0) {
        pmindex_model_free(m[0]);
        pmindex_model_free(m[1]);
        return EXIT_INPUT;
    }
    bool ok = true;
    switch (o->command) {
    case CMD_CHECK: summary(m[0], o->files[0], o->cli.lang, &out); break;
    case CMD_SHOW: show(m[0], o->cli.lang, &out); break;
    case CMD_DUMP: {
        char *text = canonical(m[0], o->nfiles ? o->files[0] : NULL);
        if (text)
            output_puts(&out, text);
        ok = text != NULL;
        free(text);
        break;
    }
    case CMD_DIFF: {
        pmindex_model_diff *diff = model_diff(m[0], m[1]);
        if (diff)
            model_diff_write(diff, o->files[0], o->files[1], o->cli.lang, &out);
        ok = diff != NULL;
        pmindex_model_diff_free(diff);
        break;
    }
    case CMD_IMPACT: break; /* impact_run() above */
    }
    pmindex_model_free(m[0]);
    pmindex_model_free(m[1]);
    if (!ok) {
        output_abort(&out);
        return EXIT_INPUT;
    }
    return output_commit(&out, program) == 0 ? EXIT_OK : EXIT_INPUT;
}

int main(int argc, char **argv)
{
    static const struct cli_program spec = {
        program, CLI_MODEL | CLI_FORMAT | CLI_LANG | CLI_ENCODING | CLI_MISSING_NA | CLI_OUTPUT,
        own_options, usage, own_option, operands, run,
    };
    struct options o = {.impact.movers = DEFAULT_MOVERS};
    return cli_main(&spec, argc, argv, &o.cli, &o);
}
