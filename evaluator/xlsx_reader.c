// XLSX submissions: libzip opens the container and expat streams each XML part (both loaded when a
// workbook is read: util/dynlib.h, so that a CSV run maps neither). The workbook, its
// relationships and the styles are small and read whole into tables; the shared strings are kept
// (they are what memory grows with); the worksheet is streamed one row at a time into the same
// csv_record the CSV reader gives.
#define _GNU_SOURCE
#include "xlsx_reader.h"

#include "util/dynlib.h"
#include "util/xalloc.h"

#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

// Parts read whole into memory (workbook, relationships, styles) may be at most this large once
// uncompressed; the shared strings at most XLSX_MAX_STRINGS bytes of text; a worksheet is
// streamed and may be at most XLSX_MAX_SHEET bytes of XML (about 30 million rows of 40 cells):
// past a limit the file is refused with a message naming the part and the limit.
#define XLSX_MAX_SMALL_PART ((zip_uint64_t)64 << 20)
#define XLSX_MAX_STRINGS ((size_t)512 << 20)
#define XLSX_MAX_SHEET ((zip_uint64_t)16 << 30)
// A ZIP entry whose data expands by more than this factor is refused as a zip bomb (deflate's own
// limit is about 1032; XML that Excel writes stays under 100).
#define XLSX_MAX_RATIO 1000
// Formula warnings given per file before the rest are only counted.
#define XLSX_MAX_WARNINGS 100

// The functions of libzip this file calls, each once.
#define LIBZIP_FUNCTIONS(X)                                                                        \
    X(zip_error_init)                                                                              \
    X(zip_error_fini)                                                                              \
    X(zip_error_strerror)                                                                          \
    X(zip_source_filep_create)                                                                     \
    X(zip_source_free)                                                                             \
    X(zip_open_from_source)                                                                        \
    X(zip_discard)                                                                                 \
    X(zip_strerror)                                                                                \
    X(zip_name_locate)                                                                             \
    X(zip_stat_index)                                                                              \
    X(zip_fopen_index)                                                                             \
    X(zip_fread)                                                                                   \
    X(zip_file_strerror)                                                                           \
    X(zip_fclose)

typedef struct libzip_api {
    LIBZIP_FUNCTIONS(DYNLIB_FUNCTION)
} libzip_api;

#define LIBZIP_SYMBOL(name) DYNLIB_SYMBOL(libzip_api, name)
static const dynlib_symbol LIBZIP_SYMBOLS[] = {LIBZIP_FUNCTIONS(LIBZIP_SYMBOL)};
// The library's state in the process, written once by dynlib_load (under its lock), then read.
static libzip_api dynlib_libzip_table;
// LIBZIP_SONAME and LIBZIP_PACKAGE come from the build (cmake/loaded.cmake): the library the
// header belongs to, and the package that installs it.
static dynlib dynlib_libzip = DYNLIB_INIT(LIBZIP_SONAME, "DDCHECK_LIBZIP", LIBZIP_PACKAGE,
                                          LIBZIP_SYMBOLS, &dynlib_libzip_table);

// The functions of expat this file calls, each once.
#define EXPAT_FUNCTIONS(X)                                                                         \
    X(XML_ParserCreate)                                                                            \
    X(XML_ParserFree)                                                                              \
    X(XML_SetUserData)                                                                             \
    X(XML_SetStartDoctypeDeclHandler)                                                              \
    X(XML_SetStartElementHandler)                                                                  \
    X(XML_SetElementHandler)                                                                       \
    X(XML_SetCharacterDataHandler)                                                                 \
    X(XML_Parse)                                                                                   \
    X(XML_StopParser)                                                                              \
    X(XML_GetErrorCode)                                                                            \
    X(XML_ErrorString)                                                                             \
    X(XML_GetCurrentLineNumber)                                                                    \
    X(XML_GetCurrentColumnNumber)

typedef struct expat_api {
    EXPAT_FUNCTIONS(DYNLIB_FUNCTION)
} expat_api;

#define EXPAT_SYMBOL(name) DYNLIB_SYMBOL(expat_api, name)
static const dynlib_symbol EXPAT_SYMBOLS[] = {EXPAT_FUNCTIONS(EXPAT_SYMBOL)};
// As libzip's: written once by dynlib_load, then read; EXPAT_SONAME and EXPAT_PACKAGE likewise.
static expat_api dynlib_expat_table;
static dynlib dynlib_expat = DYNLIB_INIT(EXPAT_SONAME, "DDCHECK_LIBEXPAT", EXPAT_PACKAGE,
                                         EXPAT_SYMBOLS, &dynlib_expat_table);

bool xlsx_looks_like_zip(const unsigned char *head, size_t len)
{
    return len >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
}

// --- growing byte buffers ------------------------------------------------------------------

typedef struct bytes {
    char *ptr;
    size_t len;
    size_t cap;
} bytes;

static void bytes_add(bytes *b, const char *s, size_t len)
{
    xgrow((void **)&b->ptr, &b->cap, b->len + len + 1, 1);
    memcpy(b->ptr + b->len, s, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}

static void bytes_addc(bytes *b, char c)
{
    bytes_add(b, &c, 1);
}

// --- reading state ---------------------------------------------------------------------------

typedef struct sheet_ref {
    char *name;
    char *rel_id;
} sheet_ref;

typedef struct xlsx {
    const char *file;
    const xlsx_options *opts;
    diag_list *diags;
    const libzip_api *z;
    const expat_api *e;
    zip_t *zip;
    bool failed;
    // workbook.xml
    sheet_ref *sheets;
    size_t sheet_count;
    bool date1904;
    // the target part of the chosen sheet (from the workbook's relationships)
    char *sheet_part;
    const char *sheet_name;
    // styles: per cell format (xf) index, whether it shows a percentage or a date
    unsigned char *xf_kind;
    size_t xf_count;
    // shared strings: offsets into one block of text
    bytes strings;
    size_t *string_at;
    size_t string_count;
    size_t string_cap;
    size_t warnings;
    // While the sheet is read: the last row handed on (0 = none), for the message of a fatal
    // problem in the sheet.
    bool in_sheet;
    long last_row;
} xlsx;

enum { XF_NUMBER, XF_PERCENT, XF_DATE, XF_DATETIME };

static void fatal(xlsx *x, const char *part, long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void fatal(xlsx *x, const char *part, long line, long column, const char *fmt, ...)
{
    char message[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    char after[200] = "";
    if (x->in_sheet && x->last_row > 0)
        snprintf(after, sizeof after,
                 "; the rows up to row %ld were read, the rest of the sheet "
                 "cannot be",
                 x->last_row);
    else if (x->in_sheet)
        snprintf(after, sizeof after, "; no row of the sheet could be read");
    if (part)
        diag_add(x->diags, DIAG_ERROR, x->file, 0, 0, NULL, "%s (in %s at line %ld, column %ld)%s",
                 message, part, line, column, after);
    else
        diag_add(x->diags, DIAG_ERROR, x->file, 0, 0, NULL, "%s%s", message, after);
    x->failed = true;
}

// The local name of an XML element or attribute: what follows its namespace prefix.
static const char *local(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

// A part of the workbook, parsed with expat. The handlers get `ud` as user data; `stopped` is set
// when a handler stopped the parser on purpose (not an error).
typedef struct part_parse {
    xlsx *x;
    void *state; // what the handlers of this part build
    XML_Parser parser;
    bool stopped;
    bool refused; // a DTD or another construct no workbook part has
} part_parse;

static void XMLCALL refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                   const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    part_parse *pp = ud;
    pp->refused = true;
    pp->x->e->XML_StopParser(pp->parser, XML_FALSE);
}

// Streams the entry `part` through a parser whose handlers were set by the caller. `limit` caps
// the uncompressed bytes read. A missing part is not an error when `optional`: returns false
// without a diagnostic and sets *missing.
static bool parse_part(xlsx *x, const char *part, zip_uint64_t limit, part_parse *pp, bool optional,
                       bool *missing)
{
    if (missing)
        *missing = false;
    zip_int64_t index = x->z->zip_name_locate(x->zip, part, ZIP_FL_NOCASE);
    if (index < 0) {
        if (optional) {
            if (missing)
                *missing = true;
            return false;
        }
        fatal(x, NULL, 0, 0, "not an Excel workbook: the part %s is missing", part);
        return false;
    }
    zip_stat_t st;
    if (x->z->zip_stat_index(x->zip, (zip_uint64_t)index, 0, &st) == 0 &&
        (st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE)) {
        if (st.size > limit) {
            fatal(x, NULL, 0, 0,
                  "the part %s is %llu bytes uncompressed, more than the limit of %llu", part,
                  (unsigned long long)st.size, (unsigned long long)limit);
            return false;
        }
        if (st.size > ((zip_uint64_t)1 << 20) && st.size / (st.comp_size + 1) > XLSX_MAX_RATIO) {
            fatal(x, NULL, 0, 0,
                  "the part %s expands %llu times (%llu bytes to %llu): refused as a zip bomb",
                  part, (unsigned long long)(st.size / (st.comp_size + 1)),
                  (unsigned long long)st.comp_size, (unsigned long long)st.size);
            return false;
        }
    }
    zip_file_t *zf = x->z->zip_fopen_index(x->zip, (zip_uint64_t)index, 0);
    if (!zf) {
        fatal(x, NULL, 0, 0, "cannot read the part %s: %s", part, x->z->zip_strerror(x->zip));
        return false;
    }
    x->e->XML_SetStartDoctypeDeclHandler(pp->parser, refuse_doctype);
    char buf[1 << 16];
    zip_uint64_t total = 0;
    bool ok = true;
    for (;;) {
        zip_int64_t n = x->z->zip_fread(zf, buf, sizeof buf);
        if (n < 0) {
            fatal(x, NULL, 0, 0, "cannot read the part %s (damaged ZIP): %s", part,
                  x->z->zip_file_strerror(zf));
            ok = false;
            break;
        }
        total += (zip_uint64_t)n;
        if (total > limit) {
            fatal(x, NULL, 0, 0, "the part %s is more than the limit of %llu bytes uncompressed",
                  part, (unsigned long long)limit);
            ok = false;
            break;
        }
        if (x->e->XML_Parse(pp->parser, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (pp->stopped)
                break;
            if (!x->failed) {
                const char *why = pp->refused
                                      ? "a document type declaration (DTD), which no "
                                        "workbook part has"
                                      : x->e->XML_ErrorString(x->e->XML_GetErrorCode(pp->parser));
                fatal(x, part, (long)x->e->XML_GetCurrentLineNumber(pp->parser),
                      (long)x->e->XML_GetCurrentColumnNumber(pp->parser) + 1,
                      "the workbook is damaged: malformed XML, %s", why);
            }
            ok = false;
            break;
        }
        if (n == 0 || x->failed)
            break;
    }
    x->z->zip_fclose(zf);
    return ok && !x->failed;
}

static XML_Parser new_parser(part_parse *pp, xlsx *x, void *state)
{
    *pp = (part_parse){.x = x, .state = state};
    pp->parser = x->e->XML_ParserCreate("UTF-8");
    if (!pp->parser) {
        fputs("ddcheck: out of memory\n", stderr);
        abort();
    }
    x->e->XML_SetUserData(pp->parser, pp);
    return pp->parser;
}

// --- workbook.xml and its relationships ----------------------------------------------------

static void XMLCALL workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    part_parse *pp = ud;
    xlsx *x = pp->x;
    const char *el = local(name);
    if (strcmp(el, "sheet") == 0) {
        const char *sheet = attr(atts, "name");
        const char *rel = attr(atts, "id");
        if (!sheet || !rel)
            return;
        x->sheets = xrealloc(x->sheets, (x->sheet_count + 1) * sizeof *x->sheets);
        x->sheets[x->sheet_count++] = (sheet_ref){xstrdup(sheet), xstrdup(rel)};
    } else if (strcmp(el, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    }
}

typedef struct rel_find {
    const char *id;
    char *target;
} rel_find;

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    part_parse *pp = ud;
    rel_find *want = pp->state;
    if (strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id");
    const char *target = attr(atts, "Target");
    if (id && target && !want->target && strcmp(id, want->id) == 0)
        want->target = xstrdup(target);
}

// The part a relationship of `rels_part` points at, resolved against `base` (the folder of the
// part the relationships belong to, with its trailing slash).
static char *find_target(xlsx *x, const char *rels_part, const char *base, const char *id)
{
    rel_find want = {.id = id};
    part_parse pp;
    XML_Parser p = new_parser(&pp, x, &want);
    x->e->XML_SetStartElementHandler(p, rels_start);
    parse_part(x, rels_part, XLSX_MAX_SMALL_PART, &pp, false, NULL);
    x->e->XML_ParserFree(p);
    if (!want.target)
        return NULL;
    bytes path = {0};
    const char *t = want.target;
    if (t[0] == '/')
        t++;
    else
        bytes_add(&path, base, strlen(base));
    // Resolve "../" steps, which some writers use.
    while (strncmp(t, "../", 3) == 0) {
        t += 3;
        if (path.len > 0) {
            path.len--;
            while (path.len > 0 && path.ptr[path.len - 1] != '/')
                path.len--;
            path.ptr[path.len] = '\0';
        }
    }
    bytes_add(&path, t, strlen(t));
    free(want.target);
    return path.ptr;
}

static bool read_workbook(xlsx *x)
{
    part_parse pp;
    XML_Parser p = new_parser(&pp, x, NULL);
    x->e->XML_SetStartElementHandler(p, workbook_start);
    bool ok = parse_part(x, "xl/workbook.xml", XLSX_MAX_SMALL_PART, &pp, false, NULL);
    x->e->XML_ParserFree(p);
    if (!ok)
        return false;
    if (x->sheet_count == 0) {
        fatal(x, NULL, 0, 0, "the workbook has no worksheet");
        return false;
    }
    const sheet_ref *chosen = &x->sheets[0];
    if (x->opts->sheet) {
        chosen = NULL;
        for (size_t i = 0; i < x->sheet_count && !chosen; i++)
            if (strcmp(x->sheets[i].name, x->opts->sheet) == 0)
                chosen = &x->sheets[i];
        if (!chosen) {
            bytes names = {0};
            for (size_t i = 0; i < x->sheet_count; i++) {
                if (i)
                    bytes_add(&names, ", ", 2);
                bytes_addc(&names, '"');
                bytes_add(&names, x->sheets[i].name, strlen(x->sheets[i].name));
                bytes_addc(&names, '"');
            }
            fatal(x, NULL, 0, 0, "no sheet named \"%s\" in the workbook; its sheets are %s",
                  x->opts->sheet, names.ptr);
            free(names.ptr);
            return false;
        }
    }
    x->sheet_name = chosen->name;
    x->sheet_part = find_target(x, "xl/_rels/workbook.xml.rels", "xl/", chosen->rel_id);
    if (!x->sheet_part && !x->failed)
        fatal(x, NULL, 0, 0, "the sheet \"%s\" has no part in the workbook's relationships",
              chosen->name);
    return x->sheet_part != NULL;
}

// --- styles.xml: which cell formats show a percentage or a date -----------------------------

// Whether a number format code shows a date (it has a year or day outside quotes, brackets and
// escapes), a date with a time of day (and an hour or second), or a percentage.
static unsigned char format_kind(const char *code)
{
    bool date = false, time = false, percent = false;
    for (const char *s = code; *s; s++) {
        if (*s == '"') {
            while (s[1] && s[1] != '"')
                s++;
            if (s[1])
                s++;
        } else if (*s == '\\' || *s == '_' || *s == '*') {
            if (s[1])
                s++;
        } else if (*s == '[') {
            while (s[1] && s[1] != ']')
                s++;
        } else if (*s == '%') {
            percent = true;
        } else if (*s == 'y' || *s == 'Y' || *s == 'd' || *s == 'D') {
            date = true;
        } else if (*s == 'h' || *s == 'H' || *s == 's' || *s == 'S') {
            time = true;
        } else if (*s == ';') {
            break; // the first section is the one for positive numbers
        }
    }
    return date ? (time ? XF_DATETIME : XF_DATE) : percent ? XF_PERCENT : XF_NUMBER;
}

// Excel's built-in number formats (ECMA-376 Part 1, 18.8.30): 9 and 10 are percentages; 14-17,
// 27-36 and 50-58 show dates, 22 a date and a time; 18-21 and 45-47 show times only (kept as
// numbers).
static unsigned char builtin_kind(long id)
{
    if (id == 9 || id == 10)
        return XF_PERCENT;
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
        return XF_DATE;
    if (id == 22)
        return XF_DATETIME;
    return XF_NUMBER;
}

typedef struct styles_parse {
    long *custom_id;
    unsigned char *custom_kind;
    size_t custom_count;
    long *xf_format;
    size_t xf_count;
    int in_cell_xfs;
} styles_parse;

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    part_parse *pp = ud;
    styles_parse *sp = pp->state;
    const char *el = local(name);
    if (strcmp(el, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code)
            return;
        size_t n = sp->custom_count + 1;
        sp->custom_id = xrealloc(sp->custom_id, n * sizeof *sp->custom_id);
        sp->custom_kind = xrealloc(sp->custom_kind, n);
        sp->custom_id[sp->custom_count] = strtol(id, NULL, 10);
        sp->custom_kind[sp->custom_count] = format_kind(code);
        sp->custom_count = n;
    } else if (strcmp(el, "cellXfs") == 0) {
        sp->in_cell_xfs++;
    } else if (strcmp(el, "xf") == 0 && sp->in_cell_xfs) {
        const char *id = attr(atts, "numFmtId");
        size_t n = sp->xf_count + 1;
        sp->xf_format = xrealloc(sp->xf_format, n * sizeof *sp->xf_format);
        sp->xf_format[sp->xf_count] = id ? strtol(id, NULL, 10) : 0;
        sp->xf_count = n;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    part_parse *pp = ud;
    styles_parse *sp = pp->state;
    if (strcmp(local(name), "cellXfs") == 0 && sp->in_cell_xfs)
        sp->in_cell_xfs--;
}

static bool read_styles(xlsx *x)
{
    styles_parse sp = {0};
    part_parse pp;
    XML_Parser p = new_parser(&pp, x, &sp);
    x->e->XML_SetElementHandler(p, styles_start, styles_end);
    bool missing;
    bool ok = parse_part(x, "xl/styles.xml", XLSX_MAX_SMALL_PART, &pp, true, &missing);
    x->e->XML_ParserFree(p);
    if (ok) {
        x->xf_kind = xmalloc(sp.xf_count ? sp.xf_count : 1);
        x->xf_count = sp.xf_count;
        for (size_t i = 0; i < sp.xf_count; i++) {
            long id = sp.xf_format[i];
            unsigned char kind = builtin_kind(id);
            for (size_t j = 0; j < sp.custom_count; j++)
                if (sp.custom_id[j] == id)
                    kind = sp.custom_kind[j];
            x->xf_kind[i] = kind;
        }
    }
    free(sp.custom_id);
    free(sp.custom_kind);
    free(sp.xf_format);
    return ok || (missing && !x->failed);
}

// --- text of string items: runs joined, phonetic runs skipped, _xHHHH_ decoded ----------------

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static size_t utf8_put(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

// Decodes OOXML's _xHHHH_ escapes (ECMA-376 Part 1, 22.9.2.19) of text[from..len) in place; a
// surrogate code unit is left as written, since it cannot stand alone in UTF-8.
static size_t decode_escapes(char *text, size_t from, size_t len)
{
    size_t out = from;
    for (size_t i = from; i < len;) {
        if (text[i] == '_' && i + 6 < len && text[i + 1] == 'x' && text[i + 6] == '_') {
            int d[4] = {hex_digit(text[i + 2]), hex_digit(text[i + 3]), hex_digit(text[i + 4]),
                        hex_digit(text[i + 5])};
            if (d[0] >= 0 && d[1] >= 0 && d[2] >= 0 && d[3] >= 0) {
                unsigned cp = (unsigned)(d[0] << 12 | d[1] << 8 | d[2] << 4 | d[3]);
                if (cp < 0xD800 || cp > 0xDFFF) {
                    out += utf8_put(text + out, cp);
                    i += 7;
                    continue;
                }
            }
        }
        text[out++] = text[i++];
    }
    return out;
}

// --- sharedStrings.xml -----------------------------------------------------------------------

typedef struct strings_parse {
    int in_si;
    int in_t;
    int in_rph;
    size_t start; // where the current item's text starts in x->strings
} strings_parse;

static void XMLCALL strings_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    part_parse *pp = ud;
    strings_parse *sp = pp->state;
    const char *el = local(name);
    if (strcmp(el, "si") == 0) {
        sp->in_si = 1;
        sp->start = pp->x->strings.len;
    } else if (strcmp(el, "rPh") == 0) {
        sp->in_rph++;
    } else if (strcmp(el, "t") == 0 && sp->in_si && !sp->in_rph) {
        sp->in_t = 1;
    }
}

static void XMLCALL strings_end(void *ud, const XML_Char *name)
{
    part_parse *pp = ud;
    xlsx *x = pp->x;
    strings_parse *sp = pp->state;
    const char *el = local(name);
    if (strcmp(el, "t") == 0) {
        sp->in_t = 0;
    } else if (strcmp(el, "rPh") == 0) {
        sp->in_rph--;
    } else if (strcmp(el, "si") == 0 && sp->in_si) {
        sp->in_si = 0;
        bytes_addc(&x->strings, '\0'); // each item NUL-terminated (and the block allocated)
        x->strings.len = decode_escapes(x->strings.ptr, sp->start, x->strings.len - 1);
        bytes_addc(&x->strings, '\0');
        xgrow((void **)&x->string_at, &x->string_cap, x->string_count + 1, sizeof(size_t));
        x->string_at[x->string_count++] = sp->start;
        if (x->strings.len > XLSX_MAX_STRINGS) {
            fatal(x, NULL, 0, 0, "the shared strings hold more than %zu bytes of text",
                  XLSX_MAX_STRINGS);
            pp->stopped = false;
            x->e->XML_StopParser(pp->parser, XML_FALSE);
        }
    }
}

static void XMLCALL strings_text(void *ud, const XML_Char *s, int len)
{
    part_parse *pp = ud;
    strings_parse *sp = pp->state;
    if (sp->in_t)
        bytes_add(&pp->x->strings, s, (size_t)len);
}

static bool read_strings(xlsx *x)
{
    strings_parse sp = {0};
    part_parse pp;
    XML_Parser p = new_parser(&pp, x, &sp);
    x->e->XML_SetElementHandler(p, strings_start, strings_end);
    x->e->XML_SetCharacterDataHandler(p, strings_text);
    bool missing;
    bool ok = parse_part(x, "xl/sharedStrings.xml", XLSX_MAX_SMALL_PART * 16, &pp, true, &missing);
    x->e->XML_ParserFree(p);
    return ok || (missing && !x->failed);
}

// --- cell values as text ----------------------------------------------------------------------

// A number as stored in <v> ("45000", "0.125", "-1.5E-3") written in plain decimal notation with
// its decimal point moved `shift` places right (2 for a percentage), exactly: no binary rounding.
// Returns false when v is not such a number.
static bool plain_decimal(const char *v, int shift, bytes *out)
{
    const char *s = v;
    bool negative = false;
    if (*s == '-' || *s == '+')
        negative = *s++ == '-';
    char digits[64];
    size_t nd = 0;
    long point = 0; // digits before the decimal point
    bool seen_point = false, any = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            any = true;
            if (nd == 0 && *s == '0') { // leading zeros carry no digit
                if (seen_point)
                    point--;
                continue;
            }
            if (nd >= sizeof digits)
                return false;
            digits[nd++] = *s;
            if (!seen_point)
                point++;
        } else if (*s == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (!any)
        return false;
    if (*s == 'E' || *s == 'e') {
        char *end;
        long e = strtol(s + 1, &end, 10);
        if (end == s + 1 || *end || e > 400 || e < -400)
            return false;
        point += e;
        s = end;
    }
    if (*s)
        return false;
    while (nd > 0 && digits[nd - 1] == '0')
        nd--; // trailing zeros after the point say nothing
    point += shift;
    if (nd == 0) {
        bytes_addc(out, '0');
        return true;
    }
    if (negative)
        bytes_addc(out, '-');
    if (point <= 0) {
        bytes_add(out, "0.", 2);
        for (long i = point; i < 0; i++)
            bytes_addc(out, '0');
        bytes_add(out, digits, nd);
    } else if ((size_t)point >= nd) {
        bytes_add(out, digits, nd);
        for (size_t i = nd; i < (size_t)point; i++)
            bytes_addc(out, '0');
    } else {
        bytes_add(out, digits, (size_t)point);
        bytes_addc(out, '.');
        bytes_add(out, digits + point, nd - (size_t)point);
    }
    return true;
}

// Days since 1970-01-01 to a civil date (proleptic Gregorian).
static void civil_from_days(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

// A date serial as Excel shows it: YYYY-MM-DD (the calendar day, for a format without a time),
// with " HH:MM:SS" when `with_time` and it has a time of day.
// Serials before the first day of the system, the 1900 system's 29 February 1900 (a day that
// never was, kept by Excel for Lotus 1-2-3) and serials past 9999-12-31 stay numbers.
static bool date_text(const char *v, bool date1904, bool with_time, bytes *out)
{
    char *end;
    double serial = strtod(v, &end);
    if (end == v || *end || !(serial >= 1 && serial < 2958466))
        return false;
    long days = (long)serial;
    long seconds = with_time ? (long)((serial - (double)days) * 86400.0 + 0.5) : 0;
    if (seconds >= 86400) {
        days++;
        seconds -= 86400;
    }
    if (date1904) {
        days += -24107; // 1904-01-01 is serial 0
    } else {
        if (days == 60)
            return false;
        if (days > 60)
            days--;
        days += -25568; // 1899-12-31 is serial 0
    }
    long y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    char buf[40];
    int n = seconds ? snprintf(buf, sizeof buf, "%04ld-%02d-%02d %02ld:%02ld:%02ld", y, m, d,
                               seconds / 3600, seconds / 60 % 60, seconds % 60)
                    : snprintf(buf, sizeof buf, "%04ld-%02d-%02d", y, m, d);
    bytes_add(out, buf, (size_t)n);
    return true;
}

// --- the worksheet, one row at a time ----------------------------------------------------------

typedef struct row_cell {
    long column;
    size_t off;
    size_t len;
} row_cell;

typedef struct sheet_parse {
    csv_record_fn fn;
    void *ctx;
    size_t max_cell;
    size_t max_columns;
    size_t records;      // delivered so far
    size_t header_count; // cells of the header: shorter rows are filled up to it
    long row;            // the current row's number
    long last_row;
    bool in_row;
    // the current cell
    bool in_cell;
    long column;
    long last_column;
    char type[12];
    long style;
    bool has_formula;
    bool has_value;
    int in_v;
    int in_is;
    int in_t;
    int in_rph;
    bytes value;
    // the current row
    bytes text;
    row_cell *cells;
    size_t cell_count;
    size_t cell_cap;
    bool row_has_text;
    const char *error;
    size_t error_column;
    char error_buf[160];
    // the record handed on
    csv_cell *out;
    size_t out_cap;
} sheet_parse;

// A cell reference's column ("BC12" → 55); 0 when it has none.
static long ref_column(const char *ref)
{
    long c = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
        c = c * 26 + (*ref - 'A' + 1);
        if (c > 1L << 20)
            return 0;
    }
    return c;
}

static void row_error(sheet_parse *sp, size_t column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void row_error(sheet_parse *sp, size_t column, const char *fmt, ...)
{
    if (sp->error)
        return; // one problem per record, as for CSV
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sp->error_buf, sizeof sp->error_buf, fmt, ap);
    va_end(ap);
    sp->error = sp->error_buf;
    sp->error_column = column;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    part_parse *pp = ud;
    sheet_parse *sp = pp->state;
    const char *el = local(name);
    if (strcmp(el, "row") == 0) {
        const char *r = attr(atts, "r");
        long n = r ? strtol(r, NULL, 10) : 0;
        // A row without a number (or a number not past the last) follows the last; after a
        // number as large as a long (strtol's cap for a longer one) the rows stay at that number.
        long next = sp->last_row < LONG_MAX ? sp->last_row + 1 : LONG_MAX;
        sp->row = n > sp->last_row ? n : next;
        sp->in_row = true;
        sp->text.len = 0;
        sp->cell_count = 0;
        sp->row_has_text = false;
        sp->error = NULL;
        sp->error_column = 0;
        sp->last_column = 0;
    } else if (strcmp(el, "c") == 0 && sp->in_row) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        long c = r ? ref_column(r) : 0;
        sp->column = c > 0 ? c : sp->last_column + 1;
        snprintf(sp->type, sizeof sp->type, "%s", t ? t : "n");
        sp->style = s ? strtol(s, NULL, 10) : -1;
        sp->in_cell = true;
        sp->has_formula = sp->has_value = false;
        sp->value.len = 0;
        if (sp->value.ptr)
            sp->value.ptr[0] = '\0';
    } else if (sp->in_cell) {
        if (strcmp(el, "v") == 0) {
            sp->in_v++;
            sp->has_value = true;
        } else if (strcmp(el, "f") == 0) {
            sp->has_formula = true;
        } else if (strcmp(el, "is") == 0) {
            sp->in_is++;
            sp->has_value = true;
        } else if (strcmp(el, "rPh") == 0) {
            sp->in_rph++;
        } else if (strcmp(el, "t") == 0 && sp->in_is && !sp->in_rph) {
            sp->in_t++;
        }
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    part_parse *pp = ud;
    sheet_parse *sp = pp->state;
    if (sp->in_v || sp->in_t) {
        // Past the cell limit (and a byte to tell it was passed) nothing more is kept.
        size_t room = sp->max_cell + 1 > sp->value.len ? sp->max_cell + 1 - sp->value.len : 0;
        bytes_add(&sp->value, s, (size_t)len < room ? (size_t)len : room);
    }
}

// The text of the cell just closed, as Excel shows it (see xlsx_read), into sp->text.
static void cell_text(xlsx *x, sheet_parse *sp, size_t *len)
{
    size_t start = sp->text.len;
    const char *v = sp->value.ptr ? sp->value.ptr : "";
    const char *t = sp->type;
    // A formula whose value was not saved: no <v>, or an empty one where the result is not a
    // string (openpyxl writes <v></v>; an empty text result is t="str" with <v></v>).
    if (sp->has_formula && (!sp->has_value || (sp->value.len == 0 && strcmp(t, "str") != 0))) {
        if (x->warnings++ < XLSX_MAX_WARNINGS)
            diag_add(x->diags, DIAG_WARNING, x->file, sp->row, sp->column, NULL,
                     "a formula without a saved value (the workbook was saved without "
                     "calculating it): read as an empty cell; open and save it in Excel or "
                     "LibreOffice");
    } else if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long i = strtoul(v, &end, 10);
        if (end == v || *end || i >= x->string_count)
            row_error(sp, (size_t)sp->column,
                      "cell %ld refers to shared string \"%.20s\", which "
                      "the workbook does not have",
                      sp->column, v);
        else
            bytes_add(&sp->text, x->strings.ptr + x->string_at[i],
                      strlen(x->strings.ptr + x->string_at[i]));
    } else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
        size_t at = sp->text.len;
        bytes_add(&sp->text, v, sp->value.len);
        sp->text.len = decode_escapes(sp->text.ptr, at, sp->text.len);
    } else if (strcmp(t, "b") == 0) {
        const char *b = strcmp(v, "1") == 0 ? "TRUE" : strcmp(v, "0") == 0 ? "FALSE" : v;
        bytes_add(&sp->text, b, strlen(b));
    } else if (strcmp(t, "d") == 0) {
        // ISO 8601 text: the calendar day alone when it has no time of day.
        size_t n = sp->value.len;
        if (n > 10 && v[10] == 'T' &&
            (strncmp(v + 10, "T00:00:00", n - 10) == 0 || strncmp(v + 10, "T00:00", n - 10) == 0))
            n = 10;
        size_t at = sp->text.len;
        bytes_add(&sp->text, v, n);
        if (n > 10 && sp->text.ptr[at + 10] == 'T')
            sp->text.ptr[at + 10] = ' ';
    } else if (strcmp(t, "e") == 0) {
        bytes_add(&sp->text, v, sp->value.len);
    } else if (sp->value.len > 0) { // a number
        unsigned char kind =
            sp->style >= 0 && (size_t)sp->style < x->xf_count ? x->xf_kind[sp->style] : XF_NUMBER;
        bool done = false;
        if (kind == XF_DATE || kind == XF_DATETIME)
            done = date_text(v, x->date1904, kind == XF_DATETIME, &sp->text);
        else if (kind == XF_PERCENT && (done = plain_decimal(v, 2, &sp->text)))
            bytes_addc(&sp->text, '%');
        if (!done && !plain_decimal(v, 0, &sp->text))
            bytes_add(&sp->text, v, sp->value.len); // not a number: shown as it is, typed later
    }
    *len = sp->text.len - start;
}

static bool deliver_row(xlsx *x, sheet_parse *sp)
{
    size_t count = 0;
    for (size_t i = 0; i < sp->cell_count; i++)
        if ((size_t)sp->cells[i].column > count)
            count = (size_t)sp->cells[i].column;
    // Excel does not store a row's empty cells after its last one: they are there, empty.
    if (sp->records > 0 && count < sp->header_count)
        count = sp->header_count;
    if (count > sp->max_columns) {
        row_error(sp, 0, "%zu cells, more than the limit of %zu (the extra cells were dropped)",
                  count, sp->max_columns);
        count = sp->max_columns;
    }
    xgrow((void **)&sp->out, &sp->out_cap, count ? count : 1, sizeof *sp->out);
    for (size_t i = 0; i < count; i++)
        sp->out[i] = (csv_cell){"", 0, sp->row};
    bytes_addc(&sp->text, '\0'); // so that the buffer exists even for a row of empty cells
    for (size_t i = 0; i < sp->cell_count; i++) {
        const row_cell *c = &sp->cells[i];
        if ((size_t)c->column <= count) {
            sp->text.ptr[c->off + c->len] = '\0';
            sp->out[c->column - 1] = (csv_cell){sp->text.ptr + c->off, c->len, sp->row};
        }
    }
    if (sp->records == 0)
        sp->header_count = count;
    x->last_row = sp->row;
    csv_record record = {
        .cells = sp->out,
        .count = count,
        .index = sp->records++,
        .line = sp->row,
        .end_line = sp->row,
        .error = sp->error,
        .error_column = sp->error_column,
    };
    return sp->fn(sp->ctx, &record);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    part_parse *pp = ud;
    xlsx *x = pp->x;
    sheet_parse *sp = pp->state;
    const char *el = local(name);
    if (strcmp(el, "c") == 0 && sp->in_cell) {
        sp->in_cell = false;
        sp->last_column = sp->column;
        size_t len;
        size_t off = sp->text.len;
        cell_text(x, sp, &len);
        if (len > sp->max_cell) {
            row_error(sp, (size_t)sp->column,
                      "cell %ld is longer than the %zu-byte limit (the rest was dropped)",
                      sp->column, sp->max_cell);
            len = sp->max_cell;
            sp->text.len = off + len;
        }
        bytes_addc(&sp->text, '\0'); // room for the NUL each cell gets in deliver_row
        sp->text.len--;
        if (len == 0)
            return;
        sp->row_has_text = true;
        xgrow((void **)&sp->cells, &sp->cell_cap, sp->cell_count + 1, sizeof *sp->cells);
        sp->cells[sp->cell_count++] = (row_cell){sp->column, off, len};
        // Keep one byte between cells for the terminating NUL.
        bytes_addc(&sp->text, '\0');
    } else if (strcmp(el, "row") == 0 && sp->in_row) {
        sp->in_row = false;
        sp->last_row = sp->row;
        if (sp->row_has_text || sp->error) {
            if (!deliver_row(x, sp)) {
                pp->stopped = true;
                x->e->XML_StopParser(pp->parser, XML_FALSE);
            }
        }
    } else if (strcmp(el, "v") == 0 && sp->in_v) {
        sp->in_v--;
    } else if (strcmp(el, "is") == 0 && sp->in_is) {
        sp->in_is--;
    } else if (strcmp(el, "rPh") == 0 && sp->in_rph) {
        sp->in_rph--;
    } else if (strcmp(el, "t") == 0 && sp->in_t) {
        sp->in_t--;
    }
}

static bool read_sheet(xlsx *x, csv_record_fn fn, void *ctx)
{
    sheet_parse sp = {
        .fn = fn,
        .ctx = ctx,
        .max_cell = x->opts->max_cell ? x->opts->max_cell : CSV_DEFAULT_MAX_CELL,
        .max_columns = x->opts->max_columns ? x->opts->max_columns : CSV_DEFAULT_MAX_COLUMNS,
    };
    part_parse pp;
    XML_Parser p = new_parser(&pp, x, &sp);
    x->e->XML_SetElementHandler(p, sheet_start, sheet_end);
    x->e->XML_SetCharacterDataHandler(p, sheet_text);
    x->in_sheet = true;
    bool ok = parse_part(x, x->sheet_part, XLSX_MAX_SHEET, &pp, false, NULL) || pp.stopped;
    x->in_sheet = false;
    x->e->XML_ParserFree(p);
    free(sp.value.ptr);
    free(sp.text.ptr);
    free(sp.cells);
    free(sp.out);
    if (ok && x->warnings > XLSX_MAX_WARNINGS)
        diag_add(x->diags, DIAG_WARNING, x->file, 0, 0, NULL,
                 "… and %zu more formulas without a saved value, each read as an empty cell",
                 x->warnings - XLSX_MAX_WARNINGS);
    return ok && !x->failed;
}

// --- the container ------------------------------------------------------------------------------

// A seekable copy of `in` from its current position, with every byte added to `digest`: `in`
// itself (a new stream on a duplicate of its descriptor, for libzip to own) when it is a regular
// file, else a temporary file. NULL after a diagnostic.
static FILE *seekable_copy(FILE *in, const char *name, sha256_ctx *digest, diag_list *diags)
{
    struct stat st;
    off_t start = ftello(in);
    bool regular = fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) && start >= 0;
    char buf[1 << 16];
    size_t n;
    if (regular) {
        if (digest) {
            while ((n = fread(buf, 1, sizeof buf, in)) > 0)
                sha256_update(digest, buf, n);
            if (ferror(in)) {
                diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "cannot read: %s", strerror(errno));
                return NULL;
            }
        }
        int fd = dup(fileno(in));
        FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
        if (!f || fseeko(f, start, SEEK_SET) != 0) {
            diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "cannot read: %s", strerror(errno));
            if (f)
                fclose(f);
            else if (fd >= 0)
                close(fd);
            return NULL;
        }
        return f;
    }
    FILE *tmp = tmpfile();
    if (!tmp) {
        diag_add(diags, DIAG_ERROR, name, 0, 0, NULL,
                 "cannot make a temporary copy of the workbook: %s", strerror(errno));
        return NULL;
    }
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (digest)
            sha256_update(digest, buf, n);
        if (fwrite(buf, 1, n, tmp) != n) {
            diag_add(diags, DIAG_ERROR, name, 0, 0, NULL,
                     "cannot make a temporary copy of the workbook: %s", strerror(errno));
            fclose(tmp);
            return NULL;
        }
    }
    if (ferror(in) || fflush(tmp) != 0 || fseeko(tmp, 0, SEEK_SET) != 0) {
        diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "cannot read: %s", strerror(errno));
        fclose(tmp);
        return NULL;
    }
    return tmp;
}

bool xlsx_read(FILE *in, const char *name, const xlsx_options *opts, csv_record_fn fn, void *ctx,
               char *sheet_name, size_t sheet_name_size, diag_list *diags)
{
    diag_list scratch = {0};
    xlsx x = {.file = name, .opts = opts, .diags = diags ? diags : &scratch};
    // Without libzip or expat the workbook is a file that cannot be read: said, and the batch
    // goes on.
    char why[DYNLIB_WHY_SIZE];
    x.z = dynlib_load(&dynlib_libzip, why, sizeof why);
    if (x.z)
        x.e = dynlib_load(&dynlib_expat, why, sizeof why);
    if (!x.z || !x.e) {
        diag_add(x.diags, DIAG_ERROR, name, 0, 0, NULL, "cannot read the workbook: %s", why);
        diag_list_clear(&scratch);
        return false;
    }
    FILE *f = seekable_copy(in, name, opts->digest, x.diags);
    if (!f) {
        diag_list_clear(&scratch);
        return false;
    }
    zip_error_t err;
    x.z->zip_error_init(&err);
    off_t start = ftello(f);
    // A length of -1: the rest of the file (libzip's ZIP_LENGTH_TO_END, which 1.7 does not name).
    zip_source_t *src =
        x.z->zip_source_filep_create(f, start > 0 ? (zip_uint64_t)start : 0, -1, &err);
    if (!src)
        fclose(f);
    else if (!(x.zip = x.z->zip_open_from_source(src, ZIP_RDONLY, &err)))
        x.z->zip_source_free(src);
    if (!x.zip) {
        fatal(&x, NULL, 0, 0, "not a readable Excel workbook (a damaged or truncated ZIP: %s)",
              x.z->zip_error_strerror(&err));
    } else if (read_workbook(&x) && read_styles(&x) && read_strings(&x)) {
        if (sheet_name && sheet_name_size)
            snprintf(sheet_name, sheet_name_size, "%s", x.sheet_name);
        read_sheet(&x, fn, ctx);
    }
    x.z->zip_error_fini(&err);
    if (x.zip)
        x.z->zip_discard(x.zip);
    for (size_t i = 0; i < x.sheet_count; i++) {
        free(x.sheets[i].name);
        free(x.sheets[i].rel_id);
    }
    free(x.sheets);
    free(x.sheet_part);
    free(x.xf_kind);
    free(x.strings.ptr);
    free(x.string_at);
    diag_list_clear(&scratch);
    return !x.failed;
}
