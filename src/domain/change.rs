//! A change to a case or contact, as the UI and import produce it. The store turns each
//! change into one operation of the op log and applies it to the projections.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{CaseStatus, Dim, ListEdit, OpKind, Scope, format_utc};

/// The one field of an erasure op (OpKind::CaseErase).
pub const ERASE_REASON: &str = "reason";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Case,
    Contact,
    /// An expert consult (専門家連携) booked for a case.
    Consult,
    /// A work item (作業) of a contact: one answer about one site or post, as the national
    /// centre counts its work (src/national).
    Item,
}

impl EntityKind {
    pub fn key(self) -> &'static str {
        match self {
            EntityKind::Case => "case",
            EntityKind::Contact => "contact",
            EntityKind::Consult => "consult",
            EntityKind::Item => "item",
        }
    }
}

/// Fields of an expert consult.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsultField {
    Case,
    Expert,
    BookedFor,
    Advice,
    Result,
    Status,
}

impl ConsultField {
    pub const ALL: [ConsultField; 6] = [
        ConsultField::Case,
        ConsultField::Expert,
        ConsultField::BookedFor,
        ConsultField::Advice,
        ConsultField::Result,
        ConsultField::Status,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ConsultField::Case => "case",
            ConsultField::Expert => "expert",
            ConsultField::BookedFor => "booked_for",
            ConsultField::Advice => "advice",
            ConsultField::Result => "result",
            ConsultField::Status => "status",
        }
    }

    pub fn from_key(key: &str) -> Option<ConsultField> {
        ConsultField::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// Fields of a work item. All but the contact and 場所 are lists, merged per value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemField {
    Contact,
    Urls,
    /// 場所 (a code of the national classification's places).
    Place,
    /// 事業者/サービス (service ids of the national directory); more than one is possible.
    Service,
    /// 相談内容.
    Content,
    /// 対応手段.
    Means,
    /// Taken back: started by mistake, neither listed nor counted.
    Removed,
}

impl ItemField {
    pub const ALL: [ItemField; 7] = [
        ItemField::Contact,
        ItemField::Urls,
        ItemField::Place,
        ItemField::Service,
        ItemField::Content,
        ItemField::Means,
        ItemField::Removed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ItemField::Contact => "contact",
            ItemField::Urls => "urls",
            ItemField::Place => "place",
            ItemField::Service => "service",
            ItemField::Content => "content",
            ItemField::Means => "means",
            ItemField::Removed => "removed",
        }
    }

    pub fn from_key(key: &str) -> Option<ItemField> {
        ItemField::ALL.into_iter().find(|f| f.key() == key)
    }

    pub fn is_list(self) -> bool {
        !matches!(
            self,
            ItemField::Contact | ItemField::Place | ItemField::Removed
        )
    }
}

/// Fields of a case that changes can set. Each is resolved last-writer-wins on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseField {
    Number,
    OpenedAt,
    Tag(Dim),
    Status,
    Owner,
    Due,
    Priority,
    CloseReason,
    /// The caller's keyed hash (src/privacy/caller.rs), never the number itself.
    Caller,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactField {
    Case,
    Workstation,
    Counselor,
    StartedAt,
    EndedAt,
    ClosedAt,
    Tag(Dim),
    Urls,
    Referrals,
    Notes,
}

impl CaseField {
    pub const SCALARS: [CaseField; 8] = [
        CaseField::Number,
        CaseField::OpenedAt,
        CaseField::Status,
        CaseField::Owner,
        CaseField::Due,
        CaseField::Priority,
        CaseField::CloseReason,
        CaseField::Caller,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CaseField::Number => "number",
            CaseField::OpenedAt => "opened_at",
            CaseField::Tag(dim) => dim.key(),
            CaseField::Status => "status",
            CaseField::Owner => "owner",
            CaseField::Due => "due",
            CaseField::Priority => "priority",
            CaseField::CloseReason => "close_reason",
            CaseField::Caller => "caller",
        }
    }

    pub fn from_key(key: &str) -> Option<CaseField> {
        if let Some(dim) = Dim::from_key(key).filter(|d| d.scope() == Scope::Case) {
            return Some(CaseField::Tag(dim));
        }
        CaseField::SCALARS.into_iter().find(|f| f.key() == key)
    }
}

impl ContactField {
    pub const SCALARS: [ContactField; 7] = [
        ContactField::Case,
        ContactField::Workstation,
        ContactField::Counselor,
        ContactField::StartedAt,
        ContactField::EndedAt,
        ContactField::ClosedAt,
        ContactField::Notes,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ContactField::Case => "case",
            ContactField::Workstation => "workstation",
            ContactField::Counselor => "counselor",
            ContactField::StartedAt => "started_at",
            ContactField::EndedAt => "ended_at",
            ContactField::ClosedAt => "closed_at",
            ContactField::Tag(dim) => dim.key(),
            ContactField::Urls => "urls",
            ContactField::Referrals => "referrals",
            ContactField::Notes => "notes",
        }
    }

    pub fn from_key(key: &str) -> Option<ContactField> {
        if let Some(dim) = Dim::from_key(key).filter(|d| d.scope() == Scope::Contact) {
            return Some(ContactField::Tag(dim));
        }
        match key {
            "urls" => Some(ContactField::Urls),
            "referrals" => Some(ContactField::Referrals),
            _ => ContactField::SCALARS.into_iter().find(|f| f.key() == key),
        }
    }

    /// Fields holding a list of text values rather than one.
    pub fn is_list(self) -> bool {
        match self {
            ContactField::Tag(dim) => dim.is_multi(),
            ContactField::Urls | ContactField::Referrals => true,
            _ => false,
        }
    }
}

/// The JSON value of a field in an op payload: text, a list of text, a number, or null
/// (cleared).
pub type FieldValue = Value;

/// One change to one entity: an op kind (OpKind::CaseOpen, …) naming what the person did
/// and, by its first part, what it changed; and the fields it sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: Uuid,
    pub kind: OpKind,
    pub fields: Vec<(&'static str, FieldValue)>,
}

fn tag_value(dim: Dim, values: &[String]) -> Value {
    if dim.is_multi() {
        json!(values)
    } else {
        values.first().map_or(Value::Null, |v| json!(v))
    }
}

impl Change {
    /// What the change is about, as its kind says.
    pub fn entity(&self) -> EntityKind {
        self.kind.entity()
    }

    pub fn open_case(id: Uuid, number: &str, opened_at: DateTime<Utc>) -> Change {
        Change {
            id,
            kind: OpKind::CaseOpen,
            fields: vec![
                (CaseField::Number.key(), json!(number)),
                (CaseField::OpenedAt.key(), json!(format_utc(opened_at))),
                (CaseField::Status.key(), json!(CaseStatus::Open.code())),
            ],
        }
    }

    /// The case opened with an owner (担当): the counselor who took its first call.
    pub fn owned_by(mut self, owner: &str) -> Change {
        self.fields.push((CaseField::Owner.key(), json!(owner)));
        self
    }

    pub fn open_contact(
        id: Uuid,
        case_id: Uuid,
        counselor: &str,
        started_at: DateTime<Utc>,
        channel: Option<&str>,
    ) -> Change {
        let mut fields = vec![
            (ContactField::Case.key(), json!(case_id.to_string())),
            (ContactField::Counselor.key(), json!(counselor)),
            (ContactField::StartedAt.key(), json!(format_utc(started_at))),
        ];
        if let Some(channel) = channel {
            fields.push((Dim::Channel.key(), json!(channel)));
        }
        Change {
            id,
            kind: OpKind::ContactOpen,
            fields,
        }
    }

    /// Sets a tag dimension on the case or the contact, whichever the dimension belongs to.
    pub fn set_tag(id: Uuid, dim: Dim, values: &[String]) -> Change {
        let kind = match dim.scope() {
            Scope::Case => OpKind::CaseTag,
            Scope::Contact => OpKind::ContactTag,
        };
        Change {
            id,
            kind,
            fields: vec![(dim.key(), tag_value(dim, values))],
        }
    }

    /// A multi-choice tag changed on screen from `before` to `after`: recorded as the edit
    /// (domain/list_edit.rs), so another workstation's change to the same tag is kept.
    /// Single-choice tags are set whole, as `set_tag` does.
    pub fn edit_tag(id: Uuid, dim: Dim, before: &[String], after: &[String]) -> Change {
        if !dim.is_multi() {
            return Change::set_tag(id, dim, after);
        }
        let (whole, edit) = match dim.scope() {
            Scope::Case => (OpKind::CaseTag, OpKind::CaseTagEdit),
            Scope::Contact => (OpKind::ContactTag, OpKind::ContactTagEdit),
        };
        Change::list_change(id, (whole, edit), dim.key(), before, after)
    }

    /// URLs changed on screen: recorded as the edit, as `edit_tag` does.
    pub fn edit_urls(id: Uuid, before: &[String], after: &[String]) -> Change {
        let kinds = (OpKind::ContactUrls, OpKind::ContactUrlsEdit);
        Change::list_change(id, kinds, ContactField::Urls.key(), before, after)
    }

    /// Referrals changed on the sheet: recorded as the edit, as `edit_tag` does.
    pub fn edit_referrals(id: Uuid, before: &[String], after: &[String]) -> Change {
        let kinds = (OpKind::ContactRefer, OpKind::ContactReferEdit);
        Change::list_change(id, kinds, ContactField::Referrals.key(), before, after)
    }

    /// The edit from `before` to `after` under the edit kind, or the whole list under the
    /// other kind when no edit says the change.
    fn list_change(
        id: Uuid,
        (whole, edit_kind): (OpKind, OpKind),
        field: &'static str,
        before: &[String],
        after: &[String],
    ) -> Change {
        let (kind, value) = match ListEdit::between(before, after) {
            Some(edit) => (edit_kind, edit.to_value()),
            None => (whole, json!(after)),
        };
        Change {
            id,
            kind,
            fields: vec![(field, value)],
        }
    }

    pub fn end_contact(id: Uuid, at: DateTime<Utc>) -> Change {
        Change::contact(
            id,
            OpKind::ContactEnd,
            ContactField::EndedAt,
            json!(format_utc(at)),
        )
    }

    pub fn close_contact(id: Uuid, at: DateTime<Utc>) -> Change {
        Change::contact(
            id,
            OpKind::ContactClose,
            ContactField::ClosedAt,
            json!(format_utc(at)),
        )
    }

    pub fn set_notes(id: Uuid, notes: &str) -> Change {
        Change::contact(id, OpKind::ContactNotes, ContactField::Notes, json!(notes))
    }

    pub fn set_urls(id: Uuid, urls: &[String]) -> Change {
        Change::contact(id, OpKind::ContactUrls, ContactField::Urls, json!(urls))
    }

    pub fn set_referrals(id: Uuid, referrals: &[String]) -> Change {
        Change::contact(
            id,
            OpKind::ContactRefer,
            ContactField::Referrals,
            json!(referrals),
        )
    }

    pub fn contact(id: Uuid, kind: OpKind, field: ContactField, value: Value) -> Change {
        Change {
            id,
            kind,
            fields: vec![(field.key(), value)],
        }
    }

    pub fn case(id: Uuid, kind: OpKind, field: CaseField, value: Value) -> Change {
        Change {
            id,
            kind,
            fields: vec![(field.key(), value)],
        }
    }

    pub fn set_status(id: Uuid, status: CaseStatus) -> Change {
        Change::case(
            id,
            OpKind::CaseStatus,
            CaseField::Status,
            json!(status.code()),
        )
    }

    /// Closes a case with the reason it ended, in one op so the two never disagree.
    pub fn close_case(id: Uuid, reason: &str) -> Change {
        Change {
            id,
            kind: OpKind::CaseClose,
            fields: vec![
                (CaseField::Status.key(), json!(CaseStatus::Closed.code())),
                (CaseField::CloseReason.key(), json!(reason)),
            ],
        }
    }

    pub fn reopen_case(id: Uuid) -> Change {
        Change {
            id,
            kind: OpKind::CaseReopen,
            fields: vec![
                (CaseField::Status.key(), json!(CaseStatus::Open.code())),
                (CaseField::CloseReason.key(), Value::Null),
            ],
        }
    }

    /// Erases the case's free text for good (notes, URLs, free-text referrals, what an
    /// expert advised) in every change made to it before this one; tags, times, responses
    /// and referrals to known places stay for the statistics. `reason` says why (the
    /// caller asked, the retention period passed).
    pub fn erase_case(id: Uuid, reason: &str) -> Change {
        Change {
            id,
            kind: OpKind::CaseErase,
            fields: vec![(ERASE_REASON, json!(reason))],
        }
    }

    /// A work item started from a URL, with what the URL says of its service and place.
    /// `services` empty with a URL given means the caller's own or an unknown domain.
    pub fn open_item(
        id: Uuid,
        contact: Uuid,
        urls: &[String],
        services: &[String],
        place: Option<&str>,
    ) -> Change {
        let mut fields = vec![
            (ItemField::Contact.key(), json!(contact.to_string())),
            (ItemField::Urls.key(), json!(urls)),
            (ItemField::Service.key(), json!(services)),
        ];
        if let Some(place) = place {
            fields.push((ItemField::Place.key(), json!(place)));
        }
        Change {
            id,
            kind: OpKind::ItemOpen,
            fields,
        }
    }

    /// A whole work item at once (an import, the demo): opened with its URLs, services and
    /// place, and tagged with its contents and means in the same op.
    pub fn record_item(id: Uuid, contact: Uuid, item: &super::WorkItem) -> Change {
        let mut open = Change::open_item(
            id,
            contact,
            &item.urls,
            &item.services,
            item.place.as_deref(),
        );
        for field in [ItemField::Content, ItemField::Means] {
            open.fields.push((field.key(), json!(item.list(field))));
        }
        open
    }

    /// A work item's list changed on screen, recorded as the edit (as `edit_tag`).
    pub fn edit_item(id: Uuid, field: ItemField, before: &[String], after: &[String]) -> Change {
        let kinds = (OpKind::ItemSet, OpKind::ItemEdit);
        Change::list_change(id, kinds, field.key(), before, after)
    }

    /// A work item taken back (started by mistake): no longer listed or counted.
    pub fn remove_item(id: Uuid) -> Change {
        Change {
            id,
            kind: OpKind::ItemSet,
            fields: vec![(ItemField::Removed.key(), json!(true))],
        }
    }

    /// A work item's 場所, or none.
    pub fn set_item_place(id: Uuid, place: Option<&str>) -> Change {
        Change {
            id,
            kind: OpKind::ItemSet,
            fields: vec![(ItemField::Place.key(), json!(place))],
        }
    }

    /// Books an expert consult for a case.
    pub fn book_consult(id: Uuid, case_id: Uuid, expert: &str, date: NaiveDate) -> Change {
        Change {
            id,
            kind: OpKind::ConsultBook,
            fields: vec![
                (ConsultField::Case.key(), json!(case_id.to_string())),
                (ConsultField::Expert.key(), json!(expert)),
                (ConsultField::BookedFor.key(), json!(date.to_string())),
                (ConsultField::Status.key(), json!("booked")),
            ],
        }
    }

    /// What the expert advised and how it ended (指導のみ, …).
    pub fn record_consult(id: Uuid, advice: &str, result: &str) -> Change {
        Change {
            id,
            kind: OpKind::ConsultResult,
            fields: vec![
                (ConsultField::Advice.key(), json!(advice)),
                (ConsultField::Result.key(), json!(result)),
                (ConsultField::Status.key(), json!("done")),
            ],
        }
    }

    pub fn set_due(id: Uuid, due: Option<NaiveDate>) -> Change {
        let value = due.map_or(Value::Null, |d| json!(d.to_string()));
        Change::case(id, OpKind::CaseDue, CaseField::Due, value)
    }

    pub fn set_owner(id: Uuid, owner: Option<&str>) -> Change {
        Change::case(id, OpKind::CaseOwner, CaseField::Owner, json!(owner))
    }

    /// Who called, as the keyed hash of their number, e-mail or LINE name.
    pub fn set_caller(id: Uuid, caller_hash: &str) -> Change {
        Change::case(
            id,
            OpKind::CaseCaller,
            CaseField::Caller,
            json!(caller_hash),
        )
    }

    pub fn set_priority(id: Uuid, priority: i64) -> Change {
        Change::case(
            id,
            OpKind::CasePriority,
            CaseField::Priority,
            json!(priority),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_keys_round_trip_and_tags_land_on_their_scope() {
        for field in CaseField::SCALARS {
            assert_eq!(CaseField::from_key(field.key()), Some(field));
        }
        assert_eq!(CaseField::from_key("age"), Some(CaseField::Tag(Dim::Age)));
        assert_eq!(CaseField::from_key("channel"), None);
        assert_eq!(
            ContactField::from_key("response"),
            Some(ContactField::Tag(Dim::Response))
        );
        assert_eq!(ContactField::from_key("urls"), Some(ContactField::Urls));
        assert_eq!(ContactField::from_key("age"), None);
    }

    #[test]
    fn a_change_on_screen_travels_as_the_edit_and_single_choices_whole() {
        let id = Uuid::nil();
        let risk = Change::edit_tag(id, Dim::Risk, &[], &["minor".into()]);
        assert_eq!(risk.kind, OpKind::CaseTagEdit);
        assert_eq!(risk.fields, vec![("risk", json!({"add": ["minor"]}))]);
        let urls = Change::edit_urls(id, &["a".into()], &[]);
        assert_eq!(urls.kind, OpKind::ContactUrlsEdit);
        assert_eq!(urls.fields, vec![("urls", json!({"remove": ["a"]}))]);
        let age = Change::edit_tag(id, Dim::Age, &["10s".into()], &["20s".into()]);
        assert_eq!(
            (age.kind, age.fields),
            (OpKind::CaseTag, vec![("age", json!("20s"))])
        );
        let (abc, acb) = (
            ["a", "b", "c"].map(String::from),
            ["a", "c", "b"].map(String::from),
        );
        let reordered = Change::edit_referrals(id, &abc, &acb);
        assert_eq!(reordered.kind, OpKind::ContactRefer);
        assert_eq!(
            reordered.fields,
            vec![("referrals", json!(["a", "c", "b"]))]
        );
    }

    #[test]
    fn single_choice_tags_store_text_and_multi_choice_store_lists() {
        let id = Uuid::nil();
        let age = Change::set_tag(id, Dim::Age, &["20s".into()]);
        assert_eq!(age.entity(), EntityKind::Case);
        assert_eq!(age.fields, vec![("age", json!("20s"))]);
        let response = Change::set_tag(id, Dim::Response, &["advice".into()]);
        assert_eq!(response.entity(), EntityKind::Contact);
        assert_eq!(response.fields, vec![("response", json!(["advice"]))]);
    }
}
