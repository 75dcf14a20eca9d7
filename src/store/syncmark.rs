//! What sync keeps in this database besides the ops: how far the server is known to hold
//! this workstation's own ops, and when the last sync finished. Written only after the
//! server committed, so a crash in between leaves a mark that is low, never high.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde_json::{Map, Value};

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

impl Store {
    /// The highest sequence number of this workstation's ops that the server has committed,
    /// as far as this database knows (0 before the first push).
    pub fn pushed_through(&self) -> Result<i64> {
        Ok(self
            .meta_value(PUSHED)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
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
