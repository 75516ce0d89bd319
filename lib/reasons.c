/* The rules that fired for a compound, as stable keys and as sentences. */
#include <string.h>

#include "arith.h"
#include "assess.h"
#include "model.h"

static const struct pm_reason *reason_at(const pmindex_assessment *a, int32_t n)
{
    return a && n >= 0 && n < a->nreasons ? &a->reasons[n] : NULL;
}

PMINDEX_API int32_t pmindex_assessment_reason_count(const pmindex_assessment *a)
{
    return a ? a->nreasons : 0;
}

PMINDEX_API int32_t pmindex_assessment_reason(const pmindex_assessment *a, int32_t n,
                                              int32_t *arg_out)
{
    const struct pm_reason *r = reason_at(a, n);
    if (!r)
        return PMINDEX_E_NOT_FOUND;
    if (arg_out)
        *arg_out = r->arg;
    return r->rule;
}

void pm_out_reason_key(struct pm_out *o, const pmindex_model *m, const struct pm_reason *r)
{
    switch (r->rule) {
    case PMINDEX_REASON_FALLBACK: pm_out_str(o, "fallback"); break;
    case PMINDEX_REASON_VETO:
        pm_out_str(o, "veto:");
        pm_out_str(o, m->vetoes[r->arg].id);
        break;
    case PMINDEX_REASON_DOWNGRADE:
        pm_out_str(o, "downgrade:");
        pm_out_str(o, m->indicators[r->arg].id);
        break;
    case PMINDEX_REASON_BLACK_TIER:
        pm_out_str(o, "black:");
        pm_out_str(o, m->tiers[r->arg].key);
        break;
    case PMINDEX_REASON_BLACK_VETO: pm_out_str(o, "black:veto"); break;
    case PMINDEX_REASON_BLACK_SHARE:
        pm_out_str(o, "black:share:");
        pm_out_str(o, m->indicators[r->arg].id);
        break;
    default: pm_out_str(o, "red"); break;
    }
}

PMINDEX_API int64_t pmindex_assessment_reason_key(const pmindex_assessment *a, int32_t n,
                                                  char *buf, size_t cap)
{
    const struct pm_reason *r = reason_at(a, n);
    if (!r)
        return PMINDEX_E_NOT_FOUND;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_reason_key(&o, a->model, r);
    return pm_out_finish(&o);
}

/* A rule in a few words: one writer for an assessment's reasons and for
 * the reason keys a ledger keeps. */
void pm_out_reason_label(struct pm_out *o, const pmindex_model *m, int32_t rule, int32_t arg,
                         int32_t lang)
{
    bool en = lang == PMINDEX_LANG_EN;
    switch (rule) {
    case PMINDEX_REASON_FALLBACK: pm_out_str(o, en ? "fallback management" : "兜底管理"); break;
    case PMINDEX_REASON_VETO:
        pm_out_str(o, en ? "veto " : "一票否决");
        pm_out_str(o, m->vetoes[arg].id);
        break;
    case PMINDEX_REASON_DOWNGRADE:
        pm_out_str(o, en ? "downgrade for " : "");
        pm_out_str(o, m->indicators[arg].id);
        pm_out_str(o, en ? "" : "降一档");
        break;
    case PMINDEX_REASON_BLACK_TIER:
        pm_out_str(o, en ? "black card: " : "黑牌：");
        pm_out_str(o, pm_text(m->tiers[arg].label, lang));
        break;
    case PMINDEX_REASON_BLACK_VETO: pm_out_str(o, en ? "black card: veto" : "黑牌：一票否决"); break;
    case PMINDEX_REASON_BLACK_SHARE:
        pm_out_str(o, en ? "black card: " : "黑牌：");
        pm_out_str(o, m->indicators[arg].id);
        pm_out_str(o, en ? " share" : "得分率");
        break;
    default: pm_out_str(o, en ? "red card" : "红牌"); break;
    }
}

PMINDEX_API int64_t pmindex_assessment_reason_label(const pmindex_assessment *a, int32_t n,
                                                    int32_t lang, char *buf, size_t cap)
{
    const struct pm_reason *r = reason_at(a, n);
    if (!r)
        return PMINDEX_E_NOT_FOUND;
    if (!buf && cap)
        return PMINDEX_E_INVALID;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_reason_label(&o, a->model, r->rule, r->arg, lang);
    return pm_out_finish(&o);
}

/* The rule and argument a key names (pm_out_reason_key() backwards), or
 * PMINDEX_E_NOT_FOUND. */
static int32_t parse_reason_key(const pmindex_model *m, const char *key, int32_t *arg)
{
    static const struct {
        const char *prefix;
        int32_t rule;
        int32_t (*find)(const pmindex_model *, const char *);
    } keys[] = {
        {"fallback", PMINDEX_REASON_FALLBACK, NULL},
        {"red", PMINDEX_REASON_RED, NULL},
        {"black:veto", PMINDEX_REASON_BLACK_VETO, NULL},
        {"veto:", PMINDEX_REASON_VETO, pmindex_model_find_veto},
        {"downgrade:", PMINDEX_REASON_DOWNGRADE, pmindex_model_find_indicator},
        {"black:share:", PMINDEX_REASON_BLACK_SHARE, pmindex_model_find_indicator},
        {"black:", PMINDEX_REASON_BLACK_TIER, pmindex_model_find_tier},
    };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t len = strlen(keys[k].prefix);
        if (!keys[k].find) {
            if (strcmp(key, keys[k].prefix) == 0) {
                *arg = -1;
                return keys[k].rule;
            }
        } else if (strncmp(key, keys[k].prefix, len) == 0) {
            *arg = keys[k].find(m, key + len);
            return *arg >= 0 ? keys[k].rule : PMINDEX_E_NOT_FOUND;
        }
    }
    return PMINDEX_E_NOT_FOUND;
}

PMINDEX_API int64_t pmindex_model_reason_label(const pmindex_model *m, const char *key,
                                               int32_t lang, char *buf, size_t cap)
{
    if (!m || !key || (!buf && cap))
        return PMINDEX_E_INVALID;
    int32_t arg, rule = parse_reason_key(m, key, &arg);
    if (rule < 0)
        return rule;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_reason_label(&o, m, rule, arg, lang);
    return pm_out_finish(&o);
}

/* A fraction as a percentage with 2 decimals, e.g. 2/3 -> "66.67". */
static void out_percent(struct pm_out *o, int64_t num, int64_t den)
{
    pm_out_centi(o, pm_muldiv_round(num, PM_CENTI_FULL, den));
    pm_out_char(o, '%');
}

static void out_share(struct pm_out *o, const pmindex_assessment *a, int32_t k)
{
    out_percent(o, a->earned[k], a->applicable[k]);
}

PMINDEX_API int64_t pmindex_assessment_reason_text(const pmindex_assessment *a, int32_t n,
                                                   int32_t lang, char *buf, size_t cap)
{
    const struct pm_reason *r = reason_at(a, n);
    if (!r)
        return PMINDEX_E_NOT_FOUND;
    const pmindex_model *m = a->model;
    bool en = lang == PMINDEX_LANG_EN;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    switch (r->rule) {
    case PMINDEX_REASON_FALLBACK:
        pm_out_str(&o, en ? "Coverage " : "覆盖率");
        out_percent(&o, a->cov_num, a->cov_den);
        pm_out_str(&o, en ? " is below " : "低于");
        out_percent(&o, m->coverage_floor.num, m->coverage_floor.den);
        pm_out_str(&o, en ? ": fallback management (兜底管理), no tier and no card, for the street "
                            "to handle directly"
                          : "，列为兜底管理，不定等级、不挂牌，由街道直接处置");
        break;
    case PMINDEX_REASON_VETO: {
        const struct pm_veto *v = &m->vetoes[r->arg];
        pm_out_str(&o, en ? "Veto " : "一票否决 ");
        pm_out_str(&o, v->id);
        pm_out_str(&o, en ? ": " : "：");
        pm_out_str(&o, pm_text(v->description, lang));
        if (v->item >= 0) {
            pm_out_str(&o, en ? " (item " : "（");
            pm_out_str(&o, m->items[v->item].id);
            pm_out_str(&o, en ? ")" : "）");
        }
        pm_out_str(&o, en ? "; the tier is " : "；等级为");
        pm_out_str(&o, pm_text(m->tiers[m->ntiers - 1].label, lang));
        break;
    }
    case PMINDEX_REASON_DOWNGRADE:
    case PMINDEX_REASON_BLACK_SHARE: {
        const struct pm_indicator *ind = &m->indicators[r->arg];
        bool black = r->rule == PMINDEX_REASON_BLACK_SHARE;
        struct pm_fraction floor = m->downgrade;
        for (int32_t s = 0; black && s < m->nblack_shares; s++)
            if (m->black_shares[s].indicator == r->arg)
                floor = m->black_shares[s].share;
        if (black)
            pm_out_str(&o, en ? "Black card: " : "黑牌：");
        pm_out_str(&o, en ? (black ? "indicator " : "Indicator ") : "指标");
        pm_out_str(&o, ind->id);
        pm_out_str(&o, en ? " (" : "（");
        pm_out_str(&o, pm_text(ind->name, lang));
        pm_out_str(&o, en ? ") earned " : "）得分率");
        out_share(&o, a, r->arg);
        pm_out_str(&o, en ? " of its applicable points, below " : "，低于");
        out_percent(&o, floor.num, floor.den);
        if (!black)
            pm_out_str(&o, en ? ": the tier drops one step" : "，等级下调一档");
        break;
    }
    case PMINDEX_REASON_BLACK_TIER:
        pm_out_str(&o, en ? "Black card: the tier is " : "黑牌：等级为");
        pm_out_str(&o, pm_text(m->tiers[a->tier].label, lang));
        break;
    case PMINDEX_REASON_BLACK_VETO:
        pm_out_str(&o, en ? "Black card: a veto event was confirmed" : "黑牌：发生一票否决事项");
        break;
    default:
        pm_out_str(&o, en ? "Red card: the tier is " : "红牌：等级为");
        pm_out_str(&o, pm_text(m->tiers[r->arg].label, lang));
        pm_out_str(&o, en ? ", with no veto and no sanction in force"
                          : "，无一票否决事项，无在执行的惩戒");
        break;
    }
    return pm_out_finish(&o);
}
