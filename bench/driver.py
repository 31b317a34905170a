#!/usr/bin/env python3
"""The measuring half of bench/run.sh (which builds first): timings, agreement, callgrind, RSS,
growth. Wall times alternate between programs round by round, so that load from other processes
hits all of them alike; medians are reported, and ratios are of medians from the same run."""
import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

from callgrind_cost import callgrind as callgrind_run, per_call

P = argparse.ArgumentParser()
P.add_argument("--root", required=True)
P.add_argument("--build", required=True)
P.add_argument("--node-path", required=True)
P.add_argument("--quick", action="store_true")
P.add_argument("--rounds", type=int)
P.add_argument("--shape", choices=["long", "short"], default="long",
               help="long: bench/gen.py rows for the built-in checklist (the first shape); "
                    "short: bench/gen_short.py's short rows and generated checklist")
P.add_argument("rows", nargs="?", type=int)
A = P.parse_args()

QUICK = A.quick
ROWS = A.rows or (100_000 if QUICK else 1_000_000)
ROUNDS = A.rounds or (5 if QUICK else 3)
BENCH = os.path.join(A.build, "bench")
DATA = os.path.join(BENCH, "data")
OUT = os.path.join(BENCH, "out")
DDCHECK = os.path.join(A.build, "ddcheck")
FLOOR = os.path.join(BENCH, "floor")
SHAPE = A.shape
CLONE = os.path.join(A.root, "bench", "gen.py")  # --checklist FACTOR clones any checklist
GEN = CLONE if SHAPE == "long" else os.path.join(A.root, "bench", "gen_short.py")
JS = os.path.join(A.root, "bench", "jsonlogic.js")
OUT = os.path.join(OUT, SHAPE)
os.makedirs(DATA, exist_ok=True)
os.makedirs(OUT, exist_ok=True)
if SHAPE == "long":
    CHECKLIST = os.path.join(A.root, "checklist", "group3-investor.json")
else:
    CHECKLIST = os.path.join(DATA, "short-checklist.json")
    with open(CHECKLIST + ".tmp", "wb") as f:
        subprocess.run([sys.executable, GEN, "--checklist"], stdout=f, check=True)
    os.replace(CHECKLIST + ".tmp", CHECKLIST)
with open(CHECKLIST) as f:
    _cl = json.load(f)
N_REQUIREMENTS = sum(len(c["requirements"]) for c in _cl["criteria"])
N_COLUMNS = len(_cl["fields"])  # both generators write one column per field
ENV = dict(os.environ, NODE_PATH=A.node_path)


def say(*a):
    print(*a, flush=True)


def data(rows, extra=0):
    prefix = "rows" if SHAPE == "long" else "short"
    path = os.path.join(DATA, "%s-%d-seed7-extra%d.csv" % (prefix, rows, extra))
    if not os.path.exists(path):
        say("   (generating %s)" % os.path.basename(path))
        with open(path + ".tmp", "wb") as f:
            subprocess.run([sys.executable, GEN, str(rows), "--seed", "7", "--extra-cols",
                            str(extra)], stdout=f, check=True)
        os.replace(path + ".tmp", path)
    return path


def checklist(factor):
    if factor == 1:
        return CHECKLIST
    path = os.path.join(DATA, "%s-checklist-x%d.json" % (SHAPE, factor))
    if not os.path.exists(path):
        with open(CHECKLIST, "rb") as i, open(path, "wb") as o:
            subprocess.run([sys.executable, CLONE, "--checklist", str(factor)], stdin=i, stdout=o,
                           check=True)
    return path


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
RSS_FILE = os.path.join(OUT, "rss.txt")


def run(cmd, ok=(0,)):
    """Runs cmd; returns (wall seconds, peak RSS KiB). The RSS comes from GNU time (%M): the
    rusage of a child forked from this Python process would count Python's own pages (the
    high-water mark survives exec), so it is used only when /usr/bin/time is missing."""
    full = [TIME, "-f", "%M", "-o", RSS_FILE] + cmd if TIME else cmd
    # Each timed run starts with no file data waiting to be written: otherwise the kernel writes
    # back an earlier run's output (the jsonl run's 0.7-7 GB, json-logic-js's report) at random
    # moments of later runs, and its CPU competes with whichever run is then using both cores.
    os.sync()
    t = time.perf_counter()
    p = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit("bench: %s exited %d" % (" ".join(cmd), code))
    if TIME:
        with open(RSS_FILE) as f:
            return wall, int(f.read().split()[-1])
    return wall, ru.ru_maxrss


def ddcheck(fmt, csv_path, out, cl=CHECKLIST, threads=None):
    t = ["--threads", str(threads)] if threads else []
    return [DDCHECK, "-c", cl, "-f", fmt, "-o", out] + t + [csv_path]


DD_OK = (0, 1)
MiB = 1024.0


def median_wall(cmd, n, ok=DD_OK):
    return statistics.median(run(cmd, ok)[0] for _ in range(n))


# ---------------------------------------------------------------------------------------------
rows_csv = data(ROWS)
size = os.path.getsize(rows_csv)
say("ddcheck benchmark, %s shape: %d rows, %.0f MB (%.0f bytes/row), %d columns, %d requirements, "
    "%d rounds" % (SHAPE, ROWS, size / 1e6, size / ROWS, N_COLUMNS, N_REQUIREMENTS, ROUNDS))
say("machine: %s, %d cores; %s" % (
    subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                   capture_output=True, text=True).stdout.strip(), os.cpu_count(),
    subprocess.run(["uname", "-sr"], capture_output=True, text=True).stdout.strip()))

programs = [
    ("floor", "libcsv parse-only", [FLOOR, rows_csv], (0,)),
    ("summary1", "ddcheck -f summary -o --threads 1",
     ddcheck("summary", rows_csv, os.path.join(OUT, "summary1.csv"), threads=1), DD_OK),
    ("summary", "ddcheck -f summary -o --threads 2",
     ddcheck("summary", rows_csv, os.path.join(OUT, "summary.csv"), threads=2), DD_OK),
    ("jsonl", "ddcheck -f jsonl -o", ddcheck("jsonl", rows_csv, os.path.join(OUT, "out.jsonl")), DD_OK),
    ("js", "node csv-parse + json-logic-js", ["node", JS, CHECKLIST, rows_csv,
                                              os.path.join(OUT, "js.csv"),
                                              os.path.join(OUT, "complete.txt")], (0,)),
]
walls = {name: [] for name, *_ in programs}
rss = {name: [] for name, *_ in programs}
say("\n== wall time, %d rounds alternating" % ROUNDS)
for r in range(ROUNDS):
    line = []
    for name, _, cmd, ok in programs:
        w, m = run(cmd, ok)
        walls[name].append(w)
        rss[name].append(m)
        line.append("%s %.2fs" % (name, w))
    say("   round %d: %s" % (r + 1, ", ".join(line)))
med = {k: statistics.median(v) for k, v in walls.items()}
say("\n| program | median wall | min | ÷ floor | peak RSS |")
say("| --- | ---: | ---: | ---: | ---: |")
for name, label, _, _ in programs:
    say("| %s | %.2f s | %.2f s | %.2f | %.1f MiB |" % (label, med[name], min(walls[name]),
                                                     med[name] / med["floor"],
                                                     max(rss[name]) / MiB))
def round_ratios(a, b):
    """The median of round-by-round ratios a/b (each round ran both, one after the other)."""
    return statistics.median(x / y for x, y in zip(walls[a], walls[b]))


say("medians of the %d rounds' ratios: summary --threads 1 ÷ floor %.2f, --threads 2 ÷ floor "
    "%.2f, json-logic-js ÷ summary --threads 2 %.1f, ÷ --threads 1 %.1f"
    % (ROUNDS, round_ratios("summary1", "floor"), round_ratios("summary", "floor"),
       round_ratios("js", "summary"), round_ratios("js", "summary1")))
# Issue 16's targets, per shape: (one thread, two threads) ÷ floor.
TARGET = {"long": (1.0, 0.6), "short": (2.0, 1.2)}[SHAPE]
say("\nratios: summary --threads 1 ÷ floor = %.2f (target ≤ %.1f); summary --threads 2 ÷ floor "
    "= %.2f (target ≤ %.1f); jsonl ÷ floor = %.2f; json-logic-js ÷ summary = %.1f (target ≥ 30; "
    "÷ --threads 1: %.1f); json-logic-js ÷ jsonl = %.1f"
    % (med["summary1"] / med["floor"], TARGET[0], med["summary"] / med["floor"], TARGET[1],
       med["jsonl"] / med["floor"],
       med["js"] / med["summary"], med["js"] / med["summary1"], med["js"] / med["jsonl"]))

# ---------------------------------------------------------------------------------------------
say("\n== agreement: ddcheck -f summary vs json-logic-js")


def load(path):
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        return {row[0]: row for row in rows}


dd, js = load(os.path.join(OUT, "summary.csv")), load(os.path.join(OUT, "js.csv"))
with open(os.path.join(OUT, "complete.txt")) as f:
    complete = [k.rstrip("\n") for k in f]
bad = [k for k in complete if dd.get(k) != js.get(k)]
differ = sum(1 for k in dd if dd[k] != js.get(k))
say("   rows: ddcheck %d, json-logic-js %d; every rule-read field present and valid: %d rows, "
    "disagreements there: %d" % (len(dd), len(js), len(complete), len(bad)))
say("   (rows with an empty or invalid cell a rule reads, where absent-is-unknown differs from "
    "plain JSON Logic by design: %d of %d differ)" % (differ, len(dd) - len(complete)))
for k in bad[:5]:
    say("   DISAGREE ddcheck %s\n            js      %s" % (dd.get(k), js.get(k)))
failed = bool(bad) or len(dd) != ROWS or len(js) != ROWS

# ---------------------------------------------------------------------------------------------
CG_ROWS = 20_000 if QUICK else 100_000
cg_csv = data(CG_ROWS)
say("\n== callgrind, %d rows (instructions per row, all of the process)" % CG_ROWS)


def callgrind(cmd, keep=None):
    return callgrind_run(cmd, keep or os.path.join(OUT, "callgrind.out"))


if shutil.which("valgrind"):
    # jsonl writes about 5 KB per row here: a tenth of the rows (per row figures compared with
    # the floor on the same tenth) keeps callgrind's 50x slowdown within the budget.
    small = data(CG_ROWS // 10)
    kept = os.path.join(OUT, "callgrind.summary.out")
    ir = {
        "floor": callgrind([FLOOR, cg_csv]) / CG_ROWS,
        "summary": callgrind(ddcheck("summary", cg_csv, os.path.join(OUT, "cg.csv"), threads=1),
                             kept) / CG_ROWS,
        "summary2": callgrind(ddcheck("summary", cg_csv, os.path.join(OUT, "cg.csv"), threads=2))
        / CG_ROWS,
        "floor_small": callgrind([FLOOR, small]) / (CG_ROWS // 10),
        "jsonl": callgrind(ddcheck("jsonl", small, os.path.join(OUT, "cg.jsonl"))) / (CG_ROWS // 10),
    }
    # The 12,000 is for its 242-byte, 25-column rows, where the floor is about 9,700:
    # 1.24x the floor. These rows are wider (the floor about 17,500), so the ratio is compared.
    say("   floor %.0f, summary --threads 1 %.0f (%.2f× floor; the issue's 12,000 on its rows is "
        "1.24× its floor), --threads 2 %.0f "
        "(both threads); on %d rows: floor %.0f, jsonl %.0f (%.2f× floor)"
        % (ir["floor"], ir["summary"], ir["summary"] / ir["floor"], ir["summary2"], CG_ROWS // 10,
           ir["floor_small"], ir["jsonl"], ir["jsonl"] / ir["floor_small"]))
    # The evaluator's entry for a rule (logic_eval before the rules were tested as conditions).
    each, calls = per_call(kept, "logic_test")
    say("   rule evaluations (rule or applies_if): %.1f a row, %.0f instructions each on average "
        "(target ≤ 100)" % (calls / CG_ROWS, each))
else:
    say("   valgrind not installed: skipped")

# ---------------------------------------------------------------------------------------------
say("\n== peak RSS (streaming formats; target ≤ 4 MiB)")
sizes = [100_000] if QUICK else [100_000, 1_000_000]
say("| format | " + " | ".join("%d rows" % n for n in sizes) + " |")
say("| --- |" + " ---: |" * len(sizes))
for fmt in ["summary", "jsonl", "csv", "junit", "(floor)"]:
    cells = []
    for n in sizes:
        path = data(n)
        if fmt == "(floor)":
            cells.append(run([FLOOR, path])[1])
        else:
            cells.append(run(ddcheck(fmt, path, os.path.join(OUT, "rss." + fmt)), DD_OK)[1])
    say("| %s | %s |" % (fmt, " | ".join("%.1f MiB" % (c / MiB) for c in cells)))
say("\n== formats that hold every project: bytes per project (RSS at 50k − 10k rows) / 40k")
for fmt in ["text", "json", "html", "markdown"]:
    a = run(ddcheck(fmt, data(10_000), os.path.join(OUT, "hold." + fmt)), DD_OK)[1]
    b = run(ddcheck(fmt, data(50_000), os.path.join(OUT, "hold." + fmt)), DD_OK)[1]
    say("   %-9s %5.0f bytes/project (RSS %.1f MiB at 10k, %.1f MiB at 50k)"
        % (fmt, (b - a) * 1024 / 40_000, a / MiB, b / MiB))

# ---------------------------------------------------------------------------------------------
say("\n== growth (median of 3 wall times, 1 for 100× requirements; summary format)")
steps = [10_000, 100_000] if QUICK else [10_000, 100_000, 1_000_000]
say("   rows:")
for n in steps:
    if n == ROWS:
        f, s = med["floor"], med["summary"]
    else:
        path = data(n)
        f = median_wall([FLOOR, path], 3, (0,))
        s = median_wall(ddcheck("summary", path, os.path.join(OUT, "g.csv")), 3)
    say("     %8d rows: floor %.3f s, summary %.3f s, %.2f µs/row, ÷ floor %.2f"
        % (n, f, s, s / n * 1e6, s / f))
REQ_ROWS = 10_000 if QUICK else 20_000
say("   requirements (%d rows):" % REQ_ROWS)
path = data(REQ_ROWS)
base = None
for factor in [1, 10, 100]:
    s = median_wall(ddcheck("summary", path, os.path.join(OUT, "g.csv"), checklist(factor)),
                    1 if factor == 100 else 3)
    base = base or s
    say("     %5d requirements: %.3f s, %.2f µs/row, ×%.1f the built-in set"
        % (N_REQUIREMENTS * factor, s, s / REQ_ROWS * 1e6, s / base))
COL_ROWS = 20_000 if QUICK else 100_000
say("   columns (%d rows; extra columns are undeclared, read and ignored):" % COL_ROWS)
for extra in [0, 35, 105]:
    path = data(COL_ROWS, extra)
    f = median_wall([FLOOR, path], 3, (0,))
    s = median_wall(ddcheck("summary", path, os.path.join(OUT, "g.csv")), 3)
    say("     %4d columns: floor %.3f s, summary %.3f s, ÷ floor %.2f" % (N_COLUMNS + extra, f, s, s / f))

if failed:
    say("\nFAIL: ddcheck and json-logic-js disagree (or lost rows); see above")
    sys.exit(1)
say("\nok")
