//! Tests of the vault that need its internals: values moved between
//! secrets, and property tests of the whole save/open round trip.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::id::{Prefix, SecretId};
use crate::secret_type::Fields;
use std::path::PathBuf;

const FAST: KdfParams = KdfParams {
    memory_mib: 19,
    iterations: 2,
    parallelism: 1,
};

fn options() -> OpenOptions {
    OpenOptions {
        rollback_state: None,
        ..OpenOptions::default()
    }
}

fn unlock() -> Unlock {
    Unlock::Passphrase("pw".into())
}

fn new_vault() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.sesame");
    Vault::create_v1(&path, &"pw".into(), FAST, &options()).unwrap();
    (dir, path)
}

fn value(v: &str) -> NewSecret {
    NewSecret {
        fields: Fields::single(v.into(), true).unwrap(),
        description: None,
    }
}

/// vault.md §3: "swap two sealed values inside a decrypted section and
/// reseal the section: both reads fail".
#[test]
fn values_moved_between_secrets_do_not_open() {
    let (_dir, path) = new_vault();
    let a: SecretId = "project/p/secret/Custom/a".parse().unwrap();
    let b: SecretId = "project/p/secret/Custom/b".parse().unwrap();
    Vault::edit(&path, unlock(), &options(), |v| {
        v.add(&a, value("value-a"), false)?;
        v.add(&b, value("value-b"), false)
    })
    .unwrap();
    Vault::edit(&path, unlock(), &options(), |v| {
        let owner = a.owner().clone();
        let section = v.v1().section_mut(&owner)?;
        let sa = section.entries[a.path()].versions[0].sealed.clone();
        let sb = section.entries[b.path()].versions[0].sealed.clone();
        section.entries.get_mut(a.path()).unwrap().versions[0].sealed = sb;
        section.entries.get_mut(b.path()).unwrap().versions[0].sealed = sa;
        Ok(())
    })
    .unwrap();
    let mut vault = Vault::open(&path, unlock(), &options()).unwrap();
    for id in [&a, &b] {
        let err = vault.fields(id, None).unwrap_err();
        assert!(matches!(err, Error::Damaged { .. }), "{err}");
    }
}

/// A value moved from one version to another of the same secret fails too.
#[test]
fn values_moved_between_versions_do_not_open() {
    let (_dir, path) = new_vault();
    let a: SecretId = "user/u/x".parse().unwrap();
    Vault::edit(&path, unlock(), &options(), |v| {
        v.add(&a, value("one"), false)?;
        v.add(&a, value("two"), true)
    })
    .unwrap();
    Vault::edit(&path, unlock(), &options(), |v| {
        let entry = v
            .v1()
            .section_mut(a.owner())?
            .entries
            .get_mut(a.path())
            .unwrap();
        let first = entry.versions[0].sealed.clone();
        entry.versions[1].sealed = first;
        Ok(())
    })
    .unwrap();
    let mut vault = Vault::open(&path, unlock(), &options()).unwrap();
    assert_eq!(
        vault
            .fields(&a, Some(1))
            .unwrap()
            .get("value")
            .unwrap()
            .expose_secret(),
        "one"
    );
    let err = vault.fields(&a, Some(2)).unwrap_err();
    assert!(matches!(err, Error::Damaged { .. }), "{err}");
}

#[test]
fn history_is_pruned_to_the_limit() {
    let (_dir, path) = new_vault();
    let a: SecretId = "user/u/x".parse().unwrap();
    let opts = OpenOptions {
        history_limit: 3,
        ..options()
    };
    Vault::edit(&path, unlock(), &opts, |v| {
        for i in 0..5 {
            v.add(&a, value(&format!("v{i}")), true)?;
        }
        Ok(())
    })
    .unwrap();
    let mut vault = Vault::open(&path, unlock(), &opts).unwrap();
    assert_eq!(vault.info_of(&a, None).unwrap().version, 5);
    assert_eq!(
        vault
            .fields(&a, Some(3))
            .unwrap()
            .get("value")
            .unwrap()
            .expose_secret(),
        "v2"
    );
    let err = vault.fields(&a, Some(2)).unwrap_err();
    assert!(
        matches!(err, Error::VersionNotFound { kept: (3, 5), .. }),
        "{err:?}"
    );
}

#[derive(Clone, Debug)]
enum Op {
    Add(usize, usize, String),
    Rm(usize, usize),
}

const OWNERS: [&str; 3] = ["project/a", "project/b", "user/c"];
const NAMES: [&str; 3] = ["x", "secret/Custom/y", "connect/z"];

fn id(owner: usize, name: usize) -> SecretId {
    format!("{}/{}", OWNERS[owner], NAMES[name])
        .parse()
        .unwrap()
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 0..3usize, "[ -~]{0,40}").prop_map(|(o, n, v)| Op::Add(o, n, v)),
        (0..3usize, 0..3usize).prop_map(|(o, n)| Op::Rm(o, n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Any sequence of add/rm, each saved and reopened, leaves exactly what
    /// a plain map would hold; failed operations change nothing.
    #[test]
    fn any_sequence_of_adds_and_removes_round_trips(ops in proptest::collection::vec(op(), 1..7)) {
        let (_dir, path) = new_vault();
        let mut model: BTreeMap<String, String> = BTreeMap::new();
        for op in &ops {
            let before = std::fs::read(&path).unwrap();
            let result = Vault::edit(&path, unlock(), &options(), |v| match op {
                Op::Add(o, n, val) => v.add(&id(*o, *n), value(val), false).map(|_| ()),
                Op::Rm(o, n) => v.remove(&[id(*o, *n)], false).map(|_| ()),
            });
            let key = match op { Op::Add(o, n, _) | Op::Rm(o, n) => id(*o, *n).to_string() };
            let expect_ok = match op {
                Op::Add(_, _, val) => !model.contains_key(&key) && { model.insert(key.clone(), val.clone()); true },
                Op::Rm(..) => model.remove(&key).is_some(),
            };
            prop_assert_eq!(result.is_ok(), expect_ok, "{:?}", op);
            if !expect_ok {
                prop_assert_eq!(std::fs::read(&path).unwrap(), before, "a failed edit changed the file");
            }
        }
        let mut vault = Vault::open(&path, unlock(), &options()).unwrap();
        let listed: BTreeMap<String, String> = vault
            .list(&Prefix::all(), None, true)
            .unwrap()
            .into_iter()
            .map(|s| (s.info.id.to_string(), s.fields.unwrap().get("value").unwrap().expose_secret().to_string()))
            .collect();
        prop_assert_eq!(listed, model.clone());
        prop_assert_eq!(vault.info().secrets, model.len() as u64);
        prop_assert_eq!(std::fs::metadata(&path).unwrap().len() % 4096, 0);
    }
}
