/* The model builder: records a model's parts, then checks them all at once
 * and builds the immutable model. Every model, embedded or loaded, passes
 * through pmindex_builder_build(), so there is one set of rules. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "model.h"
#include "model_default.h"
#include "utf8.h"

struct pmindex_builder {
    struct pmindex_model m; /* under construction */
    size_t cap_indicators, cap_items, cap_vetoes, cap_tiers, cap_black;
    size_t cap_levels_last;
    bool failed_alloc; /* an add ran out of memory: building must fail */
    bool lost_problem; /* a build ran out of memory to keep a problem */
    /* The problems of the last failed call: the first is error, the next
     * ones (a build finds every problem of the model) are problems[0]... */
    struct pmindex_error error;
    struct pmindex_error *problems;
    size_t problems_cap;
    int64_t nproblems; /* found */
    int64_t nkept;     /* kept: error, then problems[0 .. nkept - 2] */
};

/* Limits on numbers, so that no valid model can overflow the scoring. */
#define MAX_POINTS INT64_C(1000000) /* 10,000.00 points */

static char *dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void free_text(char *t[2])
{
    free(t[0]);
    free(t[1]);
    t[0] = t[1] = NULL;
}

void pm_model_release(struct pmindex_model *m)
{
    free_text(m->name);
    for (int32_t k = 0; k < m->nindicators; k++) {
        free(m->indicators[k].id);
        free_text(m->indicators[k].name);
    }
    for (int32_t i = 0; i < m->nitems; i++) {
        struct pm_item *it = &m->items[i];
        free(it->id);
        free(it->indicator_id);
        free_text(it->name);
        for (int32_t j = 0; j < it->nlevels; j++)
            free_text(it->levels[j].label);
        free(it->levels);
        free_text(it->basis);
    }
    for (int32_t v = 0; v < m->nvetoes; v++) {
        free(m->vetoes[v].id);
        free(m->vetoes[v].item_id);
        free_text(m->vetoes[v].description);
        free_text(m->vetoes[v].basis);
    }
    for (int32_t t = 0; t < m->ntiers; t++) {
        free(m->tiers[t].key);
        free_text(m->tiers[t].label);
    }
    for (int32_t s = 0; s < m->nblack_shares; s++)
        free(m->black_shares[s].indicator_id);
    for (int32_t l = 0; l <= PMINDEX_MAX_LADDER_LEVEL; l++) {
        free(m->levels[l].key);
        free_text(m->levels[l].label);
        free_text(m->levels[l].inspection);
    }
    free(m->indicators);
    free(m->items);
    free(m->vetoes);
    free(m->tiers);
    free(m->black_shares);
    free(m->black_tier_key);
    free(m->red_tier_key);
    pm_names_free(&m->columns);
    memset(m, 0, sizeof *m);
}

/* ---- recording ---------------------------------------------------------- */

/* A call that fails for one reason: its error is the builder's only problem. */
static int fail(pmindex_builder *b, int code, const char *what)
{
    b->nproblems = b->nkept = 1;
    return pm_error_set(&b->error, code, "%s", what);
}

static int nomem(pmindex_builder *b)
{
    b->failed_alloc = true;
    return fail(b, PMINDEX_E_NOMEM, "out of memory while building the model");
}

static int invalid(pmindex_builder *b, const char *what)
{
    return fail(b, PMINDEX_E_INVALID, what);
}

/* Grows an array of n elements to hold one more, zeroed (freeing an
 * element that failed half-way frees only what it holds). */
static bool grow_one(void **arr, size_t *cap, int32_t n, size_t size)
{
    return pm_grow(arr, cap, (size_t)n + 1, size, 8, PM_GROW_ZERO);
}

/* Copies both languages; false when out of memory. */
static bool set_text(char *t[2], const char *zh, const char *en)
{
    char *a = dup(zh), *b = dup(en);
    if (!a || !b) {
        free(a);
        free(b);
        return false;
    }
    free_text(t);
    t[0] = a;
    t[1] = b;
    return true;
}

static void set_ladder_defaults(struct pmindex_model *m)
{
    m->max_level = PM_DEFAULT_MAX_LEVEL;
    m->clean_periods = PM_DEFAULT_CLEAN_PERIODS;
    m->legal_level = PM_DEFAULT_LEGAL_LEVEL;
    m->period_kind = PMINDEX_PERIOD_HALF;
    m->rectification_days = PM_DEFAULT_RECTIFICATION_DAYS;
}

static bool set_level(struct pm_ladder_level *l, const char *key, const char *zh, const char *en,
                      const char *izh, const char *ien)
{
    char *k = dup(key);
    char *label[2] = {NULL, NULL}, *insp[2] = {NULL, NULL};
    if (!k || !set_text(label, zh, en) || !set_text(insp, izh, ien)) {
        free(k);
        free_text(label);
        free_text(insp);
        return false;
    }
    free(l->key);
    free_text(l->label);
    free_text(l->inspection);
    l->key = k;
    memcpy(l->label, label, sizeof label);
    memcpy(l->inspection, insp, sizeof insp);
    return true;
}

static int reset(pmindex_builder *b)
{
    pm_model_release(&b->m);
    b->cap_indicators = b->cap_items = b->cap_vetoes = b->cap_tiers = b->cap_black = 0;
    b->cap_levels_last = 0;
    b->failed_alloc = false;
    struct pmindex_model *m = &b->m;
    m->downgrade = (struct pm_fraction){PM_DEFAULT_DOWNGRADE_NUM, PM_DEFAULT_DOWNGRADE_DEN};
    m->coverage_floor = (struct pm_fraction){PM_DEFAULT_COVERAGE_NUM, PM_DEFAULT_COVERAGE_DEN};
    m->black_tier_default = m->red_tier_default = true;
    m->black_on_veto = 1;
    m->honour_min = PM_DEFAULT_HONOUR_MIN;
    m->honour_no_black = 1;
    m->watch_below = PM_DEFAULT_WATCH_BELOW;
    m->watch_on_black = 1;
    set_ladder_defaults(m);
    for (int l = 0; l <= PM_DEFAULT_MAX_LEVEL; l++) {
        const struct pm_default_level *d = &pm_default_levels[l];
        if (!set_level(&m->levels[l], d->key, d->zh, d->en, d->inspection_zh, d->inspection_en))
            return nomem(b);
    }
    if (!set_text(m->name, "", ""))
        return nomem(b);
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_new(pmindex_builder **builder_out)
{
    if (!builder_out)
        return PMINDEX_E_INVALID;
    *builder_out = NULL;
    pmindex_builder *b = calloc(1, sizeof *b);
    if (!b)
        return PMINDEX_E_NOMEM;
    if (reset(b) != 0) {
        pmindex_builder_free(b);
        return PMINDEX_E_NOMEM;
    }
    *builder_out = b;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_builder_free(pmindex_builder *builder)
{
    if (!builder)
        return;
    pm_model_release(&builder->m);
    free(builder->problems);
    free(builder);
}

PMINDEX_API const pmindex_error *pmindex_builder_error(const pmindex_builder *builder)
{
    return builder ? &builder->error : NULL;
}

PMINDEX_API int64_t pmindex_builder_error_count(const pmindex_builder *builder)
{
    return builder ? builder->nproblems : PMINDEX_E_INVALID;
}

PMINDEX_API const pmindex_error *pmindex_builder_error_at(const pmindex_builder *builder, int64_t n)
{
    if (!builder || n < 0 || n >= builder->nkept)
        return NULL;
    return n == 0 ? &builder->error : &builder->problems[n - 1];
}

PMINDEX_API int pmindex_builder_set_name(pmindex_builder *b, const char *name_zh,
                                         const char *name_en)
{
    if (!b)
        return PMINDEX_E_INVALID;
    if (!name_zh || !name_en)
        return invalid(b, "the model's name is NULL");
    if (!set_text(b->m.name, name_zh, name_en))
        return nomem(b);
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_add_indicator(pmindex_builder *b, const char *id,
                                              const char *name_zh, const char *name_en,
                                              int64_t points)
{
    if (!b)
        return PMINDEX_E_INVALID;
    if (!id || !name_zh || !name_en)
        return invalid(b, "an indicator's id or name is NULL");
    struct pmindex_model *m = &b->m;
    if (!grow_one((void **)&m->indicators, &b->cap_indicators, m->nindicators,
                  sizeof *m->indicators))
        return nomem(b);
    struct pm_indicator *ind = &m->indicators[m->nindicators];
    ind->id = dup(id);
    if (!ind->id || !set_text(ind->name, name_zh, name_en)) {
        free(ind->id);
        memset(ind, 0, sizeof *ind);
        return nomem(b);
    }
    ind->points = points;
    m->nindicators++;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_add_item(pmindex_builder *b, const char *id, const char *name_zh,
                                         const char *name_en, const char *indicator_id,
                                         int64_t max, int32_t type)
{
    if (!b)
        return PMINDEX_E_INVALID;
    if (!id || !name_zh || !name_en || !indicator_id)
        return invalid(b, "an item's id, name or indicator is NULL");
    struct pmindex_model *m = &b->m;
    if (!grow_one((void **)&m->items, &b->cap_items, m->nitems, sizeof *m->items))
        return nomem(b);
    struct pm_item *it = &m->items[m->nitems];
    it->id = dup(id);
    it->indicator_id = dup(indicator_id);
    if (!it->id || !it->indicator_id || !set_text(it->name, name_zh, name_en)) {
        free(it->id);
        free(it->indicator_id);
        memset(it, 0, sizeof *it);
        return nomem(b);
    }
    it->max = max;
    it->type = type;
    it->indicator = -1;
    m->nitems++;
    b->cap_levels_last = 0;
    return PMINDEX_OK;
}

static struct pm_item *last_item(pmindex_builder *b)
{
    if (b->m.nitems == 0) {
        fail(b, PMINDEX_E_STATE, "no item has been added yet");
        return NULL;
    }
    return &b->m.items[b->m.nitems - 1];
}

PMINDEX_API int pmindex_builder_set_penalty(pmindex_builder *b, int64_t penalty)
{
    if (!b)
        return PMINDEX_E_INVALID;
    struct pm_item *it = last_item(b);
    if (!it)
        return PMINDEX_E_STATE;
    it->penalty = penalty;
    it->has_penalty = true;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_set_goalposts(pmindex_builder *b, int64_t zero, int64_t full)
{
    if (!b)
        return PMINDEX_E_INVALID;
    struct pm_item *it = last_item(b);
    if (!it)
        return PMINDEX_E_STATE;
    it->zero = zero;
    it->full = full;
    it->has_goalposts = true;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_add_item_level(pmindex_builder *b, int64_t value,
                                               const char *label_zh, const char *label_en)
{
    if (!b)
        return PMINDEX_E_INVALID;
    if (!label_zh || !label_en)
        return invalid(b, "a level's label is NULL");
    struct pm_item *it = last_item(b);
    if (!it)
        return PMINDEX_E_STATE;
    if (!grow_one((void **)&it->levels, &b->cap_levels_last, it->nlevels, sizeof *it->levels))
        return nomem(b);
    struct pm_level *l = &it->levels[it->nlevels];
    if (!set_text(l->label, label_zh, label_en))
        return nomem(b);
    l->value = value;
    it->nlevels++;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_add_veto(pmindex_builder *b, const char *id,
                                         const char *description_zh, const char *description_en,
                                         const char *item_id, int32_t legal)
{
    if (!b)
        return PMINDEX_E_INVALID;
    if (!id || !description_zh || !description_en)
        return invalid(b, "a veto's id or description is NULL");
    struct pmindex_model *m = &b->m;
    if (!grow_one((void **)&m->vetoes, &b->cap_vetoes, m->nvetoes, sizeof *m->vetoes))
        return nomem(b);
    struct pm_veto *v = &m->vetoes[m->nvetoes];
    v->id = dup(id);
    v->item_id = dup(item_id);
    if (!v->id || (item_id && !v->item_id) ||
        !set_text(v->description, description_zh, description_en)) {
        free(v->id);
        free(v->item_id);
        memset(v, 0, sizeof *v);
        return nomem(b);
    }
    v->legal = legal;
    v->item = -1;
    m->nvetoes++;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_add_tier(pmindex_builder *b, const char *key, const char *label_zh,
                                         const char *label_en, int64_t threshold)
{
    if (!b)
        return PMINDEX_E_INVALID;
    if (!key || !label_zh || !label_en)
        return invalid(b, "a tier's key or label is NULL");
    struct pmindex_model *m = &b->m;
    if (!grow_one((void **)&m->tiers, &b->cap_tiers, m->ntiers, sizeof *m->tiers))
        return nomem(b);
    struct pm_tier *t = &m->tiers[m->ntiers];
    t->key = dup(key);
    if (!t->key || !set_text(t->label, label_zh, label_en)) {
        free(t->key);
        memset(t, 0, sizeof *t);
        return nomem(b);
    }
    t->threshold = threshold;
    m->ntiers++;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_set_rule(pmindex_builder *b, int32_t rule, int64_t num,
                                         int64_t den)
{
    if (!b)
        return PMINDEX_E_INVALID;
    if (rule == PMINDEX_RULE_DOWNGRADE_SHARE)
        b->m.downgrade = (struct pm_fraction){num, den};
    else if (rule == PMINDEX_RULE_COVERAGE_FLOOR)
        b->m.coverage_floor = (struct pm_fraction){num, den};
    else
        return invalid(b, "unknown rule: use PMINDEX_RULE_DOWNGRADE_SHARE or "
                          "PMINDEX_RULE_COVERAGE_FLOOR (black-card floors have their own call)");
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_add_black_share(pmindex_builder *b, const char *indicator_id,
                                                int64_t num, int64_t den)
{
    if (!b)
        return PMINDEX_E_INVALID;
    if (!indicator_id)
        return invalid(b, "the black-card share's indicator is NULL");
    struct pmindex_model *m = &b->m;
    if (!grow_one((void **)&m->black_shares, &b->cap_black, m->nblack_shares,
                  sizeof *m->black_shares))
        return nomem(b);
    struct pm_black_share *s = &m->black_shares[m->nblack_shares];
    s->indicator_id = dup(indicator_id);
    if (!s->indicator_id)
        return nomem(b);
    s->share = (struct pm_fraction){num, den};
    s->indicator = -1;
    m->nblack_shares++;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_set_cards(pmindex_builder *b, const char *black_tier,
                                          int32_t black_on_veto, const char *red_tier)
{
    if (!b)
        return PMINDEX_E_INVALID;
    char *bk = dup(black_tier), *rk = dup(red_tier);
    if ((black_tier && !bk) || (red_tier && !rk)) {
        free(bk);
        free(rk);
        return nomem(b);
    }
    free(b->m.black_tier_key);
    free(b->m.red_tier_key);
    b->m.black_tier_key = bk;
    b->m.red_tier_key = rk;
    b->m.black_tier_default = b->m.red_tier_default = false;
    b->m.black_on_veto = black_on_veto;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_set_company_rules(pmindex_builder *b, int64_t honour_min,
                                                  int32_t honour_no_black, int64_t watch_below,
                                                  int32_t watch_on_black)
{
    if (!b)
        return PMINDEX_E_INVALID;
    b->m.honour_min = honour_min;
    b->m.honour_no_black = honour_no_black;
    b->m.watch_below = watch_below;
    b->m.watch_on_black = watch_on_black;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_set_ladder(pmindex_builder *b, int32_t max_level,
                                           int32_t clean_periods, int32_t legal_level,
                                           int32_t period_kind)
{
    if (!b)
        return PMINDEX_E_INVALID;
    b->m.max_level = max_level;
    b->m.clean_periods = clean_periods;
    b->m.legal_level = legal_level;
    b->m.period_kind = period_kind;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_set_level(pmindex_builder *b, int32_t level, const char *key,
                                          const char *label_zh, const char *label_en,
                                          const char *inspection_zh, const char *inspection_en)
{
    if (!b)
        return PMINDEX_E_INVALID;
    if (level < 0 || level > PMINDEX_MAX_LADDER_LEVEL)
        return invalid(b, "ladder level out of range 0..9");
    if (!key || !label_zh || !label_en || !inspection_zh || !inspection_en)
        return invalid(b, "a ladder level's key, label or inspection is NULL");
    if (!set_level(&b->m.levels[level], key, label_zh, label_en, inspection_zh, inspection_en))
        return nomem(b);
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_set_tolerance(pmindex_builder *b, int64_t tolerance)
{
    if (!b)
        return PMINDEX_E_INVALID;
    struct pm_item *it = last_item(b);
    if (!it)
        return PMINDEX_E_STATE;
    it->tolerance = tolerance;
    it->has_tolerance = true;
    return PMINDEX_OK;
}

/* A legal basis: both texts, or none when both are NULL or empty. */
static int set_basis(pmindex_builder *b, char *basis[2], const char *zh, const char *en)
{
    if ((!zh || !*zh) && (!en || !*en)) {
        free_text(basis);
        return PMINDEX_OK;
    }
    if (!set_text(basis, zh ? zh : "", en ? en : ""))
        return nomem(b);
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_set_item_basis(pmindex_builder *b, const char *basis_zh,
                                               const char *basis_en)
{
    if (!b)
        return PMINDEX_E_INVALID;
    struct pm_item *it = last_item(b);
    if (!it)
        return PMINDEX_E_STATE;
    return set_basis(b, it->basis, basis_zh, basis_en);
}

PMINDEX_API int pmindex_builder_set_veto_basis(pmindex_builder *b, const char *basis_zh,
                                               const char *basis_en)
{
    if (!b)
        return PMINDEX_E_INVALID;
    if (b->m.nvetoes == 0)
        return fail(b, PMINDEX_E_STATE, "no veto has been added yet");
    return set_basis(b, b->m.vetoes[b->m.nvetoes - 1].basis, basis_zh, basis_en);
}

PMINDEX_API int pmindex_builder_set_rectification_days(pmindex_builder *b, int32_t days)
{
    if (!b)
        return PMINDEX_E_INVALID;
    b->m.rectification_days = days;
    return PMINDEX_OK;
}

/* ---- checking ----------------------------------------------------------- */

/* Every check reports what it finds and goes on, so that building lists
 * every problem of a model, not only the first. A check that depends on a
 * value found wrong (the sum of an indicator's items when one item's max
 * is out of range, say) is left out rather than reported as a second,
 * derived problem. Only running out of memory stops the checks. */

/* Reports a problem: the element (kind and id) and its key at fault, such
 * as item "C4" and "zero", as fields and as the section "item C4". */
static void reject(pmindex_builder *b, int32_t kind, const char *id, const char *field,
                   const char *fmt, ...) PM_PRINTF(5, 6);

static void reject(pmindex_builder *b, int32_t kind, const char *id, const char *field,
                   const char *fmt, ...)
{
    int64_t n = b->nproblems++;
    struct pmindex_error *e = NULL;
    if (n == 0)
        e = &b->error;
    else if (n == b->nkept && n < PM_MAX_KEPT_ERRORS) {
        if (pm_grow((void **)&b->problems, &b->problems_cap, (size_t)n, sizeof *b->problems, 8, 0))
            e = &b->problems[n - 1];
        else
            b->lost_problem = true;
    }
    if (!e)
        return; /* counted; kept are the first ones only */
    b->nkept = n + 1;
    char section[64], msg[sizeof e->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (id && *id)
        snprintf(section, sizeof section, "%s %s", pm_element_name(kind), id);
    else
        snprintf(section, sizeof section, "%s", pm_element_name(kind));
    pm_error_clear(e);
    pm_error_set(e, PMINDEX_E_MODEL, "%s", msg);
    pm_error_set_section(e, section, field);
    pm_error_set_element(e, kind, id);
}

static bool is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Identifiers are sheet columns: a letter, then letters, digits, _ - . */
static const char *check_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0)
        return "is empty";
    if (n > PMINDEX_MAX_ID_LENGTH)
        return "is longer than 32 bytes";
    if (!is_alpha(id[0]))
        return "must start with a letter (A-Z, a-z)";
    for (size_t i = 1; i < n; i++)
        if (!is_alpha(id[i]) && !is_digit(id[i]) && id[i] != '_' && id[i] != '-' && id[i] != '.')
            return "may hold only letters, digits, '_', '-' and '.'";
    return NULL;
}

/* Keys (tiers, measures) are stable output values: lower case. */
static const char *check_key(const char *key)
{
    size_t n = strlen(key);
    if (n == 0)
        return "is empty";
    if (n > PMINDEX_MAX_ID_LENGTH)
        return "is longer than 32 bytes";
    if (!(key[0] >= 'a' && key[0] <= 'z'))
        return "must start with a lower-case letter";
    for (size_t i = 1; i < n; i++)
        if (!(key[i] >= 'a' && key[i] <= 'z') && !is_digit(key[i]) && key[i] != '_' &&
            key[i] != '-')
            return "may hold only lower-case letters, digits, '_' and '-'";
    return NULL;
}

static const char *check_label(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return "is empty";
    if (n > PMINDEX_MAX_LABEL_LENGTH)
        return "is longer than 512 bytes";
    if (!pm_utf8_valid(s, n))
        return "is not valid UTF-8";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return "holds a control character (such as a line break)";
    return NULL;
}

/* Both languages of a text, each on its own. */
static void check_texts(pmindex_builder *b, int32_t kind, const char *id, char *const t[2],
                        const char *field_zh, const char *field_en)
{
    const char *why;
    if ((why = check_label(t[0])) != NULL)
        reject(b, kind, id, field_zh, "%s", why);
    if ((why = check_label(t[1])) != NULL)
        reject(b, kind, id, field_en, "%s", why);
}

/* A legal basis is optional; given, each text is a label or empty. */
static void check_basis(pmindex_builder *b, int32_t kind, const char *id, char *const t[2])
{
    const char *why;
    for (int lang = 0; t[0] && lang < 2; lang++)
        if (t[lang][0] && (why = check_label(t[lang])) != NULL)
            reject(b, kind, id, lang ? "basis_en" : "basis_zh", "the legal basis %s", why);
}

static bool ascii_case_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* Column names of sheets and results that no model id may take. */
static const char *const reserved[] = {
    "compound_id", "name", "street", "station", "company", "households", "managed", "period",
    "index", "coverage", "tier", "card", "reasons", "rank", "street_rank", "station_rank",
    "fallback", "na",
};

static const char *fraction_problem(struct pm_fraction f, bool allow_zero)
{
    if (f.den <= 0)
        return "the denominator must be positive";
    if (f.num < 0 || (!allow_zero && f.num == 0))
        return allow_zero ? "must not be negative" : "must be above 0";
    if (f.num > f.den)
        return "must not be above 1 (100%)";
    if (f.den > INT64_C(1000000000000))
        return "the denominator must be at most 10^12";
    return NULL;
}

static bool points_in_range(int64_t points)
{
    return points > 0 && points <= MAX_POINTS;
}

/* The first indicator of an id, or -1. */
static int32_t find_indicator(const struct pmindex_model *m, const char *id)
{
    for (int32_t k = 0; k < m->nindicators; k++)
        if (strcmp(m->indicators[k].id, id) == 0)
            return k;
    return -1;
}

static void check_indicators(pmindex_builder *b, struct pm_names *ids)
{
    struct pmindex_model *m = &b->m;
    if (m->nindicators == 0)
        reject(b, PMINDEX_ELEMENT_MODEL, NULL, NULL, "has no indicator");
    for (int32_t k = 0; k < m->nindicators; k++) {
        struct pm_indicator *ind = &m->indicators[k];
        const char *why = check_id(ind->id);
        if (why)
            reject(b, PMINDEX_ELEMENT_INDICATOR, ind->id, "id", "the id \"%s\" %s", ind->id, why);
        else if (pm_names_add(ids, ind->id, strlen(ind->id), k) != 0)
            reject(b, PMINDEX_ELEMENT_INDICATOR, ind->id, "id", "the id is used twice");
        check_texts(b, PMINDEX_ELEMENT_INDICATOR, ind->id, ind->name, "name_zh", "name_en");
        if (!points_in_range(ind->points))
            reject(b, PMINDEX_ELEMENT_INDICATOR, ind->id, "points",
                   "points must be above 0 and at most 10000 (got %lld hundredths)",
                   (long long)ind->points);
    }
}

static bool label_is_reserved_value(const char *label)
{
    int64_t v;
    return ascii_case_equal(label, "NA") || pmindex_decimal_parse(label, strlen(label), &v) == 0;
}

/* Whether a label of level j, language lang, repeats one before it. */
static bool label_repeats(const struct pm_item *it, int32_t j, int lang)
{
    const char *label = it->levels[j].label[lang];
    for (int32_t j2 = 0; j2 <= j; j2++)
        for (int lang2 = 0; lang2 < 2; lang2++) {
            if (j2 == j && lang2 >= lang)
                return false;
            if (ascii_case_equal(label, it->levels[j2].label[lang2]))
                return true;
        }
    return false;
}

static void check_levels(pmindex_builder *b, struct pm_item *it)
{
    for (int32_t j = 0; j < it->nlevels; j++)
        for (int lang = 0; lang < 2; lang++)
            it->levels[j].label_len[lang] = strlen(it->levels[j].label[lang]);
    if (it->nlevels < 2) {
        reject(b, PMINDEX_ELEMENT_ITEM, it->id, "levels", "a graded item needs at least 2 levels");
        return;
    }
    if (it->nlevels > PMINDEX_MAX_LEVELS) {
        reject(b, PMINDEX_ELEMENT_ITEM, it->id, "levels", "has %d levels; at most %d are allowed",
               (int)it->nlevels, PMINDEX_MAX_LEVELS);
        return;
    }
    bool previous_ok = false;
    for (int32_t j = 0; j < it->nlevels; j++) {
        struct pm_level *l = &it->levels[j];
        char field[32];
        snprintf(field, sizeof field, "level%d", (int)j + 1);
        bool value_ok = l->value >= 0 && l->value <= PMINDEX_VALUE_SCALE;
        if (!value_ok)
            reject(b, PMINDEX_ELEMENT_ITEM, it->id, field,
                   "a level's value must lie between 0 and 1");
        else if (j > 0 && previous_ok && l->value >= it->levels[j - 1].value)
            reject(b, PMINDEX_ELEMENT_ITEM, it->id, field,
                   "levels must be listed best first, each below the one before");
        previous_ok = value_ok;
        for (int lang = 0; lang < 2; lang++) {
            const char *why = check_label(l->label[lang]);
            if (why)
                reject(b, PMINDEX_ELEMENT_ITEM, it->id, field, "the %s label %s",
                       lang ? "English" : "Chinese", why);
            else if (label_is_reserved_value(l->label[lang]))
                reject(b, PMINDEX_ELEMENT_ITEM, it->id, field,
                       "the label \"%s\" would read as a number or as NA", l->label[lang]);
            else if (label_repeats(it, j, lang))
                reject(b, PMINDEX_ELEMENT_ITEM, it->id, field,
                       "the label \"%s\" is given to two levels", l->label[lang]);
        }
    }
}

static int default_levels(pmindex_builder *b, struct pm_item *it)
{
    it->levels = calloc(PM_ARRAY_SIZE(pm_default_grades), sizeof *it->levels);
    if (!it->levels)
        return nomem(b);
    for (size_t j = 0; j < PM_ARRAY_SIZE(pm_default_grades); j++) {
        it->levels[j].value = pm_default_grades[j].value;
        if (!set_text(it->levels[j].label, pm_default_grades[j].zh, pm_default_grades[j].en))
            return nomem(b);
        it->nlevels = (int32_t)j + 1;
    }
    return PMINDEX_OK;
}

struct kind_id {
    int32_t kind;
    const char *id;
    size_t pos;
};

static int id_case_cmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int c = *a >= 'A' && *a <= 'Z' ? *a + 32 : (unsigned char)*a;
        int d = *b >= 'A' && *b <= 'Z' ? *b + 32 : (unsigned char)*b;
        if (c != d || !c)
            return c - d;
    }
}

/* By id without regard to case, then in model order. */
static int kind_id_cmp(const void *x, const void *y)
{
    const struct kind_id *a = x, *b = y;
    int c = id_case_cmp(a->id, b->id);
    return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* Two ids may not differ only in letter case: INI section names are
 * compared without regard to case, so such a model could not be written
 * as INI and loaded back (found by fuzzing). Sorted, such ids are
 * neighbours. Ids that are wrong already, or the same bytes (reported as
 * used twice), are not reported again. */
static int check_id_case(pmindex_builder *b)
{
    const struct pmindex_model *m = &b->m;
    size_t n = (size_t)m->nindicators + (size_t)m->nitems + (size_t)m->nvetoes, j = 0;
    struct kind_id *all = malloc((n ? n : 1) * sizeof *all);
    if (!all)
        return nomem(b);
    for (int32_t k = 0; k < m->nindicators; k++)
        all[j] = (struct kind_id){PMINDEX_ELEMENT_INDICATOR, m->indicators[k].id, j}, j++;
    for (int32_t i = 0; i < m->nitems; i++)
        all[j] = (struct kind_id){PMINDEX_ELEMENT_ITEM, m->items[i].id, j}, j++;
    for (int32_t v = 0; v < m->nvetoes; v++)
        all[j] = (struct kind_id){PMINDEX_ELEMENT_VETO, m->vetoes[v].id, j}, j++;
    qsort(all, n, sizeof *all, kind_id_cmp);
    for (size_t i = 1; i < n; i++)
        if (id_case_cmp(all[i - 1].id, all[i].id) == 0 && strcmp(all[i - 1].id, all[i].id) != 0 &&
            !check_id(all[i - 1].id) && !check_id(all[i].id))
            reject(b, all[i].kind, all[i].id, "id", "the id differs from %s %s only in letter case",
                   pm_element_name(all[i - 1].kind), all[i - 1].id);
    free(all);
    return PMINDEX_OK;
}

/* What depends on an item's type: penalty, goalposts, tolerance, levels
 * (and, in the order of the checks, the legal basis). */
static int check_item_type(pmindex_builder *b, struct pm_item *it, bool max_ok)
{
    bool goalposts_ok = false;
    bool graded = it->type == PMINDEX_ITEM_GRADED;
    if (it->type == PMINDEX_ITEM_DEDUCT) {
        if (!it->has_penalty)
            reject(b, PMINDEX_ELEMENT_ITEM, it->id, "penalty", "a deduct item needs a penalty");
        else if (it->penalty <= 0 || (max_ok && it->penalty > it->max))
            reject(b, PMINDEX_ELEMENT_ITEM, it->id, "penalty",
                   "the penalty must be above 0 and at most the item's max");
    } else if (it->has_penalty) {
        reject(b, PMINDEX_ELEMENT_ITEM, it->id, "penalty", "only deduct items have a penalty");
    }
    if (it->type == PMINDEX_ITEM_RATE) {
        if (!it->has_goalposts) {
            reject(b, PMINDEX_ELEMENT_ITEM, it->id, "zero",
                   "a rate item needs goalposts zero and full");
        } else {
            bool zero_ok = it->zero >= 0 && it->zero <= PMINDEX_VALUE_MAX;
            bool full_ok = it->full >= 0 && it->full <= PMINDEX_VALUE_MAX;
            if (!zero_ok)
                reject(b, PMINDEX_ELEMENT_ITEM, it->id, "zero",
                       "goalpost zero must lie between 0 and 9999999999.999999");
            if (!full_ok)
                reject(b, PMINDEX_ELEMENT_ITEM, it->id, "full",
                       "goalpost full must lie between 0 and 9999999999.999999");
            if (zero_ok && full_ok && it->zero == it->full)
                reject(b, PMINDEX_ELEMENT_ITEM, it->id, "full",
                       "goalposts zero and full are equal: no observation could be scored");
            goalposts_ok = zero_ok && full_ok && it->zero != it->full;
        }
    } else if (it->has_goalposts) {
        reject(b, PMINDEX_ELEMENT_ITEM, it->id, "zero", "only rate items have goalposts");
    }
    if (it->has_tolerance) {
        int64_t span = it->full > it->zero ? it->full - it->zero : it->zero - it->full;
        if (it->type != PMINDEX_ITEM_RATE)
            reject(b, PMINDEX_ELEMENT_ITEM, it->id, "tolerance",
                   "only rate items have a tolerance");
        else if (it->tolerance <= 0 || (goalposts_ok && it->tolerance > span))
            reject(b, PMINDEX_ELEMENT_ITEM, it->id, "tolerance",
                   "the tolerance must be above 0 and at most the span between the goalposts");
    }
    check_basis(b, PMINDEX_ELEMENT_ITEM, it->id, it->basis);
    int rc;
    if (graded && it->nlevels == 0 && (rc = default_levels(b, it)) != 0)
        return rc;
    if (graded)
        check_levels(b, it);
    else if (it->nlevels > 0)
        reject(b, PMINDEX_ELEMENT_ITEM, it->id, "levels", "only graded items have levels");
    return PMINDEX_OK;
}

/* Every indicator's items add up to its points. Left out where that sum
 * could only repeat another problem: an indicator whose id or points are
 * wrong, whose items include one with its max out of range, or (every
 * indicator) when an item names an indicator that does not exist or the
 * model has no item at all. */
static void check_sums(pmindex_builder *b, const struct pm_names *ids, bool all_found)
{
    struct pmindex_model *m = &b->m;
    for (int32_t k = 0; all_found && m->nitems > 0 && k < m->nindicators; k++) {
        struct pm_indicator *ind = &m->indicators[k];
        if (pm_names_find(ids, ind->id, strlen(ind->id)) != k || !points_in_range(ind->points))
            continue;
        int64_t sum = 0;
        int32_t count = 0;
        bool known = true;
        for (int32_t i = 0; i < m->nitems; i++)
            if (m->items[i].indicator == k) {
                /* A max out of range is reported with its item, and adding
                 * it could overflow: the sum is not looked at then. */
                bool in_range = points_in_range(m->items[i].max);
                known &= in_range;
                sum += in_range ? m->items[i].max : 0;
                count++;
            }
        if (!known)
            continue;
        if (count == 0) {
            reject(b, PMINDEX_ELEMENT_INDICATOR, ind->id, NULL, "has no item");
        } else if (sum != ind->points) {
            char s[32], p[32];
            pm_centi_text(sum, s);
            pm_centi_text(ind->points, p);
            reject(b, PMINDEX_ELEMENT_INDICATOR, ind->id, "points",
                   "its items' max points add up to %s, not to its %s points", s, p);
        }
        m->total_points += ind->points;
    }
}

/* An item's or veto's id (number n of its kind): an identifier that no
 * other element has, and then a sheet column. */
static void check_column_id(pmindex_builder *b, int32_t kind, const char *id, int32_t n,
                            struct pm_names *ids, struct pm_names *columns, int32_t column)
{
    const char *why = check_id(id);
    if (why)
        reject(b, kind, id, "id", "the id \"%s\" %s", id, why);
    else if (pm_names_add(ids, id, strlen(id), n) != 0)
        reject(b, kind, id, "id", "the id is already used by another element");
    else
        pm_names_add(columns, id, strlen(id), column);
}

static int check_items(pmindex_builder *b, struct pm_names *ids, struct pm_names *columns)
{
    struct pmindex_model *m = &b->m;
    if (m->nitems == 0)
        reject(b, PMINDEX_ELEMENT_MODEL, NULL, NULL, "has no item");
    bool all_found = true; /* every item's indicator exists */
    for (int32_t i = 0; i < m->nitems; i++) {
        struct pm_item *it = &m->items[i];
        check_column_id(b, PMINDEX_ELEMENT_ITEM, it->id, i, ids, columns, PM_COL_ITEM | i);
        check_texts(b, PMINDEX_ELEMENT_ITEM, it->id, it->name, "name_zh", "name_en");
        it->indicator = find_indicator(m, it->indicator_id);
        if (it->indicator < 0) {
            all_found = false;
            if (m->nindicators > 0) /* else "has no indicator" says it all */
                reject(b, PMINDEX_ELEMENT_ITEM, it->id, "indicator",
                       "no indicator has the id \"%s\"", it->indicator_id);
        }
        bool max_ok = points_in_range(it->max);
        if (!max_ok)
            reject(b, PMINDEX_ELEMENT_ITEM, it->id, "max",
                   "max points must be above 0 and at most 10000 (got %lld hundredths)",
                   (long long)it->max);
        if (it->type < PMINDEX_ITEM_GRADED || it->type > PMINDEX_ITEM_RATE) {
            reject(b, PMINDEX_ELEMENT_ITEM, it->id, "type", "unknown item type %d", (int)it->type);
            check_basis(b, PMINDEX_ELEMENT_ITEM, it->id, it->basis);
            continue; /* what depends on the type cannot be checked */
        }
        int rc = check_item_type(b, it, max_ok);
        if (rc)
            return rc;
    }
    check_sums(b, ids, all_found);
    return PMINDEX_OK;
}

static void check_vetoes(pmindex_builder *b, struct pm_names *ids, struct pm_names *columns)
{
    struct pmindex_model *m = &b->m;
    for (int32_t v = 0; v < m->nvetoes; v++) {
        struct pm_veto *ve = &m->vetoes[v];
        check_column_id(b, PMINDEX_ELEMENT_VETO, ve->id, v, ids, columns, PM_COL_VETO | v);
        check_texts(b, PMINDEX_ELEMENT_VETO, ve->id, ve->description, "description_zh",
                    "description_en");
        check_basis(b, PMINDEX_ELEMENT_VETO, ve->id, ve->basis);
        ve->item = -1;
        if (ve->item_id) {
            for (int32_t i = 0; i < m->nitems && ve->item < 0; i++)
                if (strcmp(m->items[i].id, ve->item_id) == 0)
                    ve->item = i;
            if (ve->item < 0)
                reject(b, PMINDEX_ELEMENT_VETO, ve->id, "item", "no item has the id \"%s\"",
                       ve->item_id);
        }
        if (ve->legal != 0 && ve->legal != 1)
            reject(b, PMINDEX_ELEMENT_VETO, ve->id, "legal", "legal must be 0 or 1");
    }
}

/* No id may be a column name of sheets or results, in any case. */
static void check_reserved(pmindex_builder *b)
{
    const struct pmindex_model *m = &b->m;
    for (size_t r = 0; r < PM_ARRAY_SIZE(reserved); r++) {
        for (int32_t k = 0; k < m->nindicators; k++)
            if (ascii_case_equal(m->indicators[k].id, reserved[r]))
                reject(b, PMINDEX_ELEMENT_INDICATOR, m->indicators[k].id, "id",
                       "\"%s\" is a column name of sheets or results", reserved[r]);
        for (int32_t i = 0; i < m->nitems; i++)
            if (ascii_case_equal(m->items[i].id, reserved[r]))
                reject(b, PMINDEX_ELEMENT_ITEM, m->items[i].id, "id",
                       "\"%s\" is a column name of sheets or results", reserved[r]);
        for (int32_t v = 0; v < m->nvetoes; v++)
            if (ascii_case_equal(m->vetoes[v].id, reserved[r]))
                reject(b, PMINDEX_ELEMENT_VETO, m->vetoes[v].id, "id",
                       "\"%s\" is a column name of sheets or results", reserved[r]);
    }
}

static int32_t find_tier(const struct pmindex_model *m, const char *key)
{
    for (int32_t t = 0; t < m->ntiers; t++)
        if (strcmp(m->tiers[t].key, key) == 0)
            return t;
    return -1;
}

static bool threshold_in_range(int64_t threshold)
{
    return threshold >= 0 && threshold <= PM_CENTI_FULL;
}

static void check_tiers(pmindex_builder *b)
{
    struct pmindex_model *m = &b->m;
    if (m->ntiers == 0) {
        reject(b, PMINDEX_ELEMENT_MODEL, NULL, NULL, "has no tier");
        return;
    }
    if (m->ntiers > PMINDEX_MAX_TIERS)
        reject(b, PMINDEX_ELEMENT_MODEL, NULL, NULL, "has %d tiers; at most %d are allowed",
               (int)m->ntiers, PMINDEX_MAX_TIERS);
    for (int32_t t = 0; t < m->ntiers; t++) {
        struct pm_tier *ti = &m->tiers[t];
        const char *why = check_key(ti->key);
        if (why)
            reject(b, PMINDEX_ELEMENT_TIER, ti->key, "key", "the key \"%s\" %s", ti->key, why);
        else if (strcmp(ti->key, "fallback") == 0)
            reject(b, PMINDEX_ELEMENT_TIER, ti->key, "key",
                   "\"fallback\" is kept for fallback management");
        else if (find_tier(m, ti->key) != t)
            reject(b, PMINDEX_ELEMENT_TIER, ti->key, "key", "the key is used twice");
        check_texts(b, PMINDEX_ELEMENT_TIER, ti->key, ti->label, "label_zh", "label_en");
        if (!threshold_in_range(ti->threshold))
            reject(b, PMINDEX_ELEMENT_TIER, ti->key, "threshold",
                   "the threshold must lie between 0 and 100");
        else if (t > 0 && threshold_in_range(m->tiers[t - 1].threshold) &&
                 ti->threshold >= m->tiers[t - 1].threshold)
            reject(b, PMINDEX_ELEMENT_TIER, ti->key, "threshold",
                   "thresholds must fall strictly from the first tier to the last");
    }
    const struct pm_tier *last = &m->tiers[m->ntiers - 1];
    if (threshold_in_range(last->threshold) && last->threshold != 0)
        reject(b, PMINDEX_ELEMENT_TIER, last->key, "threshold",
               "the last tier's threshold must be 0, so that every index has a tier");
}

/* The red and black card tiers, and whether each has a card at all. */
static void check_cards(pmindex_builder *b)
{
    struct pmindex_model *m = &b->m;
    /* By default the last tier gets the black card and the first the red
     * one; a model of a single tier has neither by default. */
    m->black_tier = m->black_tier_default && m->ntiers > 1 ? m->ntiers - 1 : -1;
    m->red_tier = m->red_tier_default && m->ntiers > 1 ? 0 : -1;
    /* With no tier at all, "has no tier" says it all. */
    if (m->black_tier_key && (m->black_tier = find_tier(m, m->black_tier_key)) < 0 &&
        m->ntiers > 0)
        reject(b, PMINDEX_ELEMENT_CARDS, NULL, "black_tier", "no tier has the key \"%s\"",
               m->black_tier_key);
    if (m->red_tier_key && (m->red_tier = find_tier(m, m->red_tier_key)) < 0 && m->ntiers > 0)
        reject(b, PMINDEX_ELEMENT_CARDS, NULL, "red_tier", "no tier has the key \"%s\"",
               m->red_tier_key);
    if (m->black_on_veto != 0 && m->black_on_veto != 1)
        reject(b, PMINDEX_ELEMENT_CARDS, NULL, "black_on_veto", "must be 0 or 1");
    if (m->red_tier >= 0 && m->black_tier >= 0 && m->red_tier >= m->black_tier)
        reject(b, PMINDEX_ELEMENT_CARDS, NULL, "red_tier",
               "the red-card tier must be better than the black-card tier");
}

static void check_companies(pmindex_builder *b)
{
    const struct pmindex_model *m = &b->m;
    bool honour_ok = m->honour_min >= 0 && m->honour_min <= PM_CENTI_FULL;
    if (!honour_ok)
        reject(b, PMINDEX_ELEMENT_COMPANIES, NULL, "honour_min_index",
               "the honour list's lowest mean index must lie between 0 and 100");
    if (m->watch_below < 0 || (honour_ok && m->watch_below > m->honour_min))
        reject(b, PMINDEX_ELEMENT_COMPANIES, NULL, "watch_below_index",
               "the watch list's index must lie between 0 and the honour list's");
    if (m->honour_no_black != 0 && m->honour_no_black != 1)
        reject(b, PMINDEX_ELEMENT_COMPANIES, NULL, "honour_no_black", "must be 0 or 1");
    if (m->watch_on_black != 0 && m->watch_on_black != 1)
        reject(b, PMINDEX_ELEMENT_COMPANIES, NULL, "watch_on_black", "must be 0 or 1");
}

static void check_black_shares(pmindex_builder *b)
{
    struct pmindex_model *m = &b->m;
    for (int32_t s = 0; s < m->nblack_shares; s++) {
        struct pm_black_share *bs = &m->black_shares[s];
        bs->indicator = find_indicator(m, bs->indicator_id);
        if (bs->indicator < 0 && m->nindicators > 0)
            reject(b, PMINDEX_ELEMENT_CARDS, NULL, "black_share", "no indicator has the id \"%s\"",
                   bs->indicator_id);
        const char *why = fraction_problem(bs->share, false);
        if (why)
            reject(b, PMINDEX_ELEMENT_CARDS, NULL, "black_share",
                   "the share floor of indicator %s %s", bs->indicator_id, why);
        for (int32_t s2 = 0; bs->indicator >= 0 && s2 < s; s2++)
            if (m->black_shares[s2].indicator == bs->indicator) {
                reject(b, PMINDEX_ELEMENT_CARDS, NULL, "black_share",
                       "indicator %s has two black-card share floors", bs->indicator_id);
                break;
            }
    }
}

static void check_rules(pmindex_builder *b)
{
    struct pmindex_model *m = &b->m;
    const char *why;
    if ((why = fraction_problem(m->downgrade, true)) != NULL)
        reject(b, PMINDEX_ELEMENT_RULES, NULL, "downgrade_share", "the downgrade share %s", why);
    if ((why = fraction_problem(m->coverage_floor, true)) != NULL)
        reject(b, PMINDEX_ELEMENT_RULES, NULL, "coverage_floor", "the coverage floor %s", why);
    check_cards(b);
    check_companies(b);
    check_black_shares(b);
}

static void check_level(pmindex_builder *b, int32_t l)
{
    const struct pmindex_model *m = &b->m;
    const struct pm_ladder_level *lv = &m->levels[l];
    char id[12]; /* room for any int: gcc -fsanitize=thread checks it */
    snprintf(id, sizeof id, "%d", (int)l);
    if (!lv->key) {
        reject(b, PMINDEX_ELEMENT_LEVEL, id, "measure", "the level has no measure");
        return; /* nor labels: they are set together */
    }
    const char *why = check_key(lv->key);
    if (why) {
        reject(b, PMINDEX_ELEMENT_LEVEL, id, "measure", "the measure key \"%s\" %s", lv->key, why);
    } else {
        for (int32_t l2 = 0; l2 < l; l2++)
            if (m->levels[l2].key && strcmp(m->levels[l2].key, lv->key) == 0) {
                reject(b, PMINDEX_ELEMENT_LEVEL, id, "measure",
                       "the measure key \"%s\" is used twice", lv->key);
                break;
            }
    }
    check_texts(b, PMINDEX_ELEMENT_LEVEL, id, lv->label, "label_zh", "label_en");
    check_texts(b, PMINDEX_ELEMENT_LEVEL, id, lv->inspection, "inspection_zh", "inspection_en");
}

static void check_ladder(pmindex_builder *b)
{
    const struct pmindex_model *m = &b->m;
    bool max_ok = m->max_level >= 1 && m->max_level <= PMINDEX_MAX_LADDER_LEVEL;
    if (!max_ok)
        reject(b, PMINDEX_ELEMENT_LADDER, NULL, "max_level",
               "the highest level must lie between 1 and 9");
    if (m->clean_periods < 1 || m->clean_periods > 100)
        reject(b, PMINDEX_ELEMENT_LADDER, NULL, "clean_periods",
               "the clean periods that lower the level must lie between 1 and 100");
    if (m->legal_level < 1 || m->legal_level > (max_ok ? m->max_level : PMINDEX_MAX_LADDER_LEVEL))
        reject(b, PMINDEX_ELEMENT_LADDER, NULL, "legal_level",
               "the level of a legal violation must lie between 1 and the highest level");
    if (m->period_kind < PMINDEX_PERIOD_HALF || m->period_kind > PMINDEX_PERIOD_MONTH)
        reject(b, PMINDEX_ELEMENT_LADDER, NULL, "periods", "unknown period kind %d",
               (int)m->period_kind);
    if (m->rectification_days < 1 || m->rectification_days > PM_MAX_RECTIFICATION_DAYS)
        reject(b, PMINDEX_ELEMENT_LADDER, NULL, "rectification_days",
               "the days given to rectify after a black card must lie between 1 and %d",
               PM_MAX_RECTIFICATION_DAYS);
    for (int32_t l = 0; max_ok && l <= m->max_level; l++)
        check_level(b, l);
}

/* Levels above the highest are not part of the model. */
static void drop_unused_levels(struct pmindex_model *m)
{
    for (int32_t l = m->max_level + 1; l <= PMINDEX_MAX_LADDER_LEVEL; l++) {
        free(m->levels[l].key);
        free_text(m->levels[l].label);
        free_text(m->levels[l].inspection);
        m->levels[l].key = NULL;
    }
}

static void check_name_and_size(pmindex_builder *b)
{
    const struct pmindex_model *m = &b->m;
    for (int lang = 0; lang < 2; lang++) {
        const char *why = m->name[lang][0] ? check_label(m->name[lang]) : NULL;
        if (why)
            reject(b, PMINDEX_ELEMENT_MODEL, NULL, lang ? "name_en" : "name_zh", "the name %s",
                   why);
    }
    if (m->nindicators > PMINDEX_MAX_INDICATORS)
        reject(b, PMINDEX_ELEMENT_MODEL, NULL, NULL, "has %d indicators; at most %d are allowed",
               (int)m->nindicators, PMINDEX_MAX_INDICATORS);
    if (m->nitems > PMINDEX_MAX_ITEMS)
        reject(b, PMINDEX_ELEMENT_MODEL, NULL, NULL, "has %d items; at most %d are allowed",
               (int)m->nitems, PMINDEX_MAX_ITEMS);
    if (m->nvetoes > PMINDEX_MAX_VETOES)
        reject(b, PMINDEX_ELEMENT_MODEL, NULL, NULL, "has %d vetoes; at most %d are allowed",
               (int)m->nvetoes, PMINDEX_MAX_VETOES);
}

/* Checks the whole model, in a fixed order (the first problem found is
 * the builder's error); PMINDEX_E_NOMEM is the only code it returns. */
static int check_model(pmindex_builder *b)
{
    struct pmindex_model *m = &b->m;
    check_name_and_size(b);
    /* Indicators, items and vetoes share one namespace; items and vetoes
     * are also sheet columns, next to the descriptive ones. */
    struct pm_names ids = {0};
    size_t n = (size_t)m->nindicators + (size_t)m->nitems + (size_t)m->nvetoes;
    if (pm_names_init(&ids, n) != 0)
        return nomem(b);
    pm_names_free(&m->columns);
    if (pm_names_init(&m->columns, (size_t)m->nitems + (size_t)m->nvetoes + PM_META_COUNT) != 0) {
        pm_names_free(&ids);
        return nomem(b);
    }
    for (int32_t c = 0; c < PM_META_COUNT; c++)
        pm_names_add(&m->columns, pm_meta_columns[c], strlen(pm_meta_columns[c]), PM_COL_META | c);
    check_indicators(b, &ids);
    int rc = check_items(b, &ids, &m->columns);
    if (!rc)
        check_vetoes(b, &ids, &m->columns);
    pm_names_free(&ids);
    if (!rc)
        rc = check_id_case(b);
    if (rc)
        return rc;
    check_reserved(b);
    check_tiers(b);
    check_rules(b);
    check_ladder(b);
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_builder_build(pmindex_builder *b, pmindex_model **model_out)
{
    if (!b || !model_out)
        return PMINDEX_E_INVALID;
    *model_out = NULL;
    pm_error_clear(&b->error);
    b->nproblems = b->nkept = 0;
    b->lost_problem = false;
    if (b->failed_alloc)
        return fail(b, PMINDEX_E_NOMEM,
                    "an earlier call ran out of memory: the model is incomplete");
    b->m.total_points = 0;
    int rc = check_model(b);
    if (rc)
        return rc;
    /* The problems are every one or none: the model is wrong, but which
     * problems it has could not all be kept. */
    if (b->lost_problem)
        return fail(b, PMINDEX_E_NOMEM, "out of memory while building the model");
    if (b->nproblems > 0)
        return b->error.code;
    assert(b->m.total_points > 0 && b->m.red_tier < b->m.ntiers && b->m.black_tier < b->m.ntiers);
    drop_unused_levels(&b->m);
    struct pmindex_model *model = malloc(sizeof *model);
    if (!model)
        return nomem(b);
    /* Hand the checked parts over; the builder starts again empty. */
    *model = b->m;
    memset(&b->m, 0, sizeof b->m);
    if (reset(b) != 0) {
        /* The model is complete; only the builder's fresh defaults are missing. */
        b->failed_alloc = true;
        b->nproblems = b->nkept = 0;
    }
    *model_out = model;
    return PMINDEX_OK;
}
