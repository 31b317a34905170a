/* util/decimal.c: integers and one-decimal scores written without printf, held byte for byte to
 * the printf forms they replace, on their edges and on many random values. */
#include "unit/test_main.h"
#include "unit/test_random.h"

#include "util/decimal.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// actual[0..len) (unterminated) against what printf wrote.
static void assert_written(const char *expected, char *actual, size_t len)
{
    actual[len] = '\0';
    if (strcmp(actual, expected) != 0)
        fail_msg("%s: wrote \"%s\"", expected, actual);
}

static void assert_ulong_as_printf(unsigned long long n)
{
    char expected[32], actual[DECIMAL_ULONG_DIGITS + 1];
    snprintf(expected, sizeof expected, "%llu", n);
    assert_written(expected, actual, decimal_ulong(actual, n));
}

static void assert_long_as_printf(long long n)
{
    char expected[32], actual[DECIMAL_LONG_SIZE + 1];
    snprintf(expected, sizeof expected, "%lld", n);
    assert_written(expected, actual, decimal_long(actual, n));
}

static void assert_tenths_as_printf(double x)
{
    char expected[DECIMAL_TENTHS_SIZE], actual[DECIMAL_TENTHS_SIZE];
    snprintf(expected, sizeof expected, "%.1f", x);
    size_t len = decimal_tenths(actual, x);
    if (strcmp(actual, expected) != 0 || len != strlen(expected))
        fail_msg("%.17g: wrote \"%s\", printf gives \"%s\"", x, actual, expected);
    // decimal_tenths_small writes the same, or declines.
    char small[DECIMAL_TENTHS_SMALL_SIZE + 1];
    len = decimal_tenths_small(small, x);
    if (len)
        assert_written(expected, small, len);
}

// Every length: 0, each power of ten and of two with its neighbours, the largest values.
static void integers_are_written_as_printf_at_every_length(void **state)
{
    (void)state;
    unsigned long long p = 1;
    for (int i = 0; i < 20; i++, p *= 10) {
        assert_ulong_as_printf(p - 1);
        assert_ulong_as_printf(p);
        assert_ulong_as_printf(p + 1);
        assert_long_as_printf(p <= LLONG_MAX ? (long long)p : LLONG_MAX);
        assert_long_as_printf(p <= LLONG_MAX ? -(long long)p : LLONG_MIN);
    }
    for (int b = 0; b < 64; b++) {
        unsigned long long q = 1ull << b;
        assert_ulong_as_printf(q - 1);
        assert_ulong_as_printf(q);
        assert_ulong_as_printf(q + 1);
    }
    assert_ulong_as_printf(0);
    assert_ulong_as_printf(ULLONG_MAX);
    assert_long_as_printf(0);
    assert_long_as_printf(-1);
    assert_long_as_printf(LLONG_MAX);
    assert_long_as_printf(LLONG_MIN);
    assert_long_as_printf(LLONG_MIN + 1);
    uint64_t seed = 11;
    for (int i = 0; i < 200000; i++) {
        uint64_t r = next_random(&seed);
        assert_ulong_as_printf(r >> (r % 64));
        assert_long_as_printf((long long)(r >> (r % 64)) * ((r & 1) ? -1 : 1));
    }
}

// Scores as the evaluator rounds them (every tenth 0.0 to 100.0), zeros of both signs,
// negatives, ties of the exact value (0.25 is exact and goes to even; 0.35 is not and is below
// its tie), numbers past the fast path (1e9 and up, inf, nan) and any bit pattern.
static void scores_are_written_as_printf_one_decimal(void **state)
{
    (void)state;
    for (int k = 0; k <= 1000; k++) {
        assert_tenths_as_printf(round(k) / 10);
        assert_tenths_as_printf(-(double)k / 10);
        assert_tenths_as_printf(k / 100.0);
        assert_tenths_as_printf(k / 20.0 + 0.025);
    }
    const double edges[] = {0.0,      -0.0,         0.05,      -0.05,        0.25,
                            0.35,     0.45,         99.95,     99.949999999, 1e-9,
                            -1e-9,    999999999.95, 1e9,       -1e9,         1e300,
                            -1e300,   INFINITY,     -INFINITY, NAN,          4503599627370496.5,
                            0.1 + 0.2};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        assert_tenths_as_printf(edges[i]);
    uint64_t seed = 5;
    for (int i = 0; i < 200000; i++) {
        uint64_t r = next_random(&seed);
        double d;
        memcpy(&d, &r, sizeof d);
        assert_tenths_as_printf(d);
        assert_tenths_as_printf((double)(r % 10000001) / 10000);
        assert_tenths_as_printf(ldexp((double)(r >> 11), -(int)(r % 60)));
    }
}

// DECIMAL_TENTHS holds what a division gives. Every k / 10 up to 999.9 is written by
// decimal_tenths_small (as printf does, above); what is not such a double (-0.0, negatives, 1000
// and up, other fractions) is declined.
static void short_scores_are_written_without_printf(void **state)
{
    (void)state;
    for (int k = 0; k <= 1000; k++) {
        volatile double divisor = 10; // divided at run time
        double tenths = (double)k / divisor;
        assert_memory_equal(&DECIMAL_TENTHS[k], &tenths, sizeof tenths);
    }
    for (int k = 0; k < 10000; k++) {
        double x = (double)k / 10;
        char expected[16], small[DECIMAL_TENTHS_SMALL_SIZE + 1];
        snprintf(expected, sizeof expected, "%.1f", x);
        size_t len = decimal_tenths_small(small, x);
        if (len == 0)
            fail_msg("%s: declined", expected);
        assert_written(expected, small, len);
        assert_tenths_as_printf(nextafter(x, 0));
        assert_tenths_as_printf(nextafter(x, 2000));
    }
    const double declined[] = {-0.0, -0.1, 1000, 0.05, 0.25, 12.34, 999.95, NAN, INFINITY};
    for (size_t i = 0; i < sizeof declined / sizeof declined[0]; i++) {
        char small[DECIMAL_TENTHS_SMALL_SIZE];
        assert_int_equal(decimal_tenths_small(small, declined[i]), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(integers_are_written_as_printf_at_every_length),
        cmocka_unit_test(scores_are_written_as_printf_one_decimal),
        cmocka_unit_test(short_scores_are_written_without_printf),
    };
    DDCHECK_RUN_TESTS(tests);
}
