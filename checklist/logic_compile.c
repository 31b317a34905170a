// Compiles a JSON Logic rule (cJSON) into a node tree owned by the rule: operators resolved to an
// enum, constants converted once, field names resolved to slots.
#include "logic_internal.h"

#include "util/dynlib.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The size of an arity in logic_operators.h: -1 is no limit.
#define ARITY(n) ((n) < 0 ? SIZE_MAX : (size_t)(n))

const logic_operator_row logic_operator_rows[OP_COUNT] = {
    [OP_CONST] = {{"preserve", 0, SIZE_MAX, 0, NULL}, LOGIC_ARGS_SINGLE, 0, SIZE_MAX},
#define OPERATOR_ROW(NAME, OP, ARGS, MIN, MAX, USES_MIN, USES_MAX, KIND, TEXT, GENERAL)            \
    [OP_##OP] = {{NAME, USES_MIN, ARITY(USES_MAX), KIND, TEXT}, LOGIC_ARGS_##ARGS, MIN, ARITY(MAX)},
#define NO_ALIAS(NAME, OP)
    LOGIC_OPERATORS(OPERATOR_ROW, NO_ALIAS)
#undef OPERATOR_ROW
#undef NO_ALIAS
};

// Every name an operator is written with, aliases included.
static const struct {
    const char *name;
    logic_op op;
} OPERATOR_NAMES[] = {
#define OPERATOR_NAME(NAME, OP, ...) {NAME, OP_##OP},
#define ALIAS_NAME(NAME, OP) {NAME, OP_##OP},
    LOGIC_OPERATORS(OPERATOR_NAME, ALIAS_NAME)
#undef OPERATOR_NAME
#undef ALIAS_NAME
};

static int operator_index(const char *name)
{
    for (size_t i = 0; i < sizeof OPERATOR_NAMES / sizeof OPERATOR_NAMES[0]; i++)
        if (strcmp(OPERATOR_NAMES[i].name, name) == 0)
            return (int)i;
    return -1;
}

const logic_operator_info *logic_operator(const char *op)
{
    int i = op ? operator_index(op) : -1;
    return i < 0 ? NULL : &logic_operator_rows[OPERATOR_NAMES[i].op].info;
}

bool logic_is_operator(const char *op)
{
    return logic_operator(op) != NULL;
}

typedef struct compiler {
    const logic_options *opts;
    diag_list *diags;
    logic_rule *rule;
    arena *mem;
    // The JSON Pointer of the node being compiled, inside the rule.
    char *path;
    size_t path_len, path_cap;
    bool depth_reported;
    size_t *slots;
    size_t nslots, slots_cap;
} compiler;

static void path_push(compiler *c, const char *seg)
{
    size_t need = c->path_len + 2 + strlen(seg) * 2;
    xgrow((void **)&c->path, &c->path_cap, need + 1, 1);
    c->path[c->path_len++] = '/';
    for (const char *s = seg; *s; s++) {
        if (*s == '~' || *s == '/') {
            c->path[c->path_len++] = '~';
            c->path[c->path_len++] = *s == '~' ? '0' : '1';
        } else {
            c->path[c->path_len++] = *s;
        }
    }
    c->path[c->path_len] = '\0';
}

static void path_push_index(compiler *c, size_t i)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", i);
    path_push(c, buf);
}

static void path_pop(compiler *c, size_t len)
{
    c->path_len = len;
    if (c->path)
        c->path[len] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
report(compiler *c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *base = c->opts->pointer ? c->opts->pointer : "";
    size_t n = strlen(base) + c->path_len + 1;
    char *ptr = xmalloc(n);
    snprintf(ptr, n, "%s%s", base, c->path ? c->path : "");
    diag_add(c->diags, DIAG_ERROR, c->opts->file, 0, 0, ptr, "%s", msg);
    free(ptr);
}

static lnode *node_new(compiler *c, logic_op op, const char *name)
{
    lnode *n = arena_alloc(c->mem, sizeof *n);
    memset(n, 0, sizeof *n);
    n->op = op;
    n->name = name;
    n->slot = -1;
    return n;
}

static lnode *node_const(compiler *c, value v)
{
    lnode *n = node_new(c, OP_CONST, NULL);
    n->constant = v;
    return n;
}

// Wrong arguments: plain JSON Logic throws "Invalid Arguments" when evaluated (the suites test
// it); a checklist rule gets a diagnostic instead, so the mistake is caught by lint.
static lnode *invalid_arguments(compiler *c, const char *op, const char *why)
{
    if (c->opts->mode == LOGIC_KLEENE)
        report(c, "invalid arguments for \"%s\": %s", op, why);
    lnode *n = node_new(c, OP_RAISE, op);
    n->constant = (value){.kind = VALUE_ERROR, .as.string = {"Invalid Arguments", 17}};
    return n;
}

static void add_slot(compiler *c, size_t slot)
{
    xgrow((void **)&c->slots, &c->slots_cap, c->nslots + 1, sizeof(size_t));
    c->slots[c->nslots++] = slot;
}

// op: the operator naming the field, for the message ("var", "missing", …).
static bool resolve(compiler *c, const char *op, const char *name, size_t len, long *slot)
{
    char small[256];
    char *buf = len < sizeof small ? small : xmalloc(len + 1);
    memcpy(buf, name, len);
    buf[len] = '\0';
    size_t s = 0;
    bool ok = c->opts->resolve(c->opts->resolve_ctx, buf, &s);
    if (ok) {
        *slot = (long)s;
        add_slot(c, s);
    } else {
        report(c, "%s names no declared field \"%s\"", op, buf);
    }
    if (buf != small)
        free(buf);
    return ok;
}

// A literal path segment: a string as is, a number as JS prints it.
static bool literal_segment(compiler *c, const cJSON *j, logic_seg *out)
{
    if (cJSON_IsString(j)) {
        size_t len = strlen(j->valuestring);
        out->ptr = arena_strndup(c->mem, j->valuestring, len);
        out->len = len;
        return true;
    }
    if (cJSON_IsNumber(j)) {
        char buf[32];
        size_t len = logic_number_format(j->valuedouble, buf);
        out->ptr = arena_strndup(c->mem, buf, len);
        out->len = len;
        return true;
    }
    return false;
}

static void split_dots(compiler *c, lnode *n, const char *s, size_t len)
{
    if (len == 0) {
        n->nsegs = 0;
        return;
    }
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += s[i] == '.';
    n->segs = arena_alloc(c->mem, count * sizeof(logic_seg));
    size_t start = 0, k = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            n->segs[k].ptr = s + start;
            n->segs[k].len = i - start;
            k++;
            start = i + 1;
        }
    }
    n->nsegs = k;
}

static lnode *compile_node(compiler *c, const cJSON *j, int depth, bool in_body);

static bool all_const(lnode *const *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (nodes[i]->op != OP_CONST)
            return false;
    return true;
}

// `var`: [name, default]; a literal name is split on dots now, and resolved to a slot.
static void finish_var(compiler *c, lnode *n, const cJSON *name_json)
{
    logic_seg name;
    if (!name_json || cJSON_IsNull(name_json)) {
        n->static_path = true;
        n->nsegs = 0;
    } else if (literal_segment(c, name_json, &name)) {
        n->static_path = true;
        split_dots(c, n, name.ptr, name.len);
        if (c->opts->resolve && !n->in_body && name.len > 0) {
            if (resolve(c, n->name, name.ptr, name.len, &n->slot))
                n->nsegs = 0;
        }
    } else if (c->opts->resolve && !n->in_body) {
        report(c, "var needs a literal field name");
    }
}

// `val`/`exists`: [[-n]?, seg, seg, …]; literal segments are kept; the first is a field.
static void finish_val(compiler *c, lnode *n, const cJSON *args)
{
    const cJSON *first = cJSON_IsArray(args) ? args->child : args;
    size_t skip = 0;
    if (n->op == OP_VAL && first && cJSON_IsArray(first)) {
        const cJSON *up = first->child;
        if (up && cJSON_IsNumber(up))
            n->scope_up = scope_levels(up->valuedouble);
        skip = 1;
    }
    size_t count = 0;
    bool literal = true;
    size_t i = 0;
    for (const cJSON *a = first; a; a = cJSON_IsArray(args) ? a->next : NULL, i++) {
        if (i < skip)
            continue;
        count++;
        if (!cJSON_IsString(a) && !cJSON_IsNumber(a))
            literal = false;
    }
    if (!literal) {
        if (c->opts->resolve && !n->in_body)
            report(c, "%s needs a literal field name", n->name);
        return;
    }
    n->static_path = true;
    n->segs = count ? arena_alloc(c->mem, count * sizeof(logic_seg)) : NULL;
    i = 0;
    for (const cJSON *a = first; a; a = cJSON_IsArray(args) ? a->next : NULL, i++)
        if (i >= skip)
            literal_segment(c, a, &n->segs[n->nsegs++]);
    if (c->opts->resolve && !n->in_body && n->scope_up == 0 && n->nsegs > 0) {
        if (resolve(c, n->name, n->segs[0].ptr, n->segs[0].len, &n->slot)) {
            n->segs++;
            n->nsegs--;
        }
    }
}

// `missing` / `missing_some` with literal names: kept (and resolved to slots) at compile time.
static void finish_missing(compiler *c, lnode *n, const cJSON *args)
{
    const cJSON *list = args;
    if (n->op == OP_MISSING_SOME) {
        if (!cJSON_IsArray(args) || cJSON_GetArraySize(args) != 2)
            return;
        if (!cJSON_IsNumber(args->child))
            return;
        n->need = args->child->valuedouble;
        list = args->child->next;
        if (!cJSON_IsArray(list))
            return;
    } else if (cJSON_IsArray(args) && args->child && cJSON_IsArray(args->child)) {
        list = args->child;
    } else if (!cJSON_IsArray(args)) {
        if (!cJSON_IsString(args)) {
            if (c->opts->resolve && !n->in_body)
                report(c, "missing needs literal field names");
            return;
        }
        logic_seg s;
        literal_segment(c, args, &s);
        n->names = arena_alloc(c->mem, sizeof(logic_seg));
        n->names[0] = s;
        n->nnames = 1;
        goto resolve_names;
    }
    size_t count = (size_t)cJSON_GetArraySize(list);
    for (const cJSON *a = list->child; a; a = a->next)
        if (!cJSON_IsString(a) && !cJSON_IsNumber(a)) {
            if (c->opts->resolve && !n->in_body)
                report(c, "%s needs literal field names", n->name);
            return;
        }
    n->names = count ? arena_alloc(c->mem, count * sizeof(logic_seg)) : NULL;
    for (const cJSON *a = list->child; a; a = a->next)
        literal_segment(c, a, &n->names[n->nnames++]);
resolve_names:
    if (c->opts->resolve && !n->in_body) {
        n->name_slots = n->nnames ? arena_alloc(c->mem, n->nnames * sizeof(long)) : NULL;
        for (size_t i = 0; i < n->nnames; i++) {
            n->name_slots[i] = -1;
            resolve(c, n->name, n->names[i].ptr, n->names[i].len, &n->name_slots[i]);
        }
    }
}

// Which of n's two operands passes operand while the other is a constant of one of the kinds in
// the mask (1 << value_kind): 0 or 1, and *k that constant; -1 for neither.
static int side_against_constant(const lnode *n, bool (*operand)(const lnode *), unsigned kinds,
                                 const value **k)
{
    for (int side = 0; side < 2; side++) {
        const lnode *other = n->args[1 - side];
        if (operand(n->args[side]) && other->op == OP_CONST &&
            (kinds & (1u << other->constant.kind))) {
            *k = &other->constant;
            return side;
        }
    }
    return -1;
}

// The hot shape of checklist rules: a field compared with a constant number, string or boolean.
static void mark_fast(lnode *n)
{
    unsigned scalars = 1u << VALUE_NUMBER | 1u << VALUE_STRING | 1u << VALUE_BOOL;
    int side = side_against_constant(n, lnode_is_field, scalars, &n->fast_const);
    if (side >= 0) {
        n->fast = true;
        n->fast_swapped = side == 1;
    }
}

// The hot shapes of `in` in checklist rules: a constant string in a list field, and the current
// element of some/filter in a constant list.
static void mark_fast_in(lnode *n)
{
    if (n->nargs != 2 || n->spread)
        return;
    const lnode *needle = n->args[0], *hay = n->args[1];
    if (needle->op == OP_CONST && needle->constant.kind == VALUE_STRING && lnode_is_field(hay)) {
        n->fast_in = FAST_IN_FIELD;
        n->fast_const = &needle->constant;
    } else if (lnode_is_element(needle) && hay->op == OP_CONST &&
               hay->constant.kind == VALUE_ARRAY) {
        n->fast_in = FAST_IN_LIST;
        n->fast_const = &hay->constant;
    }
}

// The field's values (logic_values_fn) that equal one of the strings in items[0..n).
static bool set_mask_of(compiler *c, long slot, const value *items, size_t n, uint64_t *mask)
{
    char *const *values;
    const size_t *lens;
    size_t count;
    if (slot < 0 || !c->opts->values ||
        !c->opts->values(c->opts->resolve_ctx, (size_t)slot, &values, &lens, &count) ||
        count > LOGIC_SET_MAX)
        return false;
    *mask = 0;
    for (size_t k = 0; k < count; k++)
        for (size_t i = 0; i < n; i++)
            if (items[i].kind == VALUE_STRING && items[i].as.string.len == lens[k] &&
                memcmp(items[i].as.string.ptr, values[k], lens[k]) == 0)
                *mask |= (uint64_t)1 << k;
    return true;
}

// A body that tests the current element against one constant string: `==`/`===` (*negate false)
// or `!=`/`!==` (true) of the element and the string, either side; the string, else NULL. An item
// of a set is a string: loose and strict equality with a string are the same there.
static const value *element_equals_string(const lnode *body, bool *negate)
{
    if (!(logic_op_kind(body->op) & LOGIC_KIND_EQUALITY) || body->nargs != 2 || body->spread)
        return NULL;
    for (int side = 0; side < 2; side++) {
        const lnode *k = body->args[1 - side];
        if (lnode_is_element(body->args[side]) && k->op == OP_CONST &&
            k->constant.kind == VALUE_STRING) {
            *negate = body->op == OP_NE || body->op == OP_SNE;
            return &k->constant;
        }
    }
    return NULL;
}

// Over a list field whose cells are sets of declared values: `in` of a constant, and
// some/all/none/filter testing the current element against a constant list or string (or the
// `!` of that).
static void mark_fast_set(compiler *c, lnode *n)
{
    if (n->op == OP_IN) {
        if (n->fast_in == FAST_IN_FIELD &&
            set_mask_of(c, n->args[1]->slot, n->fast_const, 1, &n->set_mask)) {
            n->fast_set = true;
            n->set_slot = n->args[1]->slot;
        }
        return;
    }
    if (n->nargs != 2 || n->spread)
        return;
    const lnode *list = n->args[0], *body = n->args[1];
    if (!lnode_is_field(list))
        return;
    bool negate = body->op == OP_NOT && body->nargs == 1 && !body->spread;
    if (negate)
        body = body->args[0];
    const value *items;
    size_t count;
    bool unequal = false;
    if (body->fast_in == FAST_IN_LIST) {
        items = body->fast_const->as.array.items;
        count = body->fast_const->as.array.count;
    } else if ((items = element_equals_string(body, &unequal)) != NULL) {
        count = 1;
        negate = negate != unequal;
    } else {
        return;
    }
    if (set_mask_of(c, list->slot, items, count, &n->set_mask)) {
        n->fast_set = true;
        n->set_negate = negate;
        n->set_slot = list->slot;
    }
}

static bool is_counting_reduce(const lnode *r)
{
    return r->op == OP_REDUCE && r->fast_count;
}

// A count compared with a number:
// {">=": [{"reduce": [{"filter": [{"var": "list"}, …]}, {"+": [{"var": "accumulator"}, 1]}, 0]},
// 3]}
static void mark_fast_count_cmp(lnode *n)
{
    int side = side_against_constant(n, is_counting_reduce, 1u << VALUE_NUMBER, &n->fast_const);
    if (side >= 0) {
        n->fast_count_cmp = true;
        n->fast_swapped = side == 1;
    }
}

// The counting idiom of reduce: an accumulator plus one, from a whole-number start.
static void mark_fast_count(lnode *n)
{
    if (n->nargs != 3 || n->spread)
        return;
    const lnode *body = n->args[1], *start = n->args[2];
    if (body->op != OP_ADD || body->nargs != 2 || body->spread || start->op != OP_CONST ||
        start->constant.kind != VALUE_NUMBER)
        return;
    double k = start->constant.as.number;
    // A whole number within ±1e15 (not NaN), tested without floor (the program needs no libm).
    if (!(fabs(k) <= 1e15) || k != (double)(long long)k || (k == 0 && signbit(k)))
        return;
    const lnode *acc = body->args[0], *one = body->args[1];
    if (acc->op == OP_VAR && acc->slot < 0 && acc->static_path && !acc->has_default &&
        acc->nargs <= 1 && acc->nsegs == 1 && acc->segs[0].len == 11 &&
        memcmp(acc->segs[0].ptr, "accumulator", 11) == 0 && one->op == OP_CONST &&
        one->constant.kind == VALUE_NUMBER && one->constant.as.number == 1)
        n->fast_count = true;
}

// Phase 1: the arguments' count and shape against the operator's row; the invalid-arguments
// node when they do not fit, else NULL.
static lnode *check_arguments(compiler *c, logic_op op, const char *name, const cJSON *args)
{
    const logic_operator_row *row = &logic_operator_rows[op];
    char no_libm[DYNLIB_WHY_SIZE];
    if (op == OP_MOD && !logic_remainder_load(no_libm, sizeof no_libm)) {
        report(c, "\"%%\" cannot be evaluated: %s", no_libm);
        lnode *n = node_new(c, OP_RAISE, name);
        n->constant = (value){.kind = VALUE_ERROR, .as.string = {"libm cannot be loaded", 21}};
        return n;
    }
    bool is_array = cJSON_IsArray(args);
    if (!is_array && row->args == LOGIC_ARGS_STRICT)
        return invalid_arguments(c, name, "needs an array of arguments");
    size_t nargs = is_array ? (size_t)cJSON_GetArraySize(args) : 1;
    if (is_array && (nargs < row->min || nargs > row->max)) {
        char why[64];
        if (row->min == row->max)
            snprintf(why, sizeof why, "needs %zu argument%s", row->min, row->min == 1 ? "" : "s");
        else if (row->max == SIZE_MAX)
            snprintf(why, sizeof why, "needs at least %zu argument%s", row->min,
                     row->min == 1 ? "" : "s");
        else
            snprintf(why, sizeof why, "needs %zu or %zu arguments", row->min, row->max);
        return invalid_arguments(c, name, why);
    }
    // Literal nulls where an iteration needs an array (and a body).
    unsigned kind = row->info.kind;
    if ((kind & LOGIC_KIND_ITERATION) &&
        (cJSON_IsNull(args->child) || cJSON_IsNull(args->child->next)))
        return invalid_arguments(c, name, "needs an array and an expression");
    if ((kind & LOGIC_KIND_QUANTIFIER) && cJSON_IsNull(args->child))
        return invalid_arguments(c, name, "needs an array");
    return NULL;
}

// Phase 2: every argument compiled into n; false when one failed.
static bool compile_arguments(compiler *c, lnode *n, const cJSON *args, int depth, bool in_body)
{
    bool is_array = cJSON_IsArray(args);
    n->nargs = is_array ? (size_t)cJSON_GetArraySize(args) : 1;
    n->args = n->nargs ? arena_alloc(c->mem, n->nargs * sizeof(lnode *)) : NULL;
    bool iteration = logic_op_kind(n->op) & LOGIC_KIND_BODY;
    size_t mark = c->path_len, i = 0;
    bool ok = true;
    for (const cJSON *a = is_array ? args->child : args; a && i < n->nargs;
         a = is_array ? a->next : NULL, i++) {
        if (is_array)
            path_push_index(c, i);
        // The body of an iteration (argument 1) sees the element, not the fields.
        bool body = in_body || (iteration && i == 1);
        n->args[i] = compile_node(c, a, depth + 1, body);
        if (!n->args[i])
            ok = false;
        path_pop(c, mark);
    }
    if (ok && !is_array && logic_operator_rows[n->op].args == LOGIC_ARGS_SPREAD &&
        (n->args[0]->op != OP_CONST || n->args[0]->name))
        n->spread = true;
    return ok;
}

// Phase 3: the fields an operator names, resolved to slots.
static void resolve_fields(compiler *c, lnode *n, const cJSON *args)
{
    bool is_array = cJSON_IsArray(args);
    switch (n->op) {
    case OP_VAR:
        n->has_default = is_array && n->nargs >= 2;
        if (n->nargs == 0 || n->args[0]->op == OP_CONST)
            finish_var(c, n, is_array ? args->child : args);
        else if (c->opts->resolve && !n->in_body)
            report(c, "var needs a literal field name");
        break;
    case OP_VAL:
    case OP_EXISTS:
        finish_val(c, n, args);
        break;
    case OP_MISSING:
    case OP_MISSING_SOME:
        finish_missing(c, n, args);
        break;
    default:
        break;
    }
}

// Phase 4: the shapes of its operands that the compiled form evaluates in a specialised
// operation (logic_select chooses it from these marks).
static void mark_specialised(compiler *c, lnode *n)
{
    unsigned kind = logic_op_kind(n->op);
    if ((kind & LOGIC_KIND_COMPARISON) && n->nargs == 2) {
        mark_fast(n);
        if (!n->fast)
            mark_fast_count_cmp(n);
    } else if (n->op == OP_IN) {
        mark_fast_in(n);
        mark_fast_set(c, n);
    } else if ((kind & LOGIC_KIND_QUANTIFIER) || n->op == OP_FILTER) {
        mark_fast_set(c, n);
    } else if (n->op == OP_REDUCE) {
        mark_fast_count(n);
    }
}

static lnode *compile_operation(compiler *c, const cJSON *j, int depth, bool in_body)
{
    const cJSON *args = j->child;
    const char *key = args->string ? args->string : "";
    int idx = operator_index(key);
    path_push(c, key);
    if (idx < 0) {
        report(c, "unknown operator \"%s\"", key);
        return NULL;
    }
    logic_op op = OPERATOR_NAMES[idx].op;
    const char *name = OPERATOR_NAMES[idx].name;
    if (op == OP_CONST) {
        // `preserve`: a constant, but computed: as the one argument of +, merge, … its array
        // is spread.
        lnode *k = node_const(c, value_from_cjson(args, c->mem));
        k->name = name;
        return k;
    }
    lnode *invalid = check_arguments(c, op, name, args);
    if (invalid)
        return invalid;
    lnode *n = node_new(c, op, name);
    n->in_body = in_body;
    if (!compile_arguments(c, n, args, depth, in_body))
        return NULL;
    resolve_fields(c, n, args);
    mark_specialised(c, n);
    return n;
}

static lnode *compile_node(compiler *c, const cJSON *j, int depth, bool in_body)
{
    if (depth > LOGIC_MAX_DEPTH) {
        if (!c->depth_reported)
            report(c, "rule is nested deeper than %d levels", LOGIC_MAX_DEPTH);
        c->depth_reported = true;
        return NULL;
    }
    if (cJSON_IsArray(j)) {
        size_t n = (size_t)cJSON_GetArraySize(j);
        lnode **items = n ? arena_alloc(c->mem, n * sizeof(lnode *)) : NULL;
        size_t mark = c->path_len, i = 0;
        bool ok = true;
        for (const cJSON *a = j->child; a && i < n; a = a->next, i++) {
            path_push_index(c, i);
            items[i] = compile_node(c, a, depth + 1, in_body);
            if (!items[i])
                ok = false;
            path_pop(c, mark);
        }
        if (!ok)
            return NULL;
        if (all_const(items, n)) {
            value *vals = n ? arena_alloc(c->mem, n * sizeof(value)) : NULL;
            for (size_t k = 0; k < n; k++)
                vals[k] = items[k]->constant;
            return node_const(c, value_array(vals, n));
        }
        lnode *node = node_new(c, OP_ARRAY, NULL);
        node->args = items;
        node->nargs = n;
        return node;
    }
    if (cJSON_IsObject(j)) {
        int keys = cJSON_GetArraySize(j);
        if (keys == 1)
            return compile_operation(c, j, depth, in_body);
        // Plain JSON Logic passes an object that is not one operation through as data; in a
        // checklist rule that is almost surely a mistake (two operators in one object).
        if (keys > 1 && c->opts->mode == LOGIC_KLEENE) {
            report(c, "an object with %d keys is not an operation", keys);
            return NULL;
        }
        return node_const(c, value_from_cjson(j, c->mem));
    }
    return node_const(c, value_from_cjson(j, c->mem));
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

logic_rule *logic_compile(const cJSON *json, const logic_options *opts, diag_list *diags)
{
    logic_rule *rule = xcalloc(1, sizeof *rule);
    // A rule's nodes take about 1 KiB (group3-investor's 0.5 to 1 KiB): blocks of 16 KiB, one a
    // rule, made 0.66 MiB of a checklist's 40 rules.
    rule->mem = arena_new_sized(1024);
    rule->mode = opts->mode;
    compiler c = {.opts = opts, .diags = diags, .rule = rule, .mem = rule->mem};
    size_t errors_before = diags->errors;
    rule->root = compile_node(&c, json, 0, false);
    free(c.path);
    if (!rule->root || diags->errors > errors_before) {
        free(c.slots);
        logic_rule_free(rule);
        return NULL;
    }
    if (c.nslots) {
        qsort(c.slots, c.nslots, sizeof(size_t), cmp_size);
        size_t k = 0;
        for (size_t i = 0; i < c.nslots; i++)
            if (k == 0 || c.slots[k - 1] != c.slots[i])
                c.slots[k++] = c.slots[i];
        rule->slots = arena_alloc(rule->mem, k * sizeof(size_t));
        memcpy(rule->slots, c.slots, k * sizeof(size_t));
        rule->nslots = k;
    }
    free(c.slots);
    logic_select(rule->root, rule->mem);
    rule->bounded = logic_bounded(rule->root);
    return rule;
}

void logic_rule_free(logic_rule *rule)
{
    if (!rule)
        return;
    arena_free(rule->mem);
    free(rule);
}

const size_t *logic_rule_slots(const logic_rule *rule, size_t *count)
{
    *count = rule ? rule->nslots : 0;
    return rule ? rule->slots : NULL;
}
