/* Values of the JSON Logic engine and of typed CSV cells: JSON plus "unknown" and "error". */
#ifndef DDCHECK_VALUE_H
#define DDCHECK_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/arena.h"

typedef enum {
    VALUE_NULL,
    VALUE_BOOL,
    VALUE_NUMBER,
    VALUE_STRING,
    VALUE_ARRAY,
    VALUE_OBJECT,
    /** Three-valued logic: evidence is absent (or, with VALUE_FLAG_INVALID, failed its type). */
    VALUE_UNKNOWN,
    /** A thrown error (JSON Logic `throw`, `NaN`, `Invalid Arguments`); as.string is its type. */
    VALUE_ERROR,
} value_kind;

/** On VALUE_UNKNOWN: an invalid cell (not an empty one) made it unknown. */
#define VALUE_FLAG_INVALID 1u
/** On VALUE_ERROR: not an error the rule raised but an evaluation limit it reached (logic.h's
 *  LOGIC_MAX_*); as.string says which. `try` does not catch it. */
#define VALUE_FLAG_LIMIT 2u
/* On VALUE_ARRAY, flags is 0 or, for an array the rule engine built, how many values it holds
 * counted through nested arrays and objects, itself included (at most LOGIC_MAX_VALUES + 1):
 * values may share items, so that count is what printing one would cost, not what it takes. */

typedef struct value value;
typedef struct value_member value_member;

/** A value. Strings are (pointer, length), not necessarily NUL-terminated, and may contain NUL.
 *  Values never own memory: what they point at lives in an arena, a compiled rule or a row. */
struct value {
    value_kind kind;
    unsigned flags;
    union {
        bool boolean;
        double number;
        struct {
            const char *ptr;
            size_t len;
        } string;
        struct {
            const value *items;
            size_t count;
        } array;
        struct {
            const value_member *members;
            size_t count;
        } object;
    } as;
};

/** One key of an object value, in document order. */
struct value_member {
    const char *key;
    size_t key_len;
    value value;
};

/* The constructors set every field, word by word (or copy a constant): GCC builds a compound
 * literal of this union on the stack with byte-sized stores and reads it back with wider loads,
 * which stall on store-to-load forwarding in every hot path that makes a value. */
static inline value value_words(value_kind kind, unsigned flags, const void *ptr, size_t len)
{
    // kind and flags are put together as one word first: two 4-byte stores of them (GCC's way
    // when flags is not a constant) cannot be forwarded to the 8- or 16-byte load that reads
    // the value next.
    struct {
        value_kind kind;
        unsigned flags;
    } head = {kind, flags};
    _Static_assert(sizeof head == 8 && offsetof(value, as) == 8, "kind and flags make a word");
    uint64_t word;
    memcpy(&word, &head, sizeof word);
    value v;
    memcpy(&v, &word, sizeof word);
    v.as.string.ptr = (const char *)ptr;
    v.as.string.len = len;
    return v;
}
static inline value value_null(void)
{
    return value_words(VALUE_NULL, 0, NULL, 0);
}
static inline value value_bool(bool b)
{
    static const value both[2] = {{.kind = VALUE_BOOL, .as.boolean = false},
                                  {.kind = VALUE_BOOL, .as.boolean = true}};
    return both[b];
}
static inline value value_number(double n)
{
    value v = value_words(VALUE_NUMBER, 0, NULL, 0);
    v.as.number = n;
    return v;
}
static inline value value_string(const char *s, size_t len)
{
    return value_words(VALUE_STRING, 0, s, len);
}
static inline value value_unknown(bool invalid)
{
    return value_words(VALUE_UNKNOWN, invalid ? VALUE_FLAG_INVALID : 0u, NULL, 0);
}
static inline value value_array(const value *items, size_t count)
{
    value v = value_words(VALUE_ARRAY, 0, NULL, 0);
    v.as.array.items = items;
    v.as.array.count = count;
    return v;
}

/** JSON Logic truthiness (jsonlogic.com/truthy): false for 0, NaN, "", [], null, false.
 *  Undefined for VALUE_UNKNOWN and VALUE_ERROR (callers handle those first); returns false. */
static inline bool value_truthy(const value *v)
{
    // Inline: every rule's result and every and/or operand goes through here.
    switch (v->kind) {
    case VALUE_BOOL:
        return v->as.boolean;
    case VALUE_NUMBER:
        return v->as.number != 0 && v->as.number == v->as.number; // NaN is false
    case VALUE_STRING:
        return v->as.string.len > 0;
    case VALUE_ARRAY:
        return v->as.array.count > 0;
    case VALUE_OBJECT:
        return true;
    case VALUE_NULL:
    case VALUE_UNKNOWN:
    case VALUE_ERROR:
        break;
    }
    return false;
}

/** A deep copy of a cJSON document as a value; memory from the arena. */
value value_from_cjson(const cJSON *json, arena *a);

/** A new cJSON tree for v (unknown becomes null, error becomes {"error": type}); the caller frees
 *  it with cJSON_Delete(). Numbers that are whole and fit print without a decimal point. */
cJSON *value_to_cjson(const value *v);

/** How deep a value is walked by value_from_cjson, value_to_cjson and value_equal: deeper parts
 *  become null (from and to cJSON) or compare unequal. */
#define VALUE_DEEPEST 2000
#define VALUE_DEEPEST_TEXT "2,000"

/** Whether v is nested deeper than VALUE_DEEPEST, so that value_to_cjson would print null for
 *  its deepest parts and value_equal would find it unequal even to itself (a rule can build such
 *  a value: a reduce that wraps its accumulator at each item). */
bool value_too_deep(const value *v);

/** Deep equality of JSON values, as used by tests: numbers by value, objects by their members in
 *  any order (a repeated key as many times in each, so every value equals itself). */
bool value_equal(const value *a, const value *b);

#endif
