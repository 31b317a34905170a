// Decimal digits and short decimals, computed exactly (no printf) for the hot paths.
#include "decimal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

const double DECIMAL_POW10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// Each entry an exact integer divided by 10 at compile time: correctly rounded, as at run time.
#define TENTH(k) ((k) / 10.0)
#define TENTHS_10(b)                                                                               \
    TENTH((b) + 0), TENTH((b) + 1), TENTH((b) + 2), TENTH((b) + 3), TENTH((b) + 4),                \
        TENTH((b) + 5), TENTH((b) + 6), TENTH((b) + 7), TENTH((b) + 8), TENTH((b) + 9)
#define TENTHS_100(b)                                                                              \
    TENTHS_10((b) + 0), TENTHS_10((b) + 10), TENTHS_10((b) + 20), TENTHS_10((b) + 30),             \
        TENTHS_10((b) + 40), TENTHS_10((b) + 50), TENTHS_10((b) + 60), TENTHS_10((b) + 70),        \
        TENTHS_10((b) + 80), TENTHS_10((b) + 90)
const double DECIMAL_TENTHS[1001] = {TENTHS_100(0),   TENTHS_100(100), TENTHS_100(200),
                                     TENTHS_100(300), TENTHS_100(400), TENTHS_100(500),
                                     TENTHS_100(600), TENTHS_100(700), TENTHS_100(800),
                                     TENTHS_100(900), TENTH(1000)};

// "00" to "99": two digits a division, half the divisions of one digit at a time.
static const char DIGIT_PAIRS[201] = "00010203040506070809101112131415161718192021222324"
                                     "25262728293031323334353637383940414243444546474849"
                                     "50515253545556575859606162636465666768697071727374"
                                     "75767778798081828384858687888990919293949596979899";

size_t decimal_ulong(char *out, unsigned long long n)
{
    static const unsigned long long POW10[20] = {1ull,
                                                 10ull,
                                                 100ull,
                                                 1000ull,
                                                 10000ull,
                                                 100000ull,
                                                 1000000ull,
                                                 10000000ull,
                                                 100000000ull,
                                                 1000000000ull,
                                                 10000000000ull,
                                                 100000000000ull,
                                                 1000000000000ull,
                                                 10000000000000ull,
                                                 100000000000000ull,
                                                 1000000000000000ull,
                                                 10000000000000000ull,
                                                 100000000000000000ull,
                                                 1000000000000000000ull,
                                                 10000000000000000000ull};
    if (n < 10) {
        out[0] = (char)('0' + n);
        return 1;
    }
    // The length first, so that the digits go straight to their place (no copy): from the bit
    // length, log10(2) ~ 1233 / 4096 gives the digits or one more, which one compare settles.
    unsigned bits = 64 - (unsigned)__builtin_clzll(n);
    size_t t = (bits * 1233) >> 12;
    size_t len = t + 1 - (n < POW10[t]);
    char *p = out + len;
    while (n >= 100) {
        unsigned r = (unsigned)(n % 100);
        n /= 100;
        p -= 2;
        memcpy(p, DIGIT_PAIRS + 2 * r, 2);
    }
    if (n >= 10)
        memcpy(p - 2, DIGIT_PAIRS + 2 * n, 2);
    else
        p[-1] = (char)('0' + n);
    return len;
}

size_t decimal_long(char *out, long long n)
{
    if (n >= 0)
        return decimal_ulong(out, (unsigned long long)n);
    out[0] = '-';
    // -(n + 1) + 1 stays in range for the smallest long long.
    return 1 + decimal_ulong(out + 1, (unsigned long long)(-(n + 1)) + 1);
}

size_t decimal_tenths(char *out, double x)
{
    double a = fabs(x);
    if (!(a < 1e9)) // not finite, or more digits than a score has: printf
        return (size_t)snprintf(out, DECIMAL_TENTHS_SIZE, "%.1f", x);
    // A score is the double nearest some k / 10: its exact value is within an ulp of k / 10, far
    // from the ties at k / 10 ± 0.05, so "%.1f" writes k's digits.
    unsigned long long tenths = (unsigned long long)(a * 10 + 0.5);
    if ((double)tenths / 10 != a) {
        // Any other: printf rounds the exact 10a half to even. t is the floor of 10a rounded to
        // a double, so the exact 10a is near [t, t + 1); the sign of 10a - (t + 0.5), not
        // rounded away, says whether 10a rounds to t or t + 1. 10a is exactly 8a + 2a = s + e
        // (s rounded, e its error: Fast2Sum, 8a >= 2a); s - (t + 0.5) is exact where it is
        // near 0 (Sterbenz), so adding e gives the sign and zero of 10a - (t + 0.5), as an fma
        // would, without libm.
        double hi = 8 * a, lo = 2 * a;
        double s = hi + lo, e = lo - (s - hi);
        double t = floor(s);
        double above_half = (s - (t + 0.5)) + e;
        tenths = (unsigned long long)t;
        if (above_half > 0 || (above_half == 0 && tenths % 2 == 1))
            tenths++;
    }
    size_t len = 0;
    if (signbit(x)) // also -0.0 and what rounds to 0: printf writes "-0.0"
        out[len++] = '-';
    len += decimal_ulong(out + len, tenths / 10);
    out[len++] = '.';
    out[len++] = (char)('0' + tenths % 10);
    out[len] = '\0';
    return len;
}

size_t decimal_tenths_small(char *out, double x)
{
    double ten = x * 10;
    if (!(ten >= 0 && ten < 9999.5) || signbit(x)) // -0.0 is "-0.0"
        return 0;
    unsigned k = (unsigned)(ten + 0.5);
    // As in decimal_tenths: the double nearest k / 10 is within an ulp of it, so "%.1f" writes
    // k's digits. Any other x is left to decimal_tenths.
    if ((k <= 1000 ? DECIMAL_TENTHS[k] : (double)k / 10) != x)
        return 0;
    // k's four digits as two pairs, "hh" and "ut", laid out "hhu.t" in a word, lowest byte first;
    // the leading zeros of the whole part (hundreds, tens) are shifted out.
    unsigned high = k / 100, low = k - 100 * high;
    uint64_t text = (uint64_t)(unsigned char)DIGIT_PAIRS[2 * high] |
                    (uint64_t)(unsigned char)DIGIT_PAIRS[2 * high + 1] << 8 |
                    (uint64_t)(unsigned char)DIGIT_PAIRS[2 * low] << 16 | (uint64_t)'.' << 24 |
                    (uint64_t)(unsigned char)DIGIT_PAIRS[2 * low + 1] << 32;
    unsigned skip = (high < 10) + (high == 0);
    text >>= 8 * skip;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(out, &text, DECIMAL_TENTHS_SMALL_SIZE);
#else
    for (size_t i = 0; i < DECIMAL_TENTHS_SMALL_SIZE; i++)
        out[i] = (char)(text >> (8 * i));
#endif
    return 5 - skip;
}

bool decimal_nearest(double a, int max_digits, int max_k, unsigned long long *m, int *k)
{
    double limit = DECIMAL_POW10[max_digits];
    for (int i = 1; i <= max_k; i++) {
        double scaled = a * DECIMAL_POW10[i];
        if (!(scaled < limit)) // more digits than allowed (or nan, inf)
            return false;
        // A candidate only; the division below is the proof.
        unsigned long long c = (unsigned long long)(scaled + 0.5);
        if ((double)c < limit && (double)c / DECIMAL_POW10[i] == a) {
            *m = c;
            *k = i;
            return true;
        }
    }
    return false;
}
