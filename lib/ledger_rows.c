/* Reading a ledger: rows of one period, one compound or all, and the
 * export's CSV and JSON Lines records. Each query is one SQLite statement,
 * so in WAL mode it reads a consistent snapshot and never waits for a
 * writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "record.h"

struct pmindex_ledger_rows {
    pmindex_ledger *ledger;
    sqlite3_stmt *st;
    bool on_row;
};

/* Result columns of a row, in this order (a review's changes have the
 * previous revision's after them, from C_COUNT on). */
enum {
    C_COMPOUND_ID, C_PERIOD, C_PERIOD_NAME, C_NAME, C_STREET, C_STATION, C_COMPANY, C_INDEX,
    C_TIER, C_TIER_KEY, C_CARD, C_LEVEL, C_CLEAN, C_LEVEL_BEFORE, C_MEASURE, C_EVENTS,
    C_COVERAGE, C_REASONS, C_INDICATORS, C_ITEMS, C_MEASURE_KEY, C_MEASURE_ZH, C_MEASURE_EN,
    C_REVISION, C_ENTRY, C_REVOKED, C_OBSERVATIONS, C_MANAGED, C_COUNT
};

/* The select list of a row from assessments a, measures m and periods p. */
static void row_columns(char *buf, size_t cap, const char *a, const char *m)
{
    snprintf(buf, cap,
             "%1$s.compound_id, p.code, p.name, %1$s.name, %1$s.street, %1$s.station,"
             " %1$s.company, %1$s.idx, %1$s.tier, %1$s.tier_key, %1$s.card, %1$s.level,"
             " %1$s.clean, %1$s.level_before, %1$s.measure, %1$s.events, %1$s.coverage,"
             " %1$s.reasons, %1$s.indicators, %1$s.items, coalesce(%2$s.key, ''),"
             " coalesce(%2$s.label_zh, ''), coalesce(%2$s.label_en, ''), %1$s.revision,"
             " coalesce(%1$s.entry, 0), coalesce(p.revoked, 0), %1$s.observations, %1$s.managed",
             a, m);
}

/* The measure of a row's revision. */
#define MEASURE_JOIN(m, a) \
    " LEFT JOIN measures " m " ON " m ".seq = " a ".seq AND " m ".compound_id = " a \
    ".compound_id AND " m ".revision = " a ".revision"

/* The current revision of a row: no later revision follows it. */
#define CURRENT_REVISION(a) \
    " NOT EXISTS (SELECT 1 FROM assessments b WHERE b.seq = " a ".seq AND b.compound_id = " a \
    ".compound_id AND b.revision > " a ".revision)"

/* Only a review adds revisions, and it logs itself in the same transaction:
 * rows of a period applied after the ledger's last review are all current,
 * which spares the search for a later revision of each row (`pmindex-ledger
 * period` of 100,000 compounds, 2-core VM: 0.175 -> 0.148 s of CPU time).
 * The test is part of the query, so it reads the same snapshot as the rows,
 * and SQLite reads the log once (the subquery is not correlated). While a
 * review is being made on this handle, its rows are there before its log
 * entry: then every row is searched. */
#define NO_REVIEW_SINCE(p) \
    " coalesce(" p ".entry, 0) > (SELECT coalesce(max(entry), 0) FROM log WHERE" \
    " action = 'review')"

PMINDEX_API int pmindex_ledger_rows_new(pmindex_ledger *l, int32_t period,
                                        const char *compound_id, uint32_t flags,
                                        pmindex_ledger_rows **rows_out)
{
    if (!rows_out)
        return PMINDEX_E_INVALID;
    *rows_out = NULL;
    const uint32_t known = PMINDEX_LEDGER_BY_STREET | PMINDEX_LEDGER_DECISIONS |
                           PMINDEX_LEDGER_ALL_REVISIONS | PMINDEX_LEDGER_REVOKED;
    if (!l || (flags & ~known))
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    char columns[1024], sql[2048];
    row_columns(columns, sizeof columns, "a", "m");
    /* Periods first (few), then each period's rows by primary key; the
     * current revision of a row is the one no later revision follows. */
    snprintf(sql, sizeof sql,
             "SELECT %s FROM periods p CROSS JOIN assessments a ON a.seq = p.seq" MEASURE_JOIN("m", "a")
             " WHERE 1 %s %s %s %s %s ORDER BY p.seq, %s a.compound_id, a.revision",
             columns, period ? "AND p.code = ?1" : "",
             compound_id ? "AND a.compound_id = ?2" : "",
             flags & PMINDEX_LEDGER_DECISIONS ? "AND (a.card != 0 OR a.measure >= 0)" : "",
             flags & PMINDEX_LEDGER_REVOKED ? "" : "AND p.revoked IS NULL",
             flags & PMINDEX_LEDGER_ALL_REVISIONS ? ""
             : l->mode == PM_LEDGER_REVIEWING
                 ? "AND" CURRENT_REVISION("a")
                 : "AND (" NO_REVIEW_SINCE("p") " OR" CURRENT_REVISION("a") ")",
             flags & PMINDEX_LEDGER_BY_STREET ? "a.street," : "");
    pmindex_ledger_rows *r = calloc(1, sizeof *r);
    if (!r)
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    r->ledger = l;
    int rc = sqlite3_prepare_v2(l->db, sql, -1, &r->st, NULL);
    if (rc != SQLITE_OK) {
        free(r);
        return pm_ledger_fail(l, rc, "querying the ledger");
    }
    if (period)
        sqlite3_bind_int64(r->st, 1, period);
    if (compound_id)
        sqlite3_bind_text(r->st, 2, compound_id, -1, SQLITE_TRANSIENT);
    *rows_out = r;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_ledger_rows_free(pmindex_ledger_rows *r)
{
    if (!r)
        return;
    sqlite3_finalize(r->st);
    free(r);
}

PMINDEX_API int pmindex_ledger_rows_next(pmindex_ledger_rows *r)
{
    if (!r)
        return PMINDEX_E_INVALID;
    int rc = sqlite3_step(r->st);
    r->on_row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return pm_ledger_fail(r->ledger, rc, "querying the ledger");
}

static const int int_columns[] = {
    [PMINDEX_ROW_PERIOD] = C_PERIOD,       [PMINDEX_ROW_INDEX] = C_INDEX,
    [PMINDEX_ROW_TIER] = C_TIER,           [PMINDEX_ROW_CARD] = C_CARD,
    [PMINDEX_ROW_LEVEL] = C_LEVEL,         [PMINDEX_ROW_CLEAN] = C_CLEAN,
    [PMINDEX_ROW_LEVEL_BEFORE] = C_LEVEL_BEFORE, [PMINDEX_ROW_MEASURE] = C_MEASURE,
    [PMINDEX_ROW_EVENTS] = C_EVENTS,       [PMINDEX_ROW_COVERAGE] = C_COVERAGE,
    [PMINDEX_ROW_REVISION] = C_REVISION,   [PMINDEX_ROW_ENTRY] = C_ENTRY,
    [PMINDEX_ROW_REVOKED] = C_REVOKED,
};

static const int text_columns[] = {
    [PMINDEX_ROW_COMPOUND_ID] = C_COMPOUND_ID, [PMINDEX_ROW_PERIOD_NAME] = C_PERIOD_NAME,
    [PMINDEX_ROW_NAME] = C_NAME,               [PMINDEX_ROW_STREET] = C_STREET,
    [PMINDEX_ROW_STATION] = C_STATION,         [PMINDEX_ROW_COMPANY] = C_COMPANY,
    [PMINDEX_ROW_TIER_KEY] = C_TIER_KEY,       [PMINDEX_ROW_CARD_KEY] = -1,
    [PMINDEX_ROW_MEASURE_KEY] = C_MEASURE_KEY, [PMINDEX_ROW_REASONS] = C_REASONS,
    [PMINDEX_ROW_INDICATORS] = C_INDICATORS,   [PMINDEX_ROW_ITEMS] = C_ITEMS,
    [PMINDEX_ROW_MEASURE_ZH] = C_MEASURE_ZH,   [PMINDEX_ROW_MEASURE_EN] = C_MEASURE_EN,
};

/* One side of a row in a result: a query's row (base 0), or the previous
 * revision in a review's changes (base C_COUNT). */
struct view {
    sqlite3_stmt *st;
    int base;
};

static int64_t view_int(struct view v, int32_t column)
{
    if (column < 1 || column >= (int32_t)PM_ARRAY_SIZE(int_columns))
        return 0;
    int c = v.base + int_columns[column];
    if (int_columns[column] == C_INDEX && sqlite3_column_type(v.st, c) == SQLITE_NULL)
        return -1;
    return sqlite3_column_int64(v.st, c);
}

static const char *view_text(struct view v, int32_t column)
{
    if (column < 1 || column >= (int32_t)PM_ARRAY_SIZE(text_columns))
        return "";
    if (column == PMINDEX_ROW_CARD_KEY) {
        int64_t card = sqlite3_column_int64(v.st, v.base + C_CARD);
        return card >= 0 && card <= 2 ? pm_card_keys[card] : "";
    }
    const char *s = (const char *)sqlite3_column_text(v.st, v.base + text_columns[column]);
    return s ? s : "";
}

static struct view rows_view(const pmindex_ledger_rows *r)
{
    return (struct view){r->st, 0};
}

PMINDEX_API int64_t pmindex_ledger_rows_int(const pmindex_ledger_rows *r, int32_t column)
{
    if (!r || !r->on_row)
        return 0;
    return view_int(rows_view(r), column);
}

PMINDEX_API const char *pmindex_ledger_rows_text(const pmindex_ledger_rows *r, int32_t column)
{
    if (!r || !r->on_row)
        return "";
    return view_text(rows_view(r), column);
}

/* A row's stored fields and observations into a compound. */
static int view_compound(struct view v, pmindex_compound *c, struct pmindex_error *e)
{
    if (sqlite3_column_type(v.st, v.base + C_OBSERVATIONS) == SQLITE_NULL)
        return 0;
    pmindex_compound_clear(c);
    static const struct {
        const char *column;
        int32_t text;
    } fields[] = {
        {"compound_id", PMINDEX_ROW_COMPOUND_ID}, {"name", PMINDEX_ROW_NAME},
        {"street", PMINDEX_ROW_STREET},           {"station", PMINDEX_ROW_STATION},
        {"company", PMINDEX_ROW_COMPANY},         {"period", PMINDEX_ROW_PERIOD_NAME},
    };
    for (size_t f = 0; f < PM_ARRAY_SIZE(fields); f++) {
        const char *s = view_text(v, fields[f].text);
        if (pmindex_compound_set_text(c, fields[f].column, s, strlen(s)) != PMINDEX_OK) {
            int code = pmindex_error_code(pmindex_compound_error(c));
            pmindex_compound_clear(c);
            return pm_error_set(e, code == PMINDEX_E_NOMEM ? code : PMINDEX_E_STORE,
                                "the stored %s does not read back", fields[f].column);
        }
    }
    c->managed = sqlite3_column_int64(v.st, v.base + C_MANAGED) != 0;
    int rc = pm_obs_decode(c, sqlite3_column_blob(v.st, v.base + C_OBSERVATIONS),
                           (size_t)sqlite3_column_bytes(v.st, v.base + C_OBSERVATIONS), e);
    if (rc != 0) {
        pmindex_compound_clear(c);
        return rc;
    }
    return 1;
}

PMINDEX_API int pmindex_ledger_rows_observations(const pmindex_ledger_rows *r,
                                                 pmindex_compound *compound)
{
    if (!r || !compound)
        return PMINDEX_E_INVALID;
    if (!r->on_row)
        return PMINDEX_E_STATE;
    return view_compound(rows_view(r), compound, &r->ledger->error);
}

int pm_ledger_unobserved(pmindex_ledger *l, int32_t period, struct pm_unobserved *u)
{
    memset(u, 0, sizeof *u);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db,
                                "SELECT p.seq, p.code, a.compound_id FROM periods p JOIN"
                                " assessments a ON a.seq = p.seq WHERE p.revoked IS NULL AND"
                                " p.seq >= (SELECT seq FROM periods WHERE code = ?1 AND revoked"
                                " IS NULL) AND a.observations IS NULL AND" CURRENT_REVISION("a")
                                " ORDER BY p.seq, a.compound_id LIMIT 1",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading the ledger");
    sqlite3_bind_int64(st, 1, period);
    rc = sqlite3_step(st);
    int64_t seq = 0;
    if (rc == SQLITE_ROW) {
        seq = sqlite3_column_int64(st, 0);
        u->period = (int32_t)sqlite3_column_int64(st, 1);
        const char *id = (const char *)sqlite3_column_text(st, 2);
        pm_strlcpy(u->id, id ? id : "", sizeof u->id);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return pm_ledger_fail(l, rc, "reading the ledger");
    rc = sqlite3_prepare_v2(l->db,
                            "SELECT count(*), total(a.observations IS NULL) FROM assessments a"
                            " WHERE a.seq = ?1 AND" CURRENT_REVISION("a"),
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pm_ledger_fail(l, rc, "reading the ledger");
    sqlite3_bind_int64(st, 1, seq);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        u->rows = sqlite3_column_int64(st, 0);
        u->missing = (int64_t)sqlite3_column_double(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : pm_ledger_fail(l, rc, "reading the ledger");
}

/* ---- records ------------------------------------------------------------ */

/* Record styles: the 1.1 export, and what 1.2 changed in it. */
enum style {
    STYLE_1_1 = 1 << 0 /* CSV: no station and company; JSON: the packed texts of the row */
};

static const char *const event_keys[] = {"black", "red", "legal", "skip"};

/* Fields read from a view; v is NULL for the CSV header. */
static void text_field(struct pm_rec *r, const struct view *v, const char *name, int32_t column)
{
    if (pm_rec_field(r, name))
        pm_rec_text(r, view_text(*v, column));
}

static void int_field(struct pm_rec *r, const struct view *v, const char *name, int32_t column)
{
    if (pm_rec_field(r, name))
        pm_rec_int(r, true, view_int(*v, column));
}

static void index_field(struct pm_rec *r, const struct view *v, const char *name)
{
    int64_t index = v ? view_int(*v, PMINDEX_ROW_INDEX) : -1;
    if (pm_rec_field(r, name))
        pm_rec_centi(r, index >= 0, index);
}

/* A number as the ledger stored it ("12.50"): written as it is when it is
 * one, so that a damaged store cannot break the JSON. */
static bool stored_number(const char *s, size_t len)
{
    size_t i = len && s[0] == '-';
    size_t digits = strspn(s + i, "0123456789");
    return digits > 0 && i + digits + 3 == len && s[i + digits] == '.' &&
           strspn(s + i + digits + 1, "0123456789") == 2;
}

/* "A=12.00;B=;C=NA" as {"A":12.00,"B":null,"C":null}. */
static void packed_object(struct pm_rec *r, const char *packed)
{
    pm_rec_object_begin(r);
    while (*packed) {
        size_t len = strcspn(packed, ";");
        const char *eq = memchr(packed, '=', len);
        size_t klen = eq ? (size_t)(eq - packed) : len;
        char key[PMINDEX_MAX_ID_LENGTH + 1];
        if (klen < sizeof key) {
            memcpy(key, packed, klen);
            key[klen] = '\0';
            const char *v = eq ? eq + 1 : packed + len;
            size_t vlen = (size_t)(packed + len - v);
            pm_rec_field(r, key);
            if (stored_number(v, vlen)) {
                pm_out_bytes(r->o, v, vlen);
            } else {
                pm_rec_null(r); /* empty or NA: no points */
            }
        }
        packed += len + (packed[len] == ';');
    }
    pm_rec_object_end(r);
}

/* The reason keys stored as "a;b;c", as a list. */
static void packed_list(struct pm_rec *r, const char *packed)
{
    pm_rec_list_begin(r, pm_rec_needs_quotes(packed));
    char item[256];
    while (*packed) {
        size_t len = strcspn(packed, ";");
        size_t n = len < sizeof item ? len : sizeof item - 1;
        memcpy(item, packed, n);
        item[n] = '\0';
        pm_rec_list_text(r, item);
        packed += len + (packed[len] == ';');
    }
    pm_rec_list_end(r);
}

/* The 1.2 record: the row's values, lists and objects where 1.1 packs
 * texts; its revision, and whether its period was revoked. */
static void row_fields(struct pm_rec *r, const struct view *v)
{
    bool json = pm_rec_json(r);
    text_field(r, v, "compound_id", PMINDEX_ROW_COMPOUND_ID);
    text_field(r, v, "period", PMINDEX_ROW_PERIOD_NAME);
    int_field(r, v, "revision", PMINDEX_ROW_REVISION);
    text_field(r, v, "name", PMINDEX_ROW_NAME);
    text_field(r, v, "street", PMINDEX_ROW_STREET);
    text_field(r, v, "station", PMINDEX_ROW_STATION);
    text_field(r, v, "company", PMINDEX_ROW_COMPANY);
    index_field(r, v, "index");
    if (json && pm_rec_field(r, "coverage"))
        pm_rec_centi(r, true, view_int(*v, PMINDEX_ROW_COVERAGE));
    text_field(r, v, "tier", PMINDEX_ROW_TIER_KEY);
    text_field(r, v, "card", PMINDEX_ROW_CARD_KEY);
    if (json)
        int_field(r, v, "level_before", PMINDEX_ROW_LEVEL_BEFORE);
    int_field(r, v, "level", PMINDEX_ROW_LEVEL);
    if (!json) {
        text_field(r, v, "measures", PMINDEX_ROW_MEASURE_KEY);
    } else {
        int_field(r, v, "clean", PMINDEX_ROW_CLEAN);
        pm_rec_field(r, "events");
        int64_t events = view_int(*v, PMINDEX_ROW_EVENTS);
        pm_rec_list_begin(r, false);
        for (size_t e = 0; e < PM_ARRAY_SIZE(event_keys); e++)
            if (events & (INT64_C(1) << e))
                pm_rec_list_text(r, event_keys[e]);
        pm_rec_list_end(r);
        pm_rec_field(r, "measure");
        int64_t level = view_int(*v, PMINDEX_ROW_MEASURE);
        if (level < 0) {
            pm_rec_null(r);
        } else {
            pm_rec_object_begin(r);
            int_field(r, v, "level", PMINDEX_ROW_MEASURE);
            text_field(r, v, "key", PMINDEX_ROW_MEASURE_KEY);
            text_field(r, v, "zh", PMINDEX_ROW_MEASURE_ZH);
            text_field(r, v, "en", PMINDEX_ROW_MEASURE_EN);
            pm_rec_object_end(r);
        }
    }
    if (pm_rec_field(r, "reasons"))
        packed_list(r, view_text(*v, PMINDEX_ROW_REASONS));
    if (json) {
        pm_rec_field(r, "indicators");
        packed_object(r, view_text(*v, PMINDEX_ROW_INDICATORS));
        pm_rec_field(r, "items");
        packed_object(r, view_text(*v, PMINDEX_ROW_ITEMS));
    }
    if (pm_rec_field(r, "revoked"))
        pm_rec_bool(r, view_int(*v, PMINDEX_ROW_REVOKED) != 0);
    if (json && pm_rec_field(r, "entry")) {
        int64_t entry = view_int(*v, PMINDEX_ROW_ENTRY);
        pm_rec_int(r, entry > 0, entry);
    }
}

/* The 1.1 record: the export's CSV, or every column of the row as it is. */
static void row_fields_1_1(struct pm_rec *r, const struct view *v)
{
    static const struct {
        const char *key;
        int32_t column;
    } texts[] = {
        {"compound_id", PMINDEX_ROW_COMPOUND_ID}, {"period", PMINDEX_ROW_PERIOD_NAME},
        {"name", PMINDEX_ROW_NAME},               {"street", PMINDEX_ROW_STREET},
        {"station", PMINDEX_ROW_STATION},         {"company", PMINDEX_ROW_COMPANY},
        {"tier", PMINDEX_ROW_TIER_KEY},           {"card", PMINDEX_ROW_CARD_KEY},
        {"measure", PMINDEX_ROW_MEASURE_KEY},     {"measure_zh", PMINDEX_ROW_MEASURE_ZH},
        {"measure_en", PMINDEX_ROW_MEASURE_EN},   {"reasons", PMINDEX_ROW_REASONS},
        {"indicators", PMINDEX_ROW_INDICATORS},   {"items", PMINDEX_ROW_ITEMS},
    };
    static const struct {
        const char *key;
        int32_t column;
    } ints[] = {
        {"level_before", PMINDEX_ROW_LEVEL_BEFORE}, {"level", PMINDEX_ROW_LEVEL},
        {"clean", PMINDEX_ROW_CLEAN},               {"events", PMINDEX_ROW_EVENTS},
        {"measure_level", PMINDEX_ROW_MEASURE},
    };
    if (!pm_rec_json(r)) {
        for (size_t t = 0; t < 4; t++)
            text_field(r, v, texts[t].key, texts[t].column);
        index_field(r, v, "index");
        text_field(r, v, "tier", PMINDEX_ROW_TIER_KEY);
        text_field(r, v, "card", PMINDEX_ROW_CARD_KEY);
        int_field(r, v, "level", PMINDEX_ROW_LEVEL);
        text_field(r, v, "measures", PMINDEX_ROW_MEASURE_KEY);
        text_field(r, v, "reasons", PMINDEX_ROW_REASONS);
        return;
    }
    for (size_t t = 0; t < PM_ARRAY_SIZE(texts); t++) {
        text_field(r, v, texts[t].key, texts[t].column);
        if (texts[t].column == PMINDEX_ROW_STREET) {
            index_field(r, v, "index");
            pm_rec_field(r, "coverage");
            pm_rec_centi(r, true, view_int(*v, PMINDEX_ROW_COVERAGE));
        }
    }
    for (size_t t = 0; t < PM_ARRAY_SIZE(ints); t++)
        int_field(r, v, ints[t].key, ints[t].column);
}

/* The records of a row, as pm_rec_write() takes them (NULL for the header). */
static void record_1_2(struct pm_rec *r, const void *rows)
{
    struct view v = rows ? rows_view(rows) : (struct view){NULL, 0};
    row_fields(r, rows ? &v : NULL);
}

static void record_1_1(struct pm_rec *r, const void *rows)
{
    struct view v = rows ? rows_view(rows) : (struct view){NULL, 0};
    row_fields_1_1(r, rows ? &v : NULL);
}

static int64_t row_record(const pmindex_ledger_rows *rows, int32_t format, uint32_t style,
                          char *buf, size_t cap)
{
    return pm_rec_write(style & STYLE_1_1 ? record_1_1 : record_1_2, rows, format, buf, cap);
}

PMINDEX_API int64_t pmindex_ledger_row_header(int32_t format, uint32_t flags, char *buf,
                                              size_t cap)
{
    if (!pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    return row_record(NULL, format, 0, buf, cap);
}

PMINDEX_API int64_t pmindex_ledger_row_record(const pmindex_ledger_rows *rows, int32_t format,
                                              uint32_t flags, char *buf, size_t cap)
{
    if (!rows || !pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (!rows->on_row)
        return PMINDEX_E_STATE;
    return row_record(rows, format, 0, buf, cap);
}

PMINDEX_API int64_t pmindex_ledger_csv_header(char *buf, size_t cap)
{
    if (!buf && cap)
        return PMINDEX_E_INVALID;
    return row_record(NULL, PMINDEX_FORMAT_CSV, STYLE_1_1, buf, cap);
}

PMINDEX_API int64_t pmindex_ledger_rows_record(const pmindex_ledger_rows *r, int32_t format,
                                               char *buf, size_t cap)
{
    if (!r || (!buf && cap) || !pm_rec_format_ok(format))
        return PMINDEX_E_INVALID;
    if (!r->on_row)
        return PMINDEX_E_STATE;
    return row_record(r, format, STYLE_1_1, buf, cap);
}

/* ---- a review's changes ------------------------------------------------------ */

struct pmindex_ledger_changes {
    pmindex_ledger *ledger;
    sqlite3_stmt *st;
    struct pm_ledger_written *rows; /* copied: the ledger's list changes with its next change */
    int64_t n, next;
    bool on_row, has_old;
};

PMINDEX_API int pmindex_ledger_changes_new(pmindex_ledger *l, uint32_t flags,
                                           pmindex_ledger_changes **changes_out)
{
    if (!changes_out)
        return PMINDEX_E_INVALID;
    *changes_out = NULL;
    if (!l || flags)
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    pmindex_ledger_changes *ch = calloc(1, sizeof *ch);
    if (!ch || (l->nwritten && !(ch->rows = calloc((size_t)l->nwritten, sizeof *ch->rows)))) {
        free(ch);
        return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
    }
    ch->ledger = l;
    for (; ch->n < l->nwritten; ch->n++) {
        ch->rows[ch->n] = l->written[ch->n];
        if (!(ch->rows[ch->n].id = strdup(l->written[ch->n].id))) {
            pmindex_ledger_changes_free(ch);
            return pm_error_set(&l->error, PMINDEX_E_NOMEM, "out of memory");
        }
    }
    char now[1024], before[1024], sql[3072];
    row_columns(now, sizeof now, "a", "m");
    row_columns(before, sizeof before, "b", "mb");
    snprintf(sql, sizeof sql,
             "SELECT %s, %s FROM periods p CROSS JOIN assessments a ON a.seq = p.seq"
             MEASURE_JOIN("m", "a") " LEFT JOIN assessments b ON b.seq = a.seq AND"
             " b.compound_id = a.compound_id AND b.revision = a.revision - 1"
             MEASURE_JOIN("mb", "b")
             " WHERE a.seq = ?1 AND a.compound_id = ?2 AND a.revision = ?3", now, before);
    int rc = sqlite3_prepare_v2(l->db, sql, -1, &ch->st, NULL);
    if (rc != SQLITE_OK) {
        pmindex_ledger_changes_free(ch);
        return pm_ledger_fail(l, rc, "reading the changes");
    }
    *changes_out = ch;
    return PMINDEX_OK;
}

PMINDEX_API void pmindex_ledger_changes_free(pmindex_ledger_changes *ch)
{
    if (!ch)
        return;
    for (int64_t k = 0; k < ch->n; k++)
        free(ch->rows[k].id);
    free(ch->rows);
    sqlite3_finalize(ch->st);
    free(ch);
}

PMINDEX_API int pmindex_ledger_changes_next(pmindex_ledger_changes *ch)
{
    if (!ch)
        return PMINDEX_E_INVALID;
    ch->on_row = false;
    while (ch->next < ch->n) {
        const struct pm_ledger_written *w = &ch->rows[ch->next++];
        sqlite3_reset(ch->st);
        sqlite3_bind_int64(ch->st, 1, w->seq);
        sqlite3_bind_text(ch->st, 2, w->id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ch->st, 3, w->revision);
        int rc = sqlite3_step(ch->st);
        if (rc == SQLITE_DONE)
            continue; /* rolled back since: gone */
        if (rc != SQLITE_ROW)
            return pm_ledger_fail(ch->ledger, rc, "reading the changes");
        ch->on_row = true;
        ch->has_old = sqlite3_column_type(ch->st, C_COUNT + C_REVISION) != SQLITE_NULL;
        return 1;
    }
    return 0;
}

/* The view of one side, or NULL when there is none. */
static const struct view *change_side(const pmindex_ledger_changes *ch, int32_t side,
                                      struct view *v)
{
    if (!ch || !ch->on_row || (side != PMINDEX_CHANGE_OLD && side != PMINDEX_CHANGE_NEW) ||
        (side == PMINDEX_CHANGE_OLD && !ch->has_old))
        return NULL;
    *v = (struct view){ch->st, side == PMINDEX_CHANGE_OLD ? C_COUNT : 0};
    return v;
}

PMINDEX_API int64_t pmindex_ledger_changes_int(const pmindex_ledger_changes *ch, int32_t side,
                                               int32_t column)
{
    struct view v;
    return change_side(ch, side, &v) ? view_int(v, column) : 0;
}

PMINDEX_API const char *pmindex_ledger_changes_text(const pmindex_ledger_changes *ch,
                                                    int32_t side, int32_t column)
{
    struct view v;
    return change_side(ch, side, &v) ? view_text(v, column) : "";
}

/* JSON: one side of a change as an object, or null when there is none. */
static void change_side_fields(struct pm_rec *r, const struct view *v, const char *prefix)
{
    if (pm_rec_json(r)) {
        pm_rec_field(r, prefix);
        if (!v) {
            pm_rec_null(r);
            return;
        }
        pm_rec_object_begin(r);
        int_field(r, v, "revision", PMINDEX_ROW_REVISION);
        index_field(r, v, "index");
        text_field(r, v, "tier", PMINDEX_ROW_TIER_KEY);
        text_field(r, v, "card", PMINDEX_ROW_CARD_KEY);
        int_field(r, v, "level_before", PMINDEX_ROW_LEVEL_BEFORE);
        int_field(r, v, "level", PMINDEX_ROW_LEVEL);
        int_field(r, v, "clean", PMINDEX_ROW_CLEAN);
        text_field(r, v, "measure", PMINDEX_ROW_MEASURE_KEY);
        if (pm_rec_field(r, "reasons"))
            packed_list(r, view_text(*v, PMINDEX_ROW_REASONS));
        pm_rec_object_end(r);
    }
}

static void change_fields(struct pm_rec *r, const void *obj)
{
    const pmindex_ledger_changes *ch = obj;
    struct view now, before;
    const struct view *n = ch ? change_side(ch, PMINDEX_CHANGE_NEW, &now) : NULL;
    const struct view *b = ch ? change_side(ch, PMINDEX_CHANGE_OLD, &before) : NULL;
    text_field(r, n, "compound_id", PMINDEX_ROW_COMPOUND_ID);
    text_field(r, n, "period", PMINDEX_ROW_PERIOD_NAME);
    int_field(r, n, "revision", PMINDEX_ROW_REVISION);
    if (pm_rec_json(r)) {
        text_field(r, n, "name", PMINDEX_ROW_NAME);
        change_side_fields(r, b, "old");
        change_side_fields(r, n, "new");
        return;
    }
    /* CSV: each value before and after, side by side; empty before when
     * the row had no earlier revision. */
    static const struct {
        const char *old_key, *new_key;
        int32_t column;
        bool text;
    } pairs[] = {
        {"old_index", "new_index", PMINDEX_ROW_INDEX, false},
        {"old_tier", "new_tier", PMINDEX_ROW_TIER_KEY, true},
        {"old_card", "new_card", PMINDEX_ROW_CARD_KEY, true},
        {"old_level", "new_level", PMINDEX_ROW_LEVEL, false},
        {"old_measures", "new_measures", PMINDEX_ROW_MEASURE_KEY, true},
    };
    for (size_t k = 0; k < PM_ARRAY_SIZE(pairs); k++) {
        const struct view *sides[2] = {b, n};
        const char *keys[2] = {pairs[k].old_key, pairs[k].new_key};
        for (int s = 0; s < 2; s++) {
            if (!pm_rec_field(r, keys[s]))
                continue;
            if (!sides[s])
                pm_rec_null(r);
            else if (pairs[k].text)
                pm_rec_text(r, view_text(*sides[s], pairs[k].column));
            else if (pairs[k].column == PMINDEX_ROW_INDEX) {
                int64_t index = view_int(*sides[s], PMINDEX_ROW_INDEX);
                pm_rec_centi(r, index >= 0, index);
            } else
                pm_rec_int(r, true, view_int(*sides[s], pairs[k].column));
        }
    }
}

PMINDEX_API int64_t pmindex_ledger_change_header(int32_t format, uint32_t flags, char *buf,
                                                 size_t cap)
{
    if (!pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    return pm_rec_write(change_fields, NULL, format, buf, cap);
}

PMINDEX_API int64_t pmindex_ledger_change_record(const pmindex_ledger_changes *ch,
                                                 int32_t format, uint32_t flags, char *buf,
                                                 size_t cap)
{
    if (!ch || !pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (!ch->on_row)
        return PMINDEX_E_STATE;
    return pm_rec_write(change_fields, ch, format, buf, cap);
}
