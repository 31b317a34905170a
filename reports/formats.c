// The one name table of report formats: --format parsing, --help and error messages read it.
#include "report.h"

#include <string.h>

static const report_format *const FORMATS[] = {
    &REPORT_FORMAT_TEXT,  &REPORT_FORMAT_MARKDOWN, &REPORT_FORMAT_HTML,    &REPORT_FORMAT_JSON,
    &REPORT_FORMAT_JSONL, &REPORT_FORMAT_CSV,      &REPORT_FORMAT_SUMMARY, &REPORT_FORMAT_JUNIT,
    &REPORT_FORMAT_SARIF, &REPORT_FORMAT_GITHUB,   &REPORT_FORMAT_TAP,     &REPORT_FORMAT_ACTIONS,
    &REPORT_FORMAT_XLSX,
};

const report_format *const *report_formats(size_t *count)
{
    *count = sizeof FORMATS / sizeof FORMATS[0];
    return FORMATS;
}

const report_format *report_format_find(const char *name)
{
    for (size_t i = 0; i < sizeof FORMATS / sizeof FORMATS[0]; i++)
        if (strcmp(FORMATS[i]->name, name) == 0)
            return FORMATS[i];
    return NULL;
}
