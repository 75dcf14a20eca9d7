//! Erasing a case's free text for good: on request, or when the desk's retention period has
//! passed.
//!
//! An erasure is an op (`case.erase`) like any other, so it is recorded with who, when and
//! why, and travels with sync. Its effect is on the log itself: every op of the case, its
//! contacts and its consults ordered before the erasure has its free text blanked inside its
//! payload (the field stays, empty, so last-writer-wins reads the same fields as before), and
//! the projections of those records are replayed from the blanked ops. An op that arrives
//! later but is ordered before an erasure (a workstation that was offline) is blanked when it
//! arrives. So the rule is a function of the set of ops, whatever order they came in, and
//! replaying the log still gives the projections.
//!
//! Why rewrite rather than encrypt per case and destroy the key (crypto-shredding): the
//! payloads are read by every screen, the report and sync, and a key per case would have to
//! be kept, backed up and synced as carefully as the text; a rewrite is a few statements per
//! op of one case, and `secure_delete` (set when the store opens) zeroes the old bytes, so
//! nothing of the text stays in the file. A checkpoint after the erasure clears the WAL.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::cases::records_of_case;
use super::oplog::{self, Op};
use super::queries::uuid_at;
use super::{Result, Store, payload};
use crate::domain::{ListEdit, OpKind};

/// An erasure as the ops table spells it, for the queries below.
const ERASE_KIND: &str = OpKind::CaseErase.key();

/// What an erased referral to a place not in the directory becomes: still counted as その他
/// by the report, with nothing of what was typed.
pub const ERASED_REFERRAL: &str = "erased";

/// The op's payload without its free text; None when there is none to erase.
pub(super) fn blanked(payload: &Map<String, Value>) -> Option<Map<String, Value>> {
    let mut out = payload.clone();
    for (key, value) in out.iter_mut() {
        let erased = match key.as_str() {
            "notes" | "advice" => json!(""),
            // The caller's hash is personal data too: kept, it would still say who called.
            "caller" => Value::Null,
            // An edit stays an edit, emptied of what was typed, so the fold of the list
            // reads the same ops (domain/list_edit.rs).
            "urls" => match ListEdit::from_value(value) {
                Some(edit) => edit.map_values(|_| None).to_value(),
                None => json!([]),
            },
            "referrals" => match (&*value, ListEdit::from_value(value)) {
                (_, Some(edit)) => edit.map_values(|v| Some(erased_referral(v))).to_value(),
                (Value::Array(items), None) => Value::Array(
                    items
                        .iter()
                        .map(|item| json!(erased_referral(item.as_str().unwrap_or(""))))
                        .collect(),
                ),
                _ => json!([]),
            },
            _ => continue,
        };
        *value = erased;
    }
    (out != *payload).then_some(out)
}

/// A referral as erasure leaves it: a place of the directory stays, typed text does not.
fn erased_referral(referral: &str) -> String {
    if is_place_id(referral) {
        referral.to_string()
    } else {
        ERASED_REFERRAL.to_string()
    }
}

/// A referral to a place of the directory is its id (`police_cyber`); anything else was typed.
fn is_place_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The case a record belongs to: the case itself, or a contact's or consult's case.
pub(super) fn case_of(conn: &Connection, op: &Op) -> Result<Option<Uuid>> {
    let table = match op.entity_kind.as_str() {
        "case" => return Ok(Some(op.entity)),
        "contact" => "contacts",
        "consult" => "consults",
        // An item's case is its contact's.
        "item" => "(SELECT i.id, t.case_id FROM items i JOIN contacts t ON t.id = i.contact_id)",
        _ => return Ok(None),
    };
    Ok(conn
        .prepare_cached(&format!("SELECT case_id FROM {table} WHERE id = ?1"))?
        .query_row(params![op.entity.as_bytes()], |r| {
            r.get::<_, Option<Vec<u8>>>(0)
        })
        .optional()?
        .flatten()
        .and_then(|bytes| Uuid::from_slice(&bytes).ok()))
}

/// The newest erasure of a case, as (stamp, id).
fn newest_erasure(conn: &Connection, case: Uuid) -> Result<Option<(i64, Uuid)>> {
    let row: Option<(i64, Vec<u8>)> = conn
        .prepare_cached(
            "SELECT stamp, id FROM ops WHERE entity = ?1 AND kind = ?2
             ORDER BY stamp DESC, id DESC LIMIT 1",
        )?
        .query_row(params![case.as_bytes(), ERASE_KIND], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(row.and_then(|(stamp, id)| Some((stamp, Uuid::from_slice(&id).ok()?))))
}

/// After `op` was stored and applied: if its case has an erasure ordered after it (or it is
/// one, or it ties its record to an erased case), blank what the erasure covers. Cheap for
/// the usual op: two index probes.
pub(super) fn enforce(conn: &Connection, op: &Op) -> Result<()> {
    let Some(case) = case_of(conn, op)? else {
        return Ok(());
    };
    let Some(erasure) = newest_erasure(conn, case)? else {
        return Ok(());
    };
    // Also when the op is what ties a contact, consult or item to the case: its earlier
    // ops, which arrived before anyone here knew whose they were, are covered from now on.
    // (A contact that arrives after its items links them too: its `case` brings them in.)
    let links = op.entity_kind != "case"
        && (op.payload.contains_key("case") || op.payload.contains_key("contact"));
    if op.kind == ERASE_KIND || (op.stamp, op.id) < erasure || links {
        erase(conn, case, erasure)?;
    }
    Ok(())
}

/// Blanks the free text of every op of `case`'s records ordered before `erasure`, replays
/// those records' projections from their ops, and drops their drafts.
fn erase(conn: &Connection, case: Uuid, erasure: (i64, Uuid)) -> Result<()> {
    let records = records_of_case(conn, case)?;
    let ops = oplog::ops_of(conn, &records)?;
    let mut update = conn.prepare_cached(
        "UPDATE ops SET payload = ?1
         WHERE workstation = (SELECT n FROM workstations WHERE id = ?2) AND seq = ?3",
    )?;
    // The server's copy of the op is rewritten by the next sync (src/sync/erasure.rs).
    let mut to_send = conn.prepare_cached(
        "INSERT OR REPLACE INTO erasures_unsent (workstation, seq, erasure)
         SELECT n, ?2, ?3 FROM workstations WHERE id = ?1",
    )?;
    let mut changed = HashSet::new();
    for op in ops.iter().filter(|op| (op.stamp, op.id) < erasure) {
        if let Some(blank) = blanked(&op.payload) {
            let workstation = op.workstation.as_bytes();
            update.execute(params![payload::encode(&blank), workstation, op.seq])?;
            to_send.execute(params![workstation, op.seq, erasure.1.as_bytes()])?;
            changed.insert(op.entity);
        }
    }
    if changed.is_empty() {
        return Ok(());
    }
    // The records' projections, replayed from their blanked ops in order.
    for record in &records {
        let id = record.as_bytes();
        conn.prepare_cached("DELETE FROM contact_values WHERE contact_id = ?1")?
            .execute(params![id])?;
        conn.prepare_cached("DELETE FROM contacts WHERE id = ?1")?
            .execute(params![id])?;
        conn.prepare_cached("DELETE FROM consults WHERE id = ?1")?
            .execute(params![id])?;
        conn.prepare_cached("DELETE FROM item_values WHERE item_id = ?1")?
            .execute(params![id])?;
        conn.prepare_cached("DELETE FROM items WHERE id = ?1")?
            .execute(params![id])?;
        conn.prepare_cached("DELETE FROM drafts WHERE contact_id = ?1")?
            .execute(params![record.to_string()])?;
    }
    conn.prepare_cached("DELETE FROM case_tags WHERE case_id = ?1")?
        .execute(params![case.as_bytes()])?;
    conn.prepare_cached("DELETE FROM cases WHERE id = ?1")?
        .execute(params![case.as_bytes()])?;
    let nothing_later = HashSet::new();
    for op in oplog::ops_of(conn, &records)? {
        oplog::apply_fields(conn, &op, &nothing_later)?;
    }
    Ok(())
}

/// A case the retention period has passed for.
#[derive(Debug, Clone, PartialEq)]
pub struct Expired {
    pub case: Uuid,
    pub number: String,
    pub last_contact: DateTime<Utc>,
}

impl Store {
    /// Cases whose last contact started before `cutoff` and that hold free text not yet
    /// erased (no erasure since their last contact ended), oldest first.
    pub fn expired_cases(&self, cutoff: DateTime<Utc>) -> Result<Vec<Expired>> {
        let mut stmt = self.conn.prepare(
            "SELECT k.id, k.number, MAX(t.started_at) AS last,
                    MAX(COALESCE(t.closed_at, t.ended_at, t.started_at)),
                    (SELECT MAX(o.stamp) FROM ops o WHERE o.entity = k.id AND o.kind = ?2)
             FROM contacts t CROSS JOIN cases k ON k.id = t.case_id
             WHERE k.number IS NOT NULL
             GROUP BY t.case_id HAVING last < ?1
             ORDER BY last, k.number",
        )?;
        let rows = stmt.query_map(params![cutoff.timestamp_micros(), ERASE_KIND], |r| {
            Ok((
                uuid_at(r, 0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })?;
        let mut expired = Vec::new();
        for row in rows {
            let (case, number, last, settled, erased) = row?;
            if erased.is_some_and(|erased| erased >= settled) {
                continue;
            }
            expired.push(Expired {
                case,
                number,
                last_contact: DateTime::from_timestamp_micros(last).unwrap_or_default(),
            });
        }
        Ok(expired)
    }
}
