// Explanations: the sentences for failing leaves, byte for byte as the printf version wrote them.
#include "unit/test_main.h"

#include "evaluator/explain.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// What explain_value printed for a number before it stopped calling printf: the contract.
static void printf_number(double x, char *buf, size_t size)
{
    if (x == floor(x) && fabs(x) < 1e15)
        snprintf(buf, size, "%.0f", x);
    else
        snprintf(buf, size, "%.10g", x);
}

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

// Doubles of every shape: whole numbers, short and long decimals, tiny and huge magnitudes,
// neighbours of short decimals, raw bit patterns (nan and inf among them).
static double random_double(uint64_t *s)
{
    static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11};
    uint64_t r = next_random(s);
    double sign = (r >> 63) ? -1 : 1;
    switch (r % 7) {
    case 0: {
        uint64_t bits = next_random(s);
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    case 1:
        return sign * (double)(next_random(s) % 2000000000000000ull);
    case 2:
        return sign * (double)(next_random(s) % 100000) / scale[next_random(s) % 12];
    case 3:
        return sign * (double)(next_random(s) % 10000000000ull) / scale[next_random(s) % 12];
    case 4:
        return sign * (double)(next_random(s) >> 11) / 9007199254740992.0 *
               pow(10, (double)(next_random(s) % 40) - 20);
    case 5:
        return nextafter((double)(next_random(s) % 100000) / 100, sign * INFINITY);
    default:
        return sign * (double)(next_random(s) % 100000) / 8;
    }
}

static void numbers_read_as_printf_wrote_them_for_random_doubles(void **state)
{
    (void)state;
    static const double edges[] = {0.0,     -0.0,         NAN,
                                   -NAN,    INFINITY,     -INFINITY,
                                   1e15,    1e15 - 1,     999999999999999.5,
                                   0.0001,  1e-5,         9.99995e-5,
                                   1e10,    9999999999.5, 0.1 + 0.2,
                                   1.0 / 3, 12.5,         -0.75,
                                   40,      35.25};
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < 500000; i++) {
        double x = i < sizeof edges / sizeof edges[0] ? edges[i] : random_double(&seed);
        value v = value_number(x);
        char want[64], got[64];
        printf_number(x, want, sizeof want);
        size_t n = explain_value(&v, got, sizeof got);
        if (strcmp(got, want) != 0 || n != strlen(want))
            fail_msg("%.17g: printf wrote \"%s\", explain_value \"%s\"", x, want, got);
    }
}

static void values_read_as_words(void **state)
{
    (void)state;
    char buf[64];
    value items[] = {value_number(12.5), value_string("a", 1), value_bool(true)};
    struct {
        value v;
        const char *want;
    } cases[] = {
        {value_null(), "null"},
        {value_bool(false), "no"},
        {value_array(items, 3), "12.5; a; yes"},
        {value_array(NULL, 0), "none"},
        {{.kind = VALUE_OBJECT}, "an object"},
        {value_unknown(false), "empty"},
        {value_unknown(true), "invalid"},
        {{.kind = VALUE_ERROR, .as.string = {"NaN", 3}}, "error NaN"},
        // printf's "%.*s" stops at a NUL inside a string.
        {value_string("ab\0cd", 5), "ab"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = explain_value(&cases[i].v, buf, sizeof buf);
        assert_string_equal(buf, cases[i].want);
        assert_int_equal(n, strlen(cases[i].want));
    }
}

static void long_values_are_cut_where_printf_cut_them(void **state)
{
    (void)state;
    char text[300], buf[400];
    memset(text, 'x', sizeof text);
    value s = value_string(text, sizeof text);
    assert_int_equal(explain_value(&s, buf, sizeof buf), 200); // a string shows 200 bytes at most
    value items[] = {value_number(123456), value_string("abcdef", 6), value_number(7)};
    value list = value_array(items, 3);
    assert_int_equal(explain_value(&list, buf, 12), 11);
    assert_string_equal(buf, "123456; abc");
    assert_int_equal(explain_value(&list, buf, 9), 8);
    assert_string_equal(buf, "123456; ");
    assert_int_equal(explain_value(&items[0], buf, 1), 0);
    assert_string_equal(buf, "");
}

// A checklist of three fields: a percent, an amount in USD, a list.
typedef struct fixture {
    checklist_field fields[3];
    checklist cl;
    typed_cell cells[3];
    value values[3];
    size_t slots[3];
    checklist_requirement req;
    arena *a;
} fixture;

static void fixture_init(fixture *fx, char *amount_unit, char *amount_label)
{
    static char share[] = "share", share_label[] = "Women's share", budget[] = "budget",
                groups[] = "groups", groups_label[] = "Groups consulted";
    memset(fx, 0, sizeof *fx);
    fx->fields[0] = (checklist_field){.name = share, .label = share_label, .type = FIELD_PERCENT};
    fx->fields[1] = (checklist_field){
        .name = budget, .label = amount_label, .type = FIELD_NUMBER, .unit = amount_unit};
    fx->fields[2] = (checklist_field){.name = groups, .label = groups_label, .type = FIELD_LIST};
    fx->cl.fields = fx->fields;
    fx->cl.field_count = 3;
    for (size_t i = 0; i < 3; i++) {
        fx->slots[i] = i;
        fx->cells[i] = (typed_cell){.state = CELL_PRESENT, .line = 2, .column = i + 1};
    }
    fx->req.fields = fx->slots;
    fx->req.field_count = 3;
    fx->a = arena_new();
}

static logic_leaf comparison(const char *op, long slot, int field_operand, value a, value b)
{
    logic_leaf leaf = {.op = op,
                       .slot = slot,
                       .direct = true,
                       .field_operand = field_operand,
                       .operand_count = 2,
                       .result = value_bool(false)};
    leaf.operands[0] = a;
    leaf.operands[1] = b;
    return leaf;
}

static void failing_leaves_read_as_sentences(void **state)
{
    (void)state;
    static char usd[] = "USD", budget_label[] = "Budget";
    fixture fx;
    fixture_init(&fx, usd, budget_label);
    value groups[] = {value_string("women", 5), value_string("youth", 5)};
    logic_leaf leaves[] = {
        comparison(">=", 0, 0, value_number(35), value_number(40)),
        comparison("<", 1, 1, value_number(1000.5), value_number(250)),
        comparison("in", 2, 1, value_string("elders", 6), value_array(groups, 2)),
        {.op = "!!",
         .slot = 0,
         .field_operand = 0,
         .operand_count = 1,
         .operands = {value_bool(false)},
         .result = value_bool(false)},
        {.op = "<=",
         .slot = 1,
         .direct = true,
         .field_operand = 1,
         .operand_count = 3,
         .operands = {value_number(0.25), value_number(-3), value_number(1e20)},
         .result = value_bool(false)},
        comparison("+", -1, -1, value_number(1), value_number(2)),
        // Repeats an earlier sentence, so it is not said twice.
        comparison(">=", 0, 0, value_number(35), value_number(40)),
    };
    logic_trace trace = {.items = leaves, .count = sizeof leaves / sizeof leaves[0]};
    size_t n;
    const explanation *e = explain_requirement(&fx.cl, &fx.req, OUTCOME_UNMET, NULL, &trace,
                                               fx.cells, fx.values, fx.a, &n);
    const char *want[] = {
        "Women's share is 35 %, the requirement is at least 40 %",
        "Budget is 250 USD, the requirement is more than 1000.5 USD",
        "Groups consulted is \"women; youth\", the requirement is that it includes elders",
        "Women's share is no, the requirement is yes",
        "Budget is -3 USD, the requirement is between 0.25 USD and 1e+20 USD",
        "the rule: \"+\" on 1 is false",
    };
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(e[i].text, want[i]);
    assert_int_equal(e[1].field, 1);
    assert_true(e[1].actual.kind == VALUE_NUMBER && e[1].actual.as.number == 250);
    assert_true(e[1].expected.kind == VALUE_NUMBER && e[1].expected.as.number == 1000.5);
    arena_free(fx.a);
}

static void cells_without_evidence_say_what_is_wrong(void **state)
{
    (void)state;
    static char usd[] = "USD", budget_label[] = "Budget";
    fixture fx;
    fixture_init(&fx, usd, budget_label);
    fx.cells[0] = (typed_cell){.state = CELL_ABSENT, .line = 2};
    fx.cells[1] = (typed_cell){
        .state = CELL_INVALID, .raw = "12k", .raw_len = 3, .problem = CELL_NOT_A_NUMBER, .line = 2};
    fx.cells[2] = (typed_cell){.state = CELL_ABSENT};
    fx.values[0] = value_unknown(false);
    fx.values[1] = value_unknown(true);
    fx.values[2] = value_unknown(false);
    size_t n;
    const explanation *e = explain_requirement(&fx.cl, &fx.req, OUTCOME_NO_EVIDENCE, NULL, NULL,
                                               fx.cells, fx.values, fx.a, &n);
    assert_int_equal(n, 2);
    assert_string_equal(e[0].text, "Women's share is empty: no evidence was given");
    assert_string_equal(e[1].text,
                        "Groups consulted is missing: the submission has no column \"groups\"");
    e = explain_requirement(&fx.cl, &fx.req, OUTCOME_INVALID, NULL, NULL, fx.cells, fx.values, fx.a,
                            &n);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].text, "Budget is invalid: \"12k\" is not a number");
    arena_free(fx.a);
}

// A rule stopped by an evaluation limit, every cell it reads present: the explanation names the
// limit (requirement_result.limit) rather than saying only that the rule raised an error.
static void a_rule_stopped_by_a_limit_names_the_limit(void **state)
{
    (void)state;
    static char usd[] = "USD", budget_label[] = "Budget";
    fixture fx;
    fixture_init(&fx, usd, budget_label);
    for (size_t i = 0; i < 3; i++) {
        fx.cells[i] = (typed_cell){.state = CELL_PRESENT, .line = 2};
        fx.values[i] = value_number(1);
    }
    size_t n;
    const explanation *e = explain_requirement(&fx.cl, &fx.req, OUTCOME_INVALID,
                                               "evaluation limit: a string longer than 1 MiB", NULL,
                                               fx.cells, fx.values, fx.a, &n);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].text,
                        "the rule stopped at an evaluation limit: a string longer than 1 MiB");
    e = explain_requirement(&fx.cl, &fx.req, OUTCOME_INVALID, NULL, NULL, fx.cells, fx.values, fx.a,
                            &n);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].text, "the rule raised an error on this row");
    arena_free(fx.a);
}

// The printf version formatted a value with its unit into 255 bytes first, and the sentence into
// 767: a very long unit or label is cut at the same places.
static void long_labels_and_units_are_cut_where_printf_cut_them(void **state)
{
    (void)state;
    char unit[400], label[900];
    memset(unit, 'u', sizeof unit - 1);
    unit[sizeof unit - 1] = '\0';
    memset(label, 'l', sizeof label - 1);
    label[sizeof label - 1] = '\0';

    fixture fx;
    fixture_init(&fx, unit, label + sizeof label - 1 - 400); // a label of 400 bytes
    logic_leaf leaf = comparison(">", 1, 0, value_number(12), value_number(99));
    logic_trace trace = {.items = &leaf, .count = 1};
    size_t n;
    const explanation *e = explain_requirement(&fx.cl, &fx.req, OUTCOME_UNMET, NULL, &trace,
                                               fx.cells, fx.values, fx.a, &n);
    assert_int_equal(n, 1);
    char want[800];
    snprintf(want, 768, "%s is 12 %.252s, the requirement is more than 99 %.252s",
             fx.fields[1].label, unit, unit);
    assert_string_equal(e[0].text, want);
    assert_int_equal(strlen(e[0].text), 767);
    arena_free(fx.a);

    fixture_init(&fx, NULL, label); // a label longer than the whole sentence
    e = explain_requirement(&fx.cl, &fx.req, OUTCOME_UNMET, NULL, &trace, fx.cells, fx.values, fx.a,
                            &n);
    assert_int_equal(strlen(e[0].text), 767);
    assert_memory_equal(e[0].text, label, 767);
    arena_free(fx.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_read_as_printf_wrote_them_for_random_doubles),
        cmocka_unit_test(values_read_as_words),
        cmocka_unit_test(a_rule_stopped_by_a_limit_names_the_limit),
        cmocka_unit_test(long_values_are_cut_where_printf_cut_them),
        cmocka_unit_test(failing_leaves_read_as_sentences),
        cmocka_unit_test(cells_without_evidence_say_what_is_wrong),
        cmocka_unit_test(long_labels_and_units_are_cut_where_printf_cut_them),
    };
    DDCHECK_RUN_TESTS(tests);
}
