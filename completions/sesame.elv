
use builtin;
use str;

set edit:completion:arg-completer[sesame] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sesame'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sesame'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a new vault'
            cand add 'Add a secret (value from --generate, --from-file, stdin or a prompt)'
            cand get 'Print a secret''s value'
            cand list 'List secrets (without values unless --decrypt)'
            cand rotate 'Replace a secret''s value, making a new version'
            cand history 'List the kept versions of a secret'
            cand rollback 'Make a new version with the content of an older one'
            cand mv 'Rename a secret, keeping its versions'
            cand rm 'Remove secrets with all their versions (`-r`: every secret under a prefix)'
            cand cp 'Copy a secret''s current value to a new secret'
            cand edit 'Edit a secret in $VISUAL or $EDITOR, making a new version if it changed'
            cand find 'Find secrets by ID or description (glob or substring; no values)'
            cand grep 'Find the secrets whose values match a pattern (prints IDs, never values)'
            cand passwd 'Change the vault''s passphrase and end every session'
            cand upgrade 'Convert a format-1 vault to format 2 (members, roles, git sync)'
            cand info 'Show the vault''s path, format, KDF parameters, secrets and session'
            cand verify 'Check every byte of the vault: every section, value and padding'
            cand unlock 'Start a session: print `export SESAME_SESSION=…` for `eval`'
            cand lock 'End every session of the vault'
            cand env 'Print secrets as environment assignments'
            cand run 'Run a command with secrets in its environment'
            cand inject 'Fill `{{ sesame://ID }}` references in a template'
            cand audit 'List secrets whose rotation is due, that expire, or that go unused'
            cand export 'Write secrets, with every kept version, as JSON or dotenv'
            cand import 'Add secrets from a JSON export, dotenv, pass, KeePass XML or Bitwarden'
            cand generate 'Print a random value without storing it'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page, or install them all so that `man sesame` works'
            cand merge 'Merge two copies of a format-2 vault (the git merge driver; no key)'
            cand git-textconv 'Print a vault''s record envelopes for `git diff` (never names or values)'
            cand git 'Set up git to merge and diff vaults with sesame'
            cand identity 'Make an age identity to unlock format-2 vaults with'
            cand whoami 'Show the member you unlock as: slots and grants'
            cand member 'Add, list and remove a vault''s members (vault owners), or your own slots'
            cand owner 'Make a member a vault owner, or not (vault owners only)'
            cand grant 'Give a member a role on a scope: read, write or owner'
            cand revoke 'Take a member''s grant on a scope away; the scope moves to new keys'
            cand access 'Who holds which role on the scopes you can see'
            cand sync 'Commit the vault, pull with the merge driver, push (retrying)'
            cand conflicts 'List the secrets in conflict after a merge, with their heads'
            cand resolve 'End a conflict: pick a version, or give a new value'
            cand log 'Who changed what and when, from the signed records (never a value)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;init'= {
            cand --kdf-memory 'Argon2id memory in MiB (19 to 4096) (default: 64, or kdf.memory_mib in the config)'
            cand --kdf-iterations 'Argon2id iterations (2 to 64) (default: 3, or kdf.iterations in the config)'
            cand --kdf-parallelism 'Argon2id lanes (1 to 16) (default: 4, or kdf.parallelism in the config)'
            cand --recipient 'Unlock with this key instead of a passphrase: an `age1…` recipient, an `ssh-ed25519 …` public key line, or a file holding one (format 2)'
            cand --format-version 'The vault''s format: 2 (members, roles, git sync), or 1 for a vault that sesame releases before format 2 must still read'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;add'= {
            cand --type 'The secret''s type (default: from the path)'
            cand --length 'Length of a generated value (characters, or words for `--charset words`) (default: 32, or 6 words)'
            cand --charset 'Characters of a generated value'
            cand --from-file 'Read the value (or the JSON fields of a structured secret) from a file; any bytes for a variable'
            cand --field 'Set a non-secret field of a structured secret (repeatable)'
            cand --description 'A description shown by `list` and `get --format json`'
            cand --rotate-every 'Rotate every DURATION (e.g. 90d, 12h, 1w2d); `audit` reports it when due'
            cand --expires 'The secret expires at DATE (2027-01-31 or 2027-01-31T12:00:00Z)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --force 'If the secret exists, store a new version instead of failing'
            cand --generate 'Generate a random value from the OS random number generator'
            cand --allow-empty 'Accept an empty value'
            cand --no-rotate-every 'Clear the rotation policy'
            cand --no-expires 'Clear the expiry'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;get'= {
            cand --version 'Read this version instead of the current one'
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand -n 'Do not print a newline after the value'
            cand --no-newline 'Do not print a newline after the value'
            cand -c 'Copy the value to the clipboard instead of printing it; cleared after 45 s (clip_timeout, SESAME_CLIP_TIMEOUT) if it still holds it'
            cand --clip 'Copy the value to the clipboard instead of printing it; cleared after 45 s (clip_timeout, SESAME_CLIP_TIMEOUT) if it still holds it'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;list'= {
            cand --owner-type 'Only this owner type (split form of PREFIX)'
            cand --owner-id 'Only this owner id (split form; needs --owner-type)'
            cand --path 'Only this path prefix (split form; needs --owner-id)'
            cand --type 'Only secrets of this type'
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --decrypt 'Decrypt and show the values'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;rotate'= {
            cand --length 'Length of a generated value (characters, or words for `--charset words`) (default: 32, or 6 words)'
            cand --charset 'Characters of a generated value'
            cand --from-file 'Read the value (or the JSON fields of a structured secret) from a file; any bytes for a variable'
            cand --field 'Set a non-secret field of a structured secret (repeatable)'
            cand --description 'A description shown by `list` and `get --format json`'
            cand --rotate-every 'Rotate every DURATION (e.g. 90d, 12h, 1w2d); `audit` reports it when due'
            cand --expires 'The secret expires at DATE (2027-01-31 or 2027-01-31T12:00:00Z)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --generate 'Generate a random value from the OS random number generator'
            cand --allow-empty 'Accept an empty value'
            cand --no-rotate-every 'Clear the rotation policy'
            cand --no-expires 'Clear the expiry'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;history'= {
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --decrypt 'Decrypt and show each version''s value'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;rollback'= {
            cand --to 'The version whose content becomes the new version'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;mv'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;rm'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --force 'Ignore IDs that do not exist (with -r: also remove without asking)'
            cand -r 'Remove every secret under each PREFIX, matched segment by segment'
            cand --recursive 'Remove every secret under each PREFIX, matched segment by segment'
            cand -y 'Do not ask before removing (at a terminal, `rm` asks for each ID, `rm -r` once)'
            cand --yes 'Do not ask before removing (at a terminal, `rm` asks for each ID, `rm -r` once)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;cp'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --force 'If DST exists, store the value as its next version'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;edit'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --unsafe-tmp 'Without a private XDG_RUNTIME_DIR, put the file beside the vault, on disk'
            cand --allow-empty 'Accept an empty value'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;find'= {
            cand --type 'Only secrets of this type'
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;grep'= {
            cand --format 'Output format: `ID#field` lines, or JSON'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand -F 'Take PATTERN as fixed text, not a regular expression'
            cand --fixed-strings 'Take PATTERN as fixed text, not a regular expression'
            cand -i 'Ignore case'
            cand --ignore-case 'Ignore case'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;passwd'= {
            cand --new-passphrase-file 'Read the new passphrase from the first line of this file (default: prompt twice)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --rekey 'Also replace the master key and re-encrypt every secret (for a leaked key or session)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;upgrade'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;info'= {
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;verify'= {
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --purge 'First end every change set aside (its author lacked the grant, or its signature fails) in the scopes you own: a vault owner only, format 2'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;unlock'= {
            cand --ttl 'How long the session lasts, e.g. 15m, 2h (at most 24h; default: 15m or session_ttl)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --raw 'Print the token alone instead of an `export` line'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;lock'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;env'= {
            cand --map 'Name one variable explicitly: NAME=sesame://ID[#field] (repeatable; the only way to set PATH, LD_* and the like)'
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;run'= {
            cand --map 'Name one variable explicitly: NAME=sesame://ID[#field] (repeatable; the only way to set PATH, LD_* and the like)'
            cand --env-file 'Also set the variables of FILE: `NAME=sesame://ID[#field]` or `NAME=value` lines (repeatable)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --keep-session 'Pass SESAME_SESSION on to the command (only for a command that runs sesame itself)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;inject'= {
            cand -i 'The template (default: stdin)'
            cand --in 'The template (default: stdin)'
            cand -o 'Where to write the result, atomically and with mode 0600 (default: stdout)'
            cand --out 'Where to write the result, atomically and with mode 0600 (default: stdout)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;audit'= {
            cand --unused-for 'Also report secrets not read within DURATION (e.g. 90d), and never-read secrets older than it'
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;export'= {
            cand --format 'Output format'
            cand -o 'Write to FILE, atomically and with mode 0600 (default: stdout)'
            cand --out 'Write to FILE, atomically and with mode 0600 (default: stdout)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;import'= {
            cand --format 'Input format'
            cand --prefix 'Where dotenv keys, pass, KeePass and Bitwarden entries go, e.g. project/atlas/secret/Custom'
            cand --on-conflict 'What to do with IDs that exist already'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --dry-run 'Print the IDs that would be imported; write nothing'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;generate'= {
            cand --length 'Length in characters, or in words for `--charset words` (default: 32, or 6 words)'
            cand --charset 'Characters to draw from'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;completions'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;man'= {
            cand --dir 'Where --install writes (default: `<data dir>/man/man1`, i.e. `~/.local/share/man/man1`)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --install 'Write every page into DIR instead of printing one'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;merge'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;git-textconv'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;git'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand setup 'Add the attributes line and write the merge driver and textconv into the repository''s own `.git/config` (idempotent; commits nothing)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;git;setup'= {
            cand --repo 'The repository (default: the one holding the vault file)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;git;help'= {
            cand setup 'Add the attributes line and write the merge driver and textconv into the repository''s own `.git/config` (idempotent; commits nothing)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;git;help;setup'= {
        }
        &'sesame;git;help;help'= {
        }
        &'sesame;identity'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand new 'Write a new age identity (0600) and print its recipient `age1…`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;identity;new'= {
            cand -o 'Where to write it (default: `<config dir>/sesame/identity.txt`)'
            cand --output 'Where to write it (default: `<config dir>/sesame/identity.txt`)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;identity;help'= {
            cand new 'Write a new age identity (0600) and print its recipient `age1…`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;identity;help;new'= {
        }
        &'sesame;identity;help;help'= {
        }
        &'sesame;whoami'= {
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;member'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add a member with one slot (no secret is sealed again)'
            cand rm 'Remove a member: their grants go, every scope they could read moves to new keys, and the IDs whose values they could read are listed'
            cand list 'List the members: name, vault owner or not, slots, grants'
            cand slot 'Add or remove one of your own slots'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;member;add'= {
            cand --recipient 'An `age1…` recipient, an `ssh-ed25519 …` public key line, or a file holding one'
            cand --new-passphrase-file 'With --passphrase: read the new member''s passphrase from this file'
            cand --kdf-memory 'Argon2id memory in MiB for a passphrase slot (default: 64, or kdf.memory_mib in the config)'
            cand --kdf-iterations 'Argon2id iterations for a passphrase slot (default: 3)'
            cand --kdf-parallelism 'Argon2id lanes for a passphrase slot (default: 4)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --passphrase 'A passphrase, read twice from the terminal or from --new-passphrase-file'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;member;rm'= {
            cand --format 'Output format of the IDs the member could read'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;member;list'= {
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;member;slot'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add a slot: another passphrase, or an age or ssh key'
            cand rm 'Remove a slot by its fingerprint (as `whoami` shows it); one remains'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;member;slot;add'= {
            cand --recipient 'An `age1…` recipient, an `ssh-ed25519 …` public key line, or a file holding one'
            cand --new-passphrase-file 'With --passphrase: read the new passphrase from this file'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --passphrase 'A passphrase, read twice from the terminal or from --new-passphrase-file'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;member;slot;rm'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;member;slot;help'= {
            cand add 'Add a slot: another passphrase, or an age or ssh key'
            cand rm 'Remove a slot by its fingerprint (as `whoami` shows it); one remains'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;member;slot;help;add'= {
        }
        &'sesame;member;slot;help;rm'= {
        }
        &'sesame;member;slot;help;help'= {
        }
        &'sesame;member;help'= {
            cand add 'Add a member with one slot (no secret is sealed again)'
            cand rm 'Remove a member: their grants go, every scope they could read moves to new keys, and the IDs whose values they could read are listed'
            cand list 'List the members: name, vault owner or not, slots, grants'
            cand slot 'Add or remove one of your own slots'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;member;help;add'= {
        }
        &'sesame;member;help;rm'= {
        }
        &'sesame;member;help;list'= {
        }
        &'sesame;member;help;slot'= {
            cand add 'Add a slot: another passphrase, or an age or ssh key'
            cand rm 'Remove a slot by its fingerprint (as `whoami` shows it); one remains'
        }
        &'sesame;member;help;slot;add'= {
        }
        &'sesame;member;help;slot;rm'= {
        }
        &'sesame;member;help;help'= {
        }
        &'sesame;owner'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Make a member a vault owner: owner of every scope but the private ones'
            cand rm 'Make a vault owner a plain member (one vault owner must remain)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;owner;add'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;owner;rm'= {
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;owner;help'= {
            cand add 'Make a member a vault owner: owner of every scope but the private ones'
            cand rm 'Make a vault owner a plain member (one vault owner must remain)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;owner;help;add'= {
        }
        &'sesame;owner;help;rm'= {
        }
        &'sesame;owner;help;help'= {
        }
        &'sesame;grant'= {
            cand --format 'Output format of the IDs the member could read, when a lower role takes their values away'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;revoke'= {
            cand --format 'Output format of the IDs the member could read'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;access'= {
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;sync'= {
            cand --remote 'The remote to pull from and push to (default: the branch''s upstream)'
            cand -m 'The commit message (default: `sesame: <n> changes`)'
            cand --message 'The commit message (default: `sesame: <n> changes`)'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;conflicts'= {
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;resolve'= {
            cand --pick 'The version to keep: its number or short id'
            cand --length 'Length of a generated value (characters, or words for `--charset words`) (default: 32, or 6 words)'
            cand --charset 'Characters of a generated value'
            cand --from-file 'Read the value (or the JSON fields of a structured secret) from a file; any bytes for a variable'
            cand --field 'Set a non-secret field of a structured secret (repeatable)'
            cand --description 'A description shown by `list` and `get --format json`'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --generate 'Generate a random value from the OS random number generator'
            cand --allow-empty 'Accept an empty value'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;log'= {
            cand --format 'Output format'
            cand --vault 'The vault file (default: `<data dir>/sesame/vault.sesame`)'
            cand --config 'The config file (default: `<config dir>/sesame/config.toml`)'
            cand --owner 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --identity 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)'
            cand --member 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)'
            cand --allow-rollback 'Open a vault older than one already seen on this machine'
            cand -q 'Print no notices on stderr (errors are still printed)'
            cand --quiet 'Print no notices on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;help'= {
            cand init 'Create a new vault'
            cand add 'Add a secret (value from --generate, --from-file, stdin or a prompt)'
            cand get 'Print a secret''s value'
            cand list 'List secrets (without values unless --decrypt)'
            cand rotate 'Replace a secret''s value, making a new version'
            cand history 'List the kept versions of a secret'
            cand rollback 'Make a new version with the content of an older one'
            cand mv 'Rename a secret, keeping its versions'
            cand rm 'Remove secrets with all their versions (`-r`: every secret under a prefix)'
            cand cp 'Copy a secret''s current value to a new secret'
            cand edit 'Edit a secret in $VISUAL or $EDITOR, making a new version if it changed'
            cand find 'Find secrets by ID or description (glob or substring; no values)'
            cand grep 'Find the secrets whose values match a pattern (prints IDs, never values)'
            cand passwd 'Change the vault''s passphrase and end every session'
            cand upgrade 'Convert a format-1 vault to format 2 (members, roles, git sync)'
            cand info 'Show the vault''s path, format, KDF parameters, secrets and session'
            cand verify 'Check every byte of the vault: every section, value and padding'
            cand unlock 'Start a session: print `export SESAME_SESSION=…` for `eval`'
            cand lock 'End every session of the vault'
            cand env 'Print secrets as environment assignments'
            cand run 'Run a command with secrets in its environment'
            cand inject 'Fill `{{ sesame://ID }}` references in a template'
            cand audit 'List secrets whose rotation is due, that expire, or that go unused'
            cand export 'Write secrets, with every kept version, as JSON or dotenv'
            cand import 'Add secrets from a JSON export, dotenv, pass, KeePass XML or Bitwarden'
            cand generate 'Print a random value without storing it'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page, or install them all so that `man sesame` works'
            cand merge 'Merge two copies of a format-2 vault (the git merge driver; no key)'
            cand git-textconv 'Print a vault''s record envelopes for `git diff` (never names or values)'
            cand git 'Set up git to merge and diff vaults with sesame'
            cand identity 'Make an age identity to unlock format-2 vaults with'
            cand whoami 'Show the member you unlock as: slots and grants'
            cand member 'Add, list and remove a vault''s members (vault owners), or your own slots'
            cand owner 'Make a member a vault owner, or not (vault owners only)'
            cand grant 'Give a member a role on a scope: read, write or owner'
            cand revoke 'Take a member''s grant on a scope away; the scope moves to new keys'
            cand access 'Who holds which role on the scopes you can see'
            cand sync 'Commit the vault, pull with the merge driver, push (retrying)'
            cand conflicts 'List the secrets in conflict after a merge, with their heads'
            cand resolve 'End a conflict: pick a version, or give a new value'
            cand log 'Who changed what and when, from the signed records (never a value)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;help;init'= {
        }
        &'sesame;help;add'= {
        }
        &'sesame;help;get'= {
        }
        &'sesame;help;list'= {
        }
        &'sesame;help;rotate'= {
        }
        &'sesame;help;history'= {
        }
        &'sesame;help;rollback'= {
        }
        &'sesame;help;mv'= {
        }
        &'sesame;help;rm'= {
        }
        &'sesame;help;cp'= {
        }
        &'sesame;help;edit'= {
        }
        &'sesame;help;find'= {
        }
        &'sesame;help;grep'= {
        }
        &'sesame;help;passwd'= {
        }
        &'sesame;help;upgrade'= {
        }
        &'sesame;help;info'= {
        }
        &'sesame;help;verify'= {
        }
        &'sesame;help;unlock'= {
        }
        &'sesame;help;lock'= {
        }
        &'sesame;help;env'= {
        }
        &'sesame;help;run'= {
        }
        &'sesame;help;inject'= {
        }
        &'sesame;help;audit'= {
        }
        &'sesame;help;export'= {
        }
        &'sesame;help;import'= {
        }
        &'sesame;help;generate'= {
        }
        &'sesame;help;completions'= {
        }
        &'sesame;help;man'= {
        }
        &'sesame;help;merge'= {
        }
        &'sesame;help;git-textconv'= {
        }
        &'sesame;help;git'= {
            cand setup 'Add the attributes line and write the merge driver and textconv into the repository''s own `.git/config` (idempotent; commits nothing)'
        }
        &'sesame;help;git;setup'= {
        }
        &'sesame;help;identity'= {
            cand new 'Write a new age identity (0600) and print its recipient `age1…`'
        }
        &'sesame;help;identity;new'= {
        }
        &'sesame;help;whoami'= {
        }
        &'sesame;help;member'= {
            cand add 'Add a member with one slot (no secret is sealed again)'
            cand rm 'Remove a member: their grants go, every scope they could read moves to new keys, and the IDs whose values they could read are listed'
            cand list 'List the members: name, vault owner or not, slots, grants'
            cand slot 'Add or remove one of your own slots'
        }
        &'sesame;help;member;add'= {
        }
        &'sesame;help;member;rm'= {
        }
        &'sesame;help;member;list'= {
        }
        &'sesame;help;member;slot'= {
            cand add 'Add a slot: another passphrase, or an age or ssh key'
            cand rm 'Remove a slot by its fingerprint (as `whoami` shows it); one remains'
        }
        &'sesame;help;member;slot;add'= {
        }
        &'sesame;help;member;slot;rm'= {
        }
        &'sesame;help;owner'= {
            cand add 'Make a member a vault owner: owner of every scope but the private ones'
            cand rm 'Make a vault owner a plain member (one vault owner must remain)'
        }
        &'sesame;help;owner;add'= {
        }
        &'sesame;help;owner;rm'= {
        }
        &'sesame;help;grant'= {
        }
        &'sesame;help;revoke'= {
        }
        &'sesame;help;access'= {
        }
        &'sesame;help;sync'= {
        }
        &'sesame;help;conflicts'= {
        }
        &'sesame;help;resolve'= {
        }
        &'sesame;help;log'= {
        }
        &'sesame;help;help'= {
        }
    ]
    $completions[$command]
}
