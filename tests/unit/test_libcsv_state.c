/* csv_reader.c reads libcsv's private parser states (evaluator/libcsv_state.h). These tests drive
 * the libcsv ddcheck is built and run with into each state and compare the numbers, so that a
 * libcsv which numbers them otherwise fails here, loudly, instead of misreading quoted cells. */
#include "unit/test_main.h"

#include "evaluator/libcsv_state.h"

#include <csv.h>

static void no_cell(void *s, size_t len, void *ctx)
{
    (void)s, (void)len, (void)ctx;
}

static void no_record(int c, void *ctx)
{
    (void)c, (void)ctx;
}

// The parser's state after the bytes, fed to a fresh strict parser (as csv_reader uses it).
static int state_after(const char *bytes, int *quoted)
{
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT), 0);
    size_t len = strlen(bytes);
    assert_int_equal(csv_parse(&p, bytes, len, no_cell, no_record, NULL), len);
    int state = p.pstate;
    *quoted = p.quoted;
    csv_free(&p);
    return state;
}

#define PINNED(have, want)                                                                         \
    do {                                                                                           \
        if ((have) != (want)) {                                                                    \
            fail_msg("libcsv %d.%d.%d numbers the state %s %d; evaluator/libcsv_state.h says %d "  \
                     "(read from libcsv %d.%d.%d): update it from this libcsv's libcsv.c and "     \
                     "check every use of pstate in evaluator/csv_reader.c",                        \
                     CSV_MAJOR, CSV_MINOR, CSV_RELEASE, #want, (int)(have), (int)(want),           \
                     LIBCSV_STATE_MAJOR, LIBCSV_STATE_MINOR, LIBCSV_STATE_RELEASE);                \
        }                                                                                          \
    } while (0)

static void libcsv_parser_states_are_those_csv_reader_reads(void **state)
{
    (void)state;
    int quoted;
    PINNED(state_after("", &quoted), LIBCSV_ROW_NOT_BEGUN);
    PINNED(state_after("a,b\n", &quoted), LIBCSV_ROW_NOT_BEGUN);
    PINNED(state_after("a,", &quoted), LIBCSV_FIELD_NOT_BEGUN);
    PINNED(state_after("ab", &quoted), LIBCSV_FIELD_BEGUN);
    assert_false(quoted);
    PINNED(state_after("\"a,b", &quoted), LIBCSV_FIELD_BEGUN);
    assert_true(quoted);
    PINNED(state_after("\"a\"", &quoted), LIBCSV_FIELD_MIGHT_HAVE_ENDED);
    PINNED(state_after("\"a\"\"", &quoted), LIBCSV_FIELD_BEGUN); // "" is a quote inside
}

static void libcsv_is_the_release_the_states_were_read_from(void **state)
{
    (void)state;
    // A new release may keep the numbers (the test above then passes): check its libcsv.c and
    // move LIBCSV_STATE_* to it, so that this test says which release was checked.
    if (CSV_MAJOR != LIBCSV_STATE_MAJOR || CSV_MINOR != LIBCSV_STATE_MINOR ||
        CSV_RELEASE != LIBCSV_STATE_RELEASE)
        fail_msg("built with libcsv %d.%d.%d, but evaluator/libcsv_state.h was checked against "
                 "libcsv %d.%d.%d: compare its parser states with this release's libcsv.c",
                 CSV_MAJOR, CSV_MINOR, CSV_RELEASE, LIBCSV_STATE_MAJOR, LIBCSV_STATE_MINOR,
                 LIBCSV_STATE_RELEASE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(libcsv_parser_states_are_those_csv_reader_reads),
        cmocka_unit_test(libcsv_is_the_release_the_states_were_read_from),
    };
    DDCHECK_RUN_TESTS(tests);
}
