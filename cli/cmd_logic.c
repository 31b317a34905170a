// `ddcheck logic RULE [DATA]`: evaluates one plain JSON Logic rule and prints the result.
#include "commands.h"

#include "util/arena.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/json_pos.h"
#include "util/json_strict.h"
#include "checklist/logic.h"
#include "checklist/value.h"
#include "util/xalloc.h"
#include "options.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The text of an argument: inline JSON, @file, or - (stdin). *name is what messages call it.
static char *argument_text(const char *arg, const char *inline_name, const char **name, size_t *len)
{
    if (strcmp(arg, "-") == 0) {
        *name = "<stdin>";
        return file_read_stream(stdin, len);
    }
    if (arg[0] == '@') {
        *name = arg + 1;
        return file_read(arg + 1, len);
    }
    *name = inline_name;
    *len = strlen(arg);
    return xstrndup(arg, *len);
}

// Parses text; on failure prints "ddcheck: NAME:LINE:COL: invalid JSON: …" and returns NULL.
static cJSON *parse_json(const char *text, size_t len, const char *name)
{
    size_t bad;
    const char *why;
    cJSON *root = json_strict_parse(text, len, &bad, &why);
    if (root)
        return root;
    long line, col;
    json_pos_of_offset(text, len, bad, &line, &col);
    fprintf(stderr, "ddcheck: %s:%ld:%ld: invalid JSON: %s\n", name, line, col, why);
    return NULL;
}

static cJSON *load_argument(const char *arg, const char *inline_name)
{
    const char *name = inline_name;
    size_t len = 0;
    char *text = argument_text(arg, inline_name, &name, &len);
    if (!text) {
        fprintf(stderr, "ddcheck: %s: %s\n", name, strerror(errno));
        return NULL;
    }
    cJSON *json = parse_json(text, len, name);
    free(text);
    return json;
}

/* Usage: ddcheck logic RULE [DATA]. RULE and DATA are JSON text, or @FILE; DATA may be - for
 * standard input (only one of them may be -). The rule is evaluated with plain JSON Logic
 * semantics (LOGIC_PLAIN, vars read DATA, no slots) and the result is printed to stdout as compact
 * JSON and a newline.
 *
 * A rule that throws (JSON Logic `throw`, or the engine's "NaN" / "Invalid Arguments") prints
 * {"error":"<type>"} on stdout and exits 1, so scripts can tell a thrown error from a result that
 * happens to be an object. Bad usage, an unreadable file, invalid JSON
 * ("ddcheck: NAME:LINE:COL: invalid JSON: …", NAME being the file, <rule>, <data> or <stdin>) or a
 * rule that does not compile (unknown operator, nesting too deep) exit 2 with nothing on stdout.
 * So does a rule stopped by an evaluation limit (logic.h's LOGIC_MAX_*): "ddcheck: NAME: the rule
 * stopped at an evaluation limit: …", and a result nested deeper than value.h's VALUE_DEEPEST
 * (a reduce that wraps its accumulator at each item): "ddcheck: NAME: the rule's result is nested
 * more than 2,000 deep, too deep to print".
 * Otherwise the exit status is 0. */
int cmd_logic(int argc, char **argv)
{
    cli_parser parse;
    cli_parser_init(&parse, CLI_LOGIC, argc, argv);
    const char *args[3] = {argv[0], NULL, NULL};
    int count = 1;
    const char *arg;
    for (int id; (id = cli_parser_next(&parse, &arg)) != CLI_END;) {
        if (id == CLI_STOP)
            return parse.status;
        if (count == 3) {
            count++;
            break;
        }
        args[count++] = arg;
    }
    if (count < 2 || count > 3) {
        fprintf(stderr, "ddcheck: logic: usage: ddcheck logic RULE [DATA]\n");
        return EXIT_CANNOT_RUN;
    }
    if (count == 3 && strcmp(args[1], "-") == 0 && strcmp(args[2], "-") == 0) {
        fprintf(stderr, "ddcheck: logic: only one of RULE and DATA can be '-'\n");
        return EXIT_CANNOT_RUN;
    }
    cJSON *rule_json = load_argument(args[1], "<rule>");
    if (!rule_json)
        return EXIT_CANNOT_RUN;
    cJSON *data_json = NULL;
    if (count == 3) {
        data_json = load_argument(args[2], "<data>");
        if (!data_json) {
            cJSON_Delete(rule_json);
            return EXIT_CANNOT_RUN;
        }
    }

    diag_list diags = {0};
    logic_options opts = {
        .mode = LOGIC_PLAIN, .file = args[1][0] == '@' ? args[1] + 1 : "<rule>", .pointer = ""};
    logic_rule *rule = logic_compile(rule_json, &opts, &diags);
    cJSON_Delete(rule_json);
    int status = EXIT_ALL_PASS;
    if (!rule) {
        for (size_t i = 0; i < diags.count; i++) {
            char buf[1200];
            fprintf(stderr, "ddcheck: %s\n", diag_format(&diags.items[i], buf, sizeof buf));
        }
        diag_list_clear(&diags);
        cJSON_Delete(data_json);
        return EXIT_CANNOT_RUN;
    }
    diag_list_clear(&diags);

    arena *scratch = arena_new();
    value data = value_from_cjson(data_json, scratch);
    cJSON_Delete(data_json);
    logic_env env = {.data = &data, .scratch = scratch};
    value result = logic_eval(rule, &env);
    if (logic_is_limit(&result)) {
        // Not a result of the rule: the evaluation was stopped (docs/robustness.md).
        fprintf(stderr, "ddcheck: %s: the rule stopped at an %s\n", opts.file,
                result.as.string.ptr);
        arena_free(scratch);
        logic_rule_free(rule);
        return EXIT_CANNOT_RUN;
    }
    if (value_too_deep(&result)) {
        // Printed, its deepest parts would read as null: not the rule's result.
        fprintf(stderr,
                "ddcheck: %s: the rule's result is nested more than " VALUE_DEEPEST_TEXT
                " deep, too deep to print\n",
                opts.file);
        arena_free(scratch);
        logic_rule_free(rule);
        return EXIT_CANNOT_RUN;
    }
    cJSON *out = value_to_cjson(&result);
    char *text = out ? cJSON_PrintUnformatted(out) : NULL;
    if (!text) {
        fprintf(stderr, "ddcheck: logic: out of memory\n");
        status = EXIT_CANNOT_RUN;
    } else {
        fputs(text, stdout);
        fputc('\n', stdout);
        if (result.kind == VALUE_ERROR)
            status = EXIT_SOME_GAP;
    }
    cJSON_free(text);
    cJSON_Delete(out);
    arena_free(scratch);
    logic_rule_free(rule);
    return cli_finish_stdout(status);
}
