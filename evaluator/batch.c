// Drives a batch: files in order, header then rows, each row scored once and passed to the sink.
#include "batch.h"

#include "evaluator/evaluate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct batch_ctx {
    const checklist *cl;
    evaluator *ev;
    const char *file;
    batch_project_fn fn;
    void *fn_ctx;
    batch_status *status;
    diag_list *diags;
    size_t max_diags;
    size_t file_records;
} batch_ctx;

static bool keep_diag(batch_ctx *b)
{
    if (b->diags->count < b->max_diags)
        return true;
    b->status->dropped_diagnostics++;
    return false;
}

// Row-level messages: an invalid row, and each invalid cell (file, line, column and value).
static void row_diagnostics(batch_ctx *b, const project_result *p)
{
    if (p->verdict == VERDICT_INVALID) {
        if (keep_diag(b))
            diag_add(b->diags, DIAG_ERROR, p->file, p->line, 1, NULL, "%s", p->error);
        return;
    }
    for (size_t s = 0; s < b->cl->field_count; s++) {
        const typed_cell *c = &p->cells[s];
        if (c->state != CELL_INVALID || !keep_diag(b))
            continue;
        diag_add(b->diags, DIAG_WARNING, p->file, c->line, (long)c->column, NULL,
                 "%s \"%.*s\" is %s: its requirements are invalid", b->cl->fields[s].name,
                 (int)(c->raw_len > 120 ? 120 : c->raw_len), c->raw, c->problem);
    }
}

static bool on_record(void *ctx, const csv_record *record)
{
    batch_ctx *b = ctx;
    b->file_records++;
    if (record->index == 0) {
        // A header cut by a limit or holding bad bytes names the wrong columns: say so.
        if (record->error)
            diag_add(b->diags, DIAG_ERROR, b->file, record->line, 1, NULL,
                     "the header cannot be read: %s", record->error);
        evaluator_set_header(b->ev, record, b->file, b->diags);
        return true;
    }
    const project_result *p = evaluator_record(b->ev, record, b->file, b->status->summary.projects);
    batch_summary *s = &b->status->summary;
    s->projects++;
    if (p->verdict == VERDICT_PASS)
        s->pass++;
    else if (p->verdict == VERDICT_GAP)
        s->gap++;
    else
        s->invalid++;
    row_diagnostics(b, p);
    b->fn(b->fn_ctx, p);
    return true;
}

void batch_run(const checklist *cl, const char *const *paths, size_t count,
               const batch_options *opts, batch_project_fn fn, void *ctx, batch_status *status,
               diag_list *diags)
{
    static const char *const stdin_only[] = {"-"};
    if (count == 0) {
        paths = stdin_only;
        count = 1;
    }
    memset(status, 0, sizeof *status);
    batch_ctx b = {
        .cl = cl,
        .ev = evaluator_new(cl),
        .fn = fn,
        .fn_ctx = ctx,
        .status = status,
        .diags = diags,
        .max_diags = diags->count + (opts->max_diagnostics ? opts->max_diagnostics : 1000),
    };
    evaluator_set_waivers(b.ev, opts->waivers);
    evaluator_set_baseline(b.ev, opts->baseline);
    evaluator_set_explanations(b.ev, !opts->skip_explanations);
    for (size_t i = 0; i < count; i++) {
        bool is_stdin = strcmp(paths[i], "-") == 0;
        b.file = is_stdin ? "<stdin>" : paths[i];
        b.file_records = 0;
        FILE *in = is_stdin ? stdin : fopen(paths[i], "rb");
        if (!in) {
            diag_add(diags, DIAG_ERROR, b.file, 0, 0, NULL, "cannot read: %s", strerror(errno));
            status->failed_files++;
            continue;
        }
        if (!csv_read(in, b.file, &opts->csv, on_record, &b, diags))
            status->failed_files++;
        else if (b.file_records == 0)
            diag_add(diags, DIAG_WARNING, b.file, 0, 0, NULL,
                     "the file is empty: no header and no rows");
        else if (b.file_records == 1)
            diag_add(diags, DIAG_WARNING, b.file, 0, 0, NULL,
                     "the file has a header but no rows");
        if (!is_stdin)
            fclose(in);
    }
    evaluator_free(b.ev);
}
