// Cell typing: empty is absent, unfit is invalid, and every DESIGN.md spelling is accepted.
#include "unit/test_main.h"
#include "unit/test_random.h"
#include "unit/test_cell_fields.h"

#include "evaluator/cell.h"
#include "evaluator/csv_reader.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// A typed cell with the value cell_type gives beside it, and its problem kind and words.
typedef struct typed {
    cell_state state;
    cell_problem kind;
    char problem[CELL_PROBLEM_SIZE]; /* "" when the cell is not invalid */
    value value;
} typed;

static typed type_text(checklist_field *f, const char *s, arena *a)
{
    typed_cell c = {0};
    typed t = {0};
    logic_set set;
    cell_type(f, s, strlen(s), a, &c, &t.value, &set);
    t.state = c.state;
    t.kind = c.problem;
    if (c.state == CELL_INVALID) {
        size_t n = cell_problem_text(f, &c, t.problem);
        assert_int_equal(n, strlen(t.problem));
    }
    return t;
}

static void empty_and_blank_cells_are_absent_not_zero(void **state)
{
    (void)state;
    arena *a = arena_new();
    field_type types[] = {FIELD_TEXT, FIELD_BOOLEAN, FIELD_NUMBER, FIELD_PERCENT, FIELD_LIST};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        checklist_field f = field(types[i]);
        typed c = type_text(&f, "", a);
        assert_int_equal(c.state, CELL_ABSENT);
        assert_int_equal(c.value.kind, VALUE_UNKNOWN);
        assert_false(c.value.flags & VALUE_FLAG_INVALID);
        c = type_text(&f, "   \t ", a);
        assert_int_equal(c.state, CELL_ABSENT);
    }
    arena_free(a);
}

// What a yes/no cell is, said the plain way: one of eight words, ignoring the case of ASCII
// letters only. -1: none of them.
static int bool_reference(const unsigned char *s, size_t len)
{
    static const char *const words[] = {"yes", "no", "true", "false", "y", "n", "1", "0"};
    for (size_t w = 0; w < 8; w++) {
        if (strlen(words[w]) != len)
            continue;
        size_t i = 0;
        while (i < len && tolower(s[i]) == words[w][i] && (s[i] < 0x80))
            i++;
        if (i == len)
            return w % 2 == 0;
    }
    return -1;
}

static void check_bool_against_reference(checklist_field *f, const unsigned char *s, size_t len,
                                         arena *a)
{
    if (len && (checklist_is_space((char)s[0]) || checklist_is_space((char)s[len - 1])))
        return; // trimmed first: covered by the spelling tests
    typed_cell c = {0};
    value v;
    logic_set set;
    cell_type(f, (const char *)s, len, a, &c, &v, &set);
    int want = bool_reference(s, len);
    if (len == 0)
        assert_int_equal(c.state, CELL_ABSENT);
    else if (want < 0)
        assert_int_equal(c.state, CELL_INVALID);
    else {
        assert_int_equal(c.state, CELL_PRESENT);
        assert_int_equal(v.as.boolean, want);
    }
}

// Booleans are typed by word compares (parse_bool); every 1- and 2-byte cell, and every spelling
// of 3 to 5 letters with any one byte replaced by any other, types as the plain reading says.
static void booleans_agree_with_the_plain_reading_byte_for_byte(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = field(FIELD_BOOLEAN);
    unsigned char s[8];
    for (unsigned x = 0; x < 256; x++) {
        s[0] = (unsigned char)x;
        check_bool_against_reference(&f, s, 1, a);
        for (unsigned y = 0; y < 256; y++) {
            s[1] = (unsigned char)y;
            check_bool_against_reference(&f, s, 2, a);
        }
    }
    static const char *const words[] = {"yes", "YES", "true", "TRUE", "false", "False", "nO"};
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        size_t len = strlen(words[w]);
        for (size_t at = 0; at < len; at++)
            for (unsigned x = 0; x < 256; x++) {
                memcpy(s, words[w], len);
                s[at] = (unsigned char)x;
                check_bool_against_reference(&f, s, len, a);
                s[len] = (unsigned char)x; // and one byte more
                check_bool_against_reference(&f, s, len + 1, a);
            }
        arena_reset(a);
    }
    arena_free(a);
}

static void booleans_accept_every_spelling_in_any_case(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = field(FIELD_BOOLEAN);
    const char *yes[] = {"yes", "YES", " True ", "y", "1", "tRuE"};
    const char *no[] = {"no", "No", "false", "N", "0", " FALSE"};
    for (size_t i = 0; i < 6; i++) {
        typed c = type_text(&f, yes[i], a);
        assert_int_equal(c.value.kind, VALUE_BOOL);
        assert_true(c.value.as.boolean);
        c = type_text(&f, no[i], a);
        assert_int_equal(c.value.kind, VALUE_BOOL);
        assert_false(c.value.as.boolean);
    }
    typed c = type_text(&f, "maybe", a);
    assert_int_equal(c.state, CELL_INVALID);
    assert_true(c.value.flags & VALUE_FLAG_INVALID);
    assert_string_equal(c.problem, "not a yes/no value (yes, no, true, false, y, n, 1, 0)");
    arena_free(a);
}

static void numbers_reject_separators_hex_and_overflow(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = field(FIELD_NUMBER);
    const char *bad[] = {"1,000", "0x10", "1e999", "inf", "nan", "12abc", ".", "-", "1e", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        typed c = type_text(&f, bad[i], a);
        assert_int_equal(c.state, CELL_INVALID);
    }
    typed c = type_text(&f, "-0", a);
    assert_int_equal(c.state, CELL_PRESENT);
    assert_true(c.value.as.number == 0);
    c = type_text(&f, " 12.5 ", a);
    assert_true(c.value.as.number == 12.5);
    c = type_text(&f, "1e3", a);
    assert_true(c.value.as.number == 1000);
    arena_free(a);
}

static void number_bounds_make_a_cell_invalid(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = field(FIELD_NUMBER);
    f.has_min = true;
    f.min = 0;
    typed c = type_text(&f, "-5", a);
    assert_int_equal(c.state, CELL_INVALID);
    assert_string_equal(c.problem, "below the minimum 0");
    f.has_max = true;
    f.max = 1e6;
    assert_string_equal(type_text(&f, "1000000.5", a).problem, "above the maximum 1e+06");
    f.min = -2.5;
    assert_string_equal(type_text(&f, "-3", a).problem, "below the minimum -2.5");
    assert_int_equal(type_text(&f, "-2.5", a).state, CELL_PRESENT);
    arena_free(a);
}

static void integers_reject_fractions(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = field(FIELD_INTEGER);
    assert_int_equal(type_text(&f, "3.5", a).state, CELL_INVALID);
    assert_int_equal(type_text(&f, "3.0", a).state, CELL_INVALID);
    assert_int_equal(type_text(&f, "42", a).state, CELL_PRESENT);
    arena_free(a);
}

static void percent_accepts_sign_and_space_within_0_to_100(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = field(FIELD_PERCENT);
    const char *forms[] = {"45", "45%", "45.0 %"};
    for (size_t i = 0; i < 3; i++) {
        typed c = type_text(&f, forms[i], a);
        assert_int_equal(c.state, CELL_PRESENT);
        assert_true(c.value.as.number == 45);
    }
    assert_int_equal(type_text(&f, "101", a).state, CELL_INVALID);
    assert_int_equal(type_text(&f, "-1%", a).state, CELL_INVALID);
    assert_int_equal(type_text(&f, "forty", a).state, CELL_INVALID);
    arena_free(a);
}

static void lists_split_on_semicolons_and_trim(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = field(FIELD_LIST);
    typed c = type_text(&f, " women ; men;;youth ", a);
    assert_int_equal(c.value.kind, VALUE_ARRAY);
    assert_int_equal(c.value.as.array.count, 3);
    assert_int_equal(c.value.as.array.items[0].as.string.len, 5);
    assert_memory_equal(c.value.as.array.items[2].as.string.ptr, "youth", 5);
    assert_int_equal(type_text(&f, " ; ", a).state, CELL_ABSENT);
    arena_free(a);
}

// A list field whose allowed values are "women" and "men"; checklist_field_drop_index() after.
// A field of declared values, indexed as the loader indexes them (drop with
// checklist_field_drop_index).
static checklist_field women_and_men(void)
{
    static char women[] = "women", men[] = "men";
    static char *values[] = {women, men};
    return field_of_values(FIELD_LIST, values, 2);
}

// The values named in the problem stop at about 100 bytes, with "…", however many there are.
static void a_problem_names_the_first_allowed_values(void **state)
{
    (void)state;
    enum { N = 40 };
    static char names[N][24];
    static char *values[N];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "value_number_%02d", i);
        values[i] = names[i];
    }
    checklist_field f = field_of_values(FIELD_ENUM, values, N);
    arena *a = arena_new();
    typed t = type_text(&f, "value_number_99", a);
    assert_string_equal(t.problem,
                        "not one of the allowed values (value_number_00, value_number_01, "
                        "value_number_02, value_number_03, value_number_04, "
                        "value_number_05, …)");
    f.type = FIELD_LIST;
    t = type_text(&f, "value_number_01;value_number_99", a);
    assert_non_null(strstr(t.problem, "\"value_number_99\" is not one (value_number_00, "));
    assert_non_null(strstr(t.problem, ", …)"));
    checklist_field_drop_index(&f);
    arena_free(a);
}

static void list_and_enum_values_are_checked_and_canonical(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = women_and_men();
    typed c = type_text(&f, "Women;MEN", a);
    assert_int_equal(c.state, CELL_PRESENT);
    assert_memory_equal(c.value.as.array.items[0].as.string.ptr, "women", 5);
    c = type_text(&f, "women;aliens", a);
    assert_int_equal(c.state, CELL_INVALID);
    // The item is named, and the values to use follow.
    assert_string_equal(c.problem,
                        "not a list of allowed values: \"aliens\" is not one (women, men)");
    // A list of one item is said as an enum cell is (its text is already in the message).
    assert_string_equal(type_text(&f, " aliens ", a).problem,
                        "not one of the allowed values (women, men)");
    f.type = FIELD_ENUM;
    c = type_text(&f, "MEN", a);
    assert_int_equal(c.value.kind, VALUE_STRING);
    assert_memory_equal(c.value.as.string.ptr, "men", 3);
    c = type_text(&f, "both", a);
    assert_int_equal(c.state, CELL_INVALID);
    assert_string_equal(c.problem, "not one of the allowed values (women, men)");
    checklist_field_drop_index(&f);
    arena_free(a);
}

// The value table finds, for any spelling, the first declared value equal to it ignoring ASCII
// case, even among hundreds of values with the same key (length, first and last byte) and
// values declared twice in different cases.
static void allowed_values_are_found_first_declared_first_among_equal_keys(void **state)
{
    (void)state;
    enum { N = 300 };
    char text[N][8];
    char *values[N];
    for (size_t i = 0; i < N; i++) {
        // a000z .. a149z, then the same again in upper case: every key is the same.
        snprintf(text[i], sizeof text[i], i < N / 2 ? "a%03zuz" : "A%03zuZ", i % (N / 2));
        values[i] = text[i];
    }
    checklist_field f = field_of_values(FIELD_ENUM, values, N);
    arena *a = arena_new();
    for (size_t i = 0; i < N; i++) {
        typed c = type_text(&f, text[i], a);
        assert_int_equal(c.state, CELL_PRESENT);
        assert_ptr_equal(c.value.as.string.ptr, values[i % (N / 2)]);
    }
    assert_int_equal(type_text(&f, "a150z", a).state, CELL_INVALID);
    assert_int_equal(type_text(&f, "a00z", a).state, CELL_INVALID);
    checklist_field_drop_index(&f);
    arena_free(a);
}

// Lists of any length keep every item in order (a list is split on the stack up to a point,
// then in the arena), and the set of declared values records repeats.
static void long_lists_keep_every_item_and_their_set(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = women_and_men();
    for (size_t n = 1; n <= 100; n++) {
        char text[1024];
        size_t len = 0;
        for (size_t i = 0; i < n; i++)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", i ? " ; " : "",
                                    i % 3 == 2 ? "MEN" : "Women");
        typed_cell c = {0};
        logic_set set = {.bits = 0xff}; // overwritten
        value v;
        cell_type(&f, text, strlen(text), a, &c, &v, &set);
        assert_int_equal(c.state, CELL_PRESENT);
        assert_int_equal(v.kind, VALUE_ARRAY);
        assert_int_equal(v.as.array.count, n);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(v.as.array.items[i].as.string.ptr, i % 3 == 2 ? "men" : "women");
        assert_true(set.valid);
        assert_int_equal(set.bits, n >= 3 ? 3u : 1u);
        assert_int_equal(set.repeats, n >= 2);
        // An invalid or empty list cell is no set at all.
        set = (logic_set){.bits = 0xff, .valid = true};
        cell_type(&f, n % 2 ? "women;aliens" : " ", n % 2 ? 12 : 1, a, &c, &v, &set);
        assert_false(set.valid);
        assert_int_equal(set.bits, 0);
        arena_reset(a);
    }
    checklist_field_drop_index(&f);
    arena_free(a);
}

// A record typed at once (cell_type_cells, the row loop with the typing inline) gives what
// cell_type gives cell by cell: fields of every type, their columns in another order, some
// missing, over random cells from texts that fit, do not fit or are blank.
static void a_record_is_typed_as_each_cell_alone(void **state)
{
    (void)state;
    arena *a = arena_new();
    static char women[] = "women", men[] = "men", mining[] = "mining", oil[] = "oil_gas";
    static char *sexes[] = {women, men}, *sectors[] = {mining, oil};
    // The types in no order (cell_type_cells types them a group of one type at a time), two of
    // each of some, and one of a type cell_type does not know.
    enum { N = 12 };
    checklist_field fields[N] = {
        field(FIELD_LIST),     field(FIELD_TEXT),
        field(FIELD_NUMBER),   field(FIELD_DATE),
        field(FIELD_BOOLEAN),  field_of_values(FIELD_LIST, sexes, 2),
        field(FIELD_INTEGER),  field_of_values(FIELD_ENUM, sectors, 2),
        field(FIELD_BOOLEAN),  field(FIELD_PERCENT),
        field((field_type)99), field(FIELD_TEXT),
    };
    fields[2].has_min = true;
    fields[2].min = 0;
    cell_plan *plan = cell_plan_new(fields, N);
    static const char *const texts[] = {
        "",           "  ",          "yes",
        "No",         "TRUE ",       "maybe",
        "12",         "-3",          "1.5",
        "1,5",        "40 %",        "101%",
        "women",      "Women ; MEN", "women;kids",
        "a;;b; ",     "Mining",      "oil_gaz",
        "2024-02-29", "2023-02-29",  "9007199254740993",
        " x ",        "0",           "1e3",
        "101",        "4.5%",        " 7",
        "MINING",     " mining",     "1.",
        ".5",         "12345678.5",
    };
    enum { COLUMNS = N + 2 };
    // Columns in reverse, slot 3 with none; every other round slot 8's past the record's end (the
    // whole record then typed the plain way).
    size_t column_of_slot[N];
    unsigned seed = 16;
    for (int round = 0; round < 2000; round++) {
        for (size_t s = 0; s < N; s++)
            column_of_slot[s] = s == 3                ? SIZE_MAX
                                : s == 8 && round % 2 ? COLUMNS + 5
                                                      : COLUMNS - 1 - s;
        cell_plan_set_columns(plan, column_of_slot);
        csv_cell cells[COLUMNS];
        for (size_t c = 0; c < COLUMNS; c++) {
            seed = seed * 1103515245u + 12345u;
            const char *t = texts[(seed >> 16) % (sizeof texts / sizeof texts[0])];
            cells[c] = (csv_cell){.ptr = t, .len = strlen(t), .line = 7 + (long)c % 2};
        }
        typed_cell out[N];
        value values[N];
        logic_set sets[N];
        memset(out, 0xAB, sizeof out);
        memset(values, 0xAB, sizeof values);
        memset(sets, 0, sizeof sets); // (a set other than a list's is left as it was)
        size_t invalid = cell_type_cells(plan, cells, COLUMNS, a, out, values, sets);
        size_t want_invalid = 0;
        for (size_t s = 0; s < N; s++) {
            typed_cell c = {0};
            value v;
            logic_set set = {0};
            size_t col = column_of_slot[s];
            if (col < COLUMNS) {
                cell_type(&fields[s], cells[col].ptr, cells[col].len, a, &c, &v, &set);
                c.line = cells[col].line;
                c.column = col + 1;
            } else {
                c = (typed_cell){.state = CELL_ABSENT, .raw = ""};
                v = value_unknown(false);
            }
            want_invalid += c.state == CELL_INVALID;
            assert_int_equal(out[s].state, c.state);
            assert_int_equal(out[s].problem, c.problem);
            assert_string_equal(out[s].raw, c.raw); // (every text is NUL-terminated)
            assert_int_equal(out[s].raw_len, c.raw_len);
            assert_int_equal(out[s].line, c.line);
            assert_int_equal(out[s].column, c.column);
            assert_true(same_value(&values[s], &v));
            assert_int_equal(sets[s].bits, set.bits);
            assert_int_equal(sets[s].valid, set.valid);
            assert_int_equal(sets[s].repeats, set.repeats);
        }
        assert_int_equal(invalid, want_invalid);
        arena_reset(a);
    }
    checklist_field_drop_index(&fields[5]);
    checklist_field_drop_index(&fields[7]);
    cell_plan_free(plan);
    arena_free(a);
}

// A list cell read the plain way: cut at every ';', each item trimmed, empty items skipped,
// each the first declared value equal to it ignoring ASCII case (any item when the field
// declares none). Returns the count of items (their value indexes in idx, or their places in s
// in at and at_len when the field declares no values), 0 when none, -1 when an item is none of
// the values.
static int list_reference(const checklist_field *f, const char *s, size_t len, size_t *idx,
                          size_t *at, size_t *at_len)
{
    int count = 0;
    for (size_t from = 0; from <= len;) {
        size_t to = from;
        while (to < len && s[to] != ';')
            to++;
        size_t b = from, e = to;
        while (b < e && checklist_is_space(s[b]))
            b++;
        while (e > b && checklist_is_space(s[e - 1]))
            e--;
        from = to + 1;
        if (b == e)
            continue;
        at[count] = b;
        at_len[count] = e - b;
        if (!f->value_count) {
            idx[count++] = 0;
            continue;
        }
        size_t k = 0;
        while (k < f->value_count &&
               !(strlen(f->values[k]) == e - b && checklist_caseeq(f->values[k], s + b, e - b)))
            k++;
        if (k == f->value_count)
            return -1;
        idx[count++] = k;
    }
    return count;
}

// Types `cells` random list cells of tokens (joined by ';' or " ; ") with field f both ways, one
// cell alone (cell_type) and in a record (cell_type_cells, which reads the items of a field of at
// most LOGIC_SET_MAX values from a copy of the cell, 32 bytes at a time, and stores them once
// counted), and checks each against list_reference: the items, in order, as the declared
// spellings (or the cell's own bytes when the field declares none), the set and its repeats, and
// an invalid cell's problem words, which name its first unallowed item. One cell in 50 has up to
// 60 items (longer than a copy can hold). Each cell is alone in a buffer of its size (ASan sees
// reads past it).
static void check_lists_against_reference(checklist_field *f, const char *const *tokens,
                                          size_t token_count, uint64_t seed, int cells)
{
    arena *a = arena_new();
    cell_plan *plan = cell_plan_new(f, 1);
    cell_plan_set_columns(plan, (const size_t[]){0});
    uint64_t x = seed;
    for (int i = 0; i < cells; i++) {
        char text[4096] = "";
        uint64_t r = next_random(&x);
        size_t n = r % 50 ? 1 + r % 6 : 1 + (r >> 8) % 60;
        for (size_t k = 0; k < n; k++) {
            uint64_t t = next_random(&x);
            if (k)
                strcat(text, (t >> 40) % 3 ? ";" : " ; ");
            strcat(text, tokens[t % token_count]);
        }
        size_t idx[64], at[64], at_len[64];
        size_t len = strlen(text);
        char *cell = malloc(len ? len : 1);
        memcpy(cell, text, len);
        // (cell_type trims the cell first, as the row loop does)
        const char *t = text;
        size_t tlen = len;
        while (tlen && checklist_is_space(t[0]))
            t++, tlen--;
        while (tlen && checklist_is_space(t[tlen - 1]))
            tlen--;
        int want = list_reference(f, t, tlen, idx, at, at_len);
        char problem[2][CELL_PROBLEM_SIZE];
        for (int way = 0; way < 2; way++) {
            typed_cell c = {0};
            value v;
            logic_set set = {0};
            if (way == 0) {
                cell_type(f, cell, len, a, &c, &v, &set);
            } else {
                csv_cell record[1] = {{.ptr = cell, .len = len, .line = 1}};
                cell_type_cells(plan, record, 1, a, &c, &v, &set);
            }
            if (want < 0) {
                if (c.state != CELL_INVALID || c.problem != CELL_NOT_ALLOWED)
                    fail_msg("\"%s\" (way %d): state %d, want invalid", text, way, (int)c.state);
                cell_problem_text(f, &c, problem[way]);
                assert_false(set.valid);
            } else if (want == 0) {
                assert_int_equal(c.state, CELL_ABSENT);
            } else {
                if (c.state != CELL_PRESENT || v.as.array.count != (size_t)want)
                    fail_msg("\"%s\" (way %d): state %d, want %d items", text, way, (int)c.state,
                             want);
                uint64_t bits = 0;
                bool repeats = false;
                for (int k = 0; k < want; k++) {
                    const value *item = &v.as.array.items[k];
                    assert_int_equal(item->kind, VALUE_STRING);
                    if (!f->value_count) {
                        assert_int_equal(item->as.string.len, at_len[k]);
                        assert_memory_equal(item->as.string.ptr, t + at[k], at_len[k]);
                        continue;
                    }
                    if (item->as.string.ptr != f->values[idx[k]] ||
                        item->as.string.len != strlen(f->values[idx[k]]))
                        fail_msg("\"%s\" (way %d): item %d is \"%s\", want \"%s\"", text, way, k,
                                 item->as.string.ptr, f->values[idx[k]]);
                    if (idx[k] < LOGIC_SET_MAX) { // (a set of more values is never read)
                        repeats |= (bits >> idx[k]) & 1;
                        bits |= (uint64_t)1 << idx[k];
                    }
                }
                bool as_set = f->value_count && f->value_count <= LOGIC_SET_MAX;
                assert_int_equal(set.valid, as_set);
                assert_int_equal(set.bits, as_set ? bits : 0);
                assert_int_equal(set.repeats, as_set && repeats);
            }
        }
        if (want < 0)
            assert_string_equal(problem[1], problem[0]);
        free(cell);
        arena_reset(a);
    }
    cell_plan_free(plan);
    arena_free(a);
}

// List items are read as the plain reading reads them, whether a declared value is found where
// it stands or the item is cut and looked up: items that differ from a value in their last byte
// or by one byte more or less, values that begin another value, values of 8, 16, 17, 32, 33 and
// 41 bytes, any case, spaces and tabs and CR around items, empty items, values that hold a ';' or
// a space (which no item can be), and cells too long to copy.
static void list_items_agree_with_the_plain_reading_on_random_lists(void **state)
{
    (void)state;
    static char v0[] = "women", v1[] = "women_heads", v2[] = "men", v3[] = "Youth", v4[] = "a;b",
                v5[] = "x", v6[] = "elders", v7[] = "eldest", v8[] = "two words", v9[] = "X2",
                v10[] = "pastoral", v11[] = "artisanal_miners", v12[] = "artisanal_miners2",
                v13[] = "people_with_disabilities_and_kin",
                v14[] = "people_with_disabilities_and_kin3",
                v15[] = "people_with_disabilities_and_their_kin";
    static char *values[] = {v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15};
    enum { VALUES = sizeof values / sizeof values[0] };
    checklist_field f = field_of_values(FIELD_LIST, values, VALUES);
    static const char *const tokens[] = {"women",
                                         "WOMEN",
                                         "Women ",
                                         "women_heads",
                                         "women_head",
                                         "womenx",
                                         "women_headS",
                                         "men",
                                         "men\t",
                                         "  men",
                                         "\tmen",
                                         "mem",
                                         "youth",
                                         "YOUTH",
                                         "x",
                                         "X",
                                         "x2",
                                         "elders",
                                         "elderz",
                                         "eldest",
                                         "elder",
                                         "a",
                                         "b",
                                         "",
                                         " ",
                                         "\t",
                                         "wo",
                                         "w",
                                         "two words",
                                         "TWO WORDS ",
                                         "two  words",
                                         "men\r",
                                         "women x",
                                         "x ;",
                                         "pastoral",
                                         "Pastoral",
                                         "pastora",
                                         "pastorals",
                                         "artisanal_miners",
                                         "artisanal_minerz",
                                         "artisanal_miners2",
                                         "Artisanal_Miners2",
                                         "artisanal_miners23",
                                         "artisanal_miners3",
                                         "people_with_disabilitiez_and_kin",
                                         "people_with_disabilities_and_kin",
                                         "people_with_disabilities_and_kiN",
                                         "people_with_disabilities_and_kin3",
                                         "people_with_disabilities_and_kin4",
                                         "people_with_disabilities_and_their_kin",
                                         "people_with_disabilities_and_their_kit",
                                         "PEOPLE_WITH_DISABILITIES_AND_THEIR_KIN ",
                                         "people_with_disabilities_and_their_ki"};
    check_lists_against_reference(&f, tokens, sizeof tokens / sizeof tokens[0], 5, 100000);
    checklist_field_drop_index(&f);
}

// The longest list cell cell_type_cells copies (cell.c's LIST_COPY_MAX).
enum { LIST_COPY_MAX_TEST = 480 };

// The same with the value sets a field may have: exactly LOGIC_SET_MAX values (the most a copy
// reads, and bit 63 of the set), one more (no set, no copy), none (any item, kept as it is
// spelled), and a value declared twice in two cases (the first declared is every item's). The
// tokens are the values, in other cases, with spaces, one byte short or one byte more, and empty.
static void list_items_agree_with_the_plain_reading_whatever_the_values(void **state)
{
    (void)state;
    enum { MOST = LOGIC_SET_MAX + 1, VARIANTS = 6 };
    enum { NAME = 128, WIDE = NAME + 3 };
    static char names[MOST][NAME];
    static char *values[MOST];
    static char variants[MOST * VARIANTS][WIDE];
    static const char *tokens[MOST * VARIANTS + 3];
    for (size_t i = 0; i < MOST; i++) {
        // Lengths 2 to 110, many sharing their first byte; the longest runs past the zeros that
        // follow a copied cell.
        static const char *const stems[] = {
            "women",
            "w",
            "people_with_disabilities_and_kin",
            "indigenous_peoples",
            "Men",
            "a_value_longer_than_the_zeros_that_follow_a_copied_list_cell_of_a_row_and_longer_"
            "than_those_and_its_first_32_bytes_"};
        snprintf(names[i], NAME, "%s%zu", stems[i % 6], i);
        values[i] = names[i];
        char(*v)[WIDE] = &variants[VARIANTS * i];
        size_t n = strlen(names[i]);
        snprintf(v[0], WIDE, "%s", names[i]);
        for (size_t k = 0; k <= n; k++)
            v[1][k] = (char)toupper((unsigned char)names[i][k]);
        snprintf(v[2], WIDE, " %s\t", names[i]);
        snprintf(v[3], WIDE, "%.*s", (int)n - 1, names[i]);
        snprintf(v[4], WIDE, "%sx", names[i]);
        snprintf(v[5], WIDE, "%s ", names[i]);
        for (size_t k = 0; k < VARIANTS; k++)
            tokens[VARIANTS * i + k] = variants[VARIANTS * i + k];
    }
    tokens[MOST * VARIANTS] = "";
    tokens[MOST * VARIANTS + 1] = " ";
    tokens[MOST * VARIANTS + 2] = "other";
    enum { TOKENS = MOST * VARIANTS + 3 };

    checklist_field f = field_of_values(FIELD_LIST, values, LOGIC_SET_MAX);
    // (tokens of the 65th value are none of these 64)
    check_lists_against_reference(&f, tokens, TOKENS, 11, 30000);
    // The longest cell a copy holds, whose last item is the first 40 bytes of the longest value,
    // which is compared up to the copy's end: invalid, that item named.
    {
        char text[LIST_COPY_MAX_TEST + 1];
        size_t len = 0;
        while (len + 7 <= LIST_COPY_MAX_TEST - 41)
            len += (size_t)snprintf(text + len, sizeof text - len, "women0;");
        while (len < LIST_COPY_MAX_TEST - 41)
            text[len++] = ' ';
        text[len++] = ';';
        memcpy(text + len, values[5], 40);
        len += 40;
        char *cell = malloc(len);
        memcpy(cell, text, len);
        arena *a = arena_new();
        cell_plan *plan = cell_plan_new(&f, 1);
        cell_plan_set_columns(plan, (const size_t[]){0});
        csv_cell record[1] = {{.ptr = cell, .len = len, .line = 1}};
        typed_cell c = {0};
        value v;
        logic_set set = {0};
        cell_type_cells(plan, record, 1, a, &c, &v, &set);
        assert_int_equal(c.state, CELL_INVALID);
        char problem[CELL_PROBLEM_SIZE];
        cell_problem_text(&f, &c, problem);
        char named[64];
        snprintf(named, sizeof named, "\"%.40s\" is not one", values[5]);
        assert_non_null(strstr(problem, named));
        cell_plan_free(plan);
        arena_free(a);
        free(cell);
    }
    checklist_field_drop_index(&f);

    f = field_of_values(FIELD_LIST, values, MOST);
    check_lists_against_reference(&f, tokens, TOKENS, 12, 30000);
    checklist_field_drop_index(&f);

    f = field(FIELD_LIST);
    check_lists_against_reference(&f, tokens, TOKENS, 13, 30000);

    static char lower[] = "women0", upper[] = "WOMEN0";
    char *twice[] = {values[1], upper, values[2], lower, values[0]};
    f = field_of_values(FIELD_LIST, twice, 5);
    check_lists_against_reference(&f, tokens, TOKENS, 14, 30000);
    checklist_field_drop_index(&f);
}

static void dates_must_be_real_calendar_days(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = field(FIELD_DATE);
    assert_int_equal(type_text(&f, "2024-02-29", a).state, CELL_PRESENT);
    assert_int_equal(type_text(&f, "2023-02-29", a).state, CELL_INVALID);
    assert_int_equal(type_text(&f, "2023-13-01", a).state, CELL_INVALID);
    assert_int_equal(type_text(&f, "2023-1-01", a).state, CELL_INVALID);
    assert_int_equal(type_text(&f, "01/02/2023", a).state, CELL_INVALID);
    assert_int_equal(type_text(&f, "1900-02-29", a).state, CELL_INVALID);
    assert_int_equal(type_text(&f, "2000-02-29", a).state, CELL_PRESENT);
    arena_free(a);
}

// Every problem in the words it had when it was formatted as the cell was typed (the golden cases
// print them all), and no text is made while typing: an arena that only typed invalid cells
// has reserved nothing.
// A date read the plain way: ten characters, digits but for '-' at 4 and 7, a month 1 to 12 and
// a day it has (the Gregorian leap years: by 4, not by 100 unless by 400).
static bool date_reference(const char *s, size_t len)
{
    if (len != 10)
        return false;
    for (size_t i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    int y = 0, m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    for (size_t i = 0; i < 4; i++)
        y = y * 10 + (s[i] - '0');
    bool leap = y % 400 == 0 || (y % 4 == 0 && y % 100 != 0);
    int in_month = m == 2 ? 28 + leap : m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
    return m >= 1 && m <= 12 && d >= 1 && d <= in_month;
}

static void check_date(const char *s, size_t len)
{
    if (cell_is_date(s, len) != date_reference(s, len))
        fail_msg("\"%.*s\": %d", (int)len, s, (int)cell_is_date(s, len));
}

// Dates are read a word at a time (date_is_calendar); they agree with the plain reading on the
// days around the end of February of every year, on every day 0 to 32 of months 0 to 13 of 40
// years, and on dates with any one byte replaced by any other, or cut, or one byte longer.
static void dates_agree_with_the_plain_reading(void **state)
{
    (void)state;
    char s[16];
    for (int y = 0; y <= 9999; y++)
        for (int d = 27; d <= 30; d++) {
            snprintf(s, sizeof s, "%04d-02-%02d", y, d);
            check_date(s, 10);
        }
    for (int y = 1990; y < 2030; y++)
        for (int m = 0; m <= 13; m++)
            for (int d = 0; d <= 32; d++) {
                snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
                check_date(s, 10);
            }
    static const char *const dates[] = {"2024-02-29", "1999-12-31", "2000-01-01", "0000-09-09"};
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++)
        for (size_t at = 0; at < 11; at++)
            for (unsigned b = 0; b < 256; b++) {
                memcpy(s, dates[k], 11);
                s[at] = (char)b;
                check_date(s, 10);
                check_date(s, 11);
                check_date(s, at < 10 ? at : 9);
            }
}

static void problems_are_kinds_put_in_words_only_when_asked(void **state)
{
    (void)state;
    arena *a = arena_new();
    static const struct {
        field_type type;
        const char *cell;
        cell_problem kind;
        const char *words;
    } cases[] = {
        {FIELD_BOOLEAN, "maybe", CELL_NOT_YES_NO,
         "not a yes/no value (yes, no, true, false, y, n, 1, 0)"},
        {FIELD_NUMBER, "12k", CELL_NOT_A_NUMBER, "not a number"},
        {FIELD_NUMBER, "1,5", CELL_DECIMAL_COMMA,
         "not a number (use '.' as the decimal point and no thousands separators)"},
        {FIELD_INTEGER, "1,000", CELL_DECIMAL_COMMA,
         "not a number (use '.' as the decimal point and no thousands separators)"},
        {FIELD_INTEGER, "twelve", CELL_NOT_A_WHOLE_NUMBER, "not a whole number"},
        {FIELD_INTEGER, "3.0", CELL_NOT_A_WHOLE_NUMBER, "not a whole number"},
        {FIELD_INTEGER, "9007199254740993", CELL_TOO_LARGE_TO_COUNT,
         "too large a whole number to be read exactly (2^53 = 9007199254740992 or more)"},
        {FIELD_INTEGER, "-99999999999999999999", CELL_TOO_LARGE_TO_COUNT,
         "too large a whole number to be read exactly (2^53 = 9007199254740992 or more)"},
        {FIELD_PERCENT, "half %", CELL_NOT_A_PERCENTAGE, "not a percentage"},
        {FIELD_PERCENT, "100.5%", CELL_PERCENTAGE_RANGE, "not a percentage between 0 and 100"},
        {FIELD_DATE, "2025-02-29", CELL_NOT_A_DATE, "not a calendar date in the form YYYY-MM-DD"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        checklist_field f = field(cases[i].type);
        typed t = type_text(&f, cases[i].cell, a);
        assert_int_equal(t.state, CELL_INVALID);
        assert_int_equal(t.kind, cases[i].kind);
        assert_string_equal(t.problem, cases[i].words);
    }
    static char women[] = "women", men[] = "men";
    static char *values[] = {women, men};
    checklist_field f = field_of_values(FIELD_ENUM, values, 2);
    assert_int_equal(type_text(&f, "both", a).kind, CELL_NOT_ALLOWED);
    assert_int_equal(arena_reserved(a), 0);
    // A list names its first item that is none of the values, trimmed, found again in the cell.
    f.type = FIELD_LIST;
    assert_string_equal(type_text(&f, "men ; kids ;aliens", a).problem,
                        "not a list of allowed values: \"kids\" is not one (women, men)");
    // A cell with no problem (not typed invalid) is said plainly.
    typed_cell fits = {.state = CELL_INVALID, .raw = "x", .raw_len = 1};
    char buf[CELL_PROBLEM_SIZE];
    assert_int_equal(cell_problem_text(&f, &fits, buf), strlen("does not fit its type"));
    assert_string_equal(buf, "does not fit its type");
    checklist_field_drop_index(&f);
    arena_free(a);
}

// Integer and number cells as they were typed before the fast path knew about the point: any
// number strtod reads (cell_parse_number), whole for an integer field only when it has no '.' and
// no fraction. Random short texts of digits, signs, points and exponents, where the fast path
// and strtod split the work.
// Past 2^53 a double skips whole numbers, so a count there cannot be read as written.
static void integers_are_counted_exactly_or_invalid(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field integer = field(FIELD_INTEGER), number = field(FIELD_NUMBER);
    typed t = type_text(&integer, "9007199254740991", a);
    assert_int_equal(t.state, CELL_PRESENT);
    assert_true(t.value.as.number == 9007199254740991.0);
    t = type_text(&integer, "-9007199254740991", a);
    assert_int_equal(t.state, CELL_PRESENT);
    const char *too_large[] = {"9007199254740992", "9007199254740993", "-9007199254740993", "1e16",
                               "99999999999999999999999"};
    for (size_t i = 0; i < sizeof too_large / sizeof too_large[0]; i++) {
        t = type_text(&integer, too_large[i], a);
        assert_int_equal(t.state, CELL_INVALID);
        // a number field keeps its meaning: an amount, not a count
        t = type_text(&number, too_large[i], a);
        assert_int_equal(t.state, CELL_PRESENT);
    }
    arena_free(a);
}

// A number cell read the plain way: strtod over [+-]digits[.digits][e[+-]digits] (a percentage's
// without its
// '%' and the spaces before it), then the field's rules in type_number's order. False: invalid.
static bool number_reference(const checklist_field *f, const char *text, size_t len, double *out)
{
    size_t n = len;
    if (f->type == FIELD_PERCENT && n && text[n - 1] == '%')
        for (n--; n && text[n - 1] == ' ';)
            n--;
    size_t i = text[0] == '+' || text[0] == '-', digits = 0;
    for (; i < n && isdigit((unsigned char)text[i]); i++)
        digits++;
    if (i < n && text[i] == '.')
        for (i++; i < n && isdigit((unsigned char)text[i]); i++)
            digits++;
    if (digits && i < n && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        size_t e = i + (i < n && (text[i] == '+' || text[i] == '-'));
        for (i = e; i < n && isdigit((unsigned char)text[i]);)
            i++;
        digits *= i > e;
    }
    if (i != n || digits == 0)
        return false;
    char copy[64];
    memcpy(copy, text, n);
    copy[n] = '\0';
    double d = strtod(copy, NULL);
    d = d == 0 ? 0.0 : d;
    if (!isfinite(d))
        return false;
    if (f->type == FIELD_INTEGER && (memchr(text, '.', n) || fabs(d) >= 0x1p53))
        return false;
    if ((f->type == FIELD_PERCENT && (d < 0 || d > 100)) || (f->has_min && d < f->min) ||
        (f->has_max && d > f->max))
        return false;
    *out = d;
    return true;
}

// Number cells, the commonest typed inline (digits, a percentage's '%'), agree with strtod and the
// field's rules at their edges: 15 and 16 digits, a bound and one past it, 100% and 101%, a sign,
// a point, a '%' where none belongs; and on random texts of digits, signs, points and '%'.
static void number_cells_agree_with_strtod_at_their_edges(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field fields[] = {field(FIELD_NUMBER), field(FIELD_INTEGER), field(FIELD_PERCENT),
                                field(FIELD_NUMBER), field(FIELD_INTEGER), field(FIELD_PERCENT)};
    fields[3].has_min = fields[4].has_min = fields[5].has_min = true;
    fields[3].has_max = fields[4].has_max = fields[5].has_max = true;
    fields[3].min = 5, fields[3].max = 999999999999999.0;
    fields[4].min = 10, fields[4].max = 1000;
    fields[5].min = 20, fields[5].max = 80;
    static const char *const edges[] = {"0",
                                        "00",
                                        "007",
                                        "5",
                                        "4",
                                        "10",
                                        "9",
                                        "1000",
                                        "1001",
                                        "20%",
                                        "19%",
                                        "80%",
                                        "81%",
                                        "100%",
                                        "101%",
                                        "0%",
                                        "%",
                                        "%%",
                                        "5%",
                                        "100 %",
                                        "-0",
                                        "+5",
                                        "-5",
                                        "5.",
                                        ".5",
                                        "5.0",
                                        "999999999999999",
                                        "1000000000000000",
                                        "9007199254740992",
                                        "9007199254740993",
                                        "123456789012345%",
                                        "1234567890123456%",
                                        "99999999999999999999",
                                        "1e3"};
    char text[32];
    uint64_t x = 11;
    for (int i = 0; i < 200000; i++) {
        size_t len;
        if (i < (int)(sizeof edges / sizeof edges[0])) {
            len = strlen(edges[i]);
            memcpy(text, edges[i], len + 1);
        } else {
            static const char alphabet[] = "01234567890123456789%%.-+ 9";
            uint64_t r = next_random(&x);
            len = 1 + r % 19;
            for (size_t k = 0; k < len; k++, r = r * 6364136223846793005u + 1442695040888963407u)
                text[k] = alphabet[(r >> 33) % (sizeof alphabet - 1)];
            text[len] = '\0';
        }
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
            double want = 0;
            const char *t = text;
            size_t n = len;
            while (n && t[0] == ' ') // (cells are trimmed before they are read)
                t++, n--;
            while (n && t[n - 1] == ' ')
                n--;
            bool fits = n && number_reference(&fields[k], t, n, &want);
            typed got = type_text(&fields[k], text, a);
            if (!n) {
                assert_int_equal(got.state, CELL_ABSENT);
                continue;
            }
            if (got.state != (fits ? CELL_PRESENT : CELL_INVALID))
                fail_msg("\"%s\" as field %zu: state %d", text, k, (int)got.state);
            if (fits)
                assert_memory_equal(&got.value.as.number, &want, sizeof want);
        }
        arena_reset(a);
    }
    arena_free(a);
}

static void integers_agree_with_the_plain_reading_on_random_texts(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field integer = field(FIELD_INTEGER), number = field(FIELD_NUMBER);
    static const char alphabet[] = "0123456789000.+-e5";
    uint64_t x = 3;
    for (int i = 0; i < 300000; i++) {
        char text[24];
        uint64_t r = next_random(&x);
        size_t len = 1 + r % 18;
        for (size_t k = 0; k < len; k++, r = r * 6364136223846793005u + 1442695040888963407u)
            text[k] = alphabet[(r >> 33) % (sizeof alphabet - 1)];
        text[len] = '\0';
        double d;
        bool parsed = cell_parse_number(text, len, &d);
        bool whole = parsed && d == floor(d) && !memchr(text, '.', len) && fabs(d) < 0x1p53;
        typed t = type_text(&integer, text, a);
        assert_int_equal(t.state, whole ? CELL_PRESENT : CELL_INVALID);
        if (whole)
            assert_true(t.value.as.number == d);
        t = type_text(&number, text, a);
        assert_int_equal(t.state, parsed ? CELL_PRESENT : CELL_INVALID);
        if (parsed)
            assert_memory_equal(&t.value.as.number, &d, sizeof d);
        arena_reset(a);
    }
    arena_free(a);
}

// The fast decimal parser must give strtod's double bit for bit, or decline.
static void fast_decimal_parse_agrees_with_strtod_or_declines(void **state)
{
    (void)state;
    static const char *const accepted[] = {
        "0",
        "-0",
        "+0",
        "0.0",
        "-0.0",
        "1",
        "+1",
        "-1",
        "5.",
        ".5",
        "-.5",
        "007",
        "0.1",
        "0.2",
        "0.3",
        "2.5",
        "45.0",
        "99.95",
        "1250000",
        "123456789012345",
        "0.00000000000001",
        "999999999999999",
        "900719925.474099",
        "1.00000000000001",
        "3.14159265358979",
    };
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        double fast = -1, slow = strtod(accepted[i], NULL);
        assert_true(cell_parse_decimal_fast(accepted[i], strlen(accepted[i]), &fast));
        if (slow == 0)
            slow = 0; // "-0" is 0
        assert_memory_equal(&fast, &slow, sizeof fast);
    }
    static const char *const declined[] = {
        "",
        "+",
        "-",
        ".",
        "-.",
        "1e3",
        "1E-2",
        "1234567890123456",
        "0.0000000000000001",
        "1.2.3",
        "1,5",
        "0x10",
        " 1",
        "1 ",
        "inf",
        "nan",
        "--1",
        "1-",
        "12a",
    };
    for (size_t i = 0; i < sizeof declined / sizeof declined[0]; i++) {
        double d;
        assert_false(cell_parse_decimal_fast(declined[i], strlen(declined[i]), &d));
    }
    // Random short decimals of every shape it accepts: same double as strtod, and the full
    // parser (which tries the fast path first) agrees too.
    uint64_t x = 88172645463325252u;
    for (int n = 0; n < 200000; n++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        char buf[40];
        int digits = 1 + (int)(x % 15), point = (int)((x >> 8) % (unsigned)(digits + 2)) - 1;
        size_t len = 0;
        if ((x >> 16) & 1)
            buf[len++] = (x >> 17) & 1 ? '-' : '+';
        uint64_t y = x >> 20;
        for (int d = 0; d < digits; d++) {
            if (d == point)
                buf[len++] = '.';
            buf[len++] = (char)('0' + (y % 10));
            y = y / 10 ? y / 10 : x * 31 + (uint64_t)d;
        }
        buf[len] = '\0';
        double fast, full, slow = strtod(buf, NULL);
        if (slow == 0)
            slow = 0;
        assert_true(cell_parse_decimal_fast(buf, len, &fast));
        assert_true(cell_parse_number(buf, len, &full));
        if (memcmp(&fast, &slow, sizeof fast) != 0 || memcmp(&full, &slow, sizeof full) != 0)
            fail_msg("\"%s\": fast %.17g, strtod %.17g", buf, fast, slow);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_and_blank_cells_are_absent_not_zero),
        cmocka_unit_test(integers_are_counted_exactly_or_invalid),
        cmocka_unit_test(booleans_accept_every_spelling_in_any_case),
        cmocka_unit_test(booleans_agree_with_the_plain_reading_byte_for_byte),
        cmocka_unit_test(numbers_reject_separators_hex_and_overflow),
        cmocka_unit_test(number_bounds_make_a_cell_invalid),
        cmocka_unit_test(integers_reject_fractions),
        cmocka_unit_test(percent_accepts_sign_and_space_within_0_to_100),
        cmocka_unit_test(lists_split_on_semicolons_and_trim),
        cmocka_unit_test(list_and_enum_values_are_checked_and_canonical),
        cmocka_unit_test(a_problem_names_the_first_allowed_values),
        cmocka_unit_test(allowed_values_are_found_first_declared_first_among_equal_keys),
        cmocka_unit_test(long_lists_keep_every_item_and_their_set),
        cmocka_unit_test(a_record_is_typed_as_each_cell_alone),
        cmocka_unit_test(list_items_agree_with_the_plain_reading_on_random_lists),
        cmocka_unit_test(list_items_agree_with_the_plain_reading_whatever_the_values),
        cmocka_unit_test(dates_must_be_real_calendar_days),
        cmocka_unit_test(dates_agree_with_the_plain_reading),
        cmocka_unit_test(problems_are_kinds_put_in_words_only_when_asked),
        cmocka_unit_test(integers_agree_with_the_plain_reading_on_random_texts),
        cmocka_unit_test(number_cells_agree_with_strtod_at_their_edges),
        cmocka_unit_test(fast_decimal_parse_agrees_with_strtod_or_declines),
    };
    DDCHECK_RUN_TESTS(tests);
}
