/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file district.h
 * @brief A district's period: ranks and the summaries of streets, stations and companies.
 *
 * Part of the public API; `#include <pmindex/pmindex.h>` gives every part.
 * This header compiles alone. The conventions of every function are those
 * of pmindex.h.
 */
#ifndef PMINDEX_DISTRICT_H
#define PMINDEX_DISTRICT_H

#include <pmindex/assess.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/** @name A district's period: rankings and summaries */
/* ======================================================================== */
/** @{ */

/**
 * The verdicts of every compound of one period, ranked and summarised by
 * street, police station and property company. Each compound is kept in
 * about 100 bytes (its id, name, groups, households, index, indicator
 * points, coverage, tier, card and reasons), not as a whole assessment, so
 * a million compounds fit in about 120 MB.
 *
 * Add every compound, then call pmindex_district_compute() once; the
 * accessors read the result. Compounds are numbered from 0 in the order
 * they were added.
 *
 * Ranks: compounds are ordered by tier first (0 best), then by index,
 * highest first, so that a vetoed or downgraded compound never ranks above
 * one of a better tier. Equal tier and index share a rank, and the next
 * rank skips (1, 2, 2, 4). The listing order is by rank, then by
 * compound_id (byte order); fallback compounds (#PMINDEX_TIER_FALLBACK)
 * have no rank and are listed last, by compound_id. A compound's street and
 * station ranks are the same order within its street and its station.
 *
 * Groups: a compound belongs to the street and the station it names (none
 * when the field is empty) and, when it is managed and names a company, to
 * that company. Unmanaged compounds never count for a company.
 * @since 1.1
 */
typedef struct pmindex_district pmindex_district;

/** What a ranking or summary is by. @since 1.1 */
enum pmindex_scope {
    PMINDEX_SCOPE_DISTRICT = 0, /**< the whole district (one group, number 0) */
    PMINDEX_SCOPE_STREET = 1,   /**< street offices (街道) */
    PMINDEX_SCOPE_STATION = 2,  /**< police stations (派出所) */
    PMINDEX_SCOPE_COMPANY = 3   /**< property companies (物业服务企业), managed compounds only */
};

/**
 * Statistics of the index of a group's compounds that have a tier (the
 * fallback compounds are counted, but their index is left out). Every
 * value is in centipoints, rounded to the hundredth half away from zero
 * (all values are >= 0, so half up).
 * @since 1.1
 */
enum pmindex_stat {
    PMINDEX_STAT_MEAN = 0,         /**< the plain mean */
    PMINDEX_STAT_MEDIAN = 1,       /**< the middle value; the mean of the two middle ones */
    PMINDEX_STAT_MIN = 2,          /**< the lowest */
    PMINDEX_STAT_MAX = 3,          /**< the highest */
    PMINDEX_STAT_WEIGHTED_MEAN = 4 /**< weighted by households; compounds without households
                                        weigh 0, and a group whose compounds give none at all
                                        has the plain mean */
};

/** The company lists a group is on (the model's company rules). @since 1.1 */
enum pmindex_list_flags {
    PMINDEX_LIST_HONOUR = 1 << 0, /**< the honour list */
    PMINDEX_LIST_WATCH = 1 << 1   /**< the watch list */
};

/**
 * Makes an empty district.
 * @param model the model of its compounds; must outlive the district.
 * @param district_out receives it; free it with pmindex_district_free().
 * @return #PMINDEX_OK, #PMINDEX_E_NOMEM or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_district_new(const pmindex_model *model, pmindex_district **district_out);

/** @param district a district, or NULL. Frees it. @since 1.1 */
void pmindex_district_free(pmindex_district *district);

/**
 * The error of the last failed pmindex_district_add() or
 * pmindex_district_compute().
 * @param district a district.
 * @return the error; valid until the next call on the district.
 * @since 1.1
 */
const pmindex_error *pmindex_district_error(const pmindex_district *district);

/**
 * Adds one compound with its verdict. What rankings and summaries need is
 * copied: the compound and the assessment may be reused at once.
 * @param district a district not yet computed.
 * @param compound the compound (a sheet row, a merged compound...).
 * @param assessment its verdict by pmindex_assess().
 * @return #PMINDEX_OK; #PMINDEX_E_DUPLICATE when the district already has
 *         the compound_id; #PMINDEX_E_STATE after pmindex_district_compute();
 *         #PMINDEX_E_LIMIT beyond 2^31 - 3 compounds; #PMINDEX_E_NOMEM;
 *         #PMINDEX_E_INVALID for NULL, objects of another model or a
 *         compound without compound_id. pmindex_district_error() says why.
 * @since 1.1
 */
int pmindex_district_add(pmindex_district *district, const pmindex_compound *compound,
                         const pmindex_assessment *assessment);

/**
 * Adds the rows of a sheet: each read, assessed and added as
 * pmindex_sheet_next(), pmindex_assess() and pmindex_district_add() would,
 * with the reading and the assessing on the sheet's threads
 * (pmindex_sheet_set_threads()) and, when the district held no compound
 * before the sheet, no second look for duplicates (the sheet refuses every
 * id it has seen). The compounds, their order and the district's results
 * are those of the loop. Call it until it returns 0 or a negative status;
 * until then read the sheet only through it.
 *
 *     while ((rc = pmindex_district_add_sheet(d, sheet, &rows)) == 1)
 *         report(pmindex_sheet_error(sheet));
 *     if (rc < 0) fail(pmindex_district_error(d));
 *
 * @param district a district not computed, of the sheet's model.
 * @param sheet a sheet positioned anywhere (it is read on from there).
 * @param rows_out receives the compounds added by this call; may be NULL.
 * @return 0 at the end of the sheet; 1 at an error of the sheet (details in
 *         pmindex_sheet_error(); the rows before it are added; call again to
 *         go on); or a negative status of the district (details in
 *         pmindex_district_error(): #PMINDEX_E_DUPLICATE, #PMINDEX_E_LIMIT,
 *         #PMINDEX_E_NOMEM, #PMINDEX_E_STATE once computed), after which the
 *         sheet is read on as usual; #PMINDEX_E_INVALID for NULL or another
 *         model.
 * @since 1.2
 */
int pmindex_district_add_sheet(pmindex_district *district, pmindex_sheet *sheet,
                               int64_t *rows_out);

/**
 * Ranks the compounds and summarises the groups. After it, no compound can
 * be added. Calling it again does nothing.
 * @param district a district.
 * @return #PMINDEX_OK; #PMINDEX_E_LIMIT when a group's households times
 *         index overflow 64 bits; #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_district_compute(pmindex_district *district);

/** @param district a district. @return the number of its compounds. @since 1.1 */
int64_t pmindex_district_count(const pmindex_district *district);

/**
 * @param district a computed district.
 * @return the number of ranked compounds: listing positions 0 .. n-1 are
 *         ranked, the rest are fallback; #PMINDEX_E_STATE before
 *         pmindex_district_compute().
 * @since 1.1
 */
int64_t pmindex_district_ranked_count(const pmindex_district *district);

/**
 * The compound at a position of the listing (by rank, then compound_id,
 * the fallback compounds last).
 * @param district a computed district.
 * @param n a position, 0 <= n < pmindex_district_count().
 * @return the compound's number; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_listed(const pmindex_district *district, int64_t n);

/**
 * A compound's descriptive field: #PMINDEX_FIELD_ID, NAME, STREET, STATION
 * or COMPANY (the company only of a managed compound); other fields are "".
 * @param district a district.
 * @param compound a compound number.
 * @param field a #pmindex_field.
 * @return the text, "" when empty or out of range; valid as long as the district.
 * @since 1.1
 */
const char *pmindex_district_compound_field(const pmindex_district *district, int64_t compound,
                                            int32_t field);

/**
 * @param district a district.
 * @param compound a compound number.
 * @param index_out receives its index in centipoints; may be NULL.
 * @return 1 when it has an index, 0 when not, #PMINDEX_E_NOT_FOUND or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_district_compound_index(const pmindex_district *district, int64_t compound,
                                    int64_t *index_out);

/**
 * @param district a district.
 * @param compound a compound number.
 * @return its tier (0 best) or #PMINDEX_TIER_FALLBACK; #PMINDEX_E_NOT_FOUND
 *         or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_district_compound_tier(const pmindex_district *district, int64_t compound);

/**
 * @param district a district.
 * @param compound a compound number.
 * @return its #pmindex_card; #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_district_compound_card(const pmindex_district *district, int64_t compound);

/**
 * @param district a district.
 * @param compound a compound number.
 * @return its households, -1 when not given; #PMINDEX_E_NOT_FOUND or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_compound_households(const pmindex_district *district,
                                             int64_t compound);

/**
 * A compound's rank in the district, its street, its station or its company.
 * @param district a computed district.
 * @param compound a compound number.
 * @param scope a #pmindex_scope.
 * @return the rank (1 = best); 0 for a fallback compound or one outside any
 *         group of the scope; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_compound_rank(const pmindex_district *district, int64_t compound,
                                       int32_t scope);

/**
 * The number of groups of a scope: streets, stations or companies (those
 * with at least one managed compound); 1 for #PMINDEX_SCOPE_DISTRICT.
 * Groups are numbered in their listing order: by rank (the mean index,
 * for companies the households-weighted mean, highest first; equal means
 * share a rank), then by name, those without a mean last.
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @return the count; #PMINDEX_E_NOT_FOUND or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_district_group_count(const pmindex_district *district, int32_t scope);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @return the group's name ("" for the district or out of range).
 * @since 1.1
 */
const char *pmindex_district_group_name(const pmindex_district *district, int32_t scope,
                                        int32_t group);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @return the number of the group's compounds; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_group_compounds(const pmindex_district *district, int32_t scope,
                                         int32_t group);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @param tier a tier, or #PMINDEX_TIER_FALLBACK.
 * @return the number of the group's compounds of that tier;
 *         #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_group_tier_count(const pmindex_district *district, int32_t scope,
                                          int32_t group, int32_t tier);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @param card a #pmindex_card.
 * @return the number of the group's compounds with that card;
 *         #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_group_card_count(const pmindex_district *district, int32_t scope,
                                          int32_t group, int32_t card);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @return the sum of the households its compounds give; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_group_households(const pmindex_district *district, int32_t scope,
                                          int32_t group);

/**
 * A statistic of the index of the group's compounds that have a tier.
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @param stat a #pmindex_stat.
 * @param value_out receives it in centipoints; may be NULL.
 * @return 1 when the group has a compound with a tier, 0 when not (nothing
 *         is written); #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int pmindex_district_group_stat(const pmindex_district *district, int32_t scope, int32_t group,
                                int32_t stat, int64_t *value_out);

/**
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @return the group's rank among the groups of its scope (1 = best), 0 when
 *         it has no mean; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_district_group_rank(const pmindex_district *district, int32_t scope,
                                    int32_t group);

/**
 * The company lists a company is on, by the model's rules
 * (pmindex_model_company_rules()): honour when its weighted mean is at
 * least the honour minimum (and, if the rule says so, none of its
 * compounds has a black card); watch when its weighted mean is below the
 * watch threshold or (if the rule says so) any of its compounds has a
 * black card. A company with no compound that has a tier is on no list.
 * @param district a computed district.
 * @param scope a #pmindex_scope (0 for any scope but companies).
 * @param group a group number.
 * @return #pmindex_list_flags; #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or
 *         #PMINDEX_E_INVALID.
 * @since 1.1
 */
int32_t pmindex_district_group_lists(const pmindex_district *district, int32_t scope,
                                     int32_t group);

/**
 * The group's compounds with a black card, in listing order.
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param group a group number.
 * @param compounds_out receives compound numbers; may be NULL when @p cap is 0.
 * @param cap its capacity in elements.
 * @return how many there are (all of them, even beyond @p cap);
 *         #PMINDEX_E_NOT_FOUND, #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @since 1.1
 */
int64_t pmindex_district_group_black(const pmindex_district *district, int32_t scope,
                                     int32_t group, int64_t *compounds_out, size_t cap);

/**
 * Writes the header line of a ranking or summary. In CSV, by district:
 * pmindex_assessment_header()'s columns, then "rank,street_rank,station_rank".
 * By street, station or company: the scope's name ("street", "station",
 * "company"), then "compounds,households", one column per tier key,
 * "fallback,red,black,mean,weighted_mean,median,min,max,rank,lists,black_compounds,black_names".
 * JSON Lines has no header: nothing is written and the result is 0.
 * @param district a district (computed or not).
 * @param scope a #pmindex_scope.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line; #PMINDEX_E_INVALID for NULL, an
 *         unknown scope or format, or a flag.
 * @since 1.2
 */
int64_t pmindex_district_header(const pmindex_district *district, int32_t scope, int32_t format,
                                uint32_t flags, char *buf, size_t cap);

/**
 * Writes one record of a ranking (by district: the compound at listing
 * position @p n) or of a summary (the group number @p n).
 *
 * A ranked compound's CSV line has pmindex_assessment_record()'s values
 * (its id, name, street, station, company, index, indicator points,
 * coverage, tier, card and reason keys), then its district, street and
 * station ranks, empty when unranked. Its JSON object has the compound's
 * fields, households and managed, the index, "indicators" as an object of
 * points by indicator id, coverage, tier, card, reasons and the four ranks
 * (with "company_rank"), null where the CSV cell is empty.
 *
 * A group's CSV line has its name, counts, the statistics with 2 decimals
 * (empty without a mean), its rank, the lists ("honour", "watch" or both,
 * separated by ';'), the compound_ids of its black-card compounds in
 * listing order and, in the next cell, their names, each separated by ';'.
 * Its JSON object has the same values, the tier and card counts as objects
 * by key and the black-card compounds as {"compound_id", "name"} objects.
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param n a listing position or a group number.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole record; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE (not computed) or #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_district_record(const pmindex_district *district, int32_t scope, int64_t n,
                                int32_t format, uint32_t flags, char *buf, size_t cap);

/**
 * Writes many records of a ranking or summary at once, each as
 * pmindex_district_record() writes it: as many whole records as fit into
 * the buffer, from record @p *next on, moving @p *next past them. With
 * @p threads above 1 they are written on that many threads (the calling
 * thread and threads - 1 more, for the call): the same bytes in the same
 * order, in less time.
 *
 *     int64_t next = 0, n;
 *     while ((n = pmindex_district_records(d, scope, format, 0, threads, &next, buf, cap)) > 0)
 *         if ((size_t)n < cap) write(out, buf, n); else grow(&buf, &cap, n + 1);
 *
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param format a #pmindex_format.
 * @param flags 0 (reserved for later versions).
 * @param threads 1 to #PMINDEX_SHEET_MAX_THREADS.
 * @param next the first record to write (a listing position or a group
 *        number, 0 at first); receives the one after the last written.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity; 1 MiB makes a call's cost vanish.
 * @return the bytes written (fewer than @p cap); 0 once @p *next is past
 *         the last record; the length of the record at @p *next when it
 *         alone needs @p cap bytes or more (nothing is written; call again
 *         with a buffer of more than that many bytes); #PMINDEX_E_STATE
 *         (not computed), #PMINDEX_E_RANGE (threads), #PMINDEX_E_NOMEM or
 *         #PMINDEX_E_INVALID.
 * @since 1.2
 */
int64_t pmindex_district_records(const pmindex_district *district, int32_t scope, int32_t format,
                                 uint32_t flags, int32_t threads, int64_t *next, char *buf,
                                 size_t cap);

/**
 * Writes the header line of a ranking or summary in CSV. By district:
 * pmindex_csv_header()'s columns, then "rank,street_rank,station_rank". By
 * street, station or company: the scope's name ("street", "station",
 * "company"), then "compounds,households", one column per tier key,
 * "fallback,red,black,mean,weighted_mean,median,min,max,rank,lists,black_compounds".
 * @param district a district.
 * @param scope a #pmindex_scope.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line, or #PMINDEX_E_INVALID.
 * @deprecated Since 1.2 use pmindex_district_header(); this one stays, unchanged.
 * @since 1.1
 */
int64_t pmindex_district_csv_header(const pmindex_district *district, int32_t scope, char *buf,
                                    size_t cap);

/**
 * Writes one CSV line of a ranking (by district: the compound at listing
 * position @p n, with pmindex_csv_record()'s values and its ranks, empty
 * when unranked) or of a summary (the group number @p n: counts, the
 * statistics with 2 decimals, empty without a mean, the rank, the lists
 * "honour", "watch" or both separated by ';', and the black-card
 * compounds' names, or ids when unnamed, separated by ';').
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param n a listing position or a group number.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole line; #PMINDEX_E_NOT_FOUND,
 *         #PMINDEX_E_STATE or #PMINDEX_E_INVALID.
 * @deprecated Since 1.2 use pmindex_district_record(); this one stays, unchanged.
 * @since 1.1
 */
int64_t pmindex_district_csv_record(const pmindex_district *district, int32_t scope, int64_t n,
                                    char *buf, size_t cap);

/**
 * Writes one JSON Lines record of a ranking or summary: the values of
 * pmindex_district_csv_record(), with the compound's descriptive fields,
 * households, managed, its indicators' points by id and its company rank,
 * or the group's tier and card counts by key and its black-card compounds
 * as {"compound_id", "name"} objects; null where the CSV cell is empty.
 * @param district a computed district.
 * @param scope a #pmindex_scope.
 * @param n a listing position or a group number.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return as pmindex_district_csv_record().
 * @deprecated Since 1.2 use pmindex_district_record() with #PMINDEX_FORMAT_JSONL; this one stays, unchanged.
 * @since 1.1
 */
int64_t pmindex_district_jsonl_record(const pmindex_district *district, int32_t scope, int64_t n,
                                      char *buf, size_t cap);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_DISTRICT_H */
