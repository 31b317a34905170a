/* Diagnostics: every problem found in an input, with its place, collected for the caller to print.
 */
#ifndef DDCHECK_DIAG_H
#define DDCHECK_DIAG_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    DIAG_ERROR,
    DIAG_WARNING,
} diag_severity;

/** One problem: where it is (file, 1-based line and column, 0 when unknown; a JSON Pointer for
 *  checklists) and what it is. Strings are owned by the diag_list. */
typedef struct diag {
    diag_severity severity;
    char *file;
    long line;
    long column;
    char *pointer;
    char *message;
    /** For a place in a workbook: the sheet, and line and column are its row and column
     *  number, shown as FILE:SHEET!B3 (NULL for every other file). */
    char *sheet;
} diag;

/** A growing list of diagnostics. Initialise with {0}; release with diag_list_clear().
 *  `limit` caps the diagnostics that can come by the thousand (one per row, one per waiver):
 *  their producers ask diag_list_room first, which counts in `dropped` what it turns away, for
 *  one "… and N more problems not shown". Diagnostics about a whole file are always added. */
typedef struct diag_list {
    diag *items;
    size_t count;
    size_t cap;
    size_t errors;
    size_t warnings;
    size_t limit;   /* 0: no limit */
    size_t dropped; /* added past the limit, not kept */
} diag_list;

/** Appends a diagnostic; fmt is printf-style. file and pointer may be NULL. */
#if defined(__GNUC__)
__attribute__((format(printf, 7, 8)))
#endif
void diag_add(diag_list *list, diag_severity severity, const char *file, long line, long column,
              const char *pointer, const char *fmt, ...);
/** Marks items [first, count) of `file` that have a line as places in the worksheet `sheet`. */
void diag_list_set_sheet(diag_list *list, size_t first, const char *file, const char *sheet);
/** Whether one more diagnostic of the kind that can come by the thousand fits under the list's
 *  limit (always, without one); when not, counts it in `dropped`. */
bool diag_list_room(diag_list *list);
/** Frees every diagnostic and empties the list. */
void diag_list_clear(diag_list *list);
/** Puts items [first, count) in the order of their place in the file (line, then column);
 *  those at the same place keep their order. */
void diag_list_sort_by_place(diag_list *list, size_t first);
/** Writes one diagnostic as "FILE:LINE:COL: error: message (at /pointer)" into buf (always
 *  NUL-terminated, truncated to size); a place in a worksheet as "FILE:SHEET!B3: …". Returns
 *  buf. */
char *diag_format(const diag *d, char *buf, size_t size);

#endif
