//! A case's timeline: its contacts, consults and history, each op of the log told in words.

use std::cell::Cell;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::queue::{PAGE, QueueState};
use super::{App, Effect, Screen};
use crate::domain::{
    CLOSE_REASONS, CONSULT_RESULTS, CaseRecord, CaseStatus, ConsultRecord, ContactRecord, Dim,
    EXPERTS, Lang, ListEdit, OpKind, PRIORITIES, Taxonomy, label_of,
};
use crate::keymap::Action;
use crate::referral::Directory;

/// One line of a case's history: who changed what, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub what: String,
}

pub struct TimelineState {
    pub case: CaseRecord,
    pub contacts: Vec<ContactRecord>,
    pub consults: Vec<ConsultRecord>,
    pub history: Vec<HistoryEntry>,
    /// The first row on screen. The screen stops it at the last row: only it knows how many
    /// rows the wrapped text takes.
    pub scroll: Cell<usize>,
    /// The queue it was opened from, to go back to with its filters.
    pub queue: Option<Box<QueueState>>,
}

impl App {
    pub fn show_timeline(
        &mut self,
        case: CaseRecord,
        contacts: Vec<ContactRecord>,
        consults: Vec<ConsultRecord>,
        history: Vec<HistoryEntry>,
    ) {
        let (queue, scroll) = match std::mem::replace(&mut self.screen, Screen::Ready) {
            Screen::Queue(queue) => (Some(queue), 0),
            // A reload of the same case keeps where the reader was.
            Screen::Timeline(old) if old.case.id == case.id => (old.queue, old.scroll.get()),
            Screen::Timeline(old) => (old.queue, 0),
            other => {
                self.screen = other;
                (None, 0)
            }
        };
        self.screen = Screen::Timeline(Box::new(TimelineState {
            case,
            contacts,
            consults,
            history,
            scroll: Cell::new(scroll),
            queue,
        }));
    }

    pub(super) fn timeline_action(&mut self, action: Action) -> Vec<Effect> {
        let Screen::Timeline(timeline) = &mut self.screen else {
            return Vec::new();
        };
        match action {
            Action::Back => match timeline.queue.take() {
                Some(queue) => {
                    self.screen = Screen::Queue(queue);
                    vec![Effect::LoadQueue]
                }
                None => {
                    self.screen = Screen::Ready;
                    Vec::new()
                }
            },
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                let at = timeline.scroll.get();
                timeline.scroll.set(match action {
                    Action::Up => at.saturating_sub(1),
                    Action::Down => at + 1,
                    Action::PageUp => at.saturating_sub(PAGE),
                    _ => at + PAGE,
                });
                Vec::new()
            }
            other => self.case_action(other),
        }
    }
}

/// What an op did, in words, for the case's history.
pub fn describe_op(
    kind: OpKind,
    payload: &Map<String, Value>,
    taxonomy: &Taxonomy,
    directory: &Directory,
    lang: Lang,
) -> String {
    let text = |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_string);
    // A list of codes (or one) by their names, `(なし)` when empty.
    let names = |value: &Value, name: &dyn Fn(&str) -> String| -> String {
        let codes: Vec<&str> = match value {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            Value::String(s) => vec![s.as_str()],
            _ => Vec::new(),
        };
        if codes.is_empty() {
            return lang.pick("(なし)", "(none)").to_string();
        }
        codes
            .iter()
            .map(|c| name(c))
            .collect::<Vec<_>>()
            .join(lang.list_separator())
    };
    // `対応 → 傾聴、助言` for a whole list, `対応 ＋助言 －傾聴` for an edit of it.
    let change = |field: &str, value: &Value, name: &dyn Fn(&str) -> String| -> String {
        let Some(edit) = ListEdit::from_value(value) else {
            return format!("{field} → {}", names(value, name));
        };
        let mut parts: Vec<String> = Vec::new();
        // Full-width signs beside Japanese: a narrow minus is ambiguous in width.
        let (plus, minus) = (lang.pick("＋", "+"), lang.pick("－", "-"));
        parts.extend(edit.add.iter().map(|v| format!("{plus}{}", name(v))));
        parts.extend(edit.remove.iter().map(|v| format!("{minus}{}", name(v))));
        if let Some(first) = &edit.first {
            parts.push(format!("{}{}", lang.pick("主→", "primary → "), name(first)));
        }
        format!("{field} {}", parts.join(" "))
    };
    let tags =
        |dim: Dim, value: &Value| names(value, &|c| taxonomy.label(dim, c, lang).to_string());
    let tag_changes = || {
        payload
            .iter()
            .filter_map(|(key, value)| {
                let dim = Dim::from_key(key)?;
                Some(change(taxonomy.spec(dim).label(lang), value, &|c| {
                    taxonomy.label(dim, c, lang).to_string()
                }))
            })
            .collect::<Vec<_>>()
            .join(" / ")
    };
    match kind {
        OpKind::CaseOpen => {
            let opened = format!(
                "{} ({})",
                lang.pick("案件を開始", "case opened"),
                text("number").unwrap_or_default()
            );
            match text("owner") {
                Some(owner) => format!("{opened} {} {owner}", lang.pick("担当", "owner")),
                None => opened,
            }
        }
        OpKind::CaseImport | OpKind::ContactImport => lang.pick("取り込み", "imported").to_string(),
        OpKind::CaseDemo | OpKind::ContactDemo => lang.pick("デモデータ", "demo data").to_string(),
        OpKind::CaseTag | OpKind::ContactTag | OpKind::CaseTagEdit | OpKind::ContactTagEdit => {
            tag_changes()
        }
        OpKind::CaseStatus => format!(
            "{} → {}",
            lang.pick("状態", "status"),
            text("status")
                .and_then(|s| CaseStatus::from_code(&s))
                .map_or("?", |s| s.label(lang))
        ),
        OpKind::CaseOwner => match text("owner") {
            Some(owner) => format!("{} → {owner}", lang.pick("担当", "owner")),
            None => lang.pick("担当を解除", "owner cleared").to_string(),
        },
        OpKind::CaseDue => match text("due") {
            Some(due) => format!(
                "{} → {due}",
                lang.pick("フォローアップ期限", "follow-up due")
            ),
            None => lang
                .pick("フォローアップ期限を解除", "follow-up date cleared")
                .to_string(),
        },
        OpKind::CasePriority => format!(
            "{} → {}",
            lang.pick("優先度", "priority"),
            label_of(
                &PRIORITIES,
                &payload
                    .get("priority")
                    .cloned()
                    .unwrap_or_default()
                    .to_string(),
                lang
            )
        ),
        OpKind::CaseClose => format!(
            "{} ({})",
            lang.pick("案件を終了", "case closed"),
            label_of(
                &CLOSE_REASONS,
                &text("close_reason").unwrap_or_default(),
                lang
            )
        ),
        OpKind::CaseReopen => lang.pick("案件を再開", "case reopened").to_string(),
        // The hash says nothing to a reader: only that the caller was given.
        OpKind::CaseCaller => lang.pick("相談者を記録", "caller recorded").to_string(),
        OpKind::ContactAttach => lang
            .pick(
                "相談者の過去の案件の続きにした",
                "made a follow-up of the caller's case",
            )
            .to_string(),
        // The reason is the desk's record of why (本人の求め, 保存期間の経過), never free text
        // about the caller.
        OpKind::CaseErase => format!(
            "{}: {}",
            lang.pick("個人情報を消去", "personal data erased"),
            text("reason").unwrap_or_default()
        ),
        OpKind::ContactOpen => {
            let channel = payload
                .get("channel")
                .map(|c| tags(Dim::Channel, c))
                .unwrap_or_default();
            format!("{} {channel}", lang.pick("通話を開始", "call started"))
        }
        OpKind::ContactNotes => lang.pick("メモを更新", "notes updated").to_string(),
        OpKind::ContactUrls | OpKind::ContactUrlsEdit => {
            lang.pick("URLを更新", "URLs updated").to_string()
        }
        // The places the contact is referred to, named as the sheet names them.
        OpKind::ContactRefer | OpKind::ContactReferEdit => change(
            lang.pick("紹介先", "Referrals"),
            payload.get("referrals").unwrap_or(&Value::Null),
            &|id| directory.name_of(id, lang).to_string(),
        ),
        OpKind::ContactEnd => lang.pick("通話終了", "call ended").to_string(),
        OpKind::ContactClose => lang.pick("記録を閉じる", "record closed").to_string(),
        OpKind::ConsultBook => format!(
            "{}: {} {}",
            lang.pick("専門家相談を予約", "consult booked"),
            label_of(&EXPERTS, &text("expert").unwrap_or_default(), lang),
            text("booked_for").unwrap_or_default()
        ),
        // A work item names its site by URL: the history keeps to that it changed.
        OpKind::ItemOpen => lang.pick("作業を追加", "work item added").to_string(),
        OpKind::ItemSet | OpKind::ItemEdit => {
            lang.pick("作業を更新", "work item updated").to_string()
        }
        OpKind::ConsultResult => format!(
            "{}: {}",
            lang.pick("専門家相談の結果", "consult result"),
            label_of(&CONSULT_RESULTS, &text("result").unwrap_or_default(), lang)
        ),
    }
}
