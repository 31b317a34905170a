// Every escaping rule of every report format lives here, so one test file can hold them to account.
#define _POSIX_C_SOURCE 200809L // open_memstream
#include "escape.h"

#include "util/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

static const char HEX_LOWER[] = "0123456789abcdef";

// Every escaper writes into a buffered writer; the FILE ones of escape.h go through to_file.
typedef void (*escape_to_fn)(outbuf *b, const char *s, size_t len);

// A stack buffer per string: stdio sees one fwrite per string, not a putc per byte.
static void to_file(FILE *out, escape_to_fn escape, const char *s, size_t len)
{
    char bytes[512];
    outbuf b;
    outbuf_init(&b, out, bytes, sizeof bytes);
    escape(&b, s, len);
    outbuf_flush(&b);
}

// Walks s as UTF-8: ASCII bytes and the C1 controls (U+0080..U+009F, as their code point) go to
// `ascii`, other valid multi-byte sequences are copied, invalid bytes become U+FFFD. `ascii`
// returns nothing; it writes the character or its escape.
typedef void (*ascii_fn)(outbuf *b, unsigned c);

static void walk(outbuf *b, const char *s, size_t len, ascii_fn ascii)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            ascii(b, p[i]);
            i++;
            continue;
        }
        size_t n = utf8_valid_len(p + i, len - i);
        if (n == 0) {
            outbuf_puts(b, REPLACEMENT);
            i++;
            continue;
        }
        // C1 controls (U+0080..U+009F) are as dangerous on terminals as ESC; each format
        // escapes them as it escapes C0 controls, keeping which one it was.
        if (n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0) {
            ascii(b, p[i + 1]);
        } else {
            outbuf_write(b, p + i, n);
        }
        i += n;
    }
}

// \u00XX with lower-case hex digits, for a code point below 0x100.
static void json_unicode(outbuf *b, unsigned c)
{
    const char e[6] = {'\\', 'u', '0', '0', HEX_LOWER[c >> 4], HEX_LOWER[c & 15]};
    outbuf_write(b, e, sizeof e);
}

// A control character made visible: \xNN (lower-case hex) for C0 and DEL, \u{NN} (the
// code point, as for invisible characters) for the C1 controls U+0080..U+009F.
static void hex_escape(outbuf *b, unsigned c)
{
    if (c >= 0x80) {
        const char e[6] = {'\\', 'u', '{', "0123456789ABCDEF"[c >> 4], "0123456789ABCDEF"[c & 15],
                           '}'};
        outbuf_write(b, e, sizeof e);
        return;
    }
    const char e[4] = {'\\', 'x', HEX_LOWER[c >> 4], HEX_LOWER[c & 15]};
    outbuf_write(b, e, sizeof e);
}

static void backslash(outbuf *b, unsigned c)
{
    outbuf_putc(b, '\\');
    outbuf_putc(b, (char)c);
}

static void json_ascii(outbuf *b, unsigned c)
{
    switch (c) {
    case '"':
        outbuf_puts(b, "\\\"");
        break;
    case '\\':
        outbuf_puts(b, "\\\\");
        break;
    case '\n':
        outbuf_puts(b, "\\n");
        break;
    case '\r':
        outbuf_puts(b, "\\r");
        break;
    case '\t':
        outbuf_puts(b, "\\t");
        break;
    default:
        if (c < 0x20 || c >= 0x7F)
            json_unicode(b, c);
        else
            outbuf_putc(b, (char)c);
    }
}

// 1 for the bytes JSON takes as they are: printable ASCII other than '"' and '\\'.
static const unsigned char JSON_PLAIN[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

// Whether any of the 8 bytes of x is not JSON_PLAIN: below 0x20, '"', '\\', or 0x7F and up.
// Word-at-a-time "has a byte less than n / equal to c" tests (Bit Twiddling Hacks), which are
// exact as tests for "any byte"; the caller then finds which one through the table.
static bool word_has_escape(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u;
    uint64_t quote = x ^ (ones * '"');
    uint64_t backslash = x ^ (ones * '\\');
    uint64_t del = x ^ (ones * 0x7F);
    uint64_t found = ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
                     ((backslash - ones) & ~backslash) | ((del - ones) & ~del) | x;
    return (found & (ones * 0x80)) != 0;
}

size_t escape_json_plain_prefix(const char *s, size_t len)
{
    // Eight bytes per step through the long texts of a report (gaps, explanations), then the
    // table for the last few and to find the byte that ends the run.
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (len - i >= 8) {
        uint64_t x;
        memcpy(&x, p + i, sizeof x);
        if (word_has_escape(x))
            break;
        i += 8;
    }
    while (i < len && JSON_PLAIN[p[i]])
        i++;
    return i;
}

void escape_json_to(outbuf *b, const char *s, size_t len)
{
    // Runs that need no escape (most of every report) are copied whole; the bytes between
    // them go through walk, which sees every multi-byte sequence whole (its bytes are never
    // plain).
    const unsigned char *p = (const unsigned char *)s;
    outbuf_putc(b, '"');
    size_t i = 0;
    while (i < len) {
        size_t j = i + escape_json_plain_prefix(s + i, len - i);
        if (j > i)
            outbuf_write(b, p + i, j - i);
        size_t k = j;
        while (k < len && !JSON_PLAIN[p[k]])
            k++;
        if (k > j)
            walk(b, s + j, k - j, json_ascii);
        i = k;
    }
    outbuf_putc(b, '"');
}

void escape_json(FILE *out, const char *s, size_t len)
{
    to_file(out, escape_json_to, s, len);
}

static void json_html_ascii(outbuf *b, unsigned c)
{
    if (c == '<' || c == '>' || c == '&')
        json_unicode(b, c);
    else
        json_ascii(b, c);
}

void escape_json_html_to(outbuf *b, const char *s, size_t len)
{
    outbuf_putc(b, '"');
    walk(b, s, len, json_html_ascii);
    outbuf_putc(b, '"');
}

void escape_json_html(FILE *out, const char *s, size_t len)
{
    to_file(out, escape_json_html_to, s, len);
}

static void terminal_ascii(outbuf *b, unsigned c)
{
    if (c == '\n' || c == '\t' || c == '\r')
        outbuf_putc(b, ' ');
    else if (c < 0x20 || c >= 0x7F)
        hex_escape(b, c);
    else
        outbuf_putc(b, (char)c);
}

// Characters a terminal shows as nothing (zero-width ones, the byte-order mark, the Mongolian
// vowel separator) or that reorder the text around them (bidirectional controls, as in "Trojan
// Source", the Arabic letter mark among them): written as \u{XXXX}, so that a message or a
// report never hides or disguises a byte of its input. In UTF-8 they are 2 bytes led by 0xD8
// (U+061C) or 3 led by 0xE1, 0xE2 or 0xEF, and a lead byte is never a continuation byte.
static bool invisible(uint32_t cp)
{
    return cp == 0x061C || cp == 0x180E || cp == 0xFEFF || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

// The code point of an invisible character at p[0, avail), with its length in *n; 0 for none.
static uint32_t invisible_at(const unsigned char *p, size_t avail, size_t *n)
{
    uint32_t cp;
    if (p[0] == 0xD8 && avail >= 2 && (p[1] & 0xC0) == 0x80) {
        cp = (uint32_t)(p[0] & 0x1F) << 6 | (uint32_t)(p[1] & 0x3F);
        *n = 2;
    } else if ((p[0] == 0xE1 || p[0] == 0xE2 || p[0] == 0xEF) && avail >= 3 &&
               (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (uint32_t)(p[2] & 0x3F);
        *n = 3;
    } else {
        return 0;
    }
    return invisible(cp) ? cp : 0;
}

static void terminal_to(outbuf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        size_t n;
        uint32_t cp = p[i] >= 0xD8 ? invisible_at(p + i, len - i, &n) : 0;
        if (!cp)
            continue;
        walk(b, s + start, i - start, terminal_ascii);
        char name[16]; // \u{FEFF}; room for any unsigned
        snprintf(name, sizeof name, "\\u{%04X}", (unsigned)cp);
        outbuf_puts(b, name);
        start = i + n;
        i += n - 1;
    }
    walk(b, s + start, len - start, terminal_ascii);
}

void escape_terminal(FILE *out, const char *s, size_t len)
{
    to_file(out, terminal_to, s, len);
}

static void html_ascii(outbuf *b, unsigned c)
{
    switch (c) {
    case '&':
        outbuf_puts(b, "&amp;");
        break;
    case '<':
        outbuf_puts(b, "&lt;");
        break;
    case '>':
        outbuf_puts(b, "&gt;");
        break;
    case '"':
        outbuf_puts(b, "&quot;");
        break;
    case '\'':
        outbuf_puts(b, "&#39;");
        break;
    default:
        if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c >= 0x7F)
            outbuf_puts(b, REPLACEMENT);
        else
            outbuf_putc(b, (char)c);
    }
}

static void html_to(outbuf *b, const char *s, size_t len)
{
    walk(b, s, len, html_ascii);
}

void escape_html(FILE *out, const char *s, size_t len)
{
    to_file(out, html_to, s, len);
}

static void xml_to(outbuf *b, const char *s, size_t len)
{
    // XML forbids U+FFFE and U+FFFF too: scan for them and replace, else as HTML.
    const unsigned char *p = (const unsigned char *)s;
    size_t start = 0;
    for (size_t i = 0; i + 2 < len; i++) {
        if (p[i] == 0xEF && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)) {
            walk(b, s + start, i - start, html_ascii);
            outbuf_puts(b, REPLACEMENT);
            start = i + 3;
            i += 2;
        }
    }
    walk(b, s + start, len - start, html_ascii);
}

void escape_xml(FILE *out, const char *s, size_t len)
{
    to_file(out, xml_to, s, len);
}

// Inline Markdown: characters that start emphasis, code, links, HTML, entities, strikethrough
// or table cells are escaped wherever they are; block markers only where a block could start.
static void markdown_ascii(outbuf *b, unsigned c)
{
    if (c == '\n' || c == '\r' || c == '\t')
        outbuf_putc(b, ' ');
    else if (c < 0x20 || c >= 0x7F)
        outbuf_puts(b, REPLACEMENT);
    else if (c && strchr("\\`*_[]<>|~&", c))
        backslash(b, c);
    else
        outbuf_putc(b, (char)c);
}

static void markdown_to(outbuf *b, const char *s, size_t len)
{
    size_t i = 0;
    // "# x", "- x", "+ x" and "12. x" / "12) x" start blocks at the beginning of a line.
    if (len && (s[0] == '#' || s[0] == '-' || s[0] == '+')) {
        backslash(b, (unsigned char)s[0]);
        i = 1;
    } else {
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i > 0 && i < len && (s[i] == '.' || s[i] == ')')) {
            outbuf_write(b, s, i);
            backslash(b, (unsigned char)s[i]);
            i++;
        } else {
            i = 0;
        }
    }
    walk(b, s + i, len - i, markdown_ascii);
}

void escape_markdown(FILE *out, const char *s, size_t len)
{
    to_file(out, markdown_to, s, len);
}

static void csv_ascii(outbuf *b, unsigned c)
{
    if (c == '"')
        outbuf_puts(b, "\"\"");
    else if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c >= 0x7F)
        outbuf_puts(b, REPLACEMENT);
    else
        outbuf_putc(b, (char)c);
}

// Per byte: CSV_QUOTE when a cell holding it must be quoted (, " ; CR LF), CSV_SPECIAL when
// csv_ascii does not copy it as it is (controls, DEL, bytes of multi-byte UTF-8, '"'), CSV_FORMULA
// when a cell beginning with it is a formula a spreadsheet runs (= + - @, tab, CR): such a cell
// gets a ' before it, so it stays text.
enum { CSV_QUOTE = 1, CSV_SPECIAL = 2, CSV_FORMULA = 4 };
static const unsigned char CSV_CLASS[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 6, 3, 2, 2, 7, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 4, 0, 0,
    4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

// The classes of s[0..len) (len > 0): CSV_QUOTE and CSV_SPECIAL of any byte, CSV_FORMULA of the
// first. Four bytes a step: the cells are mostly short keys and names.
static unsigned csv_classes(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned rest = 0;
    size_t i = 1;
    for (; i + 4 <= len; i += 4)
        rest |= CSV_CLASS[p[i]] | CSV_CLASS[p[i + 1]] | CSV_CLASS[p[i + 2]] | CSV_CLASS[p[i + 3]];
    for (; i < len; i++)
        rest |= CSV_CLASS[p[i]];
    return CSV_CLASS[p[0]] | (rest & (CSV_QUOTE | CSV_SPECIAL));
}

bool escape_csv_plain(const char *s, size_t len)
{
    return len == 0 || csv_classes(s, len) == 0;
}

// A cell that is not copied as it is: quoted, its formula made text, its bytes escaped.
static __attribute__((noinline)) void csv_escaped_to(outbuf *b, const char *s, size_t len,
                                                     unsigned classes)
{
    bool formula = classes & CSV_FORMULA, quote = formula || (classes & CSV_QUOTE);
    if (quote)
        outbuf_putc(b, '"');
    if (formula)
        outbuf_putc(b, '\'');
    if (!(classes & CSV_SPECIAL))
        outbuf_write(b, s, len);
    else
        walk(b, s, len, csv_ascii);
    if (quote)
        outbuf_putc(b, '"');
}

void escape_csv_to(outbuf *b, const char *s, size_t len)
{
    if (len == 0) // an empty cell may come as NULL
        return;
    // One pass decides the quoting and whether csv_ascii would copy every byte as it is: then
    // the cell is copied whole.
    unsigned classes = csv_classes(s, len);
    if (classes)
        csv_escaped_to(b, s, len, classes);
    else
        outbuf_write(b, s, len);
}

void escape_csv(FILE *out, const char *s, size_t len)
{
    to_file(out, escape_csv_to, s, len);
}

static void github_ascii(outbuf *b, unsigned c)
{
    if (c == '%')
        outbuf_puts(b, "%25");
    else if (c == '\r')
        outbuf_puts(b, "%0D");
    else if (c == '\n')
        outbuf_puts(b, "%0A");
    else if (c < 0x20 || c >= 0x7F)
        hex_escape(b, c);
    else
        outbuf_putc(b, (char)c);
}

static void github_property_ascii(outbuf *b, unsigned c)
{
    if (c == ':')
        outbuf_puts(b, "%3A");
    else if (c == ',')
        outbuf_puts(b, "%2C");
    else
        github_ascii(b, c);
}

static void github_data_to(outbuf *b, const char *s, size_t len)
{
    walk(b, s, len, github_ascii);
}

static void github_property_to(outbuf *b, const char *s, size_t len)
{
    walk(b, s, len, github_property_ascii);
}

void escape_github_data(FILE *out, const char *s, size_t len)
{
    to_file(out, github_data_to, s, len);
}

void escape_github_property(FILE *out, const char *s, size_t len)
{
    to_file(out, github_property_to, s, len);
}

static void tap_ascii(outbuf *b, unsigned c)
{
    if (c == '#' || c == '\\')
        backslash(b, c);
    else
        terminal_ascii(b, c);
}

static void tap_to(outbuf *b, const char *s, size_t len)
{
    walk(b, s, len, tap_ascii);
}

void escape_tap(FILE *out, const char *s, size_t len)
{
    to_file(out, tap_to, s, len);
}

static void uri_to(outbuf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            (c && strchr("-._~", c)) || (c == '/' && !(i == 1 && s[0] == '/'))) {
            // "//x" would read as a host name, so the second of two leading slashes is encoded.
            outbuf_putc(b, (char)c);
        } else {
            const char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            outbuf_write(b, e, sizeof e);
        }
    }
}

void escape_uri(FILE *out, const char *s, size_t len)
{
    to_file(out, uri_to, s, len);
}

void escape_string(FILE *out, escape_fn escape, const char *s)
{
    escape(out, s, strlen(s));
}

void md_text(FILE *out, const char *s)
{
    escape_markdown(out, s, strlen(s));
}

const char *escape_memo_get(escape_memo *m, escape_fn escape, const char *s, size_t *len)
{
    if (!m->text || m->of != s) {
        escape_memo_clear(m);
        FILE *mem = open_memstream(&m->text, &m->len);
        if (mem) {
            escape(mem, s, strlen(s));
            if (fclose(mem) != 0)
                escape_memo_clear(m);
        }
        m->of = s;
    }
    *len = m->len;
    return m->text;
}

void escape_memo_clear(escape_memo *m)
{
    free(m->text);
    m->text = NULL;
    m->len = 0;
    m->of = NULL;
}
