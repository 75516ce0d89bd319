/* Fragile cards: compounds with a red or black card whose verdict one step
 * of one item changes (pmindex_margins_fragile()), remembered by
 * compound_id so that a decision table can mark them for review before a
 * sanction or an honour is issued. Used by pmindex-rank and pmindex-ledger.
 *
 * With threads > 1 the margins are found on a thread of their own while
 * the caller goes on with the period (the margins of a period's cards took
 * about a tenth of a ledger apply on one core): fragile_note() copies the
 * compound into a block of them, and the thread takes whole blocks. The
 * set found is the same for any number of threads. */
#ifndef PMINDEX_EXAMPLES_FRAGILE_H
#define PMINDEX_EXAMPLES_FRAGILE_H

#include <stdbool.h>
#include <stddef.h>

#include <pmindex/pmindex.h>

#include "relay.h"

/* Compounds handed to the thread at a time. */
enum { FRAGILE_BLOCK = 256 };

struct fragile_block {
    pmindex_compound *compounds[FRAGILE_BLOCK]; /* made when first needed */
    int count;                                  /* set when handed over */
};

struct fragile {
    const pmindex_model *model;
    pmindex_assessment *assessment; /* the card first: no card, no margins needed */
    pmindex_margins *margins;
    char **ids;
    size_t count, cap;
    bool sorted;
    bool failed; /* out of memory: the marks are incomplete */
    /* With threads: the caller fills blocks[relay.filling], the relay's
     * thread finds their margins; only it touches ids, assessment and
     * margins meanwhile. */
    struct relay relay;
    struct fragile_block blocks[RELAY_BLOCKS];
    int filled; /* compounds in blocks[relay.filling] */
};

/* The mark a table puts after a fragile card. */
#define FRAGILE_MARK "*"

/* threads: 1 finds the margins in fragile_note(), more on a thread of their
 * own. Returns 0, or -1 when out of memory. */
int fragile_init(struct fragile *f, const pmindex_model *model, int32_t threads);
void fragile_free(struct fragile *f);

/* Notes a compound: remembered when its card is fragile. Returns 0, or -1
 * when out of memory. */
int fragile_note(struct fragile *f, const pmindex_compound *compound);

/* After the last fragile_note(), before fragile_has() and fragile_any():
 * waits for the thread. Returns 0, or -1 when out of memory. */
int fragile_finish(struct fragile *f);

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
