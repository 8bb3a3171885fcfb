//! Vault ownership, `*` grants and a member's own slots: the member ops
//! beyond adding and removing members (teams-sync.md "Members").

use crate::id::SecretId;
use crate::vault::error::{Error, Result};

use super::super::access::MemberOp;
use super::super::keys::slot::Slot;
use super::super::ops::{Role, ScopeId};
use super::{Engine, NewSlot, damaged, make_slot};

impl Engine {
    /// Makes `name` a vault owner (`true`) or not (vault owners only). A
    /// new vault owner gets the keys of every scope that is not private;
    /// one who stops being one loses what ownership gave: every such scope
    /// where they keep no role of their own moves to new keys (D10). At
    /// least one vault owner remains (exit 4).
    pub fn set_owner(&mut self, name: &str, owner: bool) -> Result<()> {
        self.require_vault_owner()?;
        let member = self.member_by_name(name)?;
        if self.membership.is_owner(&member) == owner {
            return Ok(());
        }
        let shared: Vec<ScopeId> = self
            .scopes
            .iter()
            .filter(|(_, v)| v.access.private_to.is_none())
            .map(|(id, _)| *id)
            .collect();
        if owner {
            let to = self
                .public_of(&member)
                .ok_or_else(|| damaged("bad member keys"))?;
            for scope in shared {
                self.deliver_to(scope, to.clone(), Role::Owner);
            }
        } else {
            let owners = self
                .membership
                .members
                .iter()
                .filter(|(id, m)| !m.removed && m.owner && **id != member)
                .count();
            if owners == 0 {
                return Err(Error::Conflict {
                    message: "the vault needs at least one vault owner".into(),
                });
            }
            // What remains after the change: their scope grants and `*`.
            let all = self.membership.members[&member].all;
            for scope in shared {
                let own = self.scope_grant(&scope, &member);
                if own.max(all).is_none_or(|r| r < Role::Owner) {
                    self.rotate_keeping(scope, member, own.max(all))?;
                }
            }
        }
        self.pending_members.push(MemberOp::Owner { member, owner });
        Ok(())
    }

    /// Gives `name` a role on every scope but the private ones (`*`), or
    /// takes it away (`None`), with the same rules as a scope grant: the
    /// keys of every such scope are delivered, and a lower role moves
    /// every scope where that leaves them less to new keys. Returns the
    /// IDs whose values they could read and no longer may.
    pub fn grant_all(&mut self, name: &str, role: Option<Role>) -> Result<Vec<SecretId>> {
        self.require_vault_owner()?;
        let member = self.member_by_name(name)?;
        let before = self.membership.members[&member].all;
        let shared: Vec<ScopeId> = self
            .scopes
            .iter()
            .filter(|(_, v)| v.access.private_to.is_none())
            .map(|(id, _)| *id)
            .collect();
        let to = self
            .public_of(&member)
            .ok_or_else(|| damaged("bad member keys"))?;
        let is_owner = self.membership.is_owner(&member);
        let mut exposed = Vec::new();
        for scope in shared {
            let own = self.scope_grant(&scope, &member);
            let was = own.max(before).max(is_owner.then_some(Role::Owner));
            let will = own.max(role).max(is_owner.then_some(Role::Owner));
            if will < was {
                if will.is_none_or(|r| r < Role::Write) {
                    self.load_leaves(&scope, None)?;
                    exposed.extend(self.readable_by(&scope, &member));
                }
                self.rotate_keeping(scope, member, will)?;
            } else if let Some(r) = will
                && will > was
            {
                self.deliver_to(scope, to.clone(), r);
            }
        }
        self.pending_members.push(MemberOp::All { member, role });
        exposed.sort();
        Ok(exposed)
    }

    /// `member`'s own grant on `scope`, without vault ownership or `*`.
    fn scope_grant(&self, scope: &ScopeId, member: &MemberId) -> Option<Role> {
        let mut access = self.scopes[scope].access.clone();
        access.private_to = None;
        let mut membership = self.membership.clone();
        if let Some(m) = membership.members.get_mut(member) {
            m.owner = false;
            m.all = None;
        }
        access.role(&membership, member, None)
    }

    /// Moves `scope` to new keys that `member` gets only as `keep` allows.
    fn rotate_keeping(
        &mut self,
        scope: ScopeId,
        member: MemberId,
        keep: Option<Role>,
    ) -> Result<()> {
        self.rotate(scope, Some(member))?;
        if let Some(role) = keep
            && let Some(to) = self.public_of(&member)
        {
            self.deliver_to(scope, to, role);
        }
        Ok(())
    }

    /// Adds a slot to this member's own slots (a passphrase or a
    /// recipient): the same user key, so nothing is sealed again.
    /// Returns the new slot (for its fingerprint).
    pub fn add_slot(&mut self, how: &NewSlot<'_>) -> Result<Slot> {
        let slot = make_slot(&self.keys.uk, how, &self.vault_id, &self.me)?;
        self.pending_members.push(MemberOp::Slot {
            member: self.me,
            slot: *slot.id(),
            replaces: None,
            body: Some(slot.encode()),
        });
        Ok(slot)
    }

    /// This member's slots: id and decoded slot.
    pub fn my_slots(&self) -> Vec<([u8; 16], Slot)> {
        self.membership
            .members
            .get(&self.me)
            .map(|m| {
                m.slots
                    .iter()
                    .filter_map(|(id, b)| Slot::decode(b).ok().map(|s| (*id, s)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Removes one of this member's slots; at least one remains (exit 4).
    pub fn remove_slot(&mut self, slot: [u8; 16]) -> Result<()> {
        let slots = self.my_slots();
        if !slots.iter().any(|(id, _)| *id == slot) {
            return Err(Error::invalid("no such slot"));
        }
        if slots.len() <= 1 {
            return Err(Error::Conflict {
                message: "a member keeps at least one slot".into(),
            });
        }
        self.pending_members.push(MemberOp::Slot {
            member: self.me,
            slot,
            replaces: None,
            body: None,
        });
        Ok(())
    }
}

use super::super::record::MemberId;
