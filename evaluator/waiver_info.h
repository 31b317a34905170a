/* One waiver as the results carry it, and its description in words: what the scorer and the
 * reports need of a waiver, without the loader (evaluator/waiver.h). */
#ifndef DDCHECK_WAIVER_INFO_H
#define DDCHECK_WAIVER_INFO_H

#include <stdbool.h>
#include <stddef.h>

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

/** One line of plain text for reports (the caller escapes it for its format): "JUSTIFICATION
 *  (approved by A; granted G; expires E; residual risk R; FILE:LINE)", empty parts left out.
 *  Writes at most size bytes, always NUL-terminated; returns buf. */
char *waiver_describe(const waiver_info *w, char *buf, size_t size);

/** The buffer the reports give waiver_describe, in bytes: a longer description is cut at the
 *  same length in every format. */
#define WAIVER_DESCRIPTION_SIZE 1536

#endif
