/* A strict RFC 8259 syntax check of JSON text, run before cJSON (which accepts more than the RFC
 * allows) so that every malformed checklist is refused with the place of its first error. */
#ifndef DDCHECK_JSON_STRICT_H
#define DDCHECK_JSON_STRICT_H

#include <stdbool.h>
#include <stddef.h>

/** The deepest nesting of arrays and objects accepted (cJSON's own limit is 1000; deeper input
 *  is refused here with a message rather than by cJSON without one). */
#define JSON_STRICT_MAX_DEPTH 512

/** Checks that text[0..len) is exactly one JSON value (RFC 8259) surrounded by optional
 *  whitespace, optionally preceded by a UTF-8 byte-order mark. Also refused, beyond the RFC's
 *  grammar: invalid UTF-8 (overlong forms, encoded surrogates, code points past U+10FFFF), a
 *  \u escape that is a lone or mis-ordered UTF-16 surrogate, and nesting deeper than
 *  JSON_STRICT_MAX_DEPTH. Numbers of any size are accepted (range is the reader's business).
 *  Returns true when valid. Otherwise returns false, sets *error_offset to the byte offset of the
 *  first error (len at an unexpected end) and *reason to a short static English phrase such as
 *  "unterminated string". Iterative: no recursion, no allocation. */
bool json_strict_check(const char *text, size_t len, size_t *error_offset, const char **reason);

/** The length of a UTF-8 byte-order mark at the start of text (3), or 0. */
size_t json_strict_bom_length(const char *text, size_t len);

struct cJSON;

/** json_strict_check, then cJSON's parse of the text (without its byte-order mark), then a check
 *  that no object has two members of the same name (readers differ on which one counts): the
 *  document, or NULL with *error_offset and *reason set as json_strict_check sets them (for a
 *  duplicate name, the offset of the first repeated member's name, the first such object in
 *  document order). Allocates; the caller frees the document with cJSON_Delete. For every
 *  JSON input that is not a checklist (waiver files, reports, `ddcheck logic` arguments), so
 *  that each malformed one gets the same reason and place a checklist gets. */
struct cJSON *json_strict_parse(const char *text, size_t len, size_t *error_offset,
                                const char **reason);

#endif
