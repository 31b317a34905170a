/* Streaming CSV reading on libcsv: records with the line each cell starts on, one at a time. */
#ifndef DDCHECK_CSV_READER_H
#define DDCHECK_CSV_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checklist/diag.h"

/** One cell: its bytes (NUL-terminated at ptr[len], may contain further NULs) and the 1-based
 *  line it starts on. Valid only during the record callback. */
typedef struct csv_cell {
    const char *ptr;
    size_t len;
    long line;
} csv_cell;

/** One record (the header is record 0 of a file). Valid only during the callback. */
typedef struct csv_record {
    const csv_cell *cells;
    size_t count;
    /** 0-based index of the record in its file (0 = header). */
    size_t index;
    /** 1-based line the record starts on, and the line it ends on (embedded newlines). */
    long line;
    long end_line;
    /** NULL when the record was read cleanly; otherwise why it cannot be trusted as a row (e.g.
     *  "unterminated quoted cell", "cell longer than the 1048576-byte limit", "NUL byte in a
     *  cell"), with error_column the 1-based cell number concerned (0 when none). The cells
     *  that could be read are still given. */
    const char *error;
    size_t error_column;
} csv_record;

typedef struct csv_options {
    /** Cell delimiter; 0 means detect: ',' unless the header has no ',' but does have ';'
     *  (Excel in many locales), or a tab. */
    char delimiter;
    /** Limits, with 0 meaning the default: a cell of at most CSV_DEFAULT_MAX_CELL bytes, a
     *  record of at most CSV_DEFAULT_MAX_COLUMNS cells. Past a limit the record gets an error and
     *  the extra bytes/cells are dropped (not kept in memory). */
    size_t max_cell;
    size_t max_columns;
} csv_options;

#define CSV_DEFAULT_MAX_CELL ((size_t)1 << 20)
#define CSV_DEFAULT_MAX_COLUMNS ((size_t)4096)

/** Called once per record, in file order. Return false to stop reading. */
typedef bool (*csv_record_fn)(void *ctx, const csv_record *record);

/** Reads every record of in (display name `name`, used in diagnostics; "<stdin>" for standard
 *  input) and calls fn for each. Blank lines are skipped. A UTF-8 BOM is skipped; a UTF-16/32
 *  BOM, or a read error, is fatal: a diagnostic with file and line is added and false is returned
 *  (records before it were delivered). Returns true when the whole file was read. Memory used is
 *  bounded by the longest record, not the file. */
bool csv_read(FILE *in, const char *name, const csv_options *opts, csv_record_fn fn, void *ctx,
              diag_list *diags);

/** The delimiter csv_read would use for this header line (the detection rule above). */
char csv_detect_delimiter(const char *line, size_t len);

#endif
