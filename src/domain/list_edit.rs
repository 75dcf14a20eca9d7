//! How a list field (侵害種別, リスク, 対応, URLs, referrals) changes, so that two workstations
//! that each change the same list keep both changes.
//!
//! A change made on screen travels as an edit of the list the counselor saw: the values
//! added, the values removed, and for 対応 the one made primary (the first of the list, the
//! one the report counts). Applied in the op log's total order, an edit leaves every value it
//! does not name as it was, so a value's presence is decided by the latest op that names it
//! (or the latest whole list, which names them all): per value last-writer-wins. Order is
//! part of the fold too, so every workstation ends with the same list in the same order.
//!
//! Why not a separate single field for the primary 対応: the fold already gives one answer
//! everywhere (the value most recently made primary, while it is still there), and the
//! report, the export and every older database keep reading the first value as primary.
//!
//! A whole list (a JSON array) still replaces the field: the form of every op before edits
//! existed, and of a record made whole at once (a call opened, an import, the demo).

use serde_json::{Map, Value, json};

const ADD: &str = "add";
const REMOVE: &str = "remove";
const FIRST: &str = "first";

/// An edit of one list field: applied as remove, then add (appended, if not there), then
/// first (moved, or put, to the front).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListEdit {
    pub add: Vec<String>,
    pub remove: Vec<String>,
    pub first: Option<String>,
}

impl ListEdit {
    /// The edit that turns `before` into `after`, if one does: a value toggled, appended, or
    /// made first. None for a change an edit cannot say (a reordering of the rest), which is
    /// then recorded as the whole list.
    pub fn between(before: &[String], after: &[String]) -> Option<ListEdit> {
        let mut edit = ListEdit {
            add: after
                .iter()
                .filter(|v| !before.contains(v))
                .cloned()
                .collect(),
            remove: before
                .iter()
                .filter(|v| !after.contains(v))
                .cloned()
                .collect(),
            first: None,
        };
        if edit.applied_to(before) == after {
            return Some(edit);
        }
        edit.first = after.first().cloned();
        // Made first, the value is not also appended.
        edit.add.retain(|v| Some(v) != edit.first.as_ref());
        (edit.applied_to(before) == after).then_some(edit)
    }

    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty() && self.first.is_none()
    }

    pub fn apply(&self, list: &mut Vec<String>) {
        list.retain(|v| !self.remove.contains(v));
        for value in &self.add {
            if !list.contains(value) {
                list.push(value.clone());
            }
        }
        if let Some(first) = &self.first {
            list.retain(|v| v != first);
            list.insert(0, first.clone());
        }
    }

    fn applied_to(&self, list: &[String]) -> Vec<String> {
        let mut list = list.to_vec();
        self.apply(&mut list);
        list
    }

    /// The payload form: `{"add":[…],"remove":[…],"first":"…"}`, each part only when it
    /// says something.
    pub fn to_value(&self) -> Value {
        let mut object = Map::new();
        if !self.add.is_empty() {
            object.insert(ADD.into(), json!(self.add));
        }
        if !self.remove.is_empty() {
            object.insert(REMOVE.into(), json!(self.remove));
        }
        if let Some(first) = &self.first {
            object.insert(FIRST.into(), json!(first));
        }
        Value::Object(object)
    }

    /// The edit a payload value is, or None when it is not one (a whole list, text).
    pub fn from_value(value: &Value) -> Option<ListEdit> {
        let object = value.as_object()?;
        let texts = |key: &str| -> Vec<String> {
            object
                .get(key)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        Some(ListEdit {
            add: texts(ADD),
            remove: texts(REMOVE),
            first: object
                .get(FIRST)
                .and_then(Value::as_str)
                .map(str::to_string),
        })
    }

    /// The same edit with every value passed through `keep`: dropped where it gives None.
    /// What erasing free text does to an edit (src/store/erase.rs).
    pub fn map_values(&self, keep: impl Fn(&str) -> Option<String>) -> ListEdit {
        let all = |values: &[String]| values.iter().filter_map(|v| keep(v)).collect();
        ListEdit {
            add: all(&self.add),
            remove: all(&self.remove),
            first: self.first.as_deref().and_then(&keep),
        }
    }
}

/// The list a field holds after an op's value for it: a whole list replaces, an edit edits,
/// one text is a list of one, anything else (null) empties it.
pub fn list_after(mut list: Vec<String>, value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Value::String(text) => vec![text.clone()],
        Value::Object(_) => {
            if let Some(edit) = ListEdit::from_value(value) {
                edit.apply(&mut list);
            }
            list
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn list(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn what_a_counselor_does_on_screen_is_an_edit() {
        let before = list(&["listening", "advice"]);
        let toggled_on = ListEdit::between(&before, &list(&["listening", "advice", "referral"]));
        assert_eq!(toggled_on.unwrap().to_value(), json!({"add": ["referral"]}));
        let toggled_off = ListEdit::between(&before, &list(&["advice"]));
        assert_eq!(
            toggled_off.unwrap().to_value(),
            json!({"remove": ["listening"]})
        );
        let primary = ListEdit::between(&before, &list(&["advice", "listening"]));
        assert_eq!(primary.unwrap().to_value(), json!({"first": "advice"}));
        let new_primary = ListEdit::between(&before, &list(&["expert", "listening", "advice"]));
        assert_eq!(new_primary.unwrap().to_value(), json!({"first": "expert"}));
        // Reordering the rest cannot be said as an edit: the whole list is recorded instead.
        let three = list(&["a", "b", "c"]);
        assert_eq!(ListEdit::between(&three, &list(&["a", "c", "b"])), None);
    }

    #[test]
    fn two_edits_of_the_same_list_keep_both_values() {
        let seen = list(&["defamation"]);
        let here = ListEdit::between(&seen, &list(&["defamation", "privacy"])).unwrap();
        let there = ListEdit::between(&seen, &list(&["defamation", "impersonation"])).unwrap();
        let merged = list_after(
            list_after(seen.clone(), &here.to_value()),
            &there.to_value(),
        );
        assert_eq!(merged, list(&["defamation", "privacy", "impersonation"]));
        // One removed what the other did not touch: both changes hold.
        let removed = ListEdit::between(&seen, &[]).unwrap();
        let merged = list_after(list_after(seen, &removed.to_value()), &here.to_value());
        assert_eq!(merged, list(&["privacy"]));
    }

    #[test]
    fn a_whole_list_replaces_and_odd_values_do_not_break_the_field() {
        let held = list(&["a"]);
        assert_eq!(
            list_after(held.clone(), &json!(["b", "c"])),
            list(&["b", "c"])
        );
        assert_eq!(list_after(held.clone(), &json!("b")), list(&["b"]));
        assert_eq!(list_after(held.clone(), &Value::Null), Vec::<String>::new());
        assert_eq!(
            list_after(held.clone(), &json!({"add": [1, "b"]})),
            list(&["a", "b"])
        );
        assert_eq!(list_after(held, &json!({})), list(&["a"]));
    }

    proptest! {
        /// Any toggle, append or move to the front, from any list, is said exactly.
        #[test]
        fn between_says_every_change_the_screen_makes(
            before in proptest::collection::vec(0..6u8, 0..6),
            value in 0..6u8,
            how in 0..2u8,
        ) {
            // A list holds each value once.
            let before: Vec<String> = before.iter().enumerate()
                .filter(|(i, v)| !before[..*i].contains(v)).map(|(_, v)| v.to_string()).collect();
            let value = value.to_string();
            let mut after = before.clone();
            match how {
                0 if after.contains(&value) => after.retain(|v| *v != value),
                0 => after.push(value),
                _ => { after.retain(|v| *v != value); after.insert(0, value); }
            }
            let edit = ListEdit::between(&before, &after).expect("an edit says it");
            prop_assert_eq!(list_after(before, &edit.to_value()), after);
        }
    }
}
