/* A file read whole by csv_read, and the same file cut where csv_split_lines finds record
 * boundaries with each part read by csv_read_part (as evaluator/batch.c cuts and reads it), each
 * written down as a transcript of records, lines, cells and errors. Shared by the unit test
 * test_batch_split.c and the fuzz harness fuzz_split.c: the two transcripts must be equal. */
#ifndef DDCHECK_TEST_SPLIT_H
#define DDCHECK_TEST_SPLIT_H

#include "unit/test_transcript.h"
#include "evaluator/csv_reader.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline bool split_on_record(void *ctx, const csv_record *r)
{
    transcript *t = ctx;
    char head[400];
    int n = snprintf(head, sizeof head, "#%zu %ld-%ld [%s|%zu]", r->index, r->line, r->end_line,
                     r->error ? r->error : "", r->error_column);
    transcript_add(t, head, (size_t)n);
    for (size_t i = 0; i < r->count; i++) {
        n = snprintf(head, sizeof head, " %ld:", r->cells[i].line);
        transcript_add(t, head, (size_t)n);
        transcript_add(t, r->cells[i].ptr, r->cells[i].len);
    }
    transcript_add(t, "\n", 1);
    return true;
}

/** The transcript of csv_read over bytes[0, n) (NULL if the stream cannot be opened). */
static inline char *split_read_whole(const char *bytes, size_t n, const csv_options *opts)
{
    FILE *in = fmemopen((void *)(uintptr_t)bytes, n ? n : 1, "rb");
    if (!in)
        return NULL;
    if (!n)
        fgetc(in); // an empty stream
    transcript t = {0};
    transcript_add(&t, "", 0);
    diag_list diags = {0};
    csv_read(in, "f", opts, split_on_record, &t, &diags);
    fclose(in);
    diag_list_clear(&diags);
    return t.text;
}

/** The transcript of bytes[0, n) cut as batch.c cuts it: the header alone, then parts of at most
 *  `records` records or `max_bytes` bytes (whichever comes first), the input arriving `step`
 *  bytes at a time. NULL where csv_read refuses the input's encoding. *parts: how many. */
static inline char *split_read_in_parts(const char *bytes, size_t n, const csv_options *given,
                                        size_t records, size_t max_bytes, size_t step,
                                        size_t *parts)
{
    csv_options opts = *given;
    char delimiter;
    if (!csv_first_block(bytes, n < 65536 ? n : 65536, opts.delimiter, &delimiter))
        return NULL;
    transcript t = {0};
    transcript_add(&t, "", 0);
    opts.delimiter = delimiter;
    csv_split sp = {.delimiter = (unsigned char)delimiter};
    // The file's first block is read whole (batch.c), and the splitter starts after its BOM.
    size_t start = 0, scan = csv_bom_length(bytes, n), index = 0, in_part = 0;
    size_t avail = step < 3 ? 3 : step;
    if (avail > n)
        avail = n;
    long line = 1, lines = 0;
    *parts = 0;
    diag_list diags = {0};
    for (;;) {
        bool at_end = avail == n;
        size_t want = index == 0 ? 1 : records;
        size_t room = max_bytes > scan ? max_bytes - scan : 0;
        scan += csv_split_lines(&sp, bytes + start + scan, avail - start - scan, at_end, room, want,
                                &lines, &in_part);
        bool cut = scan > 0 && csv_split_at_boundary(&sp) &&
                   (index ? scan >= max_bytes || in_part >= want : in_part > 0);
        if (!cut && !at_end) {
            avail = avail + step < n ? avail + step : n;
            continue;
        }
        if (!cut)
            scan = n - start; // the rest: the last part
        if (scan)
            csv_read_part(bytes + start, scan, NULL, line, index, "f", &opts, split_on_record, &t,
                          &diags);
        ++*parts;
        start += scan;
        line += lines;
        index += in_part;
        scan = 0;
        lines = 0;
        in_part = 0;
        if (start == n)
            break;
    }
    diag_list_clear(&diags);
    return t.text;
}

#endif
