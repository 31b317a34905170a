/* A submission file, CSV or XLSX, told apart by its content and read as records. */
#ifndef DDCHECK_SUBMISSION_H
#define DDCHECK_SUBMISSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/diag.h"
#include "evaluator/csv_reader.h"

/** How a submission is read beyond the CSV reader's options. */
typedef struct submission_options {
    /** For workbooks: the worksheet by name (NULL = the first). */
    const char *sheet;
    /** For CSV: the text encoding as iconv names it (windows-1252, ISO-8859-1, UTF-16, …);
     *  NULL = UTF-8, or UTF-16/UTF-32 when the file starts with their byte-order mark. */
    const char *encoding;
    /** For CSV: the decimal separator of numbers: '.', ',' or 0 = ',' in a file whose cells are
     *  separated by ';' (Excel in comma-decimal locales), else '.'. */
    char decimal;
} submission_options;

/** Reads the submission `in` (display name `name`) and calls fn for each record, header first,
 *  in file order: with xlsx_read when its first bytes are a ZIP signature (an Excel workbook),
 *  else with csv_read, never by the file's name. The CSV options' limits and digest apply to
 *  both (the digest is of the file's own bytes, also when it is decoded). For CSV:
 *  - text in another encoding is decoded to UTF-8 first; a sequence that is not valid in it
 *    becomes a byte that is not UTF-8, so that its row is reported like invalid UTF-8;
 *  - with a decimal comma, a cell that is wholly a number with one decimal comma ("46,0",
 *    "45,5 %") is given to fn with a point instead ("46.0"); one warning at the first says how
 *    many; a cell with a thousands separator ("1.234,5", "1,234,567") is left as it is;
 *  - when rows were not UTF-8 and no encoding was given, one warning suggests --encoding.
 *  A workbook's sheet name goes into sheet_name (when not NULL; "" for CSV). Returns what the
 *  reader returns. */
bool submission_read(FILE *in, const char *name, const csv_options *opts,
                     const submission_options *sub, csv_record_fn fn, void *ctx, char *sheet_name,
                     size_t sheet_name_size, diag_list *diags);

/** Whether submission_read reads a file whose first bytes are head[0, n) (its first 64 KiB, or
 *  all of it when shorter) with csv_read alone: a CSV file read as UTF-8, no cell rewritten
 *  with a decimal point; then *delimiter gets the delimiter csv_read uses. Its records can then be
 *  read in parts (csv_read_part), with the hint below given at the end of the file. */
bool submission_plain_csv(const void *head, size_t n, const csv_options *csv,
                          const submission_options *sub, char *delimiter);

/** Whether the record is one the hint below counts (its cells are not UTF-8). */
bool submission_not_utf8(const csv_record *record);

/** The hint submission_read gives at the end of a CSV file it did not decode when `rows`
 *  records were not UTF-8 (nothing when 0), the first on line first_line. */
void submission_hint_not_utf8(const char *name, size_t rows, long first_line, diag_list *diags);

/** Whether iconv can decode `encoding` to UTF-8 (for --encoding). */
bool submission_encoding_known(const char *encoding);

#endif
