# fish completion for ddcheck(1): commands, each command's options, formats, built-in checklist
# ids (asked of the ddcheck being completed) and file names. The options per command follow
# cli/options.c; tests/cli/options_agree.sh checks that none is missing.

set -l __ddcheck_commands evaluate logic checklists lint test template explain docs diff help

# True when the command being completed is one of the arguments; a line without a command word
# is evaluate.
function __ddcheck_command
    set -l words (commandline -opc)
    set -l cmd evaluate
    if set -q words[2]; and contains -- $words[2] evaluate logic checklists lint test template explain docs diff help
        set cmd $words[2]
    end
    contains -- $cmd $argv
end

function __ddcheck_checklists
    set -l bin (commandline -opc)[1]
    $bin checklists 2>/dev/null | string replace -r ' .*' ''
end

complete -c ddcheck -f
complete -c ddcheck -n "__fish_use_subcommand" -a "$__ddcheck_commands" -d command
complete -c ddcheck -n "__ddcheck_command help" -a "$__ddcheck_commands"

# evaluate
complete -c ddcheck -n '__ddcheck_command evaluate' -F
complete -c ddcheck -n '__ddcheck_command evaluate template explain docs' -s c -l checklist -x -a '(__ddcheck_checklists; __fish_complete_suffix .json)' -d 'a checklist file, or the id of a built-in one'
complete -c ddcheck -n '__ddcheck_command evaluate' -s f -l format -x -a 'text markdown html json jsonl csv summary junit sarif github tap actions xlsx' -d 'a report format; repeat for several'
complete -c ddcheck -n '__ddcheck_command evaluate' -s o -l output -r -F -d 'write the preceding -f report to OUT'
complete -c ddcheck -n '__ddcheck_command evaluate' -l fail-on -x -a 'gap invalid never' -d 'when the exit status is 1'
complete -c ddcheck -n '__ddcheck_command evaluate' -l waivers -r -F -d 'accepted gaps (CSV or JSON)'
complete -c ddcheck -n '__ddcheck_command evaluate' -l baseline -r -F -d 'an earlier JSON report: only new gaps fail'
complete -c ddcheck -n '__ddcheck_command evaluate' -l delimiter -x -a 'tab , \; \|' -d 'the CSV cell separator'
complete -c ddcheck -n '__ddcheck_command evaluate' -l max-cell -x -d 'the longest cell read (K, M, G allowed)'
complete -c ddcheck -n '__ddcheck_command evaluate' -l max-columns -x -d 'the most cells in a row'
complete -c ddcheck -n '__ddcheck_command evaluate' -l encoding -x -a 'windows-1252 ISO-8859-1 UTF-16 UTF-16LE UTF-16BE UTF-8' -d 'the text encoding of CSV files'
complete -c ddcheck -n '__ddcheck_command evaluate' -l decimal -x -a '. ,' -d 'the decimal separator of numbers in CSV files'
complete -c ddcheck -n '__ddcheck_command evaluate' -l no-bom -d 'no byte-order mark on csv, summary and actions files'
complete -c ddcheck -n '__ddcheck_command evaluate' -l sheet -x -d 'the worksheet of an Excel workbook to read'
complete -c ddcheck -n '__ddcheck_command evaluate' -l threads -x -a '1 2' -d 'parse the CSV on a second core'
complete -c ddcheck -n '__ddcheck_command evaluate' -l color -x -a 'auto always never' -d 'colour in the text report'
complete -c ddcheck -n '__ddcheck_command evaluate' -l no-color -d 'the same as --color never'
complete -c ddcheck -n '__ddcheck_command evaluate' -s v -l verbose -d 'also show passes where a format shows only gaps'
complete -c ddcheck -n '__ddcheck_command evaluate' -l details -x -a 'all' -d 'html: full details for the N worst failing projects, or all'
complete -c ddcheck -n '__ddcheck_command evaluate' -l version -d 'print the version and exit'

# every command
complete -c ddcheck -n '__ddcheck_command evaluate logic checklists lint test template explain docs diff' -s h -l help -d 'print this help and exit'

# lint, test
complete -c ddcheck -n '__ddcheck_command lint test' -a '(__ddcheck_checklists; __fish_complete_suffix .json)'
complete -c ddcheck -n '__ddcheck_command lint' -l strict -d 'exit 1 when there are warnings'
complete -c ddcheck -n '__ddcheck_command test' -l coverage -d 'also list the outcomes no test asserts'

# template
complete -c ddcheck -n '__ddcheck_command template' -s f -l format -x -a 'csv markdown' -d 'csv (the header row) or markdown (the data dictionary)'
complete -c ddcheck -n '__ddcheck_command template' -l example -d 'add an example row'

# explain, logic
complete -c ddcheck -n '__ddcheck_command explain logic' -F

# diff
complete -c ddcheck -n '__ddcheck_command diff' -a '(__fish_complete_suffix .json)'
complete -c ddcheck -n '__ddcheck_command diff' -s f -l format -x -a 'text markdown json csv' -d 'the format of the diff'
complete -c ddcheck -n '__ddcheck_command diff' -s o -l output -r -F -d 'write the diff to OUT'
