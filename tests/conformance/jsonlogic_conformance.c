// Runs one shared JSON Logic suite file (read in place) against the engine in plain mode.
//
//   jsonlogic_conformance classic PATH NAME   tests.json: [rule, data, expected] triples
//   jsonlogic_conformance compat PATH NAME    {description, rule, data, result | error}
//   jsonlogic_conformance ddcheck PATH NAME   the compat shape with ddcheck's extensions
//                                             (tests/logic/README.md): checklist cases, unknown
//                                             results, compile errors; each case evaluated with
//                                             and without explaining
//
// Prints every failing case and a summary line "NAME: passed P of N (K known divergences)";
// exits 1 when a case fails that is not in KNOWN_DIVERGENCES below (mirrored in
// docs/jsonlogic.md, with the same reasons).
#include "util/arena.h"
#include "util/diag.h"
#include "util/file.h"
#include "checklist/logic.h"
#include "checklist/value.h"
#include "logic/logic_suite.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Deliberate divergences: (suite name, 0-based case index among the suite's cases, reason).
static const struct {
    const char *suite;
    int index;
    const char *reason;
} KNOWN_DIVERGENCES[] = {
    {NULL, 0, NULL},
};

static const char *known_divergence(const char *suite, int index)
{
    for (size_t i = 0; i < sizeof KNOWN_DIVERGENCES / sizeof KNOWN_DIVERGENCES[0]; i++)
        if (KNOWN_DIVERGENCES[i].suite && strcmp(KNOWN_DIVERGENCES[i].suite, suite) == 0 &&
            KNOWN_DIVERGENCES[i].index == index)
            return KNOWN_DIVERGENCES[i].reason;
    return NULL;
}

// Deep equality where numbers may differ by a relative tolerance (the suites' "decimal": true).
static bool close_enough(const value *a, const value *b, bool decimal)
{
    if (!decimal)
        return value_equal(a, b);
    if (a->kind == VALUE_NUMBER && b->kind == VALUE_NUMBER)
        return fabs(a->as.number - b->as.number) <= 1e-9 * fmax(1.0, fabs(b->as.number));
    if (a->kind == VALUE_ARRAY && b->kind == VALUE_ARRAY) {
        if (a->as.array.count != b->as.array.count)
            return false;
        for (size_t i = 0; i < a->as.array.count; i++)
            if (!close_enough(&a->as.array.items[i], &b->as.array.items[i], true))
                return false;
        return true;
    }
    return value_equal(a, b);
}

static char *print_value(const value *v)
{
    cJSON *j = value_to_cjson(v);
    char *s = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    return s;
}

typedef struct tally {
    int cases, passed, known;
    bool unexpected;
} tally;

// Runs one case; expected_error is the error type when the case expects a throw.
static void run_case(tally *t, const char *suite, int index, const cJSON *rule_json,
                     const cJSON *data_json, const cJSON *expected, const char *expected_error,
                     bool decimal)
{
    t->cases++;
    arena *scratch = arena_new();
    diag_list diags = {0};
    logic_options opts = {.mode = LOGIC_PLAIN, .pointer = ""};
    logic_rule *rule = logic_compile(rule_json, &opts, &diags);
    bool ok = false;
    char *got = NULL;
    if (!rule) {
        char buf[600];
        size_t len = (size_t)snprintf(buf, sizeof buf, "compile error: %s",
                                      diags.count ? diags.items[0].message : "?");
        got = malloc(len + 1);
        if (got)
            memcpy(got, buf, len + 1);
    } else {
        value data = value_from_cjson(data_json, scratch);
        logic_env env = {.data = &data, .scratch = scratch};
        value r = logic_eval(rule, &env);
        if (expected_error) {
            ok = r.kind == VALUE_ERROR && strlen(expected_error) == r.as.string.len &&
                 memcmp(expected_error, r.as.string.ptr, r.as.string.len) == 0;
        } else {
            value want = value_from_cjson(expected, scratch);
            ok = r.kind != VALUE_ERROR && close_enough(&r, &want, decimal);
        }
        got = print_value(&r);
    }
    if (ok) {
        t->passed++;
    } else {
        const char *reason = known_divergence(suite, index);
        char *rs = cJSON_PrintUnformatted(rule_json);
        char *ds = data_json ? cJSON_PrintUnformatted(data_json) : NULL;
        char *es = expected ? cJSON_PrintUnformatted(expected) : NULL;
        printf("%s %s#%d: %s with data %s gave %s, expected %s%s%s%s\n", reason ? "KNOWN" : "FAIL",
               suite, index, rs ? rs : "?", ds ? ds : "null", got ? got : "?",
               expected_error ? "error " : "", expected_error ? expected_error : "",
               es && !expected_error ? es : "", reason ? " — " : "");
        if (reason) {
            printf("      %s\n", reason);
            t->known++;
        } else {
            t->unexpected = true;
        }
        free(rs);
        free(ds);
        free(es);
    }
    free(got);
    logic_rule_free(rule);
    diag_list_clear(&diags);
    arena_free(scratch);
}

// The pointer of a ddcheck case's rule in its (imagined) checklist: compile errors' pointers
// start with it.
#define DDCHECK_RULE_POINTER "/criteria/0/requirements/1/rule"

// Whether r is what a ddcheck case expects: an error's type, an unknown's kind ("absent" or
// "invalid") or a value.
static bool as_expected(const value *r, const cJSON *item, arena *scratch)
{
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(item, "error");
    const cJSON *unknown = cJSON_GetObjectItemCaseSensitive(item, "unknown");
    if (err) {
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(err, "type");
        const char *want = cJSON_IsString(type) ? type->valuestring : "";
        return r->kind == VALUE_ERROR && strlen(want) == r->as.string.len &&
               memcmp(want, r->as.string.ptr, r->as.string.len) == 0;
    }
    if (unknown)
        return r->kind == VALUE_UNKNOWN && cJSON_IsString(unknown) &&
               strcmp(unknown->valuestring, r->flags & VALUE_FLAG_INVALID ? "invalid" : "absent") ==
                   0;
    const cJSON *result = cJSON_GetObjectItemCaseSensitive(item, "result");
    value want = value_from_cjson(result, scratch);
    return result && r->kind != VALUE_ERROR && r->kind != VALUE_UNKNOWN && value_equal(r, &want);
}

// Prints a result the way a ddcheck case spells its expectation.
static char *print_result(const value *r)
{
    const char *text = NULL;
    char buf[300];
    if (r->kind == VALUE_UNKNOWN)
        text = r->flags & VALUE_FLAG_INVALID ? "unknown invalid" : "unknown absent";
    else if (r->kind == VALUE_ERROR) {
        snprintf(buf, sizeof buf, "error %.*s", (int)r->as.string.len, r->as.string.ptr);
        text = buf;
    }
    if (!text)
        return print_value(r);
    char *s = malloc(strlen(text) + 1);
    if (s)
        strcpy(s, text);
    return s;
}

// Runs one ddcheck case (item) with the fields declared so far; *got is what it gave.
static bool ddcheck_case(const cJSON *item, logic_suite_fields *fields, char **got)
{
    bool checklist = logic_suite_is_checklist(item);
    const cJSON *compile_error = cJSON_GetObjectItemCaseSensitive(item, "compile_error");
    diag_list diags = {0};
    logic_options opts = {.mode = checklist ? LOGIC_KLEENE : LOGIC_PLAIN,
                          .pointer = DDCHECK_RULE_POINTER,
                          .file = "c.json"};
    if (checklist) {
        opts.resolve = logic_suite_resolve;
        opts.resolve_ctx = fields;
    }
    logic_rule *rule = logic_compile(cJSON_GetObjectItemCaseSensitive(item, "rule"), &opts, &diags);
    char buf[600];
    bool ok = true;
    if (!rule || compile_error) {
        const cJSON *message = cJSON_GetObjectItemCaseSensitive(compile_error, "message");
        const cJSON *pointer = cJSON_GetObjectItemCaseSensitive(compile_error, "pointer");
        const diag *d = diags.count ? &diags.items[0] : NULL;
        ok = !rule && d && cJSON_IsString(message) && strstr(d->message, message->valuestring) &&
             (!pointer || (cJSON_IsString(pointer) && d->pointer &&
                           strcmp(d->pointer, pointer->valuestring) == 0));
        snprintf(buf, sizeof buf, "%s%s%s%s",
                 rule ? "a compiled rule" : "compile error: ", d ? d->message : "", d ? " at " : "",
                 d && d->pointer ? d->pointer : "");
        *got = malloc(strlen(buf) + 1);
        if (*got)
            strcpy(*got, buf);
    }
    for (int explain = 0; rule && !compile_error && explain < 2 && ok; explain++) {
        arena *scratch = arena_new();
        value slots[LOGIC_SUITE_MAX_FIELDS];
        value data = value_null();
        logic_trace trace = {0};
        logic_env env = {.scratch = scratch, .trace = explain ? &trace : NULL};
        const cJSON *data_json = cJSON_GetObjectItemCaseSensitive(item, "data");
        if (checklist) {
            ok = logic_suite_build_row(data_json, fields, slots, scratch);
            env.slots = slots;
            env.slot_count = fields->count;
        } else {
            data = value_from_cjson(data_json, scratch);
            env.data = &data;
        }
        if (ok) {
            value r = logic_eval(rule, &env);
            ok = as_expected(&r, item, scratch);
            free(*got);
            *got = print_result(&r);
            if (!ok && explain && *got) {
                snprintf(buf, sizeof buf, "%s (explaining)", *got);
                free(*got);
                *got = malloc(strlen(buf) + 1);
                if (*got)
                    strcpy(*got, buf);
            }
        }
        arena_free(scratch);
    }
    logic_rule_free(rule);
    diag_list_clear(&diags);
    return ok;
}

// Runs a ddcheck suite file (doc): prints each failing case; returns the tally.
static tally run_ddcheck_suite(const cJSON *doc, const char *suite)
{
    tally t = {0};
    logic_suite_fields fields = {0};
    int index = 0;
    for (const cJSON *item = doc->child; item; item = item->next) {
        if (logic_suite_read_fields(item, &fields) || !cJSON_IsObject(item) ||
            !cJSON_HasObjectItem(item, "rule"))
            continue;
        t.cases++;
        char *got = NULL;
        if (ddcheck_case(item, &fields, &got)) {
            t.passed++;
        } else {
            char *is = cJSON_PrintUnformatted(item);
            printf("FAIL %s#%d: %s gave %s\n", suite, index, is ? is : "?", got ? got : "?");
            cJSON_free(is);
            t.unexpected = true;
        }
        free(got);
        index++;
    }
    return t;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "classic") != 0 && strcmp(argv[1], "compat") != 0 &&
                      strcmp(argv[1], "ddcheck") != 0)) {
        fprintf(stderr, "usage: jsonlogic_conformance classic|compat|ddcheck FILE NAME\n");
        return 2;
    }
    bool classic = strcmp(argv[1], "classic") == 0;
    bool ddcheck = strcmp(argv[1], "ddcheck") == 0;
    const char *suite = argv[3];
    size_t len;
    char *text = file_read(argv[2], &len);
    if (!text) {
        fprintf(stderr, "jsonlogic_conformance: cannot read %s\n", argv[2]);
        return 2;
    }
    cJSON *doc = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsArray(doc)) {
        fprintf(stderr, "jsonlogic_conformance: %s is not a JSON array\n", argv[2]);
        cJSON_Delete(doc);
        return 2;
    }
    tally t = {0};
    int index = 0;
    if (ddcheck)
        t = run_ddcheck_suite(doc, suite);
    for (const cJSON *item = doc->child; item && !ddcheck; item = item->next) {
        if (classic && cJSON_IsArray(item) && cJSON_GetArraySize(item) >= 3) {
            run_case(&t, suite, index++, cJSON_GetArrayItem(item, 0), cJSON_GetArrayItem(item, 1),
                     cJSON_GetArrayItem(item, 2), NULL, false);
        } else if (!classic && cJSON_IsObject(item) && cJSON_HasObjectItem(item, "rule")) {
            const cJSON *err = cJSON_GetObjectItemCaseSensitive(item, "error");
            const cJSON *type = err ? cJSON_GetObjectItemCaseSensitive(err, "type") : NULL;
            const char *expected_error =
                err ? (cJSON_IsString(type) ? type->valuestring : "") : NULL;
            bool decimal = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "decimal"));
            run_case(&t, suite, index++, cJSON_GetObjectItemCaseSensitive(item, "rule"),
                     cJSON_GetObjectItemCaseSensitive(item, "data"),
                     cJSON_GetObjectItemCaseSensitive(item, "result"), expected_error, decimal);
        }
    }
    cJSON_Delete(doc);
    printf("%s: passed %d of %d (%d known divergences)\n", suite, t.passed, t.cases, t.known);
    return t.unexpected ? 1 : 0;
}
