#!/usr/bin/env python3
"""Runs a command with standard input and output on a pseudo-terminal (stderr stays a pipe);
prints what the terminal showed, then the exit status on a last line "status N".
Usage: pty_run.py CMD [ARG...]. Not a test itself: a helper for tests/cli/*.sh."""
import os
import pty
import subprocess
import sys

master, slave = pty.openpty()
proc = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=subprocess.PIPE)
os.close(slave)
shown = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: the child closed the terminal
        break
    if not chunk:
        break
    shown += chunk
err = proc.stderr.read()
status = proc.wait()
sys.stdout.buffer.write(shown)
sys.stdout.buffer.write(b"\n--- stderr\n" + err)
sys.stdout.buffer.write(b"status %d\n" % status)
