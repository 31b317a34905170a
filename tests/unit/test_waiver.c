// Waivers: loading CSV and JSON, every error with its place, lookup by key and requirement,
// expiry, and their precedence when a row is scored.
#define _DEFAULT_SOURCE // mkstemps
#include "unit/test_main.h"

#include "evaluator/evaluate.h"
#include "evaluator/waiver.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char CHECKLIST[] =
    "{\"format\":\"ddcheck-checklist/1\",\"id\":\"t\",\"title\":\"T\",\"version\":\"1\","
    "\"key\":\"id\",\"pass_score\":75,"
    "\"fields\":{\"id\":{\"type\":\"text\",\"required\":true},"
    "\"budget\":{\"type\":\"number\"},\"ip\":{\"type\":\"boolean\"},\"plan\":{\"type\":\"boolean\"}"
    "},"
    "\"criteria\":[{\"id\":\"C1\",\"title\":\"one\",\"weight\":1,\"requirements\":["
    "{\"id\":\"R1\",\"text\":\"budget\",\"critical\":true,\"rule\":{\">\":[{\"var\":\"budget\"},0]}"
    "},"
    "{\"id\":\"R2\",\"text\":\"plan\",\"applies_if\":{\"==\":[{\"var\":\"ip\"},true]},"
    "\"rule\":{\"==\":[{\"var\":\"plan\"},true]}},"
    "{\"id\":\"R3\",\"text\":\"locked\",\"critical\":true,\"waivable\":false,"
    "\"rule\":{\"==\":[{\"var\":\"plan\"},true]}}]}]}";

#define HEADER "project,requirement,justification,approved_by,granted,expires,residual_risk\n"
#define TODAY "2025-06-30"

typedef struct fixture {
    checklist *cl;
    char path[64];
    diag_list diags;
    waiver_set *ws;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    diag_list diags = {0};
    fx->cl = checklist_parse(CHECKLIST, strlen(CHECKLIST), "t.json", &diags);
    diag_list_clear(&diags);
    assert_non_null(fx->cl);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    waiver_set_free(fx->ws);
    diag_list_clear(&fx->diags);
    if (fx->path[0])
        unlink(fx->path);
    checklist_free(fx->cl);
    free(fx);
    return 0;
}

// Writes text to a temporary file with this suffix and loads it as a waiver file.
static waiver_set *load(fixture *fx, const char *suffix, const char *text)
{
    snprintf(fx->path, sizeof fx->path, "/tmp/ddcheck-waiver-XXXXXX%s", suffix);
    int fd = mkstemps(fx->path, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    fx->ws = waiver_set_load(fx->path, fx->cl, TODAY, &fx->diags);
    return fx->ws;
}

// True when some diagnostic is at line:column and its message contains `part`.
static bool has_diag(const fixture *fx, long line, long column, const char *part)
{
    for (size_t i = 0; i < fx->diags.count; i++) {
        const diag *d = &fx->diags.items[i];
        if (d->line == line && d->column == column && strstr(d->message, part))
            return true;
    }
    return false;
}

static void exact_key_waiver_covers_only_its_project_and_requirement(void **state)
{
    fixture *fx = *state;
    assert_non_null(
        load(fx, ".csv", HEADER "P1,R1,Budget next year,A. B,2025-01-01,2026-01-01,low\n"));
    const waiver_info *expired;
    const waiver_info *w = waiver_set_find(fx->ws, "P1", 2, 0, &expired);
    assert_non_null(w);
    assert_string_equal(w->justification, "Budget next year");
    assert_string_equal(w->approved_by, "A. B");
    assert_string_equal(w->expires, "2026-01-01");
    assert_string_equal(w->residual_risk, "low");
    assert_int_equal(w->line, 2);
    assert_null(expired);
    assert_null(waiver_set_find(fx->ws, "P2", 2, 0, NULL));
    assert_null(waiver_set_find(fx->ws, "P1", 2, 1, NULL));
    assert_null(waiver_set_find(fx->ws, "P10", 3, 0, NULL)); // a longer key is another key
    assert_null(waiver_set_find(fx->ws, "P", 1, 0, NULL));
}

static void wildcard_waiver_covers_every_project_but_an_exact_one_wins(void **state)
{
    fixture *fx = *state;
    assert_non_null(
        load(fx, ".csv", HEADER "*,R1,For everyone,,,,\nP2,R1,Just for P2,,,2099-01-01,high\n"));
    assert_string_equal(waiver_set_find(fx->ws, "P1", 2, 0, NULL)->justification, "For everyone");
    assert_string_equal(waiver_set_find(fx->ws, "P2", 2, 0, NULL)->justification, "Just for P2");
    // No expiry date: it never expires.
    assert_string_equal(waiver_set_find(fx->ws, "P1", 2, 0, NULL)->expires, "");
}

static void expired_waiver_does_not_apply_but_is_reported(void **state)
{
    fixture *fx = *state;
    assert_non_null(load(fx, ".csv", HEADER "P1,R1,Old,A,2024-01-01,2025-06-29,low\n"));
    const waiver_info *expired = NULL;
    assert_null(waiver_set_find(fx->ws, "P1", 2, 0, &expired));
    assert_non_null(expired);
    assert_true(expired->expired);
    waiver_set_report_unused(fx->ws, &fx->diags);
    assert_true(has_diag(fx, 2, 1, "expired on 2025-06-29"));
}

static void waiver_still_applies_on_its_expiry_day(void **state)
{
    fixture *fx = *state;
    assert_non_null(load(fx, ".csv", HEADER "P1,R1,Until today,A,2024-01-01," TODAY ",low\n"));
    assert_non_null(waiver_set_find(fx->ws, "P1", 2, 0, NULL));
}

static void waiver_matching_no_project_is_a_warning_with_its_line(void **state)
{
    fixture *fx = *state;
    assert_non_null(load(fx, ".csv", HEADER "P1,R1,a,,,,\nGHOST,R1,b,,,,\n"));
    assert_non_null(waiver_set_find(fx->ws, "P1", 2, 0, NULL));
    waiver_set_report_unused(fx->ws, &fx->diags);
    assert_int_equal(fx->diags.count, 1);
    assert_int_equal(fx->diags.items[0].severity, DIAG_WARNING);
    assert_true(has_diag(fx, 3, 1, "\"GHOST\" matches no project"));
}

static void every_error_in_a_waiver_file_is_reported_with_its_place(void **state)
{
    fixture *fx = *state;
    assert_null(load(fx, ".csv",
                     "project,requirement,justification,expires,residual_risk,note\n"
                     "P1,R1,,2099-01-01,low,\n"
                     "P1,R9,x,2099-01-01,low,\n"
                     "P1,R2,x,2099-02-30,low,\n"
                     "P1,R2,x,2099-01-01,none,\n"));
    assert_true(has_diag(fx, 1, 6, "unknown column \"note\""));
    assert_true(has_diag(fx, 2, 3, "no justification"));
    assert_true(has_diag(fx, 3, 2, "unknown requirement id \"R9\""));
    assert_true(has_diag(fx, 4, 4, "not a calendar date"));
    assert_true(has_diag(fx, 5, 5, "not low, medium or high"));
    assert_int_equal(fx->diags.errors, 5);
}

static void unwaivable_requirement_is_an_error(void **state)
{
    fixture *fx = *state;
    assert_null(load(fx, ".csv", HEADER "P1,R3,Please,A,,2099-01-01,high\n"));
    assert_true(has_diag(fx, 2, 2, "R3 cannot be waived"));
}

static void second_waiver_for_the_same_project_and_requirement_is_an_error(void **state)
{
    fixture *fx = *state;
    assert_null(load(fx, ".csv", HEADER "P1,R1,a,,,,\nP2,R1,b,,,,\nP1,R1,c,,,,\n"));
    assert_true(has_diag(fx, 4, 1, "first is at 2:1"));
}

// A one-line JSON file: the second waiver is placed at its own '{', not at 1:1.
static void second_waiver_in_a_one_line_json_file_is_placed_at_its_object(void **state)
{
    fixture *fx = *state;
    assert_null(load(fx, ".json",
                     "[{\"project\":\"P1\",\"requirement\":\"R1\",\"justification\":\"a\"},"
                     "{\"project\":\"P1\",\"requirement\":\"R1\",\"justification\":\"b\"},"
                     "{\"project\":\"*\",\"requirement\":\"R1\",\"justification\":\"c\"},"
                     "{\"project\":\"*\",\"requirement\":\"R1\",\"justification\":\"d\"}]"));
    assert_true(has_diag(fx, 1, 58, "second waiver of R1 for project \"P1\"; the first is at 1:2"));
    assert_true(
        has_diag(fx, 1, 169, "second waiver of R1 for every project (*); the first is at 1:114"));
}

static void expiry_before_grant_is_an_error(void **state)
{
    fixture *fx = *state;
    assert_null(load(fx, ".csv", HEADER "P1,R1,a,,2025-05-01,2025-04-01,\n"));
    assert_true(has_diag(fx, 2, 6, "before it was granted"));
}

static void json_waiver_file_is_read_and_its_errors_have_line_and_column(void **state)
{
    fixture *fx = *state;
    assert_null(
        load(fx, ".json",
             "{\"waivers\": [\n"
             "  {\"project\": \"P1\", \"requirement\": \"R1\", \"justification\": \"ok\"},\n"
             "  {\"project\": \"P2\", \"requirement\": \"R1\",\n"
             "   \"expires\": \"soon\"}\n"
             "]}\n"));
    assert_true(has_diag(fx, 4, 15, "expires \"soon\""));
    assert_true(has_diag(fx, 3, 3, "no justification"));
    waiver_set_free(fx->ws);
    fx->ws = NULL;
    unlink(fx->path);
    diag_list_clear(&fx->diags);
    assert_non_null(load(fx, ".json",
                         "[{\"project\": \"P1\", \"requirement\": \"R1\", \"justification\": "
                         "\"ok\", \"expires\": \"2099-12-31\"}]"));
    assert_int_equal(waiver_set_count(fx->ws), 1);
    assert_non_null(waiver_set_find(fx->ws, "P1", 2, 0, NULL));
}

static void bad_json_is_one_error_with_its_position(void **state)
{
    fixture *fx = *state;
    assert_null(load(fx, ".json", "[\n  {\"project\": }\n]"));
    assert_int_equal(fx->diags.errors, 1);
    assert_int_equal(fx->diags.items[0].line, 2);
}

// Scoring: a waiver comes before applies_if, and counts as met.
static void waived_requirement_counts_as_met_and_comes_before_applies_if(void **state)
{
    fixture *fx = *state;
    assert_non_null(load(fx, ".csv",
                         HEADER "P1,R1,Budget later,A,,2099-01-01,medium\n"
                                "P1,R2,Plan later,A,,2099-01-01,low\n"));
    evaluator *ev = evaluator_new(fx->cl);
    evaluator_set_waivers(ev, fx->ws);
    // budget 0 fails R1 (critical); ip blank makes R2's applicability unknown.
    const char *cells[] = {"P1", "0", NULL, "yes"};
    const project_result *p = evaluator_cells(ev, cells, "t.csv", 2, 0);
    assert_int_equal(p->requirements[0].outcome, OUTCOME_WAIVED);
    assert_non_null(p->requirements[0].waiver);
    assert_string_equal(p->requirements[0].waiver->justification, "Budget later");
    assert_int_equal(p->requirements[1].outcome, OUTCOME_WAIVED);
    assert_int_equal(p->requirements[2].outcome, OUTCOME_MET);
    assert_true(p->score == 100.0);
    assert_int_equal(p->verdict, VERDICT_PASS);
    // The same row for another project is scored without waivers.
    const char *other[] = {"P2", "0", NULL, "yes"};
    p = evaluator_cells(ev, other, "t.csv", 3, 1);
    assert_int_equal(p->requirements[0].outcome, OUTCOME_UNMET);
    assert_null(p->requirements[0].waiver);
    assert_int_equal(p->verdict, VERDICT_GAP);
    evaluator_free(ev);
}

static void expired_waiver_leaves_the_requirement_to_its_rule(void **state)
{
    fixture *fx = *state;
    assert_non_null(load(fx, ".csv", HEADER "P1,R1,Too late,A,,2020-01-01,medium\n"));
    evaluator *ev = evaluator_new(fx->cl);
    evaluator_set_waivers(ev, fx->ws);
    const char *cells[] = {"P1", "0", "no", "yes"};
    const project_result *p = evaluator_cells(ev, cells, "t.csv", 2, 0);
    assert_int_equal(p->requirements[0].outcome, OUTCOME_UNMET);
    assert_null(p->requirements[0].waiver);
    assert_non_null(p->requirements[0].expired_waiver);
    assert_int_equal(p->verdict, VERDICT_GAP);
    evaluator_free(ev);
}

static void a_long_justification_is_cut_between_characters(void **state)
{
    (void)state;
    // "é" is two bytes; cutting after an odd number of bytes must not leave half of one.
    char just[400];
    size_t n = 0;
    while (n + 2 < sizeof just) {
        just[n++] = (char)0xC3;
        just[n++] = (char)0xA9;
    }
    just[n] = '\0';
    waiver_info w = {.key = "P",
                     .requirement_id = "R",
                     .justification = just,
                     .approved_by = "",
                     .granted = "",
                     .expires = "",
                     .residual_risk = "",
                     .file = "w.csv",
                     .line = 2};
    for (size_t size = 20; size < 40; size++) {
        char buf[64];
        waiver_describe(&w, buf, size);
        size_t len = strlen(buf);
        assert_true(len < size);
        assert_true(len % 2 == 0); // whole characters only
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_long_justification_is_cut_between_characters),
        cmocka_unit_test_setup_teardown(exact_key_waiver_covers_only_its_project_and_requirement,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(wildcard_waiver_covers_every_project_but_an_exact_one_wins,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(expired_waiver_does_not_apply_but_is_reported, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(waiver_still_applies_on_its_expiry_day, setup, teardown),
        cmocka_unit_test_setup_teardown(waiver_matching_no_project_is_a_warning_with_its_line,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(every_error_in_a_waiver_file_is_reported_with_its_place,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(unwaivable_requirement_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(
            second_waiver_in_a_one_line_json_file_is_placed_at_its_object, setup, teardown),
        cmocka_unit_test_setup_teardown(
            second_waiver_for_the_same_project_and_requirement_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(expiry_before_grant_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(
            json_waiver_file_is_read_and_its_errors_have_line_and_column, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_json_is_one_error_with_its_position, setup, teardown),
        cmocka_unit_test_setup_teardown(
            waived_requirement_counts_as_met_and_comes_before_applies_if, setup, teardown),
        cmocka_unit_test_setup_teardown(expired_waiver_leaves_the_requirement_to_its_rule, setup,
                                        teardown),
    };
    DDCHECK_RUN_TESTS(tests);
}
