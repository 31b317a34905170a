# The start shared by the CLI check scripts (tests/cli/*.sh), sourced after `bin=$1 root=$2`:
# run from the repository root, a temporary folder $tmp removed on exit, and
# check NAME 'CONDITION' which evaluates the whole condition (a quoted string, so that
# `A && B` is checked as one: unquoted, the shell would run B outside check), prints "ok - NAME"
# or "not ok - NAME" and counts failures in $fails (a script ends with [ "$fails" = 0 ]).
# The condition is evaluated inside check: $? and $1… are check's own there, so capture a
# status in a variable first (st=$?) and name values by variables, not positional parameters. Not a test itself: it lives below
# tests/cli/lib/ so that the tests/cli/*.sh glob does not register it.
cd "$root" || exit 2
# A test run inside GitHub Actions must not append job summaries to the real one.
unset GITHUB_STEP_SUMMARY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # check NAME 'CONDITION'
  name=$1
  if eval "$2"; then echo "ok - $name"; else echo "not ok - $name"; fails=$((fails + 1)); fi
}
sanitized() { # true when $bin is built with a sanitizer (its allocator is not glibc's, and it
  # holds freed memory on purpose): memory measurements and valgrind skip such a build
  grep -q -e __asan_init -e __ubsan_handle -e __tsan_init "$bin" 2>/dev/null
}
require() { # require TOOL... : skips the script (exit 77) when one of them is not installed
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 ||
      { echo "skip: $tool is not installed (scripts/setup.sh --test)"; exit 77; }
  done
}
opened() { # opened COMMAND...: the files the dynamic loader opens while COMMAND runs (glibc's
  # LD_DEBUG=files), one file name a line, without their folders
  LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/ld" "$@" >/dev/null 2>&1
  cat "$tmp"/ld.* 2>/dev/null | sed -n 's/.*file=\([^ ]*\) .*\[0\];.*/\1/p' | sed 's,.*/,,' | sort -u
  rm -f "$tmp"/ld.*
}
