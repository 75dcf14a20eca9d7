//! What sync keeps in this database besides the ops: how far the server is known to hold
//! this workstation's own ops, and when the last sync finished. Written only after the
//! server committed, so a crash in between leaves a mark that is low, never high.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde_json::{Map, Value};

use uuid::Uuid;

use super::queries::uuid_at;
use super::{Result, Store, payload};

const PUSHED: &str = "sync.pushed";
const LAST_SYNC: &str = "sync.last";

/// An op's payload in the compact form it is stored in, here and on the central server.
pub fn encode_payload(payload: &Map<String, Value>) -> Vec<u8> {
    payload::encode(payload)
}

/// A payload from its compact form; None if the bytes are not one.
pub fn decode_payload(bytes: &[u8]) -> Option<Map<String, Value>> {
    payload::decode(bytes)
}

/// An op whose payload an erasure rewrote here, for the server to rewrite its copy.
#[derive(Debug, Clone, PartialEq)]
pub struct ErasedOp {
    pub workstation: Uuid,
    pub seq: i64,
    /// The `case.erase` op that covers it.
    pub erasure: Uuid,
    /// The op's payload as it is now, without the erased text.
    pub payload: Vec<u8>,
}

impl Store {
    /// Up to `limit` ops rewritten by an erasure that the server may still hold unerased,
    /// in (workstation, seq) order.
    pub fn erasures_unsent(&self, limit: usize) -> Result<Vec<ErasedOp>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT w.id, u.seq, u.erasure, o.payload
             FROM erasures_unsent u
             JOIN workstations w ON w.n = u.workstation
             JOIN ops o ON o.workstation = u.workstation AND o.seq = u.seq
             ORDER BY u.workstation, u.seq LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit as i64], |r| {
            Ok(ErasedOp {
                workstation: uuid_at(r, 0)?,
                seq: r.get(1)?,
                erasure: uuid_at(r, 2)?,
                payload: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forgets `sent` once the server has rewritten (or never held) them.
    pub fn mark_erasures_sent(&mut self, sent: &[ErasedOp]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut forget = tx.prepare_cached(
                "DELETE FROM erasures_unsent
                 WHERE workstation = (SELECT n FROM workstations WHERE id = ?1) AND seq = ?2",
            )?;
            for op in sent {
                forget.execute(params![op.workstation.as_bytes(), op.seq])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The highest sequence number of this workstation's ops that the server has committed,
    /// as far as this database knows (0 before the first push).
    pub fn pushed_through(&self) -> Result<i64> {
        Ok(self
            .meta_value(PUSHED)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// This workstation's ops the server is not known to hold: what the next sync pushes.
    pub fn pending_push(&self) -> Result<i64> {
        let (me, _) = self.me();
        let head: i64 = self
            .conn
            .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM ops WHERE workstation = ?1")?
            .query_row(params![me], |r| r.get(0))?;
        Ok((head - self.pushed_through()?).max(0))
    }

    /// Records that the server committed this workstation's ops up to `seq`; never lowers it.
    pub fn mark_pushed(&self, seq: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE
             SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            params![PUSHED, seq.to_string()],
        )?;
        Ok(())
    }

    /// When the last sync finished, if one ever did.
    pub fn last_sync(&self) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .meta_value(LAST_SYNC)?
            .and_then(|v| v.parse::<i64>().ok())
            .and_then(DateTime::from_timestamp_micros))
    }

    pub fn mark_synced(&self, at: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![LAST_SYNC, at.timestamp_micros().to_string()],
        )?;
        Ok(())
    }

    fn meta_value(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
