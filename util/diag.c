// Diagnostics collected by the loaders; only main prints them.
#include "diag.h"

#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_add(diag_list *list, diag_severity severity, const char *file, long line, long column,
              const char *pointer, const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    xgrow((void **)&list->items, &list->cap, list->count + 1, sizeof(diag));
    diag *d = &list->items[list->count++];
    d->severity = severity;
    d->file = xstrdup(file);
    d->line = line;
    d->column = column;
    d->pointer = xstrdup(pointer);
    d->message = xstrdup(message);
    d->sheet = NULL;
    if (severity == DIAG_ERROR)
        list->errors++;
    else
        list->warnings++;
}

bool diag_list_room(diag_list *list)
{
    if (!list->limit || list->count < list->limit)
        return true;
    list->dropped++;
    return false;
}

void diag_list_clear(diag_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].file);
        free(list->items[i].pointer);
        free(list->items[i].message);
        free(list->items[i].sheet);
    }
    free(list->items);
    *list = (diag_list){0};
}

void diag_list_set_sheet(diag_list *list, size_t first, const char *file, const char *sheet)
{
    for (size_t i = first; i < list->count; i++) {
        diag *d = &list->items[i];
        if (d->line > 0 && !d->sheet && d->file && file && strcmp(d->file, file) == 0)
            d->sheet = xstrdup(sheet);
    }
}

// A spreadsheet cell's name: column letters, then the row ("B3").
static void cell_name(long column, long row, char *buf, size_t size)
{
    char letters[16];
    size_t n = 0;
    for (long c = column > 0 ? column : 1; c > 0 && n < sizeof letters; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    size_t at = 0;
    while (n > 0 && at + 1 < size)
        buf[at++] = letters[--n];
    snprintf(buf + at, size - at, "%ld", row);
}

char *diag_format(const diag *d, char *buf, size_t size)
{
    const char *sev = d->severity == DIAG_ERROR ? "error" : "warning";
    const char *file = d->file ? d->file : "<input>";
    int n;
    char cell[40];
    if (d->line > 0 && d->sheet) {
        cell_name(d->column, d->line, cell, sizeof cell);
        n = snprintf(buf, size, "%s:%s!%s: %s: %s", file, d->sheet, cell, sev, d->message);
    } else if (d->line > 0)
        n = snprintf(buf, size, "%s:%ld:%ld: %s: %s", file, d->line, d->column > 0 ? d->column : 1,
                     sev, d->message);
    else
        n = snprintf(buf, size, "%s: %s: %s", file, sev, d->message);
    if (d->pointer && n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " (at %s)", d->pointer[0] ? d->pointer : "/");
    return buf;
}

typedef struct placed_diag {
    diag d;
    size_t at; // its place in the list, so that equal places keep their order
} placed_diag;

static int by_place(const void *x, const void *y)
{
    const placed_diag *a = x, *b = y;
    if (a->d.line != b->d.line)
        return a->d.line < b->d.line ? -1 : 1;
    if (a->d.column != b->d.column)
        return a->d.column < b->d.column ? -1 : 1;
    return (a->at > b->at) - (a->at < b->at);
}

void diag_list_sort_by_place(diag_list *diags, size_t first)
{
    size_t n = diags->count - first;
    if (n < 2)
        return;
    placed_diag *o = xmalloc(n * sizeof *o);
    for (size_t i = 0; i < n; i++)
        o[i] = (placed_diag){diags->items[first + i], i};
    qsort(o, n, sizeof *o, by_place);
    for (size_t i = 0; i < n; i++)
        diags->items[first + i] = o[i].d;
    free(o);
}
