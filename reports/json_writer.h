/* A small streaming JSON writer (pretty with two-space indents, or compact), for the reports. */
#ifndef DDCHECK_JSON_WRITER_H
#define DDCHECK_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checklist/value.h"

#define JSON_WRITER_MAX_DEPTH 64

typedef struct json_writer {
    FILE *out;
    bool pretty;
    int depth;
    int base_indent;
    bool first[JSON_WRITER_MAX_DEPTH];
    bool after_key;
    /** Strings through escape_json_html instead of escape_json (set after jw_init). */
    bool html_safe;
} json_writer;

/** A writer on out; `base_indent` levels of indentation are added to every line (pretty only). */
void jw_init(json_writer *w, FILE *out, bool pretty, int base_indent);
void jw_begin_object(json_writer *w);
void jw_end_object(json_writer *w);
void jw_begin_array(json_writer *w);
void jw_end_array(json_writer *w);
/** The next member's key (NUL-terminated). */
void jw_key(json_writer *w, const char *key);
void jw_string(json_writer *w, const char *s);
void jw_string_n(json_writer *w, const char *s, size_t len);
/** A number; not-finite numbers are written as null (JSON has no NaN). */
void jw_number(json_writer *w, double n);
/** A number rounded to one decimal. */
void jw_score(json_writer *w, double n);
void jw_bool(json_writer *w, bool b);
void jw_null(json_writer *w);
/** A value (unknown → null, error → {"error": type}); depth-limited. */
void jw_value(json_writer *w, const value *v);

#endif
