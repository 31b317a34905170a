/* The one buffered writer of the reports: a byte buffer in front of a FILE. Renderers write a
 * project in many small pieces (a comma, a key, an escaped run, a number); here they cost a
 * memcpy each, and stdio sees one fwrite per buffer-full instead of a call per piece. */
#ifndef DDCHECK_OUTBUF_H
#define DDCHECK_OUTBUF_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "util/decimal.h"

typedef struct outbuf {
    FILE *out;
    char *bytes; /* the caller's storage, cap bytes */
    size_t cap;
    size_t len;
} outbuf;

/** A buffer on out in the caller's storage bytes[0..cap), cap >= DECIMAL_ULONG_DIGITS. Bytes reach
 * out when the buffer fills and at outbuf_flush, which the caller must call before it writes to out
 * itself and when it is done. */
static inline void outbuf_init(outbuf *b, FILE *out, char *bytes, size_t cap)
{
    b->out = out;
    b->bytes = bytes;
    b->cap = cap;
    b->len = 0;
}

/** Writes the buffered bytes to out and empties the buffer; a write error is left in out for
 *  the caller's ferror(), as with direct stdio writes. */
void outbuf_flush(outbuf *b);

/** The next n bytes of the buffer (n <= cap), flushed first when fewer are free: the caller
 *  writes up to n bytes there, then adds what it wrote to b->len. */
static inline char *outbuf_room(outbuf *b, size_t n)
{
    if (b->cap - b->len < n)
        outbuf_flush(b);
    return b->bytes + b->len;
}

/** outbuf_write for a piece that does not fit in the free space. */
void outbuf_write_slow(outbuf *b, const void *p, size_t n);

/** Appends p[0..n); p must not be NULL (an empty piece may come as NULL: skip it). */
static inline void outbuf_write(outbuf *b, const void *p, size_t n)
{
    if (n <= b->cap - b->len) {
        memcpy(b->bytes + b->len, p, n);
        b->len += n;
    } else {
        outbuf_write_slow(b, p, n);
    }
}

static inline void outbuf_putc(outbuf *b, char c)
{
    if (b->len == b->cap)
        outbuf_flush(b);
    b->bytes[b->len++] = c;
}

/** Appends a NUL-terminated string (for a literal, the compiler folds the strlen). */
static inline void outbuf_puts(outbuf *b, const char *s)
{
    outbuf_write(b, s, strlen(s));
}

/** Appends n in decimal. */
void outbuf_put_ulong(outbuf *b, unsigned long long n);

/** Appends x as "%.1f" writes it (decimal_tenths): a score. */
void outbuf_put_tenths(outbuf *b, double x);

#endif
