//! Demo work items (作業): about 1.6 per contact, as the national centre's 4,882 items for
//! 3,005 contacts (seed 002), on services in the shares of its 図表9.
//!
//! They are drawn from a generator of their own, so that the rest of the demo data of a seed
//! is what it was before items existed.

use chrono::{DateTime, Utc};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use super::shares::{self, NO_ADDRESS, OWN_DOMAIN};
use crate::domain::{Change, WorkItem};
use crate::national::ServiceDirectory;

/// How many items a contact has: none (a question about the law, a call broken off), one,
/// two or three, weighted 10:40:30:20.
const ITEMS_PER_CONTACT: [(&str, u32); 4] = [("0", 10), ("1", 40), ("2", 30), ("3", 20)];

pub(super) struct ItemMaker {
    pub rng: ChaCha8Rng,
    /// Makes each demo address unique.
    serial: u64,
}

impl ItemMaker {
    pub fn new(rng: ChaCha8Rng) -> ItemMaker {
        ItemMaker { rng, serial: 0 }
    }

    /// The work items of a contact started at `start`.
    pub fn items(&mut self, contact: Uuid, start: DateTime<Utc>) -> Vec<Change> {
        let how_many: usize = shares::Shares(&ITEMS_PER_CONTACT)
            .pick(&mut self.rng)
            .parse()
            .unwrap_or(1);
        (0..how_many)
            .map(|_| {
                let item = self.item();
                let random: [u8; 10] = self.rng.random();
                let millis = u64::try_from(start.timestamp_millis()).unwrap_or(0);
                let id = uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid();
                Change::record_item(id, contact, &item)
            })
            .collect()
    }

    fn item(&mut self) -> WorkItem {
        let directory = ServiceDirectory::builtin();
        let rng = &mut self.rng;
        self.serial += 1;
        let mut item = WorkItem::default();
        match shares::SERVICE.pick(rng) {
            NO_ADDRESS => {}
            OWN_DOMAIN => {
                item.urls
                    .push(format!("https://site{}.example/", self.serial));
                item.place = Some(shares::OWN_DOMAIN_PLACE.pick(rng).to_string());
            }
            id => {
                if let Some(service) = directory.service(id) {
                    // An address the directory recognises as this service (`*.google.com`
                    // is Google その他 only below google.com, which is 検索); a service known
                    // by name only (ためき掲示板) has none.
                    let serial = self.serial;
                    let url = service.hosts.first().and_then(|host| {
                        let host = host.to_string();
                        let bare = host.trim_start_matches("*.");
                        [
                            format!("https://{bare}/demo/{serial}"),
                            format!("https://demo.{bare}/{serial}"),
                        ]
                        .into_iter()
                        .find(|url| directory.recognise(url).service.as_deref() == Some(id))
                    });
                    item.urls.extend(url);
                    item.place = service.place.clone();
                }
                item.services.push(id.to_string());
            }
        }
        let contents = if rng.random_bool(0.2) { 2 } else { 1 };
        item.contents = codes(shares::CONTENT.pick_distinct(rng, contents));
        let means = if rng.random_bool(0.3) { 2 } else { 1 };
        item.means = codes(shares::MEANS.pick_distinct(rng, means));
        item
    }
}

fn codes(picked: Vec<&str>) -> Vec<String> {
    picked.into_iter().map(String::from).collect()
}
