/* A submission file, CSV or XLSX, told apart by its content and read as records. */
#ifndef DDCHECK_SUBMISSION_H
#define DDCHECK_SUBMISSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checklist/diag.h"
#include "evaluator/csv_reader.h"

/** Reads the submission `in` (display name `name`) and calls fn for each record, header first,
 *  in file order: with xlsx_read when its first bytes are a ZIP signature (an Excel workbook:
 *  the worksheet `sheet`, NULL = the first), else with csv_read. Never by the file's name. The
 *  options' limits and digest apply to both. A workbook's sheet name goes into sheet_name
 *  (when not NULL; "" for CSV). Returns what the reader returns. */
bool submission_read(FILE *in, const char *name, const csv_options *opts, const char *sheet,
                     csv_record_fn fn, void *ctx, char *sheet_name, size_t sheet_name_size,
                     diag_list *diags);

#endif
