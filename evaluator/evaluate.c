// Scores one row: types the cells, decides each requirement's outcome in DESIGN.md's order
// (waiver, applies_if, rule), then criterion statuses, the weighted score and the verdict.
#include "evaluate.h"

#include "util/decimal.h"
#include "util/inline.h"
#include "util/xalloc.h"
#include "evaluator/baseline.h"
#include "evaluator/explain.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct evaluator {
    const checklist *cl;
    arena *scratch;
    waiver_set *waivers;
    const baseline *base;
    bool no_explanations;
    row_typer *typer;     // the column mapping of the current file
    size_t columns;       // its header's cells
    logic_context *logic; // evaluates the rules of the current row
    typed_row row;        // the cells of evaluator_record and evaluator_cells, reused
    // Per-row results, reused for every row.
    requirement_result *requirements;
    criterion_result *criteria;
    uint64_t *failing;  // project_result.failing: a bit per requirement
    uint64_t *critical; // the same bits for the critical requirements
    // Some requirement result holds more than its outcome (a waiver, a limit, a baseline mark,
    // explanations) from an earlier row: the next row clears them first.
    bool dirty;
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
    ev->failing = xcalloc(cl->requirement_count / 64 + 1, sizeof(uint64_t));
    ev->critical = xcalloc(cl->requirement_count / 64 + 1, sizeof(uint64_t));
    for (size_t i = 0; i < cl->requirement_count; i++)
        ev->critical[i / 64] |= (uint64_t)cl->requirements[i].critical << (i % 64);
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
    free(ev->failing);
    free(ev->critical);
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
    ev->columns = row_typer_column_count(ev->typer);
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
    double y = score * 10.0;
    // A score is 0..100, so y is 0..1000: round() by hand (half away from zero). y − trunc(y)
    // is exact for 0 <= y < 2^52, so the comparison with 0.5 decides as round() does; -0.0,
    // negatives and larger values (none of them a score) go to round().
    if (y >= 0 && y < 4503599627370496.0 && !signbit(y)) {
        long long whole = (long long)y;
        long long k = whole + (y - (double)whole >= 0.5);
        return k <= 1000 ? DECIMAL_TENTHS[k] : (double)k / 10.0;
    }
    return round(y) / 10.0;
}

// What an outcome adds to its criterion's counts, both in one word: 1 to the applicable ones (low
// half) unless not_applicable, 1 to the satisfied ones (high half) when met or waived. A table
// rather than tests of the outcome: the outcome of a requirement differs from row to row, and
// each test would be a branch that a processor mispredicts.
#define SATISFIED_ONE (1ull << 32)
static const uint64_t OUTCOME_COUNTS[] = {
    [OUTCOME_MET] = 1 + SATISFIED_ONE, [OUTCOME_UNMET] = 1,
    [OUTCOME_NO_EVIDENCE] = 1,         [OUTCOME_INVALID] = 1,
    [OUTCOME_NOT_APPLICABLE] = 0,      [OUTCOME_WAIVED] = 1 + SATISFIED_ONE,
};

// The failures (outcome_is_failure) are the outcomes numbered 1 to 3: one compare.
_Static_assert(OUTCOME_UNMET == 1 && OUTCOME_NO_EVIDENCE == 2 && OUTCOME_INVALID == 3,
               "the failing outcomes are numbered 1 to 3");
static inline uint64_t failure_bit(outcome o)
{
    return (unsigned)o - 1u < 3u;
}

// The outcome of a requirement from the truth of its applies_if when not true (the rule
// decides then), and from the truth of its rule, in DESIGN.md's words: a blank trigger never
// excuses, unknown is no_evidence; unknown because a cell failed its type, an error and a limit
// are invalid.
static const unsigned char APPLIES_OUTCOME[] = {
    [LOGIC_FALSE] = OUTCOME_NOT_APPLICABLE,
    [LOGIC_TRUE] = OUTCOME_MET, // (not read)
    [LOGIC_UNKNOWN] = OUTCOME_NO_EVIDENCE,
    [LOGIC_UNKNOWN_INVALID] = OUTCOME_INVALID,
    [LOGIC_ERROR] = OUTCOME_INVALID,
    [LOGIC_LIMIT] = OUTCOME_INVALID,
};
static const unsigned char RULE_OUTCOME[] = {
    [LOGIC_FALSE] = OUTCOME_UNMET,         [LOGIC_TRUE] = OUTCOME_MET,
    [LOGIC_UNKNOWN] = OUTCOME_NO_EVIDENCE, [LOGIC_UNKNOWN_INVALID] = OUTCOME_INVALID,
    [LOGIC_ERROR] = OUTCOME_INVALID,       [LOGIC_LIMIT] = OUTCOME_INVALID,
};

// A criterion's status from its counts is arithmetic on these values (score_row).
_Static_assert(STATUS_PASS == 0 && STATUS_PARTIAL == 1 && STATUS_GAP == 2 &&
                   STATUS_NOT_APPLICABLE == 3,
               "criterion statuses are numbered as score_row computes them");
_Static_assert(VERDICT_PASS == 0 && VERDICT_GAP == 1, "a verdict is whether it fails");
_Static_assert(BASELINE_NONE == 0, "a cleared requirement result has no baseline mark");

// Puts every requirement result back to its outcome alone (no waiver, limit, baseline mark or
// explanation) after a row that set more: rows rarely do, so a row does not clear what it does
// not set (evaluator.dirty).
static NOINLINE void clear_requirements(evaluator *ev)
{
    for (size_t i = 0; i < ev->cl->requirement_count; i++)
        ev->requirements[i] = (requirement_result){.outcome = ev->requirements[i].outcome};
    ev->dirty = false;
}

// Whether a waiver covers requirement `index` of the row's project (then rr->waiver is it);
// rr->expired_waiver is an expired one that would have.
static NOINLINE bool waived(evaluator *ev, waiver_set *waivers, size_t index,
                            requirement_result *rr)
{
    const project_result *p = &ev->result;
    rr->waiver = waiver_set_find(waivers, p->key, p->key_len, index, &rr->expired_waiver);
    ev->dirty |= rr->waiver || rr->expired_waiver;
    return rr->waiver != NULL;
}

// A rule stopped by an evaluation limit: the requirement is invalid, and the limit is named.
static NOINLINE void note_limit(evaluator *ev, requirement_result *rr, const char *limit)
{
    rr->limit = limit;
    ev->dirty = true;
    ev->result.limited_requirements++;
}

// What a failing requirement adds: whether the baseline knew it, and its explanation (a second,
// non-short-circuiting evaluation with a trace).
static void note_failure(evaluator *ev, const checklist_requirement *req, requirement_result *rr,
                         const logic_env *env, const typed_row *row, bool *any_new)
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

// With a baseline or explanations: note_failure for each failing requirement, in order, and
// whether the gap is new. Out of line: most runs need neither.
static NOINLINE void note_failures(evaluator *ev, const logic_env *env, const typed_row *row)
{
    const checklist *cl = ev->cl;
    project_result *p = &ev->result;
    bool any_new = false, any_failure = false;
    for (size_t w = 0; w * 64 < cl->requirement_count; w++) {
        for (uint64_t bits = ev->failing[w]; bits; bits &= bits - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(bits);
            any_failure = true;
            ev->dirty = true;
            note_failure(ev, &cl->requirements[i], &ev->requirements[i], env, row, &any_new);
        }
    }
    // A gap is new when a failing requirement is new; a gap with nothing failing (no criterion
    // applies) is new when the baseline did not have this project with the same verdict.
    p->new_gap = p->verdict != VERDICT_PASS && ev->base &&
                 (any_new || (!any_failure &&
                              !baseline_knows_verdict(ev->base, p->key, p->key_len, p->verdict)));
}

// Decides every requirement's outcome in DESIGN.md's order (waiver, applies_if, rule) and
// stores it; nothing else (a waiver, a limit) but out of line. A loop of calls that keeps little
// alive across them: the counting is done after it, in score_row.
static void decide_all(evaluator *ev)
{
    const checklist_requirement *req = ev->cl->requirements;
    requirement_result *rr = ev->requirements;
    // Read once a row: logic_test might write memory, so the compiler would read these again
    // for every requirement.
    waiver_set *waivers = ev->waivers;
    logic_context *logic = ev->logic;
    const char *limit = NULL; // logic_test sets it only with LOGIC_LIMIT
    for (size_t i = 0, n = ev->cl->requirement_count; i < n; i++, req++, rr++) {
        if (waivers && waived(ev, waivers, i, rr)) {
            rr->outcome = OUTCOME_WAIVED;
            continue;
        }
        logic_truth t;
        outcome o;
        if (req->applies_if && (t = logic_test(req->applies_if, logic, &limit)) != LOGIC_TRUE) {
            o = (outcome)APPLIES_OUTCOME[t];
        } else {
            t = logic_test(req->rule, logic, &limit);
            o = (outcome)RULE_OUTCOME[t];
        }
        if (t == LOGIC_LIMIT)
            note_limit(ev, rr, limit);
        rr->outcome = o;
    }
}

// Evaluates a row of typed cells: every requirement's outcome (decide_all), then each
// criterion's counts over its requirements (the loader lays the criteria over the requirements
// in order, each a run of its own), the failing requirements' bits, the score and the verdict.
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
    if (ev->dirty)
        clear_requirements(ev);
    decide_all(ev);
    const requirement_result *rr = ev->requirements;
    uint64_t *failing = ev->failing;
    uint64_t failing_bits = 0;
    unsigned floor_failed = 0;
    double weighted = 0, weights = 0;
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        uint64_t counts = 0;
        for (size_t i = cr->first, end = cr->first + cr->count; i < end; i++) {
            outcome o = rr[i].outcome;
            counts += OUTCOME_COUNTS[o];
            failing_bits |= failure_bit(o) << (i & 63);
            if ((i & 63) == 63) {
                failing[i / 64] = failing_bits;
                failing_bits = 0;
            }
        }
        uint32_t applicable = (uint32_t)counts, satisfied = (uint32_t)(counts >> 32);
        // The criterion's results without a branch on its counts (the statuses' and verdicts'
        // numbers are asserted above): not applicable when none applies, with a score of 0, not
        // below its floor (100 × 0 < floor × 0 is false) and no weight in the mean (weight × 0
        // adds nothing to either sum).
        uint32_t none = applicable == 0;
        double score = (double)satisfied / (double)(applicable + none);
        // In whole counts, so that 3 of 4 reaches a floor of 75 without rounding in the way.
        bool below = 100.0 * (double)satisfied < cr->min_score * (double)applicable;
        criterion_result *res = &ev->criteria[c];
        res->applicable = applicable;
        res->satisfied = satisfied;
        res->score = score;
        res->below_floor = below;
        res->status = (criterion_status)((satisfied != applicable) * (1 + (satisfied == 0)) +
                                         STATUS_NOT_APPLICABLE * none);
        floor_failed |= below;
        weighted += cr->weight * score;
        weights += cr->weight * (double)!none;
    }
    size_t words = cl->requirement_count / 64;
    if (cl->requirement_count % 64)
        failing[words++] = failing_bits;
    // A critical requirement that fails is a knock-out.
    uint64_t knocked_out = 0;
    for (size_t w = 0; w < words; w++)
        knocked_out |= failing[w] & ev->critical[w];
    p->scored = weights > 0;
    // The mean first, then the percentage: 100 × a weighted sum near the largest number would
    // overflow to infinity (the loader keeps the weights' total finite).
    p->score = p->scored ? evaluator_round_score(100.0 * (weighted / weights)) : 0;
    // Nothing applicable is no evidence of anything: such a project does not pass. Nor does one
    // with a criterion below its floor: a mean must not let an empty criterion hide.
    bool pass = p->scored & (p->score >= cl->pass_score) & !knocked_out & !floor_failed;
    p->verdict = (verdict)!pass;
    p->error = NULL;
    p->criteria = ev->criteria;
    p->requirements = ev->requirements;
    p->failing = failing;
    p->cells = row->cells;
    p->values = row->values;
    p->invalid_cells = row->invalid_cells;
    p->new_gap = false;
    if (ev->base || !ev->no_explanations)
        note_failures(ev, &env, row);
    return p;
}

// A new row's result: what every row sets; score_row or invalid_row sets the rest.
static void begin_row(evaluator *ev, const char *file, long line, size_t index)
{
    arena_reset(ev->scratch);
    project_result *p = &ev->result;
    p->checklist = ev->cl;
    p->file = file;
    p->line = line;
    p->index = index;
    p->key = "";
    p->key_len = 0;
    p->error_line = 0;
    p->error_column = 0;
    p->limited_requirements = 0;
}

static const project_result *invalid_row(evaluator *ev, const char *error)
{
    project_result *p = &ev->result;
    p->verdict = VERDICT_INVALID;
    p->scored = false;
    p->score = 0;
    p->criteria = NULL;
    p->requirements = NULL;
    p->failing = NULL;
    p->cells = NULL;
    p->values = NULL;
    p->invalid_cells = 0;
    p->error = error;
    p->new_gap = ev->base && !baseline_knows_verdict(ev->base, p->key, p->key_len, VERDICT_INVALID);
    return p;
}

static const char NO_KEY[] = "the row has no key (the key column is empty or missing)";

static bool key_blank(char c)
{
    return c == ' ' || c == '\t';
}

// The key of the row (reported trimmed), or an error message when it has none.
static inline const char *take_key(evaluator *ev, const typed_row *row)
{
    const typed_cell *k = &row->cells[ev->cl->key_field];
    project_result *p = &ev->result;
    if (k->state == CELL_ABSENT)
        return NO_KEY;
    const char *key = k->raw;
    size_t len = k->raw_len;
    if (len && (key_blank(key[0]) || key_blank(key[len - 1]))) {
        while (len && key_blank(*key)) {
            key++;
            len--;
        }
        while (len && key_blank(key[len - 1]))
            len--;
    }
    p->key = key;
    p->key_len = len;
    return NULL;
}

// The invalid result of a record that could not be read whole, has the wrong number of cells,
// or no key (no_key).
static NOINLINE const project_result *refuse_record(evaluator *ev, const csv_record *record,
                                                    size_t columns, const char *no_key)
{
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
    if (record->count != columns) {
        char buf[160];
        snprintf(buf, sizeof buf, "the row has %zu cells but the header has %zu", record->count,
                 columns);
        return invalid_row(ev, arena_strndup(ev->scratch, buf, strlen(buf)));
    }
    return invalid_row(ev, no_key);
}

// The verdict of a typed data record: invalid when it could not be read whole or has no key.
static inline const project_result *finish_record(evaluator *ev, const csv_record *record,
                                                  const typed_row *row)
{
    const char *no_key = take_key(ev, row);
    if (record->error || record->count != ev->columns || no_key)
        return refuse_record(ev, record, ev->columns, no_key);
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
