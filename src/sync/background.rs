//! Sync while the TUI runs (`[sync] interval`): a thread of its own, with its own SQLite
//! connection and its own network runtime, so the screen never waits on the network and a
//! call is never interrupted. It syncs at start, then every interval and whenever asked
//! (`sync.now`), and says how each sync went on a channel the screen reads between frames.
//! Pulled ops are applied in small pages, so a keystroke's write waits a few ms at most.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{Options, Station, Summary, Target};
use crate::store::Store;

/// Ops per local transaction when pulling in the background: small enough that the UI's
/// own write never waits long behind one.
const BACKGROUND_PULL_PAGE: usize = 100;

/// How long a connection attempt may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What the screen hears from the sync thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncNews {
    /// A sync is under way.
    Started,
    Synced {
        at: DateTime<Utc>,
        pushed: u64,
        pulled: u64,
    },
    /// The sync failed; the message names the server, never a password.
    Failed { error: String },
}

/// The running sync thread. Dropping it stops the thread after its current sync.
pub struct Background {
    now: Sender<()>,
    news: Receiver<SyncNews>,
}

impl Background {
    /// Starts syncing `db` with `target`: at once and then every `interval`, and whenever
    /// asked (without an interval, only when asked).
    pub fn start(
        db: PathBuf,
        mut target: Target,
        station: Station,
        interval: Option<Duration>,
    ) -> Background {
        target.config.connect_timeout(CONNECT_TIMEOUT);
        let (now_tx, now_rx) = mpsc::channel();
        let (news_tx, news_rx) = mpsc::channel();
        std::thread::spawn(move || run(&db, &target, &station, interval, &now_rx, &news_tx));
        Background {
            now: now_tx,
            news: news_rx,
        }
    }

    /// Asks for a sync now (after the one under way, if any).
    pub fn sync_now(&self) {
        let _ = self.now.send(());
    }

    /// What happened since the last call, oldest first; never waits.
    pub fn news(&self) -> Vec<SyncNews> {
        self.news.try_iter().collect()
    }
}

fn run(
    db: &std::path::Path,
    target: &Target,
    station: &Station,
    interval: Option<Duration>,
    now: &Receiver<()>,
    news: &Sender<SyncNews>,
) {
    let options = Options {
        pull_page: BACKGROUND_PULL_PAGE,
        ..Options::default()
    };
    let mut store = None;
    // Without an interval, only when asked.
    if interval.is_none() && now.recv().is_err() {
        return;
    }
    loop {
        if news.send(SyncNews::Started).is_err() {
            return;
        }
        let outcome = once(db, &mut store, target, station, &options);
        let said = match outcome {
            Ok(summary) => {
                tracing::info!(
                    pushed = summary.pushed,
                    pulled = summary.pulled,
                    "background sync finished"
                );
                SyncNews::Synced {
                    at: Utc::now(),
                    pushed: summary.pushed,
                    pulled: summary.pulled,
                }
            }
            Err(error) => {
                tracing::warn!(%error, "background sync failed");
                SyncNews::Failed { error }
            }
        };
        if news.send(said).is_err() {
            return;
        }
        let waited = match interval {
            Some(interval) => now.recv_timeout(interval),
            None => now.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match waited {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {
                // Several presses while a sync ran are one more sync, not several.
                while now.try_recv().is_ok() {}
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// One sync on the thread's own connection, opened on first use.
fn once(
    db: &std::path::Path,
    store: &mut Option<Store>,
    target: &Target,
    station: &Station,
    options: &Options,
) -> Result<Summary, String> {
    if store.is_none() {
        *store = Some(Store::open_existing(db).map_err(|e| e.to_string())?);
    }
    let Some(store) = store.as_mut() else {
        return Err("no database".into());
    };
    super::sync(store, target, station, options).map_err(|e| e.to_string())
}
