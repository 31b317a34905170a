/* Batches read by a reader thread give the same projects and diagnostics, in the same order. */
#include "unit/test_main.h"

#include "util/xalloc.h"
#include "test_transcript.h"
#include "evaluator/batch.h"

#include <stdio.h>
#include <string.h>

// Everything a batch run shows, as text: each project and then each diagnostic, in order.
static void on_project(void *ctx, const project_result *p)
{
    char line[512];
    snprintf(line, sizeof line, "%zu %s:%ld %.*s verdict=%d score=%.1f error=%s\n", p->index,
             p->file, p->line, (int)p->key_len, p->key, (int)p->verdict, p->score,
             p->error ? p->error : "-");
    transcript_adds(ctx, line);
}

static char *run_typed(const char *const *paths, size_t count, unsigned threads,
                       size_t batch_records, size_t max_diagnostics, int typing)
{
    diag_list diags = {0};
    checklist *cl = checklist_load((checklist_source){.name = "group3-investor"}, &diags, NULL);
    assert_non_null(cl);
    transcript t = {0};
    transcript_adds(&t, "");
    batch_options opts = {
        .threads = threads,
        .batch_records = batch_records,
        .max_diagnostics = max_diagnostics,
        .typing = typing,
    };
    batch_status st;
    batch_run(cl, paths, count, &opts, on_project, &t, &st, &diags);
    char line[1024];
    for (size_t i = 0; i < diags.count; i++) {
        transcript_adds(&t, diag_format(&diags.items[i], line, sizeof line));
        transcript_adds(&t, "\n");
    }
    snprintf(line, sizeof line,
             "projects=%zu pass=%zu gap=%zu invalid=%zu failed=%zu dropped=%zu\n",
             st.summary.projects, st.summary.pass, st.summary.gap, st.summary.invalid,
             st.failed_files, st.dropped_diagnostics);
    transcript_adds(&t, line);
    diag_list_clear(&diags);
    checklist_free(cl);
    return t.text;
}

static char *run(const char *const *paths, size_t count, unsigned threads, size_t batch_records,
                 size_t max_diagnostics)
{
    return run_typed(paths, count, threads, batch_records, max_diagnostics, BATCH_TYPING_SHARED);
}

#define FIX DDCHECK_SOURCE_DIR "/tests/fixtures/broken/"

static void reader_thread_gives_the_same_projects_and_diagnostics_in_order(void **state)
{
    (void)state;
    static const char *const paths[] = {
        DDCHECK_SOURCE_DIR "/examples/submissions.csv",
        FIX "ragged.csv",
        FIX "no_such_file.csv",
        FIX "empty.csv",
        FIX "header_only.csv",
        FIX "stray_quote.csv",
        FIX "invalid_utf8.csv",
        FIX "nul_bytes.csv",
        FIX "utf16_bom.csv",
        FIX "unterminated_quote.csv",
        FIX "duplicate_header.csv",
        DDCHECK_SOURCE_DIR "/examples/submissions.csv",
    };
    size_t n = sizeof paths / sizeof paths[0];
    char *single = run(paths, n, 1, 0, 0);
    assert_non_null(strstr(single, "cannot read"));
    static const size_t sizes[] = {0, 1, 2, 3, 7};
    static const int typings[] = {BATCH_TYPING_SHARED, BATCH_TYPING_READER, BATCH_TYPING_CALLER};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (size_t k = 0; k < sizeof typings / sizeof typings[0]; k++) {
            char *threaded = run_typed(paths, n, 2, sizes[i], 0, typings[k]);
            assert_string_equal(threaded, single);
            free(threaded);
        }
    }
    free(single);
}

static void reader_thread_keeps_the_diagnostic_limit(void **state)
{
    (void)state;
    static const char *const paths[] = {FIX "ragged.csv", FIX "invalid_utf8.csv",
                                        FIX "unterminated_quote.csv",
                                        DDCHECK_SOURCE_DIR "/examples/submissions.csv"};
    size_t n = sizeof paths / sizeof paths[0];
    char *single = run(paths, n, 1, 0, 3);
    for (size_t records = 1; records <= 4; records++) {
        char *threaded = run(paths, n, 2, records, 3);
        assert_string_equal(threaded, single);
        free(threaded);
    }
    free(single);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reader_thread_gives_the_same_projects_and_diagnostics_in_order),
        cmocka_unit_test(reader_thread_keeps_the_diagnostic_limit),
    };
    DDCHECK_RUN_TESTS(tests);
}
