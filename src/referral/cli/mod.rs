//! `soudan referrals …`: the referral sheet from the shell, for planning a callback or for
//! scripts. The same directory, flow and schedules as the sheet in the TUI.
//!
//! `--format json` prints one JSON object, with keys in this order and both languages for
//! every text so that scripts do not depend on `--lang`:
//!
//! ```text
//! list    {"at": TIME, "entries": [ENTRY…]}
//! search  {"at": TIME, "query": "…", "entries": [ENTRY…]}          best match first
//! show    {"at": TIME, "entry": ENTRY}
//! suggest {"at": TIME,
//!          "answers": {"wants": [WANT…], "flags": [FLAG…]},
//!          "recommendations": [{"id", "name": TEXT, "reason": TEXT, "status": STATUS|null}…],
//!          "withheld": [{"id", "name": TEXT, "reason": TEXT}…],
//!          "rules": [{"id", "title": TEXT, "text": TEXT}…]}
//!
//! ENTRY  {"id", "name", "name_en", "reading", "organization": str|null,
//!         "organization_en": str|null, "area": str|null, "area_en": str|null,
//!         "does": TEXT, "does_not": TEXT|null, "capabilities": [str…], "when": TEXT,
//!         "channels": [str…], "phones": [{"number", "note": TEXT|null}…], "urls": [str…],
//!         "schedule": {"hours": [str…], "last_intake_minutes", "holidays": "closed"|"as_usual",
//!                      "text": TEXT}|null,
//!         "keywords": [str…], "verified": "YYYY-MM-DD", "stale": bool, "status": STATUS|null}
//! STATUS {"state": "open"|"last_intake_soon"|"intake_ended"|"closed", "label": TEXT,
//!         "last_intake": TIME|null, "closes_at": TIME|null, "next_open": TIME|null}
//! TEXT   {"ja": str, "en": str|null}
//! TIME   RFC 3339 on the Japanese clock, e.g. "2024-06-09T14:00:00+09:00"
//! WANT   listen | compensation | danger_or_punish | dont_know_or_delete
//!        | cant_request_deletion_myself
//! FLAG   danger | self_harm | minor | sexual_images | money_demanded | school_not_acting
//!        | perpetrator | identify_poster | handle_name | anonymous_board | deletion
//!        | illegal_or_harmful
//! ```
//!
//! Capabilities and channels use the names of `directory.toml`. `status` is null when a
//! place's hours are not known; `stale` is true when it was verified more than a year before
//! today.

mod args;
mod json;
mod text;

use std::io::Write;

use anyhow::bail;
use chrono::{DateTime, FixedOffset};

use super::directory::{Directory, Entry};
use super::flow::suggest;
use super::search::search;
use crate::domain::Lang;
pub use args::{
    AnswerArgs, OutputArgs, OutputFormat, ReferralsArgs, ReferralsCommand, RoleArg, WantArg,
    parse_moment,
};
use json::print_json;

/// Runs a `soudan referrals` subcommand against `directory`, telling open or closed at
/// `--at` or else `now`; an unknown id is an error.
pub fn run(
    cmd: ReferralsCommand,
    directory: &Directory,
    now: DateTime<FixedOffset>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let view = |output: &OutputArgs| View {
        at: output.at.unwrap_or(now),
        today: now.date_naive(),
        lang,
    };
    match cmd {
        // Checking is the caller's: it holds the load's diagnostics.
        ReferralsCommand::Check => {}
        ReferralsCommand::List { output } => {
            let view = view(&output);
            let entries: Vec<&Entry> = directory.entries().iter().collect();
            match output.format {
                OutputFormat::Table => view.table(&entries, out)?,
                OutputFormat::Json => print_json(out, &view.listing(None, &entries))?,
            }
        }
        ReferralsCommand::Search { query, output } => {
            let view = view(&output);
            let query = query.join(" ");
            let entries = search(directory, &query);
            match output.format {
                OutputFormat::Table => view.table(&entries, out)?,
                OutputFormat::Json => print_json(out, &view.listing(Some(&query), &entries))?,
            }
        }
        ReferralsCommand::Show { id, output } => {
            let view = view(&output);
            let Some(entry) = directory.get(&id) else {
                let near: Vec<&str> = search(directory, &id)
                    .into_iter()
                    .take(3)
                    .map(|e| e.id.as_str())
                    .collect();
                if near.is_empty() {
                    bail!("no referral entry `{id}` (`soudan referrals list` shows every id)");
                }
                bail!(
                    "no referral entry `{id}`; did you mean {}? (`soudan referrals list` shows every id)",
                    near.join(", ")
                );
            };
            match output.format {
                OutputFormat::Table => view.detail(entry, out)?,
                OutputFormat::Json => print_json(out, &view.shown(entry))?,
            }
        }
        ReferralsCommand::Suggest { answers, output } => {
            let view = view(&output);
            let answers = answers.answers();
            let suggestion = suggest(directory, &answers);
            match output.format {
                OutputFormat::Table => view.suggestion(directory, &answers, &suggestion, out)?,
                OutputFormat::Json => {
                    print_json(out, &view.suggested(directory, &answers, &suggestion))?;
                }
            }
        }
    }
    Ok(())
}

/// How output is rendered: at which moment, on which day (for staleness), in which language.
struct View {
    at: DateTime<FixedOffset>,
    today: chrono::NaiveDate,
    lang: Lang,
}

#[cfg(test)]
mod tests;
