//! Queries behind the queue and the case timeline: text search over open cases, consults,
//! a case's history, the counselors a case can be assigned to.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use uuid::Uuid;

use super::oplog::{self, Op};
use super::queries::uuid_at;
use super::{Result, Store};
use crate::domain::{ConsultRecord, Dim, Scope, Taxonomy};

/// `text` as a LIKE pattern matching it anywhere, wildcards escaped.
fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// An earlier case of the same caller, as the call screen and `soudan caller` show it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallerCase {
    pub case: Uuid,
    pub number: String,
    /// When its last call started; None for a case without calls (not yet complete).
    pub last_contact_at: Option<DateTime<Utc>>,
    pub contacts: usize,
    /// Its リスク codes, for the badges.
    pub risk: Vec<String>,
}

impl Store {
    /// The cases with calls whose caller has this keyed hash, the most recently contacted
    /// first (a case a call was moved out of has none).
    pub fn cases_of_caller(&self, caller_hash: &str) -> Result<Vec<CallerCase>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT k.id, k.number, MAX(t.started_at), COUNT(t.id),
                    (SELECT json_group_array(code) FROM (SELECT code FROM case_tags
                     WHERE case_id = k.id AND dim = 'risk' ORDER BY pos))
             FROM cases k INDEXED BY cases_caller JOIN contacts t ON t.case_id = k.id
             WHERE k.caller = ?1 AND k.number IS NOT NULL
             GROUP BY k.id ORDER BY MAX(t.started_at) DESC, k.number DESC",
        )?;
        let rows = stmt.query_map(params![caller_hash], |r| {
            Ok((
                uuid_at(r, 0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut cases = Vec::new();
        for row in rows {
            let (case, number, last, contacts, risk) = row?;
            cases.push(CallerCase {
                case,
                number,
                last_contact_at: last.and_then(DateTime::from_timestamp_micros),
                contacts: contacts as usize,
                risk: serde_json::from_str(&risk).unwrap_or_default(),
            });
        }
        Ok(cases)
    }

    /// Open cases whose number, owner, notes or tag labels contain `text`.
    pub fn open_cases_matching(&self, text: &str) -> Result<HashSet<Uuid>> {
        let text = text.trim();
        let pattern = contains_pattern(text);
        let mut conditions = vec![
            "k.number LIKE ?1 ESCAPE '\\'".to_string(),
            "k.owner LIKE ?1 ESCAPE '\\'".to_string(),
            "EXISTS (SELECT 1 FROM contacts t WHERE t.case_id = k.id AND t.notes LIKE ?1 ESCAPE '\\')"
                .to_string(),
        ];
        // Tags are stored as codes: find the codes whose label contains the text.
        let taxonomy = Taxonomy::builtin();
        let lower = text.to_lowercase();
        for dim in Dim::ALL {
            for option in taxonomy.options(dim) {
                let hit = !text.is_empty()
                    && (option.ja.contains(text) || option.en.to_lowercase().contains(&lower));
                if !hit {
                    continue;
                }
                // Codes come from the embedded taxonomy: plain ASCII, safe to inline.
                let (key, code) = (dim.key(), option.code.as_str());
                conditions.push(match (dim.scope(), dim.is_multi()) {
                    (Scope::Case, false) => format!("k.{key} = '{code}'"),
                    (Scope::Case, true) => format!(
                        "EXISTS (SELECT 1 FROM case_tags g WHERE g.case_id = k.id AND g.dim = '{key}' AND g.code = '{code}')"
                    ),
                    (Scope::Contact, false) => format!(
                        "EXISTS (SELECT 1 FROM contacts t WHERE t.case_id = k.id AND t.{key} = '{code}')"
                    ),
                    (Scope::Contact, true) => format!(
                        "EXISTS (SELECT 1 FROM contacts t JOIN contact_values v ON v.contact_id = t.id \
                         WHERE t.case_id = k.id AND v.field = '{key}' AND v.value = '{code}')"
                    ),
                });
            }
        }
        let sql = format!(
            "SELECT k.id FROM cases k WHERE k.status != 'closed' AND ({})",
            conditions.join(" OR ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let ids = stmt.query_map(params![pattern], |r| uuid_at(r, 0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    pub fn consults_of(&self, case_id: Uuid) -> Result<Vec<ConsultRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, case_id, expert, booked_for, advice, result, status FROM consults
             WHERE case_id = ?1 AND expert IS NOT NULL ORDER BY booked_for, id",
        )?;
        let rows = stmt.query_map(params![case_id.as_bytes()], |r| {
            Ok((
                uuid_at(r, 0)?,
                uuid_at(r, 1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut consults = Vec::new();
        for row in rows {
            let (id, case_id, expert, date, advice, result, status) = row?;
            consults.push(ConsultRecord {
                id,
                case_id,
                expert,
                booked_for: date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                advice,
                result,
                status,
            });
        }
        Ok(consults)
    }

    /// Every op on the case, its contacts and its consults, oldest first: who changed what,
    /// and when.
    pub fn history_of(&self, case_id: Uuid) -> Result<Vec<Op>> {
        oplog::ops_of(&self.conn, &records_of_case(&self.conn, case_id)?)
    }

    pub fn count_open_cases(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM cases INDEXED BY cases_open
             WHERE status != 'closed' AND number IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Counselors who have taken calls or own cases, for assigning a case.
    pub fn known_counselors(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT counselor FROM contacts WHERE counselor IS NOT NULL
             UNION SELECT owner FROM cases WHERE owner IS NOT NULL ORDER BY 1",
        )?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }
}

/// A case and every record of it: its contacts, their work items, its consults.
pub(super) fn records_of_case(conn: &Connection, case: Uuid) -> Result<Vec<Uuid>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM contacts WHERE case_id = ?1
         UNION ALL SELECT id FROM consults WHERE case_id = ?1
         UNION ALL SELECT i.id FROM contacts t JOIN items i ON i.contact_id = t.id
                   WHERE t.case_id = ?1",
    )?;
    let mut records = vec![case];
    for id in stmt.query_map(params![case.as_bytes()], |r| uuid_at(r, 0))? {
        records.push(id?);
    }
    Ok(records)
}
