/* The in-memory model: what pmindex_model holds. Built only by the builder
 * (builder.c), read by everything else. */
#ifndef PM_MODEL_H
#define PM_MODEL_H

#include "internal.h"
#include "names.h"

struct pm_fraction {
    int64_t num, den;
};

struct pm_level {
    int64_t value;
    char *label[2];
    size_t label_len[2]; /* set when the model is built */
};

struct pm_indicator {
    char *id;
    char *name[2];
    int64_t points;
};

struct pm_item {
    char *id;
    char *name[2];
    char *indicator_id; /* as given; resolved into indicator when built */
    int32_t indicator;
    int32_t type;
    int64_t max;
    int64_t penalty;    /* deduct */
    int64_t zero, full; /* rate */
    bool has_penalty, has_goalposts;
    int64_t tolerance;  /* rate: one step of the observation (has_tolerance, else derived) */
    bool has_tolerance;
    int32_t nlevels; /* graded; 0 in the builder means "the default levels" */
    struct pm_level *levels;
    char *basis[2]; /* the law or regulation behind the item; NULL for none */
};

struct pm_veto {
    char *id;
    char *description[2];
    char *item_id; /* NULL for none */
    int32_t item;  /* -1 for none */
    int32_t legal;
    char *basis[2]; /* the law or regulation behind the veto; NULL for none */
};

struct pm_tier {
    char *key;
    char *label[2];
    int64_t threshold;
};

struct pm_black_share {
    char *indicator_id;
    int32_t indicator;
    struct pm_fraction share;
};

struct pm_ladder_level {
    char *key;
    char *label[2];
    char *inspection[2];
};

struct pmindex_model {
    char *name[2];
    int32_t nindicators, nitems, nvetoes, ntiers, nblack_shares;
    struct pm_indicator *indicators;
    struct pm_item *items;
    struct pm_veto *vetoes;
    struct pm_tier *tiers;
    struct pm_black_share *black_shares;
    struct pm_fraction downgrade, coverage_floor;
    char *black_tier_key, *red_tier_key; /* as given; resolved below */
    bool black_tier_default, red_tier_default;
    int32_t black_tier, red_tier; /* -1 for none */
    int32_t black_on_veto;
    int32_t max_level, clean_periods, legal_level, period_kind;
    int32_t rectification_days; /* the black card's deadline */
    int64_t honour_min, watch_below; /* company lists, centipoints */
    int32_t honour_no_black, watch_on_black;
    struct pm_ladder_level levels[PMINDEX_MAX_LADDER_LEVEL + 1];
    /* Derived when built. */
    int64_t total_points;
    struct pm_names columns; /* sheet column name -> PM_COL_* code */
};

/* Codes of sheet columns in model->columns: kind in the high byte. */
enum {
    PM_COL_META = 1 << 24,
    PM_COL_ITEM = 2 << 24,
    PM_COL_VETO = 3 << 24,
    PM_COL_KIND_MASK = 0x7F << 24,
    PM_COL_INDEX_MASK = (1 << 24) - 1
};

/* Descriptive sheet columns, in the order of enum pmindex_field, then these. */
enum { PM_META_HOUSEHOLDS = 6, PM_META_MANAGED = 7, PM_META_COUNT = 8 };
extern const char *const pm_meta_columns[PM_META_COUNT];

/* One step of a rate item when the model gives no tolerance: 1% of the span
 * between its goalposts, rounded half away from zero, at least one unit. */
enum { PM_TOLERANCE_SPAN_DIVISOR = 100 };
int64_t pm_item_default_tolerance(const struct pm_item *it);
/* The item's tolerance: the model's, or the default. */
int64_t pm_item_tolerance(const struct pm_item *it);

/* Frees everything a model (or a builder's model under construction) owns. */
void pm_model_release(struct pmindex_model *m);

/* Whether model a scores every compound as model b does: the same but for
 * texts that decide no verdict (pmindex_model_diff_decides()). *same
 * receives the answer; returns PMINDEX_OK, or the error of comparing them
 * (e says why). model_diff.c. */
int pm_model_scores_as(const pmindex_model *a, const pmindex_model *b, bool *same,
                       struct pmindex_error *e);

/* Label in a language, falling back to Chinese for an unknown language. */
static inline const char *pm_text(char *const text[2], int32_t lang)
{
    const char *s = text[lang == PMINDEX_LANG_EN ? 1 : 0];
    return s ? s : "";
}

#endif
