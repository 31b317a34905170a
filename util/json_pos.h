/* Positions in JSON text: line and column of a parse error or of the value at a JSON Pointer. */
#ifndef DDCHECK_JSON_POS_H
#define DDCHECK_JSON_POS_H

#include <stddef.h>

/** The 1-based line and column (in bytes) of offset `at` in text. */
void json_pos_of_offset(const char *text, size_t len, size_t at, long *line, long *column);

/** The byte offset of the value named by a JSON Pointer ("" = the whole document; "/a/0/b"), in
 *  syntactically valid JSON text. When the pointer leads nowhere, the offset of the deepest value
 *  it does reach. */
size_t json_pos_of_pointer(const char *text, size_t len, const char *pointer);

/** Appends "/" + the escaped token (~ as ~0, / as ~1) to a pointer in buf (NUL-terminated, at most
 *  size bytes, truncated silently). */
void json_pointer_append(char *buf, size_t size, const char *token);

/** Appends "/" + an array index to a pointer in buf. */
void json_pointer_append_index(char *buf, size_t size, size_t index);

#endif
