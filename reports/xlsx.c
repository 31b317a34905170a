// The xlsx format: an Excel workbook for investors, written with libxlsxwriter in its
// constant-memory mode (each sheet's rows go to a temporary file as they come, so memory stays
// flat). Four sheets:
// - Portfolio: one row per project (key, verdict, score, one column per criterion as a heatmap);
// - Requirements: one row per project and requirement, with its outcome, why, the ask and refs;
// - Action plan: one row per gap, with owner, due date and status to fill in (status a drop-down,
//   due date a date), the sheet a lender sends to a proponent;
// - About: versions, SHA-256 of the checklist and inputs, the time of the run.
// A sheet that reaches Excel's 1,048,576 rows goes on in "NAME (2)", "NAME (3)", …, each with its
// header. Every text is written as a string, never a formula. libxlsxwriter writes to a path: the
// workbook is assembled in a temporary file and copied into the report's stream at the end. It is
// loaded when a workbook is begun (util/dynlib.h), so that other reports never map it.
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include "util/dynlib.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "reports/gaps.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define SHEET_ROWS 1048576u // Excel's rows per sheet, the header row included
#define CELL_CHARS 32767u   // Excel's characters per cell
#define MAX_PARTS 64        // continuation sheets of one sheet (about 67 million rows)

// The functions of libxlsxwriter this file calls, each once.
#define XLSXWRITER_FUNCTIONS(X)                                                                    \
    X(workbook_new_opt)                                                                            \
    X(workbook_set_properties)                                                                     \
    X(workbook_add_format)                                                                         \
    X(workbook_add_worksheet)                                                                      \
    X(workbook_close)                                                                              \
    X(format_set_bold)                                                                             \
    X(format_set_text_wrap)                                                                        \
    X(format_set_align)                                                                            \
    X(format_set_num_format)                                                                       \
    X(worksheet_set_column)                                                                        \
    X(worksheet_write_string)                                                                      \
    X(worksheet_write_number)                                                                      \
    X(worksheet_freeze_panes)                                                                      \
    X(worksheet_autofilter)                                                                        \
    X(worksheet_conditional_format_range)                                                          \
    X(worksheet_data_validation_range)

typedef struct xlsxwriter_api {
    XLSXWRITER_FUNCTIONS(DYNLIB_FUNCTION)
} xlsxwriter_api;

#define XLSXWRITER_SYMBOL(name) DYNLIB_SYMBOL(xlsxwriter_api, name)
static const dynlib_symbol XLSXWRITER_SYMBOLS[] = {XLSXWRITER_FUNCTIONS(XLSXWRITER_SYMBOL)};
// The library's state in the process, written once by dynlib_load (under its lock), then read.
static xlsxwriter_api dynlib_xlsxwriter_table;
// XLSXWRITER_SONAME and XLSXWRITER_PACKAGE come from the build (cmake/loaded.cmake).
static dynlib dynlib_xlsxwriter =
    DYNLIB_INIT(XLSXWRITER_SONAME, "DDCHECK_LIBXLSXWRITER", XLSXWRITER_PACKAGE, XLSXWRITER_SYMBOLS,
                &dynlib_xlsxwriter_table);

// One of the workbook's tables, over as many sheets as its rows need. Its columns: the project's
// key, its display fields (the checklist's `display`), then the table's own from `base` on.
typedef struct table {
    const char *name;
    const char **header;
    double *widths;
    size_t columns;
    size_t base;
    lxw_worksheet *parts[MAX_PARTS];
    size_t part_count;
    lxw_row_t row;  // the next row of the current part
    size_t dropped; // rows past MAX_PARTS sheets (said on the About sheet)
} table;

typedef struct xlsx_state {
    FILE *out;
    const report_context *ctx;
    const xlsxwriter_api *lx; // NULL when libxlsxwriter cannot be loaded (why says why)
    char why[DYNLIB_WHY_SIZE];
    char path[64];
    lxw_workbook *wb;
    lxw_format *bold;
    lxw_format *wrap;
    lxw_format *score_fmt;     // 91.7
    lxw_format *criterion_fmt; // 83 (a share in percent, whole)
    table portfolio;
    table requirements;
    table actions;
    bool failed;
    char *buf; // cell text made valid for a workbook
    size_t cap;
} xlsx_state;

// Text as a workbook cell holds it: valid UTF-8 (U+FFFD for a byte that is not), control
// characters other than tab and line ends as U+FFFD (XML cannot carry them), at most CELL_CHARS
// characters (the rest cut with "…").
static const char *cell_text(xlsx_state *st, const char *s, size_t len)
{
    xgrow((void **)&st->buf, &st->cap, len * 3 + 8, 1);
    size_t n = 0, chars = 0;
    for (size_t i = 0; i < len;) {
        if (chars + 1 >= CELL_CHARS) {
            memcpy(st->buf + n, "\xE2\x80\xA6", 3);
            n += 3;
            break;
        }
        unsigned char c = (unsigned char)s[i];
        size_t k = utf8_valid_len((const unsigned char *)s + i, len - i);
        if (k == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            memcpy(st->buf + n, "\xEF\xBF\xBD", 3);
            n += 3;
            i += k ? k : 1;
        } else {
            memcpy(st->buf + n, s + i, k);
            n += k;
            i += k;
        }
        chars++;
    }
    st->buf[n] = '\0';
    return st->buf;
}

static lxw_worksheet *add_part(xlsx_state *st, table *t)
{
    char name[32];
    if (t->part_count == 0)
        snprintf(name, sizeof name, "%s", t->name);
    else
        snprintf(name, sizeof name, "%s (%zu)", t->name, t->part_count + 1);
    lxw_worksheet *ws = st->lx->workbook_add_worksheet(st->wb, name);
    if (!ws) {
        st->failed = true;
        return NULL;
    }
    t->parts[t->part_count++] = ws;
    for (size_t c = 0; c < t->columns; c++) {
        st->lx->worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, t->widths[c],
                                     t->widths[c] > 30 ? st->wrap : NULL);
        st->lx->worksheet_write_string(ws, 0, (lxw_col_t)c, t->header[c], st->bold);
    }
    st->lx->worksheet_freeze_panes(ws, 1, 1);
    t->row = 1;
    return ws;
}

// The sheet the next row of t goes to, and that row in *row; NULL when the table is full.
static lxw_worksheet *next_row(xlsx_state *st, table *t, lxw_row_t *row)
{
    if (t->part_count == 0 || t->row >= SHEET_ROWS) {
        if (t->part_count == MAX_PARTS || !add_part(st, t)) {
            t->dropped++;
            return NULL;
        }
    }
    *row = t->row++;
    return t->parts[t->part_count - 1];
}

static void write_text_cell_n(xlsx_state *st, lxw_worksheet *ws, lxw_row_t r, size_t c,
                              const char *s, size_t len)
{
    if (len)
        st->lx->worksheet_write_string(ws, r, (lxw_col_t)c, cell_text(st, s, len), NULL);
}

static void write_text_cell(xlsx_state *st, lxw_worksheet *ws, lxw_row_t r, size_t c, const char *s)
{
    if (s)
        write_text_cell_n(st, ws, r, c, s, strlen(s));
}

static void write_number_cell(xlsx_state *st, lxw_worksheet *ws, lxw_row_t r, size_t c, double v,
                              lxw_format *f)
{
    st->lx->worksheet_write_number(ws, r, (lxw_col_t)c, v, f);
}

// Sets t's columns: the key, the display fields, then own[0..count) with their widths.
static void table_init(table *t, const checklist *cl, const char *name, const char *const *own,
                       const double *own_widths, size_t count)
{
    *t = (table){.name = name, .base = 1 + cl->display_count};
    t->columns = t->base + count;
    t->header = xcalloc(t->columns, sizeof *t->header);
    t->widths = xcalloc(t->columns, sizeof *t->widths);
    t->header[0] = "Project";
    t->widths[0] = 16;
    for (size_t i = 0; i < cl->display_count; i++) {
        const checklist_field *f = &cl->fields[cl->display[i]];
        t->header[1 + i] = f->label ? f->label : f->name;
        t->widths[1 + i] = 24;
    }
    for (size_t i = 0; i < count; i++) {
        t->header[t->base + i] = own[i];
        t->widths[t->base + i] = own_widths[i];
    }
}

static void table_free(table *t)
{
    free(t->header);
    free(t->widths);
}

// The next row of t, its first columns already holding p's key and display values; NULL when
// the table has no room left.
static lxw_worksheet *project_row(xlsx_state *st, table *t, const project_result *p, lxw_row_t *row)
{
    lxw_worksheet *ws = next_row(st, t, row);
    if (!ws)
        return NULL;
    write_text_cell_n(st, ws, *row, 0, p->key, p->key_len);
    for (size_t i = 0; p->requirements && i < p->checklist->display_count; i++) {
        size_t len;
        const char *v = project_display_value(p, i, &len);
        if (v)
            write_text_cell_n(st, ws, *row, 1 + i, v, len);
    }
    return ws;
}

// texts[0..count) into the cells of row r from column first on (NULL leaves a cell empty).
static void write_text_cells(xlsx_state *st, lxw_worksheet *ws, lxw_row_t r, size_t first,
                             const char *const *texts, size_t count)
{
    for (size_t i = 0; i < count; i++)
        write_text_cell(st, ws, r, first + i, texts[i]);
}

// Filters on every part of a table, once its rows are known.
static void finish_table(xlsx_state *st, table *t)
{
    for (size_t i = 0; i < t->part_count; i++) {
        lxw_row_t last = i + 1 < t->part_count ? SHEET_ROWS - 1 : t->row - 1;
        st->lx->worksheet_autofilter(t->parts[i], 0, 0, last, (lxw_col_t)(t->columns - 1));
    }
}

// --- Portfolio ---------------------------------------------------------------------------------

// After the key and display fields: verdict and score, then the heatmap of criteria beside them,
// then the rest, at base + P_CRITERIA + criterion_count + P_AFTER_*.
enum { P_VERDICT, P_SCORE, P_CRITERIA };
enum { P_AFTER_NOT_MET, P_AFTER_NOTE, P_AFTER_FILE, P_AFTER_LINE, P_AFTER_COUNT };

static void portfolio_row(xlsx_state *st, const project_result *p)
{
    lxw_row_t r;
    lxw_worksheet *ws = project_row(st, &st->portfolio, p, &r);
    if (!ws)
        return;
    const checklist *cl = p->checklist;
    size_t base = st->portfolio.base, after = base + P_CRITERIA + cl->criterion_count;
    write_text_cell(st, ws, r, base + P_VERDICT, verdict_name(p->verdict));
    if (p->scored)
        write_number_cell(st, ws, r, base + P_SCORE, p->score, st->score_fmt);
    if (p->verdict == VERDICT_INVALID) {
        write_text_cell(st, ws, r, after + P_AFTER_NOTE, p->error);
    } else if (project_nothing_applies(p)) {
        write_text_cell(st, ws, r, after + P_AFTER_NOTE, NOTHING_APPLIES_TEXT);
    } else {
        size_t not_met = 0;
        for (size_t i = 0; i < cl->requirement_count; i++)
            not_met += outcome_is_failure(p->requirements[i].outcome);
        write_number_cell(st, ws, r, after + P_AFTER_NOT_MET, (double)not_met, NULL);
        // The criteria below their floor are the note: each is a reason for the gap.
        char *note = NULL;
        size_t note_len = 0, note_cap = 0;
        for (size_t c = 0; c < cl->criterion_count; c++) {
            if (p->criteria[c].status != STATUS_NOT_APPLICABLE)
                write_number_cell(st, ws, r, base + P_CRITERIA + c, p->criteria[c].score * 100.0,
                                  st->criterion_fmt);
            if (p->criteria[c].below_floor) {
                char text[GAPS_FLOOR_TEXT_SIZE];
                gaps_floor_text(&cl->criteria[c], &p->criteria[c], text, sizeof text);
                size_t n = strlen(text);
                xgrow((void **)&note, &note_cap, note_len + n + 3, 1);
                if (note_len)
                    memcpy(note + note_len, "; ", 2), note_len += 2;
                memcpy(note + note_len, text, n + 1);
                note_len += n;
            }
        }
        if (note)
            write_text_cell_n(st, ws, r, after + P_AFTER_NOTE, note, note_len);
        free(note);
    }
    write_text_cell(st, ws, r, after + P_AFTER_FILE, p->file);
    write_number_cell(st, ws, r, after + P_AFTER_LINE, (double)p->line, NULL);
}

// The heatmap: each criterion's score, red at 0, amber at 50, green at 100.
static void portfolio_heatmap(xlsx_state *st)
{
    const checklist *cl = st->ctx->checklist;
    table *t = &st->portfolio;
    if (cl->criterion_count == 0)
        return;
    for (size_t i = 0; i < t->part_count; i++) {
        lxw_row_t last = i + 1 < t->part_count ? SHEET_ROWS - 1 : t->row - 1;
        if (last < 1)
            continue;
        lxw_conditional_format cf = {
            .type = LXW_CONDITIONAL_3_COLOR_SCALE,
            .min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
            .min_value = 0,
            .min_color = 0xF8696B,
            .mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
            .mid_value = 50,
            .mid_color = 0xFFEB84,
            .max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
            .max_value = 100,
            .max_color = 0x63BE7B,
        };
        lxw_col_t first = (lxw_col_t)(t->base + P_CRITERIA);
        st->lx->worksheet_conditional_format_range(
            t->parts[i], 1, first, last, (lxw_col_t)(first + cl->criterion_count - 1), &cf);
    }
}

// --- Requirements -------------------------------------------------------------------------------

static const char *const REQUIREMENT_HEADER[] = {"Criterion",
                                                 "Requirement",
                                                 "Requirement text",
                                                 "Outcome",
                                                 "Critical",
                                                 "Why",
                                                 "Action or evidence requested",
                                                 "Refs",
                                                 "Waiver",
                                                 "File",
                                                 "Line"};
static const double REQUIREMENT_WIDTHS[] = {10, 12, 50, 14, 9, 50, 50, 30, 30, 24, 7};

// The explanations of rr joined, or the waiver's justification.
static const char *why_text(xlsx_state *st, const requirement_result *rr, char **buf, size_t *cap)
{
    (void)st;
    size_t n = gaps_join_explanations(rr, buf, cap, 0);
    return n ? *buf : NULL;
}

static void requirement_rows(xlsx_state *st, const project_result *p)
{
    const checklist *cl = p->checklist;
    char *why = NULL;
    size_t why_cap = 0;
    for (size_t i = 0; i < cl->requirement_count; i++) {
        const checklist_requirement *req = &cl->requirements[i];
        const requirement_result *rr = &p->requirements[i];
        lxw_row_t r;
        lxw_worksheet *ws = project_row(st, &st->requirements, p, &r);
        if (!ws)
            break;
        char refs[2048];
        size_t n = 0;
        refs[0] = '\0';
        for (size_t k = 0; k < req->ref_count && n < sizeof refs; k++) {
            int w = snprintf(refs + n, sizeof refs - n, "%s%s", k ? "; " : "", req->refs[k]);
            n += w > 0 ? (size_t)w : 0;
        }
        size_t base = st->requirements.base;
        const char *const cells[] = {
            cl->criteria[req->criterion].id,
            req->id,
            req->text,
            outcome_name(rr->outcome),
            req->critical ? "critical" : "",
            why_text(st, rr, &why, &why_cap),
            gaps_request(req, rr->outcome, NULL),
            refs,
            rr->waiver ? rr->waiver->justification : NULL,
            p->file,
        };
        write_text_cells(st, ws, r, base, cells, sizeof cells / sizeof cells[0]);
        write_number_cell(st, ws, r, base + 10, (double)p->line, NULL);
    }
    free(why);
}

// --- Action plan --------------------------------------------------------------------------------

static const char *const ACTION_HEADER[] = {
    "Requirement", "Criterion", "Requirement text",
    "Outcome",     "Severity",  "Action or evidence requested",
    "Why",         "Owner",     "Due date",
    "Status",      "File",      "Line"};
static const double ACTION_WIDTHS[] = {12, 10, 50, 14, 9, 50, 50, 18, 12, 14, 24, 7};
enum { A_OWNER = 7, A_DUE = 8, A_STATUS = 9 }; // after the table's base

// One row of the plan (gaps.h), in the csv `actions` format's order and with its texts.
static void action_row(void *state, const gaps_action *a)
{
    xlsx_state *st = state;
    lxw_row_t r;
    lxw_worksheet *ws = project_row(st, &st->actions, a->project, &r);
    if (!ws)
        return;
    size_t base = st->actions.base;
    const char *const cells[] = {
        a->requirement, a->criterion, a->text, a->outcome, a->high ? "high" : "medium",
        a->request,     a->why};
    write_text_cells(st, ws, r, base, cells, sizeof cells / sizeof cells[0]);
    write_text_cell(st, ws, r, base + A_STATUS, "Open");
    write_text_cell(st, ws, r, base + 10, a->project->file);
    write_number_cell(st, ws, r, base + 11, (double)a->project->line, NULL);
}

static void action_validations(xlsx_state *st, table *t)
{
    // libxlsxwriter takes these texts as char * (it does not change them): the library keeps no
    // writable global, so they live here.
    char open[] = "Open", progress[] = "In progress", done[] = "Done", refused[] = "Not accepted";
    char *values[] = {open, progress, done, refused, NULL};
    char status_title[] = "Status",
         status_error[] = "Choose Open, In progress, Done or Not accepted.";
    char due_title[] = "Due date", due_error[] = "Enter a date (on or after 2000-01-01).";
    for (size_t i = 0; i < t->part_count; i++) {
        lxw_row_t last = SHEET_ROWS - 1; // rows added by hand below the plan get them too
        lxw_data_validation status = {
            .validate = LXW_VALIDATION_TYPE_LIST,
            .value_list = values,
            .ignore_blank = LXW_VALIDATION_ON,
            .show_error = LXW_VALIDATION_ON,
            .error_title = status_title,
            .error_message = status_error,
        };
        lxw_col_t col = (lxw_col_t)(t->base + A_STATUS);
        st->lx->worksheet_data_validation_range(t->parts[i], 1, col, last, col, &status);
        lxw_data_validation due = {
            .validate = LXW_VALIDATION_TYPE_DATE,
            .criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
            .value_datetime = {2000, 1, 1, 0, 0, 0},
            .ignore_blank = LXW_VALIDATION_ON,
            .show_error = LXW_VALIDATION_ON,
            .error_title = due_title,
            .error_message = due_error,
        };
        col = (lxw_col_t)(t->base + A_DUE);
        st->lx->worksheet_data_validation_range(t->parts[i], 1, col, last, col, &due);
    }
}

// --- About --------------------------------------------------------------------------------------

static void about_sheet(xlsx_state *st, const batch_summary *s)
{
    lxw_worksheet *ws = st->lx->workbook_add_worksheet(st->wb, "About");
    if (!ws) {
        st->failed = true;
        return;
    }
    st->lx->worksheet_set_column(ws, 0, 0, 28, st->bold);
    st->lx->worksheet_set_column(ws, 1, 1, 80, st->wrap);
    const report_context *ctx = st->ctx;
    const checklist *cl = ctx->checklist;
    lxw_row_t r = 0;
#define ABOUT(label, value)                                                                        \
    do {                                                                                           \
        st->lx->worksheet_write_string(ws, r, 0, label, NULL);                                     \
        write_text_cell(st, ws, r++, 1, value);                                                    \
    } while (0)
    ABOUT("Report", "ddcheck assessment of project proposals against a due-diligence checklist");
    ABOUT("ddcheck version", ctx->tool_version);
    ABOUT("Checklist", cl->title);
    ABOUT("Checklist id", cl->id);
    ABOUT("Checklist version", cl->version);
    ABOUT("Checklist SHA-256", cl->sha256);
    ABOUT("Generated at (UTC)", ctx->generated_at);
    for (size_t i = 0; i < ctx->input_count; i++) {
        ABOUT("Input", ctx->inputs[i]);
        ABOUT("Input SHA-256", ctx->input_sha256 && ctx->input_sha256[i]
                                   ? ctx->input_sha256[i]
                                   : "not known (not read to its end)");
    }
    char line[256];
    snprintf(line, sizeof line, "%zu projects: %zu pass, %zu gap, %zu invalid", s->projects,
             s->pass, s->gap, s->invalid);
    ABOUT("Projects", line);
    snprintf(line, sizeof line,
             "pass when the score reaches %g, every applicable criterion reaches its floor, and "
             "no critical requirement is unmet, without evidence or invalid",
             cl->pass_score);
    ABOUT("Verdict", line);
    for (size_t c = 0; c < cl->criterion_count; c++) {
        char label[64];
        snprintf(label, sizeof label, "Criterion %s", cl->criteria[c].id);
        st->lx->worksheet_write_string(ws, r, 0, cell_text(st, label, strlen(label)), NULL);
        write_text_cell(st, ws, r++, 1, cl->criteria[c].title);
    }
    ABOUT("Outcomes", "met; unmet (false on the evidence given); no_evidence (a cell it needs is "
                      "empty or missing); invalid (a cell does not fit its type); "
                      "not_applicable; waived");
    const table *tables[] = {&st->portfolio, &st->requirements, &st->actions};
    for (size_t i = 0; i < 3; i++) {
        if (tables[i]->dropped) {
            snprintf(line, sizeof line,
                     "%zu rows of %s were left out: more than %d sheets of Excel's %u rows; use "
                     "-f csv or -f jsonl for every row",
                     tables[i]->dropped, tables[i]->name, MAX_PARTS, SHEET_ROWS);
            ABOUT("Left out", line);
        }
    }
    ABOUT("Note", "Every text in this workbook is a string, never a formula.");
#undef ABOUT
}

// --- the format ---------------------------------------------------------------------------------

static void *xlsx_begin(FILE *out, const report_context *ctx)
{
    xlsx_state *st = xcalloc(1, sizeof *st);
    st->out = out;
    st->ctx = ctx;
    st->lx = dynlib_load(&dynlib_xlsxwriter, st->why, sizeof st->why);
    if (!st->lx) {
        st->failed = true;
        return st;
    }
    const char *dir = getenv("TMPDIR");
    snprintf(st->path, sizeof st->path, "%s/ddcheck-xlsx-XXXXXX",
             dir && *dir && strlen(dir) < 32 ? dir : "/tmp");
    int fd = mkstemp(st->path);
    if (fd < 0) {
        st->failed = true;
        return st;
    }
    close(fd);
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
    st->wb = st->lx->workbook_new_opt(st->path, &opts);
    if (!st->wb) {
        st->failed = true;
        return st;
    }
    char subject[] = "Due-diligence assessment", comments[] = "Written by ddcheck";
    char title[256];
    snprintf(title, sizeof title, "%s", ctx->checklist->title);
    lxw_doc_properties props = {.title = title, .subject = subject, .comments = comments};
    // The workbook's creation time is the run's (SOURCE_DATE_EPOCH when set), not the clock's,
    // so that a reproducible run writes the same bytes (libxlsxwriter reads the clock otherwise).
    props.created = ctx->generated_time;
    st->lx->workbook_set_properties(st->wb, &props);
    st->bold = st->lx->workbook_add_format(st->wb);
    st->lx->format_set_bold(st->bold);
    st->wrap = st->lx->workbook_add_format(st->wb);
    st->lx->format_set_text_wrap(st->wrap);
    st->lx->format_set_align(st->wrap, LXW_ALIGN_VERTICAL_TOP);
    st->score_fmt = st->lx->workbook_add_format(st->wb);
    st->lx->format_set_num_format(st->score_fmt, "0.0");
    st->criterion_fmt = st->lx->workbook_add_format(st->wb);
    st->lx->format_set_num_format(st->criterion_fmt, "0");

    const checklist *cl = ctx->checklist;
    // The Portfolio's own columns: verdict, score, one per criterion (headed by its id; the
    // About sheet names each one), then the rest.
    size_t own = P_CRITERIA + cl->criterion_count + P_AFTER_COUNT;
    const char **header = xcalloc(own, sizeof *header);
    double *widths = xcalloc(own, sizeof *widths);
    static const char *const last[P_AFTER_COUNT] = {"Not met", "Note", "File", "Line"};
    static const double last_widths[P_AFTER_COUNT] = {8, 40, 24, 7};
    header[P_VERDICT] = "Verdict", widths[P_VERDICT] = 9;
    header[P_SCORE] = "Score", widths[P_SCORE] = 8;
    for (size_t c = 0; c < cl->criterion_count; c++) {
        header[P_CRITERIA + c] = cl->criteria[c].id;
        widths[P_CRITERIA + c] = 8;
    }
    for (size_t c = 0; c < P_AFTER_COUNT; c++) {
        header[P_CRITERIA + cl->criterion_count + c] = last[c];
        widths[P_CRITERIA + cl->criterion_count + c] = last_widths[c];
    }
    table_init(&st->portfolio, cl, "Portfolio", header, widths, own);
    free(header);
    free(widths);
    table_init(&st->requirements, cl, "Requirements", REQUIREMENT_HEADER, REQUIREMENT_WIDTHS,
               sizeof REQUIREMENT_HEADER / sizeof *REQUIREMENT_HEADER);
    table_init(&st->actions, cl, "Action plan", ACTION_HEADER, ACTION_WIDTHS,
               sizeof ACTION_HEADER / sizeof *ACTION_HEADER);
    // The first part of each table now, so that the sheets come in this order.
    add_part(st, &st->portfolio);
    add_part(st, &st->requirements);
    add_part(st, &st->actions);
    return st;
}

static void xlsx_project(void *state, const project_result *p)
{
    xlsx_state *st = state;
    if (!st->wb)
        return;
    portfolio_row(st, p);
    if (p->verdict != VERDICT_INVALID)
        requirement_rows(st, p);
    gaps_action_plan(p, action_row, st);
}

// Copies the finished workbook into the report's stream.
static void copy_out(xlsx_state *st)
{
    FILE *in = fopen(st->path, "rb");
    if (!in) {
        st->failed = true;
        return;
    }
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, st->out) != n)
            break;
    if (ferror(in))
        st->failed = true;
    fclose(in);
}

static void xlsx_end(void *state, const batch_summary *summary)
{
    xlsx_state *st = state;
    if (st->wb) {
        portfolio_heatmap(st);
        finish_table(st, &st->portfolio);
        finish_table(st, &st->requirements);
        finish_table(st, &st->actions);
        action_validations(st, &st->actions);
        about_sheet(st, summary);
        lxw_error err = st->lx->workbook_close(st->wb);
        if (err != LXW_NO_ERROR)
            st->failed = true;
        else if (!st->failed)
            copy_out(st);
    }
    if (st->failed) {
        // Renderers leave their failures on the stream for the caller (report.h). Reading a
        // stream opened for writing sets its error indicator (POSIX fgetc, EBADF), so the caller
        // removes the half-written report and exits 2, as for a full disk.
        if (!st->lx)
            fprintf(stderr, "ddcheck: error: cannot write the workbook: %s\n", st->why);
        else
            fprintf(stderr, "ddcheck: error: the Excel workbook could not be assembled in %s\n",
                    st->path[0] ? st->path : "a temporary file");
        (void)fgetc(st->out);
    }
    if (st->path[0])
        unlink(st->path);
    table_free(&st->portfolio);
    table_free(&st->requirements);
    table_free(&st->actions);
    free(st->buf);
    free(st);
}

static bool xlsx_ready(char *why, size_t why_size)
{
    return dynlib_load(&dynlib_xlsxwriter, why, why_size) != NULL;
}

const report_format REPORT_FORMAT_XLSX = {
    .name = "xlsx",
    .description = "an Excel workbook for investors (needs -o): portfolio heatmap, requirements, "
                   "action plan with drop-downs, provenance",
    .streaming = true,
    .input_digests = true,
    .ready = xlsx_ready,
    .begin = xlsx_begin,
    .project = xlsx_project,
    .end = xlsx_end,
};
