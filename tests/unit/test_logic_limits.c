// Unit tests of the JSON Logic engine's evaluation limits (logic.h's LOGIC_MAX_*): a rule that
// builds without bound stops with the limit's error, quickly and with memory that stays flat.
#include "unit/test_main.h"

#include "util/arena.h"
#include "util/diag.h"
#include "checklist/logic.h"
#include "checklist/value.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <string.h>

// One field, "items" (slot 0), for checklist (Kleene) rules.
static bool resolve_items(void *ctx, const char *name, size_t *slot)
{
    (void)ctx;
    *slot = 0;
    return strcmp(name, "items") == 0;
}

static logic_rule *compile(const char *text, logic_mode mode)
{
    cJSON *json = cJSON_Parse(text);
    assert_non_null(json);
    diag_list diags = {0};
    logic_options opts = {.mode = mode, .pointer = ""};
    if (mode == LOGIC_KLEENE)
        opts.resolve = resolve_items;
    logic_rule *rule = logic_compile(json, &opts, &diags);
    cJSON_Delete(json);
    if (!rule)
        fprintf(stderr, "compile failed: %s\n", diags.count ? diags.items[0].message : "?");
    assert_non_null(rule);
    diag_list_clear(&diags);
    return rule;
}

// A list cell of n strings "1".."n" (in a), as the row typer gives a list field.
static value list_cell(size_t n, arena *a)
{
    value *items = arena_alloc(a, n * sizeof(value));
    for (size_t i = 0; i < n; i++) {
        char buf[24];
        int len = snprintf(buf, sizeof buf, "%zu", i + 1);
        items[i] = value_string(arena_strndup(a, buf, (size_t)len), (size_t)len);
    }
    return value_array(items, n);
}

// Evaluates rule_text over a row whose "items" cell holds n items, in both modes (plain: data
// {"items": [...]}), traced and not; every result must be the limit's error named `want`.
static void expect_limit(const char *rule_text, size_t n, const char *want)
{
    for (int mode = 0; mode < 2; mode++) {
        logic_rule *rule = compile(rule_text, mode ? LOGIC_KLEENE : LOGIC_PLAIN);
        arena *a = arena_new();
        value cell = list_cell(n, a);
        value_member member = {"items", 5, cell};
        value data = {.kind = VALUE_OBJECT, .as.object = {&member, 1}};
        for (int traced = 0; traced < 2; traced++) {
            logic_trace trace = {0};
            logic_env env = {.slots = &cell,
                             .slot_count = 1,
                             .data = &data,
                             .scratch = a,
                             .trace = traced ? &trace : NULL};
            value r = logic_eval(rule, &env);
            if (!logic_is_limit(&r) || strcmp(r.as.string.ptr, want) != 0) {
                fprintf(stderr, "%s (%s%s): kind %d, %.*s; want %s\n", rule_text,
                        mode ? "kleene" : "plain", traced ? ", traced" : "", (int)r.kind,
                        r.kind == VALUE_ERROR ? (int)r.as.string.len : 0,
                        r.kind == VALUE_ERROR ? r.as.string.ptr : "", want);
                fail();
            }
            arena_reset(a);
        }
        arena_free(a);
        logic_rule_free(rule);
    }
}

static void reduce_whose_accumulator_cats_itself_stops_at_the_string_limit(void **state)
{
    (void)state;
    // Issue 20: over 30 items this took 18-20 s and 6.3 GB; over 64 it never ended.
    const char *rule = "{\"reduce\": [{\"var\": \"items\"}, {\"cat\": [{\"var\": \"accumulator\"}, "
                       "{\"var\": \"accumulator\"}]}, \"ab\"]}";
    expect_limit(rule, 30, LOGIC_LIMIT_STRING);
    expect_limit(rule, 64, LOGIC_LIMIT_STRING);
    // Built up in a comparison and a condition, as a checklist rule would.
    expect_limit("{\"and\": [true, {\">\": [{\"reduce\": [{\"var\": \"items\"}, {\"cat\": "
                 "[{\"var\": \"accumulator\"}, {\"var\": \"accumulator\"}]}, \"x\"]}, \"\"]}]}",
                 30, LOGIC_LIMIT_STRING);
}

static void reduce_whose_accumulator_nests_itself_stops_at_the_values_limit(void **state)
{
    (void)state;
    // Shares its items, so it takes little memory, but printing it would write 2^64 values.
    expect_limit("{\"reduce\": [{\"var\": \"items\"}, [{\"var\": \"accumulator\"}, "
                 "{\"var\": \"accumulator\"}], 1]}",
                 64, LOGIC_LIMIT_VALUES);
    expect_limit("{\"reduce\": [{\"var\": \"items\"}, {\"merge\": [{\"var\": \"accumulator\"}, "
                 "[{\"var\": \"accumulator\"}, {\"var\": \"accumulator\"}]]}, [1]]}",
                 64, LOGIC_LIMIT_VALUES);
}

static void reduce_that_grows_by_a_little_each_step_stops_at_the_built_limit(void **state)
{
    (void)state;
    // Each step copies the whole accumulator: 40,000 steps of 1 KiB would copy 800 GB.
    char rule[1400];
    char kib[1025];
    memset(kib, 'k', 1024);
    kib[1024] = '\0';
    snprintf(rule, sizeof rule,
             "{\"reduce\": [{\"var\": \"items\"}, {\"substr\": [{\"cat\": [{\"var\": "
             "\"accumulator\"}, \"%s\"]}, 0, 1048000]}, \"\"]}",
             kib);
    expect_limit(rule, 40000, LOGIC_LIMIT_BUILT);
}

static void nested_iteration_stops_at_the_operations_limit(void **state)
{
    (void)state;
    // 1,000^3 body evaluations over a constant list of 1,000, nothing built.
    char list[4000];
    size_t o = 0;
    list[o++] = '[';
    for (int i = 0; i < 1000; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, i ? ",%d" : "%d", i);
    list[o++] = ']';
    list[o] = '\0';
    char rule[8200];
    snprintf(rule, sizeof rule,
             "{\"some\": [{\"var\": \"items\"}, {\"some\": [%s, {\"some\": [%s, false]}]}]}", list,
             list);
    expect_limit(rule, 1000, LOGIC_LIMIT_STEPS);
    // A substring search of two long strings the rule built ("a" * 2^19 + "b" in "a" * 2^20).
    expect_limit("{\"in\": [{\"cat\": [{\"reduce\": [{\"var\": \"items\"}, {\"cat\": "
                 "[{\"var\": \"accumulator\"}, {\"var\": \"accumulator\"}]}, \"a\"]}, \"b\"]}, "
                 "{\"reduce\": [{\"var\": \"items\"}, {\"cat\": [{\"var\": \"accumulator\"}, "
                 "{\"var\": \"accumulator\"}]}, \"aa\"]}]}",
                 19, LOGIC_LIMIT_STEPS);
}

static void try_does_not_catch_a_limit_and_nothing_hides_it(void **state)
{
    (void)state;
    const char *grow = "{\"reduce\": [{\"var\": \"items\"}, {\"cat\": [{\"var\": "
                       "\"accumulator\"}, {\"var\": \"accumulator\"}]}, \"ab\"]}";
    char rule[512];
    snprintf(rule, sizeof rule, "{\"try\": [%s, \"caught\"]}", grow);
    expect_limit(rule, 30, LOGIC_LIMIT_STRING);
    snprintf(rule, sizeof rule, "{\"or\": [{\"try\": [{\"!!\": %s}, false]}, true]}", grow);
    expect_limit(rule, 30, LOGIC_LIMIT_STRING);
    snprintf(rule, sizeof rule, "{\"??\": [{\"try\": [%s, null]}, 1]}", grow);
    expect_limit(rule, 30, LOGIC_LIMIT_STRING);
}

static void rules_under_the_limits_are_unchanged(void **state)
{
    (void)state;
    arena *a = arena_new();
    value cell = list_cell(12, a);
    const char *rules[] = {
        "{\"reduce\": [{\"var\": \"items\"}, {\"cat\": [{\"var\": \"accumulator\"}, "
        "{\"var\": \"accumulator\"}]}, \"ab\"]}",
        "{\"reduce\": [{\"var\": \"items\"}, [{\"var\": \"accumulator\"}, 1], 0]}",
        "{\"map\": [{\"var\": \"items\"}, {\"map\": [{\"merge\": [1, 2, 3]}, {\"var\": \"\"}]}]}",
    };
    const size_t want_len[] = {2 << 12, 0, 0};
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        logic_rule *rule = compile(rules[i], LOGIC_KLEENE);
        logic_env env = {.slots = &cell, .slot_count = 1, .scratch = a};
        value r = logic_eval(rule, &env);
        assert_false(r.kind == VALUE_ERROR);
        if (want_len[i])
            assert_int_equal(r.as.string.len, want_len[i]);
        else
            assert_int_equal(r.kind, VALUE_ARRAY);
        logic_rule_free(rule);
    }
    arena_free(a);
}

static void memory_stays_flat_over_rows_that_reach_a_limit(void **state)
{
    (void)state;
    logic_rule *rule = compile("{\"reduce\": [{\"var\": \"items\"}, {\"cat\": [{\"var\": "
                               "\"accumulator\"}, {\"var\": \"accumulator\"}]}, \"ab\"]}",
                               LOGIC_KLEENE);
    arena *rows = arena_new();
    value cell = list_cell(64, rows);
    arena *a = arena_new();
    size_t after_first = 0;
    for (int row = 0; row < 40; row++) {
        arena_reset(a);
        logic_env env = {.slots = &cell, .slot_count = 1, .scratch = a};
        value r = logic_eval(rule, &env);
        assert_true(logic_is_limit(&r));
        if (row == 1)
            after_first = arena_reserved(a);
    }
    assert_true(after_first <= 2 * LOGIC_MAX_BUILT);
    assert_int_equal(arena_reserved(a), after_first);
    arena_free(a);
    arena_free(rows);
    logic_rule_free(rule);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reduce_whose_accumulator_cats_itself_stops_at_the_string_limit),
        cmocka_unit_test(reduce_whose_accumulator_nests_itself_stops_at_the_values_limit),
        cmocka_unit_test(reduce_that_grows_by_a_little_each_step_stops_at_the_built_limit),
        cmocka_unit_test(nested_iteration_stops_at_the_operations_limit),
        cmocka_unit_test(try_does_not_catch_a_limit_and_nothing_hides_it),
        cmocka_unit_test(rules_under_the_limits_are_unchanged),
        cmocka_unit_test(memory_stays_flat_over_rows_that_reach_a_limit),
    };
    DDCHECK_RUN_TESTS(tests);
}
