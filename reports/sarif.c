// The sarif format: SARIF 2.1.0 for code-scanning tools. One run; the checklist's requirements
// are the rules (known at begin), then every requirement a project does not meet is a result
// located on the project's CSV row, streamed as the projects come.
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include "checklist/xalloc.h"
#include "reports/escape.h"
#include "reports/gaps.h"
#include "reports/json_writer.h"

#include <string.h>

#define SARIF_SCHEMA                                                                               \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define INVALID_ROW_RULE "ddcheck/invalid-row"
#define NOTHING_APPLIES_RULE "ddcheck/nothing-applies"
#define BELOW_FLOOR_RULE "ddcheck/below-floor" /* only in runs of checklists with floors */

typedef struct sarif_state {
    json_writer w;
    const report_context *ctx;
    char *text; /* a message being joined; grown, never shrunk */
    size_t text_cap;
    size_t text_len;
    escape_memo uri; /* the input's file name as a URI */
} sarif_state;

// A file name as a relative URI reference, made once per input.
static const char *file_uri(sarif_state *s, const char *file)
{
    size_t len;
    const char *uri = escape_memo_get(&s->uri, escape_uri, file, &len);
    return uri ? uri : "";
}

static void text_add(sarif_state *s, const char *str)
{
    size_t len = strlen(str);
    xgrow((void **)&s->text, &s->text_cap, s->text_len + len + 1, 1);
    memcpy(s->text + s->text_len, str, len + 1);
    s->text_len += len;
}

static void text_add_n(sarif_state *s, const char *str, size_t len)
{
    xgrow((void **)&s->text, &s->text_cap, s->text_len + len + 1, 1);
    memcpy(s->text + s->text_len, str, len);
    s->text_len += len;
    s->text[s->text_len] = '\0';
}

// The key, then the display fields in brackets when the checklist has some.
static void text_add_key(sarif_state *s, const project_result *p)
{
    text_add_n(s, p->key, p->key_len);
    size_t shown = 0;
    for (size_t i = 0; i < p->checklist->display_count; i++) {
        size_t n;
        const char *v = project_display_value(p, i, &n);
        if (!v)
            continue;
        text_add(s, shown++ ? " · " : " (");
        text_add_n(s, v, n);
    }
    if (shown)
        text_add(s, ")");
}

static void message(json_writer *w, const char *key, const char *text)
{
    jw_key(w, key);
    jw_begin_object(w);
    jw_key(w, "text");
    jw_string(w, text);
    jw_end_object(w);
}

static void rule(json_writer *w, const checklist *cl, const checklist_requirement *req)
{
    const checklist_criterion *cr = &cl->criteria[req->criterion];
    jw_begin_object(w);
    jw_key(w, "id");
    jw_string(w, req->id);
    jw_key(w, "name");
    jw_string(w, req->id);
    message(w, "shortDescription", req->text);
    message(w, "fullDescription", req->gap ? req->gap : req->text);
    if (req->gap)
        message(w, "help", req->gap);
    jw_key(w, "defaultConfiguration");
    jw_begin_object(w);
    jw_key(w, "level");
    jw_string(w, req->critical ? "error" : "warning");
    jw_end_object(w);
    jw_key(w, "properties");
    jw_begin_object(w);
    jw_key(w, "criterion");
    jw_string(w, cr->id);
    jw_key(w, "criterionTitle");
    jw_string(w, cr->title);
    jw_key(w, "critical");
    jw_bool(w, req->critical);
    jw_key(w, "refs");
    jw_begin_array(w);
    for (size_t r = 0; r < req->ref_count; r++)
        jw_string(w, req->refs[r]);
    jw_end_array(w);
    jw_end_object(w);
    jw_end_object(w);
}

// The rules of a project's own failures, after the requirements: an invalid row, and a project
// with verdict gap because no requirement applies.
static void project_rule(json_writer *w, const char *id, const char *name, const char *brief,
                         const char *full)
{
    jw_begin_object(w);
    jw_key(w, "id");
    jw_string(w, id);
    jw_key(w, "name");
    jw_string(w, name);
    message(w, "shortDescription", brief);
    message(w, "fullDescription", full);
    jw_key(w, "defaultConfiguration");
    jw_begin_object(w);
    jw_key(w, "level");
    jw_string(w, "error");
    jw_end_object(w);
    jw_end_object(w);
}

static void *sarif_begin(FILE *out, const report_context *ctx)
{
    sarif_state *s = xcalloc(1, sizeof *s);
    s->ctx = ctx;
    const checklist *cl = ctx->checklist;
    json_writer *w = &s->w;
    jw_init(w, out, true, 0);
    // Code-scanning UIs show these strings in web pages: keep markup inert even if pasted raw.
    w->html_safe = true;
    jw_begin_object(w);
    jw_key(w, "$schema");
    jw_string(w, SARIF_SCHEMA);
    jw_key(w, "version");
    jw_string(w, "2.1.0");
    jw_key(w, "runs");
    jw_begin_array(w);
    jw_begin_object(w);
    jw_key(w, "tool");
    jw_begin_object(w);
    jw_key(w, "driver");
    jw_begin_object(w);
    jw_key(w, "name");
    jw_string(w, "ddcheck");
    jw_key(w, "version");
    jw_string(w, ctx->tool_version);
    jw_key(w, "rules");
    jw_begin_array(w);
    for (size_t i = 0; i < cl->requirement_count; i++)
        rule(w, cl, &cl->requirements[i]);
    project_rule(w, INVALID_ROW_RULE, "InvalidRow", "A row that cannot be read as a project",
                 "The row has the wrong number of cells or no key, so none of its requirements "
                 "could be evaluated.");
    project_rule(w, NOTHING_APPLIES_RULE, "NothingApplies",
                 "A project to which no requirement applies",
                 "Every requirement was found not applicable, so nothing was shown: the project "
                 "has no score and its verdict is gap.");
    if (checklist_has_floors(cl))
        project_rule(w, BELOW_FLOOR_RULE, "BelowFloor", "A criterion below its floor",
                     "The criterion's score (its share of applicable requirements met or waived) "
                     "is below its floor, so the project has a gap whatever its overall score.");
    jw_end_array(w);
    jw_end_object(w);
    jw_end_object(w);
    jw_key(w, "results");
    jw_begin_array(w);
    return s;
}

static void result(sarif_state *s, const project_result *p, const char *rule_id, size_t rule_index,
                   const char *level)
{
    json_writer *w = &s->w;
    jw_begin_object(w);
    jw_key(w, "ruleId");
    jw_string(w, rule_id);
    jw_key(w, "ruleIndex");
    jw_number(w, (double)rule_index);
    jw_key(w, "level");
    jw_string(w, level);
    message(w, "message", s->text);
    jw_key(w, "locations");
    jw_begin_array(w);
    jw_begin_object(w);
    jw_key(w, "physicalLocation");
    jw_begin_object(w);
    jw_key(w, "artifactLocation");
    jw_begin_object(w);
    jw_key(w, "uri");
    jw_string(w, file_uri(s, p->file));
    for (size_t i = 0; i < s->ctx->input_count; i++) {
        if (strcmp(s->ctx->inputs[i], p->file) == 0) {
            jw_key(w, "index");
            jw_number(w, (double)i);
            break;
        }
    }
    jw_end_object(w);
    jw_key(w, "region");
    jw_begin_object(w);
    jw_key(w, "startLine");
    jw_number(w, (double)(p->line > 0 ? p->line : 1));
    jw_end_object(w);
    jw_end_object(w);
    jw_end_object(w);
    jw_end_array(w);
    jw_key(w, "properties");
    jw_begin_object(w);
    jw_key(w, "project");
    jw_string_n(w, p->key, p->key_len);
    jw_key(w, "verdict");
    jw_string(w, verdict_name(p->verdict));
}

static void sarif_project(void *state, const project_result *p)
{
    sarif_state *s = state;
    json_writer *w = &s->w;
    const checklist *cl = p->checklist;
    if (p->verdict == VERDICT_INVALID || !p->requirements) {
        s->text_len = 0;
        text_add(s, "Invalid row: ");
        text_add(s, p->error ? p->error : "the row could not be read");
        result(s, p, INVALID_ROW_RULE, cl->requirement_count, "error");
        jw_end_object(w);
        jw_end_object(w);
        return;
    }
    if (project_nothing_applies(p)) {
        s->text_len = 0;
        text_add_key(s, p);
        text_add(s, ": " NOTHING_APPLIES_TEXT);
        result(s, p, NOTHING_APPLIES_RULE, cl->requirement_count + 1, "error");
        jw_end_object(w);
        jw_end_object(w);
        return;
    }
    for (size_t i = 0; i < cl->requirement_count; i++) {
        const checklist_requirement *req = &cl->requirements[i];
        const requirement_result *rr = &p->requirements[i];
        if (rr->waiver) {
            char buf[WAIVER_DESCRIPTION_SIZE];
            s->text_len = 0;
            text_add_key(s, p);
            text_add(s, ": ");
            text_add(s, req->id);
            text_add(s, " waived: ");
            text_add(s, waiver_describe(rr->waiver, buf, sizeof buf));
            result(s, p, req->id, i, "note");
            jw_key(w, "outcome");
            jw_string(w, "waived");
            jw_end_object(w);
            jw_key(w, "suppressions");
            jw_begin_array(w);
            jw_begin_object(w);
            jw_key(w, "kind");
            jw_string(w, "external");
            jw_key(w, "status");
            jw_string(w, "accepted");
            jw_key(w, "justification");
            jw_string(w, buf);
            jw_end_object(w);
            jw_end_array(w);
            jw_end_object(w);
            continue;
        }
        if (!outcome_is_failure(rr->outcome))
            continue;
        s->text_len = 0;
        text_add_key(s, p);
        text_add(s, ": ");
        text_add(s, req->id);
        text_add(s, " ");
        text_add(s, outcome_name(rr->outcome));
        text_add(s, ": ");
        if (rr->explanation_count == 0)
            text_add(s, req->text);
        s->text_len = gaps_join_explanations(rr, &s->text, &s->text_cap, s->text_len);
        bool is_action;
        const char *request = gaps_request(req, rr->outcome, &is_action);
        if (is_action) { // the rule's help holds the request for evidence
            text_add(s, ". Corrective action: ");
            text_add(s, request);
        }
        result(s, p, req->id, i, req->critical ? "error" : "warning");
        jw_key(w, "outcome");
        jw_string(w, outcome_name(rr->outcome));
        jw_end_object(w);
        jw_end_object(w);
    }
    for (size_t c = 0; c < cl->criterion_count; c++) {
        if (!p->criteria[c].below_floor)
            continue;
        char why[GAPS_FLOOR_TEXT_SIZE];
        s->text_len = 0;
        text_add_key(s, p);
        text_add(s, ": ");
        text_add(s, gaps_floor_text(&cl->criteria[c], &p->criteria[c], why, sizeof why));
        result(s, p, BELOW_FLOOR_RULE, cl->requirement_count + 2, "error");
        jw_key(w, "criterion");
        jw_string(w, cl->criteria[c].id);
        jw_end_object(w);
        jw_end_object(w);
    }
}

static void sarif_end(void *state, const batch_summary *sum)
{
    sarif_state *s = state;
    const report_context *ctx = s->ctx;
    const checklist *cl = ctx->checklist;
    json_writer *w = &s->w;
    jw_end_array(w);
    // After the results: an input's digest is known once it has been read (report.h).
    jw_key(w, "artifacts");
    jw_begin_array(w);
    for (size_t i = 0; i < ctx->input_count; i++) {
        jw_begin_object(w);
        jw_key(w, "location");
        jw_begin_object(w);
        jw_key(w, "uri");
        jw_string(w, file_uri(s, ctx->inputs[i]));
        jw_end_object(w);
        if (ctx->input_sha256 && ctx->input_sha256[i]) {
            jw_key(w, "hashes");
            jw_begin_object(w);
            jw_key(w, "sha-256");
            jw_string(w, ctx->input_sha256[i]);
            jw_end_object(w);
        }
        jw_end_object(w);
    }
    jw_end_array(w);
    jw_key(w, "properties");
    jw_begin_object(w);
    jw_key(w, "checklist");
    jw_begin_object(w);
    jw_key(w, "id");
    jw_string(w, cl->id);
    jw_key(w, "version");
    jw_string(w, cl->version);
    jw_key(w, "sha256");
    jw_string(w, cl->sha256);
    jw_end_object(w);
    if (ctx->generated_at) {
        jw_key(w, "generatedAt");
        jw_string(w, ctx->generated_at);
    }
    jw_key(w, "summary");
    jw_begin_object(w);
    jw_key(w, "projects");
    jw_number(w, (double)sum->projects);
    jw_key(w, "pass");
    jw_number(w, (double)sum->pass);
    jw_key(w, "gap");
    jw_number(w, (double)sum->gap);
    jw_key(w, "invalid");
    jw_number(w, (double)sum->invalid);
    jw_end_object(w);
    jw_end_object(w);
    jw_end_object(w);
    jw_end_array(w);
    jw_end_object(w);
    putc('\n', w->buf.out);
    free(s->text);
    escape_memo_clear(&s->uri);
    free(s);
}

const report_format REPORT_FORMAT_SARIF = {
    .name = "sarif",
    .description = "SARIF 2.1.0: requirements as rules, every gap a result on its CSV row",
    .streaming = true,
    .input_digests = true,
    .begin = sarif_begin,
    .project = sarif_project,
    .end = sarif_end,
};
