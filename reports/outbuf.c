// The reports' buffered writer: the out-of-line parts (flushing, big pieces, integers).
#include "outbuf.h"

void outbuf_flush(outbuf *b)
{
    if (b->len)
        fwrite(b->bytes, 1, b->len, b->out);
    b->len = 0;
}

void outbuf_write_slow(outbuf *b, const void *p, size_t n)
{
    outbuf_flush(b);
    // A piece as large as the whole buffer gains nothing from a copy.
    if (n >= b->cap) {
        fwrite(p, 1, n, b->out);
        return;
    }
    memcpy(b->bytes, p, n);
    b->len = n;
}

void outbuf_put_ulong(outbuf *b, unsigned long long n)
{
    char *at = outbuf_room(b, DECIMAL_ULONG_DIGITS); // (may flush: b->len read after it)
    b->len += decimal_ulong(at, n);
}

void outbuf_put_tenths(outbuf *b, double x)
{
    if (b->cap >= DECIMAL_TENTHS_SIZE) { // straight into the buffer: no copy of a local
        char *at = outbuf_room(b, DECIMAL_TENTHS_SIZE);
        b->len += decimal_tenths(at, x);
        return;
    }
    char tenths[DECIMAL_TENTHS_SIZE];
    outbuf_write(b, tenths, decimal_tenths(tenths, x));
}
