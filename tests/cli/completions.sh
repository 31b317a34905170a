#!/bin/sh
# The shell completions (completions/): bash, zsh and fish read them without a syntax error, and
# each completes a command, an option, a format (for evaluate, template and diff), a built-in
# checklist id and --name=value. Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require bash zsh fish
check "bash -n on the bash completion" 'bash -n completions/ddcheck.bash'
check "zsh -n on the zsh completion" 'zsh -n completions/_ddcheck'
check "fish -n on the fish completion" 'fish -n completions/ddcheck.fish'

# complete_bash WORD... : what bash's completion offers for the last word, one per line
# (COMP_WORDS split at '=' as bash does by default).
complete_bash() {
  bash -c '. completions/ddcheck.bash
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ddcheck; printf "%s\n" "${COMPREPLY[@]}"' \
    bash "$@" 2>&1
}
out=$(complete_bash "$bin" li)
check "bash completes a command: li -> lint" '[ "$out" = lint ]'
out=$(complete_bash "$bin" -f j)
check "bash completes a format: -f j -> json jsonl junit" '[ "$(echo $out)" = "json jsonl junit" ]'
out=$(complete_bash "$bin" --format = su)
check "bash completes --format=VALUE" '[ "$out" = summary ]'
out=$(complete_bash "$bin" template -f "")
check "bash completes template's own formats" '[ "$(echo $out)" = "csv markdown" ]'
out=$(complete_bash "$bin" diff -f m)
check "bash completes diff's own formats" '[ "$out" = markdown ]'
out=$(complete_bash "$bin" lint --st)
check "bash completes a command's option" '[ "$out" = --strict ]'
out=$(complete_bash "$bin" docs --st)
check "bash does not offer another command's option" '[ -z "$out" ]'
out=$(complete_bash "$bin" -c group)
# The built-in ids starting "group", as the binary lists them.
ids=$("$bin" checklists | awk '$1 ~ /^group/ { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//')
check "bash completes built-in checklist ids, asked of the binary" '[ "$(echo $out | tr " " "\n" | sort | tr "\n" " " | sed "s/ $//")" = "$ids" ]'
out=$(complete_bash "$bin" -f json examples/sub)
check "bash completes file names" '[ "$(echo $out)" = "examples/submissions.csv examples/submissions.xlsx" ]'
out=$(complete_bash "$bin" --fail-on n)
check "bash completes an option's values" '[ "$out" = never ]'

# complete_fish LINE : what fish offers for the end of LINE, without descriptions.
complete_fish() {
  fish -c 'source completions/ddcheck.fish; complete -C $argv[1]' "$1" 2>&1 | cut -f1
}
bindir=$(cd "$(dirname "$bin")" && pwd)
export PATH="$bindir:$PATH"
out=$(complete_fish "ddcheck li")
check "fish completes a command" '[ "$out" = lint ]'
out=$(complete_fish "ddcheck -f j")
check "fish completes a format" '[ "$(echo $out)" = "json jsonl junit" ]'
out=$(complete_fish "ddcheck -c group")
check "fish completes built-in checklist ids" '[ "$(echo $out | tr " " "\n" | sort | tr "\n" " " | sed "s/ $//")" = "$ids" ]'
out=$(complete_fish "ddcheck lint --st")
check "fish completes a command's option" '[ "$out" = --strict ]'

# zsh's completion runs only inside its line editor: type into an interactive zsh on a
# pseudo-terminal (tests/cli/lib/zsh_complete.zsh). The bound only stops a hang; a completion
# that never shows is a failure whatever the time.
complete_zsh() { # complete_zsh LINE WANT
  timeout 60 zsh -f tests/cli/lib/zsh_complete.zsh "$root" "$bindir" "$1" "$2" >"$tmp/zsh" 2>&1
}
if zsh -f -c 'zmodload zsh/zpty' 2>/dev/null; then
  check "zsh completes a command" 'complete_zsh "ddcheck expl" explain'
  check "zsh completes a format" 'complete_zsh "ddcheck -f ju" junit'
  check "zsh completes diff's own formats" 'complete_zsh "ddcheck diff -f ma" markdown'
  check "zsh completes a command's option" 'complete_zsh "ddcheck lint --st" --strict'
  check "zsh completes a built-in checklist id" 'complete_zsh "ddcheck -c group4" group4-government'
  check "zsh completes --name=value" 'complete_zsh "ddcheck --color=al" always'
fi
if [ "$fails" -ne 0 ]; then echo "$fails failed"; exit 1; fi
