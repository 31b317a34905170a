// What reports share about a project beside its outcomes: display fields, the request shown for
// a failing requirement (corrective action or request for evidence) under its label, a floor in
// words, and the rows of an action plan.
#include "unit/test_main.h"

#include "evaluator/evaluate.h"
#include "reports/escape.h"
#include "reports/gaps.h"

static const char CHECKLIST[] =
    "{\"format\":\"ddcheck-checklist/1\",\"id\":\"g\",\"title\":\"G\",\"key\":\"id\","
    "\"display\":[\"name\",\"country\"],\"min_criterion_score\":100,"
    "\"fields\":{\"id\":{\"type\":\"text\"},\"name\":{\"type\":\"text\"},"
    "\"country\":{\"type\":\"text\"},\"plan\":{\"type\":\"boolean\"},\"budget\":{\"type\":"
    "\"number\"}},"
    "\"criteria\":[{\"id\":\"C1\",\"title\":\"one\",\"requirements\":["
    "{\"id\":\"R1\",\"text\":\"plan\",\"rule\":{\"var\":\"plan\"},"
    "\"gap\":\"Provide the plan\",\"action\":\"Adopt a plan\"},"
    "{\"id\":\"R2\",\"text\":\"budget\",\"rule\":{\">\":[{\"var\":\"budget\"},0]},"
    "\"gap\":\"Provide the budget\"}]}]}";

enum { ID, NAME, COUNTRY, PLAN, BUDGET, NFIELDS };

typedef struct fixture {
    checklist *cl;
    evaluator *ev;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    diag_list diags = {0};
    fx->cl = checklist_parse(CHECKLIST, strlen(CHECKLIST), "g.json", &diags);
    diag_list_clear(&diags);
    assert_non_null(fx->cl);
    fx->ev = evaluator_new(fx->cl);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    evaluator_free(fx->ev);
    checklist_free(fx->cl);
    free(fx);
    return 0;
}

static const project_result *eval(fixture *fx, const char *name, const char *country,
                                  const char *plan, const char *budget)
{
    const char *cells[NFIELDS] = {"P1", name, country, plan, budget};
    return evaluator_cells(fx->ev, cells, "g.csv", 2, 0);
}

// What gaps_write_display writes, through escape_markdown, into buf.
static bool written_display(const project_result *p, char *buf, size_t size)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    bool any = gaps_write_display(f, p, " (", " · ", ")", escape_markdown);
    rewind(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
    return any;
}

static void unmet_shows_the_action_and_missing_evidence_the_gap(void **state)
{
    fixture *fx = *state;
    const checklist_requirement *r1 = &fx->cl->requirements[0], *r2 = &fx->cl->requirements[1];
    bool is_action = false;
    assert_string_equal(gaps_request(r1, OUTCOME_UNMET, &is_action), "Adopt a plan");
    assert_true(is_action);
    assert_string_equal(gaps_request(r1, OUTCOME_NO_EVIDENCE, &is_action), "Provide the plan");
    assert_false(is_action);
    assert_string_equal(gaps_request(r1, OUTCOME_INVALID, &is_action), "Provide the plan");
    // Without an action, unmet falls back to the gap.
    assert_string_equal(gaps_request(r2, OUTCOME_UNMET, &is_action), "Provide the budget");
    assert_false(is_action);
    assert_null(gaps_request(r1, OUTCOME_MET, NULL));
    assert_null(gaps_request(r1, OUTCOME_WAIVED, NULL));
    assert_null(gaps_request(r1, OUTCOME_NOT_APPLICABLE, NULL));
}

static void display_values_are_trimmed_and_absent_ones_left_out(void **state)
{
    fixture *fx = *state;
    char buf[256];
    const project_result *p = eval(fx, "  Cerro | Azul ", "Peru", "yes", "1");
    size_t n;
    const char *v = project_display_value(p, 0, &n);
    assert_non_null(v);
    assert_int_equal(n, 12);
    assert_memory_equal(v, "Cerro | Azul", 12);
    assert_true(written_display(p, buf, sizeof buf));
    assert_string_equal(buf, " (Cerro \\| Azul · Peru)"); // escaped by the renderer's escaper
    p = eval(fx, "", "Chile", "yes", "1");
    assert_null(project_display_value(p, 0, &n));
    assert_true(written_display(p, buf, sizeof buf));
    assert_string_equal(buf, " (Chile)");
    p = eval(fx, " ", NULL, "yes", "1");
    assert_false(written_display(p, buf, sizeof buf));
    assert_string_equal(buf, "");
}

static void a_floor_in_words_gives_score_counts_and_floor(void **state)
{
    fixture *fx = *state;
    const project_result *p = eval(fx, "N", "C", "no", "5");
    assert_true(p->criteria[0].below_floor);
    char buf[GAPS_FLOOR_TEXT_SIZE];
    assert_string_equal(gaps_floor_text(&fx->cl->criteria[0], &p->criteria[0], buf, sizeof buf),
                        "criterion C1 is below its floor: it scores 50.0 (1 of 2 applicable "
                        "requirements met or waived), its floor is 100");
}

static void a_gap_says_the_action_or_what_to_ask_for_under_its_label(void **state)
{
    fixture *fx = *state;
    const project_result *p = eval(fx, "N", "C", "no", "");
    char buf[WAIVER_DESCRIPTION_SIZE];
    const char *label = NULL;
    assert_string_equal(
        gaps_remedy(&fx->cl->requirements[0], &p->requirements[0], buf, sizeof buf, &label),
        "Adopt a plan");
    assert_string_equal(label, "Corrective action");
    assert_string_equal(
        gaps_remedy(&fx->cl->requirements[1], &p->requirements[1], buf, sizeof buf, &label),
        "Provide the budget");
    assert_string_equal(label, "Ask the proponent");
    p = eval(fx, "N", "C", "yes", "5");
    label = NULL;
    assert_null(
        gaps_remedy(&fx->cl->requirements[0], &p->requirements[0], buf, sizeof buf, &label));
    assert_null(label);
}

// The rows gaps_action_plan gives, one line each: "requirement|criterion|outcome|request|why|high".
static char plan_rows[2048];

static void note_row(void *arg, const gaps_action *a)
{
    size_t *rows = arg;
    size_t used = strlen(plan_rows);
    snprintf(plan_rows + used, sizeof plan_rows - used, "%s|%s|%s|%s|%s|%d\n",
             a->requirement ? a->requirement : "-", a->criterion ? a->criterion : "-", a->outcome,
             a->request ? a->request : "-", a->why ? a->why : "-", a->high);
    (*rows)++;
}

static const char *action_plan(const project_result *p)
{
    size_t rows = 0;
    plan_rows[0] = '\0';
    gaps_action_plan(p, note_row, &rows);
    size_t lines = 0;
    for (const char *c = plan_rows; *c; c++)
        lines += *c == '\n';
    assert_int_equal(rows, lines);
    return plan_rows;
}

static void an_action_plan_has_a_row_per_gap_and_the_floor_after_its_criterion(void **state)
{
    fixture *fx = *state;
    const project_result *p = eval(fx, "N", "C", "no", "");
    assert_string_equal(
        action_plan(p),
        "R1|C1|unmet|Adopt a plan|plan is no, the requirement is yes|0\n"
        "R2|C1|no_evidence|Provide the budget|budget is empty: no evidence was given|0\n"
        "-|C1|below_floor|Meet enough of the requirements of criterion C1 (the "
        "rows above) to reach its floor of 100|criterion C1 is below its floor: it "
        "scores 0.0 (0 of 2 applicable requirements met or waived), its floor is "
        "100|1\n");
    p = eval(fx, "N", "C", "yes", "5");
    assert_string_equal(action_plan(p), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(unmet_shows_the_action_and_missing_evidence_the_gap, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(display_values_are_trimmed_and_absent_ones_left_out, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_floor_in_words_gives_score_counts_and_floor, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_gap_says_the_action_or_what_to_ask_for_under_its_label,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            an_action_plan_has_a_row_per_gap_and_the_floor_after_its_criterion, setup, teardown),
    };
    DDCHECK_RUN_TESTS(tests);
}
