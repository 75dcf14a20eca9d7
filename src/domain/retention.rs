//! How long a desk keeps free text: the retention period `[retention] keep` and `soudan
//! retention --older-than` are written in.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Months, Utc};
use serde::Deserialize;

/// A retention period: `5y`, `18m` or `90d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepFor {
    Years(u32),
    Months(u32),
    Days(u32),
}

impl FromStr for KeepFor {
    type Err = String;

    fn from_str(text: &str) -> Result<KeepFor, String> {
        let text = text.trim();
        let bad =
            || format!("{text:?} is not a period: write a number and y, m or d (5y, 18m, 90d)");
        let unit = text.chars().last().ok_or_else(bad)?;
        let n: u32 = text[..text.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| bad())?;
        if n == 0 {
            return Err(format!("{text:?}: a period of zero would erase every case"));
        }
        match unit {
            'y' => Ok(KeepFor::Years(n)),
            'm' => Ok(KeepFor::Months(n)),
            'd' => Ok(KeepFor::Days(n)),
            _ => Err(bad()),
        }
    }
}

impl<'de> Deserialize<'de> for KeepFor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<KeepFor, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for KeepFor {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            KeepFor::Years(n) => write!(f, "{n}y"),
            KeepFor::Months(n) => write!(f, "{n}m"),
            KeepFor::Days(n) => write!(f, "{n}d"),
        }
    }
}

impl KeepFor {
    /// The instant before which a last contact means the period has passed.
    pub fn cutoff(self, now: DateTime<Utc>) -> DateTime<Utc> {
        let months = |n: u32| {
            now.checked_sub_months(Months::new(n))
                .unwrap_or(DateTime::UNIX_EPOCH)
        };
        match self {
            KeepFor::Years(n) => months(n.saturating_mul(12)),
            KeepFor::Months(n) => months(n),
            KeepFor::Days(n) => now - chrono::Duration::days(i64::from(n)),
        }
    }
}
