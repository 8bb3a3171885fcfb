# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sesame_global_optspecs
    string join \n vault= config= owner= passphrase-file= identity= member= allow-rollback q/quiet h/help V/version
end

function __fish_sesame_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sesame_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sesame_using_subcommand
    set -l cmd (__fish_sesame_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sesame -n "__fish_sesame_needs_command" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_needs_command" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_needs_command" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_needs_command" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_needs_command" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_needs_command" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_needs_command" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_needs_command" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_needs_command" -s V -l version -d 'Print version'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "init" -d 'Create a new vault'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "add" -d 'Add a secret (value from --generate, --from-file, stdin or a prompt)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "get" -d 'Print a secret\'s value'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "list" -d 'List secrets (without values unless --decrypt)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "rotate" -d 'Replace a secret\'s value, making a new version'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "history" -d 'List the kept versions of a secret'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "rollback" -d 'Make a new version with the content of an older one'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "mv" -d 'Rename a secret, keeping its versions'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "rm" -d 'Remove secrets with all their versions (`-r`: every secret under a prefix)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "cp" -d 'Copy a secret\'s current value to a new secret'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "edit" -d 'Edit a secret in $VISUAL or $EDITOR, making a new version if it changed'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "find" -d 'Find secrets by ID or description (glob or substring; no values)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "grep" -d 'Find the secrets whose values match a pattern (prints IDs, never values)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "passwd" -d 'Change the vault\'s passphrase and end every session'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "upgrade" -d 'Convert a format-1 vault to format 2 (members, roles, git sync)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "info" -d 'Show the vault\'s path, format, KDF parameters, secrets and session'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "verify" -d 'Check every byte of the vault: every section, value and padding'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "unlock" -d 'Start a session: print `export SESAME_SESSION=…` for `eval`'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "lock" -d 'End every session of the vault'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "env" -d 'Print secrets as environment assignments'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "run" -d 'Run a command with secrets in its environment'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "inject" -d 'Fill `{{ sesame://ID }}` references in a template'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "audit" -d 'List secrets whose rotation is due, that expire, or that go unused'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "export" -d 'Write secrets, with every kept version, as JSON or dotenv'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "import" -d 'Add secrets from a JSON export, dotenv, pass, KeePass XML or Bitwarden'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "generate" -d 'Print a random value without storing it'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "man" -d 'Print a man page, or install them all so that `man sesame` works'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "merge" -d 'Merge two copies of a format-2 vault (the git merge driver; no key)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "git-textconv" -d 'Print a vault\'s record envelopes for `git diff` (never names or values)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "git" -d 'Set up git to merge and diff vaults with sesame'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "identity" -d 'Make an age identity to unlock format-2 vaults with'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "whoami" -d 'Show the member you unlock as: slots and grants'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "member" -d 'Add, list and remove a vault\'s members (vault owners), or your own slots'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "owner" -d 'Make a member a vault owner, or not (vault owners only)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "grant" -d 'Give a member a role on a scope: read, write or owner'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "revoke" -d 'Take a member\'s grant on a scope away; the scope moves to new keys'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "access" -d 'Who holds which role on the scopes you can see'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "sync" -d 'Commit the vault, pull with the merge driver, push (retrying)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "conflicts" -d 'List the secrets in conflict after a merge, with their heads'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "resolve" -d 'End a conflict: pick a version, or give a new value'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "log" -d 'Who changed what and when, from the signed records (never a value)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand init" -l kdf-memory -d 'Argon2id memory in MiB (19 to 4096) (default: 64, or kdf.memory_mib in the config)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand init" -l kdf-iterations -d 'Argon2id iterations (2 to 64) (default: 3, or kdf.iterations in the config)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand init" -l kdf-parallelism -d 'Argon2id lanes (1 to 16) (default: 4, or kdf.parallelism in the config)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand init" -l recipient -d 'Unlock with this key instead of a passphrase: an `age1…` recipient, an `ssh-ed25519 …` public key line, or a file holding one (format 2)' -r
complete -c sesame -n "__fish_sesame_using_subcommand init" -l format-version -d 'The vault\'s format: 2 (members, roles, git sync), or 1 for a vault that sesame releases before format 2 must still read' -r
complete -c sesame -n "__fish_sesame_using_subcommand init" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand init" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand init" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand init" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand init" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand init" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand init" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand init" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand init" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand add" -l type -d 'The secret\'s type (default: from the path)' -r
complete -c sesame -n "__fish_sesame_using_subcommand add" -l length -d 'Length of a generated value (characters, or words for `--charset words`) (default: 32, or 6 words)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand add" -l charset -d 'Characters of a generated value' -r -f -a "alnum\t'Letters and digits'
symbols\t'Letters, digits and ASCII punctuation'
hex\t'Lower-case hexadecimal digits'
words\t'Words from the EFF large word list, joined by `-`'"
complete -c sesame -n "__fish_sesame_using_subcommand add" -l from-file -d 'Read the value (or the JSON fields of a structured secret) from a file; any bytes for a variable' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand add" -l field -d 'Set a non-secret field of a structured secret (repeatable)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand add" -l description -d 'A description shown by `list` and `get --format json`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand add" -l rotate-every -d 'Rotate every DURATION (e.g. 90d, 12h, 1w2d); `audit` reports it when due' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand add" -l expires -d 'The secret expires at DATE (2027-01-31 or 2027-01-31T12:00:00Z)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand add" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand add" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand add" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand add" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand add" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand add" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand add" -l force -d 'If the secret exists, store a new version instead of failing'
complete -c sesame -n "__fish_sesame_using_subcommand add" -l generate -d 'Generate a random value from the OS random number generator'
complete -c sesame -n "__fish_sesame_using_subcommand add" -l allow-empty -d 'Accept an empty value'
complete -c sesame -n "__fish_sesame_using_subcommand add" -l no-rotate-every -d 'Clear the rotation policy'
complete -c sesame -n "__fish_sesame_using_subcommand add" -l no-expires -d 'Clear the expiry'
complete -c sesame -n "__fish_sesame_using_subcommand add" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand add" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand get" -l version -d 'Read this version instead of the current one' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand get" -l format -d 'Output format' -r -f -a "value\t'The bare value (fields as one JSON line for structured secrets)'
json\t'An object with the metadata and the value'"
complete -c sesame -n "__fish_sesame_using_subcommand get" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand get" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand get" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand get" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand get" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand get" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand get" -s n -l no-newline -d 'Do not print a newline after the value'
complete -c sesame -n "__fish_sesame_using_subcommand get" -s c -l clip -d 'Copy the value to the clipboard instead of printing it; cleared after 45 s (clip_timeout, SESAME_CLIP_TIMEOUT) if it still holds it'
complete -c sesame -n "__fish_sesame_using_subcommand get" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand get" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand list" -l owner-type -d 'Only this owner type (split form of PREFIX)' -r
complete -c sesame -n "__fish_sesame_using_subcommand list" -l owner-id -d 'Only this owner id (split form; needs --owner-type)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand list" -l path -d 'Only this path prefix (split form; needs --owner-id)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand list" -l type -d 'Only secrets of this type' -r
complete -c sesame -n "__fish_sesame_using_subcommand list" -l format -d 'Output format' -r -f -a "table\t'A table of ID, type, version and update time'
ids\t'One ID per line'
json\t'An array of objects'"
complete -c sesame -n "__fish_sesame_using_subcommand list" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand list" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand list" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand list" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand list" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand list" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand list" -l decrypt -d 'Decrypt and show the values'
complete -c sesame -n "__fish_sesame_using_subcommand list" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand list" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l length -d 'Length of a generated value (characters, or words for `--charset words`) (default: 32, or 6 words)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l charset -d 'Characters of a generated value' -r -f -a "alnum\t'Letters and digits'
symbols\t'Letters, digits and ASCII punctuation'
hex\t'Lower-case hexadecimal digits'
words\t'Words from the EFF large word list, joined by `-`'"
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l from-file -d 'Read the value (or the JSON fields of a structured secret) from a file; any bytes for a variable' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l field -d 'Set a non-secret field of a structured secret (repeatable)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l description -d 'A description shown by `list` and `get --format json`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l rotate-every -d 'Rotate every DURATION (e.g. 90d, 12h, 1w2d); `audit` reports it when due' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l expires -d 'The secret expires at DATE (2027-01-31 or 2027-01-31T12:00:00Z)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l generate -d 'Generate a random value from the OS random number generator'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l allow-empty -d 'Accept an empty value'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l no-rotate-every -d 'Clear the rotation policy'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l no-expires -d 'Clear the expiry'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand history" -l format -d 'Output format' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand history" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand history" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand history" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand history" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand history" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand history" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand history" -l decrypt -d 'Decrypt and show each version\'s value'
complete -c sesame -n "__fish_sesame_using_subcommand history" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand history" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l to -d 'The version whose content becomes the new version' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand mv" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand mv" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand mv" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand mv" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand mv" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand mv" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand mv" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand mv" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand mv" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l force -d 'Ignore IDs that do not exist (with -r: also remove without asking)'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -s r -l recursive -d 'Remove every secret under each PREFIX, matched segment by segment'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -s y -l yes -d 'Do not ask before removing (at a terminal, `rm` asks for each ID, `rm -r` once)'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l force -d 'If DST exists, store the value as its next version'
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand cp" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand cp" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l unsafe-tmp -d 'Without a private XDG_RUNTIME_DIR, put the file beside the vault, on disk'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l allow-empty -d 'Accept an empty value'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand find" -l type -d 'Only secrets of this type' -r
complete -c sesame -n "__fish_sesame_using_subcommand find" -l format -d 'Output format' -r -f -a "table\t'A table of ID, type, version and update time'
ids\t'One ID per line'
json\t'An array of objects'"
complete -c sesame -n "__fish_sesame_using_subcommand find" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand find" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand find" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand find" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand find" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand find" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand find" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand find" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand find" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand grep" -l format -d 'Output format: `ID#field` lines, or JSON' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand grep" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand grep" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand grep" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand grep" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand grep" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand grep" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand grep" -s F -l fixed-strings -d 'Take PATTERN as fixed text, not a regular expression'
complete -c sesame -n "__fish_sesame_using_subcommand grep" -s i -l ignore-case -d 'Ignore case'
complete -c sesame -n "__fish_sesame_using_subcommand grep" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand grep" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand grep" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l new-passphrase-file -d 'Read the new passphrase from the first line of this file (default: prompt twice)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l rekey -d 'Also replace the master key and re-encrypt every secret (for a leaked key or session)'
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand info" -l format -d 'Output format' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand info" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand info" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand info" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand info" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand info" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand info" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand info" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand info" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand verify" -l format -d 'Output format' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand verify" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand verify" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand verify" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand verify" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand verify" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand verify" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand verify" -l purge -d 'First end every change set aside (its author lacked the grant, or its signature fails) in the scopes you own: a vault owner only, format 2'
complete -c sesame -n "__fish_sesame_using_subcommand verify" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand verify" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l ttl -d 'How long the session lasts, e.g. 15m, 2h (at most 24h; default: 15m or session_ttl)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l raw -d 'Print the token alone instead of an `export` line'
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand lock" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand lock" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand lock" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand lock" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand lock" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand lock" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand lock" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand lock" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand lock" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand env" -l map -d 'Name one variable explicitly: NAME=sesame://ID[#field] (repeatable; the only way to set PATH, LD_* and the like)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand env" -l format -d 'Output format' -r -f -a "sh\t'`export NAME=\'value\'` lines for POSIX shells'
dotenv\t'`NAME=\'value\'` lines for dotenv readers'
fish\t'`set -gx NAME \'value\'` lines for fish'
json\t'One JSON object of names and values'"
complete -c sesame -n "__fish_sesame_using_subcommand env" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand env" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand env" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand env" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand env" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand env" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand env" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand env" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand env" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand run" -l map -d 'Name one variable explicitly: NAME=sesame://ID[#field] (repeatable; the only way to set PATH, LD_* and the like)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand run" -l env-file -d 'Also set the variables of FILE: `NAME=sesame://ID[#field]` or `NAME=value` lines (repeatable)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand run" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand run" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand run" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand run" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand run" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand run" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand run" -l keep-session -d 'Pass SESAME_SESSION on to the command (only for a command that runs sesame itself)'
complete -c sesame -n "__fish_sesame_using_subcommand run" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand run" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand inject" -s i -l in -d 'The template (default: stdin)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand inject" -s o -l out -d 'Where to write the result, atomically and with mode 0600 (default: stdout)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand inject" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand inject" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand audit" -l unused-for -d 'Also report secrets not read within DURATION (e.g. 90d), and never-read secrets older than it' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand audit" -l format -d 'Output format' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand audit" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand audit" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand audit" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand audit" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand audit" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand audit" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand audit" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand audit" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand export" -l format -d 'Output format' -r -f -a "json\t'sesame\'s JSON, with every kept version (for backups)'
dotenv\t'`NAME="value"` lines, named as `env` names them'"
complete -c sesame -n "__fish_sesame_using_subcommand export" -s o -l out -d 'Write to FILE, atomically and with mode 0600 (default: stdout)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand export" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand export" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand export" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand export" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand export" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand export" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand export" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand export" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand import" -l format -d 'Input format' -r -f -a "json\t'sesame\'s JSON export, or `[{"id": …, "value": …}]`'
dotenv\t'`KEY=value` lines; each key becomes PREFIX/KEY'
pass\t'A pass password store; each entry becomes `PREFIX/<path>`'
keepass-xml\t'KeePass XML (`keepassxc-cli export --format xml`); groups become segments under PREFIX'
bitwarden\t'Bitwarden\'s unencrypted JSON export; folders become segments under PREFIX'"
complete -c sesame -n "__fish_sesame_using_subcommand import" -l prefix -d 'Where dotenv keys, pass, KeePass and Bitwarden entries go, e.g. project/atlas/secret/Custom' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand import" -l on-conflict -d 'What to do with IDs that exist already' -r -f -a "fail\t'Stop, and import nothing (exit 4)'
skip\t'Leave the existing secret alone'
overwrite\t'Replace it (a value-only entry becomes its next version)'"
complete -c sesame -n "__fish_sesame_using_subcommand import" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand import" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand import" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand import" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand import" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand import" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand import" -l dry-run -d 'Print the IDs that would be imported; write nothing'
complete -c sesame -n "__fish_sesame_using_subcommand import" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand import" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l length -d 'Length in characters, or in words for `--charset words` (default: 32, or 6 words)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l charset -d 'Characters to draw from' -r -f -a "alnum\t'Letters and digits'
symbols\t'Letters, digits and ASCII punctuation'
hex\t'Lower-case hexadecimal digits'
words\t'Words from the EFF large word list, joined by `-`'"
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand completions" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand completions" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand completions" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand completions" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand completions" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand completions" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand completions" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand completions" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand completions" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand man" -l dir -d 'Where --install writes (default: `<data dir>/man/man1`, i.e. `~/.local/share/man/man1`)' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand man" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand man" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand man" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand man" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand man" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand man" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand man" -l install -d 'Write every page into DIR instead of printing one'
complete -c sesame -n "__fish_sesame_using_subcommand man" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand man" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand merge" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand merge" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand merge" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand merge" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand merge" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand merge" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand merge" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand merge" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand merge" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand git-textconv" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git-textconv" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git-textconv" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand git-textconv" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git-textconv" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git-textconv" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand git-textconv" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand git-textconv" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand git-textconv" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -f -a "setup" -d 'Add the attributes line and write the merge driver and textconv into the repository\'s own `.git/config` (idempotent; commits nothing)'
complete -c sesame -n "__fish_sesame_using_subcommand git; and not __fish_seen_subcommand_from setup help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from setup" -l repo -d 'The repository (default: the one holding the vault file)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from setup" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from setup" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from setup" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from setup" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from setup" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from setup" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from setup" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from setup" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Add the attributes line and write the merge driver and textconv into the repository\'s own `.git/config` (idempotent; commits nothing)'
complete -c sesame -n "__fish_sesame_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -f -a "new" -d 'Write a new age identity (0600) and print its recipient `age1…`'
complete -c sesame -n "__fish_sesame_using_subcommand identity; and not __fish_seen_subcommand_from new help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from new" -s o -l output -d 'Where to write it (default: `<config dir>/sesame/identity.txt`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from new" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from new" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from new" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from new" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from new" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from new" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from new" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from help" -f -a "new" -d 'Write a new age identity (0600) and print its recipient `age1…`'
complete -c sesame -n "__fish_sesame_using_subcommand identity; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand whoami" -l format -d 'Output format' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand whoami" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand whoami" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand whoami" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand whoami" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand whoami" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand whoami" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand whoami" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand whoami" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -f -a "add" -d 'Add a member with one slot (no secret is sealed again)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -f -a "rm" -d 'Remove a member: their grants go, every scope they could read moves to new keys, and the IDs whose values they could read are listed'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -f -a "list" -d 'List the members: name, vault owner or not, slots, grants'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -f -a "slot" -d 'Add or remove one of your own slots'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add rm list slot help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l recipient -d 'An `age1…` recipient, an `ssh-ed25519 …` public key line, or a file holding one' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l new-passphrase-file -d 'With --passphrase: read the new member\'s passphrase from this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l kdf-memory -d 'Argon2id memory in MiB for a passphrase slot (default: 64, or kdf.memory_mib in the config)' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l kdf-iterations -d 'Argon2id iterations for a passphrase slot (default: 3)' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l kdf-parallelism -d 'Argon2id lanes for a passphrase slot (default: 4)' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l passphrase -d 'A passphrase, read twice from the terminal or from --new-passphrase-file'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l format -d 'Output format of the IDs the member could read' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -f -a "add" -d 'Add a slot: another passphrase, or an age or ssh key'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -f -a "rm" -d 'Remove a slot by its fingerprint (as `whoami` shows it); one remains'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from slot" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a member with one slot (no secret is sealed again)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a member: their grants go, every scope they could read moves to new keys, and the IDs whose values they could read are listed'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the members: name, vault owner or not, slots, grants'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "slot" -d 'Add or remove one of your own slots'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -f -a "add" -d 'Make a member a vault owner: owner of every scope but the private ones'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -f -a "rm" -d 'Make a vault owner a plain member (one vault owner must remain)'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and not __fish_seen_subcommand_from add rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from add" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from add" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from add" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from add" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from add" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from add" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from add" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from rm" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from rm" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from rm" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from rm" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from rm" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from rm" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from rm" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from help" -f -a "add" -d 'Make a member a vault owner: owner of every scope but the private ones'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Make a vault owner a plain member (one vault owner must remain)'
complete -c sesame -n "__fish_sesame_using_subcommand owner; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand grant" -l format -d 'Output format of the IDs the member could read, when a lower role takes their values away' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand grant" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand grant" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand grant" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand grant" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand grant" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand grant" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand grant" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand grant" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand grant" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l format -d 'Output format of the IDs the member could read' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand access" -l format -d 'Output format' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand access" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand access" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand access" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand access" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand access" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand access" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand access" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand access" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand access" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l remote -d 'The remote to pull from and push to (default: the branch\'s upstream)' -r
complete -c sesame -n "__fish_sesame_using_subcommand sync" -s m -l message -d 'The commit message (default: `sesame: <n> changes`)' -r
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand sync" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand conflicts" -l format -d 'Output format' -r -f -a "table\t'A table of ID, type, version and update time'
ids\t'One ID per line'
json\t'An array of objects'"
complete -c sesame -n "__fish_sesame_using_subcommand conflicts" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand conflicts" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand conflicts" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand conflicts" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand conflicts" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand conflicts" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand conflicts" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand conflicts" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand conflicts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l pick -d 'The version to keep: its number or short id' -r
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l length -d 'Length of a generated value (characters, or words for `--charset words`) (default: 32, or 6 words)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l charset -d 'Characters of a generated value' -r -f -a "alnum\t'Letters and digits'
symbols\t'Letters, digits and ASCII punctuation'
hex\t'Lower-case hexadecimal digits'
words\t'Words from the EFF large word list, joined by `-`'"
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l from-file -d 'Read the value (or the JSON fields of a structured secret) from a file; any bytes for a variable' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l field -d 'Set a non-secret field of a structured secret (repeatable)' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l description -d 'A description shown by `list` and `get --format json`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l generate -d 'Generate a random value from the OS random number generator'
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l allow-empty -d 'Accept an empty value'
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand log" -l format -d 'Output format' -r -f -a "table\t'For people'
json\t'For programs'"
complete -c sesame -n "__fish_sesame_using_subcommand log" -l vault -d 'The vault file (default: `<data dir>/sesame/vault.sesame`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand log" -l config -d 'The config file (default: `<config dir>/sesame/config.toml`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand log" -l owner -d 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`' -r -f
complete -c sesame -n "__fish_sesame_using_subcommand log" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand log" -l identity -d 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand log" -l member -d 'Which member\'s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member\'s)' -r
complete -c sesame -n "__fish_sesame_using_subcommand log" -l allow-rollback -d 'Open a vault older than one already seen on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand log" -s q -l quiet -d 'Print no notices on stderr (errors are still printed)'
complete -c sesame -n "__fish_sesame_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "init" -d 'Create a new vault'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "add" -d 'Add a secret (value from --generate, --from-file, stdin or a prompt)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "get" -d 'Print a secret\'s value'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "list" -d 'List secrets (without values unless --decrypt)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "rotate" -d 'Replace a secret\'s value, making a new version'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "history" -d 'List the kept versions of a secret'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "rollback" -d 'Make a new version with the content of an older one'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "mv" -d 'Rename a secret, keeping its versions'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "rm" -d 'Remove secrets with all their versions (`-r`: every secret under a prefix)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "cp" -d 'Copy a secret\'s current value to a new secret'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "edit" -d 'Edit a secret in $VISUAL or $EDITOR, making a new version if it changed'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "find" -d 'Find secrets by ID or description (glob or substring; no values)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "grep" -d 'Find the secrets whose values match a pattern (prints IDs, never values)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "passwd" -d 'Change the vault\'s passphrase and end every session'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "upgrade" -d 'Convert a format-1 vault to format 2 (members, roles, git sync)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "info" -d 'Show the vault\'s path, format, KDF parameters, secrets and session'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "verify" -d 'Check every byte of the vault: every section, value and padding'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "unlock" -d 'Start a session: print `export SESAME_SESSION=…` for `eval`'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "lock" -d 'End every session of the vault'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "env" -d 'Print secrets as environment assignments'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "run" -d 'Run a command with secrets in its environment'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "inject" -d 'Fill `{{ sesame://ID }}` references in a template'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "audit" -d 'List secrets whose rotation is due, that expire, or that go unused'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "export" -d 'Write secrets, with every kept version, as JSON or dotenv'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "import" -d 'Add secrets from a JSON export, dotenv, pass, KeePass XML or Bitwarden'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "generate" -d 'Print a random value without storing it'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "completions" -d 'Print a shell completion script'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "man" -d 'Print a man page, or install them all so that `man sesame` works'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "merge" -d 'Merge two copies of a format-2 vault (the git merge driver; no key)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "git-textconv" -d 'Print a vault\'s record envelopes for `git diff` (never names or values)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "git" -d 'Set up git to merge and diff vaults with sesame'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "identity" -d 'Make an age identity to unlock format-2 vaults with'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "whoami" -d 'Show the member you unlock as: slots and grants'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "member" -d 'Add, list and remove a vault\'s members (vault owners), or your own slots'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "owner" -d 'Make a member a vault owner, or not (vault owners only)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "grant" -d 'Give a member a role on a scope: read, write or owner'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "revoke" -d 'Take a member\'s grant on a scope away; the scope moves to new keys'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "access" -d 'Who holds which role on the scopes you can see'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "sync" -d 'Commit the vault, pull with the merge driver, push (retrying)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "conflicts" -d 'List the secrets in conflict after a merge, with their heads'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "resolve" -d 'End a conflict: pick a version, or give a new value'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "log" -d 'Who changed what and when, from the signed records (never a value)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init add get list rotate history rollback mv rm cp edit find grep passwd upgrade info verify unlock lock env run inject audit export import generate completions man merge git-textconv git identity whoami member owner grant revoke access sync conflicts resolve log help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "setup" -d 'Add the attributes line and write the merge driver and textconv into the repository\'s own `.git/config` (idempotent; commits nothing)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from identity" -f -a "new" -d 'Write a new age identity (0600) and print its recipient `age1…`'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "add" -d 'Add a member with one slot (no secret is sealed again)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "rm" -d 'Remove a member: their grants go, every scope they could read moves to new keys, and the IDs whose values they could read are listed'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "list" -d 'List the members: name, vault owner or not, slots, grants'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "slot" -d 'Add or remove one of your own slots'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from owner" -f -a "add" -d 'Make a member a vault owner: owner of every scope but the private ones'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from owner" -f -a "rm" -d 'Make a vault owner a plain member (one vault owner must remain)'

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
