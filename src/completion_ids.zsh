
# What sesame adds to clap's completion (issue 4, issue 15): secret IDs,
# `ID#` fields and `rollback --to` versions from `sesame __complete`, which
# reads the whole line (so `--vault`, `--config` and `--owner` on it count)
# and offers something only while a session is active (SESAME_SESSION).
# Without one, an ID position offers nothing: no files, no prompt. After
# `run … --`, the command and its arguments complete as zsh would complete
# them on their own. Wraps clap's `_sesame_clap`.
_sesame() {
    local sub="" word i skip=0 dashdash=0
    for ((i = 2; i < CURRENT; i++)); do
        word="${words[i]}"
        if ((skip)); then skip=0; continue; fi
        case "$word" in
            --) dashdash=$i; break ;;
            --vault|--config|--owner|--passphrase-file) skip=1 ;;
            -*) ;;
            *) [[ -z "$sub" ]] && sub="$word" ;;
        esac
    done
    if ((dashdash)); then
        [[ "$sub" == run ]] || return 1
        words=("${(@)words[dashdash+1,-1]}")
        (( CURRENT -= dashdash ))
        _normal
        return
    fi
    local prev="${words[CURRENT-1]}"
    case "$sub" in
        get|add|rm|rotate|history|rollback|mv|list|env|run|resolve|cp|edit|log) ;;
        *) _sesame_clap "$@"; return ;;
    esac
    if [[ "$PREFIX" == -* ]]; then
        _sesame_clap "$@"; return
    fi
    case "$prev" in
        --format|--type|--charset|--from-file|--vault|--config|--passphrase-file|--owner-type|--on-conflict)
            _sesame_clap "$@"; return ;;
    esac
    # An ID, a field, a version, or another option's value: only what
    # sesame offers, never files.
    [[ -n "${SESAME_SESSION:-}" ]] || return 1
    local -a candidates partial whole
    candidates=(${(f)"$(sesame __complete --line -- "${(@)words[2,CURRENT-1]}" "$PREFIX" 2>/dev/null </dev/null)"})
    ((${#candidates})) || return 1
    partial=(${(M)candidates:#*/})
    whole=(${candidates:#*/})
    ((${#partial})) && compadd -S '' -- $partial
    ((${#whole})) && compadd -- $whole
    return 0
}
