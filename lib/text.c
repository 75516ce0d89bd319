/* Text for terminals: the columns UTF-8 text takes (CJK characters take
 * two), and text padded or cut to a number of columns with control
 * characters made harmless. One width table for the library's own layouts
 * (--explain) and for every program's tables. */
#include <string.h>

#include "internal.h"
#include "text.h"
#include "utf8.h"

/* U+FFFD, written for a byte that does not start a valid sequence. */
static const char replacement[] = "\xEF\xBF\xBD";

/* The next character of s: its code point, and in *len the bytes it takes
 * (a byte that starts no valid sequence is one character, U+FFFD). */
static unsigned decode(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n > 1 && pm_utf8_valid_prefix(s, strnlen(s, n)) != n) {
        *len = 1;
        return 0xFFFD;
    }
    *len = n;
    if (n == 1)
        return c;
    c &= n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07;
    for (size_t i = 1; i < n; i++)
        c = (c << 6) | (p[i] & 0x3F);
    return c;
}

static bool is_control(unsigned c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

static int32_t char_width(unsigned c)
{
    if (is_control(c))
        return 0;
    /* East Asian wide and fullwidth ranges (Unicode 15, the common blocks). */
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
        (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
        (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

int32_t pm_text_width(const char *s)
{
    int32_t w = 0;
    for (size_t n; *s; s += n)
        w += char_width(decode(s, &n));
    return w;
}

/* Writes one character: a control as a space, an invalid byte as U+FFFD.
 * Returns the columns it took. */
static int32_t out_char(struct pm_out *o, const char *s, size_t n, unsigned c)
{
    if (is_control(c)) {
        pm_out_char(o, ' ');
        return 1;
    }
    if (c == 0xFFFD && n == 1)
        pm_out_str(o, replacement);
    else
        pm_out_bytes(o, s, n);
    return char_width(c);
}

static void spaces(struct pm_out *o, int32_t n)
{
    for (; n > 0; n--)
        pm_out_char(o, ' ');
}

void pm_out_text(struct pm_out *o, const char *s, int32_t width, uint32_t flags)
{
    size_t n;
    if (flags & PMINDEX_TEXT_RIGHT) {
        spaces(o, width - pm_text_width(s));
        for (; *s; s += n)
            out_char(o, s, n, decode(s, &n));
        return;
    }
    /* Text longer than width - 1 columns is cut with an ellipsis, so that a
     * space always separates it from the next column. */
    int32_t w = 0, room = width - 1;
    bool cut = width > 0 && pm_text_width(s) > room;
    for (; *s; s += n) {
        unsigned c = decode(s, &n);
        if (cut && w + char_width(c) > room - 1)
            break;
        w += out_char(o, s, n, c);
    }
    if (cut) {
        pm_out_str(o, "\xE2\x80\xA6"); /* … */
        w++;
    }
    spaces(o, width - w);
}

PMINDEX_API int32_t pmindex_text_width(const char *text)
{
    return text ? pm_text_width(text) : 0;
}

PMINDEX_API int64_t pmindex_text_pad(const char *text, int32_t width, uint32_t flags, char *buf,
                                     size_t cap)
{
    if (!text || width < 0 || (flags & ~(uint32_t)PMINDEX_TEXT_RIGHT) || (!buf && cap))
        return PMINDEX_E_INVALID;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_text(&o, text, width, flags);
    return pm_out_finish(&o);
}
