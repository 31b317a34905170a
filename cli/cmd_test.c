// `ddcheck test [--coverage] [CHECKLIST...]`: runs each checklist's own "tests" through the
// evaluator and reports like a test runner, ending with "N passed, N failed".
#include "commands.h"

#include "checklist/builtin.h"
#include "util/xalloc.h"
#include "evaluator/evaluate.h"
#include "options.h"
#include "reports/gaps.h"

#include <stdlib.h>
#include <string.h>

// The outcomes --coverage asks every requirement to be driven to (asserted in some test's expect).
static const outcome COVERED[] = {OUTCOME_MET, OUTCOME_UNMET, OUTCOME_NO_EVIDENCE};
#define COVERED_COUNT (sizeof COVERED / sizeof COVERED[0])

typedef struct totals {
    size_t passed, failed, uncovered;
} totals;

static const char *test_name(const cJSON *t, size_t i, char *buf, size_t size)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(t, "name");
    if (cJSON_IsString(name) && name->valuestring[0])
        return name->valuestring;
    snprintf(buf, size, "test %zu", i + 1);
    return buf;
}

static void print_explanations(const requirement_result *r)
{
    for (size_t k = 0; k < r->explanation_count; k++)
        if (r->explanations[k].text && r->explanations[k].text[0])
            printf("      because: %s\n", r->explanations[k].text);
}

// Runs one test; prints its line and mismatches; marks asserted outcomes in seen.
static bool run_test(evaluator *ev, const checklist *cl, const cJSON *t, size_t i, size_t number,
                     bool *seen)
{
    char fallback[32];
    const char *name = test_name(t, i, fallback, sizeof fallback);
    const char **cells = xcalloc(cl->field_count + 1, sizeof(char *));
    const cJSON *cell;
    cJSON_ArrayForEach(cell, cJSON_GetObjectItemCaseSensitive(t, "row"))
    {
        size_t slot;
        if (cJSON_IsString(cell) && checklist_field_index(cl, cell->string, &slot))
            cells[slot] = cell->valuestring;
    }
    // A test row needs no key of its own: the test's name stands in for it.
    if (!cells[cl->key_field])
        cells[cl->key_field] = name;
    const project_result *p = evaluator_cells(ev, cells, cl->origin, 0, i);
    free(cells);

    // Collect the mismatches first, so the verdict line comes before them.
    bool ok = true;
    const cJSON *e;
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(t, "expect");
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(t, "verdict");
    const cJSON *score = cJSON_GetObjectItemCaseSensitive(t, "score");
    if (!p->requirements)
        ok = false;
    cJSON_ArrayForEach(e, expect)
    {
        const checklist_requirement *req = checklist_find_requirement(cl, e->string);
        size_t r = req ? (size_t)(req - cl->requirements) : 0;
        if (!req || !p->requirements || !cJSON_IsString(e) ||
            strcmp(outcome_name(p->requirements[r].outcome), e->valuestring) != 0)
            ok = false;
    }
    if (cJSON_IsString(want) && strcmp(verdict_name(p->verdict), want->valuestring) != 0)
        ok = false;
    if (cJSON_IsNumber(score) &&
        (!p->scored || evaluator_round_score(score->valuedouble) != p->score))
        ok = false;

    printf("%s %zu - %s\n", ok ? "ok" : "not ok", number, name);
    if (!p->requirements && p->error)
        printf("    the row is invalid: %s\n", p->error);
    cJSON_ArrayForEach(e, expect)
    {
        const checklist_requirement *req = checklist_find_requirement(cl, e->string);
        if (!req || !p->requirements || !cJSON_IsString(e))
            continue;
        size_t r = (size_t)(req - cl->requirements);
        const requirement_result *rr = &p->requirements[r];
        if (strcmp(outcome_name(rr->outcome), e->valuestring) == 0) {
            for (size_t k = 0; k < COVERED_COUNT; k++)
                if (rr->outcome == COVERED[k])
                    seen[r * COVERED_COUNT + k] = true;
            continue;
        }
        printf("    %s: expected %s, got %s\n", req->id, e->valuestring, outcome_name(rr->outcome));
        print_explanations(rr);
    }
    if (cJSON_IsString(want) && strcmp(verdict_name(p->verdict), want->valuestring) != 0) {
        if (p->scored)
            printf("    verdict: expected %s, got %s (score %.1f)\n", want->valuestring,
                   verdict_name(p->verdict), p->score);
        else
            printf("    verdict: expected %s, got %s\n", want->valuestring,
                   verdict_name(p->verdict));
        // A floor can make a gap that no expected outcome shows: say which.
        for (size_t c = 0; p->criteria && c < cl->criterion_count; c++) {
            char why[GAPS_FLOOR_TEXT_SIZE];
            if (p->criteria[c].below_floor)
                printf("    %s\n",
                       gaps_floor_text(&cl->criteria[c], &p->criteria[c], why, sizeof why));
        }
    }
    if (cJSON_IsNumber(score) &&
        (!p->scored || evaluator_round_score(score->valuedouble) != p->score)) {
        if (p->scored)
            printf("    score: expected %.1f, got %.1f\n", score->valuedouble, p->score);
        else
            printf("    score: expected %.1f, got none\n", score->valuedouble);
    }
    return ok;
}

// Prints the requirement × outcome pairs no test asserts; returns how many.
static size_t report_coverage(const checklist *cl, const bool *seen)
{
    size_t missing = 0, total = cl->requirement_count * COVERED_COUNT;
    for (size_t i = 0; i < total; i++)
        missing += !seen[i];
    printf("# coverage %s: %zu of %zu requirement outcomes (met, unmet, no_evidence)\n", cl->id,
           total - missing, total);
    for (size_t r = 0; r < cl->requirement_count; r++) {
        bool any = false;
        for (size_t k = 0; k < COVERED_COUNT; k++) {
            if (seen[r * COVERED_COUNT + k])
                continue;
            if (!any)
                printf("#   %s never tested as:", cl->requirements[r].id);
            printf(" %s", outcome_name(COVERED[k]));
            any = true;
        }
        if (any)
            putchar('\n');
    }
    return missing;
}

static bool run_checklist(const char *spec, bool coverage, size_t *number, totals *tot)
{
    checklist *cl = cli_load_checklist_with_tests(spec);
    if (!cl)
        return false;
    size_t count = cl->tests ? (size_t)cJSON_GetArraySize(cl->tests) : 0;
    printf("# %s (%s): %zu test%s\n", cl->id, cl->origin, count, count == 1 ? "" : "s");
    bool *seen = xcalloc(cl->requirement_count * COVERED_COUNT + 1, sizeof(bool));
    evaluator *ev = evaluator_new(cl);
    size_t i = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, cl->tests)
    {
        if (run_test(ev, cl, t, i++, ++*number, seen))
            tot->passed++;
        else
            tot->failed++;
    }
    if (coverage)
        tot->uncovered += report_coverage(cl, seen);
    evaluator_free(ev);
    free(seen);
    checklist_free(cl);
    return true;
}

int cmd_test(int argc, char **argv)
{
    bool coverage = false;
    const char **specs = xcalloc((size_t)argc + builtin_checklist_count + 1, sizeof(char *));
    size_t count = 0;
    cli_parser parse;
    cli_parser_init(&parse, CLI_TEST, argc, argv);
    const char *arg;
    for (int id; (id = cli_parser_next(&parse, &arg)) != CLI_END;) {
        if (id == CLI_STOP) {
            free(specs);
            return parse.status;
        }
        if (id == OPT_COVERAGE)
            coverage = true;
        else if (id == CLI_OPERAND)
            specs[count++] = arg;
    }
    if (count == 0)
        for (size_t i = 0; i < builtin_checklist_count; i++)
            specs[count++] = builtin_checklists[i].id;
    totals tot = {0};
    size_t number = 0;
    bool unusable = false;
    for (size_t i = 0; i < count; i++)
        unusable |= !run_checklist(specs[i], coverage, &number, &tot);
    free(specs);
    printf("%zu passed, %zu failed\n", tot.passed, tot.failed);
    int status = unusable                      ? EXIT_CANNOT_RUN
                 : tot.failed || tot.uncovered ? EXIT_SOME_GAP
                                               : EXIT_ALL_PASS;
    return cli_finish_stdout(status);
}
