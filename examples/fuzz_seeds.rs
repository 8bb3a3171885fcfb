//! Writes seed corpora for the fuzz targets under `fuzz/seeds/<target>/`,
//! from real files: `cargo run --example fuzz_seeds`. The `open_vault`
//! seeds are made with the public fuzzing master key.

use std::path::Path;

use sesame::secret::Key;
use sesame::secret_type::Fields;
use sesame::vault::format::Header;
use sesame::{KdfParams, NewSecret, OpenOptions, Unlock, Vault};

fn main() -> sesame::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).expect("create seed dir");
        std::fs::write(dir.join(name), bytes).expect("write seed");
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("v.sesame");
    let options = OpenOptions {
        rollback_state: None,
        journal: None,
        ..OpenOptions::default()
    };
    let kdf = KdfParams {
        memory_mib: 19,
        iterations: 2,
        parallelism: 1,
    };
    Vault::create_with_master_key(
        &path,
        &"seed".into(),
        kdf,
        &options,
        Key::from_bytes(sesame::vault::FUZZ_MASTER_KEY),
    )?;
    write(
        "open_vault",
        "empty.sesame",
        &std::fs::read(&path).expect("read"),
    );
    let unlock = || Unlock::MasterKey(Key::from_bytes(sesame::vault::FUZZ_MASTER_KEY));
    Vault::edit(&path, unlock(), &options, |v| {
        let id = "project/atlas/secret/Custom/db".parse()?;
        v.add(
            &id,
            NewSecret {
                fields: Fields::single("value".into(), false)?,
                description: Some("d".into()),
            },
            false,
        )?;
        v.add(
            &id,
            NewSecret {
                fields: Fields::single("value 2".into(), false)?,
                description: None,
            },
            true,
        )?;
        let s3 = Fields::new(
            sesame::SecretType::S3,
            vec![
                ("access_key_id".into(), "A".into()),
                ("secret_access_key".into(), "S".into()),
            ],
            false,
        )?;
        v.add(
            &"user/bob/connect/S3/b".parse()?,
            NewSecret {
                fields: s3,
                description: None,
            },
            false,
        )?;
        Ok(())
    })?;
    let bytes = std::fs::read(&path).expect("read");
    write("open_vault", "three.sesame", &bytes);
    let header_len = Header::peek_len(&bytes).expect("header");
    write("header", "header.bin", &bytes[..header_len]);
    // A section plaintext (what a section decrypts to).
    let mut section = sesame::vault::model::Section::new("project/atlas".parse()?);
    section.entries.insert(
        "secret/Custom/x".into(),
        sesame::vault::model::Entry {
            kind: sesame::SecretType::Variable,
            created: 1,
            updated: 2,
            description: Some("d".into()),
            rotate_every: Some(86_400),
            expires: None,
            versions: vec![sesame::vault::model::VersionRecord {
                number: 1,
                created: 1,
                sealed: sesame::vault::model::Sealed {
                    nonce: [1; 24],
                    ciphertext: vec![2; 40],
                },
            }],
        },
    );
    write(
        "section",
        "section.bin",
        &sesame::vault::format::encode_section(&section),
    );
    write(
        "journal",
        "journal.txt",
        b"0123456789abcdef0123456789abcdef 1795763534\nffffffffffffffffffffffffffffffff 1\n",
    );
    write("config", "config.toml", b"vault = \"/v\"\ndefault_owner = \"project/atlas\"\nhistory_limit = 3\nsession_ttl = \"1h\"\n[kdf]\nmemory_mib = 64\n");
    write(
        "ids",
        "id.txt",
        b"project/atlas/connect/S3/prod-bucket#secret_access_key",
    );
    write("ids", "ref.txt", b"sesame://user/alice/secret/Custom/x");
    write(
        "dotenv",
        "env.txt",
        b"# c\nexport A=1\nB='x y'\nC=\"a\\nb \\\"q\\\"\"\nD=\"multi\nline\"\n",
    );
    write("json_import", "min.json", br#"[{"id": "user/u/x", "value": "v"}, {"id": "user/u/connect/S3/b", "fields": {"access_key_id": "a", "secret_access_key": "s"}}]"#);
    write("json_import", "full.json", br#"[{"id": "user/u/x", "type": "variable", "created": "2020-01-01T00:00:00Z", "updated": "2020-01-02T00:00:00Z", "description": null, "rotate_every": "90d", "expires": "2030-01-01T00:00:00Z", "versions": [{"version": 3, "created": "2020-01-01T00:00:00Z", "value": "a"}, {"version": 4, "created": "2020-01-02T00:00:00Z", "value": "b"}]}]"#);
    write(
        "template",
        "t.txt",
        b"a = {{ sesame://user/u/x }}\nb = {{sesame://user/u/connect/S3/b#region}} {{ other }}\n",
    );
    // A session file's layout: magic, ids, epoch, expiry, nonce, sealed key.
    let mut session = b"SSESSv1\n".to_vec();
    session.extend_from_slice(&[1; 16]);
    session.extend_from_slice(&[2; 16]);
    session.extend_from_slice(&0u64.to_le_bytes());
    session.extend_from_slice(&i64::MAX.to_le_bytes());
    session.extend_from_slice(&[3; 24]);
    session.extend_from_slice(&[4; 48]);
    write("session_file", "session.bin", &session);
    format2_seeds(&write, kdf)?;
    println!("seeds written under {}", root.display());
    Ok(())
}

/// Seeds for the format-2 targets: a vault of two members with a grant,
/// its records, and the plaintexts behind them.
fn format2_seeds(write: &dyn Fn(&str, &str, &[u8]), kdf: KdfParams) -> sesame::Result<()> {
    use sesame::vault::v2::engine::{self, Engine, NewSlot};
    use sesame::vault::v2::keys::identity::PassphraseIdentity;
    use sesame::vault::v2::ops::Role;

    let image = engine::create(
        [9; 16],
        "alice",
        &NewSlot::Passphrase(&"seed".into(), kdf),
        &[1; 16],
    )?;
    let (member, uk) = engine::unlock(&image, &PassphraseIdentity("seed".into()), None, None)?;
    let mut e = Engine::open(image, member, uk, [1; 16], 10)?;
    e.add_member("bob", &NewSlot::Passphrase(&"bob".into(), kdf), false)?;
    e.commit()?;
    let id = "project/atlas/secret/Custom/db".parse()?;
    e.add(
        &id,
        &Fields::single("value".into(), false)?,
        Some("d".into()),
        1,
    )?;
    e.commit()?;
    e.add_version(&id, &Fields::single("value 2".into(), false)?, None)?;
    e.grant("bob", &"project/atlas".parse()?, Role::Read)?;
    e.commit()?;
    write("v2_image", "team.sesame", &e.image().encode());
    for (i, record) in e.image().records.values().enumerate() {
        write("v2_record", &format!("record{i}.bin"), &record.encode());
        if let Some(body) = record.part(0).filter(|_| record.kind & 0x7f < 0x03) {
            write("v2_ops", &format!("member{i}.bin"), body);
        }
    }
    for (i, m) in e.membership().members.values().enumerate() {
        for (j, slot) in m.slots.values().enumerate() {
            write("v2_slot", &format!("slot{i}-{j}.bin"), slot);
        }
    }
    Ok(())
}
