/* Waivers: accepted gaps with a justification, an approver and an expiry, loaded from a CSV or
 * JSON file and looked up per project key and requirement while a batch is scored. */
#ifndef DDCHECK_WAIVER_H
#define DDCHECK_WAIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "checklist/checklist.h"
#include "evaluator/waiver_info.h"
#include "util/diag.h"

typedef struct waiver_set waiver_set;

/** Reads a waiver file: JSON when its name ends in ".json" or its first non-blank character is
 *  `{` or `[`, else CSV (header: project, requirement, justification, approved_by, granted,
 *  expires, residual_risk; the first three required). `today` (YYYY-MM-DD) decides which waivers
 *  are expired. Every problem (missing justification, bad date, unknown requirement id or column,
 *  a requirement the checklist marks "waivable": false, a duplicate waiver, a residual_risk other
 *  than low/medium/high) is an error in diags with file, line and column; returns NULL when
 *  there was any. The checklist must outlive the set. Free with waiver_set_free(). */
waiver_set *waiver_set_load(const char *path, const checklist *cl, const char *today,
                            diag_list *diags);

/** Frees a waiver set; NULL is a no-op. */
void waiver_set_free(waiver_set *ws);

/** The waiver covering requirement `requirement` (index in the checklist) of the project with
 *  this key: an unexpired waiver for the exact key first, else an unexpired `*` one; NULL when
 *  none. When none applies but an expired one matches, *expired is set to it (else NULL).
 *  Marks the waivers it matches as used. O(log n) in the waivers of that requirement. */
const waiver_info *waiver_set_find(waiver_set *ws, const char *key, size_t key_len,
                                   size_t requirement, const waiver_info **expired);

/** Warnings after a run, each at its waiver's place: an expired waiver that matched a project
 *  (evaluated normally), and a waiver whose key matched no project in the batch. Past the
 *  diags' limit (diag_list_room) they are only counted in diags->dropped. */
void waiver_set_report_unused(const waiver_set *ws, diag_list *diags);

/** The number of waivers in the set. */
size_t waiver_set_count(const waiver_set *ws);

#endif
