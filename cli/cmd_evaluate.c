// `ddcheck [evaluate]`: parse options, load the checklist, run the batch once, and feed every
// requested report from that one evaluation; exit 0/1/2 as DESIGN.md says. cmd_evaluate, at the
// end, runs the phases in order, each a function above it: parse_arguments, check_arguments,
// then load_run, open_reports, write_reports (where the renderers are driven),
// print_run_problems and gate_status.
#define _POSIX_C_SOURCE 200809L
#include "commands.h"

#include "util/xalloc.h"
#include "ddcheck.h"
#include "ddcheck_version.h"
#include "evaluator/batch.h"
#include "cli/output.h"
#include "cli/render_parts.h"
#include "cli/progress.h"
#include "options.h"
#include "reports/report.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_REPORTS 16

typedef enum { FAIL_ON_GAP, FAIL_ON_INVALID, FAIL_ON_NEVER } fail_on;

typedef struct report_request {
    const report_format *format;
    const char *path;
    output out;
    void *state;
    bool aborted; /* not written: the run could not be done */
} report_request;

// One run of the command: what the command line asked for, then what the run holds.
typedef struct run {
    // The arguments.
    const char *checklist_spec;
    const char *waivers_path;
    const char *baseline_path;
    const char *color_mode;
    fail_on fail;
    bool verbose;
    bool no_bom;
    size_t details_limit;
    const char **files;
    size_t file_count;
    batch_options opts;
    report_request reports[MAX_REPORTS];
    size_t report_count;
    // What the run loads and opens, released by release_run.
    checklist *cl;
    waiver_set *waivers;
    baseline *base;
    char when[32];
    time_t when_seconds;       // the same time
    const char **names;        // each input's name in reports ("<stdin>" for "-")
    size_t input_count;        // at least one: no FILE is standard input
    char (*digests)[65];       // each input's SHA-256, filled in as it is read to its end
    const char **input_sha256; // the digests known at the end (NULL: not read whole)
    FILE *step_summary;        // $GITHUB_STEP_SUMMARY, for a github report
    const char *step_summary_path;
    progress progress;
} run;

// What a phase returns to let the next one go on; any other value is the exit status.
#define GO_ON (-1)

static void on_project(void *ctx, const project_result *p)
{
    run *r = ctx;
    progress_row(&r->progress);
    for (size_t i = 0; i < r->report_count; i++)
        r->reports[i].format->project(r->reports[i].state, p);
}

// A positive count, with a K, M or G suffix (powers of 1024) when `bytes`; false when malformed.
static bool parse_limit(const char *s, bool bytes, size_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned shift = 0;
    if (bytes && *end && !end[1]) {
        const char *units = "KMG";
        const char *u = strchr(units, *end == 'k' ? 'K' : *end);
        if (u) {
            shift = 10u * (unsigned)(u - units + 1);
            end++;
        }
    }
    if (errno || *end || v == 0 || v > (SIZE_MAX >> 1) >> shift)
        return false;
    *out = (size_t)(v << shift);
    return true;
}

static int unknown_format(const char *name)
{
    fprintf(stderr, "ddcheck: unknown format '%s' (formats:", name);
    for (size_t i = 0; ddcheck_format_name(i); i++)
        fprintf(stderr, " %s", ddcheck_format_name(i));
    fputs(")\n", stderr);
    return EXIT_CANNOT_RUN;
}

// ISO 8601 UTC time of the run; SOURCE_DATE_EPOCH makes it reproducible. False when that is set
// but no number of seconds: the run date decides which waivers apply, so it is not guessed
// (reproducible-builds.org asks tools to fail on a malformed value).
static bool run_time(char *buf, size_t size, time_t *seconds)
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (*end || v < 0 || errno || (long long)(time_t)v != v || v > 253402300799LL)
            return false; // (up to 9999-12-31T23:59:59Z, which gmtime and YYYY can show)
        t = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
    *seconds = t;
    return true;
}

// Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or the terminal says
// it has no escape sequences (TERM=dumb: Emacs shells, some CI logs).
static bool want_color(const char *path, const char *mode)
{
    if (strcmp(mode, "always") == 0)
        return true;
    if (strcmp(mode, "never") == 0)
        return false;
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return (!path || strcmp(path, "-") == 0) && isatty(STDOUT_FILENO);
}

// Whether a report file would overwrite an input (same device and inode, whatever the path
// says): `-f csv -o p.csv p.csv` would destroy the submission. Checked before anything is read.
static bool output_is_input(const char *out_path, const char *input, bool is_stdin)
{
    struct stat o, in;
    if (!out_path || strcmp(out_path, "-") == 0 || stat(out_path, &o) != 0)
        return false;
    if (is_stdin ? fstat(STDIN_FILENO, &in) != 0 : stat(input, &in) != 0)
        return false;
    return o.st_dev == in.st_dev && o.st_ino == in.st_ino;
}

static int refuse_output_over_input(const run *r, const char *const *files, size_t file_count,
                                    const char *const *others, size_t other_count)
{
    for (size_t i = 0; i < r->report_count; i++) {
        const char *path = r->reports[i].path;
        bool over_stdin = file_count == 0 && output_is_input(path, NULL, true);
        for (size_t k = 0; k < file_count; k++)
            over_stdin |= strcmp(files[k], "-") == 0 && output_is_input(path, NULL, true);
        if (over_stdin)
            return cli_usage_error("'-o %s' is the file on standard input: the report would "
                                   "overwrite it; write the report elsewhere",
                                   path);
        for (size_t k = 0; k < file_count + other_count; k++) {
            const char *in = k < file_count ? files[k] : others[k - file_count];
            if (in && strcmp(in, "-") != 0 && output_is_input(path, in, false))
                return cli_usage_error("'-o %s' names an input (%s): the report would overwrite "
                                       "it; write the report elsewhere",
                                       path, in);
        }
    }
    return 0;
}

// A name that the shell passed on unexpanded: a pattern that matched no file.
static bool unmatched_pattern(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && strpbrk(path, "*?[") && stat(path, &st) != 0;
}

// The CSV formats a person opens in a spreadsheet start, in a file, with a UTF-8 byte-order
// mark: without it Excel reads them as its ANSI code page and shows "¶" as "Â¶". Not on
// standard output (a pipe into another tool), nor with --no-bom.
static bool wants_bom(const report_request *rq)
{
    const report_format *f = rq->format;
    return rq->path && strcmp(rq->path, "-") != 0 &&
           (f == &REPORT_FORMAT_CSV || f == &REPORT_FORMAT_SUMMARY || f == &REPORT_FORMAT_ACTIONS);
}

// "option '--waivers' is given twice": silently keeping only the last one would drop a file the
// user named.
static int given_twice(const char *word, int id)
{
    return cli_usage_error("option '%s' is given twice; a run takes one%s", word,
                           id == OPT_WAIVERS ? " (put all waivers in one file)" : "");
}

// Sets *slot to arg once; a second time is a usage error.
static int take_once(const char **slot, const char *arg, const char *word, int id)
{
    if (*slot)
        return given_twice(word, id);
    *slot = arg;
    return GO_ON;
}

static int take_format(run *r, const char *name)
{
    const report_format *f = report_format_find(name);
    if (!f)
        return unknown_format(name);
    if (r->report_count == MAX_REPORTS)
        return cli_usage_error("at most %d reports in one run", MAX_REPORTS);
    r->reports[r->report_count++] = (report_request){.format = f};
    return GO_ON;
}

static int take_output(run *r, const char *path)
{
    if (r->report_count == 0)
        r->reports[r->report_count++] = (report_request){.format = &REPORT_FORMAT_TEXT};
    if (r->reports[r->report_count - 1].path)
        return cli_usage_error("'-o %s' needs its own '-f FORMAT' before it", path);
    r->reports[r->report_count - 1].path = path;
    return GO_ON;
}

static int take_fail_on(run *r, const char *arg)
{
    if (strcmp(arg, "gap") == 0)
        r->fail = FAIL_ON_GAP;
    else if (strcmp(arg, "invalid") == 0)
        r->fail = FAIL_ON_INVALID;
    else if (strcmp(arg, "never") == 0)
        r->fail = FAIL_ON_NEVER;
    else
        return cli_usage_error("--fail-on takes gap, invalid or never, not '%s'", arg);
    return GO_ON;
}

static int take_delimiter(run *r, const char *arg)
{
    if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
        r->opts.csv.delimiter = '\t';
    else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' && arg[0] != '\r')
        r->opts.csv.delimiter = arg[0];
    else
        return cli_usage_error("--delimiter takes one character (or 'tab'), not '%s'", arg);
    return GO_ON;
}

static int take_limit(run *r, int id, const char *arg, const char *word)
{
    bool cell = id == OPT_MAX_CELL;
    size_t limit;
    if (!parse_limit(arg, cell, &limit))
        return cli_usage_error("%s takes a positive whole number%s, not '%s'", word,
                               cell ? " of bytes (K, M or G allowed)" : "", arg);
    if (cell)
        r->opts.csv.max_cell = limit;
    else
        r->opts.csv.max_columns = limit;
    return GO_ON;
}

static int take_encoding(run *r, const char *arg, const char *word)
{
    if (r->opts.input.encoding)
        return given_twice(word, OPT_ENCODING);
    if (!submission_encoding_known(arg))
        return cli_usage_error("--encoding: '%s' is not an encoding this system can decode (see "
                               "'iconv -l'; e.g. windows-1252, UTF-16)",
                               arg);
    r->opts.input.encoding = arg;
    return GO_ON;
}

// The word of `words` (ending with NULL) that arg is, or NULL when it is none of them.
static const char *one_of(const char *arg, const char *const *words)
{
    for (const char *const *w = words; *w; w++)
        if (strcmp(arg, *w) == 0)
            return *w;
    return NULL;
}

static int take_details(run *r, const char *arg)
{
    if (strcmp(arg, "all") == 0)
        r->details_limit = REPORT_DETAILS_ALL;
    else if (!parse_limit(arg, false, &r->details_limit))
        return cli_usage_error("--details takes a positive whole number or 'all', not '%s'", arg);
    return GO_ON;
}

// One option or operand of the command line into r; GO_ON, or the exit status to stop with.
static int take_argument(run *r, int id, const char *arg, const char *word)
{
    switch (id) {
    case CLI_OPERAND:
        r->files[r->file_count++] = arg;
        return GO_ON;
    case OPT_CHECKLIST:
        return take_once(&r->checklist_spec, arg, word, id);
    case OPT_FORMAT:
        return take_format(r, arg);
    case OPT_OUTPUT:
        return take_output(r, arg);
    case OPT_FAIL_ON:
        return take_fail_on(r, arg);
    case OPT_WAIVERS:
        return take_once(&r->waivers_path, arg, word, id);
    case OPT_BASELINE:
        return take_once(&r->baseline_path, arg, word, id);
    case OPT_DELIMITER:
        return take_delimiter(r, arg);
    case OPT_MAX_CELL:
    case OPT_MAX_COLUMNS:
        return take_limit(r, id, arg, word);
    case OPT_ENCODING:
        return take_encoding(r, arg, word);
    case OPT_DECIMAL:
        if (!one_of(arg, (const char *const[]){".", ",", NULL}))
            return cli_usage_error("--decimal takes . or , not '%s'", arg);
        r->opts.input.decimal = arg[0];
        return GO_ON;
    case OPT_NO_BOM:
        r->no_bom = true;
        return GO_ON;
    case OPT_SHEET:
        return take_once(&r->opts.input.sheet, arg, word, id);
    case OPT_THREADS:
        if (!one_of(arg, (const char *const[]){"1", "2", NULL}))
            return cli_usage_error("--threads takes 1 or 2, not '%s'", arg);
        r->opts.threads = (unsigned)(arg[0] - '0');
        return GO_ON;
    case OPT_COLOR:
        r->color_mode = one_of(arg, (const char *const[]){"auto", "always", "never", NULL});
        return r->color_mode ? GO_ON : cli_usage_error("--color takes auto, always or never");
    case OPT_NO_COLOR:
        r->color_mode = "never";
        return GO_ON;
    case OPT_VERBOSE:
        r->verbose = true;
        return GO_ON;
    case OPT_DETAILS:
        return take_details(r, arg);
    case OPT_VERSION:
        printf("ddcheck %s\n%s", ddcheck_version_string(), DDCHECK_LICENSE_NOTICE);
        return cli_finish_stdout(EXIT_ALL_PASS);
    default:
        return GO_ON;
    }
}

// Phase 1: the command line into r, in order; GO_ON, or the exit status to stop with.
static int parse_arguments(run *r, int argc, char **argv)
{
    cli_parser parse;
    cli_parser_init(&parse, CLI_EVALUATE, argc, argv);
    const char *arg;
    for (int id; (id = cli_parser_next(&parse, &arg)) != CLI_END;) {
        if (id == CLI_STOP)
            return parse.status;
        int status = take_argument(r, id, arg, parse.word);
        if (status != GO_ON)
            return status;
    }
    return GO_ON;
}

// Phase 2: whether the arguments make a run, before anything is read: the reports' places
// (one on standard output at most, none over another or over an input), standard input once,
// every pattern matched. Adds the default text report when none is asked for.
static int check_arguments(run *r)
{
    if (r->file_count == 0 && isatty(STDIN_FILENO))
        return cli_usage_error("no FILE to read, and standard input is a terminal; give a CSV "
                               "file, or '-' to type one");
    if (r->report_count == 0)
        r->reports[r->report_count++] = (report_request){.format = &REPORT_FORMAT_TEXT};
    size_t to_stdout = 0;
    for (size_t i = 0; i < r->report_count; i++) {
        bool std_out = !r->reports[i].path || strcmp(r->reports[i].path, "-") == 0;
        if (std_out && r->reports[i].format == &REPORT_FORMAT_XLSX)
            return cli_usage_error("-f xlsx needs '-o FILE.xlsx': a workbook is a file, not "
                                   "text for standard output");
        to_stdout += std_out;
    }
    if (to_stdout > 1)
        return cli_usage_error("only one report can go to standard output; give the others "
                               "'-o FILE'");
    for (size_t i = 0; i < r->report_count; i++) {
        for (size_t k = i + 1; k < r->report_count; k++) {
            const char *p = r->reports[i].path, *q = r->reports[k].path;
            if (p && q && strcmp(p, "-") != 0 && strcmp(p, q) == 0)
                return cli_usage_error("two reports would be written to '%s'; give each its "
                                       "own '-o FILE'",
                                       p);
        }
    }
    size_t stdin_count = 0;
    for (size_t i = 0; i < r->file_count; i++)
        stdin_count += strcmp(r->files[i], "-") == 0;
    if (stdin_count > 1)
        return cli_usage_error("standard input ('-') can be read only once");
    for (size_t i = 0; i < r->file_count; i++) {
        if (unmatched_pattern(r->files[i])) {
            fprintf(stderr,
                    "ddcheck: %s: error: no file matches this pattern: nothing to check, "
                    "and a gate never passes on nothing\n",
                    r->files[i]);
            return EXIT_CANNOT_RUN;
        }
    }
    const char *others[] = {r->checklist_spec, r->waivers_path, r->baseline_path};
    if (refuse_output_over_input(r, r->files, r->file_count, others, 3))
        return EXIT_CANNOT_RUN;
    return GO_ON;
}

// Phase 3: the checklist, the run date, the waivers and the baseline; false (each problem
// printed) when one cannot be used.
static bool load_run(run *r)
{
    const char *threads_env = getenv("DDCHECK_THREADS");
    if (threads_env && *threads_env && strcmp(threads_env, "1") && strcmp(threads_env, "2"))
        fprintf(stderr, "ddcheck: warning: DDCHECK_THREADS \"%s\" is not 1 or 2; it is ignored\n",
                threads_env);
    r->cl = cli_load_checklist(r->checklist_spec);
    if (!r->cl)
        return false;
    if (!run_time(r->when, sizeof r->when, &r->when_seconds)) {
        fprintf(stderr,
                "ddcheck: SOURCE_DATE_EPOCH \"%s\" is not a number of seconds since 1970-01-01 "
                "(it sets the run date, which decides which waivers apply)\n",
                getenv("SOURCE_DATE_EPOCH"));
        return false;
    }
    if (!r->waivers_path && !r->baseline_path)
        return true;
    // Waivers expire by the run date (UTC), the day part of `when`.
    char today[11];
    memcpy(today, r->when, 10);
    today[10] = '\0';
    diag_list early = {0};
    if (r->waivers_path)
        r->waivers = waiver_set_load(r->waivers_path, r->cl, today, &early);
    if (r->baseline_path)
        r->base = baseline_load(r->baseline_path, r->cl, &early);
    cli_print_diags(&early);
    diag_list_clear(&early);
    if ((r->waivers_path && !r->waivers) || (r->baseline_path && !r->base))
        return false;
    r->opts.waivers = r->waivers;
    r->opts.baseline = r->base;
    return true;
}

// "ddcheck: PATH: cannot write the FORMAT report: WHY", PATH "<stdout>" for standard output.
static void cannot_write(const report_request *rq, const char *why)
{
    fprintf(stderr, "ddcheck: %s: cannot write the %s report: %s\n",
            rq->path && strcmp(rq->path, "-") ? rq->path : "<stdout>", rq->format->name, why);
}

// Phase 4: the inputs' names and digests for the reports, the job summary, and every report's
// file (a temporary one beside it until committed); false (said why) when one cannot be opened.
static bool open_reports(run *r)
{
    r->opts.skip_explanations = true;
    for (size_t i = 0; i < r->report_count; i++)
        r->opts.skip_explanations &= r->reports[i].format->no_explanations;
    r->input_count = r->file_count ? r->file_count : 1;
    r->names = xcalloc(r->input_count, sizeof(char *));
    for (size_t i = 0; i < r->file_count; i++)
        r->names[i] = strcmp(r->files[i], "-") == 0 ? "<stdin>" : r->files[i];
    if (r->file_count == 0)
        r->names[0] = "<stdin>";
    // Each input's SHA-256 is known once it has been read to its end: renderers see the
    // digests in end(), where their provenance is written.
    r->digests = xcalloc(r->input_count, sizeof *r->digests);
    r->input_sha256 = xcalloc(r->input_count, sizeof(char *));
    for (size_t i = 0; i < r->report_count; i++)
        if (r->reports[i].format->input_digests)
            r->opts.digests = r->digests;
    // GitHub Actions: a github report also appends a job summary to $GITHUB_STEP_SUMMARY.
    r->step_summary_path = getenv("GITHUB_STEP_SUMMARY");
    for (size_t i = 0; i < r->report_count && r->step_summary_path && *r->step_summary_path; i++) {
        if (r->reports[i].format == &REPORT_FORMAT_GITHUB && !r->step_summary) {
            r->step_summary = fopen(r->step_summary_path, "a");
            if (!r->step_summary)
                fprintf(stderr,
                        "ddcheck: warning: GITHUB_STEP_SUMMARY %s: cannot append the job "
                        "summary: %s\n",
                        r->step_summary_path, strerror(errno));
        }
    }
    size_t opened = 0;
    for (; opened < r->report_count; opened++) {
        report_request *rq = &r->reports[opened];
        // A format that needs a library loaded at run time (xlsx) is known to be writable
        // before anything is read: a gate never runs a whole batch to fail at the end.
        char why[512];
        if (rq->format->ready && !rq->format->ready(why, sizeof why)) {
            cannot_write(rq, why);
            break;
        }
        if (!output_open(&rq->out, rq->path)) {
            cannot_write(rq, strerror(errno));
            break;
        }
    }
    if (opened == r->report_count)
        return true;
    for (size_t i = 0; i < opened; i++)
        output_abort(&r->reports[i].out);
    if (r->step_summary)
        fclose(r->step_summary);
    r->step_summary = NULL;
    return false;
}

// Phase 5, the renderers driven: each begins (with its colour, buffer and byte-order mark), the
// batch feeds every project to each (on_project), and each ends with the summary and the
// inputs' digests; then each report file is committed, or dropped when the run could not be
// done (no project, or an input unreadable): one could pass for the assessment. True when every
// report was written.
static bool write_reports(run *r, batch_status *bs, diag_list *diags)
{
    report_context ctx = {
        .checklist = r->cl,
        .tool_version = DDCHECK_VERSION,
        .inputs = r->names,
        .input_sha256 = r->input_sha256,
        .input_count = r->input_count,
        .generated_at = r->when,
        .generated_time = r->when_seconds,
        .verbose = r->verbose,
        .step_summary = r->step_summary,
        .details_limit = r->details_limit,
    };
    // Report files have large buffers (output.c). Every renderer must see the
    // colour decision made for it at begin(); later ones may not change it for earlier ones,
    // so colour is only ever on for one text report.
    for (size_t i = 0; i < r->report_count; i++) {
        report_request *rq = &r->reports[i];
        ctx.color = want_color(rq->path, r->color_mode) && rq->format == &REPORT_FORMAT_TEXT;
        if (!r->no_bom && wants_bom(rq))
            fputs("\xEF\xBB\xBF", rq->out.fp);
        rq->state = rq->format->begin(rq->out.fp, &ctx);
    }
    progress_start(&r->progress, r->files, r->file_count);
    r->opts.csv.bytes_read = &r->progress.bytes_read;
    // Formats whose projects render apart are rendered in batch.c's worker threads.
    render_parts parts;
    const report_format *formats[MAX_REPORTS];
    FILE *outs[MAX_REPORTS];
    for (size_t i = 0; i < r->report_count; i++) {
        formats[i] = r->reports[i].format;
        outs[i] = r->reports[i].out.fp;
    }
    r->opts.renderer =
        render_parts_init(&parts, &ctx, formats, outs, r->report_count, &r->progress);
    batch_run(r->cl, r->files, r->file_count, &r->opts, on_project, r, bs, diags);
    render_parts_done(&parts);
    progress_end(&r->progress);
    for (size_t i = 0; i < r->input_count; i++)
        r->input_sha256[i] = r->digests[i][0] ? r->digests[i] : NULL;
    waiver_set_report_unused(r->waivers, diags);
    bool cannot_run = bs->failed_files || bs->summary.projects == 0;
    bool written = true;
    for (size_t i = 0; i < r->report_count; i++) {
        report_request *rq = &r->reports[i];
        rq->format->end(rq->state, &bs->summary);
        if (parts.errors[i]) // a write failed in batch.c's worker thread: its reason
            errno = parts.errors[i];
        if (cannot_run && rq->out.tmp_path) {
            output_abort(&rq->out);
            rq->aborted = true;
        } else if (!output_commit(&rq->out)) {
            cannot_write(rq, strerror(errno ? errno : EIO));
            written = false;
        }
    }
    if (r->step_summary && fclose(r->step_summary) != 0)
        fprintf(stderr,
                "ddcheck: warning: GITHUB_STEP_SUMMARY %s: cannot append the job summary: "
                "%s\n",
                r->step_summary_path, strerror(errno));
    r->step_summary = NULL;
    return written;
}

// Phase 6: what the run found wrong, after the reports: the rows' and waivers' diagnostics, no
// project at all, the reports not written.
static void print_run_problems(const run *r, const batch_status *bs, const diag_list *diags)
{
    cli_print_diags(diags);
    if (diags->dropped) // rows and unused waivers alike (one cap: batch_run sets it)
        fprintf(stderr, "ddcheck: … and %zu more problems not shown\n", diags->dropped);
    if (bs->summary.projects == 0 && !bs->failed_files)
        fprintf(stderr, "ddcheck: error: no project in the input: nothing to check, and a gate "
                        "never passes on nothing\n");
    for (size_t i = 0; i < r->report_count; i++)
        if (r->reports[i].aborted)
            fprintf(stderr, "ddcheck: %s: not written: the run could not be done\n",
                    r->reports[i].path);
}

// Phase 7: the exit status of a run that was done: 1 when a project fails as --fail-on says
// (with a baseline, only for something new), else 0.
static int gate_status(const run *r, const batch_summary *summary)
{
    if (r->fail == FAIL_ON_NEVER)
        return EXIT_ALL_PASS;
    if (r->base && r->fail == FAIL_ON_INVALID)
        return summary->new_invalid ? EXIT_SOME_GAP : EXIT_ALL_PASS;
    if (r->base) // only new gaps fail the run
        return summary->new_gaps ? EXIT_SOME_GAP : EXIT_ALL_PASS;
    if (r->fail == FAIL_ON_INVALID)
        return summary->invalid ? EXIT_SOME_GAP : EXIT_ALL_PASS;
    return summary->gap || summary->invalid ? EXIT_SOME_GAP : EXIT_ALL_PASS;
}

// Phases 3 to 7: load, open, evaluate into the reports, tell, and gate.
static int load_and_run(run *r)
{
    if (!load_run(r) || !open_reports(r))
        return EXIT_CANNOT_RUN;
    diag_list diags = {0};
    batch_status bs;
    bool written = write_reports(r, &bs, &diags);
    print_run_problems(r, &bs, &diags);
    diag_list_clear(&diags);
    // No project at all is no assessment: a gate never passes on nothing (DESIGN.md).
    if (!written || bs.failed_files || bs.summary.projects == 0)
        return EXIT_CANNOT_RUN;
    return gate_status(r, &bs.summary);
}

static void release_run(run *r)
{
    free(r->names);
    free(r->digests);
    free(r->input_sha256);
    waiver_set_free(r->waivers);
    baseline_free(r->base);
    checklist_free(r->cl);
    free(r->files);
}

int cmd_evaluate(int argc, char **argv)
{
    run r = {.color_mode = "auto", .fail = FAIL_ON_GAP};
    r.files = xcalloc((size_t)argc + 1, sizeof(char *));
    int status = parse_arguments(&r, argc, argv);
    if (status == GO_ON)
        status = check_arguments(&r);
    if (status == GO_ON)
        status = load_and_run(&r);
    release_run(&r);
    return status;
}
