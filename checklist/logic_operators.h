/* The JSON Logic operators, one row each: what the compiler (logic_compile.c), the evaluator
 * (logic_eval.c), lint (lint.c) and rule_text.c know of an operator is this row or derived
 * from it. Adding an operator is a row here, its general operation in logic_eval.c and, when it
 * compiles to anything but its general operation, a line in logic_select.
 *
 * LOGIC_OPERATOR(NAME, OP, ARGS, MIN, MAX, USES_MIN, USES_MAX, KIND, TEXT, GENERAL)
 *   NAME      the operator as written.
 *   OP        its logic_op, OP_ followed by this (the enum is made from these rows).
 *   ARGS      how a single argument that is not an array is read: SINGLE (it is the one
 *             argument), SPREAD (when it is an operation, its array result is the list), STRICT
 *             (an array is needed, else "Invalid Arguments").
 *   MIN, MAX  the arguments accepted when they are an array: fewer or more are invalid arguments
 *             (plain JSON Logic throws, a checklist rule gets a diagnostic). MAX -1: no limit.
 *   USES_MIN, USES_MAX  the arguments JSON Logic reads: lint reports fewer (JSON Logic would not
 *             fail) and more (JSON Logic would silently ignore them). 0, -1: lint does not count.
 *   KIND      LOGIC_KIND_* flags: the operator's family, what its arguments are and how lint,
 *             the compiler and explanations treat it.
 *   TEXT      how rule_text shows it between its operands ("is", ">="), or NULL.
 *   GENERAL   its general operation in logic_eval.c (the walker's, the reference).
 *
 * LOGIC_ALIAS(NAME, OP): another name of the same operator ("?:" is "if"). */

/* clang-format off */
#define LOGIC_OPERATORS(LOGIC_OPERATOR, LOGIC_ALIAS)                                               \
    LOGIC_OPERATOR("var", VAR, SINGLE, 0, -1, 0, 2, LOGIC_KIND_FIELD, NULL, op_var)                \
    LOGIC_OPERATOR("val", VAL, SINGLE, 0, -1, 0, -1, LOGIC_KIND_FIELD, NULL, op_val)               \
    LOGIC_OPERATOR("exists", EXISTS, SINGLE, 0, -1, 0, -1, LOGIC_KIND_FIELD, NULL, op_exists)      \
    LOGIC_OPERATOR("missing", MISSING, SPREAD, 0, -1, 0, -1,                                       \
                   LOGIC_KIND_NAMES_FIELDS, NULL, op_missing)                                      \
    LOGIC_OPERATOR("missing_some", MISSING_SOME, SPREAD, 2, 2, 0, -1,                              \
                   LOGIC_KIND_NAMES_FIELDS, NULL, op_missing)                                      \
    LOGIC_OPERATOR("if", IF, STRICT, 0, -1, 1, -1, LOGIC_KIND_CONDITION, NULL, op_if)              \
    LOGIC_ALIAS("?:", IF)                                                                          \
    LOGIC_OPERATOR("==", EQ, STRICT, 2, -1, 2, 2, LOGIC_KIND_EQUALITY, "is", op_compare)           \
    LOGIC_OPERATOR("===", SEQ, STRICT, 2, -1, 2, 2, LOGIC_KIND_EQUALITY, "is", op_compare)         \
    LOGIC_OPERATOR("!=", NE, STRICT, 2, -1, 2, 2, LOGIC_KIND_EQUALITY, "is not", op_compare)       \
    LOGIC_OPERATOR("!==", SNE, STRICT, 2, -1, 2, 2, LOGIC_KIND_EQUALITY, "is not", op_compare)     \
    LOGIC_OPERATOR("!", NOT, SINGLE, 0, -1, 1, 1, LOGIC_KIND_NEGATION, NULL, op_not)               \
    LOGIC_OPERATOR("!!", NOTNOT, SINGLE, 0, -1, 1, 1, LOGIC_KIND_NEGATION, NULL, op_not)           \
    LOGIC_OPERATOR("or", OR, STRICT, 0, -1, 1, -1, LOGIC_KIND_CONNECTIVE, NULL, op_andor)          \
    LOGIC_OPERATOR("and", AND, STRICT, 0, -1, 1, -1, LOGIC_KIND_CONNECTIVE, NULL, op_andor)        \
    LOGIC_OPERATOR(">", GT, STRICT, 2, -1, 2, 2, LOGIC_KIND_ORDER, ">", op_compare)                \
    LOGIC_OPERATOR(">=", GE, STRICT, 2, -1, 2, 2, LOGIC_KIND_ORDER, ">=", op_compare)              \
    LOGIC_OPERATOR("<", LT, STRICT, 2, -1, 2, 3, LOGIC_KIND_ORDER, "<", op_compare)                \
    LOGIC_OPERATOR("<=", LE, STRICT, 2, -1, 2, 3, LOGIC_KIND_ORDER, "<=", op_compare)              \
    LOGIC_OPERATOR("max", MAX, SPREAD, 0, -1, 0, -1, LOGIC_KIND_ARITHMETIC, NULL, op_arith)        \
    LOGIC_OPERATOR("min", MIN, SPREAD, 0, -1, 0, -1, LOGIC_KIND_ARITHMETIC, NULL, op_arith)        \
    LOGIC_OPERATOR("+", ADD, SPREAD, 0, -1, 0, -1, LOGIC_KIND_ARITHMETIC, "+", op_arith)           \
    LOGIC_OPERATOR("-", SUB, SPREAD, 1, -1, 1, 2, LOGIC_KIND_ARITHMETIC, "-", op_arith)            \
    LOGIC_OPERATOR("*", MUL, SPREAD, 0, -1, 0, -1, LOGIC_KIND_ARITHMETIC, "*", op_arith)           \
    LOGIC_OPERATOR("/", DIV, SPREAD, 1, -1, 1, 2, LOGIC_KIND_ARITHMETIC, "/", op_arith)            \
    LOGIC_OPERATOR("%", MOD, SPREAD, 2, -1, 2, 2, LOGIC_KIND_ARITHMETIC, "%", op_arith)            \
    LOGIC_OPERATOR("map", MAP, STRICT, 2, 2, 0, -1, LOGIC_KIND_ITERATION, NULL, op_iterate)        \
    LOGIC_OPERATOR("filter", FILTER, STRICT, 2, 2, 0, -1, LOGIC_KIND_ITERATION, NULL, op_iterate)  \
    LOGIC_OPERATOR("reduce", REDUCE, STRICT, 2, 3, 0, -1, LOGIC_KIND_ITERATION, NULL, op_iterate)  \
    LOGIC_OPERATOR("all", ALL, STRICT, 2, 2, 0, -1, LOGIC_KIND_QUANTIFIER, NULL, op_iterate)       \
    LOGIC_OPERATOR("none", NONE, STRICT, 2, 2, 0, -1, LOGIC_KIND_QUANTIFIER, NULL, op_iterate)     \
    LOGIC_OPERATOR("some", SOME, STRICT, 2, 2, 0, -1, LOGIC_KIND_QUANTIFIER, NULL, op_iterate)     \
    LOGIC_OPERATOR("merge", MERGE, SPREAD, 0, -1, 0, -1, 0, NULL, op_merge)                        \
    LOGIC_OPERATOR("in", IN, SPREAD, 0, -1, 2, 2, LOGIC_KIND_MEMBERSHIP, "in", op_in)              \
    LOGIC_OPERATOR("cat", CAT, SPREAD, 0, -1, 0, -1, 0, NULL, op_cat)                              \
    LOGIC_OPERATOR("substr", SUBSTR, SPREAD, 0, -1, 2, 3, 0, NULL, op_substr)                      \
    LOGIC_OPERATOR("log", LOG, SINGLE, 0, -1, 0, -1, 0, NULL, op_log)                              \
    LOGIC_OPERATOR("??", COALESCE, SINGLE, 0, -1, 0, -1, 0, NULL, op_coalesce)                     \
    LOGIC_OPERATOR("try", TRY, SINGLE, 0, -1, 0, -1, 0, NULL, op_try)                              \
    LOGIC_OPERATOR("throw", THROW, SINGLE, 1, 1, 0, -1, 0, NULL, op_throw)                         \
    LOGIC_ALIAS("preserve", CONST)
/* clang-format on */
