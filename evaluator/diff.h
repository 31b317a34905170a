/* Two ddcheck-report/1 JSON reports compared: projects matched by key, requirements by id; what
 * closed, opened and stayed open, score and verdict changes, new and removed projects. */
#ifndef DDCHECK_DIFF_H
#define DDCHECK_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

/** One requirement of one project as a report gives it. */
typedef struct diff_requirement {
    char *id;
    char *outcome; /* "met", "unmet", … as written */
} diff_requirement;

/** One project of a report. Requirements are sorted by id. */
typedef struct diff_project {
    char *key;
    char *file;
    long line;
    bool scored; /* false when the score is null */
    double score;
    char *verdict; /* "pass", "gap" or "invalid" */
    diff_requirement *requirements;
    size_t requirement_count;
} diff_project;

/** A loaded report; read-only to callers. Free with diff_report_free(). */
typedef struct diff_report {
    char *name; /* the path as given, for messages */
    char *checklist_id;
    char *checklist_version;
    diff_project *projects; /* in report order */
    size_t project_count;
} diff_report;

/** Parses a ddcheck-report/1 document (len bytes). Problems (bad JSON, not a report, a project
 *  without a key or verdict) are errors in diags with line and column; returns NULL when there
 *  was any. */
diff_report *diff_report_parse(const char *text, size_t len, const char *name, diag_list *diags);
/** Reads and parses a report file (an unreadable file is one error). */
diff_report *diff_report_load(const char *path, diag_list *diags);
/** Frees a report; NULL is a no-op. */
void diff_report_free(diff_report *r);

/** True for the outcomes that are gaps: unmet, no_evidence, invalid. */
bool diff_outcome_is_gap(const char *outcome);

typedef enum {
    DIFF_MATCHED, /* the key is in both reports */
    DIFF_NEW,     /* only in the new report */
    DIFF_REMOVED, /* only in the old report */
} diff_kind;

/** One project's change. Requirement ids point into the reports (which must outlive it). */
typedef struct diff_project_change {
    diff_kind kind;
    const diff_project *old_project; /* NULL for DIFF_NEW */
    const diff_project *new_project; /* NULL for DIFF_REMOVED */
    /** Requirements that were gaps and now are met, waived or not applicable. */
    const char **closed;
    size_t closed_count;
    /** Requirements that were not gaps and now are: unmet, no_evidence or invalid. For a new
     *  project: every gap it has. */
    const char **opened;
    size_t opened_count;
    /** Gaps on both sides. */
    const char **still_open;
    size_t still_open_count;
    /** Opened requirements, a verdict that got worse (pass → gap → invalid), or a new project
     *  whose verdict is not pass. */
    bool regressed;
} diff_project_change;

/** The comparison. Free with diff_result_free(). */
typedef struct diff_result {
    const diff_report *old_report;
    const diff_report *new_report;
    bool checklist_differs; /* id or version */
    /** Requirement ids that appear in one report only (in no project of the other). */
    const char **only_old;
    size_t only_old_count;
    const char **only_new;
    size_t only_new_count;
    /** Matched and new projects in the new report's order, then removed ones in the old's. */
    diff_project_change *projects;
    size_t project_count;
    /** Totals. */
    size_t closed, opened, still_open, new_projects, removed_projects, regressed_projects;
} diff_result;

/** Compares two reports. Projects are matched by key; a key that occurs several times is matched
 *  occurrence by occurrence. Requirements that exist on one side only are listed in only_old /
 *  only_new and not counted as closed or opened; when either project of a match has no
 *  requirements (an invalid row) only the verdict is compared. */
diff_result *diff_compare(const diff_report *old_report, const diff_report *new_report);
/** Frees a comparison; NULL is a no-op. */
void diff_result_free(diff_result *d);

/** True when the comparison must fail a CI gate (exit 1): any project regressed. */
bool diff_regressed(const diff_result *d);

#endif
