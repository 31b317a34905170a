/* Rules for people: a JSON Logic rule written as one line of readable text
 * ("women_share_consultation_pct >= 40", "some item of benefit_channels: item in [...]"), and the
 * rule JSON of a loaded checklist's requirements, for `explain` and `docs`. */
#ifndef DDCHECK_RULE_TEXT_H
#define DDCHECK_RULE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "checklist.h"

/** Writes a JSON Logic rule as text: fields by name, comparisons infix (`a >= 40`, `a is
 *  "x"`, `a is not "x"`), `and`/`or`/`not` in words with parentheses where nesting needs them,
 *  iterations as `some item of LIST: BODY`, `all …`, `none …`, `items of LIST where BODY`,
 *  `each item of LIST as BODY`, `reduce LIST from INIT: BODY`, other operators as calls
 *  (`max(a, b)`), and compact JSON for what it cannot read. Returns a string the caller frees
 *  with free(). */
char *rule_text(const cJSON *rule);

/** The JSON of a loaded checklist's rules. Opaque; free with rule_source_free(). */
typedef struct rule_source rule_source;

/** Re-reads the text a checklist was loaded from (its origin: a file path or "builtin:<id>") and
 *  keeps its rules; NULL when the text cannot be read again or is no longer the one loaded (its
 *  SHA-256 differs). */
rule_source *rule_source_new(const checklist *cl);

/** The `rule` (or, when applies_if is true, the `applies_if`) JSON of requirement i, in the
 *  loader's order; NULL when there is none. Valid until rule_source_free(). */
const cJSON *rule_source_rule(const rule_source *rs, size_t requirement, bool applies_if);

/** Frees a rule source; NULL is a no-op. */
void rule_source_free(rule_source *rs);

#endif
