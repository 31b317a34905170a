/* The JSON Logic engine: a rule is compiled once from cJSON, then evaluated many times. */
#ifndef DDCHECK_LOGIC_H
#define DDCHECK_LOGIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "util/arena.h"
#include "util/diag.h"
#include "value.h"

typedef struct logic_rule logic_rule;

typedef enum {
    /** Plain JSON Logic (jsonlogic.com and the compat suites): `ddcheck logic`. */
    LOGIC_PLAIN,
    /** Checklist rules: DESIGN.md's "absent is unknown" three-valued (Kleene) semantics. */
    LOGIC_KLEENE,
} logic_mode;

/** Resolves a `var` name to a field slot at compile time; returns false for a name that is no
 *  field. */
typedef bool (*logic_resolve_fn)(void *ctx, const char *name, size_t *slot);

/** The most values a field may declare for its list cells to be known as a set (logic_set). */
#define LOGIC_SET_MAX 64

/** For a list field whose items are always among a fixed set of strings (a list field with
 *  declared values, at most LOGIC_SET_MAX): sets *values, *lens and *count and returns true;
 *  false for any other slot. The compiler then evaluates `in`, some/all/none and the counting
 *  of a filter over that field as bit tests (logic_env.sets). */
typedef bool (*logic_values_fn)(void *ctx, size_t slot, char *const **values, const size_t **lens,
                                size_t *count);

typedef struct logic_options {
    logic_mode mode;
    /** When set, every top-level `var` with a literal name must resolve (else a diagnostic
     *  "var names no declared field"); it then reads env->slots[slot]. When NULL, `var` reads
     *  env->data at evaluation time with dot paths, as plain JSON Logic does. */
    logic_resolve_fn resolve;
    void *resolve_ctx;
    /** Optional (called with resolve_ctx): the fields whose list cells are sets of values. */
    logic_values_fn values;
    /** For diagnostics: the file and the JSON Pointer of the rule inside it (may be NULL). */
    const char *file;
    const char *pointer;
} logic_options;

/** Compiles a rule. Problems (unknown operator, wrong arity, var naming no field, nesting deeper
 *  than the limit) go to diags with the JSON Pointer of the offending node (opts->pointer + the
 *  path inside the rule) and line 0; NULL is returned when there was any error. The rule does not
 *  reference json after the call. Free with logic_rule_free(). */
logic_rule *logic_compile(const cJSON *json, const logic_options *opts, diag_list *diags);

/** Frees a compiled rule; NULL is a no-op. */
void logic_rule_free(logic_rule *rule);

/** The field slots the rule reads (resolved vars), ascending, without repeats; *count set. The
 *  array belongs to the rule. */
const size_t *logic_rule_slots(const logic_rule *rule, size_t *count);

/** One leaf condition that decided a false or unknown rule, recorded while explaining. */
typedef struct logic_leaf {
    /** The operator of the leaf as written: ">=", "==", "in", "!", "!!", "var", "missing", … */
    const char *op;
    /** The field slot the leaf reads (the first one in its operands), or -1 for none. */
    long slot;
    /** True when the operand holding the field is the bare field itself (not computed from it). */
    bool direct;
    /** The operand index (0, 1 or 2) that holds the field; -1 for none. */
    int field_operand;
    /** The evaluated operands (up to 3; the between forms use 3), in the arena. */
    value operands[3];
    int operand_count;
    /** What the leaf evaluated to: false, or unknown. */
    value result;
} logic_leaf;

/** Leaves collected by an explaining evaluation; initialise with {0}; items live in the arena
 *  passed in the env (reset with the row). */
typedef struct logic_trace {
    logic_leaf *items;
    size_t count;
    size_t cap;
} logic_trace;

/** What the caller knows of a list cell of a field that logic_values_fn describes: when
 *  `valid`, the cell's value is an array of at least one item, every item exactly one of the
 *  field's values; bit k of `bits` is set when value k is an item, and `repeats` when some
 *  value is an item more than once. The evaluator relies on it: it must match the slot. */
typedef struct logic_set {
    uint64_t bits;
    bool valid;
    bool repeats;
} logic_set;

typedef struct logic_env {
    /** Row cells by slot, for resolved vars. */
    const value *slots;
    size_t slot_count;
    /** By slot, or NULL: the list cells known as sets (only read where the rule was compiled
     *  with logic_options.values). */
    const logic_set *sets;
    /** The data document for unresolved vars (plain mode); may be NULL (then null data). */
    const value *data;
    /** Scratch memory for intermediate values; the result lives here too. Required. */
    arena *scratch;
    /** When non-NULL: evaluate without short-circuiting and record every false or unknown leaf
     *  here (arrays grown in the scratch arena). */
    logic_trace *trace;
    /** Evaluate with the general operations only (the tree-walker, the reference every
     *  explaining evaluation uses) rather than the rule's compiled form; same result. */
    bool walk;
} logic_env;

/** Evaluates a compiled rule. The result may point into the rule, the row or env->scratch. In
 *  LOGIC_KLEENE mode it may be VALUE_UNKNOWN; in either mode it may be VALUE_ERROR. */
value logic_eval(const logic_rule *rule, const logic_env *env);

/** A rule's result as a condition: all a checklist requirement needs of it (logic_test). */
typedef enum {
    LOGIC_FALSE,
    LOGIC_TRUE,
    /** Kleene's unknown: evidence is absent. */
    LOGIC_UNKNOWN,
    /** Unknown because a cell failed its type (VALUE_UNKNOWN with VALUE_FLAG_INVALID). */
    LOGIC_UNKNOWN_INVALID,
    /** The rule raised an error (VALUE_ERROR). */
    LOGIC_ERROR,
    /** The evaluation stopped at a limit (logic_is_limit; see LOGIC_MAX_STEPS). */
    LOGIC_LIMIT,
} logic_truth;

/** The state of evaluating the rules of one row with logic_test: made once, pointed at each row
 *  with logic_context_row, then used for every rule of that row (nothing is set per rule but
 *  the counters of the limits). */
typedef struct logic_context logic_context;

/** A new context; free with logic_context_free(). */
logic_context *logic_context_new(void);

/** Frees a context; NULL is a no-op. */
void logic_context_free(logic_context *ctx);

/** Points ctx at a row: env (its slots, sets, data and scratch arena) must stay valid while
 *  ctx evaluates that row. env->trace and env->walk are not read: logic_test runs the compiled
 *  form; explaining evaluations use logic_eval. */
void logic_context_row(logic_context *ctx, const logic_env *env);

/** Evaluates a compiled rule over ctx's row as a condition: the truth of the value logic_eval
 *  gives (value_truthy; unknown and error apart), without building that value. On LOGIC_LIMIT,
 *  *limit is set to the limit's text (LOGIC_LIMIT_*); limit is not read otherwise. */
logic_truth logic_test(const logic_rule *rule, logic_context *ctx, const char **limit);

/** Families of operators, and what lint, the compiler and explanations do with them
 *  (logic_operator_info.kind; an operator may be in none). */
enum {
    /** var, val, exists: read a field (or the data) by name. */
    LOGIC_KIND_FIELD = 1u << 0,
    /** missing, missing_some: name the fields they test. */
    LOGIC_KIND_NAMES_FIELDS = 1u << 1,
    /** ==, ===, !=, !==. */
    LOGIC_KIND_EQUALITY = 1u << 2,
    /** >, >=, <, <=. */
    LOGIC_KIND_ORDER = 1u << 3,
    /** + - * / % max min. */
    LOGIC_KIND_ARITHMETIC = 1u << 4,
    /** and, or: operands evaluated one after the other until one decides. */
    LOGIC_KIND_CONNECTIVE = 1u << 5,
    /** !, !!. */
    LOGIC_KIND_NEGATION = 1u << 6,
    /** if: conditions evaluated until one holds, then only its branch. */
    LOGIC_KIND_CONDITION = 1u << 7,
    /** map, filter, reduce: argument 1 is a body evaluated for each element of argument 0. */
    LOGIC_KIND_ITERATION = 1u << 8,
    /** all, some, none: an iteration whose value is a boolean. */
    LOGIC_KIND_QUANTIFIER = 1u << 9,
    /** in. */
    LOGIC_KIND_MEMBERSHIP = 1u << 10,
};
/** Comparisons: equality and order. */
#define LOGIC_KIND_COMPARISON (LOGIC_KIND_EQUALITY | LOGIC_KIND_ORDER)
/** Operators whose argument 1 is evaluated once per element, seeing the element. */
#define LOGIC_KIND_BODY (LOGIC_KIND_ITERATION | LOGIC_KIND_QUANTIFIER)
/** The conditions an explanation names (logic_leaf): their value is a boolean of operands. */
#define LOGIC_KIND_LEAF                                                                            \
    (LOGIC_KIND_COMPARISON | LOGIC_KIND_MEMBERSHIP | LOGIC_KIND_NEGATION | LOGIC_KIND_QUANTIFIER | \
     LOGIC_KIND_NAMES_FIELDS)

/** What lint and rule_text know of an operator (checklist/logic_operators.h, one row each). */
typedef struct logic_operator_info {
    /** The name as written (an alias's own name). */
    const char *name;
    /** The arguments JSON Logic reads: fewer do not fail, more are silently ignored
     *  (uses_max SIZE_MAX: no limit). */
    size_t uses_min, uses_max;
    /** LOGIC_KIND_* flags. */
    unsigned kind;
    /** The word rule_text shows between its operands ("is", ">="), or NULL. */
    const char *text;
} logic_operator_info;

/** The operator named op, or NULL when the engine knows none of that name. Static data. */
const logic_operator_info *logic_operator(const char *op);

/** True when op is an operator the engine knows (for lint and docs). */
bool logic_is_operator(const char *op);

/* Evaluation limits (docs/robustness.md, "Evaluation limits"). One evaluation of a rule that
 * goes past any of them stops, and its result is a VALUE_ERROR with VALUE_FLAG_LIMIT whose
 * as.string is the LOGIC_LIMIT_* text naming the limit (NUL-terminated, static). Whatever the rule
 * does with that error (`try`, `??`, an `or` that would have been true later), the rule's result
 * is that error: a checklist requirement is invalid, `ddcheck logic` refuses to print a result. */
/** Operations (one per operator applied, element visited or value counted) in one evaluation. */
#define LOGIC_MAX_STEPS 1000000
/** Bytes of one string a rule builds (`cat`, a value turned into a string). */
#define LOGIC_MAX_STRING ((size_t)1 << 20)
/** Values in one array a rule builds, counted through nested arrays and objects. */
#define LOGIC_MAX_VALUES 1000000
/** Bytes of strings and arrays one evaluation builds, all together. */
#define LOGIC_MAX_BUILT ((size_t)32 << 20)
#define LOGIC_LIMIT_STEPS "evaluation limit: more than 1,000,000 operations"
#define LOGIC_LIMIT_STRING "evaluation limit: a string longer than 1 MiB"
#define LOGIC_LIMIT_VALUES "evaluation limit: an array of more than 1,000,000 values"
#define LOGIC_LIMIT_BUILT "evaluation limit: more than 32 MiB built"

/** Whether v is the error of an evaluation limit (see LOGIC_MAX_STEPS). */
static inline bool logic_is_limit(const value *v)
{
    return v->kind == VALUE_ERROR && (v->flags & VALUE_FLAG_LIMIT);
}

/** The deepest rule nesting accepted by logic_compile (deeper is a diagnostic, not a crash). */
#define LOGIC_MAX_DEPTH 256

#endif
