/* Shared start of every cmocka test program: CTest runs one case at a time via CMOCKA_FILTER. */
#ifndef DDCHECK_TEST_MAIN_H
#define DDCHECK_TEST_MAIN_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

/** Runs the group; when CMOCKA_FILTER is set, only the case of that exact name. */
#define DDCHECK_RUN_TESTS(group)                                                                   \
    do {                                                                                           \
        const char *ddcheck_filter_ = getenv("CMOCKA_FILTER");                                     \
        if (ddcheck_filter_ && *ddcheck_filter_)                                                   \
            cmocka_set_test_filter(ddcheck_filter_);                                               \
        return cmocka_run_group_tests(group, NULL, NULL);                                          \
    } while (0)

#endif
