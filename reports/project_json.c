// One project as JSON: key, place, score, verdict, and per criterion the requirements with the
// gap text, the fields read and the explanations of every requirement that is not met.
#include "project_json.h"

// The waiver as written in the waiver file; empty optional columns are left out.
static void write_waiver(json_writer *w, const char *name, const waiver_info *wv)
{
    jw_key(w, name);
    jw_begin_object(w);
    jw_key_literal(w, "project");
    jw_string(w, wv->key);
    jw_key_literal(w, "justification");
    jw_string(w, wv->justification);
    const char *optional[][2] = {{"approved_by", wv->approved_by},
                                 {"granted", wv->granted},
                                 {"expires", wv->expires},
                                 {"residual_risk", wv->residual_risk}};
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++) {
        if (!optional[i][1][0])
            continue;
        jw_key(w, optional[i][0]);
        jw_string(w, optional[i][1]);
    }
    jw_key_literal(w, "file");
    jw_string(w, wv->file);
    jw_key_literal(w, "line");
    jw_number(w, (double)wv->line);
    jw_end_object(w);
}

static void write_requirement(json_writer *w, const project_result *p, size_t i)
{
    const checklist *cl = p->checklist;
    const checklist_requirement *req = &cl->requirements[i];
    const requirement_result *rr = &p->requirements[i];
    jw_begin_object(w);
    jw_key_literal(w, "id");
    jw_string(w, req->id);
    jw_key_literal(w, "outcome");
    jw_string(w, outcome_name(rr->outcome));
    if (rr->waiver)
        write_waiver(w, "waiver", rr->waiver);
    if (rr->expired_waiver)
        write_waiver(w, "expired_waiver", rr->expired_waiver);
    if (rr->baseline != BASELINE_NONE) {
        jw_key_literal(w, "baseline");
        jw_string(w, rr->baseline == BASELINE_KNOWN ? "known" : "new");
    }
    if (outcome_is_failure(rr->outcome)) {
        if (req->critical) {
            jw_key_literal(w, "critical");
            jw_bool(w, true);
        }
        if (req->gap) {
            jw_key_literal(w, "gap");
            jw_string(w, req->gap);
        }
        if (req->action && rr->outcome == OUTCOME_UNMET) {
            jw_key_literal(w, "action");
            jw_string(w, req->action);
        }
        jw_key_literal(w, "fields");
        jw_begin_object(w);
        for (size_t f = 0; f < req->field_count; f++) {
            size_t slot = req->fields[f];
            jw_key(w, cl->fields[slot].name);
            jw_value(w, &p->values[slot]);
        }
        jw_end_object(w);
        jw_key_literal(w, "explanations");
        jw_begin_array(w);
        for (size_t e = 0; e < rr->explanation_count; e++) {
            const explanation *x = &rr->explanations[e];
            jw_begin_object(w);
            if (x->op[0]) {
                jw_key_literal(w, "operator");
                jw_string(w, x->op);
            }
            jw_key_literal(w, "field");
            if (x->field >= 0)
                jw_string(w, cl->fields[x->field].name);
            else
                jw_null(w);
            jw_key_literal(w, "actual");
            jw_value(w, &x->actual);
            jw_key_literal(w, "expected");
            jw_value(w, &x->expected);
            jw_key_literal(w, "text");
            jw_string(w, x->text);
            jw_end_object(w);
        }
        jw_end_array(w);
    }
    jw_end_object(w);
}

void project_json_write(json_writer *w, const project_result *p)
{
    const checklist *cl = p->checklist;
    jw_begin_object(w);
    jw_key_literal(w, "key");
    jw_string_n(w, p->key, p->key_len);
    jw_key_literal(w, "file");
    jw_string(w, p->file);
    jw_key_literal(w, "line");
    jw_number(w, (double)p->line);
    if (cl->display_count) {
        // Every display field, null when its cell is empty or the row could not be read.
        jw_key_literal(w, "display");
        jw_begin_object(w);
        for (size_t i = 0; i < cl->display_count; i++) {
            size_t n;
            const char *v = project_display_value(p, i, &n);
            jw_key(w, cl->fields[cl->display[i]].name);
            if (v)
                jw_string_n(w, v, n);
            else
                jw_null(w);
        }
        jw_end_object(w);
    }
    jw_key_literal(w, "score");
    if (p->scored)
        jw_score(w, p->score);
    else
        jw_null(w);
    jw_key_literal(w, "verdict");
    jw_string(w, verdict_name(p->verdict));
    if (p->error) {
        jw_key_literal(w, "error");
        jw_string(w, p->error);
    }
    jw_key_literal(w, "criteria");
    jw_begin_array(w);
    for (size_t c = 0; p->criteria && c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        const criterion_result *res = &p->criteria[c];
        jw_begin_object(w);
        jw_key_literal(w, "id");
        jw_string(w, cr->id);
        jw_key_literal(w, "status");
        jw_string(w, criterion_status_name(res->status));
        jw_key_literal(w, "score");
        if (res->status == STATUS_NOT_APPLICABLE)
            jw_null(w);
        else
            jw_number(w, (double)((long)(res->score * 1000 + 0.5)) / 1000);
        if (res->below_floor) {
            jw_key_literal(w, "below_floor");
            jw_bool(w, true);
        }
        jw_key_literal(w, "requirements");
        jw_begin_array(w);
        for (size_t i = cr->first; i < cr->first + cr->count; i++)
            write_requirement(w, p, i);
        jw_end_array(w);
        jw_end_object(w);
    }
    jw_end_array(w);
    jw_end_object(w);
}

void checklist_provenance_json(json_writer *w, const char *id, const char *version,
                               const char *sha256)
{
    jw_key_literal(w, "checklist");
    jw_begin_object(w);
    jw_key_literal(w, "id");
    jw_string(w, id);
    jw_key_literal(w, "version");
    jw_string(w, version);
    if (sha256) {
        jw_key_literal(w, "sha256");
        jw_string(w, sha256);
    }
    jw_end_object(w);
}
