// The text format: what an analyst reads in a terminal — per project the verdict, the score,
// each criterion's status, and for each gap what is missing, why, and what to ask for.
#include "report.h"

#include "util/xalloc.h"
#include "reports/escape.h"
#include "reports/gaps.h"

#include <string.h>

typedef struct text_state {
    FILE *out;
    const report_context *ctx;
} text_state;

enum { GREEN, YELLOW, RED, DIM, BOLD };

static void color_on(const text_state *s, int c)
{
    static const char *const codes[] = {"\033[32m", "\033[33m", "\033[31m", "\033[2m", "\033[1m"};
    if (s->ctx->color)
        fputs(codes[c], s->out);
}

static void color_off(const text_state *s)
{
    if (s->ctx->color)
        fputs("\033[0m", s->out);
}

static void terminal_text(const text_state *s, const char *str)
{
    escape_terminal(s->out, str, strlen(str));
}

static void *text_begin(FILE *out, const report_context *ctx)
{
    text_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    s->ctx = ctx;
    const checklist *cl = ctx->checklist;
    color_on(s, BOLD);
    terminal_text(s, cl->title);
    color_off(s);
    fputs("\n", out);
    color_on(s, DIM);
    fputs("checklist ", out);
    terminal_text(s, cl->id);
    if (cl->version[0]) {
        fputs(" ", out);
        terminal_text(s, cl->version);
    }
    fprintf(out, " · %zu criteria, %zu requirements · pass at %g%s with no critical gap\n",
            cl->criterion_count, cl->requirement_count, cl->pass_score,
            checklist_has_floors(cl) ? ", every criterion at its floor," : "");
    color_off(s);
    return s;
}

static int verdict_color(verdict v)
{
    return v == VERDICT_PASS ? GREEN : v == VERDICT_GAP ? YELLOW : RED;
}

static int status_color(criterion_status st)
{
    return st == STATUS_PASS ? GREEN : st == STATUS_PARTIAL ? YELLOW : st == STATUS_GAP ? RED : DIM;
}

static const char *outcome_mark(outcome o)
{
    switch (o) {
    case OUTCOME_UNMET:
        return "✗ unmet";
    case OUTCOME_NO_EVIDENCE:
        return "? no evidence";
    case OUTCOME_INVALID:
        return "! invalid";
    case OUTCOME_WAIVED:
        return "~ waived";
    default:
        return "";
    }
}

// "waiver: JUSTIFICATION · approved by A · expires D · residual risk R · FILE:LINE"
static void text_waiver(const text_state *s, const char *label, const waiver_info *w)
{
    FILE *out = s->out;
    fprintf(out, "          %s: ", label);
    terminal_text(s, w->justification);
    if (w->approved_by[0]) {
        fputs(" · approved by ", out);
        terminal_text(s, w->approved_by);
    }
    if (w->granted[0])
        fprintf(out, " · granted %s", w->granted);
    fprintf(out, " · %s %s", w->expired ? "expired" : "expires",
            w->expires[0] ? w->expires : "never");
    if (w->residual_risk[0])
        fprintf(out, " · residual risk %s", w->residual_risk);
    fputs(" · ", out);
    terminal_text(s, w->file);
    fprintf(out, ":%ld\n", w->line);
}

static void text_project(void *state, const project_result *p)
{
    text_state *s = state;
    FILE *out = s->out;
    const checklist *cl = p->checklist;
    fputs("\n", out);
    color_on(s, BOLD);
    escape_terminal(out, p->key_len ? p->key : "(no key)", p->key_len ? p->key_len : 8);
    color_off(s);
    gaps_write_display(out, p, " (", " · ", ")", escape_terminal);
    fputs("  ", out);
    color_on(s, verdict_color(p->verdict));
    fprintf(out, "%s",
            p->verdict == VERDICT_PASS  ? "PASS"
            : p->verdict == VERDICT_GAP ? "GAP"
                                        : "INVALID");
    color_off(s);
    if (p->scored)
        fprintf(out, "  score %.1f", p->score);
    color_on(s, DIM);
    fputs("  ", out);
    terminal_text(s, p->file);
    fprintf(out, ":%ld", p->line);
    color_off(s);
    fputs("\n", out);
    if (p->verdict == VERDICT_INVALID) {
        fputs("  ", out);
        terminal_text(s, p->error);
        fputs("\n", out);
        return;
    }
    if (project_nothing_applies(p)) {
        fputs("  " NOTHING_APPLIES_TEXT "\n", out);
    }
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        const criterion_result *res = &p->criteria[c];
        fputs("  ", out);
        color_on(s, status_color(res->status));
        const char *status = criterion_status_name(res->status);
        fputs(status, out);
        color_off(s);
        size_t width = strlen(status);
        fprintf(out, "%*s", width < 14 ? (int)(14 - width) : 1, ""); // not_applicable is 14
        terminal_text(s, cr->id);
        fputs("  ", out);
        terminal_text(s, cr->title);
        if (res->status != STATUS_NOT_APPLICABLE)
            fprintf(out, "  (%zu/%zu)", res->satisfied, res->applicable);
        if (res->below_floor) {
            color_on(s, RED);
            fprintf(out, "  below its floor of %g", cr->min_score);
            color_off(s);
        }
        fputs("\n", out);
        for (size_t i = cr->first; i < cr->first + cr->count; i++) {
            const requirement_result *rr = &p->requirements[i];
            const checklist_requirement *req = &cl->requirements[i];
            if (!outcome_is_failure(rr->outcome) && rr->outcome != OUTCOME_WAIVED)
                continue;
            fputs("      ", out);
            color_on(s, rr->outcome == OUTCOME_UNMET    ? RED
                        : rr->outcome == OUTCOME_WAIVED ? DIM
                                                        : YELLOW);
            fputs(outcome_mark(rr->outcome), out);
            color_off(s);
            if (rr->baseline == BASELINE_KNOWN) {
                color_on(s, DIM);
                fputs(" (known)", out);
                color_off(s);
            }
            fputs("  ", out);
            terminal_text(s, req->id);
            if (req->critical) {
                color_on(s, RED);
                fputs(" [critical]", out);
                color_off(s);
            }
            fputs("  ", out);
            terminal_text(s, req->text);
            fputs("\n", out);
            if (rr->waiver)
                text_waiver(s, "waiver", rr->waiver);
            if (rr->expired_waiver)
                text_waiver(s, "expired waiver", rr->expired_waiver);
            for (size_t e = 0; e < rr->explanation_count; e++) {
                fputs("          because: ", out);
                terminal_text(s, rr->explanations[e].text);
                fputs("\n", out);
            }
            bool is_action;
            const char *request = gaps_request(req, rr->outcome, &is_action);
            if (request) {
                fputs(is_action ? "          action: " : "          ask: ", out);
                terminal_text(s, request);
                fputs("\n", out);
            }
        }
    }
}

static void text_end(void *state, const batch_summary *sum)
{
    text_state *s = state;
    fputs("\n", s->out);
    color_on(s, BOLD);
    fprintf(s->out, "%zu project%s: ", sum->projects, sum->projects == 1 ? "" : "s");
    color_off(s);
    color_on(s, GREEN);
    fprintf(s->out, "%zu pass", sum->pass);
    color_off(s);
    fputs(", ", s->out);
    color_on(s, YELLOW);
    fprintf(s->out, "%zu gap", sum->gap);
    color_off(s);
    fputs(", ", s->out);
    color_on(s, sum->invalid ? RED : DIM);
    fprintf(s->out, "%zu invalid", sum->invalid);
    color_off(s);
    if (sum->baseline) { // only new gaps fail the run: say how many there are
        fputs(", ", s->out);
        color_on(s, sum->new_gaps ? BOLD : DIM);
        fprintf(s->out, "%zu new gap%s since the baseline", sum->new_gaps,
                sum->new_gaps == 1 ? "" : "s");
        color_off(s);
    }
    fputs("\n", s->out);
    free(s);
}

const report_format REPORT_FORMAT_TEXT = {
    .name = "text",
    .description = "for a terminal: verdict, score, criteria and every gap with what to ask for",
    .streaming = true,
    .begin = text_begin,
    .project = text_project,
    .end = text_end,
};
