//! Sync with a central PostgreSQL: push this workstation's ops the server lacks, pull every
//! workstation's ops this database lacks, page by page.
//!
//! Both sides keep each workstation's sequence dense, so "what the other side lacks" is
//! everything after its head. A pulled page is applied only if it starts right after the
//! local head and has no hole, each page in its own transaction; this workstation's push
//! mark moves only after the server committed the page. A crash anywhere leaves both sides
//! as after some whole page, and the next sync goes on from there.
//!
//! The network part runs on a tokio runtime made for the call; the rest of soudan has none.

mod background;
mod central;
mod erasure;
mod status;
mod target;
mod tls;

pub use background::{Background, SyncNews};
pub use status::{Local, Server, ServerWorkstation, Status, status};

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio_postgres::Client;
use uuid::Uuid;

use crate::store::{self, Op, Store, StoreError};

pub use central::{CENTRAL_SCHEMA_VERSION, DEFAULT_ROLE, InitReport};
pub use target::{PasswordSources, Target};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Config(String),
    #[error("cannot reach the sync server {target}: {message}")]
    Connect { target: String, message: String },
    #[error("no secure connection to the sync server {target}: {message}")]
    Tls { target: String, message: String },
    #[error(
        "the sync server has central schema version {found}, newer than this soudan knows \
         ({supported}): upgrade soudan on this workstation; nothing was changed"
    )]
    NewerSchema { found: i32, supported: i32 },
    #[error(
        "the sync server has central schema version {found}, this soudan needs {wanted}: an \
         admin runs `soudan sync init` once; nothing was changed"
    )]
    OlderSchema { found: i32, wanted: i32 },
    #[error(
        "station code {station} is already registered to workstation {holder} (host {host}): \
         give this workstation its own code with `station = \"…\"` in config.toml; nothing \
         was changed"
    )]
    StationTaken {
        station: String,
        holder: Uuid,
        host: String,
    },
    #[error(
        "this workstation {workstation} is registered on the server with station code \
         {registered}, but config.toml says {configured}: set `station = \"{registered}\"` \
         (case numbers keep their series); nothing was changed"
    )]
    StationChanged {
        workstation: Uuid,
        registered: String,
        configured: String,
    },
    #[error(
        "the op logs have diverged: workstation {workstation} seq {seq} is op {local} here but \
         op {server} on the server (a restored old backup or a copied database file?); \
         nothing was changed"
    )]
    Diverged {
        workstation: Uuid,
        seq: i64,
        local: Uuid,
        server: Uuid,
    },
    #[error("the server's op log of workstation {workstation} has a gap: seq {expected} missing")]
    Gap { workstation: Uuid, expected: i64 },
    #[error("the server sent a bad op: {0}")]
    BadOp(String),
    #[error("sync server: {}", describe(.0))]
    Postgres(#[from] tokio_postgres::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who this workstation is on the server.
#[derive(Debug, Clone)]
pub struct Station {
    /// The case-number prefix (`station` in config.toml).
    pub code: String,
    pub host: String,
}

impl Station {
    /// This machine's name, for the registration (an admin reads it to find a workstation).
    pub fn host_name() -> String {
        #[cfg(unix)]
        {
            let mut buf = [0u8; 256];
            // SAFETY: the buffer is writable for its whole length, which is passed.
            if unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0 {
                let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
                if let Ok(name) = std::str::from_utf8(&buf[..end])
                    && !name.is_empty()
                {
                    return name.to_string();
                }
            }
        }
        std::env::var("COMPUTERNAME").unwrap_or_else(|_| "unknown".into())
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Ops per INSERT when pushing.
    pub push_page: usize,
    /// Ops per SELECT (and per local transaction) when pulling.
    pub pull_page: usize,
    /// A progress bar on stderr.
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            push_page: 5000,
            pull_page: 2000,
            progress: false,
        }
    }
}

/// What one sync moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub pushed: u64,
    pub pulled: u64,
    /// How many workstations the pulled ops came from.
    pub workstations: usize,
    /// How many of the server's ops had erased text rewritten out of them.
    pub erased: u64,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pushed {}, pulled {} from {} workstation{} in {:.1} s",
            self.pushed,
            self.pulled,
            self.workstations,
            if self.workstations == 1 { "" } else { "s" },
            self.elapsed.as_secs_f64()
        )?;
        if self.erased > 0 {
            write!(f, "; erased text in {} ops on the server", self.erased)?;
        }
        Ok(())
    }
}

/// The server from `--url` (or `SOUDAN_SYNC_URL`, which clap reads into it), else
/// `[sync] url`; a relative `password_file` is read from the config directory.
pub fn target_from(
    url_flag: Option<&str>,
    config: &crate::config::SyncConfig,
    config_dir: &std::path::Path,
) -> Result<Target, SyncError> {
    let url = url_flag.or(config.url.as_deref()).ok_or_else(|| {
        SyncError::Config(
            "no sync server: pass --url, set SOUDAN_SYNC_URL or `[sync] url` in config.toml".into(),
        )
    })?;
    let file = config.password_file.as_ref().map(|f| config_dir.join(f));
    Target::parse(url, &PasswordSources::from_env(file))
}

/// tokio-postgres' message with what caused it ("error connecting to server: Connection
/// refused"), and the server's own words for an error it reported. Neither holds the password.
fn describe(error: &tokio_postgres::Error) -> String {
    if let Some(db) = error.as_db_error() {
        return format!("{}: {}", db.severity(), db.message());
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text = format!("{text}: {cause_text}");
        }
        source = cause.source();
    }
    text
}

fn runtime() -> Result<tokio::runtime::Runtime, SyncError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SyncError::Config(format!("cannot start the network runtime: {e}")))
}

async fn connect(target: &Target) -> Result<Client, SyncError> {
    let (client, connection) = target
        .config
        .connect(target.tls.connector.clone())
        .await
        .map_err(|e| target.connect_error(&e))?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::warn!(%error, "sync connection ended");
        }
    });
    Ok(client)
}

/// `soudan sync init`: creates or upgrades the central schema; with `create_roles` also the
/// workstation role `role`.
pub fn init(target: &Target, role: &str, create_roles: bool) -> Result<InitReport, SyncError> {
    runtime()?.block_on(async {
        let mut client = connect(target).await?;
        central::init(&mut client, role, create_roles).await
    })
}

/// `soudan sync`: one push and pull against `target`.
pub fn sync(
    store: &mut Store,
    target: &Target,
    station: &Station,
    options: &Options,
) -> Result<Summary, SyncError> {
    let started = Instant::now();
    runtime()?.block_on(async {
        let client = connect(target).await?;
        let mut summary = Session {
            client: &client,
            store,
            options,
            me: Uuid::nil(),
        }
        .run(station)
        .await?;
        summary.elapsed = started.elapsed();
        Ok(summary)
    })
}

struct Session<'a> {
    client: &'a Client,
    store: &'a mut Store,
    options: &'a Options,
    me: Uuid,
}

impl Session<'_> {
    async fn run(&mut self, station: &Station) -> Result<Summary, SyncError> {
        self.me = self.store.workstation();
        central::check(self.client).await?;
        self.register(station).await?;
        let server = self.server_heads().await?;
        let local: HashMap<Uuid, i64> = self.store.known_sequences()?.into_iter().collect();
        // Every check before the first write: a refused sync changes nothing anywhere.
        self.check_not_diverged(&local, &server).await?;

        let to_push = local.get(&self.me).copied().unwrap_or(0);
        let server_mine = server.get(&self.me).copied().unwrap_or(0);
        let to_pull: u64 = server
            .iter()
            .map(|(ws, head)| (head - local.get(ws).copied().unwrap_or(0)).max(0) as u64)
            .sum();
        let bar = progress_bar(
            self.options.progress,
            (to_push - server_mine).max(0) as u64 + to_pull,
        );

        let pushed = self.push(server_mine, &bar).await?;
        let mut pulled = 0;
        let mut sources = 0;
        // This workstation's own ops too, when the server has more of them than this
        // database (a restored backup gets back what it had pushed).
        let mut heads: Vec<_> = server.into_iter().collect();
        heads.sort();
        for (workstation, head) in heads {
            let from = local.get(&workstation).copied().unwrap_or(0);
            if head > from {
                pulled += self.pull(workstation, from, head, &bar).await?;
                sources += 1;
                if workstation == self.me {
                    // Its own cases came back: new calls number on after them.
                    self.store.continue_case_series(&station.code)?;
                }
            }
        }
        bar.finish_and_clear();
        let erased = erasure::send(self.client, self.store).await?;
        self.client
            .execute(
                "INSERT INTO syncs (workstation, pushed, pulled) VALUES ($1, $2, $3)",
                &[
                    &self.me.as_bytes().as_slice(),
                    &(pushed as i64),
                    &(pulled as i64),
                ],
            )
            .await?;
        self.store.mark_synced(Utc::now())?;
        tracing::info!(pushed, pulled, sources, erased, "sync finished");
        Ok(Summary {
            pushed,
            pulled,
            workstations: sources,
            erased,
            elapsed: Duration::ZERO,
        })
    }

    /// Registers this workstation with its station code, or checks the registration.
    async fn register(&self, station: &Station) -> Result<(), SyncError> {
        let me = self.me.as_bytes().as_slice();
        self.client
            .execute(
                "INSERT INTO workstations (id, station, host) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
                &[&me, &station.code, &station.host],
            )
            .await?;
        let rows = self
            .client
            .query(
                "SELECT id, station, host FROM workstations WHERE id = $1 OR station = $2",
                &[&me, &station.code],
            )
            .await?;
        for row in rows {
            let id = uuid_of(row.get(0))?;
            let (code, host): (String, String) = (row.get(1), row.get(2));
            if id == self.me && code != station.code {
                return Err(SyncError::StationChanged {
                    workstation: id,
                    registered: code,
                    configured: station.code.clone(),
                });
            }
            if id != self.me {
                return Err(SyncError::StationTaken {
                    station: code,
                    holder: id,
                    host,
                });
            }
        }
        Ok(())
    }

    /// Each workstation's highest seq on the server (dense there: the server refuses a gap).
    async fn server_heads(&self) -> Result<HashMap<Uuid, i64>, SyncError> {
        let rows = self
            .client
            .query(
                "SELECT w.id, (SELECT MAX(seq) FROM ops o WHERE o.workstation = w.id)
                 FROM workstations w",
                &[],
            )
            .await?;
        let mut heads = HashMap::new();
        for row in rows {
            if let Some(head) = row.get::<_, Option<i64>>(1) {
                heads.insert(uuid_of(row.get(0))?, head);
            }
        }
        Ok(heads)
    }

    /// Both sides hold a dense prefix of each workstation's log: if they agree on the last
    /// op both hold, they agree on all before it. A copied database or a restored backup
    /// that went on writing differs there.
    async fn check_not_diverged(
        &self,
        local: &HashMap<Uuid, i64>,
        server: &HashMap<Uuid, i64>,
    ) -> Result<(), SyncError> {
        let mut mine = HashMap::new();
        for (workstation, local_head) in local {
            let both = (*local_head).min(server.get(workstation).copied().unwrap_or(0));
            if both > 0
                && let Some(op) = self.store.ops_after(*workstation, both - 1, 1)?.pop()
            {
                mine.insert((*workstation, both), op.id);
            }
        }
        if mine.is_empty() {
            return Ok(());
        }
        let (workstations, seqs): (Vec<&[u8]>, Vec<i64>) = mine
            .keys()
            .map(|(ws, seq)| (ws.as_bytes().as_slice(), *seq))
            .unzip();
        let rows = self
            .client
            .query(
                "SELECT o.workstation, o.seq, o.id FROM ops o
                 JOIN unnest($1::bytea[], $2::int8[]) AS k (workstation, seq)
                   ON o.workstation = k.workstation AND o.seq = k.seq",
                &[&workstations, &seqs],
            )
            .await?;
        for row in rows {
            let key = (uuid_of(row.get(0))?, row.get::<_, i64>(1));
            let server_id = uuid_of(row.get(2))?;
            if let Some(&local_id) = mine.get(&key)
                && local_id != server_id
            {
                return Err(SyncError::Diverged {
                    workstation: key.0,
                    seq: key.1,
                    local: local_id,
                    server: server_id,
                });
            }
        }
        Ok(())
    }

    /// Sends this workstation's ops after `head` (the server's), a page per statement.
    async fn push(&self, mut head: i64, bar: &indicatif::ProgressBar) -> Result<u64, SyncError> {
        let mut pushed = 0;
        loop {
            let page = self
                .store
                .stored_ops_after(self.me, head, self.options.push_page)?;
            let Some(last) = page.last().map(|op| op.seq) else {
                break;
            };
            insert_page(self.client, self.me, &page).await?;
            // Only now is the page the server's.
            self.store.mark_pushed(last)?;
            head = last;
            pushed += page.len() as u64;
            bar.inc(page.len() as u64);
        }
        Ok(pushed)
    }

    /// Fetches `workstation`'s ops after `from` up to `head`, applying each page in its own
    /// transaction once it is known to continue the local log without a hole.
    async fn pull(
        &mut self,
        workstation: Uuid,
        mut from: i64,
        head: i64,
        bar: &indicatif::ProgressBar,
    ) -> Result<u64, SyncError> {
        let mut pulled = 0;
        // One cursor over the whole range, fetched a page at a time. A query per page re-planned
        // each time, and right after a big push the server's statistics are stale: each page
        // then read and sorted every op after it (a fresh workstation's pull went quadratic).
        // The id and numbers are this program's own, so they can be written into the text.
        let hex: String = workstation
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.client
            .batch_execute(&format!(
                "BEGIN READ ONLY;
                 DECLARE pull_ops NO SCROLL CURSOR FOR
                 SELECT seq, id, stamp, at, entity, kind, actor, payload FROM ops
                 WHERE workstation = '\\x{hex}'::bytea AND seq > {from} AND seq <= {head}
                 ORDER BY seq"
            ))
            .await?;
        let fetch = format!("FETCH {} FROM pull_ops", self.options.pull_page.max(1));
        while from < head {
            let rows = self.client.query(fetch.as_str(), &[]).await?;
            let mut page = Vec::with_capacity(rows.len());
            for row in &rows {
                let op = op_of(workstation, row)?;
                if op.seq != from + 1 + page.len() as i64 {
                    return Err(SyncError::Gap {
                        workstation,
                        expected: from + 1 + page.len() as i64,
                    });
                }
                page.push(op);
            }
            let Some(last) = page.last().map(|op| op.seq) else {
                // The head was read from the server; fewer ops than that is a hole.
                return Err(SyncError::Gap {
                    workstation,
                    expected: from + 1,
                });
            };
            self.store.apply_foreign(&page)?;
            if workstation == self.me {
                self.store.mark_pushed(last)?;
            }
            from = last;
            pulled += page.len() as u64;
            bar.inc(page.len() as u64);
        }
        self.client.batch_execute("CLOSE pull_ops; COMMIT").await?;
        Ok(pulled)
    }
}

/// One multi-row INSERT of a page of `workstation`'s ops, as the log stores them: arrays of
/// columns, unnested in order so the server's density check sees each op's predecessor.
async fn insert_page(
    client: &Client,
    workstation: Uuid,
    page: &[store::StoredOp],
) -> Result<(), SyncError> {
    let workstation: Vec<&[u8]> = vec![workstation.as_bytes().as_slice(); page.len()];
    let seq: Vec<i64> = page.iter().map(|o| o.seq).collect();
    let id: Vec<&[u8]> = page.iter().map(|o| o.id.as_slice()).collect();
    let stamp: Vec<i64> = page.iter().map(|o| o.stamp).collect();
    let at: Vec<Option<i64>> = page.iter().map(|o| o.at).collect();
    let entity: Vec<&[u8]> = page.iter().map(|o| o.entity.as_slice()).collect();
    let kind: Vec<&str> = page.iter().map(|o| o.kind.as_str()).collect();
    let actor: Vec<&str> = page.iter().map(|o| o.actor.as_str()).collect();
    let payload: Vec<&[u8]> = page.iter().map(|o| o.payload.as_slice()).collect();
    client
        .execute(
            "INSERT INTO ops (workstation, seq, id, stamp, at, entity, kind, actor, payload)
             SELECT workstation, seq, id, stamp, at, entity, kind, actor, payload
             FROM unnest($1::bytea[], $2::int8[], $3::bytea[], $4::int8[], $5::int8[],
                         $6::bytea[], $7::text[], $8::text[], $9::bytea[])
                  WITH ORDINALITY
                  AS p (workstation, seq, id, stamp, at, entity, kind, actor, payload, n)
             ORDER BY n",
            &[
                &workstation,
                &seq,
                &id,
                &stamp,
                &at,
                &entity,
                &kind,
                &actor,
                &payload,
            ],
        )
        .await?;
    Ok(())
}

fn uuid_of(bytes: &[u8]) -> Result<Uuid, SyncError> {
    Uuid::from_slice(bytes).map_err(|_| SyncError::BadOp("an id is not 16 bytes".into()))
}

fn op_of(workstation: Uuid, row: &tokio_postgres::Row) -> Result<Op, SyncError> {
    let id = uuid_of(row.get(1))?;
    let stamp: i64 = row.get(2);
    let at: Option<i64> = row.get(3);
    let kind: String = row.get(5);
    let bad = |what: &str| SyncError::BadOp(format!("op {id}: bad {what}"));
    Ok(Op {
        id,
        workstation,
        seq: row.get(0),
        entity_kind: kind.split('.').next().unwrap_or_default().to_string(),
        entity: uuid_of(row.get(4))?,
        kind,
        payload: store::decode_payload(row.get(7)).ok_or_else(|| bad("payload"))?,
        at: DateTime::from_timestamp_micros(at.unwrap_or(stamp)).ok_or_else(|| bad("time"))?,
        stamp,
        actor: row.get(6),
    })
}

fn progress_bar(shown: bool, total: u64) -> indicatif::ProgressBar {
    if !shown || total == 0 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template("sync {bar:40} {pos}/{len} ops") {
        bar.set_style(style);
    }
    bar
}
