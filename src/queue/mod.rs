//! The shift lead's queue: open cases ranked so that nobody who needs a follow-up is
//! forgotten — risk first, then overdue follow-ups, then those due today, then the longest
//! untouched — with filters and a summary of who holds what.

mod due;
mod labels;
pub mod output;

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use uuid::Uuid;

use crate::domain::{CaseStatus, CaseSummary, Dim};

pub use due::parse_due;
pub use labels::{risk_badge, short_date, status_short};

/// A case is stale when nobody has been in touch for longer than this, unless the filter
/// says otherwise.
pub const DEFAULT_STALE_DAYS: i64 = 14;

/// Which open cases to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only cases owned by this counselor.
    pub owner: Option<String>,
    pub risk_only: bool,
    pub overdue_only: bool,
    pub waiting_only: bool,
    /// Only cases untouched for more than this many days.
    pub stale_days: Option<i64>,
    /// Only these cases (the text filter's matches, found by the store).
    pub matching: Option<HashSet<Uuid>>,
}

/// The instant the queue is looked at, in the desk's time.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub now: DateTime<Utc>,
    pub offset: FixedOffset,
}

impl Moment {
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.offset).date_naive()
    }
}

pub fn has_risk(item: &CaseSummary) -> bool {
    !item.case.tags.get(Dim::Risk).is_empty()
}

pub fn is_overdue(item: &CaseSummary, today: NaiveDate) -> bool {
    item.case.due.is_some_and(|due| due < today)
}

pub fn is_due_today(item: &CaseSummary, today: NaiveDate) -> bool {
    item.case.due == Some(today)
}

pub fn is_stale(item: &CaseSummary, days: i64, now: DateTime<Utc>) -> bool {
    now - item.last_touched() > Duration::days(days)
}

/// The order of the queue: risk flags first, then overdue follow-ups, then follow-ups due
/// today; within each, higher priority first, then the longest untouched. The store ranks
/// the same way in SQL for `soudan queue` (`RANKED_OPEN_CASE_ROWS_SQL`); a test holds the
/// two equal.
fn rank_key(
    item: &CaseSummary,
    today: NaiveDate,
) -> (bool, bool, bool, Reverse<i64>, DateTime<Utc>) {
    (
        !has_risk(item),
        !is_overdue(item, today),
        !is_due_today(item, today),
        Reverse(item.case.priority),
        item.last_touched(),
    )
}

impl Filter {
    pub fn keeps(&self, item: &CaseSummary, at: Moment) -> bool {
        let today = at.today();
        item.case.status != CaseStatus::Closed
            && self
                .owner
                .as_ref()
                .is_none_or(|me| item.case.owner.as_ref() == Some(me))
            && (!self.risk_only || has_risk(item))
            && (!self.overdue_only || is_overdue(item, today))
            && (!self.waiting_only || item.case.status == CaseStatus::WaitingExpert)
            && self
                .stale_days
                .is_none_or(|days| is_stale(item, days, at.now))
            && self
                .matching
                .as_ref()
                .is_none_or(|ids| ids.contains(&item.case.id))
    }

    /// The positions in `items` of the open cases this filter keeps, ranked. Positions, not
    /// copies: the queue holds up to hundreds of thousands of cases.
    pub fn select(&self, items: &[CaseSummary], at: Moment) -> Vec<usize> {
        let today = at.today();
        let mut kept: Vec<(_, usize)> = items
            .iter()
            .enumerate()
            .filter(|(_, item)| self.keeps(item, at))
            .map(|(i, item)| (rank_key(item, today), i))
            .collect();
        // Ties keep a stable order by case number.
        kept.sort_by(|(a, i), (b, j)| {
            a.cmp(b)
                .then_with(|| items[*i].case.number.cmp(&items[*j].case.number))
        });
        kept.into_iter().map(|(_, i)| i).collect()
    }

    /// The open cases this filter keeps, ranked.
    pub fn apply<'a>(&self, items: &'a [CaseSummary], at: Moment) -> Vec<&'a CaseSummary> {
        self.select(items, at)
            .into_iter()
            .map(|i| &items[i])
            .collect()
    }
}

/// Counts for the summary line, over every open case (not just the filtered ones).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub open: usize,
    pub risk: usize,
    pub overdue: usize,
    pub due_today: usize,
    pub waiting_expert: usize,
    pub stale: usize,
    /// Open cases per owner; unowned cases under "".
    pub per_owner: BTreeMap<String, usize>,
}

impl Summary {
    /// Counts one more case; a closed one is not counted.
    pub fn add(&mut self, item: &CaseSummary, at: Moment) {
        if item.case.status == CaseStatus::Closed {
            return;
        }
        let today = at.today();
        self.open += 1;
        self.risk += usize::from(has_risk(item));
        self.overdue += usize::from(is_overdue(item, today));
        self.due_today += usize::from(is_due_today(item, today));
        self.waiting_expert += usize::from(item.case.status == CaseStatus::WaitingExpert);
        self.stale += usize::from(is_stale(item, DEFAULT_STALE_DAYS, at.now));
        *self
            .per_owner
            .entry(item.case.owner.clone().unwrap_or_default())
            .or_default() += 1;
    }
}

pub fn summarize(items: &[CaseSummary], at: Moment) -> Summary {
    let mut summary = Summary::default();
    for item in items {
        summary.add(item, at);
    }
    summary
}

/// A visitor of open cases, each handed over as it is read.
pub type Visit<'a> = &'a mut dyn FnMut(CaseSummary) -> anyhow::Result<()>;

/// Where `soudan queue` reads the open cases: once in any order for the summary, once
/// ranked as [`Filter::select`] ranks them, neither gathered in memory.
pub trait OpenCases {
    fn each(&self, visit: Visit) -> anyhow::Result<()>;
    fn each_ranked(&self, today: NaiveDate, visit: Visit) -> anyhow::Result<()>;
}

impl OpenCases for crate::store::Store {
    fn each(&self, visit: Visit) -> anyhow::Result<()> {
        self.for_each_open_case(visit)
    }

    fn each_ranked(&self, today: NaiveDate, visit: Visit) -> anyhow::Result<()> {
        self.for_each_open_case_ranked(today, visit)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::{CaseRecord, TagSet};

    fn at() -> Moment {
        Moment {
            now: Utc.with_ymd_and_hms(2024, 6, 10, 3, 0, 0).unwrap(),
            offset: FixedOffset::east_opt(9 * 3600).unwrap(),
        }
    }

    fn item(number: &str, days_untouched: i64) -> CaseSummary {
        CaseSummary {
            case: CaseRecord {
                id: Uuid::now_v7(),
                number: number.into(),
                opened_at: at().now - Duration::days(days_untouched),
                tags: TagSet::default(),
                status: CaseStatus::Open,
                owner: None,
                due: None,
                priority: 0,
                close_reason: None,
            },
            contacts: 1,
            last_contact_at: Some(at().now - Duration::days(days_untouched)),
        }
    }

    fn numbers<'a>(items: &[&'a CaseSummary]) -> Vec<&'a str> {
        items.iter().map(|i| i.case.number.as_str()).collect()
    }

    /// The queue a shift lead sees on Monday 2024-06-10.
    fn queue() -> Vec<CaseSummary> {
        let today = at().today();
        let mut fresh = item("fresh", 1);
        fresh.case.owner = Some("山田".into());
        let stale = item("stale", 30);
        let mut risky = item("risk", 0);
        risky.case.tags.set(Dim::Risk, vec!["suicide".into()]);
        let mut overdue = item("overdue", 2);
        overdue.case.due = Some(today - Duration::days(1));
        overdue.case.owner = Some("山田".into());
        let mut due_today = item("today", 3);
        due_today.case.due = Some(today);
        let mut waiting = item("waiting", 5);
        waiting.case.status = CaseStatus::WaitingExpert;
        let mut closed = item("closed", 60);
        closed.case.status = CaseStatus::Closed;
        let mut urgent = item("urgent", 0);
        urgent.case.priority = 2;
        vec![
            fresh, stale, risky, overdue, due_today, waiting, closed, urgent,
        ]
    }

    #[test]
    fn risk_comes_before_overdue_before_due_today_before_the_longest_untouched() {
        let all = queue();
        let shown = Filter::default().apply(&all, at());
        assert_eq!(
            numbers(&shown),
            [
                "risk", "overdue", "today", "urgent", "stale", "waiting", "fresh"
            ]
        );
    }

    #[test]
    fn each_filter_keeps_only_its_cases() {
        let all = queue();
        let only = |filter: Filter| numbers(&filter.apply(&all, at())).join(",");
        let mine = Filter {
            owner: Some("山田".into()),
            ..Filter::default()
        };
        assert_eq!(only(mine), "overdue,fresh");
        assert_eq!(
            only(Filter {
                risk_only: true,
                ..Filter::default()
            }),
            "risk"
        );
        assert_eq!(
            only(Filter {
                overdue_only: true,
                ..Filter::default()
            }),
            "overdue"
        );
        assert_eq!(
            only(Filter {
                waiting_only: true,
                ..Filter::default()
            }),
            "waiting"
        );
        assert_eq!(
            only(Filter {
                stale_days: Some(14),
                ..Filter::default()
            }),
            "stale"
        );
        let stale_4 = Filter {
            stale_days: Some(4),
            ..Filter::default()
        };
        assert_eq!(only(stale_4), "stale,waiting");
        let text = Filter {
            matching: Some([all[1].case.id, all[6].case.id].into()),
            ..Filter::default()
        };
        assert_eq!(
            only(text),
            "stale",
            "closed cases never show, even when they match"
        );
    }

    #[test]
    fn the_summary_counts_every_open_case_and_who_holds_it() {
        let summary = summarize(&queue(), at());
        assert_eq!(summary.open, 7);
        assert_eq!(
            (
                summary.risk,
                summary.overdue,
                summary.due_today,
                summary.waiting_expert,
                summary.stale
            ),
            (1, 1, 1, 1, 1)
        );
        assert_eq!(summary.per_owner["山田"], 2);
        assert_eq!(summary.per_owner[""], 5);
    }
}
