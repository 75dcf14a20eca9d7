//! The config file (`config.toml` in the config directory) and the settings resolved from it,
//! the command line and the environment.

use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use serde::Deserialize;

use crate::diag::{Diagnostic, Source};
use crate::domain::{Dim, Lang, Taxonomy};
use crate::referral::{HolidayPolicy, Hours, Schedule};

pub const CONFIG_FILE: &str = "config.toml";
pub const KEYMAP_FILE: &str = "keymap.toml";
/// The log, beside the database.
pub const LOG_FILE: &str = "soudan.log";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConfigFile {
    /// The counselor's name as it appears on records; defaults to the OS user.
    pub counselor: Option<String>,
    /// Short code that prefixes this workstation's case numbers ("A1" → A1-00012).
    pub station: Option<String>,
    pub language: Lang,
    /// The shipped keymap to start from: "default" or "numpad".
    pub keymap: String,
    /// The desk's offset from UTC ("+09:00"); defaults to this machine's.
    pub utc_offset: Option<String>,
    /// The channel a new call starts with (a 手法 label or code).
    pub default_channel: String,
    pub timer: TimerConfig,
    pub call: CallConfig,
    /// The desk's own opening hours: 相談開設日数 in reports counts the days they cover.
    pub desk: Option<DeskHours>,
    /// The central server `soudan sync` talks to.
    pub sync: SyncConfig,
    /// How long the desk keeps free text (`soudan retention`), and so its backups.
    pub retention: RetentionConfig,
    /// How many backups `soudan backup` keeps.
    pub backup: BackupConfig,
    /// Which tables `soudan report` prints.
    pub report: ReportConfig,
}

/// `[report]`: `layout = "national"` makes `soudan report` print the national centre's
/// tables (per work item) instead of the prefectural ones; `--layout` overrides it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportConfig {
    pub layout: crate::domain::ReportLayout,
}

/// `[backup]`: `keep = 14` (the default) keeps the newest 14 of soudan's own backups in the
/// folder it writes to (`--keep` overrides it): a nightly timer must not fill the disk, nor
/// keep erased text longer than two weeks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupConfig {
    #[serde(deserialize_with = "at_least_one")]
    pub keep: Option<u32>,
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig { keep: Some(14) }
    }
}

fn at_least_one<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    match u32::deserialize(d)? {
        0 => Err(serde::de::Error::custom(
            "keep = 0 would delete every backup: keep at least 1",
        )),
        n => Ok(Some(n)),
    }
}

/// `[retention]`: `keep = "5y"` (units y, m, d). No default: nothing is erased by age until
/// the desk decides how long it keeps records.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionConfig {
    pub keep: Option<crate::domain::KeepFor>,
}

/// `[sync]`: where the central PostgreSQL is. The password is never in this file: it comes
/// from the URL given on the command line, `PGPASSWORD`, or `password_file`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncConfig {
    /// `postgres://user@host:5432/db?sslmode=…`
    pub url: Option<String>,
    /// A file whose first line is the password, readable by its owner alone.
    pub password_file: Option<PathBuf>,
    /// Sync in the background while the TUI runs, this often (`15m`).
    pub interval: Option<SyncInterval>,
}

/// `[sync] interval`: `30s`, `15m` or `2h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncInterval(pub std::time::Duration);

impl std::str::FromStr for SyncInterval {
    type Err = String;

    fn from_str(text: &str) -> Result<SyncInterval, String> {
        let text = text.trim();
        let bad = || format!("{text:?} is not an interval: write a number and s, m or h (15m)");
        let unit = text.chars().last().ok_or_else(bad)?;
        let n: u64 = text[..text.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| bad())?;
        let seconds = match unit {
            's' => n,
            'm' => n * 60,
            'h' => n * 3600,
            _ => return Err(bad()),
        };
        if seconds < 10 {
            return Err(format!(
                "{text:?}: sync at most every 10 s (the server serves every workstation)"
            ));
        }
        Ok(SyncInterval(std::time::Duration::from_secs(seconds)))
    }
}

impl<'de> serde::Deserialize<'de> for SyncInterval {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SyncInterval, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The desk's opening hours, written like the referral sheet's schedules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskHours {
    /// e.g. ["mon,sat 16:00-22:00", "2nd sun 13:00-18:00"]
    pub hours: Vec<String>,
    #[serde(default)]
    pub last_intake_minutes: u16,
    /// "closed" (default) or "as_usual" on public holidays.
    #[serde(default)]
    pub holidays: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TimerConfig {
    /// The call timer turns amber at this many minutes…
    pub warn_minutes: u32,
    /// …and red at this many.
    pub alert_minutes: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CallConfig {
    /// The order the tagging flow (tab) asks the dimensions in: keys (`age`) or labels (`年代`).
    pub tag_order: Vec<String>,
}

/// The flow's order unless the desk sets one: the call screen's order, without 当事者の属性,
/// which desks ask only when it matters (add `attribute` to ask it every time).
pub const DEFAULT_TAG_ORDER: [Dim; 9] = [
    Dim::Channel,
    Dim::Age,
    Dim::Role,
    Dim::Troubled,
    Dim::Infringement,
    Dim::Platform,
    Dim::Want,
    Dim::Risk,
    Dim::Response,
];

impl Default for CallConfig {
    fn default() -> Self {
        CallConfig {
            tag_order: DEFAULT_TAG_ORDER.map(|d| d.key().to_string()).to_vec(),
        }
    }
}

impl Default for TimerConfig {
    fn default() -> Self {
        TimerConfig {
            warn_minutes: 20,
            alert_minutes: 40,
        }
    }
}

impl Default for ConfigFile {
    fn default() -> Self {
        ConfigFile {
            counselor: None,
            station: None,
            language: Lang::Ja,
            keymap: "default".into(),
            utc_offset: None,
            default_channel: "phone".into(),
            timer: TimerConfig::default(),
            call: CallConfig::default(),
            desk: None,
            sync: SyncConfig::default(),
            retention: RetentionConfig::default(),
            backup: BackupConfig::default(),
            report: ReportConfig::default(),
        }
    }
}

/// What the running program needs from the config, resolved and checked.
#[derive(Debug, Clone)]
pub struct Settings {
    pub counselor: String,
    pub station: String,
    pub lang: Lang,
    pub keymap: String,
    pub desk_offset: FixedOffset,
    pub default_channel: String,
    pub timer_warn_minutes: u32,
    pub timer_alert_minutes: u32,
    /// The dimensions the tagging flow asks, in order.
    pub tag_order: Vec<Dim>,
    /// When the desk is open, if the config says.
    pub desk_schedule: Option<Schedule>,
    /// The tables `soudan report` prints unless `--layout` says.
    pub report_layout: crate::domain::ReportLayout,
}

impl Settings {
    /// Settings for tests and tools: counselor "相談員A", station "T", JST.
    pub fn for_tests() -> Settings {
        Settings {
            counselor: "相談員A".into(),
            station: "T".into(),
            lang: Lang::Ja,
            keymap: "default".into(),
            desk_offset: FixedOffset::east_opt(9 * 3600).expect("valid offset"),
            default_channel: "phone".into(),
            timer_warn_minutes: 20,
            timer_alert_minutes: 40,
            tag_order: DEFAULT_TAG_ORDER.to_vec(),
            desk_schedule: None,
            report_layout: crate::domain::ReportLayout::Prefectural,
        }
    }
}

/// The config file as read: its values, and its text and path for diagnostics that point
/// at a key.
#[derive(Debug)]
pub struct LoadedConfig {
    pub file: ConfigFile,
    pub path: PathBuf,
    text: String,
}

/// Reads `config.toml` from `dir`; a missing file means defaults.
pub fn read_config(dir: &Path) -> Result<LoadedConfig, Diagnostic> {
    let path = dir.join(CONFIG_FILE);
    let Some(text) = crate::diag::read_text(&path)? else {
        return Ok(LoadedConfig {
            file: ConfigFile::default(),
            path,
            text: String::new(),
        });
    };
    let name = path.display().to_string();
    let source = Source::new(&name, &text);
    let file: ConfigFile = toml::from_str(&text).map_err(|e| source.toml_error(&e))?;
    check_keymap_name(&file, &source)?;
    Ok(LoadedConfig { file, path, text })
}

/// `keymap = "…"` must name a shipped keymap. Checked on reading, so that every command
/// refuses a typo before it does anything, pointing at the value.
fn check_keymap_name(file: &ConfigFile, source: &Source) -> Result<(), Diagnostic> {
    if crate::keymap::builtin_text(&file.keymap).is_some() {
        return Ok(());
    }
    let span = toml::de::DeTable::parse(source.text)
        .ok()
        .and_then(|table| {
            table
                .get_ref()
                .iter()
                .find(|(key, _)| key.get_ref() == "keymap")
                .map(|(_, value)| value.span())
        })
        .unwrap_or(0..0);
    Err(source.at(
        span,
        format!(
            "unknown keymap `{}` (shipped: {})",
            file.keymap,
            crate::keymap::BUILTIN.map(|(name, _)| name).join(", ")
        ),
    ))
}

/// Checks the values serde cannot, pointing at the offending key.
pub fn resolve(
    loaded: &LoadedConfig,
    counselor_flag: Option<String>,
    lang_flag: Option<Lang>,
    workstation: uuid::Uuid,
) -> Result<Settings, Diagnostic> {
    let config = &loaded.file;
    let text = &loaded.text;
    let name = loaded.path.display().to_string();
    let source = Source::new(&name, text);
    let at_key = |key: &str, message: String| {
        let offset = text
            .lines()
            .scan(0, |pos, line| {
                let start = *pos;
                *pos += line.len() + 1;
                Some((start, line))
            })
            .find(|(_, line)| line.trim_start().starts_with(key))
            .map_or(0, |(start, _)| start);
        source.at(offset..offset, message)
    };
    let desk_offset = match &config.utc_offset {
        Some(text) => parse_offset(text).ok_or_else(|| {
            at_key(
                "utc_offset",
                format!("utc_offset `{text}` is not an offset like +09:00"),
            )
        })?,
        None => *chrono::Local::now().offset(),
    };
    let default_channel = Taxonomy::builtin()
        .lookup(Dim::Channel, &config.default_channel)
        .map(|o| o.code.clone())
        .ok_or_else(|| {
            at_key(
                "default_channel",
                format!(
                    "default_channel `{}` is not a 手法 (use 電話, SNS, メール, FAX, 手紙 or 面接)",
                    config.default_channel
                ),
            )
        })?;
    if config.timer.warn_minutes >= config.timer.alert_minutes {
        return Err(at_key(
            "warn_minutes",
            "timer.warn_minutes must be less than timer.alert_minutes".into(),
        ));
    }
    let tag_order = config
        .call
        .tag_order
        .iter()
        .map(|name| {
            dim_named(name).ok_or_else(|| {
                at_key(
                    "tag_order",
                    format!(
                        "call.tag_order: `{name}` is not a tag (use {})",
                        Dim::ALL.map(Dim::key).join(", ")
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(twice) = tag_order
        .iter()
        .enumerate()
        .find(|(i, d)| tag_order[..*i].contains(d))
        .map(|(_, d)| d)
    {
        return Err(at_key(
            "tag_order",
            format!("call.tag_order names `{}` twice", twice.key()),
        ));
    }
    let station = match &config.station {
        Some(station)
            if !station.is_empty()
                && station.len() <= 8
                && station.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            station.clone()
        }
        Some(station) => {
            return Err(at_key(
                "station",
                format!("station `{station}` must be 1-8 letters or digits"),
            ));
        }
        // Unique per workstation by default, so case numbers never collide after sync.
        None => workstation.simple().to_string()[..4].to_ascii_uppercase(),
    };
    let desk_schedule = match &config.desk {
        None => None,
        Some(desk) => {
            let hours = desk
                .hours
                .iter()
                .map(|h| Hours::parse(h))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| at_key("hours", format!("desk.hours: {e}")))?;
            let holidays = match desk.holidays.as_deref() {
                None | Some("closed") => HolidayPolicy::Closed,
                Some("as_usual") => HolidayPolicy::AsUsual,
                Some(other) => {
                    return Err(at_key(
                        "holidays",
                        format!("desk.holidays `{other}` must be \"closed\" or \"as_usual\""),
                    ));
                }
            };
            Some(
                Schedule::new(hours, desk.last_intake_minutes, holidays)
                    .map_err(|e| at_key("hours", format!("desk: {e}")))?,
            )
        }
    };
    let counselor = counselor_flag
        .or_else(|| config.counselor.clone())
        .filter(|c| !c.trim().is_empty())
        .unwrap_or_else(os_user);
    Ok(Settings {
        counselor,
        station,
        lang: lang_flag.unwrap_or(config.language),
        keymap: config.keymap.clone(),
        desk_offset,
        default_channel,
        timer_warn_minutes: config.timer.warn_minutes,
        timer_alert_minutes: config.timer.alert_minutes,
        tag_order,
        desk_schedule,
        report_layout: config.report.layout,
    })
}

/// A dimension by its key (`age`) or its Japanese or English label (`年代`).
fn dim_named(name: &str) -> Option<Dim> {
    let taxonomy = Taxonomy::builtin();
    Dim::from_key(name).or_else(|| {
        Dim::ALL.into_iter().find(|&d| {
            let spec = taxonomy.spec(d);
            spec.ja == name || spec.en.eq_ignore_ascii_case(name)
        })
    })
}

pub fn parse_offset(text: &str) -> Option<FixedOffset> {
    let (sign, rest) = match text.trim().as_bytes().first()? {
        b'+' => (1, &text.trim()[1..]),
        b'-' => (-1, &text.trim()[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let seconds = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
    FixedOffset::east_opt(sign * seconds)
}

fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "counselor".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_the_desk_writes_them() {
        let minutes = |text: &str| text.parse::<SyncInterval>().map(|i| i.0.as_secs() / 60);
        assert_eq!(minutes("15m"), Ok(15));
        assert_eq!(minutes(" 2h "), Ok(120));
        assert_eq!("30s".parse::<SyncInterval>().unwrap().0.as_secs(), 30);
        for bad in ["", "15", "m", "15 minutes", "-5m", "1.5h"] {
            assert!(bad.parse::<SyncInterval>().is_err(), "{bad:?}");
        }
        assert!("5s".parse::<SyncInterval>().unwrap_err().contains("10 s"));
    }

    fn write(dir: &Path, text: &str) {
        std::fs::write(dir.join(CONFIG_FILE), text).unwrap();
    }

    #[test]
    fn a_missing_config_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = read_config(dir.path()).unwrap();
        let settings = resolve(&loaded, Some("佐藤".into()), None, uuid::Uuid::nil()).unwrap();
        assert_eq!(settings.counselor, "佐藤");
        assert_eq!(settings.default_channel, "phone");
        assert_eq!(settings.timer_warn_minutes, 20);
        assert_eq!(settings.timer_alert_minutes, 40);
    }

    #[test]
    fn config_values_resolve_and_bad_ones_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "counselor = \"山田\"\nstation = \"N1\"\ndefault_channel = \"SNS\"\nutc_offset = \"+09:00\"\n[timer]\nwarn_minutes = 10\nalert_minutes = 15\n",
        );
        let loaded = read_config(dir.path()).unwrap();
        let s = resolve(&loaded, None, None, uuid::Uuid::nil()).unwrap();
        assert_eq!((s.counselor.as_str(), s.station.as_str()), ("山田", "N1"));
        assert_eq!(s.default_channel, "sns");
        assert_eq!(s.desk_offset.local_minus_utc(), 9 * 3600);

        write(dir.path(), "language = \"ja\"\ncounselr = \"typo\"\n");
        let err = read_config(dir.path()).unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{err}");
        assert!(err.message.contains("counselr"), "{err}");

        write(
            dir.path(),
            "language = \"ja\"\ndefault_channel = \"伝書鳩\"\n",
        );
        let loaded = read_config(dir.path()).unwrap();
        let err = resolve(&loaded, None, None, uuid::Uuid::nil()).unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{err}");
    }

    #[test]
    fn the_tag_order_takes_keys_or_labels_and_names_a_wrong_one() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = read_config(dir.path()).unwrap();
        let s = resolve(&loaded, None, None, uuid::Uuid::nil()).unwrap();
        assert_eq!(s.tag_order, DEFAULT_TAG_ORDER);

        write(
            dir.path(),
            "[call]\ntag_order = [\"response\", \"年代\", \"Who is troubled\"]\n",
        );
        let loaded = read_config(dir.path()).unwrap();
        let s = resolve(&loaded, None, None, uuid::Uuid::nil()).unwrap();
        assert_eq!(s.tag_order, [Dim::Response, Dim::Age, Dim::Troubled]);

        write(
            dir.path(),
            "language = \"ja\"\n[call]\ntag_order = [\"age\", \"mood\"]\n",
        );
        let loaded = read_config(dir.path()).unwrap();
        let err = resolve(&loaded, None, None, uuid::Uuid::nil()).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err}");
        assert!(err.message.contains("`mood`"), "{err}");

        write(dir.path(), "[call]\ntag_order = [\"age\", \"年代\"]\n");
        let loaded = read_config(dir.path()).unwrap();
        let err = resolve(&loaded, None, None, uuid::Uuid::nil()).unwrap_err();
        assert!(err.message.contains("twice"), "{err}");
    }

    #[test]
    fn an_unknown_keymap_is_refused_on_reading_at_its_value_with_the_full_path() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "language = \"ja\"\nkeymap = \"qwerty\"\n");
        let err = read_config(dir.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}:2:10: unknown keymap `qwerty` (shipped: default, numpad)",
                dir.path().join(CONFIG_FILE).display()
            )
        );
        write(dir.path(), "keymap = \"numpad\"\n");
        assert_eq!(read_config(dir.path()).unwrap().file.keymap, "numpad");
    }
}
