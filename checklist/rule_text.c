// The readable form of JSON Logic rules, shared by `ddcheck explain` and `ddcheck docs`.
#include "rule_text.h"

#include "builtin.h"
#include "logic.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text_buf {
    char *s;
    size_t len, cap;
} text_buf;

// Appends the string s to b, growing it as needed.
static void append(text_buf *b, const char *s)
{
    size_t n = strlen(s);
    xgrow((void **)&b->s, &b->cap, b->len + n + 1, 1);
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

// Appends j as compact JSON ("?" when it cannot be printed).
static void append_json(text_buf *b, const cJSON *j)
{
    char *s = cJSON_PrintUnformatted(j);
    append(b, s ? s : "?");
    free(s);
}

// The single operator name of {op: args}, or NULL.
static const char *op_of(const cJSON *node)
{
    if (!cJSON_IsObject(node) || cJSON_GetArraySize(node) != 1)
        return NULL;
    return node->child->string;
}

// The word shown between the operands of op ("is", ">="), or NULL (logic_operators.h's TEXT).
static const char *infix_word(const char *op)
{
    const logic_operator_info *info = logic_operator(op);
    return info ? info->text : NULL;
}

static void emit(text_buf *b, const cJSON *node, bool nested);

// A node that reads as one word or constant needs no parentheses.
static bool atomic(const cJSON *node)
{
    const char *op = op_of(node);
    if (!op)
        return !cJSON_IsObject(node);
    const logic_operator_info *info = logic_operator(op);
    // Shown with words around or between its operands: infix, and/or, not, if, iterations.
    const unsigned worded =
        LOGIC_KIND_CONNECTIVE | LOGIC_KIND_NEGATION | LOGIC_KIND_CONDITION | LOGIC_KIND_BODY;
    // "?:" is an alias of "if" (logic_operators.h): its row, so it is parenthesised as "if" is.
    return strcmp(op, "var") == 0 || !info || (!info->text && !(info->kind & worded));
}

static void emit_args_joined(text_buf *b, const cJSON *args, const char *sep, bool nested)
{
    bool first = true;
    const cJSON *a;
    cJSON_ArrayForEach(a, args)
    {
        if (!first)
            append(b, sep);
        emit(b, a, nested);
        first = false;
    }
}

static void emit_var(text_buf *b, const cJSON *args)
{
    const cJSON *name = cJSON_IsArray(args) ? args->child : args;
    const cJSON *dflt = cJSON_IsArray(args) && args->child ? args->child->next : NULL;
    if (cJSON_IsString(name)) {
        const char *n = name->valuestring;
        append(b, n[0] == '\0' || strcmp(n, "current") == 0 ? "item" : n);
    } else if (!name || cJSON_IsNull(name)) {
        append(b, "item");
    } else {
        append_json(b, name);
    }
    if (dflt) {
        append(b, " (or ");
        emit(b, dflt, false);
        append(b, " when empty)");
    }
}

static void emit(text_buf *b, const cJSON *node, bool nested)
{
    const char *op = op_of(node);
    if (!op) {
        append_json(b, node);
        return;
    }
    const cJSON *args = node->child;
    size_t n = cJSON_IsArray(args) ? (size_t)cJSON_GetArraySize(args) : 1;
    bool paren = nested && !atomic(node);
    if (strcmp(op, "var") == 0) {
        emit_var(b, args);
        return;
    }
    if (paren)
        append(b, "(");
    const char *word = infix_word(op);
    if ((strcmp(op, "and") == 0 || strcmp(op, "or") == 0) && cJSON_IsArray(args)) {
        char sep[8];
        snprintf(sep, sizeof sep, " %s ", op);
        emit_args_joined(b, args, sep, true);
    } else if ((strcmp(op, "!") == 0 || strcmp(op, "!!") == 0) && n == 1) {
        const cJSON *a = cJSON_IsArray(args) ? args->child : args;
        if (op[1] == '!') {
            emit(b, a, true);
            append(b, " is not empty");
        } else {
            append(b, "not ");
            emit(b, a, true);
        }
    } else if (word && cJSON_IsArray(args) && n >= 2 && n <= logic_operator(op)->uses_max) {
        char sep[16];
        snprintf(sep, sizeof sep, " %s ", word);
        emit_args_joined(b, args, sep, true);
    } else if ((!strcmp(op, "some") || !strcmp(op, "all") || !strcmp(op, "none")) && n == 2) {
        append(b, op);
        append(b, " item of ");
        emit(b, args->child, true);
        append(b, ": ");
        emit(b, args->child->next, false);
    } else if ((!strcmp(op, "filter") || !strcmp(op, "map")) && n == 2) {
        append(b, !strcmp(op, "filter") ? "items of " : "each item of ");
        emit(b, args->child, true);
        append(b, !strcmp(op, "filter") ? " where " : " as ");
        emit(b, args->child->next, true);
    } else if (!strcmp(op, "reduce") && (n == 2 || n == 3)) {
        append(b, "reduce ");
        emit(b, args->child, true);
        append(b, " from ");
        if (n == 3)
            emit(b, args->child->next->next, true);
        else
            append(b, "null");
        append(b, ": ");
        emit(b, args->child->next, true);
    } else if ((!strcmp(op, "if") || !strcmp(op, "?:")) && n >= 2) {
        const cJSON *a = args->child;
        bool first = true;
        while (a && a->next) {
            append(b, first ? "if " : " else if ");
            emit(b, a, true);
            append(b, " then ");
            emit(b, a->next, true);
            a = a->next->next;
            first = false;
        }
        if (a) {
            append(b, " else ");
            emit(b, a, true);
        }
    } else if (logic_is_operator(op)) {
        append(b, op);
        append(b, "(");
        if (cJSON_IsArray(args))
            emit_args_joined(b, args, ", ", false);
        else
            emit(b, args, false);
        append(b, ")");
    } else {
        append_json(b, node);
    }
    if (paren)
        append(b, ")");
}

char *rule_text(const cJSON *rule)
{
    text_buf b = {0};
    append(&b, "");
    emit(&b, rule, false);
    return b.s;
}

struct rule_source {
    cJSON *root;
    const cJSON **rules; // per requirement: rule, applies_if
    size_t count;
};

rule_source *rule_source_new(const checklist *cl)
{
    const char *spec = cl->origin;
    if (strncmp(spec, "builtin:", 8) == 0 && builtin_find(spec + 8))
        spec += 8;
    size_t len = 0;
    char origin[512];
    char *text = checklist_read_text(spec, &len, origin, sizeof origin);
    if (!text)
        return NULL;
    sha256_ctx sha;
    char hex[65];
    sha256_init(&sha);
    sha256_update(&sha, text, len);
    sha256_hex(&sha, hex);
    cJSON *root = strcmp(hex, cl->sha256) == 0 ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    if (!root)
        return NULL;
    rule_source *rs = xcalloc(1, sizeof *rs);
    rs->root = root;
    rs->rules = xcalloc(2 * cl->requirement_count + 2, sizeof(cJSON *));
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "criteria"))
    {
        const cJSON *r;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(c, "requirements"))
        {
            if (rs->count == cl->requirement_count)
                break;
            rs->rules[2 * rs->count] = cJSON_GetObjectItemCaseSensitive(r, "rule");
            rs->rules[2 * rs->count + 1] = cJSON_GetObjectItemCaseSensitive(r, "applies_if");
            rs->count++;
        }
    }
    return rs;
}

const cJSON *rule_source_rule(const rule_source *rs, size_t requirement, bool applies_if)
{
    if (!rs || requirement >= rs->count)
        return NULL;
    return rs->rules[2 * requirement + (applies_if ? 1 : 0)];
}

void rule_source_free(rule_source *rs)
{
    if (!rs)
        return;
    cJSON_Delete(rs->root);
    free(rs->rules);
    free(rs);
}
