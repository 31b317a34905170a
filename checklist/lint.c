// Lint: the static checks of rules against the fields, which checklist_load runs after the loader.
#include "lint.h"

#include "checklist.h"
#include "util/date.h"
#include "util/json_pos.h"
#include "util/json_strict.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PTR_MAX 1024

// The element of an iteration over something that is not a list field: nothing to check.
static const cJSON UNKNOWN_ELEMENT;

typedef struct linter {
    diag_list *diags;
    const char *origin;
    const cJSON *fields; // the "fields" object, or NULL
    bool *read;          // per member of fields: some rule reads it
    // The members of fields that are objects, by name (index = place among the members): a
    // linear search per var made 20,000 fields take 33 s.
    name_slot *by_name;
    const cJSON **decls; // per member of fields
    size_t by_name_count;
    // The loader's diagnostics (items [loaded_from, loaded_to) of diags), which the static
    // checks do not repeat.
    size_t loaded_from, loaded_to;
} linter;

// What a comparison operand is, as far as lint can tell without data.
typedef struct operand {
    const cJSON *field; // the declaration of a field read directly ({"var": name}), or NULL
    const char *name;
    const char *type; // "number", …; "item" for the element of an iterated list
    const cJSON *values;
    const cJSON *literal; // a JSON constant, or NULL
} operand;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
problem(linter *l, diag_severity sev, const char *pointer, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_add(l->diags, sev, l->origin, 0, 0, pointer, "%s", msg);
}

// Indexes the field declarations by name (l->fields set; the linter frees the tables).
static void index_field_decls(linter *l, size_t count)
{
    l->by_name = xcalloc(count + 1, sizeof *l->by_name);
    l->decls = xcalloc(count + 1, sizeof *l->decls);
    size_t i = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, l->fields)
    {
        l->decls[i] = f;
        if (f->string && cJSON_IsObject(f))
            l->by_name[l->by_name_count++] = (name_slot){f->string, i};
        i++;
    }
    qsort(l->by_name, l->by_name_count, sizeof *l->by_name, name_slot_compare);
}

static const cJSON *field_decl(const linter *l, const char *name, size_t *index)
{
    // (Names are unique: json_strict_parse refuses a repeated one.)
    size_t lo = 0, hi = l->by_name_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(l->by_name[mid].name, name);
        if (c == 0) {
            if (index)
                *index = l->by_name[mid].index;
            return l->decls[l->by_name[mid].index];
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const char *field_type_of(const cJSON *decl)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(decl, "type");
    return cJSON_IsString(t) ? t->valuestring : "";
}

// The name a var reads: "x" from {"var": "x"} or {"var": ["x", default]}; NULL otherwise.
static const char *var_name(const cJSON *node)
{
    if (!cJSON_IsObject(node) || cJSON_GetArraySize(node) != 1)
        return NULL;
    const cJSON *v = node->child;
    if (strcmp(v->string, "var") != 0)
        return NULL;
    if (cJSON_IsArray(v))
        v = v->child;
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool is_literal(const cJSON *node)
{
    return !cJSON_IsObject(node) &&
           !(cJSON_IsArray(node) && cJSON_GetArraySize(node) > 0 && cJSON_IsObject(node->child));
}

static operand classify(const linter *l, const cJSON *node, const cJSON *element)
{
    operand o = {0};
    const char *name = var_name(node);
    if (name) {
        if (element == &UNKNOWN_ELEMENT)
            return o;
        if (element && (name[0] == '\0' || strcmp(name, "current") == 0)) {
            o.field = element;
            o.name = element->string;
            o.type = "item";
            o.values = cJSON_GetObjectItemCaseSensitive(element, "values");
        } else if (!element) {
            o.field = field_decl(l, name, NULL);
            if (o.field) {
                o.name = o.field->string;
                o.type = field_type_of(o.field);
                o.values = cJSON_GetObjectItemCaseSensitive(o.field, "values");
            }
        }
    } else if (is_literal(node)) {
        o.literal = node;
    }
    return o;
}

static bool is_numeric_type(const char *t)
{
    return strcmp(t, "number") == 0 || strcmp(t, "integer") == 0 || strcmp(t, "percent") == 0;
}

static bool among_values(const cJSON *values, const char *s)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, values)
    {
        if (cJSON_IsString(v) && strcmp(v->valuestring, s) == 0)
            return true;
    }
    return false;
}

// A string JSON Logic would turn into a number ("40", " 2.5 "); "" and "abc" are not.
static bool numeric_string(const char *s)
{
    char *end;
    while (*s == ' ')
        s++;
    if (!*s)
        return false;
    (void)strtod(s, &end);
    while (*end == ' ')
        end++;
    return *end == '\0';
}

// A literal a number cell can equal or be ordered against: a number, or a string of one.
static bool literal_is_number(const cJSON *lit)
{
    return cJSON_IsNumber(lit) || (cJSON_IsString(lit) && numeric_string(lit->valuestring));
}

static void literal_text(const cJSON *lit, char *buf, size_t size)
{
    char *s = cJSON_PrintUnformatted(lit);
    snprintf(buf, size, "%s", s ? s : "?");
    free(s);
}

static const char *describe(const operand *f)
{
    return strcmp(f->type, "item") == 0 ? "an item of list field" : "field";
}

// A date field against a literal (lt is its text), ordered or equated alike: the literal must
// be a string written YYYY-MM-DD, of a day that exists (a cell never holds "2024-02-30").
static void check_date_literal(linter *l, const char *op, const operand *f, const cJSON *lit,
                               const char *lt, const char *pointer)
{
    if (!(cJSON_IsString(lit) && date_has_form(lit->valuestring, strlen(lit->valuestring))))
        problem(l, DIAG_ERROR, pointer,
                "\"%s\" compares date field \"%s\" with %s, which is not a date written YYYY-MM-DD",
                op, f->name, lt);
    else if (!date_is_calendar(lit->valuestring, strlen(lit->valuestring)))
        problem(l, DIAG_ERROR, pointer,
                "\"%s\" compares date field \"%s\" with %s, which is not a calendar date (no such "
                "day)",
                op, f->name, lt);
}

// One field operand against one literal in an ordering comparison (<, <=, >, >=).
static void check_order(linter *l, const char *op, const operand *f, const cJSON *lit,
                        const char *pointer)
{
    char lt[128];
    literal_text(lit, lt, sizeof lt);
    const char *t = f->type;
    if (strcmp(t, "boolean") == 0 || strcmp(t, "list") == 0) {
        problem(l, DIAG_ERROR, pointer,
                "\"%s\" orders %s field \"%s\", which is a %s: this comparison can never be "
                "meaningful",
                op, strcmp(t, "list") == 0 ? "list" : "boolean", f->name, t);
    } else if (is_numeric_type(t)) {
        if (!literal_is_number(lit))
            problem(l, DIAG_ERROR, pointer,
                    "\"%s\" compares %s field \"%s\" with %s, which is not a number: it can never "
                    "be true",
                    op, t, f->name, lt);
    } else if (strcmp(t, "date") == 0) {
        check_date_literal(l, op, f, lit, lt, pointer);
    } else if (cJSON_IsNumber(lit) || cJSON_IsBool(lit)) {
        problem(l, DIAG_ERROR, pointer,
                "\"%s\" compares %s \"%s\" (%s) with the %s %s: its types can never match", op,
                describe(f), f->name, strcmp(t, "item") == 0 ? "text" : t,
                cJSON_IsNumber(lit) ? "number" : "boolean", lt);
    }
}

// One field operand against one literal in an equality comparison (==, ===, !=, !==).
static void check_equal(linter *l, const char *op, const operand *f, const cJSON *lit,
                        const char *pointer)
{
    char lt[128];
    literal_text(lit, lt, sizeof lt);
    const char *t = f->type;
    if (cJSON_IsNull(lit)) {
        problem(l, DIAG_ERROR, pointer,
                "\"%s\" compares field \"%s\" with null: an empty cell is unknown, never null; "
                "use \"missing\" to test for absence",
                op, f->name);
    } else if (strcmp(t, "boolean") == 0) {
        if (!cJSON_IsBool(lit) &&
            !(cJSON_IsNumber(lit) && (lit->valuedouble == 0 || lit->valuedouble == 1)))
            problem(l, DIAG_ERROR, pointer,
                    "\"%s\" compares boolean field \"%s\" with %s: a boolean cell is true or "
                    "false, so this can never match",
                    op, f->name, lt);
    } else if (strcmp(t, "list") == 0) {
        problem(l, DIAG_ERROR, pointer,
                "\"%s\" compares list field \"%s\" with %s: a list never equals a single value; "
                "use \"in\"",
                op, f->name, lt);
    } else if (is_numeric_type(t)) {
        if (!literal_is_number(lit))
            problem(l, DIAG_ERROR, pointer,
                    "\"%s\" compares %s field \"%s\" with %s, which is not a number: it can never "
                    "match",
                    op, t, f->name, lt);
        else if (strcmp(t, "integer") == 0 && cJSON_IsNumber(lit) &&
                 lit->valuedouble != floor(lit->valuedouble))
            problem(l, DIAG_ERROR, pointer,
                    "\"%s\" compares integer field \"%s\" with %s, which is not a whole number", op,
                    f->name, lt);
    } else if (strcmp(t, "date") == 0) {
        check_date_literal(l, op, f, lit, lt, pointer);
    } else if (strcmp(t, "enum") == 0 || (strcmp(t, "item") == 0 && f->values)) {
        if (!cJSON_IsString(lit) || !among_values(f->values, lit->valuestring))
            problem(l, DIAG_ERROR, pointer,
                    "\"%s\" compares %s \"%s\" with %s, which is not one of its values: it can "
                    "never match",
                    op, describe(f), f->name, lt);
    }
}

static void walk(linter *l, const cJSON *node, char *pointer, const cJSON *element);

static void check_arity(linter *l, const char *op, const cJSON *args, const char *pointer)
{
    size_t n = cJSON_IsArray(args) ? (size_t)cJSON_GetArraySize(args) : 1;
    const logic_operator_info *info = logic_operator(op);
    if (!info || (info->uses_min == 0 && info->uses_max == SIZE_MAX))
        return; // JSON Logic reads any number of its arguments
    size_t least = info->uses_min, most = info->uses_max;
    // The loader refuses some counts itself ("invalid arguments for \">\": needs at least 2
    // arguments", at the operator): one mistake, one message.
    char at_op[PTR_MAX];
    snprintf(at_op, sizeof at_op, "%s", pointer);
    json_pointer_append(at_op, sizeof at_op, op);
    for (size_t i = l->loaded_from; i < l->loaded_to; i++) {
        const diag *d = &l->diags->items[i];
        if (d->severity == DIAG_ERROR && d->pointer && strcmp(d->pointer, at_op) == 0)
            return;
    }
    if (n < least || n > most) {
        char range[64];
        if (least == most)
            snprintf(range, sizeof range, "%zu", least);
        else if (most == (size_t)-1)
            snprintf(range, sizeof range, "at least %zu", least);
        else
            snprintf(range, sizeof range, "%zu to %zu", least, most);
        problem(l, DIAG_ERROR, pointer, "\"%s\" takes %s argument%s, not %zu (JSON Logic would %s)",
                op, range, most == 1 ? "" : "s", n,
                n > most ? "silently ignore the rest" : "not fail");
    }
}

// Static checks of one operator node {op: args} at pointer (the node's own pointer).
static void check_operator(linter *l, const char *op, const cJSON *args, const char *pointer,
                           const cJSON *element)
{
    check_arity(l, op, args, pointer);
    if (!cJSON_IsArray(args))
        return;
    unsigned kind = logic_operator(op)->kind;
    bool order = kind & LOGIC_KIND_ORDER;
    bool equal = kind & LOGIC_KIND_EQUALITY;
    if (order || equal) {
        size_t n = (size_t)cJSON_GetArraySize(args);
        operand ops[3];
        if (n > 3)
            n = 3;
        for (size_t i = 0; i < n; i++)
            ops[i] = classify(l, cJSON_GetArrayItem(args, (int)i), element);
        for (size_t i = 0; i < n; i++) {
            if (!ops[i].field)
                continue;
            for (size_t j = 0; j < n; j++) {
                if (!ops[j].literal)
                    continue;
                if (order)
                    check_order(l, op, &ops[i], ops[j].literal, pointer);
                else
                    check_equal(l, op, &ops[i], ops[j].literal, pointer);
            }
        }
        return;
    }
    if ((kind & LOGIC_KIND_MEMBERSHIP) && cJSON_GetArraySize(args) == 2) {
        operand needle = classify(l, args->child, element);
        operand hay = classify(l, args->child->next, element);
        if (hay.field) {
            if (strcmp(hay.type, "list") != 0 && strcmp(hay.type, "text") != 0)
                problem(l, DIAG_ERROR, pointer,
                        "\"in\" looks inside %s field \"%s\": only a list or a text can contain "
                        "anything",
                        hay.type, hay.name);
            else if (strcmp(hay.type, "list") == 0 && hay.values && needle.literal &&
                     (!cJSON_IsString(needle.literal) ||
                      !among_values(hay.values, needle.literal->valuestring))) {
                char lt[128];
                literal_text(needle.literal, lt, sizeof lt);
                problem(l, DIAG_ERROR, pointer,
                        "\"in\" looks for %s in list field \"%s\", which is not one of its "
                        "values: it can never be found",
                        lt, hay.name);
            }
        } else if (hay.literal && cJSON_IsArray(hay.literal) && needle.field) {
            bool closed = strcmp(needle.type, "enum") == 0 ||
                          (strcmp(needle.type, "item") == 0 && needle.values);
            if (strcmp(needle.type, "list") == 0 || strcmp(needle.type, "boolean") == 0)
                problem(l, DIAG_ERROR, pointer,
                        "\"in\" looks for %s field \"%s\" in a list of constants: it can never "
                        "be found",
                        needle.type, needle.name);
            else if (closed) {
                char p[PTR_MAX];
                size_t i = 0;
                const cJSON *item;
                cJSON_ArrayForEach(item, hay.literal)
                {
                    if (!cJSON_IsString(item) || !among_values(needle.values, item->valuestring)) {
                        char lt[128];
                        literal_text(item, lt, sizeof lt);
                        snprintf(p, sizeof p, "%s", pointer);
                        json_pointer_append(p, sizeof p, op);
                        json_pointer_append_index(p, sizeof p, 1);
                        json_pointer_append_index(p, sizeof p, i);
                        problem(l, DIAG_ERROR, p,
                                "%s is not a value of %s \"%s\": it can never match", lt,
                                describe(&needle), needle.name);
                    }
                    i++;
                }
            }
        }
    }
}

// Whether op's argument 1 is a body evaluated for each element of argument 0.
static bool is_iterator(const char *op)
{
    const logic_operator_info *info = logic_operator(op);
    return info && (info->kind & LOGIC_KIND_BODY);
}

static void walk(linter *l, const cJSON *node, char *pointer, const cJSON *element)
{
    size_t base = strlen(pointer);
    if (cJSON_IsArray(node)) {
        size_t i = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, node)
        {
            json_pointer_append_index(pointer, PTR_MAX, i++);
            walk(l, c, pointer, element);
            pointer[base] = '\0';
        }
        return;
    }
    if (!cJSON_IsObject(node) || cJSON_GetArraySize(node) != 1)
        return; // constants; objects of several keys are the engine's to report
    const char *op = node->child->string;
    const cJSON *args = node->child;
    if (!strcmp(op, "var")) {
        const char *name = var_name(node);
        size_t idx;
        if (name && !element && field_decl(l, name, &idx))
            l->read[idx] = true;
        check_arity(l, op, args, pointer);
        return;
    }
    if (!strcmp(op, "missing") || !strcmp(op, "missing_some")) {
        // Names the fields it tests: they count as read.
        const cJSON *names =
            !strcmp(op, "missing_some") && cJSON_IsArray(args) ? cJSON_GetArrayItem(args, 1) : args;
        const cJSON *n;
        size_t idx;
        if (cJSON_IsString(names) && !element && field_decl(l, names->valuestring, &idx))
            l->read[idx] = true;
        cJSON_ArrayForEach(n, names)
        {
            if (cJSON_IsString(n) && !element && field_decl(l, n->valuestring, &idx))
                l->read[idx] = true;
        }
        return;
    }
    if (logic_is_operator(op)) // else the engine reports it; its operands still count as read
        check_operator(l, op, args, pointer, element);
    json_pointer_append(pointer, PTR_MAX, op);
    size_t opbase = strlen(pointer);
    if (is_iterator(op) && cJSON_IsArray(args)) {
        // The body (argument 1, and reduce's initial value) sees the element, not the fields.
        const cJSON *list = args->child;
        const cJSON *item = NULL;
        operand lo = list ? classify(l, list, element) : (operand){0};
        if (lo.field && strcmp(lo.type, "list") == 0)
            item = lo.field;
        else if (lo.field && strcmp(lo.type, "item") != 0) {
            pointer[base] = '\0';
            problem(l, DIAG_ERROR, pointer,
                    "\"%s\" iterates over %s field \"%s\", which is not a list", op, lo.type,
                    lo.name);
            json_pointer_append(pointer, PTR_MAX, op);
        }
        size_t i = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, args)
        {
            json_pointer_append_index(pointer, PTR_MAX, i);
            walk(l, c, pointer, i == 0 ? element : item ? item : &UNKNOWN_ELEMENT);
            pointer[opbase] = '\0';
            i++;
        }
    } else {
        walk(l, args, pointer, element);
    }
    pointer[base] = '\0';
}

static void lint_rules(linter *l, const cJSON *root)
{
    const cJSON *criteria = cJSON_GetObjectItemCaseSensitive(root, "criteria");
    size_t ci = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, criteria)
    {
        const cJSON *reqs = cJSON_GetObjectItemCaseSensitive(c, "requirements");
        size_t ri = 0;
        const cJSON *r;
        cJSON_ArrayForEach(r, reqs)
        {
            static const char *const parts[] = {"applies_if", "rule"};
            for (size_t k = 0; k < 2; k++) {
                const cJSON *rule =
                    cJSON_IsObject(r) ? cJSON_GetObjectItemCaseSensitive(r, parts[k]) : NULL;
                if (!rule)
                    continue;
                char p[PTR_MAX] = "/criteria";
                json_pointer_append_index(p, sizeof p, ci);
                json_pointer_append(p, sizeof p, "requirements");
                json_pointer_append_index(p, sizeof p, ri);
                json_pointer_append(p, sizeof p, parts[k]);
                walk(l, rule, p, NULL);
            }
            ri++;
        }
        ci++;
    }
}

// Whether the checklist's "display" names field: shown in every report, so not unread.
static bool displayed(const cJSON *root, const char *field)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(root, "display"))
    {
        if (cJSON_IsString(d) && strcmp(d->valuestring, field) == 0)
            return true;
    }
    return false;
}

static void lint_unread_fields(linter *l, const cJSON *root)
{
    static const char *const evidence[] = {"boolean", "number", "integer", "percent",
                                           "list",    "date",   NULL};
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(root, "key");
    size_t i = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, l->fields)
    {
        bool is_key = cJSON_IsString(key) && strcmp(key->valuestring, f->string) == 0;
        const char *t = cJSON_IsObject(f) ? field_type_of(f) : "";
        bool is_evidence = false;
        for (const char *const *e = evidence; *e; e++)
            is_evidence |= strcmp(t, *e) == 0;
        if (!l->read[i] && !is_key && is_evidence && !displayed(root, f->string)) {
            char p[PTR_MAX] = "/fields";
            json_pointer_append(p, sizeof p, f->string);
            problem(l, DIAG_WARNING, p,
                    "no rule reads %s field \"%s\": proponents would collect evidence that "
                    "counts for nothing",
                    t, f->string);
        }
        i++;
    }
}

void lint_text(const char *text, size_t len, const char *origin, size_t loader_first,
               size_t errors_at_start, diag_list *diags)
{
    size_t bad;
    const char *why;
    cJSON *root = json_strict_parse(text, len, &bad, &why);
    if (!root || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return; // broken JSON or no object: the loader has said where
    }
    // Places are given as the loader gives them: in the text after a byte-order mark.
    size_t bom = json_strict_bom_length(text, len);
    text += bom;
    len -= bom;
    size_t first = diags->count;
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    linter l = {.diags = diags,
                .origin = origin,
                .fields = cJSON_IsObject(fields) ? fields : NULL,
                .loaded_from = loader_first,
                .loaded_to = first};
    size_t nfields = l.fields ? (size_t)cJSON_GetArraySize(l.fields) : 0;
    l.read = xcalloc(nfields + 1, sizeof(bool));
    if (l.fields)
        index_field_decls(&l, nfields);
    lint_rules(&l, root);
    // A field "no rule reads" is most often one a misspelt var meant: report it only once the
    // checklist has no errors, so one mistake gives one message.
    if (l.fields && diags->errors == errors_at_start)
        lint_unread_fields(&l, root);
    for (size_t i = first; i < diags->count; i++) {
        diag *d = &diags->items[i];
        size_t pos = json_pos_of_pointer(text, len, d->pointer);
        json_pos_of_offset(text, len, pos, &d->line, &d->column);
    }
    free(l.read);
    free(l.by_name);
    free(l.decls);
    cJSON_Delete(root);
}
