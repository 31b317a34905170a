// Fuzz harness: arbitrary bytes as a CSV submission, read and scored with the built-in checklist
// and rendered by every report format, twice: default limits with delimiter detection, then tiny
// limits with ';' so the limit paths are reached by small inputs. The same bytes are also read by
// the fast record path and by libcsv alone, with both sets of options: the two must give the same
// records, cells, lines, errors and diagnostics, or the harness aborts.
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include "checklist/builtin.h"
#include "checklist/checklist.h"
#include "evaluator/csv_reader.h"
#include "evaluator/evaluate.h"
#include "reports/report.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sink {
    evaluator *ev;
    const report_format *const *formats;
    void **states;
    size_t format_count;
    diag_list *diags;
    batch_summary summary;
    size_t records;
} sink;

static checklist *default_checklist(void)
{
    static checklist *cl;
    if (!cl) {
        const builtin_checklist *b = builtin_find(BUILTIN_DEFAULT_ID);
        diag_list diags = {0};
        cl = checklist_parse(b->json, b->size, "builtin", &diags);
        diag_list_clear(&diags);
        if (!cl)
            abort();
    }
    return cl;
}

static bool on_record(void *ctx, const csv_record *record)
{
    sink *s = ctx;
    s->records++;
    if (record->index == 0) {
        evaluator_set_header(s->ev, record, "fuzz.csv", s->diags);
        return true;
    }
    const project_result *p = evaluator_record(s->ev, record, "fuzz.csv", s->summary.projects);
    s->summary.projects++;
    if (p->verdict == VERDICT_PASS)
        s->summary.pass++;
    else if (p->verdict == VERDICT_GAP)
        s->summary.gap++;
    else
        s->summary.invalid++;
    for (size_t i = 0; i < s->format_count; i++)
        s->formats[i]->project(s->states[i], p);
    return true;
}

static void run_once(const uint8_t *data, size_t size, const csv_options *opts, FILE *out)
{
    checklist *cl = default_checklist();
    size_t n;
    const report_format *const *formats = report_formats(&n);
    void *states[64];
    if (n > 64)
        n = 64;
    static const char *const inputs[] = {"fuzz.csv"};
    report_context ctx = {.checklist = cl,
                          .tool_version = "0.0.0",
                          .inputs = inputs,
                          .input_count = 1,
                          .generated_at = "1970-01-01T00:00:00Z",
                          .verbose = true};
    // The xlsx writer assembles a workbook in a temporary file per run, which would slow the
    // fuzzer a hundredfold: tests/cli/xlsx.sh gives it hostile text instead.
    const report_format *kept[64];
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (formats[i] != &REPORT_FORMAT_XLSX)
            kept[k++] = formats[i];
    formats = kept;
    n = k;
    for (size_t i = 0; i < n; i++)
        states[i] = formats[i]->begin(out, &ctx);
    diag_list diags = {0};
    sink s = {.ev = evaluator_new(cl),
              .formats = formats,
              .states = states,
              .format_count = n,
              .diags = &diags};
    // fmemopen of 0 bytes fails on some libcs; an empty file is then an empty tmpfile.
    FILE *in = size ? fmemopen((void *)(uintptr_t)data, size, "rb") : tmpfile();
    if (in) {
        csv_read(in, "fuzz.csv", opts, on_record, &s, &diags);
        fclose(in);
    }
    for (size_t i = 0; i < n; i++)
        formats[i]->end(states[i], &s.summary);
    char buf[512];
    for (size_t i = 0; i < diags.count; i++)
        diag_format(&diags.items[i], buf, sizeof buf);
    evaluator_free(s.ev);
    diag_list_clear(&diags);
}

// Everything csv_read gives, written back to back (a record's place and error, then each cell's
// line, length and bytes), so that two readings compare with one memcmp.
typedef struct transcript {
    char *bytes;
    size_t len, cap;
} transcript;

static void put(transcript *t, const void *p, size_t n)
{
    xgrow((void **)&t->bytes, &t->cap, t->len + n, 1);
    if (n)
        memcpy(t->bytes + t->len, p, n);
    t->len += n;
}

static bool write_record(void *ctx, const csv_record *rec)
{
    transcript *t = ctx;
    long where[3] = {(long)rec->index, rec->line, rec->end_line};
    size_t head[3] = {rec->count, rec->error_column, rec->error ? strlen(rec->error) : 0};
    put(t, where, sizeof where);
    put(t, head, sizeof head);
    if (rec->error)
        put(t, rec->error, head[2] + 1);
    for (size_t i = 0; i < rec->count; i++) {
        const csv_cell *c = &rec->cells[i];
        if (c->ptr[c->len] != '\0')
            abort(); // a cell is NUL-terminated
        put(t, &c->line, sizeof c->line);
        put(t, &c->len, sizeof c->len);
        put(t, c->ptr, c->len);
    }
    return true;
}

static void read_into(const uint8_t *data, size_t size, const csv_options *opts, transcript *t)
{
    diag_list diags = {0};
    FILE *in = size ? fmemopen((void *)(uintptr_t)data, size, "rb") : tmpfile();
    if (!in)
        return;
    bool ok = csv_read(in, "fuzz.csv", opts, write_record, t, &diags);
    fclose(in);
    put(t, &ok, sizeof ok);
    char buf[512];
    for (size_t i = 0; i < diags.count; i++) {
        const char *text = diag_format(&diags.items[i], buf, sizeof buf);
        put(t, text, strlen(text) + 1);
    }
    diag_list_clear(&diags);
}

// The fast path against libcsv alone on the same bytes and options.
static void compare_readers(const uint8_t *data, size_t size, csv_options opts)
{
    transcript fast = {0}, slow = {0};
    read_into(data, size, &opts, &fast);
    opts.libcsv_only = true;
    read_into(data, size, &opts, &slow);
    if (fast.len != slow.len || memcmp(fast.bytes, slow.bytes, fast.len) != 0)
        abort(); // the fast record path read something else than libcsv
    free(fast.bytes);
    free(slow.bytes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *out;
    if (!out)
        out = fopen("/dev/null", "w");
    if (!out)
        abort();
    csv_options defaults = {0};
    run_once(data, size, &defaults, out);
    csv_options tiny = {.delimiter = ';', .max_cell = 16, .max_columns = 8};
    run_once(data, size, &tiny, out);
    compare_readers(data, size, defaults);
    compare_readers(data, size, tiny);
    csv_options tab = {.delimiter = '\t', .max_cell = 64};
    compare_readers(data, size, tab);
    return 0;
}
