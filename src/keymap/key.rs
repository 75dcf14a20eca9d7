//! Keys as keymap files write them (`ctrl-s`, `f1`, `enter`, `?`, `g g`) and as the terminal
//! reports them.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyName {
    /// A printable character; its case carries shift (`G` is shift-g).
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

/// One key press with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    pub key: KeyName,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

const NAMED: [(&str, KeyName); 16] = [
    ("enter", KeyName::Enter),
    ("esc", KeyName::Esc),
    ("tab", KeyName::Tab),
    ("backtab", KeyName::BackTab),
    ("backspace", KeyName::Backspace),
    ("delete", KeyName::Delete),
    ("insert", KeyName::Insert),
    ("up", KeyName::Up),
    ("down", KeyName::Down),
    ("left", KeyName::Left),
    ("right", KeyName::Right),
    ("home", KeyName::Home),
    ("end", KeyName::End),
    ("pageup", KeyName::PageUp),
    ("pagedown", KeyName::PageDown),
    ("space", KeyName::Char(' ')),
];

impl KeyChord {
    pub fn plain(key: KeyName) -> Self {
        KeyChord {
            key,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    pub fn char(c: char) -> Self {
        KeyChord::plain(KeyName::Char(c))
    }

    /// Parses one key as written in a keymap: a single character, a key name, or either with
    /// `ctrl-`, `alt-`, `shift-` prefixes.
    pub fn parse(text: &str) -> Result<KeyChord, String> {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(KeyChord::char(c));
        }
        let mut chord = KeyChord::char(' ');
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (taken, modifier) = if lower.starts_with("ctrl-") {
                (5, &mut chord.ctrl)
            } else if lower.starts_with("alt-") {
                (4, &mut chord.alt)
            } else if lower.starts_with("shift-") {
                (6, &mut chord.shift)
            } else {
                break;
            };
            if rest.len() == taken {
                break;
            }
            *modifier = true;
            rest = &rest[taken..];
        }
        chord.key = parse_name(rest).ok_or_else(|| {
            format!(
                "unknown key `{text}` (write a single character, or one of f1-f12, {}, \
                 with optional ctrl-, alt-, shift-)",
                NAMED.map(|(n, _)| n).join(", ")
            )
        })?;
        Ok(chord.normalized())
    }

    /// One spelling per key: shift on a letter becomes its capital, ctrl-letters are lower
    /// case, shift-tab is backtab.
    fn normalized(mut self) -> Self {
        match self.key {
            KeyName::Char(c) if self.shift && c.is_alphabetic() => {
                self.key = KeyName::Char(c.to_uppercase().next().unwrap_or(c));
                self.shift = false;
            }
            KeyName::Char(c) if self.ctrl && c.is_ascii_uppercase() => {
                self.key = KeyName::Char(c.to_ascii_lowercase());
            }
            KeyName::Tab if self.shift => {
                self.key = KeyName::BackTab;
                self.shift = false;
            }
            _ => {}
        }
        self
    }

    /// The chord of a terminal key event, or None for releases and keys a keymap cannot name.
    pub fn from_event(event: &KeyEvent) -> Option<KeyChord> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = match event.code {
            KeyCode::Char(c) => KeyName::Char(c),
            KeyCode::F(n) => KeyName::F(n),
            KeyCode::Enter => KeyName::Enter,
            KeyCode::Esc => KeyName::Esc,
            KeyCode::Tab => KeyName::Tab,
            KeyCode::BackTab => KeyName::BackTab,
            KeyCode::Backspace => KeyName::Backspace,
            KeyCode::Delete => KeyName::Delete,
            KeyCode::Insert => KeyName::Insert,
            KeyCode::Up => KeyName::Up,
            KeyCode::Down => KeyName::Down,
            KeyCode::Left => KeyName::Left,
            KeyCode::Right => KeyName::Right,
            KeyCode::Home => KeyName::Home,
            KeyCode::End => KeyName::End,
            KeyCode::PageUp => KeyName::PageUp,
            KeyCode::PageDown => KeyName::PageDown,
            _ => return None,
        };
        // Characters carry shift in their case; the terminal's shift flag on them is noise.
        let shift = !matches!(key, KeyName::Char(_) | KeyName::BackTab)
            && event.modifiers.contains(KeyModifiers::SHIFT);
        Some(
            KeyChord {
                key,
                ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
                alt: event.modifiers.contains(KeyModifiers::ALT),
                shift,
            }
            .normalized(),
        )
    }

    /// The crossterm event this chord stands for (used by tests to press keys).
    pub fn to_event(self) -> KeyEvent {
        let code = match self.key {
            KeyName::Char(c) => KeyCode::Char(c),
            KeyName::F(n) => KeyCode::F(n),
            KeyName::Enter => KeyCode::Enter,
            KeyName::Esc => KeyCode::Esc,
            KeyName::Tab => KeyCode::Tab,
            KeyName::BackTab => KeyCode::BackTab,
            KeyName::Backspace => KeyCode::Backspace,
            KeyName::Delete => KeyCode::Delete,
            KeyName::Insert => KeyCode::Insert,
            KeyName::Up => KeyCode::Up,
            KeyName::Down => KeyCode::Down,
            KeyName::Left => KeyCode::Left,
            KeyName::Right => KeyCode::Right,
            KeyName::Home => KeyCode::Home,
            KeyName::End => KeyCode::End,
            KeyName::PageUp => KeyCode::PageUp,
            KeyName::PageDown => KeyCode::PageDown,
        };
        let mut modifiers = KeyModifiers::empty();
        modifiers.set(KeyModifiers::CONTROL, self.ctrl);
        modifiers.set(KeyModifiers::ALT, self.alt);
        modifiers.set(KeyModifiers::SHIFT, self.shift);
        KeyEvent::new(code, modifiers)
    }

    /// A key that types a character when no modifier is held.
    pub fn is_printable(self) -> bool {
        matches!(self.key, KeyName::Char(_)) && !self.ctrl && !self.alt
    }
}

fn parse_name(text: &str) -> Option<KeyName> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyName::Char(c));
    }
    let lower = text.to_ascii_lowercase();
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=12).contains(&n).then_some(KeyName::F(n));
    }
    NAMED
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|&(_, key)| key)
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.key {
            KeyName::Char(' ') => f.write_str("space"),
            KeyName::Char(c) => write!(f, "{c}"),
            KeyName::F(n) => write!(f, "f{n}"),
            // What the key cap says; "backtab" parses too.
            KeyName::BackTab => f.write_str("shift-tab"),
            other => {
                let name = NAMED
                    .iter()
                    .find(|(_, k)| *k == other)
                    .map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

/// Parses a key sequence: chords separated by spaces (`g g`).
pub fn parse_sequence(text: &str) -> Result<Vec<KeyChord>, String> {
    if text == " " {
        return Ok(vec![KeyChord::char(' ')]);
    }
    let keys: Vec<_> = text
        .split_whitespace()
        .map(KeyChord::parse)
        .collect::<Result<_, _>>()?;
    if keys.is_empty() {
        return Err("empty key".into());
    }
    Ok(keys)
}

pub fn format_sequence(keys: &[KeyChord]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_in_every_documented_form() {
        let ctrl_x = KeyChord {
            ctrl: true,
            ..KeyChord::char('x')
        };
        assert_eq!(KeyChord::parse("ctrl-x"), Ok(ctrl_x));
        assert_eq!(KeyChord::parse("Ctrl-X"), Ok(ctrl_x));
        assert_eq!(KeyChord::parse("f1"), Ok(KeyChord::plain(KeyName::F(1))));
        assert_eq!(
            KeyChord::parse("enter"),
            Ok(KeyChord::plain(KeyName::Enter))
        );
        assert_eq!(KeyChord::parse("space"), Ok(KeyChord::char(' ')));
        assert_eq!(KeyChord::parse("?"), Ok(KeyChord::char('?')));
        assert_eq!(KeyChord::parse("-"), Ok(KeyChord::char('-')));
        assert_eq!(KeyChord::parse("shift-g"), Ok(KeyChord::char('G')));
        assert_eq!(
            KeyChord::parse("shift-tab"),
            Ok(KeyChord::plain(KeyName::BackTab))
        );
        assert!(KeyChord::parse("ctrl-").is_err());
        assert!(KeyChord::parse("hyper-x").is_err());
        assert!(KeyChord::parse("f13").is_err());
        assert_eq!(
            parse_sequence("g g"),
            Ok(vec![KeyChord::char('g'), KeyChord::char('g')])
        );
    }

    #[test]
    fn display_round_trips_through_parse() {
        for text in [
            "ctrl-s",
            "alt-enter",
            "f12",
            "space",
            "G",
            "shift-tab",
            "pagedown",
            "+",
        ] {
            let chord = KeyChord::parse(text).unwrap();
            assert_eq!(chord.to_string(), text);
            assert_eq!(KeyChord::from_event(&chord.to_event()), Some(chord));
        }
    }
}
