// The checklist loader: every problem at once, each with its JSON Pointer, line and column.
#include "unit/test_main.h"

#include "checklist/builtin.h"
#include "checklist/checklist.h"

#include <stdio.h>
#include <string.h>

static const char *find(const diag_list *d, const char *pointer, const char *words)
{
    for (size_t i = 0; i < d->count; i++)
        if ((!pointer || (d->items[i].pointer && strcmp(d->items[i].pointer, pointer) == 0)) &&
            strstr(d->items[i].message, words))
            return d->items[i].message;
    return NULL;
}

static void dump(const diag_list *d)
{
    char buf[512];
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "  %s\n", diag_format(&d->items[i], buf, sizeof buf));
}

static void every_builtin_checklist_loads_without_problems(void **state)
{
    (void)state;
    assert_true(builtin_checklist_count >= 1);
    assert_non_null(builtin_find(BUILTIN_DEFAULT_ID));
    for (size_t i = 0; i < builtin_checklist_count; i++) {
        diag_list d = {0};
        checklist *cl = checklist_parse(builtin_checklists[i].json, builtin_checklists[i].size,
                                        builtin_checklists[i].id, &d);
        dump(&d);
        assert_non_null(cl);
        assert_int_equal(d.count, 0);
        assert_string_equal(cl->id, builtin_checklists[i].id);
        assert_true(cl->criterion_count >= 3);
        for (size_t c = 0; c < cl->criterion_count; c++)
            assert_true(cl->criteria[c].count >= 3);
        checklist_free(cl);
        diag_list_clear(&d);
    }
}

static void invalid_json_is_reported_at_its_line_and_column(void **state)
{
    (void)state;
    const char text[] = "{\n  \"format\": \"ddcheck-checklist/1\",\n  \"id\": oops\n}";
    diag_list d = {0};
    assert_null(checklist_parse(text, strlen(text), "bad.json", &d));
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].line, 3);
    assert_true(d.items[0].column >= 9);
    assert_string_equal(d.items[0].file, "bad.json");
    diag_list_clear(&d);
}

static void trailing_text_after_the_document_is_an_error(void **state)
{
    (void)state;
    const char text[] = "{} x";
    diag_list d = {0};
    assert_null(checklist_parse(text, strlen(text), "t.json", &d));
    assert_int_equal(d.items[0].column, 4);
    diag_list_clear(&d);
}

static const char BROKEN[] =
    "{\"format\":\"ddcheck-checklist/1\",\"id\":\"b\",\"title\":\"B\",\"key\":\"id\",\n"
    "\"pass_score\":120,\"colour\":\"red\",\n"
    "\"fields\":{\"id\":{\"type\":\"text\"},\"n\":{\"type\":\"numeric\"}},\n"
    "\"criteria\":[{\"id\":\"C1\",\"title\":\"c\",\"weight\":0,\"requirements\":[\n"
    "  {\"id\":\"R1\",\"text\":\"r\",\"rule\":{\">\":[{\"var\":\"budget\"},0]}},\n"
    "  {\"id\":\"R1\",\"text\":\"r\",\"rule\":{\"frobnicate\":[1]}}]}],\n"
    "\"tests\":[{\"name\":\"t\",\"row\":{\"id\":\"x\"},\"expect\":{\"R9\":\"met\"}}]}";

static void every_problem_is_reported_at_once_with_its_pointer(void **state)
{
    (void)state;
    diag_list d = {0};
    assert_null(checklist_parse(BROKEN, strlen(BROKEN), "b.json", &d));
    dump(&d);
    assert_non_null(find(&d, "/pass_score", "between 0 and 100"));
    assert_non_null(find(&d, "/colour", "unknown key"));
    assert_non_null(find(&d, "/fields/n/type", "unknown field type"));
    assert_non_null(find(&d, "/criteria/0/weight", "positive"));
    assert_non_null(find(&d, "/criteria/0/requirements/1/id", "duplicate id"));
    assert_non_null(find(&d, NULL, "budget"));
    assert_non_null(find(&d, NULL, "frobnicate"));
    assert_non_null(find(&d, "/tests/0/expect/R9", "unknown requirement"));
    // Each has a line: the weight sits on line 4, the duplicate id on line 6.
    for (size_t i = 0; i < d.count; i++) {
        assert_true(d.items[i].line >= 1);
        if (strcmp(d.items[i].pointer, "/criteria/0/weight") == 0)
            assert_int_equal(d.items[i].line, 4);
        if (strcmp(d.items[i].pointer, "/criteria/0/requirements/1/id") == 0)
            assert_int_equal(d.items[i].line, 6);
    }
    diag_list_clear(&d);
}

// Two criteria of weight 1e308 each: their total is infinite, and every score would be NaN.
static void weights_whose_total_is_not_finite_are_refused(void **state)
{
    (void)state;
#define CRITERION                                                                                  \
    "{\"id\":\"C%d\",\"title\":\"c\",\"weight\":%s,\"requirements\":["                             \
    "{\"id\":\"R%d\",\"text\":\"r\",\"rule\":{\"!!\":[{\"var\":\"id\"}]}}]}"
    const char *cases[][2] = {{"1e308", "1e308"}, {"1", "1e-320"}, {"1e307", "1e307"}};
    for (size_t k = 0; k < 3; k++) {
        char c1[256], c2[256], text[1024];
        snprintf(c1, sizeof c1, CRITERION, 1, cases[k][0], 1);
        snprintf(c2, sizeof c2, CRITERION, 2, cases[k][1], 2);
        int n = snprintf(text, sizeof text,
                         "{\"format\":\"ddcheck-checklist/1\",\"id\":\"w\",\"title\":\"W\","
                         "\"key\":\"id\",\"fields\":{\"id\":{\"type\":\"text\"}},"
                         "\"criteria\":[%s,\n%s]}",
                         c1, c2);
        diag_list d = {0};
        checklist *cl = checklist_parse(text, (size_t)n, "w.json", &d);
        dump(&d);
        if (k == 0) // the second weight is where the total stops being a number
            assert_non_null(find(&d, "/criteria/1/weight", "add up to more than the largest"));
        if (k == 1)
            assert_non_null(find(&d, "/criteria/1/weight", "too small"));
        if (k < 2) {
            assert_null(cl);
            assert_int_equal(d.items[0].line, 2);
        } else {
            assert_non_null(cl); // 2e307 is a finite total
        }
        checklist_free(cl);
        diag_list_clear(&d);
    }
#undef CRITERION
}

// Fields and requirements are found by name through sorted tables, whatever their order in
// the file, also by a name that is not NUL-terminated (a CSV header cell).
static void fields_and_requirements_are_found_by_name_in_any_order(void **state)
{
    (void)state;
    const char text[] =
        "{\"format\":\"ddcheck-checklist/1\",\"id\":\"o\",\"title\":\"O\",\"key\":\"id\","
        "\"fields\":{\"zeta\":{\"type\":\"number\"},\"id\":{\"type\":\"text\"},"
        "\"alpha\":{\"type\":\"number\"},\"alp\":{\"type\":\"number\"}},"
        "\"criteria\":[{\"id\":\"C\",\"title\":\"c\",\"requirements\":["
        "{\"id\":\"R9\",\"text\":\"r\",\"rule\":{\">\":[{\"var\":\"zeta\"},0]}},"
        "{\"id\":\"R10\",\"text\":\"r\",\"rule\":{\">\":[{\"var\":\"alpha\"},{\"var\":\"alp\"}]}},"
        "{\"id\":\"A\",\"text\":\"r\",\"rule\":{\"!!\":[{\"var\":\"id\"}]}}]}]}";
    diag_list d = {0};
    checklist *cl = checklist_parse(text, strlen(text), "o.json", &d);
    dump(&d);
    assert_non_null(cl);
    const char *names[] = {"zeta", "id", "alpha", "alp"};
    for (size_t i = 0; i < 4; i++) {
        size_t slot = 99;
        assert_true(checklist_field_index(cl, names[i], &slot));
        assert_string_equal(cl->fields[slot].name, names[i]);
    }
    size_t slot = 99;
    assert_true(checklist_field_index_n(cl, "alphabet", 5, &slot)); // "alpha"
    assert_string_equal(cl->fields[slot].name, "alpha");
    assert_true(checklist_field_index_n(cl, "alphabet", 3, &slot)); // "alp"
    assert_string_equal(cl->fields[slot].name, "alp");
    assert_false(checklist_field_index_n(cl, "alphabet", 4, &slot)); // "alph"
    assert_false(checklist_field_index_n(cl, "alphabet", 8, &slot));
    assert_false(checklist_field_index(cl, "", &slot));
    assert_false(checklist_field_index(cl, "zetas", &slot));
    assert_string_equal(checklist_find_requirement(cl, "R10")->id, "R10");
    assert_string_equal(checklist_find_requirement(cl, "R9")->id, "R9");
    assert_string_equal(checklist_find_requirement(cl, "A")->id, "A");
    assert_null(checklist_find_requirement(cl, "R1"));
    checklist_free(cl);
    diag_list_clear(&d);
}

// A minimal checklist, loaded from text: key, the members of "fields" and the members of its one
// requirement besides its rule ({"!!": [{"var": "a"}]}), each as JSON text. The problems are in
// *d; returns what the loader returned.
static checklist *load_minimal(const char *key, const char *fields, const char *requirement,
                               diag_list *d)
{
    char text[1024];
    int n = snprintf(text, sizeof text,
                     "{\"format\":\"ddcheck-checklist/1\",\"id\":\"k\",\"title\":\"K\","
                     "\"key\":\"%s\",\"fields\":{%s},"
                     "\"criteria\":[{\"id\":\"C\",\"title\":\"c\",\"requirements\":["
                     "{\"id\":\"R\",\"text\":\"r\",%s\"rule\":{\"!!\":[{\"var\":\"a\"}]}}]}]}",
                     key, fields, requirement);
    assert_true(n > 0 && (size_t)n < sizeof text);
    return checklist_parse(text, (size_t)n, "k.json", d);
}

static void the_key_must_be_a_declared_field(void **state)
{
    (void)state;
    diag_list d = {0};
    assert_null(load_minimal("nope", "\"a\":{\"type\":\"text\"}", "", &d));
    assert_non_null(find(&d, "/key", "not a declared field"));
    diag_list_clear(&d);
}

static void a_document_of_another_format_is_not_a_checklist(void **state)
{
    (void)state;
    diag_list d = {0};
    assert_null(checklist_parse("[1, 2]", 6, "a.json", &d));
    assert_non_null(find(&d, NULL, "not a checklist"));
    diag_list_clear(&d);
}

static void an_unreadable_path_that_is_no_builtin_id_is_one_error(void **state)
{
    (void)state;
    diag_list d = {0};
    bool readable = true;
    assert_null(checklist_load((checklist_source){.name = "/nonexistent/x.json"}, &d, &readable));
    assert_false(readable);
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(d.items[0].message, "cannot read"));
    diag_list_clear(&d);
    checklist *cl = checklist_load((checklist_source){.name = BUILTIN_DEFAULT_ID}, &d, &readable);
    assert_true(readable);
    assert_non_null(cl);
    assert_string_equal(cl->origin, "builtin:" BUILTIN_DEFAULT_ID);
    assert_int_equal(strlen(cl->sha256), 64);
    checklist_free(cl);
    diag_list_clear(&d);
}

// A checklist's own tests are kept only when asked for (`ddcheck test`, `template`): a run does
// not read them, and group3-investor's held about 85 KiB all through it. They are checked
// either way.
static void a_checklists_tests_are_kept_only_when_asked_for(void **state)
{
    (void)state;
    diag_list d = {0};
    checklist *run = checklist_load((checklist_source){.name = BUILTIN_DEFAULT_ID}, &d, NULL);
    checklist *test =
        checklist_load((checklist_source){.name = BUILTIN_DEFAULT_ID, .tests = true}, &d, NULL);
    assert_non_null(run);
    assert_non_null(test);
    assert_null(run->tests);
    assert_true(cJSON_IsArray(test->tests) && cJSON_GetArraySize(test->tests) > 0);
    checklist_free(run);
    checklist_free(test);
    const char text[] =
        "{\"format\": \"ddcheck-checklist/1\", \"id\": \"t\", \"title\": \"t\", \"key\": \"k\",\n"
        " \"fields\": {\"k\": {\"type\": \"text\"}},\n"
        " \"criteria\": [{\"id\": \"C\", \"title\": \"c\", \"requirements\": [\n"
        "  {\"id\": \"R\", \"text\": \"r\", \"rule\": {\"missing\": [\"k\"]}}]}],\n"
        " \"tests\": [{\"name\": \"x\", \"row\": {\"k\": \"1\"}, \"expect\": {\"Q\": \"met\"}}]}";
    assert_null(checklist_load(
        (checklist_source){.name = "t.json", .text = text, .len = strlen(text)}, &d, NULL));
    assert_non_null(find(&d, "/tests/0/expect/Q", "unknown requirement \"Q\""));
    diag_list_clear(&d);
}

// The one loader lints: a checklist the parser accepts but whose rule can never match its field
// is not loaded, and lint's message is the one given, at its place.
static void a_checklist_that_fails_lint_does_not_load(void **state)
{
    (void)state;
    const char text[] =
        "{\"format\": \"ddcheck-checklist/1\", \"id\": \"t\", \"title\": \"t\", \"key\": \"k\",\n"
        " \"fields\": {\"k\": {\"type\": \"text\"}, \"b\": {\"type\": \"boolean\"}},\n"
        " \"criteria\": [{\"id\": \"C\", \"title\": \"c\", \"requirements\": [\n"
        "  {\"id\": \"R\", \"text\": \"r\", \"rule\": {\"==\": [{\"var\": \"b\"}, \"yes\"]}}]}]}";
    diag_list d = {0};
    checklist *parsed = checklist_parse(text, strlen(text), "l.json", &d);
    assert_non_null(parsed);
    assert_int_equal(d.count, 0);
    checklist_free(parsed);
    bool readable = false;
    assert_null(checklist_load(
        (checklist_source){.name = "l.json", .text = text, .len = strlen(text)}, &d, &readable));
    assert_true(readable);
    assert_int_equal(d.errors, 1);
    assert_non_null(find(&d, "/criteria/0/requirements/0/rule", "boolean field \"b\""));
    assert_string_equal(d.items[0].file, "l.json");
    assert_int_equal(d.items[0].line, 4);
    diag_list_clear(&d);
}

static void an_array_item_of_the_wrong_type_is_reported_at_its_own_index(void **state)
{
    (void)state;
    diag_list d = {0};
    assert_null(load_minimal("a", "\"a\":{\"type\":\"text\"}", "\"refs\":[\"ok\",1,2],", &d));
    assert_non_null(find(&d, "/criteria/0/requirements/0/refs/1", "must be a string"));
    assert_non_null(find(&d, "/criteria/0/requirements/0/refs/2", "must be a string"));
    diag_list_clear(&d);
}

static void values_no_cell_could_be_typed_to_are_errors_at_their_index(void **state)
{
    (void)state;
    // Cells match values in any case and take the first spelling: "LAST" would be read as
    // "last", and a rule asking for "LAST" could never find it.
    diag_list d = {0};
    assert_null(
        load_minimal("a",
                     "\"a\":{\"type\":\"text\"},"
                     "\"e\":{\"type\":\"enum\",\"values\":[\"last\",\"first\",\"LAST\",\"a;b\"]},"
                     "\"l\":{\"type\":\"list\","
                     "\"values\":[\"x\",\"\",\" y\",\"z\\t\",\"a;b\",\"X\"]}",
                     "", &d));
    dump(&d);
    assert_non_null(find(&d, "/fields/e/values/2", "repeats \"last\""));
    assert_null(find(&d, "/fields/e/values/3", "")); // ';' only matters in a list
    assert_non_null(find(&d, "/fields/l/values/1", "must not be empty"));
    assert_non_null(find(&d, "/fields/l/values/2", "begins or ends with a space"));
    assert_non_null(find(&d, "/fields/l/values/3", "begins or ends with a space"));
    assert_non_null(find(&d, "/fields/l/values/4", "contains ';'"));
    assert_non_null(find(&d, "/fields/l/values/5", "repeats \"x\""));
    assert_int_equal(d.count, 6);
    diag_list_clear(&d);
}

// A checklist of two criteria with extra members: `top` at the checklist level, `crit` on the
// first criterion, `req` on its requirement (each JSON text ending in a comma, or "").
static checklist *load_with(const char *top, const char *crit, const char *req, diag_list *d)
{
    char text[2048];
    int n = snprintf(text, sizeof text,
                     "{\"format\":\"ddcheck-checklist/1\",\"id\":\"k\",\"title\":\"K\",%s"
                     "\"key\":\"k\",\"fields\":{\"k\":{\"type\":\"text\"},"
                     "\"name\":{\"type\":\"text\"},\"a\":{\"type\":\"boolean\"}},"
                     "\"criteria\":[{\"id\":\"C\",\"title\":\"c\",%s\"requirements\":["
                     "{\"id\":\"R\",\"text\":\"r\",%s\"rule\":{\"var\":\"a\"}}]},"
                     "{\"id\":\"D\",\"title\":\"d\",\"requirements\":["
                     "{\"id\":\"S\",\"text\":\"s\",\"rule\":{\"var\":\"a\"}}]}]}",
                     top, crit, req);
    assert_true(n > 0 && (size_t)n < sizeof text);
    return checklist_parse(text, (size_t)n, "k.json", d);
}

static void floors_display_fields_and_actions_are_loaded(void **state)
{
    (void)state;
    diag_list d = {0};
    checklist *cl = load_with("\"display\":[\"name\"],\"pass_score\":70,"
                              "\"pass_score_basis\":\"proposed default\","
                              "\"min_criterion_score\":50,"
                              "\"min_criterion_score_basis\":\"half of each\",",
                              "\"min_score\":100,\"min_score_basis\":\"all of it\",",
                              "\"action\":\"Adopt it before first disbursement\",", &d);
    dump(&d);
    assert_non_null(cl);
    assert_int_equal(cl->display_count, 1);
    assert_string_equal(cl->fields[cl->display[0]].name, "name");
    assert_string_equal(cl->pass_score_basis, "proposed default");
    assert_true(cl->min_criterion_score == 50);
    assert_string_equal(cl->min_criterion_score_basis, "half of each");
    assert_true(cl->criteria[0].min_score == 100 && cl->criteria[0].own_min_score);
    assert_string_equal(cl->criteria[0].min_score_basis, "all of it");
    // A criterion without its own floor takes the checklist's.
    assert_true(cl->criteria[1].min_score == 50 && !cl->criteria[1].own_min_score);
    assert_null(cl->criteria[1].min_score_basis);
    assert_string_equal(cl->requirements[0].action, "Adopt it before first disbursement");
    assert_null(cl->requirements[1].action);
    checklist_free(cl);
    diag_list_clear(&d);
}

static void without_the_new_keys_there_is_no_floor_display_or_action(void **state)
{
    (void)state;
    diag_list d = {0};
    checklist *cl = load_with("", "", "", &d);
    assert_non_null(cl);
    assert_int_equal(cl->display_count, 0);
    assert_null(cl->pass_score_basis);
    assert_true(cl->min_criterion_score == 0 && cl->criteria[0].min_score == 0);
    assert_false(cl->criteria[0].own_min_score);
    assert_null(cl->requirements[0].action);
    checklist_free(cl);
    diag_list_clear(&d);
}

// Loads a checklist with one bad member and expects exactly one error, at pointer, saying words.
static void expect_one_error(const char *top, const char *crit, const char *req,
                             const char *pointer, const char *words)
{
    diag_list d = {0};
    assert_null(load_with(top, crit, req, &d));
    dump(&d);
    assert_int_equal(d.count, 1);
    assert_non_null(find(&d, pointer, words));
    assert_true(d.items[0].line == 1 && d.items[0].column > 1);
    diag_list_clear(&d);
}

static void a_floor_must_be_a_number_from_0_to_100(void **state)
{
    (void)state;
    expect_one_error("\"min_criterion_score\":101,", "", "", "/min_criterion_score",
                     "between 0 and 100");
    expect_one_error("\"min_criterion_score\":-1,", "", "", "/min_criterion_score",
                     "between 0 and 100");
    expect_one_error("\"min_criterion_score\":\"75\",", "", "", "/min_criterion_score",
                     "must be a number");
    expect_one_error("", "\"min_score\":100.5,", "", "/criteria/0/min_score", "between 0 and 100");
    expect_one_error("", "\"min_score\":true,", "", "/criteria/0/min_score", "must be a number");
}

static void a_basis_must_be_text_and_explain_a_value_that_is_set(void **state)
{
    (void)state;
    expect_one_error("\"pass_score_basis\":\"proposed default\",", "", "", "/pass_score_basis",
                     "explains a \"pass_score\" that the checklist does not set");
    expect_one_error("\"min_criterion_score_basis\":\"x\",", "", "", "/min_criterion_score_basis",
                     "explains a \"min_criterion_score\"");
    // The checklist's floor is not the criterion's own: its basis belongs beside it.
    expect_one_error("\"min_criterion_score\":50,", "\"min_score_basis\":\"x\",", "",
                     "/criteria/0/min_score_basis", "that the criterion does not set");
    expect_one_error("\"pass_score\":75,\"pass_score_basis\":\"\",", "", "", "/pass_score_basis",
                     "must not be empty");
    expect_one_error("", "\"min_score\":75,\"min_score_basis\":7,", "",
                     "/criteria/0/min_score_basis", "must be a string");
}

static void display_names_declared_fields_once_and_not_the_key(void **state)
{
    (void)state;
    expect_one_error("\"display\":\"name\",", "", "", "/display", "must be an array");
    expect_one_error("\"display\":[\"nom\"],", "", "", "/display/0",
                     "\"nom\" is not a declared field");
    expect_one_error("\"display\":[\"name\",\"k\"],", "", "", "/display/1", "is the key");
    expect_one_error("\"display\":[\"name\",\"a\",\"name\"],", "", "", "/display/2",
                     "\"name\" is listed twice");
    expect_one_error("\"display\":[1],", "", "", "/display/0", "must be a string");
}

static void an_action_must_be_non_empty_text(void **state)
{
    (void)state;
    expect_one_error("", "", "\"action\":\"\",", "/criteria/0/requirements/0/action",
                     "must not be empty");
    expect_one_error("", "", "\"action\":[\"x\"],", "/criteria/0/requirements/0/action",
                     "must be a string");
}

static void waivable_must_be_true_or_false(void **state)
{
    (void)state;
    expect_one_error("", "", "\"waivable\":\"no\",", "/criteria/0/requirements/0/waivable",
                     "must be true or false");
    diag_list d = {0};
    checklist *cl = load_with("", "", "\"waivable\":false,", &d);
    assert_non_null(cl);
    assert_false(cl->requirements[0].waivable);
    assert_true(cl->requirements[1].waivable); // the default
    checklist_free(cl);
    diag_list_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_builtin_checklist_loads_without_problems),
        cmocka_unit_test(invalid_json_is_reported_at_its_line_and_column),
        cmocka_unit_test(trailing_text_after_the_document_is_an_error),
        cmocka_unit_test(every_problem_is_reported_at_once_with_its_pointer),
        cmocka_unit_test(weights_whose_total_is_not_finite_are_refused),
        cmocka_unit_test(fields_and_requirements_are_found_by_name_in_any_order),
        cmocka_unit_test(the_key_must_be_a_declared_field),
        cmocka_unit_test(an_array_item_of_the_wrong_type_is_reported_at_its_own_index),
        cmocka_unit_test(values_no_cell_could_be_typed_to_are_errors_at_their_index),
        cmocka_unit_test(a_document_of_another_format_is_not_a_checklist),
        cmocka_unit_test(an_unreadable_path_that_is_no_builtin_id_is_one_error),
        cmocka_unit_test(a_checklists_tests_are_kept_only_when_asked_for),
        cmocka_unit_test(a_checklist_that_fails_lint_does_not_load),
        cmocka_unit_test(floors_display_fields_and_actions_are_loaded),
        cmocka_unit_test(without_the_new_keys_there_is_no_floor_display_or_action),
        cmocka_unit_test(a_floor_must_be_a_number_from_0_to_100),
        cmocka_unit_test(a_basis_must_be_text_and_explain_a_value_that_is_set),
        cmocka_unit_test(display_names_declared_fields_once_and_not_the_key),
        cmocka_unit_test(an_action_must_be_non_empty_text),
        cmocka_unit_test(waivable_must_be_true_or_false),
    };
    DDCHECK_RUN_TESTS(tests);
}
