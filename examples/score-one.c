/* score-one: the smallest complete use of libpmindex. It builds one
 * compound in code, assesses it with the embedded default model, reads the
 * verdict (index, tier, card, reasons, the items that lost most points) and
 * writes the compound's CSV record, as pmindex-score would.
 *
 *     cc score-one.c $(pkg-config --cflags --libs pmindex) -o score-one
 *
 * Every function returns 0 or a negative PMINDEX_E_* code; text goes into a
 * caller's buffer given with its capacity. Nothing uses floating point:
 * points are whole hundredths (int64_t), printed by pmindex_centi_format(). */
#include <stdio.h>
#include <string.h>

#include <pmindex/pmindex.h>

/* Sets one cell from its text, exactly as the sheet reader parses it
 * (labels such as 符合, percentages, "NA"); says why when it is refused. */
static int set(pmindex_compound *c, const char *column, const char *text)
{
    char error[512];
    if (pmindex_compound_set_text(c, column, text, strlen(text)) == PMINDEX_OK)
        return 0;
    pmindex_error_format(pmindex_compound_error(c), error, sizeof error);
    printf("refused: %s\n", error);
    return -1;
}

/* Gives every item its best observation, using what the model says of the
 * item: the top level of a graded or pass/fail item, no findings for a
 * deduct item, goalpost "full" for a rate item. */
static void meet_every_item(const pmindex_model *m, pmindex_compound *c)
{
    for (int32_t i = 0; i < pmindex_model_item_count(m); i++) {
        int64_t best = 0, zero; /* observations are in 1/PMINDEX_VALUE_SCALE */
        if (pmindex_model_item_level_count(m, i) > 0)
            best = pmindex_model_item_level_value(m, i, 0); /* levels are best first */
        else if (pmindex_model_item_type(m, i) == PMINDEX_ITEM_RATE)
            pmindex_model_item_goalposts(m, i, &zero, &best);
        pmindex_compound_set_value(c, i, best);
    }
}

int main(void)
{
    pmindex_model *model = NULL;
    pmindex_compound *c = NULL;
    pmindex_assessment *a = NULL;
    if (pmindex_model_default(&model) != 0 || pmindex_compound_new(model, &c) != 0 ||
        pmindex_assessment_new(model, &a) != 0) {
        fprintf(stderr, "score-one: out of memory\n");
        return 1;
    }

    /* A new compound has every item "not applicable". Fill it, then give
     * the cells a score sheet would hold for this compound. */
    meet_every_item(model, c);
    set(c, "compound_id", "LH-DEMO-1");
    set(c, "name", "翠竹花园");
    set(c, "A2", "基本符合");   /* graded: a level's label, or its value 0.5 */
    set(c, "B2", "87.5%");      /* rate: 87.5% of the CCTV works, goalposts 80% and 100% */
    set(c, "B6", "2");          /* deduct: two fire-safety findings */
    set(c, "C4", "NA");         /* no lifts: not applicable, out of the weights */
    set(c, "D1", "0.72");       /* rate: resident satisfaction */
    set(c, "A2", "maybe");      /* refused, and the compound is left as it was */

    /* Assess: rules 1 to 9 of the model. The model is immutable; the
     * assessment holds the verdict until the next pmindex_assess(). */
    pmindex_assess(model, c, a);

    char index[32] = "-", coverage[32];
    int64_t v;
    if (pmindex_assessment_index(a, &v)) /* 0 when no item applies */
        pmindex_centi_format(v, index, sizeof index);
    pmindex_centi_format(pmindex_assessment_coverage(a, NULL, NULL), coverage, sizeof coverage);
    int32_t tier = pmindex_assessment_tier(a); /* 0 = best, PMINDEX_TIER_FALLBACK */
    static const char *const cards[] = {"none", "red", "black"};
    printf("index %s, coverage %s%%, tier %s (%s), card %s\n", index, coverage,
           pmindex_model_tier_label(model, tier, PMINDEX_LANG_EN),
           pmindex_model_tier_label(model, tier, PMINDEX_LANG_ZH),
           cards[pmindex_assessment_card(a)]);

    /* Each indicator: points p_k rescaled to its weight, and its share e_k/a_k. */
    for (int32_t k = 0; k < pmindex_model_indicator_count(model); k++) {
        int64_t points, share;
        char p[32], s[32];
        if (pmindex_assessment_indicator(a, k, &points, NULL, NULL, &share) != 1)
            continue; /* none of its items applies */
        pmindex_centi_format(points, p, sizeof p);
        pmindex_centi_format(share, s, sizeof s);
        printf("  %s %-30s %6s points, share %s%%\n", pmindex_model_indicator_id(model, k),
               pmindex_model_indicator_name(model, k, PMINDEX_LANG_EN), p, s);
    }

    /* Why: the items that lost points, largest loss first... */
    int32_t order[8];
    int32_t n = pmindex_assessment_losses(a, order, 8);
    printf("lost points:");
    for (int32_t j = 0; j < n && j < 8; j++) {
        int64_t lost;
        char l[32];
        pmindex_assessment_item(a, order[j], NULL, &lost);
        pmindex_centi_format(lost, l, sizeof l);
        printf(" %s -%s", pmindex_model_item_id(model, order[j]), l);
    }
    printf("\n");

    /* ...and every rule that fired, as a stable key and as a sentence. */
    for (int32_t r = 0; r < pmindex_assessment_reason_count(a); r++) {
        char key[64], text[512];
        pmindex_assessment_reason_key(a, r, key, sizeof key);
        pmindex_assessment_reason_text(a, r, PMINDEX_LANG_EN, text, sizeof text);
        printf("rule %s: %s\n", key, text);
    }

    /* The record pmindex-score --format csv writes. A function that writes
     * text returns the length it needed: a bigger buffer is then needed
     * when the result is not below the capacity. */
    char line[1024];
    if (pmindex_assessment_header(model, PMINDEX_FORMAT_CSV, 0, line, sizeof line) <
        (int64_t)sizeof line)
        fputs(line, stdout);
    if (pmindex_assessment_record(a, c, PMINDEX_FORMAT_CSV, 0, line, sizeof line) <
        (int64_t)sizeof line)
        fputs(line, stdout);

    pmindex_assessment_free(a);
    pmindex_compound_free(c);
    pmindex_model_free(model);
    return 0;
}
