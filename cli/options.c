// The one table of commands and options, and the getopt_long parser that follows it.
#define _GNU_SOURCE // getopt_long (glibc, and the BSDs' libc)
#include "options.h"

#include "commands.h"

#include <getopt.h>
#include <stdarg.h>
#include <string.h>

const cli_command_info cli_commands[CLI_COMMAND_COUNT] = {
    [CLI_EVALUATE] = {"evaluate", "[FILE|-]...",
                      "score CSV submissions against a checklist and write reports (the default "
                      "command: `ddcheck FILE` is `ddcheck evaluate FILE`)",
                      "FILE is a CSV submission, one row per project; '-' or no FILE: standard "
                      "input (refused when it is a terminal). The run is evaluated once and "
                      "every report is fed from it.",
                      cmd_evaluate},
    [CLI_LOGIC] = {"logic", "RULE [DATA]", "evaluate one JSON Logic rule (plain semantics)",
                   "RULE and DATA are JSON text or @FILE; one of them may be '-' (standard "
                   "input). The result is printed as JSON; a rule that throws prints "
                   "{\"error\":…} and exits 1.",
                   cmd_logic},
    [CLI_CHECKLISTS] = {"checklists", "", "list the built-in checklists", NULL, cmd_checklists},
    [CLI_LINT] = {"lint", "CHECKLIST...", "check checklists: every problem, with its place",
                  "CHECKLIST is a file or the id of a built-in checklist. Exit 2 on any error.",
                  cmd_lint},
    [CLI_TEST] = {"test", "[CHECKLIST...]", "run the checklists' own tests",
                  "CHECKLIST is a file or the id of a built-in checklist; none: every built-in "
                  "one. Exit 1 when a test fails.",
                  cmd_test},
    [CLI_TEMPLATE] = {"template", "",
                      "the submission template: a CSV header, or the data dictionary", NULL,
                      cmd_template},
    [CLI_EXPLAIN] = {"explain", "FILE KEY", "every rule of one project, with what it read",
                     "FILE is a CSV submission ('-': standard input), KEY the project's key. "
                     "Exit 2 when no project has that key.",
                     cmd_explain},
    [CLI_DOCS] = {"docs", "", "the checklist as a Markdown document", NULL, cmd_docs},
    [CLI_DIFF] = {"diff", "OLD.json NEW.json",
                  "what changed between two JSON reports (exit 1 when anything regressed)", NULL,
                  cmd_diff},
};

#define CHECKLIST_HELP "a checklist file, or the id of a built-in one (default: group3-investor)"

const cli_option cli_options[] = {
    {OPT_CHECKLIST, "checklist", 'c', "CHECKLIST", false,
     CLI_IN(CLI_EVALUATE) | CLI_IN(CLI_TEMPLATE) | CLI_IN(CLI_EXPLAIN) | CLI_IN(CLI_DOCS),
     CHECKLIST_HELP},
    {OPT_FORMAT, "format", 'f', "FORMAT", true, CLI_IN(CLI_EVALUATE),
     "a report format (default: text); repeat for several"},
    {OPT_OUTPUT, "output", 'o', "OUT", true, CLI_IN(CLI_EVALUATE),
     "write the preceding -f report to OUT, atomically"},
    {OPT_FAIL_ON, "fail-on", '\0', "LEVEL", false, CLI_IN(CLI_EVALUATE),
     "gap (default: exit 1 on any gap or invalid row), invalid (exit 1 only on invalid rows), "
     "never"},
    {OPT_WAIVERS, "waivers", '\0', "FILE", false, CLI_IN(CLI_EVALUATE),
     "accepted gaps (CSV or JSON): a covered requirement is waived and counts as met until its "
     "expiry date"},
    {OPT_BASELINE, "baseline", '\0', "OLD.json", false, CLI_IN(CLI_EVALUATE),
     "only gaps not in this earlier JSON report fail the run"},
    {OPT_DELIMITER, "delimiter", '\0', "CHAR", false, CLI_IN(CLI_EVALUATE),
     "the CSV cell separator (default: detected from the header)"},
    {OPT_MAX_CELL, "max-cell", '\0', "BYTES", false, CLI_IN(CLI_EVALUATE),
     "the longest cell read (default 1M; K, M, G allowed)"},
    {OPT_MAX_COLUMNS, "max-columns", '\0', "N", false, CLI_IN(CLI_EVALUATE),
     "the most cells in a row (default 4096)"},
    {OPT_ENCODING, "encoding", '\0', "NAME", false, CLI_IN(CLI_EVALUATE),
     "the text encoding of CSV files: windows-1252, ISO-8859-1, UTF-16, … (default UTF-8; "
     "UTF-16 and UTF-32 with a byte-order mark are read without it)"},
    {OPT_DECIMAL, "decimal", '\0', "SEP", false, CLI_IN(CLI_EVALUATE),
     "the decimal separator of numbers in CSV files, . or , (default: , in files separated by "
     "';', else .)"},
    {OPT_NO_BOM, "no-bom", '\0', NULL, false, CLI_IN(CLI_EVALUATE),
     "no UTF-8 byte-order mark at the start of csv, summary and actions reports written to a "
     "file (Excel needs it to show accents; some tools choke on it)"},
    {OPT_SHEET, "sheet", '\0', "NAME", false, CLI_IN(CLI_EVALUATE),
     "the worksheet of an Excel workbook to read (default: the first)"},
    {OPT_THREADS, "threads", '\0', "1|2", false, CLI_IN(CLI_EVALUATE),
     "2: parse the CSV on a second core (default when there are two; DDCHECK_THREADS sets the "
     "default)"},
    {OPT_COLOR, "color", '\0', "WHEN", false, CLI_IN(CLI_EVALUATE),
     "auto (default; off when NO_COLOR is set or TERM is dumb), always, never"},
    {OPT_NO_COLOR, "no-color", '\0', NULL, false, CLI_IN(CLI_EVALUATE),
     "the same as --color never"},
    {OPT_VERBOSE, "verbose", 'v', NULL, false, CLI_IN(CLI_EVALUATE),
     "also show passes where a format shows only gaps"},
    {OPT_DETAILS, "details", '\0', "N|all", false, CLI_IN(CLI_EVALUATE),
     "html: when the batch has more than N projects (default 500), full details only for the N "
     "worst failing ones; 'all' for every project's"},
    {OPT_STRICT, "strict", '\0', NULL, false, CLI_IN(CLI_LINT),
     "exit 1 when there are warnings (and no errors)"},
    {OPT_COVERAGE, "coverage", '\0', NULL, false, CLI_IN(CLI_TEST),
     "also list the outcomes (met, unmet, no_evidence) of each requirement that no test "
     "asserts; exit 1 when any is missing"},
    {OPT_FORMAT, "format", 'f', "FORMAT", false, CLI_IN(CLI_TEMPLATE),
     "csv (default: the header row) or markdown (the data dictionary)"},
    {OPT_EXAMPLE, "example", '\0', NULL, false, CLI_IN(CLI_TEMPLATE),
     "add an example row (with -f csv)"},
    {OPT_FORMAT, "format", 'f', "FORMAT", false, CLI_IN(CLI_DIFF),
     "text (default), markdown, json or csv"},
    {OPT_OUTPUT, "output", 'o', "OUT", false, CLI_IN(CLI_DIFF),
     "write the diff to OUT, atomically"},
    {OPT_VERSION, "version", '\0', NULL, false, CLI_IN(CLI_EVALUATE), "print the version and exit"},
    {OPT_HELP, "help", 'h', NULL, false, CLI_ALL, "print this help and exit"},
};
const size_t cli_option_count = sizeof cli_options / sizeof cli_options[0];

// getopt_long's tables for one command hold at most every row, and its end marker.
enum { MAX_ROWS = 64 };
_Static_assert(sizeof cli_options / sizeof cli_options[0] < MAX_ROWS, "raise MAX_ROWS");

const cli_option *cli_option_find(cli_command c, int id)
{
    for (size_t i = 0; i < cli_option_count; i++)
        if (cli_options[i].id == id && (cli_options[i].commands & CLI_IN(c)))
            return &cli_options[i];
    return NULL;
}

int cli_command_error(cli_command c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c == CLI_EVALUATE)
        return cli_usage_error("%s", msg);
    return cli_usage_error("%s: %s", cli_commands[c].name, msg);
}

bool cli_parse_checklist_args(cli_command c, int argc, char **argv, size_t max_operands,
                              cli_checklist_args *args, int *status)
{
    *args = (cli_checklist_args){0};
    cli_parser parse;
    cli_parser_init(&parse, c, argc, argv);
    const char *arg;
    for (int id; (id = cli_parser_next(&parse, &arg)) != CLI_END;) {
        if (id == CLI_STOP) {
            *status = parse.status;
            return false;
        }
        if (id == OPT_CHECKLIST)
            args->checklist = arg;
        else if (id == OPT_FORMAT)
            args->format = arg;
        else if (id == OPT_EXAMPLE)
            args->example = true;
        else if (id == CLI_OPERAND && args->operand_count < max_operands)
            args->operands[args->operand_count++] = arg;
        else if (id == CLI_OPERAND) {
            *status = cli_command_error(c, "unexpected argument '%s'", arg);
            return false;
        }
    }
    return true;
}

void cli_parser_init(cli_parser *p, cli_command c, int argc, char **argv)
{
    *p = (cli_parser){.command = c, .argc = argc, .argv = argv};
    p->explicit_command = argc > 0 && strcmp(argv[0], cli_commands[c].name) == 0;
    p->prev_index = 1;
    optind = 0; // glibc: start afresh
    opterr = 0; // the messages are ours
}

// getopt_long's tables for one command, built from its rows.
static void getopt_tables(cli_command c, struct option *longopts, char *shortopts)
{
    size_t n = 0;
    char *s = shortopts;
    *s++ = '-'; // operands come back in order, as option 1 (and POSIXLY_CORRECT changes nothing)
    *s++ = ':'; // a missing value is ':', not '?'
    for (size_t i = 0; i < cli_option_count; i++) {
        const cli_option *o = &cli_options[i];
        if (!(o->commands & CLI_IN(c)))
            continue;
        longopts[n++] =
            (struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->id};
        if (o->short_name) {
            *s++ = o->short_name;
            if (o->arg)
                *s++ = ':';
        }
    }
    longopts[n] = (struct option){0};
    *s = '\0';
}

static int stop(cli_parser *p, int status)
{
    p->status = status;
    return CLI_STOP;
}

static int unknown_option(cli_parser *p, const char *word)
{
    return stop(p, cli_command_error(p->command, "unknown option '%s'", word));
}

int cli_parser_next(cli_parser *p, const char **arg)
{
    *arg = NULL;
    if (p->getopt_done) { // after "--": everything is an operand
        if (optind >= p->argc)
            return CLI_END;
        *arg = p->argv[optind++];
        return CLI_OPERAND;
    }
    // Built on each call (a few dozen rows): getopt_long keeps no pointer to them between calls.
    struct option longopts[MAX_ROWS];
    char shortopts[2 + 2 * MAX_ROWS + 1];
    getopt_tables(p->command, longopts, shortopts);
    bool was_in_cluster = p->in_cluster;
    int before = optind ? optind : 1;
    // A word that starts a long option is the word getopt is about to read.
    const char *word = before < p->argc ? p->argv[before] : "";
    // No option is a digit: "-17" is an operand (a negative number as `logic`'s DATA).
    if (!p->in_cluster && word[0] == '-' && word[1] >= '0' && word[1] <= '9') {
        optind = before + 1;
        *arg = word;
        return CLI_OPERAND;
    }
    int id = getopt_long(p->argc, p->argv, shortopts, longopts, NULL);
    p->in_cluster = id != -1 && optind == before;
    bool is_long = !was_in_cluster && strncmp(word, "--", 2) == 0;
    if (id == -1) {
        p->getopt_done = true;
        return cli_parser_next(p, arg);
    }
    if (id == 1) {
        *arg = optarg;
        return CLI_OPERAND;
    }
    if (id == '?') // unknown, or --name=value for an option without a value: the whole word
        return is_long ? unknown_option(p, word)
                       : unknown_option(p, (char[]){'-', (char)optopt, '\0'});
    const cli_option *o = cli_option_find(p->command, id == ':' ? optopt : id);
    if (!o) // (getopt_long returns only the ids of this command's rows)
        return unknown_option(p, word);
    if (is_long) {
        // getopt_long takes any unambiguous prefix (--check); a name that a later option might
        // share is not accepted here: the long name is written out.
        size_t len = strcspn(word + 2, "=");
        if (strlen(o->name) != len || strncmp(word + 2, o->name, len) != 0)
            return unknown_option(p, word);
        snprintf(p->word, sizeof p->word, "--%s", o->name);
    } else {
        snprintf(p->word, sizeof p->word, "-%c", o->short_name);
    }
    if (id == ':')
        return stop(p, cli_command_error(p->command, "option '%s' needs a value", p->word));
    if (id == OPT_HELP) {
        if (p->explicit_command)
            cli_print_command_help(stdout, p->command);
        else
            cli_print_global_help(stdout);
        return stop(p, cli_finish_stdout(EXIT_ALL_PASS));
    }
    *arg = o->arg ? optarg : NULL;
    return id;
}
