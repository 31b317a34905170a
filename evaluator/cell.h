/* Typing of CSV cells per their field declaration (DESIGN.md "Field types"). */
#ifndef DDCHECK_CELL_H
#define DDCHECK_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "checklist/checklist.h"
#include "checklist/logic.h"
#include "checklist/value.h"

typedef enum {
    CELL_PRESENT,
    CELL_ABSENT,  /* empty (or only spaces), or no such column */
    CELL_INVALID, /* does not fit the field's type */
} cell_state;

/** A typed cell. `raw` points at the cell's bytes as read (valid for the row); `problem` says
 *  why an invalid cell does not fit ("not a number", "above the maximum 100"), static or arena. */
typedef struct typed_cell {
    cell_state state;
    const char *raw;
    size_t raw_len;
    const char *problem;
    long line;     /* 1-based line the cell starts on; 0 when the column is missing */
    size_t column; /* 1-based cell number in its record; 0 when the column is missing */
} typed_cell;

/** Types raw[0..len) as a value of field f: *out gets its state, raw, raw_len and problem (line
 *  and column are left to the caller), *v the value the rules read (VALUE_UNKNOWN, flagged
 *  invalid when CELL_INVALID, unless present; kept apart from the cell so that a row's values
 *  are one array for the rule engine). Lists are allocated in `a`; enum and list items are the
 *  field's declared spellings. Never fails: an unfit cell is CELL_INVALID with a problem.
 *  For a list field, *set receives what the rule engine tests: a present cell's items as a set
 *  of the field's values when it has at most LOGIC_SET_MAX of them (valid only then), else
 *  zero. For other fields *set is not touched. */
void cell_type(const checklist_field *f, const char *raw, size_t len, arena *a, typed_cell *out,
               value *v, logic_set *set);

/** Parses a whole decimal number ("-12.5", "1e3"; no hex, no separators, no inf/nan); returns
 *  false when text is not one or is out of range. */
bool cell_parse_number(const char *text, size_t len, double *out);

/** The fast path of cell_parse_number: [+-]digits[.digits] with at most 15 digits, parsed
 *  without strtod and exactly as strtod would. Returns false for anything else (exponents,
 *  more digits, other characters), which cell_parse_number then hands to strtod. */
bool cell_parse_decimal_fast(const char *text, size_t len, double *out);

/** Whether s[0..len) is an ISO 8601 calendar date YYYY-MM-DD that exists (2024-02-29 is one,
 *  2025-02-29 is not): the `date` cell type and the waiver file's dates. */
bool cell_is_date(const char *s, size_t len);

#endif
