/* Report destinations: standard output, or a file written atomically (temporary file + rename). */
#ifndef DDCHECK_OUTPUT_H
#define DDCHECK_OUTPUT_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

/** The signals that end a run early: guard.c's handler removes the temporary files, and output.c
 *  blocks them while it changes its list of temporary files. One list for both. */
#define OUTPUT_FATAL_SIGNALS                                                                       \
    {                                                                                              \
        SIGTERM, SIGINT, SIGHUP                                                                    \
    }

/** Bytes a report file is written in: one write() per buffer-full. */
#define OUTPUT_BUFFER ((size_t)64 * 1024)
/** A temporary file's pages are handed to the disk every this many bytes written
 *  (sync_file_range), so that the fsync at commit waits only for the last of them. */
#define OUTPUT_WRITEBACK ((unsigned long long)4 * 1024 * 1024)

typedef struct output {
    const char *path; /* NULL or "-" = standard output */
    char *tmp_path;
    FILE *fp;
    struct output_file *file; /* the temporary file behind fp (NULL: fp is a plain stream) */
    char *buffer;             /* fp's OUTPUT_BUFFER bytes, for a path (NULL: stdio's own) */
} output;

/** Opens the destination; for a path, a temporary file beside it, or the device or FIFO itself;
 *  a path is written OUTPUT_BUFFER bytes at a time. False (with errno) on failure. */
bool output_open(output *o, const char *path);
/** Flushes and, for a path, syncs and renames the temporary file over the path. On any write
 *  error (full disk, closed stdout) the temporary file is removed, the old file is left as it
 *  was, and false is returned with errno set. */
bool output_commit(output *o);
/** Abandons the output (removes the temporary file). */
void output_abort(output *o);
/** Removes every temporary file of an output still open. Async-signal-safe (only unlink): for
 *  the handler of a fatal signal (cli/guard.c). */
void output_remove_temporaries(void);

#endif
