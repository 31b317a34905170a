// The row loop's own typing (cell_type_cells: yes/no codes, numbers by their digits, cells typed
// before they are trimmed, blank cells decided without a branch) against cell_type, the plain
// way, cell by cell: every result, problem and message the same, on every short text over each
// type's alphabet.
#include "unit/test_main.h"
#include "unit/test_random.h"
#include "unit/test_cell_fields.h"

#include "evaluator/cell.h"
#include "evaluator/csv_reader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static checklist_field bounded(field_type type, bool has_min, double min, bool has_max, double max)
{
    checklist_field f = field(type);
    f.has_min = has_min;
    f.min = min;
    f.has_max = has_max;
    f.max = max;
    return f;
}

// A one-field plan for f, its column the record's first cell.
static cell_plan *plan_of(const checklist_field *f)
{
    cell_plan *plan = cell_plan_new(f, 1);
    cell_plan_set_columns(plan, (const size_t[]){0});
    return plan;
}

// Types text[0..len) both ways and fails naming the text and what differs. The cell is alone in
// a buffer of its bytes and the NUL after them (as csv_cell promises), so that ASan sees a read
// past it.
static void check_cell(const checklist_field *f, const cell_plan *plan, const char *text,
                       size_t len, arena *a)
{
    char *cell = malloc(len + 1);
    memcpy(cell, text, len);
    cell[len] = '\0';
    typed_cell want = {0}, got;
    value want_v, got_v;
    logic_set want_set = {0}, got_set = {0};
    cell_type(f, cell, len, a, &want, &want_v, &want_set);
    want.line = 3;
    want.column = 1;
    memset(&got, 0xAB, sizeof got);
    memset(&got_v, 0xAB, sizeof got_v);
    csv_cell record[1] = {{.ptr = cell, .len = len, .line = 3}};
    size_t invalid = cell_type_cells(plan, record, 1, a, &got, &got_v, &got_set);
    char shown[64];
    snprintf(shown, sizeof shown, "%.*s", (int)(len < 40 ? len : 40), cell);
    if (got.state != want.state || got.problem != want.problem || got.raw != want.raw ||
        got.raw_len != want.raw_len || got.line != want.line || got.column != want.column)
        fail_msg("\"%s\" (%zu bytes, type %d): state %d problem %d, want %d %d", shown, len,
                 (int)f->type, (int)got.state, (int)got.problem, (int)want.state,
                 (int)want.problem);
    if (!same_value(&got_v, &want_v))
        fail_msg("\"%s\" (%zu bytes, type %d): value kind %d, want kind %d (%.17g / %.17g)", shown,
                 len, (int)f->type, (int)got_v.kind, (int)want_v.kind, got_v.as.number,
                 want_v.as.number);
    if (got_set.bits != want_set.bits || got_set.valid != want_set.valid)
        fail_msg("\"%s\": set differs", shown);
    assert_int_equal(invalid, want.state == CELL_INVALID);
    if (want.state == CELL_INVALID) {
        char want_text[CELL_PROBLEM_SIZE], got_text[CELL_PROBLEM_SIZE];
        cell_problem_text(f, &want, want_text);
        cell_problem_text(f, &got, got_text);
        assert_string_equal(got_text, want_text);
    }
    free(cell);
}

// Every text of 0 to max bytes over alphabet (and the empty one), typed both ways.
static void check_every_text(const checklist_field *f, const char *alphabet, size_t max, arena *a)
{
    cell_plan *plan = plan_of(f);
    size_t k = strlen(alphabet);
    char text[8];
    size_t idx[8] = {0};
    check_cell(f, plan, "", 0, a);
    for (size_t len = 1; len <= max; len++) {
        memset(idx, 0, sizeof idx);
        for (;;) {
            for (size_t i = 0; i < len; i++)
                text[i] = alphabet[idx[i]];
            check_cell(f, plan, text, len, a);
            arena_reset(a);
            size_t i = 0;
            while (i < len && ++idx[i] == k)
                idx[i++] = 0;
            if (i == len)
                break;
        }
    }
    cell_plan_free(plan);
}

// Number, integer and percent cells: every text of up to 4 bytes over digits, the point, the
// sign, '%', spaces, a separator, an exponent and a letter; then random texts of up to 20 bytes
// over digits and points (long numbers, many points, 15 and 16 digits), each field with and
// without bounds (a percentage's 0 to 100 and its own).
static void numbers_in_the_row_loop_agree_with_cell_type(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field fields[] = {
        field(FIELD_NUMBER),
        bounded(FIELD_NUMBER, true, 0, false, 0),
        bounded(FIELD_NUMBER, true, 0.5, true, 9.5),
        field(FIELD_INTEGER),
        bounded(FIELD_INTEGER, true, 1, true, 90),
        field(FIELD_PERCENT),
        bounded(FIELD_PERCENT, true, 10, true, 90.5),
        bounded(FIELD_PERCENT, true, -5, true, 150),
    };
    enum { FIELDS = sizeof fields / sizeof fields[0] };
    for (size_t i = 0; i < FIELDS; i++)
        check_every_text(&fields[i], "0159.%- e,+\tx", 4, a);
    uint64_t x = 16;
    for (size_t i = 0; i < FIELDS; i++) {
        cell_plan *plan = plan_of(&fields[i]);
        for (int round = 0; round < 20000; round++) {
            static const char digits[] = "0123456789012345678901234567890123456789.. %";
            char text[24];
            uint64_t r = next_random(&x);
            size_t len = 1 + r % 20;
            for (size_t k = 0; k < len; k++)
                text[k] = digits[next_random(&x) % (sizeof digits - 1)];
            if (r >> 40 & 1) // a percentage's sign, half the time
                text[len - 1] = '%';
            check_cell(&fields[i], plan, text, len, a);
            arena_reset(a);
        }
        cell_plan_free(plan);
    }
    arena_free(a);
}

// Yes/no cells: every text of 1 and 2 bytes, every spelling in every case, each with a space or
// tab before or after it, a byte more, a byte less, or one byte replaced by any other.
static void yes_no_cells_in_the_row_loop_agree_with_cell_type(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = field(FIELD_BOOLEAN);
    cell_plan *plan = plan_of(&f);
    char text[16];
    check_cell(&f, plan, "", 0, a);
    for (unsigned x = 0; x < 256; x++) {
        text[0] = (char)x;
        check_cell(&f, plan, text, 1, a);
        for (unsigned y = 0; y < 256; y++) {
            text[1] = (char)y;
            check_cell(&f, plan, text, 2, a);
        }
        arena_reset(a);
    }
    static const char *const words[] = {"yes", "no", "true", "false", "y", "n", "1", "0"};
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        size_t len = strlen(words[w]);
        for (unsigned cases = 0; cases < 1u << len; cases++) {
            char word[8];
            for (size_t i = 0; i < len; i++)
                word[i] =
                    (char)(cases >> i & 1 ? words[w][i] - 32 * (words[w][i] >= 'a') : words[w][i]);
            check_cell(&f, plan, word, len, a);
            check_cell(&f, plan, word, len - 1, a);
            static const char around[] = " \t\r";
            for (size_t s = 0; s < 3; s++) {
                text[0] = around[s];
                memcpy(text + 1, word, len);
                check_cell(&f, plan, text, len + 1, a);
                memcpy(text, word, len);
                text[len] = around[s];
                check_cell(&f, plan, text, len + 1, a);
                memcpy(text, word, len);
                text[len] = 's';
                check_cell(&f, plan, text, len + 1, a);
            }
            for (size_t at = 0; at < len; at++)
                for (unsigned b = 0; b < 256; b++) {
                    memcpy(text, word, len);
                    text[at] = (char)b;
                    check_cell(&f, plan, text, len, a);
                }
            arena_reset(a);
        }
    }
    cell_plan_free(plan);
    arena_free(a);
}

// The texts an enum value becomes when misspelt a little: every case of it (up to 2^10, then
// random ones), a byte replaced by a letter of the other case, a digit or a byte of 0x80 or up,
// a byte more or less, spaces around it.
static void check_spellings(const checklist_field *f, const cell_plan *plan, const char *v,
                            arena *a, uint64_t *x)
{
    size_t len = strlen(v);
    char text[64];
    size_t cases = len <= 10 ? (size_t)1 << len : 1024;
    for (size_t c = 0; c < cases; c++) {
        uint64_t pattern = len <= 10 ? c : next_random(x);
        for (size_t i = 0; i < len; i++) {
            char b = v[i];
            if (pattern >> (i % 64) & 1)
                b = b >= 'a' && b <= 'z'   ? (char)(b - 32)
                    : b >= 'A' && b <= 'Z' ? (char)(b + 32)
                                           : b;
            text[i] = b;
        }
        check_cell(f, plan, text, len, a);
        arena_reset(a);
    }
    static const char others[] = "aAzZ@[`{0_\x80\xC3\xE3\xFF";
    for (size_t at = 0; at < len; at++)
        for (size_t o = 0; o < sizeof others - 1; o++) {
            memcpy(text, v, len);
            text[at] = others[o];
            check_cell(f, plan, text, len, a);
        }
    check_cell(f, plan, v, len - 1, a);
    memcpy(text, v, len);
    text[len] = 's';
    check_cell(f, plan, text, len + 1, a);
    text[0] = ' ';
    memcpy(text + 1, v, len);
    check_cell(f, plan, text, len + 1, a);
    memcpy(text, v, len);
    text[len] = '\t';
    check_cell(f, plan, text, len + 1, a);
    arena_reset(a);
}

// Enum cells: every declared value of fields of 2 to 300 values, in every case and misspelt a
// little (check_spellings), values of 1, 8, 9, 16 and 17 bytes, values that differ only in case
// (the first declared one is found), values of symbols next to the letters ('@', '[', '`', '{')
// and of bytes of 0x80 and up; blank cells and spaces.
static void enum_cells_in_the_row_loop_agree_with_cell_type(void **state)
{
    (void)state;
    arena *a = arena_new();
    static char s0[] = "mining", s1[] = "oil_gas";
    static char t0[] = "exploration", t1[] = "feasibility", t2[] = "construction",
                t3[] = "operation", t4[] = "closure";
    static char n0[] = "cda", n1[] = "iba", n2[] = "Mou", n3[] = "mou", n4[] = "other",
                n5[] = "none", n6[] = "MOU";
    static char l0[] = "x", l1[] = "abcdefgh", l2[] = "abcdefghi", l3[] = "abcdefghijklmnop",
                l4[] = "ABCDEFGHIJKLMNOp", l5[] = "@", l6[] = "[", l7[] = "`", l8[] = "{",
                l9[] = "\xC3\xA9t\xC3\xA9", l10[] = "a-b_c.d", l11[] = "zinc_Zone";
    static char m0[] = "abcdefghijklmnopq", m1[] = "short";
    static char *sectors[] = {s0, s1}, *stages[] = {t0, t1, t2, t3, t4},
                *instruments[] = {n0, n1, n2, n3, n4, n5, n6},
                *lengths[] = {l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11},
                *long_ones[] = {m0, m1};
    // Many values: "v0" to "v299" (no table past 250: then allowed_value, the plain way).
    static char many_text[300][8];
    static char *many[300];
    for (size_t i = 0; i < 300; i++) {
        snprintf(many_text[i], sizeof many_text[i], "v%zu", i);
        many[i] = many_text[i];
    }
    checklist_field fields[] = {
        field_of_values(FIELD_ENUM, sectors, 2),     field_of_values(FIELD_ENUM, stages, 5),
        field_of_values(FIELD_ENUM, instruments, 7), field_of_values(FIELD_ENUM, lengths, 12),
        field_of_values(FIELD_ENUM, long_ones, 2),   field_of_values(FIELD_ENUM, many, 200),
        field_of_values(FIELD_ENUM, many, 300),
    };
    enum { FIELDS = sizeof fields / sizeof fields[0] };
    uint64_t x = 7;
    for (size_t i = 0; i < FIELDS; i++) {
        cell_plan *plan = plan_of(&fields[i]);
        check_cell(&fields[i], plan, "", 0, a);
        check_cell(&fields[i], plan, "   ", 3, a);
        for (size_t v = 0; v < fields[i].value_count; v++)
            check_spellings(&fields[i], plan, fields[i].values[v], a, &x);
        cell_plan_free(plan);
    }
    for (size_t i = 0; i < FIELDS; i++)
        check_every_text(&fields[i], "aAbB1@`", 3, a);
    for (size_t i = 0; i < FIELDS; i++)
        checklist_field_drop_index(&fields[i]);
    arena_free(a);
}

// Text cells: blank, spaces, tabs and line ends at either end or alone, typed both ways.
static void text_cells_in_the_row_loop_agree_with_cell_type(void **state)
{
    (void)state;
    arena *a = arena_new();
    checklist_field f = field(FIELD_TEXT);
    check_every_text(&f, " \ta\r\x01", 4, a);
    arena_free(a);
}

// The plan's columns: fields with no column are absent, a record with fewer cells than a field's
// column is typed the plain way (its missing cells absent), and a header read again moves the
// cells.
static void a_plan_follows_its_columns(void **state)
{
    (void)state;
    arena *a = arena_new();
    static char v0[] = "a", v1[] = "b";
    static char *ab[] = {v0, v1};
    enum { N = 4 };
    checklist_field fields[N] = {field(FIELD_BOOLEAN), field(FIELD_NUMBER),
                                 field_of_values(FIELD_ENUM, ab, 2), field(FIELD_TEXT)};
    cell_plan *plan = cell_plan_new(fields, N);
    static const char *const texts[] = {"yes", "12", "B", "x"};
    csv_cell cells[N];
    for (size_t c = 0; c < N; c++)
        cells[c] = (csv_cell){.ptr = texts[N - 1 - c], .len = strlen(texts[N - 1 - c]), .line = 9};
    typed_cell out[N];
    value values[N];
    logic_set sets[N] = {{0}};
    // No columns yet: every cell absent.
    assert_int_equal(cell_type_cells(plan, cells, N, a, out, values, sets), 0);
    for (size_t s = 0; s < N; s++)
        assert_int_equal(out[s].state, CELL_ABSENT);
    // Columns in reverse, the text field's missing.
    cell_plan_set_columns(plan, (const size_t[]){3, 2, 1, SIZE_MAX});
    for (size_t count = N; count > 0; count--) {
        cell_type_cells(plan, cells, count, a, out, values, sets);
        for (size_t s = 0; s + 1 < N; s++) {
            size_t column = N - 1 - s;
            if (column < count) {
                assert_int_equal(out[s].state, CELL_PRESENT);
                assert_int_equal(out[s].column, column + 1);
                assert_int_equal(out[s].line, 9);
                assert_ptr_equal(out[s].raw, texts[s]);
            } else {
                assert_int_equal(out[s].state, CELL_ABSENT);
                assert_int_equal(out[s].column, 0);
            }
        }
        assert_int_equal(out[3].state, CELL_ABSENT);
        assert_int_equal(out[3].column, 0);
        if (count == N) {
            assert_true(values[0].as.boolean);
            assert_ptr_equal(values[2].as.string.ptr, v1);
        }
    }
    // Read again in order: each field its own column.
    csv_cell in_order[N];
    for (size_t c = 0; c < N; c++)
        in_order[c] = cells[N - 1 - c];
    cell_plan_set_columns(plan, (const size_t[]){0, 1, 2, 3});
    assert_int_equal(cell_type_cells(plan, in_order, N, a, out, values, sets), 0);
    for (size_t s = 0; s < N; s++) {
        assert_int_equal(out[s].state, CELL_PRESENT);
        assert_int_equal(out[s].column, s + 1);
    }
    assert_int_equal(values[1].as.number, 12);
    cell_plan_free(plan);
    checklist_field_drop_index(&fields[2]);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_in_the_row_loop_agree_with_cell_type),
        cmocka_unit_test(yes_no_cells_in_the_row_loop_agree_with_cell_type),
        cmocka_unit_test(enum_cells_in_the_row_loop_agree_with_cell_type),
        cmocka_unit_test(text_cells_in_the_row_loop_agree_with_cell_type),
        cmocka_unit_test(a_plan_follows_its_columns),
    };
    DDCHECK_RUN_TESTS(tests);
}
