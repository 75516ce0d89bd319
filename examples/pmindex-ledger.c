/* pmindex-ledger: a district's ledger (工作台账) across periods, in an SQLite
 * file: apply a period's score sheet (every compound's ladder steps, in one
 * transaction), correct it (revoke the last period, review a period after
 * an appeal), then read a compound's history, a period's decisions, the
 * whole ledger as CSV, or the audit log of every change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmindex/pmindex.h>

#include "common/cli.h"
#include "common/fragile.h"
#include "common/relay.h"
#include "common/options.h"
#include "common/output.h"
#include "common/sheets.h"

static const char *const program = "pmindex-ledger";

enum { MAX_NOTES = 64, LINE = 4096 };

struct options {
    struct cli_common cli; /* --model, --format, --lang, --encoding, --missing-na, -o */
    const char *db, *period_text, *command, *by, *reason;
    char **args;
    int nargs;
    int32_t period;
    bool allow_model_change, allow_gap, dry_run, all_revisions, revoked;
    int32_t busy_ms;
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: %s --db FILE [OPTION]... COMMAND [ARG]...\n"
            "Keep a district's ledger of assessments, cards and sanctions across periods.\n"
            "\n"
            "Commands:\n"
            "  init                  make a new, empty ledger FILE\n"
            "  apply SHEET...        score the sheet of one period (its period column names\n"
            "                        it), step every compound's sanction ladder, store it all\n"
            "                        in one transaction and print the period's decisions\n"
            "                        (cards, measures) by street; several partial sheets\n"
            "                        (police station, street office, district) are merged\n"
            "                        by compound_id first\n"
            "  revoke P              undo period P, the last one applied (--reason needed):\n"
            "                        the ledger is again what it was before P, so that a\n"
            "                        corrected sheet of P can be applied; P's rows stay,\n"
            "                        marked revoked\n"
            "  review P SHEET        复核: correct some compounds of period P (--reason\n"
            "                        needed); SHEET has compound_id and the cells that\n"
            "                        change. Each compound is assessed again and its ladder\n"
            "                        stepped again through the later periods; prints what\n"
            "                        changed, before -> after\n"
            "  history ID            a compound's periods, cards, levels and measures, its\n"
            "                        revisions and revoked periods, and when its level steps\n"
            "                        down if nothing else happens\n"
            "  period P              the decisions of period P, by street\n"
            "  export                every compound and period (--period P: one period), CSV\n"
            "  log                   the audit log: every change, when, by whom, why, and the\n"
            "                        SHA-256 of the sheets it came from\n"
            "\n"
            "Options:\n"
            "  --db FILE             the ledger (an SQLite database)\n"
            "  --period P            apply: the period, checked against the sheet's period\n"
            "                        column; export, log: only period P\n"
            "  --model FILE          the scoring model (default: the embedded Luohu 2018 model)\n"
            "  --allow-model-change  apply with a model other than the last period's\n"
            "  --allow-gap           apply a period that skips periods after the last one\n"
            "  --dry-run             apply, review, revoke: do it all, print it, store nothing\n"
            "  --by NAME             who makes the change, for the log (default: login name)\n"
            "  --reason TEXT         why the change is made, for the log\n"
            "  --all-revisions       export: every revision of each row, not only the current\n"
            "  --revoked             export: the rows of revoked periods too\n"
            "  --format FORMAT       table (default; csv for export), csv or jsonl\n"
            "  --lang LANG           zh (default) or en, for tables\n"
            "  --encoding ENCODING   utf-8 (default) or gb18030 (also gbk), for sheets\n"
            "  --missing-na          apply, merging: an item that no sheet gives is not\n"
            "                        applicable (by default it is an error)\n"
            "  --busy-timeout MS     wait at most MS ms for another writer (default 5000)\n"
            "  --threads N           apply: read the sheets on N threads and mark fragile\n"
            "                        cards on one more (default: as many as the machine has\n"
            "                        cores; 1: all on one); the output is the same\n"
            "  -o, --output FILE     write to FILE (whole or not at all) instead of stdout\n"
            "  --help                show this help and exit\n"
            "  --version             show the version and exit\n"
            "\n"
            "A change is made whole or not at all: a sheet with any error, a period applied\n"
            "already, older than the last or after a gap, or another model leave the ledger\n"
            "unchanged. Nothing recorded is ever changed: corrections are new records.\n"
            "Exit status: 0 all is well, 1 input or ledger errors (each reported), 2 usage errors.\n",
            program);
}

static int usage_error(const char *fmt, const char *arg)
{
    return cli_usage_error(program, fmt, arg);
}

static bool parse_period(const char *s, int32_t *out)
{
    return pmindex_period_parse(s, strlen(s), out) == 0;
}

static bool is(const struct options *o, const char *command)
{
    return strcmp(o->command, command) == 0;
}

/* Options that only some commands take: any other command refuses them. */
static int check_options(const struct options *o)
{
    static const struct {
        const char *option;
        const char *commands; /* space-separated, with spaces around */
        const char *said;
    } only[] = {
        {"--dry-run", " apply review revoke ", "apply, review and revoke"},
        {"--allow-gap", " apply ", "apply"},
        {"--allow-model-change", " apply ", "apply"},
        {"--all-revisions", " export ", "export"},
        {"--revoked", " export ", "export"},
        {"--by", " init apply review revoke ", "init, apply, review and revoke"},
        {"--reason", " init apply review revoke ", "init, apply, review and revoke"},
        {"--period", " apply export log ", "apply, export and log"},
        {"--threads", " apply ", "apply"},
    };
    const bool given[] = {o->dry_run,  o->allow_gap,   o->allow_model_change, o->all_revisions,
                          o->revoked,  o->by != NULL,  o->reason != NULL,     o->period_text != NULL,
                          o->cli.threads_given};
    char word[32];
    snprintf(word, sizeof word, " %s ", o->command);
    for (size_t k = 0; k < sizeof only / sizeof *only; k++)
        if (given[k] && !strstr(only[k].commands, word)) {
            fprintf(stderr, "%s: %s is only for %s, not for %s (see --help)\n", program,
                    only[k].option, only[k].said, o->command);
            return EXIT_USAGE;
        }
    if ((is(o, "revoke") || is(o, "review")) && (!o->reason || !*o->reason)) {
        fprintf(stderr, "%s: %s needs --reason TEXT: why, for the audit log (see --help)\n",
                program, o->command);
        return EXIT_USAGE;
    }
    return 0;
}

enum {
    OPT_DB = CLI_OWN_FIRST, OPT_PERIOD, OPT_ALLOW, OPT_BUSY, OPT_GAP, OPT_DRY, OPT_BY, OPT_REASON,
    OPT_ALL_REVISIONS, OPT_REVOKED
};

static const struct option own_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"period", required_argument, NULL, OPT_PERIOD},
    {"allow-model-change", no_argument, NULL, OPT_ALLOW},
    {"allow-gap", no_argument, NULL, OPT_GAP},
    {"dry-run", no_argument, NULL, OPT_DRY},
    {"by", required_argument, NULL, OPT_BY},
    {"reason", required_argument, NULL, OPT_REASON},
    {"all-revisions", no_argument, NULL, OPT_ALL_REVISIONS},
    {"revoked", no_argument, NULL, OPT_REVOKED},
    {"busy-timeout", required_argument, NULL, OPT_BUSY},
    {NULL, 0, NULL, 0},
};

static int own_option(void *opts, int id, const char *value)
{
    struct options *o = opts;
    switch (id) {
    case OPT_DB: o->db = value; break;
    case OPT_PERIOD:
        if (!parse_period(value, &o->period))
            return usage_error("--period takes a period such as 2018H2, 2018Q3 or 2018-09, "
                               "not \"%s\"", value);
        o->period_text = value;
        break;
    case OPT_ALLOW: o->allow_model_change = true; break;
    case OPT_GAP: o->allow_gap = true; break;
    case OPT_DRY: o->dry_run = true; break;
    case OPT_BY: o->by = value; break;
    case OPT_REASON: o->reason = value; break;
    case OPT_ALL_REVISIONS: o->all_revisions = true; break;
    case OPT_REVOKED: o->revoked = true; break;
    default: { /* OPT_BUSY */
        char *end;
        long v = strtol(value, &end, 10);
        if (!*value || *end || v < 0 || v > 3600000)
            return usage_error("--busy-timeout takes milliseconds (0 to 3600000), not \"%s\"",
                               value);
        o->busy_ms = (int32_t)v;
    }
    }
    return 0;
}

/* The command and its arguments, and the options that go with it. */
static int operands(void *opts, int argc, char **argv, int first)
{
    struct options *o = opts;
    static const char commands_list[] = "init, apply, revoke, review, history, period, export or log";
    if (first >= argc)
        return usage_error("a command is needed: %s", commands_list);
    o->command = argv[first];
    o->args = argv + first + 1;
    o->nargs = argc - first - 1;
    if (!o->db)
        return usage_error("%s needs --db FILE", o->command);
    static const struct {
        const char *name;
        int min, max;
        const char *what;
    } commands[] = {
        {"init", 0, 0, "init takes no argument"},
        {"apply", 1, 1 << 20, "apply needs a SHEET"},
        {"revoke", 1, 1, "revoke needs one period P, the last one applied"},
        {"review", 2, 2, "review needs a period P and one SHEET of corrections"},
        {"history", 1, 1, "history needs one compound ID"},
        {"period", 1, 1, "period needs one period P"},
        {"export", 0, 0, "export takes no argument (--period P for one period)"},
        {"log", 0, 0, "log takes no argument (--period P for one period)"},
    };
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(o->command, commands[i].name) != 0)
            continue;
        if (o->nargs < commands[i].min || o->nargs > commands[i].max)
            return usage_error("%s", commands[i].what);
        for (int k = 0; o->nargs > 1 && is(o, "apply") && k < o->nargs; k++)
            if (strcmp(o->args[k], "-") == 0)
                return usage_error("%s", "standard input (-) only as the one sheet");
        if ((is(o, "revoke") || is(o, "review")) && !parse_period(o->args[0], &o->period)) {
            fprintf(stderr, "%s: %s takes a period such as 2018H2, 2018Q3 or 2018-09, not \"%s\" "
                            "(see --help)\n", program, o->command, o->args[0]);
            return EXIT_USAGE;
        }
        return check_options(o);
    }
    fprintf(stderr, "%s: unknown command \"%s\": %s (see --help)\n", program, o->command,
            commands_list);
    return EXIT_USAGE;
}

/* ---- the ledger ------------------------------------------------------------- */

static void ledger_failed(pmindex_ledger *l)
{
    fprintf(stderr, "%s: %s\n", program, pmindex_error_message(pmindex_ledger_error(l)));
}

static pmindex_ledger *open_ledger(const struct options *o, uint32_t flags)
{
    pmindex_ledger *l = NULL;
    pmindex_error *e = NULL;
    int rc = pmindex_error_new(&e);
    if (rc == 0)
        rc = pmindex_ledger_open(o->db, flags, &l, e);
    if (rc != 0) {
        char buf[2048];
        if (e)
            pmindex_error_format(e, buf, sizeof buf);
        else
            snprintf(buf, sizeof buf, "%s: %s", o->db, pmindex_strerror(rc));
        fprintf(stderr, "%s: %s\n", program, buf);
    }
    if (rc == PMINDEX_E_IO && !(flags & PMINDEX_LEDGER_CREATE) && !(flags & PMINDEX_LEDGER_READONLY))
        fprintf(stderr, "%s: make a new ledger first: %s --db %s init\n", program, program, o->db);
    pmindex_error_free(e);
    if (l && o->busy_ms >= 0)
        pmindex_ledger_set_busy_timeout(l, o->busy_ms);
    /* The checkpoint of a large change on a thread while the decisions print. */
    if (l)
        pmindex_ledger_set_threads(l, o->cli.threads);
    /* Who and why, for the audit log of the change this run makes. */
    const char *bad = NULL;
    if (l && o->by && pmindex_ledger_set_actor(l, o->by) != 0)
        bad = "--by";
    else if (l && o->reason && pmindex_ledger_set_reason(l, o->reason) != 0)
        bad = "--reason";
    if (bad) {
        fprintf(stderr, "%s: %s: %s\n", program, bad,
                pmindex_error_message(pmindex_ledger_error(l)));
        pmindex_ledger_free(l);
        return NULL;
    }
    return l;
}

static int cmd_init(const struct options *o)
{
    pmindex_ledger *l = NULL;
    pmindex_error *e = NULL;
    int rc = pmindex_error_new(&e);
    if (rc == 0)
        rc = pmindex_ledger_create(o->db, o->by, o->reason, &l, e);
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", program, e ? pmindex_error_message(e) : pmindex_strerror(rc));
    pmindex_error_free(e);
    pmindex_ledger_free(l);
    return rc == 0 ? EXIT_OK : EXIT_INPUT;
}

/* Says what to do about a refusal that an option can lift. */
static void hint(const struct options *o, const pmindex_error *e)
{
    const char *m = pmindex_error_message(e);
    if (strstr(m, "model differs"))
        fprintf(stderr, "%s: to apply the period with this model, add --allow-model-change\n",
                program);
    else if (strstr(m, "missing between"))
        fprintf(stderr, "%s: check the period (a typo?); if the gap is intended, add "
                        "--allow-gap\n", program);
    else if (pmindex_error_code(e) == PMINDEX_E_RANGE && !o->period_text &&
             strcmp(pmindex_error_field(e), "period") == 0 && strstr(m, "names no period"))
        fprintf(stderr, "%s: name the period on every row, or give it with --period P\n",
                program);
}

/* ---- printing rows ---------------------------------------------------------- */

/* A row's card key ("red", "black", "none") as a PMINDEX_CARD_*. */
static int32_t card_of(const char *key)
{
    return strcmp(key, "red") == 0     ? PMINDEX_CARD_RED
           : strcmp(key, "black") == 0 ? PMINDEX_CARD_BLACK
                                       : PMINDEX_CARD_NONE;
}

/* A row's card key in words. */
static const char *card_label(const char *key, int32_t lang)
{
    return cli_card_label(card_of(key), lang);
}

static const char *tier_label(const pmindex_model *m, const char *key, int32_t lang)
{
    if (strcmp(key, "fallback") == 0)
        return pmindex_model_tier_label(m, PMINDEX_TIER_FALLBACK, lang);
    int32_t t = pmindex_model_find_tier(m, key);
    return t >= 0 ? pmindex_model_tier_label(m, t, lang) : key;
}

struct printer {
    const struct options *o;
    const pmindex_model *model;
    struct output *out;
    char *buf;
    size_t cap;
    bool failed;
};

/* Writes a record that a function of the (buf, cap) pattern makes. */
typedef int64_t record_fn(const void *obj, int32_t format, uint32_t flags, char *buf, size_t cap);

static int64_t row_record(const void *r, int32_t format, uint32_t flags, char *buf, size_t cap)
{
    return pmindex_ledger_row_record(r, format, flags, buf, cap);
}

static int64_t log_record(const void *g, int32_t format, uint32_t flags, char *buf, size_t cap)
{
    return pmindex_ledger_log_record(g, format, flags, buf, cap);
}

static int64_t change_record(const void *c, int32_t format, uint32_t flags, char *buf,
                             size_t cap)
{
    return pmindex_ledger_change_record(c, format, flags, buf, cap);
}

static void print_record(struct printer *p, record_fn *fn, const void *obj)
{
    int32_t format = p->o->cli.format == FORMAT_JSONL ? PMINDEX_FORMAT_JSONL : PMINDEX_FORMAT_CSV;
    int64_t n = fn(obj, format, 0, p->buf, p->cap);
    if (n >= 0 && (size_t)n >= p->cap) {
        char *bigger = realloc(p->buf, (size_t)n + 1);
        if (!bigger) {
            p->failed = true;
            return;
        }
        p->buf = bigger;
        p->cap = (size_t)n + 1;
        n = fn(obj, format, 0, p->buf, p->cap);
    }
    if (n < 0) {
        p->failed = true;
        return;
    }
    output_write(p->out, p->buf, (size_t)n);
}

/* The CSV header line of a record, when the format is CSV. */
static void print_header(struct printer *p, int64_t (*header)(int32_t, uint32_t, char *, size_t))
{
    if (p->o->cli.format != FORMAT_CSV)
        return;
    char line[LINE];
    int64_t n = header(PMINDEX_FORMAT_CSV, 0, line, sizeof line);
    if (n > 0 && (size_t)n < sizeof line)
        output_write(p->out, line, (size_t)n);
}

/* A table line's length without the blanks its padding left at the end. */
static size_t line_length(const char *line)
{
    size_t len = strlen(line);
    while (len > 0 && line[len - 1] == ' ')
        len--;
    return len;
}

static void print_line(struct printer *p, char *line)
{
    size_t len = line_length(line);
    line[len++] = '\n';
    output_write(p->out, line, len);
}

static void level_text(const pmindex_ledger_rows *r, char *buf, size_t cap)
{
    snprintf(buf, cap, "%lld→%lld", (long long)pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL_BEFORE),
             (long long)pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL));
}

static const char *measure_label(const pmindex_ledger_rows *r, int32_t lang)
{
    return pmindex_ledger_rows_text(r, lang == PMINDEX_LANG_EN ? PMINDEX_ROW_MEASURE_EN
                                                                : PMINDEX_ROW_MEASURE_ZH);
}

static void append(char *line, size_t cap, const char *s)
{
    strncat(line, s, cap - strlen(line) - 1);
}

/* The decision table's lines, grouped by street. The rows are read in the
 * ledger's own order (by compound_id), which needs no sort, and each
 * street keeps its lines in that order; the streets are then printed in
 * byte order. That is the order of PMINDEX_LEDGER_BY_STREET, which SQLite
 * gets by sorting the rows: for a period of 100,000 compounds the sort
 * took longer than reading them (2-core VM: 0.115 s against 0.042 s; issue
 * 16). What is kept is the text of the lines, about 70 bytes a decision. */
struct street_lines {
    char *street;
    char *text; /* its lines, each ending in '\n' */
    size_t len, cap;
};

struct street_table {
    struct street_lines *streets; /* sorted by strcmp */
    size_t count, cap, last;      /* last: the street found last */
};

static void street_table_free(struct street_table *t)
{
    for (size_t k = 0; k < t->count; k++) {
        free(t->streets[k].street);
        free(t->streets[k].text);
    }
    free(t->streets);
}

/* The lines of a street, added in their sorted place when new; NULL when
 * out of memory. Rows of one street often come together: the last street
 * found is tried first. */
static struct street_lines *street_of(struct street_table *t, const char *street)
{
    if (t->last < t->count && strcmp(t->streets[t->last].street, street) == 0)
        return &t->streets[t->last];
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(t->streets[mid].street, street);
        if (c == 0) {
            t->last = mid;
            return &t->streets[mid];
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (t->count == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        struct street_lines *s = realloc(t->streets, cap * sizeof *s);
        if (!s)
            return NULL;
        t->streets = s;
        t->cap = cap;
    }
    char *name = strdup(street);
    if (!name)
        return NULL;
    memmove(&t->streets[lo + 1], &t->streets[lo], (t->count - lo) * sizeof *t->streets);
    t->streets[lo] = (struct street_lines){.street = name};
    t->count++;
    t->last = lo;
    return &t->streets[lo];
}

/* Makes room for n more bytes after len in *text (cap bytes, doubled from
 * first); -1 when out of memory. */
static int text_room(char **text, size_t len, size_t *cap, size_t n, size_t first)
{
    if (*cap - len >= n)
        return 0;
    size_t c = *cap ? *cap : first;
    while (c - len < n)
        c *= 2;
    char *p = realloc(*text, c);
    if (!p)
        return -1;
    *text = p;
    *cap = c;
    return 0;
}

/* Adds a line as print_line() writes it; -1 when out of memory. */
static int street_add_line(struct street_lines *s, const char *line)
{
    size_t n = line_length(line);
    if (text_room(&s->text, s->len, &s->cap, n + 1, 4096) != 0)
        return -1;
    memcpy(s->text + s->len, line, n);
    s->len += n;
    s->text[s->len++] = '\n';
    return 0;
}

/* A decision as the table needs it, read from a row: its texts are kept
 * in the text of the block of decisions that holds it. */
struct decision {
    size_t id, name, street, measure; /* offsets in the block's text */
    int32_t card;                     /* PMINDEX_CARD_* */
    int64_t level_before, level;
};

/* Decisions handed to the table's thread at a time. */
enum { DECISION_BLOCK = 512 };

struct decision_block {
    struct decision decisions[DECISION_BLOCK];
    int count; /* set when handed over */
    char *text;
    size_t len, cap;
};

/* The table being made: the caller reads the rows into blocks of decisions,
 * which become lines in the streets on the relay's thread (or when handed
 * over, without threads). Only the work touches streets, fragile and marked
 * until relay_finish(). */
struct decision_table {
    const struct printer *p;
    struct fragile *fragile; /* marks fragile cards; NULL */
    struct street_table streets;
    int64_t marked;
    struct relay relay;
    struct decision_block blocks[RELAY_BLOCKS];
    int filled; /* decisions in blocks[relay.filling] */
};

/* A decision in the table's words: id, name, card (marked when fragile),
 * level before and after, measure. */
static void decision_line(const struct printer *p, const struct decision *d, const char *text,
                          bool mark, char *line, size_t cap)
{
    char label[32], levels[48];
    line[0] = '\0';
    cli_pad(line, cap, "", 2);
    cli_pad(line, cap, text + d->id, 14);
    cli_pad(line, cap, text + d->name, 18);
    snprintf(label, sizeof label, "%s%s", cli_card_label(d->card, p->o->cli.lang),
             mark ? FRAGILE_MARK : "");
    cli_pad(line, cap, label, 7); /* room for "black*" */
    snprintf(levels, sizeof levels, "%lld→%lld", (long long)d->level_before, (long long)d->level);
    cli_pad(line, cap, levels, 6);
    append(line, cap, text + d->measure);
}

/* The relay's work: a block of decisions into the streets' lines. */
static int table_block(void *ctx, int block)
{
    struct decision_table *t = ctx;
    const struct decision_block *b = &t->blocks[block];
    char line[LINE];
    for (int k = 0; k < b->count; k++) {
        const struct decision *d = &b->decisions[k];
        bool mark = t->fragile && d->card != PMINDEX_CARD_NONE &&
                    fragile_has(t->fragile, b->text + d->id);
        t->marked += mark;
        decision_line(t->p, d, b->text, mark, line, sizeof line);
        struct street_lines *s = street_of(&t->streets, b->text + d->street);
        if (!s || street_add_line(s, line) != 0)
            return -1;
    }
    return 0;
}

/* Copies a text into the block's text; its offset, or SIZE_MAX when out of memory. */
static size_t keep_text(struct decision_block *b, const char *s)
{
    size_t n = strlen(s) + 1;
    if (text_room(&b->text, b->len, &b->cap, n, 16384) != 0)
        return SIZE_MAX;
    memcpy(b->text + b->len, s, n);
    b->len += n;
    return b->len - n;
}

static void table_hand_over(struct decision_table *t)
{
    t->blocks[t->relay.filling].count = t->filled;
    t->filled = 0;
    relay_hand_over(&t->relay);
}

/* Adds a row's decision to the table; -1 when out of memory. */
static int table_add(struct decision_table *t, const pmindex_ledger_rows *r, int32_t card)
{
    if (t->filled == 0) { /* a block is filled from its start once the work is done with it */
        if (relay_block(&t->relay) < 0)
            return -1;
        t->blocks[t->relay.filling].len = 0;
    }
    struct decision_block *b = &t->blocks[t->relay.filling];
    struct decision *d = &b->decisions[t->filled];
    d->card = card;
    d->level_before = pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL_BEFORE);
    d->level = pmindex_ledger_rows_int(r, PMINDEX_ROW_LEVEL);
    if ((d->id = keep_text(b, pmindex_ledger_rows_text(r, PMINDEX_ROW_COMPOUND_ID))) == SIZE_MAX ||
        (d->name = keep_text(b, pmindex_ledger_rows_text(r, PMINDEX_ROW_NAME))) == SIZE_MAX ||
        (d->street = keep_text(b, pmindex_ledger_rows_text(r, PMINDEX_ROW_STREET))) == SIZE_MAX ||
        (d->measure = keep_text(b, measure_label(r, t->p->o->cli.lang))) == SIZE_MAX)
        return -1;
    if (++t->filled == DECISION_BLOCK)
        table_hand_over(t);
    return 0;
}

/* Waits for the lines of every decision added; -1 when out of memory. */
static int table_finish(struct decision_table *t)
{
    if (t->filled > 0)
        table_hand_over(t);
    return relay_finish(&t->relay);
}

static void table_free(struct decision_table *t)
{
    relay_finish(&t->relay);
    street_table_free(&t->streets);
    for (int b = 0; b < RELAY_BLOCKS; b++)
        free(t->blocks[b].text);
}

/* The streets' headings and lines, in the streets' order. */
static void print_streets(struct printer *p, const struct street_table *t)
{
    bool en = p->o->cli.lang == PMINDEX_LANG_EN;
    char line[LINE], shown[256];
    for (size_t k = 0; k < t->count; k++) {
        const char *s = t->streets[k].street;
        snprintf(line, sizeof line, "\n%s",
                 *s ? cli_printable(shown, sizeof shown, s) : (en ? "(no street)" : "（无街道）"));
        print_line(p, line);
        output_write(p->out, t->streets[k].text, t->streets[k].len);
    }
}

/* A period's decisions: a table grouped by street, or records ordered by
 * street. After apply, fragile (the cards of this period that one step of
 * one item changes) marks them for review in the table; NULL otherwise. */
static int print_decisions(struct printer *p, pmindex_ledger *l, int32_t period,
                           struct fragile *fragile)
{
    bool en = p->o->cli.lang == PMINDEX_LANG_EN, table = p->o->cli.format == FORMAT_TABLE;
    pmindex_ledger_rows *r;
    uint32_t order = table ? 0 : PMINDEX_LEDGER_BY_STREET; /* the table groups them itself */
    if (pmindex_ledger_rows_new(l, period, NULL, order | PMINDEX_LEDGER_DECISIONS, &r) != 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    char line[LINE], name[16];
    pmindex_period_format(period, name, sizeof name);
    print_header(p, pmindex_ledger_row_header);
    if (table) {
        snprintf(line, sizeof line, en ? "Decisions of period %s" : "%s 期决定", name);
        print_line(p, line);
    }
    /* The lines are made on a thread while the rows are read. */
    struct decision_table t = {.p = p, .fragile = fragile};
    relay_start(&t.relay, table_block, &t, table && p->o->cli.threads > 1);
    int64_t red = 0, black = 0, measures = 0;
    int rc;
    while ((rc = pmindex_ledger_rows_next(r)) == 1) {
        int32_t card = card_of(pmindex_ledger_rows_text(r, PMINDEX_ROW_CARD_KEY));
        red += card == PMINDEX_CARD_RED;
        black += card == PMINDEX_CARD_BLACK;
        measures += pmindex_ledger_rows_int(r, PMINDEX_ROW_MEASURE) >= 0;
        if (!table)
            print_record(p, row_record, r);
        else if (table_add(&t, r, card) != 0) {
            rc = PMINDEX_E_NOMEM;
            break;
        }
    }
    pmindex_ledger_rows_free(r);
    if (rc == 0 && table_finish(&t) != 0)
        rc = PMINDEX_E_NOMEM;
    if (rc == PMINDEX_E_NOMEM)
        fprintf(stderr, "%s: out of memory\n", program);
    else if (rc < 0)
        ledger_failed(l);
    if (rc < 0) {
        table_free(&t);
        return EXIT_INPUT;
    }
    if (table) {
        print_streets(p, &t.streets);
        snprintf(line, sizeof line,
                 en ? "\n%s: red cards %lld, black cards %lld, measures %lld"
                    : "\n%s：红牌 %lld，黑牌 %lld，措施 %lld",
                 name, (long long)red, (long long)black, (long long)measures);
        print_line(p, line);
        if (t.marked) {
            snprintf(line, sizeof line, "%s", fragile_legend(p->o->cli.lang));
            print_line(p, line);
        }
    }
    table_free(&t);
    return EXIT_OK;
}

/* ---- the audit log ----------------------------------------------------------- */

static const char *action_label(const char *action, int32_t lang)
{
    static const struct {
        const char *key, *zh, *en;
    } actions[] = {
        {"init", "建立台账", "init"},     {"upgrade", "升级台账", "upgrade"},
        {"apply", "录入", "apply"},       {"model", "更换模型", "model"},
        {"review", "复核", "review"},     {"revoke", "撤销", "revoke"},
    };
    for (size_t k = 0; k < sizeof actions / sizeof *actions; k++)
        if (strcmp(actions[k].key, action) == 0)
            return lang == PMINDEX_LANG_EN ? actions[k].en : actions[k].zh;
    return action;
}

/* "log entry 7, 2026-12-02T15:36:04Z, bob, review of 2019H1: appeal upheld" */
static void entry_summary(pmindex_ledger *l, int64_t entry, int32_t lang, char *buf, size_t cap)
{
    bool en = lang == PMINDEX_LANG_EN;
    pmindex_ledger_log *g;
    snprintf(buf, cap, en ? "log entry %lld" : "日志 %lld", (long long)entry);
    if (pmindex_ledger_log_new(l, PMINDEX_PERIOD_NONE, entry, 0, &g) != 0)
        return;
    if (pmindex_ledger_log_next(g) == 1) {
        char actor[128], reason[512];
        cli_printable(actor, sizeof actor, pmindex_ledger_log_text(g, PMINDEX_LOG_ACTOR));
        cli_printable(reason, sizeof reason, pmindex_ledger_log_text(g, PMINDEX_LOG_REASON));
        snprintf(buf + strlen(buf), cap - strlen(buf), en ? ", %s, %s, %s %s%s%s" : "，%s，%s，%s %s%s%s",
                 pmindex_ledger_log_text(g, PMINDEX_LOG_AT), actor,
                 action_label(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTION), lang),
                 pmindex_ledger_log_text(g, PMINDEX_LOG_PERIOD_NAME), *reason ? (en ? ": " : "：") : "",
                 reason);
    }
    pmindex_ledger_log_free(g);
}

static int print_log(struct printer *p, pmindex_ledger *l)
{
    bool en = p->o->cli.lang == PMINDEX_LANG_EN, table = p->o->cli.format == FORMAT_TABLE;
    pmindex_ledger_log *g;
    if (pmindex_ledger_log_new(l, p->o->period, 0, 0, &g) != 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    print_header(p, pmindex_ledger_log_header);
    char line[LINE], num[32], shown[512];
    if (table) {
        line[0] = '\0';
        cli_pad(line, sizeof line, en ? "Entry" : "序号", 6);
        cli_pad(line, sizeof line, en ? "Time (UTC)" : "时间（UTC）", 22);
        cli_pad(line, sizeof line, en ? "By" : "操作人", 12);
        cli_pad(line, sizeof line, en ? "Action" : "操作", 10);
        cli_pad(line, sizeof line, en ? "Period" : "期间", 8);
        cli_pad(line, sizeof line, en ? "Compounds" : "小区数", 10);
        cli_pad(line, sizeof line, en ? "Changed" : "变更", 8);
        append(line, sizeof line, en ? "Reason" : "理由");
        print_line(p, line);
    }
    int rc;
    while ((rc = pmindex_ledger_log_next(g)) == 1) {
        if (!table) {
            print_record(p, log_record, g);
            continue;
        }
        line[0] = '\0';
        snprintf(num, sizeof num, "%lld", (long long)pmindex_ledger_log_int(g, PMINDEX_LOG_ENTRY));
        cli_pad(line, sizeof line, num, 6);
        cli_pad(line, sizeof line, pmindex_ledger_log_text(g, PMINDEX_LOG_AT), 22);
        cli_pad(line, sizeof line,
                cli_printable(shown, sizeof shown, pmindex_ledger_log_text(g, PMINDEX_LOG_ACTOR)),
                12);
        cli_pad(line, sizeof line,
                action_label(pmindex_ledger_log_text(g, PMINDEX_LOG_ACTION), p->o->cli.lang), 10);
        cli_pad(line, sizeof line, pmindex_ledger_log_text(g, PMINDEX_LOG_PERIOD_NAME), 8);
        snprintf(num, sizeof num, "%lld",
                 (long long)pmindex_ledger_log_int(g, PMINDEX_LOG_COMPOUNDS));
        cli_pad(line, sizeof line, num, 10);
        snprintf(num, sizeof num, "%lld", (long long)pmindex_ledger_log_int(g, PMINDEX_LOG_CHANGED));
        cli_pad(line, sizeof line, num, 8);
        append(line, sizeof line,
               cli_printable(shown, sizeof shown, pmindex_ledger_log_text(g, PMINDEX_LOG_REASON)));
        print_line(p, line);
        const char *detail = pmindex_ledger_log_text(g, PMINDEX_LOG_DETAIL);
        const char *model = pmindex_ledger_log_text(g, PMINDEX_LOG_MODEL);
        if (*detail || *model) {
            snprintf(line, sizeof line, "%*s%s%s%s%s", 6, "", *model ? (en ? "model " : "模型 ") : "",
                     model, *model && *detail ? "; " : "",
                     cli_printable(shown, sizeof shown, detail));
            print_line(p, line);
        }
        for (int32_t k = 0; k < pmindex_ledger_log_int(g, PMINDEX_LOG_INPUT_COUNT); k++) {
            snprintf(line, sizeof line, "%*ssha256 %s  %s", 6, "",
                     pmindex_ledger_log_input(g, k, PMINDEX_LOG_INPUT_SHA256),
                     cli_printable(shown, sizeof shown,
                                   pmindex_ledger_log_input(g, k, PMINDEX_LOG_INPUT_NAME)));
            print_line(p, line);
        }
    }
    pmindex_ledger_log_free(g);
    if (rc < 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* ---- a compound's history ------------------------------------------------------ */

/* The log entries a history refers to, in the order met. */
struct notes {
    int64_t entry[MAX_NOTES];
    int n;
};

static int note(struct notes *ns, int64_t entry)
{
    for (int k = 0; k < ns->n; k++)
        if (ns->entry[k] == entry)
            return k + 1;
    if (ns->n == MAX_NOTES)
        return 0;
    ns->entry[ns->n++] = entry;
    return ns->n;
}

static void history_outlook(struct printer *p, pmindex_ledger *l, const char *id)
{
    bool en = p->o->cli.lang == PMINDEX_LANG_EN;
    char line[LINE], name[16];
    pmindex_ladder_state s;
    if (pmindex_ledger_state(l, id, &s) != 1)
        return;
    snprintf(line, sizeof line, en ? "Now at level %d; inspections: %s" : "当前级别 %d；检查频次：%s",
             (int)s.level, pmindex_model_inspection(p->model, s.level, p->o->cli.lang));
    print_line(p, line);
    int32_t period, level;
    int rc = pmindex_ledger_step_down(l, id, &period, &level);
    if (rc == 1) {
        pmindex_period_format(period, name, sizeof name);
        if (en)
            snprintf(line, sizeof line, "Clean periods in a row: %d; if nothing else happens, "
                     "the level steps down to %d in %s", (int)s.clean, (int)level, name);
        else
            snprintf(line, sizeof line, "连续无黑牌 %d 期；如无其他情况，将于 %s 期降至 %d 级",
                     (int)s.clean, name, (int)level);
    } else if (rc == 0) {
        snprintf(line, sizeof line, en ? "No sanction in force: the level cannot step down"
                                       : "无制裁在执行，级别无可再降");
    } else {
        return;
    }
    print_line(p, line);
}

static int print_history(struct printer *p, pmindex_ledger *l, const char *id)
{
    bool en = p->o->cli.lang == PMINDEX_LANG_EN, table = p->o->cli.format == FORMAT_TABLE;
    pmindex_ledger_rows *r;
    if (pmindex_ledger_rows_new(l, PMINDEX_PERIOD_NONE, id, PMINDEX_LEDGER_REVOKED,
                                &r) != 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    char line[LINE], num[32], mark[64];
    print_header(p, pmindex_ledger_row_header);
    struct notes notes = {.n = 0};
    int rc;
    int64_t rows = 0;
    while ((rc = pmindex_ledger_rows_next(r)) == 1) {
        if (!table) {
            print_record(p, row_record, r);
            rows++;
            continue;
        }
        if (rows++ == 0) {
            char shown[2][256];
            snprintf(line, sizeof line, "%s %s", cli_printable(shown[0], sizeof shown[0], id),
                     cli_printable(shown[1], sizeof shown[1],
                                   pmindex_ledger_rows_text(r, PMINDEX_ROW_NAME)));
            print_line(p, line);
            line[0] = '\0';
            cli_pad(line, sizeof line, en ? "Period" : "期间", 9);
            cli_pad(line, sizeof line, en ? " Index" : "  指数", 8);
            cli_pad(line, sizeof line, en ? "Tier" : "等级", 12);
            cli_pad(line, sizeof line, en ? "Card" : "牌", 6);
            cli_pad(line, sizeof line, en ? "Level" : "级别", 6);
            append(line, sizeof line, en ? "Measure" : "措施");
            print_line(p, line);
        }
        line[0] = '\0';
        cli_pad(line, sizeof line, pmindex_ledger_rows_text(r, PMINDEX_ROW_PERIOD_NAME), 9);
        int64_t index = pmindex_ledger_rows_int(r, PMINDEX_ROW_INDEX);
        if (index >= 0)
            pmindex_centi_format(index, num, sizeof num);
        else
            strcpy(num, "-");
        char right[16];
        snprintf(right, sizeof right, "%6s", num);
        cli_pad(line, sizeof line, right, 8);
        cli_pad(line, sizeof line,
                tier_label(p->model, pmindex_ledger_rows_text(r, PMINDEX_ROW_TIER_KEY),
                           p->o->cli.lang), 12);
        cli_pad(line, sizeof line,
                card_label(pmindex_ledger_rows_text(r, PMINDEX_ROW_CARD_KEY), p->o->cli.lang), 6);
        level_text(r, num, sizeof num);
        cli_pad(line, sizeof line, num, 6);
        append(line, sizeof line, measure_label(r, p->o->cli.lang));
        /* Marks: a revision a review made, a period revoked; the notes say more. */
        int64_t revision = pmindex_ledger_rows_int(r, PMINDEX_ROW_REVISION);
        int64_t revoked = pmindex_ledger_rows_int(r, PMINDEX_ROW_REVOKED);
        if (revision > 1) {
            int k = note(&notes, pmindex_ledger_rows_int(r, PMINDEX_ROW_ENTRY));
            snprintf(mark, sizeof mark, en ? " [revision %lld, note %d]" : "〔第 %lld 版，注 %d〕",
                     (long long)revision, k);
            append(line, sizeof line, mark);
        }
        if (revoked) {
            int k = note(&notes, revoked);
            snprintf(mark, sizeof mark, en ? " [revoked, note %d]" : "〔已撤销，注 %d〕", k);
            append(line, sizeof line, mark);
        }
        print_line(p, line);
    }
    pmindex_ledger_rows_free(r);
    if (rc < 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    if (rows == 0) {
        fprintf(stderr, "%s: %s: the ledger has no compound %s\n", program, p->o->db, id);
        return EXIT_INPUT;
    }
    if (!table)
        return EXIT_OK;
    if (notes.n > 0) {
        strcpy(line, "");
        print_line(p, line);
    }
    for (int k = 0; k < notes.n; k++) {
        char summary[1024];
        entry_summary(l, notes.entry[k], p->o->cli.lang, summary, sizeof summary);
        snprintf(line, sizeof line, en ? "note %d: %s" : "注 %d：%s", k + 1, summary);
        print_line(p, line);
    }
    strcpy(line, "");
    print_line(p, line);
    history_outlook(p, l, id);
    return EXIT_OK;
}

static int print_export(struct printer *p, pmindex_ledger *l)
{
    pmindex_ledger_rows *r;
    uint32_t flags = (p->o->all_revisions ? PMINDEX_LEDGER_ALL_REVISIONS : 0) |
                     (p->o->revoked ? PMINDEX_LEDGER_REVOKED : 0);
    if (pmindex_ledger_rows_new(l, p->o->period, NULL, flags, &r) != 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    print_header(p, pmindex_ledger_row_header);
    int rc;
    while ((rc = pmindex_ledger_rows_next(r)) == 1)
        print_record(p, row_record, r);
    pmindex_ledger_rows_free(r);
    if (rc < 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* ---- apply ------------------------------------------------------------------ */

/* Each compound of the period's sheet(s) goes into the open period. Once an
 * error is counted nothing more is added: the period will be rolled back. */
struct feed {
    const struct options *o;
    pmindex_ledger *ledger;
    const char *sheet; /* the one sheet, whose rows add_next() adds as it reads
                          them; NULL when several were merged */
    struct cli_errors *errors;
    struct fragile *fragile; /* the decision table marks fragile cards; NULL */
};

/* Reports why the ledger refused compound c (NULL: the one sheet's next). */
static void add_failed(struct feed *f, const pmindex_compound *c)
{
    const pmindex_error *e = pmindex_ledger_error(f->ledger);
    if (f->errors->count++ < CLI_MAX_ERRORS) {
        char id[256];
        if (!c)
            fprintf(stderr, "%s: %s: %s\n", program, cli_sheet_name(f->sheet),
                    pmindex_error_message(e));
        else if (f->sheet)
            fprintf(stderr, "%s: %s:%lld: %s\n", program, cli_sheet_name(f->sheet),
                    (long long)pmindex_compound_line(c), pmindex_error_message(e));
        else /* a merged compound has no one file and line */
            fprintf(stderr, "%s: compound %s: %s\n", program,
                    cli_printable(id, sizeof id, pmindex_compound_field(c, PMINDEX_FIELD_ID)),
                    pmindex_error_message(e));
        hint(f->o, e);
    }
}

/* The one sheet's next row, added to the period on the way while no error
 * has been counted: the sheet's threads prepare what the ledger stores. */
static int add_next(pmindex_sheet *sheet, const pmindex_compound **c, void *ctx)
{
    struct feed *f = ctx;
    if (f->errors->count > 0)
        return pmindex_sheet_next(sheet, c);
    int rc = pmindex_ledger_add_next(f->ledger, sheet, c);
    if (rc == PMINDEX_LEDGER_BAD_ROW)
        return -1;
    if (rc >= 0)
        return rc;
    add_failed(f, *c);
    return *c ? 1 : pmindex_sheet_next(sheet, c); /* refused before the row was read */
}

static int feed(const pmindex_compound *c, void *ctx)
{
    struct feed *f = ctx;
    if (f->fragile && fragile_note(f->fragile, c) < 0) {
        fprintf(stderr, "%s: out of memory\n", program);
        f->errors->count++;
        return -1;
    }
    if (f->sheet || pmindex_ledger_add(f->ledger, c) == 0) /* one sheet: added already */
        return 0;
    add_failed(f, c);
    return -1;
}

/* The files a change came from, with their SHA-256, for the audit log. */
static int record_inputs(pmindex_ledger *l, char **paths, const struct cli_digest *digests, int n)
{
    for (int k = 0; k < n; k++)
        if (!digests[k].done ||
            pmindex_ledger_add_input(l, cli_sheet_name(paths[k]), digests[k].sha256) != 0) {
            fprintf(stderr, "%s: %s: %s\n", program, cli_sheet_name(paths[k]),
                    digests[k].done ? pmindex_error_message(pmindex_ledger_error(l))
                                    : "the sheet was not read to its end");
            return -1;
        }
    return 0;
}

static void dry_run_done(pmindex_ledger *l, const char *what)
{
    pmindex_ledger_rollback(l);
    fprintf(stderr, "%s: dry run: %s; nothing was stored\n", program, what);
}

static int cmd_apply(const struct options *o, const pmindex_model *model, struct printer *p,
                     struct cli_errors *errors)
{
    pmindex_ledger *l = open_ledger(o, 0);
    if (!l)
        return EXIT_INPUT;
    uint32_t flags = (o->allow_model_change ? PMINDEX_LEDGER_ALLOW_MODEL_CHANGE : 0) |
                     (o->allow_gap ? PMINDEX_LEDGER_ALLOW_GAP : 0) |
                     (o->dry_run ? PMINDEX_LEDGER_DRY_RUN : 0);
    if (pmindex_ledger_begin_apply(l, model, o->period, flags) != 0) {
        ledger_failed(l);
        hint(o, pmindex_ledger_error(l));
        pmindex_ledger_free(l);
        return EXIT_INPUT;
    }
    struct fragile fragile;
    bool marks = o->cli.format == FORMAT_TABLE && fragile_init(&fragile, model, o->cli.threads) == 0;
    struct cli_digest *digests = calloc((size_t)o->nargs, sizeof *digests);
    struct feed f = {o, l, o->nargs == 1 ? o->args[0] : NULL, errors, marks ? &fragile : NULL};
    if (!digests) {
        fprintf(stderr, "%s: out of memory\n", program);
        errors->count++;
    } else {
        cli_read_sheets_threads(model, (const char *const *)o->args, o->nargs, o->cli.encoding,
                                o->cli.merge_flags, o->cli.threads, add_next, feed, &f, errors,
                                digests);
        cli_report_end(errors);
    }
    if (marks && fragile_finish(&fragile) != 0 && errors->count == 0) {
        fprintf(stderr, "%s: out of memory\n", program);
        errors->count++;
    }
    if (errors->count == 0 && record_inputs(l, o->args, digests, o->nargs) != 0)
        errors->count++;
    free(digests);
    if (errors->count > 0) {
        pmindex_ledger_rollback(l);
        char outcome[128];
        snprintf(outcome, sizeof outcome, "%s%s was not applied and the ledger is unchanged",
                 o->period_text ? "period " : "the period", o->period_text ? o->period_text : "");
        cli_report_outcome(errors, outcome);
        pmindex_ledger_free(l);
        if (marks)
            fragile_free(&fragile);
        return EXIT_INPUT;
    }
    if (pmindex_ledger_commit(l) != 0) {
        ledger_failed(l);
        pmindex_ledger_free(l);
        if (marks)
            fragile_free(&fragile);
        return EXIT_INPUT;
    }
    int32_t n = pmindex_ledger_period_count(l);
    int32_t period = n > 0 ? pmindex_ledger_period(l, n - 1) : 0;
    int rc = period > 0 ? print_decisions(p, l, period, marks ? &fragile : NULL) : EXIT_INPUT;
    if (o->dry_run) {
        char what[64], name[16];
        pmindex_period_format(period, name, sizeof name);
        snprintf(what, sizeof what, "period %s would be applied", name);
        dry_run_done(l, what);
    }
    pmindex_ledger_free(l);
    if (marks)
        fragile_free(&fragile);
    return rc;
}

/* ---- revoke ------------------------------------------------------------------ */

static int cmd_revoke(const struct options *o, struct printer *p)
{
    pmindex_ledger *l = open_ledger(o, 0);
    if (!l)
        return EXIT_INPUT;
    if (pmindex_ledger_revoke(l, o->period, o->dry_run ? PMINDEX_LEDGER_DRY_RUN : 0) != 0) {
        ledger_failed(l);
        pmindex_ledger_free(l);
        return EXIT_INPUT;
    }
    bool en = o->cli.lang == PMINDEX_LANG_EN;
    char name[16], line[LINE];
    pmindex_period_format(o->period, name, sizeof name);
    pmindex_ledger_log *g;
    int rc = EXIT_OK;
    if (pmindex_ledger_log_new(l, PMINDEX_PERIOD_NONE, pmindex_ledger_last_entry(l), 0, &g) != 0 ||
        pmindex_ledger_log_next(g) != 1) {
        ledger_failed(l);
        rc = EXIT_INPUT;
    } else if (o->cli.format != FORMAT_TABLE) {
        print_header(p, pmindex_ledger_log_header);
        print_record(p, log_record, g);
    } else {
        snprintf(line, sizeof line,
                 en ? "Period %s revoked (log entry %lld): the ladders of its %lld compounds are "
                      "back to their state before it; its rows stay, marked revoked"
                    : "已撤销 %s 期（日志 %lld）：该期 %lld 个小区的台账恢复到该期之前；该期记录保留，"
                      "标为已撤销",
                 name, (long long)pmindex_ledger_log_int(g, PMINDEX_LOG_ENTRY),
                 (long long)pmindex_ledger_log_int(g, PMINDEX_LOG_COMPOUNDS));
        print_line(p, line);
    }
    pmindex_ledger_log_free(g);
    if (o->dry_run) {
        char what[64];
        snprintf(what, sizeof what, "period %s would be revoked", name);
        dry_run_done(l, what);
    }
    pmindex_ledger_free(l);
    return rc;
}

/* ---- review ------------------------------------------------------------------ */

/* "83.00" when a value stayed, "83.00 → 89.00" when it changed. */
static void before_after(char *buf, size_t cap, const char *before, const char *after, bool has_before)
{
    if (!has_before || strcmp(before, after) == 0)
        snprintf(buf, cap, "%s", after);
    else
        snprintf(buf, cap, "%s → %s", before, after);
}

static void change_text(const pmindex_ledger_changes *ch, const pmindex_model *m, int32_t side,
                        int32_t what, int32_t lang, char *buf, size_t cap)
{
    switch (what) {
    case PMINDEX_ROW_INDEX: {
        int64_t index = pmindex_ledger_changes_int(ch, side, PMINDEX_ROW_INDEX);
        if (index >= 0)
            pmindex_centi_format(index, buf, cap);
        else
            snprintf(buf, cap, "-");
        break;
    }
    case PMINDEX_ROW_TIER_KEY:
        snprintf(buf, cap, "%s", tier_label(m, pmindex_ledger_changes_text(ch, side, what), lang));
        break;
    case PMINDEX_ROW_CARD_KEY:
        snprintf(buf, cap, "%s", card_label(pmindex_ledger_changes_text(ch, side, what), lang));
        break;
    case PMINDEX_ROW_LEVEL:
        snprintf(buf, cap, "%lld", (long long)pmindex_ledger_changes_int(ch, side, what));
        break;
    default: {
        const char *label = pmindex_ledger_changes_text(
            ch, side, lang == PMINDEX_LANG_EN ? PMINDEX_ROW_MEASURE_EN : PMINDEX_ROW_MEASURE_ZH);
        snprintf(buf, cap, "%s", *label ? label : (lang == PMINDEX_LANG_EN ? "-" : "—"));
    }
    }
}

static int print_changes(struct printer *p, pmindex_ledger *l, const pmindex_model *m)
{
    bool en = p->o->cli.lang == PMINDEX_LANG_EN, table = p->o->cli.format == FORMAT_TABLE;
    pmindex_ledger_changes *ch;
    if (pmindex_ledger_changes_new(l, 0, &ch) != 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    print_header(p, pmindex_ledger_change_header);
    char line[LINE], id[256] = "", name[16];
    pmindex_period_format(p->o->period, name, sizeof name);
    if (table) {
        pmindex_ledger_log *g;
        if (pmindex_ledger_log_new(l, PMINDEX_PERIOD_NONE, pmindex_ledger_last_entry(l), 0, &g) == 0 &&
            pmindex_ledger_log_next(g) == 1)
            snprintf(line, sizeof line,
                     en ? "Review of period %s (log entry %lld): %lld compound%s, %lld verdict%s "
                          "changed"
                        : "复核 %s 期（日志 %lld）：%lld 个小区%s，%lld 项结论改变%s",
                     name, (long long)pmindex_ledger_log_int(g, PMINDEX_LOG_ENTRY),
                     (long long)pmindex_ledger_log_int(g, PMINDEX_LOG_COMPOUNDS),
                     en && pmindex_ledger_log_int(g, PMINDEX_LOG_COMPOUNDS) != 1 ? "s" : "",
                     (long long)pmindex_ledger_log_int(g, PMINDEX_LOG_CHANGED),
                     en && pmindex_ledger_log_int(g, PMINDEX_LOG_CHANGED) != 1 ? "s" : "");
        pmindex_ledger_log_free(g);
        print_line(p, line);
    }
    int rc;
    while ((rc = pmindex_ledger_changes_next(ch)) == 1) {
        if (!table) {
            print_record(p, change_record, ch);
            continue;
        }
        const char *cid = pmindex_ledger_changes_text(ch, PMINDEX_CHANGE_NEW, PMINDEX_ROW_COMPOUND_ID);
        if (strcmp(cid, id) != 0) {
            char shown[2][256];
            snprintf(id, sizeof id, "%s", cid);
            snprintf(line, sizeof line, "\n%s %s", cli_printable(shown[0], sizeof shown[0], cid),
                     cli_printable(shown[1], sizeof shown[1],
                                   pmindex_ledger_changes_text(ch, PMINDEX_CHANGE_NEW,
                                                               PMINDEX_ROW_NAME)));
            print_line(p, line);
            line[0] = '\0';
            cli_pad(line, sizeof line, "", 2);
            cli_pad(line, sizeof line, en ? "Period" : "期间", 9);
            cli_pad(line, sizeof line, en ? "Rev" : "版次", 6);
            cli_pad(line, sizeof line, en ? "Index" : "指数", 17);
            cli_pad(line, sizeof line, en ? "Tier" : "等级", 17);
            cli_pad(line, sizeof line, en ? "Card" : "牌", 15);
            cli_pad(line, sizeof line, en ? "Level" : "级别", 8);
            append(line, sizeof line, en ? "Measure" : "措施");
            print_line(p, line);
        }
        bool has_old = pmindex_ledger_changes_int(ch, PMINDEX_CHANGE_OLD, PMINDEX_ROW_REVISION) > 0;
        line[0] = '\0';
        cli_pad(line, sizeof line, "", 2);
        cli_pad(line, sizeof line,
                pmindex_ledger_changes_text(ch, PMINDEX_CHANGE_NEW, PMINDEX_ROW_PERIOD_NAME), 9);
        char num[32];
        snprintf(num, sizeof num, "%lld",
                 (long long)pmindex_ledger_changes_int(ch, PMINDEX_CHANGE_NEW, PMINDEX_ROW_REVISION));
        cli_pad(line, sizeof line, num, 6);
        static const struct {
            int32_t what;
            int width;
        } cells[] = {{PMINDEX_ROW_INDEX, 17}, {PMINDEX_ROW_TIER_KEY, 17},
                     {PMINDEX_ROW_CARD_KEY, 15}, {PMINDEX_ROW_LEVEL, 8},
                     {PMINDEX_ROW_MEASURE_KEY, 0}};
        for (size_t k = 0; k < sizeof cells / sizeof *cells; k++) {
            char before[512], after[512], both[1100];
            change_text(ch, m, PMINDEX_CHANGE_OLD, cells[k].what, p->o->cli.lang, before, sizeof before);
            change_text(ch, m, PMINDEX_CHANGE_NEW, cells[k].what, p->o->cli.lang, after, sizeof after);
            before_after(both, sizeof both, before, after, has_old);
            if (cells[k].width)
                cli_pad(line, sizeof line, both, cells[k].width);
            else
                append(line, sizeof line, both);
        }
        print_line(p, line);
    }
    pmindex_ledger_changes_free(ch);
    if (rc < 0) {
        ledger_failed(l);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* The model a period was applied with, from the ledger: a review scores
 * the period with it, whatever --model says. */
static pmindex_model *period_model(pmindex_ledger *l, int32_t period)
{
    int64_t n = pmindex_ledger_period_model(l, period, NULL, 0);
    char *ini = n >= 0 ? malloc((size_t)n + 1) : NULL;
    pmindex_model *m = NULL;
    if (n < 0) {
        ledger_failed(l);
        return NULL;
    }
    pmindex_error *e = NULL;
    if (!ini || pmindex_error_new(&e) != 0) {
        fprintf(stderr, "%s: out of memory\n", program);
    } else {
        pmindex_ledger_period_model(l, period, ini, (size_t)n + 1);
        if (pmindex_model_load_ini_memory(ini, (size_t)n, "the ledger's model", &m, e) != 0)
            fprintf(stderr, "%s: %s\n", program, pmindex_error_message(e));
    }
    pmindex_error_free(e);
    free(ini);
    return m;
}

/* The columns of the corrections' sheet: the cells each row corrects. */
static int sheet_columns(const pmindex_sheet *s, const pmindex_model *m, const char **columns)
{
    static const char *const meta[] = {"compound_id", "name", "street", "station", "company",
                                       "period", "households", "managed"};
    int n = 0;
    for (size_t k = 0; k < sizeof meta / sizeof *meta; k++)
        if (pmindex_sheet_has_column(s, meta[k]))
            columns[n++] = meta[k];
    for (int32_t i = 0; i < pmindex_model_item_count(m); i++)
        if (pmindex_sheet_has_column(s, pmindex_model_item_id(m, i)))
            columns[n++] = pmindex_model_item_id(m, i);
    for (int32_t v = 0; v < pmindex_model_veto_count(m); v++)
        if (pmindex_sheet_has_column(s, pmindex_model_veto_id(m, v)))
            columns[n++] = pmindex_model_veto_id(m, v);
    return n;
}

/* Reads the corrections into the review begun; returns the errors counted. */
static void read_corrections(const struct options *o, pmindex_ledger *l, const pmindex_model *m,
                             struct cli_errors *errors)
{
    const char *path = o->args[1];
    pmindex_sheet *s = cli_open_sheet(m, path, o->cli.encoding,
                                      PMINDEX_SHEET_PARTIAL | PMINDEX_SHEET_DIGEST, errors);
    if (!s)
        return;
    const char **columns = malloc(((size_t)pmindex_model_item_count(m) +
                                   (size_t)pmindex_model_veto_count(m) + 8) * sizeof *columns);
    int ncolumns = -1, rc;
    int64_t rows = 0, unread = errors->count;
    const pmindex_compound *c;
    while (columns && (rc = pmindex_sheet_next(s, &c)) != 0) {
        if (rc < 0) {
            cli_report(errors, pmindex_sheet_error(s));
            continue;
        }
        rows++;
        if (ncolumns < 0)
            ncolumns = sheet_columns(s, m, columns);
        if (errors->count > 0 || pmindex_ledger_review_add(l, c, columns, ncolumns) == 0)
            continue;
        if (errors->count++ < CLI_MAX_ERRORS)
            fprintf(stderr, "%s: %s:%lld: %s\n", program, cli_sheet_name(path),
                    (long long)pmindex_compound_line(c),
                    pmindex_error_message(pmindex_ledger_error(l)));
    }
    if (!columns) {
        fprintf(stderr, "%s: out of memory\n", program);
        errors->count++;
    } else if (rows == 0 && errors->count == unread) {
        cli_no_compounds(errors, path);
    }
    struct cli_digest d = {{0}, false};
    d.done = pmindex_sheet_digest(s, d.sha256) == 0;
    if (errors->count == 0 && record_inputs(l, o->args + 1, &d, 1) != 0)
        errors->count++;
    free(columns);
    pmindex_sheet_free(s);
    cli_report_end(errors);
}

static int cmd_review(const struct options *o, struct printer *p, struct cli_errors *errors)
{
    pmindex_ledger *l = open_ledger(o, 0);
    if (!l)
        return EXIT_INPUT;
    pmindex_model *m = period_model(l, o->period);
    if (!m || pmindex_ledger_begin_review(l, m, o->period,
                                          o->dry_run ? PMINDEX_LEDGER_DRY_RUN : 0) != 0) {
        if (m)
            ledger_failed(l);
        pmindex_ledger_free(l);
        pmindex_model_free(m);
        return EXIT_INPUT;
    }
    read_corrections(o, l, m, errors);
    int rc = EXIT_OK;
    if (errors->count > 0) {
        pmindex_ledger_rollback(l);
        static const char what[] = "the review of %s was not made and the ledger is unchanged";
        size_t cap = sizeof what + strlen(o->args[0]);
        char *outcome = malloc(cap);
        if (outcome)
            snprintf(outcome, cap, what, o->args[0]);
        cli_report_outcome(errors, outcome ? outcome : "the review was not made and the ledger "
                                                       "is unchanged");
        free(outcome);
        rc = EXIT_INPUT;
    } else if (pmindex_ledger_commit(l) != 0) {
        ledger_failed(l);
        rc = EXIT_INPUT;
    } else {
        rc = print_changes(p, l, m);
        if (o->dry_run) {
            char what[64];
            snprintf(what, sizeof what, "this review of %s would be made", o->args[0]);
            dry_run_done(l, what);
        }
    }
    pmindex_ledger_free(l);
    pmindex_model_free(m);
    return rc;
}

/* ---- main ------------------------------------------------------------------- */

static int run(void *opts, pmindex_model *model, struct cli_errors *errors)
{
    struct options *o = opts;
    if (is(o, "init"))
        return cmd_init(o);
    if (is(o, "export")) {
        if (o->cli.format == FORMAT_TABLE && o->cli.format_given) {
            fprintf(stderr, "%s: export writes csv or jsonl (see --help)\n", program);
            return EXIT_USAGE;
        }
        if (o->cli.format == FORMAT_TABLE)
            o->cli.format = FORMAT_CSV;
    }
    int32_t period = 0;
    if (is(o, "period") && !parse_period(o->args[0], &period))
        return usage_error("period takes a period such as 2018H2, 2018Q3 or 2018-09, not \"%s\"",
                           o->args[0]);
    struct output out;
    if (output_open(&out, o->cli.out, program) != 0)
        return EXIT_INPUT;
    struct printer p = {o, model, &out, malloc(LINE), LINE, false};
    int rc;
    if (!p.buf) {
        fprintf(stderr, "%s: out of memory\n", program);
        rc = EXIT_INPUT;
    } else if (is(o, "apply")) {
        rc = cmd_apply(o, model, &p, errors);
    } else if (is(o, "revoke")) {
        rc = cmd_revoke(o, &p);
    } else if (is(o, "review")) {
        rc = cmd_review(o, &p, errors);
    } else {
        pmindex_ledger *l = open_ledger(o, PMINDEX_LEDGER_READONLY);
        if (!l)
            rc = EXIT_INPUT;
        else if (is(o, "history"))
            rc = print_history(&p, l, o->args[0]);
        else if (is(o, "period"))
            rc = print_decisions(&p, l, period, NULL);
        else if (is(o, "log"))
            rc = print_log(&p, l);
        else
            rc = print_export(&p, l);
        pmindex_ledger_free(l);
    }
    if (rc == EXIT_OK && p.failed) {
        fprintf(stderr, "%s: out of memory\n", program);
        rc = EXIT_INPUT;
    }
    free(p.buf);
    if (rc != EXIT_OK) {
        output_abort(&out);
        return rc;
    }
    return output_commit(&out, program) == 0 ? EXIT_OK : EXIT_INPUT;
}

static int run_with_model(void *opts, struct cli_errors *errors)
{
    return cli_run_with_model(&((struct options *)opts)->cli, opts, errors, run);
}

int main(int argc, char **argv)
{
    static const struct cli_program spec = {
        program, CLI_MODEL | CLI_FORMAT | CLI_LANG | CLI_ENCODING | CLI_MISSING_NA | CLI_THREADS |
            CLI_OUTPUT,
        own_options, usage, own_option, operands, run_with_model,
    };
    struct options o = {.busy_ms = -1};
    return cli_main(&spec, argc, argv, &o.cli, &o);
}
