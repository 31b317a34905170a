// Fuzz harness: arbitrary bytes as a checklist file, through the loader every command uses
// (strict JSON check, cJSON, validation, rule compilation, lint's static checks, diagnostics
// with positions).
#include "fuzz.h"

#include "checklist/checklist.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Not NUL-terminated on purpose: checklist_load takes a length.
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    diag_list diags = {0};
    checklist *cl = checklist_load(
        (checklist_source){.name = "fuzz.json", .text = text, .len = size}, &diags, NULL);
    char buf[512];
    for (size_t i = 0; i < diags.count; i++)
        diag_format(&diags.items[i], buf, sizeof buf);
    if (cl && diags.errors)
        abort(); // a checklist is returned only when there was no error
    if (!cl && !diags.errors)
        abort(); // a rejected checklist always says why
    checklist_free(cl);
    diag_list_clear(&diags);
    free(text);
    return 0;
}
