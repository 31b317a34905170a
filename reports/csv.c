// The csv format: one row per project × requirement (and one per invalid row), for spreadsheets
// and dataframes. Every cell goes through escape_csv, so no cell can run as a formula.
#include "report.h"

#include "util/decimal.h"
#include "util/xalloc.h"
#include "reports/escape.h"
#include "reports/gaps.h"

#include <string.h>

typedef struct csv_state {
    FILE *out;
    char *buf; /* the joined explanations of one requirement; grown, never shrunk */
    size_t cap;
} csv_state;

static void cell(FILE *out, const char *s)
{
    escape_csv(out, s, strlen(s));
}

static void *csv_begin(FILE *out, const report_context *ctx)
{
    (void)ctx;
    csv_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    fputs("key,file,line,criterion,requirement,outcome,critical,gap,explanation\n", out);
    return s;
}

static void row_start(FILE *out, const project_result *p)
{
    escape_csv(out, p->key, p->key_len);
    putc(',', out);
    cell(out, p->file);
    char line[DECIMAL_LONG_SIZE + 2] = ","; // ",%ld," without printf
    size_t n = 1 + decimal_long(line + 1, p->line);
    line[n++] = ',';
    fwrite(line, 1, n, out);
}

// The explanations of one requirement as one cell, joined with "; ".
static void explanations_cell(csv_state *s, const requirement_result *rr)
{
    size_t n = gaps_join_explanations(rr, &s->buf, &s->cap, 0);
    escape_csv(s->out, s->buf, n);
}

static void csv_project(void *state, const project_result *p)
{
    csv_state *s = state;
    FILE *out = s->out;
    const checklist *cl = p->checklist;
    if (p->verdict == VERDICT_INVALID || !p->requirements) {
        row_start(out, p);
        fputs(",,invalid,,,", out);
        cell(out, p->error ? p->error : "");
        putc('\n', out);
        return;
    }
    for (size_t i = 0; i < cl->requirement_count; i++) {
        const checklist_requirement *req = &cl->requirements[i];
        const requirement_result *rr = &p->requirements[i];
        row_start(out, p);
        cell(out, cl->criteria[req->criterion].id);
        putc(',', out);
        cell(out, req->id);
        putc(',', out);
        fputs(outcome_name(rr->outcome), out);
        fputs(req->critical ? ",true," : ",false,", out);
        if (outcome_is_failure(rr->outcome) && req->gap)
            cell(out, req->gap);
        putc(',', out);
        if (rr->waiver) {
            char buf[WAIVER_DESCRIPTION_SIZE] = "waived: ";
            waiver_describe(rr->waiver, buf + 8, sizeof buf - 8);
            escape_csv(out, buf, strlen(buf));
        } else {
            explanations_cell(s, rr);
        }
        putc('\n', out);
    }
}

static void csv_end(void *state, const batch_summary *summary)
{
    (void)summary;
    csv_state *s = state;
    free(s->buf);
    free(s);
}

const report_format REPORT_FORMAT_CSV = {
    .name = "csv",
    .description = "one CSV row per project and requirement: outcome, gap text, explanations",
    .streaming = true,
    .projects_apart = true,
    .begin = csv_begin,
    .project = csv_project,
    .end = csv_end,
};
