// The summary format: one CSV row per project (key, file, line, score, verdict, the ids of the
// requirements not met), built in a buffer with no allocation and no printf per row, for very
// large batches. What every row repeats is prepared once: the file cell, the line's digits
// (counted on from the row before), the verdict cells, each requirement id with its ';'.
#include "report.h"

#include "util/xalloc.h"
#include "reports/escape.h"

#include <stddef.h>
#include <string.h>

enum { SUMMARY_BUFFER = 64 * 1024 };

// An id and the ';' before it in a fixed-size slot, copied whole whatever its length: the ids'
// slots when every id fits (SLOT - 1 bytes or fewer) and is written as it is.
enum { SLOT = 16 };

// Room for the line's digits and the pieces around them (below SUMMARY_BUFFER).
enum { ROW_PIECES = 64 };

typedef struct summary_state {
    outbuf row;
    char *ids;           /* the row's not-met ids joined with ';', with room for slots and quotes */
    size_t *id_lens;     /* strlen of each requirement's id, measured once */
    char *slots;         /* ";id" of requirement i at slots + SLOT * i, or NULL (ids_plain only) */
    size_t words;        /* of project_result.failing */
    bool ids_plain;      /* every id is written as it is (escape_csv_plain) */
    escape_memo file;    /* the input's file name as a cell: the same on every row of an input */
    const char *file_of; /* the file whose cell is file_cell */
    char *file_cell;     /* ",FILE," */
    size_t file_cell_len;
    long line;                  /* the line of the row before (0: none), whose digits are digits */
    char digits[ROW_PIECES];    /* its line number, then bytes of no meaning */
    size_t digits_len;          /* 0: none */
    char bytes[SUMMARY_BUFFER]; /* rows are written a buffer-full at a time, not one by one */
} summary_state;

// ",pass," and the other verdicts as cells between their commas.
static const struct {
    char text[12];
    unsigned char len;
} VERDICT_CELLS[] = {
    [VERDICT_PASS] = {",pass,", 6},
    [VERDICT_GAP] = {",gap,", 5},
    [VERDICT_INVALID] = {",invalid,", 9},
};

// The cell of a new input file (escape_memo keeps it escaped) between its commas, into
// s->file_cell; NULL when no memory stream can be had (then each row escapes it).
static void set_file(summary_state *s, const char *file)
{
    size_t len;
    const char *cell = escape_memo_get(&s->file, escape_csv, file, &len);
    free(s->file_cell);
    s->file_cell = NULL;
    s->file_of = file;
    if (!cell)
        return;
    s->file_cell = xmalloc(len + 2);
    s->file_cell[0] = ',';
    memcpy(s->file_cell + 1, cell, len);
    s->file_cell[len + 1] = ',';
    s->file_cell_len = len + 2;
}

// The digits of line n into s->digits: those of the row before counted on by one when n follows
// it (the usual case: a record a line), else written anew.
static void set_line(summary_state *s, long line)
{
    unsigned long long n = line > 0 ? (unsigned long long)line : 0;
    if (s->digits_len && line > 0 && line == s->line + 1) {
        char *d = s->digits + s->digits_len - 1;
        while (*d == '9' && d > s->digits)
            *d-- = '0';
        if (*d != '9') {
            (*d)++;
            s->line = line;
            return;
        }
        // 9…9 + 1 has one digit more.
    }
    s->digits_len = decimal_ulong(s->digits, n);
    s->line = line;
}

static void *summary_begin(FILE *out, const report_context *ctx)
{
    // Not calloc: the buffer is written before it is read, and zeroing 64 KiB for each part in
    // each thread made all of it resident (and cost about 0.5 % of a two-thread run).
    summary_state *s = xmalloc(sizeof *s);
    memset(s, 0, offsetof(summary_state, bytes));
    outbuf_init(&s->row, out, s->bytes, sizeof s->bytes);
    const checklist *cl = ctx->checklist;
    size_t size = 1, n = cl->requirement_count;
    s->id_lens = xcalloc(n + 1, sizeof(size_t));
    s->ids_plain = true;
    bool fit = true;
    for (size_t i = 0; i < n; i++) {
        s->id_lens[i] = strlen(cl->requirements[i].id);
        size += s->id_lens[i] + 1;
        s->ids_plain &= escape_csv_plain(cl->requirements[i].id, s->id_lens[i]);
        fit &= s->id_lens[i] + 1 <= SLOT;
    }
    if (s->ids_plain && fit) {
        s->slots = xcalloc(n + 1, SLOT);
        for (size_t i = 0; i < n; i++) {
            s->slots[SLOT * i] = ';';
            memcpy(s->slots + SLOT * i + 1, cl->requirements[i].id, s->id_lens[i]);
        }
        size = SLOT * n;
    }
    // The joined ids, then a quote and a newline (or the slack of a slot's copy).
    s->ids = xmalloc(size + SLOT + 2);
    s->words = (n + 63) / 64;
    fputs("key,file,line,score,verdict,not_met\n", out);
    return s;
}

// The ids of p's failing requirements joined with ';', each with a ';' before it, into s->ids:
// their length, and how many in *count.
static size_t join_ids(const summary_state *s, const project_result *p, size_t *count)
{
    const checklist *cl = p->checklist;
    const char *slots = s->slots;
    const size_t *lens = s->id_lens;
    char *q = s->ids;
    size_t k = 0;
    for (size_t w = 0; w < s->words; w++) {
        for (uint64_t bits = p->failing[w]; bits; bits &= bits - 1, k++) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(bits);
            if (slots) {
                memcpy(q, slots + SLOT * i, SLOT);
            } else {
                q[0] = ';';
                memcpy(q + 1, cl->requirements[i].id, lens[i]);
            }
            q += lens[i] + 1;
        }
    }
    *count = k;
    return (size_t)(q - s->ids);
}

// The not_met cell and the row's newline. Ids that are each written as they are (the first's
// first byte starts no formula), joined: only a ';' between two makes escape_csv_to quote them,
// so it need not look at every byte. Without a branch on how many there are: the joined ids
// ";a;b" go out from their second byte ("a"), or from their first made a quote ("\"a;b\"").
static void put_ids(summary_state *s, const project_result *p)
{
    outbuf *row = &s->row;
    size_t count, n = join_ids(s, p, &count);
    char *ids = s->ids;
    if (!s->ids_plain) {
        if (n)
            escape_csv_to(row, ids + 1, n - 1);
        outbuf_putc(row, '\n');
        return;
    }
    size_t any = count > 0, quoted = count > 1;
    ids[0] = quoted ? '"' : ';';
    ids[n] = quoted ? '"' : '\n';
    ids[n + 1] = '\n';
    outbuf_write(row, ids + any - quoted, n - any + 2 * quoted + 1);
}

static void summary_project(void *state, const project_result *p)
{
    summary_state *s = state;
    outbuf *row = &s->row;
    escape_csv_to(row, p->key, p->key_len);
    if (p->file != s->file_of)
        set_file(s, p->file);
    if (s->file_cell) {
        outbuf_write(row, s->file_cell, s->file_cell_len);
    } else {
        outbuf_putc(row, ',');
        escape_csv_to(row, p->file, strlen(p->file));
        outbuf_putc(row, ',');
    }
    set_line(s, p->line);
    // The line, its comma, the score and the verdict between commas: at most
    // DECIMAL_ULONG_DIGITS + 1 + DECIMAL_TENTHS_SMALL_SIZE + 12 bytes, each piece copied whole.
    char *o = outbuf_room(row, ROW_PIECES);
    memcpy(o, s->digits, DECIMAL_ULONG_DIGITS);
    o += s->digits_len;
    *o++ = ',';
    if (p->scored) {
        size_t len = decimal_tenths_small(o, p->score);
        if (!len) { // not a score the evaluator gives: printf's digits, whatever their length
            row->len = (size_t)(o - row->bytes);
            outbuf_put_tenths(row, p->score);
            o = outbuf_room(row, sizeof VERDICT_CELLS[0].text);
        }
        o += len;
    }
    memcpy(o, VERDICT_CELLS[p->verdict].text, sizeof VERDICT_CELLS[0].text);
    o += VERDICT_CELLS[p->verdict].len;
    row->len = (size_t)(o - row->bytes);
    if (p->failing)
        put_ids(s, p);
    else
        outbuf_putc(row, '\n');
}

static void summary_flush(void *state)
{
    summary_state *s = state;
    outbuf_flush(&s->row);
}

static void summary_end(void *state, const batch_summary *summary)
{
    (void)summary;
    summary_state *s = state;
    outbuf_flush(&s->row);
    escape_memo_clear(&s->file);
    free(s->file_cell);
    free(s->ids);
    free(s->id_lens);
    free(s->slots);
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
    .flush = summary_flush,
    .end = summary_end,
};
