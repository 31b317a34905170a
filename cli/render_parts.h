/* Reports rendered in batch.c's worker threads a part of the input at a time, when every format
 * asked for renders its projects apart (report_format.projects_apart). */
#ifndef DDCHECK_RENDER_PARTS_H
#define DDCHECK_RENDER_PARTS_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/progress.h"
#include "evaluator/batch.h"
#include "reports/report.h"

#define RENDER_PARTS_MAX 16

typedef struct render_parts {
    batch_renderer renderer;
    const report_context *ctx;
    size_t count;
    const report_format *formats[RENDER_PARTS_MAX];
    FILE *outs[RENDER_PARTS_MAX];
    progress *progress;
    pthread_mutex_t lock;
    struct rendered *free;     /* renderings written, kept for their memory */
    struct sink_block *blocks; /* blocks no rendering holds (`pooled` of them) */
    size_t pooled;
    /* errno of the first failed write to outs[i] (0: none): a part may be written in batch.c's
     * worker thread, whose errno the thread that commits the report does not see. */
    int errors[RENDER_PARTS_MAX];
} render_parts;

/** Prepares rp to render the reports formats[i] into outs[i] (each already begun on its output,
 *  which then only gets the parts' bytes, in order, before end()); `rows` counts the rows.
 *  Returns the renderer for batch_options.renderer, or NULL when some format does not render
 *  its projects apart (or there are too many). */
const batch_renderer *render_parts_init(render_parts *rp, const report_context *ctx,
                                        const report_format *const *formats, FILE *const *outs,
                                        size_t count, progress *rows);

/** Frees what rp kept (after batch_run; also when render_parts_init returned NULL). */
void render_parts_done(render_parts *rp);

#endif
