/* Process guards set up first thing in main: the standard descriptors and fatal signals. */
#ifndef DDCHECK_GUARD_H
#define DDCHECK_GUARD_H

/** Makes descriptors 0, 1 and 2 safe to rely on, then installs the signal handlers.
 *
 *  A descriptor that is closed at start is opened on /dev/null the wrong way round (0 write-only,
 *  1 and 2 read-only): no file ddcheck opens later (a report's temporary file, a submission) can
 *  take its number and be read as standard input or written as standard output, and using it
 *  still fails as a closed descriptor does (EBADF: "cannot read", "cannot write", exit 2).
 *
 *  SIGTERM, SIGINT and SIGHUP (unless ignored at start, as nohup does) remove the temporary
 *  files of reports being written (output_remove_temporaries) and then end the process by the
 *  same signal with its default action, so the parent sees how it died. */
void guard_process(void);

#endif
