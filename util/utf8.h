/* UTF-8 well-formedness, in one place: the CSV reader's check of every cell, the strict JSON
 * reader and the escaping of every report use it. */
#ifndef DDCHECK_UTF8_H
#define DDCHECK_UTF8_H

#include <stddef.h>

/** The length of the sequence a byte leads: 1 for ASCII, 2 to 4 for a lead byte, 0 for a byte
 *  that cannot start a sequence (a continuation byte, 0xC0, 0xC1, 0xF5 to 0xFF). */
static inline size_t utf8_lead_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    if (c >= 0xE0 && c <= 0xEF)
        return 3;
    if (c >= 0xF0 && c <= 0xF4)
        return 4;
    return 0;
}

/** The length (1 to 4) of the well-formed UTF-8 sequence at s[0..len), len > 0, or 0 when the
 *  bytes there are not one: a byte that cannot lead, a sequence cut short by len, a wrong
 *  continuation byte, an overlong form, an encoded surrogate or a code point past U+10FFFF
 *  (Unicode's table 3-7 of well-formed byte sequences). Any ASCII byte, NUL too, is 1. */
static inline size_t utf8_valid_len(const unsigned char *s, size_t len)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    // One branch per class of lead byte, which also sets the allowed range of the second byte.
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; // overlong
        else if (c == 0xED)
            hi = 0x9F; // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; // overlong
        else if (c == 0xF4)
            hi = 0x8F; // past U+10FFFF
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

#endif
