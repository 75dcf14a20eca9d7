//! What can be done to a case from the queue, its timeline or a call: assign it, set its
//! follow-up date, change its status, close it, book an expert consult and record its
//! result.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{
    App, Effect, InputPurpose, LineInput, Picker, PickerKind, Screen, StatusKind, one_line_editor,
};
use crate::domain::{
    CLOSE_REASONS, CONSULT_RESULTS, CaseRecord, CaseStatus, Change, ConsultRecord, Dim, EXPERTS,
    Lang, PRIORITIES, label_of, may_book, next_statuses,
};
use crate::keymap::Action;

impl App {
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
                            let before = call.contact.tags.get(Dim::Response).to_vec();
                            let mut responses = before.clone();
                            responses.push("expert".into());
                            call.contact.tags.set(Dim::Response, responses.clone());
                            changes.push(Change::edit_tag(
                                call.contact.id,
                                Dim::Response,
                                &before,
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
