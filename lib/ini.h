/* Models in INI files: what the writer (ini_write.c) and the loader
 * (ini_load.c, ini_scan.c) share. The schema is documented in
 * models/README.md. */
#ifndef PM_INI_H
#define PM_INI_H

#include "internal.h"
#include "model.h"

/* The version of the schema: [model] format = 1. */
enum { PM_INI_FORMAT = 1 };

/* The longest line the loader accepts, in bytes before the line end. Well
 * below iniparser 4.1's own limit (1022 bytes and the line feed), so that
 * iniparser never meets a line it would complain about. */
enum { PM_INI_MAX_LINE = 1000 };

/* The largest model file read: larger is not a model (and /dev/zero is
 * refused in bounded memory). */
#define PM_INI_MAX_FILE (4 << 20)

/* Flags of pm_model_load_ini_bytes(). */
enum { PM_INI_NO_MEMFD = 1u << 0 /* hand iniparser a temporary file (tests) */ };

/* Loads a model from bytes in memory; name is the file name errors give. */
int pm_model_load_ini_bytes(const char *data, size_t len, const char *name, uint32_t flags,
                            pmindex_model **model_out, pmindex_error *error_out);

/* How a text is written: 0 bare, '"' or '\'' quoted, -1 not writable. */
int pm_ini_quote_style(const char *s);

/* Writes a share by its value: "60%", "12.5%" or "2/3". */
void pm_ini_share_text(struct pm_out *o, struct pm_fraction f);

/* "graded", "passfail", "deduct", "rate"; "" for anything else. */
const char *pm_ini_type_name(int32_t type);
/* "half", "quarter", "month"; "" for anything else. */
const char *pm_ini_period_name(int32_t kind);

#endif
