// Line/column for checklist diagnostics: cJSON keeps no positions, so we rescan the text.
#include "json_pos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_pos_of_offset(const char *text, size_t len, size_t at, long *line, long *column)
{
    long l = 1, c = 1;
    if (at > len)
        at = len;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *column = c;
}

typedef struct scan {
    const char *s;
    size_t len;
    size_t i;
} scan;

static void skip_ws(scan *sc)
{
    while (sc->i < sc->len && strchr(" \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
        sc->i++;
}

static void skip_string(scan *sc)
{
    sc->i++; // opening quote
    while (sc->i < sc->len && sc->s[sc->i] != '"') {
        if (sc->s[sc->i] == '\\')
            sc->i++;
        sc->i++;
    }
    if (sc->i < sc->len)
        sc->i++;
}

// Skips one value. Depth is bounded because only text cJSON accepted (nesting ≤ 1000) gets here;
// the explicit bound keeps that true even if a caller passes other text.
static void skip_value(scan *sc, int depth)
{
    skip_ws(sc);
    if (sc->i >= sc->len)
        return;
    char ch = sc->s[sc->i];
    if (ch == '"') {
        skip_string(sc);
    } else if ((ch == '{' || ch == '[') && depth < 2000) {
        char close = ch == '{' ? '}' : ']';
        sc->i++;
        for (;;) {
            skip_ws(sc);
            if (sc->i >= sc->len)
                return;
            if (sc->s[sc->i] == close) {
                sc->i++;
                return;
            }
            if (sc->s[sc->i] == ',' || sc->s[sc->i] == ':') {
                sc->i++;
                continue;
            }
            size_t before = sc->i;
            skip_value(sc, depth + 1);
            if (sc->i == before)
                sc->i++;
        }
    } else {
        while (sc->i < sc->len && !strchr(",]}: \t\r\n", sc->s[sc->i]))
            sc->i++;
    }
}

// Decodes the JSON string at sc->i into out (simple escapes; \u kept as bytes for ASCII only).
static void read_key(scan *sc, char *out, size_t size)
{
    size_t n = 0;
    sc->i++;
    while (sc->i < sc->len && sc->s[sc->i] != '"') {
        char ch = sc->s[sc->i++];
        if (ch == '\\' && sc->i < sc->len) {
            char e = sc->s[sc->i++];
            switch (e) {
            case 'n':
                ch = '\n';
                break;
            case 't':
                ch = '\t';
                break;
            case 'r':
                ch = '\r';
                break;
            case 'b':
                ch = '\b';
                break;
            case 'f':
                ch = '\f';
                break;
            case 'u':
                if (sc->i + 4 <= sc->len) {
                    char hex[5] = {0};
                    memcpy(hex, sc->s + sc->i, 4);
                    ch = (char)strtol(hex, NULL, 16);
                    sc->i += 4;
                }
                break;
            default:
                ch = e;
                break;
            }
        }
        if (n + 1 < size)
            out[n++] = ch;
    }
    out[n] = '\0';
    if (sc->i < sc->len)
        sc->i++;
}

// The next pointer token from *p (unescaped), or 0 when the pointer is exhausted.
static int next_token(const char **p, char *out, size_t size)
{
    if (**p != '/')
        return 0;
    (*p)++;
    size_t n = 0;
    while (**p && **p != '/') {
        char ch = **p;
        if (ch == '~' && ((*p)[1] == '0' || (*p)[1] == '1')) {
            ch = (*p)[1] == '0' ? '~' : '/';
            (*p)++;
        }
        if (n + 1 < size)
            out[n++] = ch;
        (*p)++;
    }
    out[n] = '\0';
    return 1;
}

size_t json_pos_of_pointer(const char *text, size_t len, const char *pointer)
{
    scan sc = {text, len, 0};
    char token[512], key[512];
    skip_ws(&sc);
    while (pointer && next_token(&pointer, token, sizeof token)) {
        skip_ws(&sc);
        size_t here = sc.i;
        if (sc.i >= len)
            return here;
        if (text[sc.i] == '{') {
            sc.i++;
            int found = 0;
            for (;;) {
                skip_ws(&sc);
                if (sc.i >= len || text[sc.i] != '"')
                    break;
                read_key(&sc, key, sizeof key);
                skip_ws(&sc);
                if (sc.i < len && text[sc.i] == ':')
                    sc.i++;
                skip_ws(&sc);
                if (strcmp(key, token) == 0) {
                    found = 1;
                    break;
                }
                skip_value(&sc, 0);
                skip_ws(&sc);
                if (sc.i < len && text[sc.i] == ',')
                    sc.i++;
            }
            if (!found)
                return here;
        } else if (text[sc.i] == '[') {
            char *end;
            long want = strtol(token, &end, 10);
            if (*end || want < 0)
                return here;
            sc.i++;
            for (long k = 0; k < want; k++) {
                skip_value(&sc, 0);
                skip_ws(&sc);
                if (sc.i < len && text[sc.i] == ',')
                    sc.i++;
                else
                    return here;
            }
            skip_ws(&sc);
            if (sc.i < len && text[sc.i] == ']')
                return here;
        } else {
            return here;
        }
    }
    skip_ws(&sc);
    return sc.i;
}

void json_pointer_append(char *buf, size_t size, const char *token)
{
    size_t n = strlen(buf);
    if (n + 1 < size)
        buf[n++] = '/';
    for (; *token && n + 1 < size; token++) {
        if (*token == '~' || *token == '/') {
            if (n + 2 >= size)
                break;
            buf[n++] = '~';
            buf[n++] = *token == '~' ? '0' : '1';
        } else {
            buf[n++] = *token;
        }
    }
    buf[n] = '\0';
}

void json_pointer_append_index(char *buf, size_t size, size_t index)
{
    char num[32];
    snprintf(num, sizeof num, "%zu", index);
    json_pointer_append(buf, size, num);
}
