// Streaming JSON output with correct commas and indentation, escaping through escape.c.
#include "json_writer.h"

#include "util/decimal.h"
#include "reports/escape.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stddef.h>

void jw_init(json_writer *w, FILE *out, bool pretty, int base_indent)
{
    // The buffer's storage is left as it is: clearing 8 KB per project would cost more than
    // writing the project.
    memset(w, 0, offsetof(json_writer, bytes));
    outbuf_init(&w->buf, out, w->bytes, sizeof w->bytes);
    w->pretty = pretty;
    w->base_indent = base_indent;
    w->first[0] = true;
}

void jw_flush(json_writer *w)
{
    outbuf_flush(&w->buf);
}

// After every value: a complete top-level value goes out, so that a caller may write to the
// FILE next (jsonl's newline, cmd_diff's) without a jw_flush.
static void after_value(json_writer *w)
{
    if (w->depth == 0 && !w->hold)
        outbuf_flush(&w->buf);
}

static void string(json_writer *w, const char *s, size_t len)
{
    (w->html_safe ? escape_json_html_to : escape_json_to)(&w->buf, s, len);
}

static void newline(json_writer *w)
{
    if (!w->pretty)
        return;
    outbuf_putc(&w->buf, '\n');
    for (int i = 0; i < w->depth + w->base_indent; i++)
        outbuf_write(&w->buf, "  ", 2);
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
            outbuf_putc(&w->buf, ',');
        newline(w);
    }
    w->first[w->depth] = false;
}

static void open(json_writer *w, char c)
{
    before_value(w);
    outbuf_putc(&w->buf, c);
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
    outbuf_putc(&w->buf, c);
    after_value(w);
}

void jw_begin_object(json_writer *w)
{
    open(w, '{');
}
void jw_end_object(json_writer *w)
{
    close(w, '}');
}
void jw_begin_array(json_writer *w)
{
    open(w, '[');
}
void jw_end_array(json_writer *w)
{
    close(w, ']');
}

static void key_separator(json_writer *w)
{
    if (w->pretty)
        outbuf_write(&w->buf, ": ", 2);
    else
        outbuf_putc(&w->buf, ':');
    w->after_key = true;
}

static void key(json_writer *w, const char *s, size_t len)
{
    before_value(w);
    string(w, s, len);
    key_separator(w);
}

void jw_key(json_writer *w, const char *s)
{
    key(w, s, strlen(s));
}

void jw_key_quoted(json_writer *w, const char *quoted, size_t len)
{
    // The same bytes as jw_key of the literal would write: nothing in it needs an escape (and
    // for html_safe, no < > &).
    assert(len >= 2 && escape_json_plain_prefix(quoted + 1, len - 2) == len - 2 &&
           (!w->html_safe || strcspn(quoted, "<>&") == len));
    before_value(w);
    outbuf_write(&w->buf, quoted, len);
    key_separator(w);
}

void jw_string_n(json_writer *w, const char *s, size_t len)
{
    before_value(w);
    string(w, s, len);
    after_value(w);
}

void jw_string(json_writer *w, const char *s)
{
    jw_string_n(w, s, strlen(s));
}

// Powers of ten that doubles hold exactly.
// Digits of m with a decimal point before the last k (zero-padded in front so that there is
// one before it), then without trailing zeros: 667, 3 → "0.667".
static size_t decimal_digits(char *buf, unsigned long long m, int k)
{
    char digits[DECIMAL_ULONG_DIGITS];
    size_t len = decimal_ulong(digits, m);
    size_t pad = len <= (size_t)k ? (size_t)k + 1 - len : 0;
    memset(buf, '0', pad);
    memcpy(buf + pad, digits, len);
    len += pad;
    size_t point = len - (size_t)k;
    memmove(buf + point + 1, buf + point, (size_t)k);
    buf[point] = '.';
    len++;
    while (buf[len - 1] == '0')
        len--;
    return len;
}

// The fast path for a non-integer a > 0 that is the double nearest to a decimal D of at most 15
// significant digits in 1e-4 <= D < 1e15 (scores, percentages, amounts): then %.15g prints D
// (15 digits always survive a round trip through a double, DBL_DIG), in fixed notation, and it
// reads back as a, so %.15g is the shortest form tried below. Returns 0 when a is not such.
static size_t short_decimal(double a, char *buf)
{
    unsigned long long m;
    int k;
    if (!decimal_nearest(a, 15, 15, &m, &k))
        return 0;
    if (k >= 4 && (double)m < DECIMAL_POW10[k - 4]) // D < 1e-4: %g would use an exponent
        return 0;
    return decimal_digits(buf, m, k);
}

// The shortest of %.15g, %.16g and %.17g that reads back as the same double, as JavaScript
// prints numbers: 0.667, not 0.66700000000000004.
static size_t shortest_round_trip(double n, char *buf)
{
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(buf, JSON_NUMBER_SIZE, "%.*g", precision, n);
        if (strtod(buf, NULL) == n)
            break;
    }
    return strlen(buf);
}

// The digits of a > 0 by the fast paths (an integer below 1e15 as "%.0f" prints it, or a short
// decimal), or 0 when neither applies.
static size_t fast_digits(double a, char *buf)
{
    if (a < 1e15 && (double)(unsigned long long)a == a)
        return decimal_ulong(buf, (unsigned long long)a);
    return short_decimal(a, buf);
}

size_t json_format_number(double n, char buf[JSON_NUMBER_SIZE])
{
    size_t len;
    if (n == 0) { // -0 too: "0", as "%.0f" of 0.0
        buf[0] = '0';
        len = 1;
    } else {
        size_t sign = n < 0;
        buf[0] = '-';
        size_t digits = fast_digits(fabs(n), buf + sign);
        len = digits ? sign + digits : shortest_round_trip(n, buf);
    }
    buf[len] = '\0';
    return len;
}

void jw_number(json_writer *w, double n)
{
    before_value(w);
    if (!isfinite(n)) {
        outbuf_write(&w->buf, "null", 4);
    } else {
        char buf[JSON_NUMBER_SIZE];
        outbuf_write(&w->buf, buf, json_format_number(n, buf));
    }
    after_value(w);
}

void jw_score(json_writer *w, double n)
{
    before_value(w);
    outbuf_put_tenths(&w->buf, n);
    after_value(w);
}

void jw_bool(json_writer *w, bool b)
{
    before_value(w);
    if (b)
        outbuf_write(&w->buf, "true", 4);
    else
        outbuf_write(&w->buf, "false", 5);
    after_value(w);
}

void jw_null(json_writer *w)
{
    before_value(w);
    outbuf_write(&w->buf, "null", 4);
    after_value(w);
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
            key(w, m->key, m->key_len);
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
