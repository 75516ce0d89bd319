/* Reading a ledger: rows of one period, one compound or all, and the
 * export's CSV and JSON Lines records. Each query is one SQLite statement,
 * so in WAL mode it reads a consistent snapshot and never waits for a
 * writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"

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

PMINDEX_API int64_t pmindex_ledger_csv_header(char *buf, size_t cap)
{
    if (!buf && cap)
        return PMINDEX_E_INVALID;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    pm_out_str(&o, "compound_id,period,name,street,index,tier,card,level,measures,reasons\n");
    return pm_out_finish(&o);
}

PMINDEX_API int64_t pmindex_ledger_rows_record(const pmindex_ledger_rows *r, int32_t format,
                                               char *buf, size_t cap)
{
    if (!r || (!buf && cap) || (format != PMINDEX_FORMAT_CSV && format != PMINDEX_FORMAT_JSONL))
        return PMINDEX_E_INVALID;
    if (!r->on_row)
        return PMINDEX_E_STATE;
    struct pm_out o;
    pm_out_init(&o, buf, cap);
    int64_t index = pmindex_ledger_rows_int(r, PMINDEX_ROW_INDEX);
    if (format == PMINDEX_FORMAT_CSV) {
        static const int32_t texts[] = {PMINDEX_ROW_COMPOUND_ID, PMINDEX_ROW_PERIOD_NAME,
                                        PMINDEX_ROW_NAME, PMINDEX_ROW_STREET};
        for (size_t t = 0; t < PM_ARRAY_SIZE(texts); t++) {
            pm_out_csv_field(&o, pmindex_ledger_rows_text(r, texts[t]));
            pm_out_char(&o, ',');
        }
        if (index >= 0)
            pm_out_centi(&o, index);
        pm_out_char(&o, ',');
        pm_out_str(&o, pmindex_ledger_rows_text(r, PMINDEX_ROW_TIER_KEY));
        pm_out_char(&o, ',');
        pm_out_str(&o, pmindex_ledger_rows_text(r, PMINDEX_ROW_CARD_KEY));
        pm_out_char(&o, ',');
        pm_out_int(&o, pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL));
        pm_out_char(&o, ',');
        pm_out_csv_field(&o, pmindex_ledger_rows_text(r, PMINDEX_ROW_MEASURE_KEY));
        pm_out_char(&o, ',');
        pm_out_csv_field(&o, pmindex_ledger_rows_text(r, PMINDEX_ROW_REASONS));
        pm_out_char(&o, '\n');
        return pm_out_finish(&o);
    }
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
    };
    pm_out_char(&o, '{');
    for (size_t t = 0; t < PM_ARRAY_SIZE(texts); t++) {
        if (t)
            pm_out_char(&o, ',');
        pm_out_json_string(&o, texts[t].key);
        pm_out_char(&o, ':');
        pm_out_json_string(&o, pmindex_ledger_rows_text(r, texts[t].column));
        if (texts[t].column == PMINDEX_ROW_STREET) {
            pm_out_str(&o, ",\"index\":");
            if (index >= 0)
                pm_out_centi(&o, index);
            else
                pm_out_str(&o, "null");
            pm_out_str(&o, ",\"coverage\":");
            pm_out_centi(&o, pmindex_ledger_rows_int(r, PMINDEX_ROW_COVERAGE));
        }
    }
    for (size_t t = 0; t < PM_ARRAY_SIZE(ints); t++) {
        pm_out_char(&o, ',');
        pm_out_json_string(&o, ints[t].key);
        pm_out_char(&o, ':');
        pm_out_int(&o, pmindex_ledger_rows_int(r, ints[t].column));
    }
    pm_out_str(&o, ",\"measure_level\":");
    pm_out_int(&o, pmindex_ledger_rows_int(r, PMINDEX_ROW_MEASURE));
    pm_out_str(&o, "}\n");
    return pm_out_finish(&o);
}
