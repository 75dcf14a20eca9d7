//! Time as the desk sees it: an injectable clock, and the one storage format for instants.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Where "now" comes from. The call timer is `now - started_at`, computed at render time,
/// so tests freeze the clock instead of counting ticks.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to.
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Instants are stored as fixed-width UTC text so that they sort as text, which the
/// last-writer-wins comparison in the store relies on.
pub fn format_utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

pub fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `mm:ss` under an hour, `h:mm:ss` from an hour on. Negative spans (a clock set back)
/// show as zero rather than as nonsense.
pub fn format_duration(span: Duration) -> String {
    let total = span.num_seconds().max(0);
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// How long ago, the way people say it: たった今, 5分前, 3時間前, 2日前.
pub fn relative_time(then: DateTime<Utc>, now: DateTime<Utc>, lang: super::Lang) -> String {
    let minutes = (now - then).num_minutes().max(0);
    let (n, ja, en) = if minutes < 1 {
        return lang.pick("たった今", "just now").to_string();
    } else if minutes < 60 {
        (minutes, "分前", "min ago")
    } else if minutes < 24 * 60 {
        (minutes / 60, "時間前", "h ago")
    } else {
        (minutes / (24 * 60), "日前", "d ago")
    };
    match lang {
        super::Lang::Ja => format!("{n}{ja}"),
        super::Lang::En => format!("{n} {en}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_switch_to_hours_past_sixty_minutes() {
        assert_eq!(format_duration(Duration::seconds(0)), "00:00");
        assert_eq!(format_duration(Duration::seconds(59 * 60 + 59)), "59:59");
        assert_eq!(format_duration(Duration::seconds(3600)), "1:00:00");
        assert_eq!(
            format_duration(Duration::seconds(2 * 3600 + 5 * 60 + 7)),
            "2:05:07"
        );
        assert_eq!(format_duration(Duration::seconds(-5)), "00:00");
    }

    #[test]
    fn stored_instants_round_trip_and_sort_as_text() {
        let a = parse_utc("2024-05-01T09:00:00+09:00").unwrap();
        let b = a + Duration::milliseconds(1);
        assert_eq!(parse_utc(&format_utc(a)), Some(a));
        assert!(format_utc(a) < format_utc(b));
    }
}
