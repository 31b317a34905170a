/* Two threads reading the input in parts (batch_options.renderer): each part read, evaluated and
 * rendered by a worker thread, taken in order, give the projects, diagnostics and counts of one
 * thread, for parts cut at every record boundary and of every size. */
#define _POSIX_C_SOURCE 200809L
#include "unit/test_main.h"

#include "util/file.h"
#include "util/xalloc.h"
#include "test_transcript.h"
#include "evaluator/batch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

// A project as one line: everything a report could show of where and what it is.
static void describe(transcript *t, const project_result *p)
{
    char line[1024];
    int n = snprintf(line, sizeof line, "%zu %s:%ld %.*s verdict=%d score=%.1f new=%d error=%s |",
                     p->index, p->file, p->line, (int)p->key_len, p->key, (int)p->verdict, p->score,
                     (int)p->new_gap, p->error ? p->error : "-");
    transcript_add(t, line, (size_t)n);
    for (size_t i = 0; p->requirements && i < p->checklist->requirement_count; i++) {
        n = snprintf(line, sizeof line, " %d", (int)p->requirements[i].outcome);
        transcript_add(t, line, (size_t)n);
    }
    transcript_add(t, "\n", 1);
}

static void on_project(void *ctx, const project_result *p)
{
    describe(ctx, p);
}

// The renderer of the parts: each worker describes its projects into a text of its own. Parts
// are written by whichever thread read them, one at a time: `writing` catches two at once (and
// ThreadSanitizer an unordered pair), `elsewhere` counts the parts written by the worker thread.
typedef struct renderings {
    transcript out;
    size_t workers;
    size_t projects;
    pthread_t caller;
    atomic_int writing;
    size_t overlaps, elsewhere, parts;
    size_t most; // the most projects a part held
} renderings;

static void *worker_new(void *ctx)
{
    ((renderings *)ctx)->workers++;
    return xcalloc(1, sizeof(transcript));
}

static void worker_project(void *worker, const project_result *p)
{
    describe(worker, p);
}

static void *worker_take(void *worker)
{
    transcript *t = worker, *taken = xmalloc(sizeof *taken);
    *taken = *t;
    *t = (transcript){0};
    return taken;
}

static size_t write_part(void *ctx, void *part, size_t projects)
{
    renderings *r = ctx;
    transcript *t = part;
    if (atomic_exchange(&r->writing, 1))
        r->overlaps++;
    size_t n = t->len;
    if (n)
        transcript_add(&r->out, t->text, n);
    r->projects += projects;
    r->parts++;
    if (projects > r->most)
        r->most = projects;
    r->elsewhere += !pthread_equal(pthread_self(), r->caller);
    atomic_store(&r->writing, 0);
    free(t->text);
    free(t);
    return n;
}

static void worker_free(void *worker)
{
    free(((transcript *)worker)->text);
    free(worker);
}

typedef struct run_opts {
    unsigned threads;
    size_t records, bytes, max_diagnostics;
    bool libcsv_only;
} run_opts;

// Parts written by the worker thread, over every run in parts; the most projects in a part of the
// last run.
static size_t written_elsewhere, most_in_a_part;
// The most bytes the parts' buffers held at once in the last run (batch_options.parts_held).
static size_t parts_held;

// Everything a run shows, as text; *parts: whether it was read in parts.
static char *run(const char *const *paths, size_t count, run_opts o, bool *parts)
{
    diag_list diags = {0};
    checklist *cl = checklist_load((checklist_source){.name = "group3-investor"}, &diags, NULL);
    assert_non_null(cl);
    renderings r = {.caller = pthread_self()};
    transcript_add(&r.out, "", 0);
    batch_renderer renderer = {
        .ctx = &r,
        .worker_new = worker_new,
        .project = worker_project,
        .take = worker_take,
        .write = write_part,
        .worker_free = worker_free,
    };
    char digests[8][65] = {{0}};
    batch_options opts = {
        .threads = o.threads,
        .batch_records = o.records,
        .batch_bytes = o.bytes,
        .max_diagnostics = o.max_diagnostics,
        .renderer = o.threads == 2 ? &renderer : NULL,
        .digests = digests,
        .csv.libcsv_only = o.libcsv_only,
        .parts_held = &parts_held,
    };
    assert_true(count <= 8);
    batch_status st;
    batch_run(cl, paths, count, &opts, on_project, &r.out, &st, &diags);
    char line[2048];
    for (size_t i = 0; i < diags.count; i++) {
        diag_format(&diags.items[i], line, sizeof line);
        transcript_add(&r.out, line, strlen(line));
        transcript_add(&r.out, "\n", 1);
    }
    int n = snprintf(line, sizeof line,
                     "projects=%zu pass=%zu gap=%zu invalid=%zu failed=%zu dropped=%zu\n",
                     st.summary.projects, st.summary.pass, st.summary.gap, st.summary.invalid,
                     st.failed_files, st.dropped_diagnostics);
    transcript_add(&r.out, line, (size_t)n);
    for (size_t i = 0; i < count; i++) {
        transcript_add(&r.out, digests[i], strlen(digests[i]));
        transcript_add(&r.out, "\n", 1);
    }
    if (o.threads == 2 && r.workers)
        assert_int_equal(r.projects, st.summary.projects);
    assert_int_equal(r.overlaps, 0);
    written_elsewhere += r.elsewhere;
    most_in_a_part = r.most;
    *parts = r.workers > 0;
    diag_list_clear(&diags);
    checklist_free(cl);
    return r.out.text;
}

// One thread against two reading in parts of every size; true when parts were used.
static bool same_in_parts(const char *const *paths, size_t count, size_t max_diagnostics)
{
    bool parts = false, used = false;
    char *single = run(paths, count, (run_opts){1, 0, 0, max_diagnostics, false}, &parts);
    static const run_opts sizes[] = {
        {2, 1, 0, 0, false}, {2, 2, 0, 0, false},   {2, 3, 0, 0, false}, {2, 0, 1, 0, false},
        {2, 0, 0, 0, false}, {2, 7, 100, 0, false}, {2, 1, 1, 0, true},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        run_opts o = sizes[i];
        o.max_diagnostics = max_diagnostics;
        char *threaded = run(paths, count, o, &parts);
        used |= parts;
        if (strcmp(threaded, single) != 0) {
            fprintf(stderr, "%s (records %zu, bytes %zu):\n", paths[0], o.records, o.bytes);
            assert_string_equal(threaded, single);
        }
        free(threaded);
    }
    free(single);
    return used;
}

static char *temp_file(const char *name, const transcript *content)
{
    char *path = xmalloc(256);
    snprintf(path, 256, "/tmp/ddcheck_parts_%ld_%s", (long)getpid(), name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(content->text, 1, content->len, f);
    fclose(f);
    return path;
}

static transcript read_all(const char *path)
{
    size_t len;
    char *bytes = file_read(path, &len); // NUL-terminated
    assert_non_null(bytes);
    return (transcript){.text = bytes, .len = len, .cap = len + 1};
}

static void every_fixture_reads_alike_in_parts(void **state)
{
    (void)state;
    FILE *list = popen("find " DDCHECK_SOURCE_DIR "/tests/fixtures " DDCHECK_SOURCE_DIR
                       "/examples -name '*.csv' | sort",
                       "r");
    assert_non_null(list);
    char path[4096];
    size_t files = 0, in_parts = 0;
    while (fgets(path, sizeof path, list)) {
        path[strcspn(path, "\n")] = '\0';
        const char *paths[] = {path};
        in_parts += same_in_parts(paths, 1, 0);
        files++;
    }
    pclose(list);
    assert_true(files > 40);
    assert_true(in_parts > 30); // the others are read by the reader thread: another encoding
}

// A BOM and then a blank line before the header: the splitter does not know the BOM, which
// csv_read skips, so two threads took the BOM for the header's record and read the header as a
// row (found by fuzz_split).
static void a_bom_before_a_blank_line_is_no_record(void **state)
{
    (void)state;
    static const char *const files[] = {
        "\xEF\xBB\xBF\rproject_id,country\nP1,Chile\nP2,Peru\n",
        "\xEF\xBB\xBF\r\nproject_id,country\r\nP1,Chile\r\n",
        "\xEF\xBB\xBF\n\n\nproject_id\nP1\n",
        "\xEF\xBB\xBFproject_id\nP1\n",
        "\xEF\xBB\xBF",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        transcript t = {0};
        transcript_adds(&t, files[i]);
        char *path = temp_file("bom.csv", &t);
        const char *paths[] = {path};
        same_in_parts(paths, 1, 0);
        unlink(path);
        free(path);
        free(t.text);
    }
}

// Bench-like input: the example rows many times over, with notes quoted over several lines, CRLF
// line ends, blank lines, invalid cells; then the same ending inside a quote that never closes,
// and with a cell longer than a part may grow (read on in the calling thread).
static void many_rows_read_alike_in_parts(void **state)
{
    (void)state;
    transcript rows = read_all(DDCHECK_SOURCE_DIR "/examples/submissions.csv");
    const char *body = strchr(rows.text, '\n') + 1;
    transcript big = {0}, crlf = {0};
    transcript_add(&big, rows.text, (size_t)(body - rows.text));
    transcript_add(&crlf, "", 0);
    for (int i = 0; i < 120; i++) {
        transcript_add(&big, body, strlen(body));
        if (i % 7 == 0)
            transcript_add(&big, "\n  \n", 4);
    }
    for (size_t i = 0; i < big.len; i++) {
        if (big.text[i] == '\n')
            transcript_add(&crlf, "\r", 1);
        transcript_add(&crlf, big.text + i, 1);
    }
    transcript unterminated = {0};
    transcript_add(&unterminated, big.text, big.len);
    transcript_add(&unterminated, "P-X,\"never closed\n", 18);
    transcript_add(&unterminated, body, strlen(body));
    transcript huge = {0};
    transcript_add(&huge, big.text, big.len / 2);
    while (huge.text[huge.len - 1] != '\n')
        huge.len--;
    transcript_add(&huge, "P-Y,\"", 5);
    for (int i = 0; i < 300000; i++)
        transcript_add(&huge, i % 100 == 99 ? "\n" : "x", 1);
    transcript_add(&huge, "\"\n", 2);
    transcript_add(&huge, body, strlen(body));
    transcript first = {0}; // the row after the header too long for a part
    transcript_add(&first, rows.text, (size_t)(body - rows.text));
    transcript_add(&first, "P-Z,", 4);
    for (int i = 0; i < 300000; i++)
        transcript_add(&first, "y", 1);
    transcript_add(&first, "\n", 1);
    transcript_add(&first, body, strlen(body));
    char *paths[] = {temp_file("big.csv", &big), temp_file("crlf.csv", &crlf),
                     temp_file("unterminated.csv", &unterminated), temp_file("huge.csv", &huge),
                     temp_file("first.csv", &first)};
    for (size_t i = 0; i < 5; i++) {
        const char *one[] = {paths[i]};
        assert_true(same_in_parts(one, 1, 0));
        assert_true(same_in_parts(one, 1, 7));
    }
    const char *all[] = {paths[0], DDCHECK_SOURCE_DIR "/tests/fixtures/broken/ragged.csv",
                         paths[1], "/nonexistent/ddcheck.csv",
                         paths[2], paths[3]};
    assert_true(same_in_parts(all, 6, 0));
    assert_true(same_in_parts(all, 6, 40));
    // A file read on in the calling thread, then files cut into parts again.
    const char *after_rest[] = {paths[3], paths[0], paths[4], paths[1]};
    assert_true(same_in_parts(after_rest, 4, 0));
    // Thousands of parts of a record or a byte: the worker thread writes the parts it reads when
    // their turn comes (at least once, in all likelihood thousands of times), so that writing is
    // shared by the two threads; the calling thread wrote every part before.
    assert_true(written_elsewhere > 0);
    for (size_t i = 0; i < 5; i++) {
        remove(paths[i]);
        free(paths[i]);
    }
    free(rows.text);
    free(big.text);
    free(crlf.text);
    free(unterminated.text);
    free(huge.text);
    free(first.text);
}

// A header and 400 rows of 1,000 bytes into rows.
static void padded_rows(transcript *rows)
{
    transcript_add(rows, "project_id,padding\n", 19);
    char line[1000];
    for (int i = 0; i < 400; i++) {
        int n = snprintf(line, sizeof line, "P-%04d,", i);
        memset(line + n, 'x', sizeof line - 1 - (size_t)n);
        line[sizeof line - 1] = '\n';
        transcript_add(rows, line, sizeof line);
    }
}

// Parts hold at most 48 KiB and a record by default (so that a part and the buffer csv_read_part
// fills with its cells stay within 64 KiB each): 50 rows of 1,000 bytes, not the 66 of 64 KiB.
static void parts_hold_48_kib(void **state)
{
    (void)state;
    transcript rows = {0};
    padded_rows(&rows);
    char *path = temp_file("padded.csv", &rows);
    const char *one[] = {path};
    bool parts = false;
    free(run(one, 1, (run_opts){2, 0, 0, 0, false}, &parts));
    assert_true(parts);
    assert_in_range(most_in_a_part, 40, 50);
    remove(path);
    free(path);
    free(rows.text);
}

// Small parts (as when renderings are large) hold about their own bytes while they wait: only
// the part being filled holds the 64 KiB first block and a read more. 400 rows of 1,000 bytes in
// parts of 2 KiB: four parts of at most three rows, not four buffers of 80 KiB.
static void small_parts_hold_about_their_own_bytes(void **state)
{
    (void)state;
    transcript rows = {0};
    padded_rows(&rows);
    char *path = temp_file("small-parts.csv", &rows);
    const char *one[] = {path};
    bool parts = false;
    char *small = run(one, 1, (run_opts){2, 0, 2048, 0, false}, &parts);
    assert_true(parts);
    assert_in_range(most_in_a_part, 1, 3);
    // 64 KiB + 16 KiB for the part being filled, at most 32 KiB (two reads) for each other part
    // (they held 320 KiB in all before).
    assert_in_range(parts_held, 64 * 1024, (64 + 16 + 3 * 32) * 1024);
    char *one_thread = run(one, 1, (run_opts){1, 0, 0, 0, false}, &parts);
    assert_string_equal(small, one_thread);
    free(small);
    free(one_thread);
    remove(path);
    free(path);
    free(rows.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_fixture_reads_alike_in_parts),
        cmocka_unit_test(many_rows_read_alike_in_parts),
        cmocka_unit_test(parts_hold_48_kib),
        cmocka_unit_test(small_parts_hold_about_their_own_bytes),
        cmocka_unit_test(a_bom_before_a_blank_line_is_no_record),
    };
    DDCHECK_RUN_TESTS(tests);
}
