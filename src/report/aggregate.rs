//! The numbers of a report, counted in SQL on the projections.
//!
//! The units follow the desks' own tables (domain.md, "The unit of counting"):
//! - per case: every case with at least one contact in the period (年代別, 状況別, 侵害種別,
//!   場所・サービス別), so the totals can exceed 新規受付件数, which counts only the cases whose
//!   first contact falls in the period;
//! - per contact: every contact in the period (手法別; 対応別 by the primary, first, response,
//!   so it totals to 延べ受付件数); 紹介先別 counts every referral of those contacts.
//!
//! A missing value counts as 不明 where the table has 不明; where it has none (手法, 対応) it
//! counts in an extra 未記入 row, shown only when not zero, so that every 合計 still equals its
//! unit. Codes the taxonomy does not know (a newer workstation's) follow in extra rows.

use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDate};
use rusqlite::types::Value;

use super::period::Period;
use crate::domain::{Dim, Lang, ReportLayout, Taxonomy};
use crate::national::National;
use crate::store::{Coverage, Result, Store};

/// What a count is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A case: the national centre's 相談者 (one person, however often they call).
    Case,
    Contact,
    /// A work item (作業): one answer about one site or post.
    Item,
}

impl Unit {
    pub fn key(self) -> &'static str {
        match self {
            Unit::Case => "case",
            Unit::Contact => "contact",
            Unit::Item => "item",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub count: u64,
    pub kind: RowKind,
}

impl Row {
    pub fn new(label: impl Into<String>, count: u64) -> Row {
        Row {
            label: label.into(),
            count,
            kind: RowKind::Count,
        }
    }
}

/// How a row adds up: the national tables print totals of several rows among the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A count of its own; the table's 合計 is the sum of these (and of the nested ones).
    Count,
    /// A total of the rows that follow it or come before it (Google（合計）,
    /// プライバシー侵害（計）): left out of the table's 合計.
    Subtotal,
    /// A count printed under the subtotal before it, indented.
    Nested,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The desks' name of the table: 年代別, 手法別, …
    pub name: String,
    pub unit: Unit,
    /// 重複あり: one unit may count under several rows.
    pub multi: bool,
    /// What the reader must know beyond unit and 重複あり (対応別: the primary response only).
    pub note: Option<String>,
    pub rows: Vec<Row>,
    pub total: u64,
    /// Each row's share of the total is printed beside it (図表9 事業者/サービス別).
    pub shares: bool,
    /// Said under the table (the national centre's 注).
    pub footnotes: Vec<String>,
}

impl Table {
    /// The table's 合計: its rows' counts, subtotals left out.
    pub fn sum(rows: &[Row]) -> u64 {
        rows.iter()
            .filter(|r| r.kind != RowKind::Subtotal)
            .map(|r| r.count)
            .sum()
    }
}

/// 実績: the headline numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// 相談開設日数.
    pub days_open: u64,
    /// 新規受付件数: cases whose first contact falls in the period.
    pub new_cases: u64,
    /// Cases with any contact in the period: the unit of the per-case tables.
    pub cases: u64,
    /// 延べ受付件数.
    pub contacts: u64,
    /// 延べ対応件数: every 対応 value of every contact.
    pub responses: u64,
    /// 作業件数: the work items of the period's contacts (the national layout's).
    pub items: u64,
}

/// Count, mean, median and longest of a duration, in whole seconds. Contacts without both
/// ends (a call still open, a contact never ended) and negative spans (a clock set back) are
/// left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DurationStats {
    pub count: u64,
    pub mean_s: Option<i64>,
    pub median_s: Option<i64>,
    pub longest_s: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub period: Period,
    pub layout: ReportLayout,
    /// The language of the labels.
    pub lang: Lang,
    pub totals: Totals,
    pub tables: Vec<Table>,
    /// 通話時間: from the start of the contact to its end.
    pub talk: DurationStats,
    /// 後処理時間: from the end of the contact to when the counselor closed it.
    pub wrap_up: DurationStats,
    /// Whose contacts are counted, once this database has synced or holds another
    /// workstation's data; None for a workstation on its own.
    pub coverage: Option<ReportCoverage>,
}

/// The workstations a report covers (after a sync, the whole desk's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCoverage {
    /// When this workstation last synced.
    pub last_sync: Option<chrono::DateTime<chrono::Utc>>,
    /// This workstation first.
    pub workstations: Vec<Coverage>,
    /// The desk's offset, to print times in.
    pub offset: FixedOffset,
}

impl ReportCoverage {
    pub(super) fn read(
        store: &Store,
        period: &Period,
        offset: FixedOffset,
    ) -> Result<Option<Self>> {
        let last_sync = store.last_sync()?;
        let (from, to) = period.utc_bounds(offset);
        let workstations = store.coverage(from, to)?;
        Ok(
            (last_sync.is_some() || workstations.len() > 1).then_some(ReportCoverage {
                last_sync,
                workstations,
                offset,
            }),
        )
    }
}

/// The desk's name of a referral agency id, from the referral directory; None for an id
/// the directory does not know.
pub type AgencyLabel<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Whether the desk was open on a day (the opening schedule in the config).
pub type OpenOn<'a> = &'a dyn Fn(NaiveDate) -> bool;

/// What a report needs besides the database: where the desk is, when it was open, and how
/// to name things.
pub struct ReportContext<'a> {
    /// The desk's offset from UTC: periods are whole local days.
    pub offset: FixedOffset,
    /// The desk's opening schedule; without one, the days with at least one contact count
    /// as open.
    pub open_on: Option<OpenOn<'a>>,
    /// The name of a referral agency id (from the referral directory); ids it does not
    /// know count as その他. Without it, ids that are plain codes print as stored and
    /// anything else (free text from an imported file) as その他.
    pub agency_label: Option<AgencyLabel<'a>>,
    pub taxonomy: &'a Taxonomy,
    pub lang: Lang,
    pub layout: ReportLayout,
    /// The national classification and service directory as the desk has them; the shipped
    /// ones without.
    pub national: Option<&'a National>,
}

impl<'a> ReportContext<'a> {
    /// The built-in taxonomy, Japanese labels, no schedule, raw agency ids.
    pub fn new(offset: FixedOffset) -> ReportContext<'a> {
        ReportContext {
            offset,
            open_on: None,
            agency_label: None,
            taxonomy: Taxonomy::builtin(),
            lang: Lang::Ja,
            layout: ReportLayout::Prefectural,
            national: None,
        }
    }
}

/// Where a table's counts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A tag of the case (single or multi choice).
    Case(Dim),
    /// A tag of the contact; for 対応 only the primary one.
    Contact(Dim),
    /// The referral agencies of the contacts.
    Referrals,
}

struct TableSpec {
    ja: &'static str,
    en: &'static str,
    unit: Unit,
    multi: bool,
    /// (ja, en) note printed with the table.
    note: Option<(&'static str, &'static str)>,
    source: Source,
}

/// The tables in the order of the prefectural report, then the extra ones.
const TABLES: [TableSpec; 7] = [
    TableSpec {
        ja: "年代別",
        en: "By age",
        unit: Unit::Case,
        multi: false,
        note: None,
        source: Source::Case(Dim::Age),
    },
    TableSpec {
        ja: "手法別",
        en: "By channel",
        unit: Unit::Contact,
        multi: false,
        note: None,
        source: Source::Contact(Dim::Channel),
    },
    TableSpec {
        ja: "状況別",
        en: "By position",
        unit: Unit::Case,
        multi: false,
        note: None,
        source: Source::Case(Dim::Role),
    },
    TableSpec {
        ja: "侵害種別",
        en: "By kind of harm",
        unit: Unit::Case,
        multi: true,
        note: None,
        source: Source::Case(Dim::Infringement),
    },
    TableSpec {
        ja: "対応別",
        en: "By response",
        unit: Unit::Contact,
        multi: false,
        note: Some(("主たる対応のみ", "primary response only")),
        source: Source::Contact(Dim::Response),
    },
    TableSpec {
        ja: "場所・サービス別",
        en: "By platform",
        unit: Unit::Case,
        multi: true,
        note: None,
        source: Source::Case(Dim::Platform),
    },
    TableSpec {
        ja: "紹介先別",
        en: "By referral",
        unit: Unit::Contact,
        multi: true,
        note: None,
        source: Source::Referrals,
    },
];

/// The row of a missing value in a table that has no 不明 of its own.
pub(super) const NOT_RECORDED: (&str, &str) = ("未記入", "Not recorded");
/// The row that gathers ids that cannot be printed as they are.
const OTHER: (&str, &str) = ("その他", "Other");
/// A value's code meaning "not known", where the taxonomy has one.
const UNKNOWN_CODE: &str = "unknown";

/// The whole aggregation, one statement so that every number comes from the same snapshot.
/// Each row is (key, code, count): the key names a table or a total, the code is the stored
/// value (NULL for "none"), and for the day and duration keys the code is the day or the
/// number of seconds, so the durations arrive as a histogram rather than one row a contact.
///
/// `CROSS JOIN` fixes the join order: from the period's contacts and cases into the value
/// and tag tables by their primary keys. Left to itself the planner walked the whole
/// `contact_values_field` / `case_tags_dim` index instead (dropped in migration 0003), which
/// at 1M contacts made a fiscal year's report four times slower; any index by value added
/// later would tempt it again.
const AGGREGATE_SQL: &str = "
WITH period_contacts AS MATERIALIZED (
    SELECT id, case_id, channel, started_at, ended_at, closed_at
    FROM contacts
    WHERE started_at >= ?1 AND started_at < ?2 AND case_id IS NOT NULL
),
period_cases AS MATERIALIZED (
    SELECT DISTINCT case_id AS id FROM period_contacts
)
SELECT 'channel', channel, COUNT(*) FROM period_contacts GROUP BY channel
UNION ALL
SELECT 'day', date(started_at / 1000000, 'unixepoch', ?3), COUNT(*) FROM period_contacts GROUP BY 2
UNION ALL
SELECT 'talk', ended_at / 1000000 - started_at / 1000000, COUNT(*)
FROM period_contacts WHERE ended_at IS NOT NULL GROUP BY 2
UNION ALL
SELECT 'wrap_up', closed_at / 1000000 - ended_at / 1000000, COUNT(*)
FROM period_contacts WHERE ended_at IS NOT NULL AND closed_at IS NOT NULL GROUP BY 2
UNION ALL
SELECT CASE WHEN v.field = 'referrals' THEN 'referrals'
            WHEN v.pos = 0 THEN 'response' ELSE 'response_more' END,
       v.value, COUNT(*)
FROM period_contacts t CROSS JOIN contact_values v
  ON v.contact_id = t.id AND v.field IN ('response', 'referrals')
GROUP BY 1, 2
UNION ALL
SELECT 'cases', NULL, COUNT(*) FROM period_cases
UNION ALL
SELECT 'new_cases', NULL, COUNT(*) FROM period_cases c
WHERE NOT EXISTS (SELECT 1 FROM contacts e WHERE e.case_id = c.id AND e.started_at < ?1)
UNION ALL
SELECT 'age', k.age, COUNT(*) FROM period_cases c JOIN cases k ON k.id = c.id GROUP BY 2
UNION ALL
SELECT 'role', k.role, COUNT(*) FROM period_cases c JOIN cases k ON k.id = c.id GROUP BY 2
UNION ALL
SELECT g.dim, g.code, COUNT(*) FROM period_cases c CROSS JOIN case_tags g
  ON g.case_id = c.id AND g.dim IN ('infringement', 'platform')
GROUP BY 1, 2
UNION ALL
SELECT d.dim, NULL, COUNT(*)
FROM period_cases c, (SELECT 'infringement' AS dim UNION ALL SELECT 'platform') d
WHERE NOT EXISTS (SELECT 1 FROM case_tags g WHERE g.case_id = c.id AND g.dim = d.dim)
GROUP BY 1
";

/// Counts by stored code (None: no value), before labels.
#[derive(Debug, Default)]
struct Counts {
    by_key: BTreeMap<String, Vec<(Option<String>, u64)>>,
    /// Seconds → contacts, per duration key.
    histograms: BTreeMap<String, BTreeMap<i64, u64>>,
    days_with_contacts: u64,
}

impl Counts {
    fn get(&self, key: &str) -> &[(Option<String>, u64)] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }

    fn sum(&self, key: &str) -> u64 {
        self.get(key).iter().map(|(_, n)| n).sum()
    }

    fn histogram(&self, key: &str) -> DurationStats {
        self.histograms
            .get(key)
            .map_or_else(DurationStats::default, duration_stats)
    }
}

fn read_counts(store: &Store, period: &Period, offset: FixedOffset) -> Result<Counts> {
    let (from, to) = period.utc_bounds(offset);
    let shift = format!("{:+} seconds", offset.local_minus_utc());
    let mut stmt = store.connection().prepare_cached(AGGREGATE_SQL)?;
    let mut rows = stmt.query(rusqlite::params![from, to, shift])?;
    let mut counts = Counts::default();
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        let code: Value = row.get(1)?;
        let n = u64::try_from(row.get::<_, i64>(2)?).unwrap_or(0);
        match (key.as_str(), code) {
            ("day", _) => counts.days_with_contacts += 1,
            ("talk" | "wrap_up", Value::Integer(seconds)) if seconds >= 0 => {
                *counts
                    .histograms
                    .entry(key)
                    .or_default()
                    .entry(seconds)
                    .or_default() += n;
            }
            ("talk" | "wrap_up", _) => {}
            (_, Value::Text(code)) => counts.by_key.entry(key).or_default().push((Some(code), n)),
            (_, _) => counts.by_key.entry(key).or_default().push((None, n)),
        }
    }
    Ok(counts)
}

fn duration_stats(histogram: &BTreeMap<i64, u64>) -> DurationStats {
    let count: u64 = histogram.values().sum();
    if count == 0 {
        return DurationStats::default();
    }
    let total: i128 = histogram
        .iter()
        .map(|(s, n)| i128::from(*s) * i128::from(*n))
        .sum();
    // The value at a 0-based rank of the sorted durations.
    let at_rank = |rank: u64| {
        let mut seen = 0;
        for (seconds, n) in histogram {
            seen += n;
            if seen > rank {
                return *seconds;
            }
        }
        0
    };
    let median2 = at_rank((count - 1) / 2) + at_rank(count / 2);
    DurationStats {
        count,
        mean_s: Some(((total + i128::from(count) / 2) / i128::from(count)) as i64),
        median_s: Some((median2 + 1).div_euclid(2)),
        longest_s: histogram.keys().next_back().copied(),
    }
}

/// Whether an id can go into a report as it is: a short code, never free text that could
/// carry a name or an address (referral ids are free text in an imported file).
fn printable_code(code: &str) -> bool {
    (1..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl Report {
    /// Counts the period in `store`. An empty period is all zeros.
    pub fn build(store: &Store, period: Period, context: &ReportContext) -> Result<Report> {
        if context.layout == ReportLayout::National {
            return super::national::build(store, period, context);
        }
        let counts = read_counts(store, &period, context.offset)?;
        let contacts = counts.sum("channel");
        let days_open = match context.open_on {
            Some(open_on) => period.days().filter(|d| open_on(*d)).count() as u64,
            None => counts.days_with_contacts,
        };
        let totals = Totals {
            days_open,
            new_cases: counts.sum("new_cases"),
            cases: counts.sum("cases"),
            contacts,
            responses: counts.sum("response") + counts.sum("response_more"),
            items: 0,
        };
        let tables = TABLES
            .iter()
            .map(|spec| table(spec, &counts, &totals, context))
            .collect();
        let coverage = ReportCoverage::read(store, &period, context.offset)?;
        Ok(Report {
            period,
            layout: ReportLayout::Prefectural,
            lang: context.lang,
            totals,
            tables,
            talk: counts.histogram("talk"),
            wrap_up: counts.histogram("wrap_up"),
            coverage,
        })
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }
}

fn table(spec: &TableSpec, counts: &Counts, totals: &Totals, context: &ReportContext) -> Table {
    let lang = context.lang;
    let rows = match spec.source {
        Source::Case(dim) | Source::Contact(dim) => {
            let mut found = counts.get(dim.key()).to_vec();
            // The SQL counts the cases without a multi-choice tag; the contacts without a
            // primary response are the ones left.
            if dim == Dim::Response {
                let missing = totals.contacts.saturating_sub(counts.sum("response"));
                found.push((None, missing));
            }
            coded_rows(&found, context, dim)
        }
        Source::Referrals => referral_rows(counts.get("referrals"), context),
    };
    Table {
        name: lang.pick(spec.ja, spec.en).to_string(),
        unit: spec.unit,
        multi: spec.multi,
        note: spec.note.map(|(ja, en)| lang.pick(ja, en).to_string()),
        total: Table::sum(&rows),
        rows,
        shares: false,
        footnotes: Vec::new(),
    }
}

pub(super) fn add_row(rows: &mut Vec<Row>, label: String, count: u64) {
    match rows.iter_mut().find(|r| r.label == label) {
        Some(row) => row.count += count,
        None => rows.push(Row::new(label, count)),
    }
}

/// Rows in the taxonomy's order (every option, zeros included, as the printed tables show
/// them), then 未記入 and codes the taxonomy does not know, only when counted.
pub(super) fn coded_rows(
    found: &[(Option<String>, u64)],
    context: &ReportContext,
    dim: Dim,
) -> Vec<Row> {
    let (taxonomy, lang) = (context.taxonomy, context.lang);
    let mut rows: Vec<Row> = taxonomy
        .options(dim)
        .iter()
        .map(|o| Row::new(o.label(lang), 0))
        .collect();
    let unknown_at = taxonomy.position(dim, UNKNOWN_CODE);
    let mut extra: Vec<Row> = Vec::new();
    let mut not_recorded = 0;
    for (code, n) in found {
        match code {
            Some(code) => match taxonomy.position(dim, code) {
                Some(at) => rows[at].count += n,
                None => add_row(&mut extra, code_label(code, lang), *n),
            },
            None => match unknown_at {
                Some(at) => rows[at].count += n,
                None => not_recorded += n,
            },
        }
    }
    extra.sort_by(|a, b| a.label.cmp(&b.label));
    if not_recorded > 0 {
        extra.push(Row::new(
            lang.pick(NOT_RECORDED.0, NOT_RECORDED.1),
            not_recorded,
        ));
    }
    rows.extend(extra);
    rows
}

/// 紹介先別: the directory's name for each agency id.
fn referral_rows(found: &[(Option<String>, u64)], context: &ReportContext) -> Vec<Row> {
    let lang = context.lang;
    let mut rows: Vec<Row> = Vec::new();
    let mut other = 0;
    for (code, n) in found {
        let code = code.as_deref().unwrap_or_default();
        let label = match context.agency_label {
            Some(lookup) => lookup(code),
            None => printable_code(code).then(|| code.to_string()),
        };
        match label {
            Some(label) => add_row(&mut rows, label, *n),
            None => other += n,
        }
    }
    // Most referred first, so the agencies that matter lead; ties by name for a stable
    // order. Free text gathered as その他 goes last.
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    if other > 0 {
        add_row(&mut rows, lang.pick(OTHER.0, OTHER.1).into(), other);
    }
    rows
}

/// A code the taxonomy does not know, as it is if it is a plain code, else その他.
pub(super) fn code_label(code: &str, lang: Lang) -> String {
    if printable_code(code) {
        code.to_string()
    } else {
        lang.pick(OTHER.0, OTHER.1).to_string()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use uuid::Uuid;

    use super::*;
    use crate::domain::Change;

    fn jst() -> FixedOffset {
        FixedOffset::east_opt(9 * 3600).unwrap()
    }

    /// Local JST time.
    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        jst().with_ymd_and_hms(y, m, d, h, min, 0).unwrap().to_utc()
    }

    struct Desk {
        store: Store,
        cases: usize,
    }

    impl Desk {
        fn new() -> Desk {
            Desk {
                store: Store::open_in_memory().unwrap(),
                cases: 0,
            }
        }

        /// A case with the given tags and a contact at each time, each with `responses`.
        fn case(&mut self, tags: &[(Dim, &[&str])], contacts: &[(DateTime<Utc>, &[&str])]) {
            self.cases += 1;
            let case = Uuid::now_v7();
            let mut changes = vec![Change::open_case(
                case,
                &format!("T-{:05}", self.cases),
                contacts[0].0,
            )];
            for (dim, values) in tags {
                let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                changes.push(Change::set_tag(case, *dim, &values));
            }
            for (start, responses) in contacts {
                let contact = Uuid::now_v7();
                changes.push(Change::open_contact(
                    contact,
                    case,
                    "相談員A",
                    *start,
                    Some("phone"),
                ));
                let responses: Vec<String> = responses.iter().map(|v| v.to_string()).collect();
                changes.push(Change::set_tag(contact, Dim::Response, &responses));
                changes.push(Change::end_contact(contact, *start + Duration::minutes(10)));
                changes.push(Change::close_contact(
                    contact,
                    *start + Duration::minutes(12),
                ));
            }
            self.store.commit("test", Utc::now(), &changes).unwrap();
        }

        fn report(&self, period: Period) -> Report {
            Report::build(&self.store, period, &ReportContext::new(jst())).unwrap()
        }
    }

    fn counts(table: &Table) -> Vec<(&str, u64)> {
        table
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.count))
            .collect()
    }

    #[test]
    fn an_empty_period_is_all_zeros_with_every_row() {
        let desk = Desk::new();
        let report = desk.report(Period::fiscal_year("2024").unwrap());
        assert_eq!(report.totals, Totals::default());
        assert_eq!(report.talk, DurationStats::default());
        let age = report.table("年代別").unwrap();
        assert_eq!(age.rows.len(), 7);
        assert!(age.rows.iter().all(|r| r.count == 0));
        assert_eq!(age.total, 0);
        assert!(report.table("紹介先別").unwrap().rows.is_empty());
    }

    #[test]
    fn carried_over_cases_count_in_the_case_tables_but_not_as_new() {
        let mut desk = Desk::new();
        // First seen in March (FY2023), back in April (FY2024).
        desk.case(
            &[
                (Dim::Age, &["20s"]),
                (Dim::Infringement, &["defamation", "illegal"]),
            ],
            &[
                (at(2024, 3, 31, 23, 50), &["advice"]),
                (at(2024, 4, 1, 0, 10), &["continuing", "information"]),
            ],
        );
        // New in April, no tags at all.
        desk.case(&[], &[(at(2024, 4, 2, 16, 0), &[])]);
        let report = desk.report(Period::fiscal_year("2024").unwrap());
        assert_eq!(
            report.totals,
            Totals {
                days_open: 2,
                new_cases: 1,
                cases: 2,
                contacts: 2,
                responses: 2,
                items: 0,
            }
        );
        let age = report.table("年代別").unwrap();
        assert_eq!(counts(age)[1], ("20代", 1));
        assert_eq!(counts(age)[6], ("不明", 1), "a case without an age is 不明");
        assert_eq!(age.total, 2);
        let harm = report.table("侵害種別").unwrap();
        assert_eq!(harm.total, 3, "重複あり: one case counts under two kinds");
        assert_eq!(counts(harm)[6], ("不明", 1));
        // The primary response only; the contact without one is 未記入.
        let response = report.table("対応別").unwrap();
        assert_eq!(counts(response)[7], ("継続", 1));
        assert_eq!(counts(response)[1], ("情報提供", 0));
        assert_eq!(response.rows.last().unwrap().label, "未記入");
        assert_eq!(response.total, report.totals.contacts);

        // The March contact belongs to FY2023, where the case was new.
        let before = desk.report(Period::fiscal_year("2023").unwrap());
        assert_eq!((before.totals.contacts, before.totals.new_cases), (1, 1));
    }

    #[test]
    fn days_open_come_from_the_schedule_when_there_is_one() {
        let mut desk = Desk::new();
        desk.case(&[], &[(at(2024, 5, 1, 16, 0), &["advice"])]);
        let period = Period::month("2024-05").unwrap();
        let mondays = |d: NaiveDate| d.format("%a").to_string() == "Mon";
        let context = ReportContext {
            open_on: Some(&mondays),
            ..ReportContext::new(jst())
        };
        let report = Report::build(&desk.store, period, &context).unwrap();
        assert_eq!(report.totals.days_open, 4, "May 2024 has four Mondays");
        assert_eq!(desk.report(period).totals.days_open, 1);
    }

    #[test]
    fn durations_give_count_mean_median_and_longest() {
        let mut histogram = BTreeMap::new();
        histogram.insert(60, 2);
        histogram.insert(120, 1);
        histogram.insert(600, 1);
        assert_eq!(
            duration_stats(&histogram),
            DurationStats {
                count: 4,
                mean_s: Some(210),
                median_s: Some(90),
                longest_s: Some(600),
            }
        );
        let mut desk = Desk::new();
        desk.case(&[], &[(at(2024, 5, 1, 16, 0), &["advice"])]);
        let report = desk.report(Period::month("2024-05").unwrap());
        assert_eq!(report.talk.median_s, Some(600));
        assert_eq!(report.wrap_up.longest_s, Some(120));
    }

    #[test]
    fn referral_ids_are_labelled_by_the_lookup_and_free_text_never_printed() {
        let mut desk = Desk::new();
        desk.case(&[], &[(at(2024, 5, 1, 16, 0), &["referral"])]);
        let contact: Vec<u8> = desk
            .store
            .connection()
            .query_row("SELECT id FROM contacts", [], |r| r.get(0))
            .unwrap();
        let refer = Change::set_referrals(
            Uuid::from_slice(&contact).unwrap(),
            &[
                "police_cyber".into(),
                "houterasu".into(),
                "山田弁護士 https://example.com".into(),
            ],
        );
        desk.store.commit("test", Utc::now(), &[refer]).unwrap();
        let period = Period::month("2024-05").unwrap();
        let raw = desk.report(period);
        assert_eq!(
            counts(raw.table("紹介先別").unwrap()),
            [("houterasu", 1), ("police_cyber", 1), ("その他", 1)]
        );
        let names = |id: &str| (id == "houterasu").then(|| "法テラス".to_string());
        let context = ReportContext {
            agency_label: Some(&names),
            ..ReportContext::new(jst())
        };
        let named = Report::build(&desk.store, period, &context).unwrap();
        assert_eq!(
            counts(named.table("紹介先別").unwrap()),
            [("法テラス", 1), ("その他", 2)]
        );
    }

    #[test]
    fn english_labels_come_from_the_taxonomy() {
        let desk = Desk::new();
        let context = ReportContext {
            lang: Lang::En,
            ..ReportContext::new(jst())
        };
        let report =
            Report::build(&desk.store, Period::month("2024-05").unwrap(), &context).unwrap();
        let channel = &report.tables[1];
        assert_eq!(channel.name, "By channel");
        assert_eq!(channel.rows[0].label, "Phone");
    }
}
