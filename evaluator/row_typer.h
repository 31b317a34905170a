/* Typing a row: which column of a file holds which field (from its header), and each cell of a
 * record typed per its field. The first half of evaluating a row, kept apart so that a reader
 * thread can do it while the calling thread scores the rows before (batch.c). */
#ifndef DDCHECK_ROW_TYPER_H
#define DDCHECK_ROW_TYPER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "checklist/checklist.h"
#include "checklist/logic.h"
#include "evaluator/cell.h"
#include "evaluator/csv_reader.h"

/** What one column of a header is. */
typedef enum {
    COLUMN_FIELD,       /* holds a field (the first column with its name) */
    COLUMN_NO_NAME,     /* an empty name: ignored */
    COLUMN_NOT_A_FIELD, /* a name the checklist does not declare: ignored */
    COLUMN_REPEATED,    /* a field's name again: ignored */
} column_kind;

typedef struct row_typer row_typer;

/** A row typer for one checklist (which must outlive it). Free with row_typer_free(). */
row_typer *row_typer_new(const checklist *cl);
/** Frees a row typer; NULL is a no-op. */
void row_typer_free(row_typer *t);

/** How loosely a header name is compared with a field's name, byte by byte (ASCII letters in
 *  either case are the same; some separators are skipped). The two differ on purpose:
 *  - NAME_LOOSE_COLUMN takes a column for a field: names that differ only in case, spaces or
 *    underscores ("Gender Budget USD"), as the warning and README say. Its cells are then read
 *    as the field, so it stays that narrow: a hyphen or a tab inside a name makes another name.
 *  - NAME_LOOSE_HINT finds the column a "did you mean …?" names for a field without one: it
 *    also skips hyphens and tabs ("sep-cost" for sep_cost), since a hint only points. */
typedef enum { NAME_LOOSE_COLUMN, NAME_LOOSE_HINT } name_looseness;

/** Whether byte c of a name is skipped when names are compared with looseness l. */
static inline bool name_byte_skipped(unsigned char c, name_looseness l)
{
    return c == ' ' || c == '_' || (l == NAME_LOOSE_HINT && (c == '-' || c == '\t'));
}

/** Byte c of a name as names are compared: ASCII letters in lower case. */
static inline unsigned char name_byte_folded(unsigned char c)
{
    return (unsigned)(c - 'A') < 26u ? (unsigned char)(c | 0x20) : c;
}

/** A header cell's column name: trimmed of spaces and tabs (as the mapping compares it). */
void row_typer_column_name(const csv_cell *cell, const char **name, size_t *len);

/** Maps a file's header to fields: names are trimmed of spaces and tabs and compared exactly;
 *  then a field left without a column takes the first column not otherwise used whose name is
 *  the field's ignoring case, spaces and underscores ("Gender_Budget_USD"). */
void row_typer_set_header(row_typer *t, const csv_record *header);
/** Column c (0-based) of the last header: its kind, and *slot its field when it names one
 *  (COLUMN_FIELD, COLUMN_REPEATED). */
column_kind row_typer_column(const row_typer *t, size_t c, size_t *slot);
/** Whether column c (a COLUMN_FIELD) was taken for its field only ignoring case, spaces and
 *  underscores. */
bool row_typer_column_loose(const row_typer *t, size_t c);
/** The column holding field slot, or SIZE_MAX when the header has none. */
size_t row_typer_column_of(const row_typer *t, size_t slot);
/** The number of columns of the last header. */
size_t row_typer_column_count(const row_typer *t);

/** One row's typed cells by field slot (each array holds the checklist's field_count). */
typedef struct typed_row {
    typed_cell *cells;
    value *values;        /* by slot, the cells' typed values: the rule engine's slots */
    logic_set *sets;      /* list cells of fields with declared values, as sets */
    size_t invalid_cells; /* how many cells are CELL_INVALID */
} typed_row;

/** Allocates the arrays of a typed row for cl; free with typed_row_free(). */
typed_row typed_row_new(const checklist *cl);
void typed_row_free(typed_row *row);

/** Types the cells of a data record of the current file into row; lists and problem texts are
 *  allocated in a, values point into the record's bytes: row is valid as long as both are. */
void row_typer_type(const row_typer *t, const csv_record *record, arena *a, typed_row *row);

/** Types a row given by field slot: cells[slot] is the cell text (NUL-terminated) or NULL for a
 *  missing column; every cell is on `line`, in column slot + 1. */
void row_type_cells(const checklist *cl, const char *const *cells, long line, arena *a,
                    typed_row *row);

#endif
