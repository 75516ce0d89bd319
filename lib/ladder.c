/* The sanction ladder (spec, "Sanction ladder"): one step per period of a
 * compound, pure, with the model's parameters. The ledger stores what it
 * decides; nothing here touches storage. */
#include <assert.h>

#include "assess.h"
#include "compound.h"
#include "model.h"
#include "period.h"

PMINDEX_API int32_t pmindex_ladder_events(const pmindex_model *m, const pmindex_compound *c,
                                          const pmindex_assessment *a)
{
    if (!m || !c || !a || c->model != m || a->model != m)
        return PMINDEX_E_INVALID;
    int32_t ev = 0;
    if (a->card == PMINDEX_CARD_BLACK)
        ev |= PMINDEX_LADDER_BLACK;
    else if (a->card == PMINDEX_CARD_RED)
        ev |= PMINDEX_LADDER_RED;
    if (!c->managed)
        return ev | PMINDEX_LADDER_SKIP;
    for (int32_t v = 0; v < m->nvetoes; v++)
        if (c->vetoes[v] && m->vetoes[v].legal)
            ev |= PMINDEX_LADDER_LEGAL;
    if (a->tier == PMINDEX_TIER_FALLBACK)
        ev |= PMINDEX_LADDER_SKIP;
    return ev;
}

PMINDEX_API int pmindex_ladder_step(const pmindex_model *m, const pmindex_ladder_state *state,
                                    int32_t period, int32_t events,
                                    pmindex_ladder_state *next_out, int32_t *card_out,
                                    int32_t *measure_out)
{
    const int32_t known = PMINDEX_LADDER_BLACK | PMINDEX_LADDER_RED | PMINDEX_LADDER_LEGAL |
                          PMINDEX_LADDER_SKIP;
    int32_t kind, y, n;
    if (!m || !state || !next_out || (events & ~known) || events < 0 ||
        !pm_period_split(period, &kind, &y, &n) || state->level < 0 ||
        state->level > m->max_level || state->clean < 0 || state->clean >= m->clean_periods)
        return PMINDEX_E_INVALID;
    if (kind != m->period_kind)
        return PMINDEX_E_STATE;
    if (state->period != PMINDEX_PERIOD_NONE) {
        int32_t order;
        if (pmindex_period_compare(state->period, period, &order) != 0 || order >= 0)
            return PMINDEX_E_STATE;
    }
    int32_t level = state->level, clean = state->clean, measure = -1;
    bool black = events & PMINDEX_LADDER_BLACK, skip = events & PMINDEX_LADDER_SKIP;
    bool rose = false;
    if (black && !skip) {
        if (level < m->max_level)
            level++;
        rose = true;
    }
    if (events & PMINDEX_LADDER_LEGAL) {
        if (level < m->legal_level)
            level = m->legal_level;
        rose = true;
    }
    if (rose) {
        clean = 0;
        measure = level;
    } else if (!skip && level > 0 && ++clean >= m->clean_periods) {
        level--;
        clean = 0;
    }
    int32_t card = PMINDEX_CARD_NONE;
    if (black) {
        card = PMINDEX_CARD_BLACK;
    } else if ((events & PMINDEX_LADDER_RED) && level == 0) {
        card = PMINDEX_CARD_RED;
        if (!skip)
            measure = 0;
    }
    assert(level >= 0 && level <= m->max_level && clean >= 0 && clean < m->clean_periods);
    next_out->level = level;
    next_out->clean = clean;
    next_out->period = period;
    next_out->reserved = 0;
    if (card_out)
        *card_out = card;
    if (measure_out)
        *measure_out = measure;
    return PMINDEX_OK;
}
