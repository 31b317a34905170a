// The checklist as Markdown for a due-diligence manual (`ddcheck docs`): pass rule, criteria and
// requirements with their rules in words, then the data dictionary (`ddcheck template -f markdown`
// writes that alone).
#include "checklist_docs.h"

#include "checklist/rule_text.h"
#include "reports/escape.h"

#include <stdlib.h>
#include <string.h>

// A rule in a code span; backticks inside become ' so the span cannot end early.
static void code_rule(FILE *out, const char *label, const cJSON *json)
{
    if (!json)
        return;
    char *text = rule_text(json);
    for (char *c = text; *c; c++)
        if (*c == '`' || *c == '\n' || *c == '\r')
            *c = *c == '`' ? '\'' : ' ';
    fprintf(out, "- %s: `` %s ``\n", label, text);
    free(text);
}

// "**label** basis", a paragraph, when the checklist says why it chose a value.
static void basis(FILE *out, const char *label, const char *text)
{
    if (!text)
        return;
    fprintf(out, "**%s** ", label);
    md_text(out, text);
    fputs("\n\n", out);
}

// The pass rule, with the floors and why each value was chosen where the checklist says.
static void pass_rule(FILE *out, const checklist *cl, bool floors)
{
    fprintf(
        out,
        "**Pass rule.** A project passes when its score reaches %g out of 100%s and no critical "
        "requirement is unmet, without evidence or invalid; otherwise it has a gap. The score "
        "is the weighted mean of the applicable criteria's shares of requirements met. An "
        "empty cell is no evidence, never zero or no.\n\n",
        cl->pass_score,
        floors ? ", every applicable criterion's score (its share of applicable requirements "
                 "met or waived, out of 100) reaches its floor,"
               : "");
    char label[96];
    snprintf(label, sizeof label, "Pass score %g.", cl->pass_score);
    basis(out, label, cl->pass_score_basis);
    if (cl->min_criterion_score > 0 || cl->min_criterion_score_basis) {
        snprintf(label, sizeof label, "Floor of every criterion that sets none, %g.",
                 cl->min_criterion_score);
        if (cl->min_criterion_score_basis)
            basis(out, label, cl->min_criterion_score_basis);
        else
            fprintf(out, "**%s**\n\n", label);
    }
    if (cl->display_count) {
        fputs("**Display.** Reports for people show ", out);
        for (size_t i = 0; i < cl->display_count; i++)
            fprintf(out, "%s`%s`",
                    i == 0                      ? ""
                    : i + 1 < cl->display_count ? ", "
                                                : " and ",
                    cl->fields[cl->display[i]].name);
        fprintf(out, " beside each project's key, `%s`.\n\n", cl->key);
    }
}

// A criterion's floor under its weight: its own with why, or the checklist's.
static void criterion_floor(FILE *out, const checklist_criterion *cr)
{
    if (!cr->own_min_score && cr->min_score == 0)
        return;
    fprintf(out, "Floor %g%s.\n", cr->min_score,
            cr->own_min_score ? "" : " (the checklist's, for every criterion that sets none)");
    if (cr->min_score_basis) {
        fputs("\n*Why this floor:* ", out);
        md_text(out, cr->min_score_basis);
        fputc('\n', out);
    }
}

static void print_number(FILE *out, double v)
{
    fprintf(out, "%.15g", v);
}

void checklist_dictionary_write(FILE *out, const checklist *cl)
{
    fputs("| Column | Label | Type | Allowed values | Unit | Range | Required | Read by | Help |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
          out);
    for (size_t s = 0; s < cl->field_count; s++) {
        const checklist_field *f = &cl->fields[s];
        fputs("| `", out);
        fputs(f->name, out); // field names are identifiers; a backtick would end the code span
        fputs("` | ", out);
        md_text(out, f->label);
        fprintf(out, " | %s | ", field_type_name(f->type));
        for (size_t v = 0; v < f->value_count; v++) {
            fputs(v ? ", `" : "`", out);
            fputs(f->values[v], out);
            fputs("`", out);
        }
        if (f->type == FIELD_BOOLEAN)
            fputs("yes, no", out);
        fputs(" | ", out);
        if (f->unit)
            md_text(out, f->unit);
        else if (f->type == FIELD_PERCENT)
            fputs("%", out);
        fputs(" | ", out);
        if (f->has_min || f->has_max || f->type == FIELD_PERCENT) {
            double lo = f->has_min ? f->min : 0, hi = f->has_max ? f->max : 100;
            if (f->has_min || f->type == FIELD_PERCENT)
                print_number(out, lo);
            fputs("–", out);
            if (f->has_max || f->type == FIELD_PERCENT)
                print_number(out, hi);
        }
        fprintf(out, " | %s | ", s == cl->key_field ? "key" : f->required ? "yes" : "");
        bool any = false;
        for (size_t r = 0; r < cl->requirement_count; r++) {
            const checklist_requirement *req = &cl->requirements[r];
            for (size_t k = 0; k < req->field_count; k++) {
                if (req->fields[k] != s)
                    continue;
                fputs(any ? ", " : "", out);
                md_text(out, req->id);
                any = true;
            }
        }
        fputs(" | ", out);
        if (f->help)
            md_text(out, f->help);
        fputs(" |\n", out);
    }
}

void checklist_dictionary_page_write(FILE *out, const checklist *cl)
{
    fputs("# Data dictionary: ", out);
    md_text(out, cl->title);
    fprintf(out,
            "\n\nChecklist `%s` %s. One CSV row per %s; the first row holds the column "
            "names. An empty cell is no evidence, never zero or no.\n\n",
            cl->id, cl->version, cl->key);
    checklist_dictionary_write(out, cl);
}

void checklist_docs_write(FILE *out, const checklist *cl, const char *command_spec)
{
    rule_source *rules = rule_source_new(cl);
    double total = 0;
    size_t critical = 0;
    for (size_t c = 0; c < cl->criterion_count; c++)
        total += cl->criteria[c].weight;
    for (size_t r = 0; r < cl->requirement_count; r++)
        critical += cl->requirements[r].critical;

    fputs("# ", out);
    md_text(out, cl->title);
    // The command as it can be run again: the file given, or the built-in id.
    fprintf(out, "\n\n<!-- Generated by `ddcheck docs -c %s`; do not edit by hand. -->\n\n",
            command_spec ? command_spec : cl->id);
    fprintf(out, "Checklist `%s`, version %s: %zu criteria, %zu requirements (%zu critical).\n\n",
            cl->id, cl->version, cl->criterion_count, cl->requirement_count, critical);
    if (cl->source) {
        fputs("**Source.** ", out);
        md_text(out, cl->source);
        fputs("\n\n", out);
    }
    bool floors = checklist_has_floors(cl);
    pass_rule(out, cl, floors);
    fputs("## Criteria\n"
          "\n",
          out);
    if (floors)
        fputs("| Criterion | Title | Weight | Floor | Requirements |\n"
              "| --- | --- | --- | --- | --- |"
              "\n",
              out);
    else
        fputs("| Criterion | Title | Weight | Requirements |\n| --- | --- | --- | --- |"
              "\n",
              out);
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        fputs("| ", out);
        md_text(out, cr->id);
        fputs(" | ", out);
        md_text(out, cr->title);
        fprintf(out, " | %g (%.0f%%) |", cr->weight, total > 0 ? 100 * cr->weight / total : 0);
        if (floors)
            fprintf(out, " %g |", cr->min_score);
        fprintf(out, " %zu |\n", cr->count);
    }
    for (size_t c = 0; c < cl->criterion_count; c++) {
        const checklist_criterion *cr = &cl->criteria[c];
        fputs("\n## ", out);
        md_text(out, cr->id);
        fputs(" ", out);
        md_text(out, cr->title);
        fprintf(out, "\n\nWeight %g.\n", cr->weight);
        criterion_floor(out, cr);
        if (cr->source_text) {
            fputs("\n> ", out);
            md_text(out, cr->source_text);
            fputc('\n', out);
        }
        for (size_t i = cr->first; i < cr->first + cr->count; i++) {
            const checklist_requirement *req = &cl->requirements[i];
            fputs("\n### ", out);
            md_text(out, req->id);
            fprintf(out, "%s\n\n", req->critical ? " (critical)" : "");
            md_text(out, req->text);
            fputs("\n\n", out);
            code_rule(out, "Applies if", rule_source_rule(rules, i, true));
            code_rule(out, "Rule", rule_source_rule(rules, i, false));
            if (req->action) {
                fputs("- When unmet, the corrective action: ", out);
                md_text(out, req->action);
                fputc('\n', out);
            }
            if (req->gap) {
                fputs(req->action ? "- When without evidence or invalid, ask for: "
                                  : "- When not met, ask for: ",
                      out);
                md_text(out, req->gap);
                fputc('\n', out);
            }
            if (!req->waivable)
                fputs("- Cannot be waived."
                      "\n",
                      out);
            if (req->ref_count) {
                fputs("- References: ", out);
                for (size_t k = 0; k < req->ref_count; k++) {
                    fputs(k ? "; " : "", out);
                    md_text(out, req->refs[k]);
                }
                fputc('\n', out);
            }
        }
    }
    fputs("\n## Data dictionary\n"
          "\n",
          out);
    fprintf(out,
            "One CSV row per project; the first row holds the column names below. The key is "
            "`%s`.\n\n",
            cl->key);
    checklist_dictionary_write(out, cl);
    rule_source_free(rules);
}
