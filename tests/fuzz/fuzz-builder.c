/* Fuzz target: the builder API driven by fuzz bytes (a little program of
 * calls with small or extreme numbers and ids from a short list, so that
 * valid models are reached). A model that builds must score compounds with
 * every item at every kind of value within the invariants, and write INI
 * text that loads back to the same text. */
#include <string.h>

#include "fuzz.h"

static const char *const ids[] = {"A", "B", "C", "A1", "A2", "B1", "C1", "C2", "V1", "x", "",
                                  "name", "A-1.b", "a1", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"};
static const char *const keys[] = {"top", "mid", "low", "none", "Top", "fail"};
static const char *const texts[] = {"名", "n", "", "a;b", " lead", "q\"uote", "\xff"};

static const char *pick(struct fuzz_in *in, const char *const *list, size_t n)
{
    uint8_t b = fuzz_u8(in);
    return b == 255 ? NULL : list[b % n];
}

/* Mostly small round numbers, sometimes anything. */
static int64_t number(struct fuzz_in *in, int64_t unit)
{
    uint8_t b = fuzz_u8(in);
    if (b < 200)
        return (int64_t)(b % 101) * unit / (b & 1 ? 1 : 10);
    if (b < 250)
        return -(int64_t)(b % 7) * unit;
    return fuzz_i64(in);
}

#define ID() pick(&in, ids, sizeof ids / sizeof *ids)
#define KEY() pick(&in, keys, sizeof keys / sizeof *keys)
#define TEXT() pick(&in, texts, sizeof texts / sizeof *texts)

static void exercise(const pmindex_model *m, struct fuzz_in *in)
{
    int32_t ni = pmindex_model_item_count(m);
    pmindex_compound *c;
    pmindex_assessment *a;
    FUZZ_CHECK(pmindex_compound_new(m, &c) == 0);
    FUZZ_CHECK(pmindex_assessment_new(m, &a) == 0);
    for (int round = 0; round < 4; round++) {
        for (int32_t i = 0; i < ni; i++) {
            uint8_t b = fuzz_u8(in);
            if (b % 4 == 0)
                FUZZ_CHECK(pmindex_compound_set_na(c, i) == 0);
            else
                (void)pmindex_compound_set_value(c, i, number(in, PMINDEX_VALUE_SCALE / 4));
        }
        for (int32_t v = 0; v < pmindex_model_veto_count(m); v++)
            FUZZ_CHECK(pmindex_compound_set_veto(c, v, fuzz_u8(in) % 5 == 0) == 0);
        FUZZ_CHECK(pmindex_assess(m, c, a) == 0);
        int64_t index;
        if (pmindex_assessment_index(a, &index))
            FUZZ_CHECK(index >= 0 && index <= 10000);
        int32_t tier = pmindex_assessment_tier(a);
        if (tier == PMINDEX_TIER_FALLBACK)
            FUZZ_CHECK(pmindex_assessment_card(a) == PMINDEX_CARD_NONE);
        for (int32_t i = 0; i < ni; i++) {
            int64_t p, lost;
            if (pmindex_assessment_item(a, i, &p, &lost) == 1)
                FUZZ_CHECK(p >= 0 && lost >= 0 && p + lost == pmindex_model_item_max(m, i));
        }
        char buf[1 << 15];
        FUZZ_CHECK(pmindex_csv_record(a, c, buf, sizeof buf) > 0);
        FUZZ_CHECK(pmindex_jsonl_record(a, c, buf, sizeof buf) > 0);
    }
    pmindex_assessment_free(a);
    pmindex_compound_free(c);
}

static void roundtrip(const pmindex_model *m)
{
    int64_t len = pmindex_model_write_ini(m, NULL, 0);
    if (len < 0) {
        FUZZ_CHECK(len == PMINDEX_E_UNSUPPORTED);
        return;
    }
    char *t = malloc((size_t)len + 1), *t2 = malloc((size_t)len + 1);
    FUZZ_CHECK(t && t2 && pmindex_model_write_ini(m, t, (size_t)len + 1) == len);
    pmindex_error *e;
    pmindex_model *m2 = NULL;
    FUZZ_CHECK(pmindex_error_new(&e) == 0);
    int rc = pmindex_model_load_ini_memory(t, (size_t)len, "built.ini", &m2, e);
    if (rc != 0) {
        char msg[2048];
        pmindex_error_format(e, msg, sizeof msg);
        fprintf(stderr, "written model does not load: %s\n%s", msg, t);
    }
    FUZZ_CHECK(rc == 0);
    FUZZ_CHECK(pmindex_model_write_ini(m2, t2, (size_t)len + 1) == len);
    FUZZ_CHECK(memcmp(t, t2, (size_t)len) == 0);
    pmindex_model_free(m2);
    pmindex_error_free(e);
    free(t);
    free(t2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = {data, size};
    pmindex_builder *b;
    FUZZ_CHECK(pmindex_builder_new(&b) == 0);
    for (int step = 0; step < 200 && in.n; step++) {
        int rc;
        const char *s1, *s2, *s3;
        uint8_t op = fuzz_u8(&in);
        if (op == 0xff) /* the rest drives the compounds */
            break;
        switch (op % 16) {
        case 0:
            s1 = TEXT(), s2 = TEXT();
            rc = pmindex_builder_set_name(b, s1, s2);
            break;
        case 1:
        case 2:
            s1 = ID(), s2 = TEXT();
            rc = pmindex_builder_add_indicator(b, s1, s2, "ind", number(&in, 100));
            break;
        case 3:
        case 4:
        case 5: {
            s1 = ID(), s2 = TEXT(), s3 = ID();
            int64_t max = number(&in, 100);
            rc = pmindex_builder_add_item(b, s1, s2, "item", s3, max, (int32_t)(fuzz_u8(&in) % 6));
            break;
        }
        case 6:
            rc = pmindex_builder_set_penalty(b, number(&in, 100));
            break;
        case 7: {
            int64_t z = number(&in, PMINDEX_VALUE_SCALE / 10);
            rc = pmindex_builder_set_goalposts(b, z, number(&in, PMINDEX_VALUE_SCALE / 10));
            break;
        }
        case 8:
            s1 = TEXT(), s2 = TEXT();
            rc = pmindex_builder_add_item_level(b, number(&in, PMINDEX_VALUE_SCALE / 10), s1, s2);
            break;
        case 9:
            s1 = ID(), s2 = TEXT(), s3 = ID();
            rc = pmindex_builder_add_veto(b, s1, s2, "veto", s3, fuzz_u8(&in) & 1);
            break;
        case 10:
            s1 = KEY(), s2 = TEXT();
            rc = pmindex_builder_add_tier(b, s1, s2, "tier", number(&in, 100));
            break;
        case 11: {
            int32_t rule = (int32_t)(fuzz_u8(&in) % 5);
            int64_t num = number(&in, 1);
            rc = pmindex_builder_set_rule(b, rule, num, number(&in, 1));
            break;
        }
        case 12: {
            s1 = ID();
            int64_t num = number(&in, 1);
            rc = pmindex_builder_add_black_share(b, s1, num, number(&in, 1));
            break;
        }
        case 13:
            s1 = KEY(), s2 = KEY();
            rc = pmindex_builder_set_cards(b, s1, fuzz_u8(&in) & 1, s2);
            break;
        case 14: {
            int64_t h = number(&in, 100);
            uint8_t f = fuzz_u8(&in);
            rc = pmindex_builder_set_company_rules(b, h, f & 1, number(&in, 100), f >> 1 & 1);
            break;
        }
        default: {
            uint8_t f = fuzz_u8(&in);
            if (f & 1) {
                int32_t lv = (int32_t)(fuzz_u8(&in) % 12) - 1, cl = (int32_t)(fuzz_u8(&in) % 5);
                int32_t lg = (int32_t)(fuzz_u8(&in) % 12) - 1;
                rc = pmindex_builder_set_ladder(b, lv, cl, lg, (int32_t)(fuzz_u8(&in) % 5));
            } else {
                int32_t lv = (int32_t)(fuzz_u8(&in) % 12) - 1;
                s1 = KEY(), s2 = TEXT();
                rc = pmindex_builder_set_level(b, lv, s1, s2, "level", "insp", "insp");
            }
        }
        }
        if (rc != 0) {
            FUZZ_CHECK(rc < 0);
            fuzz_touch_error(pmindex_builder_error(b));
        }
    }
    pmindex_model *m = NULL;
    int rc = pmindex_builder_build(b, &m);
    if (rc == 0) {
        FUZZ_CHECK(m != NULL);
        exercise(m, &in);
        roundtrip(m);
        pmindex_model_free(m);
    } else {
        FUZZ_CHECK(rc < 0 && m == NULL);
        fuzz_touch_error(pmindex_builder_error(b));
    }
    if (getenv("FUZZ_DEBUG")) { /* which seeds reach a model */
        char msg[1024];
        pmindex_error_format(pmindex_builder_error(b), msg, sizeof msg);
        fprintf(stderr, "build: %d %s\n", rc, rc ? msg : "");
    }
    pmindex_builder_free(b);
    return 0;
}
