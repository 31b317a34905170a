/* Lint: the static checks of a checklist's rules against its field declarations, which the
 * parser and the engine leave alone; checklist_load() runs them after checklist_parse(), so that
 * every problem of a checklist is found at once. */
#ifndef DDCHECK_LINT_H
#define DDCHECK_LINT_H

#include <stddef.h>

#include "util/diag.h"

/** Lint's static checks of checklist JSON text (len bytes), which checklist_load() runs after
 *  checklist_parse() has added its own diagnostics to diags (items loader_first and on; lint
 *  does not repeat them; errors_at_start is diags->errors before checklist_parse). Adds to diags,
 * each with line, column and JSON Pointer:
 *  - errors: a comparison whose types can never match (ordering a boolean, list or text field,
 *    or a number field against a non-number; `==` of an enum field or a list item with a value
 *    not among its `values`; `==` of a boolean field with a string; `in` against a field that is
 *    neither a list nor text; iterating over a field that is not a list); arguments that plain
 *    JSON Logic silently ignores (`==` with 3 operands, `!` with 2, `in` with 1, …);
 *  - warnings: a field of an evidence type (boolean, number, integer, percent, list, date) that
 *    no rule reads. `text` and `enum` fields are descriptive (name, country, sector, stage) and
 *    may go unread; so may the key and the "display" fields (every report shows them). Reported
 *    only when there is no error (a misspelt var is the usual cause, and one mistake should give
 *    one message).
 *  The checks run whenever the text is valid JSON, even when loading failed. */
void lint_text(const char *text, size_t len, const char *origin, size_t loader_first,
               size_t errors_at_start, diag_list *diags);

#endif
