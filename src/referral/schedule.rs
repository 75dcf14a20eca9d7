//! Opening hours of a referral place and whether it takes a contact at a given moment.
//!
//! A schedule is a list of openings, each a set of days and a time range, written the way a
//! person reads a leaflet: `"mon,sat 16:00-22:00"`, `"2nd sun 13:00-18:00"`,
//! `"last fri 22:00-02:00"` (a range whose end is not after its start runs past midnight and
//! belongs to the day it starts), `"daily 09:00-17:00"`, `"holiday 10:00-16:00"` (only on
//! public holidays). Desks stop taking new contacts some minutes before closing
//! (`last_intake_minutes`), and are closed on Japanese public holidays unless
//! `holidays = "as_usual"` or a `holiday` opening says otherwise.
//!
//! Every agency in the directory is in Japan, so times are read on Japanese wall clocks
//! (+09:00) whatever offset the moment asked about carries.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Weekday};
use jpholiday::jpholiday::JPHoliday;

use crate::domain::Lang;

/// How long before the last intake the sheet starts warning "まもなく受付終了".
pub const SOON_MINUTES: i64 = 30;

/// How far ahead `Closed { next_open }` looks; a rule like "5th sun" can be months away.
const LOOKAHEAD_DAYS: u32 = 400;

const MINUTES_PER_DAY: u16 = 24 * 60;

/// Japan Standard Time, the wall clock of every schedule.
pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// Whether `date` is a Japanese public holiday (振替休日 and 国民の休日 included).
/// Dates outside the years the holiday law has existed count as ordinary days.
pub fn is_public_holiday(date: NaiveDate) -> bool {
    thread_local! {
        static HOLIDAYS: JPHoliday<'static> = JPHoliday::new();
    }
    // The holiday law dates from 1948; the crate's arithmetic is only safe well inside
    // chrono's range.
    if !(1948..=9999).contains(&date.year()) {
        return false;
    }
    HOLIDAYS.with(|h| h.is_holiday(&date))
}

/// Opening hours: openings, a last-intake offset and what public holidays do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub hours: Vec<Hours>,
    /// New contacts are taken until this many minutes before closing.
    pub last_intake_minutes: u16,
    pub holidays: HolidayPolicy,
}

/// What a public holiday does to the weekly and monthly openings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayPolicy {
    /// Closed on public holidays except for `holiday` openings (the usual case).
    #[default]
    Closed,
    /// Public holidays keep the ordinary hours of their weekday.
    AsUsual,
}

/// One opening: on which days, from when to when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub days: Days,
    /// Minutes after midnight of the day it starts.
    pub start: u16,
    /// Minutes after midnight of the day it starts; more than 1440 runs into the next day.
    pub end: u16,
}

/// The days an opening applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Days {
    /// These weekdays of every week (bit `n` = `Weekday::num_days_from_monday() == n`).
    Weekly(u8),
    /// One weekday of each month: the 2nd Sunday, the last Friday.
    Nth { nth: Nth, weekday: Weekday },
    /// Public holidays only.
    Holiday,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nth {
    /// 1 to 5.
    Number(u8),
    Last,
}

/// Whether a place takes a contact at a moment. Times are on the Japanese clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenStatus {
    /// Open and taking new contacts until `last_intake`.
    Open {
        last_intake: DateTime<FixedOffset>,
        closes_at: DateTime<FixedOffset>,
    },
    /// Open, but the last new contact is taken within [`SOON_MINUTES`].
    LastIntakeSoon {
        last_intake: DateTime<FixedOffset>,
        closes_at: DateTime<FixedOffset>,
    },
    /// Still open (counselors finish their calls) but no longer taking new contacts.
    IntakeEnded { closes_at: DateTime<FixedOffset> },
    /// Closed; `None` when no opening comes within a year.
    Closed {
        next_open: Option<DateTime<FixedOffset>>,
    },
}

impl OpenStatus {
    /// A stable machine name for JSON output.
    pub fn key(&self) -> &'static str {
        match self {
            OpenStatus::Open { .. } => "open",
            OpenStatus::LastIntakeSoon { .. } => "last_intake_soon",
            OpenStatus::IntakeEnded { .. } => "intake_ended",
            OpenStatus::Closed { .. } => "closed",
        }
    }

    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            OpenStatus::Open { .. } => lang.pick("受付中", "Open"),
            OpenStatus::LastIntakeSoon { .. } => lang.pick("まもなく受付終了", "Last intake soon"),
            OpenStatus::IntakeEnded { .. } => lang.pick("受付終了", "Intake ended"),
            OpenStatus::Closed { .. } => lang.pick("時間外", "Closed"),
        }
    }

    /// True when a counselor can send someone there right now.
    pub fn takes_contacts(&self) -> bool {
        matches!(
            self,
            OpenStatus::Open { .. } | OpenStatus::LastIntakeSoon { .. }
        )
    }

    /// The label with the time that matters: "受付中 〜21:30", "時間外 次回 6/9(日) 13:00".
    pub fn summary(&self, lang: Lang) -> String {
        let label = self.label(lang);
        match self {
            OpenStatus::Open { last_intake, .. }
            | OpenStatus::LastIntakeSoon { last_intake, .. } => match lang {
                Lang::Ja => format!("{label} 〜{}", last_intake.format("%H:%M")),
                Lang::En => format!("{label} until {}", last_intake.format("%H:%M")),
            },
            OpenStatus::IntakeEnded { closes_at } => match lang {
                Lang::Ja => format!("{label}（{}閉室）", closes_at.format("%H:%M")),
                Lang::En => format!("{label} (closes {})", closes_at.format("%H:%M")),
            },
            OpenStatus::Closed {
                next_open: Some(next),
            } => {
                let day = weekday_label(next.weekday(), lang);
                match lang {
                    Lang::Ja => format!(
                        "{label} 次回 {}({day}) {}",
                        next.format("%-m/%-d"),
                        next.format("%H:%M")
                    ),
                    Lang::En => format!(
                        "{label}, opens {day} {} {}",
                        next.format("%-d %b"),
                        next.format("%H:%M")
                    ),
                }
            }
            OpenStatus::Closed { next_open: None } => label.to_string(),
        }
    }
}

/// Whether the place takes a contact at `at` (read on the Japanese clock).
pub fn status_at(schedule: &Schedule, at: DateTime<FixedOffset>) -> OpenStatus {
    let t = at.with_timezone(&jst()).naive_local();
    let Some(closes) = schedule.closing_of_span_containing(t) else {
        return OpenStatus::Closed {
            next_open: schedule.next_opening_after(t).map(on_jst_clock),
        };
    };
    let last_intake = closes - Duration::minutes(i64::from(schedule.last_intake_minutes));
    if t >= last_intake {
        OpenStatus::IntakeEnded {
            closes_at: on_jst_clock(closes),
        }
    } else if last_intake - t <= Duration::minutes(SOON_MINUTES) {
        OpenStatus::LastIntakeSoon {
            last_intake: on_jst_clock(last_intake),
            closes_at: on_jst_clock(closes),
        }
    } else {
        OpenStatus::Open {
            last_intake: on_jst_clock(last_intake),
            closes_at: on_jst_clock(closes),
        }
    }
}

/// Whether the place opened at all on `date` (an opening that runs past midnight counts for
/// the day it starts). Reports count 相談開設日数 with this.
pub fn open_on(schedule: &Schedule, date: NaiveDate) -> bool {
    schedule.openings_on(date).next().is_some()
}

fn on_jst_clock(local: NaiveDateTime) -> DateTime<FixedOffset> {
    // A fixed offset maps every local time to exactly one instant.
    local
        .and_local_timezone(jst())
        .single()
        .unwrap_or_else(|| DateTime::from_naive_utc_and_offset(local, jst()))
}

impl Schedule {
    /// Checks that every opening is long enough to take contacts at all.
    pub fn new(
        hours: Vec<Hours>,
        last_intake_minutes: u16,
        holidays: HolidayPolicy,
    ) -> Result<Schedule, String> {
        if hours.is_empty() {
            return Err("a schedule needs at least one opening in `hours`".into());
        }
        if let Some(short) = hours
            .iter()
            .find(|h| h.end.saturating_sub(h.start) <= last_intake_minutes)
        {
            return Err(format!(
                "last_intake_minutes = {last_intake_minutes} is not shorter than the opening `{short}`"
            ));
        }
        Ok(Schedule {
            hours,
            last_intake_minutes,
            holidays,
        })
    }

    /// The openings that start on `date`, as local start and end times.
    fn openings_on(
        &self,
        date: NaiveDate,
    ) -> impl Iterator<Item = (NaiveDateTime, NaiveDateTime)> + '_ {
        let holiday = is_public_holiday(date);
        let midnight = date.and_hms_opt(0, 0, 0);
        self.hours
            .iter()
            .filter(move |h| match h.days {
                Days::Holiday => holiday,
                _ if holiday && self.holidays == HolidayPolicy::Closed => false,
                days => days.matches(date),
            })
            .filter_map(move |h| {
                let midnight = midnight?;
                let start = midnight.checked_add_signed(Duration::minutes(h.start.into()))?;
                let end = midnight.checked_add_signed(Duration::minutes(h.end.into()))?;
                Some((start, end))
            })
    }

    /// When the stretch of opening time around `t` ends, following openings that touch or
    /// overlap it (a desk open 22:00-24:00 and again from 00:00 stays open through midnight).
    fn closing_of_span_containing(&self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        let today = t.date();
        let yesterday = today.pred_opt()?;
        let mut end = self
            .openings_on(yesterday)
            .chain(self.openings_on(today))
            .filter(|&(start, end)| start <= t && t < end)
            .map(|(_, end)| end)
            .max()?;
        let mut day = today;
        for _ in 0..LOOKAHEAD_DAYS {
            let Some(midnight) = day.and_hms_opt(0, 0, 0) else {
                break;
            };
            if midnight > end {
                break;
            }
            let mut openings: Vec<_> = self.openings_on(day).collect();
            openings.sort();
            for (start, next_end) in openings {
                if start <= end && next_end > end {
                    end = next_end;
                }
            }
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        Some(end)
    }

    /// The first opening that starts after `t`.
    fn next_opening_after(&self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        let mut day = t.date();
        for _ in 0..LOOKAHEAD_DAYS {
            let next = self
                .openings_on(day)
                .map(|(start, _)| start)
                .filter(|&start| start > t)
                .min();
            if next.is_some() {
                return next;
            }
            day = day.succ_opt()?;
        }
        None
    }

    /// The hours as a person reads them: "月・土 16:00–22:00、第2日曜 13:00–18:00（受付は終了30分前まで・祝日休み）".
    pub fn describe(&self, lang: Lang) -> String {
        let hours: Vec<String> = self.hours.iter().map(|h| h.describe(lang)).collect();
        let mut notes = Vec::new();
        if self.last_intake_minutes > 0 {
            notes.push(match lang {
                Lang::Ja => format!("受付は終了{}分前まで", self.last_intake_minutes),
                Lang::En => format!(
                    "last intake {} min before closing",
                    self.last_intake_minutes
                ),
            });
        }
        notes.push(
            match self.holidays {
                HolidayPolicy::Closed => lang.pick("祝日休み", "closed on public holidays"),
                HolidayPolicy::AsUsual => lang.pick("祝日も通常どおり", "public holidays as usual"),
            }
            .to_string(),
        );
        match lang {
            Lang::Ja => format!("{}（{}）", hours.join("、"), notes.join("・")),
            Lang::En => format!("{} ({})", hours.join("; "), notes.join("; ")),
        }
    }
}

impl Days {
    fn matches(self, date: NaiveDate) -> bool {
        match self {
            Days::Weekly(set) => set & weekday_bit(date.weekday()) != 0,
            Days::Nth { nth, weekday } => {
                date.weekday() == weekday
                    && match nth {
                        // The n-th weekday of a month falls on days 7(n-1)+1 ..= 7n.
                        Nth::Number(n) => (date.day0() / 7) + 1 == u32::from(n),
                        Nth::Last => date
                            .checked_add_signed(Duration::days(7))
                            .is_none_or(|week_later| week_later.month() != date.month()),
                    }
            }
            Days::Holiday => false,
        }
    }
}

fn weekday_bit(day: Weekday) -> u8 {
    1 << day.num_days_from_monday()
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

fn weekday_named(name: &str) -> Option<Weekday> {
    let name = name.to_ascii_lowercase();
    WEEKDAYS.iter().find(|(n, _)| *n == name).map(|(_, d)| *d)
}

fn weekday_label(day: Weekday, lang: Lang) -> &'static str {
    let i = day.num_days_from_monday() as usize;
    match lang {
        Lang::Ja => ["月", "火", "水", "木", "金", "土", "日"][i],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    }
}

impl Hours {
    /// Parses `"<days> HH:MM-HH:MM"`; see the module documentation for the forms of days.
    pub fn parse(text: &str) -> Result<Hours, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let (range, day_words) = words
            .split_last()
            .ok_or_else(|| "an opening is written like \"mon,sat 16:00-22:00\"".to_string())?;
        let days = match day_words {
            [] => {
                return Err(format!(
                    "`{text}` names no days (e.g. \"mon,sat 16:00-22:00\")"
                ));
            }
            [days] => parse_days(days)?,
            [nth, weekday] => Days::Nth {
                nth: parse_nth(nth)?,
                weekday: weekday_named(weekday).ok_or_else(|| {
                    format!("`{weekday}` is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
                })?,
            },
            _ => {
                return Err(format!(
                    "`{text}`: write one opening per string, like \"2nd sun 13:00-18:00\""
                ));
            }
        };
        let (start, end) = parse_range(range)?;
        Ok(Hours { days, start, end })
    }

    pub fn describe(&self, lang: Lang) -> String {
        let days = match self.days {
            Days::Weekly(0x7f) => lang.pick("毎日", "Daily").to_string(),
            Days::Weekly(set) => {
                let names: Vec<&str> = WEEKDAYS
                    .iter()
                    .filter(|(_, d)| set & weekday_bit(*d) != 0)
                    .map(|(_, d)| weekday_label(*d, lang))
                    .collect();
                names.join(lang.pick("・", ", "))
            }
            Days::Nth { nth, weekday } => {
                let day = weekday_label(weekday, lang);
                match (nth, lang) {
                    (Nth::Number(n), Lang::Ja) => format!("第{n}{day}曜"),
                    (Nth::Last, Lang::Ja) => format!("最終{day}曜"),
                    (Nth::Number(n), Lang::En) => format!("{} {day}", ordinal(n)),
                    (Nth::Last, Lang::En) => format!("last {day}"),
                }
            }
            Days::Holiday => lang.pick("祝日", "Public holidays").to_string(),
        };
        let end = if self.end > MINUTES_PER_DAY {
            match lang {
                Lang::Ja => format!("翌{}", clock(self.end - MINUTES_PER_DAY)),
                Lang::En => format!("{} next day", clock(self.end - MINUTES_PER_DAY)),
            }
        } else {
            clock(self.end)
        };
        format!("{days} {}–{end}", clock(self.start))
    }
}

/// The form `Hours::parse` reads, so a schedule can be written back.
impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.days {
            Days::Weekly(set) => {
                let names: Vec<&str> = WEEKDAYS
                    .iter()
                    .filter(|(_, d)| set & weekday_bit(*d) != 0)
                    .map(|(n, _)| *n)
                    .collect();
                write!(f, "{}", names.join(","))?;
            }
            Days::Nth { nth, weekday } => {
                let day = WEEKDAYS[weekday.num_days_from_monday() as usize].0;
                match nth {
                    Nth::Number(n) => write!(f, "{} {day}", ordinal(n))?,
                    Nth::Last => write!(f, "last {day}")?,
                }
            }
            Days::Holiday => write!(f, "holiday")?,
        }
        let end = if self.end > MINUTES_PER_DAY {
            self.end - MINUTES_PER_DAY
        } else {
            self.end
        };
        write!(f, " {}-{}", clock(self.start), clock(end))
    }
}

fn ordinal(n: u8) -> String {
    let suffix = match n {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn parse_days(text: &str) -> Result<Days, String> {
    match text.to_ascii_lowercase().as_str() {
        "daily" => return Ok(Days::Weekly(0x7f)),
        "holiday" | "holidays" => return Ok(Days::Holiday),
        _ => {}
    }
    let mut set = 0u8;
    for part in text.split(',') {
        let unknown = |name: &str| {
            format!("`{name}` is not a weekday (mon, tue, wed, thu, fri, sat, sun, daily, holiday)")
        };
        match part.split_once('-') {
            Some((from, to)) => {
                let from = weekday_named(from).ok_or_else(|| unknown(from))?;
                let to = weekday_named(to).ok_or_else(|| unknown(to))?;
                let mut day = from;
                loop {
                    set |= weekday_bit(day);
                    if day == to {
                        break;
                    }
                    day = day.succ();
                }
            }
            None => set |= weekday_bit(weekday_named(part).ok_or_else(|| unknown(part))?),
        }
    }
    Ok(Days::Weekly(set))
}

fn parse_nth(text: &str) -> Result<Nth, String> {
    match text.to_ascii_lowercase().as_str() {
        "1st" => Ok(Nth::Number(1)),
        "2nd" => Ok(Nth::Number(2)),
        "3rd" => Ok(Nth::Number(3)),
        "4th" => Ok(Nth::Number(4)),
        "5th" => Ok(Nth::Number(5)),
        "last" => Ok(Nth::Last),
        _ => Err(format!("`{text}` is not 1st, 2nd, 3rd, 4th, 5th or last")),
    }
}

/// `HH:MM-HH:MM`; an end not after the start runs into the next day, `24:00` ends at midnight.
fn parse_range(text: &str) -> Result<(u16, u16), String> {
    let (start, end) = text
        .split_once('-')
        .ok_or_else(|| format!("`{text}` is not a time range like 16:00-22:00"))?;
    let start = parse_clock(start)?;
    let end = parse_clock(end)?;
    if start >= MINUTES_PER_DAY {
        return Err("an opening cannot start at 24:00 (write 00:00 on the next day)".into());
    }
    if start == end {
        return Err(format!(
            "`{text}` is empty: start and end are the same time"
        ));
    }
    let end = if end <= start {
        end + MINUTES_PER_DAY
    } else {
        end
    };
    Ok((start, end))
}

fn parse_clock(text: &str) -> Result<u16, String> {
    let bad = || format!("`{text}` is not a time like 09:30 (00:00 to 24:00)");
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    if m.len() != 2 {
        return Err(bad());
    }
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefectural desk of domain.md: Mon and Sat 16:00-22:00, the 2nd Sunday 13:00-18:00,
    /// last intake 30 minutes before closing, closed on public holidays.
    fn desk() -> Schedule {
        schedule(
            &["mon,sat 16:00-22:00", "2nd sun 13:00-18:00"],
            30,
            HolidayPolicy::Closed,
        )
    }

    fn schedule(hours: &[&str], last_intake: u16, holidays: HolidayPolicy) -> Schedule {
        let hours = hours.iter().map(|h| Hours::parse(h).unwrap()).collect();
        Schedule::new(hours, last_intake, holidays).unwrap()
    }

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_second_sunday_is_open_and_the_third_is_not() {
        // June 2024: Sundays are the 2nd, 9th, 16th.
        let s = desk();
        assert!(open_on(&s, date(2024, 6, 9)));
        assert!(!open_on(&s, date(2024, 6, 2)));
        assert!(!open_on(&s, date(2024, 6, 16)));
        assert!(matches!(
            status_at(&s, at("2024-06-09T14:00:00+09:00")),
            OpenStatus::Open { .. }
        ));
        assert_eq!(
            status_at(&s, at("2024-06-16T14:00:00+09:00")),
            OpenStatus::Closed {
                next_open: Some(at("2024-06-17T16:00:00+09:00"))
            }
        );
    }

    #[test]
    fn the_last_weekday_of_a_month() {
        let s = schedule(&["last fri 10:00-12:00"], 0, HolidayPolicy::AsUsual);
        assert!(open_on(&s, date(2024, 5, 31)));
        assert!(!open_on(&s, date(2024, 5, 24)));
        assert!(open_on(&s, date(2024, 2, 23)));
        // A 5th weekday only exists in some months.
        let fifth = schedule(&["5th fri 10:00-12:00"], 0, HolidayPolicy::AsUsual);
        assert!(open_on(&fifth, date(2024, 5, 31)));
        assert!(!open_on(&fifth, date(2024, 6, 28)));
    }

    #[test]
    fn intake_ends_thirty_minutes_before_closing() {
        let s = desk();
        // Monday 2024-06-10.
        assert_eq!(
            status_at(&s, at("2024-06-10T20:00:00+09:00")),
            OpenStatus::Open {
                last_intake: at("2024-06-10T21:30:00+09:00"),
                closes_at: at("2024-06-10T22:00:00+09:00"),
            }
        );
        assert_eq!(
            status_at(&s, at("2024-06-10T21:10:00+09:00")),
            OpenStatus::LastIntakeSoon {
                last_intake: at("2024-06-10T21:30:00+09:00"),
                closes_at: at("2024-06-10T22:00:00+09:00"),
            }
        );
        assert_eq!(
            status_at(&s, at("2024-06-10T21:40:00+09:00")),
            OpenStatus::IntakeEnded {
                closes_at: at("2024-06-10T22:00:00+09:00")
            }
        );
        assert_eq!(
            status_at(&s, at("2024-06-10T22:00:00+09:00")),
            OpenStatus::Closed {
                next_open: Some(at("2024-06-15T16:00:00+09:00"))
            }
        );
        assert_eq!(
            status_at(&s, at("2024-06-10T21:40:00+09:00")).label(Lang::Ja),
            "受付終了"
        );
    }

    #[test]
    fn a_public_holiday_closes_the_desk() {
        // 2024-05-06 is a Monday and a 振替休日 (こどもの日 fell on a Sunday).
        assert!(is_public_holiday(date(2024, 5, 6)));
        let s = desk();
        assert!(!open_on(&s, date(2024, 5, 6)));
        assert_eq!(
            status_at(&s, at("2024-05-06T17:00:00+09:00")),
            OpenStatus::Closed {
                next_open: Some(at("2024-05-11T16:00:00+09:00"))
            }
        );
        // The Monday after is an ordinary day.
        assert!(open_on(&s, date(2024, 5, 13)));
    }

    #[test]
    fn holidays_can_keep_ordinary_hours_or_have_their_own() {
        let as_usual = schedule(&["mon 16:00-22:00"], 0, HolidayPolicy::AsUsual);
        assert!(open_on(&as_usual, date(2024, 5, 6)));
        let own = schedule(
            &["mon 16:00-22:00", "holiday 10:00-12:00"],
            0,
            HolidayPolicy::Closed,
        );
        assert!(open_on(&own, date(2024, 5, 6)));
        assert!(matches!(
            status_at(&own, at("2024-05-06T11:00:00+09:00")),
            OpenStatus::Open { .. }
        ));
        assert!(matches!(
            status_at(&own, at("2024-05-06T17:00:00+09:00")),
            OpenStatus::Closed { .. }
        ));
        // A holiday opening does nothing on ordinary days: 2024-05-07 is a Tuesday.
        assert!(!open_on(&own, date(2024, 5, 7)));
    }

    #[test]
    fn a_range_that_crosses_midnight_belongs_to_the_day_it_starts() {
        // Friday 2024-06-14 22:00 to Saturday 02:00.
        let s = schedule(&["fri 22:00-02:00"], 30, HolidayPolicy::Closed);
        assert!(open_on(&s, date(2024, 6, 14)));
        assert!(!open_on(&s, date(2024, 6, 15)));
        assert_eq!(
            status_at(&s, at("2024-06-14T23:00:00+09:00")),
            OpenStatus::Open {
                last_intake: at("2024-06-15T01:30:00+09:00"),
                closes_at: at("2024-06-15T02:00:00+09:00"),
            }
        );
        assert_eq!(
            status_at(&s, at("2024-06-15T01:30:00+09:00")),
            OpenStatus::IntakeEnded {
                closes_at: at("2024-06-15T02:00:00+09:00")
            }
        );
        assert!(matches!(
            status_at(&s, at("2024-06-15T01:10:00+09:00")),
            OpenStatus::LastIntakeSoon { .. }
        ));
        assert_eq!(
            status_at(&s, at("2024-06-15T02:00:00+09:00")),
            OpenStatus::Closed {
                next_open: Some(at("2024-06-21T22:00:00+09:00"))
            }
        );
    }

    #[test]
    fn openings_that_touch_at_midnight_stay_open_through_it() {
        let s = schedule(
            &["mon 20:00-24:00", "tue 00:00-03:00"],
            30,
            HolidayPolicy::AsUsual,
        );
        assert_eq!(
            status_at(&s, at("2024-06-10T23:50:00+09:00")),
            OpenStatus::Open {
                last_intake: at("2024-06-11T02:30:00+09:00"),
                closes_at: at("2024-06-11T03:00:00+09:00"),
            }
        );
        let always = schedule(&["daily 00:00-24:00"], 0, HolidayPolicy::AsUsual);
        assert!(status_at(&always, at("2024-06-10T12:00:00+09:00")).takes_contacts());
    }

    #[test]
    fn moments_are_read_on_the_japanese_clock() {
        // 07:00 UTC is 16:00 in Japan on Monday 2024-06-10.
        let s = desk();
        assert!(status_at(&s, at("2024-06-10T07:00:00+00:00")).takes_contacts());
        assert!(!status_at(&s, at("2024-06-10T16:00:00+00:00")).takes_contacts());
    }

    #[test]
    fn opening_hours_read_back_as_written_and_as_a_leaflet() {
        for text in [
            "mon,sat 16:00-22:00",
            "2nd sun 13:00-18:00",
            "last fri 22:00-02:00",
            "holiday 10:00-16:00",
        ] {
            assert_eq!(Hours::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(
            Hours::parse("mon-fri 09:00-17:00").unwrap().to_string(),
            "mon,tue,wed,thu,fri 09:00-17:00"
        );
        assert_eq!(
            Hours::parse("fri-mon 09:00-17:00").unwrap().to_string(),
            "mon,fri,sat,sun 09:00-17:00"
        );
        assert_eq!(
            desk().describe(Lang::Ja),
            "月・土 16:00–22:00、第2日曜 13:00–18:00（受付は終了30分前まで・祝日休み）"
        );
        assert_eq!(
            desk().describe(Lang::En),
            "Mon, Sat 16:00–22:00; 2nd Sun 13:00–18:00 (last intake 30 min before closing; closed on public holidays)"
        );
        assert_eq!(
            Hours::parse("fri 22:00-02:00").unwrap().describe(Lang::Ja),
            "金 22:00–翌02:00"
        );
    }

    #[test]
    fn bad_openings_say_what_is_wrong() {
        for (text, needle) in [
            ("", "written like"),
            ("16:00-22:00", "names no days"),
            ("mon", "names no days"),
            ("mo 16:00-22:00", "`mo` is not a weekday"),
            ("6th sun 13:00-18:00", "`6th`"),
            ("2nd sunday 13:00-18:00", "`sunday`"),
            ("mon 16:00", "time range"),
            ("mon 25:00-26:00", "`25:00`"),
            ("mon 16:60-22:00", "`16:60`"),
            ("mon 16-22", "`16`"),
            ("mon 10:00-10:00", "empty"),
            ("mon 24:00-02:00", "24:00"),
            ("2nd sun mon 13:00-18:00", "one opening per string"),
        ] {
            let err = Hours::parse(text).unwrap_err();
            assert!(err.contains(needle), "{text:?}: {err}");
        }
        let long_intake = Schedule::new(
            vec![Hours::parse("mon 10:00-10:30").unwrap()],
            30,
            HolidayPolicy::Closed,
        );
        assert!(long_intake.unwrap_err().contains("last_intake_minutes"));
        assert!(Schedule::new(vec![], 0, HolidayPolicy::Closed).is_err());
    }

    #[test]
    fn far_away_dates_do_not_panic() {
        let s = desk();
        let _ = status_at(&s, at("9999-12-31T23:59:00+09:00"));
        let _ = status_at(&s, at("0001-01-01T00:00:00+09:00"));
        assert!(!is_public_holiday(date(1900, 1, 1)));
    }

    #[test]
    fn a_schedule_that_never_opens_again_says_so() {
        // Only holidays, asked after the last one the calendar knows (no holiday is left in
        // December 9999 and later years are out of range).
        let s = schedule(&["holiday 10:00-12:00"], 0, HolidayPolicy::Closed);
        assert_eq!(
            status_at(&s, at("9999-12-01T00:00:00+09:00")),
            OpenStatus::Closed { next_open: None }
        );
        assert_eq!(
            OpenStatus::Closed { next_open: None }.summary(Lang::Ja),
            "時間外"
        );
    }

    #[test]
    fn summaries_name_the_time_that_matters() {
        let s = desk();
        assert_eq!(
            status_at(&s, at("2024-06-10T20:00:00+09:00")).summary(Lang::Ja),
            "受付中 〜21:30"
        );
        assert_eq!(
            status_at(&s, at("2024-06-10T21:40:00+09:00")).summary(Lang::En),
            "Intake ended (closes 22:00)"
        );
        assert_eq!(
            status_at(&s, at("2024-06-08T10:00:00+09:00")).summary(Lang::Ja),
            "時間外 次回 6/8(土) 16:00"
        );
        assert_eq!(
            status_at(&s, at("2024-06-08T10:00:00+09:00")).summary(Lang::En),
            "Closed, opens Sat 8 Jun 16:00"
        );
    }
}
