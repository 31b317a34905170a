#!/usr/bin/env python3
"""Writes cmake/run_functions.ld: the functions an evaluate run executes, gathered in one output
section at the start of the program's code.

The kernel maps 64 KiB of a program's file around each page fault, so code a run never calls
becomes resident when it lies near code it does: with the functions in source order, a streaming
run (summary, jsonl, csv, junit) executed 172 KiB of functions spread over all of the 380 KiB
of code, and all of it was resident. Gathered, they take three 64 KiB windows.

Runs callgrind over both bench shapes (2,000 rows), each streaming format, one and two threads,
and lists every function of the program it saw. Functions missing from the list only lie
elsewhere (a new function is resident as before until the list is written again); a name that
no longer exists matches nothing.

Usage: bench/run_functions.py BUILD (a Release build of the program: BUILD/ddcheck)."""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "cmake", "run_functions.ld")
FORMATS = ["summary", "jsonl", "csv", "junit"]


def generate(tmp):
    """The two shapes' (checklist, rows) in tmp."""
    def write(name, cmd):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            subprocess.run([sys.executable] + cmd, stdout=f, check=True, cwd=ROOT)
        return path
    short_cl = write("short.json", ["bench/gen_short.py", "--checklist"])
    short_rows = write("short.csv", ["bench/gen_short.py", "2000", "--seed", "7"])
    long_rows = write("long.csv", ["bench/gen.py", "2000", "--seed", "7"])
    return [(short_cl, short_rows), (os.path.join(ROOT, "checklist", "group3-investor.json"),
                                     long_rows)]


def executed(binary, cmd, out):
    """The names of the functions callgrind saw run in cmd."""
    subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + cmd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    names = set()
    with open(out) as f:
        for line in f:
            m = re.match(r"^c?fn=\(\d+\) (.*)", line)
            if m:
                names.add(m.group(1).strip())
    return names


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.join(sys.argv[1], "ddcheck")
    defined = set()
    nm = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True,
                        check=True).stdout
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tT":
            defined.add(parts[2])
    seen = set()
    with tempfile.TemporaryDirectory() as tmp:
        for checklist, rows in generate(tmp):
            for fmt in FORMATS:
                for threads in ("1", "2"):
                    seen |= executed(binary, [binary, "-c", checklist, "-f", fmt, "-o",
                                              os.path.join(tmp, "out"), "--threads", threads,
                                              rows], os.path.join(tmp, "cg.out"))
    # main is in .text.startup, placed by the default script; libgcc's helpers (popcount) are
    # listed by file below.
    names = sorted(n for n in seen & defined if n != "main" and not n.startswith("__"))
    with open(OUT, "w") as f:
        f.write("/* Written by bench/run_functions.py (its docstring says why): the functions a\n"
                " * streaming evaluate run executes, first in the program's code. */\n")
        f.write("SECTIONS\n{\n  .text.ddcheck_run :\n  {\n")
        for n in names:
            f.write("    *(.text.%s)\n" % n)
        f.write("    *libgcc.a:*(.text .text.*)\n")
        f.write("  }\n}\nINSERT BEFORE .text;\n")
    print("%s: %d functions" % (OUT, len(names)))


if __name__ == "__main__":
    main()
