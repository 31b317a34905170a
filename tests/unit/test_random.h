/* Random numbers for property tests: xorshift64*, the same sequence on every run, so that a
 * failure found once is found again. Include after test_main.h. */
#ifndef DDCHECK_TEST_RANDOM_H
#define DDCHECK_TEST_RANDOM_H

#include <stdint.h>

/** The next number of the sequence whose state is *x (start it at any non-zero value). */
static inline uint64_t next_random(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 0x2545F4914F6CDD1Du;
}

#endif
