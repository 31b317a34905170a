// The progress line of long batches: rows, rows per second and the share of bytes read, redrawn
// in place on a terminal's standard error.
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// The inputs' total size, or 0 when one of them (a pipe, a terminal) has none.
static size_t total_size(const char *const *paths, size_t count)
{
    size_t total = 0;
    struct stat st;
    if (count == 0)
        return fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
    for (size_t i = 0; i < count; i++) {
        bool is_stdin = strcmp(paths[i], "-") == 0;
        if ((is_stdin ? fstat(STDIN_FILENO, &st) : stat(paths[i], &st)) != 0 ||
            !S_ISREG(st.st_mode))
            return 0;
        total += (size_t)st.st_size;
    }
    return total;
}

void progress_start(progress *p, const char *const *paths, size_t count)
{
    memset(p, 0, sizeof *p);
    atomic_init(&p->bytes_read, 0);
    const char *term = getenv("TERM");
    const char *ci = getenv("CI");
    // A CI log may come through a pseudo-terminal; a dumb terminal cannot redraw a line.
    p->on = isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0) && !(ci && *ci);
    if (!p->on)
        return;
    p->after = 2.0;
    const char *after = getenv("DDCHECK_PROGRESS_AFTER");
    if (after && *after) {
        char *end;
        double v = strtod(after, &end);
        if (!*end && v >= 0)
            p->after = v;
    }
    p->total_bytes = total_size(paths, count);
    p->start = now();
}

void progress_row(progress *p)
{
    if (!p->on || (++p->rows & 255) != 0)
        return;
    double t = now();
    if (t - p->start < p->after || (p->shown && t - p->last < 0.25))
        return;
    p->last = t;
    p->shown = true;
    double elapsed = t - p->start;
    fprintf(stderr, "\rddcheck: %zu rows, %.0f rows/s", p->rows,
            elapsed > 0 ? (double)p->rows / elapsed : 0.0);
    size_t read = atomic_load_explicit(&p->bytes_read, memory_order_relaxed);
    if (p->total_bytes)
        fprintf(stderr, ", %.0f%% of %.1f MB read",
                100.0 * (double)(read < p->total_bytes ? read : p->total_bytes) /
                    (double)p->total_bytes,
                (double)p->total_bytes / 1e6);
    fputs("\033[K", stderr);
    fflush(stderr);
}

void progress_end(progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->shown = false;
    }
}
