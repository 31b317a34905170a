#!/usr/bin/env python3
"""Seeded generator of synthetic submissions for the built-in checklist group3-investor.

    bench/gen.py ROWS [--seed N] [--extra-cols K] > rows.csv
    bench/gen.py --checklist FACTOR < group3-investor.json > big.json

Rows: a realistic mix of strong, mixed and weak projects (so every outcome and both verdicts
occur), every boolean spelling the typing accepts, numbers written as integers, short decimals and
percentages with '%', lists with spaces around ';', enums in any case, names with commas (quoted),
notes with quotes and embedded newlines, empty cells (about a third of the rows have some), and a
few cells that do not fit their type. --extra-cols appends K columns the checklist does not
declare (the column-growth runs). The same seed always gives the same bytes.

--checklist FACTOR clones every requirement FACTOR times (new ids: G3.1.a, G3.1.a~2, ...) into the
same criteria: the requirement-growth runs. The checklist's own tests are dropped.
"""
import json
import random
import sys

COLUMNS = [
    "project_id", "project_name", "country", "sector", "commodity", "stage", "sep_exists",
    "dialogue_budget_usd", "sep_cost_usd", "grm_exists", "grm_no_cost_no_retribution",
    "grm_handles_gbvh", "grievances_reported_by_sex", "negotiation_instrument",
    "community_independent_advice_funded", "women_share_community_negotiators_pct",
    "gia_completed", "gia_baseline_sex_disaggregated", "gia_identity_factors", "gia_intersections",
    "gender_action_plan_in_esmp", "gender_plan_phases", "gbvh_risk_assessed",
    "indigenous_peoples_affected", "consultation_sex_disaggregated",
    "women_share_consultation_pct", "consultation_groups", "women_only_sessions_held",
    "fpic_trigger", "icp_documented", "fpic_agreement_documented",
    "land_use_assessment_gender_inclusive", "women_in_fpic_process", "most_affected_groups",
    "benefit_target_groups", "benefit_channels", "women_benefit_channels",
    "benefits_reported_sex_disaggregated", "women_share_benefit_value_pct",
    "women_share_affected_population_pct", "accountable_executive_named", "gender_specialist_fte",
    "external_gender_expertise_engaged", "gender_action_plan_cost_usd", "gender_budget_usd",
    "female_community_liaison_officer", "notes",
]

BOOLEANS = {
    "sep_exists", "grm_exists", "grm_no_cost_no_retribution", "grm_handles_gbvh",
    "grievances_reported_by_sex", "community_independent_advice_funded", "gia_completed",
    "gia_baseline_sex_disaggregated", "gender_action_plan_in_esmp", "gbvh_risk_assessed",
    "consultation_sex_disaggregated", "women_only_sessions_held", "icp_documented",
    "fpic_agreement_documented", "land_use_assessment_gender_inclusive", "women_in_fpic_process",
    "benefits_reported_sex_disaggregated", "accountable_executive_named",
    "external_gender_expertise_engaged", "female_community_liaison_officer",
}
TRUE_WORDS = ["true", "yes", "Yes", "TRUE", "y", "1", "Y"]
FALSE_WORDS = ["false", "no", "No", "FALSE", "n", "0", "N"]

COUNTRIES = ["Peru", "Ghana", "Chile", "Mongolia", "Canada", "Indonesia", "Zambia", "Guyana",
             "Papua New Guinea", "Mozambique", "Kazakhstan", "Bolivia", "Colombia", "Mexico"]
COMMODITIES = ["copper", "gold", "lithium", "nickel", "oil", "gas", "iron ore", "cobalt", "coal"]
NAME_WORDS = ["Cerro", "Ridge", "Valley", "North", "South", "Lake", "River", "Quillay", "Ankobra",
              "Tanami", "Basin", "Pampa", "Highlands", "Delta", "Bay", "Star", "Eagle", "Crest"]
STAGES = ["exploration", "feasibility", "construction", "operation", "closure"]
INSTRUMENTS = ["cda", "iba", "mou", "other", "none"]
IDENTITY = ["gender", "sex", "age", "ethnicity", "indigeneity", "disability", "income",
            "education", "literacy", "language", "religion", "migration_status", "geography", "other"]
INTERSECTIONS = ["indigenous_women", "young_women", "older_women", "women_with_disabilities",
                 "female_headed_households", "migrant_women", "low_income_women", "other"]
TRIGGERS = ["lands_resources", "relocation", "critical_cultural_heritage",
            "commercial_cultural_heritage", "none"]
PHASES = ["planning", "design", "implementation", "monitoring"]
GROUPS = ["women", "men", "youth", "elders", "indigenous_peoples", "people_with_disabilities",
          "displaced_persons", "female_headed_households", "land_users", "artisanal_miners",
          "pastoralists", "fishers", "migrant_workers"]
CHANNELS = ["revenue_share", "cda_fund", "community_investment", "compensation", "scholarships",
            "local_jobs", "local_procurement", "training", "infrastructure"]
NOTES = [
    "Consultations held through chiefs only",
    "FPIC agreement signed 2024-03-18, witnessed by an independent observer",
    "Budget approved by the board; see annex 4",
    "Site visit pending",
    "Women's committee formed in 2023; meets monthly",
    "Grievance office is 80 km from the affected villages",
]
INVALID = {"number": ["n/a", "250,000", "about 5000", "1.2.3"],
           "percent": ["forty", "140", "n/a"], "bool": ["maybe", "unknown", "tbd"],
           "list": ["everyone", "women;children"]}

PROFILES = [(0.35, 0.95), (0.45, 0.7), (0.20, 0.3)]  # (share of rows, chance a good thing holds)


def pick_profile(r):
    x = r.random()
    for share, p in PROFILES:
        if x < share:
            return p
        x -= share
    return PROFILES[-1][1]


def boolean(r, p):
    return r.choice(TRUE_WORDS) if r.random() < p else r.choice(FALSE_WORDS)


def number(r, p, lo, hi, decimals=False):
    if r.random() >= p:
        return "0"
    v = r.uniform(lo, hi)
    if decimals and r.random() < 0.5:
        return "%.1f" % v
    return str(int(v))


def percent(r, p, good, bad):
    v = r.uniform(good, 70) if r.random() < p else r.uniform(bad, good - 0.5)
    s = "%.1f" % v if r.random() < 0.3 else str(int(round(v)))
    form = r.random()
    if form < 0.2:
        return s + "%"
    if form < 0.3:
        return s + " %"
    return s


def lst(r, items, p, must=()):
    chosen = [x for x in items if r.random() < (p if x in must else p * 0.4)]
    if not chosen:
        chosen = [r.choice(items)]
    sep = " ; " if r.random() < 0.1 else ";"
    return sep.join(chosen)


def quote(s):
    if any(c in s for c in ',"\n\r') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def consistent(r, v, indigenous):
    most = [x.strip() for x in v["most_affected_groups"].split(";")]
    v["consultation_groups"] = ";".join(dict.fromkeys(["women", "men", "youth", "elders"] + most))
    v["benefit_target_groups"] = ";".join(most)
    v["benefit_channels"] = "local_jobs;training;cda_fund"
    v["women_benefit_channels"] = r.choice(["local_jobs", "local_jobs;training", "training;cda_fund"])
    v["gia_identity_factors"] = "gender;age;ethnicity;indigeneity;" + r.choice(["income", "disability"])
    v["gia_intersections"] = "indigenous_women;" + r.choice(["young_women", "migrant_women"])
    v["negotiation_instrument"] = r.choice(["cda", "iba", "mou"])
    v["fpic_trigger"] = r.choice(["lands_resources", "none"]) if indigenous else ""
    v["women_share_benefit_value_pct"] = str(r.randint(40, 55))
    v["women_share_affected_population_pct"] = str(r.randint(45, 50))
    v["sep_cost_usd"] = str(r.randint(5000, 400000))
    v["dialogue_budget_usd"] = str(int(v["sep_cost_usd"]) + r.randint(0, 100000))
    v["gender_action_plan_cost_usd"] = str(r.randint(10000, 300000))
    v["gender_budget_usd"] = str(int(v["gender_action_plan_cost_usd"]) + r.randint(0, 50000))


def row(r, i, extra):
    p = pick_profile(r)
    incomplete = r.random() < 0.35
    cc = r.choice(["PE", "GH", "CL", "MN", "CA", "ID", "ZM", "GY", "PG", "MZ", "KZ", "BO"])
    name = " ".join(r.choice(NAME_WORDS) for _ in range(r.randint(2, 3))) + " Project"
    if r.random() < 0.3:
        name += ", Phase %d" % r.randint(2, 4)
    indigenous = r.random() < 0.4
    v = {
        "project_id": "%s-%07d" % (cc, i),
        "project_name": name,
        "country": r.choice(COUNTRIES),
        "sector": r.choice(["mining", "oil_gas", "Mining", "OIL_GAS"]),
        "commodity": r.choice(COMMODITIES),
        "stage": r.choice(STAGES),
        "dialogue_budget_usd": number(r, p, 5000, 2000000),
        "sep_cost_usd": number(r, 1.0, 5000, 1500000),
        "negotiation_instrument": r.choice(INSTRUMENTS),
        "women_share_community_negotiators_pct": percent(r, p, 30, 0),
        "gia_identity_factors": lst(r, IDENTITY, p, ("gender", "age", "ethnicity", "disability")),
        "gia_intersections": lst(r, INTERSECTIONS, p, ("indigenous_women", "female_headed_households")),
        "fpic_trigger": lst(r, TRIGGERS, p, ("lands_resources",)),
        "gender_plan_phases": lst(r, PHASES, p, PHASES),
        "women_share_consultation_pct": percent(r, p, 40, 5),
        "consultation_groups": lst(r, GROUPS, p, ("women", "men", "youth", "elders")),
        "most_affected_groups": lst(r, GROUPS, p, ("women", "indigenous_peoples")),
        "benefit_target_groups": lst(r, GROUPS, p, ("women", "indigenous_peoples")),
        "benefit_channels": lst(r, CHANNELS, p, ("local_jobs", "cda_fund")),
        "women_benefit_channels": lst(r, CHANNELS, p, ("local_jobs",)),
        "women_share_benefit_value_pct": percent(r, p, 40, 0),
        "women_share_affected_population_pct": percent(r, 1.0, 45, 40),
        "gender_specialist_fte": number(r, p, 0.5, 4, decimals=True),
        "gender_action_plan_cost_usd": number(r, 1.0, 10000, 800000),
        "gender_budget_usd": number(r, p, 10000, 900000),
        "notes": "",
    }
    for f in sorted(BOOLEANS):
        v[f] = boolean(r, p)
    v["indigenous_peoples_affected"] = boolean(r, 1.0 if indigenous else 0.0)
    if r.random() < p * p:  # a consistent project: its lists agree with each other, as rules check
        consistent(r, v, indigenous)
    n = r.random()
    if n < 0.25:
        v["notes"] = r.choice(NOTES) + '; the proponent says "in progress"\n' + r.choice(NOTES)
    elif n < 0.6:
        v["notes"] = r.choice(NOTES)
    if incomplete:
        for f in COLUMNS[1:]:
            if r.random() < 0.12:
                v[f] = ""
    if r.random() < 0.01:  # a cell that does not fit its type
        f, kind = r.choice([("dialogue_budget_usd", "number"), ("gender_budget_usd", "number"),
                            ("women_share_consultation_pct", "percent"),
                            ("grm_exists", "bool"), ("consultation_groups", "list")])
        v[f] = r.choice(INVALID[kind])
    cells = [quote(v[c]) for c in COLUMNS]
    for k in range(extra):
        cells.append(r.choice(["x", "alpha", "1234", "", "some text"]))
    return ",".join(cells)


def gen_rows(rows, seed, extra):
    r = random.Random(seed)
    out = sys.stdout
    header = COLUMNS + ["extra_%d" % (k + 1) for k in range(extra)]
    out.write(",".join(header) + "\n")
    buf = []
    for i in range(1, rows + 1):
        buf.append(row(r, i, extra))
        if len(buf) == 4096:
            out.write("\n".join(buf) + "\n")
            buf = []
    if buf:
        out.write("\n".join(buf) + "\n")


def gen_checklist(factor):
    cl = json.load(sys.stdin)
    cl["id"] = "%s-x%d" % (cl["id"], factor)
    cl.pop("tests", None)
    for cr in cl["criteria"]:
        reqs = []
        for k in range(factor):
            for req in cr["requirements"]:
                clone = dict(req)
                if k:
                    clone["id"] = "%s~%d" % (req["id"], k + 1)
                reqs.append(clone)
        cr["requirements"] = reqs
    json.dump(cl, sys.stdout, indent=1)
    sys.stdout.write("\n")


def main(argv):
    seed, extra, rows, factor = 7, 0, None, None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--seed":
            seed = int(argv[i + 1]); i += 2
        elif a == "--extra-cols":
            extra = int(argv[i + 1]); i += 2
        elif a == "--checklist":
            factor = int(argv[i + 1]); i += 2
        else:
            rows = int(a); i += 1
    if factor:
        gen_checklist(factor)
    elif rows is not None:
        gen_rows(rows, seed, extra)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
