/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file pmindex.h
 * @brief The whole public API of libpmindex: include this one header.
 *
 * It includes every part, each of which also compiles alone:
 * - pmindex/base.h: versions, return codes and errors, exact numbers, record formats;
 * - pmindex/model.h: scoring models, and building one in code;
 * - pmindex/sheet.h: compounds, score sheets, merged partial sheets;
 * - pmindex/assess.h: assessing a compound, its records, scoring in bulk;
 * - pmindex/ini.h: models in INI files;
 * - pmindex/district.h: a district's period, ranked and summarised;
 * - pmindex/ledger.h: periods, the sanction ladder and the ledger;
 * - pmindex/impact.h: comparing two models and the impact of a new one;
 * - pmindex/margins.h: how sure one verdict is: margins, flips, fragility;
 * - pmindex/uncertainty.h: how sure a district's verdicts are: Monte Carlo.
 *
 * Conventions that hold for every function below:
 *
 * - Functions that can fail return an `int`: 0 (#PMINDEX_OK) on success or a
 *   negative #pmindex_status. pmindex_strerror() names every code; the
 *   handle a function worked on keeps the details (file, line, column,
 *   message) in a #pmindex_error readable until the next call on that handle.
 * - Functions that write text take a caller buffer and its capacity and
 *   return the length the whole text needs, without the terminating NUL,
 *   as snprintf() does: the text is complete when the result is smaller
 *   than the capacity. A negative result is a #pmindex_status.
 * - Objects come in `_new` / `_free` pairs; every `_free` accepts NULL.
 *   Strings returned as `const char *` belong to the object they came from.
 * - Points are whole hundredths of a point ("centipoints", `int64_t`).
 *   Observations are exact decimals in units of 1/#PMINDEX_VALUE_SCALE.
 *   Nothing uses binary floating point.
 * - The library has no global state. A built #pmindex_model is immutable and
 *   may be used from any number of threads at once; every other object
 *   belongs to one thread at a time.
 * - All text is UTF-8.
 */
#ifndef PMINDEX_PMINDEX_H
#define PMINDEX_PMINDEX_H

#include <pmindex/base.h>
#include <pmindex/model.h>
#include <pmindex/sheet.h>
#include <pmindex/assess.h>
#include <pmindex/ini.h>
#include <pmindex/district.h>
#include <pmindex/ledger.h>
#include <pmindex/impact.h>
#include <pmindex/margins.h>
#include <pmindex/uncertainty.h>

#endif /* PMINDEX_PMINDEX_H */
