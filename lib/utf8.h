/* UTF-8 checks shared by the readers and the error reporting. */
#ifndef PM_UTF8_H
#define PM_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Returns the length of the longest valid UTF-8 prefix of s (== len when all
 * of it is valid). Rejects overlong forms, surrogates and code points above
 * U+10FFFF, as RFC 3629 does. */
size_t pm_utf8_valid_prefix(const char *s, size_t len);

static inline bool pm_utf8_valid(const char *s, size_t len)
{
    return pm_utf8_valid_prefix(s, len) == len;
}

/* Whether s is valid UTF-8 without a NUL byte: text of a sheet's cell. */
bool pm_text_ok(const char *s, size_t len);

/* The largest k <= n such that s[0..k) does not end inside a sequence. */
size_t pm_utf8_cut(const char *s, size_t n);

/* Writes bytes into dst (capacity cap > 0) as printable text: valid UTF-8 as
 * is, control characters, backslashes and invalid bytes as \xHH, stopping
 * after max_bytes of input with "...". Always NUL-terminates. */
void pm_utf8_escape(char *dst, size_t cap, const char *bytes, size_t len, size_t max_bytes);

/* Trims ASCII spaces and tabs and U+3000 (ideographic space) at both ends. */
void pm_trim_slow(const char **s, size_t *len);

static inline void pm_trim(const char **s, size_t *len)
{
    /* Most cells have nothing to trim: look at both ends first. */
    size_t n = *len;
    if (n == 0)
        return;
    char first = (*s)[0], last = (*s)[n - 1];
    if (first != ' ' && first != '\t' && first != '\xE3' && last != ' ' && last != '\t' &&
        last != '\x80')
        return;
    pm_trim_slow(s, len);
}

#endif
