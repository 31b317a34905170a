// Scores one row: types the cells, decides each requirement's outcome in DESIGN.md's order
// (waiver, applies_if, rule), then criterion statuses, the weighted score and the verdict.
#include "evaluate.h"

#include "util/xalloc.h"
#include "evaluator/baseline.h"
#include "evaluator/explain.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// Keeps what few rows need out of the scoring loop.
#define NOINLINE __attribute__((noinline))

struct evaluator {
    const checklist *cl;
    arena *scratch;
    waiver_set *waivers;
    const baseline *base;
    bool no_explanations;
    row_typer *typer;     // the column mapping of the current file
    logic_context *logic; // evaluates the rules of the current row
    typed_row row;        // the cells of evaluator_record and evaluator_cells, reused
    // Per-row results, reused for every row.
    requirement_result *requirements;
    criterion_result *criteria;
    project_result result;
};

evaluator *evaluator_new(const checklist *cl)
{
    evaluator *ev = xcalloc(1, sizeof(evaluator));
    ev->cl = cl;
    ev->scratch = arena_new();
    ev->logic = logic_context_new();
    ev->typer = row_typer_new(cl);
    ev->row = typed_row_new(cl);
    ev->requirements = xcalloc(cl->requirement_count + 1, sizeof(requirement_result));
    ev->criteria = xcalloc(cl->criterion_count + 1, sizeof(criterion_result));
    return ev;
}

void evaluator_free(evaluator *ev)
{
    if (!ev)
        return;
    arena_free(ev->scratch);
    logic_context_free(ev->logic);
    row_typer_free(ev->typer);
    typed_row_free(&ev->row);
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

// A header name or field name folded for the "did you mean" hint: lower case, without spaces,
// underscores, hyphens or tabs (NAME_LOOSE_HINT: wider than the mapping's same_loosely in
// row_typer.c, which reads a column as a field; row_typer.h says why); NULL when longer than the
// buffer (such names are not compared).
static const char *fold_name(const char *s, size_t len, char *buf, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (name_byte_skipped(c, NAME_LOOSE_HINT))
            continue;
        if (n + 1 >= size)
            return NULL;
        buf[n++] = (char)name_byte_folded(c);
    }
    buf[n] = '\0';
    return buf;
}

// Edit distance of a and b, or more than `limit` (then any value above it).
static size_t distance_within(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0], best = row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = prev + (a[i - 1] != b[j - 1]);
            size_t v = cost < up + 1 ? cost : up + 1;
            row[j] = v < row[j - 1] + 1 ? v : row[j - 1] + 1;
            prev = up;
            best = row[j] < best ? row[j] : best;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[lb];
}

// The header column not used for any field whose name is closest to field f's, when close
// enough to be a likely misspelling; SIZE_MAX when none is.
static size_t closest_column(const evaluator *ev, const csv_record *header, size_t f)
{
    char want[65], have[65];
    const char *name = ev->cl->fields[f].name;
    if (!fold_name(name, strlen(name), want, sizeof want))
        return SIZE_MAX;
    size_t len = strlen(want);
    // A quarter of the name may differ (at least one character): "assessed" for assessed_on.
    size_t limit = len / 4 > 1 ? len / 4 : 1, best = SIZE_MAX, best_d = limit + 1;
    for (size_t c = 0; c < header->count; c++) {
        size_t slot;
        if (row_typer_column(ev->typer, c, &slot) != COLUMN_NOT_A_FIELD)
            continue;
        const char *col;
        size_t col_len;
        row_typer_column_name(&header->cells[c], &col, &col_len);
        if (!fold_name(col, col_len, have, sizeof have))
            continue;
        size_t d = distance_within(want, have, limit);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

// Whether some requirement reads field f.
static bool field_is_read(const checklist *cl, size_t f)
{
    for (size_t r = 0; r < cl->requirement_count; r++)
        for (size_t i = 0; i < cl->requirements[r].field_count; i++)
            if (cl->requirements[r].fields[i] == f)
                return true;
    return false;
}

// Says, once per file, what the header lacks: the key and required fields always, any other
// field some rule reads when a column has a name close to it ("did you mean …?").
static void missing_fields(evaluator *ev, const csv_record *header, const char *file,
                           diag_list *diags)
{
    const checklist *cl = ev->cl;
    for (size_t i = 0; i < cl->field_count; i++) {
        if (row_typer_column_of(ev->typer, i) != SIZE_MAX)
            continue;
        size_t near = closest_column(ev, header, i);
        char hint[300] = "";
        if (near != SIZE_MAX) {
            const char *col;
            size_t col_len;
            row_typer_column_name(&header->cells[near], &col, &col_len);
            snprintf(hint, sizeof hint, "; did you mean column %zu, \"%.*s\"?", near + 1,
                     (int)(col_len > 200 ? 200 : col_len), col);
        }
        if (i == cl->key_field)
            diag_add(diags, DIAG_WARNING, file, header->line, 1, NULL,
                     "no column \"%s\" (the key): every row will be invalid%s", cl->fields[i].name,
                     hint);
        else if (cl->fields[i].required)
            diag_add(diags, DIAG_WARNING, file, header->line, 1, NULL,
                     "no column \"%s\" (a required field): its requirements have no evidence%s",
                     cl->fields[i].name, hint);
        else if (near != SIZE_MAX && field_is_read(cl, i))
            diag_add(diags, DIAG_WARNING, file, header->line, 1, NULL,
                     "no column \"%s\": its requirements have no evidence%s", cl->fields[i].name,
                     hint);
    }
}

void evaluator_set_header(evaluator *ev, const csv_record *header, const char *file,
                          diag_list *diags)
{
    const checklist *cl = ev->cl;
    row_typer_set_header(ev->typer, header);
    // A header of a million unknown names must not print a million warnings: the first few
    // are named, the rest counted.
    enum { NAMED_COLUMN_WARNINGS = 20 };
    size_t ignored = 0;
    for (size_t c = 0; c < header->count; c++) {
        const csv_cell *cell = &header->cells[c];
        size_t slot;
        column_kind kind = row_typer_column(ev->typer, c, &slot);
        if (kind == COLUMN_FIELD && row_typer_column_loose(ev->typer, c)) {
            const char *name;
            size_t len;
            row_typer_column_name(cell, &name, &len);
            diag_add(diags, DIAG_WARNING, file, cell->line, (long)c + 1, NULL,
                     "column \"%.*s\" is taken as field %s: the names differ only in case, "
                     "spaces or underscores",
                     (int)(len > 200 ? 200 : len), name, cl->fields[slot].name);
            continue;
        }
        if (kind == COLUMN_FIELD)
            continue;
        if (kind == COLUMN_REPEATED) {
            size_t first = row_typer_column_of(ev->typer, slot);
            diag_add(diags, DIAG_WARNING, file, cell->line, (long)c + 1, NULL,
                     "column \"%s\" appears again (first as column %zu); this one is ignored",
                     cl->fields[slot].name, first + 1);
            continue;
        }
        if (ignored++ >= NAMED_COLUMN_WARNINGS)
            continue;
        if (kind == COLUMN_NO_NAME) {
            diag_add(diags, DIAG_WARNING, file, cell->line, (long)c + 1, NULL,
                     "column %zu has an empty name; its cells are ignored", c + 1);
        } else {
            const char *name;
            size_t len;
            row_typer_column_name(cell, &name, &len);
            diag_add(diags, DIAG_WARNING, file, cell->line, (long)c + 1, NULL,
                     "column \"%.*s\" is not a field of checklist %s; its cells are ignored",
                     (int)(len > 200 ? 200 : len), name, cl->id);
        }
    }
    if (ignored > NAMED_COLUMN_WARNINGS)
        diag_add(diags, DIAG_WARNING, file, header->line, 1, NULL,
                 "… and %zu more columns that are not fields of checklist %s (or have no name) "
                 "are ignored",
                 ignored - NAMED_COLUMN_WARNINGS, cl->id);
    missing_fields(ev, header, file, diags);
}

double evaluator_round_score(double score)
{
    return round(score * 10.0) / 10.0;
}

// A rule stopped by an evaluation limit: the requirement is invalid, and the limit is named.
static outcome limit_outcome(evaluator *ev, requirement_result *rr, const char *limit)
{
    rr->limit = limit;
    ev->result.limited_requirements++;
    return OUTCOME_INVALID;
}

// The outcome of a rule (or an applies_if) that was neither true nor false.
static outcome failed_outcome(evaluator *ev, requirement_result *rr, logic_truth t,
                              const char *limit)
{
    if (t == LOGIC_LIMIT)
        return limit_outcome(ev, rr, limit);
    return t == LOGIC_UNKNOWN ? OUTCOME_NO_EVIDENCE : OUTCOME_INVALID;
}

// The outcome of requirement req (number index), in DESIGN.md's order: waiver, applies_if, rule.
// waivers is ev->waivers, read once a row (logic_test might write memory, so it was read again
// for every requirement).
static inline outcome decide(evaluator *ev, waiver_set *waivers, size_t index,
                             const checklist_requirement *req, requirement_result *rr)
{
    rr->waiver = NULL;
    rr->expired_waiver = NULL;
    rr->limit = NULL;
    if (waivers) {
        rr->waiver = waiver_set_find(waivers, ev->result.key, ev->result.key_len, index,
                                     &rr->expired_waiver);
        if (rr->waiver)
            return OUTCOME_WAIVED;
    }
    const char *limit = NULL;
    if (req->applies_if) {
        logic_truth a = logic_test(req->applies_if, ev->logic, &limit);
        if (a != LOGIC_TRUE && a != LOGIC_FALSE) // a blank trigger never excuses
            return failed_outcome(ev, rr, a, limit);
        if (a == LOGIC_FALSE)
            return OUTCOME_NOT_APPLICABLE;
    }
    logic_truth r = logic_test(req->rule, ev->logic, &limit);
    if (r != LOGIC_TRUE && r != LOGIC_FALSE)
        return failed_outcome(ev, rr, r, limit);
    return r == LOGIC_TRUE ? OUTCOME_MET : OUTCOME_UNMET;
}

// What a failing requirement adds: whether the baseline knew it, and its explanation (a second,
// non-short-circuiting evaluation with a trace). Out of line: most runs need neither.
static NOINLINE void note_failure(evaluator *ev, const checklist_requirement *req,
                                  requirement_result *rr, const logic_env *env,
                                  const typed_row *row, bool *any_new)
{
    const project_result *p = &ev->result;
    if (ev->base) {
        bool known = baseline_knows(ev->base, p->key, p->key_len, req->id);
        rr->baseline = known ? BASELINE_KNOWN : BASELINE_NEW;
        *any_new |= !known;
    }
    if (ev->no_explanations)
        return;
    logic_trace trace = {0};
    logic_env traced = *env;
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
    rr->explanations = explain_requirement(ev->cl, req, rr->outcome, rr->limit, &trace, row->cells,
                                           row->values, ev->scratch, &rr->explanation_count);
}

// Evaluates a row of typed cells: each criterion's requirements in turn (the loader lays the
// criteria over the requirements in order, each a run of its own), counted as they are decided.
static const project_result *score_row(evaluator *ev, const typed_row *row)
{
    const checklist *cl = ev->cl;
    project_result *p = &ev->result;
    logic_env env = {
        .slots = row->values,
        .slot_count = cl->field_count,
        .sets = row->sets,
        .scratch = ev->scratch,
    };
    logic_context_row(ev->logic, &env);
    const bool noted = ev->base || !ev->no_explanations;
    waiver_set *waivers = ev->waivers;
    bool critical_failed = false;
    bool any_new = false, any_failure = false;
    double weighted = 0, weights = 0;
    bool floor_failed = false;
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        criterion_result *res = &ev->criteria[c];
        size_t applicable = 0, satisfied = 0;
        const checklist_requirement *req = cl->requirements + cr->first;
        requirement_result *rr = ev->requirements + cr->first;
        for (size_t i = cr->first, end = cr->first + cr->count; i < end; i++, req++, rr++) {
            outcome o = decide(ev, waivers, i, req, rr);
            rr->outcome = o;
            rr->explanations = NULL;
            rr->explanation_count = 0;
            rr->baseline = BASELINE_NONE;
            applicable += o != OUTCOME_NOT_APPLICABLE;
            satisfied += o == OUTCOME_MET || o == OUTCOME_WAIVED;
            if (outcome_is_failure(o)) {
                critical_failed |= req->critical;
                any_failure = true;
                if (noted)
                    note_failure(ev, req, rr, &env, row, &any_new);
            }
        }
        res->applicable = applicable;
        res->satisfied = satisfied;
        res->below_floor = false;
        if (applicable == 0) {
            res->status = STATUS_NOT_APPLICABLE;
            res->score = 0;
            continue;
        }
        res->score = (double)satisfied / (double)applicable;
        // In whole counts, so that 3 of 4 reaches a floor of 75 without rounding in the way.
        res->below_floor = 100.0 * (double)satisfied < cr->min_score * (double)applicable;
        floor_failed |= res->below_floor;
        res->status = satisfied == applicable ? STATUS_PASS
                      : satisfied == 0        ? STATUS_GAP
                                              : STATUS_PARTIAL;
        weighted += cr->weight * res->score;
        weights += cr->weight;
    }
    p->scored = weights > 0;
    // The mean first, then the percentage: 100 × a weighted sum near the largest number would
    // overflow to infinity (the loader keeps the weights' total finite).
    p->score = p->scored ? evaluator_round_score(100.0 * (weighted / weights)) : 0;
    // Nothing applicable is no evidence of anything: such a project does not pass. Nor does one
    // with a criterion below its floor: a mean must not let an empty criterion hide.
    p->verdict = p->scored && p->score >= cl->pass_score && !critical_failed && !floor_failed
                     ? VERDICT_PASS
                     : VERDICT_GAP;
    // A gap is new when a failing requirement is new; a gap with nothing failing (no criterion
    // applies) is new when the baseline did not have this project with the same verdict.
    p->new_gap = p->verdict != VERDICT_PASS && ev->base &&
                 (any_new || (!any_failure &&
                              !baseline_knows_verdict(ev->base, p->key, p->key_len, p->verdict)));
    p->error = NULL;
    p->criteria = ev->criteria;
    p->requirements = ev->requirements;
    p->cells = row->cells;
    p->values = row->values;
    p->invalid_cells = row->invalid_cells;
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
    p->new_gap = ev->base && !baseline_knows_verdict(ev->base, p->key, p->key_len, VERDICT_INVALID);
    return p;
}

// The key of the row, or an error message when it has none.
static const char *take_key(evaluator *ev, const typed_row *row)
{
    const typed_cell *k = &row->cells[ev->cl->key_field];
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

// The verdict of a typed data record: invalid when it could not be read whole or has no key.
static const project_result *finish_record(evaluator *ev, const csv_record *record,
                                           const typed_row *row)
{
    const char *no_key = take_key(ev, row);
    if (record->error) {
        char buf[320];
        snprintf(buf, sizeof buf, "the row cannot be read: %s", record->error);
        project_result *p = &ev->result;
        size_t c = record->error_column;
        if (c > 0 && c <= record->count) { // the cell named is one read (not one dropped)
            p->error_line = record->cells[c - 1].line;
            p->error_column = (long)c;
        }
        return invalid_row(ev, arena_strndup(ev->scratch, buf, strlen(buf)));
    }
    size_t columns = row_typer_column_count(ev->typer);
    if (record->count != columns) {
        char buf[160];
        snprintf(buf, sizeof buf, "the row has %zu cells but the header has %zu", record->count,
                 columns);
        return invalid_row(ev, arena_strndup(ev->scratch, buf, strlen(buf)));
    }
    if (no_key)
        return invalid_row(ev, no_key);
    return score_row(ev, row);
}

const project_result *evaluator_record(evaluator *ev, const csv_record *record, const char *file,
                                       size_t index)
{
    begin_row(ev, file, record->line, index);
    row_typer_type(ev->typer, record, ev->scratch, &ev->row);
    return finish_record(ev, record, &ev->row);
}

const project_result *evaluator_typed_record(evaluator *ev, const csv_record *record,
                                             const typed_row *row, const char *file, size_t index)
{
    begin_row(ev, file, record->line, index);
    return finish_record(ev, record, row);
}

const project_result *evaluator_cells(evaluator *ev, const char *const *cells, const char *file,
                                      long line, size_t index)
{
    begin_row(ev, file, line, index);
    row_type_cells(ev->cl, cells, line, ev->scratch, &ev->row);
    const char *no_key = take_key(ev, &ev->row);
    if (no_key)
        return invalid_row(ev, no_key);
    return score_row(ev, &ev->row);
}
