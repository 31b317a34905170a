// The github format: GitHub Actions workflow commands, one annotation per gap, placed on the
// CSV row of the project so that the pull request shows it on the file. GitHub shows at most 10
// error and 10 warning annotations per step and drops the rest without notice: the report keeps
// the most severe of each kind (bounded memory, so it still streams), writes them at the end, and
// says in one more annotation how many were left out and where to find them. With a step summary
// (GitHub's $GITHUB_STEP_SUMMARY, opened by the CLI) it also appends a Markdown job summary.
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include "util/xalloc.h"
#include "reports/escape.h"
#include "reports/gaps.h"

#include <stdlib.h>
#include <string.h>

/** GitHub's limits per step and per kind (docs: "Workflow commands" / annotations). */
enum { GITHUB_SHOWN = 10 };
/** Rows of the job summary's portfolio table and projects in its gaps list. */
enum { SUMMARY_PORTFOLIO_ROWS = 100, SUMMARY_GAP_PROJECTS = 25 };

typedef enum { LEVEL_ERROR, LEVEL_WARNING, LEVEL_NOTICE, LEVEL_COUNT } level;
static const char *const LEVEL_NAME[LEVEL_COUNT] = {"error", "warning", "notice"};

// One annotation kept for the end: its rank (lower is more severe) and batch order decide.
typedef struct annotation {
    int rank;
    unsigned long seq;
    char *text;
} annotation;

typedef struct kept {
    annotation shown[GITHUB_SHOWN];
    size_t limit; // GITHUB_SHOWN, less the notices ddcheck adds at the end
    size_t count;
    size_t left_out;
} kept;

typedef struct github_state {
    FILE *out;
    const report_context *ctx;
    kept levels[LEVEL_COUNT];
    unsigned long seq;
    // The Markdown job summary: its portfolio table and gaps list are held in memory (up to
    // SUMMARY_PORTFOLIO_ROWS rows and SUMMARY_GAP_PROJECTS projects) until the counts that head
    // it are known.
    FILE *summary;
    FILE *rows, *gaps;
    char *rows_text, *gaps_text;
    size_t rows_len, gaps_len;
    size_t row_count, gap_count;
} github_state;

static void data(FILE *out, const char *s)
{
    escape_github_data(out, s, strlen(s));
}

static void property(FILE *out, const char *s)
{
    escape_github_property(out, s, strlen(s));
}

static void key_property(FILE *out, const project_result *p)
{
    if (p->key_len)
        escape_github_property(out, p->key, p->key_len);
    else
        fprintf(out, "line %ld", p->line);
    gaps_write_display(out, p, " (", " · ", ")", escape_github_property);
}

// "::LEVEL file=F,line=L,title=KEY[ REQ]::" — the start of one annotation.
static void command(FILE *out, level lv, const project_result *p, const char *req)
{
    fprintf(out, "::%s file=", LEVEL_NAME[lv]);
    property(out, p->file);
    fprintf(out, ",line=%ld,title=", p->line);
    key_property(out, p);
    if (req) {
        putc(' ', out);
        property(out, req);
    }
    fputs("::", out);
}

// The slot an annotation of this rank would take, or NULL when GitHub would not show it (the
// kept ones are all at least as severe). Counts what is left out.
static annotation *slot(kept *k, int rank, unsigned long seq)
{
    if (k->count < k->limit) {
        annotation *a = &k->shown[k->count++];
        *a = (annotation){rank, seq, NULL};
        return a;
    }
    k->left_out++;
    annotation *worst = &k->shown[0];
    for (size_t i = 1; i < k->count; i++)
        if (k->shown[i].rank > worst->rank ||
            (k->shown[i].rank == worst->rank && k->shown[i].seq > worst->seq))
            worst = &k->shown[i];
    if (worst->rank <= rank)
        return NULL;
    free(worst->text);
    *worst = (annotation){rank, seq, NULL};
    return worst;
}

// A memory stream for the text of an annotation GitHub will show, or NULL when it is left out
// (or, out of memory, dropped). The caller writes it and closes it with fclose.
static FILE *annotate(github_state *s, level lv, int rank, size_t *len)
{
    annotation *a = slot(&s->levels[lv], rank, s->seq++);
    if (!a)
        return NULL;
    FILE *msg = open_memstream(&a->text, len);
    if (!msg)
        a->text = NULL; // written as nothing
    return msg;
}

// Severity within a kind: a project that fails before one that passes, then batch order.
static int rank_of(const project_result *p)
{
    return p->verdict == VERDICT_PASS;
}

static void annotate_row(github_state *s, const project_result *p)
{
    size_t len;
    FILE *msg = annotate(s, LEVEL_ERROR, 0, &len);
    if (!msg)
        return;
    command(msg, LEVEL_ERROR, p, NULL);
    if (p->verdict == VERDICT_INVALID || !p->requirements) {
        fputs("invalid row: ", msg);
        data(msg, p->error ? p->error : "the row could not be read");
    } else {
        data(msg, NOTHING_APPLIES_TEXT);
    }
    putc('\n', msg);
    fclose(msg);
}

static void annotate_requirement(github_state *s, const project_result *p, size_t i)
{
    const checklist_requirement *req = &p->checklist->requirements[i];
    const requirement_result *rr = &p->requirements[i];
    size_t len;
    if (rr->waiver) { // accepted for now: visible, never failing
        FILE *msg = annotate(s, LEVEL_NOTICE, 0, &len);
        if (!msg)
            return;
        char buf[WAIVER_DESCRIPTION_SIZE];
        command(msg, LEVEL_NOTICE, p, req->id);
        fputs("waived: ", msg);
        data(msg, waiver_describe(rr->waiver, buf, sizeof buf));
        putc('\n', msg);
        fclose(msg);
        return;
    }
    level lv = req->critical ? LEVEL_ERROR : LEVEL_WARNING;
    FILE *msg = annotate(s, lv, rank_of(p), &len);
    if (!msg)
        return;
    command(msg, lv, p, req->id);
    fputs(outcome_name(rr->outcome), msg);
    fputs(req->critical ? " (critical): " : ": ", msg);
    data(msg, req->text);
    // Encoded newlines: the annotation shows one reason per line.
    for (size_t e = 0; e < rr->explanation_count; e++) {
        data(msg, "\nbecause: ");
        data(msg, rr->explanations[e].text);
    }
    bool is_action;
    const char *request = gaps_request(req, rr->outcome, &is_action);
    if (request) {
        data(msg, is_action ? "\ncorrective action: " : "\nask the proponent: ");
        data(msg, request);
    }
    putc('\n', msg);
    fclose(msg);
}

// A criterion below its floor: a reason for the gap of its own, as severe as a critical one.
static void annotate_floor(github_state *s, const project_result *p, size_t c)
{
    const checklist *cl = p->checklist;
    size_t len;
    FILE *msg = annotate(s, LEVEL_ERROR, 0, &len);
    if (!msg)
        return;
    char why[GAPS_FLOOR_TEXT_SIZE];
    command(msg, LEVEL_ERROR, p, cl->criteria[c].id);
    data(msg, gaps_floor_text(&cl->criteria[c], &p->criteria[c], why, sizeof why));
    putc('\n', msg);
    fclose(msg);
}

static void md_key(FILE *out, const project_result *p)
{
    if (p->key_len)
        escape_markdown(out, p->key, p->key_len);
    else
        fprintf(out, "(line %ld)", p->line);
}

static void *github_begin(FILE *out, const report_context *ctx)
{
    github_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    s->ctx = ctx;
    s->levels[LEVEL_ERROR].limit = s->levels[LEVEL_WARNING].limit = GITHUB_SHOWN;
    // Room among the notices for the one that counts what is left out (and, with -v, the
    // closing count of projects).
    s->levels[LEVEL_NOTICE].limit = GITHUB_SHOWN - 1 - ctx->verbose;
    if (ctx->step_summary) {
        s->rows = open_memstream(&s->rows_text, &s->rows_len);
        s->gaps = open_memstream(&s->gaps_text, &s->gaps_len);
        if (s->rows && s->gaps)
            s->summary = ctx->step_summary;
    }
    return s;
}

// The ids of the requirements not met, as `G3.1.c`, `G3.2.a`, …
static void md_not_met(FILE *out, const project_result *p)
{
    const checklist *cl = p->checklist;
    const char *sep = "";
    for (size_t i = 0; p->requirements && i < cl->requirement_count; i++) {
        if (!outcome_is_failure(p->requirements[i].outcome))
            continue;
        fprintf(out, "%s`", sep);
        md_text(out, cl->requirements[i].id);
        putc('`', out);
        sep = ", ";
    }
}

// One row of the job summary's portfolio table, and the project's gaps in its gaps list.
static void summarize(github_state *s, const project_result *p)
{
    if (s->row_count++ < SUMMARY_PORTFOLIO_ROWS) {
        fputs("| ", s->rows);
        md_key(s->rows, p);
        fputs(" | ", s->rows);
        md_text(s->rows, p->file);
        fprintf(s->rows, ":%ld | ", p->line);
        if (p->scored)
            fprintf(s->rows, "%.1f", p->score);
        fprintf(s->rows, " | %s | ", verdict_name(p->verdict));
        md_not_met(s->rows, p);
        fputs(" |\n", s->rows);
    }
    if (p->verdict == VERDICT_PASS || s->gap_count++ >= SUMMARY_GAP_PROJECTS)
        return;
    FILE *gaps = s->gaps;
    fputs("\n**", gaps);
    md_key(gaps, p);
    fputs("** (", gaps);
    md_text(gaps, p->file);
    fprintf(gaps, ":%ld): %s", p->line, verdict_name(p->verdict));
    if (p->scored)
        fprintf(gaps, ", score %.1f", p->score);
    fputs("\n", gaps);
    if (p->verdict == VERDICT_INVALID || !p->requirements) {
        fputs("- invalid row: ", gaps);
        const char *e = p->error ? p->error : "the row could not be read";
        md_text(gaps, e);
        putc('\n', gaps);
        return;
    }
    if (project_nothing_applies(p))
        fputs("- " NOTHING_APPLIES_TEXT "\n", gaps);
    const checklist *cl = p->checklist;
    for (size_t i = 0; i < cl->requirement_count; i++) {
        const checklist_requirement *req = &cl->requirements[i];
        outcome o = p->requirements[i].outcome;
        if (!outcome_is_failure(o))
            continue;
        fputs("- `", gaps);
        md_text(gaps, req->id);
        fprintf(gaps, "` %s%s: ", outcome_name(o), req->critical ? " (critical)" : "");
        md_text(gaps, req->text);
        putc('\n', gaps);
    }
}

// "… and N more WHAT." when count is over the shown limit.
static void left_out(FILE *out, size_t count, size_t shown, const char *what)
{
    if (count > shown)
        fprintf(out, "\n… and %zu more %s.\n", count - shown, what);
}

// The job summary: counts, the portfolio table, the gaps, and what was left out of each.
static void write_summary(github_state *s, const batch_summary *sum)
{
    FILE *out = s->summary;
    const checklist *cl = s->ctx->checklist;
    fclose(s->rows);
    fclose(s->gaps);
    fputs("## ddcheck: ", out);
    md_text(out, cl->title);
    fputs("\n\nChecklist `", out);
    md_text(out, cl->id);
    fprintf(out, "` %s, ddcheck %s", cl->version, s->ctx->tool_version);
    if (s->ctx->generated_at)
        fprintf(out, ", run %s", s->ctx->generated_at);
    fprintf(out,
            ".\n\n| Projects | Pass | Gap | Invalid |\n|---:|---:|---:|---:|\n"
            "| %zu | %zu | %zu | %zu |\n\n### Portfolio\n\n"
            "| Project | Row | Score | Verdict | Requirements not met |\n|---|---|---:|---|---|\n",
            sum->projects, sum->pass, sum->gap, sum->invalid);
    if (s->rows_text)
        fwrite(s->rows_text, 1, s->rows_len, out);
    left_out(out, s->row_count, SUMMARY_PORTFOLIO_ROWS,
             "projects: the full portfolio is in the ddcheck reports (e.g. `-f summary`, "
             "`-f html`)");
    if (s->gap_count) {
        fputs("\n### Gaps\n", out);
        if (s->gaps_text)
            fwrite(s->gaps_text, 1, s->gaps_len, out);
        left_out(out, s->gap_count, SUMMARY_GAP_PROJECTS,
                 "projects with a gap or invalid: every gap is in the ddcheck reports (e.g. "
                 "`-f actions`, `-f html`)");
    }
    free(s->rows_text);
    free(s->gaps_text);
}

static void github_project(void *state, const project_result *p)
{
    github_state *s = state;
    const checklist *cl = p->checklist;
    if (s->summary)
        summarize(s, p);
    if (p->verdict == VERDICT_INVALID || !p->requirements || project_nothing_applies(p)) {
        annotate_row(s, p);
        return;
    }
    for (size_t i = 0; i < cl->requirement_count; i++)
        if (p->requirements[i].waiver || outcome_is_failure(p->requirements[i].outcome))
            annotate_requirement(s, p, i);
    for (size_t c = 0; c < cl->criterion_count; c++)
        if (p->criteria[c].below_floor)
            annotate_floor(s, p, c);
    if (p->verdict == VERDICT_PASS && s->ctx->verbose) {
        size_t len;
        FILE *msg = annotate(s, LEVEL_NOTICE, 1, &len);
        if (!msg)
            return;
        command(msg, LEVEL_NOTICE, p, NULL);
        fputs("pass", msg);
        if (p->scored)
            fprintf(msg, ", score %.1f", p->score);
        putc('\n', msg);
        fclose(msg);
    }
}

static int by_rank(const void *a, const void *b)
{
    const annotation *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void github_end(void *state, const batch_summary *sum)
{
    github_state *s = state;
    size_t left_out = 0;
    for (int lv = 0; lv < LEVEL_COUNT; lv++) {
        kept *k = &s->levels[lv];
        qsort(k->shown, k->count, sizeof k->shown[0], by_rank);
        for (size_t i = 0; i < k->count; i++) {
            if (k->shown[i].text)
                fputs(k->shown[i].text, s->out);
            free(k->shown[i].text);
        }
        left_out += k->left_out;
    }
    if (left_out) {
        char title[64];
        snprintf(title, sizeof title, "ddcheck: %zu more annotations", left_out);
        fputs("::notice title=", s->out);
        property(s->out, title);
        fprintf(s->out,
                "::GitHub shows %d errors and %d warnings per step: %zu more (%zu errors, %zu "
                "warnings, %zu notices) are not shown. Every gap is in the job summary%s and in "
                "the other ddcheck reports (e.g. -f sarif for code scanning, -f html, -f text)\n",
                GITHUB_SHOWN, GITHUB_SHOWN, left_out, s->levels[LEVEL_ERROR].left_out,
                s->levels[LEVEL_WARNING].left_out, s->levels[LEVEL_NOTICE].left_out,
                s->summary ? "" : " (when $GITHUB_STEP_SUMMARY is set)");
    }
    if (s->summary)
        write_summary(s, sum);
    else {
        if (s->rows)
            fclose(s->rows);
        if (s->gaps)
            fclose(s->gaps);
        free(s->rows_text);
        free(s->gaps_text);
    }
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
