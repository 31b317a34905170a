/* The checklists compiled into the binary (checklist/NAME.json, embedded at build time). */
#ifndef DDCHECK_BUILTIN_H
#define DDCHECK_BUILTIN_H

#include <stddef.h>

/** One embedded checklist: its id (the file name without .json) and its JSON text. */
typedef struct builtin_checklist {
    const char *id;
    const char *json;
    size_t size;
} builtin_checklist;

/** The embedded checklists in id order, ended by an all-zero entry. */
extern const builtin_checklist builtin_checklists[];
extern const size_t builtin_checklist_count;

/** The default checklist's id. */
#define BUILTIN_DEFAULT_ID "group3-investor"

/** The built-in checklist with this id, or NULL. */
const builtin_checklist *builtin_find(const char *id);

#endif
