/* util/dynlib: a library loaded at run time, once, with its functions typed from its header;
 * and what is said when it cannot be loaded or lacks a function. */
#define _POSIX_C_SOURCE 200809L
#include "test_main.h"

#include <math.h>
#include <pthread.h>

#include "util/dynlib.h"

// libm's functions, typed from <math.h> as the program's tables are typed from the libraries'.
#define MATH_FUNCTIONS(X) X(cos) X(sqrt)
typedef struct math_api {
    MATH_FUNCTIONS(DYNLIB_FUNCTION)
} math_api;
#define MATH_SYMBOL(name) DYNLIB_SYMBOL(math_api, name)
static const dynlib_symbol MATH_SYMBOLS[] = {MATH_FUNCTIONS(MATH_SYMBOL)};

// A function no library has, after one libm has.
typedef struct lacking_api {
    double (*cos)(double);
    void (*ddcheck_no_such_function)(void);
} lacking_api;
static const dynlib_symbol LACKING_SYMBOLS[] = {
    {"cos", offsetof(lacking_api, cos)},
    {"ddcheck_no_such_function", offsetof(lacking_api, ddcheck_no_such_function)},
};

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void a_library_that_is_not_installed_is_named_with_its_package(void **state)
{
    (void)state;
    math_api table;
    dynlib lib =
        DYNLIB_INIT("libddcheck-no-such.so.9", NULL, "libddcheck-no-such9", MATH_SYMBOLS, &table);
    char why[DYNLIB_WHY_SIZE] = "";
    assert_null(dynlib_load(&lib, why, sizeof why));
    assert_true(
        starts_with(why, "libddcheck-no-such.so.9 cannot be loaded (libddcheck-no-such.so.9"));
    assert_true(ends_with(why, "); install the package libddcheck-no-such9"));
    // Tried once: the second call gives the same answer without trying again.
    char again[DYNLIB_WHY_SIZE] = "";
    assert_null(dynlib_load(&lib, again, sizeof again));
    assert_string_equal(again, why);
    // A short room gets the beginning of the reason, ended.
    char small[8];
    assert_null(dynlib_load(&lib, small, sizeof small));
    assert_string_equal(small, "libddch");
}

static void a_function_the_library_lacks_is_named(void **state)
{
    (void)state;
    lacking_api table = {0};
    dynlib lib = DYNLIB_INIT("libm.so.6", NULL, "libc6", LACKING_SYMBOLS, &table);
    char why[DYNLIB_WHY_SIZE] = "";
    assert_null(dynlib_load(&lib, why, sizeof why));
    assert_true(starts_with(why, "libm.so.6 has no function ddcheck_no_such_function ("));
    assert_non_null(strstr(why, "ddcheck_no_such_function"));
    assert_true(ends_with(why, "); install the package libc6"));
}

static void the_functions_are_found_and_called_through_the_table(void **state)
{
    (void)state;
    math_api table = {0};
    dynlib lib = DYNLIB_INIT("libm.so.6", "DDCHECK_TEST_LIBM", "libc6", MATH_SYMBOLS, &table);
    unsetenv("DDCHECK_TEST_LIBM");
    char why[DYNLIB_WHY_SIZE] = "";
    const math_api *m = dynlib_load(&lib, why, sizeof why);
    assert_ptr_equal(m, &table);
    assert_string_equal(why, "");
    assert_true(m->cos(0.0) == 1.0);
    assert_true(m->sqrt(6.25) == 2.5);
}

static void the_variable_names_another_file_to_load(void **state)
{
    (void)state;
    math_api table = {0};
    dynlib lib = DYNLIB_INIT("libm.so.6", "DDCHECK_TEST_LIBM", "libc6", MATH_SYMBOLS, &table);
    setenv("DDCHECK_TEST_LIBM", "/nonexistent/libm-elsewhere.so.6", 1);
    char why[DYNLIB_WHY_SIZE] = "";
    assert_null(dynlib_load(&lib, why, sizeof why));
    unsetenv("DDCHECK_TEST_LIBM");
    assert_true(starts_with(why, "libm.so.6 cannot be loaded (DDCHECK_TEST_LIBM names "
                                 "/nonexistent/libm-elsewhere.so.6 instead: "));
    assert_true(ends_with(why, "); install the package libc6"));
    // Empty is unset.
    math_api other = {0};
    dynlib lib2 = DYNLIB_INIT("libm.so.6", "DDCHECK_TEST_LIBM", "libc6", MATH_SYMBOLS, &other);
    setenv("DDCHECK_TEST_LIBM", "", 1);
    assert_non_null(dynlib_load(&lib2, why, sizeof why));
    unsetenv("DDCHECK_TEST_LIBM");
}

// Threads that ask at once all get the one table, filled.
static math_api shared_table;
static dynlib shared_lib = DYNLIB_INIT("libm.so.6", NULL, "libc6", MATH_SYMBOLS, &shared_table);

static void *ask(void *arg)
{
    const void **got = arg;
    *got = dynlib_load(&shared_lib, NULL, 0);
    return NULL;
}

static void threads_that_ask_at_once_get_one_table(void **state)
{
    (void)state;
    pthread_t threads[8];
    const void *got[8] = {0};
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, ask, &got[i]), 0);
    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_ptr_equal(got[i], &shared_table);
    }
    assert_true(shared_table.sqrt(4.0) == 2.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_library_that_is_not_installed_is_named_with_its_package),
        cmocka_unit_test(a_function_the_library_lacks_is_named),
        cmocka_unit_test(the_functions_are_found_and_called_through_the_table),
        cmocka_unit_test(the_variable_names_another_file_to_load),
        cmocka_unit_test(threads_that_ask_at_once_get_one_table),
    };
    DDCHECK_RUN_TESTS(tests);
}
