// `ddcheck [evaluate]`: parse options, load the checklist, run the batch once, and feed every
// requested report from that one evaluation; exit 0/1/2 as DESIGN.md says.
#define _POSIX_C_SOURCE 200809L
#include "commands.h"

#include "util/xalloc.h"
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

typedef struct run {
    report_request reports[MAX_REPORTS];
    size_t report_count;
    // With --baseline: projects failing because of a new gap (new_invalid: invalid rows).
    size_t new_gaps;
    size_t new_invalid;
    progress progress;
} run;

static void on_project(void *ctx, const project_result *p)
{
    run *r = ctx;
    progress_row(&r->progress);
    r->new_gaps += p->new_gap;
    r->new_invalid += p->new_gap && p->verdict == VERDICT_INVALID;
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
    size_t n;
    const report_format *const *all = report_formats(&n);
    fprintf(stderr, "ddcheck: unknown format '%s' (formats:", name);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, " %s", all[i]->name);
    fputs(")\n", stderr);
    return EXIT_CANNOT_RUN;
}

// ISO 8601 UTC time of the run; SOURCE_DATE_EPOCH makes it reproducible. False when that is set
// but no number of seconds: the run date decides which waivers apply, so it is not guessed
// (reproducible-builds.org asks tools to fail on a malformed value).
static bool run_time(char *buf, size_t size)
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

int cmd_evaluate(int argc, char **argv)
{
    const char *checklist_spec = NULL;
    const char *color_mode = "auto";
    fail_on fail = FAIL_ON_GAP;
    bool verbose = false;
    size_t details_limit = 0;
    bool no_bom = false;
    run r = {0};
    const char **files = xcalloc((size_t)argc + 1, sizeof(char *));
    size_t file_count = 0;
    batch_options opts = {0};
    int status = EXIT_CANNOT_RUN;
    checklist *cl = NULL;
    const char *waivers_path = NULL;
    const char *baseline_path = NULL;
    waiver_set *waivers = NULL;
    baseline *base = NULL;

    cli_parser parse;
    cli_parser_init(&parse, CLI_EVALUATE, argc, argv);
    const char *next;
    for (int id; (id = cli_parser_next(&parse, &next)) != CLI_END;) {
        const char *a = parse.word;
        switch (id) {
        case CLI_STOP:
            status = parse.status;
            goto done;
        case CLI_OPERAND:
            files[file_count++] = next;
            break;
        case OPT_CHECKLIST:
            if (checklist_spec)
                goto twice;
            checklist_spec = next;
            break;
        case OPT_FORMAT: {
            const report_format *f = report_format_find(next);
            if (!f) {
                status = unknown_format(next);
                goto done;
            }
            if (r.report_count == MAX_REPORTS) {
                status = cli_usage_error("at most %d reports in one run", MAX_REPORTS);
                goto done;
            }
            r.reports[r.report_count++] = (report_request){.format = f};
            break;
        }
        case OPT_OUTPUT:
            if (r.report_count == 0)
                r.reports[r.report_count++] = (report_request){.format = &REPORT_FORMAT_TEXT};
            if (r.reports[r.report_count - 1].path) {
                status = cli_usage_error("'-o %s' needs its own '-f FORMAT' before it", next);
                goto done;
            }
            r.reports[r.report_count - 1].path = next;
            break;
        case OPT_FAIL_ON:
            if (strcmp(next, "gap") == 0)
                fail = FAIL_ON_GAP;
            else if (strcmp(next, "invalid") == 0)
                fail = FAIL_ON_INVALID;
            else if (strcmp(next, "never") == 0)
                fail = FAIL_ON_NEVER;
            else {
                status = cli_usage_error("--fail-on takes gap, invalid or never, not '%s'", next);
                goto done;
            }
            break;
        case OPT_WAIVERS:
            if (waivers_path)
                goto twice;
            waivers_path = next;
            break;
        case OPT_BASELINE:
            if (baseline_path)
                goto twice;
            baseline_path = next;
            break;
        case OPT_DELIMITER:
            if (strcmp(next, "\\t") == 0 || strcmp(next, "tab") == 0)
                opts.csv.delimiter = '\t';
            else if (strlen(next) == 1 && next[0] != '"' && next[0] != '\n' && next[0] != '\r')
                opts.csv.delimiter = next[0];
            else {
                status =
                    cli_usage_error("--delimiter takes one character (or 'tab'), not '%s'", next);
                goto done;
            }
            break;
        case OPT_MAX_CELL:
        case OPT_MAX_COLUMNS: {
            bool cell = id == OPT_MAX_CELL;
            size_t limit;
            if (!parse_limit(next, cell, &limit)) {
                status = cli_usage_error("%s takes a positive whole number%s, not '%s'", a,
                                         cell ? " of bytes (K, M or G allowed)" : "", next);
                goto done;
            }
            if (cell)
                opts.csv.max_cell = limit;
            else
                opts.csv.max_columns = limit;
            break;
        }
        case OPT_ENCODING:
            if (opts.input.encoding)
                goto twice;
            if (!submission_encoding_known(next)) {
                status = cli_usage_error("--encoding: '%s' is not an encoding this system can "
                                         "decode (see 'iconv -l'; e.g. windows-1252, UTF-16)",
                                         next);
                goto done;
            }
            opts.input.encoding = next;
            break;
        case OPT_DECIMAL:
            if (strcmp(next, ".") && strcmp(next, ",")) {
                status = cli_usage_error("--decimal takes . or , not '%s'", next);
                goto done;
            }
            opts.input.decimal = next[0];
            break;
        case OPT_NO_BOM:
            no_bom = true;
            break;
        case OPT_SHEET:
            if (opts.input.sheet)
                goto twice;
            opts.input.sheet = next;
            break;
        case OPT_THREADS:
            if (strcmp(next, "1") && strcmp(next, "2")) {
                status = cli_usage_error("--threads takes 1 or 2, not '%s'", next);
                goto done;
            }
            opts.threads = (unsigned)(next[0] - '0');
            break;
        case OPT_COLOR:
            if (strcmp(next, "auto") && strcmp(next, "always") && strcmp(next, "never")) {
                status = cli_usage_error("--color takes auto, always or never");
                goto done;
            }
            color_mode = next;
            break;
        case OPT_NO_COLOR:
            color_mode = "never";
            break;
        case OPT_VERBOSE:
            verbose = true;
            break;
        case OPT_DETAILS:
            if (strcmp(next, "all") == 0)
                details_limit = REPORT_DETAILS_ALL;
            else if (!parse_limit(next, false, &details_limit)) {
                status = cli_usage_error("--details takes a positive whole number or 'all', not "
                                         "'%s'",
                                         next);
                goto done;
            }
            break;
        case OPT_VERSION:
            printf("ddcheck %s\n%s", DDCHECK_VERSION, DDCHECK_LICENSE_NOTICE);
            status = cli_finish_stdout(EXIT_ALL_PASS);
            goto done;
        }
        continue;
    twice: // silently keeping only the last one would drop a file the user named
        status = cli_usage_error("option '%s' is given twice; a run takes one%s", a,
                                 id == OPT_WAIVERS ? " (put all waivers in one file)" : "");
        goto done;
    }
    if (file_count == 0 && isatty(STDIN_FILENO)) {
        status = cli_usage_error("no FILE to read, and standard input is a terminal; give a CSV "
                                 "file, or '-' to type one");
        goto done;
    }
    if (r.report_count == 0)
        r.reports[r.report_count++] = (report_request){.format = &REPORT_FORMAT_TEXT};
    size_t to_stdout = 0;
    for (size_t i = 0; i < r.report_count; i++) {
        bool std_out = !r.reports[i].path || strcmp(r.reports[i].path, "-") == 0;
        if (std_out && r.reports[i].format == &REPORT_FORMAT_XLSX) {
            status = cli_usage_error("-f xlsx needs '-o FILE.xlsx': a workbook is a file, not "
                                     "text for standard output");
            goto done;
        }
        to_stdout += std_out;
    }
    if (to_stdout > 1) {
        status = cli_usage_error("only one report can go to standard output; give the others "
                                 "'-o FILE'");
        goto done;
    }
    for (size_t i = 0; i < r.report_count; i++) {
        for (size_t k = i + 1; k < r.report_count; k++) {
            const char *p = r.reports[i].path, *q = r.reports[k].path;
            if (p && q && strcmp(p, "-") != 0 && strcmp(p, q) == 0) {
                status = cli_usage_error("two reports would be written to '%s'; give each its "
                                         "own '-o FILE'",
                                         p);
                goto done;
            }
        }
    }
    size_t stdin_count = 0;
    for (size_t i = 0; i < file_count; i++)
        stdin_count += strcmp(files[i], "-") == 0;
    if (stdin_count > 1) {
        status = cli_usage_error("standard input ('-') can be read only once");
        goto done;
    }

    for (size_t i = 0; i < file_count; i++) {
        if (unmatched_pattern(files[i])) {
            fprintf(stderr,
                    "ddcheck: %s: error: no file matches this pattern: nothing to check, "
                    "and a gate never passes on nothing\n",
                    files[i]);
            goto done;
        }
    }
    const char *others[] = {checklist_spec, waivers_path, baseline_path};
    if (refuse_output_over_input(&r, files, file_count, others, 3))
        goto done;

    const char *threads_env = getenv("DDCHECK_THREADS");
    if (threads_env && *threads_env && strcmp(threads_env, "1") && strcmp(threads_env, "2"))
        fprintf(stderr, "ddcheck: warning: DDCHECK_THREADS \"%s\" is not 1 or 2; it is ignored\n",
                threads_env);

    cl = cli_load_checklist(checklist_spec);
    if (!cl)
        goto done;

    char when[32];
    if (!run_time(when, sizeof when)) {
        fprintf(stderr,
                "ddcheck: SOURCE_DATE_EPOCH \"%s\" is not a number of seconds since 1970-01-01 "
                "(it sets the run date, which decides which waivers apply)\n",
                getenv("SOURCE_DATE_EPOCH"));
        goto done;
    }
    if (waivers_path || baseline_path) {
        // Waivers expire by the run date (UTC), the day part of `when`.
        char today[11];
        memcpy(today, when, 10);
        today[10] = '\0';
        diag_list early = {0};
        if (waivers_path)
            waivers = waiver_set_load(waivers_path, cl, today, &early);
        if (baseline_path)
            base = baseline_load(baseline_path, cl, &early);
        cli_print_diags(&early);
        bool failed = (waivers_path && !waivers) || (baseline_path && !base);
        diag_list_clear(&early);
        if (failed)
            goto done;
        opts.waivers = waivers;
        opts.baseline = base;
    }
    opts.skip_explanations = true;
    for (size_t i = 0; i < r.report_count; i++)
        opts.skip_explanations &= r.reports[i].format->no_explanations;
    const char **names = xcalloc(file_count + 1, sizeof(char *));
    for (size_t i = 0; i < file_count; i++)
        names[i] = strcmp(files[i], "-") == 0 ? "<stdin>" : files[i];
    if (file_count == 0)
        names[0] = "<stdin>";
    // Each input's SHA-256 is known once it has been read to its end: renderers see the
    // digests in end(), where their provenance is written.
    size_t input_count = file_count ? file_count : 1;
    char(*digests)[65] = xcalloc(input_count, sizeof *digests);
    const char **input_sha256 = xcalloc(input_count, sizeof(char *));
    for (size_t i = 0; i < r.report_count; i++)
        if (r.reports[i].format->input_digests)
            opts.digests = digests;
    report_context ctx = {
        .checklist = cl,
        .tool_version = DDCHECK_VERSION,
        .inputs = names,
        .input_sha256 = input_sha256,
        .input_count = input_count,
        .generated_at = when,
        .verbose = verbose,
        .details_limit = details_limit,
    };
    // GitHub Actions: a github report also appends a job summary to $GITHUB_STEP_SUMMARY.
    FILE *step_summary = NULL;
    const char *step_summary_path = getenv("GITHUB_STEP_SUMMARY");
    for (size_t i = 0; i < r.report_count && step_summary_path && *step_summary_path; i++) {
        if (r.reports[i].format == &REPORT_FORMAT_GITHUB && !step_summary) {
            step_summary = fopen(step_summary_path, "a");
            if (!step_summary)
                fprintf(stderr,
                        "ddcheck: warning: GITHUB_STEP_SUMMARY %s: cannot append the job "
                        "summary: %s\n",
                        step_summary_path, strerror(errno));
        }
    }
    ctx.step_summary = step_summary;
    size_t opened = 0;
    for (; opened < r.report_count; opened++) {
        report_request *rq = &r.reports[opened];
        if (!output_open(&rq->out, rq->path)) {
            fprintf(stderr, "ddcheck: %s: cannot write the %s report: %s\n", rq->path,
                    rq->format->name, strerror(errno));
            break;
        }
    }
    if (opened < r.report_count) {
        for (size_t i = 0; i < opened; i++)
            output_abort(&r.reports[i].out);
        if (step_summary)
            fclose(step_summary);
        free(names);
        free(digests);
        free(input_sha256);
        goto done;
    }
    // Large buffers: reports are written in many small pieces.
    for (size_t i = 0; i < r.report_count; i++) {
        report_context *c = &ctx;
        c->color =
            want_color(r.reports[i].path, color_mode) && r.reports[i].format == &REPORT_FORMAT_TEXT;
        if (r.reports[i].out.fp != stdout)
            setvbuf(r.reports[i].out.fp, NULL, _IOFBF, 1 << 16);
        if (!no_bom && wants_bom(&r.reports[i]))
            fputs("\xEF\xBB\xBF", r.reports[i].out.fp);
        r.reports[i].state = r.reports[i].format->begin(r.reports[i].out.fp, c);
    }
    // Every renderer must see the colour decision made for it at begin(); later ones may
    // not change it for earlier ones, so colour is only ever on for one text report.

    diag_list diags = {0};
    batch_status bs;
    progress_start(&r.progress, files, file_count);
    opts.csv.bytes_read = &r.progress.bytes_read;
    // Formats whose projects render apart are rendered in batch.c's worker threads.
    render_parts parts;
    const report_format *formats[MAX_REPORTS];
    FILE *outs[MAX_REPORTS];
    for (size_t i = 0; i < r.report_count; i++) {
        formats[i] = r.reports[i].format;
        outs[i] = r.reports[i].out.fp;
    }
    opts.renderer = render_parts_init(&parts, &ctx, formats, outs, r.report_count, &r.progress);
    batch_run(cl, files, file_count, &opts, on_project, &r, &bs, &diags);
    r.new_gaps += parts.new_gaps;
    r.new_invalid += parts.new_invalid;
    render_parts_done(&parts);
    progress_end(&r.progress);
    for (size_t i = 0; i < input_count; i++)
        input_sha256[i] = digests[i][0] ? digests[i] : NULL;
    waiver_set_report_unused(waivers, &diags);
    // No project at all is no assessment: a gate never passes on nothing (DESIGN.md).
    bool no_project = bs.summary.projects == 0 && !bs.failed_files;
    // A run that could not be done leaves no report file: one could pass for the assessment.
    bool cannot_run = no_project || bs.failed_files;
    bool write_failed = false;
    for (size_t i = 0; i < r.report_count; i++) {
        report_request *rq = &r.reports[i];
        rq->format->end(rq->state, &bs.summary);
        if (cannot_run && rq->out.tmp_path) {
            output_abort(&rq->out);
            rq->aborted = true;
        } else if (!output_commit(&rq->out)) {
            fprintf(stderr, "ddcheck: %s: cannot write the %s report: %s\n",
                    rq->path && strcmp(rq->path, "-") ? rq->path : "<stdout>", rq->format->name,
                    strerror(errno ? errno : EIO));
            write_failed = true;
        }
    }
    if (step_summary && fclose(step_summary) != 0)
        fprintf(stderr,
                "ddcheck: warning: GITHUB_STEP_SUMMARY %s: cannot append the job summary: "
                "%s\n",
                step_summary_path, strerror(errno));
    cli_print_diags(&diags);
    if (diags.dropped) // rows and unused waivers alike (one cap: batch_run sets it)
        fprintf(stderr, "ddcheck: … and %zu more problems not shown\n", diags.dropped);
    if (no_project)
        fprintf(stderr, "ddcheck: error: no project in the input: nothing to check, and a gate "
                        "never passes on nothing\n");
    for (size_t i = 0; i < r.report_count; i++)
        if (r.reports[i].aborted)
            fprintf(stderr, "ddcheck: %s: not written: the run could not be done\n",
                    r.reports[i].path);
    diag_list_clear(&diags);
    free(names);
    free(digests);
    free(input_sha256);
    if (write_failed || cannot_run)
        status = EXIT_CANNOT_RUN;
    else if (fail == FAIL_ON_NEVER)
        status = EXIT_ALL_PASS;
    else if (base && fail == FAIL_ON_INVALID)
        status = r.new_invalid ? EXIT_SOME_GAP : EXIT_ALL_PASS;
    else if (base) // only new gaps fail the run
        status = r.new_gaps ? EXIT_SOME_GAP : EXIT_ALL_PASS;
    else if (fail == FAIL_ON_INVALID)
        status = bs.summary.invalid ? EXIT_SOME_GAP : EXIT_ALL_PASS;
    else
        status = bs.summary.gap || bs.summary.invalid ? EXIT_SOME_GAP : EXIT_ALL_PASS;

done:
    waiver_set_free(waivers);
    baseline_free(base);
    checklist_free(cl);
    free(files);
    return status;
}
