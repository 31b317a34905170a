// The strict JSON check and checklist loading against JSONTestSuite (read in place from the
// shared folder): every n_ file refused with a position, every y_ file accepted as JSON and then
// refused only as "not a checklist", every i_ file as decided in docs/robustness.md.
#define _POSIX_C_SOURCE 200809L
#include "unit/test_main.h"

#include "checklist/checklist.h"
#include "util/file.h"
#include "util/json_strict.h"

#include <cjson/cJSON.h>
#include <dirent.h>

#define SUITE DDCHECK_SHARED_DIR "/conformance/JSONTestSuite/test_parsing"

// The i_ files accepted as JSON: numbers of any size (range is checked where a number is used)
// and the structures within the nesting limit; a UTF-8 byte-order mark is skipped. Every other
// i_ file (invalid UTF-8, lone surrogates, UTF-16) is refused.
static const char *const I_ACCEPTED[] = {
    "i_number_double_huge_neg_exp.json",  "i_number_huge_exp.json",
    "i_number_neg_int_huge_exp.json",     "i_number_pos_double_huge_exp.json",
    "i_number_real_neg_overflow.json",    "i_number_real_pos_overflow.json",
    "i_number_real_underflow.json",       "i_number_too_big_neg_int.json",
    "i_number_too_big_pos_int.json",      "i_number_very_big_negative_int.json",
    "i_structure_500_nested_arrays.json", "i_structure_UTF-8_BOM_empty_object.json",
};

static bool i_accepted(const char *name)
{
    for (size_t i = 0; i < sizeof I_ACCEPTED / sizeof I_ACCEPTED[0]; i++)
        if (strcmp(name, I_ACCEPTED[i]) == 0)
            return true;
    return false;
}

// The y_ files refused all the same: valid syntax, but an object with two members of one name,
// which readers take differently (cJSON the first, Python and JavaScript the last).
static const char *const Y_REFUSED[] = {
    "y_object_duplicated_key.json",
    "y_object_duplicated_key_and_value.json",
};

static bool y_refused(const char *name)
{
    for (size_t i = 0; i < sizeof Y_REFUSED / sizeof Y_REFUSED[0]; i++)
        if (strcmp(name, Y_REFUSED[i]) == 0)
            return true;
    return false;
}

static bool any_message(const diag_list *diags, const char *needle)
{
    for (size_t i = 0; i < diags->count; i++)
        if (diags->items[i].severity == DIAG_ERROR && strstr(diags->items[i].message, needle))
            return true;
    return false;
}

// Loads one suite file as a checklist; returns a description of what went wrong, or NULL.
static const char *check_file(const char *name, bool want_json, char *why, size_t size)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", SUITE, name);
    size_t len;
    char *text = file_read(path, &len);
    if (!text)
        return "cannot read";
    diag_list diags = {0};
    checklist *cl = checklist_parse(text, len, name, &diags);
    const char *bad = NULL;
    char line[1024] = "";
    if (diags.count)
        diag_format(&diags.items[0], line, sizeof line);
    if (cl)
        bad = "loaded as a checklist";
    else if (want_json && any_message(&diags, "invalid JSON"))
        bad = "refused as invalid JSON";
    else if (want_json && !any_message(&diags, "not a checklist"))
        bad = "not refused as \"not a checklist\"";
    else if (!want_json && !(diags.count == 1 && strstr(diags.items[0].message, "invalid JSON: ") &&
                             diags.items[0].line > 0 && diags.items[0].column > 0))
        bad = "not refused with one positional \"invalid JSON: reason\"";
    else if (y_refused(name) && !any_message(&diags, "duplicate member name"))
        bad = "not refused for its duplicate member name";
    if (bad)
        snprintf(why, size, "%s: %s (first message: %s)", name, bad, line);
    checklist_free(cl);
    diag_list_clear(&diags);
    free(text);
    return bad ? why : NULL;
}

static void check_prefix(const char *prefix)
{
    DIR *d = opendir(SUITE);
    if (!d) {
        skip();
        return;
    }
    struct dirent *e;
    size_t files = 0, failures = 0;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, 2) != 0)
            continue;
        files++;
        bool want_json = (prefix[0] == 'y' && !y_refused(e->d_name)) ||
                         (prefix[0] == 'i' && i_accepted(e->d_name));
        char why[2048];
        if (check_file(e->d_name, want_json, why, sizeof why)) {
            print_error("%s\n", why);
            failures++;
        }
    }
    closedir(d);
    print_message("%zu %s files, %zu failures\n", files, prefix, failures);
    assert_true(files > 0);
    assert_int_equal(failures, 0);
}

static void every_n_file_is_refused_with_a_position(void **state)
{
    (void)state;
    check_prefix("n_");
}

static void every_y_file_is_json_but_not_a_checklist(void **state)
{
    (void)state;
    check_prefix("y_");
}

static void every_i_file_behaves_as_documented(void **state)
{
    (void)state;
    check_prefix("i_");
}

static void strict_check(const char *text, size_t *offset, const char **reason, bool want)
{
    bool ok = json_strict_check(text, strlen(text), offset, reason);
    if (ok != want)
        fail_msg("%s: expected %s", text, want ? "valid" : "invalid");
}

static void errors_name_the_first_bad_byte(void **state)
{
    (void)state;
    size_t at;
    const char *why;
    strict_check("{\"a\": [1, 2,]}", &at, &why, false);
    assert_int_equal(at, 12);
    assert_string_equal(why, "a value is expected");
    strict_check("[01]", &at, &why, false);
    assert_int_equal(at, 2);
    strict_check("{\"a\" 1}", &at, &why, false);
    assert_int_equal(at, 5);
    strict_check("\"abc", &at, &why, false);
    assert_string_equal(why, "unterminated string");
    strict_check("", &at, &why, false);
    assert_string_equal(why, "empty document");
    strict_check("1 2", &at, &why, false);
    assert_int_equal(at, 2);
    strict_check("\xEF\xBB\xBF{\"a\": \"\\ud834\\udd1e\", \"b\": -0.5e+3}", &at, &why, true);
}

static void a_checklist_nested_100000_deep_is_refused_with_a_message(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *text = malloc(2 * depth + 16);
    size_t n = 0;
    text[n++] = '{';
    memcpy(text + n, "\"a\":", 4);
    n += 4;
    for (size_t i = 0; i < depth; i++)
        text[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        text[n++] = ']';
    text[n++] = '}';
    diag_list diags = {0};
    checklist *cl = checklist_parse(text, n, "deep.json", &diags);
    assert_null(cl);
    assert_int_equal(diags.count, 1);
    assert_non_null(strstr(diags.items[0].message, "nesting deeper than"));
    assert_int_equal(diags.items[0].line, 1);
    assert_int_equal(diags.items[0].column, 5 + JSON_STRICT_MAX_DEPTH);
    diag_list_clear(&diags);
    free(text);
}

// Parses text; returns the offset of the refused duplicate member, or -1 when accepted.
static long duplicate_at(const char *text)
{
    size_t at = 0;
    const char *why = NULL;
    cJSON *root = json_strict_parse(text, strlen(text), &at, &why);
    if (root) {
        cJSON_Delete(root);
        return -1;
    }
    assert_non_null(strstr(why, "duplicate member name"));
    return (long)at;
}

static void a_member_name_given_twice_is_refused_at_the_second(void **state)
{
    (void)state;
    assert_int_equal(duplicate_at("{\"rule\": 1, \"rule\": 2}"), 12);
    // The names as decoded: an escape does not make another name.
    assert_int_equal(duplicate_at("{\"rule\":1,\"rul\\u0065\":2}"), 10);
    // Deep inside arrays and objects, after a byte-order mark and strings holding brackets.
    assert_int_equal(
        duplicate_at("\xEF\xBB\xBF[{\"a\":\"[{\"}, {\"b\": {\"c\": [1, {\"x\":1, \"y\":\"}\\\"\", "
                     "\"x\": 3}]}}]"),
        51);
    // The third of three is not the first repeat; the second is.
    assert_int_equal(duplicate_at("{\"a\":1,\"b\":2,\"a\":3,\"b\":4,\"a\":5}"), 13);
    // The same name in different objects, or as a value, is fine.
    assert_int_equal(duplicate_at("{\"a\":{\"a\":\"a\"},\"b\":[{\"a\":1},{\"a\":2}]}"), -1);
    assert_int_equal(duplicate_at("{}"), -1);
    assert_int_equal(duplicate_at("[1,2,2]"), -1);
}

static void an_object_of_100000_distinct_names_is_accepted_and_one_repeat_found(void **state)
{
    (void)state;
    size_t n = 100000;
    char *text = malloc(n * 16 + 32);
    size_t len = 0;
    text[len++] = '{';
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "%s\"k%zu\":0", i ? "," : "", i);
    memcpy(text + len, "}", 2);
    assert_int_equal(duplicate_at(text), -1);
    size_t at = len; // the closing brace gives way to a repeat of k77777
    sprintf(text + len, ",\"k77777\":1}");
    assert_int_equal(duplicate_at(text), (long)at + 1);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_n_file_is_refused_with_a_position),
        cmocka_unit_test(every_y_file_is_json_but_not_a_checklist),
        cmocka_unit_test(every_i_file_behaves_as_documented),
        cmocka_unit_test(errors_name_the_first_bad_byte),
        cmocka_unit_test(a_checklist_nested_100000_deep_is_refused_with_a_message),
        cmocka_unit_test(a_member_name_given_twice_is_refused_at_the_second),
        cmocka_unit_test(an_object_of_100000_distinct_names_is_accepted_and_one_repeat_found),
    };
    DDCHECK_RUN_TESTS(tests);
}
