//! Reading keymap files, merging the layers (shipped default, optional shipped variant, the
//! user's override) and checking the result. Every problem is reported with file:line:column;
//! one bad entry never silently discards the rest of the file.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use super::{Action, Binding, KeyChord, Keymap, Mode, format_sequence, parse_sequence};
use crate::diag::{Diagnostic, Diagnostics, Source};

/// Keymaps shipped in the binary, by the name `keymap = "…"` in config.toml selects them.
pub const BUILTIN: [(&str, &str); 2] = [
    ("default", include_str!("../../keymaps/default.toml")),
    ("numpad", include_str!("../../keymaps/numpad.toml")),
];

pub fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Where a binding was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Origin {
    fn diagnostic(&self, message: String) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            message,
        }
    }
}

/// One file's entries, parsed; `None` as action unbinds the key.
#[derive(Debug, Clone)]
pub struct Layer {
    pub name: String,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    mode: Mode,
    keys: Vec<KeyChord>,
    action: Option<Action>,
    origin: Origin,
}

impl Layer {
    /// Parses a keymap file, collecting every problem rather than stopping at the first.
    pub fn parse(name: &str, text: &str) -> (Layer, Vec<Diagnostic>) {
        let source = Source::new(name, text);
        let mut layer = Layer {
            name: name.to_string(),
            entries: Vec::new(),
        };
        let (document, syntax) = DeTable::parse_recoverable(text);
        if !syntax.is_empty() {
            return (layer, syntax.iter().map(|e| source.toml_error(e)).collect());
        }
        let mut problems = Vec::new();
        let origin_at = |offset: usize| {
            let (line, column) = source.line_column(offset);
            Origin {
                file: name.to_string(),
                line,
                column,
            }
        };
        for (mode_key, table) in document.get_ref() {
            let Some(mode) = Mode::from_key(mode_key.get_ref()) else {
                problems.push(source.at(
                    mode_key.span(),
                    format!(
                        "unknown mode `{}` (modes: {})",
                        mode_key.get_ref(),
                        Mode::ALL.map(Mode::key).join(", ")
                    ),
                ));
                continue;
            };
            let DeValue::Table(table) = table.get_ref() else {
                problems.push(source.at(
                    table.span(),
                    format!("`{}` must be a table of \"key\" = \"action\"", mode.key()),
                ));
                continue;
            };
            let mut seen: BTreeMap<Vec<KeyChord>, Origin> = BTreeMap::new();
            for (key_text, value) in table {
                let origin = origin_at(key_text.span().start);
                let keys = match parse_sequence(key_text.get_ref()) {
                    Ok(keys) => keys,
                    Err(message) => {
                        problems.push(source.at(key_text.span(), message));
                        continue;
                    }
                };
                let DeValue::String(action_name) = value.get_ref() else {
                    problems.push(source.at(value.span(), "the action must be a string"));
                    continue;
                };
                let action = if action_name == "none" {
                    None
                } else {
                    match Action::from_name(action_name) {
                        Some(action) if action.modes().contains(&mode) => Some(action),
                        Some(action) => {
                            problems.push(source.at(
                                value.span(),
                                format!(
                                    "`{action_name}` does nothing in mode `{}` (it works in: {})",
                                    mode.key(),
                                    action.modes().iter().map(|m| m.key()).collect::<Vec<_>>().join(", ")
                                ),
                            ));
                            continue;
                        }
                        None => {
                            problems.push(
                                source.at(value.span(), format!("unknown action `{action_name}`")),
                            );
                            continue;
                        }
                    }
                };
                if mode.takes_text() && keys.iter().any(|k| k.is_printable()) {
                    problems.push(source.at(
                        key_text.span(),
                        format!(
                            "`{}` types text in mode `{}`; bind a key with ctrl-/alt- or a named key",
                            key_text.get_ref(),
                            mode.key()
                        ),
                    ));
                    continue;
                }
                if let Some(first) = seen.get(&keys) {
                    problems.push(origin.diagnostic(format!(
                        "`{}` is bound twice in mode `{}` (first at line {})",
                        format_sequence(&keys),
                        mode.key(),
                        first.line
                    )));
                    continue;
                }
                seen.insert(keys.clone(), origin.clone());
                layer.entries.push(Entry {
                    mode,
                    keys,
                    action,
                    origin,
                });
            }
        }
        (layer, problems)
    }
}

/// Merges layers in order (later ones override earlier ones key by key) and checks what
/// results: no key sequence may be the start of another, and every mode keeps its way out.
pub fn merge(layers: &[Layer]) -> Result<Keymap, Diagnostics> {
    let mut modes: BTreeMap<Mode, Vec<Binding>> = BTreeMap::new();
    // The last entry that took a binding away from an action, per mode: where to point when
    // that action ends up unbound.
    let mut displaced: BTreeMap<(Mode, Action), Origin> = BTreeMap::new();
    for layer in layers {
        // A later layer's bindings go before the earlier ones (in the order written): the
        // first key of an action is the one hints and messages name, and on a desk using
        // the numpad keymap or its own keys that should be one of those.
        let mut written: BTreeMap<Mode, usize> = BTreeMap::new();
        for entry in &layer.entries {
            let bindings = modes.entry(entry.mode).or_default();
            let ahead = written.entry(entry.mode).or_default();
            if let Some(at) = bindings.iter().position(|b| b.keys == entry.keys) {
                let old = bindings.remove(at);
                if at < *ahead {
                    *ahead -= 1;
                }
                if Some(old.action) != entry.action {
                    displaced.insert((entry.mode, old.action), entry.origin.clone());
                }
            }
            if let Some(action) = entry.action {
                bindings.insert(
                    *ahead,
                    Binding {
                        keys: entry.keys.clone(),
                        action,
                        origin: entry.origin.clone(),
                    },
                );
                *ahead += 1;
            }
        }
    }
    let mut problems = Vec::new();
    for (mode, bindings) in &modes {
        for (i, a) in bindings.iter().enumerate() {
            for b in &bindings[i + 1..] {
                let (short, long) = if a.keys.len() <= b.keys.len() {
                    (a, b)
                } else {
                    (b, a)
                };
                if long.keys.starts_with(&short.keys) {
                    let later = if a.origin.file == b.origin.file && a.origin.line > b.origin.line {
                        a
                    } else {
                        b
                    };
                    problems.push(later.origin.diagnostic(format!(
                        "`{}` ({}) and `{}` ({}) overlap in mode `{}`: the second could never be typed",
                        format_sequence(&short.keys),
                        short.action.name(),
                        format_sequence(&long.keys),
                        long.action.name(),
                        mode.key()
                    )));
                }
            }
        }
    }
    for mode in Mode::ALL {
        let way_out = mode.way_out();
        let bound = modes
            .get(&mode)
            .is_some_and(|b| b.iter().any(|b| b.action == way_out));
        if !bound {
            let at = displaced
                .get(&(mode, way_out))
                .cloned()
                .unwrap_or_else(|| Origin {
                    file: layers.last().map_or_else(String::new, |l| l.name.clone()),
                    line: 1,
                    column: 1,
                });
            problems.push(at.diagnostic(format!(
                "no key is left for `{}` in mode `{}`: there would be no way out of it",
                way_out.name(),
                mode.key()
            )));
        }
    }
    if problems.is_empty() {
        Ok(Keymap { modes })
    } else {
        Err(Diagnostics(problems))
    }
}

/// Loads the active keymap: the shipped default, then the shipped variant `base` (if not
/// "default"), then the user's override file if there is one.
pub fn load(base: &str, user: Option<(&str, &str)>) -> Result<Keymap, Diagnostics> {
    let Some(base_text) = builtin_text(base) else {
        return Err(Diagnostics(vec![Diagnostic {
            file: "config.toml".into(),
            line: 1,
            column: 1,
            message: format!(
                "unknown keymap `{base}` (shipped: {})",
                BUILTIN.map(|(n, _)| n).join(", ")
            ),
        }]));
    };
    let mut sources = vec![("keymaps/default.toml (built in)".to_string(), BUILTIN[0].1)];
    if base != "default" {
        sources.push((format!("keymaps/{base}.toml (built in)"), base_text));
    }
    if let Some((name, text)) = user {
        sources.push((name.to_string(), text));
    }
    let mut problems = Vec::new();
    let mut layers = Vec::new();
    for (name, text) in &sources {
        let (layer, found) = Layer::parse(name, text);
        problems.extend(found);
        layers.push(layer);
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    merge(&layers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Dim;

    fn errors(user: &str) -> Vec<String> {
        match load("default", Some(("keymap.toml", user))) {
            Ok(_) => Vec::new(),
            Err(d) => d.0.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn every_shipped_keymap_parses_and_keeps_its_ways_out() {
        for (name, _) in BUILTIN {
            let keymap = load(name, None).unwrap_or_else(|d| panic!("{name}:\n{d}"));
            assert!(!keymap.is_empty());
        }
    }

    #[test]
    fn the_numpad_keymap_reaches_every_call_action_from_the_keypad() {
        let keymap = load("numpad", None).unwrap();
        let keypad = |keys: &[KeyChord]| {
            keys.iter().all(|k| {
                k.is_printable() && matches!(k.key, super::super::KeyName::Char(c) if "0123456789+-*/.".contains(c))
                    || k.key == super::super::KeyName::Enter
            })
        };
        let reachable = |mode: Mode, action: Action| {
            keymap
                .bindings(mode)
                .iter()
                .any(|b| b.action == action && keypad(&b.keys))
        };
        assert!(reachable(Mode::Ready, Action::CallNew));
        assert!(reachable(Mode::Ready, Action::CallFollowUp));
        for action in [
            Action::CallEnd,
            Action::RecordClose,
            Action::CallQuickClose,
            Action::UrlAdd,
            Action::NotesEdit,
            Action::Help,
        ] {
            assert!(reachable(Mode::Call, action), "{action:?}");
        }
        for dim in Dim::ALL {
            assert!(reachable(Mode::Call, Action::Tag(dim)), "{dim:?}");
        }
        for action in [
            Action::Confirm,
            Action::Back,
            Action::Up,
            Action::Down,
            Action::Toggle,
            Action::TagPrimary,
            Action::Search,
        ] {
            assert!(reachable(Mode::Picker, action), "{action:?}");
        }
        for action in [
            Action::Confirm,
            Action::Back,
            Action::Up,
            Action::Down,
            Action::Search,
            Action::ReferralFlags,
            Action::ReferralUndo,
        ] {
            assert!(reachable(Mode::Referral, action), "{action:?}");
        }
        for action in [Action::Back, Action::ReferralUndo] {
            assert!(reachable(Mode::ReferralFlags, action), "{action:?}");
        }
    }

    /// README says why the numpad keymap leaves the flow's skip and back on tab and
    /// shift-tab: in a list every keypad key is taken. A keypad key freed there should get
    /// them (and the README change).
    #[test]
    fn the_numpad_lists_have_no_keypad_key_left_for_skipping_or_going_back_in_the_flow() {
        let keymap = load("numpad", None).unwrap();
        let free: Vec<char> = "0123456789+-*/."
            .chars()
            // 1-9 pick the options (given only to keys the keymap leaves free).
            .filter(|c| !c.is_ascii_digit() || *c == '0')
            .filter(|&c| !keymap.binds_key(Mode::Picker, KeyChord::char(c)))
            .collect();
        assert_eq!(
            free,
            [] as [char; 0],
            "bind tag.flow / tag.flow_back to these"
        );
        assert!(('1'..='9').all(|c| !keymap.binds_key(Mode::Picker, KeyChord::char(c))));
        assert!(keymap.binds_key(Mode::Picker, KeyChord::plain(super::super::KeyName::Enter)));
        assert_eq!(keymap.keys_for(Mode::Picker, Action::TagFlow), ["tab"]);
        assert_eq!(
            keymap.keys_for(Mode::Picker, Action::TagFlowBack),
            ["shift-tab"]
        );
    }

    #[test]
    fn every_action_has_a_key_in_every_shipped_keymap() {
        for (name, _) in BUILTIN {
            let keymap = load(name, None).unwrap();
            for action in Action::all() {
                let bound = action
                    .modes()
                    .iter()
                    .any(|&mode| !keymap.keys_for(mode, action).is_empty());
                assert!(bound, "{name}: no key for {}", action.name());
            }
        }
    }

    #[test]
    fn an_override_replaces_one_key_and_keeps_the_rest() {
        let keymap = load(
            "default",
            Some((
                "keymap.toml",
                "[call]\n\"c\" = \"tag.age\"\n\"ctrl-k\" = \"tag.channel\"\n",
            )),
        )
        .unwrap();
        assert_eq!(
            keymap.resolve(Mode::Call, &[KeyChord::char('c')]),
            super::super::Resolution::Action(Action::Tag(Dim::Age))
        );
        assert_eq!(
            keymap.keys_for(Mode::Call, Action::Tag(Dim::Channel)),
            ["ctrl-k"]
        );
        assert_eq!(
            keymap.keys_for(Mode::Call, Action::CallEnd),
            ["e", "ctrl-e"]
        );
        // The desk's own keys come first, so hints name them: 年代 is `c` now, then `a`.
        assert_eq!(
            keymap.keys_for(Mode::Call, Action::Tag(Dim::Age)),
            ["c", "a"]
        );
        let numpad = load("numpad", None).unwrap();
        assert_eq!(numpad.keys_for(Mode::Call, Action::CallEnd)[0], "*");
        assert_eq!(
            numpad.keys_for(Mode::Referral, Action::ReferralUndo)[0],
            "0"
        );
    }

    #[test]
    fn problems_are_reported_at_their_line_and_column() {
        assert_eq!(
            errors("[call]\n\"c\" = \"tag.agee\"\n"),
            ["keymap.toml:2:7: unknown action `tag.agee`"]
        );
        assert_eq!(
            errors("[calll]\n\"c\" = \"tag.age\"\n"),
            [
                "keymap.toml:1:2: unknown mode `calll` (modes: ready, call, picker, notes, input, help, queue, timeline, referral, referral_search, referral_flags, stats, history)"
            ]
        );
        let unknown_key = errors("[call]\n\"hyper-c\" = \"tag.age\"\n");
        assert!(
            unknown_key[0].starts_with("keymap.toml:2:1: unknown key `hyper-c`"),
            "{unknown_key:?}"
        );
        assert_eq!(
            errors("[call]\n\"ctrl-a\" = \"tag.age\"\n\"Ctrl-A\" = \"tag.role\"\n"),
            ["keymap.toml:3:1: `ctrl-a` is bound twice in mode `call` (first at line 2)"]
        );
        let syntax = errors("[call]\n\"c\" = tag.age\n");
        assert!(syntax[0].starts_with("keymap.toml:2:7:"), "{syntax:?}");
        assert_eq!(
            errors("[ready]\n\"q\" = \"none\"\n"),
            [
                "keymap.toml:2:1: no key is left for `quit` in mode `ready`: there would be no way out of it"
            ]
        );
        assert_eq!(
            errors("[notes]\n\"x\" = \"back\"\n"),
            [
                "keymap.toml:2:1: `x` types text in mode `notes`; bind a key with ctrl-/alt- or a named key"
            ]
        );
        assert_eq!(
            errors("[ready]\n\"c\" = \"call.end\"\n"),
            ["keymap.toml:2:7: `call.end` does nothing in mode `ready` (it works in: call)"]
        );
        let overlap = errors("[call]\n\"g\" = \"tag.age\"\n\"g g\" = \"tag.role\"\n");
        assert_eq!(overlap.len(), 1, "{overlap:?}");
        assert!(
            overlap[0].starts_with("keymap.toml:3:1: `g` (tag.age) and `g g` (tag.role) overlap")
        );
    }

    #[test]
    fn one_bad_entry_is_reported_with_every_other() {
        let found = errors("[call]\n\"c\" = \"nope\"\n\"a\" = \"also.nope\"\n");
        assert_eq!(found.len(), 2, "{found:?}");
    }
}
