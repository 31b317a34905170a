/* The subcommands of the ddcheck command line; each returns the process exit status (0, 1, 2). */
#ifndef DDCHECK_COMMANDS_H
#define DDCHECK_COMMANDS_H

#include <stdio.h>

/** Exit statuses of DESIGN.md. */
enum {
    EXIT_ALL_PASS = 0,
    EXIT_SOME_GAP = 1,
    EXIT_CANNOT_RUN = 2,
};

/** `ddcheck logic RULE [DATA]`: argv[0] is "logic". Prints the result as JSON to stdout. */
int cmd_logic(int argc, char **argv);

#endif
