//! How a case moves: its status, why it closed, and the expert consults booked for it, with
//! the desk's rule on who may be booked into its own lawyer consult.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{CaseRecord, CaseStatus, Dim, Lang};

/// A code with its Japanese and English label.
pub type Labelled = (&'static str, &'static str, &'static str);

pub fn label_of(list: &[Labelled], code: &str, lang: Lang) -> String {
    list.iter().find(|(c, _, _)| *c == code).map_or_else(
        || code.to_string(),
        |(_, ja, en)| lang.pick(ja, en).to_string(),
    )
}

/// Why a case ended, chosen when it is closed from the queue, or set when a silent, prank
/// or broken-off first contact closes its case with it.
pub const CLOSE_REASONS: [Labelled; 7] = [
    ("resolved", "解決", "Resolved"),
    ("advised", "助言により終了", "Ended with advice"),
    (
        "handed_over",
        "他機関へ引継ぎ",
        "Handed over to another agency",
    ),
    (
        "caller_wish",
        "相談者の意向で終了",
        "Ended at the caller's wish",
    ),
    ("no_contact", "連絡途絶", "No further contact"),
    (
        NOT_A_CONSULTATION,
        "相談に至らず",
        "No consultation (silent, prank, cut off)",
    ),
    ("other", "その他", "Other"),
];

/// The close reason of a case whose only contact was silent, a prank or broken off.
pub const NOT_A_CONSULTATION: &str = "no_consultation";

/// How urgent a case is, beyond its risk flags (the queue ranks higher first).
pub const PRIORITIES: [Labelled; 3] = [
    ("0", "通常", "Normal"),
    ("1", "高", "High"),
    ("2", "緊急", "Urgent"),
];

/// The experts a desk books consults with (専門家連携).
pub const EXPERTS: [Labelled; 3] = [
    ("lawyer", "弁護士", "Lawyer"),
    ("psychologist", "臨床心理士", "Clinical psychologist"),
    (
        "social_worker",
        "精神保健福祉士",
        "Psychiatric social worker",
    ),
];

/// How a consult ended, as the desks record it.
pub const CONSULT_RESULTS: [Labelled; 4] = [
    ("guidance_only", "指導のみ", "Guidance only"),
    ("legal_action", "法的手続へ", "Legal proceedings"),
    ("referred", "他機関紹介", "Referred elsewhere"),
    ("other", "その他", "Other"),
];

/// A consult booked for a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultRecord {
    pub id: Uuid,
    pub case_id: Uuid,
    pub expert: String,
    pub booked_for: Option<NaiveDate>,
    pub advice: Option<String>,
    pub result: Option<String>,
    /// booked | done | cancelled
    pub status: String,
}

impl ConsultRecord {
    pub fn is_pending(&self) -> bool {
        self.status == "booked"
    }
}

/// Why a booking is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingRefusal {
    /// The desk does not book its own lawyer consult for someone in the perpetrator's
    /// position: legal questions go to a lawyer of their own.
    PerpetratorToDeskLawyer,
}

impl BookingRefusal {
    pub fn explain(self, lang: Lang) -> &'static str {
        match self {
            BookingRefusal::PerpetratorToDeskLawyer => lang.pick(
                "加害者の立場の相談者は当窓口の弁護士相談につなぎません。法的な助言はご自身で弁護士に相談するよう案内してください(窓口の運用ルール)",
                "The desk does not book its own lawyer consult for a caller in the perpetrator's position; advise them to consult a lawyer of their own (desk rule)",
            ),
        }
    }
}

/// Whether the desk may book `expert` for this case.
pub fn may_book(case: &CaseRecord, expert: &str) -> Result<(), BookingRefusal> {
    if expert == "lawyer" && case.tags.first(Dim::Role) == Some("perpetrator") {
        return Err(BookingRefusal::PerpetratorToDeskLawyer);
    }
    Ok(())
}

/// The statuses a case can be moved to from `from`: any other one; a closed case can only be
/// reopened.
pub fn next_statuses(from: CaseStatus) -> Vec<CaseStatus> {
    match from {
        CaseStatus::Closed => vec![CaseStatus::Open],
        other => CaseStatus::ALL
            .into_iter()
            .filter(|s| *s != other)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TagSet;

    fn case(role: Option<&str>) -> CaseRecord {
        let mut tags = TagSet::default();
        tags.set(Dim::Role, role.into_iter().map(String::from).collect());
        CaseRecord {
            id: Uuid::nil(),
            number: "T-00001".into(),
            opened_at: Default::default(),
            tags,
            status: CaseStatus::Open,
            owner: None,
            due: None,
            priority: 0,
            close_reason: None,
        }
    }

    #[test]
    fn a_perpetrator_is_never_booked_into_the_desks_lawyer_consult() {
        assert_eq!(
            may_book(&case(Some("perpetrator")), "lawyer"),
            Err(BookingRefusal::PerpetratorToDeskLawyer)
        );
        assert!(
            BookingRefusal::PerpetratorToDeskLawyer
                .explain(Lang::Ja)
                .contains("加害者")
        );
        assert_eq!(may_book(&case(Some("perpetrator")), "psychologist"), Ok(()));
        assert_eq!(may_book(&case(Some("victim")), "lawyer"), Ok(()));
        assert_eq!(may_book(&case(None), "lawyer"), Ok(()));
    }

    #[test]
    fn a_closed_case_can_only_be_reopened() {
        assert_eq!(next_statuses(CaseStatus::Closed), [CaseStatus::Open]);
        assert_eq!(
            next_statuses(CaseStatus::Open),
            [CaseStatus::WaitingExpert, CaseStatus::Closed]
        );
        assert_eq!(
            next_statuses(CaseStatus::WaitingExpert),
            [CaseStatus::Open, CaseStatus::Closed]
        );
    }
}
