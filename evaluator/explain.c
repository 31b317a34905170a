// Words for why a requirement is not met: each deciding leaf as "X is A, the requirement is B".
#include "explain.h"

#include "util/decimal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// Sentences are assembled with memcpy, not snprintf: its format parsing and number printing were
// a fifth of all instructions in a bench run. The texts stay those of the printf version byte for
// byte: a piece is cut where printf cut it, "%.*s" stops at a NUL, numbers are "%.0f" or "%.10g".

// A string being assembled in buf[size]: like snprintf, it keeps the first size - 1 bytes of what
// is put and stays NUL-terminated.
typedef struct text {
    char *buf;
    size_t len, size;
} text;

static text text_start(char *buf, size_t size)
{
    buf[0] = '\0';
    return (text){buf, 0, size};
}

static size_t text_room(const text *t)
{
    return t->size - 1 - t->len;
}

// Appends the n bytes at s, cut to the room left (as snprintf would).
static void put_bytes(text *t, const char *s, size_t n)
{
    // Two copies, so that in the usual one (it fits) a literal's n is still a constant and the
    // compiler turns the copy into a few moves rather than a loop.
    if (n > text_room(t)) {
        n = text_room(t);
        memcpy(t->buf + t->len, s, n);
    } else {
        memcpy(t->buf + t->len, s, n);
    }
    t->len += n;
    t->buf[t->len] = '\0';
}

static void put_str(text *t, const char *s)
{
    put_bytes(t, s, strlen(s));
}

// printf's "%.*s": at most max bytes of s, and nothing from a NUL on.
static void put_prefix(text *t, const char *s, size_t max)
{
    if (max == 0) // s may then be NULL, which memchr and memcpy must not see
        return;
    const char *nul = memchr(s, '\0', max);
    put_bytes(t, s, nul ? (size_t)(nul - s) : max);
}

// A number as printf's "%.0f" for whole numbers below 1e15 and "%.10g" for the rest, into buf (32
// bytes); returns the length. Whole numbers and short decimals, nearly all a checklist compares,
// are written here; printf still decides the rare rest (long fractions, exponents, nan, inf).
static size_t format_number(double x, char *buf)
{
    double ax = fabs(x);
    size_t o = 0;
    if (x == floor(x) && ax < 1e15) {
        // "%.0f" of an integer below 2^53 is its digits exactly, the sign of -0 included.
        if (signbit(x))
            buf[o++] = '-';
        o += decimal_ulong(buf + o, (unsigned long long)ax);
        buf[o] = '\0';
        return o;
    }
    // x is the double nearest m / 10^d for an integer m of at most 10 digits: x is then within
    // 2^-53 of that decimal, far closer than the half unit of a 10th digit, so "%.10g" rounds it
    // to m's digits. The first such d gives the shortest m, which has no trailing zero to drop.
    unsigned long long u;
    int d;
    if (decimal_nearest(ax, 10, 9, &u, &d)) {
        char digits[DECIMAL_ULONG_DIGITS];
        size_t k = decimal_ulong(digits, u);
        // Digits before the point; below 1e-4 (fewer than -3) "%.10g" takes the exponent form.
        long point = (long)k - (long)d;
        if (point >= -3 && u % 10 != 0) {
            if (x < 0)
                buf[o++] = '-';
            if (point <= 0) { // "0.", then -point zeros
                memcpy(buf + o, "0.000", (size_t)(2 - point));
                o += (size_t)(2 - point);
                memcpy(buf + o, digits, k);
                o += k;
            } else {
                memcpy(buf + o, digits, (size_t)point);
                o += (size_t)point;
                buf[o++] = '.';
                memcpy(buf + o, digits + point, (size_t)d);
                o += (size_t)d;
            }
            buf[o] = '\0';
            return o;
        }
    }
    return (size_t)snprintf(buf, 32, "%.10g", x);
}

static void put_value(text *t, const value *v)
{
    char num[32];
    switch (v->kind) {
    case VALUE_NULL:
        put_str(t, "null");
        break;
    case VALUE_BOOL:
        put_str(t, v->as.boolean ? "yes" : "no");
        break;
    case VALUE_NUMBER:
        put_bytes(t, num, format_number(v->as.number, num));
        break;
    case VALUE_STRING:
        put_prefix(t, v->as.string.ptr, v->as.string.len > 200 ? 200 : v->as.string.len);
        break;
    case VALUE_ARRAY:
        if (v->as.array.count == 0)
            put_str(t, "none");
        for (size_t i = 0; i < v->as.array.count && text_room(t); i++) {
            if (i)
                put_str(t, "; ");
            put_value(t, &v->as.array.items[i]);
        }
        break;
    case VALUE_OBJECT:
        put_str(t, "an object");
        break;
    case VALUE_UNKNOWN:
        put_str(t, (v->flags & VALUE_FLAG_INVALID) ? "invalid" : "empty");
        break;
    case VALUE_ERROR:
        put_str(t, "error ");
        put_prefix(t, v->as.string.ptr, v->as.string.len);
        break;
    }
}

size_t explain_value(const value *v, char *buf, size_t size)
{
    text t = text_start(buf, size);
    put_value(&t, v);
    return t.len;
}

// v as a piece of a sentence: "40 %" for a percent field f, "12 USD" for a field with a unit, else
// (and always when f is NULL) just the value. The printf version formatted each piece into a
// char[limit] of its own first, so a piece keeps at most limit - 1 bytes, as it did.
static void put_piece(text *t, const checklist_field *f, const value *v, size_t limit)
{
    size_t size = t->size;
    if (t->len + limit < size)
        t->size = t->len + limit;
    put_value(t, v);
    if (f && v->kind == VALUE_NUMBER) {
        if (f->type == FIELD_PERCENT) {
            put_str(t, " %");
        } else if (f->unit) {
            put_str(t, " ");
            put_str(t, f->unit);
        }
    }
    t->size = size;
}

// The comparison phrase with the field on the left: "at least", "more than", …
static const char *phrase(const char *op, bool field_on_right)
{
    static const struct {
        const char *op, *left, *right;
    } table[] = {
        {">=", "at least", "at most"},
        {">", "more than", "less than"},
        {"<=", "at most", "at least"},
        {"<", "less than", "more than"},
        {"==", "", ""},
        {"===", "", ""},
        {"!=", "other than ", "other than "},
        {"!==", "other than ", "other than "},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].op[0] == op[0] && strcmp(table[i].op, op) == 0)
            return field_on_right ? table[i].right : table[i].left;
    return NULL;
}

static void say_cell_problem(text *t, const typed_cell *c, const checklist_field *f)
{
    put_str(t, f->label);
    if (c->state == CELL_INVALID) {
        put_str(t, " is invalid: \"");
        put_prefix(t, c->raw, c->raw_len > 120 ? 120 : c->raw_len);
        put_str(t, "\" is ");
        char problem[CELL_PROBLEM_SIZE];
        put_bytes(t, problem, cell_problem_text(f, c, problem));
    } else if (c->line == 0) {
        put_str(t, " is missing: the submission has no column \"");
        put_str(t, f->name);
        put_str(t, "\"");
    } else {
        put_str(t, " is empty: no evidence was given");
    }
}

static void leaf_text(const checklist *cl, const logic_leaf *leaf, const typed_cell *cells, text *t)
{
    const checklist_field *f = leaf->slot >= 0 ? &cl->fields[leaf->slot] : NULL;
    if (f && leaf->result.kind == VALUE_UNKNOWN) {
        say_cell_problem(t, &cells[leaf->slot], f);
        return;
    }
    put_str(t, f ? f->label : "the rule");
    int fo = leaf->field_operand;
    const char *cmp = phrase(leaf->op, fo == 1);
    if (cmp && leaf->operand_count == 2 && fo >= 0) {
        put_str(t, leaf->direct ? " is " : " gives ");
        put_piece(t, f, &leaf->operands[fo], 256);
        put_str(t, ", the requirement is ");
        put_str(t, cmp);
        if (*cmp && cmp[strlen(cmp) - 1] != ' ')
            put_str(t, " ");
        put_piece(t, f, &leaf->operands[1 - fo], 256);
        return;
    }
    if (cmp && leaf->operand_count == 3 && fo == 1) {
        put_str(t, " is ");
        put_piece(t, f, &leaf->operands[1], 256);
        put_str(t, ", the requirement is between ");
        put_piece(t, f, &leaf->operands[0], 128);
        put_str(t, " and ");
        put_piece(t, f, &leaf->operands[2], 128);
        return;
    }
    if (strcmp(leaf->op, "in") == 0 && leaf->operand_count == 2 && fo >= 0) {
        // The field is the haystack (operands[1]: it must include the needle) or the needle.
        put_str(t, " is \"");
        put_piece(t, NULL, &leaf->operands[fo], 256);
        put_str(t, fo == 1 ? "\", the requirement is that it includes "
                           : "\", the requirement is one of: ");
        put_piece(t, NULL, &leaf->operands[1 - fo], 256);
        return;
    }
    if (f && (strcmp(leaf->op, "var") == 0 || strcmp(leaf->op, "!!") == 0 ||
              strcmp(leaf->op, "!") == 0)) {
        put_str(t, " is ");
        put_piece(t, NULL, &leaf->operands[0], 256);
        put_str(t, strcmp(leaf->op, "!") == 0 ? ", the requirement is no"
                                              : ", the requirement is yes");
        return;
    }
    if (f && (strcmp(leaf->op, "all") == 0 || strcmp(leaf->op, "some") == 0 ||
              strcmp(leaf->op, "none") == 0)) {
        put_str(t, " is \"");
        put_piece(t, NULL, &leaf->operands[0], 256);
        put_str(t, "\", the requirement is that ");
        put_str(t, leaf->op);
        put_str(t, " of them meet the condition");
        return;
    }
    put_str(t, ": \"");
    put_str(t, leaf->op);
    if (leaf->operand_count > 0) {
        put_str(t, "\" on ");
        put_piece(t, NULL, &leaf->operands[0], 256);
        put_str(t, " is false");
    } else {
        put_str(t, "\" is false");
    }
}

// The same empty field read by several leaves is one reason, not several.
static bool already_said(const explanation *out, size_t n, const char *said)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(out[i].text, said) == 0)
            return true;
    return false;
}

const explanation *explain_requirement(const checklist *cl, const checklist_requirement *req,
                                       outcome o, const char *limit, const logic_trace *trace,
                                       const typed_cell *cells, const value *values, arena *a,
                                       size_t *count)
{
    *count = 0;
    if (!outcome_is_failure(o))
        return NULL;
    size_t cap = (trace ? trace->count : 0) + req->field_count + 1;
    explanation *out = arena_alloc(a, cap * sizeof(explanation));
    char buf[768];
    size_t n = 0;
    // An unknown leaf records only the first field it reads: when that cell is present, the
    // unknown came from another operand (`budget >= cost` with no cost), which the fields of the
    // requirement name below instead.
    bool name_fields = false;
    for (size_t i = 0; trace && i < trace->count; i++) {
        const logic_leaf *leaf = &trace->items[i];
        // An unmet rule is explained by its false leaves; no_evidence/invalid by unknown ones.
        bool unknown = leaf->result.kind == VALUE_UNKNOWN;
        if ((o == OUTCOME_UNMET) == unknown)
            continue;
        if (unknown && (leaf->slot < 0 || cells[leaf->slot].state == CELL_PRESENT)) {
            name_fields = true;
            continue;
        }
        text t = text_start(buf, sizeof buf);
        leaf_text(cl, leaf, cells, &t);
        if (already_said(out, n, buf))
            continue;
        explanation *e = &out[n++];
        e->op = leaf->op;
        e->field = leaf->slot;
        e->actual = leaf->field_operand >= 0
                        ? leaf->operands[leaf->field_operand]
                        : (leaf->operand_count ? leaf->operands[0] : value_null());
        e->expected = leaf->operand_count == 2 && leaf->field_operand >= 0
                          ? leaf->operands[1 - leaf->field_operand]
                          : value_null();
        e->text = arena_strndup(a, t.buf, t.len);
    }
    if (n == 0 || name_fields) {
        // No leaf said it: name the fields that the requirement reads instead.
        for (size_t i = 0; i < req->field_count; i++) {
            size_t slot = req->fields[i];
            const typed_cell *c = &cells[slot];
            const checklist_field *f = &cl->fields[slot];
            text t = text_start(buf, sizeof buf);
            if (o == OUTCOME_UNMET) {
                put_str(&t, f->label);
                put_str(&t, " is ");
                put_piece(&t, f, &values[slot], 256);
            } else if (c->state == CELL_PRESENT) {
                continue;
            } else if ((o == OUTCOME_INVALID) != (c->state == CELL_INVALID)) {
                continue;
            } else {
                say_cell_problem(&t, c, f);
            }
            if (already_said(out, n, buf))
                continue;
            explanation *e = &out[n++];
            e->op = "";
            e->field = (long)slot;
            e->actual = values[slot];
            e->expected = value_null();
            e->text = arena_strndup(a, t.buf, t.len);
        }
    }
    if (n == 0 && o == OUTCOME_INVALID) {
        explanation *e = &out[n++];
        e->op = "";
        e->field = -1;
        e->actual = value_null();
        e->expected = value_null();
        e->text = "the rule raised an error on this row";
        if (limit) {
            int len = snprintf(buf, sizeof buf, "the rule stopped at an %s", limit);
            e->text = arena_strndup(a, buf, len < (int)sizeof buf ? (size_t)len : sizeof buf - 1);
        }
    }
    *count = n;
    return out;
}
