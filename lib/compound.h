/* The observations of one compound, shared by the sheet reader (which fills
 * one in place per row) and the assessment (which reads it). */
#ifndef PM_COMPOUND_H
#define PM_COMPOUND_H

#include "internal.h"

/* An item that does not apply. No observation can take this value. */
#define PM_NA INT64_MIN

enum { PM_FIELD_COUNT = 6 };

/* The step of a plain decimal on a sheet (at most 6 decimals): 0.000001,
 * in units of 1/PMINDEX_VALUE_SCALE. */
enum { PM_VALUE_STEP = 100 };

struct pmindex_compound {
    const pmindex_model *model;
    int64_t *values; /* one per item, PM_NA when not applicable */
    uint8_t *vetoes; /* one per veto, 0 or 1 */
    int32_t managed;
    int64_t households; /* -1 when not given */
    int64_t line;
    const char *field[PM_FIELD_COUNT]; /* NUL-terminated, never NULL */
    char *own[PM_FIELD_COUNT];         /* storage for fields set through the API */
    size_t own_cap[PM_FIELD_COUNT];
    /* The details of the last failed call, made on the first failure: most
     * compounds never fail one, and a district or a merge holds a million
     * of them, which 1 KB each would make 1 GB. */
    struct pmindex_error *error;
    bool error_nomem; /* the last call failed and its record could not be made */
};

/* Cell parsers: each returns PMINDEX_OK (or 1/0 for items, see below) or a
 * negative code with e's message and value set; the caller adds the place.
 * Cells are trimmed by the callers. */

/* 1 with *out set, 0 for not applicable, or an error. */
int pm_parse_item(const pmindex_model *m, int32_t item, const char *s, size_t len, int64_t *out,
                  struct pmindex_error *e);
/* Checks an observation given as a number, as a sheet's would be. */
int pm_check_item_value(const pmindex_model *m, int32_t item, int64_t v, struct pmindex_error *e);
int pm_parse_veto(const pmindex_model *m, int32_t veto, const char *s, size_t len, uint8_t *out,
                  struct pmindex_error *e);
int pm_parse_managed(const char *s, size_t len, int32_t *out, struct pmindex_error *e);
int pm_parse_households(const char *s, size_t len, int64_t *out, struct pmindex_error *e);
int pm_check_compound_id(const char *s, size_t len, struct pmindex_error *e);
int pm_check_period(const char *s, size_t len, struct pmindex_error *e);
int pm_check_text(const char *s, size_t len, struct pmindex_error *e);

/* The column a name means when it differs from a column of sheets of the
 * model (compound_id, ..., an item or veto id) only in ASCII letter case,
 * else NULL: for "unknown column (did you mean ...?)". */
const char *pm_column_hint(const pmindex_model *m, const char *name, size_t len);


/* Resets the observations and fields without touching the owned storage. */
void pm_compound_reset(struct pmindex_compound *c);

/* The observations of a compound (every item's value or not applicable,
 * the vetoes, the households) packed for storage (observations.c). */
size_t pm_obs_max(const pmindex_model *m); /* bytes pm_obs_encode() may write */
size_t pm_obs_encode(const pmindex_compound *c, uint8_t *buf);
/* Unpacks into c's values, vetoes and households, every value checked as a
 * sheet's; PMINDEX_E_STORE (c in part changed) for bytes that are not
 * observations of c's model. */
int pm_obs_decode(pmindex_compound *c, const uint8_t *buf, size_t len, struct pmindex_error *e);

#endif
