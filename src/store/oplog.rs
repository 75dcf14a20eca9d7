//! The append-only op log and how an op is applied to the projections.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{Result, StoreError};
use crate::domain::{
    CaseField, Change, ConsultField, ContactField, EntityKind, format_utc, parse_utc,
};

/// One recorded change, as stored and as sync will exchange it.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub id: Uuid,
    pub workstation: Uuid,
    pub seq: i64,
    pub entity_kind: String,
    pub entity: Uuid,
    pub kind: String,
    pub payload: Map<String, Value>,
    pub at: DateTime<Utc>,
    pub actor: String,
}

impl Op {
    /// The last-writer-wins stamp: time first, op id (UUIDv7, unique) as the tie-break, so
    /// every workstation orders any two ops the same way.
    fn stamp(&self) -> String {
        format!("{}|{}", format_utc(self.at), self.id)
    }
}

/// Appends `changes` as ops of `workstation` and applies them. Runs inside the caller's
/// transaction.
pub(super) fn record(
    conn: &Connection,
    workstation: Uuid,
    actor: &str,
    at: DateTime<Utc>,
    changes: &[Change],
) -> Result<()> {
    let last_seq: i64 = conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) FROM ops WHERE workstation = ?1",
        params![workstation.to_string()],
        |r| r.get(0),
    )?;
    for (offset, change) in changes.iter().enumerate() {
        let op = Op {
            id: Uuid::now_v7(),
            workstation,
            seq: last_seq + 1 + offset as i64,
            entity_kind: change.entity.key().to_string(),
            entity: change.id,
            kind: change.kind.to_string(),
            payload: change
                .fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            at,
            actor: actor.to_string(),
        };
        insert(conn, &op)?;
        apply(conn, &op)?;
    }
    Ok(())
}

fn insert(conn: &Connection, op: &Op) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO ops (id, workstation, seq, entity_kind, entity, kind, payload, at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        op.id.to_string(),
        op.workstation.to_string(),
        op.seq,
        op.entity_kind,
        op.entity.to_string(),
        op.kind,
        Value::Object(op.payload.clone()).to_string(),
        format_utc(op.at),
        op.actor,
    ])
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::Inconsistent(format!(
                "op {} collides with an existing op (workstation {}, seq {})",
                op.id, op.workstation, op.seq
            ))
        }
        other => other.into(),
    })?;
    Ok(())
}

/// Inserts an op made elsewhere. Returns false when the same op is already here.
pub(super) fn insert_foreign(conn: &Connection, op: &Op) -> Result<bool> {
    let known: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM ops WHERE id = ?1",
            params![op.id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if known.is_some() {
        return Ok(false);
    }
    insert(conn, op)?;
    Ok(true)
}

pub(super) fn all_ops(conn: &Connection) -> Result<Vec<Op>> {
    ops_where(conn, "?1 = ?1", "")
}

/// Ops matching a condition on the ops table with one text parameter, in replay order.
pub(super) fn ops_where(conn: &Connection, condition: &str, arg: &str) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, workstation, seq, entity_kind, entity, kind, payload, at, actor
         FROM ops WHERE {condition} ORDER BY at, id"
    ))?;
    let rows = stmt.query_map(params![arg], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut ops = Vec::new();
    for row in rows {
        let (id, ws, seq, entity_kind, entity, kind, payload, at, actor) = row?;
        let bad = |what: &str| StoreError::Inconsistent(format!("op {id}: bad {what}"));
        ops.push(Op {
            id: Uuid::parse_str(&id).map_err(|_| bad("id"))?,
            workstation: Uuid::parse_str(&ws).map_err(|_| bad("workstation"))?,
            seq,
            entity_kind,
            entity: Uuid::parse_str(&entity).map_err(|_| bad("entity"))?,
            kind,
            payload: match serde_json::from_str(&payload) {
                Ok(Value::Object(map)) => map,
                _ => return Err(bad("payload")),
            },
            at: parse_utc(&at).ok_or_else(|| bad("time"))?,
            actor,
        });
    }
    Ok(ops)
}

/// Applies one op to the projections, field by field: a field takes the op's value only if
/// the op is newer than the one that last set it. Applying the same ops in any order gives
/// the same projection.
pub(super) fn apply(conn: &Connection, op: &Op) -> Result<()> {
    let entity = op.entity.to_string();
    let (table, kind) = match op.entity_kind.as_str() {
        "case" => ("cases", EntityKind::Case),
        "contact" => ("contacts", EntityKind::Contact),
        "consult" => ("consults", EntityKind::Consult),
        other => {
            // An entity kind from a newer soudan: keep the op, nothing to project here.
            tracing::warn!(op = %op.id, kind = other, "op for an unknown entity kind");
            return Ok(());
        }
    };
    conn.prepare_cached(&format!("INSERT OR IGNORE INTO {table} (id) VALUES (?1)"))?
        .execute(params![entity])?;
    let clocks_text: String = conn
        .prepare_cached(&format!("SELECT clocks FROM {table} WHERE id = ?1"))?
        .query_row(params![entity], |r| r.get(0))?;
    // Sorted, so that the same clocks are the same text whatever order they were set in.
    let mut clocks: BTreeMap<String, String> =
        serde_json::from_str(&clocks_text).unwrap_or_default();
    let stamp = op.stamp();
    // The workstation that took the call is where a crash brings it back.
    let workstation = (op.kind == "contact.open").then(|| {
        (
            ContactField::Workstation.key().to_string(),
            Value::String(op.workstation.to_string()),
        )
    });
    for (field, value) in op
        .payload
        .iter()
        .chain(workstation.iter().map(|(k, v)| (k, v)))
    {
        let newer = clocks
            .get(field)
            .is_none_or(|previous| previous.as_str() < stamp.as_str());
        if !newer {
            continue;
        }
        let known = match kind {
            EntityKind::Case => write_case_field(conn, &entity, field, value)?,
            EntityKind::Contact => write_contact_field(conn, &entity, field, value)?,
            EntityKind::Consult => write_consult_field(conn, &entity, field, value)?,
        };
        if known {
            clocks.insert(field.clone(), stamp.clone());
        } else {
            tracing::warn!(op = %op.id, field = field.as_str(), "op sets an unknown field");
        }
    }
    conn.prepare_cached(&format!("UPDATE {table} SET clocks = ?1 WHERE id = ?2"))?
        .execute(params![
            serde_json::to_string(&clocks).unwrap_or_default(),
            entity
        ])?;
    Ok(())
}

fn write_case_field(conn: &Connection, id: &str, field: &str, value: &Value) -> Result<bool> {
    let Some(case_field) = CaseField::from_key(field) else {
        return Ok(false);
    };
    match case_field {
        CaseField::Tag(dim) if dim.is_multi() => {
            conn.prepare_cached("DELETE FROM case_tags WHERE case_id = ?1 AND dim = ?2")?
                .execute(params![id, field])?;
            for (pos, code) in text_list(value).iter().enumerate() {
                conn.prepare_cached(
                    "INSERT INTO case_tags (case_id, dim, pos, code) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![id, field, pos as i64, code])?;
            }
        }
        CaseField::Status => {
            let status = value.as_str().unwrap_or("open");
            conn.prepare_cached("UPDATE cases SET status = ?1 WHERE id = ?2")?
                .execute(params![status, id])?;
        }
        CaseField::Priority => {
            conn.prepare_cached("UPDATE cases SET priority = ?1 WHERE id = ?2")?
                .execute(params![value.as_i64().unwrap_or(0), id])?;
        }
        // The column is named after the field; the key comes from the whitelist above.
        _ => set_column(conn, "cases", case_field.key(), id, value)?,
    }
    Ok(true)
}

fn write_contact_field(conn: &Connection, id: &str, field: &str, value: &Value) -> Result<bool> {
    let Some(contact_field) = ContactField::from_key(field) else {
        return Ok(false);
    };
    if contact_field.is_list() {
        conn.prepare_cached("DELETE FROM contact_values WHERE contact_id = ?1 AND field = ?2")?
            .execute(params![id, field])?;
        for (pos, text) in text_list(value).iter().enumerate() {
            conn.prepare_cached(
                "INSERT INTO contact_values (contact_id, field, pos, value)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, field, pos as i64, text])?;
        }
        return Ok(true);
    }
    match contact_field {
        ContactField::Case => set_case_link(conn, "contacts", id, value)?,
        ContactField::Notes => {
            conn.prepare_cached("UPDATE contacts SET notes = ?1 WHERE id = ?2")?
                .execute(params![value.as_str().unwrap_or(""), id])?;
        }
        _ => set_column(conn, "contacts", contact_field.key(), id, value)?,
    }
    Ok(true)
}

fn write_consult_field(conn: &Connection, id: &str, field: &str, value: &Value) -> Result<bool> {
    match ConsultField::from_key(field) {
        None => Ok(false),
        Some(ConsultField::Case) => {
            set_case_link(conn, "consults", id, value)?;
            Ok(true)
        }
        Some(ConsultField::Status) => {
            conn.prepare_cached("UPDATE consults SET status = ?1 WHERE id = ?2")?
                .execute(params![value.as_str().unwrap_or("booked"), id])?;
            Ok(true)
        }
        Some(other) => {
            set_column(conn, "consults", other.key(), id, value)?;
            Ok(true)
        }
    }
}

/// Ops from other workstations can arrive in any order: a contact or consult may name a case
/// whose opening op is not here yet. A bare row keeps the foreign key; the case shows once its
/// own op fills it in.
fn set_case_link(conn: &Connection, table: &str, id: &str, value: &Value) -> Result<()> {
    if let Some(case_id) = value.as_str() {
        conn.prepare_cached("INSERT OR IGNORE INTO cases (id) VALUES (?1)")?
            .execute(params![case_id])?;
    }
    set_column(conn, table, "case_id", id, value)
}

fn set_column(conn: &Connection, table: &str, column: &str, id: &str, value: &Value) -> Result<()> {
    let sql_value = match value {
        Value::Null => SqlValue::Null,
        Value::String(s) => SqlValue::Text(s.clone()),
        Value::Number(n) => n.as_i64().map_or(SqlValue::Null, SqlValue::Integer),
        other => SqlValue::Text(other.to_string()),
    };
    conn.prepare_cached(&format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"))?
        .execute(params![sql_value, id])?;
    Ok(())
}

fn text_list(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}
