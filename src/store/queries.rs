//! Reading the projections back into domain records.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

use super::{Result, Store};
use crate::domain::{CaseRecord, CaseStatus, CaseSummary, ContactRecord, Dim, TagSet};

/// One contact with its case, as export writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRow {
    pub case: CaseRecord,
    pub contact: ContactRecord,
    /// Which contact of its case this is, 1 for the first (by start, then id).
    pub ordinal: usize,
    /// Its work items (作業), oldest first.
    pub items: Vec<crate::domain::WorkItem>,
}

const CASE_MULTI_DIMS: [Dim; 4] = [Dim::Infringement, Dim::Platform, Dim::Want, Dim::Risk];
const CONTACT_LISTS: [&str; 3] = ["response", "urls", "referrals"];

/// The single-valued columns of a case (alias `k`), read by [`case_scalars_from_row`].
const CASE_SCALAR_COLUMNS: &str = "k.id, k.number, k.opened_at, k.age, k.role, k.troubled, \
     k.attribute, k.status, k.owner, k.due, k.priority, k.close_reason";

/// The columns of a case (alias `k`), multi-choice tags as JSON arrays in pick order.
static CASE_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    let mut sql = String::from(CASE_SCALAR_COLUMNS);
    for dim in CASE_MULTI_DIMS {
        sql.push_str(&format!(
            ", (SELECT json_group_array(code) FROM (SELECT code FROM case_tags \
             WHERE case_id = k.id AND dim = '{}' ORDER BY pos))",
            dim.key()
        ));
    }
    sql
});
const CASE_SCALAR_COUNT: usize = 12;
const CASE_COLUMN_COUNT: usize = CASE_SCALAR_COUNT + CASE_MULTI_DIMS.len();

/// The single-valued columns of a contact (alias `t`), read by [`contact_scalars_from_row`].
const CONTACT_SCALAR_COLUMNS: &str =
    "t.id, t.case_id, t.counselor, t.channel, t.started_at, t.ended_at, t.closed_at, t.notes";
const CONTACT_SCALAR_COUNT: usize = 8;

/// The columns of a contact (alias `t`), list fields as JSON arrays.
static CONTACT_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    let mut sql = String::from(CONTACT_SCALAR_COLUMNS);
    for field in CONTACT_LISTS {
        sql.push_str(&format!(
            ", (SELECT json_group_array(value) FROM (SELECT value FROM contact_values \
             WHERE contact_id = t.id AND field = '{field}' ORDER BY pos))"
        ));
    }
    sql
});

/// The queue's three passes over the open cases (see [`Store::open_cases`]). `INDEXED BY`
/// makes the plan a promise: SQLite refuses the statement rather than scan every case.
static OPEN_CASES_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {CASE_SCALAR_COLUMNS} FROM cases k INDEXED BY cases_open
         WHERE k.status != 'closed' AND {CASE_COMPLETE}"
    )
});
const OPEN_CASE_TAGS_SQL: &str = "SELECT g.case_id, g.dim, g.code
     FROM cases k INDEXED BY cases_open CROSS JOIN case_tags g ON g.case_id = k.id
     WHERE k.status != 'closed' ORDER BY g.case_id, g.dim, g.pos";
const OPEN_CASE_CONTACTS_SQL: &str = "SELECT k.id, COUNT(*), MAX(t.started_at)
     FROM cases k INDEXED BY cases_open CROSS JOIN contacts t ON t.case_id = k.id
     WHERE k.status != 'closed' GROUP BY k.id";

/// Only records complete enough to show (a synced op may name a case whose opening op has
/// not arrived yet).
const CASE_COMPLETE: &str = "k.number IS NOT NULL AND k.opened_at IS NOT NULL";
const CONTACT_COMPLETE: &str =
    "t.case_id IS NOT NULL AND t.started_at IS NOT NULL AND t.counselor IS NOT NULL";

/// An id column: 16 bytes.
pub(super) fn uuid_at(row: &Row, i: usize) -> rusqlite::Result<Uuid> {
    let bytes: Vec<u8> = row.get(i)?;
    Uuid::from_slice(&bytes).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Blob, Box::new(e))
    })
}

/// A time column: microseconds since 1970 UTC.
fn time_at(row: &Row, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    Ok(row
        .get::<_, Option<i64>>(i)?
        .and_then(DateTime::from_timestamp_micros))
}

fn list_at(row: &Row, i: usize) -> rusqlite::Result<Vec<String>> {
    let text: Option<String> = row.get(i)?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

/// A case from its scalar columns (the first 12 of [`CASE_COLUMNS`]); multi-choice tags are
/// left for the caller.
pub(super) fn case_scalars_from_row(row: &Row, at: usize) -> rusqlite::Result<CaseRecord> {
    let mut tags = TagSet::default();
    for (offset, dim) in [Dim::Age, Dim::Role, Dim::Troubled, Dim::Attribute]
        .into_iter()
        .enumerate()
    {
        let value: Option<String> = row.get(at + 3 + offset)?;
        tags.set(dim, value.into_iter().collect());
    }
    Ok(CaseRecord {
        id: uuid_at(row, at)?,
        number: row.get(at + 1)?,
        opened_at: time_at(row, at + 2)?.unwrap_or_default(),
        tags,
        status: CaseStatus::from_code(&row.get::<_, String>(at + 7)?).unwrap_or_default(),
        owner: row.get(at + 8)?,
        due: row
            .get::<_, Option<String>>(at + 9)?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        priority: row.get(at + 10)?,
        close_reason: row.get(at + 11)?,
    })
}

pub(super) fn case_from_row(row: &Row, at: usize) -> rusqlite::Result<CaseRecord> {
    let mut case = case_scalars_from_row(row, at)?;
    for (offset, dim) in CASE_MULTI_DIMS.into_iter().enumerate() {
        case.tags.set(dim, list_at(row, at + 12 + offset)?);
    }
    Ok(case)
}

/// A contact from its scalar columns ([`CONTACT_SCALAR_COLUMNS`]); list fields are left for
/// the caller.
fn contact_scalars_from_row(row: &Row, at: usize) -> rusqlite::Result<ContactRecord> {
    let mut tags = TagSet::default();
    let channel: Option<String> = row.get(at + 3)?;
    tags.set(Dim::Channel, channel.into_iter().collect());
    Ok(ContactRecord {
        id: uuid_at(row, at)?,
        case_id: uuid_at(row, at + 1)?,
        counselor: row.get(at + 2)?,
        started_at: time_at(row, at + 4)?.unwrap_or_default(),
        ended_at: time_at(row, at + 5)?,
        closed_at: time_at(row, at + 6)?,
        notes: row.get(at + 7)?,
        tags,
        urls: Vec::new(),
        referrals: Vec::new(),
    })
}

pub(super) fn contact_from_row(row: &Row, at: usize) -> rusqlite::Result<ContactRecord> {
    let mut contact = contact_scalars_from_row(row, at)?;
    let lists = at + CONTACT_SCALAR_COUNT;
    contact.tags.set(Dim::Response, list_at(row, lists)?);
    contact.urls = list_at(row, lists + 1)?;
    contact.referrals = list_at(row, lists + 2)?;
    Ok(contact)
}

impl Store {
    pub fn load_case(&self, id: Uuid) -> Result<Option<CaseRecord>> {
        let sql = format!(
            "SELECT {} FROM cases k WHERE k.id = ?1 AND {CASE_COMPLETE}",
            *CASE_COLUMNS
        );
        Ok(self
            .conn
            .query_row(&sql, params![id.as_bytes()], |r| case_from_row(r, 0))
            .optional()?)
    }

    pub fn load_contact(&self, id: Uuid) -> Result<Option<ContactRecord>> {
        let sql = format!(
            "SELECT {} FROM contacts t WHERE t.id = ?1 AND {CONTACT_COMPLETE}",
            *CONTACT_COLUMNS
        );
        Ok(self
            .conn
            .query_row(&sql, params![id.as_bytes()], |r| contact_from_row(r, 0))
            .optional()?)
    }

    /// The case with exactly this number.
    pub fn case_by_number(&self, number: &str) -> Result<Option<CaseRecord>> {
        let sql = format!(
            "SELECT {} FROM cases k WHERE k.number = ?1 AND {CASE_COMPLETE} LIMIT 1",
            *CASE_COLUMNS
        );
        Ok(self
            .conn
            .query_row(&sql, params![number], |r| case_from_row(r, 0))
            .optional()?)
    }

    /// The contacts of a case, oldest first.
    pub fn contacts_of(&self, case_id: Uuid) -> Result<Vec<ContactRecord>> {
        let sql = format!(
            "SELECT {} FROM contacts t WHERE t.case_id = ?1 AND {CONTACT_COMPLETE}
             ORDER BY t.started_at, t.id",
            *CONTACT_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params![case_id.as_bytes()], |r| contact_from_row(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The call this workstation left open (not yet closed), if any: what a restart after a
    /// crash brings back.
    pub fn open_contact(&self) -> Result<Option<ContactRecord>> {
        let id: Option<Uuid> = self
            .conn
            .query_row(
                "SELECT id FROM contacts t WHERE t.workstation = ?1 AND t.closed_at IS NULL
                 AND t.case_id IS NOT NULL ORDER BY t.started_at DESC LIMIT 1",
                params![self.workstation_n],
                |r| uuid_at(r, 0),
            )
            .optional()?;
        match id {
            Some(id) => self.load_contact(id),
            None => Ok(None),
        }
    }

    /// Cases with the most recent contact first. Walks contacts newest first down the
    /// index and stops at `limit` distinct cases, so it costs the same at 100 or 100k cases.
    pub fn recent_cases(&self, limit: usize) -> Result<Vec<CaseSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.case_id FROM contacts t WHERE t.case_id IS NOT NULL
             ORDER BY t.started_at DESC",
        )?;
        let mut rows = stmt.query([])?;
        let mut ids: Vec<Vec<u8>> = Vec::with_capacity(limit);
        while ids.len() < limit {
            let Some(row) = rows.next()? else { break };
            let id: Vec<u8> = row.get(0)?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let mut summaries = Vec::with_capacity(ids.len());
        for id in &ids {
            summaries.extend(self.case_summaries("k.id = ?1", &[id], 1)?);
        }
        Ok(summaries)
    }

    /// Cases whose number is `wanted` or ends with it ("12" finds "A1-00012"), most recent
    /// first.
    pub fn find_cases_by_number(&self, wanted: &str, limit: usize) -> Result<Vec<CaseSummary>> {
        let wanted = wanted.trim();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let exact = self.case_summaries("k.number = ?1", &[&wanted], limit)?;
        if !exact.is_empty() {
            return Ok(exact);
        }
        let digits = wanted.trim_start_matches('0');
        self.case_summaries(
            "(k.number LIKE '%-' || ?1 OR ltrim(substr(k.number, instr(k.number, '-') + 1), '0') = ?2)",
            &[&wanted, &digits],
            limit,
        )
    }

    /// Every case not closed: what the queue ranks and filters. Three passes (cases, their
    /// tags, contact counts) instead of subqueries per case: the queue may hold 100k cases.
    /// Each pass starts from the open cases (the `cases_open` partial index) and reaches
    /// tags and contacts by their case keys (`CROSS JOIN` fixes that order), so ten years
    /// of closed cases cost nothing.
    pub fn open_cases(&self) -> Result<Vec<CaseSummary>> {
        let mut stmt = self.conn.prepare(&OPEN_CASES_SQL)?;
        let mut summaries: Vec<CaseSummary> = stmt
            .query_map([], |r| {
                Ok(CaseSummary {
                    case: case_scalars_from_row(r, 0)?,
                    contacts: 0,
                    last_contact_at: None,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let position: std::collections::HashMap<Uuid, usize> = summaries
            .iter()
            .enumerate()
            .map(|(i, s)| (s.case.id, i))
            .collect();

        let mut tags: std::collections::HashMap<(usize, Dim), Vec<String>> = Default::default();
        let mut stmt = self.conn.prepare(OPEN_CASE_TAGS_SQL)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (id, dim, code): (Uuid, String, String) =
                (uuid_at(row, 0)?, row.get(1)?, row.get(2)?);
            if let (Some(&i), Some(dim)) = (position.get(&id), Dim::from_key(&dim)) {
                tags.entry((i, dim)).or_default().push(code);
            }
        }
        for ((i, dim), codes) in tags {
            summaries[i].case.tags.set(dim, codes);
        }

        let mut stmt = self.conn.prepare(OPEN_CASE_CONTACTS_SQL)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(&i) = position.get(&uuid_at(row, 0)?) {
                summaries[i].contacts = row.get(1)?;
                summaries[i].last_contact_at = time_at(row, 2)?;
            }
        }
        Ok(summaries)
    }

    pub(super) fn case_summaries(
        &self,
        condition: &str,
        args: &[&dyn rusqlite::ToSql],
        limit: usize,
    ) -> Result<Vec<CaseSummary>> {
        // SQLite reads a negative LIMIT as "no limit".
        let limit = i64::try_from(limit).unwrap_or(-1);
        let sql = format!(
            "SELECT {}, (SELECT COUNT(*) FROM contacts t WHERE t.case_id = k.id),
                    (SELECT MAX(started_at) FROM contacts t WHERE t.case_id = k.id) AS last
             FROM cases k WHERE {CASE_COMPLETE} AND {condition}
             ORDER BY COALESCE(last, k.opened_at) DESC, k.id LIMIT {limit}",
            *CASE_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(CaseSummary {
                case: case_from_row(r, 0)?,
                contacts: r.get(CASE_COLUMN_COUNT)?,
                last_contact_at: time_at(r, CASE_COLUMN_COUNT + 1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every exported contact with its case, in the order the calls started (then by id);
    /// `visit` sees each as it is read, so an export of a million contacts holds one at a
    /// time (and the few that started at the same instant).
    pub fn for_each_export_row(
        &self,
        mut visit: impl FnMut(ContactRow) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut stmt = self.conn.prepare(&EXPORT_SQL)?;
        let mut lists = Lists::new(&self.conn)?;
        let mut same_start = SameStart::default();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let started_at: i64 = row.get(EXPORT_CONTACT_AT + 4)?;
            if Some(started_at) != same_start.started_at {
                same_start.flush(&mut visit)?;
                same_start.started_at = Some(started_at);
            }
            let mut case = case_scalars_from_row(row, 0)?;
            lists.case_tags(blob_at(row, 0)?, &mut case.tags)?;
            let contact_id = blob_at(row, EXPORT_CONTACT_AT)?;
            let mut contact = contact_scalars_from_row(row, EXPORT_CONTACT_AT)?;
            lists.contact_values(contact_id, &mut contact)?;
            let items = super::items::work_items(&self.conn, contact.id)?;
            let earlier: i64 = row.get(EXPORT_CONTACT_AT + CONTACT_SCALAR_COUNT)?;
            same_start.rows.push(Tied {
                id: contact_id.to_vec(),
                earlier: usize::try_from(earlier).unwrap_or(0),
                row: ContactRow {
                    case,
                    contact,
                    ordinal: 0,
                    items,
                },
            });
        }
        same_start.flush(&mut visit)
    }

    /// Every open case, in no particular order, as [`Store::open_cases`] has them; `visit`
    /// sees each as it is read.
    pub fn for_each_open_case(
        &self,
        visit: impl FnMut(CaseSummary) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        self.visit_open_cases(&OPEN_CASE_ROWS_SQL, [], visit)
    }

    /// Every open case in the queue's order on `today` (the order of
    /// `queue::Filter::select`); `visit` sees each as it is read. SQLite sorts them, within
    /// its own bounded memory, so the caller holds one case at a time.
    pub fn for_each_open_case_ranked(
        &self,
        today: NaiveDate,
        visit: impl FnMut(CaseSummary) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let today = today.format("%Y-%m-%d").to_string();
        self.visit_open_cases(&RANKED_OPEN_CASE_ROWS_SQL, [today], visit)
    }

    fn visit_open_cases<P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        mut visit: impl FnMut(CaseSummary) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut stmt = self.conn.prepare(sql)?;
        let mut lists = Lists::new(&self.conn)?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            let mut case = case_scalars_from_row(row, 0)?;
            lists.case_tags(blob_at(row, 0)?, &mut case.tags)?;
            visit(CaseSummary {
                case,
                contacts: row.get(CASE_SCALAR_COUNT)?,
                last_contact_at: time_at(row, CASE_SCALAR_COUNT + 1)?,
            })?;
        }
        Ok(())
    }
}

/// Where the contact's columns start in a row of [`EXPORT_SQL`].
const EXPORT_CONTACT_AT: usize = CASE_SCALAR_COUNT;

/// Every exported contact with its case, and how many of the case's exported contacts
/// started earlier. `ORDER BY t.started_at` alone is the order of the `contacts_started`
/// index, so the first row comes without sorting the table; calls that started at the same
/// instant are put in id order by [`SameStart`]. Lists are read by [`Lists`]: one seek per
/// row costs less than a subquery per list.
static EXPORT_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {CASE_SCALAR_COLUMNS}, {CONTACT_SCALAR_COLUMNS},
                (SELECT COUNT(*) FROM contacts p WHERE p.case_id = t.case_id
                 AND p.started_at < t.started_at AND p.counselor IS NOT NULL)
         FROM contacts t JOIN cases k ON k.id = t.case_id
         WHERE {CASE_COMPLETE} AND {CONTACT_COMPLETE}
         ORDER BY t.started_at"
    )
});

/// The open cases with their contact count and last contact, through the `cases_open`
/// index; the contacts are counted from `contacts_case` alone. Grouping by `k.id` follows
/// the index's order, so it needs no sort.
static OPEN_CASE_ROWS_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {CASE_SCALAR_COLUMNS}, COUNT(t.case_id), MAX(t.started_at) AS last
         FROM cases k INDEXED BY cases_open LEFT JOIN contacts t ON t.case_id = k.id
         WHERE k.status != 'closed' AND {CASE_COMPLETE}
         GROUP BY k.id"
    )
});

/// [`OPEN_CASE_ROWS_SQL`] ranked as `queue::rank_key` ranks (risk, overdue, due today on
/// `?1`, priority, longest untouched), then by number, then in the index's order as
/// `Filter::select`'s stable sort leaves them. Times and dates are compared as stored:
/// integer microseconds and `YYYY-MM-DD` text sort as they read. A test holds the two orders
/// equal.
static RANKED_OPEN_CASE_ROWS_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} ORDER BY
            EXISTS (SELECT 1 FROM case_tags g WHERE g.case_id = k.id AND g.dim = 'risk') DESC,
            COALESCE(k.due < ?1, 0) DESC,
            k.due IS ?1 DESC,
            k.priority DESC,
            COALESCE(last, k.opened_at),
            k.number,
            k.id",
        *OPEN_CASE_ROWS_SQL
    )
});

/// An id column's 16 bytes, borrowed from the row.
fn blob_at<'r>(row: &'r Row, i: usize) -> rusqlite::Result<&'r [u8]> {
    row.get_ref(i)?.as_blob().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Blob, Box::new(e))
    })
}

fn text_at<'r>(row: &'r Row, i: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A record's list rows read by key, in order, for the streaming passes.
struct Lists<'c> {
    case_tags: rusqlite::Statement<'c>,
    contact_values: rusqlite::Statement<'c>,
}

impl<'c> Lists<'c> {
    fn new(conn: &'c rusqlite::Connection) -> rusqlite::Result<Lists<'c>> {
        Ok(Lists {
            case_tags: conn
                .prepare("SELECT dim, code FROM case_tags WHERE case_id = ?1 ORDER BY dim, pos")?,
            contact_values: conn.prepare(
                "SELECT field, value FROM contact_values WHERE contact_id = ?1
                 ORDER BY field, pos",
            )?,
        })
    }

    /// The case's multi-choice tags, as [`case_from_row`] reads them.
    fn case_tags(&mut self, case_id: &[u8], tags: &mut TagSet) -> rusqlite::Result<()> {
        let mut lists: [Vec<String>; CASE_MULTI_DIMS.len()] = Default::default();
        let mut rows = self.case_tags.query([case_id])?;
        while let Some(row) = rows.next()? {
            let dim = Dim::from_key(text_at(row, 0)?);
            if let Some(i) = CASE_MULTI_DIMS.iter().position(|d| Some(*d) == dim) {
                lists[i].push(row.get(1)?);
            }
        }
        for (dim, codes) in CASE_MULTI_DIMS.into_iter().zip(lists) {
            tags.set(dim, codes);
        }
        Ok(())
    }

    /// The contact's list fields, as [`contact_from_row`] reads them.
    fn contact_values(&mut self, id: &[u8], contact: &mut ContactRecord) -> rusqlite::Result<()> {
        let mut responses = Vec::new();
        let mut rows = self.contact_values.query([id])?;
        while let Some(row) = rows.next()? {
            let list = match text_at(row, 0)? {
                "response" => &mut responses,
                "urls" => &mut contact.urls,
                "referrals" => &mut contact.referrals,
                _ => continue,
            };
            list.push(row.get(1)?);
        }
        contact.tags.set(Dim::Response, responses);
        Ok(())
    }
}

/// A row waiting for the others that started at the same instant.
struct Tied {
    /// The contact's id as stored: the order export promises for ties.
    id: Vec<u8>,
    /// The case's exported contacts that started before this one.
    earlier: usize,
    row: ContactRow,
}

/// The rows of [`EXPORT_SQL`] that started at the same instant (usually one).
#[derive(Default)]
struct SameStart {
    started_at: Option<i64>,
    rows: Vec<Tied>,
}

impl SameStart {
    /// Hands the rows to `visit` in id order, each numbered after its case's earlier
    /// contacts and the tied ones before it.
    fn flush(
        &mut self,
        visit: &mut impl FnMut(ContactRow) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        if let [only] = &mut self.rows[..] {
            only.row.ordinal = only.earlier + 1;
        } else {
            self.rows.sort_by(|a, b| a.id.cmp(&b.id));
            let mut tied_before: std::collections::HashMap<Uuid, usize> = Default::default();
            for tied in &mut self.rows {
                let before = tied_before.entry(tied.row.case.id).or_insert(0);
                tied.row.ordinal = tied.earlier + *before + 1;
                *before += 1;
            }
        }
        for tied in self.rows.drain(..) {
            visit(tied.row)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::Change;

    fn plan(store: &Store, sql: &str) -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        stmt.query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn the_queue_reads_open_cases_by_index_and_never_scans_tags_or_contacts() {
        let mut store = Store::open_in_memory().unwrap();
        let at = Utc.with_ymd_and_hms(2024, 5, 1, 1, 0, 0).unwrap();
        for n in 0..3 {
            let (case, contact) = (Uuid::now_v7(), Uuid::now_v7());
            let open = Change::open_contact(contact, case, "佐藤", at, Some("phone"));
            store.open_new_case("A1", "佐藤", at, case, open).unwrap();
            let tag = Change::set_tag(case, Dim::Risk, &["minor".to_string()]);
            store.commit("佐藤", at, &[tag]).unwrap();
            if n == 0 {
                store
                    .commit("佐藤", at, &[Change::close_case(case, "resolved")])
                    .unwrap();
            }
        }
        assert_eq!(store.open_cases().unwrap().len(), 2);
        for sql in [
            OPEN_CASES_SQL.as_str(),
            OPEN_CASE_TAGS_SQL,
            OPEN_CASE_CONTACTS_SQL,
            OPEN_CASE_ROWS_SQL.as_str(),
            &RANKED_OPEN_CASE_ROWS_SQL.replace("?1", "'2024-05-01'"),
        ] {
            let steps = plan(&store, sql);
            assert!(
                steps.iter().any(|s| s.contains("cases_open")),
                "{sql}: {steps:?}"
            );
            assert!(
                !steps
                    .iter()
                    .any(|s| s.starts_with("SCAN g") || s.starts_with("SCAN t")),
                "{sql} scans a whole table: {steps:?}"
            );
        }
    }

    #[test]
    fn the_export_reads_contacts_down_the_start_index_without_sorting_them_first() {
        let store = Store::open_in_memory().unwrap();
        let steps = plan(&store, &EXPORT_SQL);
        assert!(
            steps[0].contains("USING INDEX contacts_started"),
            "{steps:?}"
        );
        assert!(
            !steps.iter().any(|s| s.contains("TEMP B-TREE")),
            "a sort would read every contact before the first row: {steps:?}"
        );
    }

    #[test]
    fn calls_that_started_together_export_in_id_order_numbered_within_their_case() {
        let mut store = Store::open_in_memory().unwrap();
        let early = Utc.with_ymd_and_hms(2024, 5, 1, 1, 0, 0).unwrap();
        let same = Utc.with_ymd_and_hms(2024, 5, 2, 1, 0, 0).unwrap();
        let (a, b) = (Uuid::from_u128(0xa), Uuid::from_u128(0xb));
        let contact = |n: u128| Uuid::from_u128(n << 64);
        let open = |id, case, at| Change::open_contact(id, case, "佐藤", at, Some("phone"));
        store
            .open_new_case("A1", "佐藤", early, a, open(contact(1), a, early))
            .unwrap();
        store
            .open_new_case("A1", "佐藤", same, b, open(contact(3), b, same))
            .unwrap();
        // Recorded in an order that is neither the id order nor the case order.
        store
            .commit("佐藤", same, &[open(contact(4), a, same)])
            .unwrap();
        store
            .commit("佐藤", same, &[open(contact(2), a, same)])
            .unwrap();
        let mut rows = Vec::new();
        store
            .for_each_export_row(|row| {
                rows.push((row.contact.id, row.case.id, row.ordinal));
                Ok(())
            })
            .unwrap();
        assert_eq!(
            rows,
            [
                (contact(1), a, 1),
                (contact(2), a, 2),
                (contact(3), b, 1),
                (contact(4), a, 3),
            ]
        );
    }

    #[test]
    fn the_open_case_pass_reads_what_the_queue_screen_reads() {
        let mut store = Store::open_in_memory().unwrap();
        let spec = crate::demo::DemoSpec {
            contacts: 200,
            seed: 3,
            until: chrono::NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
            open_share: 0.0,
        };
        crate::demo::generate(&mut store, &spec, &crate::config::Settings::for_tests()).unwrap();
        let mut streamed = Vec::new();
        store
            .for_each_open_case(|item| {
                streamed.push(item);
                Ok(())
            })
            .unwrap();
        assert!(streamed.len() > 10, "{}", streamed.len());
        assert_eq!(streamed, store.open_cases().unwrap());
    }
}
