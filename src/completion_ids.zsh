
# Secret IDs, completed segment by segment by `sesame __complete` while a
# session is active (SESAME_SESSION). Without one, nothing is offered and
# nothing prompts. Wraps clap's `_sesame_clap`.
_sesame() {
    local sub="" word i skip=0
    for ((i = 2; i < CURRENT; i++)); do
        word="${words[i]}"
        if ((skip)); then skip=0; continue; fi
        case "$word" in
            --) sub=""; break ;;
            --vault|--config|--owner|--passphrase-file) skip=1 ;;
            -*) ;;
            *) [[ -z "$sub" ]] && sub="$word" ;;
        esac
    done
    if [[ -n "${SESAME_SESSION:-}" && "$PREFIX" != -* ]]; then
        case "$sub" in
            get|add|rm|rotate|history|rollback|mv|list|env|run)
                case "${words[CURRENT-1]}" in
                    --format|--version|--to|--type|--charset|--length|--from-file|--field|--description|--map|--owner-type|--owner-id|--path|--vault|--config|--owner|--passphrase-file|--ttl) ;;
                    *)
                        local -a candidates partial whole
                        candidates=(${(f)"$(sesame __complete -- "$PREFIX" 2>/dev/null </dev/null)"})
                        partial=(${(M)candidates:#*/})
                        whole=(${candidates:#*/})
                        if ((${#candidates})); then
                            ((${#partial})) && compadd -S '' -- $partial
                            ((${#whole})) && compadd -- $whole
                            return 0
                        fi ;;
                esac ;;
        esac
    fi
    _sesame_clap "$@"
}
