/* util/arena.c: block sizes (arena_new's fixed, arena_new_sized's growing from a small first),
 * what a compiled rule reserves, and memory kept across arena_reset. */
#include "unit/test_main.h"

#include "util/arena.h"
#include "util/diag.h"
#include "checklist/logic_internal.h"

#include <cjson/cJSON.h>

#include <string.h>

static void an_arena_reserves_whole_blocks(void **state)
{
    (void)state;
    arena *a = arena_new();
    assert_int_equal(arena_reserved(a), 0);
    arena_alloc(a, 1);
    assert_int_equal(arena_reserved(a), ARENA_BLOCK);
    arena_alloc(a, ARENA_BLOCK);
    assert_int_equal(arena_reserved(a), 2 * ARENA_BLOCK);
    arena_alloc(a, 3 * ARENA_BLOCK); // larger than a block: a block of its own, a power of two
    assert_int_equal(arena_reserved(a), 6 * ARENA_BLOCK);
    arena_free(a);
}

// From the first block's size, each next block twice the last, up to ARENA_BLOCK.
static void a_sized_arena_grows_from_its_first_block(void **state)
{
    (void)state;
    arena *a = arena_new_sized(1024);
    char *p = arena_alloc(a, 1000);
    memset(p, 1, 1000);
    assert_int_equal(arena_reserved(a), 1024);
    size_t expect = 1024;
    for (size_t size = 2048; size <= 4 * ARENA_BLOCK; size *= 2) {
        arena_alloc(a, 1000); // does not fit what is left: the next block
        expect += size < ARENA_BLOCK ? size : ARENA_BLOCK;
        assert_int_equal(arena_reserved(a), expect);
        arena_alloc(a, (size < ARENA_BLOCK ? size : ARENA_BLOCK) - 1000 - 64);
        assert_int_equal(arena_reserved(a), expect);
    }
    // Reset, the blocks are kept and used again: nothing more is reserved.
    arena_reset(a);
    for (int i = 0; i < 20; i++)
        arena_alloc(a, 500);
    assert_int_equal(arena_reserved(a), expect);
    assert_int_equal(p[999], 1); // still memory of the arena
    arena_free(a);
}

// A rule of a few operations reserves a few kilobytes, not a 16 KiB block.
static void a_small_rule_reserves_a_small_block(void **state)
{
    (void)state;
    cJSON *json =
        cJSON_Parse("{\"and\": [{\">=\": [{\"var\": \"a\"}, 3]}, {\"!\": {\"var\": \"b\"}}]}");
    logic_options opts = {.mode = LOGIC_KLEENE};
    diag_list d = {0};
    logic_rule *rule = logic_compile(json, &opts, &d);
    assert_non_null(rule);
    assert_int_equal(d.count, 0);
    assert_true(arena_reserved(rule->mem) <= 3 * 1024); // blocks of 1 and 2 KiB
    logic_rule_free(rule);
    cJSON_Delete(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_arena_reserves_whole_blocks),
        cmocka_unit_test(a_sized_arena_grows_from_its_first_block),
        cmocka_unit_test(a_small_rule_reserves_a_small_block),
    };
    DDCHECK_RUN_TESTS(tests);
}
