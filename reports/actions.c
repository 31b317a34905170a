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

// A criterion below its floor is a reason for the gap of its own: one row, after the rows of
// its failing requirements, as severe as a critical gap since it alone fails the project.
static void floor_row(FILE *out, const project_result *p, size_t c)
{
    const checklist_criterion *cr = &p->checklist->criteria[c];
    char why[GAPS_FLOOR_TEXT_SIZE];
    place(out, p);
    putc(',', out);
    cell(out, cr->id);
    cell(out, cr->title);
    cell(out, "below_floor");
    char what[GAPS_FLOOR_TEXT_SIZE];
    cell(out, gaps_floor_request(cr, what, sizeof what));
    cell(out, gaps_floor_text(cr, &p->criteria[c], why, sizeof why));
    fputs(SEVERITY_CRITICAL ",,,\n", out);
}

// One failing requirement: for unmet its corrective action (else its gap), else its gap.
static void requirement_row(FILE *out, const project_result *p, size_t i)
{
    const checklist *cl = p->checklist;
    const requirement_result *rr = &p->requirements[i];
    const checklist_requirement *req = &cl->requirements[i];
    place(out, p);
    cell(out, req->id);
    cell(out, cl->criteria[req->criterion].id);
    cell(out, req->text);
    cell(out, outcome_name(rr->outcome));
    const char *request = gaps_request(req, rr->outcome, NULL);
    cell(out, request ? request : "");
    // Several explanations in one cell, separated by "; ".
    char buf[4096];
    size_t n = 0;
    for (size_t e = 0; e < rr->explanation_count && n < sizeof buf; e++) {
        int w = snprintf(buf + n, sizeof buf - n, "%s%s", e ? "; " : "", rr->explanations[e].text);
        n += w > 0 ? (size_t)w : 0;
    }
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    escape_csv(out, buf, n);
    putc(',', out);
    fputs(req->critical ? SEVERITY_CRITICAL : SEVERITY_OTHER, out);
    fputs(",,,\n", out);
}

static void actions_project(void *state, const project_result *p)
{
    FILE *out = state;
    const checklist *cl = p->checklist;
    if (p->verdict == VERDICT_INVALID) {
        place(out, p);
        fputs(",,,invalid,", out);
        cell(out, GAPS_RESUBMIT_REQUEST);
        cell(out, p->error ? p->error : "");
        fputs(SEVERITY_CRITICAL ",,,\n", out);
        return;
    }
    if (project_nothing_applies(p)) {
        place(out, p);
        fputs(",,,not_applicable,", out); // every requirement's outcome
        cell(out, GAPS_NOTHING_APPLIES_REQUEST);
        cell(out, NOTHING_APPLIES_TEXT);
        fputs(SEVERITY_CRITICAL ",,,\n", out);
        return;
    }
    for (size_t i = 0; i < cl->requirement_count; i++) {
        if (outcome_is_failure(p->requirements[i].outcome))
            requirement_row(out, p, i);
        if (gaps_floor_row_after(p, i))
            floor_row(out, p, cl->requirements[i].criterion);
    }
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
