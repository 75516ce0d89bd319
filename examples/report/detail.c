/* One compound in detail (section 6) and its rectification notice: the
 * same facts, bars, lost items and rules; a notice adds the addressee,
 * the measure of its ladder level, the deadline and the legal basis of
 * each item and veto, and prints on a page of its own. */
#include <stdio.h>
#include <string.h>

#include "report.h"

static void fact(struct html *h, const char *term, const char *value)
{
    html_put(h, "<dt>%s</dt><dd>%s</dd>", term, value && *value ? value : "–");
}

static void facts(struct html *h, const struct period *p, const struct detail *d)
{
    const pmindex_model *m = p->model;
    const struct compound *c = &p->c[d->compound];
    html_put(h, "<dl class=\"facts\">");
    fact(h, TR(h, "小区编号", "compound_id"), c->id);
    fact(h, TR(h, "小区名称", "Name"), c->name);
    fact(h, TR(h, "街道", "Street"), c->street);
    fact(h, TR(h, "派出所", "Police station"), c->station);
    fact(h, TR(h, "物业服务企业", "Property company"),
         c->managed == 0 ? TR(h, "无（无物业管理）", "none (unmanaged)") : c->company);
    fact(h, TR(h, "考评期间", "Period"), p->name);
    html_put(h, "<dt>%s</dt><dd>", TR(h, "指数", "Index"));
    if (c->index >= 0)
        html_put(h, "%C", c->index);
    else
        html_put(h, "–");
    html_put(h, "</dd>");
    fact(h, TR(h, "等级", "Tier"), tier_words(h, m, c->tier));
    html_put(h, "<dt>%s</dt><dd>", TR(h, "牌", "Card"));
    if (c->red_withheld)
        html_put(h, TR(h, "无（达到红牌等级，但惩戒未解除：本期后惩戒级别为 %d，不得红牌）",
                          "none (the red tier, but no red card while a sanction is in force: "
                          "ladder level %d after this period)"),
                 (int)c->level);
    else if (c->card == PMINDEX_CARD_NONE)
        html_put(h, "%s", card_words(h, c->card));
    else
        html_put(h, "<span class=\"card card-%S\">%s</span>",
                 c->card == PMINDEX_CARD_RED ? "red" : "black", card_words(h, c->card));
    html_put(h, "</dd>");
    if (c->revision > 1) {
        html_put(h, "<dt>%s</dt><dd>", TR(h, "记录版本", "Revision"));
        html_put(h, TR(h, "第 %d 版，经复核修订（", "%d, revised by a review ("), (int)c->revision);
        if (c->review >= 0)
            review_words(h, p, c->review);
        html_put(h, TR(h, "）", ")"));
        html_put(h, "</dd>");
    }
    html_put(h, "</dl>\n");
}

static void indicator_table(struct html *h, const struct period *p, const struct detail *d)
{
    const pmindex_model *m = p->model;
    html_put(h, "<div class=\"wrap\"><table class=\"indicators\"><caption>%s</caption><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
                "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
                "</tr>\n</thead>\n<tbody>",
             TR(h, "指标得分（同上图）", "Indicator points (as the chart above)"), TR(h, "指标", "Indicator"),
             TR(h, "得分", "Points"), TR(h, "权重", "Weight"), TR(h, "得分率", "Share"));
    for (int32_t k = 0; k < pmindex_model_indicator_count(m); k++) {
        html_put(h, "<tr><td>%s %s</td>", pmindex_model_indicator_id(m, k),
                 pmindex_model_indicator_name(m, k, h->lang));
        if (d->ind_has[k])
            html_put(h, "<td class=\"num\">%C</td>", d->ind_points[k]);
        else
            html_put(h, "<td class=\"num\">%s</td>", TR(h, "不适用", "n/a"));
        html_put(h, "<td class=\"num\">%C</td>", pmindex_model_indicator_points(m, k));
        if (d->ind_share[k] >= 0)
            html_put(h, "<td class=\"num\">%C%%</td></tr>\n", d->ind_share[k]);
        else
            html_put(h, "<td class=\"num\">–</td></tr>\n");
    }
    html_put(h, "</tbody></table></div>\n");
}

static void basis_text(struct html *h, const char *basis)
{
    if (*basis)
        html_put(h, "%s", basis);
    else
        html_put(h, "%s", TR(h, "（模型未载明）", "(not given by the model)"));
}

static void losses_table(struct html *h, const struct period *p, const struct detail *d, bool notice)
{
    const pmindex_model *m = p->model;
    html_put(h, "<h4>%s</h4>\n", notice ? TR(h, "失分项目", "Items that lost points")
                                      : TR(h, "失分最多的项目", "Items that lost most points"));
    if (d->nlosses == 0) {
        html_put(h, "<p>%s</p>\n", TR(h, "无失分项目。", "No item lost points."));
        return;
    }
    html_put(h, "<div class=\"wrap\"><table class=\"losses\"><caption>%s</caption><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>",
             TR(h, "按失分从多到少", "Largest loss first"), TR(h, "项目", "Item"),
             TR(h, "内容", "What is scored"), TR(h, "观测值", "Observation"), TR(h, "失分", "Lost"),
             TR(h, "得分 / 满分", "Points / max"));
    if (notice)
        html_put(h, "<th scope=\"col\">%s</th>", TR(h, "依据", "Legal basis"));
    html_put(h, "</tr>\n</thead>\n<tbody>");
    for (int32_t k = 0; k < d->nlosses; k++) {
        int32_t i = d->losses[k];
        html_put(h, "<tr><td class=\"id\">%s</td><td>%s</td><td>%s</td>"
                    "<td class=\"num\">%C</td><td class=\"num\">%C / %C</td>",
                 pmindex_model_item_id(m, i), pmindex_model_item_name(m, i, h->lang),
                 d->item_obs[i][0] ? d->item_obs[i] : "–", d->item_lost[i], d->item_points[i],
                 pmindex_model_item_max(m, i));
        if (notice) {
            html_put(h, "<td>");
            basis_text(h, pmindex_model_item_basis(m, i, h->lang));
            html_put(h, "</td>");
        }
        html_put(h, "</tr>\n");
    }
    html_put(h, "</tbody></table></div>\n");
    if (!d->observed)
        html_put(h, "<p class=\"note\">%s</p>\n",
                 TR(h, "本期由 pmindex 1.1 记入台账，只保存各项得分，未保存观测值；观测值见本期评分表。",
                    "This period was stored by pmindex 1.1, which kept each item's points, not the "
                    "observations; the period's score sheet has them."));
}

static void rules_list(struct html *h, const struct detail *d)
{
    html_put(h, "<h4>%s</h4>\n", TR(h, "触发的规则", "Rules that fired"));
    if (d->nreasons == 0) {
        html_put(h, "<p>%s</p>\n", TR(h, "无。", "None."));
        return;
    }
    html_put(h, "<ul class=\"rules\">");
    for (int32_t r = 0; r < d->nreasons; r++) {
        html_put(h, "<li><strong>%s</strong>", d->reason_words[r]);
        if (d->reason_text[r][0])
            html_put(h, TR(h, "：%s", ": %s"), d->reason_text[r]);
        html_put(h, "</li>\n");
    }
    html_put(h, "</ul>\n");
}

static void measure_text(struct html *h, const struct period *p, const struct detail *d)
{
    const pmindex_model *m = p->model;
    html_put(h, "<h4>%s</h4>\n<p>", TR(h, "阶梯惩戒措施", "The measure of the ladder"));
    if (d->from_ledger) {
        html_put(h, TR(h, "据台账，本期后惩戒级别为 %d。", "By the ledger, the compound's ladder level after this period is %d. "),
                 (int)d->level);
        if (d->measure >= 0)
            html_put(h, TR(h, "本期措施（第 %d 级）：<strong>%s</strong>。", "The measure issued this period (level %d): <strong>%s</strong>."),
                     (int)d->measure, pmindex_model_measure_label(m, d->measure, h->lang));
        else
            html_put(h, "%s", TR(h, "本期未发出新措施。", "No new measure was issued this period."));
    } else {
        html_put(h, TR(h, "本报告由评分表生成，不含历史记录：单次考评从无惩戒起可达第 %d 级",
                          "This report was made from score sheets, without history: one assessment "
                          "from no sanction reaches level %d"),
                 (int)d->level);
        if (d->measure >= 0)
            html_put(h, TR(h, "，措施：<strong>%s</strong>。", ", whose measure is <strong>%s</strong>. "),
                     pmindex_model_measure_label(m, d->measure, h->lang));
        else
            html_put(h, "%s", TR(h, "，无措施。", ", with no measure. "));
        html_put(h, "%s", TR(h, "台账记录历次黑牌，累计级别可能更高（pmindex-report --db 台账 --period 期间 --notices）。",
                             "A ledger counts every black card, so the level with history may be "
                             "higher (pmindex-report --db LEDGER --period P --notices)."));
    }
    html_put(h, "</p>\n");
}

static void veto_bases(struct html *h, const struct period *p, const struct detail *d)
{
    const pmindex_model *m = p->model;
    if (d->nvetoes == 0)
        return;
    html_put(h, "<h4>%s</h4>\n<ul class=\"vetoes\">", TR(h, "一票否决事项及依据", "Veto events and their legal basis"));
    for (int32_t k = 0; k < d->nvetoes; k++) {
        int32_t v = d->vetoes[k];
        html_put(h, "<li><strong>%s</strong> %s — %s", pmindex_model_veto_id(m, v),
                 pmindex_model_veto_description(m, v, h->lang), TR(h, "依据：", "legal basis: "));
        basis_text(h, pmindex_model_veto_basis(m, v, h->lang));
        html_put(h, "</li>\n");
    }
    html_put(h, "</ul>\n");
}

void detail_write(struct html *h, const struct period *p, const struct detail *d, bool notice)
{
    const struct compound *c = &p->c[d->compound];
    int64_t id = html_id(h);
    html_put(h, "<article class=\"%S\" id=\"%S-%D\" aria-labelledby=\"a%D\">",
             notice ? "notice" : "compound", notice ? "notice" : "compound", id, id);
    if (notice) {
        html_put(h, "<h3 id=\"a%D\">%s</h3>\n", id, TR(h, "整改通知书", "Rectification notice"));
        html_put(h, "<p class=\"addressee\">%s", TR(h, "致：", "To: "));
        if (c->managed == 0 || !c->company[0])
            html_put(h, TR(h, "%s（该小区无物业服务企业，由街道兜底处置）",
                              "%s (the compound has no property company; the street office acts)"),
                     c->street);
        else
            html_put(h, "%s", c->company);
        html_put(h, "</p>\n<p>");
        html_put(h, TR(h, "经 %s 期物业小区管理水平考评，你单位服务的 %s（%s）指数为 ",
                          "In the property-management assessment of period %s, the compound %s (%s) "
                          "that you manage has an index of "),
                 p->name, c->name, c->id);
        if (c->index >= 0)
            html_put(h, "%C", c->index);
        else
            html_put(h, "–");
        html_put(h, TR(h, "，等级为%s，被列入黑榜（黑牌）。请对下列失分项目和问题进行整改。",
                          ", tier %s, and is on the black list (black card). Rectify the items and "
                          "problems below."),
                 tier_words(h, p->model, c->tier));
        html_put(h, "</p>\n");
    } else {
        html_put(h, "<h3 id=\"a%D\">%s %s</h3>\n", id, c->id, c->name);
    }
    facts(h, p, d);
    chart_indicators(h, p, d);
    indicator_table(h, p, d);
    losses_table(h, p, d, notice);
    rules_list(h, d);
    if (notice) {
        veto_bases(h, p, d);
        measure_text(h, p, d);
        html_put(h, "<h4>%s</h4>\n<p class=\"deadline\">", TR(h, "整改期限", "Deadline"));
        html_put(h, TR(h, "请自收到本通知之日起 <strong>%d 日</strong>内完成整改，并将整改情况书面报送%s。",
                          "Rectify within <strong>%d days</strong> of receiving this notice, and "
                          "report what was done in writing to %s."),
                 (int)pmindex_model_rectification_days(p->model),
                 c->street[0] ? c->street : TR(h, "街道办事处", "the street office"));
        html_put(h, "</p>\n<p class=\"signature\">%s</p>\n",
                 TR(h, "（发文单位盖章）　　年　　月　　日", "(Issuing office, seal)  Date: ____________"));
    } else {
        measure_text(h, p, d);
    }
    html_put(h, "</article>\n");
}
