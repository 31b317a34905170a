// The sarif format: SARIF 2.1.0 for code-scanning tools. One run; the checklist's requirements
// are the rules (known at begin), then every requirement a project does not meet is a result
// located on the project's CSV row, streamed as the projects come.
#define _XOPEN_SOURCE 700 // realpath
#include "report.h"

#include "util/xalloc.h"
#include "ddcheck_version.h"
#include "reports/escape.h"
#include "reports/gaps.h"
#include "reports/json_writer.h"
#include "reports/project_json.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// DDCHECK_HOMEPAGE (ddcheck_version.h, set at configure time) is where ddcheck is published: the
// driver's informationUri, and the base of the rules' helpUri (the built-in checklists' pages
// in docs/checklists/).
#define DDCHECK_DOCS DDCHECK_HOMEPAGE "/blob/main/docs/"
/** The base of URIs relative to the working directory (GitHub code scanning maps it to the
 *  repository root). */
#define SRCROOT "%SRCROOT%"

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
    /* Per input: its artifact location's URI, and whether it is relative to SRCROOT. */
    char **uris;
    bool *under_srcroot;
} sarif_state;

// The URI of an input: relative to the working directory (uriBaseId SRCROOT) when the file is
// below it, so code scanning maps results to the repository's files; a file:// URI otherwise
// (SARIF wants a URI, not a path). Standard input keeps its display name as a relative URI.
// Caller frees; NULL when out of memory.
static char *input_uri(const char *file, bool *under_srcroot)
{
    char *uri = NULL;
    size_t len;
    FILE *m = open_memstream(&uri, &len);
    if (!m)
        return NULL;
    *under_srcroot = false;
    char cwd[PATH_MAX];
    char *real = strcmp(file, "<stdin>") ? realpath(file, NULL) : NULL;
    if (!real) {
        // Unresolvable (standard input, an unreadable file): relative names stay relative.
        *under_srcroot =
            file[0] != '/' && strcmp(file, "<stdin>") != 0 && strncmp(file, "../", 3) != 0;
        if (file[0] == '/')
            fputs("file://", m);
        escape_uri(m, file, strlen(file));
    } else if (getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (n > 1 && strncmp(real, cwd, n) == 0 && real[n] == '/') {
            *under_srcroot = true;
            escape_uri(m, real + n + 1, strlen(real + n + 1));
        } else {
            fputs("file://", m);
            escape_uri(m, real, strlen(real));
        }
    } else {
        fputs("file://", m);
        escape_uri(m, real, strlen(real));
    }
    free(real);
    if (fclose(m) != 0) {
        free(uri);
        return NULL;
    }
    return uri;
}

// The index of an input by its display name, or ctx->input_count.
static size_t input_index(const report_context *ctx, const char *file)
{
    for (size_t i = 0; i < ctx->input_count; i++)
        if (strcmp(ctx->inputs[i], file) == 0)
            return i;
    return ctx->input_count;
}

// "uri" (and "uriBaseId") of an artifactLocation for input i.
static void artifact_uri(sarif_state *s, size_t i)
{
    json_writer *w = &s->w;
    jw_key(w, "uri");
    jw_string(w, i < s->ctx->input_count && s->uris[i] ? s->uris[i] : "");
    if (i < s->ctx->input_count && s->under_srcroot[i]) {
        jw_key(w, "uriBaseId");
        jw_string(w, SRCROOT);
    }
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

// Whether a and b (len bytes each, b lowercase ASCII) are equal ignoring ASCII case.
static bool strncasecmp_ascii(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
        if (c != b[i])
            return false;
    }
    return true;
}

// A rule's name: a friendly identifier, not its id (SARIF 3.49.7): the first words of the
// requirement's text in PascalCase, without articles and linking words ("A Stakeholder
// Engagement Plan (SEP), scaled …" gives "StakeholderEngagementPlanSepScaled").
static void rule_name(char *buf, size_t size, const char *text)
{
    static const char *const skip[] = {"a",    "an",  "and", "are", "as",    "at",   "be",
                                       "been", "for", "has", "it",  "where", "were", "in",
                                       "is",   "of",  "on",  "or",  "the",   "to",   "with"};
    size_t n = 0, words = 0;
    for (const char *p = text; *p && words < 5;) {
        while (*p &&
               !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            p++;
        const char *start = p;
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            p++;
        size_t len = (size_t)(p - start);
        if (!len)
            break;
        bool linking = false;
        for (size_t k = 0; k < sizeof skip / sizeof skip[0]; k++)
            linking |= strlen(skip[k]) == len && strncasecmp_ascii(start, skip[k], len);
        if (linking || n + len + 1 >= size || (n == 0 && start[0] >= '0' && start[0] <= '9'))
            continue;
        for (size_t k = 0; k < len; k++) {
            char c = start[k];
            if (k == 0 && c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            else if (k > 0 && c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            buf[n++] = c;
        }
        words++;
    }
    if (n == 0 && size > sizeof "Requirement")
        n = (size_t)snprintf(buf, size, "Requirement");
    buf[n] = '\0';
}

// A GitHub-style heading anchor of a requirement in docs/checklists/ID.md: "### G3.1.a" and
// "### G3.1.a (critical)" give "g31a" and "g31a-critical".
static void anchor(json_writer *w, const char *docs, const checklist_requirement *req)
{
    char buf[256];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s#", docs);
    for (const char *p = req->id; *p && n + 1 < sizeof buf; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            buf[n++] = c;
        else if (c >= 'A' && c <= 'Z')
            buf[n++] = (char)(c - 'A' + 'a');
        else if (c == ' ')
            buf[n++] = '-';
    }
    const char *critical = "-critical";
    if (req->critical && n + strlen(critical) < sizeof buf) {
        memcpy(buf + n, critical, strlen(critical));
        n += strlen(critical);
    }
    buf[n] = '\0';
    jw_string(w, buf);
}

// The help of a rule: what to ask the proponent for, and the standards it rests on.
static void rule_help(json_writer *w, const checklist_requirement *req)
{
    jw_key(w, "help");
    jw_begin_object(w);
    jw_key(w, "text");
    size_t len = strlen(req->gap ? req->gap : req->text) + 16;
    for (size_t r = 0; r < req->ref_count; r++)
        len += strlen(req->refs[r]) + 2;
    char *text = xmalloc(len);
    size_t n = (size_t)snprintf(text, len, "%s", req->gap ? req->gap : req->text);
    for (size_t r = 0; r < req->ref_count; r++)
        n += (size_t)snprintf(text + n, len - n, "%s%s", r ? "; " : " Standards: ", req->refs[r]);
    jw_string(w, text);
    free(text);
    jw_end_object(w);
}

static void rule(json_writer *w, const checklist *cl, const checklist_requirement *req,
                 const char *docs)
{
    const checklist_criterion *cr = &cl->criteria[req->criterion];
    char name[96];
    rule_name(name, sizeof name, req->text);
    jw_begin_object(w);
    jw_key(w, "id");
    jw_string(w, req->id);
    jw_key(w, "name");
    jw_string(w, name);
    message(w, "shortDescription", req->text);
    message(w, "fullDescription", req->gap ? req->gap : req->text);
    rule_help(w, req);
    if (docs) {
        jw_key(w, "helpUri");
        anchor(w, docs, req);
    }
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
                         const char *full, const char *help, const char *help_uri)
{
    jw_begin_object(w);
    jw_key(w, "id");
    jw_string(w, id);
    jw_key(w, "name");
    jw_string(w, name);
    message(w, "shortDescription", brief);
    message(w, "fullDescription", full);
    message(w, "help", help);
    jw_key(w, "helpUri");
    jw_string(w, help_uri);
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
    s->uris = xcalloc(ctx->input_count + 1, sizeof *s->uris);
    s->under_srcroot = xcalloc(ctx->input_count + 1, sizeof *s->under_srcroot);
    for (size_t i = 0; i < ctx->input_count; i++)
        s->uris[i] = input_uri(ctx->inputs[i], &s->under_srcroot[i]);
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
    jw_key(w, "informationUri");
    jw_string(w, DDCHECK_HOMEPAGE);
    jw_key(w, "rules");
    jw_begin_array(w);
    // A built-in checklist's requirements are documented on its page in docs/checklists/.
    char *docs = NULL;
    if (strncmp(cl->origin, "builtin:", 8) == 0) {
        size_t len = strlen(DDCHECK_DOCS "checklists/.md") + strlen(cl->id) + 1;
        docs = xmalloc(len);
        snprintf(docs, len, DDCHECK_DOCS "checklists/%s.md", cl->id);
    }
    for (size_t i = 0; i < cl->requirement_count; i++)
        rule(w, cl, &cl->requirements[i], docs);
    free(docs);
    project_rule(w, INVALID_ROW_RULE, "InvalidRow", "A row that cannot be read as a project",
                 "The row has the wrong number of cells or no key, so none of its requirements "
                 "could be evaluated.",
                 "Fix the row so that it has one cell per header column and a key; the message "
                 "says which cell is wrong. The rest of the batch is evaluated.",
                 DDCHECK_DOCS "decisions.md#rows-files-and-the-batch");
    project_rule(w, NOTHING_APPLIES_RULE, "NothingApplies",
                 "A project to which no requirement applies",
                 "Every requirement was found not applicable, so nothing was shown: the project "
                 "has no score and its verdict is gap.",
                 "Check the cells that decide which requirements apply (e.g. the project's stage "
                 "or sector): a project must be assessed against at least one requirement.",
                 DDCHECK_DOCS "decisions.md#outcomes-score-verdict");
    if (checklist_has_floors(cl))
        project_rule(w, BELOW_FLOOR_RULE, "BelowFloor", "A criterion below its floor",
                     "The criterion's score (its share of applicable requirements met or waived) "
                     "is below its floor, so the project has a gap whatever its overall score.",
                     "Meet more of the criterion's applicable requirements: the result lists those "
                     "not met. The floor is the criterion's min_score in the checklist.",
                     DDCHECK_DOCS "authoring.md#floors");
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
    size_t input = input_index(s->ctx, p->file);
    artifact_uri(s, input);
    if (input < s->ctx->input_count) {
        jw_key(w, "index");
        jw_number(w, (double)input);
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
        artifact_uri(s, i);
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
    checklist_provenance_json(w, cl->id, cl->version, cl->sha256);
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
    for (size_t i = 0; i < ctx->input_count; i++)
        free(s->uris[i]);
    free(s->uris);
    free(s->under_srcroot);
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
