// Spooling for renderers: write now, replay at end(), with a temporary file so memory stays flat.
#define _POSIX_C_SOURCE 200809L
#include "spool.h"

#include <stdlib.h>
#include <string.h>

bool spool_open_file(spool *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->fp = tmpfile();
    return sp->fp != NULL;
}

bool spool_open(spool *sp)
{
    if (!spool_open_file(sp)) {
        // No writable temporary directory: keep the part in memory rather than lose it.
        sp->fp = open_memstream(&sp->mem, &sp->mem_size);
        sp->in_memory = sp->fp != NULL;
    }
    return sp->fp != NULL;
}

bool spool_replay(spool *sp, void (*fn)(void *ctx, const char *buf, size_t len), void *ctx)
{
    if (!sp->fp)
        return true;
    bool ok = true;
    if (sp->in_memory) {
        ok = fflush(sp->fp) == 0;
        if (ok && sp->mem_size)
            fn(ctx, sp->mem, sp->mem_size);
    } else {
        rewind(sp->fp);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, sp->fp)) > 0)
            fn(ctx, buf, n);
        ok = !ferror(sp->fp);
    }
    spool_discard(sp);
    return ok;
}

static void copy_to(void *out, const char *buf, size_t len)
{
    fwrite(buf, 1, len, out);
}

bool spool_drain(spool *sp, FILE *out)
{
    return spool_replay(sp, copy_to, out);
}

void spool_discard(spool *sp)
{
    if (sp->fp)
        fclose(sp->fp);
    free(sp->mem);
    memset(sp, 0, sizeof *sp);
}
