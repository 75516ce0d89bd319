/* Writing a model as INI text in canonical form: every field of the model,
 * in a fixed order, numbers in their shortest exact spelling. Two models
 * that score alike and carry the same texts give byte-identical text, so
 * the text (or a hash of it) identifies a model; loading it gives the
 * model back (ini_load.c reads exactly this schema, see models/README.md). */
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "ini.h"
#include "model.h"
#include "model_default.h"

struct writer {
    struct pm_out o;
    int rc; /* first problem: a text that INI cannot carry */
};

static void key(struct writer *w, const char *name)
{
    pm_out_str(&w->o, name);
    pm_out_str(&w->o, " = ");
}

static void end(struct writer *w)
{
    pm_out_char(&w->o, '\n');
}

/* How a text is written so that both our reader and iniparser read it
 * back unchanged: bare when nothing in it means something to INI, else in
 * double quotes, else in single quotes. Neither iniparser 4.1 nor later
 * versions agree on backslashes inside quotes, so a text that needs quotes
 * cannot hold one; nor can a text that needs quotes and holds both kinds. */
int pm_ini_quote_style(const char *s)
{
    size_t n = strlen(s);
    bool bare = n > 0 && s[0] != ' ' && s[n - 1] != ' ' && s[0] != '"' && s[0] != '\'' &&
                s[n - 1] != '\\' && !strpbrk(s, ";#");
    if (bare)
        return 0;
    if (strchr(s, '\\'))
        return -1;
    if (!strchr(s, '"'))
        return '"';
    if (!strchr(s, '\''))
        return '\'';
    return -1;
}

static void text(struct writer *w, const char *name, const char *s)
{
    int q = pm_ini_quote_style(s);
    if (q < 0) {
        if (w->rc == 0)
            w->rc = PMINDEX_E_UNSUPPORTED;
        q = '"';
    }
    key(w, name);
    if (q)
        pm_out_char(&w->o, (char)q);
    pm_out_str(&w->o, s);
    if (q)
        pm_out_char(&w->o, (char)q);
    end(w);
}

static void texts(struct writer *w, const char *stem, char *const t[2])
{
    char name[40];
    strcpy(name, stem);
    strcat(name, "_zh");
    text(w, name, t[0] ? t[0] : "");
    name[strlen(name) - 2] = 'e';
    name[strlen(name) - 1] = 'n';
    text(w, name, t[1] ? t[1] : "");
}

/* Values in units of 1/PMINDEX_VALUE_SCALE, shortest exact: "0.8", "4". */
static void value(struct pm_out *o, int64_t units)
{
    char tmp[40];
    pm_out_bytes(o, tmp, pm_decimal_text(units, tmp));
}

/* Centipoints as points, shortest exact: "15", "2.5", "0.25". */
static void points(struct pm_out *o, int64_t centi)
{
    value(o, centi * (PMINDEX_VALUE_SCALE / 100));
}

static void number_key(struct writer *w, const char *name, int64_t centi)
{
    key(w, name);
    points(&w->o, centi);
    end(w);
}

static void int_key(struct writer *w, const char *name, int64_t v)
{
    key(w, name);
    pm_out_int(&w->o, v);
    end(w);
}

static void bool_key(struct writer *w, const char *name, int32_t v)
{
    key(w, name);
    pm_out_str(&w->o, v ? "yes" : "no");
    end(w);
}

static int64_t gcd(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* A share by its value: reduced, as a percentage when that is exact with
 * at most 6 decimals (60%, 12.5%), else as a fraction (2/3). */
void pm_ini_share_text(struct pm_out *o, struct pm_fraction f)
{
    int64_t g = gcd(f.num, f.den);
    int64_t p = g ? f.num / g : 0, q = g ? f.den / g : 1;
    if (q > 0 && PMINDEX_VALUE_SCALE % q == 0) {
        /* p <= q, so p * (1e8 / q) <= 1e8 and the percentage in value
         * units, times 100 again, stays far from overflow. */
        value(o, p * (PMINDEX_VALUE_SCALE / q) * 100);
        pm_out_char(o, '%');
        return;
    }
    pm_out_int(o, p);
    pm_out_char(o, '/');
    pm_out_int(o, q);
}

static void share_key(struct writer *w, const char *name, struct pm_fraction f)
{
    key(w, name);
    pm_ini_share_text(&w->o, f);
    end(w);
}

static void section(struct writer *w, const char *kind, const char *id)
{
    pm_out_str(&w->o, "\n[");
    pm_out_str(&w->o, kind);
    if (id) {
        pm_out_char(&w->o, ' ');
        pm_out_str(&w->o, id);
    }
    pm_out_str(&w->o, "]\n");
}

static const char *const type_names[] = {"", "graded", "passfail", "deduct", "rate"};
static const char *const period_names[] = {"", "half", "quarter", "month"};

const char *pm_ini_type_name(int32_t type)
{
    return type >= 1 && type <= 4 ? type_names[type] : "";
}

const char *pm_ini_period_name(int32_t kind)
{
    return kind >= 1 && kind <= 3 ? period_names[kind] : "";
}

/* A graded item whose levels are the builder's defaults leaves them out. */
static bool default_levels(const struct pm_item *it)
{
    if (it->nlevels != (int32_t)PM_ARRAY_SIZE(pm_default_grades))
        return false;
    for (int32_t j = 0; j < it->nlevels; j++) {
        const struct pm_default_grade *d = &pm_default_grades[j];
        if (it->levels[j].value != d->value || strcmp(it->levels[j].label[0], d->zh) != 0 ||
            strcmp(it->levels[j].label[1], d->en) != 0)
            return false;
    }
    return true;
}

/* A legal basis, when the model gives one: basis_zh and basis_en, each
 * when not empty. */
static void basis(struct writer *w, char *const t[2])
{
    static const char *const names[2] = {"basis_zh", "basis_en"};
    for (int lang = 0; t[0] && lang < 2; lang++)
        if (t[lang][0])
            text(w, names[lang], t[lang]);
}

static void write_indicator(struct writer *w, const struct pm_indicator *ind)
{
    section(w, "indicator", ind->id);
    texts(w, "name", ind->name);
    number_key(w, "points", ind->points);
}

static void write_item(struct writer *w, const pmindex_model *m, const struct pm_item *it)
{
    section(w, "item", it->id);
    key(w, "indicator");
    pm_out_str(&w->o, m->indicators[it->indicator].id);
    end(w);
    texts(w, "name", it->name);
    key(w, "type");
    pm_out_str(&w->o, pm_ini_type_name(it->type));
    end(w);
    number_key(w, "max", it->max);
    if (it->type == PMINDEX_ITEM_DEDUCT)
        number_key(w, "penalty", it->penalty);
    if (it->type == PMINDEX_ITEM_RATE) {
        key(w, "zero");
        value(&w->o, it->zero);
        end(w);
        key(w, "full");
        value(&w->o, it->full);
        end(w);
        /* The default (1% of the span) is not written: a model that gives
         * it scores as one that does not. */
        if (it->has_tolerance && it->tolerance != pm_item_default_tolerance(it)) {
            key(w, "tolerance");
            value(&w->o, it->tolerance);
            end(w);
        }
    }
    if (it->type == PMINDEX_ITEM_GRADED && !default_levels(it)) {
        for (int32_t j = 0; j < it->nlevels; j++) {
            char name[16];
            snprintf(name, sizeof name, "level%d", (int)j + 1);
            key(w, name);
            value(&w->o, it->levels[j].value);
            end(w);
            texts(w, name, it->levels[j].label);
        }
    }
    basis(w, it->basis);
}

PMINDEX_API int64_t pmindex_model_write_ini(const pmindex_model *m, char *buf, size_t cap)
{
    if (!m || (!buf && cap))
        return PMINDEX_E_INVALID;
    struct writer w = {.rc = 0};
    pm_out_init(&w.o, buf, cap);

    pm_out_str(&w.o, "; pmindex scoring model, in canonical form\n");
    section(&w, "model", NULL);
    int_key(&w, "format", PM_INI_FORMAT);
    texts(&w, "name", m->name);

    /* Each indicator followed by its items when the items come indicator
     * by indicator (as they usually do); otherwise all indicators, then
     * all items, so that the order of both is kept. */
    bool grouped = true;
    for (int32_t i = 1; i < m->nitems; i++)
        if (m->items[i].indicator < m->items[i - 1].indicator)
            grouped = false;
    for (int32_t k = 0, i = 0; k < m->nindicators; k++) {
        write_indicator(&w, &m->indicators[k]);
        for (; grouped && i < m->nitems && m->items[i].indicator == k; i++)
            write_item(&w, m, &m->items[i]);
    }
    for (int32_t i = 0; !grouped && i < m->nitems; i++)
        write_item(&w, m, &m->items[i]);

    for (int32_t v = 0; v < m->nvetoes; v++) {
        const struct pm_veto *ve = &m->vetoes[v];
        section(&w, "veto", ve->id);
        texts(&w, "description", ve->description);
        if (ve->item >= 0) {
            key(&w, "item");
            pm_out_str(&w.o, m->items[ve->item].id);
            end(&w);
        }
        bool_key(&w, "legal", ve->legal);
        basis(&w, ve->basis);
    }

    for (int32_t t = 0; t < m->ntiers; t++) {
        /* A tier called none cannot be told from "no tier" in [cards]. */
        if (strcmp(m->tiers[t].key, "none") == 0 && w.rc == 0 &&
            (m->black_tier < 0 || m->red_tier < 0 || m->black_tier == t || m->red_tier == t))
            w.rc = PMINDEX_E_UNSUPPORTED;
        section(&w, "tier", m->tiers[t].key);
        texts(&w, "label", m->tiers[t].label);
        number_key(&w, "threshold", m->tiers[t].threshold);
    }

    section(&w, "rules", NULL);
    share_key(&w, "downgrade_share", m->downgrade);
    share_key(&w, "coverage_floor", m->coverage_floor);

    section(&w, "cards", NULL);
    key(&w, "black_tier");
    pm_out_str(&w.o, m->black_tier >= 0 ? m->tiers[m->black_tier].key : "none");
    end(&w);
    bool_key(&w, "black_on_veto", m->black_on_veto);
    key(&w, "black_share");
    if (m->nblack_shares == 0)
        pm_out_str(&w.o, "none");
    for (int32_t s = 0; s < m->nblack_shares; s++) {
        if (s)
            pm_out_str(&w.o, ", ");
        pm_out_str(&w.o, m->indicators[m->black_shares[s].indicator].id);
        pm_out_char(&w.o, ' ');
        pm_ini_share_text(&w.o, m->black_shares[s].share);
    }
    end(&w);
    key(&w, "red_tier");
    pm_out_str(&w.o, m->red_tier >= 0 ? m->tiers[m->red_tier].key : "none");
    end(&w);

    section(&w, "companies", NULL);
    number_key(&w, "honour_min_index", m->honour_min);
    bool_key(&w, "honour_no_black", m->honour_no_black);
    number_key(&w, "watch_below_index", m->watch_below);
    bool_key(&w, "watch_on_black", m->watch_on_black);

    section(&w, "ladder", NULL);
    key(&w, "periods");
    pm_out_str(&w.o, pm_ini_period_name(m->period_kind));
    end(&w);
    int_key(&w, "max_level", m->max_level);
    int_key(&w, "clean_periods", m->clean_periods);
    int_key(&w, "legal_level", m->legal_level);
    if (m->rectification_days != PM_DEFAULT_RECTIFICATION_DAYS)
        int_key(&w, "rectification_days", m->rectification_days);
    for (int32_t l = 0; l <= m->max_level; l++) {
        const struct pm_ladder_level *lv = &m->levels[l];
        char id[4] = {(char)('0' + l), '\0'};
        section(&w, "level", id);
        key(&w, "measure");
        pm_out_str(&w.o, lv->key);
        end(&w);
        texts(&w, "label", lv->label);
        texts(&w, "inspection", lv->inspection);
    }

    int64_t n = pm_out_finish(&w.o);
    return w.rc ? w.rc : n;
}
