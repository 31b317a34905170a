// Diagnostics collected by the loaders; only main prints them.
#include "diag.h"

#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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
    if (severity == DIAG_ERROR)
        list->errors++;
    else
        list->warnings++;
}

void diag_list_clear(diag_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].file);
        free(list->items[i].pointer);
        free(list->items[i].message);
    }
    free(list->items);
    *list = (diag_list){0};
}

char *diag_format(const diag *d, char *buf, size_t size)
{
    const char *sev = d->severity == DIAG_ERROR ? "error" : "warning";
    const char *file = d->file ? d->file : "<input>";
    int n;
    if (d->line > 0)
        n = snprintf(buf, size, "%s:%ld:%ld: %s: %s", file, d->line, d->column > 0 ? d->column : 1,
                     sev, d->message);
    else
        n = snprintf(buf, size, "%s: %s: %s", file, sev, d->message);
    if (d->pointer && n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " (at %s)", d->pointer[0] ? d->pointer : "/");
    return buf;
}
