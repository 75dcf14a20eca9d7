//! The tagging flow: one key opens the first dimension still untagged, in the desk's order
//! (`[call] tag_order`), and each choice opens the next, so a call is tagged with one choice
//! per dimension and no key to open each picker. When the call has work items, the current
//! item's 相談内容 and 対応手段 come last.

use super::{AfterPick, App, Effect, Picker, PickerKind, StatusKind};
use crate::domain::ItemField;
use crate::keymap::{Action, Mode};

/// The work item's fields the flow asks for, after the call's tags.
const ITEM_STEPS: [ItemField; 2] = [ItemField::Content, ItemField::Means];

impl App {
    /// Starts the flow from the top of the desk's order.
    pub(super) fn start_flow(&mut self) -> Vec<Effect> {
        if let Some(call) = self.call_mut() {
            call.flow_trail.clear();
        }
        self.flow_next(None)
    }

    /// The flow's steps: the desk's order of tags, then the current work item's fields.
    fn flow_steps(&self) -> Vec<PickerKind> {
        let mut steps: Vec<PickerKind> = self
            .settings
            .tag_order
            .iter()
            .map(|&dim| PickerKind::Tag(dim))
            .collect();
        if self
            .call()
            .is_some_and(|call| call.current_item().is_some())
        {
            steps.extend(ITEM_STEPS.map(PickerKind::Item));
        }
        steps
    }

    /// Whether a step still has nothing chosen.
    fn untagged(&self, step: &PickerKind) -> bool {
        let Some(call) = self.call() else {
            return false;
        };
        match step {
            PickerKind::Tag(dim) => call.tags(*dim).is_empty(),
            PickerKind::Item(field) => call
                .current_item()
                .is_some_and(|i| i.list(*field).is_empty()),
            _ => false,
        }
    }

    /// Opens the first untagged step after `after` in the flow's order (from the top when
    /// None); when none is left the flow ends and says how to close the record.
    pub(super) fn flow_next(&mut self, after: Option<PickerKind>) -> Vec<Effect> {
        self.picker = None;
        let steps = self.flow_steps();
        let start = after
            .and_then(|step| steps.iter().position(|s| *s == step))
            .map_or(0, |at| at + 1);
        let next = steps[start..].iter().find(|s| self.untagged(s)).cloned();
        match next {
            Some(step) => {
                if let Some(call) = self.call_mut() {
                    call.flow_trail.push(step.clone());
                }
                self.open_flow_picker(step);
            }
            None => {
                if let Some(call) = self.call_mut() {
                    call.flow_trail.clear();
                }
                let close = self
                    .keymap
                    .keys_for(Mode::Call, Action::RecordClose)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let (ja, en) = (
                    format!("すべての項目を入力しました。{close} で記録を閉じます"),
                    format!("Everything is tagged. {close} closes the record"),
                );
                self.say(StatusKind::Info, &ja, &en);
            }
        }
        Vec::new()
    }

    /// Reopens the dimension the flow showed before the one on screen.
    pub(super) fn flow_back(&mut self) -> Vec<Effect> {
        let Some(current) = self
            .picker
            .as_ref()
            .map(|p| p.kind.clone())
            .filter(|kind| matches!(kind, PickerKind::Tag(_) | PickerKind::Item(_)))
        else {
            return Vec::new();
        };
        let Some(call) = self.call_mut() else {
            return Vec::new();
        };
        // A picker opened by its own key is not on the trail yet.
        if call.flow_trail.last() != Some(&current) {
            call.flow_trail.push(current);
        }
        if call.flow_trail.len() < 2 {
            return Vec::new();
        }
        call.flow_trail.pop();
        if let Some(previous) = call.flow_trail.last().cloned() {
            self.open_flow_picker(previous);
        }
        Vec::new()
    }

    /// Leaves the flow: the pickers stop opening by themselves.
    pub(super) fn leave_flow(&mut self) {
        self.picker = None;
        if let Some(call) = self.call_mut() {
            call.flow_trail.clear();
        }
    }

    fn open_flow_picker(&mut self, step: PickerKind) {
        let Some(call) = self.call() else {
            return;
        };
        let lang = self.lang();
        let picker = match step {
            PickerKind::Tag(dim) => {
                Picker::for_tag(dim, call.tags(dim), lang, self.taxonomy, &self.keymap)
            }
            PickerKind::Item(field) => match call.current_item() {
                Some(item) => Picker::for_item(field, item, &self.national, lang, &self.keymap),
                None => return,
            },
            _ => return,
        };
        let mut picker = picker;
        picker.after = AfterPick::NextInFlow;
        self.open_picker(picker);
    }
}
