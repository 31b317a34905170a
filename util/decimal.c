// Decimal digits and short decimals, computed exactly (no printf) for the hot paths.
#include "decimal.h"

#include <string.h>

const double DECIMAL_POW10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

size_t decimal_ulong(char *out, unsigned long long n)
{
    char digits[DECIMAL_ULONG_DIGITS];
    char *p = digits + sizeof digits;
    do {
        *--p = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    size_t len = (size_t)(digits + sizeof digits - p);
    memcpy(out, p, len);
    return len;
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
