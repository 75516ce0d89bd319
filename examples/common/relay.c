/* Work handed to a thread in blocks: see relay.h. */
#include "relay.h"

static void *relay_thread(void *arg)
{
    struct relay *r = arg;
    for (int b = 0;; b = (b + 1) % RELAY_BLOCKS) {
        pthread_mutex_lock(&r->lock);
        while (!r->full[b] && !r->ended)
            pthread_cond_wait(&r->changed, &r->lock);
        bool work = r->full[b] && !r->failed;
        pthread_mutex_unlock(&r->lock);
        if (!work)
            return NULL; /* ended (blocks come in turn: none is left), or failed */
        bool failed = r->work(r->ctx, b) != 0;
        pthread_mutex_lock(&r->lock);
        r->failed |= failed;
        r->full[b] = false;
        pthread_cond_broadcast(&r->changed);
        pthread_mutex_unlock(&r->lock);
    }
}

void relay_start(struct relay *r, relay_work_fn *work, void *ctx, bool thread)
{
    *r = (struct relay){.work = work, .ctx = ctx};
    if (!thread || pthread_mutex_init(&r->lock, NULL) != 0)
        return;
    if (pthread_cond_init(&r->changed, NULL) != 0)
        pthread_mutex_destroy(&r->lock);
    else if (pthread_create(&r->thread, NULL, relay_thread, r) != 0) {
        pthread_cond_destroy(&r->changed);
        pthread_mutex_destroy(&r->lock);
    } else
        r->threaded = true;
}

int relay_block(struct relay *r)
{
    if (!r->threaded)
        return r->failed ? -1 : r->filling;
    pthread_mutex_lock(&r->lock);
    while (r->full[r->filling] && !r->failed)
        pthread_cond_wait(&r->changed, &r->lock);
    bool failed = r->failed;
    pthread_mutex_unlock(&r->lock);
    return failed ? -1 : r->filling;
}

void relay_hand_over(struct relay *r)
{
    int b = r->filling;
    r->filling = (b + 1) % RELAY_BLOCKS;
    if (!r->threaded) {
        r->failed |= !r->failed && r->work(r->ctx, b) != 0;
        return;
    }
    pthread_mutex_lock(&r->lock);
    r->full[b] = true;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
}

int relay_finish(struct relay *r)
{
    if (r->threaded) {
        pthread_mutex_lock(&r->lock);
        r->ended = true;
        pthread_cond_broadcast(&r->changed);
        pthread_mutex_unlock(&r->lock);
        pthread_join(r->thread, NULL);
        pthread_cond_destroy(&r->changed);
        pthread_mutex_destroy(&r->lock);
        r->threaded = false;
    }
    return r->failed ? -1 : 0;
}
