// `ddcheck checklists`: the checklists built into the binary, by id, with title and size.
#include "commands.h"

#include "checklist/builtin.h"
#include "options.h"

int cmd_checklists(int argc, char **argv)
{
    cli_parser parse;
    cli_parser_init(&parse, CLI_CHECKLISTS, argc, argv);
    const char *arg;
    int id = cli_parser_next(&parse, &arg);
    if (id == CLI_STOP)
        return parse.status;
    if (id == CLI_OPERAND)
        return cli_command_error(CLI_CHECKLISTS, "unexpected argument '%s'", arg);
    for (size_t i = 0; i < builtin_checklist_count; i++) {
        diag_list diags = {0};
        const builtin_checklist *b = &builtin_checklists[i];
        checklist *cl = checklist_load(
            (checklist_source){.name = b->id, .text = b->json, .len = b->size}, &diags, NULL);
        if (cl) {
            printf("%-22s %-8s %zu criteria, %zu requirements  %s\n", cl->id, cl->version,
                   cl->criterion_count, cl->requirement_count, cl->title);
        } else {
            printf("%-22s (does not load: run `ddcheck lint %s`)\n", b->id, b->id);
        }
        checklist_free(cl);
        diag_list_clear(&diags);
    }
    return cli_finish_stdout(EXIT_ALL_PASS);
}
