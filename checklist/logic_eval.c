// Evaluates a compiled JSON Logic rule: plain semantics or Kleene (absent is unknown), with an
// optional trace of the leaves that made it false or unknown. Allocates only from env->scratch.
#include "logic_internal.h"

#include "util/bits.h"
#include "util/inline.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    SCOPE_DATA,   // a document: the root data, an element, an error in `try`
    SCOPE_META,   // an iteration's own scope: {"index": i}
    SCOPE_REDUCE, // reduce's element: {"current": …, "accumulator": …}
} scope_kind;

typedef struct scope {
    const struct scope *parent;
    scope_kind kind;
    value data;
    value current, accumulator;
    size_t index;
} scope;

// The state of one evaluation of a rule: the row, the scratch arena, the scopes of iterations,
// the trace being recorded and the limits counted.
struct logic_context {
    const logic_env *env;
    // The row's cells (env->slots, env->slot_count), read one load nearer.
    const value *slots;
    size_t slot_count;
    arena *a;
    bool kleene;
    bool tracing;
    const scope *scope;
    // > 0 inside a recorded leaf's operands or an iteration body: no new leaves.
    int suppress;
    // In an `if` condition only unknown leaves explain the result.
    bool unknown_only;
    // The first resolved slot read since the current operand began (-1 for none).
    long first_slot;
    logic_leaf *leaf;
    const lnode *leaf_node;
    // The evaluation limits (logic.h): operations so far, bytes built so far, and the limit
    // reached (then every later operation, and the rule, give its error).
    size_t steps, built;
    const value *limit;
    // The compiled form (each node's run) rather than the general operations (the walker).
    bool compiled;
    // The error a compiled test (logic_test_fn) found: its truth is LOGIC_ERROR, its value this.
    value error;
    // The scope every evaluation starts from: the data document, or none.
    const scope *row_scope;
    scope root;
    // logic_context_row's copy of the row's env (its trace and walk cleared).
    logic_env row;
};

// The first operand that failed (was unknown or an error) among eager arguments: an error wins
// over an unknown.
typedef struct first_failure {
    bool set;
    value v;
} first_failure;

static const value ERROR_NAN = {.kind = VALUE_ERROR, .as.string = {"NaN", 3}};
static const value ERROR_ARGS = {.kind = VALUE_ERROR, .as.string = {"Invalid Arguments", 17}};

#define LIMIT_ERROR(text)                                                                          \
    {                                                                                              \
        .kind = VALUE_ERROR, .flags = VALUE_FLAG_LIMIT, .as.string = { text, sizeof text - 1 }     \
    }
static const value LIMIT_STEPS = LIMIT_ERROR(LOGIC_LIMIT_STEPS);
static const value LIMIT_STRING = LIMIT_ERROR(LOGIC_LIMIT_STRING);
static const value LIMIT_VALUES = LIMIT_ERROR(LOGIC_LIMIT_VALUES);
static const value LIMIT_BUILT = LIMIT_ERROR(LOGIC_LIMIT_BUILT);

// Stops the evaluation at a limit (the first one reached is the one reported).
static value stop(evaluation *c, const value *limit)
{
    if (!c->limit)
        c->limit = limit;
    return *c->limit;
}

// Counts bytes the rule builds; false (the evaluation stopped) past LOGIC_MAX_BUILT.
static bool charge(evaluation *c, size_t bytes)
{
    if (bytes > LOGIC_MAX_BUILT - c->built) {
        stop(c, &LIMIT_BUILT);
        return false;
    }
    c->built += bytes;
    return true;
}

// logic_to_string within the limits: past one, "" (the evaluation has stopped).
static value to_string(evaluation *c, const value *v)
{
    if (v->kind == VALUE_STRING)
        return *v;
    value s = logic_to_string(v, c->a);
    if (logic_is_limit(&s)) {
        stop(c, &LIMIT_STRING);
        return value_string("", 0);
    }
    charge(c, s.as.string.len);
    return s;
}

// How many values v holds counted through arrays and objects, itself included; the walk stops
// once past cap (the result is then more than cap). An array the engine built knows its count;
// any other value is walked, a step a value. Deeper than VALUE_DEEPEST (what value_to_cjson
// prints) is not counted.
static size_t weight(evaluation *c, const value *v, size_t cap, int depth)
{
    c->steps++;
    if (v->kind == VALUE_ARRAY && v->flags)
        return v->flags;
    size_t w = 1;
    if (depth > VALUE_DEEPEST)
        return w;
    if (v->kind == VALUE_ARRAY)
        for (size_t i = 0; i < v->as.array.count && w <= cap; i++)
            w += weight(c, &v->as.array.items[i], cap - w, depth + 1);
    else if (v->kind == VALUE_OBJECT)
        for (size_t i = 0; i < v->as.object.count && w <= cap; i++)
            w += weight(c, &v->as.object.members[i].value, cap - w, depth + 1);
    return w;
}

// An array the rule built (in the arena): charged, counted, its count kept in its flags.
static value built_array(evaluation *c, const value *items, size_t count)
{
    if (count > LOGIC_MAX_VALUES)
        return stop(c, &LIMIT_VALUES);
    if (!charge(c, count * sizeof(value)))
        return *c->limit;
    size_t w = 1;
    for (size_t i = 0; i < count && w <= LOGIC_MAX_VALUES; i++)
        w += weight(c, &items[i], LOGIC_MAX_VALUES - w, 0);
    if (w > LOGIC_MAX_VALUES)
        return stop(c, &LIMIT_VALUES);
    if (c->steps > LOGIC_MAX_STEPS)
        return stop(c, &LIMIT_STEPS);
    value r = value_array(items, count);
    r.flags = (unsigned)w;
    return r;
}

static inline bool is_failure(const value *v)
{
    return v->kind == VALUE_UNKNOWN || v->kind == VALUE_ERROR;
}

static void note_failure(first_failure *b, const value *v)
{
    if (v->kind == VALUE_ERROR) {
        if (!b->set || b->v.kind != VALUE_ERROR)
            b->v = *v;
        b->set = true;
    } else if (v->kind == VALUE_UNKNOWN) {
        if (!b->set) {
            b->v = *v;
            b->set = true;
        } else if (b->v.kind == VALUE_UNKNOWN) {
            b->v.flags |= v->flags;
        }
    }
}

// Evaluates one node: its compiled operation, or (walking) its general one, recording leaves.
static value eval_node(const lnode *n, evaluation *c);

// ---- trace --------------------------------------------------------------------------------

static void trace_add(evaluation *c, const logic_leaf *leaf)
{
    logic_trace *t = c->env->trace;
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        logic_leaf *items = arena_alloc(c->a, cap * sizeof(logic_leaf));
        if (t->count)
            memcpy(items, t->items, t->count * sizeof(logic_leaf));
        t->items = items;
        t->cap = cap;
    }
    t->items[t->count++] = *leaf;
}

static bool explains(const evaluation *c, const value *r)
{
    if (r->kind == VALUE_UNKNOWN)
        return true;
    return r->kind != VALUE_ERROR && !c->unknown_only && !value_truthy(r);
}

// Evaluates operand i of n; when n is the leaf being recorded, keeps the operand and the first
// field slot it read.
static value eval_operand(const lnode *n, size_t i, evaluation *c)
{
    const lnode *a = n->args[i];
    if (!c->tracing)
        return eval_node(a, c);
    long saved = c->first_slot;
    c->first_slot = -1;
    value v = eval_node(a, c);
    long s = c->first_slot;
    if (c->leaf && c->leaf_node == n && i < 3) {
        logic_leaf *l = c->leaf;
        l->operands[i] = v;
        if ((int)i + 1 > l->operand_count)
            l->operand_count = (int)i + 1;
        if (s >= 0 && l->slot < 0) {
            l->slot = s;
            l->field_operand = (int)i;
            l->direct = (a->op == OP_VAR || a->op == OP_VAL) && a->slot == s && a->nsegs == 0;
        }
    }
    c->first_slot = saved >= 0 ? saved : s;
    return v;
}

// An operand used as a condition (of and/or/if, or the whole rule): a bare var is a leaf.
static value eval_condition(const lnode *a, evaluation *c)
{
    if (!c->tracing || c->suppress || (a->op != OP_VAR && a->op != OP_VAL))
        return eval_node(a, c);
    long saved = c->first_slot;
    c->first_slot = -1;
    value v = eval_node(a, c);
    long s = c->first_slot;
    c->first_slot = saved >= 0 ? saved : s;
    if (explains(c, &v)) {
        logic_leaf leaf = {.op = "var", .slot = s, .field_operand = s >= 0 ? 0 : -1};
        leaf.direct = s >= 0 && a->slot == s && a->nsegs == 0;
        leaf.operands[0] = v;
        leaf.operand_count = 1;
        leaf.result = v;
        trace_add(c, &leaf);
    }
    return v;
}

// ---- data access --------------------------------------------------------------------------

static bool seg_index(const char *s, size_t len, size_t *out)
{
    if (len == 0 || len > 15)
        return false;
    size_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (size_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

static bool get_member(const value *v, const char *k, size_t len, value *out)
{
    if (v->kind == VALUE_OBJECT) {
        for (size_t i = 0; i < v->as.object.count; i++) {
            const value_member *m = &v->as.object.members[i];
            if (m->key_len == len && (len == 0 || memcmp(m->key, k, len) == 0)) {
                *out = m->value;
                return true;
            }
        }
        return false;
    }
    if (v->kind == VALUE_ARRAY) {
        size_t i;
        if (seg_index(k, len, &i) && i < v->as.array.count) {
            *out = v->as.array.items[i];
            return true;
        }
    }
    return false;
}

// Walks segs from base. An unknown met on the way is the result (found).
static bool walk(value base, const logic_seg *segs, size_t n, value *out)
{
    for (size_t i = 0; i < n; i++) {
        if (base.kind == VALUE_UNKNOWN)
            break;
        if (base.kind == VALUE_NULL)
            return false;
        value next;
        if (!get_member(&base, segs[i].ptr, segs[i].len, &next))
            return false;
        base = next;
    }
    *out = base;
    return true;
}

static value scope_object(evaluation *c, const scope *s)
{
    if (s->kind == SCOPE_DATA)
        return s->data;
    value_member *m = arena_alloc(c->a, 2 * sizeof *m);
    size_t n;
    if (s->kind == SCOPE_META) {
        m[0] = (value_member){"index", 5, value_number((double)s->index)};
        n = 1;
    } else {
        m[0] = (value_member){"current", 7, s->current};
        m[1] = (value_member){"accumulator", 11, s->accumulator};
        n = 2;
    }
    return (value){.kind = VALUE_OBJECT, .as.object = {m, n}};
}

static bool scope_lookup(evaluation *c, const scope *s, const logic_seg *segs, size_t n, value *out)
{
    if (s->kind == SCOPE_DATA || n == 0)
        return walk(scope_object(c, s), segs, n, out);
    value base;
    if (s->kind == SCOPE_META) {
        if (segs[0].len != 5 || memcmp(segs[0].ptr, "index", 5) != 0)
            return false;
        base = value_number((double)s->index);
    } else if (segs[0].len == 7 && memcmp(segs[0].ptr, "current", 7) == 0) {
        base = s->current;
    } else if (segs[0].len == 11 && memcmp(segs[0].ptr, "accumulator", 11) == 0) {
        base = s->accumulator;
    } else {
        return false;
    }
    return walk(base, segs + 1, n - 1, out);
}

static value slot_value(evaluation *c, long slot)
{
    if (c->first_slot < 0)
        c->first_slot = slot;
    if ((size_t)slot < c->env->slot_count)
        return c->env->slots[slot];
    return value_unknown(false);
}

// Splits a runtime name on dots into arena segments.
static size_t split_runtime(evaluation *c, const value *name, logic_seg **out)
{
    const char *s = name->as.string.ptr;
    size_t len = name->as.string.len, count = 1;
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        count += s[i] == '.';
    logic_seg *segs = arena_alloc(c->a, count * sizeof *segs);
    size_t start = 0, k = 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || s[i] == '.') {
            segs[k++] = (logic_seg){s + start, i - start};
            start = i + 1;
        }
    *out = segs;
    return k;
}

// A value found (or not) by var/val: defaults, and what unknown means in each mode.
static value finish_lookup(const lnode *n, evaluation *c, bool found, value v)
{
    if (found && v.kind != VALUE_UNKNOWN)
        return v;
    // A default stands in for an absent cell, never for an invalid one: that is evidence that
    // failed its type, and a default must not turn it into a pass (the requirement is invalid).
    if (found && c->kleene && (v.flags & VALUE_FLAG_INVALID))
        return v;
    if (n->has_default)
        return eval_operand(n, 1, c);
    if (found && c->kleene)
        return v;
    return value_null();
}

static value op_var(const lnode *n, evaluation *c)
{
    value v = value_null();
    bool found;
    if (n->slot >= 0) {
        v = slot_value(c, n->slot);
        found = true;
    } else if (n->static_path) {
        found = scope_lookup(c, c->scope, n->segs, n->nsegs, &v);
    } else {
        value name = eval_operand(n, 0, c);
        if (is_failure(&name))
            return name;
        logic_seg *segs = NULL;
        size_t nsegs = 0;
        if (name.kind != VALUE_NULL) {
            name = to_string(c, &name);
            nsegs = split_runtime(c, &name, &segs);
        }
        found = scope_lookup(c, c->scope, segs, nsegs, &v);
    }
    return finish_lookup(n, c, found, v);
}

// val and exists: segments not split on dots; a leading [n] climbs n scopes.
static bool val_lookup(const lnode *n, evaluation *c, value *out, value *failure)
{
    const scope *s = c->scope;
    size_t up = n->scope_up;
    if (n->slot >= 0) {
        value cell = slot_value(c, n->slot);
        return walk(cell, n->segs, n->nsegs, out);
    }
    if (n->static_path) {
        for (size_t i = 0; i < up && s->parent; i++)
            s = s->parent;
        return scope_lookup(c, s, n->segs, n->nsegs, out);
    }
    logic_seg *segs = n->nargs ? arena_alloc(c->a, n->nargs * sizeof *segs) : NULL;
    size_t k = 0;
    for (size_t i = 0; i < n->nargs; i++) {
        value a = eval_operand(n, i, c);
        if (is_failure(&a)) {
            *failure = a;
            return false;
        }
        if (i == 0 && a.kind == VALUE_ARRAY) {
            if (a.as.array.count && a.as.array.items[0].kind == VALUE_NUMBER)
                up = scope_levels(a.as.array.items[0].as.number);
            continue;
        }
        a = to_string(c, &a);
        segs[k++] = (logic_seg){a.as.string.ptr, a.as.string.len};
    }
    for (size_t i = 0; i < up && s->parent; i++)
        s = s->parent;
    return scope_lookup(c, s, segs, k, out);
}

static value op_val(const lnode *n, evaluation *c)
{
    value v = value_null(), failure = value_null();
    bool found = val_lookup(n, c, &v, &failure);
    if (is_failure(&failure))
        return failure;
    return finish_lookup(n, c, found, v);
}

static value op_exists(const lnode *n, evaluation *c)
{
    value v = value_null(), failure = value_null();
    bool found = val_lookup(n, c, &v, &failure);
    if (failure.kind == VALUE_ERROR)
        return failure;
    return value_bool(found && v.kind != VALUE_UNKNOWN);
}

// ---- eager argument lists -----------------------------------------------------------------

// Evaluates every argument (or spreads the one expression's array); reports errors/unknowns.
static size_t eval_list(const lnode *n, evaluation *c, value *buf, size_t cap, const value **out,
                        first_failure *b)
{
    b->set = false;
    if (n->spread) {
        value v = eval_operand(n, 0, c);
        note_failure(b, &v);
        if (v.kind == VALUE_ARRAY) {
            for (size_t i = 0; i < v.as.array.count; i++)
                note_failure(b, &v.as.array.items[i]);
            *out = v.as.array.items;
            return v.as.array.count;
        }
        buf[0] = v;
        *out = buf;
        return 1;
    }
    value *vals = n->nargs <= cap ? buf : arena_alloc(c->a, n->nargs * sizeof(value));
    for (size_t i = 0; i < n->nargs; i++) {
        vals[i] = eval_operand(n, i, c);
        note_failure(b, &vals[i]);
    }
    *out = vals;
    return n->nargs;
}

#define LIST_CAP 8

// An operation on its eager arguments, evaluated: v[0..count).
typedef value (*eager_fn)(const lnode *n, evaluation *c, const value *v, size_t count);

// Evaluates n's arguments (eval_list) and gives them to fn; the first that failed instead.
static value with_arguments(const lnode *n, evaluation *c, eager_fn fn)
{
    value buf[LIST_CAP];
    const value *v;
    first_failure b;
    size_t count = eval_list(n, c, buf, LIST_CAP, &v, &b);
    if (b.set)
        return b.v;
    return fn(n, c, v, count);
}

// ---- arithmetic ---------------------------------------------------------------------------

// One step of arithmetic: r op x (max and min keep the larger or the smaller). op is one of
// + - * / % max min.
static inline double arith_step(logic_op op, double r, double x)
{
    switch (op) {
    case OP_ADD:
        return r + x;
    case OP_SUB:
        return r - x;
    case OP_MUL:
        return r * x;
    case OP_DIV:
        return r / x;
    case OP_MOD:
        return logic_remainder(r, x);
    case OP_MAX:
        return x > r ? x : r;
    default: // OP_MIN
        return x < r ? x : r;
    }
}

static value number_result(double r)
{
    if (!isfinite(r))
        return ERROR_NAN;
    return value_number(r == 0 ? 0.0 : r);
}

static value arith_of(const lnode *n, evaluation *c, const value *v, size_t count)
{
    (void)c;
    if (count == 0) {
        switch (n->op) {
        case OP_ADD:
            return value_number(0);
        case OP_MUL:
            return value_number(1);
        case OP_MAX:
        case OP_MIN:
            return value_null();
        default:
            return ERROR_ARGS;
        }
    }
    double r = logic_to_number(&v[0]);
    if (isnan(r))
        return ERROR_NAN;
    if (count == 1) {
        if (n->op == OP_SUB)
            return number_result(-r);
        if (n->op == OP_DIV)
            return number_result(1 / r);
        if (n->op == OP_MOD)
            return ERROR_ARGS;
        return number_result(r);
    }
    for (size_t i = 1; i < count; i++) {
        double x = logic_to_number(&v[i]);
        if (isnan(x))
            return ERROR_NAN;
        r = arith_step(n->op, r, x);
        if (isnan(r))
            return ERROR_NAN;
    }
    return number_result(r);
}

static value op_arith(const lnode *n, evaluation *c)
{
    return with_arguments(n, c, arith_of);
}

// ---- comparisons --------------------------------------------------------------------------

// Three-way comparison of two numbers that are not NaN.
static inline int num_cmp(double x, double y)
{
    return x < y ? -1 : x > y ? 1 : 0;
}

// Short strings are compared here in a few loads, without a call (a date is 10 bytes, most values
// of a field fewer than 16): two 8-byte words overlapping when 8 to 16 bytes.
static inline uint64_t load8(const char *s)
{
    uint64_t x;
    memcpy(&x, s, sizeof x);
    return x;
}

static inline uint32_t load4(const char *s)
{
    uint32_t x;
    memcpy(&x, s, sizeof x);
    return x;
}

// Whether the len bytes at a and b are the same.
static inline bool bytes_equal(const char *a, const char *b, size_t len)
{
    if (len >= 8 && len <= 16)
        return load8(a) == load8(b) && load8(a + len - 8) == load8(b + len - 8);
    if (len >= 4 && len < 8)
        return load4(a) == load4(b) && load4(a + len - 4) == load4(b + len - 4);
    if (len < 4) {
        for (size_t i = 0; i < len; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    return memcmp(a, b, len) == 0;
}

// The first m bytes of a and b compared as memcmp does (its sign).
static inline int bytes_cmp(const char *a, const char *b, size_t m)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (m >= 8 && m <= 16) {
        // As big-endian numbers, the words order as their bytes do; when the first words are
        // the same, so are the bytes the second shares with them.
        uint64_t x = __builtin_bswap64(load8(a)), y = __builtin_bswap64(load8(b));
        if (x == y) {
            x = __builtin_bswap64(load8(a + m - 8));
            y = __builtin_bswap64(load8(b + m - 8));
        }
        return (x > y) - (x < y);
    }
#endif
    if (m < 8) {
        for (size_t i = 0; i < m; i++)
            if (a[i] != b[i])
                return (unsigned char)a[i] < (unsigned char)b[i] ? -1 : 1;
        return 0;
    }
    return memcmp(a, b, m);
}

static int str_cmp(const value *a, const value *b)
{
    size_t la = a->as.string.len, lb = b->as.string.len;
    size_t m = la < lb ? la : lb;
    int r = bytes_cmp(a->as.string.ptr, b->as.string.ptr, m);
    if (r)
        return r;
    return la < lb ? -1 : la > lb;
}

static bool strict_equal(const value *a, const value *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case VALUE_NULL:
        return true;
    case VALUE_BOOL:
        return a->as.boolean == b->as.boolean;
    case VALUE_NUMBER:
        return a->as.number == b->as.number;
    case VALUE_STRING:
        return a->as.string.len == b->as.string.len &&
               bytes_equal(a->as.string.ptr, b->as.string.ptr, a->as.string.len);
    default:
        return false; // arrays and objects: JS compares identity
    }
}

// Whether a comparison operator holds for a three-way result cmp (<0, 0, >0): bit 0 of its
// mask for <, bit 1 for =, bit 2 for > (a table, not a switch: it runs for every comparison).
static const unsigned char HOLDS[OP_COUNT] = {
    [OP_EQ] = 2, [OP_SEQ] = 2, [OP_NE] = 5, [OP_SNE] = 5,
    [OP_LT] = 1, [OP_LE] = 3,  [OP_GT] = 4, [OP_GE] = 6,
};

static inline bool cmp_holds(logic_op op, int cmp)
{
    return (HOLDS[op] >> ((cmp > 0) - (cmp < 0) + 1)) & 1;
}

// One pair of a comparison chain: 1 true, 0 false, -1 NaN (throws).
static int compare_pair(logic_op op, const value *a, const value *b)
{
    if (op == OP_SEQ)
        return strict_equal(a, b);
    if (op == OP_SNE)
        return !strict_equal(a, b);
    int cmp;
    if (a->kind == VALUE_NUMBER && b->kind == VALUE_NUMBER) {
        // As logic_to_number would give them, without the call.
        if (isnan(a->as.number) || isnan(b->as.number))
            return -1;
        cmp = num_cmp(a->as.number, b->as.number);
    } else if (a->kind == VALUE_STRING && b->kind == VALUE_STRING) {
        cmp = str_cmp(a, b);
    } else if (a->kind == VALUE_BOOL && b->kind == VALUE_BOOL && (op == OP_EQ || op == OP_NE)) {
        cmp = a->as.boolean != b->as.boolean;
    } else {
        double x = logic_to_number(a), y = logic_to_number(b);
        if (isnan(x) || isnan(y))
            return -1;
        cmp = num_cmp(x, y);
    }
    return cmp_holds(op, cmp);
}

static value op_compare(const lnode *n, evaluation *c)
{
    value prev = eval_operand(n, 0, c);
    if (prev.kind == VALUE_ERROR)
        return prev;
    first_failure unknown = {0};
    for (size_t i = 1; i < n->nargs; i++) {
        value cur = eval_operand(n, i, c);
        if (cur.kind == VALUE_ERROR)
            return cur;
        if (prev.kind == VALUE_UNKNOWN || cur.kind == VALUE_UNKNOWN) {
            note_failure(&unknown, &prev);
            note_failure(&unknown, &cur);
        } else {
            int r = compare_pair(n->op, &prev, &cur);
            if (r < 0)
                return ERROR_NAN;
            if (r == 0)
                return value_bool(false); // Kleene too: false and unknown is false
        }
        prev = cur;
    }
    return unknown.set ? unknown.v : value_bool(true);
}

// ---- logic --------------------------------------------------------------------------------

static value op_not(const lnode *n, evaluation *c)
{
    if (n->nargs == 0)
        return value_bool(n->op == OP_NOT);
    value v = eval_operand(n, 0, c);
    if (is_failure(&v))
        return v;
    bool t = value_truthy(&v);
    return value_bool(n->op == OP_NOT ? !t : t);
}

// and/or: JSON Logic's value-returning forms with Kleene's unknown, one operand at a time.
typedef struct andor {
    bool is_and;
    bool decided;
    value result;
    first_failure unknown;
} andor;

static andor andor_start(logic_op op)
{
    return (andor){.is_and = op == OP_AND, .result = value_bool(false)};
}

static void andor_add(andor *s, const value *v)
{
    if (s->decided)
        return;
    if (v->kind == VALUE_ERROR) {
        s->result = *v;
        s->decided = true;
    } else if (v->kind == VALUE_UNKNOWN) {
        note_failure(&s->unknown, v);
    } else {
        s->result = *v;
        s->decided = value_truthy(v) != s->is_and;
    }
}

static value andor_end(const andor *s)
{
    if (s->decided)
        return s->result;
    return s->unknown.set ? s->unknown.v : s->result;
}

// While tracing every operand is evaluated (for its leaves) but the result is the short-circuit
// one.
static value op_andor(const lnode *n, evaluation *c)
{
    andor s = andor_start(n->op);
    for (size_t i = 0; i < n->nargs && !(s.decided && !c->tracing); i++) {
        value v = eval_condition(n->args[i], c);
        andor_add(&s, &v);
    }
    return andor_end(&s);
}

static value op_if(const lnode *n, evaluation *c)
{
    size_t i = 0;
    for (; i + 1 < n->nargs; i += 2) {
        bool saved = c->unknown_only;
        c->unknown_only = true;
        value cond = eval_condition(n->args[i], c);
        c->unknown_only = saved;
        if (is_failure(&cond))
            return cond;
        if (value_truthy(&cond))
            return eval_node(n->args[i + 1], c);
    }
    if (i < n->nargs)
        return eval_node(n->args[i], c);
    return value_null();
}

static value op_coalesce(const lnode *n, evaluation *c)
{
    for (size_t i = 0; i < n->nargs; i++) {
        value v = eval_node(n->args[i], c);
        if (is_failure(&v) || v.kind != VALUE_NULL)
            return v;
    }
    return value_null();
}

static value op_try(const lnode *n, evaluation *c)
{
    value last = value_null();
    for (size_t i = 0; i < n->nargs; i++) {
        const scope *saved = c->scope;
        scope meta, err;
        if (i > 0) {
            // The fallback sees the error as its data: {"type": …}.
            value_member *m = arena_alloc(c->a, sizeof *m);
            *m = (value_member){"type", 4, value_string(last.as.string.ptr, last.as.string.len)};
            meta = (scope){.parent = c->scope, .kind = SCOPE_META};
            err = (scope){.parent = &meta,
                          .kind = SCOPE_DATA,
                          .data = {.kind = VALUE_OBJECT, .as.object = {m, 1}}};
            c->scope = &err;
        }
        value v = eval_node(n->args[i], c);
        c->scope = saved;
        if (v.kind != VALUE_ERROR || logic_is_limit(&v))
            return v; // a limit is not the rule's error: nothing catches it
        last = v;
    }
    return last;
}

static value op_throw(const lnode *n, evaluation *c)
{
    value v = eval_operand(n, 0, c);
    if (is_failure(&v))
        return v;
    if (v.kind == VALUE_OBJECT) {
        value type;
        if (get_member(&v, "type", 4, &type))
            v = type;
    }
    v = to_string(c, &v);
    return (value){.kind = VALUE_ERROR, .as.string = v.as.string};
}

// ---- missing ------------------------------------------------------------------------------

static bool is_missing(const value *v)
{
    return v->kind == VALUE_UNKNOWN || v->kind == VALUE_NULL ||
           (v->kind == VALUE_STRING && v->as.string.len == 0);
}

static bool name_missing(evaluation *c, const value *name)
{
    value key = to_string(c, name), v;
    logic_seg *segs = NULL;
    size_t nsegs = split_runtime(c, &key, &segs);
    if (!scope_lookup(c, c->scope, segs, nsegs, &v))
        return true;
    return is_missing(&v);
}

// The names of n that are missing, into an arena array; keys from the rule or from args.
static value missing_of(const lnode *n, evaluation *c, const value *keys, size_t nkeys,
                        size_t *total)
{
    size_t count = n->names ? n->nnames : nkeys;
    value *out = count ? arena_alloc(c->a, count * sizeof(value)) : NULL;
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        bool miss;
        value name;
        if (n->names) {
            name = value_string(n->names[i].ptr, n->names[i].len);
            if (n->name_slots) {
                value cell = slot_value(c, n->name_slots[i]);
                miss = is_missing(&cell);
            } else {
                miss = name_missing(c, &name);
            }
        } else {
            name = keys[i];
            miss = name_missing(c, &name);
        }
        if (miss)
            out[k++] = name;
    }
    *total = count;
    return value_array(out, k);
}

// missing / missing_some of names given at evaluation time: v[0..count).
static value missing_listed(const lnode *n, evaluation *c, const value *v, size_t count)
{
    size_t total;
    if (n->op == OP_MISSING) {
        if (count > 0 && v[0].kind == VALUE_ARRAY)
            return missing_of(n, c, v[0].as.array.items, v[0].as.array.count, &total);
        return missing_of(n, c, v, count, &total);
    }
    double need = count > 0 ? logic_to_number(&v[0]) : 0;
    if (count < 2 || v[1].kind != VALUE_ARRAY)
        return value_array(NULL, 0);
    value r = missing_of(n, c, v[1].as.array.items, v[1].as.array.count, &total);
    if ((double)(total - r.as.array.count) >= need)
        return value_array(NULL, 0);
    return r;
}

static value op_missing(const lnode *n, evaluation *c)
{
    if (n->names) {
        size_t total;
        value r = missing_of(n, c, NULL, 0, &total);
        if (n->op == OP_MISSING_SOME && (double)(total - r.as.array.count) >= n->need)
            return value_array(NULL, 0);
        return r;
    }
    return with_arguments(n, c, missing_listed);
}

// ---- strings and arrays -------------------------------------------------------------------

// Whether needle is a substring of hay, each position tried a step (and one more for each 256 bytes
// of the needle): a substring search of two long strings the rule built must not take quadratic
// time.
static bool contains_within(evaluation *c, const value *hay, const value *needle)
{
    size_t hl = hay->as.string.len, nl = needle->as.string.len;
    if (nl == 0)
        return true;
    size_t cost = 1 + nl / 256;
    for (size_t i = 0; i + nl <= hl; i++) {
        c->steps += cost;
        if (c->steps > LOGIC_MAX_STEPS) {
            stop(c, &LIMIT_STEPS);
            return false;
        }
        if (hay->as.string.ptr[i] == needle->as.string.ptr[0] &&
            memcmp(hay->as.string.ptr + i, needle->as.string.ptr, nl) == 0)
            return true;
    }
    return false;
}

static value in_of(const lnode *n, evaluation *c, const value *v, size_t count)
{
    (void)n;
    value needle = count > 0 ? v[0] : value_null();
    value hay = count > 1 ? v[1] : value_null();
    if (hay.kind == VALUE_STRING) {
        value s = to_string(c, &needle);
        return value_bool(contains_within(c, &hay, &s));
    }
    if (hay.kind == VALUE_ARRAY) {
        for (size_t i = 0; i < hay.as.array.count; i++)
            if (strict_equal(&hay.as.array.items[i], &needle))
                return value_bool(true);
    }
    return value_bool(false);
}

static value op_in(const lnode *n, evaluation *c)
{
    return with_arguments(n, c, in_of);
}

static value cat_of(const lnode *n, evaluation *c, const value *v, size_t count)
{
    (void)n;
    value small[LIST_CAP];
    value *parts = count <= LIST_CAP ? small : arena_alloc(c->a, count * sizeof(value));
    size_t len = 0;
    for (size_t i = 0; i < count; i++) {
        parts[i] = v[i].kind == VALUE_NULL ? value_string("", 0) : to_string(c, &v[i]);
        if (parts[i].as.string.len > LOGIC_MAX_STRING - len)
            return stop(c, &LIMIT_STRING);
        len += parts[i].as.string.len;
    }
    if (c->limit || !charge(c, len))
        return *c->limit;
    char *out = arena_alloc(c->a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < count; i++) {
        if (parts[i].as.string.len)
            memcpy(out + o, parts[i].as.string.ptr, parts[i].as.string.len);
        o += parts[i].as.string.len;
    }
    out[o] = '\0';
    return value_string(out, o);
}

static value op_cat(const lnode *n, evaluation *c)
{
    return with_arguments(n, c, cat_of);
}

// Byte offset of character index ci in a UTF-8 string (characters = code points).
static size_t utf8_offset(const char *s, size_t len, size_t ci)
{
    size_t o = 0;
    while (o < len && ci > 0) {
        o++;
        while (o < len && ((unsigned char)s[o] & 0xC0) == 0x80)
            o++;
        ci--;
    }
    return o;
}

static size_t utf8_length(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static double to_integer(const value *v)
{
    double d = logic_to_number(v);
    if (isnan(d))
        return 0;
    return trunc(d);
}

static value substr_of(const lnode *n, evaluation *c, const value *v, size_t count)
{
    (void)n;
    value src = count > 0 ? v[0] : value_null();
    value s = to_string(c, &src);
    double chars = (double)utf8_length(s.as.string.ptr, s.as.string.len);
    double start = count > 1 ? to_integer(&v[1]) : 0;
    if (start < 0)
        start = chars + start > 0 ? chars + start : 0;
    if (start > chars)
        start = chars;
    double end = chars;
    if (count > 2) {
        // As JavaScript's substr: null is 0 (not "to the end"), and a negative length is added
        // to the string's length before truncation (-0.5 drops one character, -1.5 two).
        double len = logic_to_number(&v[2]);
        if (isnan(len))
            len = 0;
        end = len < 0 ? trunc(chars + len) : start + trunc(len);
    }
    if (end > chars)
        end = chars;
    if (end <= start)
        return value_string("", 0);
    size_t from = utf8_offset(s.as.string.ptr, s.as.string.len, (size_t)start);
    size_t to = utf8_offset(s.as.string.ptr, s.as.string.len, (size_t)end);
    return value_string(s.as.string.ptr + from, to - from);
}

static value op_substr(const lnode *n, evaluation *c)
{
    return with_arguments(n, c, substr_of);
}

static value merge_of(const lnode *n, evaluation *c, const value *v, size_t count)
{
    if (n->spread && count == 1 && v[0].kind != VALUE_ARRAY)
        return value_array(v, 1);
    size_t total = 0;
    for (size_t i = 0; i < count; i++) {
        total += v[i].kind == VALUE_ARRAY ? v[i].as.array.count : 1;
        if (total > LOGIC_MAX_VALUES)
            return stop(c, &LIMIT_VALUES);
    }
    value *out = total ? arena_alloc(c->a, total * sizeof(value)) : NULL;
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        if (v[i].kind == VALUE_ARRAY) {
            if (v[i].as.array.count)
                memcpy(out + k, v[i].as.array.items, v[i].as.array.count * sizeof(value));
            k += v[i].as.array.count;
        } else {
            out[k++] = v[i];
        }
    }
    return built_array(c, out, k);
}

static value op_merge(const lnode *n, evaluation *c)
{
    return with_arguments(n, c, merge_of);
}

static value op_array(const lnode *n, evaluation *c)
{
    value *items = arena_alloc(c->a, n->nargs * sizeof(value));
    first_failure b = {0};
    for (size_t i = 0; i < n->nargs; i++) {
        items[i] = eval_node(n->args[i], c);
        note_failure(&b, &items[i]);
    }
    if (b.set)
        return b.v;
    return built_array(c, items, n->nargs);
}

// ---- iteration ----------------------------------------------------------------------------

// Evaluates body with item as the current element (and reduce's accumulator).
static value eval_body(const lnode *body, evaluation *c, const value *item, size_t index,
                       const value *accumulator)
{
    scope meta = {.parent = c->scope, .kind = SCOPE_META, .index = index};
    scope el = {.parent = &meta, .kind = SCOPE_DATA, .data = *item};
    if (accumulator) {
        el.kind = SCOPE_REDUCE;
        el.current = *item;
        el.accumulator = *accumulator;
    }
    // Each element runs the whole body once more: its operations are counted here.
    c->steps += body->nodes;
    if (c->steps > LOGIC_MAX_STEPS || c->limit)
        return stop(c, &LIMIT_STEPS);
    const scope *saved = c->scope;
    c->scope = &el;
    c->suppress++;
    value v = eval_node(body, c);
    c->suppress--;
    c->scope = saved;
    return v;
}

// The cell of a fast_set node's field, when the caller knows it as a set; else NULL.
static const logic_set *known_set(const lnode *n, const logic_env *env)
{
    if (!env->sets || (size_t)n->set_slot >= env->slot_count)
        return NULL;
    const logic_set *s = &env->sets[n->set_slot];
    return s->valid && s->bits ? s : NULL;
}

// The field's values for which a fast_set iteration's body is true.
static uint64_t set_selected(const lnode *n, const logic_set *s)
{
    return s->bits & (n->set_negate ? ~n->set_mask : n->set_mask);
}

// `in`, some/all/none over a field known as a set: bit tests (filter has no array to give);
// LOGIC_UNKNOWN when the cell is not known as a set (the caller then evaluates the operator).
static logic_truth set_test(const lnode *n, const logic_env *env)
{
    const logic_set *s = known_set(n, env);
    if (!s)
        return LOGIC_UNKNOWN;
    uint64_t selected = set_selected(n, s);
    switch (n->op) {
    case OP_SOME:
        return selected != 0;
    case OP_NONE:
        return selected == 0;
    case OP_ALL:
        return selected == s->bits;
    default:
        return LOGIC_UNKNOWN;
    }
}

// The bits set in x. Without a popcnt instruction in the target (the default x86-64 build), the
// bits of a byte (most fields declare at most eight values) are two nibbles looked up; wider ones
// are bits_set's parallel sum.
static inline int bit_count(uint64_t x)
{
#if !defined(__POPCNT__)
    static const unsigned char NIBBLE_BITS[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
    if (x < 256)
        return NIBBLE_BITS[x & 15] + NIBBLE_BITS[x >> 4];
#endif
    return bits_set(x);
}

// reduce counting the elements of a filter over a field known as a set without repeats: the
// start plus the number of values selected.
static bool count_set_filter(const lnode *n, const logic_env *env, value *out)
{
    const lnode *f = n->args[0];
    if (!f->fast_set || f->op != OP_FILTER)
        return false;
    const logic_set *s = known_set(f, env);
    if (!s || s->repeats)
        return false;
    int count = bit_count(set_selected(f, s));
    const value *start = &n->args[2]->constant;
    *out = count ? number_result(start->as.number + (double)count) : *start;
    return true;
}

static value op_iterate(const lnode *n, evaluation *c)
{
    value arr = eval_operand(n, 0, c);
    if (is_failure(&arr))
        return arr;
    const lnode *body = n->args[1];
    if (n->op == OP_REDUCE) {
        value acc = value_null();
        size_t start = 0;
        if (n->nargs > 2) {
            acc = eval_operand(n, 2, c);
            if (is_failure(&acc))
                return acc;
        }
        if (arr.kind != VALUE_ARRAY)
            return acc;
        if (n->nargs <= 2) {
            if (arr.as.array.count == 0)
                return value_null();
            acc = arr.as.array.items[0];
            start = 1;
        }
        for (size_t i = start; i < arr.as.array.count; i++) {
            acc = eval_body(body, c, &arr.as.array.items[i], i, &acc);
            if (is_failure(&acc))
                return acc;
        }
        return acc;
    }
    if (arr.kind != VALUE_ARRAY) {
        if (n->op == OP_MAP || n->op == OP_FILTER)
            return value_array(NULL, 0);
        return ERROR_ARGS;
    }
    size_t count = arr.as.array.count;
    if (n->op == OP_MAP || n->op == OP_FILTER) {
        value *out = count ? arena_alloc(c->a, count * sizeof(value)) : NULL;
        size_t k = 0;
        first_failure b = {0};
        for (size_t i = 0; i < count; i++) {
            value v = eval_body(body, c, &arr.as.array.items[i], i, NULL);
            if (v.kind == VALUE_ERROR)
                return v;
            note_failure(&b, &v);
            if (n->op == OP_MAP)
                out[k++] = v;
            else if (v.kind != VALUE_UNKNOWN && value_truthy(&v))
                out[k++] = arr.as.array.items[i];
        }
        if (b.set && n->op == OP_FILTER)
            return b.v; // which elements pass is unknown
        return built_array(c, out, k);
    }
    // all / some / none
    if (count == 0)
        return value_bool(n->op == OP_NONE);
    bool want = n->op == OP_ALL ? false : true; // the element value that decides
    first_failure unknown = {0};
    for (size_t i = 0; i < count; i++) {
        value v = eval_body(body, c, &arr.as.array.items[i], i, NULL);
        if (v.kind == VALUE_ERROR)
            return v;
        if (v.kind == VALUE_UNKNOWN) {
            note_failure(&unknown, &v);
            continue;
        }
        if (value_truthy(&v) == want)
            return value_bool(n->op == OP_SOME);
    }
    if (unknown.set)
        return unknown.v;
    return value_bool(n->op != OP_SOME);
}

// ---- dispatch -----------------------------------------------------------------------------

static value op_log(const lnode *n, evaluation *c)
{
    if (n->nargs == 0)
        return value_null();
    return eval_node(n->args[0], c);
}

// Every operator's general operation (logic_operators.h's GENERAL), by logic_op.
static value (*const GENERAL[OP_COUNT])(const lnode *n, evaluation *c) = {
    [OP_ARRAY] = op_array,
#define GENERAL_OPERATION(NAME, OP, ARGS, MIN, MAX, USES_MIN, USES_MAX, KIND, TEXT, GENERAL)       \
    [OP_##OP] = GENERAL,
#define NO_ALIAS(NAME, OP)
    LOGIC_OPERATORS(GENERAL_OPERATION, NO_ALIAS)
#undef GENERAL_OPERATION
#undef NO_ALIAS
};

static value eval_general(const lnode *n, evaluation *c)
{
    if (n->op == OP_CONST || n->op == OP_RAISE)
        return n->constant;
    return GENERAL[n->op](n, c);
}

static bool is_leaf_op(logic_op op)
{
    return logic_op_kind(op) & LOGIC_KIND_LEAF;
}

// ---- the compiled form -------------------------------------------------------------------
//
// Each node's `run` and `test` are chosen once, when the rule is compiled (logic_select): flat
// operations for its operator and the shape of its operands, with Kleene's unknown inside them,
// calling their operands' own operations. `run` gives the node's value; `test` its truth as a
// condition (logic_truth), what a requirement needs, returned in a register rather than a value
// through memory. An operator whose value is a boolean has its test as its operation, and its run
// builds the boolean from it (run_by_test); and/or and `if` have both; every other node is tested
// by the truth of its run. The general operations above (eval_general) are the reference: the
// walker (logic_env.walk, and every explaining evaluation) uses only them, and
// tests/unit/test_logic_compiled.c checks that both forms, and the truths, agree on every rule.

// One operation of the compiled form. Operations are counted against LOGIC_MAX_STEPS where they
// can repeat, a whole body at a time (eval_body), the same in both forms.
static inline value run(const lnode *n, evaluation *c)
{
    return n->run(n, c);
}

// The truth of a value as a condition; an error is kept in c->error.
static inline logic_truth truth_of(const value *v, evaluation *c)
{
    if (v->kind == VALUE_UNKNOWN)
        return (v->flags & VALUE_FLAG_INVALID) ? LOGIC_UNKNOWN_INVALID : LOGIC_UNKNOWN;
    if (v->kind == VALUE_ERROR) {
        c->error = *v;
        return LOGIC_ERROR;
    }
    return value_truthy(v) ? LOGIC_TRUE : LOGIC_FALSE;
}

// The value of a truth a test gave: a boolean, unknown (an unknown holds no flag but
// VALUE_FLAG_INVALID), or the error the test kept.
static value value_of_truth(logic_truth t, const evaluation *c)
{
    switch (t) {
    case LOGIC_FALSE:
    case LOGIC_TRUE:
        return value_bool(t == LOGIC_TRUE);
    case LOGIC_UNKNOWN:
    case LOGIC_UNKNOWN_INVALID:
        return value_unknown(t == LOGIC_UNKNOWN_INVALID);
    default:
        return c->error;
    }
}

static inline bool truth_failed(logic_truth t)
{
    return t >= LOGIC_UNKNOWN;
}

// As note_failure for two operands evaluated in order: the first error, else the first unknown
// with the flags of both; false when neither failed.
static inline bool pair_failure(const value *a, const value *b, value *out)
{
    if (a->kind == VALUE_ERROR || (b->kind != VALUE_ERROR && a->kind == VALUE_UNKNOWN)) {
        *out = *a;
        if (a->kind == VALUE_UNKNOWN && b->kind == VALUE_UNKNOWN)
            out->flags |= b->flags;
        return true;
    }
    if (is_failure(b)) {
        *out = *b;
        return true;
    }
    return false;
}

static value run_general(const lnode *n, evaluation *c)
{
    return eval_general(n, c);
}

static value run_const(const lnode *n, evaluation *c)
{
    (void)c;
    return n->constant;
}

static logic_truth test_const(const lnode *n, evaluation *c)
{
    return truth_of(&n->constant, c);
}

// A node tested by the truth of its value.
static logic_truth test_by_value(const lnode *n, evaluation *c)
{
    value v = run(n, c);
    return truth_of(&v, c);
}

// A node whose operation is its test: its value is the boolean (or the failure) the test gives.
static value run_by_test(const lnode *n, evaluation *c)
{
    return value_of_truth(n->test(n, c), c);
}

// A cell as `var` reads it (no default): unknown stays unknown in Kleene mode, is null in plain.
static inline value field_value(const lnode *n, const evaluation *c)
{
    if ((size_t)n->slot >= c->env->slot_count)
        return c->kleene ? value_unknown(false) : value_null();
    value v = c->env->slots[n->slot];
    return v.kind != VALUE_UNKNOWN || c->kleene ? v : value_null();
}

static value run_field(const lnode *n, evaluation *c)
{
    return field_value(n, c);
}

// The truth of a field as field_value reads it, from the cell in place (not a copy).
static inline logic_truth field_truth(const lnode *n, evaluation *c)
{
    if ((size_t)n->slot >= c->slot_count)
        return c->kleene ? LOGIC_UNKNOWN : LOGIC_FALSE; // unknown, or null
    const value *v = &c->slots[n->slot];
    // A yes/no cell, the commonest read as a condition, before value_truthy's switch on the kind
    // (a jump through a table).
    if (v->kind == VALUE_BOOL)
        return (logic_truth)v->as.boolean;
    if (v->kind == VALUE_UNKNOWN && !c->kleene)
        return LOGIC_FALSE; // null
    return truth_of(v, c);
}

static logic_truth test_field(const lnode *n, evaluation *c)
{
    return field_truth(n, c);
}

// `var` of a field with a default: the default stands in for an absent cell, not an invalid one.
static value run_field_default(const lnode *n, evaluation *c)
{
    value v = (size_t)n->slot < c->env->slot_count ? c->env->slots[n->slot] : value_unknown(false);
    if (v.kind != VALUE_UNKNOWN || (c->kleene && (v.flags & VALUE_FLAG_INVALID)))
        return v;
    return run(n->args[1], c);
}

// `{"var": ""}` in an iteration body: the element.
static value run_element(const lnode *n, evaluation *c)
{
    const scope *s = c->scope;
    if (s->kind != SCOPE_DATA)
        return op_var(n, c);
    return finish_lookup(n, c, true, s->data);
}

static logic_truth test_compare_field(const lnode *n, evaluation *c);
static logic_truth test_field_number(const lnode *n, evaluation *c);
static logic_truth test_field_bool(const lnode *n, evaluation *c);

// An operand: the commonest operations are called directly (inlined), the others through
// their pointer.
static inline value run_operand(const lnode *n, evaluation *c)
{
    if (n->run == run_field)
        return field_value(n, c);
    return n->run(n, c);
}

// An operand as a condition, the same way.
static inline logic_truth test_operand(const lnode *n, evaluation *c)
{
    if (!n->inline_test)
        return n->test(n, c);
    if (n->test == test_field_number)
        return test_field_number(n, c);
    if (n->test == test_field_bool)
        return test_field_bool(n, c);
    if (n->test == test_field)
        return field_truth(n, c);
    if (n->test == test_const)
        return truth_of(&n->constant, c);
    return n->test(n, c);
}

// The truth of a comparison of two values that did not fail (compare_pair), or its NaN error.
static inline logic_truth compared(logic_op op, const value *a, const value *b, evaluation *c)
{
    int r = compare_pair(op, a, b);
    if (r < 0) {
        c->error = ERROR_NAN;
        return LOGIC_ERROR;
    }
    return (logic_truth)r;
}

// A comparison of two operands.
static logic_truth test_compare2(const lnode *n, evaluation *c)
{
    value a = run_operand(n->args[0], c);
    if (a.kind == VALUE_ERROR)
        return truth_of(&a, c);
    value b = run_operand(n->args[1], c), failure;
    if (pair_failure(&a, &b, &failure))
        return truth_of(&failure, c);
    return compared(n->op, &a, &b, c);
}

// test_compare_field when the cell is not of the constant's kind (or no cell): out of line, so that
// the common case needs no saved registers.
NOINLINE static logic_truth compare_field_kinds(const lnode *n, evaluation *c)
{
    value cell = field_value(n->args[n->fast_swapped], c);
    if (is_failure(&cell))
        return truth_of(&cell, c);
    const value *k = n->fast_const;
    return n->fast_swapped ? compared(n->op, k, &cell, c) : compared(n->op, &cell, k, c);
}

// A field compared with a constant number, string or boolean (either side).
static logic_truth test_compare_field(const lnode *n, evaluation *c)
{
    const lnode *f = n->args[n->fast_swapped];
    const value *k = n->fast_const;
    // The cell in place: a copy would be kept in memory for the calls below.
    const value *cell = (size_t)f->slot < c->env->slot_count ? &c->env->slots[f->slot] : NULL;
    if (cell && cell->kind == k->kind) {
        int cmp;
        if (k->kind == VALUE_NUMBER)
            cmp = num_cmp(cell->as.number, k->as.number);
        else if (k->kind == VALUE_BOOL)
            cmp = (int)cell->as.boolean - (int)k->as.boolean; // as compare_pair: 0 and 1
        else
            cmp = str_cmp(cell, k);
        return cmp_holds(n->op, n->fast_swapped ? -cmp : cmp);
    }
    return compare_field_kinds(n, c);
}

// Whether the row's cell in slot holds a value of kind (false when the row has no such cell).
static inline bool cell_is(const evaluation *c, long slot, value_kind kind)
{
    return (size_t)slot < c->slot_count && c->slots[slot].kind == kind;
}

// test_compare_field of a number constant (cmp_number): the cell's kind and number read once,
// its order as 0 below, 1 equal, 2 above (neither is NaN), the result a bit of cmp_holds.
static logic_truth test_field_number(const lnode *n, evaluation *c)
{
    if (cell_is(c, n->cmp_slot, VALUE_NUMBER)) {
        double x = c->slots[n->cmp_slot].as.number, k = n->cmp_number;
        return (logic_truth)((n->cmp_holds >> ((x > k) + (x >= k))) & 1);
    }
    return compare_field_kinds(n, c);
}

// test_compare_field of a boolean constant: bit b of cmp_holds is the result for the cell b.
static logic_truth test_field_bool(const lnode *n, evaluation *c)
{
    if (cell_is(c, n->cmp_slot, VALUE_BOOL))
        return (logic_truth)((n->cmp_holds >> c->slots[n->cmp_slot].as.boolean) & 1);
    return compare_field_kinds(n, c);
}

// Comparisons and arithmetic of numbers read in place: a comparison whose operands are each a
// field, a number constant or arithmetic of two of those is computed on doubles in registers when
// every field holds a number (else by test_compare2, the same result: these operands read
// nothing but the row). NaN or an infinity from the arithmetic is its NaN error, as in
// run_arith2; the left operand's error comes first, as in test_compare2. A cell or a constant is
// never NaN (as test_compare_field assumes).

typedef enum { NUMBER_OK, NUMBER_NAN, NUMBER_OTHER } number_status;

static bool is_arithmetic(logic_op op);

// A field or a number constant (is_number_leaf), when it is a number.
static inline bool number_leaf(const lnode *n, const evaluation *c, double *out)
{
    if (n->op == OP_CONST) {
        *out = n->constant.as.number;
        return true;
    }
    if ((size_t)n->slot >= c->env->slot_count || c->env->slots[n->slot].kind != VALUE_NUMBER)
        return false;
    *out = c->env->slots[n->slot].as.number;
    return true;
}

// A leaf or arithmetic of two leaves (is_number_operand).
static inline number_status number_operand(const lnode *n, const evaluation *c, double *out)
{
    if (!is_arithmetic(n->op))
        return number_leaf(n, c, out) ? NUMBER_OK : NUMBER_OTHER;
    double x, y;
    if (!number_leaf(n->args[0], c, &x) || !number_leaf(n->args[1], c, &y))
        return NUMBER_OTHER;
    double r = arith_step(n->op, x, y);
    if (isnan(x) || isnan(y) || !isfinite(r))
        return NUMBER_NAN;
    *out = r;
    return NUMBER_OK;
}

static logic_truth test_compare2(const lnode *n, evaluation *c);

// A comparison of two fields: when both cells are numbers, their order indexes cmp_holds (as
// test_field_number); else test_compare2, as test_compare_numbers would.
static logic_truth test_compare_fields(const lnode *n, evaluation *c)
{
    if (cell_is(c, n->cmp_slot, VALUE_NUMBER) && cell_is(c, n->cmp_slot2, VALUE_NUMBER)) {
        double x = c->slots[n->cmp_slot].as.number, y = c->slots[n->cmp_slot2].as.number;
        return (logic_truth)((n->cmp_holds >> ((x > y) + (x >= y))) & 1);
    }
    return test_compare2(n, c);
}

static logic_truth test_compare_numbers(const lnode *n, evaluation *c)
{
    double a, b;
    number_status s = number_operand(n->args[0], c, &a);
    if (s == NUMBER_OK)
        s = number_operand(n->args[1], c, &b);
    if (s == NUMBER_OK)
        return (logic_truth)cmp_holds(n->op, num_cmp(a, b));
    if (s == NUMBER_NAN) {
        c->error = ERROR_NAN;
        return LOGIC_ERROR;
    }
    return test_compare2(n, c);
}

// Arithmetic of two operands (+ - * / % max min), as op_arith.
static value run_arith2(const lnode *n, evaluation *c)
{
    value a = run_operand(n->args[0], c), b = run_operand(n->args[1], c), failure;
    if (pair_failure(&a, &b, &failure))
        return failure;
    double x = a.kind == VALUE_NUMBER ? a.as.number : logic_to_number(&a);
    double y = b.kind == VALUE_NUMBER ? b.as.number : logic_to_number(&b);
    if (isnan(x) || isnan(y))
        return ERROR_NAN;
    double r = arith_step(n->op, x, y);
    if (isnan(r))
        return ERROR_NAN;
    return number_result(r);
}

static bool in_array(const value *hay, const value *needle)
{
    for (size_t i = 0; i < hay->as.array.count; i++)
        if (strict_equal(&hay->as.array.items[i], needle))
            return true;
    return false;
}

// `in` of two operands, as op_in.
static logic_truth test_in2(const lnode *n, evaluation *c)
{
    value needle = run_operand(n->args[0], c), hay = run_operand(n->args[1], c), failure;
    if (pair_failure(&needle, &hay, &failure))
        return truth_of(&failure, c);
    if (hay.kind == VALUE_STRING) {
        value s = to_string(c, &needle);
        return contains_within(c, &hay, &s);
    }
    return hay.kind == VALUE_ARRAY && in_array(&hay, &needle);
}

// `in` of any operand in a constant array.
static logic_truth test_in_constant(const lnode *n, evaluation *c)
{
    value needle = run_operand(n->args[0], c);
    if (is_failure(&needle))
        return truth_of(&needle, c);
    return in_array(&n->args[1]->constant, &needle);
}

// A constant array of strings as an open-addressed hash table (built by select_strings): slot[i]
// is an item's index + 1, or 0 for an empty slot; mask + 1 slots, at least twice the items.
struct logic_string_table {
    const value *items;
    uint32_t mask;
    uint32_t slot[];
};

// The hash of a string, from its length and three of its bytes.
static inline uint32_t string_hash(const char *s, size_t len)
{
    uint32_t h = (uint32_t)len * 0x9E3779B1u;
    if (len)
        h ^= (unsigned char)s[0] * 0x85EBCA77u ^ (unsigned char)s[len - 1] * 0xC2B2AE3Du ^
             (unsigned char)s[len / 2] * 0x27D4EB2Fu;
    return h ^ h >> 15;
}

// Whether the string s is one of t's.
static inline bool string_table_has(const logic_string_table *t, const char *s, size_t len)
{
    for (uint32_t i = string_hash(s, len) & t->mask; t->slot[i]; i = (i + 1) & t->mask) {
        const value *item = &t->items[t->slot[i] - 1];
        if (item->as.string.len == len && bytes_equal(item->as.string.ptr, s, len))
            return true;
    }
    return false;
}

// test_in_strings of any operand: a needle that is no string is in none of the strings.
NOINLINE static logic_truth in_strings_of(const lnode *n, evaluation *c)
{
    value needle = run_operand(n->args[0], c);
    if (needle.kind != VALUE_STRING)
        return is_failure(&needle) ? truth_of(&needle, c) : LOGIC_FALSE;
    return string_table_has(n->strings, needle.as.string.ptr, needle.as.string.len);
}

// `in` of an operand in a constant array of strings: a field's string read in place.
static logic_truth test_in_strings(const lnode *n, evaluation *c)
{
    const lnode *f = n->args[0];
    if (f->run == run_field && (size_t)f->slot < c->env->slot_count) {
        const value *cell = &c->env->slots[f->slot];
        if (cell->kind == VALUE_STRING)
            return string_table_has(n->strings, cell->as.string.ptr, cell->as.string.len);
    }
    return in_strings_of(n, c);
}

// `in` of a constant string in a list field (FAST_IN_FIELD): the cell's items read in place.
static logic_truth test_in_field(const lnode *n, evaluation *c)
{
    const lnode *f = n->args[1];
    if ((size_t)f->slot < c->env->slot_count && c->env->slots[f->slot].kind == VALUE_ARRAY) {
        // in_array's strict_equal for a string constant, inline: a call a list item cost about
        // 4 instructions a rule evaluation on the short bench shape.
        const value *list = &c->env->slots[f->slot], *k = n->fast_const;
        for (size_t i = 0; i < list->as.array.count; i++) {
            const value *item = &list->as.array.items[i];
            if (item->kind == VALUE_STRING && item->as.string.len == k->as.string.len &&
                bytes_equal(item->as.string.ptr, k->as.string.ptr, k->as.string.len))
                return LOGIC_TRUE;
        }
        return LOGIC_FALSE;
    }
    return test_in2(n, c);
}

static logic_truth test_in_set(const lnode *n, evaluation *c)
{
    const logic_set *s = known_set(n, c->env);
    if (!s)
        return test_in_field(n, c);
    return (s->bits & n->set_mask) != 0;
}

static logic_truth test_not(const lnode *n, evaluation *c)
{
    logic_truth t = test_operand(n->args[0], c);
    if (truth_failed(t))
        return t;
    return (logic_truth)(t != (n->op == OP_NOT));
}

// and/or: the operand that decides, else unknown if one was, else the last (as op_andor).
static value run_andor(const lnode *n, evaluation *c)
{
    const bool is_and = n->op == OP_AND;
    value v = value_bool(false);
    bool unknown = false;
    unsigned unknown_flags = 0;
    for (size_t i = 0; i < n->nargs; i++) {
        v = run_operand(n->args[i], c);
        if (v.kind == VALUE_ERROR)
            return v;
        if (v.kind == VALUE_UNKNOWN) {
            unknown = true;
            unknown_flags |= v.flags;
            continue;
        }
        if (value_truthy(&v) != is_and)
            return v;
    }
    if (unknown)
        return value_unknown(unknown_flags & VALUE_FLAG_INVALID);
    return v;
}

// The truth of an and (is_and) or an or of args[0..nargs), as run_andor's value.
static inline logic_truth andor_truth(const lnode *const *args, size_t nargs, bool is_and,
                                      evaluation *c)
{
    const logic_truth deciding = is_and ? LOGIC_FALSE : LOGIC_TRUE;
    if (nargs == 0)
        return LOGIC_FALSE;
    // The operand that does not decide (true in an and, false in an or) until one is unknown:
    // both unknowns are above both booleans.
    logic_truth unknown = is_and ? LOGIC_TRUE : LOGIC_FALSE;
    size_t last = nargs - 1;
    for (size_t i = 0; i < last; i++) {
        logic_truth t = test_operand(args[i], c);
        if (t == deciding || t == LOGIC_ERROR)
            return t;
        if (t > unknown) // LOGIC_UNKNOWN_INVALID once any operand was invalid
            unknown = t;
    }
    // Nothing unknown so far: the last operand's truth is the result (a tail call).
    if (unknown < LOGIC_UNKNOWN)
        return args[last]->test(args[last], c);
    logic_truth t = test_operand(args[last], c);
    if (t == deciding || t == LOGIC_ERROR)
        return t;
    return t > unknown ? t : unknown;
}

// and/or as a condition: the truth of run_andor's value, from its operands' truths.
static logic_truth test_andor(const lnode *n, evaluation *c)
{
    return andor_truth((const lnode *const *)n->args, n->nargs, n->op == OP_AND, c);
}

// and/or of two operands, the commonest: as test_andor, with only the node and the context kept
// across the first operand's test, and the second's a tail call unless the first was unknown.
static logic_truth test_andor2(const lnode *n, evaluation *c)
{
    const logic_truth deciding = n->op == OP_AND ? LOGIC_FALSE : LOGIC_TRUE;
    logic_truth t = test_operand(n->args[0], c);
    if (t == deciding || t == LOGIC_ERROR)
        return t;
    const lnode *b = n->args[1];
    if (t < LOGIC_UNKNOWN)
        return b->test(b, c);
    logic_truth u = test_operand(b, c);
    if (u == deciding || u == LOGIC_ERROR)
        return u;
    return u > t ? u : t;
}

// ---- and/or of set conditions -------------------------------------------------------------
//
// The operands of an and/or that are conditions over list fields known as sets (`in` of a
// constant, some/all/none over the field, their `!`, an `if` of two of them with a constant
// else) are computed as mask tests over the fields' bits, merged where they test the same fields:
// in an `and`, the `in`s of one field are one test that all their bits are set, and implications
// "value a of field X → value b of field Y" one test for each X, Y and b − a. Over fields known
// as sets these operands are true or false, never unknown or an error. So when none of them
// decides, the result is that of the other operands alone; when one decides and there is no other
// operand, it is the result; otherwise, and whenever a field is not known as a set, the and/or
// runs unfolded (test_andor).

enum { FOLD_FIELDS = 8 };

// (bits & mask) != 0 when any, else (bits & mask) == 0; bits those of the fold's field `field`.
typedef struct set_literal {
    unsigned field;
    bool any;
    uint64_t mask;
} set_literal;

typedef enum {
    FOLD_LITERAL,      // x
    FOLD_ALL_OF,       // every bit of x.mask set in x.field
    FOLD_IMPLIES,      // x → y
    FOLD_BOTH,         // x and y
    FOLD_IMPLIES_BITS, // for every bit k of x.mask: bit k of x.field → bit k − shift of y.field
} fold_kind;

typedef struct fold_test {
    fold_kind kind;
    int shift;
    set_literal x, y;
} fold_test;

struct logic_set_fold {
    long fields[FOLD_FIELDS];
    size_t nfields;
    long max_slot; // the highest of fields

    fold_test *tests;
    size_t ntests;
    // The operands not folded, in order.
    const lnode **rest;
    size_t nrest;
};

static inline bool literal_holds(const set_literal *l, const uint64_t *bits)
{
    return ((bits[l->field] & l->mask) != 0) == l->any;
}

// Inline: test_andor_fold runs it for each test of every evaluation (a call cost as much as it).
static ALWAYS_INLINE bool fold_holds(const fold_test *t, const uint64_t *bits)
{
    switch (t->kind) {
    case FOLD_LITERAL:
        return literal_holds(&t->x, bits);
    case FOLD_ALL_OF:
        return (bits[t->x.field] & t->x.mask) == t->x.mask;
    case FOLD_IMPLIES:
        return !literal_holds(&t->x, bits) || literal_holds(&t->y, bits);
    case FOLD_BOTH:
        return literal_holds(&t->x, bits) && literal_holds(&t->y, bits);
    default: { // FOLD_IMPLIES_BITS
        uint64_t y = bits[t->y.field];
        y = t->shift >= 0 ? y << t->shift : y >> -t->shift;
        return (bits[t->x.field] & ~y & t->x.mask) == 0;
    }
    }
}

// The truth of a literal whose field's cell is unknown[field] (0 when known as a set).
static inline logic_truth literal_truth(const set_literal *l, const uint64_t *bits,
                                        const logic_truth *unknown)
{
    if (unknown[l->field])
        return unknown[l->field];
    return (logic_truth)literal_holds(l, bits);
}

// fold_holds when some fields' cells are unknown (Kleene's absent or invalid): the truth the
// folded operands give one by one (an `if` whose condition is unknown is unknown).
static logic_truth fold_truth(const fold_test *t, const uint64_t *bits, const logic_truth *unknown)
{
    logic_truth x;
    switch (t->kind) {
    case FOLD_IMPLIES:
        x = literal_truth(&t->x, bits, unknown);
        if (x != LOGIC_TRUE)
            return x == LOGIC_FALSE ? LOGIC_TRUE : x;
        return literal_truth(&t->y, bits, unknown);
    case FOLD_BOTH:
        x = literal_truth(&t->x, bits, unknown);
        return x != LOGIC_TRUE ? x : literal_truth(&t->y, bits, unknown);
    case FOLD_IMPLIES_BITS:
        if (unknown[t->x.field])
            return unknown[t->x.field];
        if (unknown[t->y.field]) // the implications whose value is in field x are unknown
            return (bits[t->x.field] & t->x.mask) ? unknown[t->y.field] : LOGIC_TRUE;
        return (logic_truth)fold_holds(t, bits);
    default: // one field: FOLD_LITERAL, FOLD_ALL_OF
        if (unknown[t->x.field])
            return unknown[t->x.field];
        return (logic_truth)fold_holds(t, bits);
    }
}

// test_andor_fold when some fields' cells are unknown: the folded operands never decide and
// never fail but by being unknown, so an and/or that they do not decide is what the other
// operands give, unless that decides or fails, made unknown by theirs.
NOINLINE static logic_truth andor_fold_unknown(const lnode *n, evaluation *c, const uint64_t *bits,
                                               const logic_truth *unknown)
{
    const logic_set_fold *f = n->fold;
    const bool is_and = n->op == OP_AND;
    const logic_truth deciding = is_and ? LOGIC_FALSE : LOGIC_TRUE;
    logic_truth folded = LOGIC_FALSE;
    for (size_t i = 0; i < f->ntests; i++) {
        logic_truth t = fold_truth(&f->tests[i], bits, unknown);
        if (t == deciding)
            return f->nrest == 0 ? deciding : test_andor(n, c);
        if (t >= LOGIC_UNKNOWN && t > folded)
            folded = t;
    }
    logic_truth rest = is_and ? LOGIC_TRUE : LOGIC_FALSE;
    if (f->nrest) {
        rest = andor_truth(f->rest, f->nrest, is_and, c);
        if (rest == deciding || rest == LOGIC_ERROR)
            return rest;
    }
    return rest > folded ? rest : folded;
}

// test_andor_fold when some field's cell is not known as a set: unknown in Kleene mode (its
// operands are unknown: andor_fold_unknown), else the and/or runs unfolded.
NOINLINE static logic_truth andor_fold_unknowns(const lnode *n, evaluation *c)
{
    const logic_set_fold *f = n->fold;
    const logic_env *env = c->env;
    uint64_t bits[FOLD_FIELDS];
    logic_truth unknown[FOLD_FIELDS];
    for (size_t i = 0; i < f->nfields; i++) {
        size_t slot = (size_t)f->fields[i];
        if (slot >= env->slot_count)
            return test_andor(n, c);
        const logic_set *s = &env->sets[slot];
        bits[i] = s->bits;
        unknown[i] = LOGIC_FALSE;
        if (s->valid && s->bits)
            continue;
        // An unknown cell makes its operands unknown (in Kleene mode: plain reads it as null).
        const value *v = &env->slots[slot];
        if (v->kind != VALUE_UNKNOWN || !c->kleene)
            return test_andor(n, c);
        unknown[i] = (v->flags & VALUE_FLAG_INVALID) ? LOGIC_UNKNOWN_INVALID : LOGIC_UNKNOWN;
    }
    return andor_fold_unknown(n, c, bits, unknown);
}

// The fields' bits are read in one pass that only checks that each cell is known as a set
// (f->max_slot is the highest field's slot); any other cell is andor_fold_unknowns' case.
static logic_truth test_andor_fold(const lnode *n, evaluation *c)
{
    const logic_set_fold *f = n->fold;
    const logic_set *sets = c->env->sets;
    uint64_t bits[FOLD_FIELDS];
    if (!sets)
        return test_andor(n, c);
    if ((size_t)f->max_slot >= c->slot_count)
        return andor_fold_unknowns(n, c);
    for (size_t i = 0; i < f->nfields; i++) {
        const logic_set *s = &sets[f->fields[i]];
        if (!s->valid || !s->bits)
            return andor_fold_unknowns(n, c);
        bits[i] = s->bits;
    }
    const bool is_and = n->op == OP_AND;
    for (size_t i = 0; i < f->ntests; i++)
        if (fold_holds(&f->tests[i], bits) != is_and) {
            if (f->nrest == 0)
                return is_and ? LOGIC_FALSE : LOGIC_TRUE;
            return test_andor(n, c);
        }
    if (f->nrest == 0)
        return is_and ? LOGIC_TRUE : LOGIC_FALSE;
    return andor_truth(f->rest, f->nrest, is_and, c);
}

static value run_if(const lnode *n, evaluation *c)
{
    size_t i = 0;
    for (; i + 1 < n->nargs; i += 2) {
        logic_truth cond = test_operand(n->args[i], c);
        if (truth_failed(cond))
            return value_of_truth(cond, c);
        if (cond == LOGIC_TRUE)
            return run(n->args[i + 1], c);
    }
    if (i < n->nargs)
        return run(n->args[i], c);
    return value_null();
}

// `if` as a condition: the truth of the branch it takes.
static logic_truth test_if(const lnode *n, evaluation *c)
{
    size_t i = 0;
    for (; i + 1 < n->nargs; i += 2) {
        logic_truth cond = test_operand(n->args[i], c);
        if (truth_failed(cond))
            return cond;
        if (cond == LOGIC_TRUE)
            return test_operand(n->args[i + 1], c);
    }
    if (i < n->nargs)
        return test_operand(n->args[i], c);
    return LOGIC_FALSE;
}

// `if` of one condition, a branch and an else (the commonest `if`) as a condition: as test_if,
// without the loop, the branch's test a tail call.
static logic_truth test_if_else(const lnode *n, evaluation *c)
{
    logic_truth cond = test_operand(n->args[0], c);
    if (truth_failed(cond))
        return cond;
    const lnode *branch = n->args[cond == LOGIC_TRUE ? 1 : 2];
    return branch->test(branch, c);
}

// some/all/none over a list field known as a set (its body the element in a constant list, or
// the `!` of that): bit tests; else the general iteration.
static logic_truth test_set_iteration(const lnode *n, evaluation *c)
{
    logic_truth t = set_test(n, c->env);
    if (t != LOGIC_UNKNOWN)
        return t;
    value v = op_iterate(n, c);
    return truth_of(&v, c);
}

// The count of a list: reduce adding 1 from a whole-number start (fast_count). Over a filter,
// the elements the body selects are counted without building the filtered array.
static value run_count(const lnode *n, evaluation *c)
{
    value counted;
    if (count_set_filter(n, c->env, &counted))
        return counted;
    const lnode *list = n->args[0];
    const value start = n->args[2]->constant;
    if (list->op != OP_FILTER || list->nargs != 2 || list->spread) {
        value arr = run_operand(list, c);
        if (is_failure(&arr))
            return arr;
        if (arr.kind != VALUE_ARRAY || arr.as.array.count == 0)
            return start;
        return number_result(start.as.number + (double)arr.as.array.count);
    }
    value arr = run(list->args[0], c);
    if (is_failure(&arr))
        return arr;
    if (arr.kind != VALUE_ARRAY)
        return start; // a filter of no array is []
    size_t k = 0;
    first_failure b = {0};
    for (size_t i = 0; i < arr.as.array.count; i++) {
        value v = eval_body(list->args[1], c, &arr.as.array.items[i], i, NULL);
        if (v.kind == VALUE_ERROR)
            return v;
        note_failure(&b, &v);
        k += v.kind != VALUE_UNKNOWN && value_truthy(&v);
    }
    if (b.set)
        return b.v;
    return k ? number_result(start.as.number + (double)k) : start;
}

// A count (run_count) compared with a number constant.
// The count of a field's list is read in place: its start plus the list's length.
static logic_truth test_count_compare(const lnode *n, evaluation *c)
{
    const lnode *count = n->args[n->fast_swapped], *list = count->args[0];
    double counted;
    if (list->run == run_field && (size_t)list->slot < c->env->slot_count &&
        c->env->slots[list->slot].kind == VALUE_ARRAY) {
        size_t k = c->env->slots[list->slot].as.array.count;
        counted = count->args[2]->constant.as.number + (double)k;
    } else {
        value v = run(count, c);
        if (is_failure(&v))
            return truth_of(&v, c);
        counted = v.as.number;
    }
    int cmp = num_cmp(counted, n->fast_const->as.number);
    return cmp_holds(n->op, n->fast_swapped ? -cmp : cmp);
}

static bool is_comparison(logic_op op)
{
    return logic_op_kind(op) & LOGIC_KIND_COMPARISON;
}

static bool is_arithmetic(logic_op op)
{
    return logic_op_kind(op) & LOGIC_KIND_ARITHMETIC;
}

// A field or a number constant: what number_leaf reads.
static bool is_number_leaf(const lnode *n)
{
    return lnode_is_field(n) || (n->op == OP_CONST && n->constant.kind == VALUE_NUMBER);
}

// A leaf or arithmetic of two leaves: what number_operand computes.
static bool is_number_operand(const lnode *n)
{
    return is_number_leaf(n) || (is_arithmetic(n->op) && n->nargs == 2 && !n->spread &&
                                 is_number_leaf(n->args[0]) && is_number_leaf(n->args[1]));
}

// The test of a node whose value is a boolean (then its run is run_by_test); NULL for others.
static logic_test_fn select_boolean(const lnode *n)
{
    bool two = n->nargs == 2 && !n->spread;
    switch (n->op) {
    case OP_NOT:
    case OP_NOTNOT:
        return n->nargs == 1 && !n->spread ? test_not : NULL;
    case OP_IN:
        if (n->fast_set)
            return test_in_set;
        if (n->fast_in == FAST_IN_FIELD)
            return test_in_field;
        if (two && n->args[1]->op == OP_CONST && n->args[1]->constant.kind == VALUE_ARRAY)
            return test_in_constant;
        return two ? test_in2 : NULL;
    case OP_SOME:
    case OP_ALL:
    case OP_NONE:
        return n->fast_set ? test_set_iteration : NULL;
    default:
        break;
    }
    if (is_comparison(n->op) && two) {
        if (n->fast_count_cmp)
            return test_count_compare;
        if (n->fast && n->fast_const->kind == VALUE_NUMBER)
            return test_field_number;
        if (n->fast && n->fast_const->kind == VALUE_BOOL)
            return test_field_bool;
        if (n->fast)
            return test_compare_field;
        if (lnode_is_field(n->args[0]) && lnode_is_field(n->args[1]))
            return test_compare_fields;
        if (is_number_operand(n->args[0]) && is_number_operand(n->args[1]))
            return test_compare_numbers;
        return test_compare2;
    }
    return NULL;
}

// The operation of a node whose value is not (always) a boolean, from its operator and the shape
// of its operands.
static logic_run_fn select_run(const lnode *n)
{
    bool two = n->nargs == 2 && !n->spread;
    switch (n->op) {
    case OP_CONST:
    case OP_RAISE:
        return run_const;
    case OP_VAR:
        if (n->slot >= 0)
            return n->has_default ? run_field_default : run_field;
        if (lnode_is_element(n))
            return run_element;
        return run_general;
    case OP_AND:
    case OP_OR:
        return n->spread ? run_general : run_andor;
    case OP_IF:
        return run_if;
    case OP_REDUCE:
        return n->fast_count ? run_count : run_general;
    default:
        break;
    }
    if (is_arithmetic(n->op) && two)
        return run_arith2;
    return run_general;
}

// The index of slot among f's fields, added if new; -1 when f holds FOLD_FIELDS others.
static int fold_field(logic_set_fold *f, long slot)
{
    for (size_t i = 0; i < f->nfields; i++)
        if (f->fields[i] == slot)
            return (int)i;
    if (f->nfields == FOLD_FIELDS)
        return -1;
    f->fields[f->nfields] = slot;
    return (int)f->nfields++;
}

// The mask test of a condition over a list field known as a set (as set_test gives it, or the
// `!`/`!!` of one), its field added to f; false for any other node.
static bool set_literal_of(const lnode *n, logic_set_fold *f, set_literal *l)
{
    if (n->test == test_not) {
        if (!set_literal_of(n->args[0], f, l))
            return false;
        l->any = l->any != (n->op == OP_NOT);
        return true;
    }
    uint64_t selected = n->set_negate ? ~n->set_mask : n->set_mask;
    if (n->test == test_in_set || (n->test == test_set_iteration && n->op == OP_SOME))
        *l = (set_literal){.any = true, .mask = selected};
    else if (n->test == test_set_iteration && n->op == OP_NONE)
        *l = (set_literal){.any = false, .mask = selected};
    else if (n->test == test_set_iteration && n->op == OP_ALL)
        *l = (set_literal){.any = false, .mask = ~selected}; // no value outside the selection
    else
        return false;
    int field = fold_field(f, n->set_slot);
    l->field = (unsigned)field;
    return field >= 0;
}

// An operand of an and (is_and) or an or as a mask test: a condition over a set, or an `if` of
// two with a constant else (an implication when it is truthy; both, in an and, when it is not).
static bool fold_test_of(const lnode *a, bool is_and, logic_set_fold *f, fold_test *t)
{
    if (set_literal_of(a, f, &t->x)) {
        t->kind = FOLD_LITERAL;
        return true;
    }
    if (a->test != test_if_else || a->args[2]->op != OP_CONST ||
        !set_literal_of(a->args[0], f, &t->x) || !set_literal_of(a->args[1], f, &t->y))
        return false;
    if (value_truthy(&a->args[2]->constant)) {
        t->kind = FOLD_IMPLIES;
        return true;
    }
    t->kind = FOLD_BOTH;
    return is_and;
}

static bool single_bit(uint64_t mask)
{
    return mask && !(mask & (mask - 1));
}

// Adds t to f's tests, merged into one already there where an `and` allows: `in`s of one field
// (one bit each) into one FOLD_ALL_OF, "none of" tests of one field into one, implications between
// single values of the same two fields at the same distance into one FOLD_IMPLIES_BITS.
static void fold_add(logic_set_fold *f, fold_test t, bool is_and)
{
    if (is_and && t.kind == FOLD_LITERAL && t.x.any && single_bit(t.x.mask))
        t.kind = FOLD_ALL_OF;
    if (is_and && t.kind == FOLD_IMPLIES && t.x.any && t.y.any && single_bit(t.x.mask) &&
        single_bit(t.y.mask)) {
        t.kind = FOLD_IMPLIES_BITS;
        t.shift = __builtin_ctzll(t.x.mask) - __builtin_ctzll(t.y.mask);
    }
    for (size_t i = 0; is_and && i < f->ntests; i++) {
        fold_test *o = &f->tests[i];
        if (o->kind != t.kind || o->x.field != t.x.field)
            continue;
        if (t.kind == FOLD_ALL_OF || (t.kind == FOLD_LITERAL && !t.x.any && !o->x.any) ||
            (t.kind == FOLD_IMPLIES_BITS && o->y.field == t.y.field && o->shift == t.shift)) {
            o->x.mask |= t.x.mask;
            return;
        }
    }
    f->tests[f->ntests++] = t;
}

// An and/or's fold (n->fold), when at least two of its operands are conditions over sets.
static void select_fold(lnode *n, arena *mem)
{
    bool is_and = n->op == OP_AND;
    logic_set_fold f = {0};
    fold_test *tests = arena_alloc(mem, n->nargs * sizeof *tests);
    const lnode **rest = arena_alloc(mem, n->nargs * sizeof *rest);
    f.tests = tests;
    size_t folded = 0;
    for (size_t i = 0; i < n->nargs; i++) {
        logic_set_fold tried = f;
        fold_test t;
        if (fold_test_of(n->args[i], is_and, &tried, &t)) {
            f = tried;
            fold_add(&f, t, is_and);
            folded++;
        } else {
            rest[f.nrest++] = n->args[i];
        }
    }
    if (folded < 2)
        return;
    f.rest = rest;
    f.max_slot = 0;
    for (size_t i = 0; i < f.nfields; i++)
        if (f.fields[i] > f.max_slot)
            f.max_slot = f.fields[i];
    logic_set_fold *kept = arena_alloc(mem, sizeof *kept);
    *kept = f;
    n->fold = kept;
}

// `in` of a constant array whose items are all strings (test_in_constant): its hash table
// (n->strings) and test_in_strings; else n is left as it is.
static void select_strings(lnode *n, arena *mem)
{
    const value *hay = &n->args[1]->constant;
    size_t count = hay->as.array.count;
    if (count == 0 || count > UINT32_MAX / 4)
        return;
    for (size_t i = 0; i < count; i++)
        if (hay->as.array.items[i].kind != VALUE_STRING)
            return;
    uint32_t size = 2;
    while (size < 2 * count)
        size *= 2;
    logic_string_table *t = arena_alloc(mem, sizeof *t + size * sizeof t->slot[0]);
    t->items = hay->as.array.items;
    t->mask = size - 1;
    memset(t->slot, 0, size * sizeof t->slot[0]);
    for (size_t k = 0; k < count; k++) {
        const value *item = &hay->as.array.items[k];
        uint32_t i = string_hash(item->as.string.ptr, item->as.string.len) & t->mask;
        while (t->slot[i])
            i = (i + 1) & t->mask;
        t->slot[i] = (uint32_t)k + 1;
    }
    n->strings = t;
    n->test = test_in_strings;
}

// What test_field_number and test_field_bool read instead of the operands: the field's slot, the
// number, and HOLDS[op] for the cell on the left (bits 0 and 2 swapped when it is on the right),
// for a boolean constant k shifted by 1 − k (the cell's order against k is b − k + 1).
static void select_field_compare(lnode *n)
{
    unsigned holds = HOLDS[n->op];
    if (n->fast_swapped)
        holds = (holds & 1) << 2 | (holds & 2) | holds >> 2;
    n->cmp_slot = n->args[n->fast_swapped]->slot;
    if (n->fast_const->kind == VALUE_NUMBER)
        n->cmp_number = n->fast_const->as.number;
    else
        holds >>= 1 - (unsigned)n->fast_const->as.boolean;
    n->cmp_holds = holds;
}

// A node's run and test (select_test), and whether test_operand runs the test inline.
static void select_test(lnode *n, arena *mem);

static void select_operations(lnode *n, arena *mem)
{
    select_test(n, mem);
    logic_test_fn t = n->test;
    n->inline_test =
        t == test_field_number || t == test_field_bool || t == test_field || t == test_const;
}

static void select_test(lnode *n, arena *mem)
{
    n->test = select_boolean(n);
    if (n->test == test_in_constant)
        select_strings(n, mem);
    if (n->test == test_field_number || n->test == test_field_bool)
        select_field_compare(n);
    if (n->test == test_compare_fields) {
        n->cmp_slot = n->args[0]->slot;
        n->cmp_slot2 = n->args[1]->slot;
        n->cmp_holds = HOLDS[n->op];
    }
    if (n->test) {
        n->run = run_by_test;
        return;
    }
    n->run = select_run(n);
    if (n->run == run_field)
        n->test = test_field;
    else if (n->run == run_const)
        n->test = test_const;
    else if (n->run == run_andor) {
        n->test = n->nargs == 2 ? test_andor2 : test_andor;
        if (n->nargs >= 2) {
            select_fold(n, mem);
            if (n->fold)
                n->test = test_andor_fold;
        }
    } else if (n->run == run_if)
        n->test = n->nargs == 3 ? test_if_else : test_if;
    else
        n->test = test_by_value;
}

// A field read as it is or a constant: what every bounded test may read of its operands.
static bool is_field_or_constant(const lnode *n)
{
    return n->run == run_field || n->run == run_const;
}

bool logic_bounded(const lnode *n)
{
    logic_test_fn t = n->test;
    if (t == test_field || t == test_const || t == test_compare_field || t == test_field_number ||
        t == test_field_bool || t == test_compare_fields || t == test_compare_numbers)
        return true; // operands: fields, constants, arithmetic of those (all read in place)
    if (t == test_compare2 || t == test_in_strings)
        return is_field_or_constant(n->args[0]) && is_field_or_constant(n->args[1]);
    if (t == test_not || t == test_andor || t == test_andor2 || t == test_andor_fold ||
        t == test_if || t == test_if_else) {
        for (size_t i = 0; i < n->nargs; i++)
            if (!logic_bounded(n->args[i]))
                return false;
        return true;
    }
    return false;
}

size_t logic_select(lnode *n, arena *mem)
{
    // The operands first: an and/or's fold reads their operations.
    size_t nodes = 1;
    for (size_t i = 0; i < n->nargs; i++)
        if (n->args[i])
            nodes += logic_select(n->args[i], mem);
    n->nodes = nodes;
    select_operations(n, mem);
    return nodes;
}

// ---- evaluation ---------------------------------------------------------------------------

static value eval_node(const lnode *n, evaluation *c)
{
    if (c->compiled)
        return run(n, c);
    if (!c->tracing || c->suppress || !is_leaf_op(n->op))
        return eval_general(n, c);
    logic_leaf leaf = {.op = n->name, .slot = -1, .field_operand = -1};
    logic_leaf *saved_leaf = c->leaf;
    const lnode *saved_node = c->leaf_node;
    long saved_first = c->first_slot;
    c->leaf = &leaf;
    c->leaf_node = n;
    c->first_slot = -1;
    c->suppress++;
    value r = eval_general(n, c);
    c->suppress--;
    c->leaf = saved_leaf;
    c->leaf_node = saved_node;
    if (leaf.slot < 0 && c->first_slot >= 0)
        leaf.slot = c->first_slot; // missing/missing_some read their slots directly
    if (n->op == OP_MISSING || n->op == OP_MISSING_SOME) {
        leaf.operands[0] = r;
        leaf.operand_count = 1;
    }
    if (saved_first < 0)
        saved_first = c->first_slot;
    c->first_slot = saved_first;
    if (explains(c, &r)) {
        leaf.result = r;
        trace_add(c, &leaf);
    }
    return r;
}

// Points c at env's row: what stays the same for every rule of the row.
static void context_row(evaluation *c, const logic_env *env)
{
    c->env = env;
    c->slots = env->slots;
    c->slot_count = env->slot_count;
    c->a = env->scratch;
    c->tracing = env->trace != NULL;
    c->compiled = !env->trace && !env->walk;
    c->suppress = 0;
    c->first_slot = -1;
    c->unknown_only = false;
    c->leaf = NULL;
    c->leaf_node = NULL;
    static const scope NO_DATA = {.kind = SCOPE_DATA, .data = {.kind = VALUE_NULL}};
    c->row_scope = &NO_DATA; // checklist rules read no data document
    if (env->data) {
        c->root.parent = NULL;
        c->root.kind = SCOPE_DATA;
        c->root.data = *env->data;
        c->row_scope = &c->root;
    }
}

// What each evaluation starts afresh: the mode, the scope and the limits' counters.
static inline void context_rule(evaluation *c, const logic_rule *rule)
{
    c->kleene = rule->mode == LOGIC_KLEENE;
    c->scope = c->row_scope;
    c->steps = 0;
    c->built = 0;
    c->limit = NULL;
}

value logic_eval(const logic_rule *rule, const logic_env *env)
{
    if (!rule)
        return value_null();
    evaluation c;
    context_row(&c, env);
    context_rule(&c, rule);
    value r = c.compiled ? run(rule->root, &c) : eval_condition(rule->root, &c);
    return c.limit ? *c.limit : r;
}

logic_context *logic_context_new(void)
{
    return xcalloc(1, sizeof(logic_context));
}

void logic_context_free(logic_context *ctx)
{
    free(ctx);
}

void logic_context_row(logic_context *ctx, const logic_env *env)
{
    logic_env row = *env;
    row.trace = NULL;
    row.walk = false;
    ctx->row = row;
    context_row(ctx, &ctx->row);
}

// logic_test of a rule whose limits are counted. Apart, so that the bounded rules' path saves
// and restores no registers: it is a tail call.
NOINLINE static logic_truth test_counted(const logic_rule *rule, logic_context *ctx,
                                         const char **limit)
{
    context_rule(ctx, rule);
    logic_truth t = rule->root->test(rule->root, ctx);
    if (ctx->limit) {
        *limit = ctx->limit->as.string.ptr;
        return LOGIC_LIMIT;
    }
    return t;
}

logic_truth logic_test(const logic_rule *rule, logic_context *ctx, const char **limit)
{
    if (!rule->bounded)
        return test_counted(rule, ctx, limit);
    // Nothing the limits count: neither their counters nor the scope are set or read.
    ctx->kleene = rule->mode == LOGIC_KLEENE;
    return rule->root->test(rule->root, ctx);
}
