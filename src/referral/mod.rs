//! The referral sheet: where to send a caller, why, and whether it is open now.
//!
//! Pure core, no terminal: the TUI and the shell both draw from it.
//! - [`Directory`]: the places, shipped in `directory.toml` and overridable per desk with
//!   `referrals.toml` ([`Directory::load`], diagnostics with file:line:column).
//! - [`search`]: search as you type, in kanji and kana.
//! - [`status_at`] / [`open_on`]: opening hours, last intake and public holidays.
//!
//! ```
//! use soudan::referral::{Directory, search};
//! let directory = Directory::builtin();
//! assert_eq!(search(&directory, "ほうてらす")[0].id, "houterasu");
//! ```

mod directory;
mod load;
mod schedule;
mod search;

pub use directory::{Capability, Channel, Directory, Entry, Phone, Text};
pub use load::OVERRIDE_FILE;
pub use schedule::{
    Days, HolidayPolicy, Hours, Nth, OpenStatus, SOON_MINUTES, Schedule, is_public_holiday, jst,
    open_on, status_at,
};
pub use search::{fold, search};
