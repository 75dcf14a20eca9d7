//! A call on screen: tagging, notes, URLs, ending the talk and closing the record.

use std::cell::Cell;

use chrono::{DateTime, Utc};
use ratatui_textarea::{CursorMove, TextArea};

use super::{
    AfterPick, App, Effect, InputPurpose, LineInput, NOTES_DRAFT, Picker, PickerKind, Screen,
    StatusKind, URL_DRAFT, one_line_editor,
};
use crate::domain::Lang;
use crate::domain::{
    CaseRecord, Change, ContactRecord, Dim, NOT_A_CONSULTATION, Scope, WorkItem, format_duration,
};
use crate::keymap::{Action, KeyChord, KeyName, Mode};
use crate::store::CallerCase;
use crate::text::{cell_cursor, cursor_cell, rows};

pub struct CallState {
    pub case: CaseRecord,
    pub contact: ContactRecord,
    /// Earlier contacts of the case, oldest first.
    pub history: Vec<ContactRecord>,
    pub notes: TextArea<'static>,
    /// Where the notes editor was last drawn; its rows are wrapped as Japanese is typeset,
    /// so moving up and down goes by those rows.
    pub notes_view: Cell<NotesView>,
    /// The dimensions the tagging flow has shown, the one on screen last (for shift-tab).
    pub flow_trail: Vec<PickerKind>,
    /// The caller's other cases, once their number was given (most recent first).
    pub caller_cases: Vec<CallerCase>,
    /// The contact's work items (作業), oldest first, and which one the item keys act on.
    pub items: Vec<WorkItem>,
    pub item_cursor: usize,
}

/// The notes editor on screen: its size in cells and rows, and the first wrapped row shown.
/// Drawing sets it (like ratatui's `ListState` offset) and keeps the cursor in view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NotesView {
    pub cells: u16,
    pub rows: u16,
    pub top: usize,
}

impl CallState {
    /// The work item the item keys act on.
    pub fn current_item(&self) -> Option<&WorkItem> {
        self.items.get(self.item_cursor)
    }

    pub fn notes_text(&self) -> String {
        self.notes.lines().join("\n")
    }

    /// The current values of a dimension, from the case or the contact as it belongs.
    pub fn tags(&self, dim: Dim) -> &[String] {
        match dim.scope() {
            Scope::Case => self.case.tags.get(dim),
            Scope::Contact => self.contact.tags.get(dim),
        }
    }

    fn entity_of(&self, dim: Dim) -> uuid::Uuid {
        match dim.scope() {
            Scope::Case => self.case.id,
            Scope::Contact => self.contact.id,
        }
    }
}

fn notes_editor(text: &str) -> TextArea<'static> {
    // The editor keeps the text and the cursor; the call screen draws it wrapped with the
    // Japanese line-break rules, which the editor's own wrapping does not know.
    let mut notes = TextArea::new(text.split('\n').map(str::to_string).collect());
    notes.set_cursor_line_style(ratatui::style::Style::default());
    notes.move_cursor(CursorMove::Bottom);
    notes.move_cursor(CursorMove::End);
    notes
}

impl App {
    /// Up, down and the page keys in the notes editor move by the rows the notes are drawn
    /// in (wrapped with the Japanese line-break rules), keeping the cell column. Before the
    /// editor was ever drawn the editor itself moves, by lines.
    pub(super) fn move_notes_cursor(&mut self, key: KeyChord) -> bool {
        let Some(call) = self.call_mut() else {
            return false;
        };
        let view = call.notes_view.get();
        let page = view.rows.max(1) as isize;
        let step = match key.key {
            _ if key.ctrl || key.alt || key.shift || view.cells == 0 => return false,
            KeyName::Up => -1,
            KeyName::Down => 1,
            KeyName::PageUp => -page,
            KeyName::PageDown => page,
            _ => return false,
        };
        let lines = call.notes.lines();
        let cells = usize::from(view.cells);
        let rows = rows(lines, cells);
        let cursor = call.notes.cursor();
        let (row, cell) = cursor_cell(lines, &rows, cells, (cursor.0, cursor.1));
        let last = rows.len().saturating_sub(1);
        let target = row.saturating_add_signed(step).min(last);
        let (line, col) = cell_cursor(lines, &rows, (target, cell));
        let jump = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        call.notes
            .move_cursor(CursorMove::Jump(jump(line), jump(col)));
        true
    }

    /// Puts a call on screen: a new one, a follow-up, or the one a crash interrupted (with
    /// whatever was being typed).
    pub fn enter_call(
        &mut self,
        case: CaseRecord,
        contact: ContactRecord,
        history: Vec<ContactRecord>,
        notes_draft: Option<String>,
        url_draft: Option<String>,
    ) {
        let notes = notes_editor(notes_draft.as_deref().unwrap_or(&contact.notes));
        self.screen = Screen::Call(Box::new(CallState {
            case,
            contact,
            history,
            notes,
            notes_view: Cell::default(),
            flow_trail: Vec::new(),
            caller_cases: Vec::new(),
            items: Vec::new(),
            item_cursor: 0,
        }));
        self.picker = None;
        self.earlier = None;
        self.notes_focus = false;
        self.input = url_draft.map(|text| LineInput {
            purpose: InputPurpose::Url,
            editor: one_line_editor(&text),
        });
    }

    /// The caller was recorded: their other cases, if any, are said at once and stay on the
    /// call screen.
    pub fn show_caller_cases(&mut self, cases: Vec<CallerCase>) {
        let lang = self.lang();
        let attach_key = self
            .keymap
            .keys_for(Mode::Call, Action::CallAttach)
            .into_iter()
            .next();
        let Some(call) = self.call_mut() else {
            return;
        };
        call.caller_cases = cases;
        let text = match call.caller_cases.len() {
            0 => lang
                .pick(
                    "相談者を記録しました(過去の案件はありません)",
                    "Caller recorded (no earlier case)",
                )
                .to_string(),
            n => {
                let numbers: Vec<&str> = call
                    .caller_cases
                    .iter()
                    .map(|c| c.number.as_str())
                    .collect();
                // A first call can become a follow-up of the latest of them.
                let attach = match attach_key {
                    Some(key) if call.history.is_empty() => match lang {
                        Lang::Ja => format!(" — {key} で {} の続きにする", numbers[0]),
                        Lang::En => format!(" — {key}: continue {}", numbers[0]),
                    },
                    _ => String::new(),
                };
                match lang {
                    Lang::Ja => format!(
                        "この相談者の過去の案件: {n}件 ({}){attach}",
                        numbers.join("、")
                    ),
                    Lang::En => format!(
                        "This caller's earlier cases: {n} ({}){attach}",
                        numbers.join(", ")
                    ),
                }
            }
        };
        let kind = if call.caller_cases.is_empty() {
            StatusKind::Info
        } else {
            StatusKind::Warning
        };
        self.status = Some(super::Status { kind, text });
    }

    pub(super) fn call_action(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(call) = self.call() else {
            return Vec::new();
        };
        match action {
            Action::Tag(dim) => {
                let picker = Picker::for_tag(
                    dim,
                    call.tags(dim),
                    self.lang(),
                    self.taxonomy,
                    &self.keymap,
                );
                self.open_picker(picker);
                Vec::new()
            }
            Action::TagFlow => self.start_flow(),
            Action::ItemTag(_)
            | Action::ItemNext
            | Action::ItemPrev
            | Action::ItemAdvice
            | Action::ItemRemove => self.item_action(action),
            Action::CallHistory if call.history.is_empty() => {
                self.say(
                    StatusKind::Info,
                    "この案件の最初の連絡です(これまでの連絡はありません)",
                    "This is the case's first contact (no earlier contacts)",
                );
                Vec::new()
            }
            Action::CallHistory => {
                self.earlier = Some(0);
                Vec::new()
            }
            Action::CallAttach => match call.caller_cases.first() {
                None => {
                    let key = self.keymap.keys_for(Mode::Call, Action::CallCaller);
                    let key = key.first().map_or("", String::as_str);
                    let (ja, en) = (
                        format!(
                            "先に {key} で相談者を入力してください(過去の案件が見つかったときに使えます)"
                        ),
                        format!(
                            "Give the caller with {key} first (this works once earlier cases are found)"
                        ),
                    );
                    self.say(StatusKind::Info, &ja, &en);
                    Vec::new()
                }
                Some(_) if !call.history.is_empty() => {
                    self.say(
                        StatusKind::Info,
                        "この通話はすでに既存の案件の続きです",
                        "This call already continues an existing case",
                    );
                    Vec::new()
                }
                Some(earlier) => vec![Effect::AttachCall {
                    contact: call.contact.id,
                    from: call.case.id,
                    to: earlier.case,
                }],
            },
            Action::CallCaller => {
                self.input = Some(LineInput {
                    purpose: InputPurpose::Caller,
                    editor: one_line_editor(""),
                });
                Vec::new()
            }
            Action::UrlAdd => {
                self.input = Some(LineInput {
                    purpose: InputPurpose::Url,
                    editor: one_line_editor(""),
                });
                Vec::new()
            }
            Action::NotesEdit => {
                self.notes_focus = true;
                Vec::new()
            }
            Action::CallEnd => self.end_call(now),
            Action::RecordClose => self.close_record(now),
            Action::CallQuickClose => {
                let closes_case = call.history.is_empty();
                self.open_picker(Picker::quick_close(self.lang(), closes_case, &self.keymap));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Sets or toggles one tag value and records it.
    pub(super) fn set_tag(&mut self, dim: Dim, code: &str) -> Vec<Effect> {
        let Some(call) = self.call_mut() else {
            return Vec::new();
        };
        let tags = match dim.scope() {
            Scope::Case => &mut call.case.tags,
            Scope::Contact => &mut call.contact.tags,
        };
        let before = tags.get(dim).to_vec();
        let values = tags.picked(dim, code);
        tags.set(dim, values.clone());
        vec![Effect::Commit(vec![Change::edit_tag(
            call.entity_of(dim),
            dim,
            &before,
            &values,
        )])]
    }

    pub(super) fn add_url(&mut self, url: String) -> Vec<Effect> {
        let Some(call) = self.call_mut() else {
            return Vec::new();
        };
        let contact = call.contact.id;
        let discard = Effect::DiscardDraft {
            contact,
            field: URL_DRAFT,
        };
        if url.is_empty() || call.contact.urls.contains(&url) {
            return vec![discard];
        }
        let before = call.contact.urls.clone();
        call.contact.urls.push(url.clone());
        let mut changes = vec![Change::edit_urls(contact, &before, &call.contact.urls)];
        changes.extend(self.start_item(Some(&url)));
        vec![Effect::Commit(changes), discard]
    }

    /// The notes as typed become one op, if they changed since the last one.
    pub(super) fn flush_notes(&mut self) -> Option<Effect> {
        let call = self.call_mut()?;
        let text = call.notes_text();
        if text == call.contact.notes {
            return None;
        }
        call.contact.notes = text;
        Some(Effect::Commit(vec![Change::set_notes(
            call.contact.id,
            &call.contact.notes,
        )]))
    }

    fn end_call(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let mut effects: Vec<Effect> = self.flush_notes().into_iter().collect();
        let Some(call) = self.call_mut() else {
            return effects;
        };
        if call.contact.ended_at.is_some() {
            self.say(
                StatusKind::Info,
                "通話はすでに終了しています(後処理中)",
                "The call has already ended (wrap-up)",
            );
            return effects;
        }
        call.contact.ended_at = Some(now);
        effects.push(Effect::Commit(vec![Change::end_contact(
            call.contact.id,
            now,
        )]));
        self.say(
            StatusKind::Info,
            "通話を終了しました。後処理が済んだら記録を閉じてください",
            "Call ended. Close the record when the wrap-up is done",
        );
        effects
    }

    /// Closes the record: the talk ends (if it has not), wrap-up stops, and the screen is
    /// ready for the next call. A contact needs at least one 対応 to be counted, so without
    /// one the response picker opens first and the record closes when it is left.
    pub(super) fn close_record(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.close_record_with(now, Vec::new())
    }

    /// Closes the record, committing `also` in the same transaction.
    fn close_record_with(&mut self, now: DateTime<Utc>, also: Vec<Change>) -> Vec<Effect> {
        let Some(call) = self.call() else {
            return Vec::new();
        };
        if call.contact.tags.get(Dim::Response).is_empty() {
            let mut picker =
                Picker::for_tag(Dim::Response, &[], self.lang(), self.taxonomy, &self.keymap);
            picker.after = AfterPick::CloseRecord;
            self.open_picker(picker);
            self.say(
                StatusKind::Warning,
                "記録を閉じる前に対応を選んでください",
                "Choose the response before closing the record",
            );
            return Vec::new();
        }
        self.picker = None;
        let mut changes = Vec::new();
        if let Some(Effect::Commit(notes)) = self.flush_notes() {
            changes.extend(notes);
        }
        let Some(call) = self.call_mut() else {
            return Vec::new();
        };
        if call.contact.ended_at.is_none() {
            changes.push(Change::end_contact(call.contact.id, now));
        }
        let ended = *call.contact.ended_at.get_or_insert(now);
        changes.push(Change::close_contact(call.contact.id, now));
        changes.extend(also);
        let talk = format_duration(ended - call.contact.started_at);
        let wrap_up = format_duration(now - ended);
        let number = call.case.number.clone();
        let contact = call.contact.id;
        self.screen = Screen::Ready;
        self.notes_focus = false;
        self.input = None;
        let (ja, en) = (
            format!("{number} の記録を閉じました(通話 {talk}・後処理 {wrap_up})"),
            format!("Closed the record of {number} (talk {talk}, wrap-up {wrap_up})"),
        );
        self.say(StatusKind::Info, &ja, &en);
        vec![
            Effect::Commit(changes),
            Effect::DiscardDraft {
                contact,
                field: NOTES_DRAFT,
            },
            Effect::RefreshRecent,
        ]
    }

    /// Leaving the response picker that record.close opened: close if a response was chosen.
    pub(super) fn close_record_after_picker(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let chosen = self
            .call()
            .is_some_and(|c| !c.contact.tags.get(Dim::Response).is_empty());
        if chosen {
            return self.close_record(now);
        }
        self.say(
            StatusKind::Warning,
            "対応が未選択のため、記録は開いたままです",
            "No response chosen: the record stays open",
        );
        Vec::new()
    }

    /// Logs a silent, prank or broken-off call and closes it: 対応 中断, a note saying which,
    /// and for a prank on a new case, 侵害種別 問題外. A first contact like this is no
    /// consultation: its case closes with it and never reaches the queue; a follow-up's case
    /// stays as it is.
    pub(super) fn quick_close(&mut self, disposition: &str, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(&(_, stored, shown_en)) = super::QUICK_CLOSE
            .iter()
            .find(|(code, _, _)| *code == disposition)
        else {
            return Vec::new();
        };
        let mut effects = Vec::new();
        let Some(call) = self.call() else {
            return effects;
        };
        let first_contact = call.history.is_empty();
        let case = call.case.id;
        if call.contact.tags.get(Dim::Response).is_empty() {
            effects.extend(self.set_tag(Dim::Response, "interrupted"));
        }
        let Some(call) = self.call() else {
            return effects;
        };
        if disposition == "prank"
            && first_contact
            && call.case.tags.get(Dim::Infringement).is_empty()
        {
            effects.extend(self.set_tag(Dim::Infringement, "out_of_scope"));
        }
        if let Some(call) = self.call_mut() {
            // Stored text is in the desk's language, whatever language the screen is in.
            let old = call.notes_text();
            let text = if old.trim().is_empty() {
                format!("【{stored}】")
            } else {
                format!("【{stored}】\n{old}")
            };
            call.notes = notes_editor(&text);
        }
        if !first_contact {
            effects.extend(self.close_record(now));
            return effects;
        }
        let number = self
            .call()
            .map(|c| c.case.number.clone())
            .unwrap_or_default();
        effects.extend(
            self.close_record_with(now, vec![Change::close_case(case, NOT_A_CONSULTATION)]),
        );
        let (ja, en) = (
            format!("{number} を{stored}として閉じました(案件も終了・相談に至らず)"),
            format!("Closed {number} as {shown_en} (its case too: no consultation)"),
        );
        self.say(StatusKind::Info, &ja, &en);
        effects
    }
}
