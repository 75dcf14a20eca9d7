//! Reading work items (作業), the national centre's unit of work: each contact's, in the
//! order they were started (their ids are UUIDv7).

use rusqlite::{Connection, params};
use uuid::Uuid;

use super::queries::uuid_at;
use super::{Result, Store};
use crate::domain::{ItemField, WorkItem};

impl Store {
    /// The contact's work items, oldest first.
    pub fn work_items(&self, contact: Uuid) -> Result<Vec<WorkItem>> {
        work_items(&self.conn, contact)
    }
}

pub(super) fn work_items(conn: &Connection, contact: Uuid) -> Result<Vec<WorkItem>> {
    let mut items = conn.prepare_cached(
        "SELECT id, place FROM items WHERE contact_id = ?1 AND removed = 0 ORDER BY id",
    )?;
    let mut values = conn.prepare_cached(
        "SELECT field, value FROM item_values WHERE item_id = ?1 ORDER BY field, pos",
    )?;
    let found = items.query_map(params![contact.as_bytes()], |r| {
        Ok((uuid_at(r, 0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let mut out = Vec::new();
    for row in found {
        let (id, place) = row?;
        let mut item = WorkItem {
            id,
            contact,
            place,
            ..WorkItem::default()
        };
        let mut rows = values.query(params![id.as_bytes()])?;
        while let Some(row) = rows.next()? {
            let field: String = row.get(0)?;
            let list = match ItemField::from_key(&field) {
                Some(ItemField::Urls) => &mut item.urls,
                Some(ItemField::Service) => &mut item.services,
                Some(ItemField::Content) => &mut item.contents,
                Some(ItemField::Means) => &mut item.means,
                _ => continue,
            };
            list.push(row.get(1)?);
        }
        out.push(item);
    }
    Ok(out)
}
