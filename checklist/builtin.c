// Lookup of the checklists embedded at build time.
#include "builtin.h"

#include <string.h>

const builtin_checklist *builtin_find(const char *id)
{
    for (size_t i = 0; i < builtin_checklist_count; i++)
        if (strcmp(builtin_checklists[i].id, id) == 0)
            return &builtin_checklists[i];
    return NULL;
}
