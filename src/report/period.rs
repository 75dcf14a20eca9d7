//! Reporting periods as the desks name them: the Japanese fiscal year (April–March), its
//! halves (上半期 April–September, 下半期 October–March), a calendar month, or any inclusive
//! range of dates. Periods are days in the desk's local time; [`Period::utc_bounds`] turns
//! them into the half-open range of stored UTC instants.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::domain::Lang;

/// Years a period may name. Outside this the labels (and chrono) stop making sense, and a
/// typo like `--fy 20244` is far likelier than a report about the year 20244.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("`{text}` is not a {what} (expected {example})")]
    Malformed {
        text: String,
        what: &'static str,
        example: &'static str,
    },
    #[error("the period starts on {from} but ends on {to}: --from must not be after --to")]
    Inverted { from: NaiveDate, to: NaiveDate },
    #[error("say which period: --fy, --half, --month, or --from and --to")]
    Missing,
}

/// Which half of a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    /// 上半期: April to September.
    First,
    /// 下半期: October to March of the next calendar year.
    Second,
}

/// How the period was asked for; it decides the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    FiscalYear(i32),
    FiscalHalf(i32, Half),
    Month(i32, u32),
    Range,
}

/// A run of whole local days, `from` and `to` both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: PeriodKind,
}

fn malformed(text: &str, what: &'static str, example: &'static str) -> PeriodError {
    PeriodError::Malformed {
        text: text.to_string(),
        what,
        example,
    }
}

fn parse_year(text: &str, what: &'static str, example: &'static str) -> Result<i32, PeriodError> {
    let digits = text.trim();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(text, what, example));
    }
    digits
        .parse::<i32>()
        .ok()
        .filter(|y| YEARS.contains(y))
        .ok_or_else(|| malformed(text, what, example))
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    // Only called with years in YEARS and valid month/day pairs.
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// The last day of a calendar month.
fn month_end(year: i32, month: u32) -> NaiveDate {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    date(next_year, next_month, 1)
        .pred_opt()
        .unwrap_or(NaiveDate::MIN)
}

impl Period {
    /// `--fy 2024`: 1 April 2024 to 31 March 2025.
    pub fn fiscal_year(text: &str) -> Result<Period, PeriodError> {
        let year = parse_year(text, "fiscal year", "a year like 2024")?;
        Ok(Period {
            from: date(year, 4, 1),
            to: date(year + 1, 3, 31),
            kind: PeriodKind::FiscalYear(year),
        })
    }

    /// `--half 2024-H1` (April–September 2024) or `2024-H2` (October 2024–March 2025).
    pub fn fiscal_half(text: &str) -> Result<Period, PeriodError> {
        const EXAMPLE: &str = "a fiscal half like 2024-H1 or 2024-H2";
        let bad = || malformed(text, "fiscal half", EXAMPLE);
        let (year, half) = text.trim().split_once('-').ok_or_else(bad)?;
        let year = parse_year(year, "fiscal half", EXAMPLE)?;
        match half.to_ascii_uppercase().as_str() {
            "H1" => Ok(Period::half(year, Half::First)),
            "H2" => Ok(Period::half(year, Half::Second)),
            _ => Err(bad()),
        }
    }

    fn half(year: i32, half: Half) -> Period {
        let (from, to) = match half {
            Half::First => (date(year, 4, 1), date(year, 9, 30)),
            Half::Second => (date(year, 10, 1), date(year + 1, 3, 31)),
        };
        Period {
            from,
            to,
            kind: PeriodKind::FiscalHalf(year, half),
        }
    }

    /// `--month 2024-05`.
    pub fn month(text: &str) -> Result<Period, PeriodError> {
        const EXAMPLE: &str = "a month like 2024-05";
        let bad = || malformed(text, "month", EXAMPLE);
        let (year, month) = text.trim().split_once('-').ok_or_else(bad)?;
        let year = parse_year(year, "month", EXAMPLE)?;
        let month = month
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=12).contains(m) && month.len() <= 2)
            .ok_or_else(bad)?;
        Ok(Period {
            from: date(year, month, 1),
            to: month_end(year, month),
            kind: PeriodKind::Month(year, month),
        })
    }

    /// `--from 2023-11-01 --to 2024-07-31`, both days included.
    pub fn range(from: &str, to: &str) -> Result<Period, PeriodError> {
        let day = |text: &str| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .ok()
                .filter(|d| YEARS.contains(&d.year()))
                .ok_or_else(|| malformed(text, "date", "a date like 2024-07-31"))
        };
        let (from, to) = (day(from)?, day(to)?);
        if from > to {
            return Err(PeriodError::Inverted { from, to });
        }
        Ok(Period {
            from,
            to,
            kind: PeriodKind::Range,
        })
    }

    /// One day (the shift lead's "today").
    pub fn day(day: NaiveDate) -> Period {
        Period {
            from: day,
            to: day,
            kind: PeriodKind::Range,
        }
    }

    /// Monday to Sunday of the week of `day`.
    pub fn week_of(day: NaiveDate) -> Period {
        let monday = day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()));
        Period {
            from: monday,
            to: monday + chrono::Duration::days(6),
            kind: PeriodKind::Range,
        }
    }

    /// The fiscal half (上半期 April–September, 下半期 October–March) of `day`.
    pub fn fiscal_half_of(day: NaiveDate) -> Period {
        let half = if (4..=9).contains(&day.month()) {
            Half::First
        } else {
            Half::Second
        };
        Period::half(Period::fiscal_year_of(day), half)
    }

    /// The fiscal year (April–March) a day belongs to: 31 March 2025 is in FY2024,
    /// 1 April 2025 in FY2025.
    pub fn fiscal_year_of(day: NaiveDate) -> i32 {
        if day.month() >= 4 {
            day.year()
        } else {
            day.year() - 1
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.from..=self.to).contains(&day)
    }

    /// Every day of the period, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let to = self.to;
        self.from.iter_days().take_while(move |d| *d <= to)
    }

    /// The stored instants of the period: from local midnight of `from` (included) to local
    /// midnight after `to` (excluded), in microseconds since 1970 UTC like the stored times.
    pub fn utc_bounds(&self, offset: FixedOffset) -> (i64, i64) {
        let midnight = |day: NaiveDate| -> DateTime<Utc> {
            offset
                .from_local_datetime(&day.and_time(NaiveTime::MIN))
                .single()
                .map_or_else(|| day.and_time(NaiveTime::MIN).and_utc(), |t| t.to_utc())
        };
        let after = self.to.succ_opt().unwrap_or(self.to);
        (
            midnight(self.from).timestamp_micros(),
            midnight(after).timestamp_micros(),
        )
    }

    /// 令和6年度上半期 / FY2024 H1, 令和6年5月 / May 2024, …
    pub fn label(&self, lang: Lang) -> String {
        match (self.kind, lang) {
            (PeriodKind::FiscalYear(year), Lang::Ja) => format!("{}度", era_fiscal_year(year)),
            (PeriodKind::FiscalYear(year), Lang::En) => format!("FY{year}"),
            (PeriodKind::FiscalHalf(year, half), Lang::Ja) => {
                let name = match half {
                    Half::First => "上半期",
                    Half::Second => "下半期",
                };
                format!("{}度{name}", era_fiscal_year(year))
            }
            (PeriodKind::FiscalHalf(year, half), Lang::En) => {
                let name = match half {
                    Half::First => "H1",
                    Half::Second => "H2",
                };
                format!("FY{year} {name}")
            }
            (PeriodKind::Month(year, month), Lang::Ja) => {
                format!("{}{month}月", era_year(year, month))
            }
            (PeriodKind::Month(..), Lang::En) => self.from.format("%B %Y").to_string(),
            (PeriodKind::Range, Lang::Ja) if self.from == self.to => japanese_date(self.from),
            (PeriodKind::Range, Lang::Ja) => {
                format!("{}～{}", japanese_date(self.from), japanese_date(self.to))
            }
            (PeriodKind::Range, Lang::En) if self.from == self.to => self.from.to_string(),
            (PeriodKind::Range, Lang::En) => format!("{} – {}", self.from, self.to),
        }
    }
}

impl fmt::Display for Period {
    /// Both labels, as printed reports head their tables: "令和6年度上半期 (FY2024 H1)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.label(Lang::Ja), self.label(Lang::En))
    }
}

/// "令和6年" for a month of 2024. Reiwa began on 1 May 2019 and Heisei in January 1989;
/// before that, the Western year. A fiscal year takes the era of May, so FY2019 is 令和元年度
/// as the ministries write it even though its April was still 平成31年.
fn era_year(year: i32, month: u32) -> String {
    let (era, number) = if (year, month) >= (2019, 5) {
        ("令和", year - 2018)
    } else if year >= 1989 {
        ("平成", year - 1988)
    } else {
        return format!("{year}年");
    };
    if number == 1 {
        format!("{era}元年")
    } else {
        format!("{era}{number}年")
    }
}

/// The era year of a fiscal year (see [`era_year`]).
fn era_fiscal_year(year: i32) -> String {
    era_year(year, 5)
}

fn japanese_date(day: NaiveDate) -> String {
    format!(
        "{}{}月{}日",
        era_year(day.year(), day.month()),
        day.month(),
        day.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::format_utc;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn fiscal_years_run_april_to_march_and_the_edges_land_in_different_years() {
        let fy = Period::fiscal_year("2024").unwrap();
        assert_eq!((fy.from, fy.to), (day("2024-04-01"), day("2025-03-31")));
        assert!(!fy.contains(day("2024-03-31")));
        assert!(fy.contains(day("2024-04-01")));
        assert!(fy.contains(day("2025-03-31")));
        assert!(!fy.contains(day("2025-04-01")));
        assert_eq!(Period::fiscal_year_of(day("2025-03-31")), 2024);
        assert_eq!(Period::fiscal_year_of(day("2025-04-01")), 2025);
    }

    #[test]
    fn halves_and_months_cover_their_days() {
        let h1 = Period::fiscal_half("2024-H1").unwrap();
        assert_eq!((h1.from, h1.to), (day("2024-04-01"), day("2024-09-30")));
        let h2 = Period::fiscal_half("2024-h2").unwrap();
        assert_eq!((h2.from, h2.to), (day("2024-10-01"), day("2025-03-31")));
        let feb = Period::month("2024-02").unwrap();
        assert_eq!((feb.from, feb.to), (day("2024-02-01"), day("2024-02-29")));
        let dec = Period::month("2023-12").unwrap();
        assert_eq!(dec.to, day("2023-12-31"));
        assert_eq!(dec.days().count(), 31);
    }

    #[test]
    fn today_this_week_and_this_half_for_the_shift_lead() {
        let wednesday = day("2024-10-02");
        assert_eq!(Period::day(wednesday).label(Lang::Ja), "令和6年10月2日");
        let week = Period::week_of(wednesday);
        assert_eq!((week.from, week.to), (day("2024-09-30"), day("2024-10-06")));
        let half = Period::fiscal_half_of(wednesday);
        assert_eq!(half, Period::fiscal_half("2024-H2").unwrap());
        assert_eq!(
            Period::fiscal_half_of(day("2025-03-31")),
            Period::fiscal_half("2024-H2").unwrap()
        );
        assert_eq!(
            Period::fiscal_half_of(day("2025-04-01")),
            Period::fiscal_half("2025-H1").unwrap()
        );
    }

    #[test]
    fn labels_read_both_ways() {
        for (period, ja, en) in [
            (
                Period::fiscal_half("2024-H1"),
                "令和6年度上半期",
                "FY2024 H1",
            ),
            (
                Period::fiscal_half("2023-H2"),
                "令和5年度下半期",
                "FY2023 H2",
            ),
            (Period::fiscal_year("2024"), "令和6年度", "FY2024"),
            (Period::month("2024-05"), "令和6年5月", "May 2024"),
            (
                Period::range("2023-11-01", "2024-07-31"),
                "令和5年11月1日～令和6年7月31日",
                "2023-11-01 – 2024-07-31",
            ),
        ] {
            let period = period.unwrap();
            assert_eq!(
                (
                    period.label(Lang::Ja).as_str(),
                    period.label(Lang::En).as_str()
                ),
                (ja, en)
            );
        }
        assert_eq!(
            Period::fiscal_year("2024").unwrap().to_string(),
            "令和6年度 (FY2024)"
        );
    }

    #[test]
    fn the_first_reiwa_year_is_gannen_and_april_2019_is_still_heisei() {
        for (period, label) in [
            (Period::fiscal_year("2019"), "令和元年度"),
            (Period::month("2019-05"), "令和元年5月"),
            (Period::month("2019-04"), "平成31年4月"),
            (Period::fiscal_year("2018"), "平成30年度"),
            (Period::month("2020-01"), "令和2年1月"),
        ] {
            assert_eq!(period.unwrap().label(Lang::Ja), label);
        }
    }

    #[test]
    fn malformed_and_inverted_periods_are_clear_errors() {
        for bad in ["24", "2024a", "", "20244", "令和6"] {
            let err = Period::fiscal_year(bad).unwrap_err().to_string();
            assert!(err.contains("a year like 2024"), "{err}");
        }
        for bad in ["2024", "2024-H3", "2024H1", "-H1"] {
            assert!(Period::fiscal_half(bad).is_err(), "{bad}");
        }
        for bad in ["2024-13", "2024-0", "2024", "2024-005", "May 2024"] {
            assert!(Period::month(bad).is_err(), "{bad}");
        }
        assert!(Period::range("2024-02-30", "2024-03-01").is_err());
        let err = Period::range("2024-07-31", "2023-11-01").unwrap_err();
        assert_eq!(
            err,
            PeriodError::Inverted {
                from: day("2024-07-31"),
                to: day("2023-11-01")
            }
        );
        assert!(err.to_string().contains("--from must not be after --to"));
        // One day is a period.
        assert_eq!(
            Period::range("2024-05-01", "2024-05-01")
                .unwrap()
                .days()
                .count(),
            1
        );
    }

    #[test]
    fn utc_bounds_start_at_local_midnight() {
        let jst = FixedOffset::east_opt(9 * 3600).unwrap();
        let p = Period::range("2023-11-01", "2024-07-31").unwrap();
        let (from, to) = p.utc_bounds(jst);
        let utc = |micros| format_utc(DateTime::from_timestamp_micros(micros).unwrap());
        assert_eq!(
            (utc(from), utc(to)),
            (
                "2023-10-31T15:00:00.000000Z".to_string(),
                "2024-07-31T15:00:00.000000Z".to_string()
            )
        );
    }
}
