// Lint: the static checks beyond the loader, each found at its place, and clean checklists clean.
#include "unit/test_main.h"

#include "checklist/builtin.h"
#include "checklist/checklist.h"
#include "checklist/rule_text.h"

#include <stdio.h>
#include <string.h>

// Lints text as every command does: the one loader, its checklist (if any) dropped.
static void lint_buffer(const char *text, size_t len, const char *name, diag_list *d)
{
    checklist_free(
        checklist_load((checklist_source){.name = name, .text = text, .len = len}, d, NULL));
}

// A checklist with one requirement whose rule is `rule` (JSON text).
static void lint_rule(const char *rule, diag_list *d)
{
    char text[2048];
    snprintf(
        text, sizeof text,
        "{\"format\": \"ddcheck-checklist/1\", \"id\": \"t\", \"title\": \"t\", \"key\": \"k\",\n"
        " \"fields\": {\"k\": {\"type\": \"text\"}, \"b\": {\"type\": \"boolean\"},\n"
        "  \"n\": {\"type\": \"number\"}, \"e\": {\"type\": \"enum\", \"values\": [\"x\", "
        "\"y\"]},\n"
        "  \"l\": {\"type\": \"list\", \"values\": [\"p\", \"q\"]}},\n"
        " \"criteria\": [{\"id\": \"C\", \"title\": \"c\", \"requirements\": [\n"
        "  {\"id\": \"R\", \"text\": \"r\", \"rule\": {\"and\": [{\"var\": \"b\"}, {\"var\": "
        "\"n\"}, "
        "{\"var\": \"e\"}, {\"var\": \"l\"}]}},\n"
        "  {\"id\": \"S\", \"text\": \"s\",\n   \"rule\": %s}]}]}",
        rule);
    lint_buffer(text, strlen(text), "t.json", d);
}

static bool has(const diag_list *d, diag_severity sev, const char *words, long line)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].message, words) &&
            (line == 0 || d->items[i].line == line))
            return true;
    return false;
}

static void builtin_checklists_lint_clean(void **state)
{
    (void)state;
    for (size_t i = 0; i < builtin_checklist_count; i++) {
        diag_list d = {0};
        lint_buffer(builtin_checklists[i].json, builtin_checklists[i].size,
                    builtin_checklists[i].id, &d);
        assert_int_equal(d.count, 0);
        diag_list_clear(&d);
    }
}

static void a_sound_rule_gives_no_diagnostic(void **state)
{
    (void)state;
    diag_list d = {0};
    lint_rule("{\"or\": [{\">=\": [{\"var\": \"n\"}, 40]}, {\"in\": [\"p\", {\"var\": \"l\"}]}]}",
              &d);
    assert_int_equal(d.count, 0);
    diag_list_clear(&d);
}

static void ordering_a_boolean_field_is_an_error_at_its_line(void **state)
{
    (void)state;
    diag_list d = {0};
    lint_rule("{\">\": [{\"var\": \"b\"}, 0]}", &d);
    assert_true(has(&d, DIAG_ERROR, "orders boolean field \"b\"", 8));
    assert_string_equal(d.items[0].pointer, "/criteria/0/requirements/1/rule");
    diag_list_clear(&d);
}

static void enum_compared_with_a_value_not_declared_is_an_error(void **state)
{
    (void)state;
    diag_list d = {0};
    lint_rule("{\"==\": [{\"var\": \"e\"}, \"z\"]}", &d);
    assert_true(has(&d, DIAG_ERROR, "not one of its values", 8));
    diag_list_clear(&d);
}

static void in_against_a_number_field_is_an_error(void **state)
{
    (void)state;
    diag_list d = {0};
    lint_rule("{\"in\": [\"p\", {\"var\": \"n\"}]}", &d);
    assert_true(has(&d, DIAG_ERROR, "only a list or a text", 8));
    diag_list_clear(&d);
}

static void number_compared_with_words_is_an_error(void **state)
{
    (void)state;
    diag_list d = {0};
    lint_rule("{\">=\": [{\"var\": \"n\"}, \"many\"]}", &d);
    assert_true(has(&d, DIAG_ERROR, "not a number", 8));
    diag_list_clear(&d);
}

static void numeric_text_against_a_number_field_is_fine(void **state)
{
    (void)state;
    diag_list d = {0};
    lint_rule("{\">=\": [{\"var\": \"n\"}, \"40\"]}", &d);
    assert_int_equal(d.count, 0);
    diag_list_clear(&d);
}

static void extra_arguments_the_engine_would_ignore_are_an_error(void **state)
{
    (void)state;
    diag_list d = {0};
    lint_rule("{\"!\": [{\"var\": \"b\"}, {\"var\": \"n\"}]}", &d);
    assert_true(has(&d, DIAG_ERROR, "takes 1 argument, not 2", 8));
    diag_list_clear(&d);
}

static void list_item_compared_with_an_undeclared_value_is_an_error(void **state)
{
    (void)state;
    diag_list d = {0};
    lint_rule("{\"some\": [{\"var\": \"l\"}, {\"==\": [{\"var\": \"\"}, \"r\"]}]}", &d);
    assert_true(has(&d, DIAG_ERROR, "an item of list field \"l\"", 8));
    diag_list_clear(&d);
}

static void an_evidence_field_no_rule_reads_is_a_warning_and_text_is_not(void **state)
{
    (void)state;
    const char text[] =
        "{\"format\": \"ddcheck-checklist/1\", \"id\": \"t\", \"title\": \"t\", \"key\": \"k\",\n"
        " \"fields\": {\"k\": {\"type\": \"text\"}, \"name\": {\"type\": \"text\"},\n"
        "  \"d\": {\"type\": \"date\"}, \"b\": {\"type\": \"boolean\"}},\n"
        " \"criteria\": [{\"id\": \"C\", \"title\": \"c\", \"requirements\": [\n"
        "  {\"id\": \"R\", \"text\": \"r\", \"rule\": {\"var\": \"b\"}}]}]}";
    diag_list d = {0};
    lint_buffer(text, strlen(text), "t.json", &d);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.errors, 0);
    assert_true(has(&d, DIAG_WARNING, "no rule reads date field \"d\"", 3));
    diag_list_clear(&d);
}

static void a_display_field_is_read_by_every_report(void **state)
{
    (void)state;
    const char text[] =
        "{\"format\": \"ddcheck-checklist/1\", \"id\": \"t\", \"title\": \"t\", \"key\": \"k\",\n"
        " \"display\": [\"since\"],\n"
        " \"fields\": {\"k\": {\"type\": \"text\"}, \"since\": {\"type\": \"date\"},\n"
        "  \"b\": {\"type\": \"boolean\"}},\n"
        " \"criteria\": [{\"id\": \"C\", \"title\": \"c\", \"requirements\": [\n"
        "  {\"id\": \"R\", \"text\": \"r\", \"rule\": {\"var\": \"b\"}}]}]}";
    diag_list d = {0};
    lint_buffer(text, strlen(text), "t.json", &d);
    assert_int_equal(d.count, 0);
    diag_list_clear(&d);
}

static void broken_json_is_one_error_with_its_place(void **state)
{
    (void)state;
    const char text[] = "{\"format\": \"ddcheck-checklist/1\",\n \"id\": }";
    diag_list d = {0};
    lint_buffer(text, strlen(text), "t.json", &d);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].line, 2);
    assert_non_null(strstr(d.items[0].message, "invalid JSON"));
    diag_list_clear(&d);
}

static void rule_text_reads_like_the_rule(void **state)
{
    (void)state;
    cJSON *j =
        cJSON_Parse("{\"and\": [{\">=\": [{\"var\": \"women_pct\"}, 40]}, "
                    "{\"some\": [{\"var\": \"groups\"}, {\"==\": [{\"var\": \"\"}, \"youth\"]}]}, "
                    "{\"!\": {\"var\": \"b\"}}]}");
    char *t = rule_text(j);
    assert_string_equal(t, "(women_pct >= 40) and (some item of groups: item is \"youth\") and "
                           "(not b)");
    free(t);
    cJSON_Delete(j);
}

// "?:" is "if" by another name: nested, it is parenthesised as "if" is, so the text reads one way.
static void nested_question_colon_reads_as_nested_if(void **state)
{
    (void)state;
    const char *forms[] = {"if", "?:"};
    for (size_t i = 0; i < 2; i++) {
        char rule[200];
        snprintf(rule, sizeof rule,
                 "{\"and\": [{\"%s\": [{\"var\": \"a\"}, {\"var\": \"b\"}, "
                 "{\"var\": \"c\"}]}, {\"var\": \"d\"}]}",
                 forms[i]);
        cJSON *j = cJSON_Parse(rule);
        char *t = rule_text(j);
        assert_string_equal(t, "(if a then b else c) and d");
        free(t);
        cJSON_Delete(j);
    }
}

// Lints a checklist whose rule S compares date field "since" with the literal date.
static void lint_date_rule(const char *op, const char *date, diag_list *d)
{
    char text[1024];
    snprintf(text, sizeof text,
             "{\"format\": \"ddcheck-checklist/1\", \"id\": \"t\", \"title\": \"t\", "
             "\"key\": \"k\",\n"
             " \"fields\": {\"k\": {\"type\": \"text\"}, \"since\": {\"type\": \"date\"}},\n"
             " \"criteria\": [{\"id\": \"C\", \"title\": \"c\", \"requirements\": [\n"
             "  {\"id\": \"S\", \"text\": \"s\",\n"
             "   \"rule\": {\"%s\": [{\"var\": \"since\"}, \"%s\"]}}]}]}",
             op, date);
    lint_buffer(text, strlen(text), "t.json", d);
}

static void a_date_that_does_not_exist_is_an_error(void **state)
{
    (void)state;
    const char *no_such_day[] = {"2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31",
                                 "2024-13-01", "2024-00-10", "2024-01-00", "2024-06-31"};
    for (size_t i = 0; i < sizeof no_such_day / sizeof *no_such_day; i++) {
        diag_list d = {0};
        lint_date_rule(i % 2 ? "==" : ">=", no_such_day[i], &d);
        assert_int_equal(d.count, 1);
        assert_true(has(&d, DIAG_ERROR, "compares date field \"since\" with", 0));
        assert_non_null(strstr(d.items[0].message, no_such_day[i]));
        assert_true(has(&d, DIAG_ERROR, "which is not a calendar date (no such day)", 0));
        assert_string_equal(d.items[0].pointer, "/criteria/0/requirements/0/rule");
        diag_list_clear(&d);
    }
    const char *real_days[] = {"2024-02-29", "2000-02-29", "2023-12-31", "2024-04-30"};
    for (size_t i = 0; i < sizeof real_days / sizeof *real_days; i++) {
        diag_list d = {0};
        lint_date_rule("<", real_days[i], &d);
        assert_int_equal(d.count, 0);
        diag_list_clear(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_checklists_lint_clean),
        cmocka_unit_test(a_sound_rule_gives_no_diagnostic),
        cmocka_unit_test(ordering_a_boolean_field_is_an_error_at_its_line),
        cmocka_unit_test(enum_compared_with_a_value_not_declared_is_an_error),
        cmocka_unit_test(in_against_a_number_field_is_an_error),
        cmocka_unit_test(number_compared_with_words_is_an_error),
        cmocka_unit_test(numeric_text_against_a_number_field_is_fine),
        cmocka_unit_test(extra_arguments_the_engine_would_ignore_are_an_error),
        cmocka_unit_test(list_item_compared_with_an_undeclared_value_is_an_error),
        cmocka_unit_test(an_evidence_field_no_rule_reads_is_a_warning_and_text_is_not),
        cmocka_unit_test(a_display_field_is_read_by_every_report),
        cmocka_unit_test(broken_json_is_one_error_with_its_place),
        cmocka_unit_test(rule_text_reads_like_the_rule),
        cmocka_unit_test(nested_question_colon_reads_as_nested_if),
        cmocka_unit_test(a_date_that_does_not_exist_is_an_error),
    };
    DDCHECK_RUN_TESTS(tests);
}
