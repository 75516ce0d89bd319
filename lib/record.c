/* The record writer: CSV lines, CSV headers and JSON Lines objects from one
 * description of an object's fields (see record.h). */
#include <assert.h>
#include <string.h>

#include "decimal.h"
#include "model.h"
#include "record.h"

const char *const pm_card_keys[3] = {"none", "red", "black"};

const char *pm_rec_tier_key(const pmindex_model *m, int32_t tier)
{
    assert(tier == PMINDEX_TIER_FALLBACK || (tier >= 0 && tier < m->ntiers));
    return tier == PMINDEX_TIER_FALLBACK ? "fallback" : m->tiers[tier].key;
}

int64_t pm_rec_no_header(char *buf, size_t cap)
{
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    return pm_out_finish(&o);
}

void pm_rec_begin(struct pm_rec *r, struct pm_out *o, int32_t format, bool header)
{
    assert(pm_rec_format_ok(format));
    assert(!header || format == PMINDEX_FORMAT_CSV);
    memset(r, 0, sizeof *r);
    r->o = o;
    r->format = format;
    r->header = header;
    r->first[0] = true;
    if (format == PMINDEX_FORMAT_JSONL)
        pm_out_char(o, '{');
}

void pm_rec_end(struct pm_rec *r)
{
    assert(r->depth == 0 && !r->list);
    pm_out_str(r->o, pm_rec_json(r) ? "}\n" : "\n");
}

bool pm_rec_field(struct pm_rec *r, const char *name)
{
    assert(!r->list);
    bool first = r->first[r->depth];
    r->first[r->depth] = false;
    if (!pm_rec_json(r)) {
        assert(r->depth == 0); /* CSV has no nesting */
        if (!first)
            pm_out_char(r->o, ',');
        if (r->header) {
            pm_out_csv_field(r->o, name);
            return false;
        }
        return true;
    }
    if (!first)
        pm_out_char(r->o, ',');
    if (!r->array[r->depth]) {
        pm_out_json_string(r->o, name);
        pm_out_char(r->o, ':');
    }
    return true;
}

void pm_rec_text(struct pm_rec *r, const char *s)
{
    if (pm_rec_json(r))
        pm_out_json_string(r->o, s);
    else
        pm_out_csv_field(r->o, s);
}

void pm_rec_null(struct pm_rec *r)
{
    if (pm_rec_json(r))
        pm_out_str(r->o, "null");
}

void pm_rec_centi(struct pm_rec *r, bool has, int64_t v)
{
    if (has)
        pm_out_centi(r->o, v);
    else
        pm_rec_null(r);
}

void pm_rec_int(struct pm_rec *r, bool has, int64_t v)
{
    if (has)
        pm_out_int(r->o, v);
    else
        pm_rec_null(r);
}

void pm_rec_decimal(struct pm_rec *r, bool has, int64_t units)
{
    if (!has) {
        pm_rec_null(r);
        return;
    }
    char text[PM_DECIMAL_TEXT];
    pm_out_bytes(r->o, text, pm_decimal_text(units, text));
}

void pm_rec_bool(struct pm_rec *r, bool v)
{
    if (pm_rec_json(r))
        pm_out_str(r->o, v ? "true" : "false");
    else
        pm_out_char(r->o, v ? '1' : '0');
}

bool pm_rec_needs_quotes(const char *s)
{
    return s[strcspn(s, ",\"\r\n")] != '\0';
}

void pm_rec_list_begin(struct pm_rec *r, bool csv_quoted)
{
    assert(!r->list);
    r->list = true;
    r->list_first = true;
    r->list_quoted = csv_quoted;
    if (pm_rec_json(r))
        pm_out_char(r->o, '[');
    else if (csv_quoted)
        pm_out_char(r->o, '"');
}

void pm_rec_list_text(struct pm_rec *r, const char *s)
{
    assert(r->list);
    if (!r->list_first)
        pm_out_char(r->o, pm_rec_json(r) ? ',' : ';');
    r->list_first = false;
    if (pm_rec_json(r)) {
        pm_out_json_string(r->o, s);
        return;
    }
    /* Inside the one quoted cell only quotes need doubling; an unquoted
     * cell must not need quotes (the caller said so). */
    assert(r->list_quoted || !pm_rec_needs_quotes(s));
    if (!r->list_quoted) {
        pm_out_str(r->o, s);
        return;
    }
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        pm_out_bytes(r->o, s, (size_t)(q - s) + 1);
        pm_out_char(r->o, '"');
    }
    pm_out_str(r->o, s);
}

void pm_rec_list_end(struct pm_rec *r)
{
    assert(r->list);
    r->list = false;
    if (pm_rec_json(r))
        pm_out_char(r->o, ']');
    else if (r->list_quoted)
        pm_out_char(r->o, '"');
}

static void open_level(struct pm_rec *r, char c, bool array)
{
    assert(pm_rec_json(r) && r->depth + 1 < PM_REC_MAX_DEPTH);
    pm_out_char(r->o, c);
    r->depth++;
    r->first[r->depth] = true;
    r->array[r->depth] = array;
}

static void close_level(struct pm_rec *r, char c)
{
    assert(pm_rec_json(r) && r->depth > 0);
    r->depth--;
    pm_out_char(r->o, c);
}

void pm_rec_object_begin(struct pm_rec *r)
{
    open_level(r, '{', false);
}

void pm_rec_object_end(struct pm_rec *r)
{
    assert(!r->array[r->depth]);
    close_level(r, '}');
}

void pm_rec_array_begin(struct pm_rec *r)
{
    open_level(r, '[', true);
}

void pm_rec_array_end(struct pm_rec *r)
{
    assert(r->array[r->depth]);
    close_level(r, ']');
}

int64_t pm_rec_write(pm_rec_fields_fn *fields, const void *obj, int32_t format, char *buf,
                     size_t cap)
{
    if (!obj && format == PMINDEX_FORMAT_JSONL)
        return pm_rec_no_header(buf, cap);
    struct pm_out o;
    struct pm_rec r;
    pm_out_init(&o, buf, cap);
    pm_rec_begin(&r, &o, format, obj == NULL);
    fields(&r, obj);
    pm_rec_end(&r);
    return pm_out_finish(&o);
}
