//! `--rotate-every`, `--expires` and their `--no-` forms, for `add` and
//! `rotate`.

use crate::cli::PolicyArgs;
use crate::duration;
use crate::error::{Error, Result};

/// A change to one policy setting: `None` keeps it, `Some(None)` clears
/// it, `Some(Some(v))` sets it.
pub type Change = Option<Option<i64>>;

/// The rotation period (seconds) and expiry (Unix seconds) to apply.
pub fn parse(args: &PolicyArgs) -> Result<(Change, Change)> {
    let rotate_every = match (&args.rotate_every, args.no_rotate_every) {
        (Some(text), _) => {
            let d = duration::parse(text).map_err(|e| {
                Error::usage_hint(
                    e,
                    "--rotate-every takes a positive duration: 90s, 15m, 12h, 90d, 2w or 1w2d",
                )
            })?;
            Some(Some(
                i64::try_from(d.as_secs())
                    .map_err(|_| Error::usage("--rotate-every is too long"))?,
            ))
        }
        (None, true) => Some(None),
        (None, false) => None,
    };
    let expires = match (&args.expires, args.no_expires) {
        (Some(text), _) => Some(Some(duration::parse_date(text).map_err(|e| {
            Error::usage_hint(
                e,
                "--expires takes an RFC 3339 date (2027-01-31) or date-time (2027-01-31T12:00:00Z)",
            )
        })?)),
        (None, true) => Some(None),
        (None, false) => None,
    };
    Ok((rotate_every, expires))
}
