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

/** Why an invalid cell does not fit its field, as a kind: the words are made only where they are
 *  shown (cell_problem_text), from the kind, the field (its bounds and allowed values) and the
 *  cell's own text (the list item named). Most invalid cells are only counted or never shown. */
typedef enum {
    CELL_FITS,               /* the cell is not CELL_INVALID */
    CELL_NOT_YES_NO,         /* a boolean cell that is none of the yes/no spellings */
    CELL_NOT_A_NUMBER,       /* not a number (a number field) */
    CELL_NOT_A_WHOLE_NUMBER, /* an integer field: not a number, or one with a fraction or '.' */
    CELL_TOO_LARGE_TO_COUNT, /* an integer field: 2^53 or more in size, not held exactly */
    CELL_NOT_A_PERCENTAGE,   /* a percent field: not a number */
    CELL_DECIMAL_COMMA,      /* not a number, and it has a ',' (decimal comma, thousands) */
    CELL_PERCENTAGE_RANGE,   /* a percentage below 0 or above 100 */
    CELL_BELOW_MINIMUM,      /* below the field's min */
    CELL_ABOVE_MAXIMUM,      /* above the field's max */
    CELL_NOT_ALLOWED,        /* an enum cell, or a list item, that is none of the field's values */
    CELL_NOT_A_DATE,         /* not a YYYY-MM-DD date that exists */
    CELL_UNKNOWN_TYPE,       /* a field of no type cell_type knows */
} cell_problem;

/** A typed cell. `raw` points at the cell's bytes as read (valid for the row); `problem` says
 *  why an invalid cell does not fit (cell_problem_text puts it in words). */
typedef struct typed_cell {
    cell_state state;
    cell_problem problem; /* CELL_FITS unless state is CELL_INVALID */
    const char *raw;
    size_t raw_len;
    long line;     /* 1-based line the cell starts on; 0 when the column is missing */
    size_t column; /* 1-based cell number in its record; 0 when the column is missing */
} typed_cell;

/** Types raw[0..len) as a value of field f: *out gets its state, raw, raw_len and problem (line
 *  and column are left to the caller), *v the value the rules read (VALUE_UNKNOWN, flagged
 *  invalid when CELL_INVALID, unless present; kept apart from the cell so that a row's values
 *  are one array for the rule engine). Lists are allocated in `a`; enum and list items are the
 *  field's declared spellings. Never fails: an unfit cell is CELL_INVALID with a problem
 *  kind; no text is made for it here.
 *  For a list field, *set receives what the rule engine tests: a present cell's items as a set
 *  of the field's values when it has at most LOGIC_SET_MAX of them (valid only then), else
 *  zero. For other fields *set is not touched. */
void cell_type(const checklist_field *f, const char *raw, size_t len, arena *a, typed_cell *out,
               value *v, logic_set *set);

typedef struct csv_cell csv_cell;

/** A checklist's field slots grouped by type, for cell_type_cells: each group is typed in a loop of
 *  its own, its typing inline, so that no cell pays a dispatch on its field's type; with what
 *  the loops read made once (a list field's values padded, a number field's bounds). The fields
 *  (n of them) must outlive it. It has no columns until cell_plan_set_columns. Free with
 *  cell_plan_free(). */
typedef struct cell_plan cell_plan;
cell_plan *cell_plan_new(const checklist_field *fields, size_t n);
/** Sets the plan's columns from a header: field slot s's cell is cells[column_of_slot[s]] of
 *  each record (SIZE_MAX: no column, its cell always missing). */
void cell_plan_set_columns(cell_plan *plan, const size_t *column_of_slot);
/** Frees a plan; NULL is a no-op. */
void cell_plan_free(cell_plan *plan);

/** Types the cells of a record, as cell_type would each: field slot s (of the plan's fields) from
 *  its column's cell (cell_plan_set_columns) when below count, else missing (absent, raw "",
 *  line and column 0, a zero set), into typed[s], values[s] and sets[s] (the set of a present
 *  cell only when a list's, as cell_type), with the cell's line and 1-based column. Each cell
 *  is read up to and including ptr[len], the NUL that csv_cell promises. Returns how many are
 *  CELL_INVALID. */
size_t cell_type_cells(const cell_plan *plan, const csv_cell *cells, size_t count, arena *a,
                       typed_cell *typed, value *values, logic_set *sets);

/** A field the submission has no column for: its cell absent (no raw text), its value unknown,
 *  no set. */
static inline void cell_set_absent(typed_cell *c, value *v, logic_set *set)
{
    *c = (typed_cell){.state = CELL_ABSENT, .raw = ""};
    *v = value_unknown(false);
    *set = (logic_set){0};
}

/** Room cell_problem_text needs, NUL included. */
#define CELL_PROBLEM_SIZE 320

/** Why cell c of field f (CELL_INVALID, typed by cell_type with f) does not fit, in the words that
 *  follow the cell's text ("\"12k\" is …"), into buf, NUL-terminated; returns the length:
 *    not a number; above the maximum 100; not a calendar date in the form YYYY-MM-DD
 *    not one of the allowed values (mining, oil_gas)
 *    not a list of allowed values: "children" is not one (women, men, youth, …)
 *  The allowed values are cut at about 100 bytes with "…" (`ddcheck docs` lists them all); a
 *  list item is named unless it is the whole cell, and found again in c->raw, which must still
 *  hold the cell's bytes. A cell without a problem gives "does not fit its type". */
size_t cell_problem_text(const checklist_field *f, const typed_cell *c,
                         char buf[CELL_PROBLEM_SIZE]);

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
