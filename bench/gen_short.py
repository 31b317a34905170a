#!/usr/bin/env python3
"""Seeded generator of the benchmark's second shape: a generated checklist over short rows.

    bench/gen_short.py ROWS [--seed N] [--extra-cols K] > rows.csv
    bench/gen_short.py --checklist > short.json

Short rows (about 85 bytes, 13 columns) and rules unlike group3-investor's, in the forms of
issue 16: a `>=` over a `/` of two fields, a field `in` a constant array as `applies_if`, a count
by `reduce` over a list field without declared values, a date compared with a string, an `and`
of two list tests (one over a list without declared values, one over a list with them), a
boolean, a number against a constant, a percentage: ten rule evaluations a row (eight rules, two
applies_if). About 10 % of the rows have an empty cell a rule reads and 1 % a cell that does not
fit its type. --extra-cols appends K undeclared columns. The same seed always gives the same bytes.
"""
import json
import random
import sys

COLUMNS = ["id", "region", "start", "budget", "staff", "women", "consulted", "women_consulted",
           "groups", "measures", "grm", "stage", "share"]
REGIONS = ["north", "south", "east", "west", "coast", "islands"]
GROUPS = ["women", "youth", "elders", "ip", "pwd", "migrants"]
MEASURES = ["quota", "childcare", "training", "mentoring"]
STAGES = ["design", "construction", "operation"]


def checklist():
    def req(rid, text, rule, applies=None):
        r = {"id": rid, "text": text, "rule": rule, "gap": "Ask for evidence: " + text}
        if applies:
            r["applies_if"] = applies
        return r

    var = lambda name: {"var": name}
    return {
        "format": "ddcheck-checklist/1",
        "id": "bench-short",
        "title": "Benchmark: short rows, cross-field rules",
        "version": "1.0.0",
        "source": "bench/gen_short.py",
        "key": "id",
        "pass_score": 60,
        "fields": {
            "id": {"type": "text", "required": True},
            "region": {"type": "text"},
            "start": {"type": "date"},
            "budget": {"type": "number", "min": 0},
            "staff": {"type": "integer", "min": 0},
            "women": {"type": "integer", "min": 0},
            "consulted": {"type": "integer", "min": 0},
            "women_consulted": {"type": "integer", "min": 0},
            "groups": {"type": "list"},
            "measures": {"type": "list", "values": MEASURES},
            "grm": {"type": "boolean"},
            "stage": {"type": "enum", "values": STAGES},
            "share": {"type": "percent"},
        },
        "criteria": [
            {"id": "S1", "title": "Staffing", "weight": 30, "requirements": [
                req("S1.a", "women are at least 30 % of the staff",
                    {">=": [{"/": [var("women"), var("staff")]}, 0.3]}),
                req("S1.b", "a budget is allocated", {">": [var("budget"), 50000]}),
            ]},
            {"id": "S2", "title": "Consultation", "weight": 40, "requirements": [
                req("S2.a", "women are at least 40 % of those consulted",
                    {">=": [{"/": [var("women_consulted"), var("consulted")]}, 0.4]},
                    {"in": [var("region"), ["north", "coast", "islands"]]}),
                req("S2.b", "at least three groups were consulted",
                    {">=": [{"reduce": [var("groups"), {"+": [var("accumulator"), 1]}, 0]}, 3]}),
                req("S2.c", "women were consulted, with a measure for their participation",
                    {"and": [{"in": ["women", var("groups")]},
                             {"some": [var("measures"),
                                       {"in": [var(""), ["quota", "childcare"]]}]}]}),
            ]},
            {"id": "S3", "title": "Process", "weight": 30, "requirements": [
                req("S3.a", "work starts by mid-2026", {"<=": [var("start"), "2026-06-30"]}),
                req("S3.b", "a grievance mechanism exists", {"==": [var("grm"), True]}),
                req("S3.c", "women hold at least 40 % of the benefits",
                    {">=": [var("share"), 40]},
                    {"in": [var("stage"), ["construction", "operation"]]}),
            ]},
        ],
    }


def row(rnd, i):
    staff = rnd.randint(5, 60)
    consulted = rnd.randint(20, 400)
    cells = [
        "S%06d" % i,
        rnd.choice(REGIONS),
        "20%02d-%02d-%02d" % (rnd.randint(24, 27), rnd.randint(1, 12), rnd.randint(1, 28)),
        str(rnd.choice([0, 20000, 60000, 125000, 300000]) + rnd.randint(0, 999)),
        str(staff),
        str(rnd.randint(0, staff)),
        str(consulted),
        str(rnd.randint(0, consulted)),
        ";".join(rnd.sample(GROUPS, rnd.randint(1, 4))),
        ";".join(rnd.sample(MEASURES, rnd.randint(1, 2))),
        rnd.choice(["yes", "no", "Yes", "y"]),
        rnd.choice(STAGES),
        "%d%%" % rnd.randint(10, 70),
    ]
    r = rnd.random()
    if r < 0.10:
        cells[rnd.randint(2, 12)] = ""
    elif r < 0.11:
        bad = rnd.randint(2, 12)
        cells[bad] = {2: "2025-02-30", 11: "closure", 12: "140%"}.get(bad, "n/a")
    return cells


def main():
    args = sys.argv[1:]
    if args == ["--checklist"]:
        json.dump(checklist(), sys.stdout, indent=1)
        sys.stdout.write("\n")
        return
    rows = int(args[0])
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 7
    extra = int(args[args.index("--extra-cols") + 1]) if "--extra-cols" in args else 0
    rnd = random.Random(seed)
    out = sys.stdout
    header = COLUMNS + ["extra_%d" % k for k in range(extra)]
    out.write(",".join(header) + "\n")
    for i in range(rows):
        cells = row(rnd, i)
        if extra:
            cells += ["x%d" % (k % 10) for k in range(extra)]
        out.write(",".join(cells) + "\n")


if __name__ == "__main__":
    main()
