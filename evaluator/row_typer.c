// Column mapping and cell typing of a row: the part of evaluating a row that needs no rules.
#include "row_typer.h"

#include "util/xalloc.h"

#include <stdint.h>
#include <string.h>

#define NO_SLOT SIZE_MAX

// What one header column is, and the field it names (NO_SLOT when none).
typedef struct header_column {
    column_kind kind;
    size_t slot;
    bool loose; // a COLUMN_FIELD whose name matched only ignoring case, spaces and underscores
} header_column;

struct row_typer {
    const checklist *cl;
    // The column mapping of the current file.
    header_column *columns;
    size_t column_count;
    size_t column_cap;
    size_t *column_of_slot; // NO_SLOT for a field with no column
    cell_plan *plan;        // the fields grouped by type, for cell_type_cells
};

row_typer *row_typer_new(const checklist *cl)
{
    row_typer *t = xcalloc(1, sizeof(row_typer));
    t->cl = cl;
    t->column_of_slot = xcalloc(cl->field_count + 1, sizeof(size_t));
    for (size_t i = 0; i < cl->field_count; i++)
        t->column_of_slot[i] = NO_SLOT;
    t->plan = cell_plan_new(cl->fields, cl->field_count);
    return t;
}

void row_typer_free(row_typer *t)
{
    if (!t)
        return;
    free(t->columns);
    free(t->column_of_slot);
    cell_plan_free(t->plan);
    free(t);
}

void row_typer_column_name(const csv_cell *cell, const char **name, size_t *len)
{
    const char *n = cell->ptr;
    size_t l = cell->len;
    while (l && (n[l - 1] == ' ' || n[l - 1] == '\t'))
        l--;
    while (l && (*n == ' ' || *n == '\t')) {
        n++;
        l--;
    }
    *name = n;
    *len = l;
}

// Whether a header name and a field name are the same ignoring case, spaces and underscores
// ("Gender Budget USD" and "gender_budget_usd"): NAME_LOOSE_COLUMN, narrower than the hint's
// fold_name in evaluate.c (row_typer.h says why).
static bool same_loosely(const char *a, size_t alen, const char *b)
{
    size_t i = 0;
    for (;; b++) {
        while (i < alen && name_byte_skipped((unsigned char)a[i], NAME_LOOSE_COLUMN))
            i++;
        while (name_byte_skipped((unsigned char)*b, NAME_LOOSE_COLUMN))
            b++;
        if (i == alen || !*b)
            return i == alen && !*b;
        if (name_byte_folded((unsigned char)a[i]) != name_byte_folded((unsigned char)*b))
            return false;
        i++;
    }
}

void row_typer_set_header(row_typer *t, const csv_record *header)
{
    const checklist *cl = t->cl;
    xgrow((void **)&t->columns, &t->column_cap, header->count + 1, sizeof(header_column));
    t->column_count = header->count;
    for (size_t i = 0; i < cl->field_count; i++)
        t->column_of_slot[i] = NO_SLOT;
    for (size_t c = 0; c < header->count; c++) {
        const char *name;
        size_t len;
        row_typer_column_name(&header->cells[c], &name, &len);
        size_t slot = NO_SLOT; // (by the checklist's sorted table: 20,000 columns took 50 s)
        if (len && !checklist_field_index_n(cl, name, len, &slot))
            slot = NO_SLOT;
        header_column *col = &t->columns[c];
        col->slot = slot;
        col->loose = false;
        if (len == 0)
            col->kind = COLUMN_NO_NAME;
        else if (slot == NO_SLOT)
            col->kind = COLUMN_NOT_A_FIELD;
        else if (t->column_of_slot[slot] != NO_SLOT)
            col->kind = COLUMN_REPEATED;
        else {
            col->kind = COLUMN_FIELD;
            t->column_of_slot[slot] = c;
        }
    }
    // A field with no column of its exact name takes the first column that names it loosely.
    for (size_t i = 0; i < cl->field_count; i++) {
        if (t->column_of_slot[i] != NO_SLOT)
            continue;
        for (size_t c = 0; c < header->count; c++) {
            header_column *col = &t->columns[c];
            const char *name;
            size_t len;
            if (col->kind != COLUMN_NOT_A_FIELD)
                continue;
            row_typer_column_name(&header->cells[c], &name, &len);
            if (same_loosely(name, len, cl->fields[i].name)) {
                *col = (header_column){COLUMN_FIELD, i, true};
                t->column_of_slot[i] = c;
                break;
            }
        }
    }
    cell_plan_set_columns(t->plan, t->column_of_slot);
}

bool row_typer_column_loose(const row_typer *t, size_t c)
{
    return t->columns[c].loose;
}

column_kind row_typer_column(const row_typer *t, size_t c, size_t *slot)
{
    *slot = t->columns[c].slot;
    return t->columns[c].kind;
}

size_t row_typer_column_of(const row_typer *t, size_t slot)
{
    return t->column_of_slot[slot];
}

size_t row_typer_column_count(const row_typer *t)
{
    return t->column_count;
}

typed_row typed_row_new(const checklist *cl)
{
    return (typed_row){
        .cells = xcalloc(cl->field_count + 1, sizeof(typed_cell)),
        .values = xcalloc(cl->field_count + 1, sizeof(value)),
        .sets = xcalloc(cl->field_count + 1, sizeof(logic_set)),
    };
}

void typed_row_free(typed_row *row)
{
    free(row->cells);
    free(row->values);
    free(row->sets);
    *row = (typed_row){0};
}

static void set_cell(const checklist *cl, typed_row *row, size_t slot, const char *raw, size_t len,
                     long line, size_t column, arena *a)
{
    typed_cell *c = &row->cells[slot];
    const checklist_field *f = &cl->fields[slot];
    // cell_type fills the set of a list field only: other slots keep typed_row_new's zero set.
    cell_type(f, raw, len, a, c, &row->values[slot], &row->sets[slot]);
    c->line = line;
    c->column = column;
    row->invalid_cells += c->state == CELL_INVALID;
}

void row_typer_type(const row_typer *t, const csv_record *record, arena *a, typed_row *row)
{
    row->invalid_cells = cell_type_cells(t->plan, record->cells, record->count, a, row->cells,
                                         row->values, row->sets);
}

void row_type_cells(const checklist *cl, const char *const *cells, long line, arena *a,
                    typed_row *row)
{
    row->invalid_cells = 0;
    for (size_t s = 0; s < cl->field_count; s++) {
        if (cells[s])
            set_cell(cl, row, s, cells[s], strlen(cells[s]), line, s + 1, a);
        else
            cell_set_absent(&row->cells[s], &row->values[s], &row->sets[s]);
    }
}
