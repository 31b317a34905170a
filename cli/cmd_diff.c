// `ddcheck diff OLD.json NEW.json`: what changed between two assessments, in text, Markdown, JSON
// or CSV (written by reports/diff_report.c); exit 1 when anything regressed so that CI can gate
// on "no new gaps".
#include "commands.h"

#include "evaluator/diff.h"
#include "cli/output.h"
#include "options.h"
#include "reports/diff_report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cmd_diff(int argc, char **argv)
{
    const char *paths[2];
    size_t path_count = 0;
    const char *out_path = NULL;
    const diff_writer *writer = diff_writer_find("text");
    cli_parser parse;
    cli_parser_init(&parse, CLI_DIFF, argc, argv);
    const char *arg;
    for (int id; (id = cli_parser_next(&parse, &arg)) != CLI_END;) {
        if (id == CLI_STOP) {
            return parse.status;
        } else if (id == OPT_FORMAT) {
            writer = diff_writer_find(arg);
            if (!writer)
                return cli_usage_error("diff: unknown format '%s' (formats: " DIFF_WRITER_NAMES ")",
                                       arg);
        } else if (id == OPT_OUTPUT) {
            out_path = arg;
        } else if (path_count == 2) {
            return cli_usage_error("diff: unexpected argument '%s' (give OLD.json NEW.json)", arg);
        } else {
            paths[path_count++] = arg;
        }
    }
    if (path_count != 2)
        return cli_usage_error("diff: give two JSON reports, OLD.json NEW.json");

    diag_list diags = {0};
    diff_report *old_report = diff_report_load(paths[0], &diags);
    diff_report *new_report = diff_report_load(paths[1], &diags);
    cli_print_diags(&diags);
    diag_list_clear(&diags);
    int status = EXIT_CANNOT_RUN;
    if (old_report && new_report) {
        diff_result *d = diff_compare(old_report, new_report);
        output o;
        if (!output_open(&o, out_path)) {
            fprintf(stderr, "ddcheck: %s: cannot write: %s\n", out_path, strerror(errno));
        } else {
            writer->write(o.fp, d);
            status = diff_regressed(d) ? EXIT_SOME_GAP : EXIT_ALL_PASS;
            if (!output_commit(&o)) {
                fprintf(stderr, "ddcheck: %s: cannot write the diff: %s\n",
                        out_path && strcmp(out_path, "-") ? out_path : "<stdout>",
                        strerror(errno ? errno : EIO));
                status = EXIT_CANNOT_RUN;
            }
        }
        diff_result_free(d);
    }
    diff_report_free(old_report);
    diff_report_free(new_report);
    return status;
}
