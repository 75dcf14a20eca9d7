//! Shared by the integration tests: a session on an in-memory store with a frozen clock,
//! driven by keys written as keymaps write them.

#![allow(dead_code)]

pub mod pty;

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use soudan::app::App;
use soudan::config::Settings;
use soudan::domain::{FixedClock, Lang};
use soudan::keymap::{self, parse_sequence};
use soudan::session::Session;
use soudan::store::Store;

/// 2024-06-10 14:00 at the desk (JST).
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 10, 5, 0, 0).unwrap()
}

pub struct Desk {
    pub session: Session,
    pub clock: Arc<FixedClock>,
}

impl Desk {
    pub fn new() -> Desk {
        Desk::with(Settings::for_tests(), Store::open_in_memory().unwrap())
    }

    pub fn in_english() -> Desk {
        let mut settings = Settings::for_tests();
        settings.lang = Lang::En;
        Desk::with(settings, Store::open_in_memory().unwrap())
    }

    /// A desk on the shipped numeric-keypad keymap.
    pub fn on_numpad() -> Desk {
        let mut settings = Settings::for_tests();
        settings.keymap = "numpad".to_string();
        Desk::with(settings, Store::open_in_memory().unwrap())
    }

    /// A desk whose `keymap.toml` in the config directory holds `user`.
    pub fn with_keymap(user: &str) -> Desk {
        let keymap = keymap::load("default", Some(("keymap.toml", user))).unwrap();
        Desk::with_loaded(
            Settings::for_tests(),
            Store::open_in_memory().unwrap(),
            keymap,
        )
    }

    pub fn with(settings: Settings, store: Store) -> Desk {
        let keymap = keymap::load(&settings.keymap, None).unwrap();
        Desk::with_loaded(settings, store, keymap)
    }

    fn with_loaded(settings: Settings, store: Store, keymap: keymap::Keymap) -> Desk {
        let clock = Arc::new(FixedClock::new(start_time()));
        let session = Session::new(App::new(settings, keymap), store, clock.clone()).unwrap();
        Desk { session, clock }
    }

    /// Presses keys written as in a keymap, separated by spaces: "n a 2 ctrl-s".
    pub fn keys(&mut self, keys: &str) -> &mut Desk {
        for key in parse_sequence(keys).unwrap() {
            self.session.press(key);
        }
        self
    }

    pub fn paste(&mut self, text: &str) -> &mut Desk {
        self.session.paste(text);
        self
    }

    pub fn wait(&mut self, seconds: i64) -> &mut Desk {
        self.clock.advance(Duration::seconds(seconds));
        self
    }

    pub fn draw(&self, width: u16, height: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| self.session.draw(frame)).unwrap();
        terminal
    }

    /// The screen as text, one line per row.
    pub fn screen(&self, width: u16, height: u16) -> String {
        let terminal = self.draw(width, height);
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..height {
            let mut skip = 0;
            for x in 0..width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                out.push_str(symbol);
            }
            out.push('\n');
        }
        out
    }
}
