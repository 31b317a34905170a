// `ddcheck --help` and `ddcheck CMD --help`, written from the table of commands and options.
#include "options.h"

#include "ddcheck_version.h"
#include "reports/report.h"

#include <ctype.h>
#include <string.h>

enum { HELP_WIDTH = 79, HELP_COLUMN = 29 };

// Writes text from column `col` (the cursor being at `at`), wrapping words at HELP_WIDTH.
static void wrap(FILE *out, const char *text, int at, int col)
{
    if (at > 0 && at >= col) {
        fputc('\n', out);
        at = 0;
    }
    fprintf(out, "%*s", col - at, "");
    at = col;
    bool first = true;
    while (*text) {
        size_t len = strcspn(text, " ");
        if (!first && at + 1 + (int)len > HELP_WIDTH) {
            fprintf(out, "\n%*s", col, "");
            at = col;
        } else if (!first) {
            fputc(' ', out);
            at++;
        }
        fwrite(text, 1, len, out);
        at += (int)len;
        first = false;
        text += len;
        text += strspn(text, " ");
    }
    fputc('\n', out);
}

static void print_option(FILE *out, const cli_option *o)
{
    int at = 0;
    if (o->short_name)
        at += fprintf(out, "  -%c, --%s", o->short_name, o->name);
    else
        at += fprintf(out, "  --%s", o->name);
    if (o->arg)
        at += fprintf(out, " %s", o->arg);
    wrap(out, o->help, at, HELP_COLUMN);
}

static void print_options(FILE *out, cli_command c)
{
    for (size_t i = 0; i < cli_option_count; i++)
        if (cli_options[i].commands & CLI_IN(c))
            print_option(out, &cli_options[i]);
}

// Writes " item" at column `at`, first going to a new line indented by `indent` when it would
// pass HELP_WIDTH; returns the new column.
static int synopsis_item(FILE *out, int at, int indent, const char *item)
{
    if (at + 1 + (int)strlen(item) > HELP_WIDTH)
        at = fprintf(out, "\n%*s", indent, "") - 1;
    return at + fprintf(out, " %s", item);
}

// "ddcheck lint [--strict] CHECKLIST...", wrapped under the command's first option; --help and
// --version are left to their own line.
static void print_synopsis(FILE *out, cli_command c, const char *lead)
{
    const cli_command_info *cmd = &cli_commands[c];
    int at = fprintf(out, "%sddcheck %s%s%s", lead, c == CLI_EVALUATE ? "[" : "", cmd->name,
                     c == CLI_EVALUATE ? "]" : "");
    int indent = at + 1;
    for (size_t i = 0; i < cli_option_count; i++) {
        const cli_option *o = &cli_options[i];
        if (!(o->commands & CLI_IN(c)) || o->id == OPT_HELP || o->id == OPT_VERSION)
            continue;
        char name[64], item[128];
        if (o->short_name)
            snprintf(name, sizeof name, "-%c", o->short_name);
        else
            snprintf(name, sizeof name, "--%s", o->name);
        snprintf(item, sizeof item, "[%s%s%s]%s", name, o->arg ? " " : "", o->arg ? o->arg : "",
                 o->repeatable ? "..." : "");
        at = synopsis_item(out, at, indent, item);
    }
    if (*cmd->operands)
        synopsis_item(out, at, indent, cmd->operands);
    fputc('\n', out);
}

static void print_formats(FILE *out)
{
    size_t n;
    const report_format *const *formats = report_formats(&n);
    fputs("\nFormats:\n", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  %-10s %s\n", formats[i]->name, formats[i]->description);
}

static void print_exit_status(FILE *out)
{
    fputs("\nExit status: 0 every project passes; 1 at least one project has verdict gap or\n"
          "invalid; 2 the run could not be done (bad usage, unreadable file, bad checklist).\n",
          out);
}

void cli_print_usage(FILE *out)
{
    fputs("Usage:\n", out);
    for (int c = 0; c < CLI_COMMAND_COUNT; c++)
        print_synopsis(out, (cli_command)c, "  ");
    fputs("  ddcheck [COMMAND] --help | ddcheck --version\n", out);
}

void cli_print_global_help(FILE *out)
{
    fprintf(out, "ddcheck %s — check project submissions against a due-diligence checklist\n\n",
            DDCHECK_VERSION);
    cli_print_usage(out);
    fputs("\nCommands:\n", out);
    for (int c = 0; c < CLI_COMMAND_COUNT; c++) {
        int at = fprintf(out, "  %s", cli_commands[c].name);
        wrap(out, cli_commands[c].summary, at, 14);
    }
    fputs("\nEvaluate options:\n", out);
    print_options(out, CLI_EVALUATE);
    print_formats(out);
    print_exit_status(out);
    fputs("\n'ddcheck COMMAND --help' shows one command's options.\n", out);
}

void cli_print_command_help(FILE *out, cli_command c)
{
    const cli_command_info *cmd = &cli_commands[c];
    print_synopsis(out, c, "Usage: ");
    // The summary as a sentence: "Check checklists: …."
    char sentence[256];
    snprintf(sentence, sizeof sentence, "%s.", cmd->summary);
    sentence[0] = (char)toupper((unsigned char)sentence[0]);
    fputc('\n', out);
    wrap(out, sentence, 0, 0);
    if (cmd->details) {
        fputc('\n', out);
        wrap(out, cmd->details, 0, 0);
    }
    fputs("\nOptions:\n", out);
    print_options(out, c);
    if (c == CLI_EVALUATE) {
        print_formats(out);
        print_exit_status(out);
    }
}
