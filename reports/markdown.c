// The markdown format: a portfolio table (project, score, verdict, every criterion's status) and,
// per project, its gaps grouped by criterion with why, what to ask for and the standards cited.
// The table streams; the per-project sections are spooled and follow it.
#include "report.h"

#include "util/xalloc.h"
#include "reports/escape.h"
#include "reports/gaps.h"
#include "reports/spool.h"

#include <string.h>

typedef struct markdown_state {
    FILE *out;
    const report_context *ctx;
    spool details;
} markdown_state;

// Status as a symbol and a word, so that it reads without colour.
static const char *status_cell(criterion_status st)
{
    switch (st) {
    case STATUS_PASS:
        return "✅ pass";
    case STATUS_PARTIAL:
        return "🟡 partial";
    case STATUS_GAP:
        return "❌ gap";
    default:
        return "➖ n/a";
    }
}

static const char *verdict_cell(verdict v)
{
    return v == VERDICT_PASS ? "✅ **pass**" : v == VERDICT_GAP ? "❌ **gap**" : "⛔ **invalid**";
}

static void *markdown_begin(FILE *out, const report_context *ctx)
{
    markdown_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    s->ctx = ctx;
    spool_open(&s->details);
    const checklist *cl = ctx->checklist;
    fputs("# ", out);
    md_text(out, cl->title);
    fputs("\n\n", out);
    fputs("Checklist **", out);
    md_text(out, cl->id);
    fputs("**", out);
    if (cl->version[0]) {
        fputs(" version ", out);
        md_text(out, cl->version);
    }
    fprintf(out, " (SHA\\-256 `%s`), ", cl->sha256);
    bool floors = checklist_has_floors(cl);
    fprintf(out,
            "%zu criteria, %zu requirements. A project passes at a score of %g%s with no "
            "critical requirement unmet, without evidence or invalid.\n\n",
            cl->criterion_count, cl->requirement_count, cl->pass_score,
            floors ? ", every applicable criterion at its floor," : "");
    fputs(floors ? "| Criterion | Title | Weight | Floor |\n| --- | --- | ---: | ---: |\n"
                 : "| Criterion | Title | Weight |\n| --- | --- | ---: |\n",
          out);
    for (size_t c = 0; c < cl->criterion_count; c++) {
        fputs("| ", out);
        md_text(out, cl->criteria[c].id);
        fputs(" | ", out);
        md_text(out, cl->criteria[c].title);
        fprintf(out, " | %g |", cl->criteria[c].weight);
        if (floors)
            fprintf(out, " %g |", cl->criteria[c].min_score);
        putc('\n', out);
    }
    fputs("\n## Portfolio\n\n| Project | Source | Score | Verdict |", out);
    for (size_t c = 0; c < cl->criterion_count; c++) {
        putc(' ', out);
        md_text(out, cl->criteria[c].id);
        fputs(" |", out);
    }
    fputs("\n| --- | --- | ---: | --- |", out);
    for (size_t c = 0; c < cl->criterion_count; c++)
        fputs(" --- |", out);
    putc('\n', out);
    return s;
}

static void requirement_gap(FILE *out, const checklist_requirement *req,
                            const requirement_result *rr)
{
    fputs("- **", out);
    md_text(out, req->id);
    fprintf(out, "** · *%s*%s · ", outcome_name(rr->outcome), req->critical ? " · critical" : "");
    md_text(out, req->text);
    putc('\n', out);
    for (size_t e = 0; e < rr->explanation_count; e++) {
        fputs("  - Why: ", out);
        md_text(out, rr->explanations[e].text);
        putc('\n', out);
    }
    char buf[WAIVER_DESCRIPTION_SIZE];
    const char *label, *remedy = gaps_remedy(req, rr, buf, sizeof buf, &label);
    if (remedy) {
        fprintf(out, "  - %s: ", label);
        md_text(out, remedy);
        putc('\n', out);
    }
    if (req->ref_count) {
        fputs("  - Standards: ", out);
        for (size_t r = 0; r < req->ref_count; r++) {
            if (r)
                fputs("; ", out);
            md_text(out, req->refs[r]);
        }
        putc('\n', out);
    }
}

static void project_details(FILE *out, const project_result *p)
{
    const checklist *cl = p->checklist;
    fputs("\n### ", out);
    gaps_write_name(out, p, escape_markdown);
    fprintf(out, " — %s", verdict_name(p->verdict));
    if (p->scored)
        fprintf(out, ", score %.1f", p->score);
    fputs("\n\n", out);
    md_text(out, p->file);
    fprintf(out, ", line %ld\n\n", p->line);
    if (p->verdict == VERDICT_INVALID || !p->requirements) {
        fputs("The row could not be read: ", out);
        md_text(out, p->error ? p->error : "no reason given");
        fputs("\n", out);
        return;
    }
    bool any = false;
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        const criterion_result *res = &p->criteria[c];
        if (!gaps_shows_criterion(p, cr))
            continue;
        any = true;
        fputs("#### ", out);
        md_text(out, cr->id);
        fputs(" ", out);
        md_text(out, cr->title);
        fprintf(out, " — %s (%zu of %zu met)", criterion_status_name(res->status), res->satisfied,
                res->applicable);
        if (res->below_floor)
            fprintf(out, " — **below its floor of %g**", cr->min_score);
        fputs("\n\n", out);
        for (size_t i = cr->first; i < cr->first + cr->count; i++)
            if (gaps_shows_requirement(&p->requirements[i]))
                requirement_gap(out, &cl->requirements[i], &p->requirements[i]);
        putc('\n', out);
    }
    if (project_nothing_applies(p))
        fputs("**Gap:** " NOTHING_APPLIES_TEXT ".\n", out);
    else if (!any)
        fputs("Every applicable requirement is met.\n", out);
}

static void markdown_project(void *state, const project_result *p)
{
    markdown_state *s = state;
    FILE *out = s->out;
    const checklist *cl = p->checklist;
    fputs("| ", out);
    gaps_write_name(out, p, escape_markdown);
    fputs(" | ", out);
    md_text(out, p->file);
    fprintf(out, ":%ld | ", p->line);
    if (p->scored)
        fprintf(out, "%.1f", p->score);
    else
        fputs("—", out);
    fprintf(out, " | %s |", verdict_cell(p->verdict));
    for (size_t c = 0; c < cl->criterion_count; c++)
        fprintf(out, " %s%s |", p->criteria ? status_cell(p->criteria[c].status) : "—",
                p->criteria && p->criteria[c].below_floor ? ", below floor" : "");
    putc('\n', out);
    project_details(s->details.fp ? s->details.fp : out, p);
}

static void markdown_end(void *state, const batch_summary *sum)
{
    markdown_state *s = state;
    FILE *out = s->out;
    const report_context *ctx = s->ctx;
    fprintf(out, "\n**%zu project%s: %zu pass, %zu gap, %zu invalid", sum->projects,
            sum->projects == 1 ? "" : "s", sum->pass, sum->gap, sum->invalid);
    if (sum->baseline)
        fprintf(out, ", %zu new gap%s since the baseline", sum->new_gaps,
                sum->new_gaps == 1 ? "" : "s");
    fputs(".**\n\n## Projects\n", out);
    if (!spool_drain(&s->details, out))
        fputs("\n*The per-project details could not be read back from the temporary file.*\n", out);
    fputs("\n---\n\n<sub>Generated by ddcheck ", out);
    md_text(out, ctx->tool_version);
    if (ctx->generated_at) {
        fputs(" at ", out);
        md_text(out, ctx->generated_at);
    }
    fputs(" from ", out);
    for (size_t i = 0; i < ctx->input_count; i++) {
        if (i)
            fputs(", ", out);
        md_text(out, ctx->inputs[i]);
        if (ctx->input_sha256 && ctx->input_sha256[i])
            fprintf(out, " (SHA\\-256 `%s`)", ctx->input_sha256[i]);
    }
    fputs(".</sub>\n", out);
    free(s);
}

const report_format REPORT_FORMAT_MARKDOWN = {
    .name = "markdown",
    .description = "Markdown for GitHub or GitLab: portfolio table, then every project's gaps",
    .streaming = true,
    .input_digests = true,
    .begin = markdown_begin,
    .project = markdown_project,
    .end = markdown_end,
};
