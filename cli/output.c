// Atomic report files: a failed or interrupted run never leaves half a report behind.
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include "checklist/xalloc.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <stdio_ext.h>
#endif

// Only the thread that calls batch_run's sink writes reports (batch.c's reader thread only
// reads its input): skip the lock glibc takes on every putc once a second thread exists.
static FILE *single_writer(FILE *fp)
{
#if defined(__GLIBC__)
    if (fp)
        __fsetlocking(fp, FSETLOCKING_BYCALLER);
#endif
    return fp;
}

static bool is_stdout(const char *path)
{
    return !path || strcmp(path, "-") == 0;
}

bool output_open(output *o, const char *path)
{
    o->path = path;
    o->tmp_path = NULL;
    o->fp = NULL;
    if (is_stdout(path)) {
        o->fp = single_writer(stdout);
        return true;
    }
    // A device, FIFO or other non-regular file (/dev/null, /dev/stdout, a pipe) is written in
    // place: renaming a temporary file over it would replace the device itself (as root,
    // `-o /dev/null` turned /dev/null into a report).
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        o->fp = single_writer(fopen(path, "wb"));
        return o->fp != NULL;
    }
    size_t n = strlen(path);
    o->tmp_path = xmalloc(n + 16);
    memcpy(o->tmp_path, path, n);
    memcpy(o->tmp_path + n, ".tmp.XXXXXX", 12);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        free(o->tmp_path);
        o->tmp_path = NULL;
        return false;
    }
    // mkstemp makes the file 0600; a report is an ordinary file.
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    o->fp = single_writer(fdopen(fd, "wb"));
    if (!o->fp) {
        int e = errno;
        close(fd);
        unlink(o->tmp_path);
        free(o->tmp_path);
        o->tmp_path = NULL;
        errno = e;
        return false;
    }
    return true;
}

bool output_commit(output *o)
{
    if (!o->tmp_path) {
        bool ok = fflush(o->fp) == 0 && !ferror(o->fp);
        if (!ok && errno == 0)
            errno = EIO;
        if (o->fp != stdout) { // a device or FIFO written in place
            int e = errno;
            if (fclose(o->fp) != 0 && ok) {
                ok = false;
                e = errno ? errno : EIO;
            }
            o->fp = NULL;
            errno = e;
        }
        return ok;
    }
    int e = 0;
    if (fflush(o->fp) != 0 || ferror(o->fp))
        e = errno ? errno : EIO;
    else if (fsync(fileno(o->fp)) != 0 && errno != EINVAL)
        e = errno;
    if (fclose(o->fp) != 0 && !e)
        e = errno ? errno : EIO;
    o->fp = NULL;
    if (!e && rename(o->tmp_path, o->path) != 0)
        e = errno;
    if (e)
        unlink(o->tmp_path);
    free(o->tmp_path);
    o->tmp_path = NULL;
    errno = e;
    return e == 0;
}

void output_abort(output *o)
{
    if (o->tmp_path) {
        if (o->fp)
            fclose(o->fp);
        unlink(o->tmp_path);
        free(o->tmp_path);
        o->tmp_path = NULL;
    } else if (o->fp && o->fp != stdout) {
        fclose(o->fp);
    }
    o->fp = NULL;
}
