// The number of bits set in a word, without a call to libgcc.
#ifndef DDCHECK_UTIL_BITS_H
#define DDCHECK_UTIL_BITS_H

#include <stdint.h>

// The bits set in x. Where the target has a popcnt instruction, that instruction; otherwise (the
// default x86-64 build, where __builtin_popcountll is a call to libgcc's __popcountdi2) the bits
// are summed in parallel, a few word operations.
static inline int bits_set(uint64_t x)
{
#if defined(__POPCNT__)
    return __builtin_popcountll(x);
#else
    x -= (x >> 1) & 0x5555555555555555ull;
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (int)((x * 0x0101010101010101ull) >> 56);
#endif
}

#endif
