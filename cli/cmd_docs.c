// `ddcheck docs [-c CHECKLIST]`: the checklist as Markdown for a due-diligence manual: pass rule,
// criteria and requirements with their rules in words, then the data dictionary (written by
// reports/checklist_docs.c).
#include "commands.h"

#include "options.h"
#include "reports/checklist_docs.h"

#include <stdlib.h>

int cmd_docs(int argc, char **argv)
{
    cli_checklist_args args;
    int status;
    if (!cli_parse_checklist_args(CLI_DOCS, argc, argv, 0, &args, &status))
        return status;
    checklist *cl = cli_load_checklist(args.checklist);
    if (!cl)
        return EXIT_CANNOT_RUN;
    checklist_docs_write(stdout, cl, args.checklist);
    checklist_free(cl);
    return cli_finish_stdout(EXIT_ALL_PASS);
}
