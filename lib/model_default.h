/* Defaults the builder starts from: the default model's ladder and grades. */
#ifndef PM_MODEL_DEFAULT_H
#define PM_MODEL_DEFAULT_H

#include <stdint.h>

enum { PM_DEFAULT_MAX_LEVEL = 4, PM_DEFAULT_CLEAN_PERIODS = 2, PM_DEFAULT_LEGAL_LEVEL = 4 };

/* The black card's rectification deadline, in days (the default model's
 * level 1: "30-day rectification and re-inspection"), and its bounds. */
enum { PM_DEFAULT_RECTIFICATION_DAYS = 30, PM_MAX_RECTIFICATION_DAYS = 3650 };

/* The default rules: downgrade share 60%, coverage floor 2/3; companies on
 * the honour list from a mean index of 90.00, on the watch list below 70.00
 * (hundredths). */
enum {
    PM_DEFAULT_DOWNGRADE_NUM = 60,
    PM_DEFAULT_DOWNGRADE_DEN = 100,
    PM_DEFAULT_COVERAGE_NUM = 2,
    PM_DEFAULT_COVERAGE_DEN = 3,
    PM_DEFAULT_HONOUR_MIN = 9000,
    PM_DEFAULT_WATCH_BELOW = 7000
};

struct pm_default_level {
    const char *key, *zh, *en, *inspection_zh, *inspection_en;
};
extern const struct pm_default_level pm_default_levels[PM_DEFAULT_MAX_LEVEL + 1];

struct pm_default_grade {
    int64_t value;
    const char *zh, *en;
};
extern const struct pm_default_grade pm_default_grades[3];

#endif
