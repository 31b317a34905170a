// Scoring: outcomes in DESIGN.md's order, criterion statuses, weighted score, verdict rules.
#define _DEFAULT_SOURCE // mkstemp
#include "unit/test_main.h"

#include "evaluator/baseline.h"
#include "evaluator/evaluate.h"
#include "unit/test_random.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

// Keys are reported without the spaces and tabs around them, and keep those inside.
static void a_key_is_reported_trimmed(void **state)
{
    fixture *fx = *state;
    static const char *const keys[][2] = {{"P1", "P1"},         {" P1", "P1"},
                                          {"P1\t", "P1"},       {" \t P 1\t ", "P 1"},
                                          {"\tP1 x  ", "P1 x"}, {"x", "x"}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *cells[NFIELDS] = {keys[i][0], "100", "45", "yes", "yes", "yes"};
        const project_result *p = evaluator_cells(fx->ev, cells, "t.csv", 2, 0);
        assert_int_equal(p->key_len, strlen(keys[i][1]));
        assert_memory_equal(p->key, keys[i][1], p->key_len);
    }
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

// A requirement result holds what its own row gave it: an explanation, a baseline mark or a
// limit of an earlier row is gone on the next (scoring clears them only after a row that set
// some).
static void a_row_keeps_nothing_of_the_rows_before(void **state)
{
    fixture *fx = *state;
    char path[] = "/tmp/ddcheck-baseline-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char REPORT[] =
        "{\"format\":\"ddcheck-report/1\",\"checklist\":{\"id\":\"t\",\"version\":\"1\"},"
        "\"projects\":[{\"key\":\"P1\",\"file\":\"f.csv\",\"line\":2,\"score\":0,"
        "\"verdict\":\"gap\",\"criteria\":[{\"id\":\"C1\",\"requirements\":["
        "{\"id\":\"R1\",\"outcome\":\"unmet\"}]}]}]}";
    assert_int_equal(write(fd, REPORT, sizeof REPORT - 1), (ssize_t)(sizeof REPORT - 1));
    close(fd);
    diag_list diags = {0};
    baseline *base = baseline_load(path, fx->cl, &diags);
    unlink(path);
    assert_non_null(base);
    evaluator_set_baseline(fx->ev, base);
    for (int round = 0; round < 2; round++) {
        // R1 (known to the baseline) and R2 (new) fail, with explanations.
        const project_result *p = eval(fx, "0", "10", "yes", "yes", "yes");
        assert_int_equal(p->requirements[0].baseline, BASELINE_KNOWN);
        assert_int_equal(p->requirements[1].baseline, BASELINE_NEW);
        assert_true(p->requirements[0].explanation_count > 0);
        assert_non_null(p->requirements[1].explanations);
        assert_true(p->new_gap);
        p = eval(fx, "100", "45", "yes", "yes", "yes");
        assert_int_equal(p->verdict, VERDICT_PASS);
        assert_false(p->new_gap);
        for (size_t i = 0; i < fx->cl->requirement_count; i++) {
            const requirement_result *rr = &p->requirements[i];
            assert_int_equal(rr->outcome, OUTCOME_MET);
            assert_int_equal(rr->baseline, BASELINE_NONE);
            assert_null(rr->explanations);
            assert_int_equal(rr->explanation_count, 0);
            assert_null(rr->limit);
            assert_null(rr->waiver);
            assert_null(rr->expired_waiver);
        }
    }
    evaluator_set_baseline(fx->ev, NULL);
    baseline_free(base);
    diag_list_clear(&diags);
}

// R1 doubles a text once per list item: 30 items reach the limit of a string's length.
static const char RUNAWAY[] =
    "{\"format\":\"ddcheck-checklist/1\",\"id\":\"r\",\"title\":\"R\",\"key\":\"id\","
    "\"fields\":{\"id\":{\"type\":\"text\"},\"tags\":{\"type\":\"list\"}},"
    "\"criteria\":[{\"id\":\"C\",\"title\":\"c\",\"requirements\":["
    "{\"id\":\"R1\",\"text\":\"long\",\"rule\":{\">\":[{\"reduce\":[{\"var\":\"tags\"},"
    "{\"cat\":[{\"var\":\"accumulator\"},{\"var\":\"accumulator\"}]},\"ab\"]},\"\"]}}]}]}";

static int setup_runaway(void **state)
{
    return setup_with(state, RUNAWAY);
}

static void a_limit_is_named_only_on_the_row_that_reached_it(void **state)
{
    fixture *fx = *state;
    char many[200] = "1";
    for (int i = 2; i <= 30; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), ";%d", i);
    for (int round = 0; round < 2; round++) {
        const char *runaway[] = {"A", many};
        const project_result *p = evaluator_cells(fx->ev, runaway, "t.csv", 2, 0);
        assert_int_equal(p->requirements[0].outcome, OUTCOME_INVALID);
        assert_non_null(p->requirements[0].limit);
        assert_int_equal(p->limited_requirements, 1);
        const char *small[] = {"B", "x;y"};
        p = evaluator_cells(fx->ev, small, "t.csv", 3, 1);
        assert_int_equal(p->requirements[0].outcome, OUTCOME_MET);
        assert_null(p->requirements[0].limit);
        assert_int_equal(p->limited_requirements, 0);
        assert_null(p->requirements[0].explanations);
    }
}

// A generated checklist of `count` requirements over fields n and m, in criteria of 1 to 9
// requirements with weights, floors and critical requirements drawn from *seed: requirement i
// is n > i % 7, a third of them only where m > i % 5.
static char *random_checklist(size_t count, uint64_t *seed)
{
    size_t cap = 256 + count * 200, len = 0;
    char *t = malloc(cap);
    len += (size_t)snprintf(t + len, cap - len,
                            "{\"format\":\"ddcheck-checklist/1\",\"id\":\"g\",\"title\":\"G\","
                            "\"key\":\"id\",\"pass_score\":%d,\"fields\":{\"id\":{\"type\":"
                            "\"text\"},\"n\":{\"type\":\"number\"},\"m\":{\"type\":\"number\"}},"
                            "\"criteria\":[",
                            (int)(next_random(seed) % 101));
    size_t i = 0;
    for (int c = 0; i < count; c++) {
        size_t size = 1 + next_random(seed) % 9;
        int weight = 1 + (int)(next_random(seed) % 5), tenths = (int)(next_random(seed) % 10);
        int floor = next_random(seed) % 3 ? 0 : (int)(next_random(seed) % 101);
        len += (size_t)snprintf(t + len, cap - len,
                                "%s{\"id\":\"C%d\",\"title\":\"c\",\"weight\":%d.%d,"
                                "\"min_score\":%d,\"requirements\":[",
                                c ? "," : "", c, weight, tenths, floor);
        for (size_t k = 0; k < size && i < count; k++, i++) {
            char applies[64] = "";
            if (next_random(seed) % 3 == 0)
                snprintf(applies, sizeof applies, "\"applies_if\":{\">\":[{\"var\":\"m\"},%zu]},",
                         i % 5);
            const char *critical = next_random(seed) % 8 ? "false" : "true";
            len += (size_t)snprintf(t + len, cap - len,
                                    "%s{\"id\":\"R%zu\",\"text\":\"r\",\"critical\":%s,%s"
                                    "\"rule\":{\">\":[{\"var\":\"n\"},%zu]}}",
                                    k ? "," : "", i, critical, applies, i % 7);
        }
        len += (size_t)snprintf(t + len, cap - len, "]}");
    }
    snprintf(t + len, cap - len, "]}");
    return t;
}

// Scoring as DESIGN.md says it, from the outcomes, written plainly: each criterion's counts,
// status, score and floor, the weighted mean rounded to one decimal, the verdict; and
// project_result.failing, a bit for each failing requirement.
static void assert_scored_as_designed(const checklist *cl, const project_result *p)
{
    double weighted = 0, weights = 0;
    bool knocked_out = false, below_floor = false;
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        size_t applicable = 0, satisfied = 0;
        for (size_t i = cr->first; i < cr->first + cr->count; i++) {
            outcome o = p->requirements[i].outcome;
            if (o != OUTCOME_NOT_APPLICABLE)
                applicable++;
            if (o == OUTCOME_MET || o == OUTCOME_WAIVED)
                satisfied++;
            bool fails = o == OUTCOME_UNMET || o == OUTCOME_NO_EVIDENCE || o == OUTCOME_INVALID;
            if (fails && cl->requirements[i].critical)
                knocked_out = true;
            assert_int_equal((p->failing[i / 64] >> (i % 64)) & 1, fails);
        }
        const criterion_result *res = &p->criteria[c];
        assert_int_equal(res->applicable, applicable);
        assert_int_equal(res->satisfied, satisfied);
        if (applicable == 0) {
            assert_int_equal(res->status, STATUS_NOT_APPLICABLE);
            assert_true(res->score == 0);
            assert_false(res->below_floor);
            continue;
        }
        assert_int_equal(res->status, satisfied == applicable ? STATUS_PASS
                                      : satisfied == 0        ? STATUS_GAP
                                                              : STATUS_PARTIAL);
        double score = (double)satisfied / (double)applicable;
        assert_true(res->score == score);
        bool below = 100.0 * (double)satisfied < cr->min_score * (double)applicable;
        assert_int_equal(res->below_floor, below);
        below_floor |= below;
        weighted += cr->weight * score;
        weights += cr->weight;
    }
    // No bit past the last requirement.
    if (cl->requirement_count % 64)
        assert_int_equal(p->failing[cl->requirement_count / 64] >> (cl->requirement_count % 64), 0);
    assert_int_equal(p->scored, weights > 0);
    double score = weights > 0 ? round(100.0 * (weighted / weights) * 10.0) / 10.0 : 0;
    assert_true(p->score == score);
    bool pass = weights > 0 && score >= cl->pass_score && !knocked_out && !below_floor;
    assert_int_equal(p->verdict, pass ? VERDICT_PASS : VERDICT_GAP);
}

// Generated checklists of up to 200 requirements (failing bits over several words) and rows
// whose cells make every outcome but waived (test_waiver.c has those): the statuses, scores,
// verdicts and failing bits are DESIGN.md's.
static void scoring_is_as_designed_on_generated_checklists(void **state)
{
    (void)state;
    uint64_t seed = 0x5C0E5C0Eu;
    static const char *const cells[] = {"", "x", "-1", "0", "1", "2", "3", "4", "5", "6", "7"};
    const size_t ncells = sizeof cells / sizeof cells[0];
    static const size_t sizes[] = {1, 63, 64, 65, 128, 129};
    for (size_t k = 0; k < 40; k++) {
        size_t count = k < sizeof sizes / sizeof sizes[0] ? sizes[k] : 1 + next_random(&seed) % 200;
        char *text = random_checklist(count, &seed);
        diag_list diags = {0};
        checklist *cl = checklist_parse(text, strlen(text), "g.json", &diags);
        diag_list_clear(&diags);
        assert_non_null(cl);
        evaluator *ev = evaluator_new(cl);
        evaluator_set_explanations(ev, k % 2);
        for (int row = 0; row < 60; row++) {
            const char *row_cells[3] = {"P", cells[next_random(&seed) % ncells],
                                        cells[next_random(&seed) % ncells]};
            assert_scored_as_designed(cl, evaluator_cells(ev, row_cells, "g.csv", row + 2, 0));
        }
        evaluator_free(ev);
        checklist_free(cl);
        free(text);
    }
}

// evaluator_round_score is round(score × 10) / 10, also where the tenths' digit is a tie.
static void a_score_is_rounded_half_away_from_zero_to_one_decimal(void **state)
{
    (void)state;
    static const double edges[] = {0,
                                   -0.0,
                                   0.05,
                                   0.049999999999999996,
                                   0.049999999999999995,
                                   0.15,
                                   0.25,
                                   0.35,
                                   99.95,
                                   99.94999999999999,
                                   100,
                                   100.04999999999,
                                   12.345,
                                   1.0 / 3.0,
                                   2.0 / 3.0,
                                   5e-324,
                                   -12.35,
                                   1e15,
                                   4.5e14,
                                   4.5e15,
                                   1e300,
                                   INFINITY,
                                   -INFINITY,
                                   NAN};
    const size_t n_edges = sizeof edges / sizeof edges[0];
    uint64_t seed = 42;
    for (size_t i = 0; i < n_edges + 200000; i++) {
        double x;
        if (i < n_edges) {
            x = edges[i];
        } else {
            // Means of small counts, their neighbours, and any score.
            uint64_t r = next_random(&seed);
            double mean = (double)(r % 97) / (double)(1 + (r >> 8) % 97);
            x = r % 3 == 0   ? 100.0 * mean
                : r % 3 == 1 ? nextafter(100.0 * mean, (r >> 20) % 2 ? 0 : 200)
                             : (double)(r >> 11) / (double)(1ull << 53) * 100.0;
        }
        double want = round(x * 10.0) / 10.0, got = evaluator_round_score(x);
        if (isnan(want))
            assert_true(isnan(got));
        else
            assert_memory_equal(&got, &want, sizeof got);
    }
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
        cmocka_unit_test_setup_teardown(a_key_is_reported_trimmed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_ragged_record_is_invalid_with_its_line, setup, teardown),
        cmocka_unit_test_setup_teardown(header_problems_are_warnings_with_places, setup, teardown),
        cmocka_unit_test_setup_teardown(a_hyphen_is_not_taken_for_an_underscore_but_is_hinted,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            a_header_of_many_unknown_names_gives_a_bounded_number_of_warnings, setup, teardown),
        cmocka_unit_test_setup_teardown(a_row_keeps_nothing_of_the_rows_before, setup, teardown),
        cmocka_unit_test_setup_teardown(a_limit_is_named_only_on_the_row_that_reached_it,
                                        setup_runaway, teardown),
        cmocka_unit_test(scoring_is_as_designed_on_generated_checklists),
        cmocka_unit_test(a_score_is_rounded_half_away_from_zero_to_one_decimal),
    };
    DDCHECK_RUN_TESTS(tests);
}
