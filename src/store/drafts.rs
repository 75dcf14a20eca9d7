//! Text mid-edit, saved on every keystroke. A draft is local scratch, not history: it never
//! enters the op log until the counselor leaves the editor, which turns it into one op.

use chrono::{DateTime, Utc};
use rusqlite::params;
use uuid::Uuid;

use super::{Result, Store};
use crate::domain::format_utc;

impl Store {
    pub fn save_draft(
        &mut self,
        contact: Uuid,
        field: &str,
        text: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO drafts (contact_id, field, text, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (contact_id, field) DO UPDATE
             SET text = excluded.text, updated_at = excluded.updated_at",
            params![contact.to_string(), field, text, format_utc(at)],
        )?;
        Ok(())
    }

    pub fn draft(&self, contact: Uuid, field: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT text FROM drafts WHERE contact_id = ?1 AND field = ?2",
                params![contact.to_string(), field],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn discard_draft(&mut self, contact: Uuid, field: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM drafts WHERE contact_id = ?1 AND field = ?2",
            params![contact.to_string(), field],
        )?;
        Ok(())
    }
}
