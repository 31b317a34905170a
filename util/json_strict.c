// A strict RFC 8259 validator: one pass over the bytes with an explicit stack of open containers.
#include "json_strict.h"

#include "name_slot.h"
#include "utf8.h"

#include <cjson/cJSON.h>

#include <stdlib.h>
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
    int value = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        value <<= 4;
        if (c >= '0' && c <= '9')
            value |= c - '0';
        else if (c >= 'a' && c <= 'f')
            value |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            value |= c - 'A' + 10;
        else
            return -1;
    }
    return value;
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
        int unit = hex4(sc->s + sc->at + 2);
        if (unit < 0)
            return fail(sc, "invalid \\u escape: four hex digits expected");
        if (unit >= 0xDC00 && unit <= 0xDFFF)
            return fail(sc, "invalid \\u escape: lone low surrogate");
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            // A high surrogate must be followed by a \u low surrogate.
            int low =
                sc->len - sc->at >= 12 && sc->s[sc->at + 6] == '\\' && sc->s[sc->at + 7] == 'u'
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
    scanner sc = {
        .s = (const unsigned char *)text, .len = len, .at = json_strict_bom_length(text, len)};
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
                      : c == '\''                      ? "single quotes are not JSON (use \")"
                      : c == 0                         ? "NUL byte (UTF-16 text? save it as UTF-8)"
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
            fail(&sc,
                 stack[depth - 1] == '[' ? "',' or ']' is expected" : "',' or '}' is expected");
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

// Duplicate member names. RFC 8259 leaves their meaning open and readers differ: cJSON (and so
// ddcheck) takes the first, Python and JavaScript the last, so a reviewer reading a checklist
// with those tools would see another rule than the one ddcheck runs. They are refused.

// The index of the first member of `object` whose name an earlier member has, or -1. Sorted,
// so that an object of a million members costs n log n, not n².
static long first_duplicate(const cJSON *object)
{
    size_t n = 0;
    for (const cJSON *m = object->child; m; m = m->next)
        n++;
    if (n < 2)
        return -1;
    name_slot *names = malloc(n * sizeof *names);
    if (!names)
        return -1;
    size_t i = 0;
    for (const cJSON *m = object->child; m; m = m->next, i++)
        names[i] = (name_slot){m->string ? m->string : "", i};
    qsort(names, n, sizeof *names, name_slot_compare);
    long first = -1;
    for (i = 1; i < n; i++)
        if (strcmp(names[i].name, names[i - 1].name) == 0 &&
            (first < 0 || names[i].index < (size_t)first) &&
            (i < 2 || strcmp(names[i - 2].name, names[i].name) != 0))
            first = (long)names[i].index; // the second of its group: the first repeat
    free(names);
    return first;
}

// Finds, in document order of the objects, a member that repeats an earlier name of its object:
// its path (the child index at each level, the member's own last) in path[0..*depth). The
// document is at most JSON_STRICT_MAX_DEPTH deep (json_strict_check saw to it).
static bool find_duplicate(const cJSON *root, size_t *path, size_t *depth)
{
    const cJSON *node[JSON_STRICT_MAX_DEPTH + 1];
    size_t level = 0;
    node[0] = root;
    path[0] = 0;
    for (;;) {
        const cJSON *at = node[level];
        if (at && (cJSON_IsObject(at) || cJSON_IsArray(at))) {
            if (cJSON_IsObject(at)) {
                long dup = first_duplicate(at);
                if (dup >= 0) {
                    path[level] = (size_t)dup;
                    *depth = level + 1;
                    return true;
                }
            }
            if (at->child && level < JSON_STRICT_MAX_DEPTH) { // go down to the first child
                node[level + 1] = at->child;
                path[level] = 0;
                level++;
                continue;
            }
        }
        // Next sibling, or up until there is one.
        while (level > 0 && !node[level]->next)
            level--;
        if (level == 0)
            return false;
        node[level] = node[level]->next;
        path[level - 1]++;
    }
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

// Past the string whose opening quote is at i (the text is valid JSON).
static size_t skip_string(const char *s, size_t len, size_t i)
{
    for (i++; i < len && s[i] != '"'; i++)
        if (s[i] == '\\')
            i++;
    return i + 1;
}

// Past the value at i (the text is valid JSON): brackets are counted, strings skipped.
static size_t skip_value(const char *s, size_t len, size_t i)
{
    size_t open = 0;
    do {
        if (s[i] == '"')
            i = skip_string(s, len, i);
        else if (s[i] == '[' || s[i] == '{')
            open++, i++;
        else if (s[i] == ']' || s[i] == '}')
            open--, i++;
        else if (open == 0) {
            while (i < len && !strchr(",]} \t\r\n", s[i]))
                i++;
        } else
            i++;
    } while (open > 0 && i < len);
    return i;
}

// The offset of the child at `path` (for an object member, its name's opening quote), from the
// value at `i`.
static size_t offset_of_path(const char *s, size_t len, size_t i, const size_t *path, size_t depth)
{
    for (size_t k = 0; k < depth; k++) {
        i = skip_space(s, len, i);
        bool object = s[i] == '{';
        i++;
        for (size_t m = 0; m < path[k]; m++) {
            i = skip_space(s, len, i);
            if (object)
                i = skip_space(s, len, skip_string(s, len, i)) + 1; // the name and ':'
            i = skip_space(s, len, skip_value(s, len, skip_space(s, len, i))) + 1; // and ','
        }
        i = skip_space(s, len, i);
        if (k + 1 < depth && object)
            i = skip_space(s, len, skip_string(s, len, i)) + 1;
    }
    return i;
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
        return NULL;
    }
    size_t path[JSON_STRICT_MAX_DEPTH + 1], depth;
    if (find_duplicate(root, path, &depth)) {
        cJSON_Delete(root);
        *error_offset = offset_of_path(text, len, bom, path, depth);
        *reason = "duplicate member name: an earlier member of this object has it (JSON readers "
                  "differ on which one counts)";
        return NULL;
    }
    return root;
}
