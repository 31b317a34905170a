// The github format: GitHub Actions workflow commands, one annotation per gap, placed on the
// CSV row of the project so that the pull request shows it on the file.
#include "report.h"

#include "checklist/xalloc.h"
#include "reports/escape.h"
#include "reports/gaps.h"

#include <string.h>

typedef struct github_state {
    FILE *out;
    const report_context *ctx;
} github_state;

static void data(FILE *out, const char *s)
{
    escape_github(out, s, strlen(s), 0);
}

static void property(FILE *out, const char *s)
{
    escape_github(out, s, strlen(s), 1);
}

static void escape_property(FILE *out, const char *s, size_t len)
{
    escape_github(out, s, len, 1);
}

static void key_property(FILE *out, const project_result *p)
{
    if (p->key_len)
        escape_github(out, p->key, p->key_len, 1);
    else
        fprintf(out, "line %ld", p->line);
    gaps_write_display(out, p, " (", " · ", ")", escape_property);
}

// "::LEVEL file=F,line=L,title=KEY[ REQ]::" — the start of one annotation.
static void command(FILE *out, const char *level, const project_result *p, const char *req)
{
    fprintf(out, "::%s file=", level);
    property(out, p->file);
    fprintf(out, ",line=%ld,title=", p->line);
    key_property(out, p);
    if (req) {
        putc(' ', out);
        property(out, req);
    }
    fputs("::", out);
}

static void *github_begin(FILE *out, const report_context *ctx)
{
    github_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    s->ctx = ctx;
    return s;
}

static void github_project(void *state, const project_result *p)
{
    github_state *s = state;
    FILE *out = s->out;
    const checklist *cl = p->checklist;
    if (p->verdict == VERDICT_INVALID || !p->requirements) {
        command(out, "error", p, NULL);
        fputs("invalid row: ", out);
        data(out, p->error ? p->error : "the row could not be read");
        putc('\n', out);
        return;
    }
    if (project_nothing_applies(p)) {
        command(out, "error", p, NULL);
        data(out, NOTHING_APPLIES_TEXT);
        putc('\n', out);
        return;
    }
    for (size_t i = 0; i < cl->requirement_count; i++) {
        const checklist_requirement *req = &cl->requirements[i];
        const requirement_result *rr = &p->requirements[i];
        if (rr->waiver) { // accepted for now: visible, never failing
            char buf[WAIVER_DESCRIPTION_SIZE];
            command(out, "notice", p, req->id);
            fputs("waived: ", out);
            data(out, waiver_describe(rr->waiver, buf, sizeof buf));
            putc('\n', out);
            continue;
        }
        if (!outcome_is_failure(rr->outcome))
            continue;
        command(out, req->critical ? "error" : "warning", p, req->id);
        fputs(outcome_name(rr->outcome), out);
        fputs(req->critical ? " (critical): " : ": ", out);
        data(out, req->text);
        // Encoded newlines: the annotation shows one reason per line.
        for (size_t e = 0; e < rr->explanation_count; e++) {
            data(out, "\nbecause: ");
            data(out, rr->explanations[e].text);
        }
        bool is_action;
        const char *request = gaps_request(req, rr->outcome, &is_action);
        if (request) {
            data(out, is_action ? "\ncorrective action: " : "\nask the proponent: ");
            data(out, request);
        }
        putc('\n', out);
    }
    for (size_t c = 0; c < cl->criterion_count; c++) {
        if (!p->criteria[c].below_floor)
            continue;
        char why[GAPS_FLOOR_TEXT_SIZE];
        command(out, "error", p, cl->criteria[c].id);
        data(out, gaps_floor_text(&cl->criteria[c], &p->criteria[c], why, sizeof why));
        putc('\n', out);
    }
    if (p->verdict == VERDICT_PASS && s->ctx->verbose) {
        command(out, "notice", p, NULL);
        fputs("pass", out);
        if (p->scored)
            fprintf(out, ", score %.1f", p->score);
        putc('\n', out);
    }
}

static void github_end(void *state, const batch_summary *sum)
{
    github_state *s = state;
    if (s->ctx->verbose)
        fprintf(s->out, "::notice title=ddcheck::%zu projects: %zu pass, %zu gap, %zu invalid\n",
                sum->projects, sum->pass, sum->gap, sum->invalid);
    free(s);
}

const report_format REPORT_FORMAT_GITHUB = {
    .name = "github",
    .description = "GitHub Actions annotations: one ::error or ::warning per gap, on its row",
    .streaming = true,
    .begin = github_begin,
    .project = github_project,
    .end = github_end,
};
