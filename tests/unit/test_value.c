// Unit tests of checklist/value.c: truthiness, cJSON round trips, equality, deep data.
#include "unit/test_main.h"

#include "util/arena.h"
#include "checklist/value.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <string.h>

static char *print(const value *v)
{
    cJSON *j = value_to_cjson(v);
    char *s = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return s;
}

static void truthiness_follows_the_jsonlogic_truthy_table(void **state)
{
    (void)state;
    value falsy[] = {value_null(),      value_bool(false),   value_number(0),
                     value_number(NAN), value_string("", 0), value_array(NULL, 0)};
    for (size_t i = 0; i < sizeof falsy / sizeof falsy[0]; i++)
        assert_false(value_truthy(&falsy[i]));
    value one = value_number(1);
    value truthy[] = {value_bool(true), value_number(-1), value_string("0", 1),
                      value_array(&one, 1), (value){.kind = VALUE_OBJECT}};
    for (size_t i = 0; i < sizeof truthy / sizeof truthy[0]; i++)
        assert_true(value_truthy(&truthy[i]));
    value unknown = value_unknown(false);
    assert_false(value_truthy(&unknown));
}

static void cjson_round_trip_keeps_every_kind(void **state)
{
    (void)state;
    arena *a = arena_new();
    const char *text = "{\"a\":[1,2.5,\"x\",true,null],\"b\":{\"c\":false},\"\":-3}";
    cJSON *j = cJSON_Parse(text);
    value v = value_from_cjson(j, a);
    cJSON_Delete(j); // the value owns copies in the arena
    assert_int_equal(v.kind, VALUE_OBJECT);
    assert_int_equal(v.as.object.count, 3);
    char *s = print(&v);
    assert_string_equal(s, text);
    cJSON_free(s);
    arena_free(a);
}

static void whole_numbers_print_without_a_decimal_point(void **state)
{
    (void)state;
    value vals[] = {value_number(1), value_number(1.5), value_number(-0.0), value_number(1e6)};
    const char *want[] = {"1", "1.5", "0", "1000000"};
    for (size_t i = 0; i < 4; i++) {
        char *s = print(&vals[i]);
        assert_string_equal(s, want[i]);
        cJSON_free(s);
    }
}

static void unknown_prints_as_null_and_error_as_an_error_object(void **state)
{
    (void)state;
    value u = value_unknown(true);
    char *s = print(&u);
    assert_string_equal(s, "null");
    cJSON_free(s);
    value e = {.kind = VALUE_ERROR, .as.string = {"NaN", 3}};
    s = print(&e);
    assert_string_equal(s, "{\"error\":\"NaN\"}");
    cJSON_free(s);
}

static void equality_compares_objects_by_key_set_not_order(void **state)
{
    (void)state;
    arena *a = arena_new();
    cJSON *x = cJSON_Parse("{\"a\":1,\"b\":[1,{\"c\":null}]}");
    cJSON *y = cJSON_Parse("{\"b\":[1,{\"c\":null}],\"a\":1.0}");
    cJSON *z = cJSON_Parse("{\"b\":[1,{\"c\":0}],\"a\":1}");
    value vx = value_from_cjson(x, a), vy = value_from_cjson(y, a), vz = value_from_cjson(z, a);
    assert_true(value_equal(&vx, &vy));
    assert_false(value_equal(&vx, &vz));
    // A repeated key (cJSON keeps both) counts as often as it appears: such an object equals
    // itself and its members in another order, not an object with the other value twice.
    cJSON *d1 = cJSON_Parse("{\"k\":1,\"k\":2}"), *d2 = cJSON_Parse("{\"k\":2,\"k\":1}");
    cJSON *d3 = cJSON_Parse("{\"k\":1,\"k\":1}");
    value v1 = value_from_cjson(d1, a), v2 = value_from_cjson(d2, a), v3 = value_from_cjson(d3, a);
    assert_true(value_equal(&v1, &v1));
    assert_true(value_equal(&v1, &v2));
    assert_false(value_equal(&v1, &v3));
    assert_false(value_equal(&v3, &v1));
    cJSON_Delete(d1);
    cJSON_Delete(d2);
    cJSON_Delete(d3);
    // Objects nested 60 deep, one member each: a member's value is compared once a level (it was
    // twice, once with itself, which doubled the work at each level: 2^60 comparisons).
    char nested[60 * 6 + 1 + 60 + 1] = "";
    for (int i = 0; i < 60; i++)
        strcat(nested, "{\"k\":");
    strcat(nested, "1");
    for (int i = 0; i < 60; i++)
        strcat(nested, "}");
    cJSON *n1 = cJSON_Parse(nested);
    value vn1 = value_from_cjson(n1, a), vn2 = value_from_cjson(n1, a);
    assert_true(value_equal(&vn1, &vn2));
    cJSON_Delete(n1);
    value s1 = value_string("a\0b", 3), s2 = value_string("a\0c", 3);
    assert_false(value_equal(&s1, &s2));
    cJSON_Delete(x);
    cJSON_Delete(y);
    cJSON_Delete(z);
    arena_free(a);
}

// cJSON_Delete recurses; free a deep chain from the bottom up instead.
static void delete_chain(cJSON *top)
{
    while (top) {
        cJSON *child = top->child;
        top->child = NULL;
        cJSON_Delete(top);
        top = child;
    }
}

static void hundred_thousand_deep_data_does_not_overflow_the_stack(void **state)
{
    (void)state;
    enum { DEPTH = 100000 };
    cJSON *top = cJSON_CreateArray();
    cJSON *cur = top;
    for (int i = 0; i < DEPTH; i++) {
        cJSON *next = cJSON_CreateArray();
        cJSON_AddItemToArray(cur, next);
        cur = next;
    }
    arena *a = arena_new();
    value v = value_from_cjson(top, a);
    assert_int_equal(v.kind, VALUE_ARRAY);
    cJSON *back = value_to_cjson(&v);
    assert_non_null(back);
    delete_chain(back);
    delete_chain(top);

    // A value built deep by hand: equality and printing stop at their limit.
    value *chain = arena_alloc(a, DEPTH * sizeof(value));
    chain[DEPTH - 1] = value_array(NULL, 0);
    for (int i = DEPTH - 2; i >= 0; i--)
        chain[i] = value_array(&chain[i + 1], 1);
    assert_false(value_equal(&chain[0], &chain[0])); // too deep to decide: never "equal"
    assert_true(value_too_deep(&chain[0]));
    assert_false(value_too_deep(&chain[DEPTH - 1 - VALUE_DEEPEST])); // VALUE_DEEPEST levels below
    assert_true(value_too_deep(&chain[DEPTH - 2 - VALUE_DEEPEST]));
    cJSON *printed = value_to_cjson(&chain[0]);
    assert_non_null(printed);
    delete_chain(printed);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(truthiness_follows_the_jsonlogic_truthy_table),
        cmocka_unit_test(cjson_round_trip_keeps_every_kind),
        cmocka_unit_test(whole_numbers_print_without_a_decimal_point),
        cmocka_unit_test(unknown_prints_as_null_and_error_as_an_error_object),
        cmocka_unit_test(equality_compares_objects_by_key_set_not_order),
        cmocka_unit_test(hundred_thousand_deep_data_does_not_overflow_the_stack),
    };
    DDCHECK_RUN_TESTS(tests);
}
