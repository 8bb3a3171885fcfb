//! Durations and dates as people write them: `90s`, `15m`, `1h30m`,
//! `90d`, `2w`; `2027-01-31` or `2027-01-31T12:00:00Z`.

use std::time::Duration;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Parses a duration: one or more `<whole number><unit>` parts, with units
/// `s`, `m`, `h`, `d` (24 h) and `w` (7 d). Zero is refused.
pub fn parse(text: &str) -> Result<Duration, String> {
    let err = || format!("{text:?} is not a duration; write e.g. 90s, 15m, 1h30m, 90d or 2w");
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut parts = 0;
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit: u64 = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(err()),
        };
        let n: u64 = digits.parse().map_err(|_| err())?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(err)?;
        digits.clear();
        parts += 1;
    }
    if !digits.is_empty() || parts == 0 {
        return Err(err());
    }
    if total == 0 {
        return Err(format!("{text:?} is zero; a duration must be positive"));
    }
    Ok(Duration::from_secs(total))
}

/// Formats whole seconds in the largest unit that divides them exactly:
/// `90d`, `2w`, `90m`, `86401s`. What it prints, [`parse`] reads back.
pub fn format(d: Duration) -> String {
    const UNITS: [(&str, u64); 5] = [
        ("w", 604_800),
        ("d", 86_400),
        ("h", 3600),
        ("m", 60),
        ("s", 1),
    ];
    let secs = d.as_secs();
    let (unit, size) = UNITS
        .iter()
        .find(|(_, size)| secs.is_multiple_of(*size))
        .expect("every number of seconds is a multiple of 1");
    format!("{}{unit}", secs / size)
}

/// Parses an RFC 3339 date (`2027-01-31`, midnight UTC) or date-time
/// (`2027-01-31T12:00:00Z`, `…+02:00`) into Unix seconds.
pub fn parse_date(text: &str) -> Result<i64, String> {
    use time::format_description::well_known::Rfc3339;
    let err = || format!("{text:?} is not a date; write e.g. 2027-01-31 or 2027-01-31T12:00:00Z");
    let text = text.trim();
    if let Ok(t) = time::OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let mut parts = text.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(err());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(err());
    }
    let month = m
        .parse::<u8>()
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .ok_or_else(err)?;
    let date = time::Date::from_calendar_date(
        y.parse().map_err(|_| err())?,
        month,
        d.parse().map_err(|_| err())?,
    )
    .map_err(|_| err())?;
    Ok(date.midnight().assume_utc().unix_timestamp())
}

/// RFC 3339 in UTC, whole seconds: `2026-11-27T06:30:00Z`.
pub fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| unix.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_761_000), "2026-11-27T06:30:00Z");
    }

    #[test]
    fn parses_units_and_sums() {
        assert_eq!(parse("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse("90d"), Ok(Duration::from_secs(90 * 86_400)));
        assert_eq!(parse("2w"), Ok(Duration::from_secs(14 * 86_400)));
    }

    #[test]
    fn refuses_nonsense() {
        for bad in [
            "",
            "15",
            "m",
            "1x",
            "-5m",
            "0s",
            "1.5h",
            "forever",
            "99999999999999999999w",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn parses_dates() {
        assert_eq!(parse_date("1970-01-02"), Ok(86_400));
        assert_eq!(parse_date("1970-01-01T01:00:00Z"), Ok(3600));
        assert_eq!(parse_date("1970-01-01T01:00:00+01:00"), Ok(0));
        for bad in [
            "",
            "tomorrow",
            "2027-13-01",
            "2027-02-30",
            "27-01-01",
            "2027-01-01T25:00:00Z",
        ] {
            assert!(parse_date(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn formats_back() {
        assert_eq!(format(Duration::from_secs(5400)), "90m");
        assert_eq!(format(parse("90d").unwrap()), "90d");
        assert_eq!(format(parse("2w").unwrap()), "2w");
        assert_eq!(format(Duration::from_secs(86_401)), "86401s");
        assert_eq!(
            parse(&format(Duration::from_secs(86_401))),
            Ok(Duration::from_secs(86_401))
        );
    }
}
