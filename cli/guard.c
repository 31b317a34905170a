// Guards for the process as a whole: standard descriptors that may be closed, fatal signals.
#define _POSIX_C_SOURCE 200809L
#include "guard.h"

#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static void guard_descriptor(int fd)
{
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
        return;
    // Opened the wrong way round so that reading a closed stdin (or writing a closed stdout)
    // still fails with EBADF, as it would have: only the number is taken.
    // The lower descriptors are open by now, so open() returns fd itself.
    int got = open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY);
    if (got >= 0 && got != fd)
        close(got);
}

// Async-signal-safe: unlink() through output_remove_temporaries, then the default action.
static void on_fatal_signal(int sig)
{
    int saved = errno;
    output_remove_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
    errno = saved;
}

void guard_process(void)
{
    // In order, so that /dev/null lands on the lowest closed descriptor first.
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
        guard_descriptor(fd);
    static const int SIGNALS[] = OUTPUT_FATAL_SIGNALS;
    for (size_t i = 0; i < sizeof SIGNALS / sizeof SIGNALS[0]; i++) {
        struct sigaction old;
        if (sigaction(SIGNALS[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue; // `nohup ddcheck …` keeps SIGHUP ignored
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGNALS[i], &sa, NULL);
    }
}
