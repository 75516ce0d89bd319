/* UTF-8 validation, escaping and trimming. */
#include <stdint.h>
#include <string.h>

#include "utf8.h"

/* Length of the valid sequence starting at p (n bytes available), or 0. */
static size_t sequence_length(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0; /* continuation byte or overlong 2-byte lead */
    if (c < 0xE0) {
        if (n < 2 || (p[1] & 0xC0) != 0x80)
            return 0;
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && p[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && p[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xF4 && p[1] >= 0x90)
            return 0; /* above U+10FFFF */
        return 4;
    }
    return 0;
}

size_t pm_utf8_valid_prefix(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    /* Short ASCII text (ids, numbers) in one pass. */
    while (i < len && p[i] < 0x80)
        i++;
    while (i < len) {
        /* ASCII fast path, 8 bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        /* The common 3-byte sequence (CJK) without a call. */
        if (i + 3 <= len && p[i] > 0xE0 && p[i] < 0xF0 && p[i] != 0xED &&
            (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        size_t k = sequence_length(p + i, len - i);
        if (k == 0)
            return i;
        i += k;
    }
    return len;
}

bool pm_text_ok(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        if (c - 1u < 0x7Fu) { /* ASCII but NUL */
            i++;
            continue;
        }
        if (c == 0)
            return false;
        /* The common 3-byte sequence (CJK) in line. */
        if (c > 0xE0 && c < 0xF0 && c != 0xED && i + 3 <= len && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        size_t k = sequence_length(p + i, len - i);
        if (k == 0)
            return false;
        i += k;
    }
    return true;
}

size_t pm_utf8_cut(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = n;
    /* Step back over continuation bytes to the lead byte of the last sequence. */
    while (k > 0 && (p[k - 1] & 0xC0) == 0x80 && n - k < 3)
        k--;
    if (k > 0 && p[k - 1] >= 0xC0) {
        size_t need = p[k - 1] >= 0xF0 ? 4 : p[k - 1] >= 0xE0 ? 3 : 2;
        if (n - (k - 1) < need)
            return k - 1; /* incomplete: cut before it */
        return n;
    }
    return n;
}

void pm_utf8_escape(char *dst, size_t cap, const char *bytes, size_t len, size_t max_bytes)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)bytes;
    size_t o = 0, i = 0;
    bool cut = false;
    if (cap == 0)
        return;
    if (len > max_bytes) {
        len = pm_utf8_cut(bytes, max_bytes);
        cut = true;
    }
    while (i < len) {
        size_t k = p[i] < 0x80 ? 1 : sequence_length(p + i, len - i);
        if (k == 1 && p[i] >= 0x20 && p[i] != 0x7F && p[i] != '\\') {
            if (o + 1 >= cap)
                break;
            dst[o++] = (char)p[i++];
        } else if (k > 1) {
            if (o + k >= cap)
                break;
            memcpy(dst + o, p + i, k);
            o += k;
            i += k;
        } else {
            if (o + 4 >= cap)
                break;
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[p[i] >> 4];
            dst[o++] = hex[p[i] & 15];
            i++;
        }
    }
    if ((cut || i < len) && o + 3 < cap) {
        memcpy(dst + o, "...", 3);
        o += 3;
    }
    dst[o] = '\0';
}

void pm_trim_slow(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    for (;;) {
        if (n > 0 && (p[0] == ' ' || p[0] == '\t')) {
            p++;
            n--;
        } else if (n >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0) {
            p += 3;
            n -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        if (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        else if (n >= 3 && memcmp(p + n - 3, "\xE3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    *s = p;
    *len = n;
}
