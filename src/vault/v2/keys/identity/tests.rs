use std::path::Path;
use std::process::Command;

use super::*;
use crate::vault::v2::keys::slot::{Recipient, parse_recipient};

const AAD: &[u8] = b"vault id || member id";

/// Runs a real tool; a missing tool fails the test naming the Debian
/// package CI needs.
fn run(tool: &str, package: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{tool}` ({e}): CI needs the Debian package `{package}` installed")
    });
    assert!(
        out.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("tool output is UTF-8")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

fn ssh_keygen(dir: &Path, name: &str, args: &[&str]) -> (Vec<u8>, String) {
    let file = dir.join(name);
    let mut all = vec!["-q", "-C", "test@sesame", "-f", path(&file)];
    all.extend_from_slice(args);
    run("ssh-keygen", "openssh-client", &all);
    let secret = std::fs::read(&file).unwrap();
    let public = std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap();
    (secret, public)
}

#[test]
fn real_age_keygen_identity_opens_its_slot() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("identity.txt");
    run("age-keygen", "age", &["-o", path(&file)]);
    let bytes = std::fs::read(&file).unwrap();
    let recipient_line = run("age-keygen", "age", &["-y", path(&file)]);
    let recipient = parse_recipient(&recipient_line).expect("age-keygen -y prints a recipient");
    assert!(matches!(recipient, Recipient::Age(_)));
    // The identity file itself (with its comment lines) holds one too.
    let identity = load_identity(&bytes).expect("age-keygen writes an identity file");
    assert_eq!(
        identity.describe(),
        format!("age identity {}", recipient_line.trim())
    );

    let uk = UserKey::generate();
    let slot = Slot::for_recipient(&uk, &recipient, AAD);
    assert_eq!(identity.unwrap(&slot, AAD), Some(uk.clone()));
    let other = AgeIdentity::parse(&format!(
        "{}\n",
        age::secrecy::ExposeSecret::expose_secret(&age::x25519::Identity::generate().to_string())
    ))
    .unwrap();
    assert_eq!(other.unwrap(&slot, AAD), None);

    // The slot's file is a real age file: the age tool opens it.
    let Slot::Age {
        file: slot_file, ..
    } = &slot
    else {
        unreachable!("an age recipient makes an age slot")
    };
    let enc = dir.path().join("slot.age");
    let dec = dir.path().join("slot.plain");
    std::fs::write(&enc, slot_file).unwrap();
    run(
        "age",
        "age",
        &["-d", "-i", path(&file), "-o", path(&dec), path(&enc)],
    );
    let plain = std::fs::read(&dec).unwrap();
    assert_eq!(&plain[32..], uk.expose_secret().expose_secret());
}

#[test]
fn real_ssh_keygen_ed25519_key_opens_its_slot() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, public) = ssh_keygen(dir.path(), "id_ed25519", &["-t", "ed25519", "-N", ""]);
    let recipient = parse_recipient(&public).expect("an ssh-ed25519 .pub line parses");
    let uk = UserKey::generate();
    let slot = Slot::for_recipient(&uk, &recipient, AAD);
    assert!(matches!(slot, Slot::Ssh { .. }));
    assert_eq!(Slot::decode(&slot.encode()), Ok(slot.clone()));

    let identity = load_identity(&secret).expect("an unencrypted ed25519 key loads");
    assert_eq!(identity.unwrap(&slot, AAD), Some(uk.clone()));
    assert_eq!(identity.unwrap(&slot, b"elsewhere"), None);

    // The fingerprint is the one ssh-keygen -l shows.
    let listed = run(
        "ssh-keygen",
        "openssh-client",
        &["-l", "-f", path(&dir.path().join("id_ed25519.pub"))],
    );
    let expected = listed
        .split_whitespace()
        .nth(1)
        .expect("ssh-keygen -l prints the fingerprint second");
    assert_eq!(slot.fingerprint(), expected);
    assert_eq!(identity.describe(), format!("ssh key {expected}"));

    // Another ssh key does not open it.
    let (other, _) = ssh_keygen(dir.path(), "other", &["-t", "ed25519", "-N", ""]);
    assert_eq!(load_identity(&other).unwrap().unwrap(&slot, AAD), None);
}

#[test]
fn ssh_slot_damage_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, public) = ssh_keygen(dir.path(), "k", &["-t", "ed25519", "-N", ""]);
    let identity = SshIdentity::parse(&secret).unwrap();
    let uk = UserKey::generate();
    let slot = Slot::for_recipient(&uk, &parse_recipient(&public).unwrap(), AAD);
    let encoded = slot.encode();
    for n in 0..encoded.len() {
        assert!(Slot::decode(&encoded[..n]).is_err(), "prefix of {n} bytes");
    }
    for bit in 0..encoded.len() * 8 {
        let mut bad = encoded.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        if let Ok(damaged) = Slot::decode(&bad) {
            assert_eq!(identity.unwrap(&damaged, AAD), None, "bit {bit}");
        }
    }
}

#[test]
fn real_ssh_keys_of_other_kinds_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (encrypted, _) = ssh_keygen(dir.path(), "enc", &["-t", "ed25519", "-N", "hunter22"]);
    let err = load_identity(&encrypted)
        .err()
        .expect("an encrypted key is refused");
    assert_eq!(err, IdentityError::SshEncrypted);
    assert!(
        err.to_string().contains("unencrypted OpenSSH ed25519"),
        "{err}"
    );

    let (ecdsa, ecdsa_pub) = ssh_keygen(dir.path(), "ecdsa", &["-t", "ecdsa", "-N", ""]);
    let err = load_identity(&ecdsa)
        .err()
        .expect("an ecdsa key is refused");
    assert_eq!(
        err,
        IdentityError::SshUnsupported("ecdsa-sha2-nistp256".into())
    );
    assert_eq!(
        parse_recipient(&ecdsa_pub).unwrap_err(),
        RecipientErrorAlias::UnsupportedSsh("ecdsa-sha2-nistp256".into())
    );

    let (rsa, _) = ssh_keygen(dir.path(), "rsa", &["-t", "rsa", "-b", "2048", "-N", ""]);
    let err = load_identity(&rsa).err().expect("an rsa key is refused");
    assert_eq!(err, IdentityError::SshUnsupported("ssh-rsa".into()));
}

use crate::vault::v2::keys::RecipientError as RecipientErrorAlias;

#[test]
fn identity_files_are_detected_or_refused_clearly() {
    let err = load_identity(b"just text").err().unwrap();
    assert_eq!(err, IdentityError::Unrecognised);
    assert!(err.to_string().contains("AGE-SECRET-KEY-1"), "{err}");
    assert_eq!(load_identity(b"").err(), Some(IdentityError::Unrecognised));
    assert_eq!(
        load_identity(&[0xff, 0xfe]).err(),
        Some(IdentityError::Unrecognised)
    );
    assert_eq!(
        load_identity(b"# c\nAGE-SECRET-KEY-1NOTVALID\n").err(),
        Some(IdentityError::InvalidAge { line: 2 })
    );
    assert_eq!(
        load_identity(b"AGE-PLUGIN-YUBIKEY-1XYZ\n").err(),
        Some(IdentityError::AgePlugin)
    );
    assert_eq!(
        load_identity(
            b"-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
        )
        .err(),
        Some(IdentityError::SshInvalid)
    );
    // Several age identities in one file: each opens its own slot.
    let a = age::x25519::Identity::generate();
    let b = age::x25519::Identity::generate();
    let text = format!(
        "# a\n{}\n\n# b\n{}\n",
        age::secrecy::ExposeSecret::expose_secret(&a.to_string()),
        age::secrecy::ExposeSecret::expose_secret(&b.to_string())
    );
    let both = load_identity(text.as_bytes()).unwrap();
    assert_eq!(both.describe(), "age identity file (2 keys)");
    let uk = UserKey::generate();
    let slot = Slot::for_recipient(&uk, &Recipient::Age(b.to_public()), AAD);
    assert_eq!(both.unwrap(&slot, AAD), Some(uk));
}

#[test]
fn identity_debug_shows_no_key_material() {
    let key = age::x25519::Identity::generate();
    let secret_text = age::secrecy::ExposeSecret::expose_secret(&key.to_string()).to_string();
    let age_id = AgeIdentity::parse(&secret_text).unwrap();
    let shown = format!("{age_id:?}");
    assert!(!shown.contains(&secret_text[15..40]), "{shown}");
    assert!(shown.contains("REDACTED"));
    let pass = PassphraseIdentity(SecretString::from("hunter2"));
    let shown = format!("{pass:?}");
    assert!(!shown.contains("hunter2"), "{shown}");

    let dir = tempfile::tempdir().unwrap();
    let (secret, _) = ssh_keygen(dir.path(), "k", &["-t", "ed25519", "-N", ""]);
    let ssh = SshIdentity::parse(&secret).unwrap();
    let shown = format!("{ssh:?}");
    assert!(
        shown.contains("SHA256:") && shown.contains("REDACTED"),
        "{shown}"
    );
    // The private blob's base64 body lines do not appear.
    let text = String::from_utf8(secret).unwrap();
    for line in text.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!shown.contains(&line[..20.min(line.len())]), "{shown}");
    }
}
