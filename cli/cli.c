// What every subcommand shares: printing diagnostics, usage errors, loading -c, finishing stdout.
#include "commands.h"

#include "checklist/builtin.h"
#include "reports/escape.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

void cli_print_diags(const diag_list *diags)
{
    char buf[2048];
    // Messages quote cells and file names: never let them send escape sequences to a terminal.
    for (size_t i = 0; i < diags->count; i++) {
        diag_format(&diags->items[i], buf, sizeof buf);
        fputs("ddcheck: ", stderr);
        escape_terminal(stderr, buf, strlen(buf));
        fputc('\n', stderr);
    }
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ddcheck: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'ddcheck --help' for more information.\n", stderr);
    return EXIT_CANNOT_RUN;
}

static checklist *load_checklist(const char *spec, bool tests)
{
    spec = spec ? spec : BUILTIN_DEFAULT_ID;
    diag_list diags = {0};
    bool read = false;
    // A checklist that fails lint is not run (DESIGN.md, exit 2): besides what the loader
    // refuses, lint's static checks find rules that can never match their fields (`==` of a
    // boolean field with "yes"), which would otherwise blame every project for them.
    checklist *cl = checklist_load((checklist_source){.name = spec, .tests = tests}, &diags, &read);
    if (cl) // lint's warnings alone (the loader has none): for `ddcheck lint`
        diag_list_clear(&diags);
    cli_print_diags(&diags);
    if (!cl && read)
        fprintf(stderr, "ddcheck: %s: the checklist cannot be used; run `ddcheck lint %s`\n", spec,
                spec);
    diag_list_clear(&diags);
    return cl;
}

checklist *cli_load_checklist(const char *spec)
{
    return load_checklist(spec, false);
}

checklist *cli_load_checklist_with_tests(const char *spec)
{
    return load_checklist(spec, true);
}

int cli_finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ddcheck: cannot write to standard output: %s\n",
                strerror(errno ? errno : EIO));
        return EXIT_CANNOT_RUN;
    }
    return status;
}
