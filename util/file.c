// Reading a whole file into memory, for the inputs that are parsed as one text.
#include "file.h"

#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

char *file_read_stream(FILE *f, size_t *len)
{
    size_t cap = 1 << 14, n = 0, got;
    // One byte more than cap is kept for the terminating NUL.
    char *buf = xmalloc(cap + 1);
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
    }
    if (ferror(f)) {
        int err = errno;
        free(buf);
        errno = err ? err : EIO;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

char *file_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = file_read_stream(f, len);
    // fclose must not change the errno of a read error.
    int err = errno;
    fclose(f);
    errno = err;
    return buf;
}
