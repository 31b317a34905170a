// The junit format: JUnit XML as CI servers read it (and valid against the Ant JUnit XSD): a
// testsuite per project, a testcase per requirement. Each testsuite's counts come from the
// project itself, so the report streams. The suite and every testcase's classname are
// "CHECKLIST.KEY": GitLab keys a test by classname + name and Jenkins reads the classname as
// package.class, so each project stays apart. A failure belongs to a project whose verdict is gap
// or invalid (DESIGN.md): in a passing project a requirement not met is skipped, with its reason.
#include "report.h"

#include "util/xalloc.h"
#include "reports/escape.h"
#include "reports/gaps.h"

#include <string.h>

typedef struct junit_state {
    FILE *out;
    const report_context *ctx;
    char timestamp[32]; /* generated_at without its zone: the XSD's pattern allows none */
    unsigned long id;
} junit_state;

static void xml_text(FILE *out, const char *s)
{
    escape_xml(out, s, strlen(s));
}

static void property(FILE *out, const char *name, const char *text)
{
    fprintf(out, "      <property name=\"%s\" value=\"", name);
    xml_text(out, text);
    fputs("\"/>\n", out);
}

static void *junit_begin(FILE *out, const report_context *ctx)
{
    junit_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    s->ctx = ctx;
    const char *at = ctx->generated_at ? ctx->generated_at : "1970-01-01T00:00:00Z";
    size_t len = strcspn(at, "Z+");
    if (len >= sizeof s->timestamp)
        len = sizeof s->timestamp - 1;
    memcpy(s->timestamp, at, len);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", out);
    return s;
}

// The testsuite's name and every testcase's classname: "CHECKLIST.KEY", with the line for the
// key when the key is empty or blank (the XSD needs a non-empty token).
static void suite_name(FILE *out, const project_result *p)
{
    xml_text(out, p->checklist->id);
    putc('.', out);
    size_t blank = 0;
    while (blank < p->key_len && strchr(" \t\r\n", p->key[blank]))
        blank++;
    if (blank < p->key_len)
        escape_xml(out, p->key, p->key_len);
    else
        fprintf(out, "line %ld", p->line);
}

// `<testcase classname="CHECKLIST.KEY" name="NAME[ TEXT]" time="0"`, left open for its body.
static void testcase_start(FILE *out, const project_result *p, const char *name, const char *text)
{
    fputs("    <testcase classname=\"", out);
    suite_name(out, p);
    fputs("\" name=\"", out);
    xml_text(out, name);
    if (text) {
        putc(' ', out);
        xml_text(out, text);
    }
    fputs("\" time=\"0\"", out);
}

static void suite_start(junit_state *s, const project_result *p, size_t tests, size_t failures,
                        size_t errors, size_t skipped)
{
    FILE *out = s->out;
    const report_context *ctx = s->ctx;
    const checklist *cl = ctx->checklist;
    fputs("  <testsuite name=\"", out);
    suite_name(out, p);
    fputs("\" package=\"", out);
    xml_text(out, cl->id);
    fprintf(out,
            "\" id=\"%lu\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
            "time=\"0\" timestamp=\"%s\" hostname=\"localhost\">\n",
            s->id++, tests, failures, errors, skipped, s->timestamp);
    fputs("    <properties>\n", out);
    property(out, "file", p->file);
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", p->line);
    property(out, "line", buf);
    property(out, "verdict", verdict_name(p->verdict));
    if (p->scored) {
        snprintf(buf, sizeof buf, "%.1f", p->score);
        property(out, "score", buf);
    }
    for (size_t i = 0; i < cl->display_count; i++) {
        size_t n;
        const char *v = project_display_value(p, i, &n);
        if (!v)
            continue;
        fprintf(out, "      <property name=\"display.");
        xml_text(out, cl->fields[cl->display[i]].name);
        fputs("\" value=\"", out);
        escape_xml(out, v, n);
        fputs("\"/>\n", out);
    }
    property(out, "checklist.id", cl->id);
    property(out, "checklist.version", cl->version);
    property(out, "checklist.sha256", cl->sha256);
    property(out, "ddcheck.version", ctx->tool_version);
    if (ctx->generated_at)
        property(out, "generated_at", ctx->generated_at);
    for (size_t i = 0; i < ctx->input_count; i++) {
        // Input digests are known only at the end of the run (report.h), after the suites.
        property(out, "input", ctx->inputs[i]);
    }
    fputs("    </properties>\n", out);
}

static void suite_end(FILE *out, const project_result *p)
{
    fputs("    <system-out>", out);
    suite_name(out, p);
    gaps_write_display(out, p, " (", " · ", ")", escape_xml);
    fprintf(out, ": %s", verdict_name(p->verdict));
    if (p->scored)
        fprintf(out, ", score %.1f", p->score);
    fputs("</system-out>\n    <system-err></system-err>\n  </testsuite>\n", out);
}

// The body of a failure: why, what to ask for, which standards.
static void failure_body(FILE *out, const checklist_requirement *req, const requirement_result *rr)
{
    for (size_t e = 0; e < rr->explanation_count; e++) {
        fputs("because: ", out);
        xml_text(out, rr->explanations[e].text);
        putc('\n', out);
    }
    bool is_action;
    const char *request = gaps_request(req, rr->outcome, &is_action);
    if (request) {
        fputs(is_action ? "corrective action: " : "ask the proponent: ", out);
        xml_text(out, request);
        putc('\n', out);
    }
    for (size_t r = 0; r < req->ref_count; r++) {
        fputs(r ? "; " : "standards: ", out);
        xml_text(out, req->refs[r]);
    }
    if (req->ref_count)
        putc('\n', out);
}

// Why a requirement not met does not fail a passing project.
static void passing_reason(FILE *out, const project_result *p)
{
    fputs(", not failing: the project passes", out);
    if (p->scored)
        fprintf(out, " (score %.1f)", p->score);
}

static void testcase(FILE *out, const project_result *p, size_t i)
{
    const checklist *cl = p->checklist;
    const checklist_requirement *req = &cl->requirements[i];
    const requirement_result *rr = &p->requirements[i];
    testcase_start(out, p, req->id, req->text);
    if (outcome_is_failure(rr->outcome) && p->verdict != VERDICT_PASS) {
        fprintf(out, ">\n      <failure type=\"%s\" message=\"%s%s", outcome_name(rr->outcome),
                outcome_name(rr->outcome), req->critical ? " (critical)" : "");
        for (size_t e = 0; e < rr->explanation_count; e++) {
            fputs(e ? "; " : ": ", out);
            xml_text(out, rr->explanations[e].text);
        }
        fputs("\">", out);
        failure_body(out, req, rr);
        fputs("</failure>\n    </testcase>\n", out);
    } else if (outcome_is_failure(rr->outcome)) {
        fprintf(out, ">\n      <skipped message=\"%s", outcome_name(rr->outcome));
        passing_reason(out, p);
        for (size_t e = 0; e < rr->explanation_count; e++) {
            fputs(e ? "; " : ": ", out);
            xml_text(out, rr->explanations[e].text);
        }
        fputs("\"/>\n    </testcase>\n", out);
    } else if (rr->waiver) {
        char buf[WAIVER_DESCRIPTION_SIZE];
        fputs(">\n      <skipped message=\"waived: ", out);
        xml_text(out, waiver_describe(rr->waiver, buf, sizeof buf));
        fputs("\"/>\n    </testcase>\n", out);
    } else if (rr->outcome == OUTCOME_NOT_APPLICABLE || rr->outcome == OUTCOME_WAIVED) {
        fprintf(out, ">\n      <skipped message=\"%s\"/>\n    </testcase>\n",
                rr->outcome == OUTCOME_WAIVED ? "waived" : "not applicable");
    } else {
        fputs("/>\n", out);
    }
}

static void floor_testcase(FILE *out, const project_result *p, size_t c)
{
    const checklist_criterion *cr = &p->checklist->criteria[c];
    char why[GAPS_FLOOR_TEXT_SIZE];
    testcase_start(out, p, cr->id, "floor");
    fputs(">\n      <failure type=\"below_floor\" message=\"", out);
    xml_text(out, gaps_floor_text(cr, &p->criteria[c], why, sizeof why));
    fputs("\"/>\n    </testcase>\n", out);
}

static void junit_project(void *state, const project_result *p)
{
    junit_state *s = state;
    FILE *out = s->out;
    const checklist *cl = p->checklist;
    if (p->verdict == VERDICT_INVALID || !p->requirements) {
        suite_start(s, p, 1, 0, 1, 0);
        testcase_start(out, p, "invalid row", NULL);
        fputs(">\n      <error type=\"invalid\" message=\"", out);
        xml_text(out, p->error ? p->error : "the row could not be read");
        fputs("\"/>\n    </testcase>\n", out);
        suite_end(out, p);
        return;
    }
    bool fails = p->verdict != VERDICT_PASS;
    size_t failures = 0, skipped = 0;
    for (size_t i = 0; i < cl->requirement_count; i++) {
        outcome o = p->requirements[i].outcome;
        failures += fails && outcome_is_failure(o);
        skipped +=
            o == OUTCOME_NOT_APPLICABLE || o == OUTCOME_WAIVED || (!fails && outcome_is_failure(o));
    }
    // Reasons for the gap of their own: each criterion below its floor, and, when nothing else
    // fails (e.g. nothing applies), the verdict itself: a gap must not read as passing.
    size_t floors = 0;
    for (size_t c = 0; c < cl->criterion_count; c++)
        floors += fails && p->criteria[c].below_floor;
    bool verdict_case = fails && failures + floors == 0;
    suite_start(s, p, cl->requirement_count + floors + verdict_case,
                failures + floors + verdict_case, 0, skipped);
    for (size_t i = 0; i < cl->requirement_count; i++)
        testcase(out, p, i);
    for (size_t c = 0; c < cl->criterion_count; c++)
        if (fails && p->criteria[c].below_floor)
            floor_testcase(out, p, c);
    if (verdict_case) {
        testcase_start(out, p, "verdict", NULL);
        fputs(">\n      <failure type=\"gap\" message=\"", out);
        xml_text(out, project_nothing_applies(p) ? NOTHING_APPLIES_TEXT : "the verdict is gap");
        fputs("\"/>\n    </testcase>\n", out);
    }
    suite_end(out, p);
}

static void junit_end(void *state, const batch_summary *summary)
{
    (void)summary;
    junit_state *s = state;
    fputs("</testsuites>\n", s->out);
    free(s);
}

const report_format REPORT_FORMAT_JUNIT = {
    .name = "junit",
    .description = "JUnit XML: a testsuite per project, a testcase per requirement",
    .streaming = true,
    .begin = junit_begin,
    .project = junit_project,
    .end = junit_end,
};
