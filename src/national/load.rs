//! Reading the shipped service directory, a desk's `services.toml` and its `means.toml`, with
//! file:line:column diagnostics. Both merge the way `referrals.toml` does:
//! - An entry whose `id` (`code`, for 対応手段) is already there changes only the fields it
//!   writes (a list replaces the list; a Japanese label written without its English takes
//!   both); `hidden = true` takes a service or a means out.
//! - An entry with a new id adds one and needs every required field. New services and groups
//!   go last; a new means goes before その他.
//! - A file that is not valid TOML is ignored as a whole: the caller gets the shipped lists
//!   and the syntax errors.
//! - Otherwise a bad entry is left out (what it meant to change stays as it was) with a
//!   diagnostic for each problem, and the good entries of the file still apply.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::classification::Classification;
use super::services::{Group, HostPattern, Service, ServiceDirectory};
use crate::diag::{Diagnostic, Source, read_text};
use crate::domain::TagOption;

/// The desk's changes to the service directory, in the config directory.
pub const SERVICES_FILE: &str = "services.toml";
/// The desk's changes to 対応手段, in the config directory.
pub const MEANS_FILE: &str = "means.toml";

const BUILTIN_NAME: &str = "services.toml (built-in)";
const BUILTIN_TEXT: &str = include_str!("services.toml");

impl ServiceDirectory {
    /// The directory shipped in the binary. Checked by a test to load without a single
    /// diagnostic; were it not to, the valid entries would still be served.
    pub fn builtin() -> &'static ServiceDirectory {
        static BUILTIN: OnceLock<ServiceDirectory> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            ServiceDirectory::default()
                .with_overrides(BUILTIN_NAME, BUILTIN_TEXT)
                .0
        })
    }

    /// The shipped directory with the desk's `services.toml` from `config_dir` applied (a
    /// missing file is no problem).
    pub fn load(config_dir: &Path) -> (ServiceDirectory, Vec<Diagnostic>) {
        load_file(
            config_dir,
            SERVICES_FILE,
            ServiceDirectory::builtin(),
            |d, name, text| d.with_overrides(name, text),
        )
    }

    /// This directory with the `[[group]]` and `[[service]]` entries of an override file
    /// (named `name` in diagnostics) merged in.
    pub fn with_overrides(&self, name: &str, text: &str) -> (ServiceDirectory, Vec<Diagnostic>) {
        let mut file = match OverrideFile::read(name, text, &[Group::TABLE, Service::TABLE]) {
            Ok(file) => file,
            Err(syntax) => return (self.clone(), syntax),
        };
        let mut merged = self.clone();
        // Groups first, so that a service may name a group written after it.
        file.merge(&mut merged.groups, &());
        file.merge(&mut merged.services, &merged.groups);
        (merged, file.finish())
    }
}

impl Classification {
    /// The shipped classification with the desk's `means.toml` from `config_dir` applied.
    pub fn load(config_dir: &Path) -> (Classification, Vec<Diagnostic>) {
        load_file(
            config_dir,
            MEANS_FILE,
            Classification::builtin(),
            |c, name, text| c.with_means_overrides(name, text),
        )
    }

    /// This classification with the `[[means]]` entries of an override file merged in.
    pub fn with_means_overrides(
        &self,
        name: &str,
        text: &str,
    ) -> (Classification, Vec<Diagnostic>) {
        let mut file = match OverrideFile::read(name, text, &[TagOption::TABLE]) {
            Ok(file) => file,
            Err(syntax) => return (self.clone(), syntax),
        };
        let mut merged = self.clone();
        file.merge(&mut merged.means.options, &());
        (merged, file.finish())
    }
}

fn load_file<T: Clone>(
    config_dir: &Path,
    file: &str,
    shipped: &T,
    apply: impl FnOnce(&T, &str, &str) -> (T, Vec<Diagnostic>),
) -> (T, Vec<Diagnostic>) {
    let path = config_dir.join(file);
    match read_text(&path) {
        Ok(Some(text)) => apply(shipped, &path.display().to_string(), &text),
        Ok(None) => (shipped.clone(), vec![]),
        Err(problem) => (shipped.clone(), vec![problem]),
    }
}

/// An override file that parsed, its `[[table]]` entries by table, and the problems so far.
struct OverrideFile<'t> {
    source: Source<'t>,
    tables: BTreeMap<&'static str, Vec<Spanned<DeValue<'t>>>>,
    problems: Vec<Diagnostic>,
}

impl<'t> OverrideFile<'t> {
    /// Syntax errors come back alone: the file is then not used at all.
    fn read(
        name: &'t str,
        text: &'t str,
        tables: &[&'static str],
    ) -> Result<OverrideFile<'t>, Vec<Diagnostic>> {
        let source = Source::new(name, text);
        let (document, syntax) = DeTable::parse_recoverable(text);
        if !syntax.is_empty() {
            return Err(syntax.iter().map(|e| source.toml_error(e)).collect());
        }
        let mut file = OverrideFile {
            source,
            tables: tables.iter().map(|t| (*t, Vec::new())).collect(),
            problems: Vec::new(),
        };
        let written = tables
            .iter()
            .map(|t| format!("[[{t}]]"))
            .collect::<Vec<_>>()
            .join(" or ");
        for (key, value) in document.into_inner() {
            let Some(table) = tables.iter().find(|t| **t == key.get_ref().as_ref()) else {
                let message = format!(
                    "unknown key `{}`: write entries as {written}",
                    key.get_ref()
                );
                file.problems.push(file.source.at(key.span(), message));
                continue;
            };
            let span = value.span();
            match value.into_inner() {
                DeValue::Array(items) => file.tables.entry(table).or_default().extend(items),
                _ => {
                    let message = format!("`{table}` must be written as [[{table}]] tables");
                    file.problems.push(file.source.at(span, message));
                }
            }
        }
        Ok(file)
    }

    /// Applies the file's entries of `T`'s table to `list`.
    fn merge<T: Entry>(&mut self, list: &mut Vec<T>, context: &T::Context) {
        let items = self.tables.remove(T::TABLE).unwrap_or_default();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for item in items {
            let span = item.span();
            let raw = match T::Raw::deserialize(item.into_deserializer()) {
                Ok(raw) => raw,
                Err(e) => {
                    let at = e.span().unwrap_or(span);
                    let message = e.message().lines().next().unwrap_or("invalid entry");
                    self.problems
                        .push(self.source.at(at, message.trim().to_string()));
                    continue;
                }
            };
            let mut check = Check {
                source: &self.source,
                problems: Vec::new(),
            };
            let Head {
                key,
                hidden,
                changes,
            } = T::head(&raw);
            let (key, key_span, hidden, changes) =
                (key.get_ref().clone(), key.span(), hidden, changes);
            let (line, _) = self.source.line_column(key_span.start);
            if let Some(first) = seen.insert(key.clone(), line) {
                check.error(
                    key_span,
                    format!("`{key}` is already written at line {first}; this one is ignored"),
                );
                self.problems.extend(check.problems);
                continue;
            }
            let at = list.iter().position(|e| e.key() == key);
            match (at, hidden) {
                (Some(_), true) if changes => check.error(
                    key_span,
                    format!("`{key}` is hidden; drop its other fields or `hidden`"),
                ),
                (Some(at), true) => {
                    list.remove(at);
                }
                (None, true) => check.error(key_span, format!("there is no `{key}` to hide")),
                (Some(at), false) => {
                    let entry = T::build(Some(&list[at]), raw, list, context, &mut check);
                    if check.problems.is_empty() {
                        list[at] = entry;
                    }
                }
                (None, false) => {
                    if !valid_key(&key) {
                        check.error(
                            key_span,
                            format!("`{key}` must be lowercase ascii letters, digits and _"),
                        );
                    }
                    let entry = T::build(None, raw, list, context, &mut check);
                    if check.problems.is_empty() {
                        list.insert(T::insert_at(list), entry);
                    }
                }
            }
            self.problems.extend(check.problems);
        }
    }

    /// Every problem, in the order of the file.
    fn finish(mut self) -> Vec<Diagnostic> {
        self.problems.sort_by_key(|p| (p.line, p.column));
        self.problems
    }
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// One kind of entry an override file holds.
trait Entry: Clone {
    /// The entry as written: every field but its key optional, so one shape serves new
    /// entries and partial changes.
    type Raw: DeserializeOwned;
    /// What the entry is checked against, beside the other entries of its list.
    type Context: ?Sized;
    /// It is written as `[[TABLE]]`.
    const TABLE: &'static str;
    fn key(&self) -> &str;
    fn head(raw: &Self::Raw) -> Head<'_>;
    /// A new entry when `base` is `None`, else `base` with the written fields replaced;
    /// problems go to `check`, and an entry built with any is not used.
    fn build(
        base: Option<&Self>,
        raw: Self::Raw,
        list: &[Self],
        context: &Self::Context,
        check: &mut Check,
    ) -> Self;
    /// Where a new entry goes.
    fn insert_at(list: &[Self]) -> usize {
        list.len()
    }
}

struct Head<'r> {
    key: &'r Spanned<String>,
    hidden: bool,
    /// Writes any field beside its key and `hidden`.
    changes: bool,
}

/// The problems of one entry.
struct Check<'a> {
    source: &'a Source<'a>,
    problems: Vec<Diagnostic>,
}

impl Check<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.push(self.source.at(span, message));
    }

    fn required(&mut self, key: &Spanned<String>, fields: &[(&str, bool)]) {
        let missing: Vec<&str> = fields
            .iter()
            .filter_map(|(field, missing)| missing.then_some(*field))
            .collect();
        if !missing.is_empty() {
            self.error(
                key.span(),
                format!(
                    "new entry `{}` is missing required field(s): {}",
                    key.get_ref(),
                    missing.join(", ")
                ),
            );
        }
    }

    /// The Japanese and English labels after the written ones: a new entry's English is its
    /// Japanese unless written, and a changed Japanese label keeps no stale translation.
    fn labels(
        &mut self,
        base: Option<(&str, &str)>,
        ja: Option<Spanned<String>>,
        en: Option<String>,
    ) -> (String, String) {
        match (ja, base) {
            (Some(ja), _) => {
                if ja.get_ref().trim().is_empty() {
                    self.error(ja.span(), "`ja` is empty");
                }
                let ja = ja.into_inner();
                let en = en.unwrap_or_else(|| ja.clone());
                (ja, en)
            }
            (None, Some((ja, base_en))) => (ja.to_string(), en.unwrap_or_else(|| base_en.into())),
            (None, None) => (String::new(), en.unwrap_or_default()),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: Spanned<String>,
    ja: Option<Spanned<String>>,
    en: Option<String>,
}

impl Entry for Group {
    type Raw = RawGroup;
    type Context = ();
    const TABLE: &'static str = "group";

    fn key(&self) -> &str {
        &self.id
    }

    fn head(raw: &RawGroup) -> Head<'_> {
        Head {
            key: &raw.id,
            hidden: false,
            changes: true,
        }
    }

    fn build(base: Option<&Group>, raw: RawGroup, _: &[Group], _: &(), check: &mut Check) -> Group {
        if base.is_none() {
            check.required(&raw.id, &[("ja", raw.ja.is_none())]);
        }
        let (ja, en) = check.labels(base.map(|b| (b.ja.as_str(), b.en.as_str())), raw.ja, raw.en);
        Group {
            id: raw.id.into_inner(),
            ja,
            en,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: Spanned<String>,
    #[serde(default)]
    hidden: bool,
    group: Option<Spanned<String>>,
    ja: Option<Spanned<String>>,
    en: Option<String>,
    hosts: Option<Vec<Spanned<String>>>,
    place: Option<Spanned<String>>,
}

impl Entry for Service {
    type Raw = RawService;
    /// The groups a service may belong to.
    type Context = [Group];
    const TABLE: &'static str = "service";

    fn key(&self) -> &str {
        &self.id
    }

    fn head(raw: &RawService) -> Head<'_> {
        let RawService {
            id,
            hidden,
            group,
            ja,
            en,
            hosts,
            place,
        } = raw;
        Head {
            key: id,
            hidden: *hidden,
            changes: group.is_some()
                || ja.is_some()
                || en.is_some()
                || hosts.is_some()
                || place.is_some(),
        }
    }

    fn build(
        base: Option<&Service>,
        raw: RawService,
        list: &[Service],
        groups: &[Group],
        check: &mut Check,
    ) -> Service {
        if base.is_none() {
            check.required(
                &raw.id,
                &[("group", raw.group.is_none()), ("ja", raw.ja.is_none())],
            );
        }
        let id = raw.id.get_ref().clone();
        let group = match raw.group {
            Some(group) => {
                if !groups.iter().any(|g| g.id == *group.get_ref()) {
                    let known: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
                    check.error(
                        group.span(),
                        format!(
                            "there is no [[group]] `{}` (groups: {})",
                            group.get_ref(),
                            known.join(", ")
                        ),
                    );
                }
                group.into_inner()
            }
            None => base.map(|b| b.group.clone()).unwrap_or_default(),
        };
        let (ja, en) = check.labels(base.map(|b| (b.ja.as_str(), b.en.as_str())), raw.ja, raw.en);
        let hosts = match raw.hosts {
            Some(written) => hosts(&id, written, list, check),
            None => base.map(|b| b.hosts.clone()).unwrap_or_default(),
        };
        let place = match raw.place {
            Some(place) => place_code(place, check),
            None => base.and_then(|b| b.place.clone()),
        };
        Service {
            id,
            group,
            ja,
            en,
            hosts,
            place,
        }
    }
}

/// A service's written hosts, each checked, none claimed twice: one address must name one
/// service, or recognition would depend on the order of the file.
fn hosts(
    id: &str,
    written: Vec<Spanned<String>>,
    list: &[Service],
    check: &mut Check,
) -> Vec<HostPattern> {
    let mut hosts: Vec<HostPattern> = Vec::new();
    for host in written {
        let pattern = match HostPattern::parse(host.get_ref()) {
            Ok(pattern) => pattern,
            Err(message) => {
                check.error(host.span(), message);
                continue;
            }
        };
        if hosts.contains(&pattern) {
            check.error(host.span(), format!("`{pattern}` is written twice"));
        } else if let Some(other) = list
            .iter()
            .find(|s| s.id != id && s.hosts.contains(&pattern))
        {
            check.error(
                host.span(),
                format!(
                    "`{pattern}` is already recognised as `{}`: take it out there first",
                    other.id
                ),
            );
        }
        hosts.push(pattern);
    }
    hosts
}

/// A written 場所 as its code; `""` says the service implies none.
fn place_code(written: Spanned<String>, check: &mut Check) -> Option<String> {
    if written.get_ref().trim().is_empty() {
        return None;
    }
    let places = &Classification::builtin().place;
    match places
        .options
        .iter()
        .find(|o| o.is_written(written.get_ref()))
    {
        Some(place) => Some(place.code.clone()),
        None => {
            let known: Vec<&str> = places.options.iter().map(|o| o.code.as_str()).collect();
            check.error(
                written.span(),
                format!(
                    "`{}` is not a 場所 (one of {}, or \"\" for none)",
                    written.get_ref(),
                    known.join(", ")
                ),
            );
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeans {
    code: Spanned<String>,
    #[serde(default)]
    hidden: bool,
    ja: Option<Spanned<String>>,
    en: Option<String>,
}

impl Entry for TagOption {
    type Raw = RawMeans;
    type Context = ();
    const TABLE: &'static str = "means";

    fn key(&self) -> &str {
        &self.code
    }

    fn head(raw: &RawMeans) -> Head<'_> {
        Head {
            key: &raw.code,
            hidden: raw.hidden,
            changes: raw.ja.is_some() || raw.en.is_some(),
        }
    }

    fn build(
        base: Option<&TagOption>,
        raw: RawMeans,
        _: &[TagOption],
        _: &(),
        check: &mut Check,
    ) -> TagOption {
        if base.is_none() {
            check.required(&raw.code, &[("ja", raw.ja.is_none())]);
        }
        let (ja, en) = check.labels(base.map(|b| (b.ja.as_str(), b.en.as_str())), raw.ja, raw.en);
        TagOption {
            code: raw.code.into_inner(),
            ja,
            en,
        }
    }

    /// その他 stays last.
    fn insert_at(list: &[TagOption]) -> usize {
        match list.last() {
            Some(last) if last.code == "other" => list.len() - 1,
            _ => list.len(),
        }
    }
}
