/* pmindex-report: a district's period as one self-contained HTML page.
 * The period is read from score sheets (from_sheets.c) or from a ledger
 * (from_ledger.c) into a struct period; both assess each compound and add
 * it to a pmindex_district (assessed.c), which ranks and summarises them.
 * page.c writes the page from the struct period alone, whatever its
 * source. */
#ifndef PMINDEX_REPORT_REPORT_H
#define PMINDEX_REPORT_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include <pmindex/pmindex.h>

#include "../common/cli.h"
#include "../common/options.h"
#include "html.h"

enum {
    /* Rows of a long list shown by default (--limit): a district of
     * 100,000 compounds still makes a page of a few MB; the rest is
     * counted and the page says where to find it. */
    REPORT_DEFAULT_LIMIT = 1000,
    /* Line charts of the index, at most, whatever --limit says. */
    REPORT_MAX_CHARTS = 100,
    /* Periods a line chart goes back. */
    REPORT_HISTORY_PERIODS = 8,
    /* Histogram bins: 20 of 5 points. */
    REPORT_BINS = 20,
};

/* One compound of the period. */
struct compound {
    const char *id, *name, *street, *station, *company;
    int64_t households; /* -1 when not given */
    int64_t index;      /* centipoints; -1 when none */
    int32_t tier;       /* 0 best, or PMINDEX_TIER_FALLBACK */
    int32_t card;       /* PMINDEX_CARD_* (from a ledger: with the ladder's history) */
    bool red_withheld;  /* from a ledger: red by its assessment, none under a sanction in force */
    int32_t managed;    /* 1 or 0; -1 when unknown (a fallback row stored by 1.1) */
    const char *reasons; /* the rules that fired, in words, for red and black cards; "" else */
    /* From a ledger: the ladder step of the period (-1 when not known). */
    int32_t level_before, level, measure;
    /* From a ledger: the row's revision (1 as applied; 0 from sheets) and,
     * when a review revised it, that review (period->reviews[review]; -1). */
    int32_t revision, review;
};

/* A review (复核) that revised rows of the period: its audit log entry. */
struct review {
    int64_t entry;
    const char *at, *actor, *reason; /* at: UTC, "2026-12-02T15:36:04Z" */
    char period[16];                 /* the period reviewed (a review of an earlier
                                        period revises the later rows whose ladder moved) */
};

/* A street, police station or property company. */
struct group {
    const char *name;
    int64_t compounds, households;
    int64_t tiers[PMINDEX_MAX_TIERS + 1]; /* [ntiers]: fallback */
    int64_t red, black;
    bool has_mean;
    int64_t mean, weighted, min, max; /* centipoints */
    int32_t rank;  /* 1 best; 0 without a mean */
    int32_t lists; /* PMINDEX_LIST_* (companies) */
};

/* The figures at a glance. */
struct glance {
    int64_t compounds, households; /* households: -1 when unknown */
    int64_t tiers[PMINDEX_MAX_TIERS + 1];
    int64_t red, black, fallback, unmanaged;
    bool has_mean;
    int64_t mean, median;
    /* A ledger's period with rows stored by pmindex 1.1: no observations,
     * so no district: the rows' verdicts only, without households, means
     * or the groups compared. */
    bool points_only;
};

/* What the page says of one compound in detail (section 6 and notices),
 * filled by the period's source just before it is written. */
struct detail {
    int32_t compound; /* its number in the period */
    bool from_ledger; /* the level and measure are the ledger's, with history */
    bool observed;    /* the observations are known (not a row stored by 1.1) */
    /* Per indicator: points p_k (of W_k), and the share e_k/a_k when known. */
    bool *ind_has;
    int64_t *ind_points, *ind_share; /* share: -1 when unknown */
    /* Per item: points and points lost; the observation in words ("" when
     * not known: a row stored by 1.1 kept points, not observations). */
    bool *item_has;
    int64_t *item_points, *item_lost;
    char (*item_obs)[96];
    int32_t *losses; /* items that lost points, largest loss first */
    int32_t nlosses;
    /* The rules that fired: key, words, and the sentence when known. */
    int32_t nreasons, max_reasons;
    char (*reason_key)[64];
    char (*reason_words)[256];
    char (*reason_text)[1024];
    /* Confirmed vetoes (model indices). */
    int32_t *vetoes;
    int32_t nvetoes;
    int32_t level, measure; /* ladder level and measure (-1 for none) */
};

struct period;
/* Fills a detail of compound n; returns 0, or -1 after saying why on stderr. */
typedef int detail_fn(struct period *p, int32_t n, struct detail *d);
/* A compound's index over the periods up to this one, oldest first:
 * returns how many periods (at most max), or -1 on an error. */
typedef int history_fn(struct period *p, int32_t n, int32_t *periods, int64_t *indices,
                       int max);

struct period {
    const pmindex_model *model;
    const char *program;
    int32_t lang;
    char name[64];     /* the period, such as "2018H2"; "" when the sheets give none */
    const char *source; /* the sheets or the ledger, for the page's colophon */
    bool from_ledger;
    int32_t ncompounds;
    struct compound *c;  /* by number */
    int32_t *order;      /* listing order: by tier, index (highest first), id; fallback last */
    int32_t ranked;      /* compounds with a tier: order[0 .. ranked-1] */
    int32_t ngroups[4];  /* by PMINDEX_SCOPE_STREET.. COMPANY */
    struct group *groups[4];
    struct glance now;
    bool has_previous;
    char previous_name[64];
    struct glance previous;
    /* From a ledger: the reviews that revised rows of the period. */
    struct review *reviews;
    int32_t nreviews;
    /* Compounds shown in detail: --compound IDs, then with --notices every
     * black-card compound (numbers). */
    int32_t *details, ndetails, nnotices; /* details[ndetails - nnotices ..] are notices */
    detail_fn *detail;
    history_fn *history;
    void *source_data;
    void (*source_free)(struct period *p);
};

struct report_options {
    struct cli_common cli; /* --model, --lang, --encoding, --missing-na, -o */
    const char *db, *period;
    const char **compounds; /* --compound IDs */
    int ncompounds;
    bool notices;
    int64_t limit; /* rows of a long list; 0: all */
    char **sheets;
    int nsheets;
};

/* Reading a period: 0, or an exit code after every error was reported. */
int period_from_sheets(struct period *p, const struct report_options *o,
                       struct cli_errors *errors);
int period_from_ledger(struct period *p, const struct report_options *o, pmindex_model **model_out,
                       struct cli_errors *errors);
void period_free(struct period *p);

/* A period's compounds assessed into a pmindex_district (assessed.c),
 * the one way a period's ranks and statistics are made. Errors are
 * reported (errors->count) and give NULL or -1. */
struct assessed;
struct assessed *assessed_new(const pmindex_model *m, const struct report_options *o,
                              struct cli_errors *errors);
void assessed_free(struct assessed *s);
/* Assesses a compound and adds it; keeps a copy for its detail when the
 * page shows it (period_wanted()). The compound may be reused at once. */
int assessed_add(struct assessed *s, const pmindex_compound *c);
/* The assessment of the compound added last. */
const pmindex_assessment *assessed_last(const struct assessed *s);
/* Computes the district and fills the period: its compounds (numbered as
 * added), listing order, groups and glance. */
int assessed_fill(struct assessed *s, struct period *p);
/* The detail of kept compound n, as one assessment gives it (the ladder
 * from no history: a ledger sets its own level and measure after). */
int assessed_detail(struct assessed *s, const struct period *p, int32_t n, struct detail *d);

/* Shared by the two sources: the counts of the glance from the compounds
 * (tiers, cards, fallback, unmanaged; the rest is left as it is). */
void period_count(const struct period *p, struct glance *g);
/* Shows each compound k with cards[k] instead of its own card, in the
 * glance's and its groups' counts too. Returns 0, or -1 out of memory. */
int period_set_cards(struct period *p, const int32_t *cards);
/* The listing order of a period without a district (points only), as
 * pmindex_district lists: 0, or -1 out of memory. */
int period_sort(struct period *p);
/* Each compound's reasons in words from their keys (';'-separated). */
char *reasons_words(const pmindex_model *m, const char *keys, int32_t lang);
/* Reasons in words, joined with the language's separator as they come. */
struct words {
    char *text;
    size_t len, cap;
    int32_t lang;
};
/* Starts an empty text; false when out of memory. */
bool words_init(struct words *w, int32_t lang);
/* Appends one reason's words; false when out of memory (w->text stays). */
bool words_append(struct words *w, const char *words);
/* Whether a compound is shown in detail: named by --compound, or a
 * black card with --notices. */
bool period_wanted(const struct report_options *o, const char *id, int32_t card);
/* Marks the compounds of --compound and --notices; an unknown id is an
 * error (reported). Returns 0 or -1. */
int period_select(struct period *p, const struct report_options *o, struct cli_errors *errors);

/* The detail object, sized for the model. */
struct detail *detail_new(const pmindex_model *m);
void detail_free(struct detail *d);

/* Writing the page: 0, or -1 when a detail could not be made. */
int page_write(struct html *h, struct period *p, const struct report_options *o);

/* One compound in detail (section 6), or its rectification notice. */
void detail_write(struct html *h, const struct period *p, const struct detail *d, bool notice);

/* Charts (charts.c). */
void chart_histogram(struct html *h, const struct period *p);
void chart_indicators(struct html *h, const struct period *p, const struct detail *d);
void chart_history(struct html *h, const struct period *p, const struct compound *c,
                   const int32_t *periods, const int64_t *indices, int n);

/* A review that revised a row, in words: "log entry 5, 2026-…, by X, review
 * of 2019H2: reason". */
void review_words(struct html *h, const struct period *p, int32_t review);

/* The words of a card and of a tier in the page's language. */
const char *card_words(const struct html *h, int32_t card);
const char *tier_words(const struct html *h, const pmindex_model *m, int32_t tier);

#endif
