// What several renderers share about a project's gaps (see gaps.h).
#include "gaps.h"

#include "util/xalloc.h"

#include <stdio.h>
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

const char *gaps_request(const checklist_requirement *req, outcome o, bool *is_action)
{
    bool action = o == OUTCOME_UNMET && req->action;
    if (is_action)
        *is_action = action;
    if (action)
        return req->action;
    return outcome_is_failure(o) ? req->gap : NULL;
}

bool gaps_write_display(FILE *out, const project_result *p, const char *open, const char *sep,
                        const char *close, escape_fn escape)
{
    bool any = false;
    for (size_t i = 0; i < p->checklist->display_count; i++) {
        size_t n;
        const char *v = project_display_value(p, i, &n);
        if (!v)
            continue;
        fputs(any ? sep : open, out);
        escape(out, v, n);
        any = true;
    }
    if (any)
        fputs(close, out);
    return any;
}

const char *gaps_floor_text(const checklist_criterion *cr, const criterion_result *res, char *buf,
                            size_t size)
{
    snprintf(buf, size,
             "criterion %.200s is below its floor: it scores %.1f (%zu of %zu applicable "
             "requirements met or waived), its floor is %g",
             cr->id, (double)((long)(res->score * 1000 + 0.5)) / 10, res->satisfied,
             res->applicable, cr->min_score);
    return buf;
}

const char *gaps_floor_request(const checklist_criterion *cr, char *buf, size_t size)
{
    snprintf(buf, size,
             "Meet enough of the requirements of criterion %.200s (the rows above) to reach its "
             "floor of %g",
             cr->id, cr->min_score);
    return buf;
}
