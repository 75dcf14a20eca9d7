//! Statistics in the desks' own table format: `soudan report` for a period, in the terminal,
//! CSV, Markdown, Excel or JSON.
//!
//! [`aggregate`] counts (SQL on the projections), [`format`] writes, [`period`] names the
//! days. [`run`] is the subcommand.

pub mod aggregate;
pub mod format;
pub mod national;
pub mod period;
pub mod suppress;

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use chrono::{FixedOffset, NaiveDate};
use clap::{ArgGroup, Args};

use crate::store::Store;

pub use crate::domain::ReportLayout;
pub use aggregate::{
    AgencyLabel, DurationStats, OpenOn, Report, ReportContext, ReportCoverage, Row, RowKind, Table,
    Totals, Unit,
};
pub use format::{Layout, OutputFormat, Suppression};
pub use period::{Half, Period, PeriodError, PeriodKind};

/// `soudan report`: one period, one format.
#[derive(Debug, Clone, Default, Args)]
#[command(group(
    ArgGroup::new("period")
        .required(true)
        .args(["fy", "half", "month", "from"])
))]
pub struct ReportArgs {
    /// A fiscal year, April to March: 2024 is 令和6年度
    #[arg(long, value_name = "YEAR")]
    pub fy: Option<String>,
    /// A fiscal half: 2024-H1 (April–September 2024) or 2024-H2 (October 2024–March 2025)
    #[arg(long, value_name = "YEAR-H1|H2")]
    pub half: Option<String>,
    /// A calendar month: 2024-05
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// The first day of the period (with --to)
    #[arg(long, value_name = "YYYY-MM-DD", requires = "to")]
    pub from: Option<String>,
    /// The last day of the period, included (with --from)
    #[arg(long, value_name = "YYYY-MM-DD", requires = "from")]
    pub to: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// Whose tables: the prefectural report's, or the national centre's per work item
    /// (default: `[report] layout` in config.toml, else prefectural)
    #[arg(long, value_enum)]
    pub layout: Option<ReportLayout>,
    /// Write to this file instead of stdout (needed for xlsx)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// For tables that leave the desk: print counts from 1 to N-1 as <N, and as x with the
    /// counts hidden with them where the total would give them away
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(2..))]
    pub suppress_below: Option<u64>,
}

impl ReportArgs {
    /// The period the flags name. Clap makes sure exactly one kind was given; this checks
    /// the values.
    pub fn period(&self) -> Result<Period, PeriodError> {
        match (&self.fy, &self.half, &self.month, &self.from, &self.to) {
            (Some(fy), ..) => Period::fiscal_year(fy),
            (_, Some(half), ..) => Period::fiscal_half(half),
            (_, _, Some(month), ..) => Period::month(month),
            (_, _, _, Some(from), Some(to)) => Period::range(from, to),
            _ => Err(PeriodError::Missing),
        }
    }
}

/// Runs `soudan report`: counts the period in `store` and writes it to `args.output` or
/// `out`. `open_on` is the desk's opening schedule, when the config has one (相談開設日数);
/// without it, the days with at least one contact count as open.
pub fn run(
    args: &ReportArgs,
    store: &Store,
    settings_offset: FixedOffset,
    open_on: Option<&dyn Fn(NaiveDate) -> bool>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let context = ReportContext {
        open_on,
        ..ReportContext::new(settings_offset)
    };
    run_with(args, store, &context, out)
}

/// [`run`] with everything a report can be told: referral agency names, another taxonomy,
/// English labels.
pub fn run_with(
    args: &ReportArgs,
    store: &Store,
    context: &ReportContext,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let period = args.period()?;
    if args.format == OutputFormat::Xlsx && args.output.is_none() {
        anyhow::bail!("--format xlsx writes a workbook: add --output FILE.xlsx");
    }
    let context = ReportContext {
        layout: args.layout.unwrap_or(context.layout),
        ..*context
    };
    let report = Report::build(store, period, &context)?;
    let suppression = Suppression {
        below: args.suppress_below,
    };
    match &args.output {
        Some(path) => {
            let file =
                std::fs::File::create(path).with_context(|| format!("{}", path.display()))?;
            let mut file = std::io::BufWriter::new(file);
            format::write(&report, args.format, suppression, &mut file)
                .with_context(|| format!("{}", path.display()))?;
        }
        None => format::write(&report, args.format, suppression, out)?,
    }
    Ok(())
}

/// Calls `f` with the context a desk's reports need: its offset, language and layout, its
/// opening schedule (相談開設日数) if the config has one, its referral agencies' names and its
/// national lists.
pub fn with_desk_context<T>(
    settings: &crate::config::Settings,
    directory: &crate::referral::Directory,
    national: &crate::national::National,
    f: impl FnOnce(&ReportContext) -> T,
) -> T {
    let open_on = settings
        .desk_schedule
        .as_ref()
        .map(|schedule| move |day| crate::referral::open_on(schedule, day));
    let lang = settings.lang;
    let agency = |id: &str| directory.get(id).map(|e| e.name(lang).to_string());
    let context = ReportContext {
        open_on: open_on.as_ref().map(|f| f as &dyn Fn(NaiveDate) -> bool),
        agency_label: Some(&agency),
        lang,
        layout: settings.report_layout,
        national: Some(national),
        ..ReportContext::new(settings.desk_offset)
    };
    f(&context)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        report: ReportArgs,
    }

    fn parse(args: &[&str]) -> Result<ReportArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("report").chain(args.iter().copied())).map(|c| c.report)
    }

    #[test]
    fn exactly_one_period_is_asked_for() {
        let args = parse(&["--half", "2024-H1", "--format", "json"]).unwrap();
        assert_eq!(
            args.period().unwrap().label(crate::domain::Lang::En),
            "FY2024 H1"
        );
        assert_eq!(args.format, OutputFormat::Json);
        assert!(parse(&[]).is_err(), "a period is required");
        assert!(parse(&["--fy", "2024", "--month", "2024-05"]).is_err());
        assert!(
            parse(&["--from", "2024-05-01"]).is_err(),
            "--from needs --to"
        );
        assert!(parse(&["--to", "2024-05-01"]).is_err(), "--to needs --from");
        assert!(parse(&["--fy", "2024", "--suppress-below", "1"]).is_err());
        let range = parse(&["--from", "2023-11-01", "--to", "2024-07-31"]).unwrap();
        assert_eq!(range.period().unwrap().days().count(), 274);
    }

    #[test]
    fn bad_periods_and_xlsx_without_a_file_are_errors_not_reports() {
        let store = Store::open_in_memory().unwrap();
        let jst = FixedOffset::east_opt(9 * 3600).unwrap();
        let mut out = Vec::new();
        let inverted = parse(&["--from", "2024-07-31", "--to", "2023-11-01"]).unwrap();
        let err = run(&inverted, &store, jst, None, &mut out).unwrap_err();
        assert!(err.to_string().contains("must not be after"), "{err}");
        let malformed = parse(&["--month", "2024-13"]).unwrap();
        let err = run(&malformed, &store, jst, None, &mut out).unwrap_err();
        assert!(err.to_string().contains("a month like 2024-05"), "{err}");
        let xlsx = parse(&["--fy", "2024", "--format", "xlsx"]).unwrap();
        let err = run(&xlsx, &store, jst, None, &mut out).unwrap_err();
        assert!(err.to_string().contains("--output"), "{err}");
        assert!(out.is_empty());
    }
}
