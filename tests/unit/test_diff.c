// Comparing two JSON reports: matching by key and id, closed/opened/still open, what counts as
// a regression, one-sided requirements, checklist mismatch, positional errors.
#define _POSIX_C_SOURCE 200809L
#include "unit/test_main.h"

#include "evaluator/diff.h"
#include "reports/diff_report.h"

#include <string.h>

// A report with projects given as JSON text: KEY/VERDICT/SCORE and requirements.
#define REPORT(cl_version, projects)                                                               \
    "{\"format\":\"ddcheck-report/1\",\"checklist\":{\"id\":\"c\",\"version\":\"" cl_version       \
    "\"},\"projects\":[" projects "]}"
#define PROJECT(key, verdict, score, reqs)                                                         \
    "{\"key\":\"" key "\",\"file\":\"f.csv\",\"line\":2,\"score\":" score                          \
    ",\"verdict\":\"" verdict "\",\"criteria\":[{\"id\":\"C\",\"requirements\":[" reqs "]}]}"
#define REQ(id, outcome) "{\"id\":\"" id "\",\"outcome\":\"" outcome "\"}"

static diff_report *parse(const char *text)
{
    diag_list diags = {0};
    diff_report *r = diff_report_parse(text, strlen(text), "r.json", &diags);
    diag_list_clear(&diags);
    assert_non_null(r);
    return r;
}

typedef struct pair {
    diff_report *a, *b;
    diff_result *d;
} pair;

static pair compare(const char *old_text, const char *new_text)
{
    pair p = {parse(old_text), parse(new_text), NULL};
    p.d = diff_compare(p.a, p.b);
    return p;
}

static void release(pair *p)
{
    diff_result_free(p->d);
    diff_report_free(p->a);
    diff_report_free(p->b);
}

static bool lists(const char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

static void closed_opened_and_still_open_are_told_apart(void **state)
{
    (void)state;
    pair p = compare(REPORT("1", PROJECT("P1", "gap", "50",
                                         REQ("R1", "unmet") "," REQ("R2", "no_evidence") "," REQ(
                                             "R3", "met") "," REQ("R4", "invalid"))),
                     REPORT("1", PROJECT("P1", "gap", "50",
                                         REQ("R1", "met") "," REQ("R2", "waived") "," REQ(
                                             "R3", "unmet") "," REQ("R4", "unmet"))));
    const diff_project_change *ch = &p.d->projects[0];
    assert_int_equal(p.d->project_count, 1);
    assert_int_equal(ch->kind, DIFF_MATCHED);
    assert_int_equal(ch->closed_count, 2);
    assert_true(lists(ch->closed, ch->closed_count, "R1"));
    assert_true(lists(ch->closed, ch->closed_count, "R2")); // waived closes a gap
    assert_int_equal(ch->opened_count, 1);
    assert_string_equal(ch->opened[0], "R3");
    assert_int_equal(ch->still_open_count, 1);
    assert_string_equal(ch->still_open[0], "R4");
    assert_true(ch->regressed);
    assert_true(diff_regressed(p.d));
    release(&p);
}

static void only_closed_gaps_are_no_regression(void **state)
{
    (void)state;
    pair p =
        compare(REPORT("1", PROJECT("P1", "gap", "50", REQ("R1", "unmet") "," REQ("R2", "met"))),
                REPORT("1", PROJECT("P1", "pass", "100",
                                    REQ("R1", "not_applicable") "," REQ("R2", "met"))));
    assert_int_equal(p.d->closed, 1);
    assert_int_equal(p.d->opened, 0);
    assert_false(diff_regressed(p.d));
    release(&p);
}

static void verdict_getting_worse_is_a_regression_without_an_opened_requirement(void **state)
{
    (void)state;
    // Score fell below pass_score through a requirement that stopped applying.
    pair p =
        compare(REPORT("1", PROJECT("P1", "pass", "80", REQ("R1", "met") "," REQ("R2", "unmet"))),
                REPORT("1", PROJECT("P1", "gap", "50",
                                    REQ("R1", "not_applicable") "," REQ("R2", "unmet"))));
    assert_int_equal(p.d->opened, 0);
    assert_true(p.d->projects[0].regressed);
    release(&p);
}

static void new_project_with_a_gap_regresses_and_a_removed_one_does_not(void **state)
{
    (void)state;
    pair p = compare(REPORT("1", PROJECT("OLD", "gap", "10", REQ("R1", "unmet"))),
                     REPORT("1", PROJECT("NEW", "gap", "10", REQ("R1", "unmet")) "," PROJECT(
                                     "FINE", "pass", "100", REQ("R1", "met"))));
    assert_int_equal(p.d->project_count, 3);
    assert_int_equal(p.d->projects[0].kind, DIFF_NEW);
    assert_true(p.d->projects[0].regressed);
    assert_int_equal(p.d->projects[0].opened_count, 1);
    assert_int_equal(p.d->projects[1].kind, DIFF_NEW);
    assert_false(p.d->projects[1].regressed);
    assert_int_equal(p.d->projects[2].kind, DIFF_REMOVED);
    assert_string_equal(p.d->projects[2].old_project->key, "OLD");
    assert_false(p.d->projects[2].regressed);
    assert_int_equal(p.d->new_projects, 2);
    assert_int_equal(p.d->removed_projects, 1);
    assert_int_equal(p.d->regressed_projects, 1);
    release(&p);
}

static void projects_are_matched_by_key_not_position(void **state)
{
    (void)state;
    pair p = compare(REPORT("1", PROJECT("A", "pass", "100", REQ("R1", "met")) "," PROJECT(
                                     "B", "gap", "0", REQ("R1", "unmet"))),
                     REPORT("1", PROJECT("B", "pass", "100", REQ("R1", "met")) "," PROJECT(
                                     "A", "pass", "100", REQ("R1", "met"))));
    assert_int_equal(p.d->project_count, 2);
    assert_string_equal(p.d->projects[0].old_project->key, "B");
    assert_int_equal(p.d->projects[0].closed_count, 1);
    assert_string_equal(p.d->projects[1].old_project->key, "A");
    assert_false(diff_regressed(p.d));
    release(&p);
}

static void requirements_on_one_side_only_are_listed_not_counted(void **state)
{
    (void)state;
    pair p = compare(
        REPORT("1", PROJECT("P1", "gap", "50", REQ("R1", "met") "," REQ("GONE", "unmet"))),
        REPORT("2", PROJECT("P1", "gap", "50", REQ("R1", "met") "," REQ("ADDED", "unmet"))));
    assert_true(p.d->checklist_differs);
    assert_int_equal(p.d->only_old_count, 1);
    assert_string_equal(p.d->only_old[0], "GONE");
    assert_int_equal(p.d->only_new_count, 1);
    assert_string_equal(p.d->only_new[0], "ADDED");
    assert_int_equal(p.d->opened + p.d->closed + p.d->still_open, 0);
    assert_false(diff_regressed(p.d));
    release(&p);
}

static void same_checklist_is_no_mismatch(void **state)
{
    (void)state;
    pair p = compare(REPORT("1", ""), REPORT("1", ""));
    assert_false(p.d->checklist_differs);
    assert_int_equal(p.d->project_count, 0);
    assert_false(diff_regressed(p.d));
    release(&p);
}

static void bad_json_is_an_error_with_line_and_column(void **state)
{
    (void)state;
    const char *text = "{\n  \"format\": \"ddcheck-report/1\",\n  \"projects\": [,]\n}";
    diag_list diags = {0};
    assert_null(diff_report_parse(text, strlen(text), "bad.json", &diags));
    assert_int_equal(diags.errors, 1);
    assert_int_equal(diags.items[0].line, 3);
    assert_int_equal(diags.items[0].column, 16);
    diag_list_clear(&diags);
}

static void a_json_document_that_is_not_a_report_is_refused(void **state)
{
    (void)state;
    const char *text = "{\"format\": \"ddcheck-checklist/1\"}";
    diag_list diags = {0};
    assert_null(diff_report_parse(text, strlen(text), "cl.json", &diags));
    assert_int_equal(diags.errors, 1);
    assert_non_null(strstr(diags.items[0].message, "not a ddcheck JSON report"));
    diag_list_clear(&diags);
    const char *no_key = REPORT("1", "{\"verdict\":\"pass\"}");
    assert_null(diff_report_parse(no_key, strlen(no_key), "r.json", &diags));
    assert_non_null(strstr(diags.items[0].message, "\"key\" is missing"));
    diag_list_clear(&diags);
}

// Every name the usage message lists is a writer, in that order, and each writes its format.
static void each_listed_diff_format_has_a_writer(void **state)
{
    (void)state;
    pair p = compare(REPORT("1", PROJECT("P1", "gap", "50", REQ("R1", "unmet"))),
                     REPORT("1", PROJECT("P1", "pass", "100", REQ("R1", "met"))));
    const char *names[] = {"text", "markdown", "json", "csv"};
    const char *starts[] = {"ddcheck diff: r.json", "# What changed: r.json",
                            "{\n  \"format\": \"ddcheck-diff/1\"", "project,change,"};
    char listed[] = DIFF_WRITER_NAMES;
    char *save = NULL;
    size_t i = 0;
    for (char *name = strtok_r(listed, " ", &save); name; name = strtok_r(NULL, " ", &save), i++) {
        assert_true(i < 4);
        assert_string_equal(name, names[i]);
        const diff_writer *w = diff_writer_find(name);
        assert_non_null(w);
        assert_string_equal(w->name, name);
        char *text = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&text, &len);
        assert_non_null(out);
        w->write(out, p.d);
        fclose(out);
        assert_int_equal(strncmp(text, starts[i], strlen(starts[i])), 0);
        free(text);
    }
    assert_int_equal(i, 4);
    assert_null(diff_writer_find("html"));
    assert_null(diff_writer_find(""));
    release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(closed_opened_and_still_open_are_told_apart),
        cmocka_unit_test(only_closed_gaps_are_no_regression),
        cmocka_unit_test(verdict_getting_worse_is_a_regression_without_an_opened_requirement),
        cmocka_unit_test(new_project_with_a_gap_regresses_and_a_removed_one_does_not),
        cmocka_unit_test(projects_are_matched_by_key_not_position),
        cmocka_unit_test(requirements_on_one_side_only_are_listed_not_counted),
        cmocka_unit_test(same_checklist_is_no_mismatch),
        cmocka_unit_test(bad_json_is_an_error_with_line_and_column),
        cmocka_unit_test(a_json_document_that_is_not_a_report_is_refused),
        cmocka_unit_test(each_listed_diff_format_has_a_writer),
    };
    DDCHECK_RUN_TESTS(tests);
}
