// The tap format: TAP version 13, one test point per project × criterion, with a YAML block that
// lists the failing requirements; the plan comes last, so the report streams. A failure belongs to
// a project whose verdict is gap or invalid (DESIGN.md): in a passing project a criterion with a
// requirement not met is "not ok … # TODO", which TAP consumers show without failing the run.
#include "report.h"

#include "util/xalloc.h"
#include "reports/escape.h"
#include "reports/gaps.h"

#include <string.h>

typedef struct tap_state {
    FILE *out;
    const report_context *ctx;
    unsigned long points; // test points written so far (the plan, at the end)
} tap_state;

static void tap_text(FILE *out, const char *s)
{
    escape_tap(out, s, strlen(s));
}

// YAML double-quoted scalars accept JSON string escapes, so escape_json writes them.
static void yaml_string(FILE *out, const char *s)
{
    escape_json(out, s, strlen(s));
}

static void *tap_begin(FILE *out, const report_context *ctx)
{
    tap_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    s->ctx = ctx;
    const checklist *cl = ctx->checklist;
    fputs("TAP version 13\n# ddcheck ", out);
    tap_text(out, ctx->tool_version);
    fputs(", checklist ", out);
    tap_text(out, cl->id);
    if (cl->version[0]) {
        putc(' ', out);
        tap_text(out, cl->version);
    }
    fprintf(out, " (sha256 %s)", cl->sha256);
    if (ctx->generated_at) {
        fputs(", generated ", out);
        tap_text(out, ctx->generated_at);
    }
    putc('\n', out);
    return s;
}

static void failing_requirements(FILE *out, const project_result *p, const checklist_criterion *cr)
{
    const checklist *cl = p->checklist;
    fputs("  failing:\n", out);
    for (size_t i = cr->first; i < cr->first + cr->count; i++) {
        const checklist_requirement *req = &cl->requirements[i];
        const requirement_result *rr = &p->requirements[i];
        if (!outcome_is_failure(rr->outcome))
            continue;
        fputs("    - requirement: ", out);
        yaml_string(out, req->id);
        fputs("\n      text: ", out);
        yaml_string(out, req->text);
        fprintf(out, "\n      outcome: %s\n      critical: %s\n", outcome_name(rr->outcome),
                req->critical ? "true" : "false");
        if (rr->explanation_count) {
            fputs("      explanations:\n", out);
            for (size_t e = 0; e < rr->explanation_count; e++) {
                fputs("        - ", out);
                yaml_string(out, rr->explanations[e].text);
                putc('\n', out);
            }
        }
        bool is_action;
        const char *request = gaps_request(req, rr->outcome, &is_action);
        if (request) {
            fputs(is_action ? "      action: " : "      ask: ", out);
            yaml_string(out, request);
            putc('\n', out);
        }
    }
}

// "# waived ID: justification (…)" after the test point of the criterion that holds it.
static void waived_requirements(FILE *out, const project_result *p, const checklist_criterion *cr)
{
    for (size_t i = cr->first; i < cr->first + cr->count; i++) {
        const requirement_result *rr = &p->requirements[i];
        if (!rr->waiver)
            continue;
        char buf[WAIVER_DESCRIPTION_SIZE];
        fputs("# waived ", out);
        tap_text(out, p->checklist->requirements[i].id);
        fputs(": ", out);
        tap_text(out, waiver_describe(rr->waiver, buf, sizeof buf));
        putc('\n', out);
    }
}

static void tap_project(void *state, const project_result *p)
{
    tap_state *s = state;
    FILE *out = s->out;
    const checklist *cl = p->checklist;
    if (p->verdict == VERDICT_INVALID || !p->criteria) {
        fprintf(out, "not ok %lu - ", ++s->points);
        gaps_write_name(out, p, escape_tap);
        fputs(" invalid row\n  ---\n  file: ", out);
        yaml_string(out, p->file);
        fprintf(out, "\n  line: %ld\n  error: ", p->line);
        yaml_string(out, p->error ? p->error : "");
        fputs("\n  ...\n", out);
        return;
    }
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        const criterion_result *res = &p->criteria[c];
        bool ok = res->status == STATUS_PASS || res->status == STATUS_NOT_APPLICABLE;
        fprintf(out, "%s %lu - ", ok ? "ok" : "not ok", ++s->points);
        gaps_write_name(out, p, escape_tap);
        putc(' ', out);
        tap_text(out, cr->id);
        putc(' ', out);
        tap_text(out, cr->title);
        if (res->status == STATUS_NOT_APPLICABLE)
            fputs(" # SKIP not applicable", out);
        else if (!ok && p->verdict == VERDICT_PASS) {
            fputs(" # TODO not met, not failing: the project passes", out);
            if (p->scored)
                fprintf(out, " (score %.1f)", p->score);
        }
        putc('\n', out);
        if (ok) {
            waived_requirements(out, p, cr);
            continue;
        }
        fputs("  ---\n  file: ", out);
        yaml_string(out, p->file);
        fprintf(out, "\n  line: %ld\n  status: %s\n  satisfied: %zu\n  applicable: %zu\n", p->line,
                criterion_status_name(res->status), res->satisfied, res->applicable);
        if (res->below_floor)
            fprintf(out, "  below_floor: true\n  floor: %g\n", cr->min_score);
        failing_requirements(out, p, cr);
        fputs("  ...\n", out);
        waived_requirements(out, p, cr);
    }
    if (project_nothing_applies(p)) { // every point above is skipped: the verdict is not
        fprintf(out, "not ok %lu - ", ++s->points);
        gaps_write_name(out, p, escape_tap);
        fputs(" verdict\n  ---\n  file: ", out);
        yaml_string(out, p->file);
        fprintf(out, "\n  line: %ld\n  verdict: gap\n  reason: ", p->line);
        yaml_string(out, NOTHING_APPLIES_TEXT);
        fputs("\n  ...\n", out);
    }
}

static void tap_end(void *state, const batch_summary *sum)
{
    tap_state *s = state;
    fprintf(s->out, "1..%lu\n# %zu projects: %zu pass, %zu gap, %zu invalid\n", s->points,
            sum->projects, sum->pass, sum->gap, sum->invalid);
    // Inputs come last: their digests are known only once they have been read (report.h).
    const report_context *ctx = s->ctx;
    for (size_t i = 0; i < ctx->input_count; i++) {
        fputs("# input ", s->out);
        tap_text(s->out, ctx->inputs[i]);
        if (ctx->input_sha256 && ctx->input_sha256[i]) {
            fputs(" (sha256 ", s->out);
            tap_text(s->out, ctx->input_sha256[i]);
            putc(')', s->out);
        }
        putc('\n', s->out);
    }
    free(s);
}

const report_format REPORT_FORMAT_TAP = {
    .name = "tap",
    .description = "TAP version 13: one test point per project and criterion",
    .streaming = true,
    .input_digests = true,
    .begin = tap_begin,
    .project = tap_project,
    .end = tap_end,
};
