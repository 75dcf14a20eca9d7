//! Whose data this database holds: after a sync, a report or a queue counts every
//! workstation's contacts, and says which workstations those are and how recent each one's
//! changes here are.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::queries::uuid_at;
use super::{Result, Store};

/// One workstation whose ops this database holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub workstation: Uuid,
    /// Its case-number prefix, from a case it opened (None if it opened none).
    pub station: Option<String>,
    /// This database's own workstation.
    pub this: bool,
    /// Contacts it took that started within the asked bounds.
    pub contacts: u64,
    /// When its newest change held here was made: its data here is complete up to then.
    pub newest_change: Option<DateTime<Utc>>,
}

impl Store {
    /// Every workstation with ops here, this one first, with its contacts started in
    /// [from, to) (µs since 1970 UTC). A few index probes per workstation.
    pub fn coverage(&self, from: i64, to: i64) -> Result<Vec<Coverage>> {
        let (me, _) = self.me();
        let mut stmt = self.conn.prepare_cached(
            "SELECT w.n, w.id,
                    (SELECT COALESCE(o.at, o.stamp) FROM ops o WHERE o.workstation = w.n
                     ORDER BY o.seq DESC LIMIT 1),
                    (SELECT COUNT(*) FROM contacts t
                     WHERE t.workstation = w.n AND t.started_at >= ?1 AND t.started_at < ?2)
             FROM workstations w
             WHERE EXISTS (SELECT 1 FROM ops o WHERE o.workstation = w.n)
             ORDER BY w.n != ?3, w.n",
        )?;
        let rows = stmt.query_map(params![from, to, me], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                uuid_at(r, 1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut covered = Vec::new();
        for row in rows {
            let (n, workstation, newest, contacts) = row?;
            covered.push(Coverage {
                workstation,
                station: self.station_of(n)?,
                this: n == me,
                contacts: contacts.max(0) as u64,
                newest_change: newest.and_then(DateTime::from_timestamp_micros),
            });
        }
        Ok(covered)
    }

    /// The prefix of the first case workstation `n` opened (`N2` of `N2-00001`).
    fn station_of(&self, n: i64) -> Result<Option<String>> {
        let number: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT c.number FROM ops o JOIN cases c ON c.id = o.entity
                 WHERE o.workstation = ?1 AND o.kind = 'case.open' AND c.number IS NOT NULL
                 ORDER BY o.seq LIMIT 1",
            )?
            .query_row(params![n], |r| r.get(0))
            .optional()?;
        Ok(number.and_then(|number| Some(number.rsplit_once('-')?.0.to_string())))
    }
}
