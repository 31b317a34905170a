// The json format: one ddcheck-report/1 document. Projects are spooled to a temporary file
// (reports/spool.c) so that the summary can come first while memory stays flat.
#include "report.h"

#include "util/xalloc.h"
#include "reports/project_json.h"
#include "reports/spool.h"

#include <string.h>

typedef struct json_state {
    FILE *out;
    spool projects;
    const report_context *ctx;
    json_writer w;
} json_state;

static void *json_begin(FILE *out, const report_context *ctx)
{
    json_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    s->ctx = ctx;
    // Without a temporary file, projects go straight out and the summary follows them: memory
    // stays flat either way (the spool's in-memory fallback would hold every project).
    bool spooled = spool_open_file(&s->projects);
    // Projects are members of the top-level "projects" array: depth 1, two-space base indent.
    jw_init(&s->w, spooled ? s->projects.fp : out, true, 1);
    s->w.depth = 1;
    s->w.first[1] = true;
    if (!spooled) {
        fputs("{\n  \"format\": \"" REPORT_FORMAT_ID "\",\n  \"projects\": [", out);
    }
    return s;
}

static void json_project(void *state, const project_result *p)
{
    json_state *s = state;
    project_json_write(&s->w, p);
    jw_flush(&s->w); // a member of "projects", never a complete top-level value
}

static void write_head(json_state *s, const batch_summary *sum)
{
    const report_context *ctx = s->ctx;
    json_writer w;
    jw_init(&w, s->out, true, 0);
    w.depth = 1;
    w.first[1] = false;
    jw_key(&w, "generator");
    jw_begin_object(&w);
    jw_key(&w, "name");
    jw_string(&w, "ddcheck");
    jw_key(&w, "version");
    jw_string(&w, ctx->tool_version);
    if (ctx->generated_at) {
        jw_key(&w, "generated_at");
        jw_string(&w, ctx->generated_at);
    }
    jw_end_object(&w);
    checklist_provenance_json(&w, ctx->checklist->id, ctx->checklist->version,
                              ctx->checklist->sha256);
    jw_key(&w, "inputs");
    jw_begin_array(&w);
    for (size_t i = 0; i < ctx->input_count; i++) {
        jw_begin_object(&w);
        jw_key(&w, "file");
        jw_string(&w, ctx->inputs[i]);
        if (ctx->input_sha256 && ctx->input_sha256[i]) {
            jw_key(&w, "sha256");
            jw_string(&w, ctx->input_sha256[i]);
        }
        jw_end_object(&w);
    }
    jw_end_array(&w);
    jw_key(&w, "summary");
    jw_begin_object(&w);
    jw_key(&w, "projects");
    jw_number(&w, (double)sum->projects);
    jw_key(&w, "pass");
    jw_number(&w, (double)sum->pass);
    jw_key(&w, "gap");
    jw_number(&w, (double)sum->gap);
    jw_key(&w, "invalid");
    jw_number(&w, (double)sum->invalid);
    jw_end_object(&w);
    jw_flush(&w);
}

static void json_end(void *state, const batch_summary *sum)
{
    json_state *s = state;
    if (!s->projects.fp) {
        fputs(sum->projects ? "\n  ]" : "]", s->out);
        write_head(s, sum);
        fputs("\n}\n", s->out);
        free(s);
        return;
    }
    fputs("{\n  \"format\": \"" REPORT_FORMAT_ID "\"", s->out);
    write_head(s, sum);
    fputs(",\n  \"projects\": [", s->out);
    if (!spool_drain(&s->projects, s->out))
        fputs("\n\"ddcheck: the temporary file of projects could not be read\"", s->out);
    fputs(sum->projects ? "\n  ]\n}\n" : "]\n}\n", s->out);
    free(s);
}

const report_format REPORT_FORMAT_JSON = {
    .name = "json",
    .description = "one ddcheck-report/1 JSON document (summary, then every project)",
    .streaming = true,
    .input_digests = true,
    .begin = json_begin,
    .project = json_project,
    .end = json_end,
};
