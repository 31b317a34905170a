/* A batch: several CSV files (or standard input) read in order, every row scored and handed on. */
#ifndef DDCHECK_BATCH_H
#define DDCHECK_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checklist/checklist.h"
#include "util/diag.h"
#include "evaluator/csv_reader.h"
#include "evaluator/baseline.h"
#include "evaluator/result.h"
#include "evaluator/submission.h"
#include "evaluator/waiver.h"

/** Receives each project in batch order; the result is valid only during the call. */
typedef void (*batch_project_fn)(void *ctx, const project_result *project);

/** Renders projects in worker threads (see batch_options.renderer): every function but write is
 *  called in one worker thread at a time for a given worker; write once a part, in input order,
 *  in whichever thread read the part (or one that was writing the part before it): the calls to
 *  write never overlap, and each happens before the next. */
typedef struct batch_renderer {
    void *ctx;
    /** A renderer of its own for one worker thread (called in the calling thread). */
    void *(*worker_new)(void *ctx);
    /** Renders one project, as fn would be called with it (same index, file, line). */
    void (*project)(void *worker, const project_result *project);
    /** What the worker rendered since it was made or last taken from (owned by the caller). */
    void *(*take)(void *worker);
    /** In input order, one call at a time (above): writes what take gave, and frees it;
     *  `projects` is the number of projects rendered in it. Returns the bytes written (parts
     *  are made smaller when their renderings are large). */
    size_t (*write)(void *ctx, void *rendered, size_t projects);
    void (*worker_free)(void *worker);
} batch_renderer;

typedef struct batch_options {
    csv_options csv;
    /** The worksheet of a workbook, the encoding and decimal separator of a CSV file. */
    submission_options input;
    /** At most this many row-level diagnostics are kept (0 = 1000); the rest are counted. */
    size_t max_diagnostics;
    /** Waivers to apply (NULL = none); matches are recorded in the set. */
    waiver_set *waivers;
    /** The --baseline report (NULL = none): marks gaps known or new. */
    const baseline *baseline;
    /** Skip computing explanations of failed requirements (no report reads them). */
    bool skip_explanations;
    /** 1: read and evaluate in the calling thread; 2: a reader thread parses the CSV while the
     *  calling thread evaluates and calls fn (same order, same diagnostics in the same order);
     *  0: batch_default_threads(). */
    unsigned threads;
    /** With 2 threads: records handed over at a time (0 = enough for about 1,024 typed cells,
     *  at least 16). Tests use small values. */
    size_t batch_records;
    /** With 2 threads, when set and every input is a CSV file read as UTF-8 without decimal
     *  commas from a stream that can seek, and no waivers are given: the calling thread cuts the
     *  input at record boundaries into parts (batch_records records or batch_bytes bytes, whichever
     *  comes first; 0: 256 and 48 KiB, fewer bytes when the renderings are large; a record that
     *  does not end within four times that, and the rest of its file, are read in the calling
     *  thread) that a worker thread and the calling thread (between cutting and taking) read,
     *  type, evaluate and render
     *  with this renderer, fn never being called; the parts' renderings, diagnostics and counts
     *  are taken in input order, the same as one thread gives. Otherwise fn is called as above. */
    const batch_renderer *renderer;
    size_t batch_bytes;
    /** For tests: when non-NULL and the input is read in parts, receives the most bytes the
     *  parts' buffers held at once. */
    size_t *parts_held;
    /** With 2 threads: which thread types the rows. The default shares the typing (the reader
     *  types a chunk when the calling thread is still busy); tests force each thread. */
    enum { BATCH_TYPING_SHARED, BATCH_TYPING_READER, BATCH_TYPING_CALLER } typing;
    /** When non-NULL (one entry per path): digests[i] receives the SHA-256 (hex) of file i once
     *  it has been read to its end, and stays "" otherwise. */
    char (*digests)[65];
    /** When non-NULL (one entry per path): a non-NULL streams[i] is read instead of opening
     *  paths[i], which then only names it in messages; the stream is not closed (the library's
     *  API reads callers' FILEs and memory buffers this way). */
    FILE *const *streams;
} batch_options;

/** The default thread count: DDCHECK_THREADS when it is "1" or "2", else 2 when at least two
 *  CPUs are online, else 1. */
unsigned batch_default_threads(void);

/** What happened to the inputs, beyond the projects themselves. */
typedef struct batch_status {
    batch_summary summary;
    /** Files that could not be read (or not to the end): the run is incomplete. */
    size_t failed_files;
    /** Row-level diagnostics not kept because of max_diagnostics (diags->dropped counts these
     *  and any added after the batch to the same list, such as unused waivers). */
    size_t dropped_diagnostics;
} batch_status;

/** Reads paths[0..count) ("-" = standard input, shown as "<stdin>"; no paths = standard input),
 *  scores every data row with the checklist and calls fn for each project, header rows excluded.
 *  Problems with their places go to diags; an unreadable file does not stop the others. */
void batch_run(const checklist *cl, const char *const *paths, size_t count,
               const batch_options *opts, batch_project_fn fn, void *ctx, batch_status *status,
               diag_list *diags);

#endif
