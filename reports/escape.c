// Every escaping rule of every report format lives here, so one test file can hold them to account.
#include "escape.h"

#include <stdbool.h>
#include <string.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

size_t escape_utf8_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned min;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

// Walks s as UTF-8: ASCII bytes go to `ascii`, valid multi-byte sequences are copied, invalid
// bytes become U+FFFD. `ascii` returns nothing; it writes the byte or its escape.
typedef void (*ascii_fn)(FILE *out, unsigned char c);

static void walk(FILE *out, const char *s, size_t len, ascii_fn ascii)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            ascii(out, p[i]);
            i++;
            continue;
        }
        size_t n = escape_utf8_len(p + i, len - i);
        if (n == 0) {
            fputs(REPLACEMENT, out);
            i++;
            continue;
        }
        // C1 controls (U+0080..U+009F) are as dangerous on terminals as ESC.
        if (n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0) {
            ascii(out, 0x7F);
        } else {
            fwrite(p + i, 1, n, out);
        }
        i += n;
    }
}

static void json_ascii(FILE *out, unsigned char c)
{
    switch (c) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    case 0x7F: fputs("\\u007f", out); break;
    default:
        if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            putc(c, out);
    }
}

// 1 for the bytes JSON takes as they are: printable ASCII other than '"' and '\\'.
static const unsigned char JSON_PLAIN[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static bool json_plain(unsigned char c)
{
    return JSON_PLAIN[c];
}

void escape_json(FILE *out, const char *s, size_t len)
{
    // Runs that need no escape (most of every report) go out in one fwrite; the bytes between
    // them through walk, which sees every multi-byte sequence whole (its bytes are never plain).
    const unsigned char *p = (const unsigned char *)s;
    putc('"', out);
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && json_plain(p[j]))
            j++;
        if (j > i)
            fwrite(p + i, 1, j - i, out);
        size_t k = j;
        while (k < len && !json_plain(p[k]))
            k++;
        if (k > j)
            walk(out, s + j, k - j, json_ascii);
        i = k;
    }
    putc('"', out);
}

static void json_html_ascii(FILE *out, unsigned char c)
{
    if (c == '<' || c == '>' || c == '&')
        fprintf(out, "\\u%04x", c);
    else
        json_ascii(out, c);
}

void escape_json_html(FILE *out, const char *s, size_t len)
{
    putc('"', out);
    walk(out, s, len, json_html_ascii);
    putc('"', out);
}

static void terminal_ascii(FILE *out, unsigned char c)
{
    if (c == '\n' || c == '\t' || c == '\r')
        putc(' ', out);
    else if (c < 0x20 || c == 0x7F)
        fprintf(out, "\\x%02x", c);
    else
        putc(c, out);
}

void escape_terminal(FILE *out, const char *s, size_t len)
{
    walk(out, s, len, terminal_ascii);
}

static void html_ascii(FILE *out, unsigned char c)
{
    switch (c) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default:
        if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F)
            fputs(REPLACEMENT, out);
        else
            putc(c, out);
    }
}

void escape_html(FILE *out, const char *s, size_t len)
{
    walk(out, s, len, html_ascii);
}

void escape_xml(FILE *out, const char *s, size_t len)
{
    // XML forbids U+FFFE and U+FFFF too: scan for them and replace, else as HTML.
    const unsigned char *p = (const unsigned char *)s;
    size_t start = 0;
    for (size_t i = 0; i + 2 < len; i++) {
        if (p[i] == 0xEF && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)) {
            walk(out, s + start, i - start, html_ascii);
            fputs(REPLACEMENT, out);
            start = i + 3;
            i += 2;
        }
    }
    walk(out, s + start, len - start, html_ascii);
}

// Inline Markdown: characters that start emphasis, code, links, HTML, entities, strikethrough
// or table cells are escaped wherever they are; block markers only where a block could start.
static void markdown_ascii(FILE *out, unsigned char c)
{
    if (c == '\n' || c == '\r' || c == '\t')
        putc(' ', out);
    else if (c < 0x20 || c == 0x7F)
        fputs(REPLACEMENT, out);
    else if (c && strchr("\\`*_[]<>|~&", c))
        fprintf(out, "\\%c", c);
    else
        putc(c, out);
}

void escape_markdown(FILE *out, const char *s, size_t len)
{
    size_t i = 0;
    // "# x", "- x", "+ x" and "12. x" / "12) x" start blocks at the beginning of a line.
    if (len && (s[0] == '#' || s[0] == '-' || s[0] == '+')) {
        fprintf(out, "\\%c", s[0]);
        i = 1;
    } else {
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i > 0 && i < len && (s[i] == '.' || s[i] == ')')) {
            fwrite(s, 1, i, out);
            fprintf(out, "\\%c", s[i]);
            i++;
        } else {
            i = 0;
        }
    }
    walk(out, s + i, len - i, markdown_ascii);
}

static void csv_ascii(FILE *out, unsigned char c)
{
    if (c == '"')
        fputs("\"\"", out);
    else if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F)
        fputs(REPLACEMENT, out);
    else
        putc(c, out);
}

void escape_csv(FILE *out, const char *s, size_t len)
{
    int formula = len > 0 && strchr("=+-@\t\r", s[0]) && s[0];
    int quote = formula;
    // One pass decides the quoting and whether every byte is printable ASCII other than '"',
    // which csv_ascii would copy as is: then the cell goes out in one fwrite.
    int plain = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        quote |= c == ',' || c == '"' || c == '\n' || c == '\r' || c == ';';
        plain &= c >= 0x20 && c < 0x7F && c != '"';
    }
    if (quote)
        putc('"', out);
    if (formula)
        putc('\'', out);
    if (plain) {
        if (len) // an empty cell may come as NULL, which fwrite must not get
            fwrite(s, 1, len, out);
    } else
        walk(out, s, len, csv_ascii);
    if (quote)
        putc('"', out);
}

static void github_ascii(FILE *out, unsigned char c)
{
    if (c == '%')
        fputs("%25", out);
    else if (c == '\r')
        fputs("%0D", out);
    else if (c == '\n')
        fputs("%0A", out);
    else if (c < 0x20 || c == 0x7F)
        fprintf(out, "\\x%02x", c);
    else
        putc(c, out);
}

static void github_property_ascii(FILE *out, unsigned char c)
{
    if (c == ':')
        fputs("%3A", out);
    else if (c == ',')
        fputs("%2C", out);
    else
        github_ascii(out, c);
}

void escape_github(FILE *out, const char *s, size_t len, int property)
{
    walk(out, s, len, property ? github_property_ascii : github_ascii);
}

static void tap_ascii(FILE *out, unsigned char c)
{
    if (c == '#' || c == '\\') {
        putc('\\', out);
        putc(c, out);
    } else {
        terminal_ascii(out, c);
    }
}

void escape_tap(FILE *out, const char *s, size_t len)
{
    walk(out, s, len, tap_ascii);
}

void escape_uri(FILE *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            (c && strchr("-._~", c)) || (c == '/' && !(i == 1 && s[0] == '/'))) {
            // "//x" would read as a host name, so the second of two leading slashes is encoded.
            putc(c, out);
        } else {
            putc('%', out);
            putc(hex[c >> 4], out);
            putc(hex[c & 15], out);
        }
    }
}
