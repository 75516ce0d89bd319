/* Loading a model from an INI file (schema: models/README.md).
 *
 * Three stages, each reporting every problem with its file, line, section
 * and key:
 *
 * 1. Our own line scanner reads the bytes first. It accepts a strict subset
 *    of INI on which iniparser 4.1 (and later versions) agree with it:
 *    valid UTF-8, lines of at most PM_INI_MAX_LINE bytes, no control
 *    characters, no line continuation, well-formed sections and keys. It
 *    records the line of every section and key, and finds what iniparser
 *    would let pass silently: duplicate sections and keys (iniparser keeps
 *    the last), unknown sections and keys, missing required keys.
 * 2. Only a file that passed goes to iniparser, which therefore never has
 *    anything to complain about: its process-wide error callback is never
 *    called, never set, and stderr stays quiet. iniparser reads only from a
 *    path, so it gets the very bytes we scanned (without a byte-order mark)
 *    through a memfd, or a private temporary file where memfd_create() is
 *    missing. Every value iniparser returns is checked against ours.
 * 3. The values, converted exactly (no floating point), go to the model
 *    builder, whose validation is the one every model passes; its errors
 *    are mapped back to the line of the section and key they name.
 *
 * Stage 1 is ini_scan.c; stages 2 and 3 are here. Nothing is global: two
 * threads may load two files at once. */
#define _GNU_SOURCE /* memfd_create() */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef PM_HAVE_MEMFD_CREATE
#include <sys/mman.h>
#endif

#include <iniparser/iniparser.h>

#include "decimal.h"
#include "ini_load.h"
#include "model.h"
#include "model_default.h"
#include "utf8.h"

/* strerror() may share a buffer between threads; the GNU strerror_r()
 * returns a constant string or fills ours. */
static const char *errno_text(int e, char buf[128])
{
    return strerror_r(e, buf, 128);
}

/* ---- stage 2: iniparser ------------------------------------------------- */

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* iniparser reads only from a path: a memfd, or a private temporary file
 * where memfd_create() is missing, that each chunk of the scanned bytes is
 * written to in turn. */
struct handoff {
    int fd;
    bool temporary; /* path is a file of ours to unlink */
    char path[4096];
};

/* Returns 0, or an errno value when no file can be made. */
static int handoff_open(struct pm_ini *L, struct handoff *h)
{
    h->temporary = false;
#ifdef PM_HAVE_MEMFD_CREATE
    if (!(L->flags & PM_INI_NO_MEMFD)) {
        h->fd = memfd_create("pmindex-model", MFD_CLOEXEC);
        if (h->fd >= 0) {
            snprintf(h->path, sizeof h->path, "/proc/self/fd/%d", h->fd);
            /* iniparser would print to stderr if it could not open the
             * path: make sure it can (no /proc, say) before handing it over. */
            int probe = open(h->path, O_RDONLY | O_CLOEXEC);
            if (probe >= 0) {
                close(probe);
                return 0;
            }
            close(h->fd);
        }
    }
#else
    (void)L;
#endif
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir || strlen(dir) > sizeof h->path - 32)
        dir = "/tmp";
    snprintf(h->path, sizeof h->path, "%s/pmindex-model-XXXXXX", dir);
    h->fd = mkstemp(h->path);
    if (h->fd < 0)
        return errno;
    h->temporary = true;
    return 0;
}

static void handoff_close(struct handoff *h)
{
    close(h->fd);
    if (h->temporary)
        unlink(h->path);
}

/* iniparser's dictionary of n bytes, or NULL with *err an errno value or
 * PMINDEX_E_NOMEM. */
static dictionary *handoff_load(struct handoff *h, const char *p, size_t n, int *err)
{
    errno = 0;
    if (ftruncate(h->fd, 0) != 0 || lseek(h->fd, 0, SEEK_SET) != 0 || !write_all(h->fd, p, n)) {
        *err = errno ? errno : EIO;
        return NULL;
    }
    dictionary *d = iniparser_load(h->path);
    if (!d)
        *err = PMINDEX_E_NOMEM;
    return d;
}

/* Where a section's line starts in the scanned bytes. */
static const char *section_start(const struct pm_ini *L, const struct pm_ini_section *s)
{
    const char *p = s->inner;
    while (p > L->data && p[-1] != '\n')
        p--;
    return p;
}

/* Checks every value iniparser read from sections [a, b) against ours, and
 * that it read nothing else. */
static void read_values(struct pm_ini *L, dictionary *d, int32_t a, int32_t b)
{
    int64_t entries = 0;
    for (int32_t i = a; i < b && !pm_ini_stopped(L); i++) {
        struct pm_ini_section *s = &L->sections[i];
        entries++;
        for (int32_t j = s->first_key; j < s->first_key + s->nkeys; j++) {
            struct pm_ini_key *k = &L->keys[j];
            /* "section:key", as iniparser names its entries. */
            char query[PM_INI_MAX_LINE + 40];
            memcpy(query, s->inner, s->inner_len);
            query[s->inner_len] = ':';
            pm_ini_key_name(s->kind, k->index, query + s->inner_len + 1,
                            sizeof query - s->inner_len - 1);
            const char *v = iniparser_getstring(d, query, NULL);
            if (!v || strlen(v) != k->len || memcmp(v, k->text, k->len) != 0) {
                pm_ini_key_error(L, PMINDEX_E_PARSE, s, k,
                                 "iniparser read this value as \"%.80s\": a bug, please report it",
                                 v ? v : "(nothing)");
                continue;
            }
            k->value = v;
            entries++;
        }
    }
    if (!pm_ini_stopped(L) && L->total_errors == 0 && entries != d->n)
        pm_ini_error(L, PMINDEX_E_PARSE, 0, NULL, NULL, NULL, 0,
                     "iniparser found %d entries where we found %lld: a bug, please report it",
                     d->n, (long long)entries);
}

/* iniparser 4.1 looks every entry up by a linear search, when it stores
 * one and when it is asked for one: a whole file of n entries costs n^2
 * (a model of 4,096 items with 16 levels each, 220,000 entries, took 16 s
 * in iniparser alone). So it reads the file in chunks of whole sections of
 * about CHUNK_BYTES each, a dictionary per chunk: the same bytes, the same
 * reading, in time linear in the file. */
enum { CHUNK_BYTES = 32 << 10 };

struct dictionaries {
    dictionary **d;
    int32_t n;
};

static void free_dictionaries(struct dictionaries *ds)
{
    for (int32_t i = 0; i < ds->n; i++)
        iniparser_freedict(ds->d[i]);
    free(ds->d);
}

/* Stage 2: returns 0 (problems of the values are L's errors), or an errno
 * value or PMINDEX_E_NOMEM when iniparser could not be run. The values of
 * L's keys point into ds, which the caller frees. */
static int run_iniparser(struct pm_ini *L, struct dictionaries *ds)
{
    ds->d = NULL;
    ds->n = 0;
    if (L->nsections == 0)
        return 0;
    struct handoff h;
    int err = handoff_open(L, &h);
    if (err)
        return err;
    /* At most one dictionary per section. */
    ds->d = malloc((size_t)L->nsections * sizeof *ds->d);
    if (!ds->d) {
        handoff_close(&h);
        return PMINDEX_E_NOMEM;
    }
    const char *end = L->data + L->len;
    for (int32_t a = 0; a < L->nsections && !pm_ini_stopped(L);) {
        const char *from = a == 0 ? L->data : section_start(L, &L->sections[a]);
        int32_t b = a + 1;
        while (b < L->nsections && section_start(L, &L->sections[b]) - from < CHUNK_BYTES)
            b++;
        const char *to = b < L->nsections ? section_start(L, &L->sections[b]) : end;
        dictionary *d = handoff_load(&h, from, (size_t)(to - from), &err);
        if (!d)
            break;
        ds->d[ds->n++] = d;
        read_values(L, d, a, b);
        a = b;
    }
    handoff_close(&h);
    return err;
}

/* ---- stage 3: values and the builder ------------------------------------ */

static const struct pm_ini_key *find_key(const struct pm_ini *L, const struct pm_ini_section *s,
                                         int index)
{
    for (int32_t j = s->first_key; j < s->first_key + s->nkeys; j++)
        if (L->keys[j].index == index)
            return &L->keys[j];
    return NULL;
}

static const char *text_of(const struct pm_ini *L, const struct pm_ini_section *s, int index)
{
    const struct pm_ini_key *k = find_key(L, s, index);
    return k ? k->value : NULL;
}

static bool ascii_case_equal(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

static int scan_number(const char *v, int64_t *units, bool *pct, const char **why)
{
    size_t n = strlen(v);
    pm_trim(&v, &n);
    return pm_decimal_scan(v, n, units, pct, why);
}

/* Points (centipoints): "15", "2.5"; at most 2 decimals, no %. */
static bool get_points(struct pm_ini *L, const struct pm_ini_section *s, const struct pm_ini_key *k,
                       int64_t *out)
{
    int64_t u;
    bool pct;
    const char *why;
    int rc = scan_number(k->value, &u, &pct, &why);
    if (rc == PMINDEX_E_RANGE) {
        pm_ini_key_error(L, rc, s, k, "out of range: %s", why);
        return false;
    }
    if (rc != 0 || pct) {
        pm_ini_key_error(L, PMINDEX_E_PARSE, s, k, "expected points, such as 15 or 2.5");
        return false;
    }
    if (u % (PMINDEX_VALUE_SCALE / 100) != 0) {
        pm_ini_key_error(L, PMINDEX_E_PARSE, s, k,
                         "points have at most 2 decimals: they are counted in hundredths");
        return false;
    }
    *out = u / (PMINDEX_VALUE_SCALE / 100);
    return true;
}

/* A goalpost or level value: a plain decimal exactly as a model holds it,
 * with up to 8 decimals (6 before a %), so that whatever the writer wrote
 * reads back. */
static int scan_units(const char *v, int64_t *out, const char **why)
{
    size_t n = strlen(v);
    pm_trim(&v, &n);
    bool pct = n > 0 && v[n - 1] == '%';
    n -= pct;
    size_t i = 0;
    bool neg = i < n && v[i] == '-';
    if (i < n && (v[i] == '-' || v[i] == '+'))
        i++;
    int64_t ip = 0, fp = 0;
    int digits = 0, places = 0;
    *why = "not a plain decimal number";
    while (i < n && pm_ini_digit(v[i])) {
        if (ip > 0 || v[i] != '0')
            digits++;
        ip = ip * 10 + (v[i++] - '0');
        if (digits > 10) {
            *why = "more than 10 digits before the point";
            return PMINDEX_E_RANGE;
        }
    }
    bool any = i > 0 && pm_ini_digit(v[i - 1]);
    if (i < n && v[i] == '.') {
        i++;
        while (i < n && pm_ini_digit(v[i])) {
            any = true;
            if (++places > (pct ? 6 : 8)) {
                *why = pct ? "more than 6 decimals before a %" : "more than 8 decimals";
                return PMINDEX_E_PARSE;
            }
            fp = fp * 10 + (v[i++] - '0');
        }
    }
    if (!any || i != n)
        return PMINDEX_E_PARSE;
    for (int p = places; p < 8; p++)
        fp *= 10;
    int64_t u = ip * PMINDEX_VALUE_SCALE + fp;
    if (pct)
        u /= 100; /* exact: at most 6 decimals */
    *out = neg ? -u : u;
    return PMINDEX_OK;
}

/* An observation-like value in units of 1/1e8: "0.8", "80%", "4". */
static bool get_value(struct pm_ini *L, const struct pm_ini_section *s, const struct pm_ini_key *k,
                      int64_t *out)
{
    const char *why;
    int rc = scan_units(k->value, out, &why);
    if (rc == PMINDEX_E_RANGE)
        pm_ini_key_error(L, rc, s, k, "out of range: %s", why);
    else if (rc != 0)
        pm_ini_key_error(L, PMINDEX_E_PARSE, s, k, "expected a number, such as 0.8 or 80%%");
    return rc == 0;
}

static bool get_int(struct pm_ini *L, const struct pm_ini_section *s, const struct pm_ini_key *k,
                    int32_t *out)
{
    int64_t u;
    bool pct;
    const char *why;
    int rc = scan_number(k->value, &u, &pct, &why);
    if (rc == PMINDEX_E_RANGE) {
        pm_ini_key_error(L, rc, s, k, "out of range: %s", why);
        return false;
    }
    if (rc != 0 || pct || u % PMINDEX_VALUE_SCALE != 0) {
        pm_ini_key_error(L, PMINDEX_E_PARSE, s, k, "expected a whole number, such as 4");
        return false;
    }
    u /= PMINDEX_VALUE_SCALE;
    if (u < -1000000 || u > 1000000) {
        pm_ini_key_error(L, PMINDEX_E_RANGE, s, k, "out of range");
        return false;
    }
    *out = (int32_t)u;
    return true;
}

static bool get_bool(struct pm_ini *L, const struct pm_ini_section *s, const struct pm_ini_key *k,
                     int32_t *out)
{
    static const char *const yes[] = {"yes", "true", "1"}, *const no[] = {"no", "false", "0"};
    for (int i = 0; i < 3; i++) {
        if (ascii_case_equal(k->value, yes[i])) {
            *out = 1;
            return true;
        }
        if (ascii_case_equal(k->value, no[i])) {
            *out = 0;
            return true;
        }
    }
    pm_ini_key_error(L, PMINDEX_E_PARSE, s, k, "expected yes or no");
    return false;
}

/* A share of text: "60%", "0.6" or "2/3". Percentages and decimals become
 * fractions over 100 (over 1000 ... for more decimals), as the default
 * model's 60/100; a fraction is kept as written. */
static bool parse_share(const char *v, size_t n, struct pm_fraction *f, int *code, const char **why)
{
    pm_trim(&v, &n);
    const char *slash = memchr(v, '/', n);
    if (slash) {
        int64_t part[2] = {0, 0};
        const char *p = v;
        for (int i = 0; i < 2; i++) {
            const char *end = i == 0 ? slash : v + n;
            const char *q = p;
            size_t len = (size_t)(end - q);
            pm_trim(&q, &len);
            if (len == 0) {
                *code = PMINDEX_E_PARSE;
                return false;
            }
            for (size_t j = 0; j < len; j++) {
                if (!pm_ini_digit(q[j])) {
                    *code = PMINDEX_E_PARSE;
                    return false;
                }
                if (part[i] > INT64_C(100000000000000)) {
                    *code = PMINDEX_E_RANGE;
                    *why = "a fraction's numbers have at most 13 digits";
                    return false;
                }
                part[i] = part[i] * 10 + (q[j] - '0');
            }
            p = slash + 1;
        }
        if (part[1] == 0) {
            *code = PMINDEX_E_RANGE;
            *why = "the denominator is 0";
            return false;
        }
        f->num = part[0];
        f->den = part[1];
        return true;
    }
    int64_t u;
    bool pct;
    int rc = pm_decimal_scan(v, n, &u, &pct, why);
    if (rc != 0) {
        *code = rc;
        return false;
    }
    if (u < 0 || u > PMINDEX_VALUE_SCALE) {
        *code = PMINDEX_E_RANGE;
        *why = "a share lies between 0% and 100%";
        return false;
    }
    int64_t den = 100;
    while ((u * den) % PMINDEX_VALUE_SCALE != 0)
        den *= 10;
    f->num = u * den / PMINDEX_VALUE_SCALE;
    f->den = den;
    return true;
}

static bool get_share(struct pm_ini *L, const struct pm_ini_section *s, const struct pm_ini_key *k,
                      struct pm_fraction *f)
{
    int code = 0;
    const char *why = NULL;
    if (parse_share(k->value, strlen(k->value), f, &code, &why))
        return true;
    if (code == PMINDEX_E_RANGE)
        pm_ini_key_error(L, code, s, k, "out of range: %s", why);
    else
        pm_ini_key_error(L, PMINDEX_E_PARSE, s, k, "expected a share, such as 60%%, 0.6 or 2/3");
    return false;
}

/* One of the names name(first) .. name(last). */
static bool get_enum(struct pm_ini *L, const struct pm_ini_section *s, const struct pm_ini_key *k,
                     const char *(*name)(int32_t), int32_t first, int32_t last,
                     const char *expected, int32_t *out)
{
    for (int32_t i = first; i <= last; i++)
        if (ascii_case_equal(k->value, name(i))) {
            *out = i;
            return true;
        }
    pm_ini_key_error(L, PMINDEX_E_PARSE, s, k, "expected %s", expected);
    return false;
}

/* "none" or a tier key. */
static const char *tier_ref(const char *v)
{
    return strcmp(v, "none") == 0 ? NULL : v;
}

static void only_for(struct pm_ini *L, const struct pm_ini_section *s, int index, const char *what)
{
    const struct pm_ini_key *k = find_key(L, s, index);
    if (k)
        pm_ini_key_error(L, PMINDEX_E_MODEL, s, k, "only %s", what);
}

static void missing(struct pm_ini *L, const struct pm_ini_section *s, const char *key,
                    const char *why)
{
    pm_ini_section_error(L, PMINDEX_E_MODEL, s->line, s, key, NULL, 0, "missing key: %s", why);
}

static void feed_item(struct pm_ini *L, pmindex_builder *b, const struct pm_ini_section *s)
{
    const struct pm_ini_key *kt = find_key(L, s, I_TYPE), *km = find_key(L, s, I_MAX);
    int32_t type = 0;
    int64_t max = 0;
    bool ok = get_enum(L, s, kt, pm_ini_type_name, PMINDEX_ITEM_GRADED, PMINDEX_ITEM_RATE,
                       "graded, passfail, deduct or rate", &type);
    ok = get_points(L, s, km, &max) && ok;
    if (!ok)
        return;
    if (type != PMINDEX_ITEM_DEDUCT)
        only_for(L, s, I_PENALTY, "deduct items have a penalty");
    if (type != PMINDEX_ITEM_RATE) {
        only_for(L, s, I_ZERO, "rate items have goalposts");
        only_for(L, s, I_FULL, "rate items have goalposts");
        only_for(L, s, I_TOLERANCE, "rate items have a tolerance");
    }
    /* Graded levels: level1.. without gaps, each with both labels. */
    int32_t nlevels = 0;
    for (int j = 1; j <= PMINDEX_MAX_LEVELS; j++) {
        int base = ITEM_LEVEL0 + 3 * (j - 1);
        const struct pm_ini_key *kv = find_key(L, s, base), *kz = find_key(L, s, base + 1),
                                *ke = find_key(L, s, base + 2);
        const struct pm_ini_key *any = kv ? kv : kz ? kz : ke;
        if (!any)
            continue;
        if (type != PMINDEX_ITEM_GRADED) {
            pm_ini_key_error(L, PMINDEX_E_MODEL, s, any, "only graded items have levels");
            return;
        }
        if (j != nlevels + 1) {
            pm_ini_key_error(L, PMINDEX_E_MODEL, s, any,
                             "levels are numbered from 1 without gaps, but level%d is missing",
                             (int)nlevels + 1);
            return;
        }
        char name[32];
        for (int sub = 0; sub < 3; sub++)
            if (!find_key(L, s, base + sub)) {
                pm_ini_key_name(K_ITEM, base + sub, name, sizeof name);
                pm_ini_section_error(
                    L, PMINDEX_E_MODEL, any->line, s, name, NULL, 0,
                    "missing key: every level needs level%d, level%d_zh and level%d_en", j, j, j);
                return;
            }
        nlevels = j;
    }
    const struct pm_ini_key *kp = find_key(L, s, I_PENALTY), *kz = find_key(L, s, I_ZERO),
                            *kf = find_key(L, s, I_FULL);
    if (type == PMINDEX_ITEM_DEDUCT && !kp)
        missing(L, s, "penalty", "a deduct item needs penalty (the points lost per finding)");
    if (type == PMINDEX_ITEM_RATE && !kz)
        missing(L, s, "zero", "a rate item needs zero (the value that earns 0 points)");
    if (type == PMINDEX_ITEM_RATE && !kf)
        missing(L, s, "full", "a rate item needs full (the value that earns max points)");
    int64_t penalty = 0, zero = 0, full = 0;
    if (kp && type == PMINDEX_ITEM_DEDUCT && !get_points(L, s, kp, &penalty))
        return;
    if (type == PMINDEX_ITEM_RATE && kz && kf) {
        bool ok2 = get_value(L, s, kz, &zero);
        if (!get_value(L, s, kf, &full) || !ok2)
            return;
    }
    const struct pm_ini_key *kt_ = find_key(L, s, I_TOLERANCE);
    int64_t tolerance = 0;
    if (type == PMINDEX_ITEM_RATE && kt_ && !get_value(L, s, kt_, &tolerance))
        return;
    int64_t values[PMINDEX_MAX_LEVELS];
    for (int32_t j = 0; j < nlevels; j++)
        if (!get_value(L, s, find_key(L, s, ITEM_LEVEL0 + 3 * j), &values[j]))
            return;
    if (L->total_errors)
        return;
    pmindex_builder_add_item(b, s->id, text_of(L, s, I_NAME_ZH), text_of(L, s, I_NAME_EN),
                             text_of(L, s, I_INDICATOR), max, type);
    if (type == PMINDEX_ITEM_DEDUCT)
        pmindex_builder_set_penalty(b, penalty);
    if (type == PMINDEX_ITEM_RATE)
        pmindex_builder_set_goalposts(b, zero, full);
    if (type == PMINDEX_ITEM_RATE && kt_)
        pmindex_builder_set_tolerance(b, tolerance);
    pmindex_builder_set_item_basis(b, text_of(L, s, I_BASIS_ZH), text_of(L, s, I_BASIS_EN));
    for (int32_t j = 0; j < nlevels; j++)
        pmindex_builder_add_item_level(b, values[j], text_of(L, s, ITEM_LEVEL0 + 3 * j + 1),
                                       text_of(L, s, ITEM_LEVEL0 + 3 * j + 2));
}

static void feed_cards(struct pm_ini *L, pmindex_builder *b, const struct pm_ini_section *s)
{
    int32_t on_veto = 1;
    bool ok = get_bool(L, s, find_key(L, s, CARDS_BLACK_ON_VETO), &on_veto);
    const struct pm_ini_key *ks = find_key(L, s, CARDS_BLACK_SHARE);
    /* black_share: "none", or "B 50%, C 2/3". */
    struct {
        char id[PMINDEX_MAX_ID_LENGTH + 1];
        struct pm_fraction f;
    } floors[PMINDEX_MAX_INDICATORS];
    int32_t nfloors = 0;
    if (ks && strcmp(ks->value, "none") != 0) {
        const char *p = ks->value;
        for (;;) {
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            const char *e = p;
            pm_trim(&e, &n);
            size_t idn = 0;
            while (idn < n && !pm_ini_blank(e[idn]))
                idn++;
            int code = PMINDEX_E_PARSE;
            const char *why = NULL;
            if (idn == 0 || idn == n || idn > PMINDEX_MAX_ID_LENGTH ||
                nfloors == PMINDEX_MAX_INDICATORS ||
                !parse_share(e + idn, n - idn, &floors[nfloors].f, &code, &why)) {
                if (code == PMINDEX_E_RANGE)
                    pm_ini_key_error(L, code, s, ks, "out of range: %s", why);
                else
                    pm_ini_key_error(L, PMINDEX_E_PARSE, s, ks,
                                     "expected none, or indicators and their share floors, such as "
                                     "B 50%% or B 50%%, C 2/3");
                ok = false;
                break;
            }
            memcpy(floors[nfloors].id, e, idn);
            floors[nfloors++].id[idn] = '\0';
            if (!comma)
                break;
            p = comma + 1;
        }
    }
    if (!ok || L->total_errors)
        return;
    pmindex_builder_set_cards(b, tier_ref(text_of(L, s, CARDS_BLACK_TIER)), on_veto,
                              tier_ref(text_of(L, s, CARDS_RED_TIER)));
    for (int32_t i = 0; i < nfloors; i++)
        pmindex_builder_add_black_share(b, floors[i].id, floors[i].f.num, floors[i].f.den);
}

static void feed(struct pm_ini *L, pmindex_builder *b, int32_t *max_level)
{
    for (int32_t i = 0; i < L->nsections && !pm_ini_stopped(L); i++) {
        const struct pm_ini_section *s = &L->sections[i];
        switch (s->kind) {
        case K_MODEL: {
            const struct pm_ini_key *kf = find_key(L, s, MODEL_FORMAT);
            if (kf && strcmp(kf->value, "1") != 0)
                pm_ini_key_error(L, PMINDEX_E_UNSUPPORTED, s, kf,
                                 "this library reads models of format 1");
            pmindex_builder_set_name(b, text_of(L, s, MODEL_NAME_ZH), text_of(L, s, MODEL_NAME_EN));
            break;
        }
        case K_INDICATOR: {
            int64_t points;
            if (get_points(L, s, find_key(L, s, IND_POINTS), &points) && !L->total_errors)
                pmindex_builder_add_indicator(b, s->id, text_of(L, s, IND_NAME_ZH),
                                              text_of(L, s, IND_NAME_EN), points);
            break;
        }
        case K_ITEM: feed_item(L, b, s); break;
        case K_VETO: {
            int32_t legal;
            if (get_bool(L, s, find_key(L, s, VETO_LEGAL), &legal) && !L->total_errors) {
                pmindex_builder_add_veto(b, s->id, text_of(L, s, VETO_DESCRIPTION_ZH),
                                         text_of(L, s, VETO_DESCRIPTION_EN),
                                         text_of(L, s, VETO_ITEM), legal);
                pmindex_builder_set_veto_basis(b, text_of(L, s, VETO_BASIS_ZH),
                                               text_of(L, s, VETO_BASIS_EN));
            }
            break;
        }
        case K_TIER: {
            int64_t threshold;
            if (get_points(L, s, find_key(L, s, TIER_THRESHOLD), &threshold) && !L->total_errors)
                pmindex_builder_add_tier(b, s->id, text_of(L, s, TIER_LABEL_ZH),
                                         text_of(L, s, TIER_LABEL_EN), threshold);
            break;
        }
        case K_RULES: {
            struct pm_fraction d, c;
            bool ok = get_share(L, s, find_key(L, s, RULES_DOWNGRADE_SHARE), &d);
            if (get_share(L, s, find_key(L, s, RULES_COVERAGE_FLOOR), &c) && ok &&
                !L->total_errors) {
                pmindex_builder_set_rule(b, PMINDEX_RULE_DOWNGRADE_SHARE, d.num, d.den);
                pmindex_builder_set_rule(b, PMINDEX_RULE_COVERAGE_FLOOR, c.num, c.den);
            }
            break;
        }
        case K_CARDS: feed_cards(L, b, s); break;
        case K_COMPANIES: {
            int64_t honour = 0, watch = 0;
            int32_t no_black = 0, on_black = 0;
            bool ok = get_points(L, s, find_key(L, s, COMPANIES_HONOUR_MIN), &honour);
            ok = get_bool(L, s, find_key(L, s, COMPANIES_HONOUR_NO_BLACK), &no_black) && ok;
            ok = get_points(L, s, find_key(L, s, COMPANIES_WATCH_BELOW), &watch) && ok;
            ok = get_bool(L, s, find_key(L, s, COMPANIES_WATCH_ON_BLACK), &on_black) && ok;
            if (ok && !L->total_errors)
                pmindex_builder_set_company_rules(b, honour, no_black, watch, on_black);
            break;
        }
        case K_LADDER: {
            int32_t kind = 0, max = 0, clean = 0, legal = 0;
            bool ok = get_enum(L, s, find_key(L, s, LADDER_PERIODS), pm_ini_period_name,
                               PMINDEX_PERIOD_HALF, PMINDEX_PERIOD_MONTH,
                               "half, quarter or month", &kind);
            ok = get_int(L, s, find_key(L, s, LADDER_MAX_LEVEL), &max) && ok;
            ok = get_int(L, s, find_key(L, s, LADDER_CLEAN_PERIODS), &clean) && ok;
            ok = get_int(L, s, find_key(L, s, LADDER_LEGAL_LEVEL), &legal) && ok;
            const struct pm_ini_key *kr = find_key(L, s, LADDER_RECTIFICATION_DAYS);
            int32_t days = PM_DEFAULT_RECTIFICATION_DAYS;
            ok = (!kr || get_int(L, s, kr, &days)) && ok;
            if (ok)
                *max_level = max;
            if (ok && !L->total_errors) {
                pmindex_builder_set_ladder(b, max, clean, legal, kind);
                pmindex_builder_set_rectification_days(b, days);
            }
            break;
        }
        case K_LEVEL:
            if (!L->total_errors)
                pmindex_builder_set_level(b, s->id[0] - '0', text_of(L, s, LEVEL_MEASURE),
                                          text_of(L, s, LEVEL_LABEL_ZH),
                                          text_of(L, s, LEVEL_LABEL_EN),
                                          text_of(L, s, LEVEL_INSPECTION_ZH),
                                          text_of(L, s, LEVEL_INSPECTION_EN));
            break;
        default: break;
        }
    }
}

/* What the builder cannot see: the ladder's levels against the sections
 * given, and "none" where a tier is called none. */
static void check_sections(struct pm_ini *L, int32_t max_level)
{
    const struct pm_ini_section *ladder = NULL;
    bool level[PMINDEX_MAX_LADDER_LEVEL + 1] = {false};
    bool tier_none = false;
    for (int32_t i = 0; i < L->nsections; i++) {
        const struct pm_ini_section *s = &L->sections[i];
        if (s->kind == K_LADDER)
            ladder = s;
        if (s->kind == K_TIER && strcmp(s->id, "none") == 0)
            tier_none = true;
    }
    for (int32_t i = 0; i < L->nsections; i++) {
        const struct pm_ini_section *s = &L->sections[i];
        if (s->kind == K_LEVEL) {
            int32_t n = s->id[0] - '0';
            level[n] = true;
            if (n > max_level)
                pm_ini_section_error(
                    L, PMINDEX_E_MODEL, s->line, s, NULL, NULL, 0,
                    "the ladder's highest level is %d (max_level in [ladder]): there is no "
                    "level %d",
                    (int)max_level, (int)n);
        }
        if (s->kind == K_CARDS && tier_none)
            for (int t = 0; t < 2; t++) {
                const struct pm_ini_key *k =
                    find_key(L, s, t == 0 ? CARDS_BLACK_TIER : CARDS_RED_TIER);
                if (k && k->value && strcmp(k->value, "none") == 0)
                    pm_ini_key_error(
                        L, PMINDEX_E_MODEL, s, k,
                        "ambiguous: a tier is called none, and none here means no tier; "
                        "rename the tier");
            }
    }
    /* (A highest level out of 1..9 is the builder's to report.) */
    for (int32_t n = PM_DEFAULT_MAX_LEVEL + 1; ladder && n <= max_level && max_level <= 9; n++)
        if (!level[n]) {
            const struct pm_ini_key *k = find_key(L, ladder, LADDER_MAX_LEVEL);
            pm_ini_key_error(L, PMINDEX_E_MODEL, ladder, k,
                             "the ladder goes up to level %d, but there is no section [level %d]",
                             (int)max_level, (int)n);
            break;
        }
}

/* A problem the builder found, at the line of the section and key its
 * fields name (element kind and id, and the key at fault). */
static void builder_error(struct pm_ini *L, const pmindex_error *be)
{
    int32_t element = pmindex_error_element(be);
    const char *id = pmindex_error_element_id(be), *field = pmindex_error_field(be);
    const struct pm_ini_section *s = NULL;
    for (int32_t i = 0; i < L->nsections && !s; i++) {
        const struct pm_ini_section *c = &L->sections[i];
        if (pm_ini_kinds[c->kind].element == element && strcmp(c->id, id) == 0)
            s = c;
    }
    int64_t line = 0;
    const char *value = NULL;
    if (s && !(s->kind == K_MODEL && !field[0])) {
        line = s->line;
        char name[32];
        for (int32_t j = s->first_key; j < s->first_key + s->nkeys; j++) {
            pm_ini_key_name(s->kind, L->keys[j].index, name, sizeof name);
            if (strcmp(name, field) == 0 ||
                (strcmp(field, "levels") == 0 && strcmp(name, "level1") == 0)) {
                line = L->keys[j].line;
                value = L->keys[j].value;
            }
        }
    }
    struct pmindex_error *e =
        pm_ini_error(L, pmindex_error_code(be), line, pmindex_error_section(be), field, value,
                     value ? strlen(value) : 0, "%s", pmindex_error_message(be));
    if (e)
        pm_error_set_element(e, element, id);
}

/* Every problem the builder found. */
static void builder_errors(struct pm_ini *L, const pmindex_builder *b)
{
    int64_t n = pmindex_builder_error_count(b);
    for (int64_t i = 0; i < n && !pm_ini_stopped(L); i++) {
        const pmindex_error *be = pmindex_builder_error_at(b, i);
        /* The builder keeps as many as the loader (PM_MAX_KEPT_ERRORS). */
        assert(be);
        if (be)
            builder_error(L, be);
    }
}

/* Errors by line, file-level ones first, in the order found within a
 * line (a stable insertion sort: there are at most MAX_ERRORS). */
static void sort_errors(struct pmindex_error *e, int32_t n)
{
    for (int32_t i = 1; i < n; i++) {
        struct pmindex_error x = e[i];
        int32_t j = i;
        while (j > 0 && e[j - 1].line > x.line) {
            e[j] = e[j - 1];
            j--;
        }
        e[j] = x;
    }
}

static int load(struct pm_ini *L, pmindex_model **model_out)
{
    *model_out = NULL;
    if (L->len >= 3 && memcmp(L->data, "\xEF\xBB\xBF", 3) == 0) {
        L->data += 3;
        L->len -= 3;
    }
    pm_ini_scan(L);
    if (!pm_ini_stopped(L))
        pm_ini_find_duplicates(L);
    if (!L->nomem && L->count[K_MODEL] == 0 && L->total_errors == 0) {
        struct pmindex_error *e = pm_ini_error(L, PMINDEX_E_MODEL, 0, "model", NULL, NULL, 0,
                                               "no [model] section: is this a pmindex model?");
        if (e)
            pm_error_set_element(e, PMINDEX_ELEMENT_MODEL, NULL);
    }
    if (L->total_errors || L->nomem)
        return PMINDEX_E_MODEL;

    struct dictionaries ds;
    int err = run_iniparser(L, &ds);
    if (err) {
        free_dictionaries(&ds);
        char buf[128];
        if (err == PMINDEX_E_NOMEM)
            pm_ini_error(L, PMINDEX_E_NOMEM, 0, NULL, NULL, NULL, 0,
                         "iniparser could not read the model: out of memory or file descriptors");
        else
            pm_ini_error(L, PMINDEX_E_IO, 0, NULL, NULL, NULL, 0,
                         "cannot make a temporary copy for iniparser: %s", errno_text(err, buf));
        return PMINDEX_E_IO;
    }
    pmindex_builder *b = NULL;
    int rc = L->total_errors ? PMINDEX_E_PARSE : pmindex_builder_new(&b);
    if (rc == PMINDEX_E_NOMEM)
        L->nomem = true;
    if (rc == 0) {
        int32_t max_level = PM_DEFAULT_MAX_LEVEL;
        feed(L, b, &max_level);
        if (L->total_errors == 0)
            check_sections(L, max_level);
        if (L->total_errors == 0 && !L->nomem) {
            rc = pmindex_builder_build(b, model_out);
            if (rc == PMINDEX_E_NOMEM)
                L->nomem = true;
            else if (rc != 0)
                builder_errors(L, b);
        }
    }
    pmindex_builder_free(b);
    free_dictionaries(&ds);
    return *model_out ? PMINDEX_OK : PMINDEX_E_MODEL;
}

/* ---- reading the file --------------------------------------------------- */

static int read_file(const char *path, char **data_out, size_t *len_out, struct pm_ini *L)
{
    *data_out = NULL;
    *len_out = 0;
    bool std_in = strcmp(path, "-") == 0;
    int fd = std_in ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        char buf[128];
        pm_ini_error(L, PMINDEX_E_IO, 0, NULL, NULL, NULL, 0, "cannot open the model: %s",
                     errno_text(errno, buf));
        return PMINDEX_E_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0)
        memset(&st, 0, sizeof st);
    if (S_ISDIR(st.st_mode)) {
        if (!std_in)
            close(fd);
        char buf[128];
        pm_ini_error(L, PMINDEX_E_IO, 0, NULL, NULL, NULL, 0, "cannot read the model: %s",
                     errno_text(EISDIR, buf));
        return PMINDEX_E_IO;
    }
    size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size < PM_INI_MAX_FILE
                     ? (size_t)st.st_size + 1
                     : 65536;
    char *buf = malloc(cap);
    size_t len = 0;
    int rc = buf ? PMINDEX_OK : PMINDEX_E_NOMEM;
    while (rc == 0) {
        if (len == cap) {
            if (cap > PM_INI_MAX_FILE) {
                pm_ini_error(L, PMINDEX_E_LIMIT, 0, NULL, NULL, NULL, 0,
                             "the file is larger than %d MiB: not a model", PM_INI_MAX_FILE >> 20);
                rc = PMINDEX_E_LIMIT;
                break;
            }
            size_t ncap =
                cap * 2 > (size_t)PM_INI_MAX_FILE + 1 ? (size_t)PM_INI_MAX_FILE + 1 : cap * 2;
            char *p = realloc(buf, ncap);
            if (!p) {
                rc = PMINDEX_E_NOMEM;
                break;
            }
            buf = p;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            char text[128];
            pm_ini_error(L, PMINDEX_E_IO, 0, NULL, NULL, NULL, 0, "cannot read the model: %s",
                         errno_text(errno, text));
            rc = PMINDEX_E_IO;
        } else if (r == 0) {
            break;
        } else {
            len += (size_t)r;
        }
    }
    if (!std_in)
        close(fd);
    if (rc != 0) {
        free(buf);
        if (rc == PMINDEX_E_NOMEM)
            L->nomem = true;
        return rc;
    }
    *data_out = buf;
    *len_out = len;
    return PMINDEX_OK;
}

/* ---- the public functions ----------------------------------------------- */

static void loader_init(struct pm_ini *L, const char *name, uint32_t flags)
{
    memset(L, 0, sizeof *L);
    L->name = name;
    L->flags = flags;
}

/* Sorts the errors by line (file-level ones first) and hands them out. */
static int finish(struct pm_ini *L, int rc, pmindex_error *error_out)
{
    if (L->nomem) {
        L->nerrors = 0;
        L->total_errors = 0;
        pm_ini_error(L, PMINDEX_E_NOMEM, 0, NULL, NULL, NULL, 0,
                     "out of memory while loading the model");
        rc = PMINDEX_E_NOMEM;
    }
    sort_errors(L->errors, L->nerrors);
    if (rc != 0 && L->nerrors > 0)
        rc = L->errors[0].code;
    if (error_out) {
        pm_error_clear(error_out);
        if (L->nerrors > 0)
            pm_error_copy(error_out, &L->errors[0]);
        else if (rc != 0)
            pm_error_set(error_out, rc, "%s", pmindex_strerror(rc));
    }
    return rc;
}

static void loader_free(struct pm_ini *L)
{
    free(L->sections);
    free(L->keys);
    free(L->errors);
}

int pm_model_load_ini_bytes(const char *data, size_t len, const char *name, uint32_t flags,
                            pmindex_model **model_out, pmindex_error *error_out)
{
    struct pm_ini L;
    loader_init(&L, name, flags);
    L.data = data;
    L.len = len;
    int rc = load(&L, model_out);
    rc = finish(&L, rc, error_out);
    loader_free(&L);
    return rc;
}

PMINDEX_API int pmindex_model_load_ini_memory(const void *data, size_t len, const char *name,
                                              pmindex_model **model_out, pmindex_error *error)
{
    if (model_out)
        *model_out = NULL;
    if ((!data && len) || !model_out) {
        if (error)
            pm_error_set(error, PMINDEX_E_INVALID, "the data or model_out is NULL");
        return PMINDEX_E_INVALID;
    }
    return pm_model_load_ini_bytes(data ? data : "", len, name ? name : "<memory>", 0, model_out,
                                   error);
}

/* Loads a file into L (whose errors the caller reads, then frees). */
static int load_path(struct pm_ini *L, const char *path, pmindex_model **model_out)
{
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    loader_init(L, name, 0);
    char *data;
    size_t len;
    int rc = read_file(path, &data, &len, L);
    if (rc == 0) {
        L->data = data;
        L->len = len;
        rc = load(L, model_out);
        free(data);
    }
    return rc;
}

PMINDEX_API int pmindex_model_load_ini(const char *path, pmindex_model **model_out,
                                       pmindex_error *error)
{
    if (model_out)
        *model_out = NULL;
    if (!path || !model_out) {
        if (error)
            pm_error_set(error, PMINDEX_E_INVALID, "the path or model_out is NULL");
        return PMINDEX_E_INVALID;
    }
    struct pm_ini L;
    int rc = load_path(&L, path, model_out);
    rc = finish(&L, rc, error);
    loader_free(&L);
    return rc;
}

PMINDEX_API int64_t pmindex_model_check_ini(const char *path, char *buf, size_t cap)
{
    if (!path || (!buf && cap))
        return PMINDEX_E_INVALID;
    struct pm_ini L;
    pmindex_model *model = NULL;
    int rc = load_path(&L, path, &model);
    pmindex_model_free(model);
    finish(&L, rc, NULL);
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    char line[2048];
    for (int32_t i = 0; i < L.nerrors; i++) {
        int64_t n = pmindex_error_format(&L.errors[i], line, sizeof line);
        pm_out_bytes(&o, line, n < (int64_t)sizeof line ? (size_t)n : sizeof line - 1);
        pm_out_char(&o, '\n');
    }
    if (L.total_errors >= MAX_ERRORS) {
        pm_out_str(&o, L.name);
        pm_out_str(&o, ": stopped after ");
        pm_out_int(&o, MAX_ERRORS);
        pm_out_str(&o, " errors\n");
    }
    loader_free(&L);
    return pm_out_finish(&o);
}
