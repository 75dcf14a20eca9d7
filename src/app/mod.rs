//! The application state and its transitions. A key is resolved by the keymap into an
//! [`Action`]; [`App::update`] changes the state and returns [`Effect`]s for the session to
//! carry out (commit to the store, open a call). Nothing here does I/O or draws.

mod call;
mod cases;
mod flow;
mod items;
mod picker;
mod queue;
mod referral;
mod stats;
mod timeline;

use chrono::{DateTime, Utc};
use ratatui_textarea::{Input, Key, TextArea};
use unicode_width::UnicodeWidthStr;
use uuid::Uuid;

use crate::config::Settings;
use crate::domain::CaseSummary;
use crate::domain::{Change, Dim, ItemField, Lang, Taxonomy};
use crate::keymap::{Action, KeyChord, KeyName, Keymap, Mode, Resolution};

pub use call::{CallState, NotesView};
pub use items::{item_details, item_summary, service_names};
pub use picker::{AfterPick, Picker, PickerKind, PickerOption, QUICK_CLOSE};
pub use queue::QueueState;
pub use referral::{Listed, ReferralSheet};
pub use stats::{StatsPeriod, StatsState};
pub use timeline::{HistoryEntry, TimelineState, describe_op};

/// How many lines a page key scrolls the earlier contacts.
const HISTORY_PAGE: usize = 10;

/// Draft field names: text mid-edit that is saved on every keystroke.
pub const NOTES_DRAFT: &str = "notes";
pub const URL_DRAFT: &str = "url";

/// What the session must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Record these changes (one transaction).
    Commit(Vec<Change>),
    /// Ask the background sync to sync at once.
    SyncNow,
    /// Start a call on a new case (None) or on an existing one; the session opens it in the
    /// store and hands it back with [`App::enter_call`].
    StartCall {
        case: Option<Uuid>,
    },
    SaveDraft {
        contact: Uuid,
        field: &'static str,
        text: String,
    },
    DiscardDraft {
        contact: Uuid,
        field: &'static str,
    },
    /// Show recent cases to pick one for a follow-up ([`App::show_cases`]).
    ListRecentCases,
    FindCases(String),
    /// Back to the ready screen after a change: refresh the recent cases it lists.
    RefreshRecent,
    /// Load the open cases into the queue ([`App::show_queue`]).
    LoadQueue,
    /// Find the open cases matching the queue's text filter ([`App::set_queue_matches`]).
    FilterQueueText(String),
    /// Load a case's timeline ([`App::show_timeline`]).
    LoadTimeline(Uuid),
    /// Erase a case's free text for good (store::erase_cases), with the reason.
    EraseCase {
        case: Uuid,
        reason: String,
    },
    /// Record who is calling on the case, as the keyed hash of `identifier` (which goes no
    /// further than the session), and show the caller's earlier cases.
    RecordCaller {
        case: Uuid,
        identifier: String,
    },
    /// Move a first call from the case it opened to the caller's earlier case, and close
    /// the case it leaves empty.
    AttachCall {
        contact: Uuid,
        from: Uuid,
        to: Uuid,
    },
    /// List counselors to assign the case to ([`App::show_assign`]).
    ListCounselors(Uuid),
    /// Count a period for the statistics screen ([`App::show_stats`]).
    LoadStats(StatsPeriod),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputPurpose {
    Url,
    CaseNumber,
    QueueText,
    Due(Uuid),
    ConsultDate {
        case: Uuid,
        expert: String,
    },
    ConsultAdvice {
        consult: Uuid,
        case: Uuid,
    },
    Counselor(Uuid),
    /// The caller's number, e-mail or LINE name.
    Caller,
    /// Why the case's free text is erased; the title names the case.
    EraseReason {
        case: Uuid,
        number: String,
    },
}

pub struct LineInput {
    pub purpose: InputPurpose,
    pub editor: TextArea<'static>,
}

impl LineInput {
    pub fn text(&self) -> String {
        self.editor.lines().join("")
    }
}

pub enum Screen {
    Ready,
    Call(Box<CallState>),
    Queue(Box<QueueState>),
    Timeline(Box<TimelineState>),
    Stats(Box<StatsState>),
}

pub struct App {
    pub settings: Settings,
    pub taxonomy: &'static Taxonomy,
    pub keymap: Keymap,
    pub screen: Screen,
    pub picker: Option<Picker>,
    pub input: Option<LineInput>,
    pub notes_focus: bool,
    /// The key list is open; the number is how far it is scrolled.
    pub help: Option<usize>,
    /// A follow-up's earlier contacts are shown in full, scrolled this far.
    pub earlier: Option<usize>,
    /// Keys typed so far of a multi-key binding.
    pub pending: Vec<KeyChord>,
    pub status: Option<Status>,
    /// Recent cases, for the ready screen.
    pub recent: Vec<CaseSummary>,
    /// The referral sheet, open over whatever is on screen.
    pub referral: Option<ReferralSheet>,
    /// The places the sheet knows (shipped, with the desk's overrides).
    pub directory: crate::referral::Directory,
    /// The national centre's classification and service directory, for work items.
    pub national: crate::national::National,
    /// How background sync stands, for the header; None when it is not configured.
    pub sync: Option<SyncIndicator>,
    pub quit: bool,
}

/// What the header says about background sync.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncIndicator {
    /// When the last sync succeeded.
    pub last_ok: Option<DateTime<Utc>>,
    /// This workstation's changes the server does not have yet.
    pub pending: i64,
    /// The last attempt failed: the server could not be reached or refused.
    pub offline: bool,
    /// A sync is under way.
    pub running: bool,
}

impl App {
    pub fn new(settings: Settings, keymap: Keymap) -> App {
        App {
            settings,
            taxonomy: Taxonomy::builtin(),
            keymap,
            screen: Screen::Ready,
            picker: None,
            input: None,
            notes_focus: false,
            help: None,
            earlier: None,
            pending: Vec::new(),
            status: None,
            recent: Vec::new(),
            referral: None,
            directory: crate::referral::Directory::builtin(),
            national: crate::national::National::builtin(),
            sync: None,
            quit: false,
        }
    }

    /// A desk's file (referrals.toml, services.toml) had problems, printed before the
    /// terminal was taken: say so on screen too, since the shipped entries are what is used
    /// for them. `command` is the subcommand whose `check` names each problem.
    pub fn warn_problems(&mut self, file: &str, count: usize, command: &str) {
        let (ja, en) = (
            format!("{file} に {count} 件の問題: 該当箇所を除いて使用中 (soudan {command} check)"),
            format!("{file} has {count} problem(s): used without them (soudan {command} check)"),
        );
        self.say(StatusKind::Warning, &ja, &en);
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    pub fn call(&self) -> Option<&CallState> {
        match &self.screen {
            Screen::Call(call) => Some(call),
            _ => None,
        }
    }

    fn call_mut(&mut self) -> Option<&mut CallState> {
        match &mut self.screen {
            Screen::Call(call) => Some(call),
            _ => None,
        }
    }

    /// The mode whose keymap table applies now.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else {
            self.mode_under_help()
        }
    }

    /// The mode the key list describes.
    pub fn mode_under_help(&self) -> Mode {
        if let Some(sheet) = &self.referral {
            if sheet.search.is_some() {
                Mode::ReferralSearch
            } else if sheet.flags_open {
                Mode::ReferralFlags
            } else {
                Mode::Referral
            }
        } else if self.input.is_some() {
            Mode::Input
        } else if self.picker.is_some() {
            Mode::Picker
        } else if self.earlier.is_some() {
            Mode::History
        } else if self.notes_focus {
            Mode::Notes
        } else {
            match self.screen {
                Screen::Ready => Mode::Ready,
                Screen::Call(_) => Mode::Call,
                Screen::Queue(_) => Mode::Queue,
                Screen::Timeline(_) => Mode::Timeline,
                Screen::Stats(_) => Mode::Stats,
            }
        }
    }

    fn say(&mut self, kind: StatusKind, ja: &str, en: &str) {
        self.status = Some(Status {
            kind,
            text: self.lang().pick(ja, en).to_string(),
        });
    }

    pub fn report_error(&mut self, text: String) {
        self.status = Some(Status {
            kind: StatusKind::Error,
            text,
        });
    }

    /// A key from the terminal: resolved through the keymap, or, where the mode takes text or
    /// options, handed to the editor or the picker.
    pub fn on_key(&mut self, key: KeyChord, now: DateTime<Utc>) -> Vec<Effect> {
        let mode = self.mode();
        self.pending.push(key);
        match self.keymap.resolve(mode, &self.pending) {
            Resolution::Action(action) => {
                self.pending.clear();
                self.update(action, now)
            }
            Resolution::Pending => Vec::new(),
            Resolution::Unbound => {
                let pressed = std::mem::take(&mut self.pending);
                if pressed.len() > 1 {
                    // A sequence that went nowhere: the last key may start something else.
                    return self.on_key(key, now);
                }
                self.unbound_key(mode, key, now)
            }
        }
    }

    fn unbound_key(&mut self, mode: Mode, key: KeyChord, now: DateTime<Utc>) -> Vec<Effect> {
        match mode {
            Mode::Picker => {
                let picked = self.picker.as_ref().and_then(|p| p.option_for_key(key));
                match picked {
                    Some(index) => self.pick(index, now),
                    None => Vec::new(),
                }
            }
            Mode::Notes if self.move_notes_cursor(key) => Vec::new(),
            Mode::Notes => self.edit_notes(|notes| notes.input(textarea_input(key))),
            Mode::Referral | Mode::ReferralSearch | Mode::ReferralFlags => self.referral_key(key),
            Mode::Input => self.edit_line(|editor| {
                // One line: Enter never splits it (confirm is bound; this is a fallback).
                key.key != KeyName::Enter && editor.input(textarea_input(key))
            }),
            _ => Vec::new(),
        }
    }

    /// Pasted text (also what some IMEs send on commit) goes where typing goes; in a call
    /// it lands in the notes.
    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        match self.mode() {
            Mode::ReferralSearch => {
                self.referral_paste(text);
                Vec::new()
            }
            Mode::Input => {
                let line = text.replace(['\r', '\n'], " ");
                self.edit_line(|editor| editor.insert_str(&line))
            }
            Mode::Notes => self.edit_notes(|notes| notes.insert_str(text)),
            Mode::Call => {
                self.notes_focus = true;
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                self.edit_notes(|notes| notes.insert_str(&text))
            }
            _ => Vec::new(),
        }
    }

    fn edit_notes(&mut self, edit: impl FnOnce(&mut TextArea<'static>) -> bool) -> Vec<Effect> {
        let Some(call) = self.call_mut() else {
            return Vec::new();
        };
        if !edit(&mut call.notes) {
            return Vec::new();
        }
        vec![Effect::SaveDraft {
            contact: call.contact.id,
            field: NOTES_DRAFT,
            text: call.notes_text(),
        }]
    }

    fn edit_line(&mut self, edit: impl FnOnce(&mut TextArea<'static>) -> bool) -> Vec<Effect> {
        let Some(input) = self.input.as_mut() else {
            return Vec::new();
        };
        if !edit(&mut input.editor) || input.purpose != InputPurpose::Url {
            return Vec::new();
        }
        let text = input.text();
        match self.call() {
            Some(call) => vec![Effect::SaveDraft {
                contact: call.contact.id,
                field: URL_DRAFT,
                text,
            }],
            None => Vec::new(),
        }
    }

    pub fn update(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        if !matches!(action, Action::Help | Action::Up | Action::Down) {
            self.status = None;
        }
        match (self.mode(), action) {
            (Mode::Help, Action::Back | Action::Help) => {
                self.help = None;
                Vec::new()
            }
            (Mode::Help, Action::Up) => {
                self.help = self.help.map(|s| s.saturating_sub(1));
                Vec::new()
            }
            (Mode::Help, Action::Down) => {
                self.help = self.help.map(|s| s + 1);
                Vec::new()
            }
            (_, Action::Help) => {
                self.help = Some(0);
                Vec::new()
            }
            (Mode::Referral | Mode::ReferralSearch | Mode::ReferralFlags, action) => {
                self.referral_action(action)
            }
            (_, Action::ReferralOpen) => {
                self.open_referral_sheet();
                Vec::new()
            }
            (Mode::Ready, Action::Quit) => {
                self.quit = true;
                Vec::new()
            }
            (Mode::Ready, Action::CallNew) => vec![Effect::StartCall { case: None }],
            (Mode::Ready, Action::CallFollowUp) => vec![Effect::ListRecentCases],
            (Mode::Ready, Action::QueueOpen) => vec![Effect::LoadQueue],
            (Mode::Ready, Action::StatsOpen) => vec![Effect::LoadStats(StatsPeriod::Today)],
            (Mode::Ready | Mode::Queue, Action::SyncNow) => vec![Effect::SyncNow],
            (Mode::Stats, action) => self.stats_action(action),
            (Mode::History, action) => {
                self.earlier = match (action, self.earlier.unwrap_or(0)) {
                    (Action::Back | Action::CallHistory, _) => None,
                    (Action::Up, at) => Some(at.saturating_sub(1)),
                    (Action::Down, at) => Some(at + 1),
                    (Action::PageUp, at) => Some(at.saturating_sub(HISTORY_PAGE)),
                    (Action::PageDown, at) => Some(at + HISTORY_PAGE),
                    (_, at) => Some(at),
                };
                Vec::new()
            }
            (Mode::Queue, action) => self.queue_action(action),
            (Mode::Timeline, action) => self.timeline_action(action),
            (Mode::Call, Action::ConsultBook) => self.case_action(Action::ConsultBook),
            (Mode::Call, Action::Quit) => {
                // The call stays open in the store and comes back at the next start.
                self.quit = true;
                self.flush_notes().into_iter().collect()
            }
            (Mode::Call, action) => self.call_action(action, now),
            (Mode::Picker, action) => self.picker_action(action, now),
            (Mode::Notes, Action::Back) => {
                self.notes_focus = false;
                self.flush_notes().into_iter().collect()
            }
            (Mode::Input, Action::Confirm) => self.submit_input(now),
            (Mode::Input, Action::Back) => {
                let input = self.input.take();
                match (input.map(|i| i.purpose), self.call()) {
                    (Some(InputPurpose::Url), Some(call)) => vec![Effect::DiscardDraft {
                        contact: call.contact.id,
                        field: URL_DRAFT,
                    }],
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    fn open_picker(&mut self, picker: Picker) {
        self.picker = Some(picker);
    }

    fn picker_action(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(picker) = self.picker.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::Up | Action::Down => {
                picker.move_cursor(action == Action::Down);
                Vec::new()
            }
            Action::Toggle => {
                let cursor = picker.cursor;
                self.pick(cursor, now)
            }
            Action::Confirm if !picker.multi => {
                let cursor = picker.cursor;
                self.pick(cursor, now)
            }
            Action::Back if picker.after == AfterPick::NextInFlow => {
                self.leave_flow();
                Vec::new()
            }
            Action::Confirm | Action::Back => self.close_picker(now),
            Action::TagFlow => match picker.kind.clone() {
                step @ (PickerKind::Tag(_) | PickerKind::Item(_)) => self.flow_next(Some(step)),
                _ => Vec::new(),
            },
            Action::TagFlowBack => self.flow_back(),
            Action::TagPrimary if picker.kind == PickerKind::Tag(Dim::Response) => {
                let cursor = picker.cursor;
                self.make_primary(cursor)
            }
            Action::Search if picker.kind == PickerKind::Case => {
                self.input = Some(LineInput {
                    purpose: InputPurpose::CaseNumber,
                    editor: one_line_editor(""),
                });
                Vec::new()
            }
            Action::Search => {
                if let PickerKind::Assign(case) = picker.kind {
                    self.picker = None;
                    self.input = Some(LineInput {
                        purpose: InputPurpose::Counselor(case),
                        editor: one_line_editor(""),
                    });
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn close_picker(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(picker) = self.picker.take() else {
            return Vec::new();
        };
        match (picker.after, picker.kind) {
            (AfterPick::CloseRecord, _) => self.close_record_after_picker(now),
            (AfterPick::NextInFlow, step @ (PickerKind::Tag(_) | PickerKind::Item(_))) => {
                self.flow_next(Some(step))
            }
            _ => Vec::new(),
        }
    }

    /// The option at `index` was chosen.
    fn pick(&mut self, index: usize, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(picker) = self.picker.as_mut() else {
            return Vec::new();
        };
        let Some(option) = picker.options.get(index) else {
            return Vec::new();
        };
        let value = option.value.clone();
        picker.cursor = index;
        match picker.kind.clone() {
            PickerKind::Tag(dim) => {
                let mut effects = self.set_tag(dim, &value);
                if !dim.is_multi() {
                    effects.extend(self.close_picker(now));
                    return effects;
                }
                self.refresh_tag_picker(dim);
                effects
            }
            PickerKind::Item(field) => {
                let mut effects = self.pick_for_item(field, &value);
                if field == ItemField::Place {
                    effects.extend(self.close_picker(now));
                } else {
                    self.refresh_item_picker(field);
                }
                effects
            }
            PickerKind::QuickClose => {
                self.picker = None;
                self.quick_close(&value, now)
            }
            PickerKind::Case => {
                self.picker = None;
                match Uuid::parse_str(&value) {
                    Ok(id) => vec![Effect::StartCall { case: Some(id) }],
                    Err(_) => Vec::new(),
                }
            }
            other => {
                self.picker = None;
                self.pick_for_case(other, value)
            }
        }
    }

    /// A multi-choice picker stays open: redraw its marks from the new values.
    fn refresh_tag_picker(&mut self, dim: Dim) {
        let current = self
            .call()
            .map(|c| c.tags(dim).to_vec())
            .unwrap_or_default();
        let mut refreshed =
            Picker::for_tag(dim, &current, self.lang(), self.taxonomy, &self.keymap);
        if let Some(picker) = self.picker.as_mut() {
            refreshed.cursor = picker.cursor;
            refreshed.after = picker.after;
            *picker = refreshed;
        }
    }

    /// The highlighted 対応 becomes the first one, the one reports count as primary.
    fn make_primary(&mut self, index: usize) -> Vec<Effect> {
        let Some(code) = self
            .picker
            .as_ref()
            .and_then(|p| p.options.get(index))
            .map(|o| o.value.clone())
        else {
            return Vec::new();
        };
        let Some(call) = self.call_mut() else {
            return Vec::new();
        };
        let before: Vec<String> = call.contact.tags.get(Dim::Response).to_vec();
        let mut responses = before.clone();
        responses.retain(|r| *r != code);
        responses.insert(0, code);
        call.contact.tags.set(Dim::Response, responses.clone());
        let change = Change::edit_tag(call.contact.id, Dim::Response, &before, &responses);
        self.refresh_tag_picker(Dim::Response);
        vec![Effect::Commit(vec![change])]
    }

    fn submit_input(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(input) = self.input.take() else {
            return Vec::new();
        };
        let text = input.text().trim().to_string();
        match input.purpose {
            InputPurpose::CaseNumber if text.is_empty() => Vec::new(),
            InputPurpose::CaseNumber => vec![Effect::FindCases(text)],
            InputPurpose::Url => self.add_url(text),
            InputPurpose::QueueText => vec![Effect::FilterQueueText(text)],
            InputPurpose::Caller if text.is_empty() => Vec::new(),
            InputPurpose::Caller => match self.call() {
                Some(call) => vec![Effect::RecordCaller {
                    case: call.case.id,
                    identifier: text,
                }],
                None => Vec::new(),
            },
            other => self.submit_case_input(other, text, now),
        }
    }

    /// Shows cases to choose from for a follow-up call (recent ones, or search results).
    pub fn show_cases(
        &mut self,
        cases: &[CaseSummary],
        now: DateTime<Utc>,
        searched: Option<&str>,
    ) {
        if cases.is_empty() {
            match searched {
                Some(_) => self.say(
                    StatusKind::Warning,
                    "その番号の案件は見つかりません",
                    "No case has that number",
                ),
                None => self.say(
                    StatusKind::Info,
                    "まだ案件がありません。n で新しい相談を始めます",
                    "No cases yet. Press n to start a new one",
                ),
            }
            if searched.is_none() {
                return;
            }
        }
        let lang = self.lang();
        let options = cases
            .iter()
            .map(|s| (s.case.number.clone(), self.case_detail(s, now), s.case.id))
            .collect();
        let title = match searched {
            Some(q) => format!("{} 「{q}」", lang.pick("案件を検索", "Cases matching")),
            None => lang
                .pick(
                    "どの案件の続きですか (/ で番号検索)",
                    "Follow up which case? (/ to search by number)",
                )
                .to_string(),
        };
        self.open_picker(Picker::cases(title, options, &self.keymap));
    }

    /// One line about a case: when it was last in touch, and its main tags. The time is
    /// padded to its widest form so that lists of cases line up.
    pub fn case_detail(&self, summary: &CaseSummary, now: DateTime<Utc>) -> String {
        let lang = self.lang();
        let tags = &summary.case.tags;
        let mut parts = Vec::new();
        if let Some(last) = summary.last_contact_at {
            let when = crate::domain::relative_time(last, now, lang);
            let widest = UnicodeWidthStr::width(lang.pick("23時間前", "59 min ago"));
            let room = widest.saturating_sub(UnicodeWidthStr::width(when.as_str()));
            parts.push(format!("{when}{}", " ".repeat(room)));
        }
        for dim in [Dim::Age, Dim::Role, Dim::Infringement] {
            let labels: Vec<_> = tags
                .get(dim)
                .iter()
                .map(|c| self.taxonomy.label(dim, c, lang))
                .collect();
            if !labels.is_empty() {
                parts.push(labels.join(lang.list_separator()));
            }
        }
        parts.push(match (lang, summary.contacts) {
            (Lang::Ja, n) => format!("{n}件"),
            (Lang::En, 1) => "1 contact".to_string(),
            (Lang::En, n) => format!("{n} contacts"),
        });
        parts.join("  ")
    }
}

/// A single-line editor (no line numbers, no cursor-line underline).
pub(crate) fn one_line_editor(text: &str) -> TextArea<'static> {
    let mut editor = TextArea::new(vec![text.to_string()]);
    editor.set_cursor_line_style(ratatui::style::Style::default());
    editor.move_cursor(ratatui_textarea::CursorMove::End);
    editor
}

/// The editor's view of a key.
pub(crate) fn textarea_input(key: KeyChord) -> Input {
    let k = match key.key {
        KeyName::Char(c) => Key::Char(c),
        KeyName::F(n) => Key::F(n),
        KeyName::Enter => Key::Enter,
        KeyName::Esc => Key::Esc,
        KeyName::Tab | KeyName::BackTab => Key::Tab,
        KeyName::Backspace => Key::Backspace,
        KeyName::Delete => Key::Delete,
        KeyName::Insert => Key::Null,
        KeyName::Up => Key::Up,
        KeyName::Down => Key::Down,
        KeyName::Left => Key::Left,
        KeyName::Right => Key::Right,
        KeyName::Home => Key::Home,
        KeyName::End => Key::End,
        KeyName::PageUp => Key::PageUp,
        KeyName::PageDown => Key::PageDown,
    };
    Input {
        key: k,
        ctrl: key.ctrl,
        alt: key.alt,
        shift: key.shift || key.key == KeyName::BackTab,
    }
}

#[cfg(test)]
mod tests;
