//! The build's notion of "today": `SOURCE_DATE_EPOCH` when set, so builds are reproducible and
//! CI can pin the date; the system clock otherwise.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The build time as a timestamp, or an error naming a malformed `SOURCE_DATE_EPOCH`.
pub fn now() -> Result<Timestamp, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| Timestamp::from_second(secs).ok())
            .ok_or_else(|| {
                format!("SOURCE_DATE_EPOCH must be whole seconds since 1970, not `{value}`")
            }),
        Err(_) => Ok(Timestamp::now()),
    }
}

/// The build's date (UTC).
pub fn today(now: Timestamp) -> Date {
    now.to_zoned(TimeZone::UTC).date()
}

/// Was the clock pinned by `SOURCE_DATE_EPOCH`? Only then may output mention the build time.
pub fn is_pinned() -> bool {
    std::env::var_os("SOURCE_DATE_EPOCH").is_some()
}

/// The build time to print in output (`2027-01-01T00:00:00Z`): only when `SOURCE_DATE_EPOCH`
/// pins it, so the wall clock never reaches a published file.
pub fn pinned_build_time() -> Option<String> {
    if !is_pinned() {
        return None;
    }
    now().ok().map(|t| t.to_string())
}
