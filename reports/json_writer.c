// Streaming JSON output with correct commas and indentation, escaping through escape.c.
#include "json_writer.h"

#include "reports/escape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void jw_init(json_writer *w, FILE *out, bool pretty, int base_indent)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->pretty = pretty;
    w->base_indent = base_indent;
    w->first[0] = true;
}

static void string(json_writer *w, const char *s, size_t len)
{
    (w->html_safe ? escape_json_html : escape_json)(w->out, s, len);
}

static void newline(json_writer *w)
{
    if (!w->pretty)
        return;
    putc('\n', w->out);
    for (int i = 0; i < w->depth + w->base_indent; i++)
        fputs("  ", w->out);
}

// Before any value: a comma and newline unless it is the first in its container or after a key.
static void before_value(json_writer *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0) {
        if (!w->first[w->depth])
            putc(',', w->out);
        newline(w);
    }
    w->first[w->depth] = false;
}

static void open(json_writer *w, char c)
{
    before_value(w);
    putc(c, w->out);
    if (w->depth + 1 < JSON_WRITER_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

static void close(json_writer *w, char c)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty)
        newline(w);
    putc(c, w->out);
}

void jw_begin_object(json_writer *w) { open(w, '{'); }
void jw_end_object(json_writer *w) { close(w, '}'); }
void jw_begin_array(json_writer *w) { open(w, '['); }
void jw_end_array(json_writer *w) { close(w, ']'); }

void jw_key(json_writer *w, const char *key)
{
    before_value(w);
    string(w, key, strlen(key));
    fputs(w->pretty ? ": " : ":", w->out);
    w->after_key = true;
}

void jw_string_n(json_writer *w, const char *s, size_t len)
{
    before_value(w);
    string(w, s, len);
}

void jw_string(json_writer *w, const char *s)
{
    jw_string_n(w, s, strlen(s));
}

void jw_number(json_writer *w, double n)
{
    before_value(w);
    if (!isfinite(n))
        fputs("null", w->out);
    else if (n == floor(n) && fabs(n) < 1e15)
        fprintf(w->out, "%.0f", n == 0 ? 0.0 : n);
    else {
        // The shortest form that reads back as the same double, as JavaScript prints numbers:
        // 0.667, not 0.66700000000000004.
        char buf[32];
        for (int precision = 15; precision <= 17; precision++) {
            snprintf(buf, sizeof buf, "%.*g", precision, n);
            if (strtod(buf, NULL) == n)
                break;
        }
        fputs(buf, w->out);
    }
}

void jw_score(json_writer *w, double n)
{
    before_value(w);
    fprintf(w->out, "%.1f", n);
}

void jw_bool(json_writer *w, bool b)
{
    before_value(w);
    fputs(b ? "true" : "false", w->out);
}

void jw_null(json_writer *w)
{
    before_value(w);
    fputs("null", w->out);
}

static void value_at(json_writer *w, const value *v, int depth)
{
    if (depth > 32) {
        jw_null(w);
        return;
    }
    switch (v->kind) {
    case VALUE_NULL:
    case VALUE_UNKNOWN:
        jw_null(w);
        break;
    case VALUE_BOOL:
        jw_bool(w, v->as.boolean);
        break;
    case VALUE_NUMBER:
        jw_number(w, v->as.number);
        break;
    case VALUE_STRING:
        jw_string_n(w, v->as.string.ptr, v->as.string.len);
        break;
    case VALUE_ARRAY:
        jw_begin_array(w);
        for (size_t i = 0; i < v->as.array.count; i++)
            value_at(w, &v->as.array.items[i], depth + 1);
        jw_end_array(w);
        break;
    case VALUE_OBJECT:
        jw_begin_object(w);
        for (size_t i = 0; i < v->as.object.count; i++) {
            const value_member *m = &v->as.object.members[i];
            before_value(w);
            string(w, m->key, m->key_len);
            fputs(w->pretty ? ": " : ":", w->out);
            w->after_key = true;
            value_at(w, &m->value, depth + 1);
        }
        jw_end_object(w);
        break;
    case VALUE_ERROR:
        jw_begin_object(w);
        jw_key(w, "error");
        jw_string_n(w, v->as.string.ptr, v->as.string.len);
        jw_end_object(w);
        break;
    }
}

void jw_value(json_writer *w, const value *v)
{
    value_at(w, v, 0);
}
