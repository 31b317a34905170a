#!/bin/sh
# The library keeps no writable global state (ddcheck.h promises that separate handles may be
# used from separate threads): libddcheck.so has no object in .data, .bss or thread-local
# storage but the C runtime's own (completed.0, __dso_handle, __TMC_END__), in a sanitizer
# build, AddressSanitizer's one-definition-rule indicators (__odr_asan.NAME), and the state of
# the libraries loaded at run time (util/dynlib.h: dynlib_NAME and its table dynlib_NAME_table),
# which the process has once as it has its linked libraries once: written once under its lock,
# then only read, the same for every handle.
set -eu
so=$1
objects=$(objdump -t "$so" |
  awk '$3 == "O" && ($4 == ".data" || $4 == ".bss" || $4 == ".tdata" || $4 == ".tbss") {print $NF}')
found=$(printf '%s\n' "$objects" |
  grep -v -x -e 'completed\.[0-9]*' -e __dso_handle -e __TMC_END__ -e '__odr_asan\..*' \
    -e 'dynlib_[a-z0-9]*' -e 'dynlib_[a-z0-9]*_table' || true)
# The loaded libraries' state is the whole exception: one pair per library, as named above.
loaded=$(printf '%s\n' "$objects" | grep -c -x -e 'dynlib_[a-z0-9]*' -e 'dynlib_[a-z0-9]*_table' || true)
if [ "$loaded" != 8 ]; then
  echo "expected the state of four loaded libraries (libzip, expat, libxlsxwriter, libm), found $loaded objects:" >&2
  printf '%s\n' "$objects" | grep -e '^dynlib_' >&2 || true
  exit 1
fi
if [ -n "$found" ]; then
  echo "writable global objects in $so (state shared by every handle):" >&2
  echo "$found" >&2
  exit 1
fi
echo "no writable global object but the loaded libraries' state"
