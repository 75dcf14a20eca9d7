//! A report written out. The printed formats (terminal, CSV, Markdown, Excel) share one
//! [`Layout`]: in the prefectural report each table is a title, a row of labels and a row of
//! counts; the national centre's tables run down the page, a row per label with its count
//! (and share), as its 図表 do. JSON has its own stable shape (see [`json`]).
//!
//! Only labels and numbers ever reach a format: the report never reads note text, URLs or
//! counselor names, so none can leak into a table that leaves the desk.

mod csv;
mod json;
mod markdown;
mod table;
mod xlsx;

use std::io::Write;

use clap::ValueEnum;

use super::aggregate::{DurationStats, Report, ReportCoverage, RowKind, Table, Unit};
use super::suppress::{self, Mark, Protected};
use crate::domain::ReportLayout;
use crate::domain::{Lang, format_duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// Aligned text for the terminal
    #[default]
    Table,
    /// UTF-8 with a BOM (Excel), the printed tables' layout
    Csv,
    /// Markdown tables
    Md,
    /// An Excel workbook (needs --output)
    Xlsx,
    /// The stable JSON shape for scripts
    Json,
}

/// Publication safety: counts from 1 to `below - 1` are shown as `<below`, so a small group
/// of people cannot be picked out of a table that leaves the desk. Zero stays zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Suppression {
    pub below: Option<u64>,
}

impl Suppression {
    pub fn hides(&self, count: u64) -> bool {
        self.below.is_some_and(|below| (1..below).contains(&count))
    }

    fn cell(&self, count: u64) -> Cell {
        match self.below {
            Some(below) if self.hides(count) => Cell::Suppressed(below),
            _ => Cell::Count(count),
        }
    }

    /// The marks of a table whose 合計 is the sum of `rows`: the small counts, and the
    /// counts hidden with them so that none can be worked out (see [`suppress`]).
    pub fn table(&self, rows: &[u64]) -> Protected {
        match self.below {
            Some(below) => suppress::protect(rows, below),
            None => Protected {
                rows: vec![Mark::Shown; rows.len()],
                total: Mark::Shown,
            },
        }
    }

    fn marked(&self, count: u64, mark: Mark) -> Cell {
        match (mark, self.below) {
            (Mark::Below, Some(below)) => Cell::Suppressed(below),
            (Mark::Hidden, _) => Cell::Hidden,
            _ => Cell::Count(count),
        }
    }
}

/// One value of a printed table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Count(u64),
    /// A count too small to publish: shown as `<N`.
    Suppressed(u64),
    /// Hidden so that no small count can be worked out from the others: shown as `x`.
    Hidden,
    /// A duration or a dash.
    Text(String),
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Count(n) => write!(f, "{n}"),
            Cell::Suppressed(below) => write!(f, "<{below}"),
            Cell::Hidden => f.write_str("x"),
            Cell::Text(text) => f.write_str(text),
        }
    }
}

/// One printed table: a title and its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// The unit and 重複あり, as the desks print them beside the title.
    pub note: String,
    pub body: Body,
    /// Said under the table: why some of its counts are `x`, the centre's 注.
    pub footnotes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Its labels, and one cell under each label (the prefectural report).
    Across {
        labels: Vec<String>,
        cells: Vec<Cell>,
    },
    /// A line per row (the national centre's 図表): the column headings, then each row's
    /// label, count and, where the table has them, share.
    Down {
        headings: Vec<String>,
        rows: Vec<DownRow>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownRow {
    pub label: String,
    /// Printed indented, under the （合計） row before it.
    pub nested: bool,
    pub count: Cell,
    /// "11.8%"; None where the table has no shares.
    pub share: Option<String>,
}

impl DownRow {
    /// The label as printed: indented with a full-width space when nested.
    pub fn printed_label(&self) -> String {
        if self.nested {
            format!("\u{3000}{}", self.label)
        } else {
            self.label.clone()
        }
    }
}

impl Body {
    /// Every line of the body, headings or labels first, as cells (labels as text).
    pub fn cell_lines(&self) -> Vec<Vec<Cell>> {
        let texts = |texts: &[String]| texts.iter().cloned().map(Cell::Text).collect();
        match self {
            Body::Across { labels, cells } => vec![texts(labels), cells.clone()],
            Body::Down { headings, rows } => std::iter::once(texts(headings))
                .chain(rows.iter().map(|row| {
                    let mut line = vec![Cell::Text(row.printed_label()), row.count.clone()];
                    line.extend(row.share.clone().map(Cell::Text));
                    line
                }))
                .collect(),
        }
    }

    /// Every line of the body as printed text.
    pub fn lines(&self) -> Vec<Vec<String>> {
        self.cell_lines()
            .iter()
            .map(|line| line.iter().map(ToString::to_string).collect())
            .collect()
    }
}

impl Section {
    /// "年代別（相談者単位）"
    pub fn heading(&self, lang: Lang) -> String {
        if self.note.is_empty() {
            self.title.clone()
        } else {
            match lang {
                Lang::Ja => format!("{}（{}）", self.title, self.note),
                Lang::En => format!("{} ({})", self.title, self.note),
            }
        }
    }
}

/// The whole printed report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub lang: Lang,
    /// "相談実績 令和5年11月1日～令和6年7月31日 (2023-11-01 – 2024-07-31)"
    pub title: String,
    /// Said under the title: how counts are suppressed, whose data is counted.
    pub captions: Vec<String>,
    pub sections: Vec<Section>,
}

impl Layout {
    pub fn new(report: &Report, suppression: Suppression) -> Layout {
        let lang = report.lang;
        let (title, sections) = match report.layout {
            ReportLayout::Prefectural => (
                lang.pick("相談実績", "Consultations"),
                prefectural_sections(report, suppression),
            ),
            ReportLayout::National => (
                lang.pick(
                    "相談実績（全国センター様式）",
                    "Consultations (national centre's tables)",
                ),
                national_sections(report, suppression),
            ),
        };
        let mut captions: Vec<String> = suppression
            .below
            .filter(|b| *b > 1)
            .map(|below| match lang {
                Lang::Ja => format!("1～{}件の値は「<{below}」と表示", below - 1),
                Lang::En => format!("counts from 1 to {} are shown as <{below}", below - 1),
            })
            .into_iter()
            .collect();
        if let Some(coverage) = &report.coverage {
            captions.extend(coverage_lines(coverage, lang, suppression));
        }
        Layout {
            lang,
            title: format!("{title} {}", report.period),
            captions,
            sections,
        }
    }
}

/// 実績: the headline numbers, across.
fn totals_section(lang: Lang, names: &[(&str, &str)], cells: Vec<Cell>) -> Section {
    Section {
        title: lang.pick("実績", "Totals").into(),
        note: String::new(),
        body: Body::Across {
            labels: labels(lang, names),
            cells,
        },
        footnotes: Vec::new(),
    }
}

/// The prefectural report: 実績, each table across, then the durations.
fn prefectural_sections(report: &Report, suppression: Suppression) -> Vec<Section> {
    let lang = report.lang;
    let t = report.totals;
    let mut sections = vec![totals_section(
        lang,
        &[
            ("相談開設日数", "Days open"),
            ("新規受付件数", "New cases"),
            ("延べ受付件数", "Contacts"),
            ("延べ対応件数", "Responses"),
        ],
        // Days are not people: never suppressed.
        vec![
            Cell::Count(t.days_open),
            suppression.cell(t.new_cases),
            suppression.cell(t.contacts),
            suppression.cell(t.responses),
        ],
    )];
    for table in &report.tables {
        let mut labels: Vec<String> = table.rows.iter().map(|r| r.label.clone()).collect();
        labels.push(lang.pick("合計", "Total").into());
        let protected = table_marks(table, suppression);
        let mut cells: Vec<Cell> = table
            .rows
            .iter()
            .zip(&protected.rows)
            .map(|(row, &mark)| suppression.marked(row.count, mark))
            .collect();
        cells.push(suppression.marked(table.total, protected.total));
        sections.push(Section {
            title: table.name.clone(),
            note: unit_note(table, report.layout, lang),
            body: Body::Across { labels, cells },
            footnotes: protected
                .secondary()
                .then(|| secondary_footnote(lang, suppression.below.unwrap_or(0)))
                .into_iter()
                .collect(),
        });
    }
    for (stats, ja, en) in [
        (&report.talk, "通話時間", "Talk time"),
        (&report.wrap_up, "後処理時間", "Wrap-up time"),
    ] {
        sections.push(duration_section(
            stats,
            lang.pick(ja, en),
            lang,
            suppression,
        ));
    }
    sections
}

/// The national centre's: 相談者数・受付件数・作業件数 (図表3), then each table down the page.
fn national_sections(report: &Report, suppression: Suppression) -> Vec<Section> {
    let lang = report.lang;
    let t = report.totals;
    let mut sections = vec![totals_section(
        lang,
        &[
            ("相談者数", "People"),
            ("受付件数", "Contacts"),
            ("作業件数", "Work items"),
        ],
        vec![
            suppression.cell(t.cases),
            suppression.cell(t.contacts),
            suppression.cell(t.items),
        ],
    )];
    for table in &report.tables {
        let marks = table_marks(table, suppression);
        let share = |count: u64, cell: &Cell| {
            table.shares.then(|| match cell {
                Cell::Count(_) if table.total > 0 => {
                    format!("{:.1}%", count as f64 * 100.0 / table.total as f64)
                }
                _ => "-".to_string(),
            })
        };
        let mut rows: Vec<DownRow> = table
            .rows
            .iter()
            .zip(&marks.rows)
            .map(|(row, &mark)| {
                let count = suppression.marked(row.count, mark);
                DownRow {
                    label: row.label.clone(),
                    nested: row.kind == RowKind::Nested,
                    share: share(row.count, &count),
                    count,
                }
            })
            .collect();
        let total = suppression.marked(table.total, marks.total);
        rows.push(DownRow {
            label: lang.pick("合計", "Total").into(),
            nested: false,
            share: share(table.total, &total),
            count: total,
        });
        let mut headings = vec![
            if table.shares {
                lang.pick("事業者名/サービス名等", "Operator / service")
            } else {
                lang.pick("項目", "Item")
            }
            .to_string(),
            lang.pick("件数", "Count").to_string(),
        ];
        if table.shares {
            headings.push(lang.pick("割合", "Share").into());
        }
        let mut footnotes: Vec<String> = marks
            .secondary()
            .then(|| secondary_footnote(lang, suppression.below.unwrap_or(0)))
            .into_iter()
            .collect();
        footnotes.extend(table.footnotes.iter().cloned());
        sections.push(Section {
            title: table.name.clone(),
            note: unit_note(table, report.layout, lang),
            body: Body::Down { headings, rows },
            footnotes,
        });
    }
    sections
}

/// The suppression marks of a table: its own counts protected (see [`suppress`]); a
/// （合計）/（計） row of the national tables is shown only when every count of the table
/// is, since it could otherwise give a hidden one away.
pub(super) fn table_marks(table: &Table, suppression: Suppression) -> Protected {
    let own: Vec<(usize, u64)> = table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind != RowKind::Subtotal)
        .map(|(at, r)| (at, r.count))
        .collect();
    let counts: Vec<u64> = own.iter().map(|(_, n)| *n).collect();
    let protected = suppression.table(&counts);
    let all_shown = protected.rows.iter().all(|m| *m == Mark::Shown);
    let mut rows: Vec<Mark> = table
        .rows
        .iter()
        .map(|r| match r.kind {
            RowKind::Subtotal if suppression.hides(r.count) => Mark::Below,
            RowKind::Subtotal if !all_shown => Mark::Hidden,
            _ => Mark::Shown,
        })
        .collect();
    for ((at, _), mark) in own.iter().zip(&protected.rows) {
        rows[*at] = *mark;
    }
    Protected {
        rows,
        total: protected.total,
    }
}

/// "相談者単位・重複あり": the unit as each desk says it, and what else the reader must know.
fn unit_note(table: &Table, layout: ReportLayout, lang: Lang) -> String {
    let national = layout == ReportLayout::National;
    let mut note = vec![match (table.unit, lang) {
        (Unit::Case, Lang::Ja) if national => "相談者数ベース",
        (Unit::Case, Lang::Ja) => "相談者単位",
        (Unit::Case, Lang::En) if national => "per person",
        (Unit::Case, Lang::En) => "per case",
        (Unit::Contact, Lang::Ja) => "受付単位",
        (Unit::Contact, Lang::En) => "per contact",
        (Unit::Item, Lang::Ja) => "作業件数ベース",
        (Unit::Item, Lang::En) => "per work item",
    }];
    if table.multi {
        note.push(lang.pick("重複あり", "several per unit"));
    }
    note.extend(table.note.as_deref());
    note.join(lang.pick("・", ", "))
}

/// Which workstations' contacts are counted, and how recent each one's data here is: a
/// heading, then one short line per workstation (fits 80 columns).
fn coverage_lines(coverage: &ReportCoverage, lang: Lang, suppression: Suppression) -> Vec<String> {
    let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map_or_else(
            || "-".to_string(),
            |at| {
                at.with_timezone(&coverage.offset)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            },
        )
    };
    let mut lines = vec![match (lang, coverage.last_sync) {
        (Lang::Ja, Some(at)) => format!("集計対象の端末（この端末の最終同期 {}）", when(Some(at))),
        (Lang::Ja, None) => "集計対象の端末（この端末は未同期）".to_string(),
        (Lang::En, Some(at)) => format!(
            "Workstations counted (this one last synced {})",
            when(Some(at))
        ),
        (Lang::En, None) => "Workstations counted (this one never synced)".to_string(),
    }];
    for ws in &coverage.workstations {
        let name = ws
            .station
            .clone()
            .unwrap_or_else(|| ws.workstation.simple().to_string()[..8].to_string());
        let contacts = suppression.cell(ws.contacts);
        lines.push(match (lang, ws.this) {
            (Lang::Ja, true) => format!("  {name}（この端末） 受付{contacts}件"),
            (Lang::Ja, false) => format!(
                "  {name} 受付{contacts}件（{} までの記録）",
                when(ws.newest_change)
            ),
            (Lang::En, true) => format!("  {name} (this one): {contacts} contacts"),
            (Lang::En, false) => format!(
                "  {name}: {contacts} contacts (changes up to {})",
                when(ws.newest_change)
            ),
        });
    }
    lines
}

/// Each (ja, en) pair in the report's language.
fn labels(lang: Lang, pairs: &[(&str, &str)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(ja, en)| lang.pick(ja, en).to_string())
        .collect()
}

fn duration_section(
    stats: &DurationStats,
    title: &str,
    lang: Lang,
    suppression: Suppression,
) -> Section {
    let hidden = suppression.hides(stats.count);
    let time = |seconds: Option<i64>| match seconds {
        Some(s) if !hidden => Cell::Text(format_duration(chrono::Duration::seconds(s))),
        _ => Cell::Text("-".into()),
    };
    Section {
        title: title.to_string(),
        note: lang.pick("受付単位", "per contact").into(),
        body: Body::Across {
            labels: labels(
                lang,
                &[
                    ("件数", "Count"),
                    ("平均", "Mean"),
                    ("中央値", "Median"),
                    ("最長", "Longest"),
                ],
            ),
            cells: vec![
                suppression.cell(stats.count),
                time(stats.mean_s),
                time(stats.median_s),
                time(stats.longest_s),
            ],
        },
        footnotes: Vec::new(),
    }
}

/// Under a table with `x`: what it hides and why (one line of a terminal).
fn secondary_footnote(lang: Lang, below: u64) -> String {
    let most = below.saturating_sub(1);
    match lang {
        Lang::Ja => {
            format!("x は1～{most}件の値と、それが差し引きで分からないよう伏せた値（二次秘匿）")
        }
        Lang::En => format!(
            "x: counts of 1-{most}, and counts hidden so none can be worked out by subtraction"
        ),
    }
}

/// Writes `report` in `format` to `out`. Excel is binary: the caller sends it to a file.
pub fn write(
    report: &Report,
    format: OutputFormat,
    suppression: Suppression,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => json::write(report, suppression, out)?,
        OutputFormat::Table => table::write(&Layout::new(report, suppression), out)?,
        OutputFormat::Csv => csv::write(&Layout::new(report, suppression), out)?,
        OutputFormat::Md => markdown::write(&Layout::new(report, suppression), out)?,
        OutputFormat::Xlsx => xlsx::write(&Layout::new(report, suppression), out)?,
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suppression_hides_small_counts_but_not_zero() {
        let s = Suppression { below: Some(5) };
        assert_eq!(s.cell(0).to_string(), "0");
        assert_eq!(s.cell(1).to_string(), "<5");
        assert_eq!(s.cell(4).to_string(), "<5");
        assert_eq!(s.cell(5).to_string(), "5");
        assert_eq!(Suppression::default().cell(1).to_string(), "1");
    }
}
