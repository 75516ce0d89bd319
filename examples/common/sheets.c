/* One sheet streamed, several merged: see sheets.h. */
#include "sheets.h"

#include <stdio.h>
#include <string.h>

const char *cli_sheet_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

void cli_no_compounds(struct cli_errors *errors, const char *path)
{
    fprintf(stderr, "%s: %s: the sheet has no compounds (a header and no row)\n", errors->program,
            cli_sheet_name(path));
    errors->count++;
}

/* A sheet read on threads threads. */
static pmindex_sheet *open_sheet(const pmindex_model *model, const char *path,
                                 const char *encoding, uint32_t flags, int32_t threads,
                                 struct cli_errors *errors)
{
    pmindex_sheet *sheet = NULL;
    int rc = pmindex_sheet_open(model, path, encoding, flags, &sheet);
    if (rc == 0 && pmindex_sheet_set_threads(sheet, threads) == 0)
        return sheet;
    if (sheet) {
        cli_report(errors, pmindex_sheet_error(sheet));
    } else {
        fprintf(stderr, "%s: cannot read %s: %s\n", errors->program, cli_sheet_name(path),
                pmindex_strerror(rc));
        errors->count++;
    }
    pmindex_sheet_free(sheet);
    return NULL;
}

pmindex_sheet *cli_open_sheet(const pmindex_model *model, const char *path, const char *encoding,
                              uint32_t flags, struct cli_errors *errors)
{
    return open_sheet(model, path, encoding, flags, 1, errors);
}

pmindex_sheet *cli_open_sheet_threads(const pmindex_model *model, const char *path,
                                      const char *encoding, uint32_t flags, int32_t threads,
                                      struct cli_errors *errors)
{
    return open_sheet(model, path, encoding, flags, threads, errors);
}

static void digest(const pmindex_sheet *sheet, struct cli_digest *d)
{
    if (d)
        d->done = pmindex_sheet_digest(sheet, d->sha256) == 0;
}

static int sheet_next(pmindex_sheet *sheet, const pmindex_compound **compound, void *ctx)
{
    (void)ctx;
    return pmindex_sheet_next(sheet, compound);
}

static void read_one(const pmindex_model *model, const char *path, const char *encoding,
                     int32_t threads, cli_next_fn *next, cli_compound_fn *each, void *ctx,
                     struct cli_errors *errors, struct cli_digest *d)
{
    pmindex_sheet *sheet =
        open_sheet(model, path, encoding, d ? PMINDEX_SHEET_DIGEST : 0, threads, errors);
    if (!sheet)
        return;
    const pmindex_compound *c;
    int rc;
    int64_t rows = 0, unread = errors->count;
    while ((rc = (next ? next : sheet_next)(sheet, &c, ctx)) != 0) {
        if (rc < 0) {
            cli_report(errors, pmindex_sheet_error(sheet));
            continue;
        }
        rows++;
        if (errors->count == 0)
            each(c, ctx);
    }
    if (rows == 0 && errors->count == unread)
        cli_no_compounds(errors, path);
    digest(sheet, d);
    pmindex_sheet_free(sheet);
}

static void report_merge(const pmindex_merge *merge, struct cli_errors *errors)
{
    int64_t n = pmindex_merge_error_count(merge);
    for (int64_t k = 0; k < n; k++) {
        const pmindex_error *e = pmindex_merge_error(merge, k);
        if (e)
            cli_report(errors, e);
        else
            errors->count++;
    }
}

static void read_merged(const pmindex_model *model, const char *const *paths, int n,
                        const char *encoding, uint32_t merge_flags, int32_t threads,
                        cli_compound_fn *each, void *ctx, struct cli_errors *errors,
                        struct cli_digest *digests)
{
    pmindex_merge *merge;
    if (pmindex_merge_new(model, merge_flags, &merge) != 0) {
        fprintf(stderr, "%s: out of memory\n", errors->program);
        errors->count++;
        return;
    }
    int64_t unread = errors->count;
    for (int k = 0; k < n; k++) {
        pmindex_sheet *sheet = open_sheet(
            model, paths[k], encoding,
            PMINDEX_SHEET_PARTIAL | (digests ? PMINDEX_SHEET_DIGEST : 0), threads, errors);
        if (!sheet)
            continue;
        /* A sheet's bad rows and conflicts join the merge's errors, reported
         * below; a failure here is the merge's own (memory, limits). */
        int rc = pmindex_merge_add_sheet(merge, sheet);
        if (rc != 0) {
            fprintf(stderr, "%s: %s: %s\n", errors->program, cli_sheet_name(paths[k]),
                    pmindex_strerror(rc));
            errors->count++;
        }
        digest(sheet, digests ? &digests[k] : NULL);
        pmindex_sheet_free(sheet);
    }
    /* When a sheet could not be read, comparing the others would only add
     * noise (every compound "missing" from it): report what they said. */
    if (errors->count == unread)
        pmindex_merge_finish(merge);
    report_merge(merge, errors);
    if (errors->count == unread && pmindex_merge_count(merge) == 0)
        for (int k = 0; k < n; k++)
            cli_no_compounds(errors, paths[k]);
    for (int64_t k = 0; errors->count == 0 && k < pmindex_merge_count(merge); k++)
        each(pmindex_merge_compound(merge, k), ctx);
    pmindex_merge_free(merge);
}

void cli_read_sheets_threads(const pmindex_model *model, const char *const *paths, int n,
                             const char *encoding, uint32_t merge_flags, int32_t threads,
                             cli_next_fn *next, cli_compound_fn *each, void *ctx,
                             struct cli_errors *errors, struct cli_digest *digests)
{
    if (n == 1)
        read_one(model, paths[0], encoding, threads, next, each, ctx, errors, digests);
    else
        read_merged(model, paths, n, encoding, merge_flags, threads, each, ctx, errors, digests);
}

void cli_read_sheets(const pmindex_model *model, const char *const *paths, int n,
                     const char *encoding, uint32_t merge_flags, cli_compound_fn *each,
                     void *ctx, struct cli_errors *errors)
{
    cli_read_sheets_threads(model, paths, n, encoding, merge_flags, cli_cores(), NULL, each, ctx,
                            errors, NULL);
}
