//! How the queue names a case's risk flags, status and follow-up date in a narrow column:
//! the same words on the queue screen and in `soudan queue`.

use chrono::{Datelike, NaiveDate};

use crate::domain::{CaseStatus, Lang};

/// A one-character badge per risk flag, so several fit in a narrow column.
pub fn risk_badge(code: &str, lang: Lang) -> &'static str {
    match code {
        "suicide" => lang.pick("自", "S"),
        "danger" => lang.pick("危", "D"),
        "minor" => lang.pick("未", "M"),
        "sexual_image" => lang.pick("性", "X"),
        "money_demand" => lang.pick("金", "$"),
        _ => "?",
    }
}

/// The status as a queue column shows it (short).
pub fn status_short(status: CaseStatus, lang: Lang) -> &'static str {
    match status {
        CaseStatus::Open => lang.pick("対応中", "open"),
        CaseStatus::WaitingExpert => lang.pick("連携待ち", "expert"),
        CaseStatus::Closed => lang.pick("終了", "closed"),
    }
}

/// A follow-up date as m/d (with the year when it is not this one).
pub fn short_date(date: NaiveDate, today: NaiveDate) -> String {
    if date.year() == today.year() {
        format!("{}/{}", date.month(), date.day())
    } else {
        format!("{}/{}/{}", date.year() % 100, date.month(), date.day())
    }
}
