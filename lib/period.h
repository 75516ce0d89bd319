/* Periods inside the library: splitting a code and naming it. */
#ifndef PM_PERIOD_H
#define PM_PERIOD_H

#include "internal.h"

enum { PM_PERIOD_TEXT = 8 };

/* True for a valid code, with its parts. */
bool pm_period_split(int32_t code, int32_t *kind, int32_t *year, int32_t *number);
/* Writes the name ("" for an invalid code); returns its length. */
size_t pm_period_text(int32_t period, char buf[PM_PERIOD_TEXT]);

#endif
