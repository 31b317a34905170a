// `ddcheck lint CHECKLIST...`: every problem of every checklist at once, each with its place;
// exit 2 on any error, 1 on warnings alone with --strict, else 0.
#include "commands.h"

#include "util/xalloc.h"
#include "options.h"

#include <stdlib.h>

int cmd_lint(int argc, char **argv)
{
    bool strict = false;
    const char **specs = xcalloc((size_t)argc + 1, sizeof(char *));
    size_t count = 0;
    cli_parser parse;
    cli_parser_init(&parse, CLI_LINT, argc, argv);
    const char *arg;
    for (int id; (id = cli_parser_next(&parse, &arg)) != CLI_END;) {
        if (id == CLI_STOP) {
            free(specs);
            return parse.status;
        }
        if (id == OPT_STRICT)
            strict = true;
        else if (id == CLI_OPERAND)
            specs[count++] = arg;
    }
    if (count == 0) {
        free(specs);
        return cli_usage_error("lint: name at least one checklist (a file or a built-in id)");
    }
    size_t errors = 0, warnings = 0;
    for (size_t i = 0; i < count; i++) {
        diag_list diags = {0};
        checklist_free(checklist_load((checklist_source){.name = specs[i]}, &diags, NULL));
        cli_print_diags(&diags);
        errors += diags.errors;
        warnings += diags.warnings;
        diag_list_clear(&diags);
    }
    free(specs);
    if (errors || warnings)
        fprintf(stderr, "ddcheck: %zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s",
                warnings, warnings == 1 ? "" : "s");
    if (errors)
        return EXIT_CANNOT_RUN;
    return strict && warnings ? EXIT_SOME_GAP : EXIT_ALL_PASS;
}
