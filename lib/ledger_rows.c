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

/* Result columns of the query, in this order. */
enum {
    C_COMPOUND_ID, C_PERIOD, C_PERIOD_NAME, C_NAME, C_STREET, C_STATION, C_COMPANY, C_INDEX,
    C_TIER, C_TIER_KEY, C_CARD, C_LEVEL, C_CLEAN, C_LEVEL_BEFORE, C_MEASURE, C_EVENTS,
    C_COVERAGE, C_REASONS, C_INDICATORS, C_ITEMS, C_MEASURE_KEY, C_MEASURE_ZH, C_MEASURE_EN
};

PMINDEX_API int pmindex_ledger_rows_new(pmindex_ledger *l, int32_t period,
                                        const char *compound_id, uint32_t flags,
                                        pmindex_ledger_rows **rows_out)
{
    if (!rows_out)
        return PMINDEX_E_INVALID;
    *rows_out = NULL;
    if (!l || (flags & ~(uint32_t)(PMINDEX_LEDGER_BY_STREET | PMINDEX_LEDGER_DECISIONS)))
        return PMINDEX_E_INVALID;
    pm_error_clear(&l->error);
    char sql[1024];
    /* Periods first (few), then each period's rows by primary key. */
    snprintf(sql, sizeof sql,
             "SELECT a.compound_id, a.period, p.name, a.name, a.street, a.station, a.company,"
             " a.idx, a.tier, a.tier_key, a.card, a.level, a.clean, a.level_before, a.measure,"
             " a.events, a.coverage, a.reasons, a.indicators, a.items,"
             " coalesce(m.key, ''), coalesce(m.label_zh, ''), coalesce(m.label_en, '')"
             " FROM periods p CROSS JOIN assessments a ON a.period = p.code"
             " LEFT JOIN measures m ON m.period = a.period AND m.compound_id = a.compound_id"
             " AND m.level = a.measure"
             " WHERE 1 %s %s %s ORDER BY p.seq, %s a.compound_id",
             period ? "AND p.code = ?1" : "", compound_id ? "AND a.compound_id = ?2" : "",
             flags & PMINDEX_LEDGER_DECISIONS ? "AND (a.card != 0 OR a.measure >= 0)" : "",
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

PMINDEX_API int64_t pmindex_ledger_rows_int(const pmindex_ledger_rows *r, int32_t column)
{
    if (!r || !r->on_row || column < 1 || column >= (int32_t)PM_ARRAY_SIZE(int_columns))
        return 0;
    int c = int_columns[column];
    if (c == C_INDEX && sqlite3_column_type(r->st, c) == SQLITE_NULL)
        return -1;
    return sqlite3_column_int64(r->st, c);
}

PMINDEX_API const char *pmindex_ledger_rows_text(const pmindex_ledger_rows *r, int32_t column)
{
    if (!r || !r->on_row || column < 1 || column >= (int32_t)PM_ARRAY_SIZE(text_columns))
        return "";
    if (column == PMINDEX_ROW_CARD_KEY) {
        int64_t card = sqlite3_column_int64(r->st, C_CARD);
        return card >= 0 && card <= 2 ? pm_card_keys[card] : "";
    }
    const char *s = (const char *)sqlite3_column_text(r->st, text_columns[column]);
    return s ? s : "";
}

/* ---- records ------------------------------------------------------------ */

/* Record styles: the 1.1 export, and what 1.2 changed in it. */
enum style {
    STYLE_1_1 = 1 << 0 /* CSV: no station and company; JSON: the packed texts of the row */
};

static const char *const event_keys[] = {"black", "red", "legal", "skip"};

static void text_field(struct pm_rec *r, const pmindex_ledger_rows *rows, const char *name,
                       int32_t column)
{
    if (pm_rec_field(r, name))
        pm_rec_text(r, pmindex_ledger_rows_text(rows, column));
}

static void int_field(struct pm_rec *r, const pmindex_ledger_rows *rows, const char *name,
                      int32_t column)
{
    if (pm_rec_field(r, name))
        pm_rec_int(r, true, pmindex_ledger_rows_int(rows, column));
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

/* The 1.2 record: the row's values, lists and objects where 1.1 packs texts. */
static void row_fields(struct pm_rec *r, const pmindex_ledger_rows *rows)
{
    bool json = pm_rec_json(r);
    text_field(r, rows, "compound_id", PMINDEX_ROW_COMPOUND_ID);
    text_field(r, rows, "period", PMINDEX_ROW_PERIOD_NAME);
    text_field(r, rows, "name", PMINDEX_ROW_NAME);
    text_field(r, rows, "street", PMINDEX_ROW_STREET);
    text_field(r, rows, "station", PMINDEX_ROW_STATION);
    text_field(r, rows, "company", PMINDEX_ROW_COMPANY);
    int64_t index = rows ? pmindex_ledger_rows_int(rows, PMINDEX_ROW_INDEX) : -1;
    if (pm_rec_field(r, "index"))
        pm_rec_centi(r, index >= 0, index);
    if (json && pm_rec_field(r, "coverage"))
        pm_rec_centi(r, true, pmindex_ledger_rows_int(rows, PMINDEX_ROW_COVERAGE));
    text_field(r, rows, "tier", PMINDEX_ROW_TIER_KEY);
    text_field(r, rows, "card", PMINDEX_ROW_CARD_KEY);
    if (json)
        int_field(r, rows, "level_before", PMINDEX_ROW_LEVEL_BEFORE);
    int_field(r, rows, "level", PMINDEX_ROW_LEVEL);
    if (!json) {
        text_field(r, rows, "measures", PMINDEX_ROW_MEASURE_KEY);
    } else {
        int_field(r, rows, "clean", PMINDEX_ROW_CLEAN);
        pm_rec_field(r, "events");
        int64_t events = pmindex_ledger_rows_int(rows, PMINDEX_ROW_EVENTS);
        pm_rec_list_begin(r, false);
        for (size_t e = 0; e < PM_ARRAY_SIZE(event_keys); e++)
            if (events & (INT64_C(1) << e))
                pm_rec_list_text(r, event_keys[e]);
        pm_rec_list_end(r);
        pm_rec_field(r, "measure");
        int64_t level = pmindex_ledger_rows_int(rows, PMINDEX_ROW_MEASURE);
        if (level < 0) {
            pm_rec_null(r);
        } else {
            pm_rec_object_begin(r);
            int_field(r, rows, "level", PMINDEX_ROW_MEASURE);
            text_field(r, rows, "key", PMINDEX_ROW_MEASURE_KEY);
            text_field(r, rows, "zh", PMINDEX_ROW_MEASURE_ZH);
            text_field(r, rows, "en", PMINDEX_ROW_MEASURE_EN);
            pm_rec_object_end(r);
        }
    }
    if (pm_rec_field(r, "reasons"))
        packed_list(r, pmindex_ledger_rows_text(rows, PMINDEX_ROW_REASONS));
    if (json) {
        pm_rec_field(r, "indicators");
        packed_object(r, pmindex_ledger_rows_text(rows, PMINDEX_ROW_INDICATORS));
        pm_rec_field(r, "items");
        packed_object(r, pmindex_ledger_rows_text(rows, PMINDEX_ROW_ITEMS));
    }
}

/* The 1.1 record: the export's CSV, or every column of the row as it is. */
static void row_fields_1_1(struct pm_rec *r, const pmindex_ledger_rows *rows)
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
    int64_t index = rows ? pmindex_ledger_rows_int(rows, PMINDEX_ROW_INDEX) : -1;
    if (!pm_rec_json(r)) {
        for (size_t t = 0; t < 4; t++)
            text_field(r, rows, texts[t].key, texts[t].column);
        if (pm_rec_field(r, "index"))
            pm_rec_centi(r, index >= 0, index);
        text_field(r, rows, "tier", PMINDEX_ROW_TIER_KEY);
        text_field(r, rows, "card", PMINDEX_ROW_CARD_KEY);
        int_field(r, rows, "level", PMINDEX_ROW_LEVEL);
        text_field(r, rows, "measures", PMINDEX_ROW_MEASURE_KEY);
        text_field(r, rows, "reasons", PMINDEX_ROW_REASONS);
        return;
    }
    for (size_t t = 0; t < PM_ARRAY_SIZE(texts); t++) {
        text_field(r, rows, texts[t].key, texts[t].column);
        if (texts[t].column == PMINDEX_ROW_STREET) {
            pm_rec_field(r, "index");
            pm_rec_centi(r, index >= 0, index);
            pm_rec_field(r, "coverage");
            pm_rec_centi(r, true, pmindex_ledger_rows_int(rows, PMINDEX_ROW_COVERAGE));
        }
    }
    for (size_t t = 0; t < PM_ARRAY_SIZE(ints); t++)
        int_field(r, rows, ints[t].key, ints[t].column);
}

/* A row's record (rows NULL for the CSV header). */
static int64_t row_record(const pmindex_ledger_rows *rows, int32_t format, uint32_t style,
                          char *buf, size_t cap)
{
    struct pm_out o;
    struct pm_rec r;
    pm_out_init(&o, buf, cap);
    pm_rec_begin(&r, &o, format, rows == NULL);
    if (style & STYLE_1_1)
        row_fields_1_1(&r, rows);
    else
        row_fields(&r, rows);
    pm_rec_end(&r);
    return pm_out_finish(&o);
}

PMINDEX_API int64_t pmindex_ledger_row_header(int32_t format, uint32_t flags, char *buf,
                                              size_t cap)
{
    if (!pm_rec_format_ok(format) || flags || (!buf && cap))
        return PMINDEX_E_INVALID;
    if (format == PMINDEX_FORMAT_JSONL) { /* JSON Lines has no header line */
        struct pm_out o;
        pm_out_init(&o, buf, cap);
        return pm_out_finish(&o);
    }
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
