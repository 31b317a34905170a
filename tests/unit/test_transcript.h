/* A growing NUL-terminated text, for tests that write down what a run shows and compare it. */
#ifndef DDCHECK_TEST_TRANSCRIPT_H
#define DDCHECK_TEST_TRANSCRIPT_H

#include <stddef.h>
#include <string.h>

#include "util/xalloc.h"

typedef struct transcript {
    char *text;
    size_t len;
    size_t cap;
} transcript;

/** Appends s[0..n) (it may hold NULs) and keeps the text NUL-terminated. */
static inline void transcript_add(transcript *t, const char *s, size_t n)
{
    xgrow((void **)&t->text, &t->cap, t->len + n + 1, 1);
    memcpy(t->text + t->len, s, n);
    t->len += n;
    t->text[t->len] = '\0';
}

/** Appends the NUL-terminated s. */
static inline void transcript_adds(transcript *t, const char *s)
{
    transcript_add(t, s, strlen(s));
}

#endif
