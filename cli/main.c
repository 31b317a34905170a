// The ddcheck command line: dispatch to a subcommand; only main and the cmd_* files print.
#include "commands.h"
#include "guard.h"

#include "checklist/xalloc.h"
#include "ddcheck_version.h"
#include "reports/report.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int usage(void)
{
    size_t n;
    const report_format *const *formats = report_formats(&n);
    printf("ddcheck %s — check project submissions against a due-diligence checklist\n\n",
           DDCHECK_VERSION);
    puts("Usage:\n"
         "  ddcheck [evaluate] [-c CHECKLIST] [-f FORMAT [-o OUT]]... [--waivers FILE]\n"
         "                    [--baseline OLD.json] [--fail-on LEVEL] [FILE|-]...\n"
         "  ddcheck logic RULE [DATA]        evaluate one JSON Logic rule (plain semantics)\n"
         "  ddcheck checklists               list the built-in checklists\n"
         "  ddcheck lint [--strict] CHECKLIST...   check checklists: every problem, with its place\n"
         "  ddcheck test [--coverage] [CHECKLIST...]  run the checklists' own tests\n"
         "  ddcheck template [-c CHECKLIST] [-f csv|markdown] [--example]  the submission template\n"
         "  ddcheck explain [-c CHECKLIST] FILE KEY  every rule of one project, with what it read\n"
         "  ddcheck docs [-c CHECKLIST]      the checklist as a Markdown document\n"
         "  ddcheck diff [-f text|markdown|json|csv] [-o OUT] OLD.json NEW.json\n"
         "                                   what changed between two JSON reports (exit 1 when\n"
         "                                   anything regressed)\n"
         "  ddcheck --help | --version\n"
         "\n"
         "Evaluate options:\n"
         "  -c, --checklist CHECKLIST  a checklist file, or the id of a built-in one\n"
         "                             (default: group3-investor)\n"
         "  -f, --format FORMAT        a report format (default: text); repeat for several\n"
         "  -o, --output OUT           write the preceding -f report to OUT, atomically\n"
         "  --fail-on LEVEL            gap (default: exit 1 on any gap or invalid row),\n"
         "                             invalid (exit 1 only on invalid rows), never\n"
         "  --waivers FILE             accepted gaps (CSV or JSON): a covered requirement is\n"
         "                             waived and counts as met until its expiry date\n"
         "  --baseline OLD.json        only gaps not in this earlier JSON report fail the run\n"
         "  --delimiter CHAR           the CSV cell separator (default: detected from the header)\n"
         "  --max-cell BYTES           the longest cell read (default 1M; K, M, G allowed)\n"
         "  --max-columns N            the most cells in a row (default 4096)\n"
         "  --threads 1|2              2: parse the CSV on a second core (default when there\n"
         "                             are two; DDCHECK_THREADS sets the default)\n"
         "  --color WHEN               auto (default; off when NO_COLOR is set), always, never\n"
         "  -v, --verbose              also show passes where a format shows only gaps\n"
         "  FILE                       CSV submissions, one row per project; '-' or none: stdin\n"
         "\n"
         "Formats:");
    for (size_t i = 0; i < n; i++)
        printf("  %-10s %s\n", formats[i]->name, formats[i]->description);
    puts("\n"
         "Exit status: 0 every project passes; 1 at least one project has verdict gap or\n"
         "invalid; 2 the run could not be done (bad usage, unreadable file, bad checklist).");
    return cli_finish_stdout(EXIT_ALL_PASS);
}

// The commands, by their first word; any other first word is a file to evaluate.
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} COMMANDS[] = {
    {"evaluate", cmd_evaluate}, {"logic", cmd_logic}, {"checklists", cmd_checklists},
    {"lint", cmd_lint},         {"test", cmd_test},   {"template", cmd_template},
    {"explain", cmd_explain},   {"docs", cmd_docs},   {"diff", cmd_diff},
};
enum { COMMAND_COUNT = sizeof COMMANDS / sizeof COMMANDS[0] };

static const struct command *find_command(const char *word)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(word, COMMANDS[i].name) == 0)
            return &COMMANDS[i];
    return NULL;
}

// A first word that names no command and no file, and looks like a word rather than a path
// ("lnit"): a mistyped command, not a CSV file to report as unreadable.
static bool unknown_command(const char *arg)
{
    return arg[0] != '-' && !strpbrk(arg, "./\\") && access(arg, F_OK) != 0 && !find_command(arg);
}

// The long options that take a value, in any command.
static bool takes_value(const char *name, size_t len)
{
    static const char *const NAMES[] = {"--baseline", "--checklist", "--color",    "--delimiter",
                                        "--fail-on",  "--format",    "--max-cell", "--max-columns",
                                        "--output",   "--threads",   "--waivers"};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (strlen(NAMES[i]) == len && strncmp(NAMES[i], name, len) == 0)
            return true;
    return false;
}

// --name=value is --name value, for the long options that take a value (before a "--"); any
// other --name=value stays one word, which the command refuses as an unknown option.
static char **split_long_options(int *argc, char **argv)
{
    char **out = xcalloc((size_t)*argc * 2 + 1, sizeof(char *));
    int n = 0;
    bool options = true;
    for (int i = 0; i < *argc; i++) {
        char *a = argv[i];
        char *eq = options && strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        if (eq && !takes_value(a, (size_t)(eq - a)))
            eq = NULL;
        if (options && strcmp(a, "--") == 0)
            options = false;
        if (eq) {
            *eq = '\0';
            out[n++] = a;
            out[n++] = eq + 1;
        } else {
            out[n++] = a;
        }
    }
    *argc = n;
    return out;
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
    guard_process(); // before anything is opened: see cli/guard.h
    char **args = split_long_options(&argc, argv);
    int status = dispatch(argc, args);
    free(args);
    return status;
}

static int dispatch(int argc, char **argv)
{
    // --help anywhere before "--" (ddcheck lint --help) is the help, not an unknown option.
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return usage();
    if (argc >= 2 && strcmp(argv[1], "help") == 0)
        return usage();
    if (argc >= 2 && unknown_command(argv[1])) {
        char names[256] = "";
        for (size_t i = 0; i < COMMAND_COUNT; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     i == 0                  ? ""
                     : i + 1 < COMMAND_COUNT ? ", "
                                             : " and ",
                     COMMANDS[i].name);
        return cli_usage_error("'%s' is no command and no file; the commands are %s", argv[1],
                               names);
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("ddcheck %s\n", DDCHECK_VERSION);
        return cli_finish_stdout(EXIT_ALL_PASS);
    }
    const struct command *c = argc >= 2 ? find_command(argv[1]) : NULL;
    if (c)
        return c->run(argc - 1, argv + 1);
    return cmd_evaluate(argc, argv);
}
