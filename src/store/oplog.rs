//! The append-only op log and how an op is applied to the projections.
//!
//! Last writer wins per field, ordered by the op's stamp (a hybrid logical clock) with the op
//! id as the tie-break. The projections keep no clocks: a local op is stamped above every op
//! already here, so it simply writes its fields; a foreign op that arrives after later ops of
//! its entity writes only the fields none of those later ops set. Either way the projection
//! is what replaying the log in stamp order gives.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{Result, StoreError, erase, payload};
use crate::domain::{
    CaseField, Change, ConsultField, ContactField, EntityKind, ItemField, OpKind, list_after,
    parse_utc,
};

/// One recorded change, as stored and as sync exchanges it: `kind` and `entity_kind` in
/// their stored spelling (an [`OpKind`] and its first part). An op of a kind this soudan
/// does not know is refused wherever it comes from: applying it wrongly, or not at all,
/// would leave projections that replaying the log does not give.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub id: Uuid,
    pub workstation: Uuid,
    pub seq: i64,
    pub entity_kind: String,
    pub entity: Uuid,
    pub kind: String,
    pub payload: Map<String, Value>,
    /// When the change was made, by the clock of the workstation that made it.
    pub at: DateTime<Utc>,
    /// The last-writer-wins stamp, in microseconds: `at`, or just above the newest stamp the
    /// workstation had seen if its clock was behind. Every workstation orders two ops by
    /// (stamp, id) the same way.
    pub stamp: i64,
    pub actor: String,
}

impl Op {
    fn order(&self) -> (i64, Uuid) {
        (self.stamp, self.id)
    }

    /// What the op does; an error naming the kind when this soudan does not know it.
    pub fn op_kind(&self) -> Result<OpKind> {
        OpKind::from_key(&self.kind).ok_or_else(|| StoreError::UnknownOpKind {
            op: self.id,
            kind: self.kind.clone(),
        })
    }
}

/// Appends `changes` as ops of `workstation` (number `ws` in this file) and applies them.
/// Runs inside the caller's transaction.
pub(super) fn record(
    conn: &Connection,
    (ws, workstation): (i64, Uuid),
    actor: &str,
    at: DateTime<Utc>,
    changes: &[Change],
) -> Result<()> {
    let (last_seq, last_stamp): (i64, i64) = conn
        .prepare_cached(
            "SELECT seq, stamp FROM ops WHERE workstation = ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![ws], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, 0));
    let mut newest = last_stamp.max(seen_stamp(conn)?);
    for (offset, change) in changes.iter().enumerate() {
        newest = at.timestamp_micros().max(newest + 1);
        let op = Op {
            id: Uuid::now_v7(),
            workstation,
            seq: last_seq + 1 + offset as i64,
            entity_kind: change.entity().key().to_string(),
            entity: change.id,
            kind: change.kind.key().to_string(),
            payload: change
                .fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            at,
            stamp: newest,
            actor: actor.to_string(),
        };
        insert(conn, ws, &op)?;
        // Stamped above everything here: nothing later can have set any of its fields, and
        // no erasure is ordered after it.
        apply_fields(conn, &op, &HashSet::new())?;
        if change.kind == OpKind::CaseErase {
            erase::enforce(conn, &op)?;
        }
    }
    Ok(())
}

/// The newest stamp of any op that did not come from this workstation's own series (foreign
/// and migrated ops); this workstation's own newest is its last op.
fn seen_stamp(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'stamp'")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

pub(super) fn raise_seen_stamp(conn: &Connection, stamp: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES ('stamp', ?1)
         ON CONFLICT (key) DO UPDATE
         SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
    )?
    .execute(params![stamp.to_string()])?;
    Ok(())
}

/// This file's number for a workstation, registering it on first sight.
pub(super) fn workstation_number(conn: &Connection, workstation: Uuid) -> Result<i64> {
    conn.prepare_cached("INSERT OR IGNORE INTO workstations (id) VALUES (?1)")?
        .execute(params![workstation.as_bytes()])?;
    Ok(conn
        .prepare_cached("SELECT n FROM workstations WHERE id = ?1")?
        .query_row(params![workstation.as_bytes()], |r| r.get(0))?)
}

pub(super) fn insert(conn: &Connection, ws: i64, op: &Op) -> Result<()> {
    if op.op_kind()?.entity().key() != op.entity_kind {
        // The entity kind is stored as the first part of the op kind.
        return Err(StoreError::Inconsistent(format!(
            "op {}: kind {} is not an op on a {}",
            op.id, op.kind, op.entity_kind
        )));
    }
    let at = op.at.timestamp_micros();
    conn.prepare_cached(
        "INSERT INTO ops (workstation, seq, id, stamp, at, entity, kind, actor, payload)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        ws,
        op.seq,
        op.id.as_bytes(),
        op.stamp,
        (at != op.stamp).then_some(at),
        op.entity.as_bytes(),
        op.kind,
        op.actor,
        payload::encode(&op.payload),
    ])
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            collision(op)
        }
        other => other.into(),
    })?;
    Ok(())
}

fn collision(op: &Op) -> StoreError {
    StoreError::Inconsistent(format!(
        "op {} collides with an existing op (workstation {}, seq {})",
        op.id, op.workstation, op.seq
    ))
}

/// Inserts an op made elsewhere, `ws` being this file's number for its workstation. Returns
/// false when the same op is already here; a different op at its (workstation, seq) is an
/// error. The caller raises the seen stamp once for a batch.
pub(super) fn insert_foreign(conn: &Connection, ws: i64, op: &Op) -> Result<bool> {
    let known: Option<Vec<u8>> = conn
        .prepare_cached("SELECT id FROM ops WHERE workstation = ?1 AND seq = ?2")?
        .query_row(params![ws, op.seq], |r| r.get(0))
        .optional()?;
    match known {
        Some(id) if id == op.id.as_bytes() => Ok(false),
        Some(_) => Err(collision(op)),
        None => {
            insert(conn, ws, op)?;
            Ok(true)
        }
    }
}

const SELECT_OPS: &str =
    "SELECT o.id, w.id, o.seq, o.stamp, o.at, o.entity, o.kind, o.actor, o.payload
     FROM ops o JOIN workstations w ON w.n = o.workstation";

/// Every op, in replay order.
pub(super) fn all_ops(conn: &Connection) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare(&format!("{SELECT_OPS} ORDER BY o.stamp, o.id"))?;
    let rows = stmt.query_map([], read_op)?;
    rows.map(|row| row?).collect()
}

/// Replays the whole log into the projections (which the caller emptied), one op at a time
/// so a desk's ten years never sit in memory at once; `done` hears the count as it goes.
pub(super) fn replay(conn: &Connection, mut done: impl FnMut(usize)) -> Result<()> {
    let mut stmt = conn.prepare(&format!("{SELECT_OPS} ORDER BY o.stamp, o.id"))?;
    let mut rows = stmt.query([])?;
    // In stamp order each op is the newest so far: it writes all its fields.
    let nothing_later = HashSet::new();
    let mut count = 0;
    while let Some(row) = rows.next()? {
        // The stored ops before an erasure are already blanked: nothing to enforce.
        apply_fields(conn, &read_op(row)??, &nothing_later)?;
        count += 1;
        done(count);
    }
    Ok(())
}

/// The ops on `entities`, in replay order.
pub(super) fn ops_of(conn: &Connection, entities: &[Uuid]) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    let mut stmt = conn.prepare_cached(&format!("{SELECT_OPS} WHERE o.entity = ?1"))?;
    for entity in entities {
        for op in stmt.query_map(params![entity.as_bytes()], read_op)? {
            ops.push(op??);
        }
    }
    ops.sort_by_key(Op::order);
    Ok(ops)
}

pub(super) fn ops_after(
    conn: &Connection,
    workstation: Uuid,
    after: i64,
    limit: usize,
) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_OPS} WHERE w.id = ?1 AND o.seq > ?2 ORDER BY o.seq LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![workstation.as_bytes(), after, limit as i64],
        read_op,
    )?;
    rows.map(|row| row?).collect()
}

/// One op as the log stores it, for sending on as it is: ids as their 16 bytes, the payload
/// in its compact encoding (what the central store keeps too), `at` only where it differs
/// from the stamp. Nothing is decoded, so a push costs what the bytes cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOp {
    pub id: Vec<u8>,
    pub seq: i64,
    pub stamp: i64,
    pub at: Option<i64>,
    pub entity: Vec<u8>,
    pub kind: String,
    pub actor: String,
    pub payload: Vec<u8>,
}

/// [`ops_after`], as stored.
pub(super) fn stored_ops_after(
    conn: &Connection,
    workstation: Uuid,
    after: i64,
    limit: usize,
) -> Result<Vec<StoredOp>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_OPS} WHERE w.id = ?1 AND o.seq > ?2 ORDER BY o.seq LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![workstation.as_bytes(), after, limit as i64], |r| {
        let stamp: i64 = r.get(3)?;
        Ok(StoredOp {
            id: r.get(0)?,
            seq: r.get(2)?,
            stamp,
            at: r.get::<_, Option<i64>>(4)?.filter(|at| *at != stamp),
            entity: r.get(5)?,
            kind: r.get(6)?,
            actor: r.get(7)?,
            payload: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn known_sequences(conn: &Connection) -> Result<Vec<(Uuid, i64)>> {
    // One primary-key lookup per workstation, not a scan of the log.
    let mut stmt = conn.prepare_cached(
        "SELECT id, (SELECT MAX(seq) FROM ops WHERE workstation = n) FROM workstations ORDER BY n",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Option<i64>>(1)?))
    })?;
    let mut known = Vec::new();
    for row in rows {
        let (id, max) = row?;
        let id = Uuid::from_slice(&id)
            .map_err(|_| StoreError::Inconsistent("a workstation id is not 16 bytes".into()))?;
        if let Some(max) = max {
            known.push((id, max));
        }
    }
    Ok(known)
}

/// One row of SELECT_OPS. The outer Result is SQLite's, the inner says what in the row is
/// not a valid op.
fn read_op(r: &Row) -> rusqlite::Result<Result<Op>> {
    let id: Vec<u8> = r.get(0)?;
    let id = Uuid::from_slice(&id).unwrap_or_default();
    let bad = |what: &str| StoreError::Inconsistent(format!("op {id}: bad {what}"));
    let uuid = |bytes: Vec<u8>, what: &str| Uuid::from_slice(&bytes).map_err(|_| bad(what));
    let (workstation, entity): (Vec<u8>, Vec<u8>) = (r.get(1)?, r.get(5)?);
    let (stamp, at): (i64, Option<i64>) = (r.get(3)?, r.get(4)?);
    let kind: String = r.get(6)?;
    let payload: Vec<u8> = r.get(8)?;
    let (seq, actor) = (r.get(2)?, r.get(7)?);
    Ok((|| {
        let entity_kind = OpKind::from_key(&kind)
            .ok_or_else(|| StoreError::UnknownOpKind {
                op: id,
                kind: kind.clone(),
            })?
            .entity();
        Ok(Op {
            id,
            workstation: uuid(workstation, "workstation")?,
            seq,
            entity_kind: entity_kind.key().to_string(),
            entity: uuid(entity, "entity")?,
            payload: payload::decode(&payload).ok_or_else(|| bad("payload"))?,
            kind,
            at: DateTime::from_timestamp_micros(at.unwrap_or(stamp)).ok_or_else(|| bad("time"))?,
            stamp,
            actor,
        })
    })())
}

/// The fields an op writes: its payload, and for a contact's opening the workstation that
/// took the call (where a crash brings it back).
fn fields_written(op: &Op) -> impl Iterator<Item = (String, Value)> + '_ {
    let workstation = (op.kind == OpKind::ContactOpen.key()).then(|| {
        (
            ContactField::Workstation.key().to_string(),
            Value::String(op.workstation.to_string()),
        )
    });
    op.payload
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .chain(workstation)
}

/// The fields that ops on `op`'s entity ordered after it have set: those keep their value
/// when `op` arrives late. Empty for an op that is the newest of its entity, the usual case.
pub(super) fn fields_set_after(conn: &Connection, op: &Op) -> Result<HashSet<String>> {
    // Not the op itself: arriving in order (a fresh workstation's pull), that is all there is.
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_OPS} WHERE o.entity = ?1 AND o.stamp >= ?2 AND o.id != ?3"
    ))?;
    let mut fields = HashSet::new();
    let found = stmt.query_map(
        params![op.entity.as_bytes(), op.stamp, op.id.as_bytes()],
        read_op,
    )?;
    for later in found {
        let later = later??;
        if later.order() > op.order() {
            fields.extend(fields_written(&later).map(|(field, _)| field));
        }
    }
    Ok(fields)
}

/// Applies one op to the projections, except the fields in `set_later`, and any erasure it
/// is, or is ordered before (see erase.rs).
pub(super) fn apply(conn: &Connection, op: &Op, set_later: &HashSet<String>) -> Result<()> {
    apply_fields(conn, op, set_later)?;
    erase::enforce(conn, op)
}

/// Writes an op's fields to the projections, except those in `set_later`. A list field set
/// later is folded again from every op of the entity in order instead: an edit that
/// arrives late still adds or removes its values (domain/list_edit.rs).
pub(super) fn apply_fields(conn: &Connection, op: &Op, set_later: &HashSet<String>) -> Result<()> {
    let op_kind = op.op_kind()?;
    if op_kind == OpKind::CaseErase {
        // It sets no field; what it does is erase.rs's.
        return Ok(());
    }
    let entity = op.entity.as_bytes().as_slice();
    let kind = op_kind.entity();
    let table = match kind {
        EntityKind::Case => "cases",
        EntityKind::Contact => "contacts",
        EntityKind::Consult => "consults",
        EntityKind::Item => "items",
    };
    conn.prepare_cached(&format!("INSERT OR IGNORE INTO {table} (id) VALUES (?1)"))?
        .execute(params![entity])?;
    for (field, value) in fields_written(op) {
        if let Some(list) = ListColumn::of(kind, &field) {
            let values = if set_later.contains(&field) {
                fold_list(conn, op.entity, &field)?
            } else if value.is_object() {
                list_after(list.read(conn, entity, &field)?, &value)
            } else {
                list_after(Vec::new(), &value)
            };
            list.write(conn, entity, &field, &values)?;
            continue;
        }
        if set_later.contains(&field) {
            continue;
        }
        let known = match kind {
            EntityKind::Case => write_case_field(conn, entity, &field, &value)?,
            EntityKind::Contact => write_contact_field(conn, entity, &field, &value)?,
            EntityKind::Consult => write_consult_field(conn, entity, &field, &value)?,
            EntityKind::Item => write_item_field(conn, entity, &field, &value)?,
        };
        if !known {
            tracing::warn!(op = %op.id, field = field.as_str(), "op sets an unknown field");
        }
    }
    Ok(())
}

/// A list field as every op of its entity leaves it, taken in order.
fn fold_list(conn: &Connection, entity: Uuid, field: &str) -> Result<Vec<String>> {
    Ok(ops_of(conn, &[entity])?
        .iter()
        .filter_map(|op| op.payload.get(field))
        .fold(Vec::new(), list_after))
}

/// Where a list field's values are kept, one row per value with its position: a case's
/// multi-choice tags in `case_tags`, a contact's lists in `contact_values`.
#[derive(Clone, Copy)]
enum ListColumn {
    CaseTags,
    ContactValues,
    ItemValues,
}

impl ListColumn {
    fn of(kind: EntityKind, field: &str) -> Option<ListColumn> {
        match kind {
            EntityKind::Case => matches!(
                CaseField::from_key(field),
                Some(CaseField::Tag(dim)) if dim.is_multi()
            )
            .then_some(ListColumn::CaseTags),
            EntityKind::Contact => ContactField::from_key(field)
                .is_some_and(ContactField::is_list)
                .then_some(ListColumn::ContactValues),
            EntityKind::Item => ItemField::from_key(field)
                .is_some_and(ItemField::is_list)
                .then_some(ListColumn::ItemValues),
            EntityKind::Consult => None,
        }
    }

    /// (table, owner column, field column, value column)
    fn columns(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            ListColumn::CaseTags => ("case_tags", "case_id", "dim", "code"),
            ListColumn::ContactValues => ("contact_values", "contact_id", "field", "value"),
            ListColumn::ItemValues => ("item_values", "item_id", "field", "value"),
        }
    }

    fn read(self, conn: &Connection, id: &[u8], field: &str) -> Result<Vec<String>> {
        let (table, owner, key, value) = self.columns();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {value} FROM {table} WHERE {owner} = ?1 AND {key} = ?2 ORDER BY pos"
        ))?;
        let values = stmt.query_map(params![id, field], |r| r.get(0))?;
        Ok(values.collect::<rusqlite::Result<_>>()?)
    }

    fn write(self, conn: &Connection, id: &[u8], field: &str, values: &[String]) -> Result<()> {
        let (table, owner, key, value) = self.columns();
        conn.prepare_cached(&format!(
            "DELETE FROM {table} WHERE {owner} = ?1 AND {key} = ?2"
        ))?
        .execute(params![id, field])?;
        let mut insert = conn.prepare_cached(&format!(
            "INSERT INTO {table} ({owner}, {key}, pos, {value}) VALUES (?1, ?2, ?3, ?4)"
        ))?;
        for (pos, text) in values.iter().enumerate() {
            insert.execute(params![id, field, pos as i64, text])?;
        }
        Ok(())
    }
}

/// How a payload value is stored in its projection column.
#[derive(Clone, Copy)]
enum Column {
    Text,
    /// A time in soudan's text form, stored as integer microseconds.
    Time,
    /// An id in text form, stored as its 16 bytes.
    Id,
}

fn write_case_field(conn: &Connection, id: &[u8], field: &str, value: &Value) -> Result<bool> {
    let Some(case_field) = CaseField::from_key(field) else {
        return Ok(false);
    };
    match case_field {
        CaseField::Status => {
            let status = value.as_str().unwrap_or("open");
            conn.prepare_cached("UPDATE cases SET status = ?1 WHERE id = ?2")?
                .execute(params![status, id])?;
        }
        CaseField::Priority => {
            conn.prepare_cached("UPDATE cases SET priority = ?1 WHERE id = ?2")?
                .execute(params![value.as_i64().unwrap_or(0), id])?;
        }
        CaseField::OpenedAt => set_column(conn, "cases", "opened_at", id, value, Column::Time)?,
        // The column is named after the field; the key comes from the whitelist above.
        _ => set_column(conn, "cases", case_field.key(), id, value, Column::Text)?,
    }
    Ok(true)
}

fn write_contact_field(conn: &Connection, id: &[u8], field: &str, value: &Value) -> Result<bool> {
    let Some(contact_field) = ContactField::from_key(field) else {
        return Ok(false);
    };
    match contact_field {
        ContactField::Case => set_case_link(conn, "contacts", id, value)?,
        ContactField::Notes => {
            conn.prepare_cached("UPDATE contacts SET notes = ?1 WHERE id = ?2")?
                .execute(params![value.as_str().unwrap_or(""), id])?;
        }
        ContactField::Workstation => {
            let number = match value.as_str().and_then(|text| Uuid::try_parse(text).ok()) {
                Some(workstation) => Some(workstation_number(conn, workstation)?),
                None => None,
            };
            conn.prepare_cached("UPDATE contacts SET workstation = ?1 WHERE id = ?2")?
                .execute(params![number, id])?;
        }
        ContactField::StartedAt | ContactField::EndedAt | ContactField::ClosedAt => set_column(
            conn,
            "contacts",
            contact_field.key(),
            id,
            value,
            Column::Time,
        )?,
        _ => set_column(
            conn,
            "contacts",
            contact_field.key(),
            id,
            value,
            Column::Text,
        )?,
    }
    Ok(true)
}

fn write_consult_field(conn: &Connection, id: &[u8], field: &str, value: &Value) -> Result<bool> {
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
            set_column(conn, "consults", other.key(), id, value, Column::Text)?;
            Ok(true)
        }
    }
}

/// A work item's single fields: its contact and its 場所.
fn write_item_field(conn: &Connection, id: &[u8], field: &str, value: &Value) -> Result<bool> {
    match ItemField::from_key(field) {
        Some(ItemField::Contact) => set_column(conn, "items", "contact_id", id, value, Column::Id)?,
        Some(ItemField::Place) => set_column(conn, "items", "place", id, value, Column::Text)?,
        Some(ItemField::Removed) => {
            conn.prepare_cached("UPDATE items SET removed = ?2 WHERE id = ?1")?
                .execute(params![id, value.as_bool().unwrap_or(false)])?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Ops from other workstations can arrive in any order: a contact or consult may name a case
/// whose opening op is not here yet. A bare row keeps the foreign key; the case shows once its
/// own op fills it in.
fn set_case_link(conn: &Connection, table: &str, id: &[u8], value: &Value) -> Result<()> {
    if let Some(case_id) = value.as_str().and_then(|text| Uuid::try_parse(text).ok()) {
        conn.prepare_cached("INSERT OR IGNORE INTO cases (id) VALUES (?1)")?
            .execute(params![case_id.as_bytes()])?;
    }
    set_column(conn, table, "case_id", id, value, Column::Id)
}

fn set_column(
    conn: &Connection,
    table: &str,
    column: &str,
    id: &[u8],
    value: &Value,
    form: Column,
) -> Result<()> {
    let sql_value = match (value, form) {
        (Value::String(s), Column::Time) => parse_utc(s).map_or(SqlValue::Null, |at| {
            SqlValue::Integer(at.timestamp_micros())
        }),
        (Value::String(s), Column::Id) => {
            Uuid::try_parse(s).map_or(SqlValue::Null, |id| SqlValue::Blob(id.as_bytes().to_vec()))
        }
        (_, Column::Time | Column::Id) => SqlValue::Null,
        (Value::Null, Column::Text) => SqlValue::Null,
        (Value::String(s), Column::Text) => SqlValue::Text(s.clone()),
        (Value::Number(n), Column::Text) => n.as_i64().map_or(SqlValue::Null, SqlValue::Integer),
        (other, Column::Text) => SqlValue::Text(other.to_string()),
    };
    conn.prepare_cached(&format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"))?
        .execute(params![sql_value, id])?;
    Ok(())
}
