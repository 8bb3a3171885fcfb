
# What sesame adds to clap's script (issue 4, issue 15): secret IDs,
# `ID#` fields and `rollback --to` versions from `sesame __complete`, which
# reads the whole line (so `--vault`, `--config` and `--owner` on it count)
# and offers something only while a session is active (SESAME_SESSION).
# Without one, an ID position offers nothing: no options, no files, no
# prompt. After `run … --`, the command and its arguments complete as bash
# would complete them on their own.
_sesame_with_ids() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    local sub="" word i skip=0 dashdash=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        # `--vault=PATH` reaches us as `--vault`, `=`, `PATH`.
        if ((skip)); then [[ "$word" == "=" ]] || skip=0; continue; fi
        case "$word" in
            --) dashdash=$i; break ;;
            --vault|--config|--owner|--passphrase-file) skip=1 ;;
            -*) ;;
            *) [[ -z "$sub" ]] && sub="$word" ;;
        esac
    done
    if ((dashdash)); then
        [[ "$sub" == run ]] || return 0
        _sesame_command_after $((dashdash + 1))
        return
    fi
    case "$sub" in
        get|add|rm|rotate|history|rollback|mv|list|env|run|resolve|cp|edit|log) ;;
        *)
            case "$prev" in
                --ttl|--length|--kdf-memory|--kdf-iterations|--kdf-parallelism|--unused-for|--owner)
                    compopt +o default +o bashdefault 2>/dev/null
                    COMPREPLY=()
                    return 0 ;;
            esac
            _sesame "$@"; return ;;
    esac
    case "$cur" in -*) _sesame "$@"; return ;; esac
    case "$prev" in
        --format|--type|--charset|--from-file|--vault|--config|--passphrase-file|--owner-type|--on-conflict)
            _sesame "$@"; return ;;
    esac
    # An ID, a field, a version, or another option's value: only what
    # sesame offers, never files.
    compopt +o default +o bashdefault 2>/dev/null
    COMPREPLY=()
    [[ -n "${SESAME_SESSION:-}" ]] || return 0
    local IFS=$'\n' candidates
    candidates=($(sesame __complete --line -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null </dev/null))
    if ((${#candidates[@]})); then
        COMPREPLY=("${candidates[@]}")
        [[ "${candidates[0]}" == */ ]] && compopt -o nospace 2>/dev/null
    fi
    return 0
}

# Completes COMP_WORDS[$1…] as a command line of its own: bash-completion's
# `_command_offset` when it is loaded (the command's own completion), else
# command names first and file names after.
_sesame_command_after() {
    local offset=$1
    if declare -F _comp_command_offset >/dev/null; then
        _comp_command_offset "$offset"
    elif declare -F _command_offset >/dev/null; then
        _command_offset "$offset"
    elif ((COMP_CWORD == offset)); then
        compopt +o default 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -c -- "${COMP_WORDS[COMP_CWORD]}"))
    else
        local IFS=$'\n'
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "${COMP_WORDS[COMP_CWORD]}"))
    fi
}
complete -F _sesame_with_ids -o bashdefault -o default sesame
