/* Embedding libddcheck: score submissions held in memory with the built-in checklist and print
 * one line per project (key, verdict, score, the requirements not met), then the counts.
 *
 *   embed            scores the two projects written below
 *   embed FILE.csv   reads FILE.csv into memory first and scores its projects
 *
 * Exit status as the ddcheck program's: 0 every project passes, 1 some gap, 2 could not run. */
#include <ddcheck.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char projects[] =
    "project_id,sep_exists,dialogue_budget_usd,grm_exists,grm_no_cost_no_retribution\n"
    "DEMO-1,yes,50000,yes,yes\n"
    "DEMO-2,no,,yes,\n";

static void print_project(void *ctx, const ddcheck_project *project)
{
    const ddcheck_checklist *checklist = ctx;
    size_t key_len;
    const char *key = ddcheck_project_key(project, &key_len);
    printf("%.*s\t%s", (int)key_len, key, ddcheck_verdict_name(ddcheck_project_verdict(project)));
    if (ddcheck_project_scored(project))
        printf("\t%.1f\t", ddcheck_project_score(project));
    else
        printf("\t-\t");
    const char *sep = "";
    if (ddcheck_project_verdict(project) == DDCHECK_VERDICT_INVALID) { /* a row not read as one */
        printf("\n");
        return;
    }
    for (size_t i = 0; i < ddcheck_requirement_count(checklist); i++) {
        ddcheck_outcome outcome = ddcheck_project_outcome(project, i);
        if (outcome == DDCHECK_UNMET || outcome == DDCHECK_NO_EVIDENCE ||
            outcome == DDCHECK_INVALID) {
            printf("%s%s", sep, ddcheck_requirement_id(checklist, i));
            sep = ";";
        }
    }
    putchar('\n');
}

/* The whole file at path, in memory (the caller frees it); NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (cap - *len < 4096) {
            char *grown = realloc(text, cap = cap * 2 + 4096);
            if (!grown)
                break;
            text = grown;
        }
        size_t n = fread(text + *len, 1, cap - *len, f);
        *len += n;
        if (n == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(text);
        return NULL;
    }
    return text;
}

int main(int argc, char **argv)
{
    const char *name = "projects.csv";
    const char *data = projects;
    size_t len = strlen(projects);
    char *file = NULL;
    if (argc > 1) {
        name = argv[1];
        file = slurp(name, &len);
        if (!file) {
            perror(name);
            return 2;
        }
        data = file;
    }

    ddcheck_problems *problems = ddcheck_problems_new();
    ddcheck_checklist *checklist = ddcheck_checklist_open_builtin(NULL, problems);
    ddcheck_status status = DDCHECK_STATUS_ERROR;
    if (checklist) {
        ddcheck_evaluation *evaluation = ddcheck_evaluation_new(checklist);
        ddcheck_evaluation_add_buffer(evaluation, data, len, name);
        status = ddcheck_evaluation_run(evaluation, print_project, checklist, problems);
        printf("%zu projects: %zu pass, %zu gap, %zu invalid (libddcheck %s)\n",
               ddcheck_evaluation_projects(evaluation),
               ddcheck_evaluation_count(evaluation, DDCHECK_VERDICT_PASS),
               ddcheck_evaluation_count(evaluation, DDCHECK_VERDICT_GAP),
               ddcheck_evaluation_count(evaluation, DDCHECK_VERDICT_INVALID),
               ddcheck_version_string());
        ddcheck_evaluation_free(evaluation);
    }
    ddcheck_problems_print(problems, stderr);
    ddcheck_problems_free(problems);
    ddcheck_checklist_free(checklist);
    free(file);
    return (int)status;
}
