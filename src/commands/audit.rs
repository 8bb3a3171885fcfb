//! `sesame audit`: which secrets need attention, and why. Exit 10 when
//! anything is listed, so CI can run it.

use serde_json::{Value, json};

use crate::cli::{AuditArgs, TableFormat};
use crate::error::{Error, Result};
use crate::id::Prefix;
use crate::vault::{SecretInfo, now};
use crate::{duration, output};

use super::Context;

/// Secrets expiring within this many seconds are `expiring_soon`.
pub const SOON: i64 = 7 * 86_400;

/// The reasons that apply to a secret, in a fixed order.
pub fn reasons(
    info: &SecretInfo,
    last_read: Option<i64>,
    unused_for: Option<i64>,
    now: i64,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    if info.rotation_due.is_some_and(|due| due <= now) {
        out.push("rotation_due");
    }
    match info.expires {
        Some(at) if at <= now => out.push("expired"),
        Some(at) if at - now <= SOON => out.push("expiring_soon"),
        _ => {}
    }
    if let Some(limit) = unused_for {
        match last_read {
            Some(at) if now - at > limit => out.push("unused"),
            None if now - info.created > limit => out.push("never_read"),
            _ => {}
        }
    }
    out
}

/// Lists the secrets with reasons; exit 10 when there are any.
pub fn run(ctx: &Context, args: &AuditArgs) -> Result<()> {
    let prefix = match &args.prefix {
        Some(p) => Prefix::parse_with_default(p, ctx.default_owner.as_ref())?,
        None => Prefix::all(),
    };
    let unused_for = match &args.unused_for {
        Some(text) => Some(duration::parse(text).map_err(|e| {
            Error::usage_hint(
                e,
                "--unused-for takes a positive duration: 90s, 15m, 12h, 90d, 2w or 1w2d",
            )
        })?),
        None => None,
    }
    .map(|d| d.as_secs() as i64);
    let mut vault = ctx.open()?;
    let now = now();
    let mut found = Vec::new();
    for s in vault.list(&prefix, None, false)? {
        let last_read = vault.last_read(&s.info.id);
        let reasons = reasons(&s.info, last_read, unused_for, now);
        if !reasons.is_empty() {
            found.push((s.info, last_read, reasons));
        }
    }
    let time = |t: Option<i64>| t.map(output::rfc3339);
    match args.format {
        TableFormat::Json => output::print_json(&Value::Array(
            found
                .iter()
                .map(|(info, last_read, reasons)| {
                    json!({
                        "id": info.id.to_string(),
                        "reasons": reasons,
                        "rotation_due": time(info.rotation_due),
                        "expires": time(info.expires),
                        "last_read": time(*last_read),
                    })
                })
                .collect(),
        ))?,
        TableFormat::Table if !found.is_empty() => {
            let mut table =
                output::table(&["ID", "REASONS", "ROTATION DUE", "EXPIRES", "LAST READ"]);
            for (info, last_read, reasons) in &found {
                let dash = || "-".to_string();
                table.add_row(vec![
                    info.id.to_string(),
                    reasons.join(","),
                    time(info.rotation_due).unwrap_or_else(dash),
                    time(info.expires).unwrap_or_else(dash),
                    time(*last_read).unwrap_or_else(|| "never".into()),
                ]);
            }
            output::print_table(&table)?;
        }
        TableFormat::Table => {}
    }
    if found.is_empty() {
        ctx.notice("audit: nothing to report");
        Ok(())
    } else {
        Err(Error::AuditFound { count: found.len() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(created: i64, rotation_due: Option<i64>, expires: Option<i64>) -> SecretInfo {
        SecretInfo {
            id: "user/u/x".parse().unwrap(),
            kind: crate::SecretType::Variable,
            version: 1,
            created,
            updated: created,
            description: None,
            rotate_every: None,
            rotation_due,
            expires,
            conflict: false,
            instance: None,
        }
    }

    #[test]
    fn reasons_in_order() {
        let now = 1_000_000;
        assert_eq!(
            reasons(&info(0, Some(now - 1), Some(now - 1)), None, None, now),
            ["rotation_due", "expired"]
        );
        assert_eq!(
            reasons(&info(0, Some(now + 1), Some(now + 3600)), None, None, now),
            ["expiring_soon"]
        );
        assert!(reasons(&info(0, None, Some(now + SOON + 1)), None, None, now).is_empty());
        assert_eq!(
            reasons(&info(0, None, None), None, Some(10), now),
            ["never_read"]
        );
        assert!(reasons(&info(now - 5, None, None), None, Some(10), now).is_empty());
        assert_eq!(
            reasons(&info(0, None, None), Some(now - 11), Some(10), now),
            ["unused"]
        );
        assert!(reasons(&info(0, None, None), Some(now - 9), Some(10), now).is_empty());
    }
}
