/* What both sources of a period share: the glance's counts, the cards a
 * ledger shows, the listing order of a period without a district, reasons
 * in words from their keys, the compounds shown in detail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

void period_count(const struct period *p, struct glance *g)
{
    int32_t ntiers = pmindex_model_tier_count(p->model);
    g->compounds = p->ncompounds;
    memset(g->tiers, 0, sizeof g->tiers);
    g->red = g->black = g->fallback = g->unmanaged = 0;
    for (int32_t k = 0; k < p->ncompounds; k++) {
        const struct compound *c = &p->c[k];
        bool fallback = c->tier == PMINDEX_TIER_FALLBACK;
        g->tiers[fallback ? ntiers : c->tier]++;
        g->fallback += fallback;
        g->red += c->card == PMINDEX_CARD_RED;
        g->black += c->card == PMINDEX_CARD_BLACK;
        g->unmanaged += c->managed == 0;
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(const struct group *const *)a)->name, (*(const struct group *const *)b)->name);
}

/* The group of a scope named name, or NULL: a compound with no street
 * (station, company) is in none. */
static struct group *group_named(struct group **sorted, int32_t n, const char *name)
{
    struct group key = {.name = name}, *pkey = &key;
    if (!*name)
        return NULL;
    struct group **found = bsearch(&pkey, sorted, (size_t)n, sizeof *sorted, by_name);
    return found ? *found : NULL;
}

static void count_card(int64_t *red, int64_t *black, int32_t card, int64_t delta)
{
    if (card == PMINDEX_CARD_RED)
        *red += delta;
    else if (card == PMINDEX_CARD_BLACK)
        *black += delta;
}

int period_set_cards(struct period *p, const int32_t *cards)
{
    struct group **sorted[4] = {NULL};
    int rc = 0;
    for (int32_t scope = PMINDEX_SCOPE_STREET; scope <= PMINDEX_SCOPE_COMPANY; scope++) {
        int32_t n = p->ngroups[scope];
        if (!(sorted[scope] = malloc(((size_t)n + 1) * sizeof *sorted[scope]))) {
            rc = -1;
            break;
        }
        for (int32_t g = 0; g < n; g++)
            sorted[scope][g] = &p->groups[scope][g];
        qsort(sorted[scope], (size_t)n, sizeof *sorted[scope], by_name);
    }
    for (int32_t k = 0; rc == 0 && k < p->ncompounds; k++) {
        struct compound *c = &p->c[k];
        if (c->card == cards[k])
            continue;
        const char *names[4] = {"", c->street, c->station, c->company};
        for (int32_t scope = PMINDEX_SCOPE_STREET; scope <= PMINDEX_SCOPE_COMPANY; scope++) {
            struct group *g = group_named(sorted[scope], p->ngroups[scope], names[scope]);
            if (g) {
                count_card(&g->red, &g->black, c->card, -1);
                count_card(&g->red, &g->black, cards[k], 1);
            }
        }
        count_card(&p->now.red, &p->now.black, c->card, -1);
        count_card(&p->now.red, &p->now.black, cards[k], 1);
        c->red_withheld = c->card == PMINDEX_CARD_RED && cards[k] == PMINDEX_CARD_NONE;
        c->card = cards[k];
    }
    for (int32_t scope = 0; scope < 4; scope++)
        free(sorted[scope]);
    return rc;
}

/* pmindex_district's listing order: tier (best first), index (highest
 * first), compound_id in byte order; fallback compounds last, by id. */
static int listing_order(const void *a, const void *b)
{
    const struct compound *x = *(const struct compound *const *)a;
    const struct compound *y = *(const struct compound *const *)b;
    bool xf = x->tier == PMINDEX_TIER_FALLBACK, yf = y->tier == PMINDEX_TIER_FALLBACK;
    if (xf != yf)
        return xf ? 1 : -1;
    if (!xf && x->tier != y->tier)
        return x->tier < y->tier ? -1 : 1;
    if (!xf && x->index != y->index)
        return x->index > y->index ? -1 : 1;
    return strcmp(x->id, y->id);
}

int period_sort(struct period *p)
{
    const struct compound **by = malloc(((size_t)p->ncompounds + 1) * sizeof *by);
    if (!by)
        return -1;
    for (int32_t k = 0; k < p->ncompounds; k++)
        by[k] = &p->c[k];
    qsort(by, (size_t)p->ncompounds, sizeof *by, listing_order);
    for (int32_t k = 0; k < p->ncompounds; k++)
        p->order[k] = (int32_t)(by[k] - p->c);
    free(by);
    p->ranked = 0;
    while (p->ranked < p->ncompounds && p->c[p->order[p->ranked]].tier != PMINDEX_TIER_FALLBACK)
        p->ranked++;
    return 0;
}

bool words_init(struct words *w, int32_t lang)
{
    w->cap = 64;
    w->len = 0;
    w->lang = lang;
    w->text = calloc(w->cap, 1);
    return w->text != NULL;
}

bool words_append(struct words *w, const char *words)
{
    const char *sep = w->lang == PMINDEX_LANG_EN ? "; " : "；";
    size_t n = strlen(words), need = w->len + strlen(sep) + n + 1;
    if (need > w->cap) {
        char *bigger = realloc(w->text, need * 2);
        if (!bigger)
            return false;
        w->text = bigger;
        w->cap = need * 2;
    }
    if (w->len) {
        memcpy(w->text + w->len, sep, strlen(sep));
        w->len += strlen(sep);
    }
    memcpy(w->text + w->len, words, n + 1);
    w->len += n;
    return true;
}

char *reasons_words(const pmindex_model *m, const char *keys, int32_t lang)
{
    struct words w;
    if (!words_init(&w, lang))
        return NULL;
    for (const char *k = keys; *k;) {
        const char *end = strchr(k, ';');
        size_t n = end ? (size_t)(end - k) : strlen(k);
        char key[128], words[512];
        if (n < sizeof key) {
            memcpy(key, k, n);
            key[n] = '\0';
            int64_t len = pmindex_model_reason_label(m, key, lang, words, sizeof words);
            /* A key the model does not know is shown as it is. */
            if (!words_append(&w, len >= 0 && (size_t)len < sizeof words ? words : key)) {
                free(w.text);
                return NULL;
            }
        }
        k += n + (end != NULL);
    }
    return w.text;
}

bool period_wanted(const struct report_options *o, const char *id, int32_t card)
{
    if (o->notices && card == PMINDEX_CARD_BLACK)
        return true;
    for (int k = 0; k < o->ncompounds; k++)
        if (strcmp(o->compounds[k], id) == 0)
            return true;
    return false;
}

int period_select(struct period *p, const struct report_options *o, struct cli_errors *errors)
{
    int32_t n = 0, cap = o->ncompounds;
    for (int32_t k = 0; o->notices && k < p->ncompounds; k++)
        cap += p->c[k].card == PMINDEX_CARD_BLACK;
    p->details = calloc((size_t)cap + 1, sizeof *p->details);
    if (!p->details) {
        fprintf(stderr, "%s: out of memory\n", p->program);
        errors->count++;
        return -1;
    }
    for (int k = 0; k < o->ncompounds; k++) {
        int32_t found = -1;
        for (int32_t c = 0; c < p->ncompounds && found < 0; c++)
            if (strcmp(p->c[c].id, o->compounds[k]) == 0)
                found = c;
        if (found < 0) {
            char shown[256];
            fprintf(stderr, "%s: --compound %s: the period has no such compound\n", p->program,
                    cli_printable(shown, sizeof shown, o->compounds[k]));
            errors->count++;
            continue;
        }
        p->details[n++] = found;
    }
    p->nnotices = 0;
    /* Notices in listing order, like the black list. */
    for (int32_t k = 0; o->notices && k < p->ncompounds; k++)
        if (p->c[p->order[k]].card == PMINDEX_CARD_BLACK) {
            p->details[n++] = p->order[k];
            p->nnotices++;
        }
    p->ndetails = n;
    return errors->count ? -1 : 0;
}

struct detail *detail_new(const pmindex_model *m)
{
    size_t ni = (size_t)pmindex_model_indicator_count(m) + 1;
    size_t nt = (size_t)pmindex_model_item_count(m) + 1;
    /* Reasons: a veto each, a downgrade and a black share per indicator, and a few more. */
    size_t nr = (size_t)pmindex_model_veto_count(m) + 2 * ni + 4;
    struct detail *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->ind_has = calloc(ni, sizeof *d->ind_has);
    d->ind_points = calloc(ni, sizeof *d->ind_points);
    d->ind_share = calloc(ni, sizeof *d->ind_share);
    d->item_has = calloc(nt, sizeof *d->item_has);
    d->item_points = calloc(nt, sizeof *d->item_points);
    d->item_lost = calloc(nt, sizeof *d->item_lost);
    d->item_obs = calloc(nt, sizeof *d->item_obs);
    d->losses = calloc(nt, sizeof *d->losses);
    d->reason_key = calloc(nr, sizeof *d->reason_key);
    d->reason_words = calloc(nr, sizeof *d->reason_words);
    d->reason_text = calloc(nr, sizeof *d->reason_text);
    d->vetoes = calloc(nr, sizeof *d->vetoes);
    d->max_reasons = (int32_t)nr;
    if (!d->ind_has || !d->ind_points || !d->ind_share || !d->item_has || !d->item_points ||
        !d->item_lost || !d->item_obs || !d->losses || !d->reason_key || !d->reason_words ||
        !d->reason_text || !d->vetoes) {
        detail_free(d);
        return NULL;
    }
    return d;
}

void detail_free(struct detail *d)
{
    if (!d)
        return;
    free(d->ind_has);
    free(d->ind_points);
    free(d->ind_share);
    free(d->item_has);
    free(d->item_points);
    free(d->item_lost);
    free(d->item_obs);
    free(d->losses);
    free(d->reason_key);
    free(d->reason_words);
    free(d->reason_text);
    free(d->vetoes);
    free(d);
}

void period_free(struct period *p)
{
    if (p->source_free)
        p->source_free(p);
    free(p->c);
    free(p->order);
    for (int s = 0; s < 4; s++)
        free(p->groups[s]);
    free(p->details);
}
