//! Fills a vault with N generated secrets in one write, for benchmarks:
//! `cargo run --release --example populate -- VAULT N [PER_OWNER]`.
//! The passphrase comes from `SESAME_PASSPHRASE`; the vault must exist.

use sesame::secret_type::Fields;
use sesame::{NewSecret, OpenOptions, SecretId, Unlock, Vault};

fn main() -> sesame::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (path, n) = match (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) {
        (Some(p), Some(n)) => (std::path::PathBuf::from(p), n),
        _ => {
            eprintln!("usage: populate VAULT N [PER_OWNER]");
            std::process::exit(2);
        }
    };
    let per_owner: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(100);
    let passphrase = std::env::var("SESAME_PASSPHRASE").expect("SESAME_PASSPHRASE is set");
    Vault::edit(
        &path,
        Unlock::Passphrase(passphrase.into()),
        &OpenOptions::default(),
        |vault| {
            for i in 0..n {
                let id: SecretId =
                    format!("project/p{:05}/secret/Custom/s{:06}", i / per_owner, i).parse()?;
                let (value, _) = sesame::generate::generate(sesame::cli::Charset::Alnum, Some(32));
                vault.add(
                    &id,
                    NewSecret {
                        fields: Fields::single(value, false)?,
                        description: None,
                    },
                    true,
                )?;
            }
            Ok(())
        },
    )?;
    Ok(())
}
