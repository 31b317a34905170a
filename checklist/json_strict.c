// A strict RFC 8259 validator: one pass over the bytes with an explicit stack of open containers.
#include "json_strict.h"

#include "utf8.h"

#include <cjson/cJSON.h>

#include <string.h>

typedef struct scanner {
    const unsigned char *s;
    size_t len;
    size_t at;
    const char *reason;
} scanner;

size_t json_strict_bom_length(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

static bool fail(scanner *sc, const char *reason)
{
    sc->reason = reason;
    return false;
}

static void skip_ws(scanner *sc)
{
    while (sc->at < sc->len) {
        unsigned char c = sc->s[sc->at];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        sc->at++;
    }
}

static bool literal(scanner *sc, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < n; i++)
        if (sc->at + i >= sc->len || sc->s[sc->at + i] != (unsigned char)word[i]) {
            sc->at += i;
            return fail(sc, sc->at >= sc->len ? "unexpected end of text" : "invalid literal");
        }
    sc->at += n;
    return true;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool digits(scanner *sc)
{
    if (sc->at >= sc->len || !is_digit(sc->s[sc->at]))
        return fail(sc, "invalid number: a digit is expected");
    while (sc->at < sc->len && is_digit(sc->s[sc->at]))
        sc->at++;
    return true;
}

// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
static bool number(scanner *sc)
{
    if (sc->s[sc->at] == '-')
        sc->at++;
    if (sc->at < sc->len && sc->s[sc->at] == '0') {
        sc->at++;
        if (sc->at < sc->len && is_digit(sc->s[sc->at]))
            return fail(sc, "invalid number: leading zero");
    } else if (!digits(sc)) {
        return false;
    }
    if (sc->at < sc->len && sc->s[sc->at] == '.') {
        sc->at++;
        if (!digits(sc))
            return false;
    }
    if (sc->at < sc->len && (sc->s[sc->at] == 'e' || sc->s[sc->at] == 'E')) {
        sc->at++;
        if (sc->at < sc->len && (sc->s[sc->at] == '+' || sc->s[sc->at] == '-'))
            sc->at++;
        if (!digits(sc))
            return false;
    }
    return true;
}

static int hex4(const unsigned char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

// One UTF-8 sequence starting at sc->at (a byte >= 0x80); overlong forms, encoded surrogates
// and code points past U+10FFFF are refused (utf8.h).
static bool utf8(scanner *sc)
{
    size_t left = sc->len - sc->at;
    size_t n = utf8_valid_len(sc->s + sc->at, left);
    if (n == 0)
        return fail(sc, utf8_lead_len(sc->s[sc->at]) > left ? "invalid UTF-8 (truncated sequence)"
                                                              : "invalid UTF-8");
    sc->at += n;
    return true;
}

// A string; sc->at is on its opening quote.
static bool string(scanner *sc)
{
    sc->at++;
    for (;;) {
        if (sc->at >= sc->len)
            return fail(sc, "unterminated string");
        unsigned char c = sc->s[sc->at];
        if (c == '"') {
            sc->at++;
            return true;
        }
        if (c < 0x20)
            return fail(sc, c == 0 ? "NUL byte in a string"
                                   : "control character in a string (escape it)");
        if (c >= 0x80) {
            if (!utf8(sc))
                return false;
            continue;
        }
        if (c != '\\') {
            sc->at++;
            continue;
        }
        if (sc->at + 1 >= sc->len)
            return fail(sc, "unterminated string");
        unsigned char e = sc->s[sc->at + 1];
        if (strchr("\"\\/bfnrt", e) && e) {
            sc->at += 2;
            continue;
        }
        if (e != 'u')
            return fail(sc, "invalid escape in a string");
        if (sc->len - sc->at < 6)
            return fail(sc, "invalid \\u escape");
        int u = hex4(sc->s + sc->at + 2);
        if (u < 0)
            return fail(sc, "invalid \\u escape: four hex digits expected");
        if (u >= 0xDC00 && u <= 0xDFFF)
            return fail(sc, "invalid \\u escape: lone low surrogate");
        if (u >= 0xD800 && u <= 0xDBFF) {
            // A high surrogate must be followed by a \u low surrogate.
            int low = sc->len - sc->at >= 12 && sc->s[sc->at + 6] == '\\' &&
                              sc->s[sc->at + 7] == 'u'
                          ? hex4(sc->s + sc->at + 8)
                          : -1;
            if (low < 0xDC00 || low > 0xDFFF)
                return fail(sc, "invalid \\u escape: high surrogate without a low one");
            sc->at += 6;
        }
        sc->at += 6;
    }
}

bool json_strict_check(const char *text, size_t len, size_t *error_offset, const char **reason)
{
    // The open containers: '[' or '{', one byte each.
    unsigned char stack[JSON_STRICT_MAX_DEPTH];
    size_t depth = 0;
    scanner sc = {.s = (const unsigned char *)text, .len = len,
                  .at = json_strict_bom_length(text, len)};
    bool ok = false;
    if (len >= 2 && (memcmp(text, "\xFF\xFE", 2) == 0 || memcmp(text, "\xFE\xFF", 2) == 0)) {
        fail(&sc, "the text is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
        goto out;
    }
    skip_ws(&sc);
    if (sc.at >= len) {
        fail(&sc, "empty document");
        goto out;
    }
    for (;;) {
        // Here a value is expected.
        skip_ws(&sc);
        if (sc.at >= len) {
            fail(&sc, "unexpected end of text: a value is expected");
            goto out;
        }
        unsigned char c = sc.s[sc.at];
        if (c == '[' || c == '{') {
            if (depth == JSON_STRICT_MAX_DEPTH) {
                fail(&sc, "nesting deeper than 512 arrays and objects");
                goto out;
            }
            stack[depth++] = c;
            sc.at++;
            skip_ws(&sc);
            if (sc.at < len && sc.s[sc.at] == (c == '[' ? ']' : '}')) {
                sc.at++;
                depth--;
                goto after_value;
            }
            if (c == '{')
                goto member_key;
            continue;
        }
        if (c == '"') {
            if (!string(&sc))
                goto out;
        } else if (c == '-' || is_digit(c)) {
            if (!number(&sc))
                goto out;
        } else if (c == 't' || c == 'f' || c == 'n') {
            if (!literal(&sc, c == 't' ? "true" : c == 'f' ? "false" : "null"))
                goto out;
        } else {
            fail(&sc, c == ']' || c == '}' || c == ',' ? "a value is expected"
                      : c == '\'' ? "single quotes are not JSON (use \")"
                      : c == 0    ? "NUL byte (UTF-16 text? save it as UTF-8)"
                                  : "unexpected character: a value is expected");
            goto out;
        }
    after_value:
        skip_ws(&sc);
        if (depth == 0) {
            if (sc.at < len) {
                fail(&sc, sc.s[sc.at] == 0 ? "NUL byte (UTF-16 text? save it as UTF-8)"
                                           : "unexpected text after the document");
                goto out;
            }
            ok = true;
            goto out;
        }
        if (sc.at >= len) {
            fail(&sc, stack[depth - 1] == '[' ? "unexpected end of text: ']' is missing"
                                              : "unexpected end of text: '}' is missing");
            goto out;
        }
        c = sc.s[sc.at];
        if (c == (stack[depth - 1] == '[' ? ']' : '}')) {
            sc.at++;
            depth--;
            goto after_value;
        }
        if (c != ',') {
            fail(&sc, stack[depth - 1] == '[' ? "',' or ']' is expected"
                                              : "',' or '}' is expected");
            goto out;
        }
        sc.at++;
        if (stack[depth - 1] == '[')
            continue;
    member_key:
        skip_ws(&sc);
        if (sc.at >= len || sc.s[sc.at] != '"') {
            fail(&sc, sc.at >= len ? "unexpected end of text: '}' is missing"
                                   : "a member name in double quotes is expected");
            goto out;
        }
        if (!string(&sc))
            goto out;
        skip_ws(&sc);
        if (sc.at >= len || sc.s[sc.at] != ':') {
            fail(&sc, "':' is expected after a member name");
            goto out;
        }
        sc.at++;
    }
out:
    if (!ok) {
        *error_offset = sc.at > len ? len : sc.at;
        *reason = sc.reason;
    }
    return ok;
}

cJSON *json_strict_parse(const char *text, size_t len, size_t *error_offset, const char **reason)
{
    if (!json_strict_check(text, len, error_offset, reason))
        return NULL;
    size_t bom = json_strict_bom_length(text, len);
    cJSON *root = cJSON_ParseWithLength(text + bom, len - bom);
    if (!root) { // valid JSON that cJSON cannot hold (out of memory)
        *error_offset = 0;
        *reason = "the document cannot be read into memory";
    }
    return root;
}
