/* Exact decimal numbers as scaled integers. */
#ifndef PM_DECIMAL_H
#define PM_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses a trimmed decimal (see pmindex_decimal_parse). On error returns
 * PMINDEX_E_PARSE or PMINDEX_E_RANGE and sets *why to a short static
 * explanation ("more than 6 digits after the point", ...). *percent
 * tells whether it ended in '%'. */
int pm_decimal_scan(const char *s, size_t len, int64_t *units, bool *percent, const char **why);

/* The room pm_decimal_text() needs: a sign, 19 digits, a point, a NUL. */
enum { PM_DECIMAL_TEXT = 32 };

/* Writes units as the shortest exact decimal into buf (PM_DECIMAL_TEXT bytes). */
size_t pm_decimal_text(int64_t units, char *buf);

#endif
