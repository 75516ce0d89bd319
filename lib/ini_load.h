/* Loading models from INI files, inside the library: what the scanner
 * (ini_scan.c, stage 1) records for the loader (ini_load.c, stages 2 and
 * 3). See ini_load.c for the stages. */
#ifndef PM_INI_LOAD_H
#define PM_INI_LOAD_H

#include "ini.h"

/* ---- the schema --------------------------------------------------------- */

enum pm_ini_kind_id {
    K_MODEL,
    K_INDICATOR,
    K_ITEM,
    K_VETO,
    K_TIER,
    K_RULES,
    K_CARDS,
    K_COMPANIES,
    K_LADDER,
    K_LEVEL,
    K_COUNT
};

/* The keys of each kind, as indexes of its table of keys (ini_scan.c). */
enum { MODEL_FORMAT, MODEL_NAME_ZH, MODEL_NAME_EN, MODEL_NKEYS };
enum { IND_NAME_ZH, IND_NAME_EN, IND_POINTS, IND_NKEYS };
/* Items: the fixed keys, then level<j>, level<j>_zh, level<j>_en. */
enum {
    I_INDICATOR,
    I_NAME_ZH,
    I_NAME_EN,
    I_TYPE,
    I_MAX,
    I_PENALTY,
    I_ZERO,
    I_FULL,
    I_TOLERANCE,
    I_BASIS_ZH,
    I_BASIS_EN,
    ITEM_FIXED
};
enum { ITEM_LEVEL0 = ITEM_FIXED, ITEM_NKEYS = ITEM_FIXED + 3 * PMINDEX_MAX_LEVELS };
enum {
    VETO_DESCRIPTION_ZH,
    VETO_DESCRIPTION_EN,
    VETO_ITEM,
    VETO_LEGAL,
    VETO_BASIS_ZH,
    VETO_BASIS_EN,
    VETO_NKEYS
};
enum { TIER_LABEL_ZH, TIER_LABEL_EN, TIER_THRESHOLD, TIER_NKEYS };
enum { RULES_DOWNGRADE_SHARE, RULES_COVERAGE_FLOOR, RULES_NKEYS };
enum { CARDS_BLACK_TIER, CARDS_BLACK_ON_VETO, CARDS_BLACK_SHARE, CARDS_RED_TIER, CARDS_NKEYS };
enum {
    COMPANIES_HONOUR_MIN,
    COMPANIES_HONOUR_NO_BLACK,
    COMPANIES_WATCH_BELOW,
    COMPANIES_WATCH_ON_BLACK,
    COMPANIES_NKEYS
};
enum {
    LADDER_PERIODS,
    LADDER_MAX_LEVEL,
    LADDER_CLEAN_PERIODS,
    LADDER_LEGAL_LEVEL,
    LADDER_RECTIFICATION_DAYS,
    LADDER_NKEYS
};
enum {
    LEVEL_MEASURE,
    LEVEL_LABEL_ZH,
    LEVEL_LABEL_EN,
    LEVEL_INSPECTION_ZH,
    LEVEL_INSPECTION_EN,
    LEVEL_NKEYS
};

struct pm_ini_key_def {
    const char *name;
    bool optional; /* a section of the kind may leave it out */
};

struct pm_ini_kind {
    int32_t element; /* enum pmindex_element: the section's name */
    bool has_id;
    const struct pm_ini_key_def *keys; /* by index, ending with a NULL name */
    const char *every; /* for "missing key: every item needs max" */
    const char *noun;  /* for "unknown key; an item takes ..." */
    int32_t limit;     /* most sections of the kind */
};
extern const struct pm_ini_kind pm_ini_kinds[K_COUNT];

/* The name of a kind's sections: "item" in [item C4]. */
static inline const char *pm_ini_kind_name(int kind)
{
    return pm_element_name(pm_ini_kinds[kind].element);
}

/* The name of key index of a kind ("zero", "level2_en"). */
void pm_ini_key_name(int kind, int index, char *buf, size_t cap);

static inline bool pm_ini_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline bool pm_ini_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* ---- what the scanner records ------------------------------------------- */

struct pm_ini_key {
    int32_t index; /* in the kind's key list */
    int64_t line;
    const char *text; /* the value as we read it: into the file's bytes */
    size_t len;
    const char *value; /* the value as iniparser read it (NUL-terminated) */
};

struct pm_ini_section {
    int32_t kind;
    int64_t line;
    char id[PMINDEX_MAX_ID_LENGTH + 1];     /* as written */
    char label[PMINDEX_MAX_ID_LENGTH + 16]; /* "item C4", for errors */
    const char *inner;                      /* between the brackets, trimmed: iniparser's name */
    size_t inner_len;
    uint64_t seen; /* bits of the keys given (items: the fixed ones) */
    bool damaged;  /* a line in it had an error: its missing keys are not reported */
    int32_t first_key, nkeys;
};

enum { MAX_ERRORS = PM_MAX_KEPT_ERRORS };

struct pm_ini {
    const char *name; /* of the file, for errors */
    const char *data; /* the bytes after any byte-order mark */
    size_t len;
    struct pm_ini_section *sections;
    int32_t nsections;
    size_t cap_sections;
    struct pm_ini_key *keys;
    int32_t nkeys;
    size_t cap_keys;
    int32_t count[K_COUNT];
    int32_t current; /* section the keys go to; -1 before any, -2 a bad one */
    struct pmindex_error *errors;
    int32_t nerrors;
    size_t cap_errors;
    int64_t total_errors;
    bool nomem;
    uint32_t flags;
};

/* Records an error (at most MAX_ERRORS are kept; all are counted).
 * Returns it, or NULL when it is not kept. */
struct pmindex_error *pm_ini_error(struct pm_ini *L, int code, int64_t line, const char *section,
                                   const char *field, const char *value, size_t vlen,
                                   const char *fmt, ...) PM_PRINTF(8, 9);
/* An error in a section: named by its label, with its kind and id as the
 * error's element. */
void pm_ini_section_error(struct pm_ini *L, int code, int64_t line, const struct pm_ini_section *s,
                          const char *field, const char *value, size_t vlen, const char *fmt,
                          ...) PM_PRINTF(8, 9);
/* An error about a key's value. */
void pm_ini_key_error(struct pm_ini *L, int code, const struct pm_ini_section *s,
                      const struct pm_ini_key *k, const char *fmt, ...) PM_PRINTF(5, 6);
/* Too many errors, or out of memory: stop. */
bool pm_ini_stopped(const struct pm_ini *L);

/* Stage 1: scans L->data, recording sections, keys and errors. */
void pm_ini_scan(struct pm_ini *L);
/* Sections of a kind whose ids are equal, or equal but for case. */
void pm_ini_find_duplicates(struct pm_ini *L);

#endif
