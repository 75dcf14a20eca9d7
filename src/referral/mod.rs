//! The referral sheet: where to send a caller, why, and whether it is open now.
//!
//! Pure core, no terminal: the TUI and the `soudan referrals` subcommands both draw from it.
//! - [`Directory`]: the places, shipped in `directory.toml` and overridable per desk with
//!   `referrals.toml` ([`Directory::load`], diagnostics with file:line:column).
//! - [`search`]: search as you type, in kanji and kana.
//! - [`Answers`] and [`suggest`]: the national flowchart as a guided flow, pre-answered from
//!   a call's tags, with the desk's practice [`Rule`]s beside the recommendations.
//! - [`status_at`] / [`open_on`]: opening hours, last intake and public holidays.
//!
//! ```
//! use soudan::referral::{Answers, Directory, Want, search, suggest};
//! let directory = Directory::builtin();
//! assert_eq!(search(&directory, "ほうてらす")[0].id, "houterasu");
//! let mut answers = Answers::default();
//! answers.want(Want::Compensation);
//! let first = &suggest(&directory, &answers).recommendations[0];
//! assert_eq!(first.entry_id, "lawyer");
//! ```

mod answers;
pub mod cli;
mod directory;
mod flow;
mod load;
mod rules;
mod schedule;
mod search;

pub use answers::{Answers, Condition, Flag, Want};
pub use directory::{Capability, Channel, Directory, Entry, Phone, Text};
pub use flow::{DESK_LAWYER, Recommendation, Suggestion, suggest};
pub use load::OVERRIDE_FILE;
pub use rules::{RULES, Rule, rules_for};
pub use schedule::{
    Days, HolidayPolicy, Hours, Nth, OpenStatus, SOON_MINUTES, Schedule, is_public_holiday, jst,
    open_on, status_at,
};
pub use search::{fold, search};
