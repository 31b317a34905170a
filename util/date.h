/* Calendar dates written YYYY-MM-DD, in one place: the `date` cell type, the waiver file's dates
 * and lint's check of a date literal in a rule use it. */
#ifndef DDCHECK_DATE_H
#define DDCHECK_DATE_H

#include <stdbool.h>
#include <stddef.h>

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
 *  calls it for every date cell. */
static inline bool date_is_calendar(const char *s, size_t len)
{
    if (!date_has_form(s, len))
        return false;
    // The digits by hand: atoi (glibc's strtol) cost some 170 instructions a date.
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

#endif
