// The jsonl format: one project object per line, for streams of any length.
#include "report.h"

#include "util/xalloc.h"
#include "reports/project_json.h"

// One writer for the whole stream, holding its lines: a write a buffer-full, not one a project.
static void *jsonl_begin(FILE *out, const report_context *ctx)
{
    (void)ctx;
    json_writer *w = xmalloc(sizeof *w);
    jw_init(w, out, false, 0);
    w->hold = true;
    return w;
}

static void jsonl_project(void *state, const project_result *p)
{
    json_writer *w = state;
    project_json_write(w, p);
    outbuf_putc(&w->buf, '\n');
}

static void jsonl_flush(void *state)
{
    jw_flush(state);
}

static void jsonl_end(void *state, const batch_summary *summary)
{
    (void)summary;
    jw_flush(state);
    free(state);
}

const report_format REPORT_FORMAT_JSONL = {
    .name = "jsonl",
    .description = "one JSON project object per line (same shape as in json)",
    .streaming = true,
    .projects_apart = true,
    .begin = jsonl_begin,
    .project = jsonl_project,
    .flush = jsonl_flush,
    .end = jsonl_end,
};
