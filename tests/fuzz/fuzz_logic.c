// Fuzz harness: bytes as a JSON Logic rule and a data document (split at the first NUL byte;
// without one, the data is null), compiled in plain and Kleene modes and evaluated, with and
// without an explaining trace, and compared with the general operations (the walker), as a
// value and as a condition (logic_test); the result converted back to JSON and printed.
#include "fuzz.h"

#include "checklist/logic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4

// Names starting with a..d are fields 0..3 (as a checklist's resolver would map them).
static bool resolve(void *ctx, const char *name, size_t *slot)
{
    (void)ctx;
    if (name[0] < 'a' || name[0] > 'a' + SLOTS - 1)
        return false;
    *slot = (size_t)(name[0] - 'a');
    return true;
}

// Up to how many values a result is converted back to JSON and printed. A rule may build a value
// of up to LOGIC_MAX_VALUES values that share their parts ({"reduce": … [acc, acc] …} doubles at
// each item without copying); converting that to a cJSON tree and printing it, six times an input
// under ASan, takes longer than the fuzzer's timeout without exercising anything new.
#define PRINTED_VALUES 10000

// How many values v holds, counted through arrays and objects, stopping past budget (or past a
// depth of 100, then more than budget).
static size_t weight(const value *v, size_t budget, int depth)
{
    if (depth > 100)
        return budget + 1; // too deep to print (value_to_cjson stops deeper still)
    size_t n = 1;
    if (v->kind == VALUE_ARRAY)
        for (size_t i = 0; i < v->as.array.count && n <= budget; i++)
            n += weight(&v->as.array.items[i], budget - n, depth + 1);
    else if (v->kind == VALUE_OBJECT)
        for (size_t i = 0; i < v->as.object.count && n <= budget; i++)
            n += weight(&v->as.object.members[i].value, budget - n, depth + 1);
    return n;
}

// v as JSON text (the caller frees it), or NULL when it holds more than PRINTED_VALUES values.
static char *json_text(const value *v)
{
    if (weight(v, PRINTED_VALUES, 0) > PRINTED_VALUES)
        return NULL;
    cJSON *json = value_to_cjson(v);
    char *printed = cJSON_PrintUnformatted(json);
    cJSON_Delete(json);
    return printed;
}

// Prints v as JSON to stderr when it is small enough, else its kind only.
static void print_value(const char *what, const value *v)
{
    fprintf(stderr, "%s: kind %d, flags %u", what, (int)v->kind, v->flags);
    char *printed = json_text(v);
    if (printed)
        fprintf(stderr, ": %s", printed);
    free(printed);
    fputc('\n', stderr);
}

// The compiled form must agree with the general operations (the walker). Its value: the same
// kind, unknown's flags, an error's type, else deep equality. Its test (logic_test, what a
// requirement's rule runs): the truth of the walker's value. A limit may be reached by one and not
// the other (the compiled form counts a list without visiting it), so a limit is not compared.
static void check_walker_agrees(const logic_rule *rule, const logic_env *env, const value *compiled)
{
    logic_env walk = *env;
    walk.walk = true;
    value walked = logic_eval(rule, &walk);
    logic_context *ctx = logic_context_new();
    logic_context_row(ctx, env);
    const char *limit = NULL;
    logic_truth tested = logic_test(rule, ctx, &limit);
    logic_context_free(ctx);
    if (logic_is_limit(&walked))
        return;
    if (!logic_is_limit(compiled)) {
        bool same = compiled->kind == walked.kind;
        if (same && compiled->kind == VALUE_UNKNOWN)
            same = compiled->flags == walked.flags;
        else if (same && compiled->kind == VALUE_ERROR)
            same = compiled->as.string.len == walked.as.string.len &&
                   memcmp(compiled->as.string.ptr, walked.as.string.ptr, walked.as.string.len) == 0;
        else if (same && (value_too_deep(compiled) || value_too_deep(&walked)))
            same = value_too_deep(compiled) == value_too_deep(&walked); // value_equal cannot tell
        else if (same) // the same value, or equal ones
            same = memcmp(compiled, &walked, sizeof walked) == 0 || value_equal(compiled, &walked);
        if (!same) { // the compiled form's value disagrees with the walker's
            print_value("compiled", compiled);
            print_value("walker", &walked);
            abort();
        }
    }
    if (tested == LOGIC_LIMIT)
        return;
    logic_truth want =
        walked.kind == VALUE_UNKNOWN
            ? ((walked.flags & VALUE_FLAG_INVALID) ? LOGIC_UNKNOWN_INVALID : LOGIC_UNKNOWN)
        : walked.kind == VALUE_ERROR ? LOGIC_ERROR
        : value_truthy(&walked)      ? LOGIC_TRUE
                                     : LOGIC_FALSE;
    if (tested != want) { // the compiled form's test disagrees with the walker's value
        fprintf(stderr, "logic_test: %d, the walker's value's truth: %d\n", (int)tested, (int)want);
        print_value("walker", &walked);
        abort();
    }
}

static void run_rule(const cJSON *rule_json, const logic_options *opts, const value *data,
                     const value *slots, arena *scratch)
{
    diag_list diags = {0};
    logic_rule *rule = logic_compile(rule_json, opts, &diags);
    char buf[512];
    for (size_t i = 0; i < diags.count; i++)
        diag_format(&diags.items[i], buf, sizeof buf);
    if (rule) {
        size_t count;
        logic_rule_slots(rule, &count);
        for (int traced = 0; traced < 2; traced++) {
            logic_trace trace = {0};
            logic_env env = {.slots = slots,
                             .slot_count = SLOTS,
                             .data = data,
                             .scratch = scratch,
                             .trace = traced ? &trace : NULL};
            value result = logic_eval(rule, &env);
            if (!traced)
                check_walker_agrees(rule, &env, &result);
            free(json_text(&result));
            arena_reset(scratch);
        }
    }
    logic_rule_free(rule);
    diag_list_clear(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t rule_len = nul ? (size_t)(nul - data) : size;
    cJSON *rule_json = cJSON_ParseWithLength((const char *)data, rule_len);
    if (!rule_json)
        return 0;
    cJSON *data_json =
        nul ? cJSON_ParseWithLength((const char *)nul + 1, size - rule_len - 1) : NULL;
    arena *keep = arena_new();
    arena *scratch = arena_new();
    value doc = data_json ? value_from_cjson(data_json, keep) : value_null();
    // The row's fields: the data's array items when it is an array, else absent/invalid cells.
    value slots[SLOTS];
    for (size_t i = 0; i < SLOTS; i++)
        slots[i] = value_unknown(i % 2);
    if (doc.kind == VALUE_ARRAY)
        for (size_t i = 0; i < SLOTS && i < doc.as.array.count; i++)
            slots[i] = doc.as.array.items[i];

    logic_options plain = {.mode = LOGIC_PLAIN, .file = "fuzz.json", .pointer = "/rule"};
    run_rule(rule_json, &plain, &doc, slots, scratch);
    logic_options kleene = {.mode = LOGIC_KLEENE, .file = "fuzz.json", .pointer = "/rule"};
    run_rule(rule_json, &kleene, &doc, slots, scratch);
    logic_options fields = {.mode = LOGIC_KLEENE, .resolve = resolve, .file = "fuzz.json"};
    run_rule(rule_json, &fields, &doc, slots, scratch);

    arena_free(scratch);
    arena_free(keep);
    cJSON_Delete(data_json);
    cJSON_Delete(rule_json);
    return 0;
}
