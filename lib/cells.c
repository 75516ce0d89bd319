/* Reading one cell of a score sheet: the single place where text becomes an
 * observation, used by the sheet reader and by pmindex_compound_set_text(). */
#include <string.h>

#include "cells.h"
#include "compound.h"
#include "decimal.h"
#include "model.h"
#include "utf8.h"

static bool ascii_case_equal_n(const char *s, size_t len, const char *lit)
{
    return pm_cell_ascii_case_equal(s, len, lit, strlen(lit));
}

static int bad(struct pmindex_error *e, int code, const char *s, size_t len, const char *fmt,
               const char *a, const char *b)
{
    pm_error_set(e, code, fmt, a, b);
    pm_error_set_value(e, s, len);
    return code;
}

/* A number cell: parses and reports "value ... is not a plain decimal number". */
static int number(const char *s, size_t len, int64_t *v, bool *pct, struct pmindex_error *e)
{
    const char *why;
    int rc = pm_decimal_scan(s, len, v, pct, &why);
    if (rc != PMINDEX_OK) {
        pm_error_set(e, rc, "%s", why);
        pm_error_set_value(e, s, len);
    }
    return rc;
}

#define PASSFAIL_USE "pass/fail item %s takes 1 or 0 (是/否, yes/no, pass/fail)"

static bool looks_numeric(const char *s, size_t len)
{
    return len > 0 && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+' || s[0] == '.');
}

/* "1, 0.5 or 0 (符合, 基本符合, 不符合)" for error messages. */
static void describe_levels(const struct pm_item *it, char *buf, size_t cap)
{
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    for (int32_t j = 0; j < it->nlevels; j++) {
        char v[40];
        pm_decimal_text(it->levels[j].value, v);
        pm_out_str(&o, j == 0 ? "" : j + 1 == it->nlevels ? " or " : ", ");
        pm_out_str(&o, v);
    }
    pm_out_str(&o, " (");
    for (int32_t j = 0; j < it->nlevels; j++) {
        pm_out_str(&o, j ? ", " : "");
        pm_out_str(&o, it->levels[j].label[0]);
    }
    pm_out_str(&o, " / ");
    for (int32_t j = 0; j < it->nlevels; j++) {
        pm_out_str(&o, j ? ", " : "");
        pm_out_str(&o, it->levels[j].label[1]);
    }
    pm_out_char(&o, ')');
    pm_out_finish(&o);
}

/* The checks of a number against its item's type, shared by the text
 * parsers and pmindex_compound_set_value(): pm_item_value_ok() (cells.h)
 * says whether, this says why not. The caller records the value. */
static int check_number(const struct pm_item *it, int64_t v, bool pct, struct pmindex_error *e)
{
    if (pm_item_value_ok(it, v, pct))
        return PMINDEX_OK;
    char levels[400];
    switch (it->type) {
    case PMINDEX_ITEM_GRADED:
        describe_levels(it, levels, sizeof levels);
        return pm_error_set(e, PMINDEX_E_RANGE, "graded item %s takes %s", it->id, levels);
    case PMINDEX_ITEM_PASSFAIL:
        return pm_error_set(e, PMINDEX_E_RANGE, PASSFAIL_USE, it->id);
    case PMINDEX_ITEM_DEDUCT:
        if (pct)
            return pm_error_set(e, PMINDEX_E_PARSE,
                                "deduct item %s counts findings: a whole number, not a percentage",
                                it->id);
        if (v < 0)
            return pm_error_set(e, PMINDEX_E_RANGE,
                                "deduct item %s counts findings: not negative", it->id);
        return pm_error_set(e, PMINDEX_E_RANGE, "deduct item %s counts findings: a whole number",
                            it->id);
    default:
        if (v < 0)
            return pm_error_set(e, PMINDEX_E_RANGE, "rate item %s cannot be negative", it->id);
        /* A share (both goalposts within [0, 1]) cannot exceed 100%. */
        return pm_error_set(e, PMINDEX_E_RANGE,
                            "rate item %s is a share between 0 and 1 (100%%): it cannot be "
                            "above 1",
                            it->id);
    }
}

void pm_cell_plan_of(const pmindex_model *m, int32_t code, struct pm_cell_plan *plan)
{
    int32_t kind = code & PM_COL_KIND_MASK, index = code & PM_COL_INDEX_MASK;
    memset(plan, 0, sizeof *plan);
    plan->index = index;
    if (kind == PM_COL_ITEM) {
        plan->kind = PM_CELL_ITEM;
        plan->item = &m->items[index];
        for (int d = 0; d < 10; d++)
            if (pm_item_value_ok(plan->item, d * PMINDEX_VALUE_SCALE, false))
                plan->digits |= (uint16_t)(1u << d);
    } else if (kind == PM_COL_VETO) {
        plan->kind = PM_CELL_VETO;
    } else {
        plan->kind = index == PMINDEX_FIELD_ID       ? PM_CELL_ID
                     : index == PMINDEX_FIELD_PERIOD ? PM_CELL_PERIOD
                     : index == PM_META_HOUSEHOLDS   ? PM_CELL_HOUSEHOLDS
                     : index == PM_META_MANAGED      ? PM_CELL_MANAGED
                                                     : PM_CELL_TEXT;
    }
}

int pm_check_item_value(const pmindex_model *m, int32_t item, int64_t v, struct pmindex_error *e)
{
    int rc = check_number(&m->items[item], v, false, e);
    if (rc != PMINDEX_OK) {
        char text[40];
        pm_error_set_value(e, text, pm_decimal_text(v, text));
    }
    return rc;
}

int pm_parse_item(const pmindex_model *m, int32_t item, const char *s, size_t len, int64_t *out,
                  struct pmindex_error *e)
{
    const struct pm_item *it = &m->items[item];
    if (len == 0 || (len == 2 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'a'))
        return 0;
    /* A single digit, the commonest cell, needs no general parsing. */
    if (len == 1 && s[0] >= '0' && s[0] <= '9') {
        int64_t v = (s[0] - '0') * PMINDEX_VALUE_SCALE;
        if (check_number(it, v, false, e) != PMINDEX_OK) {
            pm_error_set_value(e, s, len);
            return e->code;
        }
        *out = v;
        return 1;
    }
    bool labelled = it->type == PMINDEX_ITEM_GRADED || it->type == PMINDEX_ITEM_PASSFAIL;
    if (labelled && !looks_numeric(s, len)) {
        int64_t v = pm_item_label_value(it, s, len);
        if (v >= 0) {
            *out = v;
            return 1;
        }
        char levels[400];
        if (it->type == PMINDEX_ITEM_GRADED) {
            describe_levels(it, levels, sizeof levels);
            pm_error_set(e, PMINDEX_E_PARSE, "graded item %s takes %s", it->id, levels);
        } else {
            pm_error_set(e, PMINDEX_E_PARSE, PASSFAIL_USE, it->id);
        }
        pm_error_set_value(e, s, len);
        return PMINDEX_E_PARSE;
    }
    int64_t v;
    bool pct;
    int rc = number(s, len, &v, &pct, e);
    if (rc == PMINDEX_OK)
        rc = check_number(it, v, pct, e);
    if (rc != PMINDEX_OK) {
        pm_error_set_value(e, s, len);
        return rc;
    }
    *out = v;
    return 1;
}

int pm_parse_veto(const pmindex_model *m, int32_t veto, const char *s, size_t len, uint8_t *out,
                  struct pmindex_error *e)
{
    if (len == 0) {
        *out = 0;
        return PMINDEX_OK;
    }
    int64_t v;
    bool pct;
    const char *why;
    if (pm_decimal_scan(s, len, &v, &pct, &why) != PMINDEX_OK || pct ||
        (v != 0 && v != PMINDEX_VALUE_SCALE))
        return bad(e, looks_numeric(s, len) ? PMINDEX_E_RANGE : PMINDEX_E_PARSE, s, len,
                   "veto %s takes 1 (confirmed this period), 0 or an empty cell",
                   m->vetoes[veto].id, NULL);
    *out = v != 0;
    return PMINDEX_OK;
}

int pm_parse_managed(const char *s, size_t len, int32_t *out, struct pmindex_error *e)
{
    static const char *const yes[] = {"1", "是", "yes"}, *const no[] = {"0", "否", "no"};
    if (len == 0) {
        *out = 1;
        return PMINDEX_OK;
    }
    for (size_t k = 0; k < PM_ARRAY_SIZE(yes); k++) {
        if (ascii_case_equal_n(s, len, yes[k])) {
            *out = 1;
            return PMINDEX_OK;
        }
        if (ascii_case_equal_n(s, len, no[k])) {
            *out = 0;
            return PMINDEX_OK;
        }
    }
    return bad(e, PMINDEX_E_PARSE, s, len,
               "managed takes 1 (a property company manages it) or 0 (no property company)", NULL,
               NULL);
}

int pm_parse_households(const char *s, size_t len, int64_t *out, struct pmindex_error *e)
{
    if (len == 0) {
        *out = -1;
        return PMINDEX_OK;
    }
    int64_t v;
    bool pct;
    if (number(s, len, &v, &pct, e) != PMINDEX_OK)
        return e->code;
    if (pct || v < 0 || v % PMINDEX_VALUE_SCALE != 0)
        return bad(e, PMINDEX_E_RANGE, s, len, "households is a whole number of at least 0", NULL,
                   NULL);
    *out = v / PMINDEX_VALUE_SCALE;
    return PMINDEX_OK;
}

int pm_check_compound_id(const char *s, size_t len, struct pmindex_error *e)
{
    if (len == 0)
        return bad(e, PMINDEX_E_PARSE, s, len, "the compound_id is empty", NULL, NULL);
    if (len > 64)
        return bad(e, PMINDEX_E_RANGE, s, len, "a compound_id has at most 64 characters", NULL,
                   NULL);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return bad(e, PMINDEX_E_PARSE, s, len,
                       "a compound_id holds only letters, digits, '-', '_' and '.'", NULL, NULL);
    }
    return PMINDEX_OK;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int pm_check_period(const char *s, size_t len, struct pmindex_error *e)
{
    if (len == 0)
        return PMINDEX_OK;
    if (len == 6 && digits(s, 4) && ((s[4] == 'H' && s[5] >= '1' && s[5] <= '2') ||
                                     (s[4] == 'Q' && s[5] >= '1' && s[5] <= '4')))
        return PMINDEX_OK;
    if (len == 7 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2)) {
        int month = (s[5] - '0') * 10 + (s[6] - '0');
        if (month >= 1 && month <= 12)
            return PMINDEX_OK;
    }
    return bad(e, PMINDEX_E_PARSE, s, len,
               "a period is written like 2018H2 (half-year), 2018Q3 (quarter) or 2018-09 (month)",
               NULL, NULL);
}

int pm_check_text(const char *s, size_t len, struct pmindex_error *e)
{
    if (pm_text_ok(s, len))
        return PMINDEX_OK;
    if (memchr(s, '\0', len))
        return bad(e, PMINDEX_E_ENCODING, s, len, "the text holds a NUL byte", NULL, NULL);
    return bad(e, PMINDEX_E_ENCODING, s, len,
               "the text is not valid UTF-8; if the sheet was saved as GB18030/GBK, read it "
               "with --encoding gb18030",
               NULL, NULL);
}
