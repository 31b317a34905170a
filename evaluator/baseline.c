// The baseline's gaps as a sorted array of (key, requirement id) pairs: one binary search per
// failing requirement, nothing allocated per row.
#include "baseline.h"

#include "util/xalloc.h"
#include "evaluator/diff.h"

#include <stdlib.h>
#include <string.h>

typedef struct pair {
    const char *key;
    const char *second; // a requirement id, or a verdict name
} pair;

struct baseline {
    diff_report *report;
    pair *gaps; // (key, requirement id) of every gap
    size_t gap_count;
    pair *verdicts; // (key, verdict) of every project
    size_t verdict_count;
};

static int pair_cmp(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->second, y->second);
}

baseline *baseline_load(const char *path, const checklist *cl, diag_list *diags)
{
    diff_report *r = diff_report_load(path, diags);
    if (!r)
        return NULL;
    if (strcmp(r->checklist_id, cl->id) != 0 || strcmp(r->checklist_version, cl->version) != 0)
        diag_add(diags, DIAG_WARNING, path, 0, 0, NULL,
                 "the baseline was made with checklist %s %s, this run uses %s %s: gaps are "
                 "matched by project key and requirement id",
                 r->checklist_id, r->checklist_version, cl->id, cl->version);
    baseline *b = xcalloc(1, sizeof *b);
    b->report = r;
    size_t n = 0;
    for (size_t i = 0; i < r->project_count; i++)
        n += r->projects[i].requirement_count;
    b->gaps = xcalloc(n + 1, sizeof(pair));
    b->verdicts = xcalloc(r->project_count + 1, sizeof(pair));
    for (size_t i = 0; i < r->project_count; i++) {
        const diff_project *p = &r->projects[i];
        b->verdicts[b->verdict_count++] = (pair){p->key, p->verdict};
        for (size_t k = 0; k < p->requirement_count; k++)
            if (diff_outcome_is_gap(p->requirements[k].outcome))
                b->gaps[b->gap_count++] = (pair){p->key, p->requirements[k].id};
    }
    qsort(b->gaps, b->gap_count, sizeof(pair), pair_cmp);
    qsort(b->verdicts, b->verdict_count, sizeof(pair), pair_cmp);
    return b;
}

void baseline_free(baseline *b)
{
    if (!b)
        return;
    diff_report_free(b->report);
    free(b->gaps);
    free(b->verdicts);
    free(b);
}

// bsearch for (key[0..key_len), second); keys in a row are not NUL-terminated.
static bool find(const pair *items, size_t count, const char *key, size_t key_len,
                 const char *second)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *k = items[mid].key;
        size_t kl = strlen(k);
        int c = memcmp(key, k, key_len < kl ? key_len : kl);
        if (!c)
            c = (key_len > kl) - (key_len < kl);
        if (!c)
            c = strcmp(second, items[mid].second);
        if (!c)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

bool baseline_knows(const baseline *b, const char *key, size_t key_len, const char *requirement_id)
{
    return b && find(b->gaps, b->gap_count, key, key_len, requirement_id);
}

bool baseline_knows_verdict(const baseline *b, const char *key, size_t key_len, verdict v)
{
    return b && find(b->verdicts, b->verdict_count, key, key_len, verdict_name(v));
}
