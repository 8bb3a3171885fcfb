//! One owner's path held in two scopes: the same owner id created
//! concurrently on two clones gives two scope ids (format2.md D10), and a
//! path written in both is a conflict until `resolve` keeps one secret.

use crate::id::SecretId;
use crate::secret_type::Fields;
use crate::vault::error::{Error, Result};

use super::super::ops::{Op, ScopeId, SecretKey};
use super::Engine;

impl Engine {
    /// Ends a conflict of one path held by secrets in several scopes of
    /// its owner: `keep` (scope and secret) gets `fields` as a new version
    /// superseding its heads; every other live secret at the path has its
    /// versions copied into the kept one (so `history` shows every value
    /// either clone wrote) and gets a tombstone of its heads.
    pub fn resolve_across(
        &mut self,
        id: &SecretId,
        keep: (ScopeId, SecretKey),
        fields: &Fields,
    ) -> Result<()> {
        let all: Vec<(
            ScopeId,
            SecretKey,
            Vec<[u8; 16]>,
            crate::secret_type::SecretType,
        )> = self
            .find_all(id)
            .into_iter()
            .map(|(scope, s)| (*scope, s.id, s.heads.clone(), s.kind))
            .collect();
        let Some((_, _, heads, kind)) = all.iter().find(|(sc, s, ..)| (*sc, *s) == keep) else {
            return Err(Error::SecretNotFound { id: id.to_string() });
        };
        if *kind != fields.kind() {
            return Err(Error::invalid(format!("{id} is a {kind} secret")));
        }
        for (scope, ..) in &all {
            self.require_write(scope)?;
        }
        // Nothing lost: every version of the other secrets becomes a
        // version of the kept one (sealed again under its scope's keys), in
        // order, and the new version supersedes them all.
        let mut parents = heads.clone();
        for (scope, secret, ..) in all.iter().filter(|(sc, s, ..)| (*sc, *s) != keep) {
            let other = self.scopes[scope]
                .state
                .secrets
                .get(secret)
                .cloned()
                .ok_or_else(|| Error::SecretNotFound { id: id.to_string() })?;
            let mut prev: Option<[u8; 16]> = None;
            for v in other.versions.iter().filter(|v| !v.purged) {
                let fields = self.open_version(scope, &other, v)?;
                let copied = self.push_version(
                    keep.0,
                    keep.1,
                    prev.into_iter().collect(),
                    v.created,
                    &fields,
                );
                prev = Some(copied);
            }
            parents.extend(prev);
        }
        let version = self.push_version(keep.0, keep.1, parents, crate::vault::now(), fields);
        for (scope, secret, heads, _) in all.iter().filter(|(sc, s, ..)| (*sc, *s) != keep) {
            self.pending
                .entry(*scope)
                .or_default()
                .ops
                .push(Op::Tombstone {
                    secret: *secret,
                    heads: heads.clone(),
                });
        }
        self.overlay.insert(
            (keep.0, id.path().to_string()),
            (keep.1, fields.kind(), vec![version], false),
        );
        Ok(())
    }
}
