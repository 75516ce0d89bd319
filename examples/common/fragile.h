/* Fragile cards: compounds with a red or black card whose verdict one step
 * of one item changes (pmindex_margins_fragile()), remembered by
 * compound_id so that a decision table can mark them for review before a
 * sanction or an honour is issued. Used by pmindex-rank and pmindex-ledger. */
#ifndef PMINDEX_EXAMPLES_FRAGILE_H
#define PMINDEX_EXAMPLES_FRAGILE_H

#include <stdbool.h>
#include <stddef.h>

#include <pmindex/pmindex.h>

struct fragile {
    const pmindex_model *model;
    pmindex_assessment *assessment; /* the card first: no card, no margins needed */
    pmindex_margins *margins;
    char **ids;
    size_t count, cap;
    bool sorted;
};

/* The mark a table puts after a fragile card. */
#define FRAGILE_MARK "*"

/* Returns 0, or -1 when out of memory. */
int fragile_init(struct fragile *f, const pmindex_model *model);
void fragile_free(struct fragile *f);

/* Finds the margins of a compound and remembers it when its card is
 * fragile. Returns 1 when so, 0 when not, -1 when out of memory. */
int fragile_note(struct fragile *f, const pmindex_compound *compound);

/* Whether the compound of that id was noted as fragile. */
bool fragile_has(struct fragile *f, const char *id);

/* Whether any was. */
static inline bool fragile_any(const struct fragile *f)
{
    return f->count > 0;
}

/* The line under a table that explains the mark. */
const char *fragile_legend(int32_t lang);

#endif
