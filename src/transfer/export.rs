//! `soudan export`: every contact with its case's tags, in the order the calls started.
//!
//! Rows go to the writer as the store reads them ([`Store::for_each_export_row`]): nothing
//! is gathered first, so a million contacts take the memory of one.

use std::io::Write;

use chrono::{DateTime, FixedOffset, Utc};

use super::{BOM, COLUMNS, Format, JOIN, timestamp};
use crate::domain::{Dim, Lang, Taxonomy, WorkItem};
use crate::national::National;
use crate::referral::Directory;
use crate::store::{ContactRow, Store};

/// Where a row's cells go, in [`COLUMNS`] order. CSV joins lists with `|`; JSONL keeps them
/// as arrays and writes an empty text as null.
trait Cells {
    fn text(&mut self, text: &str) -> anyhow::Result<()>;
    fn list<'a>(&mut self, items: impl Iterator<Item = &'a str>) -> anyhow::Result<()>;
    fn number(&mut self, number: Option<i64>) -> anyhow::Result<()>;
    /// A contact's work items: JSONL writes them as `items` when there are any; CSV has
    /// them in rows of their own (`export --items`).
    fn items(&mut self, _items: &[ItemLabels]) -> anyhow::Result<()> {
        Ok(())
    }
    fn end_row(&mut self) -> anyhow::Result<()>;
}

/// A work item in labels, as JSONL holds it (and `import` reads it back).
#[derive(serde::Serialize)]
struct ItemLabels<'a> {
    urls: &'a [String],
    place: Option<&'a str>,
    service: Vec<String>,
    content: Vec<&'a str>,
    means: Vec<&'a str>,
}

impl<'a> ItemLabels<'a> {
    fn of(item: &'a WorkItem, national: &'a National) -> ItemLabels<'a> {
        let classification = &national.classification;
        ItemLabels {
            urls: &item.urls,
            place: item
                .place
                .as_deref()
                .map(|p| classification.place.label_of(p, Lang::Ja)),
            service: item
                .services
                .iter()
                .map(|s| national.services.label(s, Lang::Ja))
                .collect(),
            content: item
                .contents
                .iter()
                .map(|c| classification.content_label(c, Lang::Ja))
                .collect(),
            means: item
                .means
                .iter()
                .map(|m| classification.means.label_of(m, Lang::Ja))
                .collect(),
        }
    }
}

/// What a row's cells are made from besides the row: shared by every row.
struct Context<'a> {
    taxonomy: &'static Taxonomy,
    offset: FixedOffset,
    directory: &'a Directory,
    national: &'a National,
    /// Scratch for one cell, so that a row costs no allocation for its times and labels.
    scratch: String,
}

impl Context<'_> {
    fn write_row(&mut self, row: &ContactRow, cells: &mut impl Cells) -> anyhow::Result<()> {
        let (case, contact) = (&row.case, &row.contact);
        let taxonomy = self.taxonomy;
        cells.text(&case.number)?;
        cells.number(Some(row.ordinal as i64))?;
        self.time(cells, Some(contact.started_at))?;
        self.time(cells, contact.ended_at)?;
        cells.number(contact.talk_time().map(|d| d.num_seconds()))?;
        cells.text(&contact.counselor)?;
        self.one(cells, Dim::Channel, contact.tags.get(Dim::Channel))?;
        self.one(cells, Dim::Age, case.tags.get(Dim::Age))?;
        self.one(cells, Dim::Role, case.tags.get(Dim::Role))?;
        self.one(cells, Dim::Troubled, case.tags.get(Dim::Troubled))?;
        for (dim, codes) in [
            (Dim::Infringement, case.tags.get(Dim::Infringement)),
            (Dim::Platform, case.tags.get(Dim::Platform)),
            (Dim::Want, case.tags.get(Dim::Want)),
            (Dim::Response, contact.tags.get(Dim::Response)),
            (Dim::Risk, case.tags.get(Dim::Risk)),
        ] {
            cells.list(codes.iter().map(|c| taxonomy.label(dim, c, Lang::Ja)))?;
        }
        cells.text(&contact.notes)?;
        self.one(cells, Dim::Attribute, case.tags.get(Dim::Attribute))?;
        cells.list(contact.urls.iter().map(String::as_str))?;
        cells.list(contact.referrals.iter().map(String::as_str))?;
        self.time(cells, contact.closed_at)?;
        // In the desk's language, like the labels; a place the sheet no longer has keeps its id.
        let directory = self.directory;
        cells.list(
            contact
                .referrals
                .iter()
                .map(|id| directory.get(id).map_or(id.as_str(), |e| e.name(Lang::Ja))),
        )?;
        let national = self.national;
        let items: Vec<ItemLabels> = row
            .items
            .iter()
            .map(|item| ItemLabels::of(item, national))
            .collect();
        cells.items(&items)?;
        cells.end_row()
    }

    fn time(&mut self, cells: &mut impl Cells, at: Option<DateTime<Utc>>) -> anyhow::Result<()> {
        self.scratch.clear();
        if let Some(at) = at {
            timestamp::write(&mut self.scratch, at, self.offset);
        }
        cells.text(&self.scratch)
    }

    /// A single-choice dimension's label (its values' labels run together, as ever).
    fn one(&mut self, cells: &mut impl Cells, dim: Dim, codes: &[String]) -> anyhow::Result<()> {
        self.scratch.clear();
        for code in codes {
            self.scratch
                .push_str(self.taxonomy.label(dim, code, Lang::Ja));
        }
        cells.text(&self.scratch)
    }
}

struct CsvCells<W: Write> {
    writer: csv::Writer<W>,
    joined: String,
}

impl<W: Write> Cells for CsvCells<W> {
    fn text(&mut self, text: &str) -> anyhow::Result<()> {
        Ok(self.writer.write_field(text)?)
    }

    fn list<'a>(&mut self, items: impl Iterator<Item = &'a str>) -> anyhow::Result<()> {
        self.joined.clear();
        for (i, item) in items.enumerate() {
            if i > 0 {
                self.joined.push(JOIN);
            }
            self.joined.push_str(item);
        }
        Ok(self.writer.write_field(&self.joined)?)
    }

    fn number(&mut self, number: Option<i64>) -> anyhow::Result<()> {
        self.joined.clear();
        if let Some(n) = number {
            use std::fmt::Write as _;
            let _ = write!(self.joined, "{n}");
        }
        Ok(self.writer.write_field(&self.joined)?)
    }

    fn end_row(&mut self) -> anyhow::Result<()> {
        // An empty record after the fields ends the row.
        Ok(self.writer.write_record(None::<&[u8]>)?)
    }
}

/// One JSON object per line, keys in [`COLUMNS`] order, written as serde_json writes a
/// `Value` (the bytes of earlier releases).
struct JsonCells<W: Write> {
    out: W,
    column: usize,
}

impl<W: Write> JsonCells<W> {
    fn key(&mut self) -> anyhow::Result<()> {
        self.out
            .write_all(if self.column == 0 { b"{" } else { b"," })?;
        serde_json::to_writer(&mut self.out, COLUMNS[self.column])?;
        self.out.write_all(b":")?;
        self.column += 1;
        Ok(())
    }
}

impl<W: Write> Cells for JsonCells<W> {
    fn text(&mut self, text: &str) -> anyhow::Result<()> {
        self.key()?;
        if text.is_empty() {
            self.out.write_all(b"null")?;
        } else {
            serde_json::to_writer(&mut self.out, text)?;
        }
        Ok(())
    }

    fn list<'a>(&mut self, items: impl Iterator<Item = &'a str>) -> anyhow::Result<()> {
        self.key()?;
        self.out.write_all(b"[")?;
        for (i, item) in items.enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            serde_json::to_writer(&mut self.out, item)?;
        }
        self.out.write_all(b"]")?;
        Ok(())
    }

    fn number(&mut self, number: Option<i64>) -> anyhow::Result<()> {
        self.key()?;
        match number {
            Some(n) => write!(self.out, "{n}")?,
            None => self.out.write_all(b"null")?,
        }
        Ok(())
    }

    fn items(&mut self, items: &[ItemLabels]) -> anyhow::Result<()> {
        // Only where there are some: a contact without work items is written as before.
        if !items.is_empty() {
            self.out.write_all(b",\"items\":")?;
            serde_json::to_writer(&mut self.out, items)?;
        }
        Ok(())
    }

    fn end_row(&mut self) -> anyhow::Result<()> {
        self.out.write_all(b"}\n")?;
        self.column = 0;
        Ok(())
    }
}

/// What [`export_rows`] reads: a pass that hands each row to the visitor as it is read, as
/// [`Store::for_each_export_row`] does.
pub type Rows<'a> = &'a mut dyn FnMut(ContactRow) -> anyhow::Result<()>;

/// The desk's lists that name what export writes: referral places and the national
/// classification of work items.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    pub directory: &'a Directory,
    pub national: &'a National,
}

/// Writes every contact to `out`, with its referrals and work items by `names`; returns
/// how many. `out` is written as rows are read: give it a buffer.
pub fn export(
    store: &Store,
    format: Format,
    offset: FixedOffset,
    names: Names,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    export_rows(
        |visit| store.for_each_export_row(visit),
        format,
        offset,
        names,
        out,
    )
}

/// The columns of `export --items`: one row per work item, with its case and contact.
pub const ITEM_COLUMNS: [&str; 9] = [
    "case",
    "contact",
    "started_at",
    "item",
    "urls",
    "place",
    "service",
    "content",
    "means",
];

/// `soudan export --items`: a CSV row per work item (the national centre's unit of work),
/// in the order of the contacts, with the case and contact it belongs to. Returns how many.
pub fn export_items(
    store: &Store,
    offset: FixedOffset,
    national: &National,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    out.write_all(BOM.as_bytes())?;
    let mut writer = csv::Writer::from_writer(&mut *out);
    writer.write_record(ITEM_COLUMNS)?;
    let mut count = 0;
    let join = |values: &mut dyn Iterator<Item = String>| {
        values.collect::<Vec<_>>().join(&JOIN.to_string())
    };
    store.for_each_export_row(|row| {
        let mut started = String::new();
        timestamp::write(&mut started, row.contact.started_at, offset);
        for (n, item) in row.items.iter().enumerate() {
            count += 1;
            let labels = ItemLabels::of(item, national);
            writer.write_record([
                row.case.number.clone(),
                row.ordinal.to_string(),
                started.clone(),
                (n + 1).to_string(),
                labels.urls.join(&JOIN.to_string()),
                labels.place.unwrap_or_default().to_string(),
                join(&mut labels.service.into_iter()),
                join(&mut labels.content.into_iter().map(String::from)),
                join(&mut labels.means.into_iter().map(String::from)),
            ])?;
        }
        Ok(())
    })?;
    writer.flush()?;
    drop(writer);
    out.flush()?;
    Ok(count)
}

/// [`export`] from any pass over the rows, each written before the next is asked for.
pub fn export_rows(
    rows: impl FnOnce(Rows) -> anyhow::Result<()>,
    format: Format,
    offset: FixedOffset,
    names: Names,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    let mut context = Context {
        taxonomy: Taxonomy::builtin(),
        offset,
        directory: names.directory,
        national: names.national,
        scratch: String::new(),
    };
    let mut count = 0;
    match format {
        Format::Csv => {
            out.write_all(BOM.as_bytes())?;
            let mut cells = CsvCells {
                writer: csv::Writer::from_writer(&mut *out),
                joined: String::new(),
            };
            cells.writer.write_record(COLUMNS)?;
            rows(&mut |row| {
                count += 1;
                context.write_row(&row, &mut cells)
            })?;
            cells.writer.flush()?;
        }
        Format::Jsonl => {
            let mut cells = JsonCells {
                out: &mut *out,
                column: 0,
            };
            rows(&mut |row| {
                count += 1;
                context.write_row(&row, &mut cells)
            })?;
        }
    }
    out.flush()?;
    Ok(count)
}
