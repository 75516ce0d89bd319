/* The impact of a new model as records: each part (summary, columns, the
 * two matrices, changes, movers, groups) describes its fields once, and
 * record.c writes them as CSV or JSON Lines. */
#include <string.h>

#include "arith.h"
#include "impact.h"
#include "model.h"
#include "period.h"
#include "record.h"

static const char *const part_kinds[] = {"",      "summary", "column", "tiers",  "cards",
                                         "change", "mover",   "mover",  "group",  "group",
                                         "group",  "period",  "ladder"};
static const char *const which_names[] = {"old", "new"};
static const char *const scope_names[] = {"district", "street", "station", "company"};

/* "old_" or "new_" and a name. */
static bool field2(struct pm_rec *r, int32_t which, const char *name)
{
    char key[96];
    struct pm_out o;
    pm_out_init(&o, key, sizeof key);
    pm_out_str(&o, which_names[which]);
    pm_out_char(&o, '_');
    pm_out_str(&o, name);
    pm_out_finish(&o);
    return pm_rec_field(r, key);
}

static const char *tier_key(const pmindex_impact *imp, int32_t which, int32_t tier)
{
    return pm_rec_tier_key(imp->model[which], tier);
}

/* A share of a total in hundredths of a percent, or nothing for none. */
static void share(struct pm_rec *r, int64_t count, int64_t total)
{
    pm_rec_centi(r, total > 0, total > 0 ? pm_muldiv_round(count, PM_CENTI_FULL, total) : 0);
}

/* ---- summary and columns --------------------------------------------------- */

static void summary_fields(struct pm_rec *r, const pmindex_impact *imp)
{
    const pmindex_model *o = imp->model[PMINDEX_OLD], *n = imp->model[PMINDEX_NEW];
    int64_t tier_changes = 0, card_changes = 0;
    for (int32_t a = 0; a <= o->ntiers; a++)
        for (int32_t b = 0; b <= n->ntiers; b++) {
            int32_t ta = a == o->ntiers ? PMINDEX_TIER_FALLBACK : a;
            int32_t tb = b == n->ntiers ? PMINDEX_TIER_FALLBACK : b;
            if (strcmp(tier_key(imp, PMINDEX_OLD, ta), tier_key(imp, PMINDEX_NEW, tb)) != 0)
                tier_changes += imp->tiers[(int64_t)a * (n->ntiers + 1) + b];
        }
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            card_changes += a != b ? imp->cards[a][b] : 0;
    const int64_t values[] = {imp->count,   imp->nchanges,    tier_changes,
                              card_changes, imp->nmovers[0], imp->nmovers[1]};
    static const char *const names[] = {"compounds",    "changed", "tier_changes",
                                        "card_changes", "up",      "down"};
    for (size_t i = 0; i < PM_ARRAY_SIZE(names); i++)
        if (pm_rec_field(r, names[i]))
            pm_rec_int(r, true, values[i]);
}

static void column_fields(struct pm_rec *r, const pmindex_impact *imp, int64_t n)
{
    int32_t which = 0, veto = 0;
    const char *id = r->header ? "" : pmindex_impact_column(imp, n, &which, &veto);
    if (pm_rec_field(r, "column"))
        pm_rec_text(r, id);
    if (pm_rec_field(r, "only_in"))
        pm_rec_text(r, which_names[which]);
    if (pm_rec_field(r, "type"))
        pm_rec_text(r, veto ? "veto" : "item");
    if (pm_rec_field(r, "treatment"))
        pm_rec_text(r, which == PMINDEX_OLD ? "ignored" : veto ? "not_confirmed"
                                                                : "not_applicable");
}

/* ---- the matrices ------------------------------------------------------------ */

static void matrix_fields(struct pm_rec *r, const pmindex_impact *imp, int32_t part, int64_t n)
{
    const pmindex_model *o = imp->model[PMINDEX_OLD], *m = imp->model[PMINDEX_NEW];
    bool tiers = part == PMINDEX_IMPACT_TIERS;
    int64_t columns = tiers ? m->ntiers + 1 : 3;
    int64_t row = n / columns, column = n % columns, count = 0, total = 0;
    const char *from = "", *to = "";
    if (!r->header) {
        const int64_t *cells = tiers ? imp->tiers + row * columns : imp->cards[row];
        for (int64_t c = 0; c < columns; c++)
            total += cells[c];
        count = cells[column];
        if (tiers) {
            from = tier_key(imp, PMINDEX_OLD, row == o->ntiers ? PMINDEX_TIER_FALLBACK
                                                                 : (int32_t)row);
            to = tier_key(imp, PMINDEX_NEW, column == m->ntiers ? PMINDEX_TIER_FALLBACK
                                                                  : (int32_t)column);
        } else {
            from = pm_card_keys[row];
            to = pm_card_keys[column];
        }
    }
    if (pm_rec_field(r, "old"))
        pm_rec_text(r, from);
    if (pm_rec_field(r, "new"))
        pm_rec_text(r, to);
    if (pm_rec_field(r, "count"))
        pm_rec_int(r, true, count);
    if (pm_rec_field(r, "share"))
        share(r, count, total);
}

/* ---- compounds ---------------------------------------------------------------- */

static void compound_names(struct pm_rec *r, const pmindex_impact *imp, int64_t k)
{
    static const char *const names[] = {"compound_id", "name", "street", "station", "company"};
    for (int32_t f = PMINDEX_FIELD_ID; f <= PMINDEX_FIELD_COMPANY; f++)
        if (pm_rec_field(r, names[f]))
            pm_rec_text(r, r->header ? ""
                                     : pmindex_district_compound_field(imp->district[PMINDEX_NEW],
                                                                       k, f));
}

/* A compound's index, tier, card or rank under each model. */
enum verdict_part { V_INDEX, V_TIER, V_CARD, V_RANK };

static void verdict_fields(struct pm_rec *r, const pmindex_impact *imp, int64_t k,
                           enum verdict_part what)
{
    static const char *const names[] = {"index", "tier", "card", "rank"};
    for (int32_t w = 0; w < 2; w++) {
        if (!field2(r, w, names[what]))
            continue;
        const pmindex_district *d = imp->district[w];
        int64_t v = 0;
        switch (what) {
        case V_INDEX: {
            bool has = pmindex_district_compound_index(d, k, &v) == 1;
            pm_rec_centi(r, has, v);
            break;
        }
        case V_TIER: pm_rec_text(r, tier_key(imp, w, pmindex_district_compound_tier(d, k))); break;
        case V_CARD: pm_rec_text(r, pm_card_keys[pmindex_district_compound_card(d, k)]); break;
        default:
            v = pmindex_district_compound_rank(d, k, PMINDEX_SCOPE_DISTRICT);
            pm_rec_int(r, v > 0, v);
        }
    }
}

/* The change of the index, new - old, when both models give one. */
static void index_change(struct pm_rec *r, const pmindex_impact *imp, int64_t k)
{
    int64_t a = 0, b = 0;
    bool has = !r->header &&
               pmindex_district_compound_index(imp->district[PMINDEX_OLD], k, &a) == 1 &&
               pmindex_district_compound_index(imp->district[PMINDEX_NEW], k, &b) == 1;
    pm_rec_centi(r, has, b - a);
}

/* "C4:-2.00": an item's id and the change of its part of the index. */
static void item_change_text(const pmindex_impact *imp, const struct pm_item_change *it,
                             char *buf, size_t cap)
{
    int32_t w = it->item[PMINDEX_NEW] >= 0 ? PMINDEX_NEW : PMINDEX_OLD;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_str(&o, imp->model[w]->items[it->item[w]].id);
    pm_out_str(&o, it->delta > 0 ? ":+" : ":");
    pm_out_centi(&o, it->delta);
    pm_out_finish(&o);
}

static void item_fields(struct pm_rec *r, const pmindex_impact *imp, const struct pm_change *c)
{
    if (!pm_rec_field(r, "items"))
        return;
    const struct pm_item_change *items = imp->items + c->items;
    if (!pm_rec_json(r)) {
        pm_rec_list_begin(r, false); /* ids and numbers: never quoted */
        for (uint16_t i = 0; i < c->nitems; i++) {
            char text[PMINDEX_MAX_ID_LENGTH + 32];
            item_change_text(imp, &items[i], text, sizeof text);
            pm_rec_list_text(r, text);
        }
        pm_rec_list_end(r);
        return;
    }
    pm_rec_array_begin(r);
    for (uint16_t i = 0; i < c->nitems; i++) {
        const struct pm_item_change *it = &items[i];
        int32_t w = it->item[PMINDEX_NEW] >= 0 ? PMINDEX_NEW : PMINDEX_OLD;
        pm_rec_field(r, NULL);
        pm_rec_object_begin(r);
        pm_rec_field(r, "item");
        pm_rec_text(r, imp->model[w]->items[it->item[w]].id);
        for (int32_t x = 0; x < 2; x++) {
            field2(r, x, "points");
            pm_rec_centi(r, it->points[x] >= 0, it->points[x]);
        }
        pm_rec_field(r, "index_change");
        pm_rec_centi(r, true, it->delta);
        pm_rec_object_end(r);
    }
    pm_rec_array_end(r);
}

static void rule_fields(struct pm_rec *r, const pmindex_impact *imp, const struct pm_change *c)
{
    for (int32_t w = 0; w < 2; w++) {
        if (!field2(r, w, "only_rules"))
            continue;
        pm_rec_list_begin(r, false); /* reason keys: never quoted */
        const struct pm_reason *rules =
            imp->rules + c->rules + (w == PMINDEX_NEW ? c->nrules[PMINDEX_OLD] : 0);
        for (uint16_t k = 0; k < c->nrules[w]; k++) {
            char key[16 + PMINDEX_MAX_ID_LENGTH * 2];
            struct pm_out o;
            pm_out_init(&o, key, sizeof key);
            pm_out_reason_key(&o, imp->model[w], &rules[k]);
            pm_out_finish(&o);
            pm_rec_list_text(r, key);
        }
        pm_rec_list_end(r);
    }
}

static void change_fields(struct pm_rec *r, const pmindex_impact *imp, int64_t n)
{
    static const struct pm_change none = {0};
    const struct pm_change *c = r->header ? &none : &imp->changes[n];
    int64_t k = c->compound;
    compound_names(r, imp, k);
    verdict_fields(r, imp, k, V_INDEX);
    if (pm_rec_field(r, "index_change"))
        index_change(r, imp, k);
    verdict_fields(r, imp, k, V_TIER);
    verdict_fields(r, imp, k, V_CARD);
    verdict_fields(r, imp, k, V_RANK);
    for (int32_t w = 0; w < 2; w++)
        if (field2(r, w, "coverage"))
            pm_rec_centi(r, true, c->coverage[w]);
    for (int32_t w = 0; w < 2; w++)
        if (field2(r, w, "index_tier"))
            pm_rec_text(r, tier_key(imp, w, pmindex_impact_index_tier(imp, k, w)));
    item_fields(r, imp, c);
    rule_fields(r, imp, c);
}

static void mover_fields(struct pm_rec *r, const pmindex_impact *imp, int32_t part, int64_t n)
{
    int64_t k = r->header ? 0 : pmindex_impact_compound(imp, part, n);
    if (pm_rec_field(r, "direction"))
        pm_rec_text(r, part == PMINDEX_IMPACT_UP ? "up" : "down");
    if (pm_rec_field(r, "place"))
        pm_rec_int(r, true, n + 1);
    compound_names(r, imp, k);
    verdict_fields(r, imp, k, V_RANK);
    if (pm_rec_field(r, "rank_change")) {
        int64_t a = pmindex_district_compound_rank(imp->district[PMINDEX_OLD], k,
                                                   PMINDEX_SCOPE_DISTRICT);
        int64_t b = pmindex_district_compound_rank(imp->district[PMINDEX_NEW], k,
                                                   PMINDEX_SCOPE_DISTRICT);
        pm_rec_int(r, true, a - b);
    }
    verdict_fields(r, imp, k, V_INDEX);
    verdict_fields(r, imp, k, V_TIER);
}

/* ---- groups -------------------------------------------------------------------- */

/* What a group's record gives under each model. */
enum group_value { G_MEAN, G_WEIGHTED_MEAN, G_RANK, G_TIERS, G_CARDS, G_LISTS, G_VALUES };

static void group_value(struct pm_rec *r, const pmindex_impact *imp, int32_t scope, int32_t w,
                        int32_t g, enum group_value what)
{
    static const char *const names[] = {"mean", "weighted_mean", "rank", "tiers", "", "lists"};
    const pmindex_district *d = imp->district[w];
    const pmindex_model *m = imp->model[w];
    bool json = pm_rec_json(r);
    int64_t v = 0;
    switch (what) {
    case G_MEAN:
    case G_WEIGHTED_MEAN:
        if (field2(r, w, names[what])) {
            int32_t stat = what == G_MEAN ? PMINDEX_STAT_MEAN : PMINDEX_STAT_WEIGHTED_MEAN;
            bool has = pmindex_district_group_stat(d, scope, g, stat, &v) == 1;
            pm_rec_centi(r, has, v);
        }
        break;
    case G_RANK:
        if (field2(r, w, names[what])) {
            v = pmindex_district_group_rank(d, scope, g);
            pm_rec_int(r, v > 0, v);
        }
        break;
    case G_TIERS: /* columns old_KEY... in CSV, an object by key in JSON */
        if (json) {
            field2(r, w, names[what]);
            pm_rec_object_begin(r);
        }
        for (int32_t t = 0; t <= m->ntiers; t++) {
            int32_t tier = t < m->ntiers ? t : PMINDEX_TIER_FALLBACK;
            const char *key = pm_rec_tier_key(m, tier);
            if (json ? pm_rec_field(r, key) : field2(r, w, key))
                pm_rec_int(r, true, pmindex_district_group_tier_count(d, scope, g, tier));
        }
        if (json)
            pm_rec_object_end(r);
        break;
    case G_CARDS:
        for (int32_t card = PMINDEX_CARD_RED; card <= PMINDEX_CARD_BLACK; card++)
            if (field2(r, w, pm_card_keys[card]))
                pm_rec_int(r, true, pmindex_district_group_card_count(d, scope, g, card));
        break;
    default:
        if (field2(r, w, names[what])) {
            int32_t lists = pmindex_district_group_lists(d, scope, g);
            pm_rec_list_begin(r, false);
            if (lists & PMINDEX_LIST_HONOUR)
                pm_rec_list_text(r, "honour");
            if (lists & PMINDEX_LIST_WATCH)
                pm_rec_list_text(r, "watch");
            pm_rec_list_end(r);
        }
    }
}

static void group_fields(struct pm_rec *r, const pmindex_impact *imp, int32_t part, int64_t n)
{
    int32_t scope = pm_impact_scope(part);
    int32_t g[2] = {0, 0};
    if (!r->header)
        for (int32_t w = 0; w < 2; w++)
            g[w] = pmindex_impact_group(imp, part, (int32_t)n, w);
    const pmindex_district *d = imp->district[PMINDEX_NEW];
    if (pm_rec_field(r, "scope"))
        pm_rec_text(r, scope_names[scope]);
    if (pm_rec_field(r, "name"))
        pm_rec_text(r, pmindex_district_group_name(d, scope, g[PMINDEX_NEW]));
    if (pm_rec_field(r, "compounds"))
        pm_rec_int(r, true, pmindex_district_group_compounds(d, scope, g[PMINDEX_NEW]));
    /* Each value under the old model, then under the new one (the tier
     * counts: all of the old model's, then all of the new model's). */
    for (int v = 0; v < G_VALUES; v++)
        for (int32_t w = 0; w < 2; w++)
            group_value(r, imp, scope, w, g[w], (enum group_value)v);
}

/* ---- a ledger's periods and the ladder ------------------------------------------ */

static void period_fields(struct pm_rec *r, const pmindex_impact *imp, int64_t n)
{
    static const struct pm_ladder_period none = {0};
    const struct pm_ladder_period *p = r->header ? &none : &imp->periods[n];
    char name[PM_PERIOD_TEXT] = "";
    if (!r->header)
        pm_period_text(p->period, name);
    if (pm_rec_field(r, "period"))
        pm_rec_text(r, name);
    if (pm_rec_field(r, "compounds"))
        pm_rec_int(r, true, p->total[PMINDEX_NEW][PMINDEX_TOTAL_COMPOUNDS]);
    if (pm_rec_field(r, "changed"))
        pm_rec_int(r, true, p->total[PMINDEX_NEW][PMINDEX_TOTAL_CHANGED]);
    static const struct {
        const char *name;
        int32_t total;
    } totals[] = {{"red", PMINDEX_TOTAL_RED},
                  {"black", PMINDEX_TOTAL_BLACK},
                  {"measures", PMINDEX_TOTAL_MEASURES},
                  {"sanctioned", PMINDEX_TOTAL_SANCTIONED}};
    for (size_t t = 0; t < PM_ARRAY_SIZE(totals); t++)
        for (int32_t w = 0; w < 2; w++)
            if (field2(r, w, totals[t].name))
                pm_rec_int(r, true, p->total[w][totals[t].total]);
}

/* A compound's tier, card, level or measure in a period, on each side. */
enum ladder_value { L_INDEX, L_TIER, L_CARD, L_LEVEL, L_MEASURE, L_VALUES };

static void ladder_fields(struct pm_rec *r, const pmindex_impact *imp, int64_t n)
{
    static const char *const texts[] = {"compound_id", "name", "street", "station", "company"};
    static const int32_t text_columns[] = {PMINDEX_ROW_COMPOUND_ID, PMINDEX_ROW_NAME,
                                           PMINDEX_ROW_STREET, PMINDEX_ROW_STATION,
                                           PMINDEX_ROW_COMPANY};
    static const char *const values[] = {"index", "tier", "card", "level", "measure"};
    if (pm_rec_field(r, "period"))
        pm_rec_text(r, r->header ? ""
                                 : pmindex_impact_ladder_text(imp, n, PMINDEX_NEW,
                                                              PMINDEX_ROW_PERIOD_NAME));
    for (size_t t = 0; t < PM_ARRAY_SIZE(texts); t++)
        if (pm_rec_field(r, texts[t]))
            pm_rec_text(r, r->header ? ""
                                     : pmindex_impact_ladder_text(imp, n, PMINDEX_NEW,
                                                                  text_columns[t]));
    for (int v = 0; v < L_VALUES; v++)
        for (int32_t w = 0; w < 2; w++) {
            if (!field2(r, w, values[v]))
                continue;
            const struct pm_ladder_verdict *x = &imp->ladder[n].side[w];
            switch ((enum ladder_value)v) {
            case L_INDEX: pm_rec_centi(r, x->index >= 0, x->index); break;
            case L_TIER:
                pm_rec_text(r, pmindex_impact_ladder_text(imp, n, w, PMINDEX_ROW_TIER_KEY));
                break;
            case L_CARD: pm_rec_text(r, pm_card_keys[x->card]); break;
            case L_LEVEL: pm_rec_int(r, true, x->level); break;
            default:
                if (x->measure >= 0)
                    pm_rec_text(r,
                                pmindex_impact_ladder_text(imp, n, w, PMINDEX_ROW_MEASURE_KEY));
                else
                    pm_rec_null(r);
            }
        }
}

/* ---- the record functions ---------------------------------------------------- */

static int64_t impact_record(const pmindex_impact *imp, int32_t part, int64_t n, int32_t format,
                             bool header, char *buf, size_t cap)
{
    struct pm_out o;
    struct pm_rec r;
    pm_out_init(&o, buf, cap);
    pm_rec_begin(&r, &o, format, header);
    if (pm_rec_json(&r)) {
        pm_rec_field(&r, "kind");
        pm_rec_text(&r, part_kinds[part]);
    }
    switch (part) {
    case PMINDEX_IMPACT_SUMMARY: summary_fields(&r, imp); break;
    case PMINDEX_IMPACT_COLUMNS: column_fields(&r, imp, n); break;
    case PMINDEX_IMPACT_TIERS:
    case PMINDEX_IMPACT_CARDS: matrix_fields(&r, imp, part, n); break;
    case PMINDEX_IMPACT_CHANGES: change_fields(&r, imp, n); break;
    case PMINDEX_IMPACT_UP:
    case PMINDEX_IMPACT_DOWN: mover_fields(&r, imp, part, n); break;
    case PMINDEX_IMPACT_PERIODS: period_fields(&r, imp, n); break;
    case PMINDEX_IMPACT_LADDER: ladder_fields(&r, imp, n); break;
    default: group_fields(&r, imp, part, n); break;
    }
    pm_rec_end(&r);
    return pm_out_finish(&o);
}

static bool valid(const pmindex_impact *imp, int32_t part, int32_t format, uint32_t flags,
                  const char *buf, size_t cap)
{
    return imp && part >= PMINDEX_IMPACT_SUMMARY && part <= PMINDEX_IMPACT_LADDER &&
           pm_rec_format_ok(format) && !flags && (buf || !cap);
}

PMINDEX_API int64_t pmindex_impact_header(const pmindex_impact *imp, int32_t part,
                                          int32_t format, uint32_t flags, char *buf, size_t cap)
{
    if (!valid(imp, part, format, flags, buf, cap))
        return PMINDEX_E_INVALID;
    if (format == PMINDEX_FORMAT_JSONL)
        return pm_rec_no_header(buf, cap);
    return impact_record(imp, part, 0, format, true, buf, cap);
}

PMINDEX_API int64_t pmindex_impact_record(const pmindex_impact *imp, int32_t part, int64_t n,
                                          int32_t format, uint32_t flags, char *buf, size_t cap)
{
    if (!valid(imp, part, format, flags, buf, cap))
        return PMINDEX_E_INVALID;
    int64_t count = pmindex_impact_count(imp, part);
    if (count < 0)
        return count;
    if (n < 0 || n >= count)
        return PMINDEX_E_NOT_FOUND;
    return impact_record(imp, part, n, format, false, buf, cap);
}
