/* A progress line on standard error for long batches: only on a terminal, never in a pipe or a
 * CI log. */
#ifndef DDCHECK_PROGRESS_H
#define DDCHECK_PROGRESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct progress {
    bool on;      /* standard error is a terminal, not a dumb one, and not CI */
    bool shown;   /* a line is on the screen (cleared by progress_end) */
    double start; /* monotonic seconds */
    double after; /* show nothing before this many seconds */
    double last;  /* when the line was last drawn */
    size_t rows;
    size_t total_bytes; /* sum of the inputs' sizes; 0 when one is not a regular file */
    atomic_size_t bytes_read;
} progress;

/** Starts timing a batch over paths[0..count) ("-" or no path: standard input). Decides whether
 *  progress is shown: standard error is a terminal, TERM is not "dumb" and CI is not set.
 *  DDCHECK_PROGRESS_AFTER (seconds, default 2) sets how long a batch runs before its line shows. */
void progress_start(progress *p, const char *const *paths, size_t count);

/** One more row; redraws the line at most a few times a second, once the batch has run long
 *  enough. Cheap: it reads the clock every 256 rows. */
void progress_row(progress *p);

/** Clears the line, if one was drawn. */
void progress_end(progress *p);

#endif
