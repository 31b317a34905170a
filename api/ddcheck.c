// The public API (include/ddcheck.h): opaque handles over the checklist, the batch and the
// renderers; it sits above the three stages, as the program does, and nothing below includes it.
#define _POSIX_C_SOURCE 200809L // fmemopen, gmtime_r
#include "ddcheck.h"

#include "checklist/builtin.h"
#include "checklist/checklist.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/xalloc.h"
#include "ddcheck_version.h"
#include "evaluator/baseline.h"
#include "evaluator/batch.h"
#include "evaluator/evaluate.h"
#include "evaluator/result.h"
#include "evaluator/waiver.h"
#include "reports/escape.h"
#include "reports/report.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// The public enums are the internal ones, value for value.
_Static_assert((int)DDCHECK_MET == OUTCOME_MET && (int)DDCHECK_UNMET == OUTCOME_UNMET &&
                   (int)DDCHECK_NO_EVIDENCE == OUTCOME_NO_EVIDENCE &&
                   (int)DDCHECK_INVALID == OUTCOME_INVALID &&
                   (int)DDCHECK_NOT_APPLICABLE == OUTCOME_NOT_APPLICABLE &&
                   (int)DDCHECK_WAIVED == OUTCOME_WAIVED,
               "ddcheck_outcome follows outcome");
_Static_assert((int)DDCHECK_CRITERION_PASS == STATUS_PASS &&
                   (int)DDCHECK_CRITERION_PARTIAL == STATUS_PARTIAL &&
                   (int)DDCHECK_CRITERION_GAP == STATUS_GAP &&
                   (int)DDCHECK_CRITERION_NOT_APPLICABLE == STATUS_NOT_APPLICABLE,
               "ddcheck_criterion_status follows criterion_status");
_Static_assert((int)DDCHECK_VERDICT_PASS == VERDICT_PASS &&
                   (int)DDCHECK_VERDICT_GAP == VERDICT_GAP &&
                   (int)DDCHECK_VERDICT_INVALID == VERDICT_INVALID,
               "ddcheck_verdict follows verdict");
_Static_assert((int)DDCHECK_ERROR == DIAG_ERROR && (int)DDCHECK_WARNING == DIAG_WARNING,
               "ddcheck_severity follows diag_severity");

// --- version ---------------------------------------------------------------------------------

int ddcheck_version(void)
{
    return DDCHECK_VERSION_MAJOR << 16 | DDCHECK_VERSION_MINOR << 8 | DDCHECK_VERSION_PATCH;
}

const char *ddcheck_version_string(void)
{
    return DDCHECK_VERSION;
}

// --- problems: a diag_list behind a handle ----------------------------------------------------

struct ddcheck_problems {
    diag_list list;
};

ddcheck_problems *ddcheck_problems_new(void)
{
    return xcalloc(1, sizeof(ddcheck_problems));
}

void ddcheck_problems_free(ddcheck_problems *problems)
{
    if (!problems)
        return;
    diag_list_clear(&problems->list);
    free(problems);
}

void ddcheck_problems_clear(ddcheck_problems *problems)
{
    diag_list_clear(&problems->list);
}

size_t ddcheck_problems_count(const ddcheck_problems *problems)
{
    return problems->list.count;
}

size_t ddcheck_problems_errors(const ddcheck_problems *problems)
{
    return problems->list.errors;
}

// The problem at i or, past the end, an empty one: an error with no file, place or message,
// which is what each accessor answers for an index out of range.
_Static_assert(DIAG_ERROR == 0, "an empty diag is an error");
static const diag *problem_at(const ddcheck_problems *problems, size_t i)
{
    static const diag none;
    return i < problems->list.count ? &problems->list.items[i] : &none;
}

ddcheck_severity ddcheck_problem_severity(const ddcheck_problems *problems, size_t i)
{
    return (ddcheck_severity)problem_at(problems, i)->severity;
}

const char *ddcheck_problem_file(const ddcheck_problems *problems, size_t i)
{
    return problem_at(problems, i)->file;
}

long ddcheck_problem_line(const ddcheck_problems *problems, size_t i)
{
    return problem_at(problems, i)->line;
}

long ddcheck_problem_column(const ddcheck_problems *problems, size_t i)
{
    return problem_at(problems, i)->column;
}

const char *ddcheck_problem_pointer(const ddcheck_problems *problems, size_t i)
{
    return problem_at(problems, i)->pointer;
}

const char *ddcheck_problem_message(const ddcheck_problems *problems, size_t i)
{
    return problem_at(problems, i)->message;
}

bool ddcheck_problems_print(const ddcheck_problems *problems, FILE *out)
{
    char buf[2048];
    for (size_t i = 0; i < problems->list.count; i++) {
        diag_format(&problems->list.items[i], buf, sizeof buf);
        fputs("ddcheck: ", out);
        escape_terminal(out, buf, strlen(buf)); // messages quote cells and file names
        fputc('\n', out);
    }
    return fflush(out) == 0 && !ferror(out);
}

// The caller's list, or a scratch one when it gave none (then dropped).
static diag_list *problems_list(ddcheck_problems *problems, diag_list *scratch)
{
    return problems ? &problems->list : scratch;
}

// --- checklists -------------------------------------------------------------------------------

struct ddcheck_checklist {
    checklist *cl;
};

// Lints and loads text: every problem (lint's warnings too) goes to the caller.
static ddcheck_checklist *open_text(const char *text, size_t len, const char *name,
                                    ddcheck_problems *problems)
{
    diag_list scratch = {0};
    checklist *cl = checklist_load((checklist_source){.name = name, .text = text, .len = len},
                                   problems_list(problems, &scratch), NULL);
    diag_list_clear(&scratch);
    if (!cl)
        return NULL;
    ddcheck_checklist *c = xmalloc(sizeof *c);
    c->cl = cl;
    return c;
}

ddcheck_checklist *ddcheck_checklist_open(const char *path, ddcheck_problems *problems)
{
    size_t len = 0;
    char *text = file_read(path, &len);
    if (!text) {
        if (problems)
            diag_add(&problems->list, DIAG_ERROR, path, 0, 0, NULL, "cannot read checklist: %s",
                     strerror(errno));
        return NULL;
    }
    ddcheck_checklist *c = open_text(text, len, path, problems);
    free(text);
    return c;
}

ddcheck_checklist *ddcheck_checklist_open_buffer(const char *text, size_t len, const char *name,
                                                 ddcheck_problems *problems)
{
    return open_text(text, len, name ? name : "<buffer>", problems);
}

ddcheck_checklist *ddcheck_checklist_open_builtin(const char *id, ddcheck_problems *problems)
{
    const builtin_checklist *b = builtin_find(id ? id : BUILTIN_DEFAULT_ID);
    if (!b) {
        if (problems)
            diag_add(&problems->list, DIAG_ERROR, id, 0, 0, NULL,
                     "no built-in checklist has this id");
        return NULL;
    }
    char name[256];
    snprintf(name, sizeof name, "builtin:%s", b->id);
    return open_text(b->json, b->size, name, problems);
}

void ddcheck_checklist_free(ddcheck_checklist *dc)
{
    if (!dc)
        return;
    checklist_free(dc->cl);
    free(dc);
}

size_t ddcheck_builtin_count(void)
{
    return builtin_checklist_count;
}

const char *ddcheck_builtin_id(size_t i)
{
    return i < builtin_checklist_count ? builtin_checklists[i].id : NULL;
}

const char *ddcheck_checklist_id(const ddcheck_checklist *dc)
{
    return dc->cl->id;
}

const char *ddcheck_checklist_title(const ddcheck_checklist *dc)
{
    return dc->cl->title;
}

const char *ddcheck_checklist_version(const ddcheck_checklist *dc)
{
    return dc->cl->version;
}

const char *ddcheck_checklist_origin(const ddcheck_checklist *dc)
{
    return dc->cl->origin;
}

const char *ddcheck_checklist_sha256(const ddcheck_checklist *dc)
{
    return dc->cl->sha256;
}

const char *ddcheck_checklist_key(const ddcheck_checklist *dc)
{
    return dc->cl->key;
}

double ddcheck_checklist_pass_score(const ddcheck_checklist *dc)
{
    return dc->cl->pass_score;
}

size_t ddcheck_criterion_count(const ddcheck_checklist *dc)
{
    return dc->cl->criterion_count;
}

// The criterion at i or, past the end, an empty one (no id or title, weight 0): what each
// accessor answers for an index out of range.
static const checklist_criterion *criterion_at(const ddcheck_checklist *dc, size_t i)
{
    static const checklist_criterion none;
    return i < dc->cl->criterion_count ? &dc->cl->criteria[i] : &none;
}

const char *ddcheck_criterion_id(const ddcheck_checklist *dc, size_t i)
{
    return criterion_at(dc, i)->id;
}

const char *ddcheck_criterion_title(const ddcheck_checklist *dc, size_t i)
{
    return criterion_at(dc, i)->title;
}

double ddcheck_criterion_weight(const ddcheck_checklist *dc, size_t i)
{
    return criterion_at(dc, i)->weight;
}

size_t ddcheck_requirement_count(const ddcheck_checklist *dc)
{
    return dc->cl->requirement_count;
}

// The requirement at i or, past the end, an empty one (no id, text or gap, not critical, of
// criterion 0): what each accessor answers for an index out of range.
static const checklist_requirement *requirement_at(const ddcheck_checklist *dc, size_t i)
{
    static const checklist_requirement none;
    return i < dc->cl->requirement_count ? &dc->cl->requirements[i] : &none;
}

const char *ddcheck_requirement_id(const ddcheck_checklist *dc, size_t i)
{
    return requirement_at(dc, i)->id;
}

const char *ddcheck_requirement_text(const ddcheck_checklist *dc, size_t i)
{
    return requirement_at(dc, i)->text;
}

size_t ddcheck_requirement_criterion(const ddcheck_checklist *dc, size_t i)
{
    return requirement_at(dc, i)->criterion;
}

bool ddcheck_requirement_critical(const ddcheck_checklist *dc, size_t i)
{
    return requirement_at(dc, i)->critical;
}

const char *ddcheck_requirement_gap(const ddcheck_checklist *dc, size_t i)
{
    return requirement_at(dc, i)->gap;
}

// --- names ------------------------------------------------------------------------------------

const char *ddcheck_outcome_name(ddcheck_outcome o)
{
    return (unsigned)o <= DDCHECK_WAIVED ? outcome_name((outcome)o) : "?";
}

const char *ddcheck_criterion_status_name(ddcheck_criterion_status s)
{
    return (unsigned)s <= DDCHECK_CRITERION_NOT_APPLICABLE
               ? criterion_status_name((criterion_status)s)
               : "?";
}

const char *ddcheck_verdict_name(ddcheck_verdict v)
{
    return (unsigned)v <= DDCHECK_VERDICT_INVALID ? verdict_name((verdict)v) : "?";
}

const char *ddcheck_format_name(size_t i)
{
    size_t n;
    const report_format *const *all = report_formats(&n);
    return i < n ? all[i]->name : NULL;
}

// --- evaluations ------------------------------------------------------------------------------

typedef struct input {
    char *name;     // the path as given, or the caller's name for a stream or buffer
    FILE *in;       // the caller's stream, a stream over a buffer, or NULL for a path
    bool buffer;    // `in` was opened here over a buffer, and is closed here
    int open_errno; // why fmemopen failed, when `in` is NULL for a buffer
} input;

typedef struct report {
    const report_format *format;
    FILE *out;
    void *state;
} report;

struct ddcheck_evaluation {
    const ddcheck_checklist *checklist;
    input *inputs;
    size_t input_count;
    size_t input_cap;
    report *reports;
    size_t report_count;
    size_t report_cap;
    bool has_time;
    time_t when;
    csv_options csv;
    unsigned threads;
    bool verbose;
    char *waivers_path;
    char *baseline_path;
    bool ran;
    batch_summary summary;
    // During the run: the caller's callback.
    ddcheck_project_fn fn;
    void *ctx;
};

// A project is the evaluator's result, seen through the public accessors.
struct ddcheck_project {
    project_result result;
};

ddcheck_evaluation *ddcheck_evaluation_new(const ddcheck_checklist *dc)
{
    ddcheck_evaluation *ev = xcalloc(1, sizeof *ev);
    ev->checklist = dc;
    ev->threads = 1;
    return ev;
}

void ddcheck_evaluation_free(ddcheck_evaluation *evaluation)
{
    if (!evaluation)
        return;
    for (size_t i = 0; i < evaluation->input_count; i++) {
        free(evaluation->inputs[i].name);
        if (evaluation->inputs[i].buffer && evaluation->inputs[i].in)
            fclose(evaluation->inputs[i].in);
    }
    free(evaluation->inputs);
    free(evaluation->reports);
    free(evaluation->waivers_path);
    free(evaluation->baseline_path);
    free(evaluation);
}

static void add_input(ddcheck_evaluation *ev, input in)
{
    xgrow((void **)&ev->inputs, &ev->input_cap, ev->input_count + 1, sizeof(input));
    ev->inputs[ev->input_count++] = in;
}

void ddcheck_evaluation_add_path(ddcheck_evaluation *evaluation, const char *path)
{
    add_input(evaluation, (input){.name = xstrdup(path)});
}

void ddcheck_evaluation_add_file(ddcheck_evaluation *evaluation, FILE *in, const char *name)
{
    add_input(evaluation, (input){.name = xstrdup(name ? name : "<stream>"), .in = in});
}

void ddcheck_evaluation_add_buffer(ddcheck_evaluation *evaluation, const char *data, size_t len,
                                   const char *name)
{
    // A stream over the caller's bytes: the CSV reader reads every input as a stream. NULL (out
    // of memory for the FILE) is reported as an unreadable input when the run starts.
    FILE *in = fmemopen((void *)(uintptr_t)data, len, "rb");
    add_input(evaluation, (input){.name = xstrdup(name ? name : "<buffer>"),
                                  .in = in,
                                  .buffer = true,
                                  .open_errno = in ? 0 : errno});
}

bool ddcheck_evaluation_add_report(ddcheck_evaluation *evaluation, const char *format, FILE *out)
{
    const report_format *f = report_format_find(format);
    if (!f)
        return false;
    xgrow((void **)&evaluation->reports, &evaluation->report_cap, evaluation->report_count + 1,
          sizeof(report));
    evaluation->reports[evaluation->report_count++] = (report){.format = f, .out = out};
    return true;
}

void ddcheck_evaluation_set_time(ddcheck_evaluation *evaluation, time_t when)
{
    evaluation->has_time = true;
    evaluation->when = when;
}

void ddcheck_evaluation_set_delimiter(ddcheck_evaluation *evaluation, char delimiter)
{
    evaluation->csv.delimiter = delimiter;
}

void ddcheck_evaluation_set_limits(ddcheck_evaluation *evaluation, size_t max_cell,
                                   size_t max_columns)
{
    evaluation->csv.max_cell = max_cell;
    evaluation->csv.max_columns = max_columns;
}

void ddcheck_evaluation_set_threads(ddcheck_evaluation *evaluation, unsigned threads)
{
    evaluation->threads = threads == 2 ? 2 : 1;
}

void ddcheck_evaluation_set_verbose(ddcheck_evaluation *evaluation, bool verbose)
{
    evaluation->verbose = verbose;
}

static void set_path(char **slot, const char *path)
{
    free(*slot);
    *slot = xstrdup(path);
}

void ddcheck_evaluation_set_waivers(ddcheck_evaluation *evaluation, const char *path)
{
    set_path(&evaluation->waivers_path, path);
}

void ddcheck_evaluation_set_baseline(ddcheck_evaluation *evaluation, const char *path)
{
    set_path(&evaluation->baseline_path, path);
}

static void on_project(void *ctx, const project_result *p)
{
    ddcheck_evaluation *ev = ctx;
    for (size_t i = 0; i < ev->report_count; i++)
        ev->reports[i].format->project(ev->reports[i].state, p);
    if (ev->fn)
        ev->fn(ev->ctx, (const ddcheck_project *)p);
}

// The waivers and baseline the run reads first; false when either has an error.
static bool load_extras(ddcheck_evaluation *ev, const char *today, waiver_set **waivers,
                        baseline **base, diag_list *diags)
{
    const checklist *cl = ev->checklist->cl;
    if (ev->waivers_path)
        *waivers = waiver_set_load(ev->waivers_path, cl, today, diags);
    if (ev->baseline_path)
        *base = baseline_load(ev->baseline_path, cl, diags);
    return (!ev->waivers_path || *waivers) && (!ev->baseline_path || *base);
}

// Runs the batch through the reports; false when a report could not be written.
static bool run_batch(ddcheck_evaluation *ev, batch_options *opts, const char *when, time_t seconds,
                      batch_status *bs, diag_list *diags)
{
    size_t n = ev->input_count;
    const char **paths = xcalloc(n, sizeof(char *));
    FILE **streams = xcalloc(n, sizeof(FILE *));
    char(*digests)[65] = xcalloc(n, sizeof *digests);
    const char **sha = xcalloc(n, sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        paths[i] = ev->inputs[i].name;
        streams[i] = ev->inputs[i].in;
    }
    opts->streams = streams;
    opts->skip_explanations = ev->fn == NULL;
    for (size_t i = 0; i < ev->report_count; i++) {
        opts->skip_explanations &= ev->reports[i].format->no_explanations;
        if (ev->reports[i].format->input_digests)
            opts->digests = digests;
    }
    report_context rc = {
        .checklist = ev->checklist->cl,
        .tool_version = DDCHECK_VERSION,
        .inputs = paths,
        .input_sha256 = sha,
        .input_count = n,
        .generated_at = when,
        .generated_time = seconds,
        .verbose = ev->verbose,
    };
    for (size_t i = 0; i < ev->report_count; i++)
        ev->reports[i].state = ev->reports[i].format->begin(ev->reports[i].out, &rc);
    batch_run(ev->checklist->cl, paths, n, opts, on_project, ev, bs, diags);
    for (size_t i = 0; i < n; i++)
        sha[i] = digests[i][0] ? digests[i] : NULL;
    bool written = true;
    for (size_t i = 0; i < ev->report_count; i++) {
        report *r = &ev->reports[i];
        r->format->end(r->state, &bs->summary);
        if (fflush(r->out) != 0 || ferror(r->out)) {
            // A format whose library cannot be loaded (xlsx) says so, not the stream's errno.
            int err = errno ? errno : EIO;
            char why[512];
            if (!r->format->ready || r->format->ready(why, sizeof why))
                snprintf(why, sizeof why, "%s", strerror(err));
            diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "cannot write the %s report: %s",
                     r->format->name, why);
            written = false;
        }
    }
    free(paths);
    free(streams);
    free(digests);
    free(sha);
    return written;
}

ddcheck_status ddcheck_evaluation_run(ddcheck_evaluation *evaluation, ddcheck_project_fn fn,
                                      void *ctx, ddcheck_problems *problems)
{
    ddcheck_evaluation *ev = evaluation;
    diag_list scratch = {0};
    diag_list *diags = problems_list(problems, &scratch);
    if (ev->ran) {
        diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "an evaluation runs only once");
        diag_list_clear(&scratch);
        return DDCHECK_STATUS_ERROR;
    }
    ev->ran = true;
    if (ev->input_count == 0) {
        diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "no input to evaluate");
        diag_list_clear(&scratch);
        return DDCHECK_STATUS_ERROR;
    }
    // A buffer without its stream (fmemopen failed) would be read as a path: stop first.
    bool unreadable = false;
    for (size_t i = 0; i < ev->input_count; i++) {
        if (ev->inputs[i].buffer && !ev->inputs[i].in) {
            diag_add(diags, DIAG_ERROR, ev->inputs[i].name, 0, 0, NULL, "cannot read: %s",
                     strerror(ev->inputs[i].open_errno));
            unreadable = true;
        }
    }
    if (unreadable) {
        diag_list_clear(&scratch);
        return DDCHECK_STATUS_ERROR;
    }
    time_t t = ev->has_time ? ev->when : time(NULL);
    struct tm tm;
    char when[32] = "1970-01-01T00:00:00Z", today[11];
    if (gmtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    memcpy(today, when, 10);
    today[10] = '\0';

    ddcheck_status status = DDCHECK_STATUS_ERROR;
    waiver_set *waivers = NULL;
    baseline *base = NULL;
    if (load_extras(ev, today, &waivers, &base, diags)) {
        batch_options opts = {
            .csv = ev->csv, .threads = ev->threads, .waivers = waivers, .baseline = base};
        batch_status bs;
        ev->fn = fn;
        ev->ctx = ctx;
        bool written = run_batch(ev, &opts, when, t, &bs, diags);
        waiver_set_report_unused(waivers, diags);
        ev->summary = bs.summary;
        const batch_summary *s = &bs.summary;
        if (s->projects == 0) // DESIGN.md: a gate must never pass on nothing
            diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL,
                     "no project in the input: nothing was evaluated");
        if (!written || bs.failed_files || s->projects == 0)
            status = DDCHECK_STATUS_ERROR;
        else if (base)
            status = s->new_gaps ? DDCHECK_STATUS_GAP : DDCHECK_STATUS_PASS;
        else
            status = s->gap || s->invalid ? DDCHECK_STATUS_GAP : DDCHECK_STATUS_PASS;
    }
    waiver_set_free(waivers);
    baseline_free(base);
    diag_list_clear(&scratch);
    return status;
}

size_t ddcheck_evaluation_projects(const ddcheck_evaluation *evaluation)
{
    return evaluation->summary.projects;
}

size_t ddcheck_evaluation_count(const ddcheck_evaluation *evaluation, ddcheck_verdict v)
{
    const batch_summary *s = &evaluation->summary;
    switch (v) {
    case DDCHECK_VERDICT_PASS:
        return s->pass;
    case DDCHECK_VERDICT_GAP:
        return s->gap;
    case DDCHECK_VERDICT_INVALID:
        return s->invalid;
    }
    return 0;
}

// --- projects ---------------------------------------------------------------------------------

const char *ddcheck_project_key(const ddcheck_project *project, size_t *len)
{
    if (len)
        *len = project->result.key_len;
    return project->result.key ? project->result.key : "";
}

const char *ddcheck_project_file(const ddcheck_project *project)
{
    return project->result.file;
}

long ddcheck_project_line(const ddcheck_project *project)
{
    return project->result.line;
}

size_t ddcheck_project_index(const ddcheck_project *project)
{
    return project->result.index;
}

ddcheck_verdict ddcheck_project_verdict(const ddcheck_project *project)
{
    return (ddcheck_verdict)project->result.verdict;
}

bool ddcheck_project_scored(const ddcheck_project *project)
{
    return project->result.scored;
}

double ddcheck_project_score(const ddcheck_project *project)
{
    return project->result.scored ? project->result.score : 0;
}

const char *ddcheck_project_error(const ddcheck_project *project)
{
    return project->result.error;
}

static const criterion_result *project_criterion(const ddcheck_project *project, size_t i)
{
    const project_result *p = &project->result;
    return p->criteria && i < p->checklist->criterion_count ? &p->criteria[i] : NULL;
}

ddcheck_criterion_status ddcheck_project_criterion_status(const ddcheck_project *project, size_t i)
{
    const criterion_result *c = project_criterion(project, i);
    return c ? (ddcheck_criterion_status)c->status : DDCHECK_CRITERION_NOT_APPLICABLE;
}

double ddcheck_project_criterion_score(const ddcheck_project *project, size_t i)
{
    const criterion_result *c = project_criterion(project, i);
    return c ? c->score : 0;
}

ddcheck_outcome ddcheck_project_outcome(const ddcheck_project *project, size_t i)
{
    const project_result *p = &project->result;
    if (i >= p->checklist->requirement_count)
        return DDCHECK_NOT_APPLICABLE;
    if (!p->requirements)
        return DDCHECK_INVALID;
    return (ddcheck_outcome)p->requirements[i].outcome;
}

const char *ddcheck_project_reason(const ddcheck_project *project, size_t i)
{
    const project_result *p = &project->result;
    if (!p->requirements || i >= p->checklist->requirement_count)
        return NULL;
    const requirement_result *r = &p->requirements[i];
    if (!outcome_is_failure(r->outcome) || r->explanation_count == 0)
        return NULL;
    return r->explanations[0].text;
}
