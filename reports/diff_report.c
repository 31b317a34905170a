// The diff's writers: text, Markdown, JSON (ddcheck-diff/1) and CSV of what changed between two
// assessments, for `ddcheck diff`. They read a diff_result and never compare.
#include "diff_report.h"

#include "reports/escape.h"
#include "reports/json_writer.h"
#include "reports/project_json.h"

#include <stdlib.h>
#include <string.h>

static const char *change_name(diff_kind k)
{
    return k == DIFF_MATCHED ? "matched" : k == DIFF_NEW ? "new" : "removed";
}

static void write_score(FILE *out, const diff_project *p)
{
    if (p && p->scored)
        fprintf(out, "%.1f", p->score);
    else
        fputs("-", out);
}

// The score change of a matched project with both scores, to one decimal; false otherwise.
static bool score_change(const diff_project_change *ch, double *delta)
{
    if (ch->kind != DIFF_MATCHED || !ch->old_project->scored || !ch->new_project->scored)
        return false;
    *delta =
        (double)((long long)((ch->new_project->score - ch->old_project->score) * 10 +
                             (ch->new_project->score >= ch->old_project->score ? 0.5 : -0.5))) /
        10;
    return true;
}

static const diff_project *either(const diff_project_change *ch)
{
    return ch->new_project ? ch->new_project : ch->old_project;
}

static void write_ids(FILE *out, escape_fn esc, const char *const *ids, size_t n, const char *sep)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(sep, out);
        escape_string(out, esc, ids[i]);
    }
}

// The title line (title, the two reports' names, title_end), then the checklist lines, each
// after prefix.
static void header_lines(FILE *out, escape_fn esc, const diff_result *d, const char *title,
                         const char *title_end, const char *prefix)
{
    const diff_report *old_report = d->old_report, *new_report = d->new_report;
    fputs(title, out);
    escape_string(out, esc, old_report->name);
    fputs(" → ", out);
    escape_string(out, esc, new_report->name);
    fputs(title_end, out);
    fprintf(out, "%schecklist: ", prefix);
    escape_string(out, esc, old_report->checklist_id);
    fputs(" ", out);
    escape_string(out, esc, old_report->checklist_version);
    fputs(" → ", out);
    escape_string(out, esc, new_report->checklist_id);
    fputs(" ", out);
    escape_string(out, esc, new_report->checklist_version);
    fputs(d->checklist_differs ? "  (the checklists differ: requirements are matched by id)\n"
                               : "\n",
          out);
    if (d->only_old_count) {
        fprintf(out, "%srequirements only in the old report: ", prefix);
        write_ids(out, esc, d->only_old, d->only_old_count, ", ");
        fputs("\n", out);
    }
    if (d->only_new_count) {
        fprintf(out, "%srequirements only in the new report: ", prefix);
        write_ids(out, esc, d->only_new, d->only_new_count, ", ");
        fputs("\n", out);
    }
}

static void totals_line(FILE *out, const diff_result *d)
{
    fprintf(out,
            "%zu project%s: %zu requirement%s closed, %zu opened, %zu still open; %zu new "
            "project%s, %zu removed; %s\n",
            d->project_count, d->project_count == 1 ? "" : "s", d->closed,
            d->closed == 1 ? "" : "s", d->opened, d->still_open, d->new_projects,
            d->new_projects == 1 ? "" : "s", d->removed_projects,
            d->regressed_projects ? "REGRESSED" : "no regression");
}

static void write_text(FILE *out, const diff_result *d)
{
    header_lines(out, escape_terminal, d, "ddcheck diff: ", "\n", "");
    for (size_t i = 0; i < d->project_count; i++) {
        const diff_project_change *ch = &d->projects[i];
        const diff_project *p = either(ch);
        fputs("\n", out);
        escape_string(out, escape_terminal, p->key[0] ? p->key : "(no key)");
        if (ch->kind == DIFF_NEW) {
            fprintf(out, "  new project  %s  score ", p->verdict);
            write_score(out, p);
        } else if (ch->kind == DIFF_REMOVED) {
            fprintf(out, "  removed  (was %s, score ", p->verdict);
            write_score(out, p);
            fputs(")", out);
        } else {
            fprintf(out, "  %s → %s  score ", ch->old_project->verdict, ch->new_project->verdict);
            write_score(out, ch->old_project);
            fputs(" → ", out);
            write_score(out, ch->new_project);
            double delta;
            if (score_change(ch, &delta))
                fprintf(out, " (%+.1f)", delta);
        }
        if (ch->regressed)
            fputs("  REGRESSED", out);
        fputs("\n", out);
        const struct {
            const char *label;
            const char *const *ids;
            size_t n;
        } rows[] = {{"closed", ch->closed, ch->closed_count},
                    {ch->kind == DIFF_NEW ? "gaps" : "opened", ch->opened, ch->opened_count},
                    {"still open", ch->still_open, ch->still_open_count}};
        for (size_t r = 0; r < 3; r++) {
            if (!rows[r].n)
                continue;
            fprintf(out, "  %s: ", rows[r].label);
            write_ids(out, escape_terminal, rows[r].ids, rows[r].n, ", ");
            fputs("\n", out);
        }
    }
    fputs("\n", out);
    totals_line(out, d);
}

static void write_markdown(FILE *out, const diff_result *d)
{
    header_lines(out, escape_markdown, d, "# What changed: ", "\n\n", "- ");
    fputs("\n| project | change | verdict | score | closed | opened | still open | regressed |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- |\n",
          out);
    for (size_t i = 0; i < d->project_count; i++) {
        const diff_project_change *ch = &d->projects[i];
        fputs("| ", out);
        escape_string(out, escape_markdown, either(ch)->key);
        fprintf(out, " | %s | ", change_name(ch->kind));
        fputs(ch->old_project ? ch->old_project->verdict : "", out);
        fputs(ch->kind == DIFF_MATCHED ? " → " : "", out);
        fputs(ch->new_project ? ch->new_project->verdict : "", out);
        fputs(" | ", out);
        if (ch->old_project)
            write_score(out, ch->old_project);
        fputs(ch->kind == DIFF_MATCHED ? " → " : "", out);
        if (ch->new_project)
            write_score(out, ch->new_project);
        double delta;
        if (score_change(ch, &delta))
            fprintf(out, " (%+.1f)", delta);
        fputs(" | ", out);
        write_ids(out, escape_markdown, ch->closed, ch->closed_count, ", ");
        fputs(" | ", out);
        write_ids(out, escape_markdown, ch->opened, ch->opened_count, ", ");
        fputs(" | ", out);
        write_ids(out, escape_markdown, ch->still_open, ch->still_open_count, ", ");
        fputs(ch->regressed ? " | **yes** |\n" : " | no |\n", out);
    }
    fputs("\n", out);
    totals_line(out, d);
}

static void csv_ids(FILE *out, const char *const *ids, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(ids[i]) + 1;
    char *buf = malloc(len + 1);
    size_t at = 0;
    for (size_t i = 0; buf && i < n; i++) {
        size_t l = strlen(ids[i]);
        if (i)
            buf[at++] = ';';
        memcpy(buf + at, ids[i], l);
        at += l;
    }
    escape_csv(out, buf ? buf : "", buf ? at : 0);
    free(buf);
}

static void write_csv(FILE *out, const diff_result *d)
{
    fputs("project,change,old_verdict,new_verdict,old_score,new_score,score_change,closed,opened,"
          "still_open,regressed\n",
          out);
    for (size_t i = 0; i < d->project_count; i++) {
        const diff_project_change *ch = &d->projects[i];
        escape_string(out, escape_csv, either(ch)->key);
        fprintf(out, ",%s,%s,%s,", change_name(ch->kind),
                ch->old_project ? ch->old_project->verdict : "",
                ch->new_project ? ch->new_project->verdict : "");
        if (ch->old_project && ch->old_project->scored)
            fprintf(out, "%.1f", ch->old_project->score);
        fputs(",", out);
        if (ch->new_project && ch->new_project->scored)
            fprintf(out, "%.1f", ch->new_project->score);
        fputs(",", out);
        double delta;
        if (score_change(ch, &delta))
            fprintf(out, "%.1f", delta);
        fputs(",", out);
        csv_ids(out, ch->closed, ch->closed_count);
        fputs(",", out);
        csv_ids(out, ch->opened, ch->opened_count);
        fputs(",", out);
        csv_ids(out, ch->still_open, ch->still_open_count);
        fprintf(out, ",%s\n", ch->regressed ? "true" : "false");
    }
}

static void json_side(json_writer *w, const char *name, const diff_report *r)
{
    jw_key(w, name);
    jw_begin_object(w);
    jw_key(w, "file");
    jw_string(w, r->name);
    checklist_provenance_json(w, r->checklist_id, r->checklist_version, NULL);
    jw_end_object(w);
}

static void json_ids(json_writer *w, const char *key, const char *const *ids, size_t n)
{
    jw_key(w, key);
    jw_begin_array(w);
    for (size_t i = 0; i < n; i++)
        jw_string(w, ids[i]);
    jw_end_array(w);
}

static void json_verdict_score(json_writer *w, const char *vkey, const char *skey,
                               const diff_project *p)
{
    jw_key(w, vkey);
    if (p)
        jw_string(w, p->verdict);
    else
        jw_null(w);
    jw_key(w, skey);
    if (p && p->scored)
        jw_score(w, p->score);
    else
        jw_null(w);
}

static void write_json(FILE *out, const diff_result *d)
{
    json_writer w;
    jw_init(&w, out, true, 0);
    jw_begin_object(&w);
    jw_key(&w, "format");
    jw_string(&w, "ddcheck-diff/1");
    json_side(&w, "old", d->old_report);
    json_side(&w, "new", d->new_report);
    jw_key(&w, "checklist_differs");
    jw_bool(&w, d->checklist_differs);
    json_ids(&w, "only_in_old", d->only_old, d->only_old_count);
    json_ids(&w, "only_in_new", d->only_new, d->only_new_count);
    jw_key(&w, "summary");
    jw_begin_object(&w);
    const struct {
        const char *key;
        size_t n;
    } counts[] = {{"projects", d->project_count},
                  {"closed", d->closed},
                  {"opened", d->opened},
                  {"still_open", d->still_open},
                  {"new_projects", d->new_projects},
                  {"removed_projects", d->removed_projects},
                  {"regressed_projects", d->regressed_projects}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        jw_key(&w, counts[i].key);
        jw_number(&w, (double)counts[i].n);
    }
    jw_key(&w, "regressed");
    jw_bool(&w, diff_regressed(d));
    jw_end_object(&w);
    jw_key(&w, "projects");
    jw_begin_array(&w);
    for (size_t i = 0; i < d->project_count; i++) {
        const diff_project_change *ch = &d->projects[i];
        jw_begin_object(&w);
        jw_key(&w, "key");
        jw_string(&w, either(ch)->key);
        jw_key(&w, "change");
        jw_string(&w, change_name(ch->kind));
        json_verdict_score(&w, "old_verdict", "old_score", ch->old_project);
        json_verdict_score(&w, "new_verdict", "new_score", ch->new_project);
        jw_key(&w, "score_change");
        double delta;
        if (score_change(ch, &delta))
            jw_score(&w, delta);
        else
            jw_null(&w);
        json_ids(&w, "closed", ch->closed, ch->closed_count);
        json_ids(&w, "opened", ch->opened, ch->opened_count);
        json_ids(&w, "still_open", ch->still_open, ch->still_open_count);
        jw_key(&w, "regressed");
        jw_bool(&w, ch->regressed);
        jw_end_object(&w);
    }
    jw_end_array(&w);
    jw_end_object(&w);
    fputs("\n", out);
}

static const diff_writer writers[] = {
    {"text", write_text},
    {"markdown", write_markdown},
    {"json", write_json},
    {"csv", write_csv},
};

const diff_writer *diff_writer_find(const char *name)
{
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
        if (strcmp(writers[i].name, name) == 0)
            return &writers[i];
    return NULL;
}
