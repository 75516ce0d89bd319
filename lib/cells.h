/* Reading a cell, quickly, for the commonest cells: a column's parsing is
 * decided once from the header (struct pm_cell_plan), and the fast readers
 * below take a cell whole only when it is one the plain parsers of cells.c
 * would accept with the same value: digits and a few decimals, a model's
 * label, an empty cell, a plain id. They never report anything: for any
 * other cell they return PM_CELL_SLOW, and the plain parser (cells.c), the
 * single place that says what is wrong with a cell, reads it. Inline: a
 * sheet of a million compounds has 44 million cells. */
#ifndef PM_CELLS_H
#define PM_CELLS_H

#include <string.h>

#include "compound.h"
#include "model.h"

/* How a column's cells are read. */
enum pm_cell_kind {
    PM_CELL_ID,         /* compound_id */
    PM_CELL_TEXT,       /* name, street, station, company: any UTF-8 */
    PM_CELL_PERIOD,     /* period */
    PM_CELL_HOUSEHOLDS, /* households */
    PM_CELL_MANAGED,    /* managed */
    PM_CELL_ITEM,       /* an item's observation */
    PM_CELL_VETO        /* a veto */
};

struct pm_cell_plan {
    uint8_t kind;              /* enum pm_cell_kind */
    int32_t index;             /* the field, item or veto */
    const struct pm_item *item;
    uint16_t digits;           /* items: bit d when a single digit d is an observation */
};

/* The plan of a column of code (PM_COL_*) of the model (cells.c). */
void pm_cell_plan_of(const pmindex_model *m, int32_t code, struct pm_cell_plan *plan);

/* What a fast reader returns when the plain parser must read the cell. */
enum { PM_CELL_SLOW = -1 };

static inline bool pm_cell_ascii_case_equal(const char *s, size_t len, const char *lit, size_t n)
{
    if (n != len)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
        char d = lit[i] >= 'A' && lit[i] <= 'Z' ? (char)(lit[i] + 32) : lit[i];
        if (c != d)
            return false;
    }
    return true;
}

/* The largest observation an item takes: 1 (100%) for a rate item whose
 * goalposts both lie within [0, 1] (a share), else PMINDEX_VALUE_MAX. */
static inline int64_t pm_item_value_max(const struct pm_item *it)
{
    bool share = it->type == PMINDEX_ITEM_RATE && it->zero <= PMINDEX_VALUE_SCALE &&
                 it->full <= PMINDEX_VALUE_SCALE;
    return share ? PMINDEX_VALUE_SCALE : PMINDEX_VALUE_MAX;
}

/* Whether an observation v (pct: it was written as a percentage) is one
 * the item takes: the rule of check_number() in cells.c, which says why
 * when it is not. */
static inline bool pm_item_value_ok(const struct pm_item *it, int64_t v, bool pct)
{
    switch (it->type) {
    case PMINDEX_ITEM_GRADED:
        for (int32_t j = 0; j < it->nlevels; j++)
            if (it->levels[j].value == v)
                return true;
        return false;
    case PMINDEX_ITEM_PASSFAIL:
        return v == 0 || v == PMINDEX_VALUE_SCALE;
    case PMINDEX_ITEM_DEDUCT:
        return !pct && v >= 0 && v % PMINDEX_VALUE_SCALE == 0;
    default:
        return v >= 0 && v <= pm_item_value_max(it);
    }
}

/* A label of a graded or pass/fail item, or -1: a level's Chinese label
 * exactly or its English one in any letter case; 是/否, yes/no, pass/fail. */
static inline int64_t pm_item_label_value(const struct pm_item *it, const char *s, size_t len)
{
    if (it->type == PMINDEX_ITEM_PASSFAIL) {
        static const char *const yes[] = {"是", "yes", "pass"}, *const no[] = {"否", "no", "fail"};
        for (size_t k = 0; k < 3; k++) {
            if (pm_cell_ascii_case_equal(s, len, yes[k], strlen(yes[k])))
                return PMINDEX_VALUE_SCALE;
            if (pm_cell_ascii_case_equal(s, len, no[k], strlen(no[k])))
                return 0;
        }
        return -1;
    }
    for (int32_t j = 0; j < it->nlevels; j++) {
        const struct pm_level *l = &it->levels[j];
        if ((l->label_len[0] == len && memcmp(l->label[0], s, len) == 0) ||
            pm_cell_ascii_case_equal(s, len, l->label[1], l->label_len[1]))
            return l->value;
    }
    return -1;
}

/* A plain decimal: 1 to 9 digits, maybe a point and up to 6 decimals,
 * maybe a percent sign: its value as pm_decimal_scan() gives it. Any other
 * text (a sign, more digits, no digit before the point...) is left to it. */
static inline bool pm_cell_decimal(const char *s, size_t n, int64_t *v, bool *pct)
{
    size_t i = 0;
    int64_t ip = 0, fp = 0;
    while (i < n && (unsigned char)(s[i] - '0') < 10 && i < 10)
        ip = ip * 10 + (s[i++] - '0');
    if (i == 0 || i > 9)
        return false;
    int places = 0;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && (unsigned char)(s[i] - '0') < 10 && places < 7) {
            fp = fp * 10 + (s[i++] - '0');
            places++;
        }
        if (places > 6)
            return false;
    }
    *pct = i + 1 == n && s[i] == '%';
    if (i + *pct != n)
        return false;
    static const int64_t scale[7] = {100000000, 10000000, 1000000, 100000, 10000, 1000, 100};
    int64_t value = ip * INT64_C(100000000) + fp * scale[places];
    *v = *pct ? value / 100 : value;
    return true;
}

/* An item's cell, trimmed: 1 with *v, 0 for not applicable, or PM_CELL_SLOW.
 * In the order of pm_parse_item(): empty or NA, a digit, a label, a number. */
static inline int pm_cell_item(const struct pm_cell_plan *p, const char *s, size_t n, int64_t *v)
{
    if (n == 0 || (n == 2 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'a'))
        return 0;
    unsigned d = (unsigned char)s[0] - '0';
    if (n == 1 && d < 10) {
        if (!(p->digits >> d & 1))
            return PM_CELL_SLOW;
        *v = (int64_t)d * PMINDEX_VALUE_SCALE;
        return 1;
    }
    const struct pm_item *it = p->item;
    bool pct;
    if (d < 10) {
        if (!pm_cell_decimal(s, n, v, &pct) || !pm_item_value_ok(it, *v, pct))
            return PM_CELL_SLOW;
        return 1;
    }
    /* A label; "NA" is for the plain parser, as are signs and points. */
    if ((it->type != PMINDEX_ITEM_GRADED && it->type != PMINDEX_ITEM_PASSFAIL) || s[0] == '-' ||
        s[0] == '+' || s[0] == '.')
        return PM_CELL_SLOW;
    int64_t label = pm_item_label_value(it, s, n);
    if (label < 0)
        return PM_CELL_SLOW;
    *v = label;
    return 1;
}

/* A veto's cell, trimmed: 0 or 1, or PM_CELL_SLOW. */
static inline int pm_cell_veto(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (n == 1 && (s[0] == '0' || s[0] == '1'))
        return s[0] - '0';
    return PM_CELL_SLOW;
}

/* households, trimmed: true with its number (-1 when empty), false when
 * the plain parser must read it. */
static inline bool pm_cell_households(const char *s, size_t n, int64_t *out)
{
    if (n > 9)
        return false;
    int64_t v = n ? 0 : -1;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned char)s[i] - '0';
        if (d > 9)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

/* managed, trimmed: 1 or 0, or PM_CELL_SLOW. */
static inline int pm_cell_managed(const char *s, size_t n)
{
    if (n == 0)
        return 1;
    if (n == 1 && (s[0] == '0' || s[0] == '1'))
        return s[0] - '0';
    return PM_CELL_SLOW;
}

/* Whether a compound_id, trimmed, is one pm_check_compound_id() takes. */
static inline bool pm_cell_id(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

#endif
