/* A small streaming JSON writer (pretty with two-space indents, or compact), for the reports.
 * It writes through its own buffer (reports/outbuf.h): bytes reach `out` when a top-level value
 * is complete, when the buffer fills, and at jw_flush. */
#ifndef DDCHECK_JSON_WRITER_H
#define DDCHECK_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checklist/value.h"
#include "reports/outbuf.h"

#define JSON_WRITER_MAX_DEPTH 64
#define JSON_WRITER_BUFFER_SIZE 8192
/** Room json_format_number needs, NUL included. */
#define JSON_NUMBER_SIZE 32

typedef struct json_writer {
    outbuf buf; /* on the `out` of jw_init */
    bool pretty;
    int depth;
    int base_indent;
    bool first[JSON_WRITER_MAX_DEPTH];
    bool after_key;
    /** Strings through escape_json_html instead of escape_json (set after jw_init). */
    bool html_safe;
    /** A completed top-level value stays in the buffer, which goes out when full and at
     *  jw_flush: one write a buffer-full for a stream of values (set after jw_init). */
    bool hold;
    char bytes[JSON_WRITER_BUFFER_SIZE]; /* buf's storage; last, so jw_init need not clear it */
} json_writer;

/** A writer on out; `base_indent` levels of indentation are added to every line (pretty only). */
void jw_init(json_writer *w, FILE *out, bool pretty, int base_indent);
/** Sends what is buffered to out. A completed top-level value flushes by itself (unless `hold`);
 *  otherwise (a value still open, or a writer set to start at depth > 0) call this before
 *  writing to out directly and before leaving the writer. */
void jw_flush(json_writer *w);
void jw_begin_object(json_writer *w);
void jw_end_object(json_writer *w);
void jw_begin_array(json_writer *w);
void jw_end_array(json_writer *w);
/** The next member's key (NUL-terminated). */
void jw_key(json_writer *w, const char *key);
/** The next member's key given as a string literal that needs no escaping (printable ASCII
 *  without '"' or '\\'; asserted): written as it is, quotes joined at compile time. */
#define jw_key_literal(w, literal) jw_key_quoted((w), "\"" literal "\"", sizeof(literal) + 1)
/** A key already escaped and quoted, quoted[0..len); use jw_key_literal. */
void jw_key_quoted(json_writer *w, const char *quoted, size_t len);
void jw_string(json_writer *w, const char *s);
void jw_string_n(json_writer *w, const char *s, size_t len);
/** A number; not-finite numbers are written as null (JSON has no NaN). */
void jw_number(json_writer *w, double n);
/** Formats n as jw_number writes it (finite n only) into buf, NUL-terminated; returns the
 *  length. */
size_t json_format_number(double n, char buf[JSON_NUMBER_SIZE]);
/** A number rounded to one decimal. */
void jw_score(json_writer *w, double n);
void jw_bool(json_writer *w, bool b);
void jw_null(json_writer *w);
/** A value (unknown → null, error → {"error": type}); depth-limited. */
void jw_value(json_writer *w, const value *v);

#endif
