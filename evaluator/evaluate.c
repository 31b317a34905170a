// Scores one row: types the cells, decides each requirement's outcome in DESIGN.md's order
// (waiver, applies_if, rule), then criterion statuses, the weighted score and the verdict.
#include "evaluate.h"

#include "checklist/xalloc.h"
#include "evaluator/baseline.h"
#include "evaluator/explain.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NO_SLOT SIZE_MAX

struct evaluator {
    const checklist *cl;
    arena *scratch;
    waiver_set *waivers;
    const baseline *base;
    bool no_explanations;
    // Column mapping of the current file.
    size_t *slot_of_column;
    size_t column_count;
    size_t column_cap;
    size_t *column_of_slot;
    bool header_ok;
    // Per-row results, reused for every row.
    typed_cell *cells;
    value *values;
    logic_set *sets; // list cells of fields with declared values, as sets (logic.h)
    requirement_result *requirements;
    criterion_result *criteria;
    project_result result;
};

evaluator *evaluator_new(const checklist *cl)
{
    evaluator *ev = xcalloc(1, sizeof(evaluator));
    ev->cl = cl;
    ev->scratch = arena_new();
    ev->column_of_slot = xcalloc(cl->field_count + 1, sizeof(size_t));
    for (size_t i = 0; i < cl->field_count; i++)
        ev->column_of_slot[i] = NO_SLOT;
    ev->cells = xcalloc(cl->field_count + 1, sizeof(typed_cell));
    ev->values = xcalloc(cl->field_count + 1, sizeof(value));
    ev->sets = xcalloc(cl->field_count + 1, sizeof(logic_set));
    ev->requirements = xcalloc(cl->requirement_count + 1, sizeof(requirement_result));
    ev->criteria = xcalloc(cl->criterion_count + 1, sizeof(criterion_result));
    return ev;
}

void evaluator_free(evaluator *ev)
{
    if (!ev)
        return;
    arena_free(ev->scratch);
    free(ev->slot_of_column);
    free(ev->column_of_slot);
    free(ev->cells);
    free(ev->values);
    free(ev->sets);
    free(ev->requirements);
    free(ev->criteria);
    free(ev);
}

void evaluator_set_waivers(evaluator *ev, waiver_set *waivers)
{
    ev->waivers = waivers;
}

void evaluator_set_baseline(evaluator *ev, const baseline *base)
{
    ev->base = base;
}

void evaluator_set_explanations(evaluator *ev, bool on)
{
    ev->no_explanations = !on;
}

void evaluator_set_header(evaluator *ev, const csv_record *header, const char *file,
                          diag_list *diags)
{
    const checklist *cl = ev->cl;
    xgrow((void **)&ev->slot_of_column, &ev->column_cap, header->count + 1, sizeof(size_t));
    ev->column_count = header->count;
    for (size_t i = 0; i < cl->field_count; i++)
        ev->column_of_slot[i] = NO_SLOT;
    // A header of a million unknown names must not print a million warnings: the first few
    // are named, the rest counted.
    enum { NAMED_COLUMN_WARNINGS = 20 };
    size_t ignored = 0;
    for (size_t c = 0; c < header->count; c++) {
        const csv_cell *cell = &header->cells[c];
        const char *name = cell->ptr;
        size_t len = cell->len;
        while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
            len--;
        while (len && (*name == ' ' || *name == '\t')) {
            name++;
            len--;
        }
        ev->slot_of_column[c] = NO_SLOT;
        if (len == 0) {
            if (ignored++ >= NAMED_COLUMN_WARNINGS)
                continue;
            diag_add(diags, DIAG_WARNING, file, cell->line, (long)c + 1, NULL,
                     "column %zu has an empty name; its cells are ignored", c + 1);
            continue;
        }
        size_t slot = NO_SLOT;
        for (size_t i = 0; i < cl->field_count; i++)
            if (strlen(cl->fields[i].name) == len && memcmp(cl->fields[i].name, name, len) == 0)
                slot = i;
        if (slot == NO_SLOT) {
            if (ignored++ >= NAMED_COLUMN_WARNINGS)
                continue;
            diag_add(diags, DIAG_WARNING, file, cell->line, (long)c + 1, NULL,
                     "column \"%.*s\" is not a field of checklist %s; its cells are ignored",
                     (int)(len > 200 ? 200 : len), name, cl->id);
            continue;
        }
        if (ev->column_of_slot[slot] != NO_SLOT) {
            diag_add(diags, DIAG_WARNING, file, cell->line, (long)c + 1, NULL,
                     "column \"%s\" appears again (first as column %zu); this one is ignored",
                     cl->fields[slot].name, ev->column_of_slot[slot] + 1);
            continue;
        }
        ev->column_of_slot[slot] = c;
        ev->slot_of_column[c] = slot;
    }
    if (ignored > NAMED_COLUMN_WARNINGS)
        diag_add(diags, DIAG_WARNING, file, header->line, 1, NULL,
                 "… and %zu more columns that are not fields of checklist %s (or have no name) "
                 "are ignored",
                 ignored - NAMED_COLUMN_WARNINGS, cl->id);
    for (size_t i = 0; i < cl->field_count; i++) {
        if (ev->column_of_slot[i] != NO_SLOT)
            continue;
        if (i == cl->key_field)
            diag_add(diags, DIAG_WARNING, file, header->line, 1, NULL,
                     "no column \"%s\" (the key): every row will be invalid", cl->fields[i].name);
        else if (cl->fields[i].required)
            diag_add(diags, DIAG_WARNING, file, header->line, 1, NULL,
                     "no column \"%s\" (a required field): its requirements have no evidence",
                     cl->fields[i].name);
    }
    ev->header_ok = true;
}

double evaluator_round_score(double score)
{
    return round(score * 10.0) / 10.0;
}

// The outcome of a value that is not a plain true/false: unknown, or an error the rule raised.
static outcome unknown_outcome(const value *v)
{
    if (v->kind == VALUE_ERROR)
        return OUTCOME_INVALID;
    return (v->flags & VALUE_FLAG_INVALID) ? OUTCOME_INVALID : OUTCOME_NO_EVIDENCE;
}

static outcome decide(evaluator *ev, size_t index, requirement_result *rr, logic_env *env)
{
    const checklist_requirement *req = &ev->cl->requirements[index];
    rr->waiver = NULL;
    rr->expired_waiver = NULL;
    if (ev->waivers) {
        rr->waiver = waiver_set_find(ev->waivers, ev->result.key, ev->result.key_len, index,
                                     &rr->expired_waiver);
        if (rr->waiver)
            return OUTCOME_WAIVED;
    }
    if (req->applies_if) {
        value a = logic_eval(req->applies_if, env);
        if (a.kind == VALUE_UNKNOWN || a.kind == VALUE_ERROR)
            return unknown_outcome(&a); // a blank trigger never excuses a requirement
        if (!value_truthy(&a))
            return OUTCOME_NOT_APPLICABLE;
    }
    value r = logic_eval(req->rule, env);
    if (r.kind == VALUE_UNKNOWN || r.kind == VALUE_ERROR)
        return unknown_outcome(&r);
    return value_truthy(&r) ? OUTCOME_MET : OUTCOME_UNMET;
}

// Evaluates the typed cells already in ev->cells / ev->values.
static const project_result *score_row(evaluator *ev)
{
    const checklist *cl = ev->cl;
    project_result *p = &ev->result;
    logic_env env = {
        .slots = ev->values,
        .slot_count = cl->field_count,
        .sets = ev->sets,
        .scratch = ev->scratch,
    };
    bool critical_failed = false;
    bool any_new = false, any_failure = false;
    for (size_t i = 0; i < cl->requirement_count; i++) {
        const checklist_requirement *req = &cl->requirements[i];
        requirement_result *rr = &ev->requirements[i];
        rr->outcome = decide(ev, i, rr, &env);
        rr->explanations = NULL;
        rr->explanation_count = 0;
        rr->baseline = BASELINE_NONE;
        if (outcome_is_failure(rr->outcome)) {
            critical_failed |= req->critical;
            if (ev->base) {
                bool known = baseline_knows(ev->base, p->key, p->key_len, req->id);
                rr->baseline = known ? BASELINE_KNOWN : BASELINE_NEW;
                any_new |= !known;
                any_failure = true;
            }
            if (ev->no_explanations)
                continue;
            // Explain only what failed: a second, non-short-circuiting evaluation with a trace.
            logic_trace trace = {0};
            logic_env traced = env;
            traced.trace = &trace;
            bool applies_unknown = false;
            if (req->applies_if) {
                value a = logic_eval(req->applies_if, &traced);
                applies_unknown = a.kind == VALUE_UNKNOWN || a.kind == VALUE_ERROR;
            }
            if (!applies_unknown) {
                trace.count = 0;
                (void)logic_eval(req->rule, &traced);
            }
            rr->explanations = explain_requirement(cl, req, rr->outcome, &trace, ev->cells,
                                                   ev->scratch, &rr->explanation_count);
        }
    }
    double weighted = 0, weights = 0;
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        criterion_result *res = &ev->criteria[c];
        res->applicable = 0;
        res->satisfied = 0;
        for (size_t i = cr->first; i < cr->first + cr->count; i++) {
            outcome o = ev->requirements[i].outcome;
            if (o == OUTCOME_NOT_APPLICABLE)
                continue;
            res->applicable++;
            res->satisfied += o == OUTCOME_MET || o == OUTCOME_WAIVED;
        }
        if (res->applicable == 0) {
            res->status = STATUS_NOT_APPLICABLE;
            res->score = 0;
            continue;
        }
        res->score = (double)res->satisfied / (double)res->applicable;
        res->status = res->satisfied == res->applicable ? STATUS_PASS
                      : res->satisfied == 0             ? STATUS_GAP
                                                        : STATUS_PARTIAL;
        weighted += cr->weight * res->score;
        weights += cr->weight;
    }
    p->scored = weights > 0;
    p->score = p->scored ? evaluator_round_score(100.0 * weighted / weights) : 0;
    // Nothing applicable is no evidence of anything: such a project does not pass.
    p->verdict = p->scored && p->score >= cl->pass_score && !critical_failed ? VERDICT_PASS
                                                                             : VERDICT_GAP;
    // A gap is new when a failing requirement is new; a gap with nothing failing (no criterion
    // applies) is new when the baseline did not have this project with the same verdict.
    p->new_gap = p->verdict != VERDICT_PASS && ev->base &&
                 (any_new || (!any_failure &&
                              !baseline_knows_verdict(ev->base, p->key, p->key_len, p->verdict)));
    p->error = NULL;
    p->criteria = ev->criteria;
    p->requirements = ev->requirements;
    p->cells = ev->cells;
    return p;
}

static void begin_row(evaluator *ev, const char *file, long line, size_t index)
{
    arena_reset(ev->scratch);
    project_result *p = &ev->result;
    memset(p, 0, sizeof *p);
    p->checklist = ev->cl;
    p->file = file;
    p->line = line;
    p->index = index;
    p->key = "";
}

static const project_result *invalid_row(evaluator *ev, const char *error)
{
    project_result *p = &ev->result;
    p->verdict = VERDICT_INVALID;
    p->error = error;
    p->new_gap =
        ev->base && !baseline_knows_verdict(ev->base, p->key, p->key_len, VERDICT_INVALID);
    return p;
}

static void set_cell(evaluator *ev, size_t slot, const char *raw, size_t len, long line,
                     size_t column)
{
    typed_cell *c = &ev->cells[slot];
    cell_type(&ev->cl->fields[slot], raw, len, ev->scratch, c);
    c->line = line;
    c->column = column;
    ev->values[slot] = c->value;
    // Only lists of declared values have a set; cell_type leaves set 0 for every other cell.
    ev->sets[slot] = (logic_set){c->set, c->value.kind == VALUE_ARRAY && c->set, c->set_repeats};
}

static void set_missing(evaluator *ev, size_t slot)
{
    ev->cells[slot] = (typed_cell){.state = CELL_ABSENT, .value = value_unknown(false), .raw = ""};
    ev->values[slot] = ev->cells[slot].value;
    ev->sets[slot] = (logic_set){0};
}

// The key of the row, or an error message when it has none.
static const char *take_key(evaluator *ev)
{
    const typed_cell *k = &ev->cells[ev->cl->key_field];
    project_result *p = &ev->result;
    if (k->state == CELL_ABSENT)
        return "the row has no key (the key column is empty or missing)";
    p->key = k->raw;
    p->key_len = k->raw_len;
    // Keys are reported trimmed.
    while (p->key_len && (*p->key == ' ' || *p->key == '\t')) {
        p->key++;
        p->key_len--;
    }
    while (p->key_len && (p->key[p->key_len - 1] == ' ' || p->key[p->key_len - 1] == '\t'))
        p->key_len--;
    return NULL;
}

const project_result *evaluator_record(evaluator *ev, const csv_record *record, const char *file,
                                       size_t index)
{
    const checklist *cl = ev->cl;
    begin_row(ev, file, record->line, index);
    for (size_t s = 0; s < cl->field_count; s++) {
        size_t c = ev->column_of_slot[s];
        if (c != NO_SLOT && c < record->count)
            set_cell(ev, s, record->cells[c].ptr, record->cells[c].len, record->cells[c].line,
                     c + 1);
        else
            set_missing(ev, s);
    }
    const char *no_key = take_key(ev);
    if (record->error) {
        char buf[256];
        snprintf(buf, sizeof buf, "the row cannot be read: %s", record->error);
        return invalid_row(ev, arena_strndup(ev->scratch, buf, strlen(buf)));
    }
    if (record->count != ev->column_count) {
        char buf[160];
        snprintf(buf, sizeof buf, "the row has %zu cells but the header has %zu", record->count,
                 ev->column_count);
        return invalid_row(ev, arena_strndup(ev->scratch, buf, strlen(buf)));
    }
    if (no_key)
        return invalid_row(ev, no_key);
    return score_row(ev);
}

const project_result *evaluator_cells(evaluator *ev, const char *const *cells, const char *file,
                                      long line, size_t index)
{
    const checklist *cl = ev->cl;
    begin_row(ev, file, line, index);
    for (size_t s = 0; s < cl->field_count; s++) {
        if (cells[s])
            set_cell(ev, s, cells[s], strlen(cells[s]), line, s + 1);
        else
            set_missing(ev, s);
    }
    const char *no_key = take_key(ev);
    if (no_key)
        return invalid_row(ev, no_key);
    return score_row(ev);
}
