//! `soudan sync status`: what is pending here, and how far each workstation has reached on
//! the server. Reads only, on both sides.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::{SyncError, Target, central, connect, runtime, uuid_of};
use crate::domain::format_utc;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub local: Local,
    /// None when the server could not be read; `error` says why.
    pub server: Option<Server>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Local {
    pub workstation: Uuid,
    pub station: String,
    /// This workstation's own ops (its head seq).
    pub ops: i64,
    /// Of those, the ones the server lacks: by the server's head when it answered, else by
    /// what the server last confirmed.
    pub pending: i64,
    pub last_sync: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    /// Every op the server holds.
    pub ops: i64,
    pub workstations: Vec<ServerWorkstation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerWorkstation {
    pub workstation: Uuid,
    pub station: String,
    pub head: i64,
    pub last_seen: Option<String>,
}

pub fn status(store: &Store, target: Option<&Target>, station: &str) -> Result<Status, SyncError> {
    let me = store.workstation();
    let own = store
        .known_sequences()?
        .into_iter()
        .find(|(ws, _)| *ws == me)
        .map_or(0, |(_, head)| head);
    let server = match target {
        Some(target) => read_server(target),
        None => Err(SyncError::Config(
            "no server: set [sync] url in config.toml or pass --url".into(),
        )),
    };
    let (server, error) = match server {
        Ok(server) => (Some(server), None),
        Err(error) => (None, Some(error.to_string())),
    };
    let confirmed = match &server {
        Some(server) => server
            .workstations
            .iter()
            .find(|w| w.workstation == me)
            .map_or(0, |w| w.head),
        None => store.pushed_through()?,
    };
    Ok(Status {
        local: Local {
            workstation: me,
            station: station.to_string(),
            ops: own,
            pending: (own - confirmed).max(0),
            last_sync: store.last_sync()?.map(format_utc),
        },
        server,
        error,
    })
}

fn read_server(target: &Target) -> Result<Server, SyncError> {
    runtime()?.block_on(async {
        let client = connect(target).await?;
        central::check(&client).await?;
        let rows = client
            .query(
                "SELECT w.id, w.station,
                        COALESCE((SELECT MAX(seq) FROM ops o WHERE o.workstation = w.id), 0),
                        (SELECT (EXTRACT(EPOCH FROM MAX(s.at)) * 1000000)::bigint
                         FROM syncs s WHERE s.workstation = w.id)
                 FROM workstations w ORDER BY w.station",
                &[],
            )
            .await?;
        let mut workstations = Vec::new();
        for row in rows {
            let seen: Option<i64> = row.get(3);
            workstations.push(ServerWorkstation {
                workstation: uuid_of(row.get(0))?,
                station: row.get(1),
                head: row.get(2),
                last_seen: seen
                    .and_then(DateTime::<Utc>::from_timestamp_micros)
                    .map(format_utc),
            });
        }
        // Sequences are dense (the server refuses a gap), so the heads add up to the count.
        let ops = workstations.iter().map(|w| w.head).sum();
        Ok(Server { ops, workstations })
    })
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let l = &self.local;
        writeln!(
            f,
            "this workstation {} ({}): {} ops, {} not on the server; last sync {}",
            l.station,
            l.workstation,
            l.ops,
            l.pending,
            l.last_sync.as_deref().unwrap_or("never")
        )?;
        match (&self.server, &self.error) {
            (Some(server), _) => {
                writeln!(f, "server: {} ops", server.ops)?;
                for w in &server.workstations {
                    writeln!(
                        f,
                        "  {:<8} head {:>8}  last sync {}",
                        w.station,
                        w.head,
                        w.last_seen.as_deref().unwrap_or("never")
                    )?;
                }
                Ok(())
            }
            (None, error) => writeln!(
                f,
                "server: cannot be read ({})",
                error.as_deref().unwrap_or("unknown")
            ),
        }
    }
}
