#!/bin/sh
# libddcheck.so.0 exports exactly the functions include/ddcheck.h declares (DDCHECK_API): no
# internal symbol leaks out, none of the API is missing. And its SONAME is libddcheck.so.0.
set -eu
so=$1 header=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$so" | awk '{print $3}' | sort >"$tmp/exported"
# Each declaration starts a line with DDCHECK_API and ends at its ';': the name is what comes
# before the first '('.
awk '/^DDCHECK_API /{d=""; on=1} on{d=d " " $0} on && /;/{print d; on=0}' "$header" |
  sed -E 's/\(.*//; s/.*[ *]//' | sort >"$tmp/declared"
n=$(wc -l <"$tmp/declared")
if [ "$n" -lt 40 ]; then
  echo "only $n declarations read from $header: the reading of the header is broken" >&2
  exit 1
fi
if ! diff -u "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then
  echo "exported symbols (+) differ from the API's declarations (-):" >&2
  cat "$tmp/diff" >&2
  exit 1
fi
soname=$(objdump -p "$so" | awk '$1 == "SONAME" {print $2}')
if [ "$soname" != "libddcheck.so.0" ]; then
  echo "SONAME is '$soname', not libddcheck.so.0" >&2
  exit 1
fi
echo "$n symbols, exactly the API's; SONAME $soname"
