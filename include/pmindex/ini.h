/*
 * pmindex: the property-management index of residential compounds.
 *
 * Copyright (c) 2026 The pmindex authors. MIT licence: see LICENSE.
 */

/**
 * @file ini.h
 * @brief Models in INI files: loading, checking and writing them.
 *
 * Part of the public API; `#include <pmindex/pmindex.h>` gives every part.
 * This header compiles alone. The conventions of every function are those
 * of pmindex.h.
 */
#ifndef PMINDEX_INI_H
#define PMINDEX_INI_H

#include <pmindex/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/** @name Models in INI files */
/* ======================================================================== */
/** @{ */

/**
 * Writes a model as INI text in canonical form: every field of the model
 * (name, indicators, items with their type, points, penalty, goalposts and
 * graded levels, vetoes, tiers, rules, cards, company rules, the ladder and
 * every level's measure and texts), sections and keys in a fixed order,
 * numbers in their shortest exact spelling (points "2.5", goalposts "0.8",
 * shares "60%" or "2/3" by their value). Two models that score every sheet
 * alike and carry the same texts give byte-identical text, so the text, or
 * a hash of it, identifies a model; pmindex_model_load_ini() reads it back
 * into such a model. The schema is described in models/README.md.
 * @param model a model.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole text, without the NUL;
 *         #PMINDEX_E_UNSUPPORTED when a text of the model cannot be written
 *         in INI: one that ends with a backslash, or one that must be quoted
 *         (it is empty, starts or ends with a space, starts with a quote or
 *         holds ';' or '#') and also holds a backslash or both kinds of quote;
 *         or a tier called none when [cards] would have to say none (no
 *         tier) or name that tier;
 *         #PMINDEX_E_INVALID for NULL.
 * @since 1.0.0
 */
int64_t pmindex_model_write_ini(const pmindex_model *model, char *buf, size_t cap);

/**
 * Loads a model from an INI file (schema and a commented example in
 * models/README.md) through iniparser, and builds it with the same builder
 * and validation as pmindex_model_default(). The whole file is checked
 * first: syntax, UTF-8 (a byte-order mark is accepted), lines of at most
 * 1000 bytes, duplicate or unknown sections and keys, missing keys, numbers
 * (read exactly, without floating point) and ranges; then the builder's
 * rules. Every problem gives an error naming the file, the line, the
 * section (such as "item C4") and the key (such as "zero"), the value and
 * what was expected; @p error receives the first, in line order
 * (pmindex_model_check_ini() lists them all). Nothing is printed: iniparser,
 * which reports through a process-wide callback that prints to stderr, is
 * only given text it reads without complaint (only running out of memory
 * inside iniparser could make it print). No process-wide state is touched:
 * threads may load models at once. Files larger than 4 MiB are refused.
 * @param path the file's path; "-" reads standard input.
 * @param model_out receives the model; free it with pmindex_model_free().
 *        NULL on error.
 * @param error a caller-owned error (pmindex_error_new()) that receives the
 *        details of a failure, or NULL.
 * @return #PMINDEX_OK; #PMINDEX_E_IO when the file cannot be read;
 *         #PMINDEX_E_SYNTAX, #PMINDEX_E_ENCODING, #PMINDEX_E_PARSE,
 *         #PMINDEX_E_RANGE, #PMINDEX_E_DUPLICATE, #PMINDEX_E_LIMIT,
 *         #PMINDEX_E_UNSUPPORTED or #PMINDEX_E_MODEL for a bad model (the
 *         code of the first error); #PMINDEX_E_NOMEM; #PMINDEX_E_INVALID.
 * @since 1.0.0
 */
int pmindex_model_load_ini(const char *path, pmindex_model **model_out, pmindex_error *error);

/**
 * Loads a model from INI text in memory, as pmindex_model_load_ini() does
 * from a file (for bindings and fuzzing). iniparser reads only from files:
 * the text reaches it through an anonymous memory file (memfd_create()),
 * or where that is missing through a private temporary file in $TMPDIR
 * (else /tmp) that is removed at once.
 * @param data the text; need not be NUL-terminated.
 * @param len its length in bytes.
 * @param name the file name errors give (copied), or NULL for "<memory>".
 * @param model_out receives the model; free it with pmindex_model_free().
 * @param error a caller-owned error that receives the details of a
 *        failure, or NULL.
 * @return as pmindex_model_load_ini(); #PMINDEX_E_IO also when no temporary
 *         file can be made.
 * @since 1.0.0
 */
int pmindex_model_load_ini_memory(const void *data, size_t len, const char *name,
                                  pmindex_model **model_out, pmindex_error *error);

/**
 * Checks a model file as pmindex_model_load_ini() does and lists every
 * problem it finds, in line order, one per line as pmindex_error_format()
 * writes it ("file:line: section, key \"value\": message"). Problems are
 * found stage by stage (syntax and structure, then values, then the
 * builder's rules), so fixing them may reveal more; the list stops after
 * 100 with a line saying so.
 * @param path the file's path; "-" reads standard input.
 * @param buf the buffer (NUL-terminated when @p cap > 0), NULL if @p cap is 0.
 * @param cap its capacity.
 * @return the length of the whole list, 0 when the file is a valid model;
 *         #PMINDEX_E_INVALID for NULL.
 * @since 1.0.0
 */
int64_t pmindex_model_check_ini(const char *path, char *buf, size_t cap);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PMINDEX_INI_H */
