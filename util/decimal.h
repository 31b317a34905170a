/* Decimal forms of numbers, exactly: the pieces that cell typing, explanations and the JSON
 * writer share (digits of an integer, exact powers of ten, a double that is a short decimal). */
#ifndef DDCHECK_DECIMAL_H
#define DDCHECK_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>

/** 10^0 .. 10^15: every one is a double without rounding. */
extern const double DECIMAL_POW10[16];

/** Room decimal_ulong needs: the 20 digits of the largest unsigned long long. */
#define DECIMAL_ULONG_DIGITS 20

/** Writes n in decimal to out (at least DECIMAL_ULONG_DIGITS bytes, no NUL); returns how many
 *  digits. */
size_t decimal_ulong(char *out, unsigned long long n);

/** Room decimal_long needs: a '-' and 19 digits. */
#define DECIMAL_LONG_SIZE 20

/** Writes n as printf's "%lld" does to out (at least DECIMAL_LONG_SIZE bytes, no NUL); returns
 *  the length. */
size_t decimal_long(char *out, long long n);

/** Room decimal_tenths needs, NUL included: "%.1f" of the largest double is 312 bytes. */
#define DECIMAL_TENTHS_SIZE 320

/** Writes x as printf's "%.1f" does (the exact value rounded half to even; "-0.0" for a
 *  negative x that rounds to zero; "nan", "inf") into out, NUL-terminated; returns the length.
 *  Without printf for |x| < 1e9, which every score is. */
size_t decimal_tenths(char *out, double x);

/** k / 10 for k from 0 to 1000 (a score's tenths), each the double nearest: what a division
 *  gives, without its latency. */
extern const double DECIMAL_TENTHS[1001];

/** Room decimal_tenths_small writes into, whatever the length it returns. */
#define DECIMAL_TENTHS_SMALL_SIZE 8

/** x as decimal_tenths writes it when x is the double nearest k / 10 for an integer k from 0 to
 *  9,999 (every score is): returns its length (3 to 5) and writes DECIMAL_TENTHS_SMALL_SIZE bytes
 *  to out, the text then bytes of no meaning (no NUL). Returns 0 for any other x (then out holds
 *  nothing meaningful: use decimal_tenths). Without a branch on the digits. */
size_t decimal_tenths_small(char *out, double x);

/** For a > 0: the smallest k in 1..max_k (max_k <= 15) such that a is the double nearest to
 *  m / 10^k for an integer m below 10^max_digits (max_digits <= 15), into *m and *k. False when
 *  there is none (a needs more digits, or is not finite). The division that checks it is exact
 *  (m and 10^k are exact doubles), so strtod would read m / 10^k back as a. */
bool decimal_nearest(double a, int max_digits, int max_k, unsigned long long *m, int *k);

#endif
