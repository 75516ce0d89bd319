/* pmindex-rank: scores one or more score sheets of a period (several are
 * merged by compound_id) and writes the district's ranking, or the
 * summaries by street, police station or property company. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmindex/pmindex.h>

#include "common/cli.h"
#include "common/fragile.h"
#include "common/options.h"
#include "common/output.h"
#include "common/sheets.h"

static const char *const program = "pmindex-rank";

struct options {
    struct cli_common cli; /* --model, --format, --lang, --encoding, --missing-na, --threads, -o */
    char **sheets;
    int nsheets;
    int32_t by;
    /* --uncertainty N: the Monte Carlo analysis (issue 14). */
    int64_t samples, seed;
    bool uncertain_option; /* an option that goes with --uncertainty was given */
    int64_t ppm[4];        /* by enum pmindex_uncertain_input */
};

/* --threads T reads the sheets on T threads (every core unless given) and
 * draws the samples on T threads (one unless given). */
_Static_assert((int)PMINDEX_SHEET_MAX_THREADS <= (int)PMINDEX_UNCERTAINTY_MAX_THREADS,
               "every --threads that reads sheets can draw samples");

static int32_t sample_threads(const struct options *o)
{
    return o->cli.threads_given ? o->cli.threads : 1;
}

/* --by input: the sensitivity of the uncertainty analysis, by input. */
enum { BY_INPUT = 4 };

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: %s [OPTION]... SHEET...\n"
            "Rank the compounds of a period's score sheets (CSV), or summarise them.\n"
            "Several sheets (police station, street office, district) are merged by\n"
            "compound_id; two sheets that disagree on a cell are an error.\n"
            "\n"
            "  --model FILE          the scoring model (default: the embedded Luohu 2018 model)\n"
            "  --by SCOPE            district (default: the ranking of compounds), street,\n"
            "                        station or company (their summaries); with\n"
            "                        --uncertainty also input (the sensitivity)\n"
            "  --format FORMAT       table (default), csv or jsonl\n"
            "  --lang LANG           zh (default) or en, for the table\n"
            "  --encoding ENCODING   utf-8 (default) or gb18030 (also gbk), for every sheet\n"
            "  --missing-na          merging: an item that no sheet gives is not applicable\n"
            "                        (by default it is an error)\n"
            "  --uncertainty N       how sure the verdicts are: N Monte Carlo samples with\n"
            "                        the weights, goalposts and observations varied; then\n"
            "                        --by district gives each compound's tier and card\n"
            "                        probabilities and rank interval, --by street, station\n"
            "                        or company each group's rank interval and lists, and\n"
            "                        --by input each input's sensitivity\n"
            "  --seed S              the samples' seed (default 0): the same seed, the same\n"
            "                        results, whatever the threads\n"
            "  --weights SHARE       vary every indicator's weight by up to SHARE (20%%)\n"
            "  --goalposts SHARE     move every rate item's goalposts by up to SHARE of\n"
            "                        their span (below 50%%)\n"
            "  --errors SHARE        put errors of up to SHARE of the span on every rate\n"
            "                        observation\n"
            "  --threads T           read the sheets on T threads (default: as many as the\n"
            "                        machine has cores) and sample on T threads (default 1);\n"
            "                        the results are the same\n"
            "  -o, --output FILE     write to FILE (whole or not at all) instead of stdout\n"
            "  --help                show this help and exit\n"
            "  --version             show the version and exit\n"
            "\n"
            "A single SHEET may be - for standard input.\n"
            "Exit status: 0 all is well, 1 input errors (each reported), 2 usage errors.\n",
            program);
}

static bool parse_by(const char *s, int32_t *out)
{
    static const char *const names[] = {"district", "street", "station", "company"};
    for (int32_t k = 0; k < 4; k++)
        if (strcmp(s, names[k]) == 0) {
            *out = k;
            return true;
        }
    return false;
}

enum { OPT_BY = CLI_OWN_FIRST, OPT_UNCERTAINTY, OPT_SEED, OPT_WEIGHTS, OPT_GOALPOSTS,
       OPT_ERRORS };

static const struct option own_options[] = {
    {"by", required_argument, NULL, OPT_BY},
    {"uncertainty", required_argument, NULL, OPT_UNCERTAINTY},
    {"seed", required_argument, NULL, OPT_SEED},
    {"weights", required_argument, NULL, OPT_WEIGHTS},
    {"goalposts", required_argument, NULL, OPT_GOALPOSTS},
    {"errors", required_argument, NULL, OPT_ERRORS},
    {NULL, 0, NULL, 0},
};

static int own_option(void *opts, int id, const char *value)
{
    struct options *o = opts;
    switch (id) {
    case OPT_UNCERTAINTY:
        return cli_count(program, "--uncertainty", value, 1, PMINDEX_UNCERTAINTY_MAX_SAMPLES,
                         &o->samples) ? 0 : EXIT_USAGE;
    case OPT_SEED:
        o->uncertain_option = true;
        return cli_count(program, "--seed", value, 0, INT64_MAX, &o->seed) ? 0 : EXIT_USAGE;
    case OPT_WEIGHTS:
    case OPT_GOALPOSTS:
    case OPT_ERRORS: {
        static const char *const names[] = {"--weights", "--goalposts", "--errors"};
        int input = id - OPT_WEIGHTS + PMINDEX_INPUT_WEIGHTS;
        o->uncertain_option = true;
        return cli_share(program, names[id - OPT_WEIGHTS], value, &o->ppm[input]) ? 0 : EXIT_USAGE;
    }
    default: /* OPT_BY */
        if (strcmp(value, "input") == 0) {
            o->by = BY_INPUT;
            o->uncertain_option = true;
        } else if (!parse_by(value, &o->by)) {
            fprintf(stderr, "%s: --by takes district, street, station, company or input, "
                            "not \"%s\"\n",
                    program, value);
            return EXIT_USAGE;
        }
        return 0;
    }
}

static int operands(void *opts, int argc, char **argv, int first)
{
    struct options *o = opts;
    if (o->uncertain_option && o->samples == 0) {
        fprintf(stderr, "%s: --seed, --weights, --goalposts, --errors and --by input go with "
                        "--uncertainty N; see --help\n",
                program);
        return EXIT_USAGE;
    }
    o->sheets = argv + first;
    o->nsheets = argc - first;
    if (o->nsheets == 0) {
        fprintf(stderr, "%s: no sheet given; see --help\n", program);
        return EXIT_USAGE;
    }
    for (int k = 0; k < o->nsheets && o->nsheets > 1; k++)
        if (strcmp(o->sheets[k], "-") == 0) {
            fprintf(stderr, "%s: standard input (-) only as the one sheet; see --help\n",
                    program);
            return EXIT_USAGE;
        }
    return 0;
}

/* ---- reading the period -------------------------------------------------- */

struct period {
    const pmindex_model *model;
    pmindex_district *district;
    pmindex_assessment *assessment;
    struct cli_errors *errors;
    struct fragile *fragile;          /* the table marks fragile cards; NULL */
    pmindex_uncertainty *uncertainty; /* --uncertainty; NULL */
};

static int add(const pmindex_compound *c, void *ctx)
{
    struct period *p = ctx;
    pmindex_assess(p->model, c, p->assessment);
    if (pmindex_district_add(p->district, c, p->assessment) != 0) {
        cli_report(p->errors, pmindex_district_error(p->district));
        return -1;
    }
    if (p->uncertainty && pmindex_uncertainty_add(p->uncertainty, c) != 0) {
        cli_report(p->errors, pmindex_uncertainty_error(p->uncertainty));
        return -1;
    }
    if (p->fragile && fragile_note(p->fragile, c) < 0) {
        fprintf(stderr, "%s: out of memory\n", program);
        p->errors->count++;
        return -1;
    }
    return 0;
}

/* One sheet and nothing else to do with each compound: the library reads,
 * assesses and adds the rows on the sheet's threads. Errors are reported
 * as cli_read_sheets() reports them. */
static void read_district(const struct options *o, const pmindex_model *model,
                          pmindex_district *d, struct cli_errors *errors)
{
    pmindex_sheet *sheet =
        cli_open_sheet_threads(model, o->sheets[0], o->cli.encoding, 0, o->cli.threads, errors);
    if (!sheet)
        return;
    int64_t rows = 0, added, unread = errors->count;
    int rc;
    while ((rc = pmindex_district_add_sheet(d, sheet, &added)) != 0) {
        rows += added;
        if (rc == 1) {
            cli_report(errors, pmindex_sheet_error(sheet));
            continue;
        }
        cli_report(errors, pmindex_district_error(d));
        /* The sheet's own errors are still all said. */
        const pmindex_compound *c;
        while ((rc = pmindex_sheet_next(sheet, &c)) != 0)
            if (rc < 0)
                cli_report(errors, pmindex_sheet_error(sheet));
            else
                rows++;
        break;
    }
    rows += rc == 0 ? added : 0;
    if (rows == 0 && errors->count == unread)
        cli_no_compounds(errors, o->sheets[0]);
    pmindex_sheet_free(sheet);
}

/* ---- the tables ------------------------------------------------------------- */

static void put_int(char *line, size_t cap, int64_t v, int width)
{
    char num[32] = "-";
    if (v > 0 || width < 0)
        snprintf(num, sizeof num, "%lld", (long long)v);
    cli_pad_left(line, cap, num, width < 0 ? -width : width);
}

static void put_centi(char *line, size_t cap, bool has, int64_t v, int width)
{
    char num[32] = "-";
    if (has)
        pmindex_centi_format(v, num, sizeof num);
    cli_pad_left(line, cap, num, width);
}

/* A card's label, with the fragile mark when one step of one item changes it. */
static void card_cell(char *line, size_t cap, const pmindex_district *d, int64_t c, int32_t lang,
                      struct fragile *f)
{
    char label[32];
    int32_t card = pmindex_district_compound_card(d, c);
    bool fragile = card != PMINDEX_CARD_NONE && f &&
                   fragile_has(f, pmindex_district_compound_field(d, c, PMINDEX_FIELD_ID));
    snprintf(label, sizeof label, "%s%s", cli_card_label(card, lang), fragile ? FRAGILE_MARK : "");
    cli_pad(line, cap, label, 7); /* room for "black*" */
}

/* A compound's index and tier cells. */
static void index_tier_cells(char *line, size_t cap, const pmindex_model *m,
                             const pmindex_district *d, int64_t c, int32_t lang, int tw)
{
    int64_t index;
    bool has = pmindex_district_compound_index(d, c, &index) == 1;
    put_centi(line, cap, has, index, 6);
    strncat(line, "  ", cap - strlen(line) - 1);
    cli_pad(line, cap, pmindex_model_tier_label(m, pmindex_district_compound_tier(d, c), lang),
            tw + 2);
}

static void table_district(const pmindex_model *m, const pmindex_district *d, int32_t lang,
                           struct fragile *f, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    int tw = cli_tier_width(m, lang);
    char line[4096] = "";
    cli_pad_left(line, sizeof line, en ? "Rank" : "排名", 6);
    cli_pad_left(line, sizeof line, en ? "Street" : "街道排名", 9);
    cli_pad_left(line, sizeof line, en ? "Station" : "派出所排名", 11);
    strcat(line, "  ");
    cli_pad(line, sizeof line, en ? "ID" : "小区编号", 14);
    cli_pad(line, sizeof line, en ? "Name" : "小区名称", 18);
    cli_pad(line, sizeof line, en ? "Street" : "街道", 12);
    cli_pad(line, sizeof line, en ? "Station" : "派出所", 14);
    cli_pad_left(line, sizeof line, en ? "Index" : "指数", 6);
    strcat(line, "  ");
    cli_pad(line, sizeof line, en ? "Tier" : "等级", tw + 2);
    cli_pad(line, sizeof line, en ? "Card" : "牌", 6);
    output_line(out, line);
    int64_t n = pmindex_district_count(d), ranked = pmindex_district_ranked_count(d);
    for (int64_t p = 0; p < n; p++) {
        if (p == ranked) {
            snprintf(line, sizeof line, "%s",
                     en ? "\nFallback management (unranked):" : "\n兜底管理（不参与排名）：");
            output_line(out, line);
        }
        int64_t c = pmindex_district_listed(d, p);
        line[0] = '\0';
        put_int(line, sizeof line, pmindex_district_compound_rank(d, c, PMINDEX_SCOPE_DISTRICT), 6);
        put_int(line, sizeof line, pmindex_district_compound_rank(d, c, PMINDEX_SCOPE_STREET), 9);
        put_int(line, sizeof line, pmindex_district_compound_rank(d, c, PMINDEX_SCOPE_STATION), 11);
        strcat(line, "  ");
        cli_pad(line, sizeof line, pmindex_district_compound_field(d, c, PMINDEX_FIELD_ID), 14);
        cli_pad(line, sizeof line, pmindex_district_compound_field(d, c, PMINDEX_FIELD_NAME), 18);
        cli_pad(line, sizeof line, pmindex_district_compound_field(d, c, PMINDEX_FIELD_STREET), 12);
        cli_pad(line, sizeof line, pmindex_district_compound_field(d, c, PMINDEX_FIELD_STATION), 14);
        index_tier_cells(line, sizeof line, m, d, c, lang, tw);
        card_cell(line, sizeof line, d, c, lang, f);
        output_line(out, line);
    }
}

static void table_groups(const pmindex_model *m, const pmindex_district *d, int32_t by,
                         int32_t lang, struct fragile *f, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    static const char *const head_zh[] = {"", "街道", "派出所", "物业服务企业"};
    static const char *const head_en[] = {"", "Street", "Police station", "Company"};
    int32_t ntiers = pmindex_model_tier_count(m);
    int name_width = by == PMINDEX_SCOPE_COMPANY ? 34 : 16;
    char line[8192] = "";
    cli_pad_left(line, sizeof line, en ? "Rank" : "排名", 4);
    strcat(line, "  ");
    cli_pad(line, sizeof line, en ? head_en[by] : head_zh[by], name_width);
    cli_pad_left(line, sizeof line, en ? "Compounds" : "小区数", 9);
    for (int32_t t = -1; t < ntiers; t++) {
        int32_t tier = t < ntiers - 1 ? t + 1 : PMINDEX_TIER_FALLBACK;
        int w = cli_width(pmindex_model_tier_label(m, tier, lang));
        cli_pad_left(line, sizeof line, pmindex_model_tier_label(m, tier, lang), w > 5 ? w + 1 : 6);
    }
    cli_pad_left(line, sizeof line, en ? "Red" : "红牌", 6);
    cli_pad_left(line, sizeof line, en ? "Black" : "黑牌", 6);
    if (by == PMINDEX_SCOPE_COMPANY) {
        cli_pad_left(line, sizeof line, en ? "Households" : "户数", 11);
        cli_pad_left(line, sizeof line, en ? "Weighted" : "加权均值", 9);
    }
    cli_pad_left(line, sizeof line, en ? "Mean" : "均值", 7);
    cli_pad_left(line, sizeof line, en ? "Median" : "中位数", 7);
    cli_pad_left(line, sizeof line, en ? "Min" : "最低", 7);
    cli_pad_left(line, sizeof line, en ? "Max" : "最高", 7);
    strcat(line, "  ");
    if (by == PMINDEX_SCOPE_COMPANY)
        cli_pad(line, sizeof line, en ? "List" : "名单", 10);
    strncat(line, en ? "Black-card compounds" : "黑牌小区", sizeof line - strlen(line) - 1);
    output_line(out, line);
    for (int32_t g = 0; g < pmindex_district_group_count(d, by); g++) {
        line[0] = '\0';
        put_int(line, sizeof line, pmindex_district_group_rank(d, by, g), 4);
        strcat(line, "  ");
        cli_pad(line, sizeof line, pmindex_district_group_name(d, by, g), name_width);
        put_int(line, sizeof line, pmindex_district_group_compounds(d, by, g), -9);
        for (int32_t t = -1; t < ntiers; t++) {
            int32_t tier = t < ntiers - 1 ? t + 1 : PMINDEX_TIER_FALLBACK;
            int w = cli_width(pmindex_model_tier_label(m, tier, lang));
            put_int(line, sizeof line, pmindex_district_group_tier_count(d, by, g, tier),
                    -(w > 5 ? w + 1 : 6));
        }
        put_int(line, sizeof line, pmindex_district_group_card_count(d, by, g, PMINDEX_CARD_RED), -6);
        put_int(line, sizeof line, pmindex_district_group_card_count(d, by, g, PMINDEX_CARD_BLACK),
                -6);
        int64_t v;
        if (by == PMINDEX_SCOPE_COMPANY) {
            put_int(line, sizeof line, pmindex_district_group_households(d, by, g), -11);
            bool has = pmindex_district_group_stat(d, by, g, PMINDEX_STAT_WEIGHTED_MEAN, &v) == 1;
            put_centi(line, sizeof line, has, v, 9);
        }
        static const int32_t stats[] = {PMINDEX_STAT_MEAN, PMINDEX_STAT_MEDIAN, PMINDEX_STAT_MIN,
                                        PMINDEX_STAT_MAX};
        for (int k = 0; k < 4; k++) {
            bool has = pmindex_district_group_stat(d, by, g, stats[k], &v) == 1;
            put_centi(line, sizeof line, has, v, 7);
        }
        strcat(line, "  ");
        if (by == PMINDEX_SCOPE_COMPANY) {
            int32_t lists = pmindex_district_group_lists(d, by, g);
            char text[64] = "";
            if (lists & PMINDEX_LIST_HONOUR)
                strcat(text, en ? "honour" : "红榜");
            if (lists & PMINDEX_LIST_WATCH)
                strcat(text, lists & PMINDEX_LIST_HONOUR ? (en ? ",watch" : "、重点关注")
                                                         : (en ? "watch" : "重点关注"));
            cli_pad(line, sizeof line, text[0] ? text : "-", 10);
        }
        int64_t black[64];
        int64_t nblack = pmindex_district_group_black(d, by, g, black, 64);
        for (int64_t b = 0; b < nblack && b < 64; b++) {
            const char *name = pmindex_district_compound_field(d, black[b], PMINDEX_FIELD_NAME);
            if (!name[0])
                name = pmindex_district_compound_field(d, black[b], PMINDEX_FIELD_ID);
            if (b)
                strncat(line, en ? ", " : "、", sizeof line - strlen(line) - 1);
            char shown[256];
            strncat(line, cli_printable(shown, sizeof shown, name), sizeof line - strlen(line) - 1);
            if (f && fragile_has(f, pmindex_district_compound_field(d, black[b], PMINDEX_FIELD_ID)))
                strncat(line, FRAGILE_MARK, sizeof line - strlen(line) - 1);
        }
        if (nblack > 64) {
            char more[64];
            snprintf(more, sizeof more, en ? " and %lld more" : " 等 %lld 个", (long long)nblack);
            strncat(line, more, sizeof line - strlen(line) - 1);
        }
        output_line(out, line);
    }
}

static void table_summary(const pmindex_model *m, const pmindex_district *d, int32_t lang,
                          struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    char line[8192];
    int n = snprintf(line, sizeof line, en ? "\n%lld compounds: " : "\n共 %lld 个小区：",
                     (long long)pmindex_district_count(d));
    int32_t ntiers = pmindex_model_tier_count(m);
    for (int32_t k = 0; k <= ntiers && n < (int)sizeof line; k++) {
        int32_t tier = k < ntiers ? k : PMINDEX_TIER_FALLBACK;
        n += snprintf(line + n, sizeof line - (size_t)n, "%s%s %lld",
                      k ? (en ? ", " : "，") : "", pmindex_model_tier_label(m, tier, lang),
                      (long long)pmindex_district_group_tier_count(d, PMINDEX_SCOPE_DISTRICT, 0,
                                                                   tier));
    }
    int64_t mean = 0, median = 0;
    char a[32] = "-", b[32] = "-";
    if (pmindex_district_group_stat(d, PMINDEX_SCOPE_DISTRICT, 0, PMINDEX_STAT_MEAN, &mean) == 1)
        pmindex_centi_format(mean, a, sizeof a);
    if (pmindex_district_group_stat(d, PMINDEX_SCOPE_DISTRICT, 0, PMINDEX_STAT_MEDIAN, &median) == 1)
        pmindex_centi_format(median, b, sizeof b);
    if (n < (int)sizeof line)
        snprintf(line + n, sizeof line - (size_t)n,
                 en ? "; red cards %lld, black cards %lld; mean index %s, median %s"
                    : "；红牌 %lld，黑牌 %lld；指数均值 %s，中位数 %s",
                 (long long)pmindex_district_group_card_count(d, 0, 0, PMINDEX_CARD_RED),
                 (long long)pmindex_district_group_card_count(d, 0, 0, PMINDEX_CARD_BLACK), a, b);
    output_line(out, line);
}

/* ---- main ------------------------------------------------------------------- */

/* Writes the records of the ranking or the summaries, a buffer of them at a
 * time, on the threads of --threads. */
static int write_records(const struct options *o, const pmindex_district *d, struct output *out)
{
    size_t cap = 1 << 22;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    int32_t format = o->cli.format == FORMAT_CSV ? PMINDEX_FORMAT_CSV : PMINDEX_FORMAT_JSONL;
    if (o->cli.format == FORMAT_CSV) {
        int64_t len = pmindex_district_header(d, o->by, PMINDEX_FORMAT_CSV, 0, buf, cap);
        output_write(out, buf, (size_t)len);
    }
    int64_t next = 0, len;
    while ((len = pmindex_district_records(d, o->by, format, 0, o->cli.threads, &next, buf,
                                           cap)) > 0) {
        if ((size_t)len < cap) {
            output_write(out, buf, (size_t)len);
            continue;
        }
        char *bigger = realloc(buf, (size_t)len + 1); /* a record longer than the buffer */
        if (!bigger)
            break;
        buf = bigger;
        cap = (size_t)len + 1;
    }
    free(buf);
    return len == 0 ? 0 : -1;
}

/* ---- --uncertainty ------------------------------------------------------------- */

/* Writes one record of the analysis into out, growing *buf. */
static int write_one(struct output *out, char **buf, size_t *cap,
                     int64_t (*fn)(const pmindex_uncertainty *, int32_t, int64_t, int32_t,
                                   uint32_t, char *, size_t),
                     const pmindex_uncertainty *u, int32_t scope, int64_t n, int32_t format)
{
    for (;;) {
        int64_t len = fn(u, scope, n, format, 0, *buf, *cap);
        if (len < 0)
            return -1;
        if ((size_t)len < *cap) {
            output_write(out, *buf, (size_t)len);
            return 0;
        }
        char *bigger = realloc(*buf, (size_t)len + 1);
        if (!bigger)
            return -1;
        *buf = bigger;
        *cap = (size_t)len + 1;
    }
}

static int64_t input_record(const pmindex_uncertainty *u, int32_t scope, int64_t n,
                            int32_t format, uint32_t flags, char *buf, size_t cap)
{
    (void)scope;
    return pmindex_uncertainty_input_record(u, (int32_t)n, format, flags, buf, cap);
}

static int write_uncertainty(const struct options *o, const pmindex_district *d,
                             const pmindex_uncertainty *u, struct output *out)
{
    int32_t format = o->cli.format == FORMAT_CSV ? PMINDEX_FORMAT_CSV : PMINDEX_FORMAT_JSONL;
    bool inputs = o->by == BY_INPUT;
    size_t cap = 1 << 12;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    int64_t n = inputs ? pmindex_uncertainty_input_count(u)
                : o->by == PMINDEX_SCOPE_DISTRICT ? pmindex_district_count(d)
                                                  : pmindex_district_group_count(d, o->by);
    if (format == PMINDEX_FORMAT_CSV) {
        int64_t len = inputs ? pmindex_uncertainty_input_header(u, format, 0, buf, cap)
                             : pmindex_uncertainty_header(u, o->by, format, 0, buf, cap);
        if (len < 0 || (size_t)len >= cap) {
            free(buf);
            return -1;
        }
        output_write(out, buf, (size_t)len);
    }
    int rc = 0;
    for (int64_t k = 0; k < n && rc == 0; k++)
        rc = write_one(out, &buf, &cap, inputs ? input_record : pmindex_uncertainty_record, u,
                       inputs ? 0 : o->by, k, format);
    free(buf);
    return rc;
}

/* A probability count / samples as a percentage with 1 decimal ("97.3%"). */
static void percent_text(char *buf, size_t cap, int64_t count, int64_t samples)
{
    int64_t permille = (2000 * count + samples) / (2 * samples);
    snprintf(buf, cap, "%lld.%lld%%", (long long)(permille / 10), (long long)(permille % 10));
}

/* Millionths as a decimal with 3 places ("0.412", "-0.012"). */
static void thousandths_text(char *buf, size_t cap, int64_t ppm)
{
    int64_t t = ((ppm < 0 ? -ppm : ppm) + 500) / 1000;
    snprintf(buf, cap, "%s%lld.%03lld", ppm < 0 && t > 0 ? "-" : "", (long long)(t / 1000),
             (long long)(t % 1000));
}

/* "12 [10–15]": a rank's median and 5th-95th percentiles. */
static void interval_text(char *buf, size_t cap, const pmindex_uncertainty *u, int32_t scope,
                          int64_t n)
{
    int64_t median, low, high;
    if (pmindex_uncertainty_rank(u, scope, n, &median, &low, &high) != 1)
        snprintf(buf, cap, "-");
    else
        snprintf(buf, cap, "%lld [%lld–%lld]", (long long)median, (long long)low, (long long)high);
}

static int prob_width(const char *label)
{
    int w = cli_width(label) + 2;
    return w < 8 ? 8 : w;
}

static void table_uncertainty_district(const pmindex_model *m, const pmindex_district *d,
                                       const pmindex_uncertainty *u, int32_t lang,
                                       struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    int tw = cli_tier_width(m, lang);
    int32_t ntiers = pmindex_model_tier_count(m);
    int64_t samples = pmindex_uncertainty_samples(u);
    char line[8192] = "", cell[64];
    cli_pad_left(line, sizeof line, en ? "Rank" : "排名", 6);
    strcat(line, "  ");
    cli_pad(line, sizeof line, en ? "ID" : "小区编号", 14);
    cli_pad(line, sizeof line, en ? "Name" : "小区名称", 18);
    cli_pad_left(line, sizeof line, en ? "Index" : "指数", 6);
    strcat(line, "  ");
    cli_pad(line, sizeof line, en ? "Tier" : "等级", tw + 2);
    cli_pad(line, sizeof line, en ? "Card" : "牌", 6);
    for (int32_t t = 0; t < ntiers; t++)
        cli_pad_left(line, sizeof line, pmindex_model_tier_label(m, t, lang),
                     prob_width(pmindex_model_tier_label(m, t, lang)));
    cli_pad_left(line, sizeof line, en ? "Red" : "红牌", 8);
    cli_pad_left(line, sizeof line, en ? "Black" : "黑牌", 8);
    strcat(line, "  ");
    strncat(line, en ? "Rank median [5%–95%]" : "排名中位数 [5%–95%]", sizeof line - strlen(line) - 1);
    output_line(out, line);
    int64_t n = pmindex_district_count(d), ranked = pmindex_district_ranked_count(d);
    for (int64_t p = 0; p < n; p++) {
        if (p == ranked) {
            snprintf(line, sizeof line, "%s",
                     en ? "\nFallback management (unranked in every sample):"
                        : "\n兜底管理（每次抽样均不参与排名）：");
            output_line(out, line);
        }
        int64_t c = pmindex_district_listed(d, p);
        line[0] = '\0';
        put_int(line, sizeof line, pmindex_district_compound_rank(d, c, PMINDEX_SCOPE_DISTRICT), 6);
        strcat(line, "  ");
        cli_pad(line, sizeof line, pmindex_district_compound_field(d, c, PMINDEX_FIELD_ID), 14);
        cli_pad(line, sizeof line, pmindex_district_compound_field(d, c, PMINDEX_FIELD_NAME), 18);
        index_tier_cells(line, sizeof line, m, d, c, lang, tw);
        cli_pad(line, sizeof line, cli_card_label(pmindex_district_compound_card(d, c), lang), 6);
        if (p < ranked) {
            for (int32_t t = 0; t < ntiers; t++) {
                percent_text(cell, sizeof cell, pmindex_uncertainty_tier_count(u, c, t), samples);
                cli_pad_left(line, sizeof line, cell,
                             prob_width(pmindex_model_tier_label(m, t, lang)));
            }
            for (int32_t card = PMINDEX_CARD_RED; card <= PMINDEX_CARD_BLACK; card++) {
                percent_text(cell, sizeof cell, pmindex_uncertainty_card_count(u, c, card), samples);
                cli_pad_left(line, sizeof line, cell, 8);
            }
            strcat(line, "  ");
            interval_text(cell, sizeof cell, u, PMINDEX_SCOPE_DISTRICT, c);
            strncat(line, cell, sizeof line - strlen(line) - 1);
        }
        output_line(out, line);
    }
}

static void table_uncertainty_groups(const pmindex_district *d, const pmindex_uncertainty *u,
                                     int32_t by, int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN, company = by == PMINDEX_SCOPE_COMPANY;
    static const char *const head_zh[] = {"", "街道", "派出所", "物业服务企业"};
    static const char *const head_en[] = {"", "Street", "Police station", "Company"};
    int name_width = company ? 34 : 16;
    int64_t samples = pmindex_uncertainty_samples(u);
    char line[4096] = "", cell[64];
    cli_pad_left(line, sizeof line, en ? "Rank" : "排名", 4);
    strcat(line, "  ");
    cli_pad(line, sizeof line, en ? head_en[by] : head_zh[by], name_width);
    cli_pad(line, sizeof line, en ? "Rank median [5%–95%]" : "排名中位数 [5%–95%]", 22);
    if (company) {
        cli_pad_left(line, sizeof line, en ? "Honour" : "红榜", 8);
        cli_pad_left(line, sizeof line, en ? "Watch" : "重点关注", 10);
    }
    output_line(out, line);
    for (int32_t g = 0; g < pmindex_district_group_count(d, by); g++) {
        line[0] = '\0';
        put_int(line, sizeof line, pmindex_district_group_rank(d, by, g), 4);
        strcat(line, "  ");
        cli_pad(line, sizeof line, pmindex_district_group_name(d, by, g), name_width);
        interval_text(cell, sizeof cell, u, by, g);
        cli_pad(line, sizeof line, cell, 22);
        if (company && pmindex_district_group_rank(d, by, g) > 0) {
            percent_text(cell, sizeof cell,
                         pmindex_uncertainty_list_count(u, g, PMINDEX_LIST_HONOUR), samples);
            cli_pad_left(line, sizeof line, cell, 8);
            percent_text(cell, sizeof cell,
                         pmindex_uncertainty_list_count(u, g, PMINDEX_LIST_WATCH), samples);
            cli_pad_left(line, sizeof line, cell, 10);
        }
        output_line(out, line);
    }
}

/* "0.412 [0.380–0.447]", or for the cards' share "12.3% [11.0%–13.5%]". */
static void measure_text(char *buf, size_t cap, const pmindex_uncertainty *u, int32_t n,
                         int32_t measure)
{
    int64_t v, lo, hi;
    if (pmindex_uncertainty_sensitivity(u, n, measure, &v, &lo, &hi) != 1) {
        snprintf(buf, cap, "-");
        return;
    }
    char a[24], b[24], c[24];
    if (measure == PMINDEX_SENSITIVITY_CARDS) {
        percent_text(a, sizeof a, v, PMINDEX_PPM);
        percent_text(b, sizeof b, lo, PMINDEX_PPM);
        percent_text(c, sizeof c, hi, PMINDEX_PPM);
    } else {
        thousandths_text(a, sizeof a, v);
        thousandths_text(b, sizeof b, lo);
        thousandths_text(c, sizeof c, hi);
    }
    snprintf(buf, cap, "%s [%s, %s]", a, b, c);
}

static void table_uncertainty_inputs(const pmindex_model *m, const pmindex_uncertainty *u,
                                     int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    char line[4096] = "", cell[96];
    cli_pad(line, sizeof line, en ? "Input" : "不确定输入", 22);
    cli_pad(line, sizeof line, en ? "Cards changed, alone" : "单独变动时改变牌的小区", 26);
    cli_pad(line, sizeof line, en ? "First-order index" : "一阶 Sobol 指数", 22);
    strncat(line, en ? "Total index" : "总 Sobol 指数", sizeof line - strlen(line) - 1);
    output_line(out, line);
    for (int32_t n = 0; n < pmindex_uncertainty_input_count(u); n++) {
        int32_t k, kind = pmindex_uncertainty_input(u, n, &k);
        char name[128];
        if (kind == PMINDEX_INPUT_WEIGHTS)
            snprintf(name, sizeof name, en ? "weight of %s" : "%s 的权重",
                     pmindex_model_indicator_id(m, k));
        else
            snprintf(name, sizeof name, "%s",
                     kind == PMINDEX_INPUT_GOALPOSTS ? (en ? "goalposts" : "比率目标值")
                                                     : (en ? "measurement errors" : "测量误差"));
        line[0] = '\0';
        cli_pad(line, sizeof line, name, 22);
        measure_text(cell, sizeof cell, u, n, PMINDEX_SENSITIVITY_CARDS);
        cli_pad(line, sizeof line, cell, 26);
        measure_text(cell, sizeof cell, u, n, PMINDEX_SENSITIVITY_FIRST_ORDER);
        cli_pad(line, sizeof line, cell, 22);
        measure_text(cell, sizeof cell, u, n, PMINDEX_SENSITIVITY_TOTAL);
        strncat(line, cell, sizeof line - strlen(line) - 1);
        output_line(out, line);
    }
    if (pmindex_uncertainty_input_count(u) == 0) {
        snprintf(line, sizeof line, "%s",
                 en ? "(no input varies: give --weights, --goalposts or --errors)"
                    : "（没有变动的输入：请给出 --weights、--goalposts 或 --errors）");
        output_line(out, line);
    }
}

/* What was varied, and how far ranks move on average. */
static void table_uncertainty_summary(const struct options *o, const pmindex_uncertainty *u,
                                      struct output *out)
{
    bool en = o->cli.lang == PMINDEX_LANG_EN;
    char line[1024], share[3][32];
    int32_t threads = sample_threads(o);
    for (int k = 0; k < 3; k++) {
        int64_t ppm = o->ppm[PMINDEX_INPUT_WEIGHTS + k];
        /* The share as given, in percent: millionths are ten-thousandths of a percent. */
        int64_t units = ppm * 100 * 100;
        pmindex_decimal_format(units, share[k], sizeof share[k]);
        strcat(share[k], "%");
    }
    snprintf(line, sizeof line,
             en ? "\n%lld samples, seed %lld, %lld thread%s: weights ±%s, goalposts ±%s, errors ±%s."
                : "\n%lld 次抽样，种子 %lld，%lld 个线程%s：权重 ±%s，目标值 ±%s，测量误差 ±%s。",
             (long long)pmindex_uncertainty_samples(u), (long long)o->seed, (long long)threads,
             en && threads != 1 ? "s" : "", share[0], share[1], share[2]);
    output_line(out, line);
    int64_t mean, low, high;
    if (pmindex_uncertainty_rank_shift(u, &mean, &low, &high) == 1) {
        char a[32], b[32], c[32];
        pmindex_centi_format(mean, a, sizeof a);
        pmindex_centi_format(low, b, sizeof b);
        pmindex_centi_format(high, c, sizeof c);
        snprintf(line, sizeof line,
                 en ? "Mean absolute rank shift: %s ranks (95%% interval %s–%s)."
                    : "平均排名绝对变动：%s 名（95%% 区间 %s–%s）。",
                 a, b, c);
        output_line(out, line);
    }
    snprintf(line, sizeof line, "%s",
             en ? "Percentages are shares of the samples; --format csv or jsonl gives each with "
                  "its 95% interval."
                : "百分比为抽样中的占比；--format csv 或 jsonl 给出各自的 95% 区间。");
    output_line(out, line);
}

static void table_uncertainty(const struct options *o, const pmindex_model *m,
                              const pmindex_district *d, const pmindex_uncertainty *u,
                              struct output *out)
{
    if (o->by == BY_INPUT)
        table_uncertainty_inputs(m, u, o->cli.lang, out);
    else if (o->by == PMINDEX_SCOPE_DISTRICT)
        table_uncertainty_district(m, d, u, o->cli.lang, out);
    else
        table_uncertainty_groups(d, u, o->by, o->cli.lang, out);
    table_uncertainty_summary(o, u, out);
}

/* The uncertainty analysis of --uncertainty, with its inputs set; NULL
 * after saying why (a usage error sets *usage). */
static pmindex_uncertainty *uncertainty_of(const struct options *o, const pmindex_model *model,
                                           bool *usage)
{
    static const char *const names[] = {"", "--weights", "--goalposts", "--errors"};
    pmindex_uncertainty *u = NULL;
    if (pmindex_uncertainty_new(model, &u) != 0) {
        fprintf(stderr, "%s: out of memory\n", program);
        return NULL;
    }
    for (int32_t input = PMINDEX_INPUT_WEIGHTS; input <= PMINDEX_INPUT_ERRORS; input++)
        if (pmindex_uncertainty_set(u, input, o->ppm[input]) != 0) {
            fprintf(stderr, "%s: %s: %s; see --help\n", program, names[input],
                    pmindex_error_message(pmindex_uncertainty_error(u)));
            *usage = true;
            pmindex_uncertainty_free(u);
            return NULL;
        }
    return u;
}

static int rank(void *opts, pmindex_model *model, struct cli_errors *errors)
{
    const struct options *o = opts;
    pmindex_district *d = NULL;
    pmindex_assessment *a = NULL;
    pmindex_uncertainty *u = NULL;
    struct fragile fragile, *f = NULL;
    bool usage = false;
    if (o->samples > 0 && !(u = uncertainty_of(o, model, &usage)))
        return usage ? EXIT_USAGE : EXIT_INPUT;
    /* The tables mark the cards that one step of one item changes. */
    if (o->cli.format == FORMAT_TABLE && o->samples == 0) {
        if (fragile_init(&fragile, model, o->cli.threads) != 0) {
            fprintf(stderr, "%s: out of memory\n", program);
            return EXIT_INPUT;
        }
        f = &fragile;
    }
    if (pmindex_district_new(model, &d) != 0 || pmindex_assessment_new(model, &a) != 0) {
        fprintf(stderr, "%s: out of memory\n", program);
        pmindex_district_free(d);
        pmindex_uncertainty_free(u);
        if (f)
            fragile_free(f);
        return EXIT_INPUT;
    }
    struct period period = {model, d, a, errors, f, u};
    if (o->nsheets == 1 && !f && !u)
        read_district(o, model, d, errors);
    else
        cli_read_sheets_threads(model, (const char *const *)o->sheets, o->nsheets, o->cli.encoding,
                                o->cli.merge_flags, o->cli.threads, NULL, add, &period, errors,
                                NULL);
    pmindex_assessment_free(a);
    if (f && fragile_finish(f) != 0 && errors->count == 0) {
        fprintf(stderr, "%s: out of memory\n", program);
        errors->count++;
    }
    if (errors->count == 0 && pmindex_district_compute(d) != 0)
        cli_report(errors, pmindex_district_error(d));
    if (errors->count == 0 && u &&
        pmindex_uncertainty_run(u, d, o->samples, (uint64_t)o->seed, sample_threads(o)) != 0)
        cli_report(errors, pmindex_uncertainty_error(u));
    cli_report_end(errors);
    if (errors->count > 0) {
        cli_report_outcome(errors, "no output was written");
        pmindex_district_free(d);
        pmindex_uncertainty_free(u);
        if (f)
            fragile_free(f);
        return EXIT_INPUT;
    }
    struct output out;
    if (output_open(&out, o->cli.out, program) != 0) {
        pmindex_district_free(d);
        pmindex_uncertainty_free(u);
        if (f)
            fragile_free(f);
        return EXIT_INPUT;
    }
    int rc = 0;
    if (u && o->cli.format != FORMAT_TABLE)
        rc = write_uncertainty(o, d, u, &out);
    else if (u)
        table_uncertainty(o, model, d, u, &out);
    else if (o->cli.format != FORMAT_TABLE)
        rc = write_records(o, d, &out);
    else if (o->by == PMINDEX_SCOPE_DISTRICT)
        table_district(model, d, o->cli.lang, f, &out);
    else
        table_groups(model, d, o->by, o->cli.lang, f, &out);
    if (o->cli.format == FORMAT_TABLE && !u) {
        table_summary(model, d, o->cli.lang, &out);
        if (fragile_any(f)) {
            char legend[1024];
            snprintf(legend, sizeof legend, "%s", fragile_legend(o->cli.lang));
            output_line(&out, legend);
        }
    }
    pmindex_district_free(d);
    pmindex_uncertainty_free(u);
    if (f)
        fragile_free(f);
    if (rc != 0) {
        output_abort(&out);
        fprintf(stderr, "%s: out of memory; no output was written\n", program);
        return EXIT_INPUT;
    }
    return output_commit(&out, program) == 0 ? EXIT_OK : EXIT_INPUT;
}

static int run(void *opts, struct cli_errors *errors)
{
    const struct options *o = opts;
    return cli_run_with_model(&o->cli, opts, errors, rank);
}

int main(int argc, char **argv)
{
    static const struct cli_program spec = {
        program, CLI_MODEL | CLI_FORMAT | CLI_LANG | CLI_ENCODING | CLI_MISSING_NA | CLI_THREADS |
                     CLI_OUTPUT,
        own_options, usage, own_option, operands, run,
    };
    struct options o = {.by = PMINDEX_SCOPE_DISTRICT};
    return cli_main(&spec, argc, argv, &o.cli, &o);
}
