/* Work handed to a thread in blocks: the caller fills one block while the
 * thread does the others, which it takes in the order they were handed
 * over, so that what the work builds is the same with and without the
 * thread. Used for the fragile marks (fragile.c) and for pmindex-ledger's
 * decision table. Without a thread (one was not asked for, or could not be
 * made), each block is done when it is handed over. */
#ifndef PMINDEX_EXAMPLES_RELAY_H
#define PMINDEX_EXAMPLES_RELAY_H

#include <pthread.h>
#include <stdbool.h>

/* Blocks in flight: one filled by the caller, the others waiting or done. */
enum { RELAY_BLOCKS = 4 };

/* Does block number block (0 to RELAY_BLOCKS - 1); returns 0, or -1 when it
 * failed (out of memory): then no further block is taken. */
typedef int relay_work_fn(void *ctx, int block);

struct relay {
    relay_work_fn *work;
    void *ctx;
    bool threaded;
    int filling; /* the block the caller fills */
    /* With the thread: lock guards full, ended and failed. */
    bool full[RELAY_BLOCKS]; /* handed over, not yet done */
    bool ended, failed;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
};

/* Starts the relay, with a thread when thread is true and one can be made. */
void relay_start(struct relay *r, relay_work_fn *work, void *ctx, bool thread);

/* Waits until the block to fill (r->filling) is done with; returns it, or
 * -1 once a block failed. */
int relay_block(struct relay *r);

/* Hands the block filled over, and moves r->filling on. */
void relay_hand_over(struct relay *r);

/* Waits for every block handed over and stops the thread; returns 0, or -1
 * when a block failed. Safe to call twice. */
int relay_finish(struct relay *r);

#endif
