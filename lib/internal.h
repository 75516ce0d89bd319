/* Internal declarations shared by the library's modules. Not installed. */
#ifndef PM_INTERNAL_H
#define PM_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pmindex/pmindex.h"

/* Marks a definition as part of the ABI; everything else stays hidden
 * (-fvisibility=hidden) and the version script lists the same names. */
#if defined(__GNUC__)
#define PMINDEX_API __attribute__((visibility("default")))
#define PM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PMINDEX_API
#define PM_PRINTF(f, a)
#endif

#define PM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* For a function that only prefetches: GCC 12 finds it free of side
 * effects and drops its calls unless it is inlined before that analysis. */
#if defined(__GNUC__)
#define PM_PREFETCHER static inline __attribute__((always_inline))
#else
#define PM_PREFETCHER static inline
#endif

/* 100 in hundredths: the top of the index (100.00 points) and 100.00%.
 * The index, points, percentages and shares are all counted in hundredths. */
enum { PM_CENTI_FULL = 10000 };

/* 64-bit FNV-1a of len bytes: the one hash of the library (the tables of
 * names and ids, and the model fingerprint a ledger shows, which must stay
 * as it is). Inline: the id tables hash a million ids a second. */
static inline uint64_t pm_fnv1a(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

/* Flags of pm_grow(). */
enum { PM_GROW_ZERO = 1u << 0 /* new elements are zeroed */ };

/* Makes room in *array, which holds *cap elements of size bytes, for need
 * elements: the capacity doubles (from first when it is 0), so that n
 * additions cost O(n). New elements are left unwritten, so that pages an
 * array never fills stay untouched, unless flags has PM_GROW_ZERO. Returns
 * false, leaving the array as it was, when out of memory or when the size
 * would not fit in a size_t. Inline when there is room already (a call a
 * row on the hot paths); pm_grow_room() does the growing. */
bool pm_grow_room(void **array, size_t *cap, size_t need, size_t size, size_t first,
                  unsigned flags);

static inline bool pm_grow(void **array, size_t *cap, size_t need, size_t size, size_t first,
                           unsigned flags)
{
    return need <= *cap || pm_grow_room(array, cap, need, size, first, flags);
}

/* A zeroed table of n elements of size bytes touched all over (the ids of
 * a million compounds by their hash, a district's compounds by rank): from
 * a few MiB up, on huge pages where the kernel has them, since 4 KiB pages
 * cost a TLB miss at almost every access. NULL when out of memory. Free it
 * with pm_big_free() and the same n and size. */
void *pm_big_calloc(size_t n, size_t size);
void pm_big_free(void *p, size_t n, size_t size);

/* The details of an error. Fixed buffers: recording an error never
 * allocates, so out-of-memory errors can be reported too. */
struct pmindex_error {
    int code;
    int64_t line;
    int32_t column;
    char file[256];
    char section[64];
    char field[64];
    int32_t element;       /* enum pmindex_element */
    char element_id[64];
    char value[128];
    char message[512];
};

/* The most errors of one call (a model built, a model file loaded) that
 * are kept with their details; more are counted. */
enum { PM_MAX_KEPT_ERRORS = 100 };

void pm_error_clear(struct pmindex_error *e);
/* Sets code and message (printf-style) and clears the location; returns code. */
int pm_error_set(struct pmindex_error *e, int code, const char *fmt, ...) PM_PRINTF(3, 4);
int pm_error_vset(struct pmindex_error *e, int code, const char *fmt, va_list ap);
void pm_error_set_file(struct pmindex_error *e, const char *file);
void pm_error_set_section(struct pmindex_error *e, const char *section, const char *field);
/* Records the offending value, escaping what is not printable UTF-8. */
void pm_error_set_value(struct pmindex_error *e, const char *bytes, size_t len);
void pm_error_copy(struct pmindex_error *dst, const struct pmindex_error *src);
/* Names the element of a model an error is about (id NULL for none). */
void pm_error_set_element(struct pmindex_error *e, int32_t element, const char *id);
/* "item", "tier"...: an element's name, as its section in a model file
 * and in messages; "" for PMINDEX_ELEMENT_NONE or an unknown value. */
const char *pm_element_name(int32_t element);

/* Copies at most cap-1 bytes of src and NUL-terminates (cap > 0), never
 * cutting a UTF-8 sequence in half. Returns strlen(src). */
size_t pm_strlcpy(char *dst, const char *src, size_t cap);

/* A growing text buffer used to build output that is then copied into a
 * caller's (buffer, capacity): it counts the full length even when the
 * caller's buffer is too small. */
struct pm_out {
    char *buf;
    size_t cap;
    size_t len; /* length the full text needs */
};
void pm_out_init(struct pm_out *o, char *buf, size_t cap);
/* Bytes and characters are added inline while they fit (with room for
 * the NUL), so that a literal's length is known when compiling and a
 * record costs no call per piece; pm_out_bytes_cut() does the rest. */
void pm_out_bytes_cut(struct pm_out *o, const char *s, size_t n);
static inline void pm_out_bytes(struct pm_out *o, const char *s, size_t n)
{
    if (o->len < o->cap && n < o->cap - o->len) {
        memcpy(o->buf + o->len, s, n);
        o->len += n;
    } else {
        pm_out_bytes_cut(o, s, n);
    }
}

static inline void pm_out_str(struct pm_out *o, const char *s)
{
    pm_out_bytes(o, s, strlen(s));
}

static inline void pm_out_char(struct pm_out *o, char c)
{
    if (o->len < o->cap)
        o->buf[o->len] = c;
    o->len++;
}

void pm_out_centi(struct pm_out *o, int64_t hundredths);
void pm_out_int(struct pm_out *o, int64_t v);
/* A JSON string: quotes, backslashes and control characters escaped. */
void pm_out_json_string(struct pm_out *o, const char *s);
/* A CSV field, quoted (RFC 4180) when it holds a comma, quote or line end. */
void pm_out_csv_field(struct pm_out *o, const char *s);
/* NUL-terminates and returns the full length. */
int64_t pm_out_finish(struct pm_out *o);

/* Formats hundredths as "-12.34" into buf (at least 24 bytes); returns length. */
size_t pm_centi_text(int64_t hundredths, char *buf);

#endif
