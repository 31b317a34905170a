// A waiver in words, the same in every report.
#include "waiver_info.h"

#include <stdio.h>
#include <string.h>

char *waiver_describe(const waiver_info *w, char *buf, size_t size)
{
    snprintf(buf, size, "%s (%s%s%s%s%s%s%s %s; %s%s%s%s:%ld)", w->justification,
             w->approved_by[0] ? "approved by " : "", w->approved_by, w->approved_by[0] ? "; " : "",
             w->granted[0] ? "granted " : "", w->granted, w->granted[0] ? "; " : "",
             w->expired ? "expired" : "expires", w->expires[0] ? w->expires : "never",
             w->residual_risk[0] ? "residual risk " : "", w->residual_risk,
             w->residual_risk[0] ? "; " : "", w->file, w->line);
    // A long justification is cut at the buffer's end: never in the middle of a UTF-8
    // character, or every format would carry an invalid byte sequence.
    size_t len = strlen(buf);
    if (len + 1 == size) {
        size_t lead = len;
        while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xC0) == 0x80)
            lead--;
        if (lead > 0 && (unsigned char)buf[lead - 1] >= 0xC0) {
            unsigned char c = (unsigned char)buf[lead - 1];
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (len - (lead - 1) < need)
                buf[lead - 1] = '\0';
        }
    }
    return buf;
}
