// The floor: libcsv parse-only (count fields and records, nothing else), read in 64 KiB blocks.
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static void on_field(void *data, size_t len, void *ctx)
{
    (void)data;
    (void)len;
    ((size_t *)ctx)[0]++;
}

static void on_record(int c, void *ctx)
{
    (void)c;
    ((size_t *)ctx)[1]++;
}

int main(int argc, char **argv)
{
    FILE *in = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT) != 0)
        return 2;
    static unsigned char buf[64 * 1024];
    size_t counts[2] = {0, 0}, n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, counts) != n) {
            fprintf(stderr, "floor: %s\n", csv_strerror(csv_error(&p)));
            return 2;
        }
    }
    csv_fini(&p, on_field, on_record, counts);
    csv_free(&p);
    printf("%zu fields, %zu records\n", counts[0], counts[1]);
    return 0;
}
