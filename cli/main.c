// The ddcheck command line: dispatch to a command from the table in options.c; only main and
// the cmd_* files print.
#include "commands.h"
#include "guard.h"
#include "options.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static const cli_command_info *find_command(const char *word)
{
    for (size_t i = 0; i < CLI_COMMAND_COUNT; i++)
        if (strcmp(word, cli_commands[i].name) == 0)
            return &cli_commands[i];
    return NULL;
}

// A first word that names no command and no file, and looks like a word rather than a path
// ("lnit"): a mistyped command, not a CSV file to report as unreadable.
static bool unknown_command(const char *arg)
{
    return arg[0] != '-' && !strpbrk(arg, "./\\") && access(arg, F_OK) != 0 && !find_command(arg);
}

static int unknown_command_error(const char *word)
{
    char names[256] = "";
    for (size_t i = 0; i < CLI_COMMAND_COUNT; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                 i == 0                      ? ""
                 : i + 1 < CLI_COMMAND_COUNT ? ", "
                                             : " and ",
                 cli_commands[i].name);
    return cli_usage_error("'%s' is no command and no file; the commands are %s", word, names);
}

// `ddcheck help [COMMAND]`.
static int help(int argc, char **argv)
{
    const cli_command_info *c = argc >= 3 ? find_command(argv[2]) : NULL;
    if (argc >= 3 && !c)
        return unknown_command_error(argv[2]);
    if (c)
        cli_print_command_help(stdout, (cli_command)(c - cli_commands));
    else
        cli_print_global_help(stdout);
    return cli_finish_stdout(EXIT_ALL_PASS);
}

int main(int argc, char **argv)
{
    // Before any file is opened: no file may take the number of a closed standard stream.
    guard_process();
#ifdef M_ARENA_MAX
    // One malloc arena for every thread: the workers allocate a part (256 records) at a time,
    // never a row, so they hardly wait on each other, and each worker's own arena (glibc's
    // default) kept about 0.5 MiB more resident in a run with two threads.
    mallopt(M_ARENA_MAX, 1);
#endif
    // Bare `ddcheck` typed at a terminal would wait silently for a CSV on standard input.
    if (argc < 2 && isatty(STDIN_FILENO)) {
        cli_print_usage(stderr);
        fputs("Try 'ddcheck --help' for more information.\n", stderr);
        return EXIT_CANNOT_RUN;
    }
    if (argc >= 2 && strcmp(argv[1], "help") == 0)
        return help(argc, argv);
    if (argc >= 2 && unknown_command(argv[1]))
        return unknown_command_error(argv[1]);
    const cli_command_info *c = argc >= 2 ? find_command(argv[1]) : NULL;
    if (c)
        return c->run(argc - 1, argv + 1);
    return cmd_evaluate(argc, argv);
}
