use super::*;
use crate::vault::v2::keys::identity::PassphraseIdentity;
use crate::vault::v2::merge::merge;

pub(super) const FAST: KdfParams = KdfParams {
    memory_mib: 19,
    iterations: 2,
    parallelism: 1,
};

pub(super) fn id(s: &str) -> SecretId {
    s.parse().unwrap()
}

pub(super) fn value(v: &str) -> Fields {
    Fields::single(v.into(), false).unwrap()
}

pub(super) fn pass(p: &str) -> PassphraseIdentity {
    PassphraseIdentity(p.into())
}

/// A vault founded by alice (passphrase "alice-pass") on device 1.
pub(super) fn founded() -> Image {
    create(
        [7; 16],
        "alice",
        &NewSlot::Passphrase(&"alice-pass".into(), FAST),
        &[1; 16],
    )
    .unwrap()
}

pub(super) fn open_as(image: &Image, passphrase: &str, device: u8) -> Engine {
    let (member, uk) = unlock(image, &pass(passphrase), None, None).unwrap();
    Engine::open(image.clone(), member, uk, [device; 16], 10).unwrap()
}

/// Alice's open of `image` reading only what `load` names, as a command
/// that names IDs or a prefix opens.
pub(super) fn open_narrow(image: Image, load: Load<'_>) -> Engine {
    let (member, uk) = unlock(&image, &pass("alice-pass"), None, None).unwrap();
    Engine::open_with(image, member, uk, [1; 16], 10, load).unwrap()
}

/// The value of one version, as text.
pub(super) fn text(
    engine: &Engine,
    scope: &ScopeId,
    s: &Secret,
    v: &crate::vault::v2::state::Version,
) -> String {
    let fields = engine.open_version(scope, s, v).unwrap();
    fields.get("value").unwrap().expose_secret().to_string()
}

pub(super) fn get(engine: &Engine, secret: &str) -> String {
    let (scope, s) = engine.find(&id(secret)).expect("exists");
    text(engine, scope, s, s.current().unwrap())
}

/// Round trip through bytes, as a reopen would.
pub(super) fn reopen(engine: &Engine, passphrase: &str, device: u8) -> Engine {
    let bytes = engine.image().encode();
    let image = Image::decode(&bytes).unwrap();
    open_as(&image, passphrase, device)
}

#[test]
fn a_value_written_reads_back_after_a_reopen_and_a_rotate() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    e.add(
        &id("project/atlas/secret/Custom/db"),
        &value("v1"),
        Some("the db".into()),
        10,
    )
    .unwrap();
    assert!(e.commit().unwrap());
    let mut e = reopen(&e, "alice-pass", 1);
    assert_eq!(get(&e, "project/atlas/secret/Custom/db"), "v1");
    e.add_version(&id("project/atlas/secret/Custom/db"), &value("v2"), None)
        .unwrap();
    e.commit().unwrap();
    let e = reopen(&e, "alice-pass", 1);
    assert_eq!(get(&e, "project/atlas/secret/Custom/db"), "v2");
    let (_, s) = e.find(&id("project/atlas/secret/Custom/db")).unwrap();
    assert_eq!(s.versions.len(), 2);
    assert_eq!(s.description.as_deref(), Some("the db"));
    assert_eq!(e.owners(), vec!["project/atlas".parse().unwrap()]);
}

#[test]
fn a_wrong_passphrase_opens_nothing() {
    let image = founded();
    assert!(matches!(
        unlock(&image, &pass("wrong"), None, None),
        Err(Error::Unlock { .. })
    ));
}

#[test]
fn remove_tombstones_and_rename_moves_within_and_across_owners() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    for (i, name) in ["a", "b", "c"].iter().enumerate() {
        e.add(
            &id(&format!("project/atlas/secret/Custom/{name}")),
            &value(name),
            None,
            i as i64,
        )
        .unwrap();
    }
    e.commit().unwrap();
    e.remove(&id("project/atlas/secret/Custom/a")).unwrap();
    e.rename(
        &id("project/atlas/secret/Custom/b"),
        &id("project/atlas/secret/Custom/bb"),
    )
    .unwrap();
    e.rename(
        &id("project/atlas/secret/Custom/c"),
        &id("user/alice/secret/Custom/c"),
    )
    .unwrap();
    e.commit().unwrap();
    let e = reopen(&e, "alice-pass", 1);
    let ids: Vec<String> = e.secrets().iter().map(|(id, ..)| id.to_string()).collect();
    assert_eq!(
        ids,
        vec![
            "project/atlas/secret/Custom/bb".to_string(),
            "user/alice/secret/Custom/c".to_string()
        ]
    );
    assert_eq!(get(&e, "project/atlas/secret/Custom/bb"), "b");
    assert_eq!(get(&e, "user/alice/secret/Custom/c"), "c");
}

#[test]
fn concurrent_edits_on_two_devices_merge_into_a_conflict_that_keeps_both_values() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    e.add(&id("user/alice/secret/Custom/x"), &value("base"), None, 1)
        .unwrap();
    e.commit().unwrap();
    let base = e.image().clone();
    let mut one = open_as(&base, "alice-pass", 1);
    one.add_version(&id("user/alice/secret/Custom/x"), &value("laptop"), None)
        .unwrap();
    one.commit().unwrap();
    let mut two = open_as(&base, "alice-pass", 2);
    two.add_version(&id("user/alice/secret/Custom/x"), &value("desktop"), None)
        .unwrap();
    two.commit().unwrap();
    let ab = merge(one.image(), two.image()).unwrap();
    let ba = merge(two.image(), one.image()).unwrap();
    assert_eq!(ab.encode(), ba.encode(), "the merge is commutative");
    let merged = open_as(&ab, "alice-pass", 1);
    let (scope, s) = merged.find(&id("user/alice/secret/Custom/x")).unwrap();
    assert_eq!(s.conflicts, vec![crate::vault::v2::state::Conflict::Heads]);
    let values: BTreeSet<String> = s
        .heads
        .iter()
        .map(|h| {
            let v = s.versions.iter().find(|v| v.id == *h).unwrap();
            text(&merged, scope, s, v)
        })
        .collect();
    assert_eq!(values, ["desktop".to_string(), "laptop".to_string()].into());
    // A rotate supersedes both heads and ends the conflict.
    let mut merged = merged;
    merged
        .add_version(&id("user/alice/secret/Custom/x"), &value("resolved"), None)
        .unwrap();
    merged.commit().unwrap();
    let (_, s) = merged.find(&id("user/alice/secret/Custom/x")).unwrap();
    assert!(s.conflicts.is_empty());
    assert_eq!(s.versions.len(), 4, "nothing lost");
}

#[test]
fn a_record_whose_signature_does_not_verify_counts_for_nothing() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    e.add(&id("user/alice/secret/Custom/x"), &value("good"), None, 1)
        .unwrap();
    e.commit().unwrap();
    let good = e.image().clone();
    e.add_version(&id("user/alice/secret/Custom/x"), &value("evil"), None)
        .unwrap();
    e.commit().unwrap();
    let mut tampered = e.image().clone();
    let key = *tampered.records.keys().next_back().unwrap();
    let mut r = tampered.records.remove(&key).unwrap();
    r.signature[0] ^= 1;
    tampered.insert_record(r);
    let e = open_as(&tampered, "alice-pass", 1);
    assert_eq!(get(&e, "user/alice/secret/Custom/x"), "good");
    assert_eq!(
        open_as(&good, "alice-pass", 1)
            .find(&id("user/alice/secret/Custom/x"))
            .unwrap()
            .1
            .versions
            .len(),
        e.find(&id("user/alice/secret/Custom/x"))
            .unwrap()
            .1
            .versions
            .len(),
        "the badly signed version counts for nothing"
    );
}

#[test]
fn history_limit_purges_old_versions_but_keeps_their_numbers() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    e.history_limit = 2;
    e.add(&id("user/alice/secret/Custom/x"), &value("v1"), None, 1)
        .unwrap();
    e.commit().unwrap();
    for v in ["v2", "v3"] {
        e.add_version(&id("user/alice/secret/Custom/x"), &value(v), None)
            .unwrap();
        e.commit().unwrap();
    }
    let (_, s) = e.find(&id("user/alice/secret/Custom/x")).unwrap();
    let kept: Vec<u32> = s
        .versions
        .iter()
        .filter(|v| !v.purged)
        .map(|v| v.number)
        .collect();
    assert_eq!(kept, vec![2, 3], "numbers stay, old versions go");
}

/// alice (vault owner) and bob; bob has `role` on project/atlas, which
/// holds one secret; carol has nothing. Returns the image.
fn team(role: Role) -> Image {
    let mut e = open_as(&founded(), "alice-pass", 1);
    e.add_member("bob", &NewSlot::Passphrase(&"bob-pass".into(), FAST), false)
        .unwrap();
    e.add_member(
        "carol",
        &NewSlot::Passphrase(&"carol-pass".into(), FAST),
        false,
    )
    .unwrap();
    e.commit().unwrap();
    e.add(
        &id("project/atlas/secret/Custom/db"),
        &value("atlas-db-value"),
        None,
        1,
    )
    .unwrap();
    e.add(
        &id("organization/acme/secret/Custom/x"),
        &value("acme-value"),
        None,
        1,
    )
    .unwrap();
    e.commit().unwrap();
    e.grant("bob", &"project/atlas".parse().unwrap(), role)
        .unwrap();
    e.commit().unwrap();
    e.image().clone()
}

/// Every value part of the image with the AAD it was sealed with, as far
/// as `engine` can name them (it sees the versions through names keys).
fn value_parts(engine: &Engine) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = vec![];
    for (scope, view) in engine.scopes() {
        for s in view.state.secrets.values() {
            for v in &s.versions {
                let key = engine.index[&v.stamp.op.record];
                let record = &engine.image.records[&key];
                if let Some(bytes) = record.part(v.value.part as usize) {
                    out.push((
                        value_aad(&engine.vault_id, scope, &s.id, &v.id),
                        bytes.to_vec(),
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn a_read_members_keys_open_no_value_of_the_file() {
    let image = team(Role::Read);
    let bob = open_as(&image, "bob-pass", 2);
    let atlas: Owner = "project/atlas".parse().unwrap();
    // bob sees the secret exists…
    let (scope, s) = bob.find(&id("project/atlas/secret/Custom/db")).unwrap();
    assert_eq!(bob.role(scope), Some(Role::Read));
    // …but cannot open it through the engine…
    assert!(matches!(
        bob.open_version(scope, s, s.current().unwrap()),
        Err(Error::NotPermitted { .. })
    ));
    // …nor with any key his identity unlocks: his user key, and every
    // scope key (names keys of every epoch) he was delivered.
    let mut candidates: Vec<crate::secret::Key> = vec![bob.keys.uk.expose_secret().clone()];
    for (_, view) in bob.scopes() {
        assert_eq!(view.owner, atlas, "no other scope reaches bob");
        for k in view.keys.values() {
            assert!(k.values.is_none(), "a read grant carries no values key");
            candidates.push(k.names.clone());
        }
    }
    let alice = open_as(&image, "alice-pass", 1);
    let parts = value_parts(&alice);
    assert!(parts.len() >= 2);
    for (aad, bytes) in &parts {
        for key in &candidates {
            let as_values = ScopeKeys {
                names: key.clone(),
                values: Some(key.clone()),
            };
            assert!(as_values.open_value(aad, bytes).is_none());
            assert!(as_values.open_names(aad, bytes).is_none());
        }
    }
}

#[test]
fn a_member_without_a_grant_sees_no_scope_at_all() {
    let image = team(Role::Write);
    let carol = open_as(&image, "carol-pass", 3);
    assert_eq!(carol.scopes().count(), 0);
    assert!(carol.find(&id("project/atlas/secret/Custom/db")).is_none());
    assert!(carol.owners().is_empty());
    let bob = open_as(&image, "bob-pass", 2);
    assert_eq!(
        get(&bob, "project/atlas/secret/Custom/db"),
        "atlas-db-value"
    );
    assert!(bob.find(&id("organization/acme/secret/Custom/x")).is_none());
}

#[test]
fn a_read_member_who_writes_with_their_own_keys_is_quarantined() {
    let image = team(Role::Read);
    let mut bob = open_as(&image, "bob-pass", 2);
    // Through the API: refused.
    assert!(matches!(
        bob.remove(&id("project/atlas/secret/Custom/db")),
        Err(Error::NotPermitted { .. })
    ));
    // Bypassing the checks: bob seals a tombstone under the names key he
    // holds and signs it.
    let (scope, s) = bob.find(&id("project/atlas/secret/Custom/db")).unwrap();
    let (scope, secret, heads) = (*scope, s.id, s.heads.clone());
    bob.pending
        .entry(scope)
        .or_default()
        .ops
        .push(Op::Tombstone { secret, heads });
    bob.commit().unwrap();
    let alice = open_as(bob.image(), "alice-pass", 1);
    assert_eq!(
        get(&alice, "project/atlas/secret/Custom/db"),
        "atlas-db-value"
    );
    let (scope, _) = alice.find(&id("project/atlas/secret/Custom/db")).unwrap();
    let bob_id = *alice.membership().by_name("bob").unwrap().0;
    assert!(
        alice.scopes[scope]
            .quarantined
            .iter()
            .any(|(_, who)| *who == bob_id),
        "bob's record is set aside, naming him"
    );
}

#[test]
fn a_removed_member_opens_nothing_written_afterwards_and_the_rest_read_old_versions() {
    let image = team(Role::Write);
    let bob = open_as(&image, "bob-pass", 2);
    let bob_keys = MemberKeys::open_secrets(
        UserKey::from_bytes(*bob.keys.uk.expose_secret().expose_secret()),
        &bob.membership.members[&bob.me].sealed,
        &MemberPublic::from_bytes(&bob.membership.members[&bob.me].public).unwrap(),
        &member_aad(&bob.vault_id, &bob.me),
    )
    .unwrap();
    let bob_scope_keys: Vec<ScopeKeys> = bob
        .scopes()
        .flat_map(|(_, v)| v.keys.values().cloned())
        .collect();
    let mut alice = open_as(&image, "alice-pass", 1);
    let exposed = alice.remove_member("bob").unwrap();
    assert_eq!(exposed, vec![id("project/atlas/secret/Custom/db")]);
    alice.commit().unwrap();
    alice
        .add_version(
            &id("project/atlas/secret/Custom/db"),
            &value("after-removal"),
            None,
        )
        .unwrap();
    alice.commit().unwrap();
    let after = alice.image().clone();
    assert!(matches!(
        Engine::open(
            after.clone(),
            bob.me,
            UserKey::from_bytes(*bob.keys.uk.expose_secret().expose_secret()),
            [2; 16],
            10
        ),
        Err(Error::Unlock { .. })
    ));
    // No delivery and no value written since opens under bob's keys.
    let old: BTreeSet<Id> = image.records.keys().map(|k| k.2).collect();
    for (k, r) in &after.records {
        if old.contains(&k.2) {
            continue;
        }
        for (i, p) in r.parts.iter().enumerate() {
            let Some(bytes) = r.part(i) else { continue };
            if p.kind == part::DELIVERY {
                assert!(open_delivery(&bob_keys, &bytes[24..]).is_none());
            }
        }
    }
    let alice = open_as(&after, "alice-pass", 1);
    let (scope, s) = alice.find(&id("project/atlas/secret/Custom/db")).unwrap();
    let aad_of =
        |v: &crate::vault::v2::state::Version| value_aad(&alice.vault_id, scope, &s.id, &v.id);
    let (old_aad, new_aad) = (aad_of(&s.versions[0]), aad_of(&s.versions[1]));
    let opens = |aad: &[u8]| {
        value_parts(&alice)
            .iter()
            .filter(|(a, _)| a == aad)
            .any(|(a, bytes)| {
                bob_scope_keys
                    .iter()
                    .any(|k| k.open_value(a, bytes).is_some())
            })
    };
    assert!(opens(&old_aad), "bob could read what he was given");
    assert!(
        !opens(&new_aad),
        "the value written after the removal opened under bob's keys"
    );
    // alice still reads both versions.
    let values: Vec<String> = s
        .versions
        .iter()
        .map(|v| text(&alice, scope, s, v))
        .collect();
    assert_eq!(values, vec!["atlas-db-value", "after-removal"]);
}

#[test]
fn an_exported_secret_keeps_its_version_numbers_times_and_policy() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    e.put_exported(&ExportedSecret {
        id: id("project/atlas/secret/Custom/old"),
        created: 100,
        updated: 300,
        description: Some("carried over".into()),
        rotate_every: Some(86400),
        expires: None,
        versions: vec![(7, 200, value("seven")), (8, 300, value("eight"))],
    })
    .unwrap();
    e.commit().unwrap();
    let e = reopen(&e, "alice-pass", 1);
    let (scope, s) = e.find(&id("project/atlas/secret/Custom/old")).unwrap();
    let numbers: Vec<(u32, i64)> = s.versions.iter().map(|v| (v.number, v.created)).collect();
    assert_eq!(numbers, vec![(7, 200), (8, 300)]);
    assert_eq!((s.created, s.updated), (100, 300));
    assert_eq!(s.rotate_every, Some(86400));
    assert_eq!(s.description.as_deref(), Some("carried over"));
    let seven = e.open_version(scope, s, s.version(7).unwrap()).unwrap();
    assert_eq!(seven.get("value").unwrap().expose_secret(), "seven");
}

/// A tiny deterministic generator for the randomized tests (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The seed: `SESAME_SEED` to replay a failure, else the clock.
fn seed() -> u64 {
    std::env::var("SESAME_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        })
}

/// Every value of every unpurged version this engine can read, with the
/// number of secrets in conflict.
fn all_values(e: &Engine) -> (BTreeSet<String>, usize) {
    let mut values = BTreeSet::new();
    let mut conflicts = 0;
    for (scope, view) in e.scopes() {
        for s in view.state.secrets.values() {
            if !s.conflicts.is_empty() && s.is_live() {
                conflicts += 1;
            }
            for v in s.versions.iter().filter(|v| !v.purged) {
                if let Ok(f) = e.open_version(scope, s, v) {
                    values.insert(f.get("value").unwrap().expose_secret().to_string());
                }
            }
        }
    }
    (values, conflicts)
}

/// Three devices of one member edit copies of a vault at random (add,
/// rotate, rm, mv) and pull each other's files through the merge, in a
/// random order. At the end, after every copy has pulled the others: the
/// files are byte-identical, and every value ever written is readable,
/// but for those an `rm` that saw them purged on purpose.
#[test]
fn randomized_devices_converge_and_lose_nothing() {
    let seed = seed();
    let mut rng = Rng(seed);
    let paths = ["a", "b", "c", "d"];
    let (mut concurrent_pairs, mut conflicts_seen, mut values_checked) = (0usize, 0usize, 0usize);
    for run in 0..6 {
        let mut base = open_as(&founded(), "alice-pass", 1);
        base.history_limit = 1000;
        base.add(
            &id("user/alice/secret/Custom/a"),
            &value(&format!("r{run}-init")),
            None,
            0,
        )
        .unwrap();
        base.commit().unwrap();
        let mut images = vec![base.image().clone(); 3];
        let mut written = BTreeSet::from([format!("r{run}-init")]);
        let mut purged_on_purpose: BTreeSet<String> = BTreeSet::new();
        // Per device: rotations since its last pull, by path.
        let mut dirty: Vec<BTreeSet<String>> = vec![BTreeSet::new(); 3];
        for step in 0..40 {
            let d = rng.below(3);
            let other = (d + 1 + rng.below(2)) % 3;
            let action = rng.below(6);
            if action == 5 {
                // Pull: the merge, as the driver does it.
                images[d] = merge(&images[d], &images[other]).unwrap();
                dirty[d].clear();
                continue;
            }
            let mut e = open_as(&images[d], "alice-pass", d as u8 + 1);
            e.history_limit = 1000;
            let path = paths[rng.below(paths.len())];
            let sid = id(&format!("user/alice/secret/Custom/{path}"));
            let v = format!("r{run}-s{step}-d{d}");
            let result = match action {
                0 | 1 if e.contains(&sid) => {
                    for x in &dirty {
                        if x.contains(path) {
                            concurrent_pairs += 1;
                        }
                    }
                    dirty[d].insert(path.to_string());
                    e.add_version(&sid, &value(&v), None).map(|_| true)
                }
                0..=2 => e.add(&sid, &value(&v), None, step).map(|_| true),
                3 if e.contains(&sid) => {
                    // What this device sees of the secret goes on purpose.
                    let (scope, s) = e.find(&sid).unwrap();
                    for ver in &s.versions {
                        if let Ok(f) = e.open_version(scope, s, ver) {
                            purged_on_purpose
                                .insert(f.get("value").unwrap().expose_secret().to_string());
                        }
                    }
                    e.remove(&sid).map(|_| false)
                }
                4 if e.contains(&sid) => {
                    let to = id(&format!("user/alice/secret/Custom/{}-moved{step}", path));
                    e.rename(&sid, &to).map(|_| false)
                }
                _ => Ok(false),
            };
            match result {
                Ok(wrote_value) => {
                    if wrote_value {
                        written.insert(v);
                    }
                    e.commit().unwrap();
                    images[d] = e.image().clone();
                }
                Err(Error::SecretExists { .. }) => {}
                Err(other) => panic!("seed {seed}: step {step}: {other}"),
            }
        }
        // Everyone pulls everyone.
        let all = merge(&merge(&images[0], &images[1]).unwrap(), &images[2]).unwrap();
        for image in &mut images {
            *image = merge(image, &all).unwrap();
        }
        let bytes: Vec<Vec<u8>> = images.iter().map(Image::encode).collect();
        assert!(
            bytes.windows(2).all(|w| w[0] == w[1]),
            "seed {seed}: copies differ after pulling everything"
        );
        let e = open_as(&images[0], "alice-pass", 1);
        let (values, conflicts) = all_values(&e);
        conflicts_seen += conflicts;
        for v in &written {
            if purged_on_purpose.contains(v) {
                continue;
            }
            values_checked += 1;
            assert!(
                values.contains(v),
                "seed {seed}: run {run}: value {v} was lost"
            );
        }
    }
    eprintln!(
        "seed {seed}: {concurrent_pairs} concurrent edit pairs, {conflicts_seen} conflicts, {values_checked} values checked"
    );
}

/// A grant to bob on one device and bob's removal on another, concurrent:
/// after the merge, the next write moves the scope to keys bob never had.
#[test]
fn a_grant_concurrent_with_a_removal_leaves_no_scope_on_the_removed_members_keys() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    e.add_member("bob", &NewSlot::Passphrase(&"bob-pass".into(), FAST), false)
        .unwrap();
    e.commit().unwrap();
    e.add(&id("project/atlas/secret/Custom/db"), &value("v1"), None, 1)
        .unwrap();
    e.commit().unwrap();
    let base = e.image().clone();
    let mut granting = open_as(&base, "alice-pass", 1);
    granting
        .grant("bob", &"project/atlas".parse().unwrap(), Role::Write)
        .unwrap();
    granting.commit().unwrap();
    let bob_keys: Vec<ScopeKeys> = open_as(granting.image(), "bob-pass", 3)
        .scopes()
        .flat_map(|(_, v)| v.keys.values().cloned())
        .collect();
    assert!(!bob_keys.is_empty(), "the grant gave bob the scope's keys");
    let mut removing = open_as(&base, "alice-pass", 2);
    removing.remove_member("bob").unwrap();
    removing.commit().unwrap();
    let merged = merge(granting.image(), removing.image()).unwrap();
    let mut after = open_as(&merged, "alice-pass", 1);
    after
        .add_version(&id("project/atlas/secret/Custom/db"), &value("v2"), None)
        .unwrap();
    after.commit().unwrap();
    let (scope, s) = after.find(&id("project/atlas/secret/Custom/db")).unwrap();
    let v2 = s.current().unwrap();
    let aad = value_aad(&after.vault_id, scope, &s.id, &v2.id);
    let key = after.index[&v2.stamp.op.record];
    let bytes = after.image.records[&key]
        .part(v2.value.part as usize)
        .unwrap()
        .to_vec();
    assert!(
        bob_keys
            .iter()
            .all(|k| k.open_value(&aad, &bytes).is_none()),
        "the value written after the merge opens under keys the removed member holds"
    );
    assert_eq!(get(&after, "project/atlas/secret/Custom/db"), "v2");
}

/// Two devices revoke concurrently, each moving the scope to its own
/// epoch 2: values written under either fork stay readable after the
/// merge, and the next write joins the fork into epoch 3.
#[test]
fn concurrent_rotations_fork_the_epoch_and_every_value_stays_readable() {
    let image = team(Role::Write);
    let mut one = open_as(&image, "alice-pass", 1);
    one.revoke("bob", &"project/atlas".parse().unwrap())
        .unwrap();
    one.commit().unwrap();
    one.add_version(
        &id("project/atlas/secret/Custom/db"),
        &value("fork-one"),
        None,
    )
    .unwrap();
    one.commit().unwrap();
    let mut two = open_as(&image, "alice-pass", 2);
    two.revoke("bob", &"project/atlas".parse().unwrap())
        .unwrap();
    two.commit().unwrap();
    two.add_version(
        &id("project/atlas/secret/Custom/db"),
        &value("fork-two"),
        None,
    )
    .unwrap();
    two.commit().unwrap();
    let merged = merge(one.image(), two.image()).unwrap();
    let e = open_as(&merged, "alice-pass", 1);
    let (values, conflicts) = all_values(&e);
    assert!(values.contains("fork-one") && values.contains("fork-two"));
    assert_eq!(conflicts, 1, "two heads");
    let (scope, _) = e.find(&id("project/atlas/secret/Custom/db")).unwrap();
    assert!(
        e.scopes[scope].needs_rotation,
        "a forked epoch is not written under"
    );
    let mut e = e;
    e.add_version(
        &id("project/atlas/secret/Custom/db"),
        &value("joined"),
        None,
    )
    .unwrap();
    e.commit().unwrap();
    let (scope, _) = e.find(&id("project/atlas/secret/Custom/db")).unwrap();
    assert_eq!(e.scopes[scope].current.0, 3);
    assert!(!e.scopes[scope].needs_rotation);
    assert_eq!(get(&e, "project/atlas/secret/Custom/db"), "joined");
}

#[test]
fn report_lists_every_scope_and_a_value_that_does_not_open() {
    let mut e = open_as(&team(Role::Write), "alice-pass", 1);
    let report = e.report();
    let owners: Vec<String> = report.iter().map(|r| r.owner.to_string()).collect();
    assert_eq!(owners, vec!["organization/acme", "project/atlas"]);
    assert!(
        report
            .iter()
            .all(|r| r.ok() && r.secrets == 1 && r.versions == 1)
    );
    // Damage the atlas value's bytes in memory (a file would fail its hash).
    let (_, s) = e.find(&id("project/atlas/secret/Custom/db")).unwrap();
    let v = s.current().unwrap().clone();
    let key = e.index[&v.stamp.op.record];
    let part = e.image.records.get_mut(&key).unwrap().data[v.value.part as usize]
        .as_mut()
        .unwrap();
    part[0] ^= 1;
    let report = e.report();
    let atlas = report
        .iter()
        .find(|r| r.owner.to_string() == "project/atlas")
        .unwrap();
    assert_eq!(
        atlas.unreadable,
        vec!["project/atlas/secret/Custom/db version 1".to_string()]
    );
    assert!(!atlas.ok());
}

#[test]
fn a_revoke_beats_a_concurrent_grant_after_the_merge() {
    let image = team(Role::Write);
    let atlas: Owner = "project/atlas".parse().unwrap();
    let mut revoking = open_as(&image, "alice-pass", 1);
    revoking.revoke("bob", &atlas).unwrap();
    revoking.commit().unwrap();
    let mut granting = open_as(&image, "alice-pass", 2);
    granting.grant("bob", &atlas, Role::Owner).unwrap();
    granting.commit().unwrap();
    for merged in [
        merge(revoking.image(), granting.image()).unwrap(),
        merge(granting.image(), revoking.image()).unwrap(),
    ] {
        let alice = open_as(&merged, "alice-pass", 1);
        let bob_id = *alice.membership().by_name("bob").unwrap().0;
        let (scope, _) = alice.find(&id("project/atlas/secret/Custom/db")).unwrap();
        assert_eq!(
            alice.scopes[scope]
                .access
                .role(&alice.membership, &bob_id, None),
            None
        );
        // The revoke is also written under the keys bob holds, so his own
        // copy shows him no such scope any more, concurrent grant or not.
        let bob = open_as(&merged, "bob-pass", 3);
        assert!(bob.find(&id("project/atlas/secret/Custom/db")).is_none());
        assert!(bob.owners().iter().all(|o| *o != atlas));
    }
}

/// Two copies of one base, each changed by `edit`, merged.
fn diverged(edit_one: impl Fn(&mut Engine), edit_two: impl Fn(&mut Engine)) -> Engine {
    let mut e = open_as(&founded(), "alice-pass", 1);
    e.add(&id("user/alice/secret/Custom/x"), &value("base"), None, 1)
        .unwrap();
    e.commit().unwrap();
    let base = e.image().clone();
    let mut one = open_as(&base, "alice-pass", 1);
    edit_one(&mut one);
    one.commit().unwrap();
    let mut two = open_as(&base, "alice-pass", 2);
    edit_two(&mut two);
    two.commit().unwrap();
    open_as(&merge(one.image(), two.image()).unwrap(), "alice-pass", 1)
}

fn short_of(e: &Engine, secret: &str, value_text: &str) -> String {
    for (scope, s) in e.find_all(&id(secret)) {
        for v in &s.versions {
            if text(e, scope, s, v) == value_text {
                return crate::vault::v2::state::short_id(&v.id);
            }
        }
    }
    panic!("no version holds {value_text}")
}

#[test]
fn resolve_picks_one_of_two_heads_or_one_of_two_secrets_at_one_path() {
    let x = "user/alice/secret/Custom/x";
    let rotate =
        |v: &'static str| move |e: &mut Engine| e.add_version(&id(x), &value(v), None).unwrap();
    let mut e = diverged(rotate("laptop"), rotate("desktop"));
    let short = short_of(&e, x, "laptop");
    e.resolve(&id(x), Some(&short), None).unwrap();
    e.commit().unwrap();
    let (_, s) = e.find(&id(x)).unwrap();
    assert!(s.conflicts.is_empty());
    assert_eq!(get(&e, x), "laptop");
    assert_eq!(s.versions.len(), 4, "both edits stay in the history");

    let y = "user/alice/secret/Custom/y";
    let create = |v: &'static str| move |e: &mut Engine| e.add(&id(y), &value(v), None, 2).unwrap();
    let mut e = diverged(create("first"), create("second"));
    assert_eq!(e.find_all(&id(y)).len(), 2);
    let short = short_of(&e, y, "first");
    e.resolve(&id(y), Some(&short), None).unwrap();
    e.commit().unwrap();
    let all = e.find_all(&id(y));
    assert_eq!(all.len(), 1);
    assert!(all[0].1.conflicts.is_empty(), "{:?}", all[0].1.conflicts);
    assert_eq!(get(&e, y), "first");
    assert_eq!(
        all[0].1.versions.len(),
        3,
        "the other secret's value is a version"
    );
}

#[test]
fn an_edit_concurrent_with_a_delete_is_kept_by_resolve_or_ended_by_rm() {
    let x = "user/alice/secret/Custom/x";
    let rotate = |e: &mut Engine| e.add_version(&id(x), &value("edited"), None).unwrap();
    let rm = |e: &mut Engine| e.remove(&id(x)).unwrap();
    let mut e = diverged(rotate, rm);
    let (_, s) = e.find(&id(x)).unwrap();
    assert_eq!(
        s.conflicts,
        vec![crate::vault::v2::state::Conflict::EditDelete]
    );
    let short = short_of(&e, x, "edited");
    let mut removing = diverged(rotate, rm);
    e.resolve(&id(x), Some(&short), None).unwrap();
    e.commit().unwrap();
    let (_, s) = e.find(&id(x)).unwrap();
    assert!(s.conflicts.is_empty(), "{:?}", s.conflicts);
    assert_eq!(get(&e, x), "edited");
    removing.remove(&id(x)).unwrap();
    removing.commit().unwrap();
    assert!(removing.find(&id(x)).is_none());
}

// ----- checkpoints (docs/format2-design.md §4, §4.2) -----

/// The image without its derived data: what a reader must replay.
fn without_checkpoints(image: &Image) -> Image {
    let mut bare = image.clone();
    bare.checkpoints.clear();
    bare.pages.clear();
    bare
}

/// Every scope's state and the current value of each live secret.
type Snapshot = Vec<(Owner, Scope, Vec<(String, String)>)>;

fn snapshot(e: &Engine) -> Snapshot {
    e.scopes()
        .map(|(scope, view)| {
            let values = view
                .state
                .secrets
                .values()
                .filter(|s| s.is_live())
                .map(|s| (s.path.clone(), text(e, scope, s, s.current().unwrap())))
                .collect();
            (view.owner.clone(), view.state.clone(), values)
        })
        .collect()
}

fn from_checkpoint(e: &Engine) -> usize {
    e.scopes
        .values()
        .filter(|v| matches!(v.source, Source::Checkpoint(_)))
        .count()
}

/// Opening from checkpoints shows exactly what replaying every record
/// shows, after each kind of write, and `verify` agrees.
#[test]
fn a_vault_read_from_its_checkpoints_shows_what_a_replay_shows() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    type Step = Box<dyn Fn(&mut Engine)>;
    let steps: Vec<Step> = vec![
        Box::new(|e| {
            for (i, p) in ["a", "b/c", "b/d", "e"].iter().enumerate() {
                let path = format!("project/atlas/{p}");
                e.add(
                    &id(&path),
                    &value(&format!("v{i}")),
                    Some(format!("d{i}")),
                    1,
                )
                .unwrap();
            }
            e.add(&id("user/alice/x"), &value("mine"), None, 1).unwrap();
        }),
        Box::new(|e| {
            e.add_version(&id("project/atlas/a"), &value("a2"), None)
                .unwrap()
        }),
        Box::new(|e| {
            e.rename(&id("project/atlas/b/c"), &id("project/atlas/z"))
                .unwrap()
        }),
        Box::new(|e| e.remove(&id("project/atlas/e")).unwrap()),
        Box::new(|e| {
            e.set_policy(&id("project/atlas/a"), Some(Some(3600)), None)
                .unwrap()
        }),
        Box::new(|e| {
            e.rename(&id("project/atlas/z"), &id("user/alice/moved"))
                .unwrap()
        }),
        Box::new(|e| {
            e.add(&id("project/atlas/e"), &value("again"), None, 2)
                .unwrap()
        }),
    ];
    for (i, step) in steps.iter().enumerate() {
        step(&mut e);
        e.commit().unwrap();
        let image = Image::decode(&e.image().encode()).unwrap();
        let fast = open_as(&image, "alice-pass", 1);
        assert_eq!(
            from_checkpoint(&fast),
            fast.scopes().count(),
            "step {i}: every scope written has a checkpoint"
        );
        let slow = open_as(&without_checkpoints(&image), "alice-pass", 1);
        assert_eq!(from_checkpoint(&slow), 0);
        assert_eq!(snapshot(&fast), snapshot(&slow), "step {i}");
        assert_eq!(fast.owners(), slow.owners(), "step {i}");
        assert!(fast.report().iter().all(ScopeReport::ok), "step {i}");
        assert_eq!(fast.report(), slow.report(), "step {i}");
    }
}

/// A get opens one leaf of its scope; a write through such a partial view
/// writes the same state a full replay computes.
#[test]
fn a_get_reads_one_leaf_and_a_write_from_it_agrees_with_a_replay() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    for i in 0..50 {
        e.add(
            &id(&format!("user/alice/k{i:03}")),
            &value(&format!("v{i}")),
            None,
            1,
        )
        .unwrap();
    }
    e.add(&id("project/other/x"), &value("o"), None, 1).unwrap();
    e.commit().unwrap();
    let image = e.image().clone();
    let want = [id("user/alice/k007")];
    let mut g = open_narrow(image, Load::Ids(&want));
    // Only the named owner's scope is read (project/other waits).
    assert_eq!(from_checkpoint(&g), 1);
    let loaded: usize = g.scopes().map(|(_, v)| v.state.secrets.len()).sum();
    assert_eq!(loaded, 1, "one secret read of 51");
    assert_eq!(get(&g, "user/alice/k007"), "v7");
    assert_eq!(g.secrets().len(), 1);
    assert_eq!(g.owners().len(), 1, "owners sees the scopes read");
    // Writes to IDs not asked for read their leaf first.
    assert!(!g.contains(&id("user/alice/k008")), "not read yet");
    g.add_version(&id("user/alice/k008"), &value("v8b"), None)
        .unwrap();
    g.remove(&id("user/alice/k009")).unwrap();
    assert!(matches!(
        g.add(&id("user/alice/k010"), &value("dup"), None, 1),
        Err(Error::SecretExists { .. })
    ));
    g.add(&id("user/alice/new"), &value("n"), None, 1).unwrap();
    g.commit().unwrap();
    // Reading everything afterwards reads the scope that waited.
    g.load_everything().unwrap();
    assert_eq!(g.owners().len(), 2);
    assert_eq!(get(&g, "project/other/x"), "o");
    let fast = open_as(g.image(), "alice-pass", 1);
    let slow = open_as(&without_checkpoints(g.image()), "alice-pass", 1);
    assert_eq!(from_checkpoint(&fast), 2);
    assert_eq!(snapshot(&fast), snapshot(&slow));
    assert_eq!(get(&fast, "user/alice/k008"), "v8b");
    assert!(fast.find(&id("user/alice/k009")).is_none());
    assert!(fast.report().iter().all(ScopeReport::ok));
}

/// A one-secret write into a big scope stores a few pages, not the scope.
#[test]
fn a_one_secret_write_stores_a_few_small_pages() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    for i in 0..1500 {
        e.add(
            &id(&format!("user/alice/group{:02}/secret{i:05}", i % 17)),
            &value(&format!("value-{i}")),
            Some("a description of some length, as users write them".into()),
            1,
        )
        .unwrap();
    }
    e.commit().unwrap();
    let before: BTreeSet<Id> = e.image().pages.keys().map(|(_, id)| *id).collect();
    assert!(before.len() > 20, "{} pages", before.len());
    e.add_version(&id("user/alice/group03/secret00020"), &value("new"), None)
        .unwrap();
    e.commit().unwrap();
    let after = &e.image().pages;
    let fresh: Vec<usize> = after
        .iter()
        .filter(|((_, id), _)| !before.contains(id))
        .map(|(_, p)| p.encode().len())
        .collect();
    assert!(
        (1..=3).contains(&fresh.len()),
        "a leaf and its index pages: {fresh:?}"
    );
    assert!(fresh.iter().sum::<usize>() < 64 * 1024, "{fresh:?}");
    assert_eq!(after.len(), before.len(), "the replaced pages are gone");
    assert_eq!(
        e.image().checkpoints.len(),
        2,
        "the scope's and the keyring: the old ones are gone"
    );
}

/// A checkpoint re-signed by a member who may only read the scope is not
/// used: the reader replays, and sees what the records say.
#[test]
fn a_checkpoint_signed_by_a_read_member_is_not_used() {
    let image = team(Role::Read);
    let bob = open_as(&image, "bob-pass", 2);
    let mut forged = image.clone();
    let atlas_tag = {
        let alice = open_as(&image, "alice-pass", 1);
        let (scope, _) = alice.find(&id("project/atlas/secret/Custom/db")).unwrap();
        alice.scopes[scope].current.1
    };
    let (key, mut c) = forged
        .checkpoints
        .iter()
        .find(|((tag, _), _)| *tag == atlas_tag)
        .map(|(k, c)| (*k, c.clone()))
        .expect("atlas has a checkpoint");
    forged.checkpoints.remove(&key);
    c.author = bob.me;
    c.signature = keys::sign(bob.keys.signing_key(), &hash(&c.signed_bytes()));
    forged.insert_checkpoint(c);
    let carol_view = open_as(&forged, "alice-pass", 1);
    let (scope, _) = carol_view
        .find(&id("project/atlas/secret/Custom/db"))
        .unwrap();
    assert!(matches!(carol_view.scopes[scope].source, Source::Replay(_)));
    assert_eq!(
        get(&carol_view, "project/atlas/secret/Custom/db"),
        "atlas-db-value"
    );
}

/// A writer whose checkpoint says something its records do not (here: a
/// secret deleted by no record) is trusted by readers, and `verify`
/// rebuilds from the records and reports the scope.
#[test]
fn verify_reports_a_checkpoint_that_disagrees_with_the_records() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    e.add(&id("user/alice/kept"), &value("k"), None, 1).unwrap();
    e.add(&id("user/alice/hidden"), &value("h"), None, 1)
        .unwrap();
    e.commit().unwrap();
    let mut e = open_as(e.image(), "alice-pass", 1);
    let (scope, s) = e.find(&id("user/alice/hidden")).unwrap();
    let (scope, heads) = (*scope, s.heads.clone());
    let lie = vec![(
        Stamp {
            op: OpName {
                record: [0xee; 32],
                index: 0,
            },
            clock: u64::MAX,
            author: e.me,
        },
        Op::Tombstone {
            secret: s.id,
            heads,
        },
    )];
    // With no new record its frontier ties the honest checkpoint's, which
    // would win the tie: take that one out.
    e.image.checkpoints.clear();
    assert!(e.fold_in(&scope, &lie).unwrap());
    let reader = open_as(e.image(), "alice-pass", 1);
    assert!(reader.find(&id("user/alice/hidden")).is_none());
    let report = reader.report();
    assert!(report[0].checkpoint_differs);
    assert!(!report[0].ok());
    assert_eq!(report[0].secrets, 2, "counted from the records");
}

/// Records merged in from another copy are the scope's tail: the reader
/// replays (and so shows the merge), and the next write folds them into a
/// new checkpoint that readers use again.
#[test]
fn a_merged_tail_is_replayed_until_the_next_write_checkpoints_it() {
    let mut one = open_as(&founded(), "alice-pass", 1);
    one.add(&id("user/alice/a"), &value("a"), None, 1).unwrap();
    one.commit().unwrap();
    let mut two = open_as(one.image(), "alice-pass", 2);
    two.add_version(&id("user/alice/a"), &value("two"), None)
        .unwrap();
    two.commit().unwrap();
    one.add_version(&id("user/alice/a"), &value("one"), None)
        .unwrap();
    one.commit().unwrap();
    let merged = merge(one.image(), two.image()).unwrap();
    let mut e = open_as(&merged, "alice-pass", 1);
    assert_eq!(from_checkpoint(&e), 0, "a tail: replayed");
    let (_, s) = e.find(&id("user/alice/a")).unwrap();
    assert_eq!(s.heads.len(), 2, "the concurrent edits are a conflict");
    e.add(&id("user/alice/b"), &value("b"), None, 1).unwrap();
    e.commit().unwrap();
    let fast = open_as(e.image(), "alice-pass", 1);
    assert_eq!(from_checkpoint(&fast), 1);
    let slow = open_as(&without_checkpoints(e.image()), "alice-pass", 1);
    assert_eq!(snapshot(&fast), snapshot(&slow));
}

/// An engine over a lazily opened file reads what a decoded one reads,
/// and its write holds every byte of the file.
#[test]
fn a_lazily_opened_vault_reads_and_writes_like_a_decoded_one() {
    use std::io::Write;
    let mut e = open_as(&founded(), "alice-pass", 1);
    for i in 0..20 {
        e.add(
            &id(&format!("user/alice/k{i:02}")),
            &value(&format!("v{i}")),
            None,
            1,
        )
        .unwrap();
    }
    e.commit().unwrap();
    let bytes = e.image().encode();
    let mut f = tempfile::tempfile().unwrap();
    f.write_all(&bytes).unwrap();
    let lazy = Image::open(f).unwrap();
    let want = [id("user/alice/k05")];
    let mut l = open_narrow(lazy, Load::Ids(&want));
    assert_eq!(get(&l, "user/alice/k05"), "v5");
    assert!(l.image().is_lazy());
    l.add_version(&id("user/alice/k05"), &value("v5b"), None)
        .unwrap();
    l.commit().unwrap();
    // The write leaves the rest in the file, and copies it from there.
    assert!(l.image().is_lazy());
    let mut written = Vec::new();
    l.image().write_to(&mut written).unwrap();
    let after = Image::decode(&written).unwrap();
    let full = open_as(&after, "alice-pass", 1);
    assert_eq!(get(&full, "user/alice/k05"), "v5b");
    assert_eq!(get(&full, "user/alice/k19"), "v19");
    assert_eq!(full.secrets().len(), 20);
}

/// After a merge, the write that checkpoints the tail rewrites the pages
/// the tail reached, not the whole scope.
#[test]
fn the_write_after_a_merge_rewrites_only_the_pages_the_tail_reached() {
    let mut one = open_as(&founded(), "alice-pass", 1);
    for i in 0..1500 {
        one.add(
            &id(&format!("user/alice/group{:02}/secret{i:05}", i % 17)),
            &value(&format!("value-{i}")),
            Some("a description of some length, as users write them".into()),
            1,
        )
        .unwrap();
    }
    one.commit().unwrap();
    let mut two = open_as(one.image(), "alice-pass", 2);
    two.add_version(&id("user/alice/group05/secret00005"), &value("two"), None)
        .unwrap();
    two.commit().unwrap();
    one.add_version(&id("user/alice/group09/secret00009"), &value("one"), None)
        .unwrap();
    one.commit().unwrap();
    let merged = merge(one.image(), two.image()).unwrap();
    let before: BTreeSet<Id> = merged.pages.keys().map(|(_, id)| *id).collect();
    let mut e = open_as(&merged, "alice-pass", 1);
    assert_eq!(from_checkpoint(&e), 0, "a tail: replayed");
    e.add(&id("user/alice/group00/new"), &value("n"), None, 1)
        .unwrap();
    e.commit().unwrap();
    let fresh = e
        .image()
        .pages
        .keys()
        .filter(|(_, id)| !before.contains(id))
        .count();
    assert!((1..=8).contains(&fresh), "{fresh} new pages");
    let fast = open_as(e.image(), "alice-pass", 1);
    assert_eq!(from_checkpoint(&fast), 1);
    let slow = open_as(&without_checkpoints(e.image()), "alice-pass", 1);
    assert_eq!(snapshot(&fast), snapshot(&slow));
    assert_eq!(get(&fast, "user/alice/group05/secret00005"), "two");
    assert_eq!(get(&fast, "user/alice/group09/secret00009"), "one");
}

/// The keyring checkpoint holds every scope key a member was delivered,
/// so a reader tries no delivery it covers; one made later is still read.
#[test]
fn the_keyring_spares_the_deliveries_it_covers_and_later_ones_are_read() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    for owner in ["project/a", "project/b", "user/alice"] {
        e.add(&id(&format!("{owner}/x")), &value(owner), None, 1)
            .unwrap();
    }
    e.commit().unwrap();
    assert!(e.ring_fresh);
    // Without the delivery bytes, only the keyring can give the keys.
    let mut stripped = e.image().clone();
    for r in stripped.records.values_mut() {
        for (i, p) in r.parts.iter().enumerate() {
            if p.kind == part::DELIVERY {
                r.data[i] = None;
            }
        }
    }
    let r = open_as(&stripped, "alice-pass", 1);
    assert_eq!(r.scopes().count(), 3);
    assert_eq!(get(&r, "project/b/x"), "project/b");
    let (_, ring_tag) = r.ring_keys();
    let mut no_ring = stripped.clone();
    no_ring.checkpoints.retain(|(tag, _), _| *tag != ring_tag);
    assert_eq!(
        open_as(&no_ring, "alice-pass", 1).scopes().count(),
        0,
        "the keys came from the keyring"
    );
    // A scope made on another device after the keyring: its delivery is
    // beyond the keyring's frontier, and is read.
    let mut two = open_as(e.image(), "alice-pass", 2);
    two.add(&id("project/c/x"), &value("c"), None, 1).unwrap();
    two.commit().unwrap();
    e.add_version(&id("project/a/x"), &value("a2"), None)
        .unwrap();
    e.commit().unwrap();
    let merged = merge(e.image(), two.image()).unwrap();
    let m = open_as(&merged, "alice-pass", 1);
    assert_eq!(m.scopes().count(), 4);
    assert_eq!(get(&m, "project/c/x"), "c");
    assert_eq!(get(&m, "project/a/x"), "a2");
}

/// Member-record signatures checked on one open are skipped on the next
/// (tags keyed from the member's user key); tags under another key match
/// nothing, so every signature is checked again.
#[test]
fn checked_signatures_are_skipped_next_time_and_only_under_the_same_key() {
    let mut e = open_as(&founded(), "alice-pass", 1);
    e.add(&id("user/alice/k"), &value("v"), None, 1).unwrap();
    e.commit().unwrap();
    let image = e.image().clone();
    let (member, uk) = unlock(&image, &pass("alice-pass"), None, None).unwrap();
    let first = Engine::open_remembering(
        image.clone(),
        member,
        uk.clone(),
        [1; 16],
        10,
        Load::All,
        Remembered::new(&uk, &image.vault_id, []),
    )
    .unwrap();
    assert!(first.remembered().grew());
    let tags = first.remembered().tags();
    assert!(!tags.is_empty());
    let second = Engine::open_remembering(
        image.clone(),
        member,
        uk.clone(),
        [1; 16],
        10,
        Load::All,
        Remembered::new(&uk, &image.vault_id, tags.clone()),
    )
    .unwrap();
    assert!(!second.remembered().grew(), "nothing left to check");
    assert_eq!(
        second.membership().members.len(),
        first.membership().members.len()
    );
    assert!(second.membership().quarantined.is_empty());
    assert_eq!(get(&second, "user/alice/k"), "v");
    let other = UserKey::generate();
    let third = Engine::open_remembering(
        image.clone(),
        member,
        uk,
        [1; 16],
        10,
        Load::All,
        Remembered::new(&other, &image.vault_id, tags),
    )
    .unwrap();
    assert!(
        third.remembered().grew(),
        "tags under another key count for nothing"
    );
}

/// A member who has not written has no keyring in the file: the first open
/// tries every delivery and hands its keyring to the local state; the next
/// open with it tries none, and reads the same. A keyring that does not
/// open (another member's, a damaged one) is ignored.
#[test]
fn a_local_keyring_spares_a_member_who_never_wrote_the_delivery_search() {
    let image = team(Role::Write);
    let (bob, uk) = unlock(&image, &pass("bob-pass"), None, None).unwrap();
    let open = |ring: Option<Vec<u8>>| {
        let mut remembered = Remembered::new(&uk, &image.vault_id, []);
        remembered.local_ring = ring;
        Engine::open_remembering(
            image.clone(),
            bob,
            uk.clone(),
            [2; 16],
            10,
            Load::All,
            remembered,
        )
        .unwrap()
    };
    let first = open(None);
    let ring = first
        .local_ring()
        .expect("deliveries were tried: a keyring to keep");
    assert_eq!(
        get(&first, "project/atlas/secret/Custom/db"),
        "atlas-db-value"
    );
    let second = open(Some(ring.clone()));
    assert!(
        second.local_ring().is_none(),
        "its keyring covered everything"
    );
    assert_eq!(
        get(&second, "project/atlas/secret/Custom/db"),
        "atlas-db-value"
    );
    assert_eq!(second.scopes().count(), first.scopes().count());
    let mut damaged = ring;
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    let third = open(Some(damaged));
    assert!(
        third.local_ring().is_some(),
        "a damaged keyring is not used"
    );
    assert_eq!(
        get(&third, "project/atlas/secret/Custom/db"),
        "atlas-db-value"
    );
}

/// The scopes read from a checkpoint with a tail on top of it.
fn with_tail(e: &Engine) -> usize {
    e.scopes
        .values()
        .filter(|v| matches!(&v.source, Source::Checkpoint(l) if !l.tail.is_empty()))
        .count()
}

/// After a merge, a narrow read folds the other side's records on top of
/// its checkpoint (no replay) and shows what a replay shows; a tail that
/// removes something is replayed; the next write folds the tail into a
/// checkpoint of everything.
#[test]
fn a_narrow_read_after_a_merge_folds_the_tail_on_its_checkpoint() {
    let x = "user/alice/secret/Custom/x";
    let merged = diverged(
        |one| {
            for i in 0..5 {
                one.add_version(&id(x), &value(&format!("one-{i}")), None)
                    .unwrap();
                one.commit().unwrap();
            }
            one.add(&id("user/alice/new"), &value("fresh"), None, 1)
                .unwrap();
            one.add(&id("user/alice/secret/Custom/y"), &value("why"), None, 1)
                .unwrap();
            one.commit().unwrap();
        },
        |two| {
            two.add(&id("user/alice/other"), &value("o"), None, 1)
                .unwrap();
        },
    );
    let image = merged.image().clone();
    let slow = open_as(&without_checkpoints(&image), "alice-pass", 1);
    let open = |load: Load<'_>| open_narrow(image.clone(), load);
    let want = [id(x), id("user/alice/new"), id("user/alice/other")];
    let narrow = open(Load::Ids(&want));
    assert_eq!(with_tail(&narrow), 1, "read from a checkpoint and its tail");
    assert_eq!(get(&narrow, x), get(&slow, x));
    assert_eq!(get(&narrow, x), "one-4");
    assert_eq!(get(&narrow, "user/alice/new"), "fresh");
    assert_eq!(get(&narrow, "user/alice/other"), "o");
    let (_, secret) = narrow.find(&id(x)).unwrap();
    let (_, replayed) = slow.find(&id(x)).unwrap();
    assert_eq!(secret, replayed, "same versions, heads and metadata");
    // A prefix read is the same; reading everything afterwards too.
    let secrets = crate::id::Prefix::parse_with_default("user/alice/secret", None).unwrap();
    let under = open(Load::Prefix(&secrets));
    assert_eq!(with_tail(&under), 1);
    let mut paths: Vec<String> = under.secrets().iter().map(|s| s.0.to_string()).collect();
    paths.sort();
    assert_eq!(paths, [x, "user/alice/secret/Custom/y"]);
    assert_eq!(get(&under, "user/alice/secret/Custom/y"), "why");
    let prefix = crate::id::Prefix::parse_with_default("user/alice", None).unwrap();
    let mut listed = open(Load::Prefix(&prefix));
    assert_eq!(with_tail(&listed), 1);
    listed.load_everything().unwrap();
    assert_eq!(snapshot(&listed), snapshot(&slow));
    assert_eq!(listed.owners(), slow.owners());
    // A full open (verify, a listing of everything) replays.
    let full = open_as(&image, "alice-pass", 1);
    assert_eq!(with_tail(&full), 0);
    assert!(full.report().iter().all(ScopeReport::ok));
    // A write from the narrow view folds the tail.
    let mut w = open(Load::Ids(&want));
    w.add_version(&id(x), &value("after"), None).unwrap();
    w.commit().unwrap();
    let next = open_as(w.image(), "alice-pass", 1);
    assert_eq!(with_tail(&next), 0);
    assert_eq!(from_checkpoint(&next), 1, "a checkpoint of everything");
    assert_eq!(get(&next, x), "after");
    assert_eq!(
        snapshot(&next),
        snapshot(&open_as(&without_checkpoints(w.image()), "alice-pass", 1))
    );

    // A tail that removes a secret is replayed.
    let removed = diverged(|one| one.remove(&id(x)).unwrap(), |_| {});
    let image = removed.image().clone();
    let want = [id(x)];
    let narrow = open_narrow(image, Load::Ids(&want));
    assert_eq!(with_tail(&narrow), 0);
    assert!(narrow.find(&id(x)).is_none());
}

/// A tail record is folded on top of a checkpoint only if everything that
/// decides who may write (grants, members) below the checkpoint is in its
/// causal past: a read member's change made concurrently with being raised
/// to write is set aside by a replay, and so by a narrow read.
#[test]
fn a_tail_change_concurrent_with_a_grant_is_judged_as_a_replay_judges_it() {
    let db = "project/atlas/secret/Custom/db";
    let image = team(Role::Read);
    // Bob, a reader, bypasses the checks and signs a description change.
    let mut bob = open_as(&image, "bob-pass", 2);
    let (scope, s) = bob.find(&id(db)).unwrap();
    let (scope, secret) = (*scope, s.id);
    bob.pending.entry(scope).or_default().ops.push(Op::Meta {
        secret,
        description: Change::Set("bob was here".into()),
        rotate_every: Change::Keep,
        expires: Change::Keep,
    });
    bob.commit().unwrap();
    // Meanwhile alice raises him to write (her checkpoint covers that).
    let mut alice = open_as(&image, "alice-pass", 1);
    alice
        .grant("bob", &"project/atlas".parse().unwrap(), Role::Write)
        .unwrap();
    alice.commit().unwrap();
    let merged = merge(alice.image(), bob.image()).unwrap();
    let slow = open_as(&without_checkpoints(&merged), "alice-pass", 1);
    let want = [id(db)];
    let narrow = open_narrow(merged, Load::Ids(&want));
    let described = |e: &Engine| e.find(&id(db)).unwrap().1.description.clone();
    assert_eq!(described(&slow), None, "the replay sets bob's change aside");
    assert_eq!(described(&narrow), described(&slow));
}

/// A listing's open leaves a scope's leaves in the file when it has no
/// tail, and lists them a leaf at a time: the same secrets (two at one
/// path included, in one batch) as an open that read everything, and the
/// same scope once something asks for all of it.
#[test]
fn a_listing_folds_a_leaf_at_a_time_what_a_full_open_folds() {
    let dup = "user/alice/secret/Custom/twice";
    let mut merged = diverged(
        |one| {
            for i in 0..1200 {
                one.add(
                    &id(&format!("user/alice/group{:02}/secret{i:05}", i % 13)),
                    &value(&format!("v{i}")),
                    None,
                    1,
                )
                .unwrap();
            }
            one.add(&id(dup), &value("one"), None, 1).unwrap();
        },
        |two| {
            two.add(&id(dup), &value("two"), None, 1).unwrap();
        },
    );
    // The next write folds the merge's tail into a checkpoint.
    merged
        .add(&id("user/alice/after"), &value("a"), None, 1)
        .unwrap();
    merged.commit().unwrap();
    let image = merged.image().clone();
    let full = open_as(&image, "alice-pass", 1);
    let listed_by = |prefix: &str| {
        let prefix = crate::id::Prefix::parse_with_default(prefix, None).unwrap();
        let e = open_narrow(image.clone(), Load::Prefix(&prefix));
        assert!(e.lists_by_leaf(&prefix));
        assert_eq!(with_tail(&e), 0);
        let mut batches = 0;
        let mut seen: Vec<(String, Secret)> = Vec::new();
        e.for_each_listed(&prefix, |batch| {
            batches += 1;
            seen.extend(
                batch
                    .into_iter()
                    .map(|(i, _, s)| (i.to_string(), s.clone())),
            );
            Ok(())
        })
        .unwrap();
        seen.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
        (seen, batches)
    };
    let everything: Vec<(String, Secret)> = full
        .secrets()
        .into_iter()
        .map(|(i, _, s)| (i.to_string(), s.clone()))
        .collect();
    let (seen, batches) = listed_by("user/alice");
    assert_eq!(seen, everything);
    assert!(batches > 3, "several leaves: {batches}");
    assert_eq!(seen.iter().filter(|(i, _)| i == dup).count(), 2);
    let (under, _) = listed_by("user/alice/group07");
    let want: Vec<(String, Secret)> = everything
        .iter()
        .filter(|(i, _)| i.starts_with("user/alice/group07"))
        .cloned()
        .collect();
    assert_eq!(under.len(), (0..1200).filter(|i| i % 13 == 7).count());
    assert_eq!(under, want);
    // Two secrets at one ID come in one batch.
    let prefix = crate::id::Prefix::parse_with_default("user/alice", None).unwrap();
    let mut e = open_narrow(image.clone(), Load::Prefix(&prefix));
    e.for_each_listed(&prefix, |batch| {
        let n = batch.iter().filter(|(i, ..)| i.to_string() == dup).count();
        assert!(n == 0 || n == 2, "{n} of the two in one batch");
        Ok(())
    })
    .unwrap();
    // Asked for the whole prefix, the open reads what it left.
    e.load_prefix(&prefix).unwrap();
    assert_eq!(snapshot(&e), snapshot(&full));
}

/// A keyring's scopes are checked when it is read and decoded when used:
/// what it gives is what a full decode gives, a write carries it byte for
/// byte, and what a full decode refuses (epochs out of order or twice, a
/// key of the wrong length) is refused when the keyring is read, before
/// any scope is used.
#[test]
fn a_keyring_read_lazily_gives_and_refuses_what_a_full_decode_does() {
    let keys = |n: usize| -> Vec<ScopeKeys> { (0..n).map(|_| ScopeKeys::generate()).collect() };
    let (a, b, c) = (keys(2), keys(2), keys(1));
    let at = |epoch: u32, k: &ScopeKeys| ((epoch, k.tag()), k.clone());
    // A: epochs 1 and 2 (kept as bytes); B: two keys of epoch 3, a fork
    // (decoded at once to check their tags' order); C: read-only.
    let mut forked = vec![at(3, &b[0]), at(3, &b[1])];
    forked.sort_by_key(|x| x.0);
    let mut found = Found::new();
    let owner = |id: &str| Owner::new(OwnerType::Project, id).unwrap();
    found.insert(
        [1; 16],
        (owner("a"), Held::Keys(vec![at(1, &a[0]), at(2, &a[1])])),
    );
    found.insert([2; 16], (owner("b"), Held::Keys(forked.clone())));
    found.insert(
        [3; 16],
        (owner("c"), Held::Keys(vec![at(7, &c[0].read_only())])),
    );
    let heads = vec![([9; 16], 4, [8; 32])];
    let bytes = encode_ring(&heads, &found);

    let (read_heads, mut read) = decode_ring(&bytes).expect("a keyring decodes");
    assert_eq!(read_heads, heads);
    assert!(matches!(read[&[1; 16]].1, Held::Raw(_)));
    assert!(matches!(read[&[2; 16]].1, Held::Keys(_)));
    // Carried as read, and again once every scope was decoded.
    assert_eq!(encode_ring(&heads, &read)[..], bytes[..]);
    for (scope, (_, held)) in &found {
        assert!(read[scope].1.map() == held.map(), "scope {scope:?}");
    }
    for (_, held) in read.values_mut() {
        held.keys();
    }
    assert_eq!(encode_ring(&heads, &read)[..], bytes[..]);

    // Refused when read, as a full decode refuses them.
    let refused = |epochs: Vec<(u32, Vec<u8>)>| {
        let mut w = Writer::default();
        w.u32(0);
        w.u32(1);
        w.bytes(&[1; 16]);
        w.short_str("project");
        w.short_str("a");
        w.u32(u32::try_from(epochs.len()).unwrap());
        for (epoch, key) in &epochs {
            w.u32(*epoch);
            w.blob(key);
        }
        decode_ring(&w.into_inner()).is_err()
    };
    let k = |key: &ScopeKeys| key.encode().to_vec();
    assert!(
        !refused(vec![(1, k(&a[0])), (2, k(&a[1]))]),
        "the well-formed one reads"
    );
    assert!(
        refused(vec![(2, k(&a[1])), (1, k(&a[0]))]),
        "epochs out of order"
    );
    assert!(
        refused(vec![(1, k(&a[0])), (1, k(&a[0]))]),
        "one epoch twice"
    );
    let (lo, hi) = (forked[0].1.clone(), forked[1].1.clone());
    assert!(
        refused(vec![(3, k(&hi)), (3, k(&lo))]),
        "a fork's tags out of order"
    );
    assert!(refused(vec![(1, vec![7; 33])]), "a key of 33 bytes");
    assert!(refused(vec![]), "no epoch");
}
