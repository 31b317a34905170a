// Fuzz harness: arbitrary bytes as a CSV submission, read whole by csv_read and cut into parts
// where csv_split_lines finds record boundaries (each part read by csv_read_part, as the two
// threads read a file). The two must give the same records, lines, cells and errors, or the
// harness aborts. The first two bytes choose the options (delimiter, limits) and how the input is
// cut (records a part, bytes a part, bytes arriving at a time); the rest is the file.
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include "unit/test_split.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static const char delimiters[] = {0, ',', ';', '\t'};
    static const size_t records[] = {1, 2, 3, 256};
    static const size_t max_bytes[] = {1, 40, 65536, 1};
    static const size_t steps[] = {1, 7, 65536, 4096};
    unsigned a = data[0], b = data[1];
    csv_options opts = {.delimiter = delimiters[a & 3],
                        .max_cell = (a & 4) ? 8 : 0,
                        .max_columns = (a & 8) ? 3 : 0};
    const char *bytes = (const char *)data + 2;
    size_t n = size - 2;
    char *whole = split_read_whole(bytes, n, &opts);
    if (!whole)
        abort();
    size_t parts;
    char *cut = split_read_in_parts(bytes, n, &opts, records[b & 3], max_bytes[(b >> 2) & 3],
                                    steps[(b >> 4) & 3], &parts);
    if (cut && strcmp(cut, whole) != 0) {
        fprintf(stderr,
                "fuzz_split: %zu parts read unlike the whole file\nwhole:\n%s\nparts:\n%s\n", parts,
                whole, cut);
        abort();
    }
    free(cut);
    free(whole);
    return 0;
}
