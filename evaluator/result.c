// The words of DESIGN.md for outcomes, statuses and verdicts, in one place; what every report
// reads of a project besides them (display fields, floors).
#include "result.h"

const char *outcome_name(outcome o)
{
    static const char *const names[] = {"met",     "unmet",          "no_evidence",
                                        "invalid", "not_applicable", "waived"};
    return names[o];
}

const char *criterion_status_name(criterion_status s)
{
    static const char *const names[] = {"pass", "partial", "gap", "not_applicable"};
    return names[s];
}

const char *verdict_name(verdict v)
{
    static const char *const names[] = {"pass", "gap", "invalid"};
    return names[v];
}

const char *project_display_value(const project_result *p, size_t i, size_t *len)
{
    const checklist *cl = p->checklist;
    *len = 0;
    if (!p->cells || i >= cl->display_count)
        return NULL;
    const typed_cell *c = &p->cells[cl->display[i]];
    if (c->state == CELL_ABSENT || !c->raw)
        return NULL;
    const char *s = c->raw;
    size_t n = c->raw_len;
    while (n && checklist_is_space(*s)) {
        s++;
        n--;
    }
    while (n && checklist_is_space(s[n - 1]))
        n--;
    if (n == 0)
        return NULL;
    *len = n;
    return s;
}
