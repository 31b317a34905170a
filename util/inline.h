// Inlining decided by hand on the hot paths, where a call's cost was measured against the work
// it does: NOINLINE keeps a rare path (and its stack frame and saved registers) out of its
// caller; ALWAYS_INLINE puts a short function called once per cell, item or test into its loop.
#ifndef DDCHECK_UTIL_INLINE_H
#define DDCHECK_UTIL_INLINE_H

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define NOINLINE
#define ALWAYS_INLINE inline
#endif

#endif
