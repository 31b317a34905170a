/* Waivers: accepted gaps with a justification, an approver and an expiry, loaded from a CSV or
 * JSON file and looked up per project key and requirement while a batch is scored. */
#ifndef DDCHECK_WAIVER_H
#define DDCHECK_WAIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "checklist/checklist.h"
#include "util/diag.h"

/** One waiver as written in the file. Strings are never NULL ("" when a column is empty) and are
 *  owned by the waiver_set. Dates are ISO 8601 `YYYY-MM-DD`. */
typedef struct waiver_info {
    const char *key;            /* the project key, or "*" for every project */
    const char *requirement_id; /* a requirement id of the checklist */
    const char *justification;  /* never empty */
    const char *approved_by;
    const char *granted;
    const char *expires;       /* "" = does not expire; valid through this day */
    const char *residual_risk; /* "low", "medium", "high" or "" */
    const char *file;          /* the waiver file, as given on the command line */
    long line;                 /* the line of the waiver in that file */
    bool expired;              /* expires < the run date */
} waiver_info;

typedef struct waiver_set waiver_set;

/** Reads a waiver file: JSON when its name ends in ".json" or its first non-blank character is
 *  `{` or `[`, else CSV (header: project, requirement, justification, approved_by, granted,
 *  expires, residual_risk; the first three required). `today` (YYYY-MM-DD) decides which waivers
 *  are expired. Every problem (missing justification, bad date, unknown requirement id or column,
 *  a requirement the checklist marks "waivable": false, a duplicate waiver, a residual_risk other
 *  than low/medium/high) is an error in diags with file, line and column; returns NULL when
 *  there was any. The checklist must outlive the set. Free with waiver_set_free(). */
waiver_set *waiver_set_load(const char *path, const checklist *cl, const char *today,
                            diag_list *diags);

/** Frees a waiver set; NULL is a no-op. */
void waiver_set_free(waiver_set *ws);

/** The waiver covering requirement `requirement` (index in the checklist) of the project with
 *  this key: an unexpired waiver for the exact key first, else an unexpired `*` one; NULL when
 *  none. When none applies but an expired one matches, *expired is set to it (else NULL).
 *  Marks the waivers it matches as used. O(log n) in the waivers of that requirement. */
const waiver_info *waiver_set_find(waiver_set *ws, const char *key, size_t key_len,
                                   size_t requirement, const waiver_info **expired);

/** Warnings after a run, each at its waiver's place: an expired waiver that matched a project
 *  (evaluated normally), and a waiver whose key matched no project in the batch. Past the
 *  diags' limit (diag_list_room) they are only counted in diags->dropped. */
void waiver_set_report_unused(const waiver_set *ws, diag_list *diags);

/** One line of plain text for reports (the caller escapes it for its format): "JUSTIFICATION
 *  (approved by A; granted G; expires E; residual risk R; FILE:LINE)", empty parts left out.
 *  Writes at most size bytes, always NUL-terminated; returns buf. */
char *waiver_describe(const waiver_info *w, char *buf, size_t size);

/** The buffer the reports give waiver_describe, in bytes: a longer description is cut at the
 *  same length in every format. */
#define WAIVER_DESCRIPTION_SIZE 1536

/** The number of waivers in the set. */
size_t waiver_set_count(const waiver_set *ws);

#endif
