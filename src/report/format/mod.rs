//! A report written out. The printed formats (terminal, CSV, Markdown, Excel) share one
//! layout, the prefectural report's: each table is a title, a row of labels and a row of
//! counts. JSON has its own stable shape (see [`json`]).
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

use super::aggregate::{DurationStats, Report, ReportCoverage, Unit};
use super::suppress::{self, Mark, Protected};
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

/// One printed table: a title, its labels, and one cell under each label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// The unit and 重複あり, as the desks print them beside the title.
    pub note: String,
    pub labels: Vec<String>,
    pub cells: Vec<Cell>,
    /// Said under the table: why some of its counts are `x`.
    pub footnote: Option<String>,
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
        let t = report.totals;
        let mut sections = vec![Section {
            title: lang.pick("実績", "Totals").into(),
            note: String::new(),
            labels: labels(
                lang,
                &[
                    ("相談開設日数", "Days open"),
                    ("新規受付件数", "New cases"),
                    ("延べ受付件数", "Contacts"),
                    ("延べ対応件数", "Responses"),
                ],
            ),
            // Days are not people: never suppressed.
            cells: vec![
                Cell::Count(t.days_open),
                suppression.cell(t.new_cases),
                suppression.cell(t.contacts),
                suppression.cell(t.responses),
            ],
            footnote: None,
        }];
        for table in &report.tables {
            let mut note = vec![match (table.unit, lang) {
                (Unit::Case, Lang::Ja) => "相談者単位",
                (Unit::Case, Lang::En) => "per case",
                (Unit::Contact, Lang::Ja) => "受付単位",
                (Unit::Contact, Lang::En) => "per contact",
            }];
            if table.multi {
                note.push(lang.pick("重複あり", "several per unit"));
            }
            note.extend(table.note.as_deref());
            let mut labels: Vec<String> = table.rows.iter().map(|r| r.label.clone()).collect();
            labels.push(lang.pick("合計", "Total").into());
            let counts: Vec<u64> = table.rows.iter().map(|r| r.count).collect();
            let protected = suppression.table(&counts);
            let mut cells: Vec<Cell> = counts
                .iter()
                .zip(&protected.rows)
                .map(|(&count, &mark)| suppression.marked(count, mark))
                .collect();
            cells.push(suppression.marked(table.total, protected.total));
            sections.push(Section {
                title: table.name.clone(),
                note: note.join(lang.pick("・", ", ")),
                labels,
                cells,
                footnote: protected
                    .secondary()
                    .then(|| secondary_footnote(lang, suppression.below.unwrap_or(0))),
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
            title: format!(
                "{} {}",
                lang.pick("相談実績", "Consultations"),
                report.period
            ),
            captions,
            sections,
        }
    }
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
        footnote: None,
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
