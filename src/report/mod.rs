//! Statistics in the desks' own table format: `soudan report` for a period, in the terminal,
//! CSV, Markdown, Excel or JSON.

pub mod aggregate;
pub mod period;

pub use aggregate::{
    AgencyLabel, DurationStats, OpenOn, Report, ReportContext, Row, Table, Totals, Unit,
};
pub use period::{Half, Period, PeriodError, PeriodKind};
