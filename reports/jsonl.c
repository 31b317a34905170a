// The jsonl format: one project object per line, for streams of any length.
#include "report.h"

#include "reports/project_json.h"

static void *jsonl_begin(FILE *out, const report_context *ctx)
{
    (void)ctx;
    return out;
}

static void jsonl_project(void *state, const project_result *p)
{
    json_writer w;
    jw_init(&w, state, false, 0);
    project_json_write(&w, p);
    putc('\n', state);
}

static void jsonl_end(void *state, const batch_summary *summary)
{
    (void)state;
    (void)summary;
}

const report_format REPORT_FORMAT_JSONL = {
    .name = "jsonl",
    .description = "one JSON project object per line (same shape as in json)",
    .streaming = true,
    .projects_apart = true,
    .begin = jsonl_begin,
    .project = jsonl_project,
    .end = jsonl_end,
};
