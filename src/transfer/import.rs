//! `soudan import FILE`: contacts from a CSV (a desk's spreadsheet log, or an export) or
//! JSONL file. Every row is checked before anything is written; the first bad one stops the
//! import with its row and column, and the database is left as it was.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::encoding::{self, TextEncoding};
use super::{COLUMNS, Format, JOIN, timestamp};
use crate::config::Settings;
use crate::diag::Diagnostic;
use crate::domain::{
    CaseField, Change, ContactField, Dim, OpKind, TagOption, Taxonomy, WorkItem, format_utc,
};
use crate::national::National;
use crate::privacy::caller::CallerKey;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    // The I/O error is part of the message, not a source: a reporter that prints the chain
    // would say it twice.
    #[error("{path}: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("{0}")]
    Bad(Diagnostic),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// What the file's bytes were read as.
    pub encoding: TextEncoding,
    pub contacts: usize,
    pub new_cases: usize,
    pub existing_cases: usize,
}

/// A value as the file held it, before it is checked.
enum Raw {
    Text(String),
    List(Vec<String>),
    /// The work items of a JSONL line.
    Items(Vec<RawItem>),
}

/// A work item (作業) as a JSONL line holds it, in labels as the export writes them.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    #[serde(default)]
    urls: Vec<String>,
    place: Option<String>,
    /// Left out: taken from the URLs.
    service: Option<Vec<String>>,
    #[serde(default)]
    content: Vec<String>,
    #[serde(default)]
    means: Vec<String>,
}

/// Where a value was: the row (CSV: the spreadsheet row, header = 1; JSONL: the line) and
/// the column (CSV: the column number; JSONL: the character where the field starts).
#[derive(Clone, Copy)]
struct Place {
    row: usize,
    column: usize,
}

struct Fields {
    row: usize,
    values: HashMap<&'static str, (Raw, Place)>,
}

/// One contact read from the file, checked.
struct Imported {
    row: usize,
    case_number: Option<String>,
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    counselor: Option<String>,
    contact_values: Vec<(ContactField, Value)>,
    case_tags: Vec<(Dim, Vec<String>)>,
    started_place: Place,
    /// The caller's keyed hash, once [`hash_callers`] has replaced what the file said.
    caller: Option<(String, Place)>,
    /// Its work items, in codes (ids are given when planned).
    items: Vec<WorkItem>,
}

pub fn import(
    store: &mut Store,
    path: &Path,
    format: Format,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<ImportSummary, ImportError> {
    let no_key = || Err("this soudan was not given the desk's caller key".to_string());
    let national = National::builtin();
    import_with_callers(store, path, format, settings, &national, now, &no_key)
}

/// The desk's caller key, asked for only when the file has a caller in it.
pub type CallerKeySource<'a> = &'a dyn Fn() -> Result<CallerKey, String>;

/// [`import`], with the desk's national lists (work items' labels) and the key a `caller`
/// column is hashed with.
pub fn import_with_callers(
    store: &mut Store,
    path: &Path,
    format: Format,
    settings: &Settings,
    national: &National,
    now: DateTime<Utc>,
    caller_key: CallerKeySource,
) -> Result<ImportSummary, ImportError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| ImportError::Read {
        path: name.clone(),
        error,
    })?;
    let (text, encoding) = encoding::decode(&bytes).map_err(|e| {
        ImportError::Bad(crate::diag::not_utf8(
            &name,
            e.as_bytes(),
            e.utf8_error(),
            "neither UTF-8 nor Shift_JIS (CP932) text: save the file as CSV UTF-8",
        ))
    })?;
    // Mojibake in a message is easier to understand knowing how the file was read.
    let read_as = match encoding {
        TextEncoding::ShiftJis => format!(" (the file was read as {encoding})"),
        _ => String::new(),
    };
    let bad = |place: Place, message: String| {
        ImportError::Bad(Diagnostic {
            file: name.clone(),
            line: place.row,
            column: place.column,
            message: format!("{message}{read_as}"),
        })
    };
    let rows = match format {
        Format::Csv => read_csv(&text).map_err(|(p, m)| bad(p, m))?,
        Format::Jsonl => read_jsonl(&text).map_err(|(p, m)| bad(p, m))?,
    };
    let mut contacts = Vec::with_capacity(rows.len());
    for fields in rows {
        contacts.push(check(fields, settings, national).map_err(|(p, m)| bad(p, m))?);
    }
    hash_callers(&mut contacts, caller_key).map_err(|(p, m)| bad(p, m))?;
    let (changes, summary, max_seq) =
        plan(store, contacts, settings, encoding).map_err(|(p, m)| bad(p, m))?;
    store.commit_import(&settings.counselor, now, &changes, max_seq)?;
    Ok(summary)
}

type Located<T> = Result<T, (Place, String)>;

/// Replaces each caller the file names by its keyed hash, before anything is planned: the
/// identifier goes no further than this.
fn hash_callers(contacts: &mut [Imported], caller_key: CallerKeySource) -> Located<()> {
    let Some(first) = contacts
        .iter()
        .find_map(|c| c.caller.as_ref().map(|(_, p)| *p))
    else {
        return Ok(());
    };
    let key = caller_key().map_err(|e| (first, format!("the caller column: {e}")))?;
    for contact in contacts {
        if let Some((identifier, _)) = contact.caller.as_mut() {
            *identifier = key.hash(identifier);
        }
    }
    Ok(())
}

/// Read on import, never written by export: the caller's number, e-mail or LINE name, kept
/// only as the desk's keyed hash (src/privacy/caller.rs).
const CALLER: &str = "caller";
/// A JSONL line's work items: `[{"urls", "place", "service", "content", "means"}]`.
const ITEMS: &str = "items";

fn column_of(name: &str) -> Option<&'static str> {
    COLUMNS
        .iter()
        .chain(&[CALLER, ITEMS])
        .copied()
        .find(|c| *c == name.trim())
}

fn read_csv(text: &str) -> Located<Vec<Fields>> {
    check_quotes(text)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| csv_error(&e, 1))?.clone();
    let mut columns = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let place = Place {
            row: 1,
            column: i + 1,
        };
        let Some(column) = column_of(name) else {
            return Err((
                place,
                format!(
                    "unknown column `{name}` (columns: {},{CALLER})",
                    COLUMNS.join(",")
                ),
            ));
        };
        if column == ITEMS {
            return Err((
                place,
                "work items are read from JSONL (`\"items\": [{…}]`), not from a CSV column".into(),
            ));
        }
        if columns.contains(&column) {
            return Err((place, format!("column `{name}` appears twice")));
        }
        columns.push(column);
    }
    if !columns.contains(&"started_at") {
        return Err((
            Place { row: 1, column: 1 },
            "the header has no `started_at` column".into(),
        ));
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = record.map_err(|e| csv_error(&e, row))?;
        let mut values = HashMap::new();
        for (i, cell) in record.iter().enumerate() {
            let place = Place { row, column: i + 1 };
            values.insert(columns[i], (Raw::Text(cell.to_string()), place));
        }
        rows.push(Fields { row, values });
    }
    Ok(rows)
}

/// Refuses a quote that does not close where a CSV quote must: the csv reader would take
/// everything up to the next quote, later rows included, as one cell, or the rest of the
/// file at its end. Rows are counted as the reader counts records (blank lines skipped),
/// columns as field numbers.
fn check_quotes(text: &str) -> Located<()> {
    let mut place = Place { row: 1, column: 1 };
    let mut opened = None;
    let mut field_start = true;
    let mut line_empty = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(at) = opened {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    continue;
                }
                opened = None;
                if !matches!(chars.peek(), None | Some(',' | '\r' | '\n')) {
                    return Err((
                        at,
                        "the quote opened here closes before the end of its cell (write a quote inside a quoted cell as \"\")".into(),
                    ));
                }
            }
            continue;
        }
        match c {
            '"' if field_start => {
                opened = Some(place);
                field_start = false;
                line_empty = false;
            }
            ',' => {
                place.column += 1;
                field_start = true;
                line_empty = false;
            }
            '\r' | '\n' => {
                if !line_empty {
                    place.row += 1;
                }
                place.column = 1;
                field_start = true;
                line_empty = true;
            }
            _ => {
                field_start = false;
                line_empty = false;
            }
        }
    }
    match opened {
        Some(at) => Err((
            at,
            "the quote opened here is never closed: the rest of the file would be one cell".into(),
        )),
        None => Ok(()),
    }
}

fn csv_error(error: &csv::Error, row: usize) -> (Place, String) {
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields, the header has {expected_len}"),
        _ => error.to_string(),
    };
    (Place { row, column: 1 }, message)
}

fn read_jsonl(text: &str) -> Located<Vec<Fields>> {
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let row = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let object = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                return Err((
                    Place { row, column: 1 },
                    "each line must be a JSON object".into(),
                ));
            }
            Err(e) => {
                return Err((
                    Place {
                        row,
                        column: e.column(),
                    },
                    format!("invalid JSON: {e}"),
                ));
            }
        };
        let mut values = HashMap::new();
        for (key, value) in object {
            // The column of a field is where its name stands in the line.
            let at = line
                .find(&format!("\"{key}\""))
                .map_or(1, |byte| line[..byte].chars().count() + 1);
            let place = Place { row, column: at };
            let Some(column) = column_of(&key) else {
                return Err((place, format!("unknown field `{key}`")));
            };
            let raw = match value {
                items if column == ITEMS => Raw::Items(
                    serde_json::from_value(items).map_err(|e| (place, format!("`items`: {e}")))?,
                ),
                Value::Null => Raw::Text(String::new()),
                Value::String(s) => Raw::Text(s),
                Value::Number(n) => Raw::Text(n.to_string()),
                Value::Array(items) => Raw::List(
                    items
                        .into_iter()
                        .map(|v| match v {
                            Value::String(s) => Ok(s),
                            other => Err((place, format!("`{key}` must hold text, found {other}"))),
                        })
                        .collect::<Result<_, _>>()?,
                ),
                other => {
                    return Err((
                        place,
                        format!("`{key}` must be text or a list, found {other}"),
                    ));
                }
            };
            values.insert(column, (raw, place));
        }
        if !values.contains_key("started_at") {
            return Err((Place { row, column: 1 }, "no `started_at`".into()));
        }
        rows.push(Fields { row, values });
    }
    Ok(rows)
}

impl Fields {
    fn text(&self, column: &str) -> Option<(String, Place)> {
        let (raw, place) = self.values.get(column)?;
        let text = match raw {
            Raw::Text(t) => t.trim().to_string(),
            Raw::List(items) => items.join(&JOIN.to_string()),
            Raw::Items(_) => String::new(),
        };
        (!text.is_empty()).then_some((text, *place))
    }

    fn list(&self, column: &str) -> (Vec<String>, Place) {
        let Some((raw, place)) = self.values.get(column) else {
            return (
                Vec::new(),
                Place {
                    row: self.row,
                    column: 1,
                },
            );
        };
        let items = match raw {
            Raw::Text(t) => t.split(JOIN).map(str::to_string).collect(),
            Raw::List(items) => items.clone(),
            Raw::Items(_) => Vec::new(),
        };
        let items = items
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        (items, *place)
    }
}

fn tag_codes(dim: Dim, fields: &Fields) -> Located<Vec<String>> {
    let taxonomy = Taxonomy::builtin();
    let (written, place) = fields.list(dim.key());
    if !dim.is_multi() && written.len() > 1 {
        return Err((
            place,
            format!("`{}` takes one value, found {}", dim.key(), written.len()),
        ));
    }
    written
        .iter()
        .map(|w| {
            taxonomy
                .lookup(dim, w)
                .map(|o| o.code.clone())
                .ok_or_else(|| {
                    let spec = taxonomy.spec(dim);
                    let known: Vec<_> = spec.options.iter().map(|o| o.ja.as_str()).collect();
                    (
                        place,
                        format!("unknown {} `{w}` (one of: {})", spec.ja, known.join(", ")),
                    )
                })
        })
        .collect()
}

fn time(fields: &Fields, column: &str, settings: &Settings) -> Located<Option<DateTime<Utc>>> {
    match fields.text(column) {
        None => Ok(None),
        Some((text, place)) => timestamp::read(&text, settings.desk_offset)
            .map(Some)
            .ok_or_else(|| {
                (
                    place,
                    format!(
                        "`{text}` is not a time like 2024-05-01T14:00:00+09:00 or 2024-05-01 14:00"
                    ),
                )
            }),
    }
}

/// A JSONL line's work items in codes: each label looked up in the desk's lists, the
/// services taken from the URLs where the line leaves them out.
fn work_items(fields: &Fields, national: &National) -> Located<Vec<WorkItem>> {
    let Some((Raw::Items(raw), place)) = fields.values.get(ITEMS) else {
        return Ok(Vec::new());
    };
    let classification = &national.classification;
    raw.iter()
        .enumerate()
        .map(|(n, raw)| {
            let at = |message: String| (*place, format!("items[{n}]: {message}"));
            let unknown = |what: &str, written: &str, options: &[TagOption]| {
                let known: Vec<&str> = options.iter().map(|o| o.ja.as_str()).collect();
                at(format!(
                    "unknown {what} `{written}` (one of: {})",
                    known.join(", ")
                ))
            };
            let mut item = WorkItem {
                urls: raw.urls.clone(),
                ..WorkItem::default()
            };
            for written in &raw.content {
                let content = classification.lookup_content(written).ok_or_else(|| {
                    let options: Vec<TagOption> = classification
                        .content
                        .options
                        .iter()
                        .map(|c| c.tag.clone())
                        .collect();
                    unknown(&classification.content.ja, written, &options)
                })?;
                item.contents.push(content.tag.code.clone());
            }
            for written in &raw.means {
                let means = classification.lookup_means(written).ok_or_else(|| {
                    unknown(
                        &classification.means.ja,
                        written,
                        &classification.means.options,
                    )
                })?;
                item.means.push(means.code.clone());
            }
            if let Some(written) = &raw.place {
                let place = classification.lookup_place(written).ok_or_else(|| {
                    unknown(
                        &classification.place.ja,
                        written,
                        &classification.place.options,
                    )
                })?;
                item.place = Some(place.code.clone());
            }
            match &raw.service {
                Some(written) => {
                    for name in written {
                        let service = national.services.lookup(name).map_err(at)?;
                        item.services.push(service.id.clone());
                    }
                }
                // As `u` does on the call screen: what the URLs say, and no guess.
                None => {
                    for url in &item.urls {
                        let recognised = national.services.recognise(url);
                        if let Some(service) = recognised.service
                            && !item.services.contains(&service)
                        {
                            item.services.push(service);
                        }
                        if item.place.is_none() {
                            item.place = recognised.place;
                        }
                    }
                }
            }
            Ok(item)
        })
        .collect()
}

fn check(fields: Fields, settings: &Settings, national: &National) -> Located<Imported> {
    let Some((_, started_place)) = fields.text("started_at") else {
        let place = fields.values.get("started_at").map_or(
            Place {
                row: fields.row,
                column: 1,
            },
            |(_, p)| *p,
        );
        return Err((
            place,
            "`started_at` is empty: when did the contact start?".into(),
        ));
    };
    let started_at = time(&fields, "started_at", settings)?.unwrap_or_default();
    let mut ended_at = time(&fields, "ended_at", settings)?;
    if let Some((text, place)) = fields.text("duration_s") {
        let seconds: i64 = text.parse().ok().filter(|s| *s >= 0).ok_or_else(|| {
            (
                place,
                format!("duration_s `{text}` is not a number of seconds"),
            )
        })?;
        let from_duration = started_at + Duration::seconds(seconds);
        match ended_at {
            Some(end) if (end - from_duration).num_seconds().abs() > 1 => {
                return Err((
                    place,
                    format!(
                        "duration_s {seconds} disagrees with ended_at - started_at = {}",
                        (end - started_at).num_seconds()
                    ),
                ));
            }
            Some(_) => {}
            None => ended_at = Some(from_duration),
        }
    }
    if let (Some(end), Some((_, place))) = (ended_at, fields.text("ended_at"))
        && end < started_at
    {
        return Err((place, "ended_at is before started_at".into()));
    }
    let closed_at = time(&fields, "closed_at", settings)?;
    if let Some((text, place)) = fields.text("contact") {
        text.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
            (
                place,
                format!("contact `{text}` is not a contact number (1, 2, …)"),
            )
        })?;
    }
    let mut contact_values = Vec::new();
    for dim in [Dim::Channel, Dim::Response] {
        let codes = tag_codes(dim, &fields)?;
        if !codes.is_empty() {
            let value = if dim.is_multi() {
                json!(codes)
            } else {
                json!(codes[0])
            };
            contact_values.push((ContactField::Tag(dim), value));
        }
    }
    for (field, column) in [
        (ContactField::Urls, "urls"),
        (ContactField::Referrals, "referrals"),
    ] {
        let (items, _) = fields.list(column);
        if !items.is_empty() {
            contact_values.push((field, json!(items)));
        }
    }
    if let Some((raw, _)) = fields.values.get("notes") {
        let notes = match raw {
            Raw::Text(t) => t.clone(),
            Raw::List(items) => items.join("\n"),
            Raw::Items(_) => String::new(),
        };
        if !notes.is_empty() {
            contact_values.push((ContactField::Notes, json!(notes)));
        }
    }
    let mut case_tags = Vec::new();
    for dim in Dim::ALL
        .into_iter()
        .filter(|d| d.scope() == crate::domain::Scope::Case)
    {
        let codes = tag_codes(dim, &fields)?;
        if !codes.is_empty() {
            case_tags.push((dim, codes));
        }
    }
    Ok(Imported {
        row: fields.row,
        case_number: fields.text("case").map(|(t, _)| t),
        started_at,
        ended_at,
        closed_at,
        counselor: fields.text("counselor").map(|(t, _)| t),
        contact_values,
        case_tags,
        started_place,
        caller: fields.text(CALLER),
        items: work_items(&fields, national)?,
    })
}

/// Turns checked contacts into changes: new cases for numbers the database does not know,
/// contacts added to the cases it does. Returns the highest imported number of this
/// workstation's own series.
fn plan(
    store: &Store,
    mut contacts: Vec<Imported>,
    settings: &Settings,
    encoding: TextEncoding,
) -> Located<(Vec<Change>, ImportSummary, i64)> {
    contacts.sort_by_key(|c| (c.started_at, c.row));
    // Group by case number; a row without one is a case of its own.
    let mut groups: BTreeMap<String, Vec<Imported>> = BTreeMap::new();
    let mut unnumbered = Vec::new();
    for contact in contacts {
        match contact.case_number.clone() {
            Some(number) => groups.entry(number).or_default().push(contact),
            None => unnumbered.push(contact),
        }
    }
    let own_prefix = format!("{}-", settings.station);
    let mut max_seq = groups
        .keys()
        .filter_map(|n| n.strip_prefix(&own_prefix)?.parse::<i64>().ok())
        .max()
        .unwrap_or(0);
    let store_seq = store
        .case_seq()
        .map_err(|e| (Place { row: 1, column: 1 }, e.to_string()))?;
    let mut all_groups: Vec<(String, Vec<Imported>)> = groups.into_iter().collect();
    if !unnumbered.is_empty() {
        // Numbers for rows without one continue this workstation's series.
        let mut seq = max_seq.max(store_seq);
        for contact in unnumbered {
            seq += 1;
            all_groups.push((format!("{own_prefix}{seq:05}"), vec![contact]));
        }
        max_seq = seq;
    }
    let mut changes = Vec::new();
    let mut summary = ImportSummary {
        encoding,
        contacts: 0,
        new_cases: 0,
        existing_cases: 0,
    };
    for (number, contacts) in all_groups {
        let existing = store.case_by_number(&number).map_err(|e| {
            (
                Place {
                    row: contacts[0].row,
                    column: 1,
                },
                e.to_string(),
            )
        })?;
        let case_id = match &existing {
            Some(case) => {
                summary.existing_cases += 1;
                let known = store.contacts_of(case.id).map_err(|e| {
                    (
                        Place {
                            row: contacts[0].row,
                            column: 1,
                        },
                        e.to_string(),
                    )
                })?;
                if let Some(dup) = contacts
                    .iter()
                    .find(|c| known.iter().any(|k| k.started_at == c.started_at))
                {
                    return Err((
                        dup.started_place,
                        format!(
                            "case {number} already has a contact started at this time (imported before?)"
                        ),
                    ));
                }
                case.id
            }
            None => {
                summary.new_cases += 1;
                Uuid::now_v7()
            }
        };
        if let Some(pair) = contacts
            .windows(2)
            .find(|w| w[0].started_at == w[1].started_at)
        {
            return Err((
                pair[1].started_place,
                format!(
                    "case {number} has two contacts started at the same time (row {})",
                    pair[0].row
                ),
            ));
        }
        // Case tags: the latest non-empty value of each dimension wins.
        let mut tags: BTreeMap<Dim, Vec<String>> = BTreeMap::new();
        for contact in &contacts {
            for (dim, codes) in &contact.case_tags {
                tags.insert(*dim, codes.clone());
            }
        }
        let mut case_fields: Vec<(&'static str, Value)> = Vec::new();
        if existing.is_none() {
            case_fields.push((CaseField::Number.key(), json!(number)));
            case_fields.push((
                CaseField::OpenedAt.key(),
                json!(format_utc(contacts[0].started_at)),
            ));
            case_fields.push((CaseField::Status.key(), json!("open")));
        }
        // Like the tags, the latest caller given wins.
        if let Some((hash, _)) = contacts.iter().rev().find_map(|c| c.caller.as_ref()) {
            case_fields.push((CaseField::Caller.key(), json!(hash)));
        }
        for (dim, codes) in tags {
            let value = if dim.is_multi() {
                json!(codes)
            } else {
                json!(codes[0])
            };
            case_fields.push((dim.key(), value));
        }
        if !case_fields.is_empty() {
            changes.push(Change {
                id: case_id,
                kind: OpKind::CaseImport,
                fields: case_fields,
            });
        }
        for contact in contacts {
            summary.contacts += 1;
            let end = contact.ended_at;
            let close = contact.closed_at.or(end).unwrap_or(contact.started_at);
            let mut fields: Vec<(&'static str, Value)> = vec![
                (ContactField::Case.key(), json!(case_id.to_string())),
                (
                    ContactField::Counselor.key(),
                    json!(
                        contact
                            .counselor
                            .unwrap_or_else(|| settings.counselor.clone())
                    ),
                ),
                (
                    ContactField::StartedAt.key(),
                    json!(format_utc(contact.started_at)),
                ),
                (ContactField::EndedAt.key(), json!(end.map(format_utc))),
                (ContactField::ClosedAt.key(), json!(format_utc(close))),
            ];
            fields.extend(
                contact
                    .contact_values
                    .into_iter()
                    .map(|(f, v)| (f.key(), v)),
            );
            let contact_id = Uuid::now_v7();
            changes.push(Change {
                id: contact_id,
                kind: OpKind::ContactImport,
                fields,
            });
            for item in &contact.items {
                changes.push(Change::record_item(Uuid::now_v7(), contact_id, item));
            }
        }
    }
    Ok((changes, summary, max_seq))
}
