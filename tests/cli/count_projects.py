#!/usr/bin/env python3
"""Counts the projects in a ddcheck report: count_projects.py FORMAT REPORT_FILE, or
count_projects.py - with lines of "FORMAT REPORT_FILE" on standard input ("FORMAT COUNT" out).
A count is the number of distinct projects the report accounts for, or 'n/a' when the format
has no per-project unit. Used by tests/cli/guarantees.sh (rows in = projects out)."""
import csv, io, json, re, sys, zipfile


def count(fmt, path):
    if fmt == "xlsx":
        # Rows of the Portfolio sheet (the first), less its header: read with zipfile alone, so
        # that the count needs no spreadsheet library.
        with zipfile.ZipFile(path) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        return len(re.findall(r"<row\b", sheet)) - 1
    # utf-8-sig: the CSV formats written to a file start with a byte-order mark for Excel.
    text = open(path, encoding="utf-8-sig", errors="replace").read()
    if fmt == "json":
        return len(json.loads(text)["projects"])
    if fmt == "jsonl":
        return sum(1 for line in text.splitlines() if line.strip())
    if fmt in ("csv", "summary"):
        rows = csv.DictReader(io.StringIO(text))
        return len({(r["file"], r["line"], r["key"]) for r in rows})
    if fmt == "text":
        # A project starts with "KEY  VERDICT  ...  FILE:LINE" at the left margin.
        return sum(1 for l in text.splitlines() if re.match(r"^\S.*\s(PASS|GAP|INVALID)\s", l))
    if fmt == "junit":
        return len(re.findall(r"<testsuite\s", text))
    if fmt == "markdown":
        section = text.split("## Portfolio", 1)[1] if "## Portfolio" in text else ""
        table = section.split("\n\n")[1] if "\n\n" in section else ""
        return sum(1 for l in table.splitlines()[2:] if l.startswith("|"))
    if fmt == "github":
        # The job summary ($GITHUB_STEP_SUMMARY): a portfolio table row per project, then
        # "… and N more projects" (the annotations are capped at GitHub's limits).
        section = text.split("### Portfolio", 1)[1].split("### Gaps", 1)[0] if "### Portfolio" in text else ""
        rows = sum(1 for l in section.splitlines()[4:] if l.startswith("| "))
        more = re.search(r"and (\d+) more projects:", section)
        return rows + (int(more.group(1)) if more else 0)
    if fmt == "tap":
        # One test point per criterion of each project, consecutive and sharing its key; an
        # unreadable row is one point of its own ("(no key) invalid row" may repeat).
        keys = [m.group(2) if not m.group(3).endswith("invalid row") else m.group(1)
                for m in re.finditer(r"^(?:not )?ok (\d+) - (\S+)(.*)$", text, re.M)]
        return len([k for i, k in enumerate(keys) if i == 0 or keys[i - 1] != k])
    if fmt == "html":
        return len(re.findall(r'<section class="project"', text))
    # sarif: results are gaps only; a passing project leaves no trace to count.
    return "n/a"


if sys.argv[1] == "-":
    for line in sys.stdin:
        fmt, path = line.split(None, 1)
        print(fmt, count(fmt, path.strip()))
else:
    print(count(sys.argv[1], sys.argv[2]))
