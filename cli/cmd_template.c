// `ddcheck template`: the CSV a proponent fills in (header, optionally one example row) or the
// data dictionary in Markdown.
#include "commands.h"

#include "util/xalloc.h"
#include "options.h"
#include "reports/checklist_docs.h"
#include "reports/escape.h"

#include <stdlib.h>
#include <string.h>

// A value that fits the field, for an example row when no passing test gives one.
static const char *example_cell(const checklist_field *f, char *buf, size_t size)
{
    switch (f->type) {
    case FIELD_BOOLEAN:
        return "yes";
    case FIELD_NUMBER:
    case FIELD_INTEGER: {
        double v = f->has_min && f->min > 1 ? f->min : 1;
        if (f->has_max && v > f->max)
            v = f->max;
        snprintf(buf, size, "%.15g", v);
        return buf;
    }
    case FIELD_PERCENT:
        return "50";
    case FIELD_LIST:
    case FIELD_ENUM:
        return f->value_count ? f->values[0] : "example";
    case FIELD_DATE:
        return "2025-01-31";
    case FIELD_TEXT:
    default:
        return "example";
    }
}

// The row of the first test whose verdict is pass, or NULL.
static const cJSON *passing_test_row(const checklist *cl, const char **name)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cl->tests)
    {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, "verdict");
        if (cJSON_IsString(v) && strcmp(v->valuestring, "pass") == 0) {
            const cJSON *n = cJSON_GetObjectItemCaseSensitive(t, "name");
            *name = cJSON_IsString(n) ? n->valuestring : "example";
            return cJSON_GetObjectItemCaseSensitive(t, "row");
        }
    }
    return NULL;
}

static void print_csv(const checklist *cl, bool example)
{
    for (size_t s = 0; s < cl->field_count; s++) {
        if (s)
            putchar(',');
        escape_csv(stdout, cl->fields[s].name, strlen(cl->fields[s].name));
    }
    putchar('\n');
    if (!example)
        return;
    const char *name = NULL;
    const cJSON *row = passing_test_row(cl, &name);
    for (size_t s = 0; s < cl->field_count; s++) {
        char buf[64];
        const char *cell;
        if (row) {
            const cJSON *c = cJSON_GetObjectItemCaseSensitive(row, cl->fields[s].name);
            cell = cJSON_IsString(c) ? c->valuestring : s == cl->key_field ? name : "";
        } else {
            cell = example_cell(&cl->fields[s], buf, sizeof buf);
        }
        if (s)
            putchar(',');
        escape_csv(stdout, cell, strlen(cell));
    }
    putchar('\n');
}

int cmd_template(int argc, char **argv)
{
    cli_checklist_args args;
    int status;
    if (!cli_parse_checklist_args(CLI_TEMPLATE, argc, argv, 0, &args, &status))
        return status;
    const char *format = args.format ? args.format : "csv";
    if (strcmp(format, "csv") != 0 && strcmp(format, "markdown") != 0)
        return cli_usage_error("template: format must be csv or markdown, not '%s'", format);
    if (args.example && strcmp(format, "csv") != 0)
        return cli_usage_error("template: --example goes with -f csv");
    checklist *cl = cli_load_checklist_with_tests(args.checklist);
    if (!cl)
        return EXIT_CANNOT_RUN;
    if (strcmp(format, "csv") == 0) {
        print_csv(cl, args.example);
    } else {
        checklist_dictionary_page_write(stdout, cl);
    }
    checklist_free(cl);
    return cli_finish_stdout(EXIT_ALL_PASS);
}
