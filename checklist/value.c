// Values of the JSON Logic engine: truthiness, conversion from and to cJSON, deep equality.
#include "value.h"

#include <math.h>
#include <string.h>

// Data can be nested far deeper than a rule (a 100,000-deep array built in memory): every
// recursive walk here stops at VALUE_DEEPEST instead of overflowing the stack.

static value from_cjson(const cJSON *json, arena *a, int depth)
{
    if (!json || depth > VALUE_DEEPEST)
        return value_null();
    if (cJSON_IsBool(json))
        return value_bool(cJSON_IsTrue(json));
    if (cJSON_IsNumber(json))
        return value_number(json->valuedouble);
    if (cJSON_IsString(json)) {
        size_t len = strlen(json->valuestring);
        return value_string(arena_strndup(a, json->valuestring, len), len);
    }
    if (cJSON_IsArray(json)) {
        size_t n = (size_t)cJSON_GetArraySize(json);
        value *items = n ? arena_alloc(a, n * sizeof(value)) : NULL;
        size_t i = 0;
        for (const cJSON *c = json->child; c && i < n; c = c->next)
            items[i++] = from_cjson(c, a, depth + 1);
        return value_array(items, i);
    }
    if (cJSON_IsObject(json)) {
        size_t n = (size_t)cJSON_GetArraySize(json);
        value_member *members = n ? arena_alloc(a, n * sizeof(value_member)) : NULL;
        size_t i = 0;
        for (const cJSON *c = json->child; c && i < n; c = c->next) {
            const char *key = c->string ? c->string : "";
            size_t len = strlen(key);
            members[i].key = arena_strndup(a, key, len);
            members[i].key_len = len;
            members[i].value = from_cjson(c, a, depth + 1);
            i++;
        }
        return (value){.kind = VALUE_OBJECT, .as.object = {members, i}};
    }
    return value_null();
}

value value_from_cjson(const cJSON *json, arena *a)
{
    return from_cjson(json, a, 0);
}

static cJSON *string_to_cjson(const char *s, size_t len)
{
    // cJSON strings are NUL-terminated: a string holding NUL is cut at its first NUL.
    char small[256];
    char *buf = len < sizeof small ? small : cJSON_malloc(len + 1);
    if (!buf)
        return NULL;
    if (len)
        memcpy(buf, s, len);
    buf[len] = '\0';
    cJSON *out = cJSON_CreateString(buf);
    if (buf != small)
        cJSON_free(buf);
    return out;
}

static cJSON *to_cjson(const value *v, int depth)
{
    if (depth > VALUE_DEEPEST)
        return cJSON_CreateNull();
    switch (v->kind) {
    case VALUE_NULL:
    case VALUE_UNKNOWN:
        return cJSON_CreateNull();
    case VALUE_BOOL:
        return cJSON_CreateBool(v->as.boolean);
    case VALUE_NUMBER:
        // JSON has no NaN or infinity; the engine never produces them as values (they throw).
        if (!isfinite(v->as.number))
            return cJSON_CreateNull();
        return cJSON_CreateNumber(v->as.number == 0 ? 0.0 : v->as.number);
    case VALUE_STRING:
        return string_to_cjson(v->as.string.ptr, v->as.string.len);
    case VALUE_ARRAY: {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; arr && i < v->as.array.count; i++)
            cJSON_AddItemToArray(arr, to_cjson(&v->as.array.items[i], depth + 1));
        return arr;
    }
    case VALUE_OBJECT: {
        cJSON *obj = cJSON_CreateObject();
        for (size_t i = 0; obj && i < v->as.object.count; i++) {
            const value_member *m = &v->as.object.members[i];
            char small[128];
            char *key = m->key_len < sizeof small ? small : cJSON_malloc(m->key_len + 1);
            if (!key)
                break;
            memcpy(key, m->key, m->key_len);
            key[m->key_len] = '\0';
            cJSON_AddItemToObject(obj, key, to_cjson(&m->value, depth + 1));
            if (key != small)
                cJSON_free(key);
        }
        return obj;
    }
    case VALUE_ERROR: {
        cJSON *obj = cJSON_CreateObject();
        if (obj)
            cJSON_AddItemToObject(obj, "error",
                                  string_to_cjson(v->as.string.ptr, v->as.string.len));
        return obj;
    }
    }
    return cJSON_CreateNull();
}

cJSON *value_to_cjson(const value *v)
{
    return to_cjson(v, 0);
}

static bool equal(const value *a, const value *b, int depth);

// How many members of obj other than `skip` have m's key and a value equal to m's (values are
// compared only under the same key, so an object without repeated keys is walked once).
static size_t count_member(const value *obj, const value_member *m, const value_member *skip,
                           int depth)
{
    size_t n = 0;
    for (size_t i = 0; i < obj->as.object.count; i++) {
        const value_member *o = &obj->as.object.members[i];
        if (o != skip && o->key_len == m->key_len &&
            (m->key_len == 0 || memcmp(o->key, m->key, m->key_len) == 0) &&
            equal(&o->value, &m->value, depth))
            n++;
    }
    return n;
}

static bool equal(const value *a, const value *b, int depth)
{
    if (depth > VALUE_DEEPEST)
        return false;
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case VALUE_NULL:
        return true;
    case VALUE_UNKNOWN:
        return a->flags == b->flags;
    case VALUE_BOOL:
        return a->as.boolean == b->as.boolean;
    case VALUE_NUMBER:
        return a->as.number == b->as.number;
    case VALUE_STRING:
    case VALUE_ERROR:
        return a->as.string.len == b->as.string.len &&
               (a->as.string.len == 0 ||
                memcmp(a->as.string.ptr, b->as.string.ptr, a->as.string.len) == 0);
    case VALUE_ARRAY:
        if (a->as.array.count != b->as.array.count)
            return false;
        for (size_t i = 0; i < a->as.array.count; i++)
            if (!equal(&a->as.array.items[i], &b->as.array.items[i], depth + 1))
                return false;
        return true;
    case VALUE_OBJECT:
        if (a->as.object.count != b->as.object.count)
            return false;
        // The same members in any order, a repeated key as often in each (so that an object
        // with a repeated key equals itself).
        for (size_t i = 0; i < a->as.object.count; i++) {
            const value_member *m = &a->as.object.members[i];
            size_t in_b = count_member(b, m, NULL, depth + 1);
            if (in_b == 0 || in_b != 1 + count_member(a, m, m, depth + 1))
                return false;
        }
        return true;
    }
    return false;
}

static bool too_deep(const value *v, int depth)
{
    if (depth > VALUE_DEEPEST)
        return true;
    if (v->kind == VALUE_ARRAY) {
        for (size_t i = 0; i < v->as.array.count; i++)
            if (too_deep(&v->as.array.items[i], depth + 1))
                return true;
    } else if (v->kind == VALUE_OBJECT) {
        for (size_t i = 0; i < v->as.object.count; i++)
            if (too_deep(&v->as.object.members[i].value, depth + 1))
                return true;
    }
    return false;
}

bool value_too_deep(const value *v)
{
    return too_deep(v, 0);
}

bool value_equal(const value *a, const value *b)
{
    return equal(a, b, 0);
}
