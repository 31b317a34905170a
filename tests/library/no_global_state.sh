#!/bin/sh
# The library keeps no writable global state (ddcheck.h promises that separate handles may be
# used from separate threads): libddcheck.so has no object in .data, .bss or thread-local
# storage but the C runtime's own (completed.0, __dso_handle, __TMC_END__) and, in a sanitizer
# build, AddressSanitizer's one-definition-rule indicators (__odr_asan.NAME).
set -eu
so=$1
found=$(objdump -t "$so" |
  awk '$3 == "O" && ($4 == ".data" || $4 == ".bss" || $4 == ".tdata" || $4 == ".tbss") {print $NF}' |
  grep -v -x -e 'completed\.[0-9]*' -e __dso_handle -e __TMC_END__ -e '__odr_asan\..*' || true)
if [ -n "$found" ]; then
  echo "writable global objects in $so (state shared by every handle):" >&2
  echo "$found" >&2
  exit 1
fi
echo "no writable global object"
