/* Lint: every problem of a checklist at once — what the loader finds, plus static checks of the
 * rules against the field declarations that the loader and the engine leave alone. */
#ifndef DDCHECK_LINT_H
#define DDCHECK_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

/** Lints checklist JSON text (len bytes). Adds to diags, each with line, column and JSON
 *  Pointer: everything checklist_parse() reports (broken JSON included), then
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
 *  The static checks run whenever the text is valid JSON, even when loading failed. */
void lint_buffer(const char *text, size_t len, const char *origin, diag_list *diags);

/** lint_buffer, returning the loaded checklist when lint found no error (NULL otherwise): what
 *  every command that uses a checklist loads, so that one that fails lint is never run. */
struct checklist *lint_load_buffer(const char *text, size_t len, const char *origin,
                                   diag_list *diags);

/** Lints the checklist at a file path or, when `spec` is no readable file, the built-in
 *  checklist with that id (named "builtin:<id>"). An unreadable path is one error. */
void lint_checklist(const char *spec, diag_list *diags);

/** lint_checklist, returning the checklist when lint found no error (lint_load_buffer);
 *  *readable (may be NULL) says whether there was a text to lint at all. */
struct checklist *lint_load_checklist(const char *spec, diag_list *diags, bool *readable);

/** Reads a checklist's text from a file path or a built-in id, as checklist_load() does.
 *  Returns a NUL-terminated copy the caller frees with free(), its length in *len and the name
 *  to use in messages in origin (the path, or "builtin:<id>"; size bytes). NULL when neither
 *  works, with errno set. */
char *lint_read_checklist_text(const char *spec, size_t *len, char *origin, size_t size);

#endif
