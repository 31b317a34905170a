/* Report renderers: one small interface, one name table. A renderer reads results, never
 * evaluates; it gets each project once, in batch order, and the summary at the end. */
#ifndef DDCHECK_REPORT_H
#define DDCHECK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "checklist/checklist.h"
#include "evaluator/result.h"

/** What every renderer may show besides the projects (provenance, presentation choices). */
typedef struct report_context {
    const checklist *checklist;
    const char *tool_version;
    /** Display names of the inputs ("<stdin>" for standard input) and their SHA-256 (hex, or
     *  NULL when not known). A digest is known only once its input has been read to the end:
     *  all are NULL in begin() and project(), and set (for every input read whole) by end(),
     *  so provenance is written in end(). */
    const char *const *inputs;
    const char *const *input_sha256;
    size_t input_count;
    /** The time of the run, ISO 8601 UTC (from SOURCE_DATE_EPOCH when set). */
    const char *generated_at;
    /** The same time in seconds since 1970, for a format that stores a time of its own (the
     *  workbook's creation time); 0 when generated_at is NULL. */
    time_t generated_time;
    /** Terminal colour (text format only); decided by the CLI from isatty and NO_COLOR. */
    bool color;
    /** Also show passes where a format would only show gaps (e.g. github notices). */
    bool verbose;
    /** github: where to append a Markdown job summary (the CLI opens $GITHUB_STEP_SUMMARY for
     *  appending when it is set), or NULL for none. */
    FILE *step_summary;
    /** html: when the batch has more projects than this, full details only for this many of the
     *  worst failing ones (the portfolio still lists every project); REPORT_DETAILS_ALL for
     *  every project's; 0: REPORT_DETAILS_DEFAULT. */
    size_t details_limit;
} report_context;

/** The html report's default details limit, and the limit that means none. */
#define REPORT_DETAILS_DEFAULT ((size_t)500)
#define REPORT_DETAILS_ALL SIZE_MAX

/** One format. begin() returns the renderer's state (or NULL when it needs none); end() writes
 *  the closing part and frees the state. Writing errors are left in `out` for the caller to see
 *  with ferror(). */
typedef struct report_format {
    const char *name;
    const char *description;
    /** True when it holds one project at a time (memory flat as input grows). */
    bool streaming;
    /** True when the renderer never reads requirement explanations: when every report of a run
     *  says so, the evaluator skips the explaining re-evaluation of failed requirements. */
    bool no_explanations;
    /** True when it shows the inputs' SHA-256 (report_context.input_sha256): hashing every
     *  byte read costs more than parsing it, so a run hashes only when some report shows it. */
    bool input_digests;
    /** True when project() writes bytes that depend on that one project and the report_context
     *  alone, begin() writes its opening part to `out` before it returns, and end() writes nothing
     *  after the projects: then projects may be rendered a batch at a time by instances of their
     *  own (begin() on a memory stream, project() for each, end(); in other threads), and each
     *  batch's bytes after the opening part, written in order, give the same report. */
    bool projects_apart;
    /** For a projects_apart format: sends what the state holds of the projects given so far to
     *  `out` without ending the report, so that one instance renders batch after batch (each
     *  batch's bytes are what `out` got since the last flush). NULL when project() holds nothing
     *  back. */
    void (*flush)(void *state);
    /** NULL for a format that can always be written. Otherwise whether it can be written in this
     *  process (the xlsx format: whether libxlsxwriter can be loaded); when not, the reason goes
     *  in why (why_size bytes; 512 are enough), to be asked before a run that would write it.
     *  begin() and end() of a format that is not ready leave a failure on `out`. */
    bool (*ready)(char *why, size_t why_size);
    void *(*begin)(FILE *out, const report_context *ctx);
    void (*project)(void *state, const project_result *project);
    void (*end)(void *state, const batch_summary *summary);
} report_format;

/** The format with this name, or NULL. */
const report_format *report_format_find(const char *name);

/** The formats in the order --help lists them; *count set. */
const report_format *const *report_formats(size_t *count);

/* The formats (one file each in reports/). */
extern const report_format REPORT_FORMAT_TEXT;
extern const report_format REPORT_FORMAT_JSON;
extern const report_format REPORT_FORMAT_JSONL;
extern const report_format REPORT_FORMAT_MARKDOWN;
extern const report_format REPORT_FORMAT_HTML;
extern const report_format REPORT_FORMAT_CSV;
extern const report_format REPORT_FORMAT_SUMMARY;
extern const report_format REPORT_FORMAT_JUNIT;
extern const report_format REPORT_FORMAT_SARIF;
extern const report_format REPORT_FORMAT_GITHUB;
extern const report_format REPORT_FORMAT_TAP;
extern const report_format REPORT_FORMAT_ACTIONS;
extern const report_format REPORT_FORMAT_XLSX;

#endif
