/* A name and the index it names, for tables sorted by name: the checklist's field and
 * requirement lookups, lint's field table and the strict reader's duplicate-member search. */
#ifndef DDCHECK_NAME_SLOT_H
#define DDCHECK_NAME_SLOT_H

#include <stddef.h>

/** A name and the index it names, in a table sorted by name (strcmp). */
typedef struct name_slot {
    const char *name;
    size_t index;
} name_slot;

/** qsort/bsearch order of name_slot: by name (strcmp), then by index. */
int name_slot_compare(const void *a, const void *b);

#endif
