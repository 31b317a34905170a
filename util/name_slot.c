// The sort order of name tables.
#include "name_slot.h"

#include <string.h>

int name_slot_compare(const void *a, const void *b)
{
    const name_slot *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}
