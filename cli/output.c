// Atomic report files: a failed or interrupted run never leaves half a report behind.
#define _GNU_SOURCE // fopencookie, sync_file_range
#include "output.h"

#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
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

// The file behind a report given by path (its temporary file, or a device or FIFO): written with
// write(2) a buffer-full at a time; a regular file's pages are handed to the disk as it grows
// (Linux: sync_file_range), so that the fsync at commit does not wait for the whole report to
// reach the disk (a 100 MB report: 60 ms of a run's end spent waiting before, both cores idle).
// The first write error is kept: the write may fail in batch.c's worker thread, whose errno the
// thread that commits does not see.
typedef struct output_file {
    int fd;
    bool regular;
    int error;                  // errno of the first failed write (0: none)
    unsigned long long written; // bytes written
    unsigned long long handed;  // bytes whose writeback was started
} output_file;

static ssize_t file_write(void *cookie, const char *buf, size_t size)
{
    output_file *f = cookie;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(f->fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) { // stdio marks the stream in error (a short count), errno says why
            if (n == 0)
                errno = EIO;
            if (!f->error)
                f->error = errno;
            // The bytes written, never -1: glibc's fwrite takes the count as unsigned and, given
            // -1, copied on from past the end of the caller's bytes (seen under ThreadSanitizer).
            return (ssize_t)done;
        }
        done += (size_t)n;
    }
    f->written += size;
#if defined(SYNC_FILE_RANGE_WRITE)
    if (f->regular && f->written - f->handed >= OUTPUT_WRITEBACK) {
        (void)sync_file_range(f->fd, (off_t)f->handed, (off_t)(f->written - f->handed),
                              SYNC_FILE_RANGE_WRITE);
        f->handed = f->written;
    }
#endif
    return (ssize_t)size;
}

static int file_close(void *cookie)
{
    output_file *f = cookie;
    int r = close(f->fd);
    free(f);
    return r;
}

// A stream on fd (closed with it), or NULL with errno (fd left open).
static FILE *file_stream(output *o, int fd, bool regular)
{
    output_file *f = xmalloc(sizeof *f);
    *f = (output_file){.fd = fd, .regular = regular};
    FILE *fp =
        fopencookie(f, "wb", (cookie_io_functions_t){.write = file_write, .close = file_close});
    if (!fp) {
        free(f);
        return NULL;
    }
    o->file = f;
    return fp;
}

// Gives a path's stream its buffer: stdio would write 4 KiB at a time (glibc ignores the size
// asked of setvbuf without a buffer).
static FILE *buffered(output *o, FILE *fp)
{
    if (fp) {
        o->buffer = xmalloc(OUTPUT_BUFFER);
        setvbuf(fp, o->buffer, _IOFBF, OUTPUT_BUFFER);
    }
    return single_writer(fp);
}

// Closes the stream of a path and frees its buffer; fclose's result.
static int close_stream(output *o)
{
    int r = fclose(o->fp);
    o->fp = NULL;
    o->file = NULL;
    free(o->buffer);
    o->buffer = NULL;
    return r;
}

// Why writing o failed: the first failed write's errno, else errno (a failed flush or close just
// now, in this thread), else EIO.
static int write_error(const output *o)
{
    if (o->file && o->file->error)
        return o->file->error;
    return errno ? errno : EIO;
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
    o->file = NULL;
    o->buffer = NULL;
    if (is_stdout(path)) {
        o->fp = single_writer(stdout);
        return true;
    }
    // A device, FIFO or other non-regular file (/dev/null, /dev/stdout, a pipe) is written in
    // place: renaming a temporary file over it would replace the device itself (as root,
    // `-o /dev/null` turned /dev/null into a report).
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666); // as fopen "wb"
        if (fd < 0)
            return false;
        o->fp = buffered(o, file_stream(o, fd, false));
        if (!o->fp) {
            int e = errno;
            close(fd);
            errno = e;
        }
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
    o->fp = buffered(o, file_stream(o, fd, true));
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
        int e = ok ? 0 : write_error(o);
        if (o->fp != stdout) { // a device or FIFO written in place
            if (close_stream(o) != 0 && ok) {
                ok = false;
                e = errno ? errno : EIO;
            }
        }
        errno = e;
        return ok;
    }
    int e = 0;
    if (fflush(o->fp) != 0 || ferror(o->fp))
        e = write_error(o);
    else if (fsync(o->file->fd) != 0 && errno != EINVAL)
        e = errno;
    if (close_stream(o) != 0 && !e)
        e = errno ? errno : EIO;
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
            close_stream(o);
        drop_temporary(o, true);
    } else if (o->fp && o->fp != stdout) {
        close_stream(o);
    }
    o->fp = NULL;
}
