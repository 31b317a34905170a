/* Explanations: why a requirement is not met, from the rule's deciding leaves, in words. */
#ifndef DDCHECK_EXPLAIN_H
#define DDCHECK_EXPLAIN_H

#include "util/arena.h"
#include "checklist/checklist.h"
#include "checklist/logic.h"
#include "evaluator/result.h"

/** Explanations for a requirement with outcome o, from the leaves of an explaining evaluation
 *  (trace, may be empty) and the row's typed cells and their values (by slot). limit: the
 *  evaluation limit that stopped the rule (requirement_result.limit), or NULL. The array and its
 *  texts live in `a`. */
const explanation *explain_requirement(const checklist *cl, const checklist_requirement *req,
                                       outcome o, const char *limit, const logic_trace *trace,
                                       const typed_cell *cells, const value *values, arena *a,
                                       size_t *count);

/** Writes v for people: numbers as 12.5 or 40, strings as is, lists as "a; b", unknown as
 *  "empty". Returns the bytes written (buf always NUL-terminated). */
size_t explain_value(const value *v, char *buf, size_t size);

#endif
