/* Fragile cards, remembered by compound_id for the decision tables. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "fragile.h"

static int note_block(void *ctx, int block);

int fragile_init(struct fragile *f, const pmindex_model *model, int32_t threads)
{
    memset(f, 0, sizeof *f);
    f->model = model;
    if (pmindex_assessment_new(model, &f->assessment) != 0 ||
        pmindex_margins_new(model, &f->margins) != 0) {
        fragile_free(f);
        return -1;
    }
    /* Without a thread (one is asked, or none could be made) notes are
     * found in fragile_note(), as they would be on the thread. */
    relay_start(&f->relay, note_block, f, threads > 1);
    return 0;
}

void fragile_free(struct fragile *f)
{
    fragile_finish(f);
    for (size_t k = 0; k < f->count; k++)
        free(f->ids[k]);
    free(f->ids);
    for (int b = 0; b < RELAY_BLOCKS; b++)
        for (int k = 0; k < FRAGILE_BLOCK; k++)
            pmindex_compound_free(f->blocks[b].compounds[k]);
    pmindex_margins_free(f->margins);
    pmindex_assessment_free(f->assessment);
    memset(f, 0, sizeof *f);
}

/* Finds a compound's margins and remembers it when its card is fragile:
 * on the thread when there is one. Returns 0, or -1 when out of memory. */
static int note_one(struct fragile *f, const pmindex_compound *c)
{
    /* Only a card can be fragile, and the card the margins start from is
     * the compound's own (no history): an assessment, about 100 ns, spares
     * the search of every item's flips (some microseconds) for the
     * compounds without one. */
    if (pmindex_assess(f->model, c, f->assessment) == 0 &&
        pmindex_assessment_card(f->assessment) == PMINDEX_CARD_NONE)
        return 0;
    int32_t card;
    if (pmindex_margins_compute(f->margins, c) != 0)
        return -1;
    pmindex_margins_verdict(f->margins, NULL, &card);
    if (card == PMINDEX_CARD_NONE || pmindex_margins_fragile(f->margins) != 1)
        return 0;
    if (f->count == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 64;
        char **ids = realloc(f->ids, cap * sizeof *ids);
        if (!ids)
            return -1;
        f->ids = ids;
        f->cap = cap;
    }
    char *id = strdup(pmindex_compound_field(c, PMINDEX_FIELD_ID));
    if (!id)
        return -1;
    f->ids[f->count++] = id;
    f->sorted = false;
    return 0;
}

/* Hands the block filled to the thread. */
static void hand_over(struct fragile *f)
{
    f->blocks[f->relay.filling].count = f->filled;
    f->filled = 0;
    relay_hand_over(&f->relay);
}

/* The relay's work: the margins of a block of compounds. */
static int note_block(void *ctx, int block)
{
    struct fragile *f = ctx;
    struct fragile_block *b = &f->blocks[block];
    bool failed = false;
    for (int k = 0; k < b->count; k++)
        failed |= note_one(f, b->compounds[k]) != 0;
    return failed ? -1 : 0;
}

int fragile_note(struct fragile *f, const pmindex_compound *c)
{
    if (!f->relay.threaded) {
        f->failed |= note_one(f, c) != 0;
        return f->failed ? -1 : 0;
    }
    /* A block is filled from its start once the thread is done with it. */
    if (f->filled == 0 && relay_block(&f->relay) < 0)
        return -1;
    struct fragile_block *block = &f->blocks[f->relay.filling];
    pmindex_compound **slot = &block->compounds[f->filled];
    if ((!*slot && pmindex_compound_new(f->model, slot) != 0) ||
        pmindex_compound_copy(*slot, c) != 0)
        return -1;
    if (++f->filled == FRAGILE_BLOCK)
        hand_over(f);
    return 0;
}

int fragile_finish(struct fragile *f)
{
    if (f->filled > 0)
        hand_over(f);
    f->failed |= relay_finish(&f->relay) != 0;
    return f->failed ? -1 : 0;
}

static int cmp_id(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

bool fragile_has(struct fragile *f, const char *id)
{
    assert(!f->relay.threaded); /* fragile_finish() first */
    if (f->count == 0)
        return false;
    if (!f->sorted) {
        qsort(f->ids, f->count, sizeof *f->ids, cmp_id);
        f->sorted = true;
    }
    return bsearch(&id, f->ids, f->count, sizeof *f->ids, cmp_id) != NULL;
}

const char *fragile_legend(int32_t lang)
{
    return lang == PMINDEX_LANG_EN
               ? "* fragile card: one step of one item (a level, a finding, pass/fail or a rate's "
                 "tolerance) changes the verdict; review it before the sanction or honour "
                 "(pmindex-score --margins --explain ID says which)"
               : "* 易变牌：某一项目变动一步（一个档次、一项问题、是否、或比率项目的容差）即改变结论，"
                 "执行奖惩前请复核（pmindex-score --margins --explain 小区编号 可查看）";
}
