// What several renderers share about a project's gaps (see gaps.h).
#include "gaps.h"

#include "checklist/xalloc.h"

#include <string.h>

bool gaps_shows_requirement(const requirement_result *rr)
{
    return outcome_is_failure(rr->outcome) || rr->waiver; // waivers are shown too
}

bool gaps_shows_criterion(const project_result *p, const checklist_criterion *cr)
{
    for (size_t i = cr->first; i < cr->first + cr->count; i++)
        if (gaps_shows_requirement(&p->requirements[i]))
            return true;
    return false;
}

size_t gaps_join_explanations(const requirement_result *rr, char **buf, size_t *cap, size_t len)
{
    for (size_t e = 0; e < rr->explanation_count; e++) {
        const char *text = rr->explanations[e].text;
        size_t n = strlen(text);
        xgrow((void **)buf, cap, len + n + 3, 1);
        if (e) {
            memcpy(*buf + len, "; ", 2);
            len += 2;
        }
        memcpy(*buf + len, text, n + 1);
        len += n;
    }
    return len;
}
