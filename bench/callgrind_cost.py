"""Running callgrind and reading its output files, for bench/driver.py and bench/rule_cost.py."""
import subprocess
import sys


def callgrind(cmd, out, extra=()):
    """Runs cmd under callgrind (its output file `out`, further options `extra`) and returns the
    instructions it collected; exits naming the failure when callgrind gives none."""
    p = subprocess.run(["valgrind", "--tool=callgrind", *extra, "--callgrind-out-file=" + out]
                       + list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in p.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip().replace(",", ""))
    sys.exit("callgrind failed: " + p.stderr[-500:])


def per_call(path, name):
    """Instructions of one call of function name (inclusive), averaged over its calls, from a
    callgrind output file: the calls are summed from its call sites, the cost from
    callgrind_annotate --inclusive=yes."""
    names, calls, want = {}, 0, False
    with open(path) as f:
        for line in f:
            if line.startswith(("fn=", "cfn=")):
                key, _, rest = line.partition("=")
                ident, _, label = rest.strip().partition(" ")
                if label:
                    names[ident] = label
                if key == "cfn":
                    want = names.get(ident) == name
            elif line.startswith("calls=") and want:
                calls += int(line[6:].split()[0])
                want = False
    p = subprocess.run(["callgrind_annotate", "--inclusive=yes", path], capture_output=True,
                       text=True)
    for line in p.stdout.splitlines():
        if line.rstrip().endswith(":" + name) or (":" + name + " [") in line:
            cost = int(line.split()[0].replace(",", ""))
            return cost / calls if calls else 0, calls
    return 0, calls
