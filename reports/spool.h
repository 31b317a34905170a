/* A write-then-replay buffer for renderers whose document puts later parts first (a summary table
 * before the details): a temporary file, so memory stays flat, or memory when no temporary file
 * can be made. */
#ifndef DDCHECK_SPOOL_H
#define DDCHECK_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct spool {
    FILE *fp; /* write here between spool_open() and spool_drain() */
    char *mem;
    size_t mem_size;
    bool in_memory;
} spool;

/** Opens a spool: tmpfile(), else an in-memory stream. False when neither can be had (then
 *  sp->fp is NULL). */
bool spool_open(spool *sp);

/** Opens a spool on a temporary file only, never in memory: for a renderer with a memory-flat
 *  way of its own to do without one (json writes the summary after the projects). False when
 *  tmpfile() fails (then sp->fp is NULL). */
bool spool_open_file(spool *sp);

/** Copies everything written so far to out and closes the spool. Returns false when the spool
 *  could not be read back (the caller says so in its format). A spool never opened is a no-op. */
bool spool_drain(spool *sp, FILE *out);

/** Like spool_drain, but hands what was written to fn, in pieces of any size, in order. */
bool spool_replay(spool *sp, void (*fn)(void *ctx, const char *buf, size_t len), void *ctx);

/** Closes the spool without copying (error paths). */
void spool_discard(spool *sp);

#endif
