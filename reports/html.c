// The html format: one self-contained page (no scripts, no external assets) for investors: totals,
// a heatmap of projects × criteria, a score bar per project, and per project every gap with why,
// what to ask for and the standards cited; prints cleanly. The heatmap rows and the details are
// spooled so the totals can come first while memory stays flat. At scale the page must still open:
// the portfolio lists every project in light rows, in blocks the browser lays out only when shown,
// and a batch of more projects than the details limit (report_context.details_limit) gets full
// details only for its worst failing projects, kept in a bounded heap, with a note saying so.
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include "util/xalloc.h"
#include "reports/escape.h"
#include "reports/gaps.h"
#include "reports/spool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** Heatmap rows per block (one table each, laid out by the browser only when on screen). */
enum { BLOCK_ROWS = 500 };

// In the spooled heatmap rows, a project's key is written between LINK_START index LINK_TEXT and
// LINK_END; the replay makes it a link to the project's details when they are in the page. The
// escaping functions never write these control characters.
#define LINK_START '\x01'
#define LINK_TEXT '\x02'
#define LINK_END '\x03'

// A project whose details may be shown: its rank (worse first) and its rendered section.
typedef struct detail {
    int rank_class; /* 0 invalid row, 1 no requirement applies, 2 a scored gap */
    double score;
    size_t index;
    char *html;
    size_t len;
} detail;

typedef struct html_state {
    FILE *out;
    const report_context *ctx;
    spool rows;
    spool details;    // every project's details, in batch order, while there are few enough
    bool all_details; // the details spool holds every project so far
    size_t limit;     // details for at most this many projects when the batch has more
    size_t projects;
    size_t failing; // projects with verdict gap or invalid
    detail *worst;  // a max-heap: the least bad of the worst `limit` failing projects on top
    size_t worst_count;
    size_t *linked; // at the end: the indexes of projects whose details are shown, ascending
    size_t linked_count;
    // The replay's state: a link marker may span two pieces.
    bool in_marker, link_open;
    size_t marker_index;
} html_state;

static void html_text(FILE *out, const char *s)
{
    escape_html(out, s, strlen(s));
}

static void html_key(FILE *out, const project_result *p)
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
    case STATUS_PASS:
        return "✓";
    case STATUS_PARTIAL:
        return "◐";
    case STATUS_GAP:
        return "✗";
    default:
        return "–";
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
    return o == OUTCOME_WAIVED        ? "~"
           : o == OUTCOME_UNMET       ? "✗"
           : o == OUTCOME_NO_EVIDENCE ? "?"
                                      : "⚠";
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
    "h2{font-size:20px;margin:36px 0 12px;padding-bottom:6px;border-bottom:1px solid "
    "var(--line)}\n",
    ".cards{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin:0}\n",
    ".card{border:1px solid var(--line);border-radius:8px;padding:12px "
    "16px;background:var(--bg)}\n",
    ".card dt{font-size:13px;color:var(--muted)}\n",
    ".card dd{margin:0;font-size:28px;font-weight:650;font-variant-numeric:tabular-nums}\n",
    ".card.pass dd{color:var(--pass)}.card.gap dd{color:var(--gap)}.card.invalid "
    "dd{color:#6e2b00}\n",
    ".portfolio{display:grid;grid-template-columns:minmax(0,1fr) 250px;gap:0 24px;",
    "align-items:start}\n",
    ".portfolio>h2{grid-column:1/-1}.hm{grid-column:1;grid-row:2;min-width:0}\n",
    ".legend{grid-column:2;grid-row:2;position:sticky;top:12px;font-size:13px;",
    "border:1px solid var(--line);border-radius:8px;padding:4px 14px 10px;background:var(--bg)}\n",
    ".legend h3{font-size:14px;margin:8px 0 6px}\n",
    ".legend dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 8px;margin:0}\n",
    ".legend dt{font-weight:650}.legend dd{margin:0}\n",
    ".legend ul{list-style:none;padding:0;margin:0}.legend li{margin:5px 0}\n",
    ".legend .st{display:inline-block;padding:0 6px;border-radius:4px;font-size:12px;",
    "font-weight:600;min-width:5.5em}\n",
    ".swatch{display:inline-block;width:5.5em;height:12px;vertical-align:middle;--s:60%}\n",
    // The browser lays out a block of rows only when it comes on screen: 100k rows open.
    ".blk{content-visibility:auto;contain-intrinsic-size:auto 24000px}\n",
    "table.heatmap{border-collapse:separate;border-spacing:3px;width:100%;font-size:14px;",
    "table-layout:fixed}\n",
    ".c-key{width:34%}.c-score{width:76px}.c-verdict{width:96px}\n",
    ".heatmap th{text-align:left;font-weight:600;padding:6px 8px;vertical-align:middle;",
    "overflow-wrap:anywhere}\n",
    ".heatmap thead th{font-size:13px;color:var(--muted);border-bottom:2px solid var(--line)}\n",
    ".heatmap tbody th a{color:var(--ink);text-decoration:none}\n",
    ".heatmap tbody th a:hover{text-decoration:underline}\n",
    ".src,.hm th small{display:block;font-weight:400;font-size:12px;color:var(--muted)}\n",
    ".heatmap td{padding:6px 8px;vertical-align:middle;overflow-wrap:anywhere}\n",
    "td.st{border-radius:4px;text-align:center;font-weight:600;font-size:13px}\n",
    ".st-pass{background:var(--pass-bg);color:var(--pass)}\n",
    ".st-partial{background:var(--partial-bg);color:var(--partial)}\n",
    ".st-gap{background:var(--gap-bg);color:var(--gap)}\n",
    ".st-na{background:var(--na-bg);color:var(--na);font-weight:400}\n",
    ".hm td.p,.hm td.h,.hm td.g,.hm td.n{border-radius:4px;text-align:center;font-weight:600;",
    "font-size:13px}\n",
    ".hm td.p{background:var(--pass-bg);color:var(--pass)}.hm td.p::before{content:\"✓ pass\"}\n",
    ".hm td.h{background:var(--partial-bg);color:var(--partial)}",
    ".hm td.h::before{content:\"◐ partial\"}\n",
    ".hm td.g{background:var(--gap-bg);color:var(--gap)}.hm td.g::before{content:\"✗ gap\"}\n",
    ".hm td.f::after{content:\", below its floor\"}\n",
    ".hm td.n{background:var(--na-bg);color:var(--na);font-weight:400}",
    ".hm td.n::before{content:\"– n/a\"}\n",
    ".hm td.vp,.hm td.vg,.hm td.vi{font-weight:650;font-size:13px}\n",
    ".vp{color:var(--pass)}.vp::before{content:\"✓ pass\"}.vg{color:var(--gap)}",
    ".vg::before{content:\"✗ gap\"}.vi{color:#6e2b00}.vi::before{content:\"⚠ invalid\"}\n",
    "td.invalid{background:repeating-linear-gradient(135deg,#fff,#fff 6px,#f3e9e2 6px,#f3e9e2 ",
    "12px);color:#6e2b00;border-radius:4px;white-space:normal}\n",
    // The score bar is the cell's background: --s the score, --p the pass score (one element).
    ".sc,.swatch{font-variant-numeric:tabular-nums;font-weight:600;background:",
    "linear-gradient(90deg,transparent calc(var(--p) - 1px),var(--ink) 0 calc(var(--p) + 1px),",
    "transparent 0) left bottom/100% 10px no-repeat,linear-gradient(90deg,var(--bar,var(--muted)) ",
    "var(--s,0%),var(--na-bg) 0) left bottom 2px/100% 6px no-repeat}\n",
    ".bp{--bar:var(--pass)}.bg{--bar:var(--gap)}\n",
    "td.sc{padding-bottom:12px}\n",
    "p.note{border-left:4px solid var(--accent);background:var(--bg);padding:8px 14px}\n",
    ".verdict{display:inline-block;padding:2px 10px;border-radius:999px;font-weight:650;",
    "font-size:13px;white-space:nowrap}\n",
    ".v-pass{background:var(--pass-bg);color:var(--pass)}\n",
    ".v-gap{background:var(--gap-bg);color:var(--gap)}\n",
    ".v-invalid{background:#fbe5d6;color:#6e2b00}\n",
    "section.project{border:1px solid var(--line);border-radius:10px;margin:20px 0;padding:0 20px ",
    "12px;content-visibility:auto;contain-intrinsic-size:auto 1500px}\n",
    "section.project header{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 14px;",
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
    "@media (max-width:900px){.portfolio{grid-template-columns:1fr}",
    ".legend{grid-column:1;grid-row:auto;position:static;margin-bottom:12px}.hm{grid-row:auto}}\n",
    "@media (max-width:700px){.cards{grid-template-columns:repeat(2,1fr)}",
    "article.gap dl{grid-template-columns:1fr}}\n",
    "@media print{@page{margin:14mm}body{font-size:10.5pt}",
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
    ".page{max-width:none;padding:0}header.top{background:none;color:var(--ink);",
    "border-bottom:2px solid var(--ink);padding:0 0 8px;margin-bottom:12px}",
    // On paper: the legend above the heatmap, every block laid out, headings kept with what
    // follows them, nothing wider than the page.
    ".portfolio{display:block}.legend{position:static;margin:0 0 10px;break-inside:avoid}",
    ".legend dl{grid-template-columns:max-content 1fr max-content 1fr}",
    ".blk,section.project{content-visibility:visible}.heatmap{font-size:8pt}.c-key{width:28%}",
    ".c-score{width:52px}.c-verdict{width:64px}.heatmap th,.heatmap td{padding:3px 4px}",
    ".cards{break-inside:avoid}.card dd{font-size:20pt}header.top{break-inside:avoid}",
    "section.project{break-inside:auto;border:none;border-top:2px solid var(--line);",
    "border-radius:0;padding:0}",
    "h2,h3,h4,h5,section.project header{break-after:avoid}.keep{break-inside:avoid}",
    "article.gap,tr,p.note,footer{break-inside:avoid}",
    "article.gap dl{grid-template-columns:120px minmax(0,1fr)}",
    "a{color:inherit;text-decoration:none}}\n",
};

// "ID VERSION" of the checklist (its id alone when it has no version).
static void checklist_name(FILE *out, const checklist *cl)
{
    html_text(out, cl->id);
    if (cl->version[0]) {
        fputs(" ", out);
        html_text(out, cl->version);
    }
}

static void *html_begin(FILE *out, const report_context *ctx)
{
    html_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    s->ctx = ctx;
    s->limit = ctx->details_limit ? ctx->details_limit : REPORT_DETAILS_DEFAULT;
    spool_open(&s->rows);
    s->all_details = spool_open(&s->details);
    if (s->limit != REPORT_DETAILS_ALL)
        s->worst = xcalloc(s->limit, sizeof *s->worst);
    return s;
}

// The start of a heatmap block: its own table, with the same fixed columns as the first.
static void block_start(FILE *out, const checklist *cl)
{
    fputs("<div class=\"blk\"><table class=\"heatmap\"><colgroup><col class=\"c-key\">"
          "<col class=\"c-score\"><col class=\"c-verdict\">",
          out);
    for (size_t c = 0; c < cl->criterion_count; c++)
        fputs("<col>", out);
    fputs("</colgroup>\n", out);
}

// The heatmap's short cell classes (p pass, h partial, g gap, n not applicable); the stylesheet
// writes the mark and the word into each cell, so a row has no text nodes to build for them.
static const char *cell_class(criterion_status st)
{
    return st == STATUS_PASS ? "p" : st == STATUS_PARTIAL ? "h" : st == STATUS_GAP ? "g" : "n";
}

// One light row (about a dozen DOM nodes: the page must open with 100k of them): the legend
// beside the heatmap explains the columns and marks, so cells carry no tooltips; the score bar is
// the score cell's background, drawn from a class per whole percent.
static void heatmap_row(FILE *out, const report_context *ctx, const project_result *p)
{
    const checklist *cl = p->checklist;
    if (p->index % BLOCK_ROWS == 0 && p->index > 0) {
        fputs("</tbody></table></div>\n", out);
        block_start(out, cl);
        fputs("<tbody>\n", out);
    }
    fprintf(out, "<tr><th>%c%zu%c", LINK_START, p->index + 1, LINK_TEXT);
    html_key(out, p);
    fprintf(out, "%c<small>", LINK_END);
    gaps_write_display(out, p, "", " · ", " · ", escape_html);
    if (ctx->input_count > 1) {
        html_text(out, p->file);
        fprintf(out, ":%ld</small></th>", p->line);
    } else {
        fprintf(out, "line %ld</small></th>", p->line);
    }
    if (p->scored)
        fprintf(out, "<td class=\"sc b%c s%d\">%.1f</td>", p->verdict == VERDICT_PASS ? 'p' : 'g',
                (int)(p->score + 0.5), p->score);
    else
        fputs("<td class=\"sc\">—</td>", out);
    fprintf(out, "<td class=\"v%c\"></td>", verdict_name(p->verdict)[0]);
    if (!p->criteria) {
        fprintf(out, "<td class=\"invalid\" colspan=\"%zu\">⚠ ", cl->criterion_count);
        html_text(out, p->error ? p->error : "the row could not be read");
        fputs("</td></tr>\n", out);
        return;
    }
    for (size_t c = 0; c < cl->criterion_count; c++)
        fprintf(out, "<td class=\"%s%s\"></td>", cell_class(p->criteria[c].status),
                p->criteria[c].below_floor ? " f" : "");
    fputs("</tr>\n", out);
}

static void gap_article(FILE *out, const checklist_requirement *req, const requirement_result *rr)
{
    fprintf(out, "<article class=\"gap%s\"><h5><span class=\"rid\">",
            req->critical ? " critical" : "");
    html_text(out, req->id);
    fputs("</span>", out);
    if (req->critical)
        fputs("<span class=\"tag crit\">critical</span>", out);
    fprintf(out, "<span class=\"tag o\">%s %s</span></h5>\n<p class=\"req\">",
            outcome_symbol(rr->outcome), outcome_name(rr->outcome));
    html_text(out, req->text);
    fputs("</p>\n<dl>", out);
    if (rr->explanation_count) {
        fputs("<dt>Why</dt><dd><ul>", out);
        for (size_t e = 0; e < rr->explanation_count; e++) {
            fputs("<li>", out);
            html_text(out, rr->explanations[e].text);
            fputs("</li>", out);
        }
        fputs("</ul></dd>", out);
    }
    char buf[WAIVER_DESCRIPTION_SIZE];
    const char *label, *remedy = gaps_remedy(req, rr, buf, sizeof buf, &label);
    if (remedy) {
        fprintf(out, "<dt>%s</dt><dd>", label);
        html_text(out, remedy);
        fputs("</dd>", out);
    }
    if (req->ref_count) {
        fputs("<dt>Standards</dt><dd><ul>", out);
        for (size_t r = 0; r < req->ref_count; r++) {
            fputs("<li>", out);
            html_text(out, req->refs[r]);
            fputs("</li>", out);
        }
        fputs("</ul></dd>", out);
    }
    fputs("</dl></article>\n", out);
}

// A project's details. On paper a heading must not end a page: the project's header and each
// criterion's heading are kept (div.keep, break-inside: avoid) with the first thing under them,
// which browsers honour where break-after: avoid alone is not.
static void project_section(FILE *out, const project_result *p)
{
    const checklist *cl = p->checklist;
    fprintf(out,
            "<section class=\"project\" id=\"p%zu\" aria-labelledby=\"p%zu-h\">"
            "<div class=\"keep\"><header><h3 id=\"p%zu-h\">",
            p->index + 1, p->index + 1, p->index + 1);
    html_key(out, p);
    gaps_write_display(out, p, " <span class=\"muted\">", " · ", "</span>", escape_html);
    fprintf(out, "</h3><span class=\"verdict v-%s\">%s %s</span>", verdict_name(p->verdict),
            verdict_symbol(p->verdict), verdict_name(p->verdict));
    if (p->scored)
        fprintf(out, "<span><strong>%.1f</strong> <span class=\"muted\">of 100</span></span>",
                p->score);
    fputs("<span class=\"muted\">", out);
    html_text(out, p->file);
    fprintf(out, ", line %ld</span></header>\n", p->line);
    if (!p->requirements) {
        fputs("<p>The row could not be read: ", out);
        html_text(out, p->error ? p->error : "no reason given");
        fputs("</p></div></section>\n", out);
        return;
    }
    bool any = false, open = true; // the header's div.keep is open until its first content
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        const criterion_result *res = &p->criteria[c];
        if (!gaps_shows_criterion(p, cr))
            continue;
        any = true;
        fputs(open ? "<h4><span class=\"rid\">" : "<div class=\"keep\"><h4><span class=\"rid\">",
              out);
        open = true;
        html_text(out, cr->id);
        fputs("</span> ", out);
        html_text(out, cr->title);
        fprintf(out, " <span class=\"st st-%s\">%s %s · %zu of %zu met</span></h4>\n",
                res->status == STATUS_PASS      ? "pass"
                : res->status == STATUS_PARTIAL ? "partial"
                                                : "gap",
                status_symbol(res->status), status_word(res->status), res->satisfied,
                res->applicable);
        if (res->below_floor)
            fprintf(out, "<p class=\"bad\">✗ Below its floor of %g: the project has a gap.</p>\n",
                    cr->min_score);
        for (size_t i = cr->first; i < cr->first + cr->count; i++) {
            if (!gaps_shows_requirement(&p->requirements[i]))
                continue;
            gap_article(out, &cl->requirements[i], &p->requirements[i]);
            if (open)
                fputs("</div>\n", out);
            open = false;
        }
        if (open) // a criterion heading with nothing under it (not expected)
            fputs("</div>\n", out);
        open = false;
    }
    if (project_nothing_applies(p))
        fputs("<p class=\"bad\">✗ " NOTHING_APPLIES_TEXT ".</p>\n", out);
    else if (!any)
        fputs("<p class=\"ok\">✓ Every applicable requirement is met.</p>\n", out);
    fputs(open ? "</div></section>\n" : "</section>\n", out);
}

// Worse first: an invalid row, then a project to which nothing applies, then the lowest score;
// batch order between equals.
static int worse_first(const detail *a, const detail *b)
{
    if (a->rank_class != b->rank_class)
        return a->rank_class < b->rank_class ? -1 : 1;
    if (a->score != b->score)
        return a->score < b->score ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static int detail_cmp(const void *a, const void *b)
{
    return worse_first(a, b);
}

// The heap keeps its least bad entry on top (index 0), the one to give way first.
static void swap_details(detail *heap, size_t a, size_t b)
{
    detail kept = heap[a];
    heap[a] = heap[b];
    heap[b] = kept;
}

static void sift_down(detail *heap, size_t count, size_t i)
{
    for (;;) {
        size_t top = i, left = 2 * i + 1, right = left + 1;
        if (left < count && worse_first(&heap[left], &heap[top]) > 0)
            top = left;
        if (right < count && worse_first(&heap[right], &heap[top]) > 0)
            top = right;
        if (top == i)
            return;
        swap_details(heap, i, top);
        i = top;
    }
}

static void sift_up(detail *heap, size_t i)
{
    while (i > 0 && worse_first(&heap[(i - 1) / 2], &heap[i]) < 0) {
        swap_details(heap, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

// Keeps a failing project's rendered details when it is among the `limit` worst so far, and
// returns them (html NULL when not kept) for the caller to use instead of rendering them again.
static detail consider_worst(html_state *s, const project_result *p)
{
    detail d = {.rank_class = p->verdict == VERDICT_INVALID || !p->requirements ? 0
                              : project_nothing_applies(p)                      ? 1
                                                                                : 2,
                .score = p->scored ? p->score : 0,
                .index = p->index};
    bool full = s->worst_count == s->limit;
    detail none = {0};
    if (full && worse_first(&d, &s->worst[0]) >= 0)
        return none;
    FILE *m = open_memstream(&d.html, &d.len);
    if (!m)
        return none; // out of memory: these details are left out (the note counts what is shown)
    project_section(m, p);
    if (fclose(m) != 0) {
        free(d.html);
        return none;
    }
    if (full) {
        free(s->worst[0].html);
        s->worst[0] = d;
        sift_down(s->worst, s->worst_count, 0);
    } else {
        s->worst[s->worst_count] = d;
        sift_up(s->worst, s->worst_count++);
    }
    return d;
}

static void html_project(void *state, const project_result *p)
{
    html_state *s = state;
    heatmap_row(s->rows.fp ? s->rows.fp : s->out, s->ctx, p);
    s->projects++;
    bool failing = p->verdict != VERDICT_PASS;
    s->failing += failing;
    detail kept = {0};
    if (failing && s->worst)
        kept = consider_worst(s, p);
    if (s->all_details) {
        if (s->projects > s->limit) {
            // too many for every project's details: from now on only the worst failing ones
            spool_discard(&s->details);
            s->all_details = false;
        } else if (kept.html) { // rendered once, for the heap of the worst
            fwrite(kept.html, 1, kept.len, s->details.fp);
        } else {
            project_section(s->details.fp, p);
        }
    }
}

// The run's provenance, on the first page: when, by what, against which checklist, on which
// inputs (the first few; every one is in the footer).
static void provenance(FILE *out, const report_context *ctx)
{
    const checklist *cl = ctx->checklist;
    fputs("<p class=\"meta prov\">", out);
    if (ctx->generated_at) {
        fputs("Run ", out);
        html_text(out, ctx->generated_at);
        fputs(" by ", out);
    } else {
        fputs("Made by ", out);
    }
    fputs("ddcheck ", out);
    html_text(out, ctx->tool_version);
    fputs(" · checklist ", out);
    checklist_name(out, cl);
    fprintf(out, " (SHA-256 <code>%.12s…</code>)", cl->sha256);
    enum { SHOWN_INPUTS = 3 };
    for (size_t i = 0; i < ctx->input_count && i < SHOWN_INPUTS; i++) {
        fputs(i ? ", " : " · input ", out);
        html_text(out, ctx->inputs[i]);
        if (ctx->input_sha256 && ctx->input_sha256[i])
            fprintf(out, " (SHA-256 <code>%.12s…</code>)", ctx->input_sha256[i]);
    }
    if (ctx->input_count > SHOWN_INPUTS)
        fprintf(out, " and %zu more", ctx->input_count - SHOWN_INPUTS);
    fputs(" · full digests at the end</p>", out);
}

// Every criterion in order: open, its id, then (unless between is NULL) between and its title,
// and close.
static void criteria_list(FILE *out, const checklist *cl, const char *open, const char *between,
                          const char *close)
{
    for (size_t c = 0; c < cl->criterion_count; c++) {
        fputs(open, out);
        html_text(out, cl->criteria[c].id);
        if (between) {
            fputs(between, out);
            html_text(out, cl->criteria[c].title);
        }
        fputs(close, out);
    }
}

// The legend beside the heatmap: what each criterion column is, and what the marks mean.
static void legend(FILE *out, const checklist *cl)
{
    fputs("<aside class=\"legend\" aria-labelledby=\"legend-h\"><h3 id=\"legend-h\">Criteria"
          "</h3><dl>",
          out);
    criteria_list(out, cl, "<dt>", "</dt><dd>", "</dd>");
    fprintf(out,
            "</dl><h3>Marks</h3><ul>"
            "<li><span class=\"st st-pass\">✓ pass</span> every applicable requirement met</li>"
            "<li><span class=\"st st-partial\">◐ partial</span> some met</li>"
            "<li><span class=\"st st-gap\">✗ gap</span> none met</li>"
            "<li><span class=\"st st-na\">– n/a</span> no requirement applies</li>"
            "<li><span class=\"swatch\"></span> score bar; its mark is the pass score, %g</li>"
            "%s</ul></aside>\n",
            cl->pass_score,
            checklist_has_floors(cl) ? "<li>“below its floor”: the criterion's score is under "
                                       "its floor, so the project has a gap</li>"
                                     : "");
}

static void head(FILE *out, const report_context *ctx, const batch_summary *sum)
{
    const checklist *cl = ctx->checklist;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"ddcheck ",
          out);
    html_text(out, ctx->tool_version);
    fputs("\">\n<title>", out);
    html_text(out, cl->title);
    fputs(" — ddcheck report</title>\n<style>\n", out);
    for (size_t i = 0; i < sizeof STYLE / sizeof STYLE[0]; i++)
        fputs(STYLE[i], out);
    fprintf(out, ":root{--p:%g%%}\n", cl->pass_score);
    for (int pct = 0; pct <= 100; pct++) // the score bars' lengths (heatmap_row)
        fprintf(out, ".s%d{--s:%d%%}", pct, pct);
    putc('\n', out);
    fputs("</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"page\">"
          "<p class=\"eyebrow\">Due-diligence report</p><h1>",
          out);
    html_text(out, cl->title);
    fputs("</h1><p class=\"meta\">Checklist ", out);
    checklist_name(out, cl);
    fprintf(out,
            " · %zu criteria, %zu requirements · a project passes at %g%s with no critical "
            "gap</p>",
            cl->criterion_count, cl->requirement_count, cl->pass_score,
            checklist_has_floors(cl) ? ", every criterion at its floor," : "");
    provenance(out, ctx);
    fputs("</div></header>\n<main class=\"page\">\n", out);
    fprintf(out,
            "<h2 id=\"totals\">Totals</h2>\n<dl class=\"cards\">"
            "<div class=\"card\"><dt>Projects</dt><dd>%zu</dd></div>"
            "<div class=\"card pass\"><dt>✓ Pass</dt><dd>%zu</dd></div>"
            "<div class=\"card gap\"><dt>✗ Gap</dt><dd>%zu</dd></div>"
            "<div class=\"card invalid\"><dt>⚠ Invalid</dt><dd>%zu</dd></div></dl>\n",
            sum->projects, sum->pass, sum->gap, sum->invalid);
    fputs("<section class=\"portfolio\" aria-labelledby=\"portfolio\">"
          "<h2 id=\"portfolio\">Portfolio</h2>\n",
          out);
    legend(out, cl);
    fputs("<div class=\"hm\">", out);
    block_start(out, cl);
    fputs("<thead><tr><th scope=\"col\">Project</th><th scope=\"col\">Score</th>"
          "<th scope=\"col\">Verdict</th>",
          out);
    criteria_list(out, cl, "<th scope=\"col\">", NULL, "</th>");
    fputs("</tr></thead>\n<tbody>\n", out);
}

static void footer(FILE *out, const report_context *ctx)
{
    const checklist *cl = ctx->checklist;
    fputs("<footer><dl><dt>Generated by</dt><dd>ddcheck ", out);
    html_text(out, ctx->tool_version);
    if (ctx->generated_at) {
        fputs(" at ", out);
        html_text(out, ctx->generated_at);
    }
    fputs("</dd><dt>Checklist</dt><dd>", out);
    checklist_name(out, cl);
    fprintf(out, ", SHA-256 <code>%s</code></dd>", cl->sha256);
    for (size_t i = 0; i < ctx->input_count; i++) {
        fputs("<dt>Input</dt><dd>", out);
        html_text(out, ctx->inputs[i]);
        if (ctx->input_sha256 && ctx->input_sha256[i]) {
            fputs(", SHA-256 <code>", out);
            html_text(out, ctx->input_sha256[i]);
            fputs("</code>", out);
        }
        fputs("</dd>", out);
    }
    fputs("</dl></footer>\n", out);
}

static bool is_linked(const html_state *s, size_t index)
{
    if (s->all_details)
        return true;
    size_t lo = 0, hi = s->linked_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->linked[mid] == index)
            return true;
        if (s->linked[mid] < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

// Replays the heatmap rows, making each key a link to its project's details when they are in
// the page (plain text otherwise).
static void replay_rows(void *state, const char *buf, size_t len)
{
    html_state *s = state;
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (s->in_marker) {
            if (c >= '0' && c <= '9') {
                s->marker_index = s->marker_index * 10 + (size_t)(c - '0');
                continue;
            }
            s->in_marker = false; // LINK_TEXT
            s->link_open = is_linked(s, s->marker_index - 1);
            if (s->link_open)
                fprintf(s->out, "<a href=\"#p%zu\">", s->marker_index);
            run = i + 1;
            continue;
        }
        if (c != LINK_START && c != LINK_END)
            continue;
        fwrite(buf + run, 1, i - run, s->out);
        run = i + 1;
        if (c == LINK_START) {
            s->in_marker = true;
            s->marker_index = 0;
        } else if (s->link_open) {
            fputs("</a>", s->out);
            s->link_open = false;
        }
    }
    if (!s->in_marker && run < len)
        fwrite(buf + run, 1, len - run, s->out);
}

static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

// Why some details are not in the page, and how to have them.
static void details_note(FILE *out, const html_state *s)
{
    size_t passing = s->projects - s->failing;
    fputs("<p class=\"note\" id=\"details-note\">", out);
    if (s->failing)
        fprintf(out,
                "This page gives full details for the %zu worst of the %zu projects with a gap "
                "or an invalid row, worst first (invalid rows, then no requirement applying, "
                "then the lowest scores)",
                s->worst_count, s->failing);
    else
        fputs("No project has a gap or an invalid row", out);
    fprintf(out,
            "; the details of %zu other projects (%zu of them passing) are left out so that the "
            "page opens, and every project is in the portfolio above. To have them all, run "
            "ddcheck again with <code>--details all</code> (or a larger "
            "<code>--details N</code>), or use <code>-f text</code>, <code>-f json</code> or "
            "<code>-f actions</code>.</p>\n",
            s->projects - s->worst_count, passing);
}

static void html_end(void *state, const batch_summary *sum)
{
    html_state *s = state;
    FILE *out = s->out;
    if (!s->all_details) {
        qsort(s->worst, s->worst_count, sizeof *s->worst, detail_cmp);
        s->linked = xcalloc(s->worst_count + 1, sizeof *s->linked);
        for (size_t i = 0; i < s->worst_count; i++)
            s->linked[i] = s->worst[i].index;
        s->linked_count = s->worst_count;
        qsort(s->linked, s->linked_count, sizeof *s->linked, by_index);
    }
    head(out, s->ctx, sum);
    if (!spool_replay(&s->rows, replay_rows, s))
        fputs("<tr><td>The rows could not be read back from the temporary file.</td></tr>\n", out);
    fputs("</tbody></table></div></div></section>\n<h2 id=\"projects\">Projects</h2>\n", out);
    if (s->all_details) {
        if (!spool_drain(&s->details, out))
            fputs("<p>The details could not be read back from the temporary file.</p>\n", out);
    } else {
        details_note(out, s);
        for (size_t i = 0; i < s->worst_count; i++)
            fwrite(s->worst[i].html, 1, s->worst[i].len, out);
    }
    footer(out, s->ctx);
    fputs("</main>\n</body>\n</html>\n", out);
    for (size_t i = 0; i < s->worst_count; i++)
        free(s->worst[i].html);
    free(s->worst);
    free(s->linked);
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
