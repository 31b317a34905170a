/* A baseline: the gaps of an earlier ddcheck-report/1 JSON report, so that a run can tell known
 * gaps from new ones (`--baseline OLD.json`). */
#ifndef DDCHECK_BASELINE_H
#define DDCHECK_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "checklist/checklist.h"
#include "util/diag.h"
#include "evaluator/result.h"

typedef struct baseline baseline;

/** Reads a JSON report (errors with their places in diags; NULL then). When the report was made
 *  with another checklist id or version than `cl`, a warning says so (gaps still match by project
 *  key and requirement id). Free with baseline_free(). */
baseline *baseline_load(const char *path, const checklist *cl, diag_list *diags);

/** Frees a baseline; NULL is a no-op. */
void baseline_free(baseline *b);

/** True when the baseline has this requirement as a gap (unmet, no_evidence or invalid) for a
 *  project with this key. */
bool baseline_knows(const baseline *b, const char *key, size_t key_len, const char *requirement_id);

/** True when the baseline has a project with this key and this verdict. */
bool baseline_knows_verdict(const baseline *b, const char *key, size_t key_len, verdict v);

#endif
