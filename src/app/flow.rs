//! The tagging flow: one key opens the first dimension still untagged, in the desk's order
//! (`[call] tag_order`), and each choice opens the next, so a call is tagged with one choice
//! per dimension and no key to open each picker.

use super::{AfterPick, App, Effect, Picker, PickerKind, StatusKind};
use crate::domain::Dim;
use crate::keymap::{Action, Mode};

impl App {
    /// Starts the flow from the top of the desk's order.
    pub(super) fn start_flow(&mut self) -> Vec<Effect> {
        if let Some(call) = self.call_mut() {
            call.flow_trail.clear();
        }
        self.flow_next(None)
    }

    /// Opens the first untagged dimension after `after` in the desk's order (from the top
    /// when None); when none is left the flow ends and says how to close the record.
    pub(super) fn flow_next(&mut self, after: Option<Dim>) -> Vec<Effect> {
        self.picker = None;
        let order = &self.settings.tag_order;
        let start = after
            .and_then(|dim| order.iter().position(|&d| d == dim))
            .map_or(0, |at| at + 1);
        let next = self.call().and_then(|call| {
            order[start..]
                .iter()
                .copied()
                .find(|&dim| call.tags(dim).is_empty())
        });
        match next {
            Some(dim) => {
                if let Some(call) = self.call_mut() {
                    call.flow_trail.push(dim);
                }
                self.open_flow_picker(dim);
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
        let Some(PickerKind::Tag(current)) = self.picker.as_ref().map(|p| p.kind.clone()) else {
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
        if let Some(&previous) = call.flow_trail.last() {
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

    fn open_flow_picker(&mut self, dim: Dim) {
        let Some(call) = self.call() else {
            return;
        };
        let mut picker = Picker::for_tag(
            dim,
            call.tags(dim),
            self.lang(),
            self.taxonomy,
            &self.keymap,
        );
        picker.after = AfterPick::NextInFlow;
        self.open_picker(picker);
    }
}
