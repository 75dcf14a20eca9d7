//! The tagging dimensions (年代, 手法, 状況, …) and their options, loaded from the embedded
//! `taxonomy.toml`. Codes are stored; labels are shown and printed.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Lang;

/// A tagging dimension. The set of dimensions is fixed by the desks' statistics; the options
/// of each are data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dim {
    Channel,
    Age,
    Role,
    Troubled,
    Attribute,
    Infringement,
    Platform,
    Want,
    Risk,
    Response,
}

/// Whether a dimension describes the whole case or one contact of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Case,
    Contact,
}

impl Dim {
    pub const ALL: [Dim; 10] = [
        Dim::Channel,
        Dim::Age,
        Dim::Role,
        Dim::Troubled,
        Dim::Attribute,
        Dim::Infringement,
        Dim::Platform,
        Dim::Want,
        Dim::Risk,
        Dim::Response,
    ];

    /// The stable name used in the taxonomy file, op payloads and CSV/JSONL columns.
    pub fn key(self) -> &'static str {
        match self {
            Dim::Channel => "channel",
            Dim::Age => "age",
            Dim::Role => "role",
            Dim::Troubled => "troubled",
            Dim::Attribute => "attribute",
            Dim::Infringement => "infringement",
            Dim::Platform => "platform",
            Dim::Want => "want",
            Dim::Risk => "risk",
            Dim::Response => "response",
        }
    }

    pub fn from_key(key: &str) -> Option<Dim> {
        Dim::ALL.into_iter().find(|d| d.key() == key)
    }

    /// Several values allowed (侵害種別 is 重複あり; 対応 keeps its order, the first is primary).
    pub fn is_multi(self) -> bool {
        matches!(
            self,
            Dim::Infringement | Dim::Platform | Dim::Want | Dim::Risk | Dim::Response
        )
    }

    pub fn scope(self) -> Scope {
        match self {
            Dim::Channel | Dim::Response => Scope::Contact,
            _ => Scope::Case,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagOption {
    pub code: String,
    pub ja: String,
    pub en: String,
}

impl TagOption {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }

    /// Whether a person wrote this option: its Japanese label (as in the desks' tables), its
    /// English label, or its code.
    pub fn is_written(&self, written: &str) -> bool {
        let written = written.trim();
        self.ja == written || self.code == written || self.en.eq_ignore_ascii_case(written)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimSpec {
    pub ja: String,
    pub en: String,
    pub options: Vec<TagOption>,
}

impl DimSpec {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }

    /// An option's label; a code the list no longer has is shown as itself.
    pub fn label_of<'a>(&'a self, code: &'a str, lang: Lang) -> &'a str {
        self.options
            .iter()
            .find(|o| o.code == code)
            .map_or(code, |o| o.label(lang))
    }
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    dims: BTreeMap<Dim, DimSpec>,
}

const EMBEDDED: &str = include_str!("taxonomy.toml");

impl Taxonomy {
    /// The taxonomy shipped in the binary. Parsed once; a broken embedded file is a build
    /// defect caught by this module's tests, never a user's problem.
    pub fn builtin() -> &'static Taxonomy {
        static BUILTIN: OnceLock<Taxonomy> = OnceLock::new();
        BUILTIN.get_or_init(|| Taxonomy::parse(EMBEDDED).expect("embedded taxonomy.toml is valid"))
    }

    pub fn parse(text: &str) -> Result<Taxonomy, String> {
        let raw: BTreeMap<String, DimSpec> = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut dims = BTreeMap::new();
        for (key, spec) in raw {
            let dim = Dim::from_key(&key).ok_or_else(|| format!("unknown dimension `{key}`"))?;
            dims.insert(dim, spec);
        }
        if let Some(missing) = Dim::ALL.iter().find(|d| !dims.contains_key(d)) {
            return Err(format!("dimension `{}` is missing", missing.key()));
        }
        Ok(Taxonomy { dims })
    }

    pub fn spec(&self, dim: Dim) -> &DimSpec {
        &self.dims[&dim]
    }

    pub fn options(&self, dim: Dim) -> &[TagOption] {
        &self.spec(dim).options
    }

    pub fn option(&self, dim: Dim, code: &str) -> Option<&TagOption> {
        self.options(dim).iter().find(|o| o.code == code)
    }

    /// The label of a stored code; an unknown code (from a newer taxonomy on another
    /// workstation) is shown as the code itself rather than hidden.
    pub fn label<'a>(&'a self, dim: Dim, code: &'a str, lang: Lang) -> &'a str {
        self.option(dim, code).map_or(code, |o| o.label(lang))
    }

    /// Finds the option a person wrote ([`TagOption::is_written`]).
    pub fn lookup(&self, dim: Dim, written: &str) -> Option<&TagOption> {
        self.options(dim).iter().find(|o| o.is_written(written))
    }

    pub fn position(&self, dim: Dim, code: &str) -> Option<usize> {
        self.options(dim).iter().position(|o| o.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_taxonomy_has_every_dimension_with_unique_codes() {
        let tax = Taxonomy::builtin();
        for dim in Dim::ALL {
            let codes: Vec<_> = tax.options(dim).iter().map(|o| &o.code).collect();
            let mut unique = codes.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(codes.len(), unique.len(), "{dim:?} repeats a code");
        }
    }

    #[test]
    fn statistics_labels_are_exactly_the_desks_labels_in_their_order() {
        let tax = Taxonomy::builtin();
        let labels = |d| {
            tax.options(d)
                .iter()
                .map(|o| o.ja.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels(Dim::Age),
            ["10代", "20代", "30代", "40代", "50代", "60歳以上", "不明"]
        );
        assert_eq!(
            labels(Dim::Channel),
            ["電話", "SNS", "メール", "FAX", "手紙", "面接"]
        );
        assert_eq!(labels(Dim::Role), ["被害者", "加害者", "その他", "不明"]);
        assert_eq!(
            labels(Dim::Infringement),
            [
                "誹謗・中傷",
                "差別",
                "違法情報",
                "有害情報",
                "その他",
                "問題外",
                "不明"
            ]
        );
        assert_eq!(
            labels(Dim::Response),
            [
                "助言",
                "情報提供",
                "他機関紹介",
                "問題整理",
                "傾聴",
                "専門家連携",
                "中断",
                "継続",
                "その他"
            ]
        );
    }

    #[test]
    fn lookup_accepts_japanese_label_english_label_or_code() {
        let tax = Taxonomy::builtin();
        assert_eq!(tax.lookup(Dim::Channel, "電話").unwrap().code, "phone");
        assert_eq!(tax.lookup(Dim::Channel, "phone").unwrap().code, "phone");
        assert_eq!(tax.lookup(Dim::Channel, "E-MAIL").unwrap().code, "email");
        assert!(tax.lookup(Dim::Channel, "伝書鳩").is_none());
    }
}
