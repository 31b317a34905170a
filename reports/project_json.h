/* The ddcheck-report/1 project object, shared by the json and jsonl formats. */
#ifndef DDCHECK_PROJECT_JSON_H
#define DDCHECK_PROJECT_JSON_H

#include "evaluator/result.h"
#include "reports/json_writer.h"

#define REPORT_FORMAT_ID "ddcheck-report/1"

/** Writes one project as DESIGN.md's project object. */
void project_json_write(json_writer *w, const project_result *p);

#endif
