/* A compound's observations packed for the ledger: what was observed, not
 * what it scored, so that a review or a re-scoring never has to guess (points
 * cannot be turned back into a rate's observation). One small blob per
 * assessment, about 1.3 bytes an item:
 *
 *   byte    format (1)
 *   varint  number of items, varint number of vetoes (checked against the model)
 *   varint  per item: 0 when not applicable, else 1 + m * 9 + e for the
 *           value m x 10^e (units of 1/PMINDEX_VALUE_SCALE, e at most 8 and
 *           as large as it goes: 1 is m = 1, e = 8; 0.95 is m = 95, e = 6)
 *   bytes   the vetoes, one bit each, veto v in bit v % 8 of byte v / 8
 *   varint  1 + households, 0 when not given
 *
 * Varints are unsigned LEB128 (7 bits a byte, low bits first). */
#include <string.h>

#include "compound.h"
#include "model.h"

enum { FORMAT = 1, MAX_EXPONENT = 8, VARINT_MAX = 10 };

static const int64_t powers[MAX_EXPONENT + 1] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
};

size_t pm_obs_max(const pmindex_model *m)
{
    return 1 + (size_t)(3 + m->nitems) * VARINT_MAX + (size_t)(m->nvetoes + 7) / 8;
}

static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

size_t pm_obs_encode(const pmindex_compound *c, uint8_t *buf)
{
    const pmindex_model *m = c->model;
    uint8_t *p = buf;
    *p++ = FORMAT;
    p = put_varint(p, (uint64_t)m->nitems);
    p = put_varint(p, (uint64_t)m->nvetoes);
    for (int32_t i = 0; i < m->nitems; i++) {
        int64_t v = c->values[i];
        if (v == PM_NA) {
            *p++ = 0;
            continue;
        }
        /* Sheets hold no negative observation (the parsers refuse them).
         * 0 and 1, most of a sheet, need no division. */
        int e = 0;
        if (v == 0 || v == powers[MAX_EXPONENT]) {
            *p++ = (uint8_t)(1 + (v != 0) * (MAX_EXPONENT + 1) + MAX_EXPONENT);
            continue;
        }
        /* The largest e: tried by halves (8 = 4 + 2 + 1 + 1), a division
         * by a constant each, instead of one digit at a time. */
        for (int k = 4; k >= 1; k /= 2)
            if (v % powers[k] == 0) {
                v /= powers[k];
                e += k;
            }
        if (e < MAX_EXPONENT && v % 10 == 0) {
            v /= 10;
            e++;
        }
        p = put_varint(p, 1 + (uint64_t)v * (MAX_EXPONENT + 1) + (uint64_t)e);
    }
    size_t nbytes = (size_t)(m->nvetoes + 7) / 8;
    memset(p, 0, nbytes);
    for (int32_t v = 0; v < m->nvetoes; v++)
        if (c->vetoes[v])
            p[v / 8] |= (uint8_t)(1u << (v % 8));
    p += nbytes;
    p = put_varint(p, (uint64_t)c->households + 1);
    return (size_t)(p - buf);
}

struct reader {
    const uint8_t *p, *end;
    bool bad;
};

static uint64_t get_varint(struct reader *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p == r->end)
            break;
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return v;
    }
    r->bad = true;
    return 0;
}

int pm_obs_decode(pmindex_compound *c, const uint8_t *buf, size_t len, struct pmindex_error *e)
{
    const pmindex_model *m = c->model;
    struct reader r = {buf, buf + len, false};
    if (len == 0 || *r.p++ != FORMAT)
        return pm_error_set(e, PMINDEX_E_STORE, "the stored observations are damaged or of "
                                                "an unknown format");
    uint64_t nitems = get_varint(&r), nvetoes = get_varint(&r);
    if (r.bad || nitems != (uint64_t)m->nitems || nvetoes != (uint64_t)m->nvetoes)
        return pm_error_set(e, PMINDEX_E_STORE,
                            "the stored observations are not of this model (%llu items and "
                            "%llu vetoes, the model has %d and %d)",
                            (unsigned long long)nitems, (unsigned long long)nvetoes,
                            (int)m->nitems, (int)m->nvetoes);
    for (int32_t i = 0; i < m->nitems && !r.bad; i++) {
        uint64_t t = get_varint(&r);
        if (t == 0) {
            c->values[i] = PM_NA;
            continue;
        }
        uint64_t mant = (t - 1) / (MAX_EXPONENT + 1);
        int x = (int)((t - 1) % (MAX_EXPONENT + 1));
        if (mant > (uint64_t)(INT64_MAX / powers[x])) {
            r.bad = true;
            break;
        }
        int64_t v = (int64_t)mant * powers[x];
        if (pm_check_item_value(m, i, v, e) != PMINDEX_OK)
            return pm_error_set(e, PMINDEX_E_STORE,
                                "the stored observation of item %s is not one the model takes",
                                m->items[i].id);
        c->values[i] = v;
    }
    size_t nbytes = (size_t)(m->nvetoes + 7) / 8;
    if (!r.bad && (size_t)(r.end - r.p) >= nbytes) {
        for (int32_t v = 0; v < m->nvetoes; v++)
            c->vetoes[v] = (r.p[v / 8] >> (v % 8)) & 1;
        /* Bits beyond the last veto stay 0. */
        if (m->nvetoes % 8 && (r.p[nbytes - 1] >> (m->nvetoes % 8)))
            r.bad = true;
        r.p += nbytes;
    } else {
        r.bad = true;
    }
    uint64_t households = r.bad ? 0 : get_varint(&r);
    if (r.bad || r.p != r.end || households > (uint64_t)INT64_MAX)
        return pm_error_set(e, PMINDEX_E_STORE, "the stored observations are damaged");
    c->households = (int64_t)households - 1;
    return PMINDEX_OK;
}
