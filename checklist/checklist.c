// Loads a ddcheck-checklist/1 document: validates every part, compiles every rule, and reports
// every problem at once with its JSON Pointer, line and column. checklist_load, the one entry
// point, finds the text (a file, a built-in, or the caller's) and runs lint after parsing.
#include "checklist.h"

#include "builtin.h"
#include "lint.h"
#include "util/file.h"
#include "util/json_pos.h"
#include "util/json_strict.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PTR_MAX 512

typedef struct loader {
    checklist *cl;
    diag_list *diags;
    const char *origin;
    // The criterion and requirement ids seen so far: an open-addressing hash set (a linear
    // search per id made loading quadratic: 2.7 s at 20,000 requirements).
    const char **ids;
    size_t id_cap, id_count;
} loader;

static const char *const FIELD_TYPE_NAMES[] = {"text",    "boolean", "number", "integer",
                                               "percent", "list",    "enum",   "date"};

const char *field_type_name(field_type type)
{
    return FIELD_TYPE_NAMES[type];
}

// pointer + "/" + key into buf.
static void child(char *buf, size_t size, const char *pointer, const char *key)
{
    snprintf(buf, size, "%s", pointer);
    json_pointer_append(buf, size, key);
}

// pointer + "/" + index into buf.
static void child_index(char *buf, size_t size, const char *pointer, size_t index)
{
    snprintf(buf, size, "%s", pointer);
    json_pointer_append_index(buf, size, index);
}

static void error_at(loader *ld, const char *pointer, const char *message)
{
    diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, pointer, "%s", message);
}

// Reports every key of obj that is not in the allowed list.
static void check_keys(loader *ld, const cJSON *obj, const char *pointer, const char *what,
                       const char *const *allowed)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(item->string, *a) == 0)
                ok = 1;
        if (!ok) {
            char p[PTR_MAX];
            child(p, sizeof p, pointer, item->string);
            diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p, "unknown key \"%s\" in %s",
                     item->string, what);
        }
    }
}

// A string member: its copy, or NULL (with an error when required or of the wrong type).
static char *get_string(loader *ld, const cJSON *obj, const char *key, const char *pointer,
                        int required)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item) {
        if (required)
            diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, pointer,
                     "missing required key \"%s\"", key);
        return NULL;
    }
    char p[PTR_MAX];
    child(p, sizeof p, pointer, key);
    if (!cJSON_IsString(item)) {
        diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p, "\"%s\" must be a string", key);
        return NULL;
    }
    if (required && item->valuestring[0] == '\0') {
        diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p, "\"%s\" must not be empty", key);
        return NULL;
    }
    return xstrdup(item->valuestring);
}

static int get_bool(loader *ld, const cJSON *obj, const char *key, const char *pointer, int dflt)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item)
        return dflt;
    if (!cJSON_IsBool(item)) {
        char p[PTR_MAX];
        child(p, sizeof p, pointer, key);
        diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p, "\"%s\" must be true or false", key);
        return dflt;
    }
    return cJSON_IsTrue(item);
}

// A number member; returns 1 and sets *out when present and numeric.
static int get_number(loader *ld, const cJSON *obj, const char *key, const char *pointer,
                      double *out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item)
        return 0;
    if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) {
        char p[PTR_MAX];
        child(p, sizeof p, pointer, key);
        diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p,
                 cJSON_IsNumber(item) ? "\"%s\" must be a finite number (this one is too large)"
                                      : "\"%s\" must be a number",
                 key);
        return 0;
    }
    *out = item->valuedouble;
    return 1;
}

// An array of strings; NULL when absent or wrong (with an error).
static char **get_strings(loader *ld, const cJSON *obj, const char *key, const char *pointer,
                          size_t *count)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    *count = 0;
    if (!item)
        return NULL;
    char p[PTR_MAX];
    child(p, sizeof p, pointer, key);
    if (!cJSON_IsArray(item)) {
        diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p, "\"%s\" must be an array of strings",
                 key);
        return NULL;
    }
    size_t n = (size_t)cJSON_GetArraySize(item);
    char **out = xcalloc(n + 1, sizeof(char *));
    size_t i = 0;
    const cJSON *el;
    cJSON_ArrayForEach(el, item)
    {
        size_t index = i++;
        if (!cJSON_IsString(el)) {
            char q[PTR_MAX];
            child_index(q, sizeof q, p, index);
            error_at(ld, q, "must be a string");
            continue;
        }
        out[(*count)++] = xstrdup(el->valuestring);
    }
    return out;
}

// An optional text that must say something when present ("action", "pass_score_basis"): its
// copy, or NULL when absent or wrong (with an error).
static char *get_text(loader *ld, const cJSON *obj, const char *key, const char *pointer)
{
    if (!cJSON_GetObjectItemCaseSensitive(obj, key))
        return NULL;
    return get_string(ld, obj, key, pointer, 1);
}

// "<key>_basis": why the value of key was chosen (e.g. "proposed default: …"). It explains a
// value, so it needs one: a basis for a key obj does not set is an error.
static char *get_basis(loader *ld, const cJSON *obj, const char *key, const char *pointer,
                       const char *what)
{
    char name[64];
    snprintf(name, sizeof name, "%s_basis", key);
    char *basis = get_text(ld, obj, name, pointer);
    if (basis && !cJSON_GetObjectItemCaseSensitive(obj, key)) {
        char p[PTR_MAX];
        child(p, sizeof p, pointer, name);
        diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p,
                 "\"%s\" explains a \"%s\" that %s does not set", name, key, what);
    }
    return basis;
}

// A criterion floor ("min_score", "min_criterion_score"): a number from 0 to 100. Returns
// whether one is set and valid, in *out.
static bool get_floor(loader *ld, const cJSON *obj, const char *key, const char *pointer,
                      double *out)
{
    double v;
    if (!get_number(ld, obj, key, pointer, &v))
        return false;
    if (!(v >= 0 && v <= 100)) {
        char p[PTR_MAX];
        child(p, sizeof p, pointer, key);
        diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p,
                 "\"%s\" must be between 0 and 100 (a criterion's score is a percentage)", key);
        return false;
    }
    *out = v;
    return true;
}

// "display": declared fields shown beside the key, each once; the key is always shown already.
static void load_display(loader *ld, const cJSON *root)
{
    checklist *cl = ld->cl;
    const cJSON *display = cJSON_GetObjectItemCaseSensitive(root, "display");
    if (!display)
        return;
    if (!cJSON_IsArray(display)) {
        error_at(ld, "/display", "\"display\" must be an array of field names");
        return;
    }
    cl->display = xcalloc((size_t)cJSON_GetArraySize(display) + 1, sizeof(size_t));
    size_t i = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, display)
    {
        char p[PTR_MAX];
        child_index(p, sizeof p, "/display", i++);
        size_t slot;
        if (!cJSON_IsString(d)) {
            error_at(ld, p, "a display field must be a string naming a declared field");
            continue;
        }
        if (!checklist_field_index(cl, d->valuestring, &slot)) {
            diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p,
                     "display field \"%s\" is not a declared field", d->valuestring);
            continue;
        }
        if (cl->key && strcmp(cl->key, d->valuestring) == 0) {
            diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p,
                     "display field \"%s\" is the key, which every report shows already",
                     d->valuestring);
            continue;
        }
        bool repeated = false;
        for (size_t k = 0; k < cl->display_count; k++)
            repeated |= cl->display[k] == slot;
        if (repeated) {
            diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p,
                     "display field \"%s\" is listed twice", d->valuestring);
            continue;
        }
        cl->display[cl->display_count++] = slot;
    }
}

// A declared value that no cell could ever be typed to is an error where it is written: one
// that repeats an earlier value ignoring case (cells match values in any case and take the first
// spelling, so a rule quoting the second one could never find it), an empty one, one with
// spaces at either end (cells are trimmed), and in a list one containing ';' (the separator).
static void check_values(loader *ld, const cJSON *f, const char *pointer, field_type type)
{
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(f, "values");
    if (!cJSON_IsArray(values))
        return;
    char p[PTR_MAX];
    child(p, sizeof p, pointer, "values");
    size_t i = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, values)
    {
        char q[PTR_MAX];
        child_index(q, sizeof q, p, i++);
        if (!cJSON_IsString(v))
            continue;
        const char *s = v->valuestring;
        size_t len = strlen(s);
        if (len == 0) {
            error_at(ld, q, "a value must not be empty: an empty cell is absent, never a value");
            continue;
        }
        if (checklist_is_space(s[0]) || checklist_is_space(s[len - 1]))
            diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, q,
                     "value \"%s\" begins or ends with a space: cells are trimmed, so no cell "
                     "could ever be this value",
                     s);
        if (type == FIELD_LIST && strchr(s, ';'))
            diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, q,
                     "value \"%s\" contains ';', which separates the items of a list cell", s);
        for (const cJSON *e = values->child; e != v; e = e->next)
            if (cJSON_IsString(e) && strlen(e->valuestring) == len &&
                checklist_caseeq(e->valuestring, s, len)) {
                diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, q,
                         "value \"%s\" repeats \"%s\": cells match values in any case, so "
                         "both would be read as \"%s\"",
                         s, e->valuestring, e->valuestring);
                break;
            }
    }
}

// A table of names[i * stride] (each a char * at that place) sorted by name. Free with free().
static name_slot *name_order(const void *items, size_t count, size_t stride, size_t name_offset)
{
    name_slot *order = xcalloc(count + 1, sizeof *order);
    for (size_t i = 0; i < count; i++) {
        const char *item = (const char *)items + i * stride + name_offset;
        memcpy(&order[i].name, item, sizeof(const char *));
        order[i].index = i;
    }
    qsort(order, count, sizeof *order, name_slot_compare);
    return order;
}

// The string a against name[0..len), as strcmp orders strings.
static int compare_n(const char *a, const char *name, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (a[i] == '\0')
            return -1; // a is shorter
        if (a[i] != name[i])
            return (unsigned char)a[i] < (unsigned char)name[i] ? -1 : 1;
    }
    return a[len] != '\0'; // a is longer
}

// The index of name[0..len) in a sorted table of count names, or false.
static bool find_in_order(const name_slot *order, size_t count, const char *name, size_t len,
                          size_t *index)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_n(order[mid].name, name, len);
        if (c == 0) {
            *index = order[mid].index;
            return true;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static void load_fields(loader *ld, const cJSON *fields)
{
    static const char *const allowed[] = {"type", "required", "label",  "help", "unit",
                                          "min",  "max",      "values", NULL};
    checklist *cl = ld->cl;
    if (!cJSON_IsObject(fields)) {
        error_at(ld, "/fields", "\"fields\" must be an object of field declarations");
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(fields);
    cl->fields = xcalloc(n, sizeof(checklist_field));
    const cJSON *f;
    cJSON_ArrayForEach(f, fields)
    {
        char p[PTR_MAX] = "/fields";
        json_pointer_append(p, sizeof p, f->string);
        // (Two fields of one name cannot reach here: json_strict_parse refuses a member name
        // given twice.)
        if (!cJSON_IsObject(f)) {
            error_at(ld, p, "a field declaration must be an object");
            continue;
        }
        if (f->string[0] == '\0')
            error_at(ld, p, "a field name must not be empty");
        check_keys(ld, f, p, "a field declaration", allowed);
        checklist_field *fd = &cl->fields[cl->field_count++];
        fd->name = xstrdup(f->string);
        char *type = get_string(ld, f, "type", p, 1);
        fd->type = FIELD_TEXT;
        if (type) {
            size_t t = 0;
            while (t < 8 && strcmp(FIELD_TYPE_NAMES[t], type) != 0)
                t++;
            if (t == 8) {
                char q[PTR_MAX];
                child(q, sizeof q, p, "type");
                diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, q,
                         "unknown field type \"%s\" (expected text, boolean, number, integer, "
                         "percent, list, enum or date)",
                         type);
            } else {
                fd->type = (field_type)t;
            }
            free(type);
        }
        fd->required = get_bool(ld, f, "required", p, 0);
        fd->label = get_string(ld, f, "label", p, 0);
        if (!fd->label)
            fd->label = xstrdup(fd->name);
        fd->help = get_string(ld, f, "help", p, 0);
        fd->unit = get_string(ld, f, "unit", p, 0);
        fd->has_min = get_number(ld, f, "min", p, &fd->min);
        fd->has_max = get_number(ld, f, "max", p, &fd->max);
        if (fd->has_min && fd->has_max && fd->min > fd->max)
            error_at(ld, p, "\"min\" is greater than \"max\"");
        if ((fd->has_min || fd->has_max) && fd->type != FIELD_NUMBER && fd->type != FIELD_INTEGER &&
            fd->type != FIELD_PERCENT)
            error_at(ld, p, "\"min\"/\"max\" apply only to number, integer and percent fields");
        fd->values = get_strings(ld, f, "values", p, &fd->value_count);
        check_values(ld, f, p, fd->type);
        if (fd->value_count)
            checklist_field_index_values(fd);
        if (fd->type == FIELD_ENUM && fd->value_count == 0)
            error_at(ld, p, "an enum field needs a non-empty \"values\" list");
        if (fd->values && fd->type != FIELD_ENUM && fd->type != FIELD_LIST)
            error_at(ld, p, "\"values\" applies only to enum and list fields");
    }
}

void checklist_field_index_values(checklist_field *f)
{
    size_t n = f->value_count;
    f->value_lens = xcalloc(n + 1, sizeof(size_t));
    f->value_keys = xcalloc(n + 1, sizeof(uint32_t));
    // At most half full, so a search ends after a probe or two.
    unsigned bits = 3;
    while (((size_t)1 << bits) < 2 * n && bits < 31)
        bits++;
    f->value_table_bits = bits;
    f->value_table = xcalloc((size_t)1 << bits, sizeof(uint32_t));
    size_t mask = ((size_t)1 << bits) - 1;
    for (size_t v = 0; v < n; v++) {
        f->value_lens[v] = strlen(f->values[v]);
        f->value_keys[v] = checklist_value_key(f->values[v], f->value_lens[v]);
        size_t at = checklist_value_slot(f->value_keys[v], bits);
        while (f->value_table[at])
            at = (at + 1) & mask;
        f->value_table[at] = (uint32_t)(v + 1);
    }
    if (f->type != FIELD_LIST)
        return; // only a list's items are read by their first byte (type_list)
    f->value_first = xcalloc(256, sizeof(uint32_t));
    f->value_next = xcalloc(n + 1, sizeof(uint32_t));
    uint32_t last[256] = {0};
    for (size_t v = 0; v < n; v++) {
        const char *s = f->values[v];
        size_t len = f->value_lens[v];
        if (!len || memchr(s, ';', len) || checklist_is_space(s[0]) ||
            checklist_is_space(s[len - 1]))
            continue;
        unsigned b = (unsigned char)s[0] | 0x20u;
        if (last[b])
            f->value_next[last[b] - 1] = (uint32_t)(v + 1);
        else
            f->value_first[b] = (uint32_t)(v + 1);
        last[b] = (uint32_t)(v + 1);
    }
}

void checklist_field_drop_index(checklist_field *f)
{
    free(f->value_lens);
    free(f->value_keys);
    free(f->value_table);
    free(f->value_first);
    free(f->value_next);
    f->value_lens = NULL;
    f->value_keys = NULL;
    f->value_table = NULL;
    f->value_first = NULL;
    f->value_next = NULL;
}

static bool resolve_field(void *ctx, const char *name, size_t *slot)
{
    return checklist_field_index(ctx, name, slot);
}

// List fields with declared values: their typed cells hold only those spellings (cell.c), so the
// engine may treat them as sets.
static bool field_values(void *ctx, size_t slot, char *const **values, const size_t **lens,
                         size_t *count)
{
    const checklist *cl = ctx;
    const checklist_field *f = &cl->fields[slot];
    if (f->type != FIELD_LIST || f->value_count == 0 || f->value_count > LOGIC_SET_MAX)
        return false;
    *values = f->values;
    *lens = f->value_lens;
    *count = f->value_count;
    return true;
}

static logic_rule *compile_rule(loader *ld, const cJSON *rule, const char *pointer)
{
    logic_options opts = {
        .mode = LOGIC_KLEENE,
        .resolve = resolve_field,
        .values = field_values,
        .resolve_ctx = ld->cl,
        .file = ld->origin,
        .pointer = pointer,
    };
    return logic_compile(rule, &opts, ld->diags);
}

// Records id as used, reporting a duplicate among criteria and requirement ids.
static size_t id_hash(const char *s)
{
    size_t h = 14695981039346656037u & SIZE_MAX; // FNV-1a
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * (size_t)1099511628211u;
    return h;
}

// Adds id to the set; false when it was there already. The set holds the pointer, not a copy:
// ids live as long as the checklist.
static bool id_set_add(loader *ld, const char *id)
{
    if (2 * (ld->id_count + 1) > ld->id_cap) {
        size_t cap = ld->id_cap ? 2 * ld->id_cap : 64;
        const char **grown = xcalloc(cap, sizeof *grown);
        for (size_t i = 0; i < ld->id_cap; i++) {
            if (!ld->ids[i])
                continue;
            size_t k = id_hash(ld->ids[i]) & (cap - 1);
            while (grown[k])
                k = (k + 1) & (cap - 1);
            grown[k] = ld->ids[i];
        }
        free(ld->ids);
        ld->ids = grown;
        ld->id_cap = cap;
    }
    size_t k = id_hash(id) & (ld->id_cap - 1);
    for (; ld->ids[k]; k = (k + 1) & (ld->id_cap - 1))
        if (strcmp(ld->ids[k], id) == 0)
            return false;
    ld->ids[k] = id;
    ld->id_count++;
    return true;
}

static void check_unique_id(loader *ld, const char *id, const char *pointer)
{
    if (!id_set_add(ld, id))
        diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, pointer, "duplicate id \"%s\"", id);
}

// The required "id" of a criterion or requirement at pointer, reported when it repeats an id
// loaded before; an empty string when it is missing or wrong (the error is reported). Never NULL.
static char *get_unique_id(loader *ld, const cJSON *obj, const char *pointer)
{
    char *id = get_string(ld, obj, "id", pointer, 1);
    if (!id)
        return xstrdup("");
    char q[PTR_MAX];
    child(q, sizeof q, pointer, "id");
    check_unique_id(ld, id, q);
    return id;
}

// A required string member, or a copy of fallback when it is missing or wrong (the error is
// reported). Never NULL.
static char *get_string_or(loader *ld, const cJSON *obj, const char *key, const char *pointer,
                           const char *fallback)
{
    char *s = get_string(ld, obj, key, pointer, 1);
    return s ? s : xstrdup(fallback);
}

static size_t *merge_slots(const logic_rule *a, const logic_rule *b, size_t *count)
{
    size_t na = 0, nb = 0;
    const size_t *sa = a ? logic_rule_slots(a, &na) : NULL;
    const size_t *sb = b ? logic_rule_slots(b, &nb) : NULL;
    size_t *out = xmalloc((na + nb + 1) * sizeof(size_t));
    size_t i = 0, j = 0, n = 0;
    while (i < na || j < nb) {
        size_t v;
        if (j >= nb || (i < na && sa[i] < sb[j]))
            v = sa[i++];
        else if (i >= na || sb[j] < sa[i])
            v = sb[j++];
        else {
            v = sa[i++];
            j++;
        }
        out[n++] = v;
    }
    *count = n;
    return out;
}

static void load_requirement(loader *ld, const cJSON *req, const char *p, size_t criterion)
{
    static const char *const allowed[] = {"id",  "text",   "critical", "applies_if", "rule",
                                          "gap", "action", "refs",     "waivable",   NULL};
    checklist *cl = ld->cl;
    if (!cJSON_IsObject(req)) {
        error_at(ld, p, "a requirement must be an object");
        return;
    }
    check_keys(ld, req, p, "a requirement", allowed);
    char *id = get_unique_id(ld, req, p);
    checklist_requirement *r = &cl->requirements[cl->requirement_count++];
    r->id = id;
    r->criterion = criterion;
    r->text = get_string_or(ld, req, "text", p, r->id);
    r->critical = get_bool(ld, req, "critical", p, 0);
    r->waivable = get_bool(ld, req, "waivable", p, 1);
    r->gap = get_string(ld, req, "gap", p, 0);
    r->action = get_text(ld, req, "action", p);
    r->refs = get_strings(ld, req, "refs", p, &r->ref_count);
    char q[PTR_MAX];
    const cJSON *applies = cJSON_GetObjectItemCaseSensitive(req, "applies_if");
    if (applies) {
        child(q, sizeof q, p, "applies_if");
        r->applies_if = compile_rule(ld, applies, q);
    }
    const cJSON *rule = cJSON_GetObjectItemCaseSensitive(req, "rule");
    child(q, sizeof q, p, "rule");
    if (!rule)
        diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, p, "missing required key \"rule\"");
    else
        r->rule = compile_rule(ld, rule, q);
    r->fields = merge_slots(r->applies_if, r->rule, &r->field_count);
}

static void load_criteria(loader *ld, const cJSON *criteria)
{
    static const char *const allowed[] = {"id",        "title",           "source_text",  "weight",
                                          "min_score", "min_score_basis", "requirements", NULL};
    checklist *cl = ld->cl;
    if (!cJSON_IsArray(criteria) || cJSON_GetArraySize(criteria) == 0) {
        error_at(ld, "/criteria", "\"criteria\" must be a non-empty array");
        return;
    }
    size_t ncrit = (size_t)cJSON_GetArraySize(criteria), nreq = 0;
    double total_weight = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, criteria)
    {
        const cJSON *reqs = cJSON_GetObjectItemCaseSensitive(c, "requirements");
        if (cJSON_IsArray(reqs))
            nreq += (size_t)cJSON_GetArraySize(reqs);
    }
    cl->criteria = xcalloc(ncrit, sizeof(checklist_criterion));
    cl->requirements = xcalloc(nreq ? nreq : 1, sizeof(checklist_requirement));
    size_t ci = 0;
    cJSON_ArrayForEach(c, criteria)
    {
        char p[PTR_MAX] = "/criteria";
        json_pointer_append_index(p, sizeof p, ci++);
        if (!cJSON_IsObject(c)) {
            error_at(ld, p, "a criterion must be an object");
            continue;
        }
        check_keys(ld, c, p, "a criterion", allowed);
        char *id = get_unique_id(ld, c, p);
        checklist_criterion *cr = &cl->criteria[cl->criterion_count++];
        cr->id = id;
        cr->title = get_string_or(ld, c, "title", p, cr->id);
        cr->source_text = get_string(ld, c, "source_text", p, 0);
        cr->weight = 1;
        if (get_number(ld, c, "weight", p, &cr->weight)) {
            char q[PTR_MAX];
            child(q, sizeof q, p, "weight");
            // Scores are weighted means: the weights' total must be a number too (two weights
            // of 1e308 made every score NaN), and a weight must not be so small (subnormal)
            // that weight × share rounds to zero.
            if (!(cr->weight > 0))
                error_at(ld, q, "\"weight\" must be a positive number");
            else if (!isnormal(cr->weight))
                error_at(ld, q,
                         "\"weight\" is too small to compute with (under 2.2e-308); scale "
                         "all the weights up in the same ratio");
            else if (!isfinite(total_weight + cr->weight))
                error_at(ld, q,
                         "\"weight\": the weights of the criteria up to this one add up "
                         "to more than the largest number; scale them down in the same "
                         "ratio");
            else
                total_weight += cr->weight;
        } else {
            total_weight += cr->weight;
        }
        cr->min_score = cl->min_criterion_score;
        cr->own_min_score = get_floor(ld, c, "min_score", p, &cr->min_score);
        cr->min_score_basis = get_basis(ld, c, "min_score", p, "the criterion");
        cr->first = cl->requirement_count;
        const cJSON *reqs = cJSON_GetObjectItemCaseSensitive(c, "requirements");
        char rp[PTR_MAX];
        child(rp, sizeof rp, p, "requirements");
        if (!cJSON_IsArray(reqs) || cJSON_GetArraySize(reqs) == 0) {
            error_at(ld, reqs ? rp : p, "a criterion needs a non-empty \"requirements\" array");
            continue;
        }
        size_t ri = 0;
        const cJSON *req;
        cJSON_ArrayForEach(req, reqs)
        {
            char q[PTR_MAX];
            child_index(q, sizeof q, rp, ri++);
            load_requirement(ld, req, q, cl->criterion_count - 1);
        }
        cr->count = cl->requirement_count - cr->first;
    }
}

static const char *const OUTCOME_WORDS[] = {
    "met", "unmet", "no_evidence", "invalid", "not_applicable", "waived", NULL};

// Checks the shape of the "tests" array; running them is `ddcheck test`'s job.
static void check_tests(loader *ld, const cJSON *tests)
{
    static const char *const allowed[] = {"name", "row", "expect", "verdict", "score", NULL};
    if (!cJSON_IsArray(tests)) {
        error_at(ld, "/tests", "\"tests\" must be an array");
        return;
    }
    size_t ti = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, tests)
    {
        char p[PTR_MAX] = "/tests";
        json_pointer_append_index(p, sizeof p, ti++);
        if (!cJSON_IsObject(t)) {
            error_at(ld, p, "a test must be an object");
            continue;
        }
        check_keys(ld, t, p, "a test", allowed);
        free(get_string(ld, t, "name", p, 1));
        const cJSON *row = cJSON_GetObjectItemCaseSensitive(t, "row");
        char q[PTR_MAX];
        if (!cJSON_IsObject(row)) {
            error_at(ld, p, "a test needs a \"row\" object of cells");
        } else {
            const cJSON *cell;
            cJSON_ArrayForEach(cell, row)
            {
                child(q, sizeof q, p, "row");
                json_pointer_append(q, sizeof q, cell->string);
                size_t slot;
                if (!checklist_field_index(ld->cl, cell->string, &slot))
                    diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, q,
                             "test row names no declared field \"%s\"", cell->string);
                else if (!cJSON_IsString(cell) && !cJSON_IsNull(cell))
                    error_at(ld, q, "a test cell must be a string, as written in the CSV");
            }
        }
        const cJSON *expect = cJSON_GetObjectItemCaseSensitive(t, "expect");
        const cJSON *e;
        cJSON_ArrayForEach(e, expect)
        {
            child(q, sizeof q, p, "expect");
            json_pointer_append(q, sizeof q, e->string);
            if (!checklist_find_requirement(ld->cl, e->string))
                diag_add(ld->diags, DIAG_ERROR, ld->origin, 0, 0, q,
                         "test expects an outcome of unknown requirement \"%s\"", e->string);
            int ok = 0;
            for (const char *const *w = OUTCOME_WORDS; *w; w++)
                if (cJSON_IsString(e) && strcmp(e->valuestring, *w) == 0)
                    ok = 1;
            if (!ok)
                error_at(ld, q,
                         "expected outcome must be met, unmet, no_evidence, invalid, "
                         "not_applicable or waived");
        }
        const cJSON *verdict = cJSON_GetObjectItemCaseSensitive(t, "verdict");
        if (verdict && !(cJSON_IsString(verdict) && (strcmp(verdict->valuestring, "pass") == 0 ||
                                                     strcmp(verdict->valuestring, "gap") == 0))) {
            child(q, sizeof q, p, "verdict");
            error_at(ld, q, "\"verdict\" must be \"pass\" or \"gap\"");
        }
    }
}

// Gives every diagnostic added since `first` the line and column of its JSON Pointer.
static void place_diagnostics(diag_list *diags, size_t first, const char *text, size_t len)
{
    for (size_t i = first; i < diags->count; i++) {
        diag *d = &diags->items[i];
        if (d->line > 0 || !d->pointer)
            continue;
        size_t at = json_pos_of_pointer(text, len, d->pointer);
        json_pos_of_offset(text, len, at, &d->line, &d->column);
    }
}

// checklist_parse, keeping the checklist's tests or not.
static checklist *parse(const char *text, size_t len, const char *origin, diag_list *diags,
                        bool keep_tests)
{
    static const char *const allowed[] = {"format",
                                          "id",
                                          "title",
                                          "version",
                                          "source",
                                          "key",
                                          "display",
                                          "pass_score",
                                          "pass_score_basis",
                                          "min_criterion_score",
                                          "min_criterion_score_basis",
                                          "fields",
                                          "criteria",
                                          "tests",
                                          NULL};
    size_t first_diag = diags->count;
    // cJSON accepts more than RFC 8259 (and stops at 1000 levels without saying why): a strict
    // check first gives every malformed document a reason and a place.
    size_t bad;
    const char *why;
    cJSON *root = json_strict_parse(text, len, &bad, &why);
    if (!root) {
        long line, column;
        json_pos_of_offset(text, len, bad, &line, &column);
        diag_add(diags, DIAG_ERROR, origin, line, column, NULL, "invalid JSON: %s", why);
        return NULL;
    }
    // A UTF-8 byte-order mark (some Windows editors write one) is not part of the JSON text.
    const char *whole = text;
    size_t whole_len = len;
    size_t bom = json_strict_bom_length(text, len);
    text += bom;
    len -= bom;
    loader ld = {.cl = xcalloc(1, sizeof(checklist)), .diags = diags, .origin = origin};
    checklist *cl = ld.cl;
    cl->origin = xstrdup(origin);
    sha256_ctx sha;
    sha256_init(&sha);
    sha256_update(&sha, whole, whole_len);
    sha256_hex(&sha, cl->sha256);
    if (!cJSON_IsObject(root)) {
        error_at(&ld, "", "not a checklist: the document must be a JSON object");
        goto done;
    }
    // Without the checklist "format", any other JSON object is not a checklist: say that once
    // rather than list each of its keys as unknown.
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(format)) {
        error_at(&ld, format ? "/format" : "",
                 "not a checklist: \"format\": \"" CHECKLIST_FORMAT "\" is missing");
        goto done;
    }
    if (strcmp(format->valuestring, CHECKLIST_FORMAT) != 0) {
        diag_add(diags, DIAG_ERROR, origin, 0, 0, "/format",
                 "not a checklist: \"format\" is \"%s\", expected \"" CHECKLIST_FORMAT "\"",
                 format->valuestring);
        goto done;
    }
    check_keys(&ld, root, "", "the checklist", allowed);
    cl->id = get_string(&ld, root, "id", "", 1);
    cl->title = get_string(&ld, root, "title", "", 1);
    cl->version = get_string(&ld, root, "version", "", 0);
    cl->source = get_string(&ld, root, "source", "", 0);
    cl->key = get_string(&ld, root, "key", "", 1);
    cl->pass_score = 75;
    if (get_number(&ld, root, "pass_score", "", &cl->pass_score) &&
        !(cl->pass_score >= 0 && cl->pass_score <= 100))
        error_at(&ld, "/pass_score", "\"pass_score\" must be between 0 and 100");
    cl->pass_score_basis = get_basis(&ld, root, "pass_score", "", "the checklist");
    get_floor(&ld, root, "min_criterion_score", "", &cl->min_criterion_score);
    cl->min_criterion_score_basis =
        get_basis(&ld, root, "min_criterion_score", "", "the checklist");
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    if (!fields)
        error_at(&ld, "", "missing required key \"fields\"");
    else
        load_fields(&ld, fields);
    cl->field_order = name_order(cl->fields, cl->field_count, sizeof(checklist_field),
                                 offsetof(checklist_field, name));
    if (cl->key && !checklist_field_index(cl, cl->key, &cl->key_field))
        diag_add(diags, DIAG_ERROR, origin, 0, 0, "/key", "the key \"%s\" is not a declared field",
                 cl->key);
    load_display(&ld, root);
    const cJSON *criteria = cJSON_GetObjectItemCaseSensitive(root, "criteria");
    if (!criteria)
        error_at(&ld, "", "missing required key \"criteria\"");
    else
        load_criteria(&ld, criteria);
    // Ids missing or repeated are errors already; the table holds them all the same.
    cl->requirement_order =
        name_order(cl->requirements, cl->requirement_count, sizeof(checklist_requirement),
                   offsetof(checklist_requirement, id));
    cJSON *tests = cJSON_GetObjectItemCaseSensitive(root, "tests");
    if (tests) {
        check_tests(&ld, tests);
        if (keep_tests)
            cl->tests = cJSON_DetachItemViaPointer(root, tests);
    }
done:
    cJSON_Delete(root);
    free(ld.ids);
    if (!cl->id)
        cl->id = xstrdup("");
    if (!cl->title)
        cl->title = xstrdup(cl->id);
    if (!cl->version)
        cl->version = xstrdup("");
    place_diagnostics(diags, first_diag, text, len);
    for (size_t i = first_diag; i < diags->count; i++) {
        if (diags->items[i].severity == DIAG_ERROR) {
            checklist_free(cl);
            return NULL;
        }
    }
    return cl;
}

checklist *checklist_parse(const char *text, size_t len, const char *origin, diag_list *diags)
{
    return parse(text, len, origin, diags, true);
}

char *checklist_read_text(const char *name, size_t *len, char *origin, size_t size)
{
    char *text = file_read(name, len);
    if (text) {
        snprintf(origin, size, "%s", name);
        return text;
    }
    int err = errno;
    const builtin_checklist *b = builtin_find(name);
    if (!b) {
        errno = err;
        return NULL;
    }
    snprintf(origin, size, "builtin:%s", b->id);
    text = xmalloc(b->size + 1);
    memcpy(text, b->json, b->size);
    text[b->size] = '\0';
    *len = b->size;
    return text;
}

checklist *checklist_load(checklist_source source, diag_list *diags, bool *readable)
{
    char found[512];
    const char *origin = source.name;
    char *owned = NULL;
    const char *text = source.text;
    size_t len = source.len;
    if (!text) {
        text = owned = checklist_read_text(source.name, &len, found, sizeof found);
        origin = found;
        if (!text)
            diag_add(diags, DIAG_ERROR, source.name, 0, 0, NULL,
                     "cannot read checklist: %s (and no built-in checklist has this id; see "
                     "`ddcheck checklists`)",
                     strerror(errno));
    }
    if (readable)
        *readable = text != NULL;
    if (!text)
        return NULL;
    size_t errors_at_start = diags->errors, loader_first = diags->count;
    checklist *cl = parse(text, len, origin, diags, source.tests);
    lint_text(text, len, origin, loader_first, errors_at_start, diags);
    free(owned);
    if (diags->errors != errors_at_start) {
        checklist_free(cl);
        return NULL;
    }
    return cl;
}

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

void checklist_free(checklist *cl)
{
    if (!cl)
        return;
    for (size_t i = 0; i < cl->field_count; i++) {
        checklist_field *f = &cl->fields[i];
        free(f->name);
        free(f->label);
        free(f->help);
        free(f->unit);
        free_strings(f->values, f->value_count);
        checklist_field_drop_index(f);
    }
    free(cl->fields);
    free(cl->field_order);
    free(cl->requirement_order);
    for (size_t i = 0; i < cl->criterion_count; i++) {
        free(cl->criteria[i].id);
        free(cl->criteria[i].title);
        free(cl->criteria[i].source_text);
        free(cl->criteria[i].min_score_basis);
    }
    free(cl->criteria);
    for (size_t i = 0; i < cl->requirement_count; i++) {
        checklist_requirement *r = &cl->requirements[i];
        free(r->id);
        free(r->text);
        free(r->gap);
        free(r->action);
        free_strings(r->refs, r->ref_count);
        logic_rule_free(r->applies_if);
        logic_rule_free(r->rule);
        free(r->fields);
    }
    free(cl->requirements);
    cJSON_Delete(cl->tests);
    free(cl->origin);
    free(cl->id);
    free(cl->title);
    free(cl->version);
    free(cl->source);
    free(cl->key);
    free(cl->pass_score_basis);
    free(cl->min_criterion_score_basis);
    free(cl->display);
    free(cl);
}

bool checklist_field_index_n(const checklist *cl, const char *name, size_t len, size_t *slot)
{
    size_t found;
    if (cl->field_order) {
        if (!find_in_order(cl->field_order, cl->field_count, name, len, &found))
            return false;
        if (slot)
            *slot = found;
        return true;
    }
    for (size_t i = 0; i < cl->field_count; i++) {
        if (compare_n(cl->fields[i].name, name, len) == 0) {
            if (slot)
                *slot = i;
            return true;
        }
    }
    return false;
}

bool checklist_field_index(const checklist *cl, const char *name, size_t *slot)
{
    size_t found;
    if (cl->field_order) {
        if (!find_in_order(cl->field_order, cl->field_count, name, strlen(name), &found))
            return false;
        if (slot)
            *slot = found;
        return true;
    }
    for (size_t i = 0; i < cl->field_count; i++) {
        if (strcmp(cl->fields[i].name, name) == 0) {
            if (slot)
                *slot = i;
            return true;
        }
    }
    return false;
}

const checklist_requirement *checklist_find_requirement(const checklist *cl, const char *id)
{
    size_t found;
    if (cl->requirement_order)
        return find_in_order(cl->requirement_order, cl->requirement_count, id, strlen(id), &found)
                   ? &cl->requirements[found]
                   : NULL;
    for (size_t i = 0; i < cl->requirement_count; i++)
        if (strcmp(cl->requirements[i].id, id) == 0)
            return &cl->requirements[i];
    return NULL;
}

bool checklist_has_floors(const checklist *cl)
{
    for (size_t c = 0; c < cl->criterion_count; c++)
        if (cl->criteria[c].min_score > 0)
            return true;
    return false;
}
