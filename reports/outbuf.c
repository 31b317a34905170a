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

size_t outbuf_format_ulong(char *dst, unsigned long long n)
{
    char digits[OUTBUF_ULONG_DIGITS];
    char *p = digits + sizeof digits;
    do {
        *--p = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    size_t len = (size_t)(digits + sizeof digits - p);
    memcpy(dst, p, len);
    return len;
}

void outbuf_put_ulong(outbuf *b, unsigned long long n)
{
    if (b->cap - b->len < OUTBUF_ULONG_DIGITS)
        outbuf_flush(b);
    b->len += outbuf_format_ulong(b->bytes + b->len, n);
}
