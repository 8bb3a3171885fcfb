
# Secret IDs, completed segment by segment by `sesame __complete` while a
# session is active (SESAME_SESSION). Without one, nothing is offered.
complete -c sesame -n "set -q SESAME_SESSION; and __fish_seen_subcommand_from get add rm rotate history rollback mv list env run; and not __fish_seen_argument -l format" -f -a "(sesame __complete -- (commandline -ct) 2>/dev/null </dev/null)"
