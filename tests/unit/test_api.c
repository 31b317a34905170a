/* The public API (include/ddcheck.h), used only through that header, as an embedding program. */
#define _POSIX_C_SOURCE 200809L // open_memstream
#include "unit/test_main.h"

#include <ddcheck.h>

#include <pthread.h>

#define EXAMPLES DDCHECK_SOURCE_DIR "/examples/"
#define FIX DDCHECK_SOURCE_DIR "/tests/fixtures/"

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *text = malloc(1 << 20);
    assert_non_null(text);
    *len = fread(text, 1, 1 << 20, f);
    fclose(f);
    return text;
}

// What a callback saw of every project: one line each, with every outcome.
typedef struct seen {
    const ddcheck_checklist *checklist;
    char *text;
    size_t len;
    FILE *out;
} seen;

static void on_project(void *ctx, const ddcheck_project *p)
{
    seen *s = ctx;
    size_t key_len;
    const char *key = ddcheck_project_key(p, &key_len);
    fprintf(s->out, "%zu %s:%ld %.*s %s %.1f", ddcheck_project_index(p), ddcheck_project_file(p),
            ddcheck_project_line(p), (int)key_len, key,
            ddcheck_verdict_name(ddcheck_project_verdict(p)), ddcheck_project_score(p));
    for (size_t c = 0; c < ddcheck_criterion_count(s->checklist); c++)
        fprintf(s->out, " %s",
                ddcheck_criterion_status_name(ddcheck_project_criterion_status(p, c)));
    for (size_t r = 0; r < ddcheck_requirement_count(s->checklist); r++)
        fprintf(s->out, " %s", ddcheck_outcome_name(ddcheck_project_outcome(p, r)));
    fputc('\n', s->out);
}

static void seen_open(seen *s, const ddcheck_checklist *cl)
{
    *s = (seen){.checklist = cl};
    s->out = open_memstream(&s->text, &s->len);
    assert_non_null(s->out);
}

static void seen_close(seen *s)
{
    fclose(s->out);
}

static void version_query_matches_the_version_string(void **state)
{
    (void)state;
    int major, minor, patch;
    assert_int_equal(sscanf(ddcheck_version_string(), "%d.%d.%d", &major, &minor, &patch), 3);
    assert_int_equal(ddcheck_version(), major << 16 | minor << 8 | patch);
}

static void builtin_checklist_opens_and_describes_itself(void **state)
{
    (void)state;
    ddcheck_problems *problems = ddcheck_problems_new();
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, problems);
    assert_non_null(cl);
    assert_int_equal(ddcheck_problems_errors(problems), 0);
    assert_string_equal(ddcheck_checklist_id(cl), "group3-investor");
    assert_string_equal(ddcheck_checklist_origin(cl), "builtin:group3-investor");
    assert_string_equal(ddcheck_checklist_key(cl), "project_id");
    assert_int_equal(strlen(ddcheck_checklist_sha256(cl)), 64);
    assert_true(ddcheck_checklist_pass_score(cl) == 75);
    assert_int_equal(ddcheck_criterion_count(cl), 5);
    assert_int_equal(ddcheck_requirement_count(cl), 31);
    assert_string_equal(ddcheck_criterion_id(cl, 0), "G3.1");
    assert_null(ddcheck_criterion_id(cl, 5));
    size_t last = ddcheck_requirement_count(cl) - 1;
    assert_int_equal(ddcheck_requirement_criterion(cl, last), 4);
    assert_null(ddcheck_requirement_id(cl, last + 1));
    bool found = false;
    for (size_t i = 0; i < ddcheck_builtin_count(); i++)
        found |= strcmp(ddcheck_builtin_id(i), "group3-investor") == 0;
    assert_true(found);
    assert_null(ddcheck_builtin_id(ddcheck_builtin_count()));
    ddcheck_checklist_free(cl);
    ddcheck_problems_free(problems);
}

// Every accessor that takes an index answers "none" past the end rather than reading beyond it.
static void an_index_past_the_end_answers_none(void **state)
{
    (void)state;
    ddcheck_problems *problems = ddcheck_problems_new();
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, problems);
    assert_non_null(cl);
    size_t c = ddcheck_criterion_count(cl), r = ddcheck_requirement_count(cl);
    assert_null(ddcheck_criterion_title(cl, c));
    assert_true(ddcheck_criterion_weight(cl, c) == 0);
    assert_null(ddcheck_requirement_text(cl, r));
    assert_null(ddcheck_requirement_gap(cl, r));
    assert_int_equal(ddcheck_requirement_criterion(cl, r), 0);
    assert_false(ddcheck_requirement_critical(cl, r));
    assert_int_equal(ddcheck_problems_count(problems), 0);
    assert_int_equal(ddcheck_problem_severity(problems, 0), DDCHECK_ERROR);
    assert_null(ddcheck_problem_file(problems, 0));
    assert_int_equal(ddcheck_problem_line(problems, 0), 0);
    assert_int_equal(ddcheck_problem_column(problems, 0), 0);
    assert_null(ddcheck_problem_pointer(problems, 0));
    assert_null(ddcheck_problem_message(problems, 0));
    ddcheck_checklist_free(cl);
    ddcheck_problems_free(problems);
}

static void unknown_builtin_id_is_one_error_in_the_list(void **state)
{
    (void)state;
    ddcheck_problems *problems = ddcheck_problems_new();
    assert_null(ddcheck_checklist_open_builtin("no-such-checklist", problems));
    assert_int_equal(ddcheck_problems_count(problems), 1);
    assert_int_equal(ddcheck_problem_severity(problems, 0), DDCHECK_ERROR);
    assert_string_equal(ddcheck_problem_file(problems, 0), "no-such-checklist");
    assert_non_null(strstr(ddcheck_problem_message(problems, 0), "built-in"));
    // The list is the only place problems go: without one, the same call is quiet.
    assert_null(ddcheck_checklist_open_builtin("no-such-checklist", NULL));
    ddcheck_problems_free(problems);
}

static void broken_checklist_gives_every_problem_with_its_place(void **state)
{
    (void)state;
    static const char text[] = "{\n  \"format\": \"ddcheck-checklist/1\",\n  \"id\": 5,\n"
                               "  \"colour\": \"red\"\n}\n";
    ddcheck_problems *problems = ddcheck_problems_new();
    assert_null(ddcheck_checklist_open_buffer(text, sizeof text - 1, "mine.json", problems));
    assert_true(ddcheck_problems_errors(problems) >= 2);
    bool id_seen = false, colour_seen = false;
    for (size_t i = 0; i < ddcheck_problems_count(problems); i++) {
        const char *pointer = ddcheck_problem_pointer(problems, i);
        assert_string_equal(ddcheck_problem_file(problems, i), "mine.json");
        if (pointer && strcmp(pointer, "/id") == 0) {
            id_seen = true;
            assert_int_equal(ddcheck_problem_line(problems, i), 3);
        }
        if (pointer && strcmp(pointer, "/colour") == 0) {
            colour_seen = true;
            assert_int_equal(ddcheck_problem_line(problems, i), 4);
        }
    }
    assert_true(id_seen && colour_seen);
    // Past the end: nothing, not a crash.
    assert_null(ddcheck_problem_message(problems, ddcheck_problems_count(problems)));
    ddcheck_problems_free(problems);
}

static void unreadable_checklist_path_is_an_error_with_the_path(void **state)
{
    (void)state;
    ddcheck_problems *problems = ddcheck_problems_new();
    assert_null(ddcheck_checklist_open(FIX "no/such/file.json", problems));
    assert_int_equal(ddcheck_problems_errors(problems), 1);
    assert_string_equal(ddcheck_problem_file(problems, 0), FIX "no/such/file.json");
    ddcheck_problems_free(problems);
}

static void checklist_file_opens_by_path(void **state)
{
    (void)state;
    ddcheck_checklist *cl =
        ddcheck_checklist_open(EXAMPLES "custom/community-health-safety.json", NULL);
    assert_non_null(cl);
    assert_string_equal(ddcheck_checklist_origin(cl),
                        EXAMPLES "custom/community-health-safety.json");
    ddcheck_checklist_free(cl);
}

// Every project of examples/submissions.csv as the callback sees it, read the given way.
static char *evaluate_examples(int how, ddcheck_status *status, size_t *projects, size_t counts[3])
{
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, NULL);
    assert_non_null(cl);
    ddcheck_evaluation *ev = ddcheck_evaluation_new(cl);
    size_t len = 0;
    char *csv = NULL;
    FILE *in = NULL;
    if (how == 0) {
        ddcheck_evaluation_add_path(ev, EXAMPLES "submissions.csv");
    } else if (how == 1) {
        in = fopen(EXAMPLES "submissions.csv", "rb");
        assert_non_null(in);
        ddcheck_evaluation_add_file(ev, in, EXAMPLES "submissions.csv");
    } else {
        csv = read_all(EXAMPLES "submissions.csv", &len);
        ddcheck_evaluation_add_buffer(ev, csv, len, EXAMPLES "submissions.csv");
    }
    seen s;
    seen_open(&s, cl);
    *status = ddcheck_evaluation_run(ev, on_project, &s, NULL);
    seen_close(&s);
    *projects = ddcheck_evaluation_projects(ev);
    counts[0] = ddcheck_evaluation_count(ev, DDCHECK_VERDICT_PASS);
    counts[1] = ddcheck_evaluation_count(ev, DDCHECK_VERDICT_GAP);
    counts[2] = ddcheck_evaluation_count(ev, DDCHECK_VERDICT_INVALID);
    if (in) {
        assert_true(feof(in)); // read to its end, and left open for its owner
        fclose(in);
    }
    free(csv);
    ddcheck_evaluation_free(ev);
    ddcheck_checklist_free(cl);
    return s.text;
}

static void paths_files_and_buffers_give_the_same_projects(void **state)
{
    (void)state;
    char *first = NULL;
    for (int how = 0; how < 3; how++) {
        ddcheck_status status;
        size_t projects, counts[3];
        char *text = evaluate_examples(how, &status, &projects, counts);
        // README: 10 projects: 4 pass, 5 gap, 1 invalid; exit status 1.
        assert_int_equal(status, DDCHECK_STATUS_GAP);
        assert_int_equal(projects, 10);
        assert_int_equal(counts[0], 4);
        assert_int_equal(counts[1], 5);
        assert_int_equal(counts[2], 1);
        if (!first) {
            first = text;
            assert_non_null(strstr(first, "AR-LI-03 pass 92.5"));
        } else {
            assert_string_equal(text, first);
            free(text);
        }
    }
    free(first);
}

// The outcome and reason of one requirement in each project, by callback.
typedef struct one_requirement {
    const ddcheck_checklist *cl;
    size_t requirement;
    ddcheck_outcome outcomes[4];
    bool reasons[4];
    size_t n;
} one_requirement;

static void on_one(void *ctx, const ddcheck_project *p)
{
    one_requirement *o = ctx;
    o->outcomes[o->n] = ddcheck_project_outcome(p, o->requirement);
    o->reasons[o->n] = ddcheck_project_reason(p, o->requirement) != NULL;
    o->n++;
}

static void outcomes_follow_the_cells(void **state)
{
    (void)state;
    // G3.1.a is about sep_exists: absent, false, true.
    static const char csv[] = "project_id,sep_exists\nP1,\nP2,no\nP3,yes\n";
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, NULL);
    one_requirement o = {.cl = cl};
    for (; o.requirement < ddcheck_requirement_count(cl); o.requirement++)
        if (strcmp(ddcheck_requirement_id(cl, o.requirement), "G3.1.a") == 0)
            break;
    ddcheck_evaluation *ev = ddcheck_evaluation_new(cl);
    ddcheck_evaluation_add_buffer(ev, csv, sizeof csv - 1, NULL);
    ddcheck_evaluation_run(ev, on_one, &o, NULL);
    assert_int_equal(o.n, 3);
    assert_int_equal(o.outcomes[0], DDCHECK_NO_EVIDENCE);
    assert_int_equal(o.outcomes[1], DDCHECK_UNMET);
    assert_int_equal(o.outcomes[2], DDCHECK_MET);
    assert_true(o.reasons[1]);
    assert_false(o.reasons[2]);
    assert_non_null(ddcheck_requirement_gap(cl, o.requirement));
    ddcheck_evaluation_free(ev);
    ddcheck_checklist_free(cl);
}

static void unreadable_row_is_an_invalid_project_with_its_problem(void **state)
{
    (void)state;
    static const char csv[] = "project_id,sep_exists\nP1,yes,extra\nP2,yes\n";
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, NULL);
    ddcheck_evaluation *ev = ddcheck_evaluation_new(cl);
    ddcheck_evaluation_add_buffer(ev, csv, sizeof csv - 1, "ragged.csv");
    ddcheck_problems *problems = ddcheck_problems_new();
    seen s;
    seen_open(&s, cl);
    assert_int_equal(ddcheck_evaluation_run(ev, on_project, &s, problems), DDCHECK_STATUS_GAP);
    seen_close(&s);
    assert_int_equal(ddcheck_evaluation_projects(ev), 2);
    assert_int_equal(ddcheck_evaluation_count(ev, DDCHECK_VERDICT_INVALID), 1);
    assert_non_null(strstr(s.text, "0 ragged.csv:2 P1 invalid"));
    bool placed = false;
    for (size_t i = 0; i < ddcheck_problems_count(problems); i++)
        placed |= ddcheck_problem_severity(problems, i) == DDCHECK_ERROR &&
                  strcmp(ddcheck_problem_file(problems, i), "ragged.csv") == 0 &&
                  ddcheck_problem_line(problems, i) == 2;
    assert_true(placed);
    free(s.text);
    ddcheck_problems_free(problems);
    ddcheck_evaluation_free(ev);
    ddcheck_checklist_free(cl);
}

static void unreadable_input_is_an_error_and_the_others_are_read(void **state)
{
    (void)state;
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, NULL);
    ddcheck_evaluation *ev = ddcheck_evaluation_new(cl);
    ddcheck_evaluation_add_path(ev, FIX "no/such/file.csv");
    ddcheck_evaluation_add_path(ev, EXAMPLES "submissions.csv");
    ddcheck_problems *problems = ddcheck_problems_new();
    assert_int_equal(ddcheck_evaluation_run(ev, NULL, NULL, problems), DDCHECK_STATUS_ERROR);
    assert_int_equal(ddcheck_evaluation_projects(ev), 10);
    assert_string_equal(ddcheck_problem_file(problems, 0), FIX "no/such/file.csv");
    ddcheck_problems_free(problems);
    ddcheck_evaluation_free(ev);
    ddcheck_checklist_free(cl);
}

static void no_input_and_a_second_run_are_errors(void **state)
{
    (void)state;
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, NULL);
    ddcheck_evaluation *ev = ddcheck_evaluation_new(cl);
    ddcheck_problems *problems = ddcheck_problems_new();
    assert_int_equal(ddcheck_evaluation_run(ev, NULL, NULL, problems), DDCHECK_STATUS_ERROR);
    assert_non_null(strstr(ddcheck_problem_message(problems, 0), "no input"));
    ddcheck_evaluation_free(ev);
    ev = ddcheck_evaluation_new(cl);
    ddcheck_evaluation_add_path(ev, EXAMPLES "submissions.csv");
    assert_int_equal(ddcheck_evaluation_run(ev, NULL, NULL, NULL), DDCHECK_STATUS_GAP);
    assert_int_equal(ddcheck_evaluation_run(ev, NULL, NULL, problems), DDCHECK_STATUS_ERROR);
    assert_int_equal(ddcheck_problems_errors(problems), 2);
    ddcheck_problems_free(problems);
    ddcheck_evaluation_free(ev);
    ddcheck_checklist_free(cl);
}

static void a_batch_without_a_project_is_an_error_not_a_pass(void **state)
{
    (void)state;
    static const char header_only[] = "project_id,sep_exists\n";
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, NULL);
    ddcheck_evaluation *ev = ddcheck_evaluation_new(cl);
    ddcheck_evaluation_add_buffer(ev, header_only, sizeof header_only - 1, "header.csv");
    ddcheck_evaluation_add_buffer(ev, "", 0, "empty.csv");
    ddcheck_problems *problems = ddcheck_problems_new();
    assert_int_equal(ddcheck_evaluation_run(ev, NULL, NULL, problems), DDCHECK_STATUS_ERROR);
    assert_int_equal(ddcheck_evaluation_projects(ev), 0);
    size_t last = ddcheck_problems_count(problems) - 1;
    assert_int_equal(ddcheck_problem_severity(problems, last), DDCHECK_ERROR);
    assert_non_null(strstr(ddcheck_problem_message(problems, last), "no project"));
    ddcheck_problems_free(problems);
    ddcheck_evaluation_free(ev);
    ddcheck_checklist_free(cl);
}

// The report of one format over examples/submissions.csv, at a fixed time.
static char *render(const char *format, unsigned threads, size_t *size)
{
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, NULL);
    assert_non_null(cl);
    ddcheck_evaluation *ev = ddcheck_evaluation_new(cl);
    ddcheck_evaluation_add_path(ev, EXAMPLES "submissions.csv");
    ddcheck_evaluation_set_time(ev, 1700000000);
    ddcheck_evaluation_set_threads(ev, threads);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_true(ddcheck_evaluation_add_report(ev, format, out));
    assert_int_equal(ddcheck_evaluation_run(ev, NULL, NULL, NULL), DDCHECK_STATUS_GAP);
    fclose(out);
    ddcheck_evaluation_free(ev);
    ddcheck_checklist_free(cl);
    if (size)
        *size = len;
    return text;
}

static void every_format_renders_to_a_file(void **state)
{
    (void)state;
    size_t n = 0;
    for (const char *name; (name = ddcheck_format_name(n)); n++) {
        size_t size;
        char *text = render(name, 1, &size);
        assert_true(size > 100); // (a binary format may hold NUL bytes)
        // Every report accounts for every row: the invalid one (line 11) too.
        if (strcmp(name, "json") == 0) {
            assert_non_null(strstr(text, "\"format\": \"ddcheck-report/1\""));
            assert_non_null(strstr(text, "2023-11-14T22:13:20Z"));
        }
        free(text);
    }
    // At least DESIGN.md's formats (a build may have more).
    static const char *const design[] = {"text",  "markdown", "html",    "json",
                                         "jsonl", "csv",      "summary", "junit",
                                         "sarif", "github",   "tap",     "actions"};
    for (size_t d = 0; d < sizeof design / sizeof design[0]; d++) {
        bool listed = false;
        for (size_t i = 0; i < n; i++)
            listed |= strcmp(ddcheck_format_name(i), design[d]) == 0;
        assert_true(listed);
    }
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, NULL);
    ddcheck_evaluation *ev = ddcheck_evaluation_new(cl);
    assert_false(ddcheck_evaluation_add_report(ev, "pdf", stdout));
    ddcheck_evaluation_free(ev);
    ddcheck_checklist_free(cl);
}

static void a_report_that_cannot_be_written_is_an_error(void **state)
{
    (void)state;
    FILE *out = fopen("/dev/null", "r"); // every write to it fails
    assert_non_null(out);
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, NULL);
    ddcheck_evaluation *ev = ddcheck_evaluation_new(cl);
    ddcheck_evaluation_add_path(ev, EXAMPLES "submissions.csv");
    ddcheck_evaluation_add_report(ev, "json", out);
    ddcheck_problems *problems = ddcheck_problems_new();
    assert_int_equal(ddcheck_evaluation_run(ev, NULL, NULL, problems), DDCHECK_STATUS_ERROR);
    bool said = false;
    for (size_t i = 0; i < ddcheck_problems_count(problems); i++)
        said |=
            strstr(ddcheck_problem_message(problems, i), "cannot write the json report") != NULL;
    assert_true(said);
    fclose(out);
    ddcheck_problems_free(problems);
    ddcheck_evaluation_free(ev);
    ddcheck_checklist_free(cl);
}

static void waiver_file_with_errors_stops_the_run(void **state)
{
    (void)state;
    ddcheck_checklist *cl = ddcheck_checklist_open_builtin(NULL, NULL);
    ddcheck_evaluation *ev = ddcheck_evaluation_new(cl);
    ddcheck_evaluation_add_path(ev, EXAMPLES "submissions.csv");
    ddcheck_evaluation_set_waivers(ev, FIX "waivers/errors.csv");
    ddcheck_problems *problems = ddcheck_problems_new();
    seen s;
    seen_open(&s, cl);
    assert_int_equal(ddcheck_evaluation_run(ev, on_project, &s, problems), DDCHECK_STATUS_ERROR);
    seen_close(&s);
    assert_int_equal(s.len, 0); // no project was scored
    assert_true(ddcheck_problems_errors(problems) > 0);
    assert_string_equal(ddcheck_problem_file(problems, 0), FIX "waivers/errors.csv");
    free(s.text);
    ddcheck_problems_free(problems);
    ddcheck_evaluation_free(ev);
    ddcheck_checklist_free(cl);
}

static void problems_print_as_the_program_does(void **state)
{
    (void)state;
    ddcheck_problems *problems = ddcheck_problems_new();
    ddcheck_checklist_open_builtin("bad\x1b[31mid", problems);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_true(ddcheck_problems_print(problems, out));
    fclose(out);
    assert_string_equal(text,
                        "ddcheck: bad\\x1b[31mid: error: no built-in checklist has this id\n");
    free(text);
    ddcheck_problems_clear(problems);
    assert_int_equal(ddcheck_problems_count(problems), 0);
    ddcheck_problems_free(problems);
}

static const char *const thread_formats[] = {"json", "html", "sarif", "text"};

static void *render_in_thread(void *arg)
{
    return render(thread_formats[(uintptr_t)arg], 2, NULL);
}

static void separate_handles_run_at_once_in_threads(void **state)
{
    (void)state;
    enum { N = sizeof thread_formats / sizeof thread_formats[0] };
    pthread_t threads[N];
    for (size_t i = 0; i < N; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, render_in_thread, (void *)(uintptr_t)i),
                         0);
    for (size_t i = 0; i < N; i++) {
        void *text;
        assert_int_equal(pthread_join(threads[i], &text), 0);
        char *alone = render(thread_formats[i], 1, NULL);
        assert_string_equal(text, alone);
        free(alone);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_query_matches_the_version_string),
        cmocka_unit_test(builtin_checklist_opens_and_describes_itself),
        cmocka_unit_test(an_index_past_the_end_answers_none),
        cmocka_unit_test(unknown_builtin_id_is_one_error_in_the_list),
        cmocka_unit_test(broken_checklist_gives_every_problem_with_its_place),
        cmocka_unit_test(unreadable_checklist_path_is_an_error_with_the_path),
        cmocka_unit_test(checklist_file_opens_by_path),
        cmocka_unit_test(paths_files_and_buffers_give_the_same_projects),
        cmocka_unit_test(outcomes_follow_the_cells),
        cmocka_unit_test(unreadable_row_is_an_invalid_project_with_its_problem),
        cmocka_unit_test(unreadable_input_is_an_error_and_the_others_are_read),
        cmocka_unit_test(no_input_and_a_second_run_are_errors),
        cmocka_unit_test(a_batch_without_a_project_is_an_error_not_a_pass),
        cmocka_unit_test(every_format_renders_to_a_file),
        cmocka_unit_test(a_report_that_cannot_be_written_is_an_error),
        cmocka_unit_test(waiver_file_with_errors_stops_the_run),
        cmocka_unit_test(problems_print_as_the_program_does),
        cmocka_unit_test(separate_handles_run_at_once_in_threads),
    };
    DDCHECK_RUN_TESTS(tests);
}
