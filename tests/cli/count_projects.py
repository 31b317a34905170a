#!/usr/bin/env python3
"""Counts the projects in a ddcheck report: count_projects.py FORMAT REPORT_FILE.
Prints the number of distinct projects the report accounts for, or 'n/a' when the format
has no per-project unit. Used by tests/cli/guarantees.sh (rows in = projects out)."""
import csv, io, json, re, sys

fmt, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8", errors="replace").read()


def distinct(pairs):
    return len(set(pairs))


if fmt == "json":
    print(len(json.loads(text)["projects"]))
elif fmt == "jsonl":
    print(sum(1 for line in text.splitlines() if line.strip()))
elif fmt in ("csv", "summary"):
    rows = list(csv.DictReader(io.StringIO(text)))
    print(distinct((r["file"], r["line"], r["key"]) for r in rows))
elif fmt == "text":
    # A project starts with "KEY  VERDICT  ...  FILE:LINE" at the left margin.
    print(sum(1 for l in text.splitlines() if re.match(r"^\S.*\s(PASS|GAP|INVALID)\s", l)))
elif fmt == "junit":
    print(len(re.findall(r"<testsuite\s", text)))
elif fmt == "markdown":
    section = text.split("## Portfolio", 1)[1] if "## Portfolio" in text else ""
    table = section.split("\n\n")[1] if "\n\n" in section else ""
    print(sum(1 for l in table.splitlines()[2:] if l.startswith("|")))
elif fmt == "github":
    # With --verbose every project has at least one annotation on its row.
    print(distinct(re.findall(r"^::\w+ file=([^,]*),line=(\d+)", text, re.M)))
elif fmt == "tap":
    # One test point per criterion of each project (or one for an unreadable row); the
    # points of one project are consecutive and share its key and place.
    # An unreadable row is one point of its own ("(no key) invalid row" may repeat).
    keys = [m.group(2) if not m.group(3).endswith("invalid row") else m.group(1)
            for m in re.finditer(r"^(?:not )?ok (\d+) - (\S+)(.*)$", text, re.M)]
    runs = [k for i, k in enumerate(keys) if i == 0 or keys[i - 1] != k]
    print(len(runs))
elif fmt == "html":
    print(len(re.findall(r'<section class="project"', text)))
else:
    # sarif: results are gaps only; a passing project leaves no trace to count.
    print("n/a")
