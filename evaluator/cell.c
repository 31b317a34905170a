// Turns cell text into typed values; empty is absent, and an unfit cell is invalid, never zero.
#include "cell.h"

#include "evaluator/csv_reader.h"
#include "util/date.h"
#include "util/decimal.h"
#include "util/inline.h"
#include "util/xalloc.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void trim(const char **s, size_t *len)
{
    // Bytes above ' ' are never spaces: most cells have no space at either end.
    if (*len && (unsigned char)(*s)[0] > ' ' && (unsigned char)(*s)[*len - 1] > ' ')
        return;
    while (*len && checklist_is_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && checklist_is_space((*s)[*len - 1]))
        (*len)--;
}

// [+-]digits[.digits] with at most 15 digits in all: the digits make an integer m < 2^53 (exact
// in a double) and m / 10^k with an exact 10^k is one correctly rounded division, so the result is
// the double strtod gives (Clinger's fast path). Anything else: false. *point says whether the
// text had a decimal point (then "3.0" is not a whole number, as the integer type wants).
static ALWAYS_INLINE bool parse_decimal_fast(const char *text, size_t len, double *out, bool *point)
{
    const char *p = text, *end = text + len;
    bool negative = false;
    if (p < end && (*p == '+' || *p == '-')) {
        negative = *p == '-';
        p++;
    }
    // The digits before the point, then those after it, each in a loop of its own. More than 19
    // digits wrap m (unsigned, defined), and are refused below by their count.
    uint64_t m = 0;
    const char *digits = p;
    unsigned c;
    while (p < end && (c = (unsigned char)*p - '0') <= 9) {
        m = m * 10 + c;
        p++;
    }
    size_t whole = (size_t)(p - digits), fraction = 0;
    *point = p < end && *p == '.';
    if (*point) {
        const char *after = ++p;
        while (p < end && (c = (unsigned char)*p - '0') <= 9) {
            m = m * 10 + c;
            p++;
        }
        fraction = (size_t)(p - after);
    }
    if (p != end || whole + fraction == 0 || whole + fraction > 15)
        return false;
    double d = (double)m;
    if (fraction)
        d /= DECIMAL_POW10[fraction];
    *out = negative && m ? -d : d; // "-0" is 0
    return true;
}

bool cell_parse_decimal_fast(const char *text, size_t len, double *out)
{
    bool point;
    return parse_decimal_fast(text, len, out, &point);
}

// An ASCII digit (isdigit is a call into the C library's tables, and locale-dependent).
static inline bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

// cell_parse_number without its fast path.
static bool parse_number_slow(const char *text, size_t len, double *out)
{
    size_t i = 0;
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    if (text[i] == '+' || text[i] == '-')
        i++;
    size_t digits = 0;
    while (i < len && is_digit(text[i])) {
        i++;
        digits++;
    }
    if (i < len && text[i] == '.') {
        i++;
        while (i < len && is_digit(text[i])) {
            i++;
            digits++;
        }
    }
    if (digits == 0)
        return false;
    if (i < len && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        if (i < len && (text[i] == '+' || text[i] == '-'))
            i++;
        size_t exp_digits = 0;
        while (i < len && is_digit(text[i])) {
            i++;
            exp_digits++;
        }
        if (exp_digits == 0)
            return false;
    }
    if (i != len)
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    errno = 0;
    double d = strtod(buf, NULL);
    if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
        return false;
    if (!isfinite(d))
        return false;
    *out = d == 0 ? 0.0 : d; // "-0" is 0
    return true;
}

bool cell_parse_number(const char *text, size_t len, double *out)
{
    bool point;
    return parse_decimal_fast(text, len, out, &point) || parse_number_slow(text, len, out);
}

static void invalid(typed_cell *c, value *v, cell_problem problem)
{
    c->state = CELL_INVALID;
    *v = value_unknown(true);
    c->problem = problem;
}

static void absent(typed_cell *c, value *v)
{
    c->state = CELL_ABSENT;
    *v = value_unknown(false);
}

// The five bytes of a spelling of 2 to 5 letters as bool_of reads a cell: byte i is the cell's
// byte min(i, len - 1), ' ' OR'ed in (ASCII lower case for letters, which the spellings are).
#define SPELLING5(a, b, c, d, e)                                                                   \
    (((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 | (uint64_t)(d) << 24 |             \
      (uint64_t)(e) << 32) |                                                                       \
     0x2020202020u)

// What a yes/no cell s[0..len) says: 1 true, 0 false, -1 none of the spellings (and -1 for an
// empty cell, which reads s[0]: the row loop's cells have a NUL there). Inline
// in the row loop (a boolean is the commonest cell), and without a branch on the cell: the
// spellings' lengths differ from cell to cell ("Y", "yes", "TRUE"), which a predictor cannot
// guess. Every spelling longer than one byte has a length of its own: the cell's first five
// bytes (the last one repeated past its end) with ' ' OR'ed in are compared with the one
// spelling of its length. OR-ing ' ' is exact for letters (only 'Y' and 'y' give 'y'); the
// 1-byte spellings, digits among them, are looked up as they are.
static ALWAYS_INLINE int bool_of(const char *s, size_t len)
{
    enum { NOT_BOOL, FALSE_BOOL, TRUE_BOOL };
    static const unsigned char ONE[256] = {
        ['1'] = TRUE_BOOL,  ['y'] = TRUE_BOOL,  ['Y'] = TRUE_BOOL,
        ['0'] = FALSE_BOOL, ['n'] = FALSE_BOOL, ['N'] = FALSE_BOOL};
    // By length (0, 1 and 6 or more: none, as no word has a byte below ' '), and what it says + 1.
    static const uint64_t WORD[8] = {[2] = SPELLING5('n', 'o', 'o', 'o', 'o'),
                                     [3] = SPELLING5('y', 'e', 's', 's', 's'),
                                     [4] = SPELLING5('t', 'r', 'u', 'e', 'e'),
                                     [5] = SPELLING5('f', 'a', 'l', 's', 'e')};
    static const unsigned char SAYS[8] = {0, 0, FALSE_BOOL, TRUE_BOOL, TRUE_BOOL, FALSE_BOOL};
    // Byte 4 is the last one whenever the length is 5 or less (a longer cell matches nothing).
    size_t last = len - (len != 0);
    const unsigned char *u = (const unsigned char *)s;
    uint64_t w = 0x2020202020u | u[0] | (uint64_t)u[last < 1 ? last : 1] << 8 |
                 (uint64_t)u[last < 2 ? last : 2] << 16 | (uint64_t)u[last < 3 ? last : 3] << 24 |
                 (uint64_t)u[last] << 32;
    size_t k = len < 8 ? len : 0;
    // Chosen by masks, not by a condition the compiler would make a branch of.
    unsigned word = SAYS[k] & -(unsigned)(w == WORD[k]);
    unsigned one = ONE[(unsigned char)s[0]], is_one = -(unsigned)(len == 1);
    return (int)((one & is_one) | (word & ~is_one)) - 1;
}

bool cell_is_date(const char *s, size_t len)
{
    return date_is_calendar(s, len);
}

// Whether a[0..len) and b[0..len) are the same bytes, in overlapping words (values are short,
// and a call to memcmp costs more than the comparison). Never reads outside the two ranges.
static inline bool same_bytes(const char *a, const char *b, size_t len)
{
    uint64_t x, y;
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8) {
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            if (x != y)
                return false;
        }
        memcpy(&x, a + len - 8, 8);
        memcpy(&y, b + len - 8, 8);
        return x == y;
    }
    if (len >= 4) {
        uint32_t p, q, r, t;
        memcpy(&p, a, 4);
        memcpy(&q, b, 4);
        memcpy(&r, a + len - 4, 4);
        memcpy(&t, b + len - 4, 4);
        return p == q && r == t;
    }
    for (size_t i = 0; i < len; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

// The index of the first allowed value matching s[0..len) case-insensitively, or -1: the values
// whose key (length, first and last byte) is the cell's, found through the field's table in the
// order they are declared; the exact spelling, what a CSV written from the template holds, is
// compared first.
static ALWAYS_INLINE long allowed_value(const checklist_field *f, const char *s, size_t len)
{
    uint32_t key = checklist_value_key(s, len);
    size_t mask = ((size_t)1 << f->value_table_bits) - 1;
    for (size_t at = checklist_value_slot(key, f->value_table_bits); f->value_table[at];
         at = (at + 1) & mask) {
        size_t i = f->value_table[at] - 1;
        if (f->value_keys[i] == key && f->value_lens[i] == len &&
            (same_bytes(f->values[i], s, len) || checklist_caseeq(f->values[i], s, len)))
            return (long)i;
    }
    return -1;
}

// The item of a list cell at *p: up to the next ';' before end (or end), trimmed, in *item and
// *ilen; *p is moved past its ';'. One way of cutting items for type_list, list_in_copy and
// unallowed_item (which must find the same item type_list refused).
static ALWAYS_INLINE void cut_item(const char **p, const char *end, const char **item, size_t *ilen)
{
    const char *q = memchr(*p, ';', (size_t)(end - *p));
    if (!q)
        q = end;
    *item = *p;
    *ilen = (size_t)(q - *p);
    *p = q + 1;
    trim(item, ilen);
}

// The first item of list cell s[0..len) (trimmed) that is none of f's values, as type_list finds
// it: false when there is none.
static bool unallowed_item(const checklist_field *f, const char *s, size_t len, const char **item,
                           size_t *ilen)
{
    const char *p = s, *end = s + len;
    while (p <= end) {
        cut_item(&p, end, item, ilen);
        if (*ilen && allowed_value(f, *item, *ilen) < 0)
            return true;
    }
    return false;
}

// The problem of an enum cell, or of a list item (named unless it is the whole cell), that is
// none of the field's values, said after the cell's own text ("… is "), with the values to use:
//   not one of the allowed values (mining, oil_gas)
//   not a list of allowed values: "children" is not one (women, men, youth, …)
// The values are cut at about 100 bytes, with "…"; `ddcheck docs` and the template list them all.
static size_t not_allowed_text(const checklist_field *f, const typed_cell *c,
                               char buf[CELL_PROBLEM_SIZE])
{
    const char *s = c->raw ? c->raw : "", *item = NULL;
    size_t len = c->raw ? c->raw_len : 0, ilen = 0;
    trim(&s, &len);
    // A list of one item is said as an enum is; otherwise the item is named.
    if (f->type == FIELD_LIST && (!unallowed_item(f, s, len, &item, &ilen) || ilen == len))
        item = NULL;
    const size_t size = CELL_PROBLEM_SIZE;
    size_t n;
    if (item)
        n = (size_t)snprintf(buf, size, "not a list of allowed values: \"%.*s\" is not one (",
                             (int)(ilen > 80 ? 80 : ilen), item);
    else
        n = (size_t)snprintf(buf, size, "not one of the allowed values (");
    size_t start = n;
    for (size_t i = 0; i < f->value_count; i++) {
        const char *sep = i ? ", " : "";
        if (n - start + f->value_lens[i] > 100) {
            n += (size_t)snprintf(buf + n, size - n, "%s…", sep);
            break;
        }
        n += (size_t)snprintf(buf + n, size - n, "%s%s", sep, f->values[i]);
    }
    n += (size_t)snprintf(buf + n, size - n, ")");
    return n < size ? n : size - 1;
}

size_t cell_problem_text(const checklist_field *f, const typed_cell *c, char buf[CELL_PROBLEM_SIZE])
{
    const char *text = "does not fit its type";
    switch (c->problem) {
    case CELL_FITS:
        break;
    case CELL_NOT_YES_NO:
        text = "not a yes/no value (yes, no, true, false, y, n, 1, 0)";
        break;
    case CELL_NOT_A_NUMBER:
        text = "not a number";
        break;
    case CELL_NOT_A_WHOLE_NUMBER:
        text = "not a whole number";
        break;
    case CELL_TOO_LARGE_TO_COUNT:
        text = "too large a whole number to be read exactly (2^53 = 9007199254740992 or more)";
        break;
    case CELL_NOT_A_PERCENTAGE:
        text = "not a percentage";
        break;
    case CELL_DECIMAL_COMMA:
        text = "not a number (use '.' as the decimal point and no thousands separators)";
        break;
    case CELL_PERCENTAGE_RANGE:
        text = "not a percentage between 0 and 100";
        break;
    case CELL_BELOW_MINIMUM:
        return (size_t)snprintf(buf, CELL_PROBLEM_SIZE, "below the minimum %g", f->min);
    case CELL_ABOVE_MAXIMUM:
        return (size_t)snprintf(buf, CELL_PROBLEM_SIZE, "above the maximum %g", f->max);
    case CELL_NOT_ALLOWED:
        return not_allowed_text(f, c, buf);
    case CELL_NOT_A_DATE:
        text = "not a calendar date in the form YYYY-MM-DD";
        break;
    case CELL_UNKNOWN_TYPE:
        text = "unknown field type";
        break;
    }
    size_t n = strlen(text);
    memcpy(buf, text, n + 1);
    return n;
}

// The declared value that a list item at *p spells out (in any case, after spaces): its index,
// with *p moved past the ';' after it (or past the end), when the value's bytes are followed by
// nothing but spaces up to a ';' or the end; else -1. Found by its first byte: the item's end is
// not looked for first, and the value is compared where it stands. The item the general reading
// would cut there (up to the next ';', trimmed) is then that value, the only one it matches
// (value_first leaves out values with a ';' or an end that trimming would cut).
static ALWAYS_INLINE long spelled_value(const checklist_field *f, const uint32_t *first,
                                        const char **at_p, const char *end)
{
    const char *p = *at_p;
    while (p < end && *p == ' ')
        p++;
    if (p == end)
        return -1;
    for (uint32_t at = first[(unsigned char)*p | 0x20u]; at; at = f->value_next[at - 1]) {
        size_t k = at - 1, vlen = f->value_lens[k];
        if (vlen > (size_t)(end - p) ||
            !(same_bytes(f->values[k], p, vlen) || checklist_caseeq(f->values[k], p, vlen)))
            continue;
        const char *r = p + vlen;
        while (r < end && checklist_is_space(*r))
            r++;
        if (r == end || *r == ';') {
            *at_p = r + 1;
            return (long)k;
        }
    }
    return -1;
}

// A declared value as a list item is compared with it in the row loop: its first 32 bytes, zero
// after its end, and a mask of those that are its own.
enum { PADDED = 32 };
typedef struct padded_value {
    uint64_t bytes[PADDED / 8], mask[PADDED / 8];
} padded_value;

// A list cell no longer than this is copied (cell_plan's lists) so that its items are compared
// 32 bytes at a time without reading past it.
enum { LIST_COPY_MAX = 480 };

// A list field's declared values as a cell_plan reads its cells: padded for same_as_padded, and
// each as the item it makes.
typedef struct list_values {
    padded_value *padded;
    value *items;
} list_values;

// What list_in_copy reads of a field, held in a local: its items are stored as they are found,
// and a store to a value could change any table read through the field (as far as the compiler
// knows), which would then be read again for every item.
typedef struct list_reader {
    const uint32_t *first, *next; // the field's value_first and value_next
    const size_t *lens;           // its value_lens
    char *const *values;          // its values
    const padded_value *padded;   // its values padded (list_values)
} list_reader;

// Whether the bytes at p are value k of r (of length vlen), in the exact spelling: four words,
// each masked to the value's bytes, with no branch on its length. The copy has PADDED bytes after
// its end to read, and p + vlen is within it when vlen > PADDED.
static ALWAYS_INLINE bool same_as_padded(const list_reader *r, size_t k, const char *p, size_t vlen)
{
    // Two 16-byte vectors (GCC's generic vectors: SSE2 on x86-64, words elsewhere).
    typedef uint64_t v2 __attribute__((vector_size(16)));
    v2 x0, x1, b0, b1, m0, m1;
    memcpy(&x0, p, 16);
    memcpy(&x1, p + 16, 16);
    memcpy(&b0, r->padded[k].bytes, 16);
    memcpy(&b1, r->padded[k].bytes + 2, 16);
    memcpy(&m0, r->padded[k].mask, 16);
    memcpy(&m1, r->padded[k].mask + 2, 16);
    v2 d = ((x0 ^ b0) & m0) | ((x1 ^ b1) & m1);
    uint64_t diff = d[0] | d[1];
    return diff == 0 &&
           (vlen <= PADDED || same_bytes(r->values[k] + PADDED, p + PADDED, vlen - PADDED));
}

// spelled_value over a copy of the cell that ends with a ';' (at end) and PADDED bytes more: the
// value at *p that the item there spells out (in any case, after spaces), its index, with *p
// moved past the ';' after it; else -1. The same value spelled_value finds: the candidates in
// the same order, each in the exact spelling first, then ignoring case.
static ALWAYS_INLINE long padded_spelled_value(const list_reader *r, const char **at_p,
                                               const char *end)
{
    const char *p = *at_p;
    while (*p == ' ') // (the ';' at end stops it)
        p++;
    for (uint32_t at = r->first[(unsigned char)*p | 0x20u]; at; at = r->next[at - 1]) {
        size_t k = at - 1, vlen = r->lens[k];
        // A value of up to PADDED bytes that would run past the end meets the ';' there, which no
        // value holds; a longer one is kept from reading past the copy.
        if ((vlen > PADDED && vlen > (size_t)(end - p)) ||
            !(same_as_padded(r, k, p, vlen) || checklist_caseeq(r->values[k], p, vlen)))
            continue;
        const char *q = p + vlen;
        if (*q != ';') { // spaces before the ';' (the ';' at end stops them), or another value
            while (checklist_is_space(*q))
                q++;
            if (*q != ';')
                continue;
        }
        *at_p = q + 1;
        return (long)k;
    }
    return -1;
}

// The ';' among the 64 bytes at p: each vector's matches (-1 a byte) subtracted into counts of
// at most 4 a byte, which one sum of absolute differences adds up, with no branch on the bytes.
static inline size_t count_semicolons(const char *p)
{
#if defined(__SSE2__)
    const __m128i semi = _mm_set1_epi8(';');
    __m128i counts = _mm_setzero_si128();
    for (int j = 0; j < 4; j++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * j));
        counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(v, semi));
    }
    __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
    return (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
#else
    size_t n = 0;
    for (int j = 0; j < 64; j++)
        n += p[j] == ';';
    return n;
#endif
}

// The items of a list cell of at most LIST_COPY_MAX bytes of a field with lv (a cell_plan's, so
// at most LOGIC_SET_MAX values, indexed by their first byte), read from a copy of the cell by
// padded_spelled_value, else cut and looked up as type_list does. The items go straight to the
// arena, one place for each ';' in the copy (counted 64 bytes at a time, with no branch on how
// many there are), each from lv's item of its value.
static ALWAYS_INLINE void list_in_copy(const checklist_field *f, const list_values *lv,
                                       typed_cell *c, value *v, const char *s, size_t len, arena *a,
                                       logic_set *set_out)
{
    enum { WINDOW = 64 };
    // The cell, its ';', then zeros to the end of its last window (and PADDED past any item).
    char copy[LIST_COPY_MAX + 1 + WINDOW];
    memcpy(copy, s, len);
    copy[len] = ';';
    memset(copy + len + 1, 0, WINDOW);
    size_t places = 0;
    for (size_t w = 0; w <= len / WINDOW; w++)
        places += count_semicolons(copy + w * WINDOW);
    value *items = arena_alloc(a, places * sizeof(value));
    const list_reader r = {f->value_first, f->value_next, f->value_lens, f->values, lv->padded};
    const value *declared = lv->items;
    size_t count = 0;
    uint64_t set = 0;
    bool repeats = false;
    const char *p = copy, *end = copy + len;
    while (p <= end) {
        long k = padded_spelled_value(&r, &p, end);
        if (k < 0) { // cut at the next ';' and trimmed
            const char *item;
            size_t ilen;
            cut_item(&p, end, &item, &ilen);
            if (!ilen)
                continue;
            k = allowed_value(f, item, ilen);
            if (k < 0) { // (cell_problem_text finds the item again)
                invalid(c, v, CELL_NOT_ALLOWED);
                return;
            }
        }
        uint64_t bit = (uint64_t)1 << k;
        repeats |= (set & bit) != 0;
        set |= bit;
        items[count++] = declared[k];
    }
    if (count == 0) {
        absent(c, v);
        return;
    }
    *v = value_array(items, count);
    *set_out = (logic_set){.bits = set, .valid = true, .repeats = repeats};
}

// A list cell. With lv (a cell_plan's values of f) and a cell of at most LIST_COPY_MAX bytes,
// by list_in_copy; else its items are read by spelled_value, or cut and looked up.
NOINLINE static void type_list(const checklist_field *f, const list_values *lv, typed_cell *c,
                               value *v, const char *s, size_t len, arena *a, logic_set *set_out)
{
    if (lv && len <= LIST_COPY_MAX) {
        list_in_copy(f, lv, c, v, s, len, a, set_out);
        return;
    }
    // Items go to the stack first; only a list longer than that is measured for the arena.
    enum { LIST_SMALL = 32 };
    value small[LIST_SMALL];
    value *items = small;
    size_t count = 0;
    bool as_set = f->value_count <= LOGIC_SET_MAX;
    uint64_t set = 0;
    bool repeats = false;
    const uint32_t *first = f->value_count ? f->value_first : NULL;
    const char *p = s, *end = s + len;
    while (p <= end) {
        const char *item;
        size_t ilen;
        long k = first ? spelled_value(f, first, &p, end) : -1;
        if (k < 0) { // cut at the next ';' and trimmed
            cut_item(&p, end, &item, &ilen);
            if (!ilen)
                continue;
            if (f->value_count) {
                k = allowed_value(f, item, ilen);
                if (k < 0) { // (cell_problem_text finds the item again)
                    invalid(c, v, CELL_NOT_ALLOWED);
                    return;
                }
            }
        }
        if (k >= 0) {
            item = f->values[k];
            ilen = f->value_lens[k];
            if (as_set) {
                uint64_t bit = (uint64_t)1 << k;
                repeats |= (set & bit) != 0;
                set |= bit;
            }
        }
        if (count == LIST_SMALL && items == small) {
            size_t n = 1;
            for (size_t i = 0; i < len; i++)
                n += s[i] == ';';
            items = arena_alloc(a, n * sizeof(value));
            memcpy(items, small, sizeof small);
        }
        items[count++] = value_string(item, ilen);
    }
    if (count == 0) {
        absent(c, v);
        return;
    }
    if (items == small) {
        items = arena_alloc(a, count * sizeof(value));
        memcpy(items, small, count * sizeof(value));
    }
    *v = value_array(items, count);
    *set_out = (logic_set){.bits = set, .valid = set != 0, .repeats = repeats};
}

// A number's place against its field's bounds: a percentage's 0 to 100, then min and max. One
// rule for type_number and plain_number, the inline path of the commonest number cells.
static ALWAYS_INLINE cell_problem range_problem(const checklist_field *f, bool percent, double d)
{
    if (percent && (d < 0 || d > 100))
        return CELL_PERCENTAGE_RANGE;
    if (f->has_min && d < f->min)
        return CELL_BELOW_MINIMUM;
    if (f->has_max && d > f->max)
        return CELL_ABOVE_MAXIMUM;
    return CELL_FITS;
}

NOINLINE static void type_number(const checklist_field *f, typed_cell *c, value *v, const char *s,
                                 size_t len)
{
    size_t nlen = len;
    if (f->type == FIELD_PERCENT && s[nlen - 1] == '%') {
        nlen--;
        while (nlen && checklist_is_space(s[nlen - 1]))
            nlen--;
    }
    double d;
    bool point, fast = parse_decimal_fast(s, nlen, &d, &point);
    cell_problem problem = CELL_FITS;
    if (!fast && !parse_number_slow(s, nlen, &d)) {
        if (memchr(s, ',', nlen))
            problem = CELL_DECIMAL_COMMA;
        else
            problem = f->type == FIELD_PERCENT   ? CELL_NOT_A_PERCENTAGE
                      : f->type == FIELD_INTEGER ? CELL_NOT_A_WHOLE_NUMBER
                                                 : CELL_NOT_A_NUMBER;
    } else if (f->type == FIELD_INTEGER && // a fast-path number without a point is whole
               (fast ? point : d != floor(d) || memchr(s, '.', nlen) != NULL)) {
        problem = CELL_NOT_A_WHOLE_NUMBER;
    } else if (f->type == FIELD_INTEGER && fabs(d) >= 9007199254740992.0) {
        // Past 2^53 a double skips whole numbers: 9007199254740993 would be read as ...992.
        problem = CELL_TOO_LARGE_TO_COUNT;
    } else {
        problem = range_problem(f, f->type == FIELD_PERCENT, d);
    }
    if (problem != CELL_FITS)
        invalid(c, v, problem);
    else
        *v = value_number(d);
}

NOINLINE static void type_enum(const checklist_field *f, typed_cell *c, value *v, const char *s,
                               size_t len)
{
    long k = allowed_value(f, s, len);
    if (k < 0)
        invalid(c, v, CELL_NOT_ALLOWED);
    else
        *v = value_string(f->values[k], f->value_lens[k]);
}

NOINLINE static void type_date(typed_cell *c, value *v, const char *s, size_t len)
{
    if (!cell_is_date(s, len))
        invalid(c, v, CELL_NOT_A_DATE);
    else
        *v = value_string(s, len);
}

// The commonest number cell, typed inline in type_cell: digits only (a percentage's with a '%'
// right after them), at most 15 of them, within the field's bounds (percent: f is a percent
// field, a constant where it is inlined). *out is then what
// type_number would give: the digits are an integer below 2^53, exact in a double, whole and not
// negative, and none of type_number's problems applies. Anything else is false, for type_number.
static ALWAYS_INLINE bool plain_number(const checklist_field *f, bool percent, const char *s,
                                       size_t len, double *out)
{
    size_t n = len - (percent && s[len - 1] == '%');
    if (n - 1 >= 15) // (n == 0 wraps)
        return false;
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i] - '0';
        if (c > 9)
            return false;
        m = m * 10 + c;
    }
    double d = (double)m;
    if (range_problem(f, percent, d) != CELL_FITS)
        return false;
    *out = d;
    return true;
}

// The cheap types are typed here; numbers, lists, enums and dates in functions of their own, so
// that this one needs no large stack frame for the booleans and texts that make most cells.
// Inline in cell_type and in the row loop's plain ways (type_cell_plain, type_cells_plainly).
static ALWAYS_INLINE void type_cell(const checklist_field *f, const char *raw, size_t len, arena *a,
                                    typed_cell *c, value *v, logic_set *set)
{
    c->state = CELL_PRESENT;
    c->problem = CELL_FITS;
    c->raw = raw;
    c->raw_len = len;
    if (f->type == FIELD_LIST)
        *set = (logic_set){0}; // until type_list finds the cell's items all declared
    const char *s = raw;
    trim(&s, &len);
    if (len == 0) {
        absent(c, v);
        return;
    }
    switch (f->type) {
    case FIELD_TEXT:
        *v = value_string(s, len);
        return;
    case FIELD_BOOLEAN: {
        int b = bool_of(s, len);
        if (b < 0)
            invalid(c, v, CELL_NOT_YES_NO);
        else
            *v = value_bool(b);
        return;
    }
    case FIELD_NUMBER:
    case FIELD_INTEGER:
    case FIELD_PERCENT: {
        double d;
        if (plain_number(f, f->type == FIELD_PERCENT, s, len, &d))
            *v = value_number(d);
        else
            type_number(f, c, v, s, len);
        return;
    }
    case FIELD_LIST:
        type_list(f, NULL, c, v, s, len, a, set);
        return;
    case FIELD_ENUM:
        type_enum(f, c, v, s, len);
        return;
    case FIELD_DATE:
        type_date(c, v, s, len);
        return;
    }
    invalid(c, v, CELL_UNKNOWN_TYPE);
}

void cell_type(const checklist_field *f, const char *raw, size_t len, arena *a, typed_cell *c,
               value *v, logic_set *set)
{
    type_cell(f, raw, len, a, c, v, set);
}

// --- The row loop (cell_type_cells) ----------------------------------------------------------
// A record's cells have a NUL after them (csv_cell), so a cell's bytes can be read up to and
// including s[len]. Yes/no and number cells are typed there as they are, not trimmed first: a
// yes/no cell by a code with no branch on the cell (blank ones too), a number by its digits. A
// cell the fast way does not take (spaces at either end, a value that does not fit, a rarer
// form) is typed as cell_type types it (type_cell_plain). (Enum values in a table by a hash,
// read without a branch, made typing slower on the real CPU, not faster: the enum's
// allowed_value lookup is kept.)

// a when c, else b, by masks: GCC makes a branch of a condition it guesses is predictable, and
// a cell's length is not.
static ALWAYS_INLINE uint64_t pick(bool c, uint64_t a, uint64_t b)
{
    return b ^ ((a ^ b) & -(uint64_t)c);
}

// The groups of a plan, in the order they are typed: one loop each, its typing inline.
enum {
    GROUP_TEXT,
    GROUP_BOOLEAN,
    GROUP_NUMBER,
    GROUP_PERCENT,
    GROUP_LIST,
    GROUP_ENUM,
    GROUP_DATE,
    GROUP_OTHER,
    GROUPS
};

// A field slot with a column in the current header, with what the row loop reads for it.
typedef struct cell_entry {
    size_t slot, column;
    // Where the row loop finds and puts the cell: byte offsets of cells[column], typed[slot] and
    // values[slot] in their arrays, and the cell's 1-based column.
    size_t cell_at, typed_at, value_at, column1;
    double lo, hi; // a number field's bounds, for row_digits (a percentage's 0 to 100 in them)
    bool integer;  // an integer field
    const list_values *padded; // a list's values for type_list (cell_plan's), or NULL
} cell_entry;

struct cell_plan {
    const checklist_field *fields;
    size_t n;
    size_t *slots;        // the field slots, grouped by type (in slot order within a group)
    size_t end[GROUPS];   // slots[end[g - 1] .. end[g]) are group g's (end[-1] is 0)
    list_values **padded; // by slot: a list field's values for type_list's copy, or NULL
    // The current header's columns (cell_plan_set_columns).
    cell_entry *entries;            // the slots that have a column, grouped as slots
    size_t entry_end[GROUPS];       // as end
    size_t *missing, missing_count; // the slots that have none
    size_t columns;                 // the fewest cells a record has for every entry's column
};

static int group_of(field_type t)
{
    switch (t) {
    case FIELD_TEXT:
        return GROUP_TEXT;
    case FIELD_BOOLEAN:
        return GROUP_BOOLEAN;
    case FIELD_NUMBER:
    case FIELD_INTEGER:
        return GROUP_NUMBER;
    case FIELD_PERCENT:
        return GROUP_PERCENT;
    case FIELD_LIST:
        return GROUP_LIST;
    case FIELD_ENUM:
        return GROUP_ENUM;
    case FIELD_DATE:
        return GROUP_DATE;
    }
    return GROUP_OTHER;
}

cell_plan *cell_plan_new(const checklist_field *fields, size_t n)
{
    cell_plan *p = xcalloc(1, sizeof(cell_plan));
    p->fields = fields;
    p->n = n;
    p->slots = xcalloc(n + 1, sizeof(size_t));
    size_t k = 0;
    for (int g = 0; g < GROUPS; g++) {
        for (size_t s = 0; s < n; s++)
            if (group_of(fields[s].type) == g)
                p->slots[k++] = s;
        p->end[g] = k;
    }
    p->padded = xcalloc(n + 1, sizeof(list_values *));
    for (size_t s = 0; s < n; s++) {
        const checklist_field *f = &fields[s];
        if (f->type != FIELD_LIST || !f->value_count || f->value_count > LOGIC_SET_MAX ||
            !f->value_first)
            continue;
        list_values *lv = xcalloc(1, sizeof(list_values));
        lv->padded = xcalloc(f->value_count, sizeof(padded_value));
        lv->items = xcalloc(f->value_count, sizeof(value));
        for (size_t v = 0; v < f->value_count; v++) {
            unsigned char bytes[PADDED] = {0}, mask[PADDED] = {0};
            size_t vlen = f->value_lens[v] < PADDED ? f->value_lens[v] : PADDED;
            memcpy(bytes, f->values[v], vlen);
            memset(mask, 0xFF, vlen);
            memcpy(lv->padded[v].bytes, bytes, PADDED);
            memcpy(lv->padded[v].mask, mask, PADDED);
            lv->items[v] = value_string(f->values[v], f->value_lens[v]);
        }
        p->padded[s] = lv;
    }
    p->entries = xcalloc(n + 1, sizeof(cell_entry));
    p->missing = xcalloc(n + 1, sizeof(size_t));
    for (size_t s = 0; s < n; s++) // (no columns until cell_plan_set_columns)
        p->missing[s] = s;
    p->missing_count = n;
    return p;
}

void cell_plan_set_columns(cell_plan *p, const size_t *column_of_slot)
{
    size_t k = 0, g = 0;
    p->missing_count = 0;
    p->columns = 0;
    for (size_t i = 0; i < p->n; i++) {
        while (i == p->end[g]) // (an empty group ends where the one before it does)
            p->entry_end[g++] = k;
        size_t slot = p->slots[i], column = column_of_slot[slot];
        if (column == SIZE_MAX) {
            p->missing[p->missing_count++] = slot;
            continue;
        }
        const checklist_field *f = &p->fields[slot];
        double lo = f->has_min ? f->min : -INFINITY, hi = f->has_max ? f->max : INFINITY;
        if (f->type == FIELD_PERCENT) {
            lo = lo > 0 ? lo : 0;
            hi = hi < 100 ? hi : 100;
        }
        p->entries[k++] = (cell_entry){
            .slot = slot,
            .column = column,
            .cell_at = column * sizeof(csv_cell),
            .typed_at = slot * sizeof(typed_cell),
            .value_at = slot * sizeof(value),
            .column1 = column + 1,
            .lo = lo,
            .hi = hi,
            .integer = f->type == FIELD_INTEGER,
            .padded = p->padded[slot],
        };
        if (column >= p->columns)
            p->columns = column + 1;
    }
    while (g < GROUPS)
        p->entry_end[g++] = k;
}

void cell_plan_free(cell_plan *p)
{
    if (!p)
        return;
    for (size_t s = 0; s < p->n; s++) {
        if (p->padded[s]) {
            free(p->padded[s]->padded);
            free(p->padded[s]->items);
            free(p->padded[s]);
        }
    }
    free(p->padded);
    free(p->entries);
    free(p->missing);
    free(p->slots);
    free(p);
}

// A record with fewer cells than some field's column: each cell typed by cell_type's way, a
// missing one absent. (Rare: the row loop would test every cell's column for it.)
NOINLINE static size_t type_cells_plainly(const cell_plan *p, const csv_cell *cells, size_t count,
                                          arena *a, typed_cell *typed, value *values,
                                          logic_set *sets)
{
    size_t invalid_cells = 0;
    for (size_t i = 0; i < p->entry_end[GROUPS - 1]; i++) {
        size_t slot = p->entries[i].slot, c = p->entries[i].column;
        typed_cell *tc = &typed[slot];
        if (c >= count) {
            cell_set_absent(tc, &values[slot], &sets[slot]);
            continue;
        }
        type_cell(&p->fields[slot], cells[c].ptr, cells[c].len, a, tc, &values[slot], &sets[slot]);
        tc->line = cells[c].line;
        tc->column = c + 1;
        invalid_cells += tc->state == CELL_INVALID;
    }
    return invalid_cells;
}

// The start of typing entry e's cell: its raw text and place in *tc (cells holds the record's
// cells; *tc and *v are the entry's typed cell and value); returns the cell. Its text is typed
// as it is: a cell with spaces at either end fits no yes/no spelling, no plain number and no
// enum value (none begins or ends with one), and goes to type_cell_plain, which trims.
static ALWAYS_INLINE const csv_cell *row_cell(const cell_entry *e, const csv_cell *cells,
                                              typed_cell *typed, value *values, typed_cell **tc,
                                              value **v)
{
    const csv_cell *cell = (const csv_cell *)((const char *)cells + e->cell_at);
    *tc = (typed_cell *)((char *)typed + e->typed_at);
    *v = (value *)((char *)values + e->value_at);
    _Static_assert(offsetof(typed_cell, raw_len) == offsetof(typed_cell, raw) + 8 &&
                       offsetof(typed_cell, line) == offsetof(typed_cell, raw) + 16 &&
                       offsetof(csv_cell, len) == 8 && offsetof(csv_cell, line) == 16,
                   "a typed cell's raw, raw_len and line are a csv_cell's ptr, len and line");
    memcpy(&(*tc)->raw, cell, 24);
    (*tc)->column = e->column1;
    return cell;
}

// A cell the row loop's fast path leaves (cells with spaces at either end, values that do not
// fit, rarer forms): typed as cell_type types it, its place kept. Returns whether it is invalid.
NOINLINE static bool type_cell_plain(const checklist_field *f, const csv_cell *cell, arena *a,
                                     typed_cell *tc, value *v, logic_set *set)
{
    type_cell(f, cell->ptr, cell->len, a, tc, v, set);
    return tc->state == CELL_INVALID;
}

// A cell's state and problem in one word, as typed_cell begins.
typedef struct cell_head {
    cell_state state;
    cell_problem problem;
} cell_head;
_Static_assert(offsetof(typed_cell, state) == 0 && offsetof(typed_cell, problem) == 4,
               "a typed cell begins with its state and problem");

static ALWAYS_INLINE void set_head(typed_cell *tc, cell_head h)
{
    memcpy(tc, &h, sizeof h);
}

// The start of a list's or a date's cell, whose typing branches anyway: false when it is blank
// (then absent), else true with its text trimmed in *s, *len.
static ALWAYS_INLINE bool row_trimmed(const csv_cell *cell, typed_cell *tc, value *v,
                                      const char **s, size_t *len)
{
    *s = cell->ptr;
    *len = cell->len;
    trim(s, len);
    set_head(tc, (cell_head){*len ? CELL_PRESENT : CELL_ABSENT, CELL_FITS});
    if (*len)
        return true;
    *v = value_unknown(false);
    return false;
}

// The commonest number cells in the row loop: digits with at most one '.' among them (a
// percentage's with a '%' after them, one space before it allowed; an integer field's without a
// '.'), at most 15, that fit lo..hi (a percentage's 0 to 100 and the field's min and max
// together). *out is then the value type_number gives: the digits make an integer m < 2^53 and
// m / 10^k is parse_decimal_fast's one correctly rounded division. Any other cell (blank ones
// too) is false, for type_cell_plain. Reads u[0..len] (u[0] when len is 0).
static ALWAYS_INLINE bool row_digits(const unsigned char *u, size_t len, bool percent, bool integer,
                                     double lo, double hi, double *out)
{
    size_t n = len;
    if (percent) { // (a constant where inlined)
        size_t sign = (n != 0) & (u[n - (n != 0)] == '%');
        n -= sign;
        n -= sign & (n != 0) & (u[n - (n != 0)] == ' ');
    }
    if (n - 1 >= 15) // (n == 0 wraps) at most 15 bytes, so at most 15 digits
        return false;
    uint64_t m = 0;
    size_t point = 0; // the byte after the point, 0 when none
    for (size_t i = 0; i < n; i++) {
        unsigned c = u[i] - '0';
        if (c > 9) {
            if (u[i] != '.' || point || integer)
                return false;
            point = i + 1;
            continue;
        }
        m = m * 10 + c;
    }
    if (point && n == 1) // (a '.' alone)
        return false;
    double d = (double)(int64_t)m;
    if (point) // (a division's latency is a third of a short row's typing: only when needed)
        d /= DECIMAL_POW10[n - point];
    *out = d;
    return (d >= lo) & (d <= hi);
}

// Entries e[from..to) of number and integer fields, or (percent, a constant where inlined) of
// percent fields, in the row loop: row_digits's, blank, or type_cell_plain's. Returns how many
// are invalid.
static ALWAYS_INLINE size_t row_numbers(const checklist_field *fields, const cell_entry *e,
                                        size_t from, size_t to, bool percent, const csv_cell *cells,
                                        arena *a, typed_cell *typed, value *values, logic_set *sets)
{
    size_t invalid_cells = 0;
    for (size_t i = from; i < to; i++) {
        typed_cell *tc;
        value *v;
        const csv_cell *cell = row_cell(&e[i], cells, typed, values, &tc, &v);
        double d;
        const unsigned char *u = (const unsigned char *)cell->ptr;
        if (row_digits(u, cell->len, percent, e[i].integer, e[i].lo, e[i].hi, &d)) {
            set_head(tc, (cell_head){CELL_PRESENT, CELL_FITS});
            *v = value_number(d);
        } else if (cell->len == 0) {
            set_head(tc, (cell_head){CELL_ABSENT, CELL_FITS});
            *v = value_unknown(false);
        } else {
            size_t slot = e[i].slot;
            invalid_cells += type_cell_plain(&fields[slot], cell, a, tc, v, &sets[slot]);
        }
    }
    return invalid_cells;
}

size_t cell_type_cells(const cell_plan *plan, const csv_cell *cells, size_t count, arena *a,
                       typed_cell *typed, value *values, logic_set *sets)
{
    for (size_t i = 0; i < plan->missing_count; i++) {
        size_t slot = plan->missing[i];
        cell_set_absent(&typed[slot], &values[slot], &sets[slot]);
    }
    if (count < plan->columns)
        return type_cells_plainly(plan, cells, count, a, typed, values, sets);
    const checklist_field *fields = plan->fields;
    const cell_entry *e = plan->entries;
    const size_t *end = plan->entry_end;
    size_t invalid_cells = 0, i = 0;
    typed_cell *tc;
    value *v;
    for (; i < end[GROUP_TEXT]; i++) {
        const csv_cell *cell = row_cell(&e[i], cells, typed, values, &tc, &v);
        const char *s = cell->ptr;
        size_t len = cell->len;
        const unsigned char *u = (const unsigned char *)s;
        // Bytes 1 to ' ' at either end (the NUL of a blank cell is not one): a branch seldom
        // taken. Blank cells, common in some columns, are chosen by masks.
        if ((unsigned char)(u[0] - 1) < ' ' || (unsigned char)(u[len - (len != 0)] - 1) < ' ')
            trim(&s, &len);
        bool blank = len == 0;
        set_head(tc, (cell_head){blank ? CELL_ABSENT : CELL_PRESENT, CELL_FITS});
        *v = value_words((value_kind)pick(blank, VALUE_UNKNOWN, VALUE_STRING), 0,
                         (const char *)pick(blank, 0, (uintptr_t)s), len);
    }
    // A yes/no cell by bool_of + 1 (0: none of the spellings, 1 false, 2 true), 3 when blank;
    // its value padded to 32 bytes (an index is a shift).
    static const cell_head BOOL_HEAD[4] = {{CELL_INVALID, CELL_NOT_YES_NO},
                                           {CELL_PRESENT, CELL_FITS},
                                           {CELL_PRESENT, CELL_FITS},
                                           {CELL_ABSENT, CELL_FITS}};
    static const struct {
        value v;
        char pad[32 - sizeof(value)];
    } BOOL_VALUE[4] = {
        {.v = {.kind = VALUE_UNKNOWN, .flags = VALUE_FLAG_INVALID}},
        {.v = {.kind = VALUE_BOOL, .as.boolean = false}},
        {.v = {.kind = VALUE_BOOL, .as.boolean = true}},
        {.v = {.kind = VALUE_UNKNOWN}},
    };
    for (; i < end[GROUP_BOOLEAN]; i++) {
        const csv_cell *cell = row_cell(&e[i], cells, typed, values, &tc, &v);
        size_t code = pick(cell->len == 0, 3, (size_t)(bool_of(cell->ptr, cell->len) + 1));
        set_head(tc, BOOL_HEAD[code]);
        *v = BOOL_VALUE[code].v;
        if (code == 0) // (spaces around a spelling, or none)
            invalid_cells += type_cell_plain(&fields[e[i].slot], cell, a, tc, v, &sets[e[i].slot]);
    }
    invalid_cells +=
        row_numbers(fields, e, i, end[GROUP_NUMBER], false, cells, a, typed, values, sets);
    i = end[GROUP_NUMBER];
    invalid_cells +=
        row_numbers(fields, e, i, end[GROUP_PERCENT], true, cells, a, typed, values, sets);
    i = end[GROUP_PERCENT];
    for (; i < end[GROUP_LIST]; i++) {
        const csv_cell *cell = row_cell(&e[i], cells, typed, values, &tc, &v);
        size_t slot = e[i].slot;
        const char *s;
        size_t len;
        sets[slot] = (logic_set){0}; // until type_list finds the cell's items all declared
        if (!row_trimmed(cell, tc, v, &s, &len))
            continue;
        type_list(&fields[slot], e[i].padded, tc, v, s, len, a, &sets[slot]);
        invalid_cells += tc->state == CELL_INVALID;
    }
    for (; i < end[GROUP_ENUM]; i++) {
        const csv_cell *cell = row_cell(&e[i], cells, typed, values, &tc, &v);
        const char *s;
        size_t len;
        if (!row_trimmed(cell, tc, v, &s, &len))
            continue;
        type_enum(&fields[e[i].slot], tc, v, s, len);
        invalid_cells += tc->state == CELL_INVALID;
    }
    for (; i < end[GROUP_DATE]; i++) {
        const csv_cell *cell = row_cell(&e[i], cells, typed, values, &tc, &v);
        const char *s;
        size_t len;
        if (!row_trimmed(cell, tc, v, &s, &len))
            continue;
        type_date(tc, v, s, len);
        invalid_cells += tc->state == CELL_INVALID;
    }
    for (; i < end[GROUP_OTHER]; i++) { // (a type cell_type does not know: invalid)
        const csv_cell *cell = row_cell(&e[i], cells, typed, values, &tc, &v);
        invalid_cells += type_cell_plain(&fields[e[i].slot], cell, a, tc, v, &sets[e[i].slot]);
    }
    return invalid_cells;
}
