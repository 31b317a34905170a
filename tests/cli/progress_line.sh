#!/bin/sh
# The progress line: on a terminal's standard error, once a batch has run ~2 s, ddcheck shows rows,
# rows/s and (when the inputs' sizes are known) the share of bytes read, then clears it; never
# when standard error is a pipe or a file, never with CI set, never on TERM=dumb. Standard error
# is a pseudo-terminal made by Python's pty module. The slow batch is a pipe that a writer feeds
# for 3 s: no timing is asserted, only what was shown. Args: $1 the ddcheck binary, $2 the
# repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require python3

# Rows: the examples' first project under 6000 keys.
awk -F, 'NR == 1 { print; next } NR == 2 { for (i = 1; i <= 6000; i++) { $1 = "P-" i; print } }' OFS=, \
    examples/submissions.csv >"$tmp/many.csv"

cat >"$tmp/pty_run.py" <<'PY'
# pty_run.py MODE OUT ERR ARGS...: runs ARGS with standard error on a pseudo-terminal (MODE pty)
# or a pipe (MODE pipe), standard output to OUT; with SLOW set, standard input is a pipe fed with
# the file named by SLOW over 3 s. Writes everything standard error got to ERR.
import os, pty, subprocess, sys, threading, time
mode, out, err, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
slow = os.environ.get("SLOW")
if mode == "pty":
    master, slave = pty.openpty()
    errfd = slave
else:
    master, errfd = os.pipe()
proc = subprocess.Popen(args, stdout=open(out, "wb"), stderr=errfd,
                        stdin=subprocess.PIPE if slow else subprocess.DEVNULL)
os.close(errfd)
if slow:
    def feed():
        data = open(slow, "rb").read()
        steps = 30
        for i in range(steps):
            proc.stdin.write(data[i * len(data) // steps:(i + 1) * len(data) // steps])
            proc.stdin.flush()
            time.sleep(0.1)
        proc.stdin.close()
    threading.Thread(target=feed, daemon=True).start()
got = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: the terminal's other side is closed
        break
    if not chunk:
        break
    got += chunk
proc.wait()
open(err, "wb").write(got)
sys.exit(proc.returncode)
PY
pty_run() { python3 "$tmp/pty_run.py" "$@"; }

SLOW=$tmp/many.csv TERM=xterm pty_run pty "$tmp/out" "$tmp/err" env -u CI "$bin" -f summary -
st=$?
check "a batch of more than 2 s on a terminal shows rows and rows/s" '[ "$st" = 0 ] && grep -aq "ddcheck: [0-9]* rows, [0-9]* rows/s" "$tmp/err"'
check "the progress line is redrawn in place and cleared at the end" 'grep -aq "$(printf "\r\033\\[K")" "$tmp/err"'
check "the report is whole (every row)" '[ "$(wc -l <"$tmp/out")" = 6001 ]'

SLOW=$tmp/many.csv TERM=xterm pty_run pipe "$tmp/out" "$tmp/err" env -u CI "$bin" -f summary -
check "never when standard error is a pipe" '! grep -aq "rows/s" "$tmp/err"'
SLOW=$tmp/many.csv TERM=xterm CI=true pty_run pty "$tmp/out" "$tmp/err" "$bin" -f summary -
check "never in a CI log (CI set), even on a terminal" '! grep -aq "rows/s" "$tmp/err"'
SLOW=$tmp/many.csv TERM=dumb pty_run pty "$tmp/out" "$tmp/err" env -u CI "$bin" -f summary -
check "never on TERM=dumb, which cannot redraw a line" '! grep -aq "rows/s" "$tmp/err"'

# The share of bytes read needs the inputs' sizes (regular files); DDCHECK_PROGRESS_AFTER=0 shows
# the line from the start, so that a fast batch has one.
DDCHECK_PROGRESS_AFTER=0 TERM=xterm pty_run pty "$tmp/out" "$tmp/err" env -u CI "$bin" -f summary "$tmp/many.csv" "$tmp/many.csv"
check "with regular files the line says the share of bytes read" 'grep -aq "rows/s, [0-9]*% of [0-9.]* MB read" "$tmp/err"'
TERM=xterm pty_run pty "$tmp/out" "$tmp/err" env -u CI "$bin" -f summary examples/submissions.csv
check "a short batch shows no progress" '! grep -aq "rows/s" "$tmp/err"'
[ "$fails" = 0 ]
