// The html format: one self-contained page (no scripts, no external assets) for investors: totals,
// a heatmap of projects × criteria, a score bar per project, and per project every gap with why,
// what to ask for and the standards cited; prints cleanly. The heatmap rows and the details are
// spooled so the totals can come first while memory stays flat.
#include "report.h"

#include "checklist/xalloc.h"
#include "reports/escape.h"
#include "reports/gaps.h"
#include "reports/spool.h"

#include <string.h>

typedef struct html_state {
    FILE *out;
    const report_context *ctx;
    spool rows;
    spool details;
} html_state;

static void h(FILE *out, const char *s)
{
    escape_html(out, s, strlen(s));
}

static void h_key(FILE *out, const project_result *p)
{
    if (p->key_len)
        escape_html(out, p->key, p->key_len);
    else
        fprintf(out, "(no key, line %ld)", p->line);
}

// Every status is shown by a symbol and a word as well as by colour.
static const char *status_symbol(criterion_status st)
{
    switch (st) {
    case STATUS_PASS: return "✓";
    case STATUS_PARTIAL: return "◐";
    case STATUS_GAP: return "✗";
    default: return "–";
    }
}

static const char *status_word(criterion_status st)
{
    return st == STATUS_NOT_APPLICABLE ? "n/a" : criterion_status_name(st);
}

static const char *verdict_symbol(verdict v)
{
    return v == VERDICT_PASS ? "✓" : v == VERDICT_GAP ? "✗" : "⚠";
}

static const char *outcome_symbol(outcome o)
{
    return o == OUTCOME_WAIVED ? "~" : o == OUTCOME_UNMET ? "✗" : o == OUTCOME_NO_EVIDENCE ? "?" : "⚠";
}

// One string per line: ISO C limits the length of a single string literal.
static const char *const STYLE[] = {
    ":root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--accent:#0b3d91;",
    "--pass:#116329;--pass-bg:#dafbe1;--partial:#7d4e00;--partial-bg:#fff1c2;",
    "--gap:#a40e26;--gap-bg:#ffe3e6;--na:#59636e;--na-bg:#eef1f4;color-scheme:light}\n",
    "*{box-sizing:border-box}\n",
    "body{margin:0;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",",
    "Arial,sans-serif;color:var(--ink);background:#fff}\n",
    ".page{max-width:1180px;margin:0 auto;padding:0 32px 48px}\n",
    "header.top{background:var(--accent);color:#fff;padding:28px 0 24px;margin-bottom:28px}\n",
    "header.top .page{padding-bottom:0}\n",
    ".eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:12px;opacity:.85;margin:0}\n",
    "h1{font-size:26px;line-height:1.25;margin:6px 0 8px}\n",
    "header.top p.meta{margin:0;opacity:.9;font-size:14px}\n",
    "h2{font-size:20px;margin:36px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}\n",
    ".cards{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin:0}\n",
    ".card{border:1px solid var(--line);border-radius:8px;padding:12px 16px;background:var(--bg)}\n",
    ".card dt{font-size:13px;color:var(--muted)}\n",
    ".card dd{margin:0;font-size:28px;font-weight:650;font-variant-numeric:tabular-nums}\n",
    ".card.pass dd{color:var(--pass)}.card.gap dd{color:var(--gap)}.card.invalid dd{color:#6e2b00}\n",
    ".wrap{overflow-x:auto}\n",
    "table.heatmap{border-collapse:separate;border-spacing:3px;width:100%;font-size:14px}\n",
    ".heatmap caption{caption-side:bottom;text-align:left;color:var(--muted);font-size:13px;",
    "padding-top:8px}\n",
    ".heatmap th{text-align:left;font-weight:600;padding:6px 8px;vertical-align:middle}\n",
    ".heatmap thead th{font-size:13px;color:var(--muted);border-bottom:2px solid var(--line)}\n",
    ".heatmap thead th abbr{text-decoration:none;cursor:help}\n",
    ".heatmap tbody th a{color:var(--ink);text-decoration:none}\n",
    ".heatmap tbody th a:hover{text-decoration:underline}\n",
    ".src{display:block;font-weight:400;font-size:12px;color:var(--muted)}\n",
    ".heatmap td{padding:6px 8px;vertical-align:middle;white-space:nowrap}\n",
    "td.st{border-radius:4px;text-align:center;font-weight:600;font-size:13px}\n",
    ".st-pass{background:var(--pass-bg);color:var(--pass)}\n",
    ".st-partial{background:var(--partial-bg);color:var(--partial)}\n",
    ".st-gap{background:var(--gap-bg);color:var(--gap)}\n",
    ".st-na{background:var(--na-bg);color:var(--na);font-weight:400}\n",
    "td.invalid{background:repeating-linear-gradient(135deg,#fff,#fff 6px,#f3e9e2 6px,#f3e9e2 ",
    "12px);color:#6e2b00;border-radius:4px;white-space:normal}\n",
    ".bar{position:relative;display:inline-block;width:120px;height:10px;border-radius:5px;",
    "background:var(--na-bg);vertical-align:middle;margin-right:8px;overflow:hidden}\n",
    ".bar span{display:block;height:100%;border-radius:5px}\n",
    ".bar i{position:absolute;top:0;bottom:0;width:2px;background:var(--ink);opacity:.55}\n",
    ".bar.v-pass span{background:var(--pass)}.bar.v-gap span{background:var(--gap)}\n",
    ".num{font-variant-numeric:tabular-nums;font-weight:600;display:inline-block;min-width:3em;",
    "text-align:right}\n",
    ".verdict{display:inline-block;padding:2px 10px;border-radius:999px;font-weight:650;",
    "font-size:13px;white-space:nowrap}\n",
    ".v-pass{background:var(--pass-bg);color:var(--pass)}\n",
    ".v-gap{background:var(--gap-bg);color:var(--gap)}\n",
    ".v-invalid{background:#fbe5d6;color:#6e2b00}\n",
    "section.project{border:1px solid var(--line);border-radius:10px;margin:20px 0;padding:0 20px ",
    "12px}\n",
    "section.project>header{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 14px;",
    "padding:14px 0 10px;border-bottom:1px solid var(--line);margin-bottom:8px}\n",
    "section.project h3{margin:0;font-size:18px}\n",
    ".muted{color:var(--muted);font-size:13px}\n",
    "h4{font-size:15px;margin:16px 0 8px;display:flex;flex-wrap:wrap;gap:8px;align-items:center}\n",
    "h4 .st{font-size:12px;padding:1px 8px;border-radius:4px}\n",
    "article.gap{border-left:4px solid var(--partial);background:#fffdf5;padding:8px 14px;",
    "margin:8px 0;border-radius:0 6px 6px 0}\n",
    "article.gap.critical{border-left-color:var(--gap);background:#fff8f8}\n",
    "article.gap h5{margin:0 0 4px;font-size:14px;display:flex;flex-wrap:wrap;gap:8px;",
    "align-items:center}\n",
    ".rid{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}\n",
    ".tag{font-size:12px;font-weight:600;padding:0 7px;border-radius:4px;border:1px solid}\n",
    ".tag.crit{color:var(--gap);border-color:var(--gap)}\n",
    ".tag.o{color:var(--ink);border-color:var(--line);background:#fff}\n",
    "article.gap p.req{margin:0 0 6px}\n",
    "article.gap dl{display:grid;grid-template-columns:150px 1fr;gap:4px 12px;margin:0;",
    "font-size:14px}\n",
    "article.gap dt{color:var(--muted);font-weight:600}\n",
    "article.gap dd{margin:0}\n",
    "article.gap ul{margin:0;padding-left:18px}\n",
    "p.ok{color:var(--pass);font-weight:600}p.bad{color:var(--gap);font-weight:600}\n",
    "footer{margin-top:40px;padding-top:12px;border-top:1px solid var(--line);color:var(--muted);",
    "font-size:12px}\n",
    "footer dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}\n",
    "footer dt{font-weight:600}footer dd{margin:0;overflow-wrap:anywhere}\n",
    "code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}\n",
    "a:focus-visible{outline:3px solid #0969da;outline-offset:2px}\n",
    "@media (max-width:700px){.cards{grid-template-columns:repeat(2,1fr)}",
    "article.gap dl{grid-template-columns:1fr}}\n",
    "@media print{@page{margin:14mm}body{font-size:10.5pt}",
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
    ".page{max-width:none;padding:0}header.top{background:none;color:var(--ink);",
    "border-bottom:2px solid var(--ink);padding:0 0 8px;margin-bottom:12px}",
    ".wrap{overflow:visible}.heatmap{font-size:9pt}.bar{width:70px}",
    "section.project{break-inside:auto;border:none;border-top:2px solid var(--line);",
    "border-radius:0;padding:0}",
    "section.project>header,h4{break-after:avoid}article.gap,tr{break-inside:avoid}",
    "a{color:inherit;text-decoration:none}}\n",
};

static void *html_begin(FILE *out, const report_context *ctx)
{
    html_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    s->ctx = ctx;
    spool_open(&s->rows);
    spool_open(&s->details);
    return s;
}

static void heatmap_row(FILE *out, const report_context *ctx, const project_result *p)
{
    const checklist *cl = p->checklist;
    fprintf(out, "<tr><th scope=\"row\"><a href=\"#p%zu\">", p->index + 1);
    h_key(out, p);
    fputs("</a>", out);
    gaps_write_display(out, p, "<span class=\"src\">", " · ", "</span>", escape_html);
    fputs("<span class=\"src\">", out);
    h(out, p->file);
    fprintf(out, ":%ld</span></th>", p->line);
    if (p->scored) {
        const char *cls = p->verdict == VERDICT_PASS ? "v-pass" : "v-gap";
        fprintf(out,
                "<td><span class=\"bar %s\" role=\"img\" aria-label=\"score %.1f of 100\">"
                "<span style=\"width:%.1f%%\"></span><i style=\"left:%g%%\"></i></span>"
                "<span class=\"num\">%.1f</span></td>",
                cls, p->score, p->score, cl->pass_score, p->score);
    } else {
        fputs("<td><span class=\"num\">—</span></td>", out);
    }
    fprintf(out, "<td><span class=\"verdict v-%s\">%s %s</span></td>", verdict_name(p->verdict),
            verdict_symbol(p->verdict), verdict_name(p->verdict));
    if (!p->criteria) {
        fprintf(out, "<td class=\"invalid\" colspan=\"%zu\">⚠ ", cl->criterion_count);
        h(out, p->error ? p->error : "the row could not be read");
        fputs("</td></tr>\n", out);
        return;
    }
    for (size_t c = 0; c < cl->criterion_count; c++) {
        criterion_status st = p->criteria[c].status;
        const char *cls = st == STATUS_PASS      ? "pass"
                          : st == STATUS_PARTIAL ? "partial"
                          : st == STATUS_GAP     ? "gap"
                                                 : "na";
        fprintf(out, "<td class=\"st st-%s\" title=\"", cls);
        h(out, cl->criteria[c].id);
        const char *floor = p->criteria[c].below_floor ? ", below its floor" : "";
        fprintf(out, ": %s%s\">%s %s%s</td>", status_word(st), floor, status_symbol(st),
                status_word(st), floor);
    }
    (void)ctx;
    fputs("</tr>\n", out);
}

static void gap_article(FILE *out, const checklist_requirement *req, const requirement_result *rr)
{
    fprintf(out, "<article class=\"gap%s\"><h5><span class=\"rid\">", req->critical ? " critical" : "");
    h(out, req->id);
    fputs("</span>", out);
    if (req->critical)
        fputs("<span class=\"tag crit\">critical</span>", out);
    fprintf(out, "<span class=\"tag o\">%s %s</span></h5>\n<p class=\"req\">",
            outcome_symbol(rr->outcome), outcome_name(rr->outcome));
    h(out, req->text);
    fputs("</p>\n<dl>", out);
    if (rr->explanation_count) {
        fputs("<dt>Why</dt><dd><ul>", out);
        for (size_t e = 0; e < rr->explanation_count; e++) {
            fputs("<li>", out);
            h(out, rr->explanations[e].text);
            fputs("</li>", out);
        }
        fputs("</ul></dd>", out);
    }
    if (rr->waiver) {
        char buf[WAIVER_DESCRIPTION_SIZE];
        fputs("<dt>Waived</dt><dd>", out);
        h(out, waiver_describe(rr->waiver, buf, sizeof buf));
        fputs("</dd>", out);
    } else {
        bool is_action;
        const char *request = gaps_request(req, rr->outcome, &is_action);
        if (request) {
            fputs(is_action ? "<dt>Corrective action</dt><dd>" : "<dt>Ask the proponent</dt><dd>",
                  out);
            h(out, request);
            fputs("</dd>", out);
        }
    }
    if (req->ref_count) {
        fputs("<dt>Standards</dt><dd><ul>", out);
        for (size_t r = 0; r < req->ref_count; r++) {
            fputs("<li>", out);
            h(out, req->refs[r]);
            fputs("</li>", out);
        }
        fputs("</ul></dd>", out);
    }
    fputs("</dl></article>\n", out);
}

static void project_section(FILE *out, const project_result *p)
{
    const checklist *cl = p->checklist;
    fprintf(out, "<section class=\"project\" id=\"p%zu\" aria-labelledby=\"p%zu-h\"><header>"
                 "<h3 id=\"p%zu-h\">", p->index + 1, p->index + 1, p->index + 1);
    h_key(out, p);
    gaps_write_display(out, p, " <span class=\"muted\">", " · ", "</span>", escape_html);
    fprintf(out, "</h3><span class=\"verdict v-%s\">%s %s</span>", verdict_name(p->verdict),
            verdict_symbol(p->verdict), verdict_name(p->verdict));
    if (p->scored)
        fprintf(out, "<span><strong>%.1f</strong> <span class=\"muted\">of 100</span></span>",
                p->score);
    fputs("<span class=\"muted\">", out);
    h(out, p->file);
    fprintf(out, ", line %ld</span></header>\n", p->line);
    if (!p->requirements) {
        fputs("<p>The row could not be read: ", out);
        h(out, p->error ? p->error : "no reason given");
        fputs("</p></section>\n", out);
        return;
    }
    bool any = false;
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        const criterion_result *res = &p->criteria[c];
        if (!gaps_shows_criterion(p, cr))
            continue;
        any = true;
        fputs("<h4><span class=\"rid\">", out);
        h(out, cr->id);
        fputs("</span> ", out);
        h(out, cr->title);
        fprintf(out, " <span class=\"st st-%s\">%s %s · %zu of %zu met</span></h4>\n",
                res->status == STATUS_PASS      ? "pass"
                : res->status == STATUS_PARTIAL ? "partial"
                                                : "gap",
                status_symbol(res->status),
                status_word(res->status), res->satisfied, res->applicable);
        if (res->below_floor)
            fprintf(out, "<p class=\"bad\">✗ Below its floor of %g: the project has a gap.</p>\n",
                    cr->min_score);
        for (size_t i = cr->first; i < cr->first + cr->count; i++)
            if (gaps_shows_requirement(&p->requirements[i]))
                gap_article(out, &cl->requirements[i], &p->requirements[i]);
    }
    if (project_nothing_applies(p))
        fputs("<p class=\"bad\">✗ " NOTHING_APPLIES_TEXT ".</p>\n", out);
    else if (!any)
        fputs("<p class=\"ok\">✓ Every applicable requirement is met.</p>\n", out);
    fputs("</section>\n", out);
}

static void html_project(void *state, const project_result *p)
{
    html_state *s = state;
    heatmap_row(s->rows.fp ? s->rows.fp : s->out, s->ctx, p);
    project_section(s->details.fp ? s->details.fp : s->out, p);
}

static void head(FILE *out, const report_context *ctx, const batch_summary *sum)
{
    const checklist *cl = ctx->checklist;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"ddcheck ",
          out);
    h(out, ctx->tool_version);
    fputs("\">\n<title>", out);
    h(out, cl->title);
    fputs(" — ddcheck report</title>\n<style>\n", out);
    for (size_t i = 0; i < sizeof STYLE / sizeof STYLE[0]; i++)
        fputs(STYLE[i], out);
    fputs("</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"page\">"
          "<p class=\"eyebrow\">Due-diligence report</p><h1>",
          out);
    h(out, cl->title);
    fputs("</h1><p class=\"meta\">Checklist ", out);
    h(out, cl->id);
    if (cl->version[0]) {
        fputs(" ", out);
        h(out, cl->version);
    }
    fprintf(out,
            " · %zu criteria, %zu requirements · a project passes at %g%s with no critical "
            "gap</p></div></header>\n<main class=\"page\">\n",
            cl->criterion_count, cl->requirement_count, cl->pass_score,
            checklist_has_floors(cl) ? ", every criterion at its floor," : "");
    fprintf(out,
            "<h2 id=\"totals\">Totals</h2>\n<dl class=\"cards\">"
            "<div class=\"card\"><dt>Projects</dt><dd>%zu</dd></div>"
            "<div class=\"card pass\"><dt>✓ Pass</dt><dd>%zu</dd></div>"
            "<div class=\"card gap\"><dt>✗ Gap</dt><dd>%zu</dd></div>"
            "<div class=\"card invalid\"><dt>⚠ Invalid</dt><dd>%zu</dd></div></dl>\n",
            sum->projects, sum->pass, sum->gap, sum->invalid);
    fputs("<h2 id=\"portfolio\">Portfolio</h2>\n<div class=\"wrap\"><table class=\"heatmap\">\n"
          "<caption>Criteria: ✓ pass (every applicable requirement met) · ◐ partial · ✗ gap "
          "(none met) · – not applicable. The mark on each score bar is the pass score.</caption>\n"
          "<thead><tr><th scope=\"col\">Project</th><th scope=\"col\">Score</th>"
          "<th scope=\"col\">Verdict</th>",
          out);
    for (size_t c = 0; c < cl->criterion_count; c++) {
        fputs("<th scope=\"col\"><abbr title=\"", out);
        h(out, cl->criteria[c].title);
        fputs("\">", out);
        h(out, cl->criteria[c].id);
        fputs("</abbr></th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
}

static void footer(FILE *out, const report_context *ctx)
{
    const checklist *cl = ctx->checklist;
    fputs("<footer><dl><dt>Generated by</dt><dd>ddcheck ", out);
    h(out, ctx->tool_version);
    if (ctx->generated_at) {
        fputs(" at ", out);
        h(out, ctx->generated_at);
    }
    fputs("</dd><dt>Checklist</dt><dd>", out);
    h(out, cl->id);
    if (cl->version[0]) {
        fputs(" ", out);
        h(out, cl->version);
    }
    fprintf(out, ", SHA-256 <code>%s</code></dd>", cl->sha256);
    for (size_t i = 0; i < ctx->input_count; i++) {
        fputs("<dt>Input</dt><dd>", out);
        h(out, ctx->inputs[i]);
        if (ctx->input_sha256 && ctx->input_sha256[i]) {
            fputs(", SHA-256 <code>", out);
            h(out, ctx->input_sha256[i]);
            fputs("</code>", out);
        }
        fputs("</dd>", out);
    }
    fputs("</dl></footer>\n", out);
}

static void html_end(void *state, const batch_summary *sum)
{
    html_state *s = state;
    FILE *out = s->out;
    head(out, s->ctx, sum);
    if (!spool_drain(&s->rows, out))
        fputs("<tr><td>The rows could not be read back from the temporary file.</td></tr>\n", out);
    fputs("</tbody>\n</table></div>\n<h2 id=\"projects\">Projects</h2>\n", out);
    if (!spool_drain(&s->details, out))
        fputs("<p>The details could not be read back from the temporary file.</p>\n", out);
    footer(out, s->ctx);
    fputs("</main>\n</body>\n</html>\n", out);
    free(s);
}

const report_format REPORT_FORMAT_HTML = {
    .name = "html",
    .description = "one self-contained HTML page: heatmap, score bars and every gap in detail",
    .streaming = true,
    .input_digests = true,
    .begin = html_begin,
    .project = html_project,
    .end = html_end,
};
