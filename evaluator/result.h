/* The results model: what the evaluator hands to every report renderer, one project at a time. */
#ifndef DDCHECK_RESULT_H
#define DDCHECK_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checklist/checklist.h"
#include "evaluator/cell.h"
#include "evaluator/waiver_info.h"

typedef enum {
    OUTCOME_MET,
    OUTCOME_UNMET,
    OUTCOME_NO_EVIDENCE,
    OUTCOME_INVALID,
    OUTCOME_NOT_APPLICABLE,
    OUTCOME_WAIVED,
} outcome;

typedef enum {
    STATUS_PASS,
    STATUS_PARTIAL,
    STATUS_GAP,
    STATUS_NOT_APPLICABLE,
} criterion_status;

typedef enum {
    VERDICT_PASS,
    VERDICT_GAP,
    VERDICT_INVALID,
} verdict;

/** The words of DESIGN.md: "met", "no_evidence", …; "pass", "partial", …; "pass", "gap", … */
const char *outcome_name(outcome o);
const char *criterion_status_name(criterion_status s);
const char *verdict_name(verdict v);

/** Whether an outcome is a gap that fails its requirement: unmet, no_evidence or invalid (not met,
 *  not_applicable or waived). Inline: renderers ask it for every requirement of every project. */
static inline bool outcome_is_failure(outcome o)
{
    return o == OUTCOME_UNMET || o == OUTCOME_NO_EVIDENCE || o == OUTCOME_INVALID;
}

/** What the reports say of a project whose verdict is gap with no requirement failing: every
 *  requirement was not applicable, so it has no score and does not pass (docs/decisions.md).
 *  Formats that list only failing requirements (junit, tap, github, sarif, actions) would show
 *  nothing: they show this instead, as a failure. */
#define NOTHING_APPLIES_TEXT                                                                       \
    "no requirement applies to this project, so nothing was shown: it does not pass"

/** One reason a requirement is not met, in data and in words. */
typedef struct explanation {
    const char *op;   /* the JSON Logic operator of the deciding leaf ("", when none) */
    long field;       /* the field slot it read, or -1 */
    value actual;     /* the value read (or computed from the field) */
    value expected;   /* what the rule compares it with (VALUE_NULL when nothing) */
    const char *text; /* e.g. "Women's share of participants is 31 %, the requirement is at
                         least 40 %" */
} explanation;

/** Whether a failing requirement was already failing in the --baseline report. */
typedef enum {
    BASELINE_NONE,  /* no baseline, or the requirement does not fail */
    BASELINE_KNOWN, /* failing in the baseline too (same project key and requirement id) */
    BASELINE_NEW,   /* a new gap */
} baseline_mark;

typedef struct requirement_result {
    outcome outcome;
    const explanation *explanations;
    size_t explanation_count;
    /** For outcome waived: the waiver that covers it (owned by the waiver set); else NULL. */
    const waiver_info *waiver;
    /** An expired waiver that would have covered it (the requirement was evaluated); or NULL. */
    const waiver_info *expired_waiver;
    baseline_mark baseline;
    /** For outcome invalid: the evaluation limit its rule or applies_if reached (logic.h's
     *  LOGIC_LIMIT_* text, static), or NULL when none did. */
    const char *limit;
} requirement_result;

typedef struct criterion_result {
    criterion_status status;
    double score;      /* share of applicable requirements met or waived, 0..1 */
    size_t applicable; /* requirements not not_applicable */
    size_t satisfied;  /* met or waived */
    /** Applicable, and its score × 100 is below the criterion's floor (min_score): the project
     *  has a gap, and every report names this criterion as a reason. */
    bool below_floor;
} criterion_result;

/** One project (one CSV row). Everything it points at is valid only while a renderer's project
 *  callback runs; renderers copy what they keep. */
typedef struct project_result {
    const checklist *checklist;
    size_t index;     /* 0-based position in the batch */
    const char *file; /* display name: the path as given, or "<stdin>" */
    long line;        /* the line the row starts on */
    const char *key;  /* the key cell (may be empty for an invalid row) */
    size_t key_len;
    verdict verdict;
    bool scored;  /* false for invalid rows and rows where no criterion applies */
    double score; /* 0..100, one decimal */
    /** For verdict invalid: why the row could not be read as a row. NULL otherwise. */
    const char *error;
    /** For verdict invalid: where, for its message: the line and 1-based cell number of the
     *  cell the error names (a NUL byte, a stray quote), else 0 (then the row's line, cell 1). */
    long error_line;
    long error_column;
    /** Per criterion / requirement / field slot of the checklist; NULL for an invalid row. */
    const criterion_result *criteria;
    const requirement_result *requirements;
    /** The requirements whose outcome is a failure (outcome_is_failure), a bit each: bit i % 64
     *  of failing[i / 64] for requirement i, the bits past the last requirement clear; NULL for
     *  an invalid row. A renderer that names only failing requirements walks these bits rather
     *  than testing every outcome. */
    const uint64_t *failing;
    const typed_cell *cells;
    const value *values; /* the cells' typed values, by slot */
    /** How many of the cells are CELL_INVALID (each gets a warning). */
    size_t invalid_cells;
    /** How many requirements reached an evaluation limit (requirement_result.limit; each gets a
     *  warning). */
    size_t limited_requirements;
    /** With --baseline: the verdict is gap or invalid because of something the baseline did not
     *  have (a new failing requirement, or a new invalid row). Always false without one. */
    bool new_gap;
} project_result;

/** Whether p's verdict is gap with nothing failing: no criterion applies, so it has no score
 *  (NOTHING_APPLIES_TEXT). */
static inline bool project_nothing_applies(const project_result *p)
{
    return p->verdict == VERDICT_GAP && !p->scored;
}

/** The cell of p's i-th display field (the checklist's display[i]), trimmed: its text and *len,
 *  or NULL when it is empty or missing, or p has no cells (an invalid row). Points into p. */
const char *project_display_value(const project_result *p, size_t i, size_t *len);

/** Counts over the whole batch; rows in = projects out. */
typedef struct batch_summary {
    size_t projects;
    size_t pass;
    size_t gap;
    size_t invalid;
    /** With --baseline (baseline true): projects whose verdict is gap or invalid because of
     *  something the baseline did not have (project_result.new_gap). */
    bool baseline;
    size_t new_gaps;
    /** Of new_gaps, the projects whose verdict is invalid (what --fail-on invalid counts). */
    size_t new_invalid;
} batch_summary;

#endif
