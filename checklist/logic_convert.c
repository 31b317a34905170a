// JavaScript's conversions between numbers and strings, as JSON Logic's suites expect them.
#include "logic_internal.h"

#include "util/dynlib.h"

#include <gnu/lib-names.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t logic_number_format(double n, char *buf)
{
    if (isnan(n))
        return (size_t)snprintf(buf, 32, "NaN");
    if (isinf(n))
        return (size_t)snprintf(buf, 32, n < 0 ? "-Infinity" : "Infinity");
    if (n == 0)
        return (size_t)snprintf(buf, 32, "0");
    // The shortest digits that read back as the same double, as JS's Number#toString.
    char tmp[40];
    int prec = 1;
    for (; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, n);
        if (strtod(tmp, NULL) == n)
            break;
    }
    if (prec > 17)
        prec = 17;
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, n);
    const char *p = tmp;
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    char digits[20];
    int k = 0;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9' && k < 19)
            digits[k++] = *p;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = '\0';
    int e = *p == 'e' ? atoi(p + 1) : 0;
    int pos = e + 1; // where the decimal point goes, counted from the first digit
    size_t o = 0;
    if (neg)
        buf[o++] = '-';
    if (k <= pos && pos <= 21) {
        memcpy(buf + o, digits, (size_t)k);
        o += (size_t)k;
        for (int i = k; i < pos; i++)
            buf[o++] = '0';
    } else if (0 < pos && pos <= 21) {
        memcpy(buf + o, digits, (size_t)pos);
        o += (size_t)pos;
        buf[o++] = '.';
        memcpy(buf + o, digits + pos, (size_t)(k - pos));
        o += (size_t)(k - pos);
    } else if (-6 < pos && pos <= 0) {
        buf[o++] = '0';
        buf[o++] = '.';
        for (int i = 0; i < -pos; i++)
            buf[o++] = '0';
        memcpy(buf + o, digits, (size_t)k);
        o += (size_t)k;
    } else {
        buf[o++] = digits[0];
        if (k > 1) {
            buf[o++] = '.';
            memcpy(buf + o, digits + 1, (size_t)(k - 1));
            o += (size_t)(k - 1);
        }
        o += (size_t)snprintf(buf + o, 32 - o, "e%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    }
    buf[o] = '\0';
    return o;
}

static bool is_js_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

double logic_string_to_number(const char *s, size_t len)
{
    size_t b = 0, e = len;
    while (b < e && is_js_space((unsigned char)s[b]))
        b++;
    while (e > b && is_js_space((unsigned char)s[e - 1]))
        e--;
    if (b == e)
        return 0;
    char buf[128];
    size_t n = e - b;
    if (n >= sizeof buf)
        return NAN;
    memcpy(buf, s + b, n);
    buf[n] = '\0';
    // 0x / 0o / 0b integers (no sign allowed, as in JS).
    if (n > 2 && buf[0] == '0' && strchr("xXoObB", buf[1])) {
        int base = (buf[1] == 'x' || buf[1] == 'X') ? 16 : (buf[1] == 'o' || buf[1] == 'O') ? 8 : 2;
        double v = 0;
        for (size_t i = 2; i < n; i++) {
            int d = digit_value(buf[i]);
            if (d >= base)
                return NAN;
            v = v * base + d;
        }
        return v;
    }
    const char *p = buf;
    if (*p == '+' || *p == '-')
        p++;
    if (strcmp(p, "Infinity") == 0)
        return buf[0] == '-' ? -INFINITY : INFINITY;
    // A decimal literal: digits [. digits] [e [+-] digits], or . digits; nothing else.
    size_t ints = 0, fracs = 0;
    while (*p >= '0' && *p <= '9') {
        p++;
        ints++;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            p++;
            fracs++;
        }
    }
    if (ints + fracs == 0)
        return NAN;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return NAN;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p)
        return NAN;
    return strtod(buf, NULL);
}

double logic_to_number(const value *v)
{
    switch (v->kind) {
    case VALUE_NULL:
        return 0;
    case VALUE_BOOL:
        return v->as.boolean ? 1 : 0;
    case VALUE_NUMBER:
        return v->as.number;
    case VALUE_STRING:
        return logic_string_to_number(v->as.string.ptr, v->as.string.len);
    default:
        return NAN;
    }
}

// JS `%` is C's fmod, from glibc's libm. The program does not link libm (CMakeLists.txt): its
// loading alone made about 0.4 MiB of every run resident, for a function few checklists use. It
// is loaded (util/dynlib.h) when a rule with `%` is compiled, which is before any rule can be
// evaluated; the table is written once, under the dynlib's lock, then only read.
typedef struct libm_api {
    DYNLIB_FUNCTION(fmod)
} libm_api;
static libm_api dynlib_libm_table;
static const dynlib_symbol libm_symbols[] = {DYNLIB_SYMBOL(libm_api, fmod)};
static dynlib dynlib_libm = DYNLIB_INIT(LIBM_SO, NULL, "libc6", libm_symbols, &dynlib_libm_table);

bool logic_remainder_load(char *why, size_t why_size)
{
    return dynlib_load(&dynlib_libm, why, why_size) != NULL;
}

double logic_remainder(double x, double y)
{
    return dynlib_libm_table.fmod(x, y);
}

// Appends JS String(v) to a growing arena buffer; arrays recurse at most this deep.
typedef struct strbuf {
    arena *a;
    char *p;
    size_t len, cap;
    bool over; // longer than LOGIC_MAX_STRING: nothing more is appended
} strbuf;

static void sb_put(strbuf *sb, const char *s, size_t n)
{
    if (sb->over || n > LOGIC_MAX_STRING - sb->len) {
        sb->over = true;
        return;
    }
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap * 2 : 64;
        while (cap < sb->len + n + 1)
            cap *= 2;
        char *p = arena_alloc(sb->a, cap);
        if (sb->len)
            memcpy(p, sb->p, sb->len);
        sb->p = p;
        sb->cap = cap;
    }
    if (n)
        memcpy(sb->p + sb->len, s, n);
    sb->len += n;
}

static void sb_value(strbuf *sb, const value *v, int depth)
{
    char num[32];
    switch (v->kind) {
    case VALUE_NULL:
        sb_put(sb, "null", 4);
        break;
    case VALUE_BOOL:
        if (v->as.boolean)
            sb_put(sb, "true", 4);
        else
            sb_put(sb, "false", 5);
        break;
    case VALUE_NUMBER:
        sb_put(sb, num, logic_number_format(v->as.number, num));
        break;
    case VALUE_STRING:
    case VALUE_ERROR:
        sb_put(sb, v->as.string.ptr, v->as.string.len);
        break;
    case VALUE_ARRAY:
        if (depth > 64)
            break;
        for (size_t i = 0; i < v->as.array.count && !sb->over; i++) {
            if (i)
                sb_put(sb, ",", 1);
            const value *it = &v->as.array.items[i];
            if (it->kind != VALUE_NULL) // [null].join() is ""
                sb_value(sb, it, depth + 1);
        }
        break;
    case VALUE_OBJECT:
        sb_put(sb, "[object Object]", 15);
        break;
    case VALUE_UNKNOWN:
        break;
    }
}

value logic_to_string(const value *v, arena *a)
{
    if (v->kind == VALUE_STRING)
        return *v;
    strbuf sb = {.a = a};
    sb_value(&sb, v, 0);
    if (sb.over)
        return value_words(VALUE_ERROR, VALUE_FLAG_LIMIT, LOGIC_LIMIT_STRING,
                           sizeof LOGIC_LIMIT_STRING - 1);
    return value_string(sb.p ? sb.p : "", sb.len);
}
