// Scoring: outcomes in DESIGN.md's order, criterion statuses, weighted score, verdict rules.
#include "unit/test_main.h"

#include "evaluator/evaluate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char CHECKLIST[] =
    "{\"format\":\"ddcheck-checklist/1\",\"id\":\"t\",\"title\":\"T\",\"version\":\"1\","
    "\"key\":\"id\",\"pass_score\":75,"
    "\"fields\":{\"id\":{\"type\":\"text\",\"required\":true},"
    "\"budget\":{\"type\":\"number\",\"min\":0},\"women\":{\"type\":\"percent\"},"
    "\"grm\":{\"type\":\"boolean\"},\"ip\":{\"type\":\"boolean\"},\"fpic\":{\"type\":\"boolean\"}},"
    "\"criteria\":["
    "{\"id\":\"C1\",\"title\":\"one\",\"weight\":1,\"requirements\":["
    "{\"id\":\"R1\",\"text\":\"budget\",\"critical\":true,\"rule\":{\">\":[{\"var\":\"budget\"},0]}"
    "},"
    "{\"id\":\"R2\",\"text\":\"women\",\"rule\":{\">=\":[{\"var\":\"women\"},40]}}]},"
    "{\"id\":\"C2\",\"title\":\"two\",\"weight\":3,\"requirements\":["
    "{\"id\":\"R3\",\"text\":\"grm\",\"rule\":{\"==\":[{\"var\":\"grm\"},true]}},"
    "{\"id\":\"R4\",\"text\":\"fpic\",\"applies_if\":{\"==\":[{\"var\":\"ip\"},true]},"
    "\"rule\":{\"==\":[{\"var\":\"fpic\"},true]}}]}]}";

enum { ID, BUDGET, WOMEN, GRM, IP, FPIC, NFIELDS };

// The same fields with floors: 75 for every criterion by default, C2's own 50; pass score 50.
// Both of C2's requirements apply only where Indigenous Peoples are affected.
static const char FLOORED[] =
    "{\"format\":\"ddcheck-checklist/1\",\"id\":\"f\",\"title\":\"F\",\"version\":\"1\","
    "\"key\":\"id\",\"pass_score\":50,\"min_criterion_score\":75,"
    "\"fields\":{\"id\":{\"type\":\"text\",\"required\":true},"
    "\"budget\":{\"type\":\"number\",\"min\":0},\"women\":{\"type\":\"percent\"},"
    "\"grm\":{\"type\":\"boolean\"},\"ip\":{\"type\":\"boolean\"},\"fpic\":{\"type\":\"boolean\"}},"
    "\"criteria\":["
    "{\"id\":\"C1\",\"title\":\"one\",\"weight\":1,\"requirements\":["
    "{\"id\":\"R1\",\"text\":\"budget\",\"critical\":true,\"rule\":{\">\":[{\"var\":\"budget\"},0]}"
    "},"
    "{\"id\":\"R2\",\"text\":\"women\",\"rule\":{\">=\":[{\"var\":\"women\"},40]}}]},"
    "{\"id\":\"C2\",\"title\":\"two\",\"weight\":3,\"min_score\":50,\"requirements\":["
    "{\"id\":\"R3\",\"text\":\"grm\",\"applies_if\":{\"==\":[{\"var\":\"ip\"},true]},"
    "\"rule\":{\"==\":[{\"var\":\"grm\"},true]}},"
    "{\"id\":\"R4\",\"text\":\"fpic\",\"applies_if\":{\"==\":[{\"var\":\"ip\"},true]},"
    "\"rule\":{\"==\":[{\"var\":\"fpic\"},true]}}]}]}";

typedef struct fixture {
    checklist *cl;
    evaluator *ev;
} fixture;

// Loads the checklist text into a fixture of its own, with an evaluator.
static int setup_with(void **state, const char *text)
{
    fixture *fx = calloc(1, sizeof *fx);
    diag_list diags = {0};
    fx->cl = checklist_parse(text, strlen(text), "t.json", &diags);
    if (!fx->cl) {
        char buf[512];
        for (size_t i = 0; i < diags.count; i++)
            fprintf(stderr, "%s\n", diag_format(&diags.items[i], buf, sizeof buf));
    }
    diag_list_clear(&diags);
    assert_non_null(fx->cl);
    fx->ev = evaluator_new(fx->cl);
    *state = fx;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, CHECKLIST);
}

static int setup_floored(void **state)
{
    return setup_with(state, FLOORED);
}

static int teardown(void **state)
{
    fixture *fx = *state;
    evaluator_free(fx->ev);
    checklist_free(fx->cl);
    free(fx);
    return 0;
}

// A strong row; each test changes what it is about.
static const project_result *eval(fixture *fx, const char *budget, const char *women,
                                  const char *grm, const char *ip, const char *fpic)
{
    const char *cells[NFIELDS] = {"P1", budget, women, grm, ip, fpic};
    return evaluator_cells(fx->ev, cells, "t.csv", 2, 0);
}

static void a_strong_row_meets_everything_and_passes(void **state)
{
    fixture *fx = *state;
    const project_result *p = eval(fx, "100", "45", "yes", "yes", "yes");
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(p->requirements[i].outcome, OUTCOME_MET);
    assert_int_equal(p->verdict, VERDICT_PASS);
    assert_true(p->scored);
    assert_true(p->score == 100.0);
    assert_int_equal(p->criteria[0].status, STATUS_PASS);
}

static void missing_cell_is_no_evidence_not_unmet(void **state)
{
    fixture *fx = *state;
    const project_result *p = eval(fx, "", "45", "yes", "no", "");
    assert_int_equal(p->requirements[0].outcome, OUTCOME_NO_EVIDENCE);
    assert_true(p->requirements[0].explanation_count > 0);
    assert_non_null(strstr(p->requirements[0].explanations[0].text, "empty"));
}

static void a_missing_column_is_no_evidence_too(void **state)
{
    fixture *fx = *state;
    const char *cells[NFIELDS] = {"P1", NULL, "45", "yes", "no", NULL};
    const project_result *p = evaluator_cells(fx->ev, cells, "t.csv", 2, 0);
    assert_int_equal(p->requirements[0].outcome, OUTCOME_NO_EVIDENCE);
}

static void invalid_cell_gives_invalid_not_unmet(void **state)
{
    fixture *fx = *state;
    const project_result *p = eval(fx, "12,000", "45", "yes", "no", "");
    assert_int_equal(p->requirements[0].outcome, OUTCOME_INVALID);
    assert_true(p->requirements[0].explanation_count > 0);
    assert_non_null(strstr(p->requirements[0].explanations[0].text, "12,000"));
    assert_int_equal(p->cells[BUDGET].state, CELL_INVALID);
}

static void false_rule_on_present_evidence_is_unmet_with_words(void **state)
{
    fixture *fx = *state;
    const project_result *p = eval(fx, "100", "31", "yes", "no", "");
    assert_int_equal(p->requirements[1].outcome, OUTCOME_UNMET);
    assert_true(p->requirements[1].explanation_count > 0);
    const char *text = p->requirements[1].explanations[0].text;
    assert_non_null(strstr(text, "31 %"));
    assert_non_null(strstr(text, "at least 40 %"));
}

static void applies_if_false_is_not_applicable_and_leaves_the_score(void **state)
{
    fixture *fx = *state;
    const project_result *p = eval(fx, "100", "45", "yes", "no", "");
    assert_int_equal(p->requirements[3].outcome, OUTCOME_NOT_APPLICABLE);
    assert_int_equal(p->criteria[1].applicable, 1);
    assert_int_equal(p->criteria[1].status, STATUS_PASS);
    assert_true(p->score == 100.0);
}

static void a_blank_trigger_never_excuses_a_requirement(void **state)
{
    fixture *fx = *state;
    const project_result *p = eval(fx, "100", "45", "yes", "", "");
    assert_int_equal(p->requirements[3].outcome, OUTCOME_NO_EVIDENCE);
    p = eval(fx, "100", "45", "yes", "perhaps", "yes");
    assert_int_equal(p->requirements[3].outcome, OUTCOME_INVALID);
}

static void score_is_the_weighted_mean_of_applicable_criteria(void **state)
{
    fixture *fx = *state;
    // C1 (weight 1): 1 of 2 met = 0.5; C2 (weight 3): 1 of 2 met = 0.5 → 50.0
    const project_result *p = eval(fx, "100", "10", "yes", "yes", "no");
    assert_true(p->score == 50.0);
    assert_int_equal(p->criteria[0].status, STATUS_PARTIAL);
    // C1: 2/2 = 1; C2: 0/1 (R4 not applicable) → (1*1 + 3*0)/4 = 25.0
    p = eval(fx, "100", "50", "no", "no", "");
    assert_true(p->score == 25.0);
    assert_int_equal(p->criteria[1].status, STATUS_GAP);
    assert_int_equal(p->verdict, VERDICT_GAP);
}

// Weights near the largest number whose total is still finite: the score is the same mean as
// with weights 10 and 7 (the percentage taken after the mean, not of the weighted sum).
static void huge_weights_give_a_finite_score(void **state)
{
    (void)state;
    char text[sizeof CHECKLIST + 32];
    const char *one = strstr(CHECKLIST, "\"weight\":1,"),
               *three = strstr(CHECKLIST, "\"weight\":3,");
    assert_non_null(one);
    assert_non_null(three);
    snprintf(text, sizeof text, "%.*s\"weight\":1e308,%.*s\"weight\":7e307,%s",
             (int)(one - CHECKLIST), CHECKLIST, (int)(three - one - 11), one + 11, three + 11);
    diag_list diags = {0};
    checklist *cl = checklist_parse(text, strlen(text), "t.json", &diags);
    assert_int_equal(diags.count, 0);
    assert_non_null(cl);
    evaluator *ev = evaluator_new(cl);
    const char *cells[NFIELDS] = {"P1", "100", "45", "no", "yes", "yes"};
    const project_result *p = evaluator_cells(ev, cells, "t.csv", 2, 0);
    // C1: 2/2 met, C2: 1/2 → 100 × (10 × 1 + 7 × 0.5) / 17 = 79.4
    assert_true(isfinite(p->score));
    assert_true(p->score == 79.4);
    evaluator_free(ev);
    checklist_free(cl);
}

static void score_above_pass_score_without_knock_out_passes(void **state)
{
    fixture *fx = *state;
    // C1 1/2 (0.5), C2 2/2 → (0.5 + 3)/4 = 87.5 ≥ 75 and R1 (critical) met → pass.
    const project_result *p = eval(fx, "100", "10", "yes", "yes", "yes");
    assert_true(p->score == 87.5);
    assert_false(p->criteria[0].below_floor); // without floors, every floor is 0
    assert_int_equal(p->verdict, VERDICT_PASS);
}

static void a_critical_requirement_not_met_is_a_knock_out(void **state)
{
    fixture *fx = *state;
    // Score (0.5*1 + 1*3)/4 = 87.5 ≥ 75, but critical R1 is unmet, no_evidence or invalid.
    const char *budgets[] = {"0", "", "lots"};
    for (size_t i = 0; i < 3; i++) {
        const project_result *p = eval(fx, budgets[i], "45", "yes", "yes", "yes");
        assert_true(p->score == 87.5);
        assert_int_equal(p->verdict, VERDICT_GAP);
    }
}

// Asserts whether criterion c of p is below its floor, and p's verdict.
static void assert_floor(const project_result *p, size_t c, bool below, verdict v)
{
    assert_int_equal(p->criteria[c].below_floor, below);
    assert_int_equal(p->verdict, v);
}

static void a_criterion_below_its_floor_is_a_gap_whatever_the_score(void **state)
{
    fixture *fx = *state;
    // C1 1/2 = 50 < its floor 75 (the checklist's); C2 2/2. Score (0.5 + 3)/4 = 87.5 ≥ 50 and
    // the critical R1 is met: only the floor makes the gap.
    const project_result *p = eval(fx, "100", "10", "yes", "yes", "yes");
    assert_true(p->score == 87.5);
    assert_false(p->criteria[1].below_floor);
    assert_floor(p, 0, true, VERDICT_GAP);
    assert_floor(eval(fx, "100", "45", "yes", "yes", "yes"), 0, false, VERDICT_PASS);
}

static void a_criterion_exactly_at_its_floor_reaches_it(void **state)
{
    fixture *fx = *state;
    // C2 1/2 = 50, its own floor 50 (not the checklist's 75).
    const project_result *p = eval(fx, "100", "45", "yes", "yes", "no");
    assert_int_equal(p->criteria[1].status, STATUS_PARTIAL);
    assert_true(p->score == 62.5);
    assert_floor(p, 1, false, VERDICT_PASS);
    // 0 of 2 is below it.
    assert_floor(eval(fx, "100", "45", "no", "yes", "no"), 1, true, VERDICT_GAP);
}

static void a_criterion_that_does_not_apply_has_no_floor_to_reach(void **state)
{
    fixture *fx = *state;
    const project_result *p = eval(fx, "100", "45", "", "no", "");
    assert_int_equal(p->criteria[1].status, STATUS_NOT_APPLICABLE);
    assert_floor(p, 1, false, VERDICT_PASS);
}

static void missing_evidence_counts_against_the_floor(void **state)
{
    fixture *fx = *state;
    // R2 without evidence: C1 1/2, below 75, as an unmet R2 would be.
    const project_result *p = eval(fx, "100", "", "yes", "yes", "yes");
    assert_int_equal(p->requirements[1].outcome, OUTCOME_NO_EVIDENCE);
    assert_floor(p, 0, true, VERDICT_GAP);
}

static void a_row_without_key_is_invalid_not_dropped(void **state)
{
    fixture *fx = *state;
    const char *cells[NFIELDS] = {"  ", "100", "45", "yes", "no", ""};
    const project_result *p = evaluator_cells(fx->ev, cells, "t.csv", 7, 3);
    assert_int_equal(p->verdict, VERDICT_INVALID);
    assert_non_null(p->error);
    assert_int_equal(p->line, 7);
    assert_int_equal(p->index, 3);
}

static void a_ragged_record_is_invalid_with_its_line(void **state)
{
    fixture *fx = *state;
    csv_cell head[NFIELDS] = {{"id", 2, 1},  {"budget", 6, 1}, {"women", 5, 1},
                              {"grm", 3, 1}, {"ip", 2, 1},     {"fpic", 4, 1}};
    csv_record header = {.cells = head, .count = NFIELDS, .line = 1, .end_line = 1};
    diag_list diags = {0};
    evaluator_set_header(fx->ev, &header, "t.csv", &diags);
    assert_int_equal(diags.count, 0);
    csv_cell row[3] = {{"P9", 2, 5}, {"1", 1, 5}, {"2", 1, 5}};
    csv_record rec = {.cells = row, .count = 3, .index = 4, .line = 5, .end_line = 5};
    const project_result *p = evaluator_record(fx->ev, &rec, "t.csv", 3);
    assert_int_equal(p->verdict, VERDICT_INVALID);
    assert_int_equal(p->line, 5);
    assert_non_null(strstr(p->error, "3 cells"));
    assert_memory_equal(p->key, "P9", 2);
    diag_list_clear(&diags);
}

// A column is taken for a field when the names differ only in case, spaces or underscores; a
// hyphen makes another name, which the "did you mean" hint (looser on purpose) still points to.
static void a_hyphen_is_not_taken_for_an_underscore_but_is_hinted(void **state)
{
    fixture *fx = *state;
    csv_cell head[NFIELDS] = {{"ID", 2, 1},  {"Bud-get", 7, 1}, {"Wo men", 6, 1},
                              {"grm", 3, 1}, {"ip", 2, 1},      {"fpic", 4, 1}};
    csv_record header = {.cells = head, .count = NFIELDS, .line = 1, .end_line = 1};
    diag_list diags = {0};
    evaluator_set_header(fx->ev, &header, "t.csv", &diags);
    bool id_taken = false, women_taken = false, budget_ignored = false, budget_hinted = false;
    for (size_t i = 0; i < diags.count; i++) {
        const char *m = diags.items[i].message;
        id_taken |= strstr(m, "column \"ID\" is taken as field id") != NULL;
        women_taken |= strstr(m, "column \"Wo men\" is taken as field women") != NULL;
        budget_ignored |= strstr(m, "column \"Bud-get\" is not a field") != NULL;
        budget_hinted |= strstr(m, "no column \"budget\"") != NULL &&
                         strstr(m, "did you mean column 2, \"Bud-get\"?") != NULL;
    }
    assert_true(id_taken && women_taken && budget_ignored && budget_hinted);
    diag_list_clear(&diags);
}

static void header_problems_are_warnings_with_places(void **state)
{
    fixture *fx = *state;
    csv_cell head[4] = {{"budget", 6, 1}, {"nonsense", 8, 1}, {"", 0, 1}, {"budget", 6, 1}};
    csv_record header = {.cells = head, .count = 4, .line = 1, .end_line = 1};
    diag_list diags = {0};
    evaluator_set_header(fx->ev, &header, "t.csv", &diags);
    // unknown column, empty name, duplicate, and the missing key column
    assert_int_equal(diags.warnings, 4);
    assert_int_equal(diags.errors, 0);
    assert_int_equal(diags.items[1].column, 3);
    diag_list_clear(&diags);
}

static void a_header_of_many_unknown_names_gives_a_bounded_number_of_warnings(void **state)
{
    fixture *fx = *state;
    enum { N = 1000 };
    csv_cell *head = calloc(N, sizeof *head);
    char(*names)[16] = calloc(N, sizeof *names);
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "x%zu", i);
        head[i] = (csv_cell){names[i], strlen(names[i]), 1};
    }
    csv_record header = {.cells = head, .count = N, .line = 1, .end_line = 1};
    diag_list diags = {0};
    evaluator_set_header(fx->ev, &header, "t.csv", &diags);
    // 20 named, one "… and 980 more", one for the missing key column.
    assert_int_equal(diags.warnings, 22);
    assert_non_null(strstr(diags.items[20].message, "980 more"));
    diag_list_clear(&diags);
    free(names);
    free(head);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_strong_row_meets_everything_and_passes, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_cell_is_no_evidence_not_unmet, setup, teardown),
        cmocka_unit_test_setup_teardown(a_missing_column_is_no_evidence_too, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_cell_gives_invalid_not_unmet, setup, teardown),
        cmocka_unit_test_setup_teardown(false_rule_on_present_evidence_is_unmet_with_words, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(applies_if_false_is_not_applicable_and_leaves_the_score,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_blank_trigger_never_excuses_a_requirement, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(score_is_the_weighted_mean_of_applicable_criteria, setup,
                                        teardown),
        cmocka_unit_test(huge_weights_give_a_finite_score),
        cmocka_unit_test_setup_teardown(score_above_pass_score_without_knock_out_passes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_critical_requirement_not_met_is_a_knock_out, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_criterion_below_its_floor_is_a_gap_whatever_the_score,
                                        setup_floored, teardown),
        cmocka_unit_test_setup_teardown(a_criterion_exactly_at_its_floor_reaches_it, setup_floored,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_criterion_that_does_not_apply_has_no_floor_to_reach,
                                        setup_floored, teardown),
        cmocka_unit_test_setup_teardown(missing_evidence_counts_against_the_floor, setup_floored,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_row_without_key_is_invalid_not_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(a_ragged_record_is_invalid_with_its_line, setup, teardown),
        cmocka_unit_test_setup_teardown(header_problems_are_warnings_with_places, setup, teardown),
        cmocka_unit_test_setup_teardown(a_hyphen_is_not_taken_for_an_underscore_but_is_hinted,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            a_header_of_many_unknown_names_gives_a_bounded_number_of_warnings, setup, teardown),
    };
    DDCHECK_RUN_TESTS(tests);
}
