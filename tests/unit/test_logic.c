// Unit tests of the JSON Logic engine: operators in plain and Kleene mode, compile diagnostics,
// explanations (trace).
#include "unit/test_main.h"

#include "util/arena.h"
#include "util/diag.h"
#include "checklist/logic.h"
#include "checklist/value.h"

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

// Row from a JSON object: "<absent>" and "<invalid>" make unknown cells; unnamed fields are absent.
static void build_row(const char *row_json, value *slots, arena *a)
{
    for (size_t i = 0; i < NFIELDS; i++)
        slots[i] = value_unknown(false);
    cJSON *row = cJSON_Parse(row_json);
    assert_non_null(row);
    for (const cJSON *c = row->child; c; c = c->next) {
        size_t slot = 0;
        assert_true(resolve_field(NULL, c->string, &slot));
        if (cJSON_IsString(c) && strcmp(c->valuestring, "<absent>") == 0)
            slots[slot] = value_unknown(false);
        else if (cJSON_IsString(c) && strcmp(c->valuestring, "<invalid>") == 0)
            slots[slot] = value_unknown(true);
        else
            slots[slot] = value_from_cjson(c, a);
    }
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
#define KLEENE(rule, row, want) check(LOGIC_KLEENE, rule, row, want)

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

static void compile_text_fails(logic_mode mode, const char *text, const char *message_part,
                               const char *want_pointer)
{
    cJSON *json = cJSON_Parse(text);
    assert_non_null(json);
    compile_fails(mode, json, "/criteria/0/requirements/1/rule", message_part, want_pointer);
    cJSON_Delete(json);
}

// ---- plain mode -----------------------------------------------------------------------------

static void var_reads_dot_paths_array_indexes_and_whole_data(void **state)
{
    (void)state;
    PLAIN("{\"var\":\"a.b\"}", "{\"a\":{\"b\":7}}", "7");
    PLAIN("{\"var\":1}", "[\"x\",\"y\"]", "\"y\"");
    PLAIN("{\"var\":\"a.1\"}", "{\"a\":[5,6]}", "6");
    PLAIN("{\"var\":\"\"}", "{\"a\":1}", "{\"a\":1}");
    PLAIN("{\"var\":[]}", "3", "3");
    PLAIN("{\"var\":{\"cat\":[\"a\",\".b\"]}}", "{\"a\":{\"b\":\"dyn\"}}", "\"dyn\"");
}

static void var_default_applies_when_absent_not_when_null(void **state)
{
    (void)state;
    PLAIN("{\"var\":[\"x\",5]}", "{}", "5");
    PLAIN("{\"var\":[\"x\",5]}", "{\"x\":null}", "null");
    PLAIN("{\"var\":[\"x\",5]}", "{\"x\":0}", "0");
    PLAIN("{\"var\":\"x\"}", "{}", "null");
}

static void missing_and_missing_some_list_absent_names(void **state)
{
    (void)state;
    PLAIN("{\"missing\":[\"a\",\"b\",\"c\"]}", "{\"a\":1,\"b\":\"\"}", "[\"b\",\"c\"]");
    PLAIN("{\"missing\":{\"merge\":[\"a\",\"b\"]}}", "{\"b\":2}", "[\"a\"]");
    PLAIN("{\"missing_some\":[1,[\"a\",\"b\"]]}", "{\"b\":2}", "[]");
    PLAIN("{\"missing_some\":[2,[\"a\",\"b\",\"c\"]]}", "{\"b\":2}", "[\"a\",\"c\"]");
}

static void if_takes_any_number_of_branches(void **state)
{
    (void)state;
    PLAIN("{\"if\":[false,1,false,2,3]}", NULL, "3");
    PLAIN("{\"if\":[false,1,true,2,3]}", NULL, "2");
    PLAIN("{\"?:\":[true,1,2]}", NULL, "1");
    PLAIN("{\"if\":[]}", NULL, "null");
    PLAIN("{\"if\":[false,1]}", NULL, "null");
}

static void equality_follows_the_compat_suites(void **state)
{
    (void)state;
    PLAIN("{\"==\":[1,\"1\"]}", NULL, "true");
    PLAIN("{\"==\":[0,false]}", NULL, "true");
    PLAIN("{\"==\":[null,0]}", NULL, "true");
    PLAIN("{\"==\":[1,\"A\"]}", NULL, "error:NaN");
    PLAIN("{\"===\":[1,\"1\"]}", NULL, "false");
    PLAIN("{\"!=\":[\"a\",\"b\"]}", NULL, "true");
    PLAIN("{\"!==\":[1,1]}", NULL, "false");
    PLAIN("{\"==\":[1]}", NULL, "error:Invalid Arguments");
}

static void ordering_compares_strings_as_strings_and_chains_between(void **state)
{
    (void)state;
    PLAIN("{\"<\":[\"2024-01-01\",\"2024-02-01\"]}", NULL, "true");
    PLAIN("{\">\":[\"21\",3]}", NULL, "true");
    PLAIN("{\"<\":[1,2,3]}", NULL, "true");
    PLAIN("{\"<\":[1,4,3]}", NULL, "false");
    PLAIN("{\"<=\":[1,1,3]}", NULL, "true");
    PLAIN("{\">\":[null,1]}", NULL, "false");
    PLAIN("{\">\":[[1],5]}", NULL, "error:NaN");
}

static void arithmetic_converts_like_javascript_and_throws_nan(void **state)
{
    (void)state;
    PLAIN("{\"+\":[1,\"2\",true,null]}", NULL, "4");
    PLAIN("{\"+\":\"1e2\"}", NULL, "100");
    PLAIN("{\"-\":[5]}", NULL, "-5");
    PLAIN("{\"-\":[]}", NULL, "error:Invalid Arguments");
    PLAIN("{\"*\":[]}", NULL, "1");
    PLAIN("{\"/\":[1,0]}", NULL, "error:NaN");
    PLAIN("{\"/\":[1,4]}", NULL, "0.25");
    PLAIN("{\"%\":[7,3]}", NULL, "1");
    PLAIN("{\"+\":[\"Hey\",1]}", NULL, "error:NaN");
    PLAIN("{\"max\":[1,3,2]}", NULL, "3");
    PLAIN("{\"min\":[1,\"-3\",2]}", NULL, "-3");
}

static void cat_formats_numbers_like_javascript(void **state)
{
    (void)state;
    PLAIN("{\"cat\":[1.5,\"|\",1,\"|\",0.1,\"|\",1e21,\"|\",1e-7,\"|\",123456789012]}", NULL,
          "\"1.5|1|0.1|1e+21|1e-7|123456789012\"");
    PLAIN("{\"cat\":[null,true,[1,2]]}", NULL, "\"true1,2\"");
}

static void substr_counts_negative_indexes_from_the_end(void **state)
{
    (void)state;
    PLAIN("{\"substr\":[\"jsonlogic\",-5]}", NULL, "\"logic\"");
    PLAIN("{\"substr\":[\"jsonlogic\",1,-5]}", NULL, "\"son\"");
    PLAIN("{\"substr\":[\"h\xc3\xa9llo\",1,2]}", NULL, "\"\xc3\xa9l\"");
}

// Found by the differential test against json-logic-js: a null length is 0, as in JavaScript
// (it was read as "to the end"), and a fractional negative length is added before truncation.
static void substr_null_and_fractional_lengths_are_javascripts(void **state)
{
    (void)state;
    PLAIN("{\"substr\":[\"abc\",0,null]}", NULL, "\"\"");
    PLAIN("{\"substr\":[null,2,null]}", NULL, "\"\"");
    PLAIN("{\"substr\":[\"abc\",1]}", NULL, "\"bc\"");
    PLAIN("{\"substr\":[\"abcdefghi\",0,-0.5]}", NULL, "\"abcdefgh\"");
    PLAIN("{\"substr\":[\"abcdefghijklmno\",0,-1.25]}", NULL, "\"abcdefghijklm\"");
    PLAIN("{\"substr\":[\"abcdef\",1,2.9]}", NULL, "\"bc\"");
    PLAIN("{\"substr\":[\"abcdef\",1,\"x\"]}", NULL, "\"\"");
}

static void in_tests_array_membership_and_substrings(void **state)
{
    (void)state;
    PLAIN("{\"in\":[\"b\",[\"a\",\"b\"]]}", NULL, "true");
    PLAIN("{\"in\":[\"Spring\",\"Springfield\"]}", NULL, "true");
    PLAIN("{\"in\":[\"x\",null]}", NULL, "false");
    PLAIN("{\"in\":[1,[\"1\"]]}", NULL, "false");
}

static void iterators_see_the_element(void **state)
{
    (void)state;
    PLAIN("{\"map\":[{\"var\":\"xs\"},{\"*\":[{\"var\":\"\"},2]}]}", "{\"xs\":[1,2]}", "[2,4]");
    PLAIN("{\"filter\":[{\"var\":\"xs\"},{\">\":[{\"var\":\"\"},1]}]}", "{\"xs\":[1,2,3]}",
          "[2,3]");
    PLAIN("{\"reduce\":[{\"var\":\"xs\"},{\"+\":[{\"var\":\"current\"},{\"var\":\"accumulator\"}]},"
          "10]}",
          "{\"xs\":[1,2]}", "13");
    PLAIN("{\"all\":[[],true]}", NULL, "false");
    PLAIN("{\"none\":[[],true]}", NULL, "true");
    PLAIN("{\"some\":[{\"var\":\"xs\"},{\">\":[{\"var\":\"q\"},2]}]}",
          "{\"xs\":[{\"q\":1},{\"q\":3}]}", "true");
    PLAIN("{\"merge\":[[1],2,[[3]]]}", NULL, "[1,2,[3]]");
}

static void try_catches_errors_and_throw_names_them(void **state)
{
    (void)state;
    PLAIN("{\"throw\":\"Oops\"}", NULL, "error:Oops");
    PLAIN("{\"try\":[{\"throw\":\"Oops\"},{\"var\":\"type\"}]}", NULL, "\"Oops\"");
    PLAIN("{\"??\":[null,{\"var\":\"x\"},3]}", "{\"x\":false}", "false");
    PLAIN("{\"log\":[\"quiet\"]}", NULL, "\"quiet\"");
    PLAIN("{\"exists\":\"a\"}", "{\"a\":null}", "true");
    PLAIN("{\"val\":[\"a\",\"b\"]}", "{\"a\":{\"b\":2}}", "2");
}

static void object_with_several_keys_is_a_literal_in_plain_mode(void **state)
{
    (void)state;
    PLAIN("{\"a\":1,\"b\":{\"var\":\"x\"}}", NULL, "{\"a\":1,\"b\":{\"var\":\"x\"}}");
    PLAIN("{}", NULL, "{}");
}

// ---- Kleene mode ----------------------------------------------------------------------------

static void missing_cell_is_unknown_not_false(void **state)
{
    (void)state;
    KLEENE("{\">=\":[{\"var\":\"budget\"},0]}", "{}", "unknown");
    KLEENE("{\"==\":[{\"var\":\"budget\"},null]}", "{}", "unknown");
    KLEENE("{\"+\":[{\"var\":\"budget\"},1]}", "{}", "unknown");
    KLEENE("{\"cat\":[{\"var\":\"name\"},\"!\"]}", "{}", "unknown");
    KLEENE("{\"in\":[\"gender\",{\"var\":\"gia\"}]}", "{}", "unknown");
    KLEENE("{\"merge\":[{\"var\":\"gia\"},[1]]}", "{}", "unknown");
    KLEENE("{\"var\":\"budget\"}", "{}", "unknown");
}

static void present_values_keep_plain_semantics(void **state)
{
    (void)state;
    KLEENE("{\">=\":[{\"var\":\"budget\"},0]}", "{\"budget\":0}", "true");
    KLEENE("{\">\":[{\"var\":\"budget\"},0]}", "{\"budget\":0}", "false");
    KLEENE("{\"in\":[\"age\",{\"var\":\"gia\"}]}", "{\"gia\":[\"gender\",\"age\"]}", "true");
    KLEENE("{\"and\":[{\"var\":\"budget\"},{\"var\":\"name\"}]}", "{\"budget\":3,\"name\":\"x\"}",
           "\"x\"");
    KLEENE("{\"<\":[\"2024-01-01\",{\"var\":\"stage\"}]}", "{\"stage\":\"2024-03-01\"}", "true");
    // The field-versus-constant fast path agrees with the general one (swapped, mixed kinds).
    KLEENE("{\"<\":[10,{\"var\":\"budget\"}]}", "{\"budget\":11}", "true");
    KLEENE("{\"<=\":[{\"var\":\"budget\"},10]}", "{\"budget\":11}", "false");
    KLEENE("{\"==\":[{\"var\":\"budget\"},\"5\"]}", "{\"budget\":5}", "true");
    KLEENE("{\"===\":[{\"var\":\"budget\"},\"5\"]}", "{\"budget\":5}", "false");
    KLEENE("{\"!=\":[\"a\",{\"var\":\"name\"}]}", "{\"name\":\"b\"}", "true");
    KLEENE("{\">\":[{\"var\":\"name\"},\"a\"]}", "{\"name\":\"b\"}", "true");
}

// A default replaces an absent cell; an invalid one stays unknown (invalid): a default must not
// turn evidence that failed its type into a value that can meet a requirement.
static void var_default_replaces_absent_but_not_invalid(void **state)
{
    (void)state;
    KLEENE("{\">=\":[{\"var\":[\"budget\",0]},0]}", "{}", "true");
    KLEENE("{\"var\":[\"budget\",7]}", "{\"budget\":\"<absent>\"}", "7");
    KLEENE("{\"var\":[\"budget\",7]}", "{\"budget\":\"<invalid>\"}", "unknown(invalid)");
    KLEENE("{\">=\":[{\"var\":[\"budget\",1]},1]}", "{\"budget\":\"<invalid>\"}",
           "unknown(invalid)");
    KLEENE("{\"var\":[\"budget\",7]}", "{\"budget\":2}", "2");
}

static void and_is_false_if_any_operand_is_false_else_unknown(void **state)
{
    (void)state;
    // T/F/U × T/F/U
    KLEENE("{\"and\":[true,{\"var\":\"budget\"}]}", "{}", "unknown");
    KLEENE("{\"and\":[false,{\"var\":\"budget\"}]}", "{}", "false");
    KLEENE("{\"and\":[{\"var\":\"budget\"},false]}", "{}", "false");
    KLEENE("{\"and\":[{\"var\":\"budget\"},{\"var\":\"share\"}]}", "{}", "unknown");
    KLEENE("{\"and\":[{\"var\":\"budget\"},0]}", "{}", "0");
    KLEENE("{\"and\":[true,1]}", "{}", "1");
    KLEENE("{\"and\":[true,false]}", "{}", "false");
}

static void or_is_true_if_any_operand_is_true_else_unknown(void **state)
{
    (void)state;
    KLEENE("{\"or\":[false,{\"var\":\"budget\"}]}", "{}", "unknown");
    KLEENE("{\"or\":[{\"var\":\"budget\"},\"yes\"]}", "{}", "\"yes\"");
    KLEENE("{\"or\":[{\"var\":\"budget\"},true]}", "{}", "true");
    KLEENE("{\"or\":[{\"var\":\"budget\"},{\"var\":\"share\"}]}", "{}", "unknown");
    KLEENE("{\"or\":[false,0]}", "{}", "0");
    KLEENE("{\"or\":[{\"var\":\"budget\"},false]}", "{\"budget\":5}", "5");
}

static void not_and_double_not_of_unknown_are_unknown(void **state)
{
    (void)state;
    KLEENE("{\"!\":[{\"var\":\"grievance\"}]}", "{}", "unknown");
    KLEENE("{\"!!\":[{\"var\":\"grievance\"}]}", "{}", "unknown");
    KLEENE("{\"!\":[{\"var\":\"grievance\"}]}", "{\"grievance\":false}", "true");
}

static void if_with_unknown_condition_is_unknown(void **state)
{
    (void)state;
    KLEENE("{\"if\":[{\"var\":\"grievance\"},1,2]}", "{}", "unknown");
    KLEENE("{\"if\":[{\"var\":\"grievance\"},1,2]}", "{\"grievance\":\"<invalid>\"}",
           "unknown(invalid)");
    KLEENE("{\"if\":[true,{\"var\":\"budget\"},2]}", "{}", "unknown");
    KLEENE("{\"if\":[false,{\"var\":\"budget\"},2]}", "{}", "2");
}

static void invalid_cell_wins_over_absent_when_combining(void **state)
{
    (void)state;
    const char *row = "{\"budget\":\"<absent>\",\"share\":\"<invalid>\"}";
    KLEENE("{\"and\":[{\">\":[{\"var\":\"budget\"},0]},{\">\":[{\"var\":\"share\"},40]}]}", row,
           "unknown(invalid)");
    KLEENE("{\"or\":[{\">\":[{\"var\":\"share\"},40]},{\">\":[{\"var\":\"budget\"},0]}]}", row,
           "unknown(invalid)");
    KLEENE("{\"+\":[{\"var\":\"budget\"},{\"var\":\"share\"}]}", row, "unknown(invalid)");
    KLEENE("{\">\":[{\"var\":\"budget\"},0]}", row, "unknown");
}

static void missing_sees_unknown_cells_as_missing_and_is_never_unknown(void **state)
{
    (void)state;
    const char *row = "{\"budget\":1,\"share\":\"<invalid>\"}";
    KLEENE("{\"missing\":[\"budget\",\"share\",\"stage\"]}", row, "[\"share\",\"stage\"]");
    KLEENE("{\"missing_some\":[1,[\"budget\",\"share\"]]}", row, "[]");
    KLEENE("{\"missing_some\":[2,[\"budget\",\"share\"]]}", row, "[\"share\"]");
    KLEENE("{\"!\":{\"missing\":[\"budget\"]}}", row, "true");
}

static void iteration_over_unknown_is_unknown_and_bodies_read_the_element(void **state)
{
    (void)state;
    KLEENE("{\"some\":[{\"var\":\"gia\"},{\"==\":[{\"var\":\"\"},\"age\"]}]}", "{}", "unknown");
    KLEENE("{\"all\":[{\"var\":\"items\"},{\">\":[{\"var\":\"qty\"},0]}]}",
           "{\"items\":[{\"qty\":1},{\"qty\":2}]}", "true");
    KLEENE("{\"reduce\":[{\"var\":\"items\"},{\"+\":[{\"var\":\"current.qty\"},"
           "{\"var\":\"accumulator\"}]},0]}",
           "{\"items\":[{\"qty\":1},{\"qty\":2}]}", "3");
}

// ---- compile diagnostics ---------------------------------------------------------------------

static void unknown_operator_is_a_diagnostic_with_its_pointer(void **state)
{
    (void)state;
    compile_text_fails(LOGIC_KLEENE, "{\"and\":[true,{\"a/b~\":[1]}]}", "unknown operator \"a/b~\"",
                       "/criteria/0/requirements/1/rule/and/1/a~1b~0");
    compile_text_fails(LOGIC_PLAIN, "{\"foo\":[1]}", "unknown operator \"foo\"",
                       "/criteria/0/requirements/1/rule/foo");
    assert_true(logic_is_operator("missing_some"));
    assert_false(logic_is_operator("foo"));
}

static void var_naming_no_field_is_a_diagnostic(void **state)
{
    (void)state;
    compile_text_fails(LOGIC_KLEENE, "{\">\":[{\"var\":\"bugdet\"},0]}",
                       "var names no declared field \"bugdet\"",
                       "/criteria/0/requirements/1/rule/>/0/var");
    compile_text_fails(LOGIC_KLEENE, "{\"missing\":[\"budget\",\"nope\"]}", "\"nope\"", NULL);
}

static void wrong_arity_is_a_diagnostic_in_checklist_rules_and_throws_in_plain_ones(void **state)
{
    (void)state;
    compile_text_fails(LOGIC_KLEENE, "{\">\":[1]}", "invalid arguments for \">\"",
                       "/criteria/0/requirements/1/rule/>");
    compile_text_fails(LOGIC_KLEENE, "{\"and\":true}", "invalid arguments for \"and\"", NULL);
    PLAIN("{\">\":[1]}", NULL, "error:Invalid Arguments");
}

static void object_with_several_keys_is_a_diagnostic_in_checklist_rules(void **state)
{
    (void)state;
    compile_text_fails(LOGIC_KLEENE, "{\"==\":[1,1],\">\":[2,1]}", "not an operation", NULL);
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
    "{\"reduce\": [{\"filter\": [{\"var\": \"items\"}, {\"in\": [{\"var\": \"\"}, [\"A\", \"b\"]]}]}, "
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
    static const char *const lying[NSET_RULES] = {"true", "false", "false", "true", "true",
                                                  "false", "true", "true", "false", "1",
                                                  "2", "true", "false", "true"};
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
    static const char *const pool[] = {"\"<absent>\"", "\"<invalid>\"", "true", "false", "0", "1", "40",
                                       "39.5", "\"\"", "\"none\"", "\"x\"", "\"5\"",
                                       "[\"a\"]", "[]", "null"};
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(var_reads_dot_paths_array_indexes_and_whole_data),
        cmocka_unit_test(var_default_applies_when_absent_not_when_null),
        cmocka_unit_test(missing_and_missing_some_list_absent_names),
        cmocka_unit_test(if_takes_any_number_of_branches),
        cmocka_unit_test(equality_follows_the_compat_suites),
        cmocka_unit_test(ordering_compares_strings_as_strings_and_chains_between),
        cmocka_unit_test(arithmetic_converts_like_javascript_and_throws_nan),
        cmocka_unit_test(cat_formats_numbers_like_javascript),
        cmocka_unit_test(substr_counts_negative_indexes_from_the_end),
        cmocka_unit_test(substr_null_and_fractional_lengths_are_javascripts),
        cmocka_unit_test(in_tests_array_membership_and_substrings),
        cmocka_unit_test(iterators_see_the_element),
        cmocka_unit_test(try_catches_errors_and_throw_names_them),
        cmocka_unit_test(object_with_several_keys_is_a_literal_in_plain_mode),
        cmocka_unit_test(missing_cell_is_unknown_not_false),
        cmocka_unit_test(present_values_keep_plain_semantics),
        cmocka_unit_test(var_default_replaces_absent_but_not_invalid),
        cmocka_unit_test(and_is_false_if_any_operand_is_false_else_unknown),
        cmocka_unit_test(or_is_true_if_any_operand_is_true_else_unknown),
        cmocka_unit_test(not_and_double_not_of_unknown_are_unknown),
        cmocka_unit_test(if_with_unknown_condition_is_unknown),
        cmocka_unit_test(invalid_cell_wins_over_absent_when_combining),
        cmocka_unit_test(missing_sees_unknown_cells_as_missing_and_is_never_unknown),
        cmocka_unit_test(iteration_over_unknown_is_unknown_and_bodies_read_the_element),
        cmocka_unit_test(unknown_operator_is_a_diagnostic_with_its_pointer),
        cmocka_unit_test(var_naming_no_field_is_a_diagnostic),
        cmocka_unit_test(wrong_arity_is_a_diagnostic_in_checklist_rules_and_throws_in_plain_ones),
        cmocka_unit_test(object_with_several_keys_is_a_diagnostic_in_checklist_rules),
        cmocka_unit_test(nesting_deeper_than_the_limit_is_a_diagnostic_not_a_crash),
        cmocka_unit_test(rule_slots_are_sorted_and_unique),
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
