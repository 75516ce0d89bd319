/* Growing arrays: the one helper every growing array of the library uses. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

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
