// The summary format: one CSV row per project (key, file, line, score, verdict, the ids of the
// requirements not met), written with no allocation and no printf per row, for very large batches.
#include "report.h"

#include "checklist/xalloc.h"
#include "reports/escape.h"

#include <string.h>

typedef struct summary_state {
    FILE *out;
    char *ids; /* the row's not-met ids joined with ';'; sized at begin for all of them */
} summary_state;

static void put_ulong(FILE *out, unsigned long n)
{
    char buf[24];
    char *p = buf + sizeof buf;
    do {
        *--p = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    fwrite(p, 1, (size_t)(buf + sizeof buf - p), out);
}

// A score 0..100 with one decimal, as "%.1f" would print it.
static void put_score(FILE *out, double score)
{
    unsigned long tenths = (unsigned long)(score * 10 + 0.5);
    put_ulong(out, tenths / 10);
    putc('.', out);
    putc((char)('0' + tenths % 10), out);
}

static void *summary_begin(FILE *out, const report_context *ctx)
{
    summary_state *s = xcalloc(1, sizeof *s);
    s->out = out;
    const checklist *cl = ctx->checklist;
    size_t size = 1;
    for (size_t i = 0; i < cl->requirement_count; i++)
        size += strlen(cl->requirements[i].id) + 1;
    s->ids = xmalloc(size);
    fputs("key,file,line,score,verdict,not_met\n", out);
    return s;
}

static void summary_project(void *state, const project_result *p)
{
    summary_state *s = state;
    FILE *out = s->out;
    const checklist *cl = p->checklist;
    escape_csv(out, p->key, p->key_len);
    putc(',', out);
    escape_csv(out, p->file, strlen(p->file));
    putc(',', out);
    put_ulong(out, p->line > 0 ? (unsigned long)p->line : 0);
    putc(',', out);
    if (p->scored)
        put_score(out, p->score);
    putc(',', out);
    fputs(verdict_name(p->verdict), out);
    putc(',', out);
    if (p->requirements) {
        size_t n = 0;
        for (size_t i = 0; i < cl->requirement_count; i++) {
            if (!outcome_is_failure(p->requirements[i].outcome))
                continue;
            if (n)
                s->ids[n++] = ';';
            size_t len = strlen(cl->requirements[i].id);
            memcpy(s->ids + n, cl->requirements[i].id, len);
            n += len;
        }
        escape_csv(out, s->ids, n);
    }
    putc('\n', out);
}

static void summary_end(void *state, const batch_summary *summary)
{
    (void)summary;
    summary_state *s = state;
    free(s->ids);
    free(s);
}

const report_format REPORT_FORMAT_SUMMARY = {
    .name = "summary",
    .description = "one CSV row per project: key, file, line, score, verdict, ids not met",
    .streaming = true,
    .no_explanations = true,
    .begin = summary_begin,
    .project = summary_project,
    .end = summary_end,
};
