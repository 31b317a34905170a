/* A bump allocator for per-row temporaries: reset after each row, its blocks kept for the next. */
#ifndef DDCHECK_ARENA_H
#define DDCHECK_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/** The size of an arena's blocks (the largest, for arena_new_sized). */
#define ARENA_BLOCK 16384

/** A new empty arena whose blocks are ARENA_BLOCK bytes (or one allocation's size, when larger).
 *  Free with arena_free(). */
arena *arena_new(void);
/** The same, its first block first_block bytes, each next one twice the last up to ARENA_BLOCK:
 *  for memory that lives long and is mostly small (a compiled rule, about 1 KiB). */
arena *arena_new_sized(size_t first_block);
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
