/* ddcheck.h: the public C API of libddcheck, the library under the ddcheck program.
 *
 * libddcheck scores project proposals (rows of a CSV submission) against a due-diligence
 * checklist (a ddcheck-checklist/1 JSON file of JSON Logic rules) and writes pass/gap reports
 * in any of the program's formats. The words are those of ddcheck's DESIGN.md: a checklist has
 * criteria, a criterion has requirements, each requirement has a rule over declared fields;
 * each requirement of each project gets one outcome, each criterion a status, each project a
 * score and a verdict.
 *
 * This header is the whole API: one file, opaque types, no global state. Everything else in
 * the source tree (checklist/, evaluator/, reports/ and their headers) is internal and may
 * change in any release; only the symbols declared here are exported from libddcheck.so.
 *
 * What the ddcheck program still uses beyond this API (its internal headers): the table of
 * report formats with their descriptions (for --help), atomic -o files (cli/output.c), lint's
 * separate static checks and `lint --strict`, the checklists' own tests (`ddcheck test`), the
 * submission template and data dictionary, `explain` (a rule in words with the cells it read),
 * `docs`, plain JSON Logic (`ddcheck logic`), `diff` of two JSON reports, and the colour and
 * SOURCE_DATE_EPOCH decisions that belong to a command line. The evaluate command also needs,
 * to move onto this API without a change of output: a checklist named by a path *or* a
 * built-in id, with the program's message when it is neither; the input options (--encoding,
 * --decimal, --sheet); per-report options (--details, colour, the GitHub job summary); the
 * bytes read so far (the progress line); the count of new invalid rows (--fail-on invalid with
 * a baseline); the count of problems left out past the cap; and a run that tells a failed input
 * from no project at all, without adding its own words for either (the program prints its own).
 * The others are program features, not API.
 *
 * Memory: every function that returns a handle says which function frees it; `_free(NULL)` is a
 * no-op. Strings returned by accessors belong to the handle they came from and stay valid as
 * long as it does, unless said otherwise. Out of memory aborts the process with a message (one
 * policy for the whole library); every other problem is reported to the caller, never printed.
 *
 * Threads: there is no global state. Separate handles may be used from separate threads at the
 * same time; one handle must not be used by two threads at once. A ddcheck_checklist is
 * read-only once open, so several evaluations (in several threads) may share one. (One caveat
 * from below: cJSON, which reads the JSON, resets a global error record of its own at every
 * parse. ddcheck never reads that record, and every thread writes the same values to it.
 * And the Excel libraries, libzip, expat and libxlsxwriter, are loaded the first time a workbook
 * is read or written, once per process and under a lock, whichever thread comes first.)
 *
 * Typical use:
 *
 *     ddcheck_problems *problems = ddcheck_problems_new();
 *     ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, problems);
 *     ddcheck_evaluation *ev = cl ? ddcheck_evaluation_new(cl) : NULL;
 *     if (ev) {
 *         ddcheck_evaluation_add_buffer(ev, csv_text, csv_len, "portfolio.csv");
 *         ddcheck_evaluation_add_report(ev, "json", stdout);
 *         ddcheck_status status = ddcheck_evaluation_run(ev, on_project, NULL, problems);
 *     }
 *     ddcheck_problems_print(problems, stderr);
 *     ddcheck_evaluation_free(ev);
 *     ddcheck_checklist_free(cl);
 *     ddcheck_problems_free(problems);
 */
#ifndef DDCHECK_H
#define DDCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/** DDCHECK_API marks what libddcheck.so exports; the library is built with every other symbol
 *  hidden (-fvisibility=hidden). */
#if defined(__GNUC__) && __GNUC__ >= 4
#define DDCHECK_API __attribute__((visibility("default")))
#else
#define DDCHECK_API
#endif

/**
 * ## Version
 */

/** The library's version as one integer, 0xMMmmpp: major in bits 16-23, minor in 8-15, patch in
 *  0-7 (0.1.0 is 0x000100). Compare it with what a program was written for. */
DDCHECK_API int ddcheck_version(void);

/** The library's version as a string ("0.1.0"); static, never freed. */
DDCHECK_API const char *ddcheck_version_string(void);

/**
 * ## Problems
 *
 * Every function that can meet bad input takes a ddcheck_problems list (or NULL to ignore the
 * details) and appends each problem with its place: a checklist error with its line, column and
 * JSON Pointer; a CSV row that cannot be read with its file, line and column; an unreadable
 * file. Nothing is ever printed by the library and there is no "last error".
 */

/** A problem stops what it concerns (error) or only tells of something odd (warning). */
typedef enum {
    DDCHECK_ERROR,
    DDCHECK_WARNING,
} ddcheck_severity;

/** A list of problems, appended to by the functions that take it. */
typedef struct ddcheck_problems ddcheck_problems;

/** A new, empty list. Free with ddcheck_problems_free(). */
DDCHECK_API ddcheck_problems *ddcheck_problems_new(void);

/** Frees the list and every problem in it; NULL is a no-op. */
DDCHECK_API void ddcheck_problems_free(ddcheck_problems *problems);

/** Empties the list (to reuse it for another call). */
DDCHECK_API void ddcheck_problems_clear(ddcheck_problems *problems);

/** How many problems the list holds, and how many of them are errors. */
DDCHECK_API size_t ddcheck_problems_count(const ddcheck_problems *problems);
DDCHECK_API size_t ddcheck_problems_errors(const ddcheck_problems *problems);

/** The i-th problem (0-based, in the order found; i < ddcheck_problems_count()). `file` is the
 *  name the input was given by (a path, "builtin:ID", the name of a buffer) or NULL; `line` and
 *  `column` are 1-based, 0 when unknown; `pointer` is the JSON Pointer of the place in a
 *  checklist, or NULL. The strings belong to the list, valid until it is cleared or freed. */
DDCHECK_API ddcheck_severity ddcheck_problem_severity(const ddcheck_problems *problems, size_t i);
DDCHECK_API const char *ddcheck_problem_file(const ddcheck_problems *problems, size_t i);
DDCHECK_API long ddcheck_problem_line(const ddcheck_problems *problems, size_t i);
DDCHECK_API long ddcheck_problem_column(const ddcheck_problems *problems, size_t i);
DDCHECK_API const char *ddcheck_problem_pointer(const ddcheck_problems *problems, size_t i);
DDCHECK_API const char *ddcheck_problem_message(const ddcheck_problems *problems, size_t i);

/** Writes every problem to out, one a line, as the ddcheck program does:
 *  "ddcheck: FILE:LINE:COL: error: message (at /pointer)", control characters made visible.
 *  Returns false when writing failed. */
DDCHECK_API bool ddcheck_problems_print(const ddcheck_problems *problems, FILE *out);

/**
 * ## Checklists
 *
 * A checklist is opened once, checked as `ddcheck lint` checks it (a checklist with any error
 * is refused: a rule that can never match its field would blame every project), and its rules
 * compiled. An open checklist is read-only.
 */

typedef struct ddcheck_checklist ddcheck_checklist;

/** Opens the checklist file at path. Returns NULL when it cannot be read or has any error, with
 *  every problem (errors and warnings, each with its place) appended to problems (may be NULL).
 *  Free with ddcheck_checklist_free(). */
DDCHECK_API ddcheck_checklist *ddcheck_checklist_open(const char *path, ddcheck_problems *problems);

/** Opens a checklist from JSON text: len bytes at text (need not be NUL-terminated); name is
 *  what problems and reports call it (e.g. a path; NULL: "<buffer>"). As ddcheck_checklist_open
 *  otherwise; the text is not kept. */
DDCHECK_API ddcheck_checklist *ddcheck_checklist_open_buffer(const char *text, size_t len,
                                                             const char *name,
                                                             ddcheck_problems *problems);

/** Opens the built-in checklist with this id (NULL: the default one, "group3-investor"); it is
 *  named "builtin:ID" in problems and reports. NULL, with one error, when there is no such id. */
DDCHECK_API ddcheck_checklist *ddcheck_checklist_open_builtin(const char *id,
                                                              ddcheck_problems *problems);

/** Frees a checklist; NULL is a no-op. Every evaluation made with it must be freed first. */
DDCHECK_API void ddcheck_checklist_free(ddcheck_checklist *checklist);

/** The built-in checklists: their number, and the id of the i-th (static strings, in id order;
 *  NULL when i is out of range). */
DDCHECK_API size_t ddcheck_builtin_count(void);
DDCHECK_API const char *ddcheck_builtin_id(size_t i);

/** The checklist's own description: id, title, version, the name it was opened by, the SHA-256
 *  of its text (64 lowercase hex digits), the name of its key field, and its pass_score. */
DDCHECK_API const char *ddcheck_checklist_id(const ddcheck_checklist *checklist);
DDCHECK_API const char *ddcheck_checklist_title(const ddcheck_checklist *checklist);
DDCHECK_API const char *ddcheck_checklist_version(const ddcheck_checklist *checklist);
DDCHECK_API const char *ddcheck_checklist_origin(const ddcheck_checklist *checklist);
DDCHECK_API const char *ddcheck_checklist_sha256(const ddcheck_checklist *checklist);
DDCHECK_API const char *ddcheck_checklist_key(const ddcheck_checklist *checklist);
DDCHECK_API double ddcheck_checklist_pass_score(const ddcheck_checklist *checklist);

/** Criteria, in checklist order: their number, and the id, title and weight of the i-th (NULL
 *  or 0 when i is out of range). */
DDCHECK_API size_t ddcheck_criterion_count(const ddcheck_checklist *checklist);
DDCHECK_API const char *ddcheck_criterion_id(const ddcheck_checklist *checklist, size_t i);
DDCHECK_API const char *ddcheck_criterion_title(const ddcheck_checklist *checklist, size_t i);
DDCHECK_API double ddcheck_criterion_weight(const ddcheck_checklist *checklist, size_t i);

/** Requirements, in checklist order across all criteria: their number; the id and text of the
 *  i-th; the index of its criterion; whether it is critical; the request for evidence to send
 *  when it is not met (its `gap`, or NULL). NULL, 0 or false when i is out of range. */
DDCHECK_API size_t ddcheck_requirement_count(const ddcheck_checklist *checklist);
DDCHECK_API const char *ddcheck_requirement_id(const ddcheck_checklist *checklist, size_t i);
DDCHECK_API const char *ddcheck_requirement_text(const ddcheck_checklist *checklist, size_t i);
DDCHECK_API size_t ddcheck_requirement_criterion(const ddcheck_checklist *checklist, size_t i);
DDCHECK_API bool ddcheck_requirement_critical(const ddcheck_checklist *checklist, size_t i);
DDCHECK_API const char *ddcheck_requirement_gap(const ddcheck_checklist *checklist, size_t i);

/**
 * ## Outcomes, statuses, verdicts
 */

/** A requirement's outcome in one project (DESIGN.md, "Outcomes"). */
typedef enum {
    DDCHECK_MET,
    DDCHECK_UNMET,
    DDCHECK_NO_EVIDENCE,
    DDCHECK_INVALID,
    DDCHECK_NOT_APPLICABLE,
    DDCHECK_WAIVED,
} ddcheck_outcome;

/** A criterion's status in one project. */
typedef enum {
    DDCHECK_CRITERION_PASS,
    DDCHECK_CRITERION_PARTIAL,
    DDCHECK_CRITERION_GAP,
    DDCHECK_CRITERION_NOT_APPLICABLE,
} ddcheck_criterion_status;

/** A project's verdict: pass, gap, or invalid (a row that cannot be read as a row). */
typedef enum {
    DDCHECK_VERDICT_PASS,
    DDCHECK_VERDICT_GAP,
    DDCHECK_VERDICT_INVALID,
} ddcheck_verdict;

/** The words reports use: "met", "no_evidence", …; "pass", "partial", …; "pass", "gap",
 *  "invalid". Static strings; "?" for a value outside the enum. */
DDCHECK_API const char *ddcheck_outcome_name(ddcheck_outcome outcome);
DDCHECK_API const char *ddcheck_criterion_status_name(ddcheck_criterion_status status);
DDCHECK_API const char *ddcheck_verdict_name(ddcheck_verdict verdict);

/**
 * ## Evaluations
 *
 * An evaluation reads one batch (any number of inputs, read in the order added, as one batch),
 * scores every row once, and hands each project to a callback and to every report added, in
 * batch order. Projects are streamed, one at a time: memory stays flat however many rows there
 * are (formats that must see every project before writing, such as html, hold what they show).
 * An evaluation runs once.
 */

typedef struct ddcheck_evaluation ddcheck_evaluation;

/** A new evaluation with the checklist, which must outlive it. Free with
 *  ddcheck_evaluation_free(). */
DDCHECK_API ddcheck_evaluation *ddcheck_evaluation_new(const ddcheck_checklist *checklist);

/** Frees an evaluation (not the FILEs given to it); NULL is a no-op. */
DDCHECK_API void ddcheck_evaluation_free(ddcheck_evaluation *evaluation);

/** Adds the CSV file at path to the batch; "-" is
 *  standard input, shown as "<stdin>". It is opened when the evaluation runs: a file that
 *  cannot be read then is a problem, and the other inputs are still read. */
DDCHECK_API void ddcheck_evaluation_add_path(ddcheck_evaluation *evaluation, const char *path);

/** Adds an open stream, read to its end when the evaluation runs and not closed; name is what
 *  problems and reports call it (NULL: "<stream>"). */
DDCHECK_API void ddcheck_evaluation_add_file(ddcheck_evaluation *evaluation, FILE *in,
                                             const char *name);

/** Adds len bytes at data (need not be NUL-terminated; not copied, so they must stay as they
 *  are until the run returns); name as for ddcheck_evaluation_add_file (NULL: "<buffer>"). */
DDCHECK_API void ddcheck_evaluation_add_buffer(ddcheck_evaluation *evaluation, const char *data,
                                               size_t len, const char *name);

/** Adds a report in the named format (a name ddcheck_format_name() gives: "text", "markdown",
 *  "html", "json", "jsonl", "csv", "summary", "junit", "sarif", "github", "tap", "actions", and
 *  any other this build has), written to out as the projects come and flushed at the end; out
 *  is not closed. Returns false, adding nothing, for a name that is no format. */
DDCHECK_API bool ddcheck_evaluation_add_report(ddcheck_evaluation *evaluation, const char *format,
                                               FILE *out);

/** The i-th format name (i from 0, in the order the program's --help lists them); NULL past
 *  the last. Static strings. */
DDCHECK_API const char *ddcheck_format_name(size_t i);

/** Options, each to be set before the run. The time of the run (default: when it starts),
 *  shown by the formats that record provenance; its UTC day decides which waivers have
 *  expired. */
DDCHECK_API void ddcheck_evaluation_set_time(ddcheck_evaluation *evaluation, time_t when);

/** The cell delimiter (default 0: detected from each header line: ',', ';' or a tab). */
DDCHECK_API void ddcheck_evaluation_set_delimiter(ddcheck_evaluation *evaluation, char delimiter);

/** Limits on a row: the longest cell in bytes and the most cells (0: the defaults, 1 MiB and
 *  4096). A row past a limit is reported invalid, never held whole in memory. */
DDCHECK_API void ddcheck_evaluation_set_limits(ddcheck_evaluation *evaluation, size_t max_cell,
                                               size_t max_columns);

/** 1 (the default): read and score in the calling thread; 2: a second thread reads the CSV
 *  while the calling thread scores (the same projects and problems in the same order). */
DDCHECK_API void ddcheck_evaluation_set_threads(ddcheck_evaluation *evaluation, unsigned threads);

/** Also show passes where a format would only show gaps (github notices). */
DDCHECK_API void ddcheck_evaluation_set_verbose(ddcheck_evaluation *evaluation, bool verbose);

/** A waiver file (CSV or JSON, as `--waivers`) and a baseline (a JSON report, as `--baseline`)
 *  to read when the run starts; NULL for none. Their errors stop the run. */
DDCHECK_API void ddcheck_evaluation_set_waivers(ddcheck_evaluation *evaluation, const char *path);
DDCHECK_API void ddcheck_evaluation_set_baseline(ddcheck_evaluation *evaluation, const char *path);

/** A project as the callback sees it; valid only during the call. */
typedef struct ddcheck_project ddcheck_project;

/** Called once per project, in batch order. */
typedef void (*ddcheck_project_fn)(void *ctx, const ddcheck_project *project);

/** How a run went, as the program's exit status says it. */
typedef enum {
    /** Every project passes. */
    DDCHECK_STATUS_PASS = 0,
    /** At least one project has verdict gap or invalid (with a baseline: a new one). */
    DDCHECK_STATUS_GAP = 1,
    /** The run could not be done: no input, an input that could not be read to its end, no
     *  project at all in the inputs (a gate must never pass on nothing), a report that could
     *  not be written, a waiver or baseline file with errors, a second run. */
    DDCHECK_STATUS_ERROR = 2,
} ddcheck_status;

/** Runs the evaluation: reads every input, calls fn (may be NULL) for each project, writes every
 *  report, and appends every problem (unreadable rows and cells, unknown columns, unreadable
 *  files, failed writes) to problems (may be NULL). Rows that cannot be read are projects with
 *  verdict invalid, never dropped. */
DDCHECK_API ddcheck_status ddcheck_evaluation_run(ddcheck_evaluation *evaluation,
                                                  ddcheck_project_fn fn, void *ctx,
                                                  ddcheck_problems *problems);

/** After a run: how many projects, and how many with each verdict. */
DDCHECK_API size_t ddcheck_evaluation_projects(const ddcheck_evaluation *evaluation);
DDCHECK_API size_t ddcheck_evaluation_count(const ddcheck_evaluation *evaluation,
                                            ddcheck_verdict verdict);

/**
 * ## Projects
 *
 * Accessors of the project given to a ddcheck_project_fn; strings are valid during the call.
 */

/** The key cell (may be empty for an invalid row); its length in *len when len is not NULL. */
DDCHECK_API const char *ddcheck_project_key(const ddcheck_project *project, size_t *len);
/** The input's name, the line the row starts on, and its 0-based place in the batch. */
DDCHECK_API const char *ddcheck_project_file(const ddcheck_project *project);
DDCHECK_API long ddcheck_project_line(const ddcheck_project *project);
DDCHECK_API size_t ddcheck_project_index(const ddcheck_project *project);

/** The verdict; whether there is a score (not for an invalid row, nor when no criterion
 *  applies); the score, 0 to 100 with one decimal (0 when there is none). */
DDCHECK_API ddcheck_verdict ddcheck_project_verdict(const ddcheck_project *project);
DDCHECK_API bool ddcheck_project_scored(const ddcheck_project *project);
DDCHECK_API double ddcheck_project_score(const ddcheck_project *project);

/** For verdict invalid: why the row could not be read as a row; NULL otherwise. */
DDCHECK_API const char *ddcheck_project_error(const ddcheck_project *project);

/** The status and score (the share of its applicable requirements met or waived, 0 to 1) of the
 *  criterion with index i in the checklist. DDCHECK_CRITERION_NOT_APPLICABLE and 0 for an
 *  invalid row or an index out of range. */
DDCHECK_API ddcheck_criterion_status
ddcheck_project_criterion_status(const ddcheck_project *project, size_t i);
DDCHECK_API double ddcheck_project_criterion_score(const ddcheck_project *project, size_t i);

/** The outcome of the requirement with index i in the checklist; DDCHECK_INVALID for an
 *  invalid row, DDCHECK_NOT_APPLICABLE for an index out of range. */
DDCHECK_API ddcheck_outcome ddcheck_project_outcome(const ddcheck_project *project, size_t i);

/** Why requirement i is not met, in words (e.g. "Women's share of consultation participants is
 *  35 %, the requirement is at least 40 %"), or NULL when it is met or there is nothing to
 *  say. */
DDCHECK_API const char *ddcheck_project_reason(const ddcheck_project *project, size_t i);

#ifdef __cplusplus
}
#endif

#endif
