// Per-row scratch memory: one growing chain of blocks, reset (not freed) between rows.
#include "arena.h"

#include "xalloc.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
} block;

struct arena {
    block *first;
    block *current;
    size_t reserved;
    size_t next_size; // the next block's size, unless an allocation needs more
};

arena *arena_new(void)
{
    return arena_new_sized(ARENA_BLOCK);
}

arena *arena_new_sized(size_t first_block)
{
    arena *a = xcalloc(1, sizeof(arena));
    a->next_size = first_block ? first_block : ARENA_BLOCK;
    return a;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    block *b = a->first;
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

static block *block_new(size_t size)
{
    block *b = xmalloc(sizeof(block) + size);
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

void *arena_alloc(arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    // Walk forward through blocks kept from earlier rows before making a new one.
    while (a->current && a->current->size - a->current->used < size && a->current->next) {
        a->current = a->current->next;
        a->current->used = 0;
    }
    if (!a->current || a->current->size - a->current->used < size) {
        size_t bsize = a->next_size;
        while (bsize < size)
            bsize *= 2;
        if (a->next_size < ARENA_BLOCK)
            a->next_size *= 2;
        block *b = block_new(bsize);
        a->reserved += bsize;
        if (a->current) {
            b->next = a->current->next;
            a->current->next = b;
        } else {
            a->first = b;
        }
        a->current = b;
    }
    void *p = a->current->data + a->current->used;
    a->current->used += size;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void arena_reset(arena *a)
{
    a->current = a->first;
    if (a->current)
        a->current->used = 0;
}

size_t arena_reserved(const arena *a)
{
    return a->reserved;
}
