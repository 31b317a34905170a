/* What several renderers share about a project's gaps: which requirements a gap section shows,
 * and the explanations of one requirement joined into one text. Each renderer keeps its format. */
#ifndef DDCHECK_GAPS_H
#define DDCHECK_GAPS_H

#include <stdbool.h>
#include <stddef.h>

#include "checklist/checklist.h"
#include "evaluator/result.h"

/** Whether a per-project gap section shows this requirement: it fails, or a waiver covers it. */
bool gaps_shows_requirement(const requirement_result *rr);

/** Whether a per-project gap section shows criterion cr of project p: some requirement of it is
 *  shown. p must have requirements (not an invalid row). */
bool gaps_shows_criterion(const project_result *p, const checklist_criterion *cr);

/** Appends the explanations of rr, separated by "; ", to (*buf)[len..], growing *buf (of *cap
 *  bytes) with xgrow as needed; the text stays NUL-terminated. Returns the new length. The caller
 *  owns *buf and frees it with free(). */
size_t gaps_join_explanations(const requirement_result *rr, char **buf, size_t *cap, size_t len);

#endif
