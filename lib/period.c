/* Periods: 2018H2, 2018Q3, 2018-09 as int32 codes that sort in time order
 * within a kind (kind x 10^7 + year x 100 + number). */
#include <string.h>

#include "internal.h"
#include "period.h"

enum { KIND_SCALE = 10000000, YEAR_MIN = 1000, YEAR_MAX = 9999 };

static int32_t per_year(int32_t kind)
{
    return kind == PMINDEX_PERIOD_HALF ? 2 : kind == PMINDEX_PERIOD_QUARTER ? 4 : 12;
}

bool pm_period_split(int32_t code, int32_t *kind, int32_t *year, int32_t *number)
{
    if (code <= 0)
        return false;
    int32_t k = code / KIND_SCALE, rest = code % KIND_SCALE;
    int32_t y = rest / 100, n = rest % 100;
    if (k < PMINDEX_PERIOD_HALF || k > PMINDEX_PERIOD_MONTH || y < YEAR_MIN || y > YEAR_MAX ||
        n < 1 || n > per_year(k))
        return false;
    *kind = k;
    *year = y;
    *number = n;
    return true;
}

static int32_t make(int32_t kind, int32_t year, int32_t number)
{
    return kind * KIND_SCALE + year * 100 + number;
}

static bool digits(const char *s, size_t n, int32_t *v)
{
    int32_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
}

PMINDEX_API int pmindex_period_parse(const char *text, size_t len, int32_t *period_out)
{
    if (!text || !period_out)
        return PMINDEX_E_INVALID;
    *period_out = PMINDEX_PERIOD_NONE;
    int32_t year, number, kind;
    if (len < 6 || len > 7 || !digits(text, 4, &year) || year < YEAR_MIN)
        return PMINDEX_E_PARSE;
    char sep = text[4];
    if (len == 6 && (sep == 'H' || sep == 'h'))
        kind = PMINDEX_PERIOD_HALF;
    else if (len == 6 && (sep == 'Q' || sep == 'q'))
        kind = PMINDEX_PERIOD_QUARTER;
    else if (len == 7 && sep == '-')
        kind = PMINDEX_PERIOD_MONTH;
    else
        return PMINDEX_E_PARSE;
    if (!digits(text + 5, len - 5, &number) || number < 1 || number > per_year(kind))
        return PMINDEX_E_PARSE;
    *period_out = make(kind, year, number);
    return PMINDEX_OK;
}

PMINDEX_API int32_t pmindex_period_kind(int32_t period)
{
    int32_t k, y, n;
    return pm_period_split(period, &k, &y, &n) ? k : PMINDEX_E_INVALID;
}

size_t pm_period_text(int32_t period, char buf[PM_PERIOD_TEXT])
{
    int32_t k, y, n;
    if (!pm_period_split(period, &k, &y, &n)) {
        buf[0] = '\0';
        return 0;
    }
    char *p = buf;
    for (int32_t d = 1000; d > 0; d /= 10)
        *p++ = (char)('0' + y / d % 10);
    if (k == PMINDEX_PERIOD_MONTH) {
        *p++ = '-';
        *p++ = (char)('0' + n / 10);
    } else {
        *p++ = k == PMINDEX_PERIOD_HALF ? 'H' : 'Q';
    }
    *p++ = (char)('0' + n % 10);
    *p = '\0';
    return (size_t)(p - buf);
}

PMINDEX_API int64_t pmindex_period_format(int32_t period, char *buf, size_t cap)
{
    if (!buf && cap)
        return PMINDEX_E_INVALID;
    char text[PM_PERIOD_TEXT];
    size_t n = pm_period_text(period, text);
    if (n == 0)
        return PMINDEX_E_INVALID;
    if (cap)
        pm_strlcpy(buf, text, cap);
    return (int64_t)n;
}

PMINDEX_API int pmindex_period_compare(int32_t a, int32_t b, int32_t *order_out)
{
    int32_t ka, kb, y, n;
    if (!order_out || !pm_period_split(a, &ka, &y, &n) || !pm_period_split(b, &kb, &y, &n) ||
        ka != kb)
        return PMINDEX_E_INVALID;
    *order_out = a < b ? -1 : a > b ? 1 : 0;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_period_next(int32_t period, int32_t *next_out)
{
    int32_t k, y, n;
    if (!next_out || !pm_period_split(period, &k, &y, &n))
        return PMINDEX_E_INVALID;
    if (n < per_year(k)) {
        *next_out = make(k, y, n + 1);
        return PMINDEX_OK;
    }
    if (y == YEAR_MAX)
        return PMINDEX_E_RANGE;
    *next_out = make(k, y + 1, 1);
    return PMINDEX_OK;
}
