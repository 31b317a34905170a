/* reports/spool.c: what is written comes back whole and in order, from a temporary file or,
 * when asked for one only, never from memory. */
#define _POSIX_C_SOURCE 200809L
#include "unit/test_main.h"

#include "reports/spool.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Writes more than one read buffer (64 KiB) of numbered lines and drains them to memory.
static void written_then_drained(spool *sp)
{
    for (int i = 0; i < 20000; i++)
        fprintf(sp->fp, "%d\n", i);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_true(spool_drain(sp, out));
    assert_null(sp->fp); // drained is closed
    fclose(out);
    assert_true(len > 65536);
    assert_int_equal(strncmp(text, "0\n1\n2\n", 6), 0);
    assert_string_equal(text + len - 12, "19998\n19999\n");
    free(text);
}

static void a_file_spool_is_a_temporary_file_and_drains_whole(void **state)
{
    (void)state;
    spool sp;
    assert_true(spool_open_file(&sp));
    assert_non_null(sp.fp);
    assert_false(sp.in_memory);
    assert_null(sp.mem);
    written_then_drained(&sp);
}

static void a_spool_drains_whole(void **state)
{
    (void)state;
    spool sp;
    assert_true(spool_open(&sp));
    written_then_drained(&sp);
}

static void a_discarded_spool_is_closed_and_a_closed_one_drains_nothing(void **state)
{
    (void)state;
    spool sp;
    assert_true(spool_open_file(&sp));
    fputs("gone", sp.fp);
    spool_discard(&sp);
    assert_null(sp.fp);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_true(spool_drain(&sp, out));
    fclose(out);
    assert_int_equal(len, 0);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_file_spool_is_a_temporary_file_and_drains_whole),
        cmocka_unit_test(a_spool_drains_whole),
        cmocka_unit_test(a_discarded_spool_is_closed_and_a_closed_one_drains_nothing),
    };
    DDCHECK_RUN_TESTS(tests);
}
