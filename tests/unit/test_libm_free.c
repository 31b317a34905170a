/* The program does not link libm (CMakeLists.txt): JS `%` is libm's fmod loaded at run time
 * (logic_remainder_load), held bit for bit to the fmod this test links; floor and round, compiled
 * as the library's code is (-fno-trapping-math: gcc writes them inline), held to libm's. On edge
 * values and random bit patterns. */
#include "unit/test_main.h"
#include "unit/test_random.h"

#include "checklist/logic_internal.h"
#include "util/dynlib.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// libm's own functions, called through pointers so that the compiler cannot write them inline.
static double (*volatile libm_fmod)(double, double) = fmod;
static double (*volatile libm_floor)(double) = floor;
static double (*volatile libm_round)(double) = round;

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static uint64_t bits_of(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

// The same double (sign of zero included), or both NaN.
static bool same(double a, double b)
{
    return (isnan(a) && isnan(b)) || bits_of(a) == bits_of(b);
}

static void assert_remainder(double x, double y)
{
    double want = libm_fmod(x, y), got = logic_remainder(x, y);
    if (!same(got, want))
        fail_msg("%a %% %a: logic_remainder %a, fmod %a", x, y, got, want);
}

static const double EDGES[] = {0.0,
                               1.0,
                               0.5,
                               0.49999999999999994,
                               1.5,
                               2.5,
                               3.0,
                               7.0,
                               10.0,
                               0.1,
                               0.3,
                               1e-300,
                               4.9406564584124654e-324, // the smallest subnormal
                               2.2250738585072009e-308, // the largest subnormal
                               2.2250738585072014e-308, // the smallest normal
                               4503599627370495.5,
                               4503599627370496.0,
                               9007199254740991.0,
                               9007199254740993.0,
                               1e15,
                               1e300,
                               1.7976931348623157e308,
                               INFINITY,
                               NAN};

static void remainder_is_fmod(void **state)
{
    (void)state;
    char why[DYNLIB_WHY_SIZE];
    assert_true(logic_remainder_load(why, sizeof why));
    size_t n = sizeof EDGES / sizeof EDGES[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (int s = 0; s < 4; s++)
                assert_remainder(s & 1 ? -EDGES[i] : EDGES[i], s & 2 ? -EDGES[j] : EDGES[j]);
    uint64_t seed = 17;
    for (int i = 0; i < 20000; i++) {
        // Any two bit patterns; then y's exponent near x's (a few steps of the division), or
        // far below it (many steps), or both subnormal.
        uint64_t a = next_random(&seed), b = next_random(&seed);
        assert_remainder(from_bits(a), from_bits(b));
        uint64_t near = (b & ~((uint64_t)0x7FF << 52)) |
                        ((a >> 52 & 0x7FF) - (b % 64 < (a >> 52 & 0x7FF) ? b % 64 : 0)) << 52;
        assert_remainder(from_bits(a), from_bits(near));
        assert_remainder(from_bits(a & ~((uint64_t)0x7FF << 52)),
                         from_bits(b & ~((uint64_t)0x7FF << 52)));
        assert_remainder((double)(int64_t)(a >> 40) / 8, (double)(int64_t)((b >> 52) + 1) / 4);
    }
}

static void assert_floor_round(double x)
{
    if (!same(floor(x), libm_floor(x)))
        fail_msg("floor(%a): %a, libm %a", x, floor(x), libm_floor(x));
    if (!same(round(x), libm_round(x)))
        fail_msg("round(%a): %a, libm %a", x, round(x), libm_round(x));
}

static void floor_and_round_are_libms(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof EDGES / sizeof EDGES[0]; i++) {
        assert_floor_round(EDGES[i]);
        assert_floor_round(-EDGES[i]);
        assert_floor_round(nextafter(EDGES[i], 0));
        assert_floor_round(nextafter(-EDGES[i], 0));
    }
    uint64_t seed = 29;
    for (int i = 0; i < 300000; i++) {
        uint64_t a = next_random(&seed);
        assert_floor_round(from_bits(a));
        // Magnitudes around 1 to 2^53, where the fraction matters.
        assert_floor_round(
            from_bits((a & ~((uint64_t)0x7FF << 52)) | (uint64_t)(1020 + a % 40) << 52));
        assert_floor_round((double)(int64_t)(a >> 12) / 16);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(remainder_is_fmod),
        cmocka_unit_test(floor_and_round_are_libms),
    };
    DDCHECK_RUN_TESTS(tests);
}
