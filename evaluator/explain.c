// Words for why a requirement is not met: each deciding leaf as "X is A, the requirement is B".
#include "explain.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

size_t explain_value(const value *v, char *buf, size_t size)
{
    int n = 0;
    switch (v->kind) {
    case VALUE_NULL:
        n = snprintf(buf, size, "null");
        break;
    case VALUE_BOOL:
        n = snprintf(buf, size, "%s", v->as.boolean ? "yes" : "no");
        break;
    case VALUE_NUMBER:
        if (v->as.number == floor(v->as.number) && fabs(v->as.number) < 1e15)
            n = snprintf(buf, size, "%.0f", v->as.number);
        else
            n = snprintf(buf, size, "%.10g", v->as.number);
        break;
    case VALUE_STRING:
        n = snprintf(buf, size, "%.*s", (int)(v->as.string.len > 200 ? 200 : v->as.string.len),
                     v->as.string.ptr);
        break;
    case VALUE_ARRAY: {
        size_t used = 0;
        buf[0] = '\0';
        if (v->as.array.count == 0)
            return (size_t)snprintf(buf, size, "none");
        for (size_t i = 0; i < v->as.array.count && used + 1 < size; i++) {
            if (i)
                used += (size_t)snprintf(buf + used, size - used, "; ");
            if (used + 1 < size)
                used += explain_value(&v->as.array.items[i], buf + used, size - used);
        }
        return used < size ? used : size - 1;
    }
    case VALUE_OBJECT:
        n = snprintf(buf, size, "an object");
        break;
    case VALUE_UNKNOWN:
        n = snprintf(buf, size, "%s", (v->flags & VALUE_FLAG_INVALID) ? "invalid" : "empty");
        break;
    case VALUE_ERROR:
        n = snprintf(buf, size, "error %.*s", (int)v->as.string.len, v->as.string.ptr);
        break;
    }
    if (n < 0)
        n = 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}

// "40 %" for a percent field, "12 USD" for a field with a unit, else just the value.
static void with_unit(const checklist_field *f, const value *v, char *buf, size_t size)
{
    size_t n = explain_value(v, buf, size);
    if (!f || v->kind != VALUE_NUMBER)
        return;
    if (f->type == FIELD_PERCENT)
        snprintf(buf + n, size - n, " %%");
    else if (f->unit)
        snprintf(buf + n, size - n, " %s", f->unit);
}

// The comparison phrase with the field on the left: "at least", "more than", …
static const char *phrase(const char *op, bool field_on_right)
{
    static const struct {
        const char *op, *left, *right;
    } table[] = {
        {">=", "at least", "at most"},     {">", "more than", "less than"},
        {"<=", "at most", "at least"},     {"<", "less than", "more than"},
        {"==", "", ""},                    {"===", "", ""},
        {"!=", "other than ", "other than "}, {"!==", "other than ", "other than "},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].op, op) == 0)
            return field_on_right ? table[i].right : table[i].left;
    return NULL;
}

static const char *copy(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

static const char *cell_problem(const typed_cell *c, const checklist_field *f, char *buf,
                                size_t size)
{
    if (c->state == CELL_INVALID)
        snprintf(buf, size, "%s is invalid: \"%.*s\" is %s", f->label,
                 (int)(c->raw_len > 120 ? 120 : c->raw_len), c->raw, c->problem);
    else if (c->line == 0)
        snprintf(buf, size, "%s is missing: the submission has no column \"%s\"", f->label,
                 f->name);
    else
        snprintf(buf, size, "%s is empty: no evidence was given", f->label);
    return buf;
}

static void leaf_text(const checklist *cl, const logic_leaf *leaf, const typed_cell *cells,
                      char *buf, size_t size)
{
    const checklist_field *f = leaf->slot >= 0 ? &cl->fields[leaf->slot] : NULL;
    if (f && leaf->result.kind == VALUE_UNKNOWN) {
        cell_problem(&cells[leaf->slot], f, buf, size);
        return;
    }
    const char *label = f ? f->label : "the rule";
    int fo = leaf->field_operand;
    const char *cmp = phrase(leaf->op, fo == 1);
    char actual[256], expected[256];
    if (cmp && leaf->operand_count == 2 && fo >= 0) {
        with_unit(f, &leaf->operands[fo], actual, sizeof actual);
        with_unit(f, &leaf->operands[1 - fo], expected, sizeof expected);
        if (leaf->direct)
            snprintf(buf, size, "%s is %s, the requirement is %s%s%s", label, actual, cmp,
                     *cmp && cmp[strlen(cmp) - 1] != ' ' ? " " : "", expected);
        else
            snprintf(buf, size, "%s gives %s, the requirement is %s%s%s", label, actual, cmp,
                     *cmp && cmp[strlen(cmp) - 1] != ' ' ? " " : "", expected);
        return;
    }
    if (cmp && leaf->operand_count == 3 && fo == 1) {
        char low[128], high[128];
        with_unit(f, &leaf->operands[1], actual, sizeof actual);
        with_unit(f, &leaf->operands[0], low, sizeof low);
        with_unit(f, &leaf->operands[2], high, sizeof high);
        snprintf(buf, size, "%s is %s, the requirement is between %s and %s", label, actual, low,
                 high);
        return;
    }
    if (strcmp(leaf->op, "in") == 0 && leaf->operand_count == 2 && fo >= 0) {
        explain_value(&leaf->operands[0], expected, sizeof expected);
        explain_value(&leaf->operands[1], actual, sizeof actual);
        if (fo == 1)
            snprintf(buf, size, "%s is \"%s\", the requirement is that it includes %s", label,
                     actual, expected);
        else
            snprintf(buf, size, "%s is \"%s\", the requirement is one of: %s", label, expected,
                     actual);
        return;
    }
    if (f && (strcmp(leaf->op, "var") == 0 || strcmp(leaf->op, "!!") == 0)) {
        explain_value(&leaf->operands[0], actual, sizeof actual);
        snprintf(buf, size, "%s is %s, the requirement is yes", label, actual);
        return;
    }
    if (f && strcmp(leaf->op, "!") == 0) {
        explain_value(&leaf->operands[0], actual, sizeof actual);
        snprintf(buf, size, "%s is %s, the requirement is no", label, actual);
        return;
    }
    if (f && (strcmp(leaf->op, "all") == 0 || strcmp(leaf->op, "some") == 0 ||
              strcmp(leaf->op, "none") == 0)) {
        explain_value(&leaf->operands[0], actual, sizeof actual);
        snprintf(buf, size, "%s is \"%s\", the requirement is that %s of them meet the condition",
                 label, actual, leaf->op);
        return;
    }
    if (leaf->operand_count > 0) {
        explain_value(&leaf->operands[0], actual, sizeof actual);
        snprintf(buf, size, "%s: \"%s\" on %s is false", label, leaf->op, actual);
    } else {
        snprintf(buf, size, "%s: \"%s\" is false", label, leaf->op);
    }
}

// The same empty field read by several leaves is one reason, not several.
static bool already_said(const explanation *out, size_t n, const char *text)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(out[i].text, text) == 0)
            return true;
    return false;
}

const explanation *explain_requirement(const checklist *cl, const checklist_requirement *req,
                                       outcome o, const logic_trace *trace,
                                       const typed_cell *cells, arena *a, size_t *count)
{
    *count = 0;
    if (!outcome_is_failure(o))
        return NULL;
    size_t cap = (trace ? trace->count : 0) + req->field_count + 1;
    explanation *out = arena_alloc(a, cap * sizeof(explanation));
    char buf[768];
    size_t n = 0;
    for (size_t i = 0; trace && i < trace->count; i++) {
        const logic_leaf *leaf = &trace->items[i];
        // An unmet rule is explained by its false leaves; no_evidence/invalid by unknown ones.
        bool unknown = leaf->result.kind == VALUE_UNKNOWN;
        if ((o == OUTCOME_UNMET) == unknown)
            continue;
        leaf_text(cl, leaf, cells, buf, sizeof buf);
        if (already_said(out, n, buf))
            continue;
        explanation *e = &out[n++];
        e->op = leaf->op;
        e->field = leaf->slot;
        e->actual = leaf->field_operand >= 0 ? leaf->operands[leaf->field_operand]
                                             : (leaf->operand_count ? leaf->operands[0]
                                                                    : value_null());
        e->expected = leaf->operand_count == 2 && leaf->field_operand >= 0
                          ? leaf->operands[1 - leaf->field_operand]
                          : value_null();
        e->text = copy(a, buf);
    }
    if (n == 0) {
        // No leaf recorded: name the fields that the requirement reads instead.
        for (size_t i = 0; i < req->field_count; i++) {
            size_t slot = req->fields[i];
            const typed_cell *c = &cells[slot];
            const checklist_field *f = &cl->fields[slot];
            if (o == OUTCOME_UNMET) {
                char v[256];
                with_unit(f, &c->value, v, sizeof v);
                snprintf(buf, sizeof buf, "%s is %s", f->label, v);
            } else if (c->state == CELL_PRESENT) {
                continue;
            } else if ((o == OUTCOME_INVALID) != (c->state == CELL_INVALID)) {
                continue;
            } else {
                cell_problem(c, f, buf, sizeof buf);
            }
            explanation *e = &out[n++];
            e->op = "";
            e->field = (long)slot;
            e->actual = c->value;
            e->expected = value_null();
            e->text = copy(a, buf);
        }
    }
    if (n == 0 && o == OUTCOME_INVALID) {
        explanation *e = &out[n++];
        e->op = "";
        e->field = -1;
        e->actual = value_null();
        e->expected = value_null();
        e->text = "the rule raised an error on this row";
    }
    *count = n;
    return out;
}
