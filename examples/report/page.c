/* The page: head and style, the table of contents, then the sections in
 * order. Every text from a sheet, a model or a ledger goes through
 * html_escape() (html_put's %s); markup is the program's own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "style.css.h"

const char *card_words(const struct html *h, int32_t card)
{
    return card == PMINDEX_CARD_RED     ? TR(h, "红牌", "red card")
           : card == PMINDEX_CARD_BLACK ? TR(h, "黑牌", "black card")
                                        : TR(h, "无", "none");
}

const char *tier_words(const struct html *h, const pmindex_model *m, int32_t tier)
{
    return pmindex_model_tier_label(m, tier, h->lang);
}

static void card_badge(struct html *h, int32_t card)
{
    if (card == PMINDEX_CARD_NONE)
        html_put(h, "%s", card_words(h, card));
    else
        html_put(h, "<span class=\"card card-%S\">%s</span>",
                 card == PMINDEX_CARD_RED ? "red" : "black", card_words(h, card));
}

static void index_cell(struct html *h, int64_t index)
{
    if (index >= 0)
        html_put(h, "<td class=\"num\">%C</td>", index);
    else
        html_put(h, "<td class=\"num\">–</td>");
}

/* The sections, their ids and headings. */
enum section { S_GLANCE, S_DISTRIBUTION, S_GROUPS, S_LISTS, S_LADDER, S_COMPOUNDS, S_NOTICES,
               S_COUNT };
static const struct {
    const char *id, *zh, *en;
} sections[S_COUNT] = {
    {"glance", "本期概览", "The period at a glance"},
    {"distribution", "指数分布", "The distribution of the index"},
    {"groups", "街道、派出所与物业服务企业比较", "Streets, police stations and companies compared"},
    {"lists", "红黑榜", "The red list and the black list"},
    {"ladder", "阶梯惩戒与指数走势", "The ladder this period, and the index over time"},
    {"compounds", "小区详情", "Compounds in detail"},
    {"notices", "整改通知书", "Rectification notices"},
};

static void open_section(struct html *h, enum section s)
{
    html_put(h, "<section id=\"%S\" aria-labelledby=\"%S-h\"><h2 id=\"%S-h\">%d. %s</h2>\n",
             sections[s].id, sections[s].id, sections[s].id, (int)s + 1,
             TR(h, sections[s].zh, sections[s].en));
}

/* "… and N more: how to get them", after a list cut at the limit. */
static void more_rows(struct html *h, int64_t shown, int64_t all, const char *what_zh,
                      const char *what_en, const char *how)
{
    if (shown >= all)
        return;
    html_put(h, "<p class=\"note more\" data-more=\"%D\">", all - shown);
    html_put(h, TR(h, "此处列出前 %D 个，另有 %D 个%s未列出（共 %D 个）。完整名单：%S；或以 --limit 0 生成本报告。",
                   "The first %D are shown; %D more %s are not (%D in all). The whole list: %S; "
                   "or make this report with --limit 0."),
             shown, all - shown, TR(h, what_zh, what_en), all, how);
    html_put(h, "</p>\n");
}

static int64_t shown_rows(const struct report_options *o, int64_t all)
{
    return o->limit > 0 && all > o->limit ? o->limit : all;
}

/* ---- 1. at a glance ------------------------------------------------------------------ */

/* One figure: a count (%D) or centipoints (%C), this period's, and from a
 * ledger the previous period's and the change; "–" where not known. */
struct figure {
    bool known;
    int64_t value;
};

static void glance_cell(struct html *h, const char *number, struct figure f)
{
    if (f.known)
        html_put(h, number, f.value);
    else
        html_put(h, "<td class=\"num\">–</td>");
}

static void glance_row(struct html *h, const struct period *p, const char *label, bool centi,
                       struct figure now, struct figure before)
{
    const char *number = centi ? "<td class=\"num\">%C</td>" : "<td class=\"num\">%D</td>";
    html_put(h, "<tr><th scope=\"row\">%s</th>", label);
    glance_cell(h, number, now);
    if (p->has_previous) {
        glance_cell(h, number, before);
        struct figure change = {now.known && before.known, now.value - before.value};
        if (change.known && change.value > 0)
            glance_cell(h, centi ? "<td class=\"num\">+%C</td>" : "<td class=\"num\">+%D</td>",
                        change);
        else
            glance_cell(h, number, change);
    }
    html_put(h, "</tr>\n");
}

static void glance_count(struct html *h, const struct period *p, const char *label, int64_t now,
                         int64_t before)
{
    struct figure a = {now >= 0, now}, b = {before >= 0, before};
    glance_row(h, p, label, false, a, b);
}

void review_words(struct html *h, const struct period *p, int32_t review)
{
    const struct review *v = &p->reviews[review];
    html_put(h, TR(h, "日志 %D，%s，%s，复核 %s 期", "log entry %D, %s, by %s, review of %s"),
             v->entry, v->at, v->actor, v->period);
    if (*v->reason)
        html_put(h, TR(h, "：%s", ": %s"), v->reason);
}

/* The rows of a ledger's period that a review revised: the page shows the
 * current revision, and says which rows are not as first applied. */
static void revisions(struct html *h, const struct period *p, const struct report_options *o)
{
    int64_t all = 0, n = 0;
    for (int32_t k = 0; k < p->ncompounds; k++)
        all += p->c[k].revision > 1;
    if (all == 0) {
        html_put(h, "<p>%s</p>\n", TR(h, "本期记入台账后没有经复核修订的记录。",
                                      "No row of this period was revised after it was applied."));
        return;
    }
    html_put(h, TR(h, "<h3 id=\"revisions\">%s（%D）</h3>\n", "<h3 id=\"revisions\">%s (%D)</h3>\n"),
             TR(h, "经复核修订的记录", "Rows revised by a review"), all);
    html_put(h, "<p class=\"note\">%s</p>\n",
             TR(h, "本报告采用每条记录的现行版本；台账保留此前各版（pmindex-ledger --db 台账 --all-revisions export）。",
                "This page shows the current revision of every row; the ledger keeps the earlier "
                "ones (pmindex-ledger --db LEDGER --all-revisions export)."));
    int64_t shown = shown_rows(o, all);
    html_put(h, "<div class=\"wrap\"><table id=\"revisions-table\"><caption>%s</caption><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr>\n</thead>\n<tbody>",
             TR(h, "按排名", "By rank"), TR(h, "小区编号", "compound_id"), TR(h, "小区名称", "Name"),
             TR(h, "版本", "Revision"), TR(h, "牌", "Card"), TR(h, "修订依据", "Revised by"));
    for (int32_t k = 0; k < p->ncompounds && n < shown; k++) {
        const struct compound *c = &p->c[p->order[k]];
        if (c->revision <= 1)
            continue;
        n++;
        html_put(h, "<tr><td class=\"id\">%s</td><td>%s</td><td class=\"num\">%d</td><td>",
                 c->id, c->name, (int)c->revision);
        card_badge(h, c->card);
        html_put(h, "</td><td>");
        if (c->review >= 0)
            review_words(h, p, c->review);
        html_put(h, "</td></tr>\n");
    }
    html_put(h, "</tbody></table></div>\n");
    more_rows(h, shown, all, "修订记录", "revised rows",
              "<code>pmindex-ledger --db LEDGER --period P --all-revisions export</code>");
}

static void section_glance(struct html *h, const struct period *p, const struct report_options *o)
{
    const pmindex_model *m = p->model;
    const struct glance *g = &p->now, *b = &p->previous;
    int32_t ntiers = pmindex_model_tier_count(m);
    open_section(h, S_GLANCE);
    html_put(h, "<div class=\"wrap\"><table id=\"glance-table\"><caption>%s</caption><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>",
             TR(h, "本期主要数字", "The period's figures"), TR(h, "项目", "Figure"),
             p->name[0] ? p->name : TR(h, "本期", "This period"));
    if (p->has_previous)
        html_put(h, "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>",
                 p->previous_name, TR(h, "变化", "Change"));
    html_put(h, "</tr>\n</thead>\n<tbody>");
    glance_count(h, p, TR(h, "小区数", "Compounds"), g->compounds, b->compounds);
    glance_count(h, p, TR(h, "户数", "Households"), g->households, b->households);
    for (int32_t t = 0; t < ntiers; t++) {
        char label[600];
        snprintf(label, sizeof label, TR(h, "等级：%s", "Tier: %s"), tier_words(h, m, t));
        glance_count(h, p, label, g->tiers[t], b->tiers[t]);
    }
    glance_count(h, p, TR(h, "红牌", "Red cards"), g->red, b->red);
    glance_count(h, p, TR(h, "黑牌", "Black cards"), g->black, b->black);
    glance_count(h, p, TR(h, "兜底管理（覆盖率不足，不定等级）", "Fallback management (too little applies to rank)"),
                 g->fallback, b->fallback);
    glance_count(h, p, TR(h, "无物业管理", "Unmanaged (no property company)"), g->unmanaged,
                 b->unmanaged);
    struct figure mean = {g->has_mean, g->mean}, mean_before = {b->has_mean, b->mean};
    struct figure median = {g->has_mean, g->median}, median_before = {b->has_mean, b->median};
    glance_row(h, p, TR(h, "指数均值", "Mean index"), true, mean, mean_before);
    glance_row(h, p, TR(h, "指数中位数", "Median index"), true, median, median_before);
    html_put(h, "</tbody></table></div>\n");
    if (!p->from_ledger) {
        html_put(h, "<p class=\"note\">%s</p>\n",
                 TR(h, "由评分表生成：没有上期数字。以台账生成（--db 台账 --period 期间）时并列上期数字。",
                    "Made from score sheets: there are no previous figures. A report made from "
                    "a ledger (--db LEDGER --period P) sets the previous period's beside them."));
        html_put(h, "</section>\n");
        return;
    }
    html_put(h, "<p class=\"note\">%s",
             TR(h, "红牌、黑牌以台账为准，计入了各小区的阶梯惩戒历史：惩戒未解除的小区达到红牌等级也不得红牌。",
                "Cards are the ledger's, with each compound's ladder history: a compound under a "
                "sanction in force gets no red card, even in the red tier."));
    if (g->points_only)
        html_put(h, "%s", TR(h, "本期由 pmindex 1.1 记入台账，只保存了指数、等级和各项得分，未保存观测值：户数、均值和中位数从缺，“无物业管理”只计有等级的小区，各街道、派出所和企业无从比较。观测值在本期评分表中：以评分表生成本报告（pmindex-report 评分表）即可看到。",
                             " This period was stored by pmindex 1.1, which kept the index, the "
                             "tier and each item's points, not the observations: households, the "
                             "mean and the median are not known, “unmanaged” counts compounds with "
                             "a tier only, and streets, police stations and companies cannot be "
                             "compared. The period's score sheet has the observations: a report "
                             "made from it (pmindex-report SHEET) shows them."));
    else
        html_put(h, "%s", TR(h, "户数、均值和各项比较由台账保存的观测值按本期模型重新计算，与以本期评分表生成的报告相同。",
                             " Households, means and the comparisons are computed again from the "
                             "observations the ledger kept, with the period's own model, as in a "
                             "report made from the period's score sheets."));
    if (p->has_previous && b->points_only && !g->points_only)
        html_put(h, TR(h, "上期（%s）由 pmindex 1.1 记入，未保存观测值：其户数、均值和中位数从缺。",
                          " The previous period (%s) was stored by pmindex 1.1, without the "
                          "observations: its households, mean and median are not known."),
                 p->previous_name);
    html_put(h, "</p>\n");
    revisions(h, p, o);
    html_put(h, "</section>\n");
}

/* ---- 2. distribution ------------------------------------------------------------------- */

static void section_distribution(struct html *h, const struct period *p)
{
    const pmindex_model *m = p->model;
    open_section(h, S_DISTRIBUTION);
    html_put(h, "<p>%s", TR(h, "等级分界：", "Tier thresholds: "));
    for (int32_t t = 0; t < pmindex_model_tier_count(m); t++)
        html_put(h, "%S%s ≥ %C", t ? TR(h, "；", "; ") : "", tier_words(h, m, t),
                 pmindex_model_tier_threshold(m, t));
    html_put(h, TR(h, "。兜底管理小区（%D 个）不定等级，不计入直方图。</p>\n",
                   ". Fallback compounds (%D) have no tier and are left out of the histogram.</p>\n"),
             p->now.fallback);
    chart_histogram(h, p);
    html_put(h, "</section>\n");
}

/* ---- 3. groups ----------------------------------------------------------------------------- */

static void range_cell(struct html *h, const struct group *g)
{
    if (!g->has_mean) {
        html_put(h, "<td class=\"num\">–</td>");
        return;
    }
    html_put(h, "<td class=\"num\">%C–%C<span class=\"range\" aria-hidden=\"true\">"
                "<span style=\"left:%P%%;width:%P%%\"></span></span></td>",
             g->min, g->max, g->min, g->max - g->min > 50 ? g->max - g->min : 50);
}

static void group_table(struct html *h, const struct period *p, const struct report_options *o,
                        int32_t scope)
{
    static const char *const ids[] = {"", "streets", "stations", "companies"};
    static const char *const zh[] = {"", "街道", "派出所", "物业服务企业"};
    static const char *const en[] = {"", "Streets", "Police stations", "Property companies"};
    static const char *const by[] = {"", "street", "station", "company"};
    const pmindex_model *m = p->model;
    int32_t ntiers = pmindex_model_tier_count(m), n = p->ngroups[scope];
    bool company = scope == PMINDEX_SCOPE_COMPANY;
    html_put(h, "<h3 id=\"%S\">%s</h3>\n", ids[scope], TR(h, zh[scope], en[scope]));
    html_put(h, "<div class=\"wrap\"><table id=\"%S-table\"><caption>%s</caption><thead><tr>"
                "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\" class=\"num\">%s</th>",
             ids[scope],
             company ? TR(h, "按户数加权均值排序；范围为最低至最高指数。", "Sorted by the households-weighted mean; the spread is the lowest to the highest index.")
                     : TR(h, "按指数均值排序；范围为最低至最高指数。", "Sorted by the mean index; the spread is the lowest to the highest index."),
             TR(h, "排名", "Rank"), TR(h, zh[scope], en[scope]), TR(h, "小区数", "Compounds"));
    if (company)
        html_put(h, "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>",
                 TR(h, "户数", "Households"), TR(h, "加权均值", "Weighted mean"));
    html_put(h, "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>",
             TR(h, "均值", "Mean"), TR(h, "范围", "Spread"));
    for (int32_t t = 0; t <= ntiers; t++)
        html_put(h, "<th scope=\"col\" class=\"num\">%s</th>",
                 tier_words(h, m, t < ntiers ? t : PMINDEX_TIER_FALLBACK));
    html_put(h, "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>",
             TR(h, "红牌", "Red"), TR(h, "黑牌", "Black"));
    if (company)
        html_put(h, "<th scope=\"col\">%s</th>", TR(h, "名单", "List"));
    html_put(h, "</tr>\n</thead>\n<tbody>");
    int64_t shown = shown_rows(o, n);
    for (int32_t k = 0; k < shown; k++) {
        const struct group *g = &p->groups[scope][k];
        html_put(h, "<tr><td class=\"num\">");
        if (g->rank > 0)
            html_put(h, "%d", (int)g->rank);
        else
            html_put(h, "–");
        html_put(h, "</td><td>%s</td><td class=\"num\">%D</td>", g->name, g->compounds);
        if (company) {
            if (g->households >= 0)
                html_put(h, "<td class=\"num\">%D</td>", g->households);
            else
                html_put(h, "<td class=\"num\">–</td>");
            index_cell(h, g->has_mean ? g->weighted : -1);
        }
        index_cell(h, g->has_mean ? g->mean : -1);
        range_cell(h, g);
        for (int32_t t = 0; t <= ntiers; t++)
            html_put(h, "<td class=\"num\">%D</td>", g->tiers[t]);
        html_put(h, "<td class=\"num\">%D</td><td class=\"num\">%D</td>", g->red, g->black);
        if (company) {
            html_put(h, "<td>");
            if (g->lists & PMINDEX_LIST_HONOUR)
                html_put(h, "<span class=\"list-honour\">%s</span> ", TR(h, "红榜", "honour"));
            if (g->lists & PMINDEX_LIST_WATCH)
                html_put(h, "<span class=\"list-watch\">%s</span>", TR(h, "重点关注", "watch"));
            if (!g->lists)
                html_put(h, "–");
            html_put(h, "</td>");
        }
        html_put(h, "</tr>\n");
    }
    html_put(h, "</tbody></table></div>\n");
    char how[256];
    snprintf(how, sizeof how, "<code>pmindex-rank --by %s --format csv</code>", by[scope]);
    more_rows(h, shown, n, zh[scope], en[scope], p->from_ledger ? "<code>pmindex-ledger --db LEDGER --period P export</code>" : how);
}

static void company_list(struct html *h, const struct period *p, const struct report_options *o,
                         int32_t flag, const char *id, const char *zh, const char *en,
                         const char *rule_zh, const char *rule_en)
{
    const struct group *groups = p->groups[PMINDEX_SCOPE_COMPANY];
    int64_t all = 0;
    for (int32_t k = 0; k < p->ngroups[PMINDEX_SCOPE_COMPANY]; k++)
        all += (groups[k].lists & flag) != 0;
    html_put(h, "<h3 id=\"%S\">%s</h3>\n<p class=\"note\">%s</p>\n", id, TR(h, zh, en),
             TR(h, rule_zh, rule_en));
    if (all == 0) {
        html_put(h, "<p>%s</p>\n", TR(h, "本期无。", "None this period."));
        return;
    }
    int64_t shown = shown_rows(o, all), n = 0;
    html_put(h, "<ol class=\"%S\">", id);
    for (int32_t k = 0; k < p->ngroups[PMINDEX_SCOPE_COMPANY] && n < shown; k++) {
        const struct group *g = &groups[k];
        if (!(g->lists & flag))
            continue;
        n++;
        html_put(h, "<li>%s — %s %C", g->name, TR(h, "加权均值", "weighted mean"), g->weighted);
        if (g->black)
            html_put(h, TR(h, "，黑牌 %D 个", ", %D black cards"), g->black);
        html_put(h, "</li>\n");
    }
    html_put(h, "</ol>\n");
    more_rows(h, shown, all, zh, en, "<code>pmindex-rank --by company --format csv</code>");
}

static void section_groups(struct html *h, const struct period *p, const struct report_options *o)
{
    open_section(h, S_GROUPS);
    if (p->now.points_only) {
        html_put(h, "<p>%S</p>\n</section>\n",
                 TR(h, "本期由 pmindex 1.1 记入台账，未保存观测值和户数，故不比较各街道、派出所和企业。以本期评分表生成本报告即可看到：<code>pmindex-report 评分表</code>。",
                    "This period was stored by pmindex 1.1, without the observations and "
                    "households, so streets, police stations and companies are not compared here. "
                    "A report made from the period's score sheet shows them: "
                    "<code>pmindex-report SHEET</code>."));
        return;
    }
    for (int32_t scope = PMINDEX_SCOPE_STREET; scope <= PMINDEX_SCOPE_COMPANY; scope++)
        group_table(h, p, o, scope);
    int64_t honour, watch;
    int32_t no_black, on_black;
    pmindex_model_company_rules(p->model, &honour, &no_black, &watch, &on_black);
    char rule_zh[256], rule_en[256], watch_zh[256], watch_en[256], a[32], b[32];
    pmindex_centi_format(honour, a, sizeof a);
    pmindex_centi_format(watch, b, sizeof b);
    snprintf(rule_zh, sizeof rule_zh, "加权均值不低于 %s%s。", a, no_black ? "，且无黑牌" : "");
    snprintf(rule_en, sizeof rule_en, "A weighted mean of at least %s%s.", a,
             no_black ? " and no black card" : "");
    snprintf(watch_zh, sizeof watch_zh, "加权均值低于 %s%s。", b, on_black ? "，或有黑牌" : "");
    snprintf(watch_en, sizeof watch_en, "A weighted mean below %s%s.", b,
             on_black ? ", or any black card" : "");
    company_list(h, p, o, PMINDEX_LIST_HONOUR, "honour-list", "企业红榜", "Companies on the honour list",
                 rule_zh, rule_en);
    company_list(h, p, o, PMINDEX_LIST_WATCH, "watch-list", "重点关注企业", "Companies on the watch list",
                 watch_zh, watch_en);
    html_put(h, "</section>\n");
}

/* ---- 4. red and black lists --------------------------------------------------------------- */

static void card_list(struct html *h, const struct period *p, const struct report_options *o,
                      int32_t card)
{
    bool red = card == PMINDEX_CARD_RED;
    int64_t all = red ? p->now.red : p->now.black;
    int64_t shown = shown_rows(o, all), n = 0;
    html_put(h, "<h3 id=\"%S-h\">", red ? "red-list" : "black-list");
    html_put(h, red ? TR(h, "红榜（红牌，%D 个）", "The red list (red cards, %D)")
                    : TR(h, "黑榜（黑牌，%D 个）", "The black list (black cards, %D)"), all);
    html_put(h, "</h3>\n");
    html_put(h, "<div class=\"wrap\"><table id=\"%S\"><caption>%s</caption><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
                "<th scope=\"col\">%s</th></tr>\n</thead>\n<tbody>",
             red ? "red-list" : "black-list",
             red ? TR(h, "获红牌的小区，按排名", "Compounds with a red card, by rank")
                 : TR(h, "获黑牌的小区，按排名", "Compounds with a black card, by rank"),
             TR(h, "小区编号", "compound_id"), TR(h, "小区名称", "Name"), TR(h, "街道", "Street"),
             TR(h, "物业服务企业", "Company"), TR(h, "指数", "Index"), TR(h, "原因", "Reasons"));
    for (int32_t k = 0; k < p->ncompounds && n < shown; k++) {
        const struct compound *c = &p->c[p->order[k]];
        if (c->card != card)
            continue;
        n++;
        html_put(h, "<tr data-card=\"%S\"><td class=\"id\">%s</td><td>%s</td><td>%s</td><td>%s</td>",
                 red ? "red" : "black", c->id, c->name, c->street, c->company);
        index_cell(h, c->index);
        html_put(h, "<td>%s</td></tr>\n", c->reasons);
    }
    if (all == 0)
        html_put(h, "<tr><td colspan=\"6\">%s</td></tr>\n", TR(h, "本期无。", "None this period."));
    html_put(h, "</tbody></table></div>\n");
    more_rows(h, shown, all, red ? "红牌小区" : "黑牌小区",
              red ? "red-card compounds" : "black-card compounds",
              p->from_ledger ? "<code>pmindex-ledger --db LEDGER --period P export</code>"
                             : "<code>pmindex-rank --format csv</code>");
}

static void section_lists(struct html *h, const struct period *p, const struct report_options *o)
{
    open_section(h, S_LISTS);
    html_put(h, "<p class=\"note\">%s</p>\n",
             TR(h, "红牌为表彰，黑牌为曝光；原因列出触发的规则。",
                "A red card is an honour, a black card a public warning; the reasons name the "
                "rules that fired."));
    card_list(h, p, o, PMINDEX_CARD_RED);
    card_list(h, p, o, PMINDEX_CARD_BLACK);
    html_put(h, "</section>\n");
}

/* ---- 5. the ladder --------------------------------------------------------------------------- */

static void ladder_table(struct html *h, const struct period *p, const struct report_options *o,
                         bool up)
{
    const pmindex_model *m = p->model;
    int64_t all = 0, n = 0;
    for (int32_t k = 0; k < p->ncompounds; k++) {
        const struct compound *c = &p->c[k];
        all += up ? c->level > c->level_before : c->level < c->level_before;
    }
    html_put(h, TR(h, "<h3 id=\"%S\">%s（%D）</h3>\n", "<h3 id=\"%S\">%s (%D)</h3>\n"),
             up ? "moved-up" : "moved-down",
             up ? TR(h, "惩戒级别上升", "Moved up the ladder") : TR(h, "惩戒级别下降", "Moved down the ladder"),
             all);
    if (all == 0) {
        html_put(h, "<p>%s</p>\n", TR(h, "本期无。", "None this period."));
        return;
    }
    int64_t shown = shown_rows(o, all);
    html_put(h, "<div class=\"wrap\"><table id=\"%S-table\"><thead><tr><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr>\n</thead>\n<tbody>",
             up ? "moved-up" : "moved-down", TR(h, "小区编号", "compound_id"), TR(h, "小区名称", "Name"),
             TR(h, "街道", "Street"), TR(h, "物业服务企业", "Company"), TR(h, "级别", "Level"),
             TR(h, "牌", "Card"), TR(h, "措施", "Measure"));
    for (int32_t k = 0; k < p->ncompounds && n < shown; k++) {
        const struct compound *c = &p->c[p->order[k]];
        if (up ? c->level <= c->level_before : c->level >= c->level_before)
            continue;
        n++;
        html_put(h, "<tr><td class=\"id\">%s</td><td>%s</td><td>%s</td><td>%s</td>"
                    "<td class=\"num\">%d → %d</td><td>",
                 c->id, c->name, c->street, c->company, (int)c->level_before, (int)c->level);
        card_badge(h, c->card);
        html_put(h, "</td><td>%s</td></tr>\n",
                 c->measure >= 0 ? pmindex_model_measure_label(m, c->measure, h->lang) : "–");
    }
    html_put(h, "</tbody></table></div>\n");
    more_rows(h, shown, all, "小区", "compounds", "<code>pmindex-ledger --db LEDGER period P</code>");
}

static int section_ladder(struct html *h, struct period *p, const struct report_options *o)
{
    const pmindex_model *m = p->model;
    open_section(h, S_LADDER);
    if (!p->from_ledger) {
        html_put(h, "<p>%S</p>\n</section>\n",
                 TR(h, "阶梯惩戒和历次指数走势记录在台账中。以台账生成本报告即可看到：<code>pmindex-report --db 台账 --period 期间</code>。",
                    "The ladder and each compound's index over time are kept in a ledger. Make "
                    "this report from one to see them: <code>pmindex-report --db LEDGER --period P</code>."));
        return 0;
    }
    /* The measures issued, by level. */
    int32_t max = pmindex_model_ladder_max_level(m);
    int64_t issued[PMINDEX_MAX_LADDER_LEVEL + 1] = {0};
    for (int32_t k = 0; k < p->ncompounds; k++)
        if (p->c[k].measure >= 0 && p->c[k].measure <= max)
            issued[p->c[k].measure]++;
    html_put(h, "<h3 id=\"measures\">%s</h3>\n<div class=\"wrap\"><table id=\"measures-table\"><thead><tr>"
                "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\" class=\"num\">%s</th></tr>\n</thead>\n<tbody>",
             TR(h, "本期发出的措施", "Measures issued this period"), TR(h, "级别", "Level"),
             TR(h, "措施", "Measure"), TR(h, "小区数", "Compounds"));
    for (int32_t level = 0; level <= max; level++)
        html_put(h, "<tr><td class=\"num\">%d</td><td>%s</td><td class=\"num\">%D</td></tr>\n",
                 (int)level, pmindex_model_measure_label(m, level, h->lang), issued[level]);
    html_put(h, "</tbody></table></div>\n");
    ladder_table(h, p, o, true);
    ladder_table(h, p, o, false);
    /* The black list's index over the last periods. */
    int64_t all = p->now.black;
    int64_t shown = shown_rows(o, all), n = 0;
    if (shown > REPORT_MAX_CHARTS)
        shown = REPORT_MAX_CHARTS;
    html_put(h, "<h3 id=\"trends\">%s</h3>\n<p class=\"note\">%s</p>\n",
             TR(h, "黑牌小区近期指数走势", "The black list's index over the last periods"),
             TR(h, "每图为一个小区最近各期的指数，虚线为等级分界；图下文字同图。",
                "Each chart is one compound's index over its last periods; dashed lines are the "
                "tier thresholds; the text under each chart says the same."));
    int32_t periods[REPORT_HISTORY_PERIODS];
    int64_t indices[REPORT_HISTORY_PERIODS];
    if (all > 0)
        html_put(h, "<div class=\"charts\">");
    for (int32_t k = 0; k < p->ncompounds && n < shown; k++) {
        const struct compound *c = &p->c[p->order[k]];
        if (c->card != PMINDEX_CARD_BLACK)
            continue;
        n++;
        int count = p->history(p, p->order[k], periods, indices, REPORT_HISTORY_PERIODS);
        if (count < 0)
            return -1;
        html_put(h, "<figure>");
        chart_history(h, p, c, periods, indices, count);
        html_put(h, "<figcaption>%s %s: ", c->id, c->name);
        for (int j = 0; j < count; j++) {
            char name[16];
            pmindex_period_format(periods[j], name, sizeof name);
            html_put(h, "%S%s ", j ? "; " : "", name);
            if (indices[j] >= 0)
                html_put(h, "%C", indices[j]);
            else
                html_put(h, "–");
        }
        html_put(h, "</figcaption></figure>\n");
    }
    if (all > 0)
        html_put(h, "</div>");
    else
        html_put(h, "<p>%s</p>\n", TR(h, "本期无黑牌小区。", "No compound has a black card this period."));
    more_rows(h, shown, all, "黑牌小区的走势图", "black-card compounds' charts",
              "<code>pmindex-ledger history ID</code>");
    html_put(h, "</section>\n");
    return 0;
}

/* ---- 6 and 7: compounds in detail, notices --------------------------------------------------- */

static int section_compounds(struct html *h, struct period *p, struct detail *d)
{
    open_section(h, S_COMPOUNDS);
    int32_t plain = p->ndetails - p->nnotices;
    if (plain == 0)
        html_put(h, "<p>%s</p>\n",
                 TR(h, "用 --compound 小区编号 选择要详列的小区；--notices 为每个黑牌小区生成整改通知书（见下节）。",
                    "Choose compounds to show in detail with --compound ID; --notices makes a "
                    "rectification notice for every black-card compound (next section)."));
    for (int32_t k = 0; k < plain; k++) {
        if (p->detail(p, p->details[k], d) != 0)
            return -1;
        detail_write(h, p, d, false);
    }
    html_put(h, "</section>\n");
    return 0;
}

static int section_notices(struct html *h, struct period *p, struct detail *d)
{
    open_section(h, S_NOTICES);
    html_put(h, "<p class=\"note\">%s</p>\n",
             TR(h, "每个黑牌小区一页，可直接打印（A4）。",
                "One page per black-card compound, ready to print on A4."));
    if (p->nnotices == 0)
        html_put(h, "<p>%s</p>\n", TR(h, "本期无黑牌小区。", "No compound has a black card this period."));
    for (int32_t k = p->ndetails - p->nnotices; k < p->ndetails; k++) {
        if (p->detail(p, p->details[k], d) != 0)
            return -1;
        detail_write(h, p, d, true);
    }
    html_put(h, "</section>\n");
    return 0;
}

/* ---- the page ------------------------------------------------------------------------------------ */

int page_write(struct html *h, struct period *p, const struct report_options *o)
{
    const pmindex_model *m = p->model;
    html_put(h, "<!DOCTYPE html>\n<html lang=\"%S\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<meta name=\"generator\" content=\"pmindex-report %S\">",
             TR(h, "zh-CN", "en"), pmindex_version_string());
    char title[256];
    snprintf(title, sizeof title, TR(h, "物业小区管理水平指数报告 %s", "Property-management index report %s"),
             p->name);
    html_put(h, "<title>%s</title><style>%S</style></head><body>", title, report_css);
    html_put(h, "<header><h1>%s</h1><p class=\"meta\">", title);
    html_put(h, TR(h, "模型：%s。来源：%s。", "Model: %s. Source: %s. "), pmindex_model_name(m, h->lang),
             p->source);
    html_put(h, TR(h, "由 pmindex-report %S 生成；无需网络即可阅读和打印。</p>\n</header>\n",
                   "Made by pmindex-report %S; it needs no network to read or print.</p>\n</header>\n"),
             pmindex_version_string());
    html_put(h, "<nav class=\"toc\" aria-labelledby=\"toc-h\"><h2 id=\"toc-h\">%s</h2>\n<ol>",
             TR(h, "目录", "Contents"));
    for (int s = 0; s < S_COUNT; s++) {
        if (s == S_NOTICES && !o->notices)
            continue;
        html_put(h, "<li><a href=\"#%S\">%s</a></li>\n", sections[s].id, TR(h, sections[s].zh, sections[s].en));
    }
    html_put(h, "</ol>\n</nav>\n<main>");
    section_glance(h, p, o);
    section_distribution(h, p);
    section_groups(h, p, o);
    section_lists(h, p, o);
    int rc = section_ladder(h, p, o);
    struct detail *d = rc == 0 ? detail_new(m) : NULL;
    if (rc == 0 && !d) {
        fprintf(stderr, "%s: out of memory\n", p->program);
        rc = -1;
    }
    if (rc == 0)
        rc = section_compounds(h, p, d);
    if (rc == 0 && o->notices)
        rc = section_notices(h, p, d);
    detail_free(d);
    html_put(h, "</main><footer><p class=\"meta\">%s</p>\n</footer></body></html>\n",
             TR(h, "指数、等级和牌均按模型精确计算（整数运算）。", "Index, tiers and cards are computed exactly by the model (integer arithmetic)."));
    return rc;
}
