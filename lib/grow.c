/* Growing arrays: the one helper every growing array of the library uses. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

bool pm_grow_room(void **array, size_t *cap, size_t need, size_t size, size_t first,
                  unsigned flags)
{
    assert(size > 0 && first > 0);
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : first;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return false;
        n *= 2;
    }
    if (n > SIZE_MAX / size)
        return false;
    void *p = realloc(*array, n * size);
    if (!p)
        return false;
    if (flags & PM_GROW_ZERO)
        memset((char *)p + *cap * size, 0, (n - *cap) * size);
    *array = p;
    *cap = n;
    return true;
}

/* Big tables come straight from the kernel, on 2 MiB boundaries, with the
 * hint that huge pages should back them: zeroed, and resident only where
 * touched. Smaller ones from calloc(). */
enum { HUGE_PAGE = 2 << 20, BIG = 2 * HUGE_PAGE };

void *pm_big_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t bytes = n * size;
#if defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS)
    if (bytes >= BIG) {
        size_t span = bytes + HUGE_PAGE;
        char *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
        char *at = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
        if (at > p)
            munmap(p, (size_t)(at - p));
        if (at + bytes < p + span)
            munmap(at + bytes, (size_t)(p + span - (at + bytes)));
        madvise(at, bytes, MADV_HUGEPAGE); /* a hint: its failure changes nothing */
        return at;
    }
#endif
    return calloc(n ? n : 1, size ? size : 1);
}

void pm_big_free(void *p, size_t n, size_t size)
{
    if (!p)
        return;
#if defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS)
    if (n * size >= BIG) {
        munmap(p, n * size);
        return;
    }
#endif
    free(p);
}
