// Differential tests of the JSON Logic engine: every rule's compiled form (each node's own
// operation, what evaluation runs, and its test, what logic_test runs) against the general
// operations (the tree-walker, what explanations run, logic_env.walk) on the shared conformance
// suites, read in place, on the project's own cases (tests/logic/ddcheck.json) and on seeded
// random checklist rules over random rows.
#include "unit/test_main.h"

#include "util/arena.h"
#include "util/diag.h"
#include "util/file.h"
#include "checklist/logic.h"
#include "checklist/value.h"
#include "logic/logic_suite.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <string.h>

// Same result: kind, unknown's flags, an error's type, else deep equality.
static bool same(const value *a, const value *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == VALUE_UNKNOWN)
        return a->flags == b->flags;
    if (a->kind == VALUE_ERROR)
        return a->flags == b->flags && a->as.string.len == b->as.string.len &&
               memcmp(a->as.string.ptr, b->as.string.ptr, a->as.string.len) == 0;
    // The same value, or equal ones.
    return memcmp(a, b, sizeof *a) == 0 || value_equal(a, b);
}

static void print_mismatch(const cJSON *rule, const char *where, const value *compiled,
                           const value *walked)
{
    char *r = cJSON_PrintUnformatted(rule);
    cJSON *cj = value_to_cjson(compiled), *wj = value_to_cjson(walked);
    char *cs = cJSON_PrintUnformatted(cj), *ws = cJSON_PrintUnformatted(wj);
    fprintf(stderr, "%s: %s: compiled %s (kind %d, flags %u), walker %s (kind %d, flags %u)\n",
            where, r, cs, (int)compiled->kind, compiled->flags, ws, (int)walked->kind,
            walked->flags);
    cJSON_free(r);
    cJSON_free(cs);
    cJSON_free(ws);
    cJSON_Delete(cj);
    cJSON_Delete(wj);
}

// The truth logic_test must give for a rule whose value is v.
static logic_truth truth_of(const value *v)
{
    if (v->kind == VALUE_UNKNOWN)
        return (v->flags & VALUE_FLAG_INVALID) ? LOGIC_UNKNOWN_INVALID : LOGIC_UNKNOWN;
    if (v->kind == VALUE_ERROR)
        return logic_is_limit(v) ? LOGIC_LIMIT : LOGIC_ERROR;
    return value_truthy(v) ? LOGIC_TRUE : LOGIC_FALSE;
}

static logic_context *shared_context;

// Frees the context the checks of one test shared.
static void end_shared_context(void)
{
    logic_context_free(shared_context);
    shared_context = NULL;
}

// Evaluates rule both ways with env, and as a condition (logic_test, the compiled form's tests);
// false (and a message) when they differ.
static bool agree(const logic_rule *rule, logic_env env, const cJSON *rule_json, const char *where)
{
    env.walk = false;
    value compiled = logic_eval(rule, &env);
    env.walk = true;
    value walked = logic_eval(rule, &env);
    if (!same(&compiled, &walked)) {
        print_mismatch(rule_json, where, &compiled, &walked);
        return false;
    }
    // One context for every rule and row of a test, as the evaluator keeps one: nothing an
    // evaluation leaves in it may change the next one's result.
    if (!shared_context)
        shared_context = logic_context_new();
    logic_context_row(shared_context, &env);
    const char *limit = NULL;
    logic_truth tested = logic_test(rule, shared_context, &limit), want = truth_of(&walked);
    if (tested == want && (want != LOGIC_LIMIT || limit == walked.as.string.ptr))
        return true;
    print_mismatch(rule_json, where, &compiled, &walked);
    fprintf(stderr, "%s: logic_test gave truth %d, the walker's value truth %d\n", where,
            (int)tested, (int)want);
    return false;
}

// ---- the conformance suites ----------------------------------------------------------------

typedef struct tally {
    int cases, compiled, failed;
} tally;

static void suite_case(tally *t, const cJSON *rule_json, const cJSON *data_json, const char *name)
{
    t->cases++;
    for (int mode = 0; mode < 2; mode++) {
        diag_list diags = {0};
        logic_options opts = {.mode = mode ? LOGIC_KLEENE : LOGIC_PLAIN, .pointer = ""};
        logic_rule *rule = logic_compile(rule_json, &opts, &diags);
        diag_list_clear(&diags);
        if (!rule)
            continue; // a checklist rule may refuse what plain JSON Logic throws on
        t->compiled++;
        arena *a = arena_new();
        value data = value_from_cjson(data_json, a);
        logic_env env = {.data = &data, .scratch = a};
        if (!agree(rule, env, rule_json, name))
            t->failed++;
        arena_free(a);
        logic_rule_free(rule);
    }
}

// A suite file (a JSON array), parsed; the caller frees it with cJSON_Delete().
static cJSON *read_array(const char *path)
{
    size_t len;
    char *text = file_read(path, &len);
    assert_non_null(text);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    assert_true(cJSON_IsArray(doc));
    return doc;
}

static void run_suite(tally *t, const char *path, bool classic)
{
    cJSON *doc = read_array(path);
    for (const cJSON *item = doc->child; item; item = item->next) {
        if (classic && cJSON_IsArray(item) && cJSON_GetArraySize(item) >= 3)
            suite_case(t, cJSON_GetArrayItem(item, 0), cJSON_GetArrayItem(item, 1), path);
        else if (!classic && cJSON_IsObject(item) && cJSON_HasObjectItem(item, "rule"))
            suite_case(t, cJSON_GetObjectItemCaseSensitive(item, "rule"),
                       cJSON_GetObjectItemCaseSensitive(item, "data"), path);
    }
    cJSON_Delete(doc);
}

static void compiled_form_agrees_with_the_walker_on_the_conformance_suites(void **state)
{
    (void)state;
    const char *dir = DDCHECK_SHARED_DIR "/conformance/jsonlogic";
    char path[1024];
    snprintf(path, sizeof path, "%s/tests.json", dir);
    FILE *probe = fopen(path, "r");
    if (!probe) {
        fprintf(stderr, "the shared conformance suites are not at %s\n", dir);
        skip();
    }
    fclose(probe);
    tally t = {0};
    run_suite(&t, path, true);
    snprintf(path, sizeof path, "%s/compat-suites/index.json", dir);
    cJSON *index = read_array(path);
    for (const cJSON *s = index->child; s; s = s->next) {
        snprintf(path, sizeof path, "%s/compat-suites/%s", dir, s->valuestring);
        run_suite(&t, path, false);
    }
    cJSON_Delete(index);
    fprintf(stderr, "%d cases, %d compiled rules, %d disagreements\n", t.cases, t.compiled,
            t.failed);
    end_shared_context();
    assert_int_equal(t.failed, 0);
    assert_true(t.cases > 1000);
}

// ---- the project's own cases ------------------------------------------------------------------

// A checklist case of tests/logic/ddcheck.json: compiled with its declared fields and evaluated
// on its row both ways.
static void checklist_case(tally *t, const cJSON *item, logic_suite_fields *fields,
                           const char *name)
{
    t->cases++;
    const cJSON *rule_json = cJSON_GetObjectItemCaseSensitive(item, "rule");
    diag_list diags = {0};
    logic_options opts = {
        .mode = LOGIC_KLEENE, .resolve = logic_suite_resolve, .resolve_ctx = fields, .pointer = ""};
    logic_rule *rule = logic_compile(rule_json, &opts, &diags);
    diag_list_clear(&diags);
    if (!rule)
        return; // a compile_error case
    t->compiled++;
    arena *a = arena_new();
    value slots[LOGIC_SUITE_MAX_FIELDS];
    assert_true(
        logic_suite_build_row(cJSON_GetObjectItemCaseSensitive(item, "data"), fields, slots, a));
    logic_env env = {.slots = slots, .slot_count = fields->count, .scratch = a};
    if (!agree(rule, env, rule_json, name))
        t->failed++;
    arena_free(a);
    logic_rule_free(rule);
}

static void compiled_form_agrees_with_the_walker_on_the_project_cases(void **state)
{
    (void)state;
    const char *path = DDCHECK_SOURCE_DIR "/tests/logic/ddcheck.json";
    cJSON *doc = read_array(path);
    tally t = {0};
    logic_suite_fields fields = {0};
    int rules = 0;
    for (const cJSON *item = doc->child; item; item = item->next) {
        if (logic_suite_read_fields(item, &fields) || !cJSON_HasObjectItem(item, "rule"))
            continue;
        rules++;
        if (logic_suite_is_checklist(item))
            checklist_case(&t, item, &fields, path);
        else
            suite_case(&t, cJSON_GetObjectItemCaseSensitive(item, "rule"),
                       cJSON_GetObjectItemCaseSensitive(item, "data"), path);
    }
    cJSON_Delete(doc);
    fprintf(stderr, "%d cases, %d compiled rules, %d disagreements\n", t.cases, t.compiled,
            t.failed);
    end_shared_context();
    assert_int_equal(t.failed, 0);
    assert_int_equal(t.cases, rules);
    assert_true(t.compiled > 100);
}

// ---- random checklist rules -------------------------------------------------------------------

// The fields of the random rules, by slot; "tags", "tags2" and "tags3" have declared values (their
// cells are sets): tags2 the same as tags, tags3 others in another order.
enum { F_NUM, F_SHARE, F_TXT, F_FLAG, F_DATE, F_TAGS, F_ITEMS, F_TAGS2, F_TAGS3, NFIELDS };
static const char *const FIELDS[NFIELDS] = {"num",  "share", "txt",   "flag", "date",
                                            "tags", "items", "tags2", "tags3"};
static char TAG_TEXT[][12] = {"women", "youth", "elders", "disability", "ethnicity", "other"};
static char *const TAG_VALUES[] = {TAG_TEXT[0], TAG_TEXT[1], TAG_TEXT[2], TAG_TEXT[3], TAG_TEXT[4]};
static const size_t TAG_LENS[] = {5, 5, 6, 10, 9};
static char *const TAG3_VALUES[] = {TAG_TEXT[4], TAG_TEXT[3], TAG_TEXT[0], TAG_TEXT[5],
                                    TAG_TEXT[1]};
static const size_t TAG3_LENS[] = {9, 10, 5, 5, 5};
enum { NTAGS = 5 };
static const char *const WORDS[] = {"women",      "youth",        "x",    "",         "2024-01-31",
                                    "2023-12-01", "construction", "a",    "10",       "3.5",
                                    "womyn",      "womenx",       "wome", "2024-01-3"};
enum { NWORDS = sizeof WORDS / sizeof WORDS[0] };

static bool resolve(void *ctx, const char *name, size_t *slot)
{
    (void)ctx;
    for (size_t i = 0; i < NFIELDS; i++)
        if (strcmp(FIELDS[i], name) == 0) {
            *slot = i;
            return true;
        }
    return false;
}

static bool tag_values(void *ctx, size_t slot, char *const **values, const size_t **lens,
                       size_t *count)
{
    (void)ctx;
    if (slot != F_TAGS && slot != F_TAGS2 && slot != F_TAGS3)
        return false;
    *values = slot == F_TAGS3 ? TAG3_VALUES : TAG_VALUES;
    *lens = slot == F_TAGS3 ? TAG3_LENS : TAG_LENS;
    *count = NTAGS;
    return true;
}

static unsigned long long rng_state;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static cJSON *op1(const char *op, cJSON *arg)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, op, arg);
    return o;
}

static cJSON *opn(const char *op, cJSON **args, int n)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, args[i]);
    return op1(op, arr);
}

static cJSON *gen_const(void)
{
    switch (rnd(7)) {
    case 0:
    case 1:
        return cJSON_CreateNumber((double)((int)rnd(21) - 5) / (rnd(3) ? 1 : 4));
    case 2:
    case 3:
        return cJSON_CreateString(WORDS[rnd(NWORDS)]);
    case 4:
        return cJSON_CreateBool(rnd(2));
    case 5:
        return cJSON_CreateNull();
    default: {
        cJSON *arr = cJSON_CreateArray();
        int n = (int)rnd(4);
        for (int i = 0; i < n; i++)
            cJSON_AddItemToArray(arr, rnd(3) ? cJSON_CreateString(TAG_VALUES[rnd(NTAGS)])
                                             : cJSON_CreateNumber(rnd(4)));
        return arr;
    }
    }
}

static cJSON *gen_field(void)
{
    cJSON *name = cJSON_CreateString(FIELDS[rnd(NFIELDS)]);
    if (rnd(6) == 0) {
        cJSON *args[2] = {name, gen_const()};
        return opn("var", args, 2);
    }
    return op1("var", name);
}

static cJSON *gen(int depth, bool in_body);

// The body of an iteration: the element ({"var": ""}) tested, counted or transformed.
static cJSON *gen_body(int depth)
{
    cJSON *el = op1("var", cJSON_CreateString(""));
    switch (rnd(5)) {
    case 0: {
        cJSON *args[2] = {el, gen_const()};
        cJSON *in = opn("in", args, 2);
        return rnd(3) ? in : op1("!", in);
    }
    case 1: {
        static const char *const cmp[] = {"==", "!=", ">", "<=", "==="};
        cJSON *args[2] = {el, gen_const()};
        return opn(cmp[rnd(5)], args, 2);
    }
    case 2:
        cJSON_Delete(el);
        return gen(depth + 1, true);
    default:
        return el;
    }
}

static cJSON *gen_list(int depth)
{
    if (rnd(3))
        return op1("var", cJSON_CreateString(rnd(2) ? "tags" : "items"));
    return gen(depth + 1, false);
}

static cJSON *gen(int depth, bool in_body);

// A value of the set fields, now and then one that only tags3 declares.
static cJSON *tag_const(void)
{
    return cJSON_CreateString(rnd(8) ? TAG_VALUES[rnd(NTAGS)] : TAG_TEXT[5]);
}

static cJSON *set_field(void)
{
    static const char *const names[] = {"tags", "tags2", "tags3", "items"};
    return op1("var", cJSON_CreateString(names[rnd(4)]));
}

// The body of some/all/none over a set: the element in a constant list, or compared with a
// value (either side), or the `!` of that.
static cJSON *gen_set_body(void)
{
    cJSON *el = op1("var", cJSON_CreateString("")), *body;
    if (rnd(2)) {
        cJSON *list = cJSON_CreateArray();
        for (int i = 0, n = (int)rnd(4); i < n; i++)
            cJSON_AddItemToArray(list, tag_const());
        cJSON *args[2] = {el, list};
        body = opn("in", args, 2);
    } else {
        static const char *const eq[] = {"==", "===", "!=", "!=="};
        cJSON *k = rnd(6) ? tag_const() : cJSON_CreateNumber(rnd(3));
        cJSON *args[2] = {rnd(2) ? el : k, NULL};
        args[1] = args[0] == el ? k : el;
        body = opn(eq[rnd(4)], args, 2);
    }
    return rnd(4) ? body : op1("!", body);
}

// A condition over the set fields (the shapes an and/or folds into mask tests), or now and then
// any other.
static cJSON *gen_set_condition(int depth)
{
    cJSON *args[3];
    switch (depth > 6 ? 0 : rnd(8)) {
    case 0:
    case 1:
    case 2:
        args[0] = tag_const();
        args[1] = set_field();
        return opn("in", args, 2);
    case 3: {
        static const char *const q[] = {"some", "all", "none"};
        args[0] = set_field();
        args[1] = gen_set_body();
        return opn(q[rnd(3)], args, 2);
    }
    case 4:
        return op1(rnd(3) ? "!" : "!!", gen_set_condition(depth + 1));
    case 5:
    case 6: // mostly an implication between two values
        for (int i = 0; i < 2; i++) {
            if (rnd(3)) {
                cJSON *in[2] = {tag_const(), set_field()};
                args[i] = opn("in", in, 2);
            } else {
                args[i] = gen_set_condition(depth + 1);
            }
        }
        args[2] = rnd(4) ? cJSON_CreateBool(rnd(4)) : gen_const();
        return opn("if", args, 3);
    default:
        return gen(depth + 1, false);
    }
}

// A number operand: a field (any, read as it is), a number, or arithmetic of two of those.
static cJSON *gen_number_operand(bool arithmetic)
{
    static const char *const arith[] = {"+", "-", "*", "/", "%", "max", "min"};
    static const char *const fields[] = {"num", "share", "num", "share", "txt", "flag"};
    if (arithmetic && rnd(2)) {
        cJSON *args[2] = {gen_number_operand(false), gen_number_operand(false)};
        return opn(arith[rnd(7)], args, 2);
    }
    if (rnd(3) == 0)
        return cJSON_CreateNumber((double)((int)rnd(41) - 10) / (rnd(2) ? 1 : 4));
    return op1("var", cJSON_CreateString(fields[rnd(6)]));
}

// A date (or another string) compared with a constant date, either side.
static cJSON *gen_date_comparison(void)
{
    static const char *const cmp[] = {"==", "!=", ">", ">=", "<", "<="};
    char d[16];
    snprintf(d, sizeof d, "20%02u-%02u-%02u", 23 + rnd(3), 1 + rnd(12), 1 + rnd(28));
    cJSON *k = cJSON_CreateString(rnd(8) ? d : WORDS[rnd(NWORDS)]);
    cJSON *f = op1("var", cJSON_CreateString(rnd(4) ? "date" : "txt"));
    cJSON *args[2] = {rnd(2) ? f : k, NULL};
    args[1] = args[0] == f ? k : f;
    return opn(cmp[rnd(6)], args, 2);
}

// A comparison of number operands.
static cJSON *gen_number_comparison(void)
{
    static const char *const cmp[] = {"==", "===", "!=", "!==", ">", ">=", "<", "<="};
    cJSON *args[2] = {gen_number_operand(true), gen_number_operand(true)};
    return opn(cmp[rnd(8)], args, 2);
}

// An and/or of conditions over sets.
static cJSON *gen_set_connective(int depth)
{
    cJSON *args[8];
    int n = 2 + (int)rnd(7);
    for (int i = 0; i < n; i++)
        args[i] = gen_set_condition(depth + 1);
    return opn(rnd(3) ? "and" : "or", args, n);
}

static cJSON *gen(int depth, bool in_body)
{
    if (depth > 4)
        return rnd(2) || in_body ? gen_const() : gen_field();
    static const char *const cmp[] = {"==", "===", "!=", "!==", ">", ">=", "<", "<="};
    static const char *const arith[] = {"+", "-", "*", "/", "%", "max", "min"};
    cJSON *args[5];
    switch (rnd(18)) {
    case 17:
        return rnd(2) ? gen_number_comparison() : gen_date_comparison();
    case 0:
        return in_body ? op1("var", cJSON_CreateString("")) : gen_field();
    case 16:
        return in_body ? gen_const() : gen_set_connective(depth);
    case 1:
        return gen_const();
    case 2:
    case 3: {
        int n = rnd(6) ? 2 : 3;
        for (int i = 0; i < n; i++)
            args[i] = rnd(2) && !in_body ? gen_field() : gen(depth + 1, in_body);
        return opn(cmp[rnd(8)], args, n);
    }
    case 4: {
        int n = 1 + (int)rnd(3);
        for (int i = 0; i < n; i++)
            args[i] = gen(depth + 1, in_body);
        return opn(arith[rnd(7)], args, n);
    }
    case 5:
        args[0] = gen(depth + 1, in_body);
        args[1] = rnd(2) ? gen_const() : gen(depth + 1, in_body);
        return opn("in", args, 2);
    case 6:
        if (in_body)
            return gen_const();
        args[0] = cJSON_CreateString(rnd(4) ? TAG_VALUES[rnd(NTAGS)] : WORDS[rnd(NWORDS)]);
        args[1] = op1("var", cJSON_CreateString(rnd(2) ? "tags" : "items"));
        return opn("in", args, 2);
    case 7:
    case 8: {
        int n = 1 + (int)rnd(3);
        for (int i = 0; i < n; i++)
            args[i] = gen(depth + 1, in_body);
        return opn(rnd(2) ? "and" : "or", args, n);
    }
    case 9:
        return op1(rnd(2) ? "!" : "!!", gen(depth + 1, in_body));
    case 10: {
        int n = 1 + (int)rnd(5);
        for (int i = 0; i < n; i++)
            args[i] = gen(depth + 1, in_body);
        return opn("if", args, n);
    }
    case 11: {
        if (in_body)
            return gen_const();
        cJSON *names = cJSON_CreateArray();
        int n = 1 + (int)rnd(3);
        for (int i = 0; i < n; i++)
            cJSON_AddItemToArray(names, cJSON_CreateString(FIELDS[rnd(NFIELDS)]));
        if (rnd(2))
            return op1("missing", names);
        args[0] = cJSON_CreateNumber(rnd(3));
        args[1] = names;
        return opn("missing_some", args, 2);
    }
    case 12: { // a count, maybe of a filter, maybe compared
        cJSON *list = gen_list(depth);
        if (rnd(2)) {
            cJSON *fa[2] = {list, gen_body(depth)};
            list = opn("filter", fa, 2);
        }
        cJSON *plus[2] = {op1("var", cJSON_CreateString("accumulator")), cJSON_CreateNumber(1)};
        args[0] = list;
        args[1] = opn("+", plus, 2);
        args[2] = cJSON_CreateNumber(rnd(3));
        cJSON *count = opn("reduce", args, 3);
        if (rnd(2))
            return count;
        cJSON *ca[2] = {count, cJSON_CreateNumber(rnd(4))};
        return opn(cmp[rnd(8)], ca, 2);
    }
    case 13: {
        static const char *const it[] = {"some", "all", "none", "map", "filter"};
        args[0] = gen_list(depth);
        args[1] = gen_body(depth);
        return opn(it[rnd(5)], args, 2);
    }
    case 14: {
        args[0] = gen(depth + 1, in_body);
        args[1] = gen(depth + 1, in_body);
        return opn(rnd(2) ? "cat" : "merge", args, 2);
    }
    default: {
        args[0] = gen_list(depth);
        cJSON *sum[2] = {op1("var", cJSON_CreateString("accumulator")),
                         op1("var", cJSON_CreateString("current"))};
        args[1] = opn(rnd(2) ? "+" : "cat", sum, 2);
        args[2] = gen_const();
        return opn("reduce", args, 3);
    }
    }
}

// A random row: each cell absent, invalid, or a value of its field's kind (now and then another).
static void gen_row(value *slots, logic_set *sets, arena *a)
{
    for (size_t f = 0; f < NFIELDS; f++) {
        sets[f] = (logic_set){0};
        unsigned r = rnd(10);
        if (r == 0) {
            slots[f] = value_unknown(false);
            continue;
        }
        if (r == 1) {
            slots[f] = value_unknown(true);
            continue;
        }
        if (r == 2) { // a value of another kind
            const char *w = WORDS[rnd(NWORDS)];
            slots[f] = rnd(2) ? value_string(w, strlen(w)) : value_number(rnd(5));
            continue;
        }
        switch (f) {
        case F_NUM:
        case F_SHARE:
            slots[f] = value_number((double)rnd(120) / (rnd(2) ? 1 : 8));
            break;
        case F_DATE:
            if (rnd(2)) {
                char *d = arena_alloc(a, 11);
                snprintf(d, 11, "20%02u-%02u-%02u", 23 + rnd(3), 1 + rnd(12), 1 + rnd(28));
                slots[f] = value_string(d, 10);
                break;
            }
            // fall through
        case F_TXT: {
            const char *w = WORDS[rnd(NWORDS)];
            slots[f] = value_string(w, strlen(w));
            break;
        }
        case F_FLAG:
            slots[f] = value_bool(rnd(2));
            break;
        default: {
            size_t n = 1 + rnd(4);
            value *items = arena_alloc(a, n * sizeof(value));
            uint64_t bits = 0;
            bool repeats = false;
            char *const *names = f == F_TAGS3 ? TAG3_VALUES : TAG_VALUES;
            const size_t *lens = f == F_TAGS3 ? TAG3_LENS : TAG_LENS;
            for (size_t i = 0; i < n; i++) {
                unsigned k = rnd(NTAGS);
                if (f == F_ITEMS && rnd(3) == 0) {
                    const char *w = WORDS[rnd(NWORDS)];
                    items[i] = rnd(4) ? value_string(w, strlen(w)) : value_number(rnd(3));
                    continue;
                }
                items[i] = value_string(names[k], lens[k]);
                repeats |= (bits >> k) & 1;
                bits |= (uint64_t)1 << k;
            }
            slots[f] = value_array(items, n);
            // A set field's cell known as a set, now and then not (the caller need not know).
            if (f != F_ITEMS && rnd(8))
                sets[f] = (logic_set){.bits = bits, .valid = true, .repeats = repeats};
        }
        }
    }
}

// Compiles count rules made by make (plain and Kleene) and checks each on 12 random rows; returns
// the rules compiled.
static int check_random_rules(cJSON *(*make)(int depth), int count)
{
    int rules = 0, evaluations = 0, failed = 0;
    arena *a = arena_new();
    for (int i = 0; i < count && failed < 5; i++) {
        cJSON *rule_json = make(0);
        for (int mode = 0; mode < 2; mode++) {
            diag_list diags = {0};
            logic_options opts = {.mode = mode ? LOGIC_KLEENE : LOGIC_PLAIN,
                                  .resolve = resolve,
                                  .values = tag_values,
                                  .pointer = ""};
            logic_rule *rule = logic_compile(rule_json, &opts, &diags);
            diag_list_clear(&diags);
            if (!rule)
                continue;
            rules++;
            for (int row = 0; row < 12; row++) {
                value slots[NFIELDS];
                logic_set sets[NFIELDS];
                arena_reset(a);
                gen_row(slots, sets, a);
                logic_env env = {.slots = slots, .slot_count = NFIELDS, .sets = sets, .scratch = a};
                evaluations++;
                if (!agree(rule, env, rule_json, mode ? "kleene" : "plain"))
                    failed++;
            }
            logic_rule_free(rule);
        }
        cJSON_Delete(rule_json);
    }
    arena_free(a);
    fprintf(stderr, "%d rules compiled, %d evaluations, %d disagreements\n", rules, evaluations,
            failed);
    end_shared_context();
    assert_int_equal(failed, 0);
    return rules;
}

static cJSON *gen_rule(int depth)
{
    return gen(depth, false);
}

static void compiled_form_agrees_with_the_walker_on_random_rules(void **state)
{
    (void)state;
    rng_state = 0x9E3779B97F4A7C15ull;
    assert_true(check_random_rules(gen_rule, 6000) > 8000);
}

// The and/or of conditions over sets that the compiled form folds into mask tests, on their own.
static void compiled_form_agrees_with_the_walker_on_random_set_connectives(void **state)
{
    (void)state;
    rng_state = 0x2545F4914F6CDD1Dull;
    assert_true(check_random_rules(gen_set_connective, 3000) > 5000);
}

// Compiles text in both modes and checks it against the walker on rows[0..nrows) (NFIELDS cells
// each), and on each as a row of short_count cells when short_count < NFIELDS; the checks made
// are added to *checked, and the disagreements returned.
static int check_rows(const char *text, const value *rows, size_t nrows, size_t short_count,
                      int *checked)
{
    int failed = 0;
    cJSON *rule_json = cJSON_Parse(text);
    assert_non_null(rule_json);
    arena *a = arena_new();
    for (int mode = 0; mode < 2; mode++) {
        diag_list diags = {0};
        logic_options opts = {
            .mode = mode ? LOGIC_KLEENE : LOGIC_PLAIN, .resolve = resolve, .pointer = ""};
        logic_rule *rule = logic_compile(rule_json, &opts, &diags);
        diag_list_clear(&diags);
        assert_non_null(rule);
        for (size_t r = 0; r < nrows; r++)
            for (size_t count = NFIELDS;; count = short_count) {
                arena_reset(a);
                logic_env env = {.slots = rows + r * NFIELDS, .slot_count = count, .scratch = a};
                ++*checked;
                if (!agree(rule, env, rule_json, mode ? "kleene" : "plain"))
                    failed++;
                if (count == short_count || short_count >= NFIELDS)
                    break;
            }
        logic_rule_free(rule);
    }
    arena_free(a);
    cJSON_Delete(rule_json);
    return failed;
}

// The rule text of a comparison cmp alone (form 0), as an and's first operand (1), as an or's (2).
static void comparison_form(char *text, size_t size, int form, const char *cmp)
{
    if (form == 0)
        snprintf(text, size, "%s", cmp);
    else if (form == 1)
        snprintf(text, size, "{\"and\": [%s, true]}", cmp);
    else
        snprintf(text, size, "{\"or\": [%s, false]}", cmp);
}

static const char *const COMPARISONS[] = {"==", "===", "!=", "!==", "<", "<=", ">", ">="};
enum { NCOMPARISONS = sizeof COMPARISONS / sizeof COMPARISONS[0] };

// Every comparison of a field with a number or boolean constant, either side, alone and as an
// and/or's operand, on cells below, equal to and above it, of other kinds, absent and invalid,
// and in a row without the field's cell: the compiled form's reading of the cell in place agrees
// with the walker.
static void field_compared_with_a_constant_agrees_with_the_walker(void **state)
{
    (void)state;
    static const char *const CONSTANTS[] = {"-1", "0", "2.5", "3", "true", "false"};
    const value cells[] = {
        value_number(-1),    value_number(0),  value_number(2.5),    value_number(3),
        value_number(7),     value_bool(true), value_bool(false),    value_string("3", 1),
        value_string("", 0), value_null(),     value_unknown(false), value_unknown(true),
    };
    enum { NCELLS = sizeof cells / sizeof cells[0] };
    value rows[NCELLS][NFIELDS];
    for (size_t i = 0; i < NCELLS; i++) {
        for (size_t f = 0; f < NFIELDS; f++)
            rows[i][f] = value_unknown(false);
        rows[i][F_NUM] = cells[i];
    }
    int checked = 0, failed = 0;
    for (size_t op = 0; op < NCOMPARISONS; op++)
        for (size_t k = 0; k < sizeof CONSTANTS / sizeof CONSTANTS[0]; k++)
            for (int form = 0; form < 6; form++) {
                char cmp[64], text[128];
                if (form % 2)
                    snprintf(cmp, sizeof cmp, "{\"%s\": [%s, {\"var\": \"num\"}]}", COMPARISONS[op],
                             CONSTANTS[k]);
                else
                    snprintf(cmp, sizeof cmp, "{\"%s\": [{\"var\": \"num\"}, %s]}", COMPARISONS[op],
                             CONSTANTS[k]);
                comparison_form(text, sizeof text, form / 2, cmp);
                failed += check_rows(text, &rows[0][0], NCELLS, F_NUM, &checked);
            }
    end_shared_context();
    assert_int_equal(failed, 0);
    assert_int_equal(checked, NCOMPARISONS * 6 * 6 * 2 * NCELLS * 2);
}

// Every comparison of two fields, alone and as an and/or's operand, over cells below, equal to
// and above each other, of other kinds, absent and invalid, and a row without the right one's
// cell: the compiled form's reading of both cells in place agrees with the walker.
static void fields_compared_agree_with_the_walker(void **state)
{
    (void)state;
    const value cells[] = {value_number(-1), value_number(0),      value_number(2.5),
                           value_number(3),  value_bool(true),     value_string("3", 1),
                           value_null(),     value_unknown(false), value_unknown(true)};
    enum { NCELLS = sizeof cells / sizeof cells[0] };
    value rows[NCELLS * NCELLS][NFIELDS];
    for (size_t i = 0; i < NCELLS * NCELLS; i++) {
        for (size_t f = 0; f < NFIELDS; f++)
            rows[i][f] = value_unknown(false);
        rows[i][F_NUM] = cells[i / NCELLS];
        rows[i][F_SHARE] = cells[i % NCELLS];
    }
    int checked = 0, failed = 0;
    for (size_t op = 0; op < NCOMPARISONS; op++)
        for (int form = 0; form < 3; form++) {
            char cmp[80], text[128];
            snprintf(cmp, sizeof cmp, "{\"%s\": [{\"var\": \"num\"}, {\"var\": \"share\"}]}",
                     COMPARISONS[op]);
            comparison_form(text, sizeof text, form, cmp);
            failed += check_rows(text, &rows[0][0], NCELLS * NCELLS, F_SHARE, &checked);
        }
    end_shared_context();
    assert_int_equal(failed, 0);
    assert_int_equal(checked, NCOMPARISONS * 3 * 2 * NCELLS * NCELLS * 2);
}

// and/or of two and three operands, each a field read as it is, a field compared with true or a
// throw, over every combination of cells true, false, 1, 0, "x", absent and invalid: Kleene's
// tables (the operand that decides, an error, the worst unknown, the last operand) as the walker
// gives them, in both modes, with the compiled form's tail calls and two-operand test.
static void and_or_agree_with_the_walker_on_every_truth(void **state)
{
    (void)state;
    // The operands' fields; their shapes: a field read as it is, the field compared with true, a
    // throw.
    static const size_t SLOTS[] = {F_FLAG, F_NUM, F_SHARE};
    const value cells[] = {value_bool(true),   value_bool(false),    value_number(1),
                           value_number(0),    value_string("x", 1), value_unknown(false),
                           value_unknown(true)};
    enum { NCELLS = sizeof cells / sizeof cells[0], NSHAPES = 3, NROWS = NCELLS * NCELLS * NCELLS };
    // Every combination of the three fields' cells.
    static value rows[NROWS][NFIELDS];
    for (int row = 0; row < NROWS; row++) {
        for (size_t f = 0; f < NFIELDS; f++)
            rows[row][f] = value_unknown(false);
        for (int i = 0, r = row; i < 3; i++, r /= NCELLS)
            rows[row][SLOTS[i]] = cells[r % NCELLS];
    }
    int checked = 0, failed = 0;
    for (int op = 0; op < 2; op++)
        for (int nargs = 2; nargs <= 3; nargs++) {
            int shapes = nargs == 2 ? NSHAPES * NSHAPES : NSHAPES * NSHAPES * NSHAPES;
            for (int shape = 0; shape < shapes; shape++) {
                char text[256];
                size_t len = (size_t)snprintf(text, sizeof text, "{\"%s\": [", op ? "or" : "and");
                for (int i = 0, s = shape; i < nargs; i++, s /= NSHAPES) {
                    len += (size_t)snprintf(text + len, sizeof text - len, i ? ", " : "");
                    const char *f = FIELDS[SLOTS[i]];
                    if (s % NSHAPES == 0)
                        len +=
                            (size_t)snprintf(text + len, sizeof text - len, "{\"var\": \"%s\"}", f);
                    else if (s % NSHAPES == 1)
                        len += (size_t)snprintf(text + len, sizeof text - len,
                                                "{\"==\": [{\"var\": \"%s\"}, true]}", f);
                    else
                        len += (size_t)snprintf(text + len, sizeof text - len,
                                                "{\"throw\": \"%s\"}", f);
                }
                snprintf(text + len, sizeof text - len, "]}");
                // With two operands, the rows whose third cell is the first of cells (every
                // combination of the first two).
                failed += check_rows(text, &rows[0][0], nargs == 2 ? NCELLS * NCELLS : NROWS,
                                     NFIELDS, &checked);
            }
        }
    end_shared_context();
    assert_int_equal(failed, 0);
    assert_int_equal(checked, 2 * 2 * (9 * 49 + 27 * 343));
}

// A field of 64 declared values for wide_values: "v0" … "v63".
static char WIDE_TEXT[64][4];
static char *WIDE_VALUES[64];
static size_t WIDE_LENS[64];

static bool wide_values(void *ctx, size_t slot, char *const **values, const size_t **lens,
                        size_t *count)
{
    (void)ctx;
    if (slot != F_TAGS)
        return false;
    *values = WIDE_VALUES;
    *lens = WIDE_LENS;
    *count = 64;
    return true;
}

// The count of a filter over a field known as a set, with 8 and 64 values, of every width of
// selection (the bits counted as nibbles up to a byte, in parallel above): as the walker counts.
static void counts_over_sets_of_every_width_agree_with_the_walker(void **state)
{
    (void)state;
    for (int v = 0; v < 64; v++) {
        WIDE_LENS[v] = (size_t)snprintf(WIDE_TEXT[v], sizeof WIDE_TEXT[v], "v%d", v);
        WIDE_VALUES[v] = WIDE_TEXT[v];
    }
    rng_state = 0x6A09E667F3BCC908ull;
    int checked = 0, failed = 0;
    arena *a = arena_new();
    for (int r = 0; r < 300; r++) {
        // Rules over the first 8 values now and then, so that both widths are counted.
        unsigned width = r % 3 == 0 ? 8 : 64;
        cJSON *list = cJSON_CreateArray();
        for (unsigned v = 0; v < width; v++)
            if (rnd(2))
                cJSON_AddItemToArray(list, cJSON_CreateString(WIDE_TEXT[v]));
        cJSON *in = opn("in", (cJSON *[]){op1("var", cJSON_CreateString("")), list}, 2);
        cJSON *body = r % 2 ? op1("!", in) : in;
        cJSON *filter = opn("filter", (cJSON *[]){op1("var", cJSON_CreateString("tags")), body}, 2);
        cJSON *add = opn(
            "+", (cJSON *[]){op1("var", cJSON_CreateString("accumulator")), cJSON_CreateNumber(1)},
            2);
        cJSON *rule_json = opn("reduce", (cJSON *[]){filter, add, cJSON_CreateNumber(rnd(3))}, 3);
        diag_list diags = {0};
        logic_options opts = {
            .mode = LOGIC_KLEENE, .resolve = resolve, .values = wide_values, .pointer = ""};
        logic_rule *rule = logic_compile(rule_json, &opts, &diags);
        diag_list_clear(&diags);
        assert_non_null(rule);
        for (int row = 0; row < 8; row++) {
            value slots[NFIELDS];
            logic_set sets[NFIELDS] = {{0}};
            for (size_t f = 0; f < NFIELDS; f++)
                slots[f] = value_unknown(false);
            arena_reset(a);
            value *items = arena_alloc(a, 64 * sizeof(value));
            size_t n = 0;
            uint64_t bits = 0;
            for (unsigned v = 0; v < width; v++)
                if (rnd(4) < (unsigned)(row % 4)) {
                    items[n++] = value_string(WIDE_TEXT[v], WIDE_LENS[v]);
                    bits |= (uint64_t)1 << v;
                }
            if (n == 0) {
                items[n++] = value_string(WIDE_TEXT[width - 1], WIDE_LENS[width - 1]);
                bits |= (uint64_t)1 << (width - 1);
            }
            slots[F_TAGS] = value_array(items, n);
            sets[F_TAGS] = (logic_set){.bits = bits, .valid = true};
            logic_env env = {.slots = slots, .slot_count = NFIELDS, .sets = sets, .scratch = a};
            checked++;
            if (!agree(rule, env, rule_json, "kleene"))
                failed++;
        }
        logic_rule_free(rule);
        cJSON_Delete(rule_json);
    }
    arena_free(a);
    end_shared_context();
    assert_int_equal(failed, 0);
    assert_int_equal(checked, 300 * 8);
}

// An and/or folded into mask tests over a row that ends before one of its fields: that cell is
// absent, whatever the caller's sets hold beyond the row, as the walker reads it.
static void folded_and_or_over_a_short_row_agrees_with_the_walker(void **state)
{
    (void)state;
    static const char *const RULES[] = {
        "{\"and\": [{\"in\": [\"women\", {\"var\": \"tags\"}]}, {\"in\": [\"youth\", "
        "{\"var\": \"tags3\"}]}]}",
        "{\"or\": [{\"in\": [\"women\", {\"var\": \"tags\"}]}, {\"in\": [\"youth\", "
        "{\"var\": \"tags3\"}]}, {\"var\": \"flag\"}]}",
    };
    int checked = 0, failed = 0;
    arena *a = arena_new();
    for (size_t r = 0; r < sizeof RULES / sizeof RULES[0]; r++) {
        cJSON *rule_json = cJSON_Parse(RULES[r]);
        assert_non_null(rule_json);
        for (int mode = 0; mode < 2; mode++) {
            diag_list diags = {0};
            logic_options opts = {.mode = mode ? LOGIC_KLEENE : LOGIC_PLAIN,
                                  .resolve = resolve,
                                  .values = tag_values,
                                  .pointer = ""};
            logic_rule *rule = logic_compile(rule_json, &opts, &diags);
            diag_list_clear(&diags);
            assert_non_null(rule);
            value women = value_string(TAG_TEXT[0], 5), youth = value_string(TAG_TEXT[1], 5);
            value slots[NFIELDS];
            logic_set sets[NFIELDS] = {{0}};
            for (size_t f = 0; f < NFIELDS; f++)
                slots[f] = value_unknown(false);
            slots[F_FLAG] = value_bool(false);
            slots[F_TAGS] = value_array(&women, 1);
            sets[F_TAGS] = (logic_set){.bits = 1, .valid = true};
            slots[F_TAGS3] = value_array(&youth, 1);
            sets[F_TAGS3] = (logic_set){.bits = 1u << 4, .valid = true};
            for (size_t count = F_TAGS3; count <= NFIELDS; count++) {
                arena_reset(a);
                logic_env env = {.slots = slots, .slot_count = count, .sets = sets, .scratch = a};
                checked++;
                if (!agree(rule, env, rule_json, mode ? "kleene" : "plain"))
                    failed++;
            }
            logic_rule_free(rule);
        }
        cJSON_Delete(rule_json);
    }
    arena_free(a);
    end_shared_context();
    assert_int_equal(failed, 0);
    assert_int_equal(checked, 2 * 2 * (NFIELDS - F_TAGS3 + 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compiled_form_agrees_with_the_walker_on_the_conformance_suites),
        cmocka_unit_test(compiled_form_agrees_with_the_walker_on_the_project_cases),
        cmocka_unit_test(compiled_form_agrees_with_the_walker_on_random_rules),
        cmocka_unit_test(compiled_form_agrees_with_the_walker_on_random_set_connectives),
        cmocka_unit_test(field_compared_with_a_constant_agrees_with_the_walker),
        cmocka_unit_test(fields_compared_agree_with_the_walker),
        cmocka_unit_test(and_or_agree_with_the_walker_on_every_truth),
        cmocka_unit_test(counts_over_sets_of_every_width_agree_with_the_walker),
        cmocka_unit_test(folded_and_or_over_a_short_row_agrees_with_the_walker),
    };
    DDCHECK_RUN_TESTS(tests);
}
