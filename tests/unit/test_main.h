/* Shared start of every cmocka test program: CTest runs one case at a time via CMOCKA_FILTER. */
#ifndef DDCHECK_TEST_MAIN_H
#define DDCHECK_TEST_MAIN_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/** Runs the group; when CMOCKA_FILTER is set, only the case of that exact name — and a name
 *  that matches no case fails, so a renamed test can never pass by running nothing. */
#define DDCHECK_RUN_TESTS(group)                                                                   \
    do {                                                                                           \
        const char *ddcheck_filter_ = getenv("CMOCKA_FILTER");                                     \
        if (ddcheck_filter_ && *ddcheck_filter_) {                                                 \
            int ddcheck_found_ = 0;                                                                \
            for (size_t i_ = 0; i_ < sizeof(group) / sizeof((group)[0]); i_++)                     \
                ddcheck_found_ |= strcmp((group)[i_].name, ddcheck_filter_) == 0;                  \
            if (!ddcheck_found_) {                                                                 \
                fprintf(stderr, "no test case named %s\n", ddcheck_filter_);                       \
                return 1;                                                                          \
            }                                                                                      \
            cmocka_set_test_filter(ddcheck_filter_);                                               \
        }                                                                                          \
        return cmocka_run_group_tests(group, NULL, NULL);                                          \
    } while (0)

#endif
