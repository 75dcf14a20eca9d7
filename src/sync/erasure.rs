//! An erasure reaches the server's copy of older ops. Erasing a case here rewrites the
//! payloads of the ops it covers (src/store/erase.rs) and remembers them; after push and
//! pull, sync sends those payloads to `soudan_erase_payloads` (central migration 0002),
//! which replaces the server's copies, and only then forgets them here. Every workstation
//! that pulls the erasure does the same for the ops it holds, so ops the erasing one never
//! had are rewritten too; a rewrite already done is a no-op.

use tokio_postgres::Client;

use super::SyncError;
use crate::store::Store;

/// Ops per call of the server function.
const PAGE: usize = 1000;

/// Sends every remembered rewrite; returns how many ops the server changed.
pub(super) async fn send(client: &Client, store: &mut Store) -> Result<u64, SyncError> {
    let mut rewritten = 0;
    loop {
        let page = store.erasures_unsent(PAGE)?;
        if page.is_empty() {
            return Ok(rewritten);
        }
        let erasures: Vec<&[u8]> = page
            .iter()
            .map(|o| o.erasure.as_bytes().as_slice())
            .collect();
        let workstations: Vec<&[u8]> = page
            .iter()
            .map(|o| o.workstation.as_bytes().as_slice())
            .collect();
        let seqs: Vec<i64> = page.iter().map(|o| o.seq).collect();
        let payloads: Vec<&[u8]> = page.iter().map(|o| o.payload.as_slice()).collect();
        let changed: i64 = client
            .query_one(
                "SELECT soudan_erase_payloads($1::bytea[], $2::bytea[], $3::int8[], $4::bytea[])",
                &[&erasures, &workstations, &seqs, &payloads],
            )
            .await?
            .get(0);
        // Only now is the server's copy erased.
        store.mark_erasures_sent(&page)?;
        rewritten += changed as u64;
    }
}
