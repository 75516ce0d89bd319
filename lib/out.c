/* Text built into a caller's (buffer, capacity), counting the full length. */
#include <string.h>

#include "internal.h"
#include "utf8.h"

void pm_out_init(struct pm_out *o, char *buf, size_t cap)
{
    o->buf = buf;
    o->cap = buf ? cap : 0;
    o->len = 0;
}

void pm_out_bytes_cut(struct pm_out *o, const char *s, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

void pm_out_csv_field(struct pm_out *o, const char *s)
{
    size_t plain = strcspn(s, ",\"\r\n");
    if (!s[plain]) {
        pm_out_bytes(o, s, plain);
        return;
    }
    pm_out_char(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            pm_out_char(o, '"');
        pm_out_char(o, *s);
    }
    pm_out_char(o, '"');
}

/* A JSON string: quotes, backslashes and control characters escaped. */
void pm_out_json_string(struct pm_out *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    pm_out_char(o, '"');
    const char *run = s;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        pm_out_bytes(o, run, (size_t)(s - run));
        run = s + 1;
        switch (ch) {
        case '"': pm_out_str(o, "\\\""); break;
        case '\\': pm_out_str(o, "\\\\"); break;
        case '\n': pm_out_str(o, "\\n"); break;
        case '\r': pm_out_str(o, "\\r"); break;
        case '\t': pm_out_str(o, "\\t"); break;
        default:
            pm_out_str(o, "\\u00");
            pm_out_char(o, hex[ch >> 4]);
            pm_out_char(o, hex[ch & 15]);
        }
    }
    pm_out_bytes(o, run, (size_t)(s - run));
    pm_out_char(o, '"');
}

/* The digits of 0 to 99, two by two: numbers are written two digits a
 * division. */
static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                               "25262728293031323334353637383940414243444546474849"
                               "50515253545556575859606162636465666768697071727374"
                               "75767778798081828384858687888990919293949596979899";

size_t pm_centi_text(int64_t v, char *buf)
{
    char tmp[24];
    size_t n = 0;
    /* Work on the magnitude as unsigned: INT64_MIN has no positive twin. */
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    unsigned frac = (unsigned)(m % 100);
    m /= 100;
    while (m >= 100) { /* two digits at a time, from the right */
        unsigned d = (unsigned)(m % 100);
        m /= 100;
        tmp[n++] = pairs[2 * d + 1];
        tmp[n++] = pairs[2 * d];
    }
    if (m >= 10) {
        tmp[n++] = pairs[2 * m + 1];
        tmp[n++] = pairs[2 * m];
    } else {
        tmp[n++] = (char)('0' + m);
    }
    size_t o = 0;
    if (v < 0)
        buf[o++] = '-';
    while (n)
        buf[o++] = tmp[--n];
    buf[o++] = '.';
    buf[o++] = pairs[2 * frac];
    buf[o++] = pairs[2 * frac + 1];
    buf[o] = '\0';
    return o;
}

void pm_out_centi(struct pm_out *o, int64_t hundredths)
{
    char tmp[32];
    size_t n = pm_centi_text(hundredths, tmp);
    pm_out_bytes(o, tmp, n);
}

void pm_out_int(struct pm_out *o, int64_t v)
{
    char tmp[24];
    size_t n = 0;
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    while (m >= 100) { /* two digits at a time, from the right */
        unsigned d = (unsigned)(m % 100);
        m /= 100;
        tmp[sizeof tmp - 1 - n++] = pairs[2 * d + 1];
        tmp[sizeof tmp - 1 - n++] = pairs[2 * d];
    }
    if (m >= 10) {
        tmp[sizeof tmp - 1 - n++] = pairs[2 * m + 1];
        tmp[sizeof tmp - 1 - n++] = pairs[2 * m];
    } else {
        tmp[sizeof tmp - 1 - n++] = (char)('0' + m);
    }
    if (v < 0)
        tmp[sizeof tmp - 1 - n++] = '-';
    pm_out_bytes(o, tmp + sizeof tmp - n, n);
}

int64_t pm_out_finish(struct pm_out *o)
{
    if (o->cap > 0) {
        size_t end = o->len < o->cap ? o->len : o->cap - 1;
        if (end < o->len)
            end = pm_utf8_cut(o->buf, end); /* a cut text stays valid UTF-8 */
        o->buf[end] = '\0';
    }
    return (int64_t)o->len;
}
