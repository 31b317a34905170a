/* The subcommands of the ddcheck command line; each returns the process exit status (0, 1, 2). */
#ifndef DDCHECK_COMMANDS_H
#define DDCHECK_COMMANDS_H

#include <stdio.h>

#include "checklist/checklist.h"
#include "util/diag.h"

/** Exit statuses of DESIGN.md. */
enum {
    EXIT_ALL_PASS = 0,
    EXIT_SOME_GAP = 1,
    EXIT_CANNOT_RUN = 2,
};

/* Each cmd_* gets the arguments after its own name (argv[0] is the command's name). */

/** `ddcheck [evaluate] …`: score submissions and write reports. */
int cmd_evaluate(int argc, char **argv);
/** `ddcheck logic RULE [DATA]`: argv[0] is "logic". Prints the result as JSON to stdout. */
int cmd_logic(int argc, char **argv);
/** `ddcheck checklists`: the built-in checklists. */
int cmd_checklists(int argc, char **argv);
/** `ddcheck lint [--strict] CHECKLIST...`: every problem of each checklist (a file or a built-in
 *  id) on stderr; 0 clean, 2 any error, 1 warnings alone with --strict. */
int cmd_lint(int argc, char **argv);
/** `ddcheck test [--coverage] [CHECKLIST...]`: runs the checklists' own tests (none named: every
 *  built-in one); 0 all pass, 1 any failure (or incomplete coverage), 2 a checklist unusable. */
int cmd_test(int argc, char **argv);
/** `ddcheck template [-c CHECKLIST] [-f csv|markdown] [--example]`: the submission template
 *  (CSV header, optionally one example row) or the data dictionary. */
int cmd_template(int argc, char **argv);
/** `ddcheck explain [-c CHECKLIST] FILE KEY`: every requirement of one project, its rule in
 *  words, the cells it read and its outcome; 0 when the key is found, 2 when not. */
int cmd_explain(int argc, char **argv);
/** `ddcheck docs [-c CHECKLIST]`: the checklist as a Markdown document. */
int cmd_docs(int argc, char **argv);
/** `ddcheck diff [-f text|markdown|json|csv] [-o OUT] OLD.json NEW.json`: what changed between
 *  two JSON reports; 1 when anything regressed, 2 on bad input. */
int cmd_diff(int argc, char **argv);

/** Prints every diagnostic to stderr as "ddcheck: FILE:LINE:COL: severity: message". */
void cli_print_diags(const diag_list *diags);
/** Prints "ddcheck: message" and a pointer to --help on stderr; returns EXIT_CANNOT_RUN. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
int cli_usage_error(const char *fmt, ...);
/** Loads the checklist named by -c (path or built-in id; NULL = the default built-in one),
 *  printing its diagnostics; NULL when it cannot be used. */
struct checklist *cli_load_checklist(const char *spec);
/** The same, keeping the checklist's own tests (checklist_source's tests). */
struct checklist *cli_load_checklist_with_tests(const char *spec);
/** Flushes stdout and reports a failed write (closed pipe, full disk); returns status or, on
 *  failure, EXIT_CANNOT_RUN. */
int cli_finish_stdout(int status);

#endif
