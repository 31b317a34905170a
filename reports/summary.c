// The summary format: one CSV row per project (key, file, line, score, verdict, the ids of the
// requirements not met), built in a buffer with no allocation and no printf per row, for very
// large batches.
#include "report.h"

#include "util/xalloc.h"
#include "reports/escape.h"

#include <string.h>

enum { SUMMARY_BUFFER = 64 * 1024 };

typedef struct summary_state {
    outbuf row;
    char *ids;        /* the row's not-met ids joined with ';'; sized at begin for all of them */
    size_t *id_lens;  /* strlen of each requirement's id, measured once */
    escape_memo file; /* the input's file name as a cell: the same on every row of an input */
    bool ids_plain;   /* every id is written as it is (escape_csv_plain) */
    char bytes[SUMMARY_BUFFER]; /* rows are written a buffer-full at a time, not one by one */
} summary_state;

static void put_file(summary_state *s, const char *file)
{
    size_t len;
    const char *cell = escape_memo_get(&s->file, escape_csv, file, &len);
    if (cell)
        outbuf_write(&s->row, cell, len);
    else
        escape_csv_to(&s->row, file, strlen(file));
}

static void *summary_begin(FILE *out, const report_context *ctx)
{
    summary_state *s = xcalloc(1, sizeof *s);
    outbuf_init(&s->row, out, s->bytes, sizeof s->bytes);
    const checklist *cl = ctx->checklist;
    size_t size = 1;
    s->id_lens = xcalloc(cl->requirement_count + 1, sizeof(size_t));
    s->ids_plain = true;
    for (size_t i = 0; i < cl->requirement_count; i++) {
        s->id_lens[i] = strlen(cl->requirements[i].id);
        size += s->id_lens[i] + 1;
        s->ids_plain &= escape_csv_plain(cl->requirements[i].id, s->id_lens[i]);
    }
    s->ids = xmalloc(size);
    fputs("key,file,line,score,verdict,not_met\n", out);
    return s;
}

static void summary_project(void *state, const project_result *p)
{
    summary_state *s = state;
    outbuf *row = &s->row;
    const checklist *cl = p->checklist;
    escape_csv_to(row, p->key, p->key_len);
    outbuf_putc(row, ',');
    put_file(s, p->file);
    outbuf_putc(row, ',');
    outbuf_put_ulong(row, p->line > 0 ? (unsigned long)p->line : 0);
    outbuf_putc(row, ',');
    if (p->scored)
        outbuf_put_tenths(row, p->score);
    outbuf_putc(row, ',');
    outbuf_puts(row, verdict_name(p->verdict));
    outbuf_putc(row, ',');
    if (p->requirements) {
        size_t n = 0, count = 0;
        for (size_t i = 0; i < cl->requirement_count; i++) {
            if (!outcome_is_failure(p->requirements[i].outcome))
                continue;
            if (n)
                s->ids[n++] = ';';
            memcpy(s->ids + n, cl->requirements[i].id, s->id_lens[i]);
            n += s->id_lens[i];
            count++;
        }
        // Ids that are each written as they are (the first's first byte starts no formula), joined:
        // only a ';' between two makes escape_csv_to quote them; it need not look at every byte.
        if (s->ids_plain) {
            if (count > 1)
                outbuf_putc(row, '"');
            outbuf_write(row, s->ids, n);
            if (count > 1)
                outbuf_putc(row, '"');
        } else {
            escape_csv_to(row, s->ids, n);
        }
    }
    outbuf_putc(row, '\n');
}

static void summary_end(void *state, const batch_summary *summary)
{
    (void)summary;
    summary_state *s = state;
    outbuf_flush(&s->row);
    escape_memo_clear(&s->file);
    free(s->ids);
    free(s->id_lens);
    free(s);
}

const report_format REPORT_FORMAT_SUMMARY = {
    .name = "summary",
    .description = "one CSV row per project: key, file, line, score, verdict, ids not met",
    .streaming = true,
    .no_explanations = true,
    .projects_apart = true,
    .begin = summary_begin,
    .project = summary_project,
    .end = summary_end,
};
