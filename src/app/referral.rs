//! The referral sheet over whatever is on screen: the guided questions (pre-answered from the
//! call's tags), search as you type, and recording the chosen place on the current contact.

use ratatui_textarea::TextArea;

use super::{App, Effect, Screen, Status, StatusKind, one_line_editor};
use crate::domain::{Change, Dim, TagSet};
use crate::keymap::{Action, KeyChord, Mode};
use crate::referral::{Answers, Flag, Suggestion, Want, search, suggest};

/// The letter each flag would like, in [`Flag::ALL`] order; a letter the keymap binds in the
/// sheet is replaced by a free one.
const FLAG_LETTERS: [char; 12] = ['d', 's', 'm', 'i', 'y', 'n', 'p', 't', 'h', 'a', 'e', 'l'];

pub struct ReferralSheet {
    pub answers: Answers,
    /// Some while a search is being typed.
    pub search: Option<TextArea<'static>>,
    pub cursor: usize,
    pub want_keys: Vec<(Want, KeyChord)>,
    pub flag_keys: Vec<(Flag, KeyChord)>,
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

    pub(super) fn open_referral_sheet(&mut self) {
        let bound = |key: KeyChord| self.keymap.binds_key(Mode::Referral, key);
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
            cursor: 0,
            want_keys,
            flag_keys,
        });
    }

    pub(super) fn referral_action(&mut self, action: Action) -> Vec<Effect> {
        let searching = self.mode() == Mode::ReferralSearch;
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
            Action::Up => sheet.cursor = sheet.cursor.saturating_sub(1),
            Action::Down => sheet.cursor = (sheet.cursor + 1).min(last),
            Action::PageUp => sheet.cursor = sheet.cursor.saturating_sub(5),
            Action::PageDown => sheet.cursor = (sheet.cursor + 5).min(last),
            Action::Search => {
                sheet.search = Some(one_line_editor(""));
                sheet.cursor = 0;
            }
            // Leaving the search returns to the guided list; leaving that closes the sheet.
            Action::Back if searching => {
                sheet.search = None;
                sheet.cursor = 0;
            }
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

    /// A key the sheet's keymap does not bind: an answer to a question, or search text.
    pub(super) fn referral_key(&mut self, key: KeyChord) -> Vec<Effect> {
        let Some(sheet) = self.referral.as_mut() else {
            return Vec::new();
        };
        if let Some(search) = sheet.search.as_mut() {
            if search.input(super::textarea_input(key)) {
                sheet.cursor = 0;
            }
            return Vec::new();
        }
        if let Some(&(want, _)) = sheet.want_keys.iter().find(|(_, k)| *k == key) {
            if !sheet.answers.wants.remove(&want) {
                sheet.answers.wants.insert(want);
            }
            sheet.cursor = 0;
        } else if let Some(&(flag, _)) = sheet.flag_keys.iter().find(|(_, k)| *k == key) {
            sheet.answers.toggle(flag);
            sheet.cursor = 0;
        }
        Vec::new()
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
                StatusKind::Info,
                "紹介先の記録は通話中にできます",
                "Referrals are recorded during a call",
            );
            return Vec::new();
        };
        let contact = &mut call.contact;
        let mut changes = Vec::new();
        if !contact.referrals.contains(&chosen.entry_id) {
            contact.referrals.push(chosen.entry_id.clone());
            changes.push(Change::set_referrals(contact.id, &contact.referrals));
        }
        let response = if chosen.entry_id.starts_with("desk_") {
            "expert"
        } else {
            "referral"
        };
        let mut responses = contact.tags.get(Dim::Response).to_vec();
        if !responses.iter().any(|r| r == response) {
            responses.push(response.to_string());
            contact.tags.set(Dim::Response, responses.clone());
            changes.push(Change::set_tag(contact.id, Dim::Response, &responses));
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
