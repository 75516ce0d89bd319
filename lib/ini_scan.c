/* Stage 1 of loading a model from INI (see ini_load.c): a strict line
 * scanner. It accepts only the INI that it and iniparser read alike, and
 * records the line of every section and key of the schema, reporting
 * every problem: syntax, UTF-8, long lines, unknown, duplicate and missing
 * sections and keys. */
#define _GNU_SOURCE /* qsort_r() */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ini_load.h"
#include "utf8.h"

/* ---- the schema --------------------------------------------------------- */

/* The keys of each kind, at the indexes ini_load.h names. A key is
 * required unless marked optional. (Named fields: clang's
 * -Wmissing-field-initializers would take {"name"} for a forgotten flag.) */

static const struct pm_ini_key_def model_keys[MODEL_NKEYS + 1] = {
    [MODEL_FORMAT] = {.name = "format", .optional = true},
    [MODEL_NAME_ZH] = {.name = "name_zh"},
    [MODEL_NAME_EN] = {.name = "name_en"},
};
static const struct pm_ini_key_def indicator_keys[IND_NKEYS + 1] = {
    [IND_NAME_ZH] = {.name = "name_zh"},
    [IND_NAME_EN] = {.name = "name_en"},
    [IND_POINTS] = {.name = "points"},
};
static const struct pm_ini_key_def item_keys[ITEM_FIXED + 1] = {
    [I_INDICATOR] = {.name = "indicator"},
    [I_NAME_ZH] = {.name = "name_zh"},
    [I_NAME_EN] = {.name = "name_en"},
    [I_TYPE] = {.name = "type"},
    [I_MAX] = {.name = "max"},
    [I_PENALTY] = {.name = "penalty", .optional = true},
    [I_ZERO] = {.name = "zero", .optional = true},
    [I_FULL] = {.name = "full", .optional = true},
    [I_TOLERANCE] = {.name = "tolerance", .optional = true},
    [I_BASIS_ZH] = {.name = "basis_zh", .optional = true},
    [I_BASIS_EN] = {.name = "basis_en", .optional = true},
};
static const struct pm_ini_key_def veto_keys[VETO_NKEYS + 1] = {
    [VETO_DESCRIPTION_ZH] = {.name = "description_zh"},
    [VETO_DESCRIPTION_EN] = {.name = "description_en"},
    [VETO_ITEM] = {.name = "item", .optional = true},
    [VETO_LEGAL] = {.name = "legal"},
    [VETO_BASIS_ZH] = {.name = "basis_zh", .optional = true},
    [VETO_BASIS_EN] = {.name = "basis_en", .optional = true},
};
static const struct pm_ini_key_def tier_keys[TIER_NKEYS + 1] = {
    [TIER_LABEL_ZH] = {.name = "label_zh"},
    [TIER_LABEL_EN] = {.name = "label_en"},
    [TIER_THRESHOLD] = {.name = "threshold"},
};
static const struct pm_ini_key_def rules_keys[RULES_NKEYS + 1] = {
    [RULES_DOWNGRADE_SHARE] = {.name = "downgrade_share"},
    [RULES_COVERAGE_FLOOR] = {.name = "coverage_floor"},
};
static const struct pm_ini_key_def cards_keys[CARDS_NKEYS + 1] = {
    [CARDS_BLACK_TIER] = {.name = "black_tier"},
    [CARDS_BLACK_ON_VETO] = {.name = "black_on_veto"},
    [CARDS_BLACK_SHARE] = {.name = "black_share", .optional = true},
    [CARDS_RED_TIER] = {.name = "red_tier"},
};
static const struct pm_ini_key_def companies_keys[COMPANIES_NKEYS + 1] = {
    [COMPANIES_HONOUR_MIN] = {.name = "honour_min_index"},
    [COMPANIES_HONOUR_NO_BLACK] = {.name = "honour_no_black"},
    [COMPANIES_WATCH_BELOW] = {.name = "watch_below_index"},
    [COMPANIES_WATCH_ON_BLACK] = {.name = "watch_on_black"},
};
static const struct pm_ini_key_def ladder_keys[LADDER_NKEYS + 1] = {
    [LADDER_PERIODS] = {.name = "periods"},
    [LADDER_MAX_LEVEL] = {.name = "max_level"},
    [LADDER_CLEAN_PERIODS] = {.name = "clean_periods"},
    [LADDER_LEGAL_LEVEL] = {.name = "legal_level"},
    [LADDER_RECTIFICATION_DAYS] = {.name = "rectification_days", .optional = true},
};
static const struct pm_ini_key_def level_keys[LEVEL_NKEYS + 1] = {
    [LEVEL_MEASURE] = {.name = "measure"},
    [LEVEL_LABEL_ZH] = {.name = "label_zh"},
    [LEVEL_LABEL_EN] = {.name = "label_en"},
    [LEVEL_INSPECTION_ZH] = {.name = "inspection_zh"},
    [LEVEL_INSPECTION_EN] = {.name = "inspection_en"},
};

const struct pm_ini_kind pm_ini_kinds[K_COUNT] = {
    [K_MODEL] = {PMINDEX_ELEMENT_MODEL, false, model_keys, "the [model] section",
                 "[model] takes", 1},
    [K_INDICATOR] = {PMINDEX_ELEMENT_INDICATOR, true, indicator_keys, "every indicator",
                     "an indicator takes", PMINDEX_MAX_INDICATORS},
    [K_ITEM] = {PMINDEX_ELEMENT_ITEM, true, item_keys, "every item", "an item takes",
                PMINDEX_MAX_ITEMS},
    [K_VETO] = {PMINDEX_ELEMENT_VETO, true, veto_keys, "every veto", "a veto takes",
                PMINDEX_MAX_VETOES},
    [K_TIER] = {PMINDEX_ELEMENT_TIER, true, tier_keys, "every tier", "a tier takes",
                PMINDEX_MAX_TIERS},
    [K_RULES] = {PMINDEX_ELEMENT_RULES, false, rules_keys, "the [rules] section",
                 "[rules] takes", 1},
    [K_CARDS] = {PMINDEX_ELEMENT_CARDS, false, cards_keys, "the [cards] section",
                 "[cards] takes", 1},
    [K_COMPANIES] = {PMINDEX_ELEMENT_COMPANIES, false, companies_keys, "the [companies] section",
                     "[companies] takes", 1},
    [K_LADDER] = {PMINDEX_ELEMENT_LADDER, false, ladder_keys, "the [ladder] section",
                  "[ladder] takes", 1},
    [K_LEVEL] = {PMINDEX_ELEMENT_LEVEL, true, level_keys, "every [level N] section",
                 "a level takes", PMINDEX_MAX_LADDER_LEVEL + 1},
};
/* A section records the keys it gives as bits of a uint64_t. */
_Static_assert(ITEM_FIXED <= 64 && LEVEL_NKEYS <= 64, "more keys than bits");

/* The index of a key in its kind's list, or -1. */
static int key_index(int kind, const char *k, size_t n)
{
    const struct pm_ini_key_def *keys = pm_ini_kinds[kind].keys;
    for (int i = 0; keys[i].name; i++)
        if (strlen(keys[i].name) == n && memcmp(keys[i].name, k, n) == 0)
            return i;
    if (kind != K_ITEM || n < 6 || memcmp(k, "level", 5) != 0 || k[5] == '0')
        return -1;
    /* level<j>, level<j>_zh, level<j>_en with 1 <= j <= 16 */
    size_t i = 5;
    int j = 0;
    while (i < n && pm_ini_digit(k[i]) && j <= PMINDEX_MAX_LEVELS)
        j = j * 10 + (k[i++] - '0');
    if (i == 5 || j < 1 || j > PMINDEX_MAX_LEVELS)
        return -1;
    int sub;
    if (i == n)
        sub = 0;
    else if (n - i == 3 && memcmp(k + i, "_zh", 3) == 0)
        sub = 1;
    else if (n - i == 3 && memcmp(k + i, "_en", 3) == 0)
        sub = 2;
    else
        return -1;
    return ITEM_LEVEL0 + 3 * (j - 1) + sub;
}

void pm_ini_key_name(int kind, int index, char *buf, size_t cap)
{
    if (kind == K_ITEM && index >= ITEM_LEVEL0) {
        static const char *const sub[] = {"", "_zh", "_en"};
        int j = (index - ITEM_LEVEL0) / 3 + 1;
        snprintf(buf, cap, "level%d%s", j, sub[(index - ITEM_LEVEL0) % 3]);
    } else {
        pm_strlcpy(buf, pm_ini_kinds[kind].keys[index].name, cap);
    }
}

/* ---- errors -------------------------------------------------------------- */

static struct pmindex_error *verror(struct pm_ini *L, int code, int64_t line,
                                    const char *section, const char *field, const char *value,
                                    size_t vlen, const char *fmt, va_list ap)
{
    L->total_errors++;
    if (L->nerrors >= MAX_ERRORS)
        return NULL;
    if (!pm_grow((void **)&L->errors, &L->cap_errors, (size_t)L->nerrors + 1, sizeof *L->errors, 4,
                 0)) {
        L->nomem = true;
        return NULL;
    }
    struct pmindex_error *e = &L->errors[L->nerrors++];
    pm_error_clear(e);
    pm_error_set_file(e, L->name);
    pm_error_vset(e, code, fmt, ap);
    e->line = line;
    pm_error_set_section(e, section, field);
    if (value)
        pm_error_set_value(e, value, vlen);
    return e;
}

struct pmindex_error *pm_ini_error(struct pm_ini *L, int code, int64_t line, const char *section,
                                   const char *field, const char *value, size_t vlen,
                                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct pmindex_error *e = verror(L, code, line, section, field, value, vlen, fmt, ap);
    va_end(ap);
    return e;
}

static void set_element(struct pmindex_error *e, const struct pm_ini_section *s)
{
    if (e)
        pm_error_set_element(e, pm_ini_kinds[s->kind].element, s->id);
}

void pm_ini_section_error(struct pm_ini *L, int code, int64_t line, const struct pm_ini_section *s,
                          const char *field, const char *value, size_t vlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_element(verror(L, code, line, s->label, field, value, vlen, fmt, ap), s);
    va_end(ap);
}

void pm_ini_key_error(struct pm_ini *L, int code, const struct pm_ini_section *s,
                      const struct pm_ini_key *k, const char *fmt, ...)
{
    char name[32];
    pm_ini_key_name(s->kind, k->index, name, sizeof name);
    va_list ap;
    va_start(ap, fmt);
    const char *v = k->value ? k->value : k->text;
    set_element(verror(L, code, k->line, s->label, name, v, k->value ? strlen(v) : k->len, fmt, ap),
                s);
    va_end(ap);
}

bool pm_ini_stopped(const struct pm_ini *L)
{
    return L->total_errors >= MAX_ERRORS || L->nomem;
}

/* ---- the scanner -------------------------------------------------------- */

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && pm_ini_blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && pm_ini_blank((*s)[*n - 1]))
        (*n)--;
}

/* Levenshtein distance of short ASCII words, capped: for "did you mean". */
static int distance(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > 40 || nb > 40)
        return 99;
    int row[41];
    for (size_t j = 0; j <= nb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j];
            char x = a[i - 1] >= 'A' && a[i - 1] <= 'Z' ? (char)(a[i - 1] + 32) : a[i - 1];
            int best = diag + (x != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

static const char *const kinds_list =
    "[model], [indicator ID], [item ID], [veto ID], [tier KEY], [rules], [cards], "
    "[companies], [ladder] or [level N]";

/* Checks the required keys of the section that just ended. */
static void close_section(struct pm_ini *L)
{
    if (L->current < 0)
        return;
    struct pm_ini_section *s = &L->sections[L->current];
    const struct pm_ini_kind *d = &pm_ini_kinds[s->kind];
    if (s->damaged)
        return;
    for (int i = 0; d->keys[i].name; i++)
        if (!d->keys[i].optional && !(s->seen >> i & 1))
            pm_ini_section_error(L, PMINDEX_E_MODEL, s->line, s, d->keys[i].name, NULL, 0,
                                 "missing key: %s needs %s", d->every, d->keys[i].name);
}

static void scan_section(struct pm_ini *L, int64_t line, const char *t, size_t n)
{
    close_section(L);
    L->current = -2;
    /* t is the trimmed line: "[" ... "]" */
    const char *inner = t + 1;
    size_t len = n - 2;
    if (n < 2 || t[n - 1] != ']') {
        const char *close = memchr(t, ']', n);
        pm_ini_error(
            L, PMINDEX_E_SYNTAX, line, NULL, NULL, t, n,
            close ? "text after the ] of a section header (comments go on lines of their own)"
                  : "a section header must end with ]");
        return;
    }
    trim(&inner, &len);
    for (size_t i = 0; i < len; i++)
        if (inner[i] == '[' || inner[i] == ']' || inner[i] == ':') {
            pm_ini_error(L, PMINDEX_E_SYNTAX, line, NULL, NULL, t, n,
                         "a section name cannot hold '%c'; sections are %s", inner[i], kinds_list);
            return;
        }
    size_t w = 0;
    while (w < len && !pm_ini_blank(inner[w]))
        w++;
    const char *id = inner + w;
    size_t idn = len - w;
    trim(&id, &idn);
    int kind = -1;
    for (int k = 0; k < K_COUNT; k++)
        if (strlen(pm_ini_kind_name(k)) == w && memcmp(pm_ini_kind_name(k), inner, w) == 0)
            kind = k;
    if (kind < 0) {
        const char *hint = NULL;
        int best = 3;
        for (int k = 0; k < K_COUNT; k++) {
            int dist = distance(inner, w, pm_ini_kind_name(k), strlen(pm_ini_kind_name(k)));
            if (dist < best) {
                best = dist;
                hint = pm_ini_kind_name(k);
            }
        }
        if (len == 0)
            pm_ini_error(L, PMINDEX_E_SYNTAX, line, NULL, NULL, t, n,
                         "empty section name; sections are %s", kinds_list);
        else if (hint)
            pm_ini_error(L, PMINDEX_E_MODEL, line, NULL, NULL, t, n,
                         "unknown section (did you mean [%s%s%.*s]?)", hint, idn ? " " : "",
                         (int)idn, id);
        else
            pm_ini_error(L, PMINDEX_E_MODEL, line, NULL, NULL, t, n,
                         "unknown section; sections are %s", kinds_list);
        return;
    }
    const struct pm_ini_kind *d = &pm_ini_kinds[kind];
    if (d->has_id && idn == 0) {
        pm_ini_error(L, PMINDEX_E_MODEL, line, NULL, NULL, t, n, "the section needs an id: [%s %s]",
                     pm_ini_kind_name(kind),
                     kind == K_TIER    ? "KEY"
                     : kind == K_LEVEL ? "N"
                                       : "ID");
        return;
    }
    if (!d->has_id && idn > 0) {
        pm_ini_error(L, PMINDEX_E_MODEL, line, NULL, NULL, t, n, "the section [%s] takes no id",
                     pm_ini_kind_name(kind));
        return;
    }
    for (size_t i = 0; i < idn; i++)
        if (pm_ini_blank(id[i])) {
            pm_ini_error(L, PMINDEX_E_MODEL, line, NULL, NULL, t, n,
                         "an id cannot hold a space: a section is [%s ID]", pm_ini_kind_name(kind));
            return;
        }
    if (idn > PMINDEX_MAX_ID_LENGTH) {
        pm_ini_error(L, PMINDEX_E_MODEL, line, NULL, NULL, t, n, "the id is longer than %d bytes",
                     PMINDEX_MAX_ID_LENGTH);
        return;
    }
    if (kind == K_LEVEL && (idn != 1 || !pm_ini_digit(id[0]))) {
        pm_ini_error(L, PMINDEX_E_MODEL, line, NULL, NULL, t, n,
                     "a ladder level is [level N] with N from 0 to %d", PMINDEX_MAX_LADDER_LEVEL);
        return;
    }
    if (L->count[kind] >= d->limit) {
        int64_t first = 0;
        for (int32_t i = 0; i < L->nsections; i++)
            if (L->sections[i].kind == kind && !first)
                first = L->sections[i].line;
        if (d->limit == 1) {
            struct pmindex_error *e =
                pm_ini_error(L, PMINDEX_E_DUPLICATE, line, pm_ini_kind_name(kind), NULL, NULL, 0,
                             "duplicate section: [%s] is already at line %lld",
                             pm_ini_kind_name(kind), (long long)first);
            if (e)
                pm_error_set_element(e, d->element, NULL);
        } else {
            pm_ini_error(L, PMINDEX_E_LIMIT, line, NULL, NULL, t, n, "more than %d %s sections",
                         (int)d->limit, pm_ini_kind_name(kind));
        }
        return;
    }
    if (!pm_grow((void **)&L->sections, &L->cap_sections, (size_t)L->nsections + 1,
                 sizeof *L->sections, 16, 0)) {
        L->nomem = true;
        return;
    }
    struct pm_ini_section *s = &L->sections[L->nsections];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->line = line;
    memcpy(s->id, id, idn);
    s->id[idn] = '\0';
    snprintf(s->label, sizeof s->label, "%s%s%s", pm_ini_kind_name(kind), idn ? " " : "", s->id);
    s->inner = inner;
    s->inner_len = len;
    s->first_key = L->nkeys;
    L->count[kind]++;
    L->current = L->nsections++;
}

/* Reads a value after '=': quoted or bare, with an optional comment. */
static bool scan_value(struct pm_ini *L, int64_t line, const char *t, size_t n, const char *v,
                       size_t vn, const char **text, size_t *len)
{
    while (vn > 0 && pm_ini_blank(*v)) {
        v++;
        vn--;
    }
    if (vn > 0 && (v[0] == '"' || v[0] == '\'')) {
        char q = v[0];
        const char *close = memchr(v + 1, q, vn - 1);
        if (!close) {
            pm_ini_error(L, PMINDEX_E_SYNTAX, line, NULL, NULL, t, n, "the quote %c is not closed",
                         q);
            return false;
        }
        if (memchr(v + 1, '\\', (size_t)(close - v - 1))) {
            pm_ini_error(L, PMINDEX_E_SYNTAX, line, NULL, NULL, t, n,
                         "a quoted value cannot hold a backslash (iniparser versions read it "
                         "differently)");
            return false;
        }
        const char *after = close + 1;
        size_t an = vn - (size_t)(after - v);
        while (an > 0 && pm_ini_blank(*after)) {
            after++;
            an--;
        }
        if (an > 0 && *after != ';' && *after != '#') {
            pm_ini_error(L, PMINDEX_E_SYNTAX, line, NULL, NULL, t, n,
                         "text after the closing quote (a comment starts with ; or #)");
            return false;
        }
        *text = v + 1;
        *len = (size_t)(close - v - 1);
        return true;
    }
    /* Bare: up to a comment, without the blanks around it. */
    size_t e = 0;
    while (e < vn && v[e] != ';' && v[e] != '#')
        e++;
    while (e > 0 && pm_ini_blank(v[e - 1]))
        e--;
    *text = v;
    *len = e;
    return true;
}

/* The known key closest to a misspelt one, within 2 edits. */
static bool closest_key(int kind, const char *k, size_t kn, char *out, size_t cap)
{
    int n = 0, best = 3;
    while (pm_ini_kinds[kind].keys[n].name)
        n++;
    if (kind == K_ITEM)
        n = ITEM_NKEYS;
    for (int i = 0; i < n; i++) {
        char name[32];
        pm_ini_key_name(kind, i, name, sizeof name);
        int dist = distance(k, kn, name, strlen(name));
        if (dist < best) {
            best = dist;
            snprintf(out, cap, "%s", name);
        }
    }
    return best < 3;
}

static void scan_key(struct pm_ini *L, int64_t line, const char *t, size_t n)
{
    const char *eq = memchr(t, '=', n);
    if (!eq) {
        pm_ini_error(L, PMINDEX_E_SYNTAX, line, NULL, NULL, t, n,
                     "expected [section], key = value or a comment (; or #)");
        return;
    }
    const char *k = t;
    size_t kn = (size_t)(eq - t);
    trim(&k, &kn);
    if (kn == 0) {
        pm_ini_error(L, PMINDEX_E_SYNTAX, line, NULL, NULL, t, n, "a key is missing before =");
        return;
    }
    const char *text;
    size_t len;
    if (!scan_value(L, line, t, n, eq + 1, n - (size_t)(eq + 1 - t), &text, &len))
        return;
    if (L->current == -2)
        return; /* in a section already reported */
    if (L->current == -1) {
        pm_ini_error(L, PMINDEX_E_SYNTAX, line, NULL, NULL, t, n,
                     "a key before the first section; keys go under a section such as [model]");
        return;
    }
    struct pm_ini_section *s = &L->sections[L->current];
    const struct pm_ini_kind *d = &pm_ini_kinds[s->kind];
    char field[64]; /* the key as written, for errors */
    size_t fn = kn < 40 ? kn : 40;
    memcpy(field, k, fn);
    field[fn] = '\0';
    int index = key_index(s->kind, k, kn);
    if (index < 0) {
        char hint[32];
        bool upper = false;
        for (size_t i = 0; i < kn; i++)
            upper |= k[i] >= 'A' && k[i] <= 'Z';
        if (closest_key(s->kind, k, kn, hint, sizeof hint)) {
            pm_ini_section_error(L, PMINDEX_E_MODEL, line, s, field, text, len,
                                 upper && strlen(hint) == kn && strncasecmp(hint, k, kn) == 0
                                     ? "unknown key (keys are written in lower case: %s)"
                                     : "unknown key (did you mean %s?)",
                                 hint);
        } else {
            char keys[256] = "";
            for (int i = 0; d->keys[i].name; i++) {
                strcat(keys, i ? ", " : "");
                strcat(keys, d->keys[i].name);
            }
            pm_ini_section_error(L, PMINDEX_E_MODEL, line, s, field, text, len,
                                 "unknown key; %s %s%s", d->noun, keys,
                                 s->kind == K_ITEM
                                     ? " and, for graded items, level1, level1_zh, level1_en, "
                                       "level2..."
                                     : "");
        }
        return;
    }
    uint64_t bit = index < 64 ? UINT64_C(1) << index : 0;
    for (int32_t i = s->first_key; i < L->nkeys; i++)
        if (L->keys[i].index == index) {
            pm_ini_section_error(L, PMINDEX_E_DUPLICATE, line, s, field, text, len,
                                 "duplicate key: it is already given at line %lld",
                                 (long long)L->keys[i].line);
            return;
        }
    if (!pm_grow((void **)&L->keys, &L->cap_keys, (size_t)L->nkeys + 1, sizeof *L->keys, 16, 0)) {
        L->nomem = true;
        return;
    }
    struct pm_ini_key *key = &L->keys[L->nkeys++];
    key->index = index;
    key->line = line;
    key->text = text;
    key->len = len;
    key->value = NULL;
    s->seen |= bit;
    s->nkeys++;
}

/* Checks one line (without its line end) and records what it holds. */
static void scan_line(struct pm_ini *L, int64_t line, const char *p, size_t n)
{
    if (n > PM_INI_MAX_LINE) {
        pm_ini_error(L, PMINDEX_E_LIMIT, line, NULL, NULL, p, n,
                     "the line is %zu bytes long; at most %d bytes are allowed", n,
                     PM_INI_MAX_LINE);
        return;
    }
    size_t valid = pm_utf8_valid_prefix(p, n);
    if (valid < n) {
        pm_ini_error(L, PMINDEX_E_ENCODING, line, NULL, NULL, p, n,
                     "invalid UTF-8 (byte 0x%02X at byte %zu of the line); save the file as UTF-8",
                     (unsigned)(unsigned char)p[valid], valid + 1);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
            pm_ini_error(L, PMINDEX_E_SYNTAX, line, NULL, NULL, p, n,
                         c == '\r' ? "a carriage return inside a line"
                                   : "a control character (0x%02X at byte %zu of the line)",
                         (unsigned)c, i + 1);
            return;
        }
    }
    const char *t = p;
    size_t tn = n;
    trim(&t, &tn);
    if (tn == 0)
        return;
    if (t[tn - 1] == '\\') {
        pm_ini_error(
            L, PMINDEX_E_SYNTAX, line, NULL, NULL, p, n,
            "a line cannot end with a backslash (iniparser would join it to the next line)");
        return;
    }
    if (t[0] == ';' || t[0] == '#')
        return;
    if (t[0] == '[')
        scan_section(L, line, t, tn);
    else
        scan_key(L, line, t, tn);
}

void pm_ini_scan(struct pm_ini *L)
{
    const char *p = L->data, *end = L->data + L->len;
    int64_t line = 0;
    L->current = -1;
    while (p < end && !pm_ini_stopped(L)) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        size_t n = (size_t)(stop - p);
        if (n > 0 && p[n - 1] == '\r')
            n--;
        int64_t before = L->total_errors;
        scan_line(L, ++line, p, n);
        if (L->total_errors > before && L->current >= 0)
            L->sections[L->current].damaged = true;
        p = nl ? nl + 1 : end;
    }
    if (!pm_ini_stopped(L))
        close_section(L);
}

/* Two sections of one kind whose ids differ only in case are one section
 * to iniparser, which lower-cases names: both duplicates. */
static int compare_sections(const void *a, const void *b, void *arg)
{
    const struct pm_ini_section *s = arg;
    const struct pm_ini_section *x = &s[*(const int32_t *)a], *y = &s[*(const int32_t *)b];
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    int c = strcasecmp(x->id, y->id);
    if (c)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

void pm_ini_find_duplicates(struct pm_ini *L)
{
    if (L->nsections < 2)
        return;
    int32_t *order = malloc((size_t)L->nsections * sizeof *order);
    if (!order) {
        L->nomem = true;
        return;
    }
    for (int32_t i = 0; i < L->nsections; i++)
        order[i] = i;
    qsort_r(order, (size_t)L->nsections, sizeof *order, compare_sections, L->sections);
    for (int32_t i = 1; i < L->nsections; i++) {
        const struct pm_ini_section *a = &L->sections[order[i - 1]], *s = &L->sections[order[i]];
        if (a->kind == s->kind && pm_ini_kinds[s->kind].has_id && strcasecmp(a->id, s->id) == 0)
            pm_ini_section_error(
                L, PMINDEX_E_DUPLICATE, s->line, s, NULL, NULL, 0,
                strcmp(a->id, s->id) == 0
                    ? "duplicate section: [%s %s] is already at line %lld"
                    : "duplicate section: [%s %s] at line %lld differs only in case, and "
                      "section names are compared without regard to case",
                pm_ini_kind_name(a->kind), a->id, (long long)a->line);
    }
    free(order);
}
