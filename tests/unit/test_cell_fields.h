/* Fields made by hand and typed values compared, for the cell typing tests (test_cell.c,
 * test_cell_row.c). Include after test_main.h. */
#ifndef DDCHECK_TEST_CELL_FIELDS_H
#define DDCHECK_TEST_CELL_FIELDS_H

#include "checklist/checklist.h"
#include "checklist/value.h"

#include <stdbool.h>
#include <string.h>

/** A field of a type, named "f". */
static inline checklist_field field(field_type type)
{
    static char name[] = "f";
    checklist_field f = {.name = name, .label = name, .type = type};
    return f;
}

/** A field of a type with declared values, indexed for typing (drop with
 *  checklist_field_drop_index). */
static inline checklist_field field_of_values(field_type type, char **values, size_t count)
{
    checklist_field f = field(type);
    f.values = values;
    f.value_count = count;
    checklist_field_index_values(&f);
    return f;
}

/** Whether two values are the same: kind, flags, and what they hold (strings by pointer and
 *  length, arrays item by item). */
static inline bool same_value(const value *x, const value *y)
{
    if (x->kind != y->kind || x->flags != y->flags)
        return false;
    switch (x->kind) {
    case VALUE_BOOL:
        return x->as.boolean == y->as.boolean;
    case VALUE_NUMBER:
        return memcmp(&x->as.number, &y->as.number, sizeof(double)) == 0;
    case VALUE_STRING:
        return x->as.string.ptr == y->as.string.ptr && x->as.string.len == y->as.string.len;
    case VALUE_ARRAY:
        if (x->as.array.count != y->as.array.count)
            return false;
        for (size_t i = 0; i < x->as.array.count; i++)
            if (!same_value(&x->as.array.items[i], &y->as.array.items[i]))
                return false;
        return true;
    default:
        return true;
    }
}

#endif
