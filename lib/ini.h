/* Models in INI files: what the writer (ini_write.c) and the loader
 * (ini_load.c, ini_scan.c) share. The schema is documented in
 * models/README.md. */
#ifndef PMINDEX_INI_H
#define PMINDEX_INI_H

#include "internal.h"
#include "model.h"

/* The version of the schema: [model] format = 1. */
enum { PM_INI_FORMAT = 1 };

/* The longest line the loader accepts, in bytes before the line end. Well
 * below iniparser 4.1's own limit (1022 bytes and the line feed), so that
 * iniparser never meets a line it would complain about. */
enum { PM_INI_MAX_LINE = 1000 };

/* How a text is written: 0 bare, '"' or '\'' quoted, -1 not writable. */
int pm_ini_quote_style(const char *s);

/* Writes a share by its value: "60%", "12.5%" or "2/3". */
void pm_ini_share_text(struct pm_out *o, struct pm_fraction f);

/* "graded", "passfail", "deduct", "rate"; "" for anything else. */
const char *pm_ini_type_name(int32_t type);
/* "half", "quarter", "month"; "" for anything else. */
const char *pm_ini_period_name(int32_t kind);

#endif
