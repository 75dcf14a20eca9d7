//! Realistic synthetic data for a newcomer to look around and for benchmarks: `soudan demo
//! --db PATH --contacts N --seed S`.
//!
//! Cases and contacts follow the shares of the desks' own tables (age, channel, position,
//! kind of harm, response, platforms), with follow-ups (about 1.86 contacts a case, as 537
//! contacts over 289 new cases), talk and wrap-up times, referrals and occasional risk
//! flags, spread over a desk's opening days and hours. Nothing looks like personal data:
//! counselors are 相談員A…F, notes are short generic sentences, and there are no names or
//! phone numbers; the work items' addresses are `/demo/N` pages and `siteN.example` (see
//! `items.rs`). The same seed gives the same cases and contacts.

mod items;
mod shares;

use std::io::Write;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc, Weekday};
use clap::Args;
use jpholiday::jpholiday::JPHoliday;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::config::Settings;
use crate::domain::{CaseField, Change, ContactField, Dim, OpKind, format_utc};
use crate::store::Store;

/// `soudan demo`: fill a database with synthetic cases. The global `--db` is required, so
/// a demo never lands in a desk's real database by accident.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// How many contacts to create
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub contacts: usize,
    /// The same seed gives the same data
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// The last day with contacts [default: yesterday, so no demo call lies in the future]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<NaiveDate>,
    /// Keep this share (0–1) of the cases that would be closed open, as a desk with a long
    /// backlog: for measuring the queue with many open cases
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = share)]
    pub open_share: f64,
}

fn share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "{text:?} is not a share between 0 and 1 (0.02 is 2%)"
        )),
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemoSpec {
    pub contacts: usize,
    pub seed: u64,
    /// The last day with contacts; the data reaches back from it.
    pub until: NaiveDate,
    /// The share of old cases left open instead of closed.
    pub open_share: f64,
}

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub cases: usize,
    pub contacts: usize,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
}

/// Mixed into the seed of the work items' own generator.
const ITEMS_SEED: u64 = 0x6974_656d_7300;
/// Contacts per open day of a single desk (the prefectural desk: 537 in 224 days).
const CONTACTS_PER_DAY: f64 = 2.4;
/// Bounds on the opening days the data spreads over: two months at least, about ten years
/// (a national deployment) at most, so large data sets are dense rather than ancient.
const MIN_DAYS: usize = 60;
const MAX_DAYS: usize = 3000;
/// Changes per transaction: large, because each commit is an fsync.
const BATCH: usize = 20_000;
/// A follow-up comes 1 to this many opening days after the previous contact.
const MAX_FOLLOW_UP_GAP: usize = 14;
/// Chance that a case has one more contact: 0.46 gives about 1.85 contacts a case.
const MORE_CONTACTS: f64 = 0.46;
const MAX_CONTACTS_PER_CASE: usize = 12;
/// Cases not contacted for this many days are closed.
const CLOSED_AFTER_DAYS: i64 = 60;
const COUNSELORS: [&str; 6] = [
    "相談員A",
    "相談員B",
    "相談員C",
    "相談員D",
    "相談員E",
    "相談員F",
];

/// The demo desk's week: Monday to Friday 10:00–20:00, Saturday 13:00–18:00; closed on
/// Sundays, national holidays and over the New Year (29 December – 3 January).
pub struct DemoSchedule {
    holidays: JPHoliday<'static>,
}

impl Default for DemoSchedule {
    fn default() -> Self {
        DemoSchedule {
            holidays: JPHoliday::new(),
        }
    }
}

impl DemoSchedule {
    pub fn is_open(&self, day: NaiveDate) -> bool {
        let new_year = matches!((day.month(), day.day()), (12, 29..) | (1, ..=3));
        self.hours(day).is_some() && !new_year && !self.holidays.is_holiday(&day)
    }

    /// Opening and closing time in minutes after midnight, on a day of the week it opens.
    fn hours(&self, day: NaiveDate) -> Option<(u32, u32)> {
        match day.weekday() {
            Weekday::Sun => None,
            Weekday::Sat => Some((13 * 60, 18 * 60)),
            _ => Some((10 * 60, 20 * 60)),
        }
    }

    /// The `count` opening days up to `until`, oldest first.
    fn days_until(&self, until: NaiveDate, count: usize) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = until
            .iter_days()
            .rev()
            .filter(|d| self.is_open(*d))
            .take(count)
            .collect();
        days.reverse();
        days
    }
}

/// Fills an empty database with `spec.contacts` synthetic contacts. Refuses a database that
/// already has cases: demo data must never mix with real records.
pub fn generate(
    store: &mut Store,
    spec: &DemoSpec,
    settings: &Settings,
) -> anyhow::Result<Summary> {
    let existing: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))?;
    if existing > 0 {
        anyhow::bail!(
            "this database already has {existing} cases: demo data goes into a new, empty \
             database (pass --db with a new file)"
        );
    }
    // The holiday calendar knows these years; demo data has no use for others.
    if !(2000..=2099).contains(&spec.until.year()) {
        anyhow::bail!(
            "--until {}: demo data ends between 2000 and 2099",
            spec.until
        );
    }
    let schedule = DemoSchedule::default();
    let wanted_days =
        ((spec.contacts as f64 / CONTACTS_PER_DAY).ceil() as usize).clamp(MIN_DAYS, MAX_DAYS);
    let days = schedule.days_until(spec.until, wanted_days);
    let mut generator = Generator {
        rng: ChaCha8Rng::seed_from_u64(spec.seed),
        items: items::ItemMaker::new(ChaCha8Rng::seed_from_u64(spec.seed ^ ITEMS_SEED)),
        schedule: &schedule,
        days: &days,
        offset: settings.desk_offset,
        station: &settings.station,
        until: spec.until,
        open_share: spec.open_share,
    };
    let mut summary = Summary {
        cases: 0,
        contacts: 0,
        first_day: None,
        last_day: None,
    };
    let mut changes: Vec<Change> = Vec::with_capacity(BATCH + MAX_CONTACTS_PER_CASE + 1);
    while summary.contacts < spec.contacts && !days.is_empty() {
        // New cases move through the days as the contacts are made, so the data is spread
        // evenly and written roughly in time order, as a real desk writes it.
        let day = summary.contacts * days.len() / spec.contacts;
        let room = spec.contacts - summary.contacts;
        let case = generator.case(summary.cases + 1, day, room, &mut changes);
        summary.cases += 1;
        summary.contacts += case.contacts;
        summary.first_day = summary.first_day.or(Some(days[day]));
        summary.last_day = summary.last_day.max(Some(case.last_day));
        if changes.len() >= BATCH {
            commit(store, settings, &mut changes, summary.cases)?;
        }
    }
    commit(store, settings, &mut changes, summary.cases)?;
    Ok(summary)
}

/// Writes a batch in one transaction, moving the case counter past the numbers used so that
/// the next real call gets a fresh one.
fn commit(
    store: &mut Store,
    settings: &Settings,
    changes: &mut Vec<Change>,
    last_seq: usize,
) -> anyhow::Result<()> {
    if !changes.is_empty() {
        store.commit_import(&settings.counselor, Utc::now(), changes, last_seq as i64)?;
        changes.clear();
    }
    Ok(())
}

/// `soudan demo`: generates and says what it made.
pub fn run(
    args: &DemoArgs,
    store: &mut Store,
    settings: &Settings,
    today: NaiveDate,
    out: &mut dyn Write,
) -> anyhow::Result<Summary> {
    let spec = DemoSpec {
        contacts: args.contacts,
        seed: args.seed,
        until: args.until.unwrap_or(today.pred_opt().unwrap_or(today)),
        open_share: args.open_share,
    };
    let summary = generate(store, &spec, settings)?;
    let span = match (summary.first_day, summary.last_day) {
        (Some(first), Some(last)) => format!(", {first} – {last}"),
        _ => String::new(),
    };
    writeln!(
        out,
        "demo data: {} contacts in {} cases{span} (seed {})",
        summary.contacts, summary.cases, spec.seed
    )?;
    Ok(summary)
}

struct Generator<'a> {
    rng: ChaCha8Rng,
    items: items::ItemMaker,
    schedule: &'a DemoSchedule,
    days: &'a [NaiveDate],
    offset: FixedOffset,
    station: &'a str,
    until: NaiveDate,
    open_share: f64,
}

/// What one generated case added.
struct CaseMade {
    contacts: usize,
    last_day: NaiveDate,
}

impl Generator<'_> {
    /// Appends one case (number `seq`, first seen on opening day `day`) and its contacts,
    /// at most `room` of them, to `changes`.
    fn case(&mut self, seq: usize, day: usize, room: usize, changes: &mut Vec<Change>) -> CaseMade {
        let mut visits = vec![day];
        while visits.len() < room.min(MAX_CONTACTS_PER_CASE) && self.rng.random_bool(MORE_CONTACTS)
        {
            let next = visits[visits.len() - 1] + self.rng.random_range(1..=MAX_FOLLOW_UP_GAP);
            if next >= self.days.len() {
                break;
            }
            visits.push(next);
        }
        let starts: Vec<DateTime<Utc>> = visits
            .iter()
            .map(|d| self.start_on(self.days[*d]))
            .collect();
        let case_id = self.id(starts[0]);
        let age = shares::AGE.pick(&mut self.rng);
        let channel = shares::CHANNEL.pick(&mut self.rng);
        let mut contacts = Vec::with_capacity(starts.len());
        let mut items = Vec::new();
        let mut expert = false;
        for start in &starts {
            let channel = if self.rng.random_bool(0.75) {
                channel
            } else {
                shares::CHANNEL.pick(&mut self.rng)
            };
            let (contact, booked_expert) = self.contact(case_id, *start, channel, age == "10s");
            expert |= booked_expert;
            items.extend(self.items.items(contact.id, *start));
            contacts.push(contact);
        }
        let last_day = self.days[visits[visits.len() - 1]];
        // Drawn only when asked for, so the same seed without --open-share gives the same data.
        let kept_open = self.open_share > 0.0 && self.rng.random_bool(self.open_share);
        let status = if (self.until - last_day).num_days() > CLOSED_AFTER_DAYS && !kept_open {
            "closed"
        } else if expert {
            "waiting_expert"
        } else {
            "open"
        };
        changes.push(self.case_fields(case_id, seq, starts[0], age, status));
        changes.extend(contacts);
        changes.extend(items);
        CaseMade {
            contacts: starts.len(),
            last_day,
        }
    }

    fn case_fields(
        &mut self,
        id: Uuid,
        seq: usize,
        opened_at: DateTime<Utc>,
        age: &str,
        status: &str,
    ) -> Change {
        let rng = &mut self.rng;
        let harms = match rng.random_range(0..100) {
            0..76 => 1,
            76..96 => 2,
            _ => 3,
        };
        let mut infringement = shares::INFRINGEMENT.pick_distinct(rng, harms);
        if infringement.contains(&"unknown") {
            infringement = vec!["unknown"];
        }
        let platforms = if rng.random_bool(0.2) { 2 } else { 1 };
        let wants = if rng.random_bool(0.3) { 2 } else { 1 };
        let risk: Vec<&str> = match rng.random_range(0..100) {
            0..4 if age == "10s" => vec!["minor"],
            0..6 => vec![shares::RISK.pick(rng)],
            _ => Vec::new(),
        };
        let mut fields: Vec<(&'static str, Value)> = vec![
            (
                CaseField::Number.key(),
                json!(format!("{}-{seq:05}", self.station)),
            ),
            (CaseField::OpenedAt.key(), json!(format_utc(opened_at))),
            (CaseField::Status.key(), json!(status)),
            (Dim::Age.key(), json!(age)),
            (Dim::Role.key(), json!(shares::ROLE.pick(rng))),
            (Dim::Troubled.key(), json!(shares::TROUBLED.pick(rng))),
            (
                Dim::Attribute.key(),
                json!(shares::attribute_for(age).pick(rng)),
            ),
            (Dim::Infringement.key(), json!(infringement)),
            (
                Dim::Platform.key(),
                json!(shares::PLATFORM.pick_distinct(rng, platforms)),
            ),
            (
                Dim::Want.key(),
                json!(shares::WANT.pick_distinct(rng, wants)),
            ),
        ];
        if !risk.is_empty() {
            fields.push((Dim::Risk.key(), json!(risk)));
        }
        Change {
            id,
            kind: OpKind::CaseDemo,
            fields,
        }
    }

    /// One contact of a case; true when the counselor booked an expert (専門家連携).
    fn contact(
        &mut self,
        case_id: Uuid,
        start: DateTime<Utc>,
        channel: &str,
        minor: bool,
    ) -> (Change, bool) {
        let rng = &mut self.rng;
        let primary = shares::RESPONSE.pick(rng);
        let mut responses = vec![primary];
        // 600 responses for 537 contacts: about one contact in nine gets a second one.
        if rng.random_bool(0.117) {
            let more = shares::RESPONSE.pick(rng);
            if more != primary {
                responses.push(more);
            }
        }
        let referrals: Vec<&str> = if responses.contains(&"referral") {
            let how_many = if rng.random_bool(0.15) { 2 } else { 1 };
            let mut agencies = shares::AGENCY.pick_distinct(rng, how_many);
            if minor && !agencies.contains(&"school_board") && rng.random_bool(0.5) {
                agencies.push("school_board");
            }
            agencies
        } else {
            Vec::new()
        };
        let talk = talk_seconds(rng, channel, primary);
        let wrap_up = log_normal(rng, 6.0 * 60.0, 0.6).clamp(60.0, 60.0 * 60.0) as i64;
        let ended = start + Duration::seconds(talk);
        let closed = ended + Duration::seconds(wrap_up);
        let counselor = COUNSELORS[rng.random_range(0..COUNSELORS.len())];
        let mut fields: Vec<(&'static str, Value)> = vec![
            (ContactField::Case.key(), json!(case_id.to_string())),
            (ContactField::Counselor.key(), json!(counselor)),
            (ContactField::StartedAt.key(), json!(format_utc(start))),
            (ContactField::EndedAt.key(), json!(format_utc(ended))),
            (ContactField::ClosedAt.key(), json!(format_utc(closed))),
            (Dim::Channel.key(), json!(channel)),
            (Dim::Response.key(), json!(responses)),
            (ContactField::Notes.key(), json!(shares::note_for(primary))),
        ];
        if !referrals.is_empty() {
            fields.push((ContactField::Referrals.key(), json!(referrals)));
        }
        let expert = responses.contains(&"expert");
        let id = self.id(start);
        let change = Change {
            id,
            kind: OpKind::ContactDemo,
            fields,
        };
        (change, expert)
    }

    /// A time the desk takes new contacts on `day`: from opening until 30 minutes before
    /// closing, in the desk's offset.
    fn start_on(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let (open, close) = self.schedule.hours(day).unwrap_or((10 * 60, 20 * 60));
        let minute = self.rng.random_range(open..close - 30);
        let second = self.rng.random_range(0..60);
        let local = day
            .and_hms_opt(minute / 60, minute % 60, second)
            .unwrap_or_default();
        self.offset
            .from_local_datetime(&local)
            .single()
            .map_or_else(|| local.and_utc(), |t| t.to_utc())
    }

    /// A UUIDv7 for an entity made at `at`, its random part from the seed: the same seed
    /// gives the same ids.
    fn id(&mut self, at: DateTime<Utc>) -> Uuid {
        let random: [u8; 10] = self.rng.random();
        let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
    }
}

/// How long a contact lasts: a phone call about a quarter of an hour, an SNS thread longer,
/// an e-mail the time to read and answer it; an interrupted contact a few minutes at most.
fn talk_seconds(rng: &mut ChaCha8Rng, channel: &str, primary: &str) -> i64 {
    if primary == "interrupted" {
        return rng.random_range(20..240);
    }
    let (median_min, max_min) = match channel {
        "phone" => (14.0, 120.0),
        "sns" => (25.0, 150.0),
        "email" => (12.0, 60.0),
        _ => (20.0, 90.0),
    };
    log_normal(rng, median_min * 60.0, 0.6).clamp(60.0, max_min * 60.0) as i64
}

/// A log-normal draw with the given median (Box–Muller): durations are skewed, a few calls
/// run long.
fn log_normal(rng: &mut ChaCha8Rng, median: f64, sigma: f64) -> f64 {
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random();
    let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    median * (sigma * z).exp()
}

#[cfg(test)]
mod tests {
    use chrono::Timelike;

    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn demo(contacts: usize, seed: u64) -> (Store, Summary) {
        demo_with_open_share(contacts, seed, 0.0)
    }

    fn demo_with_open_share(contacts: usize, seed: u64, open_share: f64) -> (Store, Summary) {
        let mut store = Store::open_in_memory().unwrap();
        let spec = DemoSpec {
            contacts,
            seed,
            until: day("2025-03-31"),
            open_share,
        };
        let summary = generate(&mut store, &spec, &Settings::for_tests()).unwrap();
        (store, summary)
    }

    fn dump(store: &Store) -> Vec<String> {
        let mut stmt = store
            .connection()
            .prepare(
                "SELECT hex(t.id) || t.started_at || t.channel || k.number || COALESCE(k.age, '')
                 FROM contacts t JOIN cases k ON k.id = t.case_id ORDER BY t.id",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn work_items_come_in_the_national_centres_shares_of_services() {
        let (store, _) = demo(4000, 5);
        let context = crate::report::ReportContext {
            layout: crate::domain::ReportLayout::National,
            ..crate::report::ReportContext::new(Settings::for_tests().desk_offset)
        };
        let all = crate::report::Period::range("2000-01-01", "2099-12-31").unwrap();
        let report = crate::report::Report::build(&store, all, &context).unwrap();
        let per_contact = report.totals.items as f64 / report.totals.contacts as f64;
        assert!((1.5..1.75).contains(&per_contact), "{per_contact}");
        let services = report.table("事業者/サービス").unwrap();
        let share = |label: &str| {
            let row = services.rows.iter().find(|r| r.label == label).unwrap();
            row.count as f64 / services.total as f64
        };
        // 図表9: Twitter 11.8%, 上記以外 41.7%, その他・不明 15.3%.
        for (label, seed) in [
            ("Twitter (X)", 0.118),
            ("上記以外の事業者/サービス等", 0.417),
            ("その他・不明", 0.153),
        ] {
            assert!(
                (share(label) - seed).abs() < 0.02,
                "{label}: {}",
                share(label)
            );
        }
        // Every address the demo writes is one the directory takes for its service.
        let mut stmt = store
            .connection()
            .prepare(
                "SELECT u.value, s.value FROM item_values u JOIN item_values s
                 ON s.item_id = u.item_id AND s.field = 'service' WHERE u.field = 'urls'",
            )
            .unwrap();
        let pairs: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(pairs.len() > 1000);
        let directory = crate::national::ServiceDirectory::builtin();
        for (url, service) in pairs {
            assert_eq!(directory.recognise(&url).service, Some(service), "{url}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
        let (a, summary) = demo(300, 42);
        let (b, _) = demo(300, 42);
        let (c, _) = demo(300, 43);
        assert_eq!(summary.contacts, 300);
        assert_eq!(dump(&a), dump(&b));
        assert_ne!(dump(&a), dump(&c));
    }

    #[test]
    fn contacts_fall_on_opening_days_and_hours_with_follow_ups() {
        let (store, summary) = demo(2000, 1);
        assert_eq!(summary.last_day, Some(day("2025-03-31")));
        let per_case = summary.contacts as f64 / summary.cases as f64;
        assert!((1.6..2.1).contains(&per_case), "{per_case} contacts a case");
        let schedule = DemoSchedule::default();
        let jst = Settings::for_tests().desk_offset;
        let mut stmt = store
            .connection()
            .prepare("SELECT started_at, closed_at, notes FROM contacts")
            .unwrap();
        let rows: Vec<(i64, i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 2000);
        for (started, closed, notes) in rows {
            let local = DateTime::from_timestamp_micros(started)
                .unwrap()
                .with_timezone(&jst);
            assert!(schedule.is_open(local.date_naive()), "{local}");
            let (open, close) = schedule.hours(local.date_naive()).unwrap();
            let minute = local.hour() * 60 + local.minute();
            assert!((open..close - 30).contains(&minute), "{local}");
            assert!(closed > started);
            assert!(!notes.contains("http") && !notes.chars().any(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn an_open_share_keeps_old_cases_open_through_the_op_log() {
        let open = |store: &Store| store.count_open_cases().unwrap();
        let (plain, _) = demo(2000, 3);
        let (backlog, _) = demo_with_open_share(2000, 3, 0.5);
        let (all_open, summary) = demo_with_open_share(2000, 3, 1.0);
        assert!(open(&plain) < open(&backlog) && open(&backlog) < open(&all_open));
        assert_eq!(open(&all_open), summary.cases, "nothing closed");
        // Open because the ops say so: a replay of the log gives the same queue.
        let mut replayed = backlog;
        let before = replayed.open_cases().unwrap();
        replayed.rebuild_projections().unwrap();
        assert_eq!(replayed.open_cases().unwrap(), before);
    }

    #[test]
    fn a_demo_never_goes_into_a_database_with_records() {
        let (mut store, _) = demo(10, 1);
        let spec = DemoSpec {
            contacts: 10,
            seed: 2,
            until: day("2025-03-31"),
            open_share: 0.0,
        };
        let err = generate(&mut store, &spec, &Settings::for_tests()).unwrap_err();
        assert!(err.to_string().contains("already has"), "{err}");
    }

    #[test]
    fn nothing_or_a_far_date_is_an_answer_not_a_panic() {
        let (_, summary) = demo(0, 1);
        assert_eq!(
            (summary.cases, summary.contacts, summary.first_day),
            (0, 0, None)
        );
        let mut store = Store::open_in_memory().unwrap();
        let spec = DemoSpec {
            contacts: 10,
            seed: 1,
            until: NaiveDate::MIN,
            open_share: 0.0,
        };
        let err = generate(&mut store, &spec, &Settings::for_tests()).unwrap_err();
        assert!(err.to_string().contains("between 2000 and 2099"), "{err}");
    }

    #[test]
    fn the_schedule_closes_on_sundays_holidays_and_new_year() {
        let schedule = DemoSchedule::default();
        assert!(schedule.is_open(day("2024-05-07")), "a Tuesday");
        assert!(!schedule.is_open(day("2024-05-05")), "a Sunday");
        assert!(!schedule.is_open(day("2024-05-06")), "a substitute holiday");
        assert!(!schedule.is_open(day("2024-12-30")));
        assert!(!schedule.is_open(day("2025-01-03")));
        assert!(schedule.is_open(day("2025-01-04")), "a Saturday");
    }
}
