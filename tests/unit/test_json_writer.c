/* reports/json_writer.c: the bytes it writes, when they reach the FILE, and its number formats,
 * held bit for bit to the printf forms they replace on many random doubles. */
#define _POSIX_C_SOURCE 200809L
#include "unit/test_main.h"
#include "unit/test_random.h"

#include "util/decimal.h"
#include "reports/json_writer.h"
#include "reports/project_json.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double random_bits(uint64_t *seed)
{
    uint64_t bits = next_random(seed);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

// jw_number as it was written with printf: integers below 1e15 as "%.0f", else the shortest of
// "%.15g", "%.16g", "%.17g" that reads back as the same double.
static void printf_number(double n, char buf[JSON_NUMBER_SIZE])
{
    if (n == floor(n) && fabs(n) < 1e15) {
        snprintf(buf, JSON_NUMBER_SIZE, "%.0f", n == 0 ? 0.0 : n);
        return;
    }
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(buf, JSON_NUMBER_SIZE, "%.*g", precision, n);
        if (strtod(buf, NULL) == n)
            break;
    }
}

static void assert_number_as_printf(double n)
{
    if (!isfinite(n))
        return;
    char expected[JSON_NUMBER_SIZE];
    char actual[JSON_NUMBER_SIZE];
    printf_number(n, expected);
    size_t len = json_format_number(n, actual);
    if (strcmp(actual, expected) != 0 || len != strlen(expected))
        fail_msg("%.17g: wrote \"%s\", printf gives \"%s\"", n, actual, expected);
}

// A score as jw_score writes it (decimal_tenths) against "%.1f".
static void assert_score_as_printf(double n)
{
    char expected[DECIMAL_TENTHS_SIZE];
    char actual[DECIMAL_TENTHS_SIZE];
    snprintf(expected, sizeof expected, "%.1f", n);
    size_t len = decimal_tenths(actual, n);
    if (strcmp(actual, expected) != 0 || len != strlen(expected))
        fail_msg("%.17g: wrote \"%s\", printf gives \"%s\"", n, actual, expected);
}

static const double POW10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
                               1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

static void numbers_are_written_as_printf_wrote_them_on_random_doubles(void **state)
{
    (void)state;
    uint64_t seed = 7;
    for (int i = 0; i < 100000; i++) {
        // Any bit pattern: mostly far from the fast paths, so it is the printf path itself.
        assert_number_as_printf(random_bits(&seed));
        // Short decimals m / 10^k, the fast path and its edges (16 to 18 digits, < 1e-4).
        uint64_t r = next_random(&seed);
        double m = (double)(r % (uint64_t)POW10[1 + (r >> 40) % 18]);
        double d = m / POW10[(r >> 20) % 19];
        assert_number_as_printf(d);
        assert_number_as_printf(-d);
        assert_number_as_printf(nextafter(d, 0));
        assert_number_as_printf(nextafter(d, INFINITY));
        // Criterion scores as project_json rounds them, and integers of every size.
        double score = (double)((long)((double)(r % 100001) / 100000 * 1000 + 0.5)) / 1000;
        assert_number_as_printf(score);
        assert_number_as_printf((double)(int64_t)(r >> (r % 64)));
        assert_number_as_printf(-(double)(r >> 11));
        // Arithmetic results with 16 or 17 digits: 0.1 + 0.2, thirds.
        assert_number_as_printf(m / 3);
        assert_number_as_printf(d + 0.1);
    }
    const double edges[] = {0.0,
                            -0.0,
                            1e-4,
                            1e-5,
                            0.0001234,
                            9.99999999999999e-5,
                            1e15,
                            -1e15,
                            1e15 - 0.5,
                            999999999999999.9,
                            1e14 + 0.25,
                            0.1,
                            0.2,
                            0.3,
                            0.1 + 0.2,
                            1.0 / 3,
                            2.0 / 3,
                            5e-324,
                            1.7976931348623157e308,
                            123456789012345.6,
                            0.000123456789012345};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        assert_number_as_printf(edges[i]);
        assert_number_as_printf(-edges[i]);
        assert_number_as_printf(nextafter(edges[i], 0));
        assert_number_as_printf(nextafter(edges[i], INFINITY));
    }
}

static void scores_are_written_as_printf_one_decimal_on_random_doubles(void **state)
{
    (void)state;
    uint64_t seed = 11;
    for (int i = 0; i < 100000; i++) {
        uint64_t r = next_random(&seed);
        assert_score_as_printf(random_bits(&seed));
        // Scores and differences of scores, and exact halves of a tenth (ties to even).
        double score = (double)(r % 1000001) / 10000;
        assert_score_as_printf(score);
        assert_score_as_printf(-score);
        double tie = (double)(r % 4000) / 4;
        assert_score_as_printf(tie / 10);
        assert_score_as_printf(nextafter(tie / 10, 0));
        assert_score_as_printf(nextafter(tie / 10, INFINITY));
        assert_score_as_printf((double)(r >> 11) / 9007199254740992.0 * 2e9 - 1e9);
    }
    const double edges[] = {0.0,   -0.0, 0.05,       0.25,   0.35,     0.45,      -0.04, 99.95,
                            100.0, 1e9,  1e9 - 0.05, 5e-324, INFINITY, -INFINITY, NAN};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        assert_score_as_printf(edges[i]);
        assert_score_as_printf(-edges[i]);
    }
}

// A writer on a memory stream: what has reached the FILE can be read at any point.
typedef struct written {
    char *text;
    size_t len;
    FILE *f;
    json_writer w;
} written;

static void start(written *t, bool pretty, int base_indent)
{
    t->text = NULL;
    t->len = 0;
    t->f = open_memstream(&t->text, &t->len);
    assert_non_null(t->f);
    jw_init(&t->w, t->f, pretty, base_indent);
}

// What has reached the FILE so far (fflush updates the memory stream's text and length).
static const char *so_far(written *t)
{
    assert_int_equal(fflush(t->f), 0);
    return t->text;
}

static void finish(written *t)
{
    fclose(t->f);
    free(t->text);
}

// outbuf_put_tenths writes "%.1f" into a buffer large enough for any double and through a copy
// into a smaller one; both reach the FILE as printf would have written them.
static void outbuf_tenths_are_written_as_printf_at_any_buffer_size(void **state)
{
    (void)state;
    const double xs[] = {0.0, -0.0, 86.7, 100.0, -12.25, 999999999.95, 1e300, -INFINITY};
    const size_t caps[] = {DECIMAL_ULONG_DIGITS, 64, DECIMAL_TENTHS_SIZE, 4096};
    for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
        char *text = NULL, expected[4096] = "", one[DECIMAL_TENTHS_SIZE];
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        assert_non_null(f);
        char *bytes = malloc(caps[c]);
        outbuf b;
        outbuf_init(&b, f, bytes, caps[c]);
        for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            outbuf_put_tenths(&b, xs[i]);
            outbuf_putc(&b, ',');
            snprintf(one, sizeof one, "%.1f,", xs[i]);
            strcat(expected, one);
        }
        outbuf_flush(&b);
        fclose(f);
        assert_string_equal(text, expected);
        free(text);
        free(bytes);
    }
}

static void compact_output_has_every_kind_of_value(void **state)
{
    (void)state;
    written t;
    start(&t, false, 0);
    json_writer *w = &t.w;
    jw_begin_object(w);
    jw_key_literal(w, "id");
    jw_string(w, "G3.1.a");
    jw_key(w, "say \"hi\"\n");
    jw_string_n(w, "a\0b", 3);
    jw_key_literal(w, "n");
    jw_begin_array(w);
    jw_number(w, 0.667);
    jw_number(w, -12);
    jw_number(w, NAN);
    jw_score(w, 86.66);
    jw_bool(w, true);
    jw_bool(w, false);
    jw_null(w);
    jw_end_array(w);
    jw_key_literal(w, "empty");
    jw_begin_object(w);
    jw_end_object(w);
    jw_end_object(w);
    assert_string_equal(so_far(&t), "{\"id\":\"G3.1.a\",\"say \\\"hi\\\"\\n\":\"a\\u0000b\","
                                    "\"n\":[0.667,-12,null,86.7,true,false,null],"
                                    "\"empty\":{}}");
    finish(&t);
}

static void pretty_output_indents_from_the_base_indent(void **state)
{
    (void)state;
    written t;
    start(&t, true, 1);
    json_writer *w = &t.w;
    jw_begin_object(w);
    jw_key_literal(w, "a");
    jw_begin_array(w);
    jw_number(w, 1);
    jw_number(w, 2);
    jw_end_array(w);
    jw_key_literal(w, "b");
    jw_begin_array(w);
    jw_end_array(w);
    jw_end_object(w);
    assert_string_equal(so_far(&t), "{\n    \"a\": [\n      1,\n      2\n    ],\n"
                                    "    \"b\": []\n  }");
    finish(&t);
}

static void a_complete_top_level_value_reaches_the_file_without_a_flush(void **state)
{
    (void)state;
    written t;
    start(&t, false, 0);
    json_writer *w = &t.w;
    jw_begin_object(w);
    jw_key_literal(w, "k");
    jw_string(w, "v");
    assert_int_equal(strlen(so_far(&t)), 0); // still in the writer's buffer
    jw_end_object(w);
    fputs("\n", t.f); // as jsonl and cmd_diff do, straight to the FILE
    assert_string_equal(so_far(&t), "{\"k\":\"v\"}\n");
    finish(&t);
}

static void a_writer_started_inside_a_value_reaches_the_file_at_jw_flush(void **state)
{
    (void)state;
    written t;
    start(&t, false, 0);
    json_writer *w = &t.w;
    w->depth = 1; // as the json format writes the members of its "projects" array
    w->first[1] = true;
    jw_number(w, 1);
    jw_number(w, 2);
    assert_int_equal(strlen(so_far(&t)), 0);
    jw_flush(w);
    assert_string_equal(so_far(&t), "1,2");
    finish(&t);
}

static void output_longer_than_the_buffer_arrives_whole_and_in_order(void **state)
{
    (void)state;
    size_t long_len = 3 * JSON_WRITER_BUFFER_SIZE + 5;
    char *long_text = malloc(long_len);
    assert_non_null(long_text);
    for (size_t i = 0; i < long_len; i++)
        long_text[i] = (char)('a' + i % 26);
    written t;
    start(&t, false, 0);
    json_writer *w = &t.w;
    jw_begin_array(w);
    for (int i = 0; i < 3000; i++)
        jw_number(w, i);
    jw_string_n(w, long_text, long_len);
    jw_string(w, "end");
    jw_end_array(w);
    const char *out = so_far(&t);
    assert_int_equal(strncmp(out, "[0,1,2,", 7), 0);
    const char *s = strstr(out, "2999,\"");
    assert_non_null(s);
    assert_memory_equal(s + 6, long_text, long_len);
    assert_string_equal(s + 6 + long_len, "\",\"end\"]");
    finish(&t);
    free(long_text);
}

// The one provenance block of the json, sarif and diff writers: sha256 only when known.
static void checklist_provenance_is_id_version_and_sha256_when_known(void **state)
{
    (void)state;
    written t;
    start(&t, false, 0);
    json_writer *w = &t.w;
    jw_begin_object(w);
    checklist_provenance_json(w, "gesi-core", "1.2.0", "ab12");
    jw_key_literal(w, "old");
    jw_begin_object(w);
    checklist_provenance_json(w, "gesi \"x\"", "2", NULL);
    jw_end_object(w);
    jw_end_object(w);
    assert_string_equal(so_far(&t),
                        "{\"checklist\":{\"id\":\"gesi-core\",\"version\":\"1.2.0\","
                        "\"sha256\":\"ab12\"},\"old\":{\"checklist\":{\"id\":\"gesi \\\"x\\\"\","
                        "\"version\":\"2\"}}}");
    finish(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_are_written_as_printf_wrote_them_on_random_doubles),
        cmocka_unit_test(scores_are_written_as_printf_one_decimal_on_random_doubles),
        cmocka_unit_test(compact_output_has_every_kind_of_value),
        cmocka_unit_test(outbuf_tenths_are_written_as_printf_at_any_buffer_size),
        cmocka_unit_test(pretty_output_indents_from_the_base_indent),
        cmocka_unit_test(a_complete_top_level_value_reaches_the_file_without_a_flush),
        cmocka_unit_test(a_writer_started_inside_a_value_reaches_the_file_at_jw_flush),
        cmocka_unit_test(output_longer_than_the_buffer_arrives_whole_and_in_order),
        cmocka_unit_test(checklist_provenance_is_id_version_and_sha256_when_known),
    };
    DDCHECK_RUN_TESTS(tests);
}
