/* Fragile cards, remembered by compound_id for the decision tables. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "fragile.h"

static void *fragile_thread(void *arg);

int fragile_init(struct fragile *f, const pmindex_model *model, int32_t threads)
{
    memset(f, 0, sizeof *f);
    f->model = model;
    if (pmindex_assessment_new(model, &f->assessment) != 0 ||
        pmindex_margins_new(model, &f->margins) != 0) {
        fragile_free(f);
        return -1;
    }
    /* No thread (none could be made, or one is asked): notes are found in
     * fragile_note(), as they would be on the thread. */
    if (threads > 1 && pthread_mutex_init(&f->lock, NULL) == 0) {
        if (pthread_cond_init(&f->changed, NULL) != 0)
            pthread_mutex_destroy(&f->lock);
        else if (pthread_create(&f->thread, NULL, fragile_thread, f) != 0) {
            pthread_cond_destroy(&f->changed);
            pthread_mutex_destroy(&f->lock);
        } else
            f->threaded = true;
    }
    return 0;
}

void fragile_free(struct fragile *f)
{
    fragile_finish(f);
    for (size_t k = 0; k < f->count; k++)
        free(f->ids[k]);
    free(f->ids);
    for (int b = 0; b < FRAGILE_BLOCKS; b++)
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

/* The thread: each full block in turn, until the caller has ended and no
 * block is left. Only it touches ids, assessment and margins meanwhile. */
static void *fragile_thread(void *arg)
{
    struct fragile *f = arg;
    for (int b = 0;; b = (b + 1) % FRAGILE_BLOCKS) {
        struct fragile_block *block = &f->blocks[b];
        pthread_mutex_lock(&f->lock);
        while (!block->full && !f->ended)
            pthread_cond_wait(&f->changed, &f->lock);
        bool work = block->full;
        pthread_mutex_unlock(&f->lock);
        if (!work)
            return NULL; /* ended, and the blocks are handed in turn: none is left */
        bool failed = false;
        for (int k = 0; k < block->count; k++)
            failed |= note_one(f, block->compounds[k]) != 0;
        pthread_mutex_lock(&f->lock);
        f->failed |= failed;
        block->full = false;
        pthread_cond_broadcast(&f->changed);
        pthread_mutex_unlock(&f->lock);
    }
}

/* Hands the block being filled to the thread. */
static void hand_over(struct fragile *f)
{
    pthread_mutex_lock(&f->lock);
    f->blocks[f->filling].full = true;
    pthread_cond_broadcast(&f->changed);
    pthread_mutex_unlock(&f->lock);
    f->filling = (f->filling + 1) % FRAGILE_BLOCKS;
}

int fragile_note(struct fragile *f, const pmindex_compound *c)
{
    if (!f->threaded) {
        f->failed |= note_one(f, c) != 0;
        return f->failed ? -1 : 0;
    }
    struct fragile_block *block = &f->blocks[f->filling];
    if (block->count == FRAGILE_BLOCK || block->count == 0) {
        /* A block is filled from its start once the thread is done with it. */
        pthread_mutex_lock(&f->lock);
        while (block->full)
            pthread_cond_wait(&f->changed, &f->lock);
        bool failed = f->failed;
        pthread_mutex_unlock(&f->lock);
        if (failed)
            return -1;
        block->count = 0;
    }
    pmindex_compound **slot = &block->compounds[block->count];
    if ((!*slot && pmindex_compound_new(f->model, slot) != 0) ||
        pmindex_compound_copy(*slot, c) != 0)
        return -1;
    if (++block->count == FRAGILE_BLOCK)
        hand_over(f);
    return 0;
}

int fragile_finish(struct fragile *f)
{
    if (f->threaded) {
        struct fragile_block *block = &f->blocks[f->filling];
        if (block->count > 0 && block->count < FRAGILE_BLOCK)
            hand_over(f);
        pthread_mutex_lock(&f->lock);
        f->ended = true;
        pthread_cond_broadcast(&f->changed);
        pthread_mutex_unlock(&f->lock);
        pthread_join(f->thread, NULL);
        pthread_cond_destroy(&f->changed);
        pthread_mutex_destroy(&f->lock);
        f->threaded = false;
    }
    return f->failed ? -1 : 0;
}

static int cmp_id(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

bool fragile_has(struct fragile *f, const char *id)
{
    assert(!f->threaded); /* fragile_finish() first */
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
