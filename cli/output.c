// Atomic report files: a failed or interrupted run never leaves half a report behind.
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include "util/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
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

// The temporary files that exist now, for the signal handler (cli/guard.c) to remove. Changed
// only with the fatal signals blocked, and only while one thread runs (outputs are opened before
// batch_run starts its reader thread and committed after it ends), so a handler never sees a
// half-made entry or a freed name.
#define MAX_TEMPORARIES 64
static char *temporaries[MAX_TEMPORARIES];

static void block_fatal_signals(bool block, sigset_t *old)
{
    if (block) {
        static const int SIGNALS[] = OUTPUT_FATAL_SIGNALS;
        sigset_t set;
        sigemptyset(&set);
        for (size_t i = 0; i < sizeof SIGNALS / sizeof SIGNALS[0]; i++)
            sigaddset(&set, SIGNALS[i]);
        pthread_sigmask(SIG_BLOCK, &set, old);
    } else {
        pthread_sigmask(SIG_SETMASK, old, NULL);
    }
}

static void forget_temporary(const char *path)
{
    for (size_t i = 0; i < MAX_TEMPORARIES; i++)
        if (temporaries[i] == path)
            temporaries[i] = NULL;
}

void output_remove_temporaries(void)
{
    for (size_t i = 0; i < MAX_TEMPORARIES; i++)
        if (temporaries[i])
            unlink(temporaries[i]);
}

// Creates the temporary file named by the template `path` and lists it, as one step for the
// signal handler. The descriptor, or -1 with errno.
static int make_temporary(char *path)
{
    sigset_t old;
    block_fatal_signals(true, &old);
    int fd = mkstemp(path);
    int e = errno;
    if (fd >= 0) {
        size_t i = 0;
        while (i < MAX_TEMPORARIES && temporaries[i])
            i++;
        if (i < MAX_TEMPORARIES) // (more reports than a run allows: only SIGKILL's guarantee)
            temporaries[i] = path;
    }
    block_fatal_signals(false, &old);
    errno = e;
    return fd;
}

// Removes (when `remove`) and forgets the temporary file, then frees its name.
static void drop_temporary(output *o, bool remove)
{
    sigset_t old;
    block_fatal_signals(true, &old);
    if (remove)
        unlink(o->tmp_path);
    forget_temporary(o->tmp_path);
    block_fatal_signals(false, &old);
    free(o->tmp_path);
    o->tmp_path = NULL;
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
    int fd = make_temporary(o->tmp_path);
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
        drop_temporary(o, true);
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
    drop_temporary(o, e != 0);
    errno = e;
    return e == 0;
}

void output_abort(output *o)
{
    if (o->tmp_path) {
        if (o->fp)
            fclose(o->fp);
        drop_temporary(o, true);
    } else if (o->fp && o->fp != stdout) {
        fclose(o->fp);
    }
    o->fp = NULL;
}
