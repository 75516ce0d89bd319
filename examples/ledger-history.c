/* ledger-history: applies periods to a ledger, then reads one compound's
 * history: its cards, its level on the sanction ladder and the measures.
 *
 *     ledger-history K2 2018H2 tests/ledger/2018H2.csv 2019H1 tests/ledger/2019H1.csv
 *
 * A district keeps one ledger file for years; this example makes a
 * temporary one, so that it can run anywhere, and removes it at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pmindex/pmindex.h>

/* Applies one period: all of the sheet's compounds in one transaction, or
 * none of them. Returns 0, or -1 after saying why. */
static int apply(pmindex_ledger *l, const pmindex_model *m, const char *name, const char *path)
{
    int32_t period;
    pmindex_sheet *sheet = NULL;
    if (pmindex_period_parse(name, strlen(name), &period) != 0) {
        fprintf(stderr, "ledger-history: %s is not a period such as 2018H2\n", name);
        return -1;
    }
    const pmindex_error *why = NULL;
    int rc = pmindex_sheet_open(m, path, NULL, 0, &sheet);
    if (rc != 0)
        why = sheet ? pmindex_sheet_error(sheet) : NULL;
    else if ((rc = pmindex_ledger_begin(l, m, period, 0)) != 0)
        why = pmindex_ledger_error(l); /* refused: applied already, older... */
    int64_t added = 0;
    const pmindex_compound *row;
    while (rc == 0 && (rc = pmindex_sheet_next(sheet, &row)) > 0) {
        if ((rc = pmindex_ledger_add(l, row)) != 0) /* assesses, steps the ladder */
            why = pmindex_ledger_error(l);
        else
            added++;
    }
    if (rc < 0 && !why)
        why = pmindex_sheet_error(sheet);
    if (rc == 0 && (rc = pmindex_ledger_commit(l)) != 0) /* on disk when it returns */
        why = pmindex_ledger_error(l);
    if (rc != 0) {
        char text[1024] = "out of memory";
        if (why)
            pmindex_error_format(why, text, sizeof text);
        fprintf(stderr, "ledger-history: period %s from %s refused: %s\n", name, path, text);
        pmindex_ledger_rollback(l); /* the ledger is left as it was */
    } else {
        printf("%s: %lld compounds applied\n", name, (long long)added);
    }
    pmindex_sheet_free(sheet);
    return rc == 0 ? 0 : -1;
}

/* One row per period the compound was assessed in. */
static int print_history(pmindex_ledger *l, const pmindex_model *m, const char *id)
{
    /* The state the next period starts from: 1 when the ledger knows it. */
    pmindex_ladder_state state;
    pmindex_ledger_rows *rows = NULL;
    if (pmindex_ledger_state(l, id, &state) != 1 ||
        pmindex_ledger_rows_new(l, PMINDEX_PERIOD_NONE, id, 0, &rows) != 0)
        return -1;
    printf("\n%s: period, index, tier, card, ladder level, measure\n", id);
    while (pmindex_ledger_rows_next(rows) == 1) {
        int64_t index = pmindex_ledger_rows_int(rows, PMINDEX_ROW_INDEX); /* -1: none */
        char text[32] = "-";
        if (index >= 0)
            pmindex_centi_format(index, text, sizeof text);
        const char *measure = pmindex_ledger_rows_text(rows, PMINDEX_ROW_MEASURE_EN);
        printf("%s %6s %-9s %-5s %lld -> %lld%s%s\n",
               pmindex_ledger_rows_text(rows, PMINDEX_ROW_PERIOD_NAME), text,
               pmindex_ledger_rows_text(rows, PMINDEX_ROW_TIER_KEY),
               pmindex_ledger_rows_text(rows, PMINDEX_ROW_CARD_KEY),
               (long long)pmindex_ledger_rows_int(rows, PMINDEX_ROW_LEVEL_BEFORE),
               (long long)pmindex_ledger_rows_int(rows, PMINDEX_ROW_LEVEL),
               *measure ? "  " : "", measure); /* "" when no measure was issued */
    }
    pmindex_ledger_rows_free(rows);

    printf("now at level %d; inspections: %s\n", (int)state.level,
           pmindex_model_inspection(m, state.level, PMINDEX_LANG_EN));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc % 2 != 0) {
        fprintf(stderr, "usage: ledger-history COMPOUND_ID PERIOD SHEET [PERIOD SHEET]...\n");
        return 2;
    }
    char dir[4096], path[4200];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/pmindex-example-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("ledger-history: mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/district.ledger", dir);

    pmindex_model *model = NULL;
    pmindex_error *error = NULL; /* for the one call without a handle yet */
    pmindex_ledger *ledger = NULL;
    int status = 1;
    if (pmindex_model_default(&model) != 0 || pmindex_error_new(&error) != 0) {
        fprintf(stderr, "ledger-history: out of memory\n");
    } else if (pmindex_ledger_open(path, PMINDEX_LEDGER_CREATE, &ledger, error) != 0) {
        char text[1024];
        pmindex_error_format(error, text, sizeof text);
        fprintf(stderr, "ledger-history: %s\n", text);
    } else {
        status = 0;
        for (int k = 2; k + 1 < argc && status == 0; k += 2)
            status = apply(ledger, model, argv[k], argv[k + 1]) == 0 ? 0 : 1;
        if (status == 0 && print_history(ledger, model, argv[1]) != 0) {
            fprintf(stderr, "ledger-history: the ledger has no compound %s\n", argv[1]);
            status = 1;
        }
    }
    pmindex_ledger_free(ledger); /* closes the file */
    pmindex_error_free(error);
    pmindex_model_free(model);
    unlink(path);
    rmdir(dir);
    return status;
}
