/* Calendar dates written YYYY-MM-DD, in one place: the `date` cell type, the waiver file's dates
 * and lint's check of a date literal in a rule use it. */
#ifndef DDCHECK_DATE_H
#define DDCHECK_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/** Whether s[0..len) is written YYYY-MM-DD (ten characters, digits and two '-'), whether or
 *  not the day exists. */
static inline bool date_has_form(const char *s, size_t len)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

/** Whether s[0..len) is an ISO 8601 calendar date YYYY-MM-DD that exists: month 1 to 12, a day
 *  the month has (2024-02-29 is one, 2025-02-29 and 2024-04-31 are not). Inline: cell typing
 *  calls it for every date cell. Its form is checked as date_has_form says, a word at a time:
 *  with '0' XOR'ed out of each digit's place and '-' out of each dash's, a digit's byte is 0 to 9
 *  (its high half zero, and still zero with 6 added) and a dash's byte 0 (zero with 15 added).
 *  The constants are bytes in memory, read as the text is: right on either byte order. */
static inline bool date_is_calendar(const char *s, size_t len)
{
    static const unsigned char BASE[10] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0'};
    static const unsigned char ADD[10] = {6, 6, 6, 6, 15, 6, 6, 15, 6, 6};
    if (len != 10)
        return false;
    uint64_t w, base, add;
    uint16_t t, tbase, tadd;
    memcpy(&w, s, 8);
    memcpy(&base, BASE, 8);
    memcpy(&add, ADD, 8);
    memcpy(&t, s + 8, 2);
    memcpy(&tbase, BASE + 8, 2);
    memcpy(&tadd, ADD + 8, 2);
    // (A byte whose high half is not zero fails, whatever a carry out of it does to the next.)
    uint64_t x = w ^ base;
    unsigned tx = (unsigned)(t ^ tbase);
    if (((x | (x + add)) & 0xF0F0F0F0F0F0F0F0u) | ((tx | (tx + tadd)) & 0xF0F0u))
        return false;
    // The digits by hand: atoi (glibc's strtol) cost some 170 instructions a date.
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    if (m != 2 || d != 29)
        return true;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    // A leap year: divisible by 4, and not by 100 unless by 400 (by 100 and 16).
    return (y & 3) == 0 && (y % 100 != 0 || (y & 15) == 0);
}

#endif
