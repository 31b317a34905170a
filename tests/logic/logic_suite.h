// Reading tests/logic/ddcheck.json's extensions to the shared suites' shape (README.md beside
// it): the declared fields of checklist cases and their rows. Static inline functions shared by
// the suite runner (tests/conformance/jsonlogic_conformance.c), the compiled-form differential
// test (tests/unit/test_logic_compiled.c) and tests/unit/test_logic.c.
#ifndef DDCHECK_TESTS_LOGIC_SUITE_H
#define DDCHECK_TESTS_LOGIC_SUITE_H

#include "util/arena.h"
#include "checklist/logic.h"
#include "checklist/value.h"

#include <cjson/cJSON.h>

#include <stdbool.h>
#include <string.h>

/** The most fields a {"fields": […]} item may declare. */
enum { LOGIC_SUITE_MAX_FIELDS = 32 };

/** The fields declared by the last {"fields": […]} item; slot i is names[i]. */
typedef struct logic_suite_fields {
    const char *names[LOGIC_SUITE_MAX_FIELDS];
    size_t count;
} logic_suite_fields;

/** The slot of the declared field name; false when none. */
static inline bool logic_suite_slot(const logic_suite_fields *f, const char *name, size_t *slot)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->names[i], name) == 0) {
            *slot = i;
            return true;
        }
    return false;
}

/** logic_resolve_fn over the declared fields (ctx is a logic_suite_fields). */
static inline bool logic_suite_resolve(void *ctx, const char *name, size_t *slot)
{
    return logic_suite_slot(ctx, name, slot);
}

/** True when item is a {"fields": [names]} item; then *f holds the names (pointing into item). */
static inline bool logic_suite_read_fields(const cJSON *item, logic_suite_fields *f)
{
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(item, "fields");
    if (!cJSON_IsObject(item) || cJSON_HasObjectItem(item, "rule") || !cJSON_IsArray(names))
        return false;
    f->count = 0;
    for (const cJSON *n = names->child; n && f->count < LOGIC_SUITE_MAX_FIELDS; n = n->next)
        if (cJSON_IsString(n))
            f->names[f->count++] = n->valuestring;
    return true;
}

/** True for a checklist (Kleene) case: "checklist": true. */
static inline bool logic_suite_is_checklist(const cJSON *item)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "checklist"));
}

/** A checklist case's row from its data object: a field not named is absent, "<absent>" is
 *  absent, "<invalid>" is a cell that failed its type; slots has f->count items. False when the
 *  data is not an object or names a field that is not declared. */
static inline bool logic_suite_build_row(const cJSON *data, const logic_suite_fields *f,
                                         value *slots, arena *a)
{
    for (size_t i = 0; i < f->count; i++)
        slots[i] = value_unknown(false);
    if (!data)
        return true;
    if (!cJSON_IsObject(data))
        return false;
    for (const cJSON *c = data->child; c; c = c->next) {
        size_t slot = 0;
        if (!logic_suite_slot(f, c->string, &slot))
            return false;
        if (cJSON_IsString(c) && strcmp(c->valuestring, "<absent>") == 0)
            slots[slot] = value_unknown(false);
        else if (cJSON_IsString(c) && strcmp(c->valuestring, "<invalid>") == 0)
            slots[slot] = value_unknown(true);
        else
            slots[slot] = value_from_cjson(c, a);
    }
    return true;
}

#endif
