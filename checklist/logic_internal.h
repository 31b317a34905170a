/* Internals of the JSON Logic engine shared by logic_compile.c, logic_eval.c, logic_convert.c. */
#ifndef DDCHECK_LOGIC_INTERNAL_H
#define DDCHECK_LOGIC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "logic.h"
#include "logic_operators.h"
#include "value.h"

/** Operators, resolved once at compile time: three of the engine's own, then one for each
 *  row of logic_operators.h. */
typedef enum {
    OP_CONST, /* a constant value (also `preserve`) */
    OP_ARRAY, /* an array literal holding operations: its items are evaluated */
    OP_RAISE, /* a rule that always throws `constant` (bad arguments found at compile time) */
#define LOGIC_OP_ENUM(NAME, OP, ...) OP_##OP,
#define LOGIC_NO_ALIAS(NAME, OP)
    LOGIC_OPERATORS(LOGIC_OP_ENUM, LOGIC_NO_ALIAS)
#undef LOGIC_OP_ENUM
#undef LOGIC_NO_ALIAS
        OP_COUNT
} logic_op;

/** The properties of each operator (logic_operators.h), by logic_op; the engine's own three
 *  (OP_CONST, OP_ARRAY, OP_RAISE) have none (kind 0). */
typedef struct logic_operator_row {
    logic_operator_info info;
    /** How a single argument that is not an array is read (logic_operators.h's ARGS). */
    enum { LOGIC_ARGS_SINGLE, LOGIC_ARGS_SPREAD, LOGIC_ARGS_STRICT } args;
    /** The arguments accepted when they are an array (max SIZE_MAX: no limit). */
    size_t min, max;
} logic_operator_row;

extern const logic_operator_row logic_operator_rows[OP_COUNT];

/** The kind flags of op (LOGIC_KIND_*). */
static inline unsigned logic_op_kind(logic_op op)
{
    return logic_operator_rows[op].info.kind;
}

/** One segment of a pre-split `var`/`val` path. */
typedef struct logic_seg {
    const char *ptr;
    size_t len;
} logic_seg;

typedef struct lnode lnode;
/** An and/or's operands over list fields known as sets, as mask tests (logic_eval.c). */
typedef struct logic_set_fold logic_set_fold;
/** A constant array of strings as a hash table, for `in` (logic_eval.c). */
typedef struct logic_string_table logic_string_table;
/** The state of one evaluation (logic_eval.c); logic.h's logic_context. */
typedef struct logic_context evaluation;

/** One operation of the compiled form (logic_eval.c): evaluates node n. */
typedef value (*logic_run_fn)(const lnode *n, evaluation *c);
/** The same as a condition: the truth of node n's value (logic_test). */
typedef logic_truth (*logic_test_fn)(const lnode *n, evaluation *c);

/** A compiled node. Everything it points at lives in the rule's own arena. */
struct lnode {
    /** The node's operation in the compiled form, chosen by logic_select. */
    logic_run_fn run;
    /** Its operation as a condition, chosen with run: for the operators whose value is a
     *  boolean (comparisons, `in`, `!`, some/all/none, …) this is the operation, and run builds
     *  the boolean from it. */
    logic_test_fn test;
    /** The nodes of this subtree, itself included: the operations one run of it counts
     *  against LOGIC_MAX_STEPS when it is an iteration's body. */
    size_t nodes;
    logic_op op;
    /** args[0] is one expression whose result, when an array, is the argument list. */
    bool spread;
    /** Inside the body of map/filter/reduce/all/some/none: `var` names the element. */
    bool in_body;
    /** OP_VAR/OP_VAL/OP_EXISTS: the path is known at compile time (segs, nsegs). */
    bool static_path;
    /** OP_VAR: a default was given (args[1]). */
    bool has_default;
    /** The operator as written, for explanations. */
    const char *name;
    lnode **args;
    size_t nargs;
    /** OP_CONST, OP_RAISE: the value. */
    value constant;
    /** OP_VAR/OP_VAL/OP_EXISTS: resolved field slot or -1; then segs are applied to the cell. */
    long slot;
    logic_seg *segs;
    size_t nsegs;
    /** OP_VAL: how many scopes up ([[-n], …]). */
    size_t scope_up;
    /** OP_MISSING/OP_MISSING_SOME with literal names and resolve: one slot per name. */
    long *name_slots;
    logic_seg *names;
    size_t nnames;
    /** OP_MISSING_SOME: the literal "need" (when names are literal). */
    double need;
    /** A two-operand comparison of a resolved field (no default) with a number, string or
     *  boolean constant: evaluated without recursion when the cell holds that kind. */
    bool fast;
    /** `in` of two operands in one of its hot shapes, evaluated without recursion when the
     *  values are plain (else the general path): FAST_IN_FIELD a constant string in a resolved
     *  field (args[1]; a list or a text), FAST_IN_LIST the current element (`{"var": ""}`
     *  in an iteration body) in a constant array (fast_const). */
    enum { FAST_IN_NONE, FAST_IN_FIELD, FAST_IN_LIST } fast_in;
    /** OP_REDUCE counting its elements: `{"reduce": [X, {"+": [{"var": "accumulator"}, 1]}, k]}`
     *  with a whole-number constant k: k + the length of X when X is an array. */
    bool fast_count;
    /** Over a list field whose cells are sets (logic_values_fn): `in` of a constant string, or
     *  some/all/none/filter whose body is the current element `in` a constant list, or the `!`
     *  of that (set_negate). set_mask holds the field's values that the constant equals / that
     *  the constant list holds. Evaluated as bit tests when env->sets knows the cell. */
    bool fast_set;
    bool set_negate;
    uint64_t set_mask;
    long set_slot;
    /** A comparison of a counting reduce (fast_count) with a number constant (fast_const,
     *  fast_swapped): compared as numbers. */
    bool fast_count_cmp;
    /** The constant is the left operand. */
    bool fast_swapped;
    const value *fast_const;
    /** A fast comparison of a field with a number or boolean constant (logic_select), read
     *  without following args: the field's slot, and the comparison's results as a mask over
     *  the cell's order against the constant (bit 0 below, 1 equal, 2 above; with a boolean,
     *  shifted so that bit b is the result for the cell b). */
    long cmp_slot;
    /** The node's test is one that its callers run inline as an operand (logic_eval.c's
     *  test_operand): one byte to test before the call that every other test takes. */
    bool inline_test;
    /** A comparison of two fields (test_compare_fields): the right one's slot (cmp_slot the
     *  left one's), cmp_holds HOLDS[op]. */
    long cmp_slot2;
    double cmp_number;
    unsigned cmp_holds;
    /** and/or: its operands that are conditions over list fields known as sets, folded into
     *  mask tests (logic_select); NULL when fewer than two operands fold. */
    const logic_set_fold *fold;
    /** `in` of an operand in a constant array of strings (args[1]): the strings' hash table. */
    const logic_string_table *strings;
};

struct logic_rule {
    arena *mem;
    lnode *root;
    logic_mode mode;
    /** Its test never counts an operation, builds a value or reads a scope (logic_bounded):
     *  logic_test then needs none of the limits' counters. */
    bool bounded;
    size_t *slots;
    size_t nslots;
};

/** A resolved field read as it is (`{"var": "name"}` of a declared field, without a default):
 *  the operand every fast path of the engine starts from. */
static inline bool lnode_is_field(const lnode *n)
{
    return n->op == OP_VAR && n->slot >= 0 && !n->has_default;
}

/** The current element of an iteration: `{"var": ""}` in its body. */
static inline bool lnode_is_element(const lnode *n)
{
    return n->op == OP_VAR && n->in_body && n->slot < 0 && n->static_path && n->nsegs == 0 &&
           !n->has_default && n->nargs <= 1;
}

/** `val`'s [[-n]]: how many scopes to climb, |n| clamped (a huge or NaN n must not overflow the
 *  conversion; there are never more scopes than nesting levels). */
static inline size_t scope_levels(double n)
{
    n = n < 0 ? -n : n;
    return n >= 0 && n < 1e6 ? (size_t)n : (size_t)1e6;
}

/** Chooses every node's run and test (the compiled form) from its operator and the shapes of its
 *  operands, and counts every node's nodes; called once by logic_compile on a rule compiled
 *  without errors. What the operations need beside the nodes comes from mem (the rule's arena).
 *  Returns root's nodes. */
size_t logic_select(lnode *root, arena *mem);

/** Whether node n's test (as logic_select chose it), and every operation it may run, only reads
 *  the row and constants: nothing is counted against the limits, built, or read from a scope. */
bool logic_bounded(const lnode *n);

/** JS Number → String (shortest round trip, "1e+21", "-0" → "0"). buf needs 32 bytes. */
size_t logic_number_format(double n, char *buf);
/** JS Number(string): trimmed; "" → 0; decimal, 0x/0o/0b, Infinity; anything else NaN. */
double logic_string_to_number(const char *s, size_t len);
/** JS ToNumber of a value for arithmetic: null 0, bools 0/1, strings parsed; arrays and
 *  objects NaN (as the compat suites require). */
double logic_to_number(const value *v);
/** Loads glibc's libm for `%` (dlopen, once per process; the program does not link libm: its
 *  loading alone made about 0.4 MiB of every run resident). The compiler calls it for each `%`
 *  before any rule can be evaluated. False, with the reason in why, when libm cannot be loaded. */
bool logic_remainder_load(char *why, size_t why_size);
/** JS x % y: C's fmod, libm's own (logic_remainder_load must have succeeded first). */
double logic_remainder(double x, double y);
/** JS String(v) into the arena (arrays joined with ",", objects "[object Object]"). A string v is
 *  returned as it is; one that would be longer than LOGIC_MAX_STRING is not built: the result
 *  is then the limit's error (LOGIC_LIMIT_STRING, VALUE_FLAG_LIMIT). */
value logic_to_string(const value *v, arena *a);

#endif
