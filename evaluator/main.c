// The ddcheck command line: dispatch to a subcommand; only main and the cmd_* files print.
#include "commands.h"

#include "ddcheck_version.h"
#include "reports/report.h"

#include <string.h>

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

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
                      strcmp(argv[1], "help") == 0))
        return usage();
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("ddcheck %s\n", DDCHECK_VERSION);
        return cli_finish_stdout(EXIT_ALL_PASS);
    }
    if (argc >= 2 && strcmp(argv[1], "evaluate") == 0)
        return cmd_evaluate(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "logic") == 0)
        return cmd_logic(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "checklists") == 0)
        return cmd_checklists(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "lint") == 0)
        return cmd_lint(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "test") == 0)
        return cmd_test(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "template") == 0)
        return cmd_template(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "explain") == 0)
        return cmd_explain(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "docs") == 0)
        return cmd_docs(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "diff") == 0)
        return cmd_diff(argc - 1, argv + 1);
    return cmd_evaluate(argc, argv);
}
