// The actions format: a corrective action plan, one CSV row per gap (the shape lenders use for an
// environmental and social action plan), with empty owner, due date and status to fill in.
#include "report.h"

#include "reports/escape.h"
#include "reports/gaps.h"

#include <string.h>

// Severity: a critical requirement's gap (or a row that cannot be read at all) is "high",
// every other gap "medium". Waived and not-applicable requirements are not gaps: no row.
#define SEVERITY_CRITICAL "high"
#define SEVERITY_OTHER "medium"

static void cell(FILE *out, const char *s)
{
    escape_csv(out, s, strlen(s));
    putc(',', out);
}

// The key, a column per display field of the checklist (empty when absent), file and line.
static void place(FILE *out, const project_result *p)
{
    escape_csv(out, p->key, p->key_len);
    putc(',', out);
    for (size_t i = 0; i < p->checklist->display_count; i++) {
        size_t n;
        const char *v = project_display_value(p, i, &n);
        escape_csv(out, v ? v : "", n);
        putc(',', out);
    }
    cell(out, p->file);
    fprintf(out, "%ld,", p->line);
}

static void *actions_begin(FILE *out, const report_context *ctx)
{
    const checklist *cl = ctx->checklist;
    fputs("project,", out);
    for (size_t i = 0; i < cl->display_count; i++)
        cell(out, cl->fields[cl->display[i]].name);
    fputs("file,line,requirement,criterion,requirement_text,outcome,gap,explanation,"
          "severity,owner,due_date,status\n",
          out);
    return out;
}

// One row of the plan (gaps.h): the project's place, then the cells of the gap.
static void action_row(void *state, const gaps_action *a)
{
    FILE *out = state;
    place(out, a->project);
    const char *const cells[] = {a->requirement, a->criterion, a->text,
                                 a->outcome,     a->request,   a->why};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        cell(out, cells[i] ? cells[i] : "");
    fputs(a->high ? SEVERITY_CRITICAL ",,,\n" : SEVERITY_OTHER ",,,\n", out);
}

static void actions_project(void *state, const project_result *p)
{
    gaps_action_plan(p, action_row, state);
}

static void actions_end(void *state, const batch_summary *summary)
{
    (void)state;
    (void)summary;
}

const report_format REPORT_FORMAT_ACTIONS = {
    .name = "actions",
    .description = "corrective action plan: one CSV row per gap, with owner, due date and status "
                   "to fill in",
    .streaming = true,
    .begin = actions_begin,
    .project = actions_project,
    .end = actions_end,
};
