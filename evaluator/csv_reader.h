/* Streaming CSV reading on libcsv: records with the line each cell starts on, one at a time. */
#ifndef DDCHECK_CSV_READER_H
#define DDCHECK_CSV_READER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/diag.h"
#include "util/sha256.h"

/** One cell: its bytes (NUL-terminated at ptr[len], may contain further NULs) and the 1-based
 *  line it starts on. Valid only during the record callback. Quotes are removed (`""` becomes
 *  `"`); spaces and tabs around an unquoted cell, and between a closing quote and the
 *  delimiter, are trimmed (libcsv's rule); inside quotes everything is kept, line ends too. */
typedef struct csv_cell {
    const char *ptr;
    size_t len;
    long line;
} csv_cell;

/** One record (the header is record 0 of a file). Valid only during the callback. */
typedef struct csv_record {
    const csv_cell *cells;
    size_t count;
    /** 0-based index of the record in its file (0 = header). */
    size_t index;
    /** 1-based line the record starts on, and the line it ends on (embedded newlines). */
    long line;
    long end_line;
    /** NULL when the record was read cleanly; otherwise why it cannot be trusted as a row, with
     *  error_column the 1-based cell number concerned (0 when none). One problem per record is
     *  reported: the first problem of quoting or size, else the first cell with a NUL byte or
     *  invalid UTF-8. The messages:
     *  - "unterminated quoted cell (opened on line N)": end of file inside a quoted cell. When
     *    the lines after line N were kept (up to max_cell bytes), the record ends with line N
     *    (the cell cut at its line end) and those lines are read again as records: "…: the
     *    row is read up to the end of that line, and lines N+1-M are read again as rows";
     *    otherwise "…: lines N+1-M are inside it and, longer than the L-byte cell limit, cannot
     *    be read again as rows" (the cell holds the first max_cell bytes). Said also after the
     *    record's first problem when that is another one ("…; and an unterminated …");
     *  - "text after the closing quote in cell N": e.g. `"a"b,c` — the cell is kept as `a"b`
     *    and read on as unquoted, so the delimiter and the line end after it still count; when
     *    the quote opened on an earlier line, "(the quote opened on line A closes on line B: …)";
     *  - "cell N is longer than the L-byte limit (the rest was dropped)": the first L bytes kept;
     *  - "C cells, more than the limit of L (the extra cells were dropped)";
     *  - "NUL byte in cell N";
     *  - "invalid UTF-8 in cell N (byte 0xNN)": NN is the first byte of the bad sequence (0xE9
     *    is typically Windows-1252 é). Cells are never altered, so a record with an error may
     *    hold invalid UTF-8 or NULs: escape before printing. A record whose error is NULL holds
     *    only valid UTF-8 without NUL bytes.
     *  A quote inside an unquoted cell (`5" pipe`) is plain data, as in spreadsheets: no error.
     *  The cells that could be read are still given. */
    const char *error;
    size_t error_column;
} csv_record;

typedef struct csv_options {
    /** Cell delimiter; 0 means detect: ',' unless the header has no ',' but does have ';'
     *  (Excel in many locales), or a tab. */
    char delimiter;
    /** Limits, with 0 meaning the default: a cell of at most CSV_DEFAULT_MAX_CELL bytes, a
     *  record of at most CSV_DEFAULT_MAX_COLUMNS cells. Past a limit the record gets an error and
     *  the extra bytes/cells are dropped (not kept in memory). */
    size_t max_cell;
    size_t max_columns;
    /** When non-NULL, every byte read from the file is added to this digest (for the
     *  provenance of reports); complete when csv_read returns true without being stopped. */
    sha256_ctx *digest;
    /** When non-NULL, the bytes read are added to it as they are read (relaxed: another thread
     *  may read it to show progress). */
    atomic_size_t *bytes_read;
    /** When non-NULL, receives the delimiter used (given or detected) before the first
     *  record is delivered. */
    char *delimiter_used;
    /** For tests and benchmarks: read every record with libcsv, without the fast path that
     *  splits lines itself (which reads exactly the same records, cells, lines and errors). */
    bool libcsv_only;
    /** For csv_read_part: the bytes end where reading the file failed, so the record they end
     *  inside is not read (csv_read reads no record past a read error). */
    bool cut_short;
    /** For tests and benchmarks: when non-NULL, receives the number of records the fast path
     *  read (the rest were read by libcsv). */
    size_t *fast_records;
    /** For csv_read_part: the bytes given may be written over, so that the fast path leaves cells
     *  where they are (a NUL written after each, a "" made one quote) instead of copying them, as
     *  it does with the blocks csv_read reads from a file. Only for bytes nothing reads again:
     *  once csv_read_part returns they no longer hold the file's text. */
    bool bytes_writable;
    /** For tests: the fast path lists a window's stops without the popcnt and BMI1 instructions
     *  even where the processor has them (both ways read the same). */
    bool no_popcnt;
} csv_options;

#define CSV_DEFAULT_MAX_CELL ((size_t)1 << 20)
#define CSV_DEFAULT_MAX_COLUMNS ((size_t)4096)

/** Called once per record, in file order. Return false to stop reading. */
typedef bool (*csv_record_fn)(void *ctx, const csv_record *record);

/** Reads every record of in (display name `name`, used in diagnostics; "<stdin>" for standard
 *  input) and calls fn for each, in file order, synchronously.
 *  - Line ends are LF, CRLF or a lone CR (all three count as one line for line numbers); the
 *    last record needs none. Blank lines (also lines of only spaces/tabs) are skipped.
 *  - A UTF-8 BOM is skipped. A UTF-16 or UTF-32 BOM (or the zero bytes of BOM-less UTF-16) is
 *    fatal: "FILE:1:1: the file is UTF-16 encoded; save it as CSV UTF-8".
 *  - A read error is fatal: a diagnostic with file and line (records before it were delivered).
 *  - Delimiter detection (delimiter 0) looks at the first line that is not empty, within the
 *    first 64 KiB of the file.
 *  - When fn returns false, reading stops at once (no further record is delivered) and csv_read
 *    returns true: stopping is the caller's choice, not an error.
 *  Returns false only after a fatal diagnostic (added to diags when diags is not NULL). Reads in
 *  64 KiB blocks; memory is bounded by the longest record (each cell capped at max_cell, each
 *  record at max_columns cells), not by the file; nothing is allocated per record once the
 *  buffers have grown. */
bool csv_read(FILE *in, const char *name, const csv_options *opts, csv_record_fn fn, void *ctx,
              diag_list *diags);

/** What csv_read decides from a file's first block (its first 64 KiB, or the whole file when
 *  shorter): false when it reads the file as another encoding (UTF-16, UTF-32: fatal there);
 *  otherwise *delimiter gets the delimiter it uses (`given`, or detected when 0). */
bool csv_first_block(const void *block, size_t n, char given, char *delimiter);

/** Reads the records of bytes[0, len), a part of a file cut at a record boundary by
 *  csv_split_lines, and then (when `rest` is not NULL) the rest of the file from `rest`, exactly
 *  as csv_read reads them within the whole file: the part starts on line `line` with record
 *  `index` of its file. A part with index 0 is the file's start (line 1; its BOM skipped, its
 *  encoding checked, its delimiter detected as csv_read does). Otherwise opts->delimiter must be
 *  the one csv_read uses for the file. The end of the input is read as the end of the file (a part
 *  cut at a boundary ends between records), unless opts->cut_short. opts->digest and
 *  opts->bytes_read see only the bytes read from `rest`. Re-entrant: parts may be read in several
 *  threads. */
bool csv_read_part(const void *bytes, size_t len, FILE *rest, long line, size_t index,
                   const char *name, const csv_options *opts, csv_record_fn fn, void *ctx,
                   diag_list *diags);

/** Finds record boundaries without reading records, by the rules csv_read reads them with (a
 *  quote opens a quoted cell only at a cell's start, after spaces and tabs; inside one, line ends
 *  are text; `""` is a quote; text after a closing quote is read on as unquoted). Start with
 *  {.delimiter = the file's delimiter}, at the file's start, after its BOM (csv_bom_length). */
typedef struct csv_split {
    unsigned char delimiter;
    unsigned char state; /* private */
    bool spaces;         /* private */
} csv_split;

/** Moves over the whole lines of s[0, n) from where the splitter stands, and returns the bytes
 *  passed: a line whose end is not in s is left (a CR as the last byte is a line end only when
 *  `at_end`: an LF may follow). Stops early after a line end that is a record boundary once the
 *  bytes passed reach max_bytes or *records reaches max_records. Adds the line ends passed to
 *  *lines (CRLF, LF and lone CR are one each, as csv_read counts them) and the records begun to
 *  *records (blank lines are none). */
size_t csv_split_lines(csv_split *sp, const void *s, size_t n, bool at_end, size_t max_bytes,
                       size_t max_records, long *lines, size_t *records);

/** 3 when s[0, n) begins with a UTF-8 BOM, else 0. csv_read skips it, and the splitter does not
 *  know it: at a file's start, split from after it, or a BOM before a blank line would be taken
 *  for a record. */
size_t csv_bom_length(const void *s, size_t n);

/** Whether the place the splitter reached is between records. */
bool csv_split_at_boundary(const csv_split *sp);

/** The delimiter csv_read would use for this header line (the detection rule above): ',' if the
 *  line has an unquoted ',', else ';' if it has an unquoted ';', else a tab if it has an
 *  unquoted tab, else ','. Stops at the first line end outside quotes, so a whole buffer may be
 *  given. */
char csv_detect_delimiter(const char *line, size_t len);

#endif
