/* The one out-of-memory policy: allocate or abort with a message. */
#ifndef DDCHECK_XALLOC_H
#define DDCHECK_XALLOC_H

#include <stddef.h>
#include <stdlib.h>

/** malloc that never returns NULL: prints "ddcheck: out of memory" and aborts. Free with free(). */
void *xmalloc(size_t size);
/** calloc that never returns NULL. Free with free(). */
void *xcalloc(size_t count, size_t size);
/** realloc that never returns NULL. */
void *xrealloc(void *ptr, size_t size);
/** A NUL-terminated copy of s (NULL gives NULL). Free with free(). */
char *xstrdup(const char *s);
/** A NUL-terminated copy of the first len bytes of s. Free with free(). */
char *xstrndup(const char *s, size_t len);
/** Grow *items (of *cap elements of elem_size) so that it holds at least need elements. */
void xgrow(void **items, size_t *cap, size_t need, size_t elem_size);

#endif
