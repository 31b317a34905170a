// Unit tests of the streaming reports' writing: summary rows and jsonl lines reach the file a
// buffer-full at a time, and a report that renders projects apart gives each batch's bytes when
// flushed.
#define _GNU_SOURCE // fopencookie: a FILE that counts the writes stdio makes
#include "unit/test_main.h"
#include "unit/test_random.h"

#include "checklist/checklist.h"
#include "evaluator/evaluate.h"
#include "reports/json_writer.h"
#include "reports/escape.h"
#include "reports/report.h"

#include <stdio.h>
#include <stdlib.h>
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

// The not_met cell of the summary line of a row whose n is n_text, over a checklist of three
// requirements with the given ids (n > 0, n > 1, n > 2), into buf.
static void not_met_cell(const char *const ids[3], const char *n_text, char *buf, size_t size)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"format\": \"ddcheck-checklist/1\", \"id\": \"t\", \"title\": \"T\", \"key\": "
             "\"id\", \"fields\": {\"id\": {\"type\": \"text\"}, \"n\": {\"type\": \"number\"}},"
             " \"criteria\": [{\"id\": \"C\", \"title\": \"c\", \"requirements\": ["
             "  {\"id\": \"%s\", \"text\": \"a\", \"rule\": {\">\": [{\"var\": \"n\"}, 0]}},"
             "  {\"id\": \"%s\", \"text\": \"b\", \"rule\": {\">\": [{\"var\": \"n\"}, 1]}},"
             "  {\"id\": \"%s\", \"text\": \"c\", \"rule\": {\">\": [{\"var\": \"n\"}, 2]}}]}]}",
             ids[0], ids[1], ids[2]);
    diag_list diags = {0};
    checklist *cl = checklist_parse(json, strlen(json), "t.json", &diags);
    assert_non_null(cl);
    diag_list_clear(&diags);
    evaluator *ev = evaluator_new(cl);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    report_context ctx = {.checklist = cl};
    void *r = REPORT_FORMAT_SUMMARY.begin(out, &ctx);
    const char *cells[2] = {"P", n_text};
    REPORT_FORMAT_SUMMARY.project(r, evaluator_cells(ev, cells, "t.csv", 2, 0));
    batch_summary summary = {0};
    REPORT_FORMAT_SUMMARY.end(r, &summary);
    fclose(out);
    // The header, then "P,t.csv,2,SCORE,VERDICT,": the cell follows the line's fifth comma.
    const char *cell = strchr(text, '\n') + 1;
    for (int commas = 0; commas < 5; cell++)
        commas += *cell == ',';
    snprintf(buf, size, "%s", cell);
    free(text);
    evaluator_free(ev);
    checklist_free(cl);
}

// The ids not met are one cell escaped as any other (escape_csv): quoted for their ';'s, and for
// what an id holds itself, whether every id is written as it is or not.
static void ids_not_met_are_one_cell_escaped_as_any_other(void **state)
{
    (void)state;
    static const char *const sets[][3] = {
        {"R1", "R2", "R3"},  {"-R1", "R2", "R3"},
        {"R1", "a,b", "R3"}, {"R1", "R2", "say \\\"x\\\""},
        {"@R", "=R", "+R"},  {"r\\u00e9", "R2", "R3"},
    };
    static const char *const ns[] = {"-1", "0.5", "1.5", "3"};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        // The ids as they are once the JSON is read.
        char unescaped[3][32];
        for (int k = 0; k < 3; k++) {
            const char *from = sets[i][k];
            size_t n = 0;
            for (; *from; from++) {
                if (from[0] == '\\' && from[1] == '"')
                    continue;
                if (from[0] == '\\' && from[1] == 'u') { // (only \u00e9 is used)
                    unescaped[k][n++] = '\xC3';
                    unescaped[k][n++] = '\xA9';
                    from += 5;
                    continue;
                }
                unescaped[k][n++] = *from;
            }
            unescaped[k][n] = '\0';
        }
        for (size_t j = 0; j < sizeof ns / sizeof ns[0]; j++) {
            char got[256], joined[128] = "", want[256];
            not_met_cell(sets[i], ns[j], got, sizeof got);
            // n = -1 fails all three; 0.5 the last two; 1.5 the last; 3 none.
            for (size_t k = j < 3 ? j : 3; k < 3; k++) {
                if (*joined)
                    strcat(joined, ";");
                strcat(joined, unescaped[k]);
            }
            FILE *f = fmemopen(want, sizeof want, "w");
            escape_csv(f, joined, strlen(joined));
            fputc('\n', f);
            fputc('\0', f);
            fclose(f);
            assert_string_equal(got, want);
        }
    }
}

// The summary line of p as its format says, written plainly: key and file as CSV cells, the
// line, the score with one decimal (empty when not scored), the verdict, and the ids of the
// failing requirements joined with ';' as one cell.
static void append_expected_line(FILE *f, const project_result *p)
{
    escape_csv(f, p->key, p->key_len);
    fputc(',', f);
    escape_csv(f, p->file, strlen(p->file));
    fprintf(f, ",%ld,", p->line > 0 ? p->line : 0);
    if (p->scored)
        fprintf(f, "%.1f", p->score);
    fprintf(f, ",%s,", verdict_name(p->verdict));
    if (p->requirements) {
        char joined[8192] = "";
        for (size_t i = 0; i < p->checklist->requirement_count; i++) {
            if (!outcome_is_failure(p->requirements[i].outcome))
                continue;
            if (*joined)
                strcat(joined, ";");
            strcat(joined, p->checklist->requirements[i].id);
        }
        escape_csv(f, joined, strlen(joined));
    }
    fputc('\n', f);
}

// A checklist of `count` requirements (n > i % 7) whose ids are i between a prefix and a suffix.
static checklist *numbered_checklist(size_t count, const char *const id_parts[2])
{
    size_t cap = 512 + count * 160, len = 0;
    char *t = malloc(cap);
    len += (size_t)snprintf(t + len, cap - len,
                            "{\"format\": \"ddcheck-checklist/1\", \"id\": \"t\", \"title\": \"T\","
                            " \"key\": \"id\", \"fields\": {\"id\": {\"type\": \"text\"},"
                            " \"n\": {\"type\": \"number\"}}, \"criteria\": [{\"id\": \"C\","
                            " \"title\": \"c\", \"requirements\": [");
    for (size_t i = 0; i < count; i++) {
        char id[64];
        snprintf(id, sizeof id, "%s%zu%s", id_parts[0], i, id_parts[1]);
        len += (size_t)snprintf(t + len, cap - len,
                                "%s{\"id\": \"%s\", \"text\": \"r\", \"rule\": {\">\": [{\"var\":"
                                " \"n\"}, %zu]}}",
                                i ? "," : "", id, i % 7);
    }
    snprintf(t + len, cap - len, "]}]}");
    diag_list diags = {0};
    checklist *cl = checklist_parse(t, strlen(t), "t.json", &diags);
    diag_list_clear(&diags);
    free(t);
    assert_non_null(cl);
    return cl;
}

// Rows of every verdict, keys and file names that need quoting or not, lines counted on by one,
// jumping, crossing 9 → 10 and 99…9 → 100…0, 0 and negative; ids in 16-byte slots, longer ids,
// ids that need escaping, over one to three words of failing bits: the summary writes what
// append_expected_line does, byte for byte.
static void summary_lines_are_the_format_written_plainly(void **state)
{
    (void)state;
    static const char *const id_parts[][2] = {
        {"R", ""}, {"requirement-", "-of-a-long-name"}, {"R", ",x"}, {"=R", ""}};
    static const size_t counts[] = {1, 3, 64, 70, 130};
    static const char *const keys[] = {
        "P-000001", "=cmd", "a,b", "say \"hi\"", "  P2 ", "", "k", "\xC3\xA9t\xC3\xA9", "-1"};
    static const char *const ns[] = {"", "x", "0", "1", "3", "5", "6", "7", "9"};
    static char file_a[] = "t.csv", file_b[] = "dir/x,y.csv", file_c[] = "t.csv";
    const char *const files[] = {file_a, file_a, file_a, file_b, file_c};
    static const long starts[] = {1, 8, 98, 999, 99998, 9999999, 0, -3};
    uint64_t seed = 99;
    for (size_t f = 0; f < sizeof id_parts / sizeof id_parts[0]; f++) {
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            checklist *cl = numbered_checklist(counts[c], id_parts[f]);
            evaluator *ev = evaluator_new(cl);
            char *text = NULL, *want = NULL;
            size_t len = 0, want_len = 0;
            FILE *out = open_memstream(&text, &len), *expected = open_memstream(&want, &want_len);
            report_context ctx = {.checklist = cl};
            void *r = REPORT_FORMAT_SUMMARY.begin(out, &ctx);
            fputs("key,file,line,score,verdict,not_met\n", expected);
            long line = starts[next_random(&seed) % (sizeof starts / sizeof starts[0])];
            for (size_t row = 0; row < 400; row++) {
                uint64_t x = next_random(&seed);
                line += x % 16 == 0 ? (long)(x >> 8) % 40 - 20 : 1;
                if (x % 64 == 1)
                    line = starts[(x >> 8) % (sizeof starts / sizeof starts[0])];
                const char *cells[2] = {keys[(x >> 16) % (sizeof keys / sizeof keys[0])],
                                        ns[(x >> 24) % (sizeof ns / sizeof ns[0])]};
                const char *file = files[(x >> 32) % (sizeof files / sizeof files[0])];
                const project_result *p = evaluator_cells(ev, cells, file, line, row);
                REPORT_FORMAT_SUMMARY.project(r, p);
                append_expected_line(expected, p);
                if (p->scored && x % 8 == 3) {
                    // A score the evaluator does not give: printf's digits.
                    project_result q = *p;
                    q.score = (x >> 40) % 2 ? 12.34 : 123456.75;
                    REPORT_FORMAT_SUMMARY.project(r, &q);
                    append_expected_line(expected, &q);
                }
            }
            batch_summary summary = {0};
            REPORT_FORMAT_SUMMARY.end(r, &summary);
            fclose(out);
            fclose(expected);
            assert_int_equal(len, want_len);
            assert_memory_equal(text, want, len);
            free(text);
            free(want);
            evaluator_free(ev);
            checklist_free(cl);
        }
    }
}

// The bytes a fresh instance of fmt writes for projects [first, first + n) after its opening part
// (how parts were rendered before an instance was kept for all of a worker's parts).
static char *render_apart(const report_format *fmt, const report_context *ctx, evaluator *ev,
                          size_t first, size_t n, size_t *len)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    void *r = fmt->begin(out, ctx);
    fflush(out);
    size_t opening = size;
    for (size_t i = first; i < first + n; i++) {
        const char *cells[2] = {i % 3 ? "P-1" : "P,\"2\"", i % 2 ? "3" : "-1"};
        fmt->project(r, evaluator_cells(ev, cells, i % 5 ? "t.csv" : "u v.csv", (long)i + 2, i));
    }
    batch_summary summary = {0};
    fmt->end(r, &summary);
    fclose(out);
    *len = size - opening;
    memmove(text, text + opening, *len);
    return text;
}

static void one_instance_flushed_between_batches_gives_each_batch_its_bytes(void **state)
{
    (void)state;
    diag_list diags = {0};
    checklist *cl = checklist_parse(CHECKLIST, strlen(CHECKLIST), "t.json", &diags);
    assert_non_null(cl);
    diag_list_clear(&diags);
    evaluator *ev = evaluator_new(cl);
    report_context ctx = {.checklist = cl};
    size_t count, apart = 0;
    const report_format *const *formats = report_formats(&count);
    for (size_t f = 0; f < count; f++) {
        const report_format *fmt = formats[f];
        if (!fmt->projects_apart)
            continue;
        apart++;
        char *text = NULL;
        size_t size = 0;
        FILE *out = open_memstream(&text, &size);
        assert_non_null(out);
        void *r = fmt->begin(out, &ctx);
        fflush(out);
        size_t done = size, first = 0;
        // Batches of 1 to 300 projects, as parts are cut (more than a buffer-full of lines too).
        for (size_t batch = 1; first < ROWS; batch = batch * 7 % 301) {
            size_t n = batch < ROWS - first ? batch : ROWS - first;
            for (size_t i = first; i < first + n; i++) {
                const char *cells[2] = {i % 3 ? "P-1" : "P,\"2\"", i % 2 ? "3" : "-1"};
                fmt->project(
                    r, evaluator_cells(ev, cells, i % 5 ? "t.csv" : "u v.csv", (long)i + 2, i));
            }
            if (fmt->flush)
                fmt->flush(r);
            fflush(out);
            size_t len;
            char *want = render_apart(fmt, &ctx, ev, first, n, &len);
            assert_int_equal(size - done, len);
            assert_memory_equal(text + done, want, len);
            free(want);
            done = size;
            first += n;
        }
        batch_summary summary = {0};
        fmt->end(r, &summary);
        fclose(out);
        assert_int_equal(size, done); // end() adds nothing after the projects
        free(text);
    }
    assert_true(apart >= 3); // summary, jsonl and csv at least
    evaluator_free(ev);
    checklist_free(cl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(summary_rows_are_written_a_buffer_at_a_time_not_one_by_one),
        cmocka_unit_test(jsonl_lines_are_written_a_buffer_at_a_time_not_one_by_one),
        cmocka_unit_test(ids_not_met_are_one_cell_escaped_as_any_other),
        cmocka_unit_test(summary_lines_are_the_format_written_plainly),
        cmocka_unit_test(one_instance_flushed_between_batches_gives_each_batch_its_bytes),
    };
    DDCHECK_RUN_TESTS(tests);
}
