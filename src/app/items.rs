//! The work items (作業) of the call on screen, as the national centre counts its work: `u`
//! starts one from a URL with its service and place recognised from the host; keys tag the
//! current one (相談内容, 対応手段, 場所, 事業者/サービス) and move between them, and the advice
//! for its site is one key away on the referral sheet.

use uuid::Uuid;

use super::{App, Effect, Picker, StatusKind};
use crate::domain::{Change, ItemField, Lang, WorkItem};
use crate::keymap::{Action, Mode};
use crate::national::{National, advice_for};

impl App {
    /// The contact's work items, once the call is on screen; the newest is current.
    pub fn show_items(&mut self, items: Vec<WorkItem>) {
        if let Some(call) = self.call_mut() {
            call.item_cursor = items.len().saturating_sub(1);
            call.items = items;
        }
    }

    /// Starts a work item on the call's contact, from a URL or (None) by hand, and makes it
    /// current. What the URL's host says is filled in at once; an unknown or own domain
    /// gets no service (上記以外の事業者/サービス等), never a guess.
    pub(super) fn start_item(&mut self, url: Option<&str>) -> Option<Change> {
        let recognised = url
            .map(|url| self.national.services.recognise(url))
            .unwrap_or_default();
        let call = self.call_mut()?;
        let item = WorkItem {
            id: Uuid::now_v7(),
            contact: call.contact.id,
            urls: url.map(str::to_string).into_iter().collect(),
            place: recognised.place,
            services: recognised.service.into_iter().collect(),
            ..WorkItem::default()
        };
        let change = Change::open_item(
            item.id,
            item.contact,
            &item.urls,
            &item.services,
            item.place.as_deref(),
        );
        call.items.push(item);
        call.item_cursor = call.items.len() - 1;
        self.say_current_item();
        Some(change)
    }

    pub(super) fn item_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::ItemNext | Action::ItemPrev => {
                if let Some(call) = self.call_mut() {
                    let last = call.items.len().saturating_sub(1);
                    call.item_cursor = match action {
                        Action::ItemNext => (call.item_cursor + 1).min(last),
                        _ => call.item_cursor.saturating_sub(1),
                    };
                }
                self.say_current_item();
                Vec::new()
            }
            Action::ItemTag(field) => {
                // Tagging before any URL starts an item without one (a question about the
                // law, a site the caller cannot name).
                let started = match self.call() {
                    Some(call) if call.items.is_empty() => self.start_item(None),
                    _ => None,
                };
                self.open_item_picker(field);
                started
                    .map(|change| vec![Effect::Commit(vec![change])])
                    .unwrap_or_default()
            }
            Action::ItemRemove => self.remove_item(),
            Action::ItemAdvice => {
                let Some(item) = self.call().and_then(|c| c.current_item()).cloned() else {
                    let key = self.keymap.keys_for(Mode::Call, Action::UrlAdd);
                    let key = key.first().map_or("", String::as_str);
                    let (ja, en) = (
                        format!("作業がありません: {key} で投稿のURLを入力すると作業が始まります"),
                        format!("No work item yet: {key} with the post's URL starts one"),
                    );
                    self.say(StatusKind::Info, &ja, &en);
                    return Vec::new();
                };
                let advice = advice_for(&item, &self.national, self.lang());
                self.open_referral_sheet();
                if let Some(sheet) = self.referral.as_mut() {
                    sheet.item_advice = advice;
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Takes back the current item, started by mistake: it is no longer listed or counted,
    /// and its URLs leave the contact's list too (they were added with it).
    fn remove_item(&mut self) -> Vec<Effect> {
        let Some(call) = self.call_mut() else {
            return Vec::new();
        };
        if call.items.is_empty() {
            return Vec::new();
        }
        let at = call.item_cursor.min(call.items.len() - 1);
        let item = call.items.remove(at);
        call.item_cursor = at.min(call.items.len().saturating_sub(1));
        let mut changes = vec![Change::remove_item(item.id)];
        let before = call.contact.urls.clone();
        call.contact.urls.retain(|url| !item.urls.contains(url));
        if call.contact.urls != before {
            let contact = call.contact.id;
            changes.push(Change::edit_urls(contact, &before, &call.contact.urls));
        }
        let (ja, en) = (
            format!(
                "作業 {} を取り消しました: {}",
                at + 1,
                item_summary(&item, &self.national, Lang::Ja)
            ),
            format!(
                "Work item {} taken back: {}",
                at + 1,
                item_summary(&item, &self.national, Lang::En)
            ),
        );
        self.say(StatusKind::Info, &ja, &en);
        vec![Effect::Commit(changes)]
    }

    pub(super) fn open_item_picker(&mut self, field: ItemField) {
        let Some(item) = self.call().and_then(|c| c.current_item()) else {
            return;
        };
        let picker = Picker::for_item(field, item, &self.national, self.lang(), &self.keymap);
        self.open_picker(picker);
    }

    /// A multi-choice item picker stays open: redraw its marks from the item's new values.
    pub(super) fn refresh_item_picker(&mut self, field: ItemField) {
        let Some(item) = self.call().and_then(|c| c.current_item()) else {
            return;
        };
        let mut refreshed =
            Picker::for_item(field, item, &self.national, self.lang(), &self.keymap);
        if let Some(picker) = self.picker.as_mut() {
            refreshed.cursor = picker.cursor;
            refreshed.after = picker.after;
            *picker = refreshed;
        }
    }

    /// An option of an item picker was chosen: toggled in a list, set for 場所.
    pub(super) fn pick_for_item(&mut self, field: ItemField, code: &str) -> Vec<Effect> {
        let Some(call) = self.call_mut() else {
            return Vec::new();
        };
        let Some(item) = call.items.get_mut(call.item_cursor) else {
            return Vec::new();
        };
        let change = match field {
            ItemField::Place => {
                let place = (item.place.as_deref() != Some(code)).then(|| code.to_string());
                item.place = place;
                Change::set_item_place(item.id, item.place.as_deref())
            }
            _ => {
                let id = item.id;
                let Some(list) = item.list_mut(field) else {
                    return Vec::new();
                };
                let before = list.clone();
                if list.iter().any(|v| v == code) {
                    list.retain(|v| v != code);
                } else {
                    list.push(code.to_string());
                }
                Change::edit_item(id, field, &before, list)
            }
        };
        vec![Effect::Commit(vec![change])]
    }

    /// Says which item is current and what it is about, on the status line.
    fn say_current_item(&mut self) {
        let Some(call) = self.call() else {
            return;
        };
        let Some(item) = call.current_item() else {
            return;
        };
        let (ja, en) = (
            format!(
                "作業 {}/{}: {}",
                call.item_cursor + 1,
                call.items.len(),
                item_summary(item, &self.national, Lang::Ja)
            ),
            format!(
                "Work item {}/{}: {}",
                call.item_cursor + 1,
                call.items.len(),
                item_summary(item, &self.national, Lang::En)
            ),
        );
        self.say(StatusKind::Info, &ja, &en);
    }
}

/// An item in a few words: its service (or what stands for none), place and contents.
pub fn item_summary(item: &WorkItem, national: &National, lang: Lang) -> String {
    let mut parts = vec![service_names(item, national, lang)];
    parts.extend(item_details(item, national, lang));
    parts.join("・")
}

/// An item's place and contents by their labels.
pub fn item_details(item: &WorkItem, national: &National, lang: Lang) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(place) = &item.place {
        parts.push(
            national
                .classification
                .place
                .label_of(place, lang)
                .to_string(),
        );
    }
    for content in &item.contents {
        parts.push(
            national
                .classification
                .content_label(content, lang)
                .to_string(),
        );
    }
    parts
}

/// The item's services by name; with none, 上記以外の事業者/サービス等 for a URL and
/// その他・不明 without one, as the centre's table counts them.
pub fn service_names(item: &WorkItem, national: &National, lang: Lang) -> String {
    if item.services.is_empty() {
        return if item.urls.is_empty() {
            lang.pick("その他・不明", "Other / unknown").to_string()
        } else {
            lang.pick("上記以外の事業者/サービス等", "Other services")
                .to_string()
        };
    }
    item.services
        .iter()
        .map(|s| national.services.label(s, lang))
        .collect::<Vec<_>>()
        .join(lang.list_separator())
}
