
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sesame' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sesame'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sesame' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new vault')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a secret (value from --generate, --from-file, stdin or a prompt)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a secret''s value')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secrets (without values unless --decrypt)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a secret''s value, making a new version')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the kept versions of a secret')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make a new version with the content of an older one')
            [CompletionResult]::new('mv', 'mv', [CompletionResultType]::ParameterValue, 'Rename a secret, keeping its versions')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove secrets with all their versions (`-r`: every secret under a prefix)')
            [CompletionResult]::new('cp', 'cp', [CompletionResultType]::ParameterValue, 'Copy a secret''s current value to a new secret')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a secret in $VISUAL or $EDITOR, making a new version if it changed')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Find secrets by ID or description (glob or substring; no values)')
            [CompletionResult]::new('grep', 'grep', [CompletionResultType]::ParameterValue, 'Find the secrets whose values match a pattern (prints IDs, never values)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the vault''s passphrase and end every session')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Convert a format-1 vault to format 2 (members, roles, git sync)')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show the vault''s path, format, KDF parameters, secrets and session')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every byte of the vault: every section, value and padding')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Start a session: print `export SESAME_SESSION=…` for `eval`')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End every session of the vault')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print secrets as environment assignments')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with secrets in its environment')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Fill `{{ sesame://ID }}` references in a template')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'List secrets whose rotation is due, that expire, or that go unused')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write secrets, with every kept version, as JSON or dotenv')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add secrets from a JSON export, dotenv, pass, KeePass XML or Bitwarden')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print a random value without storing it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page, or install them all so that `man sesame` works')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge two copies of a format-2 vault (the git merge driver; no key)')
            [CompletionResult]::new('git-textconv', 'git-textconv', [CompletionResultType]::ParameterValue, 'Print a vault''s record envelopes for `git diff` (never names or values)')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Set up git to merge and diff vaults with sesame')
            [CompletionResult]::new('identity', 'identity', [CompletionResultType]::ParameterValue, 'Make an age identity to unlock format-2 vaults with')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show the member you unlock as: slots and grants')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'Add, list and remove a vault''s members (vault owners), or your own slots')
            [CompletionResult]::new('owner', 'owner', [CompletionResultType]::ParameterValue, 'Make a member a vault owner, or not (vault owners only)')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Give a member a role on a scope: read, write or owner')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Take a member''s grant on a scope away; the scope moves to new keys')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'Who holds which role on the scopes you can see')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Commit the vault, pull with the merge driver, push (retrying)')
            [CompletionResult]::new('conflicts', 'conflicts', [CompletionResultType]::ParameterValue, 'List the secrets in conflict after a merge, with their heads')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'End a conflict: pick a version, or give a new value')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Who changed what and when, from the signed records (never a value)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;init' {
            [CompletionResult]::new('--kdf-memory', '--kdf-memory', [CompletionResultType]::ParameterName, 'Argon2id memory in MiB (19 to 4096) (default: 64, or kdf.memory_mib in the config)')
            [CompletionResult]::new('--kdf-iterations', '--kdf-iterations', [CompletionResultType]::ParameterName, 'Argon2id iterations (2 to 64) (default: 3, or kdf.iterations in the config)')
            [CompletionResult]::new('--kdf-parallelism', '--kdf-parallelism', [CompletionResultType]::ParameterName, 'Argon2id lanes (1 to 16) (default: 4, or kdf.parallelism in the config)')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Unlock with this key instead of a passphrase: an `age1…` recipient, an `ssh-ed25519 …` public key line, or a file holding one (format 2)')
            [CompletionResult]::new('--format-version', '--format-version', [CompletionResultType]::ParameterName, 'The vault''s format: 2 (members, roles, git sync), or 1 for a vault that sesame releases before format 2 must still read')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;add' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The secret''s type (default: from the path)')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value (characters, or words for `--charset words`) (default: 32, or 6 words)')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Characters of a generated value')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value (or the JSON fields of a structured secret) from a file; any bytes for a variable')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Set a non-secret field of a structured secret (repeatable)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description shown by `list` and `get --format json`')
            [CompletionResult]::new('--rotate-every', '--rotate-every', [CompletionResultType]::ParameterName, 'Rotate every DURATION (e.g. 90d, 12h, 1w2d); `audit` reports it when due')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'The secret expires at DATE (2027-01-31 or 2027-01-31T12:00:00Z)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'If the secret exists, store a new version instead of failing')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value from the OS random number generator')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Accept an empty value')
            [CompletionResult]::new('--no-rotate-every', '--no-rotate-every', [CompletionResultType]::ParameterName, 'Clear the rotation policy')
            [CompletionResult]::new('--no-expires', '--no-expires', [CompletionResultType]::ParameterName, 'Clear the expiry')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;get' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Read this version instead of the current one')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the value')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the value')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Copy the value to the clipboard instead of printing it; cleared after 45 s (clip_timeout, SESAME_CLIP_TIMEOUT) if it still holds it')
            [CompletionResult]::new('--clip', '--clip', [CompletionResultType]::ParameterName, 'Copy the value to the clipboard instead of printing it; cleared after 45 s (clip_timeout, SESAME_CLIP_TIMEOUT) if it still holds it')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;list' {
            [CompletionResult]::new('--owner-type', '--owner-type', [CompletionResultType]::ParameterName, 'Only this owner type (split form of PREFIX)')
            [CompletionResult]::new('--owner-id', '--owner-id', [CompletionResultType]::ParameterName, 'Only this owner id (split form; needs --owner-type)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Only this path prefix (split form; needs --owner-id)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only secrets of this type')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--decrypt', '--decrypt', [CompletionResultType]::ParameterName, 'Decrypt and show the values')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;rotate' {
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value (characters, or words for `--charset words`) (default: 32, or 6 words)')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Characters of a generated value')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value (or the JSON fields of a structured secret) from a file; any bytes for a variable')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Set a non-secret field of a structured secret (repeatable)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description shown by `list` and `get --format json`')
            [CompletionResult]::new('--rotate-every', '--rotate-every', [CompletionResultType]::ParameterName, 'Rotate every DURATION (e.g. 90d, 12h, 1w2d); `audit` reports it when due')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'The secret expires at DATE (2027-01-31 or 2027-01-31T12:00:00Z)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value from the OS random number generator')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Accept an empty value')
            [CompletionResult]::new('--no-rotate-every', '--no-rotate-every', [CompletionResultType]::ParameterName, 'Clear the rotation policy')
            [CompletionResult]::new('--no-expires', '--no-expires', [CompletionResultType]::ParameterName, 'Clear the expiry')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;history' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--decrypt', '--decrypt', [CompletionResultType]::ParameterName, 'Decrypt and show each version''s value')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;rollback' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The version whose content becomes the new version')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;mv' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Ignore IDs that do not exist (with -r: also remove without asking)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Remove every secret under each PREFIX, matched segment by segment')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Remove every secret under each PREFIX, matched segment by segment')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before removing (at a terminal, `rm` asks for each ID, `rm -r` once)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before removing (at a terminal, `rm` asks for each ID, `rm -r` once)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;cp' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'If DST exists, store the value as its next version')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;edit' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--unsafe-tmp', '--unsafe-tmp', [CompletionResultType]::ParameterName, 'Without a private XDG_RUNTIME_DIR, put the file beside the vault, on disk')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Accept an empty value')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;find' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only secrets of this type')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;grep' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `ID#field` lines, or JSON')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Take PATTERN as fixed text, not a regular expression')
            [CompletionResult]::new('--fixed-strings', '--fixed-strings', [CompletionResultType]::ParameterName, 'Take PATTERN as fixed text, not a regular expression')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Ignore case')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Ignore case')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;passwd' {
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Read the new passphrase from the first line of this file (default: prompt twice)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--rekey', '--rekey', [CompletionResultType]::ParameterName, 'Also replace the master key and re-encrypt every secret (for a leaked key or session)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;upgrade' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;info' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;verify' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--purge', '--purge', [CompletionResultType]::ParameterName, 'First end every change set aside (its author lacked the grant, or its signature fails) in the scopes you own: a vault owner only, format 2')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;unlock' {
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the session lasts, e.g. 15m, 2h (at most 24h; default: 15m or session_ttl)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Print the token alone instead of an `export` line')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;lock' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;env' {
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Name one variable explicitly: NAME=sesame://ID[#field] (repeatable; the only way to set PATH, LD_* and the like)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;run' {
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Name one variable explicitly: NAME=sesame://ID[#field] (repeatable; the only way to set PATH, LD_* and the like)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Also set the variables of FILE: `NAME=sesame://ID[#field]` or `NAME=value` lines (repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--keep-session', '--keep-session', [CompletionResultType]::ParameterName, 'Pass SESAME_SESSION on to the command (only for a command that runs sesame itself)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;inject' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The template (default: stdin)')
            [CompletionResult]::new('--in', '--in', [CompletionResultType]::ParameterName, 'The template (default: stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write the result, atomically and with mode 0600 (default: stdout)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the result, atomically and with mode 0600 (default: stdout)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;audit' {
            [CompletionResult]::new('--unused-for', '--unused-for', [CompletionResultType]::ParameterName, 'Also report secrets not read within DURATION (e.g. 90d), and never-read secrets older than it')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE, atomically and with mode 0600 (default: stdout)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to FILE, atomically and with mode 0600 (default: stdout)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;import' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Where dotenv keys, pass, KeePass and Bitwarden entries go, e.g. project/atlas/secret/Custom')
            [CompletionResult]::new('--on-conflict', '--on-conflict', [CompletionResultType]::ParameterName, 'What to do with IDs that exist already')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the IDs that would be imported; write nothing')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;generate' {
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length in characters, or in words for `--charset words` (default: 32, or 6 words)')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Characters to draw from')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;completions' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Where --install writes (default: `<data dir>/man/man1`, i.e. `~/.local/share/man/man1`)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--install', '--install', [CompletionResultType]::ParameterName, 'Write every page into DIR instead of printing one')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;merge' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;git-textconv' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;git' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Add the attributes line and write the merge driver and textconv into the repository''s own `.git/config` (idempotent; commits nothing)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;git;setup' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The repository (default: the one holding the vault file)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;git;help' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Add the attributes line and write the merge driver and textconv into the repository''s own `.git/config` (idempotent; commits nothing)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;git;help;setup' {
            break
        }
        'sesame;git;help;help' {
            break
        }
        'sesame;identity' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Write a new age identity (0600) and print its recipient `age1…`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;identity;new' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write it (default: `<config dir>/sesame/identity.txt`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write it (default: `<config dir>/sesame/identity.txt`)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;identity;help' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Write a new age identity (0600) and print its recipient `age1…`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;identity;help;new' {
            break
        }
        'sesame;identity;help;help' {
            break
        }
        'sesame;whoami' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;member' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member with one slot (no secret is sealed again)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a member: their grants go, every scope they could read moves to new keys, and the IDs whose values they could read are listed')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members: name, vault owner or not, slots, grants')
            [CompletionResult]::new('slot', 'slot', [CompletionResultType]::ParameterValue, 'Add or remove one of your own slots')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;member;add' {
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'An `age1…` recipient, an `ssh-ed25519 …` public key line, or a file holding one')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'With --passphrase: read the new member''s passphrase from this file')
            [CompletionResult]::new('--kdf-memory', '--kdf-memory', [CompletionResultType]::ParameterName, 'Argon2id memory in MiB for a passphrase slot (default: 64, or kdf.memory_mib in the config)')
            [CompletionResult]::new('--kdf-iterations', '--kdf-iterations', [CompletionResultType]::ParameterName, 'Argon2id iterations for a passphrase slot (default: 3)')
            [CompletionResult]::new('--kdf-parallelism', '--kdf-parallelism', [CompletionResultType]::ParameterName, 'Argon2id lanes for a passphrase slot (default: 4)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'A passphrase, read twice from the terminal or from --new-passphrase-file')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;member;rm' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the IDs the member could read')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;member;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;member;slot' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a slot: another passphrase, or an age or ssh key')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a slot by its fingerprint (as `whoami` shows it); one remains')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;member;slot;add' {
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'An `age1…` recipient, an `ssh-ed25519 …` public key line, or a file holding one')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'With --passphrase: read the new passphrase from this file')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'A passphrase, read twice from the terminal or from --new-passphrase-file')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;member;slot;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;member;slot;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a slot: another passphrase, or an age or ssh key')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a slot by its fingerprint (as `whoami` shows it); one remains')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;member;slot;help;add' {
            break
        }
        'sesame;member;slot;help;rm' {
            break
        }
        'sesame;member;slot;help;help' {
            break
        }
        'sesame;member;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member with one slot (no secret is sealed again)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a member: their grants go, every scope they could read moves to new keys, and the IDs whose values they could read are listed')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members: name, vault owner or not, slots, grants')
            [CompletionResult]::new('slot', 'slot', [CompletionResultType]::ParameterValue, 'Add or remove one of your own slots')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;member;help;add' {
            break
        }
        'sesame;member;help;rm' {
            break
        }
        'sesame;member;help;list' {
            break
        }
        'sesame;member;help;slot' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a slot: another passphrase, or an age or ssh key')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a slot by its fingerprint (as `whoami` shows it); one remains')
            break
        }
        'sesame;member;help;slot;add' {
            break
        }
        'sesame;member;help;slot;rm' {
            break
        }
        'sesame;member;help;help' {
            break
        }
        'sesame;owner' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a member a vault owner: owner of every scope but the private ones')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Make a vault owner a plain member (one vault owner must remain)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;owner;add' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;owner;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;owner;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a member a vault owner: owner of every scope but the private ones')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Make a vault owner a plain member (one vault owner must remain)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;owner;help;add' {
            break
        }
        'sesame;owner;help;rm' {
            break
        }
        'sesame;owner;help;help' {
            break
        }
        'sesame;grant' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the IDs the member could read, when a lower role takes their values away')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;revoke' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the IDs the member could read')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;access' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;sync' {
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'The remote to pull from and push to (default: the branch''s upstream)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The commit message (default: `sesame: <n> changes`)')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'The commit message (default: `sesame: <n> changes`)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;conflicts' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;resolve' {
            [CompletionResult]::new('--pick', '--pick', [CompletionResultType]::ParameterName, 'The version to keep: its number or short id')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value (characters, or words for `--charset words`) (default: 32, or 6 words)')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Characters of a generated value')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value (or the JSON fields of a structured secret) from a file; any bytes for a variable')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Set a non-secret field of a structured secret (repeatable)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description shown by `list` and `get --format json`')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value from the OS random number generator')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Accept an empty value')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;log' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file (default: `<data dir>/sesame/vault.sesame`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `<config dir>/sesame/config.toml`)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The default owner for IDs that do not start with an owner type, e.g. `project/atlas`')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Unlock with this identity file: an age identity or an unencrypted OpenSSH ed25519 key (format-2 vaults)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Which member''s passphrase to try (format-2 vaults; default: `member` in the config, else your login name if it is a member, else every member''s)')
            [CompletionResult]::new('--allow-rollback', '--allow-rollback', [CompletionResultType]::ParameterName, 'Open a vault older than one already seen on this machine')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notices on stderr (errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new vault')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a secret (value from --generate, --from-file, stdin or a prompt)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a secret''s value')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secrets (without values unless --decrypt)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a secret''s value, making a new version')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the kept versions of a secret')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make a new version with the content of an older one')
            [CompletionResult]::new('mv', 'mv', [CompletionResultType]::ParameterValue, 'Rename a secret, keeping its versions')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove secrets with all their versions (`-r`: every secret under a prefix)')
            [CompletionResult]::new('cp', 'cp', [CompletionResultType]::ParameterValue, 'Copy a secret''s current value to a new secret')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a secret in $VISUAL or $EDITOR, making a new version if it changed')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Find secrets by ID or description (glob or substring; no values)')
            [CompletionResult]::new('grep', 'grep', [CompletionResultType]::ParameterValue, 'Find the secrets whose values match a pattern (prints IDs, never values)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the vault''s passphrase and end every session')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Convert a format-1 vault to format 2 (members, roles, git sync)')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show the vault''s path, format, KDF parameters, secrets and session')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every byte of the vault: every section, value and padding')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Start a session: print `export SESAME_SESSION=…` for `eval`')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End every session of the vault')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print secrets as environment assignments')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with secrets in its environment')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Fill `{{ sesame://ID }}` references in a template')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'List secrets whose rotation is due, that expire, or that go unused')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write secrets, with every kept version, as JSON or dotenv')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add secrets from a JSON export, dotenv, pass, KeePass XML or Bitwarden')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print a random value without storing it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page, or install them all so that `man sesame` works')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge two copies of a format-2 vault (the git merge driver; no key)')
            [CompletionResult]::new('git-textconv', 'git-textconv', [CompletionResultType]::ParameterValue, 'Print a vault''s record envelopes for `git diff` (never names or values)')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Set up git to merge and diff vaults with sesame')
            [CompletionResult]::new('identity', 'identity', [CompletionResultType]::ParameterValue, 'Make an age identity to unlock format-2 vaults with')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show the member you unlock as: slots and grants')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'Add, list and remove a vault''s members (vault owners), or your own slots')
            [CompletionResult]::new('owner', 'owner', [CompletionResultType]::ParameterValue, 'Make a member a vault owner, or not (vault owners only)')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Give a member a role on a scope: read, write or owner')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Take a member''s grant on a scope away; the scope moves to new keys')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'Who holds which role on the scopes you can see')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Commit the vault, pull with the merge driver, push (retrying)')
            [CompletionResult]::new('conflicts', 'conflicts', [CompletionResultType]::ParameterValue, 'List the secrets in conflict after a merge, with their heads')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'End a conflict: pick a version, or give a new value')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Who changed what and when, from the signed records (never a value)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;help;init' {
            break
        }
        'sesame;help;add' {
            break
        }
        'sesame;help;get' {
            break
        }
        'sesame;help;list' {
            break
        }
        'sesame;help;rotate' {
            break
        }
        'sesame;help;history' {
            break
        }
        'sesame;help;rollback' {
            break
        }
        'sesame;help;mv' {
            break
        }
        'sesame;help;rm' {
            break
        }
        'sesame;help;cp' {
            break
        }
        'sesame;help;edit' {
            break
        }
        'sesame;help;find' {
            break
        }
        'sesame;help;grep' {
            break
        }
        'sesame;help;passwd' {
            break
        }
        'sesame;help;upgrade' {
            break
        }
        'sesame;help;info' {
            break
        }
        'sesame;help;verify' {
            break
        }
        'sesame;help;unlock' {
            break
        }
        'sesame;help;lock' {
            break
        }
        'sesame;help;env' {
            break
        }
        'sesame;help;run' {
            break
        }
        'sesame;help;inject' {
            break
        }
        'sesame;help;audit' {
            break
        }
        'sesame;help;export' {
            break
        }
        'sesame;help;import' {
            break
        }
        'sesame;help;generate' {
            break
        }
        'sesame;help;completions' {
            break
        }
        'sesame;help;man' {
            break
        }
        'sesame;help;merge' {
            break
        }
        'sesame;help;git-textconv' {
            break
        }
        'sesame;help;git' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Add the attributes line and write the merge driver and textconv into the repository''s own `.git/config` (idempotent; commits nothing)')
            break
        }
        'sesame;help;git;setup' {
            break
        }
        'sesame;help;identity' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Write a new age identity (0600) and print its recipient `age1…`')
            break
        }
        'sesame;help;identity;new' {
            break
        }
        'sesame;help;whoami' {
            break
        }
        'sesame;help;member' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member with one slot (no secret is sealed again)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a member: their grants go, every scope they could read moves to new keys, and the IDs whose values they could read are listed')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members: name, vault owner or not, slots, grants')
            [CompletionResult]::new('slot', 'slot', [CompletionResultType]::ParameterValue, 'Add or remove one of your own slots')
            break
        }
        'sesame;help;member;add' {
            break
        }
        'sesame;help;member;rm' {
            break
        }
        'sesame;help;member;list' {
            break
        }
        'sesame;help;member;slot' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a slot: another passphrase, or an age or ssh key')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a slot by its fingerprint (as `whoami` shows it); one remains')
            break
        }
        'sesame;help;member;slot;add' {
            break
        }
        'sesame;help;member;slot;rm' {
            break
        }
        'sesame;help;owner' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a member a vault owner: owner of every scope but the private ones')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Make a vault owner a plain member (one vault owner must remain)')
            break
        }
        'sesame;help;owner;add' {
            break
        }
        'sesame;help;owner;rm' {
            break
        }
        'sesame;help;grant' {
            break
        }
        'sesame;help;revoke' {
            break
        }
        'sesame;help;access' {
            break
        }
        'sesame;help;sync' {
            break
        }
        'sesame;help;conflicts' {
            break
        }
        'sesame;help;resolve' {
            break
        }
        'sesame;help;log' {
            break
        }
        'sesame;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
