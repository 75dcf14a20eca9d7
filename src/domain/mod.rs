//! Pure types of the consultation desk: cases, contacts, tags and the changes made to them.
//! Nothing here does I/O.

mod change;
mod lifecycle;
mod list_edit;
mod op_kind;
mod record;
mod report_layout;
mod retention;
mod taxonomy;
mod time;

pub use change::{
    CaseField, Change, ConsultField, ContactField, ERASE_REASON, EntityKind, FieldValue, ItemField,
};
pub use lifecycle::{
    BookingRefusal, CLOSE_REASONS, CONSULT_RESULTS, ConsultRecord, EXPERTS, Labelled,
    NOT_A_CONSULTATION, PRIORITIES, label_of, may_book, next_statuses,
};
pub use list_edit::{ListEdit, list_after};
pub use op_kind::OpKind;
pub use record::{CaseRecord, CaseStatus, CaseSummary, ContactRecord, TagSet, WorkItem};
pub use report_layout::ReportLayout;
pub use retention::KeepFor;
pub use taxonomy::{Dim, DimSpec, Scope, TagOption, Taxonomy};
pub use time::{
    Clock, FixedClock, SystemClock, format_duration, format_utc, parse_utc, relative_time,
};

/// The language of the interface and of exported labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// The Japanese or the English text, whichever this language is. Strings of the
    /// interface are written in pairs where they are used.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// What separates the items of a list: 誹謗・中傷、差別 / Defamation, Discrimination.
    pub fn list_separator(self) -> &'static str {
        self.pick("、", ", ")
    }
}
