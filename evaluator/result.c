// The words of DESIGN.md for outcomes, statuses and verdicts, in one place.
#include "result.h"

const char *outcome_name(outcome o)
{
    static const char *const names[] = {"met",     "unmet",          "no_evidence",
                                        "invalid", "not_applicable", "waived"};
    return names[o];
}

const char *criterion_status_name(criterion_status s)
{
    static const char *const names[] = {"pass", "partial", "gap", "not_applicable"};
    return names[s];
}

const char *verdict_name(verdict v)
{
    static const char *const names[] = {"pass", "gap", "invalid"};
    return names[v];
}
