//! Getting records out (`soudan export`) and in (`soudan import`) as CSV or JSONL, with the
//! desks' labels. The same column names serve both directions and both formats.

mod encoding;
mod export;
mod import;
mod timestamp;

pub use encoding::TextEncoding;
pub use export::{ITEM_COLUMNS, Names, Rows, export, export_items, export_rows};
pub use import::{CallerKeySource, ImportError, ImportSummary, import, import_with_callers};

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

impl Format {
    /// The format a file's name suggests (import without --format).
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// The documented columns, in this order, then the ones soudan adds so that an export
/// imports back without loss.
pub const COLUMNS: [&str; 21] = [
    "case",
    "contact",
    "started_at",
    "ended_at",
    "duration_s",
    "counselor",
    "channel",
    "age",
    "role",
    "troubled",
    "infringement",
    "platform",
    "want",
    "response",
    "risk",
    "notes",
    // Added after the documented ones:
    "attribute",
    "urls",
    "referrals",
    "closed_at",
    // The referrals' names, for people reading the file. `referrals` keeps the ids, which is
    // what import reads; this column is accepted on import and not read, so an export
    // imports back unchanged however a desk renames its places.
    "referral_names",
];

/// Several values in one CSV cell.
pub const JOIN: char = '|';

/// UTF-8 byte order mark: Excel reads a CSV as UTF-8 only with it.
pub const BOM: &str = "\u{feff}";
