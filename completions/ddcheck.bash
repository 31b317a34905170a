# bash completion for ddcheck(1): commands, each command's options, formats, built-in checklist
# ids (asked of the ddcheck being completed) and file names. The options per command follow
# cli/options.c; tests/cli/options_agree.sh checks that none is missing.

# The options of one command.
_ddcheck_options()
{
    case $1 in
    evaluate)
        echo "-c --checklist -f --format -o --output --fail-on --waivers --baseline --delimiter" \
            "--max-cell --max-columns --encoding --decimal --no-bom --sheet --threads --color" \
            "--no-color -v --verbose --details --version" \
            "-h --help"
        ;;
    lint) echo "--strict -h --help" ;;
    test) echo "--coverage -h --help" ;;
    template) echo "-c --checklist -f --format --example -h --help" ;;
    explain | docs) echo "-c --checklist -h --help" ;;
    diff) echo "-f --format -o --output -h --help" ;;
    *) echo "-h --help" ;;
    esac
}

# The values of -f for one command.
_ddcheck_formats()
{
    case $1 in
    template) echo "csv markdown" ;;
    diff) echo "text markdown json csv" ;;
    *) echo "text markdown html json jsonl csv summary junit sarif github tap actions xlsx" ;;
    esac
}

_ddcheck_commands="evaluate logic checklists lint test template explain docs diff help"

# Completes a checklist: a built-in id or a file.
_ddcheck_checklist()
{
    local ids
    ids=$("$1" checklists 2>/dev/null | while read -r id _; do printf '%s ' "$id"; done)
    COMPREPLY=($(compgen -W "$ids" -- "$2") $(compgen -f -- "$2"))
}

_ddcheck()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local bin=${COMP_WORDS[0]} cmd=evaluate first=1 i
    COMPREPLY=()
    case " $_ddcheck_commands " in
    *" ${COMP_WORDS[1]} "*)
        if ((COMP_CWORD > 1)); then
            cmd=${COMP_WORDS[1]}
            first=2
        fi
        ;;
    esac
    # --name=value: bash splits the word at '=' (COMP_WORDBREAKS).
    if [[ $cur == = ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    case $prev in
    -c | --checklist)
        _ddcheck_checklist "$bin" "$cur"
        return
        ;;
    -f | --format)
        COMPREPLY=($(compgen -W "$(_ddcheck_formats "$cmd")" -- "$cur"))
        return
        ;;
    -o | --output | --waivers | --baseline)
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --fail-on)
        COMPREPLY=($(compgen -W "gap invalid never" -- "$cur"))
        return
        ;;
    --color)
        COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
        return
        ;;
    --threads)
        COMPREPLY=($(compgen -W "1 2" -- "$cur"))
        return
        ;;
    --details)
        COMPREPLY=($(compgen -W "all" -- "$cur"))
        return
        ;;
    --delimiter)
        COMPREPLY=($(compgen -W "tab , ; |" -- "$cur"))
        return
        ;;
    --decimal)
        COMPREPLY=($(compgen -W ". ," -- "$cur"))
        return
        ;;
    --encoding)
        COMPREPLY=($(compgen -W "windows-1252 ISO-8859-1 UTF-16 UTF-16LE UTF-16BE UTF-8" -- "$cur"))
        return
        ;;
    --max-cell | --max-columns | --sheet)
        return
        ;;
    esac
    # After "--" every word is an operand.
    local dashdash=
    for ((i = first; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == -- ]] && dashdash=1
    done
    if [[ -z $dashdash && $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_ddcheck_options "$cmd")" -- "$cur"))
        return
    fi
    if ((COMP_CWORD == 1)); then
        COMPREPLY=($(compgen -W "$_ddcheck_commands" -- "$cur") $(compgen -f -- "$cur"))
        return
    fi
    case $cmd in
    help) ((COMP_CWORD == 2)) && COMPREPLY=($(compgen -W "$_ddcheck_commands" -- "$cur")) ;;
    lint | test) _ddcheck_checklist "$bin" "$cur" ;;
    checklists | docs | template) ;;
    *) COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
}
complete -o filenames -F _ddcheck ddcheck
