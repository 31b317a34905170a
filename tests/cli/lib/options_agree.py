#!/usr/bin/env python3
"""Checks that every option of the table (cli/options.c, printed by the dump_options program)
is in the command's --help, in the man page's synopsis for that command and in the bash, zsh
and fish completions for that command, and that none of those names an option, command or
format the table does not have. Usage: options_agree.py DUMP DDCHECK ROOT. Prints TAP-like
lines; exits 1 on any disagreement. Not a test itself: run by tests/cli/options_agree.sh."""
import re
import subprocess
import sys

dump, ddcheck, root = sys.argv[1:4]
table = subprocess.run([dump], capture_output=True, text=True, check=True).stdout
commands, formats, options = [], [], {}  # options[cmd] = {(long, short)}
for line in table.splitlines():
    f = line.split("\t")
    if f[0] == "command":
        commands.append(f[1])
        options[f[1]] = set()
    elif f[0] == "option":
        options[f[1]].add((f[2], None if f[3] == "-" else f[3]))
    elif f[0] == "format":
        formats.append(f[1])

fails = 0


def check(name, ok):
    global fails
    print(("ok - " if ok else "not ok - ") + name)
    fails += not ok


def tokens(text):
    """The option words in a text: -c, --checklist (not -f's value or a path's dash)."""
    return set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", text))


def names(cmd):
    out = set()
    for long, short in options[cmd]:
        out.add("--" + long)
        if short:
            out.add("-" + short)
    return out


def read(path):
    with open(f"{root}/{path}", encoding="utf-8") as f:
        return f.read()


# --help: "-c, --checklist" for an option with a short name, "--strict" otherwise.
for cmd in commands:
    text = subprocess.run([ddcheck, cmd, "--help"], capture_output=True, text=True).stdout
    section = text.split("\nOptions:\n", 1)[-1].split("\n\n", 1)[0]
    for long, short in sorted(options[cmd]):
        want = f"  -{short}, --{long}" if short else f"  --{long}"
        check(f"{cmd} --help lists {want.strip()}", re.search(re.escape(want) + r"\b", section))
    check(f"{cmd} --help lists no option the table lacks", tokens(section) <= names(cmd))

# The man page's synopsis, as mandoc renders it: one line per command.
man = subprocess.run(["mandoc", "-Tutf8", "-O", "width=1000", f"{root}/man/ddcheck.1"],
                     capture_output=True, text=True, check=True).stdout
man = re.sub(".\b", "", man)
synopsis = man.split("\nSYNOPSIS\n", 1)[1].split("\nDESCRIPTION\n", 1)[0]
lines = {}
for line in synopsis.splitlines():
    m = re.match(r"\s+ddcheck \[?(\w+)\]?(.*)", line)
    if m:
        lines[m.group(1)] = m.group(2)
check("the man page's synopsis has exactly the table's commands", sorted(lines) == sorted(commands))
for cmd in commands:
    line = lines.get(cmd, "")
    for long, short in sorted(options[cmd]):
        want = f"-{short}" if short else f"--{long}"
        check(f"ddcheck(1) synopsis of {cmd} has {want}", want in tokens(line))
    check(f"ddcheck(1) synopsis of {cmd} has no option the table lacks", tokens(line) <= names(cmd))
formats_man = man.split("The formats are:", 1)[1].split("-o, --output", 1)[0]
for fmt in formats:
    check(f"ddcheck(1) describes format {fmt}", re.search(rf"^\s+{fmt}\s", formats_man, re.M))

# bash: ask the completion's own functions.
def bash(script):
    return subprocess.run(["bash", "-c", f". {root}/completions/ddcheck.bash; {script}"],
                          capture_output=True, text=True, check=True).stdout.split()


check("bash completes every command", set(bash('echo "$_ddcheck_commands"')) == set(commands) | {"help"})
check("bash completes every format", bash("_ddcheck_formats evaluate") == formats)
for cmd in commands:
    words = set(bash(f"_ddcheck_options {cmd}"))
    for long, short in sorted(options[cmd]):
        want = {f"--{long}"} | ({f"-{short}"} if short else set())
        check(f"bash completes {' '.join(sorted(want))} for {cmd}", want <= words)
    check(f"bash completes no option of {cmd} the table lacks", words <= names(cmd))

# zsh: one function per command, _ddcheck_CMD, with an _arguments spec per option.
zsh = read("completions/_ddcheck")
for cmd in commands:
    m = re.search(rf"^_ddcheck_{cmd}\(\) {{\n(.*?)^}}", zsh, re.M | re.S)
    body = m.group(1) if m else ""
    specs = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)(?=[+=\[,}'])", body))
    for long, short in sorted(options[cmd]):
        want = {f"--{long}"} | ({f"-{short}"} if short else set())
        check(f"zsh completes {' '.join(sorted(want))} for {cmd}", want <= specs)
    check(f"zsh completes no option of {cmd} the table lacks", specs <= names(cmd))
    if cmd == "evaluate":
        m = re.search(r"--format=}'\[[^]]*\]:format:\(([^)]*)\)", body)
        check("zsh completes every format", m and m.group(1).split() == formats)
m = re.search(r"^  commands=\((.*?)^  \)", zsh, re.M | re.S)
check("zsh completes every command",
      m and set(re.findall(r"^    ['\"](\w+):", m.group(1), re.M)) == set(commands) | {"help"})

# fish: one `complete` line per option, its commands in -n '__ddcheck_command …'.
fish = read("completions/ddcheck.fish")
fish_options = {cmd: set() for cmd in commands}
for line in fish.splitlines():
    m = re.search(r"-n '__ddcheck_command ([\w ]+)'", line)
    if not m or " -l " not in line:
        continue
    long = re.search(r" -l ([\w-]+)", line).group(1)
    short = re.search(r" -s (\w)", line)
    for cmd in m.group(1).split():
        fish_options.setdefault(cmd, set()).add((long, short.group(1) if short else None))
    if "-l format" in line and "evaluate" in m.group(1):
        check("fish completes every format", re.search(r"-a '([^']*)'", line).group(1).split() == formats)
for cmd in commands:
    for long, short in sorted(options[cmd]):
        check(f"fish completes --{long}{' -' + short if short else ''} for {cmd}",
              (long, short) in fish_options[cmd])
    check(f"fish completes no option of {cmd} the table lacks", fish_options[cmd] <= options[cmd])
m = re.search(r"^set -l __ddcheck_commands (.*)$", fish, re.M)
check("fish completes every command", m and set(m.group(1).split()) == set(commands) | {"help"})

# README's "Command line" block is a summary: it may leave options out, never name one the
# command does not take.
readme = read("README.md").split("## Command line\n", 1)[1].split("```", 2)[1]
synopses = {}
cmd = None
for line in readme.splitlines():
    m = re.match(r"ddcheck \[?(\w+)\]?(.*)", line)
    if m:
        cmd = m.group(1)
        synopses[cmd] = m.group(2).split("   ")[0]  # (before the description)
    elif cmd and line.startswith(" "):  # a continuation line
        synopses[cmd] += line
for cmd, text in synopses.items():
    if cmd in options:
        check(f"README's synopsis of {cmd} names no option the table lacks",
              tokens(text) <= names(cmd))

sys.exit(1 if fails else 0)
