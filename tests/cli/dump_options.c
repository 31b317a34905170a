// Prints the command line's tables (cli/options.c) for tests/cli/options_agree.sh, one line each:
//   command NAME
//   option COMMAND LONG SHORT ARG     (SHORT and ARG are "-" when there is none)
//   format NAME                       (evaluate's formats, from the renderers' name table)
// A program linked with the table, rather than a hidden option of ddcheck: the shipped program
// has no undocumented option, and the test reads the very rows that parsing uses.
#include "cli/options.h"
#include "reports/report.h"

#include <stdlib.h>

int main(void)
{
    for (int c = 0; c < CLI_COMMAND_COUNT; c++)
        printf("command\t%s\n", cli_commands[c].name);
    for (size_t i = 0; i < cli_option_count; i++) {
        const cli_option *o = &cli_options[i];
        for (int c = 0; c < CLI_COMMAND_COUNT; c++) {
            if (!(o->commands & CLI_IN(c)))
                continue;
            printf("option\t%s\t%s\t", cli_commands[c].name, o->name);
            if (o->short_name)
                printf("%c", o->short_name);
            else
                fputs("-", stdout);
            printf("\t%s\n", o->arg ? o->arg : "-");
        }
    }
    size_t n;
    const report_format *const *formats = report_formats(&n);
    for (size_t i = 0; i < n; i++)
        printf("format\t%s\n", formats[i]->name);
    return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
