//! Builds the format-2 vaults `bench/compare.sh` times (`convert`: any
//! number of owners, 200 per write, where `sesame upgrade` makes one
//! record and so stops at 255), and library-level stand-ins for `get`,
//! `list`, `add`, `rotate`, `rm` (the engine alone, without the CLI; the
//! benchmark times the `sesame` binary itself, with a session).
//!
//! ```text
//! v2bench convert V1 V2 KEYFILE     format-1 vault (made by `sesame import`,
//!                                   opened with SESAME_PASSPHRASE) → format 2,
//!                                   at most 200 owners per write; KEYFILE gets
//!                                   the member id and user key (hex, 0600)
//! v2bench get V2 KEYFILE ID         prints the value
//! v2bench list V2 KEYFILE [PREFIX]  prints the IDs
//! v2bench add V2 KEYFILE ID VALUE [--force]   one write each; --force: a
//! v2bench rotate V2 KEYFILE ID VALUE           new version if ID exists
//! v2bench rm V2 KEYFILE ID [--force]           --force: nothing to do is fine
//! ```
//!
//! Each warm command does what the format-2 `get`/`add`/… will: open the
//! file lazily (`Image::open`), open the engine with the user key (a
//! session's job: no KDF), act, commit, encode and write atomically (temp
//! file, fsync, rename). KEYFILE is the benchmark's stand-in for a session: it holds
//! the user key in the clear, so it lives only under the bench directory.

use std::io::Write;
use std::path::{Path, PathBuf};

use sesame::secret_type::Fields;
use sesame::vault::v2::engine::{self, Engine, Load, NewSlot};
use sesame::vault::v2::image::Image;
use sesame::vault::v2::keys::{PassphraseIdentity, UserKey};
use sesame::{OpenOptions, Prefix, SecretId, SecretString, Unlock, Vault};

const HISTORY: usize = 10;
const DEVICE: [u8; 16] = *b"sesame-bench-dev";
/// Owners per write: one write holds at most 255 scope tags.
const OWNERS_PER_WRITE: usize = 200;

fn main() {
    if let Err(e) = run() {
        eprintln!("v2bench: {e}");
        std::process::exit(1);
    }
}

fn usage() -> sesame::Error {
    sesame::Error::usage("usage: v2bench convert|get|list|add|rotate|rm VAULT KEYFILE [ARGS]")
}

fn run() -> sesame::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = args.split_first().ok_or_else(usage)?;
    match (cmd.as_str(), rest) {
        ("convert", [v1, v2, key]) => convert(Path::new(v1), Path::new(v2), Path::new(key)),
        ("get", [v, key, id]) => {
            let id: SecretId = id.parse()?;
            let engine = open(v, key, Load::Ids(std::slice::from_ref(&id)))?;
            let (scope, secret) = engine
                .find(&id)
                .ok_or_else(|| sesame::Error::SecretNotFound { id: id.to_string() })?;
            let version = secret.current().ok_or_else(usage)?;
            let fields = engine.open_version(scope, secret, version)?;
            let (_, value) = fields.iter().next().ok_or_else(usage)?;
            println!("{}", value.expose_secret());
            Ok(())
        }
        ("list", [v, key, prefix @ ..]) => {
            let prefix = match prefix {
                [] => Prefix::all(),
                [p] => Prefix::parse_with_default(p, None)?,
                _ => return Err(usage()),
            };
            let engine = open(v, key, Load::Prefix(&prefix))?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for (id, ..) in engine.secrets() {
                if prefix.matches(&id) {
                    writeln!(out, "{id}").map_err(io)?;
                }
            }
            Ok(())
        }
        ("add" | "rotate", [v, key, id, value, force @ ..]) => {
            let force = matches!(force, [f] if f == "--force");
            let id: SecretId = id.parse()?;
            let mut engine = open(v, key, Load::Ids(std::slice::from_ref(&id)))?;
            let fields = Fields::single(SecretString::from(value.clone()), false)?;
            if cmd == "add" && !(force && engine.contains(&id)) {
                engine.add(&id, &fields, None, sesame::vault::now())?;
            } else {
                engine.add_version(&id, &fields, None)?;
            }
            save(v, &mut engine)
        }
        ("rm", [v, key, id, force @ ..]) => {
            let force = matches!(force, [f] if f == "--force");
            let id: SecretId = id.parse()?;
            let mut engine = open(v, key, Load::Ids(std::slice::from_ref(&id)))?;
            if force && !engine.contains(&id) {
                return Ok(());
            }
            engine.remove(&id)?;
            save(v, &mut engine)
        }
        _ => Err(usage()),
    }
}

fn io(e: std::io::Error) -> sesame::Error {
    sesame::Error::usage(format!("i/o: {e}"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    if s.len() != 2 * N {
        return None;
    }
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

fn open(vault: &str, keyfile: &str, load: Load<'_>) -> sesame::Result<Engine> {
    let text = std::fs::read_to_string(keyfile).map_err(io)?;
    let mut words = text.split_whitespace();
    let bad = || sesame::Error::usage("bad key file");
    let member = words.next().and_then(unhex::<16>).ok_or_else(bad)?;
    let uk = words.next().and_then(unhex::<32>).ok_or_else(bad)?;
    // Lazily: the header, tables and record heads; parts and pages as
    // the engine asks for them (a write reads the rest before encoding).
    let file = std::fs::File::open(vault).map_err(io)?;
    let image = Image::open(file).map_err(|_| sesame::Error::usage("not a format-2 vault"))?;
    Ok(Engine::open_with(
        image,
        member,
        UserKey::from_bytes(uk),
        DEVICE,
        HISTORY,
        load,
    )?)
}

fn save(vault: &str, engine: &mut Engine) -> sesame::Result<()> {
    engine.commit()?;
    write_atomic(Path::new(vault), &engine.image().encode())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> sesame::Result<()> {
    let tmp = PathBuf::from(format!("{}.tmp", path.display()));
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

fn convert(v1: &Path, v2: &Path, keyfile: &Path) -> sesame::Result<()> {
    let passphrase = std::env::var("SESAME_PASSPHRASE")
        .map_err(|_| sesame::Error::usage("SESAME_PASSPHRASE is not set"))?;
    let mut vault = Vault::open(
        v1,
        Unlock::Passphrase(passphrase.clone().into()),
        &OpenOptions::default(),
    )?;
    let mut secrets = Vec::new();
    for setting in vault.list(&Prefix::all(), None, false)? {
        secrets.push(vault.export_record(&setting.info.id)?);
    }
    let passphrase = SecretString::from(passphrase);
    let image = engine::create(
        vault.vault_id(),
        "bench",
        &NewSlot::Passphrase(&passphrase, sesame::KdfParams::default()),
        &DEVICE,
    )?;
    let (member, uk) = engine::unlock(&image, &PassphraseIdentity(passphrase), None, None)?;
    let key_text = format!(
        "{} {}\n",
        hex(&member),
        hex(uk.expose_secret().expose_secret())
    );
    let mut engine = Engine::open(image, member, uk, DEVICE, HISTORY)?;
    // Secrets come sorted by ID, so owners come one after another.
    let mut owners = 0;
    let mut last = None;
    for secret in &secrets {
        if last.as_ref() != Some(secret.id.owner()) {
            last = Some(secret.id.owner().clone());
            owners += 1;
            if owners > OWNERS_PER_WRITE {
                engine.commit()?;
                owners = 1;
            }
        }
        engine.put_exported(secret)?;
    }
    engine.commit()?;
    write_atomic(v2, &engine.image().encode())?;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode_0600()
        .open(keyfile)
        .map_err(io)?;
    f.write_all(key_text.as_bytes()).map_err(io)?;
    Ok(())
}

trait Mode0600 {
    fn mode_0600(&mut self) -> &mut Self;
}

impl Mode0600 for std::fs::OpenOptions {
    fn mode_0600(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.mode(0o600)
    }
}
