/* One way to write records. Every object of the library (an assessment, a
 * district's compound or group, a ledger row...) describes its fields once,
 * in order, through these functions; the writer turns the description into
 * a CSV line, the CSV header line, or a JSON Lines object. Quoting,
 * escaping, empty cells and nulls, lists and nested objects are decided
 * here and nowhere else.
 *
 * A description is a run of fields. Each field starts with
 * pm_rec_field(r, name), which writes the separator (and in JSON the key)
 * and returns true when the caller must now write the value, or writes the
 * name as a header cell and returns false when the writer makes the CSV
 * header. The value is one of pm_rec_text(), pm_rec_centi(), ...:
 *
 *     if (pm_rec_field(r, "index"))
 *         pm_rec_centi(r, a->has_index, a->index);
 *
 * so that a header needs no object to read values from. Lists (one CSV cell
 * of items separated by ';', a JSON array) and nested objects and arrays
 * (JSON only: test pm_rec_json() first) follow the same pattern. */
#ifndef PM_RECORD_H
#define PM_RECORD_H

#include "compound.h"

/* Nesting of JSON objects and arrays within a record. */
enum { PM_REC_MAX_DEPTH = 8 };

struct pm_rec {
    struct pm_out *o;
    int32_t format;  /* PMINDEX_FORMAT_CSV or PMINDEX_FORMAT_JSONL */
    bool header;     /* CSV only: write the names of the fields */
    int32_t depth;   /* 0: the record itself */
    bool first[PM_REC_MAX_DEPTH]; /* nothing written yet at this depth */
    bool array[PM_REC_MAX_DEPTH]; /* the level is a JSON array (no keys) */
    /* A list being written as one CSV cell. */
    bool list, list_quoted, list_first;
};

/* Whether format is one the record functions take. */
static inline bool pm_rec_format_ok(int32_t format)
{
    return format == PMINDEX_FORMAT_CSV || format == PMINDEX_FORMAT_JSONL;
}

/* The header line of JSON Lines, which has none: writes "" into (buf,
 * cap) and returns 0. */
int64_t pm_rec_no_header(char *buf, size_t cap);

/* Starts a record (or, with header, the CSV header line) into o. */
void pm_rec_begin(struct pm_rec *r, struct pm_out *o, int32_t format, bool header);
/* Ends the line: "}\n" in JSON, "\n" in CSV. */
void pm_rec_end(struct pm_rec *r);

static inline bool pm_rec_json(const struct pm_rec *r)
{
    return r->format == PMINDEX_FORMAT_JSONL;
}

/* Starts a field: true when its value is to be written now. Inside a JSON
 * array the name is ignored (pass NULL). */
bool pm_rec_field(struct pm_rec *r, const char *name);

/* Values. */
void pm_rec_text(struct pm_rec *r, const char *s);          /* CSV quoted as needed */
void pm_rec_centi(struct pm_rec *r, bool has, int64_t v);   /* 2 decimals; empty or null */
void pm_rec_int(struct pm_rec *r, bool has, int64_t v);     /* empty or null without */
void pm_rec_decimal(struct pm_rec *r, bool has, int64_t units); /* exact, shortest */
void pm_rec_bool(struct pm_rec *r, bool v);                 /* true/false; CSV 1/0 */
void pm_rec_null(struct pm_rec *r);                         /* empty cell or null */

/* A list of texts: one CSV cell with the items separated by ';' (quoted
 * when any item holds a comma, quote or line end: the caller says so with
 * csv_quoted, see pm_rec_needs_quotes()), or a JSON array of strings. */
void pm_rec_list_begin(struct pm_rec *r, bool csv_quoted);
void pm_rec_list_text(struct pm_rec *r, const char *s);
void pm_rec_list_end(struct pm_rec *r);
/* Whether s would need quotes in a CSV cell. */
bool pm_rec_needs_quotes(const char *s);

/* JSON only: a nested object or array as the value of a field (or as an
 * element of an array: pm_rec_field(r, NULL) first). */
void pm_rec_object_begin(struct pm_rec *r);
void pm_rec_object_end(struct pm_rec *r);
void pm_rec_array_begin(struct pm_rec *r);
void pm_rec_array_end(struct pm_rec *r);

/* Writes the record that fields() describes of obj into (buf, cap), and
 * returns its length: with obj NULL, the CSV header (JSON Lines has none:
 * see pm_rec_no_header()). */
typedef void pm_rec_fields_fn(struct pm_rec *r, const void *obj);
int64_t pm_rec_write(pm_rec_fields_fn *fields, const void *obj, int32_t format, char *buf,
                     size_t cap);

/* The part of a record that an assessment and a district's compound share:
 * the compound's descriptive fields and its verdict (results.c). */
struct pm_reason;
struct pm_verdict {
    const pmindex_model *model;
    const char *field[PM_FIELD_COUNT]; /* by enum pmindex_field; period NULL when not kept */
    int64_t households;     /* -1 when not given */
    bool managed, has_index;
    int64_t index, coverage;
    int32_t tier, card;
    /* Indicator points: an assessment's (points valid where applicable is
     * not 0), or a district's (-1 for none). */
    const int64_t *points, *earned, *applicable;
    const int16_t *points16; /* a district's: hundredths, -1 for none */
    const struct pm_reason *reasons;
    int32_t nreasons;
};

/* How the verdict is written. */
enum pm_verdict_style {
    PM_VERDICT_1_0_CSV = 1 << 0,     /* pmindex_csv_record(): no name, street, station, company */
    PM_VERDICT_INDICATOR_SHARES = 1 << 1 /* JSON: indicators as objects with earned, applicable
                                            and share (an assessment's), else {id: points} */
};

/* Writes the fields compound_id .. reasons of a verdict (CSV), or
 * compound_id .. reasons with households, managed and (when kept) the
 * period (JSON). In header mode, v needs only its model. */
void pm_rec_verdict(struct pm_rec *r, const struct pm_verdict *v, uint32_t style);

/* The stable keys of tiers and cards in records. */
const char *pm_rec_tier_key(const pmindex_model *m, int32_t tier);
extern const char *const pm_card_keys[3];

#endif
