/* The checklist model: load and validate a ddcheck-checklist/1 JSON file into criteria,
 * requirements and fields whose rules are compiled once. */
#ifndef DDCHECK_CHECKLIST_H
#define DDCHECK_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "util/diag.h"
#include "util/name_slot.h"
#include "logic.h"

#define CHECKLIST_FORMAT "ddcheck-checklist/1"

typedef enum {
    FIELD_TEXT,
    FIELD_BOOLEAN,
    FIELD_NUMBER,
    FIELD_INTEGER,
    FIELD_PERCENT,
    FIELD_LIST,
    FIELD_ENUM,
    FIELD_DATE,
} field_type;

/** A declared field (one CSV column). Read-only after load. */
typedef struct checklist_field {
    char *name;
    field_type type;
    bool required;
    char *label; /* never NULL: the name when no label is given */
    char *help;  /* may be NULL */
    char *unit;  /* may be NULL */
    bool has_min, has_max;
    double min, max;
    char **values; /* allowed values of enum and list fields; NULL when open */
    /* The lookup of the values for typing (checklist_field_index_values): each value's length
     * and checklist_value_key, and an open-addressing table of value index + 1 (0 = empty) by
     * key, 1 << value_table_bits slots, filled in the order of the values. */
    size_t *value_lens;
    uint32_t *value_keys;
    uint32_t *value_table;
    unsigned value_table_bits;
    /* The values by their first byte, for reading list items without finding their ends first:
     * value_first[b] is the index + 1 of the first value whose first byte OR 0x20 is b (0: none),
     * value_next[i] that of the next such value after value i, in the order of the values. Values
     * that are empty, hold a ';' or begin or end with a space are in neither. List fields only
     * (NULL for an enum). */
    uint32_t *value_first;
    uint32_t *value_next;
    size_t value_count;
} checklist_field;

/** Whether c is a byte a cell is trimmed of (cell.c): ' ', and '\t' '\n' '\v' '\f' '\r' (9 to 13),
 *  one range test for most bytes. A declared value may not begin or end with one. */
static inline bool checklist_is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/** Whether a[0..len) and b[0..len) are equal ignoring ASCII case, as cells are matched against
 *  declared values: strncasecmp in the C locale (ddcheck never sets another), inline. */
static inline bool checklist_caseeq(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x != y) {
            x |= (x - 'A' < 26u) << 5;
            y |= (y - 'A' < 26u) << 5;
            if (x != y)
                return false;
        }
    }
    return true;
}

/** A cheap fingerprint of a value that case never changes: its length and its first and last
 *  bytes folded to lower case. Equal strings (ignoring ASCII case) have equal keys. */
static inline uint32_t checklist_value_key(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    uint32_t first = (unsigned char)s[0] | 0x20u, last = (unsigned char)s[len - 1] | 0x20u;
    return (uint32_t)(len > 0xFFFF ? 0xFFFF : len) | first << 16 | last << 24;
}

/** The slot of the value table where the search for key starts (the table has 1 << bits). */
static inline size_t checklist_value_slot(uint32_t key, unsigned bits)
{
    return (size_t)((key * 0x9E3779B1u) >> (32 - bits));
}

/** Builds f's value lookup (value_lens, value_keys, value_table) from values and value_count;
 *  the loader calls it for every field with values, and tests that make fields by hand. */
void checklist_field_index_values(checklist_field *f);
/** Frees what checklist_field_index_values allocated. */
void checklist_field_drop_index(checklist_field *f);

/** A requirement: one rule of one criterion. Read-only after load. */
typedef struct checklist_requirement {
    char *id;
    char *text;
    bool critical;
    bool waivable;
    logic_rule *applies_if; /* NULL when it always applies */
    logic_rule *rule;
    char *gap; /* what to ask the proponent for; may be NULL */
    /** The corrective action when the rule is unmet on present evidence: what the proponent must
     *  do, and by when; may be NULL (reports then show gap). */
    char *action;
    char **refs;
    size_t ref_count;
    /** Field slots read by applies_if and rule together, ascending, unique. */
    size_t *fields;
    size_t field_count;
    size_t criterion; /* index of its criterion */
} checklist_requirement;

/** A criterion: a weighted group of requirements (requirements[first .. first+count)). */
typedef struct checklist_criterion {
    char *id;
    char *title;
    char *source_text; /* may be NULL */
    double weight;
    /** The floor: a project passes only when this criterion, if applicable, scores at least
     *  this (0..100): its own "min_score", else the checklist's min_criterion_score. */
    double min_score;
    bool own_min_score;    /* "min_score" is set on the criterion itself */
    char *min_score_basis; /* why this floor (e.g. "proposed default: …"); may be NULL */
    size_t first;
    size_t count;
} checklist_criterion;

/** A loaded checklist. Fields, criteria and requirements are plain arrays, read-only to callers;
 *  the handle itself is created and freed only by this module. */
typedef struct checklist {
    char *origin; /* the file path, or "builtin:<id>" */
    char *id;
    char *title;
    char *version;
    char *source;
    char *key; /* the key field's name */
    size_t key_field;
    double pass_score;
    char *pass_score_basis;     /* why this pass score; may be NULL */
    double min_criterion_score; /* every criterion's floor unless it sets min_score; 0 default */
    char *min_criterion_score_basis; /* why that floor; may be NULL */
    /** Slots of the "display" fields, shown beside the key in reports for people (may be NULL
     *  when display_count is 0). */
    size_t *display;
    size_t display_count;
    checklist_field *fields;
    size_t field_count;
    checklist_criterion *criteria;
    size_t criterion_count;
    checklist_requirement *requirements;
    size_t requirement_count;
    /** The checklist's own "tests" array as JSON, owned by the checklist: NULL when absent, and
     *  when checklist_load was not asked for it (checklist_source's tests). */
    cJSON *tests;
    /** SHA-256 of the checklist's bytes, as 64 lowercase hex digits. */
    char sha256[65];
    /** Fields by name and requirements by id, sorted, for checklist_field_index and
     *  checklist_find_requirement in log time (a linear search made 20,000 fields take 33 s to
     *  lint); NULL until loading has them all, then those functions search linearly. */
    name_slot *field_order;
    name_slot *requirement_order;
} checklist;

/** Where checklist_load finds a checklist: by `name`, a file path or, when no file of that name
 *  can be read, the id of a built-in checklist (then named "builtin:<id>" in diagnostics); or,
 *  when `text` is set, in text itself (len bytes; need not be NUL-terminated), `name` naming it
 *  in diagnostics. `tests`: keep the checklist's own tests (the checklist's `tests`) for
 *  `ddcheck test` and `template`; without it they are checked but not kept, since a run does not
 *  read them (group3-investor's held about 85 KiB all through a run). */
typedef struct checklist_source {
    const char *name;
    const char *text;
    size_t len;
    bool tests;
} checklist_source;

/** Reads, lints and loads a checklist: the one way the program and the library load one, so
 *  that a checklist that fails lint is never run. Adds every problem to diags with line, column
 *  and JSON Pointer: what checklist_parse() finds, then lint's static checks (lint.h), lint's
 *  warnings included; a name that is neither a readable file nor a built-in id is one error.
 *  Returns NULL when there was any error (warnings alone do not stop loading); free with
 *  checklist_free(). *readable (may be NULL) says whether there was a text to load at all. */
checklist *checklist_load(checklist_source source, diag_list *diags, bool *readable);

/** The loader without lint: parses and validates JSON text (len bytes; need not be
 *  NUL-terminated) and compiles its rules, keeping its tests; `origin` names it in diagnostics.
 * Every problem found is added to diags with line, column and JSON Pointer; returns NULL if there
 * was any error. checklist_load runs it before lint; tests of the loader's own diagnostics and the
 * fuzzers call it directly. Free with checklist_free(). */
checklist *checklist_parse(const char *text, size_t len, const char *origin, diag_list *diags);

/** The text of the checklist named by a file path or, when no file of that name can be read, a
 *  built-in id (checklist_source's name). Returns a NUL-terminated copy the caller frees with
 *  free(), its length in *len and the name to use in messages in origin (the path, or
 *  "builtin:<id>"; size bytes). NULL when neither works, with errno set by the file's read. */
char *checklist_read_text(const char *name, size_t *len, char *origin, size_t size);

/** Frees a checklist; NULL is a no-op. */
void checklist_free(checklist *cl);

/** The slot of the field with this name, or false. */
bool checklist_field_index(const checklist *cl, const char *name, size_t *slot);
/** The same for the name name[0..len) (not NUL-terminated: a CSV header cell). */
bool checklist_field_index_n(const checklist *cl, const char *name, size_t len, size_t *slot);

/** The requirement with this id, or NULL. */
const checklist_requirement *checklist_find_requirement(const checklist *cl, const char *id);

/** Whether some criterion has a floor above 0 (min_score or min_criterion_score): reports then
 *  state the floors in their pass rule. */
bool checklist_has_floors(const checklist *cl);

/** The name of a field type as written in checklists ("number", …). */
const char *field_type_name(field_type type);

#endif
