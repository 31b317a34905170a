// Drives a batch: files in order, header then rows, each row scored once and passed to the sink.
// With two threads either a worker and the calling thread read, evaluate and render whole parts of
// the raw input that the calling thread cuts and takes back in order (with a renderer, plain CSV
// files), or a reader thread parses and the calling thread evaluates; the same output in the same
// order either way.
// POSIX threads rather than C11's <threads.h>: ThreadSanitizer does not intercept thrd_create.
#define _POSIX_C_SOURCE 200809L
#include "batch.h"

#include "util/xalloc.h"
#include "evaluator/evaluate.h"
#include "evaluator/submission.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>
#include <unistd.h>

typedef struct batch_ctx {
    const checklist *cl;
    evaluator *ev;
    const char *file;
    batch_project_fn fn;
    void *fn_ctx;
    batch_status *status;
    diag_list *diags;
    size_t file_records;
    // Where the current file's diagnostics start, to mark them when it is a workbook.
    size_t file_first_diag;
    long header_end_line; // the last line of the current file's header
    // A row's invalid cells, put in column order for their messages.
    const typed_cell **invalid;
    size_t invalid_cap;
    // The projects before the first one counted in status (a part read by a worker thread).
    size_t project_base;
    // For a part: how many diagnostics it may keep (the room the run's list had when it began,
    // at least what it will have when the part is taken); SIZE_MAX: the list's own limit.
    size_t room;
} batch_ctx;

// Whether a row diagnostic is kept: past the list's limit it is only counted (without the cost
// of formatting it).
static bool keep_diag(batch_ctx *b)
{
    if (b->room == SIZE_MAX)
        return diag_list_room(b->diags);
    if (b->diags->count < b->room)
        return true;
    b->diags->dropped++;
    return false;
}

static int by_column(const void *x, const void *y)
{
    const typed_cell *a = *(const typed_cell *const *)x, *b = *(const typed_cell *const *)y;
    return (a->column > b->column) - (a->column < b->column);
}

// Each requirement whose rule an evaluation limit stopped, named with the limit.
static void limit_diagnostics(batch_ctx *b, const project_result *p)
{
    for (size_t i = 0; i < b->cl->requirement_count; i++) {
        const char *limit = p->requirements[i].limit;
        if (!limit || !keep_diag(b))
            continue;
        diag_add(b->diags, DIAG_WARNING, p->file, p->line, 1, NULL,
                 "requirement %s: its rule stopped at an %s; the requirement is invalid",
                 b->cl->requirements[i].id, limit);
    }
}

// Row-level messages: an invalid row, and each invalid cell (file, line, column and value).
static void row_diagnostics(batch_ctx *b, const project_result *p)
{
    if (p->verdict == VERDICT_INVALID) {
        if (keep_diag(b))
            diag_add(b->diags, DIAG_ERROR, p->file, p->error_line ? p->error_line : p->line,
                     p->error_column ? p->error_column : 1, NULL, "%s", p->error);
        return;
    }
    if (p->limited_requirements)
        limit_diagnostics(b, p);
    // Only rows with an invalid cell (p->invalid_cells of them) need the walk. Cells are typed
    // in field order; their messages are given in the order of the row's columns.
    if (p->invalid_cells == 0)
        return;
    size_t n = 0;
    xgrow((void **)&b->invalid, &b->invalid_cap, p->invalid_cells, sizeof *b->invalid);
    for (size_t s = 0; n < p->invalid_cells && s < b->cl->field_count; s++)
        if (p->cells[s].state == CELL_INVALID)
            b->invalid[n++] = &p->cells[s];
    if (n > 1) // a third of the bench rows have an invalid cell, nearly always one
        qsort(b->invalid, n, sizeof *b->invalid, by_column);
    for (size_t i = 0; i < n; i++) {
        const typed_cell *c = b->invalid[i];
        if (!keep_diag(b))
            continue;
        const checklist_field *f = &b->cl->fields[c - p->cells];
        char problem[CELL_PROBLEM_SIZE]; // in words only now that the diagnostic is kept
        cell_problem_text(f, c, problem);
        diag_add(b->diags, DIAG_WARNING, p->file, c->line, (long)c->column, NULL,
                 "%s \"%.*s\" is %s: its requirements are invalid", f->name,
                 (int)(c->raw_len > 120 ? 120 : c->raw_len), c->raw, problem);
    }
}

static void on_header(batch_ctx *b, const csv_record *record)
{
    // A header cut by a limit or holding bad bytes names the wrong columns: say so, and the
    // file is unreadable (exit 2), though its rows are still reported as the header reads.
    if (record->error) {
        diag_add(b->diags, DIAG_ERROR, b->file, record->line, 1, NULL,
                 "the header cannot be read: %s", record->error);
        b->status->failed_files++;
    }
    b->header_end_line = record->end_line;
    evaluator_set_header(b->ev, record, b->file, b->diags);
}

// A scored project: counted, its row diagnostics added, and handed to the sink.
static void on_project(batch_ctx *b, const project_result *p)
{
    batch_summary *s = &b->status->summary;
    s->projects++;
    if (p->verdict == VERDICT_PASS)
        s->pass++;
    else if (p->verdict == VERDICT_GAP)
        s->gap++;
    else
        s->invalid++;
    s->new_gaps += p->new_gap;
    s->new_invalid += p->new_gap && p->verdict == VERDICT_INVALID;
    row_diagnostics(b, p);
    b->fn(b->fn_ctx, p);
}

// One record of the current file: the header, or a row scored from the cells `typed` holds
// when the reader thread typed them (NULL: typed here).
static void take_record(batch_ctx *b, const csv_record *record, const typed_row *typed)
{
    b->file_records++;
    if (record->index == 0) {
        on_header(b, record);
        return;
    }
    size_t index = b->project_base + b->status->summary.projects;
    on_project(b, typed ? evaluator_typed_record(b->ev, record, typed, b->file, index)
                        : evaluator_record(b->ev, record, b->file, index));
}

static bool on_record(void *ctx, const csv_record *record)
{
    take_record(ctx, record, NULL);
    return true;
}

static const char *display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

// Input i: the caller's stream when it gave one, else standard input or the file at paths[i].
static FILE *open_input(const char *const *paths, FILE *const *streams, size_t i)
{
    if (streams && streams[i])
        return streams[i];
    return strcmp(paths[i], "-") == 0 ? stdin : fopen(paths[i], "rb");
}

static void close_input(FILE *in, FILE *const *streams, size_t i)
{
    if (in != stdin && !(streams && streams[i]))
        fclose(in);
}

// The workbook reader warns as it reads (a formula without a saved value), so that with two
// threads its warnings would come after the rows'. Puts a workbook's diagnostics from `first` on
// in the order of the sheet, those without a place (a fatal problem) last, and marks them as
// places in the sheet.
static void workbook_diags_in_order(diag_list *diags, size_t first, const char *file,
                                    const char *sheet)
{
    size_t placed = first;
    for (size_t i = first; i < diags->count; i++) {
        if (diags->items[i].line > 0) {
            diag d = diags->items[i];
            memmove(&diags->items[placed + 1], &diags->items[placed], (i - placed) * sizeof(diag));
            diags->items[placed++] = d;
        }
    }
    size_t count = diags->count;
    diags->count = placed; // sort the placed ones alone
    diag_list_sort_by_place(diags, first);
    diags->count = count;
    diag_list_set_sheet(diags, first, file, sheet);
}

// The end of one file, in the calling thread: what single-threaded reading says after csv_read.
// A workbook's places are then marked with the sheet read (`sheet`, "" for CSV).
static void end_file(batch_ctx *b, bool read_ok, const char *sheet)
{
    if (sheet[0])
        workbook_diags_in_order(b->diags, b->file_first_diag, b->file, sheet);
    if (!read_ok)
        b->status->failed_files++;
    else if (b->file_records == 0)
        diag_add(b->diags, DIAG_WARNING, b->file, 1, 1, NULL,
                 "the file is empty: no header and no rows");
    else if (b->file_records == 1) // placed where the first row should be
        diag_add(b->diags, DIAG_WARNING, b->file, b->header_end_line + 1, 1, NULL,
                 "the file has a header (line %ld) but no rows", b->header_end_line);
}

static void cannot_open(batch_ctx *b, int err)
{
    diag_add(b->diags, DIAG_ERROR, b->file, 0, 0, NULL, "cannot read: %s", strerror(err));
    b->status->failed_files++;
}

static void run_single(batch_ctx *b, const char *const *paths, size_t count,
                       const batch_options *opts)
{
    for (size_t i = 0; i < count; i++) {
        b->file = display_name(paths[i]);
        b->file_records = 0;
        b->file_first_diag = b->diags->count;
        FILE *in = open_input(paths, opts->streams, i);
        if (!in) {
            cannot_open(b, errno);
            continue;
        }
        csv_options csv = opts->csv;
        sha256_ctx digest;
        sha256_init(&digest);
        csv.digest = opts->digests ? &digest : NULL;
        char sheet[256];
        bool ok = submission_read(in, b->file, &csv, &opts->input, on_record, b, sheet,
                                  sizeof sheet, b->diags);
        if (ok && opts->digests)
            sha256_hex(&digest, opts->digests[i]);
        end_file(b, ok, sheet);
        close_input(in, opts->streams, i);
    }
}

// --- two threads: a reader thread reads and types chunks of records, the calling thread scores
// them ---

#define CHUNK_RING 4
// By default a chunk holds records for about this many typed cells (records × the checklist's
// fields; at least 16 records): a hand-over costs context switches, so short rows go over in
// larger chunks, while the typed rows that travel with a chunk keep memory within bounds.
#define CHUNK_TYPED_CELLS 1024
#define CHUNK_MIN_RECORDS 16
// A chunk is handed over once it holds this many bytes of cells (or its record limit): together
// with the ring size this bounds the memory, apart from one record longer than that.
#define CHUNK_BYTES ((size_t)32 * 1024)

typedef struct chunk_record {
    long line;
    long end_line;
    size_t index;
    size_t first_cell;
    size_t count;
    size_t error_off; // offset of the error text in bytes, SIZE_MAX when none
    size_t error_column;
} chunk_record;

// Records of one file copied out of the reader (cells as offsets into one byte block), and, when
// `file_end` is set, the end of that file: whether it could be opened and read, and the reader's
// diagnostics (only fatal ones, after the file's last record).
typedef struct chunk {
    size_t file;
    chunk_record *records;
    size_t record_count;
    size_t record_cap;
    csv_cell *cells; // pointing into bytes (chunk_grow_bytes moves them with it)
    size_t cell_count;
    size_t cell_cap;
    char *bytes;
    size_t byte_len;
    size_t byte_cap;
    // When `typed`, the data records' typed cells (rows[i] for records[i]; the header's is
    // unused), typed by the reader thread once the chunk was full; their lists and problem texts
    // live in `mem`. Otherwise the calling thread types each record as it scores it.
    bool typed;
    typed_row *rows;
    size_t row_count; // rows allocated
    arena *mem;
    bool file_end;
    bool open_failed;
    int open_errno;
    bool read_ok;
    bool last;
    diag_list diags;
    char sha256[65]; // at file_end, when read_ok: the file's digest
    char sheet[256]; // at file_end: the worksheet read, "" for CSV
} chunk;

typedef struct ring {
    pthread_mutex_t lock;
    pthread_cond_t filled;
    pthread_cond_t emptied;
    chunk chunks[CHUNK_RING];
    size_t head; // next chunk the evaluator takes
    size_t full; // chunks handed over and not yet released
    // The reader's side.
    const char *const *paths;
    FILE *const *streams;
    size_t count;
    const csv_options *csv;
    const submission_options *input;
    const checklist *cl;
    int typing;   // batch_options.typing
    bool digests; // whether to hash each file as it is read (batch_options.digests)
    size_t max_records;
    size_t tail; // chunk the reader is filling
} ring;

static void chunk_reset(chunk *c, size_t file)
{
    if (!c->mem)
        c->mem = arena_new();
    arena_reset(c->mem);
    c->file = file;
    c->record_count = 0;
    c->cell_count = 0;
    c->byte_len = 0;
    c->file_end = false;
    c->open_failed = false;
    c->open_errno = 0;
    c->read_ok = true;
    c->last = false;
    c->sheet[0] = '\0';
}

// The reader's chunk, once the evaluator has released it.
static chunk *ring_acquire(ring *r, size_t file)
{
    pthread_mutex_lock(&r->lock);
    while (r->full == CHUNK_RING)
        pthread_cond_wait(&r->emptied, &r->lock);
    pthread_mutex_unlock(&r->lock);
    chunk *c = &r->chunks[r->tail];
    chunk_reset(c, file);
    return c;
}

static void ring_publish(ring *r)
{
    pthread_mutex_lock(&r->lock);
    r->full++;
    r->tail = (r->tail + 1) % CHUNK_RING;
    pthread_cond_signal(&r->filled);
    pthread_mutex_unlock(&r->lock);
}

static chunk *ring_take(ring *r)
{
    pthread_mutex_lock(&r->lock);
    while (r->full == 0)
        pthread_cond_wait(&r->filled, &r->lock);
    pthread_mutex_unlock(&r->lock);
    return &r->chunks[r->head];
}

static void ring_release(ring *r)
{
    pthread_mutex_lock(&r->lock);
    r->head = (r->head + 1) % CHUNK_RING;
    r->full--;
    pthread_cond_signal(&r->emptied);
    pthread_mutex_unlock(&r->lock);
}

typedef struct reader_state {
    ring *r;
    chunk *cur;
    size_t file;
    diag_list file_diags;
    row_typer *typer; // the reader's own column mapping, from each file's header
} reader_state;

// The record i of a chunk, as csv_read gave it (its cells point into the chunk's bytes).
static csv_record chunk_record_at(const chunk *c, size_t i)
{
    const chunk_record *cr = &c->records[i];
    return (csv_record){
        .cells = c->cells + cr->first_cell,
        .count = cr->count,
        .index = cr->index,
        .line = cr->line,
        .end_line = cr->end_line,
        .error = cr->error_off == SIZE_MAX ? NULL : c->bytes + cr->error_off,
        .error_column = cr->error_column,
    };
}

// In the reader thread, once no record will be added: every data record typed, so the calling
// thread only scores.
static void type_chunk(reader_state *st, chunk *c)
{
    if (c->row_count < c->record_count) {
        c->rows = xrealloc(c->rows, c->record_count * sizeof(typed_row));
        for (; c->row_count < c->record_count; c->row_count++)
            c->rows[c->row_count] = typed_row_new(st->r->cl);
    }
    for (size_t i = 0; i < c->record_count; i++) {
        csv_record record = chunk_record_at(c, i);
        if (record.index > 0)
            row_typer_type(st->typer, &record, c->mem, &c->rows[i]);
    }
    c->typed = true;
}

// Whether the calling thread is behind: besides the chunk it may be scoring, another one waits.
static bool evaluator_behind(ring *r)
{
    pthread_mutex_lock(&r->lock);
    bool behind = r->full > 1;
    pthread_mutex_unlock(&r->lock);
    return behind;
}

// Hands the full chunk over. Typing goes to whichever thread has time: the reader types the
// chunk first when the calling thread is behind (a chunk waits for it besides the one it is
// scoring), and leaves it to the calling thread otherwise. So the two threads share the typing,
// whichever of reading or scoring costs more on the data at hand. (Typing whenever the calling
// thread was merely busy left the reader with 62% of the work on the bench rows; this way 53%.)
static void publish(reader_state *st)
{
    chunk *c = st->cur;
    c->typed = false;
    ring *r = st->r;
    if (r->typing == BATCH_TYPING_READER ||
        (r->typing == BATCH_TYPING_SHARED && evaluator_behind(r)))
        type_chunk(st, c);
    ring_publish(r);
}

// Room for need bytes in c->bytes; the cells already copied move with them.
static void chunk_grow_bytes(chunk *c, size_t need)
{
    if (need <= c->byte_cap)
        return;
    uintptr_t old = (uintptr_t)c->bytes;
    xgrow((void **)&c->bytes, &c->byte_cap, need, 1);
    for (size_t i = 0; i < c->cell_count; i++)
        c->cells[i].ptr = c->bytes + ((uintptr_t)c->cells[i].ptr - old);
}

static bool copy_record(void *ctx, const csv_record *record)
{
    reader_state *st = ctx;
    chunk *c = st->cur;
    if (c->record_count && (c->record_count >= st->r->max_records || c->byte_len >= CHUNK_BYTES)) {
        publish(st);
        c = st->cur = ring_acquire(st->r, st->file);
    }
    // The records of a file follow its header, in the same or a later chunk: the mapping is set
    // before any of them is typed.
    if (record->index == 0)
        row_typer_set_header(st->typer, record);
    size_t n = record->count;
    xgrow((void **)&c->cells, &c->cell_cap, c->cell_count + n, sizeof(csv_cell));
    xgrow((void **)&c->records, &c->record_cap, c->record_count + 1, sizeof(chunk_record));
    size_t error_len = record->error ? strlen(record->error) + 1 : 0;
    size_t bytes = error_len;
    for (size_t i = 0; i < n; i++)
        bytes += record->cells[i].len + 1;
    chunk_grow_bytes(c, c->byte_len + bytes);
    if (n) {
        // csv_read mostly keeps a record's cells back to back, each NUL-terminated: then one
        // copy does, and each cell by itself otherwise.
        const csv_cell *in = record->cells;
        csv_cell *cells = c->cells + c->cell_count;
        uintptr_t first = (uintptr_t)in[0].ptr;
        size_t span = bytes - error_len;
        char *dst = c->bytes + c->byte_len;
        uintptr_t end = (uintptr_t)in[n - 1].ptr + in[n - 1].len + 1;
        if (end >= first && end - first == span) {
            memcpy(dst, in[0].ptr, span);
            for (size_t i = 0; i < n; i++)
                cells[i] = (csv_cell){dst + ((uintptr_t)in[i].ptr - first), in[i].len, in[i].line};
        } else {
            for (size_t i = 0; i < n; i++) {
                memcpy(dst, in[i].ptr, in[i].len + 1);
                cells[i] = (csv_cell){dst, in[i].len, in[i].line};
                dst += in[i].len + 1;
            }
        }
        c->byte_len += span;
    }
    size_t error_off = SIZE_MAX;
    if (error_len) {
        error_off = c->byte_len;
        memcpy(c->bytes + error_off, record->error, error_len);
        c->byte_len += error_len;
    }
    c->records[c->record_count++] = (chunk_record){
        .line = record->line,
        .end_line = record->end_line,
        .index = record->index,
        .first_cell = c->cell_count,
        .count = record->count,
        .error_off = error_off,
        .error_column = record->error_column,
    };
    c->cell_count += record->count;
    return true;
}

static void *reader_main(void *arg)
{
    ring *r = arg;
    reader_state st = {.r = r, .typer = row_typer_new(r->cl)};
    for (size_t i = 0; i < r->count; i++) {
        st.file = i;
        st.cur = ring_acquire(r, i);
        FILE *in = open_input(r->paths, r->streams, i);
        if (!in) {
            st.cur->open_failed = true;
            st.cur->open_errno = errno;
        } else {
            csv_options csv = *r->csv;
            sha256_ctx digest;
            sha256_init(&digest);
            csv.digest = r->digests ? &digest : NULL;
            char sheet[256];
            bool ok = submission_read(in, display_name(r->paths[i]), &csv, r->input, copy_record,
                                      &st, sheet, sizeof sheet, &st.file_diags);
            close_input(in, r->streams, i);
            if (ok && r->digests)
                sha256_hex(&digest, st.cur->sha256);
            // csv_read adds a diagnostic only when it stops reading, after the last record it
            // gives: it goes with the chunk that ends the file, so its place in the order holds.
            st.cur->read_ok = ok;
            memcpy(st.cur->sheet, sheet, sizeof sheet);
            st.cur->diags = st.file_diags;
            st.file_diags = (diag_list){0};
        }
        st.cur->file_end = true;
        st.cur->last = i + 1 == r->count;
        publish(&st);
    }
    row_typer_free(st.typer);
    return NULL;
}

// In the calling thread: each record, with the cells the reader thread typed if it did.
static void evaluate_chunk(batch_ctx *b, chunk *c)
{
    for (size_t i = 0; i < c->record_count; i++) {
        csv_record record = chunk_record_at(c, i);
        take_record(b, &record, c->typed ? &c->rows[i] : NULL);
    }
}

static void chunk_free(chunk *c)
{
    free(c->records);
    free(c->cells);
    free(c->bytes);
    for (size_t i = 0; i < c->row_count; i++)
        typed_row_free(&c->rows[i]);
    free(c->rows);
    arena_free(c->mem);
    diag_list_clear(&c->diags);
}

// False when the reader thread could not be started (nothing was read then).
static bool run_threaded(batch_ctx *b, const char *const *paths, size_t count,
                         const batch_options *opts)
{
    ring *r = xcalloc(1, sizeof(ring));
    r->paths = paths;
    r->streams = opts->streams;
    r->count = count;
    r->csv = &opts->csv;
    r->input = &opts->input;
    r->cl = b->cl;
    r->typing = opts->typing;
    r->digests = opts->digests != NULL;
    size_t by_cells = CHUNK_TYPED_CELLS / (b->cl->field_count ? b->cl->field_count : 1);
    r->max_records = opts->batch_records            ? opts->batch_records
                     : by_cells > CHUNK_MIN_RECORDS ? by_cells
                                                    : CHUNK_MIN_RECORDS;
    bool started = false;
    pthread_t reader;
    if (pthread_mutex_init(&r->lock, NULL) == 0) {
        if (pthread_cond_init(&r->filled, NULL) == 0) {
            if (pthread_cond_init(&r->emptied, NULL) == 0) {
                started = pthread_create(&reader, NULL, reader_main, r) == 0;
                if (started) {
                    size_t file = SIZE_MAX;
                    for (bool last = false; !last;) {
                        chunk *c = ring_take(r);
                        if (c->file != file) {
                            file = c->file;
                            b->file = display_name(paths[file]);
                            b->file_records = 0;
                            b->file_first_diag = b->diags->count;
                        }
                        if (c->open_failed) {
                            cannot_open(b, c->open_errno);
                        } else {
                            evaluate_chunk(b, c);
                            if (c->file_end) {
                                for (size_t i = 0; i < c->diags.count; i++) {
                                    const diag *d = &c->diags.items[i];
                                    diag_add(b->diags, d->severity, d->file, d->line, d->column,
                                             d->pointer, "%s", d->message);
                                }
                                diag_list_clear(&c->diags);
                                if (c->read_ok && opts->digests)
                                    memcpy(opts->digests[file], c->sha256, sizeof c->sha256);
                                end_file(b, c->read_ok, c->sheet);
                            }
                        }
                        last = c->last;
                        ring_release(r);
                    }
                    pthread_join(reader, NULL);
                }
                pthread_cond_destroy(&r->emptied);
            }
            pthread_cond_destroy(&r->filled);
        }
        pthread_mutex_destroy(&r->lock);
    }
    for (size_t i = 0; i < CHUNK_RING; i++)
        chunk_free(&r->chunks[i]);
    free(r);
    return started;
}

// --- two threads by parts: the calling thread cuts each file at record boundaries into parts of
// raw bytes; a worker thread reads, types, evaluates and renders whole parts, and so does the
// calling thread whenever it would otherwise wait; whichever thread reads the next part in input
// order writes its rendering (part_read), and the calling thread takes the parts in input order
// (diagnostics, counts). One worker, not two: two workers and the calling thread's cutting and
// writing were three threads on two cores ---

// Parts in flight (being filled, queued, read, written or waiting to be taken): with the parts'
// bytes and renderings this bounds the memory.
#define PART_RING 4
#define PART_WORKERS 1
#define PART_RECORDS ((size_t)256)
// 48 KiB rather than 64: with a read more, a part's bytes stay within 64 KiB, and so does the
// buffer csv_read_part fills with its cells (it doubled to 128 KiB in each of the two threads).
#define PART_BYTES ((size_t)48 * 1024)
// Parts are made smaller when their renderings are large (a csv report writes a row per
// requirement): about this many bytes rendered a part, from the ratio seen so far, but no
// smaller than PART_MIN_BYTES of input.
#define PART_RENDERED ((size_t)32 * 1024)
#define PART_MIN_BYTES ((size_t)4 * 1024)
// The calling thread reads a file's first block in csv_read's size (where csv_read detects the
// delimiter), the rest in smaller reads, so that a part's bytes stay near its size.
#define PART_BLOCK ((size_t)64 * 1024)
#define PART_READ ((size_t)16 * 1024)

typedef struct part {
    bool done; // read, waiting to be written and taken
    // Set by the calling thread.
    size_t file;
    bool file_start; // the file's first part (its header first)
    bool file_end;   // the file's last part
    char delimiter;
    unsigned char *bytes;
    size_t len, cap;
    long line;           // the line it starts on
    size_t index;        // the index of its first record in the file
    size_t project_base; // the projects before it in the batch
    size_t room;         // the row diagnostics it may keep
    int read_errno;      // file_end: reading the file failed with this (0: it did not)
    // Set by the worker.
    batch_status status;
    diag_list diags;
    size_t unlimited; // diags[0, unlimited) are about the header: kept whatever the limit
    size_t records;
    bool header;
    long header_end_line;
    size_t not_utf8;
    long not_utf8_line;
    bool read_ok;
    diag_list reader_diags;
    void *rendered;
    size_t rendered_bytes; // what writing it wrote (set by the thread that wrote it)
} part;

typedef struct parts_run {
    pthread_mutex_t lock;
    pthread_cond_t queued; // a part was queued, or the run ends
    pthread_cond_t done;   // a part was read
    part parts[PART_RING];
    // Parts are numbered in input order: the next to fill, to queue, to read, to write, to take.
    size_t filled, queued_count, read, written, taken;
    bool writing; // a thread is writing parts (part_read)
    bool finished;
    const checklist *cl;
    const batch_options *opts;
    const char *const *paths;
    // The current file's first part (its header), for a worker that reads a later part first.
    unsigned char *head;
    size_t head_len;
    batch_ctx *b;
    // The current file's not-UTF-8 records (submission_read's hint), as the parts are taken.
    size_t not_utf8;
    long not_utf8_line;
    bool file_ok;
    // Bytes read and rendered by the parts taken so far.
    size_t bytes_in, bytes_out;
    // The most bytes the parts' buffers held at once (batch_options.parts_held).
    size_t held_most;
    // The calling thread's own evaluator and renderer, for the parts it reads itself.
    struct worker *self;
} parts_run;

typedef struct worker {
    parts_run *run;
    evaluator *ev;
    void *render;
    size_t header_file; // the file whose header ev has (SIZE_MAX: none)
    const typed_cell **invalid;
    size_t invalid_cap;
    pthread_t thread;
} worker;

typedef struct part_reader {
    batch_ctx *b;
    part *p;
} part_reader;

static bool part_record(void *ctx, const csv_record *record)
{
    part_reader *pr = ctx;
    part *p = pr->p;
    if (submission_not_utf8(record) && !p->not_utf8++)
        p->not_utf8_line = record->line;
    take_record(pr->b, record, NULL);
    p->records++;
    if (record->index == 0) {
        p->header = true;
        p->header_end_line = pr->b->header_end_line;
        p->unlimited = p->diags.count;
    }
    return true;
}

static bool set_header_only(void *ctx, const csv_record *record)
{
    batch_ctx *b = ctx;
    diag_list ignored = {0}; // given once, by the worker that reads the header's part
    evaluator_set_header(b->ev, record, b->file, &ignored);
    diag_list_clear(&ignored);
    return false;
}

// In a worker thread: reads, types, evaluates and renders one part.
static void read_part(worker *w, part *p)
{
    parts_run *run = w->run;
    const batch_options *opts = run->opts;
    batch_ctx b = {
        .cl = run->cl,
        .ev = w->ev,
        .file = display_name(run->paths[p->file]),
        .fn = opts->renderer->project,
        .fn_ctx = w->render,
        .status = &p->status,
        .diags = &p->diags,
        .invalid = w->invalid,
        .invalid_cap = w->invalid_cap,
        .project_base = p->project_base,
        .room = p->room,
    };
    csv_options csv = {
        .delimiter = p->delimiter,
        .max_cell = opts->csv.max_cell,
        .max_columns = opts->csv.max_columns,
        .libcsv_only = opts->csv.libcsv_only,
    };
    if (p->index > 0 && w->header_file != p->file)
        csv_read_part(run->head, run->head_len, NULL, 1, 0, b.file, &csv, set_header_only, &b,
                      NULL);
    w->header_file = p->file;
    memset(&p->status, 0, sizeof p->status);
    p->records = 0;
    p->header = false;
    p->unlimited = 0;
    p->not_utf8 = 0;
    csv.cut_short = p->read_errno != 0;
    // Nothing reads a part's bytes again once it is read (csv_options.bytes_writable), except
    // take_part's line count after a read error.
    csv.bytes_writable = p->read_errno == 0;
    part_reader pr = {.b = &b, .p = p};
    p->read_ok = csv_read_part(p->bytes, p->len, NULL, p->line, p->index, b.file, &csv, part_record,
                               &pr, &p->reader_diags);
    p->rendered = opts->renderer->take(w->render);
    w->invalid = b.invalid;
    w->invalid_cap = b.invalid_cap;
}

// A part is read: written now if it is the next in input order, with the parts read after it,
// by the thread that read it, unless another thread is writing them (which then writes it too, as
// it checks for the next part under the lock after each one). So writing is shared by the two
// threads, and the calling thread cuts on instead of writing every part. take_next waits on
// run->done for the parts written.
static void part_read(parts_run *run, part *p)
{
    const batch_renderer *r = run->opts->renderer;
    pthread_mutex_lock(&run->lock);
    p->done = true;
    while (!run->writing && run->written < run->queued_count &&
           run->parts[run->written % PART_RING].done) {
        part *next = &run->parts[run->written % PART_RING];
        run->writing = true;
        pthread_mutex_unlock(&run->lock);
        next->rendered_bytes = r->write(r->ctx, next->rendered, next->status.summary.projects);
        next->rendered = NULL;
        pthread_mutex_lock(&run->lock);
        run->written++;
        run->writing = false;
        pthread_cond_broadcast(&run->done);
    }
    pthread_mutex_unlock(&run->lock);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    parts_run *run = w->run;
    for (;;) {
        pthread_mutex_lock(&run->lock);
        while (run->read == run->queued_count && !run->finished)
            pthread_cond_wait(&run->queued, &run->lock);
        if (run->read == run->queued_count) {
            pthread_mutex_unlock(&run->lock);
            return NULL;
        }
        part *p = &run->parts[run->read++ % PART_RING];
        pthread_mutex_unlock(&run->lock);
        read_part(w, p);
        part_read(run, p);
    }
}

// The line csv_read names a read error with: the line after the last line end it read.
static long line_after(const unsigned char *s, size_t n, long line)
{
    for (size_t i = 0; i < n; i++)
        line += s[i] == '\n' || (s[i] == '\r' && !(i + 1 < n && s[i + 1] == '\n'));
    return line;
}

// In the calling thread, in input order, once written: a part's diagnostics and counts, as one
// thread would have given them; at the end of a file, what single-threaded reading says then.
static void take_part(parts_run *run, part *p)
{
    batch_ctx *b = run->b;
    if (p->file_start) {
        b->file = display_name(run->paths[p->file]);
        b->file_records = 0;
        b->file_first_diag = b->diags->count;
        run->not_utf8 = 0;
        run->file_ok = true;
    }
    for (size_t i = 0; i < p->diags.count; i++) {
        const diag *d = &p->diags.items[i];
        if (i < p->unlimited || diag_list_room(b->diags))
            diag_add(b->diags, d->severity, d->file, d->line, d->column, d->pointer, "%s",
                     d->message);
    }
    b->diags->dropped += p->diags.dropped;
    diag_list_clear(&p->diags);
    batch_summary *s = &b->status->summary;
    s->projects += p->status.summary.projects;
    s->pass += p->status.summary.pass;
    s->gap += p->status.summary.gap;
    s->invalid += p->status.summary.invalid;
    s->new_gaps += p->status.summary.new_gaps;
    s->new_invalid += p->status.summary.new_invalid;
    b->status->failed_files += p->status.failed_files;
    b->file_records += p->records;
    if (p->header)
        b->header_end_line = p->header_end_line;
    if (p->not_utf8 && !run->not_utf8)
        run->not_utf8_line = p->not_utf8_line;
    run->not_utf8 += p->not_utf8;
    run->bytes_in += p->len;
    run->bytes_out += p->rendered_bytes;
    for (size_t i = 0; i < p->reader_diags.count; i++) {
        const diag *d = &p->reader_diags.items[i];
        diag_add(b->diags, d->severity, d->file, d->line, d->column, d->pointer, "%s", d->message);
    }
    diag_list_clear(&p->reader_diags);
    run->file_ok &= p->read_ok;
    if (!p->file_end)
        return;
    if (p->read_errno) {
        bool fed = p->len > 0 || p->line > 1 || p->index > 0;
        diag_add(b->diags, DIAG_ERROR, b->file, fed ? line_after(p->bytes, p->len, p->line) : 1, 1,
                 NULL, "cannot read: %s", strerror(p->read_errno));
        run->file_ok = false;
    }
    submission_hint_not_utf8(b->file, run->not_utf8, run->not_utf8_line, b->diags);
    end_file(b, run->file_ok, "");
}

// Takes the next part once written (waiting for it when `wait`); false when it is not yet.
static bool take_next(parts_run *run, bool wait)
{
    part *p = &run->parts[run->taken % PART_RING];
    pthread_mutex_lock(&run->lock);
    while (wait && run->written == run->taken)
        pthread_cond_wait(&run->done, &run->lock);
    bool written = run->written > run->taken;
    if (written)
        p->done = false;
    pthread_mutex_unlock(&run->lock);
    if (!written)
        return false;
    take_part(run, p);
    run->taken++;
    return true;
}

// In the calling thread, instead of waiting: reads the next queued part itself, as a worker does,
// so that the calling thread's time between cutting and writing is not lost. False when no part
// is waiting to be read.
static bool read_queued(parts_run *run)
{
    pthread_mutex_lock(&run->lock);
    part *p = run->read < run->queued_count ? &run->parts[run->read++ % PART_RING] : NULL;
    pthread_mutex_unlock(&run->lock);
    if (!p)
        return false;
    read_part(run->self, p);
    part_read(run, p);
    return true;
}

// Takes the oldest part in flight, reading queued parts meanwhile while it is not read yet.
static void take_oldest(parts_run *run)
{
    while (!take_next(run, false))
        if (!read_queued(run)) {
            take_next(run, true);
            return;
        }
}

// A free part to fill, for `file`: parts already read are taken meanwhile.
static part *part_acquire(parts_run *run, size_t file)
{
    while (run->taken < run->queued_count && take_next(run, false))
        ;
    while (run->filled - run->taken == PART_RING)
        take_oldest(run);
    part *p = &run->parts[run->filled++ % PART_RING];
    p->file = file;
    p->file_start = p->file_end = false;
    p->len = 0;
    p->read_errno = 0;
    return p;
}

// Hands the part (the next in order) to the workers.
static void part_queue(parts_run *run, part *p)
{
    diag_list *d = run->b->diags;
    p->room = d->limit > d->count ? d->limit - d->count : 0;
    pthread_mutex_lock(&run->lock);
    run->queued_count++;
    pthread_cond_signal(&run->queued);
    pthread_mutex_unlock(&run->lock);
}

// Grows a part's bytes to hold `need`, a read (PART_READ) at a time rather than doubling: a part
// holds at most its size and one read more (64 KiB), where doubling kept 128 KiB for each part in
// flight.
static void part_reserve(part *p, size_t need)
{
    if (need <= p->cap)
        return;
    size_t cap = (need + PART_READ - 1) / PART_READ * PART_READ;
    p->bytes = xrealloc(p->bytes, cap);
    p->cap = cap;
}

// Notes the bytes the parts' buffers hold now, for batch_options.parts_held.
static void note_held(parts_run *run)
{
    size_t held = 0;
    for (size_t i = 0; i < PART_RING; i++)
        held += run->parts[i].cap;
    if (held > run->held_most)
        run->held_most = held;
}

// Passes the bytes of p after `at` (read past its end) to next, the part after it. When p ends
// before the middle of what was read (small parts, as when renderings are large, or the file's
// 64 KiB first block), the buffer stays with what is read next and p's bytes are copied into
// next's buffer instead: so the part being filled holds a read's worth and the parts queued about
// their own size. (Passing every rest on, the 64 KiB first block went from part to part, and the
// four parts in flight held about 80 KiB each however small they were.)
static void part_pass_rest(parts_run *run, part *p, part *next, size_t at)
{
    size_t rest = p->len - at;
    if (at < rest) {
        part_reserve(next, at);
        memcpy(next->bytes, p->bytes, at);
        memmove(p->bytes, p->bytes + at, rest);
        unsigned char *bytes = p->bytes;
        size_t cap = p->cap;
        p->bytes = next->bytes;
        p->cap = next->cap;
        next->bytes = bytes;
        next->cap = cap;
    } else {
        part_reserve(next, rest + PART_READ);
        memcpy(next->bytes, p->bytes + at, rest);
    }
    next->len = rest;
    p->len = at;
    note_held(run);
}

// The most bytes of input in a part: opts->batch_bytes, or PART_BYTES made smaller when the
// parts taken so far rendered more than PART_RENDERED bytes for that.
static size_t part_bytes(const parts_run *run, const batch_options *opts)
{
    if (opts->batch_bytes)
        return opts->batch_bytes;
    if (!run->bytes_out) // (the first parts, before their renderings are known)
        return PART_MIN_BYTES;
    if (run->bytes_out / run->bytes_in < 2)
        return PART_BYTES;
    size_t n = PART_RENDERED / (run->bytes_out / run->bytes_in);
    return n < PART_MIN_BYTES ? PART_MIN_BYTES : n > PART_BYTES ? PART_BYTES : n;
}

// A part that grows past this without a record boundary (a cell of megabytes, a quote that does
// not close) is not cut: the rest of its file is read in the calling thread, as one thread reads
// it, in memory bounded by the cell limit rather than by the file.
static size_t part_limit(const batch_options *opts)
{
    return 4 * (opts->batch_bytes ? opts->batch_bytes : PART_BYTES) + PART_BLOCK;
}

typedef struct rest_reader {
    parts_run *run;
    void *render;
    size_t projects; // rendered and not yet written
} rest_reader;

// Hands what the calling thread rendered to the writer: all parts before it have been taken.
static void rest_write(rest_reader *rr)
{
    const batch_renderer *r = rr->run->opts->renderer;
    r->write(r->ctx, r->take(rr->render), rr->projects);
    rr->projects = 0;
}

static bool rest_record(void *ctx, const csv_record *record)
{
    rest_reader *rr = ctx;
    parts_run *run = rr->run;
    if (submission_not_utf8(record) && !run->not_utf8++)
        run->not_utf8_line = record->line;
    size_t before = run->b->status->summary.projects;
    take_record(run->b, record, NULL);
    rr->projects += run->b->status->summary.projects - before;
    if (rr->projects >= PART_RECORDS)
        rest_write(rr);
    return true;
}

// The rest of file i from part p on (filled, not queued), read in the calling thread once every
// part before it has been taken: the header from run->head, p's bytes, then the rest of `in`.
static void parts_rest(parts_run *run, part *p, FILE *in, sha256_ctx *digest, size_t i)
{
    batch_ctx *b = run->b;
    const batch_options *opts = run->opts;
    while (run->taken + 1 < run->filled)
        take_oldest(run);
    if (p->file_start) {
        b->file = display_name(run->paths[i]);
        b->file_records = 0;
        b->file_first_diag = b->diags->count;
        run->not_utf8 = 0;
        run->file_ok = true;
    }
    csv_options csv = {
        .delimiter = p->delimiter,
        .max_cell = opts->csv.max_cell,
        .max_columns = opts->csv.max_columns,
        .libcsv_only = opts->csv.libcsv_only,
        .digest = digest,
        .bytes_read = opts->csv.bytes_read,
    };
    if (p->index > 0)
        csv_read_part(run->head, run->head_len, NULL, 1, 0, b->file, &csv, set_header_only, b,
                      NULL);
    const batch_renderer *r = opts->renderer;
    rest_reader rr = {.run = run, .render = r->worker_new(r->ctx)};
    batch_project_fn fn = b->fn;
    void *fn_ctx = b->fn_ctx;
    b->fn = r->project;
    b->fn_ctx = rr.render;
    bool ok = csv_read_part(p->bytes, p->len, in, p->line, p->index, b->file, &csv, rest_record,
                            &rr, b->diags);
    rest_write(&rr);
    r->worker_free(rr.render);
    b->fn = fn;
    b->fn_ctx = fn_ctx;
    // p was filled and is read here, never queued: counted as queued, read and taken, so that the
    // next file's parts are found where the worker looks for them (it hung waiting there before).
    pthread_mutex_lock(&run->lock);
    run->queued_count++;
    run->read++;
    run->written++;
    pthread_mutex_unlock(&run->lock);
    run->taken++;
    if (ok && digest)
        sha256_hex(digest, opts->digests[i]);
    submission_hint_not_utf8(b->file, run->not_utf8, run->not_utf8_line, b->diags);
    end_file(b, ok && run->file_ok, "");
}

// One input: read in blocks, cut after its header and then every max_records records or
// max_bytes bytes at the first record boundary, each part handed over as it is cut; returns once
// every part of it has been taken.
static void parts_file(parts_run *run, size_t i)
{
    const batch_options *opts = run->opts;
    batch_ctx *b = run->b;
    FILE *in = open_input(run->paths, opts->streams, i);
    if (!in) {
        b->file = display_name(run->paths[i]);
        cannot_open(b, errno);
        return;
    }
    size_t max_records = opts->batch_records ? opts->batch_records : PART_RECORDS;
    sha256_ctx digest;
    sha256_init(&digest);
    size_t file_base = b->status->summary.projects;
    part *p = part_acquire(run, i);
    p->file_start = true;
    p->line = 1;
    p->index = 0;
    p->project_base = file_base;
    csv_split sp = {0};
    size_t scan = 0, in_part = 0;
    long lines = 0;
    bool at_end = false, first = true;
    while (!at_end) {
        size_t want = first ? PART_BLOCK : PART_READ;
        part_reserve(p, p->len + want);
        note_held(run);
        size_t n = fread(p->bytes + p->len, 1, want, in);
        if (opts->digests && n)
            sha256_update(&digest, p->bytes + p->len, n);
        if (opts->csv.bytes_read)
            atomic_fetch_add_explicit(opts->csv.bytes_read, n, memory_order_relaxed);
        p->len += n;
        if (n < want) {
            at_end = true;
            if (ferror(in))
                p->read_errno = errno ? errno : EIO;
        }
        if (first) {
            first = false;
            char delimiter = ',';
            (void)csv_first_block(p->bytes, p->len, opts->csv.delimiter, &delimiter);
            sp.delimiter = (unsigned char)delimiter;
            scan = csv_bom_length(p->bytes, p->len); // the header begins after it
        }
        for (;;) {
            bool header = p->index == 0;
            size_t records = header ? 1 : max_records;
            size_t max_bytes = part_bytes(run, opts);
            size_t room = header ? SIZE_MAX : max_bytes > scan ? max_bytes - scan : 0;
            scan += csv_split_lines(&sp, p->bytes + scan, p->len - scan, at_end && !p->read_errno,
                                    room, records, &lines, &in_part);
            bool cut = scan > 0 && csv_split_at_boundary(&sp) &&
                       (header ? in_part > 0 : scan >= max_bytes || in_part >= records);
            if (!cut || (at_end && scan == p->len))
                break;
            part *next = part_acquire(run, i);
            next->line = p->line + lines;
            next->index = p->index + in_part;
            next->project_base = file_base + next->index - 1;
            next->read_errno = p->read_errno;
            part_pass_rest(run, p, next, scan);
            p->read_errno = 0;
            p->delimiter = (char)sp.delimiter;
            if (header) {
                xgrow((void **)&run->head, &run->head_len, p->len, 1);
                memcpy(run->head, p->bytes, p->len);
                run->head_len = p->len;
            }
            part_queue(run, p);
            p = next;
            scan = 0;
            lines = 0;
            in_part = 0;
        }
        if (!at_end && p->len >= part_limit(opts)) {
            p->delimiter = (char)sp.delimiter;
            parts_rest(run, p, in, opts->digests ? &digest : NULL, i);
            close_input(in, opts->streams, i);
            return;
        }
    }
    close_input(in, opts->streams, i);
    p->delimiter = (char)sp.delimiter;
    p->file_end = true;
    if (!p->read_errno && opts->digests)
        sha256_hex(&digest, opts->digests[i]);
    part_queue(run, p);
    while (run->taken < run->filled)
        take_oldest(run);
}

// Whether every input can be read in parts: a CSV file read as UTF-8 (submission_plain_csv)
// from a stream that can seek back to where it starts (a pipe is read by the reader thread).
static bool parts_possible(const char *const *paths, size_t count, const batch_options *opts)
{
    if (!opts->renderer || opts->waivers)
        return false;
    unsigned char *head = xmalloc(PART_BLOCK);
    bool ok = true;
    for (size_t i = 0; ok && i < count; i++) {
        FILE *in = open_input(paths, opts->streams, i);
        if (!in)
            continue; // said in its turn
        off_t start = ftello(in);
        size_t n = start >= 0 ? fread(head, 1, PART_BLOCK, in) : 0;
        char delimiter;
        ok = start >= 0 && !ferror(in) && fseeko(in, start, SEEK_SET) == 0 &&
             submission_plain_csv(head, n, &opts->csv, &opts->input, &delimiter);
        close_input(in, opts->streams, i);
    }
    free(head);
    return ok;
}

// What reads parts, a worker thread's or the calling thread's: its own evaluator and renderer.
static void reader_init(worker *w, parts_run *run, const batch_options *opts)
{
    *w = (worker){.run = run, .ev = evaluator_new(run->cl), .header_file = SIZE_MAX};
    evaluator_set_baseline(w->ev, opts->baseline);
    evaluator_set_explanations(w->ev, !opts->skip_explanations);
    w->render = opts->renderer->worker_new(opts->renderer->ctx);
}

static void reader_fini(worker *w, const batch_options *opts)
{
    opts->renderer->worker_free(w->render);
    evaluator_free(w->ev);
    free(w->invalid);
}

// False when the workers could not be started (nothing was read then).
static bool run_parts(batch_ctx *b, const char *const *paths, size_t count,
                      const batch_options *opts)
{
    parts_run *run = xcalloc(1, sizeof *run);
    run->cl = b->cl;
    run->opts = opts;
    run->paths = paths;
    run->b = b;
    worker workers[PART_WORKERS];
    size_t started = 0;
    bool ok = pthread_mutex_init(&run->lock, NULL) == 0;
    if (ok && pthread_cond_init(&run->queued, NULL) != 0) {
        pthread_mutex_destroy(&run->lock);
        ok = false;
    }
    if (ok && pthread_cond_init(&run->done, NULL) != 0) {
        pthread_cond_destroy(&run->queued);
        pthread_mutex_destroy(&run->lock);
        ok = false;
    }
    for (; ok && started < PART_WORKERS; started++) {
        worker *w = &workers[started];
        reader_init(w, run, opts);
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            reader_fini(w, opts);
            break;
        }
    }
    if (ok && started == PART_WORKERS) {
        worker self;
        reader_init(&self, run, opts);
        run->self = &self;
        for (size_t i = 0; i < count; i++)
            parts_file(run, i);
        run->self = NULL;
        reader_fini(&self, opts);
    }
    if (ok) {
        pthread_mutex_lock(&run->lock);
        run->finished = true;
        pthread_cond_broadcast(&run->queued);
        pthread_mutex_unlock(&run->lock);
        for (size_t i = 0; i < started; i++) {
            pthread_join(workers[i].thread, NULL);
            reader_fini(&workers[i], opts);
        }
        pthread_cond_destroy(&run->done);
        pthread_cond_destroy(&run->queued);
        pthread_mutex_destroy(&run->lock);
    }
    for (size_t i = 0; i < PART_RING; i++) {
        free(run->parts[i].bytes);
        diag_list_clear(&run->parts[i].diags);
        diag_list_clear(&run->parts[i].reader_diags);
    }
    if (opts->parts_held)
        *opts->parts_held = run->held_most;
    free(run->head);
    free(run);
    return ok && started == PART_WORKERS;
}

unsigned batch_default_threads(void)
{
    const char *env = getenv("DDCHECK_THREADS");
    if (env && (strcmp(env, "1") == 0 || strcmp(env, "2") == 0))
        return (unsigned)(env[0] - '0');
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus >= 2 ? 2 : 1;
}

void batch_run(const checklist *cl, const char *const *paths, size_t count,
               const batch_options *opts, batch_project_fn fn, void *ctx, batch_status *status,
               diag_list *diags)
{
    static const char *const stdin_only[] = {"-"};
    if (count == 0) {
        paths = stdin_only;
        count = 1;
    }
    memset(status, 0, sizeof *status);
    batch_ctx b = {
        .cl = cl,
        .ev = evaluator_new(cl),
        .fn = fn,
        .fn_ctx = ctx,
        .status = status,
        .diags = diags,
        .room = SIZE_MAX,
    };
    // One cap for every diagnostic of the run from here on (rows, then unused waivers).
    size_t dropped_before = diags->dropped;
    if (!diags->limit)
        diags->limit = diags->count + (opts->max_diagnostics ? opts->max_diagnostics : 1000);
    evaluator_set_waivers(b.ev, opts->waivers);
    evaluator_set_baseline(b.ev, opts->baseline);
    status->summary.baseline = opts->baseline != NULL;
    evaluator_set_explanations(b.ev, !opts->skip_explanations);
    unsigned threads = opts->threads ? opts->threads : batch_default_threads();
    bool done = false;
    if (threads >= 2 && parts_possible(paths, count, opts))
        done = run_parts(&b, paths, count, opts);
    if (!done && (threads < 2 || !run_threaded(&b, paths, count, opts)))
        run_single(&b, paths, count, opts);
    status->dropped_diagnostics = diags->dropped - dropped_before;
    evaluator_free(b.ev);
    free(b.invalid);
}
