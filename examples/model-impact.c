/* pmindex-model impact OLD NEW SHEET...: what adopting model NEW instead of
 * OLD changes, compound by compound, for a district's committee. The
 * library computes everything (pmindex_impact); this file reads the sheets
 * and writes the report as a table or as the library's records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/sheets.h"
#include "model-impact.h"

/* Items the table shows for each changed compound; the records give all. */
enum { TABLE_ITEMS = 5 };

static const int32_t group_parts[] = {PMINDEX_IMPACT_STREETS, PMINDEX_IMPACT_STATIONS,
                                      PMINDEX_IMPACT_COMPANIES};

/* ---- reading the sheets ---------------------------------------------------- */

struct reading {
    const struct impact_options *o;
    pmindex_impact *impact;
    struct cli_errors *errors;
};

/* A compound that cannot be carried over: one sheet names itself, merged
 * sheets give the line of the first sheet that has the compound. */
static int add(const pmindex_compound *c, void *ctx)
{
    struct reading *r = ctx;
    if (pmindex_impact_add(r->impact, c) == PMINDEX_OK)
        return 0;
    const pmindex_error *e = pmindex_impact_error(r->impact);
    if (r->o->nsheets > 1 || pmindex_error_file(e)[0] || pmindex_error_line(e) <= 0) {
        cli_report(r->errors, e);
        return -1;
    }
    if (r->errors->count++ < CLI_MAX_ERRORS) {
        char buf[2048];
        pmindex_error_format(e, buf, sizeof buf);
        fprintf(stderr, "%s: %s:%s\n", program, cli_sheet_name(r->o->sheets[0]), buf);
    }
    return -1;
}

/* ---- small pieces of the table ------------------------------------------------ */

static const char *centi(int64_t v, char *buf)
{
    pmindex_centi_format(v, buf, 32);
    return buf;
}

/* "+1.50" or "-0.25": a change with its sign. */
static const char *signed_centi(int64_t v, char *buf)
{
    buf[0] = v > 0 ? '+' : '\0';
    pmindex_centi_format(v, buf + (v > 0), 31);
    return buf;
}

/* A share of a total in hundredths of a percent, rounded half up, as the
 * records give it. */
static int64_t share_of(int64_t count, int64_t total)
{
    return total > 0 ? (count * 10000 * 2 + total) / (2 * total) : 0;
}

static const char *card_label(int32_t card, int32_t lang)
{
    static const char *const zh[] = {"无", "红牌", "黑牌"}, *const en[] = {"none", "red", "black"};
    return (lang == PMINDEX_LANG_EN ? en : zh)[card];
}

static const char *tier_label(const pmindex_model *m, int32_t tier, int32_t lang)
{
    return pmindex_model_tier_label(m, tier, lang);
}

/* A compound's index under a model, or "-". */
static const char *index_text(const pmindex_district *d, int64_t k, char *buf)
{
    int64_t v;
    return pmindex_district_compound_index(d, k, &v) == 1 ? centi(v, buf) : strcpy(buf, "-");
}

static const char *rank_text(const pmindex_district *d, int64_t k, char *buf)
{
    int64_t r = pmindex_district_compound_rank(d, k, PMINDEX_SCOPE_DISTRICT);
    if (r > 0)
        snprintf(buf, 32, "%lld", (long long)r);
    else
        strcpy(buf, "-");
    return buf;
}

/* A compound's id, name and street as cells of a table line. */
static void compound_cells(char *line, size_t cap, const pmindex_district *d, int64_t k)
{
    char text[256];
    cli_pad(line, cap, pmindex_district_compound_field(d, k, PMINDEX_FIELD_ID), 14);
    cli_pad(line, cap, cli_printable(text, sizeof text,
                                     pmindex_district_compound_field(d, k, PMINDEX_FIELD_NAME)),
            18);
    cli_pad(line, cap, cli_printable(text, sizeof text,
                                     pmindex_district_compound_field(d, k, PMINDEX_FIELD_STREET)),
            14);
}

/* "a → b" into buf. */
static const char *arrow(char *buf, size_t cap, const char *a, const char *b)
{
    snprintf(buf, cap, "%s → %s", a, b);
    return buf;
}

/* ---- the heading: models, parameters, columns, summary ----------------------- */

/* Tiers of the same key (or both fallback) are the same tier. */
static bool same_tier(pmindex_model *const m[2], int32_t a, int32_t b)
{
    if (a < 0 || b < 0)
        return a == b;
    return strcmp(pmindex_model_tier_key(m[0], a), pmindex_model_tier_key(m[1], b)) == 0;
}

static void list_columns(const pmindex_impact *imp, int32_t which, int32_t veto, char *buf,
                         size_t cap, const char *sep)
{
    buf[0] = '\0';
    int64_t n = pmindex_impact_count(imp, PMINDEX_IMPACT_COLUMNS);
    for (int64_t k = 0; k < n; k++) {
        int32_t w, v;
        const char *id = pmindex_impact_column(imp, k, &w, &v);
        if (w != which || v != veto)
            continue;
        if (buf[0])
            strncat(buf, sep, cap - strlen(buf) - 1);
        strncat(buf, id, cap - strlen(buf) - 1);
    }
}

/* The columns only one model has, in sentences: for the table, or as notes
 * on standard error beside CSV, which has no place for them. */
static void columns_notes(const pmindex_impact *imp, int32_t lang, struct output *out,
                          bool to_stderr)
{
    bool en = lang == PMINDEX_LANG_EN;
    static const char *const zh[] = {"新模型有而评分表没有的项目，在新模型下按不适用计：",
                                     "新模型有而评分表没有的否决事项，在新模型下按未发生计：",
                                     "新模型没有的列，不计入新模型："};
    static const char *const english[] = {
        "items of the new model that the sheets lack, not applicable under it: ",
        "vetoes of the new model that the sheets lack, not confirmed under it: ",
        "columns the new model does not know, ignored: "};
    static const int32_t which[] = {PMINDEX_NEW, PMINDEX_NEW, PMINDEX_OLD};
    static const int32_t veto[] = {0, 1, -1};
    for (int s = 0; s < 3; s++) {
        char ids[4096] = "", more[4096];
        const char *sep = en ? ", " : "、";
        for (int32_t v = veto[s] < 0 ? 0 : veto[s]; v <= (veto[s] < 0 ? 1 : veto[s]); v++) {
            list_columns(imp, which[s], v, more, sizeof more, sep);
            if (more[0] && ids[0])
                strncat(ids, sep, sizeof ids - strlen(ids) - 1);
            strncat(ids, more, sizeof ids - strlen(ids) - 1);
        }
        if (!ids[0])
            continue;
        const char *text = en ? english[s] : zh[s];
        if (to_stderr)
            fprintf(stderr, "%s: note: %s%s\n", program, text, ids);
        else
            output_printf(out, "%s%s\n", text, ids);
    }
}

static void heading(const struct impact_options *o, pmindex_model *const m[2],
                    const pmindex_model_diff *diff, const pmindex_impact *imp,
                    struct output *out)
{
    bool en = o->lang == PMINDEX_LANG_EN;
    char stored[128];
    snprintf(stored, sizeof stored, en ? "the model of %s in the ledger" : "台账中 %s 期所用的模型",
             o->period_name);
    const char *source[2];
    for (int w = 0; w < 2; w++)
        source[w] = o->stored[w]   ? stored
                    : o->models[w] ? o->models[w]
                    : en           ? "the embedded model"
                                   : "内置模型";
    output_printf(out, en ? "Impact of a new model\nOld model: %s (%s)\nNew model: %s (%s)\n"
                          : "新模型的影响\n旧模型：%s（%s）\n新模型：%s（%s）\n",
                  pmindex_model_name(m[0], o->lang), source[0], pmindex_model_name(m[1], o->lang),
                  source[1]);
    if (o->db)
        output_printf(out, en ? "Ledger: %s, period %s" : "台账：%s，%s 期", o->db,
                      o->period_name);
    else
        output_puts(out, en ? "Score sheets: " : "评分表：");
    for (int k = 0; k < o->nsheets; k++)
        output_printf(out, "%s%s", k ? (en ? ", " : "、") : "", cli_sheet_name(o->sheets[k]));
    output_puts(out, en ? "\n\nWhat changes in the model\n" : "\n\n模型参数的变化\n");
    model_diff_write(diff, o->names[0], o->names[1], o->lang, out);
    if (pmindex_impact_count(imp, PMINDEX_IMPACT_COLUMNS) > 0) {
        output_puts(out, en ? "\nColumns\n" : "\n评分表的列\n");
        columns_notes(imp, o->lang, out, false);
    }
    const pmindex_district *d = pmindex_impact_district(imp, PMINDEX_OLD);
    int64_t tiers = 0, cards = 0;
    for (int32_t a = 0; a < 3; a++)
        for (int32_t b = 0; b < 3; b++)
            cards += a != b ? pmindex_impact_transitions(imp, PMINDEX_IMPACT_CARDS, a, b) : 0;
    /* A tier of the same key under both models is the same tier. */
    for (int32_t a = PMINDEX_TIER_FALLBACK; a < pmindex_model_tier_count(m[0]); a++)
        for (int32_t b = PMINDEX_TIER_FALLBACK; b < pmindex_model_tier_count(m[1]); b++)
            if (!same_tier(m, a, b))
                tiers += pmindex_impact_transitions(imp, PMINDEX_IMPACT_TIERS, a, b);
    int64_t changed = pmindex_impact_count(imp, PMINDEX_IMPACT_CHANGES);
    output_printf(out,
                  en ? "\n%lld compounds: %lld change tier, %lld change card, %lld in all; in "
                       "the district ranking %lld rise and %lld fall\n"
                     : "\n共 %lld 个小区：等级变化 %lld 个，牌变化 %lld 个，合计 %lld 个；"
                       "全区排名上升 %lld 个，下降 %lld 个\n",
                  (long long)pmindex_district_count(d), (long long)tiers, (long long)cards,
                  (long long)changed, (long long)pmindex_impact_count(imp, PMINDEX_IMPACT_UP),
                  (long long)pmindex_impact_count(imp, PMINDEX_IMPACT_DOWN));
}

/* ---- the matrices ------------------------------------------------------------ */

struct axis {
    int32_t n;            /* values, the last one fallback for tiers */
    const char *label[17];
    int32_t value[17];
};

static void tier_axis(const pmindex_model *m, int32_t lang, struct axis *a)
{
    a->n = pmindex_model_tier_count(m) + 1;
    for (int32_t t = 0; t < a->n; t++) {
        a->value[t] = t < a->n - 1 ? t : PMINDEX_TIER_FALLBACK;
        a->label[t] = tier_label(m, a->value[t], lang);
    }
}

static void card_axis(int32_t lang, struct axis *a)
{
    a->n = 3;
    for (int32_t c = 0; c < 3; c++) {
        a->value[c] = c;
        a->label[c] = card_label(c, lang);
    }
}

static int axis_width(const struct axis *a, int least)
{
    int w = least;
    for (int32_t i = 0; i < a->n; i++)
        if (cli_width(a->label[i]) > w)
            w = cli_width(a->label[i]);
    return w;
}

/* Rows: the old model's values; columns: the new model's, each as wide as
 * its label; each row's counts, then its shares of the row on a line of
 * their own. */
static void matrix(const pmindex_impact *imp, int32_t part, const struct axis *rows,
                   const struct axis *cols, int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    const char *total_label = en ? "Total" : "合计", *corner = en ? "Old \\ New" : "旧 \\ 新";
    int first = axis_width(rows, cli_width(corner)) + 2, width[18];
    for (int32_t c = 0; c <= cols->n; c++) {
        int w = cli_width(c < cols->n ? cols->label[c] : total_label);
        width[c] = (w > 7 ? w : 7) + 2;
    }
    char line[4096] = "", num[48];
    cli_pad(line, sizeof line, corner, first);
    for (int32_t c = 0; c < cols->n; c++)
        cli_pad_left(line, sizeof line, cols->label[c], width[c]);
    cli_pad_left(line, sizeof line, total_label, width[cols->n]);
    output_line(out, line);
    int64_t totals[18] = {0}, all = 0;
    for (int32_t r = 0; r < rows->n; r++) {
        int64_t counts[17], sum = 0;
        line[0] = '\0';
        cli_pad(line, sizeof line, rows->label[r], first);
        for (int32_t c = 0; c < cols->n; c++) {
            counts[c] = pmindex_impact_transitions(imp, part, rows->value[r], cols->value[c]);
            sum += counts[c];
            totals[c] += counts[c];
            snprintf(num, sizeof num, "%lld", (long long)counts[c]);
            cli_pad_left(line, sizeof line, num, width[c]);
        }
        all += sum;
        snprintf(num, sizeof num, "%lld", (long long)sum);
        cli_pad_left(line, sizeof line, num, width[cols->n]);
        output_line(out, line);
        if (sum == 0)
            continue;
        line[0] = '\0';
        cli_pad(line, sizeof line, "", first);
        for (int32_t c = 0; c < cols->n; c++) {
            centi(share_of(counts[c], sum), num);
            strcat(num, "%");
            cli_pad_left(line, sizeof line, num, width[c]);
        }
        output_line(out, line);
    }
    line[0] = '\0';
    cli_pad(line, sizeof line, total_label, first);
    for (int32_t c = 0; c < cols->n; c++) {
        snprintf(num, sizeof num, "%lld", (long long)totals[c]);
        cli_pad_left(line, sizeof line, num, width[c]);
    }
    snprintf(num, sizeof num, "%lld", (long long)all);
    cli_pad_left(line, sizeof line, num, width[cols->n]);
    output_line(out, line);
}

static void matrices(const pmindex_impact *imp, pmindex_model *const m[2], int32_t lang,
                     struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    struct axis rows, cols;
    output_puts(out, en ? "\nTiers: old model (rows) to new model (columns), with each row's "
                          "shares\n"
                        : "\n等级变化：行为旧模型，列为新模型，下行为占该行的比例\n");
    tier_axis(m[0], lang, &rows);
    tier_axis(m[1], lang, &cols);
    matrix(imp, PMINDEX_IMPACT_TIERS, &rows, &cols, lang, out);
    output_puts(out, en ? "\nCards: old model (rows) to new model (columns), with each row's "
                          "shares\n"
                        : "\n牌的变化：行为旧模型，列为新模型，下行为占该行的比例\n");
    card_axis(lang, &rows);
    card_axis(lang, &cols);
    matrix(imp, PMINDEX_IMPACT_CARDS, &rows, &cols, lang, out);
}

/* ---- the compounds that change ------------------------------------------------ */

static void change_items(const pmindex_impact *imp, pmindex_model *const m[2], int64_t n,
                         int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    int32_t count = pmindex_impact_item_count(imp, n);
    for (int32_t k = 0; k < count && k < TABLE_ITEMS; k++) {
        int32_t item[2];
        int64_t points[2], change;
        pmindex_impact_item(imp, n, k, &item[0], &item[1], &points[0], &points[1], &change);
        int32_t w = item[1] >= 0 ? 1 : 0;
        char line[1024] = "      ", a[32], b[32], c[32];
        cli_pad(line, sizeof line, pmindex_model_item_id(m[w], item[w]), 6);
        cli_pad(line, sizeof line, pmindex_model_item_name(m[w], item[w], lang), 30);
        cli_pad_left(line, sizeof line, points[0] >= 0 ? centi(points[0], a) : "-", 7);
        strcat(line, " → ");
        cli_pad(line, sizeof line, points[1] >= 0 ? centi(points[1], b) : "-", 7);
        cli_pad_left(line, sizeof line, signed_centi(change, c), 7);
        output_line(out, line);
    }
    if (count > TABLE_ITEMS)
        output_printf(out, en ? "      ... and %d more items\n" : "      …… 另有 %d 个项目\n",
                      (int)(count - TABLE_ITEMS));
}

static void change_rules(const pmindex_impact *imp, int64_t n, int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    static const char *const zh[] = {"仅旧模型", "仅新模型"}, *const english[] = {"old model only",
                                                                                  "new model only"};
    char line[2048] = "";
    for (int32_t w = 0; w < 2; w++) {
        int32_t count = pmindex_impact_rule_count(imp, n, w);
        if (count <= 0)
            continue;
        size_t len = strlen(line);
        snprintf(line + len, sizeof line - len, "%s%s%s", line[0] ? (en ? "; " : "；") : "",
                 en ? english[w] : zh[w], en ? ": " : "：");
        for (int32_t k = 0; k < count; k++) {
            char words[256];
            pmindex_impact_rule_label(imp, n, w, k, lang, words, sizeof words);
            len = strlen(line);
            snprintf(line + len, sizeof line - len, "%s%s", k ? (en ? ", " : "、") : "", words);
        }
    }
    if (line[0])
        output_printf(out, en ? "      rules: %s\n" : "      规则：%s\n", line);
}

static void change(const pmindex_impact *imp, pmindex_model *const m[2], int64_t n, int32_t lang,
                   struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    const pmindex_district *d[2] = {pmindex_impact_district(imp, PMINDEX_OLD),
                                    pmindex_impact_district(imp, PMINDEX_NEW)};
    int64_t k = pmindex_impact_compound(imp, PMINDEX_IMPACT_CHANGES, n);
    char line[1024] = "  ", text[256], a[32], b[32], x[128], y[128], z[128];
    compound_cells(line, sizeof line, d[1], k);
    output_line(out, line);
    int32_t card[2] = {pmindex_district_compound_card(d[0], k),
                       pmindex_district_compound_card(d[1], k)};
    int32_t tier[2] = {pmindex_district_compound_tier(d[0], k),
                       pmindex_district_compound_tier(d[1], k)};
    output_printf(out,
                  en ? "      index %s; tier %s; card %s; rank %s\n"
                     : "      指数 %s；等级 %s；牌 %s；排名 %s\n",
                  arrow(x, sizeof x, index_text(d[0], k, a), index_text(d[1], k, b)),
                  arrow(y, sizeof y, tier_label(m[0], tier[0], lang),
                        tier_label(m[1], tier[1], lang)),
                  arrow(z, sizeof z, card_label(card[0], lang), card_label(card[1], lang)),
                  arrow(text, sizeof text, rank_text(d[0], k, a), rank_text(d[1], k, b)));
    int32_t by[2] = {pmindex_impact_index_tier(imp, k, PMINDEX_OLD),
                     pmindex_impact_index_tier(imp, k, PMINDEX_NEW)};
    if (!same_tier(m, by[0], by[1]))
        output_printf(out, en ? "      by its index alone: %s\n" : "      仅按指数：%s\n",
                      arrow(x, sizeof x, tier_label(m[0], by[0], lang),
                            tier_label(m[1], by[1], lang)));
    change_items(imp, m, n, lang, out);
    change_rules(imp, n, lang, out);
}

static void changes(const pmindex_impact *imp, pmindex_model *const m[2], int32_t lang,
                    struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    const pmindex_district *d[2] = {pmindex_impact_district(imp, PMINDEX_OLD),
                                    pmindex_impact_district(imp, PMINDEX_NEW)};
    int64_t count = pmindex_impact_count(imp, PMINDEX_IMPACT_CHANGES);
    output_printf(out, en ? "\nCompounds whose tier or card changes: %lld\n"
                          : "\n等级或牌有变化的小区：%lld 个\n",
                  (long long)count);
    if (count > 0)
        output_puts(out, en ? "(items: points under the old and the new model, and the change "
                              "of their part of the index)\n"
                            : "（项目：旧模型与新模型下的得分，及其在指数中的变化）\n");
    int32_t group[2] = {-2, -2};
    for (int64_t n = 0; n < count; n++) {
        int64_t k = pmindex_impact_compound(imp, PMINDEX_IMPACT_CHANGES, n);
        int32_t t[2] = {pmindex_district_compound_tier(d[0], k),
                        pmindex_district_compound_tier(d[1], k)};
        if (t[0] != group[0] || t[1] != group[1]) {
            group[0] = t[0];
            group[1] = t[1];
            int64_t same = pmindex_impact_transitions(imp, PMINDEX_IMPACT_TIERS, t[0], t[1]);
            char x[128];
            if (same_tier(m, t[0], t[1]))
                output_printf(out, en ? "\n%s, the card changes\n" : "\n%s，牌有变化\n",
                              tier_label(m[1], t[1], lang));
            else
                output_printf(out, en ? "\n%s (%lld)\n" : "\n%s（%lld 个）\n",
                              arrow(x, sizeof x, tier_label(m[0], t[0], lang),
                                    tier_label(m[1], t[1], lang)),
                              (long long)same);
        }
        change(imp, m, n, lang, out);
    }
}

/* ---- movers ----------------------------------------------------------------------- */

static void movers(const pmindex_impact *imp, pmindex_model *const m[2], int32_t part,
                   int64_t limit, int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    const pmindex_district *d[2] = {pmindex_impact_district(imp, PMINDEX_OLD),
                                    pmindex_impact_district(imp, PMINDEX_NEW)};
    int64_t count = pmindex_impact_count(imp, part), shown = count < limit ? count : limit;
    bool up = part == PMINDEX_IMPACT_UP;
    if (up)
        output_printf(out, en ? "\nBiggest rises in the district ranking: %lld of %lld\n"
                              : "\n全区排名上升最多的小区：%lld 个（共 %lld 个）\n",
                      (long long)shown, (long long)count);
    else
        output_printf(out, en ? "\nBiggest falls in the district ranking: %lld of %lld\n"
                              : "\n全区排名下降最多的小区：%lld 个（共 %lld 个）\n",
                      (long long)shown, (long long)count);
    if (shown == 0)
        return;
    char line[1024] = "  ", a[32], b[32], x[128];
    cli_pad(line, sizeof line, en ? "Rank" : "排名", 16);
    cli_pad_left(line, sizeof line, en ? "Change" : "变化", 7);
    strcat(line, "  ");
    cli_pad(line, sizeof line, en ? "ID" : "小区编号", 14);
    cli_pad(line, sizeof line, en ? "Name" : "小区名称", 18);
    cli_pad(line, sizeof line, en ? "Street" : "街道", 14);
    cli_pad(line, sizeof line, en ? "Index" : "指数", 17);
    strncat(line, en ? "Tier" : "等级", sizeof line - strlen(line) - 1);
    output_line(out, line);
    for (int64_t n = 0; n < shown; n++) {
        int64_t k = pmindex_impact_compound(imp, part, n);
        int64_t ro = pmindex_district_compound_rank(d[0], k, PMINDEX_SCOPE_DISTRICT);
        int64_t rn = pmindex_district_compound_rank(d[1], k, PMINDEX_SCOPE_DISTRICT);
        strcpy(line, "  ");
        cli_pad(line, sizeof line, arrow(x, sizeof x, rank_text(d[0], k, a), rank_text(d[1], k, b)),
                16);
        snprintf(a, sizeof a, "%+lld", (long long)(ro - rn));
        cli_pad_left(line, sizeof line, a, 7);
        strcat(line, "  ");
        compound_cells(line, sizeof line, d[1], k);
        cli_pad(line, sizeof line, arrow(x, sizeof x, index_text(d[0], k, a), index_text(d[1], k, b)),
                17);
        strncat(line,
                arrow(x, sizeof x,
                      tier_label(m[0], pmindex_district_compound_tier(d[0], k), lang),
                      tier_label(m[1], pmindex_district_compound_tier(d[1], k), lang)),
                sizeof line - strlen(line) - 1);
        output_line(out, line);
    }
}

/* ---- streets, stations, companies ----------------------------------------------- */

/* "5/10/6/1/0": a group's compounds per tier of a model, fallback last. */
static const char *tier_counts(const pmindex_district *d, const pmindex_model *m, int32_t scope,
                               int32_t g, char *buf, size_t cap)
{
    buf[0] = '\0';
    int32_t nt = pmindex_model_tier_count(m);
    for (int32_t t = 0; t <= nt; t++) {
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, "%s%lld", t ? "/" : "",
                 (long long)pmindex_district_group_tier_count(d, scope, g,
                                                              t < nt ? t : PMINDEX_TIER_FALLBACK));
    }
    return buf;
}

static const char *tier_legend(const pmindex_model *m, int32_t lang, char *buf, size_t cap)
{
    buf[0] = '\0';
    int32_t nt = pmindex_model_tier_count(m);
    for (int32_t t = 0; t <= nt; t++) {
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, "%s%s", t ? "/" : "",
                 tier_label(m, t < nt ? t : PMINDEX_TIER_FALLBACK, lang));
    }
    return buf;
}

static const char *lists_text(int32_t lists, int32_t lang)
{
    bool en = lang == PMINDEX_LANG_EN;
    if ((lists & PMINDEX_LIST_HONOUR) && (lists & PMINDEX_LIST_WATCH))
        return en ? "honour, watch" : "红榜、重点关注";
    if (lists & PMINDEX_LIST_HONOUR)
        return en ? "honour" : "红榜";
    if (lists & PMINDEX_LIST_WATCH)
        return en ? "watch" : "重点关注";
    return "-";
}

static void groups(const pmindex_impact *imp, pmindex_model *const m[2], int32_t part,
                   int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    static const char *const zh[] = {"街道", "派出所", "物业服务企业"};
    static const char *const english[] = {"Streets", "Police stations", "Companies"};
    static const char *const head_zh[] = {"街道", "派出所", "物业服务企业"};
    static const char *const head_en[] = {"Street", "Police station", "Company"};
    int p = part - PMINDEX_IMPACT_STREETS;
    int32_t scope = PMINDEX_SCOPE_STREET + p;
    bool companies = part == PMINDEX_IMPACT_COMPANIES;
    const pmindex_district *d[2] = {pmindex_impact_district(imp, PMINDEX_OLD),
                                    pmindex_impact_district(imp, PMINDEX_NEW)};
    char legend[2][512], line[2048], x[512], a[128], b[128];
    output_printf(out,
                  en ? "\n%s (tiers: %s under the old model, %s under the new)\n"
                     : "\n%s（等级：旧模型 %s，新模型 %s）\n",
                  en ? english[p] : zh[p], tier_legend(m[0], lang, legend[0], sizeof legend[0]),
                  tier_legend(m[1], lang, legend[1], sizeof legend[1]));
    int name_width = companies ? 34 : 16;
    line[0] = '\0';
    cli_pad(line, sizeof line, en ? head_en[p] : head_zh[p], name_width);
    cli_pad_left(line, sizeof line, en ? "Compounds" : "小区数", 9);
    strcat(line, "  ");
    cli_pad(line, sizeof line,
            companies ? (en ? "Weighted mean" : "加权均值") : (en ? "Mean" : "均值"), 16);
    cli_pad(line, sizeof line, en ? "Rank" : "排名", 10);
    cli_pad(line, sizeof line, en ? "Tiers" : "等级分布", 26);
    if (companies)
        strncat(line, en ? "Lists" : "名单", sizeof line - strlen(line) - 1);
    output_line(out, line);
    int32_t count = (int32_t)pmindex_impact_count(imp, part);
    int32_t stat = companies ? PMINDEX_STAT_WEIGHTED_MEAN : PMINDEX_STAT_MEAN;
    for (int32_t n = 0; n < count; n++) {
        int32_t g[2] = {pmindex_impact_group(imp, part, n, PMINDEX_OLD),
                        pmindex_impact_group(imp, part, n, PMINDEX_NEW)};
        char text[256];
        line[0] = '\0';
        cli_pad(line, sizeof line,
                cli_printable(text, sizeof text, pmindex_district_group_name(d[1], scope, g[1])),
                name_width);
        snprintf(a, sizeof a, "%lld", (long long)pmindex_district_group_compounds(d[1], scope, g[1]));
        cli_pad_left(line, sizeof line, a, 9);
        strcat(line, "  ");
        int64_t mean[2];
        bool has[2];
        for (int w = 0; w < 2; w++)
            has[w] = pmindex_district_group_stat(d[w], scope, g[w], stat, &mean[w]) == 1;
        cli_pad(line, sizeof line,
                arrow(x, sizeof x, has[0] ? centi(mean[0], a) : "-", has[1] ? centi(mean[1], b) : "-"),
                16);
        int32_t rank[2] = {pmindex_district_group_rank(d[0], scope, g[0]),
                           pmindex_district_group_rank(d[1], scope, g[1])};
        snprintf(a, sizeof a, rank[0] > 0 ? "%d" : "-", (int)rank[0]);
        snprintf(b, sizeof b, rank[1] > 0 ? "%d" : "-", (int)rank[1]);
        cli_pad(line, sizeof line, arrow(x, sizeof x, a, b), 10);
        cli_pad(line, sizeof line,
                arrow(x, sizeof x, tier_counts(d[0], m[0], scope, g[0], a, sizeof a),
                      tier_counts(d[1], m[1], scope, g[1], b, sizeof b)),
                26);
        if (companies)
            strncat(line,
                    arrow(x, sizeof x, lists_text(pmindex_district_group_lists(d[0], scope, g[0]), lang),
                          lists_text(pmindex_district_group_lists(d[1], scope, g[1]), lang)),
                    sizeof line - strlen(line) - 1);
        output_line(out, line);
    }
}

/* ---- the sanction ladder (a ledger's period) ------------------------------------ */

/* "2 → 1": a period's total as stored and under the new model. */
static const char *totals(const pmindex_impact *imp, int64_t n, int32_t total, char *buf,
                          size_t cap)
{
    snprintf(buf, cap, "%lld → %lld",
             (long long)pmindex_impact_period_total(imp, n, PMINDEX_OLD, total),
             (long long)pmindex_impact_period_total(imp, n, PMINDEX_NEW, total));
    return buf;
}

static void ladder_periods(const pmindex_impact *imp, int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    static const int32_t columns[] = {PMINDEX_TOTAL_RED, PMINDEX_TOTAL_BLACK,
                                      PMINDEX_TOTAL_MEASURES, PMINDEX_TOTAL_SANCTIONED};
    static const char *const zh[] = {"红牌", "黑牌", "处罚措施", "处罚在执行"};
    static const char *const english[] = {"Red cards", "Black cards", "Measures", "Sanctioned"};
    static const int width[] = {11, 13, 11, 13};
    char line[1024] = "", cell[64];
    cli_pad(line, sizeof line, en ? "Period" : "期", 8);
    cli_pad_left(line, sizeof line, en ? "Compounds" : "小区数", 9);
    for (size_t c = 0; c < sizeof columns / sizeof columns[0]; c++)
        cli_pad_left(line, sizeof line, en ? english[c] : zh[c], width[c]);
    cli_pad_left(line, sizeof line, en ? "Differ" : "有变化", 8);
    output_line(out, line);
    for (int64_t n = 0; n < pmindex_impact_count(imp, PMINDEX_IMPACT_PERIODS); n++) {
        line[0] = '\0';
        pmindex_period_format(pmindex_impact_period(imp, n), cell, sizeof cell);
        cli_pad(line, sizeof line, cell, 8);
        snprintf(cell, sizeof cell, "%lld",
                 (long long)pmindex_impact_period_total(imp, n, PMINDEX_NEW,
                                                        PMINDEX_TOTAL_COMPOUNDS));
        cli_pad_left(line, sizeof line, cell, 9);
        for (size_t c = 0; c < sizeof columns / sizeof columns[0]; c++)
            cli_pad_left(line, sizeof line, totals(imp, n, columns[c], cell, sizeof cell),
                         width[c]);
        snprintf(cell, sizeof cell, "%lld",
                 (long long)pmindex_impact_period_total(imp, n, PMINDEX_NEW,
                                                        PMINDEX_TOTAL_CHANGED));
        cli_pad_left(line, sizeof line, cell, 8);
        output_line(out, line);
    }
}

/* A measure in words, or "none". */
static const char *measure_text(const pmindex_impact *imp, int64_t n, int32_t which,
                                int32_t lang)
{
    if (pmindex_impact_ladder_int(imp, n, which, PMINDEX_ROW_MEASURE) < 0)
        return lang == PMINDEX_LANG_EN ? "none" : "无";
    return pmindex_impact_ladder_text(imp, n, which,
                                      lang == PMINDEX_LANG_EN ? PMINDEX_ROW_MEASURE_EN
                                                              : PMINDEX_ROW_MEASURE_ZH);
}

/* A compound whose card, level or measure would differ in a period. */
static void ladder_change(const pmindex_impact *imp, int64_t n, int32_t lang, struct output *out)
{
    bool en = lang == PMINDEX_LANG_EN;
    char line[1024] = "  ", text[256], x[128], y[128], z[128], a[16], b[16];
    cli_pad(line, sizeof line, pmindex_impact_ladder_text(imp, n, PMINDEX_NEW,
                                                          PMINDEX_ROW_COMPOUND_ID), 14);
    cli_pad(line, sizeof line,
            cli_printable(text, sizeof text,
                          pmindex_impact_ladder_text(imp, n, PMINDEX_NEW, PMINDEX_ROW_NAME)),
            18);
    cli_pad(line, sizeof line,
            cli_printable(text, sizeof text,
                          pmindex_impact_ladder_text(imp, n, PMINDEX_NEW, PMINDEX_ROW_STREET)),
            14);
    output_line(out, line);
    const pmindex_model *m[2] = {pmindex_impact_ladder_model(imp, n, PMINDEX_OLD),
                                 pmindex_impact_ladder_model(imp, n, PMINDEX_NEW)};
    int32_t tier[2], card[2];
    for (int w = 0; w < 2; w++) {
        tier[w] = (int32_t)pmindex_impact_ladder_int(imp, n, w, PMINDEX_ROW_TIER);
        card[w] = (int32_t)pmindex_impact_ladder_int(imp, n, w, PMINDEX_ROW_CARD);
    }
    snprintf(a, sizeof a, "%lld", (long long)pmindex_impact_ladder_int(imp, n, PMINDEX_OLD,
                                                                       PMINDEX_ROW_LEVEL));
    snprintf(b, sizeof b, "%lld", (long long)pmindex_impact_ladder_int(imp, n, PMINDEX_NEW,
                                                                       PMINDEX_ROW_LEVEL));
    output_printf(out, en ? "      tier %s; card %s; level %s\n" : "      等级 %s；牌 %s；级别 %s\n",
                  arrow(x, sizeof x, tier_label(m[0], tier[0], lang),
                        tier_label(m[1], tier[1], lang)),
                  arrow(y, sizeof y, card_label(card[0], lang), card_label(card[1], lang)),
                  arrow(z, sizeof z, a, b));
    if (pmindex_impact_ladder_int(imp, n, PMINDEX_OLD, PMINDEX_ROW_MEASURE) !=
        pmindex_impact_ladder_int(imp, n, PMINDEX_NEW, PMINDEX_ROW_MEASURE))
        output_printf(out, en ? "      measure: %s → %s\n" : "      措施：%s → %s\n",
                      measure_text(imp, n, PMINDEX_OLD, lang),
                      measure_text(imp, n, PMINDEX_NEW, lang));
}

static void ladder(const struct impact_options *o, const pmindex_impact *imp, struct output *out)
{
    bool en = o->lang == PMINDEX_LANG_EN;
    output_printf(out,
                  en ? "\nThe sanction ladder had the new model been used from %s on\n"
                       "(as the ledger stored it → under the new model; each compound starts "
                       "from its state in the ledger before %s)\n"
                     : "\n若自 %s 期起采用新模型：奖惩阶梯的结果\n"
                       "（台账所记 → 新模型下；各小区从台账中 %s 期之前的状态起算）\n",
                  o->period_name, o->period_name);
    ladder_periods(imp, o->lang, out);
    int64_t count = pmindex_impact_count(imp, PMINDEX_IMPACT_LADDER);
    output_printf(out,
                  en ? "\nCompounds and periods whose card, level or measure would differ: "
                       "%lld\n"
                     : "\n牌、级别或措施会不同的小区和期：%lld 条\n",
                  (long long)count);
    int32_t period = 0;
    for (int64_t n = 0; n < count; n++) {
        int32_t p = (int32_t)pmindex_impact_ladder_int(imp, n, PMINDEX_NEW, PMINDEX_ROW_PERIOD);
        if (p != period) {
            period = p;
            output_printf(out, "\n%s\n",
                          pmindex_impact_ladder_text(imp, n, PMINDEX_NEW,
                                                     PMINDEX_ROW_PERIOD_NAME));
        }
        ladder_change(imp, n, o->lang, out);
    }
}

static void table(const struct impact_options *o, pmindex_model *const m[2],
                  const pmindex_model_diff *diff, const pmindex_impact *imp, struct output *out)
{
    heading(o, m, diff, imp, out);
    matrices(imp, m, o->lang, out);
    changes(imp, m, o->lang, out);
    movers(imp, m, PMINDEX_IMPACT_UP, o->movers, o->lang, out);
    movers(imp, m, PMINDEX_IMPACT_DOWN, o->movers, o->lang, out);
    for (size_t p = 0; p < sizeof group_parts / sizeof group_parts[0]; p++)
        groups(imp, m, group_parts[p], o->lang, out);
    if (o->db)
        ladder(o, imp, out);
}

/* ---- records ------------------------------------------------------------------- */

struct buffer {
    char *buf;
    size_t cap;
};

/* Writes one record made by fill(); grows the buffer as it asks. */
static int put_record(struct buffer *b, struct output *out,
                      int64_t (*fill)(const void *, int64_t, void *, char *, size_t),
                      const void *obj, int64_t n, void *arg)
{
    for (;;) {
        int64_t len = fill(obj, n, arg, b->buf, b->cap);
        if (len < 0)
            return -1;
        if ((size_t)len < b->cap) {
            output_write(out, b->buf, (size_t)len);
            return 0;
        }
        char *bigger = realloc(b->buf, (size_t)len + 1);
        if (!bigger)
            return -1;
        b->buf = bigger;
        b->cap = (size_t)len + 1;
    }
}

struct part_arg {
    int32_t part, format;
    bool header;
};

static int64_t fill_impact(const void *obj, int64_t n, void *arg, char *buf, size_t cap)
{
    const struct part_arg *p = arg;
    if (p->header)
        return pmindex_impact_header(obj, p->part, p->format, 0, buf, cap);
    return pmindex_impact_record(obj, p->part, n, p->format, 0, buf, cap);
}

static int64_t fill_diff(const void *obj, int64_t n, void *arg, char *buf, size_t cap)
{
    (void)arg;
    return pmindex_model_diff_record(obj, n, PMINDEX_FORMAT_JSONL, 0, buf, cap);
}

static int write_part(struct buffer *b, struct output *out, const pmindex_impact *imp,
                      int32_t part, int32_t format, int64_t limit)
{
    int64_t n = pmindex_impact_count(imp, part);
    struct part_arg arg = {part, format, false};
    for (int64_t k = 0; k < n && k < limit; k++)
        if (put_record(b, out, fill_impact, imp, k, &arg) != 0)
            return -1;
    return 0;
}

/* CSV: the compounds whose tier or card changes; on a ledger's period,
 * each compound and period whose card, level or measure would differ (the
 * question only a ledger answers; JSON Lines has both). JSON Lines: the
 * whole report, the parameter diff first. */
static int records(const struct impact_options *o, const pmindex_model_diff *diff,
                   const pmindex_impact *imp, struct output *out)
{
    struct buffer b = {malloc(1 << 16), 1 << 16};
    if (!b.buf)
        return -1;
    int rc = 0;
    if (o->format == FORMAT_CSV) {
        int32_t part = o->db ? PMINDEX_IMPACT_LADDER : PMINDEX_IMPACT_CHANGES;
        struct part_arg head = {part, PMINDEX_FORMAT_CSV, true};
        rc = put_record(&b, out, fill_impact, imp, 0, &head);
        if (rc == 0)
            rc = write_part(&b, out, imp, part, PMINDEX_FORMAT_CSV, INT64_MAX);
    } else {
        for (int64_t n = 0; rc == 0 && n < pmindex_model_diff_count(diff); n++)
            rc = put_record(&b, out, fill_diff, diff, n, NULL);
        static const int32_t parts[] = {
            PMINDEX_IMPACT_SUMMARY, PMINDEX_IMPACT_COLUMNS, PMINDEX_IMPACT_TIERS,
            PMINDEX_IMPACT_CARDS,   PMINDEX_IMPACT_CHANGES, PMINDEX_IMPACT_UP,
            PMINDEX_IMPACT_DOWN,    PMINDEX_IMPACT_STREETS, PMINDEX_IMPACT_STATIONS,
            PMINDEX_IMPACT_COMPANIES, PMINDEX_IMPACT_PERIODS, PMINDEX_IMPACT_LADDER};
        for (size_t p = 0; rc == 0 && p < sizeof parts / sizeof parts[0]; p++) {
            bool mover = parts[p] == PMINDEX_IMPACT_UP || parts[p] == PMINDEX_IMPACT_DOWN;
            rc = write_part(&b, out, imp, parts[p], PMINDEX_FORMAT_JSONL,
                            mover ? o->movers : INT64_MAX);
        }
    }
    free(b.buf);
    return rc;
}

/* ---- a ledger's period ------------------------------------------------------------ */

/* The ledger, only read: a ledger of pmindex 1.1 is refused, not upgraded,
 * so that its file stays as it is. */
static pmindex_ledger *open_ledger(const struct impact_options *o, struct cli_errors *errors)
{
    pmindex_ledger *l = NULL;
    pmindex_error *e = NULL;
    int rc = pmindex_error_new(&e);
    if (rc == PMINDEX_OK)
        rc = pmindex_ledger_open(o->db, PMINDEX_LEDGER_READONLY | PMINDEX_LEDGER_NO_UPGRADE, &l,
                                 e);
    if (rc == PMINDEX_E_STATE) {
        errors->count++;
        fprintf(stderr,
                "%s: %s: period %s was stored by pmindex 1.1, which kept the points and not what "
                "was observed: it cannot be scored under another model (the ledger, of pmindex "
                "1.1, is left as it is)\n",
                program, o->db, o->period_name);
    } else if (rc != PMINDEX_OK && e) {
        cli_report(errors, e);
    } else if (rc != PMINDEX_OK) {
        errors->count++;
        fprintf(stderr, "%s: %s\n", program, pmindex_strerror(rc));
    }
    pmindex_error_free(e);
    return l;
}

/* Why the period has no model: revoked, or never applied. */
static void not_in_force(pmindex_ledger *l, const struct impact_options *o,
                         struct cli_errors *errors)
{
    pmindex_ledger_rows *rows = NULL;
    int rc = pmindex_ledger_rows_new(l, o->period, NULL, PMINDEX_LEDGER_REVOKED, &rows);
    bool revoked = rc == PMINDEX_OK && pmindex_ledger_rows_next(rows) == 1;
    pmindex_ledger_rows_free(rows);
    errors->count++;
    if (revoked)
        fprintf(stderr,
                "%s: %s: period %s was revoked and not applied again: compare on a period in "
                "force\n",
                program, o->db, o->period_name);
    else
        fprintf(stderr, "%s: %s: period %s is not in the ledger\n", program, o->db,
                o->period_name);
}

/* The model period P was applied with, as the ledger keeps it. */
static pmindex_model *period_model(pmindex_ledger *l, const struct impact_options *o,
                                   struct cli_errors *errors)
{
    int64_t n = pmindex_ledger_period_model(l, o->period, NULL, 0);
    if (n == PMINDEX_E_NOT_FOUND) {
        not_in_force(l, o, errors);
        return NULL;
    }
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    pmindex_model *m = NULL;
    pmindex_error *e = NULL;
    int rc = n < 0 ? (int)n : !text ? PMINDEX_E_NOMEM : pmindex_error_new(&e);
    if (rc == PMINDEX_OK) {
        pmindex_ledger_period_model(l, o->period, text, (size_t)n + 1);
        rc = pmindex_model_load_ini_memory(text, (size_t)n, o->db, &m, e);
    }
    if (rc != PMINDEX_OK) {
        errors->count++;
        fprintf(stderr, "%s: %s: the model of period %s: %s\n", program, o->db, o->period_name,
                e ? pmindex_error_message(e)
                : n < 0 ? pmindex_error_message(pmindex_ledger_error(l))
                        : pmindex_strerror(rc));
    }
    pmindex_error_free(e);
    free(text);
    return m;
}

/* OLD must score as the period's model: else the differences that decide
 * verdicts are listed (the period's value first), and the way out. */
static bool scores_as_stored(const struct impact_options *o, const pmindex_model *stored,
                             const pmindex_model *old, struct cli_errors *errors)
{
    pmindex_model_diff *diff = model_diff(stored, old);
    if (!diff) {
        errors->count++;
        return false;
    }
    int64_t deciding = 0;
    for (int64_t n = 0; n < pmindex_model_diff_count(diff); n++)
        deciding += pmindex_model_diff_decides(diff, n) == 1;
    if (deciding > 0) {
        errors->count++;
        fprintf(stderr,
                "%s: %s is not the model period %s was applied with, which only its legal "
                "bases may differ from; %lld difference%s (the period's model, then %s):\n",
                program, o->names[0], o->period_name, (long long)deciding,
                deciding == 1 ? "" : "s", o->names[0]);
        struct output err = {.fp = stderr};
        for (int64_t n = 0; n < pmindex_model_diff_count(diff); n++)
            if (pmindex_model_diff_decides(diff, n) == 1) {
                output_puts(&err, "  ");
                model_diff_line(diff, n, o->lang, &err);
            }
        fprintf(stderr, "%s: give ledger as OLD to start from the period's own model\n",
                program);
    }
    pmindex_model_diff_free(diff);
    return deciding == 0;
}

/* ---- the command ----------------------------------------------------------------- */

/* The compounds into the impact: from the sheets, or the ledger's period. */
static void feed(const struct impact_options *o, pmindex_impact *imp, pmindex_ledger *l,
                 pmindex_model *const m[2], struct cli_errors *errors)
{
    if (!l) {
        struct reading reading = {o, imp, errors};
        cli_read_sheets(m[0], o->sheets, o->nsheets, o->encoding, o->merge_flags, add, &reading,
                        errors);
    } else if (pmindex_impact_add_ledger(imp, l, o->period, 0) != PMINDEX_OK) {
        cli_report(errors, pmindex_impact_error(imp));
    }
}

static int compare(const struct impact_options *o, pmindex_model *const m[2], pmindex_ledger *l,
                   struct cli_errors *errors)
{
    pmindex_model_diff *diff = model_diff(m[0], m[1]);
    pmindex_impact *imp = NULL;
    if (!diff)
        return EXIT_INPUT;
    if (pmindex_impact_new(m[0], m[1], &imp) != PMINDEX_OK) {
        fprintf(stderr, "%s: out of memory\n", program);
        pmindex_model_diff_free(diff);
        return EXIT_INPUT;
    }
    feed(o, imp, l, m, errors);
    if (errors->count == 0 && pmindex_impact_compute(imp) != PMINDEX_OK)
        cli_report(errors, pmindex_impact_error(imp));
    cli_report_end(errors);
    struct output out;
    int rc = EXIT_INPUT;
    if (errors->count > 0) {
        cli_report_outcome(errors, "no output was written");
    } else if (output_open(&out, o->out, program) == 0) {
        int written = 0;
        if (o->format == FORMAT_TABLE)
            table(o, m, diff, imp, &out);
        else
            written = records(o, diff, imp, &out);
        if (written != 0) {
            output_abort(&out);
            fprintf(stderr, "%s: out of memory; no output was written\n", program);
        } else {
            rc = output_commit(&out, program) == 0 ? EXIT_OK : EXIT_INPUT;
        }
        if (rc == EXIT_OK && o->format == FORMAT_CSV && !l)
            columns_notes(imp, o->lang, NULL, true);
    }
    pmindex_impact_free(imp);
    pmindex_model_diff_free(diff);
    return rc;
}

/* OLD and NEW: files, the embedded model, or (with --db) the period's. */
static void load_models(const struct impact_options *o, pmindex_ledger *l, pmindex_model *m[2],
                        struct cli_errors *errors)
{
    pmindex_model *stored = l ? period_model(l, o, errors) : NULL;
    if (l && !stored)
        return;
    for (int w = 0; w < 2; w++)
        m[w] = o->stored[w] ? period_model(l, o, errors) : cli_load_model(o->models[w], errors);
    if (stored && m[0] && !o->stored[0] && !scores_as_stored(o, stored, m[0], errors)) {
        pmindex_model_free(m[0]);
        m[0] = NULL;
    }
    pmindex_model_free(stored);
}

int impact_run(const struct impact_options *o, struct cli_errors *errors)
{
    pmindex_model *m[2] = {NULL, NULL};
    pmindex_ledger *l = o->db ? open_ledger(o, errors) : NULL;
    int rc = EXIT_INPUT;
    if (!o->db || l)
        load_models(o, l, m, errors);
    if (m[0] && m[1])
        rc = compare(o, m, l, errors);
    else
        cli_report_end(errors);
    pmindex_model_free(m[0]);
    pmindex_model_free(m[1]);
    pmindex_ledger_free(l);
    return rc;
}
