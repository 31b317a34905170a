/* The writers of `ddcheck diff`: one per format of a diff, found by name, each writing a whole
 * diff_result to a FILE. Writing errors are left in `out` for the caller to see with ferror(). */
#ifndef DDCHECK_DIFF_REPORT_H
#define DDCHECK_DIFF_REPORT_H

#include <stdio.h>

#include "evaluator/diff.h"

/** The diff formats in the order the usage message lists them. */
#define DIFF_WRITER_NAMES "text markdown json csv"

typedef struct diff_writer {
    const char *name;
    void (*write)(FILE *out, const diff_result *d);
} diff_writer;

/** The diff format with this name, or NULL. */
const diff_writer *diff_writer_find(const char *name);

#endif
