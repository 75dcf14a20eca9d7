//! `soudan export`: every contact with its case's tags, in the order the calls started.

use std::collections::HashMap;
use std::io::Write;

use chrono::FixedOffset;
use serde_json::{Map, Value};

use super::{BOM, COLUMNS, Format, JOIN, timestamp};
use crate::domain::{Dim, Lang, Taxonomy};
use crate::referral::Directory;
use crate::store::{ContactRow, Store};

/// A cell before it is written: CSV joins lists with `|`, JSONL keeps them as arrays.
enum Cell {
    Text(String),
    List(Vec<String>),
    Number(Option<i64>),
}

fn labels(taxonomy: &Taxonomy, dim: Dim, codes: &[String]) -> Vec<String> {
    codes
        .iter()
        .map(|c| taxonomy.label(dim, c, Lang::Ja).to_string())
        .collect()
}

fn cells(
    row: &ContactRow,
    ordinal: usize,
    offset: FixedOffset,
    directory: &Directory,
) -> Vec<Cell> {
    let taxonomy = Taxonomy::builtin();
    let (case, contact) = (&row.case, &row.contact);
    let one = |dim: Dim, codes: &[String]| Cell::Text(labels(taxonomy, dim, codes).join(""));
    let many = |dim: Dim, codes: &[String]| Cell::List(labels(taxonomy, dim, codes));
    let time = |at: Option<chrono::DateTime<chrono::Utc>>| {
        Cell::Text(at.map(|t| timestamp::write(t, offset)).unwrap_or_default())
    };
    vec![
        Cell::Text(case.number.clone()),
        Cell::Number(Some(ordinal as i64)),
        time(Some(contact.started_at)),
        time(contact.ended_at),
        Cell::Number(contact.talk_time().map(|d| d.num_seconds())),
        Cell::Text(contact.counselor.clone()),
        one(Dim::Channel, contact.tags.get(Dim::Channel)),
        one(Dim::Age, case.tags.get(Dim::Age)),
        one(Dim::Role, case.tags.get(Dim::Role)),
        one(Dim::Troubled, case.tags.get(Dim::Troubled)),
        many(Dim::Infringement, case.tags.get(Dim::Infringement)),
        many(Dim::Platform, case.tags.get(Dim::Platform)),
        many(Dim::Want, case.tags.get(Dim::Want)),
        many(Dim::Response, contact.tags.get(Dim::Response)),
        many(Dim::Risk, case.tags.get(Dim::Risk)),
        Cell::Text(contact.notes.clone()),
        one(Dim::Attribute, case.tags.get(Dim::Attribute)),
        Cell::List(contact.urls.clone()),
        Cell::List(contact.referrals.clone()),
        time(contact.closed_at),
        // In the desk's language, like the labels; a place the sheet no longer has keeps its id.
        Cell::List(
            contact
                .referrals
                .iter()
                .map(|id| directory.get(id).map_or(id.as_str(), |e| e.name(Lang::Ja)))
                .map(str::to_string)
                .collect(),
        ),
    ]
}

/// Writes every contact to `out`, naming referrals from `directory`; returns how many.
pub fn export(
    store: &Store,
    format: Format,
    offset: FixedOffset,
    directory: &Directory,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    let mut ordinals: HashMap<uuid::Uuid, usize> = HashMap::new();
    let mut count = 0;
    match format {
        Format::Csv => {
            out.write_all(BOM.as_bytes())?;
            let mut writer = csv::Writer::from_writer(&mut *out);
            writer.write_record(COLUMNS)?;
            store.for_each_contact(|row| {
                let ordinal = next_ordinal(&mut ordinals, &row);
                let record: Vec<String> = cells(&row, ordinal, offset, directory)
                    .into_iter()
                    .map(|cell| match cell {
                        Cell::Text(text) => text,
                        Cell::List(items) => items.join(&JOIN.to_string()),
                        Cell::Number(n) => n.map(|n| n.to_string()).unwrap_or_default(),
                    })
                    .collect();
                writer.write_record(&record)?;
                count += 1;
                Ok(())
            })?;
            writer.flush()?;
        }
        Format::Jsonl => {
            store.for_each_contact(|row| {
                let ordinal = next_ordinal(&mut ordinals, &row);
                let object: Map<String, Value> = COLUMNS
                    .iter()
                    .zip(cells(&row, ordinal, offset, directory))
                    .map(|(name, cell)| {
                        let value = match cell {
                            Cell::Text(text) if text.is_empty() => Value::Null,
                            Cell::Text(text) => Value::String(text),
                            Cell::List(items) => Value::from(items),
                            Cell::Number(n) => n.map_or(Value::Null, Value::from),
                        };
                        (name.to_string(), value)
                    })
                    .collect();
                serde_json::to_writer(&mut *out, &Value::Object(object))?;
                out.write_all(b"\n")?;
                count += 1;
                Ok(())
            })?;
        }
    }
    out.flush()?;
    Ok(count)
}

/// Contacts are numbered within their case, 1 for the first.
fn next_ordinal(ordinals: &mut HashMap<uuid::Uuid, usize>, row: &ContactRow) -> usize {
    let n = ordinals.entry(row.case.id).or_insert(0);
    *n += 1;
    *n
}
