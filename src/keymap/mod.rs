//! Keymaps: TOML files with one table per mode, `"key" = "action"`. The shipped keymaps are
//! embedded; a user keymap in the config directory overrides them key by key.

mod action;
mod key;
mod load;

use std::collections::BTreeMap;

pub use action::{Action, Mode};
pub use key::{KeyChord, KeyName, format_sequence, parse_sequence};
pub use load::{BUILTIN, Layer, Origin, builtin_text, load};

/// One binding after merging: the key sequence, what it does, and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: Vec<KeyChord>,
    pub action: Action,
    pub origin: Origin,
}

/// What the keys pressed so far mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Action(Action),
    /// The keys start a longer binding: wait for the next key.
    Pending,
    /// Not bound in this mode.
    Unbound,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    modes: BTreeMap<Mode, Vec<Binding>>,
}

impl Keymap {
    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        self.modes.get(&mode).map_or(&[], Vec::as_slice)
    }

    pub fn resolve(&self, mode: Mode, pressed: &[KeyChord]) -> Resolution {
        let mut pending = false;
        for binding in self.bindings(mode) {
            if binding.keys == pressed {
                return Resolution::Action(binding.action);
            }
            if binding.keys.starts_with(pressed) {
                pending = true;
            }
        }
        if pending {
            Resolution::Pending
        } else {
            Resolution::Unbound
        }
    }

    /// The keys bound to `action` in `mode`, as written (`c`, `ctrl-s`, `g g`).
    pub fn keys_for(&self, mode: Mode, action: Action) -> Vec<String> {
        self.bindings(mode)
            .iter()
            .filter(|b| b.action == action)
            .map(|b| format_sequence(&b.keys))
            .collect()
    }

    /// Whether a single key is bound in `mode` (pickers give option keys only to free keys).
    pub fn binds_key(&self, mode: Mode, key: KeyChord) -> bool {
        self.bindings(mode)
            .iter()
            .any(|b| b.keys.first() == Some(&key))
    }

    pub fn len(&self) -> usize {
        self.modes.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
