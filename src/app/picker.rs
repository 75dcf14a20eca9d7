//! A which-key style list of options, each with its key (1-9, then free letters). Used for
//! tags, the quick close of a silent call, and choosing a case for a follow-up.

use uuid::Uuid;

use crate::domain::{Dim, DimSpec, ItemField, Lang, Taxonomy, WorkItem};
use crate::keymap::{KeyChord, Keymap, Mode};
use crate::national::National;

#[derive(Debug, Clone, PartialEq)]
pub enum PickerKind {
    Tag(Dim),
    /// A field of the call's current work item.
    Item(ItemField),
    QuickClose,
    Case,
    /// Whom to assign the case to.
    Assign(Uuid),
    Status(Uuid),
    Priority(Uuid),
    CloseReason(Uuid),
    /// Which expert to book.
    Expert(Uuid),
    /// Which booked consult to record the result of.
    Consult(Uuid),
    ConsultResult {
        consult: Uuid,
        case: Uuid,
        advice: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct PickerOption {
    pub key: Option<KeyChord>,
    pub label: String,
    /// A second column (a case's last contact and tags).
    pub detail: String,
    /// The tag code, the disposition code or the case id.
    pub value: String,
    pub selected: bool,
}

/// What to do once the picker closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterPick {
    Nothing,
    /// The counselor asked to close the record without a 対応: close it once one is chosen.
    CloseRecord,
    /// Part of the tagging flow: open the next untagged dimension.
    NextInFlow,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub kind: PickerKind,
    pub title: String,
    pub options: Vec<PickerOption>,
    pub cursor: usize,
    pub multi: bool,
    pub after: AfterPick,
}

/// The silent, prank and broken-off calls a counselor logs in one key.
pub const QUICK_CLOSE: [(&str, &str, &str); 3] = [
    ("silent", "無言", "Silent"),
    ("prank", "いたずら", "Prank"),
    ("broken_off", "途中切断", "Broken off"),
];

impl Picker {
    pub fn new(
        kind: PickerKind,
        title: String,
        options: Vec<(String, String, String, bool)>,
        multi: bool,
        keymap: &Keymap,
    ) -> Picker {
        let mut keys = option_keys(keymap).into_iter();
        let options: Vec<PickerOption> = options
            .into_iter()
            .map(|(label, detail, value, selected)| PickerOption {
                key: keys.next(),
                label,
                detail,
                value,
                selected,
            })
            .collect();
        let cursor = options.iter().position(|o| o.selected).unwrap_or(0);
        Picker {
            kind,
            title,
            options,
            cursor,
            multi,
            after: AfterPick::Nothing,
        }
    }

    pub fn for_tag(
        dim: Dim,
        current: &[String],
        lang: Lang,
        taxonomy: &Taxonomy,
        keymap: &Keymap,
    ) -> Picker {
        let spec = taxonomy.spec(dim);
        let how = if dim.is_multi() {
            lang.pick("複数選択", "choose any")
        } else {
            lang.pick("1つ選択", "choose one")
        };
        let options = spec
            .options
            .iter()
            .map(|o| {
                let selected = current.contains(&o.code);
                let primary = dim == Dim::Response && current.first() == Some(&o.code);
                let detail = if primary {
                    lang.pick("主", "primary").to_string()
                } else {
                    String::new()
                };
                (o.label(lang).to_string(), detail, o.code.clone(), selected)
            })
            .collect();
        Picker::new(
            PickerKind::Tag(dim),
            format!("{} ({how})", spec.label(lang)),
            options,
            dim.is_multi(),
            keymap,
        )
    }

    /// The options of a work item's field: 相談内容 with its place in the legal frame beside
    /// it, 対応手段, 場所 (one), or the services of the directory under their operators.
    pub fn for_item(
        field: ItemField,
        item: &WorkItem,
        national: &National,
        lang: Lang,
        keymap: &Keymap,
    ) -> Picker {
        let chosen = item.list(field);
        let option = |label: &str, detail: String, code: &str| {
            let selected = chosen.iter().any(|c| c == code);
            (label.to_string(), detail, code.to_string(), selected)
        };
        let tags = |spec: &DimSpec| -> Vec<_> {
            spec.options
                .iter()
                .map(|o| option(o.label(lang), String::new(), &o.code))
                .collect()
        };
        let classification = &national.classification;
        let (title, options): (&str, Vec<_>) = match field {
            ItemField::Content => (
                classification.content.label(lang),
                classification
                    .content
                    .options
                    .iter()
                    .map(|c| {
                        let frame = c.frame.map(|f| f.label(lang).to_string());
                        option(c.tag.label(lang), frame.unwrap_or_default(), &c.tag.code)
                    })
                    .collect(),
            ),
            ItemField::Place => (
                classification.place.label(lang),
                tags(&classification.place),
            ),
            ItemField::Service => (
                lang.pick("事業者/サービス", "Service"),
                national
                    .services
                    .services()
                    .iter()
                    .map(|s| option(&national.services.label(&s.id, lang), String::new(), &s.id))
                    .collect(),
            ),
            _ => (
                classification.means.label(lang),
                tags(&classification.means),
            ),
        };
        let multi = field != ItemField::Place;
        let how = if multi {
            lang.pick("複数選択", "choose any")
        } else {
            lang.pick("1つ選択", "choose one")
        };
        Picker::new(
            PickerKind::Item(field),
            format!("{} {title} ({how})", lang.pick("作業:", "Work item:")),
            options,
            multi,
            keymap,
        )
    }

    /// `closes_case`: a first contact, whose case closes with it.
    pub fn quick_close(lang: Lang, closes_case: bool, keymap: &Keymap) -> Picker {
        let detail = if closes_case {
            lang.pick(
                "中断で記録し、案件も終了",
                "log as interrupted, close the case too",
            )
        } else {
            lang.pick("中断で記録して閉じる", "log as interrupted and close")
        };
        let options = QUICK_CLOSE
            .iter()
            .map(|(code, ja, en)| {
                (
                    lang.pick(ja, en).to_string(),
                    detail.to_string(),
                    code.to_string(),
                    false,
                )
            })
            .collect();
        Picker::new(
            PickerKind::QuickClose,
            lang.pick("すぐに閉じる", "Close at once").to_string(),
            options,
            false,
            keymap,
        )
    }

    pub fn cases(title: String, cases: Vec<(String, String, Uuid)>, keymap: &Keymap) -> Picker {
        let options = cases
            .into_iter()
            .map(|(number, detail, id)| (number, detail, id.to_string(), false))
            .collect();
        Picker::new(PickerKind::Case, title, options, false, keymap)
    }

    /// A single-choice picker over a fixed list of labelled codes (close reasons, results).
    pub fn labelled(
        kind: PickerKind,
        title: String,
        list: &[crate::domain::Labelled],
        lang: Lang,
        keymap: &Keymap,
    ) -> Picker {
        let options = list
            .iter()
            .map(|(code, ja, en)| {
                (
                    lang.pick(ja, en).to_string(),
                    String::new(),
                    code.to_string(),
                    false,
                )
            })
            .collect();
        Picker::new(kind, title, options, false, keymap)
    }

    pub fn option_for_key(&self, key: KeyChord) -> Option<usize> {
        self.options.iter().position(|o| o.key == Some(key))
    }

    pub fn move_cursor(&mut self, down: bool) {
        let n = self.options.len();
        if n == 0 {
            return;
        }
        self.cursor = if down {
            (self.cursor + 1) % n
        } else {
            (self.cursor + n - 1) % n
        };
    }

    pub fn selected_values(&self) -> Vec<String> {
        self.options
            .iter()
            .filter(|o| o.selected)
            .map(|o| o.value.clone())
            .collect()
    }
}

/// 1-9, then the letters and capitals the picker keymap leaves free.
fn option_keys(keymap: &Keymap) -> Vec<KeyChord> {
    ('1'..='9')
        .chain('a'..='z')
        .chain('A'..='Z')
        .map(KeyChord::char)
        .filter(|k| !keymap.binds_key(Mode::Picker, *k))
        .collect()
}
