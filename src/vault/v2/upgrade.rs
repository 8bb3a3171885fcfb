//! Format 1 → format 2 (format2.md §1.9, D14; docs/format2-design.md §9):
//! the core of `sesame upgrade`.
//!
//! [`upgrade`] reads every secret of an open format-1 vault and returns
//! the format-2 image that holds them: the same vault id, one member (the
//! passphrase holder, a vault owner) whose passphrase slot is made from
//! the KEK that opened the format-1 slot (one Argon2 run in all), and one
//! transaction record for every secret (D2). It writes nothing: the file,
//! its `.v1.bak` and the local state are the command's.

use crate::id::Prefix;
use crate::vault::Vault;
use crate::vault::error::{Advice, Error, Result};

use super::engine::{self, Engine, NewSlot};
use super::image::Image;
use super::keys::UserKey;
use super::record::DeviceId;

/// Converts the format-1 vault `v1`, opened with its passphrase, into a
/// format-2 image: the same vault id; one member called `member_name`,
/// a vault owner, whose passphrase slot opens with that passphrase under
/// the same KDF parameters; every secret of every owner with every kept
/// version (numbers, times, values), description and policy, in one
/// record written as `device`.
///
/// Takes the vault's KEK ([`Vault::take_passphrase_kek`]): a vault opened
/// by a session or a master key cannot be upgraded (an unlock error, exit
/// 5; nothing is converted), since the new slot needs the passphrase's
/// key. Fails, converting nothing, if any secret does not read, or if the
/// write cannot be made (a vault of more than 127 owners is written as
/// several records, 127 owners each, in one atomic file write).
pub fn upgrade(v1: &mut Vault, member_name: &str, device: DeviceId) -> Result<Image> {
    upgrade_keeping_key(v1, member_name, device).map(|(image, _)| image)
}

/// [`upgrade`], with the new member's user key (to carry this machine's
/// access journal over to the keys of format 2).
pub fn upgrade_keeping_key(
    v1: &mut Vault,
    member_name: &str,
    device: DeviceId,
) -> Result<(Image, UserKey)> {
    let kek = v1.take_passphrase_kek().ok_or_else(|| Error::Unlock {
        message: "upgrading needs the vault's passphrase: it was opened by a session or a key"
            .into(),
        advice: Some(Advice::UpgradeWithPassphrase),
    })?;
    // Read everything first: a format-1 vault that does not read in full
    // converts nothing.
    let mut secrets = Vec::new();
    for setting in v1.list(&Prefix::all(), None, false)? {
        secrets.push(v1.export_record(&setting.info.id)?);
    }
    let (image, member, uk) = engine::found(
        v1.vault_id(),
        member_name,
        &NewSlot::PassphraseKek(&kek),
        &device,
    )?;
    drop(kek);
    // Every kept version survives, whatever the history limit.
    let history_limit = secrets
        .iter()
        .map(|s| s.versions.len())
        .max()
        .unwrap_or(1)
        .max(v1.options().history_limit);
    let mut engine = Engine::open(image, member, uk, device, history_limit)?;
    for secret in &secrets {
        engine.put_exported(secret)?;
    }
    engine.commit()?;
    Ok((engine.image().clone(), engine.user_key().clone()))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    use super::*;
    use crate::id::SecretId;
    use crate::secret::SecretString;
    use crate::secret_type::Fields;
    use crate::vault::crypto::{self, KdfParams};
    use crate::vault::v2::keys::PassphraseIdentity;
    use crate::vault::v2::record::kind;
    use crate::vault::{NewSecret, OpenOptions, Unlock};

    const FAST: KdfParams = KdfParams {
        memory_mib: 19,
        iterations: 2,
        parallelism: 1,
    };
    const DEVICE: DeviceId = [3; 16];
    const GOLDEN_PASSPHRASE: &str = "golden passphrase";

    /// No rollback state, no journal: nothing written outside the temp dir.
    fn options() -> OpenOptions {
        OpenOptions {
            rollback_state: None,
            journal: None,
            ..OpenOptions::default()
        }
    }

    fn open(path: &Path, passphrase: &str) -> Result<Vault> {
        Vault::open(path, Unlock::Passphrase(passphrase.into()), &options())
    }

    fn id(s: &str) -> SecretId {
        s.parse().unwrap()
    }

    fn new_value(v: &str, description: Option<&str>) -> NewSecret {
        NewSecret {
            fields: Fields::single(v.into(), true).unwrap(),
            description: description.map(str::to_string),
        }
    }

    /// The golden format-1 vault, copied into a temp dir.
    fn golden() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("golden.sesame");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden-v1.sesame"),
            &path,
        )
        .unwrap();
        (dir, path)
    }

    /// A format-1 vault (passphrase "pw") with `secrets`: (id, values
    /// oldest first, description, rotate_every, expires).
    type Spec = (
        String,
        Vec<String>,
        Option<String>,
        Option<i64>,
        Option<i64>,
    );

    fn made(secrets: &[Spec]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.sesame");
        Vault::create_v1(&path, &"pw".into(), FAST, &options()).unwrap();
        Vault::edit(&path, Unlock::Passphrase("pw".into()), &options(), |v| {
            for (name, values, description, rotate, expires) in secrets {
                for value in values {
                    v.add(&id(name), new_value(value, description.as_deref()), true)?;
                }
                v.set_policy(&id(name), Some(*rotate), Some(*expires))?;
            }
            Ok(())
        })
        .unwrap();
        (dir, path)
    }

    /// The converted image opened with the passphrase, through bytes.
    fn open_v2(image: &Image, passphrase: &str) -> Engine {
        let image = Image::decode(&image.encode()).unwrap();
        let identity = PassphraseIdentity(passphrase.into());
        let (member, uk) = engine::unlock(&image, &identity, None, None).unwrap();
        Engine::open(image, member, uk, [9; 16], 10).unwrap()
    }

    /// Every secret of `v1` reads back identically through `v2`, and `v2`
    /// holds no other.
    fn assert_same(v1: &mut Vault, v2: &Engine) {
        let listed = v1.list(&Prefix::all(), None, false).unwrap();
        assert_eq!(listed.len(), v2.secrets().len(), "number of secrets");
        for setting in listed {
            let old = v1.export_record(&setting.info.id).unwrap();
            let (scope, new) = v2.find(&old.id).expect("converted");
            let at = &old.id;
            assert_eq!(new.kind, setting.info.kind, "{at}");
            assert_eq!(new.created, old.created, "{at}");
            assert_eq!(new.description, old.description, "{at}");
            assert_eq!(new.rotate_every, old.rotate_every, "{at}");
            assert_eq!(new.expires, old.expires, "{at}");
            assert!(new.conflicts.is_empty(), "{at}");
            let numbers: Vec<u32> = new.versions.iter().map(|v| v.number).collect();
            let old_numbers: Vec<u32> = old.versions.iter().map(|v| v.0).collect();
            assert_eq!(numbers, old_numbers, "{at}");
            assert_eq!(
                new.current().map(|v| v.number),
                Some(setting.info.version),
                "{at}"
            );
            for (number, created, fields) in &old.versions {
                let version = new.version(*number).expect("every version");
                assert_eq!(version.created, *created, "{at} v{number}");
                let value = v2.open_version(scope, new, version).unwrap();
                assert_eq!(&value, fields, "{at} v{number}");
            }
        }
    }

    /// The records that are not the founding member record.
    fn written(image: &Image) -> Vec<u8> {
        image
            .records
            .values()
            .filter(|r| r.kind != kind::MEMBER)
            .map(|r| r.kind)
            .collect()
    }

    #[test]
    fn the_golden_vault_converts_with_everything_and_one_kdf_run() {
        let (_dir, path) = golden();
        let before = crypto::kek_derivations();
        let mut v1 = open(&path, GOLDEN_PASSPHRASE).unwrap();
        let image = upgrade(&mut v1, "alice", DEVICE).unwrap();
        assert_eq!(
            crypto::kek_derivations() - before,
            1,
            "open and upgrade derive the passphrase's key once"
        );
        assert_eq!(image.vault_id, v1.vault_id(), "D14: the same vault id");
        assert_eq!(written(&image).len(), 1, "D2: one record for it all");
        let v2 = open_v2(&image, GOLDEN_PASSPHRASE);
        assert_same(&mut v1, &v2);
        // What the golden listing says the file holds.
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden-v1.list.json"),
            )
            .unwrap(),
        )
        .unwrap();
        let expected = expected.as_array().unwrap();
        assert_eq!(v2.secrets().len(), expected.len());
        for item in expected {
            let (_, s) = v2.find(&id(item["id"].as_str().unwrap())).unwrap();
            assert_eq!(
                serde_json::json!(s.current().unwrap().number),
                item["version"]
            );
            assert_eq!(serde_json::json!(s.description), item["description"]);
            assert_eq!(serde_json::json!(s.rotate_every), item["rotate_every"]);
            assert_eq!(s.kind.as_str(), item["type"].as_str().unwrap());
        }
        // Spot checks against what the CLI test reads from the same file.
        let (scope, s) = v2
            .find(&id("project/atlas/secret/Custom/db-password"))
            .unwrap();
        let first = v2.open_version(scope, s, s.version(1).unwrap()).unwrap();
        assert_eq!(first.get("value").unwrap().expose_secret(), "first");
        let second = v2.open_version(scope, s, s.current().unwrap()).unwrap();
        assert_eq!(second.get("value").unwrap().expose_secret(), "second");
        assert_eq!(s.description.as_deref(), Some("primary database"));
        // The one member: the passphrase holder, a vault owner, by name.
        let members = &v2.membership().members;
        assert_eq!(members.len(), 1);
        let me = &members[v2.member()];
        assert_eq!((me.name.as_str(), me.owner), ("alice", true));
    }

    #[test]
    fn the_member_slot_keeps_the_kdf_parameters_and_opens_only_with_the_passphrase() {
        let (_dir, path) = made(&[(
            "project/p/secret/Custom/a".into(),
            vec!["x".into()],
            None,
            None,
            None,
        )]);
        let mut v1 = open(&path, "pw").unwrap();
        let kdf = v1.info().kdf;
        let image = upgrade(&mut v1, "owner", DEVICE).unwrap();
        let v2 = open_v2(&image, "pw");
        let members = &v2.membership().members;
        let slots: Vec<_> = members.values().flat_map(|m| m.slots.values()).collect();
        assert_eq!(slots.len(), 1);
        let slot = crate::vault::v2::keys::Slot::decode(slots[0]).unwrap();
        let crate::vault::v2::keys::Slot::Passphrase { kdf: new_kdf, .. } = slot else {
            panic!("a passphrase slot, not {slot:?}")
        };
        assert_eq!(Some(new_kdf), kdf);
        let wrong = PassphraseIdentity(SecretString::from("not pw"));
        let err = engine::unlock(&image, &wrong, None, None).unwrap_err();
        assert!(matches!(err, Error::Unlock { .. }), "{err:?}");
    }

    #[test]
    fn several_owners_and_versions_convert_into_one_record() {
        let secrets: Vec<Spec> = vec![
            (
                "project/atlas/secret/Custom/db".into(),
                vec!["one".into(), "two".into(), "three".into()],
                Some("the database".into()),
                Some(86_400),
                Some(2_000_000_000),
            ),
            (
                "project/atlas/secret/Custom/other".into(),
                vec!["o".into()],
                None,
                None,
                None,
            ),
            (
                "user/bob/secret/Custom/token".into(),
                vec!["t1".into(), "t2".into()],
                None,
                Some(3_600),
                None,
            ),
            (
                "organization/acme/secret/Custom/k".into(),
                vec!["".into()],
                None,
                None,
                Some(5),
            ),
        ];
        let (_dir, path) = made(&secrets);
        let mut v1 = open(&path, "pw").unwrap();
        let image = upgrade(&mut v1, "admin", DEVICE).unwrap();
        assert_eq!(
            image.records.len(),
            2,
            "the founding member record and one write"
        );
        assert_eq!(written(&image).len(), 1);
        let v2 = open_v2(&image, "pw");
        assert_same(&mut v1, &v2);
        assert_eq!(v2.owners().len(), 3);
        let (_, db) = v2.find(&id("project/atlas/secret/Custom/db")).unwrap();
        assert_eq!(db.versions.len(), 3);
        assert_eq!(db.rotate_every, Some(86_400));
    }

    #[test]
    fn versions_beyond_the_history_limit_of_the_v2_default_are_kept() {
        let values: Vec<String> = (0..12).map(|i| format!("v{i}")).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.sesame");
        let opts = OpenOptions {
            history_limit: 12,
            ..options()
        };
        Vault::create_v1(&path, &"pw".into(), FAST, &opts).unwrap();
        Vault::edit(&path, Unlock::Passphrase("pw".into()), &opts, |v| {
            for value in &values {
                v.add(&id("user/u/x"), new_value(value, None), true)?;
            }
            Ok(())
        })
        .unwrap();
        // Opened with the default limit (10): the 12 kept versions survive.
        let mut v1 = open(&path, "pw").unwrap();
        let image = upgrade(&mut v1, "u", DEVICE).unwrap();
        let v2 = open_v2(&image, "pw");
        let (_, s) = v2.find(&id("user/u/x")).unwrap();
        assert_eq!(s.versions.iter().filter(|v| !v.purged).count(), 12);
        assert_same(&mut v1, &v2);
    }

    #[test]
    fn a_wrong_passphrase_converts_nothing() {
        let (_dir, path) = golden();
        let err = open(&path, "not the golden passphrase").unwrap_err();
        assert!(matches!(err, Error::Unlock { .. }), "{err:?}");
        // Nothing beside the vault was written.
        let files: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn a_vault_opened_without_its_passphrase_is_refused() {
        let (_dir, path) = made(&[("user/u/a".into(), vec!["x".into()], None, None, None)]);
        let mut by_passphrase = open(&path, "pw").unwrap();
        let master = by_passphrase.v1().keys.master.clone();
        // A master key (as a session gives) opens it, but has no KEK.
        let mut by_key = Vault::open(&path, Unlock::MasterKey(master), &options()).unwrap();
        let err = upgrade(&mut by_key, "u", DEVICE).unwrap_err();
        assert!(matches!(err, Error::Unlock { .. }), "{err:?}");
        // The KEK is taken by the first upgrade and kept no longer.
        upgrade(&mut by_passphrase, "u", DEVICE).unwrap();
        assert!(by_passphrase.take_passphrase_kek().is_none());
        let again = upgrade(&mut by_passphrase, "u", DEVICE).unwrap_err();
        assert!(matches!(again, Error::Unlock { .. }), "{again:?}");
    }

    fn spec() -> impl Strategy<Value = Vec<Spec>> {
        let owner = prop_oneof![
            Just("project/atlas"),
            Just("project/zeta"),
            Just("user/bob"),
            Just("organization/acme"),
        ];
        let secret = (
            owner,
            "[a-z]{1,6}",
            prop::collection::vec("[ -~]{0,12}", 1..4),
            prop::option::of("[a-z ]{1,10}"),
            prop::option::of(1i64..1_000_000),
            prop::option::of(1i64..2_000_000_000),
        )
            .prop_map(|(owner, name, values, d, r, e)| {
                (format!("{owner}/secret/Custom/{name}"), values, d, r, e)
            });
        prop::collection::btree_map("[a-z]{1}", secret, 0..6)
            .prop_map(|m| m.into_values().collect::<Vec<Spec>>())
            .prop_map(|mut v| {
                v.sort_by(|a, b| a.0.cmp(&b.0));
                v.dedup_by(|a, b| a.0 == b.0);
                v
            })
    }

    proptest! {
        // Each case runs Argon2 three times (create, open, unlock).
        #![proptest_config(ProptestConfig::with_cases(8))]

        /// Law: whatever a format-1 vault holds, its upgrade reads back the
        /// same, in at most one record besides the founding one.
        #[test]
        fn upgrade_preserves_every_secret(secrets in spec()) {
            let (_dir, path) = made(&secrets);
            let mut v1 = open(&path, "pw").unwrap();
            let image = upgrade(&mut v1, "admin", DEVICE).unwrap();
            prop_assert_eq!(image.vault_id, v1.vault_id());
            prop_assert_eq!(written(&image).len(), usize::from(!secrets.is_empty()));
            assert_same(&mut v1, &open_v2(&image, "pw"));
        }
    }
}
