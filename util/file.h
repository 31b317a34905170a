/* Reading a whole file into memory: checklists, waiver files, reports, JSON Logic arguments. */
#ifndef DDCHECK_FILE_H
#define DDCHECK_FILE_H

#include <stddef.h>
#include <stdio.h>

/** Reads stream f to its end into a new buffer of *len bytes plus a terminating NUL (so the text
 * may be parsed as a C string or with the NUL counted). On a read error returns NULL with errno
 * saying why (EIO when the system did not say) and leaves *len alone. Does not close f. The caller
 * frees the buffer with free(). */
char *file_read_stream(FILE *f, size_t *len);

/** Reads the file at path whole, as file_read_stream does. NULL when it cannot be opened or read,
 * with errno saying why. The caller frees the buffer with free(). */
char *file_read(const char *path, size_t *len);

#endif
