// Waiver files (CSV or JSON) → validated waivers, indexed per requirement and sorted by key so
// that scoring a row looks each requirement up in O(log n) without allocating.
#define _POSIX_C_SOURCE 200809L // fmemopen
#include "waiver.h"

#include "util/file.h"
#include "util/json_pos.h"
#include "util/json_strict.h"
#include "util/xalloc.h"
#include "evaluator/cell.h"
#include "evaluator/csv_reader.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE SIZE_MAX

// The columns (CSV) or members (JSON) of a waiver, in this order.
enum {
    F_PROJECT,
    F_REQUIREMENT,
    F_JUSTIFICATION,
    F_APPROVED_BY,
    F_GRANTED,
    F_EXPIRES,
    F_RISK,
    F_COUNT
};
static const char *const FIELD_NAMES[F_COUNT] = {
    "project", "requirement", "justification", "approved_by", "granted", "expires", "residual_risk",
};

typedef struct waiver_entry {
    waiver_info info;
    long column; // where the waiver starts on info.line: one-line JSON files hold many
    size_t requirement;
    bool matched; // its key was seen in the batch (any of its lookups found it)
} waiver_entry;

struct waiver_set {
    const checklist *cl;
    char *path;
    waiver_entry *items;
    size_t count;
    size_t cap;
    // Per requirement: indices of exact-key waivers sorted by key, and the `*` waiver (or NONE).
    size_t **exact;
    size_t *exact_count;
    size_t *wildcard;
};

// One waiver as read, before validation: values (NULL = not given) and where each one is.
typedef struct raw_waiver {
    const char *value[F_COUNT];
    size_t len[F_COUNT];
    long line[F_COUNT];
    long column[F_COUNT];
    long at_line; // where the waiver itself starts
    long at_column;
    // Members already reported (a JSON member of the wrong type: bit F; an unknown member: bit
    // F_COUNT): the waiver is checked for its other problems but not kept.
    unsigned reported;
} raw_waiver;

typedef struct loader {
    waiver_set *ws;
    const char *today;
    diag_list *diags;
    size_t errors;
} loader;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
error_at(loader *ld, long line, long column, const char *fmt, ...);

static void error_at(loader *ld, long line, long column, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    diag_add(ld->diags, DIAG_ERROR, ld->ws->path, line, column, NULL, "%s", buf);
    ld->errors++;
}

static char *trimmed_copy(const char *s, size_t len)
{
    if (!s)
        return xstrdup("");
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    return xstrndup(s, len);
}

// Validates one raw waiver and appends it; every problem is its own error.
static void add_waiver(loader *ld, const raw_waiver *raw)
{
    waiver_set *ws = ld->ws;
    const checklist *cl = ws->cl;
    char *v[F_COUNT];
    for (int f = 0; f < F_COUNT; f++)
        v[f] = trimmed_copy(raw->value[f], raw->len[f]);
    size_t before = ld->errors;
#define AT(f)                                                                                      \
    (raw->value[f] ? raw->line[f] : raw->at_line), (raw->value[f] ? raw->column[f] : raw->at_column)
#define REPORTED(f) (raw->reported & (1u << (f)))
    if (!v[F_PROJECT][0] && !REPORTED(F_PROJECT))
        error_at(ld, AT(F_PROJECT),
                 "the waiver has no project key (give a key, or * for every "
                 "project)");
    size_t req = NONE;
    if (REPORTED(F_REQUIREMENT)) {
        // (its problem is said)
    } else if (!v[F_REQUIREMENT][0]) {
        error_at(ld, AT(F_REQUIREMENT), "the waiver has no requirement id");
    } else {
        // By the checklist's sorted table: a search per waiver over every requirement took
        // 93 s for 50,000 waivers of a 20,000-requirement checklist.
        const checklist_requirement *found = checklist_find_requirement(cl, v[F_REQUIREMENT]);
        if (found)
            req = (size_t)(found - cl->requirements);
        if (req == NONE)
            error_at(ld, AT(F_REQUIREMENT),
                     "unknown requirement id \"%.200s\" (not in checklist %s)", v[F_REQUIREMENT],
                     cl->id);
        else if (!cl->requirements[req].waivable)
            error_at(ld, AT(F_REQUIREMENT),
                     "requirement %s cannot be waived (the checklist says \"waivable\": false)",
                     v[F_REQUIREMENT]);
    }
    if (!v[F_JUSTIFICATION][0] && !REPORTED(F_JUSTIFICATION))
        error_at(ld, AT(F_JUSTIFICATION), "the waiver has no justification (it is required)");
#undef REPORTED
    for (int f = F_GRANTED; f <= F_EXPIRES; f++)
        if (v[f][0] && !cell_is_date(v[f], strlen(v[f])))
            error_at(ld, AT(f), "%s \"%.40s\" is not a calendar date in the form YYYY-MM-DD",
                     FIELD_NAMES[f], v[f]);
    if (ld->errors == before && v[F_GRANTED][0] && v[F_EXPIRES][0] &&
        strcmp(v[F_EXPIRES], v[F_GRANTED]) < 0)
        error_at(ld, AT(F_EXPIRES), "the waiver expires (%s) before it was granted (%s)",
                 v[F_EXPIRES], v[F_GRANTED]);
    // A grant is an event that has happened: a later date is a mistake (2029 for 2024), and a
    // waiver not yet granted must not excuse a gap today.
    if (ld->errors == before && v[F_GRANTED][0] && strcmp(v[F_GRANTED], ld->today) > 0)
        error_at(ld, AT(F_GRANTED),
                 "the waiver is granted on %s, after the run date %s: a waiver applies only once "
                 "granted",
                 v[F_GRANTED], ld->today);
    for (char *c = v[F_RISK]; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    if (v[F_RISK][0] && strcmp(v[F_RISK], "low") && strcmp(v[F_RISK], "medium") &&
        strcmp(v[F_RISK], "high"))
        error_at(ld, AT(F_RISK), "residual_risk \"%.40s\" is not low, medium or high", v[F_RISK]);
#undef AT
    if (ld->errors != before || raw->reported) {
        for (int f = 0; f < F_COUNT; f++)
            free(v[f]);
        return;
    }
    xgrow((void **)&ws->items, &ws->cap, ws->count + 1, sizeof(waiver_entry));
    waiver_entry *e = &ws->items[ws->count++];
    *e = (waiver_entry){
        .info =
            {
                .key = v[F_PROJECT],
                .requirement_id = v[F_REQUIREMENT],
                .justification = v[F_JUSTIFICATION],
                .approved_by = v[F_APPROVED_BY],
                .granted = v[F_GRANTED],
                .expires = v[F_EXPIRES],
                .residual_risk = v[F_RISK],
                .file = ws->path,
                .line = raw->at_line,
                .expired = v[F_EXPIRES][0] && strcmp(v[F_EXPIRES], ld->today) < 0,
            },
        .column = raw->at_column,
        .requirement = req,
    };
}

// --- CSV --------------------------------------------------------------------------------------

typedef struct csv_ctx {
    loader *ld;
    int column_field[64]; // field of each column (-1 = none)
    size_t columns;
    bool header_ok;
} csv_ctx;

static bool on_csv_record(void *ctx, const csv_record *rec)
{
    csv_ctx *c = ctx;
    loader *ld = c->ld;
    if (rec->index == 0) {
        bool seen[F_COUNT] = {false};
        c->columns = rec->count;
        c->header_ok = true;
        if (rec->count > 64) {
            error_at(ld, rec->line, 1, "the header has %zu columns; a waiver file has at most %d",
                     rec->count, F_COUNT);
            c->header_ok = false;
            return false;
        }
        for (size_t i = 0; i < rec->count; i++) {
            const csv_cell *cell = &rec->cells[i];
            char *name = trimmed_copy(cell->ptr, cell->len);
            int field = -1;
            for (int f = 0; f < F_COUNT; f++)
                if (strcmp(name, FIELD_NAMES[f]) == 0)
                    field = f;
            if (field < 0 && strcmp(name, ld->ws->cl->key) == 0)
                field = F_PROJECT; // the checklist's key column name works too
            if (field < 0) {
                error_at(ld, cell->line, (long)i + 1,
                         "unknown column \"%.100s\" (columns: project, requirement, "
                         "justification, approved_by, granted, expires, residual_risk)",
                         name);
            } else if (seen[field]) {
                error_at(ld, cell->line, (long)i + 1, "column \"%s\" appears twice", name);
                field = -1;
            } else {
                seen[field] = true;
            }
            c->column_field[i] = field;
            free(name);
        }
        for (int f = F_PROJECT; f <= F_JUSTIFICATION; f++)
            if (!seen[f]) {
                error_at(ld, rec->line, 1, "no column \"%s\" (it is required)", FIELD_NAMES[f]);
                c->header_ok = false;
            }
        return true;
    }
    if (!c->header_ok)
        return true;
    if (rec->error) {
        error_at(ld, rec->line, (long)(rec->error_column ? rec->error_column : 1), "%s",
                 rec->error);
        return true;
    }
    if (rec->count != c->columns) {
        error_at(ld, rec->line, 1, "the row has %zu cells but the header has %zu", rec->count,
                 c->columns);
        return true;
    }
    raw_waiver raw = {.at_line = rec->line, .at_column = 1};
    for (size_t i = 0; i < rec->count; i++) {
        int f = c->column_field[i];
        if (f < 0)
            continue;
        raw.value[f] = rec->cells[i].ptr;
        raw.len[f] = rec->cells[i].len;
        raw.line[f] = rec->cells[i].line;
        raw.column[f] = (long)i + 1;
    }
    add_waiver(ld, &raw);
    return true;
}

static void load_csv(loader *ld, FILE *in)
{
    csv_ctx c = {.ld = ld};
    csv_options opts = {0};
    size_t before = ld->diags->errors;
    if (!csv_read(in, ld->ws->path, &opts, on_csv_record, &c, ld->diags))
        ld->errors += ld->diags->errors - before + (ld->diags->errors == before);
}

// --- JSON -------------------------------------------------------------------------------------

static void pos_of(const char *text, size_t len, const char *pointer, long *line, long *column)
{
    size_t at = json_pos_of_pointer(text, len, pointer);
    json_pos_of_offset(text, len, at, line, column);
}

static void load_json_waiver(loader *ld, const cJSON *obj, const char *text, size_t len,
                             const char *pointer)
{
    raw_waiver raw = {0};
    pos_of(text, len, pointer, &raw.at_line, &raw.at_column);
    if (!cJSON_IsObject(obj)) {
        error_at(ld, raw.at_line, raw.at_column, "a waiver must be a JSON object");
        return;
    }
    for (const cJSON *m = obj->child; m; m = m->next) {
        char p[512];
        snprintf(p, sizeof p, "%s", pointer);
        json_pointer_append(p, sizeof p, m->string);
        long line, column;
        pos_of(text, len, p, &line, &column);
        int field = -1;
        for (int f = 0; f < F_COUNT; f++)
            if (strcmp(m->string, FIELD_NAMES[f]) == 0)
                field = f;
        if (field < 0) {
            error_at(ld, line, column,
                     "unknown member \"%.100s\" (members: project, requirement, justification, "
                     "approved_by, granted, expires, residual_risk)",
                     m->string);
            raw.reported |= 1u << F_COUNT;
        } else if (!cJSON_IsString(m)) {
            error_at(ld, line, column, "\"%s\" must be a string", m->string);
            raw.reported |= 1u << field;
        } else {
            raw.value[field] = m->valuestring;
            raw.len[field] = strlen(m->valuestring);
            raw.line[field] = line;
            raw.column[field] = column;
        }
    }
    add_waiver(ld, &raw); // its other problems too, each with its place
}

static void load_json(loader *ld, const char *text, size_t len)
{
    size_t at;
    const char *why;
    cJSON *root = json_strict_parse(text, len, &at, &why);
    long line, column;
    if (!root) {
        json_pos_of_offset(text, len, at, &line, &column);
        error_at(ld, line, column, "invalid JSON: %s", why);
        return;
    }
    const cJSON *list = root;
    const char *base = "";
    if (cJSON_IsObject(root)) {
        base = "/waivers";
        for (const cJSON *m = root->child; m; m = m->next) {
            if (strcmp(m->string, "format") == 0 && cJSON_IsString(m) &&
                strcmp(m->valuestring, "ddcheck-waivers/1") == 0)
                continue;
            if (strcmp(m->string, "waivers") == 0)
                continue;
            char p[512] = "";
            json_pointer_append(p, sizeof p, m->string);
            pos_of(text, len, p, &line, &column);
            error_at(ld, line, column,
                     strcmp(m->string, "format") == 0
                         ? "\"format\" must be \"ddcheck-waivers/1\""
                         : "unknown member \"%.100s\" (a waiver file has \"format\" and "
                           "\"waivers\")",
                     m->string);
        }
        list = cJSON_GetObjectItemCaseSensitive(root, "waivers");
    }
    if (!cJSON_IsArray(list)) {
        pos_of(text, len, base, &line, &column);
        error_at(ld, line, column,
                 "a JSON waiver file is an array of waivers, or an object with a \"waivers\" "
                 "array");
        cJSON_Delete(root);
        return;
    }
    size_t i = 0;
    for (const cJSON *w = list->child; w; w = w->next, i++) {
        char p[64];
        snprintf(p, sizeof p, "%s", base);
        json_pointer_append_index(p, sizeof p, i);
        load_json_waiver(ld, w, text, len, p);
    }
    cJSON_Delete(root);
}

// --- the set ----------------------------------------------------------------------------------

// A waiver's index with what it is sorted by: qsort has no context argument, and a global one
// would keep two threads from loading waiver files at once.
typedef struct keyed_index {
    const char *key;
    long line;
    size_t index;
} keyed_index;

static int by_key(const void *a, const void *b)
{
    const keyed_index *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    // Then in the order of the file (waivers are kept in it), also within one line.
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

// Sorts the indices of exact-key waivers by key, then by their order in the file.
static void sort_by_key(const waiver_set *ws, size_t *indices, size_t count, keyed_index **tmp,
                        size_t *tmp_cap)
{
    if (count < 2)
        return; // (and qsort may not be given a NULL array)
    xgrow((void **)tmp, tmp_cap, count, sizeof(keyed_index));
    for (size_t k = 0; k < count; k++) {
        const waiver_info *w = &ws->items[indices[k]].info;
        (*tmp)[k] = (keyed_index){w->key, w->line, indices[k]};
    }
    qsort(*tmp, count, sizeof(keyed_index), by_key);
    for (size_t k = 0; k < count; k++)
        indices[k] = (*tmp)[k].index;
}

static void build_index(loader *ld)
{
    waiver_set *ws = ld->ws;
    size_t n = ws->cl->requirement_count;
    ws->exact = xcalloc(n + 1, sizeof(size_t *));
    ws->exact_count = xcalloc(n + 1, sizeof(size_t));
    ws->wildcard = xcalloc(n + 1, sizeof(size_t));
    for (size_t r = 0; r < n; r++)
        ws->wildcard[r] = NONE;
    for (size_t i = 0; i < ws->count; i++)
        if (strcmp(ws->items[i].info.key, "*") != 0)
            ws->exact_count[ws->items[i].requirement]++;
    for (size_t r = 0; r < n; r++) {
        ws->exact[r] = xcalloc(ws->exact_count[r] + 1, sizeof(size_t));
        ws->exact_count[r] = 0;
    }
    for (size_t i = 0; i < ws->count; i++) {
        const waiver_entry *e = &ws->items[i];
        size_t r = e->requirement;
        if (strcmp(e->info.key, "*") != 0) {
            ws->exact[r][ws->exact_count[r]++] = i;
        } else if (ws->wildcard[r] != NONE) {
            const waiver_entry *first = &ws->items[ws->wildcard[r]];
            error_at(ld, e->info.line, e->column,
                     "a second waiver of %s for every project (*); the first is at %ld:%ld",
                     e->info.requirement_id, first->info.line, first->column);
        } else {
            ws->wildcard[r] = i;
        }
    }
    keyed_index *tmp = NULL;
    size_t tmp_cap = 0;
    for (size_t r = 0; r < n; r++) {
        sort_by_key(ws, ws->exact[r], ws->exact_count[r], &tmp, &tmp_cap);
        for (size_t k = 1; k < ws->exact_count[r]; k++) {
            const waiver_entry *a = &ws->items[ws->exact[r][k - 1]];
            const waiver_entry *b = &ws->items[ws->exact[r][k]];
            if (strcmp(a->info.key, b->info.key) == 0)
                error_at(ld, b->info.line, b->column,
                         "a second waiver of %s for project \"%.100s\"; the first is at %ld:%ld",
                         b->info.requirement_id, b->info.key, a->info.line, a->column);
        }
    }
    free(tmp);
}

waiver_set *waiver_set_load(const char *path, const checklist *cl, const char *today,
                            diag_list *diags)
{
    size_t first = diags->count;
    waiver_set *ws = xcalloc(1, sizeof *ws);
    ws->cl = cl;
    ws->path = xstrdup(path);
    loader ld = {.ws = ws, .today = today, .diags = diags};
    FILE *in = fopen(path, "rb");
    if (!in) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, NULL, "cannot read the waiver file: %s",
                 strerror(errno));
        waiver_set_free(ws);
        return NULL;
    }
    // Read it whole: waiver files are small, and JSON needs the text for positions anyway.
    size_t len = 0;
    char *text = file_read_stream(in, &len);
    fclose(in);
    if (!text) {
        error_at(&ld, 0, 0, "cannot read the waiver file");
    } else {
        size_t plen = strlen(path);
        size_t i = 0;
        while (i < len && isspace((unsigned char)text[i]))
            i++;
        bool json = (plen >= 5 && strcmp(path + plen - 5, ".json") == 0) ||
                    (i < len && (text[i] == '{' || text[i] == '['));
        if (json) {
            load_json(&ld, text, len);
        } else {
            FILE *mem = fmemopen(text, len ? len : 1, "rb");
            if (mem && len) {
                load_csv(&ld, mem);
            } else if (!len) {
                error_at(&ld, 1, 1, "the waiver file is empty (it needs a header line)");
            }
            if (mem)
                fclose(mem);
        }
    }
    free(text);
    if (!ld.errors)
        build_index(&ld);
    // A JSON waiver's members are checked one by one, then the waiver as a whole: its messages
    // are put in the order of the file.
    diag_list_sort_by_place(diags, first);
    if (ld.errors) {
        waiver_set_free(ws);
        return NULL;
    }
    return ws;
}

void waiver_set_free(waiver_set *ws)
{
    if (!ws)
        return;
    for (size_t i = 0; i < ws->count; i++) {
        waiver_info *w = &ws->items[i].info;
        free((void *)(uintptr_t)w->key);
        free((void *)(uintptr_t)w->requirement_id);
        free((void *)(uintptr_t)w->justification);
        free((void *)(uintptr_t)w->approved_by);
        free((void *)(uintptr_t)w->granted);
        free((void *)(uintptr_t)w->expires);
        free((void *)(uintptr_t)w->residual_risk);
    }
    if (ws->exact)
        for (size_t r = 0; r < ws->cl->requirement_count; r++)
            free(ws->exact[r]);
    free(ws->exact);
    free(ws->exact_count);
    free(ws->wildcard);
    free(ws->items);
    free(ws->path);
    free(ws);
}

static int key_cmp(const char *key, size_t key_len, const char *s)
{
    size_t n = strlen(s);
    int c = memcmp(key, s, key_len < n ? key_len : n);
    return c ? c : (key_len > n) - (key_len < n);
}

const waiver_info *waiver_set_find(waiver_set *ws, const char *key, size_t key_len,
                                   size_t requirement, const waiver_info **expired)
{
    const waiver_info *lapsed = NULL, *found = NULL;
    if (ws && requirement < ws->cl->requirement_count) {
        const size_t *list = ws->exact[requirement];
        size_t lo = 0, hi = ws->exact_count[requirement];
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = key_cmp(key, key_len, ws->items[list[mid]].info.key);
            if (c == 0) {
                waiver_entry *e = &ws->items[list[mid]];
                e->matched = true;
                if (e->info.expired)
                    lapsed = &e->info;
                else
                    found = &e->info;
                break;
            }
            if (c < 0)
                hi = mid;
            else
                lo = mid + 1;
        }
        size_t w = ws->wildcard[requirement];
        if (!found && w != NONE) {
            waiver_entry *e = &ws->items[w];
            e->matched = true;
            if (e->info.expired) {
                if (!lapsed)
                    lapsed = &e->info;
            } else {
                found = &e->info;
            }
        }
    }
    if (expired)
        *expired = found ? NULL : lapsed;
    return found;
}

void waiver_set_report_unused(const waiver_set *ws, diag_list *diags)
{
    if (!ws)
        return;
    for (size_t i = 0; i < ws->count; i++) {
        const waiver_entry *e = &ws->items[i];
        const waiver_info *w = &e->info;
        if ((!e->matched || w->expired) && !diag_list_room(diags))
            continue; // counted: the run's one "… and N more problems not shown"
        char who[160];
        if (strcmp(w->key, "*") == 0)
            snprintf(who, sizeof who, "every project (*)");
        else
            snprintf(who, sizeof who, "project \"%.100s\"", w->key);
        if (!e->matched && w->expired)
            diag_add(diags, DIAG_WARNING, ws->path, w->line, e->column, NULL,
                     "the waiver of %s for %s matches no project in the batch (and it expired "
                     "on %s)",
                     w->requirement_id, who, w->expires);
        else if (!e->matched)
            diag_add(diags, DIAG_WARNING, ws->path, w->line, e->column, NULL,
                     "the waiver of %s for %s matches no project in the batch", w->requirement_id,
                     who);
        else if (w->expired)
            diag_add(diags, DIAG_WARNING, ws->path, w->line, e->column, NULL,
                     "the waiver of %s for %s expired on %s: it no longer applies, the "
                     "requirement was evaluated",
                     w->requirement_id, who, w->expires);
    }
}

size_t waiver_set_count(const waiver_set *ws)
{
    return ws ? ws->count : 0;
}
