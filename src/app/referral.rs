//! The referral sheet over whatever is on screen: the guided questions (pre-answered from the
//! call's tags), search as you type, and recording the chosen place on the current contact.
//!
//! Answers change only through keys the sheet shows: `1`–`5` for what the caller wants, and
//! the flag letters only while the flags are open (`f`), so text typed after leaving the
//! search never changes an answer. Every change is reported and can be undone.

use std::cell::Cell;

use ratatui_textarea::TextArea;

use super::{App, Effect, Screen, Status, StatusKind, one_line_editor};
use crate::domain::{Change, Dim, TagSet};
use crate::keymap::{Action, KeyChord, Mode};
use crate::referral::{Answers, Flag, Suggestion, Want, search, suggest};

/// The letter each flag would like, in [`Flag::ALL`] order; a letter the keymap binds while
/// the flags are open is replaced by a free one.
const FLAG_LETTERS: [char; 12] = ['d', 's', 'm', 'i', 'y', 'n', 'p', 't', 'h', 'a', 'e', 'l'];

pub struct ReferralSheet {
    pub answers: Answers,
    /// Some while a search is being typed.
    pub search: Option<TextArea<'static>>,
    /// The flags are open: their letters toggle them (and only here).
    pub flags_open: bool,
    pub cursor: usize,
    /// How many pages the detail, then the practice rules below it, are scrolled (a page is
    /// what the pane shows, so nothing is skipped unread). Like ratatui's `ListState` offset,
    /// drawing brings it back within what there is to show, so one page key back always moves.
    pub scroll: Cell<u16>,
    /// The answers before each change made on the sheet, the latest last.
    undo: Vec<Answers>,
    pub want_keys: Vec<(Want, KeyChord)>,
    pub flag_keys: Vec<(Flag, KeyChord)>,
    /// Opened for a work item (`item.advice`): what to tell the caller about its site,
    /// shown above the practice rules.
    pub item_advice: Vec<crate::national::Advice>,
}

/// One line of the sheet's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub entry_id: String,
    /// Why it is recommended (empty for a search result).
    pub reason: String,
    /// Ruled out for this caller; the reason says why.
    pub withheld: bool,
}

impl ReferralSheet {
    pub fn query(&self) -> String {
        self.search
            .as_ref()
            .map(|s| s.lines().join(""))
            .unwrap_or_default()
    }

    pub fn suggestion(&self, app: &App) -> Suggestion {
        suggest(&app.directory, &self.answers)
    }

    /// What the list shows for these answers' `suggestion`: search results while a query is
    /// typed, else the recommendations in the flowchart's order followed by what a rule
    /// withholds.
    pub fn listed(&self, app: &App, suggestion: &Suggestion) -> Vec<Listed> {
        let lang = app.lang();
        let query = self.query();
        if !query.trim().is_empty() {
            return search(&app.directory, &query)
                .into_iter()
                .map(|entry| {
                    let rule = suggestion.withheld.iter().find(|w| w.entry_id == entry.id);
                    Listed {
                        entry_id: entry.id.clone(),
                        reason: rule.map(|w| w.reason(lang).to_string()).unwrap_or_default(),
                        withheld: rule.is_some(),
                    }
                })
                .collect();
        }
        let recommended = suggestion.recommendations.iter().map(|r| (r, false));
        let withheld = suggestion.withheld.iter().map(|r| (r, true));
        recommended
            .chain(withheld)
            .map(|(r, withheld)| Listed {
                reason: r.reason(lang).to_string(),
                entry_id: r.entry_id.clone(),
                withheld,
            })
            .collect()
    }

    /// Another place or other answers: read them from the top.
    fn moved(&mut self) {
        self.scroll.set(0);
    }

    fn change_answers(&mut self, change: impl FnOnce(&mut Answers)) {
        self.undo.push(self.answers.clone());
        change(&mut self.answers);
        self.cursor = 0;
        self.moved();
    }
}

/// What differs between two sets of answers, as the status line says it: `未成年: オン`.
fn describe_changes(before: &Answers, after: &Answers, app: &App) -> String {
    let lang = app.lang();
    let state = |on: bool| {
        lang.pick(
            if on { "オン" } else { "オフ" },
            if on { "on" } else { "off" },
        )
    };
    let wants = Want::ALL
        .into_iter()
        .filter(|w| before.wants.contains(w) != after.wants.contains(w))
        .map(|w| format!("{}: {}", w.label(lang), state(after.wants.contains(&w))));
    let flags = Flag::ALL
        .into_iter()
        .filter(|f| before.has(*f) != after.has(*f))
        .map(|f| format!("{}: {}", f.label(lang), state(after.has(f))));
    wants
        .chain(flags)
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

impl App {
    /// The call's tags, case and contact together, for pre-answering the questions.
    fn call_tags(&self) -> TagSet {
        let mut tags = TagSet::default();
        if let Some(call) = self.call() {
            for dim in Dim::ALL {
                tags.set(dim, call.tags(dim).to_vec());
            }
        }
        tags
    }

    /// The first key bound to `action` in `mode`, as the key list writes it.
    fn key_for(&self, mode: Mode, action: Action) -> String {
        self.keymap
            .keys_for(mode, action)
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    pub(super) fn open_referral_sheet(&mut self) {
        let bound = |key: KeyChord| self.keymap.binds_key(Mode::ReferralFlags, key);
        let mut free = ('a'..='z').map(KeyChord::char).filter(|k| !bound(*k));
        let flag_keys = Flag::ALL
            .iter()
            .zip(FLAG_LETTERS)
            .map(|(&flag, letter)| {
                let preferred = KeyChord::char(letter);
                let key = if bound(preferred) {
                    free.next().unwrap_or(preferred)
                } else {
                    preferred
                };
                (flag, key)
            })
            .collect();
        let want_keys = Want::ALL
            .iter()
            .zip('1'..='5')
            .map(|(&want, digit)| (want, KeyChord::char(digit)))
            .collect();
        self.referral = Some(ReferralSheet {
            answers: Answers::from_call(&self.call_tags()),
            search: None,
            flags_open: false,
            cursor: 0,
            scroll: Cell::new(0),
            undo: Vec::new(),
            want_keys,
            flag_keys,
            item_advice: Vec::new(),
        });
    }

    pub(super) fn referral_action(&mut self, action: Action) -> Vec<Effect> {
        let mode = self.mode();
        let listed = self
            .referral
            .as_ref()
            .map(|s| s.listed(self, &s.suggestion(self)))
            .unwrap_or_default();
        let Some(sheet) = self.referral.as_mut() else {
            return Vec::new();
        };
        let last = listed.len().saturating_sub(1);
        match action {
            Action::Up => {
                sheet.cursor = sheet.cursor.saturating_sub(1);
                sheet.moved();
            }
            Action::Down => {
                sheet.cursor = (sheet.cursor + 1).min(last);
                sheet.moved();
            }
            Action::PageUp => sheet.scroll.set(sheet.scroll.get().saturating_sub(1)),
            Action::PageDown => sheet.scroll.set(sheet.scroll.get().saturating_add(1)),
            Action::Search => {
                sheet.search = Some(one_line_editor(""));
                sheet.cursor = 0;
                sheet.moved();
            }
            Action::ReferralFlags => sheet.flags_open = true,
            Action::ReferralUndo => return self.undo_answer(),
            // Leaving the search or the flags returns to the guided list; leaving that closes
            // the sheet.
            Action::Back if mode == Mode::ReferralSearch => {
                sheet.search = None;
                sheet.cursor = 0;
                sheet.moved();
            }
            Action::Back if mode == Mode::ReferralFlags => sheet.flags_open = false,
            Action::Back => self.referral = None,
            Action::Confirm => {
                if let Some(chosen) = listed.get(sheet.cursor).cloned() {
                    return self.record_referral(&chosen);
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// A key the sheet's keymap does not bind: search text, a flag while the flags are open,
    /// an answer to what the caller wants; anything else only says what would.
    pub(super) fn referral_key(&mut self, key: KeyChord) -> Vec<Effect> {
        let Some(sheet) = self.referral.as_mut() else {
            return Vec::new();
        };
        if let Some(search) = sheet.search.as_mut() {
            if search.input(super::textarea_input(key)) {
                sheet.cursor = 0;
                sheet.moved();
            }
            return Vec::new();
        }
        let want = sheet.want_keys.iter().find(|(_, k)| *k == key).map(|w| w.0);
        let flag = sheet.flag_keys.iter().find(|(_, k)| *k == key).map(|f| f.0);
        let flags_open = sheet.flags_open;
        match (want, flag) {
            (Some(want), _) => self.change_answers(|a| {
                if !a.wants.remove(&want) {
                    a.wants.insert(want);
                }
            }),
            (None, Some(flag)) if flags_open => self.change_answers(|a| a.toggle(flag)),
            _ if key.is_printable() => self.explain_letters(),
            _ => {}
        }
        Vec::new()
    }

    fn change_answers(&mut self, change: impl FnOnce(&mut Answers)) {
        let Some(sheet) = self.referral.as_mut() else {
            return;
        };
        let before = sheet.answers.clone();
        sheet.change_answers(change);
        let after = sheet.answers.clone();
        let changed = describe_changes(&before, &after, self);
        let undo = self.key_for(self.mode(), Action::ReferralUndo);
        let (ja, en) = (
            format!("{changed}（{undo} で取り消し）"),
            format!("{changed} ({undo} to undo)"),
        );
        self.say(StatusKind::Info, &ja, &en);
    }

    fn undo_answer(&mut self) -> Vec<Effect> {
        let Some(sheet) = self.referral.as_mut() else {
            return Vec::new();
        };
        let Some(previous) = sheet.undo.pop() else {
            self.say(
                StatusKind::Info,
                "取り消す変更はありません",
                "Nothing to undo",
            );
            return Vec::new();
        };
        let undone = std::mem::replace(&mut sheet.answers, previous.clone());
        sheet.cursor = 0;
        sheet.moved();
        let changed = describe_changes(&undone, &previous, self);
        let (ja, en) = (
            format!("取り消しました — {changed}"),
            format!("Undone — {changed}"),
        );
        self.say(StatusKind::Info, &ja, &en);
        Vec::new()
    }

    /// A letter on the sheet's list changes nothing; say which keys would.
    fn explain_letters(&mut self) {
        let mode = self.mode();
        let (search, flags) = (
            self.key_for(mode, Action::Search),
            self.key_for(mode, Action::ReferralFlags),
        );
        let (ja, en) = if mode == Mode::ReferralFlags {
            let back = self.key_for(mode, Action::Back);
            (
                format!("状況は表示中の文字キーで切り替えます（{back} で終了）"),
                format!("Flags toggle with the letters shown ({back} to finish)"),
            )
        } else {
            (
                format!("文字キーでは何も変わりません: {search} で検索、{flags} で状況を切り替え"),
                format!("Letters change nothing here: {search} to search, {flags} for the flags"),
            )
        };
        self.say(StatusKind::Warning, &ja, &en);
    }

    pub(super) fn referral_paste(&mut self, text: &str) {
        if let Some(search) = self.referral.as_mut().and_then(|s| s.search.as_mut()) {
            search.insert_str(text.replace(['\r', '\n'], " "));
        }
    }

    /// Records the chosen place on the current contact: its id, and 他機関紹介 (or
    /// 専門家連携 for the desk's own expert consult) among the responses.
    fn record_referral(&mut self, chosen: &Listed) -> Vec<Effect> {
        let lang = self.lang();
        if chosen.withheld {
            self.status = Some(Status {
                kind: StatusKind::Error,
                text: chosen.reason.clone(),
            });
            return Vec::new();
        }
        let name = self
            .directory
            .get(&chosen.entry_id)
            .map_or(chosen.entry_id.clone(), |e| e.name(lang).to_string());
        let Screen::Call(call) = &mut self.screen else {
            self.say(
                StatusKind::Warning,
                "通話中ではないので記録されません（通話中に開いたシートで記録できます）",
                "No call is on screen, so nothing is recorded (open the sheet during a call)",
            );
            return Vec::new();
        };
        let contact = &mut call.contact;
        let mut changes = Vec::new();
        if !contact.referrals.contains(&chosen.entry_id) {
            let before = contact.referrals.clone();
            contact.referrals.push(chosen.entry_id.clone());
            changes.push(Change::edit_referrals(
                contact.id,
                &before,
                &contact.referrals,
            ));
        }
        let response = if chosen.entry_id.starts_with("desk_") {
            "expert"
        } else {
            "referral"
        };
        let before = contact.tags.get(Dim::Response).to_vec();
        if !before.iter().any(|r| r == response) {
            let mut responses = before.clone();
            responses.push(response.to_string());
            contact.tags.set(Dim::Response, responses.clone());
            changes.push(Change::edit_tag(
                contact.id,
                Dim::Response,
                &before,
                &responses,
            ));
        }
        let (ja, en) = (
            format!("紹介先に「{name}」を記録しました"),
            format!("Recorded the referral to {name}"),
        );
        self.say(StatusKind::Info, &ja, &en);
        if changes.is_empty() {
            Vec::new()
        } else {
            vec![Effect::Commit(changes)]
        }
    }
}
