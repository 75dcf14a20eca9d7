//! The records a counselor works on: a case (one person's consultation) and its contacts
//! (each call or message thread).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{Dim, Lang};

/// Tag values by dimension. A single-choice dimension holds at most one value; the order of
/// a multi-choice one is kept (the first 対応 is the contact's primary response).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagSet(BTreeMap<Dim, Vec<String>>);

impl TagSet {
    pub fn get(&self, dim: Dim) -> &[String] {
        self.0.get(&dim).map_or(&[], Vec::as_slice)
    }

    pub fn first(&self, dim: Dim) -> Option<&str> {
        self.get(dim).first().map(String::as_str)
    }

    pub fn set(&mut self, dim: Dim, values: Vec<String>) {
        if values.is_empty() {
            self.0.remove(&dim);
        } else {
            self.0.insert(dim, values);
        }
    }

    /// The values after picking `code`: a single choice replaces, a multi choice toggles
    /// (appending keeps the order in which the counselor chose them).
    pub fn picked(&self, dim: Dim, code: &str) -> Vec<String> {
        let mut values = self.get(dim).to_vec();
        if !dim.is_multi() {
            return vec![code.to_string()];
        }
        if let Some(at) = values.iter().position(|v| v == code) {
            values.remove(at);
        } else {
            values.push(code.to_string());
        }
        values
    }
}

/// Where a case stands (issue: the shift lead's queue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseStatus {
    #[default]
    Open,
    WaitingExpert,
    Closed,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 3] = [
        CaseStatus::Open,
        CaseStatus::WaitingExpert,
        CaseStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::WaitingExpert => "waiting_expert",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CaseStatus::Open, Lang::Ja) => "対応中",
            (CaseStatus::WaitingExpert, Lang::Ja) => "専門家連携待ち",
            (CaseStatus::Closed, Lang::Ja) => "終了",
            (CaseStatus::Open, Lang::En) => "Open",
            (CaseStatus::WaitingExpert, Lang::En) => "Waiting for expert",
            (CaseStatus::Closed, Lang::En) => "Closed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub id: Uuid,
    /// The number people say and type ("A1-00012"); unique per workstation.
    pub number: String,
    pub opened_at: DateTime<Utc>,
    /// Case-scope tags: 年代, 状況, 当事者, 属性, 侵害種別, サービス, 希望, リスク.
    pub tags: TagSet,
    pub status: CaseStatus,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// 0 normal, higher is more urgent.
    pub priority: i64,
    /// Why a closed case ended (a code of [`super::CLOSE_REASONS`]).
    pub close_reason: Option<String>,
}

/// A case as lists show it: enough to recognise it, pick it and rank it in the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSummary {
    pub case: CaseRecord,
    pub contacts: i64,
    pub last_contact_at: Option<DateTime<Utc>>,
}

impl CaseSummary {
    /// When anyone last was in touch with the case (its opening, if never since).
    pub fn last_touched(&self) -> DateTime<Utc> {
        self.last_contact_at.unwrap_or(self.case.opened_at)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    pub id: Uuid,
    pub case_id: Uuid,
    pub counselor: String,
    pub started_at: DateTime<Utc>,
    /// End of the talk; wrap-up runs from here until `closed_at`.
    pub ended_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Contact-scope tags: 手法 and 対応.
    pub tags: TagSet,
    pub urls: Vec<String>,
    pub referrals: Vec<String>,
    pub notes: String,
}

/// One work item (作業) of a contact, as the national centre counts: the site or post it is
/// about and how the desk answered about it. Codes, as the national classification has them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkItem {
    pub id: Uuid,
    pub contact: Uuid,
    pub urls: Vec<String>,
    pub place: Option<String>,
    pub services: Vec<String>,
    pub contents: Vec<String>,
    pub means: Vec<String>,
}

impl WorkItem {
    /// The list a field holds; None for the single ones (contact, 場所).
    pub fn list_mut(&mut self, field: super::ItemField) -> Option<&mut Vec<String>> {
        use super::ItemField::*;
        match field {
            Urls => Some(&mut self.urls),
            Service => Some(&mut self.services),
            Content => Some(&mut self.contents),
            Means => Some(&mut self.means),
            Contact | Place | Removed => None,
        }
    }

    pub fn list(&self, field: super::ItemField) -> &[String] {
        use super::ItemField::*;
        match field {
            Urls => &self.urls,
            Service => &self.services,
            Content => &self.contents,
            Means => &self.means,
            Place => self.place.as_slice(),
            Contact | Removed => &[],
        }
    }
}

impl ContactRecord {
    pub fn talk_time(&self) -> Option<chrono::Duration> {
        self.ended_at.map(|end| end - self.started_at)
    }

    pub fn wrap_up_time(&self) -> Option<chrono::Duration> {
        Some(self.closed_at? - self.ended_at?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_choice_replaces_and_multi_choice_toggles_in_pick_order() {
        let mut tags = TagSet::default();
        tags.set(Dim::Age, vec!["20s".into()]);
        assert_eq!(tags.picked(Dim::Age, "30s"), ["30s"]);

        tags.set(Dim::Response, vec!["listening".into()]);
        assert_eq!(
            tags.picked(Dim::Response, "advice"),
            ["listening", "advice"]
        );
        assert!(tags.picked(Dim::Response, "listening").is_empty());
    }
}
