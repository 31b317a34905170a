// Reads ddcheck-report/1 documents into a small model and compares two of them; printing is
// cmd_diff.c's job.
#include "diff.h"

#include "util/file.h"
#include "util/json_pos.h"
#include "util/json_strict.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// --- loading ----------------------------------------------------------------------------------

typedef struct parser {
    const char *text;
    size_t len;
    const char *name;
    diag_list *diags;
    size_t errors;
} parser;

static void error_at(parser *ps, const char *pointer, const char *message)
{
    long line, column;
    size_t at = json_pos_of_pointer(ps->text, ps->len, pointer);
    json_pos_of_offset(ps->text, ps->len, at, &line, &column);
    diag_add(ps->diags, DIAG_ERROR, ps->name, line, column, NULL, "%s (at %s)", message,
             pointer[0] ? pointer : "/");
    ps->errors++;
}

static char *string_member(parser *ps, const cJSON *obj, const char *key, const char *pointer,
                           bool required)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
    char p[256];
    snprintf(p, sizeof p, "%s", pointer);
    json_pointer_append(p, sizeof p, key);
    if (!m) {
        if (required) {
            char msg[128];
            snprintf(msg, sizeof msg, "\"%s\" is missing", key);
            error_at(ps, pointer, msg);
        }
        return NULL;
    }
    if (!cJSON_IsString(m)) {
        char msg[128];
        snprintf(msg, sizeof msg, "\"%s\" must be a string", key);
        error_at(ps, p, msg);
        return NULL;
    }
    return xstrdup(m->valuestring);
}

static int requirement_by_id(const void *a, const void *b)
{
    return strcmp(((const diff_requirement *)a)->id, ((const diff_requirement *)b)->id);
}

static void load_project(parser *ps, const cJSON *obj, const char *pointer, diff_project *dp)
{
    if (!cJSON_IsObject(obj)) {
        error_at(ps, pointer, "a project must be a JSON object");
        return;
    }
    dp->key = string_member(ps, obj, "key", pointer, true);
    dp->verdict = string_member(ps, obj, "verdict", pointer, true);
    dp->file = string_member(ps, obj, "file", pointer, false);
    const cJSON *line = cJSON_GetObjectItemCaseSensitive(obj, "line");
    dp->line = cJSON_IsNumber(line) ? (long)line->valuedouble : 0;
    const cJSON *score = cJSON_GetObjectItemCaseSensitive(obj, "score");
    dp->scored = cJSON_IsNumber(score);
    dp->score = dp->scored ? score->valuedouble : 0;
    if (dp->verdict && strcmp(dp->verdict, "pass") && strcmp(dp->verdict, "gap") &&
        strcmp(dp->verdict, "invalid")) {
        char p[256];
        snprintf(p, sizeof p, "%s/verdict", pointer);
        error_at(ps, p, "\"verdict\" must be pass, gap or invalid");
    }
    const cJSON *criteria = cJSON_GetObjectItemCaseSensitive(obj, "criteria");
    size_t cap = 0, ci = 0;
    for (const cJSON *c = cJSON_IsArray(criteria) ? criteria->child : NULL; c; c = c->next, ci++) {
        const cJSON *reqs = cJSON_GetObjectItemCaseSensitive(c, "requirements");
        size_t ri = 0;
        for (const cJSON *r = cJSON_IsArray(reqs) ? reqs->child : NULL; r; r = r->next, ri++) {
            char p[256];
            snprintf(p, sizeof p, "%s/criteria/%zu/requirements/%zu", pointer, ci, ri);
            char *id = string_member(ps, r, "id", p, true);
            char *out = string_member(ps, r, "outcome", p, true);
            if (!id || !out) {
                free(id);
                free(out);
                continue;
            }
            xgrow((void **)&dp->requirements, &cap, dp->requirement_count + 1,
                  sizeof(diff_requirement));
            dp->requirements[dp->requirement_count++] = (diff_requirement){id, out};
        }
    }
    if (dp->requirement_count)
        qsort(dp->requirements, dp->requirement_count, sizeof(diff_requirement), requirement_by_id);
}

diff_report *diff_report_parse(const char *text, size_t len, const char *name, diag_list *diags)
{
    parser ps = {.text = text, .len = len, .name = name, .diags = diags};
    size_t at;
    const char *why;
    cJSON *root = json_strict_parse(text, len, &at, &why);
    if (!root) {
        long line, column;
        json_pos_of_offset(text, len, at, &line, &column);
        // Text that does not even start as a JSON object (a CSV given as --baseline, say) is
        // named for what it is not, rather than for its first character.
        size_t start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        while (start < len && strchr(" \t\r\n", text[start]))
            start++;
        if (start < len && text[start] != '{' && text[start] != '[')
            diag_add(diags, DIAG_ERROR, name, line, column, NULL,
                     "not a ddcheck JSON report: it is not JSON (%s); make one with "
                     "`ddcheck -f json`",
                     why);
        else
            diag_add(diags, DIAG_ERROR, name, line, column, NULL, "invalid JSON: %s", why);
        return NULL;
    }
    diff_report *r = xcalloc(1, sizeof *r);
    r->name = xstrdup(name);
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsObject(root) || !cJSON_IsString(format) ||
        strcmp(format->valuestring, "ddcheck-report/1") != 0) {
        error_at(&ps, "",
                 "not a ddcheck JSON report (\"format\": \"ddcheck-report/1\"); make one "
                 "with `ddcheck -f json`");
        goto out;
    }
    const cJSON *cl = cJSON_GetObjectItemCaseSensitive(root, "checklist");
    r->checklist_id = cJSON_IsObject(cl) ? string_member(&ps, cl, "id", "/checklist", true) : NULL;
    r->checklist_version =
        cJSON_IsObject(cl) ? string_member(&ps, cl, "version", "/checklist", false) : NULL;
    if (!cJSON_IsObject(cl))
        error_at(&ps, "", "\"checklist\" is missing");
    const cJSON *projects = cJSON_GetObjectItemCaseSensitive(root, "projects");
    if (!cJSON_IsArray(projects)) {
        error_at(&ps, "", "\"projects\" must be an array");
        goto out;
    }
    r->project_count = (size_t)cJSON_GetArraySize(projects);
    r->projects = xcalloc(r->project_count + 1, sizeof(diff_project));
    size_t i = 0;
    for (const cJSON *p = projects->child; p; p = p->next, i++) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/projects/%zu", i);
        load_project(&ps, p, ptr, &r->projects[i]);
    }
out:
    cJSON_Delete(root);
    if (ps.errors) {
        diff_report_free(r);
        return NULL;
    }
    if (!r->checklist_version)
        r->checklist_version = xstrdup("");
    return r;
}

diff_report *diff_report_load(const char *path, diag_list *diags)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return NULL;
    }
    size_t len = 0;
    char *text = file_read_stream(f, &len);
    fclose(f);
    diff_report *r = NULL;
    if (!text)
        diag_add(diags, DIAG_ERROR, path, 0, 0, NULL, "cannot read");
    else
        r = diff_report_parse(text, len, path, diags);
    free(text);
    return r;
}

void diff_report_free(diff_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->project_count; i++) {
        diff_project *p = &r->projects[i];
        free(p->key);
        free(p->file);
        free(p->verdict);
        for (size_t k = 0; k < p->requirement_count; k++) {
            free(p->requirements[k].id);
            free(p->requirements[k].outcome);
        }
        free(p->requirements);
    }
    free(r->projects);
    free(r->name);
    free(r->checklist_id);
    free(r->checklist_version);
    free(r);
}

bool diff_outcome_is_gap(const char *o)
{
    return strcmp(o, "unmet") == 0 || strcmp(o, "no_evidence") == 0 || strcmp(o, "invalid") == 0;
}

// --- comparing --------------------------------------------------------------------------------

static int verdict_rank(const char *v)
{
    return strcmp(v, "pass") == 0 ? 0 : strcmp(v, "gap") == 0 ? 1 : 2;
}

static int str_ptr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

// The distinct requirement ids of a report, sorted.
static const char **all_ids(const diff_report *r, size_t *count)
{
    size_t n = 0;
    for (size_t i = 0; i < r->project_count; i++)
        n += r->projects[i].requirement_count;
    const char **ids = xcalloc(n + 1, sizeof(char *));
    n = 0;
    for (size_t i = 0; i < r->project_count; i++)
        for (size_t k = 0; k < r->projects[i].requirement_count; k++)
            ids[n++] = r->projects[i].requirements[k].id;
    qsort(ids, n, sizeof(char *), str_ptr_cmp);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || strcmp(ids[u - 1], ids[i]) != 0)
            ids[u++] = ids[i];
    *count = u;
    return ids;
}

static bool has_id(const char *const *ids, size_t n, const char *id)
{
    return bsearch(&id, ids, n, sizeof(char *), str_ptr_cmp) != NULL;
}

// ids of a not in b.
static const char **minus(const char **a, size_t na, const char *const *b, size_t nb, size_t *out)
{
    const char **r = xcalloc(na + 1, sizeof(char *));
    *out = 0;
    for (size_t i = 0; i < na; i++)
        if (!has_id(b, nb, a[i]))
            r[(*out)++] = a[i];
    return r;
}

static const diff_requirement *find_requirement(const diff_project *p, const char *id)
{
    diff_requirement key = {.id = (char *)(uintptr_t)id};
    return bsearch(&key, p->requirements, p->requirement_count, sizeof(diff_requirement),
                   requirement_by_id);
}

static void push(const char ***list, size_t *count, const char *id)
{
    *list = xrealloc(*list, (*count + 1) * sizeof(char *));
    (*list)[(*count)++] = id;
}

static void compare_project(diff_result *d, diff_project_change *ch, const char *const *common,
                            size_t common_count)
{
    const diff_project *o = ch->old_project, *n = ch->new_project;
    if (ch->kind == DIFF_NEW) {
        for (size_t k = 0; k < n->requirement_count; k++)
            if (diff_outcome_is_gap(n->requirements[k].outcome))
                push(&ch->opened, &ch->opened_count, n->requirements[k].id);
        ch->regressed = verdict_rank(n->verdict) > 0;
    } else if (ch->kind == DIFF_REMOVED) {
        ch->regressed = false;
    } else {
        if (o->requirement_count && n->requirement_count) {
            for (size_t k = 0; k < n->requirement_count; k++) {
                const diff_requirement *nr = &n->requirements[k];
                if (!has_id(common, common_count, nr->id))
                    continue; // on one side only: listed once for the whole report
                const diff_requirement *orq = find_requirement(o, nr->id);
                if (!orq)
                    continue;
                bool was = diff_outcome_is_gap(orq->outcome), is = diff_outcome_is_gap(nr->outcome);
                if (was && !is)
                    push(&ch->closed, &ch->closed_count, nr->id);
                else if (!was && is)
                    push(&ch->opened, &ch->opened_count, nr->id);
                else if (was && is)
                    push(&ch->still_open, &ch->still_open_count, nr->id);
            }
        }
        ch->regressed = ch->opened_count > 0 || verdict_rank(n->verdict) > verdict_rank(o->verdict);
    }
    d->closed += ch->closed_count;
    d->opened += ch->opened_count;
    d->still_open += ch->still_open_count;
    d->regressed_projects += ch->regressed;
}

typedef struct keyed {
    const char *key;
    size_t index;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

diff_result *diff_compare(const diff_report *old_report, const diff_report *new_report)
{
    diff_result *d = xcalloc(1, sizeof *d);
    d->old_report = old_report;
    d->new_report = new_report;
    d->checklist_differs =
        strcmp(old_report->checklist_id, new_report->checklist_id) != 0 ||
        strcmp(old_report->checklist_version, new_report->checklist_version) != 0;
    size_t no, nn;
    const char **old_ids = all_ids(old_report, &no);
    const char **new_ids = all_ids(new_report, &nn);
    d->only_old = minus(old_ids, no, new_ids, nn, &d->only_old_count);
    d->only_new = minus(new_ids, nn, old_ids, no, &d->only_new_count);
    size_t nc;
    const char **common = minus(new_ids, nn, d->only_new, d->only_new_count, &nc);

    // Old projects sorted by key (then position), so that each new project finds its match, the
    // first old one of that key not yet taken, in O(log n).
    size_t on = old_report->project_count;
    keyed *sorted = xcalloc(on + 1, sizeof(keyed));
    for (size_t i = 0; i < on; i++)
        sorted[i] = (keyed){old_report->projects[i].key, i};
    qsort(sorted, on, sizeof(keyed), keyed_cmp);
    bool *taken = xcalloc(on + 1, sizeof(bool));
    d->projects = xcalloc(new_report->project_count + on + 1, sizeof(diff_project_change));
    for (size_t i = 0; i < new_report->project_count; i++) {
        const diff_project *np = &new_report->projects[i];
        diff_project_change *ch = &d->projects[d->project_count++];
        ch->new_project = np;
        ch->kind = DIFF_NEW;
        size_t lo = 0, hi = on;
        while (lo < hi) { // first entry with this key
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(sorted[mid].key, np->key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < on && strcmp(sorted[k].key, np->key) == 0; k++) {
            if (!taken[k]) {
                taken[k] = true;
                ch->kind = DIFF_MATCHED;
                ch->old_project = &old_report->projects[sorted[k].index];
                break;
            }
        }
        if (ch->kind == DIFF_NEW)
            d->new_projects++;
        compare_project(d, ch, common, nc);
    }
    // Removed projects, in the old report's order.
    bool *removed = xcalloc(on + 1, sizeof(bool));
    for (size_t k = 0; k < on; k++)
        if (!taken[k])
            removed[sorted[k].index] = true;
    for (size_t i = 0; i < on; i++) {
        if (!removed[i])
            continue;
        diff_project_change *ch = &d->projects[d->project_count++];
        ch->kind = DIFF_REMOVED;
        ch->old_project = &old_report->projects[i];
        d->removed_projects++;
        compare_project(d, ch, common, nc);
    }
    free(removed);
    free(taken);
    free(sorted);
    free(common);
    free(old_ids);
    free(new_ids);
    return d;
}

void diff_result_free(diff_result *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->project_count; i++) {
        free(d->projects[i].closed);
        free(d->projects[i].opened);
        free(d->projects[i].still_open);
    }
    free(d->projects);
    free(d->only_old);
    free(d->only_new);
    free(d);
}

bool diff_regressed(const diff_result *d)
{
    return d->regressed_projects > 0;
}
