/* The ddcheck-report/1 project object, shared by the json and jsonl formats. */
#ifndef DDCHECK_PROJECT_JSON_H
#define DDCHECK_PROJECT_JSON_H

#include "evaluator/result.h"
#include "reports/json_writer.h"

#define REPORT_FORMAT_ID "ddcheck-report/1"

/** Writes one project as DESIGN.md's project object. */
void project_json_write(json_writer *w, const project_result *p);

/** The checklist's provenance as the member "checklist": {"id", "version", "sha256"}, the one
 *  block the json, sarif and diff writers share; sha256 NULL leaves that member out (a diff
 *  knows only the id and version that each assessment names). */
void checklist_provenance_json(json_writer *w, const char *id, const char *version,
                               const char *sha256);

#endif
