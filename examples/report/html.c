/* HTML output: see html.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <pmindex/pmindex.h>

#include "html.h"

void html_raw(struct html *h, const char *markup)
{
    output_write(h->out, markup, strlen(markup));
}

int64_t html_id(struct html *h)
{
    return ++h->ids;
}

/* The length of the valid UTF-8 sequence at s (1 to 4) and its code point,
 * or 0 when the bytes are not one (overlong forms and surrogates included). */
static int utf8_sequence(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    int n;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2, min = 0x80, c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, min = 0x800, c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

static bool noncharacter(unsigned c)
{
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

void html_escape(struct html *h, const char *text)
{
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    const unsigned char *run = s; /* bytes that go out as they are */
    while (*s) {
        unsigned cp;
        int n = utf8_sequence(s, &cp);
        const char *instead = NULL;
        if (n == 0) {
            instead = replacement;
            n = 1;
        } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            instead = " ";
        } else if (noncharacter(cp)) {
            instead = replacement;
        } else {
            switch (cp) {
            case '&': instead = "&amp;"; break;
            case '<': instead = "&lt;"; break;
            case '>': instead = "&gt;"; break;
            case '"': instead = "&quot;"; break;
            case '\'': instead = "&#39;"; break;
            default: break;
            }
        }
        if (instead) {
            output_write(h->out, run, (size_t)(s - run));
            html_raw(h, instead);
            s += n;
            run = s;
        } else {
            s += n;
        }
    }
    output_write(h->out, run, (size_t)(s - run));
}

void html_put(struct html *h, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    const char *p = format, *run = format;
    char num[48];
    for (; *p; p++) {
        if (*p != '%')
            continue;
        output_write(h->out, run, (size_t)(p - run));
        switch (*++p) {
        case 's': html_escape(h, va_arg(ap, const char *)); break;
        case 'S': html_raw(h, va_arg(ap, const char *)); break;
        case 'd':
            snprintf(num, sizeof num, "%d", va_arg(ap, int));
            html_raw(h, num);
            break;
        case 'D':
            snprintf(num, sizeof num, "%lld", (long long)va_arg(ap, int64_t));
            html_raw(h, num);
            break;
        case 'C':
            pmindex_centi_format(va_arg(ap, int64_t), num, sizeof num);
            html_raw(h, num);
            break;
        case 'P': {
            int64_t v = va_arg(ap, int64_t);
            pmindex_centi_format(v < 0 ? 0 : v > 10000 ? 10000 : v, num, sizeof num);
            html_raw(h, num);
            break;
        }
        default: html_raw(h, "%"); break; /* "%%" */
        }
        run = p + 1;
    }
    output_write(h->out, run, (size_t)(p - run));
    va_end(ap);
}
