/* A period read from score sheets, merged as pmindex-rank merges them:
 * each compound assessed and added to the period's district (assessed.c).
 * The period is the sheets' period column; the page says when rows name
 * another. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/sheets.h"
#include "report.h"

struct sheets_source {
    struct assessed *assessed;
    struct period *p;
    int64_t other_periods; /* rows whose period differs from the first */
    char other[64];
};

static void note_period(struct sheets_source *s, const char *period)
{
    if (!*period)
        return;
    if (!s->p->name[0])
        snprintf(s->p->name, sizeof s->p->name, "%s", period);
    else if (strcmp(s->p->name, period) != 0 && s->other_periods++ == 0)
        snprintf(s->other, sizeof s->other, "%s", period);
}

static int add(const pmindex_compound *c, void *ctx)
{
    struct sheets_source *s = ctx;
    note_period(s, pmindex_compound_field(c, PMINDEX_FIELD_PERIOD));
    return assessed_add(s->assessed, c);
}

static int sheets_detail(struct period *p, int32_t n, struct detail *d)
{
    struct sheets_source *s = p->source_data;
    return assessed_detail(s->assessed, p, n, d);
}

static void sheets_free(struct period *p)
{
    struct sheets_source *s = p->source_data;
    if (!s)
        return;
    assessed_free(s->assessed);
    free(s);
    p->source_data = NULL;
}

int period_from_sheets(struct period *p, const struct report_options *o,
                       struct cli_errors *errors)
{
    struct sheets_source *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "%s: out of memory\n", p->program);
        return EXIT_INPUT;
    }
    s->p = p;
    p->source_data = s;
    p->source_free = sheets_free;
    p->detail = sheets_detail;
    p->history = NULL;
    if (!(s->assessed = assessed_new(p->model, o, errors)))
        return EXIT_INPUT;
    cli_read_sheets(p->model, (const char *const *)o->sheets, o->nsheets, o->cli.encoding,
                    o->cli.merge_flags, add, s, errors);
    if (errors->count == 0)
        assessed_fill(s->assessed, p);
    if (s->other_periods > 0) { /* the page says so beside the period's name */
        size_t len = strlen(p->name);
        snprintf(p->name + len, sizeof p->name - len, " (+%lld: %s…)",
                 (long long)s->other_periods, s->other);
    }
    return errors->count == 0 ? 0 : EXIT_INPUT;
}
