// Streaming CSV reader on libcsv: line numbers, limits, encoding checks, one record at a time.
#define _GNU_SOURCE
#include "csv_reader.h"

#include "util/bits.h"
#include "util/inline.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "evaluator/libcsv_state.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// list_chunk is built twice and picked at load time (an ifunc: ELF and glibc's loader) where the
// compiler does not assume popcnt and BMI1 (x86-64's baseline lacks them).
#if defined(__x86_64__) && !defined(__POPCNT__) && defined(__GNUC__) && defined(__ELF__) &&        \
    defined(__GLIBC__)
#define CHUNK_POPCNT 1
#include <cpuid.h>
#else
#define CHUNK_POPCNT 0
#endif

// Big enough that fread and memchr dominate, small enough to stay in L2.
#define CSV_BLOCK_SIZE ((size_t)64 * 1024)
// libcsv grows its cell buffer by this much at a time (its default, 128, is quadratic for long
// cells).
#define CSV_PARSER_GROWTH ((size_t)4096)

typedef enum {
    REC_OK,
    REC_AFTER_QUOTE,
    REC_CELL_TOO_LONG,
    REC_TOO_MANY_CELLS,
    REC_NUL,
    REC_UTF8,
    REC_UNTERMINATED,
} record_error;

typedef struct reader {
    struct csv_parser parser;
    size_t max_cell;
    size_t max_columns;

    // The record being assembled: cells back to back in buf, each followed by a NUL, each cell's
    // ptr pointing into buf (moved along when buf grows).
    char *buf;
    size_t buf_len;
    size_t buf_cap;
    csv_cell *cells;
    size_t count; // cells stored
    size_t cells_cap;
    size_t seen;      // cells seen, stored or dropped
    bool cells_apart; // the cells are not in buf but in the block, where the fast path left them
    // The fast path in place (read_fast_record_as): the byte each cell's NUL was written over, and
    // the cells whose "" are made one quote once the record is read.
    unsigned char *saved;
    size_t saved_cap;
    size_t *escaped;
    size_t escaped_cap;

    long line;          // line of the piece being fed to libcsv
    long last_line;     // line of the last byte fed
    bool record_open;   // a record has begun and not yet ended
    bool record_done;   // libcsv ended the record; deliver it once csv_parse returns
    long record_line;   // line the open record starts on
    long cell_line;     // line the next cell starts on
    long end_line;      // line the finished record ends on
    bool cell_overflow; // the cell in progress went past max_cell (libcsv's copy was cut)

    record_error error;
    size_t error_column;
    unsigned error_byte;
    long error_line; // REC_AFTER_QUOTE: the line the quote opened on
    char message[240];

    // The source bytes of the lines after the first line of a quoted cell that spans lines,
    // kept (up to max_cell bytes) so that, when its quote turns out never to close, the lines it
    // swallowed are read again as rows (reread_after_unterminated).
    unsigned char *spill;
    size_t spill_len, spill_cap;
    bool spill_full;      // the lines did not fit: they cannot be read again
    long spill_cell_line; // the line the quoted cell starts on (0: no spill)
    bool crlf_tail;       // the piece fed is the LF of a CR that ended the previous block
    long quote_line;      // for the message: the line a quote that never closed opened on
    long reread_to;       // and the last line read again as rows (0: none)
    long swallowed_to;    // or the last line inside the quote, not read again (0: none)
    long close_line;      // REC_AFTER_QUOTE: the line the quote closed on

    // The delimiter, and whether records may bypass libcsv (read_fast_record).
    unsigned char delimiter;
    bool fast;
    bool popcnt; // block_scan.popcnt
    size_t fast_records;
    // Whether read_lines may leave a record that runs past the block's end unread, for the caller
    // to read with the next block (set for a full block of a file), and whether the fast path
    // gave up on a record for that reason.
    bool may_carry;
    bool past_block;
    // The fast path's bad bits of the block being read and its stops (struct block_scan, below).
    uint64_t *bad_bits;
    size_t bad_bits_cap;
    uint32_t *stops;

    size_t index;
    csv_record_fn fn;
    void *ctx;
    bool stop;
} reader;

static void set_error(reader *r, record_error e, size_t column)
{
    if (r->error != REC_OK)
        return; // the first problem of a record is the one reported
    r->error = e;
    r->error_column = column;
}

// 0 when the cell is valid UTF-8 without NUL; else REC_NUL or REC_UTF8 with the offending byte.
static record_error check_text(const unsigned char *s, size_t len, unsigned *bad)
{
    size_t i = 0;
    // Eight bytes at a time while they are all ASCII and non-zero: the common case, no branches per
    // byte.
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        if ((v & highs) || ((v - ones) & ~v & highs))
            break;
    }
    while (i < len) {
        unsigned c = s[i];
        if (c == 0) {
            *bad = 0;
            return REC_NUL;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_valid_len(s + i, len - i);
        if (n == 0) {
            *bad = c;
            return REC_UTF8;
        }
        i += n;
    }
    return REC_OK;
}

// True when the count cells back to back in buf (each followed by its NUL) are all ASCII without
// NUL bytes: one pass over the whole record, eight bytes at a time, instead of one per cell.
static bool record_is_plain_ascii(const unsigned char *s, size_t len, size_t count)
{
    const uint64_t lows = 0x7F7F7F7F7F7F7F7Fu, ones = 0x0101010101010101u;
    uint64_t high = 0;
    size_t zeros = 0, i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        high |= v;
        uint64_t zero = ~(((v & lows) + lows) | v | lows); // 0x80 in each zero byte, exactly
        zeros += (size_t)(((zero >> 7) * ones) >> 56);
    }
    for (; i < len; i++) {
        high |= s[i];
        zeros += s[i] == 0;
    }
    return !(high & ~lows) && zeros == count;
}

// Flags the first cell with a NUL byte or invalid UTF-8 (the record's only check of its text).
static void check_record_text(reader *r)
{
    if (!r->cells_apart &&
        record_is_plain_ascii((const unsigned char *)r->buf, r->buf_len, r->count))
        return;
    for (size_t i = 0; i < r->count; i++) {
        unsigned bad = 0;
        record_error e = check_text((const unsigned char *)r->cells[i].ptr, r->cells[i].len, &bad);
        if (e != REC_OK) {
            set_error(r, e, i + 1);
            r->error_byte = bad;
            return;
        }
    }
}

static void open_record(reader *r)
{
    r->record_open = true;
    r->record_line = r->line;
    r->cell_line = r->line;
}

// Grows buf to hold at least need bytes, and points the cells already in it to their new place.
static void grow_buf(reader *r, size_t need)
{
    xgrow((void **)&r->buf, &r->buf_cap, need, 1);
    const char *p = r->buf;
    for (size_t i = 0; i < r->count; i++) {
        r->cells[i].ptr = p;
        p += r->cells[i].len + 1;
    }
}

// One cell has ended (from libcsv).
static void add_cell(reader *r, const void *data, size_t len)
{
    if (!r->record_open)
        open_record(r);
    size_t column = ++r->seen;
    long line = r->cell_line;
    r->cell_line = r->line; // the next cell starts right after this cell's delimiter
    bool overflow = r->cell_overflow;
    r->cell_overflow = false;
    if (column > r->max_columns) {
        set_error(r, REC_TOO_MANY_CELLS, r->max_columns + 1);
        return; // dropped: a record of a million cells costs nothing
    }
    if (overflow || len > r->max_cell) {
        set_error(r, REC_CELL_TOO_LONG, column);
        if (len > r->max_cell)
            len = r->max_cell;
    }
    if (r->buf_len + len + 1 > r->buf_cap)
        grow_buf(r, r->buf_len + len + 1);
    char *dst = r->buf + r->buf_len;
    if (len)
        memcpy(dst, data, len);
    dst[len] = '\0';
    r->buf_len += len + 1;
    if (r->count == r->cells_cap)
        xgrow((void **)&r->cells, &r->cells_cap, r->count + 1, sizeof *r->cells);
    r->cells[r->count++] = (csv_cell){dst, len, line};
}

static void on_cell(void *data, size_t len, void *vr)
{
    add_cell(vr, data, len);
}

// libcsv: the record has ended (c is the CR or LF that ended it, -1 at end of file).
static void on_record(int c, void *vr)
{
    (void)c;
    reader *r = vr;
    if (!r->record_open)
        open_record(r);
    r->end_line = r->line;
    r->record_done = true;
}

// "line 4 is" or "lines 4-7 are", into buf.
static const char *lines_are(long first, long last, char *buf, size_t size)
{
    if (last > first)
        snprintf(buf, size, "lines %ld-%ld are", first, last);
    else
        snprintf(buf, size, "line %ld is", first);
    return buf;
}

// What became of the lines after an unterminated quote (opened on r->quote_line), into m.
static void unterminated_text(const reader *r, char *m, size_t size)
{
    char range[64]; // "lines N-M are" for any two longs
    long q = r->quote_line;
    if (r->reread_to)
        snprintf(m, size,
                 "unterminated quoted cell (opened on line %ld): the row is read up to the end of "
                 "that line, and %s read again as %s",
                 q, lines_are(q + 1, r->reread_to, range, sizeof range),
                 r->reread_to > q + 1 ? "rows" : "a row");
    else if (r->swallowed_to)
        snprintf(m, size,
                 "unterminated quoted cell (opened on line %ld): %s inside it and, longer than "
                 "the %zu-byte cell limit, cannot be read again as rows",
                 q, lines_are(q + 1, r->swallowed_to, range, sizeof range), r->max_cell);
    else
        snprintf(m, size, "unterminated quoted cell (opened on line %ld)", q);
}

static const char *format_error(reader *r)
{
    char *m = r->message;
    size_t size = sizeof r->message;
    char range[64]; // "lines N-M are" for any two longs
    switch (r->error) {
    case REC_OK:
        return NULL;
    case REC_AFTER_QUOTE:
        // A quote that opened on an earlier line took the lines up to this one into the cell.
        if (r->error_line && r->close_line > r->error_line)
            snprintf(m, size,
                     "text after the closing quote in cell %zu (the quote opened on line %ld "
                     "closes on line %ld: %s read as part of this row; is a quote missing or "
                     "extra on line %ld?)",
                     r->error_column, r->error_line, r->close_line,
                     lines_are(r->error_line + 1, r->close_line, range, sizeof range),
                     r->error_line);
        else
            snprintf(m, size, "text after the closing quote in cell %zu", r->error_column);
        break;
    case REC_CELL_TOO_LONG:
        snprintf(m, size, "cell %zu is longer than the %zu-byte limit (the rest was dropped)",
                 r->error_column, r->max_cell);
        break;
    case REC_TOO_MANY_CELLS:
        snprintf(m, size, "%zu cells, more than the limit of %zu (the extra cells were dropped)",
                 r->seen, r->max_columns);
        break;
    case REC_NUL:
        snprintf(m, size, "NUL byte in cell %zu", r->error_column);
        break;
    case REC_UTF8:
        snprintf(m, size, "invalid UTF-8 in cell %zu (byte 0x%02X)", r->error_column,
                 r->error_byte);
        break;
    case REC_UNTERMINATED:
        unterminated_text(r, m, size);
        return m;
    }
    // The row's first problem is the one named; a quote that never closed is said too, since it
    // decides which lines are rows.
    if (r->quote_line) {
        char also[200];
        unterminated_text(r, also, sizeof also);
        size_t n = strlen(m);
        snprintf(m + n, size - n, "; and an %s", also);
    }
    return m;
}

// Forgets the record being assembled (delivered, or abandoned by the fast path).
static void clear_record(reader *r)
{
    r->buf_len = 0;
    r->count = 0;
    r->cells_apart = false;
    r->seen = 0;
    r->record_open = false;
    r->record_done = false;
    r->error = REC_OK;
    r->error_column = 0;
    r->error_line = 0;
    r->close_line = 0;
    r->quote_line = 0;
    r->spill_len = 0;
    r->spill_full = false;
    r->spill_cell_line = 0;
    r->reread_to = 0;
    r->swallowed_to = 0;
}

// Gives the record assembled in r, with its error (NULL: none), to the callback.
static void hand_over(reader *r, const char *error)
{
    csv_record rec = {
        .cells = r->cells,
        .count = r->count,
        .index = r->index++,
        .line = r->record_line,
        .end_line = r->end_line,
        .error = error,
        .error_column = error ? r->error_column : 0,
    };
    if (!r->fn(r->ctx, &rec))
        r->stop = true;
}

// Hands the record to the callback. plain_ascii: the caller has seen that the record's source
// bytes are ASCII without NUL, so its cells need no check.
static void deliver(reader *r, bool plain_ascii)
{
    if (r->error == REC_OK && !plain_ascii)
        check_record_text(r);
    hand_over(r, format_error(r));
    clear_record(r);
}

// Hands a record the fast path read to the callback, and forgets it. Of the reader's record
// state the fast path sets only the cells (and the text check an error), the rest being as
// clear_record left it.
static void deliver_fast(reader *r, bool plain_ascii)
{
    if (!plain_ascii)
        check_record_text(r);
    if (r->error != REC_OK) {
        deliver(r, true);
        return;
    }
    hand_over(r, NULL);
    r->buf_len = 0;
    r->count = 0;
    r->cells_apart = false;
}

// The fast path: a record read without libcsv, from the block, by libcsv's own rules. libcsv copies
// every byte through its state machine; the fast path classifies the block's bytes 64 at a time, a
// chunk of 4 KiB as the records reach it, into the list of its stops (where a cell or a quoted
// stretch may stop: delimiters, quotes and line ends) and bits for the bytes that are not plain
// ASCII, and walks a record from stop to stop. It reads only what strict libcsv accepts without
// error and whose end it can see in the block; anything else (a quote in an unquoted cell, text
// after a closing quote, a record running past the block, a limit reached) is left to libcsv.

// The block's bytes [64 k, 64 k + 64) as bits: stop, the delimiters, quotes, CRs and LFs; bad, the
// bytes that are not plain ASCII (NUL, or 0x80 and above).
typedef struct window_bits {
    uint64_t stop, bad;
} window_bits;

// Stops are listed a chunk of the block at a time (4 KiB) as a walk reaches it, so that the bytes
// are still in the L1 cache when the records over them are read.
#define SCAN_CHUNK ((size_t)4096)
// stops[] has room for a chunk's stops, and for the positions flatten writes past the last one.
#define SCAN_STOPS (SCAN_CHUNK + 16 + 1)
// After a chunk's stops: the walk has to list the next chunk's (or reached the block's end).
#define SCAN_END UINT32_MAX

typedef struct block_scan {
    const unsigned char *s; // the block
    // s itself when its bytes may be overwritten (the reader's own block, read from a file): then a
    // record's cells that need no unquoting are left where they are, each ended by a NUL written
    // over the byte after it, instead of being copied. NULL for bytes that are not ours.
    unsigned char *w;
    size_t n;
    unsigned char delim;
    // The bad bits of every window of the block listed so far (r->bad_bits), and whether any is
    // set.
    uint64_t *bad;
    bool any_bad;
    // The stops (delimiters, quotes, CRs and LFs; r->stops) of the chunk [chunk, chunk_end), as
    // offsets from chunk, then SCAN_END; the walk stands at stops[at] (read_fast_record keeps its
    // own copy of `at` in a register while it reads a record).
    uint32_t *stops;
    size_t chunk, chunk_end;
    size_t at;
    bool popcnt; // list_chunk may use popcnt and BMI1 where the processor has them
} block_scan;

// The bits of one window of 64 bytes at p.
static inline window_bits classify_window(const unsigned char *p, unsigned char delim, bool cr)
{
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delim), q = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'),
                  cret = _mm_set1_epi8('\r');
    __m128i v[4];
    uint64_t stop = 0;
    for (int j = 0; j < 4; j++) {
        v[j] = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * j));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v[j], d), _mm_cmpeq_epi8(v[j], q)),
                                 _mm_cmpeq_epi8(v[j], lf));
        if (cr)
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v[j], cret));
        stop |= (uint64_t)(uint32_t)_mm_movemask_epi8(m) << (16 * j);
    }
    // Any byte from 0x80 up, or a NUL (the smallest byte is 0): then find which, byte by byte.
    __m128i any = _mm_or_si128(_mm_or_si128(v[0], v[1]), _mm_or_si128(v[2], v[3]));
    __m128i least = _mm_min_epu8(_mm_min_epu8(v[0], v[1]), _mm_min_epu8(v[2], v[3]));
    any = _mm_or_si128(any, _mm_cmpeq_epi8(least, _mm_setzero_si128()));
    uint64_t bad = 0;
    if (_mm_movemask_epi8(any))
        for (int j = 0; j < 64; j++)
            bad |= (uint64_t)(p[j] == 0 || p[j] >= 0x80) << j;
    return (window_bits){stop, bad};
#else
    uint64_t stop = 0, bad = 0;
    for (int j = 0; j < 64; j++) {
        unsigned char c = p[j];
        stop |= (uint64_t)(c == delim || c == '"' || c == '\n' || (cr && c == '\r')) << j;
        bad |= (uint64_t)(c == 0 || c >= 0x80) << j;
    }
    return (window_bits){stop, bad};
#endif
}

// With CHUNK_POPCNT (above), list_chunk is built twice and picked by the processor: counting a
// window's stops is then one instruction instead of a dozen, and each stop found and cleared
// (tzcnt, blsr) one fewer. Both read alike (csv_options.no_popcnt, for tests).

// The number of set bits: the instruction when `popcnt` (only in a function built for it, where
// the builtin is that instruction; elsewhere it is a call to libgcc), else bits_set.
static ALWAYS_INLINE int count_bits(uint64_t x, const bool popcnt)
{
    return popcnt ? __builtin_popcountll(x) : bits_set(x);
}

// Appends the positions base + i of the set bits i of `bits` to out, and returns the end of the
// list: eight written whatever their number (those past it are overwritten or never read), sixteen
// when there are more, so that a window costs at most one branch that depends on how many stops it
// has (up to sixteen).
static ALWAYS_INLINE uint32_t *flatten(uint32_t *out, uint64_t bits, uint32_t base,
                                       const bool popcnt)
{
    const int count = count_bits(bits, popcnt);
    // (ctz of a zero is undefined: the top bit set changes nothing for the others)
    for (int k = 0; k < 8; k++) {
        out[k] = base + (uint32_t)__builtin_ctzll(bits | (uint64_t)1 << 63);
        bits &= bits - 1;
    }
    if (count > 8) { // eight more the same way, then one by one (rare: a window of short cells)
        for (int k = 8; k < 16; k++) {
            out[k] = base + (uint32_t)__builtin_ctzll(bits | (uint64_t)1 << 63);
            bits &= bits - 1;
        }
        for (int k = 16; k < count; k++) {
            out[k] = base + (uint32_t)__builtin_ctzll(bits);
            bits &= bits - 1;
        }
    }
    return out + count;
}

// The window w of the block at byte i: its bad bits kept (and or-ed into *any), its stops listed
// at out as offsets from the chunk's start; the end of the list.
static ALWAYS_INLINE uint32_t *list_window(uint32_t *out, uint64_t *bad, uint64_t *any,
                                           window_bits w, size_t i, size_t chunk, const bool popcnt)
{
    bad[i / 64] = w.bad;
    *any |= w.bad;
    return flatten(out, w.stop, (uint32_t)(i - chunk), popcnt);
}

// Lists the stops of the block's next chunk (from chunk_end) into stops[], the walk at its first,
// and records its windows' bad bits (list_chunk, below).
static ALWAYS_INLINE void list_chunk_as(block_scan *sc, const bool popcnt)
{
    const size_t from = sc->chunk_end, to = from + SCAN_CHUNK < sc->n ? from + SCAN_CHUNK : sc->n;
    const unsigned char *block = sc->s;
    uint64_t *bad = sc->bad, any = 0;
    uint32_t *out = sc->stops;
    // Most files have no CR: one test less a byte. (Two loops, so that each is compiled for its
    // case.)
    bool cr = memchr(block + from, '\r', to - from) != NULL;
    size_t i = from;
    if (cr)
        for (; i + 64 <= to; i += 64)
            out = list_window(out, bad, &any, classify_window(block + i, sc->delim, true), i, from,
                              popcnt);
    else
        for (; i + 64 <= to; i += 64)
            out = list_window(out, bad, &any, classify_window(block + i, sc->delim, false), i, from,
                              popcnt);
    if (i < to) { // the block's last bytes: those past it are taken as spaces and have no bits
        unsigned char tail[64];
        memset(tail, ' ', sizeof tail);
        memcpy(tail, block + i, to - i);
        out = list_window(out, bad, &any, classify_window(tail, sc->delim, cr), i, from, popcnt);
    }
    *out = SCAN_END;
    sc->any_bad |= any != 0;
    sc->chunk = from;
    sc->chunk_end = to;
    sc->at = 0;
}

static void list_chunk_plain(block_scan *sc)
{
    list_chunk_as(sc, false);
}

#if CHUNK_POPCNT
__attribute__((target("popcnt,bmi"))) static void list_chunk_bitops(block_scan *sc)
{
    list_chunk_as(sc, true);
}

typedef void chunk_lister(block_scan *);

// Picks list_chunk_fitted's body once, when the program is loaded (cpuid costs a trip to the
// hypervisor on a virtual machine: not once a part; and __builtin_cpu_supports would bring
// libgcc's writable feature globals). It runs before the sanitizers' runtime is set up: nothing
// in it may be instrumented (no address taken, no check).
__attribute__((used, no_sanitize_address, no_sanitize("undefined"))) static chunk_lister *
list_chunk_pick(void)
{
    unsigned a, b, c, d;
    if (__get_cpuid_max(0, NULL) < 7)
        return list_chunk_plain;
    __cpuid(1, a, b, c, d);
    bool popcnt = c & bit_POPCNT;
    __cpuid_count(7, 0, a, b, c, d);
    (void)a;
    (void)d;
    return popcnt && (b & bit_BMI) ? list_chunk_bitops : list_chunk_plain;
}

// list_chunk_bitops where the processor has popcnt and BMI1, else list_chunk_plain.
static void list_chunk_fitted(block_scan *sc) __attribute__((ifunc("list_chunk_pick")));
#endif

// Lists the stops of the block's next chunk, with popcnt and BMI1 where the processor has them
// (unless csv_options.no_popcnt).
static void list_chunk(block_scan *sc)
{
#if CHUNK_POPCNT
    if (sc->popcnt) {
        list_chunk_fitted(sc);
        return;
    }
#endif
    list_chunk_plain(sc);
}

// Whether s[from, to) (walked already, so classified) is all ASCII without NUL bytes.
static bool plain_between(const block_scan *sc, size_t from, size_t to)
{
    if (!sc->any_bad)
        return true;
    for (size_t k = from >> 6; 64 * k < to; k++) {
        uint64_t bits = sc->bad[k];
        if (64 * k < from)
            bits &= ~(uint64_t)0 << (from & 63);
        if (64 * k + 64 > to)
            bits &= ~(~(uint64_t)0 << (to & 63));
        if (bits)
            return false;
    }
    return true;
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t';
}

// Index of the first byte from i that is not a space or tab (other than the delimiter), or to.
// Blanks are rare: `<= ' '` alone tells most bytes apart.
static size_t skip_blanks(const unsigned char *s, unsigned char delim, size_t i, size_t to)
{
    while (i < to && s[i] <= ' ' && is_blank(s[i]) && s[i] != delim)
        i++;
    return i;
}

static bool is_line_end(unsigned char c)
{
    return c == '\n' || c == '\r';
}

// Up to this many bytes, a piece of a cell is copied with one fixed-size copy (a couple of moves)
// rather than a call to memcpy: most cells are short.
#define FAST_COPY ((size_t)16)

// Appends the piece s[from, to) of the block to the cell at dst, of *len bytes so far
// (read_fast_record has reserved room for the whole record and FAST_COPY bytes more). The bytes
// copied past the piece are overwritten by what follows it, or lie past the record.
static inline void fast_put(char *dst, size_t *len, const block_scan *sc, size_t from, size_t to)
{
    size_t n = to - from;
    if (n <= FAST_COPY && from + FAST_COPY <= sc->n)
        memcpy(dst + *len, sc->s + from, FAST_COPY);
    else
        memcpy(dst + *len, sc->s + from, n);
    *len += n;
}

// The next stop (a delimiter, quote, CR or LF) from stops[*at] on, listing the next chunk's when
// the walk reaches the end of a chunk's; the walk then stands just after it. n when there is none
// in the block (the walk then stays at the end).
static inline size_t scan_next(block_scan *sc, size_t *at)
{
    uint32_t off = sc->stops[*at];
    while (__builtin_expect(off == SCAN_END, 0)) {
        if (sc->chunk_end >= sc->n)
            return sc->n;
        list_chunk(sc);
        *at = 0;
        off = sc->stops[0];
    }
    ++*at;
    return sc->chunk + off;
}

// Places the walk at the first stop from byte `from` on (the walk never goes back).
static inline void scan_seek(block_scan *sc, size_t *at, size_t from)
{
    size_t stop = scan_next(sc, at);
    while (stop < from)
        stop = scan_next(sc, at);
    if (stop < sc->n)
        --*at; // not passed yet
}

// Turns the first `escaped` cells listed in r->escaped (read in place) into their text: each "" of
// the source becomes one quote, in place (a stretch between quotes moved at a time), and the cell
// gets its NUL.
static void unescape_in_place(const reader *r, unsigned char *w, const unsigned char *s,
                              size_t escaped)
{
    for (size_t e = 0; e < escaped; e++) {
        const csv_cell *cell = &r->cells[r->escaped[e]];
        unsigned char *dst = w + ((const unsigned char *)cell->ptr - s);
        const unsigned char *src = dst;
        // Text and source go byte for byte up to each quote, the first of a "" in the source.
        size_t left = cell->len;
        while (left) {
            const unsigned char *q = memchr(src, '"', left);
            size_t run = q ? (size_t)(q - src) + 1 : left; // through the quote kept
            if (dst != src)
                memmove(dst, src, run);
            dst += run;
            src += run + (q != NULL); // past the quote dropped
            left -= run;
        }
        *dst = '\0';
    }
}

// Reads the record that starts at s[pos] (read while libcsv is between records). Returns the
// bytes read (whole lines with their line ends; r->line is then the record's last line), or 0
// with nothing changed when libcsv must read it. A blank line is read as no record.
//
// in_place (sc->w set: the block is the reader's own): the cells stay in the block. Each gets its
// NUL over the byte after it as soon as it is read, the byte first kept in r->saved, so that a
// record left to libcsv (or carried to the next block) is put back as it was; a quoted cell with
// a "" is only listed while the record is read (r->escaped), and turned into its text once the
// whole record is read. Otherwise each cell is copied into r->buf.
static ALWAYS_INLINE size_t read_fast_record_as(reader *r, block_scan *sc, size_t pos,
                                                const bool in_place)
{
    const unsigned char *s = sc->s;
    unsigned char *w = sc->w;
    const size_t n = sc->n;
    const unsigned char delim = sc->delim;
    size_t i = skip_blanks(s, delim, pos, n);
    if (i == n) {
        r->past_block = true; // the line's end is not in the block
        return 0;
    }
    if (is_line_end(s[i])) { // a blank line
        size_t used = i + 1;
        return used - pos + (s[i] == '\r' && used < n && s[used] == '\n');
    }
    // Copied, the cells, each followed by its NUL, take no more bytes than their source in the
    // block: room for them all now, so that each cell is written in place without a check.
    if (!in_place && r->buf_cap < r->buf_len + (n - pos) + 1 + FAST_COPY)
        xgrow((void **)&r->buf, &r->buf_cap, r->buf_len + (n - pos) + 1 + FAST_COPY, 1);
    // The record's state is kept in locals (stores through char pointers would make r's fields be
    // reloaded).
    char *buf = r->buf;
    size_t used_buf = r->buf_len, count = r->count, escaped = 0;
    csv_cell *cells = r->cells;
    unsigned char *saved = r->saved;
    size_t limit = r->cells_cap < r->max_columns ? r->cells_cap : r->max_columns;
    if (in_place && r->saved_cap < limit)
        limit = r->saved_cap;
    const size_t max_cell = r->max_cell;
    const long first_line = r->line;
    long line = first_line;
    size_t end;         // where the current cell ends: its delimiter or the record's line end
    unsigned char stop; // and the byte there
    size_t at = sc->at;
    scan_seek(sc, &at, i);
    for (;;) {
        i = skip_blanks(s, delim, i, n);
        char *dst = in_place ? NULL : buf + used_buf; // where the cell is copied to
        const char *cell;
        size_t len = 0, nul; // (in place: where its NUL goes)
        bool unescape = false;
        const long cell_line = line;
        end = scan_next(sc, &at); // blanks are no stops: the first stop from i
        if (end == n)
            goto past_block;
        stop = s[end];
        if (stop == '"') {
            if (end != i)
                goto give_up; // a quote in an unquoted cell: strict libcsv stops there and
                              // feed's recovery reads it as data, a rule kept in that place
            // A quoted cell, possibly over several lines; "" is one quote. After the closing
            // quote libcsv drops spaces and tabs before the delimiter or line end; anything else
            // there is left to libcsv, and so is a cell whose closing quote is not in the block
            // with a byte after it (to tell "" from ").
            size_t seg = i + 1, pairs = 0;
            for (;;) {
                size_t q = scan_next(sc, &at);
                if (q + 1 >= n)
                    goto past_block;
                unsigned char c = s[q];
                if (c == delim)
                    continue;
                if (c != '"') { // CRLF, LF and a lone CR are one line end each
                    line++;
                    if (c == '\r' && s[q + 1] == '\n')
                        (void)scan_next(sc, &at); // the LF, a stop too
                    continue;
                }
                // The next stop is the second quote of a "", or the delimiter or line end the
                // closing quote is followed by (past blanks, which are no stops).
                (void)scan_next(sc, &at);
                if (s[q + 1] == '"') { // keep the first quote, skip the second
                    if (!in_place) {
                        fast_put(dst, &len, sc, seg, q + 1);
                        seg = q + 2;
                    }
                    pairs++;
                    continue;
                }
                end = skip_blanks(s, delim, q + 1, n);
                if (end == n)
                    goto past_block;
                if (s[end] != delim && !is_line_end(s[end]))
                    goto give_up;
                stop = s[end];
                if (in_place) {
                    cell = (const char *)s + seg;
                    len = q - seg - pairs;
                    nul = q;
                    unescape = pairs != 0;
                } else {
                    fast_put(dst, &len, sc, seg, q);
                    cell = dst;
                }
                break;
            }
        } else {
            // An unquoted cell, trimmed.
            size_t e = end;
            // The cell's last byte, or in an empty cell its stop, which is never a blank other
            // than the delimiter: whether to trim is one branch, rarely taken, not one on
            // whether the cell is empty as well.
            const unsigned char last = s[e - (e > i)];
            if (__builtin_expect(last <= ' ' && is_blank(last) && last != delim, 0))
                while (e > i && s[e - 1] <= ' ' && is_blank(s[e - 1])) // as in skip_blanks
                    e--;
            if (in_place) {
                cell = (const char *)s + i;
                len = e - i;
                nul = e;
            } else {
                fast_put(dst, &len, sc, i, e);
                cell = dst;
            }
        }
        // Past a limit the record is left to libcsv, whose path reports and trims it (the cells'
        // sizes are looked at once the record is read).
        if (count == limit) {
            if (count >= r->max_columns)
                goto give_up;
            xgrow((void **)&r->cells, &r->cells_cap, count + 1, sizeof *r->cells);
            cells = r->cells;
            limit = r->cells_cap < r->max_columns ? r->cells_cap : r->max_columns;
            if (in_place) {
                xgrow((void **)&r->saved, &r->saved_cap, r->cells_cap, 1);
                saved = r->saved;
            }
        }
        if (in_place) {
            if (unescape) { // its text and NUL once the record is read; nothing changed yet
                xgrow((void **)&r->escaped, &r->escaped_cap, escaped + 1, sizeof *r->escaped);
                r->escaped[escaped++] = count;
                nul = (size_t)((const unsigned char *)cell - s) + len;
                saved[count] = s[nul];
            } else {
                saved[count] = s[nul];
                w[nul] = '\0';
            }
        } else {
            dst[len] = '\0';
            used_buf += len + 1;
        }
        cells[count++] = (csv_cell){cell, len, cell_line};
        if (stop != delim)
            break; // the line end
        i = end + 1;
    }
    size_t used = end + 1;
    if (stop == '\r' && used < n && s[used] == '\n')
        used++;
    // A record that ends on a later line with a CR at the end of the block may be followed by an
    // LF in the next block: csv_read's line counting handles that only for the line it cut.
    if (line != first_line && stop == '\r' && used == n)
        goto past_block;
    if (used - pos > max_cell) // a cell may be longer than the limit
        for (size_t k = r->count; k < count; k++)
            if (cells[k].len > max_cell)
                goto give_up;
    if (in_place) {
        if (escaped)
            unescape_in_place(r, w, s, escaped);
        r->cells_apart = true;
    }
    sc->at = at;
    r->buf_len = used_buf;
    r->count = count;
    r->line = line;
    r->record_line = first_line;
    r->end_line = line;
    r->fast_records++;
    // The cells' bytes are some of the source's, so a check of the source is enough when it is
    // plain ASCII.
    deliver_fast(r, plain_between(sc, pos, used));
    return used - pos;

past_block: // the record goes on past the block
    r->past_block = true;
give_up:
    sc->at = at;
    if (in_place) // the bytes the NULs were written over, back
        for (size_t k = r->count; k < count; k++)
            w[(size_t)((const unsigned char *)cells[k].ptr - s) + cells[k].len] = saved[k];
    clear_record(r);
    return 0;
}

static size_t read_fast_record(reader *r, block_scan *sc, size_t pos)
{
    return sc->w ? read_fast_record_as(r, sc, pos, true) : read_fast_record_as(r, sc, pos, false);
}

// Keeps the source bytes of a line fed while a quoted cell that began on an earlier line is
// open: the lines after the cell's first line, up to max_cell bytes.
static void spill_line(reader *r, const unsigned char *s, size_t len)
{
    if (r->spill_cell_line != r->cell_line) { // another quoted cell than the one kept
        r->spill_len = 0;
        r->spill_full = false;
        r->spill_cell_line = r->cell_line;
    }
    if (r->crlf_tail && r->spill_len == 0)
        return; // the LF of the cell's first line, split from its CR by a block end
    if (r->spill_full || len > r->max_cell - r->spill_len) {
        r->spill_full = true;
        return;
    }
    if (r->spill_len + len > r->spill_cap)
        xgrow((void **)&r->spill, &r->spill_cap, r->spill_len + len, 1);
    memcpy(r->spill + r->spill_len, s, len);
    r->spill_len += len;
}

// Feeds one piece (at most one line, ending at its line end if it has one) to libcsv.
static bool feed(reader *r, const unsigned char *s, size_t len, const char *name, diag_list *diags)
{
    struct csv_parser *p = &r->parser;
    // Inside a quoted cell: in it, or just after a quote in it (a piece ended between the two
    // quotes of a "" at a block end).
    bool in_quotes = (p->pstate == LIBCSV_FIELD_BEGUN && p->quoted) ||
                     p->pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED;
    if (in_quotes && r->cell_line < r->line)
        spill_line(r, s, len);
    while (len) {
        size_t n = csv_parse(p, s, len, on_cell, on_record, r);
        if (n == len)
            break;
        if (csv_error(p) != CSV_EPARSE) {
            if (diags)
                diag_add(diags, DIAG_ERROR, name, r->line, 0, NULL, "CSV parser: %s",
                         csv_strerror(csv_error(p)));
            return false;
        }
        // Strict mode stopped at a quote where it does not belong. Inside an unquoted cell (a"b)
        // the quote is data, as in non-strict mode and in spreadsheets. After a closing quote
        // ("a"b) the cell is malformed: flag it and read the rest of the cell as unquoted, so the
        // delimiter and line end after it still count (non-strict libcsv would stay inside the
        // quotes and swallow the following records).
        bool after_quote = p->pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED;
        if (after_quote && r->error == REC_OK) {
            if (!r->record_open)
                open_record(r); // (libcsv has not yet handed over a cell of this record)
            set_error(r, REC_AFTER_QUOTE, r->seen + 1);
            r->error_line = r->cell_line; // where the quote opened
            r->close_line = r->line;      // and closed
        }
        p->status = 0;
        csv_set_opts(p, 0);
        csv_parse(p, s + n, 1, on_cell, on_record, r);
        csv_set_opts(p, CSV_STRICT);
        if (after_quote && p->pstate == LIBCSV_FIELD_BEGUN)
            p->quoted = 0;
        s += n + 1;
        len -= n + 1;
    }
    // libcsv grows its cell buffer by a fixed block: make the growth geometric, or a long cell
    // (a raised --max-cell) costs quadratic time in reallocations.
    if (p->entry_size > p->blk_size)
        csv_set_blk_size(p, p->entry_size);
    // Keep libcsv's copy of a runaway cell bounded: cut it back to the limit after every piece
    // (a piece is at most one block), and remember that the cell is too long. A piece that ends
    // just after a quote in a quoted cell leaves that quote (and any spaces after it) at the end
    // of the copy, for libcsv to drop when the cell ends: the quote is kept after the limit.
    // (The quote and spaces count for the limit only once they turn out to be text.)
    bool after_quote = p->pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED;
    size_t text = p->entry_pos - (after_quote ? p->spaces + 1 : 0);
    if (text > r->max_cell || (after_quote && p->spaces > r->max_cell)) {
        if (text > r->max_cell) {
            text = r->max_cell;
            r->cell_overflow = true;
        }
        p->entry_pos = text;
        p->spaces = 0; // spaces after a closing quote are dropped when the cell ends
        if (after_quote)
            p->entry_buf[p->entry_pos++] = p->quote_char;
    }
    if (r->record_done)
        deliver(r, false);
    if (!r->record_open && p->pstate != LIBCSV_ROW_NOT_BEGUN)
        open_record(r);
    return true;
}

char csv_detect_delimiter(const char *line, size_t len)
{
    bool quoted = false, comma = false, semicolon = false, tab = false;
    for (size_t i = 0; i < len; i++) {
        char c = line[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\n' || c == '\r')
            break;
        else if (c == ',')
            comma = true;
        else if (c == ';')
            semicolon = true;
        else if (c == '\t')
            tab = true;
    }
    return comma ? ',' : semicolon ? ';' : tab ? '\t' : ',';
}

// The encoding a BOM (or the zero bytes of BOM-less UTF-16) gives away; NULL for UTF-8/ASCII.
static const char *foreign_encoding(const unsigned char *b, size_t n)
{
    if (n >= 4 && ((b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) ||
                   (b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)))
        return "UTF-32";
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return "UTF-16";
    if (n >= 4 && ((b[0] && !b[1] && b[2] && !b[3]) || (!b[0] && b[1] && !b[2] && b[3])))
        return "UTF-16";
    return NULL;
}

// The next CR or LF of s[pos, n) (n when none), the next of each cached in *ends (start with
// {0}) so that the bytes are scanned once per character.
typedef struct line_ends {
    size_t lf, cr;
    bool known;
} line_ends;

static size_t next_line_end(line_ends *ends, const unsigned char *s, size_t pos, size_t n)
{
    if (!ends->known || ends->lf < pos) {
        const unsigned char *q = memchr(s + pos, '\n', n - pos);
        ends->lf = q ? (size_t)(q - s) : n;
    }
    if (!ends->known || ends->cr < pos) {
        const unsigned char *q = memchr(s + pos, '\r', n - pos);
        ends->cr = q ? (size_t)(q - s) : n;
    }
    ends->known = true;
    return ends->lf < ends->cr ? ends->lf : ends->cr;
}

// Reads the lines of block[pos, n), a read block (or lines read again), one at a time, so that
// the line number is known at every callback (the fast path may also take the following lines of
// a record whose quoted cell spans them). Line ends are LF, CRLF and lone CR; the next of each is
// cached so each block is scanned once per character. *after_cr: the block ends with a CR.
static bool read_lines(reader *r, const unsigned char *block, unsigned char *writable, size_t n,
                       size_t pos, bool *after_cr, bool *fed, size_t *carry, const char *name,
                       diag_list *diags)
{
    *carry = 0;
    bool ok = true;
    line_ends ends = {0};
    block_scan sc = {.s = block, .w = writable, .n = n, .delim = r->delimiter, .popcnt = r->popcnt};
    // (The fast path may write a NUL over the block's last byte.)
    const bool ends_with_cr = n && block[n - 1] == '\r';
    if (r->fast && pos < n) {
        if (r->bad_bits_cap < n / 64 + 1)
            xgrow((void **)&r->bad_bits, &r->bad_bits_cap, n / 64 + 1, sizeof *r->bad_bits);
        if (!r->stops)
            r->stops = xmalloc(SCAN_STOPS * sizeof *r->stops);
        // Listed as the records reach them: no stops yet, the first chunk at the first record.
        sc.bad = r->bad_bits;
        sc.stops = r->stops;
        sc.stops[0] = SCAN_END;
    }
    while (ok && !r->stop && pos < n) {
        if (r->fast && r->parser.pstate == LIBCSV_ROW_NOT_BEGUN) {
            r->past_block = false;
            size_t used = read_fast_record(r, &sc, pos);
            if (!used && r->past_block && r->may_carry && n - pos <= CSV_BLOCK_SIZE / 2) {
                *carry = n - pos; // read with the next block, by the fast path
                break;
            }
            if (used) {
                pos += used;
                if (pos == n && ends_with_cr)
                    *after_cr = true;
                *fed = true;
                r->last_line = r->line++;
                continue;
            }
        }
        size_t e = next_line_end(&ends, block, pos, n), end = e + 1;
        bool line_end = e < n;
        if (!line_end)
            end = n;
        else if (block[e] == '\r' && end < n && block[end] == '\n')
            end++;
        else if (block[e] == '\r' && end == n)
            *after_cr = true;
        ok = feed(r, block + pos, end - pos, name, diags);
        *fed = true;
        r->last_line = r->line;
        if (line_end)
            r->line++;
        pos = end;
    }
    return ok;
}

// At the end of the input, a quoted cell is still open: its quote never closes. When the lines
// after the cell's first line were kept, the row ends with that first line (the cell cut at its
// line end) and the lines are read again as rows: a stray quote loses no row. Returns false
// when they were not kept (none, or more than max_cell bytes); the caller then ends the row at
// the end of the input as CSV reads it.
static bool reread_after_unterminated(reader *r, const char *name, diag_list *diags, bool *ok)
{
    if (r->spill_cell_line != r->cell_line || r->spill_len == 0 || r->spill_full) {
        if (r->spill_cell_line == r->cell_line && r->spill_full)
            r->swallowed_to = r->last_line;
        return false;
    }
    struct csv_parser *p = &r->parser;
    for (size_t i = 0; i < p->entry_pos; i++) {
        if (p->entry_buf[i] == '\n' || p->entry_buf[i] == '\r') {
            p->entry_pos = i;
            break;
        }
    }
    size_t len = r->spill_len;
    unsigned char *again = xmalloc(len + 1);
    memcpy(again, r->spill, len);
    long first = r->cell_line + 1;
    r->reread_to = r->last_line;
    r->line = r->cell_line; // the row ends on the line its quote opened on
    csv_fini(p, on_cell, on_record, r);
    if (r->record_done)
        deliver(r, false);
    r->line = first;
    bool after_cr = false, fed = false;
    size_t carry;
    r->may_carry = false;
    *ok = read_lines(r, again, NULL, len, 0, &after_cr, &fed, &carry, name, diags);
    free(again);
    return true;
}

size_t csv_bom_length(const void *s, size_t n)
{
    const unsigned char *b = s;
    return n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0;
}

bool csv_first_block(const void *block, size_t n, char given, char *delimiter)
{
    const unsigned char *b = block;
    if (foreign_encoding(b, n))
        return false;
    size_t h = csv_bom_length(b, n);
    if (!given) {
        while (h < n && (b[h] == '\n' || b[h] == '\r'))
            h++;
        given = csv_detect_delimiter((const char *)b + h, n - h);
    }
    *delimiter = given;
    return true;
}

// Where csv_read's blocks come from: bytes in memory (a part of a file, read in place), then a
// file (hashed and counted as it is read).
typedef struct block_source {
    const unsigned char *mem;
    size_t mem_len;
    FILE *in;
    const csv_options *opts;
} block_source;

// The next block: CSV_BLOCK_SIZE bytes unless the source ends first, the first `carry` of them
// already in buf (the record the last block ended inside, carried over; only with a file). Bytes
// in memory without a file after them are one block (already in place: cut in blocks, the record
// across each cut would be left to libcsv).
static size_t next_block(block_source *src, unsigned char *buf, size_t carry,
                         const unsigned char **block)
{
    size_t room = CSV_BLOCK_SIZE - carry;
    size_t n = src->mem_len < room || !src->in ? src->mem_len : room;
    *block = src->mem;
    if (n) { // a source without bytes in memory has mem NULL: no offset may be applied to it
        src->mem += n;
        src->mem_len -= n;
    }
    if (n == CSV_BLOCK_SIZE || !src->in)
        return n;
    if (n) // the last bytes in memory, topped up from the file
        memcpy(buf + carry, *block, n);
    *block = buf;
    size_t got = fread(buf + carry + n, 1, room - n, src->in);
    const csv_options *opts = src->opts;
    if (opts && opts->digest && got > 0)
        sha256_update(opts->digest, buf + carry + n, got);
    if (opts && opts->bytes_read)
        atomic_fetch_add_explicit(opts->bytes_read, got, memory_order_relaxed);
    return carry + n + got;
}

// The block as bytes the fast path may write over: the reader's own buffer, or bytes in memory
// that the caller gave for that (opts->bytes_writable); NULL otherwise.
static unsigned char *writable_block(const unsigned char *block, unsigned char *buf,
                                     const csv_options *opts)
{
    if (block && block == buf)
        return buf;
    return block && opts && opts->bytes_writable ? (unsigned char *)(uintptr_t)block : NULL;
}

// Reads the records of src, the file's first bytes when `file_start` (a BOM, the encoding and the
// delimiter are looked at there), else the part of a file from a record boundary on line `line`
// with record `index`, with the delimiter given.
static bool read_source(block_source *src, bool file_start, long line, size_t index,
                        const char *name, const csv_options *opts, csv_record_fn fn, void *ctx,
                        diag_list *diags)
{
    reader r = {0};
    r.max_cell = opts && opts->max_cell ? opts->max_cell : CSV_DEFAULT_MAX_CELL;
    r.max_columns = opts && opts->max_columns ? opts->max_columns : CSV_DEFAULT_MAX_COLUMNS;
    r.fn = fn;
    r.ctx = ctx;
    r.line = line;
    r.popcnt = !(opts && opts->no_popcnt);
    r.index = index;
    csv_init(&r.parser, CSV_STRICT);
    csv_set_realloc_func(&r.parser, xrealloc);
    csv_set_free_func(&r.parser, free);
    csv_set_blk_size(&r.parser, CSV_PARSER_GROWTH);
    char delimiter = opts ? opts->delimiter : 0;

    unsigned char *buf = src->in ? xmalloc(CSV_BLOCK_SIZE) : NULL;
    const unsigned char *block;
    bool ok = true, first = true, after_cr = false, fed = false;
    size_t carry = 0;
    while (ok && !r.stop) {
        size_t n = next_block(src, buf, carry, &block);
        size_t pos = 0;
        if (first && (n > 0 || !file_start)) {
            first = false;
            if (file_start) {
                const char *encoding = foreign_encoding(block, n);
                if (encoding) {
                    if (diags)
                        diag_add(diags, DIAG_ERROR, name, 1, 1, NULL,
                                 "the file is %s encoded; save it as CSV UTF-8", encoding);
                    ok = false;
                    break;
                }
                pos = csv_bom_length(block, n);
                // (in the first CSV_BLOCK_SIZE bytes, as when read from a file)
                (void)csv_first_block(block, n < CSV_BLOCK_SIZE ? n : CSV_BLOCK_SIZE, delimiter,
                                      &delimiter);
            }
            csv_set_delim(&r.parser, (unsigned char)delimiter);
            r.delimiter = (unsigned char)delimiter;
            if (opts && opts->delimiter_used)
                *opts->delimiter_used = delimiter;
            // Only for the delimiters whose splitting read_fast_record mirrors exactly.
            r.fast = !(opts && opts->libcsv_only) &&
                     (delimiter == ',' || delimiter == ';' || delimiter == '\t');
        }
        // A CR at the end of the last block and an LF at the start of this one are one line end.
        if (after_cr && pos < n && block[pos] == '\n') {
            r.crlf_tail = true;
            ok = feed(&r, block + pos, 1, name, diags);
            r.crlf_tail = false;
            fed = true;
            pos++;
        }
        after_cr = false;
        r.may_carry = src->in && n == CSV_BLOCK_SIZE;
        if (ok)
            ok = read_lines(&r, block, writable_block(block, buf, opts), n, pos, &after_cr, &fed,
                            &carry, name, diags);
        if (carry) // a record the block ends inside: to the start of the next block
            memmove(buf, block + n - carry, carry);
        if (n < CSV_BLOCK_SIZE) {
            if (src->in && ferror(src->in)) {
                if (diags)
                    diag_add(diags, DIAG_ERROR, name, fed ? r.line : 1, 1, NULL, "cannot read: %s",
                             errno == EBADF && src->in == stdin ? "standard input is closed"
                                                                : strerror(errno));
                ok = false;
            }
            break;
        }
    }
    while (ok && !r.stop && fed && !(opts && opts->cut_short)) {
        // End of file: the last record may lack its line end, or its last cell its closing quote
        // (then the lines inside the quote are read again as rows, when they were kept).
        r.line = r.last_line;
        if (r.parser.pstate == LIBCSV_FIELD_BEGUN && r.parser.quoted) {
            set_error(&r, REC_UNTERMINATED, r.seen + 1);
            r.quote_line = r.cell_line; // named by the message, first problem or not
            if (reread_after_unterminated(&r, name, diags, &ok))
                continue;
        }
        csv_fini(&r.parser, on_cell, on_record, &r);
        if (r.record_done)
            deliver(&r, false);
        break;
    }
    if (opts && opts->fast_records)
        *opts->fast_records = r.fast_records;
    csv_free(&r.parser);
    free(buf);
    free(r.buf);
    free(r.cells);
    free(r.spill);
    free(r.bad_bits);
    free(r.stops);
    free(r.saved);
    free(r.escaped);
    return ok;
}

bool csv_read(FILE *in, const char *name, const csv_options *opts, csv_record_fn fn, void *ctx,
              diag_list *diags)
{
    block_source src = {.in = in, .opts = opts};
    return read_source(&src, true, 1, 0, name, opts, fn, ctx, diags);
}

bool csv_read_part(const void *bytes, size_t len, FILE *rest, long line, size_t index,
                   const char *name, const csv_options *opts, csv_record_fn fn, void *ctx,
                   diag_list *diags)
{
    block_source src = {.mem = bytes, .mem_len = len, .in = rest, .opts = opts};
    return read_source(&src, index == 0, line, index, name, opts, fn, ctx, diags);
}

// --- finding record boundaries without reading the records ------------------------------------

// The states of libcsv's strict parser as feed() drives it (its recovery included), as far as
// they decide where a record ends: between records; at a cell's start; in an unquoted cell; in a
// quoted cell; just after a quote in a quoted cell.
enum { SPLIT_ROW, SPLIT_FIELD, SPLIT_PLAIN, SPLIT_QUOTED, SPLIT_AFTER_QUOTE };

// The first quote of s[pos, n) (n when none). *quote holds the last one found (0 at first): a
// search from an earlier place, so still the first from pos on while it is not before pos. A
// search runs on over the lines after the one looked at, so that the lines without a quote need
// none of their own (they are most lines).
static size_t next_quote(size_t *quote, const unsigned char *s, size_t pos, size_t n)
{
    if (*quote < pos || *quote == 0) {
        const unsigned char *q = memchr(s + pos, '"', n - pos);
        *quote = q ? (size_t)(q - s) : n;
    }
    return *quote;
}

// The state after the bytes s[i, e) of one line (no CR or LF among them) of s[0, n), from st;
// *records counts the records begun; *quote as next_quote keeps it.
static void split_line(csv_split *sp, const unsigned char *s, size_t i, size_t e, size_t n,
                       size_t *quote, size_t *records)
{
    unsigned char d = sp->delimiter;
    unsigned st = sp->state;
    while (i < e) {
        // Past the line's last quote, an unquoted cell or a cell's start only moves between the
        // two until the line end, which ends the record: the bytes after it need no look.
        if ((st == SPLIT_FIELD || st == SPLIT_PLAIN) && next_quote(quote, s, i, n) >= e)
            break;
        unsigned char c = s[i];
        switch (st) {
        case SPLIT_ROW:
        case SPLIT_FIELD:
        case SPLIT_PLAIN: {
            // Outside quotes only the next quote matters: it opens a quoted cell when only spaces
            // and tabs (other than the delimiter) stand between it and a delimiter before it, or
            // between it and i while at a cell's start; otherwise it is data (feed's recovery).
            // A record begins at the first byte that is not a space or tab.
            size_t at = next_quote(quote, s, i, n), b;
            const bool q = at < e;
            if (!q)
                at = e;
            b = at;
            while (b > i && (s[b - 1] == ' ' || s[b - 1] == '\t') && s[b - 1] != d)
                b--;
            if (st == SPLIT_ROW && (q || b > i))
                ++*records;
            if (!q) {
                st = SPLIT_PLAIN; // (or a cell's start: the line end ends the record either way)
                i = e;
                break;
            }
            bool opens = b > i ? s[b - 1] == d : st != SPLIT_PLAIN;
            st = opens ? SPLIT_QUOTED : SPLIT_PLAIN;
            i = at + 1;
            break;
        }
        case SPLIT_QUOTED: {
            size_t q = next_quote(quote, s, i, n);
            if (q >= e)
                i = e;
            else {
                i = q + 1;
                st = SPLIT_AFTER_QUOTE;
                sp->spaces = false;
            }
            break;
        }
        default: // SPLIT_AFTER_QUOTE
            if (c == d)
                st = SPLIT_FIELD;
            else if (c == ' ' || c == '\t')
                sp->spaces = true;
            else if (c == '"' && sp->spaces)
                sp->spaces = false; // strict libcsv stops; recovery keeps the quote as text
            else if (c == '"')
                st = SPLIT_QUOTED; // "" in a quoted cell
            else
                st = SPLIT_PLAIN; // text after the closing quote: read on as unquoted
            i++;
            break;
        }
    }
    sp->state = (unsigned char)st;
}

size_t csv_split_lines(csv_split *sp, const void *bytes, size_t n, bool at_end, size_t max_bytes,
                       size_t max_records, long *lines, size_t *records)
{
    const unsigned char *s = bytes;
    size_t pos = 0;
    line_ends ends = {0};
    size_t quote = 0; // the next quote from pos on (next_quote)
    while (pos < n) {
        size_t e = next_line_end(&ends, s, pos, n), next;
        if (e == n)
            break; // the line's end is not in the bytes yet
        if (s[e] == '\n')
            next = e + 1;
        else if (e + 1 < n)
            next = e + 1 + (s[e + 1] == '\n');
        else if (at_end)
            next = e + 1;
        else
            break; // a CR as the last byte: an LF may follow
        if (sp->state == SPLIT_ROW && next_quote(&quote, s, pos, n) >= e) {
            // Without a quote the line is a record when it holds more than spaces and tabs.
            size_t i = pos;
            while (i < e && (s[i] == ' ' || s[i] == '\t') && s[i] != sp->delimiter)
                i++;
            *records += i < e;
        } else {
            split_line(sp, s, pos, e, n, &quote, records);
            if (sp->state != SPLIT_QUOTED) // the line end ends the record; in quotes it is text
                sp->state = SPLIT_ROW;
        }
        ++*lines;
        pos = next;
        if (sp->state == SPLIT_ROW && (pos >= max_bytes || *records >= max_records))
            break;
    }
    return pos;
}

bool csv_split_at_boundary(const csv_split *sp)
{
    return sp->state == SPLIT_ROW;
}
