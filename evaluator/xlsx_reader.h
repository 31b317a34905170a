/* Streaming XLSX reading on libzip and expat: the rows of one worksheet as the same records the
 * CSV reader gives, so that everything after reading is the same for both. */
#ifndef DDCHECK_XLSX_READER_H
#define DDCHECK_XLSX_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/diag.h"
#include "util/sha256.h"
#include "evaluator/csv_reader.h"

typedef struct xlsx_options {
    /** The worksheet to read, by its name as Excel shows it on the tab; NULL = the first one. */
    const char *sheet;
    /** As csv_options: a cell of at most max_cell bytes, a row of at most max_columns cells (0 =
     *  the CSV defaults); past a limit the record gets an error and the rest is dropped. */
    size_t max_cell;
    size_t max_columns;
    /** When non-NULL, every byte of the file is added to it (provenance of reports). */
    sha256_ctx *digest;
} xlsx_options;

/** Whether the first bytes of a file are a ZIP local-file signature ("PK\3\4"): the only way a
 *  submission is told to be a workbook (never its name). */
bool xlsx_looks_like_zip(const unsigned char *head, size_t len);

/** Reads the worksheet of the workbook `in` (display name `name`) and calls fn once per row
 *  that has a cell, in sheet order, with the first such row as record 0 (the header). A record's
 *  `line` and `end_line` are the row's number in Excel; its cells are the columns A, B, … up to
 *  the row's last cell, with "" for a cell not in the file. Cells become text as Excel shows
 *  them to the reader of the sheet, so that field typing is the same as for CSV:
 *  - shared and inline strings as they are (rich-text runs joined, _xHHHH_ escapes decoded);
 *  - numbers in plain decimal notation, exactly as stored ("45000", "0.125", never "4.5E4");
 *    a cell formatted as a percentage as its percentage ("0.45" → "45%"); a cell formatted as
 *    a date as YYYY-MM-DD, with " HH:MM:SS" when it has a time of day (1900 and 1904 systems);
 *  - booleans as TRUE/FALSE, error cells as Excel shows them (#N/A, #DIV/0!, …);
 *  - a formula's cached value; a formula with none is an empty cell and a warning at its place.
 *  Places in diagnostics: the file `name`, the row as line and the column number as column;
 *  the name of the sheet read goes into sheet_name (when not NULL) before the first record, so
 *  that the caller can mark the diagnostics of this file to be shown as FILE:SHEET!B3.
 *  Fatal (returns false after a diagnostic): not a ZIP or a damaged one, no workbook in it, no
 *  such sheet (the message lists the sheets), malformed XML in a part (with the part and its
 *  line and column), a part larger than the limits of docs/robustness.md. The rows before a
 *  fatal problem in the sheet were delivered. Memory: the shared-string table plus one row;
 *  nothing grows with the number of rows. The stream is read from its current position; a
 *  stream that cannot seek (a pipe) is first copied to a temporary file. */
bool xlsx_read(FILE *in, const char *name, const xlsx_options *opts, csv_record_fn fn, void *ctx,
               char *sheet_name, size_t sheet_name_size, diag_list *diags);

#endif
