/* Every escape_fn of reports/escape.c on hostile input: markup, formulas, terminal controls, XML's
 * forbidden characters and invalid UTF-8 must come out inert. */
#define _POSIX_C_SOURCE 200809L
#include "unit/test_main.h"
#include "unit/test_random.h"

#include "reports/escape.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char captured[4096];

// Runs one escape_fn on s (NUL-free, so strlen is its length) and returns what it wrote.
static const char *run(escape_fn fn, const char *s)
{
    memset(captured, 0, sizeof captured);
    FILE *f = fmemopen(captured, sizeof captured - 1, "w");
    assert_non_null(f);
    fn(f, s, strlen(s));
    fclose(f);
    return captured;
}

static const escape_fn ALL[] = {escape_json,        escape_terminal,        escape_html,
                                escape_xml,         escape_markdown,        escape_csv,
                                escape_github_data, escape_github_property, escape_tap,
                                escape_uri};

static bool has_byte_below_space(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' && *s != '\r')
            return true;
    return false;
}

static void html_script_tag_becomes_entities(void **state)
{
    (void)state;
    assert_string_equal(run(escape_html, "<script>alert(1)</script>"),
                        "&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_string_equal(run(escape_html, "a&b \"q\" 'x'"), "a&amp;b &quot;q&quot; &#39;x&#39;");
}

static void xml_script_tag_and_quotes_become_entities(void **state)
{
    (void)state;
    assert_string_equal(run(escape_xml, "<script>\"&'</script>"),
                        "&lt;script&gt;&quot;&amp;&#39;&lt;/script&gt;");
}

static void xml_forbidden_characters_become_replacement_characters(void **state)
{
    (void)state;
    // C0 controls other than tab, LF, CR, and U+FFFE / U+FFFF are not XML 1.0 characters.
    assert_string_equal(run(escape_xml, "a\x01"
                                        "b\x1b"
                                        "c\x0b"),
                        "a\xEF\xBF\xBD"
                        "b\xEF\xBF\xBD"
                        "c\xEF\xBF\xBD");
    assert_string_equal(run(escape_xml, "x\xEF\xBF\xBEy\xEF\xBF\xBFz"),
                        "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
    assert_string_equal(run(escape_xml, "tab\tnl\n"), "tab\tnl\n");
}

static void invalid_utf8_becomes_replacement_character_everywhere(void **state)
{
    (void)state;
    const char *bad[] = {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82"};
    escape_fn fns[] = {escape_json,     escape_terminal, escape_html,        escape_xml,
                       escape_markdown, escape_csv,      escape_github_data, escape_tap};
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
        for (size_t f = 0; f < sizeof fns / sizeof fns[0]; f++)
            assert_non_null(strstr(run(fns[f], bad[b]), "\xEF\xBF\xBD"));
    assert_string_equal(run(escape_html, "caf\xc3\xa9 \xff"), "caf\xc3\xa9 \xEF\xBF\xBD");
}

static void ansi_escape_never_leaves_any_escaper_raw(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ALL / sizeof ALL[0]; i++) {
        const char *out = run(ALL[i], "red \x1b[31mALERT\x1b[0m bell\x07");
        assert_null(strchr(out, '\x1b'));
        assert_null(strchr(out, '\x07'));
    }
    assert_string_equal(run(escape_terminal, "\x1b[31m"), "\\x1b[31m");
}

// On a terminal (diagnostics, the text report) a byte-order mark or a zero-width space shows as
// nothing, and a bidirectional override reorders what follows: each is named; other characters,
// "…" among them (also 3 bytes led by 0xE2), are left as they are.
static void terminal_names_invisible_and_reordering_characters(void **state)
{
    (void)state;
    assert_string_equal(run(escape_terminal, "\xef\xbb\xbfid"), "\\u{FEFF}id");
    assert_string_equal(run(escape_terminal, "a\xe2\x80\x8b"
                                             "b"),
                        "a\\u{200B}b");
    assert_string_equal(run(escape_terminal, "x\xe2\x80\xaey\xe2\x81\xa9"), "x\\u{202E}y\\u{2069}");
    assert_string_equal(run(escape_terminal, "id\xd8\x9c"
                                             "a\xe1\xa0\x8e"
                                             "b"),
                        "id\\u{061C}a\\u{180E}b");
    assert_string_equal(run(escape_terminal, "\xd8\xa8\xe1\xa0\x80"), "\xd8\xa8\xe1\xa0\x80");
    assert_string_equal(run(escape_terminal, "caf\xc3\xa9 \xe2\x80\xa6 \xe2\x82\xac"),
                        "caf\xc3\xa9 \xe2\x80\xa6 \xe2\x82\xac");
}

static void c1_control_csi_never_leaves_any_escaper_raw(void **state)
{
    (void)state;
    // U+009B is the one-byte CSI: a terminal reads it as ESC [.
    for (size_t i = 0; i < sizeof ALL / sizeof ALL[0]; i++) {
        const char *out = run(ALL[i], "a\xc2\x9b"
                                      "31mb");
        assert_null(strstr(out, "\xc2\x9b"));
        assert_null(strchr(out, 0x7f));
    }
}

// U+0085, U+009F and U+0080 stay themselves: JSON carries each code point (distinct keys never
// collide), the terminal and GitHub name each; none becomes DEL.
static void c1_controls_keep_their_code_points(void **state)
{
    (void)state;
    const char *key = "\xc2\x85"
                      "A\x7f"
                      "B\xc2\x9f"
                      "C\xc2\x80";
    assert_string_equal(run(escape_json, key), "\"\\u0085A\\u007fB\\u009fC\\u0080\"");
    assert_string_equal(run(escape_json_html, key), "\"\\u0085A\\u007fB\\u009fC\\u0080\"");
    assert_string_equal(run(escape_terminal, key), "\\u{85}A\\x7fB\\u{9F}C\\u{80}");
    assert_string_equal(run(escape_tap, key), "\\u{85}A\\x7fB\\u{9F}C\\u{80}");
    assert_string_equal(run(escape_github_data, key), "\\u{85}A\\x7fB\\u{9F}C\\u{80}");
    // Two keys that differ only in which C1 control they hold stay different.
    assert_string_not_equal(run(escape_json, "\xc2\x85"), "\"\\u0080\"");
}

static void control_characters_are_visible_or_replaced(void **state)
{
    (void)state;
    const char *controls = "a\x01\x02\x08\x0c\x1f\x7f"
                           "b";
    escape_fn fns[] = {escape_terminal, escape_html,        escape_xml, escape_markdown,
                       escape_csv,      escape_github_data, escape_tap, escape_json};
    for (size_t f = 0; f < sizeof fns / sizeof fns[0]; f++) {
        const char *out = run(fns[f], controls);
        assert_false(has_byte_below_space(out));
        assert_null(strchr(out, 0x7f));
    }
    assert_string_equal(run(escape_json, "\x01\n\""), "\"\\u0001\\n\\\"\"");
    assert_string_equal(run(escape_terminal, "a\nb\tc"), "a b c");
}

static void csv_formula_cells_are_neutralised(void **state)
{
    (void)state;
    assert_string_equal(run(escape_csv, "=HYPERLINK(\"http://x\")"),
                        "\"'=HYPERLINK(\"\"http://x\"\")\"");
    assert_string_equal(run(escape_csv, "+1"), "\"'+1\"");
    assert_string_equal(run(escape_csv, "-1"), "\"'-1\"");
    assert_string_equal(run(escape_csv, "@SUM(A1)"), "\"'@SUM(A1)\"");
    assert_string_equal(run(escape_csv, "\t=1"), "\"'\t=1\"");
    assert_string_equal(run(escape_csv, "a=1"), "a=1");
}

static void csv_quotes_cells_with_separators(void **state)
{
    (void)state;
    assert_string_equal(run(escape_csv, "plain"), "plain");
    assert_string_equal(run(escape_csv, "a,b"), "\"a,b\"");
    assert_string_equal(run(escape_csv, "say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_string_equal(run(escape_csv, "two\nlines"), "\"two\nlines\"");
    assert_string_equal(run(escape_csv, ""), "");
}

static void markdown_pipes_backticks_and_markup_are_escaped(void **state)
{
    (void)state;
    assert_string_equal(run(escape_markdown, "a|b"), "a\\|b");
    assert_string_equal(run(escape_markdown, "`code`"), "\\`code\\`");
    assert_string_equal(run(escape_markdown, "<script>alert(1)</script>"),
                        "\\<script\\>alert(1)\\</script\\>");
    assert_string_equal(run(escape_markdown, "[x](javascript:y) *b* _i_"),
                        "\\[x\\](javascript:y) \\*b\\* \\_i\\_");
    assert_string_equal(run(escape_markdown, "row\nbreak"), "row break");
    // Block markers only where a block could start; ids and numbers stay readable.
    assert_string_equal(run(escape_markdown, "G3.1-a 2.5"), "G3.1-a 2.5");
    assert_string_equal(run(escape_markdown, "# not a heading"), "\\# not a heading");
    assert_string_equal(run(escape_markdown, "- not a list"), "\\- not a list");
    assert_string_equal(run(escape_markdown, "12. not a list"), "12\\. not a list");
    assert_string_equal(run(escape_markdown, "a &amp; b"), "a \\&amp; b");
}

static void github_data_encodes_percent_cr_lf(void **state)
{
    (void)state;
    assert_string_equal(run(escape_github_data, "50% done\r\n::error::x"),
                        "50%25 done%0D%0A::error::x");
    assert_string_equal(run(escape_github_data, "a:b,c"), "a:b,c");
}

static void github_property_also_encodes_colon_and_comma(void **state)
{
    (void)state;
    assert_string_equal(run(escape_github_property, "file=a,line=1::x%\n"),
                        "file=a%2Cline=1%3A%3Ax%25%0A");
}

static void escape_string_escapes_up_to_the_nul(void **state)
{
    (void)state;
    memset(captured, 0, sizeof captured);
    FILE *f = fmemopen(captured, sizeof captured - 1, "w");
    assert_non_null(f);
    escape_string(f, escape_github_property, "a:b,c");
    escape_string(f, escape_html, "<i>");
    fclose(f);
    assert_string_equal(captured, "a%3Ab%2Cc&lt;i&gt;");
}

static void tap_hash_cannot_start_a_directive(void **state)
{
    (void)state;
    assert_string_equal(run(escape_tap, "P1 # SKIP forged\\"), "P1 \\# SKIP forged\\\\");
    assert_string_equal(run(escape_tap, "not ok\n1..0"), "not ok 1..0");
}

static void uri_percent_encodes_all_but_unreserved_and_slash(void **state)
{
    (void)state;
    assert_string_equal(run(escape_uri, "examples/sub missions.csv"),
                        "examples/sub%20missions.csv");
    assert_string_equal(run(escape_uri, "<stdin>"), "%3Cstdin%3E");
    assert_string_equal(run(escape_uri, "c:x#y?z"), "c%3Ax%23y%3Fz");
    assert_string_equal(run(escape_uri, "//host/x"), "/%2Fhost/x");
    assert_string_equal(run(escape_uri, "caf\xc3\xa9"), "caf%C3%A9");
}

static void json_keeps_valid_utf8_and_escapes_quotes(void **state)
{
    (void)state;
    assert_string_equal(run(escape_json, "\"caf\xc3\xa9\\\""), "\"\\\"caf\xc3\xa9\\\\\\\"\"");
    assert_string_equal(run(escape_json, "</script>"), "\"</script>\"");
}

// What fn writes for s[0..len) (NUL bytes allowed); the caller frees it. *out_len set.
static char *run_n(escape_fn fn, const char *s, size_t len, size_t *out_len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, out_len);
    assert_non_null(f);
    fn(f, s, len);
    assert_int_equal(fclose(f), 0);
    return text;
}

static void json_escaping_matches_the_byte_at_a_time_path_on_random_strings(void **state)
{
    (void)state;
    // escape_json copies plain runs eight bytes at a time; escape_json_html walks every byte.
    // Without < > & they must write the same bytes, wherever the specials fall in a word.
    static const char *const pieces[] = {"a",
                                         "Z",
                                         " ",
                                         "~",
                                         "\"",
                                         "\\",
                                         "\n",
                                         "\t",
                                         "\x01",
                                         "\x1f",
                                         "\x7f",
                                         "\x80",
                                         "\xff",
                                         "\xc3\xa9",
                                         "\xc2\x9b",
                                         "\xe2\x82\xac",
                                         "\xf0\x9f\x98\x80",
                                         "\xed\xa0\x80",
                                         "\xe2\x82",
                                         "/",
                                         "0",
                                         "\0",
                                         "abcdefgh",
                                         "12345678"};
    uint64_t seed = 7;
    char s[256];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        size_t count = next_random(&seed) % 24;
        for (size_t i = 0; i < count; i++) {
            const char *piece = pieces[next_random(&seed) % (sizeof pieces / sizeof pieces[0])];
            size_t n = piece[0] ? strlen(piece) : 1;
            memcpy(s + len, piece, n);
            len += n;
        }
        size_t fast_len, slow_len;
        char *fast = run_n(escape_json, s, len, &fast_len);
        char *slow = run_n(escape_json_html, s, len, &slow_len);
        assert_int_equal(fast_len, slow_len);
        assert_memory_equal(fast, slow, fast_len);
        size_t plain = 0;
        while (plain < len && s[plain] >= 0x20 && s[plain] < 0x7f && s[plain] != '"' &&
               s[plain] != '\\')
            plain++;
        assert_int_equal(escape_json_plain_prefix(s, len), plain);
        free(fast);
        free(slow);
    }
}

static void csv_quotes_and_replaces_each_byte_as_its_rules_say(void **state)
{
    (void)state;
    // Every byte value between two letters: quoted for , " ; CR LF; '"' doubled; other C0
    // controls but tab, DEL and lone bytes of 0x80 and up replaced by U+FFFD.
    for (int c = 0; c < 256; c++) {
        const char cell[3] = {'a', (char)c, 'z'};
        size_t len;
        char *out = run_n(escape_csv, cell, sizeof cell, &len);
        bool quoted = c == ',' || c == '"' || c == ';' || c == '\n' || c == '\r';
        char expected[16];
        size_t n = 0;
        if (quoted)
            expected[n++] = '"';
        expected[n++] = 'a';
        if (c == '"') {
            expected[n++] = '"';
            expected[n++] = '"';
        } else if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c >= 0x7f) {
            memcpy(expected + n, "\xEF\xBF\xBD", 3);
            n += 3;
        } else {
            expected[n++] = (char)c;
        }
        expected[n++] = 'z';
        if (quoted)
            expected[n++] = '"';
        assert_int_equal(len, n);
        assert_memory_equal(out, expected, n);
        free(out);
    }
}

// escape_csv's rules written plainly for a cell of ASCII bytes and at most one byte of 0x80 or
// more (never valid UTF-8 alone): a formula's first byte gets a ' and quotes, , " ; CR LF
// quotes, '"' doubled, other C0 controls but tab, DEL and that byte U+FFFD.
static size_t csv_as_its_rules_say(const char *s, size_t len, char *out)
{
    bool formula = len && strchr("=+-@\t\r", s[0]) && s[0];
    bool quoted = formula;
    for (size_t i = 0; i < len; i++)
        quoted |= s[i] && strchr(",\";\r\n", s[i]) != NULL;
    size_t n = 0;
    if (quoted)
        out[n++] = '"';
    if (formula)
        out[n++] = '\'';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"') {
            out[n++] = '"';
            out[n++] = '"';
        } else if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c >= 0x7f) {
            memcpy(out + n, "\xEF\xBF\xBD", 3);
            n += 3;
        } else {
            out[n++] = (char)c;
        }
    }
    if (quoted)
        out[n++] = '"';
    return n;
}

// Every byte value at every place of cells of 1 to 13 bytes (escape_csv_to reads four bytes a
// step after the first, then the rest one by one), and escape_csv_plain on the same cells.
static void csv_cells_are_escaped_as_their_rules_say_wherever_a_byte_falls(void **state)
{
    (void)state;
    for (size_t len = 1; len <= 13; len++) {
        for (size_t at = 0; at < len; at++) {
            for (int c = 0; c < 256; c++) {
                char cell[16], expected[64];
                memset(cell, 'a', len);
                cell[at] = (char)c;
                size_t out_len, n = csv_as_its_rules_say(cell, len, expected);
                char *out = run_n(escape_csv, cell, len, &out_len);
                assert_int_equal(out_len, n);
                assert_memory_equal(out, expected, n);
                free(out);
                bool plain = n == len && memcmp(expected, cell, len) == 0 && c != '\t';
                assert_int_equal(escape_csv_plain(cell, len), plain);
            }
        }
    }
}

static void memo_escapes_once_per_string_address(void **state)
{
    (void)state;
    escape_memo memo = {0};
    char first[] = "a,b";
    char second[] = "c";
    size_t len;
    const char *cell = escape_memo_get(&memo, escape_csv, first, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(cell, "\"a,b\"", 5);
    assert_ptr_equal(escape_memo_get(&memo, escape_csv, first, &len), cell);
    cell = escape_memo_get(&memo, escape_csv, second, &len);
    assert_int_equal(len, 1);
    assert_memory_equal(cell, "c", 1);
    escape_memo_clear(&memo);
    escape_memo_clear(&memo); // twice is fine
}

// escape_csv_plain is true only for a cell escape_csv writes as it is, and for every cell of
// printable ASCII that starts no formula and has none of , " ; (a tab, which is copied too, it
// leaves to escape_csv): every byte value first, in the middle and last of a cell, and "".
static void csv_plain_is_what_escape_csv_leaves_as_it_is(void **state)
{
    (void)state;
    for (int c = 0; c < 256; c++)
        for (int at = 0; at < 3; at++) {
            char cell[3] = {'a', 'b', 'c'};
            cell[at] = (char)c;
            size_t len;
            char *out = run_n(escape_csv, cell, sizeof cell, &len);
            bool same = len == sizeof cell && memcmp(out, cell, len) == 0;
            bool printable = c >= 0x20 && c < 0x7f && c != ',' && c != '"' && c != ';' &&
                             !(at == 0 && strchr("=+-@", c));
            if (escape_csv_plain(cell, sizeof cell))
                assert_true(same);
            else
                assert_false(printable);
            free(out);
        }
    assert_true(escape_csv_plain("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_script_tag_becomes_entities),
        cmocka_unit_test(xml_script_tag_and_quotes_become_entities),
        cmocka_unit_test(xml_forbidden_characters_become_replacement_characters),
        cmocka_unit_test(invalid_utf8_becomes_replacement_character_everywhere),
        cmocka_unit_test(ansi_escape_never_leaves_any_escaper_raw),
        cmocka_unit_test(terminal_names_invisible_and_reordering_characters),
        cmocka_unit_test(c1_control_csi_never_leaves_any_escaper_raw),
        cmocka_unit_test(c1_controls_keep_their_code_points),
        cmocka_unit_test(control_characters_are_visible_or_replaced),
        cmocka_unit_test(csv_formula_cells_are_neutralised),
        cmocka_unit_test(csv_quotes_cells_with_separators),
        cmocka_unit_test(markdown_pipes_backticks_and_markup_are_escaped),
        cmocka_unit_test(github_data_encodes_percent_cr_lf),
        cmocka_unit_test(github_property_also_encodes_colon_and_comma),
        cmocka_unit_test(escape_string_escapes_up_to_the_nul),
        cmocka_unit_test(tap_hash_cannot_start_a_directive),
        cmocka_unit_test(uri_percent_encodes_all_but_unreserved_and_slash),
        cmocka_unit_test(json_keeps_valid_utf8_and_escapes_quotes),
        cmocka_unit_test(json_escaping_matches_the_byte_at_a_time_path_on_random_strings),
        cmocka_unit_test(csv_quotes_and_replaces_each_byte_as_its_rules_say),
        cmocka_unit_test(csv_cells_are_escaped_as_their_rules_say_wherever_a_byte_falls),
        cmocka_unit_test(csv_plain_is_what_escape_csv_leaves_as_it_is),
        cmocka_unit_test(memo_escapes_once_per_string_address),
    };
    DDCHECK_RUN_TESTS(tests);
}
