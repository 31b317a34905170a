// `ddcheck docs [-c CHECKLIST]`: the checklist as Markdown for a due-diligence manual: pass rule,
// criteria and requirements with their rules in words, then the data dictionary (written by
// reports/checklist_docs.c).
#include "commands.h"

#include "options.h"
#include "reports/checklist_docs.h"

#include <stdlib.h>

int cmd_docs(int argc, char **argv)
{
    const char *spec = NULL;
    cli_parser parse;
    cli_parser_init(&parse, CLI_DOCS, argc, argv);
    const char *arg;
    for (int id; (id = cli_parser_next(&parse, &arg)) != CLI_END;) {
        if (id == CLI_STOP)
            return parse.status;
        if (id == OPT_CHECKLIST)
            spec = arg;
        else if (id == CLI_OPERAND)
            return cli_usage_error("docs: unexpected argument '%s'", arg);
    }
    checklist *cl = cli_load_checklist(spec);
    if (!cl)
        return EXIT_CANNOT_RUN;
    checklist_docs_write(stdout, cl, spec);
    checklist_free(cl);
    return cli_finish_stdout(EXIT_ALL_PASS);
}
