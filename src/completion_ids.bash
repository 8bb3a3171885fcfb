
# Secret IDs, completed segment by segment by `sesame __complete` while a
# session is active (SESAME_SESSION). Without one, nothing is offered and
# nothing prompts.
_sesame_with_ids() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    local sub="" word i skip=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        if ((skip)); then skip=0; continue; fi
        case "$word" in
            --) sub=""; break ;;
            --vault|--config|--owner|--passphrase-file) skip=1 ;;
            -*) ;;
            *) [[ -z "$sub" ]] && sub="$word" ;;
        esac
    done
    case "$sub" in
        get|add|rm|rotate|history|rollback|mv|list|env|run) ;;
        *) _sesame "$@"; return ;;
    esac
    case "$cur" in -*) _sesame "$@"; return ;; esac
    case "$prev" in
        --format|--version|--to|--type|--charset|--length|--from-file|--field|--description|--map|--owner-type|--owner-id|--path|--vault|--config|--owner|--passphrase-file|--ttl)
            _sesame "$@"; return ;;
    esac
    if [[ -n "${SESAME_SESSION:-}" ]]; then
        local IFS=$'\n' candidates
        candidates=($(sesame __complete -- "$cur" 2>/dev/null </dev/null))
        if ((${#candidates[@]})); then
            COMPREPLY=("${candidates[@]}")
            [[ "${candidates[*]}" == */* && "${candidates[0]}" == */ ]] && compopt -o nospace 2>/dev/null
            return 0
        fi
    fi
    _sesame "$@"
}
complete -F _sesame_with_ids -o bashdefault -o default sesame
