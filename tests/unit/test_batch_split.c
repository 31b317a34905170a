/* A file cut at the record boundaries csv_split_lines finds, each part read by csv_read_part,
 * gives the records, lines and errors csv_read gives for the whole file (unit/test_split.h). */
#define _POSIX_C_SOURCE 200809L
#include "unit/test_main.h"

#include "util/xalloc.h"
#include "unit/test_split.h"
#include "evaluator/csv_reader.h"

#include <stdio.h>
#include <string.h>

static void same_in_parts(const char *bytes, size_t n, const csv_options *opts)
{
    char *expected = split_read_whole(bytes, n, opts);
    assert_non_null(expected);
    static const size_t records[] = {1, 2, 3, 256};
    static const size_t sizes[] = {1, 40, 65536};
    static const size_t steps[] = {1, 7, 65536};
    for (size_t r = 0; r < 4; r++)
        for (size_t b = 0; b < 3; b++)
            for (size_t s = 0; s < 3; s++) {
                size_t parts;
                char *got =
                    split_read_in_parts(bytes, n, opts, records[r], sizes[b], steps[s], &parts);
                if (!got) {
                    free(expected);
                    return;
                }
                if (strcmp(got, expected) != 0) {
                    fprintf(stderr, "records %zu, bytes %zu, step %zu, input:\n%.*s\n", records[r],
                            sizes[b], steps[s], (int)n, bytes);
                    assert_string_equal(got, expected);
                }
                free(got);
            }
    free(expected);
}

static unsigned long next_random(unsigned long *seed)
{
    *seed = *seed * 6364136223846793005ul + 1442695040888963407ul;
    return *seed >> 33;
}

static void random_files_read_alike_in_parts(void **state)
{
    (void)state;
    static const char alphabet[] = "\"\",, \t\r\n\n\naa;\"b\xc3\xa9\xff";
    unsigned long seed = 16;
    char buf[200];
    for (int round = 0; round < 3000; round++) {
        size_t n = 1 + next_random(&seed) % (sizeof buf - 1);
        for (size_t i = 0; i < n; i++)
            buf[i] = alphabet[next_random(&seed) % (sizeof alphabet - 1)];
        csv_options opts = {.delimiter = round % 3 == 0   ? 0
                                         : round % 3 == 1 ? ','
                                                          : '\t',
                            .max_cell = round % 5 == 0 ? 8 : 0,
                            .max_columns = round % 7 == 0 ? 3 : 0};
        same_in_parts(buf, n, &opts);
    }
}

static void fixtures_read_alike_in_parts(void **state)
{
    (void)state;
    FILE *list = popen("find " DDCHECK_SOURCE_DIR "/tests/fixtures " DDCHECK_SOURCE_DIR
                       "/examples -name '*.csv' | sort",
                       "r");
    assert_non_null(list);
    char path[4096];
    size_t files = 0;
    while (fgets(path, sizeof path, list)) {
        path[strcspn(path, "\n")] = '\0';
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char *bytes = NULL;
        size_t len = 0, cap = 0;
        for (;;) {
            xgrow((void **)&bytes, &cap, len + 65536, 1);
            size_t got = fread(bytes + len, 1, 65536, f);
            len += got;
            if (got < 65536)
                break;
        }
        fclose(f);
        csv_options opts = {0};
        same_in_parts(bytes, len, &opts);
        free(bytes);
        files++;
    }
    pclose(list);
    assert_true(files > 20);
}

// The splitter looks for a quote once over the lines after the one it reads and keeps what it
// found until it gets there: quotes many quote-free lines apart, at a line's first byte, at the
// file's first byte or not, opening cells that span lines; with each delimiter.
static void quotes_lines_apart_are_found_once_and_kept_until_reached(void **state)
{
    (void)state;
    char buf[4096];
    for (int first_quoted = 0; first_quoted < 2; first_quoted++) {
        size_t n = (size_t)snprintf(buf, sizeof buf, "%s,b\n", first_quoted ? "\"a\"" : "a");
        for (int i = 0; i < 40; i++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%d,x\n", i);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "\"x \"\"y\"\"\n z\",3\n");
        for (int i = 0; i < 10; i++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%d, y\n", i);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "4,\"5\"\n\"6\",7\n8,9 \"in\" it\n");
        static const char delimiters[] = {',', 0};
        for (size_t d = 0; d < sizeof delimiters; d++) {
            csv_options opts = {.delimiter = delimiters[d]};
            same_in_parts(buf, n, &opts);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_files_read_alike_in_parts),
        cmocka_unit_test(quotes_lines_apart_are_found_once_and_kept_until_reached),
        cmocka_unit_test(fixtures_read_alike_in_parts),
    };
    DDCHECK_RUN_TESTS(tests);
}
