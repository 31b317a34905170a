// Reports rendered a part at a time in worker threads: each worker begins an instance of every
// report on a memory stream once, drops its opening part, and after each part's projects flushes
// the instances and hands over what they wrote; batch.c has it written to the real outputs in
// input order, one part at a time, by the thread that read the part (the calling thread or the
// worker).
#define _GNU_SOURCE // fopencookie
#include "render_parts.h"

#include "util/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <stdio_ext.h>
#endif

// A memory stream that cannot be made or closed: out of memory, as xalloc handles it.
static void no_memory(void)
{
    fputs("ddcheck: out of memory\n", stderr);
    abort();
}

// A rendering's bytes are kept in blocks of SINK_BLOCK bytes taken from the run's pool and given
// back once written: the memory held is what the parts in flight rendered (rounded up to a block
// each), and a rendering grows without a copy. (A buffer grown by doubling copied itself as it
// grew, and kept its largest size for every later part: for jsonl's parts of about 60 KiB, 128 KiB
// in each of six renderings, and about half of a two-thread run's page faults.)
#define SINK_BLOCK ((size_t)16 * 1024)
// Blocks kept in the pool beyond those in use (more are freed once written).
#define POOL_KEEP ((size_t)24)

typedef struct sink_block {
    struct sink_block *next;
    size_t len;
    char bytes[SINK_BLOCK];
} sink_block;

typedef struct sink {
    sink_block *first, *last;
    size_t len;
} sink;

static sink_block *block_get(render_parts *rp)
{
    pthread_mutex_lock(&rp->lock);
    sink_block *k = rp->blocks;
    if (k) {
        rp->blocks = k->next;
        rp->pooled--;
    }
    pthread_mutex_unlock(&rp->lock);
    if (!k)
        k = xmalloc(sizeof *k);
    k->next = NULL;
    k->len = 0;
    return k;
}

// Gives k's blocks back to the pool (freeing those beyond POOL_KEEP) and empties it.
static void sink_clear(render_parts *rp, sink *k)
{
    pthread_mutex_lock(&rp->lock);
    while (k->first) {
        sink_block *b = k->first;
        k->first = b->next;
        if (rp->pooled < POOL_KEEP) {
            b->next = rp->blocks;
            rp->blocks = b;
            rp->pooled++;
        } else {
            free(b);
        }
    }
    pthread_mutex_unlock(&rp->lock);
    *k = (sink){0};
}

static void sink_write(render_parts *rp, sink *k, const char *buf, size_t size)
{
    k->len += size;
    while (size) {
        if (!k->last || k->last->len == SINK_BLOCK) {
            sink_block *b = block_get(rp);
            if (k->last)
                k->last->next = b;
            else
                k->first = b;
            k->last = b;
        }
        size_t n = SINK_BLOCK - k->last->len;
        if (n > size)
            n = size;
        memcpy(k->last->bytes + k->last->len, buf, n);
        k->last->len += n;
        buf += n;
        size -= n;
    }
}

// What one part rendered: the bytes of each report.
typedef struct rendered {
    sink out[RENDER_PARTS_MAX];
    struct rendered *next; // in the list of free ones
} rendered;

typedef struct stream_cookie {
    struct part_worker *w;
    size_t i;
} stream_cookie;

// One instance of every report, kept for every part the worker renders: beginning and ending
// them for each part cost a malloc and free of each report's state (and of its buffer and
// memos) a part, a fifth of the instructions two threads cost beyond one on the long rows.
typedef struct part_worker {
    render_parts *rp;
    FILE *mem[RENDER_PARTS_MAX];
    void *state[RENDER_PARTS_MAX];
    stream_cookie cookies[RENDER_PARTS_MAX];
    rendered *out; // mem[i] writes into out->out[i]
} part_worker;

// A rendering to fill: one written earlier, or a new one.
static rendered *rendered_get(render_parts *rp)
{
    pthread_mutex_lock(&rp->lock);
    rendered *r = rp->free;
    if (r)
        rp->free = r->next;
    pthread_mutex_unlock(&rp->lock);
    if (!r)
        r = xcalloc(1, sizeof *r);
    return r;
}

// Everything the instances hold of the projects given so far, into w->out.
static void instances_flush(part_worker *w)
{
    for (size_t i = 0; i < w->rp->count; i++) {
        if (w->rp->formats[i]->flush)
            w->rp->formats[i]->flush(w->state[i]);
        fflush(w->mem[i]);
    }
}

static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
    stream_cookie *c = cookie;
    sink_write(c->w->rp, &c->w->out->out[c->i], buf, size);
    return (ssize_t)size;
}

static void *worker_new(void *ctx)
{
    part_worker *w = xcalloc(1, sizeof *w);
    w->rp = ctx;
    w->out = rendered_get(w->rp);
    for (size_t i = 0; i < w->rp->count; i++) {
        w->cookies[i] = (stream_cookie){w, i};
        w->mem[i] =
            fopencookie(&w->cookies[i], "w", (cookie_io_functions_t){.write = cookie_write});
        if (!w->mem[i])
            no_memory();
        setvbuf(w->mem[i], NULL, _IOFBF, 1 << 14);
#if defined(__GLIBC__)
        __fsetlocking(w->mem[i], FSETLOCKING_BYCALLER); // one thread writes it
#endif
        w->state[i] = w->rp->formats[i]->begin(w->mem[i], w->rp->ctx);
        fflush(w->mem[i]);
        sink_clear(w->rp, &w->out->out[i]); // the opening part: the real output has it
    }
    return w;
}

static void worker_project(void *worker, const project_result *p)
{
    part_worker *w = worker;
    for (size_t i = 0; i < w->rp->count; i++)
        w->rp->formats[i]->project(w->state[i], p);
}

static void *worker_take(void *worker)
{
    part_worker *w = worker;
    instances_flush(w);
    rendered *r = w->out;
    w->out = rendered_get(w->rp);
    return r;
}

static size_t write_part(void *ctx, void *part, size_t projects)
{
    render_parts *rp = ctx;
    rendered *r = part;
    size_t bytes = 0;
    for (size_t i = 0; i < rp->count; i++) {
        bool failed = ferror(rp->outs[i]);
        for (const sink_block *b = r->out[i].first; b; b = b->next)
            fwrite(b->bytes, 1, b->len, rp->outs[i]);
        if (!failed && ferror(rp->outs[i]) && !rp->errors[i])
            rp->errors[i] = errno ? errno : EIO;
        bytes += r->out[i].len;
        sink_clear(rp, &r->out[i]);
    }
    for (size_t i = 0; i < projects; i++)
        progress_row(rp->progress);
    pthread_mutex_lock(&rp->lock);
    r->next = rp->free;
    rp->free = r;
    pthread_mutex_unlock(&rp->lock);
    return bytes;
}

static void rendered_free(render_parts *rp, rendered *r)
{
    for (size_t i = 0; i < rp->count; i++)
        sink_clear(rp, &r->out[i]);
    free(r);
}

// Ends the instances (end() writes nothing after the projects: what they wrote is dropped).
static void worker_free(void *worker)
{
    static const batch_summary none = {0};
    part_worker *w = worker;
    for (size_t i = 0; i < w->rp->count; i++) {
        w->rp->formats[i]->end(w->state[i], &none);
        fclose(w->mem[i]);
    }
    rendered_free(w->rp, w->out);
    free(w);
}

void render_parts_done(render_parts *rp)
{
    while (rp->free) {
        rendered *r = rp->free;
        rp->free = r->next;
        rendered_free(rp, r);
    }
    while (rp->blocks) {
        sink_block *b = rp->blocks;
        rp->blocks = b->next;
        free(b);
    }
    pthread_mutex_destroy(&rp->lock);
}

const batch_renderer *render_parts_init(render_parts *rp, const report_context *ctx,
                                        const report_format *const *formats, FILE *const *outs,
                                        size_t count, progress *rows)
{
    memset(rp, 0, sizeof *rp);
    pthread_mutex_init(&rp->lock, NULL);
    if (count > RENDER_PARTS_MAX)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        if (!formats[i]->projects_apart)
            return NULL;
        rp->formats[i] = formats[i];
        rp->outs[i] = outs[i];
    }
    rp->ctx = ctx;
    rp->count = count;
    rp->progress = rows;
    rp->renderer = (batch_renderer){
        .ctx = rp,
        .worker_new = worker_new,
        .project = worker_project,
        .take = worker_take,
        .write = write_part,
        .worker_free = worker_free,
    };
    return &rp->renderer;
}
