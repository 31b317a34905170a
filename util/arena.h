/* A bump allocator for per-row temporaries: reset after each row, its blocks kept for the next. */
#ifndef DDCHECK_ARENA_H
#define DDCHECK_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/** A new empty arena. Free with arena_free(). */
arena *arena_new(void);
/** Frees the arena and everything allocated from it; arena_free(NULL) is a no-op. */
void arena_free(arena *a);
/** size bytes aligned for any type, valid until the next arena_reset(); never NULL. */
void *arena_alloc(arena *a, size_t size);
/** A NUL-terminated copy of s[0..len) in the arena. */
char *arena_strndup(arena *a, const char *s, size_t len);
/** Forgets every allocation but keeps the memory, so the next row allocates nothing new. */
void arena_reset(arena *a);
/** Bytes currently reserved by the arena (for tests and memory budgets). */
size_t arena_reserved(const arena *a);

#endif
