
# What sesame adds to clap's completion (issue 4, issue 15): secret IDs,
# `ID#` fields and `rollback --to` versions from `sesame __complete`, which
# reads the whole line (so `--vault`, `--config` and `--owner` on it count)
# and offers something only while a session is active (SESAME_SESSION).
# Without one, an ID position offers nothing: no files, no prompt. After
# `run … --`, the command and its arguments complete as fish would complete
# them on their own.
function __sesame_after_dashdash
    set -l tokens (commandline -opc)
    set -l i (contains -i -- -- $tokens); or return 1
    contains -- run $tokens[1..$i]
end
function __sesame_complete_command
    set -l tokens (commandline -opc)
    set -l i (contains -i -- -- $tokens)
    __fish_complete_subcommand --commandline $tokens[(math $i + 1)..-1] (commandline -ct)
end
function __sesame_id_position
    __fish_seen_subcommand_from get add rm rotate history rollback mv list env run resolve cp edit log; or return 1
    not contains -- -- (commandline -opc)
end
complete -c sesame -n "__sesame_after_dashdash" -f -a "(__sesame_complete_command)"
complete -c sesame -n "__sesame_id_position" -f
complete -c sesame -n "set -q SESAME_SESSION; and __sesame_id_position" -f -a "(sesame __complete --line -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null </dev/null)"
complete -c sesame -n "set -q SESAME_SESSION; and __fish_sesame_using_subcommand rollback" -l to -r -f -a "(sesame __complete --line -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null </dev/null)"
