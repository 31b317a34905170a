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
    if (b->cap - b->len < DECIMAL_ULONG_DIGITS)
        outbuf_flush(b);
    b->len += decimal_ulong(b->bytes + b->len, n);
}

void outbuf_put_tenths(outbuf *b, double x)
{
    if (b->cap >= DECIMAL_TENTHS_SIZE) { // straight into the buffer: no copy of a local
        if (b->cap - b->len < DECIMAL_TENTHS_SIZE)
            outbuf_flush(b);
        b->len += decimal_tenths(b->bytes + b->len, x);
        return;
    }
    char tenths[DECIMAL_TENTHS_SIZE];
    outbuf_write(b, tenths, decimal_tenths(tenths, x));
}
