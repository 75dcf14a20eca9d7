//! The national centre's classification of a work item: 相談内容 (each placed in the legal
//! frame), 場所 and 対応手段, loaded from the embedded `classification.toml`. Codes are
//! stored; labels are shown and printed.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::domain::{DimSpec, Lang, TagOption};

/// The legal frame of the centre's training deck (seed 004): every consultation is about
/// illegal content (違法な情報: 権利侵害情報, その他の違法な情報) or content that is legal but
/// harmful (違法ではないが有害な情報: 公序良俗に反する情報, 青少年に有害な情報). Fixed by law,
/// so an enum; which 相談内容 falls where is data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    RightsInfringing,
    OtherIllegal,
    PublicOrder,
    HarmfulToMinors,
}

impl Frame {
    pub const ALL: [Frame; 4] = [
        Frame::RightsInfringing,
        Frame::OtherIllegal,
        Frame::PublicOrder,
        Frame::HarmfulToMinors,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Frame::RightsInfringing => "rights_infringing",
            Frame::OtherIllegal => "other_illegal",
            Frame::PublicOrder => "public_order",
            Frame::HarmfulToMinors => "harmful_to_minors",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Frame::RightsInfringing => lang.pick("権利侵害情報", "Infringes someone's rights"),
            Frame::OtherIllegal => lang.pick("その他の違法な情報", "Other illegal content"),
            Frame::PublicOrder => lang.pick("公序良俗に反する情報", "Against public order"),
            Frame::HarmfulToMinors => lang.pick("青少年に有害な情報", "Harmful to minors"),
        }
    }

    pub fn is_illegal(self) -> bool {
        matches!(self, Frame::RightsInfringing | Frame::OtherIllegal)
    }

    /// The half of the frame it is in.
    pub fn class_label(self, lang: Lang) -> &'static str {
        if self.is_illegal() {
            lang.pick("違法な情報", "Illegal content")
        } else {
            lang.pick("違法ではないが有害な情報", "Legal but harmful content")
        }
    }
}

/// One 相談内容, with its place in the legal frame (none where the label does not decide it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "RawContent")]
pub struct Content {
    pub tag: TagOption,
    pub frame: Option<Frame>,
    /// One of the privacy rows 図表6 totals as プライバシー侵害（計）.
    pub privacy: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContent {
    code: String,
    ja: String,
    en: String,
    frame: Option<Frame>,
    #[serde(default)]
    privacy: bool,
}

impl From<RawContent> for Content {
    fn from(raw: RawContent) -> Content {
        Content {
            tag: TagOption {
                code: raw.code,
                ja: raw.ja,
                en: raw.en,
            },
            frame: raw.frame,
            privacy: raw.privacy,
        }
    }
}

/// A label in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub ja: String,
    pub en: String,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.ja, &self.en)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentSpec {
    pub ja: String,
    pub en: String,
    pub options: Vec<Content>,
    pub privacy_total: Label,
}

impl ContentSpec {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.ja, &self.en)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    pub content: ContentSpec,
    pub place: DimSpec,
    /// The desk may change these (`means.toml`); the other two are the centre's.
    pub means: DimSpec,
}

const EMBEDDED: &str = include_str!("classification.toml");

impl Classification {
    /// The classification shipped in the binary; a broken embedded file is a build defect
    /// caught by this module's tests.
    pub fn builtin() -> &'static Classification {
        static BUILTIN: OnceLock<Classification> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            toml::from_str(EMBEDDED).expect("embedded classification.toml is valid")
        })
    }

    pub fn content(&self, code: &str) -> Option<&Content> {
        self.content.options.iter().find(|c| c.tag.code == code)
    }

    /// A 相談内容's label; a code the list no longer has as itself.
    pub fn content_label<'a>(&'a self, code: &'a str, lang: Lang) -> &'a str {
        self.content(code).map_or(code, |c| c.tag.label(lang))
    }

    /// The 相談内容 a person wrote: its Japanese or English label, or its code.
    pub fn lookup_content(&self, written: &str) -> Option<&Content> {
        self.content
            .options
            .iter()
            .find(|c| c.tag.is_written(written))
    }

    pub fn lookup_place(&self, written: &str) -> Option<&TagOption> {
        self.place.options.iter().find(|o| o.is_written(written))
    }

    pub fn lookup_means(&self, written: &str) -> Option<&TagOption> {
        self.means.options.iter().find(|o| o.is_written(written))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(options: &[TagOption]) -> Vec<&str> {
        options.iter().map(|o| o.ja.as_str()).collect()
    }

    #[test]
    fn the_labels_are_exactly_the_centres_in_its_order() {
        let c = Classification::builtin();
        let content: Vec<&str> = c
            .content
            .options
            .iter()
            .map(|o| o.tag.ja.as_str())
            .collect();
        assert_eq!(
            content,
            [
                "名誉毀損・信用毀損",
                "プライバシー侵害（住所・電話番号・メールアドレス等）",
                "プライバシー侵害（写真・映像など肖像権侵害）",
                "プライバシー侵害（リベンジポルノ）",
                "プライバシー侵害（過去の犯罪事実）",
                "プライバシー侵害（その他）",
                "著作権侵害",
                "なりすまし",
                "ネットいじめ",
                "違法情報（児童ポルノ・薬物等）",
                "青少年に有害な情報",
                "自殺関連",
                "プロバイダ責任制限法に関する質問",
                "他機関からの削除依頼",
                "その他",
            ]
        );
        assert_eq!(
            labels(&c.place.options),
            [
                "SNS",
                "掲示板",
                "検索結果",
                "地図の口コミ",
                "ブログ",
                "動画サイト",
                "ニュース・まとめサイト",
                "その他"
            ]
        );
        assert_eq!(
            labels(&c.means.options),
            [
                "削除依頼の方法の案内",
                "検索結果からの削除の案内",
                "証拠保全の案内",
                "発信者情報開示請求の説明",
                "他機関の紹介",
                "情報提供",
                "その他"
            ]
        );
        assert_eq!(
            c.content.privacy_total.get(Lang::Ja),
            "プライバシー侵害（計）"
        );
        assert_eq!(
            (
                c.content.label(Lang::Ja),
                c.place.label(Lang::Ja),
                c.means.label(Lang::Ja)
            ),
            ("相談内容", "場所", "対応手段")
        );
    }

    #[test]
    fn codes_are_unique_ascii_and_every_option_has_english() {
        let c = Classification::builtin();
        let lists: [Vec<&TagOption>; 3] = [
            c.content.options.iter().map(|o| &o.tag).collect(),
            c.place.options.iter().collect(),
            c.means.options.iter().collect(),
        ];
        for list in lists {
            let mut codes: Vec<&str> = list.iter().map(|o| o.code.as_str()).collect();
            assert!(codes.iter().all(|c| c.is_ascii()), "{codes:?}");
            assert!(list.iter().all(|o| o.en.is_ascii() && !o.en.is_empty()));
            codes.sort();
            let count = codes.len();
            codes.dedup();
            assert_eq!(codes.len(), count, "a code repeats");
        }
    }

    #[test]
    fn each_content_sits_in_the_legal_frame_of_the_training_deck() {
        let c = Classification::builtin();
        let frame = |ja: &str| c.lookup_content(ja).unwrap().frame;
        assert_eq!(frame("名誉毀損・信用毀損"), Some(Frame::RightsInfringing));
        assert_eq!(frame("著作権侵害"), Some(Frame::RightsInfringing));
        assert_eq!(
            frame("プライバシー侵害（リベンジポルノ）"),
            Some(Frame::RightsInfringing)
        );
        assert_eq!(
            frame("違法情報（児童ポルノ・薬物等）"),
            Some(Frame::OtherIllegal)
        );
        assert_eq!(frame("自殺関連"), Some(Frame::PublicOrder));
        assert_eq!(frame("青少年に有害な情報"), Some(Frame::HarmfulToMinors));
        assert_eq!(frame("プロバイダ責任制限法に関する質問"), None);
        assert_eq!(frame("ネットいじめ"), None);
        assert_eq!(frame("その他"), None);
        // Every part of the frame is reachable from some content.
        for part in Frame::ALL {
            assert!(
                c.content.options.iter().any(|o| o.frame == Some(part)),
                "{part:?}"
            );
        }
        assert_eq!(
            Frame::PublicOrder.class_label(Lang::Ja),
            "違法ではないが有害な情報"
        );
        assert_eq!(Frame::OtherIllegal.class_label(Lang::Ja), "違法な情報");
    }

    #[test]
    fn the_five_privacy_rows_and_only_they_make_the_privacy_total() {
        let c = Classification::builtin();
        let privacy: Vec<&str> = c
            .content
            .options
            .iter()
            .filter(|o| o.privacy)
            .map(|o| o.tag.ja.as_str())
            .collect();
        assert_eq!(privacy.len(), 5);
        assert!(privacy.iter().all(|l| l.starts_with("プライバシー侵害（")));
    }

    #[test]
    fn lookup_takes_labels_or_codes() {
        let c = Classification::builtin();
        assert_eq!(c.lookup_place("掲示板").unwrap().code, "board");
        assert_eq!(c.lookup_place("map_review").unwrap().ja, "地図の口コミ");
        assert_eq!(
            c.lookup_means("preserving evidence").unwrap().code,
            "evidence"
        );
        assert_eq!(
            c.lookup_content("impersonation").unwrap().tag.ja,
            "なりすまし"
        );
        assert!(c.lookup_place("電柱").is_none());
    }
}
