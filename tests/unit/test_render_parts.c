/* The program's rendering of parts (cli/render_parts.c) on its own: a worker's reports are begun
 * once for all its parts, and a part's rendering holds its bytes in blocks that go back to a
 * shared pool once written. */
#define _GNU_SOURCE // open_memstream
#include "unit/test_main.h"

#include "cli/render_parts.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// A report that renders projects apart: "begin\n", then each project's line as a line of its
// own `width` bytes; counts the instances begun.
static size_t begun, ended;
static size_t width = 10;

static void *lines_begin(FILE *out, const report_context *ctx)
{
    (void)ctx;
    begun++;
    fputs("begin\n", out);
    return out;
}

static void lines_project(void *state, const project_result *p)
{
    char line[200];
    memset(line, 'a' + (int)(p->line % 26), width - 1);
    line[width - 1] = '\n';
    fwrite(line, 1, width, state);
}

static void lines_end(void *state, const batch_summary *summary)
{
    (void)state;
    (void)summary;
    ended++;
}

static const report_format LINES = {
    .name = "lines",
    .streaming = true,
    .projects_apart = true,
    .begin = lines_begin,
    .project = lines_project,
    .end = lines_end,
};

// The bytes `count` projects from line `first` on give, as one instance writes them.
static void expect_lines(FILE *f, long first, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        project_result p = {.line = first + (long)i};
        lines_project(f, &p);
    }
}

typedef struct run {
    render_parts rp;
    const batch_renderer *r;
    report_context ctx;
    progress rows;
    char *text, *want;
    size_t len, want_len;
    FILE *out, *expected;
} run;

static void run_start(run *t)
{
    memset(t, 0, sizeof *t);
    t->out = open_memstream(&t->text, &t->len);
    t->expected = open_memstream(&t->want, &t->want_len);
    assert_non_null(t->out);
    assert_non_null(t->expected);
    const report_format *formats[] = {&LINES};
    t->r = render_parts_init(&t->rp, &t->ctx, formats, &t->out, 1, &t->rows);
    assert_non_null(t->r);
    begun = ended = 0;
}

// Renders projects [first, first + count) in worker w and takes them.
static void *render(run *t, void *w, long first, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        project_result p = {.line = first + (long)i};
        t->r->project(w, &p);
    }
    expect_lines(t->expected, first, count);
    return t->r->take(w);
}

static void run_finish(run *t)
{
    render_parts_done(&t->rp);
    fclose(t->out);
    fclose(t->expected);
    assert_int_equal(t->len, t->want_len);
    assert_memory_equal(t->text, t->want, t->len);
    free(t->text);
    free(t->want);
}

static void a_worker_begins_each_report_once_for_all_its_parts(void **state)
{
    (void)state;
    run t;
    run_start(&t);
    width = 10;
    void *a = t.r->worker_new(t.r->ctx), *b = t.r->worker_new(t.r->ctx);
    long line = 2;
    for (size_t part = 0; part < 50; part++) {
        size_t n = part % 7;
        void *x = render(&t, part % 3 ? a : b, line, n);
        assert_int_equal(t.r->write(t.r->ctx, x, n), n * width);
        line += (long)n;
    }
    t.r->worker_free(a);
    t.r->worker_free(b);
    assert_int_equal(begun, 2); // one instance a worker, not one a part
    assert_int_equal(ended, 2);
    run_finish(&t);
}

static void renderings_hold_their_bytes_in_blocks_given_back_once_written(void **state)
{
    (void)state;
    run t;
    run_start(&t);
    width = 100;
    void *w = t.r->worker_new(t.r->ctx);
    // Four parts of 40,000 bytes rendered before the first is written (parts in flight), as the
    // bytes of a long part would be: each holds three blocks of 16 KiB, not a buffer doubled to
    // 64 KiB, and blocks written go back to the pool for the next parts.
    for (size_t round = 0; round < 3; round++) {
        void *held[4];
        for (size_t i = 0; i < 4; i++)
            held[i] = render(&t, w, 2 + (long)(round * 4 + i) * 400, 400);
        for (size_t i = 0; i < 4; i++)
            assert_int_equal(t.r->write(t.r->ctx, held[i], 400), 40000);
        assert_int_equal(t.rp.pooled, 4 * 3);
    }
    // A part far larger than most: its blocks beyond the pool's limit are freed once written.
    void *big = render(&t, w, 5000, 4000);
    assert_int_equal(t.r->write(t.r->ctx, big, 4000), 400000);
    assert_true(t.rp.pooled < (400000 + 16 * 1024 - 1) / (16 * 1024));
    t.r->worker_free(w);
    run_finish(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_worker_begins_each_report_once_for_all_its_parts),
        cmocka_unit_test(renderings_hold_their_bytes_in_blocks_given_back_once_written),
    };
    DDCHECK_RUN_TESTS(tests);
}
