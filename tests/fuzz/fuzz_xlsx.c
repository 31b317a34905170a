// Fuzz harness: the XLSX reader. Input that starts with "PK" is read as a workbook as it is (the
// ZIP container and libzip's handling of a damaged one); any other input is split at lines
// "====" into the worksheet, the shared strings and the styles, which are packed with the
// workbook parts into a valid ZIP by libzip, so that the fuzzer spends its time in the XML.
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include "evaluator/xlsx_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static const char WORKBOOK[] =
    "<workbook xmlns:r=\"r\"><workbookPr date1904=\"0\"/><sheets>"
    "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] = "<Relationships><Relationship Id=\"rId1\" "
                           "Target=\"worksheets/sheet1.xml\"/></Relationships>";

static bool on_record(void *ctx, const csv_record *record)
{
    size_t *total = ctx;
    for (size_t i = 0; i < record->count; i++)
        *total += record->cells[i].len + (record->cells[i].ptr[record->cells[i].len] == '\0');
    return true;
}

static void add(zip_t *za, const char *name, const void *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(za, data, len, 0);
    if (s && zip_file_add(za, name, s, ZIP_FL_OVERWRITE) < 0)
        zip_source_free(s);
}

// The parts packed into a ZIP in memory; NULL when libzip cannot (then the input is skipped).
static unsigned char *pack(const uint8_t *data, size_t size, size_t *out_len)
{
    const char *parts[3] = {"", "", ""};
    size_t lens[3] = {0, 0, 0};
    char *copy = malloc(size + 1);
    if (!copy)
        return NULL;
    memcpy(copy, data, size);
    copy[size] = '\0';
    size_t n = 0;
    const char *at = copy, *end = copy + size;
    while (n < 3) {
        const char *sep = n < 2 ? strstr(at, "\n====\n") : NULL;
        if (sep && sep > end)
            sep = NULL;
        parts[n] = at;
        lens[n] = (size_t)((sep ? sep : end) - at);
        n++;
        if (!sep)
            break;
        at = sep + 6;
    }
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &err);
    unsigned char *bytes = NULL;
    if (buf) {
        zip_source_keep(buf);
        zip_t *za = zip_open_from_source(buf, ZIP_TRUNCATE, &err);
        if (za) {
            add(za, "xl/workbook.xml", WORKBOOK, strlen(WORKBOOK));
            add(za, "xl/_rels/workbook.xml.rels", RELS, strlen(RELS));
            add(za, "xl/worksheets/sheet1.xml", parts[0], lens[0]);
            if (n > 1)
                add(za, "xl/sharedStrings.xml", parts[1], lens[1]);
            if (n > 2)
                add(za, "xl/styles.xml", parts[2], lens[2]);
            if (zip_close(za) < 0)
                zip_discard(za);
        }
        if (zip_source_open(buf) == 0) {
            zip_source_seek(buf, 0, SEEK_END);
            zip_int64_t len = zip_source_tell(buf);
            zip_source_seek(buf, 0, SEEK_SET);
            if (len > 0 && (bytes = malloc((size_t)len)) != NULL &&
                zip_source_read(buf, bytes, (zip_uint64_t)len) != len) {
                free(bytes);
                bytes = NULL;
            }
            *out_len = len > 0 ? (size_t)len : 0;
            zip_source_close(buf);
        }
        zip_source_free(buf);
    }
    zip_error_fini(&err);
    free(copy);
    return bytes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *packed = NULL;
    size_t len = size;
    const unsigned char *bytes = data;
    if (!(size >= 2 && data[0] == 'P' && data[1] == 'K')) {
        packed = pack(data, size, &len);
        if (!packed)
            return 0;
        bytes = packed;
    }
    FILE *in = len ? fmemopen((void *)(uintptr_t)bytes, len, "rb") : NULL;
    if (in) {
        diag_list diags = {0};
        size_t total = 0;
        char sheet[64];
        xlsx_options small = {.max_cell = 64, .max_columns = 16};
        xlsx_read(in, "fuzz.xlsx", &small, on_record, &total, sheet, sizeof sheet, &diags);
        char buf[512];
        for (size_t i = 0; i < diags.count; i++)
            diag_format(&diags.items[i], buf, sizeof buf);
        diag_list_clear(&diags);
        fclose(in);
    }
    free(packed);
    return 0;
}
