/* What several renderers share about a project's gaps: which requirements a gap section shows,
 * and the explanations of one requirement joined into one text. Each renderer keeps its format. */
#ifndef DDCHECK_GAPS_H
#define DDCHECK_GAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checklist/checklist.h"
#include "evaluator/result.h"
#include "reports/escape.h"

/** Whether a per-project gap section shows this requirement: it fails, or a waiver covers it. */
bool gaps_shows_requirement(const requirement_result *rr);

/** Whether a per-project gap section shows criterion cr of project p: some requirement of it is
 *  shown. p must have requirements (not an invalid row). */
bool gaps_shows_criterion(const project_result *p, const checklist_criterion *cr);

/** Appends the explanations of rr, separated by "; ", to (*buf)[len..], growing *buf (of *cap
 *  bytes) with xgrow as needed; the text stays NUL-terminated. Returns the new length. The caller
 *  owns *buf and frees it with free(). */
size_t gaps_join_explanations(const requirement_result *rr, char **buf, size_t *cap, size_t len);

/** What a report shows for a failing requirement: for unmet, its corrective action (falling back
 *  to its gap); for no_evidence and invalid, its gap (the request for evidence). NULL when there
 *  is nothing to show. *is_action (may be NULL) says whether it is the action. */
const char *gaps_request(const checklist_requirement *req, outcome o, bool *is_action);

/** Writes p's display values to out, each through escape, joined by sep, after open and before
 *  close (" (", " · ", ")"); absent values are left out. Writes nothing and returns false when
 *  there is no value to show. */
bool gaps_write_display(FILE *out, const project_result *p, const char *open, const char *sep,
                        const char *close, escape_fn escape);

/** The reason criterion cr (below its floor, per res) gives for the gap, in words, into buf
 *  (size bytes): "criterion F1 is below its floor: it scores 50.0 (1 of 2 applicable requirements
 *  met or waived), its floor is 100". Returns buf. */
const char *gaps_floor_text(const checklist_criterion *cr, const criterion_result *res, char *buf,
                            size_t size);

/** What an action plan asks of a row that cannot be read, and of a project to which no
 *  requirement applies (the csv `actions` and the workbook's Action plan say the same). */
#define GAPS_RESUBMIT_REQUEST                                                                      \
    "Resubmit this row so that it can be read: one cell per column and the key filled in"
#define GAPS_NOTHING_APPLIES_REQUEST                                                               \
    "Show which requirements apply to this project: every one was found not applicable"

/** What an action plan asks of a criterion below its floor, into buf (size bytes): "Meet enough
 *  of the requirements of criterion F1 (the rows above) to reach its floor of 100". Returns
 *  buf. */
const char *gaps_floor_request(const checklist_criterion *cr, char *buf, size_t size);

/** Whether an action plan puts criterion c's below-floor row after requirement i: i is the
 *  criterion's last requirement and the criterion is below its floor. */
static inline bool gaps_floor_row_after(const project_result *p, size_t i)
{
    const checklist *cl = p->checklist;
    size_t c = cl->requirements[i].criterion;
    return i + 1 == cl->criteria[c].first + cl->criteria[c].count && p->criteria[c].below_floor;
}

/** A size for gaps_floor_text's buffer that holds any criterion id up to 200 bytes. */
#define GAPS_FLOOR_TEXT_SIZE 384

#endif
