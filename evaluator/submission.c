// One entry for reading submissions. A look at the first bytes decides between the CSV and the
// XLSX reader and, for CSV, whether to decode the text first (a UTF-16 or UTF-32 byte-order mark,
// or --encoding) with iconv. The bytes looked at are put back in front of the rest through a
// stream of their own, so that a pipe is read once. Records then pass through here on their way
// to the caller: a decimal comma becomes a point where the file calls for it, and rows that are
// not UTF-8 lead to one hint about --encoding at the end of the file.
#define _GNU_SOURCE
#include "submission.h"

#include "util/xalloc.h"
#include "evaluator/xlsx_reader.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#define HEAD_BYTES 4096

// --- the bytes looked at, then the rest ----------------------------------------------------------

typedef struct source {
    FILE *rest;
    unsigned char head[HEAD_BYTES];
    size_t len;
    size_t at;
    sha256_ctx *digest; // when decoding: the file's own bytes are hashed here
} source;

static size_t source_read(source *s, char *buf, size_t size)
{
    size_t n = 0;
    while (s->at < s->len && n < size)
        buf[n++] = (char)s->head[s->at++];
    if (n < size)
        n += fread(buf + n, 1, size - n, s->rest);
    return n;
}

static ssize_t prefixed_read(void *cookie, char *buf, size_t size)
{
    source *s = cookie;
    size_t n = source_read(s, buf, size);
    if (n == 0 && ferror(s->rest))
        return -1;
    return (ssize_t)n;
}

// --- decoding to UTF-8 ------------------------------------------------------------------------

typedef struct decoder {
    source *src;
    iconv_t cd;
    size_t unit; // bytes of one code unit of the source encoding (skipped on a bad sequence)
    char in[1 << 14];
    size_t in_len;
    size_t in_at;
    bool eof;
    bool error;
} decoder;

static void decoder_refill(decoder *d)
{
    memmove(d->in, d->in + d->in_at, d->in_len - d->in_at);
    d->in_len -= d->in_at;
    d->in_at = 0;
    size_t n = source_read(d->src, d->in + d->in_len, sizeof d->in - d->in_len);
    if (d->src->digest)
        sha256_update(d->src->digest, d->in + d->in_len, n);
    d->in_len += n;
    if (n == 0) {
        d->eof = true;
        d->error = ferror(d->src->rest) != 0;
    }
}

// A sequence that is not valid in the source encoding becomes one byte 0xFF, which is not UTF-8
// either: the CSV reader then reports its row as it reports invalid UTF-8.
static ssize_t decoder_read(void *cookie, char *buf, size_t size)
{
    decoder *d = cookie;
    size_t out = 0;
    while (out < size) {
        if (d->in_at == d->in_len || (d->in_len - d->in_at < 4 && !d->eof))
            decoder_refill(d);
        if (d->in_at == d->in_len)
            break;
        char *in = d->in + d->in_at, *o = buf + out;
        size_t in_left = d->in_len - d->in_at, out_left = size - out;
        size_t r = iconv(d->cd, &in, &in_left, &o, &out_left);
        d->in_at = (size_t)(in - d->in);
        out = (size_t)(o - buf);
        if (r != (size_t)-1)
            continue;
        if (errno == E2BIG)
            break;
        if (errno == EINVAL && !d->eof)
            continue; // an incomplete sequence at the end of what was read: read on
        // EILSEQ, or EINVAL at the end of the file.
        buf[out++] = (char)0xFF;
        size_t skip = d->unit < d->in_len - d->in_at ? d->unit : d->in_len - d->in_at;
        d->in_at += skip ? skip : 1;
    }
    if (out == 0 && d->error)
        return -1;
    return (ssize_t)out;
}

static int decoder_close(void *cookie)
{
    (void)cookie;
    return 0;
}

// The source encoding a byte-order mark names, or NULL (a UTF-8 mark is the CSV reader's).
static const char *bom_encoding(const unsigned char *h, size_t n)
{
    if (n >= 4 && h[0] == 0xFF && h[1] == 0xFE && h[2] == 0 && h[3] == 0)
        return "UTF-32";
    if (n >= 4 && h[0] == 0 && h[1] == 0 && h[2] == 0xFE && h[3] == 0xFF)
        return "UTF-32";
    if (n >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF)))
        return "UTF-16";
    return NULL;
}

static size_t code_unit(const char *encoding)
{
    if (strncasecmp(encoding, "UTF-16", 6) == 0 || strncasecmp(encoding, "UTF16", 5) == 0 ||
        strncasecmp(encoding, "UCS-2", 5) == 0)
        return 2;
    if (strncasecmp(encoding, "UTF-32", 6) == 0 || strncasecmp(encoding, "UTF32", 5) == 0 ||
        strncasecmp(encoding, "UCS-4", 5) == 0)
        return 4;
    return 1;
}

bool submission_encoding_known(const char *encoding)
{
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

static bool is_utf8_name(const char *encoding)
{
    return strcasecmp(encoding, "UTF-8") == 0 || strcasecmp(encoding, "UTF8") == 0;
}

// --- records on their way: decimal commas, the encoding hint -----------------------------------

typedef struct relay {
    csv_record_fn fn;
    void *ctx;
    char decimal;          // the option: 0 (from the delimiter), '.' or ','
    const char *delimiter; // what the CSV reader uses, known when the header comes
    bool comma;            // decimal commas are read as points in this file
    size_t rewritten;      // cells read with a decimal comma
    long first_line;       // where the first one was
    size_t first_column;
    size_t not_utf8; // rows the reader found not UTF-8
    long not_utf8_line;
    csv_cell *cells; // a rewritten record's cells
    size_t cell_cap;
    char *text; // and their bytes
    size_t text_cap;
} relay;

// Whether s[0..len) is wholly a number with one decimal comma ("46,0", "-3,25", "45,5 %"),
// spaces around it allowed; *comma gets the comma's offset. No point, no second comma: "1.234,5"
// and "1,234,567" have thousands separators, which stay invalid.
static bool decimal_comma_number(const char *s, size_t len, size_t *comma)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    size_t digits = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (!digits || i >= len || s[i] != ',')
        return false;
    *comma = i++;
    digits = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (!digits)
        return false;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < len && s[i] == '%')
        i++;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == len;
}

// Whether the cells' numbers have decimal commas: --decimal ',', or by default a ';'-separated
// file (Excel where the comma is the decimal separator).
static bool decimal_commas(char decimal, char delimiter)
{
    return decimal == ',' || (decimal == 0 && delimiter == ';');
}

// The encoding a CSV file is decoded from into UTF-8, or NULL when it is read as UTF-8: the one
// named (unless it names UTF-8), else the one its byte-order mark says.
static const char *csv_encoding(const submission_options *sub, const unsigned char *head, size_t n)
{
    if (sub->encoding)
        return is_utf8_name(sub->encoding) ? NULL : sub->encoding;
    return bom_encoding(head, n);
}

static bool relay_record(void *ctx, const csv_record *record)
{
    relay *r = ctx;
    if (record->index == 0)
        r->comma = decimal_commas(r->decimal, *r->delimiter);
    if (submission_not_utf8(record) && !r->not_utf8++)
        r->not_utf8_line = record->line;
    if (!r->comma || record->index == 0)
        return r->fn(r->ctx, record);
    size_t comma = 0, first = SIZE_MAX;
    for (size_t c = 0; c < record->count && first == SIZE_MAX; c++)
        if (decimal_comma_number(record->cells[c].ptr, record->cells[c].len, &comma))
            first = c;
    if (first == SIZE_MAX)
        return r->fn(r->ctx, record);
    // Copy the record's cells, each number with a decimal comma given a point instead.
    size_t bytes = 0;
    for (size_t c = 0; c < record->count; c++)
        bytes += record->cells[c].len + 1;
    xgrow((void **)&r->cells, &r->cell_cap, record->count, sizeof *r->cells);
    xgrow((void **)&r->text, &r->text_cap, bytes ? bytes : 1, 1);
    char *at = r->text;
    for (size_t c = 0; c < record->count; c++) {
        const csv_cell *cell = &record->cells[c];
        memcpy(at, cell->ptr, cell->len);
        at[cell->len] = '\0';
        if (c >= first && decimal_comma_number(cell->ptr, cell->len, &comma)) {
            at[comma] = '.';
            if (!r->rewritten++) {
                r->first_line = cell->line;
                r->first_column = c + 1;
            }
        }
        r->cells[c] = (csv_cell){at, cell->len, cell->line};
        at += cell->len + 1;
    }
    csv_record copy = *record;
    copy.cells = r->cells;
    return r->fn(r->ctx, &copy);
}

bool submission_not_utf8(const csv_record *record)
{
    return record->error && strncmp(record->error, "invalid UTF-8", 13) == 0;
}

void submission_hint_not_utf8(const char *name, size_t rows, long first_line, diag_list *diags)
{
    if (rows)
        diag_add(diags, DIAG_WARNING, name, first_line, 1, NULL,
                 "%zu row%s not UTF-8: the file looks saved by Excel as 'CSV' rather than 'CSV "
                 "UTF-8'; give --encoding windows-1252 (or the file's encoding) to read %s",
                 rows, rows == 1 ? " is" : "s are", rows == 1 ? "it" : "them");
}

static void relay_end(relay *r, const char *name, bool decoded, diag_list *diags)
{
    if (r->rewritten && r->decimal == ',')
        diag_add(diags, DIAG_WARNING, name, r->first_line, (long)r->first_column, NULL,
                 "%zu cell%s read with a decimal comma (46,0 as 46.0), as --decimal , asks",
                 r->rewritten, r->rewritten == 1 ? "" : "s");
    else if (r->rewritten)
        diag_add(diags, DIAG_WARNING, name, r->first_line, (long)r->first_column, NULL,
                 "%zu cell%s read with a decimal comma (46,0 as 46.0), as usual in a file whose "
                 "cells are separated by ';'; give --decimal . to read commas as they are",
                 r->rewritten, r->rewritten == 1 ? "" : "s");
    if (!decoded)
        submission_hint_not_utf8(name, r->not_utf8, r->not_utf8_line, diags);
    free(r->cells);
    free(r->text);
}

bool submission_plain_csv(const void *head, size_t n, const csv_options *csv,
                          const submission_options *sub, char *delimiter)
{
    static const submission_options none = {0};
    const unsigned char *h = head;
    if (!sub)
        sub = &none;
    if (xlsx_looks_like_zip(h, n) || csv_encoding(sub, h, n) ||
        !csv_first_block(head, n, csv->delimiter, delimiter))
        return false;
    return !decimal_commas(sub->decimal, *delimiter);
}

// --- the entry ---------------------------------------------------------------------------------

bool submission_read(FILE *in, const char *name, const csv_options *csv_opts,
                     const submission_options *sub, csv_record_fn fn, void *ctx, char *sheet_name,
                     size_t sheet_name_size, diag_list *diags)
{
    static const submission_options none = {0};
    if (!sub)
        sub = &none;
    if (sheet_name && sheet_name_size)
        sheet_name[0] = '\0';
    source *src = xcalloc(1, sizeof *src);
    src->rest = in;
    off_t start = ftello(in);
    src->len = fread(src->head, 1, sizeof src->head, in);
    // A stream that can seek back is read from its start again; a pipe through `src`.
    bool rewound = start >= 0 && fseeko(in, start, SEEK_SET) == 0;
    if (!rewound)
        clearerr(in);
    cookie_io_functions_t prefixed = {.read = prefixed_read, .close = decoder_close};
    bool ok;
    if (xlsx_looks_like_zip(src->head, src->len)) {
        FILE *stream = rewound ? in : fopencookie(src, "rb", prefixed);
        xlsx_options x = {.sheet = sub->sheet,
                          .max_cell = csv_opts->max_cell,
                          .max_columns = csv_opts->max_columns,
                          .digest = csv_opts->digest};
        ok = stream && xlsx_read(stream, name, &x, fn, ctx, sheet_name, sheet_name_size, diags);
        if (!stream)
            diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "cannot read: out of memory");
        else if (stream != in)
            fclose(stream);
        free(src);
        return ok;
    }
    const char *encoding = csv_encoding(sub, src->head, src->len);
    decoder *dec = NULL;
    FILE *stream;
    csv_options csv = *csv_opts;
    char delimiter = 0;
    csv.delimiter_used = &delimiter;
    if (encoding) {
        if (rewound)
            src->len = src->at = 0; // read it all through the decoder from the start
        dec = xcalloc(1, sizeof *dec);
        dec->src = src;
        dec->unit = code_unit(encoding);
        dec->cd = iconv_open("UTF-8", encoding);
        if (dec->cd == (iconv_t)-1) {
            diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "cannot decode the encoding %s",
                     encoding);
            free(dec);
            free(src);
            return false;
        }
        src->digest = csv.digest; // the file's bytes, not the decoded ones
        csv.digest = NULL;
        stream = fopencookie(dec, "rb",
                             (cookie_io_functions_t){.read = decoder_read, .close = decoder_close});
    } else {
        stream = rewound ? in : fopencookie(src, "rb", prefixed);
    }
    if (!stream) {
        diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "cannot read: out of memory");
        ok = false;
    } else {
        relay r = {.fn = fn, .ctx = ctx, .decimal = sub->decimal, .delimiter = &delimiter};
        ok = csv_read(stream, name, &csv, relay_record, &r, diags);
        relay_end(&r, name, encoding != NULL, diags);
        if (stream != in)
            fclose(stream);
    }
    if (dec)
        iconv_close(dec->cd);
    free(dec);
    free(src);
    return ok;
}
