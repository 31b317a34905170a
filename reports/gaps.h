/* What several renderers share about a project and its gaps, in words: its name, which
 * requirements a gap section shows and what it says of each, a floor in words, and the rows of
 * an action plan. Each renderer keeps its own markup. */
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

/** What a gap section says of requirement req after why: for a waived one its waiver, under the
 *  label "Waived" (described into buf, of size bytes: WAIVER_DESCRIPTION_SIZE holds any); else
 *  what to ask for (gaps_request), under "Corrective action" or "Ask the proponent". NULL, with
 *  *label untouched, when there is nothing to say. */
const char *gaps_remedy(const checklist_requirement *req, const requirement_result *rr, char *buf,
                        size_t size, const char **label);

/** Writes p's name: its key through escape ("(no key)" for a row without one), then its display
 *  values as " (a · b)" (gaps_write_display). */
void gaps_write_name(FILE *out, const project_result *p, escape_fn escape);

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

/** One row of an action plan, its cells in words (NULL for an empty cell). The csv `actions`
 *  format and the workbook's Action plan write the same rows. */
typedef struct gaps_action {
    const project_result *project;
    const char *requirement; /* the requirement's id (NULL on a row of the project or a floor) */
    const char *criterion;   /* its criterion's id, or the criterion below its floor */
    const char *text;        /* the requirement's text, or the criterion's title */
    const char *outcome;     /* outcome_name, or "invalid", "not_applicable", "below_floor" */
    const char *request;     /* what the plan asks for (gaps_request, or the plan's own words) */
    const char *why;         /* the explanations joined by "; ", the row's error, or the floor */
    bool high;               /* high severity: critical, or the project fails on this alone */
} gaps_action;

/** Calls row(arg, &action) for each row of p's action plan, in order: one row for a row that
 *  cannot be read (verdict invalid), one for a project to which no requirement applies, else
 *  one per failing requirement, and a criterion below its floor as a row of its own after its
 *  requirements' rows. The texts live until row returns. */
void gaps_action_plan(const project_result *p, void (*row)(void *arg, const gaps_action *action),
                      void *arg);

/** A size for gaps_floor_text's buffer that holds any criterion id up to 200 bytes. */
#define GAPS_FLOOR_TEXT_SIZE 384

#endif
