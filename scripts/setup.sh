#!/bin/sh
# Install what ddcheck needs to build and test on Debian; a no-op when all is there.
set -eu
pkgs="build-essential cmake pkg-config libcjson-dev libcsv-dev libcmocka-dev libzip-dev libexpat1-dev libxlsxwriter-dev"
if [ "${1-}" = "--test" ]; then
  # What the test suite drives: valgrind (memcheck of the end-to-end cases), xmllint (JUnit XSD),
  # chromium (the HTML report in a real browser), GNU time (memory bounds), clang and its
  # runtime (libFuzzer), python3 (counting projects in every format), node/npm (SARIF
  # schema, json-logic-js differential check, the CI consumers); mandoc (man pages: lint and
  # synopsis), zsh and fish (their completions: syntax, and fish's completing a command);
  # python3-openpyxl (reading the xlsx report back, and writing a workbook as a real writer does);
  # poppler-utils (pdftotext: the printed HTML report's pages); lintian and file (the Debian
  # package's test: cpack finds the binaries with file, lintian checks the .deb); clang-format (every
  # C file as .clang-format lays it out); strace (the threads' one malloc arena). prove (TAP) comes
  # with perl.
  pkgs="$pkgs valgrind libxml2-utils chromium fonts-dejavu-core time clang libclang-rt-14-dev"
  pkgs="$pkgs mandoc zsh fish python3-openpyxl poppler-utils lintian file clang-format strace"
  command -v python3 >/dev/null 2>&1 || pkgs="$pkgs python3"
  command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
  command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "ddcheck setup: installing$missing" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
