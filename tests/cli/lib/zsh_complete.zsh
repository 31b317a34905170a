#!/usr/bin/env zsh -f
# Types LINE and a TAB into an interactive zsh (on a pseudo-terminal, zsh/zpty) that loads
# completions/_ddcheck, and reads the terminal until WANT appears in it; prints what it read.
# Exit 0 when WANT appeared and no completion function complained on the way, 1 otherwise.
# A caller bounds the wait (timeout). Usage: zsh_complete.zsh ROOT BINDIR LINE WANT
# Not a test itself: a helper for tests/cli/completions.sh.
root=$1 bindir=$2 line=$3 want=$4
zmodload zsh/zpty || exit 1
zpty z zsh -f -i
zpty -w z "PS1='%% '; fpath=(${(q)root}/completions \$fpath); PATH=${(q)bindir}:\$PATH"
zpty -w z "autoload -Uz compinit; compinit -u -D; unsetopt zle_bracketed_paste 2>/dev/null; print ready"
zpty -r z out '*ready*ready*' || exit 1  # (the echo of the command, then its output)
zpty -w -n z "$line"$'\t'
zpty -r z out "*${want}*" || exit 1
zpty -d z
print -r -- "$out"
[[ $out != *(not found|bad option|_arguments:|_describe:)* ]]
