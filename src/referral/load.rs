//! Reading the shipped directory and a desk's `referrals.toml`, with file:line:column
//! diagnostics.
//!
//! How an override file merges:
//! - An `[[entry]]` whose `id` is a shipped entry changes only the fields it writes (a list
//!   replaces the shipped list); `hidden = true` takes the entry off the sheet. Because it
//!   changes facts, it must say when they were checked (`verified`).
//! - An `[[entry]]` with a new `id` adds a place and needs every required field.
//! - A file that is not valid TOML is ignored as a whole: the caller gets the shipped sheet and
//!   the syntax errors.
//! - Otherwise every entry stands on its own: a bad entry is left out (the shipped entry it
//!   meant to change stays as shipped) with a diagnostic for each problem, and the valid
//!   entries of the file still apply. One typo must not take a desk's own police number off
//!   the sheet, nor hide that it was ignored.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::directory::{Capability, Channel, Directory, Entry, Phone, Text};
use super::schedule::{HolidayPolicy, Hours, Schedule};
use super::search::to_hiragana;
use crate::diag::{Diagnostic, Source};

/// The override file in the config directory.
pub const OVERRIDE_FILE: &str = "referrals.toml";

const BUILTIN_NAME: &str = "directory.toml (built-in)";
const BUILTIN_TEXT: &str = include_str!("directory.toml");

impl Directory {
    /// The sheet shipped in the binary.
    pub fn builtin() -> Directory {
        static BUILTIN: OnceLock<Directory> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // Checked by a test to parse without a single diagnostic; were it not to, the
                // valid entries would still be served.
                let (directory, _) =
                    Directory::default().with_overrides(BUILTIN_NAME, BUILTIN_TEXT, NaiveDate::MAX);
                directory
            })
            .clone()
    }

    /// The shipped sheet with `referrals.toml` from `config_dir` applied (a missing file is
    /// no problem). Problems come back as diagnostics beside a directory that always works.
    /// `today` rejects `verified` dates in the future (a mistyped year would hide staleness).
    pub fn load(config_dir: &Path, today: NaiveDate) -> (Directory, Vec<Diagnostic>) {
        let path = config_dir.join(OVERRIDE_FILE);
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => Directory::builtin().with_overrides(&name, &text, today),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Directory::builtin(), vec![]),
            Err(e) => (
                Directory::builtin(),
                vec![Diagnostic {
                    file: name,
                    line: 1,
                    column: 1,
                    message: format!("cannot read the file: {e}"),
                }],
            ),
        }
    }

    /// This directory with the entries of an override file (named `name` in diagnostics)
    /// merged in; see the module documentation for the rules.
    pub fn with_overrides(
        &self,
        name: &str,
        text: &str,
        today: NaiveDate,
    ) -> (Directory, Vec<Diagnostic>) {
        let source = Source::new(name, text);
        let (document, syntax) = DeTable::parse_recoverable(text);
        if !syntax.is_empty() {
            let problems = syntax.iter().map(|e| source.toml_error(e)).collect();
            return (self.clone(), problems);
        }
        let mut problems = Vec::new();
        let mut merged = self.clone();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (key, value) in document.get_ref() {
            if key.get_ref() != "entry" {
                problems.push(source.at(
                    key.span(),
                    format!(
                        "unknown key `{}`: write each place as [[entry]]",
                        key.get_ref()
                    ),
                ));
                continue;
            }
            let DeValue::Array(items) = value.get_ref() else {
                problems
                    .push(source.at(value.span(), "`entry` must be written as [[entry]] tables"));
                continue;
            };
            for item in items.iter() {
                let raw = match RawEntry::deserialize(item.clone().into_deserializer()) {
                    Ok(raw) => raw,
                    Err(e) => {
                        problems.push(located(&source, &e, item.span()));
                        continue;
                    }
                };
                let id = raw.id.get_ref().clone();
                let (line, _) = source.line_column(raw.id.span().start);
                if let Some(first) = seen.insert(id.clone(), line) {
                    problems.push(source.at(
                        raw.id.span(),
                        format!(
                            "entry `{id}` is already written at line {first}; this one is ignored"
                        ),
                    ));
                    continue;
                }
                let mut check = Check {
                    source: &source,
                    problems: Vec::new(),
                    today,
                };
                let at = merged.entries.iter().position(|e| e.id == id);
                match (at, raw.hidden) {
                    (Some(at), true) => {
                        if raw.changes_fields() {
                            check.error(
                                raw.id.span(),
                                format!(
                                    "entry `{id}` is hidden; drop its other fields or `hidden`"
                                ),
                            );
                        } else {
                            merged.entries.remove(at);
                        }
                    }
                    (None, true) => {
                        check.error(raw.id.span(), format!("there is no entry `{id}` to hide"));
                    }
                    (Some(at), false) => {
                        if let Some(entry) = check.changed(&merged.entries[at], raw) {
                            merged.entries[at] = entry;
                        }
                    }
                    (None, false) => {
                        if let Some(entry) = check.new_entry(raw) {
                            merged.entries.push(entry);
                        }
                    }
                }
                problems.extend(check.problems);
            }
        }
        (merged, problems)
    }
}

/// A serde error inside an entry, placed where the parser says or else at the entry.
fn located(source: &Source, error: &toml::de::Error, fallback: Range<usize>) -> Diagnostic {
    let span = error.span().unwrap_or(fallback);
    let message = error.message().lines().next().unwrap_or("invalid entry");
    source.at(span, message.trim().to_string())
}

/// An `[[entry]]` as written: every field optional, so one shape serves new entries and
/// partial overrides.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    #[serde(default)]
    hidden: bool,
    name: Option<Spanned<String>>,
    name_en: Option<String>,
    reading: Option<Spanned<String>>,
    organization: Option<String>,
    organization_en: Option<String>,
    area: Option<String>,
    area_en: Option<String>,
    does: Option<Spanned<Text>>,
    does_not: Option<Text>,
    capabilities: Option<Vec<Capability>>,
    when: Option<Spanned<Text>>,
    channels: Option<Vec<Channel>>,
    phones: Option<Vec<RawPhone>>,
    urls: Option<Vec<Spanned<String>>>,
    schedule: Option<Spanned<RawSchedule>>,
    keywords: Option<Vec<String>>,
    verified: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhone {
    number: Spanned<String>,
    note: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    hours: Vec<Spanned<String>>,
    #[serde(default)]
    last_intake_minutes: u16,
    #[serde(default)]
    holidays: HolidayPolicy,
}

impl RawEntry {
    fn changes_fields(&self) -> bool {
        let RawEntry {
            id: _,
            hidden: _,
            name,
            name_en,
            reading,
            organization,
            organization_en,
            area,
            area_en,
            does,
            does_not,
            capabilities,
            when,
            channels,
            phones,
            urls,
            schedule,
            keywords,
            verified,
        } = self;
        name.is_some()
            || name_en.is_some()
            || reading.is_some()
            || organization.is_some()
            || organization_en.is_some()
            || area.is_some()
            || area_en.is_some()
            || does.is_some()
            || does_not.is_some()
            || capabilities.is_some()
            || when.is_some()
            || channels.is_some()
            || phones.is_some()
            || urls.is_some()
            || schedule.is_some()
            || keywords.is_some()
            || verified.is_some()
    }
}

/// Validation of one entry, collecting every problem it has.
struct Check<'a> {
    source: &'a Source<'a>,
    problems: Vec<Diagnostic>,
    today: NaiveDate,
}

impl Check<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.push(self.source.at(span, message));
    }

    /// A new place: every required field must be there.
    fn new_entry(&mut self, raw: RawEntry) -> Option<Entry> {
        let id_span = raw.id.span();
        let id = raw.id.get_ref().clone();
        if !valid_id(&id) {
            self.error(
                id_span.clone(),
                format!("id `{id}` must be lowercase ascii letters, digits and _, starting with a letter"),
            );
        }
        let missing: Vec<&str> = [
            ("name", raw.name.is_none()),
            ("does", raw.does.is_none()),
            ("when", raw.when.is_none()),
            ("verified", raw.verified.is_none()),
        ]
        .into_iter()
        .filter_map(|(field, missing)| missing.then_some(field))
        .collect();
        if !missing.is_empty() {
            self.error(
                id_span.clone(),
                format!(
                    "new entry `{id}` is missing required field(s): {}",
                    missing.join(", ")
                ),
            );
        }
        let placeholder = Text {
            ja: String::new(),
            en: None,
        };
        let blank = Entry {
            id,
            name: String::new(),
            name_en: String::new(),
            reading: String::new(),
            organization: None,
            organization_en: None,
            area: None,
            area_en: None,
            does: placeholder.clone(),
            does_not: None,
            capabilities: vec![],
            when: placeholder,
            channels: vec![],
            phones: vec![],
            urls: vec![],
            schedule: None,
            keywords: vec![],
            verified: NaiveDate::MIN,
        };
        let name_given = raw.name_en.is_some();
        let mut entry = self.apply(blank, raw)?;
        if !name_given {
            entry.name_en = entry.name.clone();
        }
        (self.problems.is_empty()).then_some(entry)
    }

    /// A shipped (or earlier) entry with the written fields replaced.
    fn changed(&mut self, base: &Entry, raw: RawEntry) -> Option<Entry> {
        if raw.verified.is_none() {
            self.error(
                raw.id.span(),
                format!(
                    "entry `{}` changes a shipped entry, so it needs `verified` = the date the new facts were checked",
                    raw.id.get_ref()
                ),
            );
        }
        let entry = self.apply(base.clone(), raw)?;
        (self.problems.is_empty()).then_some(entry)
    }

    /// Writes the given fields onto `entry`, checking each.
    fn apply(&mut self, mut entry: Entry, raw: RawEntry) -> Option<Entry> {
        if let Some(name) = raw.name {
            if name.get_ref().trim().is_empty() {
                self.error(name.span(), "`name` is empty");
            }
            entry.name = name.into_inner();
        }
        if let Some(name_en) = raw.name_en {
            entry.name_en = name_en;
        }
        if let Some(reading) = raw.reading {
            let kana = to_hiragana(reading.get_ref());
            if !kana.chars().all(is_reading_char) {
                self.error(
                    reading.span(),
                    "`reading` must be written in kana (ひらがな or カタカナ)",
                );
            }
            entry.reading = kana;
        }
        // A Japanese field changed without its English keeps no stale translation.
        if let Some(organization) = raw.organization {
            entry.organization = Some(organization);
            entry.organization_en = raw.organization_en;
        } else if let Some(organization_en) = raw.organization_en {
            entry.organization_en = Some(organization_en);
        }
        if let Some(area) = raw.area {
            entry.area = Some(area);
            entry.area_en = raw.area_en;
        } else if let Some(area_en) = raw.area_en {
            entry.area_en = Some(area_en);
        }
        if let Some(does) = raw.does {
            entry.does = self.required_text("does", does);
        }
        if let Some(when) = raw.when {
            entry.when = self.required_text("when", when);
        }
        if let Some(does_not) = raw.does_not {
            entry.does_not = Some(does_not);
        }
        if let Some(capabilities) = raw.capabilities {
            entry.capabilities = capabilities;
        }
        if let Some(channels) = raw.channels {
            entry.channels = channels;
        }
        if let Some(phones) = raw.phones {
            entry.phones = phones
                .into_iter()
                .map(|phone| {
                    if !valid_phone(phone.number.get_ref()) {
                        self.error(
                            phone.number.span(),
                            format!(
                                "`{}` is not a phone number (digits and -, like 06-6760-4013)",
                                phone.number.get_ref()
                            ),
                        );
                    }
                    Phone {
                        number: phone.number.into_inner(),
                        note: phone.note,
                    }
                })
                .collect();
        }
        if let Some(urls) = raw.urls {
            entry.urls = urls
                .into_iter()
                .map(|url| {
                    let text = url.get_ref();
                    let scheme_ok = text.starts_with("https://") || text.starts_with("http://");
                    if !scheme_ok || text.contains(char::is_whitespace) {
                        self.error(
                            url.span(),
                            format!("`{text}` is not a web address starting with https://"),
                        );
                    }
                    url.into_inner()
                })
                .collect();
        }
        if let Some(schedule) = raw.schedule {
            entry.schedule = self.schedule(schedule);
        }
        if let Some(keywords) = raw.keywords {
            entry.keywords = keywords;
        }
        if let Some(verified) = raw.verified {
            entry.verified = self.date(&verified)?;
        }
        Some(entry)
    }

    /// A text the sheet cannot do without: its Japanese must not be blank.
    fn required_text(&mut self, field: &str, text: Spanned<Text>) -> Text {
        if text.get_ref().ja.trim().is_empty() {
            self.error(text.span(), format!("`{field}` is empty"));
        }
        text.into_inner()
    }

    fn schedule(&mut self, raw: Spanned<RawSchedule>) -> Option<Schedule> {
        let span = raw.span();
        let raw = raw.into_inner();
        let mut hours = Vec::new();
        for text in &raw.hours {
            match Hours::parse(text.get_ref()) {
                Ok(h) => hours.push(h),
                Err(message) => self.error(text.span(), message),
            }
        }
        if hours.len() != raw.hours.len() {
            return None;
        }
        match Schedule::new(hours, raw.last_intake_minutes, raw.holidays) {
            Ok(schedule) => Some(schedule),
            Err(message) => {
                self.error(span, message);
                None
            }
        }
    }

    /// `verified = 2024-11-01` (a TOML date) or `verified = "2024-11-01"`, not in the future.
    fn date(&mut self, value: &Spanned<toml::Value>) -> Option<NaiveDate> {
        let written = match value.get_ref() {
            toml::Value::String(text) => Some(text.clone()),
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                Some(dt.to_string())
            }
            _ => None,
        };
        let date = written.and_then(|text| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
        match date {
            Some(date) if date > self.today => {
                self.error(
                    value.span(),
                    format!("`verified` date {date} is in the future"),
                );
                None
            }
            Some(date) => Some(date),
            None => {
                self.error(value.span(), "`verified` must be a date like 2024-11-01");
                None
            }
        }
    }
}

fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn valid_phone(number: &str) -> bool {
    number.chars().filter(char::is_ascii_digit).count() >= 3
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '(' | ')' | ' '))
}

fn is_reading_char(c: char) -> bool {
    matches!(c, 'ぁ'..='ゖ' | 'ー' | 'ゝ' | 'ゞ' | ' ' | '・')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;
    use crate::referral::schedule::{OpenStatus, jst};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 15).unwrap()
    }

    fn apply(text: &str) -> (Directory, Vec<Diagnostic>) {
        Directory::builtin().with_overrides("referrals.toml", text, today())
    }

    fn messages(problems: &[Diagnostic]) -> String {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_shipped_directory_parses_without_a_single_problem() {
        let (directory, problems) =
            Directory::default().with_overrides(BUILTIN_NAME, BUILTIN_TEXT, today());
        assert!(problems.is_empty(), "{}", messages(&problems));
        assert_eq!(directory, Directory::builtin());
    }

    #[test]
    fn the_shipped_directory_names_every_place_in_the_domain() {
        let d = Directory::builtin();
        for id in [
            "mamorouyokokoro",
            "lawyer",
            "houterasu",
            "police_station",
            "police_cyber",
            "ihaho",
            "jinken_moj",
            "sia_hotline",
            "safeline",
            "internet_hotline_center",
            "consumer_center",
            "kotaeru",
            "net_harmony",
            "desk_lawyer",
            "desk_psychologist",
            "school_board",
            "platform_report",
            "search_engine",
            "victim_support",
        ] {
            let e = d.get(id).unwrap_or_else(|| panic!("no entry {id}"));
            assert!(!e.reading.is_empty() && !e.keywords.is_empty(), "{id}");
            assert!(
                e.does.en.is_some() && e.when.en.is_some(),
                "{id} lacks English"
            );
            assert_eq!(e.verified, NaiveDate::from_ymd_opt(2024, 11, 1).unwrap());
        }
        assert_eq!(d.entries().len(), 19);
    }

    #[test]
    fn only_published_numbers_and_addresses_are_shipped() {
        let d = Directory::builtin();
        let phones: Vec<(&str, &str)> = d
            .entries()
            .iter()
            .flat_map(|e| e.phones.iter().map(|p| (e.id.as_str(), p.number.as_str())))
            .collect();
        assert_eq!(
            phones,
            [
                ("net_harmony", "06-6760-4013"),
                ("net_harmony", "06-6760-4014")
            ]
        );
        let urls: Vec<&str> = d
            .entries()
            .iter()
            .flat_map(|e| e.urls.iter().map(String::as_str))
            .collect();
        assert_eq!(
            urls,
            [
                "https://mhlw.go.jp/mamorouyokokoro/",
                "https://www.houterasu.or.jp/",
                "https://www.npa.go.jp/cyber/soudan.html",
                "https://ihaho.jp/",
                "https://www.jinken.go.jp/",
                "https://www.saferinternet.or.jp/bullying/",
            ]
        );
    }

    #[test]
    fn the_prefectural_desk_keeps_its_hours() {
        let d = Directory::builtin();
        let harmony = d.get("net_harmony").unwrap();
        let monday_evening =
            chrono::DateTime::parse_from_rfc3339("2024-06-10T21:40:00+09:00").unwrap();
        assert_eq!(
            harmony.status_at(monday_evening),
            Some(OpenStatus::IntakeEnded {
                closes_at: chrono::DateTime::parse_from_rfc3339("2024-06-10T22:00:00+09:00")
                    .unwrap()
                    .with_timezone(&jst())
            })
        );
        assert!(d.get("police_station").unwrap().schedule.is_none());
    }

    #[test]
    fn a_desk_adds_its_own_police_desk_and_changes_a_shipped_entry_partly() {
        let (d, problems) = apply(
            r#"
[[entry]]
id = "kyoto_police_cyber"
name = "京都府警察 サイバー犯罪相談窓口"
reading = "きょうとふけいさつ"
does = "京都府警察のサイバー犯罪の相談窓口。"
when = { ja = "身の危険・処罰", en = "Danger, punishment" }
capabilities = ["advice", "investigation"]
verified = 2024-12-01

[[entry]]
id = "ihaho"
keywords = ["相談センター"]
verified = "2025-01-10"
"#,
        );
        assert!(problems.is_empty(), "{}", messages(&problems));
        let added = d.get("kyoto_police_cyber").unwrap();
        assert_eq!(added.name_en, added.name);
        assert_eq!(d.entries().last().unwrap().id, "kyoto_police_cyber");
        let ihaho = d.get("ihaho").unwrap();
        assert_eq!(ihaho.keywords, ["相談センター"]);
        assert_eq!(ihaho.name, "違法・有害情報相談センター");
        assert_eq!(
            ihaho.verified,
            NaiveDate::from_ymd_opt(2025, 1, 10).unwrap()
        );
    }

    #[test]
    fn every_shipped_place_says_who_runs_it_in_english_too() {
        for entry in Directory::builtin().entries() {
            assert!(entry.organization.is_some(), "{}", entry.id);
            let english = entry.organization(Lang::En).unwrap();
            assert!(english.is_ascii(), "{}: {english}", entry.id);
            if entry.area.is_some() {
                assert!(entry.area(Lang::En).unwrap().is_ascii(), "{}", entry.id);
            }
        }
        let ihaho = Directory::builtin().get("ihaho").cloned().unwrap();
        assert_eq!(ihaho.organization(Lang::Ja), Some("総務省（委託事業）"));
    }

    #[test]
    fn a_desk_that_changes_who_runs_a_place_keeps_no_stale_translation() {
        let (d, problems) = apply(
            "[[entry]]\nid = \"kotaeru\"\norganization = \"東京都生活文化局\"\nverified = 2025-01-10\n",
        );
        assert!(problems.is_empty(), "{}", messages(&problems));
        let kotaeru = d.get("kotaeru").unwrap();
        assert_eq!(kotaeru.organization(Lang::En), Some("東京都生活文化局"));
        assert_eq!(kotaeru.area(Lang::En), Some("Tokyo"));
    }

    #[test]
    fn a_desk_hides_a_place_that_does_not_serve_its_area() {
        let (d, problems) = apply("[[entry]]\nid = \"net_harmony\"\nhidden = true\n");
        assert!(problems.is_empty(), "{}", messages(&problems));
        assert!(d.get("net_harmony").is_none());
        let (_, problems) = apply("[[entry]]\nid = \"nowhere\"\nhidden = true\n");
        assert_eq!(
            messages(&problems),
            "referrals.toml:2:6: there is no entry `nowhere` to hide"
        );
    }

    #[test]
    fn a_syntax_error_keeps_the_shipped_sheet() {
        let (d, problems) = apply("[[entry]]\nid = \"x\nname = 1\n");
        assert_eq!(d, Directory::builtin());
        assert_eq!(problems.len(), 1, "{}", messages(&problems));
        assert_eq!(problems[0].line, 2, "{}", problems[0]);
    }

    #[test]
    fn each_problem_names_its_line_and_column_and_good_entries_still_apply() {
        let text = r#"[[entry]]
id = "bad_field"
name = "名前"
does = "する"
when = "いつ"
verified = 2024-11-01
phone = "06"

[[entry]]
id = "bad_date"
name = "名前"
does = "する"
when = "いつ"
verified = "2024-13-01"

[[entry]]
id = "bad_schedule"
name = "名前"
does = "する"
when = "いつ"
verified = 2024-11-01
schedule = { hours = ["mon 16:00-22:00", "2nd sunday 13:00-18:00"] }

[[entry]]
id = "missing"
name = "名前"

[[entry]]
id = "good"
name = "良い窓口"
does = "する"
when = "いつ"
verified = 2024-11-01

[[entry]]
id = "good"
name = "二つ目"
does = "する"
when = "いつ"
verified = 2024-11-01

[[entry]]
id = "police_station"
phones = [{ number = "110番" }]
verified = 2024-11-01

[[entry]]
id = "future"
name = "名前"
does = "する"
when = "いつ"
reading = "Mirai"
urls = ["www.example.jp"]
verified = "2099-01-01"

[extra]
"#;
        let (d, problems) = apply(text);
        let got: Vec<(usize, usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.column, p.message.as_str()))
            .collect();
        let find = |needle: &str| {
            got.iter()
                .find(|(_, _, m)| m.contains(needle))
                .map(|(line, column, _)| (*line, *column))
                .unwrap_or_else(|| {
                    panic!("no diagnostic with {needle:?} in\n{}", messages(&problems))
                })
        };
        assert_eq!(find("unknown field `phone`"), (7, 1));
        assert_eq!(find("must be a date"), (14, 12));
        assert_eq!(find("`sunday` is not a weekday"), (22, 42));
        assert_eq!(
            find("missing required field(s): does, when, verified"),
            (25, 6)
        );
        assert_eq!(find("already written at line 29"), (36, 6));
        assert_eq!(find("`110番` is not a phone number"), (44, 22));
        assert_eq!(find("in the future"), (54, 12));
        assert_eq!(find("must be written in kana"), (52, 11));
        assert_eq!(find("not a web address"), (53, 9));
        assert_eq!(find("unknown key `extra`"), (56, 2));
        assert_eq!(problems.len(), 10, "{}", messages(&problems));
        // The good entry applies; the bad ones are left out; the shipped police entry stays.
        assert_eq!(d.get("good").unwrap().name, "良い窓口");
        for bad in ["bad_field", "bad_date", "bad_schedule", "missing", "future"] {
            assert!(d.get(bad).is_none(), "{bad}");
        }
        assert_eq!(
            d.get("police_station"),
            Directory::builtin().get("police_station")
        );
    }

    #[test]
    fn overrides_must_be_dated_and_ids_well_formed() {
        let (d, problems) = apply("[[entry]]\nid = \"lawyer\"\nname = \"弁護士会\"\n");
        assert_eq!(d.get("lawyer").unwrap().name, "弁護士");
        assert!(
            messages(&problems).contains("needs `verified`"),
            "{}",
            messages(&problems)
        );

        let (_, problems) = apply(
            "[[entry]]\nid = \"Bad-Id\"\nname = \"x\"\ndoes = \"x\"\nwhen = \"x\"\nverified = 2024-11-01\n",
        );
        assert!(
            messages(&problems).contains("must be lowercase ascii"),
            "{}",
            messages(&problems)
        );

        let (_, problems) = apply("[[entry]]\nid = \"lawyer\"\nhidden = true\nname = \"x\"\n");
        assert!(
            messages(&problems).contains("is hidden"),
            "{}",
            messages(&problems)
        );
    }

    #[test]
    fn bad_values_inside_an_entry_are_located() {
        let (_, problems) = apply(
            "[[entry]]\nid = \"lawyer\"\nverified = 2024-11-01\ncapabilities = [\"deleting\"]\n",
        );
        assert_eq!(problems.len(), 1, "{}", messages(&problems));
        assert_eq!(
            (problems[0].line, problems[0].column),
            (4, 17),
            "{}",
            problems[0]
        );
        assert!(problems[0].message.contains("deleting"), "{}", problems[0]);

        let (_, problems) = apply(
            "[[entry]]\nid = \"lawyer\"\nverified = 2024-11-01\ndoes = { ja = \"x\", fr = \"y\" }\n",
        );
        assert_eq!(problems.len(), 1, "{}", messages(&problems));
        assert_eq!(problems[0].line, 4, "{}", problems[0]);

        let (_, problems) = apply(
            "[[entry]]\nid = \"lawyer\"\nverified = 2024-11-01\nschedule = { hours = [\"mon 10:00-10:20\"], last_intake_minutes = 30 }\n",
        );
        assert!(
            messages(&problems).contains("last_intake_minutes"),
            "{}",
            messages(&problems)
        );
        assert_eq!(problems[0].line, 4);

        let (d, problems) = apply(
            "[[entry]]\nid = \"blank\"\nname = \"x\"\ndoes = \" \"\nwhen = { ja = \"\" }\nverified = 2024-11-01\n",
        );
        assert!(d.get("blank").is_none());
        assert_eq!(
            messages(&problems),
            "referrals.toml:4:8: `does` is empty\nreferrals.toml:5:8: `when` is empty"
        );

        let (_, problems) = apply("entry = 3\n");
        assert!(
            messages(&problems).contains("[[entry]] tables"),
            "{}",
            messages(&problems)
        );
    }

    #[test]
    fn loading_from_a_config_directory() {
        let dir = tempfile::tempdir().unwrap();
        let (d, problems) = Directory::load(dir.path(), today());
        assert!(problems.is_empty());
        assert_eq!(d, Directory::builtin());

        std::fs::write(
            dir.path().join(OVERRIDE_FILE),
            "[[entry]]\nid = \"lawyer\"\nverified = 2024-11-01\nname = \"弁護士会\"\n",
        )
        .unwrap();
        let (d, problems) = Directory::load(dir.path(), today());
        assert!(problems.is_empty(), "{}", messages(&problems));
        assert_eq!(d.get("lawyer").unwrap().name, "弁護士会");

        std::fs::write(dir.path().join(OVERRIDE_FILE), "[[entry]\n").unwrap();
        let (d, problems) = Directory::load(dir.path(), today());
        assert_eq!(d, Directory::builtin());
        assert!(problems[0].file.ends_with(OVERRIDE_FILE), "{}", problems[0]);
    }
}
