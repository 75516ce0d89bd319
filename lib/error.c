/* Error codes, their names and the error details every handle keeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

PMINDEX_API const char *pmindex_strerror(int code)
{
    switch (code) {
    case PMINDEX_OK: return "success";
    case PMINDEX_E_INVALID: return "invalid argument";
    case PMINDEX_E_NOMEM: return "out of memory";
    case PMINDEX_E_IO: return "input/output error";
    case PMINDEX_E_PARSE: return "value does not parse";
    case PMINDEX_E_RANGE: return "value out of range";
    case PMINDEX_E_MODEL: return "invalid model";
    case PMINDEX_E_COLUMN: return "unknown, duplicate or missing column";
    case PMINDEX_E_DUPLICATE: return "duplicate identifier";
    case PMINDEX_E_ENCODING: return "invalid text encoding";
    case PMINDEX_E_SYNTAX: return "syntax error (malformed CSV or INI)";
    case PMINDEX_E_NOT_FOUND: return "not found";
    case PMINDEX_E_STATE: return "operation not possible in this state";
    case PMINDEX_E_LIMIT: return "size limit exceeded";
    case PMINDEX_E_UNSUPPORTED: return "not supported";
    case PMINDEX_E_CONFLICT: return "conflicting values";
    case PMINDEX_E_BUSY: return "ledger busy";
    case PMINDEX_E_STORE: return "ledger store failure";
    default: return "unknown error code";
    }
}

size_t pm_strlcpy(char *dst, const char *src, size_t cap)
{
    size_t n = strlen(src);
    if (cap == 0)
        return n;
    size_t k = n < cap - 1 ? n : cap - 1;
    if (k < n)
        k = pm_utf8_cut(src, k);
    memcpy(dst, src, k);
    dst[k] = '\0';
    return n;
}

void pm_error_clear(struct pmindex_error *e)
{
    e->code = PMINDEX_OK;
    e->line = 0;
    e->column = 0;
    e->file[0] = e->section[0] = e->field[0] = e->value[0] = e->message[0] = '\0';
    e->element = PMINDEX_ELEMENT_NONE;
    e->element_id[0] = '\0';
}

int pm_error_vset(struct pmindex_error *e, int code, const char *fmt, va_list ap)
{
    char file[sizeof e->file];
    memcpy(file, e->file, sizeof file); /* the file survives: it names the input */
    pm_error_clear(e);
    memcpy(e->file, file, sizeof file);
    e->code = code;
    int n = vsnprintf(e->message, sizeof e->message, fmt, ap);
    if (n >= (int)sizeof e->message)
        e->message[pm_utf8_cut(e->message, sizeof e->message - 1)] = '\0';
    return code;
}

int pm_error_set(struct pmindex_error *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pm_error_vset(e, code, fmt, ap);
    va_end(ap);
    return code;
}

void pm_error_set_file(struct pmindex_error *e, const char *file)
{
    pm_strlcpy(e->file, file ? file : "", sizeof e->file);
}

void pm_error_set_section(struct pmindex_error *e, const char *section, const char *field)
{
    pm_strlcpy(e->section, section ? section : "", sizeof e->section);
    pm_strlcpy(e->field, field ? field : "", sizeof e->field);
}

void pm_error_set_element(struct pmindex_error *e, int32_t element, const char *id)
{
    e->element = element;
    pm_strlcpy(e->element_id, id ? id : "", sizeof e->element_id);
}

const char *pm_element_name(int32_t element)
{
    static const char *const names[] = {
        [PMINDEX_ELEMENT_NONE] = "",
        [PMINDEX_ELEMENT_MODEL] = "model",
        [PMINDEX_ELEMENT_INDICATOR] = "indicator",
        [PMINDEX_ELEMENT_ITEM] = "item",
        [PMINDEX_ELEMENT_VETO] = "veto",
        [PMINDEX_ELEMENT_TIER] = "tier",
        [PMINDEX_ELEMENT_RULES] = "rules",
        [PMINDEX_ELEMENT_CARDS] = "cards",
        [PMINDEX_ELEMENT_COMPANIES] = "companies",
        [PMINDEX_ELEMENT_LADDER] = "ladder",
        [PMINDEX_ELEMENT_LEVEL] = "level",
    };
    return element >= 0 && (size_t)element < PM_ARRAY_SIZE(names) ? names[element] : "";
}

void pm_error_set_value(struct pmindex_error *e, const char *bytes, size_t len)
{
    pm_utf8_escape(e->value, sizeof e->value, bytes, len, 80);
}

void pm_error_copy(struct pmindex_error *dst, const struct pmindex_error *src)
{
    if (dst != src)
        memcpy(dst, src, sizeof *dst);
}

PMINDEX_API int pmindex_error_new(pmindex_error **error_out)
{
    if (!error_out)
        return PMINDEX_E_INVALID;
    *error_out = malloc(sizeof **error_out);
    if (!*error_out)
        return PMINDEX_E_NOMEM;
    pm_error_clear(*error_out);
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_error_free(pmindex_error *error)
{
    free(error);
}

PMINDEX_API int pmindex_error_code(const pmindex_error *error)
{
    return error ? error->code : PMINDEX_OK;
}

PMINDEX_API const char *pmindex_error_message(const pmindex_error *error)
{
    return error ? error->message : "";
}

PMINDEX_API const char *pmindex_error_file(const pmindex_error *error)
{
    return error ? error->file : "";
}

PMINDEX_API int64_t pmindex_error_line(const pmindex_error *error)
{
    return error ? error->line : 0;
}

PMINDEX_API int32_t pmindex_error_column(const pmindex_error *error)
{
    return error ? error->column : 0;
}

PMINDEX_API const char *pmindex_error_section(const pmindex_error *error)
{
    return error ? error->section : "";
}

PMINDEX_API const char *pmindex_error_field(const pmindex_error *error)
{
    return error ? error->field : "";
}

PMINDEX_API const char *pmindex_error_value(const pmindex_error *error)
{
    return error ? error->value : "";
}

PMINDEX_API int32_t pmindex_error_element(const pmindex_error *error)
{
    return error ? error->element : PMINDEX_ELEMENT_NONE;
}

PMINDEX_API const char *pmindex_error_element_id(const pmindex_error *error)
{
    return error ? error->element_id : "";
}

PMINDEX_API int64_t pmindex_error_format(const pmindex_error *error, char *buf, size_t cap)
{
    /* file:line:column: section, field "value": message */
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    if (error) {
        size_t start = o.len;
        if (error->file[0]) {
            pm_out_str(&o, error->file);
            pm_out_char(&o, ':');
        }
        if (error->line > 0) {
            pm_out_int(&o, error->line);
            pm_out_char(&o, ':');
            if (error->column > 0) {
                pm_out_int(&o, error->column);
                pm_out_char(&o, ':');
            }
        }
        if (o.len > start)
            pm_out_char(&o, ' ');
        start = o.len;
        pm_out_str(&o, error->section);
        if (error->section[0] && error->field[0])
            pm_out_str(&o, ", ");
        pm_out_str(&o, error->field);
        if (error->value[0] || error->code == PMINDEX_E_PARSE) {
            if (o.len > start)
                pm_out_char(&o, ' ');
            pm_out_char(&o, '"');
            pm_out_str(&o, error->value);
            pm_out_char(&o, '"');
        }
        if (o.len > start)
            pm_out_str(&o, ": ");
        pm_out_str(&o, error->message);
    }
    return pm_out_finish(&o);
}
