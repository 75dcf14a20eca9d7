//! The shift lead's numbers at a glance: today, this week or this fiscal half, counted by
//! the same code as `soudan report`.

use chrono::NaiveDate;

use super::{App, Effect, Screen};
use crate::keymap::Action;
use crate::report::{Period, Report};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsPeriod {
    Today,
    Week,
    FiscalHalf,
}

impl StatsPeriod {
    /// The days it covers, seen from `today`: a week runs Monday to Sunday; a fiscal half
    /// April–September or October–March.
    pub fn period(self, today: NaiveDate) -> Period {
        match self {
            StatsPeriod::Today => Period::day(today),
            StatsPeriod::Week => Period::week_of(today),
            StatsPeriod::FiscalHalf => Period::fiscal_half_of(today),
        }
    }
}

pub struct StatsState {
    pub chosen: StatsPeriod,
    pub report: Report,
    /// Cases not closed, now (not limited to the period).
    pub open_cases: usize,
}

impl App {
    pub fn show_stats(&mut self, chosen: StatsPeriod, report: Report, open_cases: usize) {
        self.screen = Screen::Stats(Box::new(StatsState {
            chosen,
            report,
            open_cases,
        }));
    }

    pub(super) fn stats_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::StatsToday => vec![Effect::LoadStats(StatsPeriod::Today)],
            Action::StatsWeek => vec![Effect::LoadStats(StatsPeriod::Week)],
            Action::StatsHalf => vec![Effect::LoadStats(StatsPeriod::FiscalHalf)],
            Action::Back => {
                self.screen = Screen::Ready;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_runs_monday_to_sunday_and_a_half_follows_the_fiscal_year() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // 2024-06-12 is a Wednesday.
        let week = StatsPeriod::Week.period(day(2024, 6, 12));
        assert_eq!((week.from, week.to), (day(2024, 6, 10), day(2024, 6, 16)));
        let h1 = StatsPeriod::FiscalHalf.period(day(2024, 9, 30));
        assert_eq!((h1.from, h1.to), (day(2024, 4, 1), day(2024, 9, 30)));
        let h2 = StatsPeriod::FiscalHalf.period(day(2025, 3, 31));
        assert_eq!((h2.from, h2.to), (day(2024, 10, 1), day(2025, 3, 31)));
    }
}
