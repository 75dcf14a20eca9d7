//! The edge where effects happen: a [`Session`] feeds terminal events to the [`App`], carries
//! out the effects it returns against the [`Store`], and hands results back. The real
//! terminal loop and the snapshot tests both drive this same path.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Timelike, Utc};
use crossterm::event::Event;
use ratatui::Frame;
use uuid::Uuid;

use crate::app::{App, Effect, HistoryEntry, NOTES_DRAFT, SyncIndicator, URL_DRAFT, describe_op};
use crate::domain::{Change, Clock, ContactField, Dim, OpKind};
use crate::keymap::KeyChord;
use crate::privacy::caller::CallerKey;
use crate::store::{Store, StoreError};
use crate::sync::{Background, SyncNews};

const RECENT_ON_READY: usize = 12;
const CASES_TO_PICK: usize = 30;

pub struct Session {
    pub app: App,
    pub store: Store,
    clock: Arc<dyn Clock>,
    /// Where the desk's caller key is (the config directory); None: callers are not
    /// recorded (tests that never give one).
    caller_key_dir: Option<PathBuf>,
    /// Sync running beside the screen (`[sync] url`), if configured.
    background: Option<Background>,
    /// The store's `data_version` when the screens last read it: another connection (the
    /// sync thread, a nightly `soudan sync`) has committed when it moves.
    seen_version: i64,
}

impl Session {
    /// Starts a session; a call this workstation left open (a crash, a kill, a quit mid-call)
    /// comes back on screen with what was being typed.
    pub fn new(app: App, store: Store, clock: Arc<dyn Clock>) -> Result<Session, StoreError> {
        let mut session = Session {
            app,
            store,
            clock,
            caller_key_dir: None,
            background: None,
            seen_version: 0,
        };
        session.seen_version = session.store.data_version()?;
        session.refresh_recent()?;
        if let Some(contact) = session.store.open_contact()? {
            session.show_call(contact.case_id, contact.id)?;
            let lang = session.app.lang();
            session.app.status = Some(crate::app::Status {
                kind: crate::app::StatusKind::Warning,
                text: lang
                    .pick(
                        "前回の通話を復元しました(タイマーは開始時刻から続いています)",
                        "Restored the call in progress (the timer runs from its start)",
                    )
                    .to_string(),
            });
            tracing::info!(contact = %contact.id, "restored an open call");
        }
        Ok(session)
    }

    /// Callers are recorded with the key in `config_dir` (made there on first use).
    pub fn with_caller_key_dir(mut self, config_dir: &Path) -> Session {
        self.caller_key_dir = Some(config_dir.to_path_buf());
        self
    }

    /// Syncs in the background with `background`, and shows how that stands in the header.
    pub fn with_background(mut self, background: Background) -> Session {
        self.background = Some(background);
        self.app.sync = Some(SyncIndicator {
            last_ok: self.store.last_sync().ok().flatten(),
            ..SyncIndicator::default()
        });
        self.refresh_pending();
        self
    }

    /// Between frames: takes what the sync thread said, and re-reads the screens when
    /// another connection changed the database. A call on screen is never reloaded: what
    /// the counselor is typing stays as it is.
    pub fn tick(&mut self) {
        let news = self
            .background
            .as_ref()
            .map(Background::news)
            .unwrap_or_default();
        for news in news {
            self.hear(news);
        }
        match self.store.data_version() {
            Ok(version) if version != self.seen_version => {
                self.seen_version = version;
                if let Err(error) = self.reload_after_outside_change() {
                    tracing::warn!(%error, "could not re-read after a sync");
                }
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "could not read the data version"),
        }
    }

    fn hear(&mut self, news: SyncNews) {
        let lang = self.app.lang();
        let Some(sync) = self.app.sync.as_mut() else {
            return;
        };
        let mut went_offline = None;
        match news {
            SyncNews::Started => sync.running = true,
            SyncNews::Synced { at, .. } => {
                sync.last_ok = Some(at);
                sync.offline = false;
                sync.running = false;
            }
            SyncNews::Failed { error } => {
                sync.running = false;
                // Said once when it goes offline, not at every retry.
                if !sync.offline {
                    went_offline = Some(error);
                }
                sync.offline = true;
            }
        }
        if let Some(error) = went_offline
            && self.app.call().is_none()
        {
            self.app.report_error(format!(
                "{}: {error}",
                lang.pick("同期できませんでした", "Sync failed")
            ));
        }
        self.refresh_pending();
    }

    /// Pulled changes on the ready screen and the queue, without a restart.
    fn reload_after_outside_change(&mut self) -> Result<(), StoreError> {
        self.refresh_pending();
        match self.app.screen {
            crate::app::Screen::Ready => self.refresh_recent(),
            crate::app::Screen::Queue(_) => {
                let items = self.store.open_cases()?;
                self.app.show_queue(items, self.now());
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn refresh_pending(&mut self) {
        if let Some(sync) = self.app.sync.as_mut() {
            match self.store.pending_push() {
                Ok(pending) => sync.pending = pending,
                Err(error) => tracing::warn!(%error, "could not count the ops to send"),
            }
        }
    }

    /// Now, to the second: records show whole seconds, and an export read back must give
    /// the same talk time it showed.
    pub fn now(&self) -> DateTime<Utc> {
        let now = self.clock.now();
        now.with_nanosecond(0).unwrap_or(now)
    }

    pub fn draw(&self, frame: &mut Frame) {
        crate::ui::render(frame, &self.app, self.now());
    }

    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) => {
                if let Some(chord) = KeyChord::from_event(key) {
                    self.press(chord);
                }
            }
            Event::Paste(text) => {
                let effects = self.app.on_paste(text);
                self.run(effects);
            }
            _ => {}
        }
    }

    pub fn press(&mut self, key: KeyChord) {
        let effects = self.app.on_key(key, self.now());
        self.run(effects);
    }

    pub fn paste(&mut self, text: &str) {
        let effects = self.app.on_paste(text);
        self.run(effects);
    }

    fn run(&mut self, effects: Vec<Effect>) {
        let changed = !effects.is_empty();
        for effect in effects {
            if let Err(error) = self.carry_out(effect) {
                // The message names what failed, never the text being saved.
                tracing::error!(%error, "could not carry out an effect");
                let lang = self.app.lang();
                self.app.report_error(format!(
                    "{}: {error}",
                    lang.pick("保存できませんでした", "Could not save")
                ));
                // Show what the store really holds rather than what failed to land.
                if let Some((case, contact)) = self.app.call().map(|c| (c.case.id, c.contact.id)) {
                    let _ = self.show_call(case, contact);
                }
            }
        }
        if changed {
            self.refresh_pending();
        }
    }

    /// Keeps the caller as the desk's keyed hash only and shows their other cases. A key
    /// that cannot be read is said on the status line and nothing is recorded.
    fn record_caller(&mut self, case: Uuid, identifier: &str) -> Result<(), StoreError> {
        let key = match &self.caller_key_dir {
            Some(dir) => CallerKey::load_or_create(dir).map_err(|e| e.to_string()),
            None => Err("no config directory for the caller key".to_string()),
        };
        let key = match key {
            Ok(key) => key,
            Err(error) => {
                // The error names the key file, never the identifier.
                tracing::error!(%error, "caller not recorded");
                self.app.report_error(error);
                return Ok(());
            }
        };
        let hash = key.hash(identifier);
        let counselor = self.app.settings.counselor.clone();
        self.store
            .commit(&counselor, self.now(), &[Change::set_caller(case, &hash)])?;
        let mut earlier = self.store.cases_of_caller(&hash)?;
        earlier.retain(|c| c.case != case);
        tracing::info!(earlier = earlier.len(), "caller recorded");
        self.app.show_caller_cases(earlier);
        Ok(())
    }

    fn carry_out(&mut self, effect: Effect) -> Result<(), StoreError> {
        let now = self.now();
        let counselor = self.app.settings.counselor.clone();
        match effect {
            Effect::Commit(changes) => self.store.commit(&counselor, now, &changes)?,
            Effect::SyncNow => {
                let lang = self.app.lang();
                match &self.background {
                    Some(background) => {
                        background.sync_now();
                        if let Some(sync) = self.app.sync.as_mut() {
                            sync.running = true;
                        }
                    }
                    None => self.app.report_error(
                        lang.pick(
                            "同期先がありません: config.toml に [sync] url を設定してください",
                            "No sync server: set [sync] url in config.toml",
                        )
                        .to_string(),
                    ),
                }
            }
            Effect::EraseCase { case, reason } => {
                self.store.erase_cases(&counselor, now, &[case], &reason)?;
                tracing::info!(cases = 1, "erased on request");
            }
            Effect::AttachCall { contact, from, to } => {
                let changes = [
                    Change::contact(
                        contact,
                        OpKind::ContactAttach,
                        ContactField::Case,
                        serde_json::json!(to.to_string()),
                    ),
                    // Left without a call, it would wait in the queue for no one.
                    Change::close_case(from, "other"),
                ];
                self.store.commit(&counselor, now, &changes)?;
                tracing::info!(case = %to, "call attached to the caller's earlier case");
                self.show_call(to, contact)?;
                let number = self
                    .app
                    .call()
                    .map(|c| c.case.number.clone())
                    .unwrap_or_default();
                let lang = self.app.lang();
                self.app.status = Some(crate::app::Status {
                    kind: crate::app::StatusKind::Info,
                    text: match lang {
                        crate::domain::Lang::Ja => format!("{number} の続きの通話にしました"),
                        crate::domain::Lang::En => format!("This call now continues {number}"),
                    },
                });
            }
            Effect::RecordCaller { case, identifier } => self.record_caller(case, &identifier)?,
            Effect::StartCall { case: None } => {
                let (case_id, contact_id) = (Uuid::now_v7(), Uuid::now_v7());
                let open = Change::open_contact(
                    contact_id,
                    case_id,
                    &counselor,
                    now,
                    Some(&self.app.settings.default_channel),
                );
                let station = self.app.settings.station.clone();
                let number = self
                    .store
                    .open_new_case(&station, &counselor, now, case_id, open)?;
                tracing::info!(case = %number, "call started on a new case");
                self.show_call(case_id, contact_id)?;
            }
            Effect::StartCall {
                case: Some(case_id),
            } => {
                let earlier = self.store.contacts_of(case_id)?;
                // A follow-up usually comes the way the last contact did.
                let channel = earlier
                    .last()
                    .and_then(|c| c.tags.first(Dim::Channel).map(str::to_string))
                    .unwrap_or_else(|| self.app.settings.default_channel.clone());
                let contact_id = Uuid::now_v7();
                let open =
                    Change::open_contact(contact_id, case_id, &counselor, now, Some(&channel));
                self.store.commit(&counselor, now, &[open])?;
                tracing::info!(case = %case_id, "follow-up call started");
                self.show_call(case_id, contact_id)?;
            }
            Effect::SaveDraft {
                contact,
                field,
                text,
            } => self.store.save_draft(contact, field, &text, now)?,
            Effect::DiscardDraft { contact, field } => self.store.discard_draft(contact, field)?,
            Effect::ListRecentCases => {
                let cases = self.store.recent_cases(CASES_TO_PICK)?;
                self.app.show_cases(&cases, now, None);
            }
            Effect::FindCases(wanted) => {
                let cases = self.store.find_cases_by_number(&wanted, CASES_TO_PICK)?;
                self.app.show_cases(&cases, now, Some(&wanted));
            }
            Effect::RefreshRecent => self.refresh_recent()?,
            Effect::LoadQueue => {
                let items = self.store.open_cases()?;
                self.app.show_queue(items, now);
            }
            Effect::FilterQueueText(text) if text.is_empty() => {
                self.app.set_queue_matches(text, None);
            }
            Effect::FilterQueueText(text) => {
                let matching = self.store.open_cases_matching(&text)?;
                self.app.set_queue_matches(text, Some(matching));
            }
            Effect::LoadTimeline(case_id) => {
                let Some(case) = self.store.load_case(case_id)? else {
                    return Err(StoreError::Inconsistent(format!(
                        "case {case_id} not found"
                    )));
                };
                let contacts = self.store.contacts_of(case_id)?;
                let consults = self.store.consults_of(case_id)?;
                let lang = self.app.lang();
                let history = self
                    .store
                    .history_of(case_id)?
                    .into_iter()
                    .map(|op| {
                        Ok(HistoryEntry {
                            at: op.at,
                            what: describe_op(
                                op.op_kind()?,
                                &op.payload,
                                self.app.taxonomy,
                                &self.app.directory,
                                lang,
                            ),
                            actor: op.actor,
                        })
                    })
                    .collect::<Result<_, StoreError>>()?;
                self.app.show_timeline(case, contacts, consults, history);
            }
            Effect::LoadStats(chosen) => {
                let today = now
                    .with_timezone(&self.app.settings.desk_offset)
                    .date_naive();
                let report = self.report(chosen.period(today))?;
                let open_cases = self.store.count_open_cases()?;
                self.app.show_stats(chosen, report, open_cases);
            }
            Effect::ListCounselors(case) => {
                let names = self.store.known_counselors()?;
                self.app.show_assign(case, names);
            }
        }
        Ok(())
    }

    /// Loads a case and one of its contacts from the store and puts them on screen.
    fn show_call(&mut self, case_id: Uuid, contact_id: Uuid) -> Result<(), StoreError> {
        let case = self.store.load_case(case_id)?;
        let mut contacts = self.store.contacts_of(case_id)?;
        let Some(at) = contacts.iter().position(|c| c.id == contact_id) else {
            return Err(StoreError::Inconsistent(format!(
                "contact {contact_id} not found"
            )));
        };
        let contact = contacts.remove(at);
        let Some(case) = case else {
            return Err(StoreError::Inconsistent(format!(
                "case {case_id} not found"
            )));
        };
        let history = contacts
            .into_iter()
            .filter(|c| c.started_at <= contact.started_at)
            .collect();
        let notes = self.store.draft(contact_id, NOTES_DRAFT)?;
        let url = self.store.draft(contact_id, URL_DRAFT)?;
        self.app.enter_call(case, contact, history, notes, url);
        self.app.show_items(self.store.work_items(contact_id)?);
        Ok(())
    }

    /// A report as the desk counts it: its opening days, its referral agencies' names. The
    /// screen shows the prefectural tables whatever `[report] layout` says.
    fn report(&self, period: crate::report::Period) -> Result<crate::report::Report, StoreError> {
        let app = &self.app;
        crate::report::with_desk_context(&app.settings, &app.directory, &app.national, |context| {
            let context = crate::report::ReportContext {
                layout: crate::report::ReportLayout::Prefectural,
                ..*context
            };
            crate::report::Report::build(&self.store, period, &context)
        })
    }

    fn refresh_recent(&mut self) -> Result<(), StoreError> {
        self.app.recent = self.store.recent_cases(RECENT_ON_READY)?;
        Ok(())
    }
}
