// One entry for reading submissions: a peek at the first bytes decides between the CSV and the
// XLSX reader. A stream that cannot seek back (a pipe) gets the peeked bytes put back in front
// of the rest through a stream of its own.
#define _GNU_SOURCE
#include "submission.h"

#include "evaluator/xlsx_reader.h"

#include <string.h>
#include <sys/types.h>

typedef struct prefixed {
    FILE *rest;
    unsigned char head[4];
    size_t len;
    size_t at;
} prefixed;

static ssize_t prefixed_read(void *cookie, char *buf, size_t size)
{
    prefixed *p = cookie;
    size_t n = 0;
    while (p->at < p->len && n < size)
        buf[n++] = (char)p->head[p->at++];
    if (n < size)
        n += fread(buf + n, 1, size - n, p->rest);
    if (n == 0 && ferror(p->rest))
        return -1;
    return (ssize_t)n;
}

static int prefixed_close(void *cookie)
{
    (void)cookie;
    return 0;
}

bool submission_read(FILE *in, const char *name, const csv_options *opts, const char *sheet,
                     csv_record_fn fn, void *ctx, char *sheet_name, size_t sheet_name_size,
                     diag_list *diags)
{
    if (sheet_name && sheet_name_size)
        sheet_name[0] = '\0';
    off_t start = ftello(in);
    prefixed p = {.rest = in};
    p.len = fread(p.head, 1, sizeof p.head, in);
    bool seekable = start >= 0 && fseeko(in, start, SEEK_SET) == 0;
    FILE *stream = in;
    if (!seekable) {
        clearerr(in);
        stream = fopencookie(&p, "rb", (cookie_io_functions_t){.read = prefixed_read,
                                                               .close = prefixed_close});
        if (!stream) {
            diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "cannot read: out of memory");
            return false;
        }
    }
    bool ok;
    if (xlsx_looks_like_zip(p.head, p.len)) {
        xlsx_options x = {.sheet = sheet,
                          .max_cell = opts->max_cell,
                          .max_columns = opts->max_columns,
                          .digest = opts->digest};
        ok = xlsx_read(stream, name, &x, fn, ctx, sheet_name, sheet_name_size, diags);
    } else {
        ok = csv_read(stream, name, opts, fn, ctx, diags);
    }
    if (stream != in)
        fclose(stream);
    return ok;
}
