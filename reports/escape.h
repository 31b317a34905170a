/* Escaping for every format, in one place: renderers never escape inline. Each function writes
 * s[0..len) to out so that the format shows it as text and never runs or misparses it. Invalid
 * UTF-8 is written as U+FFFD in every format. */
#ifndef DDCHECK_ESCAPE_H
#define DDCHECK_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

#include "reports/outbuf.h"

/** A JSON string literal, quotes included (control characters as \u00XX). */
void escape_json(FILE *out, const char *s, size_t len);
/** As escape_json, and also < > & as \u003c \u003e \u0026, so that the literal stays inert when
 *  a viewer pastes it into HTML (used by SARIF, which web UIs render). */
void escape_json_html(FILE *out, const char *s, size_t len);
/** Text for a terminal: control characters (C0, DEL, C1, so also ESC sequences) shown as
 *  visible \xNN, never sent raw. Newlines and tabs become spaces. */
void escape_terminal(FILE *out, const char *s, size_t len);
/** HTML text or attribute value: & < > " ' as entities. */
void escape_html(FILE *out, const char *s, size_t len);
/** XML 1.0 text or attribute value: entities for & < > " ', characters XML forbids (most C0
 *  controls, U+FFFE, U+FFFF) replaced by U+FFFD. */
void escape_xml(FILE *out, const char *s, size_t len);
/** Markdown inline text, also safe in a table cell: | and the other Markdown and HTML
 *  punctuation backslash-escaped, a leading "#", "-", "+" or "12." that would start a block
 *  escaped, newlines, CR and tab as spaces (a table cell cannot hold a line break), other controls
 *  as U+FFFD. */
void escape_markdown(FILE *out, const char *s, size_t len);
/** One CSV cell (RFC 4180 quoting when needed); a cell a spreadsheet would run as a formula
 *  (starting with = + - @, tab or CR) is prefixed with ' so it stays text. */
void escape_csv(FILE *out, const char *s, size_t len);
/** The message of a GitHub workflow command ("::error …::MESSAGE"): %, CR and LF
 *  percent-encoded, other controls shown as visible escapes (\xNN). */
void escape_github_data(FILE *out, const char *s, size_t len);
/** A property value of a GitHub workflow command ("file=…,title=…"): as escape_github_data,
 *  and also : and , percent-encoded, since they end a property. */
void escape_github_property(FILE *out, const char *s, size_t len);
/** A TAP test point description or directive reason: # and \ backslash-escaped (so data never
 *  reads as a directive), controls as in escape_terminal. */
void escape_tap(FILE *out, const char *s, size_t len);
/** A relative URI reference for a file path (SARIF artifactLocation.uri): every byte except
 *  RFC 3986 unreserved characters and / percent-encoded. */
void escape_uri(FILE *out, const char *s, size_t len);

/** What every escaper above is: it writes s[0..len) to out, escaped. */
typedef void (*escape_fn)(FILE *out, const char *s, size_t len);

/** s (NUL-terminated) through escape. */
void escape_string(FILE *out, escape_fn escape, const char *s);
/** s (NUL-terminated) as Markdown inline text (escape_markdown), for the three writers of
 *  Markdown: the markdown report, the github job summary and the checklist's docs. */
void md_text(FILE *out, const char *s);

/* The same escapers into a buffered writer, for renderers that write through one. */
void escape_json_to(outbuf *b, const char *s, size_t len);
void escape_json_html_to(outbuf *b, const char *s, size_t len);
void escape_csv_to(outbuf *b, const char *s, size_t len);
/** True only when escape_csv_to writes s[0..len) as it is: no byte that is quoted, doubled or
 *  replaced (nor a tab, which it copies), and no first byte that starts a formula. */
bool escape_csv_plain(const char *s, size_t len);
/** How many leading bytes of s[0..len) escape_json copies as they are (printable ASCII other
 *  than '"' and '\\'). */
size_t escape_json_plain_prefix(const char *s, size_t len);

/** A string escaped once and kept, for a value that every project repeats (its input's file
 *  name): keyed by the string's address, which stays the same, with the same text, for a run. */
typedef struct escape_memo {
    const char *of;
    char *text;
    size_t len;
} escape_memo;

/** s (NUL-terminated) as `escape` writes it, kept in m until another s comes; its length in
 *  *len. NULL when no memory stream can be had. m starts zeroed; escape_memo_clear frees it. */
const char *escape_memo_get(escape_memo *m, escape_fn escape, const char *s, size_t *len);
void escape_memo_clear(escape_memo *m);

#endif
