// `ddcheck explain [-c CHECKLIST] FILE KEY`: one project, every requirement: its rule in words,
// the cells it read (raw and typed), its outcome and why. Exit 0 when the key is found
// (whatever the verdict: explain reads, it does not gate), 2 when it is not.
#include "commands.h"

#include "checklist/rule_text.h"
#include "evaluator/batch.h"
#include "evaluator/explain.h"
#include "options.h"
#include "reports/escape.h"
#include "reports/gaps.h"

#include <stdlib.h>
#include <string.h>

typedef struct explain_run {
    const char *key;
    const checklist *cl;
    rule_source *rules;
    size_t found;
} explain_run;

static void print_rule(const char *label, const cJSON *json)
{
    if (!json)
        return;
    char *text = rule_text(json);
    printf("    %s: ", label);
    escape_terminal(stdout, text, strlen(text));
    putchar('\n');
    free(text);
}

static void print_cell(const checklist *cl, const typed_cell *c, const value *v, size_t slot)
{
    printf("      %s: ", cl->fields[slot].name);
    if (c->state == CELL_ABSENT && c->column == 0) {
        puts("no such column (no evidence)");
        return;
    }
    putchar('"');
    escape_terminal(stdout, c->raw ? c->raw : "", c->raw ? c->raw_len : 0);
    putchar('"');
    if (c->state == CELL_ABSENT) {
        puts(" → empty (no evidence)");
    } else if (c->state == CELL_INVALID) {
        char problem[CELL_PROBLEM_SIZE];
        cell_problem_text(&cl->fields[slot], c, problem);
        printf(" → invalid: %s\n", problem);
    } else {
        char buf[512];
        explain_value(v, buf, sizeof buf);
        printf(" → %s %s\n", field_type_name(cl->fields[slot].type), buf);
    }
}

static void on_project(void *ctx, const project_result *p)
{
    explain_run *run = ctx;
    if (p->key_len != strlen(run->key) || memcmp(p->key, run->key, p->key_len) != 0)
        return;
    const checklist *cl = run->cl;
    if (run->found++)
        putchar('\n');
    escape_terminal(stdout, p->key, p->key_len);
    gaps_write_display(stdout, p, " (", " · ", ")", escape_terminal);
    printf("  %s", verdict_name(p->verdict));
    if (p->scored)
        printf("  score %.1f (pass at %g)", p->score, cl->pass_score);
    printf("  %s:%ld\n", p->file, p->line);
    if (!p->requirements) {
        printf("  the row cannot be read as a row: %s\n", p->error ? p->error : "invalid");
        return;
    }
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        printf("\n%s  %s  %s (weight %g", cr->id, criterion_status_name(p->criteria[c].status),
               cr->title, cr->weight);
        if (cr->min_score > 0)
            printf(", floor %g", cr->min_score);
        puts(")");
        if (p->criteria[c].below_floor) {
            char why[GAPS_FLOOR_TEXT_SIZE];
            printf("  %s\n", gaps_floor_text(cr, &p->criteria[c], why, sizeof why));
        }
        for (size_t i = cr->first; i < cr->first + cr->count; i++) {
            const checklist_requirement *req = &cl->requirements[i];
            const requirement_result *rr = &p->requirements[i];
            printf("  %s  %s%s  ", req->id, outcome_name(rr->outcome),
                   req->critical ? "  (critical)" : "");
            escape_terminal(stdout, req->text, strlen(req->text));
            putchar('\n');
            print_rule("applies if", rule_source_rule(run->rules, i, true));
            print_rule("rule", rule_source_rule(run->rules, i, false));
            if (req->field_count)
                puts("    read:");
            for (size_t k = 0; k < req->field_count; k++)
                print_cell(cl, &p->cells[req->fields[k]], &p->values[req->fields[k]],
                           req->fields[k]);
            for (size_t k = 0; k < rr->explanation_count; k++) {
                const char *why = rr->explanations[k].text;
                if (!why || !*why)
                    continue;
                fputs("    because: ", stdout);
                escape_terminal(stdout, why, strlen(why));
                putchar('\n');
            }
            bool is_action;
            const char *request = gaps_request(req, rr->outcome, &is_action);
            if (is_action) {
                fputs("    action: ", stdout);
                escape_terminal(stdout, request, strlen(request));
                putchar('\n');
            }
        }
    }
}

int cmd_explain(int argc, char **argv)
{
    cli_checklist_args parsed;
    int stopped;
    if (!cli_parse_checklist_args(CLI_EXPLAIN, argc, argv, 2, &parsed, &stopped))
        return stopped;
    if (parsed.operand_count != 2)
        return cli_usage_error("explain: needs a FILE and a KEY");
    const char **args = parsed.operands;
    checklist *cl = cli_load_checklist(parsed.checklist);
    if (!cl)
        return EXIT_CANNOT_RUN;
    explain_run run = {.key = args[1], .cl = cl, .rules = rule_source_new(cl)};
    batch_options opts = {0};
    batch_status bs;
    diag_list diags = {0};
    batch_run(cl, &args[0], 1, &opts, on_project, &run, &bs, &diags);
    int status = EXIT_ALL_PASS;
    if (bs.failed_files) {
        cli_print_diags(&diags);
        status = EXIT_CANNOT_RUN;
    } else if (!run.found) {
        fprintf(stderr, "ddcheck: %s: no project with key \"%s\" (%zu project%s read)\n",
                strcmp(args[0], "-") == 0 ? "<stdin>" : args[0], args[1], bs.summary.projects,
                bs.summary.projects == 1 ? "" : "s");
        status = EXIT_CANNOT_RUN;
    }
    diag_list_clear(&diags);
    rule_source_free(run.rules);
    checklist_free(cl);
    return cli_finish_stdout(status);
}
