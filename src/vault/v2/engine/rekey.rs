//! A member's keys over time (`passwd --rekey`, format2.md D7).
//!
//! A rekey record (signed by the member's old signing key, and carrying a
//! proof signed by the new one) gives the member new public keys. From
//! then on, a record by that member is authentic only under the key that
//! was current at its place in the causal order: an old key signs only
//! records that happened before the rekey. So a signing key that leaked
//! and was rekeyed away can forge nothing: a record it signs now is
//! concurrent with the rekey, or after it, and counts for nothing. (The
//! price: a record the member wrote on another device concurrently with
//! their own rekey is set aside too; `verify` lists it.)

use std::collections::BTreeMap;

use crate::id::Owner;
use crate::secret::SecretString;
use crate::vault::crypto::KdfParams;
use crate::vault::error::Result;

use super::super::access::{Causal, MemberOp};
use super::super::image::Image;
use super::super::keys::slot::Slot;
use super::super::keys::{self, MemberKeys, MemberPublic};
use super::super::ops::{Role, ScopeId};
use super::super::record::{MemberId, Record, hash, kind};
use super::{Engine, NewSlot, damaged, make_slot, member_aad, part};

/// Each member's keys in order: the key, and the record that introduced
/// it (`None` for the member's first key).
pub(crate) type KeyHistory = BTreeMap<MemberId, Vec<(MemberPublic, Option<Causal>)>>;

/// What a rekey's proof signs: the member and both public keys.
pub(crate) fn proof_message(member: &MemberId, old: &MemberPublic, new: &MemberPublic) -> [u8; 32] {
    let mut m = b"sesame v2 rekey".to_vec();
    m.extend_from_slice(member);
    m.extend_from_slice(&old.to_bytes());
    m.extend_from_slice(&new.to_bytes());
    hash(&m)
}

fn member_ops(record: &Record) -> Option<Vec<MemberOp>> {
    let body = record
        .parts
        .iter()
        .position(|p| p.kind == part::MEMBER_OPS)
        .and_then(|i| record.part(i))?;
    MemberOp::decode_all(body).ok()
}

/// The key history of every member, from the member records: a member's
/// first key from its `add`, then each `rekey` whose record is authentic
/// under the key current before it and whose proof verifies under the
/// new key, in causal order.
pub(crate) fn key_history(image: &Image) -> KeyHistory {
    let mut history: KeyHistory = BTreeMap::new();
    /// A rekey op, with its record.
    type Claimed<'a> = (Causal, &'a Record, MemberId, Vec<u8>, Vec<u8>);
    let mut rekeys: Vec<Claimed<'_>> = Vec::new();
    for record in image.records.values() {
        if !matches!(record.kind, kind::MEMBER | kind::SLOT | kind::REKEY) {
            continue;
        }
        let Some(ops) = member_ops(record) else {
            continue;
        };
        for op in ops {
            match op {
                MemberOp::Add { member, public, .. } => {
                    if let Ok(p) = MemberPublic::for_signatures(&public) {
                        history.entry(member).or_insert_with(|| vec![(p, None)]);
                    }
                }
                MemberOp::Rekey {
                    member,
                    public,
                    proof,
                    ..
                } => rekeys.push((Causal::of(record), record, member, public, proof)),
                _ => {}
            }
        }
    }
    rekeys.sort_by_key(|(c, ..)| c.order_key());
    for (causal, record, member, public, proof) in rekeys {
        if record.author != member || !authentic(&history, record) {
            continue;
        }
        let Ok(new) = MemberPublic::for_signatures(&public) else {
            continue;
        };
        let Some(keys) = history.get_mut(&member) else {
            continue;
        };
        let old = keys.last().expect("a member has a key").0.clone();
        let Ok(proof) = <[u8; keys::SIG_LEN]>::try_from(&proof[..]) else {
            continue;
        };
        if keys::verify(&new.sk, &proof_message(&member, &old, &new), &proof) {
            keys.push((new, Some(causal)));
        }
    }
    history
}

/// Whether `record`'s signature verifies under the key its author held at
/// the record's place in the causal order.
pub(crate) fn authentic(history: &KeyHistory, record: &Record) -> bool {
    let Some(keys) = history.get(&record.author) else {
        return false;
    };
    let digest = hash(&record.envelope());
    let at = Causal::of(record);
    let upto = |c: &Causal| c.id == at.id || c.before(&at);
    keys.iter().enumerate().any(|(i, (key, since))| {
        let valid_from = since.as_ref().is_none_or(upto);
        // The next rekey must not be in this record's past, unless this
        // record is that rekey (signed by the key it replaces).
        let valid_until = keys
            .get(i + 1)
            .and_then(|(_, next)| next.as_ref())
            .is_none_or(|next| next.id == at.id || !next.before(&at));
        valid_from && valid_until && keys::verify(&key.sk, &digest, &record.signature)
    })
}

/// Every key `member` ever had (to find deliveries they made).
pub(crate) fn every_key(history: &KeyHistory, member: &MemberId) -> Vec<MemberPublic> {
    history
        .get(member)
        .map(|k| k.iter().map(|(p, _)| p.clone()).collect())
        .unwrap_or_default()
}

impl Engine {
    /// `passwd --rekey` (D7): new user, identity and signing keys for this
    /// member; a new passphrase slot for `passphrase` and every age or ssh
    /// slot made again for the new user key (other passphrase slots go);
    /// every scope this member owns moves to new keys, and the others'
    /// current keys are delivered to the new identity key. Returns the
    /// owners of the scopes it could not move to new keys (held without
    /// owner role: their owners must rotate them).
    pub fn rekey(&mut self, passphrase: &SecretString, kdf: KdfParams) -> Result<Vec<Owner>> {
        let me = self.me;
        let old_public = self.keys.public();
        let new = MemberKeys::generate();
        let proof = keys::sign(
            new.signing_key(),
            &proof_message(&me, &old_public, &new.public()),
        );
        self.rekeyed = Some(new.uk.clone());
        self.pending_members.push(MemberOp::Rekey {
            member: me,
            public: new.public().to_bytes().to_vec(),
            sealed: new.seal_secrets(&member_aad(&self.vault_id, &me)),
            proof: proof.to_vec(),
        });
        let slots = self.my_slots();
        let first = make_slot(
            &new.uk,
            &NewSlot::Passphrase(passphrase, kdf),
            &self.vault_id,
            &me,
        )?;
        self.pending_members.push(MemberOp::Slot {
            member: me,
            slot: *first.id(),
            replaces: None,
            body: Some(first.encode()),
        });
        for (id, slot) in slots {
            let again = match &slot {
                Slot::Passphrase { .. } => None,
                Slot::Age { .. } | Slot::Ssh { .. } => {
                    let recipient = super::super::keys::slot::parse_recipient(
                        &slot_recipient(&slot)
                            .ok_or_else(|| damaged("a slot without a recipient"))?,
                    )
                    .map_err(|_| damaged("a slot's recipient does not parse"))?;
                    Some(make_slot(
                        &new.uk,
                        &NewSlot::Recipient(&recipient),
                        &self.vault_id,
                        &me,
                    )?)
                }
            };
            self.pending_members.push(MemberOp::Slot {
                member: me,
                slot: again.as_ref().map_or(id, |s| *s.id()),
                replaces: again.is_some().then_some(id),
                body: again.map(|s| s.encode()),
            });
        }
        let held: Vec<(ScopeId, Option<Role>)> =
            self.scopes.keys().map(|s| (*s, self.role(s))).collect();
        let mut not_moved = Vec::new();
        for (scope, role) in held {
            if role == Some(Role::Owner) {
                self.rotate(scope, None)?;
                // `rotate` delivered to this member's old key: the new key
                // gets them instead.
                let old = old_public.to_bytes();
                if let Some(p) = self.pending.get_mut(&scope) {
                    p.deliveries.retain(|(to, _)| to.to_bytes() != old);
                }
            } else if let Some(owner) = self.scopes.get(&scope).map(|v| v.owner.clone()) {
                not_moved.push(owner);
            }
            self.deliver_to(scope, new.public(), role.unwrap_or(Role::Read));
        }
        Ok(not_moved)
    }
}

impl Engine {
    /// The user key a pending rekey gives this member (once committed, it
    /// is the key their slots open).
    pub fn rekeyed_user_key(&self) -> Option<&super::super::keys::UserKey> {
        self.rekeyed.as_ref()
    }
}

fn slot_recipient(slot: &Slot) -> Option<String> {
    match slot {
        Slot::Age { recipient, .. } | Slot::Ssh { recipient, .. } => Some(recipient.clone()),
        Slot::Passphrase { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::*;
    use crate::vault::v2::record::Record;

    #[test]
    fn a_rekey_keeps_every_version_and_the_old_user_key_opens_nothing_after() {
        let mut e = open_as(&founded(), "alice-pass", 1);
        e.add(&id("project/atlas/db"), &value("v1"), None, 10)
            .unwrap();
        e.commit().unwrap();
        let old_uk = e.user_key().clone();
        let me = *e.member();
        let mut e = reopen(&e, "alice-pass", 1);
        let not_moved = e.rekey(&"new-pass".into(), FAST).unwrap();
        assert!(not_moved.is_empty());
        e.commit().unwrap();
        let mut e = reopen(&e, "new-pass", 1);
        assert_eq!(get(&e, "project/atlas/db"), "v1");
        e.add_version(&id("project/atlas/db"), &value("v2"), None)
            .unwrap();
        e.commit().unwrap();
        let image = Image::decode(&e.image().encode()).unwrap();
        // The old passphrase opens no slot, and the old user key does not
        // open the member's new secret halves.
        assert!(super::super::unlock(&image, &pass("alice-pass"), None, None).is_err());
        assert!(Engine::open(image.clone(), me, old_uk, [1; 16], 10).is_err());
        let e = open_as(&image, "new-pass", 2);
        assert_eq!(get(&e, "project/atlas/db"), "v2");
        let (scope, s) = e.find(&id("project/atlas/db")).unwrap();
        assert_eq!(text(&e, scope, s, s.version(1).unwrap()), "v1");
    }

    #[test]
    fn a_record_signed_by_the_old_key_after_the_rekey_is_not_authentic() {
        let mut e = open_as(&founded(), "alice-pass", 1);
        e.add(&id("project/atlas/db"), &value("v1"), None, 10)
            .unwrap();
        e.commit().unwrap();
        let mut e = reopen(&e, "alice-pass", 1);
        e.rekey(&"new-pass".into(), FAST).unwrap();
        e.commit().unwrap();
        let image = e.image().clone();
        let history = key_history(&image);
        assert_eq!(history[e.member()].len(), 2);
        // Every record so far is authentic under the key of its time.
        assert!(image.records.values().all(|r| authentic(&history, r)));
        // A record the leaked old key signs now, after the rekey, is not.
        let last: &Record = image.records.values().last().unwrap();
        let mut forged = last.clone();
        forged.seq += 1;
        forged.prev = last.id();
        forged.seen = vec![];
        forged.clock += 1;
        // The engine that wrote the rekey still holds the old keys.
        forged.signature = keys::sign(e.keys.signing_key(), &hash(&forged.envelope()));
        assert!(!authentic(&history, &forged));
        // The same record with the rekey out of its past (concurrent with
        // it) is not authentic either.
        forged.seq = last.seq + 100;
        forged.signature = keys::sign(e.keys.signing_key(), &hash(&forged.envelope()));
        assert!(!authentic(&history, &forged));
    }
}
