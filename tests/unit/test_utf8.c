/* UTF-8 well-formedness (util/utf8.h), and the three readers of text that use it agreeing on
 * every edge of Unicode's table 3-7: a CSV cell is flagged, JSON is refused, a report shows
 * U+FFFD, for exactly the same byte sequences. */
#define _POSIX_C_SOURCE 200809L // open_memstream
#include "unit/test_main.h"

#include "util/json_strict.h"
#include "util/utf8.h"
#include "evaluator/csv_reader.h"
#include "reports/escape.h"

typedef struct sequence {
    const char *bytes;
    size_t valid_len; // what utf8_valid_len must say (0: not well-formed)
} sequence;

// Each class's first and last sequences, and one just outside each bound.
static const sequence sequences[] = {
    {"A", 1},
    {"\x7F", 1},
    {"\x80", 0},             // a continuation byte alone
    {"\xC1\xBF", 0},         // overlong U+007F
    {"\xC2\x80", 2},         // U+0080
    {"\xDF\xBF", 2},         // U+07FF
    {"\xC2\x41", 0},         // a continuation byte missing
    {"\xE0\x9F\xBF", 0},     // overlong U+07FF
    {"\xE0\xA0\x80", 3},     // U+0800
    {"\xED\x9F\xBF", 3},     // U+D7FF
    {"\xED\xA0\x80", 0},     // U+D800, a surrogate
    {"\xED\xBF\xBF", 0},     // U+DFFF, a surrogate
    {"\xEE\x80\x80", 3},     // U+E000
    {"\xEF\xBF\xBF", 3},     // U+FFFF
    {"\xE2\x82", 0},         // cut short
    {"\xF0\x8F\xBF\xBF", 0}, // overlong U+FFFF
    {"\xF0\x90\x80\x80", 4}, // U+10000
    {"\xF4\x8F\xBF\xBF", 4}, // U+10FFFF
    {"\xF4\x90\x80\x80", 0}, // past U+10FFFF
    {"\xF5\x80\x80\x80", 0}, // a byte that cannot lead
    {"\xF0\x9F\x98", 0},     // cut short
    {"\xF0\x9F\x98\x41", 0}, // a wrong last byte
    {"\xFF", 0},
};

static void valid_len_follows_unicode_table_3_7(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof sequences / sizeof sequences[0]; i++) {
        const sequence *q = &sequences[i];
        assert_int_equal(utf8_valid_len((const unsigned char *)q->bytes, strlen(q->bytes)),
                         q->valid_len);
    }
    // The length given bounds the sequence, not the NUL after it.
    assert_int_equal(utf8_valid_len((const unsigned char *)"\xE2\x82\xAC", 2), 0);
    assert_int_equal(utf8_valid_len((const unsigned char *)"", 1), 1);
}

static bool csv_error;

static bool on_record(void *ctx, const csv_record *record)
{
    (void)ctx;
    csv_error |= record->error != NULL;
    return true;
}

// Whether the CSV reader flags a cell holding the bytes.
static bool csv_flags(const char *bytes)
{
    char text[64];
    int n = snprintf(text, sizeof text, "a\nx%sx\n", bytes);
    FILE *in = fmemopen(text, (size_t)n, "rb");
    assert_non_null(in);
    csv_error = false;
    csv_options opts = {0};
    assert_true(csv_read(in, "t.csv", &opts, on_record, NULL, NULL));
    fclose(in);
    return csv_error;
}

// Whether the strict JSON reader refuses a string holding the bytes.
static bool json_refuses(const char *bytes)
{
    char text[64];
    int n = snprintf(text, sizeof text, "\"x%sx\"", bytes);
    size_t offset;
    const char *reason;
    return !json_strict_check(text, (size_t)n, &offset, &reason);
}

// Whether a report shows the bytes as U+FFFD.
static bool escape_replaces(const char *bytes)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    escape_json(out, bytes, strlen(bytes));
    fclose(out);
    bool replaced = strstr(text, "\xEF\xBF\xBD") != NULL;
    free(text);
    return replaced;
}

static void csv_json_and_reports_agree_on_every_sequence(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof sequences / sizeof sequences[0]; i++) {
        const sequence *q = &sequences[i];
        bool bad = q->valid_len == 0;
        assert_int_equal(csv_flags(q->bytes), bad);
        assert_int_equal(json_refuses(q->bytes), bad);
        assert_int_equal(escape_replaces(q->bytes), bad);
    }
}

static void json_says_when_a_sequence_is_cut_short_by_the_end(void **state)
{
    (void)state;
    size_t offset;
    const char *reason;
    assert_false(json_strict_check("\"\xE2\x82", 3, &offset, &reason));
    assert_int_equal(offset, 1);
    assert_string_equal(reason, "invalid UTF-8 (truncated sequence)");
    assert_false(json_strict_check("\"\xE2\x41\"", 4, &offset, &reason));
    assert_string_equal(reason, "invalid UTF-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_len_follows_unicode_table_3_7),
        cmocka_unit_test(csv_json_and_reports_agree_on_every_sequence),
        cmocka_unit_test(json_says_when_a_sequence_is_cut_short_by_the_end),
    };
    DDCHECK_RUN_TESTS(tests);
}
