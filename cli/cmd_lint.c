// `ddcheck lint CHECKLIST...`: every problem of every checklist at once, each with its place;
// exit 2 on any error, 1 on warnings alone with --strict, else 0.
#include "commands.h"

#include "checklist/lint.h"

#include <string.h>

int cmd_lint(int argc, char **argv)
{
    bool strict = false;
    bool only_files = false;
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        if (!only_files && strcmp(argv[i], "--strict") == 0)
            strict = true;
        else if (!only_files && strcmp(argv[i], "--") == 0)
            only_files = true;
        else if (!only_files && argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("lint: unknown option '%s'", argv[i]);
        else
            count++;
    }
    if (count == 0)
        return cli_usage_error("lint: name at least one checklist (a file or a built-in id)");
    size_t errors = 0, warnings = 0;
    only_files = false;
    for (int i = 1; i < argc; i++) {
        if (!only_files && strcmp(argv[i], "--strict") == 0)
            continue;
        if (!only_files && strcmp(argv[i], "--") == 0) {
            only_files = true;
            continue;
        }
        diag_list diags = {0};
        lint_checklist(argv[i], &diags);
        cli_print_diags(&diags);
        errors += diags.errors;
        warnings += diags.warnings;
        diag_list_clear(&diags);
    }
    if (errors || warnings)
        fprintf(stderr, "ddcheck: %zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s",
                warnings, warnings == 1 ? "" : "s");
    if (errors)
        return EXIT_CANNOT_RUN;
    return strict && warnings ? EXIT_SOME_GAP : EXIT_ALL_PASS;
}
