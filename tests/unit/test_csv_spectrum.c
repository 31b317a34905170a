// csv-spectrum (max-mapper/csv-spectrum), read in place: each CSV must give exactly its JSON
// records.
#define _POSIX_C_SOURCE 200809L

#include "unit/test_main.h"

#include "util/xalloc.h"
#include "evaluator/csv_reader.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define SPECTRUM_DIR DDCHECK_SHARED_DIR "/conformance/csv-spectrum/"

// The cases this file knows; every_spectrum_file_has_a_case fails when the suite grows.
static const char *const known_cases[] = {
    "comma_in_quotes",      "empty",    "empty_crlf",    "escaped_quotes",      "json",
    "location_coordinates", "newlines", "newlines_crlf", "quotes_and_newlines", "simple",
    "simple_crlf",          "utf8",
};

static void skip_without_suite(void)
{
    struct stat st;
    if (stat(SPECTRUM_DIR "csvs", &st) != 0 || !S_ISDIR(st.st_mode)) {
        print_message("csv-spectrum not found at %s: skipped\n", SPECTRUM_DIR);
        skip();
    }
}

// Where a fixture's JSON contradicts its own CSV, the reader must give the CSV's bytes. Each entry
// also checks that the JSON still says what it says now, so the entry fails (and must be removed)
// once the fixture is corrected. location_coordinates.csv has the phone number 2095257564; its JSON
// says 1234567890 (no CSV reading can produce that).
typedef struct fixture_defect {
    const char *file;
    const char *key;
    const char *csv_says;
    const char *json_says;
} fixture_defect;

static const fixture_defect fixture_defects[] = {
    {"location_coordinates", "Contact Phone Number", "2095257564", "1234567890"},
};

static const fixture_defect *find_defect(const char *file, const char *key)
{
    for (size_t i = 0; i < sizeof fixture_defects / sizeof fixture_defects[0]; i++)
        if (!strcmp(fixture_defects[i].file, file) && !strcmp(fixture_defects[i].key, key))
            return &fixture_defects[i];
    return NULL;
}

typedef struct spectrum_run {
    const char *name;
    cJSON *expected; // array of objects (a lone object counts as an array of one)
    char **header;
    size_t header_count;
    size_t records;
} spectrum_run;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *text = NULL;
    size_t n = 0, cap = 0;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        xgrow((void **)&text, &cap, n + got + 1, 1);
        memcpy(text + n, chunk, got);
        n += got;
    }
    fclose(f);
    xgrow((void **)&text, &cap, n + 1, 1);
    text[n] = '\0';
    *len = n;
    return text;
}

static const cJSON *expected_record(const spectrum_run *run, size_t i)
{
    if (cJSON_IsArray(run->expected))
        return cJSON_GetArrayItem(run->expected, (int)i);
    return i == 0 ? run->expected : NULL;
}

static size_t expected_count(const spectrum_run *run)
{
    if (cJSON_IsArray(run->expected))
        return (size_t)cJSON_GetArraySize(run->expected);
    return 1;
}

static bool check_record(void *ctx, const csv_record *rec)
{
    spectrum_run *run = ctx;
    if (rec->error)
        fail_msg("%s: record %zu (line %ld): %s", run->name, rec->index, rec->line, rec->error);
    if (rec->index == 0) {
        run->header_count = rec->count;
        run->header = xcalloc(rec->count, sizeof *run->header);
        for (size_t i = 0; i < rec->count; i++)
            run->header[i] = xstrndup(rec->cells[i].ptr, rec->cells[i].len);
        return true;
    }
    size_t i = rec->index - 1;
    run->records++;
    const cJSON *want = expected_record(run, i);
    if (!cJSON_IsObject(want))
        fail_msg("%s: record %zu (line %ld) is not in the JSON", run->name, i + 1, rec->line);
    if (rec->count != run->header_count)
        fail_msg("%s: record %zu has %zu cells, the header %zu", run->name, i + 1, rec->count,
                 run->header_count);
    if ((size_t)cJSON_GetArraySize(want) != rec->count)
        fail_msg("%s: record %zu has %zu cells, the JSON object %d keys", run->name, i + 1,
                 rec->count, cJSON_GetArraySize(want));
    for (size_t k = 0; k < rec->count; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(want, run->header[k]);
        if (!cJSON_IsString(v))
            fail_msg("%s: record %zu: no string for key \"%s\" in the JSON", run->name, i + 1,
                     run->header[k]);
        const char *cell = rec->cells[k].ptr;
        size_t len = rec->cells[k].len;
        const fixture_defect *defect = find_defect(run->name, run->header[k]);
        if (defect) {
            if (strcmp(v->valuestring, defect->json_says) != 0)
                fail_msg("%s: the JSON for \"%s\" changed (now \"%s\"): remove the fixture_defects "
                         "entry",
                         run->name, defect->key, v->valuestring);
            if (strcmp(cell, defect->csv_says) != 0)
                fail_msg("%s: record %zu, \"%s\": read \"%s\", the CSV holds \"%s\"", run->name,
                         i + 1, defect->key, cell, defect->csv_says);
            continue;
        }
        if (strlen(v->valuestring) != len || memcmp(v->valuestring, cell, len) != 0)
            fail_msg("%s: record %zu, \"%s\": read \"%s\", the JSON says \"%s\"", run->name, i + 1,
                     run->header[k], cell, v->valuestring);
    }
    return true;
}

static void check_spectrum_case(const char *name)
{
    skip_without_suite();
    char csv_path[1024], json_path[1024];
    snprintf(csv_path, sizeof csv_path, "%scsvs/%s.csv", SPECTRUM_DIR, name);
    snprintf(json_path, sizeof json_path, "%sjson/%s.json", SPECTRUM_DIR, name);

    size_t json_len;
    char *json_text = slurp(json_path, &json_len);
    spectrum_run run = {.name = name};
    run.expected = cJSON_ParseWithLength(json_text, json_len);
    free(json_text);
    if (!cJSON_IsArray(run.expected) && !cJSON_IsObject(run.expected))
        fail_msg("%s: the JSON is neither an array nor an object", json_path);

    FILE *f = fopen(csv_path, "rb");
    if (!f)
        fail_msg("cannot open %s", csv_path);
    diag_list diags = {0};
    csv_options opts = {.delimiter = ','};
    bool ok = csv_read(f, csv_path, &opts, check_record, &run, &diags);
    fclose(f);
    assert_true(ok);
    assert_int_equal(diags.count, 0);
    assert_true(run.header_count > 0);
    if (run.records != expected_count(&run))
        fail_msg("%s: %zu records read, the JSON has %zu", name, run.records, expected_count(&run));

    for (size_t i = 0; i < run.header_count; i++)
        free(run.header[i]);
    free(run.header);
    cJSON_Delete(run.expected);
    diag_list_clear(&diags);
}

#define SPECTRUM_CASE(name)                                                                        \
    static void name(void **state)                                                                 \
    {                                                                                              \
        (void)state;                                                                               \
        check_spectrum_case(#name);                                                                \
    }

SPECTRUM_CASE(comma_in_quotes)
SPECTRUM_CASE(empty)
SPECTRUM_CASE(empty_crlf)
SPECTRUM_CASE(escaped_quotes)
SPECTRUM_CASE(json)
SPECTRUM_CASE(location_coordinates)
SPECTRUM_CASE(newlines)
SPECTRUM_CASE(newlines_crlf)
SPECTRUM_CASE(quotes_and_newlines)
SPECTRUM_CASE(simple)
SPECTRUM_CASE(simple_crlf)
SPECTRUM_CASE(utf8)

static void every_spectrum_file_has_a_case(void **state)
{
    (void)state;
    skip_without_suite();
    DIR *dir = opendir(SPECTRUM_DIR "csvs");
    assert_non_null(dir);
    size_t files = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0)
            continue;
        files++;
        bool known = false;
        for (size_t i = 0; i < sizeof known_cases / sizeof known_cases[0]; i++)
            if (strlen(known_cases[i]) == len - 4 && !memcmp(known_cases[i], e->d_name, len - 4))
                known = true;
        if (!known) {
            closedir(dir);
            fail_msg("csv-spectrum has %s, which no test case reads: add one", e->d_name);
        }
    }
    closedir(dir);
    assert_int_equal(files, sizeof known_cases / sizeof known_cases[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comma_in_quotes),
        cmocka_unit_test(empty),
        cmocka_unit_test(empty_crlf),
        cmocka_unit_test(escaped_quotes),
        cmocka_unit_test(json),
        cmocka_unit_test(location_coordinates),
        cmocka_unit_test(newlines),
        cmocka_unit_test(newlines_crlf),
        cmocka_unit_test(quotes_and_newlines),
        cmocka_unit_test(simple),
        cmocka_unit_test(simple_crlf),
        cmocka_unit_test(utf8),
        cmocka_unit_test(every_spectrum_file_has_a_case),
    };
    DDCHECK_RUN_TESTS(tests);
}
