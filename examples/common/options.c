/* The options and main() every program shares (options.h). */
#include <stdlib.h>
#include <string.h>

#include "options.h"

enum { MAX_OPTIONS = 64 };

enum shared_id { ID_MODEL = 256, ID_FORMAT, ID_LANG, ID_ENCODING, ID_MISSING_NA, ID_THREADS,
                 ID_HELP, ID_VERSION };

static const struct {
    uint32_t bit; /* 0: every program takes it */
    struct option option;
} shared[] = {
    {CLI_MODEL, {"model", required_argument, NULL, ID_MODEL}},
    {CLI_FORMAT, {"format", required_argument, NULL, ID_FORMAT}},
    {CLI_LANG, {"lang", required_argument, NULL, ID_LANG}},
    {CLI_ENCODING, {"encoding", required_argument, NULL, ID_ENCODING}},
    {CLI_MISSING_NA, {"missing-na", no_argument, NULL, ID_MISSING_NA}},
    {CLI_THREADS, {"threads", required_argument, NULL, ID_THREADS}},
    {CLI_OUTPUT, {"output", required_argument, NULL, 'o'}},
    {0, {"help", no_argument, NULL, ID_HELP}},
    {0, {"version", no_argument, NULL, ID_VERSION}},
};

/* One of the shared options: 0, -1 after --help or --version, or EXIT_USAGE. */
static int take_shared(const struct cli_program *p, int id, const char *value,
                       struct cli_common *c)
{
    switch (id) {
    case ID_MODEL: c->model = value; return 0;
    case 'o': c->out = value; return 0;
    case ID_FORMAT:
        c->format_given = true;
        return cli_format(p->name, value, &c->format) ? 0 : EXIT_USAGE;
    case ID_LANG: return cli_lang(p->name, value, &c->lang) ? 0 : EXIT_USAGE;
    case ID_ENCODING:
        c->encoding = value;
        return cli_encoding(p->name, value) ? 0 : EXIT_USAGE;
    case ID_MISSING_NA: c->merge_flags |= PMINDEX_MERGE_MISSING_NA; return 0;
    case ID_THREADS:
        c->threads_given = true;
        return cli_threads(p->name, value, &c->threads) ? 0 : EXIT_USAGE;
    case ID_HELP: p->usage(stdout); return -1;
    default: printf("%s %s\n", p->name, pmindex_version_string()); return -1;
    }
}

int cli_main(const struct cli_program *p, int argc, char **argv, struct cli_common *common,
             void *opts)
{
    struct option options[MAX_OPTIONS];
    int n = 0;
    for (size_t k = 0; k < sizeof shared / sizeof *shared; k++)
        if (!shared[k].bit || (p->shared & shared[k].bit))
            options[n++] = shared[k].option;
    for (const struct option *o = p->own; o && o->name; o++)
        options[n++] = *o;
    options[n] = (struct option){NULL, 0, NULL, 0};
    memset(common, 0, sizeof *common);
    common->format = FORMAT_TABLE;
    common->lang = PMINDEX_LANG_ZH;
    common->threads = cli_cores();
    opterr = 0;
    int c, rc = 0;
    const char *short_options = p->shared & CLI_OUTPUT ? ":o:" : ":";
    while (rc == 0 && (c = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
        if (c == ':' || c == '?')
            rc = cli_bad_option(p->name, c, argv[optind - 1]);
        else if (c >= CLI_OWN_FIRST)
            rc = p->option(opts, c, optarg);
        else
            rc = take_shared(p, c, optarg, common);
    }
    if (rc == 0)
        rc = p->operands(opts, argc, argv, optind);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    struct cli_errors errors = {p->name, 0};
    return p->run(opts, &errors);
}

int cli_run_with_model(const struct cli_common *common, void *opts, struct cli_errors *errors,
                       int (*work)(void *opts, pmindex_model *model, struct cli_errors *errors))
{
    pmindex_model *model = cli_load_model(common->model, errors);
    if (!model)
        return EXIT_INPUT;
    int rc = work(opts, model, errors);
    pmindex_model_free(model);
    return rc;
}
