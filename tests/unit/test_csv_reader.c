// Unit tests of the streaming CSV reader: quoting, line numbers, limits, encodings, errors.
#include "unit/test_main.h"

#include "util/xalloc.h"
#include "evaluator/csv_reader.h"

#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// Every record delivered, deep-copied so it outlives the callback.
typedef struct got_record {
    size_t count;
    char **cells;
    size_t *lens;
    long *cell_lines;
    size_t index;
    long line;
    long end_line;
    char *error;
    size_t error_column;
} got_record;

typedef struct got {
    got_record *records;
    size_t count;
    size_t cap;
    size_t stop_after; // 0: never stop
    diag_list diags;
    bool ok;
} got;

static bool collect(void *ctx, const csv_record *rec)
{
    got *g = ctx;
    xgrow((void **)&g->records, &g->cap, g->count + 1, sizeof *g->records);
    got_record *r = &g->records[g->count++];
    r->count = rec->count;
    r->cells = xcalloc(rec->count, sizeof *r->cells);
    r->lens = xcalloc(rec->count, sizeof *r->lens);
    r->cell_lines = xcalloc(rec->count, sizeof *r->cell_lines);
    for (size_t i = 0; i < rec->count; i++) {
        assert_int_equal(rec->cells[i].ptr[rec->cells[i].len], '\0');
        // Every byte, NULs too (xstrndup would stop at the first).
        r->cells[i] = xmalloc(rec->cells[i].len + 1);
        memcpy(r->cells[i], rec->cells[i].ptr, rec->cells[i].len + 1);
        r->lens[i] = rec->cells[i].len;
        r->cell_lines[i] = rec->cells[i].line;
    }
    r->index = rec->index;
    r->line = rec->line;
    r->end_line = rec->end_line;
    r->error = xstrdup(rec->error);
    r->error_column = rec->error_column;
    return !(g->stop_after && g->count >= g->stop_after);
}

static void got_free(got *g)
{
    for (size_t i = 0; i < g->count; i++) {
        got_record *r = &g->records[i];
        for (size_t k = 0; k < r->count; k++)
            free(r->cells[k]);
        free(r->cells);
        free(r->lens);
        free(r->cell_lines);
        free(r->error);
    }
    free(g->records);
    diag_list_clear(&g->diags);
}

static FILE *file_with(const char *bytes, size_t len)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    rewind(f);
    return f;
}

static void read_bytes_opts(got *g, const char *bytes, size_t len, const csv_options *opts)
{
    FILE *f = file_with(bytes, len);
    g->ok = csv_read(f, "t.csv", opts, collect, g, &g->diags);
    fclose(f);
}

static void read_bytes(got *g, const char *bytes, size_t len)
{
    read_bytes_opts(g, bytes, len, NULL);
}

#define READ(g, literal) read_bytes((g), (literal), sizeof(literal) - 1)

static void assert_cells(const got_record *r, size_t n, const char *const *want)
{
    assert_int_equal(r->count, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(r->cells[i], want[i]);
}

#define CELLS(r, ...)                                                                              \
    do {                                                                                           \
        const char *const want_[] = {__VA_ARGS__};                                                 \
        assert_cells((r), sizeof want_ / sizeof want_[0], want_);                                  \
    } while (0)

static void quoted_comma_stays_in_its_cell(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b,c\n1,\"x, y\",3\n");
    assert_true(g.ok);
    assert_int_equal(g.count, 2);
    CELLS(&g.records[0], "a", "b", "c");
    CELLS(&g.records[1], "1", "x, y", "3");
    assert_null(g.records[1].error);
    assert_int_equal(g.records[1].index, 1);
    assert_int_equal(g.records[1].line, 2);
    got_free(&g);
}

static void escaped_quotes_become_one_quote(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a\n\"say \"\"hi\"\"\"\n");
    assert_int_equal(g.count, 2);
    CELLS(&g.records[1], "say \"hi\"");
    assert_null(g.records[1].error);
    got_free(&g);
}

static void embedded_newline_keeps_the_record_start_line_and_shifts_later_cells(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b,c\n1,\"two\nlines\",3\n4,5,6\n");
    assert_int_equal(g.count, 3);
    got_record *r = &g.records[1];
    CELLS(r, "1", "two\nlines", "3");
    assert_int_equal(r->line, 2);
    assert_int_equal(r->end_line, 3);
    assert_int_equal(r->cell_lines[0], 2);
    assert_int_equal(r->cell_lines[1], 2);
    assert_int_equal(r->cell_lines[2], 3);
    assert_int_equal(g.records[2].line, 4);
    assert_int_equal(g.records[2].end_line, 4);
    assert_int_equal(g.records[2].cell_lines[2], 4);
    got_free(&g);
}

static void record_starting_with_a_multiline_cell_starts_on_its_first_line(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b\n\n\"x\n\ny\",z\nlast,row\n");
    assert_int_equal(g.count, 3);
    CELLS(&g.records[1], "x\n\ny", "z");
    assert_int_equal(g.records[1].line, 3);
    assert_int_equal(g.records[1].end_line, 5);
    assert_int_equal(g.records[1].cell_lines[0], 3);
    assert_int_equal(g.records[1].cell_lines[1], 5);
    assert_int_equal(g.records[2].line, 6);
    got_free(&g);
}

static void crlf_line_ends_are_not_part_of_cells(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n");
    assert_int_equal(g.count, 4);
    CELLS(&g.records[1], "1", "2");
    CELLS(&g.records[2], "x\r\ny", "3");
    assert_int_equal(g.records[2].line, 3);
    assert_int_equal(g.records[2].end_line, 4);
    CELLS(&g.records[3], "4", "5");
    assert_int_equal(g.records[3].line, 5);
    got_free(&g);
}

static void lone_cr_ends_records_and_counts_as_a_line(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b\r1,2\r3,4\r");
    assert_int_equal(g.count, 3);
    CELLS(&g.records[0], "a", "b");
    CELLS(&g.records[1], "1", "2");
    CELLS(&g.records[2], "3", "4");
    assert_int_equal(g.records[1].line, 2);
    assert_int_equal(g.records[2].line, 3);
    got_free(&g);
}

static void utf8_bom_is_skipped(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "\xEF\xBB\xBFid;name\nP1;x\n");
    assert_true(g.ok);
    assert_int_equal(g.count, 2);
    CELLS(&g.records[0], "id", "name");
    CELLS(&g.records[1], "P1", "x");
    got_free(&g);
}

static void utf16_bom_is_fatal_with_its_position(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "\xFF\xFE"
             "a\0,\0b\0\n\0");
    assert_false(g.ok);
    assert_int_equal(g.count, 0);
    assert_int_equal(g.diags.count, 1);
    char buf[256];
    assert_string_equal(diag_format(&g.diags.items[0], buf, sizeof buf),
                        "t.csv:1:1: error: the file is UTF-16 encoded; save it as CSV UTF-8");
    got_free(&g);

    got be = {0};
    READ(&be, "\xFE\xFF\0a\0,\0b");
    assert_false(be.ok);
    assert_string_equal(be.diags.items[0].message,
                        "the file is UTF-16 encoded; save it as CSV UTF-8");
    got_free(&be);
}

static void utf32_bom_is_fatal(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "\xFF\xFE\0\0a\0\0\0");
    assert_false(g.ok);
    assert_int_equal(g.count, 0);
    assert_string_equal(g.diags.items[0].message,
                        "the file is UTF-32 encoded; save it as CSV UTF-8");
    got_free(&g);
}

static void empty_file_gives_no_records(void **state)
{
    (void)state;
    got g = {0};
    read_bytes(&g, "", 0);
    assert_true(g.ok);
    assert_int_equal(g.count, 0);
    assert_int_equal(g.diags.count, 0);
    got_free(&g);
}

static void header_only_gives_one_record(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "id,name\n");
    assert_true(g.ok);
    assert_int_equal(g.count, 1);
    CELLS(&g.records[0], "id", "name");
    assert_int_equal(g.records[0].index, 0);
    assert_int_equal(g.records[0].line, 1);
    got_free(&g);
}

static void blank_lines_are_skipped_and_still_counted(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "\n\na,b\n\n1,2\n  \n\r\n3,4\n\n");
    assert_int_equal(g.count, 3);
    assert_int_equal(g.records[0].line, 3);
    assert_int_equal(g.records[1].line, 5);
    CELLS(&g.records[2], "3", "4");
    assert_int_equal(g.records[2].line, 8);
    assert_int_equal(g.records[2].index, 2);
    got_free(&g);
}

static void last_line_without_newline_is_a_record(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b\n1,2\n3,\"4\"");
    assert_int_equal(g.count, 3);
    CELLS(&g.records[2], "3", "4");
    assert_int_equal(g.records[2].line, 3);
    assert_int_equal(g.records[2].end_line, 3);
    assert_null(g.records[2].error);
    got_free(&g);
}

static void unterminated_quote_at_eof_flags_the_last_record_and_keeps_earlier_ones(void **state)
{
    (void)state;
    got g = {0};
    // The quote opens on the last line: nothing after it to read again.
    READ(&g, "a,b\n1,2\n3,\"open");
    assert_true(g.ok);
    assert_int_equal(g.count, 3);
    CELLS(&g.records[1], "1", "2");
    assert_null(g.records[1].error);
    CELLS(&g.records[2], "3", "open");
    assert_int_equal(g.records[2].line, 3);
    assert_int_equal(g.records[2].end_line, 3);
    assert_string_equal(g.records[2].error, "unterminated quoted cell (opened on line 3)");
    assert_int_equal(g.records[2].error_column, 2);
    got_free(&g);
}

// A quote that never closes would make every line after it one cell of its row: the row ends with
// the line the quote opened on, and the lines after it are read again as rows, with their own
// line numbers (LF or CRLF, by the fast path or by libcsv alone).
static void lines_after_an_unterminated_quote_are_read_again_as_rows(void **state)
{
    (void)state;
    static const char *const texts[] = {"a,b\n1,2\n3,\"open\nmore,x\n5,6\n",
                                        "a,b\r\n1,2\r\n3,\"open\r\nmore,x\r\n5,6"};
    for (size_t t = 0; t < 2; t++) {
        for (int libcsv_only = 0; libcsv_only < 2; libcsv_only++) {
            got g = {0};
            csv_options opts = {.libcsv_only = libcsv_only};
            read_bytes_opts(&g, texts[t], strlen(texts[t]), &opts);
            assert_true(g.ok);
            assert_int_equal(g.count, 5);
            CELLS(&g.records[2], "3", "open");
            assert_int_equal(g.records[2].line, 3);
            assert_int_equal(g.records[2].end_line, 3);
            assert_string_equal(g.records[2].error,
                                "unterminated quoted cell (opened on line 3): the row is read up "
                                "to the end of that line, and lines 4-5 are read again as rows");
            CELLS(&g.records[3], "more", "x");
            assert_int_equal(g.records[3].line, 4);
            assert_null(g.records[3].error);
            CELLS(&g.records[4], "5", "6");
            assert_int_equal(g.records[4].line, 5);
            assert_null(g.records[4].error);
            got_free(&g);
        }
    }
}

// The lines are read again from their bytes as written, not from the quoted cell's text (where
// each doubled quote was one): "" "" inside the unterminated cell is a quoted cell of one quote.
static void lines_read_again_are_read_from_their_own_bytes(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b,c\n1,\"x\n2,\"\"\"\",w\n");
    assert_int_equal(g.count, 3);
    CELLS(&g.records[1], "1", "x");
    assert_string_equal(g.records[1].error,
                        "unterminated quoted cell (opened on line 2): the row is read up to the "
                        "end of that line, and line 3 is read again as a row");
    CELLS(&g.records[2], "2", "\"", "w");
    assert_int_equal(g.records[2].line, 3);
    assert_null(g.records[2].error);
    got_free(&g);
}

// Lines inside an unterminated quote that are more than --max-cell bytes are not kept: the row
// says which lines it swallowed.
static void lines_inside_an_unterminated_quote_over_the_cell_limit_are_named(void **state)
{
    (void)state;
    static const char text[] = "a,b\n1,\"x\n2,yyyyyyyy\n3,z\n";
    got g = {0};
    csv_options opts = {.max_cell = 8};
    read_bytes_opts(&g, text, sizeof text - 1, &opts);
    assert_int_equal(g.count, 2);
    assert_string_equal(g.records[1].error,
                        "unterminated quoted cell (opened on line 2): lines 3-4 are inside it "
                        "and, longer than the 8-byte cell limit, cannot be read again as rows");
    got_free(&g);
}

// The line the quote opens on ends with CR as the last byte of a 64 KiB read block and LF as the
// first of the next: the LF is that line's end, not a line of its own read again.
static void crlf_split_by_a_read_block_after_an_unterminated_quote(void **state)
{
    (void)state;
    size_t block = 64 * 1024;
    char *text = xmalloc(block + 32);
    memcpy(text, "a,b\r\n1,\"", 8);
    memset(text + 8, 'x', block - 1 - 8);
    text[block - 1] = '\r';
    memcpy(text + block, "\nmore,x\r\n", 9);
    got g = {0};
    csv_options opts = {.max_cell = 2 * block};
    read_bytes_opts(&g, text, block + 9, &opts);
    free(text);
    assert_int_equal(g.count, 3);
    assert_int_equal(g.records[1].lens[1], block - 1 - 8);
    assert_string_equal(g.records[1].error,
                        "unterminated quoted cell (opened on line 2): the row is read up to the "
                        "end of that line, and line 3 is read again as a row");
    CELLS(&g.records[2], "more", "x");
    assert_int_equal(g.records[2].line, 3);
    assert_null(g.records[2].error);
    got_free(&g);
}

// Among the lines kept for reading again, a "" whose two quotes a 64 KiB read block separates
// (libcsv is then just after a quote, not in the cell) is kept like any other byte: no row is
// lost and the line numbers after it hold.
static void a_doubled_quote_split_by_a_read_block_is_kept_for_reading_again(void **state)
{
    (void)state;
    size_t block = 64 * 1024;
    for (size_t shift = 0; shift < 3; shift++) {
        char *text = xmalloc(block + 64);
        size_t n = 0;
        memcpy(text, "id,v,n\nB,\"oops\nQ,", 17);
        n = 17;
        size_t fill = block - 1 - n - shift; // the first quote of "" at block - 1 - shift
        memset(text + n, 'a', fill);
        n += fill;
        static const char tail[] = "\"\"b,3\nZ,z,9\nY,y,8\n";
        memcpy(text + n, tail, sizeof tail - 1);
        n += sizeof tail - 1;
        got g = {0};
        csv_options opts = {.max_cell = 2 * block};
        read_bytes_opts(&g, text, n, &opts);
        free(text);
        assert_int_equal(g.count, 5);
        assert_string_equal(g.records[1].error,
                            "unterminated quoted cell (opened on line 2): the row is read up to "
                            "the end of that line, and lines 3-5 are read again as rows");
        assert_int_equal(g.records[2].count, 3);
        assert_int_equal(g.records[2].line, 3);
        assert_null(g.records[2].error);
        CELLS(&g.records[3], "Z", "z", "9");
        assert_int_equal(g.records[3].line, 4);
        CELLS(&g.records[4], "Y", "y", "8");
        assert_int_equal(g.records[4].line, 5);
        got_free(&g);
    }
}

// A quoted cell of exactly --max-cell bytes is within the limit also when its closing quote is
// the last byte of a read block (the quote is not text).
static void a_cell_of_the_limit_whose_quote_ends_a_read_block_is_within_it(void **state)
{
    (void)state;
    size_t block = 64 * 1024;
    for (size_t shift = 0; shift < 2; shift++) {
        char *text = xmalloc(block + 64);
        size_t n = 0;
        memcpy(text, "id,v\nQ,\"", 8);
        n = 8;
        size_t fill = block - 1 - n - shift; // the closing quote at block - 1 - shift
        memset(text + n, 'a', fill);
        n += fill;
        static const char tail[] = "\"\nZ,z\n";
        memcpy(text + n, tail, sizeof tail - 1);
        n += sizeof tail - 1;
        got g = {0};
        csv_options opts = {.max_cell = fill};
        read_bytes_opts(&g, text, n, &opts);
        free(text);
        assert_int_equal(g.count, 3);
        assert_int_equal(g.records[1].lens[1], fill);
        assert_null(g.records[1].error);
        CELLS(&g.records[2], "Z", "z");
        got_free(&g);
    }
}

// The row's first problem is named, and a quote that never closed is said too (it decides which
// lines are rows); a quote closed on a later line names the line it closed on, not the row's end.
static void an_unterminated_quote_is_said_after_the_rows_first_problem(void **state)
{
    (void)state;
    got g = {0};
    static const char text[] = "id,v,n\nAAAAAAAAAA,\"oops\nC,y,3\n";
    csv_options opts = {.max_cell = 8};
    read_bytes_opts(&g, text, sizeof text - 1, &opts);
    assert_int_equal(g.count, 3);
    assert_string_equal(
        g.records[1].error,
        "cell 1 is longer than the 8-byte limit (the rest was dropped); and an "
        "unterminated quoted cell (opened on line 2): the row is read up to the end "
        "of that line, and line 3 is read again as a row");
    got_free(&g);
    got h = {0};
    READ(&h, "id,v,n\nB,\"a\nb\"x,\"c\nd\ne\"\nF,g,h\n");
    assert_string_equal(h.records[1].error,
                        "text after the closing quote in cell 2 (the quote opened on line 2 closes "
                        "on line 3: line 3 is read as part of this row; is a quote missing or "
                        "extra on line 2?)");
    got_free(&h);
    got k = {0};
    READ(&k, "id,v,n\nB,\"a\"x,\"c\nd\"\n");
    assert_string_equal(k.records[1].error, "text after the closing quote in cell 2");
    got_free(&k);
}

// A quote that closes on a later line, followed by text, makes a malformed row of those lines:
// the message names the lines it took.
static void a_stray_quote_closed_on_a_later_line_names_the_lines_it_took(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b\n1,\"x\n2,y\"z\n3,w\n");
    assert_int_equal(g.count, 3);
    assert_int_equal(g.records[1].line, 2);
    assert_int_equal(g.records[1].end_line, 3);
    assert_string_equal(g.records[1].error,
                        "text after the closing quote in cell 2 (the quote opened on line 2 "
                        "closes on line 3: line 3 is read as part of this row; is a quote "
                        "missing or extra on line 2?)");
    CELLS(&g.records[2], "3", "w");
    assert_int_equal(g.records[2].line, 4);
    got_free(&g);
}

static void stray_quote_inside_an_unquoted_cell_is_data(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b\n5\" pipe,x\"y\"\n2,3\n");
    assert_int_equal(g.count, 3);
    CELLS(&g.records[1], "5\" pipe", "x\"y\"");
    assert_null(g.records[1].error);
    CELLS(&g.records[2], "2", "3");
    got_free(&g);
}

static void text_after_a_closing_quote_is_flagged_without_swallowing_later_records(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b,c\n\"5\"kg,x,y\n2,3,4\n");
    assert_int_equal(g.count, 3);
    CELLS(&g.records[1], "5\"kg", "x", "y");
    assert_string_equal(g.records[1].error, "text after the closing quote in cell 1");
    assert_int_equal(g.records[1].error_column, 1);
    CELLS(&g.records[2], "2", "3", "4");
    assert_null(g.records[2].error);
    assert_int_equal(g.records[2].line, 3);
    got_free(&g);
}

static void nul_byte_is_flagged(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b\n1,x\0y\n2,3\n");
    assert_int_equal(g.count, 3);
    assert_int_equal(g.records[1].count, 2);
    assert_int_equal(g.records[1].lens[1], 3);
    assert_string_equal(g.records[1].error, "NUL byte in cell 2");
    assert_int_equal(g.records[1].error_column, 2);
    assert_null(g.records[2].error);
    got_free(&g);
}

static void invalid_utf8_is_flagged_with_the_byte(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b\nCaf\xE9,ok\n\xC3\xA9t\xC3\xA9,\xE2\x82\xAC\n\xED\xA0\x80,x\n");
    assert_int_equal(g.count, 4);
    assert_string_equal(g.records[1].error, "invalid UTF-8 in cell 1 (byte 0xE9)");
    assert_int_equal(g.records[1].error_column, 1);
    assert_null(g.records[2].error);                                                // été, €
    assert_string_equal(g.records[3].error, "invalid UTF-8 in cell 1 (byte 0xED)"); // surrogate
    got_free(&g);
}

static void nul_and_invalid_utf8_are_found_in_long_cells_after_clean_ones(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b,c\nplain ascii text,0123456789abcdef\x80xyz,ok\n"
             "plain ascii text,01234567,89abcdef01234567\0\n"
             "\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80 long enough,x,\xE6\x97\xA5\xE6\x9C\xAC\n");
    assert_int_equal(g.count, 4);
    assert_string_equal(g.records[1].error, "invalid UTF-8 in cell 2 (byte 0x80)");
    assert_string_equal(g.records[2].error, "NUL byte in cell 3");
    assert_int_equal(g.records[2].error_column, 3);
    assert_null(g.records[3].error);
    got_free(&g);
}

// The fast path checks a record's source bytes eight at a time, then the rest one by one: a bad
// byte at any offset of a quoted or unquoted cell, a word's first, last or a tail byte, is found.
static void a_nul_or_non_ascii_byte_anywhere_in_a_record_is_checked(void **state)
{
    (void)state;
    static const char line[] = "abc,\"defghij\",klmnopqrstu,\"v\"\"wxyz\",0123456789\n";
    static const char bad[] = {'\0', '\x80', '\xE9'};
    for (size_t k = 0; k < sizeof bad; k++) {
        for (size_t at = 0; at + 1 < sizeof line - 1; at++) {
            if (strchr(",\"", line[at]))
                continue; // only cell bytes
            char text[64];
            memcpy(text, "h\n", 2);
            memcpy(text + 2, line, sizeof line - 1);
            text[2 + at] = bad[k];
            got g = {0};
            read_bytes(&g, text, 2 + sizeof line - 1);
            assert_int_equal(g.count, 2);
            assert_non_null(g.records[1].error);
            assert_true(strstr(g.records[1].error, bad[k] ? "invalid UTF-8" : "NUL byte"));
            got_free(&g);
        }
    }
}

static void cell_over_the_limit_is_flagged_without_storing_it(void **state)
{
    (void)state;
    // A 300 KiB cell spans several read blocks; the limit is 1000 bytes.
    size_t big = 300 * 1024;
    char *text = xmalloc(big + 64);
    size_t n = 0;
    memcpy(text + n, "a,b\n1,", 6);
    n += 6;
    memset(text + n, 'x', big);
    n += big;
    memcpy(text + n, "\n2,3\n", 5);
    n += 5;
    got g = {0};
    csv_options opts = {.max_cell = 1000};
    read_bytes_opts(&g, text, n, &opts);
    free(text);
    assert_true(g.ok);
    assert_int_equal(g.count, 3);
    assert_int_equal(g.records[1].count, 2);
    assert_true(g.records[1].lens[1] <= 1000);
    assert_string_equal(g.records[1].error,
                        "cell 2 is longer than the 1000-byte limit (the rest was dropped)");
    assert_int_equal(g.records[1].error_column, 2);
    CELLS(&g.records[2], "2", "3");
    assert_int_equal(g.records[2].line, 3);
    got_free(&g);
}

// A short cell over the limit in a record the fast path would read (unquoted, quoted, with a "";
// from a file and from memory): the record is read by libcsv's path, which keeps the cell's first
// bytes and says so; a cell of exactly the limit is no problem.
static void a_short_cell_over_the_limit_is_cut_and_flagged(void **state)
{
    (void)state;
    static const char text[] = "a,b,c\n1,22222,3\n\"4\",\"55\"\"555\",6\n7,8888,9\n";
    csv_options opts = {.max_cell = 4};
    for (int from_memory = 0; from_memory < 2; from_memory++) {
        got g = {0};
        if (from_memory)
            g.ok = csv_read_part(text, sizeof text - 1, NULL, 1, 0, "t.csv", &opts, collect, &g,
                                 &g.diags);
        else
            read_bytes_opts(&g, text, sizeof text - 1, &opts);
        assert_true(g.ok);
        assert_int_equal(g.count, 4);
        CELLS(&g.records[1], "1", "2222", "3");
        assert_string_equal(g.records[1].error,
                            "cell 2 is longer than the 4-byte limit (the rest was dropped)");
        CELLS(&g.records[2], "4", "55\"5", "6");
        assert_string_equal(g.records[2].error,
                            "cell 2 is longer than the 4-byte limit (the rest was dropped)");
        CELLS(&g.records[3], "7", "8888", "9");
        assert_null(g.records[3].error);
        got_free(&g);
    }
}

static void too_many_columns_are_flagged_and_dropped(void **state)
{
    (void)state;
    // A million cells on one line must cost nothing beyond the limit.
    size_t cells = 1000000;
    char *text = xmalloc(2 * cells + 16);
    size_t n = 0;
    memcpy(text, "a,b\n", 4);
    n = 4;
    for (size_t i = 0; i < cells; i++) {
        text[n++] = 'x';
        text[n++] = ',';
    }
    text[n - 1] = '\n';
    memcpy(text + n, "1,2\n", 4);
    n += 4;
    got g = {0};
    csv_options opts = {.max_columns = 3};
    read_bytes_opts(&g, text, n, &opts);
    free(text);
    assert_int_equal(g.count, 3);
    assert_int_equal(g.records[1].count, 3);
    assert_string_equal(g.records[1].error,
                        "1000000 cells, more than the limit of 3 (the extra cells were dropped)");
    assert_int_equal(g.records[1].error_column, 4);
    CELLS(&g.records[2], "1", "2");
    assert_null(g.records[2].error);
    got_free(&g);
}

static void semicolon_is_detected_when_the_header_has_no_comma(void **state)
{
    (void)state;
    assert_int_equal(csv_detect_delimiter("id;name;budget", 14), ';');
    assert_int_equal(csv_detect_delimiter("\"a,b\";c\nx,y", 11), ';');
    assert_int_equal(csv_detect_delimiter("id,name;x", 9), ',');
    assert_int_equal(csv_detect_delimiter("id", 2), ',');
    got g = {0};
    READ(&g, "id;budget\nP1;1,5\n");
    assert_int_equal(g.count, 2);
    CELLS(&g.records[1], "P1", "1,5");
    got_free(&g);
}

static void tab_is_detected_when_the_header_has_no_comma_or_semicolon(void **state)
{
    (void)state;
    assert_int_equal(csv_detect_delimiter("id\tname", 7), '\t');
    got g = {0};
    READ(&g, "id\tname\nP1\tx; y, z\n");
    assert_int_equal(g.count, 2);
    CELLS(&g.records[1], "P1", "x; y, z");
    got_free(&g);
}

static void explicit_delimiter_overrides_detection(void **state)
{
    (void)state;
    got g = {0};
    csv_options opts = {.delimiter = '|'};
    static const char text[] = "a,b|c\n1|2\n";
    read_bytes_opts(&g, text, sizeof text - 1, &opts);
    assert_int_equal(g.count, 2);
    CELLS(&g.records[0], "a,b", "c");
    CELLS(&g.records[1], "1", "2");
    got_free(&g);
}

static void callback_returning_false_stops_reading_and_is_not_an_error(void **state)
{
    (void)state;
    got g = {.stop_after = 2};
    READ(&g, "a\n1\n2\n3\n");
    assert_true(g.ok);
    assert_int_equal(g.count, 2);
    assert_int_equal(g.diags.count, 0);
    got_free(&g);
}

static void read_error_is_fatal(void **state)
{
    (void)state;
    // A stream open for writing only fails on fread.
    FILE *f = fopen("/dev/null", "w");
    assert_non_null(f);
    got g = {0};
    g.ok = csv_read(f, "<stdin>", NULL, collect, &g, &g.diags);
    fclose(f);
    assert_false(g.ok);
    assert_int_equal(g.diags.count, 1);
    assert_string_equal(g.diags.items[0].file, "<stdin>");
    assert_non_null(strstr(g.diags.items[0].message, "cannot read"));
    got_free(&g);
}

static void a_cell_spanning_three_lines_keeps_every_later_line_right_in_1000_lines(void **state)
{
    (void)state;
    // Lines 1..1000: header, then one record per line, except record "r100" whose middle cell
    // spans lines 101-103. Long enough to cross no block; a second run crosses many.
    for (int pad = 0; pad < 2; pad++) {
        size_t cap = 1000 * 400;
        char *text = xmalloc(cap);
        size_t n = 0;
        n += (size_t)snprintf(text + n, cap - n, "id,note,v\n");
        long line = 2;
        int k = 0;
        while (line <= 1000) {
            if (k == 99) {
                n += (size_t)snprintf(text + n, cap - n, "r%d,\"one\ntwo\nthree\",%d\n", k, k);
                line += 3;
            } else {
                n += (size_t)snprintf(text + n, cap - n, "r%d,%.*s,%d\n", k, pad ? 300 : 5,
                                      "padpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpad"
                                      "padpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpad"
                                      "padpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpad"
                                      "padpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpad"
                                      "padpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpad"
                                      "padpadpadpadpadpadpadpadpadpadpadpadpadpadpadpadpad",
                                      k);
                line++;
            }
            k++;
        }
        got g = {0};
        read_bytes(&g, text, n);
        free(text);
        assert_true(g.ok);
        assert_int_equal(g.count, (size_t)k + 1);
        long want = 2;
        for (int i = 0; i < k; i++) {
            got_record *r = &g.records[i + 1];
            assert_int_equal(r->count, 3);
            assert_int_equal(r->line, want);
            assert_int_equal(r->cell_lines[0], want);
            assert_int_equal(r->cell_lines[1], want);
            if (i == 99) {
                assert_string_equal(r->cells[1], "one\ntwo\nthree");
                assert_int_equal(r->end_line, want + 2);
                assert_int_equal(r->cell_lines[2], want + 2);
                want += 3;
            } else {
                assert_int_equal(r->end_line, want);
                assert_int_equal(r->cell_lines[2], want);
                want++;
            }
        }
        assert_int_equal(want, 1001);
        got_free(&g);
    }
}

static void crlf_split_across_read_blocks_counts_as_one_line_end(void **state)
{
    (void)state;
    // The header line ends with CR as the last byte of the first 64 KiB block, LF the first of
    // the next.
    size_t block = 64 * 1024;
    char *text = xmalloc(block + 16);
    memset(text, 'h', block - 1);
    text[block - 1] = '\r';
    size_t n = block;
    memcpy(text + n, "\n1\r\n2\n", 6);
    n += 6;
    got g = {0};
    csv_options opts = {.max_cell = block};
    read_bytes_opts(&g, text, n, &opts);
    free(text);
    assert_int_equal(g.count, 3);
    assert_int_equal(g.records[0].lens[0], block - 1);
    assert_null(g.records[0].error);
    CELLS(&g.records[1], "1");
    assert_int_equal(g.records[1].line, 2);
    CELLS(&g.records[2], "2");
    assert_int_equal(g.records[2].line, 3);
    got_free(&g);
}

// A quoted cell over --max-cell keeps max_cell bytes of its text for the message wherever its
// closing quote falls, also as the last byte of a 64 KiB read block (libcsv then holds the quote
// in its copy of the cell when the reader cuts that copy back to the limit).
static void cell_over_the_limit_keeps_the_limit_when_its_quote_ends_a_read_block(void **state)
{
    (void)state;
    size_t block = 64 * 1024, limit = 100;
    char *text = xmalloc(block + 16);
    for (size_t shift = 0; shift < 6; shift++) {
        // "a,b\n" then a quoted cell whose closing quote is the block's last byte (shift 0), or
        // one or two bytes before it; from shift 3 on, with a space after the quote.
        memcpy(text, "a,b\n\"", 5);
        size_t close = block - 1 - shift % 3;
        memset(text + 5, 'x', close - 5);
        text[close] = '"';
        size_t n = close + 1;
        if (shift >= 3)
            text[n++] = ' ';
        memcpy(text + n, ",y\n", 3);
        n += 3;
        got g = {0};
        csv_options opts = {.max_cell = limit};
        read_bytes_opts(&g, text, n, &opts);
        assert_int_equal(g.count, 2);
        assert_non_null(g.records[1].error);
        assert_int_equal(g.records[1].lens[0], limit);
        assert_int_equal(g.records[1].lens[1], 1);
        got_free(&g);
    }
    free(text);
}

static void spaces_around_unquoted_cells_are_trimmed_but_kept_inside_quotes(void **state)
{
    (void)state;
    got g = {0};
    READ(&g, "a,b,c\n  x  , \" y \" ,z\n");
    assert_int_equal(g.count, 2);
    CELLS(&g.records[1], "x", " y ", "z");
    assert_null(g.records[1].error);
    got_free(&g);
}

typedef struct reference {
    got g;
    char *cell_buf[4096];
    size_t lens[4096];
    size_t count;
} reference;

static void ref_cell(void *data, size_t len, void *ctx)
{
    reference *ref = ctx;
    assert_true(ref->count < 4096);
    ref->cell_buf[ref->count] = xstrndup(data, len);
    ref->lens[ref->count++] = len;
}

static void ref_record(int c, void *ctx)
{
    (void)c;
    reference *ref = ctx;
    got *g = &ref->g;
    xgrow((void **)&g->records, &g->cap, g->count + 1, sizeof *g->records);
    got_record *r = &g->records[g->count++];
    memset(r, 0, sizeof *r);
    r->count = ref->count;
    r->cells = xcalloc(ref->count + 1, sizeof *r->cells);
    r->lens = xcalloc(ref->count + 1, sizeof *r->lens);
    r->cell_lines = xcalloc(ref->count + 1, sizeof *r->cell_lines);
    memcpy(r->cells, ref->cell_buf, ref->count * sizeof *r->cells);
    memcpy(r->lens, ref->lens, ref->count * sizeof *r->lens);
    ref->count = 0;
}

// Lines without a quote character are split without libcsv; random such files, with spaces,
// tabs, both delimiters, blank lines, CR, LF and CRLF, must read exactly as libcsv reads them.
static void lines_without_quotes_read_exactly_as_libcsv_reads_them(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a",    "bc", " ",        "\t", ",",  ";", "\n",
                                         "\r\n", "\r", "\xc3\xa9", "7",  "  ", ",,"};
    static const char delims[] = {',', ';', '\t'};
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int round = 0; round < 3000; round++) {
        char text[512];
        size_t len = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t n = 1 + (size_t)(x % 60);
        for (size_t k = 0; k < n; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *piece = pieces[x % (sizeof pieces / sizeof pieces[0])];
            memcpy(text + len, piece, strlen(piece));
            len += strlen(piece);
        }
        char delim = delims[round % 3];
        csv_options opts = {.delimiter = delim};
        got g = {0};
        read_bytes_opts(&g, text, len, &opts);
        assert_true(g.ok);

        reference ref = {0};
        struct csv_parser p;
        assert_int_equal(csv_init(&p, CSV_STRICT), 0);
        csv_set_delim(&p, (unsigned char)delim);
        assert_int_equal(csv_parse(&p, text, len, ref_cell, ref_record, &ref), len);
        csv_fini(&p, ref_cell, ref_record, &ref);
        csv_free(&p);

        if (g.count != ref.g.count)
            fail_msg("round %d: %zu records, libcsv %zu", round, g.count, ref.g.count);
        for (size_t i = 0; i < g.count; i++) {
            assert_null(g.records[i].error);
            assert_int_equal(g.records[i].count, ref.g.records[i].count);
            for (size_t c = 0; c < g.records[i].count; c++) {
                assert_int_equal(g.records[i].lens[c], ref.g.records[i].lens[c]);
                assert_memory_equal(g.records[i].cells[c], ref.g.records[i].cells[c],
                                    g.records[i].lens[c]);
            }
        }
        got_free(&g);
        for (size_t i = 0; i < ref.g.count; i++)
            for (size_t c = 0; c < ref.g.records[i].count; c++)
                free(ref.g.records[i].cells[c]);
        for (size_t i = 0; i < ref.g.count; i++)
            ref.g.records[i].count = 0;
        got_free(&ref.g);
    }
}

// The fast path must be taken, not only be right: records with quoted cells, "" escapes, cells
// spanning lines (LF, CRLF, CR) and blanks around quotes are all read without libcsv.
static void quoted_cells_and_cells_spanning_lines_are_read_by_the_fast_path(void **state)
{
    (void)state;
    static const char text[] = "id,name,note\n"
                               "1,\"Valley, Phase 4\",\"said \"\"yes\"\"\"\n"
                               "2, \"a\" ,\"two\nlines\"\n"
                               "\n"
                               "3,\"\",\"three\r\nlines\rhere\"\r\n"
                               "4,plain,\"\"\"\"\n";
    size_t fast = 99;
    csv_options opts = {.fast_records = &fast};
    got g = {0};
    read_bytes_opts(&g, text, sizeof text - 1, &opts);
    assert_true(g.ok);
    assert_int_equal(g.count, 5);
    assert_int_equal(fast, 5);
    CELLS(&g.records[1], "1", "Valley, Phase 4", "said \"yes\"");
    CELLS(&g.records[2], "2", "a", "two\nlines");
    assert_int_equal(g.records[2].end_line, 4);
    CELLS(&g.records[3], "3", "", "three\r\nlines\rhere");
    assert_int_equal(g.records[3].line, 6);
    assert_int_equal(g.records[3].end_line, 8);
    assert_int_equal(g.records[4].line, 9);
    CELLS(&g.records[4], "4", "plain", "\"");
    got_free(&g);
    memset(&g, 0, sizeof g);

    // What the fast path leaves to libcsv: text after a closing quote, a quote in an unquoted
    // cell, an unterminated quote; and everything when libcsv_only is set.
    static const char odd[] = "a,b\n\"x\"y,1\n5\" pipe,2\nok,\"fine\"\n\"open,3\n";
    fast = 99;
    read_bytes_opts(&g, odd, sizeof odd - 1, &opts);
    assert_int_equal(g.count, 5);
    assert_int_equal(fast, 2);
    got_free(&g);
    memset(&g, 0, sizeof g);
    csv_options slow = {.libcsv_only = true, .fast_records = &fast};
    memset(&g, 0, sizeof g);
    read_bytes_opts(&g, text, sizeof text - 1, &slow);
    assert_int_equal(g.count, 5);
    assert_int_equal(fast, 0);
    got_free(&g);
}

// No record is left to libcsv because it runs across a block's end: a part in memory
// (csv_read_part without a file after it) is read as one block, and from a file the record a
// block ends inside starts the next block.
static void records_across_64_kib_are_read_by_the_fast_path(void **state)
{
    (void)state;
    size_t rows = 20000, len = 0; // 7-byte rows: one of them runs across 65,536
    char *text = malloc(rows * 7 + 1);
    assert_non_null(text);
    for (size_t i = 0; i < rows; i++)
        len += (size_t)sprintf(text + len, "%02zu,\"b\"\n", i % 100);
    size_t fast = 0;
    csv_options opts = {.fast_records = &fast};
    got g = {0};
    assert_true(csv_read_part(text, len, NULL, 1, 0, "part.csv", &opts, collect, &g, NULL));
    assert_int_equal(g.count, rows);
    assert_int_equal(fast, rows);
    CELLS(&g.records[9362], "62", "b"); // the record across 65,536 (9,362 x 7 = 65,534)
    assert_int_equal(g.records[9362].line, 9363);
    got_free(&g);
    // From a file, the record a block ends inside is carried over to the next block.
    memset(&g, 0, sizeof g);
    fast = 0;
    read_bytes_opts(&g, text, len, &opts);
    assert_true(g.ok);
    assert_int_equal(g.count, rows);
    assert_int_equal(fast, rows);
    CELLS(&g.records[9362], "62", "b");
    assert_int_equal(g.records[9362].line, 9363);
    assert_int_equal(g.records[rows - 1].line, (long)rows);
    got_free(&g);
    free(text);
}

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
    return *x;
}

// Appends n random pieces of CSV to text (room for n * 16 bytes): pieces a strict parser accepts
// alone, and one time in odd_every (1: always) a piece of trouble: a lone quote, text after a
// closing quote, a quote inside an unquoted cell, an unterminated quote, a NUL, invalid UTF-8.
static size_t random_csv(uint64_t *x, char *text, size_t n, unsigned odd_every)
{
    typedef struct piece {
        const char *bytes;
        size_t len;
    } piece;
    // clang-format off
#define PIECE(s) {(s), sizeof(s) - 1}
    // clang-format on
    static const piece fine[] = {
        PIECE("a"),          PIECE("bc"),         PIECE(" "),          PIECE("\t"),
        PIECE(","),          PIECE(";"),          PIECE("\n"),         PIECE("\r\n"),
        PIECE("\r"),         PIECE("\"x,y\""),    PIECE("\"p\nq\""),   PIECE("\"p\r\nq\""),
        PIECE("\"r\rs\""),   PIECE(" \"q\" "),    PIECE("\t\"t\"\t"),  PIECE("\"\"\"\""),
        PIECE("\"e\"\"f\""), PIECE("\"d;e\tf\""), PIECE("\xc3\xa9"),   PIECE("\n\n"),
        PIECE("\"z\"\n"),    PIECE("\"z\"\r\n"),  PIECE(",\"w\",v\n"), PIECE("\"\""),
    };
    static const piece odd[] = {
        PIECE("\""), PIECE("\"a\"b"), PIECE("x\"y"),    PIECE("\"open"), PIECE("\"sp \" ,"),
        PIECE("\0"), PIECE("\xe9"),   PIECE("\"\" \""), PIECE("\"\n"),   PIECE("\"q\"\"\r"),
    };
#undef PIECE
    size_t len = 0;
    for (size_t k = 0; k < n; k++) {
        bool trouble = xorshift(x) % odd_every == 0;
        size_t count = trouble ? sizeof odd / sizeof odd[0] : sizeof fine / sizeof fine[0];
        const piece *p = &(trouble ? odd : fine)[xorshift(x) % count];
        memcpy(text + len, p->bytes, p->len);
        len += p->len;
    }
    return len;
}

static void assert_same_records(const got *fast, const got *slow, int round)
{
    if (fast->ok != slow->ok || fast->count != slow->count)
        fail_msg("round %d: ok %d/%d, %zu/%zu records", round, fast->ok, slow->ok, fast->count,
                 slow->count);
    for (size_t i = 0; i < fast->count; i++) {
        const got_record *a = &fast->records[i], *b = &slow->records[i];
        if (a->count != b->count || a->index != b->index || a->line != b->line ||
            a->end_line != b->end_line || a->error_column != b->error_column ||
            (a->error == NULL) != (b->error == NULL) ||
            (a->error && strcmp(a->error, b->error) != 0))
            fail_msg("round %d, record %zu: %zu cells, lines %ld-%ld, error %s (column %zu); "
                     "libcsv: %zu cells, lines %ld-%ld, error %s (column %zu)",
                     round, i, a->count, a->line, a->end_line, a->error ? a->error : "none",
                     a->error_column, b->count, b->line, b->end_line, b->error ? b->error : "none",
                     b->error_column);
        for (size_t c = 0; c < a->count; c++) {
            if (a->lens[c] != b->lens[c] || a->cell_lines[c] != b->cell_lines[c] ||
                memcmp(a->cells[c], b->cells[c], a->lens[c]) != 0)
                fail_msg("round %d, record %zu, cell %zu: %zu bytes on line %ld; libcsv: %zu "
                         "bytes on line %ld",
                         round, i, c, a->lens[c], a->cell_lines[c], b->lens[c], b->cell_lines[c]);
        }
    }
    assert_int_equal(fast->diags.count, slow->diags.count);
    for (size_t i = 0; i < fast->diags.count; i++) {
        char a[512], b[512];
        assert_string_equal(diag_format(&fast->diags.items[i], a, sizeof a),
                            diag_format(&slow->diags.items[i], b, sizeof b));
    }
}

// Reads text[0, len) with opts and the fast path, then with libcsv alone, and fails unless the
// two read the same records (round names the case). Returns the records read; *fast_records is
// how many of them the fast path read.
static size_t read_alike_with_libcsv_alone(const char *text, size_t len, csv_options opts,
                                           size_t stop_after, int round, size_t *fast_records)
{
    got fast = {.stop_after = stop_after}, slow = {.stop_after = stop_after};
    *fast_records = 0;
    opts.fast_records = fast_records;
    read_bytes_opts(&fast, text, len, &opts);
    opts.libcsv_only = true;
    opts.fast_records = NULL;
    read_bytes_opts(&slow, text, len, &opts);
    assert_same_records(&fast, &slow, round);
    size_t count = fast.count;
    got_free(&fast);
    got_free(&slow);
    return count;
}

// Differential test of the fast path: seeded random files, built from pieces with quotes, ""
// escapes, quoted delimiters and line ends, blanks around quotes, text after a closing quote,
// quotes inside unquoted cells, unterminated quotes, NULs, invalid UTF-8 and blank lines, read
// with every delimiter, sometimes small limits and an early stop, must read exactly as libcsv
// alone reads them. A few large files cross the 64 KiB read blocks at every kind of place.
static void the_fast_path_reads_every_file_exactly_as_libcsv_alone(void **state)
{
    (void)state;
    static const char delims[] = {',', ';', '\t', 0};
    uint64_t x = 0x2545F4914F6CDD1Du;
    // Records read, and read by the fast path, in rounds without [0] and with [1] small limits.
    size_t fast_total[2] = {0}, records_total[2] = {0};
    enum { ROUNDS = 6000, LARGE_EVERY = 50, LARGE_PIECES = 24000 };
    char *text = xmalloc((size_t)LARGE_PIECES * 16);
    for (int round = 0; round < ROUNDS; round++) {
        bool large = round % LARGE_EVERY == LARGE_EVERY - 1;
        static const unsigned odd_every[] = {1, 4, 40, 400};
        size_t len = random_csv(&x, text, large ? LARGE_PIECES : 1 + xorshift(&x) % 80,
                                odd_every[(round / 4) % 4]);
        csv_options opts = {.delimiter = delims[round % 4]};
        bool limits = xorshift(&x) % 4 == 0;
        if (limits) {
            opts.max_cell = 1 + xorshift(&x) % 8;
            opts.max_columns = 1 + xorshift(&x) % 5;
        }
        size_t stop_after = xorshift(&x) % 8 == 0 ? 1 + xorshift(&x) % 4 : 0;
        size_t fast_records;
        records_total[limits] +=
            read_alike_with_libcsv_alone(text, len, opts, stop_after, round, &fast_records);
        fast_total[limits] += fast_records;
    }
    free(text);
    print_message("%zu of %zu records read by the fast path; with small limits %zu of %zu\n",
                  fast_total[0], records_total[0], fast_total[1], records_total[1]);
    // The comparison means something only if the fast path read a good share of the records; with
    // small limits it leaves more to libcsv (every record past a limit), but not all.
    assert_true(fast_total[0] * 4 > records_total[0]);
    assert_true(fast_total[1] * 8 > records_total[1]);
}

// Long lines of many short unquoted cells (empty ones, blanks around them, now and then a quoted
// one), so that the delimiter search (64 bytes at a time where SSE2 is there) meets cells that
// start and end at every offset of its windows, and lines that run over the 64 KiB read block:
// read exactly as libcsv alone reads them, and mostly by the fast path.
static void long_lines_of_short_cells_read_alike_at_every_window_offset(void **state)
{
    (void)state;
    static const char delims[] = {',', ';', '\t'};
    uint64_t x = 0x9E3779B97F4A7C15u;
    enum { ROUNDS = 60, SIZE = 200 * 1024 };
    char *text = xmalloc(SIZE + 256);
    size_t fast_total = 0, records_total = 0;
    for (int round = 0; round < ROUNDS; round++) {
        char delim = delims[round % 3];
        size_t len = 0, cells_per_line = 20 + xorshift(&x) % 400;
        while (len < SIZE) {
            for (size_t c = 0; c < cells_per_line && len < SIZE; c++) {
                if (c)
                    text[len++] = delim;
                unsigned kind = (unsigned)(xorshift(&x) % 16);
                size_t n = kind < 3 ? 0 : xorshift(&x) % (kind < 12 ? 8 : 70);
                if (kind == 15) {
                    text[len++] = '"';
                    for (size_t i = 0; i < n; i++)
                        text[len++] = i % 9 == 4 ? delim : (char)('a' + i % 26);
                    text[len++] = '"';
                    continue;
                }
                if (kind == 3)
                    text[len++] = ' ';
                for (size_t i = 0; i < n; i++)
                    text[len++] = (char)('a' + (i + c) % 26);
                if (kind == 4)
                    text[len++] = '\t';
            }
            text[len++] = '\n';
        }
        // Every other round counts each window's stops without the popcnt instruction.
        csv_options opts = {.delimiter = delim, .max_columns = 1000, .no_popcnt = round % 2};
        size_t fast_records;
        records_total += read_alike_with_libcsv_alone(text, len, opts, 0, round, &fast_records);
        fast_total += fast_records;
    }
    free(text);
    // All but the records cut by a read block are the fast path's.
    assert_true(fast_total * 10 > records_total * 9);
}

// Records whose quoted cells span lines, with every line end, placed so that the 64 KiB read
// block ends at each of their bytes in turn: read exactly as libcsv alone reads them.
static void records_spanning_lines_read_alike_wherever_a_read_block_ends(void **state)
{
    (void)state;
    static const char records[] = "1,\"p\r\nq\"\r\n2, \"r\nq\" ,x\r\n3,\"a\"\"b\rc\"\r4,z\n"
                                  "5,\"\r\n\"\r\n";
    size_t block = 64 * 1024, size = block + sizeof records + 64;
    char *text = xmalloc(size);
    size_t fast_total = 0;
    for (size_t shift = 0; shift < sizeof records + 2; shift++) {
        // A header, then one long line so that the records start shift bytes before the block end.
        size_t len = (size_t)snprintf(text, size, "a,b,c\n");
        size_t pad = block - shift - len - 1;
        memset(text + len, 'x', pad);
        len += pad;
        text[len++] = '\n';
        memcpy(text + len, records, sizeof records - 1);
        len += sizeof records - 1;
        size_t fast_records = 0;
        csv_options opts = {.max_cell = block, .fast_records = &fast_records};
        got fast = {0}, slow = {0};
        read_bytes_opts(&fast, text, len, &opts);
        opts.libcsv_only = true;
        opts.fast_records = NULL;
        read_bytes_opts(&slow, text, len, &opts);
        assert_same_records(&fast, &slow, (int)shift);
        assert_int_equal(fast.count, 7);
        fast_total += fast_records;
        got_free(&fast);
        got_free(&slow);
    }
    free(text);
    assert_true(fast_total > 4 * (sizeof records + 2));
}

// The fast path trims a cell only when its last byte (or, in an empty cell, its stop) is a blank:
// empty cells beside trimmed ones, blanks only, a tab delimiter after an empty cell (a blank that
// is the stop, not the cell's), at a block's start and after a quoted cell. Read as libcsv alone
// reads them, and by the fast path.
static void trailing_blanks_are_trimmed_after_empty_cells_with_every_delimiter(void **state)
{
    (void)state;
    static const char *const lines[] = {
        ",x ,, y\t,  ,\t, z,\n", // blanks at ends, empty cells between
        ",,,\n",                 // only empty cells
        " ,\"q\" ,a \t,\n",      // a blank-only first cell, blanks after a quote
        "a,b\t \t,\t\t,c\n",     // runs of blanks
    };
    static const char delims[] = {',', ';', '\t'};
    for (size_t d = 0; d < sizeof delims; d++) {
        for (size_t l = 0; l < sizeof lines / sizeof *lines; l++) {
            char text[64];
            size_t len = 0;
            for (const char *c = lines[l]; *c; c++) // the line with its commas made the delimiter
                text[len++] = *c == ',' ? delims[d] : *c;
            size_t fast_records;
            csv_options opts = {.delimiter = delims[d]};
            size_t records =
                read_alike_with_libcsv_alone(text, len, opts, 0, (int)(d * 10 + l), &fast_records);
            assert_int_equal(records, 1);
            assert_int_equal(fast_records, 1);
        }
    }
    got g = {0};
    csv_options opts = {.delimiter = ','};
    const char *line = ",x ,, y\t,  ,\t, z,\n";
    read_bytes_opts(&g, line, strlen(line), &opts);
    assert_int_equal(g.count, 1);
    CELLS(&g.records[0], "", "x", "", "y", "", "", "z", "");
    got_free(&g);
}

// A file's blocks are the reader's own: the fast path leaves a record's cells there, a NUL written
// over the byte after each, and puts the bytes back when it leaves the record to libcsv. Bytes in
// memory are not the reader's: csv_read_part copies the cells and leaves the bytes as they were,
// and reads the same records as csv_read does from a file (both exactly as libcsv alone), also
// when the rest of the file comes after them from a file.
static void bytes_in_memory_are_left_unchanged_and_read_as_a_file_is(void **state)
{
    (void)state;
    static const char delims[] = {',', ';', '\t'};
    uint64_t x = 0x5851F42D4C957F2Du;
    enum { ROUNDS = 300, PIECES = 12000 };
    char *text = xmalloc((size_t)PIECES * 16), *pristine = xmalloc((size_t)PIECES * 16);
    for (int round = 0; round < ROUNDS; round++) {
        static const unsigned odd_every[] = {1, 4, 40, 400};
        size_t len = random_csv(&x, text, round % 10 == 9 ? PIECES : 1 + xorshift(&x) % 200,
                                odd_every[round % 4]);
        memcpy(pristine, text, len);
        csv_options opts = {.delimiter = delims[round % 3]};
        if (xorshift(&x) % 4 == 0) {
            opts.max_cell = 1 + xorshift(&x) % 8;
            opts.max_columns = 1 + xorshift(&x) % 5;
        }
        got file = {0}, part = {0}, split = {0};
        read_bytes_opts(&file, text, len, &opts);
        part.ok = csv_read_part(text, len, NULL, 1, 0, "t.csv", &opts, collect, &part, &part.diags);
        assert_memory_equal(text, pristine, len);
        assert_same_records(&part, &file, round);
        // The first bytes in memory, the rest from a file.
        size_t head = len ? xorshift(&x) % len : 0;
        FILE *rest = file_with(text + head, len - head);
        split.ok =
            csv_read_part(text, head, rest, 1, 0, "t.csv", &opts, collect, &split, &split.diags);
        fclose(rest);
        assert_memory_equal(text, pristine, len);
        assert_same_records(&split, &file, round);
        // Given as bytes that may be written over, they are read in place, alike.
        got writable = {0};
        opts.bytes_writable = true;
        writable.ok = csv_read_part(text, len, NULL, 1, 0, "t.csv", &opts, collect, &writable,
                                    &writable.diags);
        assert_same_records(&writable, &file, round);
        memcpy(text, pristine, len);
        got_free(&writable);
        got_free(&file);
        got_free(&part);
        got_free(&split);
    }
    free(text);
    free(pristine);
}

// Where a record's cells are: in the bytes given, or elsewhere (copied).
typedef struct cell_places {
    uintptr_t from, to;
    size_t inside, outside;
} cell_places;

static bool count_cell_places(void *ctx, const csv_record *rec)
{
    cell_places *c = ctx;
    for (size_t i = 0; i < rec->count; i++) {
        uintptr_t at = (uintptr_t)rec->cells[i].ptr;
        if (at >= c->from && at < c->to)
            c->inside++;
        else
            c->outside++;
    }
    return true;
}

// Bytes in memory that may be written over are read in place, each cell where it stands in them
// (a "" made one quote there); other bytes in memory are copied and left as they were.
static void writable_bytes_in_memory_are_read_in_place(void **state)
{
    (void)state;
    static const char source[] = "a,b\n1,\"x\"\"y\"\n 2 ,\"3\"\n";
    char text[sizeof source];
    for (int writable = 0; writable < 2; writable++) {
        memcpy(text, source, sizeof source);
        csv_options opts = {.bytes_writable = writable};
        cell_places c = {(uintptr_t)text, (uintptr_t)text + sizeof source - 1, 0, 0};
        assert_true(csv_read_part(text, sizeof source - 1, NULL, 1, 0, "t.csv", &opts,
                                  count_cell_places, &c, NULL));
        assert_int_equal(c.inside, writable ? 6 : 0);
        assert_int_equal(c.outside, writable ? 0 : 6);
        if (writable)
            assert_memory_equal(text,
                                "a\0b\0"
                                "1\0\"x\"y\0\"\n"
                                " 2\0,\"3\0\n",
                                sizeof source - 1);
        else
            assert_memory_equal(text, source, sizeof source);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoted_comma_stays_in_its_cell),
        cmocka_unit_test(escaped_quotes_become_one_quote),
        cmocka_unit_test(embedded_newline_keeps_the_record_start_line_and_shifts_later_cells),
        cmocka_unit_test(record_starting_with_a_multiline_cell_starts_on_its_first_line),
        cmocka_unit_test(crlf_line_ends_are_not_part_of_cells),
        cmocka_unit_test(lone_cr_ends_records_and_counts_as_a_line),
        cmocka_unit_test(utf8_bom_is_skipped),
        cmocka_unit_test(utf16_bom_is_fatal_with_its_position),
        cmocka_unit_test(utf32_bom_is_fatal),
        cmocka_unit_test(empty_file_gives_no_records),
        cmocka_unit_test(header_only_gives_one_record),
        cmocka_unit_test(blank_lines_are_skipped_and_still_counted),
        cmocka_unit_test(last_line_without_newline_is_a_record),
        cmocka_unit_test(unterminated_quote_at_eof_flags_the_last_record_and_keeps_earlier_ones),
        cmocka_unit_test(lines_after_an_unterminated_quote_are_read_again_as_rows),
        cmocka_unit_test(lines_read_again_are_read_from_their_own_bytes),
        cmocka_unit_test(lines_inside_an_unterminated_quote_over_the_cell_limit_are_named),
        cmocka_unit_test(crlf_split_by_a_read_block_after_an_unterminated_quote),
        cmocka_unit_test(a_stray_quote_closed_on_a_later_line_names_the_lines_it_took),
        cmocka_unit_test(a_doubled_quote_split_by_a_read_block_is_kept_for_reading_again),
        cmocka_unit_test(a_cell_of_the_limit_whose_quote_ends_a_read_block_is_within_it),
        cmocka_unit_test(an_unterminated_quote_is_said_after_the_rows_first_problem),
        cmocka_unit_test(stray_quote_inside_an_unquoted_cell_is_data),
        cmocka_unit_test(text_after_a_closing_quote_is_flagged_without_swallowing_later_records),
        cmocka_unit_test(nul_byte_is_flagged),
        cmocka_unit_test(invalid_utf8_is_flagged_with_the_byte),
        cmocka_unit_test(nul_and_invalid_utf8_are_found_in_long_cells_after_clean_ones),
        cmocka_unit_test(a_nul_or_non_ascii_byte_anywhere_in_a_record_is_checked),
        cmocka_unit_test(cell_over_the_limit_is_flagged_without_storing_it),
        cmocka_unit_test(a_short_cell_over_the_limit_is_cut_and_flagged),
        cmocka_unit_test(too_many_columns_are_flagged_and_dropped),
        cmocka_unit_test(semicolon_is_detected_when_the_header_has_no_comma),
        cmocka_unit_test(tab_is_detected_when_the_header_has_no_comma_or_semicolon),
        cmocka_unit_test(explicit_delimiter_overrides_detection),
        cmocka_unit_test(callback_returning_false_stops_reading_and_is_not_an_error),
        cmocka_unit_test(read_error_is_fatal),
        cmocka_unit_test(a_cell_spanning_three_lines_keeps_every_later_line_right_in_1000_lines),
        cmocka_unit_test(crlf_split_across_read_blocks_counts_as_one_line_end),
        cmocka_unit_test(cell_over_the_limit_keeps_the_limit_when_its_quote_ends_a_read_block),
        cmocka_unit_test(spaces_around_unquoted_cells_are_trimmed_but_kept_inside_quotes),
        cmocka_unit_test(lines_without_quotes_read_exactly_as_libcsv_reads_them),
        cmocka_unit_test(quoted_cells_and_cells_spanning_lines_are_read_by_the_fast_path),
        cmocka_unit_test(records_across_64_kib_are_read_by_the_fast_path),
        cmocka_unit_test(the_fast_path_reads_every_file_exactly_as_libcsv_alone),
        cmocka_unit_test(long_lines_of_short_cells_read_alike_at_every_window_offset),
        cmocka_unit_test(records_spanning_lines_read_alike_wherever_a_read_block_ends),
        cmocka_unit_test(trailing_blanks_are_trimmed_after_empty_cells_with_every_delimiter),
        cmocka_unit_test(bytes_in_memory_are_left_unchanged_and_read_as_a_file_is),
        cmocka_unit_test(writable_bytes_in_memory_are_read_in_place),
    };
    DDCHECK_RUN_TESTS(tests);
}
