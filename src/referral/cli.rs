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

use std::io::Write;

use anyhow::bail;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value, json};

use super::answers::{Answers, Flag, Want};
use super::directory::{Directory, Entry, Text};
use super::flow::{Recommendation, suggest};
use super::schedule::{HolidayPolicy, OpenStatus, jst};
use super::search::search;
use crate::domain::Lang;
use crate::text::{Align, Table, fit, pad, width};

/// `soudan referrals`.
#[derive(Debug, Args)]
pub struct ReferralsArgs {
    #[command(subcommand)]
    pub command: ReferralsCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ReferralsCommand {
    /// Check referrals.toml in the config directory; exits non-zero on any problem
    Check,
    /// List every place on the referral sheet and whether it takes contacts now
    List {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show one place in full (its id from `list`)
    Show {
        id: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Find places by name, reading, keyword or description, in kanji or kana
    Search {
        /// Words to find, e.g. けいさつ or 法テラス
        #[arg(required = true)]
        query: Vec<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Recommend places for a caller, following the national flowchart and the desk's rules
    Suggest {
        #[command(flatten)]
        answers: AnswerArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// The moment to tell open or closed for, e.g. 2024-06-09T14:00+09:00 (without an
    /// offset: Japanese time) [default: now]
    #[arg(long, value_name = "TIME", value_parser = parse_moment)]
    pub at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

/// The flow's questions as flags.
#[derive(Debug, Clone, Default, Args)]
pub struct AnswerArgs {
    /// What the caller wants (repeat or separate with commas)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub want: Vec<WantArg>,
    /// The caller feels in danger (身の危険)
    #[arg(long)]
    pub danger: bool,
    /// Threats of suicide or self-harm (自殺・自傷の恐れ)
    #[arg(long)]
    pub self_harm: bool,
    /// The troubled person is a minor (未成年)
    #[arg(long)]
    pub minor: bool,
    /// Sexual images are posted or demanded (性的画像)
    #[arg(long)]
    pub sexual_images: bool,
    /// Money is demanded (金銭の要求)
    #[arg(long)]
    pub money_demanded: bool,
    /// The school does not act on a minor's trouble
    #[arg(long)]
    pub school_not_acting: bool,
    /// The caller's position (状況)
    #[arg(long, value_enum)]
    pub role: Option<RoleArg>,
    /// The attacks are on a handle-name account
    #[arg(long)]
    pub handle_name: bool,
    /// The posts are on an anonymous bulletin board
    #[arg(long)]
    pub anonymous_board: bool,
    /// The content is illegal or harmful (違法・有害情報)
    #[arg(long)]
    pub illegal_or_harmful: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WantArg {
    /// To be heard (悩みや不安を聞いてほしい)
    Listen,
    /// Compensation from the poster (賠償等を求めたい)
    Compensation,
    /// Feels in danger (身の危険を感じる)
    Danger,
    /// The poster punished (犯人を処罰してほしい)
    Punish,
    /// The post deleted (書き込みを削除したい)
    Delete,
    /// Doesn't know what to do (解決策がわからない)
    DontKnow,
    /// Can't request deletion themselves (自分で削除依頼できない)
    CantDelete,
    /// The poster identified (発信者を特定したい)
    Identify,
    /// Advice first (まず助言がほしい)
    Advice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Victim,
    Perpetrator,
    Other,
    Unknown,
}

impl AnswerArgs {
    pub fn answers(&self) -> Answers {
        let mut answers = Answers::default();
        for want in &self.want {
            match want {
                WantArg::Listen => answers.want(Want::Listen),
                WantArg::Compensation => answers.want(Want::Compensation),
                WantArg::Danger => {
                    answers.want(Want::DangerOrPunish);
                    answers.flag(Flag::Danger);
                }
                WantArg::Punish => answers.want(Want::DangerOrPunish),
                WantArg::Delete => {
                    answers.want(Want::DontKnowOrDelete);
                    answers.flag(Flag::Deletion);
                }
                WantArg::DontKnow | WantArg::Advice => answers.want(Want::DontKnowOrDelete),
                WantArg::CantDelete => answers.want(Want::CantRequestDeletionMyself),
                WantArg::Identify => answers.flag(Flag::IdentifyPoster),
            }
        }
        for (set, flag) in [
            (self.danger, Flag::Danger),
            (self.self_harm, Flag::SelfHarm),
            (self.minor, Flag::Minor),
            (self.sexual_images, Flag::SexualImages),
            (self.money_demanded, Flag::MoneyDemanded),
            (self.school_not_acting, Flag::SchoolNotActing),
            (self.role == Some(RoleArg::Perpetrator), Flag::Perpetrator),
            (self.handle_name, Flag::HandleName),
            (self.anonymous_board, Flag::AnonymousBoard),
            (self.illegal_or_harmful, Flag::IllegalOrHarmful),
        ] {
            if set {
                answers.flag(flag);
            }
        }
        answers
    }
}

/// `2024-06-09T14:00+09:00`, with or without seconds, `Z`, or no offset (Japanese time).
pub fn parse_moment(text: &str) -> Result<DateTime<FixedOffset>, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at);
    }
    let with_offset = text.replace('Z', "+00:00").replace(' ', "T");
    for format in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M:%S%:z"] {
        if let Ok(at) = DateTime::parse_from_str(&with_offset, format) {
            return Ok(at);
        }
    }
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(&with_offset, format)
            && let Some(at) = local.and_local_timezone(jst()).single()
        {
            return Ok(at);
        }
    }
    Err(format!(
        "`{text}` is not a moment like 2024-06-09T14:00+09:00"
    ))
}

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
                OutputFormat::Json => print_json(
                    out,
                    json!({"at": time(view.at), "entries": view.entries_json(&entries)}),
                )?,
            }
        }
        ReferralsCommand::Search { query, output } => {
            let view = view(&output);
            let query = query.join(" ");
            let entries = search(directory, &query);
            match output.format {
                OutputFormat::Table => view.table(&entries, out)?,
                OutputFormat::Json => print_json(
                    out,
                    json!({"at": time(view.at), "query": query, "entries": view.entries_json(&entries)}),
                )?,
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
                OutputFormat::Json => print_json(
                    out,
                    json!({"at": time(view.at), "entry": view.entry_json(entry)}),
                )?,
            }
        }
        ReferralsCommand::Suggest { answers, output } => {
            let view = view(&output);
            view.suggestion(directory, &answers.answers(), output.format, out)?;
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

impl View {
    fn pick<'a>(&self, ja: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(ja, en)
    }

    fn status_text(&self, entry: &Entry) -> String {
        match entry.status_at(self.at) {
            Some(status) => status.summary(self.lang),
            None => self.pick("時間不明", "hours unknown").to_string(),
        }
    }

    fn verified_text(&self, entry: &Entry) -> String {
        let date = entry.verified.to_string();
        if entry.is_stale(self.today) {
            format!("{date} {}", self.pick("要再確認", "stale"))
        } else {
            date
        }
    }

    fn as_of(&self) -> String {
        let at = self.at.with_timezone(&jst()).format("%Y-%m-%d %H:%M");
        match self.lang {
            Lang::Ja => format!("受付状況は {at} 時点"),
            Lang::En => format!("Status as of {at} (Japan time)"),
        }
    }

    /// One line per entry, columns aligned in terminal cells.
    fn table(&self, entries: &[&Entry], out: &mut dyn Write) -> std::io::Result<()> {
        const NAME_CELLS: usize = 40;
        let header = [
            "ID",
            self.pick("名称", "Name"),
            self.pick("受付状況", "Status"),
            self.pick("確認日", "Verified"),
        ];
        let rows: Vec<Vec<String>> = std::iter::once(header.map(String::from).to_vec())
            .chain(entries.iter().map(|e| {
                vec![
                    e.id.clone(),
                    fit(e.name(self.lang), NAME_CELLS),
                    self.status_text(e),
                    self.verified_text(e),
                ]
            }))
            .collect();
        writeln!(out, "{}", self.as_of())?;
        let table = Table::fitting(&[Align::Left; 4], &rows).gap("  ");
        for row in &rows {
            writeln!(out, "{}", table.line(row))?;
        }
        Ok(())
    }

    fn detail(&self, entry: &Entry, out: &mut dyn Write) -> std::io::Result<()> {
        let lang = self.lang;
        writeln!(out, "{}  [{}]", entry.name(lang), entry.id)?;
        let mut lines: Vec<(&str, String)> = Vec::new();
        if lang == Lang::Ja {
            lines.push(("よみ", entry.reading.clone()));
        } else {
            lines.push(("Japanese", entry.name.clone()));
        }
        if let Some(org) = entry.organization(lang) {
            lines.push((self.pick("運営", "Run by"), org.to_string()));
        }
        if let Some(area) = entry.area(lang) {
            lines.push((self.pick("地域", "Area"), area.to_string()));
        }
        let capabilities: Vec<&str> = entry.capabilities.iter().map(|c| c.label(lang)).collect();
        lines.push((
            self.pick("できること", "Can"),
            capabilities.join(self.pick("・", ", ")),
        ));
        lines.push((self.pick("内容", "Does"), entry.does.pick(lang).to_string()));
        if let Some(does_not) = &entry.does_not {
            lines.push((
                self.pick("しないこと", "Does not"),
                does_not.pick(lang).to_string(),
            ));
        }
        lines.push((
            self.pick("紹介する時", "When"),
            entry.when.pick(lang).to_string(),
        ));
        if !entry.channels.is_empty() {
            let channels: Vec<&str> = entry.channels.iter().map(|c| c.label(lang)).collect();
            lines.push((
                self.pick("連絡方法", "Reach by"),
                channels.join(self.pick("・", ", ")),
            ));
        }
        for phone in &entry.phones {
            let text = match (&phone.note, lang) {
                (Some(note), Lang::Ja) => format!("{}（{}）", phone.number, note.ja),
                (Some(note), Lang::En) => format!("{} ({})", phone.number, note.pick(lang)),
                (None, _) => phone.number.clone(),
            };
            lines.push((self.pick("電話", "Phone"), text));
        }
        for url in &entry.urls {
            lines.push((self.pick("ウェブ", "Web"), url.clone()));
        }
        if let Some(schedule) = &entry.schedule {
            lines.push((self.pick("受付時間", "Hours"), schedule.describe(lang)));
        }
        let at = self.at.with_timezone(&jst()).format("%Y-%m-%d %H:%M");
        let status = match lang {
            Lang::Ja => format!("{}（{at} 時点）", self.status_text(entry)),
            Lang::En => format!("{} (at {at}, Japan time)", self.status_text(entry)),
        };
        lines.push((self.pick("受付状況", "Status"), status));
        lines.push((self.pick("確認日", "Verified"), self.verified_text(entry)));
        let rows: Vec<Vec<&str>> = lines.iter().map(|(l, v)| vec![*l, v.as_str()]).collect();
        let table = Table::fitting(&[Align::Left; 2], &rows)
            .indent("  ")
            .gap("  ");
        for row in &rows {
            writeln!(out, "{}", table.line(row))?;
        }
        Ok(())
    }

    fn suggestion(
        &self,
        directory: &Directory,
        answers: &Answers,
        format: OutputFormat,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        let suggestion = suggest(directory, answers);
        let name_of = |r: &Recommendation| {
            directory
                .get(&r.entry_id)
                .map_or(r.entry_id.clone(), |e| e.name(self.lang).to_string())
        };
        if format == OutputFormat::Json {
            let recommendation = |r: &Recommendation, with_status: bool| {
                let entry = directory.get(&r.entry_id);
                let mut value = json!({
                    "id": r.entry_id,
                    "name": entry.map(|e| json!({"ja": e.name, "en": e.name_en})),
                    "reason": {"ja": r.reason_ja, "en": r.reason_en},
                });
                if with_status {
                    value["status"] = entry
                        .and_then(|e| e.status_at(self.at))
                        .map_or(Value::Null, |s| status_json(&s));
                }
                value
            };
            let wants: Vec<&str> = answers.wants.iter().map(|w| w.key()).collect();
            let flags: Vec<&str> = answers.flags.iter().map(|f| f.key()).collect();
            let rules: Vec<Value> = suggestion
                .rules
                .iter()
                .map(|r| {
                    json!({
                        "id": r.id,
                        "title": {"ja": r.title_ja, "en": r.title_en},
                        "text": {"ja": r.text_ja, "en": r.text_en},
                    })
                })
                .collect();
            print_json(
                out,
                json!({
                    "at": time(self.at),
                    "answers": {"wants": wants, "flags": flags},
                    "recommendations": suggestion.recommendations.iter().map(|r| recommendation(r, true)).collect::<Vec<_>>(),
                    "withheld": suggestion.withheld.iter().map(|r| recommendation(r, false)).collect::<Vec<_>>(),
                    "rules": rules,
                }),
            )?;
            return Ok(());
        }
        let lang = self.lang;
        let mut asked: Vec<&str> = answers
            .effective_wants()
            .iter()
            .map(|w| w.label(lang))
            .collect();
        asked.extend(answers.flags.iter().map(|f| f.label(lang)));
        writeln!(
            out,
            "{}: {}",
            self.pick("回答", "Answers"),
            asked.join(self.pick("／", "; "))
        )?;
        writeln!(out, "{}", self.as_of())?;
        writeln!(out)?;
        writeln!(out, "{}", self.pick("おすすめの相談先", "Recommended"))?;
        let names: Vec<String> = suggestion.recommendations.iter().map(name_of).collect();
        let name_cells = names.iter().map(|n| width(n)).max().unwrap_or(0).min(48);
        for (i, (r, name)) in suggestion.recommendations.iter().zip(&names).enumerate() {
            let status = directory
                .get(&r.entry_id)
                .map(|e| self.status_text(e))
                .unwrap_or_default();
            writeln!(out, "{:>3}. {}  {status}", i + 1, pad(name, name_cells))?;
            writeln!(out, "     {}", r.reason(lang))?;
        }
        if !suggestion.withheld.is_empty() {
            writeln!(out)?;
            writeln!(out, "{}", self.pick("案内しない相談先", "Not offered"))?;
            for r in &suggestion.withheld {
                writeln!(out, "   × {}", name_of(r))?;
                writeln!(out, "     {}", r.reason(lang))?;
            }
        }
        if !suggestion.rules.is_empty() {
            writeln!(out)?;
            writeln!(out, "{}", self.pick("実務上の注意", "Practice rules"))?;
            for rule in &suggestion.rules {
                writeln!(out, "   ・{}", rule.title(lang))?;
                writeln!(out, "     {}", rule.text(lang))?;
            }
        }
        Ok(())
    }

    fn entries_json(&self, entries: &[&Entry]) -> Vec<Value> {
        entries.iter().map(|e| self.entry_json(e)).collect()
    }

    fn entry_json(&self, e: &Entry) -> Value {
        json!({
            "id": e.id,
            "name": e.name,
            "name_en": e.name_en,
            "reading": e.reading,
            "organization": e.organization,
            "organization_en": e.organization(Lang::En),
            "area": e.area,
            "area_en": e.area(Lang::En),
            "does": text_json(&e.does),
            "does_not": e.does_not.as_ref().map(text_json),
            "capabilities": e.capabilities.iter().map(|c| c.key()).collect::<Vec<_>>(),
            "when": text_json(&e.when),
            "channels": e.channels.iter().map(|c| c.key()).collect::<Vec<_>>(),
            "phones": e.phones.iter().map(|p| json!({"number": p.number, "note": p.note.as_ref().map(text_json)})).collect::<Vec<_>>(),
            "urls": e.urls,
            "schedule": e.schedule.as_ref().map(|s| json!({
                "hours": s.hours.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "last_intake_minutes": s.last_intake_minutes,
                "holidays": match s.holidays {
                    HolidayPolicy::Closed => "closed",
                    HolidayPolicy::AsUsual => "as_usual",
                },
                "text": {"ja": s.describe(Lang::Ja), "en": s.describe(Lang::En)},
            })),
            "keywords": e.keywords,
            "verified": e.verified.to_string(),
            "stale": e.is_stale(self.today),
            "status": e.status_at(self.at).map(|s| status_json(&s)),
        })
    }
}

fn text_json(text: &Text) -> Value {
    json!({"ja": text.ja, "en": text.en})
}

fn status_json(status: &OpenStatus) -> Value {
    let (last_intake, closes_at, next_open) = match *status {
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
    json!({
        "state": status.key(),
        "label": {"ja": status.label(Lang::Ja), "en": status.label(Lang::En)},
        "last_intake": last_intake.map(time),
        "closes_at": closes_at.map(time),
        "next_open": next_open.map(time),
    })
}

fn time(at: DateTime<FixedOffset>) -> String {
    at.with_timezone(&jst()).to_rfc3339()
}

fn print_json(out: &mut dyn Write, value: Value) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct TestCli {
        #[command(subcommand)]
        command: ReferralsCommand,
    }

    fn parse(args: &[&str]) -> ReferralsCommand {
        let mut all = vec!["referrals"];
        all.extend_from_slice(args);
        TestCli::try_parse_from(all).unwrap().command
    }

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2024-06-10T20:00:00+09:00").unwrap()
    }

    fn run_with(args: &[&str], lang: Lang) -> anyhow::Result<String> {
        let mut out = Vec::new();
        run(parse(args), &Directory::builtin(), now(), lang, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    fn output(args: &[&str]) -> String {
        run_with(args, Lang::Ja).unwrap()
    }

    fn json_of(args: &[&str]) -> Value {
        serde_json::from_str(&output(args)).unwrap()
    }

    #[test]
    fn moments_are_read_with_or_without_seconds_and_offset() {
        let jst_2pm = DateTime::parse_from_rfc3339("2024-06-09T14:00:00+09:00").unwrap();
        for text in [
            "2024-06-09T14:00+09:00",
            "2024-06-09T14:00:00+09:00",
            "2024-06-09T05:00Z",
            "2024-06-09T14:00",
            "2024-06-09 14:00",
        ] {
            assert_eq!(parse_moment(text), Ok(jst_2pm), "{text}");
        }
        assert!(
            parse_moment("tomorrow")
                .unwrap_err()
                .contains("2024-06-09T14:00+09:00")
        );
    }

    #[test]
    fn the_list_aligns_full_width_names_and_shows_status() {
        let text = output(&["list"]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "受付状況は 2024-06-10 20:00 時点");
        assert!(lines[1].starts_with("ID "), "{}", lines[1]);
        // Every row's status column starts at the same terminal cell.
        let status_cell = |line: &str| {
            let byte = line.find("時間不明").or_else(|| line.find("受付中"))?;
            Some(width(&line[..byte]))
        };
        let cells: Vec<usize> = lines[2..].iter().filter_map(|l| status_cell(l)).collect();
        assert_eq!(cells.len(), Directory::builtin().entries().len());
        assert!(cells.windows(2).all(|w| w[0] == w[1]), "{cells:?}\n{text}");
        let harmony = lines.iter().find(|l| l.starts_with("net_harmony")).unwrap();
        assert!(harmony.contains("受付中 〜21:30"), "{harmony}");
        assert!(!text.lines().any(|l| l.ends_with(' ')));
    }

    #[test]
    fn at_answers_for_another_moment() {
        let text = output(&["list", "--at", "2024-06-09T14:00+09:00"]);
        let harmony = text.lines().find(|l| l.starts_with("net_harmony")).unwrap();
        assert!(harmony.contains("受付中 〜17:30"), "{harmony}");
        let text = output(&["show", "net_harmony", "--at", "2024-06-16T14:00+09:00"]);
        assert!(text.contains("時間外 次回 6/17(月) 16:00"), "{text}");
    }

    #[test]
    fn show_prints_one_place_in_full() {
        let text = output(&["show", "net_harmony"]);
        assert!(text.starts_with("ネットハーモニー（大阪府インターネット誹謗中傷・トラブル相談窓口）  [net_harmony]\n"), "{text}");
        for needle in [
            "06-6760-4013（電話相談）",
            "06-6760-4014",
            "月・土 16:00–22:00、第2日曜 13:00–18:00（受付は終了30分前まで・祝日休み）",
            "受付中 〜21:30",
            "2024-11-01",
        ] {
            assert!(text.contains(needle), "{needle}\n{text}");
        }
        let en = run_with(&["show", "ihaho"], Lang::En).unwrap();
        assert!(
            en.contains("Advice only: it does not request deletion"),
            "{en}"
        );
        // Who runs it in English; the Japanese name is given once, on its own line.
        assert!(
            en.contains("Ministry of Internal Affairs and Communications"),
            "{en}"
        );
        assert!(!en.contains("総務省"), "{en}");
    }

    #[test]
    fn an_unknown_id_is_an_error_that_suggests_ids() {
        let err = run_with(&["show", "houterasu_x"], Lang::Ja)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no referral entry `houterasu_x`"), "{err}");
        let err = run_with(&["show", "警察"], Lang::Ja)
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean police_"), "{err}");
    }

    #[test]
    fn entries_go_stale_a_year_after_verification() {
        let mut out = Vec::new();
        let later = DateTime::parse_from_rfc3339("2026-01-10T12:00:00+09:00").unwrap();
        run(
            parse(&["list"]),
            &Directory::builtin(),
            later,
            Lang::Ja,
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.lines()
                .nth(2)
                .unwrap()
                .ends_with("2024-11-01 要再確認"),
            "{text}"
        );
        assert!(!output(&["list"]).contains("要再確認"));
    }

    #[test]
    fn suggest_prints_the_flow_with_reasons_and_rules() {
        let text = output(&["suggest", "--want", "compensation"]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "回答: 書き込んだ人に賠償等を求めたい");
        assert!(lines[4].starts_with("  1. 弁護士"), "{text}");
        assert!(lines[6].starts_with("  2. 法テラス"), "{text}");
        assert!(text.contains("実務上の注意"), "{text}");
        assert!(text.contains("発信者の特定は法的手続"), "{text}");
    }

    #[test]
    fn suggest_for_identifying_the_poster_answers_that_question_only() {
        let text = output(&["suggest", "--want", "identify"]);
        assert!(text.starts_with("回答: 発信者を特定したい\n"), "{text}");
        assert!(!text.contains("解決策がわからない"), "{text}");
    }

    #[test]
    fn suggest_for_a_perpetrator_says_why_there_is_no_desk_lawyer() {
        let text = output(&["suggest", "--want", "compensation", "--role", "perpetrator"]);
        assert!(text.contains("案内しない相談先"), "{text}");
        assert!(
            text.contains("× 専門家連携（当窓口の弁護士相談）"),
            "{text}"
        );
        let recommended = text.split("案内しない相談先").next().unwrap();
        assert!(!recommended.contains("当窓口の弁護士相談"), "{text}");
    }

    #[test]
    fn suggest_flags_match_the_flow() {
        let cases: [(&[&str], &[&str]); 8] = [
            (
                &["--want", "listen"],
                &["mamorouyokokoro", "desk_psychologist"],
            ),
            (&["--want", "danger"], &["police_station", "police_cyber"]),
            (
                &["--want", "delete,cant-delete"],
                &["platform_report", "ihaho", "jinken_moj", "sia_hotline"],
            ),
            (
                &["--want", "delete", "--illegal-or-harmful"],
                &["platform_report", "safeline", "ihaho", "jinken_moj"],
            ),
            (&["--want", "identify"], &["lawyer", "desk_lawyer"]),
            (
                &["--minor", "--sexual-images"],
                &[
                    "police_station",
                    "police_cyber",
                    "internet_hotline_center",
                    "lawyer",
                    "school_board",
                    "ihaho",
                    "jinken_moj",
                    "search_engine",
                ],
            ),
            (
                &["--self-harm", "--want", "listen"],
                &[
                    "police_station",
                    "platform_report",
                    "mamorouyokokoro",
                    "desk_psychologist",
                ],
            ),
            (
                &["--role", "perpetrator", "--anonymous-board"],
                &["ihaho", "lawyer", "platform_report"],
            ),
        ];
        for (flags, expected) in cases {
            let mut args = vec!["suggest", "--format", "json"];
            args.extend_from_slice(flags);
            let value = json_of(&args);
            let ids: Vec<&str> = value["recommendations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap())
                .collect();
            assert_eq!(ids, expected, "{flags:?}");
        }
    }

    #[test]
    fn suggest_json_has_the_documented_shape() {
        let value = json_of(&[
            "suggest",
            "--format",
            "json",
            "--want",
            "identify",
            "--handle-name",
            "--at",
            "2024-06-10T21:40+09:00",
        ]);
        assert_eq!(value["at"], "2024-06-10T21:40:00+09:00");
        assert_eq!(
            value["answers"],
            json!({"wants": [], "flags": ["identify_poster", "handle_name"]})
        );
        let first = &value["recommendations"][0];
        assert_eq!(first["id"], "lawyer");
        assert_eq!(first["name"]["ja"], "弁護士");
        assert!(
            first["reason"]["ja"]
                .as_str()
                .unwrap()
                .contains("発信者情報開示請求")
        );
        assert_eq!(first["status"], Value::Null);
        let rules: Vec<&str> = value["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            rules,
            ["evidence_first", "disclosure_is_legal", "handle_name"]
        );
        assert_eq!(value["withheld"], json!([]));
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["at", "answers", "recommendations", "withheld", "rules"]
        );
    }

    #[test]
    fn list_and_show_json_have_the_documented_shape() {
        let value = json_of(&[
            "show",
            "net_harmony",
            "--format",
            "json",
            "--at",
            "2024-06-10T21:40+09:00",
        ]);
        let entry = &value["entry"];
        let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "id",
                "name",
                "name_en",
                "reading",
                "organization",
                "organization_en",
                "area",
                "area_en",
                "does",
                "does_not",
                "capabilities",
                "when",
                "channels",
                "phones",
                "urls",
                "schedule",
                "keywords",
                "verified",
                "stale",
                "status"
            ]
        );
        assert_eq!(
            entry["phones"][0],
            json!({"number": "06-6760-4013", "note": {"ja": "電話相談", "en": "Phone consultation"}})
        );
        assert_eq!(
            entry["schedule"]["hours"],
            json!(["mon,sat 16:00-22:00", "2nd sun 13:00-18:00"])
        );
        assert_eq!(entry["schedule"]["holidays"], "closed");
        assert_eq!(
            entry["status"],
            json!({
                "state": "intake_ended",
                "label": {"ja": "受付終了", "en": "Intake ended"},
                "last_intake": null,
                "closes_at": "2024-06-10T22:00:00+09:00",
                "next_open": null,
            })
        );
        assert_eq!(
            entry["capabilities"],
            json!(["listening", "advice", "expert_consult"])
        );
        assert_eq!(entry["stale"], false);

        let list = json_of(&["list", "--format", "json"]);
        assert_eq!(
            list["entries"].as_array().unwrap().len(),
            Directory::builtin().entries().len()
        );
        assert_eq!(list["entries"][0]["status"], Value::Null);
    }

    #[test]
    fn search_from_the_shell() {
        let value = json_of(&["search", "けいさつ", "--format", "json"]);
        assert_eq!(value["query"], "けいさつ");
        let first: Vec<&str> = value["entries"]
            .as_array()
            .unwrap()
            .iter()
            .take(2)
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert!(
            first.contains(&"police_station") && first.contains(&"police_cyber"),
            "{first:?}"
        );
        let table = output(&["search", "ほうてらす"]);
        assert!(
            table.lines().nth(2).unwrap().starts_with("houterasu"),
            "{table}"
        );
    }

    #[test]
    fn english_output() {
        let text = run_with(&["suggest", "--want", "listen"], Lang::En).unwrap();
        assert!(text.starts_with("Answers: I want someone to hear my worries\nStatus as of 2024-06-10 20:00 (Japan time)\n"), "{text}");
        assert!(text.contains("Mamorouyo Kokoro"), "{text}");
    }
}
