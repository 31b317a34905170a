/* Scoring: one row of typed cells → outcomes, criterion statuses, score and verdict. */
#ifndef DDCHECK_EVALUATE_H
#define DDCHECK_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>

#include "checklist/checklist.h"
#include "util/diag.h"
#include "evaluator/csv_reader.h"
#include "evaluator/result.h"
#include "evaluator/row_typer.h"
#include "evaluator/waiver.h"

typedef struct baseline baseline;

typedef struct evaluator evaluator;

/** An evaluator for one checklist (which must outlive it). Free with evaluator_free(). */
evaluator *evaluator_new(const checklist *cl);
/** Frees an evaluator; NULL is a no-op. */
void evaluator_free(evaluator *ev);

/** Waivers to apply from now on (NULL = none); the set must outlive the evaluator. A covered
 *  requirement is waived before applies_if and the rule are looked at (DESIGN.md's order). */
void evaluator_set_waivers(evaluator *ev, waiver_set *waivers);

/** A baseline report (NULL = none) that marks each failing requirement known or new and sets
 *  project_result.new_gap; it must outlive the evaluator. */
void evaluator_set_baseline(evaluator *ev, const baseline *base);

/** Whether failed requirements get explanations (the default); without, their explanations are
 *  NULL and the explaining re-evaluation is skipped. Outcomes, scores and verdicts are the same. */
void evaluator_set_explanations(evaluator *ev, bool on);

/** Maps a file's header record to fields: unknown, empty and duplicate column names and missing
 *  key or required columns are warnings added to diags (file = display name). */
void evaluator_set_header(evaluator *ev, const csv_record *header, const char *file,
                          diag_list *diags);

/** Evaluates one data record of the current file (after evaluator_set_header). A record with
 *  the wrong number of cells, a reading error or no key gives verdict invalid with `error` set.
 *  The result (and all it points at) is valid until the next call. `index` is the 0-based
 *  project number in the batch. */
const project_result *evaluator_record(evaluator *ev, const csv_record *record, const char *file,
                                       size_t index);

/** Evaluates a data record whose cells `row` already holds, typed with a row_typer given the
 *  same header (batch.c types in its reader thread); otherwise as evaluator_record. The result
 *  points into row, valid while row is. */
const project_result *evaluator_typed_record(evaluator *ev, const csv_record *record,
                                             const typed_row *row, const char *file, size_t index);

/** Evaluates a row given by field slot: cells[slot] is the cell text (NUL-terminated) or NULL for
 *  a missing column. Used by `ddcheck test` and unit tests. Valid until the next call. */
const project_result *evaluator_cells(evaluator *ev, const char *const *cells, const char *file,
                                      long line, size_t index);

/** Rounds a score to one decimal, as reported. */
double evaluator_round_score(double score);

#endif
