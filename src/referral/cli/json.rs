//! `soudan referrals --format json`: the documents of the shape in mod.rs, as types whose
//! fields are the keys in their order. Both languages of every text, whatever `--lang` is.

use std::borrow::Cow;
use std::io::Write;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::View;
use crate::domain::Lang;
use crate::referral::answers::Answers;
use crate::referral::directory::{Directory, Entry, Text};
use crate::referral::flow::{Recommendation, Suggestion};
use crate::referral::rules::Rule;
use crate::referral::schedule::{HolidayPolicy, OpenStatus, Schedule, jst};

/// `list` and `search` (the latter with its query).
#[derive(Serialize)]
pub(super) struct Listing<'a> {
    at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<&'a str>,
    entries: Vec<EntryJson<'a>>,
}

/// `show`.
#[derive(Serialize)]
pub(super) struct Shown<'a> {
    at: String,
    entry: EntryJson<'a>,
}

/// `suggest`.
#[derive(Serialize)]
pub(super) struct Suggested<'a> {
    at: String,
    answers: AnswersJson,
    recommendations: Vec<RecommendationJson<'a>>,
    withheld: Vec<RecommendationJson<'a>>,
    rules: Vec<RuleJson>,
}

/// TEXT: `{"ja": …, "en": …|null}`.
#[derive(Serialize)]
struct Texts<'a> {
    ja: Cow<'a, str>,
    en: Option<Cow<'a, str>>,
}

impl<'a> Texts<'a> {
    fn of(text: &'a Text) -> Texts<'a> {
        Texts {
            ja: Cow::Borrowed(&text.ja),
            en: text.en.as_deref().map(Cow::Borrowed),
        }
    }

    fn both(ja: impl Into<Cow<'a, str>>, en: impl Into<Cow<'a, str>>) -> Texts<'a> {
        Texts {
            ja: ja.into(),
            en: Some(en.into()),
        }
    }
}

#[derive(Serialize)]
struct EntryJson<'a> {
    id: &'a str,
    name: &'a str,
    name_en: &'a str,
    reading: &'a str,
    organization: Option<&'a str>,
    organization_en: Option<&'a str>,
    area: Option<&'a str>,
    area_en: Option<&'a str>,
    does: Texts<'a>,
    does_not: Option<Texts<'a>>,
    capabilities: Vec<&'static str>,
    when: Texts<'a>,
    channels: Vec<&'static str>,
    phones: Vec<PhoneJson<'a>>,
    urls: &'a [String],
    schedule: Option<ScheduleJson<'a>>,
    keywords: &'a [String],
    verified: String,
    stale: bool,
    status: Option<StatusJson<'a>>,
}

#[derive(Serialize)]
struct PhoneJson<'a> {
    number: &'a str,
    note: Option<Texts<'a>>,
}

#[derive(Serialize)]
struct ScheduleJson<'a> {
    hours: Vec<String>,
    last_intake_minutes: u16,
    holidays: &'static str,
    text: Texts<'a>,
}

/// STATUS.
#[derive(Serialize)]
struct StatusJson<'a> {
    state: &'static str,
    label: Texts<'a>,
    last_intake: Option<String>,
    closes_at: Option<String>,
    next_open: Option<String>,
}

#[derive(Serialize)]
struct AnswersJson {
    wants: Vec<&'static str>,
    flags: Vec<&'static str>,
}

#[derive(Serialize)]
struct RecommendationJson<'a> {
    id: &'a str,
    name: Option<Texts<'a>>,
    reason: Texts<'a>,
    /// Only for places recommended, not for those withheld.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Option<StatusJson<'a>>>,
}

#[derive(Serialize)]
struct RuleJson {
    id: &'static str,
    title: Texts<'static>,
    text: Texts<'static>,
}

impl View {
    pub(super) fn listing<'a>(&self, query: Option<&'a str>, entries: &[&'a Entry]) -> Listing<'a> {
        Listing {
            at: time(self.at),
            query,
            entries: entries.iter().map(|e| self.entry(e)).collect(),
        }
    }

    pub(super) fn shown<'a>(&self, entry: &'a Entry) -> Shown<'a> {
        Shown {
            at: time(self.at),
            entry: self.entry(entry),
        }
    }

    pub(super) fn suggested<'a>(
        &self,
        directory: &'a Directory,
        answers: &Answers,
        suggestion: &'a Suggestion,
    ) -> Suggested<'a> {
        let recommendation = |r: &'a Recommendation, with_status: bool| {
            let entry = directory.get(&r.entry_id);
            RecommendationJson {
                id: &r.entry_id,
                name: entry.map(|e| Texts::both(e.name.as_str(), e.name_en.as_str())),
                reason: Texts::both(r.reason_ja, r.reason_en),
                status: with_status.then(|| entry.and_then(|e| e.status_at(self.at)).map(status)),
            }
        };
        Suggested {
            at: time(self.at),
            answers: AnswersJson {
                wants: answers.wants.iter().map(|w| w.key()).collect(),
                flags: answers.flags.iter().map(|f| f.key()).collect(),
            },
            recommendations: suggestion
                .recommendations
                .iter()
                .map(|r| recommendation(r, true))
                .collect(),
            withheld: suggestion
                .withheld
                .iter()
                .map(|r| recommendation(r, false))
                .collect(),
            rules: suggestion.rules.iter().copied().map(rule).collect(),
        }
    }

    fn entry<'a>(&self, e: &'a Entry) -> EntryJson<'a> {
        EntryJson {
            id: &e.id,
            name: &e.name,
            name_en: &e.name_en,
            reading: &e.reading,
            organization: e.organization.as_deref(),
            organization_en: e.organization(Lang::En),
            area: e.area.as_deref(),
            area_en: e.area(Lang::En),
            does: Texts::of(&e.does),
            does_not: e.does_not.as_ref().map(Texts::of),
            capabilities: e.capabilities.iter().map(|c| c.key()).collect(),
            when: Texts::of(&e.when),
            channels: e.channels.iter().map(|c| c.key()).collect(),
            phones: e
                .phones
                .iter()
                .map(|p| PhoneJson {
                    number: &p.number,
                    note: p.note.as_ref().map(Texts::of),
                })
                .collect(),
            urls: &e.urls,
            schedule: e.schedule.as_ref().map(schedule),
            keywords: &e.keywords,
            verified: e.verified.to_string(),
            stale: e.is_stale(self.today),
            status: e.status_at(self.at).map(status),
        }
    }
}

fn schedule(s: &Schedule) -> ScheduleJson<'static> {
    ScheduleJson {
        hours: s.hours.iter().map(ToString::to_string).collect(),
        last_intake_minutes: s.last_intake_minutes,
        holidays: match s.holidays {
            HolidayPolicy::Closed => "closed",
            HolidayPolicy::AsUsual => "as_usual",
        },
        text: Texts::both(s.describe(Lang::Ja), s.describe(Lang::En)),
    }
}

fn status(status: OpenStatus) -> StatusJson<'static> {
    let (last_intake, closes_at, next_open) = match status {
        OpenStatus::Open {
            last_intake,
            closes_at,
        }
        | OpenStatus::LastIntakeSoon {
            last_intake,
            closes_at,
        } => (Some(last_intake), Some(closes_at), None),
        OpenStatus::IntakeEnded { closes_at } => (None, Some(closes_at), None),
        OpenStatus::Closed { next_open } => (None, None, next_open),
    };
    StatusJson {
        state: status.key(),
        label: Texts::both(status.label(Lang::Ja), status.label(Lang::En)),
        last_intake: last_intake.map(time),
        closes_at: closes_at.map(time),
        next_open: next_open.map(time),
    }
}

fn rule(r: &'static Rule) -> RuleJson {
    RuleJson {
        id: r.id,
        title: Texts::both(r.title_ja, r.title_en),
        text: Texts::both(r.text_ja, r.text_en),
    }
}

/// TIME: RFC 3339 on the Japanese clock.
fn time(at: DateTime<FixedOffset>) -> String {
    at.with_timezone(&jst()).to_rfc3339()
}

pub(super) fn print_json(out: &mut dyn Write, document: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, document)?;
    writeln!(out)?;
    Ok(())
}
