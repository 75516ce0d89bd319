/* What changed from one model to another: both written in canonical INI
 * form (ini_write.c), which names every parameter, then compared section
 * by section and key by key. One comparison for `pmindex-model diff`, the
 * top of the impact report and the bindings. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "names.h"
#include "record.h"

struct entry {
    const char *key, *value;
};

/* A section of a canonical text: its name ("item C4") and its keys. */
struct section {
    const char *name;
    struct entry *entries; /* in the text's entries */
    int32_t nentries;
};

/* One model's canonical text, split in place into sections. */
struct text {
    char *buf;
    struct section *s;
    int32_t n;
    struct entry *entries;
    int32_t nentries;
    struct pm_names index; /* section name -> its number */
};

struct difference {
    int32_t change;
    const char *section, *key;
    const char *value[2]; /* old, new; NULL for none */
    const char *title[2]; /* zh, en: what a removed or added section is */
};

struct pmindex_model_diff {
    struct text t[2];
    struct difference *d; /* room for every difference there can be */
    int64_t n;
};

static const char *const change_names[] = {"", "removed", "added", "changed", "order"};

/* Keys whose values decide no verdict: the legal bases of items and vetoes,
 * which 1.2 added to the default model. Models that differ only in these
 * score every compound alike (a ledger compares models so). */
static const char *const undeciding_keys[] = {"basis_zh", "basis_en"};

/* The kinds of sections whose order is the model's order. */
static const char *const ordered_kinds[] = {"indicator", "item", "veto", "tier"};

static void text_free(struct text *t)
{
    free(t->s);
    free(t->entries);
    free(t->buf);
    pm_names_free(&t->index);
}

/* The line after this one; with cut, this one's newline becomes its end. */
static char *line_end(char *line, bool cut)
{
    char *nl = strchr(line, '\n');
    if (!nl)
        return line + strlen(line);
    if (cut)
        *nl = '\0';
    return nl + 1;
}

/* Splits the text into sections of "key = value" lines (a canonical text
 * has no other lines but its first comment): counted first, so that the
 * arrays are made once. */
static int split(struct text *t)
{
    int32_t sections = 0, entries = 0;
    for (char *line = t->buf; *line; line = line_end(line, false)) {
        sections += line[0] == '[';
        entries += line[0] != '[' && line[0] != ';' && line[0] != '\n';
    }
    t->s = calloc((size_t)sections + 1, sizeof *t->s);
    t->entries = calloc((size_t)entries + 1, sizeof *t->entries);
    if (!t->s || !t->entries || pm_names_init(&t->index, (size_t)sections) != PMINDEX_OK)
        return PMINDEX_E_NOMEM;
    struct section *cur = NULL;
    for (char *line = t->buf, *next; *line; line = next) {
        next = line_end(line, true);
        if (line[0] == '[') {
            cur = &t->s[t->n++];
            line[strlen(line) - 1] = '\0'; /* the closing ']' */
            *cur = (struct section){.name = line + 1, .entries = t->entries + t->nentries};
            continue;
        }
        char *eq = strstr(line, " = ");
        if (!cur || !eq)
            continue;
        assert(t->nentries < entries);
        *eq = '\0';
        t->entries[t->nentries++] = (struct entry){line, eq + 3};
        cur->nentries++;
    }
    for (int32_t i = 0; i < t->n; i++)
        pm_names_add(&t->index, t->s[i].name, strlen(t->s[i].name), i);
    return PMINDEX_OK;
}

static int load(struct text *t, const pmindex_model *m, const char *which,
                struct pmindex_error *e)
{
    int64_t n = pmindex_model_write_ini(m, NULL, 0);
    if (n < 0)
        return pm_error_set(e, (int)n,
                            "the %s model cannot be written in INI form, so it cannot be "
                            "compared: %s",
                            which, pmindex_strerror((int)n));
    if (!(t->buf = malloc((size_t)n + 1)))
        return pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
    pmindex_model_write_ini(m, t->buf, (size_t)n + 1);
    return split(t) == PMINDEX_OK ? PMINDEX_OK
                                  : pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
}

static const struct section *find_section(const struct text *t, const char *name)
{
    int32_t i = pm_names_find(&t->index, name, strlen(name));
    return i >= 0 ? &t->s[i] : NULL;
}

static const char *find_value(const struct section *s, const char *key)
{
    for (int32_t i = 0; i < s->nentries; i++)
        if (strcmp(s->entries[i].key, key) == 0)
            return s->entries[i].value;
    return NULL;
}

/* What a section is about, in a language: its name, label or description. */
static const char *title(const struct section *s, int32_t lang)
{
    static const char *const keys[2][3] = {{"name_zh", "label_zh", "description_zh"},
                                           {"name_en", "label_en", "description_en"}};
    for (int i = 0; i < 3; i++) {
        const char *v = find_value(s, keys[lang][i]);
        if (v)
            return v;
    }
    return "";
}

static void add(pmindex_model_diff *d, struct difference x)
{
    d->d[d->n++] = x;
}

static void add_section(pmindex_model_diff *d, int32_t change, const struct section *s)
{
    add(d, (struct difference){.change = change,
                                      .section = s->name,
                                      .key = "",
                                      .title = {title(s, PMINDEX_LANG_ZH),
                                                title(s, PMINDEX_LANG_EN)}});
}

static void add_key(pmindex_model_diff *d, const char *section, const char *key,
                    const char *old_value, const char *new_value)
{
    add(d, (struct difference){.change = PMINDEX_DIFF_CHANGED,
                                      .section = section,
                                      .key = key,
                                      .value = {old_value, new_value},
                                      .title = {"", ""}});
}

static bool of_kind(const struct section *s, const char *kind, size_t len)
{
    return strncmp(s->name, kind, len) == 0 && s->name[len] == ' ';
}

/* Whether the sections of a kind that both texts have come in another order. */
static bool order_changed(const struct text *a, const struct text *b, const char *kind)
{
    size_t len = strlen(kind);
    int32_t i = 0, j = 0;
    for (;;) {
        while (i < a->n && (!of_kind(&a->s[i], kind, len) || !find_section(b, a->s[i].name)))
            i++;
        while (j < b->n && (!of_kind(&b->s[j], kind, len) || !find_section(a, b->s[j].name)))
            j++;
        if (i >= a->n || j >= b->n)
            return false;
        if (strcmp(a->s[i].name, b->s[j].name) != 0)
            return true;
        i++;
        j++;
    }
}

/* A section of each text at most, a key of each, an order of each kind. */
static int64_t most_differences(const pmindex_model_diff *d)
{
    return (int64_t)d->t[0].n + d->t[1].n + d->t[0].nentries + d->t[1].nentries +
           (int64_t)PM_ARRAY_SIZE(ordered_kinds);
}

static int compare(pmindex_model_diff *d)
{
    if (!(d->d = malloc((size_t)most_differences(d) * sizeof *d->d)))
        return PMINDEX_E_NOMEM;
    const struct text *a = &d->t[PMINDEX_OLD], *b = &d->t[PMINDEX_NEW];
    for (int32_t i = 0; i < a->n; i++) {
        const struct section *x = &a->s[i], *y = find_section(b, x->name);
        if (!y) {
            add_section(d, PMINDEX_DIFF_REMOVED, x);
            continue;
        }
        for (int32_t e = 0; e < x->nentries; e++) {
            const char *v = find_value(y, x->entries[e].key);
            if (!v || strcmp(v, x->entries[e].value) != 0)
                add_key(d, x->name, x->entries[e].key, x->entries[e].value, v);
        }
        for (int32_t e = 0; e < y->nentries; e++)
            if (!find_value(x, y->entries[e].key))
                add_key(d, y->name, y->entries[e].key, NULL, y->entries[e].value);
    }
    for (int32_t j = 0; j < b->n; j++)
        if (!find_section(a, b->s[j].name))
            add_section(d, PMINDEX_DIFF_ADDED, &b->s[j]);
    for (size_t k = 0; k < PM_ARRAY_SIZE(ordered_kinds); k++)
        if (order_changed(a, b, ordered_kinds[k]))
            add(d, (struct difference){.change = PMINDEX_DIFF_ORDER,
                                       .section = ordered_kinds[k],
                                       .key = "",
                                       .title = {"", ""}});
    assert(d->n <= most_differences(d));
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_model_diff_new(const pmindex_model *old_model,
                                       const pmindex_model *new_model,
                                       pmindex_model_diff **diff_out, pmindex_error *error)
{
    struct pmindex_error scratch;
    struct pmindex_error *e = error ? error : &scratch;
    pm_error_clear(e);
    if (!diff_out)
        return pm_error_set(e, PMINDEX_E_INVALID, "no place for the differences");
    *diff_out = NULL;
    if (!old_model || !new_model)
        return pm_error_set(e, PMINDEX_E_INVALID, "a model is missing");
    pmindex_model_diff *d = calloc(1, sizeof *d);
    if (!d)
        return pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
    int rc = load(&d->t[PMINDEX_OLD], old_model, "old", e);
    if (rc == PMINDEX_OK)
        rc = load(&d->t[PMINDEX_NEW], new_model, "new", e);
    if (rc == PMINDEX_OK && compare(d) != PMINDEX_OK)
        rc = pm_error_set(e, PMINDEX_E_NOMEM, "out of memory");
    if (rc != PMINDEX_OK) {
        pmindex_model_diff_free(d);
        return rc;
    }
    *diff_out = d;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_model_diff_free(pmindex_model_diff *d)
{
    if (!d)
        return;
    text_free(&d->t[0]);
    text_free(&d->t[1]);
    free(d->d);
    free(d);
}

static const struct difference *at(const pmindex_model_diff *d, int64_t n)
{
    return d && n >= 0 && n < d->n ? &d->d[n] : NULL;
}

PMINDEX_API int64_t pmindex_model_diff_count(const pmindex_model_diff *d)
{
    return d ? d->n : 0;
}

PMINDEX_API int32_t pmindex_model_diff_change(const pmindex_model_diff *d, int64_t n)
{
    if (!d)
        return PMINDEX_E_INVALID;
    const struct difference *x = at(d, n);
    return x ? x->change : PMINDEX_E_NOT_FOUND;
}

PMINDEX_API const char *pmindex_model_diff_section(const pmindex_model_diff *d, int64_t n)
{
    const struct difference *x = at(d, n);
    return x ? x->section : "";
}

PMINDEX_API const char *pmindex_model_diff_key(const pmindex_model_diff *d, int64_t n)
{
    const struct difference *x = at(d, n);
    return x ? x->key : "";
}

PMINDEX_API const char *pmindex_model_diff_value(const pmindex_model_diff *d, int64_t n,
                                                 int32_t which)
{
    const struct difference *x = at(d, n);
    return x && (which == PMINDEX_OLD || which == PMINDEX_NEW) ? x->value[which] : NULL;
}

PMINDEX_API int32_t pmindex_model_diff_decides(const pmindex_model_diff *d, int64_t n)
{
    if (!d)
        return PMINDEX_E_INVALID;
    const struct difference *x = at(d, n);
    if (!x)
        return PMINDEX_E_NOT_FOUND;
    if (x->change != PMINDEX_DIFF_CHANGED)
        return 1;
    for (size_t k = 0; k < PM_ARRAY_SIZE(undeciding_keys); k++)
        if (strcmp(x->key, undeciding_keys[k]) == 0)
            return 0;
    return 1;
}

int pm_model_scores_as(const pmindex_model *a, const pmindex_model *b, bool *same,
                       struct pmindex_error *e)
{
    pmindex_model_diff *d = NULL;
    int rc = pmindex_model_diff_new(a, b, &d, e);
    *same = rc == PMINDEX_OK;
    for (int64_t n = 0; *same && n < pmindex_model_diff_count(d); n++)
        *same = pmindex_model_diff_decides(d, n) == 0;
    pmindex_model_diff_free(d);
    return rc;
}

PMINDEX_API const char *pmindex_model_diff_title(const pmindex_model_diff *d, int64_t n,
                                                 int32_t lang)
{
    const struct difference *x = at(d, n);
    return x ? x->title[lang == PMINDEX_LANG_EN ? 1 : 0] : "";
}

/* ---- records ------------------------------------------------------------ */

static void optional_text(struct pm_rec *r, const char *s)
{
    if (s && s[0])
        pm_rec_text(r, s);
    else
        pm_rec_null(r);
}

/* A difference's record (x NULL for the CSV header). */
static int64_t diff_record(const struct difference *x, int32_t format, char *buf, size_t cap)
{
    static const struct difference none = {.key = ""};
    struct pm_out o;
    struct pm_rec r;
    pm_out_init(&o, buf, cap);
    pm_rec_begin(&r, &o, format, x == NULL);
    if (!x)
        x = &none;
    if (pm_rec_json(&r)) {
        pm_rec_field(&r, "kind");
        pm_rec_text(&r, "diff");
    }
    if (pm_rec_field(&r, "change"))
        pm_rec_text(&r, change_names[x->change]);
    if (pm_rec_field(&r, "section"))
        pm_rec_text(&r, x->section);
    if (pm_rec_field(&r, "key"))
        optional_text(&r, x->key);
    if (pm_rec_field(&r, "old"))
        optional_text(&r, x->value[PMINDEX_OLD]);
    if (pm_rec_field(&r, "new"))
        optional_text(&r, x->value[PMINDEX_NEW]);
    if (pm_rec_field(&r, "title_zh"))
        optional_text(&r, x->title[0]);
    if (pm_rec_field(&r, "title_en"))
        optional_text(&r, x->title[1]);
    pm_rec_end(&r);
    return pm_out_finish(&o);
}

PMINDEX_API int64_t pmindex_model_diff_header(int32_t format, uint32_t flags, char *buf,
                                              size_t cap)
{
    if (!pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (format == PMINDEX_FORMAT_JSONL)
        return pm_rec_no_header(buf, cap);
    return diff_record(NULL, format, buf, cap);
}

PMINDEX_API int64_t pmindex_model_diff_record(const pmindex_model_diff *d, int64_t n,
                                              int32_t format, uint32_t flags, char *buf,
                                              size_t cap)
{
    if (!d || !pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    const struct difference *x = at(d, n);
    if (!x)
        return PMINDEX_E_NOT_FOUND;
    return diff_record(x, format, buf, cap);
}
