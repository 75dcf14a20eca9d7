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
const CASE_COLUMN_COUNT: usize = 12 + CASE_MULTI_DIMS.len();

/// The columns of a contact (alias `t`), list fields as JSON arrays.
static CONTACT_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    let mut sql = String::from(
        "t.id, t.case_id, t.counselor, t.channel, t.started_at, t.ended_at, t.closed_at, t.notes",
    );
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

pub(super) fn contact_from_row(row: &Row, at: usize) -> rusqlite::Result<ContactRecord> {
    let mut tags = TagSet::default();
    let channel: Option<String> = row.get(at + 3)?;
    tags.set(Dim::Channel, channel.into_iter().collect());
    tags.set(Dim::Response, list_at(row, at + 8)?);
    Ok(ContactRecord {
        id: uuid_at(row, at)?,
        case_id: uuid_at(row, at + 1)?,
        counselor: row.get(at + 2)?,
        started_at: time_at(row, at + 4)?.unwrap_or_default(),
        ended_at: time_at(row, at + 5)?,
        closed_at: time_at(row, at + 6)?,
        notes: row.get(at + 7)?,
        tags,
        urls: list_at(row, at + 9)?,
        referrals: list_at(row, at + 10)?,
    })
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

    /// Every contact with its case, in the order the calls started; `visit` sees each in turn
    /// so an export of a million contacts does not hold them all.
    pub fn for_each_contact(
        &self,
        mut visit: impl FnMut(ContactRow) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let sql = format!(
            "SELECT {}, {} FROM contacts t JOIN cases k ON k.id = t.case_id
             WHERE {CASE_COMPLETE} AND {CONTACT_COMPLETE}
             ORDER BY t.started_at, t.id",
            *CASE_COLUMNS, *CONTACT_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            visit(ContactRow {
                case: case_from_row(row, 0)?,
                contact: contact_from_row(row, CASE_COLUMN_COUNT)?,
            })?;
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
}
