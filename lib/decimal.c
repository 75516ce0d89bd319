/* Reading and writing exact decimals: the only way numbers enter the
 * library, so a value means the same on every machine and in every binding. */
#include <string.h>

#include "decimal.h"
#include "internal.h"
#include "utf8.h"

enum { MAX_PLACES = 6, MAX_INT_DIGITS = 10 };

int pm_decimal_scan(const char *s, size_t len, int64_t *units, bool *percent, const char **why)
{
    size_t i = 0;
    bool neg = false, pct = false;
    int64_t ip = 0, fp = 0;
    int int_digits = 0, places = 0;

    /* The commonest cells are a single digit. */
    if (len == 1 && s[0] >= '0' && s[0] <= '9') {
        *units = (s[0] - '0') * PMINDEX_VALUE_SCALE;
        *percent = false;
        return PMINDEX_OK;
    }
    if (len > 0 && s[len - 1] == '%') {
        pct = true;
        len--;
    }
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    bool any_digit = false;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        any_digit = true;
        if (ip == 0 && s[i] == '0') { /* leading zeros do not count */
            i++;
            continue;
        }
        if (++int_digits > MAX_INT_DIGITS) {
            /* Keep scanning so that "12a..." stays a parse error, not a range one. */
            while (i < len && s[i] >= '0' && s[i] <= '9')
                i++;
            if (i < len && s[i] == '.') {
                i++;
                while (i < len && s[i] >= '0' && s[i] <= '9')
                    i++;
            }
            if (i == len) {
                *why = "more than 10 digits before the point";
                return PMINDEX_E_RANGE;
            }
            *why = "not a plain decimal number (digits, an optional point and at most 6 decimals, an optional %)";
            return PMINDEX_E_PARSE;
        }
        ip = ip * 10 + (s[i++] - '0');
    }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            any_digit = true;
            if (++places > MAX_PLACES) {
                while (i < len && s[i] >= '0' && s[i] <= '9')
                    i++;
                if (i == len) {
                    *why = "more than 6 digits after the point";
                    return PMINDEX_E_PARSE;
                }
                *why = "not a plain decimal number (digits, an optional point and at most 6 decimals, an optional %)";
                return PMINDEX_E_PARSE;
            }
            fp = fp * 10 + (s[i++] - '0');
        }
    }
    if (!any_digit || i != len) {
        *why = len == 0 && !pct ? "empty"
                                : "not a plain decimal number (digits, an optional point and at "
                                  "most 6 decimals, an optional %)";
        return PMINDEX_E_PARSE;
    }
    for (int k = places; k < MAX_PLACES; k++)
        fp *= 10;
    /* Value in millionths, then scaled to 1/1e8 (a percentage divides by 100). */
    int64_t v = ip * INT64_C(100000000) + fp * 100;
    if (pct)
        v /= 100; /* exact: v is a multiple of 100 */
    *units = neg ? -v : v;
    *percent = pct;
    return PMINDEX_OK;
}

PMINDEX_API int pmindex_decimal_parse(const char *text, size_t len, int64_t *units_out)
{
    if (!text || !units_out)
        return PMINDEX_E_INVALID;
    const char *why;
    bool pct;
    int64_t v;
    pm_trim(&text, &len);
    int rc = pm_decimal_scan(text, len, &v, &pct, &why);
    if (rc == PMINDEX_OK)
        *units_out = v;
    return rc;
}

size_t pm_decimal_text(int64_t units, char *buf)
{
    uint64_t m = units < 0 ? (uint64_t)0 - (uint64_t)units : (uint64_t)units;
    uint64_t ip = m / (uint64_t)PMINDEX_VALUE_SCALE, fp = m % (uint64_t)PMINDEX_VALUE_SCALE;
    char tmp[24];
    size_t n = 0, o = 0;
    do {
        tmp[n++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (units < 0)
        buf[o++] = '-';
    while (n)
        buf[o++] = tmp[--n];
    if (fp) {
        char digits[8];
        for (int k = 7; k >= 0; k--) {
            digits[k] = (char)('0' + fp % 10);
            fp /= 10;
        }
        int last = 7;
        while (digits[last] == '0')
            last--;
        buf[o++] = '.';
        memcpy(buf + o, digits, (size_t)last + 1);
        o += (size_t)last + 1;
    }
    buf[o] = '\0';
    return o;
}

PMINDEX_API int64_t pmindex_decimal_format(int64_t units, char *buf, size_t cap)
{
    char tmp[40];
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_bytes(&o, tmp, pm_decimal_text(units, tmp));
    return pm_out_finish(&o);
}

PMINDEX_API int64_t pmindex_centi_format(int64_t hundredths, char *buf, size_t cap)
{
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_centi(&o, hundredths);
    return pm_out_finish(&o);
}
