//! The queue, a case's timeline, and what can be done to a case from them: assign it, set
//! its follow-up date, change its status, close it, book an expert consult and record its
//! result.

use std::cell::Cell;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{
    App, Effect, InputPurpose, LineInput, Picker, PickerKind, Screen, StatusKind, one_line_editor,
};
use crate::domain::{
    CLOSE_REASONS, CONSULT_RESULTS, CaseRecord, CaseStatus, CaseSummary, Change, ConsultRecord,
    ContactRecord, Dim, EXPERTS, Lang, OpKind, PRIORITIES, Taxonomy, label_of, may_book,
    next_statuses,
};
use crate::keymap::Action;
use crate::queue::{Filter, Moment, Summary, summarize};
use crate::referral::Directory;

pub struct QueueState {
    /// Every open case, as loaded.
    pub all: Vec<CaseSummary>,
    pub filter: Filter,
    /// The text filter as typed (its matches are in `filter.matching`).
    pub text: String,
    /// Positions in `all` of what the filter keeps, ranked.
    pub shown: Vec<usize>,
    pub cursor: usize,
    pub summary: Summary,
    pub at: Moment,
}

impl QueueState {
    fn refilter(&mut self) {
        let selected = self.selected().map(|s| s.case.id);
        self.shown = self.filter.select(&self.all, self.at);
        self.summary = summarize(&self.all, self.at);
        self.cursor = selected
            .and_then(|id| self.shown.iter().position(|&i| self.all[i].case.id == id))
            .unwrap_or(self.cursor)
            .min(self.shown.len().saturating_sub(1));
    }

    pub fn selected(&self) -> Option<&CaseSummary> {
        self.shown.get(self.cursor).map(|&i| &self.all[i])
    }

    /// The cases on show, ranked.
    pub fn shown_cases(&self) -> impl Iterator<Item = &CaseSummary> {
        self.shown.iter().map(|&i| &self.all[i])
    }
}

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

/// How many rows a page key moves.
const PAGE: usize = 10;

impl App {
    /// Puts the queue on screen with freshly loaded open cases, keeping the filters and the
    /// selected case of the queue it replaces.
    pub fn show_queue(&mut self, items: Vec<CaseSummary>, now: DateTime<Utc>) {
        let at = Moment {
            now,
            offset: self.settings.desk_offset,
        };
        let previous = match std::mem::replace(&mut self.screen, Screen::Ready) {
            Screen::Queue(queue) => Some(queue),
            Screen::Timeline(timeline) => timeline.queue,
            other => {
                self.screen = other;
                None
            }
        };
        let mut queue = match previous {
            Some(mut queue) => {
                queue.all = items;
                queue.at = at;
                queue
            }
            None => Box::new(QueueState {
                all: items,
                filter: Filter::default(),
                text: String::new(),
                shown: Vec::new(),
                cursor: 0,
                summary: Summary::default(),
                at,
            }),
        };
        queue.refilter();
        self.screen = Screen::Queue(queue);
    }

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

    /// The text filter's matches arrived from the store.
    pub fn set_queue_matches(
        &mut self,
        text: String,
        matching: Option<std::collections::HashSet<Uuid>>,
    ) {
        if let Screen::Queue(queue) = &mut self.screen {
            queue.text = text;
            queue.filter.matching = matching;
            queue.cursor = 0;
            queue.refilter();
        }
    }

    /// The case the case actions work on: the queue's selection, the timeline's case, or the
    /// case of the call on screen.
    fn current_case(&self) -> Option<&CaseRecord> {
        match &self.screen {
            Screen::Queue(queue) => queue.selected().map(|s| &s.case),
            Screen::Timeline(timeline) => Some(&timeline.case),
            Screen::Call(call) => Some(&call.case),
            Screen::Ready | Screen::Stats(_) => None,
        }
    }

    pub(super) fn queue_action(&mut self, action: Action) -> Vec<Effect> {
        let me = self.settings.counselor.clone();
        let Screen::Queue(queue) = &mut self.screen else {
            return Vec::new();
        };
        let filter = &mut queue.filter;
        match action {
            Action::Back => {
                self.screen = Screen::Ready;
                return vec![Effect::RefreshRecent];
            }
            Action::Up => queue.cursor = queue.cursor.saturating_sub(1),
            Action::Down => {
                queue.cursor = (queue.cursor + 1).min(queue.shown.len().saturating_sub(1))
            }
            Action::PageUp => queue.cursor = queue.cursor.saturating_sub(PAGE),
            Action::PageDown => {
                queue.cursor = (queue.cursor + PAGE).min(queue.shown.len().saturating_sub(1))
            }
            Action::QueueMine => {
                filter.owner = if filter.owner.is_some() {
                    None
                } else {
                    Some(me)
                };
            }
            Action::QueueRisk => filter.risk_only = !filter.risk_only,
            Action::QueueOverdue => filter.overdue_only = !filter.overdue_only,
            Action::QueueWaiting => filter.waiting_only = !filter.waiting_only,
            Action::QueueStale => {
                filter.stale_days = match filter.stale_days {
                    Some(_) => None,
                    None => Some(crate::queue::DEFAULT_STALE_DAYS),
                }
            }
            Action::Search => {
                let text = queue.text.clone();
                self.input = Some(LineInput {
                    purpose: InputPurpose::QueueText,
                    editor: one_line_editor(&text),
                });
                return Vec::new();
            }
            Action::CaseTimeline => {
                return queue
                    .selected()
                    .map(|s| vec![Effect::LoadTimeline(s.case.id)])
                    .unwrap_or_default();
            }
            other => return self.case_action(other),
        }
        queue.refilter();
        Vec::new()
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

    /// Actions on the current case, from the queue, the timeline or a call.
    pub(super) fn case_action(&mut self, action: Action) -> Vec<Effect> {
        let lang = self.lang();
        let Some(case) = self.current_case().cloned() else {
            self.say(StatusKind::Info, "案件がありません", "No case selected");
            return Vec::new();
        };
        let title = |ja: &str, en: &str| format!("{} — {}", case.number, lang.pick(ja, en));
        match action {
            Action::CaseFollowUp => {
                return vec![Effect::StartCall {
                    case: Some(case.id),
                }];
            }
            Action::CaseAssign => return vec![Effect::ListCounselors(case.id)],
            Action::CaseErase => {
                self.input = Some(LineInput {
                    purpose: InputPurpose::EraseReason {
                        case: case.id,
                        number: case.number.clone(),
                    },
                    editor: one_line_editor(""),
                });
            }
            Action::CaseDue => {
                let current = case.due.map(|d| d.to_string()).unwrap_or_default();
                self.input = Some(LineInput {
                    purpose: InputPurpose::Due(case.id),
                    editor: one_line_editor(&current),
                });
            }
            Action::CaseStatus => {
                let options = next_statuses(case.status)
                    .into_iter()
                    .map(|s| {
                        (
                            s.label(lang).to_string(),
                            String::new(),
                            s.code().to_string(),
                            false,
                        )
                    })
                    .collect();
                let picker = Picker::new(
                    PickerKind::Status(case.id),
                    title("状態を変える", "change the status"),
                    options,
                    false,
                    &self.keymap,
                );
                self.open_picker(picker);
            }
            Action::CasePriority => {
                let mut picker = Picker::labelled(
                    PickerKind::Priority(case.id),
                    title("優先度", "priority"),
                    &PRIORITIES,
                    lang,
                    &self.keymap,
                );
                picker.cursor = usize::try_from(case.priority).unwrap_or(0).min(2);
                self.open_picker(picker);
            }
            Action::CaseClose if case.status == CaseStatus::Closed => {
                self.say(
                    StatusKind::Info,
                    "この案件はすでに終了しています",
                    "This case is already closed",
                );
            }
            Action::CaseClose => {
                let picker = Picker::labelled(
                    PickerKind::CloseReason(case.id),
                    title("終了の理由", "why it ends"),
                    &CLOSE_REASONS,
                    lang,
                    &self.keymap,
                );
                self.open_picker(picker);
            }
            Action::ConsultBook => {
                let options = EXPERTS
                    .iter()
                    .map(|(code, ja, en)| {
                        let refused = may_book(&case, code).is_err();
                        let detail = if refused {
                            lang.pick("加害者の立場のため不可", "not for a perpetrator")
                                .to_string()
                        } else {
                            String::new()
                        };
                        (
                            lang.pick(ja, en).to_string(),
                            detail,
                            code.to_string(),
                            false,
                        )
                    })
                    .collect();
                let picker = Picker::new(
                    PickerKind::Expert(case.id),
                    title("専門家相談を予約", "book an expert consult"),
                    options,
                    false,
                    &self.keymap,
                );
                self.open_picker(picker);
            }
            Action::ConsultResult => {
                let pending: Vec<ConsultRecord> = match &self.screen {
                    Screen::Timeline(t) => t
                        .consults
                        .iter()
                        .filter(|c| c.is_pending())
                        .cloned()
                        .collect(),
                    _ => Vec::new(),
                };
                match pending.as_slice() {
                    [] if !matches!(self.screen, Screen::Timeline(_)) => {
                        // The queue does not hold consults: open the timeline to choose one.
                        return vec![Effect::LoadTimeline(case.id)];
                    }
                    [] => self.say(
                        StatusKind::Info,
                        "予約中の専門家相談はありません",
                        "No expert consult is booked",
                    ),
                    [one] => self.ask_consult_advice(one.id, case.id),
                    many => {
                        let options = many
                            .iter()
                            .map(|c| {
                                let date = c.booked_for.map(|d| d.to_string()).unwrap_or_default();
                                (
                                    label_of(&EXPERTS, &c.expert, lang),
                                    date,
                                    c.id.to_string(),
                                    false,
                                )
                            })
                            .collect();
                        let picker = Picker::new(
                            PickerKind::Consult(case.id),
                            title("どの専門家相談ですか", "which consult"),
                            options,
                            false,
                            &self.keymap,
                        );
                        self.open_picker(picker);
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn ask_consult_advice(&mut self, consult: Uuid, case: Uuid) {
        self.input = Some(LineInput {
            purpose: InputPurpose::ConsultAdvice { consult, case },
            editor: one_line_editor(""),
        });
    }

    /// Counselors to assign the case to arrived from the store.
    pub fn show_assign(&mut self, case: Uuid, mut names: Vec<String>) {
        let lang = self.lang();
        if !names.contains(&self.settings.counselor) {
            names.insert(0, self.settings.counselor.clone());
        }
        let mut options: Vec<_> = names
            .into_iter()
            .map(|n| (n.clone(), String::new(), n, false))
            .collect();
        options.push((
            lang.pick("(担当なし)", "(nobody)").to_string(),
            String::new(),
            String::new(),
            false,
        ));
        let number = self
            .current_case()
            .map(|c| c.number.clone())
            .unwrap_or_default();
        let picker = Picker::new(
            PickerKind::Assign(case),
            format!(
                "{number} — {}",
                lang.pick("担当者 (/ で名前を入力)", "assign to (/ to type a name)")
            ),
            options,
            false,
            &self.keymap,
        );
        self.open_picker(picker);
    }

    /// A case picker's choice: assign, status, close reason, expert, consult.
    pub(super) fn pick_for_case(&mut self, kind: PickerKind, value: String) -> Vec<Effect> {
        let lang = self.lang();
        match kind {
            PickerKind::Assign(case) => {
                let owner = (!value.is_empty()).then_some(value);
                self.commit_case(case, Change::set_owner(case, owner.as_deref()), |c| {
                    c.owner = owner.clone()
                })
            }
            PickerKind::Status(case) => match CaseStatus::from_code(&value) {
                Some(CaseStatus::Closed) => {
                    let picker = Picker::labelled(
                        PickerKind::CloseReason(case),
                        lang.pick("終了の理由", "Why it ends").to_string(),
                        &CLOSE_REASONS,
                        lang,
                        &self.keymap,
                    );
                    self.open_picker(picker);
                    Vec::new()
                }
                Some(CaseStatus::Open)
                    if self
                        .current_case()
                        .is_some_and(|c| c.status == CaseStatus::Closed) =>
                {
                    self.commit_case(case, Change::reopen_case(case), |c| {
                        c.status = CaseStatus::Open;
                        c.close_reason = None;
                    })
                }
                Some(status) => self.commit_case(case, Change::set_status(case, status), |c| {
                    c.status = status
                }),
                None => Vec::new(),
            },
            PickerKind::Priority(case) => {
                let priority: i64 = value.parse().unwrap_or(0);
                self.commit_case(case, Change::set_priority(case, priority), |c| {
                    c.priority = priority
                })
            }
            PickerKind::CloseReason(case) => {
                let reason = value.clone();
                self.commit_case(case, Change::close_case(case, &value), |c| {
                    c.status = CaseStatus::Closed;
                    c.close_reason = Some(reason.clone());
                })
            }
            PickerKind::Expert(case) => {
                let Some(record) = self.current_case().cloned() else {
                    return Vec::new();
                };
                if let Err(refusal) = may_book(&record, &value) {
                    self.status = Some(super::Status {
                        kind: StatusKind::Error,
                        text: refusal.explain(lang).to_string(),
                    });
                    return Vec::new();
                }
                self.input = Some(LineInput {
                    purpose: InputPurpose::ConsultDate {
                        case,
                        expert: value,
                    },
                    editor: one_line_editor(""),
                });
                Vec::new()
            }
            PickerKind::Consult(case) => {
                if let Ok(consult) = Uuid::parse_str(&value) {
                    self.ask_consult_advice(consult, case);
                }
                Vec::new()
            }
            PickerKind::ConsultResult {
                consult,
                case,
                advice,
            } => {
                let mut changes = vec![Change::record_consult(consult, &advice, &value)];
                let others_pending = match &self.screen {
                    Screen::Timeline(t) => {
                        t.consults.iter().any(|c| c.is_pending() && c.id != consult)
                    }
                    _ => false,
                };
                if !others_pending {
                    changes.push(Change::set_status(case, CaseStatus::Open));
                }
                self.say(
                    StatusKind::Info,
                    "専門家相談の結果を記録しました",
                    "Recorded the consult's result",
                );
                vec![Effect::Commit(changes), Effect::LoadTimeline(case)]
            }
            _ => Vec::new(),
        }
    }

    /// A case input's text: a follow-up date, a consult date, a consult's advice, a name.
    pub(super) fn submit_case_input(
        &mut self,
        purpose: InputPurpose,
        text: String,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let lang = self.lang();
        let today = now.with_timezone(&self.settings.desk_offset).date_naive();
        match purpose {
            InputPurpose::Due(case) => match crate::queue::parse_due(&text, today) {
                Ok(due) => self.commit_case(case, Change::set_due(case, due), |c| c.due = due),
                Err(message) => {
                    self.report_error(message);
                    Vec::new()
                }
            },
            InputPurpose::ConsultDate { case, expert } => {
                match crate::queue::parse_due(&text, today) {
                    Ok(Some(date)) => {
                        let mut changes = vec![
                            Change::book_consult(Uuid::now_v7(), case, &expert, date),
                            Change::set_status(case, CaseStatus::WaitingExpert),
                        ];
                        // Booked during a call: the contact's response includes 専門家連携.
                        if let Screen::Call(call) = &mut self.screen
                            && call.case.id == case
                            && !call
                                .contact
                                .tags
                                .get(Dim::Response)
                                .iter()
                                .any(|r| r == "expert")
                        {
                            let mut responses = call.contact.tags.get(Dim::Response).to_vec();
                            responses.push("expert".into());
                            call.contact.tags.set(Dim::Response, responses.clone());
                            changes.push(Change::set_tag(
                                call.contact.id,
                                Dim::Response,
                                &responses,
                            ));
                        }
                        let (ja, en) = (
                            format!(
                                "{}の相談を {date} に予約しました(専門家連携待ち)",
                                label_of(&EXPERTS, &expert, Lang::Ja)
                            ),
                            format!(
                                "Booked a {} consult on {date} (waiting for expert)",
                                label_of(&EXPERTS, &expert, Lang::En)
                            ),
                        );
                        self.say(StatusKind::Info, &ja, &en);
                        let mut effects = self.commit_case(case, changes.remove(0), |c| {
                            c.status = CaseStatus::WaitingExpert
                        });
                        effects.insert(0, Effect::Commit(changes));
                        effects
                    }
                    Ok(None) => {
                        self.say(StatusKind::Warning, "日付を入れてください", "Enter a date");
                        Vec::new()
                    }
                    Err(message) => {
                        self.report_error(message);
                        Vec::new()
                    }
                }
            }
            InputPurpose::ConsultAdvice { consult, case } => {
                let picker = Picker::labelled(
                    PickerKind::ConsultResult {
                        consult,
                        case,
                        advice: text,
                    },
                    lang.pick("結果", "Result").to_string(),
                    &CONSULT_RESULTS,
                    lang,
                    &self.keymap,
                );
                self.open_picker(picker);
                Vec::new()
            }
            InputPurpose::EraseReason { .. } if text.trim().is_empty() => {
                self.say(
                    StatusKind::Info,
                    "理由がないので消去しませんでした",
                    "Nothing erased: a reason is needed",
                );
                Vec::new()
            }
            InputPurpose::EraseReason { case, number } => {
                self.status = Some(super::Status {
                    kind: StatusKind::Info,
                    text: match lang {
                        crate::domain::Lang::Ja => format!("{number} の個人情報を消去しました"),
                        crate::domain::Lang::En => format!("Erased the personal data of {number}"),
                    },
                });
                vec![
                    Effect::EraseCase {
                        case,
                        reason: text.trim().to_string(),
                    },
                    Effect::LoadTimeline(case),
                ]
            }
            InputPurpose::Counselor(case) => {
                let owner = (!text.is_empty()).then_some(text);
                self.commit_case(case, Change::set_owner(case, owner.as_deref()), |c| {
                    c.owner = owner.clone()
                })
            }
            _ => Vec::new(),
        }
    }

    /// Records a change to a case and shows it at once wherever the case is on screen.
    fn commit_case(
        &mut self,
        case: Uuid,
        change: Change,
        edit: impl Fn(&mut CaseRecord),
    ) -> Vec<Effect> {
        let mut effects = vec![Effect::Commit(vec![change])];
        match &mut self.screen {
            Screen::Queue(queue) => {
                for item in queue.all.iter_mut().filter(|i| i.case.id == case) {
                    edit(&mut item.case);
                }
                queue.refilter();
            }
            Screen::Timeline(timeline) => {
                edit(&mut timeline.case);
                effects.push(Effect::LoadTimeline(case));
            }
            Screen::Call(call) if call.case.id == case => edit(&mut call.case),
            _ => {}
        }
        effects
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
    let tags =
        |dim: Dim, value: &Value| names(value, &|c| taxonomy.label(dim, c, lang).to_string());
    let tag_changes = || {
        payload
            .iter()
            .filter_map(|(key, value)| {
                let dim = Dim::from_key(key)?;
                Some(format!(
                    "{} → {}",
                    taxonomy.spec(dim).label(lang),
                    tags(dim, value)
                ))
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
        OpKind::CaseTag | OpKind::ContactTag => tag_changes(),
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
        OpKind::ContactUrls => lang.pick("URLを更新", "URLs updated").to_string(),
        // The places the contact is referred to from now on, named as the sheet names them.
        OpKind::ContactRefer => format!(
            "{} → {}",
            lang.pick("紹介先", "Referrals"),
            names(payload.get("referrals").unwrap_or(&Value::Null), &|id| {
                directory.name_of(id, lang).to_string()
            })
        ),
        OpKind::ContactEnd => lang.pick("通話終了", "call ended").to_string(),
        OpKind::ContactClose => lang.pick("記録を閉じる", "record closed").to_string(),
        OpKind::ConsultBook => format!(
            "{}: {} {}",
            lang.pick("専門家相談を予約", "consult booked"),
            label_of(&EXPERTS, &text("expert").unwrap_or_default(), lang),
            text("booked_for").unwrap_or_default()
        ),
        OpKind::ConsultResult => format!(
            "{}: {}",
            lang.pick("専門家相談の結果", "consult result"),
            label_of(&CONSULT_RESULTS, &text("result").unwrap_or_default(), lang)
        ),
    }
}
