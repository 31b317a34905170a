// What several renderers share about a project's gaps (see gaps.h).
#include "gaps.h"

#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
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

const char *gaps_remedy(const checklist_requirement *req, const requirement_result *rr, char *buf,
                        size_t size, const char **label)
{
    if (rr->waiver) {
        *label = "Waived";
        return waiver_describe(rr->waiver, buf, size);
    }
    bool is_action;
    const char *request = gaps_request(req, rr->outcome, &is_action);
    if (request)
        *label = is_action ? "Corrective action" : "Ask the proponent";
    return request;
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

void gaps_write_name(FILE *out, const project_result *p, escape_fn escape)
{
    if (p->key_len)
        escape(out, p->key, p->key_len);
    else
        fputs("(no key)", out);
    gaps_write_display(out, p, " (", " · ", ")", escape);
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

// What an action plan asks of a criterion below its floor.
static const char *floor_request(const checklist_criterion *cr, char *buf, size_t size)
{
    snprintf(buf, size,
             "Meet enough of the requirements of criterion %.200s (the rows above) to reach its "
             "floor of %g",
             cr->id, cr->min_score);
    return buf;
}

void gaps_action_plan(const project_result *p, void (*row)(void *arg, const gaps_action *action),
                      void *arg)
{
    if (p->verdict == VERDICT_INVALID) {
        row(arg, &(gaps_action){.project = p,
                                .outcome = "invalid",
                                .request = "Resubmit this row so that it can be read: one cell "
                                           "per column and the key filled in",
                                .why = p->error,
                                .high = true});
        return;
    }
    if (project_nothing_applies(p)) {
        row(arg, &(gaps_action){.project = p,
                                .outcome = "not_applicable", // every requirement's outcome
                                .request = "Show which requirements apply to this project: every "
                                           "one was found not applicable",
                                .why = NOTHING_APPLIES_TEXT,
                                .high = true});
        return;
    }
    const checklist *cl = p->checklist;
    char *why = NULL;
    size_t why_cap = 0;
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        for (size_t i = cr->first; i < cr->first + cr->count; i++) {
            const checklist_requirement *req = &cl->requirements[i];
            const requirement_result *rr = &p->requirements[i];
            if (!outcome_is_failure(rr->outcome))
                continue;
            size_t why_len = gaps_join_explanations(rr, &why, &why_cap, 0);
            row(arg, &(gaps_action){.project = p,
                                    .requirement = req->id,
                                    .criterion = cr->id,
                                    .text = req->text,
                                    .outcome = outcome_name(rr->outcome),
                                    .request = gaps_request(req, rr->outcome, NULL),
                                    .why = why_len ? why : NULL,
                                    .high = req->critical});
        }
        // A criterion below its floor is a reason for the gap of its own, as severe as a
        // critical one since it alone fails the project: after its requirements' rows.
        if (cr->count && p->criteria[c].below_floor) {
            char request[GAPS_FLOOR_TEXT_SIZE], text[GAPS_FLOOR_TEXT_SIZE];
            row(arg, &(gaps_action){.project = p,
                                    .criterion = cr->id,
                                    .text = cr->title,
                                    .outcome = "below_floor",
                                    .request = floor_request(cr, request, sizeof request),
                                    .why = gaps_floor_text(cr, &p->criteria[c], text, sizeof text),
                                    .high = true});
        }
    }
    free(why);
}
