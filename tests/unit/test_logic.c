// Unit tests of the JSON Logic engine's API: compile diagnostics built in memory, rule slots,
// explanations (trace), memory, set tests and the compiled form. The cases that are data (a rule,
// its data or row, the result or the compile error) are in tests/logic/ddcheck.json, run by
// tests/conformance/jsonlogic_conformance.c and tests/unit/test_logic_compiled.c.
#include "unit/test_main.h"

#include "util/arena.h"
#include "util/diag.h"
#include "checklist/logic.h"
#include "checklist/value.h"
#include "logic/logic_suite.h"

#include <cjson/cJSON.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

// The fields of the test checklist, by slot.
static const char *const FIELDS[] = {"budget",    "share", "stage", "gia",
                                     "grievance", "items", "name"};
enum { NFIELDS = sizeof FIELDS / sizeof FIELDS[0] };

static bool resolve_field(void *ctx, const char *name, size_t *slot)
{
    (void)ctx;
    for (size_t i = 0; i < NFIELDS; i++)
        if (strcmp(FIELDS[i], name) == 0) {
            *slot = i;
            return true;
        }
    return false;
}

// Prints a result: JSON, or "unknown" / "unknown(invalid)" / "error:TYPE".
static void describe(const value *v, char *buf, size_t size)
{
    if (v->kind == VALUE_UNKNOWN) {
        snprintf(buf, size, "%s", v->flags & VALUE_FLAG_INVALID ? "unknown(invalid)" : "unknown");
        return;
    }
    if (v->kind == VALUE_ERROR) {
        snprintf(buf, size, "error:%.*s", (int)v->as.string.len, v->as.string.ptr);
        return;
    }
    cJSON *j = value_to_cjson(v);
    char *s = cJSON_PrintUnformatted(j);
    snprintf(buf, size, "%s", s);
    cJSON_free(s);
    cJSON_Delete(j);
}

// Row from a JSON object, as in tests/logic/ddcheck.json: "<absent>" and "<invalid>" make unknown
// cells; unnamed fields are absent.
static void build_row(const char *row_json, value *slots, arena *a)
{
    logic_suite_fields fields = {.count = NFIELDS};
    memcpy(fields.names, FIELDS, sizeof FIELDS);
    cJSON *row = cJSON_Parse(row_json);
    assert_non_null(row);
    assert_true(logic_suite_build_row(row, &fields, slots, a));
    cJSON_Delete(row);
}

typedef struct run {
    arena *scratch;
    logic_rule *rule;
    logic_trace trace;
    value result;
    char text[512];
} run;

static void run_free(run *r)
{
    logic_rule_free(r->rule);
    arena_free(r->scratch);
}

// Compiles and evaluates: plain mode reads data (row_json NULL), Kleene mode a row of slots.
static void evaluate(run *r, logic_mode mode, const char *rule_text, const char *data_or_row,
                     bool trace)
{
    memset(r, 0, sizeof *r);
    r->scratch = arena_new();
    cJSON *json = cJSON_Parse(rule_text);
    assert_non_null(json);
    diag_list diags = {0};
    logic_options opts = {.mode = mode, .pointer = ""};
    if (mode == LOGIC_KLEENE)
        opts.resolve = resolve_field;
    r->rule = logic_compile(json, &opts, &diags);
    cJSON_Delete(json);
    if (!r->rule) {
        fprintf(stderr, "compile failed: %s\n", diags.count ? diags.items[0].message : "?");
        fail();
    }
    diag_list_clear(&diags);
    static value slots[NFIELDS];
    value data = value_null();
    logic_env env = {.scratch = r->scratch, .trace = trace ? &r->trace : NULL};
    if (mode == LOGIC_KLEENE) {
        build_row(data_or_row ? data_or_row : "{}", slots, r->scratch);
        env.slots = slots;
        env.slot_count = NFIELDS;
    } else {
        cJSON *d = data_or_row ? cJSON_Parse(data_or_row) : NULL;
        data = value_from_cjson(d, r->scratch);
        cJSON_Delete(d);
        env.data = &data;
    }
    r->result = logic_eval(r->rule, &env);
    describe(&r->result, r->text, sizeof r->text);
}

static void check(logic_mode mode, const char *rule, const char *data, const char *want)
{
    run r;
    evaluate(&r, mode, rule, data, false);
    if (strcmp(r.text, want) != 0) {
        fprintf(stderr, "%s with %s: got %s, want %s\n", rule, data ? data : "null", r.text, want);
        run_free(&r);
        fail();
    }
    run_free(&r);
    // The same result while explaining (no short-circuit must not change it).
    evaluate(&r, mode, rule, data, true);
    if (strcmp(r.text, want) != 0) {
        fprintf(stderr, "%s with %s (traced): got %s, want %s\n", rule, data ? data : "null",
                r.text, want);
        run_free(&r);
        fail();
    }
    run_free(&r);
}

#define PLAIN(rule, data, want) check(LOGIC_PLAIN, rule, data, want)

// Compiles expecting failure; returns the first diagnostic's message and pointer.
static void compile_fails(logic_mode mode, const cJSON *json, const char *pointer,
                          const char *message_part, const char *want_pointer)
{
    diag_list diags = {0};
    logic_options opts = {.mode = mode, .pointer = pointer, .file = "c.json"};
    if (mode == LOGIC_KLEENE)
        opts.resolve = resolve_field;
    logic_rule *rule = logic_compile(json, &opts, &diags);
    assert_null(rule);
    assert_true(diags.errors >= 1);
    if (!strstr(diags.items[0].message, message_part)) {
        fprintf(stderr, "message: %s\n", diags.items[0].message);
        fail();
    }
    if (want_pointer)
        assert_string_equal(diags.items[0].pointer, want_pointer);
    diag_list_clear(&diags);
}

// ---- compile diagnostics ---------------------------------------------------------------------

static void logic_is_operator_tells_operators_from_other_keys(void **state)
{
    (void)state;
    assert_true(logic_is_operator("missing_some"));
    assert_false(logic_is_operator("foo"));
}

static void nesting_deeper_than_the_limit_is_a_diagnostic_not_a_crash(void **state)
{
    (void)state;
    enum { DEPTH = 100000 };
    // {"!": {"!": … }} and [[[…]]] built in memory, far deeper than cJSON would parse.
    for (int kind = 0; kind < 2; kind++) {
        cJSON *top = kind ? cJSON_CreateArray() : cJSON_CreateObject();
        cJSON *cur = top;
        for (int i = 0; i < DEPTH; i++) {
            cJSON *next = kind ? cJSON_CreateArray() : cJSON_CreateObject();
            if (kind)
                cJSON_AddItemToArray(cur, next);
            else
                cJSON_AddItemToObject(cur, "!", next);
            cur = next;
        }
        compile_fails(LOGIC_PLAIN, top, "", "nested deeper than", NULL);
        while (top) {
            cJSON *child = top->child;
            top->child = NULL;
            cJSON_Delete(top);
            top = child;
        }
    }
    // Exactly at the limit compiles.
    char text[LOGIC_MAX_DEPTH * 8 + 64];
    size_t o = 0;
    for (int i = 0; i < LOGIC_MAX_DEPTH; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "{\"!\":");
    o += (size_t)snprintf(text + o, sizeof text - o, "true");
    for (int i = 0; i < LOGIC_MAX_DEPTH; i++)
        text[o++] = '}';
    text[o] = '\0';
    PLAIN(text, NULL, "true");
}

static void rule_slots_are_sorted_and_unique(void **state)
{
    (void)state;
    run r;
    evaluate(&r, LOGIC_KLEENE,
             "{\"and\":[{\">\":[{\"var\":\"share\"},1]},{\"var\":\"budget\"},"
             "{\"<\":[{\"var\":\"share\"},9]},{\"missing\":[\"stage\"]}]}",
             "{}", false);
    size_t n;
    const size_t *slots = logic_rule_slots(r.rule, &n);
    assert_int_equal(n, 3);
    assert_int_equal(slots[0], 0);
    assert_int_equal(slots[1], 1);
    assert_int_equal(slots[2], 2);
    run_free(&r);
}

// ---- trace ------------------------------------------------------------------------------------

static void trace_names_every_failing_leaf_not_only_the_first(void **state)
{
    (void)state;
    run r;
    evaluate(&r, LOGIC_KLEENE,
             "{\"and\":[{\">=\":[{\"var\":\"share\"},40]},{\">\":[{\"var\":\"budget\"},0]},"
             "{\"==\":[{\"var\":\"stage\"},\"construction\"]},{\"var\":\"grievance\"}]}",
             "{\"share\":31,\"budget\":0,\"stage\":\"construction\"}", true);
    assert_string_equal(r.text, "false");
    assert_int_equal(r.trace.count, 3);
    const logic_leaf *l = r.trace.items;
    assert_string_equal(l[0].op, ">=");
    assert_int_equal(l[0].slot, 1);
    assert_true(l[0].direct);
    assert_int_equal(l[0].field_operand, 0);
    assert_int_equal(l[0].operand_count, 2);
    assert_true(l[0].operands[0].kind == VALUE_NUMBER && l[0].operands[0].as.number == 31);
    assert_true(l[0].operands[1].kind == VALUE_NUMBER && l[0].operands[1].as.number == 40);
    assert_true(l[0].result.kind == VALUE_BOOL && !l[0].result.as.boolean);
    assert_string_equal(l[1].op, ">");
    assert_int_equal(l[1].slot, 0);
    // The bare var used as a condition, unknown because the cell is absent.
    assert_string_equal(l[2].op, "var");
    assert_int_equal(l[2].slot, 4);
    assert_true(l[2].direct);
    assert_int_equal(l[2].result.kind, VALUE_UNKNOWN);
    run_free(&r);
}

static void trace_records_the_computed_operand_and_its_field(void **state)
{
    (void)state;
    run r;
    evaluate(&r, LOGIC_KLEENE, "{\"<\":[10,{\"*\":[{\"var\":\"share\"},2]},100]}", "{\"share\":3}",
             true);
    assert_string_equal(r.text, "false");
    assert_int_equal(r.trace.count, 1);
    const logic_leaf *l = r.trace.items;
    assert_int_equal(l->slot, 1);
    assert_false(l->direct);
    assert_int_equal(l->field_operand, 1);
    assert_int_equal(l->operand_count, 2); // the chain stopped at the false pair
    assert_true(l->operands[1].as.number == 6);
    run_free(&r);
}

static void trace_skips_leaves_inside_a_leaf_or_an_iteration_body(void **state)
{
    (void)state;
    run r;
    evaluate(&r, LOGIC_KLEENE,
             "{\"or\":[{\"!\":[{\"==\":[{\"var\":\"stage\"},\"x\"]}]},"
             "{\"some\":[{\"var\":\"items\"},{\">\":[{\"var\":\"qty\"},5]}]}]}",
             "{\"stage\":\"x\",\"items\":[{\"qty\":1}]}", true);
    assert_string_equal(r.text, "false");
    assert_int_equal(r.trace.count, 2);
    assert_string_equal(r.trace.items[0].op, "!");
    assert_int_equal(r.trace.items[0].slot, 2);
    assert_false(r.trace.items[0].direct);
    assert_string_equal(r.trace.items[1].op, "some");
    assert_int_equal(r.trace.items[1].slot, 5);
    run_free(&r);
}

static void trace_of_an_if_names_the_unknown_condition_not_the_false_one(void **state)
{
    (void)state;
    run r;
    evaluate(&r, LOGIC_KLEENE,
             "{\"if\":[{\"==\":[{\"var\":\"stage\"},\"x\"]},{\">\":[{\"var\":\"budget\"},0]},"
             "{\">\":[{\"var\":\"share\"},40]}]}",
             "{\"stage\":\"y\",\"share\":10}", true);
    assert_string_equal(r.text, "false");
    assert_int_equal(r.trace.count, 1);
    assert_string_equal(r.trace.items[0].op, ">");
    assert_int_equal(r.trace.items[0].slot, 1);
    run_free(&r);
    evaluate(
        &r, LOGIC_KLEENE,
        "{\"if\":[{\"==\":[{\"var\":\"stage\"},\"x\"]},{\">\":[{\"var\":\"budget\"},0]},true]}",
        "{}", true);
    assert_string_equal(r.text, "unknown");
    assert_int_equal(r.trace.count, 1);
    assert_string_equal(r.trace.items[0].op, "==");
    assert_int_equal(r.trace.items[0].slot, 2);
    run_free(&r);
}

static void evaluation_allocates_nothing_new_once_the_arena_is_warm(void **state)
{
    (void)state;
    cJSON *json = cJSON_Parse("{\"and\":[{\">=\":[{\"var\":\"share\"},40]},"
                              "{\"in\":[\"age\",{\"merge\":[{\"var\":\"gia\"},[\"x\"]]}]},"
                              "{\"==\":[{\"cat\":[{\"var\":\"name\"},\"!\"]},\"n!\"]}]}");
    diag_list diags = {0};
    logic_options opts = {.mode = LOGIC_KLEENE, .resolve = resolve_field};
    logic_rule *rule = logic_compile(json, &opts, &diags);
    cJSON_Delete(json);
    assert_non_null(rule);
    arena *scratch = arena_new();
    value slots[NFIELDS];
    arena *rows = arena_new();
    build_row("{\"share\":50,\"gia\":[\"age\"],\"name\":\"n\"}", slots, rows);
    logic_env env = {.slots = slots, .slot_count = NFIELDS, .scratch = scratch};
    logic_trace trace = {0};
    env.trace = &trace;
    value r = logic_eval(rule, &env);
    assert_true(r.kind == VALUE_BOOL && r.as.boolean);
    size_t warm = arena_reserved(scratch);
    for (int i = 0; i < 1000; i++) {
        arena_reset(scratch);
        trace = (logic_trace){0};
        r = logic_eval(rule, &env);
    }
    assert_int_equal(arena_reserved(scratch), warm);
    arena_free(rows);
    arena_free(scratch);
    logic_rule_free(rule);
}

// The declared values of the list field "items" in the set tests: a repeated spelling and a
// case variant, as a careless checklist might declare them.
static char SV0[] = "a", SV1[] = "b", SV2[] = "c", SV3[] = "A", SV4[] = "a";
static char *SET_VALUES[] = {SV0, SV1, SV2, SV3, SV4};
static const size_t SET_LENS[] = {1, 1, 1, 1, 1};
enum { NSET = sizeof SET_VALUES / sizeof SET_VALUES[0], ITEMS_SLOT = 5 };

static bool items_values(void *ctx, size_t slot, char *const **values, const size_t **lens,
                         size_t *count)
{
    (void)ctx;
    if (slot != ITEMS_SLOT)
        return false;
    *values = SET_VALUES;
    *lens = SET_LENS;
    *count = NSET;
    return true;
}

static const char *const SET_RULES[] = {
    "{\"in\": [\"a\", {\"var\": \"items\"}]}",
    "{\"in\": [\"A\", {\"var\": \"items\"}]}",
    "{\"in\": [\"z\", {\"var\": \"items\"}]}",
    "{\"some\": [{\"var\": \"items\"}, {\"in\": [{\"var\": \"\"}, [\"a\", \"c\"]]}]}",
    "{\"all\": [{\"var\": \"items\"}, {\"in\": [{\"var\": \"\"}, [\"a\", \"c\"]]}]}",
    "{\"none\": [{\"var\": \"items\"}, {\"in\": [{\"var\": \"\"}, [\"a\", \"c\"]]}]}",
    "{\"some\": [{\"var\": \"items\"}, {\"!\": {\"in\": [{\"var\": \"\"}, [\"b\", 1]]}}]}",
    "{\"all\": [{\"var\": \"items\"}, {\"!\": [{\"in\": [{\"var\": \"\"}, [\"b\"]]}]}]}",
    "{\"all\": [{\"var\": \"items\"}, {\"in\": [{\"var\": \"\"}, []]}]}",
    "{\"reduce\": [{\"filter\": [{\"var\": \"items\"}, {\"!\": [{\"in\": [{\"var\": \"\"}, "
    "[\"a\", \"zz\"]]}]}]}, {\"+\": [{\"var\": \"accumulator\"}, 1]}, 0]}",
    "{\"reduce\": [{\"filter\": [{\"var\": \"items\"}, {\"in\": [{\"var\": \"\"}, [\"A\", "
    "\"b\"]]}]}, "
    "{\"+\": [{\"var\": \"accumulator\"}, 1]}, 2]}",
    // A counted filter compared with a number, on either side.
    "{\"<\": [{\"reduce\": [{\"filter\": [{\"var\": \"items\"}, {\"in\": [{\"var\": \"\"}, "
    "[\"A\", \"b\"]]}]}, {\"+\": [{\"var\": \"accumulator\"}, 1]}, 2]}, 3]}",
    "{\">\": [1, {\"reduce\": [{\"filter\": [{\"var\": \"items\"}, {\"in\": [{\"var\": \"\"}, "
    "[\"c\"]]}]}, {\"+\": [{\"var\": \"accumulator\"}, 1]}, 0]}]}",
    // And `!!`/`!` of a set test, alone and in an and.
    "{\"and\": [{\"!!\": [{\"in\": [\"a\", {\"var\": \"items\"}]}]}, {\"!\": {\"some\": [{\"var\": "
    "\"items\"}, {\"in\": [{\"var\": \"\"}, [\"b\"]]}]}}]}",
};
enum { NSET_RULES = sizeof SET_RULES / sizeof SET_RULES[0] };

static logic_rule *compile_set_rule(const char *text)
{
    cJSON *json = cJSON_Parse(text);
    assert_non_null(json);
    diag_list diags = {0};
    logic_options opts = {
        .mode = LOGIC_KLEENE, .resolve = resolve_field, .values = items_values, .pointer = ""};
    logic_rule *rule = logic_compile(json, &opts, &diags);
    cJSON_Delete(json);
    assert_non_null(rule);
    diag_list_clear(&diags);
    return rule;
}

// Evaluates rule on the row with and without the set, into with[] and without[].
static void eval_both(const logic_rule *rule, value *slots, const logic_set *sets, arena *a,
                      char *with, char *without, size_t size)
{
    logic_env env = {.slots = slots, .slot_count = NFIELDS, .scratch = a, .sets = sets};
    value r = logic_eval(rule, &env);
    describe(&r, with, size);
    env.sets = NULL;
    r = logic_eval(rule, &env);
    describe(&r, without, size);
}

// in, some/all/none and the counting of a filter over a list field of declared values are bit
// tests when the cell is known as a set; on random lists (repeats and duplicate spellings
// included) they must give what the general path gives.
static void set_tests_over_list_fields_agree_with_the_general_path(void **state)
{
    (void)state;
    logic_rule *rules[NSET_RULES];
    for (size_t r = 0; r < NSET_RULES; r++)
        rules[r] = compile_set_rule(SET_RULES[r]);
    arena *a = arena_new();
    uint64_t x = 0x2545F4914F6CDD1Du;
    for (int round = 0; round < 2000; round++) {
        value slots[NFIELDS], items[8];
        logic_set sets[NFIELDS] = {{0}};
        for (size_t i = 0; i < NFIELDS; i++)
            slots[i] = value_unknown(false);
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t n = 1 + (size_t)(x % 6);
        logic_set *s = &sets[ITEMS_SLOT];
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t k = (size_t)(x % NSET);
            items[i] = value_string(SET_VALUES[k], SET_LENS[k]);
            s->repeats |= (s->bits >> k) & 1;
            s->bits |= (uint64_t)1 << k;
        }
        s->valid = true;
        slots[ITEMS_SLOT] = value_array(items, n);
        for (size_t r = 0; r < NSET_RULES; r++) {
            char with[128], without[128];
            eval_both(rules[r], slots, sets, a, with, without, sizeof with);
            if (strcmp(with, without) != 0)
                fail_msg("round %d, rule %s: %s with the set, %s without", round, SET_RULES[r],
                         with, without);
        }
        arena_reset(a);
    }
    // And the set is what is read: a set that disagrees with the items decides every shape
    // (so a specialisation that silently stopped being taken fails here).
    value one = value_string("b", 1), slots[NFIELDS];
    for (size_t i = 0; i < NFIELDS; i++)
        slots[i] = value_unknown(false);
    slots[ITEMS_SLOT] = value_array(&one, 1);
    logic_set sets[NFIELDS] = {{0}};
    sets[ITEMS_SLOT] = (logic_set){.bits = 1u << 0 | 1u << 2, .valid = true};
    static const char *const lying[NSET_RULES] = {"true",  "false", "false", "true",  "true",
                                                  "false", "true",  "true",  "false", "1",
                                                  "2",     "true",  "false", "true"};
    for (size_t r = 0; r < NSET_RULES; r++) {
        char with[128], without[128];
        eval_both(rules[r], slots, sets, a, with, without, sizeof with);
        if (strcmp(with, lying[r]) != 0)
            fail_msg("rule %s: %s from the set, expected %s", SET_RULES[r], with, lying[r]);
    }
    arena_free(a);
    for (size_t r = 0; r < NSET_RULES; r++)
        logic_rule_free(rules[r]);
}

// A rule's compiled form is not used while explaining (the general operations are); random
// rows of every kind of cell must give the same result either way (test_logic_compiled.c does
// the same over the conformance suites and random rules).
static void compiled_form_gives_what_the_explaining_path_gives(void **state)
{
    (void)state;
    static const char *const rules[] = {
        "{\"and\": [{\"var\": \"gia\"}, {\"var\": \"grievance\"}]}",
        "{\"or\": [{\">=\": [{\"var\": \"budget\"}, 1]}, {\"var\": \"gia\"}]}",
        "{\"and\": [{\"or\": [{\"var\": \"gia\"}, {\"<\": [{\"var\": \"share\"}, 40]}]}, "
        "{\"!=\": [{\"var\": \"stage\"}, \"none\"]}, {\"var\": \"name\"}]}",
        "{\"or\": [{\"and\": [{\"var\": \"gia\"}, {\">\": [0, {\"var\": \"budget\"}]}]}, "
        "{\"==\": [{\"var\": \"grievance\"}, true]}]}",
        "{\">\": [{\"var\": \"budget\"}, 0]}",
        "{\"===\": [{\"var\": \"stage\"}, \"x\"]}",
        "{\"var\": \"items\"}",
        "{\"or\": [{\"var\": \"items\"}, {\"var\": \"name\"}, {\"var\": \"share\"}]}",
        "{\"!!\": [{\"var\": \"items\"}]}",
        "{\"and\": [{\"!!\": [{\"var\": \"items\"}]}, {\"var\": \"gia\"}]}",
        "{\"or\": [{\"!\": {\"var\": \"name\"}}, {\"!!\": [{\">\": [{\"var\": \"share\"}, 39]}]}]}",
        "{\"!\": [{\"and\": [{\"var\": \"gia\"}, {\"!\": [{\"var\": \"budget\"}]}]}]}",
    };
    static const char *const pool[] = {
        "\"<absent>\"", "\"<invalid>\"", "true",  "false", "0",       "1",  "40",  "39.5",
        "\"\"",         "\"none\"",      "\"x\"", "\"5\"", "[\"a\"]", "[]", "null"};
    enum { NPOOL = sizeof pool / sizeof pool[0], NRULES = sizeof rules / sizeof rules[0] };
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int round = 0; round < 3000; round++) {
        char row[512];
        size_t len = (size_t)snprintf(row, sizeof row, "{");
        for (size_t f = 0; f < NFIELDS; f++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            len += (size_t)snprintf(row + len, sizeof row - len, "%s\"%s\": %s", f ? ", " : "",
                                    FIELDS[f], pool[x % NPOOL]);
        }
        snprintf(row + len, sizeof row - len, "}");
        for (size_t r = 0; r < NRULES; r++) {
            run quick, general;
            evaluate(&quick, LOGIC_KLEENE, rules[r], row, false);
            evaluate(&general, LOGIC_KLEENE, rules[r], row, true);
            if (strcmp(quick.text, general.text) != 0)
                fail_msg("rule %s on %s: %s, general path %s", rules[r], row, quick.text,
                         general.text);
            run_free(&quick);
            run_free(&general);
        }
    }
}

// Strings are compared a word at a time: two strings of every length up to 40 that differ in
// one byte, wherever it is, are neither equal nor in each other's list, and order by that byte.
static void strings_of_every_length_differ_by_any_byte(void **state)
{
    (void)state;
    char a[41], b[41], rule[256], data[64];
    for (size_t len = 1; len <= 40; len++) {
        for (size_t k = 0; k < len; k++) {
            for (size_t i = 0; i < len; i++)
                a[i] = b[i] = (char)('a' + i % 26);
            b[k] = 'Z' + 1; // '[': before every lowercase letter
            a[len] = b[len] = '\0';
            snprintf(data, sizeof data, "{\"a\": \"%s\"}", a);
            snprintf(rule, sizeof rule, "{\"==\": [{\"var\": \"a\"}, \"%s\"]}", b);
            PLAIN(rule, data, "false");
            snprintf(rule, sizeof rule, "{\">\": [{\"var\": \"a\"}, \"%s\"]}", b);
            PLAIN(rule, data, "true");
            snprintf(rule, sizeof rule, "{\"in\": [{\"var\": \"a\"}, [\"%s\"]]}", b);
            PLAIN(rule, data, "false");
            snprintf(rule, sizeof rule, "{\"in\": [{\"var\": \"a\"}, [\"%s\", \"%s\"]]}", b, a);
            PLAIN(rule, data, "true");
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(logic_is_operator_tells_operators_from_other_keys),
        cmocka_unit_test(nesting_deeper_than_the_limit_is_a_diagnostic_not_a_crash),
        cmocka_unit_test(rule_slots_are_sorted_and_unique),
        cmocka_unit_test(strings_of_every_length_differ_by_any_byte),
        cmocka_unit_test(trace_names_every_failing_leaf_not_only_the_first),
        cmocka_unit_test(trace_records_the_computed_operand_and_its_field),
        cmocka_unit_test(trace_skips_leaves_inside_a_leaf_or_an_iteration_body),
        cmocka_unit_test(trace_of_an_if_names_the_unknown_condition_not_the_false_one),
        cmocka_unit_test(evaluation_allocates_nothing_new_once_the_arena_is_warm),
        cmocka_unit_test(set_tests_over_list_fields_agree_with_the_general_path),
        cmocka_unit_test(compiled_form_gives_what_the_explaining_path_gives),
    };
    DDCHECK_RUN_TESTS(tests);
}
