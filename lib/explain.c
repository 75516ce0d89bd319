/* One compound's verdict explained for people, as pmindex-score --explain
 * prints it and Python's Assessment.explain() returns it: its fields, the
 * index, tier, card and coverage, every indicator and item, the items that
 * lost most and every rule that fired. One layout, in the library, so that
 * every caller shows the same text. */
#include <string.h>

#include "assess.h"
#include "compound.h"
#include "decimal.h"
#include "model.h"
#include "text.h"

/* Columns of the tables, and the bytes a field of the header may show
 * (a longer one is cut at a character). */
enum {
    INDICATOR_COLUMN = 36,
    ITEM_ID_COLUMN = 6,
    ITEM_NAME_COLUMN = 40,
    OBSERVATION_COLUMN = 18,
    POINTS_COLUMN = 8,
    APPLICABLE_COLUMN = 12,
    SHARE_COLUMN = 9,
    FIELD_BYTES = 511,
    LOSSES_SHOWN = 10
};

PMINDEX_API int64_t pmindex_compound_observation(const pmindex_compound *c, int32_t item,
                                                 int32_t lang, char *buf, size_t cap)
{
    if (!c || (!buf && cap))
        return PMINDEX_E_INVALID;
    const pmindex_model *m = c->model;
    if (item < 0 || item >= m->nitems)
        return PMINDEX_E_NOT_FOUND;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    int64_t v = c->values[item];
    if (v == PM_NA) {
        pm_out_str(&o, "NA");
        return pm_out_finish(&o);
    }
    char text[PM_DECIMAL_TEXT];
    pm_out_bytes(&o, text, pm_decimal_text(v, text));
    for (int32_t j = 0; j < pmindex_model_item_level_count(m, item); j++)
        if (pmindex_model_item_level_value(m, item, j) == v) {
            pm_out_char(&o, ' ');
            pm_out_str(&o, pmindex_model_item_level_label(m, item, j, lang));
        }
    return pm_out_finish(&o);
}

/* A field of the compound, harmless for a terminal and at most FIELD_BYTES. */
static void out_field(struct pm_out *o, const pmindex_compound *c, int32_t field)
{
    char shown[FIELD_BYTES + 1];
    struct pm_out f;
    pm_out_init(&f, shown, sizeof shown);
    pm_out_text(&f, c->field[field], 0, 0);
    pm_out_finish(&f);
    pm_out_str(o, shown);
}

/* Hundredths right-aligned in width columns, or "-" without a value. */
static void out_number(struct pm_out *o, bool has, int64_t v, const char *suffix, int32_t width)
{
    char text[40] = "-";
    if (has) {
        size_t n = pm_centi_text(v, text);
        pm_strlcpy(text + n, suffix, sizeof text - n);
    }
    pm_out_text(o, text, width, PMINDEX_TEXT_RIGHT);
}

static void out_header(struct pm_out *o, const pmindex_assessment *a, const pmindex_compound *c,
                       bool en)
{
    const pmindex_model *m = a->model;
    int32_t lang = en ? PMINDEX_LANG_EN : PMINDEX_LANG_ZH;
    pm_out_str(o, c->field[PMINDEX_FIELD_ID]);
    pm_out_char(o, ' ');
    out_field(o, c, PMINDEX_FIELD_NAME);
    pm_out_str(o, en ? "\n  street " : "\n  街道 ");
    out_field(o, c, PMINDEX_FIELD_STREET);
    pm_out_str(o, en ? " · station " : " · 派出所 ");
    out_field(o, c, PMINDEX_FIELD_STATION);
    pm_out_str(o, en ? " · company " : " · 物业企业 ");
    out_field(o, c, PMINDEX_FIELD_COMPANY);
    pm_out_str(o, en ? " · households " : " · 户数 ");
    if (c->households >= 0)
        pm_out_int(o, c->households);
    else
        pm_out_char(o, '-');
    pm_out_str(o, " · ");
    pm_out_str(o, c->managed ? (en ? "managed" : "有物业管理") : (en ? "not managed" : "无物业管理"));
    pm_out_str(o, en ? " · period " : " · 期间 ");
    out_field(o, c, PMINDEX_FIELD_PERIOD);
    pm_out_str(o, en ? "\nIndex " : "\n指数 ");
    if (a->has_index)
        pm_out_centi(o, a->index);
    else
        pm_out_char(o, '-');
    pm_out_str(o, en ? " · tier " : " · 等级 ");
    pm_out_str(o, pmindex_model_tier_label(m, a->tier, lang));
    pm_out_str(o, en ? " · card " : " · 牌 ");
    static const char *const cards[2][3] = {{"—", "红牌", "黑牌"}, {"-", "red", "black"}};
    pm_out_str(o, cards[en][a->card]);
    pm_out_str(o, en ? " · coverage " : " · 覆盖率 ");
    pm_out_centi(o, pmindex_assessment_coverage(a, NULL, NULL));
    pm_out_str(o, "%\n");
}

static void out_indicators(struct pm_out *o, const pmindex_assessment *a, bool en)
{
    const pmindex_model *m = a->model;
    int32_t lang = en ? PMINDEX_LANG_EN : PMINDEX_LANG_ZH;
    pm_out_char(o, '\n');
    pm_out_text(o, en ? "Indicator" : "指标", INDICATOR_COLUMN, 0);
    pm_out_str(o, en ? "  Points  Earned  Applicable    Share\n"
                     : "    得分    实得    适用满分   得分率\n");
    for (int32_t k = 0; k < m->nindicators; k++) {
        char label[256];
        struct pm_out l;
        pm_out_init(&l, label, sizeof label);
        pm_out_str(&l, m->indicators[k].id);
        pm_out_char(&l, ' ');
        pm_out_str(&l, pm_text(m->indicators[k].name, lang));
        pm_out_finish(&l);
        pm_out_text(o, label, INDICATOR_COLUMN, 0);
        int64_t p, e, ap, share;
        bool has = pmindex_assessment_indicator(a, k, &p, &e, &ap, &share) == 1;
        out_number(o, has, p, "", POINTS_COLUMN);
        out_number(o, has, e, "", POINTS_COLUMN);
        out_number(o, has, ap, "", APPLICABLE_COLUMN);
        out_number(o, has, share, "%", SHARE_COLUMN);
        pm_out_char(o, '\n');
    }
}

static void out_items(struct pm_out *o, const pmindex_assessment *a, const pmindex_compound *c,
                      bool en)
{
    const pmindex_model *m = a->model;
    int32_t lang = en ? PMINDEX_LANG_EN : PMINDEX_LANG_ZH;
    pm_out_char(o, '\n');
    pm_out_text(o, en ? "Item" : "项目", ITEM_ID_COLUMN, 0);
    pm_out_text(o, en ? "Name" : "名称", ITEM_NAME_COLUMN, 0);
    pm_out_text(o, en ? "Observation" : "观测值", OBSERVATION_COLUMN, 0);
    pm_out_str(o, en ? "  Points     Max    Lost\n" : "    得分    满分    失分\n");
    for (int32_t i = 0; i < m->nitems; i++) {
        char observed[128];
        pmindex_compound_observation(c, i, lang, observed, sizeof observed);
        pm_out_text(o, m->items[i].id, ITEM_ID_COLUMN, 0);
        pm_out_text(o, pm_text(m->items[i].name, lang), ITEM_NAME_COLUMN, 0);
        pm_out_text(o, observed, OBSERVATION_COLUMN, 0);
        int64_t p, lost;
        bool has = pmindex_assessment_item(a, i, &p, &lost) == 1;
        out_number(o, has, p, "", POINTS_COLUMN);
        out_number(o, true, m->items[i].max, "", POINTS_COLUMN);
        out_number(o, has, lost, "", POINTS_COLUMN);
        pm_out_char(o, '\n');
    }
}

static void out_losses_and_rules(struct pm_out *o, const pmindex_assessment *a, bool en)
{
    const pmindex_model *m = a->model;
    int32_t lang = en ? PMINDEX_LANG_EN : PMINDEX_LANG_ZH;
    int32_t order[LOSSES_SHOWN];
    int32_t nloss = pmindex_assessment_losses(a, order, LOSSES_SHOWN);
    pm_out_str(o, en ? "\nItems that lost most points:" : "\n失分最多的项目：");
    if (nloss == 0)
        pm_out_str(o, en ? " none" : "无");
    for (int32_t n = 0; n < nloss && n < LOSSES_SHOWN; n++) {
        pm_out_str(o, n ? (en ? ", " : "，") : " ");
        pm_out_str(o, m->items[order[n]].id);
        pm_out_str(o, " -");
        pm_out_centi(o, m->items[order[n]].max - a->item_points[order[n]]);
    }
    pm_out_str(o, en ? "\nRules that fired:\n" : "\n触发的规则：\n");
    if (a->nreasons == 0)
        pm_out_str(o, en ? "  none\n" : "  无\n");
    for (int32_t r = 0; r < a->nreasons; r++) {
        char text[1024];
        pmindex_assessment_reason_text(a, r, lang, text, sizeof text);
        pm_out_str(o, "  - [");
        pm_out_reason_key(o, m, &a->reasons[r]);
        pm_out_str(o, "] ");
        pm_out_str(o, text);
        pm_out_char(o, '\n');
    }
}

PMINDEX_API int64_t pmindex_assessment_explain(const pmindex_assessment *a,
                                               const pmindex_compound *c, int32_t lang,
                                               uint32_t flags, char *buf, size_t cap)
{
    if (!a || !c || a->model != c->model || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    bool en = lang == PMINDEX_LANG_EN;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    out_header(&o, a, c, en);
    out_indicators(&o, a, en);
    out_items(&o, a, c, en);
    out_losses_and_rules(&o, a, en);
    return pm_out_finish(&o);
}
