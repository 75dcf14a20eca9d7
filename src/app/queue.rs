//! The queue screen's state: every open case, the filters, the ranked rows on show, and
//! moving through them and changing the filters.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{App, Effect, InputPurpose, LineInput, Screen, one_line_editor};
use crate::domain::CaseSummary;
use crate::keymap::Action;
use crate::queue::{Filter, Moment, Summary, summarize};

/// How many rows a page key moves, in the queue and the timeline.
pub(super) const PAGE: usize = 10;

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
    pub(super) fn refilter(&mut self) {
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
}
