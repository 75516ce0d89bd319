/* The charts: inline SVG, each with role="img", a <title> and a text
 * equivalent (a <desc>, and a table beside the histogram and the bars).
 * Sizes are in the viewBox; CSS scales the charts to the page's width. */
#include <stdio.h>
#include <string.h>

#include "report.h"

/* A number of centipoints as x or y in a chart: the viewBox is in whole
 * units, so a position is an integer plus 2 decimals, written exactly. */
static int64_t scale(int64_t value, int64_t max, int64_t length)
{
    return max > 0 ? (value * length * 100 + max / 2) / max : 0; /* hundredths of a unit */
}

/* A chart's <svg>: its <title> names it (the accessible name of role="img")
 * and its <desc> says in words what it shows. */
static void open_svg(struct html *h, const char *cls, int width, int height, const char *title,
                     const char *desc)
{
    html_put(h, "<svg class=\"%S\" viewBox=\"0 0 %d %d\" role=\"img\"><title>%s</title>"
                "<desc>%s</desc>\n",
             cls, width, height, title, desc);
}

/* ---- the histogram ------------------------------------------------------------- */

enum { HX = 52, HW = 576, HTOP = 40, HH = 220, HWIDTH = 640, HHEIGHT = 298 };

void chart_histogram(struct html *h, const struct period *p)
{
    const pmindex_model *m = p->model;
    int64_t bins[REPORT_BINS] = {0}, max = 0, counted = 0;
    for (int32_t k = 0; k < p->ncompounds; k++) {
        const struct compound *c = &p->c[k];
        if (c->tier == PMINDEX_TIER_FALLBACK || c->index < 0)
            continue;
        int64_t b = c->index / (10000 / REPORT_BINS);
        bins[b < REPORT_BINS ? b : REPORT_BINS - 1]++;
        counted++;
    }
    for (int b = 0; b < REPORT_BINS; b++)
        if (bins[b] > max)
            max = bins[b];
    int64_t top = max < 4 ? 4 : (max + 3) / 4 * 4; /* the y axis: 4 steps of whole compounds */
    char title[256], desc[512];
    snprintf(title, sizeof title, TR(h, "小区指数分布直方图（%d 个柱，每柱 %d 分）",
                                      "Histogram of the index (%d bars of %d points each)"),
             REPORT_BINS, 100 / REPORT_BINS);
    snprintf(desc, sizeof desc,
             TR(h, "%lld 个有等级的小区按指数分组；虚线为等级分界。下表逐柱列出小区数。",
                "%lld compounds with a tier, grouped by index; dashed lines mark the tier "
                "thresholds. The table below gives the count of every bar."),
             (long long)counted);
    html_put(h, "<figure class=\"chart\">");
    open_svg(h, "histogram", HWIDTH, HHEIGHT, title, desc);
    html_put(h, "<g class=\"bars\" data-bars=\"%d\">", REPORT_BINS);
    /* Axes and grid. */
    for (int step = 0; step <= 4; step++) {
        int64_t v = top * step / 4;
        int64_t y = HTOP * 100 + HH * 100 - scale(v, top, HH);
        html_put(h, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%C\" y2=\"%C\"/>"
                    "<text class=\"tick\" x=\"%d\" y=\"%C\" text-anchor=\"end\">%D</text>",
                 HX, HX + HW, y, y, HX - 6, y + 400, v);
    }
    for (int b = 0; b < REPORT_BINS; b++) {
        int64_t x = HX * 100 + scale(b, REPORT_BINS, HW) + 100;
        int64_t w = scale(1, REPORT_BINS, HW) - 200;
        int64_t hgt = scale(bins[b], top, HH);
        int64_t y = HTOP * 100 + HH * 100 - hgt;
        int lo = b * 100 / REPORT_BINS, hi = (b + 1) * 100 / REPORT_BINS;
        html_put(h, "<rect class=\"bar\" x=\"%C\" y=\"%C\" width=\"%C\" height=\"%C\">"
                    "<title>%d–%d: %D</title></rect>", x, y, w, hgt, lo, hi, bins[b]);
    }
    html_put(h, "</g>");
    for (int v = 0; v <= 100; v += 10)
        html_put(h, "<text class=\"tick\" x=\"%C\" y=\"%d\" text-anchor=\"middle\">%d</text>",
                 HX * 100 + scale(v, 100, HW), HTOP + HH + 16, v);
    html_put(h, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", HX, HX + HW,
             HTOP + HH, HTOP + HH);
    html_put(h, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
             HX + HW / 2, HHEIGHT - 4, TR(h, "指数", "Index"));
    /* Tier thresholds, their labels staggered so that close ones do not overlap. */
    for (int32_t t = 0, row = 0; t < pmindex_model_tier_count(m); t++) {
        int64_t th = pmindex_model_tier_threshold(m, t);
        if (th <= 0)
            continue;
        int64_t x = HX * 100 + scale(th, 10000, HW);
        int y = 11 + (row % 3) * 11;
        html_put(h, "<line class=\"threshold\" x1=\"%C\" x2=\"%C\" y1=\"%d\" y2=\"%d\"/>"
                    "<text class=\"threshold-label\" x=\"%C\" y=\"%d\" text-anchor=\"end\">"
                    "%s ≥ %C</text>",
                 x, x, y + 3, HTOP + HH, x - 300, y,
                 pmindex_model_tier_label(m, t, h->lang), th);
        row++;
    }
    html_put(h, "</svg>\n");
    html_put(h, "<figcaption>%s</figcaption></figure>\n", title);
    /* The text equivalent. */
    html_put(h, "<div class=\"wrap\"><table class=\"compact\" id=\"histogram-table\"><caption>%s"
                "</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>\n"
                "</thead>\n<tbody>",
             TR(h, "直方图数据", "The histogram's data"), TR(h, "指数区间", "Index range"),
             TR(h, "小区数", "Compounds"));
    for (int b = 0; b < REPORT_BINS; b++) {
        int64_t lo = b * (10000 / REPORT_BINS), hi = lo + 10000 / REPORT_BINS - 1;
        html_put(h, "<tr><td>%C–%C</td><td class=\"num\">%D</td></tr>\n", lo,
                 b == REPORT_BINS - 1 ? 10000 : hi, bins[b]);
    }
    html_put(h, "</tbody></table></div>\n");
}

/* ---- a compound's indicators against their weights ---------------------------------- */

enum { BX = 180, BW = 300, BROW = 30, BWIDTH = 600 };

void chart_indicators(struct html *h, const struct period *p, const struct detail *d)
{
    const pmindex_model *m = p->model;
    const struct compound *c = &p->c[d->compound];
    int32_t n = pmindex_model_indicator_count(m);
    int64_t wmax = 0;
    for (int32_t k = 0; k < n; k++)
        if (pmindex_model_indicator_points(m, k) > wmax)
            wmax = pmindex_model_indicator_points(m, k);
    char title[512], desc[2048];
    snprintf(title, sizeof title, TR(h, "%s 各指标得分与权重", "Indicators of %s: points against weights"),
             c->id);
    size_t len = 0;
    for (int32_t k = 0; k < n && len < sizeof desc - 128; k++) {
        char pts[32] = "-", w[32];
        if (d->ind_has[k])
            pmindex_centi_format(d->ind_points[k], pts, sizeof pts);
        pmindex_centi_format(pmindex_model_indicator_points(m, k), w, sizeof w);
        len += (size_t)snprintf(desc + len, sizeof desc - len, TR(h, "%s%s：%s / %s", "%s%s: %s of %s"),
                                k ? "; " : "", pmindex_model_indicator_id(m, k), pts, w);
    }
    html_put(h, "<figure class=\"chart\">");
    open_svg(h, "indicators", BWIDTH, n * BROW + 10, title, desc);
    for (int32_t k = 0; k < n; k++) {
        int64_t w = pmindex_model_indicator_points(m, k);
        int y = 6 + k * BROW;
        char label[96];
        snprintf(label, sizeof label, "%s %s", pmindex_model_indicator_id(m, k),
                 pmindex_model_indicator_name(m, k, h->lang));
        html_put(h, "<text class=\"label\" x=\"0\" y=\"%d\">%s</text>", y + 15, label);
        html_put(h, "<rect class=\"track\" x=\"%d\" y=\"%d\" width=\"%C\" height=\"18\"/>", BX, y,
                 scale(w, wmax, BW));
        if (d->ind_has[k])
            html_put(h, "<rect class=\"fill\" x=\"%d\" y=\"%d\" width=\"%C\" height=\"18\"/>", BX,
                     y, scale(d->ind_points[k] < 0 ? 0 : d->ind_points[k], wmax, BW));
        html_put(h, "<text class=\"value\" x=\"%d\" y=\"%d\">", BX + BW + 8, y + 14);
        if (d->ind_has[k])
            html_put(h, "%C / %C", d->ind_points[k], w);
        else
            html_put(h, "%s / %C", TR(h, "不适用", "n/a"), w);
        html_put(h, "</text>");
    }
    html_put(h, "</svg>\n<figcaption>%s</figcaption></figure>\n", title);
}

/* ---- a compound's index over the periods ------------------------------------------------ */

enum { LX = 30, LW = 200, LTOP = 8, LH = 70, LWIDTH = 240, LHEIGHT = 100 };

void chart_history(struct html *h, const struct period *p, const struct compound *c,
                   const int32_t *periods, const int64_t *indices, int n)
{
    const pmindex_model *m = p->model;
    char title[512], desc[1024], name[16];
    snprintf(title, sizeof title, TR(h, "%s 近 %d 期指数", "Index of %s over the last %d periods"),
             c->id, n);
    size_t len = 0;
    for (int k = 0; k < n && len < sizeof desc - 64; k++) {
        char v[32] = "-";
        if (indices[k] >= 0)
            pmindex_centi_format(indices[k], v, sizeof v);
        pmindex_period_format(periods[k], name, sizeof name);
        len += (size_t)snprintf(desc + len, sizeof desc - len, "%s%s: %s", k ? "; " : "", name, v);
    }
    open_svg(h, "history", LWIDTH, LHEIGHT, title, desc);
    for (int32_t t = 0; t < pmindex_model_tier_count(m); t++) {
        int64_t th = pmindex_model_tier_threshold(m, t);
        if (th <= 0)
            continue;
        int64_t y = LTOP * 100 + LH * 100 - scale(th, 10000, LH);
        html_put(h, "<line class=\"threshold\" x1=\"%d\" x2=\"%d\" y1=\"%C\" y2=\"%C\"/>"
                    "<text class=\"tick\" x=\"%d\" y=\"%C\" text-anchor=\"end\">%C</text>",
                 LX, LX + LW, y, y, LX - 3, y + 300, th);
    }
    html_put(h, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", LX, LX + LW,
             LTOP + LH, LTOP + LH);
    /* One x step per period; a period without an index breaks the line. */
    int64_t step = n > 1 ? LW * 100 / (n - 1) : 0;
    bool open = false;
    for (int k = 0; k < n; k++) {
        if (indices[k] < 0) {
            if (open)
                html_put(h, "\"/>");
            open = false;
            continue;
        }
        int64_t x = LX * 100 + (n > 1 ? step * k : LW * 50);
        int64_t y = LTOP * 100 + LH * 100 - scale(indices[k], 10000, LH);
        html_put(h, open ? " %C,%C" : "<polyline class=\"line\" points=\"%C,%C", x, y);
        open = true;
    }
    if (open)
        html_put(h, "\"/>");
    for (int k = 0; k < n; k++) {
        if (indices[k] < 0)
            continue;
        int64_t x = LX * 100 + (n > 1 ? step * k : LW * 50);
        int64_t y = LTOP * 100 + LH * 100 - scale(indices[k], 10000, LH);
        html_put(h, "<circle class=\"dot\" cx=\"%C\" cy=\"%C\" r=\"3\"/>", x, y);
    }
    if (n > 0) {
        pmindex_period_format(periods[0], name, sizeof name);
        html_put(h, "<text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>", LX, LHEIGHT - 6, name);
        pmindex_period_format(periods[n - 1], name, sizeof name);
        html_put(h, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", LX + LW,
                 LHEIGHT - 6, name);
    }
    html_put(h, "</svg>\n");
}
