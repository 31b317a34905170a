// Unit tests of the streaming reports' writing: summary rows and jsonl lines reach the file a
// buffer-full at a time.
#define _GNU_SOURCE // fopencookie: a FILE that counts the writes stdio makes
#include "unit/test_main.h"

#include "checklist/checklist.h"
#include "evaluator/evaluate.h"
#include "reports/json_writer.h"
#include "reports/report.h"

#include <stdio.h>
#include <string.h>

static const char CHECKLIST[] =
    "{\"format\": \"ddcheck-checklist/1\", \"id\": \"t\", \"title\": \"T\", \"key\": \"id\","
    " \"fields\": {\"id\": {\"type\": \"text\"}, \"n\": {\"type\": \"number\"}},"
    " \"criteria\": [{\"id\": \"C\", \"title\": \"c\", \"requirements\": ["
    "  {\"id\": \"R\", \"text\": \"n is positive\", \"rule\": {\">\": [{\"var\": \"n\"}, 0]}}]}]}";

enum { ROWS = 2000 };

typedef struct sink {
    size_t writes;
    size_t bytes;
} sink;

static ssize_t count_write(void *cookie, const char *buf, size_t size)
{
    (void)buf;
    sink *s = cookie;
    s->writes++;
    s->bytes += size;
    return (ssize_t)size;
}

// Runs fmt over 2,000 projects on a FILE that counts the writes stdio makes; *writes gets those
// after the header, *bytes all bytes.
static void render_counting_writes(const report_format *fmt, size_t *writes, size_t *bytes)
{
    diag_list diags = {0};
    checklist *cl = checklist_parse(CHECKLIST, strlen(CHECKLIST), "t.json", &diags);
    assert_non_null(cl);
    diag_list_clear(&diags);
    evaluator *ev = evaluator_new(cl);
    sink s = {0};
    FILE *out = fopencookie(&s, "w", (cookie_io_functions_t){.write = count_write});
    assert_non_null(out);
    setvbuf(out, NULL, _IONBF, 0); // every fwrite the renderer makes is one write here
    report_context ctx = {.checklist = cl};
    void *r = fmt->begin(out, &ctx);
    size_t header_writes = s.writes;
    for (size_t i = 0; i < ROWS; i++) {
        const char *cells[2] = {"P-000001", i % 2 ? "3" : "-1"};
        fmt->project(r, evaluator_cells(ev, cells, "t.csv", (long)i + 2, i));
    }
    batch_summary summary = {0};
    fmt->end(r, &summary);
    fclose(out);
    *writes = s.writes - header_writes;
    *bytes = s.bytes;
    evaluator_free(ev);
    checklist_free(cl);
}

static void summary_rows_are_written_a_buffer_at_a_time_not_one_by_one(void **state)
{
    (void)state;
    size_t writes, bytes;
    render_counting_writes(&REPORT_FORMAT_SUMMARY, &writes, &bytes);
    // 2,000 rows of about 25 bytes: a few 64 KiB buffers, not a write per row.
    assert_true(bytes > ROWS * 20);
    assert_true(writes <= 2);
}

static void jsonl_lines_are_written_a_buffer_at_a_time_not_one_by_one(void **state)
{
    (void)state;
    size_t writes, bytes;
    render_counting_writes(&REPORT_FORMAT_JSONL, &writes, &bytes);
    // 2,000 lines of some 300 bytes: a write per 8 KiB buffer-full (a line may make one more
    // when it does not fit what is left), not one or two per line.
    assert_true(bytes > ROWS * 200);
    assert_true(writes <= 2 * (bytes / JSON_WRITER_BUFFER_SIZE + 1));
    assert_true(writes < ROWS / 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(summary_rows_are_written_a_buffer_at_a_time_not_one_by_one),
        cmocka_unit_test(jsonl_lines_are_written_a_buffer_at_a_time_not_one_by_one),
    };
    DDCHECK_RUN_TESTS(tests);
}
