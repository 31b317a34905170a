/* The command line's one table: every command and every option of each, with its help. Parsing
 * (getopt_long), `ddcheck CMD --help`, the man page's synopsis and the shell completions all
 * follow it; tests/cli/options_agree.sh checks that the last three name every option here.
 *
 * A new option: an id in enum cli_option_id, a row in cli_options (cli/options.c), a `case` in
 * the command; then, by hand, its `.Op` in man/ddcheck.1's SYNOPSIS line of the command and an
 * item in its section, and a line in each completion (completions/ddcheck.bash
 * _ddcheck_options, completions/_ddcheck _ddcheck_CMD, completions/ddcheck.fish). A new report
 * format goes in the same three completions' format lists and ddcheck(1)'s list of formats.
 * `ctest -R options_agree` names whatever is missing. */
#ifndef DDCHECK_OPTIONS_H
#define DDCHECK_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** The commands, in the order the help lists them. */
typedef enum cli_command {
    CLI_EVALUATE,
    CLI_LOGIC,
    CLI_CHECKLISTS,
    CLI_LINT,
    CLI_TEST,
    CLI_TEMPLATE,
    CLI_EXPLAIN,
    CLI_DOCS,
    CLI_DIFF,
    CLI_COMMAND_COUNT
} cli_command;

/** One command: its name (the first word), what follows its options in the synopsis, a one-line
 *  summary, a paragraph for its --help (NULL: none) and the function that runs it. */
typedef struct cli_command_info {
    const char *name;
    const char *operands;
    const char *summary;
    const char *details;
    int (*run)(int argc, char **argv);
} cli_command_info;

/** Indexed by cli_command. */
extern const cli_command_info cli_commands[CLI_COMMAND_COUNT];

/** The bit of a command in cli_option.commands. */
#define CLI_IN(c) (1u << (c))
#define CLI_ALL ((1u << CLI_COMMAND_COUNT) - 1u)

/** What parsing returns for each option: its short letter, or a number above any character for a
 *  long-only option. A new option is a new id here and a new row in cli_options. */
enum cli_option_id {
    OPT_CHECKLIST = 'c',
    OPT_FORMAT = 'f',
    OPT_HELP = 'h',
    OPT_OUTPUT = 'o',
    OPT_VERBOSE = 'v',
    OPT_FAIL_ON = 256,
    OPT_WAIVERS,
    OPT_BASELINE,
    OPT_DELIMITER,
    OPT_MAX_CELL,
    OPT_MAX_COLUMNS,
    OPT_THREADS,
    OPT_SHEET,
    OPT_ENCODING,
    OPT_DECIMAL,
    OPT_NO_BOM,
    OPT_COLOR,
    OPT_NO_COLOR,
    OPT_VERSION,
    OPT_STRICT,
    OPT_COVERAGE,
    OPT_EXAMPLE,
    OPT_DETAILS,
};

/** One option as some commands take it. The same long name may have several rows, each with its
 *  own commands and help (`-f` of evaluate, template and diff), never two for one command. */
typedef struct cli_option {
    int id;            /* enum cli_option_id */
    const char *name;  /* long name, without "--" */
    char short_name;   /* '\0': long only */
    const char *arg;   /* the value's name in help and synopsis; NULL: takes no value */
    bool repeatable;   /* may be given several times (shown as "[-f FORMAT]..." ) */
    unsigned commands; /* CLI_IN(…) bits */
    const char *help;  /* one sentence for --help, without a final full stop */
} cli_option;

extern const cli_option cli_options[];
extern const size_t cli_option_count;

/** The row of option `id` for command `c`, or NULL when the command does not take it. */
const cli_option *cli_option_find(cli_command c, int id);

/** Parsing results besides option ids. */
enum {
    CLI_END = -1,    /* no more arguments */
    CLI_STOP = 0,    /* stop: help was printed or a usage error reported; see status */
    CLI_OPERAND = 1, /* an operand (a file, a key, "-"), in the order given */
};

/** The state of parsing one command's arguments; fill it with cli_parser_init. */
typedef struct cli_parser {
    cli_command command;
    int argc;
    char **argv;
    bool explicit_command; /* argv[0] is the command's name (not an implied evaluate) */
    bool getopt_done;      /* "--" or the end was reached: the rest are operands */
    int prev_index;        /* getopt's index before the last call */
    bool in_cluster;       /* the last short option was not the last of its word (-vc) */
    char word[48];         /* the last option as written: "-c" or "--checklist" */
    int status;            /* with CLI_STOP: the exit status */
} cli_parser;

/** Starts parsing argv (argv[0] being the command's name, or "ddcheck" for an implied
 *  evaluate) for command c. Uses getopt_long's global state: one parser at a time. */
void cli_parser_init(cli_parser *p, cli_command c, int argc, char **argv);

/** The next argument: an option's id (with *arg its value, or NULL), CLI_OPERAND (with *arg
 *  the operand), CLI_END, or CLI_STOP after printing the help (-h, --help) or a usage error
 *  (unknown option, missing value), p->status then being the exit status. `--name=value` is
 *  accepted only for long options that take a value; abbreviated long names are refused; `--`
 *  ends the options; `-` and a word starting with "-" and a digit (-17) are operands. p->word names
 * the option as given, for messages. */
int cli_parser_next(cli_parser *p, const char **arg);

/** What a command that reads a checklist and takes few options was given (docs, explain,
 *  template): each option only when the command takes it. */
typedef struct cli_checklist_args {
    const char *checklist; /* -c CHECKLIST, or NULL: the default built-in one */
    const char *format;    /* -f FORMAT, or NULL */
    bool example;          /* --example */
    const char *operands[2];
    size_t operand_count;
} cli_checklist_args;

/** Parses the arguments of command c into *args: its options (-c, -f, --example) and up to
 *  max_operands (at most 2) operands, one more being a usage error ("docs: unexpected argument
 *  'x'"). Returns true to go on; false after help or a usage error, *status then being the exit
 *  status. */
bool cli_parse_checklist_args(cli_command c, int argc, char **argv, size_t max_operands,
                              cli_checklist_args *args, int *status);

/** Prints a usage error prefixed with the command's name ("lint: …"; none for evaluate) and
 *  returns EXIT_CANNOT_RUN; for messages about a command's arguments. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int cli_command_error(cli_command c, const char *fmt, ...);

/** Writes command c's help: usage line, summary, options, details. */
void cli_print_command_help(FILE *out, cli_command c);
/** Writes the global help (`ddcheck --help`): every command's usage, evaluate's options, the
 *  formats and the exit statuses. */
void cli_print_global_help(FILE *out);
/** Writes the usage lines of every command (the first part of the global help). */
void cli_print_usage(FILE *out);

#endif
