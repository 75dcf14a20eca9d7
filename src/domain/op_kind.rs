//! What a change does, as one word the op log keeps ("case.open", "contact.end", …). Every
//! database and the central server store these spellings, so they never change; a new kind
//! is a new variant with a new spelling.

use std::fmt;

use super::EntityKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpKind {
    CaseOpen,
    /// A case read in by `soudan import`.
    CaseImport,
    /// A case made up by `soudan demo`.
    CaseDemo,
    CaseTag,
    /// Values added to or removed from a case's multi-choice tag (domain/list_edit.rs).
    CaseTagEdit,
    CaseStatus,
    CaseOwner,
    CaseDue,
    CasePriority,
    CaseClose,
    CaseReopen,
    CaseCaller,
    /// Erases the case's free text in every change before it (src/store/erase.rs).
    CaseErase,
    ContactOpen,
    ContactImport,
    ContactDemo,
    ContactTag,
    /// Values added to, removed from or made primary in a contact's multi-choice tag.
    ContactTagEdit,
    ContactNotes,
    ContactUrls,
    ContactUrlsEdit,
    ContactRefer,
    ContactReferEdit,
    ContactEnd,
    ContactClose,
    /// A call moved to the caller's earlier case.
    ContactAttach,
    ConsultBook,
    ConsultResult,
    /// A work item started, from a URL or by hand.
    ItemOpen,
    /// A work item's fields set whole (an import, a 場所 picked).
    ItemSet,
    /// Values added to or removed from a work item's lists.
    ItemEdit,
}

impl OpKind {
    pub const ALL: [OpKind; 31] = [
        OpKind::CaseOpen,
        OpKind::CaseImport,
        OpKind::CaseDemo,
        OpKind::CaseTag,
        OpKind::CaseTagEdit,
        OpKind::CaseStatus,
        OpKind::CaseOwner,
        OpKind::CaseDue,
        OpKind::CasePriority,
        OpKind::CaseClose,
        OpKind::CaseReopen,
        OpKind::CaseCaller,
        OpKind::CaseErase,
        OpKind::ContactOpen,
        OpKind::ContactImport,
        OpKind::ContactDemo,
        OpKind::ContactTag,
        OpKind::ContactTagEdit,
        OpKind::ContactNotes,
        OpKind::ContactUrls,
        OpKind::ContactUrlsEdit,
        OpKind::ContactRefer,
        OpKind::ContactReferEdit,
        OpKind::ContactEnd,
        OpKind::ContactClose,
        OpKind::ContactAttach,
        OpKind::ConsultBook,
        OpKind::ConsultResult,
        OpKind::ItemOpen,
        OpKind::ItemSet,
        OpKind::ItemEdit,
    ];

    /// The spelling stored in the op log and sent to the central server.
    pub const fn key(self) -> &'static str {
        match self {
            OpKind::CaseOpen => "case.open",
            OpKind::CaseImport => "case.import",
            OpKind::CaseDemo => "case.demo",
            OpKind::CaseTag => "case.tag",
            OpKind::CaseTagEdit => "case.tag.edit",
            OpKind::CaseStatus => "case.status",
            OpKind::CaseOwner => "case.owner",
            OpKind::CaseDue => "case.due",
            OpKind::CasePriority => "case.priority",
            OpKind::CaseClose => "case.close",
            OpKind::CaseReopen => "case.reopen",
            OpKind::CaseCaller => "case.caller",
            OpKind::CaseErase => "case.erase",
            OpKind::ContactOpen => "contact.open",
            OpKind::ContactImport => "contact.import",
            OpKind::ContactDemo => "contact.demo",
            OpKind::ContactTag => "contact.tag",
            OpKind::ContactTagEdit => "contact.tag.edit",
            OpKind::ContactNotes => "contact.notes",
            OpKind::ContactUrls => "contact.urls",
            OpKind::ContactUrlsEdit => "contact.urls.edit",
            OpKind::ContactRefer => "contact.refer",
            OpKind::ContactReferEdit => "contact.refer.edit",
            OpKind::ContactEnd => "contact.end",
            OpKind::ContactClose => "contact.close",
            OpKind::ContactAttach => "contact.attach",
            OpKind::ConsultBook => "consult.book",
            OpKind::ConsultResult => "consult.result",
            OpKind::ItemOpen => "item.open",
            OpKind::ItemSet => "item.set",
            OpKind::ItemEdit => "item.edit",
        }
    }

    /// The kind a stored spelling names; None for one this soudan does not know (written by
    /// a newer one).
    pub fn from_key(key: &str) -> Option<OpKind> {
        OpKind::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// What the op is about: the first part of its spelling.
    pub fn entity(self) -> EntityKind {
        use OpKind::*;
        match self {
            CaseOpen | CaseImport | CaseDemo | CaseTag | CaseTagEdit | CaseStatus | CaseOwner
            | CaseDue | CasePriority | CaseClose | CaseReopen | CaseCaller | CaseErase => {
                EntityKind::Case
            }
            ContactOpen | ContactImport | ContactDemo | ContactTag | ContactTagEdit
            | ContactNotes | ContactUrls | ContactUrlsEdit | ContactRefer | ContactReferEdit
            | ContactEnd | ContactClose | ContactAttach => EntityKind::Contact,
            ConsultBook | ConsultResult => EntityKind::Consult,
            ItemOpen | ItemSet | ItemEdit => EntityKind::Item,
        }
    }
}

impl fmt::Display for OpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A kind equals its stored spelling, so a test can say `kind == "case.close"`.
impl PartialEq<&str> for OpKind {
    fn eq(&self, other: &&str) -> bool {
        self.key() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_spelling_and_names_its_entity_first() {
        for kind in OpKind::ALL {
            assert_eq!(OpKind::from_key(kind.key()), Some(kind));
            let (entity, _) = kind.key().split_once('.').unwrap();
            assert_eq!(entity, kind.entity().key(), "{kind}");
        }
        assert_eq!(OpKind::from_key("case.merge"), None);
    }
}
