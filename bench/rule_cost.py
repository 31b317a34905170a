#!/usr/bin/env python3
"""Instructions a rule evaluation, as docs/performance.md counts them (issue 16).

bench/rule_cost.py DDCHECK [--rows N] [--data DIR] [--entry NAME] [--factor F]

For each shape (short: bench/gen_short.py's rows and checklist; long: bench/gen.py's rows and the
built-in group3-investor), runs `DDCHECK -c CHECKLIST -f summary --threads 1` under
`valgrind --tool=callgrind --dump-instr=no` and prints: whole-process instructions a row, and the
inclusive cost of the rule evaluation entry (default logic_test; logic_eval before it) divided by its calls. With
--factor F the checklist is first cloned F times (bench/gen.py --checklist F), to see how cost
grows with requirements.
"""
import argparse
import os
import subprocess
import sys

from callgrind_cost import callgrind, per_call

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
P = argparse.ArgumentParser()
P.add_argument("ddcheck")
P.add_argument("--rows", type=int, default=10_000)
P.add_argument("--data", default="/tmp/ddcheck-rule-cost")
P.add_argument("--entry", default="logic_test")
P.add_argument("--factor", type=int, default=1)
P.add_argument("--shape", choices=["short", "long", "both"], default="both")
A = P.parse_args()
os.makedirs(A.data, exist_ok=True)


def generate(path, cmd, stdin=None):
    if not os.path.exists(path):
        with open(path + ".tmp", "wb") as f:
            subprocess.run([sys.executable] + cmd, stdout=f, stdin=stdin, check=True)
        os.replace(path + ".tmp", path)
    return path


for shape in (["short", "long"] if A.shape == "both" else [A.shape]):
    if shape == "short":
        gen = os.path.join(ROOT, "bench", "gen_short.py")
        cl = generate(os.path.join(A.data, "short-checklist.json"), [gen, "--checklist"])
    else:
        gen = os.path.join(ROOT, "bench", "gen.py")
        cl = os.path.join(ROOT, "checklist", "group3-investor.json")
    if A.factor > 1:
        with open(cl, "rb") as i:
            cl = generate(os.path.join(A.data, "%s-checklist-x%d.json" % (shape, A.factor)),
                          [os.path.join(ROOT, "bench", "gen.py"), "--checklist", str(A.factor)],
                          stdin=i)
    csv = generate(os.path.join(A.data, "%s-%d.csv" % (shape, A.rows)),
                   [gen, str(A.rows), "--seed", "7"])
    out = os.path.join(A.data, "callgrind.%s.out" % shape)
    total = callgrind([A.ddcheck, "-c", cl, "-f", "summary", "--threads", "1", "-o",
                       os.path.join(A.data, "out.csv"), csv], out, ["--dump-instr=no"])
    each, calls = per_call(out, A.entry)
    print("%s x%d: %.0f instructions a row; %s: %d calls (%.2f a row), %.1f instructions a call"
          % (shape, A.factor, total / A.rows, A.entry, calls, calls / A.rows, each))
